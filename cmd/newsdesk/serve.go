package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"newsdesk"
	"newsdesk/fetch"
	"newsdesk/follow"
	"newsdesk/httpapi"
	"newsdesk/ingest"
	"newsdesk/queue"
	"newsdesk/web"
)

// ServeCommand implements "newsdesk serve": gather, index, and serve the
// API and the web interface.
type ServeCommand struct {
	*Main
}

// defaultAddr is where serve listens unless told otherwise.
const defaultAddr = "127.0.0.1:8080"

// Usage writes the help text of the serve command.
func (c *ServeCommand) Usage(w io.Writer) {
	fmt.Fprint(w, `Usage: newsdesk serve [flags]

Run newsdesk: gather articles from the sources in the background (as
'newsdesk watch' does), index every article stored for full-text search,
and serve the web interface and the JSON API on http://127.0.0.1:8080.

At first start, in an empty store, the shipped list of German and English
news feeds is added (unless --no-defaults), and the search index is built
from whatever the store holds but the index lacks. Without a network the
server still starts and serves; the sources page shows the fetch errors.

The API is described at /api/openapi.json; /healthz and /metrics
(Prometheus) are served too. Its write routes need the API token as a
bearer token: NEWSDESK_API_TOKEN, or else a token generated at first start,
printed once and kept in the data directory as api-token (mode 0600).
The web interface needs no token while the server listens on a loopback
address; on any other it asks for the token once (/login) before its
forms change the sources.

On interrupt (Ctrl-C, SIGTERM) the server stops taking requests, the pages
in flight are finished, stored and indexed, and serve exits.

Flags:
  --addr HOST:PORT    listen there (default 127.0.0.1:8080; env NEWSDESK_ADDR)
  --no-defaults       do not add the default news feeds to an empty store
  --no-watch          serve only; do not gather
  -j N                fetch N pages at once (default 16; setting workers;
                      0: one per CPU)
  --queue URL         hand the pages each pass finds to workers through the
                      NATS JetStream server at URL (env NEWSDESK_QUEUE),
                      and work on them here too (see newsdesk worker);
                      "embedded" runs the server in this process, on
                      --queue-addr (default 127.0.0.1:4222), its data in
                      the store's directory under queue/
  --queue-addr HOST:PORT
                      where the embedded queue listens
  --read-only         serve the store as it is: no gathering, no writes,
                      nothing created; also chosen by itself for a store
                      that cannot be written (a read-only file system, a
                      snapshot copy)
`+storeFlagsUsage+fetchFlagsUsage+`
Examples:
  newsdesk serve
  newsdesk serve --addr 127.0.0.1:9000 --data /var/lib/newsdesk
  curl -s 'http://127.0.0.1:8080/api/articles?q=klima&lang=de' | jq .
`)
}

