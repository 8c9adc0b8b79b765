package follow_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"newsdesk/follow"
	"newsdesk/search"
	"newsdesk/sqlite"
)

// BenchmarkCatchUp measures how fast the search index catches up with a
// store: NEWSDESK_BENCH_DATA names a data directory filled by 'newsdesk
// ingest --no-index'; each iteration indexes every article of it into a
// new, empty index. It reports articles per second.
func BenchmarkCatchUp(b *testing.B) {
	data := os.Getenv("NEWSDESK_BENCH_DATA")
	if data == "" {
		b.Skip("NEWSDESK_BENCH_DATA is not set")
	}
	ctx := context.Background()
	st, err := sqlite.OpenReadOnly(ctx, data)
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	var n int64
	for b.Loop() {
		b.StopTimer()
		dir := b.TempDir()
		ix, err := search.Open(filepath.Join(dir, "ix"))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		n, err = follow.CatchUp(ctx, st, ix, follow.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		ix.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}
