package extract

import (
	"bytes"
	"fmt"
	"mime"
	"strings"

	"golang.org/x/net/html/atom"
)

// notHTML refuses a document that is markup or data but no web page: a
// feed (RSS, Atom, JSON Feed), a sitemap, another XML document, or JSON.
// text is the document in UTF-8. It looks at the start only: the root
// element after the XML declaration, comments and doctype, or the first
// bytes of JSON. An XHTML page, with an XML declaration and an <html>
// root, is a page; so is any document whose root is an HTML element. A
// Content-Type of XML or JSON refuses a document unless it shows an
// <html> or <body> element, since servers send feeds as text/html but
// seldom pages as XML. The error wraps ErrNotHTML and says what the
// document looks like.
func notHTML(text []byte, contentType string) error {
	t := trimDocSpace(text)
	head := t[:min(len(t), 8192)]
	if what := jsonKind(head); what != "" {
		return fmt.Errorf("%w: looks like %s", ErrNotHTML, what)
	}
	root, decl := rootElement(head)
	name := root
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:] // rdf:RDF, atom:feed
	}
	var what string
	switch name {
	case "html", "head", "body":
		return nil
	case "rss", "channel":
		what = "an RSS feed"
	case "rdf":
		if bytes.Contains(head, []byte("purl.org/rss/")) || bytes.Contains(head, []byte("<channel")) || bytes.Contains(head, []byte("<item")) {
			what = "an RSS feed"
		}
	case "feed":
		what = "an Atom feed"
	case "urlset":
		what = "an XML sitemap"
	case "sitemapindex":
		what = "an XML sitemap index"
	case "svg":
		if decl {
			what = "an SVG image"
		}
	}
	switch {
	case what != "":
	case decl && root != "" && atom.Lookup([]byte(name)) == 0:
		// An XML declaration, and a root no HTML page starts with.
		what = "an XML document"
		if plainName(root) {
			what += " (root element <" + root + ">)"
		}
	default:
		if mt := dataType(contentType); mt != "" && !hasPageElement(head) {
			return fmt.Errorf("%w: content type %s", ErrNotHTML, mt)
		}
		return nil
	}
	return fmt.Errorf("%w: looks like %s", ErrNotHTML, what)
}

// trimDocSpace drops the white space and byte order marks before a
// document.
func trimDocSpace(b []byte) []byte {
	for {
		switch {
		case len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n' || b[0] == '\f'):
			b = b[1:]
		case bytes.HasPrefix(b, []byte("\ufeff")):
			b = b[3:]
		default:
			return b
		}
	}
}

// jsonKind tells whether t, a document's start without leading space,
// is JSON: an object whose first key is quoted, or an array of objects,
// arrays or strings. It returns "a JSON Feed", "JSON" or "".
func jsonKind(t []byte) string {
	if len(t) < 2 || (t[0] != '{' && t[0] != '[') {
		return ""
	}
	next := trimDocSpace(t[1:])
	if len(next) == 0 {
		return ""
	}
	switch {
	case t[0] == '{' && (next[0] == '"' || next[0] == '}'):
	case t[0] == '[' && (next[0] == '{' || next[0] == '[' || next[0] == '"' || next[0] == ']'):
	default:
		return ""
	}
	if bytes.Contains(t, []byte("jsonfeed.org/version")) {
		return "a JSON Feed"
	}
	return "JSON"
}

// rootElement returns the lower-case name of the first element of a
// markup document, after its XML declaration, processing instructions,
// comments and doctype; decl reports an XML declaration. A doctype
// naming html gives "html". The name is "" when the document does not
// start with markup, or its start is cut off.
func rootElement(b []byte) (name string, decl bool) {
	rest := b
	for {
		rest = trimDocSpace(rest)
		switch {
		case len(rest) < 2 || rest[0] != '<':
			return "", decl
		case bytes.HasPrefix(rest, []byte("<!--")):
			i := bytes.Index(rest, []byte("-->"))
			if i < 0 {
				return "", decl
			}
			rest = rest[i+3:]
		case rest[1] == '?':
			if bytes.HasPrefix(rest, []byte("<?xml")) && len(rest) > 5 && isSpaceByte(rest[5]) {
				decl = true
			}
			i := bytes.Index(rest, []byte("?>"))
			if i < 0 {
				return "", decl
			}
			rest = rest[i+2:]
		case rest[1] == '!':
			if len(rest) >= 14 && strings.EqualFold(string(rest[2:9]), "doctype") {
				if f := strings.Fields(strings.ToLower(string(rest[9:min(len(rest), 64)]))); len(f) > 0 && strings.HasPrefix(f[0], "html") {
					return "html", decl
				}
			}
			// Skip the declaration, with its internal subset if any.
			end := bytes.IndexByte(rest, '>')
			if open := bytes.IndexByte(rest, '['); open >= 0 && (end < 0 || open < end) {
				if i := bytes.Index(rest[open:], []byte("]")); i >= 0 {
					end = bytes.IndexByte(rest[open+i:], '>')
					if end >= 0 {
						end += open + i
					}
				}
			}
			if end < 0 {
				return "", decl
			}
			rest = rest[end+1:]
		default:
			end := 1
			for end < len(rest) && end < 80 && !isSpaceByte(rest[end]) && rest[end] != '>' && rest[end] != '/' {
				end++
			}
			return strings.ToLower(string(rest[1:end])), decl
		}
	}
}

// plainName reports whether s is made of ASCII letters, digits and the
// punctuation of XML names only, and so fit to quote in a message.
func plainName(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == ':') {
			return false
		}
	}
	return s != ""
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f'
}

// dataType returns the media type of contentType if it is XML or JSON
// other than XHTML, and "" otherwise.
func dataType(contentType string) string {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return ""
	}
	switch {
	case mt == "application/xhtml+xml":
		return ""
	case mt == "application/xml", mt == "text/xml", mt == "application/json", mt == "text/json",
		strings.HasSuffix(mt, "+xml"), strings.HasSuffix(mt, "+json"):
		return mt
	}
	return ""
}

// hasPageElement reports whether head shows an <html> or <body> tag.
func hasPageElement(head []byte) bool {
	lower := bytes.ToLower(head)
	for _, tag := range []string{"<html", "<body"} {
		for i := 0; ; {
			j := bytes.Index(lower[i:], []byte(tag))
			if j < 0 {
				break
			}
			i += j + len(tag)
			if i == len(lower) || isSpaceByte(lower[i]) || lower[i] == '>' {
				return true
			}
		}
	}
	return false
}
