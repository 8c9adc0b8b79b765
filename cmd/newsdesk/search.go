package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"newsdesk/httpapi"
)

// SearchCommand implements "newsdesk search": full-text search from the
// command line.
type SearchCommand struct {
	*Main
}

// Usage writes the help text of the search command.
func (c *SearchCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk search [flags] QUERY...

Search the stored articles. The words of QUERY must all match; "quoted
phrases", OR, NOT or a leading - and field filters such as author:name,
source:ID, lang:de, entity:ID (mentions the entity), speaker:ID (quotes
it), agency:dpa (credits the agency), story:ID (is part of the story)
and outlet:spiegel.de (was published on the site of this domain, or
of this name: outlet:"Frankfurter Rundschau") are understood. Without
QUERY, the newest articles are listed.

Each hit is printed as its ID, date, outlet (else source) and title,
with a snippet
under it in which the matches are «marked». --json writes the same JSON
as GET /api/articles of 'newsdesk serve'.

If the search index is behind the store (after a crash, or 'ingest
--no-index'), the articles it lacks are indexed first; a line on stderr
says how many. A store that cannot be written (--read-only, a read-only
file system, a snapshot copy) is searched as it is, and stderr says how
many stored articles the index lacks.

Flags:
  --json              write JSON
  --read-only         read the store as it is; write nothing
  --lang CODE         only articles in this language (de, en, ...)
  --source ID         only articles of the source with this ID
  --outlet DOMAIN     only articles of this outlet: a domain
                      (spiegel.de) or the outlet's name
  --author NAME       only articles by this author
  --from DATE, --to DATE
                      published within these dates (2006-01-02 or RFC
                      3339; --to includes its day)
  --sort relevance|date
                      order (default: relevance with a query, else date)
  --limit N           at most N hits (default 20, at most 100)
  --cursor C          the page after the one that gave next_cursor C
  --collapse          show the copies of one text (the same dispatch on
                      several outlets) as one hit, with how many there are
`+storeFlagsUsage+`
Examples:
  newsdesk search klimaschutz --lang de
  newsdesk search '"interest rates" -inflation' --json --limit 50
`)
}

// Run searches and prints the hits.
func (c *SearchCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	var asJSON, collapse bool
	params := map[string]*string{}
	fs := newFlagSet("search")
	sf.register(fs, "search", false)
	fs.BoolVar(&asJSON, "json", false, "")
	fs.BoolVar(&collapse, "collapse", false, "")
	for _, name := range []string{"lang", "source", "outlet", "author", "from", "to", "sort", "limit", "cursor"} {
		params[name] = fs.String(name, "", "")
	}
	if err := parseFlags(fs, "search", args); err != nil {
		return err
	}
	values := map[string][]string{"q": {strings.Join(fs.Args(), " ")}, "collapse": {strconv.FormatBool(collapse)}}
	for k, v := range params {
		values[k] = []string{*v}
	}
	q, err := httpapi.ParseQuery(values)
	if err != nil {
		return usagef("search", "%v", strings.Replace(err.Error(), ":", " flag:", 1))
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	q.Facets = asJSON
	st, err := sf.openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := openIndexOf(cfg, st)
	if err != nil {
		return err
	}
	defer ix.Close()
	if _, err := c.syncIndex(ctx, "search", st, ix, true); err != nil {
		return err
	}
	res, err := ix.Search(ctx, q)
	if err != nil {
		return err
	}
	names, err := httpapi.SourceNames(ctx, st)
	if err != nil {
		return err
	}
	out := httpapi.NewSearchResponse(res, names)
	if asJSON {
		var b bytes.Buffer
		enc := json.NewEncoder(&b)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
		_, err := c.Stdout.Write(jsonSafe(b.Bytes()))
		return err
	}
	tw := tabwriter.NewWriter(c.Stdout, 2, 8, 2, ' ', 0)
	for _, h := range out.Articles {
		date := "-"
		if h.Published != nil {
			date = h.Published.Format("2006-01-02")
		}
		also := ""
		if h.Copies > 0 {
			also = fmt.Sprintf("  (+%d %s)", h.Copies, plural(int64(h.Copies), "copy", "copies"))
		}
		origin := h.Source.Name
		if h.Outlet != nil {
			origin = h.Outlet.Name
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s%s\n", h.ID, date, oneLine(origin), oneLine(h.Title), also)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(out.Articles) > 0 {
		fmt.Fprintln(c.Stdout)
		for _, h := range res.Hits {
			if s := oneLine(markSnippet(h.Snippet)); s != "" {
				fmt.Fprintf(c.Stdout, "%d  %s\n", h.ID, s)
			}
		}
	}
	more := ""
	if out.NextCursor != "" {
		more = fmt.Sprintf("; more with --cursor %s", out.NextCursor)
	}
	fmt.Fprintf(c.Stderr, "%d of %d articles%s\n", len(out.Articles), out.Total, more)
	return nil
}

// markSnippet shows the highlight markers of a snippet as « and », and
// the other control characters of the text as escapes (see termSafe).
func markSnippet(s string) string {
	return termSafe(strings.NewReplacer("\x02", "«", "\x03", "»").Replace(s))
}

// oneLine collapses runs of white space, line breaks included, and shows
// control characters as escapes (see termSafe).
func oneLine(s string) string { return strings.Join(strings.Fields(termSafe(s)), " ") }

// ReindexCommand implements "newsdesk reindex".
type ReindexCommand struct {
	*Main
}

// Usage writes the help text of the reindex command.
func (c *ReindexCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk reindex [flags]

Rebuild the search index from the store: the index is emptied and every
stored article is indexed again. Run it when the index was lost or
damaged; every command that searches (search, serve, ingest, reprocess)
already brings the index up to date with the store by itself.

The index records how far it has come, so an interrupted rebuild is
resumed, not started again, by the next reindex (and completed by any
command that searches meanwhile).

Flags:
`+storeFlagsUsage)
}

// Run rebuilds the index.
func (c *ReindexCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	fs := newFlagSet("reindex")
	sf.register(fs, "reindex", false)
	if err := parseFlags(fs, "reindex", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("reindex", "unexpected argument %q", fs.Arg(0))
	}
	cfg, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := openIndexOf(cfg, st)
	if err != nil {
		return err
	}
	defer ix.Close()
	resume, err := ix.Rebuilding(ctx)
	if err != nil {
		return err
	}
	if resume {
		n, err := ix.Count(ctx)
		if err != nil {
			return err
		}
		fmt.Fprintf(c.Stderr, "newsdesk: reindex: resuming the interrupted rebuild (%d articles indexed)\n", n)
	} else if err := ix.Reset(ctx); err != nil {
		return err
	}
	n, failed, err := c.catchUp(ctx, "reindex", indexFollower, st, ix)
	if err != nil {
		return err
	}
	if err := ix.FinishRebuild(ctx); err != nil {
		return err
	}
	if err := ix.Optimize(ctx); err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "indexed %d articles, %d failed\n", n-int64(failed), failed)
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: int(n)}
	}
	return nil
}
