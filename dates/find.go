// Package dates finds the publication and modification dates of a news
// page: from JSON-LD, meta tags, microdata, <time> elements, date-like
// elements, the URL and, as a last resort, the visible text.
package dates

import (
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Result holds the dates found on a page.
type Result struct {
	Published time.Time // zero if none found
	Modified  time.Time // zero if none found
	// Source tells where Published came from (the strongest of the
	// sources that agree on its day): "json-ld", "meta:<name>" (e.g.
	// "meta:article:published_time"), "itemprop", "time", "abbr",
	// "element" (an element whose class or id suggests a date), "script"
	// (page state in a script), "url", "text" (a date line near the
	// headline or after a word like "Veröffentlicht"/"Published"),
	// "text:modified" (a date after "Aktualisiert"/"Updated"),
	// "text:extensive" (the most frequent date in the text) or "text:any"
	// (a date found only in comments or sidebars) or "modified" (the page
	// states nothing but when it was last changed). Empty when Published
	// is zero.
	Source string
}

// Limits that keep Find bounded on huge pages.
const (
	maxText   = 128 << 10 // bytes of visible text kept for scanning
	maxSpans  = 400       // date-like elements remembered
	maxLD     = 16        // JSON-LD blocks read
	maxScript = 512 << 10 // bytes of other scripts searched for date keys
	spanScan  = 200       // bytes of an element's text searched for a date
)

// Find returns the dates of a parsed HTML page (golang.org/x/net/html
// tree). pageURL may be empty; the page's canonical or og:url link is then
// used as the URL source. Find is safe for concurrent use.
func Find(doc *html.Node, pageURL string) Result {
	if doc == nil {
		return Result{}
	}
	f := finderPool.Get().(*finder)
	f.reset()
	defer finderPool.Put(f)
	f.walk(doc)
	return f.decide(pageURL)
}

// debugf, when set by tests, receives the candidates of each decision.
var debugf func(format string, args ...any)

var finderPool = sync.Pool{New: func() any { return new(finder) }}

// Kinds of remembered elements.
const (
	spItemprop = iota // itemprop=datePublished/dateModified/dateCreated
	spTime            // <time>
	spAbbr            // <abbr class=published> and the like
	spClass           // class/id that suggests a date
)

// span is an element worth a look, with the range of its text.
type span struct {
	kind       int
	attr       string // machine-readable value (datetime, content, title)
	start, end int    // byte range in finder.text
	pub, mod   bool   // hints from attributes
	bad        bool   // inside comments, sidebars, related links
	pubdate    bool   // <time pubdate>
	explicit   bool   // class names that clearly mean publication date
}

// metaHit is one <meta> date.
type metaHit struct {
	key   string
	value string
}

// interval is a byte range of finder.text.
type interval struct {
	start, end int
	why        string // class and id names, for debugging
}

type finder struct {
	text  []byte
	ld    []string
	metas []metaHit
	spans []span
	urls  []string
	bads  []interval
	arts  []interval // <article> elements
	h1    int        // start of the first <h1> in text, or -1
	h1End int
	// logoH1 is the start of the first <h1> that holds the site's logo.
	logoH1, logoH1End int
	// scriptDate is the first publication date found in the JSON state
	// of ordinary scripts; scriptBytes counts the script text scanned.
	scriptDate  time.Time
	scriptBytes int
	lang        string
	inHead      bool
	locale      string // og:locale
	title       string
	article     int
	nLD         int
	sc          scanner
	ldDates     []ldDate
	matches     []textMatch
}

func (f *finder) reset() {
	// Drop references into the previous page before reuse.
	clear(f.ld)
	clear(f.metas)
	clear(f.spans)
	clear(f.urls)
	clear(f.bads)
	f.arts = f.arts[:0]
	clear(f.ldDates)
	f.text = f.text[:0]
	f.ld = f.ld[:0]
	f.metas = f.metas[:0]
	f.spans = f.spans[:0]
	f.urls = f.urls[:0]
	f.bads = f.bads[:0]
	f.lang, f.locale, f.title = "", "", ""
	f.h1End = -1
	f.logoH1, f.logoH1End = -1, -1
	f.scriptDate, f.scriptBytes = time.Time{}, 0
	f.h1, f.article, f.nLD = -1, 0, 0
	f.ldDates = f.ldDates[:0]
	f.matches = f.matches[:0]
}

// attr returns the value of the attribute named key.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func (f *finder) addText(s string) {
	if len(f.text) >= maxText {
		return
	}
	space := len(f.text) == 0 || f.text[len(f.text)-1] == ' ' || f.text[len(f.text)-1] == '\n'
	for i := 0; i < len(s); {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
			if !space {
				f.text = append(f.text, ' ')
				space = true
			}
			i++
			continue
		}
		j := i + 1
		for j < len(s) && s[j] != ' ' && s[j] != '\n' && s[j] != '\t' && s[j] != '\r' && s[j] != '\f' {
			j++
		}
		if room := maxText - len(f.text); j-i > room {
			j = i + room
		}
		f.text = append(f.text, s[i:j]...)
		space = false
		i = j
		if len(f.text) >= maxText {
			return
		}
	}
}

// sep marks a block boundary in the text with a newline.
func (f *finder) sep() {
	n := len(f.text)
	if n == 0 || n >= maxText || f.text[n-1] == '\n' {
		return
	}
	if f.text[n-1] == ' ' {
		f.text[n-1] = '\n'
		return
	}
	f.text = append(f.text, '\n')
}

// isBlock reports whether an element breaks the text flow.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Div, atom.P, atom.Br, atom.Li, atom.Ul, atom.Ol, atom.H1, atom.H2, atom.H3, atom.H4,
		atom.H5, atom.H6, atom.Td, atom.Th, atom.Tr, atom.Table, atom.Section, atom.Article,
		atom.Header, atom.Footer, atom.Aside, atom.Nav, atom.Main, atom.Figure, atom.Figcaption,
		atom.Blockquote, atom.Dd, atom.Dt, atom.Dl, atom.Form, atom.Hr, atom.Pre, atom.Address,
		atom.Button, atom.Option, atom.Body, atom.Time:
		return true
	}
	return false
}

