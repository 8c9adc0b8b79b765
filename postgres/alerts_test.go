package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/alert"
	"newsdesk/follow"
	"newsdesk/notify"
	"newsdesk/search"
)

// saveDeliveries adds an alert with a webhook and n matches of it, each
// with a delivery due at t0.
func saveDeliveries(t *testing.T, s *Store, n int, t0 time.Time) *newsdesk.Alert {
	t.Helper()
	ctx := context.Background()
	a := &newsdesk.Alert{Name: "a", Query: "a", Webhook: "https://hooks.example/a", Email: "a@example.org"}
	if err := s.AddAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	var ms []newsdesk.AlertMatch
	for i := range n {
		ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: int64(i + 1), Matched: t0})
	}
	if ok, err := s.SaveMatches(ctx, 0, int64(n), nil, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	return a
}

// A delivery DueDeliveries returned is not due again, in this process
// or another, until its lease is over (its sender stopped without
// recording an attempt) or an attempt is recorded.
func TestDueDeliveriesLease(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	requireFollowers(t, a)
	t0 := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	al := saveDeliveries(t, a, 2, t0)
	due, err := a.DueDeliveries(ctx, newsdesk.ChannelWebhook, t0, 1)
	if err != nil || len(due) != 1 || !due[0].NextAttempt.Equal(t0) {
		t.Fatalf("due: %+v, %v", due, err)
	}
	first := due[0]
	// The other is still due, to the other store.
	due, err = b.DueDeliveries(ctx, newsdesk.ChannelWebhook, t0.Add(time.Minute), 10)
	if err != nil || len(due) != 1 || due[0].ID == first.ID {
		t.Fatalf("due to the second store: %+v, %v; want the other delivery", due, err)
	}
	second := due[0]
	for _, s := range []*Store{a, b} {
		if due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, t0.Add(DeliveryLease-time.Second), 10); err != nil || len(due) != 0 {
			t.Errorf("due while leased: %+v, %v", due, err)
		}
	}
	// The first's sender gave up without a word: due again once the
	// lease is over, to anyone.
	due, err = b.DueDeliveries(ctx, newsdesk.ChannelWebhook, t0.Add(DeliveryLease), 10)
	if err != nil || len(due) != 1 || due[0].ID != first.ID || !due[0].NextAttempt.Equal(t0) {
		t.Errorf("due after the lease: %+v, %v; want the first again", due, err)
	}
	first.State, first.Attempts, first.Delivered = newsdesk.DeliveryDone, 1, t0.Add(DeliveryLease)
	if err := b.SaveDelivery(ctx, &first); err != nil {
		t.Fatal(err)
	}
	// An attempt recorded ends the lease: pending, due at once.
	second.Attempts, second.LastError, second.NextAttempt = 1, "timeout", t0.Add(2*time.Minute)
	if err := b.SaveDelivery(ctx, &second); err != nil {
		t.Fatal(err)
	}
	if due, err := a.DueDeliveries(ctx, newsdesk.ChannelWebhook, t0.Add(2*time.Minute), 10); err != nil || len(due) != 1 || due[0].ID != second.ID {
		t.Errorf("due after a failed attempt: %+v, %v; want the second", due, err)
	}
	// So does Redeliver, of a dead one.
	second.State = newsdesk.DeliveryDead
	if err := a.SaveDelivery(ctx, &second); err != nil {
		t.Fatal(err)
	}
	if n, err := b.Redeliver(ctx, al.ID, second.ID); err != nil || n != 1 {
		t.Fatalf("Redeliver = %d, %v", n, err)
	}
	if due, err := a.DueDeliveries(ctx, newsdesk.ChannelWebhook, time.Now().Add(time.Second), 10); err != nil || len(due) != 1 || due[0].ID != second.ID {
		t.Errorf("due after Redeliver: %+v, %v; want the second", due, err)
	}

	// An email delivery waits in a pass for the digests before it: its
	// lease is longer.
	if due, err := a.DueDeliveries(ctx, newsdesk.ChannelEmail, t0, 10); err != nil || len(due) != 2 {
		t.Fatalf("due emails: %+v, %v", due, err)
	}
	for _, c := range []struct {
		at time.Duration
		n  int
	}{{DeliveryLease, 0}, {DigestLease - time.Second, 0}, {DigestLease, 2}} {
		if due, err := b.DueDeliveries(ctx, newsdesk.ChannelEmail, t0.Add(c.at), 10); err != nil || len(due) != c.n {
			t.Errorf("emails due %v later: %d, %v; want %d", c.at, len(due), err, c.n)
		}
	}
}

