package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
)

// openTest opens a store in a fresh temporary directory and closes it
// when the test ends.
func openTest(t testing.TB) *Store {
	t.Helper()
	s, err := Open(context.Background(), t.TempDir())
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

// body returns article text of about 600 bytes, different for each seed.
func body(seed string) string {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "Paragraph %d of the story about %s, with enough words to be an article body of its own. ", i, seed)
	}
	return b.String()
}

// article returns an article at url with the given canonical URL and a
// body of one paragraph per line of text.
func article(url, canonical, text string) *newsdesk.Article {
	a := &newsdesk.Article{
		URL:          url,
		CanonicalURL: canonical,
		Title:        "Title of " + url,
		Language:     "en",
	}
	for _, line := range strings.Split(text, "\n") {
		if line != "" {
			a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: line})
		}
	}
	return a
}

// page returns a page at url whose body holds text.
func page(url, text string) *newsdesk.Page {
	return &newsdesk.Page{
		URL:         url,
		ContentType: "text/html; charset=utf-8",
		Fetched:     time.Now(),
		Body:        []byte("<!doctype html><html><body><article><p>" + text + "</p></article></body></html>"),
	}
}

func TestOpenReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	for i := range 3 {
		s, err := Open(ctx, dir)
		if err != nil {
			t.Fatalf("Open #%d: %v", i+1, err)
		}
		if i == 0 {
			if err := s.AddSource(ctx, &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/feed"}); err != nil {
				t.Fatal(err)
			}
		}
		var versions, newest int
		if err := s.r.QueryRow(`SELECT count(*), max(version) FROM schema_migrations`).Scan(&versions, &newest); err != nil {
			t.Fatal(err)
		}
		if versions != len(migrations) || newest != len(migrations) {
			t.Errorf("open #%d: %d migrations recorded, newest %d; want %d", i+1, versions, newest, len(migrations))
		}
		if _, _, n, err := s.Count(ctx); err != nil || n != 1 {
			t.Errorf("open #%d: Count sources = %d, %v; want 1", i+1, n, err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestPragmas(t *testing.T) {
	s := openTest(t)
	for _, tt := range []struct {
		pragma string
		want   string
	}{
		{"journal_mode", "wal"},
		{"foreign_keys", "1"},
		{"synchronous", "1"}, // NORMAL
		{"busy_timeout", fmt.Sprint(busyTimeout.Milliseconds())},
	} {
		for name, db := range map[string]*sql.DB{"writer": s.w, "reader": s.r} {
			var got string
			if err := db.QueryRow("PRAGMA " + tt.pragma).Scan(&got); err != nil {
				t.Fatalf("%s: PRAGMA %s: %v", name, tt.pragma, err)
			}
			if got != tt.want {
				t.Errorf("%s: PRAGMA %s = %s, want %s", name, tt.pragma, got, tt.want)
			}
		}
	}
	if _, err := s.r.Exec(`DELETE FROM sources`); err == nil {
		t.Error("write on a reader connection succeeded")
	}
}

func TestOpenNewerSchema(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.w.Exec(`INSERT INTO schema_migrations (version, applied) VALUES (?, '')`, len(migrations)+1); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err := Open(ctx, dir); err == nil {
		s.Close()
		t.Fatal("Open of a database from a newer program succeeded")
	}
}

func TestPathWithSpecialCharacters(t *testing.T) {
	dir := t.TempDir() + "/news?desk#1 %20"
	s, err := Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if s.Path() != dir+"/"+FileName {
		t.Errorf("Path = %q", s.Path())
	}
	if _, _, err := s.SaveArticle(context.Background(), page("https://example.com/a", "x"), article("https://example.com/a", "", body("a"))); err != nil {
		t.Fatal(err)
	}
}

// TestGroupCommitFailure checks that a write failing inside a shared
// transaction fails alone: the writes committed with it still land.
func TestGroupCommitFailure(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 40)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = s.write(ctx, func(tx *sql.Tx) error {
				if i%7 == 3 {
					return fmt.Errorf("write %d fails", i)
				}
				_, err := tx.ExecContext(ctx, `INSERT INTO sources (kind, url, title, created) VALUES ('page', ?, '', ?)`,
					fmt.Sprintf("https://example.com/%d", i), formatTime(time.Now()))
				return err
			})
		}()
	}
	wg.Wait()
	want := 0
	for i, err := range errs {
		if (i%7 == 3) != (err != nil) {
			t.Errorf("write %d: err %v", i, err)
		}
		if err == nil {
			want++
		}
	}
	srcs, err := s.Sources(ctx)
	if err != nil || len(srcs) != want {
		t.Errorf("%d sources stored, want %d (%v)", len(srcs), want, err)
	}
}
