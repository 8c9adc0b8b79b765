package feed

import (
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// parser holds what the format readers share while reading one feed.
type parser struct {
	// base is the URL the feed was fetched from, or nil.
	base *url.URL
	// site is the feed's absolute site link.
	site *url.URL
	// siteFirst makes site win over base when resolving links outside
	// any xml:base, as RSS item links are pages of the site.
	siteFirst bool
}

// baseOf returns the base URL for links in n: its xml:base, then the
// feed's URL and its site link (in the order siteFirst says).
func (p *parser) baseOf(n *node) *url.URL {
	if n != nil && n.base != nil {
		return n.base
	}
	if p.siteFirst && p.site != nil {
		return p.site
	}
	if p.base != nil {
		return p.base
	}
	return p.site
}

// abs resolves ref, found in element n, to an absolute URL where it can.
func (p *parser) abs(n *node, ref string) string {
	return resolve(p.baseOf(n), ref)
}

// setSite records the feed's site link as the fallback base.
func (p *parser) setSite(site string) {
	if u, err := url.Parse(site); err == nil && u.IsAbs() && (u.Scheme == "http" || u.Scheme == "https") {
		p.site = u
	}
}

// feedURL returns the URL the feed was fetched from, or "".
func (p *parser) feedURL() string {
	if p.base == nil {
		return ""
	}
	return p.base.String()
}

// rss reads an RSS 0.9x, 1.0 (RDF) or 2.0 document.
func (p *parser) rss(root *node) *Feed {
	ch := root.child("channel", "")
	if root.name == "channel" {
		ch = root
	}
	f := &Feed{Kind: KindRSS, Items: []Item{}}
	link := ch.child("link", "")
	site := link.textOf()
	if site == "" {
		site = link.attr("href")
	}
	for _, l := range ch.children("link", "atom") {
		rel := strings.ToLower(l.attr("rel"))
		switch {
		case rel == "self" && f.FeedURL == "":
			f.FeedURL = p.abs(l, l.attr("href"))
		case (rel == "" || rel == "alternate") && site == "":
			site = l.attr("href")
		}
	}
	if site != "" {
		f.SiteURL = p.abs(link, site)
		p.setSite(f.SiteURL)
	}
	if f.FeedURL == "" {
		f.FeedURL = p.feedURL()
	}
	f.Title = p.title(ch.child("title", ""))
	f.Language = collapse(firstText(ch.child("language", ""), ch.child("language", "dc")))
	for _, n := range []*node{ch.child("lastbuilddate", ""), ch.child("pubdate", ""), ch.child("date", "dc"), ch.child("updated", "atom")} {
		if t := parseDate(n.textOf()); !t.IsZero() {
			f.Updated = t
			break
		}
	}
	items := ch.children("item", "")
	if root != ch {
		items = append(items, root.children("item", "")...)
	}
	for _, it := range items {
		f.Items = append(f.Items, p.rssItem(it))
	}
	return f
}

func (p *parser) rssItem(it *node) Item {
	var item Item
	link := ""
	linkNode := it
	if n := it.child("origlink", "feedburner"); n != nil && n.textOf() != "" {
		link, linkNode = n.textOf(), n
	}
	if link == "" {
		if n := it.child("link", ""); n != nil {
			link, linkNode = n.textOf(), n
			if link == "" {
				link = n.attr("href")
			}
		}
	}
	if link == "" {
		for _, n := range it.children("link", "atom") {
			if rel := strings.ToLower(n.attr("rel")); rel == "" || rel == "alternate" {
				link, linkNode = n.attr("href"), n
				break
			}
		}
	}
	guidNode := it.child("guid", "")
	guid := collapse(guidNode.textOf())
	if link == "" && guid != "" && !strings.EqualFold(guidNode.attr("ispermalink"), "false") && looksLikeURL(guid) {
		link, linkNode = guid, guidNode
	}
	about := it.attr("about")
	if link == "" && looksLikeURL(about) {
		link = about
	}
	item.URL = p.abs(linkNode, link)

	item.Title = p.title(it.child("title", ""))
	desc := firstNode(it.child("description", ""), it.child("description", "dc"), it.child("summary", "atom"),
		it.child("description", "media"), it.child("group", "media").child("description", "media"), it.child("summary", "itunes"))
	descHTML := ""
	if desc != nil {
		descHTML = desc.innerHTML()
		item.Summary = plainText(descHTML)
	}
	if c := it.child("encoded", "content"); c != nil {
		item.Content = absolutizeHTML(strings.TrimSpace(c.innerHTML()), p.baseOf(c))
	}

	for _, a := range it.children("author", "") {
		item.Authors = appendUnique(item.Authors, rssAuthor(a))
	}
	for _, a := range it.children("creator", "dc") {
		item.Authors = appendUnique(item.Authors, a.textOf())
	}
	for _, a := range it.children("author", "atom") {
		item.Authors = appendUnique(item.Authors, firstText(a.child("name", "atom"), a))
	}
	if len(item.Authors) == 0 {
		item.Authors = appendUnique(item.Authors, it.child("author", "itunes").textOf())
	}

	item.Published = firstDate(it.child("pubdate", ""), it.child("date", "dc"), it.child("issued", "dc"),
		it.child("created", "dc"), it.child("published", "atom"))
	item.Updated = firstDate(it.child("updated", "atom"), it.child("modified", "dc"))
	if item.Published.IsZero() {
		item.Published = item.Updated
	}

	for _, c := range it.children("category", "") {
		item.Categories = appendUnique(item.Categories, titleText(c.textOf()))
	}
	for _, c := range it.children("subject", "dc") {
		item.Categories = appendUnique(item.Categories, c.textOf())
	}

	img := p.mediaImage(it)
	if img == "" {
		for _, e := range it.children("enclosure", "") {
			if isImage("", e.attr("type"), e.attr("url")) {
				img = p.abs(e, e.attr("url"))
				break
			}
		}
	}
	if img == "" {
		if n := it.child("image", "itunes"); n != nil {
			img = p.abs(n, n.attr("href"))
		}
	}
	if img == "" {
		if src := firstImage(item.Content); src != "" {
			img = resolve(p.baseOf(it), src)
		} else if src := firstImage(descHTML); src != "" {
			img = p.abs(desc, src)
		}
	}
	item.ImageURL = img

	item.ID = guid
	if item.ID == "" {
		item.ID = about
	}
	finishID(&item)
	return item
}

// title returns the plain text of a title element, which may hold escaped
// or unescaped markup.
func (p *parser) title(n *node) string {
	if n == nil {
		return ""
	}
	if n.hasElements() {
		return plainText(n.innerHTML())
	}
	return titleText(n.rawText())
}

// rssAuthor returns the name in an RSS author element: "jane@example.org
// (Jane Doe)" gives "Jane Doe"; an element with a <name> child gives that.
func rssAuthor(a *node) string {
	if n := a.child("name", "", "atom"); n != nil {
		return n.textOf()
	}
	s := collapse(a.textOf())
	if i := strings.IndexByte(s, '('); i > 0 && strings.HasSuffix(s, ")") && strings.Contains(s[:i], "@") {
		return strings.TrimSpace(s[i+1 : len(s)-1])
	}
	return s
}

// mediaImage returns the best image of an item's Media RSS elements: the
// widest image media:content, else the widest media:thumbnail.
func (p *parser) mediaImage(it *node) string {
	var contents, thumbs []*node
	for _, scope := range append([]*node{it}, it.children("group", "media")...) {
		for _, c := range scope.children("content", "media") {
			contents = append(contents, c)
			thumbs = append(thumbs, c.children("thumbnail", "media")...)
		}
		thumbs = append(thumbs, scope.children("thumbnail", "media")...)
	}
	best, bestW := (*node)(nil), -1
	for _, c := range contents {
		if !isImage(c.attr("medium"), c.attr("type"), c.attr("url")) || c.attr("url") == "" {
			continue
		}
		if w := atoiOr(c.attr("width"), 0); w > bestW {
			best, bestW = c, w
		}
	}
	if best == nil {
		for _, c := range thumbs {
			if c.attr("url") == "" {
				continue
			}
			if w := atoiOr(c.attr("width"), 0); w > bestW {
				best, bestW = c, w
			}
		}
	}
	if best == nil {
		return ""
	}
	return p.abs(best, best.attr("url"))
}

// isImage reports whether a media element or enclosure is an image, by
// its medium, its MIME type, or failing both its file extension.
func isImage(medium, typ, u string) bool {
	medium, typ = strings.ToLower(medium), strings.ToLower(typ)
	if medium != "" {
		return medium == "image"
	}
	if typ != "" {
		return strings.HasPrefix(typ, "image/")
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	u = strings.ToLower(u)
	for _, ext := range [...]string{".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"} {
		if strings.HasSuffix(u, ext) {
			return true
		}
	}
	return false
}

func atoiOr(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

func looksLikeURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// firstNode returns the first of nodes that is not nil and holds text or
// elements.
func firstNode(nodes ...*node) *node {
	for _, n := range nodes {
		if n != nil && (n.hasElements() || strings.TrimSpace(n.rawText()) != "") {
			return n
		}
	}
	return nil
}

// firstText returns the first non-empty trimmed text of nodes.
func firstText(nodes ...*node) string {
	for _, n := range nodes {
		if s := n.textOf(); s != "" {
			return s
		}
	}
	return ""
}

// firstDate returns the first date among nodes that parses.
func firstDate(nodes ...*node) time.Time {
	for _, n := range nodes {
		if n == nil {
			continue
		}
		if t := parseDate(n.textOf()); !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// finishID fills an empty ID from the URL, or else from a hash of the
// title and text so that the same entry keeps the same ID.
func finishID(item *Item) {
	item.ID = collapse(item.ID)
	if item.ID != "" {
		return
	}
	if item.URL != "" {
		item.ID = item.URL
		return
	}
	if item.Title == "" && item.Summary == "" && item.Content == "" {
		return
	}
	h := sha256.New()
	h.Write([]byte(item.Title))
	h.Write([]byte{0})
	h.Write([]byte(item.Summary))
	h.Write([]byte{0})
	h.Write([]byte(item.Content))
	item.ID = "sha256:" + hex.EncodeToString(h.Sum(nil)[:16])
}