func (f *finder) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		f.addText(n.Data)
		return
	case html.DocumentNode:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			f.walk(c)
		}
		return
	case html.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script:
		t, _ := attr(n, "type")
		isLD := strings.Contains(strings.ToLower(t), "ld+json")
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.TextNode {
				continue
			}
			if isLD {
				if f.nLD < maxLD {
					f.nLD++
					f.ld = append(f.ld, c.Data)
				}
			} else {
				if len(c.Data) <= 160 && !f.inHead {
					// A short script that writes a date in place:
					// showDate("2020/04/17 01:43:09"), document.write('…').
					if lit := dateLiteral(c.Data); lit != "" {
						f.addText(" " + lit + " ")
					}
				}
				if f.scriptDate.IsZero() && f.scriptBytes < maxScript {
					f.scriptBytes += len(c.Data)
					f.scriptDate = scriptDate(c.Data)
				}
			}
		}
		return
	case atom.Title:
		if c := n.FirstChild; c != nil && c.Type == html.TextNode && f.title == "" {
			f.title = c.Data
		}
		return
	case atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Iframe, atom.Object, atom.Select,
		atom.Textarea, atom.Head:
		if n.DataAtom == atom.Head {
			f.inHead = true
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					f.walk(c)
				}
			}
			f.inHead = false
		}
		return
	case atom.Meta:
		f.meta(n)
		return
	case atom.Link:
		if rel, _ := attr(n, "rel"); strings.EqualFold(rel, "canonical") {
			if h, ok := attr(n, "href"); ok {
				f.urls = append(f.urls, h)
			}
		}
		return
	}

	if n.DataAtom == atom.Html {
		if l, ok := attr(n, "lang"); ok {
			f.lang = lowerASCII(l)
		}
	}
	var cls, id, itemprop string
	var pubdate bool
	for _, a := range n.Attr {
		switch a.Key {
		case "class":
			cls = a.Val
		case "id":
			id = a.Val
		case "itemprop":
			itemprop = a.Val
		case "pubdate":
			pubdate = true
		}
	}
	if strings.HasPrefix(id, "wm-ipp") {
		// The Wayback Machine's toolbar: its dates are the capture's, not
		// the page's.
		return
	}
	var nf nameFlags
	if cls != "" {
		nf = classifyNames(lowerASCII(cls))
	}
	if id != "" {
		nf |= classifyNames(lowerASCII(id))
	}
	names := ""
	if debugf != nil {
		names = cls + " " + id
	}

	isBad := false
	switch n.DataAtom {
	case atom.Nav:
		isBad = true
	case atom.Footer, atom.Aside:
		isBad = f.article == 0
	case atom.Body, atom.Html, atom.Article, atom.Main:
	default:
		// An element named for the publication date is not itself a
		// comment or sidebar ("ArticleHeaderComment_publishDate" on an
		// opinion piece); its ancestors still decide.
		if nf&nfBad != 0 && nf&nfExplicit == 0 {
			isBad = true
		}
	}
	isArt := n.DataAtom == atom.Article || n.DataAtom == atom.Main || itemprop == "articleBody"
	firstH1, logoH1 := false, false
	if n.DataAtom == atom.H1 && f.h1 < 0 {
		// The first <h1> that is not the site's logo is the headline.
		if isLogo(n, nf, 0) {
			logoH1 = f.logoH1 < 0
		} else {
			firstH1 = true
		}
	}
	if firstH1 || logoH1 {
		f.sep()
		if firstH1 {
			f.h1 = len(f.text)
		} else {
			f.logoH1 = len(f.text)
		}
	}

	sp := span{pubdate: pubdate}
	keep := false
	if itemprop != "" {
		ip := lowerASCII(itemprop)
		switch {
		case strings.Contains(ip, "datepublished") || strings.Contains(ip, "datecreated"):
			sp.kind, sp.pub, keep = spItemprop, true, true
		case strings.Contains(ip, "datemodified"):
			sp.kind, sp.mod, keep = spItemprop, true, true
		}
		if keep {
			for _, k := range [...]string{"content", "datetime", "value", "title"} {
				if v, ok := attr(n, k); ok && v != "" {
					sp.attr = v
					break
				}
			}
		}
	}
	if !keep && n.DataAtom == atom.Time {
		sp.kind, keep = spTime, true
		sp.attr, _ = attr(n, "datetime")
		sp.pub, sp.mod = nf.pubMod()
	}
	if !keep && n.DataAtom == atom.Abbr && nf&(nfDate|nfPub) != 0 {
		sp.kind, keep = spAbbr, true
		sp.attr, _ = attr(n, "title")
		sp.pub, sp.mod = nf.pubMod()
	}
	if !keep && nf&nfDate != 0 {
		sp.kind, keep = spClass, true
		sp.pub, sp.mod = nf.pubMod()
		sp.explicit = nf&nfExplicit != 0
		// hAtom and similar markup put the machine-readable stamp in an
		// attribute: <span class="updated" title="2013-04-04T18:52:11">.
		for _, k := range [...]string{"datetime", "title", "content", "data-date", "data-datetime"} {
			if v, ok := attr(n, k); ok && len(v) >= 8 && len(v) <= 64 && v[0] >= '0' && v[0] <= '9' {
				sp.attr = v
				break
			}
		}
	}

	block := isBlock(n.DataAtom)
	if block {
		f.sep()
	}
	start := len(f.text)
	if isArt {
		f.article++
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		f.walk(c)
	}
	if nf&nfToday != 0 && len(f.text)-start < 80 && f.h1 < start {
		// A "today's date" widget: forget its text and what lies in it.
		f.text = f.text[:start]
		for len(f.spans) > 0 && f.spans[len(f.spans)-1].start >= start {
			f.spans = f.spans[:len(f.spans)-1]
		}
		for len(f.bads) > 0 && f.bads[len(f.bads)-1].start >= start {
			f.bads = f.bads[:len(f.bads)-1]
		}
		keep = false
	}
	if isBad {
		f.bads = append(f.bads, interval{start, len(f.text), names})
	}
	if n.DataAtom == atom.Article && len(f.arts) < 256 {
		f.arts = append(f.arts, interval{start, len(f.text), "article"})
	}
	if isArt {
		f.article--
	}
	if firstH1 {
		f.h1End = len(f.text)
	}
	if logoH1 {
		f.logoH1End = len(f.text)
	}
	if keep && len(f.spans) < maxSpans {
		sp.start, sp.end = start, len(f.text)
		f.spans = append(f.spans, sp)
	}
	if block {
		f.sep()
	}
}

