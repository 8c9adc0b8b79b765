package dates

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxParseLen caps the bytes of one string that Parse looks at.
const maxParseLen = 2000

// minYear is the earliest year accepted as a plausible publication date.
const minYear = 1995

// Parse reads one date or date-time string in the forms found on news
// pages: ISO 8601 / RFC 3339 (with or without zone, with fractional
// seconds), RFC 1123, "2024-06-19 14:30", German forms ("19. Juni 2024",
// "19.06.2024, 14:30 Uhr", "19.6.24", "Mittwoch, 19. Juni 2024",
// "Jun. 2024"), English forms ("June 19, 2024", "19 June 2024",
// "Jun 19, 2024 2:30 PM", "Wed, 19 Jun 2024"), US "06/19/2024", and day
// and month names in French, Spanish, Italian, Polish, Dutch, Portuguese,
// Czech, Turkish, Russian, Romanian, Swedish, Danish, Norwegian, Finnish,
// Hungarian, Ukrainian, Greek, Lithuanian and Indonesian. Text around the date is ignored; the first full date wins,
// and a month with a year ("Juni 2024") is taken as the first of the month
// only when no full date is present.
//
// A date with an explicit zone or offset keeps it (the time is not
// converted); a date without one is returned in UTC as written. Parse
// returns false when s holds no plausible date (before 1995 or more than a
// day in the future).
func Parse(s string) (time.Time, bool) {
	if len(s) > maxParseLen {
		s = s[:maxParseLen]
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	if t, ok := parseCompact(s); ok {
		return t, true
	}
	var sc scanner
	sc.reset(s)
	limit := latestPlausible()
	var monthOnly time.Time
	for i := 0; i < len(sc.toks); i++ {
		m, ok := sc.matchAt(i, true)
		if !ok {
			continue
		}
		if m.t.Before(time.Date(minYear, 1, 1, 0, 0, 0, 0, time.UTC)) || m.t.After(limit) {
			i = m.end - 1
			continue
		}
		if m.q == qMonth {
			if monthOnly.IsZero() {
				monthOnly = m.t
			}
			continue
		}
		return m.t, true
	}
	if !monthOnly.IsZero() {
		return monthOnly, true
	}
	return time.Time{}, false
}

// latestPlausible is the latest instant accepted as a date.
func latestPlausible() time.Time {
	return time.Now().Add(24 * time.Hour)
}

func plausible(t time.Time, limit time.Time) bool {
	return t.Year() >= minYear && !t.After(limit)
}

// parseCompact reads all-digit dates: YYYYMMDD, YYYYMMDDhhmm(ss).
func parseCompact(s string) (time.Time, bool) {
	n := len(s)
	if n != 8 && n != 12 && n != 14 {
		return time.Time{}, false
	}
	for i := 0; i < n; i++ {
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, false
		}
	}
	y := atoi(s[0:4])
	mo := atoi(s[4:6])
	d := atoi(s[6:8])
	h, mi, sec := 0, 0, 0
	if n >= 12 {
		h, mi = atoi(s[8:10]), atoi(s[10:12])
	}
	if n == 14 {
		sec = atoi(s[12:14])
	}
	if h > 23 || mi > 59 || sec > 60 {
		return time.Time{}, false
	}
	t, ok := mkDate(y, mo, d)
	if !ok {
		return time.Time{}, false
	}
	t = t.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(sec)*time.Second)
	if !plausible(t, latestPlausible()) {
		return time.Time{}, false
	}
	return t, true
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
		if n > 1e9 {
			return n
		}
	}
	return n
}

// noZone is the location of times read without a zone: they are kept as
// written, at offset zero, but unlike time.UTC they do not claim to be UTC.
var noZone = time.FixedZone("", 0)

// mkDate builds a midnight date, checking the day against the month.
func mkDate(y, m, d int) (time.Time, bool) {
	if y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, noZone)
	if t.Day() != d {
		return time.Time{}, false
	}
	return t, true
}

// Token kinds.
const (
	tkNum  = 'n'
	tkWord = 'w'
	tkPunc = 'p'
)

// token is one lexical unit of a scanned string.
type token struct {
	kind  byte
	punc  rune   // for tkPunc
	num   int    // for tkNum
	nd    int    // digit count for tkNum
	word  string // lower-cased, for tkWord
	sp    bool   // whitespace before the token
	start int    // byte offset in the scanned string
	end   int
}

