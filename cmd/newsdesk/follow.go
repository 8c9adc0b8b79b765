package main

import (
	"context"
	"fmt"

	"newsdesk"
	"newsdesk/analyze"
	"newsdesk/follow"
	"newsdesk/search"
)

// syncIndex brings the index up to date with the store before a command
// answers from it: every change the index has not applied yet is
// applied. With notice, a line on stderr says how many articles that
// is, if any. An index that cannot be written (a read-only store) is
// left as it is, and stderr says how far behind it is. It returns how
// many changes were applied.
func (m *Main) syncIndex(ctx context.Context, cmd string, st newsdesk.ChangeLog, ix *search.Index, notice bool) (int64, error) {
	lag, err := follow.Lag(ctx, st, ix)
	if err != nil || lag == 0 {
		return 0, err
	}
	if ix.ReadOnly() {
		fmt.Fprintf(m.Stderr, "newsdesk: %s: the search index is %d %s behind the store and cannot be updated (read-only); answering from the index as it is\n", cmd, lag, plural(lag, "article", "articles"))
		return 0, nil
	}
	if notice {
		fmt.Fprintf(m.Stderr, "newsdesk: %s: indexing %d stored %s the search index lacks\n", cmd, lag, plural(lag, "article", "articles"))
	}
	n, _, err := m.catchUp(ctx, cmd, indexFollower, st, ix)
	return n, err
}

// followerKind says how a follower of the store is named in messages
// and how it catches up.
type followerKind struct {
	name  string // "index": the prefix of its errors
	verb  string // "index": what it could not do to an article
	batch int    // follow.Options.BatchSize
	bar   int64  // the lag from which a progress bar is drawn
}

var (
	indexFollower    = followerKind{name: "index", verb: "index", bar: 1000}
	analysisFollower = followerKind{name: "analysis", verb: "analyse", batch: analyze.BatchSize, bar: 200}
)

// catchUp applies to follower f every change of the store it has not
// applied, with a progress bar on stderr when it is a terminal (never on
// stdout, which may carry JSON). An article f cannot take is reported
// on stderr, counted in failed, and left out; the error is the
// context's, the store's, or the follower's as a whole.
func (m *Main) catchUp(ctx context.Context, cmd string, k followerKind, st newsdesk.ChangeLog, f newsdesk.Follower) (n int64, failed int, err error) {
	var prog *progress
	if m.StderrTerminal {
		lag, err := follow.Lag(ctx, st, f)
		if err != nil {
			return 0, 0, err
		}
		if lag >= k.bar {
			prog = newProgress(m.Stderr, int(lag))
		}
	}
	var shown int64
	n, err = follow.CatchUp(ctx, st, f, follow.Options{
		BatchSize: k.batch,
		Progress: func(done, total int64) {
			if prog != nil {
				prog.total = int(total)
				prog.add(int(done - shown))
				shown = done
				prog.draw()
			}
		},
		Failed: func(c newsdesk.Change, err error) {
			prog.clear()
			fmt.Fprintf(m.Stderr, "newsdesk: %s: cannot %s article %d: %v\n", cmd, k.verb, c.ID, err)
			failed++
		},
	})
	prog.clear()
	if err != nil {
		return n, failed, fmt.Errorf("%s: %w", k.name, err)
	}
	return n, failed, nil
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
