package sqlite

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"newsdesk"
)

// changes returns the whole change log as article ID → seq, checking
// that Changes returns it in seq order with the articles as stored.
func changes(t *testing.T, s *Store) map[int64]int64 {
	t.Helper()
	ctx := context.Background()
	got := map[int64]int64{}
	var after int64
	for {
		cs, err := s.Changes(ctx, after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			break
		}
		for _, c := range cs {
			if c.Seq <= after {
				t.Fatalf("Changes after %d: seq %d out of order", after, c.Seq)
			}
			after = c.Seq
			if c.Article != nil && c.Article.ID != c.ID {
				t.Fatalf("change of %d carries article %d", c.ID, c.Article.ID)
			}
			got[c.ID] = c.Seq
		}
	}
	n, last, err := s.Pending(ctx, 0)
	if err != nil || n != int64(len(got)) || last != after {
		t.Fatalf("Pending(0) = %d, %d, %v; want %d, %d", n, last, err, len(got), after)
	}
	return got
}

func TestChangeLog(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	src := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://news.example.com/feed"}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	const u1, u2 = "https://news.example.com/a", "https://news.example.com/b"
	p := page(u1, "a")
	p.SourceID = src.ID
	id1, _, err := s.SaveArticle(ctx, p, article(u1, "", body("one")))
	if err != nil {
		t.Fatal(err)
	}
	id2, _, err := s.SaveArticle(ctx, page(u2, "b"), article(u2, "", body("two")))
	if err != nil {
		t.Fatal(err)
	}
	c := changes(t, s)
	if len(c) != 2 || c[id1] >= c[id2] {
		t.Fatalf("after two new articles: log %v", c)
	}

	// A duplicate changes nothing; a revision moves the article to the end.
	if _, out, err := s.SaveArticle(ctx, page(u1, "a"), article(u1, "", body("one"))); err != nil || out != newsdesk.Duplicate {
		t.Fatalf("duplicate: %q, %v", out, err)
	}
	if c2 := changes(t, s); c2[id1] != c[id1] || c2[id2] != c[id2] {
		t.Errorf("a duplicate changed the log: %v, was %v", c2, c)
	}
	if _, out, err := s.SaveArticle(ctx, page(u1, "a2"), article(u1, "", body("one, revised"))); err != nil || out != newsdesk.Revised {
		t.Fatalf("revision: %q, %v", out, err)
	}
	c3 := changes(t, s)
	if len(c3) != 2 || c3[id1] <= c3[id2] {
		t.Errorf("after a revision of %d: log %v", id1, c3)
	}
	cs, err := s.Changes(ctx, c3[id2], 10)
	if err != nil || len(cs) != 1 || cs[0].Article == nil || cs[0].Article.Text() != body("one, revised") {
		t.Fatalf("Changes after the revision = %+v, %v", cs, err)
	}

	// Re-extraction and the removal of a source are changes too.
	sa, err := s.Article(ctx, id2)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Reextract(ctx, sa.PageID, article(u2, "", body("two, read again"))); err != nil {
		t.Fatal(err)
	}
	c4 := changes(t, s)
	if c4[id2] <= c3[id1] {
		t.Errorf("after Reextract of %d: log %v", id2, c4)
	}
	if err := s.RemoveSource(ctx, src.ID); err != nil {
		t.Fatal(err)
	}
	c5 := changes(t, s)
	if c5[id1] <= c4[id2] {
		t.Errorf("after removing the source of %d: log %v", id1, c5)
	}
	cs, err = s.Changes(ctx, c4[id2], 10)
	if err != nil || len(cs) != 1 || cs[0].Article == nil || cs[0].Article.SourceID != 0 {
		t.Fatalf("Changes after RemoveSource = %+v, %v", cs, err)
	}
	if n, _, err := s.Pending(ctx, c4[id2]); err != nil || n != 1 {
		t.Errorf("Pending = %d, %v; want 1", n, err)
	}
}

// A store made before the change log existed gets one with every
// article, in ID order, when it is opened.
func TestChangeLogMigration(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"https://a.example/1", "https://a.example/2", "https://a.example/3"} {
		if _, _, err := s.SaveArticle(ctx, page(u, u), article(u, "", body(u))); err != nil {
			t.Fatal(err)
		}
	}
	// Back to version 1.
	for _, q := range []string{`DROP TABLE site_pages`, `DROP TABLE site_blocks`, `DROP TABLE site_epochs`, `DROP TABLE sites`, `ALTER TABLE articles DROP COLUMN outlet_id`, `ALTER TABLE articles DROP COLUMN outlet_name`, `DROP TABLE outlet_names`, `DROP TABLE outlets`, `DROP TABLE deliveries`, `DROP TABLE alert_matches`, `DROP TABLE alerts`, `DROP TABLE alert_seen`, `DELETE FROM sqlite_sequence WHERE name IN ('alert_matches', 'deliveries')`, `DROP TABLE connections`, `DROP TABLE stories`, `DROP TABLE story_redirects`, `ALTER TABLE articles DROP COLUMN extra`, `DROP TABLE quotes_fts`, `DROP TABLE quotes`, `DROP TABLE article_agencies`, `DROP TABLE cited_sources`, `DROP TABLE figures`, `DELETE FROM sqlite_sequence WHERE name = 'quotes'`, `DROP TABLE entity_aliases`, `DROP TABLE entity_merges`, `DROP TABLE analyzed`, `DROP TABLE mentions`, `DROP TABLE entities`, `DROP TABLE followers`, `DROP TABLE changes`, `DELETE FROM sqlite_sequence WHERE name = 'changes'`, `DELETE FROM schema_migrations WHERE version > 1`} {
		if _, err := s.w.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s.Close()
	if s, err = Open(ctx, dir); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := changes(t, s)
	if len(c) != 3 || !(c[1] < c[2] && c[2] < c[3]) {
		t.Errorf("log after migration: %v", c)
	}
}

// A read-only store reads what a writable one wrote, refuses writes,
// and creates nothing.
func TestOpenReadOnly(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if _, err := OpenReadOnly(ctx, filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly of a missing store: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly created the directory: %v", err)
	}
	w, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	const u = "https://a.example/1"
	id, _, err := w.SaveArticle(ctx, page(u, u), article(u, "", body(u)))
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if a, err := r.Article(ctx, id); err != nil || a.URL != u {
		t.Errorf("Article on the read-only store = %v, %v", a, err)
	}
	if _, _, err := r.SaveArticle(ctx, page(u+"x", u), article(u+"x", "", body("x"))); !errors.Is(err, newsdesk.ErrReadOnly) {
		t.Errorf("SaveArticle on the read-only store: %v", err)
	}
	if err := r.AddSource(ctx, &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://a.example/feed"}); !errors.Is(err, newsdesk.ErrReadOnly) {
		t.Errorf("AddSource on the read-only store: %v", err)
	}
	if !r.ReadOnly() || w.ReadOnly() {
		t.Error("ReadOnly is wrong")
	}
	w.Close()
	// After a clean close, without the write-ahead log's files.
	r2, err := OpenReadOnly(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r2.Close()
	if n, _, _, err := r2.Count(ctx); err != nil || n != 1 {
		t.Errorf("Count = %d, %v", n, err)
	}
}