// scanner splits a string into tokens and matches date patterns on them.
type scanner struct {
	s    string
	toks []token
	buf  []byte
	dmy  bool // read ambiguous slashed dates as day/month/year
}

func (sc *scanner) reset(s string) {
	sc.s = s
	sc.toks = sc.toks[:0]
	sp := true
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			sp = true
			i++
			continue
		case c >= '0' && c <= '9':
			j := i
			n := 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if j-i < 9 {
					n = n*10 + int(s[j]-'0')
				}
				j++
			}
			sc.toks = append(sc.toks, token{kind: tkNum, num: n, nd: j - i, sp: sp, start: i, end: j})
			i = j
		case c < utf8.RuneSelf:
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
				i = sc.word(i, sp)
			} else {
				sc.toks = append(sc.toks, token{kind: tkPunc, punc: rune(c), sp: sp, start: i, end: i + 1})
				i++
			}
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			switch {
			case r == 0xA0 || r == 0x202F || r == 0x2009 || unicode.IsSpace(r):
				sp = true
				i += size
				continue
			case unicode.IsLetter(r):
				// CJK date markers stand alone so "2024年6月19日" splits.
				if r == '年' || r == '月' || r == '日' {
					sc.toks = append(sc.toks, token{kind: tkWord, word: string(r), sp: sp, start: i, end: i + size})
					i += size
				} else {
					i = sc.word(i, sp)
				}
			default:
				if r == '–' || r == '—' || r == '‐' {
					r = '-'
				}
				sc.toks = append(sc.toks, token{kind: tkPunc, punc: r, sp: sp, start: i, end: i + size})
				i += size
			}
		}
		sp = false
	}
}

// word reads a run of letters starting at i and appends it. Only words
// that matter to the patterns (month names, zones, small keywords) keep
// their lower-cased text; others get "" so scanning does not allocate.
func (sc *scanner) word(i int, sp bool) int {
	j := i
	sc.buf = sc.buf[:0]
	for j < len(sc.s) {
		c := sc.s[j]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' {
				sc.buf = append(sc.buf, c)
				j++
				continue
			}
			if c >= 'A' && c <= 'Z' {
				sc.buf = append(sc.buf, c+'a'-'A')
				j++
				continue
			}
			break
		}
		r, size := utf8.DecodeRuneInString(sc.s[j:])
		if !unicode.IsLetter(r) || r == '年' || r == '月' || r == '日' {
			break
		}
		if len(sc.buf) < 64 {
			sc.buf = utf8.AppendRune(sc.buf, unicode.ToLower(r))
		}
		j += size
	}
	w := ""
	if len(sc.buf) <= 24 {
		w = vocab[string(sc.buf)]
	}
	sc.toks = append(sc.toks, token{kind: tkWord, word: w, sp: sp, start: i, end: j})
	return j
}

// vocab interns the words the patterns look at.
var vocab = buildVocab()

func buildVocab() map[string]string {
	vocab := map[string]string{}
	for k := range monthNames {
		vocab[k] = k
	}
	for k := range zoneAbbr {
		vocab[k] = k
	}
	for _, k := range []string{"t", "z", "am", "pm", "a", "p", "m", "h", "uhr", "um", "at", "à", "las", "o", "ore",
		"alle", "kl", "klo", "godz", "г", "в", "de", "del", "of", "st", "nd", "rd", "th", "er", "vom", "on", "le",
		"年", "月", "日"} {
		vocab[k] = k
	}
	return vocab
}

// Match qualities.
const (
	qMonth = 1 // month and year only
	qDay   = 2 // full date
)

// match is one date found in a token stream.
type match struct {
	t       time.Time
	alt     time.Time // the other reading of an ambiguous nn/nn/yyyy date
	q       int
	hasTime bool
	start   int // first token
	end     int // one past the last token
	dateEnd int // one past the last token of the date (without the time)
}

func (sc *scanner) tok(i int) *token {
	if i < 0 || i >= len(sc.toks) {
		return nil
	}
	return &sc.toks[i]
}

func (sc *scanner) isPunc(i int, r rune) bool {
	t := sc.tok(i)
	return t != nil && t.kind == tkPunc && t.punc == r
}

