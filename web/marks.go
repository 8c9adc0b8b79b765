package web

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk"
)

// segment is a piece of a line of the reader: plain text; a mention,
// linked to the page of its entity Entity; the words that name the
// speaker of a quotation (Speaker, linked when Entity is set); or a
// quotation, Quote, whose own pieces are Segs. Quotations hold mentions,
// never the other way round, so the elements always nest.
type segment struct {
	Text, Entity string
	Speaker      bool
	Quote        *quoteMark
	Segs         []segment
	// Anchor is the id of the element where a quotation starts
	// ("quote-START", START its offset), for links to it.
	Anchor string
}

// quoteMark is what the reader shows of a quotation on its words.
type quoteMark struct {
	Form newsdesk.QuoteForm
	// SpeakerID is the speaker's entity, "" when none; SpeakerName is
	// its name, or the words that name the speaker, "" when the text
	// does not say.
	SpeakerID, SpeakerName string
}

// textMark is a stretch of the article's text (rune offsets, End
// exclusive) that becomes a link or a quotation.
type textMark struct {
	Start, End int
	Entity     string
	Speaker    bool
	Quote      *quoteMark
	// First marks the first piece of a quotation.
	First bool
}

// markText fills the Segs of the paragraphs and quotes of vbs: the
// pieces of the quotations qs are marked with their speakers, the
// mentions ms are linked to their entities' pages, and so are the words
// that name each speaker. Offsets are runes into the article's text, as
// Article.Text makes it from the blocks. names gives the speakers'
// entities their names. A mention that crosses the edge of a quotation
// stays plain text; of two overlapping marks of one kind the first
// wins.
func markText(vbs []viewBlock, ms []newsdesk.Mention, qs []newsdesk.Quotation, names map[string]newsdesk.Entity) {
	links, quotes := textMarks(ms, qs, names)
	off := 0 // rune offset of the block in the article's text
	for i := range vbs {
		b := &vbs[i]
		switch {
		case b.Kind == newsdesk.Caption:
			continue
		case len(b.Items) > 0:
			for _, it := range b.Items {
				off += utf8.RuneCountInString(it) + 1
			}
			continue
		case len(b.Rows) > 0:
			for _, r := range b.Rows {
				off += utf8.RuneCountInString(strings.Join(r, "\t")) + 1
			}
			continue
		}
		start := off
		off += utf8.RuneCountInString(b.Text) + 1
		if b.Kind != newsdesk.Paragraph && b.Kind != newsdesk.Quote {
			continue
		}
		lo := start
		for l := range strings.SplitSeq(b.Text, "\n") {
			n := utf8.RuneCountInString(l)
			lead := n - utf8.RuneCountInString(strings.TrimLeftFunc(l, unicode.IsSpace))
			line := []rune(strings.TrimSpace(l))
			ls := lo + lead
			lo += n + 1
			if len(line) == 0 {
				continue
			}
			b.Segs = append(b.Segs, lineSegments(line, ls, links, quotes))
		}
	}
}

// textMarks returns the links (mentions and speakers) and the pieces of
// the quotations, each sorted by start, longer first.
func textMarks(ms []newsdesk.Mention, qs []newsdesk.Quotation, names map[string]newsdesk.Entity) (links, quotes []textMark) {
	for _, m := range ms {
		if m.EntityID != "" {
			links = append(links, textMark{Start: m.Start, End: m.End, Entity: m.EntityID})
		}
	}
	for _, q := range qs {
		qm := &quoteMark{Form: q.Form}
		if sp := q.Speaker; sp != nil {
			qm.SpeakerID, qm.SpeakerName = sp.EntityID, sp.Text
			if e, ok := names[sp.EntityID]; ok && sp.EntityID != "" {
				qm.SpeakerName = e.Name
			}
			i := slices.IndexFunc(links, func(l textMark) bool { return l.Start == sp.Start && l.End == sp.End })
			switch {
			case i >= 0:
				links[i].Speaker = true
				if sp.EntityID != "" {
					links[i].Entity = sp.EntityID
				}
			case sp.End > sp.Start:
				links = append(links, textMark{Start: sp.Start, End: sp.End, Entity: sp.EntityID, Speaker: true})
			}
		}
		pieces := q.Parts
		if len(pieces) == 0 {
			pieces = []newsdesk.Span{q.Span}
		}
		for i, p := range pieces {
			if p.End > p.Start {
				quotes = append(quotes, textMark{Start: p.Start, End: p.End, Quote: qm, First: i == 0})
			}
		}
	}
	byStart := func(a, b textMark) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	}
	slices.SortStableFunc(links, byStart)
	slices.SortStableFunc(quotes, byStart)
	return links, quotes
}

// lineSegments cuts a line that starts at rune offset ls of the text at
// the quotations and links that lie in it: a quotation is cut to the
// line, a link must lie wholly within the line and within or outside
// every quotation.
func lineSegments(line []rune, ls int, links, quotes []textMark) []segment {
	var segs []segment
	at := 0
	for _, q := range quotes {
		a, z := max(q.Start-ls, 0), min(q.End-ls, len(line))
		if a >= z || a < at {
			continue
		}
		segs = append(segs, linkSegments(line, ls, links, at, a)...)
		seg := segment{Quote: q.Quote, Segs: linkSegments(line, ls, links, a, z)}
		if q.First && a == q.Start-ls {
			seg.Anchor = quoteAnchor(q.Start)
		}
		segs = append(segs, seg)
		at = z
	}
	return append(segs, linkSegments(line, ls, links, at, len(line))...)
}

// linkSegments cuts line[lo:hi] at the links that lie wholly within it.
func linkSegments(line []rune, ls int, links []textMark, lo, hi int) []segment {
	var segs []segment
	at := lo
	for _, l := range links {
		a, z := l.Start-ls, l.End-ls
		if a < at || z > hi {
			continue
		}
		if a > at {
			segs = append(segs, segment{Text: string(line[at:a])})
		}
		segs = append(segs, segment{Text: string(line[a:z]), Entity: l.Entity, Speaker: l.Speaker})
		at = z
	}
	if at < hi {
		segs = append(segs, segment{Text: string(line[at:hi])})
	}
	return segs
}

// quoteAnchor is the id of the element of the reader where the
// quotation that starts at rune offset start of the text begins.
func quoteAnchor(start int) string {
	return "quote-" + strconv.Itoa(start)
}
