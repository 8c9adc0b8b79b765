package analyze

import (
	"context"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"newsdesk"
	"newsdesk/analyze/actors"
	textdoc "newsdesk/analyze/doc"
	"newsdesk/analyze/figures"
	"newsdesk/analyze/ner"
	"newsdesk/analyze/quotes"
	"newsdesk/analyze/sources"
	"newsdesk/lang"
)

// Analyzer analyses texts with a recognition model and a table of
// actors. It is safe for concurrent use.
type Analyzer struct {
	model  *ner.Model
	actors *actors.Table
	// starts maps the first token of every name of the table, in lower
	// case, to the most tokens a name starting with it has: names are
	// looked up only where one can start.
	starts map[string]int
}

// New returns an Analyzer with the given model and table; nil means the
// ones embedded in the binary.
func New(model *ner.Model, table *actors.Table) *Analyzer {
	if model == nil {
		model = ner.Default()
	}
	if table == nil {
		table = actors.Default()
	}
	an := &Analyzer{model: model, actors: table, starts: map[string]int{}}
	for _, a := range table.Actors() {
		for _, name := range append([]string{a.Name}, a.Aliases...) {
			toks := ner.Tokenize(name)
			if len(toks) == 0 {
				continue
			}
			k := strings.ToLower(toks[0].Text)
			an.starts[k] = max(an.starts[k], min(len(toks), maxNameTokens))
		}
	}
	return an
}

// longestStart returns the most tokens a name of the table that starts
// with token text can have, or 0 if none starts with it.
func (an *Analyzer) longestStart(text string) int {
	k := strings.ToLower(text)
	if n, ok := an.starts[k]; ok {
		return n
	}
	// A genitive: "Russlands", "Putins".
	if t, ok := strings.CutSuffix(k, "s"); ok {
		return an.starts[t]
	}
	return 0
}

// Input is a text to analyse with what is known of it.
type Input struct {
	Text string
	// Lang is the text's language ("de", "en"); "" guesses it.
	Lang string
	// Date is when the text was published: role nouns resolve to who
	// held the office then. Zero means now.
	Date time.Time
}

// Article analyses the text of a stored or extracted article.
func (an *Analyzer) Article(ctx context.Context, a *newsdesk.Article) *newsdesk.Analysis {
	return an.Analyze(ctx, Input{Text: a.Text(), Lang: a.Language, Date: a.Published})
}

// Analyze finds the mentions of in.Text and resolves them to entities.
// Offsets are in runes of in.Text.
func (an *Analyzer) Analyze(ctx context.Context, in Input) *newsdesk.Analysis {
	code := lang.Normalize(in.Lang)
	if code == "" {
		code = lang.Detect(in.Text)
	}
	date := in.Date
	if date.IsZero() {
		date = time.Now()
	}
	d := &doc{an: an, lang: code, date: date, runes: []rune(in.Text)}
	d.recognise(in.Text)
	d.split()
	d.known()
	d.surnames()
	d.roles(in.Text)
	d.resolve()
	out := d.result()
	d.attribute(in.Text, out)
	return out
}

// attribute adds to out what the text says who said, the agencies and
// sources it rests on, and the figures it attributes.
func (d *doc) attribute(text string, out *newsdesk.Analysis) {
	td := &textdoc.Doc{
		Text: text, Runes: d.runes, Lang: d.lang, Date: d.date,
		Tokens: d.toks, Sentences: d.sents,
		Mentions: out.Mentions, Entities: out.Entities, Actors: d.an.actors,
	}
	out.Quotes = quotes.Find(td)
	out.Agencies = sources.Agencies(td)
	claims := sources.Claims(td)
	out.Sources = sources.Find(td, out.Quotes, claims)
	out.Figures = figures.Find(td, out.Quotes, out.Sources, claims)
}

// doc is the state of one analysis.
type doc struct {
	an    *Analyzer
	lang  string
	date  time.Time
	runes []rune
	toks  []ner.Token
	sents [][2]int
	ms    []*mention
}

// mention is a mention being resolved.
type mention struct {
	newsdesk.Mention
	tok0, tok1 int    // token range; -1 for role phrases
	key        string // the name as written, white space folded
	stem       string // key without a genitive or possessive ending, if it may have one
	name       string // the resolved entity's canonical name
	etype      newsdesk.EntityType
}

