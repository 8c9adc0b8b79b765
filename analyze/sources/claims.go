package sources

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk"
	"newsdesk/analyze/doc"
)

// Claim is one attribution of the text: a cue ("laut", "said",
// "zufolge") and who it attributes to, a source or a person.
type Claim struct {
	// Sentence is the index of the sentence in Doc.Sentences.
	Sentence int
	// Cue is the token index of the cue word.
	Cue int
	// Who is the words that name who the claim is attributed to, with
	// the entity they resolve to.
	Who newsdesk.Attributed
	// Source is set when Who is a source of information (no person, no
	// pronoun); Kind and Name are then its kind and short name.
	Source bool
	Kind   newsdesk.CitationKind
	Name   string
}

// scan is the state of one pass over a doc.
type scan struct {
	d    *doc.Doc
	lang string
	// men is the index+1 of the mention each token lies in, 0 for none.
	men []int32
	// low are the tokens in lower case, filled as they are asked for
	// (lw): most tokens are never looked at twice.
	low []string
	// kinds are the noun kinds of the tokens plus one, filled as they
	// are asked for (noun); 0 is not yet known.
	kinds []nounKind
}

func newScan(d *doc.Doc) *scan {
	lowerOnce.Do(buildLowerOf)
	s := &scan{d: d, lang: d.Lang, men: make([]int32, len(d.Tokens)), low: make([]string, len(d.Tokens)), kinds: make([]nounKind, len(d.Tokens))}
	if s.lang != "de" {
		s.lang = "en"
	}
	mi := 0
	for i, t := range d.Tokens {
		for mi < len(d.Mentions) && d.Mentions[mi].End <= t.Start {
			mi++
		}
		if mi < len(d.Mentions) && d.Mentions[mi].Start < t.End {
			s.men[i] = int32(mi + 1)
		}
	}
	return s
}

// noun returns the noun kind of token k (nounAt).
func (s *scan) noun(k int) nounKind {
	if c := s.kinds[k]; c > 0 {
		return c - 1
	}
	c := nounAt(s.d.Tokens[k].Text, s.lang)
	s.kinds[k] = c + 1
	return c
}

// lw returns token k in lower case.
func (s *scan) lw(k int) string {
	if w := s.low[k]; w != "" {
		return w
	}
	w := lower(s.d.Tokens[k].Text)
	s.low[k] = w
	return w
}

// lower returns w in lower case as far as the word lists need it:
// itself when it has no capital, the word of a list it is a
// capitalised form of ("Laut", "Polizei"), else itself unchanged. It
// never allocates; the endings of German compounds, which suffixes
// match, are in lower case anyway.
func lower(w string) string {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			if l, ok := lowerOf[w]; ok {
				return l
			}
			return w
		}
	}
	return w
}

// np is a noun phrase that may say or be a source: tokens [t0, t1), the
// runes [start, end) of its name.
type np struct {
	start, end int
	kind       nounKind // notNoun for a mention
	m          *newsdesk.Mention
	id, name   string
	ckind      newsdesk.CitationKind
	source     bool
}

// Claims returns the attributions of d in text order: the cues of
// sources and speakers ("laut X", "X zufolge", "nach Angaben von X",
// "nach US-Angaben", "X teilte mit", "X said", "according to X", "told
// X") with who they attribute to. A spokesperson stands for the
// institution named with it ("ein Sprecher des Ministeriums", "a
// bureau spokesperson").
func Claims(d *doc.Doc) []Claim {
	if len(d.Tokens) == 0 {
		return nil
	}
	return newScan(d).claims()
}

