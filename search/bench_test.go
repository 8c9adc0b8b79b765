package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"newsdesk"
)

var (
	benchOnce sync.Once
	benchIx   *Index
	benchQs   []benchQuery
	benchErr  error
)

// BenchmarkSearch runs the load test's queries (one word, two words, a
// phrase, each with a filter) on a generated corpus of 10,000 articles,
// built once per process.
func BenchmarkSearch(b *testing.B) {
	benchOnce.Do(func() {
		dir, err := os.MkdirTemp("", "search-bench")
		if err != nil {
			benchErr = err
			return
		}
		benchIx, err = Open(dir)
		if err != nil {
			benchErr = err
			return
		}
		as := genArticles(1, 10000, 1)
		for i := 0; i < len(as); i += 1000 {
			if err := benchIx.AddMany(context.Background(), as[i:i+1000]); err != nil {
				benchErr = err
				return
			}
		}
		benchErr = benchIx.Optimize(context.Background())
		benchQs = genQueries(as, 300, 2)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	for _, class := range []string{"one", "two", "phrase"} {
		var qs []newsdesk.Query
		for _, q := range benchQs {
			if q.class == class {
				qs = append(qs, q.q)
			}
		}
		b.Run(class, func(b *testing.B) {
			i := 0
			for b.Loop() {
				if _, err := benchIx.Search(context.Background(), qs[i%len(qs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}

// TestBenchLoad indexes NEWSDESK_SEARCH_LOAD articles (200000 for the
// figures in README.md) made from the shared development pages and
// reports the index rate, the size and the latency of searches. It is
// skipped unless the variable is set. NEWSDESK_SEARCH_LOAD_DIR keeps the
// index in that directory (reused if it has the articles already).
// NEWSDESK_SEARCH_LOAD_COPIES=1 makes about a third of the articles
// copies of another (see withCopies), for the collapsed searches.
func TestBenchLoad(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NEWSDESK_SEARCH_LOAD"))
	if n <= 0 {
		t.Skip("set NEWSDESK_SEARCH_LOAD=200000 to run the load test")
	}
	ctx := context.Background()
	dir := os.Getenv("NEWSDESK_SEARCH_LOAD_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, real := bases()
	copies := os.Getenv("NEWSDESK_SEARCH_LOAD_COPIES") != ""
	t.Logf("corpus: %d articles from %s pages", n, map[bool]string{true: "real", false: "pseudo-word"}[real])

	have, err := ix.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	const batch = 1000
	var sample []*newsdesk.StoredArticle
	if have != int64(n) {
		if err := ix.Reset(ctx); err != nil {
			t.Fatal(err)
		}
		var textBytes int64
		var addTime time.Duration
		start := time.Now()
		for first := 1; first <= n; first += batch {
			as := genArticles(int64(first), min(batch, n-first+1), 1)
			if copies {
				withCopies(as, uint64(first))
			}
			for _, a := range as {
				textBytes += int64(len(a.Title) + len(a.Subtitle) + len(a.Text()))
			}
			if (first-1)%(batch*20) == 0 { // as when the index is reused
				sample = append(sample, as[:50]...)
			}
			t0 := time.Now()
			if err := ix.AddMany(ctx, as); err != nil {
				t.Fatal(err)
			}
			addTime += time.Since(t0)
		}
		t0 := time.Now()
		if err := ix.Optimize(ctx); err != nil {
			t.Fatal(err)
		}
		opt := time.Since(t0)
		t.Logf("indexed %d articles (%.0f MB of text) in %v: %.0f articles/s in AddMany (generation excluded); optimize %v",
			n, float64(textBytes)/1e6, time.Since(start).Round(time.Second), float64(n)/addTime.Seconds(), opt.Round(time.Second))
	} else {
		for first := 1; first <= n; first += batch * 20 {
			sample = append(sample, genArticles(int64(first), 50, 1)...)
		}
	}
	t.Logf("index size %.0f MB", float64(dirSize(dir))/1e6)

	qs := genQueries(sample, 1500, 2)
	// Warm up: the first queries page the index in.
	for _, q := range qs[:100] {
		if _, err := ix.Search(ctx, q.q); err != nil {
			t.Fatal(err)
		}
	}
	lat := map[string][]time.Duration{}
	hits := map[string]int{}
	folded := map[string]int{} // copies folded into the hits of a page
	for _, q := range qs {
		for _, sort := range []string{SortRelevance, SortDate} {
			q.q.Sort = sort
			t0 := time.Now()
			r, err := ix.Search(ctx, q.q)
			d := time.Since(t0)
			if err != nil {
				t.Fatalf("%+v: %v", q.q, err)
			}
			k := q.class + "/" + sort
			lat[k] = append(lat[k], d)
			hits[k] += r.Total
			if os.Getenv("NEWSDESK_SEARCH_LOAD_FILTERS") != "" {
				f := "date"
				switch {
				case q.q.Language != "":
					f = "lang"
				case q.q.SourceID != 0:
					f = "source"
				}
				lat[k+"/"+f] = append(lat[k+"/"+f], d)
				hits[k+"/"+f] += r.Total
			}
		}
		// Collapsed, by relevance and by date.
		for _, sort := range []string{SortRelevance, SortDate} {
			q.q.Sort, q.q.Collapse = sort, true
			t0 := time.Now()
			r, err := ix.Search(ctx, q.q)
			if err != nil {
				t.Fatal(err)
			}
			k := q.class + "/collapse/" + sort
			lat[k] = append(lat[k], time.Since(t0))
			hits[k] += r.Total
			for _, h := range r.Hits {
				folded[k] += h.Copies
			}
		}
		q.q.Collapse = false
		// With facets, by relevance.
		q.q.Sort, q.q.Facets = SortRelevance, true
		t0 := time.Now()
		if _, err := ix.Search(ctx, q.q); err != nil {
			t.Fatal(err)
		}
		lat[q.class+"/facets"] = append(lat[q.class+"/facets"], time.Since(t0))
	}
	keys := make([]string, 0, len(lat))
	for k := range lat {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	t.Logf("GOMAXPROCS %d; %d queries of each class, one filter each (language, source or 60-day range)", runtime.GOMAXPROCS(0), len(qs)/3)
	t.Logf("%-26s %8s %8s %8s %10s %8s", "class/sort", "p50 ms", "p95 ms", "p99 ms", "mean total", "folded")
	for _, k := range keys {
		l := lat[k]
		slices.Sort(l)
		p := func(f float64) string {
			return fmt.Sprintf("%.1f", float64(l[int(f*float64(len(l)-1))].Microseconds())/1000)
		}
		mean := ""
		if h, ok := hits[k]; ok {
			mean = strconv.Itoa(h / len(l))
		}
		fold := ""
		if f, ok := folded[k]; ok {
			fold = fmt.Sprintf("%.1f", float64(f)/float64(len(l)))
		}
		t.Logf("%-26s %8s %8s %8s %10s %8s", k, p(.50), p(.95), p(.99), mean, fold)
	}
}

// withCopies makes about a third of as copies of an article before it
// in as: the same text, language and teaser, half of them under the
// original's title, published up to a day later, at another outlet.
// Copy groups are stories; so are runs of ten originals.
func withCopies(as []*newsdesk.StoredArticle, seed uint64) {
	r := rand.New(rand.NewPCG(seed, 7))
	var originals []*newsdesk.StoredArticle
	for _, a := range as {
		if len(originals) == 0 || r.IntN(3) > 0 {
			a.Story = newsdesk.NullID(as[0].ID + int64(len(originals)/10))
			originals = append(originals, a)
			continue
		}
		// Recent originals are copied most.
		o := originals[len(originals)-1-min(len(originals)-1, int(r.ExpFloat64()*8))]
		a.Blocks, a.Language, a.Subtitle = o.Blocks, o.Language, o.Subtitle
		if r.IntN(2) == 0 {
			a.Title = o.Title
		}
		a.Published = o.Published.Add(time.Duration(r.Int64N(int64(24 * time.Hour))))
		a.CopyOf, a.Story = newsdesk.NullID(o.ID), o.Story
	}
}

func dirSize(dir string) int64 {
	var n int64
	filepath.Walk(dir, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			n += fi.Size()
		}
		return nil
	})
	return n
}
