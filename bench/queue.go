package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

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
func runQueueIngest(wrapper, bin, tmp, warcPath string, n int) (ingestRow, error) {
	row := ingestRow{mode: fmt.Sprintf("ingest --queue, %d worker processes", n),
		note: "coordinator + workers on one SQLite store, NATS JetStream in the bench process"}
	e, err := queue.StartEmbedded(filepath.Join(tmp, fmt.Sprintf("nats-%d", n)), "127.0.0.1:0")
	if err != nil {
		return row, err
	}
	defer e.Shutdown()
	dataDir := filepath.Join(tmp, fmt.Sprintf("data-queue-%d", n))
	// The store exists before the processes that share it start.
	st, err := sqlite.Open(context.Background(), dataDir)
	if err != nil {
		return row, err
	}
	st.Close()

	cpu0 := cpuTime()
	start := time.Now()
	var workers []*exec.Cmd
	done := make(chan measured, n)
	for range n {
		cmd, ch, err := startMeasured(wrapper, bin, []string{"worker", "--data", dataDir, "--queue", e.URL()})
		if err != nil {
			return row, err
		}
		workers = append(workers, cmd)
		go func() { done <- <-ch }()
	}
	var out bytes.Buffer
	coord, cerr := runMeasured(wrapper, bin, []string{"ingest", "--data", dataDir, "--no-index", "--no-analyze", "--queue", e.URL(), warcPath}, &out, &lineCounter{})
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
