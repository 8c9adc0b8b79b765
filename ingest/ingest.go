package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/fetch"
	"newsdesk/sites"
)

// Fetcher gets web pages; *fetch.Fetcher is the one to use.
type Fetcher interface {
	Get(ctx context.Context, req fetch.Request) (*fetch.Response, error)
}

// Defaults for the zero fields of Config.
const (
	DefaultFetchWorkers    = 16
	DefaultDiscoverWorkers = 4
	DefaultMaxSitemaps     = 20
	DefaultMaxPages        = 1000
	DefaultGrace           = 15 * time.Second
	DefaultMinInterval     = 5 * time.Minute
	DefaultMaxInterval     = 6 * time.Hour
	DefaultInterval        = 30 * time.Minute
)

// Config sets up an Ingester. A zero field takes the default named after it.
type Config struct {
	// Store receives the pages and articles; it is required.
	Store newsdesk.Store
	// Fetcher gets feeds, sitemaps and pages; it is required to read
	// sources on the web, and may be nil for local ones.
	Fetcher Fetcher

	// FetchWorkers bounds the pages fetched at once. The fetcher's own
	// per-host limits apply on top.
	FetchWorkers int
	// ExtractWorkers bounds the pages extracted at once (default: the
	// number of CPUs).
	ExtractWorkers int
	// DiscoverWorkers bounds the sources listed at once.
	DiscoverWorkers int

	// MaxSitemaps caps the child sitemaps followed from one sitemap index
	// (the most recently modified are taken).
	MaxSitemaps int
	// MaxPages caps the pages taken from one feed, sitemap or URL list in
	// one pass. Local files and WARC archives are read whole.
	MaxPages int
	// MaxBytes caps the size of a page; a larger one fails. Zero means
	// extract.DefaultMaxBytes.
	MaxBytes int

	// Grace bounds how long the pages in flight may take to finish after
	// the context of Run ends.
	Grace time.Duration

	// MinInterval, MaxInterval and Interval shape the polling schedule:
	// a source's interval starts at Interval and adapts between the
	// other two (see NextInterval).
	MinInterval time.Duration
	MaxInterval time.Duration
	Interval    time.Duration

	// Report, if set, is called for every page and every source as it is
	// done, from one goroutine at a time.
	Report func(Result)
	// Discovered, if set, is called with the number of pages a source
	// adds to the pass, as they are found, from one goroutine at a time.
	// With Report it makes a progress bar.
	Discovered func(n int)

	// Dispatch, if set, hands each page discovered to the workers as a
	// job instead of fetching, reading and storing it here: a page read
	// already (a WARC record, a local file) travels with its job, a URL
	// is fetched by the worker. The pages' outcome is Queued. Workers do
	// the jobs with Do.
	Dispatch func(context.Context, *newsdesk.Job) error

	// NoLearn reads every page on its own: nothing is learnt of the sites'
	// templates, and none is applied.
	NoLearn bool

	// Now returns the current time (replaced in tests).
	Now func() time.Time
}

func (c Config) withDefaults() Config {
	def := func(v *int, d int) {
		if *v <= 0 {
			*v = d
		}
	}
	def(&c.FetchWorkers, DefaultFetchWorkers)
	def(&c.ExtractWorkers, runtime.NumCPU())
	def(&c.DiscoverWorkers, DefaultDiscoverWorkers)
	def(&c.MaxSitemaps, DefaultMaxSitemaps)
	def(&c.MaxPages, DefaultMaxPages)
	def(&c.MaxBytes, extract.DefaultMaxBytes)
	dur := func(v *time.Duration, d time.Duration) {
		if *v <= 0 {
			*v = d
		}
	}
	dur(&c.Grace, DefaultGrace)
	dur(&c.MinInterval, DefaultMinInterval)
	dur(&c.MaxInterval, DefaultMaxInterval)
	dur(&c.Interval, DefaultInterval)
	c.MaxInterval = max(c.MaxInterval, c.MinInterval)
	if c.Now == nil {
		c.Now = time.Now
	}
	return c
}

// Ingester gathers articles from sources into a store. It is safe for
// concurrent use, but passes over the same sources should not overlap.
type Ingester struct {
	cfg     Config
	sites   *siteTemplates
	learner *learner
}

