package ingest

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"newsdesk"
)

// learnBatch is how many pages are learnt in one transaction, and
// learnDelay how long a page waits for others to fill it.
const (
	learnBatch = 64
	learnDelay = 200 * time.Millisecond
)

// learner gathers the pages to learn and gives them to the store in
// batches, one transaction each, telling the template cache what was
// learnt. Pages not yet given when the process dies are not lost for
// good: reprocessing learns the stored pages not learnt.
type learner struct {
	store newsdesk.SiteStore
	sites *siteTemplates

	mu      sync.Mutex
	pending []newsdesk.SitePage
	timer   *time.Timer
	// learnt counts the pages learnt (not learnt before).
	learnt atomic.Int64
}

// add queues a page; a full batch is written at once, by the caller.
func (l *learner) add(p newsdesk.SitePage) {
	l.mu.Lock()
	l.pending = append(l.pending, p)
	var batch []newsdesk.SitePage
	if len(l.pending) >= learnBatch {
		batch, l.pending = l.pending, nil
	} else if l.timer == nil {
		l.timer = time.AfterFunc(learnDelay, func() { l.flush(context.Background()) })
	}
	l.mu.Unlock()
	l.write(context.Background(), batch)
}

// flush writes the queued pages.
func (l *learner) flush(ctx context.Context) {
	l.mu.Lock()
	batch := l.pending
	l.pending = nil
	if l.timer != nil {
		l.timer.Stop()
		l.timer = nil
	}
	l.mu.Unlock()
	l.write(ctx, batch)
}

func (l *learner) write(ctx context.Context, batch []newsdesk.SitePage) {
	if len(batch) == 0 {
		return
	}
	learnt, err := l.store.LearnSites(ctx, batch)
	if err != nil {
		return
	}
	for i, ok := range learnt {
		if ok {
			l.learnt.Add(1)
			l.sites.learnt(batch[i].Site)
		}
	}
}
