// Package figures finds the quantities a news text attributes to
// someone, with their normalised values, units and claimants.
//
// A figure is a count, amount, sum of money, percentage or measure
// written in digits (or a small number word before a noun) in a
// statement the text attributes: inside a quotation (its speaker claims
// it) or in a sentence with a cue of attribution ("laut X", "X zufolge",
// "X said", "according to X"). Figures in the paper's own voice, dates,
// years, times, ages, durations, scores and ranks are left out.
package figures

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk"
	"newsdesk/analyze/doc"
	"newsdesk/analyze/sources"
)

// Find returns the attributed figures of d in text order. quotes,
// sources and claims (sources.Claims) are what d says, cites and
// attributes: a figure inside a quotation is claimed by its speaker;
// one in a sentence with a cue of attribution by who the cue names. The span runs from "mehr als", "über", "more
// than" or a currency sign to the unit or head noun; "etwa", "rund",
// "about" stay outside. A range is one figure valued at its lower bound.
func Find(d *doc.Doc, quotes []newsdesk.Quotation, srcs []newsdesk.CitedSource, claims []sources.Claim) []newsdesk.Figure {
	// The figures first, cheaply; then who claims them.
	type cand struct {
		f     newsdesk.Figure
		si, k int
	}
	var cands []cand
	lastEnd := -1 // the last token of the last figure
	for si, sent := range d.Sentences {
		for k := sent[0]; k < sent[1]; k++ {
			if !startsNumber(d.Tokens[k].Text) {
				continue
			}
			// "300 Milliarden Dollar (277 Milliarden Euro)": a
			// conversion is no figure of its own.
			if k == lastEnd+2 && d.Tokens[k-1].Text == "(" {
				continue
			}
			f, next, ok := figureAt(d, k, sent[1])
			if !ok {
				continue
			}
			k = next - 1
			lastEnd = k
			cands = append(cands, cand{f, si, k})
		}
	}
	if len(cands) == 0 {
		return nil
	}
	// in returns the claims of sentence si.
	in := func(si int) []sources.Claim {
		i := sort.Search(len(claims), func(i int) bool { return claims[i].Sentence >= si })
		j := i
		for j < len(claims) && claims[j].Sentence == si {
			j++
		}
		return claims[i:j]
	}
	var out []newsdesk.Figure
	for _, c := range cands {
		cs := in(c.si)
		who, free := claimant(d, c.f, quotes, cs, c.k)
		if (who == nil || free) && len(cs) == 0 && reported(d, d.Sentences[c.si]) {
			// Reported speech goes on from a sentence before, over
			// sentences that report too; the cue found there names
			// the claimant better than the speaker the quotation of
			// the going-on guessed.
			for b := c.si - 1; b >= 0 && b >= c.si-maxReported; b-- {
				if prev := in(b); len(prev) > 0 {
					a := prev[len(prev)-1].Who
					who = &a
					break
				}
				if !reported(d, d.Sentences[b]) {
					break
				}
			}
		}
		if who == nil {
			continue
		}
		c.f.Claimant = who
		out = append(out, c.f)
	}
	return out
}

// maxReported is how many sentences of reported speech a claim goes
// on over.
const maxReported = 3

// reported reports whether a German sentence continues reported speech
// without a cue of its own: a modal of hearsay or a Konjunktiv I form
// ("soll", "sollte", "sei", "habe").
func reported(d *doc.Doc, sent [2]int) bool {
	if d.Lang != "de" {
		return false
	}
	for k := sent[0]; k < sent[1]; k++ {
		switch d.Tokens[k].Text {
		case "soll", "sollte", "sollten", "sollen", "sei", "seien", "habe", "hätten", "werde", "würden", "könne", "müsse", "gebe",
			"geplant", "vorgesehen", "angeblich", "demnach", "demzufolge":
			return true
		}
	}
	return false
}

