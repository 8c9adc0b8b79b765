package notify_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/notify"
	"newsdesk/sqlite"
)

var _ notify.Articles = (*sqlite.Store)(nil)

// env is a real store with articles, stories and alerts, and a clock the
// test moves.
type env struct {
	st  *sqlite.Store
	ctx context.Context

	mu  sync.Mutex
	now time.Time
	n   int // articles saved
}

func newEnv(t *testing.T, now time.Time) *env {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &env{st: st, ctx: ctx, now: now}
}

func (e *env) clock() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.now
}

func (e *env) set(t time.Time) {
	e.mu.Lock()
	e.now = t
	e.mu.Unlock()
}

func (e *env) addAlert(t *testing.T, a *newsdesk.Alert) *newsdesk.Alert {
	t.Helper()
	if err := e.st.AddAlert(e.ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

// art is an article to store.
type art struct {
	title, site, subtitle string
	authors               []string
	published             time.Time
	// story, if not 0, connects the article to the story of this
	// article (by index of the articles saved, 1-based); -1 makes it a
	// story of its own.
	story int
}

// save stores articles and returns their ids.
func (e *env) save(t *testing.T, arts ...art) []int64 {
	t.Helper()
	var ids []int64
	for _, a := range arts {
		e.n++
		u := fmt.Sprintf("https://%s/article-%d", hostOf(a.site), e.n)
		p := &newsdesk.Page{URL: u, ContentType: "text/html; charset=utf-8", Fetched: time.Now(), Body: []byte("<html><body><p>page</p></body></html>")}
		na := &newsdesk.Article{
			URL: u, Title: a.title, Subtitle: a.subtitle, Authors: a.authors, Published: a.published,
			SiteName: a.site, Language: "en",
			Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: fmt.Sprintf("Body %d of %s: %s.", e.n, a.site, a.title)}},
		}
		id, _, err := e.st.SaveArticle(e.ctx, p, na)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

func hostOf(site string) string {
	if site == "" {
		return "news.example"
	}
	return fmt.Sprintf("%x.example", site)
}

// connect puts the articles into story (the id of its first article), as
// the connect follower would.
func (e *env) connect(t *testing.T, story int64, ids ...int64) {
	t.Helper()
	var b newsdesk.ConnectBatch
	for _, id := range ids {
		a, err := e.st.Article(e.ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		b.Connections = append(b.Connections, newsdesk.Connection{ArticleID: id, Hash: a.Hash, Signature: []byte{}, Story: story})
	}
	after, err := e.st.ConnectPosition(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, last, err := e.st.Pending(e.ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := e.st.SaveConnections(e.ctx, after, last, b); err != nil || !ok {
		t.Fatalf("save connections: %v %v", ok, err)
	}
}

// match saves the articles as matches of the alert, matched at the
// given time, as the alerts follower would; the articles must be the
// last saved.
func (e *env) match(t *testing.T, a *newsdesk.Alert, matched time.Time, ids ...int64) {
	t.Helper()
	after, err := e.st.AlertPosition(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, last, err := e.st.Pending(e.ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	var ms []newsdesk.AlertMatch
	for _, id := range ids {
		ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Matched: matched})
	}
	if ok, err := e.st.SaveMatches(e.ctx, after, last, ids, ms); err != nil || !ok {
		t.Fatalf("save matches: %v %v", ok, err)
	}
}

// deliveries returns an alert's deliveries of a channel, oldest first.
func (e *env) deliveries(t *testing.T, a *newsdesk.Alert, channel string) []newsdesk.Delivery {
	t.Helper()
	dl, err := e.st.Deliveries(e.ctx, newsdesk.DeliveryFilter{AlertID: a.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	var out []newsdesk.Delivery
	for i := len(dl.Deliveries) - 1; i >= 0; i-- {
		if d := dl.Deliveries[i]; d.Channel == channel {
			out = append(out, d)
		}
	}
	return out
}
