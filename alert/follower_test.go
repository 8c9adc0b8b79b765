package alert_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/alert"
	"newsdesk/follow"
	"newsdesk/sqlite"
)

func store(t *testing.T, st *sqlite.Store, url, title, text string) int64 {
	t.Helper()
	a := &newsdesk.Article{URL: url, Title: title, Language: "en"}
	for _, p := range strings.Split(text, "\n") {
		a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: p})
	}
	id, _, err := st.SaveArticle(context.Background(), &newsdesk.Page{URL: url, ContentType: "text/html", Fetched: time.Now(), Body: []byte("-")}, a)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func matched(t *testing.T, st *sqlite.Store, alertID int64) []int64 {
	t.Helper()
	ml, err := st.Matches(context.Background(), newsdesk.MatchFilter{AlertID: alertID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range ml.Matches {
		ids = append([]int64{m.ArticleID}, ids...)
	}
	return ids
}

// An alert matches the articles stored after it was made that its search
// finds, each once: not those stored before, not a revision again, and
// none while it is paused.
func TestFollowerMatches(t *testing.T) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f := &alert.Follower{Store: st, Compile: compile}
	catchUp := func() {
		t.Helper()
		if _, err := follow.CatchUp(ctx, st, f, follow.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	before := store(t, st, "https://a.example/1", "Harbour strike ends", "Dock workers ended their strike at the harbour on Monday after a pay deal.")
	time.Sleep(5 * time.Millisecond)
	a := &newsdesk.Alert{Name: "harbour", Query: `harbour -museum`}
	if err := st.AddAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	catchUp()
	hit := store(t, st, "https://b.example/2", "Harbour expansion approved", "The council approved the harbour expansion with a rail link.")
	store(t, st, "https://c.example/3", "Harbour museum opens", "A museum of the harbour's history opened its doors.")
	store(t, st, "https://d.example/4", "Election date set", "The council set the date of the next election.")
	catchUp()
	if got := matched(t, st, a.ID); len(got) != 1 || got[0] != hit {
		t.Fatalf("matched %v, want [%d] (not %d, stored before the alert)", got, hit, before)
	}
	// A revision of the matched article does not fire again.
	store2 := func(url, title, text string) { store(t, st, url, title, text) }
	store2("https://b.example/2", "Harbour expansion approved", "The council approved the harbour expansion with a rail link and a new quay.")
	// Paused: nothing matches meanwhile.
	a.Paused = true
	if err := st.UpdateAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	store(t, st, "https://e.example/5", "Harbour crane collapses", "A crane collapsed at the harbour; nobody was hurt.")
	catchUp()
	if got := matched(t, st, a.ID); len(got) != 1 {
		t.Errorf("after a revision and a pause: matched %v, want only [%d]", got, hit)
	}
	a.Paused = false
	if err := st.UpdateAlert(ctx, a); err != nil {
		t.Fatal(err)
	}
	late := store(t, st, "https://f.example/6", "Harbour reopens", "The harbour reopened after the crane was removed.")
	catchUp()
	if got := matched(t, st, a.ID); len(got) != 2 || got[1] != late {
		t.Errorf("after resuming: matched %v, want [%d %d]", got, hit, late)
	}
}
