package postgres

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"newsdesk"
	"newsdesk/urlnorm"
)

var _ newsdesk.ConnectStore = (*Store)(nil)

// The copy groups and stories are kept as the embedded store keeps
// them. connections has one row per connected article, in the order
// connected (n); stories sums up each story for listing, written again
// from its articles whenever one of them moves; story_redirects leads the
// id of a merged story to the story it is part of (one hop: a merge
// moves the redirects into the merged story along).
//
// The connect follower runs as one writer: every write of the
// connections — SaveConnections, MergeStories, SplitStory — first locks
// the follower's row in followers (made at position 0 when missing), so
// that they run one after the other across processes, and
// SaveConnections compares the position and sets it under that lock. Of
// two followers that decided the same changes, the second finds the
// position moved and saves nothing.

// connectFollower is the name of the connect follower's position in the
// followers table.
const connectFollower = "connect"

// createConnect creates the tables of the copy groups and stories of the
// articles (newsdesk.ConnectStore), with the names of the embedded
// store's. at is the article's publication time, or its stored time
// if unknown, as of its connection.
func createConnect(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
CREATE TABLE connections (
	article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	n          bigint NOT NULL UNIQUE,
	hash       text NOT NULL,
	signature  bytea NOT NULL,
	copy_of    bigint,
	story      bigint NOT NULL,
	at         timestamptz NOT NULL,
	site       text NOT NULL
);
CREATE INDEX connections_copy_of ON connections(copy_of) WHERE copy_of IS NOT NULL;
CREATE INDEX connections_story ON connections(story, at);
CREATE INDEX connections_at ON connections(at);

CREATE TABLE stories (
	id            bigint PRIMARY KEY,
	title         text NOT NULL,
	first_article bigint NOT NULL,
	first_at      timestamptz NOT NULL,
	updated       timestamptz NOT NULL,
	articles      integer NOT NULL,
	copies        integer NOT NULL,
	outlets       integer NOT NULL,
	languages     text NOT NULL
);
CREATE INDEX stories_updated ON stories(updated, id);

CREATE TABLE story_redirects (
	from_id bigint PRIMARY KEY,
	into_id bigint NOT NULL
);
CREATE INDEX story_redirects_into ON story_redirects(into_id);
`)
	return err
}

// ConnectPosition returns the change log seq the connections follow.
func (s *Store) ConnectPosition(ctx context.Context) (int64, error) {
	var seq int64
	err := s.pool.QueryRow(ctx, `SELECT seq FROM followers WHERE name = $1`, connectFollower).Scan(&seq)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: connect position: %w", classify(err))
	}
	return seq, nil
}

// lockConnect takes, for the rest of tx, the lock every write of the
// connections holds — the row of the connect follower's position — and
// returns the position.
func lockConnect(ctx context.Context, tx pgx.Tx) (int64, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO followers (name, seq) VALUES ($1, 0) ON CONFLICT DO NOTHING`, connectFollower); err != nil {
		return 0, err
	}
	var pos int64
	err := tx.QueryRow(ctx, `SELECT seq FROM followers WHERE name = $1 FOR UPDATE`, connectFollower).Scan(&pos)
	return pos, err
}

