package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// migrations bring the schema from one version to the next; migration i
// (0-based) makes version i+1. Append new steps, never edit or reorder the
// old ones: a database records the versions it has applied.
var migrations = []func(*sql.Tx) error{
	createSchema,
	createChangeLog,
	createAnalyses,
	createAttribution,
	addArticleExtra,
	createConnections,
	createAlerts,
	createOutlets, // version 8; version 9 is the site templates'
	createSites,
}

// migrate applies the migrations a database has not seen yet, each in its
// own transaction with its version recorded in schema_migrations, so a
// failed step leaves the database at the previous version. Two processes
// opening the same file at once apply each step once: the transaction
// takes the write lock before it checks the version.
func migrate(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		applied TEXT NOT NULL
	) STRICT`)
	if err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	for i, m := range migrations {
		if err := migrateTo(ctx, db, i+1, m); err != nil {
			return fmt.Errorf("sqlite: migrate to version %d: %w", i+1, err)
		}
	}
	var newest int
	if err := db.QueryRowContext(ctx, `SELECT coalesce(max(version), 0) FROM schema_migrations`).Scan(&newest); err != nil {
		return fmt.Errorf("sqlite: migrate: %w", err)
	}
	if newest > len(migrations) {
		return fmt.Errorf("sqlite: database schema version %d is newer than this program knows (%d)", newest, len(migrations))
	}
	return nil
}

// migrateTo applies m as the given version unless it is recorded already.
func migrateTo(ctx context.Context, db *sql.DB, version int, m func(*sql.Tx) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var done bool
	err = tx.QueryRowContext(ctx, `SELECT EXISTS(SELECT 1 FROM schema_migrations WHERE version = ?)`, version).Scan(&done)
	if err != nil || done {
		return err
	}
	if err := m(tx); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied) VALUES (?, ?)`,
		version, formatTime(time.Now()))
	if err != nil {
		return err
	}
	return tx.Commit()
}

