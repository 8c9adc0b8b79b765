package sqlite

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"

	"newsdesk"
)

// analysisFollower is the name of the analysis follower's position in
// the followers table.
const analysisFollower = "analysis"

// AnalysisPosition returns the change log seq the stored analyses follow.
func (s *Store) AnalysisPosition(ctx context.Context) (int64, error) {
	var seq int64
	err := s.r.QueryRowContext(ctx, `SELECT seq FROM followers WHERE name = ?`, analysisFollower).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: analysis position: %w", err)
	}
	return seq, nil
}

// SaveAnalyses replaces the mentions of the given articles and moves the
// analysis position to last, in one transaction, as
// newsdesk.AnalysisStore describes.
func (s *Store) SaveAnalyses(ctx context.Context, after, last int64, as []newsdesk.ArticleAnalysis) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var pos int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM followers WHERE name = ?`, analysisFollower).Scan(&pos)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if pos < after || last <= pos {
			return nil
		}
		aliases, merges, err := entityEdits(ctx, tx)
		if err != nil {
			return err
		}
		del, err := tx.PrepareContext(ctx, `DELETE FROM mentions WHERE article_id = ?`)
		if err != nil {
			return err
		}
		defer del.Close()
		ins, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO mentions
			(article_id, start, end, text, type, kind, entity_id, published)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer ins.Close()
		ent, err := tx.PrepareContext(ctx, `INSERT INTO entities (id, name, type) VALUES (?, ?, ?)
			ON CONFLICT (id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer ent.Close()
		for _, aa := range as {
			before, err := s.tagSet(ctx, tx, aa.ArticleID)
			if err != nil {
				return err
			}
			if _, err := del.ExecContext(ctx, aa.ArticleID); err != nil {
				return err
			}
			if err := s.deleteAttribution(ctx, tx, aa.ArticleID); err != nil {
				return err
			}
			if aa.Analysis == nil {
				continue
			}
			var published, language string
			err = s.prep(ctx, tx, qArticleDate).QueryRowContext(ctx, aa.ArticleID).Scan(&published, &language)
			if errors.Is(err, sql.ErrNoRows) {
				continue // gone since it was analysed
			}
			if err != nil {
				return err
			}
			ms := make([]newsdesk.Mention, len(aa.Analysis.Mentions))
			after := map[string]bool{}
			for i, m := range aa.Analysis.Mentions {
				if id, ok := aliases[foldName(m.Text)]; ok {
					m.EntityID = id
				}
				m.EntityID = follow(merges, m.EntityID)
				ms[i] = m
				if m.EntityID != "" {
					after["e:"+m.EntityID] = true
				}
			}
			ed := edits{aliases: aliases, merges: merges}
			if err := s.saveAttribution(ctx, tx, aa.ArticleID, published, language, aa.Analysis, ed, after); err != nil {
				return err
			}
			if !maps.Equal(before, after) {
				// The index tags articles with their entities,
				// speakers and agencies.
				if err := s.logChange(ctx, tx, aa.ArticleID); err != nil {
					return err
				}
			}
			if aa.Hash != "" {
				_, err := s.prep(ctx, tx, qAnalyzed).ExecContext(ctx, aa.Hash, aa.ArticleID)
				if err != nil {
					return err
				}
			}
			for _, e := range aa.Analysis.Entities {
				if _, err := ent.ExecContext(ctx, e.ID, e.Name, string(e.Type)); err != nil {
					return err
				}
			}
			for _, m := range ms {
				var id any
				if m.EntityID != "" {
					id = m.EntityID
				}
				if _, err := ins.ExecContext(ctx, aa.ArticleID, m.Start, m.End, m.Text, string(m.Type), string(m.Kind), id, published); err != nil {
					return err
				}
			}
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO followers (name, seq) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`, analysisFollower, last)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: save analyses: %w", err)
	}
	return nil
}

// ResetAnalyses sets the analysis position back to the start and
// forgets which texts were analysed.
func (s *Store) ResetAnalyses(ctx context.Context) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM analyzed`); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `DELETE FROM followers WHERE name = ?`, analysisFollower)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: reset analyses: %w", err)
	}
	return nil
}

