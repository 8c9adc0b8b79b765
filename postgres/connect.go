package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// createConnect creates the tables of the copy groups and stories of the articles (newsdesk.ConnectStore).
func createConnect(ctx context.Context, tx pgx.Tx) error {
	return nil
}
