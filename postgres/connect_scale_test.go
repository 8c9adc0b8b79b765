package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/connect"
	"newsdesk/follow"
	"newsdesk/sqlite"
	"newsdesk/storetest"
)

// connectStores are the stores the connections are compared on: a new
// PostgreSQL store and a new embedded one.
var connectStores = []struct {
	name string
	open func(t *testing.T) storetest.ConnectStore
}{
	{"postgres", func(t *testing.T) storetest.ConnectStore { return openTest(t) }},
	{"sqlite", func(t *testing.T) storetest.ConnectStore {
		s, err := sqlite.Open(context.Background(), t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
}

// connectOutcome is what the connect follower made of a store's
// articles: each article's copy group and story, and each story's sums.
type connectOutcome struct {
	connections map[int64][2]int64
	stories     map[int64]string
}

// runConnect stores the articles as in, runs the connect follower over
// them, and returns what it made of them; with report, it logs how long
// each step took.
func runConnect(t *testing.T, s storetest.ConnectStore, as []*newsdesk.Article, report bool) connectOutcome {
	t.Helper()
	ctx := context.Background()
	t0 := time.Now()
	for i, a := range as {
		if _, _, err := s.SaveArticle(ctx, &newsdesk.Page{URL: a.URL, ContentType: "text/html", Fetched: time.Now(), Body: []byte("-")}, a); err != nil {
			t.Fatalf("article %d: %v", i, err)
		}
	}
	if report {
		t.Logf("stored %d articles in %v", len(as), time.Since(t0).Round(time.Millisecond))
	}
	t0 = time.Now()
	done, err := follow.CatchUp(ctx, s, &connect.Follower{Store: s}, follow.Options{BatchSize: connect.BatchSize})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(t0); report {
		t.Logf("connected %d articles (%d changes, with those written again) in %v: %.0f articles/s",
			len(as), done, took.Round(time.Millisecond), float64(len(as))/took.Seconds())
	}
	out := connectOutcome{connections: map[int64][2]int64{}, stories: map[int64]string{}}
	err = s.ConnectedArticles(ctx, time.Time{}, func(a *newsdesk.ConnectedArticle) error {
		out.connections[a.ID] = [2]int64{a.CopyOf, a.Story}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f := newsdesk.StoryFilter{Limit: 500}
	for {
		l, err := s.Stories(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range l.Stories {
			out.stories[st.ID] = fmt.Sprintf("%q first %d at %v, updated %v, %d articles, %d copies, %d outlets, %v",
				st.Title, st.First.ID, st.First.Published, st.Updated, st.Articles, st.Copies, st.Outlets, st.Languages)
		}
		if l.NextCursor == "" {
			break
		}
		f.Cursor = l.NextCursor
	}
	if report {
		// A new process: the state is built from the store before the
		// next change.
		u := "https://late.example/one-more"
		a := scaleArticles(1)[0]
		a.URL = u
		if _, _, err := s.SaveArticle(ctx, &newsdesk.Page{URL: u, ContentType: "text/html", Fetched: time.Now(), Body: []byte("-")}, a); err != nil {
			t.Fatal(err)
		}
		t0 = time.Now()
		if _, err := follow.CatchUp(ctx, s, &connect.Follower{Store: s}, follow.Options{BatchSize: connect.BatchSize}); err != nil {
			t.Fatal(err)
		}
		t.Logf("a new follower built its state and connected the next change in %v", time.Since(t0).Round(time.Millisecond))
	}
	return out
}

// The connect follower makes the same copy groups and stories, with the
// same sums, of the same articles on either store.
func TestConnectSameAsEmbedded(t *testing.T) {
	compareConnect(t, 300, false)
}

// TestConnectScale stores NEWSDESK_PG_CONNECT_SCALE articles (e.g.
// 5000) in a PostgreSQL store and in the embedded store, reports how
// fast the connect follower connects them on each, and how long a new
// follower takes to build its state from the store, and compares what
// it made of them.
func TestConnectScale(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("NEWSDESK_PG_CONNECT_SCALE"))
	if n <= 0 {
		t.Skip("NEWSDESK_PG_CONNECT_SCALE not set")
	}
	compareConnect(t, n, true)
}

// compareConnect runs the connect follower over n articles on each
// store and fails t unless the outcomes are the same.
func compareConnect(t *testing.T, n int, report bool) {
	var outs []connectOutcome
	for _, st := range connectStores {
		t.Run(st.name, func(t *testing.T) {
			outs = append(outs, runConnect(t, st.open(t), scaleArticles(n), report))
		})
	}
	if len(outs) != 2 {
		t.FailNow()
	}
	pg, lite := outs[0], outs[1]
	if len(pg.connections) != n || len(lite.connections) != n {
		t.Errorf("connected %d articles on PostgreSQL, %d on SQLite; want %d", len(pg.connections), len(lite.connections), n)
	}
	diffs := 0
	for id, c := range lite.connections {
		if pg.connections[id] != c && diffs < 10 {
			diffs++
			t.Errorf("article %d: copy of, story %v on PostgreSQL, %v on SQLite", id, pg.connections[id], c)
		}
	}
	if len(pg.stories) != len(lite.stories) {
		t.Errorf("%d stories on PostgreSQL, %d on SQLite", len(pg.stories), len(lite.stories))
	}
	for id, s := range lite.stories {
		if pg.stories[id] != s && diffs < 20 {
			diffs++
			t.Errorf("story %d:\n  PostgreSQL %s\n  SQLite     %s", id, pg.stories[id], s)
		}
	}
}

// scaleArticles returns n articles in groups of one to three copies of
// a text of made-up words, each copy on another outlet; a group is
// published a minute after the one before.
func scaleArticles(n int) []*newsdesk.Article {
	rng := rand.New(rand.NewPCG(1, 2))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []*newsdesk.Article
	for g := 0; len(out) < n; g++ {
		var b strings.Builder
		for p := range 4 {
			if p > 0 {
				b.WriteByte('\n')
			}
			for w := range 40 {
				if w > 0 {
					b.WriteByte(' ')
				}
				fmt.Fprintf(&b, "w%x", rng.IntN(5000))
			}
			b.WriteByte('.')
		}
		text := b.String()
		for c := range 1 + rng.IntN(3) {
			if len(out) == n {
				break
			}
			u := fmt.Sprintf("https://outlet%02d.example/%d/%d", (g+c*7)%50, g, c)
			a := &newsdesk.Article{URL: u, Title: fmt.Sprintf("Report %d", g), Language: "en",
				Published: start.Add(time.Duration(g)*time.Minute + time.Duration(c)*time.Second)}
			for _, p := range strings.Split(text, "\n") {
				a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: p})
			}
			out = append(out, a)
		}
	}
	return out
}
