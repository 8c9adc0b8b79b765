package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/connect"
	"newsdesk/follow"
)

// ConnectStore is a store the connections suite checks: the core with
// the copy groups and stories of newsdesk.ConnectStore.
type ConnectStore interface {
	Store
	newsdesk.ConnectStore
}

// ConnectOpener returns a new, empty store for test t, and closes it
// when t ends.
type ConnectOpener func(t *testing.T) ConnectStore

// RunConnect runs the contract suite of newsdesk.ConnectStore against
// the stores open makes, each case in a parallel subtest with a store of
// its own. The cases that need the analyses of the articles (entities
// and figures) are skipped for a store that is no
// newsdesk.AnalysisStore.
func RunConnect(t *testing.T, open ConnectOpener) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, ConnectOpener)
	}{
		{"Position", testConnectPosition},
		{"PositionConcurrent", testConnectPositionConcurrent},
		{"Connections", testConnections},
		{"ArticleConnections", testArticleConnections},
		{"Relog", testConnectRelog},
		{"Originals", testConnectOriginals},
		{"StorySummary", testStorySummary},
		{"MergesInBatch", testStoryMergesInBatch},
		{"Gone", testConnectGone},
		{"StoriesList", testStoriesList},
		{"MergeStories", testMergeStories},
		{"SplitStory", testSplitStory},
		{"Analysis", testConnectAnalysis},
		{"FollowerCopiesAndStories", testFollowerCopiesAndStories},
		{"FollowersTakeTurns", testFollowersTakeTurns},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// connT0 is the publication time the connections cases count from.
var connT0 = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

// saveStory stores an article at url with the given title, language and
// publication time (none if zero) and returns its id.
func saveStory(t *testing.T, s Store, url, title, lang string, published time.Time) int64 {
	t.Helper()
	a := article(url, "", body(url))
	a.Title, a.Language, a.Published = title, lang, published
	id, out, err := s.SaveArticle(context.Background(), page(url, body(url)), a)
	if err != nil || out != newsdesk.Created {
		t.Fatalf("SaveArticle %s: %v, %v", url, out, err)
	}
	return id
}

// connectAt saves b from position after to last and fails the test
// unless it was saved.
func connectAt(t *testing.T, s ConnectStore, after, last int64, b newsdesk.ConnectBatch) {
	t.Helper()
	ok, err := s.SaveConnections(context.Background(), after, last, b)
	if err != nil || !ok {
		t.Fatalf("SaveConnections(%d, %d) = %v, %v; want saved", after, last, ok, err)
	}
}

// connectNext saves b after the store's position, moving it by one.
func connectNext(t *testing.T, s ConnectStore, b newsdesk.ConnectBatch) {
	t.Helper()
	pos, err := s.ConnectPosition(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	connectAt(t, s, pos, pos+1, b)
}

// conn is a connection that copies article copyOf (0 for none) and is
// in story story.
func conn(id, copyOf, story int64) newsdesk.Connection {
	return newsdesk.Connection{ArticleID: id, Hash: fmt.Sprintf("hash-%d", id), Signature: []byte{byte(id), 0, 1}, CopyOf: copyOf, Story: story}
}

// connected returns the connected articles in the order connected,
// texts of all.
func connected(t *testing.T, s ConnectStore) []newsdesk.ConnectedArticle {
	t.Helper()
	var out []newsdesk.ConnectedArticle
	err := s.ConnectedArticles(context.Background(), time.Time{}, func(a *newsdesk.ConnectedArticle) error {
		out = append(out, *a)
		return nil
	})
	if err != nil {
		t.Fatalf("ConnectedArticles: %v", err)
	}
	return out
}

// connectionsOf returns the copy group and story of each connected
// article.
func connectionsOf(t *testing.T, s ConnectStore) map[int64][2]int64 {
	t.Helper()
	out := map[int64][2]int64{}
	for _, a := range connected(t, s) {
		out[a.ID] = [2]int64{a.CopyOf, a.Story}
	}
	return out
}

// lastSeq returns the change log's last seq.
func lastSeq(t *testing.T, s Store) int64 {
	t.Helper()
	_, last, err := s.Pending(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return last
}

// changedSince returns the ids of the articles written to the change
// log after seq, sorted.
func changedSince(t *testing.T, s Store, seq int64) []int64 {
	t.Helper()
	cs, err := s.Changes(context.Background(), seq, 0)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	slices.Sort(ids)
	return ids
}

// story returns story id, failing the test if there is none.
func story(t *testing.T, s ConnectStore, id int64) *newsdesk.StoryDetail {
	t.Helper()
	d, err := s.Story(context.Background(), id)
	if err != nil {
		t.Fatalf("Story(%d): %v", id, err)
	}
	return d
}

func articleIDs(d *newsdesk.StoryDetail) []int64 {
	var ids []int64
	for _, a := range d.ArticleList {
		ids = append(ids, a.ID)
	}
	return ids
}

// The position starts at 0 and moves only when SaveConnections is given
// it as after and a later last; otherwise nothing of the batch is saved.
func testConnectPosition(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	if pos, err := s.ConnectPosition(ctx); err != nil || pos != 0 {
		t.Fatalf("new store: position %d, %v; want 0", pos, err)
	}
	connectAt(t, s, 0, 3, newsdesk.ConnectBatch{})
	batch := newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a)}}
	for _, tt := range []struct{ after, last int64 }{
		{0, 5}, // moved by another follower
		{3, 3}, // not after the position
		{3, 2},
		{4, 9},
	} {
		ok, err := s.SaveConnections(ctx, tt.after, tt.last, batch)
		if err != nil || ok {
			t.Errorf("SaveConnections(%d, %d) at position 3 = %v, %v; want not saved", tt.after, tt.last, ok, err)
		}
	}
	if h, err := s.ConnectedHashes(ctx, []int64{a}); err != nil || len(h) != 0 {
		t.Errorf("after refused batches: hashes %v, %v; want none", h, err)
	}
	if _, err := s.Story(ctx, a); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("after refused batches: story %d: %v; want ErrNotFound", a, err)
	}
	connectAt(t, s, 3, 7, batch)
	if pos, err := s.ConnectPosition(ctx); err != nil || pos != 7 {
		t.Errorf("position %d, %v; want 7", pos, err)
	}
	if h, err := s.ConnectedHashes(ctx, []int64{a}); err != nil || h[a] != "hash-"+fmt.Sprint(a) {
		t.Errorf("hashes %v, %v; want article %d's", h, err, a)
	}
}

