package extract

import (
	"sync"

	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxDepth bounds the element nesting the extractor descends into; deeper
// subtrees of pathological pages are ignored rather than walked.
const maxDepth = 512

// node is one element of the flattened body tree, in document order. The
// descendants of node i are the nodes i+1 .. end-1.
type node struct {
	n      *html.Node
	parent int32
	end    int32
	depth  int32
	tag    atom.Atom

	// Text directly in this element.
	directLen, directCommas int32

	// Text statistics of the subtree (whitespace runs count as one),
	// leaving out junk subtrees once classified.
	textLen int32 // all text
	linkLen int32 // text inside <a>
	ownLen  int32 // inline text not inside a nested block element
	commas  int32 // commas in inline text
	blocks  int32 // block-level descendants
	paras   int32 // descendants holding 100+ characters of running text
	good    int32 // text in sentence-length paragraphs with few links

	junk    bool // boilerplate by tag, class or id
	weak    bool // junk only by a weak class word
	comment bool // user comments
	region  bool // a page region beside the article: sidebar, footer, navigation
	caption bool // picture caption, credit or gallery
	box     bool // a box of facts beside the story
	score   float32
}

// tree is a page body flattened for cheap whole-subtree statistics.
type tree struct {
	nodes   []node
	paywall bool // an element is marked as a paywall
}

// nodePool keeps node slices between pages: a page's tree is a few
// hundred kilobytes, allocated anew for every page otherwise.
var nodePool = sync.Pool{New: func() any { s := make([]node, 0, 1024); return &s }}

// release hands the tree's nodes back for the next page; t must not be
// used afterwards.
func (t *tree) release() {
	clear(t.nodes) // drop the references into the page
	s := t.nodes[:0]
	t.nodes = nil
	nodePool.Put(&s)
}

var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Iframe: true, atom.Object: true, atom.Embed: true,
	atom.Canvas: true, atom.Button: true, atom.Select: true, atom.Input: true,
	atom.Textarea: true, atom.Option: true, atom.Label: true, atom.Audio: true,
	atom.Video: true, atom.Map: true, atom.Head: true, atom.Link: true, atom.Meta: true,
	atom.Rt: true, atom.Rp: true, // ruby annotations (furigana) over the text
	atom.Dialog: true, atom.Menu: true,
}

// blockTags are the elements that break inline text into separate blocks.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true, atom.Dt: true,
	atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true, atom.Footer: true,
	atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true,
	atom.H5: true, atom.H6: true, atom.Header: true, atom.Hgroup: true, atom.Hr: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Table: true, atom.Ul: true, atom.Tr: true,
	atom.Td: true, atom.Th: true, atom.Tbody: true, atom.Thead: true, atom.Tfoot: true,
	atom.Caption: true, atom.Center: true, atom.Body: true, atom.Html: true,
	atom.Summary: true,
}

func isBlock(a atom.Atom) bool { return blockTags[a] }

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// hidden reports whether an element is hidden from readers.
func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			// Text held back by a paywall is still the article's; the
			// page has it, and hides it from screen readers until paid.
			if a.Val == "true" && !strings.Contains(strings.ToLower(attr(n, "class")), "paywall") {
				return true
			}
		case "class":
			if hiddenClass(a.Val) {
				return true
			}
		case "style":
			if strings.Contains(a.Val, "display") || strings.Contains(a.Val, "visibility") {
				s := strings.ReplaceAll(strings.ToLower(a.Val), " ", "")
				if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") {
					return true
				}
			}
		}
	}
	return false
}

// hiddenClasses are the utility classes of CSS frameworks that hide an
// element until a script shows it (a sign-up's thank-you note, a
// dialog's second step).
var hiddenClasses = []string{"hide", "hidden", "d-none", "is-hidden", "u-hidden"}

