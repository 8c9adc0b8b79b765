package storetest

import (
	"context"
	"fmt"
	"testing"

	"newsdesk"
)

// changes returns the whole change log as article ID → seq, checking
// that Changes returns it in seq order with the articles as stored and
// that Pending agrees.
func changes(t *testing.T, s Store) map[int64]int64 {
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
		if len(cs) > 2 {
			t.Fatalf("Changes(%d, 2) returned %d changes", after, len(cs))
		}
		for _, c := range cs {
			if c.Seq <= after {
				t.Fatalf("Changes after %d: seq %d out of order", after, c.Seq)
			}
			after = c.Seq
			if c.Article == nil || c.Article.ID != c.ID {
				t.Fatalf("change of %d carries article %+v", c.ID, c.Article)
			}
			if _, ok := got[c.ID]; ok {
				t.Fatalf("article %d twice in the log", c.ID)
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

// testChangeLog checks that every article write — new, revised,
// re-extracted, its source removed — moves the article to the end of
// the change log, once, and that a duplicate changes nothing.
func testChangeLog(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	if cs, err := s.Changes(ctx, 0, 10); err != nil || len(cs) != 0 {
		t.Fatalf("Changes of an empty store = %+v, %v", cs, err)
	}
	if n, last, err := s.Pending(ctx, 0); err != nil || n != 0 || last != 0 {
		t.Fatalf("Pending of an empty store = %d, %d, %v", n, last, err)
	}
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
	// Removing a source without articles writes nothing to the log.
	other := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://news.example.com/other"}
	if err := s.AddSource(ctx, other); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSource(ctx, other.ID); err != nil {
		t.Fatal(err)
	}
	if c6 := changes(t, s); fmt.Sprint(c6) != fmt.Sprint(c5) {
		t.Errorf("removing a source without articles changed the log: %v, was %v", c6, c5)
	}
}

// testChangeLogPaging checks that a follower reading the log a few
// changes at a time sees every article once, in the order written, and
// the articles as they are when it reads.
func testChangeLogPaging(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	var ids []int64
	for i := range 25 {
		u := fmt.Sprintf("https://example.com/%d", i)
		id, _, err := s.SaveArticle(ctx, page(u, u), article(u, "", body(u)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	first, err := s.Changes(ctx, 0, 0) // 0: the store's default limit
	if err != nil || len(first) != 25 {
		t.Fatalf("Changes(0, 0) = %d changes, %v; want all 25", len(first), err)
	}
	var seen []int64
	var after int64
	for {
		cs, err := s.Changes(ctx, after, 7)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) == 0 {
			break
		}
		n, _, err := s.Pending(ctx, after)
		if err != nil || n != int64(25-len(seen)) {
			t.Errorf("Pending(%d) = %d, %v; want %d", after, n, err, 25-len(seen))
		}
		for _, c := range cs {
			seen = append(seen, c.ID)
			after = c.Seq
		}
	}
	if fmt.Sprint(seen) != fmt.Sprint(ids) {
		t.Errorf("follower saw %v, want %v", seen, ids)
	}
	// The article of a change is the article as it is now.
	u := "https://example.com/3"
	if _, out, err := s.SaveArticle(ctx, page(u, "x"), article(u, "", body("3, revised"))); err != nil || out != newsdesk.Revised {
		t.Fatalf("revision: %q, %v", out, err)
	}
	if cs, err := s.Changes(ctx, first[2].Seq, 1); err != nil || len(cs) != 1 || cs[0].ID != ids[4] {
		t.Errorf("Changes after the third = %+v, %v; want the fifth, the fourth moved to the end", cs, err)
	}
	cs, err := s.Changes(ctx, after, 10)
	if err != nil || len(cs) != 1 || cs[0].ID != ids[3] || cs[0].Article.Text() != body("3, revised") || cs[0].Article.Revisions != 1 {
		t.Errorf("Changes after the last = %+v, %v; want the revised fourth", cs, err)
	}
}
