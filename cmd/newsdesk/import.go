package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"newsdesk"
	"newsdesk/ingest"
	"newsdesk/lang"
	"newsdesk/urlnorm"
)

// ImportCommand implements "newsdesk import": store articles extracted
// elsewhere, from JSON Lines.
type ImportCommand struct {
	*Main
}

// Usage writes the help text of the import command.
func (c *ImportCommand) Usage(w io.Writer) {
	fmt.Fprintf(w, `Usage: newsdesk import [flags] FILE.jsonl|-

Store articles that were extracted already (by another tool, or for an
evaluation), read from a JSON Lines file or stdin (-), gzip-compressed
or not: one JSON object a line. They are stored as ingest stores the
articles it extracts: an article already stored under the same URL,
canonical URL or text is updated (if its text changed) or counted as a
duplicate; then they are analysed and indexed for search.

  url         required: the article's http(s) URL
  text        required unless blocks are given: the body; blank lines
              separate paragraphs
  title       the headline
  published   publication time, RFC 3339 (2024-06-19T08:00:00+02:00)
  language    ISO 639-1 code or tag (de, en-GB); guessed from the text
              when missing
  outlet      the outlet (the site it was published on): its name
              ("Der Spiegel"), its domain or URL ("spiegel.de"), or an
              object {"name", "domain"} as 'articles --jsonl' writes it
              (its id is the other store's and is left out). The
              article is filed under that domain instead of its URL's,
              and the name counts for the outlet's name; a name is the
              article's site name when it has none
  authors     a list of names

The fields that 'newsdesk articles --jsonl' writes are read too
(canonical_url, subtitle, modified, site_name, image, section, tags,
paywalled, blocks, charset, truncated, extra), so that its output
imports into another store as the same articles; blocks, when present,
are the body, and text is not split. Its id, page_id, source_id, hash,
stored, updated, revisions, copy_of and story are the other store's
and are left out: the importing store connects the articles again.
Every other key is kept in the article's extra fields, which articles
--json and --jsonl and the API write back.

An imported article has no raw page: reprocess leaves it as it is. The
lines are stored one after the other, in their order: a later line of a
URL with a changed text is a revision of the earlier one, and the same
input gives the same ids, copies and stories on every run.

A line that is not a JSON object, lacks url or text, has a bad date or a
URL that is not http(s) is reported on stderr with its line number
(FILE:LINE: reason) and skipped; the others are stored. A summary line
ends the run, as for ingest:

  fetched 0, new 980, updated 3, duplicates 15, failed 2, without article 0

A progress bar is shown on stderr when it is a terminal. On interrupt
(Ctrl-C, SIGTERM), no new line is read; those read are stored.

Flags:
  -j N                parse N lines at once (default and 0: the number of
                      CPUs, %d)
  --no-index          leave the stored articles out of the search index
                      (the next command that searches adds them)
  --no-analyze        leave the stored articles unanalysed (the next
                      ingest, serve or reanalyze analyses them)
`+storeFlagsUsage+`
Exit status: 0 when every line was stored (or found stored already), 1
when a line failed, the input could not be read to its end, the store
failed as a whole (a full disk) or the run was interrupted, 2 on a bad
command line.

Examples:
  newsdesk import corpus.jsonl
  newsdesk articles --jsonl --data old-data | newsdesk import --data new-data -
`, runtime.NumCPU())
}

