package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"newsdesk"
)

// textBuf gathers inline text, collapsing whitespace runs to one space and
// counting how much of it sits inside links.
type textBuf struct {
	b      []byte
	space  bool // last byte written is whitespace (or buffer empty)
	inLink int
	link   int // bytes written inside links
}

func (tb *textBuf) text(s string) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' {
			if !tb.space && len(tb.b) > 0 {
				tb.b = append(tb.b, ' ')
				tb.space = true
			}
			continue
		}
		// U+00AD soft hyphen is invisible; U+200B zero width space too.
		if c == 0xC2 && i+1 < len(s) && s[i+1] == 0xAD {
			i++
			continue
		}
		if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x8B {
			i += 2
			continue
		}
		// U+00A0 no-break space reads as a space.
		if c == 0xC2 && i+1 < len(s) && s[i+1] == 0xA0 {
			i++
			if !tb.space && len(tb.b) > 0 {
				tb.b = append(tb.b, ' ')
				tb.space = true
			}
			continue
		}
		tb.b = append(tb.b, c)
		tb.space = false
		if tb.inLink > 0 {
			tb.link++
		}
	}
}

func (tb *textBuf) newline() {
	if len(tb.b) == 0 {
		return
	}
	if tb.space {
		tb.b = tb.b[:len(tb.b)-1]
	}
	if n := len(tb.b); n > 0 && tb.b[n-1] != '\n' {
		tb.b = append(tb.b, '\n')
	}
	tb.space = true
}

// take returns the trimmed text and its link density, and empties tb.
func (tb *textBuf) take() (string, float64) {
	s := strings.TrimSpace(string(tb.b))
	ld := 0.0
	if len(tb.b) > 0 {
		ld = float64(tb.link) / float64(len(tb.b))
	}
	tb.b, tb.space, tb.link = tb.b[:0], true, 0
	return s, ld
}

// emitter turns the chosen part of the tree into body blocks.
type emitter struct {
	t      *tree
	blocks []newsdesk.Block
	para   textBuf
	teaser bool // the last block was a linked teaser title
	link   int  // the innermost link being walked, or -1
	card   int  // the link that held the teaser title
	links  bool // keep link lists: the article is a list of links
}

// each calls fn for the text and element children of node i that were kept
// in the tree; fn gets -1 and the text for text nodes.
func (t *tree) each(i int, fn func(ci int, text string)) {
	nd := &t.nodes[i]
	cur := int32(i + 1)
	for c := nd.n.FirstChild; c != nil; c = c.NextSibling {
		switch c.Type {
		case html.TextNode:
			fn(-1, c.Data)
		case html.ElementNode:
			if cur < nd.end && t.nodes[cur].n == c {
				fn(int(cur), "")
				cur = t.nodes[cur].end
			} else if c.DataAtom == atom.Br {
				fn(-2, "")
			}
		}
	}
}

// What gather keeps besides running text.
const (
	keepJunk     = 1 << iota // chrome
	keepCaptions             // picture captions
)

// gather appends the text of node i to tb, one line per block element,
// leaving out junk and captions unless keep says otherwise.
func (t *tree) gather(i int, tb *textBuf, keep int) {
	t.each(i, func(ci int, s string) {
		switch {
		case ci == -1:
			tb.text(s)
		case ci == -2:
			tb.newline()
		case t.nodes[ci].junk && keep&keepJunk == 0, t.isCaption(ci) && keep&keepCaptions == 0:
		default:
			tag := t.nodes[ci].tag
			if tag == atom.A {
				tb.inLink++
			}
			blk := isBlock(tag)
			if blk {
				tb.newline()
			}
			t.gather(ci, tb, keep)
			if blk {
				tb.newline()
			}
			if tag == atom.A {
				tb.inLink--
			}
		}
	})
}

// textOf returns the text of node i without junk, and its link density.
func (t *tree) textOf(i int) (string, float64) {
	var tb textBuf
	tb.space = true
	keep := 0
	if t.isCaption(i) {
		keep = keepCaptions
	}
	t.gather(i, &tb, keep)
	return tb.take()
}

// textOfAll is textOf with junk included.
func (t *tree) textOfAll(i int) (string, float64) {
	var tb textBuf
	tb.space = true
	t.gather(i, &tb, keepJunk|keepCaptions)
	return tb.take()
}

// emit returns the body blocks of the given nodes.
func (t *tree) emit(roots []int) []newsdesk.Block {
	return t.emitWith(roots, false)
}

// emitWith is emit, keeping link-dense blocks and lists if links is set.
func (t *tree) emitWith(roots []int, links bool) []newsdesk.Block {
	e := &emitter{t: t, links: links, link: -1}
	e.para.space = true
	for _, i := range roots {
		e.walk(i)
	}
	e.flush()
	return e.blocks
}

func (e *emitter) flush() {
	s, ld := e.para.take()
	e.add(newsdesk.Block{Kind: newsdesk.Paragraph, Text: s}, ld)
}