func (s *scan) claims() []Claim {
	var out []Claim
	for si, sent := range s.d.Sentences {
		for i := sent[0]; i < sent[1] && i < len(s.d.Tokens); i++ {
			t := s.d.Tokens[i].Text
			c, ok := cues[t]
			if !ok && capCues[t] {
				c, ok = cues[s.lw(i)]
				// A capitalised verb or preposition inside a sentence is
				// part of a name ("United States", "Says Who"); the
				// nouns of "Angaben" are capitalised anyway.
				if ok && c != angabeCue && !s.opensSentence(i, sent[0]) {
					ok = false
				}
			}
			// "declined to say", "hard to tell": an infinitive reports
			// nothing said.
			if ok && (c == verbCue || c == toldCue) && s.infinitive(i, sent[0]) {
				continue
			}
			if !ok {
				// "US-Angaben", "CORRECTIV-Recherchen"; "Tempelberg-Aussagen"
				// are statements about, not by.
				if j := strings.LastIndexByte(t, '-'); j > 0 && !strings.HasSuffix(t, "ussagen") && (cues[t[j+1:]] == angabeCue || capCues[t[j+1:]] && cues[lower(t[j+1:])] == angabeCue) {
					if p, ok := s.prefix(i, j); ok {
						out = append(out, s.claim(si, i, p))
					}
				} else if s.lang == "de" && len(t) > 9 && strings.HasSuffix(t, "angaben") {
					// "nach Polizeiangaben", "Regierungsangaben zufolge":
					// the compound names a body.
					if k := s.noun(i); k == notNoun || k == document {
						if pre := t[:len(t)-len("angaben")]; nouns[lower(pre)] == institution || nouns[lower(strings.TrimSuffix(pre, "s"))] == institution {
							tk := s.d.Tokens[i]
							out = append(out, s.claim(si, i, np{start: tk.Start, end: tk.End, source: true, ckind: newsdesk.CitedInstitution, name: tk.Text}))
						}
					}
				}
				continue
			}
			w := s.lw(i)
			var found []np
			switch c {
			case prepCue:
				from := i + 1
				if w == "according" {
					if from >= sent[1] || s.lw(from) != "to" {
						continue
					}
					from++
				}
				found = s.right(from, sent[1], 5, true)
			case postCue:
				found = s.left(i, sent[0], 4, true)
			case toldCue:
				// The listener: an outlet or agency ("told Reuters",
				// "gegenüber der APA"), never a person or a word.
				if p := s.right(i+1, sent[1], 4, w != "gegenüber"); len(p) > 0 && (p[0].m != nil && p[0].source || p[0].kind == media || p[0].kind == notNoun && startsUpper(p[0].name)) {
					p[0].ckind = newsdesk.CitedMedia
					if g := s.group(p[0].m); g == "agency" {
						p[0].ckind = newsdesk.CitedAgency
					}
					found = append(found, p[0])
				} else if w == "gegenüber" && i+2 < sent[1] && articles[s.lw(i+1)] {
					// "gegenüber der Welt": a name the tagger missed after
					// the article, one word before the clause ends.
					k := i + 2
					if t := s.d.Tokens[k].Text; startsUpper(t) && s.men[k] == 0 && s.noun(k) == notNoun && !personRole(t) && !commonNoun(s.lw(k)) &&
						(k+1 >= sent[1] || isClauseMark(s.d.Tokens[k+1].Text)) {
						tk := s.d.Tokens[k]
						found = append(found, np{start: tk.Start, end: tk.End, source: true, ckind: newsdesk.CitedMedia, name: t})
					}
				}
				if w != "gegenüber" {
					found = append(found, s.left(i, sent[0], 8, s.lang == "en")...)
				}
			case angabeCue:
				nach := i > sent[0] && (s.lw(i-1) == "nach" || s.lw(i-1) == "den" || s.lw(i-1) == "ersten") ||
					i > sent[0]+1 && s.lw(i-2) == "nach" && s.adjective(i-1) && s.lw(i-1) != "eigenen"
				if nach || i+1 < sent[1] && s.lw(i+1) == "zufolge" {
					from := i + 1
					if from < sent[1] && (s.lw(from) == "von" || s.lw(from) == "vom") {
						from++ // "nach Angaben von Féraud"
					}
					found = s.right(from, sent[1], 5, false)
					if len(found) > 0 {
						found = s.coordinated(found, sent[1]) // "nach Auffassung von VG und VGH"
					}
					// "Nach damaligen Aussagen …": the statements
					// themselves, when nobody is named with them.
					if len(found) == 0 && (w == "aussagen" || w == "erkenntnissen" || w == "ermittlungen") && i > 0 && s.lw(i-1) != "den" {
						t := s.d.Tokens[i]
						found = []np{{start: t.Start, end: t.End, kind: document, source: true, ckind: newsdesk.CitedDocument, name: t.Text}}
					}
					// "nach palästinensischen Angaben": the body the
					// adjective names.
					if len(found) == 0 && w == "angaben" && i > 1 && s.lw(i-2) == "nach" && s.adjective(i-1) && !deStop[s.lw(i-1)] {
						a, t := s.d.Tokens[i-1], s.d.Tokens[i]
						found = []np{{start: a.Start, end: t.End, kind: institution, source: true, ckind: newsdesk.CitedInstitution, name: string(s.d.Runes[a.Start:t.End])}}
					}
				} else if i > sent[0]+1 && s.lw(i-1) == "eigenen" && s.lw(i-2) == "nach" {
					// "Das Ministerium hat nach eigenen Angaben …": the
					// subject that opens the sentence.
					for k := sent[0] + 1; k < i-2 && k <= sent[0]+6; k++ {
						if t := s.d.Tokens[k].Text; !startsUpper(t) && !isClauseMark(t) {
							if p, ok := s.opening(sent[0], k); ok {
								found = []np{p}
							}
							break
						}
					}
				}
			case verbCue:
				// "added 0.1%", "gab um 0,2% nach": a change, not speech.
				if s.quantityNext(i+1, sent[1]) {
					continue
				}
				// "notes", "reports", "estimates" are nouns as often: as
				// verbs a clause follows them.
				if ambiguousVerbs[w] && (i+1 >= sent[1] || !clauseStart[s.lw(i+1)] && !isClauseMark(s.d.Tokens[i+1].Text)) {
					continue
				}
				// "geht davon aus", not "geht nach Hause".
				if (w == "geht" || w == "ging") && (i+1 >= sent[1] || s.lw(i+1) != "davon") {
					continue
				}
				// "hält X für Y", not "hält den Rekord".
				if (w == "hält" || w == "hielt") && !s.inClause(i, sent[1], "für") {
					continue
				}
				// "wies die Klage ab": a court's decision, not a statement.
				if (w == "weist" || w == "wies") && s.legalObject(i, sent[1]) {
					continue
				}
				// "… kritisiert wurden": a German passive without its
				// agent names no speaker.
				if s.lang == "de" && i+1 < sent[1] && werden[s.lw(i+1)] {
					continue
				}
				// "Israel gab an", not "gab es"; "merken an", not "merken".
				if (w == "gab" || w == "gaben" || w == "gibt" || strings.HasPrefix(w, "merk")) && !s.particleAn(i, sent[1]) {
					continue
				}
				if s.lang == "de" {
					// "Die Polizei sagte der Zeitung": the phrase that
					// opens the sentence before the verb is its subject.
					if p, ok := s.opening(sent[0], i); ok {
						found = []np{p}
						break
					}
					// ", die Englisch zur Amtssprache erklärt": a relative
					// clause's subject is its pronoun.
					if s.relativeClause(i, sent[0]) {
						continue
					}
					// "wie LTO berichtete", "nachdem das Portal … berichtet
					// hatte": in a clause a conjunction opens, the subject
					// follows the conjunction.
					if c := s.conjunction(i, sent[0]); c >= 0 {
						if f := s.right(c+1, i, 5, true); len(f) > 0 {
							found = s.coordinated(f, i)
							break
						}
					}
					// "Die Gemeinde hat … eingeräumt": the subject opens
					// the sentence before the auxiliary.
					if p, ok := s.beforeAuxiliary(sent[0], i); ok {
						found = []np{p}
						break
					}
					// "erklärt Endokrinologe und Ernährungsmediziner
					// Andreas Pfeiffer": a person named after roles.
					if p, ok := s.personAfter(i+1, sent[1]); ok {
						found = []np{p}
						break
					}
					// "versprach Quantumscape", "teilte Klarmobil mit": a
					// name the tagger missed after the verb is a source
					// when written as a name elsewhere too.
					found = s.right(i+1, sent[1], 4, true)
					if len(found) == 1 && found[0].m == nil && found[0].kind == notNoun && found[0].id == "" {
						if k := s.tokenAt(found[0].start); found[0].source && !s.nameElsewhere(k) {
							found = nil
						}
					}
					if len(found) == 0 {
						// "Tiktok weist die Vorwürfe zurück": a name the
						// tagger missed opens the sentence.
						found = s.left(i, sent[0], 8, i == sent[0]+1)
					}
				} else {
					found = s.left(i, sent[0], 7, true)
					// "David Stevens, the agency's commissioner, however,
					// said": the subject before an apposition.
					if len(found) == 0 {
						if c := s.appositionStart(i, sent[0]); c > 0 {
							found = s.left(c, sent[0], 5, true)
						}
					}
					if len(found) == 0 && i > sent[0] && isClauseMark(s.d.Tokens[i-1].Text) {
						found = s.right(i+1, sent[1], 3, true)
					}
					// "Williams chuckled at his fall, jokingly claiming
					// that …": a participle's subject opens the sentence.
					if len(found) == 0 && strings.HasSuffix(w, "ing") && s.participleClause(i, sent[0]) {
						for k := sent[0]; k < sent[1] && k < sent[0]+3; k++ {
							if articles[s.lw(k)] {
								continue
							}
							if p, ok := s.headAt(k, true); ok {
								found = []np{p}
							}
							break
						}
					}
					// "It was first reported Monday in The New York Sun",
					// "as noted by the ministry": the agent of a passive.
					if a := s.agent(i, sent[1]); a >= 0 && (len(found) == 0 || !found[0].source) {
						if f := s.right(a+1, sent[1], 4, true); len(f) > 0 && f[0].source {
							found = f
						}
					}
					// "It can be revealed", "it emerged": the text's own
					// voice.
					if len(found) == 1 && found[0].kind == pronoun && s.lw(s.tokenAt(found[0].start)) == "it" && i > sent[0] && passiveAux[s.lw(i-1)] {
						found = nil
					}
				}
			}
			for _, p := range found {
				// Who reports or writes without being known is an outlet
				// ("berichtete das Eichsfelder Tageblatt").
				if reportVerbs[w] && p.source && p.ckind == newsdesk.CitedInstitution && p.kind == notNoun && s.group(p.m) == "" {
					p.ckind = newsdesk.CitedMedia
				}
				// A name after "according to", "laut", "told" names a
				// source: people named there are mostly tagged.
				if (c == prepCue || c == toldCue || c == postCue) && p.m == nil && p.kind == notNoun && p.id == "" && !s.surname(p.name) {
					p.source = true
				}
				out = append(out, s.claim(si, i, p))
			}
		}
	}
	return out
}

