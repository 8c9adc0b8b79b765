package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/ingest"
	"newsdesk/sqlite"
)

// timedStore is a store that times SaveArticle.
type timedStore struct {
	newsdesk.Store
	start time.Time

	mu       sync.Mutex
	calls    int
	total    time.Duration
	busy     time.Duration
	inFlight int
	maxConc  int
	busyFrom time.Time
	first    time.Duration
}

func (s *timedStore) SaveArticle(ctx context.Context, p *newsdesk.Page, a *newsdesk.Article) (int64, newsdesk.SaveOutcome, error) {
	t0 := time.Now()
	s.mu.Lock()
	if s.calls == 0 && s.inFlight == 0 {
		s.first = t0.Sub(s.start)
	}
	if s.inFlight == 0 {
		s.busyFrom = t0
	}
	s.inFlight++
	s.maxConc = max(s.maxConc, s.inFlight)
	s.mu.Unlock()

	id, out, err := s.Store.SaveArticle(ctx, p, a)

	t1 := time.Now()
	s.mu.Lock()
	s.calls++
	s.total += t1.Sub(t0)
	s.inFlight--
	if s.inFlight == 0 {
		s.busy += t1.Sub(s.busyFrom)
	}
	s.mu.Unlock()
	return id, out, err
}

// runIngestChildMode ingests the WARC at path into a new store in
// dataDir through the ingest package, with all cores, and prints a
// childReport as JSON on stdout.
func runIngestChildMode(dataDir, path, cpuprofile string) error {
	runtime.GOMAXPROCS(runtime.NumCPU())
	ctx := context.Background()
	st, err := sqlite.Open(ctx, dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	ts := &timedStore{Store: st}
	in := ingest.New(ingest.Config{Store: ts})
	sources, err := in.Detect(ctx, path)
	if err != nil {
		return err
	}
	if cpuprofile != "" {
		f, err := os.Create(cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	ts.start = time.Now()
	stats, err := in.Run(ctx, sources)
	run := time.Since(ts.start)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	rep := childReport{
		Summary:      stats.String(),
		Pages:        stats.Pages,
		RunSeconds:   run.Seconds(),
		SaveCalls:    ts.calls,
		SaveSeconds:  ts.total.Seconds(),
		SaveBusy:     ts.busy.Seconds(),
		MaxSaveConc:  ts.maxConc,
		ReadyAtStart: ts.first.Seconds(),
	}
	b, err := json.Marshal(rep)
	if err != nil {
		return err
	}
	fmt.Println(string(b))
	return nil
}
