package search

import (
	"slices"
	"strings"

	"newsdesk/search/analysis"
)

// Snippet markers, as newsdesk.Hit.Snippet documents them.
const (
	markStart = "\x02"
	markEnd   = "\x03"
)

// snippetWords is the length of a snippet in words.
const snippetWords = 32

// snippetScan is how much of a text is searched for the best snippet.
const snippetScan = 64 << 10

type span struct {
	start, end int
	hit        bool
	term       string
}

// snippet returns about snippetWords words of text around the densest run
// of words whose term, in the analysis lang, is in terms, with each such
// word between markStart and markEnd. Without a match it returns the
// beginning of text. Line breaks become spaces; "…" marks a cut.
func snippet(text, lang string, terms map[string]bool) string {
	s, _ := snippetOf(text, lang, terms)
	return s
}

// snippetFirst is how much of a text is searched first: if a snippet there
// has every term, the rest is not read.
const snippetFirst = 16 << 10

// snippetOf returns snippet(text, lang, terms) and whether it has every
// term of terms and ends before the end of text: then the text after
// could only give a snippet of the same terms more often.
func snippetOf(text, lang string, terms map[string]bool) (string, bool) {
	if len(text) > snippetScan {
		text = text[:snippetScan]
	}
	// A term begins with the first letters of its word, folded: only
	// words that begin like a term are analysed.
	prefixes := make([][prefixLen]byte, 0, len(terms))
	for t := range terms {
		var p [prefixLen]byte
		copy(p[:], t)
		prefixes = append(prefixes, p)
	}
	words := make([]span, 0, len(text)/5)
	analysis.Words(text, func(w string, s, e int) {
		sp := span{start: s, end: e}
		if p, ok := asciiPrefix(w); !ok || len(w) < prefixLen && len(terms) > 0 || slices.Contains(prefixes, p) {
			sp.term = analysis.Term(lang, w)
			sp.hit = terms[sp.term]
		}
		words = append(words, sp)
	})
	if len(words) == 0 {
		return "", false
	}
	// Slide a window over the words, scoring distinct matched terms
	// first and matches second.
	best, bestScore, bestDistinct := 0, -1, 0
	count := map[string]int{}
	distinct, hits := 0, 0
	for i, w := range words {
		if w.hit {
			hits++
			if count[w.term]++; count[w.term] == 1 {
				distinct++
			}
		}
		if j := i - snippetWords; j >= 0 && words[j].hit {
			hits--
			if count[words[j].term]--; count[words[j].term] == 0 {
				distinct--
			}
		}
		if score := distinct*1000 + hits; score > bestScore && hits > 0 {
			best, bestScore, bestDistinct = max(0, i-snippetWords+1), score, distinct
		}
	}
	start := 0
	if bestScore > 0 {
		// Begin a few words before the first match of the window.
		for k := best; k < len(words); k++ {
			if words[k].hit {
				start = max(0, k-4)
				break
			}
		}
	}
	end := min(len(words), start+snippetWords)
	if end-start < snippetWords {
		start = max(0, end-snippetWords)
	}

	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	prev := words[start].start
	for _, w := range words[start:end] {
		writeClean(&b, text[prev:w.start])
		if w.hit {
			b.WriteString(markStart)
			writeClean(&b, text[w.start:w.end])
			b.WriteString(markEnd)
		} else {
			writeClean(&b, text[w.start:w.end])
		}
		prev = w.end
	}
	if end < len(words) {
		b.WriteString(" …")
	} else {
		// Keep the closing punctuation of the text.
		writeClean(&b, strings.TrimRightFunc(text[prev:], func(r rune) bool { return r == '\n' || r == ' ' || r == '\t' }))
	}
	return b.String(), bestDistinct == len(terms) && end < len(words)
}

const prefixLen = 3

// asciiPrefix returns the first prefixLen bytes of w in lower case,
// padded with zeros, or false if one of them is not ASCII.
func asciiPrefix(w string) ([prefixLen]byte, bool) {
	var p [prefixLen]byte
	for i := range min(len(w), prefixLen) {
		c := w[i]
		switch {
		case c >= 0x80:
			return p, false
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		}
		p[i] = c
	}
	return p, true
}

// writeClean writes s with runs of white space made one space and the
// snippet markers taken out.
func writeClean(b *strings.Builder, s string) {
	space := false
	for _, r := range s {
		switch r {
		case ' ', '\n', '\t', '\r', '\u00a0':
			space = true
			continue
		case '\x02', '\x03':
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
}

// hitSnippet returns the snippet of a hit in the analysis an around the
// words of terms: from its body, of which read returns the first n
// bytes (all of it for n < 0), or from its teaser (subtitle) when the
// body has no match and the teaser has, or the body is empty. Most
// snippets are found in the beginning of the body; the long bodies that
// rank high for frequent words are not read to the end.
func hitSnippet(read func(n int64) (string, error), subtitle, an string, terms map[string]bool) (string, error) {
	text, err := read(snippetFirst)
	if err != nil {
		return "", err
	}
	s, whole := snippetOf(text, an, terms)
	if !whole && len(text) == snippetFirst {
		if text, err = read(snippetScan); err != nil {
			return "", err
		}
		s = snippet(text, an, terms)
	}
	if !strings.Contains(s, markStart) && subtitle != "" {
		if t := snippet(subtitle, an, terms); strings.Contains(t, markStart) || text == "" {
			s = t
		}
	}
	return s, nil
}
