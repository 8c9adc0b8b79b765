package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/internal/safedial"
	"newsdesk/sites"
)

// ExtractCommand implements "newsdesk extract": it reads pages from files,
// directories, URLs or stdin and writes the extracted articles.
type ExtractCommand struct {
	*Main
}

// extractConfig is the parsed command line of the extract command.
type extractConfig struct {
	url          string
	format       string
	out          string
	jobs         int
	maxBytes     byteSize
	timeout      time.Duration
	allowPrivate bool
	noLearn      bool
	explain      bool
	paths        []string
}

// Usage writes the help text of the extract command.
func (c *ExtractCommand) Usage(w io.Writer) {
	fmt.Fprintf(w, `Usage: newsdesk extract [flags] PATH...
       newsdesk extract --batch INDIR OUTDIR

Extract the article (body text and metadata) from news web pages.

Each PATH is an HTML file, a directory (its *.html, *.htm and *.html.gz
files, in name order, not recursive), an http:// or https:// URL, or "-"
for standard input. Gzip-compressed input is read transparently, whatever
its name. The charset is detected from the page (and, for URLs, from the
Content-Type header).

Without --out, the results go to standard output in input order; JSON is
indented for one input and one object per line (JSON Lines) for several.
With --out DIR, each input gets a file in DIR named after it without
.html, .htm or .gz, plus .txt, .md, .json or .html: pages/a.html.gz
becomes DIR/a.json. For a URL, the name is its last path segment or host.

Flags:
  --format FORMAT     output format: text (the body, one block per line;
                      the default), markdown, json or html
  --out DIR           write one file per input into DIR (created if needed)
  --url URL           the address the single input was fetched from; it
                      resolves relative links and may date the article
  -j N                extract N inputs in parallel (default and 0: the
                      number of CPUs, %d)
  --max-bytes SIZE    read at most SIZE bytes of each page, e.g. 512K or
                      4M; larger pages are truncated (default %s; -1: no
                      limit)
  --timeout DURATION  time limit for fetching each URL (default 30s)
  --allow-private-networks
                      allow URLs on loopback, private, link-local and other
                      non-public addresses (refused by default)
  --no-learn          read every page on its own (see below)
  --explain           add to each JSON object what was left out as the
                      site's furniture ("furniture": site, blocks, title)
  --batch INDIR OUTDIR
                      same as: --format json --out OUTDIR INDIR

Given several local pages, extract learns the template of each site that
has %d or more of them (the site of a page is the registrable domain of
its canonical URL, or of --url): blocks of text that recur on many of the
site's pages, such as promotions, a newsroom's blurb or related-article
boxes, and recurring parts of their titles, are the site's furniture and
left out of its articles. Pages of other sites read as they would alone.

JSON objects have the fields url, canonical_url, title, subtitle,
authors, published and modified (RFC 3339, or null when unknown),
site_name, language, image, section, tags, paywalled, text, blocks,
charset, truncated, and error when the extraction failed partly. Text,
Markdown and HTML show the control characters of a page other than line
breaks and tabs as escapes (\x1b, \u009b), so that printing them is safe.

A page that cannot be read or is not HTML (a feed, a sitemap or other XML
document, JSON, a PDF or image) is reported on stderr as "newsdesk:
extract PATH: reason" and the others go on. A page without
article text is reported as a warning and still written (with empty text).
A progress bar is shown on stderr when it is a terminal.

Exit status: 0 when every input was extracted, 1 when any input failed,
2 on a bad command line.

Examples:
  newsdesk extract page.html
  newsdesk extract --format markdown https://example.com/news/story
  newsdesk extract --format json --out articles/ pages/
  curl -s https://example.com/story | newsdesk extract --url https://example.com/story -
`, runtime.NumCPU(), byteSize(extract.DefaultMaxBytes), newsdesk.SiteMinPages)
}

