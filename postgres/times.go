package postgres

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgtype"
)

// nullTime returns t, or NULL for the zero time.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t
}

// instant returns the time of a timestamptz in UTC, the zero time for
// NULL.
func instant(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
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

// parseLocalTime reads a time written by nullLocalTime; NULL is the
// zero time. Times in UTC come back in time.UTC.
func parseLocalTime(s *string) (time.Time, error) {
	if s == nil || *s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, *s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad time %q: %w", *s, err)
	}
	if _, off := t.Zone(); off == 0 {
		t = t.UTC()
	}
	return t, nil
}

// clean returns s as PostgreSQL's text can hold it: valid UTF-8 without
// NUL characters, each bad byte sequence and NUL replaced by U+FFFD.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	return strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "\uFFFD")
}

// needsClean reports whether s is no valid UTF-8 or holds a NUL.
func needsClean(s string) bool {
	return !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0
}

// cleanAll returns a copy of ss with each string cleaned; nil for nil.
func cleanAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s)
	}
	return out
}

// cleanValue returns v, a value decoded from JSON, with every string in
// it cleaned.
func cleanValue(v any) any {
	switch v := v.(type) {
	case string:
		return clean(v)
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[clean(k)] = cleanValue(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = cleanValue(x)
		}
		return out
	}
	return v
}

// valueNeedsClean reports whether a string in v, a value decoded from
// JSON, needs cleaning.
func valueNeedsClean(v any) bool {
	switch v := v.(type) {
	case string:
		return needsClean(v)
	case map[string]any:
		for k, x := range v {
			if needsClean(k) || valueNeedsClean(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if valueNeedsClean(x) {
				return true
			}
		}
	}
	return false
}
