package postgres

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/jackc/pgx/v5"

	"newsdesk"
	"newsdesk/search"
)

// createIndex creates the tables of the full-text index of the articles
// (newsdesk.Index, see Index).
//
// search_docs holds one row for each indexed article: what a hit shows,
// what filters, sorts, facets and collapsing read, the original teaser
// and body for snippets, and the tsvector of the terms package search's
// analysis made of the article (see tsvectorOf). an is the analysis of
// the article's words ('de', 'en' or ” for the others), pub its
// publication time in Unix seconds (0 when unknown), grp its copy
// group (the original's id, or its own). search_outlets holds the name
// each outlet had when an article of it was last indexed; norm is that
// name as search.OutletNorm makes it. search_follow is the index's
// position in the change log.
func createIndex(ctx context.Context, tx pgx.Tx) error {
	for _, q := range []string{
		`CREATE TABLE search_docs (
			id        bigint PRIMARY KEY,
			source    bigint NOT NULL,
			lang      text NOT NULL,
			an        text NOT NULL,
			pub       bigint NOT NULL,
			published text NOT NULL,
			url       text NOT NULL,
			title     text NOT NULL,
			site      text NOT NULL,
			authors   text NOT NULL,
			entities  text[] NOT NULL,
			speakers  text[] NOT NULL,
			agencies  text[] NOT NULL,
			copy_of   bigint NOT NULL,
			story     bigint NOT NULL,
			grp       bigint NOT NULL,
			outlet    bigint NOT NULL,
			odomain   text NOT NULL,
			oname     text NOT NULL,
			subtitle  text NOT NULL,
			body      text NOT NULL,
			tsv       tsvector NOT NULL
		)`,
		`CREATE INDEX search_docs_tsv ON search_docs USING gin (tsv)`,
		`CREATE INDEX search_docs_pub ON search_docs (pub, id)`,
		`CREATE INDEX search_docs_grp ON search_docs (grp)`,
		`CREATE TABLE search_outlets (
			id     bigint PRIMARY KEY,
			domain text NOT NULL,
			name   text NOT NULL,
			norm   text NOT NULL
		)`,
		`CREATE INDEX search_outlets_norm ON search_outlets (norm)`,
		`CREATE TABLE search_follow (
			one        integer PRIMARY KEY CHECK (one = 1),
			seq        bigint NOT NULL,
			rebuilding boolean NOT NULL
		)`,
		`INSERT INTO search_follow (one, seq, rebuilding) VALUES (1, 0, false)`,
	} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

var _ newsdesk.Index = (*Index)(nil)

// Index is the full-text index of the articles of a Store, kept in the
// store's database: a newsdesk.Index that finds what package search's
// embedded index finds for the same articles and queries (the same hits
// and totals; the order of hits by relevance may differ). It analyses
// text with package search (words folded and stemmed in Go by the
// article's language) and keeps the terms as tsvectors of the 'simple'
// kind, searched through a GIN index; queries are planned by package
// search and written as tsquery.
//
// Where the two differ: hits by relevance are ranked by ts_rank with
// the columns' weights, not BM25, so their order (and Score) differ;
// by date, articles of the same second come in ID order (the embedded
// index orders them by the low ten bits of the ID, and moves the
// 1,025th article of one second into the next); a phrase is not found
// beyond an article's 16,381st word or the 256th repetition of a word
// (see tsvectorOf), which the embedded index has no limit for.
//
// Why newsdesk's own stems and not PostgreSQL's german and english
// configurations: the same analysis as the embedded index is the only
// way to the same hits. Measured on 3,000 articles of the development
// pages and the load test's 600 queries (TestTextSearchConfigs), the
// configurations (german or english by the article's analysis, simple
// for the others; plainto_tsquery and phraseto_tsquery) gave other hits
// than the embedded index for 114 queries (19 %): 51 of 200 single
// words, 41 of 200 word pairs, 22 of 200 phrases; 71 found fewer (their
// stop words find nothing: "doing", "viel"; the German verb endings
// newsdesk removes, "unterzeichnet"/"unterzeichnen"; no folding of
// diacritics outside German), 43 more (their parser splits "doesn't"
// and "It's" into words of their own). The own stems gave the same
// hits for every query (TestIndexConsistency: 600 generated queries
// over every part of the syntax). Making the tsvectors costs about the
// same either way (7.3 s of analysis in Go against 6.9 s of
// to_tsvector on the server for the 3,000 articles, on 2 shared
// cores); the GIN index of the own stems is about a fifth larger
// (10.9 against 9.0 MB: stop words and the filter tags are terms).
//
// Many processes may use one database's index at once: Apply serialises
// them on the row of the index's position, and every write is an
// upsert or a delete of whole rows. It is safe for concurrent use by
// many goroutines.
type Index struct {
	st   *Store
	tags func(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error)
}

// Index returns the full-text index of the store's articles. It uses
// the store's connections: it must not be used after the store is
// closed.
func (s *Store) Index() *Index { return &Index{st: s} }

// SetTags sets where the index finds the entities each article
// mentions, the speakers it quotes, the agencies it credits and its copy
// group and story (newsdesk.AnalysisStore.ArticleTags). Without it,
// articles are indexed without entities, speakers and agencies, and
// with the copy group and story of the StoredArticle given. It must be
// called before the index is used.
func (ix *Index) SetTags(f func(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error)) {
	ix.tags = f
}

// Close releases nothing: the connections are the store's.
func (ix *Index) Close() error { return nil }

// tagsOf returns the tags of the articles as.
func (ix *Index) tagsOf(ctx context.Context, as []*newsdesk.StoredArticle) (map[int64]newsdesk.ArticleTags, error) {
	m, err := search.TagsOf(ctx, ix.tags, as)
	if err != nil {
		return nil, fmt.Errorf("postgres: index: tags: %w", err)
	}
	return m, nil
}

// Add indexes a, replacing what was indexed under its ID before.
func (ix *Index) Add(ctx context.Context, a *newsdesk.StoredArticle) error {
	return ix.AddMany(ctx, []*newsdesk.StoredArticle{a})
}

// AddMany indexes many articles in one transaction. An article given
// twice is indexed as given last. It does not move the index's
// position in the change log (see Apply).
func (ix *Index) AddMany(ctx context.Context, as []*newsdesk.StoredArticle) error {
	for _, a := range as {
		if a == nil {
			return errors.New("postgres: index: add: nil article")
		}
	}
	tags, err := ix.tagsOf(ctx, as)
	if err != nil {
		return err
	}
	docs := analyseAll(as, tags)
	err = ix.st.write(ctx, func(tx pgx.Tx) error { return writeDocs(ctx, tx, docs) })
	if err != nil {
		return fmt.Errorf("postgres: index: add: %w", err)
	}
	return nil
}

// analyseAll analyses the articles as, each once (as given last), on
// all cores.
func analyseAll(as []*newsdesk.StoredArticle, tags map[int64]newsdesk.ArticleTags) []*search.Document {
	last := make(map[int64]int, len(as))
	for i, a := range as {
		last[a.ID] = i
	}
	uniq := make([]*newsdesk.StoredArticle, 0, len(last))
	for i, a := range as {
		if last[a.ID] == i {
			uniq = append(uniq, a)
		}
	}
	docs := make([]*search.Document, len(uniq))
	workers := min(runtime.GOMAXPROCS(0), (len(uniq)+15)/16)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(uniq); i += workers {
				docs[i] = search.Analyse(uniq[i], tags[uniq[i].ID])
			}
		})
	}
	wg.Wait()
	return docs
}

