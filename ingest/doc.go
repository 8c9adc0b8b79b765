// Package ingest gathers news articles from sources into a newsdesk.Store.
//
// One pass (Ingester.Run) reads top to bottom as a pipeline of four stages
// joined by channels, each with its own bounded pool of workers:
//
//	discover → fetch → extract → store
//
// Discover lists the pages of each source: the items of a feed, the URLs
// of a sitemap (following the child sitemaps of an index, up to a cap), a
// single page, the lines of a URL list file, the HTML files of a local
// directory, or the HTML response records of a WARC archive, read as a
// stream. Pages whose URL the store has seen already are not fetched
// again, since feeds list the same items at every poll. Fetch downloads
// each page politely (see package fetch) and logs the outcome with
// Store.LogFetch; extract reads the article out of it; store saves the
// page and its article in one transaction (Store.SaveArticle), which
// tells whether the article is new, updated or a duplicate.
//
// A page that fails at any stage is counted and reported with its reason,
// and the others go on: one bad page never fails the batch. A source that
// cannot be read at all (its feed is gone, its file is missing) is
// reported the same way, and its state — ETag, Last-Modified, status,
// error and the time of the next fetch — is saved with Store.UpdateSource.
//
// When the context given to Run ends, discovery stops and no new page is
// fetched; the pages in flight are finished (within Config.Grace) and
// stored, and Run returns. Crash safety comes from the store: each page
// is saved in a single transaction, and a page not stored is not seen, so
// the next pass fetches it again. After a crash at any moment, a restart
// fetches what was not stored and stores nothing twice.
//
// Watch runs passes continuously, each source on its own schedule: the
// interval between two polls shrinks while a source publishes new
// articles and grows while it does not, between Config.MinInterval and
// Config.MaxInterval, with some jitter so that sources spread out.
//
// Detect decides what kind of source a URL or path is, and finds the
// feeds (or sitemaps) of a site's home page.
package ingest
