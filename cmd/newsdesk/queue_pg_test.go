package main

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/internal/pgtest"
	"newsdesk/postgres"
	"newsdesk/queue"
)

// storedURLsIn returns the URLs of the articles stored in the PostgreSQL
// database dsn; nil while it cannot be reached.
func storedURLsIn(t *testing.T, dsn string) []string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		return nil
	}
	defer st.Close()
	as, err := st.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil {
		return nil
	}
	var out []string
	for _, a := range as {
		out = append(out, a.URL)
	}
	return out
}

// TestQueueWorkersPostgres: the deployment on several machines, on one.
// ingest --store postgres://… --queue nats://… hands a WARC's pages to
// worker processes that store into PostgreSQL. A worker is killed with
// SIGKILL mid-way, then PostgreSQL is restarted, then the NATS server:
// the workers retry and reconnect, and the database ends with exactly
// the articles the embedded ingest stores, each once; articles --store
// lists them.
func TestQueueWorkersPostgres(t *testing.T) {
	if testing.Short() {
		t.Skip("starts several processes and servers")
	}
	ctx := context.Background()
	pg, err := pgtest.Start(ctx)
	if errors.Is(err, pgtest.ErrNoServer) && !pgtest.Required() {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Stop() })
	if err := pg.CreateDatabase(ctx, "newsdesk", ""); err != nil {
		t.Fatal(err)
	}
	dsn := pg.URL("newsdesk")

	natsDir, natsAddr := t.TempDir(), freeAddr(t)
	e, err := queue.StartEmbedded(natsDir, natsAddr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.Shutdown() })

	want := map[string]bool{}
	warcPath := writeWARC(t, 0, 400, want)
	env := append(os.Environ(), "NEWSDESK_STORE="+dsn, "NEWSDESK_QUEUE="+e.URL(), "NEWSDESK_QUEUE_ACK_WAIT=2s")
	run := func(args ...string) *exec.Cmd {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		return cmd
	}
	waitFor := func(n int, what string) {
		t.Helper()
		for deadline := time.Now().Add(60 * time.Second); len(storedURLsIn(t, dsn)) < n; time.Sleep(50 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("%s: fewer than %d articles stored after a minute", what, n)
			}
		}
	}
	if out, err := run("ingest", "--no-analyze", "--no-index", "--no-wait", warcPath).CombinedOutput(); err != nil || !strings.Contains(string(out), "queued 400") {
		t.Fatalf("ingest --queue: %v\n%s", err, out)
	}

	// One worker starts, and dies mid-way.
	first := run("worker", "-j", "4")
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(40, "the first worker")
	first.Process.Kill()
	first.Wait()

	// Two others go on through a restart of each server.
	for range 2 {
		w := run("worker", "-j", "2")
		var out strings.Builder
		w.Stderr = &out
		if err := w.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			w.Process.Signal(os.Interrupt)
			w.Wait()
			if t.Failed() {
				t.Logf("worker's output:\n%s", out.String())
			}
		})
	}
	waitFor(120, "the two workers")
	if err := pg.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	waitFor(200, "the workers after PostgreSQL restarted")
	e.Shutdown()
	if e, err = queue.StartEmbedded(natsDir, natsAddr); err != nil {
		t.Fatal(err)
	}

	waitQueueDone(t, e.URL(), 120*time.Second)
	got := storedURLsIn(t, dsn)
	seen := onceEach(t, got)
	embedded := filepath.Join(t.TempDir(), "embedded")
	cmd := exec.Command(binary, "ingest", "--no-analyze", "--no-index", "--data", embedded, warcPath)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("embedded ingest: %v\n%s", err, out)
	}
	emb := storedURLs(t, embedded)
	if len(got) != len(emb) || len(got) != len(want) {
		t.Fatalf("the workers stored %d articles in PostgreSQL, the embedded ingest %d, the archive has %d", len(got), len(emb), len(want))
	}
	for _, u := range emb {
		if !seen[u] {
			t.Errorf("%s stored by the embedded ingest, not by the workers", u)
		}
	}
	// The command line reads the database like a data directory.
	out, err := exec.Command(binary, "articles", "--store", dsn, "--jsonl").Output()
	if err != nil {
		t.Fatalf("articles --store: %v", err)
	}
	if n := strings.Count(string(out), "\n"); n != len(want) {
		t.Errorf("articles --store listed %d articles, want %d", n, len(want))
	}
}
