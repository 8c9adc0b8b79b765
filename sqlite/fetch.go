package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"newsdesk"
)

// LogFetch appends f to the fetch log. A zero SourceID logs a fetch that
// belongs to no source; a zero Time is taken as now.
func (s *Store) LogFetch(ctx context.Context, f newsdesk.Fetch) error {
	if f.Time.IsZero() {
		f.Time = time.Now()
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO fetches
			(source_id, url, time, status, bytes, duration_ms, error) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			nullID(f.SourceID), f.URL, formatTime(f.Time), f.Status, f.Bytes,
			f.Duration.Milliseconds(), f.Error)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: log fetch %s: %w", f.URL, err)
	}
	return nil
}

// nullID returns id, or NULL for zero.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}
