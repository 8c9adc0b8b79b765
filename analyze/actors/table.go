package actors

import (
	"bufio"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"
)

//go:embed *.tsv
var tableFiles embed.FS

// Actor is one well-known person, organisation or place.
type Actor struct {
	ID   string
	Name string
	// Type is "PER", "ORG" or "LOC"; a country as a political actor is LOC.
	Type string
	// Aliases are every name the actor is known by, in both languages,
	// abbreviations included; the canonical Name is not repeated.
	Aliases []string
	// Metonyms are capitals, seats and buildings that stand for the actor as
	// a political actor ("Moskau", "Kreml", "Kremlin").
	Metonyms []string
	// Adjectives are demonym adjectives, German as stems ("russisch") and
	// English as words ("Russian"); they are not mentions of the actor.
	Adjectives []string
	// Terms are the offices the actor held, for persons.
	Terms []Term
	// Group is the section of the table the actor belongs to, where given:
	// "country", "capital", "land", "agency", "outlet", "party", "io"
	// (international organisation), "institution", "armed-group", "seat" (a building as a place).
	Group string

	deNames, enNames []string // language names, for composing role phrases
	gen, of, pre     []string
	adjDE, adjEN     []string
}

// Term is a period in which a person held an office.
type Term struct {
	Office string
	// From is the first day in office; To the first day out of it (zero: still
	// in office as far as the table knows).
	From, To time.Time
}

// Office is a position that one person holds at a time.
type Office struct {
	ID   string
	Name string
	// Of is the id of the actor (country, organisation) the office belongs to.
	Of string

	nounsDE, nounsEN []string
	rolesDE, rolesEN []string
	holders          []holding
}

type holding struct {
	actor *Actor
	term  Term
}

// Table is a parsed actor table. It is read-only after parsing and safe for
// concurrent use.
type Table struct {
	actors  []*Actor
	byID    map[string]*Actor
	offices map[string]*Office
	// names maps a folded name or inflected form to its actors, best first.
	names map[string][]nameHit
	meto  map[string]*Actor

	rolesOnce sync.Once
	roles     map[string]*roleNode // by language
	guards    map[string]*guardSet
}

type nameHit struct {
	actor *Actor
	rank  int // 0 canonical name, 1 alias, 2 inflected form
}

var (
	defaultOnce  sync.Once
	defaultTable *Table
)

// Default returns the table embedded in newsdesk, parsed once; it is safe for
// concurrent use. It panics if the embedded table does not parse, which its
// tests rule out.
func Default() *Table {
	defaultOnce.Do(func() {
		t, err := loadEmbedded()
		if err != nil {
			panic(err)
		}
		defaultTable = t
	})
	return defaultTable
}

