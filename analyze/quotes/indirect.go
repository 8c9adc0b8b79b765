package quotes

import (
	"strings"

	"newsdesk"
	"newsdesk/analyze/sources"
)

// complementizers start a German or English clause of what was said.
var complementizers = map[string]bool{
	"dass": true, "daß": true, "ob": true, "wie": true, "warum": true, "wann": true, "wo": true, "was": true,
	"wer": true, "weshalb": true, "wieso": true, "inwieweit": true, "wonach": true, "that": true, "whether": true,
	"why": true, "how": true,
}

// relatives are German relative pronouns: a clause they start after a
// comma tells of the noun before it, not what was said.
var relatives = map[string]bool{
	"der": true, "die": true, "das": true, "dem": true, "den": true, "deren": true, "dessen": true, "denen": true,
	"welche": true, "welcher": true, "welches": true, "which": true, "who": true,
}

// sentences finds the indirect, free indirect and reported quotations
// of each sentence that no direct quote took, going on from the last
// quotation of the text.
func (f *finder) sentences() {
	last := -1 // index in out of the last quotation
	ndirect := len(f.out)
	di := 0 // the next direct quote
	for si := range f.d.Sentences {
		s := f.sentSpan(si)
		// The direct quotes up to this sentence are the last ones.
		for di < ndirect && f.out[di].sent0 <= si {
			// A direct quote without a cue goes on from the quotation
			// before it (see result).
			if q := &f.out[di]; q.cue.empty() && q.spk.empty() && last >= 0 && q.sent0-f.out[last].sent1 <= 2 {
				q.spk = f.out[last].spk
			}
			last = di
			di++
		}
		if s.empty() {
			continue
		}
		if f.quotedShare(s) {
			continue
		}
		// A direct quote the sentence ends or starts with is not its own.
		for s.to > s.from && f.inQuote[s.to-1] > 0 {
			s.to--
		}
		for s.from < s.to && f.inQuote[s.from] > 0 {
			s.from++
		}
		if s.empty() {
			continue
		}
		if q, ok := f.asked(s, si); ok {
			// "Asked whether …, Rubio said …": the question, then the
			// sentence goes on.
			f.add(q)
			last = len(f.out) - 1
			s.from = q.end()
			if s.from < s.to && f.toks[s.from].Text == "," {
				s.from++
			}
			if s.to-s.from < 3 {
				continue
			}
		}
		if q, ok := f.thatSaid(s, si); ok {
			f.add(q)
			last = len(f.out) - 1
			continue
		}
		if q, ok := f.indirect(s, si); ok {
			f.add(q)
			last = len(f.out) - 1
			// English packs more into a sentence: "…, adding that …".
			for rest := (span{q.end(), s.to}); !f.de && rest.to-rest.from > 3; rest.from = q.end() {
				f.sentSpk = q.spk
				if q, ok = f.indirect(rest, si); !ok || q.end() <= rest.from {
					break
				}
				f.add(q)
				last = len(f.out) - 1
			}
			f.sentSpk = span{}
			continue
		}
		if !f.de {
			if q, ok := f.seeming(s, si); ok {
				f.add(q)
			} else if q, ok := f.headline(s, si); ok {
				f.add(q)
			}
			continue
		}
		// Free indirect speech goes on from the last quotation.
		if last >= 0 && f.out[last].sent1 >= si-freeGap && f.out[last].sent1 < si && f.konjunktivIn(s, f.out[last].sent1 == si-1) {
			prev := &f.out[last]
			if prev.form == newsdesk.FreeIndirectQuote && prev.sent1 == si-1 {
				prev.parts[len(prev.parts)-1].to = s.to
				prev.sent1 = si
				f.take(s)
				continue
			}
			q := quote{parts: []span{s}, form: newsdesk.FreeIndirectQuote, spk: prev.spk, sent0: si, sent1: si}
			if q.spk.empty() {
				q.spk = f.recentActor(si)
			}
			f.add(q)
			last = len(f.out) - 1
			continue
		}
		// "soll" reports what others say: "Er soll geholfen haben."
		if f.reportive(s) {
			if last >= 0 && f.out[last].form == newsdesk.FreeIndirectQuote && f.out[last].sent1 == si-1 {
				prev := &f.out[last]
				prev.parts[len(prev.parts)-1].to = s.to
				prev.sent1 = si
				f.take(s)
				continue
			}
			q := quote{parts: []span{s}, form: newsdesk.FreeIndirectQuote, sent0: si, sent1: si}
			if last >= 0 && f.out[last].sent1 == si-1 {
				q.spk = f.out[last].spk
			}
			f.add(q)
			last = len(f.out) - 1
			continue
		}
		// A sentence in Konjunktiv I is free indirect speech on its own.
		if f.konjunktivIn(s, false) {
			q := quote{parts: []span{s}, form: newsdesk.FreeIndirectQuote, sent0: si, sent1: si}
			// It goes on from the last quotation, unless that lies
			// further back than a sentence about a thing.
			if last >= 0 && si-f.out[last].sent1 <= 8 && !(f.out[last].sent1 < si-1 && f.abstractStart(f.sentSpan(si-1))) {
				q.spk = f.out[last].spk
			}
			if q.spk.empty() {
				q.spk = f.recentActor(si)
			}
			f.add(q)
			last = len(f.out) - 1
			continue
		}
		if q, ok := f.reported(s, si); ok {
			f.add(q)
			// Free indirect speech goes on from someone named or a noun
			// that can speak ("warnten die Experten").
			if !q.spk.empty() && (f.names(q.spk) || pronouns[f.low[q.spk.from]] || f.speaks(q.spk)) {
				last = len(f.out) - 1
			}
		}
	}
}

// freeGap is the most sentences that may stand between a quotation
// and the free indirect speech that goes on from it.
const freeGap = 2

// recentActor returns the first actor of the two sentences before
// sentence si (see firstActor): who free indirect speech without a
// quotation before it most likely goes on from.
func (f *finder) recentActor(si int) span {
	for sj := si - 1; sj >= 0 && sj >= si-2; sj-- {
		if a := f.firstActor(f.sentSpan(sj)); !a.empty() {
			return a
		}
		if f.abstractStart(f.sentSpan(sj)) {
			return span{} // the sentence is about a thing: no one speaks on from before it
		}
	}
	return span{}
}

