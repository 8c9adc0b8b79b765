package postgres

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
)

// BenchmarkSaveArticle stores new articles from GOMAXPROCS×4 goroutines
// at once, as workers would: every commit passes the change log's lock.
func BenchmarkSaveArticle(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	var n atomic.Int64
	b.SetParallelism(4)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			u := fmt.Sprintf("https://example.com/bench/%d", n.Add(1))
			if _, _, err := s.SaveArticle(ctx, page(u), article(u, u)); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
