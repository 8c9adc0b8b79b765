// Package doc holds a text as the stages of analysis share it: its
// runes, tokens and sentences, and the mentions and entities found in
// it so far. The attribution stages (quotes, sources, figures) read a
// Doc and never change it.
package doc

import (
	"time"

	"newsdesk"
	"newsdesk/analyze/actors"
	"newsdesk/analyze/ner"
)

// Doc is one text under analysis. All offsets are in runes of Text.
type Doc struct {
	Text  string
	Runes []rune
	// Lang is the text's language code ("de", "en").
	Lang string
	// Date is when the text was published; role nouns resolve to who
	// held the office then.
	Date time.Time
	// Tokens are the words and marks of the text, in order.
	Tokens []ner.Token
	// Sentences are [from, to) ranges of Tokens; a line break ends a
	// sentence too.
	Sentences [][2]int
	// Mentions are the resolved mentions of entities, in text order,
	// not overlapping.
	Mentions []newsdesk.Mention
	// Entities are the identities the mentions resolve to.
	Entities []newsdesk.Entity
	// Actors is the table of known actors the mentions were resolved
	// with.
	Actors *actors.Table
}

// Span returns the span of runes [start, end) of the text.
func (d *Doc) Span(start, end int) newsdesk.Span {
	start = max(0, min(start, len(d.Runes)))
	end = max(start, min(end, len(d.Runes)))
	return newsdesk.Span{Start: start, End: end, Text: string(d.Runes[start:end])}
}

// TokenSpan returns the span of tokens [from, to).
func (d *Doc) TokenSpan(from, to int) newsdesk.Span {
	if from >= to || from < 0 || to > len(d.Tokens) {
		return newsdesk.Span{}
	}
	return d.Span(d.Tokens[from].Start, d.Tokens[to-1].End)
}

// MentionAt returns the mention that overlaps the runes [start, end),
// the longest if several do, or nil.
func (d *Doc) MentionAt(start, end int) *newsdesk.Mention {
	var best *newsdesk.Mention
	for i := range d.Mentions {
		m := &d.Mentions[i]
		if m.Start >= end {
			break
		}
		if m.End <= start {
			continue
		}
		if best == nil || m.End-m.Start > best.End-best.Start {
			best = m
		}
	}
	return best
}