// Of followers saving from one position at once, exactly one saves, and
// its batch is the one stored.
func testConnectPositionConcurrent(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	var ids []int64
	for i := range 4 {
		ids = append(ids, saveStory(t, s, fmt.Sprintf("https://a%d.example/x", i), "A", "en", connT0.Add(time.Duration(i)*time.Hour)))
	}
	const followers = 6
	for round, a := range ids {
		pos, err := s.ConnectPosition(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var (
			wg     sync.WaitGroup
			mu     sync.Mutex
			winner = -1
			saves  int
		)
		for f := range followers {
			wg.Go(func() {
				// Each follower puts the article in a story of its own
				// and moves the position to a last of its own.
				b := newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a+int64(f)*1000)}}
				ok, err := s.SaveConnections(ctx, pos, pos+1+int64(f), b)
				if err != nil {
					t.Errorf("round %d follower %d: %v", round, f, err)
					return
				}
				if ok {
					mu.Lock()
					saves++
					winner = f
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if saves != 1 {
			t.Fatalf("round %d: %d followers saved, want 1", round, saves)
		}
		if got, err := s.ConnectPosition(ctx); err != nil || got != pos+1+int64(winner) {
			t.Errorf("round %d: position %d, %v; want %d, the saving follower's", round, got, err, pos+1+int64(winner))
		}
		if c := connectionsOf(t, s)[a]; c[1] != a+int64(winner)*1000 {
			t.Errorf("round %d: article %d in story %d, want %d", round, a, c[1], a+int64(winner)*1000)
		}
	}
}

// Connections keep the hash, signature, copy group and story given, in
// the order connected; ConnectedArticles gives texts from textsSince on
// only, LatestConnected the latest time, ConnectedHashes only those
// connected. A connection of an article that is gone is left out.
func testConnections(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	if at, err := s.LatestConnected(ctx); err != nil || !at.IsZero() {
		t.Errorf("LatestConnected of none = %v, %v; want zero", at, err)
	}
	if n := len(connected(t, s)); n != 0 {
		t.Errorf("%d connected articles in a new store", n)
	}
	a := saveStory(t, s, "https://www.alpha.example/a", "Alpha title", "en", connT0.Add(2*time.Hour))
	b := saveStory(t, s, "https://beta.example.org/b", "Beta title", "de", connT0)
	c := saveStory(t, s, "https://news.gamma.example.co.uk/c", "Gamma title", "fr", time.Time{})
	sc, err := s.Article(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(c, 0, c), conn(a, 0, a), conn(987654, 0, 987654)}})
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(b, a, a)}})

	h, err := s.ConnectedHashes(ctx, []int64{a, b, c, 987654, 123456})
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{a: fmt.Sprintf("hash-%d", a), b: fmt.Sprintf("hash-%d", b), c: fmt.Sprintf("hash-%d", c)}
	if fmt.Sprint(h) != fmt.Sprint(want) {
		t.Errorf("ConnectedHashes = %v, want %v", h, want)
	}
	if h, err := s.ConnectedHashes(ctx, nil); err != nil || len(h) != 0 {
		t.Errorf("ConnectedHashes(nil) = %v, %v", h, err)
	}

	got := connected(t, s)
	if len(got) != 3 || got[0].ID != c || got[1].ID != a || got[2].ID != b {
		t.Fatalf("connected %+v; want articles %d, %d, %d in that order", got, c, a, b)
	}
	wantArts := []newsdesk.ConnectedArticle{
		{ID: c, Stored: sc.Stored, Signature: []byte{byte(c), 0, 1}, Story: c, Title: "Gamma title", Lang: "fr", Site: "example.co.uk"},
		{ID: a, Published: connT0.Add(2 * time.Hour), Signature: []byte{byte(a), 0, 1}, Story: a, Title: "Alpha title", Lang: "en", Site: "alpha.example"},
		{ID: b, Published: connT0, Signature: []byte{byte(b), 0, 1}, CopyOf: a, Story: a, Title: "Beta title", Lang: "de", Site: "example.org"},
	}
	for i, w := range wantArts {
		g := got[i]
		if g.ID != w.ID || !sameTime(g.Published, w.Published) || string(g.Signature) != string(w.Signature) ||
			g.CopyOf != w.CopyOf || g.Story != w.Story || g.Title != w.Title || g.Lang != w.Lang || g.Site != w.Site ||
			!strings.Contains(g.Text, "Paragraph 0") {
			t.Errorf("connected article %d:\n got %+v\nwant %+v", i, g, w)
		}
		if w.ID == c && !sameTime(g.Stored, sc.Stored) {
			t.Errorf("article %d stored %v, want %v", c, g.Stored, sc.Stored)
		}
		if g.Stored.IsZero() {
			t.Errorf("article %d: no stored time", g.ID)
		}
	}

	// Texts come with the articles published (or stored, for c) at or
	// after textsSince.
	var texts []int64
	err = s.ConnectedArticles(ctx, connT0.Add(2*time.Hour), func(x *newsdesk.ConnectedArticle) error {
		if x.Title != "" || x.Text != "" || x.Lang != "" {
			texts = append(texts, x.ID)
			if x.Title == "" || x.Text == "" || x.Lang == "" {
				t.Errorf("article %d has part of its text: %+v", x.ID, x)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(texts) != fmt.Sprint([]int64{c, a}) {
		t.Errorf("texts since %v for %v, want %v", connT0.Add(2*time.Hour), texts, []int64{c, a})
	}
	stop := errors.New("stop")
	n := 0
	err = s.ConnectedArticles(ctx, time.Time{}, func(*newsdesk.ConnectedArticle) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("ConnectedArticles stopped after %d calls with %v, want 1 and the error of fn", n, err)
	}

	latest, err := s.LatestConnected(ctx)
	if err != nil || !sameTime(latest, sc.Stored) {
		t.Errorf("LatestConnected = %v, %v; want %v (stored time of the article without publication time)", latest, err, sc.Stored)
	}

	// Connected again (a new hash): the connection is replaced, its
	// place in the order kept.
	again := conn(a, 0, a)
	again.Hash, again.Signature = "hash-new", []byte("new")
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{again}})
	got = connected(t, s)
	if len(got) != 3 || got[1].ID != a || string(got[1].Signature) != "new" {
		t.Errorf("after connecting %d again: %+v", a, got)
	}
	if h, _ := s.ConnectedHashes(ctx, []int64{a}); h[a] != "hash-new" {
		t.Errorf("hash after connecting again: %q", h[a])
	}
}

// A stored article, as Article, Articles and Changes read it, carries
// its copy group and story once connected.
func testArticleConnections(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "en", connT0.Add(2*time.Hour))
	seq := lastSeq(t, s)
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, a, a)}})
	want := map[int64][2]newsdesk.NullID{a: {0, newsdesk.NullID(a)}, b: {newsdesk.NullID(a), newsdesk.NullID(a)}, c: {0, 0}}
	for id, w := range want {
		sa, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if got := [2]newsdesk.NullID{sa.CopyOf, sa.Story}; got != w {
			t.Errorf("Article(%d): copy of, story %v; want %v", id, got, w)
		}
	}
	as, err := s.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, sa := range as {
		if got := [2]newsdesk.NullID{sa.CopyOf, sa.Story}; got != want[sa.ID] {
			t.Errorf("Articles: article %d: copy of, story %v; want %v", sa.ID, got, want[sa.ID])
		}
	}
	cs, err := s.Changes(ctx, seq, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 2 {
		t.Fatalf("%d changes after connecting, want 2", len(cs))
	}
	for _, ch := range cs {
		if ch.Article == nil || [2]newsdesk.NullID{ch.Article.CopyOf, ch.Article.Story} != want[ch.ID] {
			t.Errorf("change of article %d: %+v; want copy of, story %v", ch.ID, ch.Article, want[ch.ID])
		}
	}
}

