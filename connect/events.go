package connect

import (
	"cmp"
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

// eventsOf finds the quotations and the named days of a text on its
// own.
func eventsOf(text string) events {
	var ev events
	ev.quotes = quoteShingles(text, ev.quotes)
	ev.days, ev.weekdays = namedDays(text)
	return ev
}

// events returns the quotations of text and the days c read in it (the
// text vocab.extract counted into c last).
func (c *counts) events(text string) events {
	ev := events{quotes: quoteShingles(text, nil)}
	ev.days, ev.weekdays = c.days.finish()
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
	var sc dayScanner
	analysis.Words(text, func(w string, _, _ int) { sc.word(w) })
	return sc.finish()
}

// dayScanner finds the named days (see namedDays) in the words of a
// text fed one by one, as analysis.Words splits it: the story features
// read the text once for words and days alike.
type dayScanner struct {
	days     []uint16
	weekdays uint8
	prevDay  int // the day number the previous word is, or 0
	month    int // a month the previous word named, waiting for a day after it
	before   int // the day number before that month, or 0
}

// word takes the next word of the text.
func (sc *dayScanner) word(w string) {
	n := dayNumber(w)
	if sc.month > 0 {
		// The day after the month, else the one before it.
		if d := cmp.Or(n, sc.before); d > 0 {
			sc.days = append(sc.days, uint16(sc.month*32+d))
		}
		sc.month = 0
	}
	if r, _ := utf8.DecodeRuneInString(w); unicode.IsUpper(r) && len(w) >= 3 {
		f := analysis.Fold(w)
		if d, ok := weekdayNames[f]; ok {
			sc.weekdays |= 1 << d
		} else if m, ok := monthNames[f]; ok {
			sc.month, sc.before = m, sc.prevDay
		}
	}
	sc.prevDay = n
}

// finish returns the days found, sorted, each once, and the weekdays,
// and makes sc ready for another text.
func (sc *dayScanner) finish() ([]uint16, uint8) {
	if sc.month > 0 && sc.before > 0 {
		sc.days = append(sc.days, uint16(sc.month*32+sc.before))
	}
	days, wd := sc.days, sc.weekdays
	*sc = dayScanner{}
	slices.Sort(days)
	return slices.Compact(days), wd
}

// dayNumber is w as a day of the month (1–31), or 0.
func dayNumber(w string) int {
	if len(w) > 2 {
		return 0
	}
	n, err := strconv.Atoi(w)
	if err != nil || n < 1 || n > 31 {
		return 0
	}
	return n
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