// Run imports the articles.
func (c *ImportCommand) Run(ctx context.Context, args []string) error {
	throughputGC()
	var sf storeFlags
	jobs := jobsFlag{n: runtime.NumCPU()}
	fs := newFlagSet("import")
	sf.register(fs, "import", false)
	fs.Var(&jobs, "j", "")
	noIndex := fs.Bool("no-index", false, "")
	noAnalyze := fs.Bool("no-analyze", false, "")
	if err := parseFlags(fs, "import", args); err != nil {
		return err
	}
	switch fs.NArg() {
	case 0:
		return usagef("import", "no input: name a JSON Lines file, or - for stdin")
	case 1:
	default:
		return usagef("import", "unexpected argument %q: import reads one file", fs.Arg(1))
	}
	name := fs.Arg(0)
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	var in io.Reader = c.Stdin
	if name == "-" {
		name = "stdin"
	} else {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}
	st, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()

	var ix index
	if !*noIndex {
		if ix, err = openIndexOf(cfg, st); err != nil {
			return err
		}
		defer ix.Close()
	}

	// The followers of the store (analysis, connections, index) run
	// while the articles are stored and catch up at the end, as for
	// ingest.
	fl, stopFollowing, err := c.followStore(ctx, "import", st, ix, !*noAnalyze)
	if err != nil {
		return err
	}
	imp := &importer{store: st, name: name, workers: jobs.n, stderr: c.Stderr, now: time.Now}
	if c.StderrTerminal {
		imp.prog = newProgress(c.Stderr, 0)
	}
	stats, err := imp.run(ctx, in)
	stopFollowing()
	imp.prog.clear()
	err = c.catchUpStore(ctx, "import", st, ix, fl, err)
	fmt.Fprintln(c.Stdout, stats)
	if err != nil {
		return err
	}
	if stats.Failed > 0 {
		return fmt.Errorf("%d of %d lines could not be imported", stats.Failed, stats.Pages)
	}
	return nil
}

// maxImportLine caps the length of a line of the input: an article's
// JSON is at most a few MB, a longer line is not read.
const maxImportLine = 64 << 20

// importQueue is how many parsed lines wait to be stored.
const importQueue = 8

// importer stores the articles of one JSON Lines input.
type importer struct {
	store   newsdesk.Store
	name    string // the input's name in messages
	workers int    // lines parsed at once
	stderr  io.Writer
	prog    *progress // nil: no bar
	now     func() time.Time

	read atomic.Int64 // lines read so far, for the bar
}

// importLine is one line of the input on its way to the store.
type importLine struct {
	n       int // line number, from 1
	data    []byte
	article *newsdesk.Article
	outcome ingest.Outcome
	err     error
	parsed  chan struct{} // closed when article or err is set
}

