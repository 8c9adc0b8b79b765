package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/queue"
	"newsdesk/sqlite"
)

// storedURLs returns the URLs of the articles stored in dir.
func storedURLs(t *testing.T, dir string) []string {
	t.Helper()
	st, err := sqlite.OpenReadOnly(context.Background(), dir)
	if err != nil {
		return nil
	}
	defer st.Close()
	as, err := st.Articles(context.Background(), newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, a := range as {
		out = append(out, a.URL)
	}
	return out
}

// TestQueueWorkers: ingest --queue hands a WARC's pages to workers
// through a real NATS JetStream server; a worker killed with SIGKILL in
// the middle leaves its jobs to the others, and the store ends with
// exactly the articles the embedded ingest stores, each once.
func TestQueueWorkers(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several processes")
	}
	e, err := queue.StartEmbedded(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	want := map[string]bool{}
	warcPath := writeWARC(t, 0, 400, want)
	dir := filepath.Join(t.TempDir(), "data")
	env := append(os.Environ(), "NEWSDESK_DATA="+dir, "NEWSDESK_QUEUE="+e.URL(), "NEWSDESK_QUEUE_ACK_WAIT=2s")
	run := func(args ...string) *exec.Cmd {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		return cmd
	}
	if out, err := run("ingest", "--no-analyze", "--no-index", "--no-wait", warcPath).CombinedOutput(); err != nil || !strings.Contains(string(out), "queued 400") {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	// One worker starts, and dies mid-way.
	first := run("worker", "-j", "4")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); len(storedURLs(t, dir)) < 40; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			first.Process.Kill()
			t.Fatal("the first worker stored nothing")
		}
	}
	first.Process.Kill()
	first.Wait()
	// Two others finish; the coordinator waits for them.
	for range 2 {
		w := run("worker", "-j", "2")
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { w.Process.Signal(os.Interrupt); w.Wait() })
	}
	waitQueueDone(t, e.URL(), 60*time.Second)
	got := storedURLs(t, dir)
	seen := onceEach(t, got)
	// newsdesk queue tells the same.
	if out, err := exec.Command(binary, "queue", "--queue", e.URL()).CombinedOutput(); err != nil || !strings.Contains(string(out), "waiting 0, with a worker 0") {
		t.Errorf("newsdesk queue: %v\n%s", err, out)
	}
	if out, err := exec.Command(binary, "queue", "dead", "--json", "--queue", e.URL()).CombinedOutput(); err != nil || strings.TrimSpace(string(out)) != "[]" {
		t.Errorf("newsdesk queue dead: %v\n%s", err, out)
	}
	// The embedded ingest of the same archive, for comparison.
	embedded := filepath.Join(t.TempDir(), "embedded")
	cmd := exec.Command(binary, "ingest", "--no-analyze", "--no-index", "--data", embedded, warcPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("embedded ingest: %v\n%s", err, out)
	}
	emb := storedURLs(t, embedded)
	if len(got) != len(emb) || len(got) != len(want) {
		t.Fatalf("queue stored %d articles, embedded %d, the archive has %d", len(got), len(emb), len(want))
	}
	for _, u := range emb {
		if !seen[u] {
			t.Errorf("%s stored by the embedded ingest, not by the workers", u)
		}
	}
}

// waitQueueDone waits until the queue at url has no job waiting or in a
// worker's hands, for at most d, and fails t for any dead letter.
func waitQueueDone(t *testing.T, url string, d time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	q, err := queue.Open(ctx, queue.Config{URL: url})
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	for {
		s, err := q.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if s.Waiting == 0 && s.Working == 0 {
			if s.Dead != 0 {
				t.Errorf("%d dead letters", s.Dead)
			}
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// onceEach returns the set of urls, failing t for any given twice.
func onceEach(t *testing.T, urls []string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}
	for _, u := range urls {
		if seen[u] {
			t.Errorf("%s stored twice", u)
		}
		seen[u] = true
	}
	return seen
}

// freeAddr returns a loopback address nothing listens on right now.
func freeAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// TestServeEmbeddedQueue: serve --queue embedded runs the queue in its
// process and works on its jobs; ingest --queue hands it a WARC's pages,
// and /api/stats and /metrics tell the queue's state.
func TestServeEmbeddedQueue(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several processes")
	}
	dir := filepath.Join(t.TempDir(), "data")
	web, nats := freeAddr(t), freeAddr(t)
	srv := exec.Command(binary, "serve", "--data", dir, "--no-defaults", "--no-watch", "--addr", web, "--queue", "embedded", "--queue-addr", nats)
	var logs strings.Builder
	srv.Stderr = &logs
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { srv.Process.Signal(os.Interrupt); srv.Wait() })
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(logs.String(), "listening on"); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", logs.String())
		}
	}
	want := map[string]bool{}
	warcPath := writeWARC(t, 0, 50, want)
	cmd := exec.Command(binary, "ingest", "--data", dir, "--queue", "nats://"+nats, "--no-analyze", warcPath)
	if out, err := cmd.CombinedOutput(); err != nil || !strings.Contains(string(out), "queued 50") {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}
	// ingest waited for the queue: every page is stored.
	if got := storedURLs(t, dir); len(got) != len(want) {
		t.Errorf("%d articles stored, want %d", len(got), len(want))
	}
	var stats struct {
		Ingest struct {
			Jobs *queue.Stats `json:"jobs"`
		} `json:"ingest"`
	}
	resp, err := http.Get("http://" + web + "/api/stats")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil || stats.Ingest.Jobs == nil || stats.Ingest.Jobs.Waiting != 0 {
		t.Errorf("/api/stats: %+v %v", stats, err)
	}
	m, err := http.Get("http://" + web + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer m.Body.Close()
	b, _ := io.ReadAll(m.Body)
	if !strings.Contains(string(b), "newsdesk_queue_dead_letters 0") {
		t.Errorf("/metrics has no queue gauges")
	}
}
