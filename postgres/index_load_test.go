package postgres

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strconv"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/search"
	"newsdesk/search/testcorpus"
)

// TestIndexLoad is the load test of the PostgreSQL index, the
// counterpart of the embedded index's (TestBenchLoad in package search):
// NEWSDESK_SEARCH_LOAD articles of package testcorpus are indexed, then
// queries of one word, two words and a two-word phrase, each with one
// filter, run by relevance and by date, and with exact facets by
// relevance; it logs the latency percentiles of each class. It is
// skipped unless NEWSDESK_SEARCH_LOAD is set:
//
//	NEWSDESK_SEARCH_LOAD=200000 go test -run TestIndexLoad -v -timeout 2h ./postgres/
func TestIndexLoad(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NEWSDESK_SEARCH_LOAD"))
	if n <= 0 {
		t.Skip("set NEWSDESK_SEARCH_LOAD=200000 to run the load test")
	}
	ctx := context.Background()
	ix := openTest(t).Index()
	const batch = 1000
	var sample []*newsdesk.StoredArticle
	start := time.Now()
	for first := 1; first <= n; first += batch {
		as := testcorpus.Articles(int64(first), min(batch, n-first+1), 1)
		if (first-1)%(batch*20) == 0 {
			sample = append(sample, as[:50]...)
		}
		if err := ix.AddMany(ctx, as); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	t.Logf("indexed %d articles in %v", n, time.Since(start).Round(time.Second))

	qs := testcorpus.Queries(sample, 1500, 2)
	for _, q := range qs[:100] { // warm up
		if _, err := ix.Search(ctx, q.Q); err != nil {
			t.Fatal(err)
		}
	}
	lat := map[string][]time.Duration{}
	timed := func(k string, q newsdesk.Query) {
		t0 := time.Now()
		if _, err := ix.Search(ctx, q); err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		lat[k] = append(lat[k], time.Since(t0))
	}
	for _, q := range qs {
		for _, sort := range []string{search.SortRelevance, search.SortDate} {
			q.Q.Sort = sort
			timed(q.Class+"/"+sort, q.Q)
		}
		q.Q.Sort, q.Q.Facets = search.SortRelevance, true
		timed(q.Class+"/facets", q.Q)
	}
	keys := make([]string, 0, len(lat))
	for k := range lat {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	t.Logf("%-20s %8s %8s %8s", "class/sort", "p50 ms", "p95 ms", "p99 ms")
	for _, k := range keys {
		l := lat[k]
		slices.Sort(l)
		p := func(f float64) string {
			return fmt.Sprintf("%.1f", float64(l[int(f*float64(len(l)-1))].Microseconds())/1000)
		}
		t.Logf("%-20s %8s %8s %8s", k, p(.50), p(.95), p(.99))
	}
}
