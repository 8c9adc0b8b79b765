package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/notify"
)

// hook is a webhook receiver on 127.0.0.1 that answers with the status
// the test sets and keeps what it received.
type hook struct {
	*httptest.Server
	mu     sync.Mutex
	status int
	got    []hookRequest
	notify chan struct{}
}

type hookRequest struct {
	header http.Header
	body   []byte
}

func newHook(t *testing.T) *hook {
	h := &hook{status: http.StatusNoContent, notify: make(chan struct{}, 100)}
	h.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.got = append(h.got, hookRequest{r.Header.Clone(), body})
		status := h.status
		h.mu.Unlock()
		if r.Method != http.MethodPost {
			status = http.StatusMethodNotAllowed
		}
		w.WriteHeader(status)
		if status >= 300 {
			io.WriteString(w, "receiver is down\n")
		}
		h.notify <- struct{}{}
	}))
	t.Cleanup(h.Close)
	return h
}

func (h *hook) setStatus(s int) {
	h.mu.Lock()
	h.status = s
	h.mu.Unlock()
}

func (h *hook) requests() []hookRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]hookRequest(nil), h.got...)
}

func (e *env) webhooks(h *hook) *notify.Webhooks {
	return &notify.Webhooks{
		Store: e.st, Articles: e.st, Client: h.Client(), AllowPrivate: true, Now: e.clock,
		Retry: notify.Retry{Attempts: 3, Base: 30 * time.Second, Max: time.Minute},
	}
}

// A match is POSTed once, as JSON, signed with the alert's secret, with
// its idempotency key; the article as /api/articles shows it and its
// story.
func TestWebhookDelivers(t *testing.T) {
	now := time.Date(2026, 3, 28, 10, 0, 0, 0, time.UTC)
	e := newEnv(t, now)
	h := newHook(t)
	a := e.addAlert(t, &newsdesk.Alert{Name: "Klima <Gesetz>", Query: "Klimaschutzgesetz", Webhook: h.URL + "/hook?x=1"})
	pub := now.Add(-2 * time.Hour)
	ids := e.save(t,
		art{title: "Bundestag beschließt Klimaschutzgesetz", site: "Tagesblatt", authors: []string{"Anna Beispiel"}, published: pub},
		art{title: "Klimaschutzgesetz: Bundestag stimmt zu", site: "Westpost", published: pub.Add(time.Hour)})
	e.connect(t, ids[0], ids...)
	e.match(t, a, now.Add(-time.Minute), ids[1])

	w := e.webhooks(h)
	n, err := w.DeliverDue(e.ctx)
	if err != nil || n != 1 {
		t.Fatalf("DeliverDue = %d, %v; want 1 delivered", n, err)
	}
	got := h.requests()
	if len(got) != 1 {
		t.Fatalf("%d requests, want 1", len(got))
	}
	r := got[0]
	if ct := r.header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type %q", ct)
	}
	if sig := r.header.Get(notify.HeaderSignature); !notify.Verify(a.Secret, r.body, sig) || !strings.HasPrefix(sig, "sha256=") {
		t.Errorf("signature %q does not verify with the alert's secret", sig)
	}
	if notify.Verify("another secret", r.body, r.header.Get(notify.HeaderSignature)) {
		t.Error("signature verifies with another secret")
	}
	key := newsdesk.AlertMatch{AlertID: a.ID, ArticleID: ids[1]}.Key()
	if k := r.header.Get(notify.HeaderDelivery); k != key {
		t.Errorf("delivery key %q, want %q", k, key)
	}
	var p struct {
		Alert   map[string]any `json:"alert"`
		Article map[string]any `json:"article"`
		Story   *struct {
			ID       int64  `json:"id"`
			Title    string `json:"title"`
			Articles int    `json:"articles"`
			Outlets  int    `json:"outlets"`
		} `json:"story"`
	}
	if err := json.Unmarshal(r.body, &p); err != nil {
		t.Fatalf("body %s: %v", r.body, err)
	}
	if p.Alert["id"] != float64(a.ID) || p.Alert["name"] != a.Name {
		t.Errorf("alert %v", p.Alert)
	}
	for k, want := range map[string]any{
		"id": float64(ids[1]), "title": "Klimaschutzgesetz: Bundestag stimmt zu", "site_name": "Westpost",
		"language": "en", "published": pub.Add(time.Hour).Format(time.RFC3339), "story": float64(ids[0]), "copy_of": nil,
	} {
		if got := p.Article[k]; got != want {
			t.Errorf("article[%q] = %v, want %v", k, got, want)
		}
	}
	if au, ok := p.Article["authors"].([]any); !ok || len(au) != 0 {
		t.Errorf("authors %v, want []", p.Article["authors"])
	}
	if u, _ := p.Article["url"].(string); !strings.HasPrefix(u, "https://") {
		t.Errorf("url %q", u)
	}
	if p.Story == nil || p.Story.ID != ids[0] || p.Story.Articles != 2 || p.Story.Title != "Bundestag beschließt Klimaschutzgesetz" {
		t.Errorf("story %+v", p.Story)
	}

	ds := e.deliveries(t, a, newsdesk.ChannelWebhook)
	if len(ds) != 1 || ds[0].State != newsdesk.DeliveryDone || ds[0].Attempts != 1 || ds[0].LastStatus != http.StatusNoContent || !ds[0].Delivered.Equal(now) {
		t.Errorf("deliveries %+v", ds)
	}
	if n, err := w.DeliverDue(e.ctx); n != 0 || err != nil || len(h.requests()) != 1 {
		t.Errorf("second pass: %d, %v, %d requests; want nothing sent", n, err, len(h.requests()))
	}
}