// placeAdjective reports whether German token k is an adjective of a
// place, capitalised ("Schweizer", "Berliner"): a word in -er that is
// no noun of the lists and no person's name.
func (s *scan) placeAdjective(k int) bool {
	t := s.d.Tokens[k].Text
	if s.lang != "de" || len(t) < 5 || !startsUpper(t) || !strings.HasSuffix(t, "er") || s.noun(k) != notNoun || personRole(t) {
		return false
	}
	if mi := s.men[k]; mi > 0 && s.d.Mentions[mi-1].Type == newsdesk.Person {
		return false
	}
	return k+1 < len(s.d.Tokens) && startsUpper(s.d.Tokens[k+1].Text)
}

// opensSentence reports whether token i opens sentence start or a
// quotation, a bracket or a clause after a colon in it.
func (s *scan) opensSentence(i, start int) bool {
	if i <= start {
		return true
	}
	switch s.d.Tokens[i-1].Text {
	case "„", "»", "\"", "“", "(", ":", "–", "—", "-", "'", "‘":
		return true
	}
	return false
}

// infinitive reports whether the verb at token i is an infinitive
// ("declined to say", "to publicly acknowledge", "um … zu kritisieren").
func (s *scan) infinitive(i, start int) bool {
	if i <= start {
		return false
	}
	if s.lw(i-1) == "zu" {
		return true
	}
	return s.lang == "en" && (s.lw(i-1) == "to" || i-1 > start && s.lw(i-2) == "to" && strings.HasSuffix(s.lw(i-1), "ly"))
}

// appositionStart returns the comma that opens an apposition (and
// adverbs) between an English subject and its verb at token i ("X, the
// agency's commissioner, however, said"), or -1.
func (s *scan) appositionStart(i, start int) int {
	k := i - 1
	for k > start && (s.lw(k) == "however" || strings.HasSuffix(s.lw(k), "ly")) {
		k--
	}
	if k <= start || s.d.Tokens[k].Text != "," {
		return -1
	}
	last := k
	for j := k - 1; j > start && j >= k-12; j-- {
		t := s.d.Tokens[j].Text
		if t == "," {
			if s.lw(j+1) == "however" {
				last = j
				continue
			}
			if j+1 < last {
				return j
			}
			return -1
		}
		if isClauseMark(t) || s.lw(j) == "that" || s.lw(j) == "and" {
			return -1
		}
	}
	return -1
}

// participleClause reports whether the English participle at token i
// opens a clause after a comma ("…, saying that", "…, jokingly
// claiming").
func (s *scan) participleClause(i, start int) bool {
	k := i - 1
	if k > start && strings.HasSuffix(s.lw(k), "ly") {
		k--
	}
	return k > start && s.d.Tokens[k].Text == ","
}

// passiveAux are the English auxiliaries of the passive.
var passiveAux = map[string]bool{"be": true, "been": true, "is": true, "was": true, "were": true, "are": true}

// agent returns the token of "by" (or "in" after reporting and
// publishing) that brings in the agent of the English passive verb at
// token i, within three words after it, or -1.
func (s *scan) agent(i, end int) int {
	if i == 0 || !passiveAux[s.lw(i-1)] && !(i > 1 && passiveAux[s.lw(i-2)]) && s.lw(i-1) != "as" {
		return -1
	}
	for k := i + 1; k < end && k <= i+3; k++ {
		w := s.lw(k)
		if w == "by" || w == "in" && (reportVerbs[s.lw(i)] || s.lw(i) == "published") {
			return k
		}
		if isClauseMark(s.d.Tokens[k].Text) {
			break
		}
	}
	return -1
}

// legalObject reports whether a legal motion follows the verb at
// token i within its clause ("wies das Gericht den Antrag zurück").
func (s *scan) legalObject(i, end int) bool {
	for k := i + 1; k < end && k < i+8; k++ {
		if legalMotions[s.lw(k)] {
			return true
		}
		if isClauseMark(s.d.Tokens[k].Text) {
			return false
		}
	}
	return false
}

// legalMotions are what a court rejects.
var legalMotions = map[string]bool{"antrag": true, "klage": true, "beschwerde": true, "einspruch": true, "revision": true,
	"berufung": true, "eilantrag": true, "verfassungsbeschwerde": true, "anträge": true, "klagen": true}

// werden are the German forms of the passive auxiliary.
var werden = map[string]bool{"wurde": true, "wurden": true, "worden": true, "werden": true, "wird": true}

// subordinators open German clauses whose verb comes last.
var subordinators = map[string]bool{"wie": true, "nachdem": true, "als": true, "weil": true, "da": true, "während": true,
	"wenn": true, "dass": true, "ob": true, "sobald": true, "bevor": true, "obwohl": true}

// conjunction returns the subordinator that opens the clause whose
// verb, last in it, is token i ("wie die Polizei mitteilte"), or -1.
func (s *scan) conjunction(i, start int) int {
	if i+1 < len(s.d.Tokens) && !isClauseMark(s.d.Tokens[i+1].Text) && !auxiliaries[s.lw(i+1)] {
		return -1
	}
	for k := i - 1; k >= start && k >= i-8; k-- {
		t := s.d.Tokens[k].Text
		if isClauseMark(t) {
			return -1
		}
		if subordinators[s.lw(k)] && (k == start || isClauseMark(s.d.Tokens[k-1].Text) || s.lw(k-1) == "und") {
			return k
		}
	}
	return -1
}

// relativeClause reports whether the verb at token i ends a German
// relative clause: a comma and a relative pronoun open its clause.
func (s *scan) relativeClause(i, start int) bool {
	if i+1 < len(s.d.Tokens) && !isClauseMark(s.d.Tokens[i+1].Text) && !auxiliaries[s.lw(i+1)] {
		return false
	}
	for k := i - 1; k > start && k >= i-10; k-- {
		if isClauseMark(s.d.Tokens[k].Text) {
			return false
		}
		if s.d.Tokens[k-1].Text == "," {
			switch s.lw(k) {
			case "der", "die", "das", "den", "dem", "welche", "welcher", "welches":
				return k+1 < i
			}
			return false
		}
	}
	return false
}

// auxiliaries are the German finite verbs of the perfect and passive.
var auxiliaries = map[string]bool{"hat": true, "hatte": true, "haben": true, "hatten": true, "hätte": true, "ist": true,
	"war": true, "sind": true, "waren": true, "wurde": true, "wurden": true, "habe": true}

// beforeAuxiliary returns the subject of a German main clause whose
// verb of saying at token i is a participle after an auxiliary: the
// phrase before the auxiliary, when it opens the sentence.
func (s *scan) beforeAuxiliary(start, i int) (np, bool) {
	if i+1 < len(s.d.Tokens) && !isClauseMark(s.d.Tokens[i+1].Text) {
		return np{}, false
	}
	for k := start + 1; k < i && k <= start+6; k++ {
		if auxiliaries[s.lw(k)] {
			return s.opening(start, k)
		}
	}
	return np{}, false
}

// inClause reports whether word w follows token i in its clause.
func (s *scan) inClause(i, end int, w string) bool {
	for k := i + 1; k < end && k < i+15; k++ {
		if s.lw(k) == w {
			return true
		}
		if t := s.d.Tokens[k].Text; t == "," || t == ";" || t == "." {
			return false
		}
	}
	return false
}

