package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"newsdesk"
)

// AlertStore is a store with alerts (newsdesk.AlertStore), the part of
// newsdesk.Store RunAlerts checks, with the core it needs.
type AlertStore interface {
	Store
	newsdesk.AlertStore
}

// AlertOpener returns a new, empty store for test t, and again, which
// opens another Store value on the same database, as a second process
// would. Every store is closed when t ends.
type AlertOpener func(t *testing.T) (s AlertStore, again func() AlertStore)

// connector is the part of newsdesk.ConnectStore the alert cases use to
// put articles in stories, where a store has it.
type connector interface {
	SaveConnections(ctx context.Context, after, last int64, b newsdesk.ConnectBatch) (bool, error)
}

// RunAlerts runs the contract suite of newsdesk.AlertStore against the
// stores open makes, each case in a parallel subtest with a store of its
// own. The case of the MinOutlets option needs connections
// (newsdesk.ConnectStore) and is skipped for a store without.
func RunAlerts(t *testing.T, open AlertOpener) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, AlertOpener)
	}{
		{"Alerts", testAlerts},
		{"Outbox", testAlertOutbox},
		{"Position", testAlertPosition},
		{"Options", testAlertOptions},
		{"OptionsChanged", testAlertOptionsChanged},
		{"MinOutlets", testAlertMinOutlets},
		{"MatchList", testAlertMatchList},
		{"Deliveries", testAlertDeliveries},
		{"Redeliver", testAlertRedeliver},
		{"FollowersTwoStores", testAlertFollowersTwoStores},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

func openAlerts(t *testing.T, open AlertOpener) AlertStore {
	s, _ := open(t)
	return s
}

// addAlerts adds the alerts, failing t on an error.
func addAlerts(t *testing.T, s AlertStore, as ...*newsdesk.Alert) {
	t.Helper()
	for _, a := range as {
		if err := s.AddAlert(context.Background(), a); err != nil {
			t.Fatalf("AddAlert(%s): %v", a.Name, err)
		}
	}
}

// matchedArticles returns the articles matched for alert a, oldest
// match first.
func matchedArticles(t *testing.T, s AlertStore, a *newsdesk.Alert) []int64 {
	t.Helper()
	out := []int64{}
	ml, err := s.Matches(context.Background(), newsdesk.MatchFilter{AlertID: a.ID, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range slices.Backward(ml.Matches) {
		out = append(out, m.ArticleID)
	}
	return out
}

// Adding sets an alert's ID, times, feed token and webhook secret; an
// alert reads back as saved; updating replaces the settings; removing
// takes it away; a missing alert is ErrNotFound.
func testAlerts(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	if as, err := s.Alerts(ctx); err != nil || as == nil || len(as) != 0 {
		t.Fatalf("Alerts of an empty store = %#v, %v; want an empty list", as, err)
	}
	before := time.Now().Add(-time.Second)
	a := &newsdesk.Alert{Name: "harbour", Query: `harbour -museum lang:en`, Stories: true, MinOutlets: 2, Collapse: true,
		Period: 90 * time.Minute, Webhook: "https://hooks.example/h", Email: "desk@example.org", Digest: newsdesk.DigestDaily}
	b := &newsdesk.Alert{Name: "given", Query: "council", Token: "tok-given", Secret: "sec-given", Paused: true}
	addAlerts(t, s, a, b)
	if a.ID == 0 || b.ID <= a.ID {
		t.Errorf("ids %d, %d", a.ID, b.ID)
	}
	if a.Token == "" || a.Secret == "" || a.Token == b.Token || a.Created.Before(before) || !a.Updated.Equal(a.Created) {
		t.Errorf("added %+v", a)
	}
	if b.Token != "tok-given" || b.Secret != "sec-given" {
		t.Errorf("given token and secret replaced: %q, %q", b.Token, b.Secret)
	}
	same := func(got, want *newsdesk.Alert) {
		t.Helper()
		g, w := *got, *want
		if !sameTime(g.Created, w.Created) || !sameTime(g.Updated, w.Updated) {
			t.Errorf("alert %d times %v, %v; want %v, %v", w.ID, g.Created, g.Updated, w.Created, w.Updated)
		}
		g.Created, g.Updated, w.Created, w.Updated = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if g != w {
			t.Errorf("alert reads back as\n%+v\nwant\n%+v", g, w)
		}
	}
	got, err := s.Alert(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	same(got, a)
	as, err := s.Alerts(ctx)
	if err != nil || len(as) != 2 || as[0].ID != a.ID || as[1].ID != b.ID {
		t.Fatalf("Alerts = %+v, %v", as, err)
	}
	same(&as[1], b)

	time.Sleep(2 * time.Millisecond)
	up := *a
	up.Name, up.Query, up.Stories, up.MinOutlets, up.Collapse, up.Period = "port", "port", false, 0, false, 0
	up.Webhook, up.Email, up.Digest, up.Paused = "", "", "", true
	up.Token, up.Created = "ignored", time.Time{}
	if err := s.UpdateAlert(ctx, &up); err != nil {
		t.Fatal(err)
	}
	if !up.Updated.After(a.Updated) {
		t.Errorf("updated %v, not after %v", up.Updated, a.Updated)
	}
	want := up
	want.Token, want.Created = a.Token, a.Created
	if got, err := s.Alert(ctx, a.ID); err != nil {
		t.Fatal(err)
	} else {
		same(got, &want)
	}

	missing := &newsdesk.Alert{ID: b.ID + 100, Name: "x", Query: "x"}
	if err := s.UpdateAlert(ctx, missing); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("UpdateAlert of a missing alert: %v", err)
	}
	if err := s.RemoveAlert(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Alert(ctx, a.ID); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Alert of a removed alert: %v", err)
	}
	if err := s.RemoveAlert(ctx, a.ID); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("RemoveAlert again: %v", err)
	}
	if as, err := s.Alerts(ctx); err != nil || len(as) != 1 || as[0].ID != b.ID {
		t.Errorf("Alerts after a removal = %+v, %v", as, err)
	}
}

// Matches go to the outbox with a pending delivery per channel, due at
// the match's time; a match of an alert with options (here Collapse)
// is let through as the matches before decide; a batch at the position
// is not saved again; deliveries are retried, and redelivered by hand
// when dead; a paused alert has nothing due; removing a channel cancels
// its deliveries; removing the alert takes its matches and deliveries.
func testAlertOutbox(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	all := &newsdesk.Alert{Name: "all", Query: "story", Webhook: "https://hooks.example/x", Email: "a@example.org", Digest: "daily"}
	collapsed := &newsdesk.Alert{Name: "collapsed", Query: "story", Collapse: true}
	addAlerts(t, s, all, collapsed)
	// Articles 11 and 12 are copies of 10, all in story 10.
	ids := []int64{10, 11, 12}
	now := time.Now().UTC()
	var ms []newsdesk.AlertMatch
	for i, id := range ids {
		copyOf := newsdesk.NullID(0)
		if i > 0 {
			copyOf = newsdesk.NullID(ids[0])
		}
		for _, a := range []*newsdesk.Alert{all, collapsed} {
			ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Matched: now.Add(time.Duration(i) * time.Millisecond),
				Story: newsdesk.NullID(ids[0]), CopyOf: copyOf})
		}
	}
	if ok, err := s.SaveMatches(ctx, 0, 5, ids, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got := matchedArticles(t, s, all); !slices.Equal(got, ids) {
		t.Errorf("all matched %v, want %v", got, ids)
	}
	if got := matchedArticles(t, s, collapsed); !slices.Equal(got, ids[:1]) {
		t.Errorf("collapsed matched %v, want %v", got, ids[:1])
	}
	if ok, err := s.SaveMatches(ctx, 0, 5, nil, ms); err != nil || ok {
		t.Errorf("a batch at the position saved again: %v, %v", ok, err)
	}
	ml, err := s.Matches(ctx, newsdesk.MatchFilter{AlertID: all.ID})
	if err != nil || ml.Total != 3 {
		t.Fatalf("matches %+v, %v", ml, err)
	}
	if m := ml.Matches[2]; m.ArticleID != 10 || m.AlertID != all.ID || m.Story != 10 || m.Read || !sameTime(m.Matched, now) {
		t.Errorf("oldest match %+v", m)
	}

	// A delivery per channel of the alert, due at the match's time.
	dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: all.ID, Limit: 100})
	if err != nil || dl.Total != 6 || len(dl.Deliveries) != 6 {
		t.Fatalf("deliveries of all: %+v, %v; want 6", dl, err)
	}
	if dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: collapsed.ID}); err != nil || dl.Total != 0 {
		t.Errorf("deliveries of an alert without channels: %+v, %v", dl, err)
	}
	oldest := dl.Deliveries[5]
	if oldest.Channel != newsdesk.ChannelWebhook || oldest.State != newsdesk.DeliveryPending || oldest.Attempts != 0 ||
		oldest.AlertID != all.ID || oldest.Key != (newsdesk.AlertMatch{AlertID: all.ID, ArticleID: 10}).Key() ||
		!sameTime(oldest.NextAttempt, now) || !oldest.Delivered.IsZero() || oldest.MatchID != ml.Matches[2].ID {
		t.Errorf("oldest delivery %+v", oldest)
	}
	if e := dl.Deliveries[4]; e.Channel != newsdesk.ChannelEmail || e.MatchID != oldest.MatchID {
		t.Errorf("second delivery %+v, want the email of the same match", e)
	}

	due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, now.Add(time.Second), 10)
	if err != nil || len(due) != 3 {
		t.Fatalf("due webhooks: %d, %v; want 3", len(due), err)
	}
	for i, d := range due {
		if d.Channel != newsdesk.ChannelWebhook || d.Key != (newsdesk.AlertMatch{AlertID: all.ID, ArticleID: ids[i]}).Key() {
			t.Errorf("due #%d: %+v", i, d)
		}
	}
	// The first dies, the others fail and are to be tried again at once.
	d := due[0]
	d.State, d.Attempts, d.LastStatus, d.LastError = newsdesk.DeliveryDead, 8, 500, "server error"
	if err := s.SaveDelivery(ctx, &d); err != nil {
		t.Fatal(err)
	}
	for _, d := range due[1:] {
		d.Attempts, d.LastStatus, d.LastError, d.NextAttempt = 1, 503, "unavailable", now
		if err := s.SaveDelivery(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	due2, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, now.Add(time.Second), 10)
	if err != nil || len(due2) != 2 || due2[0].ID != due[1].ID || due2[0].Attempts != 1 || due2[0].LastError != "unavailable" {
		t.Fatalf("due after one died: %+v, %v; want the other two", due2, err)
	}
	for _, d := range due2 {
		d.NextAttempt = now
		if err := s.SaveDelivery(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	if n, err := s.Redeliver(ctx, all.ID, 0); err != nil || n != 1 {
		t.Errorf("Redeliver = %d, %v; want 1", n, err)
	}
	if dead, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: all.ID, State: newsdesk.DeliveryDead}); err != nil || dead.Total != 0 {
		t.Errorf("dead after Redeliver: %+v, %v", dead, err)
	}

	// Paused: nothing due; the email channel removed: its deliveries
	// are cancelled.
	all.Paused, all.Email = true, ""
	if err := s.UpdateAlert(ctx, all); err != nil {
		t.Fatal(err)
	}
	if due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, time.Now().Add(time.Minute), 10); err != nil || len(due) != 0 {
		t.Errorf("due of a paused alert: %d, %v", len(due), err)
	}
	if due, err := s.DueDeliveries(ctx, newsdesk.ChannelEmail, time.Now().Add(time.Minute), 10); err != nil || len(due) != 0 {
		t.Errorf("due emails of a paused alert: %d, %v", len(due), err)
	}
	cancelled, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: all.ID, State: newsdesk.DeliveryCancelled})
	if err != nil || cancelled.Total != 3 {
		t.Errorf("cancelled email deliveries: %+v, %v; want 3", cancelled, err)
	}
	for _, d := range cancelled.Deliveries {
		if d.Channel != newsdesk.ChannelEmail {
			t.Errorf("cancelled %+v", d)
		}
	}
	all.Paused = false
	if err := s.UpdateAlert(ctx, all); err != nil {
		t.Fatal(err)
	}
	if due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, time.Now().Add(time.Minute), 10); err != nil || len(due) != 3 {
		t.Errorf("due webhooks once resumed: %d, %v; want 3", len(due), err)
	}
	if due, err := s.DueDeliveries(ctx, newsdesk.ChannelEmail, time.Now().Add(time.Minute), 10); err != nil || len(due) != 0 {
		t.Errorf("due emails once cancelled: %d, %v", len(due), err)
	}

	if err := s.RemoveAlert(ctx, all.ID); err != nil {
		t.Fatal(err)
	}
	if ml, err := s.Matches(ctx, newsdesk.MatchFilter{}); err != nil || ml.Total != 1 || ml.Matches[0].AlertID != collapsed.ID {
		t.Errorf("matches after the removal: %+v, %v", ml, err)
	}
	if dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{}); err != nil || dl.Total != 0 {
		t.Errorf("deliveries after the removal: %+v, %v", dl, err)
	}
}

