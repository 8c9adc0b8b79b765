package sqlite_test

import (
	"context"
	"testing"

	"newsdesk/sqlite"
	"newsdesk/storetest"
)

// TestContractAlerts runs the contract suite of the alerts against the
// embedded store; a second Store value opens the same directory.
func TestContractAlerts(t *testing.T) {
	storetest.RunAlerts(t, func(t *testing.T) (storetest.AlertStore, func() storetest.AlertStore) {
		dir := t.TempDir()
		open := func() storetest.AlertStore {
			s, err := sqlite.Open(context.Background(), dir)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() {
				if err := s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			return s
		}
		return open(), open
	})
}
