package quotes

import "newsdesk"

// region is a run of text in quotation marks: the first tokens of its
// marks (close is -1 for a quote a paragraph ends without its mark),
// the tokens between them, and the token after its closing mark.
type region struct {
	open, close int
	in          span
	end         int
}

// closers maps each opening quotation mark to the marks that close it.
var closers = map[string]string{
	"„": "“”\"", "“": "”\"", "»": "«", "«": "»", "\"": "\"”", "‚": "‘’", "''": "''", "‘": "’",
}

// maxQuoteTokens is the most tokens a quotation in marks runs over.
const maxQuoteTokens = 400

// markAt returns the quotation mark at token i and how many tokens it
// takes: two apostrophes written together are one mark (”).
func (f *finder) markAt(i int) (string, int) {
	s := f.toks[i].Text
	if s == "'" && i+1 < len(f.toks) && f.toks[i+1].Text == "'" && f.toks[i+1].Start == f.toks[i].End {
		return "''", 2
	}
	return s, 1
}

// regions returns the runs in quotation marks of the text, in order.
// Marks pair with the nearest closing mark of their kind; a quote that
// a paragraph leaves open, as news does when the next paragraph opens
// another, ends at its paragraph's end.
func (f *finder) regions() []region {
	var out []region
	open, width := -1, 0
	cl := ""
	for i := 0; i < len(f.toks); i++ {
		s, w := f.markAt(i)
		if open >= 0 && cl == "’" && f.lineBreakBefore(i) {
			open = -1 // single marks pair on one line only
		}
		if s == "\"" || s == "''" {
			// A straight mark opens when a space stands before it and
			// none after it, and closes the other way round; written
			// apart from both neighbours it takes turns.
			before, after := f.spaceAround(i, w)
			switch {
			case before && !after && open >= 0 && (containsMark(cl, "\"") || cl == "''"):
				open = -1 // the last one was not closed
			case !before && after && open < 0:
				continue
			}
		}
		if open >= 0 {
			if len(s) <= 3 && containsMark(cl, s) && i > open+width {
				out = append(out, region{open: open, close: i, in: span{open + width, i}, end: i + w})
				open = -1
				i += w - 1
				continue
			}
			if o, _ := f.markAt(open); s == o && s != "\"" && s != "''" {
				// The same mark opens again: a paragraph ended the last.
				if end := f.lineEnd(open); end < i && end > open+width {
					out = append(out, region{open: open, close: -1, in: span{open + width, end}, end: end})
				}
				open = -1
			} else if i-open > maxQuoteTokens {
				open = -1
			} else {
				continue
			}
		}
		if c, ok := closers[s]; ok {
			open, width, cl = i, w, c
			i += w - 1
		}
	}
	return out
}

// spaceAround reports whether a space (or the start or end of the
// text, or a bracket) stands before token i and after the w tokens from
// it.
func (f *finder) spaceAround(i, w int) (before, after bool) {
	rs := f.d.Runes
	start, end := f.toks[i].Start, f.toks[i+w-1].End
	before = start == 0 || start-1 < len(rs) && (isSpace(rs[start-1]) || rs[start-1] == '(' || rs[start-1] == '[')
	after = end >= len(rs) || isSpace(rs[end]) || rs[end] == ',' || rs[end] == '.' || rs[end] == ';' || rs[end] == ':' || rs[end] == ')' || rs[end] == '?' || rs[end] == '!'
	return before, after
}

