// Package sources finds who a news text rests on: the agencies credited
// for it (Agencies) and the sources of information it cites (Find).
// Claims gives the attributions both rest on, persons included, for the
// figures a text attributes.
//
// Everything works on the tokens, sentences and mentions of a doc.Doc in
// a few linear passes, with word lists in German and English.
package sources

import (
	"slices"
	"strings"

	"newsdesk"
	"newsdesk/analyze/doc"
)

// Find returns the sources of information d cites, in text order, once
// per mention: outlets, documents, institutions and agencies named as
// the source of a statement ("laut Spiegel", "wie die Polizei
// mitteilte", "Medienberichten zufolge", "according to a report by …",
// "nach US-Angaben"), the speakers that are no person of quotes with a
// verb of saying (SaysCue), the agencies the body names, and documents,
// media reports, source lines and interviewing outlets without a cue. An
// outlet named without a cue ("das Gebäude des Tagesspiegels") is not
// cited. A spokesperson's source is the institution named with it.
// Spans are the names as written, without their article. claims are
// the attributions of d (Claims).
func Find(d *doc.Doc, quotes []newsdesk.Quotation, claims []Claim) []newsdesk.CitedSource {
	if len(d.Tokens) == 0 {
		return nil
	}
	s := newScan(d)
	var out []newsdesk.CitedSource
	add := func(sp newsdesk.Span, kind newsdesk.CitationKind, name, id string) {
		if sp.End <= sp.Start {
			return
		}
		for i := range out {
			if out[i].Start < sp.End && sp.Start < out[i].End {
				return
			}
		}
		if name == "" {
			name = sp.Text
		}
		out = append(out, newsdesk.CitedSource{Span: sp, Name: name, Kind: kind, EntityID: id})
	}
	for _, c := range claims {
		if c.Source {
			add(c.Who.Span, c.Kind, c.Name, c.Who.EntityID)
		}
	}
	claimed := make(map[int]bool, len(claims))
	for _, c := range claims {
		claimed[c.Sentence] = true
	}
	s.standalone(add, claimed)
	for _, q := range quotes {
		// An institution that speaks a direct quotation is its speaker,
		// not a source cited; a quotation without a cue names its
		// speaker only by guess.
		if q.Speaker == nil || q.Speaker.End <= q.Speaker.Start || q.Cue == nil || q.Form == newsdesk.DirectQuote {
			continue
		}
		if k := s.tokenAt(q.Cue.Start); k < len(s.d.Tokens) && startsUpper(q.Cue.Text) && !s.opensSentence(k, s.sentenceStart(k)) {
			continue // "the United States": a capitalised cue inside a sentence is a name's
		}
		// "US states and cities are …": a plural noun read as a verb.
		if k := s.tokenAt(q.Cue.End); ambiguousVerbs[strings.ToLower(q.Cue.Text)] && k < len(s.d.Tokens) && !clauseStart[s.lw(k)] && !isClauseMark(s.d.Tokens[k].Text) {
			continue
		}
		if s.attribute(q.Speaker.Start) || isDigitStart(q.Speaker.Text) {
			continue // "in Venezuela", "die Souveränität Venezuelas"
		}
		// The quotations' cues take in verbs of doing ("offered",
		// "sees", "charges"): only a verb of saying of this package's
		// lists makes the speaker a source.
		if !SaysCue(q.Cue.Text) {
			continue
		}
		if k := s.tokenAt(q.Cue.Start); k < len(s.d.Tokens) && (s.lw(k) == "wies" || s.lw(k) == "weist") && s.legalObject(k, min(len(s.d.Tokens), k+8)) {
			continue // "wies den Antrag zurück": a court's decision
		}
		if p, ok := s.speaker(q.Speaker.Span); ok {
			add(d.Span(p.start, p.end), p.ckind, p.name, p.id)
		}
	}
	// Agencies the body names, outside credit lines: an agency named in
	// the body is one that found, checked or was told something. An
	// outlet named without a cue is as often a subject of the news
	// ("Farbanschlag auf das Gebäude des Tagesspiegels", "a guest on
	// Fox News") and is cited only by a cue.
	for i := range d.Mentions {
		m := &d.Mentions[i]
		g := s.group(m)
		// "Bloomberg" may be a person's surname.
		if g != "agency" || s.creditLine(m.Start) || s.surname(m.Text) {
			continue
		}
		if s.photo(m) {
			continue
		}
		p := s.fromMention(m)
		add(d.Span(p.start, p.end), groupKind(g), p.name, p.id)
	}
	slices.SortFunc(out, func(a, b newsdesk.CitedSource) int { return a.Start - b.Start })
	return out
}