// writeDocs writes docs into the index within tx, replacing the rows of
// their IDs, and the names of their outlets (the last doc's of each
// outlet wins). Rows are written in ID order, so that two writers of
// overlapping batches wait for each other rather than deadlock.
func writeDocs(ctx context.Context, tx pgx.Tx, docs []*search.Document) error {
	if len(docs) == 0 {
		return nil
	}
	outlets := map[int64]newsdesk.Outlet{}
	for _, d := range docs {
		if d.Outlet.ID != 0 {
			outlets[d.Outlet.ID] = d.Outlet
		}
	}
	sorted := slices.Clone(docs)
	slices.SortFunc(sorted, func(a, b *search.Document) int { return cmp.Compare(a.ID, b.ID) })
	b := &pgx.Batch{}
	for _, d := range sorted {
		b.Queue(`INSERT INTO search_docs (id, source, lang, an, pub, published, url, title, site, authors,
				entities, speakers, agencies, copy_of, story, grp, outlet, odomain, oname, subtitle, body, tsv)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22::tsvector)
			ON CONFLICT (id) DO UPDATE SET source = $2, lang = $3, an = $4, pub = $5, published = $6, url = $7,
				title = $8, site = $9, authors = $10, entities = $11, speakers = $12, agencies = $13, copy_of = $14,
				story = $15, grp = $16, outlet = $17, odomain = $18, oname = $19, subtitle = $20, body = $21, tsv = $22::tsvector`,
			d.ID, d.SourceID, clean(d.Lang), d.Analysis, d.Pub, d.Published, clean(d.URL), clean(d.Title), clean(d.SiteName), clean(d.Authors),
			cleanAll(d.Tags.Entities), cleanAll(d.Tags.Speakers), cleanAll(d.Tags.Agencies), d.Tags.CopyOf, d.Tags.Story, d.Group,
			d.Outlet.ID, clean(d.Outlet.Domain), clean(d.Outlet.Name), clean(d.Subtitle), clean(d.Text), tsvectorOf(d))
	}
	ids := make([]int64, 0, len(outlets))
	for id := range outlets {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		o := outlets[id]
		b.Queue(`INSERT INTO search_outlets (id, domain, name, norm) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO UPDATE SET domain = $2, name = $3, norm = $4
			WHERE search_outlets.name != $3 OR search_outlets.domain != $2`,
			id, clean(o.Domain), clean(o.Name), clean(search.OutletNorm(o.Name)))
	}
	return tx.SendBatch(ctx, b).Close()
}

