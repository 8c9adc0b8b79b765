package extract

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html/atom"

	"newsdesk"
	"newsdesk/lang"
)

// titleSeparators split a <title> into headline and site name.
var titleSeparators = []string{" | ", " – ", " — ", " - ", " :: ", " · ", " » ", " « ", " ‹ ", " › ", " // ", " || ", " • "}

// startsWithSeparator reports whether s begins with a title separator
// ("- Site", " | Site", ": Site").
func startsWithSeparator(s string) bool {
	s = strings.TrimLeft(s, " ")
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("-|–—»·/>", r)
}

// endsWithSeparator reports whether s ends with a title separator.
func endsWithSeparator(s string) bool {
	s = strings.TrimRight(s, " ")
	r, _ := utf8.DecodeLastRuneInString(s)
	return strings.ContainsRune("-|–—:»·/>", r)
}

// pickTitle chooses the headline: the page's <h1> when a metadata title
// confirms it, else the metadata title without the site's name. An <h1>
// set in the page's navigation (the last item of a breadcrumb) names the
// page for search engines; the metadata speaks for the article before it.
func (m *meta) pickTitle(t *tree) string {
	site := m.siteName()
	var raw, metaTitles []string
	const microdata = 3 // the index of the microdata headline below
	for k, mt := range []string{m.get("og:title"), m.ld.headline, m.get("twitter:title"), m.get("itemprop:headline"), m.get("dc.title"), m.title} {
		// The headline's microdata mark on the <h1> itself repeats the
		// <h1>: it confirms no reading of it as a whole headline.
		if k == microdata && len(m.h1) > 0 && strings.EqualFold(collapse(mt), m.h1[0]) {
			if s := stripSite(mt, site); s != "" {
				metaTitles = append(metaTitles, s)
			}
			continue
		}
		if s := stripSite(mt, site); s != "" {
			raw = append(raw, collapse(mt))
			metaTitles = append(metaTitles, s)
		}
	}
	for _, h := range m.h1 {
		if site != "" && sameName(h, site) {
			continue
		}
		lh := strings.ToLower(h)
		// The headline itself ends like a site's name would ("… - und
		// doch wieder nicht"): the metadata title is the whole headline.
		if fullHeadline(lh, raw) {
			return h
		}
		for _, mt := range metaTitles {
			lm := strings.ToLower(mt)
			switch {
			case lh == lm:
				return h
			case kickerJoined(lh, lm):
				// Kicker and headline set as two elements of the <h1>,
				// which reads them without the colon between them.
				return mt
			case sharedHeadline(h, mt) != "":
				// Two kickers, one headline: the <h1> and the metadata
				// agree on the headline alone.
				return sharedHeadline(h, mt)
			case strings.Contains(lh, lm) && len(lm)*2 >= len(lh):
				// A kicker or date run into the <h1>: the metadata
				// title is the headline alone.
				return mt
			case strings.HasSuffix(lm, ": "+lh) && len(strings.Fields(lm[:len(lm)-len(lh)])) >= 2 && agreeing(metaTitles, mt) >= 2:
				// A kicker of several words that the metadata titles agree
				// on is part of the headline (a section's name is not).
				return mt
			case strings.Contains(lm, lh) && len(lh)*2 >= len(lm):
				return h
			case strings.HasSuffix(lm, lh) && len(lh) >= 12 && strings.ContainsAny(lm[len(lm)-len(lh)-2:len(lm)-len(lh)], ":|–-"):
				// "Kicker: Headline" in the metadata, the headline in <h1>.
				return h
			case similarTitle(h, mt) && similarTitle(mt, h):
				return h
			case len(lh) >= 15 && (strings.HasPrefix(lm, lh) && startsWithSeparator(lm[len(lh):]) ||
				strings.HasSuffix(lm, lh) && endsWithSeparator(lm[:len(lm)-len(lh)])):
				// "Headline - Section - Site" with a long tail. (Not
				// "Blog: Headline", where the <h1> is the blog's name.)
				return h
			}
		}
	}
	// The only <h1> is the breadcrumb's last item: the metadata title the
	// page shows as a heading is its headline (og:title may repeat the
	// breadcrumb's search title, JSON-LD the headline shown). The
	// heading's own microdata mark shows nothing.
	if len(m.h1) == 0 && len(m.navH1) > 0 && len(m.h2) > 0 {
		h2 := make([]string, len(m.h2))
		for k, n := range m.h2 {
			h2[k] = collapse(innerText(n))
		}
		for _, mt := range []string{m.get("og:title"), m.ld.headline, m.get("twitter:title"), m.get("dc.title"), m.title} {
			mt = stripSite(mt, site)
			for _, h := range h2 {
				if h != "" && strings.EqualFold(h, mt) {
					return h
				}
			}
		}
	}
	if len(metaTitles) > 0 {
		return metaTitles[0]
	}
	if len(m.h1) > 0 {
		return m.h1[0]
	}
	if len(m.navH1) > 0 {
		return m.navH1[0]
	}
	return ""
}

// agreeing counts the titles equal to t.
func agreeing(titles []string, t string) int {
	n := 0
	for _, x := range titles {
		if strings.EqualFold(x, t) {
			n++
		}
	}
	return n
}

// fullHeadline reports whether the <h1> h, lower-cased, is one of the
// page's metadata titles as written, and none of them is a shorter part
// of it: then what looks like a site's name at its end ("… - und doch
// wieder nicht") is part of the headline.
func fullHeadline(h string, raw []string) bool {
	full := false
	for _, mt := range raw {
		lm := strings.ToLower(mt)
		switch {
		case lm == h:
			full = true
		case len(lm) < len(h) && len(lm)*2 >= len(h) && strings.Contains(h, lm):
			return false
		}
	}
	return full
}

