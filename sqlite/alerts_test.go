package sqlite

import (
	"context"
	"errors"
	"testing"
	"time"

	"newsdesk"
)

// Matches go to the outbox with a delivery per channel; the options of
// an alert let a match through or not as the matches before decide; a
// revision is not matched again; deliveries are retried and
// redelivered by hand.
func TestAlertOutbox(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var ids []int64
	for _, u := range []string{"https://a.example/1", "https://b.example/1", "https://c.example/1"} {
		id, _, err := s.SaveArticle(ctx, page(u, u), article(u, "", body(u)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// Articles 2 and 3 are copies of 1, all in story 1.
	b := newsdesk.ConnectBatch{Connections: []newsdesk.Connection{
		{ArticleID: ids[0], Hash: "h", Signature: []byte{1}, Story: ids[0]},
		{ArticleID: ids[1], Hash: "h", Signature: []byte{1}, CopyOf: ids[0], Story: ids[0]},
		{ArticleID: ids[2], Hash: "h", Signature: []byte{1}, CopyOf: ids[0], Story: ids[0]},
	}}
	if ok, err := s.SaveConnections(ctx, 0, 1, b); err != nil || !ok {
		t.Fatal(ok, err)
	}
	all := &newsdesk.Alert{Name: "all", Query: "story", Webhook: "https://hooks.example/x", Email: "a@example.org", Digest: "daily"}
	collapsed := &newsdesk.Alert{Name: "collapsed", Query: "story", Collapse: true}
	stories := &newsdesk.Alert{Name: "stories", Query: "story", MinOutlets: 3}
	for _, a := range []*newsdesk.Alert{all, collapsed, stories} {
		if err := s.AddAlert(ctx, a); err != nil {
			t.Fatal(err)
		}
		if a.ID == 0 || a.Token == "" || a.Secret == "" {
			t.Fatalf("added alert %+v", a)
		}
	}
	now := time.Now().UTC()
	var ms []newsdesk.AlertMatch
	for i, id := range ids {
		copyOf := newsdesk.NullID(0)
		if i > 0 {
			copyOf = newsdesk.NullID(ids[0])
		}
		for _, a := range []*newsdesk.Alert{all, collapsed, stories} {
			ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Matched: now, Story: newsdesk.NullID(ids[0]), CopyOf: copyOf})
		}
	}
	if ok, err := s.SaveMatches(ctx, 0, 5, ids, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	count := func(a *newsdesk.Alert) int {
		ml, err := s.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		return ml.Total
	}
	// stories: the story reached 3 outlets with the third article only.
	if n, c, st := count(all), count(collapsed), count(stories); n != 3 || c != 1 || st != 1 {
		t.Errorf("matches: all %d, collapsed %d, stories %d; want 3, 1, 1", n, c, st)
	}
	if ok, _ := s.SaveMatches(ctx, 0, 5, nil, ms); ok {
		t.Error("a batch at the position was saved again")
	}
	seen, err := s.AlertSeen(ctx, ids)
	if err != nil || len(seen) != 3 {
		t.Errorf("seen %v, %v", seen, err)
	}

	due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, now.Add(time.Second), 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("due webhooks: %d, %v; want 3", len(due), err)
	}
	d := due[0]
	if d.Key != (newsdesk.AlertMatch{AlertID: all.ID, ArticleID: ids[0]}).Key() {
		t.Errorf("key %q", d.Key)
	}
	d.State, d.Attempts, d.LastStatus, d.LastError = newsdesk.DeliveryDead, 8, 500, "server error"
	if err := s.SaveDelivery(ctx, &d); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, now.Add(time.Second), 10); len(due) != 2 {
		t.Errorf("due after one died: %d, want 2", len(due))
	}
	if n, err := s.Redeliver(ctx, all.ID, 0); err != nil || n != 1 {
		t.Errorf("redeliver = %d, %v; want 1", n, err)
	}
	// Paused: nothing due; the email channel removed: its deliveries
	// are cancelled.
	all.Paused, all.Email = true, ""
	if err := s.UpdateAlert(ctx, all); err != nil {
		t.Fatal(err)
	}
	if due, _ := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, time.Now().Add(time.Minute), 10); len(due) != 0 {
		t.Errorf("due of a paused alert: %d", len(due))
	}
	dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: all.ID, State: newsdesk.DeliveryCancelled})
	if err != nil || dl.Total != 3 {
		t.Errorf("cancelled email deliveries: %+v, %v; want 3", dl, err)
	}
	// Paging and read state.
	p1, err := s.Matches(ctx, newsdesk.MatchFilter{AlertID: all.ID, Limit: 2})
	if err != nil || len(p1.Matches) != 2 || p1.NextCursor == "" {
		t.Fatalf("page 1: %+v, %v", p1, err)
	}
	p2, err := s.Matches(ctx, newsdesk.MatchFilter{AlertID: all.ID, Limit: 2, Cursor: p1.NextCursor})
	if err != nil || len(p2.Matches) != 1 || p2.Matches[0].ID >= p1.Matches[1].ID {
		t.Errorf("page 2: %+v, %v", p2, err)
	}
	if _, err := s.Matches(ctx, newsdesk.MatchFilter{Cursor: "x"}); !errors.Is(err, newsdesk.ErrBadCursor) {
		t.Errorf("bad cursor: %v", err)
	}
	if err := s.MarkRead(ctx, all.ID, []int64{p1.Matches[0].ID}); err != nil {
		t.Fatal(err)
	}
	if u, _ := s.Matches(ctx, newsdesk.MatchFilter{AlertID: all.ID, Unread: true}); u.Total != 2 {
		t.Errorf("unread %d, want 2", u.Total)
	}
	if err := s.RemoveAlert(ctx, all.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Alert(ctx, all.ID); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("removed alert: %v", err)
	}
}