// Run serves until ctx ends.
func (c *ServeCommand) Run(ctx context.Context, args []string) error {
	var sf storeFlags
	var addr string
	var noDefaults, noWatch bool
	var jobs jobsFlag
	fs := newFlagSet("serve")
	sf.register(fs, "serve", true)
	fs.StringVar(&addr, "addr", "", "")
	fs.BoolVar(&noDefaults, "no-defaults", false, "")
	fs.BoolVar(&noWatch, "no-watch", false, "")
	fs.Var(&jobs, "j", "")
	queueURL := fs.String("queue", "", "")
	queueAddr := fs.String("queue-addr", "127.0.0.1:4222", "")
	if err := parseFlags(fs, "serve", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("serve", "unexpected argument %q", fs.Arg(0))
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	if *queueURL == "" {
		*queueURL = cfg.Queue
	}
	if jobs.set {
		cfg.Workers = jobs.n
	}
	if addr == "" {
		addr = os.Getenv("NEWSDESK_ADDR")
	}
	if addr == "" {
		addr = defaultAddr
	}
	if _, _, err := net.SplitHostPort(addr); err != nil {
		return usagef("serve", "--addr: want HOST:PORT, got %q", addr)
	}
	log := slog.New(slog.NewTextHandler(c.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))

	st, err := sf.openStore(ctx, cfg)
	if err != nil {
		return err
	}
	defer st.Close()
	ix, err := openIndexOf(cfg, st)
	if err != nil {
		return err
	}
	defer ix.Close()
	readOnly := st.ReadOnly()
	if readOnly {
		fmt.Fprintf(c.Stderr, "newsdesk: serve: the store in %s is served read-only: no gathering, no writes\n", storeName(cfg))
		noDefaults, noWatch = true, true
	}

	if !noDefaults {
		n, err := addDefaultsToEmptyStore(ctx, st)
		if err != nil {
			return err
		}
		if n > 0 {
			fmt.Fprintf(c.Stderr, "newsdesk: serve: first start: added %d default news feeds (see /sources)\n", n)
		}
	}
	token := os.Getenv("NEWSDESK_API_TOKEN")
	if token != "" && len(token) < httpapi.MinTokenLength {
		return fmt.Errorf("NEWSDESK_API_TOKEN is too weak: it must have at least %d characters (e.g. from 'openssl rand -hex 32')", httpapi.MinTokenLength)
	}
	if readOnly {
		token = "" // every write is refused
	} else if token == "" {
		var created bool
		where := filepath.Join(cfg.Data, httpapi.TokenFile)
		if tk, ok := st.(interface {
			LoadOrCreateToken(context.Context) (string, bool, error)
		}); ok {
			token, created, err = tk.LoadOrCreateToken(ctx)
			where = "the database"
		} else {
			token, created, err = httpapi.LoadOrCreateToken(cfg.Data)
		}
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(c.Stderr, "newsdesk: serve: API token (shown this once; kept in %s): %s\n", where, token)
		}
	}

	// Metrics, and the counters the background work feeds.
	met := httpapi.NewMetrics()
	fetches := met.Counter("newsdesk_fetches_total", "HTTP fetches of feeds, sitemaps and pages, by status code (error: no response).", "status")
	pagesDone := met.Counter("newsdesk_ingest_pages_total", "Pages through the ingest pipeline, by outcome.", "outcome")
	indexOps := met.Counter("newsdesk_index_operations_total", "Articles added to the search index, by result.", "result")

	// The index follows the store: at once, whenever this process stores
	// an article, and every half second for articles other processes
	// store. Searches are answered meanwhile, and the lag is reported.
	idx := &follow.Runner{Log: st, Follower: ix,
		Options: follow.Options{Failed: func(c newsdesk.Change, err error) {
			indexOps.Inc("error")
			log.Error("cannot index article", "id", c.ID, "err", err)
		}, Applied: func(n int) { indexOps.Add("ok", float64(n)) }},
		Error: func(err error) { log.Error("the index cannot follow the store", "err", err) },
	}
	// So do the analysis, the connections and the alerts' matches, and
	// the matches go out by webhook (and by mail, when configured).
	runners, err := newStoreRunners(cfg, st, time.Second,
		func(verb string, id int64, err error) { log.Error("cannot "+verb+" article", "id", id, "err", err) },
		func(name string, err error) {
			if name == "delivery" {
				log.Error("cannot deliver the alerts' matches", "err", err)
				return
			}
			log.Error("the "+name+" cannot follow the store", "err", err)
		})
	if err != nil {
		return err
	}
	lag := func(ctx context.Context) (int64, error) { return follow.Lag(ctx, st, ix) }
	if n, err := lag(ctx); err == nil && n > 0 && !st.ReadOnly() {
		fmt.Fprintf(c.Stderr, "newsdesk: serve: the search index is %d %s behind the store; catching up while serving\n", n, plural(n, "article", "articles"))
	}
	var ing ingestState
	met.Gauge("newsdesk_articles_stored", "Articles in the store.", func(ctx context.Context) (float64, error) {
		a, _, _, err := st.Count(ctx)
		return float64(a), err
	})
	met.Gauge("newsdesk_pages_stored", "Raw pages in the store.", func(ctx context.Context) (float64, error) {
		_, p, _, err := st.Count(ctx)
		return float64(p), err
	})
	met.Gauge("newsdesk_articles_indexed", "Articles in the search index.", func(ctx context.Context) (float64, error) {
		n, err := ix.Count(ctx)
		return float64(n), err
	})
	met.Gauge("newsdesk_sources_failing", "Sources whose last fetch failed.", func(ctx context.Context) (float64, error) {
		srcs, err := st.Sources(ctx)
		n := 0
		for _, s := range srcs {
			if httpapi.FetchState(s) == "error" {
				n++
			}
		}
		return float64(n), err
	})
	met.Gauge("newsdesk_ingest_queue_depth", "Pages found by the current ingest pass and not yet done.", func(context.Context) (float64, error) {
		return float64(ing.pending()), nil
	})
	met.Gauge("newsdesk_index_lag", "Stored articles written since the search index last followed the store.", func(ctx context.Context) (float64, error) {
		n, err := lag(ctx)
		return float64(n), err
	})

	// The queue: pages go to workers, this process among them.
	var q *queue.Queue
	if *queueURL != "" && !readOnly {
		url := *queueURL
		if url == "embedded" {
			e, err := queue.StartEmbedded(filepath.Join(cfg.Data, "queue"), *queueAddr)
			if err != nil {
				return err
			}
			defer e.Shutdown()
			url = e.URL()
			fmt.Fprintf(c.Stderr, "newsdesk: serve: queue on %s (newsdesk worker --queue %s)\n", url, url)
		}
		if q, err = queue.Open(ctx, queueConfig(url)); err != nil {
			return err
		}
		defer q.Close()
		queueGauge := func(name, help string, v func(queue.Stats) float64) {
			met.Gauge(name, help, func(ctx context.Context) (float64, error) {
				s, err := q.Stats(ctx)
				return v(s), err
			})
		}
		queueGauge("newsdesk_queue_jobs_waiting", "Jobs in the queue, not yet done.", func(s queue.Stats) float64 { return float64(s.Waiting) })
		queueGauge("newsdesk_queue_jobs_working", "Jobs handed to a worker and not yet answered for.", func(s queue.Stats) float64 { return float64(s.Working) })
		queueGauge("newsdesk_queue_jobs_redelivered", "Jobs out for another try.", func(s queue.Stats) float64 { return float64(s.Redelivered) })
		queueGauge("newsdesk_queue_dead_letters", "Jobs that failed every delivery.", func(s queue.Stats) float64 { return float64(s.Dead) })
	}

	var turn func(context.Context, string, time.Duration) error
	if q != nil {
		turn = q.HostTurn
	}
	var fetcher ingest.Fetcher = countingFetcher{newFetcherTurn(cfg, turn), fetches}
	icfg := ingestConfig(cfg, st, nil)
	icfg.Fetcher = fetcher
	icfg.Discovered = ing.discovered
	// pageDone counts a page done here and wakes the followers.
	pageDone := func(r ingest.Result) {
		pagesDone.Inc(string(r.Outcome))
		if r.ArticleID != 0 && (r.Outcome == ingest.Added || r.Outcome == ingest.Updated) {
			idx.Wake()
			runners.analysis.Wake()
		}
	}
	icfg.Report = func(r ingest.Result) {
		if !r.Page {
			if r.Outcome == ingest.Failed {
				log.Warn("source failed", "url", r.URL, "err", r.Err)
			}
			return
		}
		ing.done()
		pageDone(r)
	}
	if q != nil {
		icfg.Dispatch = q.Publish
	}
	in := ingest.New(icfg)
	stats := ing.snapshot
	if q != nil {
		stats = func() any {
			m := ing.snapshot().(map[string]any)
			if s, err := q.Stats(context.Background()); err == nil {
				m["jobs"] = s
			}
			return m
		}
	}

	api := httpapi.New(httpapi.Config{
		Store: st, Index: ix, Detect: in.Detect, Token: token, Metrics: met,
		Stats: stats, Logger: log, IndexLag: lag,
		AllowPrivate: cfg.AllowPrivateNetworks, WakeDeliveries: runners.wakeDeliveries,
	})
	secret := sha256.Sum256([]byte("newsdesk web secret\x00" + token))
	ui, err := web.New(web.Config{
		Store: st, Index: ix, IndexLag: lag, Detect: in.Detect, Secret: secret[:],
		RequireLogin: !web.IsLoopback(addr), Token: token, Logger: log,
		AllowPrivate: cfg.AllowPrivateNetworks, WakeDeliveries: runners.wakeDeliveries, Jobs: q,
	})
	if err != nil {
		return err
	}
	mux := http.NewServeMux()
	api.Register(mux)
	ui.Register(mux)
	var handler http.Handler = http.NewCrossOriginProtection().Handler(mux)
	if web.IsLoopback(addr) {
		handler = web.LoopbackHostsOnly(handler)
	}
	handler = met.Middleware(handler)

	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       time.Minute,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}

	// Background work: follow the store with the index, and gather.
	fctx, stopFollowing := context.WithCancel(context.WithoutCancel(ctx))
	defer stopFollowing()
	var bg sync.WaitGroup
	if !readOnly {
		bg.Go(func() { idx.Run(fctx) })
		runners.run(fctx, &bg, time.Second)
	}
	if q != nil {
		bg.Go(func() {
			err := q.Work(fctx, max(1, cfg.Workers), func(ctx context.Context, d *queue.Delivery) error {
				r := in.Do(ctx, d.Job)
				pageDone(r)
				if r.Outcome == ingest.Stopped {
					return r.Err
				}
				return nil
			})
			in.Flush(context.Background())
			if err != nil && fctx.Err() == nil {
				log.Error("the queue's work stopped", "err", err)
			}
		})
	}
	watchDone := make(chan struct{})
	if noWatch {
		close(watchDone)
	} else {
		go func() {
			defer close(watchDone)
			err := in.Watch(ctx, func(s ingest.Stats, due []newsdesk.Source) {
				ing.passDone(s, len(due))
				log.Info("pass done", "sources", len(due), "summary", s.String())
			})
			if err != nil {
				log.Error("gathering stopped", "err", err)
			}
		}()
	}

	fmt.Fprintf(c.Stderr, "newsdesk: serve: listening on http://%s/ (data in %s)\n", ln.Addr(), storeName(cfg))
	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()

	var runErr error
	select {
	case <-ctx.Done():
	case err := <-serveErr:
		runErr = fmt.Errorf("serve: %w", err)
	}
	fmt.Fprintf(c.Stderr, "newsdesk: serve: shutting down\n")
	sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
	}
	<-watchDone // pages in flight are stored within ingest's grace period
	stopFollowing()
	bg.Wait()
	// and indexed before the process ends.
	if readOnly {
		return runErr
	}
	if _, err := follow.CatchUp(context.WithoutCancel(ctx), st, ix, idx.Options); err != nil {
		log.Error("cannot index the last articles", "err", err)
	}
	return runErr
}

