package postgres

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsdesk"
)

// BenchmarkSaveMatches measures the outbox as the embedded store's
// benchmark does: batches of 256 articles with 24 matches each among
// 1,000 alerts without options; and the same with every alert
// collapsing copies, whose matches are judged one by one.
func BenchmarkSaveMatches(b *testing.B) {
	for _, collapse := range []bool{false, true} {
		b.Run(fmt.Sprintf("collapse=%v", collapse), func(b *testing.B) {
			ctx := context.Background()
			s := openTest(b)
			requireFollowers(b, s)
			for i := range 1000 {
				if err := s.AddAlert(ctx, &newsdesk.Alert{Name: fmt.Sprint(i), Query: "q", Collapse: collapse}); err != nil {
					b.Fatal(err)
				}
			}
			var pos int64
			now := time.Now()
			b.ResetTimer()
			for i := 0; b.Loop(); i++ {
				ids := make([]int64, 256)
				var ms []newsdesk.AlertMatch
				for j := range ids {
					ids[j] = int64(i*256 + j + 1)
					for k := range 24 {
						ms = append(ms, newsdesk.AlertMatch{AlertID: int64((j*37+k*41)%1000 + 1), ArticleID: ids[j], Matched: now, Story: newsdesk.NullID(ids[j])})
					}
				}
				if ok, err := s.SaveMatches(ctx, pos, pos+256, ids, ms); err != nil || !ok {
					b.Fatal(ok, err)
				}
				pos += 256
			}
			b.ReportMetric(float64(b.N*256*24)/b.Elapsed().Seconds(), "matches/s")
		})
	}
}
