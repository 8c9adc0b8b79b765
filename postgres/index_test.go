package postgres

import (
	"testing"

	"newsdesk/search/searchtest"
)

// TestIndexSuite runs the behaviour every newsdesk.Index must show, as
// the embedded index shows it, against the PostgreSQL index.
func TestIndexSuite(t *testing.T) {
	searchtest.Run(t, func(t *testing.T) searchtest.Index { return openTest(t).Index() })
}
