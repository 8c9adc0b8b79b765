// Package quotes finds quotations in German and English news text: the
// message, its cue, its form and its speaker, resolved through the
// mentions of the text.
//
// Find works on the tokens and sentences of a doc.Doc in one pass over
// the text and a few passes over its sentences:
//
//  1. Direct quotes: runs of text in quotation marks („…“, "…", »…«,
//     “…”) that stand as a sentence or clause of their own, with the
//     cue and speaker around them ("„…“, sagte er", "Er sagte: „…“")
//     and the pieces of one interrupted by its cue joined as parts.
//  2. Indirect quotes: a clause after a verb of saying ("sagte, dass
//     …", "erklärte, er sei …", "said that …"), before one ("…, sagte
//     Putin", "…, he said"), around a source ("laut …", "… zufolge",
//     "nach Angaben …", "Seiner Meinung nach", "according to …", "wie
//     … mitteilte", "Demnach …"), a "dass" clause after any verb, and
//     the sentence before "Das bestätigte die Polizei".
//  3. Free indirect quotes: sentences in Konjunktiv I that go on from a
//     quotation without a cue of their own, attributed to its speaker,
//     and sentences that report with "soll" ("Er soll geholfen haben").
//  4. Reported speech: a sentence whose verb of saying has no clause of
//     what was said ("Putin warnte vor einer Eskalation").
//
// A message follows the annotation of SpkAtt-2023 (German Wikinews)
// and PolNeAR (English political news) except that a direct quote's
// marks are left out: an indirect message is its clause ("dass" or
// "that" included), a reported or free indirect one its sentences.
//
// A speaker is the noun phrase or pronoun that says, with its
// genitives and appositions ("der Leiter des Programms, Klaus
// Stöhr"); it resolves to the entity of a mention inside it (a
// person's rather than an organisation's), a pronoun to the most
// recent person mentioned before it outside quotation marks.
package quotes

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk"
	"newsdesk/analyze/doc"
	"newsdesk/analyze/ner"
)

// Find returns the quotations of d in text order. Every span lies
// within d.Text and its Text is the runes it covers; the parts of a
// message lie within it, in order. Find does not change d.
func Find(d *doc.Doc) []newsdesk.Quotation {
	if d == nil || len(d.Tokens) == 0 {
		return nil
	}
	f := newFinder(d)
	f.direct()
	f.sentences()
	return f.result()
}

// span is a range of tokens [from, to); to == from is empty.
type span struct{ from, to int }

func (s span) empty() bool { return s.to <= s.from }

// quote is a quotation being found, in tokens.
type quote struct {
	parts []span
	form  newsdesk.QuoteForm
	cue   span
	spk   span
	// sent0, sent1 are the sentences the message starts and ends in.
	sent0, sent1 int
}

// end returns the token after the message of q.
func (q quote) end() int { return q.parts[len(q.parts)-1].to }

// finder is the state of one Find.
type finder struct {
	d    *doc.Doc
	toks []ner.Token
	de   bool
	low  []string // tokens in lower case
	sent []int32  // the sentence of each token
	ment []int32  // the mention at each token, + 1; 0 none
	// inQuote marks the tokens of direct quotes, marks included, with
	// the quote's index in out + 1.
	inQuote []int32
	// used marks the tokens that are a cue or message of a quotation.
	used []bool
	out  []quote
	// sentSpk is the speaker of the last quotation of the sentence
	// being read, for a participle that adds to it.
	sentSpk span
}

