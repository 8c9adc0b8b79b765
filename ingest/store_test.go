package ingest

import (
	"context"
	"testing"

	"newsdesk"
	"newsdesk/sqlite"
)

// newStore returns an empty SQLite store in a temporary directory.
func newStore(t *testing.T) newsdesk.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
