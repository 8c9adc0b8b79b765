// Package alert matches the articles of the store against the saved
// alerts as they arrive: a follower of the change log that writes what
// it matches to the store's outbox (newsdesk.AlertStore) with its
// position, in one transaction, so that a crash at any moment loses no
// match and doubles none. Delivering the matches is package notify's.
package alert

import (
	"context"
	"strconv"
	"time"

	"newsdesk"
)

// BatchSize is the batch of changes the follower is best given
// (follow.Options.BatchSize).
const BatchSize = 256

// Matcher tells which alerts an article matches: the ids of those
// whose query the same search would find the article by.
type Matcher interface {
	Match(a *newsdesk.StoredArticle, tags newsdesk.ArticleTags) []int64
}

// Store is what the follower reads and writes.
type Store interface {
	newsdesk.AlertStore
	ArticleTags(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error)
}

// Follower matches every article written to the store, once — on its
// first version, when it has been analysed and connected (run it behind
// the connections: follow.Behind) — against the alerts that are not
// paused and were made before the article was stored, and saves the
// matches with its position (see newsdesk.Follower).
type Follower struct {
	Store Store
	// Compile builds the Matcher of a set of alerts; an alert whose
	// query it cannot take is left out.
	Compile func(alerts []newsdesk.Alert) (Matcher, error)
	// Now is the clock of the matches; time.Now if nil.
	Now func() time.Time

	version string
	matcher Matcher
	alerts  map[int64]newsdesk.Alert
}

var _ newsdesk.Follower = (*Follower)(nil)

// Position returns the change log seq the matches follow.
func (f *Follower) Position(ctx context.Context) (int64, error) {
	return f.Store.AlertPosition(ctx)
}

// Apply matches the articles of changes not matched before and saves
// the matches.
func (f *Follower) Apply(ctx context.Context, after int64, changes []newsdesk.Change) error {
	if len(changes) == 0 {
		return nil
	}
	if err := f.load(ctx); err != nil {
		return err
	}
	ids := make([]int64, 0, len(changes))
	for _, c := range changes {
		if c.Article != nil {
			ids = append(ids, c.ID)
		}
	}
	seen, err := f.Store.AlertSeen(ctx, ids)
	if err != nil {
		return err
	}
	var todo []int64
	for _, id := range ids {
		if !seen[id] {
			todo = append(todo, id)
		}
	}
	var ms []newsdesk.AlertMatch
	if len(todo) > 0 && len(f.alerts) > 0 {
		tags, err := f.Store.ArticleTags(ctx, todo)
		if err != nil {
			return err
		}
		now := time.Now
		if f.Now != nil {
			now = f.Now
		}
		for _, c := range changes {
			if c.Article == nil || seen[c.ID] {
				continue
			}
			for _, id := range f.matcher.Match(c.Article, tags[c.ID]) {
				a, ok := f.alerts[id]
				if !ok || a.Paused || c.Article.Stored.Before(a.Created) {
					continue
				}
				tg := tags[c.ID]
				ms = append(ms, newsdesk.AlertMatch{AlertID: id, ArticleID: c.ID, Matched: now().UTC(),
					Story: newsdesk.NullID(tg.Story), CopyOf: newsdesk.NullID(tg.CopyOf)})
			}
		}
	}
	_, err = f.Store.SaveMatches(ctx, after, changes[len(changes)-1].Seq, todo, ms)
	return err
}

// load reads the alerts and compiles them again when they changed.
func (f *Follower) load(ctx context.Context) error {
	as, err := f.Store.Alerts(ctx)
	if err != nil {
		return err
	}
	// The alerts change when one is added, removed or updated.
	v := strconv.AppendInt(nil, int64(len(as)), 10)
	for _, a := range as {
		v = strconv.AppendInt(append(v, '/'), a.ID, 10)
		v = strconv.AppendInt(append(v, ':'), a.Updated.UnixNano(), 10)
	}
	version := string(v)
	if version == f.version && f.matcher != nil {
		return nil
	}
	m, err := f.Compile(as)
	if err != nil {
		return err
	}
	f.alerts = make(map[int64]newsdesk.Alert, len(as))
	for _, a := range as {
		f.alerts[a.ID] = a
	}
	f.matcher, f.version = m, version
	return nil
}