// The position moves with each batch saved; a batch not after the
// position, or not from it, saves nothing; the articles of a batch are
// seen (even those without a match); an (alert, article) pair is matched
// once; matches of an alert removed meanwhile are dropped.
func testAlertPosition(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	if pos, err := s.AlertPosition(ctx); err != nil || pos != 0 {
		t.Fatalf("position of a new store: %d, %v", pos, err)
	}
	a := &newsdesk.Alert{Name: "a", Query: "a", Webhook: "https://hooks.example/a"}
	addAlerts(t, s, a)
	now := time.Now()
	m := func(article int64) newsdesk.AlertMatch {
		return newsdesk.AlertMatch{AlertID: a.ID, ArticleID: article, Matched: now}
	}
	for _, c := range []struct {
		after, last int64
		articles    []int64
		ms          []newsdesk.AlertMatch
		saved       bool
		pos         int64
	}{
		{0, 4, []int64{1, 2, 3}, []newsdesk.AlertMatch{m(1), m(2), m(2)}, true, 4},
		{0, 6, []int64{4}, []newsdesk.AlertMatch{m(4)}, false, 4}, // not from the position
		{4, 4, []int64{4}, []newsdesk.AlertMatch{m(4)}, false, 4}, // not after it
		{4, 3, []int64{4}, []newsdesk.AlertMatch{m(4)}, false, 4},
		{4, 9, []int64{2, 5}, []newsdesk.AlertMatch{m(2), m(5)}, true, 9}, // 2 again: matched once
		{9, 10, nil, []newsdesk.AlertMatch{{AlertID: a.ID + 50, ArticleID: 6, Matched: now}}, true, 10},
		{10, 12, nil, nil, true, 12},
	} {
		ok, err := s.SaveMatches(ctx, c.after, c.last, c.articles, c.ms)
		if err != nil || ok != c.saved {
			t.Errorf("SaveMatches(%d, %d) = %v, %v; want %v", c.after, c.last, ok, err, c.saved)
		}
		if pos, err := s.AlertPosition(ctx); err != nil || pos != c.pos {
			t.Errorf("after SaveMatches(%d, %d): position %d, %v; want %d", c.after, c.last, pos, err, c.pos)
		}
	}
	if got := matchedArticles(t, s, a); !slices.Equal(got, []int64{1, 2, 5}) {
		t.Errorf("matched %v, want [1 2 5]", got)
	}
	if dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{}); err != nil || dl.Total != 3 {
		t.Errorf("deliveries: %+v, %v; want 3", dl, err)
	}
	seen, err := s.AlertSeen(ctx, []int64{1, 2, 3, 4, 5, 6, 7})
	if want := map[int64]bool{1: true, 2: true, 3: true, 5: true}; err != nil || fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("AlertSeen = %v, %v; want %v", seen, err, want)
	}
	if seen, err := s.AlertSeen(ctx, nil); err != nil || seen == nil || len(seen) != 0 {
		t.Errorf("AlertSeen(nil) = %#v, %v", seen, err)
	}
}

