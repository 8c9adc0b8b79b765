package postgres

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"newsdesk"
	"newsdesk/urlnorm"
)

var _ newsdesk.OutletStore = (*Store)(nil)

// An article's outlet is kept as the embedded store keeps it: in
// articles.outlet_id, with the name the article gives its outlet in
// articles.outlet_name (an import's outlet name, else the page's site
// name). outlets.articles counts the articles of each outlet and
// outlet_names the names they give it; the outlet's name is the most
// given (ties to the one that sorts first), so that it does not depend
// on the order the articles came in. Each write of an article moves the
// counts it changes (setOutlet), before the change log's lock.

// outletOfRow returns the key, domain and name-vote of the outlet of
// the article of ar: a domain given by an import, else the registrable
// domain of its URL or canonical URL; an article with neither is filed
// under its site name (key in lower case, domain ""). A site name that
// only spells the domain ("Spiegel.de") gives no name.
func outletOfRow(ar *articleRow) (key, domain, name string) {
	a := ar.a
	name = newsdesk.OutletName(a.SiteName)
	if a.Outlet != nil {
		if n := newsdesk.OutletName(clean(a.Outlet.Name)); n != "" {
			name = n
		}
		domain = urlnorm.DomainOf(clean(a.Outlet.Domain))
	}
	if domain == "" {
		domain = urlnorm.Domain(ar.url)
	}
	if domain == "" {
		domain = urlnorm.Domain(a.CanonicalURL)
	}
	if domain != "" {
		if urlnorm.DomainOf(name) == domain {
			// A name that only spells the domain is no name.
			name = ""
		}
		return domain, domain, name
	}
	return strings.ToLower(name), "", name
}

// setOutlet files article id under the outlet of ar, in tx, moving the
// counts of the outlet it leaves and of the one it joins, and naming
// each again. fresh says that the article was just inserted, and so has
// no outlet yet.
func setOutlet(ctx context.Context, tx pgx.Tx, id int64, ar *articleRow, fresh bool) error {
	key, domain, name := outletOfRow(ar)
	var oldID *int64
	var oldName string
	if !fresh {
		if err := tx.QueryRow(ctx, `SELECT outlet_id, outlet_name FROM articles WHERE id = $1`, id).Scan(&oldID, &oldName); err != nil {
			return fmt.Errorf("outlet: %w", err)
		}
	}
	if fresh && key == "" {
		return nil
	}
	// A fresh article is counted as its outlet is found or made.
	counted := 0
	if fresh {
		counted = 1
	}
	var newID *int64
	if key != "" {
		var nid int64
		err := tx.QueryRow(ctx, `INSERT INTO outlets (key, domain, name, articles) VALUES ($1, $2, '', $3)
			ON CONFLICT (key) DO UPDATE SET articles = outlets.articles + $3 RETURNING id`, key, domain, counted).Scan(&nid)
		if err != nil {
			return fmt.Errorf("outlet %s: %w", key, err)
		}
		newID = &nid
	}
	if sameID(oldID, newID) && oldName == name {
		return nil
	}
	if _, err := tx.Exec(ctx, `UPDATE articles SET outlet_id = $1, outlet_name = $2 WHERE id = $3`, newID, name, id); err != nil {
		return fmt.Errorf("outlet %s: %w", key, err)
	}
	if err := countOutlet(ctx, tx, oldID, oldName, -1, true); err != nil {
		return err
	}
	return countOutlet(ctx, tx, newID, name, 1, !fresh)
}

func sameID(a, b *int64) bool {
	return a == nil && b == nil || a != nil && b != nil && *a == *b
}

