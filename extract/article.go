package extract

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsdesk"
)

func extract(raw []byte, opt Options) (*newsdesk.Article, error) {
	if len(raw) == 0 {
		return nil, ErrEmpty
	}
	truncated := false
	limit := opt.MaxBytes
	if limit == 0 {
		limit = DefaultMaxBytes
	}
	if limit > 0 && len(raw) > limit {
		raw, truncated = raw[:limit], true
	}
	if err := sniff(raw); err != nil {
		return nil, err
	}
	text, cs := decode(raw, opt.ContentType)
	if err := notHTML(text, opt.ContentType); err != nil {
		return nil, err
	}
	doc, err := html.Parse(bytes.NewReader(text))
	if err != nil {
		// Markup nested deeper than the parser allows (runs of unclosed
		// tags): parse again with the deepest tags dropped, text kept.
		doc, err = html.Parse(bytes.NewReader(flattenDeep(text, 256)))
		if err != nil {
			return nil, fmt.Errorf("parse html: %w", err)
		}
	}
	// A <title> whose end tag is garbled ("</titlevalue=…") swallows the
	// rest of the page as its text: close it where the markup resumes.
	if fixed := closeRunawayTitle(doc, text); fixed != nil {
		if d, err := html.Parse(bytes.NewReader(fixed)); err == nil {
			doc = d
		}
	}
	a, site := fromDoc(doc, opt)
	// Next to no text, and markup kept for browsers without scripts
	// (Blogger and others put the post there and render it by script):
	// read the page as such a browser would.
	if textLen(a.Blocks) < 250 && bytes.Contains(text, []byte("<noscript")) {
		if doc, err := html.ParseWithOptions(bytes.NewReader(text), html.ParseOptionEnableScripting(false)); err == nil {
			unwrapNoscript(doc)
			if b, bs := fromDoc(doc, opt); textLen(b.Blocks) > 2*textLen(a.Blocks) {
				a, site = b, bs
			}
		}
	}
	a.Charset, a.Truncated = cs, truncated
	if opt.Site != nil {
		opt.Site(site)
	}
	if a.Empty() {
		return a, ErrNoArticle
	}
	return a, nil
}

// fromDoc reads the article out of a parsed page, and with opt.Site or a
// template, what the page gives its site and takes from it.
func fromDoc(doc *html.Node, opt Options) (*newsdesk.Article, *SiteReport) {
	pageURL := opt.URL
	m := readMeta(doc)
	a := &newsdesk.Article{URL: pageURL}
	base, _ := url.Parse(pageURL)

	t := build(doc)
	defer t.release()
	var site *SiteReport
	if opt.Site != nil || opt.Template.Applies() {
		site = &SiteReport{Prints: t.prints()}
		site.Dropped = t.dropFurniture(opt.Template, site.Prints)
	}
	t.score()
	a.Title = m.pickTitle(t)
	if site != nil {
		site.Prints = titlePrints(site.Prints, a.Title)
		a.Title, site.TitleCut = cutTitle(a.Title, opt.Template)
	}
	main := t.nearHeadline(t.mainContent(), a.Title)
	a.Blocks = cleanBlocks(t.emit(main), a.Title)
	// Little or no text in the chosen container, or a container holding
	// only a small part of the page's running text (landing pages, text
	// spread over many boxes): the page reads better as every non-chrome
	// block.
	if n := textLen(a.Blocks); (n < 250 || t.coverage(main) < coverageMin) && len(t.nodes) > 0 {
		if all := cleanBlocks(t.emit([]int{0}), a.Title); textLen(all) > 2*n {
			a.Blocks = all
		}
	}
	// Still next to nothing: the class names misled us (a post wrapper
	// named like a sidebar). Judge the page again on tags and text alone.
	if n := textLen(a.Blocks); n < 100 && t.relax() {
		t.score()
		main = t.nearHeadline(t.mainContent(), a.Title)
		if bs := cleanBlocks(t.emit(main), a.Title); textLen(bs) > n {
			a.Blocks = bs
		}
	}
	// Still next to nothing in a container of links: the article is a
	// list of links (a link roll, a reading list).
	if n := textLen(a.Blocks); n < 100 && len(main) > 0 {
		if bs := cleanBlocks(t.emitWith(main, true), a.Title); textLen(bs) > 2*n+100 {
			a.Blocks = bs
		}
	}
	a.Subtitle = m.subtitle()
	a.Authors = m.authors(t, main)
	a.Blocks = dropAuthorBio(a.Blocks, a.Authors)
	a.Blocks = captionsAsText(a.Blocks)
	// A lead paragraph set apart in the article's header is body text.
	if len(main) > 0 && len(a.Blocks) > 0 && !leadInBody(a) {
		if i := t.lead(main, a.Subtitle, m.get("og:description"), m.get("twitter:description"), m.get("description")); i >= 0 {
			if s, _ := t.textOfAll(i); !strings.Contains(a.Text(), oneLine(s)) {
				a.Blocks = append([]newsdesk.Block{{Kind: newsdesk.Paragraph, Text: oneLine(s)}}, a.Blocks...)
			}
		}
	}
	a.SiteName = m.siteName()
	a.CanonicalURL = absURL(base, firstNonEmpty(m.canonical, m.get("og:url"), m.ld.url))
	a.Image = absURL(base, firstNonEmpty(m.get("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"), m.ld.image))
	a.Section = firstNonEmpty(m.get("article:section", "og:article:section", "section", "parsely-section"), m.ld.section)
	a.Tags = m.keywords()
	var cut bool
	a.Blocks, cut = cutPaywall(a.Blocks)
	a.Paywalled = (m.ld.free != nil && !*m.ld.free) || t.paywall || cut
	a.Published, a.Modified = findDates(doc, firstNonEmpty(pageURL, a.CanonicalURL))
	a.Language = m.language(a)
	return a, site
}