// SaysCue reports whether the first word of cue (a quotation's cue as
// written) is a verb of saying or a cue of attribution of this
// package's lists ("sagte", "according to", "laut"), not a verb of
// doing ("offered", "sees").
func SaysCue(cue string) bool {
	w := cue
	if i := strings.IndexByte(w, ' '); i > 0 {
		w = w[:i]
	}
	if _, ok := cues[w]; ok {
		return true
	}
	_, ok := cues[strings.ToLower(w)]
	return ok
}

// sentenceStart returns the first token of the sentence token k lies in.
func (s *scan) sentenceStart(k int) int {
	ss := s.d.Sentences
	lo, hi := 0, len(ss)
	for lo < hi {
		m := (lo + hi) / 2
		if ss[m][1] <= k {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(ss) && ss[lo][0] <= k {
		return ss[lo][0]
	}
	return k
}

// speaker returns the source a quote's speaker span names: the head of
// its first phrase, before a preposition, a comma or a bracket ("die
// Kommission in Brüssel", "A Louisiana State Police spokeswoman"); none
// when a person is named in it.
func (s *scan) speaker(sp newsdesk.Span) (np, bool) {
	k0 := s.tokenAt(sp.Start)
	for k := k0; k < len(s.d.Tokens) && s.d.Tokens[k].End <= sp.End; k++ {
		if mi := s.men[k]; mi > 0 && s.d.Mentions[mi-1].Type == newsdesk.Person {
			return np{}, false
		}
	}
	if k0 < len(s.d.Tokens) && prepositions[s.lw(k0)] {
		return np{}, false // "über diese Organisation"
	}
	last := -1
	for k := k0; k < len(s.d.Tokens) && s.d.Tokens[k].End <= sp.End; k++ {
		if k > k0+5 {
			return np{}, false // no name but a phrase
		}
		if k > k0 && (prepositions[s.lw(k)] || isClauseMark(s.d.Tokens[k].Text) || isDigitStart(s.d.Tokens[k].Text)) {
			break
		}
		last = k
	}
	if last < 0 {
		return np{}, false
	}
	// "der Autor des Berichts", "ein Sprecher der Polizei": the first
	// noun heads the phrase.
	for k := k0; k < last; k++ {
		if personRole(s.d.Tokens[k].Text) {
			return np{}, false // "InfoWars-Gründer Alex Jones"
		}
		switch s.noun(k) {
		case pronoun:
			return np{}, false
		case person, spokes:
			// "Die Analysten der britischen Großbank HSBC": the body
			// named with them, if any.
			p, ok := s.nounPhrase(k, false)
			return p, ok && p.source
		}
	}
	p, ok := s.headEndingAt(last)
	if !ok || !p.source || p.end-p.start > 80 {
		return np{}, false
	}
	return p, true
}

// standalone adds the sources that need no cue: web addresses
// ("spiegel.de"), documents one says something in ("heißt es in einer
// Erklärung", "in a statement") and circles ("aus informierten
// Kreisen").
func (s *scan) standalone(add func(newsdesk.Span, newsdesk.CitationKind, string, string), claimed map[int]bool) {
	toks := s.d.Tokens
	si := 0
	for k, t := range toks {
		for si < len(s.d.Sentences) && s.d.Sentences[si][1] <= k {
			si++
		}
		w := t.Text
		if len(w) < 2 {
			continue
		}
		switch {
		case k+2 < len(toks) && toks[k+1].Text == "." && toks[k+1].Start == t.End && toks[k+2].Start == toks[k+1].End && tlds[s.lw(k+2)] && s.listed(k):
			// A web address: "spiegel.de", "ETonline.com".
			sp := s.d.Span(t.Start, toks[k+2].End)
			id, name, kind := "", sp.Text, newsdesk.CitedMedia
			if s.d.Actors != nil {
				if as := s.d.Actors.ByName(sp.Text); len(as) > 0 {
					id, name = as[0].ID, as[0].Name
					if as[0].Group == "agency" {
						kind = newsdesk.CitedAgency
					}
				}
			}
			add(sp, kind, name, id)
		// The statement of a speaker named in the sentence is no
		// source of its own ("sagte er in einer Erklärung").
		case statements[s.lw(k)] && !claimed[si] && !s.sayingVerbIn(si) && k >= 2 && (articles[s.lw(k-1)] && s.lw(k-2) == "in" || k >= 3 && s.adjective(k-1) && articles[s.lw(k-2)] && s.lw(k-3) == "in"):
			if p, ok := s.nounPhrase(k, false); ok && p.source {
				add(s.d.Span(p.start, p.end), newsdesk.CitedDocument, p.name, "")
			}
		case (s.lw(k) == "quelle" || s.lw(k) == "source") && k+2 < len(toks) && toks[k+1].Text == ":" && startsUpper(w) && !s.creditLine(t.Start):
			// A source line: "(Quelle: BMWK)", "Source: Eurostat".
			if f := s.right(k+2, min(len(toks), k+6), 3, true); len(f) > 0 && f[0].source {
				add(s.d.Span(f[0].start, f[0].end), f[0].ckind, f[0].name, f[0].id)
			}
		case interviews[s.lw(k)] && k+2 < len(toks):
			// The outlet one speaks to: "in einem Interview bei RTL",
			// "im Podcast des „Stern“", "in an interview with CNN".
			if p, ok := s.interviewer(k); ok {
				add(s.d.Span(p.start, p.end), newsdesk.CitedMedia, p.name, p.id)
			}
		case mediaReports[s.lw(k)] && s.noun(k) == media:
			// "nach israelischen Medienberichten", "media reports": the
			// press as the source, with or without a cue.
			if p, ok := s.nounPhrase(k, false); ok && p.source {
				add(s.d.Span(p.start, p.end), newsdesk.CitedMedia, p.name, "")
			}
		case k > 0 && k+1 < len(toks) && isOpenQuote(toks[k-1].Text) && isCloseQuote(toks[k+1].Text) && startsUpper(w) && s.men[k] == 0:
			// An outlet in quotation marks: "„Spiegel“", "»Zeit«".
			if s.d.Actors == nil {
				continue
			}
			if as := s.d.Actors.ByName(w); len(as) > 0 && (as[0].Group == "outlet" || as[0].Group == "agency") {
				add(s.d.Span(t.Start, t.End), groupKind(as[0].Group), as[0].Name, as[0].ID)
			}
		case strings.HasSuffix(w, "reisen") && strings.HasSuffix(s.lw(k), "kreisen") && k > 0 && (s.lw(k-1) == "aus" || s.adjective(k-1)):
			if p, ok := s.nounPhrase(k, false); ok && p.source {
				add(s.d.Span(p.start, p.end), newsdesk.CitedInstitution, p.name, "")
			}
		case startsUpper(w) && s.lang == "de" || s.lang == "en" && w[0] >= 'a' && w[0] <= 'z':
			// A study, report or ruling with its owner: "die Anklage
			// des US-Justizministeriums", "a report by the UN".
			if k+1 >= len(toks) || !ownerWords[s.lw(k+1)] || nounAt(w, s.lang) != document || generic[s.lw(k)] {
				continue
			}
			if e, ok := s.ownerEnd(k); ok {
				if p, ok := s.nounPhrase(k, false); ok && p.source {
					add(s.d.Span(p.start, max(p.end, e)), newsdesk.CitedDocument, p.name, "")
				}
			}
		}
	}
}

// sayingVerbIn reports whether sentence si has a verb of saying, whose
// speaker speaks in a statement named with it ("In einem Statement
// sagte der 48-Jährige").
func (s *scan) sayingVerbIn(si int) bool {
	sent := s.d.Sentences[si]
	for k := sent[0]; k < sent[1] && k < len(s.d.Tokens); k++ {
		if w := s.lw(k); w == "heißt" || w == "hieß" {
			continue // "heißt es in einer Erklärung": nobody speaks
		}
		if c, ok := cues[s.lw(k)]; ok && c == verbCue && !startsUpper(s.d.Tokens[k].Text) {
			return true
		}
	}
	return false
}

// listed reports whether the web address at token k stands where a
// source is named: at the start of a line or an item, or after a cue
// ("laut spiegel.de"), not as a shop's link ("bei Klarmobil.de").
func (s *scan) listed(k int) bool {
	if k == 0 {
		return true
	}
	p := s.d.Tokens[k-1]
	for _, r := range s.d.Runes[p.End:s.d.Tokens[k].Start] {
		if r == '\n' {
			return true
		}
	}
	switch s.lw(k - 1) {
	case "-", "–", "•", "*", ":", "laut", "via", "to", "told", "zufolge", "quelle", "source", "gegenüber":
		return true
	}
	return false
}

// generic are the document nouns too common to count alone: data,
// figures, records are everywhere.
var generic = map[string]bool{"daten": true, "zahlen": true, "angaben": true, "data": true, "figures": true, "records": true,
	"documents": true, "dokumente": true, "papier": true, "release": true, "letter": true, "analysis": true, "review": true,
	"research": true, "findings": true, "analyse": true, "bilanz": true, "untersuchung": true, "investigation": true}

func isOpenQuote(t string) bool  { return t == "„" || t == "»" || t == "\"" || t == "“" }
func isCloseQuote(t string) bool { return t == "“" || t == "«" || t == "\"" || t == "”" }

// interviews are the nouns of a conversation an outlet has with
// someone.
var interviews = map[string]bool{"interview": true, "podcast": true, "gespräch": true, "talkshow": true, "sendung": true,
	"interviews": true, "radiointerview": true, "fernsehinterview": true}

// interviewer returns the outlet named after the interview noun at
// token k ("bei RTL/Ntv", "des „Stern“", "with CNN"): a name that is no
// person's, known as an outlet or agency, in quotation marks or, in
// German, after "bei" or a genitive article.
func (s *scan) interviewer(k int) (np, bool) {
	toks := s.d.Tokens
	w := s.lw(k + 1)
	j := k + 2
	switch w {
	case "bei", "des", "der", "mit", "with", "to", "on":
	default:
		return np{}, false
	}
	if j < len(toks) && articles[s.lw(j)] && w != "des" && w != "der" {
		j++
	}
	quoted := false
	if j < len(toks) && isOpenQuote(toks[j].Text) {
		quoted = true
		j++
	}
	if j >= len(toks) || !startsUpper(toks[j].Text) {
		return np{}, false
	}
	if mi := s.men[j]; mi > 0 {
		m := &s.d.Mentions[mi-1]
		if m.Type == newsdesk.Person {
			return np{}, false
		}
		g := s.group(m)
		if g == "outlet" || g == "agency" || quoted || s.lang == "de" && w == "bei" {
			p := s.fromMention(m)
			return p, p.source
		}
		return np{}, false
	}
	if s.noun(j) != notNoun {
		return np{}, false
	}
	p, ok := s.name(j)
	if !ok || !(quoted || p.ckind == newsdesk.CitedMedia || s.lang == "de" && (w == "bei" || w == "des")) {
		return np{}, false
	}
	// "RTL/Ntv": two names of one outlet.
	if e := s.tokenAt(p.end); e+1 < len(toks) && toks[e].Text == "/" && toks[e].Start == p.end && startsUpper(toks[e+1].Text) {
		p.end = toks[e+1].End
		p.name = string(s.d.Runes[p.start:p.end])
	}
	return p, true
}

// mediaReports are the nouns of reports by the press.
var mediaReports = map[string]bool{"medienberichten": true, "medienberichte": true, "medienbericht": true,
	"presseberichten": true, "presseberichte": true, "pressebericht": true, "zeitungsberichten": true, "zeitungsberichte": true}

// statements are the documents one says something in.
var statements = map[string]bool{"erklärung": true, "pressemitteilung": true, "mitteilung": true, "aussendung": true, "stellungnahme": true, "presseerklärung": true, "statement": true, "press": true}

// tlds are the endings of the web addresses taken as outlets.
var tlds = map[string]bool{"de": true, "com": true, "net": true, "org": true, "at": true, "ch": true, "uk": true, "fr": true, "it": true, "ru": true, "eu": true, "tv": true, "news": true}

// photo reports whether mention m credits a photo ("(Photo by Jonathan
// Ernst/Reuters)", "(AP Photo/Carolyn Kaster)") or is a possessive
// before a noun ("NBC's coverage").
func (s *scan) photo(m *newsdesk.Mention) bool {
	rs := s.d.Runes
	if m.End < len(rs) && (rs[m.End] == '\'' || rs[m.End] == '’') || strings.HasSuffix(m.Text, "'s") || strings.HasSuffix(m.Text, "’s") {
		return true
	}
	a := max(0, m.Start-40)
	b := min(len(rs), m.End+12)
	near := string(rs[a:b])
	return strings.Contains(near, "Photo") || strings.Contains(near, "Foto") || strings.Contains(near, "photo")
}

// surname reports whether a person named in the text has the surname
// name ("Michael Bloomberg").
func (s *scan) surname(name string) bool {
	for i := range s.d.Mentions {
		m := &s.d.Mentions[i]
		if m.Type == newsdesk.Person && m.Text != name && strings.HasSuffix(m.Text, " "+name) {
			return true
		}
	}
	return false
}

// attribute reports whether the phrase at rune r modifies the word
// before it: after a preposition, or a German genitive after a noun.
func (s *scan) attribute(r int) bool {
	k := s.tokenAt(r) - 1
	if k < 0 || k+1 >= len(s.d.Tokens) || s.d.Tokens[k+1].Start != r {
		return false
	}
	if prepositions[s.lw(k)] {
		return true
	}
	// "die Souveränität Venezuelas": a capitalised noun after an
	// article, then the name.
	t := s.d.Tokens[k].Text
	return s.lang == "de" && k > 0 && startsUpper(t) && s.men[k] == 0 && articles[s.lw(k-1)]
}

func isDigitStart(t string) bool { return t != "" && t[0] >= '0' && t[0] <= '9' }

// creditLine reports whether rune offset r lies on a line that credits
// agencies.
func (s *scan) creditLine(r int) bool {
	rs := s.d.Runes
	a, b := r, r
	for a > 0 && rs[a-1] != '\n' {
		a--
	}
	for b < len(rs) && rs[b] != '\n' {
		b++
	}
	if b-a > 400 {
		// A paragraph that opens with a dateline: "KATHMANDU, April 25
		// (Reuters) - …".
		if r-a > 80 {
			return false
		}
		b = min(b, r+40)
	}
	return lineCredits(strings.TrimSpace(string(rs[a:b]))) != nil
}
