package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/lang"
)

// QuotesCommand implements "newsdesk quotes": what the stored articles
// say people said.
type QuotesCommand struct {
	*Main
}

// Usage writes the help text of the quotes command.
func (c *QuotesCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk quotes [flags] [WORDS]

List the quotations of the stored articles, newest first, with their
speakers: each quotation once, however many wire copies carry it, with
the number of outlets that do. With WORDS, only quotations with all of
them (stemmed, in German and English; "a phrase" in quotes).

Flags:
  --speaker ID        only quotations of this entity (see newsdesk entities)
  --since DATE        only articles published at or after DATE
                      (2006-01-02, RFC 3339, or a duration back such as 24h)
  --lang CODE         only articles in this language (de, en)
  --limit N           at most N quotations (default 50; 0 for all)
  --json              write one JSON document, as GET /api/quotes does
  --jsonl             write one JSON object per quotation and line
  --csv               write CSV with a header row
  --read-only         read the store as it is
`+storeFlagsUsage)
}

// Run lists the quotations.
func (c *QuotesCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	var speaker, since, code string
	var limit int
	var asJSON, asJSONL, asCSV bool
	fs := newFlagSet("quotes")
	sf.register(fs, "quotes", false)
	fs.StringVar(&speaker, "speaker", "", "")
	fs.StringVar(&since, "since", "", "")
	fs.StringVar(&code, "lang", "", "")
	fs.IntVar(&limit, "limit", 50, "")
	fs.BoolVar(&asJSON, "json", false, "")
	fs.BoolVar(&asJSONL, "jsonl", false, "")
	fs.BoolVar(&asCSV, "csv", false, "")
	if err := parseFlags(fs, "quotes", args); err != nil {
		return err
	}
	if n := btoi(asJSON) + btoi(asJSONL) + btoi(asCSV); n > 1 {
		return usagef("quotes", "--json, --jsonl and --csv exclude one another")
	}
	if limit < 0 {
		return usagef("quotes", "--limit: want 0 or more, got %d", limit)
	}
	f := newsdesk.QuoteFilter{Query: strings.Join(fs.Args(), " "), Speaker: strings.TrimSpace(speaker)}
	if since != "" {
		t, err := parseSince(since, time.Now())
		if err != nil {
			return usagef("quotes", "--since: %v", err)
		}
		f.From = t
	}
	if code != "" {
		if f.Lang = lang.Normalize(code); f.Lang == "" {
			return usagef("quotes", "--lang: unknown language %q", code)
		}
	}
	_, st, err := sf.open(ctx, fs)
	if err != nil {
		return err
	}
	defer st.Close()

	bw := bufio.NewWriter(c.Stdout)
	cw := csv.NewWriter(bw)
	if asCSV {
		cw.Write([]string{"published", "speaker_id", "speaker", "quote", "form", "cue", "article_id", "site", "url", "outlets"})
	}
	all := &newsdesk.QuoteList{Quotes: []newsdesk.QuoteHit{}}
	n := 0
	for {
		f.Limit = 100
		if limit > 0 {
			f.Limit = min(100, limit-n)
		}
		page, err := st.Quotes(ctx, f)
		if err != nil {
			return err
		}
		all.Total = page.Total
		for _, q := range page.Quotes {
			speakerID, speakerText := "", ""
			if q.Speaker != nil {
				speakerID, speakerText = q.Speaker.EntityID, q.Speaker.Text
			}
			cue := ""
			if q.Cue != nil {
				cue = q.Cue.Text
			}
			switch {
			case asJSON:
				all.Quotes = append(all.Quotes, q)
			case asJSONL:
				b, err := json.Marshal(q)
				if err != nil {
					return err
				}
				bw.Write(jsonSafe(append(b, '\n')))
			case asCSV:
				cw.Write([]string{timeText(q.Published), csvCell(speakerID), csvCell(speakerText), csvCell(q.Text), string(q.Form),
					csvCell(cue), strconv.FormatInt(q.ArticleID, 10), csvCell(q.Site), csvCell(q.URL), strconv.Itoa(len(q.Outlets))})
			default:
				who := speakerText
				if q.SpeakerName != "" {
					who = q.SpeakerName
				}
				if who == "" {
					who = "?"
				}
				also := ""
				if len(q.Outlets) > 1 {
					also = fmt.Sprintf(" (+%d outlets)", len(q.Outlets)-1)
				}
				fmt.Fprintf(bw, "%s\t%s\t%s\t%s%s\n", dateText(q.Published), termSafe(who), termSafe(q.Text), termSafe(q.Site), also)
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
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	if !asJSON && !asJSONL && !asCSV {
		fmt.Fprintf(c.Stderr, "%d of %d quotations\n", n, all.Total)
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
