package search

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"

	"newsdesk/lang"
	"newsdesk/search/analysis"
	"newsdesk/urlnorm"
)

// Tags are the filter tokens of the fts column tags. They begin with
// tagMark, which analysis.Words never takes into a word, so a tag never
// meets a term of the text and needs no column filter.
const tagMark = "§"

func langTag(code string) string { return tagMark + "l" + code }
func sourceTag(id int64) string  { return tagMark + "s" + strconv.FormatInt(id, 10) }
func siteTag(word string) string { return tagMark + "n" + analysis.Fold(word) }

// entityTag is the tag of an entity id: a hash, since ids hold
// characters the tokenizer splits at.
func entityTag(id string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(id)))
	return tagMark + "e" + hex.EncodeToString(sum[:8])
}

// speakerTag is the tag of the entity id of a quoted speaker.
func speakerTag(id string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(id)))
	return tagMark + "q" + hex.EncodeToString(sum[:8])
}

// outletNorm returns what an outlet named by s is tagged by: the
// registrable domain s names ("www.Spiegel.de", "https://spiegel.de/"
// → "spiegel.de"), else the folded words of s joined by a space
// ("Frankfurter  Rundschau" → "frankfurter rundschau", "t-online" → "t
// online").
func outletNorm(s string) string {
	if strings.Contains(s, ".") {
		if d := urlnorm.DomainOf(s); d != "" {
			return d
		}
	}
	var b strings.Builder
	analysis.Words(s, func(w string, _, _ int) {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(analysis.Fold(w))
	})
	return b.String()
}

// outletTag is the tag of an outlet's domain or name: a hash of its
// outletNorm, since domains and names hold characters the tokenizer
// splits at. "" when s has nothing to tag.
func outletTag(s string) string {
	n := outletNorm(s)
	if n == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(n))
	return tagMark + "o" + hex.EncodeToString(sum[:8])
}

// appendOutletTags appends the tags of an article's outlet: of its
// domain and of its name.
func appendOutletTags(tags []string, domain, name string) []string {
	d, n := outletTag(domain), outletTag(name)
	if d != "" {
		tags = append(tags, d)
	}
	if n != "" && n != d {
		tags = append(tags, n)
	}
	return tags
}

// storyTag is the tag of the story an article belongs to.
func storyTag(id int64) string { return tagMark + "t" + strconv.FormatInt(id, 10) }

// agencyTag is the tag of an agency credited for an article, by its
// short name in any case ("dpa", "AFP").
func agencyTag(name string) string {
	var b strings.Builder
	analysis.Words(name, func(w string, _, _ int) { b.WriteString(analysis.Fold(w)) })
	return tagMark + "a" + b.String()
}

// analyses are the analyses a query word is looked up with when the query
// does not fix a language: an article's words were analysed in its own
// language, so a query word must meet each.
var analyses = []string{analysis.German, analysis.English, analysis.Neutral}

// compiled is a parsed query made into an FTS5 MATCH expression.
type compiled struct {
	// match is the expression every hit matches; "" when the query has
	// no positive part.
	match string
	// exclude, if not "", is an expression no hit matches (for a query
	// of negations only, which FTS5 cannot express alone).
	exclude string
	// highlight holds, per analysis, the terms to mark in snippets.
	highlight map[string]map[string]bool
}

type compiler struct {
	langs     []string
	highlight map[string]map[string]bool
	// outlets gives, by outletNorm, the domains of the outlets whose
	// name an outlet: term names (see outletTerms): their articles are
	// found too, whatever name they were indexed with.
	outlets map[string][]string
}

// compile makes the MATCH expression for n, looking words up in the
// analyses of langs.
func compile(n node, langs []string) compiled { return compileWith(n, langs, nil) }

// compileWith is compile with the domains of the outlets of outlet:
// names (see compiler.outlets).
func compileWith(n node, langs []string, outlets map[string][]string) compiled {
	if a, ok := n.(andNode); ok && len(langs) == 1 && langs[0] != analysis.Neutral {
		// Only articles in langs[0] have this analysis (and its fts
		// table): a lang: term of that language is true of them all,
		// and left out if something else remains to match.
		var rest []node
		positive := false
		for _, k := range a.Nodes {
			if t, ok := k.(term); ok && t.Field == "lang" && lang.Normalize(t.Value) == langs[0] {
				continue
			}
			if _, ok := k.(notNode); !ok {
				positive = true
			}
			rest = append(rest, k)
		}
		if positive && len(rest) < len(a.Nodes) {
			if c := compileWith(collapse(rest, func(ns []node) node { return andNode{ns} }), langs, outlets); c.match != "" {
				return c
			}
		}
	}
	c := &compiler{langs: langs, highlight: map[string]map[string]bool{}, outlets: outlets}
	pos, neg := c.split(n)
	return compiled{match: pos, exclude: neg, highlight: c.highlight}
}

