package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/ingest"
)

// WatchCommand implements "newsdesk watch": poll the sources continuously.
type WatchCommand struct {
	*Main
}

// Usage writes the help text of the watch command.
func (c *WatchCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk watch [flags]

Poll the sources added with 'newsdesk sources add' until interrupted, each
on its own schedule. A source is first polled at once, then after its
interval, which starts at 30 minutes (setting interval) and adapts to how
much the source publishes: halved after a poll with 5 or more new
articles, shortened by a quarter after one with fewer, and made half as
long again after one with none, or a failure; it stays between 5 minutes
and 6 hours (settings min_interval, max_interval) and is jittered by up to
a tenth so that sources spread out. A server asking to retry later
(Retry-After) is left alone until then. Sources added while watch runs are
picked up within a minute.

Each pass prints a summary line on stdout, and each failed page or source
a line on stderr. On interrupt (Ctrl-C, SIGTERM), the pages in flight are
finished and stored before watch exits.

Flags:
  -j N                fetch N pages at once (default 16; setting workers)
  --min-interval D, --max-interval D
                      bounds of the polling interval (e.g. 5m, 6h)
`+storeFlagsUsage+fetchFlagsUsage+`
Examples:
  newsdesk sources add --defaults && newsdesk watch
  NEWSDESK_MIN_INTERVAL=2m newsdesk watch --data /var/lib/newsdesk
`)
}

// Run polls until ctx ends.
func (c *WatchCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	var jobs jobsFlag
	var minI, maxI time.Duration
	fs := newFlagSet("watch")
	sf.register(fs, "watch", true)
	fs.Var(&jobs, "j", "")
	fs.DurationVar(&minI, "min-interval", 0, "")
	fs.DurationVar(&maxI, "max-interval", 0, "")
	if err := parseFlags(fs, "watch", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("watch", "unexpected argument %q; add sources with 'newsdesk sources add'", fs.Arg(0))
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	if minI < 0 || maxI < 0 {
		return usagef("watch", "the intervals must be positive")
	}
	if jobs.set {
		cfg.Workers = jobs.n
	}
	if minI > 0 {
		cfg.MinInterval = minI
	}
	if maxI > 0 {
		cfg.MaxInterval = maxI
	}
	if cfg.MaxInterval < cfg.MinInterval {
		return usagef("watch", "the maximum interval %v is below the minimum %v", cfg.MaxInterval, cfg.MinInterval)
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	rep := newPassReporter(c.Stderr, "watch", false)
	icfg := ingestConfig(cfg, st, newFetcher(cfg))
	icfg.Report = rep.report
	in := ingest.New(icfg)
	// The analysis, the connections and the alerts' matches follow what
	// is stored as it arrives, and the matches are delivered; the search
	// index catches up when a command searches (or serve runs).
	var following sync.WaitGroup
	fctx, stopFollowing := context.WithCancel(context.WithoutCancel(ctx))
	runners, err := newStoreRunners(cfg, st, 2*time.Second,
		func(verb string, id int64, err error) {
			fmt.Fprintf(c.Stderr, "newsdesk: watch: cannot %s article %d: %v\n", verb, id, err)
		},
		func(name string, err error) { fmt.Fprintf(c.Stderr, "newsdesk: watch: %s: %v\n", name, err) })
	if err != nil {
		stopFollowing()
		return err
	}
	runners.run(fctx, &following, 2*time.Second)
	fmt.Fprintf(c.Stderr, "newsdesk: watch: polling the sources in %s (interval %v to %v)\n", storeName(cfg), cfg.MinInterval, cfg.MaxInterval)
	err = in.Watch(ctx, func(s ingest.Stats, due []newsdesk.Source) {
		fmt.Fprintf(c.Stdout, "%s  %d sources: %s\n", time.Now().Format(time.DateTime), len(due), s)
	})
	stopFollowing()
	following.Wait()
	if err != nil {
		return err
	}
	return nil
}