// SaveConnections writes to the change log every article connected for
// the first time, and every one whose copy group or story changed, but
// not one connected again as it was.
func testConnectRelog(t *testing.T, open ConnectOpener) {
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "en", connT0.Add(2*time.Hour))
	for _, tt := range []struct {
		name  string
		batch newsdesk.ConnectBatch
		want  []int64
	}{
		{"new", newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, a, a), conn(c, 0, c)}}, []int64{a, b, c}},
		{"again as it was", newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, a, a)}}, nil},
		{"new story", newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(b, a, c)}}, []int64{b}},
		{"new copy group", newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(b, 0, c)}}, []int64{b}},
		{"merge", newsdesk.ConnectBatch{Merges: []newsdesk.StoryMerge{{From: c, Into: a}}}, []int64{b, c}},
		{"gone", newsdesk.ConnectBatch{Gone: []int64{c}}, nil},
	} {
		seq := lastSeq(t, s)
		connectNext(t, s, tt.batch)
		if got := changedSince(t, s, seq); fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s: articles written to the change log %v, want %v", tt.name, got, tt.want)
		}
	}
}

// An original change makes the new original's copy group the old one's:
// the old original and its copies copy the new one, which copies none.
func testConnectOriginals(t *testing.T, open ConnectOpener) {
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0.Add(time.Hour))
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(2*time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "en", connT0.Add(3*time.Hour))
	x := saveStory(t, s, "https://x.example/1", "X", "en", connT0.Add(4*time.Hour))
	d := saveStory(t, s, "https://d.example/1", "D", "en", connT0)
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, a, a), conn(c, a, a), conn(x, 0, x)}})
	if st := story(t, s, a); st.Copies != 2 || st.Articles != 3 {
		t.Errorf("story %d: %d articles, %d copies; want 3, 2", a, st.Articles, st.Copies)
	}
	seq := lastSeq(t, s)
	connectNext(t, s, newsdesk.ConnectBatch{
		Connections: []newsdesk.Connection{conn(d, 0, a)},
		Originals:   []newsdesk.OriginalChange{{From: a, To: d}, {From: x, To: x}},
	})
	want := map[int64][2]int64{a: {d, a}, b: {d, a}, c: {d, a}, d: {0, a}, x: {0, x}}
	if got := connectionsOf(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("connections after the original change:\n got %v\nwant %v", got, want)
	}
	if got, want := changedSince(t, s, seq), []int64{a, b, c, d}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("written to the change log %v, want %v", got, want)
	}
	st := story(t, s, a)
	if st.Copies != 3 || st.Articles != 4 || st.First.ID != d || st.First.CopyOf != 0 {
		t.Errorf("story %d: %d articles, %d copies, first %d (copy of %d); want 4, 3, %d (none)", a, st.Articles, st.Copies, st.First.ID, st.First.CopyOf, d)
	}
	// Two groups join: the original of one becomes a copy of the other's.
	connectNext(t, s, newsdesk.ConnectBatch{Originals: []newsdesk.OriginalChange{{From: x, To: d}}})
	if got := connectionsOf(t, s)[x]; got != [2]int64{d, x} {
		t.Errorf("x after joining: %v, want copy of %d in story %d", got, d, x)
	}
	if st := story(t, s, x); st.Copies != 1 {
		t.Errorf("story %d: %d copies, want 1", x, st.Copies)
	}
}