// claimant returns who figure f in token k is claimed by: who the
// nearest cue of its sentence names, else the speaker of the quotation
// around it (free is set when that quotation goes on from reported
// speech before without a cue); nil when nobody.
func claimant(d *doc.Doc, f newsdesk.Figure, quotes []newsdesk.Quotation, claims []sources.Claim, k int) (who *newsdesk.Attributed, free bool) {
	best, dist := -1, 0
	for i, c := range claims {
		if c.Who.End <= c.Who.Start || selfWords[strings.ToLower(c.Who.Text)] {
			continue // the writer's own voice: "I counted 100 people"
		}
		if c.Who.Start < f.End && f.Start < c.Who.End {
			continue // the figure is part of the claimant
		}
		dd := abs(c.Cue - k)
		if best < 0 || dd < dist {
			best, dist = i, dd
		}
	}
	if best >= 0 {
		a := claims[best].Who
		return &a, false
	}
	for i := range quotes {
		q := &quotes[i]
		// A quotation without a verb of saying ("Name: …", an answer in
		// an interview, "offered … to the 11 Israelis") claims nothing.
		if q.Speaker == nil || q.Speaker.End <= q.Speaker.Start || !saying(q) || !inside(q, f.Start, f.End) || !names(d, q.Speaker.Span) {
			continue
		}
		a := *q.Speaker
		return &a, q.Form == newsdesk.FreeIndirectQuote
	}
	return nil, false
}

// saying reports whether quotation q is said by its speaker: a direct
// quotation with a cue other than a colon, reported speech that goes
// on from one before (free indirect), or any other with a verb of
// saying (sources.SaysCue).
func saying(q *newsdesk.Quotation) bool {
	switch {
	case q.Form == newsdesk.FreeIndirectQuote:
		return true
	case q.Cue == nil || q.Cue.Text == "" || q.Cue.Text == ":":
		return false
	case q.Form == newsdesk.DirectQuote:
		return true
	}
	return sources.SaysCue(q.Cue.Text)
}

// names reports whether a speaker's span names someone: a mention, or
// a short phrase ending in a pronoun or a noun that can speak.
func names(d *doc.Doc, sp newsdesk.Span) bool {
	words := strings.Fields(sp.Text)
	if len(words) == 0 {
		return false
	}
	// "Endokrinologe und Ernährungsmediziner Andreas Pfeiffer von der
	// Berliner Charité": a long phrase names the person in it.
	if m := d.MentionAt(sp.Start, sp.End); m != nil && (len(words) <= 6 || m.Type == newsdesk.Person) {
		return true
	}
	return len(words) <= 6 && sources.Speaks(words[len(words)-1], d.Lang)
}

