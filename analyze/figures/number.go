package figures

import (
	"strconv"
	"strings"
)

// ParseNumber reads a number as German or English news write it: "10.000"
// and "10,000" are 10000, "2,5" and "2.5" are 2.5, "1.234,5" and
// "1,234.5" are 1234.5, "10'000" is 10000. A separator followed by
// exactly three digits groups thousands, unless it is the later of two
// kinds, or a lone one that the language (lang "de" or "en"; "" for
// either) writes as its decimal mark ("1.786" in English, "1,786" in
// German); any other is the decimal mark. Letters after the digits (a
// glued unit: "10C", "3,5C") are returned as rest. ok is false when s
// does not start with a digit or reads as no number ("1.2.3").
func ParseNumber(s, lang string) (v float64, rest string, ok bool) {
	i := 0
	for i < len(s) && (isDigit(s[i]) || s[i] == '.' || s[i] == ',' || s[i] == '\'' && i+1 < len(s) && isDigit(s[i+1])) {
		i++
	}
	num, rest := s[:i], s[i:]
	// A trailing mark is punctuation, not part of the number.
	for num != "" && !isDigit(num[len(num)-1]) {
		rest = num[len(num)-1:] + rest
		num = num[:len(num)-1]
	}
	if num == "" || !isDigit(num[0]) {
		return 0, s, false
	}
	num = strings.ReplaceAll(num, "'", "")
	lastDot, lastComma := strings.LastIndexByte(num, '.'), strings.LastIndexByte(num, ',')
	var dec byte // the decimal mark, 0 for none
	switch {
	case lastDot >= 0 && lastComma >= 0:
		dec = '.'
		if lastComma > lastDot {
			dec = ','
		}
		if !grouped(num[:max(lastDot, lastComma)], dec^'.'^',') {
			return 0, s, false
		}
	case lastDot >= 0 || lastComma >= 0:
		sep := byte('.')
		if lastComma >= 0 {
			sep = ','
		}
		n := strings.Count(num, string(sep))
		if !grouped(num, sep) {
			if n > 1 {
				return 0, s, false // "1.2.3": a version or a date
			}
			dec = sep
		} else if n == 1 && (lang == "en" && sep == '.' || lang == "de" && sep == ',') {
			dec = sep
		}
	}
	var b strings.Builder
	for j := 0; j < len(num); j++ {
		c := num[j]
		switch {
		case isDigit(c):
			b.WriteByte(c)
		case c == dec:
			b.WriteByte('.')
		}
	}
	v, err := strconv.ParseFloat(b.String(), 64)
	if err != nil {
		return 0, s, false
	}
	return v, rest, true
}

// grouped reports whether every separator sep of num is followed by
// exactly three digits.
func grouped(num string, sep byte) bool {
	parts := strings.Split(num, string(sep))
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
		for k := 0; k < len(p); k++ {
			if !isDigit(p[k]) {
				return false
			}
		}
	}
	return true
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
