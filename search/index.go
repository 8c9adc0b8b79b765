package search

import (
	"bytes"
	"compress/flate"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"newsdesk"
	"newsdesk/lang"
	"newsdesk/search/analysis"
)

var _ newsdesk.Index = (*Index)(nil)

// FileName is the name of the database file Open creates in its directory.
const FileName = "search.db"

// schemaVersion changes whenever the tables or the analysis change so
// that terms indexed before no longer meet the terms of a query; Open then
// empties the index and Stale reports it.
const schemaVersion = 1

// ErrBadCursor is returned by Search for a cursor it did not make, or one
// made for another sort order.
var ErrBadCursor = errors.New("search: bad cursor")

// Index is a full-text index of articles in its own SQLite file, searched
// with FTS5 over text stemmed by package analysis. It is safe for
// concurrent use by many goroutines.
type Index struct {
	path  string
	w     *sql.DB // the single writer connection
	r     *sql.DB // read-only connections
	stale bool
}

var schema = []string{
	// docs holds what a hit shows and what filters and sorts read, in
	// short rows; pub is the publication time in Unix seconds, 0 when
	// unknown, so that undated articles sort last.
	`CREATE TABLE IF NOT EXISTS docs (
		id        INTEGER PRIMARY KEY,
		source    INTEGER NOT NULL,
		lang      TEXT NOT NULL,
		pub       INTEGER NOT NULL,
		published TEXT NOT NULL,
		url       TEXT NOT NULL,
		title     TEXT NOT NULL,
		site      TEXT NOT NULL,
		authors   TEXT NOT NULL
	)`,
	`CREATE INDEX IF NOT EXISTS docs_pub ON docs (pub, id)`,
	// texts keeps the original teaser and body (deflated) for snippets.
	`CREATE TABLE IF NOT EXISTS texts (
		id       INTEGER PRIMARY KEY,
		subtitle TEXT NOT NULL,
		body     BLOB NOT NULL
	)`,
	// fts holds the analysed terms only (contentless); tags holds filter
	// tokens (see tagMark): l<lang>, s<source id> and n<word of the site
	// name>. Without
	// column sizes BM25 has no length normalisation, but it no longer
	// reads a row of sizes for every match, which was most of the time
	// of a search for a frequent word; and so FTS5 cannot delete rows by
	// itself: the old terms are made again from docs and texts and given
	// to its 'delete' command.
	`CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5 (
		title, subtitle, body, authors, tags,
		content = '', columnsize = 0, tokenize = 'ascii'
	)`,
}

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
		for _, t := range []string{"fts", "texts", "docs"} {
			if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+t); err != nil {
				return fmt.Errorf("search: migrate: %w", err)
			}
		}
		ix.stale = true
	}
	for _, s := range schema {
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
// than one Add each when the index is rebuilt.
func (ix *Index) AddMany(ctx context.Context, as []*newsdesk.StoredArticle) error {
	// An article given twice is indexed once, as given last.
	last := make(map[int64]int, len(as))
	for i, a := range as {
		if a == nil {
			return errors.New("search: add: nil article")
		}
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
				docs[i] = newDocument(as[i])
			}
		})
	}
	wg.Wait()
	tx, err := ix.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: add: %w", err)
	}
	defer tx.Rollback()
	stmts := make([]*sql.Stmt, 0, 5)
	for _, q := range []string{
		`INSERT INTO fts (fts, rowid, title, subtitle, body, authors, tags) VALUES ('delete', ?, ?, ?, ?, ?, ?)`,
		`INSERT OR REPLACE INTO docs (id, source, lang, pub, published, url, title, site, authors) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		`INSERT OR REPLACE INTO texts (id, subtitle, body) VALUES (?, ?, ?)`,
		`INSERT INTO fts (rowid, title, subtitle, body, authors, tags) VALUES (?, ?, ?, ?, ?, ?)`,
	} {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("search: add: %w", err)
		}
		defer st.Close()
		stmts = append(stmts, st)
	}
	// The terms of the versions indexed now, to be deleted.
	var old []*document
	for _, d := range docs {
		o, err := storedDocument(ctx, tx, d.id)
		if err != nil {
			return err
		}
		if o != nil {
			old = append(old, o)
		}
	}
	// The fts table comes last: a statement on the other tables may open
	// a statement journal, and FTS5 writes its pending terms out as a new
	// segment at every such savepoint, so interleaving would make one
	// tiny segment per article.
	for _, d := range docs {
		if _, err := stmts[1].ExecContext(ctx, d.id, d.source, d.lang, d.pub, d.published, d.url, d.title, d.site, d.authors); err != nil {
			return fmt.Errorf("search: add %d: %w", d.id, err)
		}
		if _, err := stmts[2].ExecContext(ctx, d.id, d.subtitle, d.body); err != nil {
			return fmt.Errorf("search: add %d: %w", d.id, err)
		}
	}
	for _, o := range old {
		if _, err := stmts[0].ExecContext(ctx, o.id, o.fts[0], o.fts[1], o.fts[2], o.fts[3], o.fts[4]); err != nil {
			return fmt.Errorf("search: add %d: %w", o.id, err)
		}
	}
	for _, d := range docs {
		if _, err := stmts[3].ExecContext(ctx, d.id, d.fts[0], d.fts[1], d.fts[2], d.fts[3], d.fts[4]); err != nil {
			return fmt.Errorf("search: add %d: %w", d.id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: add: %w", err)
	}
	return nil
}

// Remove takes the article with this ID out of the index. Removing an
// article that is not indexed is not an error.
func (ix *Index) Remove(ctx context.Context, id int64) error {
	tx, err := ix.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: remove %d: %w", id, err)
	}
	defer tx.Rollback()
	o, err := storedDocument(ctx, tx, id)
	if err != nil || o == nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO fts (fts, rowid, title, subtitle, body, authors, tags) VALUES ('delete', ?, ?, ?, ?, ?, ?)`,
		o.id, o.fts[0], o.fts[1], o.fts[2], o.fts[3], o.fts[4]); err != nil {
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
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("search: remove %d: %w", id, err)
	}
	return nil
}

