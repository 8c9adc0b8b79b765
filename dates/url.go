package dates

import (
	"strings"
	"time"
)

// urlDate reads a date from the path of a URL: /2024/06/19/, /2024-06-19-,
// _2024_06_19, or an 8-digit run 20240619. It returns the date and whether
// it has day precision (false: year and month only, /2024/06/).
func urlDate(u string, limit time.Time) (time.Time, bool, bool) {
	// Skip scheme and host.
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		j := 0
		for j < len(u) && u[j] != '/' && u[j] != '?' && u[j] != '#' {
			j++
		}
		u = u[j:]
	}
	if len(u) > 2048 {
		u = u[:2048]
	}
	var monthOnly time.Time
	for i := 0; i < len(u); {
		if !isDigit(u[i]) {
			i++
			continue
		}
		j := i
		for j < len(u) && isDigit(u[j]) {
			j++
		}
		run := u[i:j]
		if i > 0 && isAlnumASCII(u[i-1]) && len(run) != 8 {
			i = j
			continue
		}
		switch len(run) {
		case 4:
			y := atoi(run)
			if j < len(u) && (u[j] == '/' || u[j] == '-' || u[j] == '_' || u[j] == '.') {
				sep := u[j]
				m, k := digits(u, j+1, 2)
				if m > 0 {
					if k < len(u) && u[k] == sep {
						d, k2 := digits(u, k+1, 2)
						if d > 0 && (k2 == len(u) || !isDigit(u[k2])) {
							if t, ok := mkDate(y, m, d); ok && plausible(t, limit) {
								return t, true, true
							}
						}
					}
					if (k == len(u) || u[k] == '/' || u[k] == '-' || u[k] == '_') && sep == '/' && monthOnly.IsZero() {
						if t, ok := mkDate(y, m, 1); ok && plausible(t, limit) {
							monthOnly = t
						}
					}
				}
			}
		case 8:
			if j < len(u) && isAlnumASCII(u[j]) && !(u[j] >= 'a' && u[j] <= 'z') {
				break
			}
			if t, ok := mkDate(atoi(run[:4]), atoi(run[4:6]), atoi(run[6:])); ok && plausible(t, limit) {
				return t, true, true
			}
		}
		i = j
	}
	if !monthOnly.IsZero() {
		return monthOnly, false, true
	}
	return time.Time{}, false, false
}

// digits reads 1 to max digits at i; it returns 0 when none or more.
func digits(s string, i, max int) (int, int) {
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	if j == i || j-i > max {
		return 0, j
	}
	return atoi(s[i:j]), j
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isAlnumASCII(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