// ArticleMentions returns the mentions of an article in text order.
func (s *Store) ArticleMentions(ctx context.Context, articleID int64) ([]newsdesk.Mention, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT start, end, text, type, kind, coalesce(entity_id, '')
		FROM mentions WHERE article_id = ? ORDER BY start`, articleID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: mentions of %d: %w", articleID, err)
	}
	defer rows.Close()
	out := []newsdesk.Mention{}
	for rows.Next() {
		var m newsdesk.Mention
		var t, k string
		if err := rows.Scan(&m.Start, &m.End, &m.Text, &t, &k, &m.EntityID); err != nil {
			return nil, fmt.Errorf("sqlite: mentions of %d: %w", articleID, err)
		}
		m.Type, m.Kind = newsdesk.EntityType(t), newsdesk.MentionKind(k)
		out = append(out, m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: mentions of %d: %w", articleID, err)
	}
	return out, nil
}

// Entities lists the entities f selects: with a query, those whose name
// or one of whose mentions matches it (names that start with it first),
// else all; the most mentioned first.
func (s *Store) Entities(ctx context.Context, f newsdesk.EntityFilter) (*newsdesk.EntityList, error) {
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	offset := 0
	if f.Cursor != "" {
		b, err := base64.RawURLEncoding.DecodeString(f.Cursor)
		if err == nil {
			offset, err = strconv.Atoi(strings.TrimPrefix(string(b), "o:"))
		}
		if err != nil || offset < 0 {
			return nil, fmt.Errorf("sqlite: entities: %w", newsdesk.ErrBadCursor)
		}
	}
	where := []string{"m.entity_id IS NOT NULL"}
	var args []any
	if !f.From.IsZero() {
		where = append(where, "m.published >= ?")
		args = append(args, formatTime(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, "m.published < ?")
		args = append(args, formatTime(f.To))
	}
	if f.Type != "" {
		where = append(where, "e.type = ?")
		args = append(args, string(f.Type))
	}
	order := "mentions DESC, e.id"
	var orderArgs []any
	if q := strings.TrimSpace(f.Query); q != "" {
		like := "%" + escapeLike(strings.ToLower(q)) + "%"
		where = append(where, `(lower(e.name) LIKE ? ESCAPE '\' OR e.id IN
			(SELECT entity_id FROM mentions WHERE lower(text) LIKE ? ESCAPE '\'))`)
		args = append(args, like, like)
		order = "lower(e.name) = ? DESC, lower(e.name) LIKE ? ESCAPE '\\' DESC, mentions DESC, e.id"
		orderArgs = append(orderArgs, strings.ToLower(q), escapeLike(strings.ToLower(q))+"%")
	}
	base := ` FROM mentions m JOIN entities e ON e.id = m.entity_id WHERE ` + strings.Join(where, " AND ")
	out := &newsdesk.EntityList{Entities: []newsdesk.EntityCount{}}
	if err := s.r.QueryRowContext(ctx, `SELECT count(DISTINCT m.entity_id)`+base, args...).Scan(&out.Total); err != nil {
		return nil, fmt.Errorf("sqlite: entities: %w", err)
	}
	q := `SELECT e.id, e.name, e.type, count(*) AS mentions, count(DISTINCT m.article_id)` + base +
		` GROUP BY e.id ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	rows, err := s.r.QueryContext(ctx, q, append(append(args, orderArgs...), limit, offset)...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: entities: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e newsdesk.EntityCount
		var t string
		if err := rows.Scan(&e.ID, &e.Name, &t, &e.Mentions, &e.Articles); err != nil {
			return nil, fmt.Errorf("sqlite: entities: %w", err)
		}
		e.Type = newsdesk.EntityType(t)
		out.Entities = append(out.Entities, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: entities: %w", err)
	}
	if offset+len(out.Entities) < out.Total {
		out.NextCursor = base64.RawURLEncoding.EncodeToString([]byte("o:" + strconv.Itoa(offset+len(out.Entities))))
	}
	return out, nil
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Entity returns what the store knows of entity id.
func (s *Store) Entity(ctx context.Context, id string) (*newsdesk.EntityInfo, error) {
	info := &newsdesk.EntityInfo{Aliases: []newsdesk.AliasCount{}, Days: map[string]int{}, With: []newsdesk.EntityCount{}, Latest: []int64{}}
	var into string
	switch err := s.r.QueryRowContext(ctx, `SELECT into_id FROM entity_merges WHERE from_id = ?`, id).Scan(&into); {
	case err == nil:
		return nil, fmt.Errorf("sqlite: entity %s: %w", id, &newsdesk.MergedError{Into: into})
	case !errors.Is(err, sql.ErrNoRows):
		return nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	var t string
	err := s.r.QueryRowContext(ctx, `SELECT e.id, e.name, e.type,
		(SELECT count(*) FROM mentions WHERE entity_id = e.id),
		(SELECT count(DISTINCT article_id) FROM mentions WHERE entity_id = e.id)
		FROM entities e WHERE e.id = ?`, id).Scan(&info.ID, &info.Name, &t, &info.Mentions, &info.Articles)
	if errors.Is(err, sql.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
	}
	info.Type = newsdesk.EntityType(t)
	type query struct {
		q    string
		scan func(*sql.Rows) error
	}
	for _, qq := range []query{
		{`SELECT text, count(*) FROM mentions WHERE entity_id = ? GROUP BY text ORDER BY count(*) DESC, text LIMIT 50`,
			func(r *sql.Rows) error {
				var a newsdesk.AliasCount
				if err := r.Scan(&a.Text, &a.Count); err != nil {
					return err
				}
				info.Aliases = append(info.Aliases, a)
				return nil
			}},
		{`SELECT substr(published, 1, 10), count(*) FROM mentions WHERE entity_id = ? GROUP BY 1`,
			func(r *sql.Rows) error {
				var d string
				var n int
				if err := r.Scan(&d, &n); err != nil {
					return err
				}
				info.Days[d] = n
				return nil
			}},
		{`SELECT e.id, e.name, e.type, count(*), count(DISTINCT o.article_id)
			FROM mentions o JOIN entities e ON e.id = o.entity_id
			WHERE o.article_id IN (SELECT article_id FROM mentions WHERE entity_id = ?1) AND o.entity_id <> ?1
			GROUP BY e.id ORDER BY count(DISTINCT o.article_id) DESC, count(*) DESC, e.id LIMIT 20`,
			func(r *sql.Rows) error {
				var e newsdesk.EntityCount
				var t string
				if err := r.Scan(&e.ID, &e.Name, &t, &e.Mentions, &e.Articles); err != nil {
					return err
				}
				e.Type = newsdesk.EntityType(t)
				info.With = append(info.With, e)
				return nil
			}},
		{`SELECT article_id FROM mentions WHERE entity_id = ? GROUP BY article_id ORDER BY max(published) DESC, article_id DESC LIMIT 20`,
			func(r *sql.Rows) error {
				var a int64
				if err := r.Scan(&a); err != nil {
					return err
				}
				info.Latest = append(info.Latest, a)
				return nil
			}},
	} {
		rows, err := s.r.QueryContext(ctx, qq.q, id)
		if err != nil {
			return nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
		}
		for rows.Next() {
			if err := qq.scan(rows); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: entity %s: %w", id, err)
		}
	}
	return info, nil
}

// idList returns "?,?,…" for n arguments.
func idList(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

// queryIn runs the query that query(list) makes, where list is "?,?,…",
// for the keys in chunks of at most 500, and calls scan for every row.
func queryIn[K any](ctx context.Context, db *sql.DB, keys []K, query func(list string) string, scan func(*sql.Rows) error) error {
	for len(keys) > 0 {
		n := min(len(keys), 500)
		args := make([]any, n)
		for i, k := range keys[:n] {
			args[i] = k
		}
		rows, err := db.QueryContext(ctx, query(idList(n)), args...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// AnalyzedHashes returns the hash of the text each of the given articles
// was analysed from, for those analysed.
func (s *Store) AnalyzedHashes(ctx context.Context, ids []int64) (map[int64]string, error) {
	out := map[int64]string{}
	err := queryIn(ctx, s.r, ids, func(list string) string {
		return `SELECT article_id, hash FROM analyzed WHERE article_id IN (` + list + `)`
	}, func(rows *sql.Rows) error {
		var id int64
		var h string
		err := rows.Scan(&id, &h)
		out[id] = h
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: analyzed hashes: %w", err)
	}
	return out, nil
}

// ArticleEntities returns the ids of the entities each of the given
// articles mentions, sorted.
func (s *Store) ArticleEntities(ctx context.Context, ids []int64) (map[int64][]string, error) {
	out := map[int64][]string{}
	err := queryIn(ctx, s.r, ids, func(list string) string {
		return `SELECT DISTINCT article_id, entity_id FROM mentions
			WHERE article_id IN (` + list + `) AND entity_id IS NOT NULL ORDER BY 1, 2`
	}, func(rows *sql.Rows) error {
		var id int64
		var e string
		if err := rows.Scan(&id, &e); err != nil {
			return err
		}
		out[id] = append(out[id], e)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: article entities: %w", err)
	}
	return out, nil
}

// EntityNames returns the entities of the given ids that exist.
func (s *Store) EntityNames(ctx context.Context, ids []string) (map[string]newsdesk.Entity, error) {
	out := map[string]newsdesk.Entity{}
	err := queryIn(ctx, s.r, ids, func(list string) string {
		return `SELECT id, name, type FROM entities WHERE id IN (` + list + `)`
	}, func(rows *sql.Rows) error {
		var e newsdesk.Entity
		var t string
		if err := rows.Scan(&e.ID, &e.Name, &t); err != nil {
			return err
		}
		e.Type = newsdesk.EntityType(t)
		out[e.ID] = e
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: entity names: %w", err)
	}
	return out, nil
}

// foldName is the form in which user aliases are kept and matched: lower
// case, runs of white space as one space.
func foldName(name string) string { return strings.ToLower(strings.Join(strings.Fields(name), " ")) }

// follow returns the entity that id was merged into, following chains,
// or id.
func follow(merges map[string]string, id string) string {
	for range 16 {
		into, ok := merges[id]
		if !ok {
			break
		}
		id = into
	}
	return id
}

// entityEdits reads the users' aliases and merges.
func entityEdits(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}) (aliases, merges map[string]string, err error) {
	aliases, merges = map[string]string{}, map[string]string{}
	for _, t := range []struct {
		q string
		m map[string]string
	}{{`SELECT name, entity_id FROM entity_aliases`, aliases}, {`SELECT from_id, into_id FROM entity_merges`, merges}} {
		rows, err := q.QueryContext(ctx, t.q)
		if err != nil {
			return nil, nil, err
		}
		for rows.Next() {
			var k, v string
			if err := rows.Scan(&k, &v); err != nil {
				rows.Close()
				return nil, nil, err
			}
			t.m[k] = v
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, nil, err
		}
	}
	return aliases, merges, nil
}

// entityType returns the type of entity id in tx, or an error wrapping
// newsdesk.ErrNotFound (or a MergedError for one merged away).
func entityType(ctx context.Context, tx *sql.Tx, id string) (string, error) {
	var into string
	err := tx.QueryRowContext(ctx, `SELECT into_id FROM entity_merges WHERE from_id = ?`, id).Scan(&into)
	if err == nil {
		return "", &newsdesk.MergedError{Into: into}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return "", err
	}
	var t string
	err = tx.QueryRowContext(ctx, `SELECT type FROM entities WHERE id = ?`, id).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("entity %q: %w", id, newsdesk.ErrNotFound)
	}
	return t, err
}

// relogMentions writes the articles with mentions matching where (an SQL
// condition on mentions, with args) to the change log, so that the index
// follows the edit.
func (s *Store) relogMentions(ctx context.Context, tx *sql.Tx, where string, args ...any) error {
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO changes (article_id)
		SELECT DISTINCT article_id FROM mentions WHERE `+where+` ORDER BY article_id`, args...)
	return err
}

