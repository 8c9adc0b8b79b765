package analyze

import (
	"context"
	"runtime"
	"sync"

	"newsdesk"
)

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
	as := make([]newsdesk.ArticleAnalysis, len(changes))
	workers := min(runtime.GOMAXPROCS(0), len(changes))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(changes); i += workers {
				c := changes[i]
				as[i].ArticleID = c.ID
				if c.Article != nil && ctx.Err() == nil {
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
