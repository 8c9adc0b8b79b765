package newsdesk

import (
	"context"
	"strings"
)

// Outlet is the site an article was published on: its registrable
// domain ("fr.de" for https://www.fr.de/…) and the name the site gives
// itself ("Frankfurter Rundschau", from its pages' og:site_name or
// JSON-LD publisher), or what an import said. Every stored article with
// an http(s) URL has one; feed sources (Source) are another thing: one
// outlet may have many feeds, and one feed may carry many outlets.
type Outlet struct {
	ID int64 `json:"id"`
	// Name is the name most of the outlet's articles give their site
	// (ties go to the name that sorts first), or the one an import gave;
	// the domain until one is known.
	Name string `json:"name"`
	// Domain is the registrable domain, lower case; "" for an outlet
	// known by name only (an article without an http(s) URL whose page
	// gave a site name).
	Domain string `json:"domain"`
}

// Key returns what the outlet is filed under in a search's outlet facet
// and what outlet: in the search syntax takes: its domain, or its name
// when it has no domain.
func (o Outlet) Key() string {
	if o.Domain != "" {
		return o.Domain
	}
	return o.Name
}

// OutletCount is an outlet with the number of its stored articles.
type OutletCount struct {
	Outlet
	Articles int64 `json:"articles"`
}

// OutletFilter selects outlets.
type OutletFilter struct {
	// Q, if set, keeps the outlets whose name or domain contains it, in
	// any case.
	Q string
	// Keys, if set, keeps the outlets of these keys (see Outlet.Key).
	Keys []string
	// Limit is the page size; 0 means all.
	Limit int
	// Cursor is from a previous OutletList.NextCursor.
	Cursor string
}

// OutletList is one page of outlets, the outlet with most articles
// first (ties by ID).
type OutletList struct {
	Outlets    []OutletCount `json:"outlets"`
	NextCursor string        `json:"next_cursor,omitempty"`
}

// OutletStore keeps the outlets of the stored articles. The store
// assigns an article's outlet as it saves it (SaveArticle, Reextract):
// from Article.Outlet when the caller gives one (an import), else from
// the registrable domain of the article's URL, or its canonical URL;
// and it keeps each outlet's name and count of articles up to date with
// every write.
type OutletStore interface {
	// Outlets lists the outlets f selects with their article counts.
	// It returns an error wrapping ErrBadCursor for a cursor it did not
	// make.
	Outlets(ctx context.Context, f OutletFilter) (*OutletList, error)
	// Outlet returns the outlet with this ID (in decimal), domain or
	// name (in any case), with its article count, or an error wrapping
	// ErrNotFound.
	Outlet(ctx context.Context, key string) (*OutletCount, error)
}

// OutletName returns a site name as an outlet is named by it: runs of
// white space collapsed to one space, the ends trimmed. Other control
// characters are kept, as in every text of an article: each output
// shows or escapes them.
func OutletName(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
