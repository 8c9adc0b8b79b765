package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"newsdesk"
)

// openConnectPair opens two stores on one new database with the
// connect follower's tables, and stores n articles; it returns their
// ids.
func openConnectPair(t *testing.T, n int) (a, b *Store, ids []int64) {
	t.Helper()
	a, b = openPair(t)
	requireFollowers(t, a)
	for i := range n {
		u := fmt.Sprintf("https://outlet%d.example/a", i)
		id, _, err := a.SaveArticle(context.Background(), page(u), article(u, u))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return a, b, ids
}

// A follower whose SaveConnections waits for another's to commit, from
// the same position, saves nothing: the position is compared under the
// lock of the follower's row, after the other moved it.
func TestSaveConnectionsWaitsAndRefuses(t *testing.T) {
	ctx := context.Background()
	a, b, ids := openConnectPair(t, 1)
	x := ids[0]
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	releaseFirst := func() { once.Do(func() { close(release) }) }
	t.Cleanup(releaseFirst)
	a.beforeCommit = func(context.Context) {
		close(reached)
		<-release
	}
	type result struct {
		ok  bool
		err error
	}
	first, second := make(chan result, 1), make(chan result, 1)
	go func() {
		ok, err := a.SaveConnections(ctx, 0, 5, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{
			{ArticleID: x, Hash: "first", Signature: []byte{1}, Story: x}}})
		first <- result{ok, err}
	}()
	<-reached
	go func() {
		ok, err := b.SaveConnections(ctx, 0, 6, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{
			{ArticleID: x, Hash: "second", Signature: []byte{2}, Story: 1000 + x}}})
		second <- result{ok, err}
	}()
	select {
	case r := <-second:
		t.Fatalf("the second follower saved (%v, %v) while the first held the position", r.ok, r.err)
	case <-time.After(200 * time.Millisecond):
	}
	releaseFirst()
	if r := <-first; r.err != nil || !r.ok {
		t.Fatalf("first: %v, %v; want saved", r.ok, r.err)
	}
	if r := <-second; r.err != nil || r.ok {
		t.Fatalf("second: %v, %v; want not saved", r.ok, r.err)
	}
	if pos, err := b.ConnectPosition(ctx); err != nil || pos != 5 {
		t.Errorf("position %d, %v; want 5", pos, err)
	}
	if h, err := b.ConnectedHashes(ctx, []int64{x}); err != nil || h[x] != "first" {
		t.Errorf("hashes %v, %v; want the first follower's", h, err)
	}
	if d, err := b.Story(ctx, x); err != nil || d.Articles != 1 {
		t.Errorf("story %d: %+v, %v", x, d, err)
	}
}

// Followers in two processes race from each position: exactly one saves
// each time, and its batch is what the store holds.
func TestSaveConnectionsTwoStores(t *testing.T) {
	ctx := context.Background()
	a, b, ids := openConnectPair(t, 6)
	for i, s := range []*Store{a, b} {
		var mu sync.Mutex
		rng := rand.New(rand.NewPCG(uint64(i), 11))
		s.beforeCommit = func(context.Context) {
			mu.Lock()
			d := time.Duration(rng.IntN(3000)) * time.Microsecond
			mu.Unlock()
			time.Sleep(d)
		}
	}
	const perStore = 4
	for round, x := range ids {
		pos, err := a.ConnectPosition(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			saves  int
			winner int64
		)
		for f := range 2 * perStore {
			s := []*Store{a, b}[f%2]
			wg.Go(func() {
				story := x + int64(f)*1000
				ok, err := s.SaveConnections(ctx, pos, pos+1+int64(f), newsdesk.ConnectBatch{Connections: []newsdesk.Connection{
					{ArticleID: x, Hash: fmt.Sprint(f), Signature: []byte{byte(f)}, Story: story}}})
				if err != nil {
					t.Errorf("round %d follower %d: %v", round, f, err)
				}
				if ok {
					mu.Lock()
					saves++
					winner = int64(f)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if saves != 1 {
			t.Fatalf("round %d: %d followers saved, want 1", round, saves)
		}
		if p, err := b.ConnectPosition(ctx); err != nil || p != pos+1+winner {
			t.Errorf("round %d: position %d, %v; want %d", round, p, err, pos+1+winner)
		}
		if h, err := b.ConnectedHashes(ctx, []int64{x}); err != nil || h[x] != fmt.Sprint(winner) {
			t.Errorf("round %d: hash %v, %v; want %d", round, h, err, winner)
		}
		if d, err := a.Story(ctx, x+winner*1000); err != nil || d.Articles != 1 || d.First.ID != x {
			t.Errorf("round %d: story %d: %+v, %v", round, x+winner*1000, d, err)
		}
	}
	checkStorySums(t, a)
}

// Stories merged and split by hand in one process while the follower
// connects articles in another keep sums that agree with their articles.
func TestStoryEditsWhileConnecting(t *testing.T) {
	ctx := context.Background()
	a, b, ids := openConnectPair(t, 24)
	done := make(chan struct{})
	go func() {
		defer close(done)
		var pos int64
		for i, x := range ids {
			story := ids[i-i%4] // groups of four
			ok, err := a.SaveConnections(ctx, pos, pos+1, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{
				{ArticleID: x, Hash: "h", Signature: []byte{1}, Story: story}}})
			if err != nil || !ok {
				t.Errorf("connect %d: %v, %v", x, ok, err)
				return
			}
			pos++
		}
	}()
	rng := rand.New(rand.NewPCG(3, 5))
	edits := 0
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
		}
		l, err := b.Stories(ctx, newsdesk.StoryFilter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(l.Stories) < 2 {
			continue
		}
		from, into := l.Stories[rng.IntN(len(l.Stories))], l.Stories[rng.IntN(len(l.Stories))]
		if from.ID != into.ID && b.MergeStories(ctx, from.ID, into.ID) == nil {
			edits++
		}
		d, err := b.Story(ctx, into.ID)
		if err != nil || len(d.ArticleList) < 2 {
			continue
		}
		if _, err := b.SplitStory(ctx, d.ID, []int64{d.ArticleList[len(d.ArticleList)-1].ID}); err == nil {
			edits++
		}
	}
	if edits == 0 {
		t.Error("no story was edited while connecting")
	}
	checkStorySums(t, a)
	if l, err := a.Stories(ctx, newsdesk.StoryFilter{Limit: 100}); err != nil {
		t.Fatal(err)
	} else {
		n := 0
		for _, st := range l.Stories {
			n += st.Articles
		}
		if n != len(ids) {
			t.Errorf("stories hold %d articles, want %d", n, len(ids))
		}
	}
}

// checkStorySums fails t unless every story's row counts the articles
// connected to it, every connected article's story has a row, and no
// article is in a story that redirects.
func checkStorySums(t *testing.T, s *Store) {
	t.Helper()
	var bad int
	err := s.pool.QueryRow(context.Background(), `SELECT count(*) FROM (
		SELECT s.id FROM stories s LEFT JOIN (SELECT story, count(*) AS n FROM connections GROUP BY story) c ON c.story = s.id
			WHERE c.n IS DISTINCT FROM s.articles
		UNION ALL SELECT c.story FROM connections c LEFT JOIN stories s ON s.id = c.story WHERE s.id IS NULL
		UNION ALL SELECT c.story FROM connections c JOIN story_redirects r ON r.from_id = c.story) AS x`).Scan(&bad)
	if err != nil {
		t.Fatal(err)
	}
	if bad != 0 {
		t.Errorf("%d stories disagree with their articles", bad)
	}
}
