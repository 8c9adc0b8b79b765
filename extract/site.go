package extract

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsdesk"
)

// SiteReport tells what a page gives its site to learn and what the site
// took from the page.
type SiteReport struct {
	// Prints are the fingerprints of the blocks the generic reading keeps
	// (chrome it recognises on its own is not learnt) and of the title's
	// first and last segment. They depend on the page alone, never on a
	// template, so that what a site learns does not depend on the order
	// its pages came in.
	Prints []newsdesk.SitePrint
	// Dropped are the blocks left out as the site's furniture, and
	// TitleCut the parts cut from the title.
	Dropped  []string
	TitleCut []string
}

// Limits of what one page gives to learn.
const (
	maxPrints       = 400 // blocks per page
	maxPrintSample  = 300 // bytes of a block's text kept to show it
	maxPrintText    = 600 // longer blocks are running text, not learnt
	minPrintLetters = 4   // shorter blocks are not learnt
)

// blocks calls fn, in document order, for each block of the tree that has
// text of its own and lies outside the chrome the generic reading
// recognises, with the block's own text (whitespace collapsed, made only
// when fn asks for it) and its print. A block whose own text is split
// into several runs by the blocks nested in it (a dateline in spans above
// the article's paragraphs, subheads set inline between them) gives each
// run on its own, numbered from 0; run is -1 for a block's whole own
// text. fn returns whether to go on, and whether to skip the block's
// descendants. Blocks want rejects (none when want is nil) are passed
// over before their text is gathered.
func (t *tree) blocks(want func(i int) bool, fn func(i, run int, text func() string, print uint64, letters int) (more, skip bool)) {
	ns := t.nodes
	var sb strings.Builder
	var runs []string
	for i := 0; i < len(ns); i++ {
		nd := &ns[i]
		if nd.junk {
			i = int(nd.end) - 1
			continue
		}
		if nd.ownLen < minPrintLetters || !isBlock(nd.tag) || want != nil && !want(i) {
			continue
		}
		runs = runs[:0]
		if nd.textLen > nd.ownLen {
			runs = t.ownRuns(i, runs)
		}
		if len(runs) < 2 {
			sb.Reset()
			ownText(nd.n, &sb)
			runs = append(runs[:0], sb.String())
		}
		more, skip := true, false
		for k, raw := range runs {
			p, letters := fingerprint(raw)
			run := k
			if len(runs) == 1 {
				run = -1
			}
			var sk bool
			more, sk = fn(i, run, func() string { return collapse(raw) }, p, letters)
			skip = skip || sk
			if !more {
				return
			}
		}
		if skip {
			i = int(nd.end) - 1
		}
	}
}

// ownRuns appends to runs the runs of block i's own text: its text and
// that of its inline elements, cut where a nested block with text stands
// between them. Runs without letters or digits are left out.
func (t *tree) ownRuns(i int, runs []string) []string {
	var sb strings.Builder
	flush := func() {
		if n, _ := textStats(sb.String()); n > 0 {
			runs = append(runs, sb.String())
		}
		sb.Reset()
	}
	t.each(i, func(ci int, text string) {
		switch {
		case ci == -1:
			sb.WriteString(text)
		case ci == -2:
			sb.WriteByte(' ')
		case isBlock(t.nodes[ci].tag):
			if t.nodes[ci].textLen > 0 {
				flush()
			}
		default:
			ownText(t.nodes[ci].n, &sb)
		}
	})
	flush()
	return runs
}

// runElements returns the inline elements that hold run k of block i's
// own text (see ownRuns), and whether the run has text set straight in
// the block besides them.
func (t *tree) runElements(i, k int) (elems []int, bare bool) {
	cur, has := 0, false
	t.each(i, func(ci int, text string) {
		switch {
		case ci == -1:
			if n, _ := textStats(text); n > 0 {
				if cur == k {
					bare = true
				}
				has = true
			}
		case ci == -2:
		case isBlock(t.nodes[ci].tag):
			if t.nodes[ci].textLen > 0 && has {
				cur++
				has = false
			}
		default:
			if t.nodes[ci].textLen > 0 {
				if cur == k {
					elems = append(elems, ci)
				}
				has = true
			}
		}
	})
	return elems, bare
}