// addDefaultsToEmptyStore adds ingest.DefaultSources to a store that
// holds no source, page or article: a first start. It returns how many
// it added.
func addDefaultsToEmptyStore(ctx context.Context, st newsdesk.Store) (int, error) {
	articles, pages, sources, err := st.Count(ctx)
	if err != nil {
		return 0, err
	}
	if articles+pages+sources > 0 {
		return 0, nil
	}
	n := 0
	for _, s := range ingest.DefaultSources() {
		err := st.AddSource(ctx, &s)
		switch {
		case errors.Is(err, newsdesk.ErrExists):
		case err != nil:
			return n, err
		default:
			n++
		}
	}
	return n, nil
}

// countingFetcher counts fetches by HTTP status.
type countingFetcher struct {
	f ingest.Fetcher
	c *httpapi.CounterVec
}

// Get fetches with the wrapped fetcher and counts the outcome.
func (cf countingFetcher) Get(ctx context.Context, req fetch.Request) (*fetch.Response, error) {
	resp, err := cf.f.Get(ctx, req)
	switch {
	case resp != nil && resp.StatusCode != 0:
		cf.c.Inc(strconv.Itoa(resp.StatusCode))
	case err != nil:
		cf.c.Inc("error")
	}
	return resp, err
}

// ingestState follows the background gathering for /api/stats and the
// queue depth metric.
type ingestState struct {
	found, finished atomic.Int64
	mu              sync.Mutex
	passes          int
	last            time.Time
	lastStats       ingest.Stats
	lastSources     int
}

func (s *ingestState) discovered(n int) { s.found.Add(int64(n)) }
func (s *ingestState) done()            { s.finished.Add(1) }

// pending returns the pages found and not yet done.
func (s *ingestState) pending() int64 { return max(0, s.found.Load()-s.finished.Load()) }

func (s *ingestState) passDone(st ingest.Stats, sources int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.passes++
	s.last = time.Now()
	s.lastStats = st
	s.lastSources = sources
}

// snapshot returns the state for /api/stats.
func (s *ingestState) snapshot() any {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]any{"passes": s.passes, "queue_depth": s.pending()}
	if s.passes > 0 {
		out["last_pass"] = map[string]any{
			"finished":     s.last.UTC().Format(time.RFC3339),
			"sources":      s.lastSources,
			"sources_bad":  s.lastStats.SourcesBad,
			"fetched":      s.lastStats.Fetched,
			"new":          s.lastStats.New,
			"updated":      s.lastStats.Updated,
			"duplicates":   s.lastStats.Duplicates,
			"failed":       s.lastStats.Failed,
			"no_article":   s.lastStats.NoArticle,
			"not_modified": s.lastStats.NotModified,
		}
	}
	return out
}