// recognise runs the tagger and adds the names of the table it missed.
func (d *doc) recognise(text string) {
	d.toks = ner.Tokenize(text)
	// Sentences end at line breaks too: an article's blocks are lines.
	d.sents = ner.SentencesIn(text, d.toks)
	for _, sp := range d.an.model.TagSentences(d.lang, d.toks, d.sents) {
		d.add(sp.From, sp.To, newsdesk.EntityType(sp.Type))
	}
}

// split parts a name the tagger ran together from names of the table
// of different types, one of them a person's: a kicker and a headline
// on one line ("… mit Nordkorea Putin wird vorgeführt") make
// "Nordkorea Putin" one name to the tagger. Names of one type stay
// whole ("Bayern München" is a club).
func (d *doc) split() {
	tbl := d.an.actors
	var out []*mention
	for _, m := range d.ms {
		if m.tok1-m.tok0 < 2 || len(tbl.ByName(m.key)) > 0 {
			out = append(out, m)
			continue
		}
		type part struct {
			from, to int
			t        newsdesk.EntityType
		}
		var parts []part
		for i := m.tok0; i < m.tok1; {
			n := min(d.an.longestStart(d.toks[i].Text), m.tok1-i)
			for ; n >= 1; n-- {
				if as := tbl.ByName(string(d.runes[d.toks[i].Start:d.toks[i+n-1].End])); len(as) > 0 {
					parts = append(parts, part{i, i + n, newsdesk.EntityType(as[0].Type)})
					break
				}
			}
			if n < 1 {
				parts = nil
				break
			}
			i += n
		}
		person, mixed := false, false
		for _, p := range parts {
			person = person || p.t == newsdesk.Person
			mixed = mixed || p.t != parts[0].t
		}
		if len(parts) < 2 || !person || !mixed {
			out = append(out, m)
			continue
		}
		for _, p := range parts {
			if pm := d.mention(p.from, p.to, p.t); pm != nil {
				out = append(out, pm)
			}
		}
	}
	d.ms = out
}

// maxNameTokens is the most tokens a name of the table of actors is
// looked up with.
const maxNameTokens = 6

// known adds the names of the table of actors that the tagger missed or
// cut short ("Kim Jong" of "Kim Jong Un"): at each capitalised token,
// the longest run of tokens that the table knows as a name. A known name
// that overlaps the tagger's spans replaces them when it is longer; one
// of a single token that the tagger did not tag is added only when it
// cannot be a capitalised common word (not at the start of a sentence).
func (d *doc) known() {
	tbl := d.an.actors
	tagged := make([]int, len(d.toks)) // mention index + 1 per token
	for i, m := range d.ms {
		for k := m.tok0; k < m.tok1; k++ {
			tagged[k] = i + 1
		}
	}
	var add []*mention
	for i := 0; i < len(d.toks); i++ {
		r, _ := utf8.DecodeRuneInString(d.toks[i].Text)
		if !unicode.IsUpper(r) || determiners[strings.ToLower(d.toks[i].Text)] {
			continue
		}
		longest := d.an.longestStart(d.toks[i].Text)
		if longest == 0 {
			continue
		}
		best, bestType, group := 0, newsdesk.EntityType(""), ""
		for n := min(longest, len(d.toks)-i); n >= 1; n-- {
			text := string(d.runes[d.toks[i].Start:d.toks[i+n-1].End])
			if strings.ContainsAny(text, ".,;:!?\n") {
				continue
			}
			if as := tbl.ByName(text); len(as) > 0 {
				best, bestType, group = n, newsdesk.EntityType(as[0].Type), as[0].Group
				break
			}
		}
		if best == 0 {
			continue
		}
		from, to := i, i+best
		// The tagger's spans it overlaps must all lie within it.
		inside := true
		over := false
		for k := from; k < to; k++ {
			if t := tagged[k]; t > 0 {
				over = true
				m := d.ms[t-1]
				if m.tok0 < from || m.tok1 > to {
					inside = false
				}
			}
		}
		if !inside {
			i = to - 1
			continue
		}
		// German capitalises every noun, and outlets and bodies are often
		// named by one ("Welt", "Zeit", "Union"): a single token the
		// tagger left alone is taken only as a person or place, or as an
		// acronym, and never at the start of a sentence.
		if !over && best == 1 && !safeGroups[group] && (d.sentenceStart(i) || bestType != newsdesk.Person && bestType != newsdesk.Location && !isAbbrev(d.toks[i].Text)) {
			continue
		}
		if over {
			// Replace the shorter spans, keeping the tagger's type.
			for k := from; k < to; k++ {
				if tagged[k] > 0 {
					bestType = d.ms[tagged[k]-1].Type
					break
				}
			}
			for k := from; k < to; k++ {
				if t := tagged[k]; t > 0 {
					d.ms[t-1] = nil
				}
			}
		}
		if m := d.mention(from, to, bestType); m != nil {
			add = append(add, m)
		}
		i = to - 1
	}
	d.ms = slices.DeleteFunc(d.ms, func(m *mention) bool { return m == nil })
	d.ms = append(d.ms, add...)
	slices.SortFunc(d.ms, func(a, b *mention) int { return a.Start - b.Start })
}

