package feed

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/url"
	"time"
)

// Errors returned by the parsers; test for them with errors.Is.
var (
	// ErrNotFeed means the input is not a feed: an HTML page, a sitemap,
	// JSON that is not a JSON Feed, binary data or junk.
	ErrNotFeed = errors.New("feed: not a feed")
	// ErrNotSitemap means the input is not an XML sitemap.
	ErrNotSitemap = errors.New("feed: not a sitemap")
	// ErrTooLarge means a feed is larger than MaxFeedSize.
	ErrTooLarge = errors.New("feed: input too large")
)

// MaxFeedSize is the largest feed, in bytes after gzip decompression, that
// Parse reads.
const MaxFeedSize = 32 << 20

// Feed is a parsed feed of any supported format.
type Feed struct {
	// Kind is the format the feed was written in: KindRSS (for RSS 0.9x,
	// 1.0 and 2.0), KindAtom or KindJSONFeed.
	Kind Kind `json:"kind"`
	// Title is the feed's title as plain text.
	Title string `json:"title,omitempty"`
	// SiteURL is the absolute URL of the web site the feed belongs to.
	SiteURL string `json:"site_url,omitempty"`
	// FeedURL is the feed's own absolute URL as the feed states it (Atom
	// rel="self", JSON Feed feed_url), or the baseURL given to Parse.
	FeedURL string `json:"feed_url,omitempty"`
	// Language is the feed's language tag as written ("de-DE", "en").
	Language string `json:"language,omitempty"`
	// Updated is the time the feed says it last changed; zero if unknown.
	Updated time.Time `json:"updated,omitzero"`
	// Items are the feed's entries in document order.
	Items []Item `json:"items"`
}

// Item is one entry of a feed.
type Item struct {
	// ID is the entry's identifier: the RSS guid, Atom id or JSON Feed id;
	// failing those the RDF about, the URL, or a hash of title and text.
	ID string `json:"id"`
	// URL is the absolute URL of the article the entry points to
	// (feedburner:origLink wins over the feed's own tracking link).
	URL string `json:"url,omitempty"`
	// Title is the entry's title as plain text.
	Title string `json:"title,omitempty"`
	// Summary is the entry's teaser as plain text, without markup.
	Summary string `json:"summary,omitempty"`
	// Content is the entry's full body as HTML (content:encoded, Atom
	// content, JSON Feed content_html) with links made absolute; empty when
	// the feed carries no separate body.
	Content string `json:"content,omitempty"`
	// Authors are the entry's author names, deduplicated.
	Authors []string `json:"authors,omitempty"`
	// Published is the publication time; it falls back to Updated when
	// the feed gives only that.
	Published time.Time `json:"published,omitzero"`
	// Updated is the last modification time; zero if not given.
	Updated time.Time `json:"updated,omitzero"`
	// Categories are the entry's categories or tags, deduplicated.
	Categories []string `json:"categories,omitempty"`
	// ImageURL is the absolute URL of the entry's lead image from
	// media:content, media:thumbnail, an image enclosure or the first
	// <img> of its HTML.
	ImageURL string `json:"image_url,omitempty"`
}

// Parse reads a feed in any supported format from r. The format is
// detected from the content, not from a file name or content type. baseURL
// is the URL the feed was fetched from and may be empty. Relative links
// are resolved against the xml:base in effect where the feed sets one;
// otherwise Atom links against baseURL (the document's own URL, as Atom
// prescribes), and RSS and JSON Feed links against the feed's site link,
// then baseURL.
//
// Parse reads at most MaxFeedSize bytes and returns ErrTooLarge beyond
// that. A document that breaks off is read up to the break. Input that is
// not a feed gives an error wrapping ErrNotFeed.
func Parse(r io.Reader, baseURL string) (*Feed, error) {
	b, err := readCapped(r, MaxFeedSize)
	if err != nil {
		return nil, err
	}
	var base *url.URL
	if baseURL != "" {
		if u, err := url.Parse(baseURL); err == nil && u.IsAbs() {
			base = u
		}
	}
	return parseBytes(b, base)
}

func parseBytes(b []byte, base *url.URL) (*Feed, error) {
	b = toUTF8(b)
	t := trimSpaceBOM(b)
	if len(t) == 0 {
		return nil, fmt.Errorf("%w: empty input", ErrNotFeed)
	}
	if t[0] == '{' {
		return parseJSON(t, &parser{base: base})
	}
	if t[0] == '[' {
		return nil, fmt.Errorf("%w: JSON array", ErrNotFeed)
	}
	t = skipJunk(t)
	if t == nil {
		return nil, fmt.Errorf("%w: no markup", ErrNotFeed)
	}
	kind := sniffMarkup(t)
	if kind == KindHTML {
		return nil, fmt.Errorf("%w: looks like an HTML page", ErrNotFeed)
	}
	// In RSS the document's own URL is the last resort for relative
	// links, after the channel's site link; elsewhere it is the base.
	docBase := base
	if kind == KindRSS {
		docBase = nil
	}
	root, err := parseXML(t, docBase)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFeed, err)
	}
	p := &parser{base: base}
	switch root.name {
	case "rss", "rdf", "channel":
		p.siteFirst = true
		return p.rss(root), nil
	case "feed":
		return p.atom(root), nil
	case "html":
		return nil, fmt.Errorf("%w: looks like an HTML page", ErrNotFeed)
	case "urlset", "sitemapindex":
		return nil, fmt.Errorf("%w: a sitemap (<%s>)", ErrNotFeed, root.name)
	}
	return nil, fmt.Errorf("%w: unknown root element <%s>", ErrNotFeed, root.name)
}

// readCapped reads all of r, decompressing gzip data, and fails with
// ErrTooLarge beyond limit bytes.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, fmt.Errorf("feed: read: %w", err)
	}
	if isGzip(b) {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("%w: broken gzip data: %v", ErrNotFeed, err)
		}
		b, err = io.ReadAll(io.LimitReader(zr, limit+1))
		if err != nil && int64(len(b)) <= limit {
			return nil, fmt.Errorf("%w: broken gzip data: %v", ErrNotFeed, err)
		}
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return b, nil
}

func isGzip(b []byte) bool {
	return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b
}
