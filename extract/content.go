package extract

import (
	"slices"
	"sort"
	"strings"

	"golang.org/x/net/html/atom"
)

// paragraphLike reports whether node i holds running text of its own that
// counts as a paragraph when scoring containers.
func (t *tree) paragraphLike(i int) bool {
	nd := &t.nodes[i]
	switch nd.tag {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote:
		return true
	case atom.Div, atom.Section, atom.Article, atom.Span, atom.Font, atom.Center, atom.Main:
		return nd.ownLen >= 25
	}
	return false
}

// score gives every container a readability-style content score: each
// paragraph adds points for its length and commas to its ancestors,
// decreasing with distance; the sum is weighed by link density.
func (t *tree) score() {
	ns := t.nodes
	for i := 0; i < len(ns); i++ {
		nd := &ns[i]
		if nd.junk {
			i = int(nd.end) - 1
			continue
		}
		if !t.paragraphLike(i) || nd.ownLen < 25 {
			continue
		}
		s := 1 + float32(nd.commas) + float32(min(nd.ownLen/100, 6))
		// Link-heavy paragraphs (teaser lists) add little.
		if ld := float32(nd.linkLen) / float32(max(nd.textLen, 1)); ld > 0.5 {
			s *= 1 - ld
		}
		p := nd.parent
		for level := 0; p >= 0 && level < 5; level++ {
			div := float32(1)
			switch {
			case level == 1:
				div = 2
			case level > 1:
				div = float32(level * 3)
			}
			ns[p].score += s / div
			p = ns[p].parent
		}
	}
	for i := range ns {
		nd := &ns[i]
		if nd.score > 0 {
			nd.score *= 1 - nd.linkDensity()
			nd.score += t.classWeight(i)
		}
	}
}

// classWeight favours elements whose class, id or itemprop names the
// article body.
func (t *tree) classWeight(i int) float32 {
	n := t.nodes[i].n
	var w float32
	for _, a := range n.Attr {
		switch a.Key {
		case "itemprop":
			if a.Val == "articleBody" {
				w += 50
			}
		case "class", "id":
			var words [8]string
			for _, x := range splitWords(words[:0], a.Val) {
				if keepSet[x] {
					w += 10
					break
				}
			}
		}
	}
	if t.nodes[i].tag == atom.Article || t.nodes[i].tag == atom.Main {
		w += 10
	}
	return w
}