// A story sums up its articles: the first report (earliest published,
// then earliest stored, then lowest id) gives the title, the latest the
// update time; copies, outlets (an outlet's articles once) and languages
// (sorted) are counted; the articles are listed earliest first.
func testStorySummary(t *testing.T, open ConnectOpener) {
	s := open(t)
	a := saveStory(t, s, "https://www.one.example/a", "Late report", "en", connT0.Add(3*time.Hour))
	b := saveStory(t, s, "https://one.example/b", "First report", "de", connT0)
	c := saveStory(t, s, "https://two.example/c", "Tied report", "en", connT0)
	d := saveStory(t, s, "https://three.example/d", "Copy", "", connT0.Add(time.Hour))
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(c, 0, a)}})
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(b, 0, a), conn(d, b, a)}})
	st := story(t, s, a)
	if st.ID != a || st.Title != "First report" || !sameTime(st.Updated, connT0.Add(3*time.Hour)) ||
		st.Articles != 4 || st.Copies != 1 || st.Outlets != 3 || fmt.Sprint(st.Languages) != "[de en]" {
		t.Errorf("story: id %d, title %q, updated %v, %d articles, %d copies, %d outlets, languages %v;\nwant %d, %q, %v, 4, 1, 3, [de en]",
			st.ID, st.Title, st.Updated, st.Articles, st.Copies, st.Outlets, st.Languages, a, "First report", connT0.Add(3*time.Hour))
	}
	f := st.First
	if f.ID != b || f.Title != "First report" || f.URL != "https://one.example/b" || f.Site != "one.example" ||
		f.Language != "de" || !sameTime(f.Published, connT0) || f.CopyOf != 0 {
		t.Errorf("first report %+v, want article %d", f, b)
	}
	if got, want := articleIDs(st), []int64{b, c, d, a}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("articles %v, want %v (by time, then stored)", got, want)
	}
	if l := st.ArticleList; len(l) == 4 {
		if l[2].CopyOf != newsdesk.NullID(b) || l[2].Site != "three.example" || !sameTime(l[2].Published, connT0.Add(time.Hour)) || l[2].Title != "Copy" {
			t.Errorf("article %d listed as %+v", d, l[2])
		}
	}
	if st.Entities == nil || st.Figures == nil || st.Quotes == nil {
		t.Errorf("story without analyses: entities %v, figures %v, quotes %v; want empty lists", st.Entities, st.Figures, st.Quotes)
	}
	if _, err := s.Story(context.Background(), 987654); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("unknown story: %v, want ErrNotFound", err)
	}
}

// Merges of a batch follow redirects: a merged story's id leads to the
// story it is part of, through later merges too, for connections,
// Story and Stories.
func testStoryMergesInBatch(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "en", connT0.Add(2*time.Hour))
	d := saveStory(t, s, "https://d.example/1", "D", "en", connT0.Add(3*time.Hour))
	connectNext(t, s, newsdesk.ConnectBatch{
		Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, 0, b), conn(c, 0, c)},
		Merges:      []newsdesk.StoryMerge{{From: b, Into: a}, {From: b, Into: a}},
	})
	if st := story(t, s, b); st.ID != a || st.Articles != 2 {
		t.Errorf("Story(%d) after merge: story %d with %d articles; want %d with 2", b, st.ID, st.Articles, a)
	}
	connectNext(t, s, newsdesk.ConnectBatch{Merges: []newsdesk.StoryMerge{{From: a, Into: c}}})
	// d joins story b, which is now c.
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(d, 0, b)}})
	for _, id := range []int64{a, b, c} {
		if st := story(t, s, id); st.ID != c || st.Articles != 4 || st.First.ID != a {
			t.Errorf("Story(%d): story %d with %d articles, first %d; want %d with 4, first %d", id, st.ID, st.Articles, st.First.ID, c, a)
		}
	}
	for id, cn := range connectionsOf(t, s) {
		if cn[1] != c {
			t.Errorf("article %d in story %d, want %d", id, cn[1], c)
		}
	}
	l, err := s.Stories(ctx, newsdesk.StoryFilter{IDs: []int64{b}})
	if err != nil || l.Total != 1 || len(l.Stories) != 1 || l.Stories[0].ID != c {
		t.Errorf("Stories(IDs %d) = %+v, %v; want story %d", b, l, err, c)
	}
	if l, err := s.Stories(ctx, newsdesk.StoryFilter{}); err != nil || l.Total != 1 {
		t.Errorf("Stories = %+v, %v; want one story", l, err)
	}
	if l, err := s.Stories(ctx, newsdesk.StoryFilter{IDs: []int64{}}); err != nil || l.Total != 0 || len(l.Stories) != 0 {
		t.Errorf("Stories(no IDs) = %+v, %v; want none", l, err)
	}
}

