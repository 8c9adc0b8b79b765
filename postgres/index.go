package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// createIndex creates the tables of the full-text index of the articles (newsdesk.Index).
func createIndex(ctx context.Context, tx pgx.Tx) error {
	return nil
}