// sharedHeadline returns the headline that h and mt share after different
// kickers ("Kicker A - Headline", "Kicker B: Headline"), or "".
func sharedHeadline(h, mt string) string {
	hk, ht, ok1 := cutKicker(h)
	mk, mtt, ok2 := cutKicker(mt)
	if !ok1 || !ok2 || len(ht) < 20 || !strings.EqualFold(ht, mtt) || strings.EqualFold(hk, mk) {
		return ""
	}
	return ht
}

// cutKicker splits "Kicker: Headline" (or "Kicker - Headline") at the
// first separator after a kicker of at most six words.
func cutKicker(s string) (kicker, headline string, ok bool) {
	best := -1
	sep := ""
	for _, x := range []string{": ", " - ", " – ", " | "} {
		if i := strings.Index(s, x); i > 0 && (best < 0 || i < best) {
			best, sep = i, x
		}
	}
	if best < 0 || len(strings.Fields(s[:best])) > 6 {
		return "", "", false
	}
	return s[:best], strings.TrimSpace(s[best+len(sep):]), true
}

// kickerJoined reports whether h, lower-cased, is the title mt with the
// colon after its kicker left out ("kicker headline" for "kicker:
// headline").
func kickerJoined(h, mt string) bool {
	i := strings.Index(mt, ": ")
	return i > 0 && len(h) == len(mt)-1 && h[:i] == mt[:i] && h[i:] == mt[i+1:]
}

// similarTitle reports whether most words of h occur in mt.
func similarTitle(h, mt string) bool {
	lh, lm := strings.ToLower(h), strings.ToLower(mt)
	if len(lh) < 4 {
		return false
	}
	hw, mw := strings.Fields(lh), strings.Fields(lm)
	if len(hw) == 0 {
		return false
	}
	set := make(map[string]bool, len(mw))
	for _, w := range mw {
		set[strings.TrimFunc(w, unicode.IsPunct)] = true
	}
	n := 0
	for _, w := range hw {
		if set[strings.TrimFunc(w, unicode.IsPunct)] {
			n++
		}
	}
	return n*10 >= len(hw)*7
}

// stripSite removes the site's name from either end of a title.
func stripSite(title, site string) string {
	title = collapse(title)
	// WordPress's "Site » Blog Archive » Headline".
	for _, mark := range []string{"Blog Archive » ", "Blog Archiv » "} {
		if i := strings.LastIndex(title, mark); i >= 0 && i+len(mark) < len(title) {
			return title[i+len(mark):]
		}
	}
	for _, sep := range titleSeparators {
		i := strings.Index(title, sep)
		if i < 0 {
			continue
		}
		parts := strings.Split(title, sep)
		first, last := parts[0], parts[len(parts)-1]
		switch {
		case site != "" && sameName(last, site):
			return strings.Join(parts[:len(parts)-1], sep)
		case site != "" && sameName(first, site):
			return strings.Join(parts[1:], sep)
		case len(strings.Fields(last)) <= 4 && len(first) > len(last):
			return strings.Join(parts[:len(parts)-1], sep)
		case len(strings.Fields(first)) <= 3 && len(last) > 2*len(first):
			return strings.Join(parts[1:], sep)
		}
	}
	// "Site: Headline", as blog platforms write it. A colon is common in
	// headlines, so only the site's exact name counts.
	if first, rest, ok := strings.Cut(title, ": "); ok && site != "" && rest != "" &&
		strings.EqualFold(strings.TrimSpace(first), strings.TrimSpace(site)) {
		return rest
	}
	return title
}

func sameName(a, b string) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		s = strings.TrimPrefix(s, "www.")
		return strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return r
			}
			return -1
		}, s)
	}
	x, y := norm(a), norm(b)
	return x != "" && y != "" && (x == y || strings.HasPrefix(x, y) || strings.HasPrefix(y, x))
}

func (m *meta) siteName() string {
	return firstNonEmpty(m.get("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher"), m.ld.publisher)
}

func (m *meta) subtitle() string {
	return firstNonEmpty(m.ld.description, m.get("og:description", "description", "twitter:description", "dc.description"))
}

func (m *meta) keywords() []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		s = collapse(s)
		k := strings.ToLower(s)
		if s != "" && !seen[k] && utf8.RuneCountInString(s) < 80 {
			seen[k] = true
			out = append(out, s)
		}
	}
	for _, v := range m.multi["article:tag"] {
		add(v)
	}
	for _, v := range m.ld.keywords {
		add(v)
	}
	if len(out) == 0 {
		for _, key := range []string{"news_keywords", "keywords"} {
			for _, v := range m.multi[key] {
				for _, p := range strings.Split(v, ",") {
					add(p)
				}
			}
		}
	}
	return out
}