// prints returns the fingerprints of the tree's text blocks outside the
// chrome the generic reading recognises, each once.
func (t *tree) prints() []newsdesk.SitePrint {
	var out []newsdesk.SitePrint
	seen := map[uint64]bool{}
	// Link blocks and long blocks of one run are never learnt: their text
	// is not gathered.
	learnable := func(i int) bool {
		nd := &t.nodes[i]
		return !(nd.textLen == nd.ownLen && int(nd.ownLen) > maxPrintText) && !t.linkBlock(i)
	}
	t.blocks(learnable, func(i, run int, block func() string, p uint64, letters int) (bool, bool) {
		// (A block of several nested blocks may still read as one long
		// run.)
		if letters < minPrintLetters || seen[p] || (run < 0 && int(t.nodes[i].ownLen) > maxPrintText) {
			return true, false
		}
		text := block()
		if len(text) > maxPrintText || creditLike(text) {
			return true, false
		}
		seen[p] = true
		if len(text) > maxPrintSample {
			text = text[:maxPrintSample]
			for !utf8.ValidString(text) {
				text = text[:len(text)-1]
			}
		}
		out = append(out, newsdesk.SitePrint{Print: p, Kind: newsdesk.PrintBlock, Text: text})
		return len(out) < maxPrints, false
	})
	return out
}

// linkBlock reports whether block i is mostly link text outside a table:
// the reading leaves such blocks out of articles on its own (teaser
// headlines, navigation), so they are not worth learning.
func (t *tree) linkBlock(i int) bool {
	nd := &t.nodes[i]
	if nd.linkLen*2 <= nd.textLen || nd.tag == atom.Td || nd.tag == atom.Th {
		return false
	}
	for p := nd.parent; p >= 0; p = t.nodes[p].parent {
		if t.nodes[p].tag == atom.Table {
			return false
		}
	}
	return true
}

// ownText writes the inline text of n: its text and that of inline
// descendants, not of nested blocks, nor of what the reading never keeps.
func ownText(n *html.Node, sb *strings.Builder) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			sb.WriteString(c.Data)
		case html.ElementNode:
			if isBlock(c.DataAtom) || skipTags[c.DataAtom] || hidden(c) {
				continue
			}
			if c.DataAtom == atom.Br {
				sb.WriteByte(' ')
				continue
			}
			ownText(c, sb)
		}
	}
}

// fingerprint hashes the letters of s, lower-cased, with every number (a
// run of digits and the punctuation between them, "10:04" or
// "05/02/2013") read as one 0, and so every name of a month or weekday
// and "am" or "pm" (FNV-1a, 64 bits), and counts the letters: spacing,
// punctuation, a date or a counter do not make two copies of a box
// differ.
func fingerprint(s string) (uint64, int) {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	n := 0
	var buf [4]byte
	// The current word, held until its end tells whether it names a
	// date; a word too long for it is no such name, and hashed as it goes.
	var word [16]byte
	wl, long := 0, false
	digits := false // the last thing hashed is a number's 0
	endWord := func() {
		if wl == 0 && !long {
			return
		}
		if !long && wl >= 2 && wl <= maxDateWord && dateWords[string(word[:wl])] {
			if !digits {
				h = (h ^ '0') * prime
				digits = true
			}
		} else {
			for _, b := range word[:wl] {
				h = (h ^ uint64(b)) * prime
			}
			digits = false
		}
		wl, long = 0, false
	}
	number := func() {
		endWord()
		if !digits {
			h = (h ^ '0') * prime
			digits = true
		}
	}
	letter := func(enc []byte) {
		n++
		if !long && wl+len(enc) > len(word) {
			for _, b := range word[:wl] {
				h = (h ^ uint64(b)) * prime
			}
			wl, long, digits = 0, true, false
		}
		if long {
			for _, b := range enc {
				h = (h ^ uint64(b)) * prime
			}
			return
		}
		wl += copy(word[wl:], enc)
	}
	for i := 0; i < len(s); {
		// ASCII, most of what a page holds, without decoding.
		if c := s[i]; c < utf8.RuneSelf {
			i++
			switch {
			case c >= '0' && c <= '9':
				number()
			case c|0x20 >= 'a' && c|0x20 <= 'z':
				buf[0] = c | 0x20
				letter(buf[:1])
			default:
				endWord()
			}
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case unicode.IsDigit(r):
			number()
		case unicode.IsLetter(r):
			letter(buf[:utf8.EncodeRune(buf[:], unicode.ToLower(r))])
		default:
			endWord()
		}
	}
	endWord()
	return h, n
}

// maxDateWord is the length in bytes of the longest of dateWords.
const maxDateWord = 10

