package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"newsdesk"
	"newsdesk/internal/sqlerr"
)

var _ newsdesk.Store = (*Store)(nil)

// FileName is the name of the database file Open creates in its directory.
const FileName = "newsdesk.db"

// busyTimeout is how long a connection waits for a lock held by another
// connection or process before it gives up with SQLITE_BUSY.
const busyTimeout = 10 * time.Second

// Store is a newsdesk.Store kept in one SQLite file. It is safe for
// concurrent use by many goroutines.
type Store struct {
	path string
	w    *sql.DB // the single writer connection; nil when read-only
	r    *sql.DB // read-only connections

	readOnly bool

	stmts map[string]*sql.Stmt // writeQueries, prepared on w
	reads map[string]*sql.Stmt // readQueries, prepared on r

	// Group commit: writes that arrive while a transaction runs are
	// committed together in the next one.
	wmu     sync.Mutex
	pending []*writeReq
	leading bool
}

// writeReq is one write waiting for its transaction.
type writeReq struct {
	ctx  context.Context
	fn   func(*sql.Tx) error
	done chan error
}

// maxBatch bounds the writes committed in one transaction.
const maxBatch = 64

// Open opens the store in dir, creating the directory and dir/newsdesk.db
// if needed, and brings the schema up to date.
func Open(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	path := filepath.Join(dir, FileName)
	s := &Store{path: path}

	// One writer connection: writes queue in database/sql rather than
	// meet each other in SQLite's lock, and every transaction on it begins
	// IMMEDIATE, taking the write lock up front, so a transaction that
	// reads before it writes cannot fail half-way with SQLITE_BUSY.
	w, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s.w = w
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}

	// Readers see the last committed state through WAL and never wait for
	// the writer; query_only makes a stray write on them an error.
	r, err := sql.Open("sqlite", dsn(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s.r = r
	if err := r.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := s.prepare(ctx); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens the store in dir for reading only, as on a
// read-only file system or a snapshot copy: nothing in dir is written
// (SQLite may make the files of the write-ahead log where the directory
// can be written), and every write returns an error wrapping
// newsdesk.ErrReadOnly. The store must exist with the schema of this
// version. When SQLite cannot open the file read-only in the usual way
// (its write-ahead log's shared memory cannot be made), the file is read
// as immutable, as it was last checkpointed.
func OpenReadOnly(ctx context.Context, dir string) (*Store, error) {
	path := filepath.Join(dir, FileName)
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	s := &Store{path: path, readOnly: true}
	var errs []error
	for _, immutable := range []bool{false, true} {
		r, err := sql.Open("sqlite", roDSN(path, immutable))
		if err == nil {
			var v int
			err = r.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&v)
			if err == nil && v != len(migrations) {
				err = fmt.Errorf("schema version %d, this program needs %d: open it writable once to bring it up to date", v, len(migrations))
			}
			if err == nil {
				n := max(4, runtime.GOMAXPROCS(0))
				r.SetMaxOpenConns(n)
				r.SetMaxIdleConns(n)
				s.r = r
				if err = s.prepare(ctx); err == nil {
					return s, nil
				}
				s.r = nil
			}
			r.Close()
		}
		errs = append(errs, err)
	}
	return nil, fmt.Errorf("sqlite: open %s read-only: %w", path, errors.Join(errs...))
}

// roDSN returns the data source name of a read-only connection to the
// file at path, which SQLite may not write; immutable reads it without
// locks or its write-ahead log.
func roDSN(path string, immutable bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "query_only(1)")
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + p + "?" + q.Encode()
}

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// dsn returns the data source name of a connection to path.
//
// synchronous=NORMAL: in WAL mode SQLite then syncs the WAL only at
// checkpoints, not at every commit. A crash of the process, however
// abrupt, loses nothing committed and never corrupts the file; only a
// power failure or OS crash can roll back the last few commits, which for
// pages that can be fetched again is the right trade for the much cheaper
// commit.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busyTimeout.Milliseconds()))
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Add("_pragma", "journal_mode(WAL)")
		q.Set("_txlock", "immediate")
	}
	// In a file: URI, SQLite decodes percent escapes in the path; escape
	// the characters that would end or garble it.
	p := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + p + "?" + q.Encode()
}

// Path returns the path of the database file.
func (s *Store) Path() string { return s.path }

