package sqlite

import (
	"context"
	"errors"
	"slices"
	"testing"

	"newsdesk"
)

func mentionsOf(ms ...newsdesk.Mention) *newsdesk.Analysis {
	a := &newsdesk.Analysis{Language: "de", Mentions: ms}
	seen := map[string]bool{}
	for _, m := range ms {
		if m.EntityID != "" && !seen[m.EntityID] {
			seen[m.EntityID] = true
			a.Entities = append(a.Entities, newsdesk.Entity{ID: m.EntityID, Name: m.Text, Type: m.Type})
		}
	}
	return a
}

func TestAnalyses(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var ids []int64
	for _, u := range []string{"https://a.example/1", "https://a.example/2", "https://a.example/3"} {
		id, _, err := s.SaveArticle(ctx, page(u, u), article(u, "", body(u)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	putin := newsdesk.Mention{Start: 0, End: 14, Text: "Wladimir Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q7747"}
	role := newsdesk.Mention{Start: 30, End: 44, Text: "der Kreml-Chef", Type: newsdesk.Person, Kind: newsdesk.RoleMention, EntityID: "Q7747"}
	kim := newsdesk.Mention{Start: 50, End: 61, Text: "Kim Jong Un", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q56226"}
	nato := newsdesk.Mention{Start: 70, End: 74, Text: "Nato", Type: newsdesk.Organisation, Kind: newsdesk.AbbrevMention, EntityID: "Q7184"}
	odd := newsdesk.Mention{Start: 80, End: 84, Text: "Xyzz", Type: newsdesk.OtherName, Kind: newsdesk.NameMention}
	as := []newsdesk.ArticleAnalysis{
		{ArticleID: ids[0], Analysis: mentionsOf(putin, role, kim, odd)},
		{ArticleID: ids[1], Analysis: mentionsOf(putin, nato)},
	}
	as[0].Hash, as[1].Hash = "h0", "h1"
	_, lastBefore, _ := s.Pending(ctx, 0)
	if err := s.SaveAnalyses(ctx, 0, 2, as); err != nil {
		t.Fatal(err)
	}
	// Both articles gained entities: each is in the change log again,
	// for the index, after the articles' own writes.
	if cs, err := s.Changes(ctx, lastBefore, 10); err != nil || len(cs) != 2 {
		t.Errorf("changes after the analyses: %+v, %v", cs, err)
	}
	_, lastAfter, _ := s.Pending(ctx, 0)
	if hs, err := s.AnalyzedHashes(ctx, ids); err != nil || len(hs) != 2 || hs[ids[0]] != "h0" || hs[ids[1]] != "h1" {
		t.Errorf("AnalyzedHashes = %v, %v", hs, err)
	}
	if es, err := s.ArticleEntities(ctx, ids); err != nil || len(es) != 2 || len(es[ids[0]]) != 2 || es[ids[1]][0] != "Q7184" && es[ids[1]][1] != "Q7184" {
		t.Errorf("ArticleEntities = %v, %v", es, err)
	}
	if ns, err := s.EntityNames(ctx, []string{"Q7747", "nobody"}); err != nil || len(ns) != 1 || ns["Q7747"].Name != "Wladimir Putin" {
		t.Errorf("EntityNames = %v, %v", ns, err)
	}
	// The same entities again: no change for the index.
	if err := s.SaveAnalyses(ctx, 2, 3, as[:1]); err != nil {
		t.Fatal(err)
	}
	if _, last, _ := s.Pending(ctx, 0); last != lastAfter {
		t.Errorf("an unchanged analysis wrote to the change log: %d, was %d", last, lastAfter)
	}
	if pos, err := s.AnalysisPosition(ctx); err != nil || pos != 3 {
		t.Fatalf("AnalysisPosition = %d, %v", pos, err)
	}
	// A stale batch (read before a reset, or behind the position) saves nothing.
	if err := s.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{{ArticleID: ids[0]}}); err != nil {
		t.Fatal(err)
	}
	ms, err := s.ArticleMentions(ctx, ids[0])
	if err != nil || len(ms) != 4 || ms[1] != role || ms[3].EntityID != "" {
		t.Fatalf("ArticleMentions = %+v, %v", ms, err)
	}

	list, err := s.Entities(ctx, newsdesk.EntityFilter{})
	if err != nil || list.Total != 3 || list.Entities[0].ID != "Q7747" || list.Entities[0].Mentions != 3 || list.Entities[0].Articles != 2 {
		t.Fatalf("Entities = %+v, %v", list, err)
	}
	page1, err := s.Entities(ctx, newsdesk.EntityFilter{Limit: 2})
	if err != nil || len(page1.Entities) != 2 || page1.NextCursor == "" {
		t.Fatalf("first page = %+v, %v", page1, err)
	}
	page2, err := s.Entities(ctx, newsdesk.EntityFilter{Limit: 2, Cursor: page1.NextCursor})
	if err != nil || len(page2.Entities) != 1 || page2.NextCursor != "" || page2.Entities[0].ID == page1.Entities[0].ID {
		t.Fatalf("second page = %+v, %v", page2, err)
	}
	// A query finds names and the words an entity was mentioned by.
	for q, want := range map[string]string{"kim": "Q56226", "Kreml-Chef": "Q7747", "nato": "Q7184"} {
		l, err := s.Entities(ctx, newsdesk.EntityFilter{Query: q})
		if err != nil || len(l.Entities) == 0 || l.Entities[0].ID != want {
			t.Errorf("Entities(q=%q) = %+v, %v; want %s first", q, l, err, want)
		}
	}
	if l, _ := s.Entities(ctx, newsdesk.EntityFilter{Type: newsdesk.Organisation}); l.Total != 1 {
		t.Errorf("ORG entities: %+v", l)
	}

	info, err := s.Entity(ctx, "Q7747")
	if err != nil || info.Mentions != 3 || info.Articles != 2 || len(info.Aliases) != 2 || info.Aliases[0].Text != "Wladimir Putin" {
		t.Fatalf("Entity = %+v, %v", info, err)
	}
	if len(info.With) != 2 || len(info.Latest) != 2 {
		t.Errorf("Entity with/latest = %+v / %v", info.With, info.Latest)
	}
	if _, err := s.Entity(ctx, "nobody"); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Entity(nobody): %v", err)
	}

	// An article re-analysed replaces its mentions; one gone loses them.
	as = []newsdesk.ArticleAnalysis{{ArticleID: ids[0], Analysis: mentionsOf(kim)}, {ArticleID: ids[1]}}
	if err := s.SaveAnalyses(ctx, 3, 5, as); err != nil {
		t.Fatal(err)
	}
	if info, err := s.Entity(ctx, "Q7747"); err != nil || info.Mentions != 0 {
		t.Errorf("after re-analysis: %+v, %v", info, err)
	}
	if err := s.ResetAnalyses(ctx); err != nil {
		t.Fatal(err)
	}
	if pos, _ := s.AnalysisPosition(ctx); pos != 0 {
		t.Errorf("position after reset = %d", pos)
	}
	if hs, _ := s.AnalyzedHashes(ctx, ids); len(hs) != 0 {
		t.Errorf("hashes after reset: %v", hs)
	}
}

// Users' aliases, merges and splits change the stored mentions at once,
// survive re-analysis, and a merged-away entity redirects.
func TestEntityEdits(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	id, _, err := s.SaveArticle(ctx, page("https://a.example/1", "x"), article("https://a.example/1", "", body("x")))
	if err != nil {
		t.Fatal(err)
	}
	ms := []newsdesk.Mention{
		{Start: 0, End: 5, Text: "Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q7747"},
		{Start: 10, End: 19, Text: "Kremlchef", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "PER:kremlchef"},
		{Start: 20, End: 30, Text: "W. Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "PER:w-putin"},
		{Start: 40, End: 45, Text: "Mr. X", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q7747"},
	}
	an := mentionsOf(ms...)
	save := func(after, last int64) {
		t.Helper()
		if err := s.SaveAnalyses(ctx, after, last, []newsdesk.ArticleAnalysis{{ArticleID: id, Hash: "h", Analysis: an}}); err != nil {
			t.Fatal(err)
		}
	}
	ids := func() []string {
		got, err := s.ArticleMentions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range got {
			out = append(out, m.EntityID)
		}
		return out
	}
	save(0, 10)
	if err := s.AliasEntity(ctx, "Q7747", "kremlchef"); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeEntity(ctx, "PER:w-putin", "Q7747"); err != nil {
		t.Fatal(err)
	}
	nid, err := s.SplitEntity(ctx, "Q7747", "Mr. X")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Q7747", "Q7747", "Q7747", nid}
	if got := ids(); !slices.Equal(got, want) {
		t.Fatalf("after the edits: %v, want %v", got, want)
	}
	// The analysis again, as the analyser makes it: the edits hold.
	_, last, _ := s.Pending(ctx, 0)
	save(10, last+1)
	if got := ids(); !slices.Equal(got, want) {
		t.Errorf("after re-analysis: %v, want %v", got, want)
	}
	var merged *newsdesk.MergedError
	if _, err := s.Entity(ctx, "PER:w-putin"); !errors.As(err, &merged) || merged.Into != "Q7747" {
		t.Errorf("Entity of a merged-away id: %v", err)
	}
	if err := s.MergeEntity(ctx, "Q7747", "Q7747"); err == nil {
		t.Error("an entity merged into itself")
	}
	if err := s.AliasEntity(ctx, "nobody", "x"); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("alias of a missing entity: %v", err)
	}
	if err := s.MergeEntity(ctx, "Q7747", "PER:w-putin"); !errors.As(err, &merged) {
		t.Errorf("merge into a merged-away entity: %v", err)
	}
}
