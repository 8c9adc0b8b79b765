package postgres

import (
	"context"
	"testing"

	"newsdesk/storetest"
)

// TestContractAlerts runs the contract suite of the alerts against
// PostgreSQL; a second Store value opens the same database.
func TestContractAlerts(t *testing.T) {
	storetest.RunAlerts(t, func(t *testing.T) (storetest.AlertStore, func() storetest.AlertStore) {
		dsn := newDB(t)
		open := func() storetest.AlertStore {
			s, err := Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			requireFollowers(t, s)
			return s
		}
		return open(), open
	})
}

// requireFollowers skips t unless the database has the followers table,
// which the analysis tables bring (as in the embedded store), and where
// the alerts follower keeps its position.
func requireFollowers(t testing.TB, s *Store) {
	t.Helper()
	var ok bool
	if err := s.pool.QueryRow(context.Background(), `SELECT to_regclass('followers') IS NOT NULL`).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Skip("no followers table: it comes with the analysis tables")
	}
}
