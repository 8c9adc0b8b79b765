package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"newsdesk"
	"newsdesk/fetch"
)

func TestDetect(t *testing.T) {
	s := newSite(t)
	s.set("/feed.xml", rssFeed([]string{s.URL + "/story"}), "application/rss+xml")
	s.set("/atom", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title></feed>`, "text/html")
	s.set("/story", articleHTML("A story", 800), "")
	s.set("/sitemap.xml", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>`+s.URL+`/story</loc></url></urlset>`, "application/xml")
	s.set("/index.xml", `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>`+s.URL+`/sitemap.xml</loc></sitemap></sitemapindex>`, "application/xml")
	s.set("/", `<html><head><title>Home</title>
<link rel="alternate" type="application/rss+xml" title="All news" href="/feed.xml">
<link rel="alternate" type="application/atom+xml" href="/atom">
<link rel="alternate" type="application/rss+xml" href="/broken-feed">
</head><body><nav><a href="/story">A story</a></nav></body></html>`, "")
	// A second site, whose home page has no feeds but whose robots.txt
	// names sitemaps.
	s2 := newSite(t)
	s2.set("/", `<html><body><a href="/x">x</a></body></html>`, "")
	s2.set("/robots.txt", "User-agent: *\nAllow: /\nSitemap: "+s2.URL+"/sitemap.xml\nSitemap: "+s2.URL+"/news-sitemap.xml\n", "text/plain")
	s3 := newSite(t)
	s3.set("/", `<html><body><p>Nothing here.</p></body></html>`, "")

	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	warcPath := filepath.Join(dir, "x.warc.gz")
	writeWARC(t, warcPath, 1)
	in := New(Config{Store: newStore(t), Fetcher: testFetcher(fetch.Config{})})
	type src struct {
		kind newsdesk.SourceKind
		url  string
	}
	tests := []struct {
		target string
		want   []src
	}{
		{s.URL + "/feed.xml", []src{{newsdesk.KindFeed, s.URL + "/feed.xml"}}},
		{s.URL + "/atom", []src{{newsdesk.KindFeed, s.URL + "/atom"}}},
		{s.URL + "/story", []src{{newsdesk.KindPage, s.URL + "/story"}}},
		{s.URL + "/sitemap.xml", []src{{newsdesk.KindSitemap, s.URL + "/sitemap.xml"}}},
		{s.URL + "/index.xml", []src{{newsdesk.KindSitemapIndex, s.URL + "/index.xml"}}},
		{s.URL + "/", []src{{newsdesk.KindFeed, s.URL + "/feed.xml"}, {newsdesk.KindFeed, s.URL + "/atom"}}},
		{s2.URL, []src{{newsdesk.KindSitemap, s2.URL + "/news-sitemap.xml"}}},
		{dir, []src{{newsdesk.KindFile, dir}}},
		{warcPath, []src{{newsdesk.KindWARC, warcPath}}},
		{write("page.htm", "<p>x</p>"), []src{{newsdesk.KindFile, filepath.Join(dir, "page.htm")}}},
		{write("urls.txt", "# list\nhttps://example.org/a\n"), []src{{newsdesk.KindURLList, filepath.Join(dir, "urls.txt")}}},
		{write("crawl.dat", "WARC/1.0\r\n"), []src{{newsdesk.KindWARC, filepath.Join(dir, "crawl.dat")}}},
	}
	for _, tt := range tests {
		got, err := in.Detect(context.Background(), tt.target)
		if err != nil {
			t.Errorf("Detect(%s): %v", tt.target, err)
			continue
		}
		var gs []src
		for _, g := range got {
			gs = append(gs, src{g.Kind, g.URL})
		}
		if !slices.Equal(gs, tt.want) {
			t.Errorf("Detect(%s) = %v, want %v", tt.target, gs, tt.want)
		}
	}
	got, _ := in.Detect(context.Background(), s.URL+"/")
	if len(got) == 0 || got[0].Title != "Example News" {
		t.Errorf("feed title: %+v", got)
	}
	for _, bad := range []string{s3.URL + "/", write("notes.txt", "just some words\n"), filepath.Join(dir, "missing")} {
		if got, err := in.Detect(context.Background(), bad); err == nil {
			t.Errorf("Detect(%s) = %v, want an error", bad, got)
		}
	}
	if _, err := in.Detect(context.Background(), s3.URL+"/"); !errors.Is(err, ErrNoSource) {
		t.Errorf("home page without feeds: %v, want ErrNoSource", err)
	}
}
