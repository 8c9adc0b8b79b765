package postgres

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"newsdesk"
)

// storyCursor is the position after the last story of a page.
type storyCursor struct {
	Updated time.Time `json:"u"`
	ID      int64     `json:"i"`
}

// readTx begins a read-only transaction that reads one snapshot.
func (s *Store) readTx(ctx context.Context) (pgx.Tx, error) {
	return s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
}

// Stories lists the stories f selects, most recently updated first (then
// highest id first), read in one snapshot.
func (s *Store) Stories(ctx context.Context, f newsdesk.StoryFilter) (*newsdesk.StoryList, error) {
	wrap := func(err error) error { return fmt.Errorf("postgres: stories: %w", classify(err)) }
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	if f.IDs != nil {
		// The ids, and every id their redirects lead to: stories exist
		// only at the ends of redirects.
		where = append(where, `s.id IN (WITH RECURSIVE r(id, depth) AS (SELECT u, 0 FROM unnest(`+arg(f.IDs)+`::bigint[]) AS u
			UNION ALL SELECT d.into_id, r.depth + 1 FROM story_redirects d JOIN r ON d.from_id = r.id WHERE r.depth < 64)
			SELECT id FROM r)`)
	}
	if f.Entity != "" {
		where = append(where, `s.id IN (SELECT c.story FROM mentions m JOIN connections c ON c.article_id = m.article_id WHERE m.entity_id = `+arg(clean(f.Entity))+`)`)
	}
	if f.Language != "" {
		// As the embedded store: the language is one of the story's,
		// ASCII letters in any case.
		where = append(where, `lower(`+arg(clean(f.Language))+`) = ANY(string_to_array(lower(s.languages), ' '))`)
	}
	if !f.From.IsZero() {
		where = append(where, `s.updated >= `+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `s.updated < `+arg(f.To))
	}
	if f.MinArticles > 1 {
		where = append(where, `s.articles >= `+arg(f.MinArticles))
	}
	var cur *storyCursor
	if f.Cursor != "" {
		cur = &storyCursor{}
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err == nil {
			err = json.Unmarshal(b, cur)
		}
		if err != nil {
			return nil, fmt.Errorf("postgres: stories: %w", newsdesk.ErrBadCursor)
		}
	}
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, wrap(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	out := &newsdesk.StoryList{Stories: []newsdesk.Story{}}
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM stories s`+cond, args...).Scan(&out.Total); err != nil {
		return nil, wrap(err)
	}
	if cur != nil {
		where = append(where, `(s.updated, s.id) < (`+arg(cur.Updated)+`, `+arg(cur.ID)+`)`)
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := tx.Query(ctx, `SELECT `+storyColumns+` FROM stories s JOIN articles a ON a.id = s.first_article
		LEFT JOIN connections c ON c.article_id = s.first_article`+cond+`
		ORDER BY s.updated DESC, s.id DESC LIMIT `+arg(limit+1), args...)
	if err != nil {
		return nil, wrap(err)
	}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		if len(out.Stories) == limit {
			last := out.Stories[limit-1]
			b, _ := json.Marshal(storyCursor{Updated: last.Updated, ID: last.ID})
			out.NextCursor = base64.RawURLEncoding.EncodeToString(b)
			break
		}
		out.Stories = append(out.Stories, *st)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	ids := make([]int64, len(out.Stories))
	for i, st := range out.Stories {
		ids[i] = st.ID
	}
	ents, err := storyEntities(ctx, tx, ids, 5)
	if err != nil {
		return nil, wrap(err)
	}
	for i := range out.Stories {
		if e := ents[out.Stories[i].ID]; e != nil {
			out.Stories[i].Entities = e
		}
	}
	return out, nil
}

// storyColumns are the columns scanStory reads: the story (s) and its
// first article (a) with its connection (c).
const storyColumns = `s.id, s.title, s.updated, s.articles, s.copies, s.outlets, s.languages,
	a.id, a.title, a.url, coalesce(c.site, a.site_name), a.language, coalesce(a.published_utc, a.stored), coalesce(c.copy_of, 0)`

func scanStory(row pgx.Row) (*newsdesk.Story, error) {
	var (
		st               newsdesk.Story
		updated, firstAt pgtype.Timestamptz
		langs            string
		copyOf           int64
	)
	fa := &st.First
	err := row.Scan(&st.ID, &st.Title, &updated, &st.Articles, &st.Copies, &st.Outlets, &langs,
		&fa.ID, &fa.Title, &fa.URL, &fa.Site, &fa.Language, &firstAt, &copyOf)
	if err != nil {
		return nil, err
	}
	fa.CopyOf = newsdesk.NullID(copyOf)
	st.Updated, fa.Published = instant(updated), instant(firstAt)
	st.Languages = strings.Fields(langs)
	st.Entities = []newsdesk.EntityCount{}
	return &st, nil
}

// storyEntities returns, for each of the given stories, the limit
// entities most of its articles mention (then most mentioned, then by
// id).
func storyEntities(ctx context.Context, tx pgx.Tx, stories []int64, limit int) (map[int64][]newsdesk.EntityCount, error) {
	out := map[int64][]newsdesk.EntityCount{}
	if len(stories) == 0 {
		return out, nil
	}
	rows, err := tx.Query(ctx, `SELECT story, id, name, type, mentions, articles FROM (
		SELECT c.story, e.id, e.name, e.type, count(*) AS mentions, count(DISTINCT m.article_id) AS articles,
			row_number() OVER (PARTITION BY c.story
				ORDER BY count(DISTINCT m.article_id) DESC, count(*) DESC, e.id COLLATE "C") AS rank
		FROM connections c JOIN mentions m ON m.article_id = c.article_id JOIN entities e ON e.id = m.entity_id
		WHERE c.story = ANY($1) GROUP BY c.story, e.id, e.name, e.type) AS x
		WHERE rank <= $2 ORDER BY story, rank`, stories, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var story int64
		var ec newsdesk.EntityCount
		var typ string
		if err := rows.Scan(&story, &ec.ID, &ec.Name, &typ, &ec.Mentions, &ec.Articles); err != nil {
			return nil, err
		}
		ec.Type = newsdesk.EntityType(typ)
		out[story] = append(out[story], ec)
	}
	return out, rows.Err()
}

// Story returns story id (followed through redirects) with its
// articles, earliest first, its quotations and the figures of its
// originals. The story and its articles are read in one snapshot.
func (s *Store) Story(ctx context.Context, id int64) (*newsdesk.StoryDetail, error) {
	wrap := func(err error) error { return fmt.Errorf("postgres: story %d: %w", id, classify(err)) }
	tx, err := s.readTx(ctx)
	if err != nil {
		return nil, wrap(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	m, err := resolveStories(ctx, tx, []int64{id})
	if err != nil {
		return nil, wrap(err)
	}
	rid := m[id]
	st, err := scanStory(tx.QueryRow(ctx, `SELECT `+storyColumns+` FROM stories s
		JOIN articles a ON a.id = s.first_article LEFT JOIN connections c ON c.article_id = s.first_article
		WHERE s.id = $1`, rid))
	if errors.Is(err, pgx.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, wrap(err)
	}
	d := &newsdesk.StoryDetail{Story: *st, ArticleList: []newsdesk.StoryArticle{}, Figures: []newsdesk.StoryFigure{}}
	ents, err := storyEntities(ctx, tx, []int64{rid}, 12)
	if err != nil {
		return nil, wrap(err)
	}
	if e := ents[rid]; e != nil {
		d.Entities = e
	}
	rows, err := tx.Query(ctx, `SELECT a.id, a.title, a.url, c.site, a.language, c.at, coalesce(c.copy_of, 0)
		FROM connections c JOIN articles a ON a.id = c.article_id WHERE c.story = $1 ORDER BY c.at, a.stored, a.id`, rid)
	if err != nil {
		return nil, wrap(err)
	}
	for rows.Next() {
		var sa newsdesk.StoryArticle
		var at time.Time
		var copyOf int64
		if err := rows.Scan(&sa.ID, &sa.Title, &sa.URL, &sa.Site, &sa.Language, &at, &copyOf); err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		sa.CopyOf, sa.Published = newsdesk.NullID(copyOf), at.UTC()
		d.ArticleList = append(d.ArticleList, sa)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	frows, err := tx.Query(ctx, `SELECT f.article_id, f.start, f."end", f.text, f.value, f.unit,
		f.claimant_start, f.claimant_end, f.claimant_text, f.claimant_id
		FROM figures f JOIN connections c ON c.article_id = f.article_id
		WHERE c.story = $1 AND c.copy_of IS NULL ORDER BY c.at, f.article_id, f.start LIMIT 50`, rid)
	if err != nil {
		return nil, wrap(err)
	}
	for frows.Next() {
		var sf newsdesk.StoryFigure
		var cs, ce *int64
		var ct, cid *string
		if err := frows.Scan(&sf.ArticleID, &sf.Start, &sf.End, &sf.Text, &sf.Value, &sf.Unit, &cs, &ce, &ct, &cid); err != nil {
			frows.Close()
			return nil, wrap(err)
		}
		if ct != nil {
			sf.Claimant = &newsdesk.Attributed{Span: newsdesk.Span{Start: int(deref(cs)), End: int(deref(ce)), Text: *ct}}
			if cid != nil {
				sf.Claimant.EntityID = *cid
			}
		}
		d.Figures = append(d.Figures, sf)
	}
	frows.Close()
	if err := frows.Err(); err != nil {
		return nil, wrap(err)
	}
	tx.Rollback(ctx)
	ql, err := s.Quotes(ctx, newsdesk.QuoteFilter{Story: rid, Limit: 20})
	if err != nil {
		return nil, wrap(err)
	}
	d.Quotes = ql.Quotes
	return d, nil
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// MergeStories moves the articles of story from into story into; both
// are followed through redirects. It is an error wrapping ErrNotFound
// when either story does not exist, ErrExists when they are one.
func (s *Store) MergeStories(ctx context.Context, from, into int64) error {
	wrap := func(err error) error { return fmt.Errorf("postgres: merge story %d into %d: %w", from, into, err) }
	err := s.write(ctx, func(tx pgx.Tx) error {
		if _, err := lockConnect(ctx, tx); err != nil {
			return err
		}
		c := newConnector(ctx, tx)
		m, err := resolveStories(ctx, tx, []int64{from, into})
		if err != nil {
			return err
		}
		f, t := m[from], m[into]
		for _, id := range []int64{f, t} {
			var ok bool
			if err := tx.QueryRow(ctx, `SELECT EXISTS(SELECT 1 FROM stories WHERE id = $1)`, id).Scan(&ok); err != nil {
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
		if err := c.summarise(); err != nil {
			return err
		}
		return c.log()
	})
	if err != nil {
		return wrap(err)
	}
	return nil
}

// SplitStory moves the given articles of a story into a new story, whose
// id is the lowest of theirs. It is an error to move none, all, the
// story's first article (its id), or an article of another story (that
// error, and one for an unknown story, wraps ErrNotFound).
func (s *Store) SplitStory(ctx context.Context, story int64, articles []int64) (int64, error) {
	wrap := func(err error) error { return fmt.Errorf("postgres: split story %d: %w", story, err) }
	if len(articles) == 0 {
		return 0, wrap(errors.New("no articles to split off"))
	}
	ids := slices.Clone(articles)
	slices.Sort(ids)
	ids = slices.Compact(ids)
	newID := ids[0]
	err := s.write(ctx, func(tx pgx.Tx) error {
		if _, err := lockConnect(ctx, tx); err != nil {
			return err
		}
		c := newConnector(ctx, tx)
		sid, err := c.resolve(story)
		if err != nil {
			return err
		}
		var n int
		if err := tx.QueryRow(ctx, `SELECT articles FROM stories WHERE id = $1`, sid).Scan(&n); err != nil {
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("no story %d: %w", story, newsdesk.ErrNotFound)
			}
			return err
		}
		in := map[int64]int64{}
		rows, err := tx.Query(ctx, `SELECT article_id, story FROM connections WHERE article_id = ANY($1)`, ids)
		if err != nil {
			return err
		}
		for rows.Next() {
			var a, st int64
			if err := rows.Scan(&a, &st); err != nil {
				rows.Close()
				return err
			}
			in[a] = st
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range ids {
			if st, ok := in[id]; !ok || st != sid {
				return fmt.Errorf("article %d is not in story %d: %w", id, story, newsdesk.ErrNotFound)
			}
			if id == sid {
				return fmt.Errorf("article %d is the story's first; split off the others instead", id)
			}
		}
		if len(ids) >= n {
			return errors.New("cannot split off every article of a story")
		}
		var taken bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS(SELECT 1 FROM stories WHERE id = $1)`, newID).Scan(&taken); err != nil {
			return err
		}
		if taken {
			return fmt.Errorf("story %d exists", newID)
		}
		b := &pgx.Batch{}
		b.Queue(`DELETE FROM story_redirects WHERE from_id = $1`, newID)
		b.Queue(`UPDATE connections SET story = $1 WHERE article_id = ANY($2)`, newID, ids)
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return err
		}
		for _, id := range ids {
			c.relog[id] = true
		}
		c.touched[sid] = true
		c.touched[newID] = true
		if err := c.summarise(); err != nil {
			return err
		}
		return c.log()
	})
	if err != nil {
		return 0, wrap(err)
	}
	return newID, nil
}
