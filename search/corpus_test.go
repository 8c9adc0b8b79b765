package search

import (
	"newsdesk"
	"newsdesk/search/testcorpus"
)

// The corpus of the benchmarks and load tests is package testcorpus's.

// benchQuery is a query of one class from the load test.
type benchQuery struct {
	class string // "one", "two", "phrase"
	q     newsdesk.Query
}

func genArticles(first int64, n int, seed uint64) []*newsdesk.StoredArticle {
	return testcorpus.Articles(first, n, seed)
}

func genQueries(as []*newsdesk.StoredArticle, n int, seed uint64) []benchQuery {
	var out []benchQuery
	for _, q := range testcorpus.Queries(as, n, seed) {
		out = append(out, benchQuery{class: q.Class, q: q.Q})
	}
	return out
}

// bases reports, as its second result, whether the corpus is made from
// the shared development pages.
func bases() (struct{}, bool) { return struct{}{}, testcorpus.FromPages() }

var stopWords = testcorpus.StopWords
