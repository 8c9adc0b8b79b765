package feed

import (
	"bytes"
	"net/url"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Link is a feed found in an HTML page.
type Link struct {
	// URL is the feed's absolute URL.
	URL string `json:"url"`
	// Title is the link's title attribute, or the anchor's text.
	Title string `json:"title,omitempty"`
	// Type is the declared MIME type; empty for anchors.
	Type string `json:"type,omitempty"`
	// Kind is the feed format the type or URL suggests; KindUnknown when
	// neither tells.
	Kind Kind `json:"kind"`
	// Guess is true for lower-confidence candidates: anchors that look
	// like feed links by their URL or text, rather than feeds the page
	// declares with <link rel="alternate">.
	Guess bool `json:"guess,omitempty"`
}

// Limits for Discover.
const (
	maxLinks      = 100
	maxAnchorText = 200
)

// feedTypes maps the MIME types of <link rel="alternate"> to feed kinds.
var feedTypes = map[string]Kind{
	"application/rss+xml":   KindRSS,
	"application/rdf+xml":   KindRSS,
	"application/atom+xml":  KindAtom,
	"application/feed+json": KindJSONFeed,
	"application/json":      KindJSONFeed,
}

// Discover finds the feeds an HTML page links to: first the ones it
// declares with <link rel="alternate" type="application/rss+xml"> (or
// atom+xml, feed+json, json), in page order, then, marked as Guess,
// anchors whose URL looks like a feed (/feed, /rss, .rss, .atom) or whose
// text or title says RSS, Atom or Feed and whose URL ends in .xml or
// mentions rss, feed or atom. URLs are made absolute against the page's
// <base href> and pageURL and deduplicated; only http and https links are
// returned, at most 100.
func Discover(page []byte, pageURL string) []Link {
	base, _ := url.Parse(strings.TrimSpace(pageURL))
	if base != nil && !base.IsAbs() {
		base = nil
	}
	z := html.NewTokenizer(bytes.NewReader(page))
	z.SetMaxBuf(4 << 20)
	var declared, guessed []Link
	seenDeclared, seenGuessed := map[string]bool{}, map[string]bool{}
	baseSeen := false
	// The anchor being read, if any.
	var aHref, aTitle string
	var aText strings.Builder
	inA := false
	add := func(list *[]Link, seen map[string]bool, l Link) {
		if len(declared)+len(guessed) >= maxLinks || seen[l.URL] {
			return
		}
		seen[l.URL] = true
		*list = append(*list, l)
	}
	endAnchor := func() {
		if l, ok := anchorCandidate(base, aHref, collapse(aTitle), collapse(aText.String())); ok {
			add(&guessed, seenGuessed, l)
		}
		inA = false
	}
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if inA {
				endAnchor()
			}
			for _, g := range guessed {
				if !seenDeclared[g.URL] {
					declared = append(declared, g)
				}
			}
			return declared
		case html.TextToken:
			if inA && aText.Len() < maxAnchorText {
				aText.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			a := atom.Lookup(name)
			attrs := map[string]string{}
			for hasAttr && (a == atom.Link || a == atom.A || a == atom.Base || (a == atom.Img && inA)) {
				k, v, more := z.TagAttr()
				key := string(k)
				if _, dup := attrs[key]; !dup {
					attrs[key] = string(v)
				}
				hasAttr = more
			}
			switch a {
			case atom.Base:
				if !baseSeen {
					baseSeen = true
					if h := strings.TrimSpace(attrs["href"]); h != "" {
						if u, err := url.Parse(h); err == nil {
							if base != nil {
								base = base.ResolveReference(u)
							} else if u.IsAbs() {
								base = u
							}
						}
					}
				}
			case atom.Link:
				if l, ok := declaredLink(base, attrs); ok {
					add(&declared, seenDeclared, l)
				}
			case atom.A:
				if inA {
					endAnchor()
				}
				inA = true
				aHref, aTitle = attrs["href"], attrs["title"]
				aText.Reset()
			case atom.Img:
				if inA && aText.Len() < maxAnchorText {
					aText.WriteString(" " + attrs["alt"] + " ")
				}
			}
		case html.EndTagToken:
			if name, _ := z.TagName(); inA && atom.Lookup(name) == atom.A {
				endAnchor()
			}
		}
	}
}