// New returns an Ingester set up by cfg. It does no I/O.
func New(cfg Config) *Ingester {
	in := &Ingester{cfg: cfg.withDefaults()}
	if in.cfg.Store != nil && !in.cfg.NoLearn {
		in.sites = newSiteTemplates(in.cfg.Store)
		in.learner = &learner{store: in.cfg.Store, sites: in.sites}
	}
	return in
}

// Outcome is what became of one page or source in a pass.
type Outcome string

// The outcomes of a Result.
const (
	Added       Outcome = "new"          // article stored for the first time
	Updated     Outcome = "updated"      // stored article with changed text
	Duplicate   Outcome = "duplicate"    // already stored as it is
	NoArticle   Outcome = "no-article"   // page stored, but no article text in it
	Failed      Outcome = "failed"       // the page or source failed; see Err
	NotModified Outcome = "not-modified" // source unchanged since its last fetch
	Listed      Outcome = "listed"       // source read; its pages follow
	Stopped     Outcome = "stopped"      // page left undone at shutdown
	Skipped     Outcome = "skipped"      // page left out on purpose; see Err
	Queued      Outcome = "queued"       // page handed to the workers (Config.Dispatch)
)

// Result reports one page (Source is its source) or, when Page is false,
// one source.
type Result struct {
	Page    bool
	Source  *newsdesk.Source
	URL     string // page URL, or the source's URL or path
	Outcome Outcome
	// ArticleID is the stored article's ID, for Added, Updated and
	// Duplicate pages.
	ArticleID int64
	// Pages is the number of pages a source added to the pass.
	Pages int
	// Fetched is true when the page was downloaded (not read from disk).
	Fetched bool
	Err     error
}

// Stats counts the outcomes of a pass.
type Stats struct {
	Sources     int // sources read
	SourcesBad  int // sources that could not be read
	NotModified int // sources unchanged since their last fetch
	Pages       int // pages that went through the pipeline
	Fetched     int // pages downloaded
	New         int
	Updated     int
	Duplicates  int
	NoArticle   int // pages stored without article text
	Failed      int // pages that failed
	Stopped     int // pages left undone at shutdown
	Skipped     int // pages left out on purpose, e.g. WARC records of no web URL
	Queued      int // pages handed to the workers
}

// Add counts a result: a page's outcome, or a source's failure.
func (s *Stats) Add(r Result) {
	if !r.Page {
		switch r.Outcome {
		case Failed:
			s.SourcesBad++
		case NotModified:
			s.NotModified++
		}
		return
	}
	s.Pages++
	if r.Fetched {
		s.Fetched++
	}
	switch r.Outcome {
	case Added:
		s.New++
	case Updated:
		s.Updated++
	case Duplicate:
		s.Duplicates++
	case NoArticle:
		s.NoArticle++
	case Failed:
		s.Failed++
	case Stopped:
		s.Stopped++
	case Skipped:
		s.Skipped++
	case Queued:
		s.Queued++
	}
}

// String formats the counts as a summary line.
func (s Stats) String() string {
	line := fmt.Sprintf("fetched %d, new %d, updated %d, duplicates %d, failed %d, without article %d",
		s.Fetched, s.New, s.Updated, s.Duplicates, s.Failed, s.NoArticle)
	if s.Queued > 0 {
		line = fmt.Sprintf("queued %d, failed %d", s.Queued, s.Failed)
	}
	if s.Skipped > 0 {
		line += fmt.Sprintf(", skipped %d", s.Skipped)
	}
	if s.NotModified > 0 {
		line += fmt.Sprintf("; %d of %d sources unchanged", s.NotModified, s.Sources)
	}
	if s.SourcesBad > 0 {
		line += fmt.Sprintf("; %d of %d sources failed", s.SourcesBad, s.Sources)
	}
	if s.Stopped > 0 {
		line += fmt.Sprintf("; %d pages left for the next pass", s.Stopped)
	}
	return line
}

// page is one page on its way through the pipeline. Each stage fills in
// its part; a page with err set passes the later stages untouched.
type page struct {
	src *sourceRun
	url string // the URL it was listed under (file:// for local files)
	// path is the local file to read, for file sources.
	path string
	// body, contentType and date are filled by the fetch stage, or by
	// discovery for WARC records, which sets read.
	read        bool
	body        []byte
	contentType string
	date        time.Time
	fetched     bool
	truncated   bool   // the body is the start of a longer page
	warc        []byte // the gzip member of the WARC record read, if any
	finalURL    string
	article     *newsdesk.Article   // nil for a page without article text
	site        *extract.SiteReport // what the page gives its site to learn
	outcome     Outcome
	articleID   int64
	err         error
}

