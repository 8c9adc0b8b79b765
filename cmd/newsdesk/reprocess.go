package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync/atomic"

	"newsdesk"
	"newsdesk/ingest"
)

// ReprocessCommand implements "newsdesk reprocess": extract every stored
// page again with the current extractor.
type ReprocessCommand struct {
	*Main
}

// Usage writes the help text of the reprocess command.
func (c *ReprocessCommand) Usage(w io.Writer) {
	fmt.Fprintf(w, `Usage: newsdesk reprocess [flags]

Extract the article of every stored page again with the extractor of this
binary, and replace the stored article; run it after an upgrade that
improved extraction, and rebuild the search index from the result.
Nothing is fetched. A page that fails (or in which no
article text is found any more) is reported on stderr and keeps its
stored article. A summary line ends the run:

  pages 1200, re-extracted 1195, failed 5

A progress bar is shown on stderr when it is a terminal.

Each page is read with what has been learnt of its site's template (see
newsdesk sites); pages not learnt yet are learnt first, and then every
page is read with what was learnt from all of them.

Flags:
  -j N                extract N pages at once (default and 0: the number
                      of CPUs, %d)
  --site SITE         only the pages of SITE (a domain such as spiegel.de,
                      as newsdesk sites lists them)
`+storeFlagsUsage+`
Exit status: 0 when every page was re-extracted or kept, 1 when the store
failed or the run was interrupted, 2 on a bad command line.
`, runtime.NumCPU())
}

// Run reprocesses the pages.
func (c *ReprocessCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	jobs := jobsFlag{n: runtime.NumCPU()}
	fs := newFlagSet("reprocess")
	sf.register(fs, "reprocess", false)
	fs.Var(&jobs, "j", "")
	site := fs.String("site", "", "")
	if err := parseFlags(fs, "reprocess", args); err != nil {
		return err
	}
	only := ""
	if *site != "" {
		if only = siteArg(*site); only == "" {
			return usagef("reprocess", "--site %q is not a site: give a domain such as spiegel.de", *site)
		}
	}
	if fs.NArg() > 0 {
		return usagef("reprocess", "unexpected argument %q", fs.Arg(0))
	}
	cfg, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	var prog *progress
	if c.StderrTerminal {
		_, pages, _, err := st.Count(ctx)
		if err != nil {
			return err
		}
		prog = newProgress(c.Stderr, int(pages))
	}
	var failed atomic.Int64
	stats, err := ingest.ReprocessSite(ctx, st, only, jobs.n, func(p *newsdesk.Page, err error) {
		if err != nil {
			failed.Add(1)
			prog.clear()
			fmt.Fprintf(c.Stderr, "newsdesk: reprocess page %d %s: %v\n", p.ID, p.URL, err)
		}
		prog.add(1)
		prog.draw()
	})
	prog.clear()
	fmt.Fprintln(c.Stdout, stats)
	if err != nil {
		return err
	}
	// The articles changed: the search index follows.
	ix, err := openIndexOf(cfg, st)
	if err != nil {
		return err
	}
	defer ix.Close()
	n, bad, err := c.catchUp(ctx, "reprocess", indexFollower, st, ix)
	if err != nil {
		return err
	}
	if n > 0 {
		if err := ix.Optimize(ctx); err != nil {
			return err
		}
	}
	fmt.Fprintf(c.Stdout, "indexed %d articles, %d failed\n", n-int64(bad), bad)
	return nil
}