// The options let a match through as the matches before decide, those
// of earlier batches and those before it in its own: Stories only the
// article that began a story, Collapse one article of a copy group
// (whichever came first), Period one match of a story per period.
func testAlertOptions(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	stories := &newsdesk.Alert{Name: "stories", Query: "q", Stories: true, Webhook: "https://hooks.example/s"}
	collapse := &newsdesk.Alert{Name: "collapse", Query: "q", Collapse: true}
	period := &newsdesk.Alert{Name: "period", Query: "q", Period: time.Hour}
	both := &newsdesk.Alert{Name: "both", Query: "q", Stories: true, Collapse: true}
	addAlerts(t, s, stories, collapse, period, both)
	t0 := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	type art struct {
		id, story, copyOf int64
		at                time.Duration
	}
	batches := [][]art{
		{
			{1, 1, 0, 0},                // begins story 1
			{2, 1, 1, 10 * time.Minute}, // a copy of 1 in story 1
			{3, 1, 0, 30 * time.Minute}, // story 1 again
			{4, 0, 0, 40 * time.Minute}, // in no story
			{6, 6, 5, 50 * time.Minute}, // a copy of 5 (not matched yet) beginning story 6
		},
		{
			{5, 5, 0, 65 * time.Minute},  // the original of 6, after it
			{7, 1, 0, 61 * time.Minute},  // story 1, an hour after article 1
			{8, 1, 0, 100 * time.Minute}, // story 1, 39 minutes after 7
			{9, 9, 1, 3 * time.Hour},     // a copy of 1 beginning story 9
		},
	}
	want := map[*newsdesk.Alert][]int64{
		stories:  {1, 6, 5, 9},
		collapse: {1, 3, 4, 6, 7, 8},
		period:   {1, 4, 6, 5, 7, 9},
		both:     {1, 6},
	}
	var pos int64
	for _, b := range batches {
		var ms []newsdesk.AlertMatch
		var ids []int64
		for _, x := range b {
			ids = append(ids, x.id)
			for _, a := range []*newsdesk.Alert{stories, collapse, period, both} {
				ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: x.id, Story: newsdesk.NullID(x.story),
					CopyOf: newsdesk.NullID(x.copyOf), Matched: t0.Add(x.at)})
			}
		}
		if ok, err := s.SaveMatches(ctx, pos, pos+int64(len(b)), ids, ms); err != nil || !ok {
			t.Fatal(ok, err)
		}
		pos += int64(len(b))
	}
	for a, w := range want {
		if got := matchedArticles(t, s, a); !slices.Equal(got, w) {
			t.Errorf("%s matched %v, want %v", a.Name, got, w)
		}
	}
	if dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: stories.ID}); err != nil || dl.Total != 4 {
		t.Errorf("deliveries of stories: %+v, %v; want 4", dl, err)
	}
}