func (sc *scanner) isWord(i int, w string) bool {
	t := sc.tok(i)
	return t != nil && t.kind == tkWord && t.word == w
}

// glued reports whether token i directly follows token i-1.
func (sc *scanner) glued(i int) bool {
	t := sc.tok(i)
	return t != nil && !t.sp
}

// monthAt reads a month name at i (with an optional dot) and returns the
// month and the next token index.
func (sc *scanner) monthAt(i int) (int, int) {
	t := sc.tok(i)
	if t == nil || t.kind != tkWord {
		return 0, i
	}
	m, ok := monthNames[t.word]
	if !ok {
		return 0, i
	}
	j := i + 1
	if sc.isPunc(j, '.') && sc.glued(j) {
		j++
	}
	return m, j
}

// year2 widens a two-digit year.
func year2(y int) int {
	if y >= 100 {
		return y
	}
	cur := time.Now().Year() % 100
	if y <= cur+1 {
		return 2000 + y
	}
	return 1900 + y
}

// matchAt tries all date patterns at token i. loose allows forms that are
// too ambiguous for running text (compact digits, month-year).
func (sc *scanner) matchAt(i int, loose bool) (match, bool) {
	t := sc.tok(i)
	if t == nil {
		return match{}, false
	}
	var m match
	var ok bool
	switch t.kind {
	case tkNum:
		m, ok = sc.matchNum(i, loose)
	case tkWord:
		m, ok = sc.matchWord(i, loose)
	}
	if !ok {
		return match{}, false
	}
	if m.dateEnd == 0 {
		m.dateEnd = m.end
	}
	// The parts of a date do not straddle lines (blocks of a page).
	for k := m.start + 1; k < m.dateEnd; k++ {
		if strings.IndexByte(sc.s[sc.toks[k-1].end:sc.toks[k].start], '\n') >= 0 {
			return match{}, false
		}
	}
	return m, true
}