// surnames adds, as a person's name, each capitalised token the tagger
// left alone that is the surname of a person named in full before it in
// the text ("Schröder sagte …" after "Kristina Schröder"), inflected or
// not.
func (d *doc) surnames() {
	covered := make([]bool, len(d.toks))
	for _, m := range d.ms {
		for k := m.tok0; k < m.tok1; k++ {
			covered[k] = true
		}
	}
	// surname → the token index after which it is known
	known := map[string]int{}
	for _, m := range d.ms {
		if m.Type != newsdesk.Person || m.tok1-m.tok0 < 2 {
			continue
		}
		last := d.toks[m.tok1-1].Text
		if _, ok := known[last]; !ok {
			known[last] = m.tok1
		}
	}
	if len(known) == 0 {
		return
	}
	var add []*mention
	for i, t := range d.toks {
		if covered[i] {
			continue
		}
		name := t.Text
		after, ok := known[name]
		if !ok {
			name = baseForm(t.Text, d.lang)
			after, ok = known[name]
		}
		if !ok || i < after {
			continue
		}
		m := &mention{tok0: i, tok1: i + 1}
		m.Start, m.End = t.Start, t.End
		m.Text = t.Text
		m.Type = newsdesk.Person
		m.Kind = newsdesk.NameMention
		m.key, m.stem = t.Text, name
		add = append(add, m)
	}
	if len(add) > 0 {
		d.ms = append(d.ms, add...)
		slices.SortFunc(d.ms, func(a, b *mention) int { return a.Start - b.Start })
	}
}

// safeGroups are the groups of the table of actors whose one-word names
// are taken wherever they stand, at the start of a sentence too: the
// names of countries, capitals, German Länder, international bodies and
// seats of government are hardly ever common words ("Pjöngjang hat …",
// "die Nato müsse …"), unlike outlets and parties ("Welt", "Grüne").
var safeGroups = map[string]bool{"country": true, "capital": true, "land": true, "io": true, "seat": true}

// determiners are the articles a name of the table is not looked up
// from: they are no part of a name ("the US", "die USA").
var determiners = map[string]bool{
	"the": true, "a": true, "an": true, "der": true, "die": true, "das": true, "den": true, "dem": true, "des": true,
	"ein": true, "eine": true, "einen": true, "einem": true, "einer": true,
}

// sentenceStart reports whether token i starts a sentence: after a
// full stop, question or exclamation mark, a colon, a quotation mark or
// a line break.
func (d *doc) sentenceStart(i int) bool {
	if i == 0 {
		return true
	}
	switch d.toks[i-1].Text {
	case ".", "!", "?", ":", "„", "“", "\"", "«", "»", "–", "—":
		return true
	}
	for _, r := range d.runes[d.toks[i-1].End:d.toks[i].Start] {
		if r == '\n' {
			return true
		}
	}
	return false
}

// add adds the name mention of tokens [from, to).
func (d *doc) add(from, to int, t newsdesk.EntityType) {
	if m := d.mention(from, to, t); m != nil {
		d.ms = append(d.ms, m)
	}
}

// mention returns the name mention of tokens [from, to), or nil when
// they hold no letter.
func (d *doc) mention(from, to int, t newsdesk.EntityType) *mention {
	start, end := d.toks[from].Start, d.toks[to-1].End
	if !strings.ContainsFunc(string(d.runes[start:end]), unicode.IsLetter) {
		return nil // a handle's "@", a stray mark: no name
	}
	m := &mention{tok0: from, tok1: to}
	m.Start, m.End = start, end
	m.Text = string(d.runes[start:end])
	m.Type = t
	m.Kind = newsdesk.NameMention
	m.key = strings.Join(strings.Fields(m.Text), " ")
	m.stem = baseForm(m.Text, d.lang)
	if isAbbrev(m.Text) {
		m.Kind = newsdesk.AbbrevMention
	}
	return m
}

