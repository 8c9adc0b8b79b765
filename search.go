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
	Agency   string
	From, To time.Time // published within [From, To)
	// Sort is "relevance" (default when Text is set) or "date" (newest
	// first).
	Sort   string
	Limit  int    // default 20
	Cursor string // opaque, from a previous Result.NextCursor
	// Facets asks for counts by source, language, day, entity and
	// agency.
	Facets bool
}

// Hit is one article found by a search.
type Hit struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"`
	Title     string    `json:"title"`
	SourceID  int64     `json:"source"`
	SiteName  string    `json:"site_name"`
	Language  string    `json:"language"`
	Published time.Time `json:"published"`
	Authors   []string  `json:"authors"`
	// Snippet is a short extract of the text around the matches, with
	// matched words between \x02 and \x03 so that each renderer can
	// highlight them its own way.
	Snippet string  `json:"snippet"`
	Score   float64 `json:"score"`
}

// Result is one page of search hits.
type Result struct {
	Total      int              `json:"total"`
	Hits       []Hit            `json:"articles"`
	Facets     map[string]Facet `json:"facets,omitempty"` // "source", "language", "day", "entity" (the most mentioned)
	NextCursor string           `json:"next_cursor,omitempty"`
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
