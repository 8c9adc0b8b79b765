package extract

import (
	"slices"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Class and id words that mark the site's chrome. A word matches a token of
// the class or id attribute split at non-letters and camel-case humps, or
// the start of such a token ("comments" matches "comment").
var junkWords = []string{
	"comment", "comments", "kommentar", "kommentare", "disqus", "reply", "replies", "respond",
	"share", "sharing", "sharebar", "social", "socials", "teilen", "shariff",
	"related", "relatedposts", "recommended", "recommendation", "recommendations", "outbrain", "taboola", "plista",
	"newsletter", "subscribe", "subscription", "signup", "abo", "abonnieren",
	"cookie", "cookies", "consent", "gdpr", "cmp", "privacy",
	"banner", "advert", "advertisement", "advertising", "ad", "ads", "adslot", "adunit", "anzeige", "werbung", "sponsor", "sponsored", "promo", "promotion",
	"sidebar", "sidebars", "widget", "widgets", "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs",
	"footer", "masthead", "topbar", "toolbar",
	"pagination", "pager", "paging",
	"popular", "trending", "mostread", "meistgelesen",
	"modal", "popup", "overlay", "lightbox", "dialog", "slideshow",
	"print", "skip", "skiplink", "sronly", "sr", "visually", "offscreen",
	"tags", "tagcloud", "taglist", "keywords",
	"author", "bio", "authorbox", "byline", "meta", "dateline", "timestamp",
	"copyright",
	"rating", "ratings", "vote", "poll",
	"login", "signin", "register", "paywall",
	"teaser", "teasers", "readmore", "more", "also", "lesetipp", "empfehlung", "weiterlesen",
	"noprint", "tooltip", "dropdown",
	"newsticker", "ticker", "rss", "feed",
	"infobox", "factbox", "infokasten", "faktenbox", "expandable", "collapsible", "accordion",
}

// keepWords mark containers of the article itself; they override junkWords
// on the same element ("article-meta" stays junk, "article-body" does not).
var keepWords = []string{
	"article", "artikel", "content", "main", "body", "story", "entry", "post", "text", "blog", "news",
}

// strongJunk words mark chrome even when they share the element with a
// keep word ("article-comments", "post-share").
var strongJunk = []string{
	"comment", "comments", "kommentar", "kommentare", "disqus", "share", "sharing", "social",
	"related", "recommended", "newsletter", "cookie", "consent", "outbrain", "taboola",
	"sidebar", "breadcrumb", "breadcrumbs", "footer", "nav", "navigation", "menu",
	"advert", "advertisement", "ad", "ads", "anzeige", "promo", "tags", "byline", "meta",
	"teaser", "readmore", "popular", "mostread", "pagination", "skip", "sronly",
	"author", "bio", "print", "subscribe", "also", "gdpr", "cmp", "dialog", "modal", "popup",
	"slideshow", "infobox", "factbox", "infokasten", "faktenbox", "expandable", "collapsible", "accordion",
}

// captionWords mark picture captions and credits, kept as caption blocks.
var captionWords = []string{"lightbox", "caption", "captions", "figcaption", "credit", "credits", "bildunterschrift", "bildtext", "legend", "legende", "photocredit", "copyright"}

// regionWords name the page's regions beside the article, which stay
// chrome however much text they hold (an author's biography in several
// paragraphs too).
var regionWords = []string{"bio", "sidebar", "sidebars", "footer", "nav", "navbar", "navigation", "menu", "masthead", "breadcrumb", "breadcrumbs", "slideshow"}

// boxWords name a box set into the article's text, a box of facts or
// one a reader unfolds (a person's profile, a background question), which
// is beside the story, not part of it; a page or section made of such
// boxes (a list of offers, questions and answers) is another matter.
var boxWords = []string{"infobox", "factbox", "infokasten", "faktenbox", "expandable", "collapsible", "accordion"}

// commentWords mark user comments, which are never the article even when
// they outweigh it.
var commentWords = []string{"comment", "comments", "kommentar", "kommentare", "disqus", "reply", "replies", "respond"}

// negators turn the class word after them into a description of the
// element's layout ("has-sidebar"), not of what it is.
var negators = map[string]bool{"has": true, "with": true, "no": true, "without": true, "show": true, "hide": true, "is": true}

type wordSet map[string]bool

func newWordSet(ws []string) wordSet {
	m := make(wordSet, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

var (
	junkSet    = newWordSet(junkWords)
	keepSet    = newWordSet(keepWords)
	strongSet  = newWordSet(strongJunk)
	commentSet = newWordSet(commentWords)
	regionSet  = newWordSet(regionWords)
	captionSet = newWordSet(captionWords)
	boxSet     = newWordSet(boxWords)
)

// splitWords appends the lower-cased words of a class or id attribute to
// dst: split at anything but letters and at lower-to-upper case changes.
func splitWords(dst []string, s string) []string {
	start := -1
	for i := 0; i <= len(s); i++ {
		var c byte
		if i < len(s) {
			c = s[i]
		}
		letter := (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
		hump := start >= 0 && c >= 'A' && c <= 'Z' && s[i-1] >= 'a' && s[i-1] <= 'z'
		if start >= 0 && (!letter || hump) {
			dst = append(dst, strings.ToLower(s[start:i]))
			start = -1
		}
		if letter && start < 0 {
			start = i
		}
	}
	return dst
}

// classWords appends the words of one class name to dst. A CSS-module
// class ("Article_elementPoll__x1y2Z", "styles_teaser__3kJq") names the
// component, the element and a hash: the hash is noise, and when the
// element's own name holds a chrome word ("Poll"), a keep word in the
// component's name ("Article") says where the element sits, not what it
// is, and does not cancel it. Words of other classes are those of
// splitWords.
func classWords(dst []string, c string) []string {
	module, local, ok := cssModule(c)
	if !ok {
		n := len(dst)
		dst = splitWords(dst, c)
		// "InfoBox", "info-box": a compound split into its parts is
		// still the word it spells.
		if len(dst)-n >= 2 {
			if w := strings.Join(dst[n:], ""); junkSet[w] {
				dst = append(dst, w)
			}
		}
		return dst
	}
	n := len(dst)
	dst = splitWords(dst, module)
	m := len(dst)
	dst = splitWords(dst, local)
	if !slices.ContainsFunc(dst[m:], func(w string) bool { return junkSet[w] }) {
		return dst
	}
	kept := dst[:n]
	for _, w := range dst[n:m] {
		if !keepSet[w] {
			kept = append(kept, w)
		}
	}
	return append(kept, dst[m:]...)
}

// cssModule splits a class generated by CSS modules, component_local__hash,
// into its component and local names. The hash holds a digit, a capital,
// '_' or '-' (a BEM element such as "teaser__title" is all lower-case
// letters and has no component part).
func cssModule(c string) (module, local string, ok bool) {
	i := strings.Index(c, "__")
	if i <= 0 {
		return "", "", false
	}
	hash := c[i+2:]
	if len(hash) < 3 || len(hash) > 10 || strings.IndexFunc(hash, func(r rune) bool {
		return (r >= '0' && r <= '9') || (r >= 'A' && r <= 'Z') || r == '_' || r == '-'
	}) < 0 {
		return "", "", false
	}
	j := strings.IndexByte(c[:i], '_')
	if j <= 0 || j == i-1 {
		return "", "", false
	}
	return c[:j], c[j+1 : i], true
}

// classify sets the junk flag of nodes that are the site's chrome, judged
// by tag, role, class and id.
func (t *tree) classify() {
	var words []string
	for i := range t.nodes {
		nd := &t.nodes[i]
		if tagJunk(nd.tag) || (nd.tag == atom.Form && nd.textLen < 500 && hasTextField(nd.n)) || opensWithClose(nd.n) {
			nd.junk = true
		}
		if nd.tag == atom.Body || nd.tag == atom.Html || nd.tag == atom.Main {
			for _, a := range nd.n.Attr {
				if a.Key == "class" || a.Key == "id" {
					t.notePaywall(splitWords(words[:0], a.Val))
				}
			}
			continue
		}
		// Inline markup inside a paragraph is part of its sentence
		// ("<span class=dateline>KOBE –</span> A total …").
		if !isBlock(nd.tag) && nd.parent >= 0 && t.nodes[nd.parent].tag == atom.P {
			continue
		}
		words = words[:0]
		for _, a := range nd.n.Attr {
			switch a.Key {
			case "id":
				words = splitWords(words, a.Val)
			case "class":
				for _, c := range strings.Fields(a.Val) {
					if !taxonomyClass(c) {
						words = classWords(words, c)
					}
				}
			case "aria-label":
				// A landmark's label names it as a class does
				// ("Newsletter Anmeldung", "Share this article").
				if nd.tag == atom.Section || nd.tag == atom.Aside || nd.tag == atom.Div || nd.tag == atom.Nav {
					words = splitWords(words, a.Val)
				}
			case "role":
				switch a.Val {
				case "navigation", "complementary", "contentinfo", "banner", "menu", "menubar", "search", "dialog", "alert", "toolbar":
					nd.junk = true
				case "main", "article":
					nd.junk = false
				}
			case "itemprop":
				if a.Val == "articleBody" || a.Val == "text" {
					words = append(words, "article")
				}
			}
		}
		if len(words) == 0 {
			continue
		}
		t.notePaywall(words)
		var junk, keep, strong bool
		embed := slices.Contains(words, "embed") || slices.Contains(words, "embedded")
		for k, w := range words {
			// "has-sidebar", "with-comments", "no-ads": a modifier of a
			// wrapper, not the box itself.
			if k > 0 && negators[words[k-1]] {
				continue
			}
			// An embedded social media post ("social-media-embed") is
			// quoted in the article, not a share bar.
			if embed && (w == "social" || w == "socials") {
				continue
			}
			if captionSet[w] {
				nd.caption = true
			}
			if boxSet[w] {
				nd.box = true
			}
			if junkSet[w] {
				junk = true
				if strongSet[w] {
					strong = true
				}
				if commentSet[w] {
					nd.comment = true
				}
				if regionSet[w] {
					nd.region = true
				}
			} else if keepSet[w] {
				keep = true
			}
		}
		switch {
		case strong:
			nd.junk = true
			nd.weak = keep && !nd.comment
		case junk && !keep:
			nd.junk = true
			// A weak word on a block of running text ("field-label-hidden",
			// "author-content") does not make it chrome.
			nd.weak = true
		}
	}
}

// rescue clears the junk flag of wrappers that hold the article after all.
// total is the text length of the whole page.
func (t *tree) rescue(total int32) {
	for i := range t.nodes {
		nd := &t.nodes[i]
		if !nd.junk || nd.comment {
			continue
		}
		// A wrapper of most of the page is not chrome, whatever its class
		// says ("two-col-sidebar-right"); a sidebar or footer full of text
		// (an "about me" box) is, unless it holds nearly all of the page.
		if region := nd.region && !nd.weak; (!region && nd.textLen*2 > total && total > 500) || (region && nd.textLen*10 > total*9) {
			nd.junk = false
		}
		if nd.region && !nd.weak {
			continue
		}
		// A box among boxes, not set into running text, is the page's
		// content; a box in the text stays chrome however long.
		if nd.box {
			nd.junk = nd.junk && t.boxInText(i)
			continue
		}
		// Running text in several long paragraphs is content, whatever
		// its class says ("content-with-sidebar", "entry author-x").
		if nd.linkDensity() < 0.3 && ((nd.textLen >= 500 && (nd.paras >= 2 || nd.weak)) || (nd.weak && nd.paras >= 1 && nd.textLen >= 200)) {
			nd.junk = false
		}
		// A paragraph without links named a teaser or intro is the
		// article's lead; another article's teaser links to it.
		if nd.junk && nd.tag == atom.P && nd.linkLen == 0 && nd.textLen >= 60 && !nd.comment && namedLead(nd.n) {
			nd.junk = false
		}
		// A layout box named by a weak word ("widget-area") that holds
		// the page's headline and paragraphs of text holds the article.
		if nd.junk && nd.weak && nd.paras >= 2 && t.holdsHeadline(i) {
			nd.junk = false
		}
	}
}

// boxInText reports whether the box i is set among running text: its
// parent holds more running text outside boxes than the box itself.
func (t *tree) boxInText(i int) bool {
	p := t.nodes[i].parent
	// A wrapper that holds nothing but the box ("embed > info-box") is
	// the box's frame: look at what holds the frame.
	for p >= 0 && t.nodes[p].textLen == t.nodes[i].textLen && t.nodes[p].tag != atom.Article && t.nodes[p].tag != atom.Body {
		p = t.nodes[p].parent
	}
	if p < 0 {
		return false
	}
	good := t.nodes[p].good
	for c := int(p) + 1; c < int(t.nodes[p].end); c = int(t.nodes[c].end) {
		if t.nodes[c].box {
			good -= t.nodes[c].good
		}
	}
	return good > t.nodes[i].textLen
}

// taxonomyClass reports whether a class names a CMS category, tag or
// author of the post ("category-kommentar", "tag-sidebar"), which says
// nothing about the element's role.
func taxonomyClass(c string) bool {
	for _, p := range [...]string{"category-", "tag-", "tags-", "author-", "format-", "status-", "type-", "postid-", "page-id-", "topic-"} {
		if len(c) > len(p) && strings.EqualFold(c[:len(p)], p) {
			return true
		}
	}
	return false
}

// relax clears the junk flags that came from class and id words alone,
// keeping those of tags, roles and comments, and recomputes the
// statistics. It reports whether anything changed.
func (t *tree) relax() bool {
	changed := false
	for i := range t.nodes {
		nd := &t.nodes[i]
		if nd.junk && !nd.comment && !tagJunk(nd.tag) {
			nd.junk, changed = false, true
		}
		nd.score = 0
	}
	if changed {
		t.stats()
	}
	return changed
}

func tagJunk(a atom.Atom) bool { return a == atom.Nav || a == atom.Aside || a == atom.Footer }

// notePaywall records a paywall marker among an element's class and id
// words ("paywall", "pay-wall").
func (t *tree) notePaywall(words []string) {
	for j, w := range words {
		if w == "paywall" || w == "paywalled" || (w == "pay" && j+1 < len(words) && words[j+1] == "wall") {
			t.paywall = true
		}
	}
}

// opensWithClose reports whether the first element in n is a control
// that closes it (class "close"): a pop-up layer, not the article.
func opensWithClose(n *html.Node) bool {
	c := n.FirstChild
	for c != nil && c.Type != html.ElementNode {
		c = c.NextSibling
	}
	if c == nil || c.DataAtom == atom.Body {
		return false
	}
	cls := attr(c, "class")
	if !strings.Contains(cls, "lose") && !strings.Contains(cls, "ismiss") {
		return false // the common case, without allocating
	}
	for _, w := range strings.Fields(strings.ToLower(cls)) {
		if w == "close" || w == "closer" || w == "dismiss" {
			return true
		}
	}
	return false
}

// hasTextField reports whether the form n asks for typed text: a comment,
// contact or sign-up form, whose labels and hints are not the article. A
// page wrapped whole in one form has more text than such a form.
func hasTextField(n *html.Node) bool {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		switch c.DataAtom {
		case atom.Textarea:
			return true
		case atom.Input:
			switch strings.ToLower(attr(c, "type")) {
			case "", "text", "email", "password", "search", "tel", "url":
				return true
			}
		}
		if hasTextField(c) {
			return true
		}
	}
	return false
}

// holdsHeadline reports whether node i holds an <h1>.
func (t *tree) holdsHeadline(i int) bool {
	for j := i + 1; j < int(t.nodes[i].end); j++ {
		if t.nodes[j].tag == atom.H1 {
			return true
		}
	}
	return false
}

// namedLead reports whether n's class names it a lead ("teaser",
// "intro", "standfirst").
func namedLead(n *html.Node) bool {
	var words [8]string
	for _, w := range splitWords(words[:0], attr(n, "class")) {
		if leadSet[w] {
			return true
		}
	}
	return false
}