// Senders in two processes (two Store values on one database, two
// senders each) sending the due deliveries at once send each exactly
// once.
func TestDueDeliveriesTwoStores(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	requireFollowers(t, a)
	const n = 300
	t0 := time.Now().Add(-time.Minute)
	saveDeliveries(t, a, n, t0)
	var mu sync.Mutex
	sent := map[int64]int{}
	var wg sync.WaitGroup
	for i, s := range []*Store{a, b, a, b} {
		wg.Go(func() {
			rng := rand.New(rand.NewPCG(uint64(i), 5))
			for {
				due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, time.Now(), 1+rng.IntN(12))
				if err != nil {
					t.Error(err)
					return
				}
				if len(due) == 0 {
					return
				}
				for _, d := range due {
					mu.Lock()
					sent[d.ID]++
					mu.Unlock()
					time.Sleep(time.Duration(rng.IntN(300)) * time.Microsecond) // the POST
					d.State, d.Attempts, d.LastStatus, d.Delivered = newsdesk.DeliveryDone, d.Attempts+1, 200, time.Now()
					if err := s.SaveDelivery(ctx, &d); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if len(sent) != n {
		t.Errorf("%d deliveries sent, want %d", len(sent), n)
	}
	for id, k := range sent {
		if k != 1 {
			t.Errorf("delivery %d sent %d times", id, k)
		}
	}
	if dl, err := b.Deliveries(ctx, newsdesk.DeliveryFilter{State: newsdesk.DeliveryDone}); err != nil || dl.Total != n {
		t.Errorf("delivered: %d, %v; want %d", dl.Total, err, n)
	}
}

// compileAlerts is the alert follower's Compile, as newsdesk runs it:
// the alerts' queries in a search.Percolator.
func compileAlerts(as []newsdesk.Alert) (alert.Matcher, error) {
	p := search.NewPercolator()
	for _, a := range as {
		_ = p.Add(a.ID, newsdesk.Query{Text: a.Query})
	}
	return p, nil
}

// The alerts follower of newsdesk (alert.Follower with the search
// Percolator) runs on PostgreSQL in two processes at once, while
// writers in both commit at random moments (so that changes commit in
// another order than the writes began): every article its alert's
// search finds is matched exactly once, on its first version — none
// passed over, none twice — and each match has one delivery.
func TestAlertFollowerTwoStores(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	requireFollowers(t, a)
	var stores [2]alert.Store
	for i, s := range []*Store{a, b} {
		as, ok := any(s).(alert.Store)
		if !ok {
			t.Skip("the store has no ArticleTags: it comes with the analysis")
		}
		stores[i] = as
	}
	harbour := &newsdesk.Alert{Name: "harbour", Query: `harbour -museum`, Webhook: "https://hooks.example/h"}
	if err := a.AddAlert(ctx, harbour); err != nil {
		t.Fatal(err)
	}
	time.Sleep(2 * time.Millisecond) // the articles are stored after the alert was made
	for i, s := range []*Store{a, b} {
		var mu sync.Mutex
		rng := rand.New(rand.NewPCG(uint64(i), 9))
		s.beforeCommit = func(context.Context) {
			mu.Lock()
			d := time.Duration(rng.IntN(3000)) * time.Microsecond
			mu.Unlock()
			time.Sleep(d)
		}
	}

	done := make(chan struct{})
	var following sync.WaitGroup
	for i, s := range []*Store{a, b} {
		f := &alert.Follower{Store: stores[i], Compile: compileAlerts}
		following.Go(func() {
			for {
				stop := false
				select {
				case <-done:
					stop = true // catch up once more after the last write
				default:
				}
				if _, err := follow.CatchUp(ctx, s, f, follow.Options{BatchSize: 7}); err != nil {
					t.Error(err)
					return
				}
				if stop {
					return
				}
			}
		})
	}

	const writers, perWriter = 6, 20
	var wmu sync.Mutex
	want := map[int64]bool{}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			s := []*Store{a, b}[w%2]
			for i := range perWriter {
				u := fmt.Sprintf("https://w%d.example/%d", w, i)
				title, text := "Council meeting", "The council met on Monday to discuss the budget."
				switch i % 3 {
				case 0:
					title, text = "Harbour works begin", "Work on the harbour quay began on Monday."
				case 1:
					title, text = "Harbour museum opens", "The museum of the harbour opened its doors."
				}
				art := &newsdesk.Article{URL: u, Title: title, Language: "en",
					Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: fmt.Sprintf("%s (%d, %d)", text, w, i)}}}
				id, _, err := s.SaveArticle(ctx, page(u), art)
				if err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 {
					wmu.Lock()
					want[id] = true
					wmu.Unlock()
				}
				if i%5 == 0 {
					// A revision: not matched again.
					art.Blocks[0].Text += " Revised."
					if _, _, err := s.SaveArticle(ctx, page(u), art); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	wg.Wait()
	close(done)
	following.Wait()

	ml, err := b.Matches(ctx, newsdesk.MatchFilter{AlertID: harbour.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]int{}
	for _, m := range ml.Matches {
		got[m.ArticleID]++
	}
	if len(got) != len(want) || ml.Total != len(want) {
		t.Errorf("%d matches of %d articles, want %d", ml.Total, len(got), len(want))
	}
	for id := range want {
		if got[id] != 1 {
			t.Errorf("article %d matched %d times, want once", id, got[id])
		}
	}
	if dl, err := a.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: harbour.ID}); err != nil || dl.Total != len(want) {
		t.Errorf("deliveries: %d, %v; want %d", dl.Total, err, len(want))
	}
	_, last, err := a.Pending(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if pos, err := a.AlertPosition(ctx); err != nil || pos != last {
		t.Errorf("alerts position %d, %v; want the log's last seq %d", pos, err, last)
	}
}

// newsdesk's webhook senders (notify.Webhooks) in two processes — two
// Store values on one database, each sender POSTing four at a time —
// passing over the due deliveries at once POST each match once.
func TestWebhooksTwoStores(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	requireFollowers(t, a)
	var mu sync.Mutex
	got := map[string]int{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(time.Millisecond) // the receiver's work
		mu.Lock()
		got[r.Header.Get(notify.HeaderDelivery)]++
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	al := &newsdesk.Alert{Name: "hook", Query: "q", Webhook: srv.URL + "/hook"}
	if err := a.AddAlert(ctx, al); err != nil {
		t.Fatal(err)
	}
	const n = 120
	var ids []int64
	var ms []newsdesk.AlertMatch
	for i := range n {
		u := fmt.Sprintf("https://hooks.example/%d", i)
		id, _, err := a.SaveArticle(ctx, page(u), article(u, u))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
		ms = append(ms, newsdesk.AlertMatch{AlertID: al.ID, ArticleID: id, Matched: time.Now().Add(-time.Second)})
	}
	if ok, err := a.SaveMatches(ctx, 0, 1, ids, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	var wg sync.WaitGroup
	delivered := make([]int, 2)
	for i, s := range []*Store{a, b} {
		wh := &notify.Webhooks{Store: s, Articles: s, AllowPrivate: true, Batch: 10}
		wg.Go(func() {
			k, err := wh.DeliverDue(ctx)
			if err != nil {
				t.Error(err)
			}
			delivered[i] = k
		})
	}
	wg.Wait()
	if delivered[0]+delivered[1] != n {
		t.Errorf("delivered %d and %d, want %d in all", delivered[0], delivered[1], n)
	}
	if len(got) != n {
		t.Errorf("%d matches POSTed, want %d", len(got), n)
	}
	for key, k := range got {
		if k != 1 {
			t.Errorf("%s POSTed %d times", key, k)
		}
	}
	if dl, err := b.Deliveries(ctx, newsdesk.DeliveryFilter{State: newsdesk.DeliveryDone}); err != nil || dl.Total != n {
		t.Errorf("delivered: %d, %v; want %d", dl.Total, err, n)
	}
}
