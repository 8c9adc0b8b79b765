package actors

import (
	"strings"
	"time"
	"unicode"
)

// RoleMatch is a role noun phrase found in a text, with offsets in runes
// (End exclusive), including a preceding definite article ("der Kreml-Chef",
// "the US president"), and the id of the person who held the office at the
// text's date.
type RoleMatch struct {
	Start, End int
	Text       string
	ActorID    string
	// Office is the id of the office the phrase names.
	Office string
}

// token is one word of a text, lowercased, with its rune offsets.
type token struct {
	low        string
	text       string
	start, end int
	// adjacent says only spaces separate the token from the one before.
	adjacent bool
	upper    bool
}

// tokenize splits text into words: letters and digits with inner hyphens,
// dots ("U.S.") and no apostrophes; "'s" and a lone "'" after a word are
// tokens of their own.
func tokenize(text string) []token {
	var toks []token
	rs := []rune(text)
	i := 0
	gapOnlySpace := true
	for i < len(rs) {
		r := rs[i]
		if r == '\'' || r == '’' {
			// Possessive 's or German apostrophe genitive.
			if len(toks) > 0 && toks[len(toks)-1].end == i {
				if i+1 < len(rs) && (rs[i+1] == 's' || rs[i+1] == 'S') && (i+2 >= len(rs) || !isWordRune(rs[i+2])) {
					toks = append(toks, token{low: "'s", text: string(rs[i : i+2]), start: i, end: i + 2, adjacent: true})
					i += 2
					continue
				}
				toks = append(toks, token{low: "'", text: string(rs[i]), start: i, end: i + 1, adjacent: true})
				i++
				continue
			}
		}
		if !isWordRune(r) {
			if !unicode.IsSpace(r) {
				gapOnlySpace = false
			}
			i++
			continue
		}
		j := i + 1
		for j < len(rs) {
			if isWordRune(rs[j]) {
				j++
				continue
			}
			// Inner hyphen or dot joins when a word rune follows ("Kreml-Chef",
			// "U.S"), and a final dot after a single capital ("U.S.").
			if (rs[j] == '-' || rs[j] == '‐' || rs[j] == '.') && j+1 < len(rs) && isWordRune(rs[j+1]) {
				if rs[j] == '.' && !(j-i == 1 || rs[j-2] == '.') {
					break
				}
				j++
				continue
			}
			if rs[j] == '.' && j-i >= 3 && rs[j-2] == '.' {
				j++ // "U.S."
			}
			break
		}
		w := string(rs[i:j])
		w = strings.ReplaceAll(w, "‐", "-")
		toks = append(toks, token{low: strings.ToLower(w), text: string(rs[i:j]), start: i, end: j,
			adjacent: gapOnlySpace && len(toks) > 0, upper: unicode.IsUpper(r)})
		gapOnlySpace = true
		i = j
	}
	return toks
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// roleNode is a trie over lowercased tokens.
type roleNode struct {
	next   map[string]*roleNode
	office string
	prio   int  // 2 explicit role phrase, 1 composed phrase
	ambig  bool // two offices at the same priority
	// bare says the phrase refers without an article: it starts with a
	// genitive or possessive ("Russlands Präsident", "Russia's president").
	bare bool
	// form is the German head noun's form class (see nounClass), for the
	// agreement with the article; empty in English.
	form string
}

// phrase is one word sequence to put into the trie.
type phrase struct {
	seq  []string
	bare bool
	form string
}

func (n *roleNode) insert(seq []string, office string, prio int) {
	n.add(phrase{seq: seq}, office, prio)
}

func (n *roleNode) add(p phrase, office string, prio int) {
	seq, bare := p.seq, p.bare
	for _, w := range seq {
		if n.next == nil {
			n.next = map[string]*roleNode{}
		}
		c := n.next[w]
		if c == nil {
			c = &roleNode{}
			n.next[w] = c
		}
		n = c
	}
	switch {
	case n.office == "" || prio > n.prio:
		n.office, n.prio, n.ambig, n.bare, n.form = office, prio, false, bare, p.form
	case prio == n.prio && n.office != office:
		n.ambig = true
	}
}

// guardSet holds the words around a phrase that show it is not a role
// mention: modifiers before it ("früheren", "former", demonyms) and
// genitives after it ("Russlands", "of Russia").
type guardSet struct {
	before map[string]bool
	after  *roleNode
	names  map[string]bool // first words of persons' names
}

var (
	deArticles = map[string]bool{"der": true, "die": true, "das": true, "des": true, "dem": true, "den": true}
	enArticles = map[string]bool{"the": true}
	// Modifiers allowed between the article and a role phrase.
	deCurrent = map[string]bool{}
	enCurrent = map[string]bool{"current": true, "incumbent": true, "sitting": true}
	// Modifiers that point away from the holder at the date.
	deFormer = []string{"früher", "ehemalig", "damalig", "einstig", "künftig", "designiert", "scheidend", "vorig", "stellvertretend", "kommissarisch", "verstorben"}
	enFormer = map[string]bool{"former": true, "then": true, "future": true, "late": true, "next": true, "ex": true, "previous": true, "deputy": true, "vice": true, "incoming": true, "outgoing": true, "erstwhile": true}
	// German prepositions with the article in them.
	contractions = map[string]bool{"vom": true, "beim": true, "zum": true, "zur": true, "im": true, "am": true}
	weekdays     = map[string]bool{"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true, "saturday": true, "sunday": true, "on": true, "in": true, "at": true, "and": true, "but": true, "has": true, "had": true, "was": true, "is": true, "said": true, "told": true, "says": true, "also": true, "earlier": true, "last": true, "this": true}
)

func init() {
	for _, s := range []string{"neu", "amtierend", "derzeitig", "jetzig", "heutig"} {
		for _, e := range adjEndings {
			deCurrent[s+e] = true
		}
	}
}

func deFormerWord(w string) bool {
	for _, s := range deFormer {
		if strings.HasPrefix(w, s) && len(w) <= len(s)+2 {
			return true
		}
	}
	return false
}

// nounForms returns the German forms of a role noun that refer to one
// person: the lemma and its genitive or weak forms ("Präsidenten",
// "Kanzlers", "Papstes").
func nounForms(n string) []string {
	l := strings.ToLower(n)
	switch {
	case strings.HasSuffix(l, "in"):
		return []string{l}
	case strings.HasSuffix(l, "ent") || strings.HasSuffix(l, "ant") || strings.HasSuffix(l, "at") || strings.HasSuffix(l, "oge"):
		if strings.HasSuffix(l, "e") {
			return []string{l, l + "n"}
		}
		return []string{l, l + "en"}
	case strings.HasSuffix(l, "e"):
		return []string{l, l + "n"}
	case strings.HasSuffix(l, "s") || strings.HasSuffix(l, "ß") || strings.HasSuffix(l, "x") || strings.HasSuffix(l, "z"):
		return []string{l, l + "es"}
	}
	return []string{l, l + "s", l + "es"}
}

// nounClass names the form of a German head noun: m0 masculine lemma
// ("Kanzler"), ms masculine genitive ("Kanzlers"), mn masculine weak form
// ("Präsidenten"), f0 feminine ("Kanzlerin"), a0 and an a noun made of an
// adjective ("Vorsitzende", "Vorsitzenden"), n0 and ns neuter
// ("Staatsoberhaupt", "Staatsoberhaupts").
func nounClass(lemma, form string) string {
	l := strings.ToLower(lemma)
	switch {
	case strings.HasSuffix(l, "oberhaupt"):
		if form == l {
			return "n0"
		}
		return "ns"
	case strings.HasSuffix(l, "in"):
		return "f0"
	case strings.HasSuffix(l, "e"):
		if form == l {
			return "a0"
		}
		return "an"
	case form == l:
		return "m0"
	case form == l+"s" || form == l+"es":
		return "ms"
	}
	return "mn"
}

// agrees says which articles go with a singular head noun of each form
// class; "die Präsidenten" and "der Präsidenten" are plurals.
var agrees = map[string]map[string]bool{
	"m0": {"der": true, "dem": true, "den": true},
	"ms": {"des": true},
	"mn": {"des": true, "dem": true, "den": true},
	"f0": {"die": true, "der": true},
	"a0": {"der": true, "die": true},
	"an": {"des": true, "dem": true, "den": true, "der": true},
	"n0": {"das": true, "dem": true},
	"ns": {"des": true},
}

func adjForms(stem string) []string {
	l := strings.ToLower(stem)
	out := make([]string, 0, len(adjEndings))
	for _, e := range adjEndings {
		out = append(out, l+e)
	}
	return out
}

func words(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.low
	}
	return out
}

// cross returns every sequence made of one form from each slot.
func cross(slots [][]string) [][]string {
	out := [][]string{nil}
	for _, s := range slots {
		var next [][]string
		for _, o := range out {
			for _, w := range s {
				next = append(next, append(append([]string(nil), o...), w))
			}
		}
		out = next
	}
	return out
}

// phraseSlots turns a German role phrase into slots of word forms: the head
// noun (the last word, or the word before a genitive article) inflects, and
// adjectives before it take their endings ("Regierender Bürgermeister" →
// "Regierenden Bürgermeisters").
func phraseSlotsDE(p string) (slots [][]string, head int) {
	ws := words(p)
	if len(ws) == 0 {
		return nil, 0
	}
	head = len(ws) - 1
	for i := 1; i < len(ws); i++ {
		if deArticles[ws[i]] {
			head = i - 1
			break
		}
	}
	slots = make([][]string, len(ws))
	combos := 1
	for i, w := range ws {
		switch {
		case i == head:
			slots[i] = nounForms(w)
		case i < head:
			if stem, ok := adjStem(strings.ToUpper(w[:1]) + w[1:]); ok && combos < maxForms {
				combos *= len(adjEndings)
				slots[i] = adjForms(stem)
			} else {
				slots[i] = []string{w}
			}
		default:
			slots[i] = []string{w}
		}
	}
	return slots, head
}

func (t *Table) buildRoles() {
	t.roles = map[string]*roleNode{"de": {}, "en": {}}
	t.guards = map[string]*guardSet{
		"de": {before: map[string]bool{}, after: &roleNode{}, names: map[string]bool{}},
		"en": {before: map[string]bool{}, after: &roleNode{}, names: map[string]bool{}},
	}
	de, en := t.roles["de"], t.roles["en"]
	for _, a := range t.actors {
		for _, adj := range a.adjDE {
			for _, f := range adjForms(adj) {
				t.guards["de"].before[f] = true
			}
		}
		for _, adj := range a.adjEN {
			t.guards["en"].before[strings.ToLower(adj)] = true
		}
		for _, g := range a.gen {
			t.guards["de"].after.insert(words(g), "x", 1)
		}
		for _, o := range append(append([]string(nil), a.of...), a.enNames...) {
			t.guards["en"].after.insert(append([]string{"of"}, words(o)...), "x", 1)
		}
		if a.Type == "PER" {
			for _, n := range append([]string{a.Name}, a.Aliases...) {
				ws := words(n)
				if len(ws) > 0 {
					t.guards["de"].names[ws[0]] = true
					t.guards["en"].names[ws[0]] = true
				}
			}
		}
	}
	for _, o := range t.offices {
		of := t.byID[o.Of]
		for _, r := range o.rolesDE {
			slots, head := phraseSlotsDE(r)
			lemma := words(r)[head]
			for _, seq := range cross(slots) {
				de.add(phrase{seq: seq, form: nounClass(lemma, seq[head])}, o.ID, 2)
			}
		}
		for _, r := range o.rolesEN {
			en.insert(words(r), o.ID, 2)
		}
		if of == nil {
			continue
		}
		for _, n := range o.nounsDE {
			for _, f := range nounForms(n) {
				form := nounClass(n, f)
				for _, adj := range of.adjDE {
					for _, a := range adjForms(adj) {
						de.add(phrase{seq: []string{a, f}, form: form}, o.ID, 1)
					}
				}
				for _, g := range of.gen {
					gw := words(g)
					de.add(phrase{seq: append([]string{f}, gw...), form: form}, o.ID, 1)
					if len(gw) == 1 && strings.HasSuffix(gw[0], "s") {
						de.add(phrase{seq: []string{gw[0], f}, bare: true, form: form}, o.ID, 1)
					}
				}
				for _, p := range of.pre {
					de.add(phrase{seq: []string{strings.ToLower(p) + "-" + f}, form: form}, o.ID, 1)
				}
			}
		}
		for _, n := range o.nounsEN {
			nw := words(n)
			for _, adj := range of.adjEN {
				en.insert(append(words(adj), nw...), o.ID, 1)
			}
			for _, p := range of.pre {
				en.insert(append(words(p), nw...), o.ID, 1)
			}
			ofs := of.of
			if len(ofs) == 0 {
				ofs = of.enNames
			}
			for _, x := range ofs {
				en.insert(append(append(append([]string(nil), nw...), "of"), words(x)...), o.ID, 1)
			}
			for _, x := range of.enNames {
				en.add(phrase{seq: append(append(words(x), "'s"), nw...), bare: true}, o.ID, 1)
			}
		}
	}
}

// walk returns the length of the longest phrase of trie n at toks[i:] and
// the trie node where it ends.
func walk(n *roleNode, toks []token, i int) (length int, leaf *roleNode) {
	for j := i; j < len(toks); j++ {
		if j > i && !toks[j].adjacent && toks[j].low != "'s" {
			break
		}
		c := n.next[toks[j].low]
		if c == nil {
			break
		}
		n = c
		if n.office != "" {
			length, leaf = j-i+1, n
		}
	}
	return
}

// FindRoles finds the role noun phrases of text (lang "de" or "en") and
// resolves each to the holder of its office at date (zero date: today):
// "der russische Präsident", "des russischen Präsidenten", "dem Kreml-Chef",
// "die Kanzlerin", "the US president". A phrase refers on its own when a
// definite article precedes it (and is part of the match), when a German
// preposition holds the article ("vom Kanzler": the match is "Kanzler"), or
// when it starts with a genitive or possessive ("Russlands Präsident",
// "Russia's president"). Left out are bare and predicative uses ("Rutte was
// Dutch prime minister"), phrases whose office had no holder at the date,
// phrases that name more than one office, titles before a person's name
// ("Bundeskanzlerin Angela Merkel"), and phrases modified away from the
// holder at the date ("der frühere Bundeskanzler", "the former US
// president", "der ukrainische Außenminister" for the German office).
// The matches are in text order and do not overlap.
func (t *Table) FindRoles(text, lang string, date time.Time) []RoleMatch {
	t.rolesOnce.Do(t.buildRoles)
	root, g := t.roles[lang], t.guards[lang]
	if root == nil {
		return nil
	}
	arts, current := deArticles, deCurrent
	if lang == "en" {
		arts, current = enArticles, enCurrent
	}
	toks := tokenize(text)
	runes := []rune(text)
	var out []RoleMatch
	for i := 0; i < len(toks); i++ {
		start := i
		body := i
		if arts[toks[i].low] && i+1 < len(toks) && toks[i+1].adjacent {
			body = i + 1
			if current[toks[body].low] && body+1 < len(toks) && toks[body+1].adjacent {
				body++
			}
		} else {
			start = -1
		}
		n, leaf := walk(root, toks, body)
		if n == 0 && start >= 0 {
			start = -1
			body = i
			n, leaf = walk(root, toks, body)
		}
		if n == 0 {
			continue
		}
		office := leaf.office
		determined := start >= 0 || leaf.bare
		if start >= 0 && lang == "de" && leaf.form != "" && !agrees[leaf.form][toks[start].low] {
			// "die Präsidenten Russlands": a plural, not one person.
			i = body + n - 1
			continue
		}
		if start < 0 {
			start = body
			// "vom Kanzler", "beim Kreml-Chef": the article is in the preposition.
			determined = determined || body > 0 && toks[body].adjacent && contractions[toks[body-1].low]
		}
		end := body + n // token index after the phrase
		if leaf.ambig || !determined || t.rejected(lang, g, toks, body, end) {
			i = end - 1
			continue
		}
		i = end - 1
		holder := t.Holder(office, date)
		if holder == nil {
			continue
		}
		s, e := toks[start].start, toks[end-1].end
		out = append(out, RoleMatch{Start: s, End: e, Text: string(runes[s:e]), ActorID: holder.ID, Office: office})
	}
	return out
}

// rejected reports whether the words around toks[body:end] show it is not a
// role mention of the holder at the date.
func (t *Table) rejected(lang string, g *guardSet, toks []token, body, end int) bool {
	if body > 0 && toks[body].adjacent {
		prev := toks[body-1].low
		if g.before[prev] {
			return true
		}
		if lang == "de" && (deFormerWord(prev) || strings.HasSuffix(prev, "ische") || strings.HasSuffix(prev, "ischen")) {
			return true
		}
		if lang == "en" && (enFormer[prev] || prev == "'s") {
			return true
		}
	}
	if end < len(toks) && toks[end].adjacent {
		next := toks[end]
		if n, _ := walk(g.after, toks, end); n > 0 {
			return true
		}
		if next.upper && g.names[next.low] {
			return true
		}
		// English capitalises names only: "the US president Joe Biden".
		if lang == "en" && next.upper && !weekdays[next.low] {
			return true
		}
	}
	return false
}
