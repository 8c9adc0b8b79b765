package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A node is one part of a parsed query: a term, or an AND, OR or NOT of
// other nodes.
type node interface{ isNode() }

// term matches text: one word, or a phrase of words in order. Field is
// "" for the article's text (title, teaser, body and authors), "title"
// or "author"; fields "source" and "lang" are filters on the article's
// source and language and keep their value in Value.
type term struct {
	Field  string
	Value  string // the text as written, without quotes
	Phrase bool
}

type andNode struct{ Nodes []node }
type orNode struct{ Nodes []node }
type notNode struct{ Node node }

func (term) isNode()    {}
func (andNode) isNode() {}
func (orNode) isNode()  {}
func (notNode) isNode() {}

// fieldNames maps the field prefixes of the query syntax to fields.
var fieldNames = map[string]string{
	"title":    "title",
	"author":   "author",
	"authors":  "author",
	"by":       "author",
	"source":   "source",
	"site":     "source",
	"lang":     "lang",
	"language": "lang",
	"entity":   "entity",
	"speaker":  "speaker",
	"agency":   "agency",
	"story":    "story",
	"outlet":   "outlet",
}

// maxQueryNodes bounds the work a query can ask for.
const maxQueryNodes = 64

// parseQuery parses the search syntax of newsdesk.Query.Text:
//
//	word word        both words (AND is implied; the word AND is allowed)
//	"a phrase"       the words in this order
//	a OR b           either
//	NOT a, -a        not a
//	( … )            grouping
//	field:value      title:, author:, source:, lang:, entity:, speaker:,
//	                 agency:, story:, outlet: (value a word or a
//	                 "phrase"; outlet: takes a domain, spiegel.de, or a
//	                 name, outlet:"Frankfurter Rundschau", in any case)
//	field:( … )      the field for every word and phrase in the brackets
//	                 that names no field of its own
//
// OR, AND and NOT are operators only in capitals. Any input parses: stray
// quotes, brackets and operators are read as leniently as possible. The
// result is nil when the query has nothing to search for.
func parseQuery(s string) node {
	p := &parser{toks: lex(s)}
	n := p.or(0)
	return simplify(n)
}

type tokKind int

const (
	tWord tokKind = iota
	tPhrase
	tOr
	tAnd
	tNot
	tLParen
	tRParen
)

type token struct {
	kind  tokKind
	text  string
	field string // for tWord, tPhrase and tLParen: the field prefix, if any
}

func lex(s string) []token {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r) || r == utf8.RuneError:
			i += size
		case r == '(':
			toks = append(toks, token{kind: tLParen})
			i += size
		case r == ')':
			toks = append(toks, token{kind: tRParen})
			i += size
		case r == '"' || r == '“' || r == '„' || r == '”':
			text, n := quoted(s[i+size:])
			toks = append(toks, token{kind: tPhrase, text: text})
			i += size + n
		case r == '-' && i+1 < len(s) && !isSpaceByte(s[i+1]):
			toks = append(toks, token{kind: tNot})
			i += size
		default:
			j := i
			for j < len(s) {
				r, n := utf8.DecodeRuneInString(s[j:])
				if unicode.IsSpace(r) || r == '(' || r == ')' || r == '"' || r == '“' || r == '„' || r == '”' {
					break
				}
				j += n
			}
			w := s[i:j]
			i = j
			switch w {
			case "OR", "|", "||":
				toks = append(toks, token{kind: tOr})
				continue
			case "AND", "&", "&&", "+":
				toks = append(toks, token{kind: tAnd})
				continue
			case "NOT":
				toks = append(toks, token{kind: tNot})
				continue
			}
			if k := strings.IndexByte(w, ':'); k > 0 {
				if f, ok := fieldNames[strings.ToLower(w[:k])]; ok {
					rest := w[k+1:]
					if rest == "" && i < len(s) {
						r, n := utf8.DecodeRuneInString(s[i:])
						switch r {
						case '"', '“', '„':
							text, m := quoted(s[i+n:])
							toks = append(toks, token{kind: tPhrase, text: text, field: f})
							i += n + m
							continue
						case '(':
							toks = append(toks, token{kind: tLParen, field: f})
							i += n
							continue
						}
					}
					if rest != "" {
						toks = append(toks, token{kind: tWord, text: rest, field: f})
					}
					continue
				}
			}
			toks = append(toks, token{kind: tWord, text: w})
		}
	}
	return toks
}