// An article that is gone leaves its story; a story without articles is
// gone.
func testConnectGone(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "en", connT0.Add(2*time.Hour))
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, a, a), conn(c, 0, c)}})
	connectNext(t, s, newsdesk.ConnectBatch{Gone: []int64{a, c, 987654}})
	st := story(t, s, a)
	if st.Articles != 1 || st.First.ID != b || st.Title != "B" {
		t.Errorf("story %d after its first article left: %d articles, first %d, title %q; want 1, %d, B", a, st.Articles, st.First.ID, st.Title, b)
	}
	if _, err := s.Story(ctx, c); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("story %d without articles: %v, want ErrNotFound", c, err)
	}
	if h, err := s.ConnectedHashes(ctx, []int64{a, b, c}); err != nil || len(h) != 1 {
		t.Errorf("hashes after gone: %v, %v; want only %d", h, err, b)
	}
	if l, err := s.Stories(ctx, newsdesk.StoryFilter{}); err != nil || l.Total != 1 {
		t.Errorf("Stories after gone: %+v, %v; want 1", l, err)
	}
}

// Stories lists the stories most recently updated first, filtered, in
// pages.
func testStoriesList(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	// Five stories, updated at hours 1…5 but for e, updated as d is.
	var ids []int64
	for i, lang := range []string{"en", "de", "en", "fr", "de"} {
		hour := i + 1
		if i == 4 {
			hour = 4
		}
		id := saveStory(t, s, fmt.Sprintf("https://s%d.example/1", i), fmt.Sprintf("Story %d", i), lang, connT0.Add(time.Duration(hour)*time.Hour))
		ids = append(ids, id)
	}
	second := saveStory(t, s, "https://other.example/2", "Second of story 1", "en", connT0.Add(150*time.Minute))
	var cs []newsdesk.Connection
	for _, id := range ids {
		cs = append(cs, conn(id, 0, id))
	}
	cs = append(cs, conn(second, 0, ids[1]))
	connectNext(t, s, newsdesk.ConnectBatch{Connections: cs})
	a, b, c, d, e := ids[0], ids[1], ids[2], ids[3], ids[4]
	first, last := min(d, e), max(d, e)
	all := []int64{last, first, c, b, a}
	for _, tt := range []struct {
		name string
		f    newsdesk.StoryFilter
		want []int64
	}{
		{"all", newsdesk.StoryFilter{}, all},
		{"language", newsdesk.StoryFilter{Language: "de"}, []int64{last, b}},
		{"language of a second article", newsdesk.StoryFilter{Language: "en"}, []int64{c, b, a}},
		{"from to", newsdesk.StoryFilter{From: connT0.Add(2 * time.Hour), To: connT0.Add(4 * time.Hour)}, []int64{c, b}},
		{"from", newsdesk.StoryFilter{From: connT0.Add(4 * time.Hour)}, []int64{last, first}},
		{"min articles", newsdesk.StoryFilter{MinArticles: 2}, []int64{b}},
		{"ids", newsdesk.StoryFilter{IDs: []int64{a, c, 987654}}, []int64{c, a}},
		{"ids and language", newsdesk.StoryFilter{IDs: []int64{a, b}, Language: "de"}, []int64{b}},
	} {
		l, err := s.Stories(ctx, tt.f)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var got []int64
		for _, st := range l.Stories {
			got = append(got, st.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) || l.Total != len(tt.want) || l.NextCursor != "" {
			t.Errorf("%s: stories %v (total %d, cursor %q), want %v", tt.name, got, l.Total, l.NextCursor, tt.want)
		}
	}
	l, err := s.Stories(ctx, newsdesk.StoryFilter{IDs: []int64{b}})
	if err != nil || len(l.Stories) != 1 {
		t.Fatalf("story %d: %+v, %v", b, l, err)
	}
	if st := l.Stories[0]; st.Articles != 2 || st.Outlets != 2 || st.First.ID != b || st.Title != "Story 1" ||
		!sameTime(st.Updated, connT0.Add(150*time.Minute)) || fmt.Sprint(st.Languages) != "[de en]" || st.Entities == nil {
		t.Errorf("listed story %+v", st)
	}

	// Pages of two.
	var got []int64
	f := newsdesk.StoryFilter{Limit: 2}
	for page := 0; ; page++ {
		if page > 3 {
			t.Fatal("too many pages")
		}
		l, err := s.Stories(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 5 {
			t.Errorf("page %d: total %d, want 5", page, l.Total)
		}
		for _, st := range l.Stories {
			got = append(got, st.ID)
		}
		if l.NextCursor == "" {
			if len(l.Stories) != 1 {
				t.Errorf("last page: %d stories, want 1", len(l.Stories))
			}
			break
		}
		f.Cursor = l.NextCursor
	}
	if fmt.Sprint(got) != fmt.Sprint(all) {
		t.Errorf("paged: %v, want %v", got, all)
	}
	if _, err := s.Stories(ctx, newsdesk.StoryFilter{Cursor: "not a cursor!"}); !errors.Is(err, newsdesk.ErrBadCursor) {
		t.Errorf("bad cursor: %v, want ErrBadCursor", err)
	}
}

// MergeStories moves a story's articles into another by hand, and the
// merged id redirects there; unknown stories, and a story merged into
// itself, are refused.
func testMergeStories(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(time.Hour))
	b2 := saveStory(t, s, "https://b2.example/1", "B2", "en", connT0.Add(2*time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "en", connT0.Add(3*time.Hour))
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, 0, b), conn(b2, b, b), conn(c, 0, c)}})
	pos, err := s.ConnectPosition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		from, into int64
		want       error
	}{
		{987654, a, newsdesk.ErrNotFound},
		{a, 987654, newsdesk.ErrNotFound},
		{a, a, newsdesk.ErrExists},
	} {
		if err := s.MergeStories(ctx, tt.from, tt.into); !errors.Is(err, tt.want) {
			t.Errorf("MergeStories(%d, %d) = %v, want %v", tt.from, tt.into, err, tt.want)
		}
	}
	seq := lastSeq(t, s)
	if err := s.MergeStories(ctx, b, a); err != nil {
		t.Fatal(err)
	}
	if got, want := changedSince(t, s, seq), []int64{b, b2}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("merge wrote %v to the change log, want %v", got, want)
	}
	if st := story(t, s, b); st.ID != a || st.Articles != 3 || st.Copies != 1 {
		t.Errorf("Story(%d) after merge: story %d, %d articles, %d copies; want %d, 3, 1", b, st.ID, st.Articles, st.Copies, a)
	}
	if err := s.MergeStories(ctx, b, a); !errors.Is(err, newsdesk.ErrExists) {
		t.Errorf("merging again: %v, want ErrExists", err)
	}
	// The merged id stands for the story it is part of.
	if err := s.MergeStories(ctx, c, b); err != nil {
		t.Fatal(err)
	}
	want := map[int64][2]int64{a: {0, a}, b: {0, a}, b2: {b, a}, c: {0, a}}
	if got := connectionsOf(t, s); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("connections after merges:\n got %v\nwant %v", got, want)
	}
	if l, err := s.Stories(ctx, newsdesk.StoryFilter{}); err != nil || l.Total != 1 || l.Stories[0].ID != a || l.Stories[0].Articles != 4 {
		t.Errorf("stories after merges: %+v, %v; want story %d with 4 articles", l, err, a)
	}
	if p, err := s.ConnectPosition(ctx); err != nil || p != pos {
		t.Errorf("position after merges by hand %d, %v; want %d as it was", p, err, pos)
	}
	// The follower's later connections to a merged id follow it.
	d := saveStory(t, s, "https://d.example/1", "D", "en", connT0.Add(4*time.Hour))
	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(d, 0, c)}})
	if got := connectionsOf(t, s)[d]; got[1] != a {
		t.Errorf("article connected to merged story %d is in story %d, want %d", c, got[1], a)
	}
}

