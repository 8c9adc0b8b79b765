package sqlite_test

import (
	"context"
	"testing"

	"newsdesk/sqlite"
	"newsdesk/storetest"
)

// TestContractConnect runs the contract suite of the copy groups and
// stories against the embedded store.
func TestContractConnect(t *testing.T) {
	storetest.RunConnect(t, func(t *testing.T) storetest.ConnectStore {
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