// quoted returns the text up to the closing quote (or the end) and the
// bytes read, closing quote included.
func quoted(s string) (string, int) {
	for i, r := range s {
		if r == '"' || r == '”' || r == '“' {
			return s[:i], i + utf8.RuneLen(r)
		}
	}
	return s, len(s)
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

type parser struct {
	toks  []token
	pos   int
	nodes int
}

func (p *parser) peek() (token, bool) {
	if p.pos < len(p.toks) {
		return p.toks[p.pos], true
	}
	return token{}, false
}

// or parses and-expressions separated by OR.
func (p *parser) or(depth int) node {
	var alts []node
	for {
		if n := p.and(depth); n != nil {
			alts = append(alts, n)
		}
		t, ok := p.peek()
		if !ok || t.kind != tOr {
			break
		}
		p.pos++
	}
	switch len(alts) {
	case 0:
		return nil
	case 1:
		return alts[0]
	}
	return orNode{alts}
}

// and parses unary expressions up to an OR, a closing bracket or the end.
func (p *parser) and(depth int) node {
	var parts []node
	for {
		t, ok := p.peek()
		if !ok || t.kind == tOr {
			break
		}
		if t.kind == tRParen {
			if depth > 0 {
				break
			}
			p.pos++ // a stray closing bracket
			continue
		}
		if t.kind == tAnd {
			p.pos++
			continue
		}
		if n := p.unary(depth); n != nil {
			parts = append(parts, n)
		}
	}
	switch len(parts) {
	case 0:
		return nil
	case 1:
		return parts[0]
	}
	return andNode{parts}
}

func (p *parser) unary(depth int) node {
	t, _ := p.peek()
	switch t.kind {
	case tNot:
		p.pos++
		if nt, ok := p.peek(); !ok || nt.kind == tOr || nt.kind == tRParen {
			return nil
		}
		n := p.unary(depth)
		if n == nil {
			return nil
		}
		return notNode{n}
	case tLParen:
		p.pos++
		if depth >= 8 {
			// Too deep: read the rest of the group flat.
			depth--
		}
		n := p.or(depth + 1)
		if t, ok := p.peek(); ok && t.kind == tRParen {
			p.pos++
		}
		if t.field != "" {
			n = withField(n, t.field)
		}
		return n
	case tWord, tPhrase:
		p.pos++
		p.nodes++
		if p.nodes > maxQueryNodes {
			return nil
		}
		return term{Field: t.field, Value: t.text, Phrase: t.kind == tPhrase}
	}
	p.pos++
	return nil
}

// withField gives field to every term of n that has none, at any depth:
// title:(a OR (b -c)) is title:a OR (title:b -title:c), and the field a
// term names itself is kept.
func withField(n node, field string) node {
	switch n := n.(type) {
	case term:
		if n.Field == "" {
			n.Field = field
		}
		return n
	case notNode:
		return notNode{withField(n.Node, field)}
	case andNode:
		return andNode{fieldAll(n.Nodes, field)}
	case orNode:
		return orNode{fieldAll(n.Nodes, field)}
	}
	return n
}

func fieldAll(ns []node, field string) []node {
	out := make([]node, len(ns))
	for i, k := range ns {
		out[i] = withField(k, field)
	}
	return out
}

// simplify flattens nested ANDs and ORs and drops empty terms.
func simplify(n node) node {
	switch n := n.(type) {
	case term:
		if strings.TrimSpace(n.Value) == "" {
			return nil
		}
		return n
	case notNode:
		c := simplify(n.Node)
		if c == nil {
			return nil
		}
		if nn, ok := c.(notNode); ok {
			return nn.Node
		}
		return notNode{c}
	case andNode:
		var out []node
		for _, c := range n.Nodes {
			c = simplify(c)
			if a, ok := c.(andNode); ok {
				out = append(out, a.Nodes...)
			} else if c != nil {
				out = append(out, c)
			}
		}
		return collapse(out, func(ns []node) node { return andNode{ns} })
	case orNode:
		var out []node
		for _, c := range n.Nodes {
			c = simplify(c)
			if o, ok := c.(orNode); ok {
				out = append(out, o.Nodes...)
			} else if c != nil {
				out = append(out, c)
			}
		}
		return collapse(out, func(ns []node) node { return orNode{ns} })
	}
	return nil
}

func collapse(ns []node, mk func([]node) node) node {
	switch len(ns) {
	case 0:
		return nil
	case 1:
		return ns[0]
	}
	return mk(ns)
}