func newFinder(d *doc.Doc) *finder {
	n := len(d.Tokens)
	f := &finder{d: d, toks: d.Tokens, de: d.Lang != "en"}
	f.low = make([]string, n)
	// The lower-case forms of capitalised tokens share one buffer.
	var b strings.Builder
	ends := make([]int32, n)
	for i, t := range d.Tokens {
		if !isLower(t.Text) {
			for _, r := range t.Text {
				b.WriteRune(unicode.ToLower(r))
			}
		}
		ends[i] = int32(b.Len())
	}
	all, at := b.String(), 0
	for i, t := range d.Tokens {
		if e := int(ends[i]); e > at {
			f.low[i] = all[at:e]
			at = e
		} else {
			f.low[i] = t.Text
		}
	}
	ints := make([]int32, 3*n)
	f.sent, f.ment, f.inQuote = ints[:n:n], ints[n:2*n:2*n], ints[2*n:]
	for si, s := range d.Sentences {
		for k := max(s[0], 0); k < min(s[1], n); k++ {
			f.sent[k] = int32(si)
		}
	}
	k := 0
	for mi, m := range d.Mentions {
		for k < n && d.Tokens[k].End <= m.Start {
			k++
		}
		for j := k; j < n && d.Tokens[j].Start < m.End; j++ {
			f.ment[j] = int32(mi + 1)
		}
	}
	f.used = make([]bool, n)
	return f
}

