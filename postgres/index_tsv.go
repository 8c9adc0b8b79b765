package postgres

import (
	"strconv"
	"strings"

	"newsdesk/search"
)

// The terms of an article (search.Document.Columns) become one tsvector
// of the 'simple' kind, written as a literal so that PostgreSQL neither
// splits nor stems them again. Each column has a weight, so that a
// column filter of the query is a weight filter of the tsquery:
//
//	title A, subtitle B, body C, authors D, tags D
//
// (authors and tags may share one: no word is a tag). The columns follow
// each other in the order title, subtitle, authors, tags, body, with one
// position left free between two, so that a phrase cannot run from one
// column into the next, as in FTS5. PostgreSQL keeps positions up to
// 16,383 and 256 positions of one lexeme: a phrase is not found beyond
// the 16,381st word of an article (about 100 KB of text, the body
// last), nor among the repetitions of a word after its 256th; a single
// word is found wherever it is.
//
// A tsvector holds at most 1 MB of lexemes: the words of an article
// beyond that many bytes of distinct words are not kept (a text of
// distinct words of that size is no article).
const (
	maxTSPos     = 16383
	maxLexemePos = 256
	maxLexemes   = 1<<20 - 1<<10
)

// columnOrder is the order of the columns in the tsvector, with their
// weights.
var columnOrder = [search.NumColumns]struct {
	col    int
	weight byte
}{
	{0, 'A'}, // title
	{1, 'B'}, // subtitle
	{3, 'D'}, // authors
	{4, 'D'}, // tags
	{2, 'C'}, // body
}

// columnWeight is the weight of each column, by its index in
// search.Document.Columns.
var columnWeight = [search.NumColumns]byte{'A', 'B', 'C', 'D', 'D'}

// tsvectorOf returns the tsvector literal of the terms of d.
func tsvectorOf(d *search.Document) string {
	type lexeme struct {
		pos    []string
		weight byte // of the first occurrence
	}
	lex := map[string]*lexeme{}
	var order []string
	pos, size := 0, 0
	for _, c := range columnOrder {
		for _, t := range d.Columns[c.col] {
			pos++
			l := lex[t]
			if l == nil {
				if size += len(t); size > maxLexemes {
					continue
				}
				l = &lexeme{weight: c.weight}
				lex[t] = l
				order = append(order, t)
			}
			if len(l.pos) < maxLexemePos && pos <= maxTSPos-2 {
				p := strconv.Itoa(pos)
				if c.weight != 'D' {
					p += string(c.weight)
				}
				l.pos = append(l.pos, p)
			}
		}
		pos++ // a gap between columns
	}
	var b strings.Builder
	for _, t := range order {
		l := lex[t]
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		writeLexeme(&b, t)
		if len(l.pos) > 0 {
			b.WriteByte(':')
			b.WriteString(strings.Join(l.pos, ","))
		} else {
			// Only beyond the positions kept: the word is still found,
			// at a position no other word of a phrase can be next to.
			b.WriteString(":" + strconv.Itoa(maxTSPos))
			if l.weight != 'D' {
				b.WriteByte(l.weight)
			}
		}
	}
	return b.String()
}

// writeLexeme writes t quoted as tsvector and tsquery literals read it.
func writeLexeme(b *strings.Builder, t string) {
	b.WriteByte('\'')
	for _, r := range t {
		switch r {
		case '\'':
			b.WriteString("''")
		case '\\':
			b.WriteString(`\\`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('\'')
}

// tsqueryOf returns the tsquery literal of e, and false when e matches
// no document (a phrase without terms or columns, and what holds only
// such phrases), which no tsquery says.
func tsqueryOf(e *search.Expr) (string, bool) {
	switch e.Op {
	case search.ExprPhrase:
		if len(e.Terms) == 0 || e.Columns == 0 {
			return "", false
		}
		weights := ""
		if e.Columns&(search.AllColumns&^search.ColumnTags) != search.AllColumns&^search.ColumnTags {
			var ws [4]bool
			for c := range search.NumColumns {
				if e.Columns&(1<<c) != 0 {
					ws[columnWeight[c]-'A'] = true
				}
			}
			for i, w := range ws {
				if w {
					weights += string(rune('A' + i))
				}
			}
		}
		var b strings.Builder
		if len(e.Terms) > 1 {
			b.WriteByte('(')
		}
		for i, t := range e.Terms {
			if i > 0 {
				b.WriteString(" <-> ")
			}
			writeLexeme(&b, t)
			if weights != "" {
				b.WriteString(":" + weights)
			}
		}
		if len(e.Terms) > 1 {
			b.WriteByte(')')
		}
		return b.String(), true
	case search.ExprAnd:
		var parts []string
		for _, k := range e.Kids {
			s, ok := tsqueryOf(k)
			if !ok {
				return "", false
			}
			parts = append(parts, "("+s+")")
		}
		return strings.Join(parts, " & "), len(parts) > 0
	case search.ExprOr:
		var parts []string
		for _, k := range e.Kids {
			if s, ok := tsqueryOf(k); ok {
				parts = append(parts, "("+s+")")
			}
		}
		return strings.Join(parts, " | "), len(parts) > 0
	case search.ExprNot:
		a, ok := tsqueryOf(e.Kids[0])
		if !ok {
			return "", false
		}
		b, ok := tsqueryOf(e.Kids[1])
		if !ok {
			return a, true
		}
		return "(" + a + ") & !(" + b + ")", true
	}
	return "", false
}