// authors returns the article's authors from JSON-LD, meta tags or
// microdata, cleaned of "Von"/"By" and dates.
func (m *meta) authors(t *tree, main []int) []string {
	var raw []string
	switch {
	case len(m.ld.authors) > 0:
		raw = m.ld.authors
	case len(m.multi["author"]) > 0:
		raw = m.multi["author"]
	case len(m.multi["article:author"]) > 0:
		raw = m.multi["article:author"]
	case len(m.multi["parsely-author"]) > 0:
		raw = m.multi["parsely-author"]
	case len(m.multi["sailthru.author"]) > 0:
		raw = m.multi["sailthru.author"]
	case len(m.multi["dc.creator"]) > 0:
		raw = m.multi["dc.creator"]
	case len(m.multi["itemprop:author"]) > 0:
		raw = m.multi["itemprop:author"]
	default:
		if raw = m.labelledAuthor(); raw == nil {
			raw = t.bylineAuthors(main)
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, r := range raw {
		for _, name := range splitAuthors(r) {
			k := strings.ToLower(name)
			if !seen[k] {
				seen[k] = true
				out = append(out, name)
			}
		}
	}
	var bylineNames []string
	bylineRead := false
	byline := func() []string {
		if !bylineRead {
			bylineNames, bylineRead = t.bylineAuthors(main), true
		}
		return bylineNames
	}
	// The metadata names no one (an e-mail address), or the publication
	// or another organisation (its name or an acronym), not a person: the
	// byline may.
	if len(out) == 0 && len(raw) > 0 {
		if names := m.labelledAuthor(); len(names) > 0 {
			return names
		}
	}
	if site := m.siteName(); len(out) == 0 && len(raw) > 0 || len(out) > 0 && !slices.ContainsFunc(out, func(n string) bool { return !(site != "" && sameName(n, site) || acronym(n)) }) {
		// (An agency's acronym in the byline is no better.)
		if names := byline(); len(names) > 0 && slices.ContainsFunc(names, func(n string) bool { return !acronym(n) }) {
			return names
		}
	}
	// The metadata names the first author, the byline all of them.
	if len(out) > 0 && len(out) < 3 {
		if names := byline(); len(names) > len(out) && containsNames(names, out) {
			return names
		}
	}
	return out
}

// acronym reports whether name is one word in capitals ("LTO", "AFP"):
// an organisation's short name, not a person's.
func acronym(name string) bool {
	if strings.ContainsAny(name, " .") || utf8.RuneCountInString(name) > 6 {
		return false
	}
	return strings.ToUpper(name) == name && strings.ToLower(name) != name
}

// containsNames reports whether every name of some is among names.
func containsNames(names, some []string) bool {
	for _, s := range some {
		if !slices.ContainsFunc(names, func(n string) bool { return strings.EqualFold(n, s) }) {
			return false
		}
	}
	return true
}

// bylineAuthors reads the author from the page's byline when the
// metadata names none: a rel="author" link, or a short element whose
// class names the author or byline, from just before the headline to the
// end of the article, outside the comments.
func (t *tree) bylineAuthors(main []int) []string {
	if len(t.nodes) == 0 {
		return nil
	}
	lo, hi := 0, len(t.nodes)
	if len(main) > 0 {
		// A little past the container too: a header chosen as the
		// article may end just before its byline.
		lo, hi = main[0], min(len(t.nodes), int(t.nodes[main[len(main)-1]].end)+30)
	}
	for i := range t.nodes {
		if t.nodes[i].tag == atom.H1 {
			lo = min(lo, i)
			break
		}
	}
	var words []string
	for i := max(0, lo-50); i < hi; i++ {
		nd := &t.nodes[i]
		if nd.comment {
			i = int(nd.end) - 1
			continue
		}
		byline := nd.tag == atom.A && strings.Contains(attr(nd.n, "rel"), "author")
		if !byline {
			words = splitWords(words[:0], attr(nd.n, "class"))
			for _, w := range words {
				byline = byline || bylineWords[w]
			}
		}
		// "von <a href=/autoren/…>Name</a>" in the article's header.
		if !byline && i < lo+50 && nd.tag == atom.P && nd.textLen >= 6 && nd.textLen <= 60 {
			if s := collapse(innerText(nd.n)); bylineLine.MatchString(s) {
				if names := splitAuthors(s); len(names) > 0 {
					return names
				}
			}
		}
		if !byline {
			continue
		}
		s := collapse(innerText(nd.n))
		if s == "" || utf8.RuneCountInString(s) > 80 {
			continue
		}
		if names := splitAuthors(s); len(names) > 0 {
			return names
		}
	}
	// A line of its own in the article: "Von Ronja Beck", "Text von …".
	for _, r := range main {
		for i := r; i < int(t.nodes[r].end); i++ {
			nd := &t.nodes[i]
			if nd.junk || nd.comment || nd.textLen > 60 || nd.textLen < 6 || (nd.tag != atom.P && nd.tag != atom.Div && nd.tag != atom.Span && nd.tag != atom.Em && nd.tag != atom.I && nd.tag != atom.Strong && nd.tag != atom.B) {
				continue
			}
			if s := collapse(innerText(nd.n)); bylineLine.MatchString(s) {
				if names := splitAuthors(s); len(names) > 0 {
					return names
				}
			}
		}
	}
	return nil
}

// bylineLine matches a byline written as a line of text: a "by" word, then
// capitalised names.
var bylineLine = regexp.MustCompile(`^(?i:von|by|text von|text|autor|autorin|author|par|por)\s*:?\s+\p{Lu}[\p{L}.'-]*(?:\s+(?:\p{Lu}[\p{L}.'-]*|und|and|von|van|de|der|da))*$`)

// bylineWords name an element that holds the byline.
var bylineWords = map[string]bool{"author": true, "authors": true, "byline": true, "autor": true, "autoren": true, "authorline": true, "autorenzeile": true,
	"authorname": true, "contributor": true, "contributors": true, "verfasser": true}

// labelledAuthor reads the author from the label and value pairs of a
// Twitter card ("twitter:label1" "Written by", "twitter:data1" the name),
// as blog plug-ins write them.
func (m *meta) labelledAuthor() []string {
	if v := m.get("twitter:misc:written by"); v != "" {
		return []string{v}
	}
	for i := 1; i <= 4; i++ {
		n := strconv.Itoa(i)
		l := strings.ToLower(m.get("twitter:label" + n))
		if l == "written by" || l == "verfasst von" || l == "geschrieben von" || l == "author" || l == "autor" || l == "von" || l == "by" {
			if v := m.get("twitter:data" + n); v != "" {
				return []string{v}
			}
		}
	}
	return nil
}

var authorPrefixes = []string{"von ", "by ", "autor: ", "autorin: ", "author: ", "text: ", "von: ", "by: ", "written by ", "geschrieben von ", "ein beitrag von ", "eine analyse von ", "ein kommentar von ", "posted by ", "par ", "di ", "por ",
	"eingestellt von ", "veröffentlicht von ", "publiziert von ", "gepostet von ", "verfasst von "}

// bylineLabels are bylines' words that are not a name.
var bylineLabels = map[string]bool{"posted": true, "published": true, "publiziert am": true, "veröffentlicht am": true,
	"veröffentlicht": true, "publiziert": true, "eingestellt": true, "eingestellt am": true, "posted on": true, "unknown": true,
	"autor": true, "author": true, "von": true, "by": true}

// splitAuthors turns one byline into names.
func splitAuthors(s string) []string {
	s = collapse(s)
	if s == "" || strings.HasPrefix(s, "http") || strings.Contains(s, "@") && !strings.Contains(s, " ") {
		return nil
	}
	// Cut at the first digit (a date) or a separator after the names.
	if i := strings.IndexAny(s, "0123456789|•\n<>{}"); i >= 0 {
		s = s[:i]
	}
	var out []string
	for k, p := range splitAny(s, []string{" und ", " and ", " & ", ", ", ";", " / ", " sowie "}) {
		p = strings.TrimSpace(p)
		lp := strings.ToLower(p)
		for _, pre := range authorPrefixes {
			if strings.HasPrefix(lp, pre) {
				p = strings.TrimSpace(p[len(pre):])
				lp = strings.ToLower(p)
			}
		}
		p = strings.TrimRight(strings.TrimSpace(p), ",;:-–")
		if p == "" || utf8.RuneCountInString(p) > 60 || len(strings.Fields(p)) > 6 || bylineLabels[strings.ToLower(p)] || roleName(p) {
			continue
		}
		// "Von Anna Muster, Frankfurt": one word after a full name is
		// the place the author writes from.
		if k > 0 && len(out) > 0 && !strings.Contains(p, " ") && strings.Contains(out[len(out)-1], " ") {
			continue
		}
		out = append(out, p)
	}
	return out
}

// roleName reports whether p is an author's role rather than a name
// ("News Reporter", "Korrespondentin").
func roleName(p string) bool {
	f := strings.Fields(strings.ToLower(p))
	if len(f) == 0 || !roleWords[f[len(f)-1]] {
		return false
	}
	// "Writer" and "Reporter" are surnames too: a role is one word or
	// starts with what qualifies a role.
	return len(f) == 1 || roleQualifiers[f[0]]
}

var roleQualifiers = map[string]bool{"staff": true, "news": true, "senior": true, "chief": true, "political": true, "politics": true,
	"sports": true, "sport": true, "business": true, "deputy": true, "associate": true, "contributing": true, "special": true,
	"foreign": true, "royal": true, "health": true, "science": true, "technology": true, "tech": true, "freie": true, "freier": true,
	"leitender": true, "leitende": true, "stellvertretender": true, "stellvertretende": true}

var roleWords = map[string]bool{"reporter": true, "editor": true, "correspondent": true, "writer": true, "columnist": true,
	"journalist": true, "contributor": true, "redakteur": true, "redakteurin": true, "korrespondent": true, "korrespondentin": true,
	"reporterin": true, "journalistin": true, "kolumnist": true, "kolumnistin": true}

func splitAny(s string, seps []string) []string {
	parts := []string{s}
	for _, sep := range seps {
		var next []string
		for _, p := range parts {
			next = append(next, strings.Split(p, sep)...)
		}
		parts = next
	}
	return parts
}

// boilerPrefixes start short lines that are site furniture wherever they
// occur: calls to action, credits, labels of teaser boxes.
var boilerPrefixes = []string{
	"this slideshow requires javascript", "diese diashow benötigt javascript",
	"lesen sie auch", "lesen sie mehr", "mehr zum thema", "mehr zu diesem thema", "auch interessant", "das könnte sie auch interessieren",
	"read more", "read also", "related:", "see also", "click here", "sign up", "subscribe", "advertisement", "anzeige", "- anzeige",
	"share this", "teilen", "foto:", "bild:", "fotos:", "quelle:", "all rights reserved", "alle rechte vorbehalten", "copyright ©", "©",
	"zur startseite", "weiterlesen", "newsletter", "follow us", "folgen sie uns", "credit:", "credits:", "photo:", "crédits photos",
	"this entry was posted", "dieser eintrag wurde", "der beitrag wurde am", "posted in", "filed under", "tags:", "schlagworte:",
	"if you enjoyed", "we want to hear", "download the", "follow the", "unterstütze", "support us", "jetzt abonnieren",
	"zobacz także", "czytaj także", "czytaj również", "lee también", "leer también", "voir aussi", "lire aussi", "leggi anche",
	"inhaltsverzeichnis", "table of contents", "war der artikel", "was this article", "wird geladen", "loading",
	"you can follow any responses", "trackback", "listed below are links", "no related posts", "leave a comment", "leave a reply",
	"text size", "font size", "schriftgröße", "story highlights", "if you like my", "jump to", "skip to",
	"placeholder image", "dieses thema im programm", "zitiervorschlag", "fehler gefunden", "weiterführender link", "vorschau auf den nächsten", "externer inhalt", "dieses skript als pdf", "zusatzinformationen",
	"quellenangaben", "kontakt:", "ansprechpartner", "gefällt mir", "get the latest", "we need your help", "suggested citation",
	"publiziert:", "veröffentlicht:", "veröffentlichung:", "aktualisiert am", "aktualisiert:", "stand:", "updated:", "published:",
	"permalink", "permalien",
}

// buttonLabels are the whole text of controls that leak into the body.
var buttonLabels = map[string]bool{
	"caption": true, "close": true, "advert": true, "advertisement": true, "comments": true, "expand": true,
	"menu": true, "search": true, "share": true, "print": true, "email": true, "e-mail": true, "tweet": true,
	"vergrößern": true, "schließen": true, "drucken": true, "teilen": true, "anzeige": true, "werbung": true,
	"mehr": true, "more": true, "zurück": true, "weiter": true, "next": true, "previous": true, "back": true,
	// A picture's credit left on a line of its own.
	"getty images": true, "afp via getty images": true, "reuters": true, "ap": true, "afp": true, "dpa": true, "epa": true,
	"pa": true, "pa wire": true, "ap photo": true, "shutterstock": true, "imago": true, "picture alliance": true,
	// Labels of a video player and of a tag list.
	"latest videos from": true, "more about": true, "breaking news": true,
	// The agencies a story draws on, on a line of their own.
	"mit dpa": true, "mit afp": true, "mit ap": true, "mit reuters": true, "mit dpa/afp": true, "mit kna": true, "mit epd": true,
}

// counterLine matches gallery counters ("Image 1 of 5", "Bild 2/7") and
// reading-time labels ("5 min read", "3 Minuten Lesezeit", "11 minut
// czytania").
var counterLine = regexp.MustCompile(`^(image|photo|picture|slide|bild|foto)\s*\d+\s*(of|von|/)\s*\d+$|^(lesedauer:?\s*|reading time:?\s*|tempo de leitura:?\s*|tiempo de lectura:?\s*|temps de lecture:?\s*)?\d+\s*(min\.?|mins|minutes?|minuten|minutos|minuto|minut)\s*(read|lesezeit|lesen|czytania|de lectura|de lecture)?$`)

// disclosures start the affiliate and sponsorship notes of a page, at any
// length.
var disclosures = []string{
	"this post may contain affiliate", "this article may contain affiliate", "if you buy something through",
	"we may earn a commission", "disclosure:", "as an amazon associate", "dieser beitrag enthält werbung",
	"*werbung", "affiliate-link", "die mit sternchen", "wenn du über einen link", "wenn sie über einen link",
	"get the latest updates", "join our", "sign up for", "start your day with", "follow her on", "follow him on",
	"follow me on", "follow us on", "have a tip?", "got a tip?", "we'd like to hear what you think", "the times is committed to publishing",
	"this is a breaking news story", "this is a breaking new story", "this is a developing story", "this story is developing",
	"dieser artikel wurde im original", "dies ist eine maschinelle übersetzung", "lest den originalartikel", "lesen sie den originalartikel",
	"sign up to get", "sign up to receive", "by clicking “sign up”", "by clicking \"sign up\"", "by signing up, you", "by subscribing, you",
}

// endHeadings label the boxes that follow an article: related reading,
// the author's bio, more from the site.
var endHeadings = []string{
	"mehr zum thema", "mehr aus", "mehr von", "mehr zu", "weitere artikel", "weitere beiträge", "weitere informationen", "weiterführende",
	"schon gelesen", "das könnte", "auch interessant", "empfohlene", "empfehlungen", "meistgelesen", "meistdiskutiert", "aktuellste",
	"neueste artikel", "neueste beiträge", "ähnliche", "verwandte", "über den autor", "über die autorin", "zur person", "zum autor",
	"related", "more from", "more on", "more in ", "more stories", "recommended", "you may also", "you might also", "most read", "most popular",
	"popular posts", "recent posts", "latest news", "about the author", "read next", "further reading", "trending",
	"zobacz także", "zobacz też", "czytaj także", "lee también", "más sobre", "te puede interesar", "voir aussi", "à lire aussi", "leggi anche",
	"mehr kolumnen", "mehr artikel", "weitere themen", "das thema könnte", "dazu passend", "passend dazu", "entdecken sie",
}

func hasAnyPrefix(s string, ps []string) bool {
	for _, p := range ps {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// promoLine reports whether l, lower-cased, is a call to get the site's
// newsletter or magazine delivered ("Sign up … delivered to your inbox").
func promoLine(l string) bool {
	return containsAny(l, "newsletter", "inbox", "letterbox", "postfach", "posteingang") &&
		containsAny(l, "sign up", "subscribe", "delivered", "abonnieren", "anmelden", "bestellen", "hier entlang", "hier geht",
			"informiert sie", "informiert dich", "kostenlos")
}

// channelLine reports whether the lower-cased line l asks the reader to
// follow the publisher on another channel: its app, a messenger channel,
// a news aggregator ("Folgst du uns schon auf WhatsApp?", "Follow us on
// Google News").
func channelLine(l string) bool {
	return containsAny(l, "whatsapp-kanal", "whatsapp channel", "whatsapp-channel", "auf whatsapp", "on whatsapp", "google news", "news-app", "unsere app", "our app") &&
		containsAny(l, "folg", "follow", "abonnier", "hier geht", "add us", "download", "herunterladen", "jetzt ")
}

// promoList reports whether a list's items are mostly the publisher's
// calls to its other channels and its newsletter, two of them at least
// ("Aktuelle Nachrichten aufs Handy? Hier geht es zur News-App", "Dann
// sind Sie beim täglichen Newsletter richtig – hier entlang").
func promoList(items []string) bool {
	n := 0
	for _, it := range items {
		if l := strings.ToLower(it); len(it) < 300 && (promoLine(l) || channelLine(l)) {
			n++
		}
	}
	return n >= 2 && 2*n >= len(items)
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// endsWithCredit reports whether s ends with a picture credit ("… ©
// Niklas Treppner/dpa"), as a caption does.
func endsWithCredit(s string) bool {
	i := strings.LastIndex(s, "©")
	return i > 0 && len(s)-i <= 80 && !strings.ContainsAny(s[i:], ".!?0123456789")
}

// figureLabel matches the label that starts a figure's caption.
var figureLabel = regexp.MustCompile(`^(?:Abbildung|Abb\.|Figure|Fig\.|Grafik|Schaubild)\s*\d*[a-z]?\s*:`)

// commentLabels open a page's comment area; what follows one is reader
// comments or the form to write one.
var commentLabels = []string{
	"comments are closed", "comments are now closed", "leave a reply", "leave a comment", "post a comment",
	"add a comment", "add your comment", "write a comment", "reader comments", "readers' comments",
	"kommentare sind geschlossen", "die kommentarfunktion", "kommentar schreiben", "kommentar verfassen",
	"schreiben sie einen kommentar", "leserkommentare",
}

// cutAtCommentsLabel ends the body at the label of the comment area, once
// there is an article before it.
func cutAtCommentsLabel(bs []newsdesk.Block) []newsdesk.Block {
	n := 0
	for i, b := range bs {
		if n >= 300 && len(b.Text) < 400 && hasAnyPrefix(strings.ToLower(b.Text[:min(len(b.Text), 40)]), commentLabels) {
			return bs[:i]
		}
		n += len(b.Text)
	}
	return bs
}

// cleanBlocks drops the headline repeated in the body, short lines of site
// furniture, labels of boxes that follow the article, and headings left
// without content after their teasers were dropped.
func cleanBlocks(bs []newsdesk.Block, title string) []newsdesk.Block {
	out := bs[:0]
	lt := strings.ToLower(title)
	for _, b := range bs {
		l := strings.ToLower(strings.TrimSpace(b.Text))
		short := utf8.RuneCountInString(b.Text) < 60
		if b.Kind == newsdesk.Heading && (l == lt || (len(out) == 0 && lt != "" && (similarTitle(b.Text, title) && similarTitle(title, b.Text) || headlineOf(l, lt)))) {
			continue
		}
		if short && (hasAnyPrefix(l, boilerPrefixes) || hasAnyPrefix(l, endHeadings) || buttonLabels[l] || counterLine.MatchString(l)) {
			continue
		}
		if hasAnyPrefix(l, disclosures) {
			continue
		}
		if b.Kind == newsdesk.Paragraph && (ageLine(b.Text) || clockLine(b.Text) || stampParts(strings.Split(b.Text, "|")) || initialsLine.MatchString(strings.TrimSpace(b.Text))) {
			continue
		}
		if b.Kind == newsdesk.List && stampParts(b.Items) {
			continue
		}
		out = append(out, b)
	}
	out = dropHeadline(out, title)
	out = cutComments(out)
	out = cutAtCommentsLabel(out)
	out = dropTailCalls(out)
	out = slices.DeleteFunc(out, func(b newsdesk.Block) bool {
		return b.Kind == newsdesk.Paragraph && len(b.Text) < 300 && (promoLine(strings.ToLower(b.Text)) || channelLine(strings.ToLower(b.Text))) ||
			b.Kind == newsdesk.List && promoList(b.Items)
	})
	// "Figure 2: …" set as a paragraph is a caption, and so is a line
	// that ends with a picture's credit, beside other text.
	for i, b := range out {
		if b.Kind == newsdesk.Paragraph && len(b.Text) < 400 && (figureLabel.MatchString(b.Text) || len(out) > 2 && endsWithCredit(b.Text)) {
			out[i].Kind = newsdesk.Caption
		}
	}
	out = dropCaptionCopies(out)
	// A heading with nothing after it, or only a heading of the same or a
	// higher rank, has lost its section.
	for len(out) > 0 && out[len(out)-1].Kind == newsdesk.Heading {
		out = out[:len(out)-1]
	}
	kept := out[:0]
	for i, b := range out {
		if b.Kind == newsdesk.Heading && i+1 < len(out) && out[i+1].Kind == newsdesk.Heading && out[i+1].Level <= b.Level {
			continue
		}
		kept = append(kept, b)
	}
	return kept
}

// postAge matches the age of a post as pages show it beside a byline or
// a live blog's entries ("5 hours ago", "vor 3 Minuten").
var postAge = regexp.MustCompile(`(?i)(\d+|\ban?|\bone)\s*(min|mins|minutes?|hours?|hrs?|days?)\s+ago|\bvor\s+(\d+|einer|einem)\s+(minuten?|stunden?|tagen?)\b`)

// headlineOf reports whether the lower-cased heading h is the title t
// with more after it: the headline the title was cut from ("Fire at the
// depot | City News", "Fire at the depot as crews battle flames").
func headlineOf(h, t string) bool {
	return utf8.RuneCountInString(t) >= 15 && strings.HasPrefix(h, t) && len(h) > len(t) && !unicode.IsLetter(rune(h[len(t)])) && len(h) < 2*len(t)+40
}

// clockTime matches a time of day or a player's position ("05:07").
var clockTime = regexp.MustCompile(`\b\d{1,2}:\d{2}\b`)

// clockWords may stand beside the figures of a clock line.
var clockWords = map[string]bool{"uhr": true, "min": true, "am": true, "um": true, "erstellt": true, "aktualisiert": true,
	"stand": true, "verfügbar": true, "bis": true, "updated": true, "published": true, "at": true, "on": true, "pm": true, "est": true, "gmt": true, "cet": true, "mez": true,
	"veröffentlicht": true, "zuerst": true, "first": true, "lesedauer": true, "minuten": true}

func init() {
	for _, m := range []string{"januar", "jänner", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember",
		"january", "february", "march", "may", "june", "july", "october", "december",
		"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "okt", "nov", "dec", "dez"} {
		clockWords[m] = true
	}
}

// clockLine reports whether s is a short line of figures with a time of
// day, a date stamp or a media player's clock ("12.12.2025, 05:07 Uhr",
// "00:00 / 03:15"), with no words but those that label a time.
func clockLine(s string) bool {
	if utf8.RuneCountInString(s) > 50 || !clockTime.MatchString(s) {
		return false
	}
	for _, f := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) }) {
		if !clockWords[f] {
			return false
		}
	}
	return true
}

// initialsLine matches the initials of the author or agency that sign a
// story, in brackets on a line of their own ("(dmk)", "(dpa/red)").
var initialsLine = regexp.MustCompile(`^\(\p{L}{2,6}(?:\s*[/,]\s*\p{L}{2,6}){0,3}\)$`)

// stampParts reports whether parts, the items of a list or the pieces of
// a line set apart by "|", are the article's stamp: two or more short
// pieces, one of them a clock line, as a header lists date, reading time
// and byline ("Do 25.04.24 | 14:07 Uhr | Von Eva Muster").
func stampParts(parts []string) bool {
	if len(parts) < 2 || len(parts) > 6 {
		return false
	}
	clock := false
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if utf8.RuneCountInString(p) > 60 {
			return false
		}
		clock = clock || clockLine(p)
	}
	return clock
}

// ageLine reports whether s is a short line, not a sentence, that gives a
// post's age, with at most a name or a time beside it ("Dylan Jones 5
// hours ago", "21 mins ago 11:48").
func ageLine(s string) bool {
	if utf8.RuneCountInString(s) > 60 || strings.HasSuffix(s, ".") || !postAge.MatchString(s) {
		return false
	}
	words := 0
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if f != "" {
			words++
		}
	}
	return words <= 6
}

