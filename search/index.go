package search

import (
	"bytes"
	"cmp"
	"compress/flate"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"newsdesk"
	"newsdesk/internal/sqlerr"
	"newsdesk/lang"
	"newsdesk/search/analysis"
)

var _ newsdesk.Index = (*Index)(nil)

// FileName is the name of the database file Open creates in its directory.
const FileName = "search.db"

// schemaVersion changes whenever the tables or the analysis change so
// that terms indexed before no longer meet the terms of a query; Open then
// empties the index and Stale reports it.
const schemaVersion = 7

// ErrBadCursor is returned by Search for a cursor it did not make, or one
// made for another sort order.
var ErrBadCursor = errors.New("search: bad cursor")

// Index is a full-text index of articles in its own SQLite file, searched
// with FTS5 over text stemmed by package analysis. It is safe for
// concurrent use by many goroutines.
type Index struct {
	path  string
	w     *sql.DB // the single writer connection; nil when read-only
	r     *sql.DB // read-only connections
	stale bool

	readOnly bool
	tags     func(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error)
}

// SetTags sets where the index finds the entities each article
// mentions, the speakers it quotes, the agencies it credits and its copy
// group and story (newsdesk.AnalysisStore.ArticleTags), so that searches
// can filter, count and collapse by them. Without it, articles are
// indexed without entities, speakers and agencies, and with the copy
// group and story of the StoredArticle given. It must be called before
// the index is used.
func (ix *Index) SetTags(f func(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error)) {
	ix.tags = f
}

// tagsOf returns the tags of the articles as, if the index knows where
// to find them.
func (ix *Index) tagsOf(ctx context.Context, as []*newsdesk.StoredArticle) (map[int64]newsdesk.ArticleTags, error) {
	m, err := TagsOf(ctx, ix.tags, as)
	if err != nil {
		return nil, fmt.Errorf("search: tags: %w", err)
	}
	return m, nil
}

// Full-text rows are not numbered by article ID but by publication
// time: the rowid of an article in its fts table (docs.fid) is its
// publication time in Unix seconds shifted left by fidShift, plus a number
// that tells apart the articles of the same second (from the low bits of
// the ID). So the newest hits of a query are the FTS5 rows of highest
// rowid, which FTS5 reads in that order and stops after a page, and a
// date range is a rowid range, which FTS5 seeks to. Undated articles have
// negative fids, below every dated one, in ID order.
//
// The rowid deltas of the posting lists grow with the shift (an index of
// 200,000 articles over two years: about 3-4 % larger for each 4 bits,
// 15 % larger with 10 bits than numbered by ID).
// When more than 1 << fidShift articles have the same second, the next
// ones take the numbers of the following seconds: they sort, and are
// found by date ranges, as if published that much later (date-only
// times, at midnight, stay within their day unless a day has tens of
// millions).
const (
	fidShift = 10
	// maxPub is the latest publication time kept apart (year 10680);
	// later ones are taken as maxPub.
	maxPub = 1<<38 - 1
	// undatedFid is the fid of the undated article of ID 0.
	undatedFid = -(1 << 62)
	fidMask    = 1<<fidShift - 1
)

// wantFid returns the fid an article would have if no other had it.
func wantFid(pub, id int64) int64 {
	if pub > 0 {
		return min(pub, maxPub)<<fidShift | id&fidMask
	}
	return undatedFid + id&(1<<62-1)
}

// Each analysis has its own fts table: a language filter then reads one
// table instead of intersecting a word with the tag of most articles, a
// query word is looked up in each table by its own analysis only, and
// BM25 counts a term's articles within one language.
var ftsTables = map[string]string{
	analysis.German:  "fts_de",
	analysis.English: "fts_en",
	analysis.Neutral: "fts_other",
}

// ftsTable returns the fts table of articles in language code.
func ftsTable(code string) string { return ftsTables[analysis.Lang(code)] }

