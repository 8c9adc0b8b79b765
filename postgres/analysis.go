package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// createAnalysis creates the tables of the entities, mentions and attribution of the articles (newsdesk.AnalysisStore).
func createAnalysis(ctx context.Context, tx pgx.Tx) error {
	return nil
}
