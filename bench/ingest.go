package main

// The ingest benchmark (-ingest): the same pages, extracted bare in
// process, then ingested end to end (WARC read → extract → store) by the
// newsdesk binary in a child process, whose wall time and peak RSS are
// measured. See README.md.

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/internal/pgtest"
	"newsdesk/sqlite"
	"newsdesk/warc"
)

// ingestOptions are the flags of the ingest benchmark.
type ingestOptions struct {
	copies     int
	jobs       int    // newsdesk ingest -j; 0: its default
	repo       string // the main module's directory, to build the binary
	keep       bool   // keep the temporary directory
	inproc     bool   // also run the ingest through the ingest package API
	cpuprofile string // CPU profile of the in-process ingest
	alerts     int    // saved alerts of the third ingest run; 0: no such run
	queue      bool   // also ingest through the job queue with 1 and 2 workers
	postgres   bool   // the same on a PostgreSQL store
}

// ingestRow is one line of the ingest table.
type ingestRow struct {
	mode    string
	floorKB int64 // the measuring wrapper's own peak RSS, carried into rssKB
	pages   int
	elapsed time.Duration
	cpu     time.Duration
	rssKB   int64 // peak RSS; 0 if unknown
	note    string
}

func (r ingestRow) pagesPerCPUSec() float64 {
	if r.cpu <= 0 {
		return 0
	}
	return float64(r.pages) / r.cpu.Seconds()
}

func (r ingestRow) pagesPerSec() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.pages) / r.elapsed.Seconds()
}