// storeWorkers is how many pages are handed to the store at once.
const storeWorkers = 8

// sourceRun is the state of one source during a pass.
type sourceRun struct {
	src newsdesk.Source
	// Set by discovery: the fetch of the feed or sitemap itself.
	status       int
	etag         string
	lastModified string
	notModified  bool
	retryAt      time.Time
	err          error
	// fetchedOK is set when the listing was fetched, or read from disk.
	fetchedOK bool
	// partial is set when listing stopped early, at the end of the
	// context.
	partial bool
	// pages counts the pages listed for the pass.
	pages int
	// Tallied by the collector: new articles, and pages that failed or
	// were left undone.
	newPages   int
	unfinished int
}

// Run makes one pass over sources: it lists their pages, fetches those
// not seen before, extracts and stores them, and saves each stored
// source's state. Sources with ID 0 are read but not saved. Failures of
// pages and sources are counted and reported, not returned; the error is
// ctx's when the pass was cut short, or a store error that ended it. A
// failure of the store as a whole (a full disk, a read-only file; see
// newsdesk.StorageFailed) ends the pass at once: no page is started
// after it, the pages it hit count as left for the next pass, and Run
// returns it.
func (in *Ingester) Run(ctx context.Context, sources []newsdesk.Source) (Stats, error) {
	cfg := in.cfg
	ctx, stopPass := context.WithCancelCause(ctx)
	defer stopPass(nil)
	// work outlives ctx by the grace period, so that the pages in flight
	// are finished and stored after ctx ends.
	work, cancelWork := context.WithCancel(context.WithoutCancel(ctx))
	defer cancelWork()
	stopGrace := context.AfterFunc(ctx, func() { time.AfterFunc(cfg.Grace, cancelWork) })
	defer stopGrace()

	runs := make([]*sourceRun, len(sources))
	for i, s := range sources {
		runs[i] = &sourceRun{src: s}
	}
	p := &pass{in: in, seen: make(map[string]bool), stop: stopPass}

	listed := make(chan *sourceRun)
	toFetch := make(chan *page, cfg.FetchWorkers)
	toExtract := make(chan *page, cfg.ExtractWorkers)
	toStore := make(chan *page, cfg.ExtractWorkers)
	done := make(chan *page, cfg.ExtractWorkers)

	// 1. Discover: list the pages of a few sources at a time.
	go func() {
		workers(cfg.DiscoverWorkers, runs, func(r *sourceRun) {
			p.discover(ctx, r, toFetch)
			listed <- r
		})
		close(listed)
		close(toFetch)
	}()
	// 2. Fetch the pages not seen before (or read them from disk); after
	// ctx ends, pages not yet started are left for the next pass.
	go stage(cfg.FetchWorkers, toFetch, toExtract, func(pg *page) {
		if ctx.Err() != nil {
			pg.outcome, pg.err = Stopped, ctx.Err()
			return
		}
		if cfg.Dispatch != nil {
			p.dispatch(work, pg)
			return
		}
		p.fetch(work, pg)
	})
	// 3. Extract the article.
	go stage(cfg.ExtractWorkers, toExtract, toStore, p.extract)
	// 4. Store page and article in one transaction. Several workers
	// compress pages at once, and the store commits their writes together.
	go stage(storeWorkers, toStore, done, func(pg *page) { p.store(work, pg) })

	// Collect: count, report, and remember what each source brought.
	var st Stats
	st.Sources = len(sources)
	report := func(r Result) {
		st.Add(r)
		if cfg.Report != nil {
			cfg.Report(r)
		}
	}
	for listed != nil || done != nil {
		select {
		case r, ok := <-listed:
			if !ok {
				listed = nil
				continue
			}
			res := Result{Source: &r.src, URL: r.src.URL, Outcome: Listed, Pages: r.pages, Err: r.err}
			switch {
			case r.err != nil:
				res.Outcome = Failed
			case r.notModified:
				res.Outcome = NotModified
			}
			report(res)
		case pg, ok := <-done:
			if !ok {
				done = nil
				continue
			}
			pg.finish()
			switch pg.outcome {
			case Added:
				pg.src.newPages++
			case Failed, Stopped:
				pg.src.unfinished++
			}
			report(Result{Page: true, Source: &pg.src.src, URL: pg.url, Outcome: pg.outcome,
				ArticleID: pg.articleID, Fetched: pg.fetched, Err: pg.err})
		}
	}

	// What the pages give their sites to learn is written before the
	// pass ends.
	in.Flush(work)

	// Save each source's state and schedule its next fetch.
	var storeErr error
	for _, r := range runs {
		if r.src.ID == 0 {
			continue
		}
		if err := in.cfg.Store.UpdateSource(work, in.schedule(r)); err != nil && storeErr == nil {
			storeErr = fmt.Errorf("ingest: cannot save source %d: %w", r.src.ID, err)
		}
	}
	if p.storeErr != nil {
		return st, fmt.Errorf("ingest: the pass stopped: %w", p.storeErr)
	}
	if err := ctx.Err(); err != nil {
		return st, err
	}
	return st, storeErr
}

