// Package search is the full-text index of newsdesk: a newsdesk.Index
// kept in its own SQLite file, search.db, beside the store, and searched
// with SQLite's FTS5 through the pure-Go driver modernc.org/sqlite.
//
// # Analysis
//
// FTS5 does not stem German, so the index never sees raw text: package
// analysis splits title, teaser, body and authors into words, folds case
// and diacritics (ß is ss) and reduces German and English words to their
// Snowball stems, choosing by the article's language (declared, or
// guessed from the text by package lang); words of other languages are
// folded but not stemmed. The stems go into a contentless FTS5 table
// (tokenize 'ascii' only splits them again at the spaces); the original
// teaser and body are kept, deflated, for snippets.
//
// Each analysis (German, English, neutral for the other languages) has
// its own FTS5 table, and a query word is looked up in each table with
// that table's analysis, so "Verträge" finds German articles with
// "Vertrag" and "treaties" English ones with "treaty"; a language filter
// (lang:de or Query.Language) searches that language's table only. The
// pages of the tables are merged by score or date. The rows of the
// tables are numbered by publication time, so that date ranges and the
// date sort are rowid ranges and rowid order for FTS5.
//
// # Query syntax
//
//	Vertrag Paris          both words (AND may be written)
//	"Vertrag unterzeichnet" the words in this order, stemmed
//	Vertrag OR treaty      either
//	NOT Paris, -Paris      without
//	(a OR b) c             grouping
//	title:word             in the title only
//	author:müller          author:"Anna Müller"
//	source:12              source ID, or words of the site name
//	lang:de                language
//	story:42               the articles of a story
//	outlet:spiegel.de      the articles of an outlet, by domain (or host,
//	                       or URL) or by name: outlet:"Der Spiegel", in
//	                       any case, under any name the index knew it by
//
// OR, AND and NOT are operators only in capitals. Every input parses;
// stray quotes, brackets and operators are read leniently.
//
// # Results
//
// Hits are ranked by BM25 (title weighs 6, teaser 3, authors 2, body 1)
// or, with Sort "date" or no query text, newest first. Each hit has a
// snippet of about 32 words around the densest cluster of matched words,
// marked with \x02 and \x03. Facets count the hits by source ID,
// outlet (by domain, with Result.Outlets naming each), language and day
// (UTC), and the most frequent entities, agencies and stories. A hit
// carries its outlet with the name the index knows last: each article
// indexed updates its outlet's name. With Query.Collapse, the hits of one copy group (an original
// and its copies) show once, as the best ranked of them, with the
// others listed in the hit. Cursors are keyset positions (score or
// publication time, then a number per article), so paging is stable
// while articles are added.
//
// # Maintenance
//
// Add replaces an article indexed under the same ID; AddMany does many in
// one transaction, Reset empties the index for a rebuild and Optimize
// merges the FTS5 segments afterwards. When a new version of the package
// changes the analysis, Open empties the old index and Stale says so.
package search
