package connect

import (
	"hash/fnv"
	"slices"
	"strconv"
	"unicode"
	"unicode/utf8"

	"newsdesk/search/analysis"
)

// events are the marks of one event in an article's text, beside its
// words: the quoted sentences (articles on one event quote the same
// people saying the same thing) and the days it names (the same event
// is dated alike; two events of one topic are not).
type events struct {
	// quotes are the hashes of the word 5-grams inside quotation marks,
	// sorted, each once.
	quotes []uint64
	// days are the calendar days named without a year as month*32+day
	// ("Jan. 12", "12. Januar", "December 31"), sorted, each once.
	days []uint16
	// weekdays is a bit set of the days of the week named (bit 0:
	// Monday).
	weekdays uint8
}

// quoteShingle is the number of words of a quoted shingle.
const quoteShingle = 5

// maxQuoteShingles caps the shingles kept of one article.
const maxQuoteShingles = 96

// maxQuoteBytes is the longest span taken as one quotation; an opening
// mark without its closing one within it is not a quotation.
const maxQuoteBytes = 800

// eventsOf finds the quotations and the named days of a text.
func eventsOf(text string) events {
	var ev events
	ev.quotes = quoteShingles(text, ev.quotes)
	ev.days, ev.weekdays = namedDays(text)
	return ev
}

// quoteShingles appends the hashes of the word 5-grams of the spans of
// text in quotation marks (" ", “ ”, „ “, « », » «).
func quoteShingles(text string, dst []uint64) []uint64 {
	open := -1
	var closer rune
	var words []string
	for i, r := range text {
		if open >= 0 {
			if r == closer || r == '"' && closer == '”' {
				dst = shingleSpan(text[open:i], words[:0], dst)
				open = -1
				continue
			}
			if i-open > maxQuoteBytes {
				open = -1
			} else {
				continue
			}
		}
		switch r {
		case '"':
			closer = '"'
		case '“':
			closer = '”'
		case '„':
			closer = '“'
		case '«':
			closer = '»'
		case '»':
			closer = '«'
		default:
			continue
		}
		open = i + utf8.RuneLen(r)
	}
	slices.Sort(dst)
	dst = slices.Compact(dst)
	if len(dst) > maxQuoteShingles {
		// Keep a sample that two articles quoting alike keep alike: the
		// lowest hashes.
		dst = dst[:maxQuoteShingles]
	}
	return dst
}

func shingleSpan(span string, words []string, dst []uint64) []uint64 {
	analysis.Words(span, func(w string, _, _ int) { words = append(words, analysis.Fold(w)) })
	h := fnv.New64a()
	for i := 0; i+quoteShingle <= len(words); i++ {
		h.Reset()
		for _, w := range words[i : i+quoteShingle] {
			h.Write([]byte(w))
			h.Write([]byte{0})
		}
		dst = append(dst, h.Sum64())
	}
	return dst
}

var monthNames = map[string]int{
	"january": 1, "jan": 1, "januar": 1, "janner": 1,
	"february": 2, "feb": 2, "februar": 2,
	"march": 3, "mar": 3, "marz": 3, "maerz": 3,
	"april": 4, "apr": 4,
	"may": 5, "mai": 5,
	"june": 6, "jun": 6, "juni": 6,
	"july": 7, "jul": 7, "juli": 7,
	"august": 8, "aug": 8,
	"september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "oktober": 10, "okt": 10,
	"november": 11, "nov": 11,
	"december": 12, "dec": 12, "dezember": 12, "dez": 12,
}

var weekdayNames = map[string]uint8{
	"monday": 0, "montag": 0,
	"tuesday": 1, "dienstag": 1,
	"wednesday": 2, "mittwoch": 2,
	"thursday": 3, "donnerstag": 3,
	"friday": 4, "freitag": 4,
	"saturday": 5, "samstag": 5, "sonnabend": 5,
	"sunday": 6, "sonntag": 6,
}

// namedDays finds the days of the month and of the week a text names:
// a capitalised month name next to a day number ("Jan. 12", "12.
// Januar", "December 31") and weekday names.
func namedDays(text string) ([]uint16, uint8) {
	type tok struct {
		w     string
		upper bool
	}
	var toks []tok
	analysis.Words(text, func(w string, _, _ int) {
		r, _ := utf8.DecodeRuneInString(w)
		toks = append(toks, tok{w, unicode.IsUpper(r)})
	})
	var days []uint16
	var wd uint8
	day := func(i int) int {
		if i < 0 || i >= len(toks) || len(toks[i].w) > 2 {
			return 0
		}
		n, err := strconv.Atoi(toks[i].w)
		if err != nil || n < 1 || n > 31 {
			return 0
		}
		return n
	}
	for i, t := range toks {
		if !t.upper || len(t.w) < 3 {
			continue
		}
		f := analysis.Fold(t.w)
		if d, ok := weekdayNames[f]; ok {
			wd |= 1 << d
			continue
		}
		m, ok := monthNames[f]
		if !ok {
			continue
		}
		if d := day(i + 1); d > 0 {
			days = append(days, uint16(m*32+d))
		} else if d := day(i - 1); d > 0 {
			days = append(days, uint16(m*32+d))
		}
	}
	slices.Sort(days)
	return slices.Compact(days), wd
}

// sharedU64 counts the values two sorted slices share.
func sharedU64(a, b []uint64) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// monthStart is the day of the year (from 0, in a year of 365 days)
// each month begins on.
var monthStart = [13]int{0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334}

// dayDistance is the least number of days between a day of a and one
// of b (month*32+day each, the year unknown: December 31 and January 1
// are one day apart).
func dayDistance(a, b []uint16) int {
	best := 365
	for _, x := range a {
		dx := monthStart[x/32] + int(x%32)
		for _, y := range b {
			d := dx - monthStart[y/32] - int(y%32)
			if d < 0 {
				d = -d
			}
			best = min(best, d, 365-d)
		}
	}
	return best
}
