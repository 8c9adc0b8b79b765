package analyze

import (
	"context"
	"runtime"
	"sync"

	"newsdesk"
)

// BatchSize is the batch of changes the analysis follower is best given
// (follow.Options.BatchSize): enough for all cores, small enough that
// the analyses in flight take little memory.
const BatchSize = 32

// Follower keeps the analyses of a store up to date with its change
// log: it analyses every article written and saves the analyses with
// its position in one transaction (see newsdesk.Follower).
type Follower struct {
	Store    newsdesk.AnalysisStore
	Analyzer *Analyzer
}

var _ newsdesk.Follower = (*Follower)(nil)

// Position returns the change log seq the stored analyses follow.
func (f *Follower) Position(ctx context.Context) (int64, error) {
	return f.Store.AnalysisPosition(ctx)
}

// Apply analyses the articles of changes on all cores and saves the
// analyses; an article that is gone loses its mentions.
func (f *Follower) Apply(ctx context.Context, after int64, changes []newsdesk.Change) error {
	if len(changes) == 0 {
		return nil
	}
	// A change that left the text as it was analysed (a new source, or
	// the entities written back for the index) needs no analysis.
	ids := make([]int64, len(changes))
	for i, c := range changes {
		ids[i] = c.ID
	}
	done, err := f.Store.AnalyzedHashes(ctx, ids)
	if err != nil {
		return err
	}
	var todo []newsdesk.Change
	for _, c := range changes {
		if c.Article == nil || done[c.ID] != c.Article.Hash {
			todo = append(todo, c)
		}
	}
	as := make([]newsdesk.ArticleAnalysis, len(todo))
	workers := min(runtime.GOMAXPROCS(0), len(todo))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(todo); i += workers {
				c := todo[i]
				as[i].ArticleID = c.ID
				if c.Article != nil && ctx.Err() == nil {
					as[i].Hash = c.Article.Hash
					as[i].Analysis = f.Analyzer.Article(ctx, &c.Article.Article)
				}
			}
		})
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return f.Store.SaveAnalyses(ctx, after, changes[len(changes)-1].Seq, as)
}
