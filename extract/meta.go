package extract

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta holds what a page says about itself outside its visible body:
// <title>, <meta> tags, <link rel>, JSON-LD and the root language.
type meta struct {
	title     string
	lang      string
	canonical string
	tags      map[string]string // first content of each meta name/property, lower-cased key
	multi     map[string][]string
	ld        ldArticle
	h1        []string     // the page's <h1> headings, outside its navigation
	navH1     []string     // <h1> headings set in the navigation (a breadcrumb's last item)
	h2        []*html.Node // the first <h2> headings outside the navigation, read when asked
	paywall   bool
	// authorScope is the microdata item whose authors were read: the
	// first one that names any. Items after it (teasers of other
	// articles) have authors of their own.
	authorScope *html.Node
}

// ldArticle is the subset of a schema.org CreativeWork newsdesk reads.
type ldArticle struct {
	found       bool
	headline    string
	description string
	authors     []string
	published   string
	modified    string
	image       string
	section     string
	keywords    []string
	publisher   string
	language    string
	url         string
	free        *bool
}

var multiKeys = map[string]bool{"article:tag": true, "article:author": true, "author": true, "news_keywords": true, "keywords": true, "og:article:tag": true, "parsely-author": true, "sailthru.author": true, "dc.creator": true}

func readMeta(doc *html.Node) *meta {
	m := &meta{tags: map[string]string{}, multi: map[string][]string{}}
	var walk func(n *html.Node, depth int, nav bool, scope *html.Node)
	walk = func(n *html.Node, depth int, nav bool, scope *html.Node) {
		if depth > maxDepth {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			switch c.DataAtom {
			case atom.Html:
				m.lang = attr(c, "lang")
				if m.lang == "" {
					m.lang = attr(c, "xml:lang")
				}
			case atom.Title:
				if m.title == "" && c.FirstChild != nil {
					m.title = collapse(c.FirstChild.Data)
				}
				continue
			case atom.Meta:
				m.metaTag(c)
				continue
			case atom.Link:
				rel := strings.ToLower(attr(c, "rel"))
				if rel == "canonical" && m.canonical == "" {
					m.canonical = strings.TrimSpace(attr(c, "href"))
				}
				continue
			case atom.Script:
				if t := strings.ToLower(attr(c, "type")); strings.Contains(t, "ld+json") && c.FirstChild != nil {
					m.jsonLD(c.FirstChild.Data)
				}
				continue
			case atom.Style, atom.Noscript, atom.Template, atom.Svg:
				continue
			case atom.H1:
				if len(m.h1)+len(m.navH1) < 8 && !hidden(c) {
					if s := collapse(innerText(c)); s == "" {
					} else if nav {
						m.navH1 = append(m.navH1, s)
					} else {
						m.h1 = append(m.h1, s)
					}
				}
			case atom.H2:
				if len(m.h2) < 8 && !nav && !hidden(c) {
					m.h2 = append(m.h2, c)
				}
			}
			if c.DataAtom != atom.Meta && hasAttr(c, "itemprop") {
				m.itemprop(c, scope)
			}
			inner := scope
			if hasAttr(c, "itemscope") {
				inner = c
			}
			walk(c, depth+1, nav || c.DataAtom == atom.Nav, inner)
		}
	}
	walk(doc, 0, false, nil)
	return m
}

func (m *meta) metaTag(n *html.Node) {
	key := attr(n, "property")
	if key == "" {
		key = attr(n, "name")
	}
	if key == "" {
		key = attr(n, "itemprop")
	}
	if key == "" {
		if he := attr(n, "http-equiv"); strings.EqualFold(he, "content-language") {
			key = "content-language"
		}
	}
	if key == "" {
		return
	}
	key = strings.ToLower(strings.TrimSpace(key))
	val := strings.TrimSpace(attr(n, "content"))
	if val == "" {
		return
	}
	if multiKeys[key] {
		m.multi[key] = append(m.multi[key], val)
	}
	if _, ok := m.tags[key]; !ok {
		m.tags[key] = html.UnescapeString(val)
	}
}

// itemprop reads microdata in the body: headline and author names, the
// latter of the first item (scope) that names any.
func (m *meta) itemprop(n *html.Node, scope *html.Node) {
	switch attr(n, "itemprop") {
	case "headline":
		if _, ok := m.tags["itemprop:headline"]; !ok {
			m.tags["itemprop:headline"] = collapse(innerText(n))
		}
	case "author", "creator":
		if m.authorScope == nil {
			m.authorScope = scope
		} else if scope != m.authorScope {
			return
		}
		s := ""
		for c := n.FirstChild; c != nil && s == ""; c = c.NextSibling {
			if c.Type == html.ElementNode && attr(c, "itemprop") == "name" {
				s = attr(c, "content")
				if s == "" {
					s = innerText(c)
				}
			}
		}
		if s == "" {
			s = attr(n, "content")
		}
		if s == "" {
			s = innerText(n)
		}
		if s = collapse(s); s != "" && len(s) < 200 {
			m.multi["itemprop:author"] = append(m.multi["itemprop:author"], s)
		}
	}
}

func (m *meta) get(keys ...string) string {
	for _, k := range keys {
		if v := m.tags[k]; v != "" {
			return v
		}
	}
	return ""
}

var articleTypes = map[string]int{
	"newsarticle": 3, "reportagenewsarticle": 3, "analysisnewsarticle": 3, "opinionnewsarticle": 3,
	"backgroundnewsarticle": 3, "reviewnewsarticle": 3, "article": 2, "blogposting": 2,
	"socialmediaposting": 1, "liveblogposting": 2, "report": 1, "scholarlyarticle": 1,
	"techarticle": 1, "creativework": 0, "webpage": 0, "videoobject": 0,
}