// isSpace reports whether r is white space.
func isSpace(r rune) bool { return r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\u00a0' }

// containsMark reports whether mark s is one of the marks of set.
func containsMark(set, s string) bool {
	if set == "''" || s == "''" {
		return set == s
	}
	for _, r := range set {
		if string(r) == s {
			return true
		}
	}
	return false
}

// lineEnd returns the index after the last token of the line token i
// is on.
func (f *finder) lineEnd(i int) int {
	for k := i + 1; k < len(f.toks); k++ {
		if f.lineBreakBefore(k) {
			return k
		}
	}
	return len(f.toks)
}

// isFinal reports whether s ends a sentence.
func isFinal(s string) bool { return s == "." || s == "!" || s == "?" || s == "…" }

// direct finds the direct quotes: runs in quotation marks that stand as
// a sentence or clause of their own, with their cue and speaker.
func (f *finder) direct() {
	rs := f.regions()
	lastSpk, lastSent := span{}, -10
	for ri := 0; ri < len(rs); ri++ {
		r := rs[ri]
		if !f.standalone(r) {
			continue
		}
		q := quote{parts: []span{r.in}, form: newsdesk.DirectQuote}
		q.sent0, q.sent1 = int(f.sent[r.in.from]), int(f.sent[r.in.to-1])
		// After: „…“, sagte er (, „…“).
		if cue, spk, next, ok := f.after(r.end); ok {
			q.cue, q.spk = cue, spk
			// An interrupted quote goes on in the next run of marks.
			if !f.de && ri+1 < len(rs) && rs[ri+1].open != next {
				// English goes on after the sentence of its cue: "“…,”
				// said Smith, a lawyer in Ohio. “…”"
				// (The sentence may end with the mark that opens the next.)
				o := rs[ri+1].open
				if e := f.sentSpan(int(f.sent[cue.from])).to; o > next && (o == e || o == e-1) && isFinal(f.toks[o-1].Text) && !f.lineBreakBefore(o) {
					next = o
				}
			}
			if ri+1 < len(rs) && rs[ri+1].open == next && rs[ri+1].in.to-rs[ri+1].in.from > 0 && (f.de || !f.ownCue(rs[ri+1])) {
				ri++
				q.parts = append(q.parts, rs[ri].in)
				q.sent1 = int(f.sent[rs[ri].in.to-1])
				f.mark(rs[ri].open, rs[ri].end, len(f.out)+1)
				// and in the runs of marks that follow on its line.
				for !f.de && ri+1 < len(rs) && rs[ri].close >= 0 && rs[ri+1].open == rs[ri].end && !f.lineBreakBefore(rs[ri+1].open) && !rs[ri+1].in.empty() {
					if f.ownCue(rs[ri+1]) {
						break
					}
					ri++
					q.parts = append(q.parts, rs[ri].in)
					q.sent1 = int(f.sent[rs[ri].in.to-1])
					f.mark(rs[ri].open, rs[ri].end, len(f.out)+1)
				}
			}
		} else if cue, spk, ok := f.before(r.open); ok {
			q.cue, q.spk = cue, spk
		} else if q.sent0-lastSent <= 3 && !lastSpk.empty() {
			// A quote standing alone goes on from the last speaker.
			q.spk = lastSpk
		}
		f.mark(r.open, r.end, len(f.out)+1)
		for k := q.cue.from; k < q.cue.to; k++ {
			f.used[k] = true
		}
		if !q.spk.empty() {
			lastSpk = q.spk
		}
		lastSent = q.sent1
		f.out = append(f.out, q)
	}
}

// ownCue reports whether an English run in marks that follows a
// sentence has a cue of its own after it ("“…,” she added"), which
// makes it a quotation of its own.
func (f *finder) ownCue(r region) bool {
	if r.close < 0 || isFinal(f.toks[r.end-2].Text) {
		return false
	}
	_, _, _, ok := f.after(r.end)
	return ok
}

// mark records tokens [from, to) as the message of quote n (its index
// in out + 1).
func (f *finder) mark(from, to, n int) {
	for k := from; k < min(to, len(f.toks)); k++ {
		f.inQuote[k] = int32(n)
		f.used[k] = true
	}
}

// standalone reports whether run r is a quotation of its own rather
// than words quoted inside a sentence of the author's (a title, a
// phrase of someone's set in marks inside reported speech).
func (f *finder) standalone(r region) bool {
	n := 0
	final := false
	for k := r.in.from; k < r.in.to; k++ {
		if f.isWord(k) {
			n++
		} else if isFinal(f.toks[k].Text) {
			final = true
		}
	}
	if n < 2 {
		return false
	}
	sent := f.sentSpan(int(f.sent[r.open]))
	start := r.open == sent.from || f.lineBreakBefore(r.open) || isFinal(f.toks[r.open-1].Text)
	if !start && r.open > 0 {
		switch p := f.toks[r.open-1].Text; {
		case p == ":":
			start = true
		case p == ",":
			// "sagte er, „…“"
			for k := r.open - 2; k >= sent.from && k >= r.open-6; k-- {
				if _, ok := f.verb(k); ok {
					start = true
					break
				}
			}
		default:
			if v, ok := f.verb(r.open - 1); ok && v.kind == speechVerb {
				start = true // he said "…"
			}
		}
	}
	if !start {
		return false
	}
	if r.close < 0 || final && n >= 4 {
		return true
	}
	next := r.end
	if next >= len(f.toks) || f.lineBreakBefore(next) || isFinal(f.toks[next].Text) || next >= f.sentSpan(int(f.sent[r.end-1])).to {
		return true
	}
	_, _, _, ok := f.after(next)
	return ok
}

// after reads a cue and speaker after a quote whose closing mark is
// before token i: ", sagte er", ", so Putin", "he said", "said Smith".
// next is the token after them and a comma.
func (f *finder) after(i int) (cue, spk span, next int, ok bool) {
	end := len(f.toks)
	if i < end && f.toks[i].Text == "," {
		i++
	}
	if i >= end || f.lineBreakBefore(i) {
		return
	}
	sentEnd := f.sentSpan(int(f.sent[i])).to
	if v, isVerb := f.verb(i); isVerb && !v.participle || f.de && f.low[i] == "so" && i+1 < end && f.low[i+1] != "dass" {
		np := f.subjectAfter(i+1, sentEnd)
		if np.empty() {
			return
		}
		if !f.de {
			np = f.apposition(np, sentEnd)
		}
		cue, spk = span{i, i + 1}, np
		next = f.skipTail(np.to, sentEnd)
		return cue, spk, next, true
	}
	if !f.de {
		// "…," the minister said.
		np := f.nounPhrase(i, min(sentEnd, i+8))
		if np.empty() || np.to >= end {
			return
		}
		if v, isVerb := f.verb(np.to); isVerb && !v.participle {
			cue, spk = span{np.to, np.to + 1}, np
			return cue, spk, f.skipTail(np.to+1, sentEnd), true
		}
		// "…," Melanne Verveer, who served as chief of staff, told …
		if f.toks[np.to].Text == "," {
			for k := np.to + 1; k+1 < sentEnd && k < np.to+30; k++ {
				if _, ok := closers[f.toks[k].Text]; ok {
					break
				}
				if f.toks[k].Text == "," {
					if v, isVerb := f.verb(k + 1); isVerb && !v.participle && f.finiteSaying(k+1) {
						cue, spk = span{k + 1, k + 2}, span{np.from, k + 1}
						return cue, spk, f.skipTail(k+2, sentEnd), true
					}
				}
			}
		}
	}
	return
}

// beforeLine reads the cue and speaker of a quote that opens its
// sentence at token open in the sentence before, when that ends with a
// colon: "Er sagte:" or "Der Leiter der Studie sieht die Verantwortung
// beim Staat:" and the quote on a line of its own.
func (f *finder) beforeLine(open int) (cue, spk span, ok bool) {
	if open == 0 || f.toks[open-1].Text != ":" {
		return
	}
	prev := f.sentSpan(int(f.sent[open-1]))
	for k := open - 2; k >= prev.from; k-- {
		if f.used[k] {
			return
		}
		if _, isVerb := f.verb(k); isVerb {
			if spk = f.subject(k, prev.from, open-1); !spk.empty() {
				return span{k, k + 1}, spk, true
			}
			break
		}
	}
	if spk = f.firstActor(prev); !spk.empty() {
		return span{}, spk, true
	}
	return
}

// firstActor returns who sentence s is most likely about as a
// speaker: the noun phrase it starts with when that names a person or
// organisation, else the first person named in it, else that noun
// phrase when its noun can speak ("Die Behörden der Stadt", not "Das
// Besondere an …"), else, when the sentence starts with no such phrase
// at all, the first organisation named; each with the words before it
// that belong to its noun phrase.
func (f *finder) firstActor(s span) span {
	start := s.from
	for start < s.to && (conjunctions[f.low[start]] || focus[f.low[start]]) {
		start++
	}
	var first span
	phrase := false // the sentence starts with a phrase of a determiner and a noun
	if start < s.to && !prepositions[f.low[start]] && !adverbs[f.low[start]] && !subordinators[f.low[start]] {
		if np := f.nounPhrase(start, s.to); !np.empty() {
			phrase = np.to-np.from >= 2 && determiners[f.low[np.from]]
			if f.names(np) || phrase && f.speaks(np) {
				first = np
			}
		}
	}
	// A person named later goes before a first phrase that names
	// nobody, which is then the object: "Seine Zuversicht äußerte der
	// Außenbeauftragte Javier Solana".
	if !first.empty() && f.names(first) {
		return first
	}
	for k := s.from; k < s.to; k++ {
		if f.inQuote[k] > 0 || k >= first.from && k < first.to {
			continue
		}
		t := f.mentionType(k)
		if t != newsdesk.Person && (t != newsdesk.Organisation || phrase) {
			continue
		}
		end := k + 1 + f.mentionRest(k)
		return span{f.npBefore(end, s.from), end}
	}
	return first
}

// abstractStart reports whether sentence s starts with a phrase of a
// determiner and a noun that names no one and cannot speak ("Das
// Besondere an dem Virus ist …").
func (f *finder) abstractStart(s span) bool {
	start := s.from
	for start < s.to && (conjunctions[f.low[start]] || focus[f.low[start]]) {
		start++
	}
	if start >= s.to || !determiners[f.low[start]] {
		return false
	}
	np := f.nounPhrase(start, s.to)
	return np.to-np.from >= 2 && !f.names(np) && !f.speaks(np)
}

// skipTail returns the token after what follows a speaker up to a
// comma or the end of the sentence ("sagte er am Montag in Berlin,"):
// where a quote interrupted by its cue goes on.
func (f *finder) skipTail(i, end int) int {
	for k := i; k < len(f.toks) && k < i+10; k++ {
		t := f.toks[k].Text
		if _, ok := closers[t]; ok {
			return k
		}
		if t == "," || t == ":" {
			return k + 1
		}
		if isFinal(t) {
			// English goes on with the next sentence ("…," he said.
			// "…"); German quotes one sentence at a time.
			if f.de {
				return i
			}
			return k + 1
		}
		if k >= end {
			break
		}
	}
	return i
}

// before reads a cue and speaker before a quote opening at token open,
// in its sentence: "Putin sagte: „…“", "Er erklärte, „…“", "he said
// \"…\"", "Kim: „…“".
func (f *finder) before(open int) (cue, spk span, ok bool) {
	sent := f.sentSpan(int(f.sent[open]))
	if open <= sent.from {
		return f.beforeLine(open)
	}
	stop := open
	if p := f.toks[open-1].Text; p == ":" || p == "," {
		stop = open - 1
	}
	for k := stop - 1; k >= sent.from; k-- {
		if f.used[k] {
			break
		}
		if _, isVerb := f.verb(k); isVerb {
			cue = span{k, k + 1}
			spk = f.subject(k, sent.from, stop)
			return cue, spk, true
		}
	}
	// A heading: "Kim: „…“".
	if stop == open-1 && f.toks[stop].Text == ":" && stop-sent.from <= 4 {
		if np := f.nounPhrase(sent.from, stop); !np.empty() {
			return span{}, np, true
		}
	}
	// "Trump boomed: “…”", "A footnote in the report makes that
	// clear: “…”": the subject of the clause before the colon.
	if !f.de && stop == open-1 && f.toks[stop].Text == ":" {
		if np := f.clauseSubject(stop); !np.empty() && np.to < stop {
			return span{}, np, true
		}
	}
	return
}
