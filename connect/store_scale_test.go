package connect

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/connect/internal/synth"
	"newsdesk/follow"
	"newsdesk/sqlite"
)

// TestFollowerScale stores NEWSDESK_CONNECT_STORE_SCALE synthetic
// articles (e.g. 200000; the stream of TestScale, on 50 outlets) in a
// SQLite store in NEWSDESK_CONNECT_STORE_DIR (a temporary directory if
// unset; an existing store there is used as it is) and reports how fast
// the connect follower connects them — copies and stories decided and
// saved, articles written back for the index — and how long a new
// follower takes to build its state from the store, with the memory
// in use.
func TestFollowerScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NEWSDESK_CONNECT_STORE_SCALE"))
	if n <= 0 {
		t.Skip("NEWSDESK_CONNECT_STORE_SCALE not set")
	}
	ctx := context.Background()
	dir := os.Getenv("NEWSDESK_CONNECT_STORE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	have, _, _, err := st.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if have < int64(n) {
		stream := synth.NewStream(benchTexts(t), n, benchStart, 8*7*24*time.Hour, 1)
		t0 := time.Now()
		for i := range n {
			a := stream.Next()
			if int64(i) < have {
				continue
			}
			u := fmt.Sprintf("https://outlet%02d.example/a/%d", i%50, i)
			art := &newsdesk.Article{URL: u, Title: a.Title, Language: a.Lang, Published: a.Published}
			for _, p := range strings.Split(a.Text, "\n") {
				art.Blocks = append(art.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: p})
			}
			if _, _, err := st.SaveArticle(ctx, &newsdesk.Page{URL: u, ContentType: "text/html", Fetched: a.Stored, Body: []byte("-")}, art); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("stored %d articles in %v", n-int(have), time.Since(t0).Round(time.Millisecond))
	}
	f := &Follower{Store: st}
	t0 := time.Now()
	done, err := follow.CatchUp(ctx, st, f, follow.Options{BatchSize: BatchSize})
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(t0)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("connected %d changes in %v: %.0f articles/s; heap in use %.0f MiB, peak RSS %s",
		done, took.Round(time.Millisecond), float64(done)/took.Seconds(), float64(ms.HeapInuse)/(1<<20), peakRSS())
	list, err := st.Stories(ctx, newsdesk.StoryFilter{MinArticles: 2, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d stories with two articles or more", list.Total)

	// A new process: the state is built again before the next change.
	g := &Follower{Store: st}
	t0 = time.Now()
	if err := g.load(ctx); err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&ms)
	t.Logf("a new follower built its state in %v (%d articles, %d stories); heap in use %.0f MiB, peak RSS %s",
		time.Since(t0).Round(time.Millisecond), g.copies.Len(), g.stories.Len(), float64(ms.HeapInuse)/(1<<20), peakRSS())
}
