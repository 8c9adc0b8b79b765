package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/analyze"
	"newsdesk/dates"
	"newsdesk/extract"
)

// AnalyzeCommand implements "newsdesk analyze": the entities of texts
// and pages.
type AnalyzeCommand struct {
	*Main
}

// Usage writes the help text of the analyze command.
func (c *AnalyzeCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk analyze [flags] FILE|DIR...
       newsdesk analyze --batch INDIR OUTDIR

Find the people, organisations, places and other names in texts, and
resolve each mention to an identity: "Wladimir Putin", "Putin", "Putins"
and "der Kreml-Chef" are one entity; a role noun resolves to whoever held
the office at the text's date. Find what the texts say who said
(quotations with their cue and speaker), the agencies credited for them,
the sources they cite and the figures they attribute to someone.

Each FILE is a text file (*.txt, or anything not HTML) or an HTML page
(*.html, *.htm, *.html.gz), whose article is extracted first; a DIR
stands for its files of those kinds, in name order.

--batch reads every INDIR/<id>.txt, with INDIR/<id>.meta.json if there is
one ({"date": "2024-06-19", "lang": "de", "url": "…"}), and writes
OUTDIR/<id>.json:

  {"language": "de",
   "entities": [{"start": 0, "end": 5, "type": "PER", "text": "Putin",
                 "kind": "name", "id": "Q7747", "name": "Wladimir Putin"}],
   "mentions": [{"start": 40, "end": 54, "type": "PER",
                 "text": "der Kreml-Chef", "kind": "role", "id": "Q7747",
                 "name": "Wladimir Putin"}],
   "quotes": [{"start": 70, "end": 80, "text": "Durchbruch",
               "speaker": {"start": 0, "end": 5, "text": "Putin", "id": "Q7747"},
               "cue": {"start": 56, "end": 61, "text": "nannte"},
               "form": "direct"}],
   "agencies": ["dpa", "AFP"],
   "sources": [{"start": 90, "end": 100, "text": "spiegel.de",
                "name": "Spiegel", "kind": "media", "id": "…"}],
   "figures": [{"start": 120, "end": 136, "text": "über 10.000 Container",
                "value": 10000, "unit": "Container",
                "claimant": {"start": 143, "end": 153, "text": "US-Angaben", "id": "…"}}]}

with offsets in Unicode code points (end exclusive). entities are the
named mentions, typed as they read ("Moskau" is LOC where it stands for
Russia's government too); mentions are the role nouns. id is the key of
the curated table of actors (a Wikidata id where known) or a key made from
the type and name, stable across files and runs; a name met in one file
of the batch in full ("Olaf Scholz") resolves its surname in another.
A quotation's form is direct, indirect, freeindirect or reported; an
interrupted one ("…", sagte er, "…") lists its pieces as parts. speaker,
cue and claimant are null when the text names none, and id is null when
the span resolves to no entity. Source kinds are agency, media, document
and institution; a figure's value is a number ("2,5 Millionen" is
2500000) and its unit a noun, "%" or a currency code.

Flags:
  --format json|text  output format (default text: one line a mention,
                      quotation, source or figure)
  --lang CODE         the texts' language (default: guessed)
  --date DATE         the texts' date, for role nouns (default: the page's
                      date, else today)
  --batch             the batch mode above
  -j N                analyse N files at once (default and 0: one per CPU)
