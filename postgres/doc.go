// Package postgres is the newsdesk store on PostgreSQL, for newsdesk on
// several machines: one database that every process reads and writes,
// through the pgx driver. It keeps what the embedded store (package
// sqlite) keeps — sources and their fetch state, the fetch log, every raw
// page, compressed with S2, and the articles read from them — with the
// same rules, so that the contract suite (package storetest) holds for
// both. Open takes a postgres:// or postgresql:// URL or a key=value
// connection string; the schema is brought up to date by an ordered list
// of migrations.
//
// It implements all of newsdesk.Store — sources, the fetch log, pages,
// articles, the change log, outlets, site templates, the analyses
// (entities, mentions, quotations, sources, figures), the connections
// (copy groups and stories) and the alerts with their deliveries — and
// a full-text index in the same database (Index, from Store.Index),
// which finds what the embedded index (package search) finds for the
// same query. Settings the embedded store keeps as files of its data
// directory (the API token) are a table, so no data directory is needed.
//
// Every process of a deployment may write. The writers that must be
// one at a time — each follower saving a batch with its position, hand
// edits of entities and stories, the senders of deliveries — serialise
// on a row or advisory lock, and Lease lets one process at a time run a
// follower at all. A call that cannot reach the server (down,
// restarting, the network gone) fails with an error wrapping
// newsdesk.ErrUnavailable, so that a caller may wait and try again.
//
// # Deduplication
//
// SaveArticle stores the page and the article in one transaction, and
// an incoming article is the same as a stored one by the embedded
// store's rules: its canonical URL (unless a site's home page) or its
// own URL, normalised with urlnorm.Normalize, is a URL the stored
// article is known by; or else its content hash (SHA-256 of the body
// text, white space collapsed, at least MinHashText bytes) equals that
// of a stored article of the same outlet (registrable domain). The same
// text on another outlet is a new article. The outcome is Duplicate when
// the text is unchanged (only the URL is recorded as an alias), Revised
// when it changed (the new page is stored and the article rewritten from
// it), else Created.
//
// Many processes store at once, so the check and the insert must not
// interleave: each write of an article first takes transaction-scoped
// advisory locks on its keys — its normalised URLs, and its content hash
// on its outlet — in one global order, so that two writes of the same
// article run one after the other and the second sees the first, while
// writes of different articles do not wait for each other.
//
// # Change log order
//
// Followers (the search index and every table derived from articles)
// read the change log by seq and remember the last seq they applied, so
// seq must grow in commit order: a change that becomes visible must have
// a higher seq than every change visible before it. A PostgreSQL
// sequence does not give that by itself — a transaction may take seq 5,
// another seq 6 and commit first, and a follower that read 6 would never
// go back for 5.
//
// The store makes the order hold by writing the change log last in
// every transaction, under one transaction-scoped advisory lock: a
// transaction takes the lock, takes its seqs, and holds the lock until
// it has committed (or rolled back) and is visible to every new
// snapshot. The next writer can take a seq only then, so seqs are
// taken and become visible in one order, and every snapshot sees a
// prefix of the log (rolled-back seqs are gaps no one waits for).
// Changes reads in one repeatable-read snapshot.
//
// The other way — seqs taken freely, and readers held below the oldest
// transaction still in flight, found from pg_current_snapshot() and the
// xid8 each change records — was not chosen: a transaction's xid says
// nothing of the seqs it will take later, so the reader must stop at the
// oldest in-flight transaction's xid for every row, which needs a
// position made of (xid, seq) rather than the one int64 that
// newsdesk.Follower keeps, and a long transaction anywhere in the
// database (a backup, a migration) would stall every follower for its
// whole length. The lock costs little: it is held only for one small
// insert and the commit, after all the work of the transaction, so
// writers run in parallel until their last statement. Its price is that
// commits of article writes are serial, one WAL flush each; batches of
// many articles per transaction amortise it.
//
// Each outlet's article count is one row that every write of one of its
// articles updates, so writes of one outlet wait for each other from
// that update to their commit; writes of different outlets do not.
//
// # Text and times
//
// PostgreSQL's text holds valid UTF-8 without NUL characters only:
// a byte sequence that is no UTF-8, and NUL, are stored as U+FFFD.
// Instants are timestamptz, kept to the microsecond and read back in
// UTC; an article's published and modified times are also kept as
// written, to the nanosecond with their original offset, and come back
// with it.
package postgres