// runIngestBench builds the WARC from pages (copies times), measures bare
// extraction and the end-to-end ingest, and prints the table.
func runIngestBench(base []*page, o ingestOptions) error {
	if o.copies < 1 {
		o.copies = 1
	}
	tmp, err := os.MkdirTemp("", "newsdesk-ingest-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintf(os.Stderr, "bench: keeping %s\n", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}

	// Pages without an http(s) URL in truth.json (some have none, some an
	// ID there) get a made-up one.
	for _, p := range base {
		if u, err := url.Parse(p.rawURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			p.rawURL = fmt.Sprintf("http://%s.bench.example/%s", p.dataset, url.PathEscape(p.id))
		}
	}

	warcPath := filepath.Join(tmp, "bench.warc.gz")
	fmt.Fprintf(os.Stderr, "bench: writing %s ...\n", warcPath)
	warcSize, err := writeBenchWARC(warcPath, base, o.copies)
	if err != nil {
		return err
	}
	total := len(base) * o.copies
	var rawBytes int64
	for _, p := range base {
		rawBytes += int64(len(p.raw))
	}

	fmt.Printf("go %s %s/%s  GOMAXPROCS=%d  NumCPU=%d\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU())
	fmt.Printf("pages: %d (%d distinct × %d copies, %.1f MB HTML per copy); WARC %s: %.1f MB\n\n",
		total, len(base), o.copies, float64(rawBytes)/1e6, filepath.Base(warcPath), float64(warcSize)/1e6)

	fmt.Fprintln(os.Stderr, "bench: bare extraction ...")
	bare := bareExtraction(base, o.copies)

	bin := filepath.Join(tmp, "newsdesk")
	fmt.Fprintln(os.Stderr, "bench: building newsdesk ...")
	build := exec.Command("go", "build", "-o", bin, "./cmd/newsdesk")
	build.Dir = o.repo
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}
	wrapper := filepath.Join(tmp, "rusage")
	build = exec.Command("go", "build", "-o", wrapper, "newsdesk/bench/rusage")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		return fmt.Errorf("go build: %w", err)
	}

	fmt.Fprintln(os.Stderr, "bench: newsdesk ingest ...")
	e2e, sum, err := runIngestBinary(wrapper, bin, filepath.Join(tmp, "data"), warcPath, o.jobs, false)
	if err != nil {
		return err
	}
	fmt.Fprintln(os.Stderr, "bench: newsdesk ingest --no-learn ...")
	unlearnt, _, err := runIngestBinary(wrapper, bin, filepath.Join(tmp, "data-nolearn"), warcPath, o.jobs, false, "--no-learn")
	if err != nil {
		return err
	}
	unlearnt.mode += " --no-learn"
	unlearnt.note = "the same, reading every page on its own (no site templates)"
	fmt.Fprintln(os.Stderr, "bench: newsdesk ingest with analysis ...")
	analysed, _, err := runIngestBinary(wrapper, bin, filepath.Join(tmp, "data-analysed"), warcPath, o.jobs, true)
	if err != nil {
		return err
	}
	articles, err := countArticles(bin, filepath.Join(tmp, "data"))
	if err != nil {
		return err
	}
	rows := []ingestRow{bare.row, e2e, unlearnt, analysed}
	var alerted ingestRow
	if o.alerts > 0 {
		fmt.Fprintf(os.Stderr, "bench: newsdesk ingest with analysis and %d alerts ...\n", o.alerts)
		dir := filepath.Join(tmp, "data-alerts")
		if err := saveAlerts(dir, o.alerts); err != nil {
			return err
		}
		if alerted, _, err = runIngestBinary(wrapper, bin, dir, warcPath, o.jobs, true); err != nil {
			return err
		}
		alerted.mode += fmt.Sprintf(", %d alerts", o.alerts)
		alerted.note = "the same, matching every article against the alerts"
		rows = append(rows, alerted)
	}

	if o.queue || o.postgres {
		var pg *pgtest.Cluster
		if o.postgres {
			fmt.Fprintln(os.Stderr, "bench: starting a PostgreSQL cluster ...")
			if pg, err = pgtest.Start(context.Background()); err != nil {
				return err
			}
			defer pg.Stop()
		}
		for _, n := range []int{1, 2} {
			fmt.Fprintf(os.Stderr, "bench: newsdesk ingest --queue with %d workers ...\n", n)
			row, err := runQueueIngest(wrapper, bin, tmp, warcPath, n, pg)
			if err != nil {
				return err
			}
			row.pages = total
			rows = append(rows, row)
			if e2e.elapsed > 0 {
				fmt.Fprintf(os.Stderr, "bench: %d workers: %.0f%% of the embedded ingest's pages/s, %.2f× its CPU per page\n",
					n, 100*e2e.elapsed.Seconds()/row.elapsed.Seconds(), row.cpu.Seconds()/e2e.cpu.Seconds())
			}
		}
	}

	var child *childReport
	if o.inproc {
		fmt.Fprintln(os.Stderr, "bench: in-process ingest ...")
		var row ingestRow
		row, child, err = runIngestChild(wrapper, filepath.Join(tmp, "data-inproc"), warcPath, o)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}

	printIngestTable(os.Stdout, rows)
	fmt.Println()
	fmt.Printf("peak RSS: bare is the bench process (all pages in memory); the children's is ru_maxrss, of which at most %.0f MB is the measuring wrapper's own\n",
		float64(e2e.floorKB)/1024)
	fmt.Printf("bare extraction: %d articles, %d without article, %d errors\n", bare.ok, bare.noArticle, bare.errs)
	if e2e.elapsed > 0 && unlearnt.elapsed > 0 {
		fmt.Printf("ingest learning site templates: %.0f%% of the pages per second of ingest without, %.0f%% of its CPU per page\n",
			100*unlearnt.elapsed.Seconds()/e2e.elapsed.Seconds(), 100*e2e.cpu.Seconds()/unlearnt.cpu.Seconds())
	}
	if e2e.elapsed > 0 && analysed.elapsed > 0 {
		fmt.Printf("ingest with analysis: %.0f%% of the pages per second of ingest without\n", 100*e2e.elapsed.Seconds()/analysed.elapsed.Seconds())
	}
	if alerted.elapsed > 0 && analysed.elapsed > 0 {
		fmt.Printf("ingest with analysis and %d alerts: %.0f%% of the pages per second of ingest with analysis alone\n", o.alerts, 100*analysed.elapsed.Seconds()/alerted.elapsed.Seconds())
	}
	fmt.Printf("newsdesk ingest: %s\n", sum.line)
	fmt.Printf("  pages %d = new %d + updated %d + duplicates %d + failed %d + without article %d; failure lines on stderr: %d\n",
		sum.pages(), sum.New, sum.Updated, sum.Duplicates, sum.Failed, sum.NoArticle, sum.stderrLines)
	check := "ok"
	if articles != int64(sum.New) {
		check = fmt.Sprintf("MISMATCH: expected %d (new)", sum.New)
	}
	fmt.Printf("  store: %d articles listed by 'newsdesk articles --jsonl' (%s)\n", articles, check)
	if sum.pages() != total {
		fmt.Printf("  WARNING: %d pages went through the pipeline, %d were written\n", sum.pages(), total)
	}
	if child != nil {
		child.print(os.Stdout)
	}
	return nil
}

