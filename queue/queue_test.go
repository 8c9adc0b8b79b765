package queue

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"newsdesk"
)

// startServer starts a real NATS server with JetStream on a free loopback
// port, for the test.
func startServer(t *testing.T) *Embedded {
	t.Helper()
	e, err := StartEmbedded(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	return e
}

func open(t *testing.T, e *Embedded, cfg Config) *Queue {
	t.Helper()
	cfg.URL = e.URL()
	q, err := Open(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.nc.Close() })
	return q
}

// work runs q.Work until the test ends.
func work(t *testing.T, q *Queue, n int, fn Handler) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		q.Work(ctx, n, fn)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}

func job(i int) *newsdesk.Job {
	return &newsdesk.Job{ID: fmt.Sprintf("job-%d", i), Kind: newsdesk.JobFetch, URL: fmt.Sprintf("https://www.example.org/%d", i), Host: "www.example.org"}
}

// TestPublishWork: every job published is done once, a job published
// twice is one, and a page larger than a message travels whole through
// the object store, which forgets it once the job is done.
func TestPublishWork(t *testing.T) {
	ctx := context.Background()
	e := startServer(t)
	q := open(t, e, Config{})
	big := bytes.Repeat([]byte("<p>Seite</p>"), 300_000) // 3.6 MB
	for i := range 20 {
		j := job(i)
		if i == 7 {
			j.Kind, j.Body = newsdesk.JobRecord, big
		}
		if err := q.Publish(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.Publish(ctx, job(3)); err != nil { // the same job again
		t.Fatal(err)
	}
	var mu sync.Mutex
	seen := map[string]int{}
	var body []byte
	work(t, open(t, e, Config{}), 4, func(ctx context.Context, d *Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		seen[d.Job.ID]++
		if d.Job.ID == "job-7" {
			body = d.Job.Body
		}
		return nil
	})
	waitFor(t, "20 jobs", func() bool { mu.Lock(); defer mu.Unlock(); return len(seen) == 20 })
	waitFor(t, "an empty queue", func() bool { s, _ := q.Stats(ctx); return s.Waiting == 0 && s.Working == 0 })
	mu.Lock()
	defer mu.Unlock()
	for id, n := range seen {
		if n != 1 {
			t.Errorf("%s done %d times", id, n)
		}
	}
	if !bytes.Equal(body, big) {
		t.Errorf("the large page came as %d bytes, want %d", len(body), len(big))
	}
	if _, err := q.pages.GetBytes(ctx, "job-job-7"); err == nil {
		t.Error("the large page is still in the object store")
	}
}

// TestRedeliver: a job whose worker fails is delivered again and done.
func TestRedeliver(t *testing.T) {
	ctx := context.Background()
	e := startServer(t)
	q := open(t, e, Config{})
	if err := q.Publish(ctx, job(1)); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var attempts []int
	work(t, q, 1, func(ctx context.Context, d *Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		attempts = append(attempts, d.Attempt)
		if d.Attempt == 1 {
			return errors.New("connection reset")
		}
		return nil
	})
	waitFor(t, "the second delivery", func() bool { mu.Lock(); defer mu.Unlock(); return len(attempts) == 2 })
	waitFor(t, "an empty queue", func() bool { s, _ := q.Stats(ctx); return s.Waiting == 0 })
	if s, _ := q.Stats(ctx); s.Dead != 0 {
		t.Errorf("dead letters: %d", s.Dead)
	}
	if attempts[0] != 1 || attempts[1] != 2 {
		t.Errorf("attempts %v", attempts)
	}
}

// TestDeadLetter: a job that fails every delivery, or fails for good at
// once, is kept apart with its reason, and the queue goes on.
func TestDeadLetter(t *testing.T) {
	ctx := context.Background()
	e := startServer(t)
	q := open(t, e, Config{MaxDeliver: 2})
	q.Publish(ctx, job(1))
	bad := job(2)
	bad.URL = "htp:/broken"
	q.Publish(ctx, bad)
	q.Publish(ctx, job(3))
	work(t, q, 2, func(ctx context.Context, d *Delivery) error {
		switch d.Job.ID {
		case "job-1":
			return errors.New("status 503")
		case "job-2":
			return fmt.Errorf("bad URL %q: %w", d.Job.URL, ErrPermanent)
		}
		return nil
	})
	waitFor(t, "two dead letters", func() bool { s, _ := q.Stats(ctx); return s.Dead == 2 && s.Waiting == 0 })
	dl, err := q.DeadLetters(ctx, 10)
	if err != nil || len(dl) != 2 {
		t.Fatalf("dead letters %+v %v", dl, err)
	}
	byID := map[string]DeadLetter{}
	for _, d := range dl {
		byID[d.Job.ID] = d
	}
	if d := byID["job-1"]; d.Deliveries != 2 || d.Reason != "status 503" || d.Job.URL != job(1).URL {
		t.Errorf("job-1: %+v", d)
	}
	if d := byID["job-2"]; d.Deliveries != 1 {
		t.Errorf("a permanent failure was tried again: %+v", d)
	}
	// The latest: the one that failed its last delivery a second later.
	if latest, err := q.LatestDeadLetters(ctx, 1); err != nil || len(latest) != 1 || latest[0].Job.ID != "job-1" {
		t.Errorf("latest dead letter: %+v %v", latest, err)
	}
	if all, err := q.LatestDeadLetters(ctx, 10); err != nil || !reflect.DeepEqual(all, dl) {
		t.Errorf("the latest ten are not all of them, oldest first: %+v %v", all, err)
	}
}

// TestWorkerDies: a worker that takes a job and dies without a word (its
// connection gone) leaves the job to another worker after AckWait.
func TestWorkerDies(t *testing.T) {
	ctx := context.Background()
	e := startServer(t)
	dying := open(t, e, Config{AckWait: time.Second})
	if err := dying.Publish(ctx, job(1)); err != nil {
		t.Fatal(err)
	}
	took := make(chan struct{})
	go dying.Work(ctx, 1, func(ctx context.Context, d *Delivery) error {
		close(took)
		dying.nc.Close() // the process dies here
		select {}
	})
	<-took
	var mu sync.Mutex
	var got []int
	work(t, open(t, e, Config{AckWait: time.Second}), 1, func(ctx context.Context, d *Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		got = append(got, d.Attempt)
		return nil
	})
	waitFor(t, "the job done by the other worker", func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 1 })
	if got[0] != 2 {
		t.Errorf("attempt %d, want 2", got[0])
	}
}

// TestServerRestart: jobs published before the server stops are kept on
// disk, and a queue connected before the restart takes up its work again.
func TestServerRestart(t *testing.T) {
	ctx := context.Background()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	dir := t.TempDir()
	e, err := StartEmbedded(dir, addr)
	if err != nil {
		t.Fatal(err)
	}
	q := open(t, e, Config{})
	for i := range 5 {
		q.Publish(ctx, job(i))
	}
	e.Shutdown()
	if e, err = StartEmbedded(dir, addr); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Shutdown)
	var mu sync.Mutex
	seen := map[string]bool{}
	work(t, q, 2, func(ctx context.Context, d *Delivery) error {
		mu.Lock()
		defer mu.Unlock()
		seen[d.Job.ID] = true
		return nil
	})
	waitFor(t, "a reconnected publish", func() bool { return q.Publish(ctx, job(5)) == nil })
	waitFor(t, "six jobs", func() bool { mu.Lock(); defer mu.Unlock(); return len(seen) == 6 })
}

