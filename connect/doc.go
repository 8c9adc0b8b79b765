// Package connect finds what connects the articles of the store: copies
// (the same piece of writing republished, typically an agency dispatch on
// many sites) and stories (the articles about one specific event, across
// outlets, days and languages).
//
// It is a pure library: articles come in as Docs, decisions go out, and
// the state it keeps in memory can be rebuilt from what the store
// persists (a Signature per article for copies, the (Doc, story) pairs for
// stories). It reads no store and no network.
//
// Both Copies and Stories are incremental: each Add decides for one new
// article at a cost bounded by the size of its candidate set (found by
// locality-sensitive hashing for copies and by an inverted index over
// rare terms and entities within a time window for stories), never by a
// scan of everything seen. Neither is safe for concurrent use: one
// follower of the store feeds them in the order it stores articles.
package connect

import "time"

// Doc is an article as connect sees it.
type Doc struct {
	// ID is the store's article id; unique.
	ID int64
	// Title is the headline. Copies ignore it (a republished dispatch
	// often gets a headline of its own); stories weigh its words twice.
	Title string
	// Text is the body as running text (newsdesk.Article.Text()).
	Text string
	// Lang is the language code ("de", "en"); it selects the stemmer.
	Lang string
	// Site is the outlet (host or name). Two articles of one site can
	// still be copies (a re-post under another URL).
	Site string
	// Published is when the article says it was published; zero means
	// unknown, and Stored stands in for it.
	Published time.Time
	// Stored is when the store received the article; it breaks ties of
	// Published when choosing a copy group's original.
	Stored time.Time
	// Entities are the ids of the entities the article mentions
	// (newsdesk.Entity.ID), once each or repeated by mention: they
	// bridge languages for stories.
	Entities []string
	// Figures are the quantities the article states
	// (newsdesk.Figure.Value); stories match them across languages.
	Figures []float64
}

// when returns the time an article counts as published.
func (d *Doc) when() time.Time {
	if d.Published.IsZero() {
		return d.Stored
	}
	return d.Published
}