// run reads the lines of in, parses them with imp.workers goroutines,
// stores their articles in the order of the lines, and counts and
// reports the outcomes. The error is the input's when it
// could not be read to its end, the store's when it failed as a whole
// (the lines after it are counted as stopped), or ctx's.
func (imp *importer) run(ctx context.Context, in io.Reader) (ingest.Stats, error) {
	// work outlives ctx: the lines read are stored after an interrupt.
	work := context.WithoutCancel(ctx)
	readCtx, stopReading := context.WithCancel(ctx)
	defer stopReading()
	// The lines in flight are bounded: a few per worker.
	order := make(chan *importLine, 2*imp.workers+importQueue) // lines in input order
	toParse := make(chan *importLine, imp.workers)
	done := make(chan *importLine, importQueue)
	var readErr error

	// 1. Read the lines.
	go func() {
		defer close(order)
		defer close(toParse)
		readErr = readImportLines(readCtx, in, func(l *importLine) {
			imp.read.Add(1)
			order <- l
			toParse <- l
		})
	}()
	// 2. Parse them into articles.
	for range max(imp.workers, 1) {
		go func() {
			for l := range toParse {
				if l.err == nil {
					l.article, l.err = parseImportLine(l.data)
				}
				l.data = nil
				close(l.parsed)
			}
		}()
	}
	// 3. Store them one after the other, in their order: the change log
	// then lists them as the input does, and the copies and stories
	// its followers find are the same on every run of the same input.
	var storeErr error
	go func() {
		defer close(done)
		for l := range order {
			<-l.parsed
			switch {
			case l.err != nil:
			case storeErr != nil:
				l.outcome, l.err = ingest.Stopped, storeErr
			default:
				imp.save(work, l)
				if newsdesk.StorageFailed(l.err) {
					storeErr = l.err
					stopReading()
					l.outcome = ingest.Stopped
				}
			}
			done <- l
		}
	}()

	// Collect: count and report.
	var st ingest.Stats
	for l := range done {
		st.Pages++
		switch {
		case l.outcome == ingest.Stopped:
			st.Stopped++
		case l.err != nil:
			st.Failed++
			imp.prog.clear()
			fmt.Fprintf(imp.stderr, "newsdesk: import: %s:%d: %s\n", termSafe(imp.name), l.n, termSafe(l.err.Error()))
		case l.outcome == ingest.Added:
			st.New++
		case l.outcome == ingest.Updated:
			st.Updated++
		default:
			st.Duplicates++
		}
		if imp.prog != nil {
			imp.prog.total = int(imp.read.Load())
			imp.prog.add(1)
			imp.prog.draw()
		}
	}
	if storeErr != nil {
		return st, fmt.Errorf("import: the run stopped: %w", storeErr)
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	if readErr != nil {
		return st, fmt.Errorf("%s: %w", imp.name, readErr)
	}
	return st, nil
}

// save stores the article of l with a page that holds no body, and sets
// l's outcome or error.
func (imp *importer) save(ctx context.Context, l *importLine) {
	p := &newsdesk.Page{URL: l.article.URL, ContentType: ingest.ImportedContentType, Fetched: imp.now()}
	_, out, err := imp.store.SaveArticle(ctx, p, l.article)
	switch {
	case err != nil:
		l.err = err
	case out == newsdesk.Created:
		l.outcome = ingest.Added
	case out == newsdesk.Revised:
		l.outcome = ingest.Updated
	default:
		l.outcome = ingest.Duplicate
	}
}

// readImportLines calls fn with every line of r that is not blank,
// numbered from 1, until ctx ends. A line longer than maxImportLine is
// passed on with its error set. A gzip-compressed input is read
// uncompressed. The error is r's, other than io.EOF.
func readImportLines(ctx context.Context, r io.Reader, fn func(*importLine)) error {
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return err
		}
		defer zr.Close()
		br = bufio.NewReaderSize(zr, 64<<10)
	}
	var buf []byte
	for n := 1; ctx.Err() == nil; n++ {
		buf = buf[:0]
		long := false
		var err error
		for {
			var chunk []byte
			chunk, err = br.ReadSlice('\n')
			if !long && len(buf)+len(chunk) <= maxImportLine {
				buf = append(buf, chunk...)
			} else {
				long, buf = true, buf[:0]
			}
			if err != bufio.ErrBufferFull {
				break
			}
		}
		if err != nil && err != io.EOF {
			return err
		}
		l := &importLine{n: n, parsed: make(chan struct{})}
		switch {
		case long:
			l.err = fmt.Errorf("line longer than %d MB, not read", maxImportLine>>20)
			fn(l)
		case len(bytes.TrimSpace(buf)) > 0:
			l.data = bytes.Clone(buf)
			fn(l)
		}
		if err == io.EOF {
			return nil
		}
	}
	return nil
}

// Errors of parseImportLine.
var (
	errNoURL  = errors.New("no url")
	errNoText = errors.New("no text")
)

// droppedImportKeys are the fields of 'articles --jsonl' that belong to
// the store they were written from: the importing store assigns its own.
var droppedImportKeys = map[string]bool{
	"id": true, "page_id": true, "source_id": true, "hash": true,
	"stored": true, "updated": true, "revisions": true, "copy_of": true, "story": true,
}

// blockKinds are the kinds a block of an imported article may have.
var blockKinds = map[newsdesk.BlockKind]bool{
	newsdesk.Heading: true, newsdesk.Paragraph: true, newsdesk.List: true, newsdesk.Quote: true,
	newsdesk.Table: true, newsdesk.Caption: true, newsdesk.Code: true,
}

