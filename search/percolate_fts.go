package search

import (
	"errors"
	"fmt"
	"strings"
)

// The Percolator matches an article against the very MATCH expressions
// Search gives FTS5, read back by the model of FTS5 in this file: its
// ascii tokenizer, the part of its query language that compile and
// Search write (strings, column filters, brackets, AND, OR, NOT) and its
// evaluation over one row.

// The columns of the fts tables, in order (see ftsSchema).
const (
	colTitle = iota
	colSubtitle
	colBody
	colAuthors
	colTags
	ftsCols
)

// allCols is the column mask of a phrase without a column filter.
const allCols = 1<<ftsCols - 1

// ftsColumns maps the column names of a column filter to columns.
var ftsColumns = map[string]int{"title": colTitle, "subtitle": colSubtitle, "body": colBody, "authors": colAuthors, "tags": colTags}

// ftsMaxToken is how many bytes of a token FTS5 keeps, in the index and
// in queries alike (FTS5_MAX_TOKEN_SIZE).
const ftsMaxToken = 32768

// ftsTokens calls fn for each token FTS5's ascii tokenizer reads in s:
// runs of ASCII letters and digits and of bytes beyond ASCII (which it
// takes all as token characters), ASCII letters lower-cased, at most
// ftsMaxToken bytes of each.
func ftsTokens(s string, fn func(tok string)) {
	start := -1
	upper := false
	emit := func(end int) {
		t := s[start:end]
		if upper {
			t = strings.ToLower(t) // ASCII only: the rest has no upper case here
		}
		if len(t) > ftsMaxToken {
			t = t[:ftsMaxToken]
		}
		fn(t)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		isUpper := 'A' <= c && c <= 'Z'
		if c >= 0x80 || isUpper || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if start < 0 {
				start, upper = i, false
			}
			upper = upper || isUpper
			continue
		}
		if start >= 0 {
			emit(i)
			start = -1
		}
	}
	if start >= 0 {
		emit(len(s))
	}
}

// ftsOp is the kind of an ftsExpr.
type ftsOp uint8

const (
	opPhrase ftsOp = iota
	opAnd
	opOr
	opNot // kids[0] NOT kids[1]
)

// ftsExpr is an FTS5 MATCH expression: a phrase (its tokens, in the
// columns of cols) or an AND, OR or NOT of others. A phrase of no
// tokens matches no row, as in FTS5.
type ftsExpr struct {
	op   ftsOp
	kids []*ftsExpr
	toks []string
	cols uint8
}

// errFTSSyntax is returned by parseFTS for an expression outside the
// part of FTS5's syntax that Search writes.
var errFTSSyntax = errors.New("search: percolate: unexpected MATCH expression")

// parseFTS reads a MATCH expression as FTS5 does: NOT binds tighter
// than AND, AND tighter than OR, each from left to right; "col : x"
// applies to the phrase or the bracketed expression x.
func parseFTS(s string) (*ftsExpr, error) {
	p := &ftsParser{s: s}
	e, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.next(); p.kind != ftsEnd {
		return nil, fmt.Errorf("%w: %q at %d", errFTSSyntax, s, p.at)
	}
	return e, nil
}

type ftsTok uint8

const (
	ftsEnd ftsTok = iota
	ftsString
	ftsWord
	ftsLParen
	ftsRParen
	ftsColon
)

type ftsParser struct {
	s    string
	at   int // where the current token begins
	pos  int // after it
	kind ftsTok
	text string // of a string (unquoted) or a bare word
	back bool   // the current token is to be read again
}