// TestUnanswered: a job whose every delivery went to a worker that died
// is a dead letter, told by the server to those who watch.
func TestUnanswered(t *testing.T) {
	ctx := context.Background()
	e := startServer(t)
	q := open(t, e, Config{MaxDeliver: 1, AckWait: 500 * time.Millisecond})
	dying := open(t, e, Config{MaxDeliver: 1, AckWait: 500 * time.Millisecond})
	stop, err := q.WatchUnanswered(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	took := make(chan struct{})
	go dying.Work(ctx, 1, func(ctx context.Context, d *Delivery) error {
		close(took)
		dying.nc.Close() // the process dies here
		select {}
	})
	q.Publish(ctx, job(1))
	<-took
	waitFor(t, "a dead letter", func() bool { s, _ := q.Stats(ctx); return s.Dead == 1 && s.Waiting == 0 })
	dl, _ := q.DeadLetters(ctx, 1)
	if len(dl) != 1 || dl[0].Job.ID != "job-1" || dl[0].Reason == "" {
		t.Errorf("dead letters %+v", dl)
	}
}

// TestHostTurn: three processes fetching from one host take turns: the
// requests start at least the host's interval apart, however many ask.
func TestHostTurn(t *testing.T) {
	ctx := context.Background()
	e := startServer(t)
	const interval = 80 * time.Millisecond
	var mu sync.Mutex
	var starts []time.Time
	var wg sync.WaitGroup
	for range 3 {
		q := open(t, e, Config{})
		for range 2 {
			wg.Go(func() {
				for range 3 {
					if err := q.HostTurn(ctx, "www.Example.org", interval); err != nil {
						t.Error(err)
						return
					}
					mu.Lock()
					starts = append(starts, time.Now())
					mu.Unlock()
				}
			})
		}
	}
	wg.Wait()
	if len(starts) != 18 {
		t.Fatalf("%d turns", len(starts))
	}
	slices.SortFunc(starts, func(a, b time.Time) int { return a.Compare(b) })
	for i := 1; i < len(starts); i++ {
		// A turn starts no earlier than the interval after the one before
		// (a little slack for the clock reading after the wait).
		if gap := starts[i].Sub(starts[i-1]); gap < interval-10*time.Millisecond {
			t.Errorf("turns %d and %d only %v apart", i-1, i, gap)
		}
	}
	// Another host does not wait for this one.
	q := open(t, e, Config{})
	begin := time.Now()
	if err := q.HostTurn(ctx, "other.example", time.Hour); err != nil || time.Since(begin) > time.Second {
		t.Errorf("a new host waited %v (%v)", time.Since(begin), err)
	}
}