// particleAn reports whether "an" ends the clause of the verb at token
// i ("gab an, …", "gab die Zahl der Toten mit 40 an").
func (s *scan) particleAn(i, end int) bool {
	for k := i + 1; k < end && k < i+12; k++ {
		if s.lw(k) == "an" && (k+1 >= end || isClauseMark(s.d.Tokens[k+1].Text)) {
			return true
		}
		if isClauseMark(s.d.Tokens[k].Text) {
			return false
		}
	}
	return false
}

// coordinated adds to found the source coordinated after its last
// phrase, before token end ("Verfassungsschutz und Bundesnachrichtendienst").
func (s *scan) coordinated(found []np, end int) []np {
	last := found[len(found)-1]
	k := s.tokenAt(last.end)
	if k < end && (s.lw(k) == "und" || s.lw(k) == "and") {
		if more := s.right(k+1, end, 3, true); len(more) > 0 && more[0].source {
			return append(found, more[0])
		}
	}
	return found
}

// opening returns the phrase that fills the sentence from token start
// up to the verb at token i, when it is one noun phrase or name: the
// subject of a German main clause.
func (s *scan) opening(start, i int) (np, bool) {
	if i-start < 1 || i-start > 8 {
		return np{}, false
	}
	p, ok := s.headEndingAt(i - 1)
	if !ok {
		return np{}, false
	}
	b := s.tokenAt(p.start)
	for b > start {
		if articles[s.lw(b-1)] || s.adjective(b-1) || s.placeAdjective(b-1) {
			b--
			continue
		}
		// "Der von der Hamas kontrollierte Zivilschutz": the phrase of
		// a participle before the head.
		if pp := s.participlePhrase(b, start); pp >= 0 {
			b = pp
			continue
		}
		if s.adjective(b) && !articles[s.lw(b)] {
			if pp := s.participlePhrase(b+1, start); pp >= 0 {
				b = pp
				continue
			}
		}
		break
	}
	if b != start {
		return s.openingOwner(start, i)
	}
	return p, true
}

// participlePhrase returns the preposition that opens the phrase of a
// German participle ending before token b ("von der Hamas kontrollierte"
// before "Zivilschutz"), or -1: token b-1 is the participle.
func (s *scan) participlePhrase(b, start int) int {
	if s.lang != "de" || b-1 <= start || !s.adjective(b-1) || articles[s.lw(b-1)] {
		return -1
	}
	for j := b - 2; j >= start && j >= b-5; j-- {
		w := s.lw(j)
		if prepositions[w] {
			if j+1 < b-1 && startsUpper(s.d.Tokens[b-2].Text) {
				return j
			}
			return -1
		}
		if !articles[w] && !startsUpper(s.d.Tokens[j].Text) && !s.adjective(j) {
			return -1
		}
	}
	return -1
}

// personAfter returns the person named within five words after token
// k, with only capitalised words (roles) and "und" before the name:
// "sagte Regierungssprecher Steffen Seibert".
func (s *scan) personAfter(k, end int) (np, bool) {
	for j := k; j < end && j < k+5; j++ {
		if mi := s.men[j]; mi > 0 {
			m := &s.d.Mentions[mi-1]
			if m.Type == newsdesk.Person && j > k {
				return np{start: m.Start, end: m.End, m: m, id: m.EntityID, name: m.Text}, true
			}
			return np{}, false
		}
		if t := s.d.Tokens[j].Text; !startsUpper(t) && s.lw(j) != "und" || articles[s.lw(j)] {
			return np{}, false
		}
	}
	return np{}, false
}

// openingOwner returns the phrase that opens the sentence from token
// start up to the verb at token i when it is a noun with its genitive
// owner ("Die Regierung des Kantons Wallis prüft").
func (s *scan) openingOwner(start, i int) (np, bool) {
	h := start
	for h < i && (articles[s.lw(h)] || s.adjective(h)) {
		h++
	}
	if h+2 >= i || !ownerWords[s.lw(h+1)] || s.lang != "de" {
		return np{}, false
	}
	p, ok := s.nounPhrase(h, false)
	if !ok || !p.source || p.kind == person || p.kind == spokes {
		return np{}, false
	}
	for k := h + 2; k < i; k++ {
		if t := s.d.Tokens[k].Text; isClauseMark(t) || !startsUpper(t) && !articles[s.lw(k)] && !s.adjective(k) {
			return np{}, false
		}
	}
	p.end = s.d.Tokens[i-1].End
	p.name = string(s.d.Runes[p.start:p.end])
	return p, true
}

// quantityNext reports whether a number follows token k, alone or
// after "about", "um", "rund".
func (s *scan) quantityNext(k, end int) bool {
	for n := k; n < end && n < k+3; n++ {
		t := s.d.Tokens[n].Text
		if t[0] >= '0' && t[0] <= '9' || t == "$" || t == "€" || t == "£" || countWords[t] {
			return true
		}
		switch s.lw(n) {
		case "about", "around", "nearly", "almost", "roughly", "some", "um", "rund", "etwa", "fast", "knapp", "mehr", "more", "than", "als", "leicht", "slightly", "by", "to", "auf":
			continue
		}
		return false
	}
	return false
}

// ambiguousVerbs are English verbs of saying that are plural nouns too.
var ambiguousVerbs = map[string]bool{"notes": true, "reports": true, "states": true, "claims": true, "estimates": true,
	"shows": true, "finds": true, "indicates": true, "suggests": true, "warns": true, "adds": true, "writes": true}

// clauseStart are the words that open the clause after a verb of
// saying.
var clauseStart = map[string]bool{"that": true, "the": true, "a": true, "an": true, "it": true, "he": true, "she": true,
	"they": true, "we": true, "there": true, "this": true, "its": true, "his": true, "her": true, "their": true, "no": true}

// countWords are the number words a change or a tally may follow
// ("added seven rebounds").
var countWords = map[string]bool{"two": true, "three": true, "four": true, "five": true, "six": true, "seven": true, "eight": true, "nine": true, "ten": true, "zwei": true, "drei": true, "vier": true, "fünf": true, "sechs": true, "sieben": true, "acht": true, "neun": true, "zehn": true}

// claim makes the claim of cue i in sentence si attributed to p.
func (s *scan) claim(si, i int, p np) Claim {
	sp := s.d.Span(p.start, p.end)
	c := Claim{Sentence: si, Cue: i, Who: newsdesk.Attributed{Span: sp, EntityID: p.id}}
	if p.source {
		c.Source, c.Kind, c.Name = true, p.ckind, p.name
		if c.Name == "" {
			c.Name = sp.Text
		}
	}
	return c
}

// prefix returns the source named by the first part of the compound
// token i, before byte j ("US" of "US-Angaben").
func (s *scan) prefix(i, j int) (np, bool) {
	t := s.d.Tokens[i]
	pre := t.Text[:j]
	if pre == "" || strings.ContainsRune(pre, '-') {
		return np{}, false
	}
	n := utf8.RuneCountInString(pre)
	p := np{start: t.Start, end: t.Start + n, source: true, ckind: newsdesk.CitedInstitution, name: pre}
	if s.d.Actors != nil {
		if as := s.d.Actors.ByName(pre); len(as) > 0 {
			p.id, p.name = as[0].ID, as[0].Name
			p.ckind = groupKind(as[0].Group)
		} else if a := s.d.Actors.ByMetonym(pre); a != nil {
			p.id, p.name = a.ID, a.Name
		}
	}
	if k := nounAt(pre, s.lang); k == media {
		p.ckind = newsdesk.CitedMedia
	}
	return p, true
}