// parse reads the command line into a config.
func (c *ExtractCommand) parse(args []string) (*extractConfig, error) {
	cfg := &extractConfig{}
	var batch bool
	fs := newFlagSet("extract")
	fs.StringVar(&cfg.url, "url", "", "")
	fs.StringVar(&cfg.format, "format", formatText, "")
	fs.StringVar(&cfg.out, "out", "", "")
	fs.IntVar(&cfg.jobs, "j", runtime.NumCPU(), "")
	fs.Var(&cfg.maxBytes, "max-bytes", "")
	fs.DurationVar(&cfg.timeout, "timeout", 30*time.Second, "")
	fs.BoolVar(&cfg.allowPrivate, "allow-private-networks", false, "")
	fs.BoolVar(&batch, "batch", false, "")
	fs.BoolVar(&cfg.noLearn, "no-learn", false, "")
	fs.BoolVar(&cfg.explain, "explain", false, "")
	if err := parseFlags(fs, "extract", args); err != nil {
		return nil, err
	}
	set := make(map[string]bool)
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	cfg.paths = fs.Args()
	if batch {
		if fs.NArg() != 2 {
			return nil, usagef("extract", "--batch takes two arguments, INDIR and OUTDIR; got %d", fs.NArg())
		}
		if set["out"] {
			return nil, usagef("extract", "--batch and --out cannot be used together")
		}
		if set["format"] && formatAliases[cfg.format] != formatJSON {
			return nil, usagef("extract", "--batch writes JSON; it cannot be used with --format %s", cfg.format)
		}
		cfg.format, cfg.out, cfg.paths = formatJSON, fs.Arg(1), []string{fs.Arg(0)}
	}
	f, ok := formatAliases[strings.ToLower(cfg.format)]
	if !ok {
		return nil, usagef("extract", "unknown format %q: want text, markdown, json or html", cfg.format)
	}
	cfg.format = f
	if len(cfg.paths) == 0 {
		return nil, usagef("extract", "no input: give files, directories, URLs or - for stdin")
	}
	if cfg.jobs < 0 {
		return nil, usagef("extract", "-j must be 0 (one per CPU) or more")
	}
	if cfg.jobs == 0 {
		cfg.jobs = runtime.NumCPU()
	}
	if cfg.timeout <= 0 {
		return nil, usagef("extract", "--timeout must be positive")
	}
	if cfg.url != "" && !isURL(cfg.url) {
		return nil, usagef("extract", "--url %q is not an http or https URL", cfg.url)
	}
	return cfg, nil
}

// Run extracts every input and writes the results.
func (c *ExtractCommand) Run(ctx context.Context, args []string) error {
	cfg, err := c.parse(args)
	if err != nil {
		return err
	}
	inputs, empty, err := expandInputs(cfg.paths)
	if err != nil {
		return &usageError{cmd: "extract", err: err}
	}
	if cfg.url != "" && len(inputs) > 1 {
		return usagef("extract", "--url applies to a single input; got %d", len(inputs))
	}
	for _, dir := range empty {
		fmt.Fprintf(c.Stderr, "newsdesk: extract %s: warning: no .html, .htm or .html.gz files\n", termSafe(dir))
	}
	if len(inputs) == 0 {
		return nil
	}
	if len(inputs) > 1 {
		// A batch: the collector took a third of the time at the
		// default GOGC.
		throughputGC()
	}
	if cfg.out != "" {
		if err := os.MkdirAll(cfg.out, 0o755); err != nil {
			return fmt.Errorf("cannot create output directory: %w", err)
		}
		assignOutNames(inputs)
	}

	r := &reader{
		stdin:     c.Stdin,
		client:    safedial.NewClient(cfg.allowPrivate, cfg.timeout),
		userAgent: "Mozilla/5.0 (compatible; newsdesk/" + strings.Trim(version(), "()") + ")",
		limit:     int64(cfg.maxBytes),
	}
	if cfg.maxBytes == 0 {
		r.limit = extract.DefaultMaxBytes
	}
	return c.run(ctx, cfg, r, inputs)
}

// result is the outcome for one input.
type result struct {
	idx int
	in  *input
	// doc is the rendered output; nil when the input failed.
	doc []byte
	// err is why the input failed or, when warn is set, a warning.
	err  error
	warn bool
	// site is the site the page is learnt under ("" for none), report
	// what it gives the site to learn, and text the article's title and
	// body as read.
	site   string
	report *extract.SiteReport
	text   string
	// render makes doc (nil once done): rendering runs beside the
	// extraction of the next pages.
	render func() ([]byte, error)
}

