package sqlite

import (
	"database/sql"
	"fmt"
	"time"
)

// utcLayout writes instants in UTC with a fixed nine-digit fraction, so
// that the text sorts in time order.
const utcLayout = "2006-01-02T15:04:05.000000000Z"

// formatTime returns t as sortable UTC text.
func formatTime(t time.Time) string { return t.UTC().Format(utcLayout) }

// nullTime returns t as sortable UTC text, or NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

// nullLocalTime returns t as RFC 3339 text with its own offset, or NULL
// for the zero time.
func nullLocalTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(time.RFC3339Nano)
}

// checkTime reports an error for a time RFC 3339 cannot write.
func checkTime(name string, t time.Time) error {
	if y := t.Year(); !t.IsZero() && (y < 0 || y > 9999) {
		return fmt.Errorf("%s time %v out of range", name, t)
	}
	return nil
}

// parseTime reads a time written by formatTime or nullLocalTime; NULL is
// the zero time. Times in UTC come back in time.UTC.
func parseTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad time %q: %w", s.String, err)
	}
	if _, off := t.Zone(); off == 0 {
		t = t.UTC()
	}
	return t, nil
}