// meta records the <meta> tags that carry dates or the page URL.
func (f *finder) meta(n *html.Node) {
	var key, content string
	for _, a := range n.Attr {
		switch a.Key {
		case "name", "property", "itemprop", "http-equiv":
			if key == "" || a.Key == "property" {
				key = a.Val
			}
		case "content":
			content = a.Val
		}
	}
	if key == "" || content == "" {
		return
	}
	key = lowerASCII(strings.TrimSpace(key))
	if key == "og:locale" {
		f.locale = lowerASCII(content)
	}
	if (key == "content-language" || key == "language") && f.lang == "" {
		f.lang = lowerASCII(content)
	}
	if key == "og:title" && content != "" {
		f.title = content
	}
	if key == "og:url" {
		f.urls = append(f.urls, content)
		return
	}
	if len(f.metas) < 64 {
		f.metas = append(f.metas, metaHit{key, content})
	}
}

func lowerASCII(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}

// isLogo reports whether an <h1> holds the site's name or logo rather than
// a headline: it or an element in it is named like a logo, or it links to
// the home page.
func isLogo(n *html.Node, nf nameFlags, depth int) bool {
	if nf&nfLogo != 0 {
		return true
	}
	if n.DataAtom == atom.A {
		if h, _ := attr(n, "href"); h == "/" {
			return true
		}
	}
	if depth >= 3 {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		var cf nameFlags
		for _, a := range c.Attr {
			if a.Key == "class" || a.Key == "id" {
				cf |= classifyNames(lowerASCII(a.Val))
			}
		}
		if isLogo(c, cf, depth+1) {
			return true
		}
	}
	return false
}

// nameFlags classify the class and id names of an element.
type nameFlags uint8

const (
	nfBad      nameFlags = 1 << iota // comments, sidebars, related articles
	nfDate                           // names that suggest a date
	nfPub                            // publication
	nfMod                            // modification
	nfExplicit                       // names that clearly mean the publication date
	nfToday                          // a widget showing the current date
	nfLogo                           // the site's logo or name
)

func (nf nameFlags) pubMod() (pub, mod bool) {
	mod = nf&nfMod != 0
	return !mod && nf&nfPub != 0, mod
}

// nameWords are the parts of class and id names that matter. A bad word
// counts only in a name of four or more letters that does not start with
// "no-", "has-" or "with-" ("no-sidebar", "has-comments").
var nameWords = []struct {
	w string
	f nameFlags
}{
	{"comment", nfBad}, {"kommentar", nfBad}, {"reply", nfBad}, {"replies", nfBad}, {"related", nfBad},
	{"sidebar", nfBad}, {"recommend", nfBad}, {"empfehl", nfBad}, {"teaser-list", nfBad},
	{"more-articles", nfBad}, {"discussion", nfBad}, {"disqus", nfBad}, {"popular", nfBad},
	{"trending", nfBad}, {"most-read", nfBad}, {"mostread", nfBad}, {"meistgelesen", nfBad},
	{"cookie", nfBad}, {"consent", nfBad}, {"wm-ipp", nfBad}, {"today", nfToday}, {"current-date", nfToday},
	{"currentdate", nfToday}, {"logo", nfLogo}, {"masthead", nfLogo}, {"site-title", nfLogo},
	{"site-name", nfLogo}, {"sitename", nfLogo}, {"brand", nfLogo},

	{"date", nfDate}, {"datum", nfDate}, {"time", nfDate}, {"posted", nfDate | nfPub | nfExplicit},
	{"byline", nfDate}, {"meta", nfDate}, {"zeit", nfDate}, {"stand", nfDate}, {"submitted", nfDate},
	{"created", nfDate | nfPub}, {"info", nfDate}, {"author", nfDate}, {"autor", nfDate}, {"entry-", nfDate},

	{"publish", nfDate | nfPub | nfExplicit}, {"pubdate", nfDate | nfPub | nfExplicit},
	{"entry-date", nfPub | nfExplicit}, {"post-date", nfPub | nfExplicit}, {"article-date", nfPub | nfExplicit},
	{"postdate", nfPub | nfExplicit}, {"posted-on", nfPub | nfExplicit}, {"date-publ", nfPub | nfExplicit},

	{"update", nfDate | nfMod}, {"modif", nfDate | nfMod}, {"aktualisiert", nfMod}, {"revised", nfMod},
}

// namePair marks the first two bytes of the name words.
var namePair = func() (t [256][256]bool) {
	for _, e := range nameWords {
		t[e.w[0]][e.w[1]] = true
	}
	return
}()

// nameIndex lists, by first byte, the name words starting with it.
var nameIndex = func() (t [256][]uint8) {
	for i, e := range nameWords {
		t[e.w[0]] = append(t[e.w[0]], uint8(i))
	}
	return
}()

// classifyNames reads flags from lower-case class or id names in one pass.
func classifyNames(s string) nameFlags {
	var f nameFlags
	tokOK := false
	for i := 0; i+1 < len(s); i++ {
		if i == 0 || s[i-1] == ' ' {
			e := strings.IndexByte(s[i:], ' ')
			if e < 0 {
				e = len(s) - i
			}
			t := s[i : i+e]
			tokOK = len(t) >= 4 && !strings.HasPrefix(t, "no-") && !strings.HasPrefix(t, "has-") && !strings.HasPrefix(t, "with-")
		}
		if !namePair[s[i]][s[i+1]] {
			continue
		}
		for _, k := range nameIndex[s[i]] {
			e := nameWords[k]
			if strings.HasPrefix(s[i:], e.w) {
				if (e.f == nfBad || e.f == nfToday) && !tokOK {
					continue
				}
				f |= e.f
			}
		}
	}
	return f
}

