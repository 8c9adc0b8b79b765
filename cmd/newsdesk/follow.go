package main

import (
	"context"
	"fmt"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/alert"
	"newsdesk/analyze"
	"newsdesk/config"
	"newsdesk/connect"
	"newsdesk/follow"
	"newsdesk/notify"
)

// syncIndex brings the index up to date with the store before a command
// answers from it: every change the index has not applied yet is
// applied. With notice, a line on stderr says how many articles that
// is, if any. An index that cannot be written (a read-only store) is
// left as it is, and stderr says how far behind it is. It returns how
// many changes were applied.
func (m *Main) syncIndex(ctx context.Context, cmd string, st newsdesk.ChangeLog, ix index, notice bool) (int64, error) {
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
	connectFollower  = followerKind{name: "connections", verb: "connect", batch: connect.BatchSize, bar: 1000}
	alertsFollower   = followerKind{name: "alerts", verb: "match the alerts against", batch: alert.BatchSize, bar: 1000}
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

// storeFollowers are the followers a command that stores articles runs
// beside the index: the analysis (nil when nothing is analysed) and the
// connections (copies and stories), which follow behind the analysis
// since stories use the entities it finds.
type storeFollowers struct {
	analysis *analyze.Follower
	connect  *connect.Follower
	alerts   *alert.Follower
}

// connectLog is the change log the connect follower follows: behind the
// analysis, if any.
func (fl *storeFollowers) connectLog(st newsdesk.ChangeLog) newsdesk.ChangeLog {
	if fl.analysis == nil {
		return st
	}
	return follow.Behind(st, fl.analysis)
}

// alertsLog is the change log the alerts follower follows: behind the
// connections, so that an article is matched with its entities and
// story.
func (fl *storeFollowers) alertsLog(st newsdesk.ChangeLog) newsdesk.ChangeLog {
	return follow.Behind(st, fl.connect)
}

// followStore runs, while a command stores articles, the followers that
// keep up with the store: the analysis unless analyse is false, the
// connections behind it, and the index when nothing is analysed (it
// tags articles with what the analysis finds and the connections
// decide, so otherwise it follows at the end, in catchUpStore). The
// index, if any, is brought up to date first. stop ends the followers
// and waits for them.
func (m *Main) followStore(ctx context.Context, cmd string, st newsdesk.Store, ix index, analyse bool) (fl *storeFollowers, stop func(), err error) {
	if ix != nil {
		if _, err := m.syncIndex(ctx, cmd, st, ix, true); err != nil {
			return nil, nil, err
		}
	}
	fctx, cancel := context.WithCancel(ctx)
	var following sync.WaitGroup
	run := func(log newsdesk.ChangeLog, f newsdesk.Follower, batch int, verb, name string) {
		r := &follow.Runner{Log: log, Follower: f, Interval: time.Second,
			Options: follow.Options{BatchSize: batch, Failed: func(ch newsdesk.Change, err error) {
				fmt.Fprintf(m.Stderr, "newsdesk: %s: cannot %s article %d: %v\n", cmd, verb, ch.ID, err)
			}},
		}
		leased(st, name, r)
		following.Go(func() { r.Run(fctx) })
	}
	fl = &storeFollowers{connect: &connect.Follower{Store: st}, alerts: &alert.Follower{Store: st, Compile: compileAlerts}}
	if ix != nil && !analyse {
		run(st, ix, 0, "index", "index")
	}
	if analyse {
		fl.analysis = &analyze.Follower{Store: st, Analyzer: analyze.New(nil, nil)}
		run(st, fl.analysis, analyze.BatchSize, "analyse", "analysis")
	}
	run(fl.connectLog(st), fl.connect, connect.BatchSize, "connect", "connections")
	run(fl.alertsLog(st), fl.alerts, alert.BatchSize, "match the alerts against", "alerts")
	return fl, func() { cancel(); following.Wait() }, nil
}

// catchUpStore brings the analysis, the connections, the alerts' matches
// and then the index up to date after a command stored articles, even
// after an interrupted run: what was stored stays searchable. The
// analysis goes first, since the connections use what it finds, the
// alerts match on both, and the index tags articles with both. A store that failed as a whole (err) takes no
// more writes: the next command catches up. It returns err, or else the
// first error of the catch-up; each is reported on stderr.
func (m *Main) catchUpStore(ctx context.Context, cmd string, st newsdesk.Store, ix index, fl *storeFollowers, err error) error {
	ctx = context.WithoutCancel(ctx)
	note := func(e error) {
		fmt.Fprintf(m.Stderr, "newsdesk: %s: %v\n", cmd, e)
		if err == nil {
			err = e
		}
	}
	// Each follower writes back the articles it tags (analysis) or
	// connects, so a follower behind it sees them only once the one in
	// front has passed them too: rounds go on until one applies nothing.
	for round := 0; fl != nil && round < 8 && !newsdesk.StorageFailed(err); round++ {
		var applied int64
		if fl.analysis != nil {
			n, _, aerr := m.catchUp(ctx, cmd, analysisFollower, st, fl.analysis)
			if aerr != nil {
				note(aerr)
				break
			}
			applied += n
		}
		n, _, cerr := m.catchUp(ctx, cmd, connectFollower, fl.connectLog(st), fl.connect)
		if cerr != nil {
			note(cerr)
			break
		}
		applied += n
		n, _, merr := m.catchUp(ctx, cmd, alertsFollower, fl.alertsLog(st), fl.alerts)
		if merr != nil {
			note(merr)
			break
		}
		if applied += n; applied == 0 {
			break
		}
	}
	if ix != nil && !newsdesk.StorageFailed(err) {
		if _, ierr := m.syncIndex(ctx, cmd, st, ix, false); ierr != nil {
			note(ierr)
		}
	}
	return err
}

// storeRunners are the followers of the store a long-running process
// (serve, watch) runs beside the index — the analysis, the connections
// behind it and the alerts' matches behind those — and the senders of
// the matches. Each stage wakes the next as soon as it has applied a
// batch.
type storeRunners struct {
	analysis, connect, alerts *follow.Runner
	webhooks                  *notify.Webhooks
	mailer                    *notify.Mailer // nil without mail settings
}

// newStoreRunners makes the runners, each looking at the store at least
// every interval. failed is told of an article a follower cannot take
// (verb: what it could not do to it), broken of a stage that failed as
// a whole (name: "analysis", "connections", "alerts", "delivery").
func newStoreRunners(cfg config.Config, st store, interval time.Duration,
	failed func(verb string, id int64, err error), broken func(name string, err error)) (*storeRunners, error) {
	stage := func(log newsdesk.ChangeLog, f newsdesk.Follower, batch int, verb, name string) *follow.Runner {
		r := &follow.Runner{Log: log, Follower: f, Interval: interval,
			Options: follow.Options{BatchSize: batch, Failed: func(c newsdesk.Change, err error) { failed(verb, c.ID, err) }},
			Error:   func(err error) { broken(name, err) },
		}
		leased(st, name, r)
		return r
	}
	af := &analyze.Follower{Store: st, Analyzer: analyze.New(nil, nil)}
	cf := &connect.Follower{Store: st}
	r := &storeRunners{
		analysis: stage(st, af, analyze.BatchSize, "analyse", "analysis"),
		connect:  stage(follow.Behind(st, af), cf, connect.BatchSize, "connect", "connections"),
		alerts:   stage(follow.Behind(st, cf), &alert.Follower{Store: st, Compile: compileAlerts}, alert.BatchSize, "match the alerts against", "alerts"),
	}
	var err error
	r.webhooks, r.mailer, err = deliverers(cfg, st, func(err error) { broken("delivery", err) })
	if err != nil {
		return nil, err
	}
	r.analysis.Options.Applied = func(int) { r.connect.Wake() }
	r.connect.Options.Applied = func(int) { r.alerts.Wake() }
	r.alerts.Options.Applied = func(int) { r.webhooks.Wake() }
	return r, nil
}

// run runs them in wg until ctx ends; the webhooks are sent at least
// every interval, digests looked at every half minute.
func (r *storeRunners) run(ctx context.Context, wg *sync.WaitGroup, interval time.Duration) {
	wg.Go(func() { r.analysis.Run(ctx) })
	wg.Go(func() { r.connect.Run(ctx) })
	wg.Go(func() { r.alerts.Run(ctx) })
	wg.Go(func() { r.webhooks.Run(ctx, interval) })
	if r.mailer != nil {
		wg.Go(func() { r.mailer.Run(ctx, 30*time.Second) })
	}
}

// wakeDeliveries sends what is due now, not at the next interval.
func (r *storeRunners) wakeDeliveries() {
	r.webhooks.Wake()
	if r.mailer != nil {
		r.mailer.Wake()
	}
}

// leased puts r under the lease of the follower called name when the
// store grants leases (a store that many processes share): then one
// process at a time follows, wherever it runs.
func leased(st newsdesk.Store, name string, r *follow.Runner) {
	if l, ok := st.(newsdesk.Leaser); ok {
		r.Lease, r.LeaseName = l, "follower "+name
	}
}
