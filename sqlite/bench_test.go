package sqlite

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"

	"newsdesk"
)

// BenchmarkSaveArticle stores new articles, each with a page of about
// 40 KB of HTML and 4 KB of text, from one goroutine and from many.
func BenchmarkSaveArticle(b *testing.B) {
	html := strings.Repeat(`<div class="para"><p>A line of an article body, with <a href="/x">a link</a> and markup.</p></div>`+"\n", 400)
	text := strings.Repeat("A sentence of the article body, long enough to be realistic. ", 64)
	mk := func(i int64) (*newsdesk.Page, *newsdesk.Article) {
		u := fmt.Sprintf("https://news.example.com/2024/05/01/story-%d", i)
		t := fmt.Sprintf("%d %s", i, text)
		a := article(u, u, t)
		a.Authors = []string{"A. Writer"}
		return &newsdesk.Page{URL: u, ContentType: "text/html", Body: []byte(html + t)}, a
	}
	ctx := context.Background()
	b.Run("serial", func(b *testing.B) {
		s := openTest(b)
		var i int64
		b.ReportAllocs()
		for b.Loop() {
			i++
			p, a := mk(i)
			if _, _, err := s.SaveArticle(ctx, p, a); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(i)/b.Elapsed().Seconds(), "articles/s")
	})
	b.Run("parallel", func(b *testing.B) {
		s := openTest(b)
		var n atomic.Int64
		b.ReportAllocs()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				p, a := mk(n.Add(1))
				if _, _, err := s.SaveArticle(ctx, p, a); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(n.Load())/b.Elapsed().Seconds(), "articles/s")
	})
}
