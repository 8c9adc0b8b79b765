package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"newsdesk"
)

// ArticlesCommand implements "newsdesk articles": list stored articles.
type ArticlesCommand struct {
	*Main
}

// Usage writes the help text of the articles command.
func (c *ArticlesCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk articles [flags]

List the stored articles, oldest first (in the order they were stored).

Without a format flag, one line per article: ID, publication date,
outlet (the name of the site it was published on, else its site name)
and title. --json writes a JSON array, --jsonl one JSON object a line,
and --csv a table with the columns id, url, canonical_url, title,
published, site_name, language, authors (joined by "; "), source_id,
stored, copy_of, story, outlet_id, outlet_name, outlet_domain and text;
a cell that a spreadsheet would take for a formula (starting with =, +,
-, @, a tab or a CR) gets a leading single quote. In the text lines,
control characters of titles and site names are shown as escapes (\x1b).
JSON objects hold every field of the article, its body text (text), its
blocks, the fields an imported article came with that have no place
of their own (extra), its outlet ({"id", "name", "domain"}, null when it
has none) and its connections: copy_of, the id of the original when the
article is a copy of another outlet's (else null), and story, the id of
its story (null until it is connected); 'newsdesk import' reads them
back.

Flags:
  --json, --jsonl, --csv
                      output format (default: text lines)
  --since DATE        only articles published (or, if the date is
                      unknown, stored) at or after DATE: 2006-01-02, RFC
                      3339, or a duration back from now such as 24h
  --source ID         only articles of the source with that ID
  --limit N           at most N articles
  --read-only         read the store as it is (chosen by itself for a
                      store that cannot be written)
`+storeFlagsUsage+`
Examples:
  newsdesk articles --since 24h
  newsdesk articles --jsonl --source 3 > articles.jsonl
`)
}

// storedArticleJSON is an article as written by --json and --jsonl.
type storedArticleJSON struct {
	newsdesk.StoredArticle
	// Outlet is written null when the article has none.
	Outlet *newsdesk.Outlet `json:"outlet"`
	Text   string           `json:"text"`
}

// articlesPage is how many articles are read from the store at a time.
const articlesPage = 500

// Run lists the articles.
func (c *ArticlesCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	var asJSON, asJSONL, asCSV bool
	var since string
	var source int64
	var limit int
	fs := newFlagSet("articles")
	sf.register(fs, "articles", false)
	fs.BoolVar(&asJSON, "json", false, "")
	fs.BoolVar(&asJSONL, "jsonl", false, "")
	fs.BoolVar(&asCSV, "csv", false, "")
	fs.StringVar(&since, "since", "", "")
	fs.Int64Var(&source, "source", 0, "")
	fs.IntVar(&limit, "limit", 0, "")
	if err := parseFlags(fs, "articles", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("articles", "unexpected argument %q", fs.Arg(0))
	}
	formats := 0
	for _, b := range []bool{asJSON, asJSONL, asCSV} {
		if b {
			formats++
		}
	}
	if formats > 1 {
		return usagef("articles", "--json, --jsonl and --csv exclude each other")
	}
	if limit < 0 || source < 0 {
		return usagef("articles", "--limit and --source must not be negative")
	}
	filter := newsdesk.ArticleFilter{SourceID: source}
	if since != "" {
		t, err := parseSince(since, time.Now())
		if err != nil {
			return usagef("articles", "--since: %v", err)
		}
		filter.Since = t
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()

	bw := bufio.NewWriter(c.Stdout)
	cw := csv.NewWriter(bw)
	var jbuf bytes.Buffer
	enc := json.NewEncoder(&jbuf)
	enc.SetEscapeHTML(false)
	switch {
	case asCSV:
		cw.Write([]string{"id", "url", "canonical_url", "title", "published", "site_name", "language", "authors", "source_id", "stored", "copy_of", "story", "outlet_id", "outlet_name", "outlet_domain", "text"})
	case asJSON:
		bw.WriteString("[")
	}
	n := 0
	for limit == 0 || n < limit {
		f := filter
		f.Limit = articlesPage
		if limit > 0 {
			f.Limit = min(articlesPage, limit-n)
		}
		arts, err := st.Articles(ctx, f)
		if err != nil {
			return err
		}
		for i := range arts {
			a := &arts[i]
			switch {
			case asCSV:
				cells := []string{strconv.FormatInt(a.ID, 10), csvCell(a.URL), csvCell(a.CanonicalURL), csvCell(a.Title), timeText(a.Published),
					csvCell(a.SiteName), csvCell(a.Language), csvCell(strings.Join(a.Authors, "; ")), strconv.FormatInt(a.SourceID, 10), timeText(a.Stored), idText(a.CopyOf), idText(a.Story)}
				cells = append(cells, outletCells(a.Outlet)...)
				cw.Write(append(cells, csvCell(a.Text())))
			case asJSON || asJSONL:
				if asJSON {
					if n > 0 {
						bw.WriteString(",")
					}
					bw.WriteString("\n")
				}
				jbuf.Reset()
				if err := enc.Encode(storedArticleJSON{*a, a.Outlet, a.Text()}); err != nil {
					return fmt.Errorf("article %d: %w", a.ID, err)
				}
				if asJSON {
					jbuf.Truncate(jbuf.Len() - 1) // the newline
				}
				bw.Write(jsonSafe(jbuf.Bytes()))
			default:
				site := a.SiteName
				if a.Outlet != nil {
					site = a.Outlet.Name
				}
				if site == "" {
					site = "-"
				}
				fmt.Fprintf(bw, "%d\t%s\t%s\t%s\n", a.ID, dateText(a.Published), termSafe(site), termSafe(a.Title))
			}
			n++
		}
		if len(arts) < f.Limit {
			break
		}
		filter.AfterID = arts[len(arts)-1].ID
	}
	if asJSON {
		if n > 0 {
			bw.WriteString("\n")
		}
		bw.WriteString("]\n")
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// parseSince reads a --since value: a date, an RFC 3339 time, or a
// duration back from now.
func parseSince(s string, now time.Time) (time.Time, error) {
	if d, err := time.ParseDuration(s); err == nil && d > 0 {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04", "2006-01-02 15:04", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, s, time.Local); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q: want 2006-01-02, an RFC 3339 time or a duration such as 24h", s)
}

// csvCell returns s as a CSV cell that a spreadsheet shows as text: a
// cell starting with =, +, -, @, a tab or a CR would be run as a formula
// (a title such as =HYPERLINK("http://…") becomes a link), so it gets a
// leading single quote.
func csvCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func dateText(t time.Time) string {
	if t.IsZero() {
		return "----------"
	}
	return t.Format(time.DateOnly)
}

// outletCells are the CSV cells outlet_id, outlet_name and
// outlet_domain of an article's outlet: empty for none.
func outletCells(o *newsdesk.Outlet) []string {
	if o == nil {
		return []string{"", "", ""}
	}
	return []string{strconv.FormatInt(o.ID, 10), csvCell(o.Name), csvCell(o.Domain)}
}

// idText is an id as a CSV cell: empty for none.
func idText(id newsdesk.NullID) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(int64(id), 10)
}