// The options are judged by the matches made while the alert had
// options: those it made without do not hold a later match back.
func testAlertOptionsChanged(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	a := &newsdesk.Alert{Name: "a", Query: "q"}
	addAlerts(t, s, a)
	now := time.Now()
	m := func(id, story, copyOf int64) newsdesk.AlertMatch {
		return newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Story: newsdesk.NullID(story), CopyOf: newsdesk.NullID(copyOf), Matched: now}
	}
	if ok, err := s.SaveMatches(ctx, 0, 1, []int64{1}, []newsdesk.AlertMatch{m(1, 1, 0)}); err != nil || !ok {
		t.Fatal(ok, err)
	}
	a.Collapse, a.Period = true, time.Hour
	if err := s.UpdateAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	ms := []newsdesk.AlertMatch{m(2, 1, 1), m(3, 1, 1), m(4, 4, 0)}
	if ok, err := s.SaveMatches(ctx, 1, 2, []int64{2, 3, 4}, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got := matchedArticles(t, s, a); !slices.Equal(got, []int64{1, 2, 4}) {
		t.Errorf("matched %v, want [1 2 4]", got)
	}
}

// MinOutlets lets a story through once, when its articles come from at
// least that many outlets (as the connections counted them).
func testAlertMinOutlets(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	cs, ok := s.(connector)
	if !ok {
		t.Skip("the store keeps no connections")
	}
	var ids []int64
	for _, u := range []string{"https://a.example/1", "https://b.example/1", "https://c.example/1"} {
		id, _, err := s.SaveArticle(ctx, page(u, u), article(u, "", body(u)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	// Articles 2 and 3 are copies of 1, all in story 1, of three outlets.
	b := newsdesk.ConnectBatch{Connections: []newsdesk.Connection{
		{ArticleID: ids[0], Hash: "h", Signature: []byte{1}, Story: ids[0]},
		{ArticleID: ids[1], Hash: "h", Signature: []byte{1}, CopyOf: ids[0], Story: ids[0]},
		{ArticleID: ids[2], Hash: "h", Signature: []byte{1}, CopyOf: ids[0], Story: ids[0]},
	}}
	if ok, err := cs.SaveConnections(ctx, 0, 1, b); err != nil || !ok {
		t.Fatal(ok, err)
	}
	three := &newsdesk.Alert{Name: "three", Query: "story", MinOutlets: 3}
	four := &newsdesk.Alert{Name: "four", Query: "story", MinOutlets: 4}
	addAlerts(t, s, three, four)
	var ms []newsdesk.AlertMatch
	for i, id := range ids {
		copyOf := newsdesk.NullID(0)
		if i > 0 {
			copyOf = newsdesk.NullID(ids[0])
		}
		for _, a := range []*newsdesk.Alert{three, four} {
			ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Matched: time.Now(), Story: newsdesk.NullID(ids[0]), CopyOf: copyOf})
		}
	}
	if ok, err := s.SaveMatches(ctx, 0, 5, ids, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	if got := matchedArticles(t, s, three); !slices.Equal(got, ids[:1]) {
		t.Errorf("three matched %v, want %v (once, the story has three outlets)", got, ids[:1])
	}
	if got := matchedArticles(t, s, four); len(got) != 0 {
		t.Errorf("four matched %v, want none", got)
	}
}

// Matches are listed newest first, by alert or all, a page at a time;
// MarkRead marks the given matches of an alert read, or all of them.
func testAlertMatchList(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	a := &newsdesk.Alert{Name: "a", Query: "a"}
	b := &newsdesk.Alert{Name: "b", Query: "b"}
	addAlerts(t, s, a, b)
	now := time.Now()
	var ms []newsdesk.AlertMatch
	for id := int64(1); id <= 5; id++ {
		ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Matched: now})
	}
	ms = append(ms, newsdesk.AlertMatch{AlertID: b.ID, ArticleID: 1, Matched: now})
	if ok, err := s.SaveMatches(ctx, 0, 5, nil, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	var got []int64
	cursor := ""
	for range 10 {
		ml, err := s.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if ml.Total != 5 || len(ml.Matches) > 2 {
			t.Errorf("page: total %d, %d matches", ml.Total, len(ml.Matches))
		}
		for _, m := range ml.Matches {
			got = append(got, m.ArticleID)
		}
		if cursor = ml.NextCursor; cursor == "" {
			break
		}
	}
	if !slices.Equal(got, []int64{5, 4, 3, 2, 1}) {
		t.Errorf("paged matches %v, want [5 4 3 2 1]", got)
	}
	if ml, err := s.Matches(ctx, newsdesk.MatchFilter{}); err != nil || ml.Total != 6 || len(ml.Matches) != 6 ||
		ml.Matches[0].AlertID != b.ID || ml.NextCursor != "" {
		t.Errorf("every alert's matches: %+v, %v", ml, err)
	}
	if _, err := s.Matches(ctx, newsdesk.MatchFilter{Cursor: "x"}); !errors.Is(err, newsdesk.ErrBadCursor) {
		t.Errorf("bad cursor: %v", err)
	}
	first, err := s.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	// The ids of b's match are not a's: not marked.
	bm, _ := s.Matches(ctx, newsdesk.MatchFilter{AlertID: b.ID})
	if err := s.MarkRead(ctx, a.ID, []int64{first.Matches[0].ID, first.Matches[1].ID, bm.Matches[0].ID}); err != nil {
		t.Fatal(err)
	}
	u, err := s.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Unread: true, Limit: 10})
	if err != nil || u.Total != 3 || len(u.Matches) != 3 || u.Matches[0].ArticleID != 3 || u.Matches[0].Read {
		t.Errorf("unread of a: %+v, %v; want 3, 2, 1", u, err)
	}
	if r, _ := s.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Limit: 1}); len(r.Matches) != 1 || !r.Matches[0].Read {
		t.Errorf("newest match of a not read: %+v", r)
	}
	if u, err := s.Matches(ctx, newsdesk.MatchFilter{Unread: true}); err != nil || u.Total != 4 {
		t.Errorf("unread of every alert: %+v, %v; want 4", u, err)
	}
	if err := s.MarkRead(ctx, a.ID, nil); err != nil {
		t.Fatal(err)
	}
	if u, err := s.Matches(ctx, newsdesk.MatchFilter{Unread: true}); err != nil || u.Total != 1 || u.Matches[0].AlertID != b.ID {
		t.Errorf("unread after marking all of a: %+v, %v", u, err)
	}
}