func (sc *scanner) matchNum(i int, loose bool) (match, bool) {
	t := &sc.toks[i]
	// A number glued to a preceding number or letter is part of something
	// else (an id, a version, a phone number).
	if p := sc.tok(i - 1); p != nil && !t.sp {
		if p.kind == tkNum || p.kind == tkWord && p.word != "t" && p.word != "" {
			if !(p.kind == tkWord && (p.word == "am" || p.word == "vom" || p.word == "on" || p.word == "le")) {
				return match{}, false
			}
		}
		if p.kind == tkPunc && (p.punc == '.' || p.punc == '/' || p.punc == '-' || p.punc == ':' || p.punc == ',') {
			if q := sc.tok(i - 2); q != nil && q.kind == tkNum && !p.sp {
				return match{}, false
			}
		}
	}
	switch {
	case t.nd == 4:
		// Y-M-D, Y/M/D, Y.M.D, Y年M月D日
		y := t.num
		if sc.isWord(i+1, "年") {
			if m := sc.tok(i + 2); m != nil && m.kind == tkNum && sc.isWord(i+3, "月") {
				if d := sc.tok(i + 4); d != nil && d.kind == tkNum && sc.isWord(i+5, "日") {
					if dt, ok := mkDate(y, m.num, d.num); ok {
						return sc.withTime(match{t: dt, q: qDay, start: i, end: i + 6}), true
					}
				}
			}
			return match{}, false
		}
		sep := sc.tok(i + 1)
		if sep == nil || sep.kind != tkPunc || (sep.punc != '-' && sep.punc != '/' && sep.punc != '.') {
			return match{}, false
		}
		m := sc.tok(i + 2)
		if m == nil || m.kind != tkNum || m.nd > 2 {
			if loose && sep.punc == '-' && m != nil && m.kind == tkWord {
				// 2024-Jun-19
				if mo, ok := monthNames[m.word]; ok && sc.isPunc(i+3, '-') {
					if d := sc.tok(i + 4); d != nil && d.kind == tkNum && d.nd <= 2 {
						if dt, ok := mkDate(y, mo, d.num); ok {
							return sc.withTime(match{t: dt, q: qDay, start: i, end: i + 5}), true
						}
					}
				}
			}
			return match{}, false
		}
		if sep.sp && !loose || m.sp && !loose && sep.punc != '.' {
			return match{}, false
		}
		if !sc.isPunc(i+3, sep.punc) {
			if loose && sep.punc == '-' && m.nd == 2 {
				// 2024-06: month precision
				if nx := sc.tok(i + 3); nx == nil || nx.kind != tkNum {
					if dt, ok := mkDate(y, m.num, 1); ok {
						return match{t: dt, q: qMonth, start: i, end: i + 3}, true
					}
				}
			}
			return match{}, false
		}
		d := sc.tok(i + 4)
		if d == nil || d.kind != tkNum || d.nd > 2 {
			return match{}, false
		}
		if nx := sc.tok(i + 5); nx != nil && !nx.sp && nx.kind == tkPunc && nx.punc == sep.punc {
			if n2 := sc.tok(i + 6); n2 != nil && n2.kind == tkNum && !n2.sp {
				return match{}, false // 2024.1.2.3
			}
		}
		dt, ok := mkDate(y, m.num, d.num)
		if !ok {
			return match{}, false
		}
		return sc.withTime(match{t: dt, q: qDay, start: i, end: i + 5}), true
	case t.nd <= 2:
		a := t.num
		sep := sc.tok(i + 1)
		if sep == nil {
			return match{}, false
		}
		if sep.kind == tkPunc && (sep.punc == '.' || sep.punc == '/' || sep.punc == '-') && !sep.sp {
			b := sc.tok(i + 2)
			if b != nil && b.kind == tkNum && b.nd <= 2 && (!b.sp || sep.punc == '.') {
				if !sc.isPunc(i+3, sep.punc) {
					return match{}, false
				}
				y := sc.tok(i + 4)
				if y == nil || y.kind != tkNum || (y.nd != 4 && y.nd != 2) || (y.sp && sep.punc != '.') {
					return match{}, false
				}
				if nx := sc.tok(i + 5); nx != nil && !nx.sp && nx.kind == tkPunc && (nx.punc == sep.punc || nx.punc == '.' && sc.glued(i+6) && sc.toks[i+6].kind == tkNum) {
					if n2 := sc.tok(i + 6); n2 != nil && n2.kind == tkNum && !n2.sp {
						return match{}, false // 1.2.3.4
					}
				}
				if y.nd == 2 && !loose && (sep.punc != '.' || t.nd != 2 || b.nd != 2) {
					return match{}, false
				}
				yr := year2(y.num)
				var day, mon int
				switch sep.punc {
				case '.', '-':
					day, mon = a, b.num
				default: // '/': US order unless impossible or asked for
					if a > 12 || sc.dmy && b.num <= 12 {
						day, mon = a, b.num
					} else {
						day, mon = b.num, a
					}
				}
				dt, ok := mkDate(yr, mon, day)
				if !ok {
					return match{}, false
				}
				var alt time.Time
				if sep.punc == '/' && a <= 12 && b.num <= 12 && a != b.num {
					alt, _ = mkDate(yr, day, mon)
				}
				return sc.withTime(match{t: dt, alt: alt, q: qDay, start: i, end: i + 5}), true
			}
			if sep.punc == '.' || sep.punc == '-' {
				// "19. Juni 2024", "19-Jun-2024"
				return sc.dayMonthYear(i, i+2, a)
			}
			return match{}, false
		}
		// "19 June 2024", "19th June 2024", "19 de junio de 2024"
		j := i + 1
		if sep.kind == tkWord && !sep.sp && (sep.word == "st" || sep.word == "nd" || sep.word == "rd" || sep.word == "th" || sep.word == "er") {
			j++
		}
		return sc.dayMonthYear(i, j, a)
	}
	return match{}, false
}

// dayMonthYear matches "<month> <year>" at j, after a day read at i.
func (sc *scanner) dayMonthYear(i, j, day int) (match, bool) {
	if sc.isWord(j, "de") || sc.isWord(j, "of") {
		j++
	}
	mon, k := sc.monthAt(j)
	if mon == 0 {
		return match{}, false
	}
	if sc.isPunc(k, ',') || sc.isPunc(k, '-') || sc.isPunc(k, '.') {
		k++
	}
	if sc.isWord(k, "de") || sc.isWord(k, "del") {
		k++
	}
	y := sc.tok(k)
	if y == nil || y.kind != tkNum || (y.nd != 4 && !(y.nd == 2 && sc.isPunc(k-1, '-'))) {
		return match{}, false
	}
	if nx := sc.tok(k + 1); nx != nil && !nx.sp && nx.kind == tkNum {
		return match{}, false
	}
	dt, ok := mkDate(year2(y.num), mon, day)
	if !ok {
		return match{}, false
	}
	return sc.withTime(match{t: dt, q: qDay, start: i, end: k + 1}), true
}