// SaveConnections saves a batch of the connect follower's decisions with
// its position (see newsdesk.ConnectStore). The position is compared
// and set under the lock of the connect follower's row, so of two
// followers saving from one position at once, exactly one saves.
func (s *Store) SaveConnections(ctx context.Context, after, last int64, b newsdesk.ConnectBatch) (bool, error) {
	var saved bool
	err := s.write(ctx, func(tx pgx.Tx) error {
		saved = false
		pos, err := lockConnect(ctx, tx)
		if err != nil {
			return err
		}
		if pos != after || last <= pos {
			return nil
		}
		c := newConnector(ctx, tx)
		if err := c.connect(b.Connections); err != nil {
			return err
		}
		if err := c.originals(b.Originals); err != nil {
			return err
		}
		for _, m := range b.Merges {
			if err := c.merge(m.From, m.Into); err != nil {
				return err
			}
		}
		if err := c.gone(b.Gone); err != nil {
			return err
		}
		if err := c.summarise(); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE followers SET seq = $2 WHERE name = $1`, connectFollower, last); err != nil {
			return err
		}
		if err := c.log(); err != nil {
			return err
		}
		saved = true
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("postgres: save connections: %w", err)
	}
	return saved, nil
}

// connector applies connect decisions in one transaction that holds the
// connect lock: it remembers the stories whose summaries must be made
// again and the articles to write to the change log.
type connector struct {
	ctx     context.Context
	tx      pgx.Tx
	touched map[int64]bool // story ids
	relog   map[int64]bool // article ids
}

func newConnector(ctx context.Context, tx pgx.Tx) *connector {
	return &connector{ctx: ctx, tx: tx, touched: map[int64]bool{}, relog: map[int64]bool{}}
}

// maxRedirects bounds the redirects followed from a story id; more
// means a loop.
const maxRedirects = 64

// resolveQuery follows the redirects of each id of $1 and returns it
// with the story it leads to and the redirects followed.
const resolveQuery = `WITH RECURSIVE r(start, id, depth) AS (
	SELECT DISTINCT s, s, 0 FROM unnest($1::bigint[]) AS u(s)
	UNION ALL SELECT r.start, d.into_id, r.depth + 1 FROM story_redirects d JOIN r ON d.from_id = r.id WHERE r.depth < 64)
SELECT DISTINCT ON (start) start, id, depth FROM r ORDER BY start, depth DESC`

// resolveStories follows the redirects of story ids on q.
func resolveStories(ctx context.Context, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}, ids []int64) (map[int64]int64, error) {
	out := make(map[int64]int64, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := q.Query(ctx, resolveQuery, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var start, id, depth int64
		if err := rows.Scan(&start, &id, &depth); err != nil {
			return nil, err
		}
		if depth >= maxRedirects {
			return nil, fmt.Errorf("story %d: redirects loop", start)
		}
		out[start] = id
	}
	return out, rows.Err()
}

// resolve follows the redirects of story id.
func (c *connector) resolve(id int64) (int64, error) {
	m, err := resolveStories(c.ctx, c.tx, []int64{id})
	if err != nil {
		return 0, err
	}
	return m[id], nil
}

// connection is what a connection row holds of an article's copy group
// and story.
type connection struct {
	story  int64
	copyOf int64
}

// connect writes the connections cns, in order: each article's story is
// followed through redirects, and an article that is gone is left out.
// A new article, and one whose copy group or story changed, is written
// to the change log.
func (c *connector) connect(cns []newsdesk.Connection) error {
	if len(cns) == 0 {
		return nil
	}
	ids := make([]int64, len(cns))
	stories := make([]int64, len(cns))
	for i, cn := range cns {
		ids[i], stories[i] = cn.ArticleID, cn.Story
	}
	resolved, err := resolveStories(c.ctx, c.tx, stories)
	if err != nil {
		return err
	}
	type source struct {
		at   time.Time
		site string
	}
	arts := map[int64]source{}
	rows, err := c.tx.Query(c.ctx, `SELECT id, coalesce(published_utc, stored), url, canonical_url, site_name
		FROM articles WHERE id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var at time.Time
		var rawURL, canonical, siteName string
		if err := rows.Scan(&id, &at, &rawURL, &canonical, &siteName); err != nil {
			rows.Close()
			return err
		}
		arts[id] = source{at: at, site: urlnorm.Outlet(rawURL, canonical, siteName)}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	have := map[int64]connection{}
	rows, err = c.tx.Query(c.ctx, `SELECT article_id, story, coalesce(copy_of, 0) FROM connections WHERE article_id = ANY($1)`, ids)
	if err != nil {
		return err
	}
	for rows.Next() {
		var id int64
		var cn connection
		if err := rows.Scan(&id, &cn.story, &cn.copyOf); err != nil {
			rows.Close()
			return err
		}
		have[id] = cn
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	// One row per article, in the order each was first given, with
	// what it was given last.
	var (
		at     = map[int64]int{}
		rowIDs []int64
		hashes []string
		sigs   [][]byte
		copies []int64
		storys []int64
		times  []time.Time
		sites  []string
	)
	for _, cn := range cns {
		src, ok := arts[cn.ArticleID]
		if !ok {
			continue // gone since
		}
		story := resolved[cn.Story]
		old, connected := have[cn.ArticleID]
		if connected {
			c.touched[old.story] = true
		}
		c.touched[story] = true
		if !connected || old.story != story || old.copyOf != cn.CopyOf {
			c.relog[cn.ArticleID] = true
		}
		have[cn.ArticleID] = connection{story: story, copyOf: cn.CopyOf}
		sig := cn.Signature
		if sig == nil {
			sig = []byte{}
		}
		i, seen := at[cn.ArticleID]
		if !seen {
			i = len(rowIDs)
			at[cn.ArticleID] = i
			rowIDs = append(rowIDs, cn.ArticleID)
			hashes, sigs, copies, storys = append(hashes, ""), append(sigs, nil), append(copies, 0), append(storys, 0)
			times, sites = append(times, src.at), append(sites, src.site)
		}
		hashes[i], sigs[i], copies[i], storys[i] = clean(cn.Hash), sig, cn.CopyOf, story
	}
	if len(rowIDs) == 0 {
		return nil
	}
	_, err = c.tx.Exec(c.ctx, `INSERT INTO connections (article_id, n, hash, signature, copy_of, story, at, site)
		SELECT u.id, m.n + u.ord, u.hash, u.sig, nullif(u.copy_of, 0), u.story, u.at, u.site
		FROM unnest($1::bigint[], $2::text[], $3::bytea[], $4::bigint[], $5::bigint[], $6::timestamptz[], $7::text[])
			WITH ORDINALITY AS u(id, hash, sig, copy_of, story, at, site, ord),
			(SELECT coalesce(max(n), 0) AS n FROM connections) AS m
		ORDER BY u.ord
		ON CONFLICT (article_id) DO UPDATE SET hash = excluded.hash, signature = excluded.signature,
			copy_of = excluded.copy_of, story = excluded.story, at = excluded.at, site = excluded.site`,
		rowIDs, hashes, sigs, copies, storys, times, sites)
	return err
}

// originals gives, for each change in order, the articles whose
// original was From the original To: From itself becomes a copy of To,
// and To an original.
func (c *connector) originals(ocs []newsdesk.OriginalChange) error {
	b := &pgx.Batch{}
	for _, oc := range ocs {
		if oc.From == oc.To {
			continue
		}
		b.Queue(`UPDATE connections SET copy_of = CASE WHEN article_id = $2 THEN NULL ELSE $2 END
			WHERE copy_of = $1 OR article_id IN ($1, $2) RETURNING article_id, story`, oc.From, oc.To)
	}
	return c.markBatch(b)
}

// markBatch sends b, whose statements return (article_id, story), and
// relogs the articles they return and touches their stories.
func (c *connector) markBatch(b *pgx.Batch) error {
	if b.Len() == 0 {
		return nil
	}
	br := c.tx.SendBatch(c.ctx, b)
	for range b.Len() {
		rows, err := br.Query()
		if err != nil {
			br.Close()
			return err
		}
		for rows.Next() {
			var id, story int64
			if err := rows.Scan(&id, &story); err != nil {
				rows.Close()
				br.Close()
				return err
			}
			c.relog[id] = true
			c.touched[story] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			br.Close()
			return err
		}
	}
	return br.Close()
}

// merge moves the articles of story from into story into, both followed
// through redirects first, and redirects from (and whatever redirected
// to it) to into.
func (c *connector) merge(from, into int64) error {
	m, err := resolveStories(c.ctx, c.tx, []int64{from, into})
	if err != nil {
		return err
	}
	from, into = m[from], m[into]
	if from == into {
		return nil
	}
	b := &pgx.Batch{}
	b.Queue(`UPDATE connections SET story = $2 WHERE story = $1 RETURNING article_id, story`, from, into)
	if err := c.markBatch(b); err != nil {
		return err
	}
	b = &pgx.Batch{}
	b.Queue(`UPDATE story_redirects SET into_id = $2 WHERE into_id = $1`, from, into)
	b.Queue(`INSERT INTO story_redirects (from_id, into_id) VALUES ($1, $2)
		ON CONFLICT (from_id) DO UPDATE SET into_id = excluded.into_id`, from, into)
	b.Queue(`DELETE FROM story_redirects WHERE from_id = $1`, into)
	if err := c.tx.SendBatch(c.ctx, b).Close(); err != nil {
		return err
	}
	c.touched[from] = true
	c.touched[into] = true
	return nil
}

// gone removes the connections of articles that no longer exist.
func (c *connector) gone(ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := c.tx.Query(c.ctx, `DELETE FROM connections WHERE article_id = ANY($1) RETURNING story`, ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var story int64
		if err := rows.Scan(&story); err != nil {
			return err
		}
		c.touched[story] = true
	}
	return rows.Err()
}

// summarise writes the stories rows of the touched stories from their
// articles, and deletes those of stories left without any. A story's
// first article is its earliest (then earliest stored, then lowest id);
// an article without outlet counts as an outlet of its own; the
// languages are the distinct ones, sorted bytewise, space-separated.
func (c *connector) summarise() error {
	if len(c.touched) == 0 {
		return nil
	}
	ids := slices.Sorted(maps.Keys(c.touched))
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM stories WHERE id = ANY($1)
		AND NOT EXISTS (SELECT 1 FROM connections c WHERE c.story = stories.id)`, ids)
	b.Queue(`WITH agg AS (
			SELECT c.story AS id, count(*) AS articles,
				count(*) FILTER (WHERE c.copy_of IS NOT NULL) AS copies,
				count(DISTINCT nullif(c.site, '')) + count(*) FILTER (WHERE c.site = '') AS outlets,
				coalesce(string_agg(DISTINCT a.language COLLATE "C", ' ' ORDER BY a.language COLLATE "C")
					FILTER (WHERE a.language <> ''), '') AS languages,
				max(c.at) AS updated
			FROM connections c JOIN articles a ON a.id = c.article_id
			WHERE c.story = ANY($1) GROUP BY c.story),
		first AS (
			SELECT DISTINCT ON (c.story) c.story AS id, c.article_id, c.at, a.title
			FROM connections c JOIN articles a ON a.id = c.article_id
			WHERE c.story = ANY($1) ORDER BY c.story, c.at, a.stored, c.article_id)
		INSERT INTO stories (id, title, first_article, first_at, updated, articles, copies, outlets, languages)
		SELECT agg.id, first.title, first.article_id, first.at, agg.updated, agg.articles, agg.copies, agg.outlets, agg.languages
		FROM agg JOIN first ON first.id = agg.id
		ORDER BY agg.id
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, first_article = excluded.first_article,
			first_at = excluded.first_at, updated = excluded.updated, articles = excluded.articles,
			copies = excluded.copies, outlets = excluded.outlets, languages = excluded.languages`, ids)
	return c.tx.SendBatch(c.ctx, b).Close()
}

// log writes the articles whose connections changed to the change log;
// it must come last in the transaction (see logChanges).
func (c *connector) log() error {
	return logChanges(c.ctx, c.tx, slices.Sorted(maps.Keys(c.relog))...)
}

// ConnectedHashes returns the hash each of the given articles was
// connected with, for those that are connected.
func (s *Store) ConnectedHashes(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT article_id, hash FROM connections WHERE article_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: connected hashes: %w", classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var h string
		if err := rows.Scan(&id, &h); err != nil {
			return nil, fmt.Errorf("postgres: connected hashes: %w", err)
		}
		out[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: connected hashes: %w", classify(err))
	}
	return out, nil
}

// ConnectedArticles calls fn for every connected article in the order
// connected, with title, text and language for those at or after
// textsSince. The rows are read as fn takes them, in one statement; an
// error of fn is returned as it is.
func (s *Store) ConnectedArticles(ctx context.Context, textsSince time.Time, fn func(*newsdesk.ConnectedArticle) error) error {
	wrap := func(err error) error { return fmt.Errorf("postgres: connected articles: %w", classify(err)) }
	rows, err := s.pool.Query(ctx, `SELECT c.article_id, a.published_utc, a.stored, c.signature,
		coalesce(c.copy_of, 0), c.story, c.site,
		CASE WHEN c.at >= $1 THEN a.title ELSE '' END,
		CASE WHEN c.at >= $1 THEN a.text ELSE '' END,
		CASE WHEN c.at >= $1 THEN a.language ELSE '' END
		FROM connections c JOIN articles a ON a.id = c.article_id ORDER BY c.n`, sinceTime(textsSince))
	if err != nil {
		return wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			a                 = &newsdesk.ConnectedArticle{}
			published, stored pgtype.Timestamptz
		)
		if err := rows.Scan(&a.ID, &published, &stored, &a.Signature, &a.CopyOf, &a.Story, &a.Site,
			&a.Title, &a.Text, &a.Lang); err != nil {
			return wrap(err)
		}
		a.Published, a.Stored = instant(published), instant(stored)
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return wrap(err)
	}
	return nil
}

// sinceTime returns t for a comparison of timestamptz >= t; the zero
// time is before every time.
func sinceTime(t time.Time) any {
	if t.IsZero() {
		return pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}
	}
	return t
}

// LatestConnected returns the latest publication (else stored) time of
// a connected article; zero for none.
func (s *Store) LatestConnected(ctx context.Context) (time.Time, error) {
	var at pgtype.Timestamptz
	if err := s.pool.QueryRow(ctx, `SELECT max(at) FROM connections`).Scan(&at); err != nil {
		return time.Time{}, fmt.Errorf("postgres: latest connected: %w", classify(err))
	}
	return instant(at), nil
}

// ConnectInputs returns the entities (once per mention, in text order)
// and figures the analysis stored for the given articles.
func (s *Store) ConnectInputs(ctx context.Context, ids []int64) (map[int64]newsdesk.ConnectInput, error) {
	out := map[int64]newsdesk.ConnectInput{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT article_id, entity_id, NULL::float8, 0 AS kind, start FROM mentions
			WHERE article_id = ANY($1) AND entity_id IS NOT NULL
		UNION ALL SELECT article_id, NULL, value, 1, start FROM figures WHERE article_id = ANY($1)
		ORDER BY 1, 4, 5`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect inputs: %w", classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var ent *string
		var val *float64
		var kind, start int
		if err := rows.Scan(&id, &ent, &val, &kind, &start); err != nil {
			return nil, fmt.Errorf("postgres: connect inputs: %w", err)
		}
		in := out[id]
		if ent != nil {
			in.Entities = append(in.Entities, *ent)
		}
		if val != nil {
			in.Figures = append(in.Figures, *val)
		}
		out[id] = in
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: connect inputs: %w", classify(err))
	}
	return out, nil
}
