package feed

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDiscoverGolden(t *testing.T) {
	pages := map[string]string{
		"de-home.html": "https://www.tagesblatt-sued.example/",
		"en-blog.html": "https://www.harbourtimes.example/blog/",
	}
	for _, p := range inputs(t, "discover") {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			pageURL, ok := pages[filepath.Base(p)]
			if !ok {
				t.Fatalf("no page URL for %s", p)
			}
			checkGolden(t, p, Discover(b, pageURL), nil)
		})
	}
}

func TestDiscover(t *testing.T) {
	tests := []struct {
		name, page, url string
		want            []string // URLs, "?" prefix for guesses
	}{
		{"declared", `<link rel="alternate" type="application/atom+xml" href="/a.xml">`, "https://x.example/p", []string{"https://x.example/a.xml"}},
		{"relative no page url", `<link rel="alternate" type="application/rss+xml" href="/a.xml">`, "", nil},
		{"not alternate", `<link rel="stylesheet" type="application/rss+xml" href="/a.xml">`, "https://x.example/", nil},
		{"wp json", `<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">`, "https://x.example/", nil},
		{"json feed", `<link rel="alternate" type="application/json" href="/feed.json">`, "https://x.example/", []string{"https://x.example/feed.json"}},
		{"anchor path", `<a href="/rss">Abonnieren</a>`, "https://x.example/", []string{"?https://x.example/rss"}},
		{"anchor text", `<a href="/export/news.xml">RSS-Feed</a>`, "https://x.example/", []string{"?https://x.example/export/news.xml"}},
		{"xml without text", `<a href="/sitemap.xml">Sitemap</a>`, "https://x.example/", nil},
		{"feedback", `<a href="/feedback">Feedback</a>`, "https://x.example/", nil},
		{"declared wins", `<a href="/feed">RSS</a><link rel="alternate" type="application/rss+xml" href="/feed">`, "https://x.example/", []string{"https://x.example/feed"}},
		{"fragment dropped", `<link rel="alternate" type="application/rss+xml" href="/f.rss#x"><a href="/f.rss">RSS</a>`, "https://x.example/", []string{"https://x.example/f.rss"}},
		{"ftp", `<link rel="alternate" type="application/rss+xml" href="ftp://x.example/f.rss">`, "https://x.example/", nil},
		{"empty", ``, "https://x.example/", nil},
	}
	for _, tc := range tests {
		var got []string
		for _, l := range Discover([]byte(tc.page), tc.url) {
			s := l.URL
			if l.Guess {
				s = "?" + s
			}
			got = append(got, s)
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: Discover = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestDiscoverCap(t *testing.T) {
	page := strings.Repeat(`<a href="/x`+"1"+`/feed">RSS</a>`, 10) + strings.Repeat("<a href='/feed/", 1) +
		strings.Repeat(`<link rel="alternate" type="application/rss+xml" href="/f">`, 10)
	var sb strings.Builder
	sb.WriteString(page)
	for i := 0; i < 500; i++ {
		sb.WriteString(`<a href="/c/` + strings.Repeat("a", i%50) + string(rune('a'+i%26)) + `/feed">x</a>`)
	}
	if n := len(Discover([]byte(sb.String()), "https://x.example/")); n > maxLinks {
		t.Errorf("Discover returned %d links", n)
	}
}

func TestRobotsSitemaps(t *testing.T) {
	robots := "\ufeffUser-agent: *\r\nDisallow: /admin\r\nSitemap: https://x.example/sitemap.xml\r\n" +
		"sitemap:https://x.example/news.xml # Google News\n" +
		"  SITEMAP :  https://x.example/sitemap.xml\n" +
		"# Sitemap: https://x.example/commented.xml\n" +
		"Sitemap:\n" +
		"Sitemaps: https://x.example/wrong.xml\n" +
		"Sitemap: https://x.example/last.xml.gz"
	want := []string{"https://x.example/sitemap.xml", "https://x.example/news.xml", "https://x.example/last.xml.gz"}
	if got := RobotsSitemaps([]byte(robots)); !slices.Equal(got, want) {
		t.Errorf("RobotsSitemaps = %q, want %q", got, want)
	}
	if got := RobotsSitemaps(nil); got != nil {
		t.Errorf("RobotsSitemaps(nil) = %q", got)
	}
}