// reportive reports whether German sentence s says what is said
// with "soll" or "sollen" in its main clause.
func (f *finder) reportive(s span) bool {
	for k := s.from; k < s.to && k < s.from+12; k++ {
		if f.toks[k].Text == "," {
			return false
		}
		if (f.low[k] == "soll" || f.low[k] == "sollen") && !f.used[k] {
			return true
		}
	}
	return false
}

// add adds q to the quotations found and marks its tokens used.
func (f *finder) add(q quote) {
	for _, p := range q.parts {
		f.take(p)
	}
	for k := q.cue.from; k < q.cue.to; k++ {
		f.used[k] = true
	}
	f.out = append(f.out, q)
}

// take marks tokens s used.
func (f *finder) take(s span) {
	for k := s.from; k < s.to; k++ {
		f.used[k] = true
	}
}

// quotedShare reports whether most of sentence s is a direct quote.
func (f *finder) quotedShare(s span) bool {
	n := 0
	for k := s.from; k < s.to; k++ {
		if f.inQuote[k] > 0 {
			n++
		}
	}
	return 2*n > s.to-s.from
}

// konjunktivIn reports whether sentence s has a verb in the Konjunktiv
// of reported speech outside quotation marks: any when weak is true, a
// Konjunktiv I form otherwise.
func (f *finder) konjunktivIn(s span, weak bool) bool {
	for k := s.from; k < s.to; k++ {
		if f.used[k] || f.isCap(k) && k > s.from {
			continue
		}
		if weak && isKonjunktiv(f.low[k]) || strongKonjunktiv(f.low[k]) {
			return true
		}
	}
	return false
}

// msgEnd returns the end of a message that runs to the end of sentence
// s: before its final mark.
func (f *finder) msgEnd(s span) int {
	e := s.to
	for e > s.from && isFinal(f.toks[e-1].Text) {
		e--
	}
	return e
}

// indirect finds the indirect quotation of sentence s, if it has one.
func (f *finder) indirect(s span, si int) (quote, bool) {
	// "…, he said." at the end of the sentence comes first.
	e := f.msgEnd(s)
	for i := e - 1; i > s.from+2 && i >= e-8; i-- {
		if f.used[i] {
			break
		}
		if v, isVerb := f.verb(i); isVerb && !v.participle {
			if q, ok := f.verbCue(s, i, v); ok && q.parts[0].from == s.from {
				q.sent0, q.sent1 = si, si
				return q, true
			}
		}
	}
	for i := s.from; i < s.to; i++ {
		if f.used[i] {
			continue
		}
		w := f.low[i]
		var q quote
		ok := false
		switch {
		case (w == "laut" || w == "gemäß") && f.de || w == "according" && i+1 < s.to && f.low[i+1] == "to":
			q, ok = f.laut(s, i)
		case w == "wonach" && f.de && i > s.from+1 && f.toks[i-1].Text == ",":
			// "eine Schätzung, wonach …"
			from := f.npBefore(i-1, s.from)
			if from < i-1 && i+1 < f.msgEnd(s) {
				q, ok = quote{form: newsdesk.IndirectQuote, cue: span{i, i + 1}, spk: span{from, i - 1}, parts: []span{{i + 1, f.clauseEnd(i+1, f.msgEnd(s))}}}, true
			}
		case w == "zufolge" && f.de:
			q, ok = f.zufolge(s, i)
		case w == "nach" && f.de && f.statementAfter(i+1, s.to):
			q, ok = f.laut(s, i)
		case w == "nach" && f.de && i > s.from && statementNoun(f.low[i-1]):
			q, ok = f.zufolge(s, i) // "Seiner Meinung nach"
		case w == "zu" && f.de && i+1 < s.to && f.low[i+1] == "folge":
			q, ok = f.zufolge(s, i)
			q.cue.to = i + 2
			if ok {
				q.parts[len(q.parts)-1].from = max(q.parts[len(q.parts)-1].from, i+2)
			}
		case (w == "demnach" || w == "danach" && f.konjunktivIn(s, true)) && f.de && i == s.from:
			q, ok = quote{form: newsdesk.IndirectQuote, cue: span{i, i + 1}, spk: span{i, i + 1}, parts: []span{{i + 1, f.msgEnd(s)}}}, i+1 < f.msgEnd(s)
		case !f.de && statementNouns[w] && i+2 < s.to && f.low[i+1] == "that" && f.clauseStart(i+2):
			q, ok = f.nounThat(s, i)
		case (w == "wie" && f.de || w == "as" && !f.de) && (i == s.from || f.toks[i-1].Text == "," || i == s.from+1 && conjunctions[f.low[s.from]]):
			q, ok = f.wie(s, i)
		case w == "so" && f.de && i > s.from && f.toks[i-1].Text == ",":
			q, ok = f.soPhrase(s, i)
		default:
			if v, isVerb := f.verb(i); isVerb {
				q, ok = f.verbCue(s, i, v)
			}
		}
		if ok {
			q.sent0, q.sent1 = si, si
			return q, true
		}
	}
	return f.dass(s, si)
}

// speaks reports whether the head of noun phrase s, its last word
// before a genitive, is a noun of someone who can say something: a
// person by role, an institution, a medium or a document ("die
// Experten", "der Senat", "das Gericht").
func (f *finder) speaks(s span) bool {
	for k := s.from; k < s.to; k++ {
		if k > s.from && (genitives[f.low[k]] || prepositions[f.low[k]] || f.toks[k].Text == "," || f.toks[k].Text == "(") {
			break
		}
		if f.isCap(k) && sources.Speaks(f.toks[k].Text, f.d.Lang) && !pronouns[f.low[k]] {
			return true
		}
	}
	return false
}

// nameParticles are the words in lower case that belong to a name
// ("Ursula von der Leyen", "Vincent van Gogh").
var nameParticles = map[string]bool{
	"von": true, "van": true, "der": true, "de": true, "den": true, "da": true, "di": true, "del": true, "du": true,
	"zu": true, "al": true, "bin": true, "ibn": true, "la": true, "le": true, "y": true,
}