func (sc *scanner) matchWord(i int, loose bool) (match, bool) {
	mon, j := sc.monthAt(i)
	if mon == 0 {
		return match{}, false
	}
	// A month word glued to letters or digits before it is not a date.
	if p := sc.tok(i - 1); p != nil && !sc.toks[i].sp && p.kind != tkPunc {
		return match{}, false
	}
	d := sc.tok(j)
	if d == nil || d.kind != tkNum {
		return match{}, false
	}
	if d.nd <= 2 {
		// "June 19, 2024", "Jun 19th 2024", "June 19 2024"
		k := j + 1
		if w := sc.tok(k); w != nil && w.kind == tkWord && !w.sp && (w.word == "st" || w.word == "nd" || w.word == "rd" || w.word == "th") {
			k++
		}
		if sc.isPunc(k, ',') || sc.isPunc(k, '.') {
			k++
		}
		y := sc.tok(k)
		if y != nil && y.kind == tkNum && y.nd == 4 {
			if nx := sc.tok(k + 1); nx != nil && !nx.sp && (nx.kind == tkNum || nx.kind == tkPunc && (nx.punc == ':' || nx.punc == '.' && sc.glued(k+2) && sc.toks[k+2].kind == tkNum)) {
				// "Jun 19 2024:..." is fine but "June 19, 2024.5" or a time
				// like "Jun 19 14:30 2024" is not this form.
				if nx.kind == tkNum || nx.punc != '.' {
					return match{}, false
				}
			}
			dt, ok := mkDate(y.num, mon, d.num)
			if !ok {
				return match{}, false
			}
			return sc.withTime(match{t: dt, q: qDay, start: i, end: k + 1}), true
		}
		return match{}, false
	}
	if d.nd == 4 {
		// "Juni 2024": month precision
		if nx := sc.tok(j + 1); nx != nil && !nx.sp && (nx.kind == tkNum || nx.kind == tkPunc && nx.punc != ',' && nx.punc != '.' && nx.punc != ')') {
			return match{}, false
		}
		dt, ok := mkDate(d.num, mon, 1)
		if !ok {
			return match{}, false
		}
		return match{t: dt, q: qMonth, start: i, end: j + 1}, true
	}
	return match{}, false
}

// withTime extends a date match with a following time of day and zone.
func (sc *scanner) withTime(m match) match {
	m.dateEnd = m.end
	j := m.end
	// Separators between date and time.
	for n := 0; n < 3; n++ {
		t := sc.tok(j)
		if t == nil {
			return m
		}
		if t.kind == tkPunc && (t.punc == ',' || t.punc == '-' || t.punc == '|' || t.punc == '/' || t.punc == '·' || t.punc == '•' || t.punc == '@') {
			j++
			continue
		}
		if t.kind == tkWord {
			switch t.word {
			case "t", "um", "at", "à", "a", "las", "o", "ore", "alle", "kl", "klo", "godz", "г", "в":
				j++
				continue
			}
		}
		break
	}
	h := sc.tok(j)
	if h == nil || h.kind != tkNum || h.nd > 2 || h.num > 23 || !sc.isPunc(j+1, ':') && !(sc.isPunc(j+1, '.') && sc.isWord(j+3, "uhr")) && !(sc.isWord(j+1, "h") && sc.glued(j+1)) {
		return m
	}
	mi := sc.tok(j + 2)
	if mi == nil || mi.kind != tkNum || mi.nd != 2 || mi.num > 59 {
		return m
	}
	hour, min, sec, nsec := h.num, mi.num, 0, 0
	k := j + 3
	if sc.isPunc(k, ':') {
		if s := sc.tok(k + 1); s != nil && s.kind == tkNum && s.nd == 2 && s.num <= 60 {
			sec = s.num
			k += 2
			if sc.isPunc(k, '.') || sc.isPunc(k, ',') {
				if f := sc.tok(k + 1); f != nil && f.kind == tkNum && !f.sp {
					frac := sc.s[f.start:f.end]
					if len(frac) > 9 {
						frac = frac[:9]
					}
					nsec = atoi(frac)
					for p := len(frac); p < 9; p++ {
						nsec *= 10
					}
					k += 2
				}
			}
		}
	}
	// AM/PM
	if w := sc.tok(k); w != nil && w.kind == tkWord {
		switch w.word {
		case "am", "a":
			if hour == 12 {
				hour = 0
			}
			k = sc.skipAMPM(k)
		case "pm", "p":
			if hour < 12 {
				hour += 12
			}
			k = sc.skipAMPM(k)
		}
	}
	if w := sc.tok(k); w != nil && w.kind == tkWord && (w.word == "uhr" || w.word == "h") {
		k++
	}
	loc := noZone
	if z, n := sc.zoneAt(k); n > 0 {
		loc = z
		k += n
	}
	m.t = time.Date(m.t.Year(), m.t.Month(), m.t.Day(), hour, min, sec, nsec, loc)
	m.hasTime = true
	m.end = k
	return m
}