func loadEmbedded() (*Table, error) {
	files, err := fs.Glob(tableFiles, "*.tsv")
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	b := newBuilder()
	for _, name := range files {
		f, err := tableFiles.Open(name)
		if err != nil {
			return nil, err
		}
		err = b.read(name, f)
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return b.finish()
}

// Parse reads a table in the format of the embedded one (see the package
// documentation) from r. Its errors name the line ("actors: line 12: …").
func Parse(r io.Reader) (*Table, error) {
	b := newBuilder()
	if err := b.read("", r); err != nil {
		return nil, err
	}
	return b.finish()
}

// Len returns the number of actors in t.
func (t *Table) Len() int { return len(t.actors) }

// Actors returns the actors of t in table order.
func (t *Table) Actors() []*Actor { return t.actors }

// Actor returns the actor with this id, or nil.
func (t *Table) Actor(id string) *Actor { return t.byID[id] }

// Office returns the office with this id, or nil.
func (t *Table) Office(id string) *Office { return t.offices[id] }

// Holder returns the actor that held office id at date (zero date: today),
// or nil when the office is unknown or had no holder then. Where terms
// overlap (dates known to the month only), the later start wins.
func (t *Table) Holder(id string, date time.Time) *Actor {
	o := t.offices[id]
	if o == nil {
		return nil
	}
	if date.IsZero() {
		date = time.Now()
	}
	d := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	var best *holding
	for i := range o.holders {
		h := &o.holders[i]
		if d.Before(h.term.From) || (!h.term.To.IsZero() && !d.Before(h.term.To)) {
			continue
		}
		if best == nil || h.term.From.After(best.term.From) {
			best = h
		}
	}
	if best == nil {
		return nil
	}
	return best.actor
}

// ByName returns the actors with this name or alias, matched
// case-insensitively with folded whitespace, also in German genitive and
// inflected forms ("Putins", "Scholz'", "Russlands", "des Weißen Hauses")
// and with an English possessive ("Putin's"): best match first (the
// canonical name, then aliases, then inflected forms; ties in table order).
func (t *Table) ByName(name string) []*Actor {
	k := fold(name)
	hits := t.names[k]
	if len(hits) == 0 && strings.HasSuffix(k, "'s") {
		k = strings.TrimSuffix(k, "'s") // English possessive
		hits = t.names[k]
	}
	if len(hits) == 0 {
		if k := stripArticle(k); k != "" {
			hits = t.names[k]
		}
	}
	if len(hits) == 0 {
		return nil
	}
	out := make([]*Actor, 0, len(hits))
	for _, h := range hits {
		out = append(out, h.actor)
	}
	return out
}

// ByMetonym returns the actor a capital, seat or building name stands for
// ("Moskau" and "Kreml" → Russia, "Brüssel" → the EU), or nil. Leading
// articles and German inflection are allowed ("des Kremls", "the White House").
func (t *Table) ByMetonym(name string) *Actor {
	k := fold(name)
	if a := t.meto[k]; a != nil {
		return a
	}
	return t.meto[stripArticle(k)]
}

var articles = map[string]bool{"der": true, "die": true, "das": true, "des": true, "dem": true, "den": true, "the": true}

func stripArticle(k string) string {
	if i := strings.IndexByte(k, ' '); i > 0 && articles[k[:i]] {
		return k[i+1:]
	}
	return ""
}

// fold lowercases s, unifies apostrophes and dashes and folds runs of white
// space into one space.
func fold(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsSpace(r):
			space = true
			continue
		case r == '’' || r == '‘' || r == '`' || r == '´':
			r = '\''
		case r == '‐' || r == '‑' || r == '–':
			r = '-'
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// builder collects records and checks them.
type builder struct {
	t      *Table
	nouns  map[string]nounSet
	refs   []ref // held= references, checked at the end
	offRef []ref // OFFICE actor references
}

type nounSet struct{ de, en []string }

type ref struct {
	file  string
	line  int
	actor *Actor
	off   *Office
	id    string
	term  Term
	nouns []string
}

func newBuilder() *builder {
	return &builder{
		t: &Table{
			byID:    map[string]*Actor{},
			offices: map[string]*Office{},
			names:   map[string][]nameHit{},
			meto:    map[string]*Actor{},
		},
		nouns: map[string]nounSet{},
	}
}

// ErrSyntax is wrapped by every error about the table's text.
var ErrSyntax = errors.New("actors: bad table")

func lineErr(file string, n int, format string, a ...any) error {
	where := fmt.Sprintf("line %d", n)
	if file != "" {
		where = file + ": " + where
	}
	return fmt.Errorf("%w: %s: %s", ErrSyntax, where, fmt.Sprintf(format, a...))
}

func (b *builder) read(file string, r io.Reader) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimRight(sc.Text(), "\r")
		if n == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(strings.TrimSpace(line), "#") {
			continue
		}
		if !utf8.ValidString(line) {
			return lineErr(file, n, "not UTF-8")
		}
		if err := b.record(file, n, strings.Split(line, "\t")); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("actors: reading table: %w", err)
	}
	return nil
}

func (b *builder) record(file string, n int, f []string) error {
	for i := range f {
		f[i] = strings.TrimSpace(f[i])
	}
	kind := f[0]
	switch kind {
	case "PER", "ORG", "LOC":
		return b.actor(file, n, f)
	case "OFFICE":
		return b.office(file, n, f)
	case "NOUNS":
		if len(f) < 2 || f[1] == "" {
			return lineErr(file, n, "NOUNS needs a set name")
		}
		if _, dup := b.nouns[f[1]]; dup {
			return lineErr(file, n, "noun set %q defined twice", f[1])
		}
		var s nounSet
		err := eachKey(f[2:], func(k string, v []string) error {
			switch k {
			case "de":
				s.de = append(s.de, v...)
			case "en":
				s.en = append(s.en, v...)
			default:
				return fmt.Errorf("unknown key %q", k)
			}
			return nil
		})
		if err != nil {
			return lineErr(file, n, "%v", err)
		}
		b.nouns[f[1]] = s
		return nil
	}
	return lineErr(file, n, "unknown record %q (want PER, ORG, LOC, OFFICE or NOUNS)", kind)
}

// eachKey calls fn with the key and the "|"-separated values of each
// key=value field; empty fields are skipped.
func eachKey(fields []string, fn func(k string, v []string) error) error {
	for _, fl := range fields {
		if fl == "" {
			continue
		}
		k, v, ok := strings.Cut(fl, "=")
		if !ok {
			return fmt.Errorf("field %q is not key=value", fl)
		}
		var vals []string
		for _, x := range strings.Split(v, "|") {
			if x = strings.TrimSpace(x); x != "" {
				vals = append(vals, x)
			}
		}
		if err := fn(strings.TrimSpace(k), vals); err != nil {
			return err
		}
	}
	return nil
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' || r == ':') {
			return false
		}
	}
	return true
}

