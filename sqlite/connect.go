package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/urlnorm"
)

// connectFollower is the name of the connect follower's position in the
// followers table.
const connectFollower = "connect"

var _ newsdesk.ConnectStore = (*Store)(nil)

// ConnectPosition returns the change log seq the connections follow.
func (s *Store) ConnectPosition(ctx context.Context) (int64, error) {
	var seq int64
	err := s.r.QueryRowContext(ctx, `SELECT seq FROM followers WHERE name = ?`, connectFollower).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: connect position: %w", err)
	}
	return seq, nil
}

// SaveConnections saves a batch of the connect follower's decisions with
// its position (see newsdesk.ConnectStore).
func (s *Store) SaveConnections(ctx context.Context, after, last int64, b newsdesk.ConnectBatch) (bool, error) {
	var saved bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		saved = false
		var pos int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM followers WHERE name = ?`, connectFollower).Scan(&pos)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if pos != after || last <= pos {
			return nil
		}
		c := &connector{s: s, tx: tx, ctx: ctx, touched: map[int64]bool{}, relog: map[int64]bool{}}
		for _, cn := range b.Connections {
			if err := c.connect(cn); err != nil {
				return err
			}
		}
		for _, oc := range b.Originals {
			if err := c.original(oc); err != nil {
				return err
			}
		}
		for _, m := range b.Merges {
			if err := c.merge(m.From, m.Into); err != nil {
				return err
			}
		}
		for _, id := range b.Gone {
			if err := c.gone(id); err != nil {
				return err
			}
		}
		if err := c.finish(); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO followers (name, seq) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`, connectFollower, last)
		saved = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sqlite: save connections: %w", err)
	}
	return saved, nil
}

// connector applies connect decisions in one transaction: it remembers
// the stories whose summaries must be made again and the articles to
// write to the change log.
type connector struct {
	s       *Store
	tx      *sql.Tx
	ctx     context.Context
	touched map[int64]bool // story ids
	relog   map[int64]bool // article ids
}

// resolve follows story redirects from id.
func (c *connector) resolve(id int64) (int64, error) {
	for range 64 {
		var into int64
		err := c.tx.QueryRowContext(c.ctx, `SELECT into_id FROM story_redirects WHERE from_id = ?`, id).Scan(&into)
		if errors.Is(err, sql.ErrNoRows) {
			return id, nil
		}
		if err != nil {
			return 0, err
		}
		id = into
	}
	return 0, fmt.Errorf("story %d: redirects loop", id)
}

func (c *connector) connect(cn newsdesk.Connection) error {
	story, err := c.resolve(cn.Story)
	if err != nil {
		return err
	}
	var at, rawURL, canonical, siteName string
	err = c.tx.QueryRowContext(c.ctx, `SELECT coalesce(published_utc, stored), url, canonical_url, site_name
		FROM articles WHERE id = ?`, cn.ArticleID).Scan(&at, &rawURL, &canonical, &siteName)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // gone since
	}
	if err != nil {
		return err
	}
	var oldStory, oldCopy sql.NullInt64
	err = c.tx.QueryRowContext(c.ctx, `SELECT story, copy_of FROM connections WHERE article_id = ?`, cn.ArticleID).Scan(&oldStory, &oldCopy)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	copyOf := sql.NullInt64{Int64: cn.CopyOf, Valid: cn.CopyOf != 0}
	_, err = c.tx.ExecContext(c.ctx, `INSERT INTO connections (article_id, n, hash, signature, copy_of, story, at, site)
		VALUES (?1, (SELECT coalesce(max(n), 0) + 1 FROM connections), ?2, ?3, ?4, ?5, ?6, ?7)
		ON CONFLICT (article_id) DO UPDATE SET hash = ?2, signature = ?3, copy_of = ?4, story = ?5, at = ?6, site = ?7`,
		cn.ArticleID, cn.Hash, cn.Signature, copyOf, story, at, urlnorm.Outlet(rawURL, canonical, siteName))
	if err != nil {
		return err
	}
	if oldStory.Valid {
		c.touched[oldStory.Int64] = true
	}
	c.touched[story] = true
	if !oldStory.Valid || oldStory.Int64 != story || oldCopy != copyOf {
		c.relog[cn.ArticleID] = true
	}
	return nil
}