// dropCaptionCopies removes paragraphs that repeat a picture's caption
// next to them (a lightbox's copy of the caption set as plain text).
func dropCaptionCopies(bs []newsdesk.Block) []newsdesk.Block {
	out := bs[:0]
	for i, b := range bs {
		if b.Kind == newsdesk.Paragraph && len(b.Text) >= 40 {
			copied := false
			for _, j := range [2]int{i - 1, i + 1} {
				if j >= 0 && j < len(bs) && bs[j].Kind == newsdesk.Caption && strings.HasPrefix(bs[j].Text, b.Text) {
					copied = true
				}
			}
			if copied {
				continue
			}
		}
		out = append(out, b)
	}
	return out
}

// dropHeadline removes the headline from the top of the body, where the
// page's header repeats it in whatever element, with its kicker (run
// into the same line or set on a line above it) and the short lines
// before it: the article starts at its headline, which is the title's
// and not the body's, also when it stands alone as the first line.
func dropHeadline(bs []newsdesk.Block, title string) []newsdesk.Block {
	lt := strings.ToLower(collapse(title))
	if utf8.RuneCountInString(lt) < 15 {
		return bs
	}
	before := 0
	for i := 0; i < min(len(bs), 8) && before < 400; i++ {
		b := bs[i]
		if b.Kind == newsdesk.Caption {
			continue
		}
		l := strings.ToLower(collapse(b.Text))
		if b.Kind == newsdesk.List || b.Kind == newsdesk.Table || !strings.HasSuffix(l, lt) || len(l) > len(lt)+60 || strings.HasSuffix(strings.TrimSuffix(l, lt), ". ") {
			before += utf8.RuneCountInString(b.Text)
			continue
		}
		return bs[i+1:]
	}
	return bs
}