// dass reads a sentence "X …, dass …" whose verb is not in the
// lexicon: the clause is what X said, thought or decided.
func (f *finder) dass(s span, si int) (quote, bool) {
	for k := s.from + 2; k < s.to-2; k++ {
		if f.used[k] || f.low[k] != "dass" || f.toks[k-1].Text != "," {
			continue
		}
		q := quote{form: newsdesk.IndirectQuote, parts: []span{{k, f.msgEnd(s)}}, sent0: si, sent1: si}
		// The subject: the first phrase of the sentence or the one after
		// its verb.
		start := s.from
		for start < k && conjunctions[f.low[start]] {
			start++
		}
		if !prepositions[f.low[start]] && !adverbs[f.low[start]] && !subordinators[f.low[start]] {
			if np := f.nounPhrase(start, k-1); !np.empty() && (pronouns[f.low[np.from]] || f.names(np) || f.speaks(np)) {
				q.spk = np
			}
		}
		return q, true
	}
	return quote{}, false
}

// laut reads "laut X, …", "nach Angaben X …" and "according to X, …"
// with the cue at token i: the message is the rest of the sentence.
func (f *finder) laut(s span, i int) (quote, bool) {
	src := i + 1
	if f.low[i] == "according" {
		src = i + 2
	}
	np := f.nounPhrase(src, s.to)
	if f.de && i == s.from {
		// The phrase fills the first place of the clause: all up to the
		// finite verb ("Laut einer am Dienstag veröffentlichten
		// Mitteilung des WFP wurden …").
		if end := f.untilVerb(src, s.to); end > np.to {
			np = span{src, end}
		}
	}
	if np.empty() {
		return quote{}, false
	}
	if f.de && i > s.from && f.ment[src] > 0 {
		// A name after "laut" within the clause is the whole source;
		// what follows it is the clause's own ("sind laut BBC britische
		// Staatsbürger", "laut Jan Berg kein Grund").
		me := src + 1 + f.mentionRest(src)
		for me > src+1 && isLower(f.toks[me-1].Text) && !nameParticles[f.low[me-1]] {
			me--
		}
		if np.to > me && me < s.to && !genitives[f.low[me]] && f.low[me] != "von" && f.low[me] != "vom" && f.toks[me].Text != "(" && f.toks[me].Text != "," {
			np.to = me
		}
	}
	if !f.de && (i == s.from || f.toks[i-1].Text == ",") {
		// "According to a person familiar with the plan, …", "…,
		// according to a report released Friday by the city.": the
		// source runs to the comma or the end of the sentence.
		e := f.msgEnd(s)
		k := src
		for k < e && k < src+25 && f.toks[k].Text != "," && !isClosing(f.toks[k].Text) && f.toks[k].Text != "“" {
			k++
		}
		if k > np.to && (k == e && i > s.from || k < e && f.toks[k].Text == "," && i == s.from) {
			np.to = k
		}
	}
	q := quote{form: newsdesk.IndirectQuote, cue: span{i, src}, spk: np}
	if f.low[i] == "according" {
		q.cue = span{i, i + 2}
	}
	after := np.to
	if after < s.to && f.toks[after].Text == "," {
		after++
	}
	before := i
	if before > s.from && f.toks[before-1].Text == "," {
		before--
	}
	q.parts = []span{{s.from, before}, {after, f.msgEnd(s)}}
	if !f.de && i > s.from && after == np.to && np.to < f.msgEnd(s) {
		// "…, according to a report released Friday": what follows the
		// source without a comma is part of its phrase, not the message.
		q.parts = q.parts[:1]
	}
	if q.parts[0].empty() && (len(q.parts) < 2 || q.parts[1].empty()) {
		return quote{}, false
	}
	return q, true
}

// thatSaid reads "Das bestätigte die Polizei." after a sentence that no
// quotation took: the sentence before is what was said.
func (f *finder) thatSaid(s span, si int) (quote, bool) {
	if !f.de || si == 0 || s.to-s.from < 3 {
		return quote{}, false
	}
	if w := f.low[s.from]; w != "das" && w != "dies" {
		return quote{}, false
	}
	c := s.from + 1
	if v, ok := f.verb(c); !ok || v.participle {
		return quote{}, false
	}
	spk := f.subjectAfter(c+1, s.to)
	if spk.empty() {
		return quote{}, false
	}
	prev := f.sentSpan(si - 1)
	for k := prev.from; k < prev.to; k++ {
		if f.used[k] {
			return quote{}, false
		}
	}
	msg := span{prev.from, f.msgEnd(prev)}
	if msg.empty() {
		return quote{}, false
	}
	return quote{form: newsdesk.IndirectQuote, cue: span{c, c + 1}, spk: spk, parts: []span{msg}, sent0: si - 1, sent1: si}, true
}

// clauseEnd returns the end of the subordinate clause that starts at
// token i: before the comma that follows its final verb, or end.
func (f *finder) clauseEnd(i, end int) int {
	for k := i + 1; k+1 < end; k++ {
		if f.toks[k].Text == "," && !f.isCap(k-1) && f.isWord(k-1) && !f.isCap(k+1) && !relatives[f.low[k+1]] && !complementizers[f.low[k+1]] {
			return k
		}
	}
	return end
}

// statementAfter reports whether a German noun of statement stands at
// token i or after its determiner and adjectives ("nach Angaben", "nach
// ersten Erkenntnissen", "nach einem Bericht").
func (f *finder) statementAfter(i, end int) bool {
	for k := i; k < end && k < i+4; k++ {
		if statementNoun(f.low[k]) {
			return true
		}
		if !determiners[f.low[k]] && !isAdjective(f.low[k]) {
			return false
		}
	}
	return false
}

// statementNoun reports whether lower-case German w is a noun of
// statement that "nach" or "laut" takes for a source's words.
func statementNoun(w string) bool {
	if deRelSpeech[w] {
		return true
	}
	for _, e := range []string{"angaben", "bericht", "berichten", "meinung", "schätzung", "schätzungen", "erkenntnissen", "informationen", "aussagen", "darstellung"} {
		if len(w) > len(e) && w[len(w)-len(e):] == e {
			return true
		}
	}
	return w == "bericht" || w == "analyse" || w == "planungen" || w == "schätzung"
}

// untilVerb returns the end of the phrase from token i that stands
// before a German finite verb: the first word in lower case that is
// not a determiner, preposition or an adjective before a noun. It
// returns i when no verb follows within fifteen tokens.
func (f *finder) untilVerb(i, end int) int {
	for k := i; k < end && k < i+15; k++ {
		w := f.low[k]
		t := f.toks[k].Text
		if t == "," || isFinal(t) {
			return i
		}
		if f.isCap(k) || !f.isWord(k) || determiners[w] || prepositions[w] || genitives[w] {
			continue
		}
		if k+1 < end && (f.isCap(k+1) || isAdjective(f.low[k+1])) && !isAux(w) && !indicative[w] && !isKonjunktiv(w) {
			continue // "am Dienstag veröffentlichten Mitteilung"
		}
		if k > i {
			return k
		}
		return i
	}
	return i
}

