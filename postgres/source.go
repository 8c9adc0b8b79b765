package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"newsdesk"
)

const sourceColumns = `id, kind, url, title, interval_ns, etag, last_modified,
	last_fetch, last_status, last_error, next_fetch, created`

// AddSource stores src and sets its ID, and its Created time if that is
// zero. It returns an error wrapping newsdesk.ErrExists if a source with
// the same URL is stored; URLs are compared as written.
func (s *Store) AddSource(ctx context.Context, src *newsdesk.Source) error {
	if src.Created.IsZero() {
		src.Created = time.Now()
	}
	var id int64
	err := s.write(ctx, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `INSERT INTO sources (kind, url, title, interval_ns,
			etag, last_modified, last_fetch, last_status, last_error, next_fetch, created)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
			clean(string(src.Kind)), clean(src.URL), clean(src.Title), int64(src.Interval),
			clean(src.ETag), clean(src.LastModified), nullTime(src.LastFetch), src.LastStatus,
			clean(src.LastError), nullTime(src.NextFetch), src.Created).Scan(&id)
	})
	if isUnique(err) {
		return fmt.Errorf("postgres: add source %s: %w", src.URL, newsdesk.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("postgres: add source %s: %w", src.URL, err)
	}
	src.ID = id
	return nil
}

// UpdateSource writes every field of src, including the state of its
// last fetch, over the stored source with its ID. It returns an error
// wrapping newsdesk.ErrNotFound if there is none, newsdesk.ErrExists if
// the URL changed to one another source has.
func (s *Store) UpdateSource(ctx context.Context, src *newsdesk.Source) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE sources SET kind = $1, url = $2, title = $3,
			interval_ns = $4, etag = $5, last_modified = $6, last_fetch = $7, last_status = $8,
			last_error = $9, next_fetch = $10 WHERE id = $11`,
			clean(string(src.Kind)), clean(src.URL), clean(src.Title), int64(src.Interval),
			clean(src.ETag), clean(src.LastModified), nullTime(src.LastFetch), src.LastStatus,
			clean(src.LastError), nullTime(src.NextFetch), src.ID)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return newsdesk.ErrNotFound
		}
		return nil
	})
	if isUnique(err) {
		return fmt.Errorf("postgres: update source %d: %w", src.ID, newsdesk.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("postgres: update source %d: %w", src.ID, err)
	}
	return nil
}

// RemoveSource deletes the source with the given ID and its fetch log.
// Its pages and articles stay, no longer tied to a source, and the
// articles are written to the change log. It returns an error wrapping
// newsdesk.ErrNotFound if there is no such source.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE articles SET source_id = NULL WHERE source_id = $1 RETURNING id`, id)
		if err != nil {
			return err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
		if err != nil {
			return err
		}
		if tag.RowsAffected() == 0 {
			return newsdesk.ErrNotFound
		}
		// The articles lost their source: a change for their followers.
		return logChanges(ctx, tx, ids...)
	})
	if err != nil {
		return fmt.Errorf("postgres: remove source %d: %w", id, err)
	}
	return nil
}

// Source returns the source with the given ID, or an error wrapping
// newsdesk.ErrNotFound.
func (s *Store) Source(ctx context.Context, id int64) (*newsdesk.Source, error) {
	src, err := scanSource(s.pool.QueryRow(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: source %d: %w", id, classify(err))
	}
	return src, nil
}

// Sources returns every source, in ID order.
func (s *Store) Sources(ctx context.Context) ([]newsdesk.Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", classify(err))
	}
	defer rows.Close()
	var out []newsdesk.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: sources: %w", err)
		}
		out = append(out, *src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: sources: %w", classify(err))
	}
	return out, nil
}

func scanSource(row pgx.Row) (*newsdesk.Source, error) {
	var (
		src                  newsdesk.Source
		kind                 string
		interval             int64
		lastFetch, nextFetch pgtype.Timestamptz
	)
	err := row.Scan(&src.ID, &kind, &src.URL, &src.Title, &interval, &src.ETag, &src.LastModified,
		&lastFetch, &src.LastStatus, &src.LastError, &nextFetch, &src.Created)
	if err != nil {
		return nil, err
	}
	src.Kind = newsdesk.SourceKind(kind)
	src.Interval = time.Duration(interval)
	src.LastFetch, src.NextFetch = instant(lastFetch), instant(nextFetch)
	src.Created = src.Created.UTC()
	return &src, nil
}

// LogFetch appends f to the fetch log. A zero SourceID logs a fetch that
// belongs to no source; a zero Time is taken as now.
func (s *Store) LogFetch(ctx context.Context, f newsdesk.Fetch) error {
	if f.Time.IsZero() {
		f.Time = time.Now()
	}
	err := s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO fetches
			(source_id, url, time, status, bytes, duration_ms, error) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			nullID(f.SourceID), clean(f.URL), f.Time, f.Status, f.Bytes,
			f.Duration.Milliseconds(), clean(f.Error))
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: log fetch %s: %w", f.URL, err)
	}
	return nil
}
