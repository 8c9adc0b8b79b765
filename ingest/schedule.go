package ingest

import (
	"context"
	"errors"
	"math/rand/v2"
	"time"

	"newsdesk"
)

// NextInterval returns the polling interval of a source after a poll
// that brought newArticles new articles, given its current interval cur:
// a source that published much (5 or more) is polled twice as often, one
// that published some a quarter more often, and one that published
// nothing, or failed, half as often again. The result is clamped to
// [lo, hi].
func NextInterval(cur time.Duration, newArticles int, failed bool, lo, hi time.Duration) time.Duration {
	switch {
	case failed || newArticles == 0:
		cur = cur * 3 / 2
	case newArticles >= 5:
		cur /= 2
	default:
		cur = cur * 3 / 4
	}
	return min(max(cur, lo), hi)
}

// Jitter returns d moved at random by up to a tenth either way, so that
// sources added together do not stay in step.
func Jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return d
	}
	spread := int64(d / 5)
	if spread <= 0 {
		return d
	}
	return d - d/10 + time.Duration(rand.Int64N(spread+1))
}

// schedule returns the state of r's source after the pass: the outcome of
// its fetch, and its next fetch time. New validators (ETag,
// Last-Modified) are kept only when every page the source listed was
// handled; otherwise the next poll must list the pages again.
func (in *Ingester) schedule(r *sourceRun) *newsdesk.Source {
	s := r.src
	now := in.cfg.Now()
	s.LastFetch = now
	s.LastStatus = r.status
	s.LastError = ""
	if r.err != nil {
		s.LastError = r.err.Error()
	}
	if r.fetchedOK && r.unfinished == 0 && !r.partial {
		s.ETag, s.LastModified = r.etag, r.lastModified
	}
	cur := s.Interval
	if cur <= 0 {
		cur = in.cfg.Interval
	}
	s.Interval = NextInterval(cur, r.newPages, r.err != nil, in.cfg.MinInterval, in.cfg.MaxInterval)
	s.NextFetch = now.Add(Jitter(s.Interval))
	if r.retryAt.After(s.NextFetch) {
		s.NextFetch = r.retryAt
	}
	return &s
}

// Watch polls the stored sources until ctx ends, each when its NextFetch
// comes (at once for a source never fetched). Sources due together make
// one pass; after each pass, done (if not nil) gets its stats. Sources
// added to the store while Watch runs are picked up within a minute.
// Watch returns nil when ctx ends, or the error of a store that fails.
func (in *Ingester) Watch(ctx context.Context, done func(Stats, []newsdesk.Source)) error {
	for {
		sources, err := in.cfg.Store.Sources(ctx)
		if err != nil {
			if ctx.Err() != nil {
				return nil
			}
			return err
		}
		now := in.cfg.Now()
		var due []newsdesk.Source
		next := now.Add(time.Minute)
		for _, s := range sources {
			if !s.NextFetch.After(now) {
				due = append(due, s)
			} else if s.NextFetch.Before(next) {
				next = s.NextFetch
			}
		}
		if len(due) > 0 {
			st, err := in.Run(ctx, due)
			if ctx.Err() != nil {
				return nil
			}
			if err != nil && !errors.Is(err, context.Canceled) {
				return err
			}
			if done != nil {
				done(st, due)
			}
			continue // the pass took a while: look again
		}
		t := time.NewTimer(max(next.Sub(now), time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil
		case <-t.C:
		}
	}
}