// declaredLink reads a <link rel="alternate"> of a feed type.
func declaredLink(base *url.URL, attrs map[string]string) (Link, bool) {
	rels := strings.Fields(strings.ToLower(attrs["rel"]))
	alt := false
	for _, r := range rels {
		if r == "alternate" || r == "feed" {
			alt = true
		}
	}
	if !alt {
		return Link{}, false
	}
	typ := strings.ToLower(strings.TrimSpace(attrs["type"]))
	if i := strings.IndexByte(typ, ';'); i >= 0 {
		typ = strings.TrimSpace(typ[:i])
	}
	kind, ok := feedTypes[typ]
	if !ok {
		return Link{}, false
	}
	u, ok := absHTTP(base, attrs["href"])
	if !ok {
		return Link{}, false
	}
	if typ == "application/json" {
		// WordPress announces its REST API the same way.
		l := strings.ToLower(u)
		if strings.Contains(l, "/wp-json/") || strings.Contains(l, "oembed") || strings.Contains(l, "rest_route=") {
			return Link{}, false
		}
	}
	return Link{URL: u, Title: collapse(attrs["title"]), Type: typ, Kind: kind}, true
}

// anchorCandidate tells whether an <a> looks like a link to a feed.
func anchorCandidate(base *url.URL, href, title, text string) (Link, bool) {
	u, ok := absHTTP(base, href)
	if !ok {
		return Link{}, false
	}
	pu, err := url.Parse(u)
	if err != nil {
		return Link{}, false
	}
	p := strings.ToLower(strings.TrimSuffix(pu.Path, "/"))
	q := strings.ToLower(pu.RawQuery)
	host := strings.ToLower(pu.Hostname())
	kind := KindUnknown
	strong := false
	switch {
	case strings.HasSuffix(p, ".rss"), strings.HasSuffix(p, "/rss"), strings.HasSuffix(p, "/rss.xml"), strings.HasSuffix(p, "/rss2"):
		kind, strong = KindRSS, true
	case strings.HasSuffix(p, ".atom"), strings.HasSuffix(p, "/atom"), strings.HasSuffix(p, "/atom.xml"):
		kind, strong = KindAtom, true
	case strings.HasSuffix(p, "/feed.json"):
		kind, strong = KindJSONFeed, true
	case strings.HasSuffix(p, "/feed"), strings.HasSuffix(p, "/feed.xml"), strings.HasSuffix(p, "/index.xml"),
		strings.HasSuffix(p, "/feeds"), host == "feeds.feedburner.com",
		strings.Contains(q, "feed=rss"), strings.Contains(q, "feed=atom"), strings.Contains(q, "format=rss"), strings.Contains(q, "type=rss"):
		strong = true
	}
	says := saysFeed(text) || saysFeed(title)
	if !strong {
		if !says {
			return Link{}, false
		}
		if !strings.HasSuffix(p, ".xml") && !strings.Contains(p, "rss") && !strings.Contains(p, "feed") && !strings.Contains(p, "atom") {
			return Link{}, false
		}
		if strings.Contains(p, "rss") {
			kind = KindRSS
		}
	}
	t := title
	if text != "" {
		t = text
	}
	return Link{URL: u, Title: t, Kind: kind, Guess: true}, true
}

// saysFeed reports whether s names a feed: the words RSS, Atom, Feed or
// Feeds, alone or in compounds such as "RSS-Feed" or "Newsfeed".
func saysFeed(s string) bool {
	if s == "" {
		return false
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		switch {
		case w == "rss", w == "atom", w == "feed", w == "feeds", w == "rss2",
			strings.HasSuffix(w, "feed") && len(w) <= 12, strings.HasPrefix(w, "rss"):
			return true
		}
	}
	return false
}

// absHTTP resolves href against base and reports whether the result is
// an absolute http or https URL.
func absHTTP(base *url.URL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" || strings.HasPrefix(href, "#") {
		return "", false
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	u.Fragment = ""
	return u.String(), true
}

// RobotsSitemaps returns the URLs of the Sitemap: lines of a robots.txt,
// matched case-insensitively, in order and without duplicates.
func RobotsSitemaps(robots []byte) []string {
	var out []string
	seen := map[string]bool{}
	for line := range strings.Lines(string(robots)) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		line = strings.TrimSpace(strings.TrimPrefix(line, "\ufeff"))
		k, v, ok := strings.Cut(line, ":")
		if !ok || !strings.EqualFold(strings.TrimSpace(k), "sitemap") {
			continue
		}
		v = strings.TrimSpace(v)
		if v == "" || seen[v] {
			continue
		}
		seen[v] = true
		out = append(out, v)
	}
	return out
}
