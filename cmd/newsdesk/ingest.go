package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"newsdesk"
	"newsdesk/ingest"
	"newsdesk/queue"
)

// IngestCommand implements "newsdesk ingest": one pass over the stored
// sources, or over the files and URLs given.
type IngestCommand struct {
	*Main
}

// Usage writes the help text of the ingest command.
func (c *IngestCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk ingest [flags] [PATH|URL...]

Gather articles: make one pass over every source added with 'newsdesk
sources add', or over the files, directories and URLs given (which are
not added as sources). Each is detected as 'sources add' does: a WARC or
WARC.gz archive, a directory or file of HTML pages (*.html, *.htm,
*.html.gz), a text file of URLs, or a feed, sitemap or page URL.

Pages already stored are not fetched again; every other page is fetched,
its article extracted, and both are stored in one transaction. Each page
counts as new, updated (same article, changed text), duplicate (already
stored as it is), failed, or without article (a video or section page:
stored, not fetched again for a day, and read again by reprocess); a
failed page or source is reported on stderr with the reason, and the
others go on. A summary line ends the pass:

  fetched 120, new 100, updated 3, duplicates 5, failed 12, without article 2

A progress bar is shown on stderr when it is a terminal. On interrupt
(Ctrl-C, SIGTERM), no new page is started, those in flight are finished
and stored, and the next pass picks up the rest.

Flags:
  -j N                fetch N pages at once (default 16; setting workers;
                      0: one per CPU)
  --no-index          leave the stored articles out of the search index
                      (the next command that searches adds them)
  --no-analyze        leave the stored articles unanalysed (the next
                      ingest, serve or reanalyze analyses them)
  --no-learn          read every page on its own: learn nothing of the
                      sites' templates and apply none (see newsdesk sites)
  --queue URL         hand the pages to workers through the NATS JetStream
                      server at URL (env NEWSDESK_QUEUE; see newsdesk
                      worker): a page read here (a WARC record, a local
                      file) travels with its job, a URL is fetched by the
                      worker; then wait until the queue is done
  --no-wait           with --queue, return once the jobs are handed out
`+storeFlagsUsage+fetchFlagsUsage+`
Exit status: 0 when the pass ran (failed pages do not change it), 1 when a
source could not be read at all or only in part (a truncated archive), the
store failed as a whole (a full disk) or the pass was interrupted, 2 on a
bad command line.

Examples:
  newsdesk ingest
  newsdesk ingest -j 32 CC-NEWS-20240301.warc.gz
  newsdesk ingest https://www.tagesschau.de/xml/rss2/
`)
}

// Run makes the pass.
func (c *IngestCommand) Run(ctx context.Context, args []string) error {
	throughputGC()
	var sf storeFlags
	var jobs jobsFlag
	fs := newFlagSet("ingest")
	sf.register(fs, "ingest", true)
	fs.Var(&jobs, "j", "")
	noIndex := fs.Bool("no-index", false, "")
	noAnalyze := fs.Bool("no-analyze", false, "")
	noLearn := fs.Bool("no-learn", false, "")
	queueURL := fs.String("queue", "", "")
	noWait := fs.Bool("no-wait", false, "")
	if err := parseFlags(fs, "ingest", args); err != nil {
		return err
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	if *queueURL == "" {
		*queueURL = cfg.Queue
	}
	if jobs.set {
		cfg.Workers = jobs.n
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	f := newFetcher(cfg)

	var ix index
	if !*noIndex {
		if ix, err = openIndexOf(cfg, st); err != nil {
			return err
		}
		defer ix.Close()
	}

	rep := newPassReporter(c.Stderr, "ingest", c.StderrTerminal)
	icfg := ingestConfig(cfg, st, f)
	icfg.Report = rep.report
	icfg.Discovered = rep.discovered
	icfg.NoLearn = *noLearn
	var q *queue.Queue
	if *queueURL != "" {
		if q, err = queue.Open(ctx, queueConfig(*queueURL)); err != nil {
			return err
		}
		defer q.Close()
		icfg.Dispatch = q.Publish
	}
	in := ingest.New(icfg)

	var sources []newsdesk.Source
	var bad int
	if fs.NArg() == 0 {
		if sources, err = st.Sources(ctx); err != nil {
			return err
		}
		if len(sources) == 0 {
			return fmt.Errorf("no sources: add some with 'newsdesk sources add', or name files or URLs")
		}
	}
	for _, target := range fs.Args() {
		found, err := in.Detect(ctx, target)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(c.Stderr, "newsdesk: ingest %s: %v\n", target, err)
			bad++
			continue
		}
		sources = append(sources, found...)
	}
	// The analysis and the connections (copies and stories) follow the
	// store while the pass runs, and so does the index unless the
	// articles are analysed (it tags them with what the others find, so
	// then it follows at the end). All catch up at the end, even after
	// an interrupted pass: what was stored stays searchable. After a
	// crash, the next command that stores catches up from where each
	// stopped.
	fl, stopFollowing, err := c.followStore(ctx, "ingest", st, ix, !*noAnalyze)
	if err != nil {
		return err
	}
	stats, err := in.Run(ctx, sources)
	if q != nil && err == nil && !*noWait {
		err = waitForQueue(ctx, q, c.Stderr, c.StderrTerminal)
	}
	stopFollowing()
	rep.done()
	err = c.catchUpStore(ctx, "ingest", st, ix, fl, err)
	stats.Sources += bad
	stats.SourcesBad += bad
	fmt.Fprintln(c.Stdout, stats)
	if err != nil {
		return err
	}
	if stats.SourcesBad > 0 {
		return fmt.Errorf("%d of %d sources could not be read", stats.SourcesBad, stats.Sources)
	}
	return nil
}

// throughputGC lets the heap grow to five times the live data between
// collections (GOGC=400) for long batch runs, where the collector took a
// tenth of the time, under a soft limit that keeps memory bounded. An
// explicit GOGC or GOMEMLIMIT in the environment wins.
func throughputGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(400 << 20)
	}
}
