package connect_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/connect"
	"newsdesk/follow"
	"newsdesk/sqlite"
)

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

func save(t *testing.T, st *sqlite.Store, url, title, text string, published time.Time) int64 {
	t.Helper()
	a := &newsdesk.Article{URL: url, Title: title, Language: "en", Published: published}
	for _, p := range strings.Split(text, "\n") {
		a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: p})
	}
	p := &newsdesk.Page{URL: url, ContentType: "text/html", Fetched: time.Now(), Body: []byte("<p>" + text + "</p>")}
	id, out, err := st.SaveArticle(context.Background(), p, a)
	if err != nil || out != newsdesk.Created {
		t.Fatalf("save %s: %v, %v", url, out, err)
	}
	return id
}

func catchUp(t *testing.T, st *sqlite.Store, f *connect.Follower) {
	t.Helper()
	if _, err := follow.CatchUp(context.Background(), st, f, follow.Options{BatchSize: connect.BatchSize}); err != nil {
		t.Fatal(err)
	}
}

func connection(t *testing.T, st *sqlite.Store, id int64) (copyOf, story int64) {
	t.Helper()
	a, err := st.Article(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return int64(a.CopyOf), int64(a.Story)
}

// The follower marks the same text on other outlets as copies of the
// earliest, puts them in one story apart from an unrelated article,
// and, after a restart, makes a copy that arrives late but was
// published first the original of the group.
func TestFollowerCopiesAndStories(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	a := save(t, st, "https://www.harbour-news.example/council-vote", "Council backs terminal expansion", harbour, t0)
	m := save(t, st, "https://arts.example.org/museum-gift", "Museum receives drawings", museum, t0.Add(time.Hour))
	b := save(t, st, "https://daily.example.co.uk/news/port-decision", "Port expansion approved after long dispute",
		"HARBOUR CITY (Wire) - "+harbour+"\n(c) Wire agency", t0.Add(2*time.Hour))

	catchUp(t, st, &connect.Follower{Store: st})
	if c, _ := connection(t, st, a); c != 0 {
		t.Errorf("original %d: copy_of %d, want none", a, c)
	}
	ca, sa := connection(t, st, a)
	cb, sb := connection(t, st, b)
	cm, sm := connection(t, st, m)
	if ca != 0 || cb != a || cm != 0 {
		t.Errorf("copy_of: a %d, b %d, museum %d; want 0, %d, 0", ca, cb, cm, a)
	}
	if sa == 0 || sa != sb || sm == sa || sm == 0 {
		t.Errorf("stories: a %d, b %d, museum %d; want a = b ≠ museum", sa, sb, sm)
	}

	// A new process: the state is built from the store.
	early := save(t, st, "https://regional.example.net/harbour", "Harbour terminal to grow", harbour, t0.Add(-time.Hour))
	catchUp(t, st, &connect.Follower{Store: st})
	for id, want := range map[int64]int64{early: 0, a: early, b: early} {
		if c, _ := connection(t, st, id); c != want {
			t.Errorf("after an earlier copy: article %d copy_of %d, want %d", id, c, want)
		}
	}
	d, err := st.Story(ctx, sa)
	if err != nil {
		t.Fatal(err)
	}
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
	if _, s := connection(t, st, m); s != sa {
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
	if _, s := connection(t, st, m); s != m {
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
func TestFollowersTakeTurns(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	t0 := time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)
	first, second := &connect.Follower{Store: st}, &connect.Follower{Store: st}

	// The first follower connects x, the original so far.
	x := save(t, st, "https://www.harbour-news.example/council-vote", "Council backs terminal expansion", harbour, t0.Add(2*time.Hour))
	catchUp(t, st, first)
	// The second connects y, published earlier: y becomes the original,
	// x its copy.
	y := save(t, st, "https://daily.example.co.uk/news/port-decision", "Port expansion approved", harbour, t0)
	catchUp(t, st, second)
	if c, _ := connection(t, st, x); c != y {
		t.Fatalf("x: copy of %d, want %d", c, y)
	}
	// The first, behind, connects z: z is a copy of y, not of x.
	z := save(t, st, "https://wire.example.net/harbour", "Harbour vote", harbour, t0.Add(3*time.Hour))
	catchUp(t, st, first)
	if c, _ := connection(t, st, z); c != y {
		t.Errorf("z: copy of %d, want the original %d (x is %d)", c, y, x)
	}
}
