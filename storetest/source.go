package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsdesk"
)

// testSources checks adding, reading, updating and removing sources,
// and the errors for a URL taken and a source missing.
func testSources(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)

	created := time.Date(2024, 5, 1, 12, 0, 0, 123456789, time.FixedZone("CEST", 2*3600))
	feed := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/feed.xml", Title: "Example", Created: created}
	site := &newsdesk.Source{Kind: newsdesk.KindSitemap, URL: "https://example.org/sitemap.xml"}
	for _, src := range []*newsdesk.Source{feed, site} {
		if err := s.AddSource(ctx, src); err != nil {
			t.Fatalf("AddSource(%s): %v", src.URL, err)
		}
		if src.ID == 0 {
			t.Fatalf("AddSource(%s) set no ID", src.URL)
		}
	}
	if site.Created.IsZero() {
		t.Error("AddSource did not set Created")
	}

	got, err := s.Source(ctx, feed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != feed.ID || got.URL != feed.URL || got.Kind != feed.Kind || got.Title != feed.Title || !sameTime(got.Created, created) ||
		!got.LastFetch.IsZero() || !got.NextFetch.IsZero() || got.Interval != 0 {
		t.Errorf("Source = %+v, want %+v", got, feed)
	}

	// The fetch state survives a round trip.
	feed.ETag = `"abc"`
	feed.LastModified = "Wed, 01 May 2024 10:00:00 GMT"
	feed.LastFetch = time.Now()
	feed.LastStatus = 304
	feed.LastError = "not modified"
	feed.NextFetch = feed.LastFetch.Add(90 * time.Minute)
	feed.Interval = 90 * time.Minute
	feed.Title = "Example, renamed"
	if err := s.UpdateSource(ctx, feed); err != nil {
		t.Fatal(err)
	}
	got, err = s.Source(ctx, feed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ETag != feed.ETag || got.LastModified != feed.LastModified || got.LastStatus != 304 ||
		got.LastError != feed.LastError || got.Interval != feed.Interval || got.Title != feed.Title ||
		!sameTime(got.LastFetch, feed.LastFetch) || !sameTime(got.NextFetch, feed.NextFetch) || !sameTime(got.Created, created) {
		t.Errorf("after UpdateSource, Source = %+v, want %+v", got, feed)
	}

	all, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != feed.ID || all[1].ID != site.ID {
		t.Errorf("Sources = %+v, want feed then site", all)
	}

	if err := s.RemoveSource(ctx, feed.ID); err != nil {
		t.Fatal(err)
	}
	if all, err := s.Sources(ctx); err != nil || len(all) != 1 || all[0].ID != site.ID {
		t.Errorf("Sources after RemoveSource = %+v, %v", all, err)
	}
	if _, _, n, err := s.Count(ctx); err != nil || n != 1 {
		t.Errorf("Count sources = %d, %v; want 1", n, err)
	}

	tests := []struct {
		name string
		err  error
		want error
	}{
		{"add same URL", s.AddSource(ctx, &newsdesk.Source{Kind: newsdesk.KindFeed, URL: site.URL}), newsdesk.ErrExists},
		{"update to its own URL", s.UpdateSource(ctx, &newsdesk.Source{ID: site.ID, Kind: newsdesk.KindFeed, URL: site.URL}), nil},
		{"update missing", s.UpdateSource(ctx, &newsdesk.Source{ID: feed.ID, URL: "https://example.com/x"}), newsdesk.ErrNotFound},
		{"remove missing", s.RemoveSource(ctx, feed.ID), newsdesk.ErrNotFound},
		{"get missing", func() error { _, err := s.Source(ctx, feed.ID); return err }(), newsdesk.ErrNotFound},
	}
	other := &newsdesk.Source{Kind: newsdesk.KindPage, URL: "https://example.org/page"}
	if err := s.AddSource(ctx, other); err != nil {
		t.Fatal(err)
	}
	other.URL = site.URL
	tests = append(tests, struct {
		name string
		err  error
		want error
	}{"update to another's URL", s.UpdateSource(ctx, other), newsdesk.ErrExists})
	for _, tt := range tests {
		if tt.want == nil && tt.err != nil || tt.want != nil && !errors.Is(tt.err, tt.want) {
			t.Errorf("%s: err = %v, want %v", tt.name, tt.err, tt.want)
		}
	}
}

// testFetchLog checks that fetches are logged with and without a
// source, and that a source with a fetch log, pages and articles can be
// removed, leaving its pages and articles without a source.
func testFetchLog(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	src := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/feed"}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	for _, f := range []newsdesk.Fetch{
		{SourceID: src.ID, URL: src.URL, Status: 200, Bytes: 1234, Duration: 250 * time.Millisecond},
		{SourceID: src.ID, URL: src.URL, Time: time.Now().Add(-time.Hour), Status: 304},
		{URL: "https://example.net/a", Error: "timeout"},
	} {
		if err := s.LogFetch(ctx, f); err != nil {
			t.Fatalf("LogFetch(%+v): %v", f, err)
		}
	}
	const u = "https://example.com/a"
	p := page(u, u)
	p.SourceID = src.ID
	id, _, err := s.SaveArticle(ctx, p, article(u, "", body(u)))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSource(ctx, src.ID); err != nil {
		t.Fatal(err)
	}
	a, err := s.Article(ctx, id)
	if err != nil || a.SourceID != 0 {
		t.Errorf("article of a removed source: %+v, %v", a, err)
	}
	pg, err := s.Page(ctx, p.ID)
	if err != nil || pg.SourceID != 0 {
		t.Errorf("page of a removed source: %+v, %v", pg, err)
	}
	if err := s.LogFetch(ctx, newsdesk.Fetch{URL: "https://example.net/b", Status: 200}); err != nil {
		t.Errorf("LogFetch after RemoveSource: %v", err)
	}
}