var schema = []string{
	// docs holds what a hit shows and what filters and sorts read, in
	// short rows, under the article's fid (see fidShift); pub is the
	// publication time in Unix seconds, 0 when unknown.
	`CREATE TABLE IF NOT EXISTS docs (
		fid       INTEGER PRIMARY KEY,
		id        INTEGER NOT NULL UNIQUE,
		source    INTEGER NOT NULL,
		lang      TEXT NOT NULL,
		pub       INTEGER NOT NULL,
		published TEXT NOT NULL,
		url       TEXT NOT NULL,
		title     TEXT NOT NULL,
		site      TEXT NOT NULL,
		authors   TEXT NOT NULL,
		entities  TEXT NOT NULL DEFAULT '[]',
		speakers  TEXT NOT NULL DEFAULT '[]',
		agencies  TEXT NOT NULL DEFAULT '[]',
		copy_of   INTEGER NOT NULL DEFAULT 0,
		story     INTEGER NOT NULL DEFAULT 0,
		grp       INTEGER NOT NULL,
		outlet    INTEGER NOT NULL DEFAULT 0,
		odomain   TEXT NOT NULL DEFAULT '',
		oname     TEXT NOT NULL DEFAULT ''
	)`,
	// grp is the article's copy group: the id of its original (copy_of),
	// or its own id when it is none. A collapsed search looks up the
	// other articles of the groups of a page.
	`CREATE INDEX IF NOT EXISTS docs_grp ON docs (grp)`,
	// outlet is the store's id of the article's outlet (0 for none);
	// odomain and oname are its domain and name as the article was
	// indexed, which its outlet tags were made from. outlets holds the
	// name each outlet had when an article of it was last indexed, which
	// hits show and by which outlet: finds articles indexed under an
	// earlier name; norm is the name as outletNorm makes it.
	`CREATE TABLE IF NOT EXISTS outlets (
		id     INTEGER PRIMARY KEY,
		domain TEXT NOT NULL,
		name   TEXT NOT NULL,
		norm   TEXT NOT NULL
	)`,
	`CREATE INDEX IF NOT EXISTS outlets_norm ON outlets (norm)`,
	// follow is the index's position in the store's change log, written
	// in the transaction of the changes it records; rebuilding is 1 from
	// Reset until FinishRebuild.
	`CREATE TABLE IF NOT EXISTS follow (
		one        INTEGER PRIMARY KEY CHECK (one = 1),
		seq        INTEGER NOT NULL,
		rebuilding INTEGER NOT NULL
	)`,
	`INSERT OR IGNORE INTO follow (one, seq, rebuilding) VALUES (1, 0, 0)`,
	// texts keeps the original teaser and body (deflated) for snippets.
	`CREATE TABLE IF NOT EXISTS texts (
		id       INTEGER PRIMARY KEY,
		subtitle TEXT NOT NULL,
		body     BLOB NOT NULL
	)`,
}

// ftsSchema is the schema of each fts table. They hold the analysed terms
// only (contentless), by fid; tags holds filter tokens (see tagMark):
// l<lang>, s<source id> and n<word of the site name>. Without column
// sizes BM25 has no length normalisation, but it no longer reads a row of
// sizes for every match, which was most of the time of a search for a
// frequent word; and so FTS5 cannot delete rows by itself: the old terms
// are made again from docs and texts and given to its 'delete' command.
const ftsSchema = `CREATE VIRTUAL TABLE IF NOT EXISTS %s USING fts5 (
	title, subtitle, body, authors, tags,
	content = '', columnsize = 0, tokenize = 'ascii'
)`

