package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/ingest"
	"newsdesk/queue"
)

// WorkerCommand implements "newsdesk worker": it takes the jobs a
// coordinator hands out through the queue, and does them.
type WorkerCommand struct {
	*Main
}

// Usage writes the help text of the worker command.
func (c *WorkerCommand) Usage(w io.Writer) {
	fmt.Fprintf(w, `Usage: newsdesk worker --queue URL [flags]

Take jobs from the NATS JetStream server at URL and do them: fetch a page
(or take the one that came with the job), read its article and store
both. "newsdesk ingest --queue URL" hands the jobs out; any number of
workers, on any machine that reaches the queue and the store, share them.

A host's interval (per_host_interval, robots.txt Crawl-delay) holds across
all the workers of a queue: each request takes the host's turn through
the queue's server. A job is acknowledged once stored. A worker that dies leaves its jobs to
the others after 30 s (env NEWSDESK_QUEUE_ACK_WAIT, a duration); a job that fails is tried again, up to five
deliveries, and is then kept as a dead letter with its reason. A failed
fetch (404, a refused URL) is logged as in a pass, not tried again. The
worker runs until interrupted (Ctrl-C, SIGTERM), finishing the jobs in
hand.

Flags:
  --queue URL         the NATS server, e.g. nats://host:4222 (env
                      NEWSDESK_QUEUE); credentials and TLS in the URL
  -j N                do N jobs at once (default: setting workers, 16)
  --no-learn          read every page on its own (see newsdesk sites)
`+storeFlagsUsage+fetchFlagsUsage+`
Examples:
  newsdesk worker --queue nats://10.0.0.5:4222 --data /srv/newsdesk
`)
}

// Run works until ctx ends.
func (c *WorkerCommand) Run(ctx context.Context, args []string) error {
	throughputGC()
	var sf storeFlags
	var jobs jobsFlag
	fs := newFlagSet("worker")
	sf.register(fs, "worker", true)
	fs.Var(&jobs, "j", "")
	queueURL := fs.String("queue", "", "")
	noLearn := fs.Bool("no-learn", false, "")
	if err := parseFlags(fs, "worker", args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usagef("worker", "unexpected argument %q", fs.Arg(0))
	}
	cfg, err := sf.settings(fs)
	if err != nil {
		return err
	}
	if *queueURL == "" {
		*queueURL = cfg.Queue
	}
	if *queueURL == "" {
		return usagef("worker", "no queue: give --queue nats://HOST:PORT or set NEWSDESK_QUEUE")
	}
	if jobs.set {
		cfg.Workers = jobs.n
	}
	n := cfg.Workers
	if n <= 0 {
		n = runtime.NumCPU()
	}
	st, err := openStore(ctx, cfg)
	// A worker may start before its store's server does: it waits.
	for pause := time.Second; errors.Is(err, newsdesk.ErrUnavailable); pause = min(2*pause, 15*time.Second) {
		fmt.Fprintf(c.Stderr, "newsdesk: worker: waiting for the store: %s\n", termSafe(err.Error()))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		st, err = openStore(ctx, cfg)
	}
	if err != nil {
		return err
	}
	defer st.Close()
	q, err := queue.Open(ctx, queueConfig(*queueURL))
	if err != nil {
		return err
	}
	defer q.Close()
	// A host's rate holds across the workers: each request takes the
	// host's turn through the queue's server.
	icfg := ingestConfig(cfg, st, newFetcherTurn(cfg, q.HostTurn))
	icfg.NoLearn = *noLearn
	in := ingest.New(icfg)

	var mu sync.Mutex
	var stats ingest.Stats
	var unavailable sync.Once
	started := time.Now()
	err = q.Work(ctx, n, func(ctx context.Context, d *queue.Delivery) error {
		res := in.Do(ctx, d.Job)
		// A store out of reach (its server restarting) is waited for,
		// with the job in hand: it costs the job no delivery.
		for pause := 500 * time.Millisecond; res.Outcome == ingest.Stopped && errors.Is(res.Err, newsdesk.ErrUnavailable); pause = min(2*pause, 15*time.Second) {
			unavailable.Do(func() {
				fmt.Fprintf(c.Stderr, "newsdesk: worker: the store is out of reach, retrying: %s\n", termSafe(res.Err.Error()))
			})
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-time.After(pause):
			}
			res = in.Do(ctx, d.Job)
		}
		mu.Lock()
		defer mu.Unlock()
		switch res.Outcome {
		case ingest.Stopped:
			// The store failed as a whole: the job is for later.
			fmt.Fprintf(c.Stderr, "newsdesk: worker %s: %s\n", termSafe(res.URL), termSafe(res.Err.Error()))
			return res.Err
		case ingest.Failed:
			fmt.Fprintf(c.Stderr, "newsdesk: worker %s: %s\n", termSafe(res.URL), termSafe(res.Err.Error()))
		}
		stats.Add(res)
		return nil
	})
	in.Flush(context.Background())
	fmt.Fprintf(c.Stdout, "%d jobs in %s: %s\n", stats.Pages, time.Since(started).Round(time.Second), stats)
	if err == context.Canceled {
		return nil
	}
	return err
}

// queueConfig returns the settings of the queue at url; the environment's
// NEWSDESK_QUEUE_ACK_WAIT (a duration) sets how long a job may go without
// a word from its worker before another gets it.
func queueConfig(url string) queue.Config {
	cfg := queue.Config{URL: url}
	if d, err := time.ParseDuration(os.Getenv("NEWSDESK_QUEUE_ACK_WAIT")); err == nil && d > 0 {
		cfg.AckWait = d
	}
	return cfg
}

// waitForQueue waits until the workers have done every job in the queue,
// telling how many are left on w.
func waitForQueue(ctx context.Context, q *queue.Queue, w io.Writer, bar bool) error {
	var last uint64
	t := time.NewTicker(200 * time.Millisecond)
	defer t.Stop()
	var shown time.Time
	for {
		s, err := q.Stats(ctx)
		if err == nil {
			if s.Waiting == 0 && s.Working == 0 {
				if bar {
					fmt.Fprint(w, "\r\033[K")
				}
				if s.Dead > 0 {
					fmt.Fprintf(w, "newsdesk: ingest: the queue holds %d dead letters (jobs that failed every delivery)\n", s.Dead)
				}
				return nil
			}
			if s.Waiting != last && time.Since(shown) > time.Second {
				if bar {
					fmt.Fprintf(w, "\r\033[Kwaiting for the workers: %d jobs left", s.Waiting)
				} else {
					fmt.Fprintf(w, "newsdesk: ingest: waiting for the workers: %d jobs left\n", s.Waiting)
				}
				last, shown = s.Waiting, time.Now()
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