// run extracts the inputs with cfg.jobs workers, and writes each result as
// it comes (with --out) or in input order (to stdout). Given several
// inputs it learns their sites' templates as it goes, then reads again
// the local pages whose site's furniture they hold, and writes them anew.
func (c *ExtractCommand) run(ctx context.Context, cfg *extractConfig, r *reader, inputs []*input) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	learning := !cfg.noLearn && len(inputs) > 1
	results := c.extractAll(ctx, cfg, r, inputs, nil, nil, learning)

	var prog *progress
	var tick <-chan time.Time
	if c.StderrTerminal && len(inputs) > 1 {
		prog = newProgress(c.Stderr, len(inputs))
		t := time.NewTicker(progressInterval)
		defer t.Stop()
		tick = t.C
	}
	w := &resultWriter{cfg: cfg, stdout: c.Stdout, pending: make(map[int]result), hold: learning}
	var learnt sites.Memory
	prints := make(map[int]result)
	learnedAt := time.Now()
	var failed, warned int
	var fatal error
loop:
	for {
		select {
		case <-tick:
			prog.draw()
		case res, ok := <-results:
			if !ok {
				break loop
			}
			prog.add(1)
			if fatal != nil || (ctx.Err() != nil && errors.Is(res.err, context.Canceled)) {
				continue
			}
			if learning && res.report != nil && res.site != "" {
				if ok, _ := learnt.LearnSites(ctx, []newsdesk.SitePage{{Site: res.site, Page: int64(res.idx), Time: learnedAt, Prints: res.report.Prints}}); ok[0] {
					prints[res.idx] = result{idx: res.idx, in: res.in, site: res.site, report: res.report, text: res.text}
				}
			}
			if res.doc != nil || cfg.out == "" {
				if err := w.write(res); err != nil {
					if cfg.out == "" {
						// Standard output is gone: stop.
						fatal = err
						cancel()
						continue
					}
					res.err, res.warn, res.doc = err, false, nil
				}
			}
			if res.err != nil {
				prog.clear()
				if res.warn {
					warned++
					fmt.Fprintf(c.Stderr, "newsdesk: extract %s: warning: %s\n", termSafe(res.in.String()), termSafe(res.err.Error()))
				} else {
					failed++
					fmt.Fprintf(c.Stderr, "newsdesk: extract %s: %s\n", termSafe(res.in.String()), termSafe(res.err.Error()))
				}
			}
		}
	}
	prog.clear()
	if fatal == nil && ctx.Err() == nil && learning {
		fatal = c.readAgain(ctx, cfg, r, inputs, &learnt, prints, w)
	}
	switch {
	case fatal != nil:
		return fmt.Errorf("cannot write output: %w", fatal)
	case ctx.Err() != nil:
		return ctx.Err()
	}
	var noText string
	if warned > 0 {
		noText = fmt.Sprintf(" (%d without article text)", warned)
	}
	if failed > 0 {
		return &inputsFailedError{failed: failed, total: len(inputs), note: noText}
	}
	if warned > 0 && len(inputs) > 1 {
		fmt.Fprintf(c.Stderr, "newsdesk: extract: %d inputs extracted%s\n", len(inputs), noText)
	}
	return nil
}

// extractAll extracts the inputs numbered in idx (all of them when idx is
// nil) with cfg.jobs workers, each page with its site's template from
// templates (if not nil), and sends the results, closing the channel at
// the end.
func (c *ExtractCommand) extractAll(ctx context.Context, cfg *extractConfig, r *reader, inputs []*input, idx []int, templates map[string]*newsdesk.SiteTemplate, learn bool) <-chan result {
	if idx == nil {
		idx = make([]int, len(inputs))
		for i := range idx {
			idx[i] = i
		}
	}
	// Local files are read (and gunzipped) ahead by the feeder, beside
	// the extraction: a few pages in memory at a time. A URL is fetched by
	// the worker that takes it, so that fetches run in parallel.
	jobs := make(chan job, cfg.jobs)
	extracted := make(chan result, cfg.jobs)
	results := make(chan result)
	var wg sync.WaitGroup
	for range min(cfg.jobs, len(idx)) {
		wg.Go(func() {
			for j := range jobs {
				var tpl *newsdesk.SiteTemplate
				if templates != nil {
					tpl = templates[inputs[j.idx].site]
				}
				extracted <- c.process(ctx, cfg, r, j, inputs[j.idx], len(inputs), tpl, learn)
			}
		})
	}
	// Rendering runs beside the extraction: one renderer for every four
	// extracting workers.
	var rg sync.WaitGroup
	for range max(1, cfg.jobs/4) {
		rg.Go(func() {
			for res := range extracted {
				results <- rendered(cfg, res)
			}
		})
	}
	go func() {
	feed:
		for _, i := range idx {
			j := job{idx: i}
			if inputs[i].kind == inputFile {
				j.page, j.err = r.read(ctx, inputs[i])
				j.read = true
			}
			select {
			case jobs <- j:
			case <-ctx.Done():
				break feed
			}
		}
		close(jobs)
		wg.Wait()
		close(extracted)
		rg.Wait()
		close(results)
	}()
	return results
}

