package web_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/follow"
)

// saveStory connects the quoted fixture and the English article as the
// connect follower would: one story under the English article's ID
// (the first report), the second Scholz article a copy of the first.
func (e *env) saveStory(t *testing.T) int64 {
	t.Helper()
	ctx := t.Context()
	cs := e.st
	e.saveQuotes(t)
	story := e.ids["en"]
	var b newsdesk.ConnectBatch
	for _, c := range []struct {
		name   string
		copyOf int64
	}{{"en", 0}, {"scholz1", 0}, {"scholz2", e.ids["scholz1"]}, {"merz", 0}} {
		a, err := e.st.Article(ctx, e.ids[c.name])
		if err != nil {
			t.Fatal(err)
		}
		b.Connections = append(b.Connections, newsdesk.Connection{ArticleID: a.ID, Hash: a.Hash, Signature: []byte{}, CopyOf: c.copyOf, Story: story})
	}
	after, err := cs.ConnectPosition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, last, err := e.st.Pending(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.SaveConnections(ctx, after, last, b); err != nil {
		t.Fatal(err)
	}
	if _, err := follow.CatchUp(ctx, e.st, e.ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
	return story
}

// The search page folds copies into one result that lists them; the
// stories page lists the story; the story page draws its coverage and
// shows its first report, actors, quotes, figures and articles by
// language; the reader links a copy to its original and an article to
// its story.
func TestIntegrationStoryPages(t *testing.T) {
	e := newEnv(t, options{})
	story := e.saveStory(t)
	storyURL := fmt.Sprintf("/stories/%d", story)

	p := e.get(t, "/?q=Ukraine", 200)
	results := find(p.doc, "li", ".result")
	if len(results) != 2 {
		t.Fatalf("collapsed: %d results, want 2", len(results))
	}
	copies := find(p.doc, "details", ".result-copies")
	if len(copies) != 1 || !strings.Contains(text(copies[0]), "also published by 1 outlet") {
		t.Fatalf("copies %d: %q", len(copies), text(p.doc))
	}
	if got := hrefs(find(copies[0], "a", "")); len(got) != 1 || got[0] != fmt.Sprintf("/articles/%d", e.ids["scholz2"]) && got[0] != fmt.Sprintf("/articles/%d", e.ids["scholz1"]) {
		t.Errorf("copy links %v", got)
	}
	if got := hrefs(find(p.doc, "a", ".result-story")); len(got) != 2 || got[0] != storyURL {
		t.Errorf("story links %v", got)
	}
	toggle := one(t, p.doc, "a", "#collapse-toggle")
	href, _ := attr(toggle, "href")
	p = e.get(t, href, 200)
	if n := len(find(p.doc, "li", ".result")); n != 3 || len(find(p.doc, "details", ".result-copies")) != 0 {
		t.Errorf("not collapsed: %d results", n)
	}

	p = e.get(t, "/stories", 200)
	items := find(p.doc, "li", ".story-item")
	if len(items) != 1 {
		t.Fatalf("%d stories, want 1", len(items))
	}
	if got := hrefs(find(items[0], "a", "")); !slices.Contains(got, storyURL) || !slices.Contains(got, "/entities/Q212") {
		t.Errorf("story links %v", got)
	}
	p = e.get(t, "/stories?q=Container", 200)
	if n := len(find(p.doc, "li", ".story-item")); n != 1 {
		t.Errorf("stories of a search: %d", n)
	}
	p = e.get(t, "/stories?q=Quantencomputer", 200)
	one(t, p.doc, "p", "#no-stories")

	p = e.get(t, storyURL, 200)
	svg := one(t, p.doc, "svg", "#coverage")
	rows := find(svg, "g", ".row")
	var sites []string
	for _, r := range rows {
		s, _ := attr(r, "data-site")
		sites = append(sites, s)
	}
	if !slices.Equal(sites, []string{"dailypost.example", "tagesblatt.example", "abendpost.example"}) {
		t.Errorf("coverage rows %v", sites)
	}
	if len(find(svg, "circle", ".copy")) != 1 || len(find(svg, "circle", ".original")) != 3 {
		t.Errorf("coverage: %d copy rings, %d originals", len(find(svg, "circle", ".copy")), len(find(svg, "circle", ".original")))
	}
	if got := hrefs(find(one(t, p.doc, "", "#first-report"), "a", "")); len(got) != 1 || got[0] != fmt.Sprintf("/articles/%d", e.ids["en"]) {
		t.Errorf("first report %v", got)
	}
	// The lists name each article's outlet, not its domain (which is
	// the name of an outlet none of whose pages named it: abendpost).
	if got := text(one(t, p.doc, "span", ".first-site")); got != "Daily Post" {
		t.Errorf("first report's outlet %q, want Daily Post", got)
	}
	for _, m := range find(p.doc, "li", ".story-article") {
		if meta := text(one(t, m, "span", ".result-meta")); strings.Contains(meta, "dailypost.example") || strings.Contains(meta, "tagesblatt.example") {
			t.Errorf("story article %q names a domain", meta)
		}
	}
	if got := hrefs(find(one(t, p.doc, "section", "#story-actors"), "a", "")); !slices.Contains(got, "/entities/"+scholzID) {
		t.Errorf("actors %v", got)
	}
	if got := hrefs(find(one(t, p.doc, "section", "#story-quotes"), "a", ".quote-speaker")); !slices.Contains(got, "/entities/"+merzID) {
		t.Errorf("speakers %v", got)
	}
	if f := text(one(t, p.doc, "section", "#story-figures")); !strings.Contains(f, "über 10.000 Container") {
		t.Errorf("figures %q", f)
	}
	langs := find(p.doc, "section", ".story-lang")
	if len(langs) != 2 {
		t.Errorf("%d languages of articles, want 2", len(langs))
	}
	if got := hrefs(find(p.doc, "a", ".copy-of")); len(got) != 1 || got[0] != fmt.Sprintf("/articles/%d", e.ids["scholz1"]) {
		t.Errorf("copy-of links %v", got)
	}
	e.get(t, "/stories/999999", 404)

	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["scholz2"]), 200)
	if got := hrefs(find(one(t, p.doc, "p", "#article-copy-of"), "a", "")); len(got) != 1 || got[0] != fmt.Sprintf("/articles/%d", e.ids["scholz1"]) {
		t.Errorf("copy of %v", got)
	}
	if got := hrefs(find(one(t, p.doc, "p", "#article-story"), "a", "")); len(got) != 1 || got[0] != storyURL {
		t.Errorf("story link %v", got)
	}
	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["scholz1"]), 200)
	if len(find(p.doc, "p", "#article-copy-of")) != 0 {
		t.Errorf("an original says it is a copy")
	}
}
