// Package e2e holds the end-to-end tests of newsdesk, kept in a module of
// their own so that the main module does not depend on chromedp.
//
// TestIntegrationBrowser builds the newsdesk binary, ingests the pages in
// testdata/pages (two made-up outlets, German and English, one page
// hostile) from WARC files, starts "newsdesk serve" on a loopback port
// and drives the web interface in headless Chromium (/usr/bin/chromium,
// Debian's package chromium): search, snippets, timeline, the source and
// language filters, the reader, a quotation marked with its speaker, the
// actor page and the quote search, the sources page, and that no script
// of a page runs and nothing is written to the browser's console. It is
// skipped with -short, and when Chromium is not installed unless
// E2E_REQUIRE_BROWSER is set (as .ci/run does). Screenshots go to the
// directory E2E_SCREENSHOTS names, or to a temporary one.
//
// TestIntegrationBrowserAlerts saves a search as an alert with "Save as
// alert", ingests more articles into the running server's data
// directory, and sees the alert follower's matches in the alert's inbox,
// unread until marked read.
//
// Package corpus makes the WARC files, and cmd/mkcorpus writes the
// synthetic corpus that scripts/loadtest serves.
package e2e
