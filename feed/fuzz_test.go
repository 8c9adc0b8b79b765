package feed

import (
	"bytes"
	"net/url"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// addSeeds adds the inputs in testdata/dir to the fuzz corpus.
func addSeeds(f *testing.F, dir string) {
	for _, p := range inputs(f, dir) {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

func FuzzParse(f *testing.F) {
	addSeeds(f, "feed")
	f.Add([]byte(`<rss><channel><item><link>x</link><guid>g</guid></item></channel></rss>`))
	f.Add([]byte(`<feed xml:base="http://a/b/"><entry xml:base="../c/"><link href="d"/><content type="xhtml"><div><p>x</p></div></content></entry></feed>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		feed, err := Parse(bytes.NewReader(b), "https://fuzz.example/feed.xml")
		if err != nil {
			if feed != nil {
				t.Fatalf("feed and error: %v", err)
			}
			return
		}
		if feed == nil || !feed.Kind.IsFeed() {
			t.Fatalf("no feed without error: %+v", feed)
		}
		for _, it := range feed.Items {
			for _, s := range []string{it.ID, it.URL, it.Title, it.Summary, it.Content, it.ImageURL} {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8: %q", s)
				}
			}
			if len(it.Authors) > maxList || len(it.Categories) > maxList {
				t.Fatalf("%d authors, %d categories", len(it.Authors), len(it.Categories))
			}
		}
	})
}

func FuzzParseSitemap(f *testing.F) {
	addSeeds(f, "sitemap")
	f.Add([]byte(`<sitemapindex><sitemap><loc>a</loc><lastmod>2024-01-01</lastmod></sitemap></sitemapindex>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sm, err := ParseSitemap(bytes.NewReader(b))
		if err != nil {
			if sm != nil {
				t.Fatalf("sitemap and error: %v", err)
			}
			return
		}
		if !sm.Kind.IsSitemap() {
			t.Fatalf("kind %q", sm.Kind)
		}
		if len(sm.URLs)+len(sm.Sitemaps) > MaxSitemapEntries {
			t.Fatalf("%d entries", len(sm.URLs)+len(sm.Sitemaps))
		}
		for _, u := range sm.URLs {
			if u.Loc == "" || !utf8.ValidString(u.Loc) {
				t.Fatalf("bad loc %q", u.Loc)
			}
		}
	})
}

func FuzzDiscover(f *testing.F) {
	addSeeds(f, "discover")
	f.Add([]byte(`<base href="/x/"><link rel=alternate type=application/rss+xml href=f><a href=rss>RSS</a>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		links := Discover(b, "https://fuzz.example/page")
		if len(links) > maxLinks {
			t.Fatalf("%d links", len(links))
		}
		seen := map[string]bool{}
		for _, l := range links {
			u, err := url.Parse(l.URL)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("not an absolute http URL: %q", l.URL)
			}
			if seen[l.URL] {
				t.Fatalf("duplicate %q", l.URL)
			}
			seen[l.URL] = true
		}
		_ = Sniff(b, "text/html")
		for _, s := range RobotsSitemaps(b) {
			if strings.TrimSpace(s) != s || s == "" {
				t.Fatalf("untrimmed sitemap %q", s)
			}
		}
	})
}