// roles adds the role noun phrases of the text, resolved by date. A
// role phrase wins over a name it overlaps (the longer span).
func (d *doc) roles(text string) {
	for _, r := range d.an.actors.FindRoles(text, d.lang, d.date) {
		a := d.an.actors.Actor(r.ActorID)
		if a == nil {
			continue
		}
		d.ms = slices.DeleteFunc(d.ms, func(m *mention) bool {
			return m.Start < r.End && r.Start < m.End && m.End-m.Start <= r.End-r.Start
		})
		m := &mention{tok0: -1, tok1: -1, name: a.Name, etype: newsdesk.EntityType(a.Type)}
		m.Start, m.End, m.Text = r.Start, r.End, r.Text
		m.Type = newsdesk.EntityType(a.Type)
		m.Kind = newsdesk.RoleMention
		m.EntityID = a.ID
		d.ms = append(d.ms, m)
	}
	slices.SortFunc(d.ms, func(a, b *mention) int { return a.Start - b.Start })
}

// resolve gives every name mention an identity: a metonym takes the
// actor it stands for unless it is used as a place; a name of the table
// its actor; a part of a name met before in the text (a surname) that
// name's identity; any other name an identity of its own, keyed by its
// type and base form.
func (d *doc) resolve() {
	tbl := d.an.actors
	var people []*mention // resolved person names, for surnames
	for _, m := range d.ms {
		if m.Kind == newsdesk.RoleMention {
			continue
		}
		// A surname of a person named before, whatever the tagger took
		// it for ("Hilton" after "Paris Hilton").
		if p := d.earlier(people, m); p != nil {
			m.EntityID, m.name, m.etype = p.EntityID, p.name, p.etype
			m.Type = newsdesk.Person
			continue
		}
		if a := d.metonym(m); a != nil && !d.placeUse(m) {
			m.Kind = newsdesk.MetonymMention
			d.set(m, a)
			continue
		}
		if a := d.best(tbl.ByName(m.key), m); a != nil {
			d.set(m, a)
		} else if a := d.best(tbl.ByName(m.stem), m); a != nil && m.stem != m.key {
			d.set(m, a)
		} else {
			m.etype = m.Type
			m.name = m.key
			// "Müllers" is Müller's only if Müller is named too.
			if m.stem != m.key && d.named(m.stem) {
				m.name = m.stem
			}
			m.EntityID = Key(m.etype, m.name)
		}
		if m.etype == newsdesk.Person {
			people = append(people, m)
		}
	}
}

// metonym returns the actor that name mention m may stand for as a
// capital, seat or building, or nil.
func (d *doc) metonym(m *mention) *actors.Actor {
	if a := d.an.actors.ByMetonym(m.key); a != nil {
		return a
	}
	if m.stem != m.key {
		return d.an.actors.ByMetonym(m.stem)
	}
	return nil
}

// named reports whether a name mention of the text is written name.
func (d *doc) named(name string) bool {
	return slices.ContainsFunc(d.ms, func(m *mention) bool { return m.key == name })
}

// set resolves m to actor a.
func (d *doc) set(m *mention, a *actors.Actor) {
	m.EntityID, m.name, m.etype = a.ID, a.Name, newsdesk.EntityType(a.Type)
}

// best returns the actor of cands that fits mention m best: one of the
// same type if there is one, else the first.
func (d *doc) best(cands []*actors.Actor, m *mention) *actors.Actor {
	if len(cands) == 0 {
		return nil
	}
	for _, a := range cands {
		if newsdesk.EntityType(a.Type) == m.Type {
			return a
		}
	}
	// A name the tagger took for a person is no country or body.
	if m.Type == newsdesk.Person && cands[0].Type != string(newsdesk.Person) {
		return nil
	}
	return cands[0]
}

