package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/lang"
)

// StoriesCommand implements "newsdesk stories": the stories of the
// stored articles, and merging and splitting them by hand.
type StoriesCommand struct {
	*Main
}

// Usage writes the help text of the stories command.
func (c *StoriesCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk stories [list] [flags]
       newsdesk stories show ID [--json]
       newsdesk stories merge FROM INTO
       newsdesk stories split STORY ARTICLE...

A story is the articles about one news event, across outlets, days and
languages; the articles of a story that carry the same text (wire
copies) form a copy group whose original is its earliest article.
Stories are computed as articles are stored (ingest, import, watch,
serve).

list (the default) writes the stories, most recently updated first: one
line each with the last update, the number of articles and outlets, the
languages, the story's id and its headline (that of its first report).
show writes a story with its first report, its articles (copies marked
with the id of their original), actors and quotations. merge moves the
articles of story FROM into story INTO, whose id FROM then stands for;
split moves the given articles of STORY into a new story and prints its
id (the lowest of theirs).

Flags of list:
  --since DATE        only stories updated at or after DATE (2006-01-02,
                      RFC 3339, or a duration back such as 24h)
  --lang CODE         only stories with an article in this language
  --entity ID         only stories with an article that mentions this
                      entity (see newsdesk entities)
  --min-articles N    only stories with at least N articles
  --limit N           at most N stories (default 50; 0 for all)
  --json              write one JSON document, as GET /api/stories does
  --jsonl             write one JSON object per story and line
  --read-only         read the store as it is
`+storeFlagsUsage+`
Examples:
  newsdesk stories --since 24h --min-articles 3
  newsdesk stories show 1841
  newsdesk stories merge 1902 1841
`)
}

// Run dispatches to the subcommands.
func (c *StoriesCommand) Run(ctx context.Context, args []string) error {
	sub := "list"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		sub, args = args[0], args[1:]
	}
	switch sub {
	case "list":
		return c.list(ctx, args)
	case "show":
		return c.show(ctx, args)
	case "merge", "split":
		return c.edit(ctx, sub, args)
	}
	return usagef("stories", "unknown subcommand %q (want list, show, merge or split)", sub)
}

func (c *StoriesCommand) list(ctx context.Context, args []string) error {
	var sf storeFlags
	var since, code, entity string
	var limit, minArticles int
	var asJSON, asJSONL bool
	fs := newFlagSet("stories list")
	sf.register(fs, "stories", false)
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&code, "lang", "", "")
	fs.StringVar(&entity, "entity", "", "")
	fs.IntVar(&minArticles, "min-articles", 0, "")
	fs.IntVar(&limit, "limit", 50, "")
	fs.BoolVar(&asJSON, "json", false, "")
	fs.BoolVar(&asJSONL, "jsonl", false, "")
	if err := parseFlags(fs, "stories", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("stories", "unexpected argument %q", fs.Arg(0))
	}
	if asJSON && asJSONL {
		return usagef("stories", "--json and --jsonl exclude each other")
	}
	if limit < 0 || minArticles < 0 {
		return usagef("stories", "--limit and --min-articles must not be negative")
	}
	f := newsdesk.StoryFilter{Entity: strings.TrimSpace(entity), MinArticles: minArticles}
	if since != "" {
		t, err := parseSince(since, time.Now())
		if err != nil {
			return usagef("stories", "--since: %v", err)
		}
		f.From = t
	}
	if code != "" {
		if f.Language = lang.Normalize(code); f.Language == "" {
			return usagef("stories", "--lang: unknown language %q", code)
		}
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	bw := bufio.NewWriter(c.Stdout)
	all := &newsdesk.StoryList{Stories: []newsdesk.Story{}}
	n := 0
	for {
		f.Limit = 100
		if limit > 0 {
			f.Limit = min(100, limit-n)
		}
		page, err := st.Stories(ctx, f)
		if err != nil {
			return err
		}
		all.Total = page.Total
		for _, s := range page.Stories {
			switch {
			case asJSON:
				all.Stories = append(all.Stories, s)
			case asJSONL:
				b, err := json.Marshal(s)
				if err != nil {
					return err
				}
				bw.Write(jsonSafe(append(b, '\n')))
			default:
				fmt.Fprintf(bw, "%s\t%d %s\t%d %s\t%s\t%d\t%s\n", s.Updated.Format("2006-01-02 15:04"),
					s.Articles, plural(int64(s.Articles), "article", "articles"), s.Outlets, plural(int64(s.Outlets), "outlet", "outlets"),
					strings.Join(s.Languages, ","), s.ID, termSafe(s.Title))
			}
			n++
		}
		if page.NextCursor == "" || (limit > 0 && n >= limit) {
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
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if !asJSON && !asJSONL {
		fmt.Fprintf(c.Stderr, "%d of %d stories\n", n, all.Total)
	}
	return nil
}

func (c *StoriesCommand) show(ctx context.Context, args []string) error {
	var sf storeFlags
	var asJSON bool
	fs := newFlagSet("stories show")
	sf.register(fs, "stories", false)
	fs.BoolVar(&asJSON, "json", false, "")
	if err := parseFlags(fs, "stories", args); err != nil {
		return err
	}
	ids, err := storyIDs(fs.Args())
	if err != nil {
		return err
	}
	if len(ids) != 1 {
		return usagef("stories", "show wants one story ID")
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	d, err := st.Story(ctx, ids[0])
	if errors.Is(err, newsdesk.ErrNotFound) {
		return fmt.Errorf("no story %d", ids[0])
	}
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(c.Stdout)
	if asJSON {
		b, err := json.MarshalIndent(d, "", "  ")
		if err != nil {
			return err
		}
		bw.Write(jsonSafe(append(b, '\n')))
		return bw.Flush()
	}
	if d.ID != ids[0] {
		fmt.Fprintf(bw, "(story %d was merged into story %d)\n", ids[0], d.ID)
	}
	fmt.Fprintf(bw, "story %d: %s\n", d.ID, termSafe(d.Title))
	fmt.Fprintf(bw, "first report: %s, %s\n", outletText(d.First.Site), d.First.Published.Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(bw, "updated %s; %d %s (%d %s), %d %s, %s\n", d.Updated.Format("2006-01-02 15:04 MST"),
		d.Articles, plural(int64(d.Articles), "article", "articles"), d.Copies, plural(int64(d.Copies), "copy", "copies"),
		d.Outlets, plural(int64(d.Outlets), "outlet", "outlets"), strings.Join(d.Languages, ", "))
	if len(d.Entities) > 0 {
		names := make([]string, len(d.Entities))
		for i, e := range d.Entities {
			names[i] = fmt.Sprintf("%s (%d)", termSafe(e.Name), e.Articles)
		}
		fmt.Fprintf(bw, "actors: %s\n", strings.Join(names, ", "))
	}
	fmt.Fprintln(bw, "\narticles:")
	for _, a := range d.ArticleList {
		mark := ""
		if a.CopyOf != 0 {
			mark = fmt.Sprintf("  [copy of %d]", a.CopyOf)
		}
		fmt.Fprintf(bw, "  %s\t%d\t%s\t%s\t%s%s\n", a.Published.Format("2006-01-02 15:04"), a.ID, a.Language, outletText(a.Site), termSafe(a.Title), mark)
	}
	if len(d.Quotes) > 0 {
		fmt.Fprintln(bw, "\nquotes:")
		for _, q := range d.Quotes {
			who := q.SpeakerName
			if who == "" && q.Speaker != nil {
				who = q.Speaker.Text
			}
			if who == "" {
				who = "?"
			}
			fmt.Fprintf(bw, "  %s: %s\n", termSafe(who), termSafe(q.Text))
		}
	}
	return bw.Flush()
}

func (c *StoriesCommand) edit(ctx context.Context, sub string, args []string) error {
	var sf storeFlags
	fs := newFlagSet("stories " + sub)
	sf.register(fs, "stories", false)
	if err := parseFlags(fs, "stories", args); err != nil {
		return err
	}
	ids, err := storyIDs(fs.Args())
	if err != nil {
		return err
	}
	switch {
	case sub == "merge" && len(ids) != 2:
		return usagef("stories", "merge wants two story IDs: FROM INTO")
	case sub == "split" && len(ids) < 2:
		return usagef("stories", "split wants a story ID and the IDs of the articles to split off")
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	if sub == "merge" {
		if err := st.MergeStories(ctx, ids[0], ids[1]); err != nil {
			return err
		}
		fmt.Fprintf(c.Stderr, "newsdesk: stories: story %d merged into story %d\n", ids[0], ids[1])
		return nil
	}
	id, err := st.SplitStory(ctx, ids[0], ids[1:])
	if err != nil {
		return err
	}
	fmt.Fprintln(c.Stdout, id)
	return nil
}

// outletText is an outlet for a text line: "?" when unknown.
func outletText(site string) string {
	if site == "" {
		return "?"
	}
	return termSafe(site)
}

// storyIDs reads the positive numbers of args.
func storyIDs(args []string) ([]int64, error) {
	ids := make([]int64, len(args))
	for i, a := range args {
		id, err := strconv.ParseInt(a, 10, 64)
		if err != nil || id <= 0 {
			return nil, usagef("stories", "%q is not an ID", a)
		}
		ids[i] = id
	}
	return ids, nil
}
