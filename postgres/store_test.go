package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"newsdesk"
	"newsdesk/internal/pgtest"
	"newsdesk/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// newDB returns the DSN of a new database of the package's cluster with
// the store's schema, copied from a template migrated once.
func newDB(t testing.TB) string {
	t.Helper()
	c := pgtest.Shared(t)
	tmpl := c.Template(t, "store_template", func(dsn string) error {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			return err
		}
		return s.Close()
	})
	return c.NewDatabase(t, tmpl)
}

// openTest opens a store in a new database of the package's cluster
// and closes it when the test ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), newDB(t))
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

// TestContract runs the stores' contract suite against PostgreSQL.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store { return openTest(t) })
}

func TestIsDSN(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want bool
	}{
		{"postgres://u:p@db:5432/newsdesk?sslmode=require", true},
		{"postgresql://db/newsdesk", true},
		{"POSTGRES://db/newsdesk", true},
		{"host=db dbname=newsdesk", true},
		{"dbname=newsdesk", true},
		{"newsdesk-data", false},
		{"./data=old", false},
		{"/var/lib/newsdesk", false},
		{"", false},
		{"sqlite://x", false},
	} {
		if got := IsDSN(tt.s); got != tt.want {
			t.Errorf("IsDSN(%q) = %v, want %v", tt.s, got, tt.want)
		}
	}
}

// Open takes the database as a postgres:// or postgresql:// URL or a
// key=value string, and refuses what is none of them without trying.
func TestOpenDSNForms(t *testing.T) {
	ctx := context.Background()
	c := pgtest.Shared(t)
	name := pgtest.DBName(pgtest.DB(t))
	url := c.URL(name)
	for _, dsn := range []string{c.DSN(name), url, "postgresql" + strings.TrimPrefix(url, "postgres")} {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Errorf("Open(%s): %v", dsn, err)
			continue
		}
		if err := s.AddSource(ctx, &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/" + dsn}); err != nil {
			t.Errorf("AddSource through %s: %v", dsn, err)
		}
		s.Close()
	}
	s, err := Open(ctx, c.DSN(name))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, _, n, err := s.Count(ctx); err != nil || n != 3 {
		t.Errorf("sources added through the three forms: %d, %v", n, err)
	}
	if _, err := Open(ctx, "newsdesk-data"); err == nil {
		t.Error("Open of a directory name succeeded")
	}
	if _, err := Open(ctx, "postgres://u:secret-password@localhost:port/db"); err == nil || strings.Contains(err.Error(), "secret-password") {
		t.Errorf("Open of a URL that does not parse: %v", err)
	}
	// A wrong password is an error that does not repeat it.
	bad := strings.Replace(url, "postgres@", "nobody:secret-password@", 1)
	if _, err := Open(ctx, bad+"&connect_timeout=5"); err == nil || strings.Contains(err.Error(), "secret-password") {
		t.Errorf("Open with another user's credentials: %v", err)
	}
}

// Processes opening one new database at once apply each migration once;
// a database from a newer program is refused.
func TestOpenConcurrentAndNewer(t *testing.T) {
	ctx := context.Background()
	dsn := pgtest.DB(t)
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := Open(ctx, dsn)
			if err == nil {
				s.Close()
			}
			errs[i] = err
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Open #%d: %v", i, err)
		}
	}
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	var versions, newest int
	if err := s.pool.QueryRow(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&versions, &newest); err != nil {
		t.Fatal(err)
	}
	if versions != len(migrations) || newest != len(migrations) {
		t.Errorf("%d migrations recorded, newest %d; want %d", versions, newest, len(migrations))
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO schema_migrations (version) VALUES ($1)`, len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, dsn); err == nil {
		s.Close()
		t.Fatal("Open of a database from a newer program succeeded")
	}
}

// Text PostgreSQL cannot hold — bytes that are no UTF-8, NUL — is
// stored with U+FFFD in their place, not refused.
func TestTextCleaned(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	a := article("https://example.com/bad\x00", "bad")
	a.Title = "Caf\xe9 \x00 crème"
	a.Authors = []string{"Ann\x00"}
	a.Blocks[0].Items = []string{"\xff"}
	a.Blocks[0].Rows = [][]string{{"ok", "\x00"}}
	a.Extra = map[string]any{"k\x00": []any{"v\xff"}}
	p := page(a.URL)
	p.ContentType = "text/html\x00"
	id, _, err := s.SaveArticle(ctx, p, a)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != "Caf\uFFFD \uFFFD crème" || got.Authors[0] != "Ann\uFFFD" || got.URL != "https://example.com/bad\uFFFD" ||
		got.Blocks[0].Items[0] != "\uFFFD" || got.Blocks[0].Rows[0][1] != "\uFFFD" ||
		fmt.Sprint(got.Extra) != "map[k\uFFFD:[v\uFFFD]]" {
		t.Errorf("cleaned article = %+v", got.Article)
	}
	if a.Title != "Caf\xe9 \x00 crème" {
		t.Error("SaveArticle changed the caller's article")
	}
	if seen, err := s.SeenURL(ctx, "https://example.com/bad\x00"); err != nil || !seen {
		t.Errorf("SeenURL of the URL as given: %v, %v", seen, err)
	}
	src := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/feed", Title: "\xfe", LastError: "x\x00"}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	if err := s.LogFetch(ctx, newsdesk.Fetch{URL: "https://example.com/\xff", Error: "\x00"}); err != nil {
		t.Fatal(err)
	}
}

// A write refused because the database is read-only (a standby, or a
// database set so) is newsdesk.ErrReadOnly, which stops a batch.
func TestReadOnlyDatabase(t *testing.T) {
	ctx := context.Background()
	dsn := newDB(t)
	s, err := Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.pool.Exec(ctx, `ALTER DATABASE `+pgtest.DBName(dsn)+` SET default_transaction_read_only = on`); err != nil {
		t.Fatal(err)
	}
	s.pool.Reset() // new connections take the setting
	err = s.AddSource(ctx, &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/feed"})
	if !errors.Is(err, newsdesk.ErrReadOnly) || !newsdesk.StorageFailed(err) {
		t.Errorf("AddSource on a read-only database: %v, want ErrReadOnly", err)
	}
	if _, _, err := s.SaveArticle(ctx, page("https://example.com/a"), article("https://example.com/a", "a")); !errors.Is(err, newsdesk.ErrReadOnly) {
		t.Errorf("SaveArticle on a read-only database: %v, want ErrReadOnly", err)
	}
	if _, _, _, err := s.Count(ctx); err != nil {
		t.Errorf("Count on a read-only database: %v", err)
	}
}
