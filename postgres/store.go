package postgres

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"net"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"newsdesk"
)

// The parts of newsdesk.Store this store implements so far (and
// OutletStore, in outlet.go).
var _ newsdesk.ChangeLog = (*Store)(nil)

// Store is a newsdesk store kept in a PostgreSQL database. It is safe
// for concurrent use by many goroutines and by many processes on the
// same database.
type Store struct {
	pool *pgxpool.Pool

	// beforeCommit, when set (by tests), runs in every write transaction
	// after its statements and before its commit.
	beforeCommit func(ctx context.Context)
}

// IsDSN reports whether s names a PostgreSQL database rather than a
// directory: a postgres:// or postgresql:// URL, or a key=value
// connection string ("host=db dbname=newsdesk").
func IsDSN(s string) bool {
	l := strings.ToLower(s)
	if strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://") {
		return true
	}
	k, _, ok := strings.Cut(strings.TrimSpace(s), "=")
	return ok && k != "" && !strings.ContainsAny(k, `/\ `)
}

// Open connects to the PostgreSQL database dsn — a postgres:// or
// postgresql:// URL or a key=value connection string, with credentials
// and TLS settings as libpq reads them — and brings its schema up to
// date. The database must exist; the user needs the right to create
// tables in it the first time.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if !IsDSN(dsn) {
		return nil, fmt.Errorf("postgres: open: %q is no postgres:// URL or key=value connection string", dsn)
	}
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// The error quotes the DSN with its password masked as well as
		// pgx can tell it, which is not always: say less.
		if inner := errors.Unwrap(err); inner != nil {
			return nil, fmt.Errorf("postgres: open: cannot parse the connection string: %w", inner)
		}
		return nil, errors.New("postgres: open: cannot parse the connection string")
	}
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "newsdesk"
	}
	// Times are read and written as instants; UTC keeps what the server
	// prints in logs and psql the same as what newsdesk shows.
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	if cfg.MaxConns < int32(max(4, runtime.GOMAXPROCS(0))) {
		cfg.MaxConns = int32(max(4, runtime.GOMAXPROCS(0)))
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open %s: %w", describe(cfg), classify(err))
	}
	s := &Store{pool: pool}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, classify(err)
	}
	return s, nil
}

// describe names the database of cfg without its password.
func describe(cfg *pgxpool.Config) string {
	c := cfg.ConnConfig
	return fmt.Sprintf("database %s on %s:%d", c.Database, c.Host, c.Port)
}

// Close closes every connection of the store. The Store must not be
// used afterwards.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Count returns the number of stored articles, pages and sources.
func (s *Store) Count(ctx context.Context) (articles, pages, sources int64, err error) {
	err = s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM articles),
		(SELECT count(*) FROM pages),
		(SELECT count(*) FROM sources)`).Scan(&articles, &pages, &sources)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("postgres: count: %w", classify(err))
	}
	return articles, pages, sources, nil
}

// maxTries bounds how often write runs a transaction that PostgreSQL
// aborted to break a deadlock or a serialisation conflict.
const maxTries = 4

// write runs fn in a transaction (read committed) and commits it if fn
// succeeds. A transaction the server aborted for a deadlock or a
// serialisation failure is run again, so fn must set its results afresh
// on each call.
func (s *Store) write(ctx context.Context, fn func(pgx.Tx) error) error {
	var err error
	for try := 1; ; try++ {
		err = s.tryWrite(ctx, fn)
		if err == nil || try == maxTries || !retryable(err) || ctx.Err() != nil {
			break
		}
		time.Sleep(time.Duration(try) * 5 * time.Millisecond)
	}
	return classify(err)
}

func (s *Store) tryWrite(ctx context.Context, fn func(pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := fn(tx); err != nil {
		return err
	}
	if s.beforeCommit != nil {
		s.beforeCommit(ctx)
	}
	return tx.Commit(ctx)
}

// lockKeys takes, for the rest of transaction tx, the advisory locks of
// keys (strings such as the URLs an article is known by), in one order
// for every transaction so that two cannot wait for each other. Two
// writes of the same article, which share a key, run one after the
// other: the second sees what the first stored. A key is hashed to 64
// bits; two keys of one hash only wait for each other needlessly.
func lockKeys(ctx context.Context, tx pgx.Tx, keys []string) error {
	ids := make([]int64, 0, len(keys))
	for _, k := range keys {
		if k == "" {
			continue
		}
		h := fnv.New64a()
		h.Write([]byte(k))
		ids = append(ids, int64(h.Sum64()))
	}
	if len(ids) == 0 {
		return nil
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS u(k, n) ORDER BY n`, ids)
	return err
}

// SQLSTATE codes newsdesk tells apart.
const (
	codeUniqueViolation      = "23505"
	codeSerializationFailure = "40001"
	codeDeadlockDetected     = "40P01"
	codeReadOnlyTransaction  = "25006"
	codeDiskFull             = "53100"
	codeIOError              = "58030"
	codeDataCorrupted        = "XX001"
	codeIndexCorrupted       = "XX002"
)

func sqlState(err error) string {
	var e *pgconn.PgError
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

func isUnique(err error) bool { return sqlState(err) == codeUniqueViolation }

func retryable(err error) bool {
	c := sqlState(err)
	return c == codeSerializationFailure || c == codeDeadlockDetected
}

// classify marks an error of the server that is a failure of the
// storage as a whole with the newsdesk error that says so
// (newsdesk.ErrFull, ErrReadOnly or ErrStorage; see
// newsdesk.StorageFailed), keeping the original.
func classify(err error) error {
	switch sqlState(err) {
	case codeDiskFull:
		return fmt.Errorf("%w: %w", newsdesk.ErrFull, err)
	case codeReadOnlyTransaction:
		return fmt.Errorf("%w: %w", newsdesk.ErrReadOnly, err)
	case codeIOError, codeDataCorrupted, codeIndexCorrupted:
		return fmt.Errorf("%w: %w", newsdesk.ErrStorage, err)
	}
	if unreachable(err) {
		return fmt.Errorf("%w: %w", newsdesk.ErrUnavailable, err)
	}
	return err
}

// unreachable reports whether err says the server could not be reached
// or the connection broke: a failed connect, a network error, a
// connection closed under the call, or the server shutting down,
// starting up or in recovery (SQLSTATE classes 08 and 57P).
func unreachable(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	var ce *pgconn.ConnectError
	var ne net.Error
	if errors.As(err, &ce) || errors.As(err, &ne) || errors.Is(err, pgconn.ErrConnClosed) ||
		errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	state := sqlState(err)
	return strings.HasPrefix(state, "08") || strings.HasPrefix(state, "57P")
}

// nullID returns id, or NULL for zero.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