// DueDeliveries gives the pending deliveries of a channel due by now,
// oldest first, up to the limit; an attempt saved reads back; a
// delivery that is no more cannot be saved; Deliveries lists by alert
// and state, newest first, a page at a time.
func testAlertDeliveries(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	a := &newsdesk.Alert{Name: "a", Query: "a", Webhook: "https://hooks.example/a", Email: "a@example.org"}
	b := &newsdesk.Alert{Name: "b", Query: "b", Webhook: "https://hooks.example/b"}
	addAlerts(t, s, a, b)
	t0 := time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)
	// Matched out of order: article 1 last.
	ms := []newsdesk.AlertMatch{
		{AlertID: a.ID, ArticleID: 1, Matched: t0.Add(3 * time.Minute)},
		{AlertID: a.ID, ArticleID: 2, Matched: t0.Add(time.Minute)},
		{AlertID: b.ID, ArticleID: 2, Matched: t0.Add(time.Minute)},
		{AlertID: a.ID, ArticleID: 3, Matched: t0.Add(2 * time.Minute)},
	}
	if ok, err := s.SaveMatches(ctx, 0, 3, []int64{1, 2, 3}, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	key := func(alert *newsdesk.Alert, article int64) string {
		return newsdesk.AlertMatch{AlertID: alert.ID, ArticleID: article}.Key()
	}
	keys := func(ds []newsdesk.Delivery) []string {
		var out []string
		for _, d := range ds {
			out = append(out, d.Key)
		}
		return out
	}
	if due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, t0.Add(90*time.Second), 10); err != nil ||
		!slices.Equal(keys(due), []string{key(a, 2), key(b, 2)}) {
		t.Errorf("webhooks due at 1m30s: %v, %v", keys(due), err)
	}
	if due, err := s.DueDeliveries(ctx, newsdesk.ChannelEmail, t0, 10); err != nil || len(due) != 0 {
		t.Errorf("emails due at 0: %v, %v", keys(due), err)
	}
	due, err := s.DueDeliveries(ctx, newsdesk.ChannelEmail, t0.Add(time.Hour), 2)
	if err != nil || !slices.Equal(keys(due), []string{key(a, 2), key(a, 3)}) {
		t.Fatalf("two emails due in an hour: %v, %v", keys(due), err)
	}
	// An attempt reads back as saved.
	d := due[0]
	d.State, d.Attempts, d.LastStatus, d.LastError = newsdesk.DeliveryDone, 1, 250, ""
	d.Delivered, d.NextAttempt = t0.Add(61*time.Minute), t0.Add(61*time.Minute)
	if err := s.SaveDelivery(ctx, &d); err != nil {
		t.Fatal(err)
	}
	e := due[1]
	e.Attempts, e.LastStatus, e.LastError, e.NextAttempt = 2, 451, "mailbox busy", t0.Add(2*time.Hour)
	if err := s.SaveDelivery(ctx, &e); err != nil {
		t.Fatal(err)
	}
	dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: a.ID, Limit: 100})
	if err != nil || dl.Total != 6 {
		t.Fatalf("deliveries of a: %+v, %v", dl, err)
	}
	for _, g := range dl.Deliveries {
		var w newsdesk.Delivery
		switch g.ID {
		case d.ID:
			w = d
		case e.ID:
			w = e
		default:
			continue
		}
		if !sameTime(g.NextAttempt, w.NextAttempt) || !sameTime(g.Delivered, w.Delivered) {
			t.Errorf("delivery %d times %v, %v; want %v, %v", g.ID, g.NextAttempt, g.Delivered, w.NextAttempt, w.Delivered)
		}
		g.NextAttempt, g.Delivered, w.NextAttempt, w.Delivered = time.Time{}, time.Time{}, time.Time{}, time.Time{}
		if g != w {
			t.Errorf("delivery reads back as\n%+v\nwant\n%+v", g, w)
		}
	}
	if due, err := s.DueDeliveries(ctx, newsdesk.ChannelEmail, t0.Add(time.Hour), 10); err != nil ||
		!slices.Equal(keys(due), []string{key(a, 1)}) {
		t.Errorf("emails due in an hour after the attempts: %v, %v", keys(due), err)
	}
	gone := d
	gone.ID = 1 << 40
	if err := s.SaveDelivery(ctx, &gone); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("SaveDelivery of a missing delivery: %v", err)
	}

	// Listing: by state, every alert's, a page at a time.
	if dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{State: newsdesk.DeliveryDone}); err != nil || dl.Total != 1 || dl.Deliveries[0].ID != d.ID {
		t.Errorf("delivered: %+v, %v", dl, err)
	}
	var ids []int64
	cursor := ""
	for range 10 {
		dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{State: newsdesk.DeliveryPending, Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if dl.Total != 6 {
			t.Errorf("pending total %d, want 6", dl.Total)
		}
		for _, d := range dl.Deliveries {
			ids = append(ids, d.ID)
		}
		if cursor = dl.NextCursor; cursor == "" {
			break
		}
	}
	if len(ids) != 6 || !slices.IsSortedFunc(ids, func(x, y int64) int { return int(y - x) }) {
		t.Errorf("paged pending deliveries %v, want six, newest first", ids)
	}
	if _, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{Cursor: "!"}); !errors.Is(err, newsdesk.ErrBadCursor) {
		t.Errorf("bad cursor: %v", err)
	}
}