// SplitStory moves articles into a new story named after the lowest of
// them, and refuses to move none, all, the first, or articles of
// another story.
func testSplitStory(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "de", connT0.Add(2*time.Hour))
	d := saveStory(t, s, "https://d.example/1", "D", "en", connT0.Add(3*time.Hour))
	x := saveStory(t, s, "https://x.example/1", "X", "en", connT0.Add(4*time.Hour))
	y := saveStory(t, s, "https://y.example/1", "Y", "en", connT0.Add(5*time.Hour))
	connectNext(t, s, newsdesk.ConnectBatch{
		Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, 0, b), conn(c, 0, a), conn(d, 0, a), conn(x, 0, x), conn(y, 0, x)},
		Merges:      []newsdesk.StoryMerge{{From: b, Into: a}},
		// Story x keeps its id without its first article.
		Gone: []int64{x},
	})
	for _, tt := range []struct {
		name     string
		story    int64
		articles []int64
		notFound bool
	}{
		{"none", a, nil, false},
		{"unknown story", 987654, []int64{b}, true},
		{"article of another story", a, []int64{b, x}, true},
		{"unknown article", a, []int64{b, 987654}, true},
		{"the first", a, []int64{a}, false},
		{"all", x, []int64{y}, false},
	} {
		_, err := s.SplitStory(ctx, tt.story, tt.articles)
		if err == nil || errors.Is(err, newsdesk.ErrNotFound) != tt.notFound {
			t.Errorf("%s: SplitStory(%d, %v) = %v; want an error (not found: %v)", tt.name, tt.story, tt.articles, err, tt.notFound)
		}
	}
	seq := lastSeq(t, s)
	// b was merged into a: splitting it off makes story b again.
	id, err := s.SplitStory(ctx, b, []int64{d, b, b})
	if err != nil || id != b {
		t.Fatalf("SplitStory = %d, %v; want story %d", id, err, b)
	}
	if got, want := changedSince(t, s, seq), []int64{b, d}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("split wrote %v to the change log, want %v", got, want)
	}
	if st := story(t, s, b); st.ID != b || fmt.Sprint(articleIDs(st)) != fmt.Sprint([]int64{b, d}) {
		t.Errorf("story %d after split: id %d, articles %v", b, st.ID, articleIDs(st))
	}
	if st := story(t, s, a); fmt.Sprint(articleIDs(st)) != fmt.Sprint([]int64{a, c}) || fmt.Sprint(st.Languages) != "[de en]" {
		t.Errorf("story %d after split: articles %v, languages %v", a, articleIDs(st), st.Languages)
	}
	if _, err := s.SplitStory(ctx, a, []int64{c}); err != nil {
		t.Errorf("splitting off c: %v", err)
	}
	if l, err := s.Stories(ctx, newsdesk.StoryFilter{}); err != nil || l.Total != 4 {
		t.Errorf("stories after splits: %+v, %v; want 4", l, err)
	}
}

