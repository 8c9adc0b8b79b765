package postgres

import (
	"context"
	"os"
	"strconv"
	"testing"

	"newsdesk"
	"newsdesk/search"
	"newsdesk/search/testcorpus"
)

// benchIndex is an index the benchmark compares.
type benchIndex interface {
	newsdesk.Index
	AddMany(ctx context.Context, as []*newsdesk.StoredArticle) error
	Optimize(ctx context.Context) error
}

// BenchmarkIndexes compares the embedded index (sqlite) and the
// PostgreSQL index (postgres) on the corpus of package testcorpus
// (NEWSDESK_INDEX_BENCH articles, 3,000 unless set): indexing new
// articles in batches of 500 (add, with articles/s), and full searches
// of 20 hits with snippets of one word, two words and a two-word
// phrase, each with a language, source or date filter, by relevance and
// by date. Compare the two with benchstat or side by side:
//
//	go test -run '^$' -bench Indexes ./postgres/
func BenchmarkIndexes(b *testing.B) {
	ctx := context.Background()
	n := 3000
	if v, err := strconv.Atoi(os.Getenv("NEWSDESK_INDEX_BENCH")); err == nil && v > 0 {
		n = v
	}
	as := testcorpus.Articles(1, n, 1)
	qs := testcorpus.Queries(as, 300, 2)
	opens := []struct {
		name string
		open func(b *testing.B) benchIndex
	}{
		{"sqlite", func(b *testing.B) benchIndex {
			ix, err := search.Open(b.TempDir())
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { ix.Close() })
			return ix
		}},
		{"postgres", func(b *testing.B) benchIndex { return openTest(b).Index() }},
	}
	const batch = 500
	for _, o := range opens {
		b.Run("add/"+o.name, func(b *testing.B) {
			ix := o.open(b)
			next := int64(1)
			added := 0
			for b.Loop() {
				b.StopTimer()
				// New articles: the corpus's, again under new IDs.
				bs := make([]*newsdesk.StoredArticle, batch)
				for i := range bs {
					a := *as[(int(next)+i)%len(as)]
					a.ID = next + int64(i)
					bs[i] = &a
				}
				next += batch
				b.StartTimer()
				if err := ix.AddMany(ctx, bs); err != nil {
					b.Fatal(err)
				}
				added += batch
			}
			b.ReportMetric(float64(added)/b.Elapsed().Seconds(), "articles/s")
		})
	}
	for _, o := range opens {
		ix := o.open(b)
		for i := 0; i < len(as); i += batch {
			if err := ix.AddMany(ctx, as[i:min(i+batch, len(as))]); err != nil {
				b.Fatal(err)
			}
		}
		if err := ix.Optimize(ctx); err != nil {
			b.Fatal(err)
		}
		for _, class := range []string{"one", "two", "phrase"} {
			for _, sort := range []string{search.SortRelevance, search.SortDate} {
				var cqs []newsdesk.Query
				for _, q := range qs {
					if q.Class == class {
						q.Q.Sort = sort
						cqs = append(cqs, q.Q)
					}
				}
				b.Run("search/"+class+"/"+sort+"/"+o.name, func(b *testing.B) {
					i := 0
					for b.Loop() {
						if _, err := ix.Search(ctx, cqs[i%len(cqs)]); err != nil {
							b.Fatal(err)
						}
						i++
					}
				})
			}
		}
	}
}
