// Package sqlite is the embedded default newsdesk.Store: one SQLite file,
// newsdesk.db, in a directory of the user's choosing, read and written
// through the pure-Go driver modernc.org/sqlite (no cgo).
//
// The file holds the sources and their fetch state, the fetch log, every
// raw page (compressed with S2, or kept as the gzip-compressed WARC record
// it was read from, so that articles can be extracted again when the
// extractor improves) and the articles read from them.
//
// # Concurrency
//
// The database runs in WAL mode. All writes go through a single
// connection and begin with BEGIN IMMEDIATE, so concurrent writers in this
// process queue in Go instead of failing with SQLITE_BUSY, and writers in
// other processes wait up to the busy timeout. Reads use a separate pool
// of read-only connections and never block on the writer.
//
// # Deduplication
//
// SaveArticle stores the page and the article in one transaction. An
// incoming article is the same as a stored one when
//
//  1. its canonical URL or its own URL, normalised with urlnorm.Normalize,
//     is a URL the stored article is known by (its URL, its canonical URL,
//     or an alias recorded when a duplicate was seen under another URL);
//     a canonical URL pointing at a site's home page is ignored, since
//     careless sites declare it for every article; or else
//  2. its content hash equals that of a stored article of the same
//     outlet (the registrable domain of the URL, "spiegel.de"): the
//     SHA-256, in hex, of the body text with runs of white space
//     collapsed. Bodies shorter than MinHashText bytes are not matched by
//     hash, so that paywall teasers and empty extractions do not merge
//     unrelated articles. The same text published by another outlet is
//     an article of its own — a copy, which the connect follower marks
//     as one — so that who published it is not lost.
//
// If the same article has the same hash, the outcome is
// newsdesk.Duplicate: nothing is stored but the incoming URL, as an alias,
// so SeenURL knows it. The stored article's own page yields the same text,
// so no raw page needed for reprocessing is lost. If the text changed, the
// new page is stored, the article is rewritten from the new extraction
// and points at the new page, its revision count goes up, and the
// outcome is newsdesk.Revised; the older page stays for the record.
// Otherwise page and article are inserted and the outcome is
// newsdesk.Created.
//
// # Times
//
// Instants are stored as fixed-width RFC 3339 text in UTC, which sorts
// as it reads; they come back in UTC. An article's published and modified
// times are also kept as written, with their original offset, and come
// back with it.
package sqlite
