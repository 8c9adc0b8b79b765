package postgres

import (
	"context"
	"testing"

	"newsdesk/storetest"
)

// TestContractConnect runs the contract suite of the copy groups and
// stories against PostgreSQL.
func TestContractConnect(t *testing.T) {
	storetest.RunConnect(t, func(t *testing.T) storetest.ConnectStore {
		s := openTest(t)
		requireFollowers(t, s)
		return s
	})
}

// requireFollowers skips t while the schema has no followers table,
// which the analyses' migration makes and the connect follower keeps its
// position in.
func requireFollowers(t testing.TB, s *Store) {
	t.Helper()
	var ok bool
	if err := s.pool.QueryRow(context.Background(), `SELECT to_regclass('followers') IS NOT NULL`).Scan(&ok); err != nil {
		t.Fatal(err)
	}
	if !ok {
		t.Skip("no followers table: the analyses' tables are not in the schema yet")
	}
}
