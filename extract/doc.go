// Package extract reads the article out of a news web page: the body as
// structured blocks, without the site's chrome, and the metadata around it
// (title, teaser, authors, dates, site, language, image, section, tags).
//
// Extract is safe for concurrent use; it keeps no state between calls.
package extract