// zufolge reads "X zufolge …" with the cue at token i.
func (f *finder) zufolge(s span, i int) (quote, bool) {
	// The source is the noun phrase before it.
	from := f.npBefore(i, s.from)
	if from == i {
		return quote{}, false
	}
	q := quote{form: newsdesk.IndirectQuote, cue: span{i, i + 1}, spk: span{from, i}}
	after := i + 1
	if after < s.to && f.toks[after].Text == "," {
		after++
	}
	before := from
	if before > s.from && f.toks[before-1].Text == "," {
		before--
	}
	q.parts = []span{{s.from, before}, {after, f.msgEnd(s)}}
	if q.parts[0].empty() && q.parts[1].empty() {
		return quote{}, false
	}
	return q, true
}

// wie reads "wie X mitteilte, …", "…, wie X sagte." and "as X said,
// …" with "wie" or "as" at token i.
func (f *finder) wie(s span, i int) (quote, bool) {
	// The verb ends the clause, before a comma or the end.
	end := i + 1
	for end < s.to && f.toks[end].Text != "," && !isFinal(f.toks[end].Text) && end < i+12 {
		end++
	}
	if end >= s.to || end-1 <= i+1 {
		return quote{}, false
	}
	v := end - 1
	if _, ok := f.verb(v); !ok {
		return quote{}, false
	}
	np := f.nounPhrase(i+1, v)
	if np.empty() {
		return quote{}, false
	}
	q := quote{form: newsdesk.IndirectQuote, cue: span{v, v + 1}, spk: np}
	if i == s.from {
		q.parts = []span{{end + 1, f.msgEnd(s)}}
	} else {
		q.parts = []span{{s.from, i - 1}}
		if f.toks[end].Text == "," {
			q.parts = append(q.parts, span{end + 1, f.msgEnd(s)})
		}
	}
	return q, !q.parts[0].empty()
}

// soPhrase reads "…, so der Kreml-Chef." and "…, so der Kreml-Chef,
// …" with "so" at token i.
func (f *finder) soPhrase(s span, i int) (quote, bool) {
	np := f.nounPhrase(i+1, s.to)
	if np.empty() {
		return quote{}, false
	}
	e := f.msgEnd(s)
	if np.to < e && f.toks[np.to].Text != "," {
		return quote{}, false
	}
	q := quote{form: newsdesk.IndirectQuote, cue: span{i, i + 1}, spk: np, parts: []span{{s.from, i - 1}}}
	// "„In absehbarer Zeit“, so der Vorstand, wird VW …": the
	// message goes on after the speaker.
	if np.to+1 < e && f.toks[np.to].Text == "," {
		q.parts = append(q.parts, span{np.to + 1, e})
	}
	return q, i-1 > s.from
}

