package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"newsdesk"
)

// OutletsCommand implements "newsdesk outlets": the sites the stored
// articles were published on.
type OutletsCommand struct {
	*Main
}

// Usage writes the help text of the outlets command.
func (c *OutletsCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk outlets [flags] [TEXT]
       newsdesk outlets show ID|DOMAIN|NAME [--json]

An article's outlet is the site it was published on: the registrable
domain of its URL (www.fr.de and m.fr.de are fr.de), or the domain an
import gave, named as most of its articles name their site
(og:site_name, the JSON-LD publisher; the domain until one does). Feed
sources are another thing: see 'newsdesk sources'.

Without a subcommand, the outlets are listed, most articles first, one
line each with the number of articles, the ID, the domain and the name;
with TEXT, those whose name or domain contains it. show writes one
outlet, found by its ID, its domain (or a URL of it) or its name.
'newsdesk search outlet:DOMAIN' lists an outlet's articles.

Flags:
  --limit N           at most N outlets (default 50; 0 for all)
  --json              write JSON: GET /api/outlets' outlets, or the
                      outlet shown
  --read-only         read the store as it is
`+storeFlagsUsage+`
Examples:
  newsdesk outlets
  newsdesk outlets rundschau
  newsdesk outlets show fr.de
`)
}

// Run lists the outlets, or shows one.
func (c *OutletsCommand) Run(ctx context.Context, args []string) error {
	show := len(args) > 0 && args[0] == "show"
	if show {
		args = args[1:]
	}
	var sf storeFlags
	var asJSON bool
	limit := 50
	fs := newFlagSet("outlets")
	sf.register(fs, "outlets", false)
	fs.BoolVar(&asJSON, "json", false, "")
	fs.IntVar(&limit, "limit", limit, "")
	if err := parseFlags(fs, "outlets", args); err != nil {
		return err
	}
	if limit < 0 {
		return usagef("outlets", "--limit must not be negative")
	}
	if show && fs.NArg() != 1 {
		return usagef("outlets", "show wants one ID, domain or name")
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	bw := bufio.NewWriter(c.Stdout)
	if show {
		o, err := st.Outlet(ctx, fs.Arg(0))
		if errors.Is(err, newsdesk.ErrNotFound) {
			return fmt.Errorf("no outlet %q", fs.Arg(0))
		}
		if err != nil {
			return err
		}
		if asJSON {
			b, err := json.MarshalIndent(o, "", "  ")
			if err != nil {
				return err
			}
			bw.Write(jsonSafe(append(b, '\n')))
		} else {
			fmt.Fprintf(bw, "%s\n%s\nid %d, %d %s\n", termSafe(o.Name), termSafe(o.Domain), o.ID, o.Articles, plural(o.Articles, "article", "articles"))
		}
		return bw.Flush()
	}
	f := newsdesk.OutletFilter{Q: strings.Join(fs.Args(), " ")}
	all := []newsdesk.OutletCount{}
	for {
		f.Limit = 100
		if limit > 0 {
			f.Limit = min(100, limit-len(all))
		}
		page, err := st.Outlets(ctx, f)
		if err != nil {
			return err
		}
		all = append(all, page.Outlets...)
		if page.NextCursor == "" || (limit > 0 && len(all) >= limit) {
			break
		}
		f.Cursor = page.NextCursor
	}
	if asJSON {
		b, err := json.MarshalIndent(all, "", "  ")
		if err != nil {
			return err
		}
		bw.Write(jsonSafe(append(b, '\n')))
		return bw.Flush()
	}
	for _, o := range all {
		domain := o.Domain
		if domain == "" {
			domain = "-"
		}
		fmt.Fprintf(bw, "%d\t%d\t%s\t%s\n", o.Articles, o.ID, termSafe(domain), termSafe(o.Name))
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.Stderr, "%d %s\n", len(all), plural(int64(len(all)), "outlet", "outlets"))
	return nil
}
