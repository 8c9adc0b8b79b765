package newsdesk

import "context"

// Change is one entry of the store's change log: the article with ID was
// written (stored, revised, re-extracted or changed otherwise) by the
// write numbered Seq. Each article appears once in the log, at its latest
// write; Article is nil when the article no longer exists.
type Change struct {
	Seq     int64
	ID      int64
	Article *StoredArticle
}

// ChangeLog is the store's durable record of article writes, which
// derived tables (the search index, and every table computed from
// articles) follow. Sequence numbers grow with commit order: a change
// that becomes visible has a higher Seq than every change visible before
// it, so a follower that has applied every change up to Seq s has
// applied every article write that committed before s did.
type ChangeLog interface {
	// Changes returns at most limit changes with Seq greater than after,
	// in Seq order, each with the article as it is now. A change read
	// from one call is consistent: the articles are those of one
	// snapshot of the store.
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
	// Pending returns how many changes have a Seq greater than after,
	// and the highest Seq of the log (0 when it is empty).
	Pending(ctx context.Context, after int64) (n, last int64, err error)
}

// Follower is a table derived from the stored articles that follows the
// change log with a durable position of its own.
type Follower interface {
	// Position returns the Seq of the last change applied; 0 for none.
	Position(ctx context.Context) (int64, error)
	// Apply applies changes, the changes that follow Seq after as
	// ChangeLog.Changes returned them, and records the Seq of the last
	// one as the follower's position, all in one transaction: after a
	// crash the follower holds either all of them or none. Changes at or
	// below the current position are left out, so that two processes
	// catching up at once do not move it back; if the position is below
	// after (the follower was reset meanwhile), nothing is applied, so
	// that it does not skip what lies between.
	Apply(ctx context.Context, after int64, changes []Change) error
}
