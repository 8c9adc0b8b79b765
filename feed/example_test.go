package feed_test

import (
	"fmt"
	"strings"

	"newsdesk/feed"
)

func ExampleParse() {
	const rss = `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title>Tagesblatt</title>
  <link>https://tagesblatt.example/</link>
  <item>
    <title>Brücke wird für Radfahrer geöffnet</title>
    <link>/muenchen/bruecke</link>
    <dc:creator>Jürgen Maier</dc:creator>
    <pubDate>Mi, 19 Jun 2024 14:30:00 +0200</pubDate>
  </item>
</channel>
</rss>`
	f, err := feed.Parse(strings.NewReader(rss), "https://tagesblatt.example/feed.rss")
	if err != nil {
		fmt.Println(err)
		return
	}
	it := f.Items[0]
	fmt.Println(f.Kind, f.Title)
	fmt.Println(it.Title)
	fmt.Println(it.URL)
	fmt.Println(it.Authors, it.Published.Format("2006-01-02 15:04 -0700"))
	// Output:
	// rss Tagesblatt
	// Brücke wird für Radfahrer geöffnet
	// https://tagesblatt.example/muenchen/bruecke
	// [Jürgen Maier] 2024-06-19 14:30 +0200
}

func ExampleDiscover() {
	page := []byte(`<html><head>
<link rel="alternate" type="application/atom+xml" title="Alle Artikel" href="/atom.xml">
</head><body><a href="/rss/sport.xml">RSS-Feed Sport</a></body></html>`)
	for _, l := range feed.Discover(page, "https://tagesblatt.example/") {
		fmt.Println(l.URL, l.Kind, l.Guess)
	}
	// Output:
	// https://tagesblatt.example/atom.xml atom false
	// https://tagesblatt.example/rss/sport.xml rss true
}

func ExampleSniff() {
	fmt.Println(feed.Sniff([]byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>`), "text/xml"))
	fmt.Println(feed.Sniff([]byte(`<!DOCTYPE html><html>`), "text/html"))
	// Output:
	// urlset
	// html
}
