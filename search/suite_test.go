package search_test

import (
	"testing"

	"newsdesk/search"
	"newsdesk/search/searchtest"
)

// TestSuite runs the behaviour every newsdesk.Index must show against
// the embedded index.
func TestSuite(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) searchtest.Index {
		ix, err := search.Open(t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := ix.Close(); err != nil {
				t.Error(err)
			}
		})
		return ix
	})
}
