package feed

import (
	"bufio"
	"compress/gzip"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// The sitemap protocol's limits, which ParseSitemap enforces.
const (
	// MaxSitemapEntries is the most <url> or <sitemap> entries read from
	// one sitemap.
	MaxSitemapEntries = 50_000
	// MaxSitemapSize is the most bytes read from one sitemap, after gzip
	// decompression.
	MaxSitemapSize = 50 << 20
)

// maxEntryNodes caps the elements and text runs kept for one entry.
const maxEntryNodes = 10_000

// Sitemap is a parsed XML sitemap: an index of other sitemaps or a set of
// page URLs.
type Sitemap struct {
	// Kind is KindSitemapIndex or KindURLSet.
	Kind Kind `json:"kind"`
	// Sitemaps are the child sitemaps of a sitemap index.
	Sitemaps []SitemapRef `json:"sitemaps,omitempty"`
	// URLs are the pages of a URL set.
	URLs []SitemapURL `json:"urls,omitempty"`
	// Truncated reports that reading stopped before the end of the
	// document: the entry or size limit was reached, or the document
	// broke off. The entries read until then are kept.
	Truncated bool `json:"truncated,omitempty"`
}

// SitemapRef is one child sitemap listed in a sitemap index.
type SitemapRef struct {
	Loc     string    `json:"loc"`
	LastMod time.Time `json:"lastmod,omitzero"`
}

// SitemapURL is one page listed in a URL set.
type SitemapURL struct {
	Loc     string    `json:"loc"`
	LastMod time.Time `json:"lastmod,omitzero"`
	// News holds the Google News extension (news:news), or nil.
	News *News `json:"news,omitempty"`
	// Images are the image:image locations given for the page.
	Images []string `json:"images,omitempty"`
}

// News is the Google News sitemap extension of a URL.
type News struct {
	// PublicationName and Language come from news:publication.
	PublicationName string    `json:"publication_name,omitempty"`
	Language        string    `json:"language,omitempty"`
	PublicationDate time.Time `json:"publication_date,omitzero"`
	Title           string    `json:"title,omitempty"`
	// Keywords are news:keywords split at commas.
	Keywords []string `json:"keywords,omitempty"`
}

// ParseSitemap reads an XML sitemap (<sitemapindex> or <urlset>) from r,
// plain or gzip compressed (told by its magic bytes). It stops after
// MaxSitemapEntries entries or MaxSitemapSize bytes and returns what it
// read with Truncated set; a document that breaks off is treated the same
// way. A document that is not a sitemap gives an error wrapping
// ErrNotSitemap.
func ParseSitemap(r io.Reader) (*Sitemap, error) {
	br := bufio.NewReaderSize(r, 8192)
	if magic, _ := br.Peek(2); isGzip(magic) {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("%w: broken gzip data: %v", ErrNotSitemap, err)
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 8192)
	}
	capped := &capReader{r: br, left: MaxSitemapSize}
	in := bufio.NewReaderSize(capped, 8192)
	src, err := prepareStream(in)
	if err != nil {
		return nil, err
	}
	sm, err := readSitemap(newDecoder(src))
	if err != nil {
		return nil, err
	}
	if capped.hit {
		sm.Truncated = true
	}
	return sm, nil
}

// prepareStream skips junk and the XML declaration at the start of a
// sitemap and returns a reader of its content as clean UTF-8.
func prepareStream(in *bufio.Reader) (io.Reader, error) {
	head, _ := in.Peek(4096)
	label := declaredEncoding(head)
	start := skipJunk(head)
	if start == nil {
		if len(trimSpaceBOM(head)) == 0 {
			return nil, fmt.Errorf("%w: empty input", ErrNotSitemap)
		}
		return nil, fmt.Errorf("%w: no markup", ErrNotSitemap)
	}
	if k := sniffMarkup(start); k.IsFeed() || k == KindHTML {
		return nil, fmt.Errorf("%w: looks like %s", ErrNotSitemap, kindName(k))
	}
	start = dropXMLDecl(start)
	if _, err := in.Discard(len(head) - len(start)); err != nil {
		return nil, fmt.Errorf("feed: read sitemap: %w", err)
	}
	var src io.Reader = in
	if label != "" {
		if e, name := charset.Lookup(label); e != nil && name != "utf-8" && !strings.HasPrefix(name, "utf-16") {
			src = transform.NewReader(src, e.NewDecoder())
		}
	}
	return transform.NewReader(src, xmlRepair{}), nil
}

func kindName(k Kind) string {
	switch k {
	case KindHTML:
		return "an HTML page"
	case KindRSS, KindAtom, KindJSONFeed:
		return "a feed (" + string(k) + ")"
	}
	return string(k)
}

