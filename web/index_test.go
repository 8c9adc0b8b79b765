package web_test

import (
	"testing"

	"newsdesk"
	"newsdesk/search"
)

// openTestIndex opens the real search index in dir, closed at the end of
// the test. With a store, the index files each article under the
// entities, speakers and agencies the store has for it, as newsdesk
// serve does.
func openTestIndex(t *testing.T, dir string, st ...newsdesk.AnalysisStore) newsdesk.Index {
	t.Helper()
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range st {
		ix.SetTags(s.ArticleTags)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}
