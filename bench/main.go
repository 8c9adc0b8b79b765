// Command bench measures the throughput and allocations of the newsdesk
// extractor against peer Go extractors on the shared extraction data sets.
//
// Every extractor gets the same input: the raw (gunzipped) page bytes as
// they were stored, in their original encoding, plus the page URL from the
// data set's truth.json where there is one. No HTTP Content-Type is known
// for these pages, so none is passed. Each extractor does its own charset
// handling:
//
//   - newsdesk: extract.Extract(raw, extract.Options{URL: url}), then
//     Article.Text().
//   - go-trafilatura: trafilatura.Extract(bytes.NewReader(raw), Options{
//     OriginalURL: url or nil, EnableFallback: true}) (readability and
//     dom-distiller as fallbacks; other options at their defaults, so
//     comments are extracted too). Its go-shiori/dom.Parse sniffs the
//     charset with chardet and transcodes. The text is ContentText.
//   - readability: readeck go-readability v2 NewParser().Parse(
//     bytes.NewReader(raw), url or nil), then RenderText. Same
//     go-shiori/dom.Parse charset handling as above.
//   - tokenizer: x/net/html Tokenizer over the raw bytes until EOF, no
//     token materialised and no charset handling: the floor for any
//     HTML-reading extractor.
//   - parse: x/net/html.Parse over the raw bytes (tree only, no charset
//     handling): the floor for any DOM-based extractor.
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	readability "codeberg.org/readeck/go-readability/v2"
	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"newsdesk/extract"
)

const defaultData = "../../shared/data/extraction"

// page is one input page held in memory.
type page struct {
	dataset string
	id      string
	rawURL  string   // from truth.json; "" if none
	u       *url.URL // parsed rawURL; nil if none or unparsable
	raw     []byte   // gunzipped page bytes, original encoding
}

// extractor runs one extraction and returns the length in bytes of the
// body text it produced.
type extractor struct {
	name  string
	desc  string
	floor bool // a baseline that extracts no text
	run   func(p *page) (int, error)
}

var extractors = []extractor{
	{"newsdesk", "newsdesk/extract", false, runNewsdesk},
	{"go-trafilatura", "go-trafilatura + fallback", false, runTrafilatura},
	{"readability", "readeck go-readability v2", false, runReadability},
	{"parse", "x/net/html Parse only", true, runParse},
	{"tokenizer", "x/net/html tokenizer only", true, runTokenizer},
}

func runNewsdesk(p *page) (int, error) {
	art, err := extract.Extract(p.raw, extract.Options{URL: p.rawURL})
	if art == nil {
		return 0, err
	}
	return len(art.Text()), err
}

func runTrafilatura(p *page) (int, error) {
	res, err := trafilatura.Extract(bytes.NewReader(p.raw), trafilatura.Options{
		OriginalURL:    p.u,
		EnableFallback: true,
	})
	if res == nil {
		return 0, err
	}
	return len(res.ContentText), err
}

func runReadability(p *page) (int, error) {
	parser := readability.NewParser()
	art, err := parser.Parse(bytes.NewReader(p.raw), p.u)
	if err != nil {
		return 0, err
	}
	if art.Node == nil {
		return 0, nil
	}
	var sb strings.Builder
	if err := art.RenderText(&sb); err != nil {
		return 0, err
	}
	return sb.Len(), nil
}

func runParse(p *page) (int, error) {
	_, err := html.Parse(bytes.NewReader(p.raw))
	return 0, err
}

func runTokenizer(p *page) (int, error) {
	z := html.NewTokenizer(bytes.NewReader(p.raw))
	for {
		if z.Next() == html.ErrorToken {
			if err := z.Err(); err != io.EOF {
				return 0, err
			}
			return 0, nil
		}
	}
}

// result is what one extractor did over all pages and rounds.
type result struct {
	ex        extractor
	calls     int
	elapsed   time.Duration
	cpu       time.Duration // user+system CPU time of the process
	bytes     int64         // input bytes processed (all rounds)
	mallocs   uint64
	allocated uint64
	errs      int // calls that returned an error (other than extract.ErrNoArticle)
	panics    int
	empty     int   // calls that produced no text (includes errs and panics)
	textBytes int64 // body text produced
	slowest   time.Duration
	slowPage  string
	byDataset map[string]time.Duration
	dsCalls   map[string]int
}

