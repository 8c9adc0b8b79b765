package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsdesk"
)

// BenchmarkSaveMatches measures the outbox: batches of 256 articles
// with 24 matches each among 1,000 alerts without options, the load of
// the ingest benchmark's alerts.
func BenchmarkSaveMatches(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	for i := range 1000 {
		if err := s.AddAlert(ctx, &newsdesk.Alert{Name: fmt.Sprint(i), Query: "q"}); err != nil {
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
}