// groupKind is the kind of source an actor of a group of the table is.
func groupKind(g string) newsdesk.CitationKind {
	switch g {
	case "agency":
		return newsdesk.CitedAgency
	case "outlet":
		return newsdesk.CitedMedia
	}
	return newsdesk.CitedInstitution
}

// group returns the group of the table of actors mention m resolves to.
func (s *scan) group(m *newsdesk.Mention) string {
	if m == nil || m.EntityID == "" || s.d.Actors == nil {
		return ""
	}
	if a := s.d.Actors.Actor(m.EntityID); a != nil {
		return a.Group
	}
	return ""
}

// isFinalMark reports whether a token ends a sentence or leads into
// one, after which a capital says nothing.
func isFinalMark(t string) bool { return t == "." || t == "!" || t == "?" || t == ":" }

// isClauseMark reports whether a token ends a clause or a quotation.
func isClauseMark(t string) bool {
	switch t {
	case ",", ";", ":", "\"", "“", "”", "„", "»", "«", "'", "’", "‘", "(", ")", ".", "!", "?", "–", "—":
		return true
	}
	return false
}

// right returns the first noun phrase that starts within n words from
// token from, before token end, with only articles, adverbs and
// adjectives before it. A name the tagger missed is taken too when
// names is set ("laut Klarmobil", "according to Wealthynickel").
func (s *scan) right(from, end, n int, names bool) []np {
	article := false
	for k := from; k < end && k < from+n; k++ {
		if s.lw(k) == "es" {
			continue // "hieß es aus dem Ministerium"
		}
		if j := strings.LastIndexByte(s.lw(k), '-'); j > 0 && cues[lower(s.lw(k)[j+1:])] == angabeCue {
			return nil // "laut US-Angaben": the compound names its source
		}
		if p, ok := s.headAt(k, true); ok {
			// "US officials", "US media", "IMO spokesman": a name as a
			// noun adjunct.
			if p.m != nil {
				if e := s.tokenAt(p.m.End); e < end && e < len(s.d.Tokens) {
					if nk := s.noun(e); nk != notNoun && nk != pronoun && s.lang == "en" {
						if q, ok := s.nounPhrase(e, true); ok {
							return []np{q}
						}
					}
				}
			}
			// "Google Search lead Liz Reid": a person named after it.
			if p.m != nil && p.source {
				e := s.tokenAt(p.m.End)
				for j := e; j < end && j < e+4; j++ {
					if mi := s.men[j]; mi > 0 && s.d.Mentions[mi-1].Type == newsdesk.Person {
						m := &s.d.Mentions[mi-1]
						return []np{{start: m.Start, end: m.End, m: m, id: m.EntityID, name: m.Text}}
					}
					if !startsUpper(s.d.Tokens[j].Text) && !s.adjective(j) {
						break
					}
				}
			}
			return []np{p}
		}
		// A German capitalised word after an article is a common noun;
		// one in quotation marks is a title ("gegenüber „Wafa“").
		if names && !(article && s.lang == "de") || k > from && isOpenQuote(s.d.Tokens[k-1].Text) || isAcronym(s.d.Tokens[k].Text) {
			if p, ok := s.name(k); ok {
				return []np{p}
			}
		}
		w := s.lw(k)
		article = article || articles[w]
		if w == "„" || w == "»" || w == "\"" || w == "“" {
			continue // "berichtet der „Spiegel“"
		}
		if articles[w] || rightSkip[w] || (w == "in" || w == "aus") && k > from && s.lw(k-1) == "es" || s.adjective(k) {
			continue
		}
		break
	}
	return nil
}

// rightSkip are the words that may stand between a cue and the source
// after it.
var rightSkip = map[string]bool{"es": true, "auch": true, "nun": true, "jedoch": true, "aber": true, "zudem": true, "bereits": true, "inzwischen": true, "zuletzt": true, "noch": true, "außerdem": true, "ebenfalls": true, "also": true,
	"zunächst": true, "bislang": true, "bisher": true, "damals": true, "jüngst": true, "kürzlich": true}

// left returns the nearest noun phrase that ends within n tokens before
// token i, in the same clause, and the ones coordinated with it ("South
// Korea and the US say"). A phrase after a preposition ("Ophir aus
// Buffalo sagte") and a bracket ("(CAAN)") are passed over.
func (s *scan) left(i, start, n int, names bool) []np {
	toks := s.d.Tokens
	lim := i - n
	for k := i - 1; k >= start && k >= lim; k-- {
		t := toks[k].Text
		switch t {
		case ")":
			for k > start && toks[k].Text != "(" {
				k--
			}
			continue
		case "»", "«", "„", "“", "”", "\"":
			continue
		}
		if isClauseMark(t) || s.lw(k) == "dass" || s.lw(k) == "that" {
			if t == "," && s.lang == "de" {
				continue
			}
			break
		}
		p, ok := s.headEndingAt(k)
		if !ok && names && !skipWords[s.lw(k)] {
			p, ok = s.nameEndingAt(k, start)
		}
		if !ok {
			continue
		}
		// "die Souveränität Venezuelas": a genitive name modifies the
		// noun before it.
		if s.lang == "de" && p.m != nil && s.attribute(p.start) {
			continue
		}
		// "North Korea's neighbours believe": the owner of the
		// subject is not the subject.
		if s.lang == "en" && p.m != nil && (strings.HasSuffix(p.m.Text, "'s") || strings.HasSuffix(p.m.Text, "’s") || k+1 < i && (s.lw(k+1) == "'s" || s.lw(k+1) == "’s")) {
			return nil
		}
		b := s.tokenBefore(min(p.start, toks[k].Start))
		if pb := s.modifier(b, start); pb >= 0 && pb < k && !strings.HasSuffix(s.lw(i), "ing") {
			// "A leader of the teachers union said": the body a person
			// speaks for.
			if ownerWords[s.lw(pb)] && pb > start && p.source {
				if nk := s.noun(pb - 1); nk == person || nk == spokes {
					return []np{p}
				}
			}
			lim -= k - pb // the modifier does not count
			k = pb
			continue
		}
		out := []np{p}
		// Coordination: "X and Y said".
		if b > start && articles[s.lw(b)] {
			b-- // "South Korea and the US"
		}
		if b > start && (s.lw(b) == "and" || s.lw(b) == "und") {
			if q, ok := s.headEndingAt(b - 1); ok && q.source {
				out = append(out, q)
			}
		}
		return out
	}
	return nil
}

// modifier returns the index of the preposition that heads the phrase
// ending at token b ("von der Sternwarte Neumünster"), or -1.
func (s *scan) modifier(b, start int) int {
	// "Der von der Hamas kontrollierte Zivilschutz": a participle after
	// a noun closes the phrase of its own preposition.
	if s.lang == "de" && b > start && s.adjective(b) && !articles[s.lw(b)] && startsUpper(s.d.Tokens[b-1].Text) && !prepositions[s.lw(b-1)] && !articles[s.lw(b-1)] {
		return -1
	}
	for j := b; j >= start && j >= b-3; j-- {
		w := s.lw(j)
		if prepositions[w] {
			return j
		}
		if !articles[w] && !startsUpper(s.d.Tokens[j].Text) && !s.adjective(j) {
			return -1
		}
	}
	return -1
}