// Meta keys by kind.
var (
	metaPub = map[string]bool{
		"article:published_time": true, "og:published_time": true, "og:article:published_time": true,
		"article:published": true, "published_time": true, "article:published_date": true,
		"og:pubdate": true, "rnews:datepublished": true, "bt:pubdate": true, "datepublished": true,
		"dc.date": true, "dc.date.issued": true, "dc.date.created": true, "dcterms.created": true,
		"dcterms.date": true, "dcterms.issued": true, "dc.created": true, "dc:date": true, "dc:created": true,
		"pubdate": true, "publishdate": true, "publish_date": true, "publish-date": true,
		"published_date": true, "published-date": true, "publication_date": true, "publication-date": true,
		"sailthru.date": true, "parsely-pub-date": true, "article.published": true, "article_date_original": true,
		"original-publish-date": true, "originalpublicationdate": true, "citation_date": true,
		"citation_publication_date": true, "citation_online_date": true, "date_published": true,
		"displaydate": true, "cxenseparse:recs:publishtime": true, "cxenseparse:publishtime": true,
		"pub_date": true, "datecreated": true, "article.created": true, "created": true, "creation_date": true,
		"date.created": true, "publishedat": true, "article:publication_time": true, "og:article:published": true,
		"dateposted": true, "date_posted": true, "post_date": true, "release_date": true,
		"ga-publish-date": true, "publish-time": true, "publishtime": true, "article_date": true,
		"pdate": true, "eomportal-lastupdate": false, "date.available": true, "dc.date.available": true,
		"article:post_date": true, "vr:published_time": true,
	}
	metaMod = map[string]bool{
		"article:modified_time": true, "og:updated_time": true, "og:modified_time": true,
		"article:modified": true, "datemodified": true, "dcterms.modified": true, "dc.date.modified": true,
		"last-modified": true, "lastmod": true, "revised": true, "updated_time": true, "modified_time": true,
		"article:updated_time": true, "last-updated": true, "lastupdate": true, "date.modified": true,
		"article.updated": true, "dateupdated": true, "date_modified": true, "updated": true,
	}
)

// classifyMeta returns 2 for a publication meta key, 1 for a generic
// "date" key, -1 for a modification key and 0 for anything else.
func classifyMeta(k string) int {
	if metaPub[k] {
		return 2
	}
	if metaMod[k] {
		return -1
	}
	if k == "date" {
		return 1
	}
	if strings.Contains(k, "modif") || strings.Contains(k, "update") {
		if strings.Contains(k, "date") || strings.Contains(k, "time") {
			return -1
		}
		return 0
	}
	if strings.Contains(k, "publi") && (strings.Contains(k, "date") || strings.Contains(k, "time")) {
		return 1
	}
	return 0
}

// textMatch is one date found in the visible text.
type textMatch struct {
	t          time.Time
	alt        time.Time // other reading of an ambiguous date
	q          int
	start, end int  // byte range in finder.text
	hint       int  // +1 after a publication word, -1 after a modification word, hintOther
	short      bool // the date stands in a short block (a date line, a byline)
}

func (f *finder) scanText() {
	if len(f.text) == 0 {
		return
	}
	text := string(f.text)
	f.sc.dmy = !usLang(f.region())
	f.sc.reset(text)
	toks := f.sc.toks
	for i := 0; i < len(toks); i++ {
		tk := &toks[i]
		if tk.kind == tkPunc || tk.kind == tkWord && tk.word == "" {
			continue
		}
		m, ok := f.sc.matchAt(i, false)
		if !ok {
			continue
		}
		tm := textMatch{t: m.t, alt: m.alt, q: m.q, start: toks[m.start].start, end: toks[m.end-1].end}
		tm.hint = hintBefore(text, tm.start)
		if f.sc.inRange(m) {
			tm.hint = hintOther
		}
		tm.short = dateLine(text, tm.start, tm.end)
		f.matches = append(f.matches, tm)
		i = m.end - 1
	}
}

// inRange reports whether a date match is one end of a range of days
// ("14.-20. Januar 2022", "2020/7/11-12", "14.06.2024 - 20.06.2024"): such
// ranges name events and periods, not when a page was published.
func (sc *scanner) inRange(m match) bool {
	isNum := func(i int) bool {
		t := sc.tok(i)
		return t != nil && t.kind == tkNum && t.nd <= 2 && t.num >= 1 && t.num <= 31
	}
	if sc.isPunc(m.start-1, '-') {
		if isNum(m.start-2) || sc.isPunc(m.start-2, '.') && isNum(m.start-3) {
			return true
		}
	}
	if m.end == m.dateEnd && sc.isPunc(m.end, '-') && isNum(m.end+1) {
		nx := sc.tok(m.end + 2)
		if nx == nil || nx.kind == tkPunc || nx.kind == tkWord && monthNames[nx.word] != 0 ||
			strings.IndexByte(sc.s[sc.toks[m.end+1].end:nx.start], '\n') >= 0 {
			return true
		}
	}
	return false
}

// shortBlock is the longest block, in bytes, whose dates count as date
// lines rather than dates mentioned in prose.
var shortBlock = 120

// dateLine reports whether the date at [a, b) stands on its own, as in a
// date line or a byline, rather than inside a sentence: its text block is
// short, or the date opens the block (after at most a few words) and is
// followed by a separator.
func dateLine(text string, a, b int) bool {
	i := a
	for i > 0 && a-i <= shortBlock && text[i-1] != '\n' {
		i--
	}
	j := b
	for j < len(text) && j-b <= shortBlock && text[j] != '\n' {
		j++
	}
	if j-i <= shortBlock {
		return true
	}
	pre := a - i
	if pre > 40 {
		return false
	}
	k := b
	for k < len(text) && text[k] == ' ' {
		k++
	}
	if k == len(text) {
		return true
	}
	switch text[k] {
	case '\n', '|', '/', ',', ')', '-', '(':
		return true
	case '.':
		return pre == 0
	}
	r, _ := utf8.DecodeRuneInString(text[k:])
	return r == '·' || r == '•' || r == '–' || r == '—'
}