func (e *emitter) add(b newsdesk.Block, linkDensity float64) {
	if b.Text == "" {
		return
	}
	if e.para.inLink > 0 { // a block inside a link: a teaser
		e.teaser, e.card = true, e.link
		return
	}
	// The short excerpt right after a linked teaser title belongs to it.
	if e.teaser {
		e.teaser = false
		if b.Kind == newsdesk.Paragraph && utf8.RuneCountInString(b.Text) < 200 {
			return
		}
	}
	if linkDensity > 0.5 && b.Kind != newsdesk.Table && !e.links {
		return
	}
	e.blocks = append(e.blocks, b)
}

// walk emits the blocks of node i.
func (e *emitter) walk(i int) {
	t := e.t
	nd := &t.nodes[i]
	if nd.junk {
		return
	}
	if e.teaser && !t.sameCard(e.card, i) {
		e.teaser = false
	}
	if t.isCaption(i) {
		e.flush()
		s, ld := t.textOf(i)
		e.add(newsdesk.Block{Kind: newsdesk.Caption, Text: oneLine(s)}, ld)
		return
	}
	switch nd.tag {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		e.flush()
		s, ld := t.textOf(i)
		if s = oneLine(s); utf8.RuneCountInString(s) > 90 {
			// A sentence-long "heading" is a lead set in large type.
			e.add(newsdesk.Block{Kind: newsdesk.Paragraph, Text: s}, ld)
			break
		}
		e.add(newsdesk.Block{Kind: newsdesk.Heading, Level: int(nd.tag.String()[1] - '0'), Text: s}, ld)
	case atom.P:
		e.flush()
		s, ld := t.textOf(i)
		if t.imageCaption(i) {
			e.add(newsdesk.Block{Kind: newsdesk.Caption, Text: oneLine(s)}, ld)
			break
		}
		if ld > 0.5 && linkedSentence(nd.n, s) {
			ld = 0
		}
		e.add(newsdesk.Block{Kind: newsdesk.Paragraph, Text: s}, ld)
	case atom.Ul, atom.Ol:
		e.flush()
		e.list(i)
	case atom.Blockquote:
		e.flush()
		s, ld := t.textOf(i)
		e.add(newsdesk.Block{Kind: newsdesk.Quote, Text: s}, ld)
	case atom.Pre:
		e.flush()
		s := preText(nd.n)
		e.add(newsdesk.Block{Kind: newsdesk.Code, Text: s}, 0)
	case atom.Table:
		e.flush()
		if !e.table(i) {
			e.children(i)
		}
		e.flush()
	case atom.Header, atom.Hgroup:
		// An article's header holds kicker, headline, byline and date,
		// which are metadata, as a heading group holds a headline and its
		// kicker; only a long lead paragraph is body text.
		e.flush()
		n := len(e.blocks)
		e.children(i)
		e.flush()
		kept := e.blocks[:n]
		for _, b := range e.blocks[n:] {
			if utf8.RuneCountInString(b.Text) >= 100 {
				kept = append(kept, b)
			}
		}
		e.blocks = kept
	default:
		blk := isBlock(nd.tag)
		if blk {
			e.flush()
		}
		outer := e.link
		if nd.tag == atom.A {
			e.para.inLink++
			e.link = i
		}
		e.children(i)
		if nd.tag == atom.A {
			e.para.inLink--
			e.link = outer
		}
		if blk {
			e.flush()
		}
	}
}

// sameCard reports whether node i sits in the same teaser card as the
// link at index link: the smallest element holding both holds little more
// than a teaser's title and excerpt. A paragraph after a box of teasers
// shares only the article with them.
func (t *tree) sameCard(link, i int) bool {
	if link < 0 {
		return true
	}
	a := int32(i)
	for a >= 0 && !(a <= int32(link) && int32(link) < t.nodes[a].end) {
		a = t.nodes[a].parent
	}
	return a >= 0 && t.nodes[a].textLen <= 600
}

func (e *emitter) children(i int) {
	e.t.each(i, func(ci int, s string) {
		switch ci {
		case -1:
			e.para.text(s)
		case -2:
			e.para.newline()
		default:
			e.walk(ci)
		}
	})
}

func (e *emitter) list(i int) {
	t := e.t
	nd := &t.nodes[i]
	if nd.linkDensity() > 0.5 && !e.links {
		return
	}
	b := newsdesk.Block{Kind: newsdesk.List, Ordered: nd.tag == atom.Ol}
	for c := i + 1; c < int(nd.end); c = int(t.nodes[c].end) {
		if t.nodes[c].junk {
			continue
		}
		s, _ := t.textOf(c)
		if s = oneLine(s); s != "" {
			b.Items = append(b.Items, s)
		}
	}
	b.Text = strings.Join(b.Items, "\n")
	e.add(b, 0)
}

// imageCaption reports whether the paragraph i holds a picture and, below
// it, a short line set in italics only: the picture's caption written
// into the text ("<p><img><br><em>The accused enters the court</em></p>").
func (t *tree) imageCaption(i int) bool {
	nd := &t.nodes[i]
	if nd.textLen == 0 || nd.textLen > 200 {
		return false
	}
	img, italic := false, int32(0)
	for j := i + 1; j < int(nd.end); j++ {
		c := &t.nodes[j]
		switch c.tag {
		case atom.Img, atom.Picture:
			img = true
		case atom.Em, atom.I:
			if !img {
				return false
			}
			italic += c.textLen
			j = int(c.end) - 1
		}
	}
	return img && italic == nd.textLen
}