// prepositions head the phrases that modify a speaker ("aus Buffalo",
// "of Indianapolis", "in Brüssel").
var prepositions = map[string]bool{"aus": true, "in": true, "von": true, "vom": true, "bei": true, "im": true, "of": true, "from": true, "at": true, "for": true, "with": true, "mit": true, "für": true, "an": true, "am": true, "on": true, "to": true, "über": true}

// tokenBefore returns the index of the token before the one that starts
// at rune offset r, or -1.
func (s *scan) tokenBefore(r int) int {
	k := s.tokenAt(r)
	return k - 1
}

// tokenAt returns the index of the token starting at or containing rune
// r (binary search).
func (s *scan) tokenAt(r int) int {
	lo, hi := 0, len(s.d.Tokens)
	for lo < hi {
		m := (lo + hi) / 2
		if s.d.Tokens[m].End <= r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// adjective reports whether token k may be an adjective or participle
// before a noun: a lower-case word in German (nouns are capitalised);
// in English a lower-case word that is no cue.
func (s *scan) adjective(k int) bool {
	t := s.d.Tokens[k].Text
	r, _ := utf8.DecodeRuneInString(t)
	if !unicode.IsLower(r) {
		return false
	}
	w := s.lw(k)
	if _, ok := cues[w]; ok || ownerWords[w] && s.lang == "en" || prepositions[w] || deStop[w] {
		return false
	}
	if s.lang == "de" {
		return strings.HasSuffix(w, "e") || strings.HasSuffix(w, "en") || strings.HasSuffix(w, "em") || strings.HasSuffix(w, "er") || strings.HasSuffix(w, "es")
	}
	return !skipWords[w]
}

// name returns the name that the tagger missed starting at token k: a
// run of capitalised words not at the start of a sentence ("according
// to Wealthynickel"), taken as an institution.
func (s *scan) name(k int) (np, bool) {
	toks := s.d.Tokens
	if !startsUpper(toks[k].Text) || k > 0 && isFinalMark(toks[k-1].Text) {
		return np{}, false
	}
	if s.noun(k) != notNoun || notNames[s.lw(k)] {
		return np{}, false
	}
	e := k
	for e+1 < len(toks) && e < k+4 {
		n := e + 1
		// "Rest of World", "News of the World"
		if s.lang == "en" && n+1 < len(toks) && (toks[n].Text == "of" || toks[n].Text == "and") {
			if m := n + 1; startsUpper(toks[m].Text) && s.men[m] == 0 || toks[m].Text == "the" && m+1 < len(toks) && startsUpper(toks[m+1].Text) {
				e = n
				continue
			}
		}
		if toks[n].Text == "the" && e > k && toks[e].Text == "of" {
			e = n
			continue
		}
		if !startsUpper(toks[n].Text) || s.men[n] > 0 || s.noun(n) != notNoun {
			break
		}
		e = n
	}
	for e > k && !startsUpper(toks[e].Text) {
		e--
	}
	// "People magazine", "the IG report": a name before its noun.
	if e+1 < len(toks) && s.lang == "en" {
		if nk := s.noun(e + 1); nk == media || nk == document || nk == institution {
			if p, ok := s.nounPhrase(e+1, false); ok {
				return p, true
			}
		}
	}
	if s.lang == "de" && e == k && commonNoun(s.lw(k)) {
		return np{}, false // "Korruption", "Teilhabe": a noun, no name
	}
	p := np{start: toks[k].Start, end: toks[e].End, source: true, ckind: newsdesk.CitedInstitution, name: string(s.d.Runes[toks[k].Start:toks[e].End])}
	s.known(&p)
	// "Landesbischof Christian Kopp": a role before a person's name.
	if personRole(p.name) || e+1 < len(toks) && s.men[e+1] > 0 && s.d.Mentions[s.men[e+1]-1].Type == newsdesk.Person {
		p.source = false
	}
	if k > 0 && isOpenQuote(toks[k-1].Text) {
		// A title in quotation marks: "in der „Apotheken Umschau“".
		p.source, p.ckind = true, newsdesk.CitedMedia
	} else if e > k && p.id == "" && !isAcronym(p.name) && p.ckind != newsdesk.CitedMedia {
		p.source = false // "Alex Jones": a first name and a surname
	}
	return p, true
}

// known resolves a name the tagger missed through the table of actors
// ("Democrats"), and tells whether it can be a source: a name of the
// table that is no person, an acronym ("OBR"), or a German name (which
// persons' names rarely are untagged). Other English names are taken
// as claimants only: as often as not they are people's.
func (s *scan) known(p *np) {
	p.source = s.lang == "de" || isAcronym(p.name)
	// "News of the World", "Daily Haymaker", "Hollywood Reporter": an
	// outlet's name.
	for _, w := range strings.Fields(p.name) {
		if mediaWords[w] {
			p.source, p.ckind = true, newsdesk.CitedMedia
			break
		}
	}
	if s.d.Actors == nil {
		return
	}
	if as := s.d.Actors.ByName(p.name); len(as) > 0 {
		a := as[0]
		p.id, p.name = a.ID, a.Name
		p.source = a.Type != string(newsdesk.Person)
		p.ckind = groupKind(a.Group)
	}
}

// byParticiples join a document to its owner with "by".
var byParticiples = map[string]bool{"led": true, "conducted": true, "commissioned": true, "published": true, "released": true,
	"prepared": true, "issued": true, "compiled": true, "funded": true, "written": true, "produced": true,
	"obtained": true, "seen": true, "reviewed": true}

// reportVerbs are the verbs whose unknown subject is an outlet.
var reportVerbs = map[string]bool{"berichtete": true, "berichtet": true, "berichteten": true, "schreibt": true, "schrieb": true,
	"reported": true, "reports": true, "wrote": true, "writes": true}

// mediaWords are the words of outlets' names.
var mediaWords = map[string]bool{"News": true, "Times": true, "Post": true, "Daily": true, "Herald": true, "Journal": true,
	"Tribune": true, "Magazine": true, "Radio": true, "TV": true, "Television": true, "Tonight": true, "Reporter": true,
	"Star": true, "Guardian": true, "Telegraph": true, "Mail": true, "Gazette": true, "Chronicle": true, "Observer": true,
	"Zeitung": true, "Rundschau": true, "Anzeiger": true, "Kurier": true, "Nachrichten": true, "Tagblatt": true, "Presse": true,
	"Tageblatt": true, "Abendblatt": true, "Morgenpost": true, "Umschau": true, "Express": true, "Echo": true, "Bote": true,
	"Sun": true, "Mirror": true, "Standard": true, "Independent": true, "Inquirer": true, "Examiner": true, "Sentinel": true,
	"Globe": true, "Courier": true, "Monitor": true, "Dispatch": true, "Register": true, "Bulletin": true, "Press": true}

// isAcronym reports whether s is two to six capitals ("OBR", "IRS").
func isAcronym(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsUpper(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 6
}

// nameEndingAt returns the capitalised name the tagger missed that ends
// with token k ("Harrods estimated", "Heise zufolge"), not before token
// start. In English such a name is as often a person's and is taken as
// a claimant only.
func (s *scan) nameEndingAt(k, start int) (np, bool) {
	toks := s.d.Tokens
	if !startsUpper(toks[k].Text) || s.men[k] > 0 || s.noun(k) != notNoun || notNames[s.lw(k)] {
		return np{}, false
	}
	b := k
	for b-1 >= start && b > k-5 {
		w := s.lw(b - 1)
		if s.lang == "en" && (w == "of" || w == "the") && b-2 >= start && startsUpper(toks[b-2].Text) && s.lw(b-2) != "the" {
			b -= 2 // "News of the World"
			continue
		}
		if s.lang == "en" && w == "the" && b-2 >= start && s.lw(b-2) == "of" {
			b--
			continue
		}
		if !startsUpper(toks[b-1].Text) || s.men[b-1] > 0 || notNames[w] {
			break
		}
		b--
	}
	for b < k && !startsUpper(toks[b].Text) {
		b++
	}
	p := np{start: toks[b].Start, end: toks[k].End, ckind: newsdesk.CitedInstitution, name: string(s.d.Runes[toks[b].Start:toks[k].End])}
	s.known(&p)
	if p.id == "" && (personRole(p.name) || b == k && s.lang == "de" && !s.nameElsewhere(k)) {
		p.source = false
	}
	return p, true
}

// deStop are German function words that end like adjectives.
var deStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`über unter hinter wider diese dieser dieses diesen diesem jene jener jenes jede jeder
		jedes jeden jedem alle aller allen keine keiner keinen keinem seine seiner seinen seinem ihre ihrer ihren ihrem
		unsere unserer unseren unserem eure deren dessen welche welcher welchen oder aber wie wieder immer sehr mehr
		weniger eher später früher sowie sondern`) {
		deStop[w] = true
	}
}

// enStop end an English noun phrase to the left: conjunctions,
// prepositions, verbs of saying.
var enStop = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`after before while when since because if as but and or how why what where whether
		said says told tells fell rose of in on at for with from by about into over under than`) {
		enStop[w] = true
	}
}