// call runs one extraction, turning a panic into a counted failure.
func call(ex extractor, p *page) (n int, err error, panicked bool) {
	defer func() {
		if r := recover(); r != nil {
			n, err, panicked = 0, fmt.Errorf("panic: %v", r), true
		}
	}()
	n, err = ex.run(p)
	return n, err, false
}

func measure(ex extractor, pages []*page, rounds int, cpuprofile string) (*result, error) {
	r := &result{ex: ex, byDataset: map[string]time.Duration{}, dsCalls: map[string]int{}}

	// Warm up on the first page (lazy initialisation, e.g. compiled
	// regexes or WASM modules), outside the measurement.
	if len(pages) > 0 {
		call(ex, pages[0])
	}
	runtime.GC()
	runtime.GC()

	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}

	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	cpu0 := cpuTime()
	start := time.Now()
	for round := 0; round < rounds; round++ {
		for _, p := range pages {
			t0 := time.Now()
			n, err, panicked := call(ex, p)
			d := time.Since(t0)
			r.calls++
			r.bytes += int64(len(p.raw))
			r.textBytes += int64(n)
			r.byDataset[p.dataset] += d
			r.dsCalls[p.dataset]++
			if d > r.slowest {
				r.slowest, r.slowPage = d, p.dataset+"/"+shortID(p.id)
			}
			switch {
			case panicked:
				r.panics++
			case err != nil && !errors.Is(err, extract.ErrNoArticle):
				r.errs++
			}
			if n == 0 {
				r.empty++
			}
		}
	}
	r.elapsed = time.Since(start)
	r.cpu = cpuTime() - cpu0
	runtime.ReadMemStats(&after)
	r.mallocs = after.Mallocs - before.Mallocs
	r.allocated = after.TotalAlloc - before.TotalAlloc
	return r, nil
}

// cpuTime is the user+system CPU time used so far by the process; unlike
// wall time it is barely inflated when other processes share the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadTruthURLs(dir string) map[string]string {
	out := map[string]string{}
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		return out
	}
	var truth map[string]struct {
		URL string `json:"url"`
	}
	if err := json.Unmarshal(b, &truth); err != nil {
		fmt.Fprintf(os.Stderr, "bench: %s/truth.json: %v\n", dir, err)
		return out
	}
	for id, t := range truth {
		if t.URL != "" {
			out[id] = t.URL
		}
	}
	return out
}

func gunzipFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	return io.ReadAll(zr)
}

func loadDataset(root, name string, limit int) ([]*page, error) {
	dir := filepath.Join(root, name)
	files, err := filepath.Glob(filepath.Join(dir, "html", "*.html.gz"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, fmt.Errorf("no html/*.html.gz under %s", dir)
	}
	sort.Strings(files)
	if limit > 0 && len(files) > limit {
		files = files[:limit]
	}
	urls := loadTruthURLs(dir)
	pages := make([]*page, 0, len(files))
	for _, f := range files {
		raw, err := gunzipFile(f)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		id := strings.TrimSuffix(filepath.Base(f), ".html.gz")
		p := &page{dataset: name, id: id, raw: raw, rawURL: urls[id]}
		if p.rawURL != "" {
			if u, err := url.Parse(p.rawURL); err == nil {
				p.u = u
			}
		}
		pages = append(pages, p)
	}
	return pages, nil
}

func listDatasets(root string) ([]string, error) {
	ents, err := os.ReadDir(root)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range ents {
		if !e.IsDir() {
			continue
		}
		if _, err := os.Stat(filepath.Join(root, e.Name(), "html")); err == nil {
			out = append(out, e.Name())
		}
	}
	sort.Strings(out)
	return out, nil
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func moduleVersions() []string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil
	}
	want := []string{
		"codeberg.org/readeck/go-readability/v2",
		"github.com/markusmobius/go-trafilatura",
		"github.com/markusmobius/go-domdistiller",
		"github.com/go-shiori/go-readability",
		"github.com/go-shiori/dom",
		"golang.org/x/net",
		"golang.org/x/text",
	}
	var out []string
	for _, w := range want {
		for _, d := range bi.Deps {
			if d.Path == w {
				v := d.Version
				if d.Replace != nil {
					v += " => " + d.Replace.Path + " " + d.Replace.Version
				}
				out = append(out, d.Path+" "+v)
			}
		}
	}
	return out
}