// createSchema makes version 1: sources, the fetch log, pages, articles
// and the URLs each article is known by.
func createSchema(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE sources (
	id            INTEGER PRIMARY KEY,
	kind          TEXT NOT NULL,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',
	interval_ns   INTEGER NOT NULL DEFAULT 0,
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	last_fetch    TEXT,
	last_status   INTEGER NOT NULL DEFAULT 0,
	last_error    TEXT NOT NULL DEFAULT '',
	next_fetch    TEXT,
	created       TEXT NOT NULL
) STRICT;

CREATE TABLE fetches (
	id          INTEGER PRIMARY KEY,
	source_id   INTEGER REFERENCES sources(id) ON DELETE CASCADE,
	url         TEXT NOT NULL,
	time        TEXT NOT NULL,
	status      INTEGER NOT NULL,
	bytes       INTEGER NOT NULL,
	duration_ms INTEGER NOT NULL,
	error       TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX fetches_source_time ON fetches(source_id, time);

-- Raw pages. body is compressed as encoding says ('gzip' or 'identity');
-- size is its length uncompressed.
CREATE TABLE pages (
	id             INTEGER PRIMARY KEY,
	source_id      INTEGER REFERENCES sources(id) ON DELETE SET NULL,
	url            TEXT NOT NULL,
	normalized_url TEXT NOT NULL,
	content_type   TEXT NOT NULL DEFAULT '',
	fetched        TEXT NOT NULL,
	size           INTEGER NOT NULL,
	encoding       TEXT NOT NULL,
	body           BLOB NOT NULL
) STRICT;
CREATE INDEX pages_normalized_url ON pages(normalized_url);
CREATE INDEX pages_source ON pages(source_id);

-- Articles, each read from the page page_id (its latest revision).
-- published and modified are RFC 3339 as written, with their offset;
-- published_utc sorts. authors, tags and blocks are JSON.
CREATE TABLE articles (
	id             INTEGER PRIMARY KEY,
	page_id        INTEGER NOT NULL REFERENCES pages(id),
	source_id      INTEGER REFERENCES sources(id) ON DELETE SET NULL,
	url            TEXT NOT NULL,
	canonical_url  TEXT NOT NULL DEFAULT '',
	normalized_url TEXT NOT NULL,
	title          TEXT NOT NULL DEFAULT '',
	subtitle       TEXT NOT NULL DEFAULT '',
	authors        TEXT NOT NULL DEFAULT 'null',
	published      TEXT,
	published_utc  TEXT,
	modified       TEXT,
	site_name      TEXT NOT NULL DEFAULT '',
	language       TEXT NOT NULL DEFAULT '',
	image          TEXT NOT NULL DEFAULT '',
	section        TEXT NOT NULL DEFAULT '',
	tags           TEXT NOT NULL DEFAULT 'null',
	paywalled      INTEGER NOT NULL DEFAULT 0,
	truncated      INTEGER NOT NULL DEFAULT 0,
	blocks         TEXT NOT NULL DEFAULT 'null',
	text           TEXT NOT NULL DEFAULT '',
	charset        TEXT NOT NULL DEFAULT '',
	hash           TEXT NOT NULL,
	stored         TEXT NOT NULL,
	updated        TEXT NOT NULL,
	revisions      INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX articles_page ON articles(page_id);
CREATE INDEX articles_source ON articles(source_id);
CREATE INDEX articles_hash ON articles(hash);
CREATE INDEX articles_normalized_url ON articles(normalized_url);
CREATE INDEX articles_canonical_url ON articles(canonical_url);
-- The instant Articles filters on: published, or stored if unknown.
CREATE INDEX articles_since ON articles(coalesce(published_utc, stored));

-- Every normalised URL an article is known by: its own, its canonical
-- URL and those it was seen under as a duplicate. Deduplication by URL
-- looks here; the primary key keeps one URL from naming two articles.
CREATE TABLE article_urls (
	url        TEXT PRIMARY KEY,
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE
) STRICT, WITHOUT ROWID;
CREATE INDEX article_urls_article ON article_urls(article_id);
`)
	return err
}

// createChangeLog makes version 2: the change log that derived tables
// follow (see newsdesk.ChangeLog), started with every article stored so
// far, in ID order. An article has one row, at its latest write: a write
// replaces the row, and AUTOINCREMENT gives the new row a sequence number
// above every one ever used. There is no foreign key, so that the row of
// an article that is gone tells its followers so.
func createChangeLog(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE changes (
	seq        INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id INTEGER NOT NULL UNIQUE
) STRICT;
INSERT INTO changes (article_id) SELECT id FROM articles ORDER BY id;
`)
	return err
}

// createAnalyses makes version 3: the entities and mentions analysis
// finds in the articles, and the positions of the followers kept in the
// store. A mention's offsets are runes of the article's text; published
// is the article's publication (or stored) time, for time filters.
func createAnalyses(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE followers (
	name TEXT PRIMARY KEY,
	seq  INTEGER NOT NULL
) STRICT;

CREATE TABLE entities (
	id   TEXT PRIMARY KEY,
	name TEXT NOT NULL,
	type TEXT NOT NULL
) STRICT;

CREATE TABLE mentions (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	text       TEXT NOT NULL,
	type       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	entity_id  TEXT,
	published  TEXT NOT NULL,
	PRIMARY KEY (article_id, start)
) STRICT, WITHOUT ROWID;
CREATE INDEX mentions_entity ON mentions(entity_id, published);

-- The hash of the text each article's analysis was made from, so that
-- a change that left the text as it was is not analysed again.
CREATE TABLE analyzed (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	hash       TEXT NOT NULL
) STRICT;

-- Users' edits of identities, applied to every analysis saved: a name
-- (folded to lower case) that stands for an entity, and an entity
-- merged into another.
CREATE TABLE entity_aliases (
	name      TEXT PRIMARY KEY,
	entity_id TEXT NOT NULL
) STRICT;
CREATE TABLE entity_merges (
	from_id TEXT PRIMARY KEY,
	into_id TEXT NOT NULL
) STRICT;
`)
	return err
}

// createAttribution makes version 4: what the analysis finds an article
// rests on. Quotations keep their speaker's entity id and a fingerprint
// of their words and speaker, which wire copies share; quotes_fts holds
// their stemmed words for full-text search, under the quotation's id,
// which is never reused.
// Agencies, cited sources and figures are kept per article.
func createAttribution(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE quotes (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	article_id    INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	start         INTEGER NOT NULL,
	end           INTEGER NOT NULL,
	text          TEXT NOT NULL,
	form          TEXT NOT NULL,
	parts         TEXT,
	cue_start     INTEGER,
	cue_end       INTEGER,
	cue_text      TEXT,
	speaker_start INTEGER,
	speaker_end   INTEGER,
	speaker_text  TEXT,
	speaker_id    TEXT,
	published     TEXT NOT NULL,
	lang          TEXT NOT NULL,
	fingerprint   TEXT NOT NULL
) STRICT;
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_speaker ON quotes(speaker_id, published);
CREATE INDEX quotes_published ON quotes(published);
CREATE INDEX quotes_fingerprint ON quotes(fingerprint);
CREATE VIRTUAL TABLE quotes_fts USING fts5(terms, content='', contentless_delete=1, tokenize='ascii');

CREATE TABLE article_agencies (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	agency     TEXT NOT NULL,
	pos        INTEGER NOT NULL,
	PRIMARY KEY (article_id, agency)
) STRICT, WITHOUT ROWID;
CREATE INDEX article_agencies_agency ON article_agencies(agency);

CREATE TABLE cited_sources (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	start      INTEGER NOT NULL,
	end        INTEGER NOT NULL,
	text       TEXT NOT NULL,
	name       TEXT NOT NULL,
	kind       TEXT NOT NULL,
	entity_id  TEXT,
	PRIMARY KEY (article_id, start)
) STRICT, WITHOUT ROWID;
CREATE INDEX cited_sources_entity ON cited_sources(entity_id);

CREATE TABLE figures (
	article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	start          INTEGER NOT NULL,
	end            INTEGER NOT NULL,
	text           TEXT NOT NULL,
	value          REAL NOT NULL,
	unit           TEXT NOT NULL,
	claimant_start INTEGER,
	claimant_end   INTEGER,
	claimant_text  TEXT,
	claimant_id    TEXT,
	PRIMARY KEY (article_id, start)
) STRICT, WITHOUT ROWID;
CREATE INDEX figures_claimant ON figures(claimant_id);
`)
	return err
}

