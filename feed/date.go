package feed

import (
	"regexp"
	"strings"
	"time"

	"newsdesk/dates"
)

// parseDate reads a feed date: RFC 3339 and RFC 1123 with a numeric zone
// directly, and everything else (RFC 822 variants with zone names, two-
// digit years or missing weekdays, German month names, bare dates) with
// dates.Parse. It returns the zero time when s holds no plausible date.
func parseDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range [...]string{time.RFC3339Nano, time.RFC1123Z} {
		if t, err := time.Parse(layout, s); err == nil {
			if t.Year() >= 1995 && t.Before(time.Now().Add(24*time.Hour)) {
				return t
			}
			return time.Time{}
		}
	}
	s = twoDigitYear.ReplaceAllString(s, "$1 $2 20$3 ")
	if t, ok := dates.Parse(s); ok {
		return t
	}
	return time.Time{}
}

// twoDigitYear finds the two-digit year of RFC 822 and RFC 850 dates
// followed by a time ("19 Jun 24 14:30", "19-Jun-24 14:30"), which are
// read as 20yy.
var twoDigitYear = regexp.MustCompile(`(?i)\b(\d{1,2})[ -]([a-z]{3})[ -](\d{2})\s+`)
