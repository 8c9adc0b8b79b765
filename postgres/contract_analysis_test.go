package postgres

import (
	"testing"

	"newsdesk/storetest"
)

// TestContractAnalysis runs the contract suite of the analyses against
// PostgreSQL.
func TestContractAnalysis(t *testing.T) {
	storetest.RunAnalysis(t, func(t *testing.T) storetest.AnalysisStore { return openTest(t) })
}
