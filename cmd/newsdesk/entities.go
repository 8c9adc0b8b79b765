package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"
	"time"

	"newsdesk/httpapi"
)

// EntitiesCommand implements "newsdesk entities": the most mentioned
// entities of the store.
type EntitiesCommand struct {
	*Main
}

// Usage writes the help text of the entities command.
func (c *EntitiesCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk entities [flags] [NAME]
       newsdesk entities alias ID NAME
       newsdesk entities merge FROM-ID INTO-ID
       newsdesk entities split ID NAME

List the people, organisations, places and other names the stored
articles mention, the most mentioned first, with their id, type and
counts of mentions and articles; with NAME, those whose names (or the
words they were mentioned by, such as "Kreml-Chef") match it, the best
match first.

alias makes NAME (as mentions write it, any case) stand for the entity
ID; merge makes the entity FROM-ID part of INTO-ID, and FROM-ID redirects
there; split makes the mentions of ID written NAME an entity of their
own. Each edit changes the stored analyses at once and holds for every
later analysis (reanalyze included).

Flags:
  --type PER|ORG|LOC|OTH
                      only entities of this type
  --since DATE        only mentions in articles published at or after DATE
                      (2006-01-02, RFC 3339, or a duration back such as 24h)
  --limit N           at most N entities (default 20, at most 100)
  --json              write JSON, as GET /api/entities does
  --read-only         read the store as it is
`+storeFlagsUsage)
}

// Run lists the entities, or edits them.
func (c *EntitiesCommand) Run(ctx context.Context, args []string) error {
	if len(args) > 0 {
		switch args[0] {
		case "alias", "merge", "split":
			return c.edit(ctx, args[0], args[1:])
		}
	}
	var sf storeFlags
	var typ, since, limit string
	var asJSON bool
	fs := newFlagSet("entities")
	sf.register(fs, "entities", false)
	fs.StringVar(&typ, "type", "", "")
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&limit, "limit", "", "")
	fs.BoolVar(&asJSON, "json", false, "")
	if err := parseFlags(fs, "entities", args); err != nil {
		return err
	}
	v := url.Values{"q": {strings.Join(fs.Args(), " ")}, "type": {typ}, "limit": {limit}}
	if since != "" {
		if d, err := time.ParseDuration(since); err == nil {
			v.Set("from", time.Now().Add(-d).UTC().Format(time.RFC3339))
		} else {
			v.Set("from", since)
		}
	}
	f, err := httpapi.ParseEntityFilter(v)
	if err != nil {
		return usagef("entities", "%v", err)
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	list, err := st.Entities(ctx, f)
	if err != nil {
		return err
	}
	if asJSON {
		b, err := json.MarshalIndent(list, "", "  ")
		if err != nil {
			return err
		}
		_, err = c.Stdout.Write(jsonSafe(append(b, '\n')))
		return err
	}
	tw := tabwriter.NewWriter(c.Stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTYPE\tMENTIONS\tARTICLES\tNAME")
	for _, e := range list.Entities {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", termSafe(e.ID), e.Type, e.Mentions, e.Articles, termSafe(e.Name))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(c.Stderr, "%d of %d entities\n", len(list.Entities), list.Total)
	return nil
}

// edit carries out entities alias, merge or split.
func (c *EntitiesCommand) edit(ctx context.Context, verb string, args []string) error {
	var sf storeFlags
	fs := newFlagSet("entities " + verb)
	sf.register(fs, "entities", false)
	if err := parseFlags(fs, "entities", args); err != nil {
		return err
	}
	if fs.NArg() != 2 {
		return usagef("entities", "%s: want two arguments, got %d", verb, fs.NArg())
	}
	a, b := fs.Arg(0), fs.Arg(1)
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	switch verb {
	case "alias":
		err = st.AliasEntity(ctx, a, b)
		if err == nil {
			fmt.Fprintf(c.Stdout, "%q now stands for %s\n", b, a)
		}
	case "merge":
		err = st.MergeEntity(ctx, a, b)
		if err == nil {
			fmt.Fprintf(c.Stdout, "merged %s into %s\n", a, b)
		}
	case "split":
		var id string
		id, err = st.SplitEntity(ctx, a, b)
		if err == nil {
			fmt.Fprintf(c.Stdout, "the mentions of %s written %q are now %s\n", a, b, id)
		}
	}
	return err
}