// earlier returns the person mention met before m whose name ends with
// (or is) m's name — "Scholz" after "Olaf Scholz" — or nil.
func (d *doc) earlier(people []*mention, m *mention) *mention {
	if m.Type != newsdesk.Person && (strings.Contains(m.key, " ") || m.Kind == newsdesk.AbbrevMention) {
		return nil
	}
	for _, form := range []string{m.key, m.stem} {
		words := strings.Fields(form)
		// The most recent person of that name, unless that one was only
		// the object of "of", "von", "about" … and another was not:
		// "Johnson said" after "Boris Johnson marked …, a biography of
		// Lyndon B. Johnson".
		var found, oblique *mention
		for i := len(people) - 1; i >= 0 && found == nil; i-- {
			p := people[i]
			pw := strings.Fields(p.name)
			if len(pw) <= len(words) || !slices.Equal(pw[len(pw)-len(words):], words) {
				continue
			}
			if d.oblique(p) {
				if oblique == nil {
					oblique = p
				}
				continue
			}
			found = p
		}
		if found != nil {
			return found
		}
		if oblique != nil {
			return oblique
		}
	}
	// A first name alone, for someone named in full before ("Paris told
	// reporters" after "Paris Hilton"), unless it is used as a place.
	if !strings.Contains(m.key, " ") && !d.placeUse(m) {
		for i := len(people) - 1; i >= 0; i-- {
			if pw := strings.Fields(people[i].name); len(pw) >= 2 && pw[0] == m.key {
				return people[i]
			}
		}
	}
	return nil
}

// obliqueWords are the words before a name that make it the object of
// something else rather than the one the text is about.
var obliqueWords = map[string]bool{
	"of": true, "about": true, "on": true, "von": true, "vom": true, "des": true, "über": true,
}

// oblique reports whether name mention m stands after one of
// obliqueWords.
func (d *doc) oblique(m *mention) bool {
	return m.tok0 > 0 && obliqueWords[strings.ToLower(d.toks[m.tok0-1].Text)]
}

// placeWords are the words before a name that make it a place rather
// than a government standing for its country.
var placeWords = map[string]bool{
	"in": true, "nach": true, "aus": true, "bei": true, "im": true, "von": true, "vom": true, "über": true,
	"durch": true, "nahe": true, "zwischen": true, "um": true, "gen": true, "ins": true, "am": true,
	"at": true, "to": true, "from": true, "near": true, "into": true, "across": true, "of": true, "around": true,
	"through": true, "outside": true, "inside": true, "towards": true, "visit": true, "visited": true, "visiting": true,
	"besuchte": true, "besucht": true, "besuchen": true, "reiste": true, "flog": true,
}

// directionWords are the words of a part of a place that may stand
// between a preposition of place and the place's name.
var directionWords = map[string]bool{
	"eastern": true, "western": true, "northern": true, "southern": true, "central": true,
	"north": true, "south": true, "east": true, "west": true, "downtown": true, "rural": true,
	"östlichen": true, "westlichen": true, "nördlichen": true, "südlichen": true, "ganz": true,
}

// placeUse reports whether name mention m is used as a place: after a
// preposition of place, or as a dateline at the start of a line.
func (d *doc) placeUse(m *mention) bool {
	if m.tok0 < 0 {
		return false
	}
	if m.tok0 == 0 || d.lineStart(m.Start) {
		// A dateline: "Moskau (dpa) –", "WASHINGTON —".
		if m.tok1 < len(d.toks) {
			if n := d.toks[m.tok1].Text; n == "(" || n == "–" || n == "—" || n == "-" || n == ":" || n == "," {
				return true
			}
		}
	}
	if m.tok0 > 0 {
		prev := strings.ToLower(d.toks[m.tok0-1].Text)
		if placeWords[prev] {
			return true
		}
		// "across eastern Washington", "im östlichen Sachsen".
		if m.tok0 > 1 && directionWords[prev] && placeWords[strings.ToLower(d.toks[m.tok0-2].Text)] {
			return true
		}
		// "in der russischen Hauptstadt Moskau", "the Kremlin" after
		// "in the": look two words back.
		if m.tok0 > 1 && (prev == "the" || prev == "der" || prev == "dem" || prev == "den") && placeWords[strings.ToLower(d.toks[m.tok0-2].Text)] {
			return true
		}
	}
	return false
}

// lineStart reports whether only spaces stand between the start of a
// line and rune offset i.
func (d *doc) lineStart(i int) bool {
	for j := i - 1; j >= 0; j-- {
		switch d.runes[j] {
		case '\n':
			return true
		case ' ', '\t':
		default:
			return false
		}
	}
	return true
}

// result makes the analysis of the resolved mentions.
func (d *doc) result() *newsdesk.Analysis {
	out := &newsdesk.Analysis{Language: d.lang, Mentions: []newsdesk.Mention{}, Entities: []newsdesk.Entity{}}
	seen := map[string]int{}
	for _, m := range d.ms {
		out.Mentions = append(out.Mentions, m.Mention)
		if m.EntityID == "" {
			continue
		}
		i, ok := seen[m.EntityID]
		if !ok {
			i = len(out.Entities)
			seen[m.EntityID] = i
			out.Entities = append(out.Entities, newsdesk.Entity{ID: m.EntityID, Name: m.name, Type: m.etype})
		}
		e := &out.Entities[i]
		if m.Text != e.Name && !slices.Contains(e.Aliases, m.Text) {
			e.Aliases = append(e.Aliases, m.Text)
		}
	}
	return out
}

