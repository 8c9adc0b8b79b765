package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"newsdesk"
	"newsdesk/httpapi"
	"newsdesk/search"
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
source:ID and lang:de are understood. Without QUERY, the newest articles
are listed.

Each hit is printed as its ID, date, source and title, with a snippet
under it in which the matches are «marked». --json writes the same JSON
as GET /api/articles of 'newsdesk serve'.

Flags:
  --json              write JSON
  --lang CODE         only articles in this language (de, en, ...)
  --source ID         only articles of the source with this ID
  --author NAME       only articles by this author
  --from DATE, --to DATE
                      published within these dates (2006-01-02 or RFC
                      3339; --to includes its day)
  --sort relevance|date
                      order (default: relevance with a query, else date)
  --limit N           at most N hits (default 20, at most 100)
  --cursor C          the page after the one that gave next_cursor C
`+storeFlagsUsage+`
Examples:
  newsdesk search klimaschutz --lang de
  newsdesk search '"interest rates" -inflation' --json --limit 50
`)
}

// Run searches and prints the hits.
func (c *SearchCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	var asJSON bool
	params := map[string]*string{}
	fs := newFlagSet("search")
	sf.register(fs, "search", false)
	fs.BoolVar(&asJSON, "json", false, "")
	for _, name := range []string{"lang", "source", "author", "from", "to", "sort", "limit", "cursor"} {
		params[name] = fs.String(name, "", "")
	}
	if err := parseFlags(fs, "search", args); err != nil {
		return err
	}
	values := map[string][]string{"q": {strings.Join(fs.Args(), " ")}}
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
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := openIndex(cfg.Data)
	if err != nil {
		return err
	}
	defer ix.Close()
	if n, err := ix.Count(ctx); err == nil && n == 0 {
		if a, _, _, err := st.Count(ctx); err == nil && a > 0 {
			fmt.Fprintf(c.Stderr, "newsdesk: search: the index is empty but the store holds %d articles; run 'newsdesk reindex'\n", a)
		}
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
		enc := json.NewEncoder(c.Stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	tw := tabwriter.NewWriter(c.Stdout, 2, 8, 2, ' ', 0)
	for _, h := range out.Articles {
		date := "-"
		if h.Published != nil {
			date = h.Published.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", h.ID, date, oneLine(h.Source.Name), oneLine(h.Title))
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

// markSnippet shows the highlight markers of a snippet as « and ».
func markSnippet(s string) string {
	return strings.NewReplacer("\x02", "«", "\x03", "»").Replace(s)
}

// oneLine collapses runs of white space, line breaks included.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// ReindexCommand implements "newsdesk reindex".
type ReindexCommand struct {
	*Main
}

// Usage writes the help text of the reindex command.
func (c *ReindexCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk reindex [flags]

Rebuild the search index from the store: the index is emptied and every
stored article is indexed again. Run it after 'newsdesk reprocess', or when the index was lost.
'newsdesk serve' keeps the index up to date by itself.

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
	ix, err := openIndex(cfg.Data)
	if err != nil {
		return err
	}
	defer ix.Close()
	total, _, _, err := st.Count(ctx)
	if err != nil {
		return err
	}
	prog := newProgress(c.Stderr, int(total))
	if !c.StderrTerminal {
		prog = nil
	}
	n, failed, err := rebuildIndex(ctx, st, ix, func(err error) {
		prog.clear()
		fmt.Fprintf(c.Stderr, "newsdesk: reindex: %v\n", err)
	}, func(n int) { prog.add(n); prog.draw() })
	prog.clear()
	if err != nil {
		return err
	}
	fmt.Fprintf(c.Stdout, "indexed %d articles, %d failed\n", n, failed)
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: n + failed}
	}
	return nil
}

// rebuildIndex empties ix and indexes every stored article again, then
// compacts the index.
func rebuildIndex(ctx context.Context, st newsdesk.Store, ix *search.Index, bad func(error), done func(n int)) (indexed, failed int, err error) {
	if err := ix.Reset(ctx); err != nil {
		return 0, 0, err
	}
	indexed, failed, err = reindex(ctx, st, ix, bad, done)
	if err != nil {
		return indexed, failed, err
	}
	return indexed, failed, ix.Optimize(ctx)
}

// reindexPage is how many articles are read from the store, and indexed,
// at a time.
const reindexPage = 200

// reindex adds every stored article to the index, in ID order, a page at
// a time (with AddMany when the index has it, one by one otherwise or
// when a page fails). An article that fails is passed to bad (if not
// nil) and the others go on; done (if not nil) is told how many articles
// were handled. The error is ctx's or the store's.
func reindex(ctx context.Context, st newsdesk.Store, ix newsdesk.Index, bad func(error), done func(n int)) (indexed, failed int, err error) {
	batch, _ := ix.(interface {
		AddMany(context.Context, []*newsdesk.StoredArticle) error
	})
	var after int64
	for {
		arts, err := st.Articles(ctx, newsdesk.ArticleFilter{AfterID: after, Limit: reindexPage})
		if err != nil {
			return indexed, failed, err
		}
		if len(arts) == 0 {
			return indexed, failed, nil
		}
		after = arts[len(arts)-1].ID
		if batch != nil {
			ptrs := make([]*newsdesk.StoredArticle, len(arts))
			for i := range arts {
				ptrs[i] = &arts[i]
			}
			if err := batch.AddMany(ctx, ptrs); err == nil {
				indexed += len(arts)
				if done != nil {
					done(len(arts))
				}
				continue
			}
		}
		for i := range arts {
			if err := ctx.Err(); err != nil {
				return indexed, failed, err
			}
			if err := ix.Add(ctx, &arts[i]); err != nil {
				failed++
				if bad != nil {
					bad(fmt.Errorf("article %d: %w", arts[i].ID, err))
				}
			} else {
				indexed++
			}
			if done != nil {
				done(1)
			}
		}
	}
}

// catchUpIndex indexes what the store holds but the index lacks, as
// found by comparing their counts: when the index holds fewer articles
// than the store (at first start, after a crash between storing and
// indexing), every stored article is indexed again.
func catchUpIndex(ctx context.Context, st newsdesk.Store, ix newsdesk.Index, x *indexer) (int, error) {
	stored, _, _, err := st.Count(ctx)
	if err != nil {
		return 0, err
	}
	have, err := ix.Count(ctx)
	if err != nil {
		return 0, err
	}
	if have >= stored {
		return 0, nil
	}
	n, _, err := reindex(ctx, st, ix, func(err error) {
		x.ops.Inc("error")
		x.log.Error("cannot index article", "err", err)
	}, nil)
	return n, err
}

// openIndex opens the search index kept in the data directory dir.
func openIndex(dir string) (*search.Index, error) {
	return search.Open(dir)
}