// verbCue reads a quotation around a verb of saying at token c: what
// was said after it ("sagte, dass …", "said that …") or before it
// ("…, sagte er"), or reported ("warnte vor …").
func (f *finder) verbCue(s span, c int, v verbInfo) (quote, bool) {
	e := f.msgEnd(s)
	q := quote{form: newsdesk.IndirectQuote, cue: span{c, c + 1}}
	// Before: "…, sagte er." / "…, he said."
	if c > s.from+2 {
		comma := c - 1
		if !f.de {
			// ", the minister said"
			for k := c - 1; k > s.from && k > c-8; k-- {
				if f.toks[k].Text == "," {
					comma = k
					break
				}
			}
		}
		if f.toks[comma].Text == "," && comma > s.from+1 && !v.participle {
			// A closing mark after the comma ends a phrase quoted in
			// what was said: "Clinton “caused havoc,” he said."
			mend, after := comma, comma+1
			if !f.de && after < c && isClosing(f.toks[after].Text) {
				mend, after = after+1, after+1
			}
			var spk span
			if after == c && f.de {
				spk = f.subjectAfter(c+1, s.to)
			} else if after == c {
				// "…, said the minister (on Monday)."
				spk = f.nounPhrase(c+1, s.to)
				if spk.to < e && f.toks[spk.to].Text != "," && !prepositions[f.low[spk.to]] {
					spk = span{}
				} else if !spk.empty() {
					spk = f.apposition(spk, e)
				}
			} else {
				spk = f.nounPhrase(after, c)
				if spk.to != c {
					spk = span{}
				}
			}
			end := e
			if r := max(spk.to, c+1); !f.de && r+1 < e && f.toks[r].Text == "," && strings.HasSuffix(f.low[r+1], "ing") {
				end = r // "…, he said, wiping his face."
			}
			// Nothing but the speaker and adverbials may follow, and what
			// stands before is a clause, not the speaker and an
			// apposition or a relative clause.
			if !spk.empty() && !f.clauseFollows(max(spk.to, c+1), end) && (f.de || end-max(spk.to, c+1) <= 4 && !f.finiteIn(max(spk.to, c+1), end)) && f.isClause(s.from, comma) {
				q.spk = spk
				if f.de {
					mend = comma
				}
				q.parts = []span{{s.from, mend}}
				return q, true
			}
		}
	}
	// After: a clause of what was said.
	for k := c + 1; k < e && k < c+14; k++ {
		t := f.toks[k].Text
		w := f.low[k]
		if !f.de && (t == "," || t == ":") && k > c+1 {
			// English runs on after its verb; a later comma is inside
			// what was said.
			if k > c+6 {
				break
			}
			continue
		}
		if !f.de && complementizers[w] && k > c+1 && !(k <= c+4 && (f.low[c] == "told" || f.low[c] == "tell" || f.low[c] == "tells" || f.low[c] == "telling")) {
			continue // "said it was …" is what was said; a later "that" is inside it
		}
		if t == ":" || t == "," || complementizers[w] && (k == c+1 || f.toks[k-1].Text != ",") && (w == "dass" || w == "daß" || w == "that" || w == "whether" || w == "ob") {
			from := k + 1
			if complementizers[w] {
				from = k
			} else if t == "," && from < e {
				n := f.low[from]
				// A phrase in apposition: "der Koordinator, Deftalgne
				// Tessema, sagte".
				if j := f.nominal(from, e); j > from && j < e && f.toks[j].Text == "," {
					continue
				}
				if relatives[n] && !(from+1 < e && (f.isCap(from+1) || isAdjective(f.low[from+1]))) && !complementizers[n] {
					continue
				}
				if !complementizers[n] && !f.clauseAhead(from, e, v) {
					continue
				}
			}
			if from >= e {
				return quote{}, false
			}
			if !f.de {
				e = f.enCut(from, e)
			}
			q.parts = []span{{from, e}}
			q.spk = f.subject(c, s.from, k)
			if !f.de {
				if co, ok := f.coordinated(c); ok {
					q.spk = co
				}
			}
			if f.de && f.passive(c, s) && !f.names(q.spk) {
				q.spk = span{} // "Ihm wird vorgeworfen, …": no speaker named
			}
			return q, true
		}
		if t == "." || t == ";" {
			break
		}
	}
	if !f.de && !v.participle {
		// "X said the plan would …": the clause follows the verb.
		spk := f.subject(c, s.from, c)
		if c > s.from && f.toks[c-1].Text == "," && strings.HasSuffix(f.low[c], "ing") {
			// "…, adding that …": the speaker said before, or the
			// sentence's subject.
			spk = f.sentSpk
			if spk.empty() {
				spk = f.clauseSubject(c)
			}
			if spk.empty() {
				spk = f.firstActor(f.sentSpan(int(f.sent[c])))
			}
		} else if co, ok := f.coordinated(c); ok {
			spk = co // "… and said …": the subject of the first verb
		}
		passive := f.enPassive(c)
		if spk.empty() && !passive || spk.to > c {
			return quote{}, false
		}
		from := c + 1
		if passive {
			// "is expected to …", "was told that …": no speaker named
			// before the verb; a raised subject is part of the message.
			spk = span{}
			if from < e && f.low[from] == "to" {
				if sf, st := f.subjectBack(c, s); sf < st {
					q.parts = []span{{sf, st}}
				}
			}
		} else if f.low[c] == "told" || f.low[c] == "tells" || f.low[c] == "tell" {
			np := f.nounPhrase(from, e)
			if np.empty() {
				return quote{}, false
			}
			from = np.to
		} else if w := f.low[c]; w == "asked" || w == "asks" || w == "ask" || w == "asking" {
			// "asked Trump how he would …": who is asked is no part of the
			// question.
			for k := from + 1; k < e && k < from+6 && f.isWord(k-1) && !pronouns[f.low[k-1]]; k++ {
				if askWords[f.low[k]] {
					from = k
					if f.low[from] == "about" {
						from++
					}
					break
				}
			}
		}
		if v.particle != "" && from < e && particleOf(v.particle, f.low[from]) {
			from++ // "pointed to …", "pointed out …"
		}
		from = f.skipTime(from, e)
		for from < e && (prepositions[f.low[from]] && f.low[from] != "to" || f.toks[from].Text == ",") && v.kind == speechVerb {
			// "said on Monday", "said in a statement"
			j := f.nominal(from+1, e)
			if j == from+1 {
				break
			}
			from = j
		}
		if from < e && enParticle[f.low[from]] && !passive && (f.low[from] != "to" || toParticle(f.low[c])) {
			from++ // "called for …", not the "to" of an infinitive: "pledged to work"
		}
		// What was said ends where a participle adds more: ", adding
		// that …".
		for k := from + 1; k+1 < e; k++ {
			if f.toks[k].Text == "," && strings.HasSuffix(f.low[k+1], "ing") {
				if _, ok := enVerbs[f.low[k+1]]; ok {
					e = k
					break
				}
			}
		}
		e = f.enCut(from, e)
		if e-from < 2 {
			return quote{}, false
		}
		if v.kind == reportVerb {
			e = f.reportEnd(from, e)
		}
		q.spk = spk
		q.parts = append(q.parts, span{from, e})
		if v.kind == reportVerb {
			q.form = newsdesk.ReportedQuote
		}
		return q, true
	}
	return quote{}, false
}

// enParticle are the particles of English verbs of saying that stand
// before what was said ("referred to", "called for").
var enParticle = map[string]bool{"to": true, "for": true, "out": true, "on": true, "about": true, "of": true}

// isClause reports whether tokens [from, to) read as a clause of what
// was said rather than a noun phrase, with or without a relative clause
// or an apposition.
func (f *finder) isClause(from, to int) bool {
	if np := f.nounPhrase(from, to); !np.empty() && np.to >= to {
		return false
	}
	if f.de && (subordinators[f.low[from]] && f.low[from] != "wie" || !f.verbish(from, to)) {
		return false // "Wenn …, droht ihm …", "Müller, Experte bei der Stiftung, erwartet"
	}
	for k := from + 1; k+1 < to; k++ {
		if f.toks[k].Text != "," {
			continue
		}
		n := f.low[k+1]
		if relatives[n] && !(k+2 < to && f.isCap(k+2)) || prepositions[n] && k+2 < to && relatives[f.low[k+2]] {
			if !f.de && f.closedBefore(k+2, to) {
				continue // "Weiner, who is married, sent …": the clause goes on after it
			}
			return false
		}
	}
	return true
}

// closedBefore reports whether a comma between tokens i and to closes
// a clause that at least two more words follow.
func (f *finder) closedBefore(i, to int) bool {
	for k := i; k+2 < to; k++ {
		if f.toks[k].Text == "," {
			return f.isWord(k+1) && f.isWord(k+2)
		}
	}
	return false
}

// verbish reports whether German tokens [from, to) have a word that
// may be a verb: in lower case, and no determiner, preposition,
// conjunction or adjective before a noun.
func (f *finder) verbish(from, to int) bool {
	for k := from; k < to; k++ {
		w := f.low[k]
		if f.isCap(k) || !f.isWord(k) || determiners[w] || prepositions[w] || conjunctions[w] || genitives[w] || adverbs[w] && !isAux(w) {
			continue
		}
		if isAdjective(w) && k+1 < to && f.isCap(k+1) {
			continue
		}
		if w[0] >= '0' && w[0] <= '9' {
			continue
		}
		return true
	}
	return false
}

