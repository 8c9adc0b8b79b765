package feed

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
)

// Limits that keep hostile documents from costing unbounded memory.
const (
	// maxDepth is the deepest element nesting read; a document nested
	// deeper is read up to that point.
	maxDepth = 256
	// maxNodes caps the elements and text runs kept for one document.
	maxNodes = 2_000_000
)

// xmlURL is the namespace encoding/xml gives the xml: prefix.
const xmlURL = "http://www.w3.org/XML/1998/namespace"

// node is an element of a parsed XML document, or a run of text when name
// is empty.
type node struct {
	// space is the element's namespace reduced to a short key by nsKey.
	space string
	// name is the lower-cased local name.
	name  string
	attrs []xml.Attr
	kids  []*node
	text  string
	// base is the element's effective xml:base, or nil.
	base *url.URL
}

// namespaces maps normalized namespace URIs (see nsKey) to the short keys
// the format readers match. RSS and sitemap elements get "".
var namespaces = map[string]string{
	"www.w3.org/2005/atom":                     "atom",
	"purl.org/atom/ns":                         "atom",
	"purl.org/rss/1.0":                         "",
	"my.netscape.com/rdf/simple/0.9":           "",
	"backend.userland.com/rss2":                "",
	"backend.userland.com/rss":                 "",
	"www.w3.org/1999/02/22-rdf-syntax-ns":      "rdf",
	"purl.org/dc/elements/1.1":                 "dc",
	"purl.org/dc/terms":                        "dc",
	"purl.org/rss/1.0/modules/content":         "content",
	"search.yahoo.com/mrss":                    "media",
	"rssnamespace.org/feedburner/ext/1.0":      "feedburner",
	"www.itunes.com/dtds/podcast-1.0.dtd":      "itunes",
	"www.w3.org/1999/xhtml":                    "xhtml",
	"www.sitemaps.org/schemas/sitemap/0.9":     "",
	"www.google.com/schemas/sitemap/0.84":      "",
	"www.google.com/schemas/sitemap/0.9":       "",
	"www.google.com/schemas/sitemap-news/0.9":  "news",
	"www.google.com/schemas/sitemap-image/1.1": "image",
	"www.w3.org/xml/1998/namespace":            "xml",
}

// nsKey reduces a namespace to the key the readers match: a known URI to
// its short name, and anything else (an undeclared prefix such as "dc",
// an unknown URI) to its lower-cased self, so that "dc:creator" without
// an xmlns:dc declaration still reads as Dublin Core.
func nsKey(space string) string {
	if space == "" {
		return ""
	}
	s := strings.ToLower(strings.TrimSpace(space))
	n := strings.TrimPrefix(strings.TrimPrefix(s, "http://"), "https://")
	n = strings.TrimRight(n, "/#")
	if k, ok := namespaces[n]; ok {
		return k
	}
	if s == "dcterms" {
		return "dc"
	}
	return s
}

// xmlAutoClose lists the HTML void elements that unescaped markup in
// feeds leaves unclosed. It leaves out "link" and "source", which are RSS
// elements with content.
var xmlAutoClose = []string{"br", "hr", "img", "input", "meta", "col", "area", "wbr", "param", "embed", "track", "basefont", "frame", "keygen"}

// newDecoder returns a forgiving decoder for a document already converted
// to UTF-8: HTML entities are known, unknown ones and stray ampersands are
// kept as text, mismatched end tags close the open element.
func newDecoder(r io.Reader) *xml.Decoder {
	d := xml.NewDecoder(r)
	d.Strict = false
	d.AutoClose = xmlAutoClose
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	return d
}

// errNoRoot means a document ended or failed before its first element.
var errNoRoot = errors.New("no XML element")

