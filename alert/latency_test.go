package alert_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/alert"
	"newsdesk/analyze"
	"newsdesk/connect"
	"newsdesk/follow"
	"newsdesk/notify"
	"newsdesk/search"
	"newsdesk/sqlite"
)

func compile(as []newsdesk.Alert) (alert.Matcher, error) {
	p := search.NewPercolator()
	for _, a := range as {
		if err := p.Add(a.ID, newsdesk.Query{Text: a.Query}); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// TestAlertLatency stores NEWSDESK_ALERT_LATENCY articles (e.g. 1000)
// at 50 a second into a store followed, as serve follows it, by the
// analysis, the connections, the alerts (NEWSDESK_ALERT_COUNT alerts, 1,000 by
// default, one of which every article matches) and the webhook sender,
// and reports the time from an article being stored to its webhook
// being received on loopback, p50 and p95.
func TestAlertLatency(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NEWSDESK_ALERT_LATENCY"))
	if n <= 0 {
		t.Skip("NEWSDESK_ALERT_LATENCY not set")
	}
	nAlerts := 1000
	if v, err := strconv.Atoi(os.Getenv("NEWSDESK_ALERT_COUNT")); err == nil && v > 0 {
		nAlerts = v
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()

	var mu sync.Mutex
	stored := map[int64]time.Time{}
	var lat []time.Duration
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var p struct {
			Article struct {
				ID int64 `json:"id"`
			} `json:"article"`
		}
		json.Unmarshal(body, &p)
		mu.Lock()
		if at, ok := stored[p.Article.ID]; ok {
			lat = append(lat, time.Since(at))
		}
		mu.Unlock()
	}))
	defer srv.Close()

	if err := st.AddAlert(ctx, &newsdesk.Alert{Name: "all", Query: "harbour", Webhook: srv.URL}); err != nil {
		t.Fatal(err)
	}
	words := strings.Fields("council minister court police school railway election budget clinic bridge museum strike union airport storm harvest")
	for i := 1; i < nAlerts; i++ {
		q := words[i%len(words)] + " " + words[(i/len(words))%len(words)] + fmt.Sprintf(" w%d", i)
		if err := st.AddAlert(ctx, &newsdesk.Alert{Name: q, Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	an := &follow.Runner{Log: st, Follower: &analyze.Follower{Store: st, Analyzer: analyze.New(nil, nil)}, Interval: time.Second,
		Options: follow.Options{BatchSize: analyze.BatchSize}}
	cn := &follow.Runner{Log: follow.Behind(st, an.Follower), Follower: &connect.Follower{Store: st}, Interval: time.Second}
	al := &follow.Runner{Log: follow.Behind(st, cn.Follower), Follower: &alert.Follower{Store: st, Compile: compile}, Interval: time.Second}
	wh := &notify.Webhooks{Store: st, Articles: st, AllowPrivate: true}
	an.Options.Applied = func(int) { cn.Wake() }
	cn.Options.Applied = func(int) { al.Wake() }
	al.Options.Applied = func(int) { wh.Wake() }
	var wg sync.WaitGroup
	wg.Go(func() { an.Run(ctx) })
	wg.Go(func() { cn.Run(ctx) })
	wg.Go(func() { al.Run(ctx) })
	wg.Go(func() { wh.Run(ctx, time.Second) })

	tick := time.NewTicker(20 * time.Millisecond)
	for i := range n {
		<-tick.C
		u := fmt.Sprintf("https://outlet%d.example/a/%d", i%20, i)
		a := &newsdesk.Article{URL: u, Title: fmt.Sprintf("Harbour report %d", i), Language: "en"}
		for p := range 4 {
			var b strings.Builder
			for w := range 30 {
				b.WriteString(words[(i*7+p*13+w*w)%len(words)] + " ")
			}
			fmt.Fprintf(&b, "harbour %d paragraph %d.", i, p)
			a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: b.String()})
		}
		id, _, err := st.SaveArticle(ctx, &newsdesk.Page{URL: u, ContentType: "text/html", Fetched: time.Now(), Body: []byte("-")}, a)
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		stored[id] = time.Now()
		mu.Unlock()
		an.Wake()
	}
	tick.Stop()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		mu.Lock()
		done := len(lat)
		mu.Unlock()
		if done >= n {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	cancel()
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	if len(lat) == 0 {
		t.Fatal("no webhook received")
	}
	slices.Sort(lat)
	t.Logf("%d of %d articles delivered by webhook with %d alerts: store → webhook p50 %v, p95 %v, max %v",
		len(lat), n, nAlerts, lat[len(lat)/2].Round(time.Millisecond), lat[len(lat)*95/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
}