// original gives the articles whose original was oc.From the original
// oc.To: From itself becomes a copy of To, and To an original.
func (c *connector) original(oc newsdesk.OriginalChange) error {
	if oc.From == oc.To {
		return nil
	}
	if err := c.mark(`SELECT article_id, story FROM connections WHERE copy_of = ?1 OR article_id IN (?1, ?2)`, oc.From, oc.To); err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE connections SET copy_of = ?2 WHERE copy_of = ?1`,
		`UPDATE connections SET copy_of = ?2 WHERE article_id = ?1`,
		`UPDATE connections SET copy_of = NULL WHERE article_id = ?2`,
	} {
		if _, err := c.tx.ExecContext(c.ctx, q, oc.From, oc.To); err != nil {
			return err
		}
	}
	return nil
}

// mark relogs the articles a query selects (article_id, story) and
// touches their stories.
func (c *connector) mark(query string, args ...any) error {
	rows, err := c.tx.QueryContext(c.ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, story int64
		if err := rows.Scan(&id, &story); err != nil {
			return err
		}
		c.relog[id] = true
		c.touched[story] = true
	}
	return rows.Err()
}

// merge moves the articles of story from into story into, both followed
// through redirects first, and redirects from to into.
func (c *connector) merge(from, into int64) error {
	from, err := c.resolve(from)
	if err != nil {
		return err
	}
	if into, err = c.resolve(into); err != nil {
		return err
	}
	if from == into {
		return nil
	}
	if err := c.mark(`SELECT article_id, story FROM connections WHERE story = ?`, from); err != nil {
		return err
	}
	for _, q := range []string{
		`UPDATE connections SET story = ?2 WHERE story = ?1`,
		`UPDATE story_redirects SET into_id = ?2 WHERE into_id = ?1`,
		`INSERT OR REPLACE INTO story_redirects (from_id, into_id) VALUES (?1, ?2)`,
		`DELETE FROM story_redirects WHERE from_id = ?2`,
	} {
		if _, err := c.tx.ExecContext(c.ctx, q, from, into); err != nil {
			return err
		}
	}
	c.touched[from] = true
	c.touched[into] = true
	return nil
}

func (c *connector) gone(id int64) error {
	var story int64
	err := c.tx.QueryRowContext(c.ctx, `DELETE FROM connections WHERE article_id = ? RETURNING story`, id).Scan(&story)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	c.touched[story] = true
	return nil
}

// finish sums up the touched stories again and writes the articles
// whose connections changed to the change log.
func (c *connector) finish() error {
	for _, id := range slices.Sorted(maps.Keys(c.touched)) {
		if err := c.summarise(id); err != nil {
			return err
		}
	}
	for _, id := range slices.Sorted(maps.Keys(c.relog)) {
		if _, err := c.s.prep(c.ctx, c.tx, qLogChange).ExecContext(c.ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// summarise writes the stories row of story id from its articles, or
// deletes it when it has none.
func (c *connector) summarise(id int64) error {
	rows, err := c.tx.QueryContext(c.ctx, `SELECT c.article_id, c.at, c.site, c.copy_of IS NOT NULL, a.title, a.language
		FROM connections c JOIN articles a ON a.id = c.article_id
		WHERE c.story = ? ORDER BY c.at, a.stored, c.article_id`, id)
	if err != nil {
		return err
	}
	var (
		n, copies     int
		first         int64
		firstAt, upd  string
		title         string
		sites         = map[string]bool{}
		langs         []string
		articleID     int64
		at, site, lng string
		isCopy        bool
		t             string
	)
	for rows.Next() {
		if err := rows.Scan(&articleID, &at, &site, &isCopy, &t, &lng); err != nil {
			rows.Close()
			return err
		}
		if n == 0 {
			first, firstAt, title = articleID, at, t
		}
		n++
		if isCopy {
			copies++
		}
		upd = max(upd, at)
		if site == "" {
			// An article whose outlet is unknown counts as one of its own.
			site = fmt.Sprintf("\x00%d", articleID)
		}
		sites[site] = true
		if lng != "" && !slices.Contains(langs, lng) {
			langs = append(langs, lng)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	if n == 0 {
		_, err := c.tx.ExecContext(c.ctx, `DELETE FROM stories WHERE id = ?`, id)
		return err
	}
	slices.Sort(langs)
	_, err = c.tx.ExecContext(c.ctx, `INSERT OR REPLACE INTO stories
		(id, title, first_article, first_at, updated, articles, copies, outlets, languages)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		id, title, first, firstAt, upd, n, copies, len(sites), strings.Join(langs, " "))
	return err
}