// hintBefore looks at the words just before a date for a publication or
// modification marker.
func hintBefore(text string, at int) int {
	from := at - 40
	if from < 0 {
		from = 0
	}
	w := strings.ToLower(text[from:at])
	best, bestPos := 0, -1
	for _, k := range pubMarkers {
		if p := lastWordIndex(w, k); p > bestPos {
			best, bestPos = 1, p
		}
	}
	for _, k := range modMarkers {
		if p := lastWordIndex(w, k); p > bestPos {
			best, bestPos = -1, p
		}
	}
	for _, k := range otherMarkers {
		if p := lastWordIndex(w, k); p > bestPos {
			best, bestPos = hintOther, p
		}
	}
	return best
}

// lastWordIndex is strings.LastIndex for k starting a word in s.
func lastWordIndex(s, k string) int {
	for {
		p := strings.LastIndex(s, k)
		if p <= 0 {
			return p
		}
		r, _ := utf8.DecodeLastRuneInString(s[:p])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			return p
		}
		s = s[:p]
	}
}

// hintOther marks dates that name something else than the page's own
// publication: events, deadlines, births, photos.
const hintOther = 2

var otherMarkers = []string{"termin", "wann:", "when:", "deadline", "frist", "geburtstag", "geboren", "born",
	"foto:", "photo:", "veranstaltung", "event", "registriert", "mitglied seit", "joined", "member since",
	"bis ", "until", "beginn", "start:", "ende:", "ab ", "aktuelle zeit", "today", "heute", "effective",
	"expires", "expiration", "gültig", "in kraft"}

var pubMarkers = []string{"veröffentlicht", "publiziert", "erschienen", "erstellt", "published", "posted",
	"publié", "publicado", "publicat", "pubblicato", "opublikowano", "datum:", "date:", "stand:", "created",
	"geschrieben", "verfasst", "released", "vom "}
var modMarkers = []string{"aktualisiert", "updated", "geändert", "modified", "zuletzt", "mis à jour",
	"actualizado", "aggiornato", "last edited", "überarbeitet", "update:", "zaktualizowano", "edited",
	"änderung", "last update", "revised"}

func inIntervals(iv []interval, a, b int) bool {
	for _, x := range iv {
		if a >= x.start && b <= x.end {
			return true
		}
	}
	return false
}

// firstMatchIn returns the first text date inside [a, b), looking at no
// more than spanScan bytes.
func (f *finder) firstMatchIn(a, b int) (textMatch, bool) {
	if b > a+spanScan {
		b = a + spanScan
	}
	i := sort.Search(len(f.matches), func(i int) bool { return f.matches[i].start >= a })
	for ; i < len(f.matches) && f.matches[i].start < b; i++ {
		m := f.matches[i]
		if !inIntervals(f.bads, m.start, m.end) {
			return m, true
		}
	}
	return textMatch{}, false
}

// pruneBads drops "bad" regions that hold most of the page: those are
// wrappers whose class names merely mention a sidebar or comments. It then
// marks the remembered elements that lie in the remaining regions.
func (f *finder) pruneBads() {
	total := len(f.text)
	k := 0
	for _, b := range f.bads {
		if total > 0 && (b.end-b.start)*10 > total*6 {
			continue
		}
		if f.h1 >= 0 && f.h1 >= b.start && f.h1 < b.end {
			// It holds the headline: an opinion piece ("comment") or a
			// wrapper, not a comment section or sidebar.
			continue
		}
		f.bads[k] = b
		k++
	}
	f.bads = f.bads[:k]
	// When the headline stands in an <article>, the other <article>s
	// beside it are teasers of other stories.
	if f.h1 >= 0 {
		in := -1
		for i, a := range f.arts {
			if f.h1 >= a.start && f.h1 < a.end && (in < 0 || a.end-a.start < f.arts[in].end-f.arts[in].start) {
				in = i
			}
		}
		if in >= 0 {
			h := f.arts[in]
			for _, a := range f.arts {
				if a.end <= h.start || a.start >= h.end {
					f.bads = append(f.bads, a)
				}
			}
		}
	}
	for i := range f.spans {
		sp := &f.spans[i]
		sp.bad = inIntervals(f.bads, sp.start, sp.end)
	}
}

// vote is one source's say on the publication day.
type vote struct {
	t     time.Time
	alt   time.Time
	moved bool // a UTC stamp moved to the publisher's day
	w     float64
	src   string
}

// Vote weights per source; a source votes once, for its first date. They
// are variables only so that tests can tune them.
var (
	wLD        = 1.0
	wMetaPub   = 1.5
	wMetaDate  = 2.0
	wItemprop  = 3.0
	wTimePub   = 2.5
	wTime      = 0.5
	wAbbr      = 2.0
	wClassPub  = 2.0
	wClass     = 1.5
	wNearH1    = 3.0
	wFirstText = 0.0
	wPubHint   = 1.5
	wURL       = 3.0
	wFrequent  = 1.0
	wModText   = 2.0
	wAny       = 0.1
	wScript    = 1.0
)

// Bounds of the headline's neighbourhood in the text.
const (
	nearH1     = 1000 // bytes after the start of <h1> that count as "near"
	nearBefore = 150  // bytes before it
)