// An article without a story is sent with story null.
func TestWebhookWithoutStory(t *testing.T) {
	now := time.Date(2026, 3, 28, 10, 0, 0, 0, time.UTC)
	e := newEnv(t, now)
	h := newHook(t)
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x", Webhook: h.URL})
	ids := e.save(t, art{title: "Alone", site: "Solo"})
	e.match(t, a, now, ids...)
	if n, err := e.webhooks(h).DeliverDue(e.ctx); n != 1 || err != nil {
		t.Fatalf("DeliverDue = %d, %v", n, err)
	}
	var p map[string]json.RawMessage
	if err := json.Unmarshal(h.requests()[0].body, &p); err != nil {
		t.Fatal(err)
	}
	if string(p["story"]) != "null" {
		t.Errorf("story %s, want null", p["story"])
	}
	var article map[string]any
	json.Unmarshal(p["article"], &article)
	if article["published"] != nil || article["story"] != nil {
		t.Errorf("article %v: want published and story null", article)
	}
}

// A receiver that fails is tried again after 30 s, then 1 min (capped),
// with jitter, until the attempts are used up: then the delivery is dead.
// Redelivered by hand, it is sent again with the same key.
func TestWebhookRetries(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	e := newEnv(t, start)
	h := newHook(t)
	h.setStatus(http.StatusInternalServerError)
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x", Webhook: h.URL})
	ids := e.save(t, art{title: "Flaky", site: "Site"})
	e.match(t, a, start.Add(-time.Second), ids...)
	w := e.webhooks(h)

	for i, wait := range []time.Duration{30 * time.Second, time.Minute} {
		if n, err := w.DeliverDue(e.ctx); n != 0 || err != nil {
			t.Fatalf("attempt %d: %d, %v", i+1, n, err)
		}
		d := e.deliveries(t, a, newsdesk.ChannelWebhook)[0]
		now := e.clock()
		lo, hi := now.Add(wait*9/10), now.Add(wait*11/10)
		if d.State != newsdesk.DeliveryPending || d.Attempts != i+1 || d.LastStatus != 500 ||
			!strings.Contains(d.LastError, "receiver is down") || d.NextAttempt.Before(lo) || d.NextAttempt.After(hi) {
			t.Fatalf("after attempt %d: %+v; want pending, next attempt in %v ±10%%", i+1, d, wait)
		}
		// Not due before its time.
		e.set(d.NextAttempt.Add(-time.Second))
		if n, _ := w.DeliverDue(e.ctx); n != 0 || len(h.requests()) != i+1 {
			t.Fatalf("sent before its next attempt: %d requests", len(h.requests()))
		}
		e.set(d.NextAttempt)
	}
	if n, err := w.DeliverDue(e.ctx); n != 0 || err != nil {
		t.Fatalf("attempt 3: %d, %v", n, err)
	}
	d := e.deliveries(t, a, newsdesk.ChannelWebhook)[0]
	if d.State != newsdesk.DeliveryDead || d.Attempts != 3 || d.LastStatus != 500 {
		t.Fatalf("after the last attempt: %+v; want dead", d)
	}
	e.set(e.clock().Add(24 * time.Hour))
	if n, _ := w.DeliverDue(e.ctx); n != 0 || len(h.requests()) != 3 {
		t.Fatalf("a dead delivery was sent: %d requests", len(h.requests()))
	}

	h.setStatus(http.StatusOK)
	if n, err := e.st.Redeliver(e.ctx, a.ID, 0); n != 1 || err != nil {
		t.Fatalf("Redeliver = %d, %v", n, err)
	}
	if n, err := w.DeliverDue(e.ctx); n != 1 || err != nil {
		t.Fatalf("redelivered: %d, %v", n, err)
	}
	got := h.requests()
	if len(got) != 4 {
		t.Fatalf("%d requests, want 4", len(got))
	}
	for _, r := range got {
		if k := r.header.Get(notify.HeaderDelivery); k != got[0].header.Get(notify.HeaderDelivery) || k == "" {
			t.Errorf("keys differ: %q", k)
		}
	}
	if d := e.deliveries(t, a, newsdesk.ChannelWebhook)[0]; d.State != newsdesk.DeliveryDone || d.LastStatus != 200 || d.LastError != "" {
		t.Errorf("after redelivery: %+v", d)
	}
}