// copyURL returns the URL of copy c of a page at u: copy 0 is u itself,
// the others are on a site of their own ("copy<c>-www-example-com.bench"),
// so that site learning does not take the repetition for a site's
// furniture, and have "/copy-<c>" put in front of the path.
func copyURL(u string, c int) string {
	if c == 0 {
		return u
	}
	pu, err := url.Parse(u)
	if err != nil || pu.Hostname() == "" {
		return fmt.Sprintf("http://copy%d.bench/%s", c, url.PathEscape(u))
	}
	pu.Host = fmt.Sprintf("copy%d-%s.bench", c, strings.ReplaceAll(pu.Hostname(), ".", "-"))
	pu.Path = fmt.Sprintf("/copy-%d%s", c, pu.Path)
	pu.RawPath = ""
	return pu.String()
}

// pageCopy returns copy c of the page raw, listed under u (copyURL's).
// Copy 0 is raw itself. The others are made different articles: a
// canonical link to u goes first in the head (the extractor takes the
// first one), so that they are not matched to copy 0 by canonical URL,
// and every paragraph and the end of the body get a "[copy c]" marker,
// so that their text, and hence content hash, differs. Articles without
// <p> paragraphs may still hash alike and be stored as duplicates.
func pageCopy(raw []byte, c int, u string) []byte {
	if c == 0 {
		return raw
	}
	mark := fmt.Sprintf("[copy %d] ", c)
	link := `<link rel="canonical" href="` + strings.ReplaceAll(u, `"`, "%22") + `">`
	lower := asciiLower(raw)

	out := make([]byte, 0, len(raw)+len(raw)/50+256)
	pos := 0
	// The canonical link: after <head ...>, else after <html ...>, else
	// first (some pages are fragments with their canonical link in the
	// middle).
	at := 0
	for _, tag := range []string{"head", "html"} {
		if i := findTag(lower, tag, 0); i >= 0 {
			if j := bytes.IndexByte(lower[i:], '>'); j >= 0 {
				at = i + j + 1
				break
			}
		}
	}
	out = append(out, raw[:at]...)
	out = append(out, link...)
	pos = at
	// A marker after every <p ...> from there on.
	for {
		i := findTag(lower, "p", pos)
		if i < 0 {
			break
		}
		j := bytes.IndexByte(lower[i:], '>')
		if j < 0 {
			break
		}
		out = append(out, raw[pos:i+j+1]...)
		out = append(out, mark...)
		pos = i + j + 1
	}
	// A paragraph of its own before </body>.
	end := len(raw)
	if i := bytes.LastIndex(lower, []byte("</body")); i >= pos {
		end = i
	}
	out = append(out, raw[pos:end]...)
	out = append(out, fmt.Sprintf("<p>This is copy %d of the page.</p>", c)...)
	out = append(out, raw[end:]...)
	return out
}

// findTag returns the index in lower (ASCII-lowered HTML) of the first
// start tag <name at or after from, or -1.
func findTag(lower []byte, name string, from int) int {
	pat := []byte("<" + name)
	for from < len(lower) {
		i := bytes.Index(lower[from:], pat)
		if i < 0 {
			return -1
		}
		i += from
		k := i + len(pat)
		if k < len(lower) {
			switch lower[k] {
			case '>', ' ', '\t', '\n', '\r', '\f', '/':
				return i
			}
		}
		from = k
	}
	return -1
}