// job is one input to extract, read already when read is set.
type job struct {
	idx  int
	read bool
	page *page
	err  error
}

// readAgain extracts anew, with their sites' templates, the local pages
// whose article holds furniture of their site, replaces their output, and
// writes what w holds back.
func (c *ExtractCommand) readAgain(ctx context.Context, cfg *extractConfig, r *reader, inputs []*input, learnt *sites.Memory, prints map[int]result, w *resultWriter) error {
	templates := make(map[string]*newsdesk.SiteTemplate)
	var again []int
	for i := range inputs {
		p, ok := prints[i]
		if !ok || inputs[i].kind != inputFile {
			continue
		}
		tpl, seen := templates[p.site]
		if !seen {
			tpl, _ = learnt.SiteTemplate(ctx, p.site)
			if !tpl.Applies() {
				tpl = nil
			}
			templates[p.site] = tpl
		}
		if tpl == nil {
			continue
		}
		if showsFurniture(p.text, p.report.Prints, tpl) {
			inputs[i].site = p.site
			again = append(again, i)
		}
	}
	if len(again) > 0 {
		for res := range c.extractAll(ctx, cfg, r, inputs, again, templates, false) {
			// A page read once reads again; should it not, the first
			// reading stands.
			if res.doc == nil || res.err != nil && !res.warn {
				continue
			}
			if err := w.write(res); err != nil && cfg.out == "" {
				return err
			}
		}
	}
	w.hold = false
	return w.flush()
}

// process reads (unless j was read) and extracts one input, and says how
// to render it, with tpl, the template of
// its site, if not nil; learn asks for what the page gives its site.
func (c *ExtractCommand) process(ctx context.Context, cfg *extractConfig, r *reader, j job, in *input, total int, tpl *newsdesk.SiteTemplate, learn bool) result {
	res := result{idx: j.idx, in: in}
	if err := ctx.Err(); err != nil {
		res.err = err
		return res
	}
	p, err := j.page, j.err
	if !j.read {
		p, err = r.read(ctx, in)
	}
	if err != nil {
		res.err = err
		return res
	}
	opt := extract.Options{URL: p.url, ContentType: p.contentType, MaxBytes: int(cfg.maxBytes), Template: tpl}
	if cfg.url != "" {
		opt.URL = cfg.url
	}
	if learn || cfg.explain {
		opt.Site = func(r *extract.SiteReport) { res.report = r }
	}
	a, err := extract.Extract(p.raw, opt)
	// What Extract returns holds no part of the page's bytes: they go
	// back for the next page.
	putBuf(p.raw)
	p.raw = nil
	if a == nil {
		if err == nil {
			err = errors.New("extractor returned no article")
		}
		res.err = err
		return res
	}
	// Extract returned an article, maybe with an error: write it either
	// way; only a missing article body is a mere warning.
	res.err = err
	res.warn = errors.Is(err, extract.ErrNoArticle)
	if a.URL == "" {
		a.URL = opt.URL
	}
	if p.truncated {
		a.Truncated = true
	}
	res.site = sites.Key(opt.URL, a.CanonicalURL)
	if learn && res.report != nil {
		res.text = a.Title + "\n" + a.Text()
	}
	var furniture *furnitureJSON
	if cfg.explain {
		furniture = &furnitureJSON{Site: res.site, Blocks: []string{}, Title: []string{}}
		if res.report != nil && tpl != nil {
			furniture.Blocks = nonNil(res.report.Dropped)
			furniture.Title = nonNil(res.report.TitleCut)
		}
	}
	pretty := cfg.out != "" || total == 1
	res.render = func() ([]byte, error) { return renderArticle(a, cfg.format, pretty, err, furniture) }
	return res
}