func (b *builder) actor(file string, n int, f []string) error {
	if len(f) < 3 || f[2] == "" {
		return lineErr(file, n, "%s needs an id and a name", f[0])
	}
	if !validID(f[1]) {
		return lineErr(file, n, "bad id %q (letters, digits, - _ . : only)", f[1])
	}
	if b.t.byID[f[1]] != nil {
		return lineErr(file, n, "actor %q defined twice", f[1])
	}
	a := &Actor{ID: f[1], Type: f[0], Name: f[2]}
	err := eachKey(f[3:], func(k string, v []string) error {
		switch k {
		case "aka", "abbr":
			a.Aliases = append(a.Aliases, v...)
		case "de":
			a.Aliases = append(a.Aliases, v...)
			a.deNames = append(a.deNames, v...)
		case "en":
			a.Aliases = append(a.Aliases, v...)
			a.enNames = append(a.enNames, v...)
		case "gen":
			a.gen = append(a.gen, v...)
		case "of":
			a.of = append(a.of, v...)
		case "pre":
			a.pre = append(a.pre, v...)
		case "meto":
			a.Metonyms = append(a.Metonyms, v...)
		case "adj.de":
			a.adjDE = append(a.adjDE, v...)
			a.Adjectives = append(a.Adjectives, v...)
		case "adj.en":
			a.adjEN = append(a.adjEN, v...)
			a.Adjectives = append(a.Adjectives, v...)
		case "held":
			for _, h := range v {
				off, span, _ := strings.Cut(h, " ")
				from, to, ok := strings.Cut(strings.TrimSpace(span), "..")
				if off == "" || !ok {
					return fmt.Errorf("held %q: want \"office FROM..TO\"", h)
				}
				var tm Term
				tm.Office = off
				var err error
				if tm.From, err = parseDate(from, false); err != nil || tm.From.IsZero() {
					return fmt.Errorf("held %q: bad start date %q", h, from)
				}
				if tm.To, err = parseDate(to, true); err != nil {
					return fmt.Errorf("held %q: bad end date %q", h, to)
				}
				if !tm.To.IsZero() && !tm.To.After(tm.From) {
					return fmt.Errorf("held %q: ends before it starts", h)
				}
				b.refs = append(b.refs, ref{file: file, line: n, actor: a, id: off, term: tm})
			}
		case "group":
			a.Group = strings.Join(v, " ")
		case "note":
		default:
			return fmt.Errorf("unknown key %q", k)
		}
		return nil
	})
	if err != nil {
		return lineErr(file, n, "%v", err)
	}
	b.t.byID[a.ID] = a
	b.t.actors = append(b.t.actors, a)
	return nil
}

// parseDate reads YYYY-MM-DD, YYYY-MM or YYYY; an empty string is the zero
// time. An end date known to the month or year only means the end of it.
func parseDate(s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) != len(layout) {
			continue
		}
		t, err := time.Parse(layout, s)
		if err != nil {
			return time.Time{}, err
		}
		if end {
			switch layout {
			case "2006-01":
				t = t.AddDate(0, 1, 0)
			case "2006":
				t = t.AddDate(1, 0, 0)
			}
		}
		return t, nil
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}

func (b *builder) office(file string, n int, f []string) error {
	if len(f) < 3 || !validID(f[1]) || f[2] == "" {
		return lineErr(file, n, "OFFICE needs an id and the id of its actor")
	}
	if b.t.offices[f[1]] != nil {
		return lineErr(file, n, "office %q defined twice", f[1])
	}
	o := &Office{ID: f[1], Of: f[2]}
	var sets []string
	err := eachKey(f[3:], func(k string, v []string) error {
		switch k {
		case "nouns":
			sets = append(sets, v...)
		case "de":
			o.nounsDE = append(o.nounsDE, v...)
		case "en":
			o.nounsEN = append(o.nounsEN, v...)
		case "role.de":
			o.rolesDE = append(o.rolesDE, v...)
		case "role.en":
			o.rolesEN = append(o.rolesEN, v...)
		case "name":
			o.Name = strings.Join(v, " ")
		default:
			return fmt.Errorf("unknown key %q", k)
		}
		return nil
	})
	if err != nil {
		return lineErr(file, n, "%v", err)
	}
	for _, s := range sets {
		ns, ok := b.nouns[s]
		if !ok {
			return lineErr(file, n, "unknown noun set %q (define NOUNS before use)", s)
		}
		o.nounsDE = append(o.nounsDE, ns.de...)
		o.nounsEN = append(o.nounsEN, ns.en...)
	}
	b.t.offices[o.ID] = o
	b.offRef = append(b.offRef, ref{file: file, line: n, off: o, id: o.Of})
	return nil
}

