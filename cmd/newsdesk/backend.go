package main

import (
	"context"

	"newsdesk"
	"newsdesk/config"
	"newsdesk/postgres"
	"newsdesk/search"
	"newsdesk/sqlite"
)

// store is what the commands use of a store, the embedded SQLite store
// in the data directory or a PostgreSQL database (--store).
type store interface {
	newsdesk.Store
	// ReadOnly reports whether the store refuses writes.
	ReadOnly() bool
}

// index is what the commands use of a search index, the SQLite file
// beside the embedded store or the tables of a PostgreSQL store.
type index interface {
	newsdesk.Index
	// ReadOnly reports whether the index only searches.
	ReadOnly() bool
	// SetTags sets where the index finds each article's entities,
	// speakers, agencies, copy group and story.
	SetTags(func(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error))
	// Rebuilding reports whether a rebuild was begun and not finished;
	// FinishRebuild records that it was.
	Rebuilding(ctx context.Context) (bool, error)
	FinishRebuild(ctx context.Context) error
	// Reset empties the index for a rebuild; Optimize compacts it.
	Reset(ctx context.Context) error
	Optimize(ctx context.Context) error
}

// Both stores are what the commands take.
var (
	_ store = (*sqlite.Store)(nil)
	_ store = (*postgres.Store)(nil)
	_ index = (*search.Index)(nil)
	_ index = (*postgres.Index)(nil)
)

// usesPostgres reports whether the settings name a PostgreSQL store.
func usesPostgres(cfg config.Config) bool { return cfg.Store != "" }

// openPostgres opens the PostgreSQL store the settings name.
func openPostgres(ctx context.Context, cfg config.Config) (store, error) {
	pg, err := postgres.Open(ctx, cfg.Store)
	if err != nil {
		return nil, err // not a nil *postgres.Store in a non-nil store
	}
	return pg, nil
}

// storeName names where the settings keep the store, for messages: its
// directory, or its PostgreSQL database without credentials.
func storeName(cfg config.Config) string {
	if usesPostgres(cfg) {
		return "the " + postgres.Describe(cfg.Store)
	}
	return cfg.Data
}