// language prefers the language detected in the body over a declared one
// when the two disagree on a long enough text; templates often declare
// the site's default language for every page.
func (m *meta) language(a *newsdesk.Article) string {
	declared := lang.Normalize(firstNonEmpty(m.lang, m.ld.language, m.get("content-language", "og:locale", "language", "dc.language")))
	body := a.Text()
	if len(body) < 200 {
		body = a.Title + "\n" + a.Subtitle + "\n" + body
	}
	detected := lang.Detect(body)
	switch {
	case detected == "":
		return declared
	case declared == "" || len(body) >= 400:
		return detected
	}
	return declared
}

// commentLine matches the signature line of a reader comment or a post
// footer: who, and a date with a time ("Posted by: Ellen at September 10,
// 2012 11:40 AM", "Anna schrieb am 3. Mai 2021 um 14:02").
var commentLine = regexp.MustCompile(`(?i)(posted|said|says|wrote|schrieb|schreibt|meint|reply|antworten|\bat\b|\bum\b|\bàs\b|\ba las\b|\balle\b|\bà\b|\bom\b).*\b\d{1,2}:\d{2}|\b\d{1,2}:\d{2}.*(posted|said|says|wrote|schrieb|schreibt|reply|antworten)`)

// cutComments ends the body at the first of three or more comment
// signature lines: reader comments that share the article's container.
func cutComments(bs []newsdesk.Block) []newsdesk.Block {
	first, n := -1, 0
	for i, b := range bs {
		if b.Kind == newsdesk.Heading || utf8.RuneCountInString(b.Text) > 120 || strings.IndexByte(b.Text, ':') < 0 {
			continue
		}
		if commentLine.MatchString(b.Text) {
			if first < 0 {
				first = i
			}
			n++
		}
	}
	if n >= 3 && first > 0 {
		return bs[:first]
	}
	return bs
}

