package postgres

import (
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