// commonNoun reports whether a German word ends as abstract and
// collective nouns do ("Korruption", "Teilhabe", "Regierung").
func commonNoun(w string) bool {
	for _, suf := range []string{"ung", "ion", "heit", "keit", "schaft", "tät", "ismus", "nis", "tum", "habe", "ität", "ik", "enz", "anz", "ur"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// nameElsewhere reports whether the word of token k, which opens a
// German sentence, is written as a name elsewhere in the text: within
// a sentence, after no article ("gegen Tiktok"). A common noun that
// opens a sentence ("Teilhabe fordert …") is rarely so.
func (s *scan) nameElsewhere(k int) bool {
	t := s.d.Tokens[k].Text
	for j := 1; j < len(s.d.Tokens); j++ {
		if j == k || s.d.Tokens[j].Text != t {
			continue
		}
		p := s.d.Tokens[j-1].Text
		if !isClauseMark(p) && !articles[s.lw(j-1)] && !s.adjective(j-1) && !startsUpper(p) {
			return true
		}
	}
	return false
}

// notNames are capitalised words that are no names.
var notNames = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`the a an its it this that these those some many most all both his her their our my your
		there here then when while after before in on at but and or if as for by with from one two three
		der die das ein eine es er sie wir man auch doch aber und oder wenn als nach vor bei mit von im am zum zur
		although though however whether yet still so because since unless until
		dies diese dieser dieses jene viele einige alle beide laut gemäß natürlich was wer wie dabei deshalb daher
		zudem dann so jetzt heute gestern damals später trotzdem außerdem zuletzt bisher nun doch allerdings inzwischen`) {
		notNames[w] = true
	}
}

// headEndingAt returns the noun phrase whose head or name ends with
// token k.
func (s *scan) headEndingAt(k int) (np, bool) {
	if mi := s.men[k]; mi > 0 {
		m := &s.d.Mentions[mi-1]
		if m.End == s.d.Tokens[k].End || k+1 < len(s.d.Tokens) && s.men[k+1] != mi {
			return s.fromMention(m), true
		}
		return np{}, false
	}
	return s.nounPhrase(k, false)
}

// headAt returns the noun phrase whose name starts at token k, or whose
// head noun is token k.
func (s *scan) headAt(k int, first bool) (np, bool) {
	if mi := s.men[k]; mi > 0 {
		return s.fromMention(&s.d.Mentions[mi-1]), true
	}
	return s.nounPhrase(k, first)
}

// fromMention makes the noun phrase of a mention.
func (s *scan) fromMention(m *newsdesk.Mention) np {
	p := np{start: m.Start, end: m.End, m: m, id: m.EntityID, name: m.Text}
	text := m.Text
	// A role phrase or a name with its article: the name without it.
	if i := strings.IndexByte(text, ' '); i > 0 && articles[lower(text[:i])] {
		p.start += utf8.RuneCountInString(text[:i+1])
	}
	if m.Type == newsdesk.Person || personRole(m.Text) {
		return p
	}
	p.source = true
	p.ckind = newsdesk.CitedInstitution
	if s.d.Actors != nil && m.EntityID != "" {
		if a := s.d.Actors.Actor(m.EntityID); a != nil {
			p.name = a.Name
			p.ckind = groupKind(a.Group)
		}
	}
	if p.ckind == newsdesk.CitedInstitution {
		for _, w := range strings.Fields(m.Text) {
			if mediaWords[w] {
				p.ckind = newsdesk.CitedMedia // "Radio Veritas", "Daily News"
				break
			}
		}
	}
	k := s.tokenAt(m.Start)
	// "the Australian Communications and Media Authority": a name the
	// tagger cut at "and".
	if s.lang == "en" && k > 1 && s.lw(k-1) == "and" && startsUpper(s.d.Tokens[k-2].Text) {
		b := k - 2
		for b > 0 && b > k-6 && startsUpper(s.d.Tokens[b-1].Text) && !isFinalMark(s.d.Tokens[b-1].Text) {
			b--
		}
		p.start = s.d.Tokens[b].Start
	}
	// "Weltgesundheitsorganisation WHO": a name and its short form.
	if k > 0 && s.men[k-1] > 0 && s.d.Tokens[k-1].End+1 >= s.d.Tokens[k].Start {
		if o := &s.d.Mentions[s.men[k-1]-1]; o.Type == m.Type && o != m {
			p.start = o.Start
		}
	}
	// "der koreanische Blog »Naver«", "the blog Wealthynickel".
	for j := k - 1; j >= 0 && j >= k-3; j-- {
		t := s.d.Tokens[j].Text
		if t == "»" || t == "«" || t == "\"" || t == "„" || t == "“" || t == "'" {
			continue
		}
		if nk := nounAt(t, s.lang); nk == media {
			p.ckind = newsdesk.CitedMedia
		} else if nk == notNoun && strings.Contains(t, "-") {
			if i := strings.LastIndexByte(t, '-'); nounAt(t[i+1:], s.lang) == media || strings.HasSuffix(t, "seite") || strings.HasSuffix(t, "Seite") {
				p.ckind = newsdesk.CitedMedia
			}
		}
		break
	}
	return p
}