// A redirect is a failure: a POST is not followed to another URL.
func TestWebhookRedirectFails(t *testing.T) {
	now := time.Now().UTC()
	e := newEnv(t, now)
	h := newHook(t)
	h.setStatus(http.StatusFound)
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x", Webhook: h.URL})
	e.match(t, a, now, e.save(t, art{title: "T", site: "S"})...)
	w := &notify.Webhooks{Store: e.st, Articles: e.st, AllowPrivate: true, Now: e.clock}
	if n, err := w.DeliverDue(e.ctx); n != 0 || err != nil {
		t.Fatalf("DeliverDue = %d, %v", n, err)
	}
	if d := e.deliveries(t, a, newsdesk.ChannelWebhook)[0]; d.State != newsdesk.DeliveryPending || d.LastStatus != http.StatusFound {
		t.Errorf("delivery %+v, want a failed attempt with status 302", d)
	}
}

// Without AllowPrivate a webhook on a loopback address is refused before
// any request, and the delivery is dead.
func TestWebhookRefusesLoopback(t *testing.T) {
	now := time.Now().UTC()
	e := newEnv(t, now)
	h := newHook(t)
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x", Webhook: h.URL})
	b := e.addAlert(t, &newsdesk.Alert{Name: "b", Query: "x", Webhook: strings.Replace(h.URL, "127.0.0.1", "localhost", 1)})
	ids := e.save(t, art{title: "T", site: "S"})
	after, _ := e.st.AlertPosition(e.ctx)
	_, last, _ := e.st.Pending(e.ctx, after)
	e.st.SaveMatches(e.ctx, after, last, ids, []newsdesk.AlertMatch{{AlertID: a.ID, ArticleID: ids[0], Matched: now}, {AlertID: b.ID, ArticleID: ids[0], Matched: now}})
	for _, c := range []*http.Client{nil, h.Client()} {
		w := &notify.Webhooks{Store: e.st, Articles: e.st, Client: c, Now: e.clock}
		if n, err := w.DeliverDue(e.ctx); n != 0 || err != nil {
			t.Fatalf("DeliverDue = %d, %v", n, err)
		}
		if len(h.requests()) != 0 {
			t.Fatalf("%d requests reached the loopback receiver", len(h.requests()))
		}
		for _, al := range []*newsdesk.Alert{a, b} {
			d := e.deliveries(t, al, newsdesk.ChannelWebhook)[0]
			if d.State != newsdesk.DeliveryDead || !strings.Contains(d.LastError, "private or local") {
				t.Errorf("alert %s: delivery %+v, want dead for a private address", al.Name, d)
			}
		}
		e.st.Redeliver(e.ctx, a.ID, 0)
		e.st.Redeliver(e.ctx, b.ID, 0)
		e.set(time.Now())
	}
}

