package newsdesk

import (
	"context"
	"time"
)

// Query is a full-text search over stored articles.
type Query struct {
	// Text is the query in the search syntax: words (all must match),
	// "quoted phrases", OR, NOT or a leading -, and field filters such as
	// author:name, source:id, lang:de.
	Text     string
	SourceID int64
	Language string
	Author   string
	// Entity, if set, keeps the articles that mention the entity with
	// this id (see Entity.ID).
	Entity string
	// Speaker, if set, keeps the articles that quote the entity with
	// this id.
	Speaker string
	// Agency, if set, keeps the articles credited to the agency of this
	// short name ("dpa"), in any case.
	Agency string
	// Outlet, if set, keeps the articles of the outlet of this domain
	// or name, in any case (see Outlet.Key); outlet:X in Text does the
	// same.
	Outlet   string
	From, To time.Time // published within [From, To)
	// Story, if not 0, keeps the articles of the story with this id
	// (see StoredArticle.Story); story:ID in Text does the same.
	Story int64
	// Sort is "relevance" (default when Text is set) or "date" (newest
	// first).
	Sort   string
	Limit  int    // default 20
	Cursor string // opaque, from a previous Result.NextCursor
	// Facets asks for counts by source, outlet, language, day,
	// entity, agency and story.
	Facets bool
	// Collapse shows the matching articles of one copy group (the
	// articles with the same CopyOf, and their original) as one hit:
	// the best ranked of them (by the sort order), with Hit.Copies and
	// Hit.CopyList telling the others. Total still counts articles;
	// pages and cursors count hits, so that every group shows once
	// across the pages.
	Collapse bool
	// Stories, if above 0, asks for up to this many of the stories the
	// hits belong to (all hits, not the page) in Result.Stories, the
	// story of the best ranked hit first.
	Stories int
}

// Hit is one article found by a search.
type Hit struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Title    string `json:"title"`
	SourceID int64  `json:"source"`
	SiteName string `json:"site_name"`
	// Outlet is the site the article was published on, nil when it
	// has none; its name is the one the index knows last.
	Outlet    *Outlet   `json:"outlet,omitempty"`
	Language  string    `json:"language"`
	Published time.Time `json:"published"`
	Authors   []string  `json:"authors"`
	// Snippet is a short extract of the text around the matches, with
	// matched words between \x02 and \x03 so that each renderer can
	// highlight them its own way.
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
	// CopyOf is the id of the original whose copy the article is, null
	// when it is none; Story the id of its story, null until it has
	// one (see StoredArticle).
	CopyOf NullID `json:"copy_of"`
	Story  NullID `json:"story"`
	// Copies counts the other matching articles of the hit's copy group
	// that a collapsed search (Query.Collapse) shows in this hit;
	// CopyList lists them, earliest published first. 0 and empty
	// otherwise.
	Copies   int       `json:"copies"`
	CopyList []HitCopy `json:"copy_list,omitempty"`
}

// HitCopy is an article of a hit's copy group that a collapsed search
// folded into the hit.
type HitCopy struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	SiteName  string    `json:"site_name"`
	Outlet    *Outlet   `json:"outlet,omitempty"`
	Published time.Time `json:"published"`
	CopyOf    NullID    `json:"copy_of"`
}

// StoryHits is a story that hits of a search belong to, with how many.
type StoryHits struct {
	Story int64 `json:"story"`
	Hits  int   `json:"hits"`
}

// Result is one page of search hits.
type Result struct {
	Total  int              `json:"total"`
	Hits   []Hit            `json:"articles"`
	Facets map[string]Facet `json:"facets,omitempty"` // "source", "outlet" (by Outlet.Key), "language", "day", "entity" (the most mentioned), "agency", "story" (the stories with most hits)
	// Outlets are the outlets the outlet facet counts, by their key,
	// so that a renderer can show their names.
	Outlets    map[string]Outlet `json:"outlets,omitempty"`
	NextCursor string            `json:"next_cursor,omitempty"`
	// Stories are the stories of the hits when Query.Stories asks for
	// them.
	Stories []StoryHits `json:"stories,omitempty"`
}

// Facet counts hits by value.
type Facet map[string]int

// Index keeps a full-text index consistent with the Store: it follows
// the store's change log (see Follower).
type Index interface {
	Follower
	// Add indexes (or re-indexes) an article.
	Add(ctx context.Context, a *StoredArticle) error
	Remove(ctx context.Context, id int64) error
	Search(ctx context.Context, q Query) (*Result, error)
	Count(ctx context.Context) (int64, error)
	Close() error
}