// isLower reports whether s has no upper-case letter.
func isLower(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// sentSpan returns the token range of sentence si.
func (f *finder) sentSpan(si int) span {
	s := f.d.Sentences[si]
	return span{s[0], s[1]}
}

// isCap reports whether token i starts with a capital letter.
func (f *finder) isCap(i int) bool {
	r, _ := utf8.DecodeRuneInString(f.toks[i].Text)
	return unicode.IsUpper(r)
}

// isWord reports whether token i starts with a letter or digit.
func (f *finder) isWord(i int) bool {
	r, _ := utf8.DecodeRuneInString(f.toks[i].Text)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// lineBreakBefore reports whether a line break stands between token i-1
// and token i.
func (f *finder) lineBreakBefore(i int) bool {
	if i <= 0 || i >= len(f.toks) {
		return true
	}
	rs := f.d.Runes
	for k := min(f.toks[i-1].End, len(rs)); k < min(f.toks[i].Start, len(rs)); k++ {
		if rs[k] == '\n' {
			return true
		}
	}
	return false
}

// verb returns what the lexicon knows of token i as a verb of saying,
// checking that a separable particle it needs follows in the clause.
func (f *finder) verb(i int) (verbInfo, bool) {
	var v verbInfo
	var ok bool
	if f.de {
		v, ok = deVerbs[f.low[i]]
		if !ok {
			return v, false
		}
		// Nouns ("Sprache") and sentence-initial capitals of nouns are
		// no verbs; a verb is written in lower case unless it starts the
		// sentence.
		if f.isCap(i) && i > f.sentSpan(int(f.sent[i])).from {
			return v, false
		}
	} else {
		v, ok = enVerbs[f.low[i]]
		if !ok {
			// "made clear that …"
			if f.low[i] == "clear" && i > 0 && makeForms[f.low[i-1]] {
				return verbInfo{kind: speechVerb}, true
			}
			return v, false
		}
		// A capital inside a sentence is a name, unless the line is a
		// heading in title case ("Trump Says He Will Win").
		if f.isCap(i) && i > f.sentSpan(int(f.sent[i])).from && !(f.isCap(i-1) && i+1 < len(f.toks) && f.isCap(i+1)) {
			return v, false
		}
		// "Asked about …, he said": a participle that opens the sentence
		// introduces no speech of its own.
		if i == f.sentSpan(int(f.sent[i])).from && strings.HasSuffix(f.low[i], "ed") {
			return v, false
		}
		// A plural noun before its verb: "police reports are …", "US
		// states and cities are …".
		if w := f.low[i]; strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && (i+1 < len(f.toks) && pluralVerbs[f.low[i+1]] || i+3 < len(f.toks) && f.low[i+1] == "and" && pluralVerbs[f.low[i+3]]) {
			return v, false
		}
		if i > 0 {
			p := f.low[i-1]
			if determiners[p] && !(quantifiers[p] && !enNounLike[f.low[i]] && (i-1 == f.sentSpan(int(f.sent[i])).from || f.toks[i-2].Text == ",")) || p == "'s" || p == "’s" || p == "to" && enNounLike[f.low[i]] || prepositions[p] && p != "to" && p != "later" && p != "earlier" {
				return v, false
			}
			if enNounLike[f.low[i]] && !pronouns[p] && f.ment[i-1] == 0 && !(i+1 < len(f.toks) && (f.low[i+1] == "that" || f.toks[i+1].Text == ":")) && !(p == "," && strings.HasSuffix(f.low[i], "ing")) && !f.coordVerb(i) && !f.sayingClause(i) && !f.afterSubject(i) && !(enAux[p] && p != "'s" && p != "’s") {
				return v, false
			}
		}
	}
	if v.particle != "" {
		end := f.sentSpan(int(f.sent[i])).to
		found := false
		for k := i + 1; k < end && k < i+25; k++ {
			// The particle ends its clause: "teilte … mit."
			if particleOf(v.particle, f.low[k]) && (!f.de || k+1 >= end || !f.isWord(k+1) || f.low[k+1] == "und" || f.low[k+1] == "oder") {
				found = true
				break
			}
			if !f.de && k > i+2 {
				break
			}
		}
		if !found {
			return v, false
		}
	}
	return v, true
}

// particleOf reports whether w is one of the particles of set,
// separated by "|".
func particleOf(set, w string) bool {
	for set != "" {
		p, rest, _ := strings.Cut(set, "|")
		if p == w {
			return true
		}
		set = rest
	}
	return false
}

// result turns the quotes found into quotations, in text order.
func (f *finder) result() []newsdesk.Quotation {
	slices.SortStableFunc(f.out, func(a, b quote) int { return a.parts[0].from - b.parts[0].from })
	// A direct quote without a cue goes on from the quotation before it,
	// of whatever form, when that is at most two sentences back.
	for i := 1; i < len(f.out); i++ {
		q, prev := &f.out[i], &f.out[i-1]
		if q.form == newsdesk.DirectQuote && q.cue.empty() && q.spk.empty() && q.sent0-prev.sent1 <= 2 {
			q.spk = prev.spk
		}
	}
	out := make([]newsdesk.Quotation, 0, len(f.out))
	for _, q := range f.out {
		parts := q.parts[:0:0]
		for _, p := range q.parts {
			if !p.empty() {
				parts = append(parts, p)
			}
		}
		if len(parts) == 0 {
			continue
		}
		msg := f.d.TokenSpan(parts[0].from, parts[len(parts)-1].to)
		qq := newsdesk.Quotation{Span: msg, Form: q.form}
		if len(parts) > 1 {
			for _, p := range parts {
				qq.Parts = append(qq.Parts, f.d.TokenSpan(p.from, p.to))
			}
		}
		if !q.cue.empty() {
			c := f.d.TokenSpan(q.cue.from, q.cue.to)
			qq.Cue = &c
		}
		q.spk = f.markedName(q.spk)
		if f.objectAfter(q) {
			q.spk = span{}
		}
		if !q.spk.empty() {
			qq.Speaker = &newsdesk.Attributed{Span: f.d.TokenSpan(q.spk.from, q.spk.to), EntityID: f.entity(q.spk)}
		}
		out = append(out, qq)
	}
	return out
}

// objects are English object pronouns.
var objects = map[string]bool{"her": true, "him": true, "them": true, "it": true, "us": true, "me": true}

// coordVerb reports whether English token i, a word that may be a noun
// or a verb ("calls"), is a verb joined to one before it: after "and"
// or "but", before an object ("… and calls her a liar").
func (f *finder) coordVerb(i int) bool {
	if i == 0 || i+1 >= len(f.toks) || f.low[i-1] != "and" && f.low[i-1] != "but" {
		return false
	}
	n := f.low[i+1]
	return objects[n] || determiners[n] && n != "her" && n != "his" || f.mentionType(i+1) == newsdesk.Person
}

// sayingClause reports whether English "saying" at token i opens a
// clause of what was said after a noun ("a statement saying he would",
// "30 percent of voters saying they"): a subject, "that" or a quotation
// mark follows.
func (f *finder) sayingClause(i int) bool {
	if f.low[i] != "saying" || i+1 >= len(f.toks) {
		return false
	}
	n := f.low[i+1]
	_, mark := closers[f.toks[i+1].Text]
	return pronouns[n] || n == "that" || mark || enArticles[n] || f.isCap(i+1)
}

// afterSubject reports whether English token i, a form in "-s" or
// "-ed" that may be a noun ("shows", "reports"), follows a noun phrase
// of an article and a noun as its verb: "The poll shows …", "A
// survey finds …".
func (f *finder) afterSubject(i int) bool {
	w := f.low[i]
	if i >= 1 && i+1 < len(f.toks) && !strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ed") && !strings.HasSuffix(w, "ing") {
		// A base form after a plural noun: "most voters support …".
		p := f.low[i-1]
		if len(p) > 3 && strings.HasSuffix(p, "s") && !strings.HasSuffix(p, "ss") && !strings.HasSuffix(p, "'s") && !strings.HasSuffix(p, "’s") && f.isWord(i-1) && !isEnStop(p) && !prepositions[p] && !pronouns[p] && (f.isWord(i+1) || isClosing(f.toks[i+1].Text) || f.toks[i+1].Text == "“") {
			return true
		}
		return false
	}
	if i < 2 || !strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "ss") {
		return false
	}
	p := f.low[i-1]
	if !f.isWord(i-1) || strings.HasSuffix(p, "s") && !strings.HasSuffix(p, "ss") || isEnStop(p) || prepositions[p] || determiners[p] {
		return false
	}
	for k := i - 2; k >= 0 && k >= i-4; k-- {
		d := f.low[k]
		if enArticles[d] || determiners[d] && d != "many" && d != "some" {
			return true
		}
		if !f.isWord(k) || isEnStop(d) || prepositions[d] || pronouns[d] {
			return false
		}
	}
	return false
}