// Close lets SQLite refresh its query planner statistics and closes the
// database. The Store must not be used afterwards.
func (s *Store) Close() error {
	var errs []error
	for _, st := range s.stmts {
		errs = append(errs, st.Close())
	}
	for _, st := range s.reads {
		errs = append(errs, st.Close())
	}
	if s.r != nil {
		errs = append(errs, s.r.Close())
	}
	if s.w != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		_, _ = s.w.ExecContext(ctx, "PRAGMA optimize")
		cancel()
		errs = append(errs, s.w.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// Count returns the number of stored articles, pages and sources.
func (s *Store) Count(ctx context.Context) (articles, pages, sources int64, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM pages),
		(SELECT count(*) FROM sources)`).Scan(&articles, &pages, &sources)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("sqlite: count: %w", err)
	}
	return articles, pages, sources, nil
}

// writeQueries are the statements of the write path, prepared once on
// the writer connection when the store opens: parsing SQL took a tenth of
// the time of storing a page.
var writeQueries = slices.Concat([]string{qFindByURL, qFindByHash, qInsertPage, qInsertArticle, qAddKey, qLogChange}, attributionQueries, outletQueries, siteQueries)

// prepare prepares writeQueries on the writer connection and readQueries
// on the readers.
func (s *Store) prepare(ctx context.Context) error {
	s.stmts = make(map[string]*sql.Stmt, len(writeQueries))
	for _, q := range writeQueries {
		if s.w == nil {
			break
		}
		st, err := s.w.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("sqlite: prepare: %w", err)
		}
		s.stmts[q] = st
	}
	s.reads = make(map[string]*sql.Stmt, len(readQueries))
	for _, q := range readQueries {
		st, err := s.r.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("sqlite: prepare: %w", err)
		}
		s.reads[q] = st
	}
	return nil
}

// readQueries are prepared on the readers: those run for every page of
// an ingest.
var readQueries = []string{qSeen, qSiteRow, qSiteBlockRows}

// prep returns the prepared statement for query, one of writeQueries,
// bound to tx.
func (s *Store) prep(ctx context.Context, tx *sql.Tx, query string) *sql.Stmt {
	return tx.StmtContext(ctx, s.stmts[query])
}

// write runs fn in a write transaction and commits it if fn succeeds.
// Writes from concurrent callers share transactions (group commit): each
// is still all or nothing, and a crash loses only writes not yet
// reported as done.
func (s *Store) write(ctx context.Context, fn func(*sql.Tx) error) error {
	if s.w == nil {
		return newsdesk.ErrReadOnly
	}
	return sqlerr.Classify(s.groupWrite(ctx, fn))
}

// groupWrite is write without the classification of errors.
func (s *Store) groupWrite(ctx context.Context, fn func(*sql.Tx) error) error {
	req := &writeReq{ctx: ctx, fn: fn, done: make(chan error, 1)}
	s.wmu.Lock()
	s.pending = append(s.pending, req)
	if s.leading {
		s.wmu.Unlock()
		return <-req.done
	}
	// This caller runs transactions until no write is waiting.
	s.leading = true
	s.wmu.Unlock()
	for {
		s.wmu.Lock()
		batch := s.pending
		if len(batch) > maxBatch {
			batch = batch[:maxBatch]
		}
		s.pending = s.pending[len(batch):]
		if len(batch) == 0 {
			s.pending, s.leading = nil, false
			s.wmu.Unlock()
			break
		}
		s.wmu.Unlock()
		s.commit(batch)
	}
	return <-req.done
}

// commit runs a batch of writes in one transaction. Writes rarely fail;
// when one of a batch does, the transaction is rolled back and each write
// of the batch runs again in a transaction of its own, so that the others
// still land. A failed commit fails them all.
func (s *Store) commit(batch []*writeReq) {
	if len(batch) > 1 {
		if err := s.runTx(context.Background(), batch); err == nil {
			for _, r := range batch {
				r.done <- nil
			}
			return
		}
	}
	for _, r := range batch {
		r.done <- s.runTx(r.ctx, []*writeReq{r})
	}
}

// runTx runs the writes of batch in one transaction and commits it.
func (s *Store) runTx(ctx context.Context, batch []*writeReq) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	for _, r := range batch {
		if err := r.ctx.Err(); err != nil {
			tx.Rollback()
			return err
		}
		if err := r.fn(tx); err != nil {
			tx.Rollback()
			return err
		}
	}
	return tx.Commit()
}

// isUnique reports whether err is the violation of a UNIQUE or PRIMARY
// KEY constraint.
func isUnique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}