// The analyses of the articles give the connect follower its inputs and
// the stories their entities, figures and the entity filter.
func testConnectAnalysis(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	s := open(t)
	an, ok := s.(newsdesk.AnalysisStore)
	if !ok {
		t.Skip("the store keeps no analyses")
	}
	a := saveStory(t, s, "https://a.example/1", "A", "en", connT0)
	b := saveStory(t, s, "https://b.example/1", "B", "en", connT0.Add(time.Hour))
	c := saveStory(t, s, "https://c.example/1", "C", "en", connT0.Add(2*time.Hour))
	x := saveStory(t, s, "https://x.example/1", "X", "en", connT0.Add(3*time.Hour))
	mention := func(start int, text, id string) newsdesk.Mention {
		return newsdesk.Mention{Start: start, End: start + len(text), Text: text, Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: id}
	}
	ent := func(id, name string) newsdesk.Entity {
		return newsdesk.Entity{ID: id, Name: name, Type: newsdesk.Person}
	}
	fig := func(start int, v float64) newsdesk.Figure {
		return newsdesk.Figure{Span: newsdesk.Span{Start: start, End: start + 2, Text: "10"}, Value: v, Unit: "%"}
	}
	claimed := fig(40, 7)
	claimed.Claimant = &newsdesk.Attributed{Span: newsdesk.Span{Start: 50, End: 55, Text: "Smith"}, EntityID: "Q2"}
	err := an.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{
		{ArticleID: a, Hash: "h", Analysis: &newsdesk.Analysis{Language: "en",
			Mentions: []newsdesk.Mention{mention(0, "Jones", "Q1"), mention(10, "Smith", "Q2"), mention(20, "Jones", "Q1"), mention(30, "nobody", "")},
			Entities: []newsdesk.Entity{ent("Q1", "Ann Jones"), ent("Q2", "Bob Smith")},
			Figures:  []newsdesk.Figure{fig(5, 10), claimed},
			Quotes: []newsdesk.Quotation{{Span: newsdesk.Span{Start: 60, End: 80, Text: "the harbour will grow"}, Form: newsdesk.DirectQuote,
				Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: 10, End: 15, Text: "Smith"}, EntityID: "Q2"}}}}},
		{ArticleID: b, Hash: "h", Analysis: &newsdesk.Analysis{Language: "en",
			Mentions: []newsdesk.Mention{mention(0, "Smith", "Q2")},
			Entities: []newsdesk.Entity{ent("Q2", "Bob Smith")},
			Figures:  []newsdesk.Figure{fig(0, 99)}}},
		{ArticleID: x, Hash: "h", Analysis: &newsdesk.Analysis{Language: "en",
			Mentions: []newsdesk.Mention{mention(0, "Other", "Q3")},
			Entities: []newsdesk.Entity{ent("Q3", "Other")}}},
	})
	if err != nil {
		t.Fatal(err)
	}
	in, err := s.ConnectInputs(ctx, []int64{a, b, c})
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 2 || fmt.Sprint(in[a].Entities) != "[Q1 Q2 Q1]" || fmt.Sprint(in[a].Figures) != "[10 7]" ||
		fmt.Sprint(in[b].Entities) != "[Q2]" || fmt.Sprint(in[b].Figures) != "[99]" {
		t.Errorf("ConnectInputs = %+v", in)
	}
	if in, err := s.ConnectInputs(ctx, nil); err != nil || len(in) != 0 {
		t.Errorf("ConnectInputs(nil) = %v, %v", in, err)
	}

	connectNext(t, s, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{conn(a, 0, a), conn(b, a, a), conn(c, 0, a), conn(x, 0, x)}})
	st := story(t, s, a)
	if len(st.Entities) != 2 || st.Entities[0].ID != "Q2" || st.Entities[0].Articles != 2 || st.Entities[0].Mentions != 2 ||
		st.Entities[0].Name != "Bob Smith" || st.Entities[1].ID != "Q1" || st.Entities[1].Mentions != 2 || st.Entities[1].Articles != 1 {
		t.Errorf("story entities %+v; want Q2 (2 articles), then Q1", st.Entities)
	}
	if len(st.Quotes) != 1 || st.Quotes[0].Text != "the harbour will grow" || st.Quotes[0].ArticleID != a {
		t.Errorf("story quotes %+v; want article %d's", st.Quotes, a)
	}
	if st := story(t, s, x); len(st.Quotes) != 0 {
		t.Errorf("story %d quotes %+v; want none", x, st.Quotes)
	}
	// Only the originals' figures: b is a copy.
	if len(st.Figures) != 2 || st.Figures[0].Value != 10 || st.Figures[1].Value != 7 || st.Figures[0].ArticleID != a ||
		st.Figures[1].Claimant == nil || st.Figures[1].Claimant.EntityID != "Q2" || st.Figures[1].Claimant.Text != "Smith" {
		t.Errorf("story figures %+v", st.Figures)
	}
	for _, tt := range []struct {
		entity string
		want   []int64
	}{{"Q1", []int64{a}}, {"Q3", []int64{x}}, {"Q9", nil}} {
		l, err := s.Stories(ctx, newsdesk.StoryFilter{Entity: tt.entity})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, st := range l.Stories {
			got = append(got, st.ID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("stories of %s: %v, want %v", tt.entity, got, tt.want)
		}
	}
	l, err := s.Stories(ctx, newsdesk.StoryFilter{IDs: []int64{a}})
	if err != nil || len(l.Stories) != 1 || len(l.Stories[0].Entities) != 2 {
		t.Errorf("listed story's entities: %+v, %v", l, err)
	}
}

const (
	harbour = `The city council voted on Tuesday evening to expand the northern container terminal of the harbour, ending a dispute that had lasted more than three years.
Twenty-one members voted in favour and fourteen against, after a debate of almost five hours in which dock workers filled the public gallery.
The expansion will add two berths and a rail link, and the port authority expects the first ships to use them in the spring of the year after next.
Environmental groups said they would take the decision to court, arguing that the dredging of the channel threatens the breeding grounds of several fish species.`
	museum = `A private collector has given the municipal museum more than four hundred drawings by artists of the nineteenth century, the largest gift in its history.
The drawings had been kept in a family house in the countryside for decades and were never shown in public, the museum's director told reporters on Monday.
Restorers will spend the coming year examining the sheets, some of which have suffered from damp, before a first selection goes on show next autumn.
The collector asked not to be named and said only that the works belonged where everyone could see them.`
)

// saveText stores an article of the given text, one paragraph a line.
func saveText(t *testing.T, s Store, url, title, text string, published time.Time) int64 {
	t.Helper()
	a := article(url, "", text)
	a.Title, a.Published = title, published
	id, out, err := s.SaveArticle(context.Background(), page(url, text), a)
	if err != nil || out != newsdesk.Created {
		t.Fatalf("save %s: %v, %v", url, out, err)
	}
	return id
}