// findAnchor sets f.h1, the start of the headline in the text, from the
// title when the page has no <h1>.
func (f *finder) findAnchor() {
	if f.h1 < 0 && f.logoH1 >= 0 {
		f.h1, f.h1End = f.logoH1, f.logoH1End
	}
	// A one-word <h1> ("Fútbol") names the section, not the story.
	if f.h1 >= 0 && f.h1End-f.h1 >= 16 || f.title == "" {
		return
	}
	// The title holds the headline and the site name ("Headline | Site",
	// "Site - Headline"): the headline is its longest part or, failing
	// that, its first.
	parts := []string{strings.TrimSpace(f.title)}
	for _, sep := range []string{" | ", " - ", " – ", " — ", " :: ", " » "} {
		var next []string
		for _, p := range parts {
			for _, q := range strings.Split(p, sep) {
				next = append(next, strings.TrimSpace(q))
			}
		}
		parts = next
	}
	longest := 0
	for k := range parts {
		if len(parts[k]) > len(parts[longest]) {
			longest = k
		}
	}
	text := string(f.text)
	for _, t := range [...]string{parts[longest], parts[0]} {
		if len(t) > 40 {
			t = t[:40]
		}
		if len(t) < 8 || f.h1 >= 0 && len(t) < 24 {
			continue
		}
		if i := strings.Index(text, t); i >= 0 {
			f.h1, f.h1End = i, i+len(t)
			return
		}
	}
}

