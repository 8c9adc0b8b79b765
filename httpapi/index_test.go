package httpapi_test

import (
	"testing"

	"newsdesk"
	"newsdesk/search"
)

// openTestIndex opens the real search index in dir, closed at the end of
// the test.
func openTestIndex(t *testing.T, dir string) newsdesk.Index {
	t.Helper()
	ix, err := search.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}
