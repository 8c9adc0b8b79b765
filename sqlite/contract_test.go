package sqlite_test

import (
	"context"
	"testing"

	"newsdesk/sqlite"
	"newsdesk/storetest"
)

// TestContract runs the stores' contract suite against the embedded
// store.
func TestContract(t *testing.T) {
	storetest.Run(t, func(t *testing.T) storetest.Store {
		s, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close: %v", err)
			}
		})
		return s
	})
}
