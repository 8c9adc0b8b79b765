package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"newsdesk/internal/pgtest"
	"newsdesk/postgres"
	"newsdesk/queue"
	"newsdesk/sqlite"
)

// runQueueIngest ingests the WARC through the job queue: a NATS
// JetStream server inside this process, "newsdesk ingest --queue" as the
// coordinator and n "newsdesk worker" processes sharing the SQLite store.
// The row's time runs from the start of the workers until the
// coordinator saw the queue empty; its CPU is that of every process,
// this one (the server) included, and its peak RSS the largest of the
// children's.
//
// With pg set, the store is a new database of that PostgreSQL cluster
// instead, and the server's CPU counts too.
func runQueueIngest(wrapper, bin, tmp, warcPath string, n int, pg *pgtest.Cluster) (ingestRow, error) {
	row := ingestRow{mode: fmt.Sprintf("ingest --queue, %d worker processes", n)}
	name := fmt.Sprintf("nats-%d", n)
	if pg != nil {
		name += "-pg"
		row.mode += ", PostgreSQL"
	}
	e, err := queue.StartEmbedded(filepath.Join(tmp, name), "127.0.0.1:0")
	if err != nil {
		return row, err
	}
	defer e.Shutdown()
	ctx := context.Background()
	// The store exists before the processes that share it start.
	storeArgs := []string{"--data", filepath.Join(tmp, fmt.Sprintf("data-queue-%d", n))}
	if pg != nil {
		db := fmt.Sprintf("bench_queue_%d", n)
		if err := pg.CreateDatabase(ctx, db, ""); err != nil {
			return row, err
		}
		storeArgs = []string{"--store", pg.URL(db)}
		st, err := postgres.Open(ctx, pg.URL(db))
		if err != nil {
			return row, err
		}
		st.Close()
	} else {
		st, err := sqlite.Open(ctx, storeArgs[1])
		if err != nil {
			return row, err
		}
		st.Close()
	}
	var pgCPU0 time.Duration
	if pg != nil {
		if pgCPU0, err = pg.CPU(); err != nil {
			return row, err
		}
	}

	cpu0 := cpuTime()
	start := time.Now()
	var workers []*exec.Cmd
	done := make(chan measured, n)
	for range n {
		cmd, ch, err := startMeasured(wrapper, bin, append([]string{"worker", "--queue", e.URL()}, storeArgs...))
		if err != nil {
			return row, err
		}
		workers = append(workers, cmd)
		go func() { done <- <-ch }()
	}
	var out bytes.Buffer
	coord, cerr := runMeasured(wrapper, bin, append(append([]string{"ingest", "--no-index", "--no-analyze", "--queue", e.URL()}, storeArgs...), warcPath), &out, &lineCounter{})
	row.elapsed = time.Since(start)
	for _, w := range workers {
		w.Process.Signal(os.Interrupt)
	}
	row.cpu, row.rssKB, row.floorKB = coord.CPU, coord.MaxRSSKB, coord.WrapperKB
	var workCPU time.Duration
	for range n {
		r := <-done
		if r.err != nil && cerr == nil {
			cerr = r.err
		}
		workCPU += r.u.CPU
		row.rssKB = max(row.rssKB, r.u.MaxRSSKB)
	}
	natsCPU := cpuTime() - cpu0
	row.cpu += workCPU + natsCPU
	row.note = fmt.Sprintf("CPU s: coordinator %.1f, workers %.1f, NATS (this process) %.1f; one SQLite store", coord.CPU.Seconds(), workCPU.Seconds(), natsCPU.Seconds())
	if pg != nil {
		pgCPU, err := pg.CPU()
		if err != nil {
			return row, err
		}
		pgCPU -= pgCPU0
		row.cpu += pgCPU
		row.note = fmt.Sprintf("CPU s: coordinator %.1f, workers %.1f, NATS (this process) %.1f, PostgreSQL %.1f", coord.CPU.Seconds(), workCPU.Seconds(), natsCPU.Seconds(), pgCPU.Seconds())
	}
	if cerr != nil {
		return row, fmt.Errorf("queue ingest: %w (%s)", cerr, out.String())
	}
	return row, nil
}

// measured is what a child run through the rusage wrapper used, or why
// it could not tell.
type measured struct {
	u   usage
	err error
}

// startMeasured starts prog through the rusage wrapper and returns the
// command and a channel that gets its usage once it exits.
func startMeasured(wrapper, prog string, args []string) (*exec.Cmd, <-chan measured, error) {
	ch := make(chan measured, 1)
	pr, pw, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	cmd := exec.Command(wrapper, append([]string{prog}, args...)...)
	cmd.Env = benchEnv()
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.ExtraFiles = []*os.File{pw}
	err = cmd.Start()
	pw.Close()
	if err != nil {
		pr.Close()
		return nil, nil, err
	}
	go func() {
		defer pr.Close()
		u, err := readUsage(pr, cmd, prog)
		ch <- measured{u, err}
	}()
	return cmd, ch, nil
}
