package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/follow"
)

// indexArticle returns an article at url whose body names its number.
func indexArticle(i int) (*newsdesk.Page, *newsdesk.Article) {
	u := fmt.Sprintf("https://example.com/news/%d", i)
	a := &newsdesk.Article{URL: u, Title: fmt.Sprintf("Report number %d", i), Language: "en",
		Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: fmt.Sprintf("The council signed treaty %d after a long night of talks about the budget and the harbour.", i)}}}
	p := &newsdesk.Page{URL: u, ContentType: "text/html; charset=utf-8", Fetched: time.Now(),
		Body: []byte("<html><body><p>" + a.Blocks[0].Text + "</p></body></html>")}
	return p, a
}

// Indexes of two processes (two Store values on one database) follow the
// change log while both processes store articles: every article is
// indexed once, the position ends at the last change, and a change
// applied again, or from before the position, changes nothing.
func TestIndexFollowTwoStores(t *testing.T) {
	ctx := context.Background()
	dsn := newDB(t)
	var stores []*Store
	for range 2 {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		stores = append(stores, s)
	}
	const n = 80
	var writers, followers sync.WaitGroup
	done := make(chan struct{})
	for w, s := range stores {
		writers.Go(func() {
			for i := w; i < n; i += 2 {
				p, a := indexArticle(i)
				if _, _, err := s.SaveArticle(ctx, p, a); err != nil {
					t.Error(err)
					return
				}
			}
		})
		ix := s.Index()
		ix.SetTags(s.ArticleTags)
		followers.Go(func() {
			for {
				if _, err := follow.CatchUp(ctx, s, ix, follow.Options{BatchSize: 7}); err != nil {
					t.Error(err)
					return
				}
				select {
				case <-done:
					return
				default:
				}
			}
		})
	}
	writers.Wait()
	close(done)
	followers.Wait()
	ix := stores[0].Index()
	if _, err := follow.CatchUp(ctx, stores[0], ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
	pos, err := ix.Position(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if pending, last, err := stores[0].Pending(ctx, pos); err != nil || pending != 0 || last != pos {
		t.Errorf("position %d: %d pending up to %d, %v", pos, pending, last, err)
	}
	if c, err := ix.Count(ctx); err != nil || c != n {
		t.Errorf("Count = %d, %v; want %d", c, err, n)
	}
	r, err := ix.Search(ctx, newsdesk.Query{Text: "treaties", Limit: 1})
	if err != nil || r.Total != n {
		t.Fatalf("treaties: %d hits, %v; want %d", r.Total, err, n)
	}
	r, err = ix.Search(ctx, newsdesk.Query{Text: `"treaty 17"`})
	if err != nil || r.Total != 1 || r.Hits[0].Title != "Report number 17" {
		t.Fatalf(`"treaty 17": %+v, %v`, r, err)
	}
	id := r.Hits[0].ID

	// A change at or below the position is left out; one after a
	// position the index has not reached (it was reset meanwhile) too.
	if err := ix.Apply(ctx, pos-1, []newsdesk.Change{{Seq: pos, ID: id}}); err != nil {
		t.Fatal(err)
	}
	if err := ix.Apply(ctx, pos+5, []newsdesk.Change{{Seq: pos + 6, ID: id}}); err != nil {
		t.Fatal(err)
	}
	if c, _ := ix.Count(ctx); c != n {
		t.Errorf("after changes left out: Count = %d, want %d", c, n)
	}
	// A change without its article takes the article out.
	if err := ix.Apply(ctx, pos, []newsdesk.Change{{Seq: pos + 1, ID: id}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ix.Position(ctx); got != pos+1 {
		t.Errorf("position %d, want %d", got, pos+1)
	}
	if r, err := ix.Search(ctx, newsdesk.Query{Text: `"treaty 17"`}); err != nil || r.Total != 0 {
		t.Errorf(`"treaty 17" after its removal: %d hits, %v`, r.Total, err)
	}

	// Reset empties the index and starts it again from the beginning.
	if err := ix.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	if b, err := ix.Rebuilding(ctx); err != nil || !b {
		t.Errorf("Rebuilding = %v, %v after Reset", b, err)
	}
	if c, _ := ix.Count(ctx); c != 0 {
		t.Errorf("Count = %d after Reset", c)
	}
	if _, err := follow.CatchUp(ctx, stores[1], stores[1].Index(), follow.Options{}); err != nil {
		t.Fatal(err)
	}
	if err := ix.FinishRebuild(ctx); err != nil {
		t.Fatal(err)
	}
	if b, _ := ix.Rebuilding(ctx); b {
		t.Error("Rebuilding after FinishRebuild")
	}
	if c, _ := ix.Count(ctx); c != n {
		t.Errorf("Count = %d after the rebuild, want %d", c, n)
	}
	if err := ix.Optimize(ctx); err != nil {
		t.Error(err)
	}
}