// skipAMPM skips "am", "a.m.", "pm", "p.m." at k.
func (sc *scanner) skipAMPM(k int) int {
	w := sc.toks[k]
	k++
	if len(w.word) == 1 {
		// a.m. / p.m.
		if sc.isPunc(k, '.') && sc.isWord(k+1, "m") {
			k += 2
			if sc.isPunc(k, '.') {
				k++
			}
		}
		return k
	}
	if sc.isPunc(k, '.') && sc.glued(k) {
		k++
	}
	return k
}

// zoneAt reads a zone at k: Z, +hh:mm, +hhmm, +hh, or a common abbreviation.
func (sc *scanner) zoneAt(k int) (*time.Location, int) {
	t := sc.tok(k)
	if t == nil {
		return nil, 0
	}
	if t.kind == tkPunc && (t.punc == '+' || t.punc == '-') {
		n := sc.tok(k + 1)
		if n == nil || n.kind != tkNum || n.sp {
			return nil, 0
		}
		sign := 1
		if t.punc == '-' {
			sign = -1
		}
		var hh, mm, used int
		switch n.nd {
		case 4:
			hh, mm, used = n.num/100, n.num%100, 2
		case 2, 1:
			hh, used = n.num, 2
			if sc.isPunc(k+2, ':') {
				if m := sc.tok(k + 3); m != nil && m.kind == tkNum && m.nd == 2 {
					mm, used = m.num, 4
				}
			}
		default:
			return nil, 0
		}
		if hh > 14 || mm > 59 {
			return nil, 0
		}
		off := sign * (hh*3600 + mm*60)
		return fixedZone(off), used
	}
	if t.kind == tkWord {
		if t.word == "z" {
			return time.UTC, 1
		}
		if off, ok := zoneAbbr[t.word]; ok {
			n := 1
			// "GMT+2", "UTC+02:00"
			if (t.word == "gmt" || t.word == "utc") && sc.glued(k+1) {
				if z, m := sc.zoneAt(k + 1); m > 0 {
					return z, 1 + m
				}
			}
			return fixedZone(off), n
		}
	}
	return nil, 0
}

var zoneCache = map[int]*time.Location{}

func init() {
	for h := -12 * 4; h <= 14*4; h++ {
		off := h * 15 * 60
		zoneCache[off] = time.FixedZone("", off)
	}
	zoneCache[0] = time.UTC
}

func fixedZone(off int) *time.Location {
	if z, ok := zoneCache[off]; ok {
		return z
	}
	return time.FixedZone("", off)
}

var zoneAbbr = map[string]int{
	"utc": 0, "gmt": 0, "ut": 0, "wet": 0, "bst": 3600, "west": 3600,
	"cet": 3600, "mez": 3600, "cest": 7200, "mesz": 7200,
	"eet": 7200, "eest": 10800, "msk": 10800,
	"est": -5 * 3600, "edt": -4 * 3600, "cst": -6 * 3600, "cdt": -5 * 3600,
	"mst": -7 * 3600, "mdt": -6 * 3600, "pst": -8 * 3600, "pdt": -7 * 3600,
	"ist": 19800, "jst": 9 * 3600, "kst": 9 * 3600, "aest": 10 * 3600, "aedt": 11 * 3600,
}