// Open opens the index in dir, creating the directory and dir/search.db
// if needed. An index written by an older version of this package is
// emptied (see Stale).
func Open(dir string) (*Index, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	ix := &Index{path: filepath.Join(dir, FileName)}
	w, err := sql.Open("sqlite", dsn(ix.path, false))
	if err != nil {
		return nil, fmt.Errorf("search: open %s: %w", ix.path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	ix.w = w
	if err := ix.migrate(); err != nil {
		w.Close()
		return nil, err
	}
	r, err := sql.Open("sqlite", dsn(ix.path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("search: open %s: %w", ix.path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	ix.r = r
	return ix, nil
}

// OpenReadOnly opens the index in dir for searching only, as on a
// read-only file system or a snapshot copy: nothing in dir is written
// (SQLite may make the files of the write-ahead log where the directory
// can be written), and every write returns an error wrapping
// newsdesk.ErrReadOnly. The index must exist and be of this version.
// When SQLite cannot open the file read-only in the usual way (its
// write-ahead log's shared memory cannot be made), the file is read as
// immutable, as it was last checkpointed.
func OpenReadOnly(dir string) (*Index, error) {
	ix := &Index{path: filepath.Join(dir, FileName), readOnly: true}
	if _, err := os.Stat(ix.path); err != nil {
		return nil, fmt.Errorf("search: open %s: %w", ix.path, err)
	}
	var errs []error
	for _, immutable := range []bool{false, true} {
		r, err := sql.Open("sqlite", roDSN(ix.path, immutable))
		if err == nil {
			var v int
			if err = r.QueryRow("PRAGMA user_version").Scan(&v); err == nil && v != schemaVersion {
				err = fmt.Errorf("written by another version (%d, want %d): open it writable once to rebuild it", v, schemaVersion)
			}
			if err == nil {
				_, err = r.Exec(`SELECT seq FROM follow`)
			}
			if err == nil {
				n := max(4, runtime.GOMAXPROCS(0))
				r.SetMaxOpenConns(n)
				r.SetMaxIdleConns(n)
				ix.r = r
				return ix, nil
			}
			r.Close()
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("search: open %s read-only: %w", ix.path, errors.Join(errs...))
}

// roDSN returns the data source name of a read-only connection to the
// file at path, which SQLite may not write; immutable reads it without
// locks or its write-ahead log.
func roDSN(path string, immutable bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "query_only(1)")
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "mmap_size(4294967296)")
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + p + "?" + q.Encode()
}

// ReadOnly reports whether the index was opened with OpenReadOnly.
func (ix *Index) ReadOnly() bool { return ix.readOnly }

// writer returns the writer connection, or an error for a read-only
// index.
func (ix *Index) writer() (*sql.DB, error) {
	if ix.w == nil {
		return nil, fmt.Errorf("search: %s: %w", ix.path, newsdesk.ErrReadOnly)
	}
	return ix.w, nil
}

func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// A larger page cache and memory-mapped reads keep the posting lists
	// of frequent terms out of the read path's copies.
	q.Add("_pragma", "cache_size(-65536)")
	q.Add("_pragma", "mmap_size(4294967296)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + p + "?" + q.Encode()
}

func (ix *Index) migrate() error {
	ctx := context.Background()
	var v int
	if err := ix.w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("search: open %s: %w", ix.path, err)
	}
	if v == schemaVersion {
		return nil
	}
	tx, err := ix.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: migrate: %w", err)
	}
	defer tx.Rollback()
	if v != 0 {
		// Terms from another analysis would not meet a query's: start
		// again and let the owner reindex.
		for _, t := range []string{"fts", "fts_de", "fts_en", "fts_other", "texts", "docs", "follow", "outlets"} {
			if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
				return fmt.Errorf("search: migrate: %w", err)
			}
		}
		ix.stale = true
	}
	stmts := slices.Clone(schema)
	for _, an := range analyses {
		stmts = append(stmts, fmt.Sprintf(ftsSchema, ftsTables[an]))
	}
	for _, s := range stmts {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("search: migrate: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", schemaVersion)); err != nil {
		return fmt.Errorf("search: migrate: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: migrate: %w", err)
	}
	return nil
}

// Stale reports whether Open found an index written by an older version
// of this package and emptied it: every article must be added again.
func (ix *Index) Stale() bool { return ix.stale }

// Path returns the path of the database file.
func (ix *Index) Path() string { return ix.path }

// Close closes the index. It must not be used afterwards.
func (ix *Index) Close() error {
	var errs []error
	if ix.r != nil {
		errs = append(errs, ix.r.Close())
	}
	if ix.w != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, _ = ix.w.ExecContext(ctx, "PRAGMA optimize")
		cancel()
		errs = append(errs, ix.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("search: close: %w", err)
	}
	return nil
}

// Add indexes a, replacing what was indexed under its ID before.
func (ix *Index) Add(ctx context.Context, a *newsdesk.StoredArticle) error {
	return ix.AddMany(ctx, []*newsdesk.StoredArticle{a})
}

// AddMany indexes many articles in one transaction, which is much faster
// than one Add each. It does not move the index's position in the
// change log (see Apply).
func (ix *Index) AddMany(ctx context.Context, as []*newsdesk.StoredArticle) error {
	for _, a := range as {
		if a == nil {
			return errors.New("search: add: nil article")
		}
	}
	ents, err := ix.tagsOf(ctx, as)
	if err != nil {
		return err
	}
	w, err := ix.writer()
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: add: %w", err)
	}
	defer tx.Rollback()
	if err := addTx(ctx, tx, as, ents); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: add: %w", err)
	}
	return nil
}