// asciiLower lowers ASCII letters only, keeping every byte where it was
// (bytes.ToLower would rewrite invalid UTF-8 and shift offsets).
func asciiLower(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// writeBenchWARC writes copies of pages to path as HTTP 200 text/html
// response records, one gzip member each, and returns the file's size.
func writeBenchWARC(path string, pages []*page, copies int) (int64, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	w := warc.NewWriter(bw, true)
	date := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	h := http.Header{"Content-Type": {"text/html"}}
	for c := range copies {
		for _, p := range pages {
			u := copyURL(p.rawURL, c)
			if err := w.WriteResponse(u, date, http.StatusOK, h, pageCopy(p.raw, c, u)); err != nil {
				f.Close()
				return 0, fmt.Errorf("%s: %w", path, err)
			}
		}
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return 0, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return fi.Size(), f.Close()
}

// bareResult is what bare extraction did.
type bareResult struct {
	row                 ingestRow
	ok, noArticle, errs int
}

// bareExtraction extracts every copy of pages with a pool of GOMAXPROCS
// workers, the pages held in memory, as the ingest's extract stage calls
// the extractor (same URL, Content-Type and size cap). Each copy is made
// before its batch is timed.
func bareExtraction(pages []*page, copies int) bareResult {
	var r bareResult
	r.row.mode = fmt.Sprintf("bare extract.Extract, %d workers", runtime.GOMAXPROCS(0))
	r.row.note = "in process, pages in memory"
	if len(pages) > 0 { // warm-up, outside the measurement
		extract.Extract(pages[0].raw, extract.Options{URL: pages[0].rawURL, ContentType: "text/html"})
	}
	type job struct {
		url string
		raw []byte
	}
	for c := range copies {
		jobs := make([]job, len(pages))
		for i, p := range pages {
			u := copyURL(p.rawURL, c)
			jobs[i] = job{u, pageCopy(p.raw, c, u)}
		}
		runtime.GC()
		var mu sync.Mutex
		ch := make(chan job)
		var wg sync.WaitGroup
		cpu0, start := cpuTime(), time.Now()
		for range runtime.GOMAXPROCS(0) {
			wg.Go(func() {
				var ok, none, bad int
				for j := range ch {
					a, err := extract.Extract(j.raw, extract.Options{URL: j.url, ContentType: "text/html", MaxBytes: extract.DefaultMaxBytes})
					switch {
					case errors.Is(err, extract.ErrNoArticle), err == nil && (a == nil || a.Empty()):
						none++
					case err != nil:
						bad++
					default:
						ok++
					}
				}
				mu.Lock()
				r.ok, r.noArticle, r.errs = r.ok+ok, r.noArticle+none, r.errs+bad
				mu.Unlock()
			})
		}
		for _, j := range jobs {
			ch <- j
		}
		close(ch)
		wg.Wait()
		r.row.elapsed += time.Since(start)
		r.row.cpu += cpuTime() - cpu0
		r.row.pages += len(jobs)
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		r.row.rssKB = ru.Maxrss
	}
	return r
}

// ingestSummary is the summary line of newsdesk ingest, parsed.
type ingestSummary struct {
	line                                                 string
	Fetched, New, Updated, Duplicates, Failed, NoArticle int
	stderrLines                                          int
}

func (s ingestSummary) pages() int { return s.New + s.Updated + s.Duplicates + s.Failed + s.NoArticle }

func parseSummary(line string) (ingestSummary, error) {
	s := ingestSummary{line: line}
	head, _, _ := strings.Cut(line, ";")
	_, err := fmt.Sscanf(head, "fetched %d, new %d, updated %d, duplicates %d, failed %d, without article %d",
		&s.Fetched, &s.New, &s.Updated, &s.Duplicates, &s.Failed, &s.NoArticle)
	if err != nil {
		return s, fmt.Errorf("cannot parse ingest summary %q: %w", line, err)
	}
	return s, nil
}

// runIngestBinary runs "newsdesk ingest" on warcPath into a new store in
// dataDir and measures it.
func runIngestBinary(wrapper, bin, dataDir, warcPath string, jobs int, analyse bool, flags ...string) (ingestRow, ingestSummary, error) {
	// The benchmark measures read → extract → store, with or without the
	// analysis of every article stored; indexing for search is left out
	// (the search package has its own benchmark).
	args := append([]string{"ingest", "--data", dataDir, "--no-index"}, flags...)
	if !analyse {
		args = append(args, "--no-analyze")
	}
	if jobs > 0 {
		args = append(args, "-j", fmt.Sprint(jobs))
	}
	args = append(args, warcPath)
	var stdout bytes.Buffer
	errs := &lineCounter{}
	ru, err := runMeasured(wrapper, bin, args, &stdout, errs)
	row := ingestRow{mode: "newsdesk ingest (binary)", elapsed: ru.Wall, cpu: ru.CPU, rssKB: ru.MaxRSSKB, floorKB: ru.WrapperKB,
		note: "child process: read WARC → extract → store"}
	if analyse {
		row.mode = "newsdesk ingest, analysed"
		row.note = "the same, until every article is analysed too"
	}
	if jobs > 0 {
		row.mode += fmt.Sprintf(" -j %d", jobs)
	}
	if err != nil {
		return row, ingestSummary{}, fmt.Errorf("newsdesk %s: %w\n%s%s", strings.Join(args, " "), err, stdout.String(), errs.tail())
	}
	sum, err := parseSummary(strings.TrimSpace(lastLine(stdout.String())))
	if err != nil {
		return row, sum, err
	}
	sum.stderrLines = errs.lines
	row.pages = sum.pages()
	return row, sum, nil
}

// benchEnv is the environment without NEWSDESK_ settings, so that the
// user's configuration does not change the run.
func benchEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "NEWSDESK_") {
			env = append(env, kv)
		}
	}
	return env
}