// baseForm returns the name as it would be looked up: white space
// folded, German genitive endings and the English possessive taken off
// ("Putins" → "Putin", "Scholz'" → "Scholz", "Russia's" → "Russia").
// Names that are known with their s ("Paris", "Mars") are found by the
// table's own lookup, which tries both.
func baseForm(name, code string) string {
	s := strings.Join(strings.Fields(name), " ")
	switch {
	case strings.HasSuffix(s, "'s") || strings.HasSuffix(s, "’s"):
		return strings.TrimSuffix(strings.TrimSuffix(s, "'s"), "’s")
	case strings.HasSuffix(s, "'") || strings.HasSuffix(s, "’"):
		return strings.TrimRight(s, "'’")
	case code == "de" && strings.HasSuffix(s, "s") && utf8.RuneCountInString(s) > 3 && !isAbbrev(s):
		last := s[:len(s)-1]
		if r, _ := utf8.DecodeLastRuneInString(last); unicode.IsLower(r) && !strings.HasSuffix(last, "s") {
			return last
		}
	}
	return s
}

// isAbbrev reports whether a name is written as an acronym: two to six
// letters, all capitals, or a capital-led short form such as "Nato".
func isAbbrev(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 6 || strings.ContainsAny(s, " -") {
		return false
	}
	upper := 0
	for _, r := range s {
		if unicode.IsUpper(r) {
			upper++
		} else if !unicode.IsLetter(r) && r != '.' {
			return false
		}
	}
	return upper == n || upper >= 2
}

// Key returns the id of an entity that the table of actors does not
// know: its type and its name folded to lower case, words joined by
// dashes ("PER:olaf-scholz"). The same name of the same type has the
// same id in every article and every run.
func Key(t newsdesk.EntityType, name string) string {
	var b strings.Builder
	b.WriteString(string(t))
	b.WriteByte(':')
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > len(t)+1 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		} else {
			dash = true
		}
	}
	return b.String()
}

// ResolveAcross resolves, over analyses of several texts, a person's
// surname that one text names alone to the full name another text gives
// ("Scholz" alone → "Olaf Scholz" elsewhere), when exactly one full name
// of the analyses ends with it. Names of the table of actors are
// resolved already.
func ResolveAcross(as []*newsdesk.Analysis) {
	type full struct{ id, name string }
	bySurname := map[string][]full{}
	for _, a := range as {
		if a == nil {
			continue
		}
		for _, e := range a.Entities {
			if e.Type != newsdesk.Person {
				continue
			}
			words := strings.Fields(e.Name)
			if len(words) < 2 {
				continue
			}
			k := strings.ToLower(words[len(words)-1])
			if !slices.ContainsFunc(bySurname[k], func(f full) bool { return f.id == e.ID }) {
				bySurname[k] = append(bySurname[k], full{e.ID, e.Name})
			}
		}
	}
	for _, a := range as {
		if a == nil {
			continue
		}
		re := map[string]full{}
		for i := range a.Entities {
			e := &a.Entities[i]
			if e.Type != newsdesk.Person || strings.Contains(e.Name, " ") || e.ID != Key(e.Type, e.Name) {
				continue
			}
			if fs := bySurname[strings.ToLower(e.Name)]; len(fs) == 1 {
				re[e.ID] = fs[0]
			}
		}
		if len(re) == 0 {
			continue
		}
		for i := range a.Mentions {
			if f, ok := re[a.Mentions[i].EntityID]; ok {
				a.Mentions[i].EntityID = f.id
			}
		}
		a.Reattribute(func(id string) string {
			if f, ok := re[id]; ok {
				return f.id
			}
			return id
		})
		kept := a.Entities[:0]
		seen := map[string]bool{}
		for _, e := range a.Entities {
			if f, ok := re[e.ID]; ok {
				e.Aliases = append(e.Aliases, e.Name)
				e.ID, e.Name = f.id, f.name
			}
			if !seen[e.ID] {
				seen[e.ID] = true
				kept = append(kept, e)
			}
		}
		a.Entities = kept
	}
}