// The deliveries of a paused alert wait, and go out once it is resumed;
// those of an alert whose webhook was removed are cancelled.
func TestWebhookPausedAndRemoved(t *testing.T) {
	now := time.Now().UTC()
	e := newEnv(t, now)
	h := newHook(t)
	paused := e.addAlert(t, &newsdesk.Alert{Name: "p", Query: "x", Webhook: h.URL})
	removed := e.addAlert(t, &newsdesk.Alert{Name: "r", Query: "x", Webhook: h.URL})
	ids := e.save(t, art{title: "T", site: "S"})
	after, _ := e.st.AlertPosition(e.ctx)
	_, last, _ := e.st.Pending(e.ctx, after)
	e.st.SaveMatches(e.ctx, after, last, ids, []newsdesk.AlertMatch{{AlertID: paused.ID, ArticleID: ids[0], Matched: now}, {AlertID: removed.ID, ArticleID: ids[0], Matched: now}})
	paused.Paused = true
	removed.Webhook = ""
	for _, a := range []*newsdesk.Alert{paused, removed} {
		if err := e.st.UpdateAlert(e.ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	w := e.webhooks(h)
	if n, err := w.DeliverDue(e.ctx); n != 0 || err != nil || len(h.requests()) != 0 {
		t.Fatalf("DeliverDue = %d, %v, %d requests; want none", n, err, len(h.requests()))
	}
	if d := e.deliveries(t, paused, newsdesk.ChannelWebhook)[0]; d.State != newsdesk.DeliveryPending || d.Attempts != 0 {
		t.Errorf("paused: %+v", d)
	}
	if d := e.deliveries(t, removed, newsdesk.ChannelWebhook)[0]; d.State != newsdesk.DeliveryCancelled {
		t.Errorf("webhook removed: %+v", d)
	}
	paused.Paused = false
	e.st.UpdateAlert(e.ctx, paused)
	if n, err := w.DeliverDue(e.ctx); n != 1 || err != nil {
		t.Fatalf("resumed: %d, %v", n, err)
	}
}

// Run delivers at once, and again when woken, long before its interval.
func TestWebhookRunWake(t *testing.T) {
	e := newEnv(t, time.Now())
	h := newHook(t)
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x", Webhook: h.URL})
	e.match(t, a, time.Now(), e.save(t, art{title: "first", site: "S"})...)
	w := e.webhooks(h)
	w.Now = nil
	ctx, cancel := context.WithCancel(e.ctx)
	done := make(chan error)
	go func() { done <- w.Run(ctx, time.Hour) }()
	wait := func(what string) {
		select {
		case <-h.notify:
		case <-time.After(10 * time.Second):
			t.Fatalf("no request %s", what)
		}
	}
	wait("at start")
	e.match(t, a, time.Now(), e.save(t, art{title: "second", site: "S"})...)
	w.Wake()
	wait("after Wake")
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Errorf("Run = %v, want context.Canceled", err)
	}
	if n := len(h.requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}