// dateWords are the names of months and weekdays, and their common
// abbreviations, in the languages newsdesk reads most, and am and pm.
var dateWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`
		january february march april may june july august september october november december
		jan feb mar apr jun jul aug sep sept oct nov dec
		monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
		januar jänner februar märz mai juni juli oktober dezember mrz okt dez
		montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
		janvier février mars avril juin juillet août septembre octobre novembre décembre
		lundi mardi mercredi jeudi vendredi samedi dimanche
		enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre
		lunes martes miércoles jueves viernes sábado domingo
		gennaio febbraio aprile maggio giugno luglio settembre ottobre dicembre
		lunedì martedì mercoledì giovedì venerdì sabato domenica
		am pm`) {
		m[w] = true
	}
	return m
}()

// creditLike reports whether a block is an agency credit line such as
// "(dpa)", "AFP/dpa/lem" or "dpa, AFP": it recurs on a site's pages, and
// belongs to each of them. A credit is in brackets, or made of short
// names in lower case or capitals joined by slashes or commas.
func creditLike(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), ".")
	if len(s) > 40 || s == "" {
		return false
	}
	if (strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")")) || (strings.HasPrefix(s, "[") && strings.HasSuffix(s, "]")) {
		s = s[1 : len(s)-1]
		// "(Reuters)": one name in brackets.
		if n := utf8.RuneCountInString(s); n > 0 && n <= 12 && strings.IndexFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) < 0 {
			return true
		}
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' || r == ' ' }) {
		if utf8.RuneCountInString(w) > 8 {
			return false
		}
		lower, upper := true, true
		for _, r := range w {
			if !unicode.IsLetter(r) {
				return false
			}
			lower = lower && unicode.IsLower(r)
			upper = upper && unicode.IsUpper(r)
		}
		if !lower && !upper {
			return false
		}
	}
	return true
}

// segmentSeparators split a title into a site's recurring head or tail and
// the headline: the separators of a site's name, and a kicker's colon.
var segmentSeparators = append(slices.Clone(titleSeparators), ": ")

// separatorRunes are what is left of a separator when a segment is cut.
const separatorRunes = " |-–—:·»«‹›/•"

// titleParts returns the first and last segment of title and the rest
// between them; ok is false for a title without a separator.
func titleParts(title string) (head, tail string, ok bool) {
	first, last := -1, -1
	var lastSep string
	for _, sep := range segmentSeparators {
		if i := strings.Index(title, sep); i > 0 && (first < 0 || i < first) {
			first = i
		}
		if i := strings.LastIndex(title, sep); i > 0 && i > last {
			last, lastSep = i, sep
		}
	}
	if first < 0 {
		return "", "", false
	}
	return title[:first], title[last+len(lastSep):], true
}

// titlePrints appends to prints those of the title's head and tail, when
// no block of the page has the same print: a page gives each print once.
func titlePrints(prints []newsdesk.SitePrint, title string) []newsdesk.SitePrint {
	head, tail, ok := titleParts(title)
	if !ok {
		return prints
	}
	add := func(s string, k newsdesk.PrintKind) {
		p, n := fingerprint(s)
		if n < 2 {
			return
		}
		for _, have := range prints {
			if have.Print == p {
				return
			}
		}
		prints = append(prints, newsdesk.SitePrint{Print: p, Kind: k, Text: s})
	}
	add(head, newsdesk.PrintTitleHead)
	add(tail, newsdesk.PrintTitleTail)
	return prints
}