// monthNames maps lower-case month names and abbreviations to months.
var monthNames = buildMonths()

func buildMonths() map[string]int {
	monthNames := map[string]int{}
	add := func(m int, names ...string) {
		for _, n := range names {
			monthNames[n] = m
		}
	}
	add(1, "january", "jan", "januar", "jänner", "jän", "janvier", "janv", "enero", "ene", "gennaio", "gen", "styczeń", "stycznia", "styczen", "januari", "janeiro", "jaanuar", "leden", "ledna", "ocak", "январь", "января", "янв", "ianuarie", "ian", "tammikuuta", "január", "січня", "ιανουαρίου", "sausio")
	add(2, "february", "feb", "febr", "februar", "feber", "février", "fevrier", "févr", "fevr", "febrero", "febbraio", "luty", "lutego", "februari", "fevereiro", "fev", "únor", "února", "şubat", "февраль", "февраля", "фев", "februarie", "helmikuuta", "február", "лютого", "φεβρουαρίου", "vasario")
	add(3, "march", "mar", "märz", "mär", "mrz", "maerz", "mars", "marzo", "marzec", "marca", "maart", "março", "marco", "březen", "března", "mart", "март", "марта", "martie", "marts", "maret", "maaliskuuta", "március", "березня", "μαρτίου", "kovo")
	add(4, "april", "apr", "avril", "avr", "abril", "abr", "aprile", "kwiecień", "kwietnia", "kwiecien", "duben", "dubna", "nisan", "апрель", "апреля", "апр", "aprilie", "huhtikuuta", "április", "квітня", "απριλίου", "balandžio")
	add(5, "may", "mai", "mayo", "maggio", "mag", "maj", "maja", "mei", "maio", "květen", "května", "mayıs", "май", "мая", "toukokuuta", "május", "травня", "μαΐου", "gegužės")
	add(6, "june", "jun", "juni", "juin", "junio", "giugno", "giu", "czerwiec", "czerwca", "junho", "červen", "června", "haziran", "июнь", "июня", "июн", "iunie", "kesäkuuta", "június", "червня", "ιουνίου", "birželio")
	add(7, "july", "jul", "juli", "juillet", "juil", "julio", "luglio", "lug", "lipiec", "lipca", "julho", "červenec", "července", "temmuz", "июль", "июля", "июл", "iulie", "heinäkuuta", "július", "липня", "ιουλίου", "liepos")
	add(8, "august", "aug", "août", "aout", "agosto", "ago", "sierpień", "sierpnia", "sierpien", "augustus", "ago", "srpen", "srpna", "ağustos", "август", "августа", "авг", "augusti", "agustus", "elokuuta", "augusztus", "серпня", "αυγούστου", "rugpjūčio")
	add(9, "september", "sep", "sept", "septembre", "septiembre", "setiembre", "settembre", "set", "wrzesień", "września", "wrzesien", "wrzesnia", "setembro", "září", "eylül", "сентябрь", "сентября", "сен", "septembrie", "syyskuuta", "szeptember", "вересня", "σεπτεμβρίου", "rugsėjo")
	add(10, "october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre", "ott", "październik", "października", "pazdziernik", "pazdziernika", "outubro", "out", "říjen", "října", "ekim", "октябрь", "октября", "окт", "octombrie", "lokakuuta", "október", "жовтня", "οκτωβρίου", "spalio")
	add(11, "november", "nov", "novembre", "noviembre", "listopad", "listopada", "novembro", "listopadu", "kasım", "ноябрь", "ноября", "ноя", "noiembrie", "marraskuuta", "листопада", "νοεμβρίου", "lapkričio")
	add(12, "december", "dec", "dezember", "dez", "décembre", "decembre", "déc", "diciembre", "dic", "dicembre", "grudzień", "grudnia", "grudzien", "dezembro", "prosinec", "prosince", "aralık", "декабрь", "декабря", "дек", "decembrie", "desember", "desemba", "joulukuuta", "грудня", "δεκεμβρίου", "gruodžio")
	return monthNames
}