// nounPhrase returns the noun phrase headed by the common noun of token
// k: extended to the left over adjectives (not articles), to the right
// over the owner of a document ("Pressemitteilung der Bank"); a
// spokesperson becomes the institution named with it, and a noun in
// apposition before a name the name ("the blog Wealthynickel").
func (s *scan) nounPhrase(k int, first bool) (np, bool) {
	toks := s.d.Tokens
	kind := s.noun(k)
	if kind == notNoun {
		return np{}, false
	}
	if kind == pronoun {
		return np{start: toks[k].Start, end: toks[k].End, kind: pronoun}, true
	}
	// Left: adjectives, possessives, noun adjuncts.
	from := k
	for j := k - 1; j >= 0 && j >= k-4; j-- {
		w := s.lw(j)
		if articles[w] || isClauseMark(toks[j].Text) || skipWords[w] {
			break
		}
		if s.lang == "en" && (enStop[w] || strings.HasSuffix(w, "ly") || strings.HasSuffix(w, "ed")) {
			break
		}
		if s.adjective(j) || s.placeAdjective(j) || s.lang == "en" && (w == "'s" || w == "’s" || s.men[j] > 0 || startsUpper(toks[j].Text)) {
			from = j
			continue
		}
		break
	}
	p := np{start: toks[from].Start, end: toks[k].End, kind: kind, name: toks[k].Text}
	switch kind {
	case person:
		if o, ok := s.owner(k); ok {
			return o, true
		}
		return p, true
	case spokes:
		// "NBC Sports Group spokesman Adam Freifeld": a named person.
		if k+1 < len(toks) && s.men[k+1] > 0 && s.d.Mentions[s.men[k+1]-1].Type == newsdesk.Person {
			p.kind = person
			return p, true
		}
		if o, ok := s.owner(k); ok {
			return o, true
		}
		// "ein Polizeisprecher", "der Kreml-Sprecher": the body that
		// opens the compound.
		if w := s.lw(k); s.lang == "de" && !strings.HasPrefix(strings.ToLower(w), "sprecher") {
			t := toks[k]
			return np{start: t.Start, end: t.End, kind: institution, name: t.Text, source: true, ckind: newsdesk.CitedInstitution}, true
		}
		// "a bureau spokesperson", "A Louisiana State Police spokeswoman"
		if k > 0 {
			if mi := s.men[k-1]; mi > 0 {
				return s.fromMention(&s.d.Mentions[mi-1]), true
			}
			if nk := s.noun(k - 1); nk == institution {
				if q, ok := s.nounPhrase(k-1, false); ok && q.source {
					return q, true
				}
			}
		}
		p.kind = person
		return p, true
	}
	p.source = true
	p.ckind = citedKind(kind)
	// Apposition: a media or institution noun before a name.
	if kind != document && k+1 < len(toks) {
		j := k + 1
		if j < len(toks) && (toks[j].Text == "»" || toks[j].Text == "\"" || toks[j].Text == "„" || toks[j].Text == "“") {
			j++
		}
		if j < len(toks) && s.men[j] > 0 {
			q := s.fromMention(&s.d.Mentions[s.men[j]-1])
			if q.source {
				if kind == media {
					q.ckind = newsdesk.CitedMedia
				}
				return q, true
			}
		} else if j < len(toks) && (j > k+1 || kind == media && (s.lang == "en" || k > 0 && articles[s.lw(k-1)])) && startsUpper(toks[j].Text) && s.noun(j) == notNoun {
			if q, ok := s.name(j); ok {
				q.ckind = citedKind(kind)
				return q, true
			}
		}
	}
	if kind == document {
		if e, ok := s.ownerEnd(k); ok {
			p.end = e
			// "ein Bericht der „Süddeutschen Zeitung“": an outlet's
			// report cites the outlet.
			if last := s.tokenAt(e - 1); last > k {
				if o, ok := s.headEndingAt(last); ok && o.source && (o.ckind == newsdesk.CitedMedia || o.ckind == newsdesk.CitedAgency) {
					return o, true
				}
			}
		}
	}
	// "Department of Foreign Affairs", "Ministry of Defence".
	if s.lang == "en" && kind == institution && startsUpper(toks[k].Text) && k+2 < len(toks) && s.lw(k+1) == "of" && startsUpper(toks[k+2].Text) {
		e := k + 2
		for e+1 < len(toks) && e < k+6 && (startsUpper(toks[e+1].Text) || s.lw(e+1) == "and" && e+2 < len(toks) && startsUpper(toks[e+2].Text)) {
			e++
		}
		p.end = toks[e].End
	}
	return p, true
}

// owner returns the institution named after token k by "des", "der",
// "von", "of", "for": "Sprecher des Ministeriums", "a spokesperson for
// flydubai".
func (s *scan) owner(k int) (np, bool) {
	j := k + 1
	if j >= len(s.d.Tokens) {
		return np{}, false
	}
	// "Vertretern deutscher Nachrichtendienste": a genitive plural
	// without an article opens with its adjective.
	genitive := s.lang == "de" && strings.HasSuffix(s.lw(j), "er") && s.adjective(j)
	if !ownerWords[s.lw(j)] && !genitive {
		return np{}, false
	}
	if genitive {
		j--
	}
	for j++; j < len(s.d.Tokens) && j <= k+6; j++ {
		if mi := s.men[j]; mi > 0 {
			p := s.fromMention(&s.d.Mentions[mi-1])
			return p, p.source
		}
		if nk := s.noun(j); nk == institution || nk == media {
			p, ok := s.nounPhrase(j, false)
			return p, ok && p.source
		}
		if articles[s.lw(j)] || s.adjective(j) || s.lang == "en" && startsUpper(s.d.Tokens[j].Text) {
			continue
		}
		break
	}
	return np{}, false
}

// ownerEnd returns the end of the owner named after the document noun
// of token k ("Anklage des US-Justizministeriums", "reports by South
// Korean officials").
func (s *scan) ownerEnd(k int) (int, bool) {
	j := k + 1
	// "an analysis led by researchers", "a study commissioned by".
	if s.lang == "en" && j+1 < len(s.d.Tokens) && byParticiples[s.lw(j)] && s.lw(j+1) == "by" {
		j++
	}
	if j >= len(s.d.Tokens) || !ownerWords[s.lw(j)] {
		return 0, false
	}
	for j++; j < len(s.d.Tokens) && j <= k+7; j++ {
		if mi := s.men[j]; mi > 0 {
			m := &s.d.Mentions[mi-1]
			// "China's health chiefs": the owner is the noun after
			// the possessive.
			if e := s.tokenAt(m.End); s.lang == "en" && e < len(s.d.Tokens) && (s.lw(e) == "'s" || s.lw(e) == "’s") {
				j = e
				continue
			}
			return m.End, true
		}
		t := s.d.Tokens[j].Text
		if nk := nounAt(t, s.lang); nk != notNoun && nk != pronoun || s.lang == "de" && startsUpper(t) {
			// "researchers at Princeton University": the body they
			// work at.
			if nk == person && j+2 < len(s.d.Tokens) && (s.lw(j+1) == "at" || s.lw(j+1) == "from") {
				if mi := s.men[j+2]; mi > 0 {
					return s.d.Mentions[mi-1].End, true
				}
			}
			return s.d.Tokens[j].End, true
		}
		if articles[s.lw(j)] || s.adjective(j) || startsUpper(t) || t == "„" || t == "“" || t == "\"" || t == "»" {
			continue
		}
		break
	}
	return 0, false
}

func startsUpper(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return unicode.IsUpper(r)
}