// workers calls fn for each element of items with n goroutines, and
// returns when all calls have returned.
func workers[T any](n int, items []T, fn func(T)) {
	ch := make(chan T)
	var wg sync.WaitGroup
	for range min(n, max(len(items), 1)) {
		wg.Go(func() {
			for it := range ch {
				fn(it)
			}
		})
	}
	for _, it := range items {
		ch <- it
	}
	close(ch)
	wg.Wait()
}

// stage runs fn with n goroutines on every page from in that has not
// failed, passes every page on to out, and closes out at the end.
func stage(n int, in <-chan *page, out chan<- *page, fn func(*page)) {
	var wg sync.WaitGroup
	for range n {
		wg.Go(func() {
			for pg := range in {
				if pg.err == nil && pg.outcome == "" {
					fn(pg)
				}
				out <- pg
			}
		})
	}
	wg.Wait()
	close(out)
}

// pass is the state shared by the stages of one Run.
type pass struct {
	in *Ingester
	// stop ends the pass when the store fails as a whole; storeErr is
	// the failure, set once.
	stop     context.CancelCauseFunc
	stopOnce sync.Once
	storeErr error

	mu sync.Mutex
	// seen holds the URLs listed in this pass, so that a page in two
	// feeds is fetched once.
	seen map[string]bool
}

// storageFailed reports whether err is a failure of the store as a
// whole and, if it is, ends the pass and leaves pg for the next one.
func (p *pass) storageFailed(pg *page, err error) bool {
	if !newsdesk.StorageFailed(err) {
		return false
	}
	p.stopOnce.Do(func() {
		p.storeErr = err
		p.stop(err)
	})
	pg.outcome, pg.err = Stopped, err
	return true
}

// fetch downloads pg (or reads it from disk) and logs the fetch.
func (p *pass) fetch(ctx context.Context, pg *page) {
	if pg.read {
		// A WARC record: discovery has read it. A record of a target
		// that is no web page (javascript:, mailto:) is no article.
		if !isHTTP(pg.url) {
			pg.outcome, pg.err = Skipped, fmt.Errorf("warc: %s: %w: not a web page, record skipped", pg.url, ErrUnsupportedScheme)
		}
		return
	}
	if pg.path != "" {
		pg.body, pg.date, pg.err = readPageFile(pg.path, p.in.cfg.MaxBytes)
		return
	}
	if p.in.cfg.Fetcher == nil {
		pg.err = errors.New("ingest: no fetcher to read URLs with")
		return
	}
	start := p.in.cfg.Now()
	resp, err := p.in.cfg.Fetcher.Get(ctx, fetch.Request{URL: pg.url})
	pg.fetched = true
	f := newsdesk.Fetch{SourceID: pg.src.src.ID, URL: pg.url, Time: start}
	if resp != nil {
		f.Status, f.Bytes, f.Duration = resp.StatusCode, int64(len(resp.Body)), resp.Duration
	}
	switch {
	case err != nil:
	case resp.Truncated || len(resp.Body) > p.in.cfg.MaxBytes:
		err = fmt.Errorf("fetch: %s: page larger than %d bytes", pg.url, p.in.cfg.MaxBytes)
	case len(resp.Body) == 0:
		err = fmt.Errorf("fetch: %s: empty page (status %d)", pg.url, resp.StatusCode)
	}
	if err != nil {
		f.Error = err.Error()
		pg.err = err
	} else {
		pg.body, pg.contentType, pg.date, pg.finalURL = resp.Body, resp.ContentType, start, resp.FinalURL
	}
	if lerr := p.in.cfg.Store.LogFetch(ctx, f); lerr != nil && pg.err == nil && !p.storageFailed(pg, lerr) {
		pg.err = fmt.Errorf("ingest: cannot log fetch: %w", lerr)
	}
}

