package connect

import (
	"context"
	"fmt"
	"time"

	"newsdesk"
)

// BatchSize is the batch of changes the connect follower is best given
// (follow.Options.BatchSize).
const BatchSize = 256

// Follower keeps the copy groups and stories of a store up to date with
// its change log (see newsdesk.Follower): each article is connected once,
// when it is first written — a later revision keeps its copy group and
// story — and the decisions are saved with the follower's position in
// one transaction.
//
// It keeps Copies and Stories in memory and builds them from the store
// when it first applies changes, and again after any failure: the copy
// signatures of every connected article, and the texts of those
// published within StoryOptions.Window of the latest, for the stories
// still open. Run one Follower per store: a second one writing at the
// same time is noticed — the batch it decided was saved by the other, or
// the position it is given is not the one its state reflects, as when
// another process connected articles since — and answered by
// rebuilding.
//
// The entities and figures of an article come from the analysis the
// store holds for it, so the follower is best run behind the analysis
// (follow.Behind).
type Follower struct {
	Store newsdesk.ConnectStore
	// Copies and Stories tune the detection; the zero values mean the
	// defaults.
	Copies  CopyOptions
	Stories StoryOptions

	copies  *Copies
	stories *Stories
	// at is the position copies and stories reflect.
	at int64
}

var _ newsdesk.Follower = (*Follower)(nil)

// Position returns the change log seq the connections follow.
func (f *Follower) Position(ctx context.Context) (int64, error) {
	return f.Store.ConnectPosition(ctx)
}

// Apply connects the articles of changes that are not connected yet and
// saves the decisions; an article that is gone leaves its story.
func (f *Follower) Apply(ctx context.Context, after int64, changes []newsdesk.Change) (err error) {
	if len(changes) == 0 {
		return nil
	}
	if f.copies != nil && after != f.at {
		// Another follower moved the position: what it decided is not
		// in this one's state.
		f.copies, f.stories = nil, nil
	}
	if f.copies == nil {
		if err := f.load(ctx); err != nil {
			return err
		}
		// The state is the store's as of now: should another follower
		// have saved past after meanwhile, saving fails below and the
		// state is built again.
		f.at = after
	}
	// Whatever fails leaves the state in memory ahead of the store:
	// build it again next time.
	defer func() {
		if err != nil {
			f.copies, f.stories = nil, nil
		}
	}()
	ids := make([]int64, len(changes))
	for i, c := range changes {
		ids[i] = c.ID
	}
	done, err := f.Store.ConnectedHashes(ctx, ids)
	if err != nil {
		return err
	}
	var todo []int64
	for _, c := range changes {
		if _, ok := done[c.ID]; !ok && c.Article != nil {
			todo = append(todo, c.ID)
		}
	}
	inputs, err := f.Store.ConnectInputs(ctx, todo)
	if err != nil {
		return err
	}
	var b newsdesk.ConnectBatch
	for _, c := range changes {
		if c.Article == nil {
			b.Gone = append(b.Gone, c.ID)
			continue
		}
		if _, ok := done[c.ID]; ok {
			continue
		}
		d := docOf(c.Article, inputs[c.ID])
		if _, ok := f.copies.Original(c.ID); ok {
			// Decided by an earlier attempt that was not saved.
			return fmt.Errorf("article %d is connected in memory but not in the store", c.ID)
		}
		sig := f.copies.Sign(d.Text)
		cd := f.copies.AddSigned(d.ID, d.Published, d.Stored, sig)
		sd := f.stories.Add(d)
		raw, err := sig.MarshalBinary()
		if err != nil {
			return err
		}
		b.Connections = append(b.Connections, newsdesk.Connection{
			ArticleID: c.ID, Hash: c.Article.Hash, Signature: raw, CopyOf: cd.CopyOf, Story: sd.Story})
		for _, ch := range cd.Changes {
			b.Originals = append(b.Originals, newsdesk.OriginalChange{From: ch.From, To: ch.To})
		}
		for _, m := range sd.Merges {
			b.Merges = append(b.Merges, newsdesk.StoryMerge{From: m.From, Into: m.Into})
		}
	}
	saved, err := f.Store.SaveConnections(ctx, after, changes[len(changes)-1].Seq, b)
	if err != nil {
		return err
	}
	if !saved {
		// Another follower connected these changes: what this one
		// decided is not the store's. Build the state again.
		f.copies, f.stories = nil, nil
		return nil
	}
	f.at = changes[len(changes)-1].Seq
	return nil
}

// load builds Copies and Stories from the store.
func (f *Follower) load(ctx context.Context) error {
	copies, stories := NewCopies(f.Copies), NewStories(f.Stories)
	latest, err := f.Store.LatestConnected(ctx)
	if err != nil {
		return err
	}
	// The stories an article published from now on can join are those
	// with an article within Window of it; older ones are not built
	// again (an article published days late may start a story of its
	// own instead of joining one idle since).
	since := latest.Add(-stories.opt.Window)
	var open []newsdesk.ConnectedArticle
	err = f.Store.ConnectedArticles(ctx, since, func(a *newsdesk.ConnectedArticle) error {
		// A malformed signature loads as none: the article keeps its
		// group but is not matched again.
		var sig Signature
		_ = sig.UnmarshalBinary(a.Signature)
		copies.Load(a.ID, a.Published, a.Stored, sig, a.CopyOf)
		if a.Text != "" || a.Title != "" {
			open = append(open, *a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for start := 0; start < len(open); start += BatchSize {
		part := open[start:min(len(open), start+BatchSize)]
		ids := make([]int64, len(part))
		for i := range part {
			ids[i] = part[i].ID
		}
		inputs, err := f.Store.ConnectInputs(ctx, ids)
		if err != nil {
			return err
		}
		for i := range part {
			a := &part[i]
			in := inputs[a.ID]
			stories.Restore(Doc{ID: a.ID, Title: a.Title, Text: a.Text, Lang: a.Lang, Site: a.Site,
				Published: a.Published, Stored: a.Stored, Entities: in.Entities, Figures: in.Figures}, a.Story)
			part[i] = newsdesk.ConnectedArticle{} // the text is no longer needed
		}
	}
	f.copies, f.stories = copies, stories
	return nil
}

// docOf is a stored article as connect sees it.
func docOf(a *newsdesk.StoredArticle, in newsdesk.ConnectInput) Doc {
	stored := a.Stored
	if stored.IsZero() {
		stored = time.Now()
	}
	return Doc{ID: a.ID, Title: a.Title, Text: a.Text(), Lang: a.Language, Site: a.SiteName,
		Published: a.Published, Stored: stored, Entities: in.Entities, Figures: in.Figures}
}