// Reset empties the index, for a rebuild.
func (ix *Index) Reset(ctx context.Context) error {
	tx, err := ix.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("search: reset: %w", err)
	}
	defer tx.Rollback()
	for _, q := range []string{
		`INSERT INTO fts (fts) VALUES ('delete-all')`,
		`DELETE FROM docs`,
		`DELETE FROM texts`,
	} {
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
	if _, err := ix.w.ExecContext(ctx, `INSERT INTO fts (fts) VALUES ('optimize')`); err != nil {
		return fmt.Errorf("search: optimize: %w", err)
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
	id, source, pub             int64
	lang, published, url, title string
	site, authors, subtitle     string
	body                        []byte
	fts                         [5]string
}

func newDocument(a *newsdesk.StoredArticle) *document {
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
		body:     deflate(text),
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
	return d
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
	d.fts[4] = strings.Join(tags, " ")
}

// storedDocument reads the document indexed under id, with the terms it
// was indexed with, or nil if there is none.
func storedDocument(ctx context.Context, tx *sql.Tx, id int64) (*document, error) {
	d := &document{id: id}
	err := tx.QueryRowContext(ctx, `SELECT d.source, d.lang, d.title, d.site, d.authors, t.subtitle, t.body
		FROM docs d JOIN texts t ON t.id = d.id WHERE d.id = ?`, id).
		Scan(&d.source, &d.lang, &d.title, &d.site, &d.authors, &d.subtitle, &d.body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("search: read %d: %w", id, err)
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

func inflate(b []byte) (string, error) {
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
	out.Grow(4 * len(b))
	_, err := io.Copy(&out, r)
	inflaters.Put(r)
	return out.String(), err
}