// dropAuthorBio removes an author's biography or contact note from the end
// of the body: one of the last blocks that opens with an author's name
// ("Meg James is a reporter …", "Regan is a Connecticut native …").
func dropAuthorBio(bs []newsdesk.Block, authors []string) []newsdesk.Block {
	if len(authors) == 0 || len(bs) < 3 {
		return bs
	}
	var names []string
	for _, a := range authors {
		names = append(names, a+" ")
		if f := strings.Fields(a); len(f) > 1 && len(f[0]) > 2 {
			names = append(names, f[0]+" ")
		}
	}
	for i := len(bs) - 1; i >= max(len(bs)-3, 1); i-- {
		b := bs[i]
		if b.Kind != newsdesk.Paragraph || utf8.RuneCountInString(b.Text) > 600 {
			continue
		}
		for _, n := range names {
			rest, ok := strings.CutPrefix(b.Text, n)
			if !ok {
				continue
			}
			rest = strings.ToLower(rest)
			if hasAnyPrefix(rest, bioVerbs) {
				return bs[:i]
			}
		}
	}
	return bs
}

// bioVerbs follow an author's name in a biography.
var bioVerbs = []string{"is a", "is an", "is the", "was a", "covers", "writes", "has been", "joined", "ist ", "war ", "schreibt", "arbeitet", "may be reached", "can be reached"}