// linkedSentence reports whether the paragraph p, of text s, is a
// sentence of the article much of which is a link ("It also <a>co-ordinates
// military plans</a>."): a short paragraph that opens with two or more
// words outside the link, not a label ("Read more:"), and ends as a
// sentence does. A teaser's linked title opens with its link.
func linkedSentence(p *html.Node, s string) bool {
	if last, _ := utf8.DecodeLastRuneInString(s); !strings.ContainsRune(".!?\"”“»«'’", last) {
		return false
	}
	var lead strings.Builder
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			if c.DataAtom == atom.A {
				break
			}
			if lead.Len() == 0 && strings.TrimSpace(textContent(c)) == "" {
				continue
			}
			lead.WriteString(textContent(c))
			continue
		}
		if c.Type == html.TextNode {
			lead.WriteString(c.Data)
		}
	}
	l := strings.TrimSpace(lead.String())
	if utf8.RuneCountInString(s) > 300 || strings.HasSuffix(l, ":") {
		return false
	}
	return len(strings.Fields(l)) >= 2 || wovenLinks(p)
}

// wovenLinks reports whether the paragraph p weaves two or more links
// into words of its own, four at least, some of them between the links
// ("<a>Meghan Markle</a>'s mum, <a>Doria Ragland is said to …</a> when
// they are not around."), as running text does and a teaser does not.
func wovenLinks(p *html.Node) bool {
	links, words, between := 0, 0, false
	for c := p.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.A {
			links++
			continue
		}
		n := len(strings.Fields(textContent(c)))
		words += n
		if links > 0 && n > 0 && c.NextSibling != nil {
			between = true
		}
	}
	return links >= 2 && words >= 4 && between
}

// textContent returns the text under n.
func textContent(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textContent(c))
	}
	return b.String()
}

// table emits a data table as one block. Layout tables (nested tables,
// long cells) are left to the caller to walk as containers.
func (e *emitter) table(i int) bool {
	t := e.t
	nd := &t.nodes[i]
	var rows [][]string
	cells, long := 0, 0
	for j := i + 1; j < int(nd.end); j++ {
		c := &t.nodes[j]
		if c.junk {
			j = int(c.end) - 1
			continue
		}
		switch c.tag {
		case atom.Table:
			return false
		case atom.Tr:
			rows = append(rows, nil)
		case atom.Td, atom.Th:
			if len(rows) == 0 {
				rows = append(rows, nil)
			}
			s, _ := t.textOf(j)
			s = oneLine(s)
			if utf8.RuneCountInString(s) > 200 {
				long++
			}
			rows[len(rows)-1] = append(rows[len(rows)-1], s)
			cells++
			j = int(c.end) - 1
		}
	}
	if len(rows) < 2 || long > 0 || cells < 2 {
		return false
	}
	var lines []string
	out := rows[:0]
	for _, r := range rows {
		if len(r) > 0 {
			out = append(out, r)
			lines = append(lines, strings.Join(r, " | "))
		}
	}
	e.blocks = append(e.blocks, newsdesk.Block{Kind: newsdesk.Table, Rows: out, Text: strings.Join(lines, "\n")})
	return true
}

// preText returns the text of a <pre> element with its whitespace kept.
func preText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.TextNode:
				b.WriteString(c.Data)
			case html.ElementNode:
				if c.DataAtom == atom.Br {
					b.WriteByte('\n')
				} else if !skipTags[c.DataAtom] {
					rec(c)
				}
			}
		}
	}
	rec(n)
	return strings.Trim(b.String(), "\n")
}

func oneLine(s string) string {
	if strings.IndexByte(s, '\n') < 0 {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// isCaption reports whether node i is a picture caption or credit. A
// caption made of paragraphs of running text (the text of a slideshow
// article) is not.
func (t *tree) isCaption(i int) bool {
	nd := &t.nodes[i]
	if !(nd.caption || nd.tag == atom.Figure || nd.tag == atom.Figcaption) {
		return false
	}
	if nd.paras < 2 {
		return !t.longParagraph(i)
	}
	// paras counts inline elements inside a paragraph again ("<p><span>
	// text</span></p>"): count the blocks of running text themselves.
	n := 0
	for j := i + 1; j < int(nd.end); j++ {
		c := &t.nodes[j]
		if c.junk {
			j = int(c.end) - 1
			continue
		}
		if isBlock(c.tag) && c.ownLen >= 100 {
			n++
		}
	}
	return n < 2 && !t.longParagraph(i)
}

// longParagraph reports whether node i is or holds a <p> of 200 or more
// characters.
func (t *tree) longParagraph(i int) bool {
	for j := i; j < int(t.nodes[i].end); j++ {
		if t.nodes[j].tag == atom.P && t.nodes[j].ownLen >= 200 {
			return true
		}
	}
	return false
}