// split compiles n into a positive expression and, for a node made only
// of negations, the expression it excludes.
func (c *compiler) split(n node) (pos, neg string) {
	switch n := n.(type) {
	case nil:
		return "", ""
	case notNode:
		return "", c.expr(n.Node, false)
	case andNode:
		var ps, ns []string
		for _, k := range n.Nodes {
			if not, ok := k.(notNode); ok {
				if e := c.expr(not.Node, false); e != "" {
					ns = append(ns, e)
				}
				continue
			}
			if e := c.expr(k, true); e != "" {
				ps = append(ps, e)
			}
		}
		if len(ps) == 0 {
			return "", join(ns, " OR ")
		}
		pos = join(ps, " AND ")
		if len(ns) > 0 {
			pos = "(" + pos + ") NOT (" + join(ns, " OR ") + ")"
		}
		return pos, ""
	}
	return c.expr(n, true), ""
}

// expr compiles n; highlight says whether its words are marked in
// snippets. An OR drops alternatives made only of negations.
func (c *compiler) expr(n node, highlight bool) string {
	switch n := n.(type) {
	case term:
		return c.term(n, highlight)
	case orNode:
		var es []string
		for _, k := range n.Nodes {
			p, _ := c.split(k)
			if p != "" {
				es = append(es, "("+p+")")
			}
		}
		return strings.Join(es, " OR ")
	case andNode, notNode:
		p, ng := c.split(n)
		if p == "" && ng != "" {
			return ""
		}
		return p
	}
	return ""
}

func join(es []string, sep string) string {
	if len(es) == 1 {
		return es[0]
	}
	for i, e := range es {
		es[i] = "(" + e + ")"
	}
	return strings.Join(es, sep)
}

// term compiles one word or phrase: for each analysis, the phrase of the
// terms of its words; the distinct phrases are OR-ed.
func (c *compiler) term(t term, highlight bool) string {
	switch t.Field {
	case "lang":
		code := lang.Normalize(t.Value)
		if code == "" {
			code = strings.ToLower(strings.TrimSpace(t.Value))
		}
		return quote(langTag(analysis.Fold(code)))
	case "source":
		v := strings.TrimSpace(t.Value)
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			return quote(sourceTag(id))
		}
		var parts []string
		analysis.Words(v, func(w string, _, _ int) { parts = append(parts, quote(siteTag(w))) })
		if len(parts) == 0 {
			return ""
		}
		return "(" + strings.Join(parts, " AND ") + ")"
	case "outlet":
		return outletMatch(t.Value, c.outlets)
	case "entity":
		if v := strings.TrimSpace(t.Value); v != "" {
			return quote(entityTag(v))
		}
		return ""
	case "speaker":
		if v := strings.TrimSpace(t.Value); v != "" {
			return quote(speakerTag(v))
		}
		return ""
	case "agency":
		if v := agencyTag(t.Value); v != agencyTag("") {
			return quote(v)
		}
		return ""
	case "story":
		if id, err := strconv.ParseInt(strings.TrimSpace(t.Value), 10, 64); err == nil && id > 0 {
			return quote(storyTag(id))
		}
		return ""
	case "author":
		ts := analysis.Terms(analysis.Neutral, t.Value, nil)
		if len(ts) == 0 {
			return ""
		}
		return "authors : " + quote(strings.Join(ts, " "))
	}
	var alts []string
	seen := map[string]bool{}
	for _, l := range c.langs {
		ts := analysis.Terms(l, t.Value, nil)
		if len(ts) == 0 {
			return ""
		}
		p := quote(strings.Join(ts, " "))
		if !seen[p] {
			seen[p] = true
			alts = append(alts, p)
		}
		if highlight {
			h := c.highlight[l]
			if h == nil {
				h = map[string]bool{}
				c.highlight[l] = h
			}
			for _, x := range ts {
				h[x] = true
			}
		}
	}
	// A word without a field is looked up in every column: title,
	// teaser, body and authors (the tags cannot match). A column filter
	// for them would cost a pass over each position list.
	e := alts[0]
	if len(alts) > 1 {
		e = "(" + strings.Join(alts, " OR ") + ")"
	}
	if t.Field == "title" {
		return "title : " + e
	}
	return e
}

// outletMatch returns the expression of the articles of the outlet of
// domain or name v: its tag, or the tag of one of the domains outlets
// gives for it. "" when v has nothing to tag.
func outletMatch(v string, outlets map[string][]string) string {
	t := outletTag(v)
	if t == "" {
		return ""
	}
	alts := []string{quote(t)}
	for _, d := range outlets[outletNorm(v)] {
		if dt := outletTag(d); dt != t && dt != "" {
			alts = append(alts, quote(dt))
		}
	}
	if len(alts) == 1 {
		return alts[0]
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// outletTerms returns the values of the outlet: terms of n, at any
// depth.
func outletTerms(n node, out []string) []string {
	switch n := n.(type) {
	case term:
		if n.Field == "outlet" {
			out = append(out, n.Value)
		}
	case notNode:
		out = outletTerms(n.Node, out)
	case andNode:
		for _, k := range n.Nodes {
			out = outletTerms(k, out)
		}
	case orNode:
		for _, k := range n.Nodes {
			out = outletTerms(k, out)
		}
	}
	return out
}

// quote makes an FTS5 string. Terms hold only letters and digits, but a
// quote is doubled and a NUL (which would end the string early) dropped
// all the same.
func quote(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}
