package postgres

import (
	"testing"

	"newsdesk/search"
	"newsdesk/search/searchtest"
)

// TestIndexConsistency indexes one generated corpus in the embedded
// index and in the PostgreSQL index and runs the same generated queries
// against both: the totals, the hit sets, the facets and, by date, the
// order of the hits, their snippets, copies and stories must be the
// same.
func TestIndexConsistency(t *testing.T) {
	g := searchtest.Generate(600, 1)
	sq, err := search.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	g.Fill(t, sq)
	pg := openTest(t).Index()
	g.Fill(t, pg)
	st := searchtest.Compare(t, sq, pg, g.Queries(600, 2))
	t.Logf("%d queries, %d with hits, %d hits in all", st.Queries, st.WithHits, st.Hits)
	if st.WithHits < st.Queries/3 {
		t.Errorf("only %d of %d queries have hits: the queries test too little", st.WithHits, st.Queries)
	}
}