// addArticleExtra makes version 5: the fields an imported article came
// with that have no column of their own (newsdesk.Article.Extra), as a
// JSON object; NULL for none.
func addArticleExtra(tx *sql.Tx) error {
	_, err := tx.Exec(`ALTER TABLE articles ADD COLUMN extra TEXT`)
	return err
}

// createConnections makes version 6: the copy groups and stories the
// connect follower computes. connections holds one row per connected
// article, in the order connected (n), with the signature copy detection
// rebuilds its state from; stories sums up each story for listing;
// story_redirects leads the ids of merged stories to the story they are
// part of.
func createConnections(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE connections (
	article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
	n          INTEGER NOT NULL UNIQUE,
	hash       TEXT NOT NULL,
	signature  BLOB NOT NULL,
	copy_of    INTEGER,
	story      INTEGER NOT NULL,
	at         TEXT NOT NULL,
	site       TEXT NOT NULL
) STRICT;
CREATE INDEX connections_copy_of ON connections(copy_of) WHERE copy_of IS NOT NULL;
CREATE INDEX connections_story ON connections(story, at);
CREATE INDEX connections_at ON connections(at);

CREATE TABLE stories (
	id            INTEGER PRIMARY KEY,
	title         TEXT NOT NULL,
	first_article INTEGER NOT NULL,
	first_at      TEXT NOT NULL,
	updated       TEXT NOT NULL,
	articles      INTEGER NOT NULL,
	copies        INTEGER NOT NULL,
	outlets       INTEGER NOT NULL,
	languages     TEXT NOT NULL
) STRICT;
CREATE INDEX stories_updated ON stories(updated, id);

CREATE TABLE story_redirects (
	from_id INTEGER PRIMARY KEY,
	into_id INTEGER NOT NULL
) STRICT;
`)
	return err
}

// createAlerts makes version 7: saved searches that alert, the outbox
// of their matches (written with the alerts follower's position) and
// the deliveries of each match by webhook or email; the matches of
// alerts with options (opts) are indexed by story and copy group, which
// the options are judged by. alert_seen lists
// the articles already matched against the alerts, so that a revision
// does not fire again.
func createAlerts(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE alerts (
	id          INTEGER PRIMARY KEY,
	name        TEXT NOT NULL,
	query       TEXT NOT NULL,
	stories     INTEGER NOT NULL,
	min_outlets INTEGER NOT NULL,
	collapse    INTEGER NOT NULL,
	period_s    INTEGER NOT NULL,
	webhook     TEXT NOT NULL,
	secret      TEXT NOT NULL,
	email       TEXT NOT NULL,
	digest      TEXT NOT NULL,
	token       TEXT NOT NULL UNIQUE,
	paused      INTEGER NOT NULL,
	created     TEXT NOT NULL,
	updated     TEXT NOT NULL
) STRICT;

CREATE TABLE alert_matches (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	alert_id   INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
	article_id INTEGER NOT NULL,
	story      INTEGER,
	copy_group INTEGER NOT NULL,
	matched    TEXT NOT NULL,
	read       INTEGER NOT NULL DEFAULT 0,
	opts       INTEGER NOT NULL DEFAULT 0,
	UNIQUE (alert_id, article_id)
) STRICT;
CREATE INDEX alert_matches_alert ON alert_matches(alert_id, id);
CREATE INDEX alert_matches_story ON alert_matches(alert_id, story, matched) WHERE opts = 1;
CREATE INDEX alert_matches_group ON alert_matches(alert_id, copy_group) WHERE opts = 1;

CREATE TABLE deliveries (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	match_id     INTEGER NOT NULL REFERENCES alert_matches(id) ON DELETE CASCADE,
	alert_id     INTEGER NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
	channel      TEXT NOT NULL,
	state        TEXT NOT NULL,
	attempts     INTEGER NOT NULL DEFAULT 0,
	next_attempt TEXT NOT NULL,
	last_status  INTEGER NOT NULL DEFAULT 0,
	last_error   TEXT NOT NULL DEFAULT '',
	delivered    TEXT
) STRICT;
CREATE INDEX deliveries_due ON deliveries(channel, state, next_attempt);
CREATE INDEX deliveries_alert ON deliveries(alert_id, id);

CREATE TABLE alert_seen (
	article_id INTEGER PRIMARY KEY
) STRICT;
`)
	return err
}