// next reads the next token into p.kind and p.text.
func (p *ftsParser) next() {
	if p.back {
		p.back = false
		return
	}
	for p.pos < len(p.s) && (p.s[p.pos] == ' ' || p.s[p.pos] == '\t' || p.s[p.pos] == '\n' || p.s[p.pos] == '\r') {
		p.pos++
	}
	p.at = p.pos
	if p.pos >= len(p.s) {
		p.kind = ftsEnd
		return
	}
	switch c := p.s[p.pos]; c {
	case '(':
		p.kind, p.pos = ftsLParen, p.pos+1
	case ')':
		p.kind, p.pos = ftsRParen, p.pos+1
	case ':':
		p.kind, p.pos = ftsColon, p.pos+1
	case '"':
		var b strings.Builder
		i := p.pos + 1
		for i < len(p.s) {
			if p.s[i] == '"' {
				if i+1 < len(p.s) && p.s[i+1] == '"' {
					b.WriteByte('"')
					i += 2
					continue
				}
				break
			}
			b.WriteByte(p.s[i])
			i++
		}
		p.kind, p.text, p.pos = ftsString, b.String(), i+1
	default:
		i := p.pos
		for i < len(p.s) && strings.IndexByte(" \t\n\r():\"", p.s[i]) < 0 {
			i++
		}
		p.kind, p.text, p.pos = ftsWord, p.s[p.pos:i], i
	}
}

func (p *ftsParser) unread() { p.back = true }

// keyword reports whether the next token is the operator op, and reads
// it if so.
func (p *ftsParser) keyword(op string) bool {
	p.next()
	if p.kind == ftsWord && p.text == op {
		return true
	}
	p.unread()
	return false
}

func (p *ftsParser) or() (*ftsExpr, error) {
	return p.binary(opOr, "OR", p.and)
}

func (p *ftsParser) and() (*ftsExpr, error) {
	return p.binary(opAnd, "AND", p.not)
}

func (p *ftsParser) binary(op ftsOp, word string, operand func() (*ftsExpr, error)) (*ftsExpr, error) {
	e, err := operand()
	if err != nil {
		return nil, err
	}
	for p.keyword(word) {
		r, err := operand()
		if err != nil {
			return nil, err
		}
		if e.op == op {
			e.kids = append(e.kids, r)
		} else {
			e = &ftsExpr{op: op, kids: []*ftsExpr{e, r}}
		}
	}
	return e, nil
}

func (p *ftsParser) not() (*ftsExpr, error) {
	e, err := p.primary()
	if err != nil {
		return nil, err
	}
	for p.keyword("NOT") {
		r, err := p.primary()
		if err != nil {
			return nil, err
		}
		e = &ftsExpr{op: opNot, kids: []*ftsExpr{e, r}}
	}
	return e, nil
}

// primary reads a phrase, a column filter or a bracketed expression.
func (p *ftsParser) primary() (*ftsExpr, error) {
	p.next()
	switch p.kind {
	case ftsString:
		return phraseOf(p.text, allCols), nil
	case ftsLParen:
		e, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next(); p.kind != ftsRParen {
			return nil, fmt.Errorf("%w: %q: no ) at %d", errFTSSyntax, p.s, p.at)
		}
		return e, nil
	case ftsWord:
		col, ok := ftsColumns[strings.ToLower(p.text)]
		if !ok {
			break
		}
		if p.next(); p.kind != ftsColon {
			break
		}
		e, err := p.primary()
		if err != nil {
			return nil, err
		}
		e.restrict(1 << col)
		return e, nil
	}
	return nil, fmt.Errorf("%w: %q at %d", errFTSSyntax, p.s, p.at)
}

// phraseOf returns the phrase of the tokens of s in the columns cols.
func phraseOf(s string, cols uint8) *ftsExpr {
	e := &ftsExpr{op: opPhrase, cols: cols}
	ftsTokens(s, func(t string) { e.toks = append(e.toks, strings.Clone(t)) })
	return e
}

// restrict keeps every phrase of e to the columns of mask.
func (e *ftsExpr) restrict(mask uint8) {
	if e.op == opPhrase {
		e.cols &= mask
		return
	}
	for _, k := range e.kids {
		k.restrict(mask)
	}
}

// eval reports whether the row d matches e.
func (e *ftsExpr) eval(d *ftsDoc) bool {
	switch e.op {
	case opPhrase:
		return d.phrase(e.toks, e.cols)
	case opAnd:
		for _, k := range e.kids {
			if !k.eval(d) {
				return false
			}
		}
		return true
	case opOr:
		for _, k := range e.kids {
			if k.eval(d) {
				return true
			}
		}
		return false
	case opNot:
		return e.kids[0].eval(d) && !e.kids[1].eval(d)
	}
	return false
}