// clauseFollows reports whether a clause of more than a few words
// follows in tokens [i, end).
func (f *finder) clauseFollows(i, end int) bool {
	n := 0
	for k := i; k < end; k++ {
		if complementizers[f.low[k]] && (f.low[k] == "that" || f.low[k] == "dass") {
			return true
		}
		if f.isWord(k) {
			n++
		}
	}
	return n > 6
}

// clauseAhead reports whether tokens [i, end) after a comma behind a
// verb of saying read as what was said: a clause with a verb in the
// Konjunktiv, a "zu" infinitive, or any clause after a verb that only
// introduces speech.
func (f *finder) clauseAhead(i, end int, v verbInfo) bool {
	if end-i < 3 {
		return false
	}
	if !f.de {
		return true
	}
	for k := i; k < end; k++ {
		if f.low[k] == "dass" && f.toks[k-1].Text == "," {
			return false // the clause of what was said comes later
		}
		if isKonjunktiv(f.low[k]) || f.low[k] == "zu" || v.kind == speechVerb && indicative[f.low[k]] {
			return true
		}
	}
	return false
}

// indicative are German finite verbs in the indicative that a clause
// of what was said after "sagte," often has.
var indicative = map[string]bool{
	"ist": true, "sind": true, "war": true, "waren": true, "hat": true, "haben": true, "hatte": true, "wird": true,
	"werden": true, "gibt": true, "kann": true, "können": true, "muss": true, "müssen": true, "soll": true,
	"sollen": true, "will": true, "wollen": true, "darf": true, "habe": true, "wolle": true, "geht": true,
}

// reported finds a sentence whose verb of saying has no clause of
// what was said, with its subject as the speaker: "Kim bezeichnete
// Putin als …", "Die Polizei sprach von …".
func (f *finder) reported(s span, si int) (quote, bool) {
	if f.toks[s.to-1].Text == ":" {
		return quote{}, false // it introduces a quote on the next line
	}
	for c := s.from; c < s.to && c < s.from+25; c++ {
		// The verb stands second: early in the sentence, or right after
		// a clause that opens it.
		if f.used[c] || c >= s.from+10 && f.toks[c-1].Text != "," {
			continue
		}
		v, ok := f.verb(c)
		if !ok || v.participle && !f.perfect(c, s) {
			continue
		}
		// A passive ("wurde bestätigt") names no speaker as subject.
		if f.de && f.passive(c, s) {
			return quote{}, false
		}
		spk := f.subject(c, s.from, s.to)
		if spk.empty() || f.de && objectCase[f.low[spk.from]] {
			return quote{}, false
		}
		return quote{form: newsdesk.ReportedQuote, cue: span{c, c + 1}, spk: spk, parts: []span{s}, sent0: si, sent1: si}, true
	}
	return quote{}, false
}

// objectCase are German determiners and pronouns of the dative and
// accusative: a phrase they start is no subject.
var objectCase = map[string]bool{"den": true, "dem": true, "einen": true, "einem": true, "ihm": true, "ihnen": true, "uns": true, "mir": true}

// passive reports whether the verb at token c of sentence s is a
// participle with a form of "werden" before it in its clause.
func (f *finder) passive(c int, s span) bool {
	for k := c - 1; k >= s.from && k > c-15 && f.toks[k].Text != ","; k-- {
		switch f.low[k] {
		case "wurde", "wurden", "wird", "werden", "worden":
			return true
		}
	}
	return false
}

// perfect reports whether the participle at token c of sentence s has
// a form of "haben" before it in its clause: "hat … gefordert".
func (f *finder) perfect(c int, s span) bool {
	if !f.de {
		return false
	}
	for k := c - 1; k >= s.from && k > c-15 && f.toks[k].Text != ","; k-- {
		switch f.low[k] {
		case "hat", "haben", "hatte", "hatten":
			return true
		}
	}
	return false
}

// timeWords are English words of time that stand after a verb of saying
// before what was said ("said Tuesday that …", "said yesterday").
var timeWords = map[string]bool{
	"yesterday": true, "today": true, "tonight": true, "tomorrow": true, "now": true,
}

// dayParts follow a day in an English phrase of time ("Tuesday night").
var dayParts = map[string]bool{"morning": true, "afternoon": true, "evening": true, "night": true}

// skipTime returns the token after an English phrase of time at token
// i ("Tuesday", "Tuesday night", "yesterday"), i when none stands there.
func (f *finder) skipTime(i, end int) int {
	for i < end && (calendar[f.low[i]] && f.isCap(i) || timeWords[f.low[i]]) {
		i++
		if i < end && dayParts[f.low[i]] {
			i++
		}
	}
	return i
}

// finiteSaying reports whether English token k is a finite form of a
// verb of saying ("said", "says", "told"), not its base form or a
// participle in "-ing".
func (f *finder) finiteSaying(k int) bool {
	w := f.low[k]
	if _, ok := enVerbs[w]; !ok || strings.HasSuffix(w, "ing") || f.isCap(k) {
		return false
	}
	return strings.HasSuffix(w, "ed") || strings.HasSuffix(w, "s") || enIrregularPast[w]
}

// enIrregularPast are irregular past forms of English verbs of saying.
var enIrregularPast = map[string]bool{
	"said": true, "told": true, "wrote": true, "thought": true, "knew": true, "spoke": true, "felt": true,
	"found": true, "saw": true, "sought": true, "understood": true, "learnt": true,
}

// coordAdverbs may stand between "and" and a second verb of saying ("and
// also said", "but later told").
var coordAdverbs = map[string]bool{
	"also": true, "then": true, "later": true, "again": true, "repeatedly": true, "has": true, "had": true,
	"have": true, "publicly": true, "privately": true, "further": true, "previously": true,
}

// enCut returns where an English message from token from ends before
// end: before a second verb of saying joined to the first ("said A and
// said B", "said A but told B"), whose message is a quotation of its
// own.
func (f *finder) enCut(from, end int) int {
	for k := from + 2; k+1 < end; k++ {
		if f.toks[k].Text == "," || f.toks[k].Text == ";" {
			// "…, while Smith argued that …": a clause with a subject and
			// a verb of saying of its own after a comma.
			j := k + 1
			if j+1 < end && f.low[j] == "according" && f.low[j+1] == "to" {
				return k // "…, according to the report": a source of its own
			}
			if j < end && (f.low[j] == "while" || f.low[j] == "as" || f.low[j] == "and" || f.low[j] == "but" || f.low[j] == "whereas") {
				j++
			}
			if np := f.nounPhrase(j, end); !np.empty() && np.to+2 < end {
				v := np.to
				for v < end && (coordAdverbs[f.low[v]] || enAux[f.low[v]]) {
					v++
				}
				if v+2 < end && v-np.to <= 2 && f.finiteSaying(v) && !f.enPassive(v) {
					return k
				}
			}
			continue
		}
		if w := f.low[k]; w != "and" && w != "but" {
			continue
		}
		j := k + 1
		for j < end && coordAdverbs[f.low[j]] {
			j++
		}
		if j+1 < end && f.finiteSaying(j) {
			if f.toks[k-1].Text == "," {
				return k - 1
			}
			return k
		}
	}
	return end
}