// ConnectedHashes returns the hash each of the given articles was
// connected with, for those that are connected.
func (s *Store) ConnectedHashes(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	idj, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT article_id, hash FROM connections
		WHERE article_id IN (SELECT value FROM json_each(?))`, string(idj))
	if err != nil {
		return nil, fmt.Errorf("sqlite: connected hashes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("sqlite: connected hashes: %w", err)
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: connected hashes: %w", err)
	}
	return out, nil
}

// ConnectedArticles calls fn for every connected article in the order
// connected, with title, text and language for those at or after
// textsSince.
func (s *Store) ConnectedArticles(ctx context.Context, textsSince time.Time, fn func(*newsdesk.ConnectedArticle) error) error {
	wrap := func(err error) error { return fmt.Errorf("sqlite: connected articles: %w", err) }
	since := formatTime(textsSince)
	rows, err := s.r.QueryContext(ctx, `SELECT c.article_id, a.published_utc, a.stored, c.signature,
		coalesce(c.copy_of, 0), c.story, c.site, c.at >= ?1,
		CASE WHEN c.at >= ?1 THEN a.title ELSE '' END,
		CASE WHEN c.at >= ?1 THEN a.text ELSE '' END,
		CASE WHEN c.at >= ?1 THEN a.language ELSE '' END
		FROM connections c JOIN articles a ON a.id = c.article_id ORDER BY c.n`, since)
	if err != nil {
		return wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			a                 = &newsdesk.ConnectedArticle{}
			published, stored sql.NullString
			withText          bool
		)
		if err := rows.Scan(&a.ID, &published, &stored, &a.Signature, &a.CopyOf, &a.Story, &a.Site,
			&withText, &a.Title, &a.Text, &a.Lang); err != nil {
			return wrap(err)
		}
		if a.Published, err = parseTime(published); err != nil {
			return wrap(err)
		}
		if a.Stored, err = parseTime(stored); err != nil {
			return wrap(err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return wrap(err)
	}
	return nil
}

// LatestConnected returns the latest publication (else stored) time of
// a connected article.
func (s *Store) LatestConnected(ctx context.Context) (time.Time, error) {
	var at sql.NullString
	if err := s.r.QueryRowContext(ctx, `SELECT max(at) FROM connections`).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("sqlite: latest connected: %w", err)
	}
	t, err := parseTime(at)
	if err != nil {
		return time.Time{}, fmt.Errorf("sqlite: latest connected: %w", err)
	}
	return t, nil
}

// ConnectInputs returns the entities (once per mention) and figures the
// analysis stored for the given articles.
func (s *Store) ConnectInputs(ctx context.Context, ids []int64) (map[int64]newsdesk.ConnectInput, error) {
	out := map[int64]newsdesk.ConnectInput{}
	if len(ids) == 0 {
		return out, nil
	}
	idj, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `WITH ids(id) AS (SELECT value FROM json_each(?1))
		SELECT article_id, entity_id, NULL FROM mentions WHERE article_id IN ids AND entity_id IS NOT NULL
		UNION ALL SELECT article_id, NULL, value FROM figures WHERE article_id IN ids
		ORDER BY 1`, string(idj))
	if err != nil {
		return nil, fmt.Errorf("sqlite: connect inputs: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ent sql.NullString
		var val sql.NullFloat64
		if err := rows.Scan(&id, &ent, &val); err != nil {
			return nil, fmt.Errorf("sqlite: connect inputs: %w", err)
		}
		in := out[id]
		if ent.Valid {
			in.Entities = append(in.Entities, ent.String)
		}
		if val.Valid {
			in.Figures = append(in.Figures, val.Float64)
		}
		out[id] = in
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: connect inputs: %w", err)
	}
	return out, nil
}

// storyCursor is the position after the last story of a page.
type storyCursor struct {
	Updated string `json:"u"`
	ID      int64  `json:"i"`
}

// resolveStory follows the redirects of story id on the readers.
func (s *Store) resolveStory(ctx context.Context, id int64) (int64, error) {
	var into int64
	err := s.r.QueryRowContext(ctx, `WITH RECURSIVE r(id, depth) AS (SELECT ?, 0
		UNION ALL SELECT d.into_id, r.depth + 1 FROM story_redirects d JOIN r ON d.from_id = r.id WHERE r.depth < 64)
		SELECT id FROM r ORDER BY depth DESC LIMIT 1`, id).Scan(&into)
	return into, err
}

// Stories lists the stories f selects, most recently updated first.
func (s *Store) Stories(ctx context.Context, f newsdesk.StoryFilter) (*newsdesk.StoryList, error) {
	wrap := func(err error) error { return fmt.Errorf("sqlite: stories: %w", err) }
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	var where []string
	var args []any
	if f.IDs != nil {
		// The ids, and every id their redirects lead to: stories exist
		// only at the ends of redirects.
		idj, _ := json.Marshal(f.IDs)
		where = append(where, `s.id IN (WITH RECURSIVE r(id, depth) AS (SELECT value, 0 FROM json_each(?)
			UNION ALL SELECT d.into_id, r.depth + 1 FROM story_redirects d JOIN r ON d.from_id = r.id WHERE r.depth < 64)
			SELECT id FROM r)`)
		args = append(args, string(idj))
	}
	if f.Entity != "" {
		where = append(where, `s.id IN (SELECT c.story FROM mentions m JOIN connections c ON c.article_id = m.article_id WHERE m.entity_id = ?)`)
		args = append(args, f.Entity)
	}
	if f.Language != "" {
		where = append(where, `(' ' || s.languages || ' ') LIKE ?`)
		args = append(args, "% "+f.Language+" %")
	}
	if !f.From.IsZero() {
		where = append(where, `s.updated >= ?`)
		args = append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `s.updated < ?`)
		args = append(args, formatTime(f.To))
	}
	if f.MinArticles > 1 {
		where = append(where, `s.articles >= ?`)
		args = append(args, f.MinArticles)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	out := &newsdesk.StoryList{Stories: []newsdesk.Story{}}
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM stories s`+cond, args...).Scan(&out.Total); err != nil {
		return nil, wrap(err)
	}
	if f.Cursor != "" {
		var c storyCursor
		if err := decodeCursor(f.Cursor, &c); err != nil {
			return nil, fmt.Errorf("sqlite: stories: %w", err)
		}
		if cond == "" {
			cond = " WHERE "
		} else {
			cond += " AND "
		}
		cond += `(s.updated, s.id) < (?, ?)`
		args = append(args, c.Updated, c.ID)
	}
	args = append(args, limit+1)
	rows, err := s.r.QueryContext(ctx, `SELECT `+storyColumns+` FROM stories s JOIN articles a ON a.id = s.first_article
		LEFT JOIN connections c ON c.article_id = s.first_article`+cond+` ORDER BY s.updated DESC, s.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, wrap(err)
	}
	var last storyCursor
	for rows.Next() {
		st, updated, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		if len(out.Stories) == limit {
			out.NextCursor = encodeCursor(last)
			break
		}
		out.Stories = append(out.Stories, *st)
		last = storyCursor{Updated: updated, ID: st.ID}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	for i := range out.Stories {
		ents, err := s.storyEntities(ctx, out.Stories[i].ID, 5)
		if err != nil {
			return nil, wrap(err)
		}
		out.Stories[i].Entities = ents
	}
	return out, nil
}

const storyColumns = `s.id, s.title, s.updated, s.articles, s.copies, s.outlets, s.languages,
	a.id, a.title, a.url, coalesce(c.site, a.site_name), a.language, coalesce(a.published_utc, a.stored), coalesce(c.copy_of, 0)`

func scanStory(row scanner) (*newsdesk.Story, string, error) {
	var st newsdesk.Story
	var updated, langs, firstAt string
	var copyOf int64
	fa := &st.First
	err := row.Scan(&st.ID, &st.Title, &updated, &st.Articles, &st.Copies, &st.Outlets, &langs,
		&fa.ID, &fa.Title, &fa.URL, &fa.Site, &fa.Language, &firstAt, &copyOf)
	if err != nil {
		return nil, "", err
	}
	fa.CopyOf = newsdesk.NullID(copyOf)
	if st.Updated, err = parseTime(sql.NullString{String: updated, Valid: true}); err != nil {
		return nil, "", err
	}
	if fa.Published, err = parseTime(sql.NullString{String: firstAt, Valid: true}); err != nil {
		return nil, "", err
	}
	st.Languages = strings.Fields(langs)
	st.Entities = []newsdesk.EntityCount{}
	return &st, updated, nil
}

// storyEntities returns the entities most articles of a story mention.
func (s *Store) storyEntities(ctx context.Context, story int64, limit int) ([]newsdesk.EntityCount, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT e.id, e.name, e.type, count(*) AS mentions, count(DISTINCT m.article_id) AS articles
		FROM connections c JOIN mentions m ON m.article_id = c.article_id JOIN entities e ON e.id = m.entity_id
		WHERE c.story = ? GROUP BY e.id ORDER BY articles DESC, mentions DESC, e.id LIMIT ?`, story, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []newsdesk.EntityCount{}
	for rows.Next() {
		var ec newsdesk.EntityCount
		var typ string
		if err := rows.Scan(&ec.ID, &ec.Name, &typ, &ec.Mentions, &ec.Articles); err != nil {
			return nil, err
		}
		ec.Type = newsdesk.EntityType(typ)
		out = append(out, ec)
	}
	return out, rows.Err()
}