// pluralVerbs are English verbs that follow a plural subject and never
// a verb in the third person singular.
var pluralVerbs = map[string]bool{"are": true, "were": true, "have": true, "do": true, "don't": true}

// makeForms are the forms of English "make", which with "clear" says
// something ("made clear that …").
var makeForms = map[string]bool{"make": true, "makes": true, "made": true, "making": true}

// markedName returns speaker s with the quotation marks of a name in it
// made whole: the opening mark before a name that ends in its closing
// mark ("„BBC News“"), and no opening mark left alone at its end ("ein
// Test des Magazins „").
func (f *finder) markedName(s span) span {
	if s.empty() {
		return s
	}
	last := f.toks[s.to-1].Text
	if last == "„" && s.to-1 > s.from {
		s.to--
		return s
	}
	if s.from == 0 || !isClosing(last) {
		return s
	}
	before := f.toks[s.from-1].Text
	c, ok := closers[before]
	if !ok || !containsMark(c, last) {
		return s
	}
	for k := s.from; k < s.to-1; k++ {
		if _, open := closers[f.toks[k].Text]; open || isClosing(f.toks[k].Text) {
			return s
		}
	}
	s.from--
	return s
}

// objectAfter reports whether the speaker of German reported speech q,
// found after its verb, is rather its object: a phrase with no
// determiner that names no one and whose noun cannot speak ("… sprechen
// von 850 Arbeitsplätzen", "kündigen Regenfälle an").
func (f *finder) objectAfter(q quote) bool {
	s := q.spk
	if !f.de || q.form != newsdesk.ReportedQuote || s.empty() || q.cue.empty() || s.from < q.cue.to {
		return false
	}
	if determiners[f.low[s.from]] || pronouns[f.low[s.from]] || f.names(s) || f.speaks(s) {
		return false
	}
	_, mark := closers[f.toks[s.from].Text]
	return !mark
}
