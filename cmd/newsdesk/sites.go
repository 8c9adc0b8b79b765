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
	"newsdesk/urlnorm"
)

// SitesCommand implements "newsdesk sites": what was learnt of each
// site's template, and forgetting or excluding a site.
type SitesCommand struct {
	*Main
}

// Usage writes the help text of the sites command.
func (c *SitesCommand) Usage(w io.Writer) {
	fmt.Fprintf(w, `Usage: newsdesk sites [list] [--json]
       newsdesk sites show SITE [--all] [--json]
       newsdesk sites forget SITE
       newsdesk sites exclude SITE
       newsdesk sites include SITE

As ingest and watch store articles, each site (the registrable domain of
a page's URL, such as spiegel.de) learns the blocks of text that recur on
its pages. Once a site has %d pages in its window (the epoch of its newest
page and the one before, %d days each), a block seen on %d or more of them
and on at least %d%% is the site's furniture: promotions, a newsroom's
blurb, related-article boxes, cookie and newsletter notes. Reading leaves
it out of the site's articles and cuts a recurring head or tail from
their titles. Credit lines such as "(dpa)" are never learnt.
"newsdesk reprocess" reads the stored pages again with what was learnt.

list (the default) writes one line per site: pages in the window, pages
learnt in all, furniture blocks, and the site. show writes a site's
furniture (with --all, every block seen on two pages or more) with the
pages each was on. forget drops what was learnt about a site; exclude
stops learning from it and reads its pages on their own; include
resumes.

Flags:
  --json              write JSON
  --all               show: every recurring block, not only furniture
`+storeFlagsUsage+`
Examples:
  newsdesk sites
  newsdesk sites show t-online.de
  newsdesk sites exclude example.com && newsdesk reprocess
`, newsdesk.SiteMinPages, int(newsdesk.SiteWindow.Hours()/24), newsdesk.SiteMinBlockPages, int(newsdesk.SiteFurnitureShare*100))
}

// Run dispatches to the subcommands.
func (c *SitesCommand) Run(ctx context.Context, args []string) error {
	sub := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	var sf storeFlags
	var asJSON, all bool
	fs := newFlagSet("sites " + sub)
	sf.register(fs, "sites", false)
	fs.BoolVar(&asJSON, "json", false, "")
	fs.BoolVar(&all, "all", false, "")
	if err := parseFlags(fs, "sites", args); err != nil {
		return err
	}
	var site string
	switch sub {
	case "list":
		if fs.NArg() > 0 {
			return usagef("sites", "unexpected argument %q", fs.Arg(0))
		}
	case "show", "forget", "exclude", "include":
		if fs.NArg() != 1 {
			return usagef("sites", "%s wants one SITE", sub)
		}
		site = siteArg(fs.Arg(0))
		if site == "" {
			return usagef("sites", "%q is not a site: give a domain such as spiegel.de", fs.Arg(0))
		}
	default:
		return usagef("sites", "unknown subcommand %q (want list, show, forget, exclude or include)", sub)
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	bw := bufio.NewWriter(c.Stdout)
	switch sub {
	case "list":
		ts, err := st.Sites(ctx)
		if err != nil {
			return err
		}
		if asJSON {
			if ts == nil {
				ts = []newsdesk.SiteTemplate{}
			}
			return writeJSON(bw, ts)
		}
		for _, s := range ts {
			n := 0
			if t, err := st.SiteTemplate(ctx, s.Site); err == nil {
				n = len(t.FurnitureBlocks())
			}
			note := ""
			if s.Excluded {
				note = "\texcluded"
			}
			fmt.Fprintf(bw, "%d pages\t%d learnt\t%d furniture\t%s%s\n", s.Pages, s.Learnt, n, termSafe(s.Site), note)
		}
	case "show":
		t, err := st.SiteTemplate(ctx, site)
		if errors.Is(err, newsdesk.ErrNotFound) {
			return fmt.Errorf("nothing learnt of %s", site)
		}
		if err != nil {
			return err
		}
		if !all {
			t.Blocks = t.FurnitureBlocks()
		}
		if asJSON {
			return writeJSON(bw, t)
		}
		fmt.Fprintf(bw, "%s: %d pages in the window, %d learnt", t.Site, t.Pages, t.Learnt)
		if !t.First.IsZero() {
			fmt.Fprintf(bw, ", %s to %s", t.First.Format("2006-01-02"), t.Last.Format("2006-01-02"))
		}
		switch {
		case t.Excluded:
			fmt.Fprint(bw, "; excluded from learning")
		case !t.Applies():
			fmt.Fprintf(bw, "; too few pages to apply (%d needed)", newsdesk.SiteMinPages)
		}
		fmt.Fprintln(bw)
		for _, b := range t.Blocks {
			kind := "block"
			switch b.Kind {
			case newsdesk.PrintTitleHead:
				kind = "title head"
			case newsdesk.PrintTitleTail:
				kind = "title tail"
			}
			mark := ""
			if all && t.IsFurniture(b) {
				mark = " *"
			}
			fmt.Fprintf(bw, "%4d pages%s\t%s\t%s\n", b.Pages, mark, kind, termSafe(oneLineShort(b.Sample, 120)))
		}
	case "forget":
		if err := st.ForgetSite(ctx, site); errors.Is(err, newsdesk.ErrNotFound) {
			return fmt.Errorf("nothing learnt of %s", site)
		} else if err != nil {
			return err
		}
		fmt.Fprintf(c.Stderr, "forgot what was learnt of %s\n", site)
	case "exclude", "include":
		if err := st.ExcludeSite(ctx, site, sub == "exclude"); err != nil {
			return err
		}
		fmt.Fprintf(c.Stderr, "%s %sd from learning; newsdesk reprocess reads its pages again\n", site, sub)
	}
	return bw.Flush()
}

// siteArg reads a site given on the command line: a domain, or a URL or
// host name of one, as its registrable domain.
func siteArg(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://") {
		return urlnorm.Domain(s)
	}
	return urlnorm.HostDomain(s)
}

// oneLineShort returns s on one line, cut to at most n runes.
func oneLineShort(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

func writeJSON(bw *bufio.Writer, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	bw.Write(jsonSafe(append(b, '\n')))
	return bw.Flush()
}
