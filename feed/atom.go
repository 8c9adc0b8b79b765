package feed

import (
	"encoding/base64"
	"html"
	"strings"
	"unicode/utf8"
)

// atomNS are the namespaces Atom elements come in: the Atom 1.0 or 0.3
// namespace, or none in feeds that forgot to declare it.
var atomNS = []string{"atom", ""}

// atom reads an Atom 1.0 or 0.3 document.
func (p *parser) atom(root *node) *Feed {
	f := &Feed{Kind: KindAtom, Items: []Item{}}
	if l := alternateLink(root); l != nil {
		f.SiteURL = p.abs(l, l.attr("href"))
		p.setSite(f.SiteURL)
	}
	for _, l := range root.children("link", atomNS...) {
		if strings.EqualFold(l.attr("rel"), "self") {
			f.FeedURL = p.abs(l, l.attr("href"))
			break
		}
	}
	if f.FeedURL == "" {
		f.FeedURL = p.feedURL()
	}
	f.Title = atomPlain(root.child("title", atomNS...))
	f.Language = collapse(root.attr("lang"))
	if f.Language == "" {
		f.Language = collapse(root.child("language", "dc").textOf())
	}
	f.Updated = firstDate(root.child("updated", atomNS...), root.child("modified", atomNS...), root.child("date", "dc"))
	var feedAuthors []string
	for _, a := range root.children("author", atomNS...) {
		feedAuthors = appendUnique(feedAuthors, firstText(a.child("name", atomNS...)))
	}
	for _, e := range root.children("entry", atomNS...) {
		item := p.atomEntry(e)
		if len(item.Authors) == 0 && len(feedAuthors) > 0 {
			item.Authors = append([]string(nil), feedAuthors...)
		}
		f.Items = append(f.Items, item)
	}
	return f
}

// alternateLink returns the link of n that points to its web page: the
// first rel="alternate" (or rel-less) link, preferring one of type
// text/html.
func alternateLink(n *node) *node {
	var first *node
	for _, l := range n.children("link", atomNS...) {
		rel := strings.ToLower(l.attr("rel"))
		if (rel != "" && rel != "alternate") || l.attr("href") == "" {
			continue
		}
		typ := strings.ToLower(l.attr("type"))
		if typ == "text/html" || typ == "application/xhtml+xml" {
			return l
		}
		if first == nil {
			first = l
		}
	}
	return first
}

func (p *parser) atomEntry(e *node) Item {
	var item Item
	item.ID = e.child("id", atomNS...).textOf()
	if n := e.child("origlink", "feedburner"); n != nil && n.textOf() != "" {
		item.URL = p.abs(n, n.textOf())
	} else if l := alternateLink(e); l != nil {
		item.URL = p.abs(l, l.attr("href"))
	} else if looksLikeURL(item.ID) {
		item.URL = item.ID
	}
	item.Title = atomPlain(e.child("title", atomNS...))
	sum := firstNode(e.child("summary", atomNS...), e.child("description", "media"),
		e.child("group", "media").child("description", "media"))
	sumHTML := ""
	if sum != nil {
		if sum.space == "media" {
			sumHTML = html.EscapeString(sum.textOf())
		} else {
			sumHTML = atomHTML(sum)
		}
		item.Summary = plainText(sumHTML)
	}
	if c := e.child("content", atomNS...); c != nil && c.attr("src") == "" {
		item.Content = absolutizeHTML(strings.TrimSpace(atomHTML(c)), p.baseOf(c))
	}
	for _, a := range e.children("author", atomNS...) {
		item.Authors = appendUnique(item.Authors, firstText(a.child("name", atomNS...)))
	}
	for _, a := range e.children("creator", "dc") {
		item.Authors = appendUnique(item.Authors, a.textOf())
	}
	item.Published = firstDate(e.child("published", atomNS...), e.child("issued", atomNS...),
		e.child("created", atomNS...), e.child("date", "dc"))
	item.Updated = firstDate(e.child("updated", atomNS...), e.child("modified", atomNS...))
	if item.Published.IsZero() {
		item.Published = item.Updated
	}
	for _, c := range e.children("category", atomNS...) {
		label := c.attr("label")
		if label == "" {
			label = c.attr("term")
		}
		item.Categories = appendUnique(item.Categories, label)
	}
	for _, c := range e.children("subject", "dc") {
		item.Categories = appendUnique(item.Categories, c.textOf())
	}
	item.ImageURL = p.mediaImage(e)
	if item.ImageURL == "" {
		for _, l := range e.children("link", atomNS...) {
			if strings.EqualFold(l.attr("rel"), "enclosure") && isImage("", l.attr("type"), l.attr("href")) {
				item.ImageURL = p.abs(l, l.attr("href"))
				break
			}
		}
	}
	if item.ImageURL == "" {
		if src := firstImage(item.Content); src != "" {
			item.ImageURL = resolve(p.baseOf(e), src)
		} else if src := firstImage(sumHTML); src != "" {
			item.ImageURL = p.abs(sum, src)
		}
	}
	finishID(&item)
	return item
}

// atomHTML returns an Atom text construct as HTML: type="text" escaped,
// type="html" as written, type="xhtml" serialized without its wrapping
// div; Atom 0.3 mode="base64" and mode="xml" are understood too.
func atomHTML(n *node) string {
	if n == nil {
		return ""
	}
	typ := strings.ToLower(n.attr("type"))
	mode := strings.ToLower(n.attr("mode"))
	isHTML := strings.Contains(typ, "html")
	switch {
	case mode == "base64":
		b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(n.rawText()), ""))
		if err != nil || !utf8.Valid(b) {
			return ""
		}
		if isHTML {
			return string(b)
		}
		return html.EscapeString(string(b))
	case typ == "xhtml" || typ == "application/xhtml+xml" || mode == "xml" || n.hasElements():
		var div *node
		for _, k := range n.kids {
			if k.name == "" && strings.TrimSpace(k.text) == "" {
				continue
			}
			if k.name == "div" && div == nil {
				div = k
				continue
			}
			div = nil
			break
		}
		if div != nil {
			return div.innerHTML()
		}
		return n.innerHTML()
	case isHTML || mode == "escaped":
		return n.rawText()
	}
	return html.EscapeString(n.rawText())
}

// atomPlain returns an Atom text construct as plain text.
func atomPlain(n *node) string {
	if n == nil {
		return ""
	}
	typ := strings.ToLower(n.attr("type"))
	if strings.Contains(typ, "html") || n.attr("mode") != "" || n.hasElements() {
		return plainText(atomHTML(n))
	}
	return collapse(n.rawText())
}