// dropFurniture marks the blocks of the tree that are the site's
// furniture as junk, and returns their texts. A block is dropped only
// when its own text is most of what it holds, so that a box's recurring
// label does not take the article nested in it along; a recurring
// heading that heads a box of links takes the box along (headedBox).
func (t *tree) dropFurniture(tpl *newsdesk.SiteTemplate, prints []newsdesk.SitePrint) []string {
	if !tpl.Applies() || len(prints) == 0 {
		return nil
	}
	hit := map[uint64]bool{}
	for _, p := range prints {
		if p.Kind == newsdesk.PrintBlock && tpl.Furniture(p.Print, newsdesk.PrintBlock) {
			hit[p.Print] = true
		}
	}
	if len(hit) == 0 {
		return nil
	}
	var dropped []string
	var boxes []int
	t.blocks(nil, func(i, run int, text func() string, p uint64, _ int) (bool, bool) {
		nd := &t.nodes[i]
		if !hit[p] {
			return true, false
		}
		if run >= 0 {
			// One run of several: its inline elements go, if they hold
			// all of it.
			if elems, bare := t.runElements(i, run); !bare && len(elems) > 0 && t.printOf(elems) == p {
				for _, c := range elems {
					t.nodes[c].junk = true
				}
				dropped = append(dropped, text())
			}
			return true, false
		}
		if nd.textLen-nd.ownLen > max(20, nd.ownLen/5) {
			return true, false
		}
		if b := t.headedBox(i); b >= 0 {
			boxes = append(boxes, b)
			return true, true
		}
		nd.junk = true
		dropped = append(dropped, text())
		return true, true
	})
	for _, b := range boxes {
		if t.junkWithin(b) {
			continue
		}
		text, _ := t.textOf(b)
		t.nodes[b].junk = true
		dropped = append(dropped, collapse(text))
	}
	if len(dropped) > 0 {
		t.stats()
	}
	return dropped
}

// printOf returns the print of the own text of elements.
func (t *tree) printOf(elems []int) uint64 {
	var sb strings.Builder
	for _, c := range elems {
		ownText(t.nodes[c].n, &sb)
		sb.WriteByte(' ')
	}
	p, _ := fingerprint(sb.String())
	return p
}

// junkWithin reports whether node i or one of its ancestors is junk.
func (t *tree) junkWithin(i int) bool {
	for p := int32(i); p >= 0; p = t.nodes[p].parent {
		if t.nodes[p].junk {
			return true
		}
	}
	return false
}

// headedBox returns the box that furniture block i heads, or -1: a
// recurring heading ("Related Stories", "Most read") over items that
// change from page to page is a box of the site's, and goes as a whole.
// The heading must be a heading element and the first text of the box;
// a tenth of the box's text at least must be links (a pull quote under a
// recurring "Quote" heading is the article's own text); the box must hold
// less than half of the page's running text and not the page's headline,
// so that a recurring label at the top of the article does not take the
// article along.
func (t *tree) headedBox(i int) int {
	ns := t.nodes
	switch ns[i].tag {
	case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
	default:
		return -1
	}
	// Climb out of wrappers that hold nothing but the heading.
	b := ns[i].parent
	for b > 0 && ns[b].textLen == ns[i].textLen {
		b = ns[b].parent
	}
	if b <= 0 || ns[b].tag == atom.Body || ns[b].tag == atom.Main || ns[b].junk {
		return -1
	}
	for j := int(b) + 1; j < i; j++ {
		if ns[j].directLen > 0 && !ns[j].junk {
			return -1
		}
	}
	if ns[b].good*2 >= ns[0].good || ns[b].linkLen*10 < ns[b].textLen || t.holdsHeadline(int(b)) {
		return -1
	}
	return int(b)
}

// cutTitle removes from title what the site puts in every title: a
// recurring head or tail segment, or a furniture block run into the
// headline. It returns the title and what was cut.
func cutTitle(title string, tpl *newsdesk.SiteTemplate) (string, []string) {
	if !tpl.Applies() || title == "" {
		return title, nil
	}
	var cut []string
	for range 2 {
		head, tail, ok := titleParts(title)
		if !ok {
			break
		}
		changed := false
		if p, _ := fingerprint(head); tpl.Furniture(p, newsdesk.PrintTitleHead) {
			if rest := strings.TrimLeft(title[len(head):], separatorRunes); len(rest) >= 10 {
				cut, title, changed = append(cut, head), rest, true
			}
		}
		if head, tail, ok = titleParts(title); ok {
			if p, _ := fingerprint(tail); tpl.Furniture(p, newsdesk.PrintTitleTail) {
				if rest := strings.TrimRight(title[:len(title)-len(tail)], separatorRunes); len(rest) >= 10 {
					cut, title, changed = append(cut, tail), rest, true
				}
			}
		}
		if !changed {
			break
		}
	}
	for _, b := range tpl.Blocks {
		if b.Kind != newsdesk.PrintBlock || len(b.Sample) < 20 || len(b.Sample) >= maxPrintSample || !tpl.IsFurniture(b) {
			continue
		}
		if i := strings.Index(title, b.Sample); i >= 0 {
			if rest := strings.TrimSpace(title[:i] + " " + title[i+len(b.Sample):]); len(rest) >= 10 {
				cut, title = append(cut, b.Sample), collapse(rest)
			}
		}
	}
	return title, cut
}
