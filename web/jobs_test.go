package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/queue"
	"newsdesk/sqlite"
	"newsdesk/web"
)

// TestSourcesJobs: with a job queue (a real NATS server in the process),
// the sources page tells its state and lists the dead letters with their
// reasons; without one it says nothing of a queue.
func TestSourcesJobs(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := openTestIndex(t, dir)
	nats, err := queue.StartEmbedded(t.TempDir(), "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nats.Shutdown)
	q, err := queue.Open(ctx, queue.Config{URL: nats.URL()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { q.Close() })
	for i := range 3 {
		j := &newsdesk.Job{ID: fmt.Sprint(i), Kind: newsdesk.JobFetch, URL: fmt.Sprintf("https://tagesblatt.example/%d", i)}
		if err := q.Publish(ctx, j); err != nil {
			t.Fatal(err)
		}
	}
	wctx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		q.Work(wctx, 1, func(ctx context.Context, d *queue.Delivery) error {
			if d.Job.ID == "1" {
				return fmt.Errorf("status 410 gone: %w", queue.ErrPermanent)
			}
			return nil
		})
	}()
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if s, _ := q.Stats(ctx); s.Dead == 1 && s.Waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the dead letter did not come")
		}
	}
	stop()
	<-done

	page := func(jobs *queue.Queue) *page {
		ui, err := web.New(web.Config{Store: st, Index: ix, Token: testToken, Jobs: jobs})
		if err != nil {
			t.Fatal(err)
		}
		mux := http.NewServeMux()
		ui.Register(mux)
		srv := httptest.NewServer(mux)
		defer srv.Close()
		resp, err := http.Get(srv.URL + "/sources")
		if err != nil {
			t.Fatal(err)
		}
		return readPage(t, resp, 200)
	}
	p := page(q)
	summary := find(p.doc, "p", "#jobs-summary")
	if len(summary) != 1 || !strings.Contains(text(summary[0]), "0 jobs waiting") || !strings.Contains(text(summary[0]), "1 dead letters") {
		t.Fatalf("queue summary: %q", p.body)
	}
	rows := find(p.doc, "tr", ".dead-letter")
	if len(rows) != 1 || !strings.Contains(text(rows[0]), "https://tagesblatt.example/1") || !strings.Contains(text(rows[0]), "status 410 gone") {
		t.Errorf("dead letters: %d rows in %q", len(rows), p.body)
	}
	if p := page(nil); len(find(p.doc, "section", "#jobs")) != 0 {
		t.Error("a queue shown without one")
	}
}
