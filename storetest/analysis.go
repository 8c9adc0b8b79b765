package storetest

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"newsdesk"
)

// AnalysisStore is a store the analysis suite checks: the core and
// newsdesk.AnalysisStore.
type AnalysisStore interface {
	Store
	newsdesk.AnalysisStore
}

// AnalysisOpener returns a new, empty store for test t, and closes it
// when t ends.
type AnalysisOpener func(t *testing.T) AnalysisStore

// RunAnalysis runs the contract suite of newsdesk.AnalysisStore — the
// entities, mentions and attribution the analysis follower saves, the
// users' edits of entities, the quotations listed — against the stores
// open makes, each case in a parallel subtest with a store of its own.
func RunAnalysis(t *testing.T, open AnalysisOpener) {
	for _, c := range []struct {
		name string
		fn   func(*testing.T, AnalysisOpener)
	}{
		{"Analyses", testAnalyses},
		{"AnalysesDays", testAnalysesDays},
		{"AnalysesConcurrent", testAnalysesConcurrent},
		{"EntityEdits", testEntityEdits},
		{"EntityEditsRelog", testEntityEditsRelog},
		{"Reanalyze", testReanalyze},
		{"Attribution", testAttribution},
		{"QuotesFilter", testQuotesFilter},
		{"TagsConnections", testTagsConnections},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			c.fn(t, open)
		})
	}
}