`)
}

// Run analyses the inputs.
func (c *AnalyzeCommand) Run(ctx context.Context, args []string) error {
	var format, code, date string
	var batch bool
	jobs := jobsFlag{n: runtime.NumCPU()}
	fs := newFlagSet("analyze")
	fs.StringVar(&format, "format", "text", "")
	fs.StringVar(&code, "lang", "", "")
	fs.StringVar(&date, "date", "", "")
	fs.BoolVar(&batch, "batch", false, "")
	fs.Var(&jobs, "j", "")
	if err := parseFlags(fs, "analyze", args); err != nil {
		return err
	}
	if format != "json" && format != "text" {
		return usagef("analyze", "--format: want json or text, got %q", format)
	}
	var at time.Time
	if date != "" {
		t, ok := parseDay(date)
		if !ok {
			return usagef("analyze", "--date: want a date such as 2024-06-19, got %q", date)
		}
		at = t
	}
	an := analyze.New(nil, nil)
	if batch {
		if fs.NArg() != 2 {
			return usagef("analyze", "--batch needs INDIR and OUTDIR")
		}
		return c.batch(ctx, an, fs.Arg(0), fs.Arg(1), code, at, jobs.n)
	}
	if fs.NArg() == 0 {
		return usagef("analyze", "no input: give files or directories")
	}
	var files []string
	for _, p := range fs.Args() {
		fi, err := os.Stat(p)
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		ents, err := os.ReadDir(p)
		if err != nil {
			return err
		}
		for _, e := range ents {
			n := strings.ToLower(e.Name())
			if !e.IsDir() && (strings.HasSuffix(n, ".txt") || isHTMLName(n)) {
				files = append(files, filepath.Join(p, e.Name()))
			}
		}
	}
	failed := 0
	for _, f := range files {
		in, err := readAnalyzeInput(f)
		if err != nil {
			fmt.Fprintf(c.Stderr, "newsdesk: analyze: %s: %v\n", termSafe(f), err)
			failed++
			continue
		}
		if code != "" {
			in.Lang = code
		}
		if !at.IsZero() {
			in.Date = at
		}
		res := an.Analyze(ctx, in)
		if format == "json" {
			b, err := json.MarshalIndent(batchOutput(res, an), "", "  ")
			if err != nil {
				return err
			}
			c.Stdout.Write(jsonSafe(append(b, '\n')))
			continue
		}
		if len(files) > 1 {
			fmt.Fprintf(c.Stdout, "== %s (%s)\n", termSafe(f), res.Language)
		}
		for _, m := range res.Mentions {
			name := "-"
			if e := entityOf(res, m.EntityID); e != nil {
				name = e.Name + " [" + e.ID + "]"
			}
			fmt.Fprintf(c.Stdout, "%d-%d\t%s\t%s\t%s\t%s\n", m.Start, m.End, m.Type, m.Kind, termSafe(m.Text), termSafe(name))
		}
		printAttribution(c.Stdout, res)
	}
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: len(files)}
	}
	return nil
}

func isHTMLName(n string) bool {
	return strings.HasSuffix(n, ".html") || strings.HasSuffix(n, ".htm") || strings.HasSuffix(n, ".html.gz")
}

// readAnalyzeInput reads a text file, or an HTML page whose article it
// extracts.
func readAnalyzeInput(path string) (analyze.Input, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return analyze.Input{}, err
	}
	if len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return analyze.Input{}, err
		}
		if b, err = io.ReadAll(zr); err != nil {
			return analyze.Input{}, err
		}
	}
	if !isHTMLName(strings.ToLower(path)) && !looksHTML(b) {
		return analyze.Input{Text: string(b)}, nil
	}
	a, err := extract.Extract(b, extract.Options{})
	if err != nil && !errors.Is(err, extract.ErrNoArticle) {
		return analyze.Input{}, err
	}
	if a == nil {
		return analyze.Input{}, errors.New("no article")
	}
	return analyze.Input{Text: a.Text(), Lang: a.Language, Date: a.Published}, nil
}

// looksHTML reports whether b starts like an HTML document.
func looksHTML(b []byte) bool {
	s := strings.ToLower(strings.TrimSpace(string(b[:min(len(b), 512)])))
	return strings.HasPrefix(s, "<!doctype html") || strings.HasPrefix(s, "<html")
}

func entityOf(a *newsdesk.Analysis, id string) *newsdesk.Entity {
	for i := range a.Entities {
		if a.Entities[i].ID == id {
			return &a.Entities[i]
		}
	}
	return nil
}

// batchMention is a mention as the batch contract writes it.
type batchMention struct {
	Start int     `json:"start"`
	End   int     `json:"end"`
	Type  string  `json:"type"`
	Text  string  `json:"text"`
	Kind  string  `json:"kind"`
	ID    *string `json:"id"`
	Name  *string `json:"name"`
}

// batchAttributed is a speaker or claimant as the batch contract writes
// it: id is null when it resolves to no entity.
type batchAttributed struct {
	newsdesk.Span
	ID *string `json:"id"`
}

// batchQuote is a quotation as the batch contract writes it.
type batchQuote struct {
	newsdesk.Span
	Parts   []newsdesk.Span  `json:"parts,omitempty"`
	Speaker *batchAttributed `json:"speaker"`
	Cue     *newsdesk.Span   `json:"cue"`
	Form    string           `json:"form"`
}

// batchSource is a cited source as the batch contract writes it.
type batchSource struct {
	newsdesk.Span
	Name string  `json:"name"`
	Kind string  `json:"kind"`
	ID   *string `json:"id"`
}

// batchFigure is an attributed figure as the batch contract writes it.
type batchFigure struct {
	newsdesk.Span
	Value    float64          `json:"value"`
	Unit     string           `json:"unit"`
	Claimant *batchAttributed `json:"claimant"`
}

// batchResult is the JSON of one analysed text.
type batchResult struct {
	Language string         `json:"language"`
	Entities []batchMention `json:"entities"`
	Mentions []batchMention `json:"mentions"`
	Quotes   []batchQuote   `json:"quotes"`
	Agencies []string       `json:"agencies"`
	Sources  []batchSource  `json:"sources"`
	Figures  []batchFigure  `json:"figures"`
}

func batchWho(a *newsdesk.Attributed) *batchAttributed {
	if a == nil {
		return nil
	}
	return &batchAttributed{Span: a.Span, ID: idOrNil(a.EntityID)}
}

func idOrNil(id string) *string {
	if id == "" {
		return nil
	}
	return &id
}

// batchOutput turns an analysis into the batch contract's JSON: named
// mentions under entities, the others under mentions.
func batchOutput(a *newsdesk.Analysis, an *analyze.Analyzer) batchResult {
	out := batchResult{Language: a.Language, Entities: []batchMention{}, Mentions: []batchMention{},
		Quotes: []batchQuote{}, Agencies: []string{}, Sources: []batchSource{}, Figures: []batchFigure{}}
	for _, q := range a.Quotes {
		out.Quotes = append(out.Quotes, batchQuote{Span: q.Span, Parts: q.Parts, Speaker: batchWho(q.Speaker), Cue: q.Cue, Form: string(q.Form)})
	}
	out.Agencies = append(out.Agencies, a.Agencies...)
	for _, c := range a.Sources {
		out.Sources = append(out.Sources, batchSource{Span: c.Span, Name: c.Name, Kind: string(c.Kind), ID: idOrNil(c.EntityID)})
	}
	for _, f := range a.Figures {
		out.Figures = append(out.Figures, batchFigure{Span: f.Span, Value: f.Value, Unit: f.Unit, Claimant: batchWho(f.Claimant)})
	}
	for _, m := range a.Mentions {
		bm := batchMention{Start: m.Start, End: m.End, Type: string(m.Type), Text: m.Text, Kind: string(m.Kind)}
		if e := entityOf(a, m.EntityID); e != nil {
			bm.ID, bm.Name = &e.ID, &e.Name
		}
		if m.Kind == newsdesk.RoleMention {
			out.Mentions = append(out.Mentions, bm)
		} else {
			out.Entities = append(out.Entities, bm)
		}
	}
	return out
}

// batchMeta is the optional INDIR/<id>.meta.json.
type batchMeta struct {
	Date string `json:"date"`
	Lang string `json:"lang"`
	URL  string `json:"url"`
}

// batch implements the batch contract.
func (c *AnalyzeCommand) batch(ctx context.Context, an *analyze.Analyzer, indir, outdir, code string, at time.Time, jobs int) error {
	ents, err := os.ReadDir(indir)
	if err != nil {
		return err
	}
	var ids []string
	for _, e := range ents {
		if n := e.Name(); !e.IsDir() && strings.HasSuffix(n, ".txt") {
			ids = append(ids, strings.TrimSuffix(n, ".txt"))
		}
	}
	sort.Strings(ids)
	if err := os.MkdirAll(outdir, 0o755); err != nil {
		return err
	}
	results := make([]*newsdesk.Analysis, len(ids))
	errs := make([]error, len(ids))
	var wg sync.WaitGroup
	next := make(chan int)
	for range max(1, jobs) {
		wg.Go(func() {
			for i := range next {
				results[i], errs[i] = c.batchOne(ctx, an, indir, ids[i], code, at)
			}
		})
	}
	for i := range ids {
		next <- i
	}
	close(next)
	wg.Wait()
	analyze.ResolveAcross(results)
	failed := 0
	for i, id := range ids {
		if errs[i] != nil {
			fmt.Fprintf(c.Stderr, "newsdesk: analyze: %s: %v\n", termSafe(id), errs[i])
			failed++
			continue
		}
		b, err := json.Marshal(batchOutput(results[i], an))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(outdir, id+".json"), b, 0o644); err != nil {
			return err
		}
	}
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: len(ids)}
	}
	return nil
}

func (c *AnalyzeCommand) batchOne(ctx context.Context, an *analyze.Analyzer, indir, id, code string, at time.Time) (*newsdesk.Analysis, error) {
	text, err := os.ReadFile(filepath.Join(indir, id+".txt"))
	if err != nil {
		return nil, err
	}
	in := analyze.Input{Text: string(text), Lang: code, Date: at}
	if b, err := os.ReadFile(filepath.Join(indir, id+".meta.json")); err == nil {
		var m batchMeta
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("%s.meta.json: %w", id, err)
		}
		if in.Lang == "" {
			in.Lang = m.Lang
		}
		if m.Date != "" && in.Date.IsZero() {
			var ok bool
			if in.Date, ok = parseDay(m.Date); !ok {
				return nil, fmt.Errorf("%s.meta.json: bad date %q", id, m.Date)
			}
		}
	}
	return an.Analyze(ctx, in), nil
}

// parseDay parses a date as 2006-01-02 or RFC 3339, else as the date
// parser reads dates in pages.
func parseDay(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return dates.Parse(s)
}

// printAttribution writes the quotations, agencies, cited sources and
// figures of an analysis, one per line, after its mentions.
func printAttribution(w io.Writer, a *newsdesk.Analysis) {
	who := func(p *newsdesk.Attributed) string {
		if p == nil {
			return "-"
		}
		s := termSafe(p.Text)
		if e := entityOf(a, p.EntityID); e != nil {
			s += " [" + e.ID + "]"
		} else if p.EntityID != "" {
			s += " [" + termSafe(p.EntityID) + "]"
		}
		return s
	}
	for _, q := range a.Quotes {
		cue := "-"
		if q.Cue != nil {
			cue = termSafe(q.Cue.Text)
		}
		fmt.Fprintf(w, "%d-%d\tquote\t%s\t%s\t%s\t%s\n", q.Start, q.End, q.Form, who(q.Speaker), cue, termSafe(q.Text))
	}
	if len(a.Agencies) > 0 {
		fmt.Fprintf(w, "-\tagencies\t%s\n", termSafe(strings.Join(a.Agencies, ", ")))
	}
	for _, c := range a.Sources {
		id := "-"
		if c.EntityID != "" {
			id = termSafe(c.EntityID)
		}
		fmt.Fprintf(w, "%d-%d\tsource\t%s\t%s\t%s\t%s\n", c.Start, c.End, c.Kind, termSafe(c.Name), id, termSafe(c.Text))
	}
	for _, f := range a.Figures {
		fmt.Fprintf(w, "%d-%d\tfigure\t%s\t%s\t%s\t%s\n", f.Start, f.End, strconv.FormatFloat(f.Value, 'f', -1, 64), termSafe(f.Unit), who(f.Claimant), termSafe(f.Text))
	}
}
