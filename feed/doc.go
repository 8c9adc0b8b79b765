// Package feed reads the listings news sources publish: RSS 0.9x, 1.0
// (RDF) and 2.0, Atom 0.3 and 1.0 and JSON Feed 1.0 and 1.1 feeds, XML
// sitemaps (including Google News sitemaps and sitemap indexes), the feed
// links an HTML page announces, and the Sitemap lines of a robots.txt.
//
// Parse turns any supported feed into a Feed of Items with absolute URLs,
// plain-text titles and summaries, HTML bodies and parsed dates. It is
// forgiving in the way real feeds require: wrong or missing charset
// declarations, byte order marks, HTML entities in XML, junk before the
// XML declaration, unclosed elements and documents that break off are all
// read as far as they make sense. Input that is not a feed at all (an HTML
// page, a sitemap, binary data) is refused with an error wrapping
// ErrNotFeed.
//
// ParseSitemap reads a sitemap index or a URL set, plain or gzip
// compressed, and stops cleanly at the protocol's limits of 50,000 entries
// and 50 MB. Discover and RobotsSitemaps find feeds and sitemaps to read,
// and Sniff tells what kind of document a fetched URL returned.
//
// Every function is safe for concurrent use; none keeps state between
// calls or touches the network.
package feed
