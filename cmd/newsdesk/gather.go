package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"

	"newsdesk/config"
	"newsdesk/fetch"
	"newsdesk/ingest"
	"newsdesk/sqlite"
)

// storeFlags are the flags shared by the commands that use the store:
// --data and --config, and --allow-private-networks for those that fetch.
type storeFlags struct {
	name         string
	data         string
	config       string
	allowPrivate bool
	fetches      bool
}

// register adds the shared flags to fs.
func (sf *storeFlags) register(fs *flag.FlagSet, name string, fetches bool) {
	sf.name, sf.fetches = name, fetches
	fs.StringVar(&sf.data, "data", "", "")
	fs.StringVar(&sf.config, "config", "", "")
	if fetches {
		fs.BoolVar(&sf.allowPrivate, "allow-private-networks", false, "")
	}
}

// storeFlagsUsage is the help text of the shared flags.
const storeFlagsUsage = `  --data DIR          the store's directory (default ./newsdesk-data;
                      env NEWSDESK_DATA)
  --config FILE       read settings from FILE (env NEWSDESK_CONFIG): lines
                      of key = value, # for comments; the keys are data,
                      user_agent, workers, allow_private_networks, timeout,
                      interval, min_interval, max_interval, max_sitemaps,
                      max_pages and per_host_interval (durations as 90s,
                      5m, 6h); env NEWSDESK_<KEY> overrides the file, and
                      flags override both
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
	if set["allow-private-networks"] {
		cfg.AllowPrivateNetworks = sf.allowPrivate
	}
	if cfg.Data == "" {
		return cfg, usagef(sf.name, "--data must name a directory")
	}
	return cfg, nil
}

// openStore opens the store in cfg.Data.
func openStore(ctx context.Context, cfg config.Config) (*sqlite.Store, error) {
	return sqlite.Open(ctx, cfg.Data)
}

// open reads the settings and opens the store they name.
func (sf *storeFlags) open(ctx context.Context, fs *flag.FlagSet) (config.Config, *sqlite.Store, error) {
	cfg, err := sf.settings(fs)
	if err != nil {
		return cfg, nil, err
	}
	st, err := openStore(ctx, cfg)
	return cfg, st, err
}

// newFetcher returns the fetcher the settings describe.
func newFetcher(cfg config.Config) *fetch.Fetcher {
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
	})
}

// ingestConfig returns the Ingester configuration for the settings.
func ingestConfig(cfg config.Config, st *sqlite.Store, f *fetch.Fetcher) ingest.Config {
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
		fmt.Fprintf(r.w, "newsdesk: %s: %s %s: %v\n", r.name, what, res.URL, res.Err)
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
