package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"newsdesk"
	"newsdesk/config"
	"newsdesk/fetch"
	"newsdesk/ingest"
	"newsdesk/postgres"
	"newsdesk/search"
	"newsdesk/sqlite"
)

// storeFlags are the flags shared by the commands that use the store:
// --data and --config, and --allow-private-networks for those that fetch.
type storeFlags struct {
	name         string
	data         string
	store        string
	config       string
	allowPrivate bool
	fetches      bool
	// reads is set for the commands that only read the store; readOnly
	// by their --read-only flag (and serve's).
	reads    bool
	readOnly bool
}

// readers are the commands (by flag set name) that only read the store:
// they never create a data directory, and read a store they cannot
// write as it is.
var readers = map[string]bool{"articles": true, "search": true, "sources list": true, "entities": true, "quotes": true,
	"stories list": true, "stories show": true, "alerts list": true, "alerts show": true}

// register adds the shared flags to fs.
func (sf *storeFlags) register(fs *flag.FlagSet, name string, fetches bool) {
	sf.name, sf.fetches = name, fetches
	cmd := strings.TrimPrefix(fs.Name(), "newsdesk ")
	sf.reads = readers[cmd]
	fs.StringVar(&sf.data, "data", "", "")
	fs.StringVar(&sf.store, "store", "", "")
	fs.StringVar(&sf.config, "config", "", "")
	if sf.reads || cmd == "serve" {
		fs.BoolVar(&sf.readOnly, "read-only", false, "")
	}
	if fetches {
		fs.BoolVar(&sf.allowPrivate, "allow-private-networks", false, "")
	}
}

// storeFlagsUsage is the help text of the shared flags.
const storeFlagsUsage = `  --data DIR          the store's directory (default ./newsdesk-data;
                      env NEWSDESK_DATA)
  --store DSN         keep the store and its search index in the PostgreSQL
                      database DSN (postgres://user:pass@host/db, or
                      host=… dbname=…; env NEWSDESK_STORE) instead of --data
  --config FILE       read settings from FILE (env NEWSDESK_CONFIG): lines
                      of key = value, # for comments; the keys are data,
                      store, queue, user_agent, workers, allow_private_networks, timeout,
                      interval, min_interval, max_interval, max_sitemaps,
                      max_pages, per_host_interval (durations as 90s,
                      5m, 6h), and for alert digests smtp_url
                      (smtp://user:pass@host:port), mail_from, time_zone
                      and base_url; env NEWSDESK_<KEY> overrides the
                      file, and flags override both
`

// fetchFlagsUsage is the help text of the flag of commands that fetch.
const fetchFlagsUsage = `  --allow-private-networks
                      allow URLs on loopback, private, link-local and other
                      non-public addresses (refused by default; env
                      NEWSDESK_ALLOW_PRIVATE_NETWORKS=true)
`

// settings returns the configuration: defaults, then the config file,
// then the environment, then the flags set on the command line.
func (sf *storeFlags) settings(fs *flag.FlagSet) (config.Config, error) {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	cfg := config.Default()
	path := sf.config
	if !set["config"] {
		path = os.Getenv("NEWSDESK_CONFIG")
	}
	if path != "" {
		if err := cfg.Load(path); err != nil {
			return cfg, &usageError{cmd: sf.name, err: err}
		}
	}
	if err := cfg.FromEnv(os.Getenv); err != nil {
		return cfg, &usageError{cmd: sf.name, err: err}
	}
	if set["data"] {
		cfg.Data = sf.data
	}
	if set["store"] {
		cfg.Store = sf.store
	}
	if set["allow-private-networks"] {
		cfg.AllowPrivateNetworks = sf.allowPrivate
	}
	if cfg.Store != "" && !postgres.IsDSN(cfg.Store) {
		return cfg, usagef(sf.name, "--store: want a postgres:// or postgresql:// URL or a key=value connection string")
	}
	if cfg.Data == "" && cfg.Store == "" {
		return cfg, usagef(sf.name, "--data must name a directory")
	}
	return cfg, nil
}

// openStore opens the store the settings name, creating it if needed,
// for a command that writes.
func openStore(ctx context.Context, cfg config.Config) (store, error) {
	if usesPostgres(cfg) {
		return openPostgres(ctx, cfg)
	}
	if _, err := os.Stat(cfg.Data); err == nil && !writable(cfg.Data) {
		return nil, fmt.Errorf("cannot write the store in %s: %w (a read-only file system, or no permission; search, articles and serve --read-only can read it)", cfg.Data, newsdesk.ErrReadOnly)
	}
	return sqlite.Open(ctx, cfg.Data)
}