// need returns tokens at least one of which every row that matches e
// holds, chosen to be rare (an AND needs only one of its parts), and
// the estimated share of rows that hold one. No tokens means that no
// row matches.
func (e *ftsExpr) need() ([]string, float64) {
	switch e.op {
	case opPhrase:
		if len(e.toks) == 0 || e.cols == 0 {
			return nil, 0
		}
		best := e.toks[0]
		for _, t := range e.toks[1:] {
			if tokenShare(t) < tokenShare(best) {
				best = t
			}
		}
		return []string{best}, tokenShare(best)
	case opAnd:
		var best []string
		bestCost := 2.0
		for _, k := range e.kids {
			ts, c := k.need()
			if len(ts) == 0 {
				return nil, 0
			}
			if c < bestCost {
				best, bestCost = ts, c
			}
		}
		return best, bestCost
	case opOr:
		var all []string
		cost := 0.0
		for _, k := range e.kids {
			ts, c := k.need()
			all = append(all, ts...)
			cost += c
		}
		return all, min(cost, 1)
	case opNot:
		return e.kids[0].need()
	}
	return nil, 0
}

// tokenShare guesses the share of articles that hold the token: tags of
// languages are common, of sources and sites less so, of entities,
// speakers, agencies and stories rare; a word the rarer the longer.
func tokenShare(t string) float64 {
	if rest, ok := strings.CutPrefix(t, tagMark); ok && rest != "" {
		switch rest[0] {
		case 'l':
			return 0.5
		case 's', 'n':
			return 0.05
		}
		return 0.005
	}
	n := float64(len(t))
	return min(0.5, 2/(n*n))
}

// ftsDoc is one row of an fts table as the Percolator sees it: the
// tokens of its columns with their positions.
type ftsDoc struct {
	ids  map[string]int32 // token → number
	toks []string         // by number
	seq  []int32          // the tokens' numbers, column after column
	ends [ftsCols]int32   // the end of each column in seq
	head []int32          // by number: a place in seq of the token, -1 for none
	next []int32          // by place: the token's next place, -1 for none
}

func newFTSDoc() *ftsDoc { return &ftsDoc{ids: make(map[string]int32, 1024)} }

// reset empties d for another row.
func (d *ftsDoc) reset() {
	clear(d.ids)
	clear(d.toks)
	d.toks, d.seq, d.head, d.next = d.toks[:0], d.seq[:0], d.head[:0], d.next[:0]
	d.ends = [ftsCols]int32{}
}

// setColumns fills d from the text of each column, as the fts table is
// given it.
func (d *ftsDoc) setColumns(cols *[ftsCols]string) {
	d.reset()
	for c, s := range cols {
		ftsTokens(s, d.add)
		d.ends[c] = int32(len(d.seq))
	}
}

func (d *ftsDoc) add(t string) {
	id, ok := d.ids[t]
	if !ok {
		id = int32(len(d.toks))
		d.ids[t] = id
		d.toks = append(d.toks, t)
		d.head = append(d.head, -1)
	}
	at := int32(len(d.seq))
	d.seq = append(d.seq, id)
	d.next = append(d.next, d.head[id])
	d.head[id] = at
}

// columnOf returns the column of place g in d.seq.
func (d *ftsDoc) columnOf(g int32) int {
	c := 0
	for g >= d.ends[c] {
		c++
	}
	return c
}

// phrase reports whether the tokens toks follow each other in one of
// the columns of cols.
func (d *ftsDoc) phrase(toks []string, cols uint8) bool {
	if len(toks) == 0 || cols == 0 {
		return false
	}
	var buf [8]int32
	ids := buf[:0]
	for _, t := range toks {
		id, ok := d.ids[t]
		if !ok {
			return false
		}
		ids = append(ids, id)
	}
	if len(ids) == 1 && cols == allCols {
		return true
	}
	n := int32(len(ids))
	for g := d.head[ids[0]]; g >= 0; g = d.next[g] {
		c := d.columnOf(g)
		if cols&(1<<c) == 0 || g+n > d.ends[c] {
			continue
		}
		k := int32(1)
		for k < n && d.seq[g+k] == ids[k] {
			k++
		}
		if k == n {
			return true
		}
	}
	return false
}