// Position returns the seq of the last change of the store's change log
// that the index has applied.
func (ix *Index) Position(ctx context.Context) (int64, error) {
	var seq int64
	if err := ix.r.QueryRowContext(ctx, `SELECT seq FROM follow`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("search: position: %w", err)
	}
	return seq, nil
}

// Apply indexes the articles of changes, takes out those that are gone,
// and records the last change's seq as the index's position, in one
// transaction, as newsdesk.Follower describes. A failure of the file as
// a whole is marked as newsdesk.StorageFailed reports.
func (ix *Index) Apply(ctx context.Context, after int64, changes []newsdesk.Change) error {
	return sqlerr.Classify(ix.apply(ctx, after, changes))
}

func (ix *Index) apply(ctx context.Context, after int64, changes []newsdesk.Change) error {
	if len(changes) == 0 {
		return nil
	}
	var arts []*newsdesk.StoredArticle
	for _, c := range changes {
		if c.Article != nil {
			arts = append(arts, c.Article)
		}
	}
	ents, err := ix.tagsOf(ctx, arts)
	if err != nil {
		return err
	}
	w, err := ix.writer()
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: apply: %w", err)
	}
	defer tx.Rollback()
	var pos int64
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM follow`).Scan(&pos); err != nil {
		return fmt.Errorf("search: apply: %w", err)
	}
	if pos < after {
		return nil // reset since the changes were read
	}
	var (
		add  []*newsdesk.StoredArticle
		gone []int64
		last = pos
	)
	for _, c := range changes {
		if c.Seq <= pos {
			continue
		}
		last = max(last, c.Seq)
		if c.Article != nil {
			add = append(add, c.Article)
		} else {
			gone = append(gone, c.ID)
		}
	}
	if last == pos {
		return nil
	}
	for _, id := range gone {
		if err := removeTx(ctx, tx, id); err != nil {
			return err
		}
	}
	if err := addTx(ctx, tx, add, ents); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE follow SET seq = ?`, last); err != nil {
		return fmt.Errorf("search: apply: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: apply: %w", err)
	}
	return nil
}

// Rebuilding reports whether a rebuild begun by Reset has not been
// finished with FinishRebuild: the index then holds only part of the
// store, and catching up completes it.
func (ix *Index) Rebuilding(ctx context.Context) (bool, error) {
	var b bool
	if err := ix.r.QueryRowContext(ctx, `SELECT rebuilding FROM follow`).Scan(&b); err != nil {
		return false, fmt.Errorf("search: rebuilding: %w", err)
	}
	return b, nil
}

// FinishRebuild records that the rebuild begun by Reset is complete.
func (ix *Index) FinishRebuild(ctx context.Context) error {
	w, err := ix.writer()
	if err != nil {
		return err
	}
	if _, err := w.ExecContext(ctx, `UPDATE follow SET rebuilding = 0`); err != nil {
		return fmt.Errorf("search: finish rebuild: %w", err)
	}
	return nil
}