func textLen(bs []newsdesk.Block) int {
	n := 0
	for _, b := range bs {
		if b.Kind != newsdesk.Caption {
			n += len(b.Text)
		}
	}
	return n
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" {
			return x
		}
	}
	return ""
}

func absURL(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ""
	}
	if base != nil && base.Scheme != "" {
		u = base.ResolveReference(u)
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return ""
	}
	return u.String()
}

// flattenDeep re-serialises a page, dropping start and end tags nested
// deeper than limit; their text stays.
func flattenDeep(b []byte, limit int) []byte {
	z := html.NewTokenizer(bytes.NewReader(b))
	out := make([]byte, 0, len(b))
	depth, dropped := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return out
		case html.StartTagToken:
			name, _ := z.TagName()
			if voidElements[string(name)] {
				break
			}
			if depth >= limit {
				dropped++
				continue
			}
			depth++
		case html.EndTagToken:
			if dropped > 0 {
				dropped--
				continue
			}
			if depth > 0 {
				depth--
			}
		}
		out = append(out, z.Raw()...)
	}
}

var voidElements = map[string]bool{"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true, "p": true, "li": true}

// leadInBody reports whether the body already opens with the page's
// description (often a cut copy of the first paragraph).
func leadInBody(a *newsdesk.Article) bool {
	d := strings.ToLower(collapse(a.Subtitle))
	if len(d) > 60 {
		d = d[:60]
	}
	d = strings.TrimRight(d, ".… ")
	if len(d) < 20 {
		return false
	}
	for _, b := range a.Blocks[:min(len(a.Blocks), 3)] {
		if strings.Contains(strings.ToLower(b.Text), d) {
			return true
		}
	}
	return false
}

// unwrapNoscript turns the noscript elements of a page parsed without
// scripting into plain containers, so that their content is read.
func unwrapNoscript(n *html.Node) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Noscript {
			c.DataAtom, c.Data = atom.Div, "div"
		}
		unwrapNoscript(c)
	}
}

// closeRunawayTitle returns page with its <title> closed before the first
// tag that follows the title's text, if the parsed title holds markup
// and more text than a title has; nil otherwise.
func closeRunawayTitle(doc *html.Node, page []byte) []byte {
	title := findElement(doc, atom.Title, 3)
	if title == nil || title.FirstChild == nil || len(title.FirstChild.Data) < 300 ||
		!strings.Contains(title.FirstChild.Data, "<") {
		return nil
	}
	lower := bytes.ToLower(page)
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return nil
	}
	gt := bytes.IndexByte(page[i:], '>')
	if gt < 0 {
		return nil
	}
	start := i + gt + 1
	lt := bytes.IndexByte(page[start:], '<')
	if lt < 0 {
		return nil
	}
	end := start + lt
	out := make([]byte, 0, len(page)+8)
	out = append(out, page[:end]...)
	out = append(out, "</title>"...)
	return append(out, page[end:]...)
}

// findElement returns the first element of kind a at most depth levels
// below n, depth first.
func findElement(n *html.Node, a atom.Atom, depth int) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
		if depth > 0 {
			if f := findElement(c, a, depth-1); f != nil {
				return f
			}
		}
	}
	return nil
}

// captionsAsText turns the captions of a picture story into paragraphs:
// when three or more captions say twice as much as the rest of the body,
// they are what the page has to say.
func captionsAsText(bs []newsdesk.Block) []newsdesk.Block {
	var captions, n, text int
	for _, b := range bs {
		if b.Kind == newsdesk.Caption {
			captions++
			n += len(b.Text)
		} else {
			text += len(b.Text)
		}
	}
	if captions < 3 || n < 2*text {
		return bs
	}
	for i := range bs {
		if bs[i].Kind == newsdesk.Caption {
			bs[i].Kind = newsdesk.Paragraph
		}
	}
	return bs
}