func (b *builder) finish() (*Table, error) {
	t := b.t
	for _, r := range b.offRef {
		if t.byID[r.id] == nil {
			return nil, lineErr(r.file, r.line, "unknown actor %q", r.id)
		}
	}
	for _, r := range b.refs {
		o := t.offices[r.id]
		if o == nil {
			return nil, lineErr(r.file, r.line, "unknown office %q", r.id)
		}
		r.actor.Terms = append(r.actor.Terms, r.term)
		o.holders = append(o.holders, holding{actor: r.actor, term: r.term})
	}
	for _, a := range t.actors {
		t.addName(a.Name, a, 0)
		for _, al := range a.Aliases {
			t.addName(al, a, 1)
		}
		for _, al := range append([]string{a.Name}, a.Aliases...) {
			for _, form := range inflections(al) {
				t.addName(form, a, 2)
			}
		}
		for _, g := range a.gen {
			t.addName(g, a, 2)
			if k := stripArticle(fold(g)); k != "" {
				t.addName(k, a, 2)
			}
		}
		for _, m := range a.Metonyms {
			for _, form := range append([]string{m}, inflections(m)...) {
				k := fold(form)
				if prev := t.meto[k]; prev == nil {
					t.meto[k] = a
				}
			}
		}
	}
	for k, hits := range t.names {
		sort.SliceStable(hits, func(i, j int) bool { return hits[i].rank < hits[j].rank })
		t.names[k] = hits
	}
	return t, nil
}

func (t *Table) addName(name string, a *Actor, rank int) {
	k := fold(name)
	if k == "" {
		return
	}
	hits := t.names[k]
	for i, h := range hits {
		if h.actor == a {
			if rank < h.rank {
				hits[i].rank = rank
			}
			return
		}
	}
	t.names[k] = append(hits, nameHit{actor: a, rank: rank})
}

// inflections returns German genitive and inflected forms of a name: the
// genitive -s, -es or apostrophe on the last word, and the endings of
// adjectives before it ("Weißes Haus" → "Weißen Hauses", "Europäische Union"
// → "Europäischen Union").
func inflections(name string) []string {
	words := strings.Fields(name)
	if len(words) == 0 {
		return nil
	}
	last := words[len(words)-1]
	lastForms := []string{last}
	lr, _ := utf8.DecodeLastRuneInString(last)
	if unicode.IsLetter(lr) {
		switch {
		case strings.ContainsRune("sßxzSSXZ", lr):
			lastForms = append(lastForms, last+"'", last+"es")
		default:
			lastForms = append(lastForms, last+"s")
			if !unicode.IsUpper(lr) && !strings.ContainsRune("aeiouyäöü", lr) {
				lastForms = append(lastForms, last+"es")
			}
		}
		if strings.HasSuffix(last, "e") {
			lastForms = append(lastForms, last+"n")
		}
	}
	heads := [][]string{nil}
	for _, w := range words[:len(words)-1] {
		forms := []string{w}
		if stem, ok := adjStem(w); ok && len(heads) < maxForms {
			forms = forms[:0]
			for _, e := range adjEndings {
				forms = append(forms, stem+e)
			}
		}
		var next [][]string
		for _, h := range heads {
			for _, fm := range forms {
				next = append(next, append(append([]string(nil), h...), fm))
			}
		}
		heads = next
	}
	var out []string
	for _, h := range heads {
		for _, l := range lastForms {
			s := strings.Join(append(append([]string(nil), h...), l), " ")
			if s != name {
				out = append(out, s)
			}
		}
	}
	return out
}

var adjEndings = []string{"e", "en", "er", "es", "em"}

// maxForms bounds the inflected forms made of one name or phrase, so that a
// long run of adjectives does not multiply without end.
const maxForms = 64

// adjStem returns the stem of a German attributive adjective form that
// starts with a capital ("Europäische", "Weißes", "Vereinigte"), the kind of
// word that inflects inside a name.
func adjStem(w string) (string, bool) {
	r, _ := utf8.DecodeRuneInString(w)
	if !unicode.IsUpper(r) || utf8.RuneCountInString(w) < 4 {
		return "", false
	}
	for _, e := range []string{"en", "er", "es", "em", "e"} {
		if strings.HasSuffix(w, e) {
			stem := strings.TrimSuffix(w, e)
			// Adjectives, not nouns: -isch, -ig, -lich, -t (Vereinigt), -ß (Weiß), -al.
			for _, s := range []string{"isch", "ig", "lich", "t", "ß", "al", "ch", "rn", "n", "nd", "ot", "ün"} {
				if strings.HasSuffix(stem, s) {
					return stem, true
				}
			}
		}
	}
	return "", false
}