// addTx indexes as within tx, replacing what was indexed under their
// IDs before.
func addTx(ctx context.Context, tx *sql.Tx, as []*newsdesk.StoredArticle, ents map[int64]newsdesk.ArticleTags) error {
	if len(as) == 0 {
		return nil
	}
	// An article given twice is indexed once, as given last.
	last := make(map[int64]int, len(as))
	for i, a := range as {
		last[a.ID] = i
	}
	if len(last) < len(as) {
		var uniq []*newsdesk.StoredArticle
		for i, a := range as {
			if last[a.ID] == i {
				uniq = append(uniq, a)
			}
		}
		as = uniq
	}
	// Analysis is most of the work; it runs on all cores while the
	// writes are one connection's.
	docs := make([]*document, len(as))
	workers := min(runtime.GOMAXPROCS(0), (len(as)+15)/16)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(as); i += workers {
				docs[i] = newDocument(as[i], ents[as[i].ID])
			}
		})
	}
	wg.Wait()
	// The terms of the versions indexed now, to be deleted.
	var old []*document
	olds := make(map[int64]*document)
	for _, d := range docs {
		o, err := storedDocument(ctx, tx, d.id)
		if err != nil {
			return err
		}
		if o != nil {
			old = append(old, o)
			olds[o.id] = o
		}
	}
	if err := allocFids(ctx, tx, docs, olds); err != nil {
		return err
	}
	st, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO docs (fid, id, source, lang, pub, published, url, title, site, authors, entities, speakers, agencies, copy_of, story, grp, outlet, odomain, oname) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("search: add: %w", err)
	}
	defer st.Close()
	st3, err := tx.PrepareContext(ctx, `INSERT INTO outlets (id, domain, name, norm) VALUES (?1, ?2, ?3, ?4)
		ON CONFLICT (id) DO UPDATE SET domain = ?2, name = ?3, norm = ?4 WHERE name != ?3 OR domain != ?2`)
	if err != nil {
		return fmt.Errorf("search: add: %w", err)
	}
	defer st3.Close()
	st2, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO texts (id, subtitle, body) VALUES (?, ?, ?)`)
	if err != nil {
		return fmt.Errorf("search: add: %w", err)
	}
	defer st2.Close()
	// The fts tables come last: a statement on the other tables may open
	// a statement journal, and FTS5 writes its pending terms out as a new
	// segment at every such savepoint, so interleaving would make one
	// tiny segment per article.
	for _, d := range docs {
		var js [3]string
		for i, l := range [3][]string{d.tags.Entities, d.tags.Speakers, d.tags.Agencies} {
			b, err := json.Marshal(l)
			if err != nil {
				return fmt.Errorf("search: add %d: %w", d.id, err)
			}
			js[i] = string(b)
		}
		if _, err := st.ExecContext(ctx, d.fid, d.id, d.source, d.lang, d.pub, d.published, d.url, d.title, d.site, d.authors, js[0], js[1], js[2], d.tags.CopyOf, d.tags.Story, d.group(), d.outlet, d.odomain, d.oname); err != nil {
			return fmt.Errorf("search: add %d: %w", d.id, err)
		}
		if d.outlet != 0 {
			if _, err := st3.ExecContext(ctx, d.outlet, d.odomain, d.oname, outletNorm(d.oname)); err != nil {
				return fmt.Errorf("search: add %d: %w", d.id, err)
			}
		}
		if _, err := st2.ExecContext(ctx, d.id, d.subtitle, d.body); err != nil {
			return fmt.Errorf("search: add %d: %w", d.id, err)
		}
	}
	if err := writeFTS(ctx, tx, old, true); err != nil {
		return err
	}
	return writeFTS(ctx, tx, docs, false)
}

// allocFids gives each document of docs its fid: the one of its version
// indexed before (olds, by ID) if the publication time is the same, else
// the first free one from wantFid.
func allocFids(ctx context.Context, tx *sql.Tx, docs []*document, olds map[int64]*document) error {
	taken := make(map[int64]bool, len(docs)) // in this batch
	for _, d := range docs {
		if o := olds[d.id]; o != nil && o.pub == d.pub {
			d.fid = o.fid
			taken[d.fid] = true
		}
	}
	// The fids of a second (by article ID), read once per batch.
	seconds := map[int64]map[int64]int64{}
	second := func(p int64) (map[int64]int64, error) {
		if m, ok := seconds[p]; ok {
			return m, nil
		}
		rows, err := tx.QueryContext(ctx, `SELECT fid, id FROM docs WHERE fid >= ? AND fid < ?`, p<<fidShift, (p+1)<<fidShift)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		m := map[int64]int64{}
		for rows.Next() {
			var f, id int64
			if err := rows.Scan(&f, &id); err != nil {
				return nil, err
			}
			m[f] = id
		}
		seconds[p] = m
		return m, rows.Err()
	}
	for _, d := range docs {
		if o := olds[d.id]; o != nil && o.pub == d.pub {
			continue
		}
		if d.pub <= 0 {
			// IDs are unique, so the undated fids hardly ever meet.
			f := wantFid(0, d.id)
			for {
				var id int64
				err := tx.QueryRowContext(ctx, `SELECT id FROM docs WHERE fid = ?`, f).Scan(&id)
				if !taken[f] && (errors.Is(err, sql.ErrNoRows) || err == nil && id == d.id) {
					break
				}
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return fmt.Errorf("search: add %d: %w", d.id, err)
				}
				if f++; f >= 0 {
					f = undatedFid
				}
			}
			d.fid = f
			taken[f] = true
			continue
		}
		d.fid = 0
		start := d.id & fidMask
		for p := min(d.pub, maxPub); p <= maxPub && d.fid == 0; p++ {
			occupied, err := second(p)
			if err != nil {
				return fmt.Errorf("search: add %d: %w", d.id, err)
			}
			for j := range int64(fidMask + 1) {
				f := p<<fidShift | (start+j)&fidMask
				if id, ok := occupied[f]; (!ok || id == d.id) && !taken[f] {
					d.fid = f
					break
				}
			}
			start = 0
		}
		if d.fid == 0 {
			return fmt.Errorf("search: add %d: no room for another article published then", d.id)
		}
		taken[d.fid] = true
	}
	return nil
}

// writeFTS inserts the terms of docs into their fts tables or, with del,
// deletes them. The rows go in by table and in ascending fid: FTS5
// writes its pending terms out as a segment whenever a rowid is not
// above the one before.
func writeFTS(ctx context.Context, tx *sql.Tx, docs []*document, del bool) error {
	if len(docs) == 0 {
		return nil
	}
	docs = slices.Clone(docs)
	slices.SortFunc(docs, func(a, b *document) int {
		return cmp.Or(strings.Compare(ftsTable(a.lang), ftsTable(b.lang)), cmp.Compare(a.fid, b.fid))
	})
	var st *sql.Stmt
	table := ""
	for _, d := range docs {
		if t := ftsTable(d.lang); t != table || st == nil {
			if st != nil {
				st.Close()
			}
			table = t
			q := `INSERT INTO ` + t + ` (rowid, title, subtitle, body, authors, tags) VALUES (?, ?, ?, ?, ?, ?)`
			if del {
				q = `INSERT INTO ` + t + ` (` + t + `, rowid, title, subtitle, body, authors, tags) VALUES ('delete', ?, ?, ?, ?, ?, ?)`
			}
			var err error
			if st, err = tx.PrepareContext(ctx, q); err != nil {
				return fmt.Errorf("search: add: %w", err)
			}
		}
		if _, err := st.ExecContext(ctx, d.fid, d.fts[0], d.fts[1], d.fts[2], d.fts[3], d.fts[4]); err != nil {
			st.Close()
			return fmt.Errorf("search: add %d: %w", d.id, err)
		}
	}
	st.Close()
	return nil
}

// Remove takes the article with this ID out of the index. Removing an
// article that is not indexed is not an error.
func (ix *Index) Remove(ctx context.Context, id int64) error {
	w, err := ix.writer()
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: remove %d: %w", id, err)
	}
	defer tx.Rollback()
	if err := removeTx(ctx, tx, id); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: remove %d: %w", id, err)
	}
	return nil
}

// removeTx takes article id out of the index within tx.
func removeTx(ctx context.Context, tx *sql.Tx, id int64) error {
	o, err := storedDocument(ctx, tx, id)
	if err != nil || o == nil {
		return err
	}
	if err := writeFTS(ctx, tx, []*document{o}, true); err != nil {
		return fmt.Errorf("search: remove %d: %w", id, err)
	}
	for _, q := range []string{
		`DELETE FROM docs WHERE id = ?`,
		`DELETE FROM texts WHERE id = ?`,
	} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return fmt.Errorf("search: remove %d: %w", id, err)
		}
	}
	return nil
}

// Reset empties the index and sets its position in the change log back
// to the start, for a rebuild: catching up from there indexes every
// stored article again. Until FinishRebuild, Rebuilding reports true.
func (ix *Index) Reset(ctx context.Context) error {
	w, err := ix.writer()
	if err != nil {
		return err
	}
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: reset: %w", err)
	}
	defer tx.Rollback()
	var qs []string
	for _, an := range analyses {
		qs = append(qs, `INSERT INTO `+ftsTables[an]+` (`+ftsTables[an]+`) VALUES ('delete-all')`)
	}
	for _, q := range append(qs, `DELETE FROM docs`, `DELETE FROM texts`, `DELETE FROM outlets`, `UPDATE follow SET seq = 0, rebuilding = 1`) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("search: reset: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: reset: %w", err)
	}
	ix.stale = false
	return nil
}

// Optimize merges the full-text index into one segment, which makes
// searches faster after many additions; it is worth calling after a
// rebuild. It can take seconds on a large index.
func (ix *Index) Optimize(ctx context.Context) error {
	w, err := ix.writer()
	if err != nil {
		return err
	}
	for _, an := range analyses {
		t := ftsTables[an]
		if _, err := w.ExecContext(ctx, `INSERT INTO `+t+` (`+t+`) VALUES ('optimize')`); err != nil {
			return fmt.Errorf("search: optimize: %w", err)
		}
	}
	return nil
}

// Count returns the number of indexed articles.
func (ix *Index) Count(ctx context.Context) (int64, error) {
	var n int64
	if err := ix.r.QueryRowContext(ctx, `SELECT count(*) FROM docs`).Scan(&n); err != nil {
		return 0, fmt.Errorf("search: count: %w", err)
	}
	return n, nil
}

// document is an article as the index stores it.
type document struct {
	id, fid, source, pub        int64
	lang, published, url, title string
	site, authors, subtitle     string
	outlet                      int64
	odomain, oname              string // the outlet's, as indexed
	body                        []byte
	tags                        newsdesk.ArticleTags // each sorted, never nil
	fts                         [5]string
}

// group returns the document's copy group: the id of its original, or
// its own.
func (d *document) group() int64 {
	if d.tags.CopyOf != 0 {
		return d.tags.CopyOf
	}
	return d.id
}

// newDocument returns the document the index stores for a, filed under
// tags.
func newDocument(a *newsdesk.StoredArticle, tags newsdesk.ArticleTags) *document {
	d, text := analyseArticle(a, tags)
	d.body = deflate(text)
	return d
}

// analyseArticle returns the document of a as newDocument makes it but
// without its body, and the text the body would hold. It is the one
// way from an article to the terms of its columns (document.fts), for
// the index and for the Percolator alike.
func analyseArticle(a *newsdesk.StoredArticle, tags newsdesk.ArticleTags) (*document, string) {
	text := a.Text()
	code := articleLang(&a.Article, text)
	d := &document{
		id:       a.ID,
		source:   a.SourceID,
		lang:     code,
		url:      a.URL,
		title:    a.Title,
		site:     a.SiteName,
		subtitle: a.Subtitle,
		tags: newsdesk.ArticleTags{
			Entities: sortedTags(tags.Entities),
			Speakers: sortedTags(tags.Speakers),
			Agencies: sortedTags(tags.Agencies),
			CopyOf:   max(tags.CopyOf, 0),
			Story:    max(tags.Story, 0),
		},
	}
	if o := a.Outlet; o != nil {
		d.outlet, d.odomain, d.oname = o.ID, o.Domain, o.Name
	}
	if !a.Published.IsZero() {
		d.pub = max(1, a.Published.Unix())
		d.published = a.Published.Format(time.RFC3339Nano)
	}
	authors := make([]string, 0, len(a.Authors))
	for _, s := range a.Authors {
		if s = strings.Join(strings.Fields(s), " "); s != "" {
			authors = append(authors, s)
		}
	}
	d.authors = strings.Join(authors, "\n")

	d.analyse(text)
	return d, text
}

// analyse fills d.fts from d and the body text.
func (d *document) analyse(text string) {
	an := analysis.Lang(d.lang)
	d.fts[0] = analysed(an, d.title)
	d.fts[1] = analysed(an, d.subtitle)
	d.fts[2] = analysed(an, text)
	d.fts[3] = analysed(analysis.Neutral, d.authors)
	tags := []string{sourceTag(d.source)}
	if d.lang != "" {
		tags = append(tags, langTag(d.lang))
	}
	analysis.Words(d.site, func(w string, _, _ int) { tags = append(tags, siteTag(w)) })
	tags = appendOutletTags(tags, d.odomain, d.oname)
	for _, e := range d.tags.Entities {
		tags = append(tags, entityTag(e))
	}
	for _, e := range d.tags.Speakers {
		tags = append(tags, speakerTag(e))
	}
	for _, a := range d.tags.Agencies {
		tags = append(tags, agencyTag(a))
	}
	if d.tags.Story != 0 {
		tags = append(tags, storyTag(d.tags.Story))
	}
	d.fts[4] = strings.Join(tags, " ")
}

// storedDocument reads the document indexed under id, with the terms it
// was indexed with, or nil if there is none.
func storedDocument(ctx context.Context, tx *sql.Tx, id int64) (*document, error) {
	d := &document{id: id}
	var ej, sj, aj string
	err := tx.QueryRowContext(ctx, `SELECT d.fid, d.pub, d.source, d.lang, d.title, d.site, d.authors, d.entities, d.speakers, d.agencies, d.copy_of, d.story, d.outlet, d.odomain, d.oname, t.subtitle, t.body
		FROM docs d JOIN texts t ON t.id = d.id WHERE d.id = ?`, id).
		Scan(&d.fid, &d.pub, &d.source, &d.lang, &d.title, &d.site, &d.authors, &ej, &sj, &aj, &d.tags.CopyOf, &d.tags.Story, &d.outlet, &d.odomain, &d.oname, &d.subtitle, &d.body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("search: read %d: %w", id, err)
	}
	for _, f := range []struct {
		j   string
		dst *[]string
	}{{ej, &d.tags.Entities}, {sj, &d.tags.Speakers}, {aj, &d.tags.Agencies}} {
		if err := json.Unmarshal([]byte(f.j), f.dst); err != nil {
			return nil, fmt.Errorf("search: read %d: %w", id, err)
		}
	}
	text, err := inflate(d.body)
	if err != nil {
		return nil, fmt.Errorf("search: read %d: %w", id, err)
	}
	d.analyse(text)
	return d, nil
}

// articleLang returns the article's declared language as an ISO 639-1
// code or, when it declares none, the language of its text.
func articleLang(a *newsdesk.Article, text string) string {
	if c := lang.Normalize(a.Language); c != "" {
		return c
	}
	return lang.Detect(a.Title + "\n" + a.Subtitle + "\n" + text)
}

// analysed returns the terms of text, separated by spaces, as the ascii
// tokenizer of the fts table reads them back.
func analysed(an, text string) string {
	var b strings.Builder
	b.Grow(len(text))
	analysis.Words(text, func(w string, _, _ int) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(analysis.Term(an, w))
	})
	return b.String()
}

var deflaters = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(nil, flate.BestSpeed)
	return w
}}

func deflate(s string) []byte {
	var b bytes.Buffer
	w := deflaters.Get().(*flate.Writer)
	w.Reset(&b)
	_, _ = io.WriteString(w, s)
	_ = w.Close()
	deflaters.Put(w)
	return b.Bytes()
}

var inflaters sync.Pool

func inflate(b []byte) (string, error) { return inflateN(b, -1) }

// inflateN inflates at most n bytes of b (all of it if n < 0).
func inflateN(b []byte, n int64) (string, error) {
	var r io.ReadCloser
	if x := inflaters.Get(); x != nil {
		r = x.(io.ReadCloser)
		if err := r.(flate.Resetter).Reset(bytes.NewReader(b), nil); err != nil {
			return "", err
		}
	} else {
		r = flate.NewReader(bytes.NewReader(b))
	}
	var out strings.Builder
	var err error
	if n < 0 {
		out.Grow(4 * len(b))
		_, err = io.Copy(&out, r)
	} else {
		out.Grow(int(min(n, 4*int64(len(b)))))
		if _, err = io.CopyN(&out, r, n); err == io.EOF {
			err = nil
		}
	}
	inflaters.Put(r)
	return out.String(), err
}

const fidShiftVar = 4

// sortedTags returns a sorted copy of tags, never nil.
func sortedTags(tags []string) []string {
	if len(tags) == 0 {
		return []string{}
	}
	return slices.Sorted(slices.Values(tags))
}
