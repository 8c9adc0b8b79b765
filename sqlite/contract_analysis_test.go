package sqlite_test

import (
	"context"
	"testing"

	"newsdesk/sqlite"
	"newsdesk/storetest"
)

// TestContractAnalysis runs the contract suite of the analyses against
// the embedded store.
func TestContractAnalysis(t *testing.T) {
	storetest.RunAnalysis(t, func(t *testing.T) storetest.AnalysisStore {
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
