// Package follow keeps the tables derived from the stored articles — the
// search index, and every table computed from articles — up to date with
// the store. Each such table is a newsdesk.Follower with a durable
// position in the store's change log; CatchUp applies what lies beyond
// it, and Runner does so continuously for a long-running process.
//
// Because a follower records its position in the same transaction as
// what it derived, a crash at any moment leaves it at a consistent
// position, and the next catch-up resumes from there: nothing stored is
// ever left out, whichever process stored it and whichever crashed.
package follow

import (
	"context"
	"fmt"
	"sync"
	"time"

	"newsdesk"
)

// Batch is how many changes CatchUp reads and applies at a time.
const Batch = 256

// Options tune a catch-up. The zero value is ready to use.
type Options struct {
	// Progress, if set, is called after each batch with the changes
	// applied so far and the changes pending when the catch-up began
	// (more may arrive meanwhile).
	Progress func(done, total int64)
	// Applied, if set, is told the size of each batch applied.
	Applied func(n int)
	// BatchSize is how many changes are read and applied at a time; 0
	// means Batch. A follower whose changes take much memory to apply
	// (the analysis) takes smaller batches.
	BatchSize int
	// Failed, if set, is told of a change the follower could not apply
	// even alone. Such a change is applied as if its article were gone,
	// so that one bad article never holds the follower back; the error
	// is the follower's.
	Failed func(c newsdesk.Change, err error)
}

// CatchUp applies to f every change of the log after f's position, in
// batches, until none is left, and returns how many it applied. The
// error is ctx's, the log's, or the follower's when it cannot apply even
// the removal of an article (a full disk, a read-only file).
func CatchUp(ctx context.Context, log newsdesk.ChangeLog, f newsdesk.Follower, opt Options) (int64, error) {
	pos, err := f.Position(ctx)
	if err != nil {
		return 0, err
	}
	total, _, err := log.Pending(ctx, pos)
	if err != nil {
		return 0, err
	}
	var done int64
	for {
		if err := ctx.Err(); err != nil {
			return done, err
		}
		size := opt.BatchSize
		if size <= 0 {
			size = Batch
		}
		cs, err := log.Changes(ctx, pos, size)
		if err != nil {
			return done, err
		}
		if len(cs) == 0 {
			return done, nil
		}
		if err := apply(ctx, f, pos, cs, opt.Failed); err != nil {
			return done, err
		}
		done += int64(len(cs))
		if opt.Applied != nil {
			opt.Applied(len(cs))
		}
		if opt.Progress != nil {
			opt.Progress(done, max(total, done))
		}
		// Another process may have moved the follower further.
		if pos, err = f.Position(ctx); err != nil {
			return done, err
		}
	}
}