// coordinated returns the subject of an English verb of saying at token
// c that is joined by "and" or "but" to a verb before it ("She met him
// and said …"): the speaker of the last quotation of the sentence, else
// the noun phrase the sentence opens with.
func (f *finder) coordinated(c int) (span, bool) {
	sent := f.sentSpan(int(f.sent[c]))
	k := c - 1
	for k > sent.from && coordAdverbs[f.low[k]] {
		k--
	}
	if k <= sent.from || f.low[k] != "and" && f.low[k] != "but" {
		return span{}, false
	}
	if !f.sentSpk.empty() {
		return f.sentSpk, true
	}
	if np := f.clauseSubject(k); !np.empty() {
		return np, true
	}
	return span{}, false
}

// clauseSubject returns the noun phrase that English token c's sentence
// opens with, after a conjunction or an adverbial clause, when it is a
// pronoun, names someone or has a determiner: the subject of a verb
// the words before c depend on.
func (f *finder) clauseSubject(c int) span {
	sent := f.sentSpan(int(f.sent[c]))
	start := sent.from
	for start < c && conjunctions[f.low[start]] {
		start++
	}
	if start < c && (prepositions[f.low[start]] || subordinators[f.low[start]]) {
		for k := start; k < c; k++ {
			if f.toks[k].Text == "," {
				start = k + 1
				break
			}
		}
	}
	if np := f.nounPhrase(start, c); !np.empty() && (pronouns[f.low[np.from]] || f.names(np) || determiners[f.low[np.from]]) {
		return np
	}
	return span{}
}

// isClosing reports whether s is a mark that closes a quotation.
func isClosing(s string) bool {
	switch s {
	case "”", "\"", "''", "“", "’", "«", "»":
		return true
	}
	return false
}

// seemVerbs are the English verbs that present what is said as how
// things look, to no one named: "Kasich appears to have the state to
// himself".
var seemVerbs = map[string]bool{
	"seem": true, "seems": true, "seemed": true, "appear": true, "appears": true, "appeared": true,
}

// clauseStarts are English words after which a clause's subject
// starts.
var clauseStarts = map[string]bool{
	"that": true, "because": true, "but": true, "while": true, "if": true, "when": true, "although": true,
	"though": true, "since": true, "as": true, "so": true, "whether": true, "where": true, "and": true,
}

// seeming reads an English sentence s whose verb is "seems" or
// "appears": the message is its subject and what follows the verb
// ("Kasich … to have the state to himself"), the cue the verb, and it
// has no speaker. "It seems that …" has the clause alone.
func (f *finder) seeming(s span, si int) (quote, bool) {
	for c := s.from + 1; c < s.to-2; c++ {
		if !seemVerbs[f.low[c]] || f.used[c] {
			continue
		}
		n := f.low[c+1]
		if n != "to" && n != "that" && n != "like" && n != "as" && !(f.isWord(c+1) && !prepositions[n] && !determiners[n]) {
			continue
		}
		from, subj := f.subjectBack(c, s)
		if from >= subj {
			continue
		}
		end := f.enCut(c+1, f.msgEnd(s))
		if end-(c+1) < 2 {
			continue
		}
		q := quote{form: newsdesk.IndirectQuote, cue: span{c, c + 1}, sent0: si, sent1: si}
		if (f.low[from] == "it" || f.low[from] == "there") && subj-from == 1 {
			q.parts = []span{{c + 1, end}}
		} else {
			q.parts = []span{{from, subj}, {c + 1, end}}
		}
		return q, true
	}
	return quote{}, false
}

// headline reads an English line "Name: what was said", as headlines
// put a statement ("Graham: Trump's rhetoric destroying GOP's chance"):
// a short name or noun without an article before the colon, the cue,
// and at least three words after it.
func (f *finder) headline(s span, si int) (quote, bool) {
	if !f.lineBreakBefore(s.from) {
		return quote{}, false
	}
	for k := s.from + 1; k < s.to && k <= s.from+4; k++ {
		if f.toks[k].Text != ":" {
			continue
		}
		if determiners[f.low[s.from]] || !f.isCap(s.from) || f.nounPhrase(s.from, k) != (span{s.from, k}) {
			return quote{}, false
		}
		// Someone named, or the title the text starts with; not a label
		// ("Q:", "CORRECTION:").
		if w := f.toks[s.from].Text; len(w) < 2 || strings.ToUpper(w) == w || !f.names(span{s.from, k}) && s.from > 0 {
			return quote{}, false
		}
		end := f.msgEnd(s)
		n := 0
		for j := k + 1; j < end; j++ {
			if f.isWord(j) {
				n++
			}
		}
		if n < 3 {
			return quote{}, false
		}
		return quote{form: newsdesk.IndirectQuote, cue: span{k, k + 1}, spk: span{s.from, k}, parts: []span{{k + 1, end}}, sent0: si, sent1: si}, true
	}
	return quote{}, false
}

// subjectBack returns the English subject of the verb at token c of
// sentence s as tokens [from, to): back to the start of its clause, up
// to the adverbs and auxiliaries before the verb ("Kasich also
// appears", "Other groups are expected"); from >= to when there is none
// within fifteen tokens.
func (f *finder) subjectBack(c int, s span) (from, to int) {
	from = c
	for from > s.from && c-from < 15 {
		p := f.toks[from-1].Text
		if p == "," || p == ";" || p == ":" || p == "—" || p == "–" || p == "(" || clauseStarts[f.low[from-1]] || isClosing(p) || f.used[from-1] {
			break
		}
		from--
	}
	to = c
	for to > from && (adverbs[f.low[to-1]] || enAux[f.low[to-1]]) {
		to--
	}
	if c-from >= 15 {
		return c, c
	}
	return from, to
}