// Redeliver makes the dead deliveries of an alert pending again, due
// now, with no attempts counted: all of them, or the one named; not
// those of another alert, nor those in another state.
func testAlertRedeliver(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s := openAlerts(t, open)
	a := &newsdesk.Alert{Name: "a", Query: "a", Webhook: "https://hooks.example/a"}
	b := &newsdesk.Alert{Name: "b", Query: "b", Webhook: "https://hooks.example/b"}
	addAlerts(t, s, a, b)
	t0 := time.Now().Add(-time.Hour)
	var ms []newsdesk.AlertMatch
	for id := int64(1); id <= 3; id++ {
		ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Matched: t0}, newsdesk.AlertMatch{AlertID: b.ID, ArticleID: id, Matched: t0})
	}
	if ok, err := s.SaveMatches(ctx, 0, 3, nil, ms); err != nil || !ok {
		t.Fatal(ok, err)
	}
	due, err := s.DueDeliveries(ctx, newsdesk.ChannelWebhook, time.Now(), 10)
	if err != nil || len(due) != 6 {
		t.Fatalf("due: %d, %v", len(due), err)
	}
	// a's first delivered, the others of a and b dead.
	var dead []int64
	for i, d := range due {
		d.Attempts, d.LastStatus = 8, 500
		d.State, d.LastError = newsdesk.DeliveryDead, "server error"
		if i == 0 {
			d.State, d.LastError, d.Delivered = newsdesk.DeliveryDone, "", time.Now()
		} else if d.AlertID == a.ID {
			dead = append(dead, d.ID)
		}
		if err := s.SaveDelivery(ctx, &d); err != nil {
			t.Fatal(err)
		}
	}
	if len(dead) != 2 {
		t.Fatalf("dead of a %v", dead)
	}
	if n, err := s.Redeliver(ctx, b.ID, dead[0]); err != nil || n != 0 {
		t.Errorf("Redeliver of a's delivery as b's = %d, %v", n, err)
	}
	if n, err := s.Redeliver(ctx, a.ID, dead[0]); err != nil || n != 1 {
		t.Errorf("Redeliver of one = %d, %v", n, err)
	}
	if n, err := s.Redeliver(ctx, a.ID, 0); err != nil || n != 1 {
		t.Errorf("Redeliver of the rest = %d, %v; want 1", n, err)
	}
	due, err = s.DueDeliveries(ctx, newsdesk.ChannelWebhook, time.Now().Add(time.Second), 10)
	if err != nil || len(due) != 2 {
		t.Fatalf("due after Redeliver: %+v, %v; want a's two", due, err)
	}
	for _, d := range due {
		if d.AlertID != a.ID || d.Attempts != 0 || d.State != newsdesk.DeliveryPending || d.LastError != "server error" ||
			time.Since(d.NextAttempt) > time.Minute {
			t.Errorf("redelivered %+v", d)
		}
	}
	if dl, err := s.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: b.ID, State: newsdesk.DeliveryDead}); err != nil || dl.Total != 3 {
		t.Errorf("dead of b: %+v, %v; want 3", dl, err)
	}
}