// hiddenClass reports whether a class attribute holds a class that hides
// the element, and none that shows it again on larger screens ("d-none
// d-md-block", "hidden lg:flex").
func hiddenClass(v string) bool {
	if !strings.Contains(v, "hid") && !strings.Contains(v, "none") {
		return false // the common case, without splitting
	}
	hide := false
	for _, c := range strings.Fields(v) {
		for _, h := range hiddenClasses {
			if strings.EqualFold(c, h) {
				hide = true
			}
		}
		if strings.Contains(c, "block") || strings.Contains(c, "flex") || strings.Contains(c, "grid") ||
			strings.Contains(c, "inline") || strings.Contains(c, "table") || strings.Contains(c, "visible") {
			return false
		}
	}
	return hide
}

// textStats counts the text of s: its length with whitespace runs counted
// once, and its commas.
func textStats(s string) (n, commas int32) {
	space := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case ' ', '\n', '\t', '\r', '\f':
			if !space {
				n++
				space = true
			}
			continue
		case ',':
			commas++
		}
		if c < 0x80 || c >= 0xC0 { // count runes, not bytes
			n++
		}
		space = false
	}
	if space && n > 0 {
		n--
	}
	return n, commas
}

// build flattens the body of doc, leaving out elements that never carry
// article text and hidden ones.
func build(doc *html.Node) *tree {
	t := &tree{nodes: (*nodePool.Get().(*[]node))[:0]}
	body := findBody(doc)
	if body == nil {
		return t
	}
	t.add(body, -1, 0)
	t.stats()
	total := t.nodes[0].textLen
	t.classify()
	t.rescue(total)
	t.stats()
	return t
}

func findBody(n *html.Node) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == atom.Html {
			for b := c.FirstChild; b != nil; b = b.NextSibling {
				if b.Type == html.ElementNode && (b.DataAtom == atom.Body || b.DataAtom == atom.Frameset) {
					return b
				}
			}
		}
	}
	return nil
}

func (t *tree) add(n *html.Node, parent int32, depth int32) {
	i := int32(len(t.nodes))
	t.nodes = append(t.nodes, node{n: n, parent: parent, depth: depth, tag: n.DataAtom})
	if depth < maxDepth {
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch c.Type {
			case html.ElementNode:
				if skipTags[c.DataAtom] || hidden(c) {
					continue
				}
				t.add(c, i, depth+1)
			case html.TextNode:
				ln, commas := textStats(c.Data)
				if ln == 0 {
					continue
				}
				t.nodes[i].directLen += ln
				t.nodes[i].directCommas += commas
			}
		}
	}
	t.nodes[i].end = int32(len(t.nodes))
}

// stats sums text statistics bottom-up: every node's text into its parent,
// inline children's own text into their block parent.
func (t *tree) stats() {
	ns := t.nodes
	for i := range ns {
		nd := &ns[i]
		nd.textLen, nd.ownLen, nd.commas = nd.directLen, nd.directLen, nd.directCommas
		nd.linkLen, nd.blocks, nd.paras, nd.good = 0, 0, 0, 0
	}
	for i := len(ns) - 1; i > 0; i-- {
		nd := &ns[i]
		if nd.junk {
			continue
		}
		if nd.tag == atom.A {
			nd.linkLen = nd.textLen
		}
		if nd.ownLen >= 100 {
			nd.paras++
		}
		if nd.ownLen >= 80 && t.paragraphLike(i) && nd.linkLen*10 < nd.textLen*3 {
			nd.good += nd.ownLen
		}
		p := &ns[nd.parent]
		p.paras += nd.paras
		p.good += nd.good
		p.textLen += nd.textLen
		p.linkLen += nd.linkLen
		if isBlock(nd.tag) {
			p.blocks += 1 + nd.blocks
		} else {
			p.blocks += nd.blocks
			p.ownLen += nd.ownLen
			p.commas += nd.commas
		}
	}
}

func (nd *node) linkDensity() float32 {
	if nd.textLen == 0 {
		return 0
	}
	return float32(nd.linkLen) / float32(nd.textLen)
}