// enPassive reports whether the English verb at token c is a passive
// participle after a form of "be" ("is expected", "was told").
func (f *finder) enPassive(c int) bool {
	if !strings.HasSuffix(f.low[c], "ed") && !enIrregularPast[f.low[c]] {
		return false
	}
	k := c - 1
	for k > 0 && (adverbs[f.low[k]] && !beForms[f.low[k]] || f.low[k] == "not" || f.low[k] == "n't") {
		k--
	}
	return k >= 0 && beForms[f.low[k]] && f.low[k] != "'s" && f.low[k] != "’s"
}

// clauseLinks are English words after a comma that start a clause of
// the author's after what a verb reports: "criticized the media, though
// he added …".
var clauseLinks = map[string]bool{
	"but": true, "though": true, "although": true, "as": true, "while": true, "whereas": true, "even": true,
	"after": true, "before": true, "when": true, "because": true, "since": true, "so": true, "which": true,
	"amid": true, "despite": true,
}

// reportEnd returns where what an English verb of a speech act reports
// ends, from token from: before a clause of the author's that follows
// ("…, though he added", "even though …", "amid …"); end when none.
func (f *finder) reportEnd(from, end int) int {
	for k := from + 1; k+1 < end; k++ {
		w := f.low[k]
		switch {
		case f.toks[k].Text == "," && clauseLinks[f.low[k+1]]:
			return k
		case w == "though" || w == "although" || w == "because" || w == "whereas" || w == "amid":
			if f.low[k-1] == "even" {
				return k - 1
			}
			return k
		}
	}
	return end
}

// asked reads an English sentence that opens with "Asked …" or "When
// asked …" ("Asked in Iowa whether he would support Trump, Rubio gave a
// roundabout answer"): the question, from its "whether", "if", "about"
// or question word to the comma, is a quotation without a speaker.
func (f *finder) asked(s span, si int) (quote, bool) {
	if f.de {
		return quote{}, false
	}
	c := s.from
	if f.low[c] == "when" || f.low[c] == "but" || f.low[c] == "and" {
		c++
	}
	if c+2 >= s.to || f.low[c] != "asked" {
		return quote{}, false
	}
	from := -1
	for k := c + 1; k < s.to && k < c+8; k++ {
		if w := f.low[k]; askWords[w] {
			from = k
			if w == "about" {
				from = k + 1
			}
			break
		}
		if f.toks[k].Text == "," {
			break
		}
	}
	if from < 0 {
		return quote{}, false
	}
	end := from + 1
	for end < s.to && f.toks[end].Text != "," && !isFinal(f.toks[end].Text) {
		end++
	}
	if end >= s.to || f.toks[end].Text != "," || end-from < 1 {
		return quote{}, false
	}
	return quote{form: newsdesk.IndirectQuote, cue: span{c, c + 1}, parts: []span{{from, end}}, sent0: si, sent1: si}, true
}

// askWords start the question after "asked".
var askWords = map[string]bool{
	"whether": true, "if": true, "about": true, "what": true, "why": true, "how": true, "who": true, "whom": true,
	"when": true, "where": true, "which": true,
}

// statementNouns are English nouns of saying and believing that take
// what was said as a "that" clause ("Trump's claim that …").
var statementNouns = map[string]bool{
	"claim": true, "claims": true, "assertion": true, "assertions": true, "argument": true, "belief": true,
	"warning": true, "warnings": true, "promise": true, "insistence": true, "suggestion": true,
	"allegation": true, "allegations": true, "statement": true, "contention": true, "accusation": true,
	"accusations": true, "prediction": true, "predictions": true, "admission": true, "acknowledgment": true,
	"assurance": true, "assurances": true, "announcement": true, "charge": true, "charges": true, "insinuation": true,
	"view": true, "hope": true, "hopes": true, "fear": true, "fears": true, "expectation": true, "expectations": true,
	"concern": true, "concerns": true, "speculation": true, "complaint": true, "complaints": true, "pledge": true,
	"vow": true, "denial": true, "remark": true, "remarks": true, "comments": true, "message": true,
}

// clauseStart reports whether English token i can start the subject of
// a clause: a pronoun, an article or other determiner, a name or a
// number, not a verb of a relative clause ("claims that were made").
func (f *finder) clauseStart(i int) bool {
	w := f.low[i]
	return pronouns[w] || determiners[w] || f.isCap(i) || w[0] >= '0' && w[0] <= '9' || w == "there"
}

// nounThat reads "X's claim that …" with the noun at token i: the
// message is the clause from "that", the speaker the possessor.
func (f *finder) nounThat(s span, i int) (quote, bool) {
	end := f.enCut(i+1, f.msgEnd(s))
	if end-(i+1) < 3 {
		return quote{}, false
	}
	q := quote{form: newsdesk.IndirectQuote, cue: span{i, i + 1}, parts: []span{{i + 1, end}}}
	k := i - 1
	for k > s.from && (isAdjective(f.low[k]) || f.low[k] == "repeated" || f.low[k] == "latest" || f.low[k] == "new") {
		k--
	}
	switch p := f.low[k]; {
	case p == "his" || p == "her" || p == "their" || p == "its":
		q.spk = span{k, k + 1}
	case (p == "'s" || p == "’s") && k > s.from:
		from := k
		for from > s.from && (f.isCap(from-1) || f.ment[from-1] > 0) {
			from--
		}
		if from < k {
			q.spk = span{from, k + 1}
		}
	}
	return q, true
}

// finiteIn reports whether English tokens [from, to) have an auxiliary
// or a copula: a clause, not an adverbial ("…, he said the lanes would
// come").
func (f *finder) finiteIn(from, to int) bool {
	for k := from; k < to; k++ {
		switch f.low[k] {
		case "is", "was", "are", "were", "will", "would", "could", "can", "should", "has", "have", "had", "must", "may", "might":
			return true
		}
	}
	return false
}

// toParticle reports whether English verb form w takes "to" as a
// particle before what it reports ("referred to", "responded to"),
// rather than an infinitive ("pledged to work").
func toParticle(w string) bool {
	for _, p := range []string{"refer", "point", "respond", "repl", "talk", "speak", "spoke", "appeal", "object", "allud", "react"} {
		if strings.HasPrefix(w, p) {
			return true
		}
	}
	return false
}
