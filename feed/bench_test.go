package feed

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// BenchmarkParse parses every golden feed in turn, then a large
// generated one.
func BenchmarkParse(b *testing.B) {
	var docs [][]byte
	for _, p := range inputs(b, "feed") {
		d, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, d)
	}
	b.Run("testdata", func(b *testing.B) {
		n := 0
		for _, d := range docs {
			n += len(d)
		}
		b.SetBytes(int64(n))
		for b.Loop() {
			for _, d := range docs {
				Parse(bytes.NewReader(d), "https://feeds.example/feed.xml")
			}
		}
	})
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Big</title><link>https://big.example/</link>`)
	for i := range 500 {
		fmt.Fprintf(&sb, `<item><title>Schlagzeile Nr. %d über Öffnungszeiten</title><link>/artikel/%d</link><guid>id-%d</guid>`+
			`<description><![CDATA[<p>Ein Anrisstext mit <b>Auszeichnung</b> und <a href="/x">Link</a>.</p>]]></description>`+
			`<content:encoded><![CDATA[%s]]></content:encoded><pubDate>Wed, 19 Jun 2024 14:30:00 +0200</pubDate>`+
			`<media:content url="https://img.example/%d.jpg" medium="image" width="800"/><category>Politik</category></item>`,
			i, i, i, strings.Repeat(`<p>Absatz mit <a href="/rel">relativem Link</a> und Text.</p>`, 20), i)
	}
	sb.WriteString(`</channel></rss>`)
	big := []byte(sb.String())
	b.Run("large", func(b *testing.B) {
		b.SetBytes(int64(len(big)))
		for b.Loop() {
			if _, err := Parse(bytes.NewReader(big), ""); err != nil {
				b.Fatal(err)
			}
		}
	})
}