func (f *finder) decide(pageURL string) Result {
	f.findAnchor()
	f.pruneBads()
	limit := latestPlausible()
	var votes []vote
	var res Result
	add := func(t time.Time, w float64, src string) {
		if plausible(t, limit) {
			votes = append(votes, vote{t: t, w: w, src: src})
		}
	}
	addM := func(m textMatch, w float64, src string) {
		if plausible(m.t, limit) {
			if !plausible(m.alt, limit) {
				m.alt = time.Time{}
			}
			votes = append(votes, vote{t: m.t, alt: m.alt, w: w, src: src})
		}
	}

	// JSON-LD: the best-typed datePublished (or dateCreated).
	for _, s := range f.ld {
		f.ldDates = scanJSONLD(s, f.ldDates)
	}
	bestRank := -1
	var ldPub, ldMod time.Time
	for _, d := range f.ldDates {
		rank := ldTypeRank(d.typ) * 2
		mod := false
		switch d.key {
		case "dateModified", "datemodified", "dateUpdated":
			mod = true
		case "datePublished", "datepublished", "publishedDate", "dateline":
			rank++
		}
		t, ok := Parse(d.value)
		if !ok {
			continue
		}
		if mod {
			if ldMod.IsZero() {
				ldMod = t
			}
			continue
		}
		if rank > bestRank {
			bestRank, ldPub = rank, t
		}
	}
	if !ldPub.IsZero() {
		add(ldPub, wLD, "json-ld")
	}
	if !ldMod.IsZero() {
		res.Modified = ldMod
	}

	// meta
	var metaPubSeen, metaDateSeen, metaModSeen bool
	for _, m := range f.metas {
		c := classifyMeta(m.key)
		if c == 0 {
			continue
		}
		t, ok := Parse(m.value)
		if !ok {
			continue
		}
		switch {
		case c == 2 && !metaPubSeen:
			metaPubSeen = true
			add(t, wMetaPub, "meta:"+m.key)
		case c == 1 && !metaDateSeen:
			metaDateSeen = true
			add(t, wMetaDate, "meta:"+m.key)
		case c == -1 && !metaModSeen:
			metaModSeen = true
			if res.Modified.IsZero() {
				res.Modified = t
			}
		}
	}

	// text
	f.scanText()

	// elements
	var seen [8]bool
	once := func(k int) bool {
		if seen[k] {
			return false
		}
		seen[k] = true
		return true
	}
	for _, sp := range f.spans {
		if sp.bad {
			continue
		}
		var m textMatch
		ok := false
		if sp.attr != "" {
			m.t, ok = Parse(sp.attr)
		}
		if !ok {
			if tm, found := f.firstMatchIn(sp.start, sp.end); found && tm.q == qDay {
				m, ok = tm, true
			}
		}
		if !ok || !plausible(m.t, limit) {
			continue
		}
		t := m.t
		if sp.mod || m.hint < 0 && sp.kind != spItemprop {
			// Named or labelled ("Zuletzt geändert am") as a change.
			if res.Modified.IsZero() {
				res.Modified = t
			}
			continue
		}
		switch sp.kind {
		case spItemprop:
			if once(0) {
				addM(m, wItemprop, "itemprop")
			}
		case spTime:
			if (sp.pubdate || sp.pub) && once(1) {
				addM(m, wTimePub, "time")
			} else if once(2) {
				addM(m, wTime, "time")
			}
		case spAbbr:
			if once(3) {
				addM(m, wAbbr, "abbr")
			}
		case spClass:
			if sp.explicit && once(4) {
				addM(m, wClassPub, "element")
			} else if once(5) {
				addM(m, wClass, "element")
			}
		}
	}

	if !f.scriptDate.IsZero() {
		add(f.scriptDate, wScript, "script")
	}

	// URL
	urls := f.urls
	if pageURL != "" {
		urls = append([]string{pageURL}, urls...)
	}
	for _, u := range urls {
		if t, day, ok := urlDate(u, limit); ok && day {
			add(t, wURL, "url")
			break
		}
	}

	// text: near the title, after a "published" word, anywhere.
	var firstSeen, hintSeen, modSeen bool
	nearAfter, nearBeforeI := -1, -1
	var matches []textMatch // the usable text dates, in order
	type dayCount struct {
		m textMatch
		n int
	}
	var freq []dayCount
	anySeen := false
	for _, m := range f.matches {
		if m.q != qDay || !plausible(m.t, limit) {
			continue
		}
		if inIntervals(f.bads, m.start, m.end) {
			// Only a last resort: the first date at all.
			if !anySeen && m.hint != hintOther {
				anySeen = true
				addM(m, wAny, "text:any")
			}
			continue
		}
		if m.hint < 0 {
			if res.Modified.IsZero() {
				res.Modified = m.t
			}
			if m.short && !modSeen {
				modSeen = true
				addM(m, wModText, "text:modified")
			}
			continue
		}
		if m.hint == hintOther {
			continue
		}
		if m.hint > 0 && m.short && !hintSeen {
			hintSeen = true
			addM(m, wPubHint, "text")
		}
		if m.short && f.h1 >= 0 && m.start < f.h1+nearH1 {
			switch {
			case m.start >= f.h1 && m.start < f.h1End:
				// A date in the headline names what the story is about.
			case m.start >= f.h1:
				// The first date line after the headline, unless a
				// "published" one follows it.
				if nearAfter < 0 || m.hint > 0 && matches[nearAfter].hint <= 0 {
					nearAfter = len(matches)
				}
			case m.start >= f.h1-nearBefore:
				nearBeforeI = len(matches)
			}
		}
		matches = append(matches, m)
		if !firstSeen && m.short && (f.h1 < 0 || m.start >= f.h1-nearBefore) {
			firstSeen = true
			addM(m, wFirstText, "text")
		}
		found := false
		for k := range freq {
			if sameDay(freq[k].m.t, m.t) {
				freq[k].n++
				found = true
				break
			}
		}
		if !found && len(freq) < 64 {
			freq = append(freq, dayCount{m, 1})
		}
	}
	if nearAfter >= 0 {
		addM(matches[nearAfter], wNearH1, "text")
	} else if nearBeforeI >= 0 {
		addM(matches[nearBeforeI], wNearH1, "text")
	}
	if len(freq) > 0 {
		best := 0
		for k := range freq {
			if freq[k].n > freq[best].n {
				best = k
			}
		}
		addM(freq[best].m, wFrequent, "text:extensive")
	}

	if debugf != nil {
		for _, v := range votes {
			debugf("vote %s w=%.1f src=%s", v.t.Format(time.RFC3339), v.w, v.src)
		}
		for _, b := range f.bads {
			debugf("bad %d-%d of %d: %q", b.start, b.end, len(f.text), b.why)
		}
		for i, m := range f.matches {
			if i >= 40 {
				break
			}
			a := max(0, m.start-50)
			debugf("text %s hint=%d bad=%v %q", m.t.Format("2006-01-02"), m.hint, inIntervals(f.bads, m.start, m.end), string(f.text[a:min(len(f.text), m.end+10)]))
		}
	}

	// Ambiguous nn/nn/yyyy dates take the reading the others support.
	for i := range votes {
		v := &votes[i]
		if v.alt.IsZero() {
			continue
		}
		var wt, wa float64
		for _, o := range votes {
			if !o.alt.IsZero() {
				continue // only unambiguous dates decide
			}
			if sameDay(o.t, v.t) {
				wt += o.w
			}
			if sameDay(o.t, v.alt) {
				wa += o.w
			}
		}
		if wa > wt {
			v.t, v.alt = v.alt, v.t
		}
	}

	// A zone-less metadata stamp at the same minute as a UTC one is that
	// UTC time stored without its zone. (Visible text is left alone: what
	// the page shows is its own day.)
	for i := range votes {
		v := &votes[i]
		if v.t.Location() != noZone || v.t.Hour() == 0 && v.t.Minute() == 0 ||
			v.src != "json-ld" && v.src != "script" && !strings.HasPrefix(v.src, "meta:") {
			continue
		}
		for _, o := range votes {
			if o.t.Location() == time.UTC && sameDay(o.t, v.t) && o.t.Hour() == v.t.Hour() && o.t.Minute() == v.t.Minute() {
				v.t = time.Date(v.t.Year(), v.t.Month(), v.t.Day(), v.t.Hour(), v.t.Minute(), v.t.Second(), v.t.Nanosecond(), time.UTC)
				break
			}
		}
	}

	// A time stamped in UTC may fall on the day after (or before) the
	// publisher's own day; when dates written without a zone back the
	// neighbouring day and not the UTC day, the UTC stamp joins them.
	for i := range votes {
		v := &votes[i]
		if v.t.Location() != time.UTC || v.t.Hour() == 0 && v.t.Minute() == 0 {
			continue
		}
		var same, prev, next float64
		for _, o := range votes {
			if o.t.Location() == time.UTC {
				continue
			}
			switch {
			case sameDay(o.t, v.t):
				same += o.w
			case sameDay(o.t, v.t.AddDate(0, 0, -1)):
				prev += o.w
			case sameDay(o.t, v.t.AddDate(0, 0, 1)):
				next += o.w
			}
		}
		// West of Greenwich the local day lags early UTC hours (up to
		// ten: Hawaii is the furthest west of the news); east of it, it
		// runs ahead of late ones.
		if prev > same && prev >= next && v.t.Hour() < 10 {
			v.t, v.moved = v.t.AddDate(0, 0, -1), true
		} else if next > same && v.t.Hour() >= 12 {
			v.t, v.moved = v.t.AddDate(0, 0, 1), true
		}
	}

	// Other UTC stamps are read in the zone of the page's region, if known.
	off, ok := regionOffset(f.region())
	if !ok {
		off, ok = f.hostOffset(pageURL)
	}
	if ok {
		z := fixedZone(off)
		for i := range votes {
			v := &votes[i]
			if v.t.Location() == time.UTC && !v.moved && (v.t.Hour() != 0 || v.t.Minute() != 0) {
				local := false
				for _, o := range votes {
					if o.t.Location() != time.UTC && sameDay(o.t, v.t) {
						local = true
					}
				}
				if l := v.t.In(z); !local && !sameDay(l, v.t) {
					v.t, v.moved = l, true
				}
			}
		}
	}

	// Tally by day as written.
	bestI, bestW := -1, 0.0
	for i, v := range votes {
		w := 0.0
		for _, o := range votes {
			if sameDay(o.t, v.t) {
				w += o.w
			}
		}
		if w > bestW || w == bestW && bestI >= 0 && v.w > votes[bestI].w {
			bestI, bestW = i, w
		}
	}
	if bestI < 0 && !res.Modified.IsZero() && plausible(res.Modified, limit) {
		// A page that states only when it was last changed: that is the
		// best date it has.
		res.Published, res.Source = res.Modified, "modified"
	}
	if bestI >= 0 {
		// Report the strongest source of the winning day.
		b := votes[bestI]
		for _, o := range votes {
			if sameDay(o.t, b.t) && (b.moved && !o.moved || o.w > b.w && (o.moved == b.moved)) {
				b = o
			}
		}
		// The time of day and zone come from structured metadata when it
		// names the same day: visible text rarely states its zone.
		if b.src == "text" || b.t.Location() == time.UTC {
			var pick *vote
			for i := range votes {
				o := &votes[i]
				if !sameDay(o.t, b.t) || o.moved || (o.src != "json-ld" && !strings.HasPrefix(o.src, "meta:")) {
					continue
				}
				if pick == nil || pick.t.Location() == time.UTC && o.t.Location() != time.UTC {
					pick = o
				}
			}
			if pick != nil {
				b = *pick
			}
		}
		res.Published, res.Source = b.t, b.src
	}
	return res
}