// Followers in two processes (two Store values on one database) that
// save the same batches at once: for each batch one saves and the other
// does not, and every match is made once, with its deliveries once.
func testAlertFollowersTwoStores(t *testing.T, open AlertOpener) {
	ctx := context.Background()
	s1, again := open(t)
	s2 := again()
	var alerts []*newsdesk.Alert
	for i := range 4 {
		a := &newsdesk.Alert{Name: fmt.Sprint(i), Query: "q", Webhook: "https://hooks.example/" + fmt.Sprint(i), Collapse: i%2 == 1}
		addAlerts(t, s1, a)
		alerts = append(alerts, a)
	}
	const batches, per = 12, 8
	now := time.Now()
	batch := func(n int) ([]int64, []newsdesk.AlertMatch) {
		var ids []int64
		var ms []newsdesk.AlertMatch
		for j := range per {
			id := int64(n*per + j + 1)
			ids = append(ids, id)
			for _, a := range alerts {
				// Pairs of articles are copies: the collapsing alerts
				// take the first of each.
				copyOf := newsdesk.NullID(0)
				if id%2 == 0 {
					copyOf = newsdesk.NullID(id - 1)
				}
				ms = append(ms, newsdesk.AlertMatch{AlertID: a.ID, ArticleID: id, Matched: now, CopyOf: copyOf})
			}
		}
		return ids, ms
	}
	saves := make([]int, batches)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, s := range []AlertStore{s1, s2} {
		wg.Go(func() {
			for {
				pos, err := s.AlertPosition(ctx)
				if err != nil {
					t.Error(err)
					return
				}
				if pos >= batches*per {
					return
				}
				// Each follower tries the batch after the position it
				// read, and the batch before it too, as one that lost
				// the race would.
				for _, k := range []int{int(pos / per), int(pos/per) - 1} {
					if k < 0 || k >= batches {
						continue
					}
					ids, ms := batch(k)
					ok, err := s.SaveMatches(ctx, int64(k*per), int64((k+1)*per), ids, ms)
					if err != nil {
						t.Error(err)
						return
					}
					if ok {
						mu.Lock()
						saves[k]++
						mu.Unlock()
					}
				}
			}
		})
	}
	wg.Wait()
	for k, n := range saves {
		if n != 1 {
			t.Errorf("batch %d saved %d times, want once", k, n)
		}
	}
	if pos, err := s2.AlertPosition(ctx); err != nil || pos != batches*per {
		t.Errorf("position %d, %v; want %d", pos, err, batches*per)
	}
	for _, a := range alerts {
		want := batches * per
		if a.Collapse {
			want /= 2
		}
		if got := matchedArticles(t, s2, a); len(got) != want || !slices.IsSorted(got) {
			t.Errorf("alert %s: %d matches, want %d, in order", a.Name, len(got), want)
		}
		if dl, err := s1.Deliveries(ctx, newsdesk.DeliveryFilter{AlertID: a.ID}); err != nil || dl.Total != want {
			t.Errorf("alert %s: %d deliveries, %v; want %d", a.Name, dl.Total, err, want)
		}
	}
}