// readSitemap reads the entries of a sitemap one at a time, dropping each
// after it is read, so that memory stays proportional to the result.
func readSitemap(d *xml.Decoder) (*Sitemap, error) {
	var sm *Sitemap
	var stack []*node
	entries, nodes := 0, 0
	for {
		tok, err := d.Token()
		if err != nil {
			if sm == nil {
				if err == io.EOF {
					return nil, fmt.Errorf("%w: no XML element", ErrNotSitemap)
				}
				return nil, fmt.Errorf("%w: malformed XML: %v", ErrNotSitemap, err)
			}
			if err != io.EOF || len(stack) > 0 {
				sm.Truncated = true
			}
			return sm, nil
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := strings.ToLower(t.Name.Local)
			if sm == nil {
				switch name {
				case "urlset":
					sm = &Sitemap{Kind: KindURLSet}
				case "sitemapindex":
					sm = &Sitemap{Kind: KindSitemapIndex}
				default:
					return nil, fmt.Errorf("%w: root element <%s>", ErrNotSitemap, name)
				}
				stack = append(stack, &node{name: name})
				continue
			}
			if len(stack) >= maxDepth {
				sm.Truncated = true
				return sm, nil
			}
			if len(stack) == 1 {
				if name == "url" || name == "sitemap" {
					if entries >= MaxSitemapEntries {
						sm.Truncated = true
						return sm, nil
					}
					entries++
				}
				nodes = 0
			}
			n := &node{space: nsKey(t.Name.Space), name: name, attrs: t.Attr}
			if nodes < maxEntryNodes {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
				nodes++
			}
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) == 0 {
				continue
			}
			n := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if len(stack) == 1 {
				sm.add(n)
				stack[0].kids = stack[0].kids[:0]
			}
			if len(stack) == 0 {
				// The root has closed; anything after it is ignored.
				return sm, nil
			}
		case xml.CharData:
			if len(stack) < 2 || nodes >= maxEntryNodes {
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

// add records one entry element of the sitemap.
func (sm *Sitemap) add(n *node) {
	loc := collapse(n.child("loc", "").textOf())
	if loc == "" {
		return
	}
	lastmod := parseDate(n.child("lastmod", "").textOf())
	switch {
	case sm.Kind == KindSitemapIndex && n.is("sitemap", ""):
		sm.Sitemaps = append(sm.Sitemaps, SitemapRef{Loc: loc, LastMod: lastmod})
	case sm.Kind == KindURLSet && n.is("url", ""):
		u := SitemapURL{Loc: loc, LastMod: lastmod}
		if nn := n.child("news", "news"); nn != nil {
			pub := nn.child("publication", "news")
			news := &News{
				PublicationName: collapse(pub.child("name", "news").textOf()),
				Language:        collapse(pub.child("language", "news").textOf()),
				PublicationDate: parseDate(nn.child("publication_date", "news").textOf()),
				Title:           titleText(nn.child("title", "news").textOf()),
			}
			if kw := nn.child("keywords", "news").textOf(); kw != "" {
				news.Keywords = appendUnique(nil, strings.Split(kw, ",")...)
			}
			u.News = news
		}
		for _, img := range n.children("image", "image") {
			if l := collapse(img.child("loc", "image").textOf()); l != "" && len(u.Images) < maxList {
				u.Images = append(u.Images, l)
			}
		}
		sm.URLs = append(sm.URLs, u)
	}
}

// capReader reads at most left bytes from r and records whether r had
// more.
type capReader struct {
	r    io.Reader
	left int64
	hit  bool
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.left <= 0 {
		var one [1]byte
		if n, _ := io.ReadFull(c.r, one[:]); n > 0 {
			c.hit = true
		}
		return 0, io.EOF
	}
	if int64(len(p)) > c.left {
		p = p[:c.left]
	}
	n, err := c.r.Read(p)
	c.left -= int64(n)
	return n, err
}

// xmlRepair is a transformer that makes a stream acceptable to
// encoding/xml: bytes that are not valid UTF-8 are read as windows-1252,
// and characters XML forbids become spaces.
type xmlRepair struct{ transform.NopResetter }

func (xmlRepair) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	for nSrc < len(src) {
		c := src[nSrc]
		if c < utf8.RuneSelf {
			if nDst >= len(dst) {
				return nDst, nSrc, transform.ErrShortDst
			}
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				c = ' '
			}
			dst[nDst] = c
			nDst++
			nSrc++
			continue
		}
		if !atEOF && !utf8.FullRune(src[nSrc:]) {
			return nDst, nSrc, transform.ErrShortSrc
		}
		r, n := utf8.DecodeRune(src[nSrc:])
		switch {
		case r == utf8.RuneError && n == 1:
			r = charmap.Windows1252.DecodeByte(c)
		case r == 0xFFFE || r == 0xFFFF:
			r = ' '
		}
		if nDst+utf8.RuneLen(r) > len(dst) {
			return nDst, nSrc, transform.ErrShortDst
		}
		nDst += utf8.EncodeRune(dst[nDst:], r)
		nSrc += n
	}
	return nDst, nSrc, nil
}