// sameDay reports whether two times fall on the same day as written.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

// usLang reports whether a page language suggests month/day/year dates.
func usLang(l string) bool {
	if len(l) < 2 || l[:2] != "en" {
		return false
	}
	if len(l) == 2 {
		return true
	}
	r := l[3:]
	return r == "us" || r == "ph"
}

// region returns the page's locale, from og:locale or the language.
func (f *finder) region() string {
	if f.locale != "" {
		return f.locale
	}
	return f.lang
}

// tldHours are the UTC offsets of countries whose domains say where a
// publisher is, for pages whose language does not ("fr" on a .ca site).
var tldHours = map[string]float64{
	"ca": -5, "br": -3, "mx": -6, "ar": -3, "cl": -4, "pe": -5, "jp": 9, "kr": 9, "cn": 8, "tw": 8,
	"hk": 8, "in": 5.5, "au": 10, "nz": 12, "ph": 8, "sg": 8, "th": 7, "vn": 7,
}

// hostOffset guesses the UTC offset of a page from the country domain of
// its URL, or else of its canonical link or og:url.
func (f *finder) hostOffset(pageURL string) (int, bool) {
	for k := -1; k < len(f.urls); k++ {
		u := pageURL
		if k >= 0 {
			u = f.urls[k]
		}
		i := strings.Index(u, "://")
		if i < 0 {
			continue
		}
		host := u[i+3:]
		if j := strings.IndexAny(host, "/?#:"); j >= 0 {
			host = host[:j]
		}
		dot := strings.LastIndexByte(host, '.')
		if dot < 0 {
			return 0, false
		}
		h, ok := tldHours[lowerASCII(host[dot+1:])]
		return int(h * 3600), ok
	}
	return 0, false
}

// regionOffset guesses the UTC offset, in seconds, of a page from its
// locale; only locales with a region (or one-zone languages) have one.
func regionOffset(l string) (int, bool) {
	l = strings.ReplaceAll(l, "_", "-")
	h, ok := regionHours[l]
	if !ok && len(l) > 2 {
		h, ok = regionHours[l[:2]]
		if ok && !oneZoneLang[l[:2]] {
			ok = false
		}
	}
	return int(h * 3600), ok
}

var regionHours = map[string]float64{
	"en-us": -5, "es-us": -5, "en-ca": -5, "fr-ca": -5, "es-mx": -6, "pt-br": -3, "es-ar": -3,
	"es-co": -5, "es-cl": -4, "es-pe": -5, "es-ve": -4, "en-au": 10, "en-nz": 12, "ja": 9, "ja-jp": 9,
	"ko": 9, "ko-kr": 9, "zh": 8, "zh-cn": 8, "zh-tw": 8, "zh-hk": 8, "hi": 5.5, "hi-in": 5.5, "en-in": 5.5,
}

var oneZoneLang = map[string]bool{"ja": true, "ko": true, "zh": true, "hi": true}

// dateLiteral returns the first quoted string of a short script that
// holds a full date, or "".
func dateLiteral(s string) string {
	for i := 0; i < len(s); i++ {
		q := s[i]
		if q != '"' && q != '\'' {
			continue
		}
		j := strings.IndexByte(s[i+1:], q)
		if j < 0 {
			return ""
		}
		lit := s[i+1 : i+1+j]
		i += j + 1
		if len(lit) < 8 || len(lit) > 40 || lit[0] < '0' || lit[0] > '9' {
			continue
		}
		var sc scanner
		sc.reset(lit)
		if m, ok := sc.matchAt(0, false); ok && m.q == qDay {
			return lit
		}
	}
	return ""
}

// scriptKeys are JSON keys that hold a publication date in the state that
// pages embed in scripts.
var scriptKeys = map[string]bool{"datePublished": true, "publishedAt": true, "published_at": true,
	"publishDate": true, "publish_date": true, "pubDate": true, "firstPublished": true,
	"date_published": true, "publicationDate": true, "createdAt": true, "publishedDate": true}

// scriptNeedles find candidate keys quickly; each occurs in some key.
var scriptNeedles = []string{"ublish", "pubDate", "createdAt"}

// scriptDate finds the earliest value of a publication-date key in script
// text (JSON or JavaScript object literals).
func scriptDate(s string) time.Time {
	if len(s) > maxScript {
		s = s[:maxScript]
	}
	best := len(s)
	var bt time.Time
	for _, nd := range scriptNeedles {
		off := 0
		for tries := 0; tries < 32; tries++ {
			i := strings.Index(s[off:best], nd)
			if i < 0 {
				break
			}
			i += off
			off = i + len(nd)
			// The enclosing quoted key.
			a := strings.LastIndexByte(s[max(0, i-16):i], '"')
			if a < 0 {
				continue
			}
			a += max(0, i-16) + 1
			b := strings.IndexByte(s[i:min(len(s), i+24)], '"')
			if b < 0 {
				continue
			}
			b += i
			if !scriptKeys[s[a:b]] {
				continue
			}
			j := b + 1
			for j < len(s) && (s[j] == ' ' || s[j] == ':') {
				j++
			}
			if j >= len(s) || s[j] != '"' {
				continue
			}
			e := strings.IndexByte(s[j+1:min(len(s), j+66)], '"')
			if e < 0 {
				continue
			}
			if t, ok := Parse(s[j+1 : j+1+e]); ok && a < best {
				best, bt = a, t
				break
			}
		}
	}
	return bt
}