// mainContent picks the element that holds the article and the siblings
// that continue it. It returns node indices in document order, or nil.
func (t *tree) mainContent() []int {
	ns := t.nodes
	if len(ns) == 0 {
		return nil
	}
	var cands []int
	for i := range ns {
		if ns[i].score > 0 && !ns[i].junk {
			cands = append(cands, i)
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.Slice(cands, func(a, b int) bool { return ns[cands[a]].score > ns[cands[b]].score })
	top := cands[0]

	// Several strong candidates under one ancestor: the article is split
	// into parts and the ancestor holds them all.
	if len(cands) > 1 {
		var alts []int
		for _, c := range cands[1:min(len(cands), 6)] {
			if ns[c].score >= ns[top].score*0.75 {
				alts = append(alts, c)
			}
		}
		if len(alts) >= 3 {
			for p := ns[top].parent; p > 0; p = ns[p].parent {
				n := 0
				for _, a := range alts {
					if t.contains(p, a) {
						n++
					}
				}
				if n >= 2 {
					top = int(p)
					break
				}
			}
		}
	}
	// Climb while the parent is the better container, or top is an only
	// child.
	last := ns[top].score
	for p := ns[top].parent; p > 0; p = ns[p].parent {
		if ns[p].textLen == ns[top].textLen {
			top = int(p)
			continue
		}
		if ns[p].score > last && ns[p].score > ns[top].score*0.5 && ns[top].textLen*2 >= ns[p].textLen {
			last = ns[p].score
			top = int(p)
			continue
		}
		break
	}

	// Climb while the parent adds more running text than chrome: the
	// article continues in sections beside the chosen one.
	for p := ns[top].parent; p > 0; p = ns[p].parent {
		good := ns[p].good - ns[top].good
		bad := (ns[p].textLen - ns[p].good) - (ns[top].textLen - ns[top].good)
		if good <= 0 || float32(good) < climbRatio*float32(bad) {
			break
		}
		top = int(p)
	}

	// Siblings that continue the article.
	parent := ns[top].parent
	if parent < 0 {
		return []int{top}
	}
	threshold := max(10, ns[top].score*0.2)
	var out []int
	for c := int(parent) + 1; c < int(ns[parent].end); c = int(ns[c].end) {
		if c == top {
			out = append(out, c)
			continue
		}
		nd := &ns[c]
		if nd.junk || nd.textLen == 0 {
			continue
		}
		ld := nd.linkDensity()
		switch {
		case nd.score >= threshold && ld < 0.5:
			out = append(out, c)
		case nd.tag == atom.P && nd.textLen > 80 && ld < 0.25:
			out = append(out, c)
		case nd.good >= 300 && nd.good >= ns[top].good && ld < 0.3:
			// As much running text again, nested too deep to score
			// (the entries of a live blog below its summary).
			out = append(out, c)
		}
	}
	return out
}

// climbRatio is how many times more running text than other text a
// parent must add for the article to continue in it.
const climbRatio = 3

func (t *tree) contains(anc int32, i int) bool {
	return int(anc) < i && i < int(t.nodes[anc].end)
}

// coverageMin is the share of the page's running text below which the
// chosen container is not trusted to be the whole article.
const coverageMin = 0.2

// coverage returns the share of the page's running text held by nodes.
func (t *tree) coverage(nodes []int) float32 {
	if len(t.nodes) == 0 || t.nodes[0].good == 0 {
		return 1
	}
	var g int32
	for _, i := range nodes {
		g += t.nodes[i].good
	}
	return float32(g) / float32(t.nodes[0].good)
}

// leadWords name the class of an article's lead paragraph.
var leadSet = newWordSet([]string{"lead", "intro", "introduction", "standfirst", "subtitle", "subline", "summary", "abstract", "teaser", "excerpt", "deck", "dek", "description", "einleitung", "vorspann", "zusammenfassung", "bajada", "chapo", "chapeau", "entradilla"})

// headingLeadSet are the lead words that make a heading the article's
// lead: a summary is part of the text, a subtitle or deck is not.
var headingLeadSet = newWordSet([]string{"lead", "intro", "introduction", "standfirst", "summary", "abstract", "teaser", "einleitung", "vorspann", "zusammenfassung", "chapo", "chapeau", "entradilla"})

// lead finds the article's lead paragraph when it stands before the chosen
// container, in the same article: text that repeats the page's description,
// or an element whose class names it a lead. It returns -1 if there is none.
func (t *tree) lead(main []int, descs ...string) int {
	ns := t.nodes
	first := main[0]
	// The lead lives within a few levels above the container.
	scope := int32(first)
	for k := 0; k < 4 && ns[scope].parent > 0; k++ {
		scope = ns[scope].parent
	}
	var starts []string
	for _, d := range descs {
		d = strings.ToLower(collapse(d))
		if len(d) > 60 {
			d = strings.TrimRight(d[:60], ".… ")
		}
		if len(d) >= 40 && !slices.Contains(starts, d) {
			starts = append(starts, d)
		}
	}
	var words []string
	best, byDesc := -1, -1
	for i := int(scope) + 1; i < first; i++ {
		nd := &ns[i]
		// A picture's caption may repeat the description; it is not
		// the lead.
		if nd.comment || (nd.junk && !nd.weak && !nd.caption) || (nd.tag == atom.Figure || nd.tag == atom.Figcaption) && t.isCaption(i) {
			i = int(nd.end) - 1
			continue
		}
		if nd.linkLen*5 > nd.textLen {
			continue
		}
		// A list or box of short lines named a summary ("key points")
		// counts by its whole text.
		points := (nd.tag == atom.Ul || nd.tag == atom.Ol || nd.tag == atom.Div) && nd.textLen >= 60 && nd.textLen <= 1000
		if nd.ownLen < 60 && !points {
			continue
		}
		switch nd.tag {
		case atom.P, atom.Div, atom.Span, atom.Strong, atom.B, atom.Ul, atom.Ol, atom.H2, atom.H3:
		default:
			continue
		}
		// A sentence set as a heading is the lead only when its class
		// names it a summary or lead: decks and subtitles that repeat the
		// description are not the body on many sites.
		heading := nd.tag == atom.H2 || nd.tag == atom.H3
		ok := false
		if len(starts) > 0 && nd.ownLen >= 60 && !heading {
			s, _ := t.textOfAll(i)
			ls := strings.ToLower(collapse(s))
			if slices.ContainsFunc(starts, func(d string) bool { return strings.Contains(ls, d) }) {
				byDesc = i
				continue
			}
		}
		if !ok {
			for _, a := range nd.n.Attr {
				if a.Key == "class" || (a.Key == "itemprop" && !heading) {
					words = splitWords(words[:0], a.Val)
					for _, w := range words {
						ok = ok || (leadSet[w] && (!heading || headingLeadSet[w]))
					}
				}
			}
		}
		if ok {
			best = i
		}
	}
	// The text the description repeats is the lead before any element
	// merely named like one.
	if byDesc >= 0 {
		return byDesc
	}
	return best
}

// nearHeadline moves the choice to the text around the article's headline
// when the chosen container lies elsewhere on the page: short posts lose
// to long sidebar boxes on length alone.
func (t *tree) nearHeadline(main []int, title string) []int {
	if len(main) == 0 || title == "" {
		return main
	}
	ns := t.nodes
	h := -1
	for i := range ns {
		switch ns[i].tag {
		case atom.H1, atom.H2, atom.H3:
		default:
			continue
		}
		if ns[i].junk || ns[i].textLen > 400 {
			continue
		}
		if s, _ := t.textOf(i); strings.EqualFold(oneLine(s), title) || (similarTitle(oneLine(s), title) && similarTitle(title, oneLine(s))) {
			h = i
			break
		}
	}
	if h < 0 {
		return main
	}
	// The nearest ancestor of the headline that holds running text.
	p := int32(-1)
	for a, k := ns[h].parent, 0; a > 0 && k < 6; a, k = ns[a].parent, k+1 {
		if ns[a].good >= 80 {
			p = a
			break
		}
	}
	if p < 0 {
		return main
	}
	for _, m := range main {
		if m == int(p) || t.contains(p, m) {
			return main
		}
		if t.contains(int32(m), int(p)) {
			// The container holds the headline's section and more: keep
			// just the section when it has most of the running text.
			if len(main) == 1 && ns[p].good*10 >= ns[m].good*narrowShare {
				return []int{int(p)}
			}
			return main
		}
	}
	// The headline's block and the container are parts of one <article>
	// (its header with the lead, and its text): the container stays, and
	// the lead is found beside it.
	for a := ns[p].parent; a > 0; a = ns[a].parent {
		if ns[a].tag == atom.Article {
			if t.contains(a, main[0]) && ns[p].good < ns[main[0]].good {
				return main
			}
			break
		}
	}
	return []int{int(p)}
}

// narrowShare, in tenths: the headline's section replaces a container
// holding it when it has at least this share of the container's running
// text.
const narrowShare = 6
