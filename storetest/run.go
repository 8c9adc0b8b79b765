package storetest

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"newsdesk"
)

// Opener returns a new, empty store for test t, and closes it when t
// ends.
type Opener func(t *testing.T) Store

// Run runs the contract suite against the stores open makes, each case
// in a parallel subtest with a store of its own.
func Run(t *testing.T, open Opener) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"SaveArticle", testSaveArticle},
		{"SaveArticleRoundTrip", testSaveArticleRoundTrip},
		{"CanonicalPageURL", testCanonicalPageURL},
		{"ArticleExtra", testArticleExtra},
		{"SaveArticleConcurrent", testSaveArticleConcurrent},
		{"ContentHash", testContentHash},
		{"Reextract", testReextract},
		{"Articles", testArticles},
		{"SeenURL", testSeenURL},
		{"Pages", testPages},
		{"PagesStopsAndWrites", testPagesStopsAndWrites},
		{"SavePage", testSavePage},
		{"Sources", testSources},
		{"FetchLog", testFetchLog},
		{"ChangeLog", testChangeLog},
		{"ChangeLogPaging", testChangeLogPaging},
		{"SitesOrderIndependent", testSitesOrderIndependent},
		{"SitesForgetExclude", testSitesForgetExclude},
		{"OutletNames", testOutletNames},
		{"OutletFollowsWrites", testOutletFollowsWrites},
		{"OutletGivenByImport", testOutletGivenByImport},
		{"OutletLookup", testOutletLookup},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// body returns article text of about 600 bytes, different for each seed.
func body(seed string) string {
	var b strings.Builder
	for i := range 6 {
		fmt.Fprintf(&b, "Paragraph %d of the story about %s, with enough words to be an article body of its own. ", i, seed)
	}
	return b.String()
}

// article returns an article at url with the given canonical URL and a
// body of one paragraph per line of text.
func article(url, canonical, text string) *newsdesk.Article {
	a := &newsdesk.Article{
		URL:          url,
		CanonicalURL: canonical,
		Title:        "Title of " + url,
		Language:     "en",
	}
	for _, line := range strings.Split(text, "\n") {
		if line != "" {
			a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: line})
		}
	}
	return a
}

// page returns a page at url whose body holds text.
func page(url, text string) *newsdesk.Page {
	return &newsdesk.Page{
		URL:         url,
		ContentType: "text/html; charset=utf-8",
		Fetched:     time.Now(),
		Body:        []byte("<!doctype html><html><body><article><p>" + text + "</p></article></body></html>"),
	}
}