// paywallCalls open the notice a paywall puts where the article breaks
// off.
var paywallCalls = []string{
	"to view the full story", "to read the full story", "to read the full article", "to continue reading",
	"to read the rest of", "to keep reading", "subscribe to continue", "subscribe to read", "subscribe now to read",
	"this article is for subscribers", "this content is for subscribers", "this story is for subscribers",
	"if you're seeing this message but you're already a subscriber", "already a subscriber?",
	"um weiterzulesen", "um den ganzen artikel", "um den vollständigen artikel", "um diesen artikel",
	"lesen sie weiter mit", "weiterlesen mit", "jetzt weiterlesen mit", "dieser artikel ist nur für abonnenten",
	"dieser inhalt ist nur für abonnenten", "dieser beitrag ist nur für abonnenten", "sie sind bereits abonnent",
	"ihnen stehen diesen monat keine", "sie haben ihr kontingent", "you have reached your limit of free",
	"you've reached your limit of free", "you have read all your free", "you've read all your free",
}

// cutPaywall ends the body at a paywall's notice, and reports whether it
// found one.
func cutPaywall(bs []newsdesk.Block) ([]newsdesk.Block, bool) {
	for i := 1; i < len(bs); i++ {
		if isPaywallNotice(bs[i]) {
			return bs[:i], true
		}
	}
	return bs, false
}