// apply applies cs, the changes after seq after, to f in one go or, if
// that fails, one change at a time, so that only the changes that fail
// alone are given up.
func apply(ctx context.Context, f newsdesk.Follower, after int64, cs []newsdesk.Change, failed func(newsdesk.Change, error)) error {
	err := f.Apply(ctx, after, cs)
	if err == nil || len(cs) == 1 && cs[0].Article == nil || newsdesk.StorageFailed(err) {
		return err
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	for _, c := range cs {
		prev := after
		after = c.Seq
		err := f.Apply(ctx, prev, []newsdesk.Change{c})
		if err == nil {
			continue
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if c.Article == nil || newsdesk.StorageFailed(err) {
			return err
		}
		// Give the article up, keeping nothing of an older version.
		if rerr := f.Apply(ctx, prev, []newsdesk.Change{{Seq: c.Seq, ID: c.ID}}); rerr != nil {
			return fmt.Errorf("article %d cannot be indexed (%v), nor taken out of the index: %w", c.ID, err, rerr)
		}
		if failed != nil {
			failed(c, err)
		}
	}
	return nil
}

// Lag returns how many changes of the log f has not applied yet.
func Lag(ctx context.Context, log newsdesk.ChangeLog, f newsdesk.Follower) (int64, error) {
	pos, err := f.Position(ctx)
	if err != nil {
		return 0, err
	}
	n, _, err := log.Pending(ctx, pos)
	return n, err
}

// Runner follows the log continuously: it catches up at once, then
// whenever Wake is called (by a writer in the same process) and at least
// every Interval (for writers in other processes).
type Runner struct {
	Log      newsdesk.ChangeLog
	Follower newsdesk.Follower
	// Interval is how often the log is looked at without a Wake; 0 means
	// half a second.
	Interval time.Duration
	// Options are passed to every catch-up.
	Options Options
	// Error, if set, is told of a catch-up that failed; the Runner tries
	// again after Interval, doubled for each failure in a row up to half
	// a minute.
	Error func(error)
	// Lease, when set, makes the Runner follow only while it holds the
	// lease called LeaseName, so that one process at a time does,
	// wherever it runs; the others wait, and take over when the holder
	// ends or loses it.
	Lease     newsdesk.Leaser
	LeaseName string

	once sync.Once
	wake chan struct{}
}

func (r *Runner) init() { r.once.Do(func() { r.wake = make(chan struct{}, 1) }) }

// Wake asks the Runner to catch up now. It never blocks.
func (r *Runner) Wake() {
	r.init()
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// leaseRetry is how often a Runner asks again for a lease another
// process holds.
const leaseRetry = 5 * time.Second

// Run follows the log until ctx is done, then returns ctx's error.
func (r *Runner) Run(ctx context.Context) error {
	r.init()
	every := r.Interval
	if every <= 0 {
		every = 500 * time.Millisecond
	}
	fails := 0
	var held newsdesk.Lease
	var retryLease time.Time
	defer func() {
		if held != nil {
			held.Release()
		}
	}()
	for {
		wait := every
		var err error
		if r.Lease != nil {
			if held != nil && !held.Held(ctx) {
				held.Release()
				held = nil
			}
			// While another process holds it, it is asked for again
			// only now and then, not on every wake.
			if held == nil && !time.Now().Before(retryLease) {
				if held, err = r.Lease.Lease(ctx, r.LeaseName); held == nil && err == nil {
					retryLease = time.Now().Add(max(every, leaseRetry))
				}
			}
		}
		if err == nil && (r.Lease == nil || held != nil) {
			_, err = CatchUp(ctx, r.Log, r.Follower, r.Options)
		}
		if err != nil && ctx.Err() == nil {
			if r.Error != nil {
				r.Error(err)
			}
			// A failing follower (a full disk) tries again less and
			// less often, up to every half minute, and is not woken.
			fails++
			wait = min(every<<min(fails, 16), 30*time.Second)
		} else {
			fails = 0
		}
		t := time.NewTimer(wait)
		wake := r.wake
		if fails > 0 {
			wake = nil
		}
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// Behind returns the part of log that lead has applied: the changes up
// to lead's position. A follower that builds on what another derives
// (stories use the entities the analysis finds) follows log behind it.
func Behind(log newsdesk.ChangeLog, lead newsdesk.Follower) newsdesk.ChangeLog {
	return behind{log, lead}
}

type behind struct {
	log  newsdesk.ChangeLog
	lead newsdesk.Follower
}

func (b behind) Changes(ctx context.Context, after int64, limit int) ([]newsdesk.Change, error) {
	end, err := b.lead.Position(ctx)
	if err != nil || end <= after {
		return nil, err
	}
	cs, err := b.log.Changes(ctx, after, limit)
	for i, c := range cs {
		if c.Seq > end {
			return cs[:i], err
		}
	}
	return cs, err
}

func (b behind) Pending(ctx context.Context, after int64) (n, last int64, err error) {
	end, err := b.lead.Position(ctx)
	if err != nil {
		return 0, 0, err
	}
	n, last, err = b.log.Pending(ctx, after)
	if err != nil || last <= end {
		return n, last, err
	}
	if end <= after {
		return 0, end, nil
	}
	beyond, _, err := b.log.Pending(ctx, end)
	return n - beyond, end, err
}