func main() {
	dataRoot := flag.String("data", defaultData, "root holding <dataset>/html/*.html.gz and <dataset>/truth.json")
	limit := flag.Int("n", 0, "use at most N pages of each dataset (0: all)")
	dsFlag := flag.String("d", "", "comma-separated datasets (default: all under -data)")
	exFlag := flag.String("e", "", "comma-separated extractors (default: all): "+extractorNames())
	rounds := flag.Int("rounds", 1, "times each page is extracted by each extractor")
	procs := flag.Int("procs", 1, "GOMAXPROCS (0: leave as is)")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the newsdesk extractor's run (with -ingest -inproc: of the in-process ingest) to FILE")
	byDataset := flag.Bool("by-dataset", false, "also print pages/s per dataset")
	var iopt ingestOptions
	ingestMode := flag.Bool("ingest", false, "run the ingest benchmark instead: bare extraction vs newsdesk ingest of a WARC of the pages")
	flag.IntVar(&iopt.copies, "copies", 1, "-ingest: put the pages in the WARC K times, each copy a different article")
	flag.IntVar(&iopt.jobs, "j", 0, "-ingest: newsdesk ingest -j N (0: its default)")
	flag.IntVar(&iopt.alerts, "alerts", 1000, "-ingest: also ingest, analysed, into a store with N saved alerts (0: not)")
	flag.StringVar(&iopt.repo, "repo", "..", "-ingest: the newsdesk module's directory, to build cmd/newsdesk from")
	flag.BoolVar(&iopt.keep, "keep", false, "-ingest: keep the temporary directory (WARC, binary, stores)")
	flag.BoolVar(&iopt.postgres, "postgres", false, "-ingest: ingest through the job queue with 1 and 2 worker processes on a PostgreSQL store (a throwaway cluster from the machine's server binaries)")
	flag.BoolVar(&iopt.queue, "queue", false, "-ingest: also ingest through the job queue (NATS JetStream in this process) with 1 and 2 worker processes")
	flag.BoolVar(&iopt.inproc, "inproc", false, "-ingest: also ingest through the ingest package in a child process (with -cpuprofile, profiled)")
	child := flag.Bool("ingest-child", false, "internal: ingest the WARC given as argument into -store through the ingest package")
	store := flag.String("store", "", "internal: the store directory of -ingest-child")
	flag.Parse()

	procsSet := false
	flag.Visit(func(f *flag.Flag) { procsSet = procsSet || f.Name == "procs" })
	switch {
	case *child:
		if flag.NArg() != 1 || *store == "" {
			fatal(errors.New("-ingest-child needs -store DIR and one WARC"))
		}
		if err := runIngestChildMode(*store, flag.Arg(0), *cpuprofile); err != nil {
			fatal(err)
		}
		return
	case *ingestMode && !procsSet:
		runtime.GOMAXPROCS(runtime.NumCPU())
	case *procs > 0:
		runtime.GOMAXPROCS(*procs)
	}
	if *rounds < 1 {
		*rounds = 1
	}

	datasets := splitList(*dsFlag)
	if len(datasets) == 0 {
		var err error
		if datasets, err = listDatasets(*dataRoot); err != nil {
			fatal(err)
		}
	}
	var exs []extractor
	if names := splitList(*exFlag); len(names) > 0 {
		for _, n := range names {
			ex, ok := findExtractor(n)
			if !ok {
				fatal(fmt.Errorf("unknown extractor %q (have %s)", n, extractorNames()))
			}
			exs = append(exs, ex)
		}
	} else {
		exs = extractors
	}

	var pages []*page
	var total int64
	withURL := 0
	for _, ds := range datasets {
		ps, err := loadDataset(*dataRoot, ds, *limit)
		if err != nil {
			fatal(err)
		}
		for _, p := range ps {
			total += int64(len(p.raw))
			if p.u != nil {
				withURL++
			}
		}
		pages = append(pages, ps...)
	}
	if *ingestMode {
		iopt.cpuprofile = *cpuprofile
		if err := runIngestBench(pages, iopt); err != nil {
			fatal(err)
		}
		return
	}

	fmt.Printf("go %s %s/%s  GOMAXPROCS=%d  NumCPU=%d\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.GOMAXPROCS(0), runtime.NumCPU())
	for _, m := range moduleVersions() {
		fmt.Println("  " + m)
	}
	fmt.Printf("datasets: %s\n", strings.Join(datasets, ","))
	fmt.Printf("pages: %d (%.1f MB gunzipped, %d with URL), rounds: %d\n\n", len(pages), float64(total)/1e6, withURL, *rounds)

	var results []*result
	for _, ex := range exs {
		prof := ""
		if ex.name == "newsdesk" {
			prof = *cpuprofile
		}
		fmt.Fprintf(os.Stderr, "bench: running %s ...\n", ex.desc)
		r, err := measure(ex, pages, *rounds, prof)
		if err != nil {
			fatal(err)
		}
		fmt.Fprintf(os.Stderr, "bench: %s done in %v\n", ex.desc, r.elapsed.Round(time.Millisecond))
		results = append(results, r)
	}

	printTable(os.Stdout, results)
	if *byDataset {
		fmt.Println()
		printByDataset(os.Stdout, results, datasets)
	}
}

func printTable(w io.Writer, results []*result) {
	var base, baseCPU float64
	for _, r := range results {
		if r.ex.name == "newsdesk" {
			base, baseCPU = pagesPerSec(r), pagesPerCPUSec(r)
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "extractor\tpages\tpages/s\tpages/CPU-s\tMB/s\tallocs/page\tKB alloc/page\tvs newsdesk\tvs newsdesk (CPU)\terrors\tpanics\tempty\tavg text B\tslowest ms\tslowest page\t")
	for _, r := range results {
		pps := pagesPerSec(r)
		ratio, ratioCPU := "-", "-"
		if base > 0 {
			ratio = fmtRatio(pps / base)
		}
		if baseCPU > 0 {
			ratioCPU = fmtRatio(pagesPerCPUSec(r) / baseCPU)
		}
		calls := float64(max(r.calls, 1))
		empty, text := fmt.Sprint(r.empty), fmt.Sprintf("%.0f", float64(r.textBytes)/calls)
		if r.ex.floor {
			empty, text = "-", "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.1f\t%.2f\t%.0f\t%.1f\t%s\t%s\t%d\t%d\t%s\t%s\t%.1f\t%s\t\n",
			r.ex.desc, r.calls, pps, pagesPerCPUSec(r),
			float64(r.bytes)/1e6/r.elapsed.Seconds(),
			float64(r.mallocs)/calls,
			float64(r.allocated)/1024/calls,
			ratio, ratioCPU, r.errs, r.panics, empty, text,
			float64(r.slowest.Microseconds())/1000, r.slowPage)
	}
	tw.Flush()
}

func printByDataset(w io.Writer, results []*result, datasets []string) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "pages/s by dataset\t")
	for _, ds := range datasets {
		fmt.Fprintf(tw, "%s\t", ds)
	}
	fmt.Fprintln(tw)
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t", r.ex.desc)
		for _, ds := range datasets {
			d := r.byDataset[ds]
			if d <= 0 {
				fmt.Fprint(tw, "-\t")
				continue
			}
			fmt.Fprintf(tw, "%.1f\t", float64(r.dsCalls[ds])/d.Seconds())
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
}

func fmtRatio(x float64) string {
	switch {
	case x >= 10:
		return fmt.Sprintf("%.0fx", x)
	case x >= 0.1:
		return fmt.Sprintf("%.2fx", x)
	default:
		return fmt.Sprintf("%.4fx", x)
	}
}

// shortID keeps long hash-like page ids readable in the table.
func shortID(id string) string {
	if len(id) > 16 {
		return id[:16] + "…"
	}
	return id
}

func pagesPerCPUSec(r *result) float64 {
	if r.cpu <= 0 {
		return 0
	}
	return float64(r.calls) / r.cpu.Seconds()
}

func pagesPerSec(r *result) float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(r.calls) / r.elapsed.Seconds()
}

func findExtractor(name string) (extractor, bool) {
	for _, ex := range extractors {
		if ex.name == name {
			return ex, true
		}
	}
	return extractor{}, false
}

func extractorNames() string {
	var names []string
	for _, ex := range extractors {
		names = append(names, ex.name)
	}
	return strings.Join(names, ",")
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}