// AliasEntity makes name stand for entity id: the stored mentions
// written so (in any ASCII case) resolve to it, and so will later ones.
func (s *Store) AliasEntity(ctx context.Context, id, name string) error {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return errors.New("sqlite: alias entity: empty name")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := entityType(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO entity_aliases (name, entity_id) VALUES (?, ?)`, foldName(name), id); err != nil {
			return err
		}
		cond := `text = ? COLLATE NOCASE AND coalesce(entity_id, '') <> ?`
		if err := s.relogMentions(ctx, tx, cond, name, id); err != nil {
			return err
		}
		if err := s.relinkAttribution(ctx, tx, id, `{text} = ? COLLATE NOCASE AND coalesce({id}, '') <> ?`, name, id); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE mentions SET entity_id = ? WHERE `+cond, id, name, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: alias entity %s: %w", id, err)
	}
	return nil
}

// MergeEntity merges entity from into entity into.
func (s *Store) MergeEntity(ctx context.Context, from, into string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if from == into {
			return errors.New("an entity cannot be merged into itself")
		}
		if _, err := entityType(ctx, tx, from); err != nil {
			return err
		}
		if _, err := entityType(ctx, tx, into); err != nil {
			return err
		}
		for _, q := range []string{
			`INSERT OR REPLACE INTO entity_merges (from_id, into_id) VALUES (?1, ?2)`,
			`UPDATE entity_merges SET into_id = ?2 WHERE into_id = ?1`,
			`UPDATE entity_aliases SET entity_id = ?2 WHERE entity_id = ?1`,
		} {
			if _, err := tx.ExecContext(ctx, q, from, into); err != nil {
				return err
			}
		}
		if err := s.relogMentions(ctx, tx, `entity_id = ?`, from); err != nil {
			return err
		}
		if err := s.relinkAttribution(ctx, tx, into, `{id} = ?`, from); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE mentions SET entity_id = ? WHERE entity_id = ?`, into, from)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: merge entity %s into %s: %w", from, into, err)
	}
	return nil
}

// SplitEntity makes the mentions of entity id written name (in any
// ASCII case) an entity of their own, of the same type, with the id
// "ID~name".
func (s *Store) SplitEntity(ctx context.Context, id, name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if name == "" {
		return "", errors.New("sqlite: split entity: empty name")
	}
	nid := id + "~" + strings.ReplaceAll(foldName(name), " ", "-")
	err := s.write(ctx, func(tx *sql.Tx) error {
		t, err := entityType(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO entities (id, name, type) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING`, nid, name, t); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM entity_merges WHERE from_id = ?`, nid); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO entity_aliases (name, entity_id) VALUES (?, ?)`, foldName(name), nid); err != nil {
			return err
		}
		cond := `entity_id = ? AND text = ? COLLATE NOCASE`
		if err := s.relogMentions(ctx, tx, cond, id, name); err != nil {
			return err
		}
		if err := s.relinkAttribution(ctx, tx, nid, `{id} = ? AND {text} = ? COLLATE NOCASE`, id, name); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE mentions SET entity_id = ? WHERE `+cond, nid, id, name)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("sqlite: split entity %s: %w", id, err)
	}
	return nid, nil
}

// Reanalyze marks the articles f selects (by source and time) to be
// analysed again.
func (s *Store) Reanalyze(ctx context.Context, f newsdesk.ArticleFilter) (int64, error) {
	where := []string{"1"}
	var args []any
	if f.SourceID != 0 {
		where = append(where, "source_id = ?")
		args = append(args, f.SourceID)
	}
	if !f.Since.IsZero() {
		where = append(where, "coalesce(published_utc, stored) >= ?")
		args = append(args, formatTime(f.Since))
	}
	sel := `SELECT id FROM articles WHERE ` + strings.Join(where, " AND ")
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM analyzed WHERE article_id IN (`+sel+`)`, args...); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO changes (article_id) `+sel+` ORDER BY id`, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlite: reanalyze: %w", err)
	}
	return n, nil
}