func catchUp(t *testing.T, s ConnectStore, f *connect.Follower) {
	t.Helper()
	if _, err := follow.CatchUp(context.Background(), s, f, follow.Options{BatchSize: connect.BatchSize}); err != nil {
		t.Fatal(err)
	}
}

// The connect follower marks the same text on other outlets as copies
// of the earliest, puts them in one story apart from an unrelated
// article, and, after a restart, makes a copy that arrives late but was
// published first the original of the group; stories merged and split
// by hand keep their sums.
func testFollowerCopiesAndStories(t *testing.T, open ConnectOpener) {
	ctx := context.Background()
	st := open(t)
	a := saveText(t, st, "https://www.harbour-news.example/council-vote", "Council backs terminal expansion", harbour, connT0)
	m := saveText(t, st, "https://arts.example.org/museum-gift", "Museum receives drawings", museum, connT0.Add(time.Hour))
	b := saveText(t, st, "https://daily.example.co.uk/news/port-decision", "Port expansion approved after long dispute",
		"HARBOUR CITY (Wire) - "+harbour+"\n(c) Wire agency", connT0.Add(2*time.Hour))

	catchUp(t, st, &connect.Follower{Store: st})
	cs := connectionsOf(t, st)
	ca, sa := cs[a][0], cs[a][1]
	cb, sb := cs[b][0], cs[b][1]
	cm, sm := cs[m][0], cs[m][1]
	if ca != 0 || cb != a || cm != 0 {
		t.Errorf("copy_of: a %d, b %d, museum %d; want 0, %d, 0", ca, cb, cm, a)
	}
	if sa == 0 || sa != sb || sm == sa || sm == 0 {
		t.Errorf("stories: a %d, b %d, museum %d; want a = b ≠ museum", sa, sb, sm)
	}

	// A new process: the state is built from the store.
	early := saveText(t, st, "https://regional.example.net/harbour", "Harbour terminal to grow", harbour, connT0.Add(-time.Hour))
	catchUp(t, st, &connect.Follower{Store: st})
	cs = connectionsOf(t, st)
	for id, want := range map[int64]int64{early: 0, a: early, b: early} {
		if c := cs[id][0]; c != want {
			t.Errorf("after an earlier copy: article %d copy_of %d, want %d", id, c, want)
		}
	}
	d := story(t, st, sa)
	if d.Articles != 3 || d.Copies != 2 || d.Outlets != 3 || d.First.ID != early || len(d.ArticleList) != 3 {
		t.Errorf("story %d: %d articles, %d copies, %d outlets, first %d; want 3, 2, 3, %d", sa, d.Articles, d.Copies, d.Outlets, d.First.ID, early)
	}

	// By hand: merge the museum story into the harbour one, then split
	// it off again.
	if err := st.MergeStories(ctx, sm, sa); err != nil {
		t.Fatal(err)
	}
	if d, err := st.Story(ctx, sm); err != nil || d.ID != sa || d.Articles != 4 {
		t.Errorf("merged story %d read as %+v, %v; want story %d with 4 articles", sm, d, err, sa)
	}
	if s := connectionsOf(t, st)[m][1]; s != sa {
		t.Errorf("museum article in story %d after merge, want %d", s, sa)
	}
	if l, err := st.Stories(ctx, newsdesk.StoryFilter{IDs: []int64{sm}}); err != nil || l.Total != 1 || l.Stories[0].ID != sa {
		t.Errorf("stories of the merged id %d: %+v, %v; want story %d", sm, l, err, sa)
	}
	if _, err := st.SplitStory(ctx, sa, []int64{sa}); err == nil {
		t.Error("splitting off a story's first article succeeded")
	}
	id, err := st.SplitStory(ctx, sa, []int64{m})
	if err != nil || id != m {
		t.Fatalf("split = %d, %v; want story %d", id, err, m)
	}
	if s := connectionsOf(t, st)[m][1]; s != m {
		t.Errorf("museum article in story %d after split, want %d", s, m)
	}
	list, err := st.Stories(ctx, newsdesk.StoryFilter{})
	if err != nil || list.Total != 2 {
		t.Fatalf("stories: %+v, %v; want 2", list, err)
	}
	if _, err := st.Story(ctx, 987654); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("unknown story: %v", err)
	}
}

// Two followers of one store take turns, as serve and an ingest do: the
// one whose state is behind what the other decided builds it again, so
// a copy never points at an article that became a copy meanwhile.
func testFollowersTakeTurns(t *testing.T, open ConnectOpener) {
	st := open(t)
	first, second := &connect.Follower{Store: st}, &connect.Follower{Store: st}

	// The first follower connects x, the original so far.
	x := saveText(t, st, "https://www.harbour-news.example/council-vote", "Council backs terminal expansion", harbour, connT0.Add(2*time.Hour))
	catchUp(t, st, first)
	// The second connects y, published earlier: y becomes the original,
	// x its copy.
	y := saveText(t, st, "https://daily.example.co.uk/news/port-decision", "Port expansion approved", harbour, connT0)
	catchUp(t, st, second)
	if c := connectionsOf(t, st)[x][0]; c != y {
		t.Fatalf("x: copy of %d, want %d", c, y)
	}
	// The first, behind, connects z: z is a copy of y, not of x.
	z := saveText(t, st, "https://wire.example.net/harbour", "Harbour vote", harbour, connT0.Add(3*time.Hour))
	catchUp(t, st, first)
	if c := connectionsOf(t, st)[z][0]; c != y {
		t.Errorf("z: copy of %d, want the original %d (x is %d)", c, y, x)
	}
}
