package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"newsdesk"
)

// testPages checks that Pages walks every page in ID order, across as
// many reads as it takes, with bodies as stored, whatever they hold, and
// that Page reads one.
func testPages(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10) // does not compress
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	bodies := map[string][]byte{
		"empty":    nil,
		"tiny":     []byte("<p>hi</p>"),
		"html":     bytes.Repeat([]byte("<p>Some article text, repeated, compresses well.</p>\n"), 2000),
		"random":   random,
		"binary":   {0, 1, 2, 0xff, 0xfe, 0},
		"latin1":   []byte("<p>Caf\xe9 cr\xe8me</p>"),
		"gzip-ish": append([]byte{0x1f, 0x8b}, bytes.Repeat([]byte("x"), 1000)...),
	}
	src := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/feed"}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	fetched := time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.FixedZone("", 3600))
	want := map[int64]*newsdesk.Page{}
	var order []int64
	for _, name := range []string{"empty", "tiny", "html", "random", "binary", "latin1", "gzip-ish"} {
		u := "https://example.com/" + name
		p := &newsdesk.Page{URL: u, ContentType: "text/html", Body: bodies[name], SourceID: src.ID, Fetched: fetched}
		if _, _, err := s.SaveArticle(ctx, p, article(u, "", body(name))); err != nil {
			t.Fatal(err)
		}
		want[p.ID] = p
		order = append(order, p.ID)
	}
	// Many more pages than one read of a walk takes.
	for i := range 70 {
		u := fmt.Sprintf("https://example.com/more/%d", i)
		p := page(u, u)
		if _, _, err := s.SaveArticle(ctx, p, article(u, "", body(u))); err != nil {
			t.Fatal(err)
		}
		want[p.ID] = p
		order = append(order, p.ID)
	}

	same := func(got *newsdesk.Page) {
		t.Helper()
		w := want[got.ID]
		if w == nil {
			t.Errorf("page %d (%s) was not stored", got.ID, got.URL)
			return
		}
		if !bytes.Equal(got.Body, w.Body) {
			t.Errorf("page %d (%s): body of %d bytes differs from the %d stored", got.ID, got.URL, len(got.Body), len(w.Body))
		}
		if got.URL != w.URL || got.ContentType != w.ContentType || got.SourceID != w.SourceID || !sameTime(got.Fetched, w.Fetched) {
			t.Errorf("page %d = %s, %q, source %d, fetched %v; want %s, %q, %d, %v", got.ID,
				got.URL, got.ContentType, got.SourceID, got.Fetched, w.URL, w.ContentType, w.SourceID, w.Fetched)
		}
	}
	var got []int64
	err := s.Pages(ctx, func(p *newsdesk.Page) error {
		got = append(got, p.ID)
		same(p)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(order) {
		t.Errorf("Pages visited %v, want %v", got, order)
	}

	for _, id := range order[:7] {
		p, err := s.Page(ctx, id)
		if err != nil {
			t.Fatalf("Page(%d): %v", id, err)
		}
		same(p)
	}
	if _, err := s.Page(ctx, order[len(order)-1]+1000); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Page(missing) err = %v, want ErrNotFound", err)
	}
}

// testPagesStopsAndWrites checks that Pages stops at fn's first error,
// lets fn write to the store, and stops on a cancelled context.
func testPagesStopsAndWrites(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	for i := range 5 {
		u := fmt.Sprintf("https://example.com/%d", i)
		if _, _, err := s.SaveArticle(ctx, page(u, u), article(u, "", body(u))); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("stop")
	n := 0
	err := s.Pages(ctx, func(p *newsdesk.Page) error {
		n++
		// fn may write to the store while the walk goes on.
		if err := s.Reextract(ctx, p.ID, article(p.URL, "", body(p.URL)+"\nmore")); err != nil {
			return err
		}
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("Pages = %v after %d pages; want stop after 3", err, n)
	}

	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Pages(ctx, func(*newsdesk.Page) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Pages with a cancelled context = %v", err)
	}
}

// testSavePage checks that a page without article is stored once per
// URL, counts as seen until EmptyPageRetry has passed since it was
// fetched, and gets its article when it is extracted again.
func testSavePage(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	old := time.Now().Add(-EmptyPageRetry - time.Hour)
	p := &newsdesk.Page{URL: "https://example.com/video?utm_source=feed", Fetched: old, Body: []byte("<html><body><video></video></body></html>")}
	if err := s.SavePage(ctx, p); err != nil || p.ID == 0 {
		t.Fatalf("SavePage: id %d, %v", p.ID, err)
	}
	if seen, err := s.SeenURL(ctx, "https://example.com/video"); seen || err != nil {
		t.Errorf("SeenURL of a page without article fetched long ago: %v, %v; want false", seen, err)
	}
	// Fetched again, still without article: the same row, fetched now.
	again := &newsdesk.Page{URL: "https://example.com/video", Body: []byte("<html><body><p>consent</p></body></html>")}
	if err := s.SavePage(ctx, again); err != nil || again.ID != p.ID {
		t.Errorf("second SavePage of the same URL: id %d, %v; want the row %d renewed", again.ID, err, p.ID)
	}
	if again.Fetched.IsZero() {
		t.Error("SavePage did not set the fetch time of a page without one")
	}
	if seen, err := s.SeenURL(ctx, "https://example.com/video"); !seen || err != nil {
		t.Errorf("SeenURL after a fresh fetch: %v, %v; want true", seen, err)
	}
	if _, pages, _, err := s.Count(ctx); pages != 1 || err != nil {
		t.Errorf("pages stored: %d, %v; want 1", pages, err)
	}
	got, err := s.Page(ctx, p.ID)
	if err != nil || !bytes.Equal(got.Body, again.Body) || got.Fetched.Before(old.Add(time.Hour)) || got.URL != again.URL {
		t.Errorf("renewed page: %v, %q, %s, fetched %v", err, got.Body, got.URL, got.Fetched)
	}
	if err := s.Reextract(ctx, p.ID, article("https://example.com/video", "", body("video"))); err != nil {
		t.Fatal(err)
	}
	if arts, _, _, err := s.Count(ctx); arts != 1 || err != nil {
		t.Errorf("articles after re-extraction: %d, %v; want 1", arts, err)
	}
	// A page with an article is not replaced by an empty fetch.
	empty := &newsdesk.Page{URL: "https://example.com/video", Body: []byte("<html></html>")}
	if err := s.SavePage(ctx, empty); err != nil || empty.ID != 0 {
		t.Errorf("SavePage over a page with an article: id %d, %v; want nothing stored", empty.ID, err)
	}
	if got, err := s.Page(ctx, p.ID); err != nil || !bytes.Equal(got.Body, again.Body) {
		t.Errorf("page with an article after an empty fetch: %v, %q", err, got.Body)
	}
}