// parseImportLine reads the article of one line of import input: a JSON
// object with the fields "newsdesk help import" describes. Keys it does
// not know are kept in the article's Extra, numbers as json.Number.
func parseImportLine(line []byte) (*newsdesk.Article, error) {
	// A byte order mark may start the first line.
	line = bytes.TrimSpace(bytes.TrimPrefix(line, []byte("\ufeff")))
	if len(line) == 0 || line[0] != '{' {
		return nil, errors.New("not a JSON object")
	}
	var obj map[string]json.RawMessage
	d := json.NewDecoder(bytes.NewReader(line))
	if err := d.Decode(&obj); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, errors.New("invalid JSON: more than one value on the line")
	}
	a := &newsdesk.Article{}
	var (
		text          string
		outlet        importOutlet
		published     string
		modified      string
		authors, tags stringList
	)
	// Each known key and where it goes; null leaves the field empty.
	fields := map[string]any{
		"url": &a.URL, "canonical_url": &a.CanonicalURL, "title": &a.Title, "subtitle": &a.Subtitle,
		"text": &text, "blocks": &a.Blocks, "published": &published, "modified": &modified,
		"language": &a.Language, "outlet": &outlet, "site_name": &a.SiteName, "authors": &authors,
		"image": &a.Image, "section": &a.Section, "tags": &tags, "paywalled": &a.Paywalled,
		"charset": &a.Charset, "truncated": &a.Truncated,
	}
	var extra map[string]any // the line's "extra" object
	for k, raw := range obj {
		switch dst, known := fields[k]; {
		case known:
			if err := json.Unmarshal(raw, dst); err != nil {
				return nil, fmt.Errorf("%s: want %s", k, jsonKind(dst))
			}
		case droppedImportKeys[k]:
		case k == "extra":
			var v any
			if err := decodeNumbers(raw, &v); err != nil {
				return nil, fmt.Errorf("extra: %w", err)
			}
			var ok bool
			if extra, ok = v.(map[string]any); !ok && v != nil {
				return nil, errors.New("extra: want an object")
			}
		default:
			var v any
			if err := decodeNumbers(raw, &v); err != nil {
				return nil, fmt.Errorf("%s: %w", k, err)
			}
			if a.Extra == nil {
				a.Extra = map[string]any{}
			}
			a.Extra[k] = v
		}
	}
	// A key of the line's top level wins over the same key in its extra.
	for k, v := range extra {
		if _, top := a.Extra[k]; !top {
			if a.Extra == nil {
				a.Extra = map[string]any{}
			}
			a.Extra[k] = v
		}
	}

	a.URL = strings.TrimSpace(a.URL)
	if a.URL == "" {
		return nil, errNoURL
	}
	if err := checkWebURL(a.URL); err != nil {
		return nil, err
	}
	var err error
	if a.Published, err = parseImportTime("published", published); err != nil {
		return nil, err
	}
	if a.Modified, err = parseImportTime("modified", modified); err != nil {
		return nil, err
	}
	a.Authors, a.Tags = authors, tags
	if len(a.Blocks) > 0 {
		for i := range a.Blocks {
			b := &a.Blocks[i]
			if b.Kind == "" {
				b.Kind = newsdesk.Paragraph
			}
			if !blockKinds[b.Kind] {
				return nil, fmt.Errorf("blocks: unknown kind %q", b.Kind)
			}
		}
	} else {
		a.Blocks = paragraphs(text)
	}
	body := a.Text()
	if strings.TrimSpace(body) == "" {
		return nil, errNoText
	}
	if o := outlet.outlet(); o != nil {
		a.Outlet = o
		if a.SiteName == "" {
			a.SiteName = o.Name
			if o.Name == "" {
				a.SiteName = outletName(outlet.raw)
			}
		}
	}
	if a.Language = lang.Normalize(a.Language); a.Language == "" {
		if len(body) < 200 {
			body = a.Title + "\n" + a.Subtitle + "\n" + body
		}
		a.Language = lang.Detect(body)
	}
	return a, nil
}

// decodeNumbers decodes the JSON value raw into v, with numbers as
// json.Number, so that they are kept as they were written.
func decodeNumbers(raw []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return d.Decode(v)
}