// countArticles counts the articles in the store at dataDir as
// "newsdesk articles --jsonl" lists them.
func countArticles(bin, dataDir string) (int64, error) {
	cmd := exec.Command(bin, "articles", "--data", dataDir, "--jsonl")
	cmd.Env = benchEnv()
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	lc := &lineCounter{}
	if _, err := io.Copy(lc, out); err != nil {
		cmd.Wait()
		return 0, err
	}
	if err := cmd.Wait(); err != nil {
		return 0, fmt.Errorf("newsdesk articles: %w", err)
	}
	return int64(lc.lines), nil
}

// lineCounter counts the lines written to it and keeps the last few KB.
type lineCounter struct {
	lines int
	last  []byte
}

func (l *lineCounter) Write(p []byte) (int, error) {
	l.lines += bytes.Count(p, []byte{'\n'})
	l.last = append(l.last, p...)
	if len(l.last) > 8<<10 {
		l.last = append([]byte(nil), l.last[len(l.last)-4<<10:]...)
	}
	return len(p), nil
}

func (l *lineCounter) tail() string { return string(l.last) }

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func printIngestTable(w io.Writer, rows []ingestRow) {
	var base, baseCPU float64
	if len(rows) > 0 {
		base, baseCPU = rows[0].pagesPerSec(), rows[0].pagesPerCPUSec()
	}
	pct := func(x, of float64) string {
		if of <= 0 {
			return "-"
		}
		return fmt.Sprintf("%.0f%%", 100*x/of)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "mode\tpages\tseconds\tpages/s\tvs bare\tCPU s\tpages/CPU-s\tvs bare (CPU)\tpeak RSS MB\tnote")
	for _, r := range rows {
		rss := "-"
		if r.rssKB > 0 {
			rss = fmt.Sprintf("%.0f", float64(r.rssKB)/1024)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%s\t%.1f\t%.1f\t%s\t%s\t%s\n", r.mode, r.pages, r.elapsed.Seconds(),
			r.pagesPerSec(), pct(r.pagesPerSec(), base), r.cpu.Seconds(), r.pagesPerCPUSec(),
			pct(r.pagesPerCPUSec(), baseCPU), rss, r.note)
	}
	tw.Flush()
}

// runIngestChild runs this program again with -ingest-child, which
// ingests warcPath through the ingest package API (optionally under the
// CPU profiler) and reports stage timings as JSON on stdout.
func runIngestChild(wrapper, dataDir, warcPath string, o ingestOptions) (ingestRow, *childReport, error) {
	exe, err := os.Executable()
	if err != nil {
		return ingestRow{}, nil, err
	}
	args := []string{"-ingest-child", "-store", dataDir}
	if o.cpuprofile != "" {
		args = append(args, "-cpuprofile", o.cpuprofile)
	}
	args = append(args, warcPath)
	var stdout bytes.Buffer
	errs := &lineCounter{}
	ru, err := runMeasured(wrapper, exe, args, &stdout, errs)
	row := ingestRow{mode: "ingest.Ingester.Run (in process)", elapsed: ru.Wall, cpu: ru.CPU, rssKB: ru.MaxRSSKB, floorKB: ru.WrapperKB,
		note: "child process, ingest package API; RSS includes the bench binary's own start-up"}
	if o.cpuprofile != "" {
		row.note += ", CPU profile"
	}
	if err != nil {
		return row, nil, fmt.Errorf("bench -ingest-child: %w\n%s%s", err, stdout.String(), errs.tail())
	}
	var rep childReport
	if err := json.Unmarshal([]byte(lastLine(stdout.String())), &rep); err != nil {
		return row, nil, fmt.Errorf("bench -ingest-child: %w", err)
	}
	row.pages = rep.Pages
	return row, &rep, nil
}