// extract reads the article out of pg. A page without article text (a
// video, a section front, a consent wall) has no article, and is stored
// as a page only: the store decides when it is fetched again, and
// reprocessing reads it again.
func (p *pass) extract(pg *page) {
	u := pg.finalURL
	if u == "" && pg.path == "" {
		u = pg.url
	}
	opt := extract.Options{URL: u, ContentType: pg.contentType, MaxBytes: p.in.cfg.MaxBytes}
	if p.in.sites != nil {
		opt.Template = p.in.sites.template(context.Background(), sites.Key(u, ""))
		opt.Site = func(r *extract.SiteReport) { pg.site = r }
	}
	a, err := extract.Extract(pg.body, opt)
	switch {
	case a == nil && err == nil:
		err = errors.New("extractor returned no article")
	case err == nil && a.Empty(), errors.Is(err, extract.ErrNoArticle):
		return
	}
	if err != nil {
		pg.err = fmt.Errorf("extract: %s: %w", pg.url, err)
		return
	}
	if pg.truncated {
		a.Truncated = true
	}
	if a.URL == "" {
		a.URL = u
	}
	if a.URL == "" { // a local file: its canonical URL, or its path
		a.URL = a.CanonicalURL
		if a.URL == "" {
			a.URL = pg.url
		}
	}
	pg.article = a
}

// store saves the page and its article in one transaction.
func (p *pass) store(ctx context.Context, pg *page) {
	np := &newsdesk.Page{
		SourceID:    pg.src.src.ID,
		URL:         pg.url,
		ContentType: pg.contentType,
		Fetched:     pg.date,
		Body:        pg.body,
		WARC:        pg.warc,
	}
	if np.Fetched.IsZero() {
		np.Fetched = p.in.cfg.Now()
	}
	if pg.article == nil {
		if err := p.in.cfg.Store.SavePage(ctx, np); err != nil {
			if !p.storageFailed(pg, err) {
				pg.err = fmt.Errorf("store: %s: %w", pg.url, err)
			}
			return
		}
		pg.outcome = NoArticle
		return
	}
	id, out, err := p.in.cfg.Store.SaveArticle(ctx, np, pg.article)
	if err != nil {
		if !p.storageFailed(pg, err) {
			pg.err = fmt.Errorf("store: %s: %w", pg.url, err)
		}
		return
	}
	pg.articleID = id
	switch out {
	case newsdesk.Created:
		pg.outcome = Added
		p.learn(ctx, np, pg.article, pg.site)
	case newsdesk.Revised:
		pg.outcome = Updated
	default:
		pg.outcome = Duplicate
	}
}

// Flush writes what the pages done so far give their sites to learn;
// Run does at its end, a worker calling Do should before it exits.
func (in *Ingester) Flush(ctx context.Context) {
	if in.learner != nil {
		in.learner.flush(ctx)
	}
}

// learn gives a newly stored article's page to its site's template. A
// failure to learn loses nothing of the article: reprocessing learns the
// pages not learnt.
func (p *pass) learn(ctx context.Context, np *newsdesk.Page, a *newsdesk.Article, r *extract.SiteReport) {
	if r == nil || p.in.sites == nil {
		return
	}
	site := sites.Key(a.URL, a.CanonicalURL)
	if site == "" {
		return
	}
	p.in.learner.add(newsdesk.SitePage{Site: site, Page: pageKey(np.URL), Time: np.Fetched, Prints: r.Prints})
}

// finish gives a page that failed or stopped its outcome.
func (pg *page) finish() {
	if pg.err != nil && pg.outcome == "" {
		pg.outcome = Failed
	}
}