// countOutlet adds d to those articles of outlet id that give it name,
// and, with articles, to all of its articles, and names it again.
func countOutlet(ctx context.Context, tx pgx.Tx, id *int64, name string, d int, articles bool) error {
	if id == nil {
		return nil
	}
	if articles {
		if _, err := tx.Exec(ctx, `UPDATE outlets SET articles = articles + $1 WHERE id = $2`, d, *id); err != nil {
			return fmt.Errorf("outlet %d: %w", *id, err)
		}
	}
	if name == "" {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO outlet_names (outlet_id, name, articles) VALUES ($1, $2, $3)
		ON CONFLICT (outlet_id, name) DO UPDATE SET articles = outlet_names.articles + $3`, *id, name, d)
	if err != nil {
		return fmt.Errorf("outlet %d: %w", *id, err)
	}
	// A vote added for the leading name keeps it leading, and a vote
	// taken from another name leaves the leader as it is: the names are
	// counted again only otherwise.
	cond := "name <> $2"
	if d < 0 {
		if _, err := tx.Exec(ctx, `DELETE FROM outlet_names WHERE outlet_id = $1 AND articles <= 0`, *id); err != nil {
			return fmt.Errorf("outlet %d: %w", *id, err)
		}
		cond = "name = $2"
	}
	_, err = tx.Exec(ctx, `UPDATE outlets SET name = coalesce((SELECT n.name FROM outlet_names n
		WHERE n.outlet_id = $1 ORDER BY n.articles DESC, n.name COLLATE "C" LIMIT 1), '') WHERE id = $1 AND `+cond, *id, name)
	if err != nil {
		return fmt.Errorf("outlet %d: %w", *id, err)
	}
	return nil
}

// outletColumns are the columns of Outlets and Outlet, for scanOutlet.
const outletColumns = `id, domain, name, articles`

func scanOutlet(row pgx.Row) (*newsdesk.OutletCount, error) {
	var o newsdesk.OutletCount
	if err := row.Scan(&o.ID, &o.Domain, &o.Name, &o.Articles); err != nil {
		return nil, err
	}
	if o.Name == "" {
		o.Name = o.Domain
	}
	return &o, nil
}

// outletCursor is the position after the last outlet of a page.
type outletCursor struct {
	Articles int64 `json:"a"`
	ID       int64 `json:"i"`
}

// Outlets lists the outlets f selects that have articles, the outlet
// with most articles first (see newsdesk.OutletStore). Q matches names
// and domains in any case.
func (s *Store) Outlets(ctx context.Context, f newsdesk.OutletFilter) (*newsdesk.OutletList, error) {
	where := []string{"articles > 0"}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q := strings.TrimSpace(f.Q); q != "" {
		p := arg("%" + likeEscape(clean(q)) + "%")
		where = append(where, `(name ILIKE `+p+` OR domain ILIKE `+p+`)`)
	}
	if len(f.Keys) > 0 {
		keys := make([]string, len(f.Keys))
		for i, k := range f.Keys {
			keys[i] = outletKey(clean(k))
		}
		where = append(where, "key = ANY("+arg(keys)+")")
	}
	if f.Cursor != "" {
		var c outletCursor
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err == nil {
			err = json.Unmarshal(b, &c)
		}
		if err != nil {
			return nil, fmt.Errorf("postgres: outlets: %w", newsdesk.ErrBadCursor)
		}
		n := arg(c.Articles)
		where = append(where, "(articles < "+n+" OR (articles = "+n+" AND id > "+arg(c.ID)+"))")
	}
	q := "SELECT " + outletColumns + " FROM outlets WHERE " + strings.Join(where, " AND ") + " ORDER BY articles DESC, id"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit+1)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: outlets: %w", classify(err))
	}
	defer rows.Close()
	out := &newsdesk.OutletList{Outlets: []newsdesk.OutletCount{}}
	for rows.Next() {
		o, err := scanOutlet(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: outlets: %w", err)
		}
		out.Outlets = append(out.Outlets, *o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: outlets: %w", classify(err))
	}
	if f.Limit > 0 && len(out.Outlets) > f.Limit {
		out.Outlets = out.Outlets[:f.Limit]
		last := out.Outlets[f.Limit-1]
		b, _ := json.Marshal(outletCursor{Articles: last.Articles, ID: last.ID})
		out.NextCursor = base64.RawURLEncoding.EncodeToString(b)
	}
	return out, nil
}

// likeEscape escapes the wildcards of LIKE in s, for the default
// escape character, '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// outletKey returns the key an outlet named by s is filed under: the
// domain s names, else s in lower case.
func outletKey(s string) string {
	if d := urlnorm.DomainOf(s); d != "" {
		return d
	}
	return strings.ToLower(newsdesk.OutletName(s))
}

// Outlet returns the outlet of this ID, domain (or URL) or name, with
// its article count (see newsdesk.OutletStore). A name some outlets
// share is the one of the outlet with most articles.
func (s *Store) Outlet(ctx context.Context, key string) (*newsdesk.OutletCount, error) {
	key = strings.TrimSpace(clean(key))
	var row pgx.Row
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		row = s.pool.QueryRow(ctx, `SELECT `+outletColumns+` FROM outlets WHERE id = $1`, id)
	} else {
		row = s.pool.QueryRow(ctx, `(SELECT `+outletColumns+`, 0 AS rank FROM outlets WHERE key = $1)
			UNION ALL (SELECT `+outletColumns+`, 1 FROM outlets WHERE lower(name) = lower($2) AND articles > 0
				ORDER BY articles DESC, id LIMIT 1)
			ORDER BY rank LIMIT 1`, outletKey(key), newsdesk.OutletName(key))
		row = rankedRow{row}
	}
	o, err := scanOutlet(row)
	if errors.Is(err, pgx.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: outlet %q: %w", key, classify(err))
	}
	return o, nil
}

// rankedRow scans a row of outlet columns followed by a rank it drops.
type rankedRow struct{ pgx.Row }

func (r rankedRow) Scan(dest ...any) error {
	var rank int
	return r.Row.Scan(append(dest, &rank)...)
}

// createOutlets makes version 2: the outlets of the articles (see
// newsdesk.Outlet). key is the domain, or the lower-case name of an
// outlet without one; name is ” until an article gives one.
func createOutlets(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
CREATE TABLE outlets (
	id       bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
	key      text NOT NULL UNIQUE,
	domain   text NOT NULL,
	name     text NOT NULL,
	articles bigint NOT NULL
);
CREATE INDEX outlets_articles ON outlets(articles DESC, id);

CREATE TABLE outlet_names (
	outlet_id bigint NOT NULL REFERENCES outlets(id),
	name      text NOT NULL,
	articles  bigint NOT NULL,
	PRIMARY KEY (outlet_id, name)
);

ALTER TABLE articles ADD COLUMN outlet_id bigint REFERENCES outlets(id);
ALTER TABLE articles ADD COLUMN outlet_name text NOT NULL DEFAULT '';
CREATE INDEX articles_outlet ON articles(outlet_id);
`)
	return err
}