// childReport is what -ingest-child prints: the pass's stats and the time
// spent in the store's SaveArticle.
type childReport struct {
	Summary      string
	Pages        int
	RunSeconds   float64 // Ingester.Run, wall
	SaveCalls    int
	SaveSeconds  float64 // sum over calls of SaveArticle wall time
	SaveBusy     float64 // wall time with at least one SaveArticle running
	MaxSaveConc  int     // most SaveArticle calls at once
	ReadyAtStart float64 // seconds from start of Run to the first SaveArticle
}

func (r *childReport) print(w io.Writer) {
	fmt.Fprintf(w, "in-process ingest: %s\n", r.Summary)
	if r.RunSeconds <= 0 || r.SaveCalls == 0 {
		return
	}
	fmt.Fprintf(w, "  Run %.1fs; SaveArticle: %d calls, %.1f ms each, %.1fs in all; store busy %.1fs (%.0f%% of Run), at most %d at once; first save after %.2fs\n",
		r.RunSeconds, r.SaveCalls, 1000*r.SaveSeconds/float64(r.SaveCalls), r.SaveSeconds,
		r.SaveBusy, 100*r.SaveBusy/r.RunSeconds, r.MaxSaveConc, r.ReadyAtStart)
}

// usage is what the rusage wrapper measured of a child process (see
// rusage/main.go).
type usage struct {
	Wall      time.Duration
	CPU       time.Duration
	MaxRSSKB  int64
	WrapperKB int64
	Exit      int
}

// runMeasured runs prog with args through the rusage wrapper and returns
// its wall time, CPU time and peak RSS.
func runMeasured(wrapper, prog string, args []string, stdout, stderr io.Writer) (usage, error) {
	pr, pw, err := os.Pipe()
	if err != nil {
		return usage{}, err
	}
	defer pr.Close()
	cmd := exec.Command(wrapper, append([]string{prog}, args...)...)
	cmd.Env = benchEnv()
	cmd.Stdout, cmd.Stderr = stdout, stderr
	cmd.ExtraFiles = []*os.File{pw}
	err = cmd.Start()
	pw.Close()
	if err != nil {
		return usage{}, err
	}
	return readUsage(pr, cmd, prog)
}

// readUsage reads what the rusage wrapper of cmd reports on pr once prog
// exits, and waits for cmd.
func readUsage(pr io.Reader, cmd *exec.Cmd, prog string) (usage, error) {
	b, rerr := io.ReadAll(pr)
	werr := cmd.Wait()
	var u usage
	if err := json.Unmarshal(b, &u); err != nil {
		return u, fmt.Errorf("rusage %s: no usage reported (%v, %v, %v)", prog, err, rerr, werr)
	}
	if u.Exit != 0 {
		return u, fmt.Errorf("%s: exit status %d", prog, u.Exit)
	}
	return u, werr
}

// saveAlerts makes a store in dir with n saved alerts of one to three
// common news words each, a few with a phrase or a language.
func saveAlerts(dir string, n int) error {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		return err
	}
	defer st.Close()
	words := strings.Fields(`government minister police court election president market company
		Regierung Minister Polizei Gericht Wahl Präsident Markt Unternehmen Berlin London Paris
		climate energy football school hospital bank strike war peace budget tax price oil gas`)
	for i := range n {
		q := words[i%len(words)]
		if i%3 > 0 {
			q += " " + words[(i*7+3)%len(words)]
		}
		switch i % 10 {
		case 7:
			q = fmt.Sprintf("%q", words[(i*5)%len(words)]+" "+words[(i*11+1)%len(words)])
		case 8:
			q += " lang:de"
		}
		if err := st.AddAlert(ctx, &newsdesk.Alert{Name: fmt.Sprintf("alert %d", i), Query: q}); err != nil {
			return err
		}
	}
	return nil
}