// analysisOf returns an analysis in German with the given mentions and
// their entities, named as first mentioned.
func analysisOf(ms ...newsdesk.Mention) *newsdesk.Analysis {
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

// saveArticleAt stores an article at u published at pub (none if zero)
// and returns its ID.
func saveArticleAt(t *testing.T, s Store, u string, pub time.Time, sourceID int64) int64 {
	t.Helper()
	a := article(u, "", body(u))
	a.Published = pub
	p := page(u, u)
	p.SourceID = sourceID
	id, _, err := s.SaveArticle(context.Background(), p, a)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// changedAfter returns the articles written to the change log after
// seq after, in order.
func changedAfter(t *testing.T, s Store, after int64) []int64 {
	t.Helper()
	cs, err := s.Changes(context.Background(), after, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

// lastChange returns the last seq of the change log.
func lastChange(t *testing.T, s Store) int64 {
	t.Helper()
	_, last, err := s.Pending(context.Background(), 0)
	if err != nil {
		t.Fatal(err)
	}
	return last
}

// testAnalyses checks saving analyses with the follower's position,
// the change log writes for the index, and the lists of entities.
func testAnalyses(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	var ids []int64
	for _, u := range []string{"https://a.example/1", "https://a.example/2", "https://a.example/3"} {
		ids = append(ids, saveArticleAt(t, s, u, time.Time{}, 0))
	}
	putin := newsdesk.Mention{Start: 0, End: 14, Text: "Wladimir Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q7747"}
	role := newsdesk.Mention{Start: 30, End: 44, Text: "der Kreml-Chef", Type: newsdesk.Person, Kind: newsdesk.RoleMention, EntityID: "Q7747"}
	kim := newsdesk.Mention{Start: 50, End: 61, Text: "Kim Jong Un", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q56226"}
	nato := newsdesk.Mention{Start: 70, End: 74, Text: "Nato", Type: newsdesk.Organisation, Kind: newsdesk.AbbrevMention, EntityID: "Q7184"}
	odd := newsdesk.Mention{Start: 80, End: 84, Text: "Xyzz", Type: newsdesk.OtherName, Kind: newsdesk.NameMention}
	as := []newsdesk.ArticleAnalysis{
		{ArticleID: ids[0], Analysis: analysisOf(putin, role, kim, odd)},
		{ArticleID: ids[1], Analysis: analysisOf(putin, nato)},
	}
	as[0].Hash, as[1].Hash = "h0", "h1"
	if pos, err := s.AnalysisPosition(ctx); err != nil || pos != 0 {
		t.Fatalf("AnalysisPosition of a new store = %d, %v", pos, err)
	}
	lastBefore := lastChange(t, s)
	if err := s.SaveAnalyses(ctx, 0, 2, as); err != nil {
		t.Fatal(err)
	}
	// Both articles gained entities: each is in the change log again,
	// for the index, after the articles' own writes.
	if got := changedAfter(t, s, lastBefore); !slices.Equal(got, ids[:2]) {
		t.Errorf("changes after the analyses: %v, want %v", got, ids[:2])
	}
	lastAfter := lastChange(t, s)
	if hs, err := s.AnalyzedHashes(ctx, ids); err != nil || len(hs) != 2 || hs[ids[0]] != "h0" || hs[ids[1]] != "h1" {
		t.Errorf("AnalyzedHashes = %v, %v", hs, err)
	}
	if es, err := s.ArticleEntities(ctx, ids); err != nil || len(es) != 2 ||
		!slices.Equal(es[ids[0]], []string{"Q56226", "Q7747"}) || !slices.Equal(es[ids[1]], []string{"Q7184", "Q7747"}) {
		t.Errorf("ArticleEntities = %v, %v", es, err)
	}
	if ns, err := s.EntityNames(ctx, []string{"Q7747", "nobody"}); err != nil || len(ns) != 1 ||
		!sameEntity(ns["Q7747"], newsdesk.Entity{ID: "Q7747", Name: "Wladimir Putin", Type: newsdesk.Person}) {
		t.Errorf("EntityNames = %v, %v", ns, err)
	}
	// The same entities again: no change for the index.
	if err := s.SaveAnalyses(ctx, 2, 3, as[:1]); err != nil {
		t.Fatal(err)
	}
	if last := lastChange(t, s); last != lastAfter {
		t.Errorf("an unchanged analysis wrote to the change log: %d, was %d", last, lastAfter)
	}
	if pos, err := s.AnalysisPosition(ctx); err != nil || pos != 3 {
		t.Fatalf("AnalysisPosition = %d, %v", pos, err)
	}
	// A stale batch (read before a reset, or behind the position) saves nothing.
	if err := s.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{{ArticleID: ids[0]}}); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnalyses(ctx, 1, 3, []newsdesk.ArticleAnalysis{{ArticleID: ids[0]}}); err != nil {
		t.Fatal(err)
	}
	if pos, err := s.AnalysisPosition(ctx); err != nil || pos != 3 {
		t.Fatalf("AnalysisPosition after stale batches = %d, %v", pos, err)
	}
	ms, err := s.ArticleMentions(ctx, ids[0])
	if err != nil || !slices.Equal(ms, []newsdesk.Mention{putin, role, kim, odd}) {
		t.Fatalf("ArticleMentions = %+v, %v", ms, err)
	}
	if ms, err := s.ArticleMentions(ctx, ids[2]); err != nil || ms == nil || len(ms) != 0 {
		t.Errorf("ArticleMentions of an article not analysed = %#v, %v", ms, err)
	}

	list, err := s.Entities(ctx, newsdesk.EntityFilter{})
	if err != nil || list.Total != 3 || len(list.Entities) != 3 || list.Entities[0].ID != "Q7747" ||
		list.Entities[0].Mentions != 3 || list.Entities[0].Articles != 2 || list.NextCursor != "" {
		t.Fatalf("Entities = %+v, %v", list, err)
	}
	// Ties in mentions go by id.
	if list.Entities[1].ID != "Q56226" || list.Entities[2].ID != "Q7184" {
		t.Errorf("Entities order = %+v", list.Entities)
	}
	page1, err := s.Entities(ctx, newsdesk.EntityFilter{Limit: 2})
	if err != nil || len(page1.Entities) != 2 || page1.NextCursor == "" || page1.Total != 3 {
		t.Fatalf("first page = %+v, %v", page1, err)
	}
	page2, err := s.Entities(ctx, newsdesk.EntityFilter{Limit: 2, Cursor: page1.NextCursor})
	if err != nil || len(page2.Entities) != 1 || page2.NextCursor != "" || page2.Entities[0].ID != "Q7184" {
		t.Fatalf("second page = %+v, %v", page2, err)
	}
	if _, err := s.Entities(ctx, newsdesk.EntityFilter{Cursor: "not a cursor"}); !errors.Is(err, newsdesk.ErrBadCursor) {
		t.Errorf("Entities with a bad cursor: %v", err)
	}
	// A query finds names and the words an entity was mentioned by, in
	// any case; a name that is the query comes first.
	for q, want := range map[string]string{"kim": "Q56226", "Kreml-Chef": "Q7747", "nato": "Q7184", "NATO": "Q7184", "n": "Q7184", "100%": ""} {
		l, err := s.Entities(ctx, newsdesk.EntityFilter{Query: q})
		if err != nil {
			t.Errorf("Entities(q=%q): %v", q, err)
			continue
		}
		if want == "" {
			if l.Total != 0 || len(l.Entities) != 0 {
				t.Errorf("Entities(q=%q) = %+v, want none", q, l)
			}
			continue
		}
		if len(l.Entities) == 0 || l.Entities[0].ID != want {
			t.Errorf("Entities(q=%q) = %+v; want %s first", q, l, want)
		}
	}
	if l, err := s.Entities(ctx, newsdesk.EntityFilter{Query: "i", Limit: 1}); err != nil || l.Total != 2 || len(l.Entities) != 1 || l.Entities[0].ID != "Q7747" {
		t.Errorf("Entities(q=i) = %+v, %v", l, err)
	}
	if l, _ := s.Entities(ctx, newsdesk.EntityFilter{Type: newsdesk.Organisation}); l == nil || l.Total != 1 || l.Entities[0].ID != "Q7184" {
		t.Errorf("ORG entities: %+v", l)
	}

	info, err := s.Entity(ctx, "Q7747")
	if err != nil || info.Mentions != 3 || info.Articles != 2 || info.Name != "Wladimir Putin" || info.Type != newsdesk.Person {
		t.Fatalf("Entity = %+v, %v", info, err)
	}
	if want := []newsdesk.AliasCount{{Text: "Wladimir Putin", Count: 2}, {Text: "der Kreml-Chef", Count: 1}}; !slices.Equal(info.Aliases, want) {
		t.Errorf("Entity aliases = %+v, want %+v", info.Aliases, want)
	}
	if len(info.With) != 2 || info.With[0].ID != "Q56226" || info.With[0].Articles != 1 || len(info.Latest) != 2 {
		t.Errorf("Entity with/latest = %+v / %v", info.With, info.Latest)
	}
	// Both articles were stored without a publication time, the later
	// one last.
	if !slices.Equal(info.Latest, []int64{ids[1], ids[0]}) {
		t.Errorf("Entity latest = %v, want %v", info.Latest, []int64{ids[1], ids[0]})
	}
	if _, err := s.Entity(ctx, "nobody"); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Entity(nobody): %v", err)
	}

	// An article re-analysed replaces its mentions; one gone loses them.
	as = []newsdesk.ArticleAnalysis{{ArticleID: ids[0], Analysis: analysisOf(kim)}, {ArticleID: ids[1]}}
	if err := s.SaveAnalyses(ctx, 3, 5, as); err != nil {
		t.Fatal(err)
	}
	if info, err := s.Entity(ctx, "Q7747"); err != nil || info.Mentions != 0 || len(info.Aliases) != 0 || len(info.Days) != 0 {
		t.Errorf("after re-analysis: %+v, %v", info, err)
	}
	if ms, err := s.ArticleMentions(ctx, ids[1]); err != nil || len(ms) != 0 {
		t.Errorf("mentions of an article gone: %+v, %v", ms, err)
	}
	// An article that does not exist (gone before it was saved) is
	// passed over.
	if err := s.SaveAnalyses(ctx, 5, 6, []newsdesk.ArticleAnalysis{{ArticleID: 999999, Hash: "x", Analysis: analysisOf(kim)}}); err != nil {
		t.Fatal(err)
	}
	if hs, err := s.AnalyzedHashes(ctx, []int64{999999}); err != nil || len(hs) != 0 {
		t.Errorf("AnalyzedHashes of a missing article = %v, %v", hs, err)
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
	// The analyses stay until replaced.
	if ms, err := s.ArticleMentions(ctx, ids[0]); err != nil || len(ms) != 1 {
		t.Errorf("mentions after reset: %+v, %v", ms, err)
	}
	// A batch read before the reset saves nothing; one from the start does.
	if err := s.SaveAnalyses(ctx, 6, 7, []newsdesk.ArticleAnalysis{{ArticleID: ids[0]}}); err != nil {
		t.Fatal(err)
	}
	if pos, _ := s.AnalysisPosition(ctx); pos != 0 {
		t.Errorf("position after a stale batch = %d", pos)
	}
	if err := s.SaveAnalyses(ctx, 0, 7, nil); err != nil {
		t.Fatal(err)
	}
	if pos, _ := s.AnalysisPosition(ctx); pos != 7 {
		t.Errorf("position after an empty batch = %d", pos)
	}
}

// testAnalysesDays checks the time filters of Entities and the days of
// Entity, by the articles' publication time (their time stored if
// unknown).
func testAnalysesDays(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	day := time.Date(2024, 6, 19, 23, 30, 0, 0, time.UTC)
	mention := newsdesk.Mention{Start: 0, End: 4, Text: "Nato", Type: newsdesk.Organisation, Kind: newsdesk.AbbrevMention, EntityID: "Q7184"}
	other := newsdesk.Mention{Start: 10, End: 12, Text: "UN", Type: newsdesk.Organisation, Kind: newsdesk.AbbrevMention, EntityID: "Q1065"}
	var as []newsdesk.ArticleAnalysis
	for i, pub := range []time.Time{day, day.Add(time.Hour), day.Add(25 * time.Hour)} {
		id := saveArticleAt(t, s, "https://a.example/"+string(rune('a'+i)), pub.In(time.FixedZone("CEST", 2*3600)), 0)
		an := analysisOf(mention)
		if i == 2 {
			an = analysisOf(mention, other)
		}
		as = append(as, newsdesk.ArticleAnalysis{ArticleID: id, Hash: "h", Analysis: an})
	}
	if err := s.SaveAnalyses(ctx, 0, 1, as); err != nil {
		t.Fatal(err)
	}
	info, err := s.Entity(ctx, "Q7184")
	if err != nil {
		t.Fatal(err)
	}
	if want := map[string]int{"2024-06-19": 1, "2024-06-20": 1, "2024-06-21": 1}; len(info.Days) != len(want) ||
		info.Days["2024-06-19"] != 1 || info.Days["2024-06-20"] != 1 || info.Days["2024-06-21"] != 1 {
		t.Errorf("Days = %v, want %v", info.Days, want)
	}
	if info.Latest[0] != as[2].ArticleID {
		t.Errorf("Latest = %v, want %d first", info.Latest, as[2].ArticleID)
	}
	for _, tt := range []struct {
		from, to time.Time
		total    int
		mentions int
	}{
		{day, day.Add(time.Hour), 1, 1},
		{day.Add(time.Minute), time.Time{}, 2, 2},
		{time.Time{}, day.Add(time.Hour + time.Microsecond), 1, 2},
		{day.Add(26 * time.Hour), time.Time{}, 0, 0},
	} {
		l, err := s.Entities(ctx, newsdesk.EntityFilter{From: tt.from, To: tt.to})
		if err != nil || l.Total != tt.total || tt.total > 0 && (l.Entities[0].ID != "Q7184" || l.Entities[0].Mentions != tt.mentions) {
			t.Errorf("Entities(%v, %v) = %+v, %v; want %d, Nato %d", tt.from, tt.to, l, err, tt.total, tt.mentions)
		}
	}
}

// testAnalysesConcurrent checks that batches saved at once, as
// followers in several processes do, each move the position once:
// a batch behind the position saves nothing, and the stored mentions
// are those of one analysis.
func testAnalysesConcurrent(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	var ids []int64
	for i := range 8 {
		ids = append(ids, saveArticleAt(t, s, "https://c.example/"+string(rune('a'+i)), time.Time{}, 0))
	}
	m := newsdesk.Mention{Start: 0, End: 4, Text: "Nato", Type: newsdesk.Organisation, Kind: newsdesk.AbbrevMention, EntityID: "Q7184"}
	var as []newsdesk.ArticleAnalysis
	for _, id := range ids {
		as = append(as, newsdesk.ArticleAnalysis{ArticleID: id, Hash: "h", Analysis: analysisOf(m)})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Go(func() {
			// Followers that read the same position, with batches
			// ending at different seqs.
			errs <- s.SaveAnalyses(ctx, 0, int64(10+i%4), as)
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	pos, err := s.AnalysisPosition(ctx)
	if err != nil || pos != 13 {
		t.Errorf("position = %d, %v", pos, err)
	}
	info, err := s.Entity(ctx, "Q7184")
	if err != nil || info.Mentions != len(ids) || info.Articles != len(ids) {
		t.Errorf("Entity after concurrent saves = %+v, %v", info, err)
	}
}

// testEntityEdits checks that users' aliases, merges and splits change
// the stored mentions at once, survive re-analysis, and that a
// merged-away entity redirects.
func testEntityEdits(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	id := saveArticleAt(t, s, "https://a.example/1", time.Time{}, 0)
	ms := []newsdesk.Mention{
		{Start: 0, End: 5, Text: "Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q7747"},
		{Start: 10, End: 19, Text: "Kremlchef", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "PER:kremlchef"},
		{Start: 20, End: 30, Text: "W. Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "PER:w-putin"},
		{Start: 40, End: 45, Text: "Mr. X", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q7747"},
		{Start: 50, End: 59, Text: "KREMLCHEF", Type: newsdesk.Person, Kind: newsdesk.NameMention},
	}
	an := analysisOf(ms...)
	// save saves the analysis as the follower does, after the
	// position.
	save := func() {
		t.Helper()
		pos, err := s.AnalysisPosition(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnalyses(ctx, pos, pos+1, []newsdesk.ArticleAnalysis{{ArticleID: id, Hash: "h", Analysis: an}}); err != nil {
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
	save()
	if err := s.AliasEntity(ctx, "Q7747", "  kremlchef "); err != nil {
		t.Fatal(err)
	}
	if err := s.MergeEntity(ctx, "PER:w-putin", "Q7747"); err != nil {
		t.Fatal(err)
	}
	nid, err := s.SplitEntity(ctx, "Q7747", "Mr.  X")
	if err != nil {
		t.Fatal(err)
	}
	if nid != "Q7747~mr.-x" {
		t.Errorf("SplitEntity = %q", nid)
	}
	want := []string{"Q7747", "Q7747", "Q7747", nid, "Q7747"}
	if got := ids(); !slices.Equal(got, want) {
		t.Fatalf("after the edits: %v, want %v", got, want)
	}
	if ns, err := s.EntityNames(ctx, []string{nid}); err != nil || !sameEntity(ns[nid], newsdesk.Entity{ID: nid, Name: "Mr. X", Type: newsdesk.Person}) {
		t.Errorf("the entity split off: %+v, %v", ns, err)
	}
	// The analysis again, as the analyser makes it: the edits hold.
	save()
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
	if err := s.AliasEntity(ctx, "Q7747", "  "); err == nil {
		t.Error("an empty alias was accepted")
	}
	if _, err := s.SplitEntity(ctx, "nobody", "x"); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("split of a missing entity: %v", err)
	}
	if err := s.MergeEntity(ctx, "Q7747", "PER:w-putin"); !errors.As(err, &merged) {
		t.Errorf("merge into a merged-away entity: %v", err)
	}
	// A chain of merges leads to the last: what was merged into an
	// entity merged away follows it.
	if err := s.MergeEntity(ctx, "Q7747", "PER:kremlchef"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entity(ctx, "PER:w-putin"); !errors.As(err, &merged) || merged.Into != "PER:kremlchef" {
		t.Errorf("Entity of an id merged twice: %v", err)
	}
	save()
	want = []string{"PER:kremlchef", "PER:kremlchef", "PER:kremlchef", nid, "PER:kremlchef"}
	if got := ids(); !slices.Equal(got, want) {
		t.Errorf("after a second merge and re-analysis: %v, want %v", got, want)
	}
	// An entity merged away cannot be split.
	if nid2, err := s.SplitEntity(ctx, "Q7747", "Mr. X"); !errors.As(err, &merged) {
		t.Errorf("split of an entity merged away = %q, %v", nid2, err)
	}
}

// testEntityEditsRelog checks that an edit writes the articles whose
// mentions or speakers it changes to the change log, for the index, and
// no others.
func testEntityEditsRelog(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	var ids []int64
	for i := range 4 {
		ids = append(ids, saveArticleAt(t, s, "https://r.example/"+string(rune('a'+i)), time.Time{}, 0))
	}
	putin := newsdesk.Mention{Start: 0, End: 5, Text: "Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "Q7747"}
	wp := newsdesk.Mention{Start: 0, End: 8, Text: "W. Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "PER:w-putin"}
	nato := newsdesk.Mention{Start: 0, End: 4, Text: "Nato", Type: newsdesk.Organisation, Kind: newsdesk.AbbrevMention, EntityID: "Q7184"}
	// The fourth quotes W. Putin without mentioning him.
	quoted := analysisOf(nato)
	quoted.Quotes = []newsdesk.Quotation{{Span: newsdesk.Span{Start: 10, End: 20, Text: "Wir siegen."}, Form: newsdesk.DirectQuote,
		Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: 30, End: 38, Text: "W. Putin"}, EntityID: "PER:w-putin"}}}
	err := s.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{
		{ArticleID: ids[0], Hash: "h", Analysis: analysisOf(putin)},
		{ArticleID: ids[1], Hash: "h", Analysis: analysisOf(wp)},
		{ArticleID: ids[2], Hash: "h", Analysis: analysisOf(nato)},
		{ArticleID: ids[3], Hash: "h", Analysis: quoted},
	})
	if err != nil {
		t.Fatal(err)
	}
	last := lastChange(t, s)
	if err := s.MergeEntity(ctx, "PER:w-putin", "Q7747"); err != nil {
		t.Fatal(err)
	}
	if got := changedAfter(t, s, last); !slices.Equal(got, []int64{ids[1], ids[3]}) {
		t.Errorf("changes after a merge: %v, want %v", got, []int64{ids[1], ids[3]})
	}
	if tags, err := s.ArticleTags(ctx, ids[3:]); err != nil || !slices.Equal(tags[ids[3]].Speakers, []string{"Q7747"}) {
		t.Errorf("tags after the merge: %+v, %v", tags, err)
	}
	last = lastChange(t, s)
	if err := s.AliasEntity(ctx, "Q7184", "putin"); err != nil {
		t.Fatal(err)
	}
	if got := changedAfter(t, s, last); !slices.Equal(got, []int64{ids[0]}) {
		t.Errorf("changes after an alias: %v, want %v", got, []int64{ids[0]})
	}
	// The alias again changes nothing.
	last = lastChange(t, s)
	if err := s.AliasEntity(ctx, "Q7184", "Putin"); err != nil {
		t.Fatal(err)
	}
	if got := changedAfter(t, s, last); len(got) != 0 {
		t.Errorf("changes after the same alias: %v", got)
	}
}

// testReanalyze checks that Reanalyze forgets the hashes of the
// articles it selects and writes them to the change log, in ID order.
func testReanalyze(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	src := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://r.example/feed"}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	day := time.Date(2024, 6, 19, 10, 0, 0, 0, time.UTC)
	ids := []int64{
		saveArticleAt(t, s, "https://r.example/1", day, src.ID),
		saveArticleAt(t, s, "https://r.example/2", day.Add(48*time.Hour), src.ID),
		saveArticleAt(t, s, "https://q.example/3", day.Add(48*time.Hour), 0),
	}
	analyseAll := func() {
		t.Helper()
		var as []newsdesk.ArticleAnalysis
		for _, id := range ids {
			as = append(as, newsdesk.ArticleAnalysis{ArticleID: id, Hash: "h", Analysis: analysisOf()})
		}
		pos, err := s.AnalysisPosition(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnalyses(ctx, pos, lastChange(t, s)+pos+1, as); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		name string
		f    newsdesk.ArticleFilter
		want []int64
	}{
		{"source", newsdesk.ArticleFilter{SourceID: src.ID}, ids[:2]},
		{"since", newsdesk.ArticleFilter{Since: day.Add(time.Hour)}, ids[1:]},
		{"source and since", newsdesk.ArticleFilter{SourceID: src.ID, Since: day.Add(time.Hour)}, ids[1:2]},
		{"all", newsdesk.ArticleFilter{}, ids},
		{"none", newsdesk.ArticleFilter{Since: day.Add(100 * time.Hour)}, nil},
	} {
		analyseAll()
		last := lastChange(t, s)
		n, err := s.Reanalyze(ctx, tt.f)
		if err != nil || n != int64(len(tt.want)) {
			t.Errorf("%s: Reanalyze = %d, %v; want %d", tt.name, n, err, len(tt.want))
		}
		if got := changedAfter(t, s, last); !slices.Equal(got, tt.want) {
			t.Errorf("%s: changes %v, want %v", tt.name, got, tt.want)
		}
		hs, err := s.AnalyzedHashes(ctx, ids)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			if _, ok := hs[id]; ok == slices.Contains(tt.want, id) {
				t.Errorf("%s: article %d analysed: %v", tt.name, id, ok)
			}
		}
	}
}

// saveQuoted stores an article published at pub and an analysis of it
// with one quotation of text by speaker (entity id), the given
// agencies, a cited source and a figure claimed by it.
func saveQuoted(t *testing.T, s AnalysisStore, u string, pub time.Time, text, speaker string, agencies ...string) int64 {
	t.Helper()
	ctx := context.Background()
	id := saveArticleAt(t, s, u, pub, 0)
	an := analysisOf(newsdesk.Mention{Start: 0, End: 5, Text: "Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: speaker})
	an.Quotes = []newsdesk.Quotation{{
		Span:    newsdesk.Span{Start: 10, End: 10 + len([]rune(text)), Text: text},
		Form:    newsdesk.DirectQuote,
		Cue:     &newsdesk.Span{Start: 6, End: 9, Text: "sagte"},
		Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: 0, End: 5, Text: "Putin"}, EntityID: speaker},
		Parts:   []newsdesk.Span{{Start: 10, End: 12, Text: "ab"}, {Start: 14, End: 16, Text: "cd"}},
	}}
	an.Agencies = agencies
	an.Sources = []newsdesk.CitedSource{{Span: newsdesk.Span{Start: 40, End: 47, Text: "Spiegel"}, Name: "Spiegel", Kind: newsdesk.CitedMedia, EntityID: "media:spiegel"}}
	an.Figures = []newsdesk.Figure{{Span: newsdesk.Span{Start: 50, End: 66, Text: "10.000 Container"}, Value: 10000, Unit: "Container",
		Claimant: &newsdesk.Attributed{Span: newsdesk.Span{Start: 70, End: 72, Text: "US"}, EntityID: "LOC:usa"}}}
	pos, err := s.AnalysisPosition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnalyses(ctx, pos, pos+1, []newsdesk.ArticleAnalysis{{ArticleID: id, Hash: "h", Analysis: an}}); err != nil {
		t.Fatal(err)
	}
	return id
}

// testAttribution checks the quotations, agencies, cited sources and
// figures stored, the tags of the index, and the list of quotations:
// wire copies once, full text, filters, pages, merges.
func testAttribution(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	day := time.Date(2024, 6, 19, 10, 0, 0, 0, time.UTC)
	// One dispatch on three sites, with other quotation marks and case,
	// and another quotation by someone else.
	first := saveQuoted(t, s, "https://a.example/1", day, "Der Vertrag ist ein Durchbruch.", "Q7747", "dpa", "AFP")
	copy1 := saveQuoted(t, s, "https://www.b.example/1", day.Add(time.Hour), "der Vertrag ist ein Durchbruch", "Q7747", "dpa")
	copy2 := saveQuoted(t, s, "https://c.example/1", day.Add(2*time.Hour), "Der Vertrag ist ein Durchbruch!", "Q7747")
	other := saveQuoted(t, s, "https://d.example/1", day.Add(24*time.Hour), "Verträge werden gebrochen.", "Q56226")

	at, err := s.ArticleAttribution(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	wantQuote := newsdesk.Quotation{
		Span:    newsdesk.Span{Start: 10, End: 41, Text: "Der Vertrag ist ein Durchbruch."},
		Form:    newsdesk.DirectQuote,
		Cue:     &newsdesk.Span{Start: 6, End: 9, Text: "sagte"},
		Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: 0, End: 5, Text: "Putin"}, EntityID: "Q7747"},
		Parts:   []newsdesk.Span{{Start: 10, End: 12, Text: "ab"}, {Start: 14, End: 16, Text: "cd"}},
	}
	if len(at.Quotes) != 1 || !sameQuote(at.Quotes[0], wantQuote) {
		t.Errorf("quotes = %+v", at.Quotes)
	}
	if !slices.Equal(at.Agencies, []string{"dpa", "AFP"}) {
		t.Errorf("agencies = %v", at.Agencies)
	}
	if want := (newsdesk.CitedSource{Span: newsdesk.Span{Start: 40, End: 47, Text: "Spiegel"}, Name: "Spiegel", Kind: newsdesk.CitedMedia, EntityID: "media:spiegel"}); len(at.Sources) != 1 || at.Sources[0] != want {
		t.Errorf("sources = %+v", at.Sources)
	}
	if len(at.Figures) != 1 || at.Figures[0].Value != 10000 || at.Figures[0].Unit != "Container" || at.Figures[0].Text != "10.000 Container" ||
		at.Figures[0].Claimant == nil || *at.Figures[0].Claimant != (newsdesk.Attributed{Span: newsdesk.Span{Start: 70, End: 72, Text: "US"}, EntityID: "LOC:usa"}) {
		t.Errorf("figures = %+v", at.Figures)
	}
	if at, err := s.ArticleAttribution(ctx, 999999); err != nil || at.Quotes == nil || at.Agencies == nil || len(at.Quotes)+len(at.Agencies)+len(at.Sources)+len(at.Figures) != 0 {
		t.Errorf("attribution of no article = %+v, %v", at, err)
	}

	tags, err := s.ArticleTags(ctx, []int64{first, copy2, 999})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 2 {
		t.Errorf("tags of %d articles, want 2: %+v", len(tags), tags)
	}
	if got := tags[first]; !slices.Equal(got.Speakers, []string{"Q7747"}) || !slices.Equal(got.Agencies, []string{"afp", "dpa"}) ||
		!slices.Equal(got.Entities, []string{"Q7747"}) || got.CopyOf != 0 || got.Story != 0 {
		t.Errorf("tags of the first = %+v", got)
	}
	if got := tags[copy2]; len(got.Agencies) != 0 || len(got.Speakers) != 1 {
		t.Errorf("tags of the second copy = %+v", got)
	}

	// The copies' quotation is listed once, in its earliest article,
	// with all three outlets; the newest quotation comes first.
	l, err := s.Quotes(ctx, newsdesk.QuoteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 2 || len(l.Quotes) != 2 || l.Quotes[0].ArticleID != other || l.Quotes[1].ArticleID != first || l.NextCursor != "" {
		t.Fatalf("Quotes = %+v", l)
	}
	h := l.Quotes[1]
	if !sameQuote(h.Quotation, wantQuote) || h.Title != "Title of https://a.example/1" || h.URL != "https://a.example/1" ||
		h.Site != "a.example" || !h.Published.Equal(day) || h.Lang != "en" {
		t.Errorf("hit = %+v", h)
	}
	if os := h.Outlets; len(os) != 3 || os[0].ArticleID != first || os[1].ArticleID != copy1 || os[2].ArticleID != copy2 ||
		os[1].Site != "b.example" || !os[1].Published.Equal(day.Add(time.Hour)) || os[2].Title != "Title of https://c.example/1" {
		t.Errorf("outlets = %+v", os)
	}
	// Full text is stemmed: "Vertrag" finds "Verträge" too.
	for q, want := range map[string]int{"Vertrag": 2, "Durchbruch": 1, `"ist ein Durchbruch"`: 1, `"ein ist"`: 0,
		"Vertrag Durchbruch": 1, "nirgends": 0, "!!": 0, `"Durchbruch`: 1, "VERTRÄGE": 2, "it's": 0} {
		l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Query: q})
		if err != nil || l.Total != want || len(l.Quotes) != want {
			t.Errorf("Quotes(%q) = %+v, %v; want %d", q, l, err, want)
		}
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Speaker: "Q56226"}); err != nil || l.Total != 1 || l.Quotes[0].ArticleID != other {
		t.Errorf("Quotes by speaker = %+v, %v", l, err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{To: day.Add(30 * time.Minute)}); err != nil || l.Total != 1 {
		t.Errorf("Quotes before the first copy = %+v, %v", l, err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{From: day.Add(30 * time.Minute), To: day.Add(3 * time.Hour)}); err != nil || l.Total != 1 || l.Quotes[0].ArticleID != copy1 {
		t.Errorf("Quotes of the later copies = %+v, %v", l, err)
	}

	// Pages follow one another without gaps or repeats.
	var seen []int64
	cursor := ""
	for range 5 {
		l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Limit: 1, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		if l.Total != 2 {
			t.Errorf("Total of a page = %d", l.Total)
		}
		for _, h := range l.Quotes {
			seen = append(seen, h.ArticleID)
		}
		if cursor = l.NextCursor; cursor == "" {
			break
		}
	}
	if !slices.Equal(seen, []int64{other, first}) {
		t.Errorf("paged quotes: %v", seen)
	}
	if _, err := s.Quotes(ctx, newsdesk.QuoteFilter{Cursor: "not a cursor"}); !errors.Is(err, newsdesk.ErrBadCursor) {
		t.Errorf("a bad cursor: %v", err)
	}

	// A merge moves the speaker's quotations, now and in later analyses.
	if err := s.MergeEntity(ctx, "Q56226", "Q7747"); err != nil {
		t.Fatal(err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Speaker: "Q7747"}); err != nil || l.Total != 2 || l.Quotes[0].SpeakerName != "Putin" {
		t.Errorf("Quotes after the merge = %+v, %v", l, err)
	}
	again := saveQuoted(t, s, "https://e.example/1", day.Add(48*time.Hour), "Noch ein Satz.", "Q56226")
	if at, err := s.ArticleAttribution(ctx, again); err != nil || at.Quotes[0].Speaker.EntityID != "Q7747" {
		t.Errorf("speaker of a later analysis after the merge: %+v, %v", at, err)
	}
	// An alias of a cited source and of a claimant applies to them.
	if err := s.AliasEntity(ctx, "Q7747", "us"); err != nil {
		t.Fatal(err)
	}
	if at, err := s.ArticleAttribution(ctx, copy1); err != nil || at.Figures[0].Claimant.EntityID != "Q7747" || at.Sources[0].EntityID != "media:spiegel" {
		t.Errorf("attribution after an alias of the claimant: %+v, %v", at, err)
	}

	// A new analysis replaces the old one; a gone article takes its
	// attribution with it.
	pos, _ := s.AnalysisPosition(ctx)
	if err := s.SaveAnalyses(ctx, pos, pos+1, []newsdesk.ArticleAnalysis{{ArticleID: copy2, Hash: "h2", Analysis: analysisOf()}}); err != nil {
		t.Fatal(err)
	}
	if at, err := s.ArticleAttribution(ctx, copy2); err != nil || len(at.Quotes)+len(at.Sources)+len(at.Figures)+len(at.Agencies) != 0 {
		t.Errorf("attribution after a new analysis: %+v, %v", at, err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Query: "Durchbruch"}); err != nil || l.Total != 1 || len(l.Quotes[0].Outlets) != 2 {
		t.Errorf("Quotes after a copy lost its quotation = %+v, %v", l, err)
	}
	if err := s.SaveAnalyses(ctx, pos+1, pos+2, []newsdesk.ArticleAnalysis{{ArticleID: copy1}}); err != nil {
		t.Fatal(err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Query: "Durchbruch"}); err != nil || l.Total != 1 || len(l.Quotes[0].Outlets) != 1 {
		t.Errorf("Quotes after an article gone = %+v, %v", l, err)
	}
}

// sameEntity reports whether two entities are equal.
func sameEntity(a, b newsdesk.Entity) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Type == b.Type && slices.Equal(a.Aliases, b.Aliases)
}

// sameQuote reports whether two quotations are equal.
func sameQuote(a, b newsdesk.Quotation) bool {
	return a.Span == b.Span && a.Form == b.Form && slices.Equal(a.Parts, b.Parts) &&
		(a.Cue == nil) == (b.Cue == nil) && (a.Cue == nil || *a.Cue == *b.Cue) &&
		(a.Speaker == nil) == (b.Speaker == nil) && (a.Speaker == nil || *a.Speaker == *b.Speaker)
}

// testQuotesFilter checks the language filter, speakers known only by
// name, quotations without cue or speaker, and the order of quotations
// published at one time.
func testQuotesFilter(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	day := time.Date(2024, 6, 19, 10, 0, 0, 0, time.UTC)
	save := func(u, lang string, qs ...newsdesk.Quotation) int64 {
		t.Helper()
		a := article(u, "", body(u))
		a.Published, a.Language = day, lang
		id, _, err := s.SaveArticle(ctx, page(u, u), a)
		if err != nil {
			t.Fatal(err)
		}
		an := analysisOf()
		an.Quotes = qs
		pos, _ := s.AnalysisPosition(ctx)
		if err := s.SaveAnalyses(ctx, pos, pos+1, []newsdesk.ArticleAnalysis{{ArticleID: id, Hash: "h", Analysis: an}}); err != nil {
			t.Fatal(err)
		}
		return id
	}
	q := func(text, speaker string) newsdesk.Quotation {
		qq := newsdesk.Quotation{Span: newsdesk.Span{Start: 0, End: len([]rune(text)), Text: text}, Form: newsdesk.ReportedQuote}
		if speaker != "" {
			qq.Speaker = &newsdesk.Attributed{Span: newsdesk.Span{Start: 100, End: 100 + len(speaker), Text: speaker}}
		}
		return qq
	}
	de := save("https://de.example/1", "de", q("Die Verträge wurden unterzeichnet.", "Der Sprecher"), q("Wir warten ab.", ""))
	en := save("https://en.example/1", "en", q("The treaties were signed.", "the spokesman"))
	// The same words by a speaker written otherwise (in another case)
	// are the same quotation; by another, another.
	dup := save("https://de.example/2", "de", q("Die Verträge wurden unterzeichnet.", "der sprecher"), q("Die Verträge wurden unterzeichnet.", "Die Sprecherin"))

	l, err := s.Quotes(ctx, newsdesk.QuoteFilter{})
	if err != nil || l.Total != 4 {
		t.Fatalf("Quotes = %+v, %v", l, err)
	}
	// One time: the later saved first.
	var got []int64
	for _, h := range l.Quotes {
		got = append(got, h.ArticleID)
	}
	if want := []int64{dup, en, de, de}; !slices.Equal(got, want) {
		t.Errorf("order of quotations at one time: %v, want %v", got, want)
	}
	for _, h := range l.Quotes {
		if h.ArticleID == de && h.Speaker != nil && len(h.Outlets) != 2 {
			t.Errorf("outlets of the quotation by the spokesman: %+v", h.Outlets)
		}
		if h.Speaker == nil && (h.Text != "Wir warten ab." || h.Cue != nil || h.SpeakerName != "") {
			t.Errorf("quotation without speaker = %+v", h)
		}
	}
	for _, tt := range []struct {
		f    newsdesk.QuoteFilter
		want int
	}{
		{newsdesk.QuoteFilter{Lang: "de"}, 3},
		{newsdesk.QuoteFilter{Lang: "en"}, 1},
		{newsdesk.QuoteFilter{Lang: "fr"}, 0},
		{newsdesk.QuoteFilter{Query: "Vertrag", Lang: "de"}, 2},
		{newsdesk.QuoteFilter{Query: "treaty", Lang: "en"}, 1},
		{newsdesk.QuoteFilter{Query: "treaty", Lang: "de"}, 0},
		{newsdesk.QuoteFilter{Query: "sign"}, 1},
		{newsdesk.QuoteFilter{Query: `"wurden unterzeichnet"`}, 2},
		{newsdesk.QuoteFilter{Query: `"unterzeichnet wurden"`}, 0},
		{newsdesk.QuoteFilter{Speaker: "nobody"}, 0},
	} {
		l, err := s.Quotes(ctx, tt.f)
		if err != nil || l.Total != tt.want || len(l.Quotes) != tt.want {
			t.Errorf("Quotes(%+v) = %+v, %v; want %d", tt.f, l, err, tt.want)
		}
	}
}

// testTagsConnections checks that ArticleTags carries the copy group and
// story of each article, and that Quotes keeps a story's quotations,
// in a store that keeps connections (newsdesk.ConnectStore).
func testTagsConnections(t *testing.T, open AnalysisOpener) {
	ctx := context.Background()
	s := open(t)
	cs, ok := s.(newsdesk.ConnectStore)
	if !ok {
		t.Skip("the store keeps no connections")
	}
	day := time.Date(2024, 6, 19, 10, 0, 0, 0, time.UTC)
	first := saveQuoted(t, s, "https://a.example/1", day, "Der Vertrag ist ein Durchbruch.", "Q7747", "dpa")
	cp := saveQuoted(t, s, "https://b.example/1", day.Add(time.Hour), "Der Vertrag ist ein Durchbruch.", "Q7747")
	other := saveQuoted(t, s, "https://c.example/1", day.Add(2*time.Hour), "Verträge werden gebrochen.", "Q56226")
	plain := saveArticleAt(t, s, "https://d.example/1", day, 0)
	conn := func(id, copyOf, story int64) newsdesk.Connection {
		return newsdesk.Connection{ArticleID: id, Hash: "h", Signature: []byte{1, 2, 3}, CopyOf: copyOf, Story: story}
	}
	ok, err := cs.SaveConnections(ctx, 0, 1, newsdesk.ConnectBatch{Connections: []newsdesk.Connection{
		conn(first, 0, first), conn(cp, first, first), conn(other, 0, other), conn(plain, 0, other),
	}})
	if err != nil || !ok {
		t.Fatalf("SaveConnections = %v, %v", ok, err)
	}
	tags, err := s.ArticleTags(ctx, []int64{first, cp, other, plain, 999999})
	if err != nil {
		t.Fatal(err)
	}
	if len(tags) != 4 {
		t.Errorf("tags of %d articles, want 4: %+v", len(tags), tags)
	}
	for _, tt := range []struct {
		id, copyOf, story int64
		agencies          []string
	}{
		{first, 0, first, []string{"dpa"}},
		{cp, first, first, nil},
		{other, 0, other, nil},
		{plain, 0, other, nil},
	} {
		if got := tags[tt.id]; got.CopyOf != tt.copyOf || got.Story != tt.story || !slices.Equal(got.Agencies, tt.agencies) {
			t.Errorf("tags of %d = %+v, want copy of %d, story %d, agencies %v", tt.id, got, tt.copyOf, tt.story, tt.agencies)
		}
	}
	if got := tags[plain]; len(got.Entities)+len(got.Speakers) != 0 {
		t.Errorf("tags of an article without analysis = %+v", got)
	}
	for _, tt := range []struct {
		story   int64
		want    []int64
		outlets int
	}{
		{first, []int64{first}, 2},
		{other, []int64{other}, 1},
		{plain, nil, 0},
	} {
		l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Story: tt.story})
		if err != nil || l.Total != len(tt.want) {
			t.Errorf("Quotes of story %d = %+v, %v", tt.story, l, err)
			continue
		}
		for i, h := range l.Quotes {
			if h.ArticleID != tt.want[i] || len(h.Outlets) != tt.outlets {
				t.Errorf("Quotes of story %d: %+v, want %v with %d outlets", tt.story, l.Quotes, tt.want, tt.outlets)
			}
		}
	}
}
