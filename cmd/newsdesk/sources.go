package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"newsdesk"
	"newsdesk/ingest"
)

// SourcesCommand implements "newsdesk sources": add, list and remove the
// sources that ingest and watch read.
type SourcesCommand struct {
	*Main
}

// Usage writes the help text of the sources command.
func (c *SourcesCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk sources add [flags] [--defaults] URL|PATH...
       newsdesk sources list [flags] [--json]
       newsdesk sources remove [flags] ID...

Manage the sources that 'newsdesk ingest' and 'newsdesk watch' read.

add detects what each URL or path is and adds it: a feed (RSS, Atom, JSON
Feed), a sitemap or sitemap index, a single article page, a WARC or
WARC.gz archive, a directory or file of HTML pages, or a text file of
URLs (one a line). For a site's home page, the feeds it announces are
found and added (at most 10), or, if it has none, the sitemaps its
robots.txt names. --defaults adds the shipped list of public German and
English news feeds (tagesschau, SPIEGEL, ZEIT, FAZ, SZ, DW, BBC, Guardian,
NPR and more). A source already added is reported and skipped.

list shows each source's ID, kind, the status and time of its last fetch,
its next fetch and its title or URL, and the last error under it (control
characters shown as escapes, \x1b); --json writes them as a JSON array
instead.

remove deletes the sources with the given IDs (their articles stay).

Flags:
  --defaults          (add) add the default news feeds
  --json              (list) write JSON
  --read-only         (list) read the store as it is (chosen by itself for
                      a store that cannot be written)
`+storeFlagsUsage+fetchFlagsUsage+`
Examples:
  newsdesk sources add --defaults
  newsdesk sources add https://www.theguardian.com/ https://example.org/sitemap.xml
  newsdesk sources add crawl.warc.gz
  newsdesk sources list
  newsdesk sources remove 3
`)
}

// Run runs the sources subcommand named by args[0].
func (c *SourcesCommand) Run(ctx context.Context, args []string) error {
	if len(args) == 0 {
		return usagef("sources", "missing subcommand: add, list or remove")
	}
	switch args[0] {
	case "add":
		return c.add(ctx, args[1:])
	case "list", "ls":
		return c.list(ctx, args[1:])
	case "remove", "rm":
		return c.remove(ctx, args[1:])
	case "-h", "-help", "--help", "help":
		c.Usage(c.Stdout)
		return nil
	}
	return usagef("sources", "unknown subcommand %q: want add, list or remove", args[0])
}

func (c *SourcesCommand) add(ctx context.Context, args []string) error {
	var sf storeFlags
	var defaults bool
	fs := newFlagSet("sources add")
	sf.register(fs, "sources", true)
	fs.BoolVar(&defaults, "defaults", false, "")
	if err := parseFlags(fs, "sources", args); err != nil {
		return err
	}
	if fs.NArg() == 0 && !defaults {
		return usagef("sources", "add: give URLs or paths, or --defaults")
	}
	cfg, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	in := ingest.New(ingest.Config{Store: st, Fetcher: newFetcher(cfg)})

	var failed int
	save := func(s newsdesk.Source) {
		err := st.AddSource(ctx, &s)
		switch {
		case errors.Is(err, newsdesk.ErrExists):
			fmt.Fprintf(c.Stdout, "already added: %s %s\n", s.Kind, termSafe(s.URL))
		case err != nil:
			fmt.Fprintf(c.Stderr, "newsdesk: sources add %s: %s\n", termSafe(s.URL), termSafe(err.Error()))
			failed++
		default:
			fmt.Fprintf(c.Stdout, "added %d: %s %s%s\n", s.ID, s.Kind, termSafe(s.URL), titleSuffix(termSafe(s.Title)))
		}
	}
	if defaults {
		for _, s := range ingest.DefaultSources() {
			save(s)
		}
	}
	for _, target := range fs.Args() {
		found, err := in.Detect(ctx, target)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			fmt.Fprintf(c.Stderr, "newsdesk: sources add %s: %s\n", termSafe(target), termSafe(err.Error()))
			failed++
			continue
		}
		for _, s := range found {
			save(s)
		}
	}
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: max(failed, fs.NArg())}
	}
	return nil
}

func titleSuffix(t string) string {
	if t == "" {
		return ""
	}
	return " (" + t + ")"
}

func (c *SourcesCommand) list(ctx context.Context, args []string) error {
	var sf storeFlags
	var asJSON bool
	fs := newFlagSet("sources list")
	sf.register(fs, "sources", false)
	fs.BoolVar(&asJSON, "json", false, "")
	if err := parseFlags(fs, "sources", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("sources", "list: unexpected argument %q", fs.Arg(0))
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	sources, err := st.Sources(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		if sources == nil {
			sources = []newsdesk.Source{}
		}
		b, err := json.MarshalIndent(sources, "", "  ")
		if err != nil {
			return err
		}
		_, err = c.Stdout.Write(append(jsonSafe(b), '\n'))
		return err
	}
	tw := tabwriter.NewWriter(c.Stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tKIND\tSTATUS\tLAST FETCH\tNEXT FETCH\tSOURCE")
	for _, s := range sources {
		name := s.URL
		if s.Title != "" {
			name = s.Title + " <" + s.URL + ">"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", s.ID, termSafe(string(s.Kind)), fetchStatus(s), when(s.LastFetch), when(s.NextFetch), termSafe(name))
		if s.LastError != "" {
			fmt.Fprintf(tw, "\t\t\t\t\t  error: %s\n", termSafe(s.LastError))
		}
	}
	return tw.Flush()
}

// fetchStatus describes the outcome of a source's last fetch.
func fetchStatus(s newsdesk.Source) string {
	switch {
	case s.LastFetch.IsZero():
		return "-"
	case s.LastError != "":
		if s.LastStatus != 0 {
			return "error " + strconv.Itoa(s.LastStatus)
		}
		return "error"
	case s.LastStatus != 0:
		return strconv.Itoa(s.LastStatus)
	}
	return "ok"
}

// when formats a time for the source list, in local time.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

func (c *SourcesCommand) remove(ctx context.Context, args []string) error {
	var sf storeFlags
	fs := newFlagSet("sources remove")
	sf.register(fs, "sources", false)
	if err := parseFlags(fs, "sources", args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usagef("sources", "remove: give the IDs of the sources to remove")
	}
	var ids []int64
	for _, a := range fs.Args() {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return usagef("sources", "remove: bad source ID %q", a)
		}
		ids = append(ids, id)
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	var failed int
	for _, id := range ids {
		if err := st.RemoveSource(ctx, id); err != nil {
			if errors.Is(err, newsdesk.ErrNotFound) {
				err = fmt.Errorf("no source with ID %d", id)
			}
			fmt.Fprintf(c.Stderr, "newsdesk: sources remove %d: %v\n", id, err)
			failed++
			continue
		}
		fmt.Fprintf(c.Stdout, "removed %d\n", id)
	}
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: len(ids)}
	}
	return nil
}
