// Package storetest is the contract suite of newsdesk's stores: every
// behaviour a store promises, tested once, and run against each store —
// the embedded SQLite store in package sqlite's tests, the PostgreSQL
// store in package postgres's:
//
//	func TestContract(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) storetest.Store { … a new, empty store … })
//	}
//
// It covers the core of newsdesk.Store: sources, the fetch log, pages,
// articles with their deduplication and revisions, the change log, and
// the outlets articles are filed under (newsdesk.OutletStore), and the
// templates learnt of each site's pages (newsdesk.SiteStore).
// Times are compared to the microsecond, which both stores keep (the
// publication and modification times of an article to the nanosecond,
// with their offset).
package storetest

import (
	"context"
	"time"

	"newsdesk"
)

// Store is the part of newsdesk.Store the suite checks, with Page, which
// both stores have.
type Store interface {
	AddSource(ctx context.Context, s *newsdesk.Source) error
	UpdateSource(ctx context.Context, s *newsdesk.Source) error
	RemoveSource(ctx context.Context, id int64) error
	Source(ctx context.Context, id int64) (*newsdesk.Source, error)
	Sources(ctx context.Context) ([]newsdesk.Source, error)

	LogFetch(ctx context.Context, f newsdesk.Fetch) error
	SeenURL(ctx context.Context, url string) (bool, error)

	SaveArticle(ctx context.Context, p *newsdesk.Page, a *newsdesk.Article) (id int64, out newsdesk.SaveOutcome, err error)
	SavePage(ctx context.Context, p *newsdesk.Page) error
	Reextract(ctx context.Context, pageID int64, a *newsdesk.Article) error

	Article(ctx context.Context, id int64) (*newsdesk.StoredArticle, error)
	Articles(ctx context.Context, f newsdesk.ArticleFilter) ([]newsdesk.StoredArticle, error)
	Page(ctx context.Context, id int64) (*newsdesk.Page, error)
	Pages(ctx context.Context, fn func(*newsdesk.Page) error) error
	Count(ctx context.Context) (articles, pages, sources int64, err error)

	newsdesk.ChangeLog
	newsdesk.OutletStore
	newsdesk.SiteStore
}

// EmptyPageRetry is how long both stores count a page without article
// as seen after it was fetched.
const EmptyPageRetry = 24 * time.Hour

// sameTime reports whether a and b are the same instant to the
// microsecond.
func sameTime(a, b time.Time) bool {
	return a.Truncate(time.Microsecond).Equal(b.Truncate(time.Microsecond))
}