// parseXML reads a whole document into a tree. A syntax error after the
// root element has started ends reading and keeps what came before; one
// before it is returned.
func parseXML(b []byte, base *url.URL) (*node, error) {
	d := newDecoder(bytes.NewReader(b))
	var stack []*node
	var root *node
	nodes := 0
	for {
		tok, err := d.Token()
		if err != nil {
			if root != nil {
				return root, nil
			}
			if err == io.EOF {
				return nil, errNoRoot
			}
			return nil, fmt.Errorf("malformed XML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if len(stack) >= maxDepth || nodes >= maxNodes {
				if root != nil {
					return root, nil
				}
				return nil, errNoRoot
			}
			nodes++
			n := &node{space: nsKey(t.Name.Space), name: strings.ToLower(t.Name.Local), attrs: t.Attr}
			pbase := base
			if len(stack) > 0 {
				pbase = stack[len(stack)-1].base
			}
			n.base = withBase(pbase, t.Attr)
			if len(stack) == 0 {
				if root != nil {
					// A second root element: the document is over.
					return root, nil
				}
				root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			if len(stack) == 0 || nodes >= maxNodes {
				continue
			}
			p := stack[len(stack)-1]
			if k := len(p.kids); k > 0 && p.kids[k-1].name == "" {
				p.kids[k-1].text += string(t)
				continue
			}
			nodes++
			p.kids = append(p.kids, &node{text: string(t)})
		}
	}
}

// withBase returns the base URL in effect for an element with attrs whose
// parent's base is parent.
func withBase(parent *url.URL, attrs []xml.Attr) *url.URL {
	for _, a := range attrs {
		if a.Name.Local != "base" || (a.Name.Space != xmlURL && a.Name.Space != "xml") {
			continue
		}
		u, err := url.Parse(strings.TrimSpace(a.Value))
		if err != nil {
			return parent
		}
		if parent != nil {
			return parent.ResolveReference(u)
		}
		if u.IsAbs() {
			return u
		}
		return parent
	}
	return parent
}

// is reports whether n is an element named name in one of spaces.
func (n *node) is(name string, spaces ...string) bool {
	if n.name != name {
		return false
	}
	for _, s := range spaces {
		if n.space == s {
			return true
		}
	}
	return false
}

// child returns the first child element named name in one of spaces, or
// nil.
func (n *node) child(name string, spaces ...string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.is(name, spaces...) {
			return k
		}
	}
	return nil
}

// children returns the child elements named name in one of spaces.
func (n *node) children(name string, spaces ...string) []*node {
	if n == nil {
		return nil
	}
	var out []*node
	for _, k := range n.kids {
		if k.is(name, spaces...) {
			out = append(out, k)
		}
	}
	return out
}

// attr returns the value of the attribute with local name name (any
// namespace, case-insensitive), trimmed.
func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if strings.EqualFold(a.Name.Local, name) && a.Name.Space != "xmlns" {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

// rawText returns the text of n and its descendants, untrimmed.
func (n *node) rawText() string {
	if n == nil {
		return ""
	}
	if n.name == "" {
		return n.text
	}
	if len(n.kids) == 1 && n.kids[0].name == "" {
		return n.kids[0].text
	}
	var sb strings.Builder
	n.appendText(&sb)
	return sb.String()
}

func (n *node) appendText(sb *strings.Builder) {
	for _, k := range n.kids {
		if k.name == "" {
			sb.WriteString(k.text)
		} else {
			k.appendText(sb)
		}
	}
}

// textOf returns the trimmed text of n and its descendants.
func (n *node) textOf() string {
	return strings.TrimSpace(n.rawText())
}

// hasElements reports whether n has child elements.
func (n *node) hasElements() bool {
	for _, k := range n.kids {
		if k.name != "" {
			return true
		}
	}
	return false
}

// voidElements are HTML elements written without an end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// innerHTML returns the content of n as HTML: its text as is when n holds
// only text (escaped HTML or CDATA), else its children written back as
// HTML elements without namespace prefixes.
func (n *node) innerHTML() string {
	if !n.hasElements() {
		return n.rawText()
	}
	var sb strings.Builder
	for _, k := range n.kids {
		k.writeHTML(&sb)
	}
	return sb.String()
}

func (n *node) writeHTML(sb *strings.Builder) {
	if n.name == "" {
		sb.WriteString(html.EscapeString(n.text))
		return
	}
	sb.WriteByte('<')
	sb.WriteString(n.name)
	for _, a := range n.attrs {
		if a.Name.Space == "xmlns" || a.Name.Local == "xmlns" || a.Name.Space == xmlURL {
			continue
		}
		sb.WriteByte(' ')
		sb.WriteString(strings.ToLower(a.Name.Local))
		sb.WriteString(`="`)
		sb.WriteString(html.EscapeString(a.Value))
		sb.WriteByte('"')
	}
	sb.WriteByte('>')
	if voidElements[n.name] && len(n.kids) == 0 {
		return
	}
	for _, k := range n.kids {
		k.writeHTML(sb)
	}
	sb.WriteString("</")
	sb.WriteString(n.name)
	sb.WriteByte('>')
}