// Remove takes the article with this ID out of the index. Removing an
// article that is not indexed is not an error.
func (ix *Index) Remove(ctx context.Context, id int64) error {
	err := ix.st.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: index: remove %d: %w", id, err)
	}
	return nil
}

// Position returns the seq of the last change of the store's change log
// that the index has applied.
func (ix *Index) Position(ctx context.Context) (int64, error) {
	var seq int64
	if err := ix.st.pool.QueryRow(ctx, `SELECT seq FROM search_follow`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("postgres: index: position: %w", classify(err))
	}
	return seq, nil
}

// Apply indexes the articles of changes, takes out those that are gone,
// and records the last change's seq as the index's position, in one
// transaction, as newsdesk.Follower describes. The transaction locks
// the row of the position first, so that processes applying at once
// take turns, and the second leaves out what the first applied.
func (ix *Index) Apply(ctx context.Context, after int64, changes []newsdesk.Change) error {
	if len(changes) == 0 {
		return nil
	}
	var arts []*newsdesk.StoredArticle
	for _, c := range changes {
		if c.Article != nil {
			arts = append(arts, c.Article)
		}
	}
	tags, err := ix.tagsOf(ctx, arts)
	if err != nil {
		return err
	}
	docs := map[int64]*search.Document{}
	for _, d := range analyseAll(arts, tags) {
		docs[d.ID] = d
	}
	err = ix.st.write(ctx, func(tx pgx.Tx) error {
		var pos int64
		if err := tx.QueryRow(ctx, `SELECT seq FROM search_follow FOR UPDATE`).Scan(&pos); err != nil {
			return err
		}
		if pos < after {
			return nil // reset since the changes were read
		}
		var (
			add  []*search.Document
			gone []int64
			last = pos
		)
		// As the changes give each article last: its article, or gone.
		state := map[int64]bool{}
		var order []int64
		for _, c := range changes {
			if c.Seq <= pos {
				continue
			}
			last = max(last, c.Seq)
			if _, ok := state[c.ID]; !ok {
				order = append(order, c.ID)
			}
			state[c.ID] = c.Article != nil
		}
		if last == pos {
			return nil
		}
		for _, id := range order {
			if state[id] && docs[id] != nil {
				add = append(add, docs[id])
			} else if !state[id] {
				gone = append(gone, id)
			}
		}
		if len(gone) > 0 {
			if _, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE id = ANY($1)`, gone); err != nil {
				return err
			}
		}
		if err := writeDocs(ctx, tx, add); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `UPDATE search_follow SET seq = $1`, last)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: index: apply: %w", err)
	}
	return nil
}

// Reset empties the index and sets its position in the change log back
// to the start, for a rebuild: catching up from there indexes every
// stored article again. Until FinishRebuild, Rebuilding reports true.
func (ix *Index) Reset(ctx context.Context) error {
	err := ix.st.write(ctx, func(tx pgx.Tx) error {
		b := &pgx.Batch{}
		b.Queue(`SELECT seq FROM search_follow FOR UPDATE`)
		b.Queue(`TRUNCATE search_docs, search_outlets`)
		b.Queue(`UPDATE search_follow SET seq = 0, rebuilding = true`)
		return tx.SendBatch(ctx, b).Close()
	})
	if err != nil {
		return fmt.Errorf("postgres: index: reset: %w", err)
	}
	return nil
}

// Rebuilding reports whether a rebuild begun by Reset has not been
// finished with FinishRebuild.
func (ix *Index) Rebuilding(ctx context.Context) (bool, error) {
	var b bool
	if err := ix.st.pool.QueryRow(ctx, `SELECT rebuilding FROM search_follow`).Scan(&b); err != nil {
		return false, fmt.Errorf("postgres: index: rebuilding: %w", classify(err))
	}
	return b, nil
}

// FinishRebuild records that the rebuild begun by Reset is complete.
func (ix *Index) FinishRebuild(ctx context.Context) error {
	if _, err := ix.st.pool.Exec(ctx, `UPDATE search_follow SET rebuilding = false`); err != nil {
		return fmt.Errorf("postgres: index: finish rebuild: %w", classify(err))
	}
	return nil
}

// Count returns the number of indexed articles.
func (ix *Index) Count(ctx context.Context) (int64, error) {
	var n int64
	if err := ix.st.pool.QueryRow(ctx, `SELECT count(*) FROM search_docs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("postgres: index: count: %w", classify(err))
	}
	return n, nil
}

// ReadOnly reports whether the index only searches: never, as the
// store writes.
func (ix *Index) ReadOnly() bool { return ix.st.ReadOnly() }

// Optimize cleans the index's tables after many changes (VACUUM) and
// renews the planner's statistics of them (ANALYZE): it moves the GIN
// index's pending entries into the index proper, which makes searches
// faster after a rebuild. It can take seconds on a large index.
func (ix *Index) Optimize(ctx context.Context) error {
	if _, err := ix.st.pool.Exec(ctx, `VACUUM (ANALYZE) search_docs, search_outlets`); err != nil {
		return fmt.Errorf("postgres: index: optimize: %w", classify(err))
	}
	return nil
}
