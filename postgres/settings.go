package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// createSettings creates the table of the state that the embedded store
// keeps in files of its data directory, so that a deployment on
// PostgreSQL needs none: the API token.
func createSettings(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
CREATE TABLE settings (
	key   text PRIMARY KEY,
	value text NOT NULL
)`)
	return err
}

// ReadOnly reports whether the store refuses writes: never, for a
// PostgreSQL store (a read-only database refuses them itself, with an
// error wrapping newsdesk.ErrReadOnly).
func (s *Store) ReadOnly() bool { return false }

// LoadOrCreateToken returns the API token kept in the database, first
// making one (24 random bytes, hex) if there is none; created reports
// that it did. Processes starting at once on one database get the same
// token.
func (s *Store) LoadOrCreateToken(ctx context.Context) (token string, created bool, err error) {
	var raw [24]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", false, fmt.Errorf("postgres: make the API token: %w", err)
	}
	fresh := hex.EncodeToString(raw[:])
	err = s.write(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `
INSERT INTO settings (key, value) VALUES ('api_token', $1)
ON CONFLICT (key) DO UPDATE SET value = settings.value
RETURNING value`, fresh).Scan(&token)
	})
	if err != nil {
		return "", false, fmt.Errorf("postgres: API token: %w", err)
	}
	return token, token == fresh, nil
}

// Describe names the database dsn connects to, for messages: "database
// NAME on HOST:PORT", without credentials.
func Describe(dsn string) string {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return "a PostgreSQL database"
	}
	return describe(cfg)
}

// Setting returns the value kept under key, "" if none.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.pool.QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, key).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("postgres: setting %s: %w", key, classify(err))
	}
	return v, nil
}

// SetSetting keeps value under key.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: set %s: %w", key, err)
	}
	return nil
}
