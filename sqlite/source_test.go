package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsdesk"
)

func TestSources(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)

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
	if got.URL != feed.URL || got.Kind != feed.Kind || got.Title != feed.Title || !got.Created.Equal(created) {
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
	if err := s.UpdateSource(ctx, feed); err != nil {
		t.Fatal(err)
	}
	got, err = s.Source(ctx, feed.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.ETag != feed.ETag || got.LastModified != feed.LastModified || got.LastStatus != 304 ||
		got.LastError != feed.LastError || got.Interval != feed.Interval ||
		!got.LastFetch.Equal(feed.LastFetch) || !got.NextFetch.Equal(feed.NextFetch) {
		t.Errorf("after UpdateSource, Source = %+v, want %+v", got, feed)
	}

	all, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[0].ID != feed.ID || all[1].ID != site.ID {
		t.Errorf("Sources = %+v, want feed then site", all)
	}

	if err := s.LogFetch(ctx, newsdesk.Fetch{SourceID: feed.ID, URL: feed.URL, Status: 200, Bytes: 1234, Duration: 250 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	if err := s.LogFetch(ctx, newsdesk.Fetch{URL: "https://example.net/a", Error: "timeout"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RemoveSource(ctx, feed.ID); err != nil {
		t.Fatal(err)
	}
	var logged int
	if err := s.r.QueryRow(`SELECT count(*) FROM fetches`).Scan(&logged); err != nil || logged != 1 {
		t.Errorf("fetches after RemoveSource = %d, %v; want the unattached one left", logged, err)
	}

	tests := []struct {
		name string
		err  error
		want error
	}{
		{"add same URL", s.AddSource(ctx, &newsdesk.Source{Kind: newsdesk.KindFeed, URL: site.URL}), newsdesk.ErrExists},
		{"update to taken URL", s.UpdateSource(ctx, &newsdesk.Source{ID: site.ID, Kind: newsdesk.KindFeed, URL: site.URL}), nil},
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