// jsonKind names the JSON value a field decoded into dst must be.
func jsonKind(dst any) string {
	switch dst.(type) {
	case *string:
		return "a string"
	case *bool:
		return "true or false"
	case *stringList:
		return "a list of strings"
	case *[]newsdesk.Block:
		return "a list of blocks"
	case *importOutlet:
		return `a name, a domain or an object {"name", "domain"}`
	}
	return "another type"
}

// stringList is a list of strings in JSON; a single string is a list of
// one. Empty strings are left out.
type stringList []string

// UnmarshalJSON reads a list of strings, a string or null.
func (l *stringList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = nil
		if s := strings.TrimSpace(one); s != "" {
			*l = []string{s}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*l = nil
	for _, s := range many {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}

// checkWebURL reports an error unless u is an absolute http(s) URL
// with a host.
func checkWebURL(u string) error {
	p, err := url.Parse(u)
	if err != nil {
		return fmt.Errorf("bad url: %w", err)
	}
	if s := strings.ToLower(p.Scheme); (s != "http" && s != "https") || p.Host == "" {
		return fmt.Errorf("url %q is not an http(s) URL", u)
	}
	return nil
}

// parseImportTime reads an RFC 3339 time; empty is the zero time, and so
// is the zero time written as 0001-01-01T00:00:00Z.
func parseImportTime(field, s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: bad date %q: want RFC 3339, such as 2024-06-19T08:00:00Z", field, s)
	}
	return t, nil
}

// paragraphs splits text into paragraph blocks at blank lines; the line
// breaks within a paragraph are kept.
func paragraphs(text string) []newsdesk.Block {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var blocks []newsdesk.Block
	var para []string
	flush := func() {
		if len(para) > 0 {
			blocks = append(blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: strings.Join(para, "\n")})
			para = para[:0]
		}
	}
	for line := range strings.SplitSeq(text, "\n") {
		if line = strings.TrimSpace(line); line == "" {
			flush()
			continue
		}
		para = append(para, line)
	}
	flush()
	return blocks
}

// importOutlet is the outlet field of an import line: a string (a name,
// a domain or a URL), an object {"name", "domain"} (other keys, such as
// the other store's id, are left out), or null.
type importOutlet struct {
	raw          string // the string, as given
	name, domain string
}

// UnmarshalJSON reads a string, an object or null.
func (o *importOutlet) UnmarshalJSON(b []byte) error {
	*o = importOutlet{}
	var s *string
	if err := json.Unmarshal(b, &s); err == nil {
		if s != nil {
			o.raw = strings.TrimSpace(*s)
			// A word without a dot is a name ("Reuters"), not a host.
			if d := urlnorm.DomainOf(o.raw); d != "" && strings.Contains(o.raw, ".") {
				o.domain = d
			} else {
				o.name = newsdesk.OutletName(o.raw)
			}
		}
		return nil
	}
	var obj struct {
		Name   *string `json:"name"`
		Domain *string `json:"domain"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return err
	}
	if obj.Name != nil {
		o.name = newsdesk.OutletName(*obj.Name)
	}
	if obj.Domain != nil {
		o.domain = urlnorm.DomainOf(*obj.Domain)
		if o.domain == "" && strings.TrimSpace(*obj.Domain) != "" {
			return fmt.Errorf("not a domain: %q", *obj.Domain)
		}
	}
	return nil
}

// outlet returns the outlet o gives an article, nil for none.
func (o importOutlet) outlet() *newsdesk.Outlet {
	if o.name == "" && o.domain == "" {
		return nil
	}
	return &newsdesk.Outlet{Name: o.name, Domain: o.domain}
}

// outletName returns the site name an outlet field gives: its name, or
// the host of a URL.
func outletName(outlet string) string {
	outlet = strings.TrimSpace(outlet)
	if strings.Contains(outlet, "://") {
		if u, err := url.Parse(outlet); err == nil && u.Hostname() != "" {
			return strings.TrimPrefix(u.Hostname(), "www.")
		}
	}
	return outlet
}
