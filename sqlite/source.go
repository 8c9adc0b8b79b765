package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"newsdesk"
)

const sourceColumns = `id, kind, url, title, interval_ns, etag, last_modified,
	last_fetch, last_status, last_error, next_fetch, created`

// AddSource stores s and sets its ID, and its Created time if that is
// zero. It returns an error wrapping newsdesk.ErrExists if a source with
// the same URL is stored; URLs are compared as written.
func (s *Store) AddSource(ctx context.Context, src *newsdesk.Source) error {
	if src.Created.IsZero() {
		src.Created = time.Now()
	}
	var id int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO sources (kind, url, title, interval_ns,
			etag, last_modified, last_fetch, last_status, last_error, next_fetch, created)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			string(src.Kind), src.URL, src.Title, int64(src.Interval),
			src.ETag, src.LastModified, nullTime(src.LastFetch), src.LastStatus,
			src.LastError, nullTime(src.NextFetch), formatTime(src.Created)).Scan(&id)
	})
	if isUnique(err) {
		return fmt.Errorf("sqlite: add source %s: %w", src.URL, newsdesk.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("sqlite: add source %s: %w", src.URL, err)
	}
	src.ID = id
	return nil
}

// UpdateSource writes every field of src, including the state of its
// last fetch, over the stored source with its ID. It returns an error
// wrapping newsdesk.ErrNotFound if there is none, newsdesk.ErrExists if
// the URL changed to one another source has.
func (s *Store) UpdateSource(ctx context.Context, src *newsdesk.Source) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE sources SET kind = ?, url = ?, title = ?,
			interval_ns = ?, etag = ?, last_modified = ?, last_fetch = ?, last_status = ?,
			last_error = ?, next_fetch = ? WHERE id = ?`,
			string(src.Kind), src.URL, src.Title, int64(src.Interval),
			src.ETag, src.LastModified, nullTime(src.LastFetch), src.LastStatus,
			src.LastError, nullTime(src.NextFetch), src.ID)
		if err != nil {
			return err
		}
		return affected(res)
	})
	if isUnique(err) {
		return fmt.Errorf("sqlite: update source %d: %w", src.ID, newsdesk.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("sqlite: update source %d: %w", src.ID, err)
	}
	return nil
}

// RemoveSource deletes the source with the given ID and its fetch log.
// Its pages and articles stay, no longer tied to a source. It returns an
// error wrapping newsdesk.ErrNotFound if there is no such source.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		// The articles lose their source: a change for their followers.
		_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO changes (article_id)
			SELECT id FROM articles WHERE source_id = ? ORDER BY id`, id)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
		if err != nil {
			return err
		}
		return affected(res)
	})
	if err != nil {
		return fmt.Errorf("sqlite: remove source %d: %w", id, err)
	}
	return nil
}

// Source returns the source with the given ID, or an error wrapping
// newsdesk.ErrNotFound.
func (s *Store) Source(ctx context.Context, id int64) (*newsdesk.Source, error) {
	src, err := scanSource(s.r.QueryRowContext(ctx, `SELECT `+sourceColumns+` FROM sources WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: source %d: %w", id, err)
	}
	return src, nil
}

// Sources returns every source, in ID order.
func (s *Store) Sources(ctx context.Context) ([]newsdesk.Source, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sourceColumns+` FROM sources ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: sources: %w", err)
	}
	defer rows.Close()
	var out []newsdesk.Source
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: sources: %w", err)
		}
		out = append(out, *src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: sources: %w", err)
	}
	return out, nil
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanSource(row scanner) (*newsdesk.Source, error) {
	var (
		src                          newsdesk.Source
		kind                         string
		interval                     int64
		lastFetch, nextFetch, create sql.NullString
	)
	err := row.Scan(&src.ID, &kind, &src.URL, &src.Title, &interval, &src.ETag, &src.LastModified,
		&lastFetch, &src.LastStatus, &src.LastError, &nextFetch, &create)
	if err != nil {
		return nil, err
	}
	src.Kind = newsdesk.SourceKind(kind)
	src.Interval = time.Duration(interval)
	if src.LastFetch, err = parseTime(lastFetch); err != nil {
		return nil, err
	}
	if src.NextFetch, err = parseTime(nextFetch); err != nil {
		return nil, err
	}
	if src.Created, err = parseTime(create); err != nil {
		return nil, err
	}
	return &src, nil
}

// affected returns newsdesk.ErrNotFound if res changed no row.
func affected(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return newsdesk.ErrNotFound
	}
	return nil
}