// isPaywallNotice reports whether b is a short paragraph that opens with
// a paywall's call.
func isPaywallNotice(b newsdesk.Block) bool {
	s := b.Text
	if b.Kind != newsdesk.Paragraph || utf8.RuneCountInString(s) >= 300 {
		return false
	}
	// The calls are prefixes: the start of the line is enough.
	return hasAnyPrefix(strings.ToLower(strings.ReplaceAll(s[:min(len(s), 80)], "’", "'")), paywallCalls)
}

// appeals open the calls to the reader that end many articles: subscribe,
// donate, write to us. What follows one is more of the same.
var appeals = []string{
	"if you enjoyed", "if you like", "if you liked", "we want to hear", "we'd love to hear", "we need your help", "support our",
	"please support", "become a member", "become a subscriber", "subscribe to", "to view the full story", "while you are here",
	"hat ihnen dieser artikel", "hat dir dieser artikel", "gefällt dir", "gefällt ihnen", "unterstützen sie", "unterstütze uns",
	"werden sie mitglied", "jetzt abonnieren", "über diese reihe", "über den autor", "über die autorin",
	"si te parece valioso", "apóyanos", "suscríbete", "abonnez-vous", "soutenez",
	"©", "all rights reserved", "alle rechte vorbehalten",
	"don't miss a ", "don't miss any", "sign up for", "sign-up to", "subscribe to our", "stay up to date", "to receive these", "do you like this",
	"you should like", "you can also like", "like us on", "comments are closed", "comments are now closed",
	"verpassen sie keine", "abonnieren sie unseren", "melden sie sich für", "kommentare sind geschlossen",
}

// tailCalls open the lines that close many articles: appeals, contacts,
// the blog's filing line.
var tailCalls = append([]string{
	"download the", "get the latest", "get the app", "follow the", "follow us", "for the latest", "send us a", "write to us",
	"letters to the editor", "folgen sie", "folge uns", "sie haben fragen", "haben sie fragen",
	"weitere infos", "mehr infos", "infos unter", "kontakt", "e-mail:", "telefon:", "tel.:", "pressekontakt",
	"alle angaben ohne gewähr", "(alle angaben", "letzte aktualisierung",
	"materiał chroniony", "wszelkie prawa", "czekamy na",
	"this entry was posted", "dieser eintrag wurde", "der beitrag wurde am", "posted in", "filed under", "tags:", "schlagworte:",
	"you can follow any responses", "trackback", "listed below are links",
	"dieses thema im programm", "sendung:", "zitiervorschlag", "redaktion:", "(quelle:", "mit informationen der", "mit material von", "mit material der",
}, appeals...)

// authorBoxLabels are the whole text of the label over the author's
// biography at the end of an article.
var authorBoxLabels = map[string]bool{"die autorin": true, "der autor": true, "die autoren": true, "die autorinnen": true,
	"zur autorin": true, "zum autor": true, "zur person": true, "the author": true, "about the author": true, "about the authors": true}

// filingLines open a short line that names a blog post's author and date;
// a post may begin with one, so only a short one ends it.
var filingLines = []string{"posted by", "posted on", "this was written by"}

// wireCredits reports whether the lower-cased line l credits a wire
// story's reporters and editors ("Reporting by A; Editing by B"): a list
// of names, not a sentence.
func wireCredits(l string) bool {
	l = strings.TrimSpace(l)
	return utf8.RuneCountInString(l) < 300 && !strings.HasSuffix(l, ".") &&
		hasAnyPrefix(l, []string{"reporting by", "additional reporting by", "writing by", "editing by", "compiled by"})
}

// dropTailCalls removes appeals to the reader from the last blocks.
func dropTailCalls(bs []newsdesk.Block) []newsdesk.Block {
	// An appeal among the last few blocks ends the article, with the short
	// lines after it (a signature, a citation, a link).
	// The article before it must be at least twice as long as what is cut.
	total := 0
	for _, b := range bs {
		total += utf8.RuneCountInString(b.Text)
	}
	// A paywall's notice is left for cutPaywall, which flags the article.
	cut, after := len(bs), 0
	for i := len(bs) - 1; i >= 1 && i >= len(bs)-6 && after < 500 && !isPaywallNotice(bs[i]); i-- {
		n := utf8.RuneCountInString(bs[i].Text)
		if (hasAnyPrefix(strings.ToLower(bs[i].Text), appeals) || n < 30 && authorBoxLabels[strings.ToLower(strings.TrimRight(bs[i].Text, ": "))]) && total-after-n >= 2*(after+n) {
			cut = i
		}
		after += n
	}
	bs = bs[:cut]
	// Then the closing lines, one by one: a filing line, a contact.
	for k := 0; k < 3 && len(bs) > 1 && !isPaywallNotice(bs[len(bs)-1]); k++ {
		l := strings.ToLower(bs[len(bs)-1].Text)
		n := utf8.RuneCountInString(l)
		if !(n < 400 && hasAnyPrefix(l, tailCalls)) && !(n < 200 && hasAnyPrefix(l, filingLines)) && !(n < 60 && hasAnyPrefix(l, boilerPrefixes)) && !wireCredits(l) {
			break
		}
		bs = bs[:len(bs)-1]
	}
	return bs
}