// inside reports whether runes [start, end) lie within quotation q.
func inside(q *newsdesk.Quotation, start, end int) bool {
	if len(q.Parts) == 0 {
		return q.Start <= start && end <= q.End
	}
	for _, p := range q.Parts {
		if p.Start <= start && end <= p.End {
			return true
		}
	}
	return false
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// startsNumber reports whether a token may start a figure: a digit, a
// currency sign or a small number word.
func startsNumber(t string) bool {
	if t == "" {
		return false
	}
	c := t[0]
	if c >= '0' && c <= '9' {
		return true
	}
	if len(t) > 7 {
		return false
	}
	if currencySigns[t] != "" {
		return true
	}
	_, ok := numberWords[t] // capitalised forms are in the list too
	return ok
}

// figureAt reads the figure that starts at token k, before token end,
// and returns it with the index of the token after it.
func figureAt(d *doc.Doc, k, end int) (newsdesk.Figure, int, bool) {
	toks := d.Tokens
	var f newsdesk.Figure
	t := toks[k].Text
	if !startsNumber(t) {
		return f, 0, false
	}
	first := k
	cur := ""
	if c := currencySigns[t]; c != "" {
		if k+1 >= end || !isDigitStart(toks[k+1].Text) {
			return f, 0, false
		}
		cur = c
		k++
		t = toks[k].Text
	}
	var v float64
	var rest string
	if w, ok := numberWords[lowerTok(t)]; ok {
		// "one million", "four per cent", "zwei Container": a number
		// word before a multiplier or a percent sign, or in German
		// before a noun.
		if k+1 >= end {
			return f, 0, false
		}
		n := lowerTok(toks[k+1].Text)
		_, mult := multipliers[n]
		if !mult && n != "%" && n != "prozent" && n != "percent" && !measures[n] && !(n == "per" && k+2 < end && lowerTok(toks[k+2].Text) == "cent") && !(w >= 2 && countedNoun(d, k+1, end) && !notCounted[n] && !strings.HasSuffix(n, "ed")) {
			return f, 0, false
		}
		v = w
	} else {
		var ok bool
		v, rest, ok = ParseNumber(t, d.Lang)
		if !ok || rest != "" && !unitRest(rest) {
			return f, 0, false
		}
	}
	if excluded(d, k, end, cur != "", rest) {
		return f, 0, false
	}
	// Before: "mehr als", "über", "more than" belong to the span.
	start := first
	if start > 0 {
		p := lowerTok(toks[start-1].Text)
		switch {
		case p == "über" || p == "ueber" || p == "over":
			start--
		case (p == "als" || p == "than") && start > 1:
			if pp := lowerTok(toks[start-2].Text); pp == "mehr" || pp == "more" || pp == "weniger" || pp == "less" || pp == "fewer" {
				start -= 2
			}
		}
	}
	j := k + 1
	// Multipliers: "2,5 Millionen", "1.5 billion", "$1bn".
	if rest != "" {
		if m, ok := multipliers[strings.ToLower(rest)]; ok {
			v *= m
			rest = ""
		}
	}
	if j < end {
		if m, ok := multipliers[lowerTok(toks[j].Text)]; ok {
			if toks[j].Text == "Mio" || toks[j].Text == "Mrd" {
				if j+1 < end && toks[j+1].Text == "." {
					j++
				}
			}
			v *= m
			j++
		}
	}
	unit := rest
	last := j - 1
	// A range: "400 bis 500 Wh/kg", "between $20,000 and $150,000".
	if j+1 < end {
		if w := lowerTok(toks[j].Text); w == "bis" || w == "to" || w == "-" || w == "–" || w == "and" && k > 0 && lowerTok(toks[first-1].Text) == "between" {
			n := j + 1
			if currencySigns[toks[n].Text] != "" && n+1 < end {
				n++
			}
			if _, _, ok := ParseNumber(toks[n].Text, d.Lang); ok {
				j = n + 1
				last = n
				if j < end {
					if _, ok := multipliers[lowerTok(toks[j].Text)]; ok {
						last = j
						j++
					}
				}
			}
		}
	}
	if cur == "" && unit == "" && j < end {
		w := toks[j].Text
		lw := lowerTok(w)
		switch {
		case w == "%" || lw == "prozent" || lw == "percent":
			unit = "%"
			last = j
			j++
		case lw == "per" && j+1 < end && lowerTok(toks[j+1].Text) == "cent":
			unit = "%"
			last = j + 1
			j += 2
		case currencyWords[lw] != "":
			cur = currencyWords[lw]
			last = j
			j++
		}
	}
	if cur != "" {
		unit = cur
	}
	if unit == "" {
		// The head noun: the next noun, over an adjective or two
		// ("300 Drohnen", "980 QSE-5-Akkuzellen", "39 people").
		for n := j; n < end && n < j+3; n++ {
			if isNoun(d, n) {
				unit = toks[n].Text
				last = n
				j = n + 1
				break
			}
			if !isAdjective(d, n) {
				break
			}
		}
		if unit == "" && v < 1e6 {
			return f, 0, false // a bare number: no figure to claim
		}
		// An English noun in capitals after a number is a plural of
		// people ("11 Israelis") or no head of it ("8 However").
		if d.Lang != "de" && startsUpper(unit) && !strings.HasSuffix(unit, "s") {
			return f, 0, false
		}
		if durations[strings.ToLower(unit)] || strings.Contains(strings.ToLower(unit), "jährig") {
			return f, 0, false
		}
	}
	f.Span = d.Span(toks[start].Start, toks[last].End)
	f.Value = v
	f.Unit = unit
	return f, j, true
}

// excluded reports whether the number of token k is a year, a date, a
// time, an age, a score, a rank or a code rather than a quantity.
func excluded(d *doc.Doc, k, end int, money bool, rest string) bool {
	toks := d.Tokens
	t := toks[k].Text
	var next, prev string
	if k+1 < end {
		next = toks[k+1].Text
	}
	if k > 0 {
		prev = toks[k-1].Text
	}
	lnext, lprev := lowerTok(next), lowerTok(prev)
	// A year: four digits from 1800 to 2100 with no currency or percent.
	if !money && len(t) == 4 && rest == "" && t >= "1800" && t <= "2100" && next != "%" && lnext != "prozent" && lnext != "percent" && currencyWords[lnext] == "" {
		return true
	}
	// A date: next to a month, or a German ordinal "12. April".
	if months[lnext] || months[lprev] || months[strings.TrimSuffix(lprev, ".")] {
		return true
	}
	if next == "." && k+2 < len(toks) && months[lowerTok(toks[k+2].Text)] {
		return true
	}
	if next == "." && k+2 < end {
		if r, _ := utf8.DecodeRuneInString(toks[k+2].Text); unicode.IsLower(r) {
			return true // a German ordinal: "der 2. größte"
		}
	}
	// A date, a fraction, a footnote: "9/11", "7/32", "^8".
	if prev == "/" || next == "/" || prev == "^" {
		return true
	}
	// A time, a score, a ratio: "3:18", "18 Uhr", "2:1".
	if next == ":" || prev == ":" || lnext == "uhr" || lnext == "a.m." || lnext == "p.m." || lnext == "am" && d.Lang != "de" || lnext == "pm" {
		return true
	}
	// A ratio: "one in five Americans", "1 in 10".
	if lprev == "in" && k > 1 && (lowerTok(toks[k-2].Text) == "one" || toks[k-2].Text == "1") {
		return true
	}
	// A rank or a code: "Platz 3", "No. 1", "Resolution 11".
	switch lprev {
	case "platz", "rang", "no.", "nr.", "nummer", "number", "artikel", "paragraf", "paragraph", "kapitel", "chapter", "seite", "page", "section", "abschnitt", "#":
		return true
	}
	// An age: ", 37," after a name; "37-jährige", "im Alter von".
	if prev == "," && next == "," && k > 1 && d.MentionAt(toks[k-2].Start, toks[k-2].End) != nil {
		return true
	}
	if strings.Contains(t, "-") {
		return true
	}
	switch strings.ToLower(rest) {
	case "st", "nd", "rd", "th", "s", "er", "te", "ten", "am", "pm", "h", "uhr":
		return true // "45th", "1990s", "2023er", "2am", "18h"
	}
	switch next {
	case "GMT", "UTC", "ET", "EST", "PST", "BST", "CET", "MEZ", "MESZ", "Uhr", "h":
		return true // a time: "1545 GMT"
	}
	// A score: "13 zu 8", "2 to 1".
	if (lprev == "zu" || lprev == "to" || prev == ":" || prev == "-") && k > 1 && isDigitStart(toks[k-2].Text) {
		return true
	}
	// A name or a code: "Taepodong 2", "Tarif 10 GB", "Resolution 11";
	// not after the words that lead a figure ("Über 300", "More than").
	if k > 0 && startsUpper(prev) && !leaders[lprev] && !startOfSentence(d, k-1) && !quantityNext(lnext, rest) && isDigitStart(t) {
		// German capitalises every noun: "das Programm 4,5 Milliarden"
		// is a figure, "Minuten Tarif 10 GB" a name.
		// After an adjective it ends a phrase: "nach Angaben
		// palästinensischer Krankenhäuser 44 Menschen".
		if d.Lang != "de" || k < 2 || !determiner[lowerTok(toks[k-2].Text)] && !isAdjective(d, k-2) {
			return true
		}
	}
	if lprev == "alter" || lnext == "jahre" && k+2 < end && lowerTok(toks[k+2].Text) == "alt" || lnext == "years" && k+2 < end && lowerTok(toks[k+2].Text) == "old" {
		return true
	}
	// Inside a name ("Apollo 11", "G20") the number is no quantity.
	if m := d.MentionAt(toks[k].Start, toks[k].End); m != nil {
		return true
	}
	return false
}

// unitRest reports whether letters glued to a number are a unit or a
// multiplier ("10C", "5bn", "100km"), not a code ("2b", "S10").
func unitRest(rest string) bool {
	if _, ok := multipliers[strings.ToLower(rest)]; ok {
		return true
	}
	if rest == "%" {
		return true
	}
	n := 0
	for _, r := range rest {
		if !unicode.IsLetter(r) && r != '/' {
			return false
		}
		n++
	}
	return n >= 1 && n <= 4
}

// isNoun reports whether token n may be a head noun: in German a
// capitalised word, in English a word of letters that is not a
// function word.
func isNoun(d *doc.Doc, n int) bool {
	t := d.Tokens[n].Text
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsLetter(r) {
		return false
	}
	lw := lowerTok(t)
	if functionWords[lw] || months[lw] {
		return false
	}
	if d.Lang == "de" {
		return unicode.IsUpper(r)
	}
	return true
}

// countedNoun reports whether a noun a number word counts follows it
// at token n: next, or in German after an adjective or two ("zwei
// mutmaßliche Agenten", "acht sehr gute Teams").
func countedNoun(d *doc.Doc, n, end int) bool {
	if isNoun(d, n) {
		return true
	}
	if d.Lang != "de" {
		return false
	}
	for j := n; j < end && j < n+2 && isAdjective(d, j); j++ {
		if j+1 < end && isNoun(d, j+1) {
			return true
		}
	}
	return false
}

// isAdjective reports whether token n may be an adjective between a
// number and its noun ("980 neue Zellen").
func isAdjective(d *doc.Doc, n int) bool {
	t := d.Tokens[n].Text
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsLower(r) && !functionWords[t]
}

// quantityNext reports whether the word after a number (or the letters
// glued to it) make it an amount: a multiplier, a currency, a percent.
func quantityNext(lnext, rest string) bool {
	_, mult := multipliers[lnext]
	_, glued := multipliers[strings.ToLower(rest)]
	return mult || glued || currencyWords[lnext] != "" || lnext == "%" || lnext == "prozent" || lnext == "percent"
}

// determiner are the German articles and determiners before a noun.
var determiner = map[string]bool{"der": true, "die": true, "das": true, "den": true, "dem": true, "des": true, "ein": true, "eine": true, "einen": true, "einem": true, "einer": true, "eines": true, "sein": true, "seine": true, "ihr": true, "ihre": true, "unser": true, "unsere": true}

// selfWords are the pronouns of the writer and the reader: a figure
// they give outside a quotation is the text's own.
var selfWords = map[string]bool{"i": true, "we": true, "you": true, "ich": true, "wir": true, "du": true, "man": true}

// leaders are the capitalised words a figure may follow.
var leaders = map[string]bool{"über": true, "mehr": true, "rund": true, "etwa": true, "fast": true, "knapp": true, "insgesamt": true, "nur": true, "bis": true, "mindestens": true, "circa": true, "ca.": true, "more": true, "about": true, "over": true, "nearly": true, "almost": true, "some": true, "around": true, "only": true, "just": true, "at": true, "up": true, "than": true, "als": true}

// startOfSentence reports whether token k starts a sentence or a line.
func startOfSentence(d *doc.Doc, k int) bool {
	if k == 0 {
		return true
	}
	switch d.Tokens[k-1].Text {
	case ".", "!", "?", ":", "\"", "„", "“", "«", "»", "(", "-", "–", "—":
		return true
	}
	for _, r := range d.Runes[d.Tokens[k-1].End:d.Tokens[k].Start] {
		if r == '\n' {
			return true
		}
	}
	return false
}

func startsUpper(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}

func isDigitStart(t string) bool { return t != "" && t[0] >= '0' && t[0] <= '9' }

// lowerTok returns t in lower case, without allocating when it is so
// already.
func lowerTok(t string) string {
	for i := 0; i < len(t); i++ {
		if c := t[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(t)
		}
	}
	return t
}
