package feed

import (
	"bytes"
	"compress/gzip"
	"io"
	"mime"
	"strings"
)

// Kind is the kind of document Sniff, Parse and ParseSitemap recognize.
type Kind string

// The kinds of documents.
const (
	KindUnknown      Kind = "unknown"
	KindRSS          Kind = "rss"  // RSS 0.9x, 1.0 (RDF) or 2.0
	KindAtom         Kind = "atom" // Atom 0.3 or 1.0
	KindJSONFeed     Kind = "json" // JSON Feed 1.0 or 1.1
	KindSitemapIndex Kind = "sitemapindex"
	KindURLSet       Kind = "urlset"
	KindHTML         Kind = "html"
)

// IsFeed reports whether k is one of the feed formats.
func (k Kind) IsFeed() bool {
	return k == KindRSS || k == KindAtom || k == KindJSONFeed
}

// IsSitemap reports whether k is a sitemap index or URL set.
func (k Kind) IsSitemap() bool {
	return k == KindSitemapIndex || k == KindURLSet
}

// sniffLen is how many bytes of a document Sniff looks at.
const sniffLen = 64 << 10

// Sniff tells what kind of document b holds, from its first bytes: a feed
// (KindRSS, KindAtom, KindJSONFeed), a sitemap (KindSitemapIndex,
// KindURLSet), an HTML page (KindHTML) or KindUnknown. gzip data is
// looked into. The HTTP contentType (may be empty) decides only when the
// content itself is inconclusive, since servers often send feeds as
// text/html or text/plain.
func Sniff(b []byte, contentType string) Kind {
	if isGzip(b) {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return KindUnknown
		}
		b, _ = io.ReadAll(io.LimitReader(zr, sniffLen))
	}
	b = toUTF8(b[:min(len(b), sniffLen)])
	t := trimSpaceBOM(b)
	if len(t) > 0 && t[0] == '{' {
		if bytes.Contains(t, []byte("jsonfeed.org/version")) {
			return KindJSONFeed
		}
		return fromContentType(contentType, true)
	}
	if t = skipJunk(t); t != nil {
		if k := sniffMarkup(t); k != KindUnknown {
			return k
		}
	}
	return fromContentType(contentType, false)
}

// fromContentType maps a feed, JSON Feed or HTML media type to its Kind.
func fromContentType(contentType string, isJSON bool) Kind {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return KindUnknown
	}
	switch mt {
	case "application/feed+json":
		return KindJSONFeed
	case "application/rss+xml", "application/rdf+xml":
		if !isJSON {
			return KindRSS
		}
	case "application/atom+xml":
		if !isJSON {
			return KindAtom
		}
	case "text/html", "application/xhtml+xml":
		if !isJSON {
			return KindHTML
		}
	}
	return KindUnknown
}

// sniffMarkup tells the kind of a markup document from its root element,
// skipping the prolog (declarations, comments, processing instructions).
func sniffMarkup(b []byte) Kind {
	rest := b[:min(len(b), sniffLen)]
	for {
		rest = trimSpaceBOM(rest)
		switch {
		case len(rest) < 2 || rest[0] != '<':
			return KindUnknown
		case bytes.HasPrefix(rest, []byte("<!--")):
			i := bytes.Index(rest, []byte("-->"))
			if i < 0 {
				return KindUnknown
			}
			rest = rest[i+3:]
		case rest[1] == '?':
			i := bytes.Index(rest, []byte("?>"))
			if i < 0 {
				return KindUnknown
			}
			rest = rest[i+2:]
		case rest[1] == '!':
			if len(rest) >= 14 && strings.EqualFold(string(rest[2:9]), "doctype") {
				if f := strings.Fields(strings.ToLower(string(rest[9:min(len(rest), 64)]))); len(f) > 0 && strings.HasPrefix(f[0], "html") {
					return KindHTML
				}
			}
			i := bytes.IndexByte(rest, '>')
			if i < 0 {
				return KindUnknown
			}
			rest = rest[i+1:]
		default:
			return rootKind(rest[1:], b)
		}
	}
}

// rootKind tells the kind from the root element's name at the start of
// tag; doc is the document head, for telling an RSS 1.0 rdf:RDF from
// other RDF.
func rootKind(tag, doc []byte) Kind {
	end := 0
	for end < len(tag) && end < 64 && !isSpace(tag[end]) && tag[end] != '>' && tag[end] != '/' {
		end++
	}
	name := strings.ToLower(string(tag[:end]))
	if i := strings.LastIndexByte(name, ':'); i >= 0 {
		name = name[i+1:]
	}
	switch name {
	case "rss", "channel":
		return KindRSS
	case "rdf":
		if bytes.Contains(doc, []byte("purl.org/rss/")) || bytes.Contains(doc, []byte("netscape.com/rdf/simple")) ||
			bytes.Contains(doc, []byte("<channel")) || bytes.Contains(doc, []byte("<item")) {
			return KindRSS
		}
	case "feed":
		return KindAtom
	case "sitemapindex":
		return KindSitemapIndex
	case "urlset":
		return KindURLSet
	case "html", "head", "body":
		return KindHTML
	}
	return KindUnknown
}