// Story returns story id (followed through redirects) with its
// articles, earliest first, quotations and figures.
func (s *Store) Story(ctx context.Context, id int64) (*newsdesk.StoryDetail, error) {
	wrap := func(err error) error { return fmt.Errorf("sqlite: story %d: %w", id, err) }
	rid, err := s.resolveStory(ctx, id)
	if err != nil {
		return nil, wrap(err)
	}
	st, _, err := scanStory(s.r.QueryRowContext(ctx, `SELECT `+storyColumns+` FROM stories s
		JOIN articles a ON a.id = s.first_article LEFT JOIN connections c ON c.article_id = s.first_article
		WHERE s.id = ?`, rid))
	if errors.Is(err, sql.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, wrap(err)
	}
	d := &newsdesk.StoryDetail{Story: *st, ArticleList: []newsdesk.StoryArticle{}, Figures: []newsdesk.StoryFigure{}}
	if d.Entities, err = s.storyEntities(ctx, rid, 12); err != nil {
		return nil, wrap(err)
	}
	rows, err := s.r.QueryContext(ctx, `SELECT a.id, a.title, a.url, c.site, a.language, c.at, coalesce(c.copy_of, 0)
		FROM connections c JOIN articles a ON a.id = c.article_id WHERE c.story = ? ORDER BY c.at, a.stored, a.id`, rid)
	if err != nil {
		return nil, wrap(err)
	}
	for rows.Next() {
		var sa newsdesk.StoryArticle
		var at string
		var copyOf int64
		if err := rows.Scan(&sa.ID, &sa.Title, &sa.URL, &sa.Site, &sa.Language, &at, &copyOf); err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		sa.CopyOf = newsdesk.NullID(copyOf)
		if sa.Published, err = parseTime(sql.NullString{String: at, Valid: true}); err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		d.ArticleList = append(d.ArticleList, sa)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	ql, err := s.Quotes(ctx, newsdesk.QuoteFilter{Story: rid, Limit: 20})
	if err != nil {
		return nil, wrap(err)
	}
	d.Quotes = ql.Quotes
	frows, err := s.r.QueryContext(ctx, `SELECT f.article_id, f.start, f.end, f.text, f.value, f.unit,
		f.claimant_start, f.claimant_end, f.claimant_text, f.claimant_id
		FROM figures f JOIN connections c ON c.article_id = f.article_id
		WHERE c.story = ? AND c.copy_of IS NULL ORDER BY c.at, f.article_id, f.start LIMIT 50`, rid)
	if err != nil {
		return nil, wrap(err)
	}
	defer frows.Close()
	for frows.Next() {
		var sf newsdesk.StoryFigure
		var cs, ce sql.NullInt64
		var ct, cid sql.NullString
		if err := frows.Scan(&sf.ArticleID, &sf.Start, &sf.End, &sf.Text, &sf.Value, &sf.Unit, &cs, &ce, &ct, &cid); err != nil {
			return nil, wrap(err)
		}
		if ct.Valid {
			sf.Claimant = &newsdesk.Attributed{Span: newsdesk.Span{Start: int(cs.Int64), End: int(ce.Int64), Text: ct.String}, EntityID: cid.String}
		}
		d.Figures = append(d.Figures, sf)
	}
	if err := frows.Err(); err != nil {
		return nil, wrap(err)
	}
	return d, nil
}

// MergeStories moves the articles of story from into story into.
func (s *Store) MergeStories(ctx context.Context, from, into int64) error {
	wrap := func(err error) error { return fmt.Errorf("sqlite: merge story %d into %d: %w", from, into, err) }
	err := s.write(ctx, func(tx *sql.Tx) error {
		c := &connector{s: s, tx: tx, ctx: ctx, touched: map[int64]bool{}, relog: map[int64]bool{}}
		f, err := c.resolve(from)
		if err != nil {
			return err
		}
		t, err := c.resolve(into)
		if err != nil {
			return err
		}
		for _, id := range []int64{f, t} {
			var ok bool
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM stories WHERE id = ?)`, id).Scan(&ok); err != nil {
				return err
			}
			if !ok {
				return fmt.Errorf("no story %d: %w", id, newsdesk.ErrNotFound)
			}
		}
		if f == t {
			return fmt.Errorf("story %d is story %d already: %w", from, into, newsdesk.ErrExists)
		}
		if err := c.merge(f, t); err != nil {
			return err
		}
		return c.finish()
	})
	if err != nil {
		return wrap(err)
	}
	return nil
}

// SplitStory moves the given articles of a story into a new story, whose
// id is the lowest of theirs.
func (s *Store) SplitStory(ctx context.Context, story int64, articles []int64) (int64, error) {
	wrap := func(err error) error { return fmt.Errorf("sqlite: split story %d: %w", story, err) }
	if len(articles) == 0 {
		return 0, wrap(errors.New("no articles to split off"))
	}
	ids := slices.Clone(articles)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	newID := ids[0]
	err := s.write(ctx, func(tx *sql.Tx) error {
		c := &connector{s: s, tx: tx, ctx: ctx, touched: map[int64]bool{}, relog: map[int64]bool{}}
		sid, err := c.resolve(story)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT articles FROM stories WHERE id = ?`, sid).Scan(&n); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("no story %d: %w", story, newsdesk.ErrNotFound)
			}
			return err
		}
		for _, id := range ids {
			var in int64
			err := tx.QueryRowContext(ctx, `SELECT story FROM connections WHERE article_id = ?`, id).Scan(&in)
			if errors.Is(err, sql.ErrNoRows) || err == nil && in != sid {
				return fmt.Errorf("article %d is not in story %d: %w", id, story, newsdesk.ErrNotFound)
			}
			if err != nil {
				return err
			}
			if id == sid {
				return fmt.Errorf("article %d is the story's first; split off the others instead", id)
			}
		}
		if len(ids) >= n {
			return errors.New("cannot split off every article of a story")
		}
		var taken bool
		if err := tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM stories WHERE id = ?)`, newID).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return fmt.Errorf("story %d exists", newID)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM story_redirects WHERE from_id = ?`, newID); err != nil {
			return err
		}
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `UPDATE connections SET story = ? WHERE article_id = ?`, newID, id); err != nil {
				return err
			}
			c.relog[id] = true
		}
		c.touched[sid] = true
		c.touched[newID] = true
		return c.finish()
	})
	if err != nil {
		return 0, wrap(err)
	}
	return newID, nil
}