// rendered renders res's article, if it has one to render.
func rendered(cfg *extractConfig, res result) result {
	if res.render == nil {
		return res
	}
	doc, err := res.render()
	res.render = nil
	if err != nil {
		res.err, res.warn = fmt.Errorf("cannot render %s: %w", cfg.format, err), false
		return res
	}
	res.doc = doc
	return res
}

// showsFurniture reports whether an article read without a template, its
// title and body in text, shows furniture of its site: a recurring title
// part, or a furniture block among prints whose text is in the article.
// Only such a page reads differently with the site's template.
func showsFurniture(text string, prints []newsdesk.SitePrint, tpl *newsdesk.SiteTemplate) bool {
	collapsed := ""
	for _, p := range prints {
		if !tpl.Furniture(p.Print, p.Kind) {
			continue
		}
		if p.Kind != newsdesk.PrintBlock {
			return true
		}
		if collapsed == "" {
			collapsed = strings.Join(strings.Fields(text), " ")
		}
		if strings.Contains(collapsed, p.Text) {
			return true
		}
	}
	return false
}

// resultWriter writes results to files in cfg.out, or to stdout in input
// order.
type resultWriter struct {
	cfg    *extractConfig
	stdout io.Writer
	// pending holds results that came before the next one in input order.
	pending map[int]result
	next    int
	// written counts documents written to stdout, for separators.
	written int
	// hold keeps every result for stdout until it is cleared: pages may
	// be read again.
	hold bool
}

// write writes the output of res: to its file at once, or to stdout once
// every earlier input has been written. For stdout, every result must be
// given, failed ones (without doc) included, to keep the order.
func (w *resultWriter) write(res result) error {
	if w.cfg.out != "" {
		name := filepath.Join(w.cfg.out, res.in.outName+formatExt[w.cfg.format])
		return writeFileAtomic(name, res.doc)
	}
	w.pending[res.idx] = res
	if w.hold {
		return nil
	}
	return w.flush()
}

// flush writes the pending results that are next in input order.
func (w *resultWriter) flush() error {
	for len(w.pending) > 0 {
		res, ok := w.pending[w.next]
		if !ok {
			return nil
		}
		delete(w.pending, w.next)
		w.next++
		if len(res.doc) == 0 {
			continue
		}
		if w.written > 0 {
			if _, err := io.WriteString(w.stdout, separator(w.cfg.format)); err != nil {
				return err
			}
		}
		if _, err := w.stdout.Write(res.doc); err != nil {
			return err
		}
		w.written++
	}
	return nil
}

// writeFileAtomic writes data to name through a temporary file in the same
// directory, so that a reader never sees half a file.
func writeFileAtomic(name string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp*")
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(f.Name(), 0o644)
	}
	if err == nil {
		err = os.Rename(f.Name(), name)
	}
	if err != nil {
		os.Remove(f.Name())
	}
	return err
}

// byteSize is a flag.Value for a size in bytes with an optional K, M or G
// suffix (powers of 1024, an optional "iB" or "B" after it).
type byteSize int64

func (b byteSize) String() string {
	n := int64(b)
	for _, u := range []struct {
		suffix string
		size   int64
	}{{"G", 1 << 30}, {"M", 1 << 20}, {"K", 1 << 10}} {
		if n != 0 && n%u.size == 0 {
			return strconv.FormatInt(n/u.size, 10) + u.suffix
		}
	}
	return strconv.FormatInt(n, 10)
}

func (b *byteSize) Set(s string) error {
	t := strings.ToUpper(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "B"), "I")
	mult := int64(1)
	switch {
	case strings.HasSuffix(t, "K"):
		mult = 1 << 10
	case strings.HasSuffix(t, "M"):
		mult = 1 << 20
	case strings.HasSuffix(t, "G"):
		mult = 1 << 30
	}
	if mult > 1 {
		t = t[:len(t)-1]
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || (n < 0 && n != -1) || n > (1<<62)/mult {
		return fmt.Errorf("bad size %q: want bytes, e.g. 65536, 512K or 4M, or -1", s)
	}
	if n > 0 {
		n *= mult
	}
	*b = byteSize(n)
	return nil
}
