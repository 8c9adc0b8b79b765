package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"newsdesk"
	"newsdesk/urlnorm"
)

var _ newsdesk.OutletStore = (*Store)(nil)

// An article's outlet is kept in articles.outlet_id, with the name the
// article gives its outlet in articles.outlet_name (an import's outlet
// name, else the page's site name). outlets.articles counts the articles
// of each outlet and outlet_names the names they give it; the outlet's
// name is the most given (ties to the one that sorts first), so that it
// does not depend on the order the articles came in. Each write of an
// article moves the counts it changes (setOutlet).

// outletOfRow returns the key, domain and name-vote of the outlet of
// the article of ar: a domain given by an import, else the registrable
// domain of its URL or canonical URL; an article with neither is filed
// under its site name (key in lower case, domain ""). A site name that
// only spells the domain ("Spiegel.de") gives no name.
func outletOfRow(ar *articleRow) (key, domain, name string) {
	a := ar.a
	name = newsdesk.OutletName(a.SiteName)
	if a.Outlet != nil {
		if n := newsdesk.OutletName(a.Outlet.Name); n != "" {
			name = n
		}
		domain = urlnorm.DomainOf(a.Outlet.Domain)
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

// The statements of setOutlet, prepared once (see writeQueries).
const (
	qArticleOutlet = `SELECT outlet_id, outlet_name FROM articles WHERE id = ?`
	// A key has one domain: the key itself, or '' for a name's key.
	qUpsertOutlet = `INSERT INTO outlets (key, domain, name, articles) VALUES (?1, ?2, '', ?3)
		ON CONFLICT (key) DO UPDATE SET articles = articles + ?3 RETURNING id`
	qSetArticleOutlet = `UPDATE articles SET outlet_id = ?, outlet_name = ? WHERE id = ?`
	qCountOutlet      = `UPDATE outlets SET articles = articles + ? WHERE id = ?`
	qCountOutletName  = `INSERT INTO outlet_names (outlet_id, name, articles) VALUES (?1, ?2, ?3)
		ON CONFLICT (outlet_id, name) DO UPDATE SET articles = articles + ?3`
	qDropOutletNames = `DELETE FROM outlet_names WHERE outlet_id = ? AND articles <= 0`
	// A vote added for the leading name keeps it leading, and a vote
	// taken from another name leaves the leader as it is: the names
	// are counted again only otherwise.
	qNameOutletGained = `UPDATE outlets SET name = coalesce((SELECT name FROM outlet_names
		WHERE outlet_id = ?1 ORDER BY articles DESC, name LIMIT 1), '') WHERE id = ?1 AND name != ?2`
	qNameOutletLost = `UPDATE outlets SET name = coalesce((SELECT name FROM outlet_names
		WHERE outlet_id = ?1 ORDER BY articles DESC, name LIMIT 1), '') WHERE id = ?1 AND name = ?2`
)

var outletQueries = []string{qArticleOutlet, qUpsertOutlet, qSetArticleOutlet, qCountOutlet, qCountOutletName, qDropOutletNames, qNameOutletGained, qNameOutletLost}

// setOutlet files article id under the outlet of ar, in tx, moving the
// counts of the outlet it leaves and of the one it joins, and naming
// each again. fresh says that the article was just inserted, and so
// has no outlet yet.
func (s *Store) setOutlet(ctx context.Context, tx *sql.Tx, id int64, ar *articleRow, fresh bool) error {
	key, domain, name := outletOfRow(ar)
	var oldID sql.NullInt64
	var oldName string
	if !fresh {
		if err := s.prep(ctx, tx, qArticleOutlet).QueryRowContext(ctx, id).Scan(&oldID, &oldName); err != nil {
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
	var newID sql.NullInt64
	if key != "" {
		if err := s.prep(ctx, tx, qUpsertOutlet).QueryRowContext(ctx, key, domain, counted).Scan(&newID); err != nil {
			return fmt.Errorf("outlet %s: %w", key, err)
		}
	}
	if oldID == newID && oldName == name {
		return nil
	}
	if _, err := s.prep(ctx, tx, qSetArticleOutlet).ExecContext(ctx, newID, name, id); err != nil {
		return fmt.Errorf("outlet %s: %w", key, err)
	}
	if err := s.countOutlet(ctx, tx, oldID, oldName, -1, true); err != nil {
		return err
	}
	return s.countOutlet(ctx, tx, newID, name, 1, !fresh)
}

// countOutlet adds d to those articles of outlet id that give it name,
// and, with articles, to all of its articles, and names it again.
func (s *Store) countOutlet(ctx context.Context, tx *sql.Tx, id sql.NullInt64, name string, d int, articles bool) error {
	if !id.Valid {
		return nil
	}
	if articles {
		if _, err := s.prep(ctx, tx, qCountOutlet).ExecContext(ctx, d, id.Int64); err != nil {
			return fmt.Errorf("outlet %d: %w", id.Int64, err)
		}
	}
	if name == "" {
		return nil
	}
	if _, err := s.prep(ctx, tx, qCountOutletName).ExecContext(ctx, id.Int64, name, d); err != nil {
		return fmt.Errorf("outlet %d: %w", id.Int64, err)
	}
	rename := qNameOutletGained
	if d < 0 {
		if _, err := s.prep(ctx, tx, qDropOutletNames).ExecContext(ctx, id.Int64); err != nil {
			return fmt.Errorf("outlet %d: %w", id.Int64, err)
		}
		rename = qNameOutletLost
	}
	if _, err := s.prep(ctx, tx, rename).ExecContext(ctx, id.Int64, name); err != nil {
		return fmt.Errorf("outlet %d: %w", id.Int64, err)
	}
	return nil
}

// outletColumns are the columns of Outlets and Outlet, for scanOutlet.
const outletColumns = `id, domain, name, articles`

func scanOutlet(row scanner) (*newsdesk.OutletCount, error) {
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
// with most articles first (see newsdesk.OutletStore).
func (s *Store) Outlets(ctx context.Context, f newsdesk.OutletFilter) (*newsdesk.OutletList, error) {
	where := []string{"articles > 0"}
	var args []any
	if q := strings.TrimSpace(f.Q); q != "" {
		// LIKE ignores the case of ASCII letters only.
		where = append(where, `(name LIKE ?1 ESCAPE '\' OR domain LIKE ?1 ESCAPE '\')`)
		args = append(args, "%"+likeEscape(q)+"%")
	}
	if len(f.Keys) > 0 {
		where = append(where, "key IN (?"+strings.Repeat(", ?", len(f.Keys)-1)+")")
		for _, k := range f.Keys {
			args = append(args, outletKey(k))
		}
	}
	if f.Cursor != "" {
		var c outletCursor
		if err := decodeCursor(f.Cursor, &c); err != nil {
			return nil, fmt.Errorf("sqlite: outlets: %w", err)
		}
		where = append(where, "(articles < ? OR (articles = ? AND id > ?))")
		args = append(args, c.Articles, c.Articles, c.ID)
	}
	q := "SELECT " + outletColumns + " FROM outlets WHERE " + strings.Join(where, " AND ") + " ORDER BY articles DESC, id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit+1)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: outlets: %w", err)
	}
	defer rows.Close()
	out := &newsdesk.OutletList{Outlets: []newsdesk.OutletCount{}}
	for rows.Next() {
		o, err := scanOutlet(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: outlets: %w", err)
		}
		out.Outlets = append(out.Outlets, *o)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: outlets: %w", err)
	}
	if f.Limit > 0 && len(out.Outlets) > f.Limit {
		out.Outlets = out.Outlets[:f.Limit]
		last := out.Outlets[f.Limit-1]
		out.NextCursor = encodeCursor(outletCursor{Articles: last.Articles, ID: last.ID})
	}
	return out, nil
}

// likeEscape escapes the wildcards of LIKE in s, for ESCAPE '\'.
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
	key = strings.TrimSpace(key)
	var row *sql.Row
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		row = s.r.QueryRowContext(ctx, `SELECT `+outletColumns+` FROM outlets WHERE id = ?`, id)
	} else {
		row = s.r.QueryRowContext(ctx, `SELECT `+outletColumns+` FROM outlets WHERE key = ?1
			UNION ALL SELECT * FROM (SELECT `+outletColumns+` FROM outlets WHERE lower(name) = lower(?2) AND articles > 0
				ORDER BY articles DESC, id LIMIT 1)
			LIMIT 1`, outletKey(key), newsdesk.OutletName(key))
	}
	o, err := scanOutlet(row)
	if errors.Is(err, sql.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: outlet %q: %w", key, err)
	}
	return o, nil
}

// createOutlets makes version 8: the outlets of the articles (see
// newsdesk.Outlet), filled from the articles stored so far. key is the
// domain, or the lower-case name of an outlet without one; name is ”
// until an article gives one.
func createOutlets(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE outlets (
	id       INTEGER PRIMARY KEY,
	key      TEXT NOT NULL UNIQUE,
	domain   TEXT NOT NULL,
	name     TEXT NOT NULL,
	articles INTEGER NOT NULL
) STRICT;
CREATE INDEX outlets_articles ON outlets(articles DESC, id);

CREATE TABLE outlet_names (
	outlet_id INTEGER NOT NULL REFERENCES outlets(id),
	name      TEXT NOT NULL,
	articles  INTEGER NOT NULL,
	PRIMARY KEY (outlet_id, name)
) STRICT, WITHOUT ROWID;

ALTER TABLE articles ADD COLUMN outlet_id INTEGER REFERENCES outlets(id);
ALTER TABLE articles ADD COLUMN outlet_name TEXT NOT NULL DEFAULT '';
`)
	if err != nil {
		return err
	}
	return backfillOutlets(tx)
}

// backfillOutlets files every stored article under its outlet, as
// setOutlet would, in one pass, counting in memory (a few words an
// article: the keys and names are kept once each).
func backfillOutlets(tx *sql.Tx) error {
	type filed struct {
		id                int64
		key, domain, name string
	}
	strs := map[string]string{}
	intern := func(s string) string {
		if t, ok := strs[s]; ok {
			return t
		}
		strs[s] = s
		return s
	}
	rows, err := tx.Query(`SELECT id, url, canonical_url, site_name FROM articles ORDER BY id`)
	if err != nil {
		return err
	}
	var all []filed
	for rows.Next() {
		var f filed
		var u, canonical, site string
		if err := rows.Scan(&f.id, &u, &canonical, &site); err != nil {
			rows.Close()
			return err
		}
		f.key, f.domain, f.name = outletOfRow(&articleRow{a: &newsdesk.Article{CanonicalURL: canonical, SiteName: site}, url: u})
		f.key, f.domain, f.name = intern(f.key), intern(f.domain), intern(f.name)
		all = append(all, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	type outlet struct {
		id       int64
		domain   string
		articles int
		names    map[string]int
	}
	outlets := map[string]*outlet{}
	var keys []string
	for _, f := range all {
		if f.key == "" {
			continue
		}
		o := outlets[f.key]
		if o == nil {
			o = &outlet{id: int64(len(keys) + 1), domain: f.domain, names: map[string]int{}}
			outlets[f.key] = o
			keys = append(keys, f.key)
		}
		o.articles++
		if f.name != "" {
			o.names[f.name]++
		}
	}
	for _, k := range keys {
		o := outlets[k]
		name := ""
		for n, c := range o.names {
			if c > o.names[name] || c == o.names[name] && n < name {
				name = n
			}
		}
		if _, err := tx.Exec(`INSERT INTO outlets (id, key, domain, name, articles) VALUES (?, ?, ?, ?, ?)`,
			o.id, k, o.domain, name, o.articles); err != nil {
			return err
		}
		for n, c := range o.names {
			if _, err := tx.Exec(`INSERT INTO outlet_names (outlet_id, name, articles) VALUES (?, ?, ?)`, o.id, n, c); err != nil {
				return err
			}
		}
	}
	set, err := tx.Prepare(qSetArticleOutlet)
	if err != nil {
		return err
	}
	defer set.Close()
	for _, f := range all {
		if f.key == "" {
			continue
		}
		if _, err := set.Exec(outlets[f.key].id, f.name, f.id); err != nil {
			return err
		}
	}
	return nil
}