// jsonLD reads the best article object of one JSON-LD script.
func (m *meta) jsonLD(src string) {
	src = strings.TrimSpace(src)
	src = strings.TrimPrefix(src, "<!--")
	src = strings.TrimSuffix(src, "-->")
	src = strings.TrimPrefix(strings.TrimSpace(src), "//<![CDATA[")
	src = strings.TrimSuffix(strings.TrimSpace(src), "//]]>")
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return
	}
	best, bestRank := map[string]any(nil), -1
	ids := map[string]map[string]any{} // nodes by @id, for references
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if id, ok := x["@id"].(string); ok && len(x) > 1 {
				ids[id] = x
			}
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if r := typeRank(x["@type"]); r > bestRank {
				best, bestRank = x, r
			}
			if me, ok := x["mainEntity"]; ok {
				visit(me, depth+1)
			}
		}
	}
	visit(v, 0)
	if best == nil || bestRank < 0 {
		return
	}
	if m.ld.found && bestRank < 2 {
		return
	}
	a := ldArticle{found: true}
	a.headline = ldString(best["headline"])
	if a.headline == "" && bestRank >= 1 {
		a.headline = ldString(best["name"])
	}
	a.description = ldString(best["description"])
	a.authors = ldNames(resolveIDs(best["author"], ids))
	if len(a.authors) == 0 {
		a.authors = ldNames(resolveIDs(best["creator"], ids))
	}
	a.published = ldString(best["datePublished"])
	a.modified = ldString(best["dateModified"])
	a.image = ldURL(best["image"])
	if a.image == "" {
		a.image = ldURL(best["thumbnailUrl"])
	}
	a.section = ldString(best["articleSection"])
	a.keywords = ldList(best["keywords"])
	if p := ldNames(best["publisher"]); len(p) > 0 {
		a.publisher = p[0]
	}
	a.language = ldString(best["inLanguage"])
	a.url = ldURL(best["url"])
	if a.url == "" {
		a.url = ldURL(best["mainEntityOfPage"])
	}
	switch f := best["isAccessibleForFree"].(type) {
	case bool:
		a.free = &f
	case string:
		b := !strings.EqualFold(f, "false")
		a.free = &b
	}
	if !m.ld.found || bestRank >= 2 {
		m.ld = a
	}
}

func typeRank(t any) int {
	switch x := t.(type) {
	case string:
		if r, ok := articleTypes[strings.ToLower(x)]; ok {
			return r
		}
	case []any:
		best := -1
		for _, e := range x {
			if r := typeRank(e); r > best {
				best = r
			}
		}
		return best
	}
	return -1
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return collapse(html.UnescapeString(x))
	case []any:
		for _, e := range x {
			if s := ldString(e); s != "" {
				return s
			}
		}
	case map[string]any:
		if s := ldString(x["@value"]); s != "" {
			return s
		}
		return ldString(x["name"])
	case float64:
		return ""
	}
	return ""
}

func ldURL(v any) string {
	switch x := v.(type) {
	case string:
		return strings.TrimSpace(x)
	case []any:
		for _, e := range x {
			if s := ldURL(e); s != "" {
				return s
			}
		}
	case map[string]any:
		if s := ldURL(x["url"]); s != "" {
			return s
		}
		if s := ldURL(x["contentUrl"]); s != "" {
			return s
		}
		return ldURL(x["@id"])
	}
	return ""
}

func ldNames(v any) []string {
	switch x := v.(type) {
	case string:
		if s := collapse(html.UnescapeString(x)); s != "" && !strings.HasPrefix(s, "http") {
			return []string{s}
		}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, ldNames(e)...)
		}
		return out
	case map[string]any:
		if s := ldString(x["name"]); s != "" {
			return []string{s}
		}
		g, f := ldString(x["givenName"]), ldString(x["familyName"])
		if s := strings.TrimSpace(g + " " + f); s != "" {
			return []string{s}
		}
	}
	return nil
}

func ldList(v any) []string {
	switch x := v.(type) {
	case string:
		var out []string
		for _, p := range strings.Split(x, ",") {
			if p = collapse(p); p != "" {
				out = append(out, p)
			}
		}
		return out
	case []any:
		var out []string
		for _, e := range x {
			if s := ldString(e); s != "" {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// innerText returns the text of n's subtree, skipping scripts and styles.
func innerText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node, int)
	rec = func(n *html.Node, depth int) {
		if depth > 64 || b.Len() > 4096 {
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Br || isBlock(c.DataAtom) {
					b.WriteByte(' ')
				}
				if !skipTags[c.DataAtom] {
					rec(c, depth+1)
				}
			}
		}
	}
	rec(n, 0)
	return b.String()
}

// collapse trims s and turns every whitespace run into one space.
func collapse(s string) string {
	if strings.Contains(s, "\u00ad") {
		s = strings.ReplaceAll(s, "\u00ad", "")
	}
	return strings.Join(strings.Fields(s), " ")
}

// resolveIDs replaces the references in v ({"@id": "…"}, as a @graph
// links an article to its author) by the nodes they name.
func resolveIDs(v any, ids map[string]map[string]any) any {
	switch x := v.(type) {
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = resolveIDs(e, ids)
		}
		return out
	case map[string]any:
		if id, ok := x["@id"].(string); ok && x["name"] == nil {
			if n, ok := ids[id]; ok {
				return n
			}
		}
	}
	return v
}