// openStore opens the store in cfg.Data as the command needs it. A
// command that only reads requires the store to exist (a mistyped
// --data is an error, and nothing is created), and reads it read-only
// when --read-only says so or its directory or file cannot be written
// (a read-only file system, a snapshot copy); serve does the same for
// an existing store.
func (sf *storeFlags) openStore(ctx context.Context, cfg config.Config) (store, error) {
	if usesPostgres(cfg) {
		return openPostgres(ctx, cfg)
	}
	db := filepath.Join(cfg.Data, sqlite.FileName)
	_, statErr := os.Stat(db)
	if (sf.reads || sf.readOnly) && statErr != nil {
		if errors.Is(statErr, fs.ErrNotExist) {
			return nil, fmt.Errorf("no newsdesk store in %s: check --data (ingest, watch or serve creates one)", cfg.Data)
		}
		return nil, fmt.Errorf("cannot open the store: %w", statErr)
	}
	if sf.readOnly || (sf.reads || sf.name == "serve") && statErr == nil && !writable(cfg.Data, db) {
		return sqlite.OpenReadOnly(ctx, cfg.Data)
	}
	return sqlite.Open(ctx, cfg.Data)
}

// writable reports whether this process may write each of paths.
func writable(paths ...string) bool {
	for _, p := range paths {
		if syscall.Access(p, 2 /* W_OK */) != nil {
			return false
		}
	}
	return true
}

// openIndexOf opens the search index of st: in its data directory, for
// searching only when st is read-only, or in its PostgreSQL database.
func openIndexOf(cfg config.Config, st store) (index, error) {
	var ix index
	if pg, ok := st.(*postgres.Store); ok {
		ix = pg.Index()
	} else {
		open := search.Open
		if st.ReadOnly() {
			open = search.OpenReadOnly
		}
		six, err := open(cfg.Data)
		if err != nil {
			return nil, err
		}
		ix = six
	}
	// Articles are indexed with the entities their analysis found.
	ix.SetTags(st.ArticleTags)
	return ix, nil
}

// open reads the settings and opens the store they name, as openStore
// does.
func (sf *storeFlags) open(ctx context.Context, fs *flag.FlagSet) (config.Config, store, error) {
	cfg, err := sf.settings(fs)
	if err != nil {
		return cfg, nil, err
	}
	st, err := sf.openStore(ctx, cfg)
	return cfg, st, err
}

// newFetcher returns the fetcher the settings describe.
func newFetcher(cfg config.Config) *fetch.Fetcher {
	return newFetcherTurn(cfg, nil)
}

// newFetcherTurn is newFetcher taking each host's turn with turn, when
// not nil, among the processes that share a queue.
func newFetcherTurn(cfg config.Config, turn func(context.Context, string, time.Duration) error) *fetch.Fetcher {
	ua := cfg.UserAgent
	if ua == "" {
		ua = "newsdesk/" + strings.Trim(version(), "()") + " (news article reader; honours robots.txt and Crawl-delay)"
	}
	phi := cfg.PerHostInterval
	if phi == 0 {
		phi = -1 // zero in the settings means none; in fetch.Config, the default
	}
	return fetch.New(fetch.Config{
		UserAgent:            ua,
		AllowPrivateNetworks: cfg.AllowPrivateNetworks,
		Timeout:              cfg.Timeout,
		PerHostInterval:      phi,
		HostTurn:             turn,
	})
}

// ingestConfig returns the Ingester configuration for the settings.
func ingestConfig(cfg config.Config, st store, f *fetch.Fetcher) ingest.Config {
	return ingest.Config{
		Store:        st,
		Fetcher:      f,
		FetchWorkers: cfg.Workers,
		MaxSitemaps:  cfg.MaxSitemaps,
		MaxPages:     cfg.MaxPages,
		Interval:     cfg.Interval,
		MinInterval:  cfg.MinInterval,
		MaxInterval:  cfg.MaxInterval,
	}
}

// passReporter prints the failures of a pass on w and, when bar is set,
// keeps a progress bar on it. Its methods are ingest.Config's Report and
// Discovered.
type passReporter struct {
	w     io.Writer
	name  string
	prog  *progress
	total atomic.Int64
}

func newPassReporter(w io.Writer, name string, bar bool) *passReporter {
	r := &passReporter{w: w, name: name}
	if bar {
		r.prog = newProgress(w, 0)
	}
	return r
}

// discovered counts pages found; it may run concurrently with report.
func (r *passReporter) discovered(n int) { r.total.Add(int64(n)) }

// report prints a failed page or source and advances the bar.
func (r *passReporter) report(res ingest.Result) {
	if res.Outcome == ingest.Failed {
		r.prog.clear()
		what := "page"
		if !res.Page {
			what = "source"
		}
		fmt.Fprintf(r.w, "newsdesk: %s: %s %s: %s\n", r.name, what, termSafe(res.URL), termSafe(fmt.Sprint(res.Err)))
	}
	if r.prog != nil {
		r.prog.total = int(r.total.Load())
		if res.Page {
			r.prog.add(1)
		}
		r.prog.draw()
	}
}

// done removes the bar.
func (r *passReporter) done() { r.prog.clear() }
