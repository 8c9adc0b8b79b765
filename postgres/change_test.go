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

// article returns an article at url with a body of about 600 bytes
// that differs by seed.
func article(url, seed string) *newsdesk.Article {
	a := &newsdesk.Article{URL: url, Title: "Title of " + url, Language: "en"}
	for i := range 6 {
		a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph,
			Text: fmt.Sprintf("Paragraph %d of the story about %s, with enough words to be an article body of its own.", i, seed)})
	}
	return a
}

func page(url string) *newsdesk.Page {
	return &newsdesk.Page{URL: url, ContentType: "text/html", Body: []byte("<p>" + url + "</p>")}
}

// openPair opens two stores on one new database, as two processes
// would.
func openPair(t *testing.T) (a, b *Store) {
	t.Helper()
	dsn := newDB(t)
	for _, s := range []**Store{&a, &b} {
		var err error
		if *s, err = Open(context.Background(), dsn); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { (*s).Close() })
	}
	return a, b
}

// A write whose change took its seq but has not committed holds back
// every other write's change: a follower that reads meanwhile sees
// neither, and afterwards both, in the order they took their seqs.
func TestChangesCommitInOrder(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	reached, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	releaseFirst := func() { once.Do(func() { close(release) }) }
	t.Cleanup(releaseFirst) // before the stores close, should the test fail
	a.beforeCommit = func(context.Context) {
		close(reached)
		<-release
	}
	first := make(chan error, 1)
	go func() {
		_, _, err := a.SaveArticle(ctx, page("https://first.example/a"), article("https://first.example/a", "first"))
		first <- err
	}()
	<-reached

	// The second write, on another connection and of another outlet
	// (whose count it does not share), does all its work but must wait
	// for the first to commit before its change takes a seq.
	second := make(chan error, 1)
	go func() {
		_, _, err := b.SaveArticle(ctx, page("https://second.example/a"), article("https://second.example/a", "second"))
		second <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		var waiting int
		if err := b.pool.QueryRow(ctx, `SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`).Scan(&waiting); err != nil {
			t.Fatal(err)
		}
		if waiting == 1 {
			break
		}
		select {
		case err := <-second:
			t.Fatalf("the second write ended while the first held its change uncommitted: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatal("the second write does not wait for the change log's lock")
		}
		time.Sleep(10 * time.Millisecond)
	}
	for _, s := range []*Store{a, b} {
		if cs, err := s.Changes(ctx, 0, 10); err != nil || len(cs) != 0 {
			t.Errorf("Changes while both writes are open = %+v, %v; want none", cs, err)
		}
		if n, last, err := s.Pending(ctx, 0); err != nil || n != 0 || last != 0 {
			t.Errorf("Pending while both writes are open = %d, %d, %v", n, last, err)
		}
	}
	releaseFirst()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	if err := <-second; err != nil {
		t.Fatal(err)
	}
	cs, err := b.Changes(ctx, 0, 10)
	if err != nil || len(cs) != 2 || cs[0].Article.URL != "https://first.example/a" ||
		cs[1].Article.URL != "https://second.example/a" || cs[0].Seq >= cs[1].Seq {
		t.Fatalf("Changes after both committed = %+v, %v; want first, then second", cs, err)
	}
}

// Followers reading the change log while many writers of two processes
// commit at random moments miss no article's latest write.
func TestChangesFollowerMissesNothing(t *testing.T) {
	ctx := context.Background()
	a, b := openPair(t)
	for i, s := range []*Store{a, b} {
		var mu sync.Mutex
		rng := rand.New(rand.NewPCG(uint64(i), 7))
		s.beforeCommit = func(context.Context) {
			mu.Lock()
			d := time.Duration(rng.IntN(3000)) * time.Microsecond
			mu.Unlock()
			time.Sleep(d)
		}
	}
	const writers, perWriter, distinct = 8, 25, 60

	type follower struct {
		after int64
		seen  map[int64]int64 // article → highest seq seen
	}
	follow := func(f *follower) error {
		for {
			cs, err := a.Changes(ctx, f.after, 5)
			if err != nil {
				return err
			}
			if len(cs) == 0 {
				return nil
			}
			for _, c := range cs {
				if c.Seq <= f.after {
					return fmt.Errorf("seq %d after %d", c.Seq, f.after)
				}
				f.after, f.seen[c.ID] = c.Seq, c.Seq
			}
		}
	}
	f := &follower{seen: map[int64]int64{}}
	done := make(chan struct{})
	followed := make(chan error, 1)
	go func() {
		for {
			select {
			case <-done:
				followed <- follow(f) // catch up after the last write
				return
			default:
			}
			if err := follow(f); err != nil {
				followed <- err
				return
			}
		}
	}()

	var wg sync.WaitGroup
	errs := make(chan error, writers*perWriter)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := []*Store{a, b}[w%2]
			rng := rand.New(rand.NewPCG(uint64(w), 3))
			for i := range perWriter {
				n := rng.IntN(distinct)
				u := fmt.Sprintf("https://example.com/%d", n)
				// Each write is new or a revision: the text differs.
				if _, _, err := s.SaveArticle(ctx, page(u), article(u, fmt.Sprint(w, i))); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(done)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if err := <-followed; err != nil {
		t.Fatal(err)
	}
	all, err := b.Changes(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	// The follower kept reading while writes committed; it passed
	// over none of them, so it holds every article at its latest seq.
	if len(all) != len(f.seen) {
		t.Errorf("follower saw %d articles, the log has %d", len(f.seen), len(all))
	}
	for _, c := range all {
		if f.seen[c.ID] != c.Seq {
			t.Errorf("article %d: follower's last seq %d, the log's %d", c.ID, f.seen[c.ID], c.Seq)
		}
	}
}
