package postgres

import (
	"context"
	"errors"
	"slices"
	"testing"

	"newsdesk"
	"newsdesk/search"
	"newsdesk/search/searchtest"
)

// The alerts follower matches articles with search.Percolator, which
// evaluates each alert's query in memory, as the embedded index's FTS5
// would: no part of it runs in SQLite. On PostgreSQL the matches must
// then be the articles the PostgreSQL index finds for the same query:
// for every standing query, Match and Index.Search agree, article by
// article, tags (entities, speakers, agencies, stories) and outlets
// included.
func TestPercolatorMatchesIndex(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	as := searchtest.Corpus()
	tags := map[int64]newsdesk.ArticleTags{}
	for i, a := range as {
		var tg newsdesk.ArticleTags
		if i%2 == 0 {
			tg.Entities = []string{"Q7747", "PER:olaf-scholz"}
		}
		if i%4 == 1 {
			tg.Speakers = []string{"Q7747"}
			tg.Agencies = []string{"dpa", "AFP"}
		}
		if i%3 != 2 {
			tg.Story = int64(1 + i%2)
		}
		if i%3 == 1 && i > 1 {
			tg.CopyOf = as[1].ID
		}
		switch i % 3 {
		case 0:
			a.Outlet = &newsdesk.Outlet{ID: 1, Domain: "spiegel.de", Name: "DER SPIEGEL"}
		case 1:
			a.Outlet = &newsdesk.Outlet{ID: 2, Domain: "t-online.de", Name: "t-online"}
		}
		tags[a.ID] = tg
	}
	ix := s.Index()
	ix.SetTags(func(_ context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error) {
		out := map[int64]newsdesk.ArticleTags{}
		for _, id := range ids {
			out[id] = tags[id]
		}
		return out, nil
	})
	if err := ix.AddMany(ctx, as); err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"Paris", "Vertrag", "treaties", "Strasse", "Straße", "treaty Paris", "treaty AND Paris", "Vertrag OR treaty",
		"treaty -Paris", "-Paris", "Paris -(Vertrag OR treaty)", `"treaty was signed"`, `"treaty were signing"`,
		`"signed was treaty"`, `"leaders it covers"`, `"frankreich zwei"`, "New-York", "title:treaty", "title:Paris",
		"author:müller", "Jane", "lang:de", "Paris lang:en", "lang:en markets", "lang:fr", "source:2", "source:stadtanzeiger",
		"Paris (source:1 OR source:3)", `title:("new treaty" OR weather)`, "title:(treaty -leaders)", "entity:Q7747",
		"entity:PER:olaf-scholz Paris", "speaker:Q7747 -Paris", "agency:afp", "agency:DPA treaty", "story:2 OR story:1",
		"story:1 -Paris", "outlet:spiegel.de", `outlet:"DER SPIEGEL" Paris`, "outlet:t-online -treaty", "zeppelin",
		`) treaty OR ( "`, "sign*", "signed", "warm signal", "Le traité", "présidents", "Bauarbeiten Freitag",
		"markets -(London OR Paris)", "-weather -Paris", `"the main street"`, "subtitle:deal",
	}
	var qs []newsdesk.Query
	for _, text := range texts {
		qs = append(qs, newsdesk.Query{Text: text})
	}
	qs = append(qs,
		newsdesk.Query{Text: "Paris", SourceID: 2},
		newsdesk.Query{Text: "Paris", Language: "de"},
		newsdesk.Query{Text: "Paris", Language: "fr"},
		newsdesk.Query{Text: "Paris", Author: "John Smith"},
		newsdesk.Query{Entity: "Q7747"},
		newsdesk.Query{Speaker: " Q7747 "},
		newsdesk.Query{Text: "treaty", Agency: "DPA"},
		newsdesk.Query{Text: "-Paris", Story: 2},
		newsdesk.Query{SourceID: 3},
		newsdesk.Query{Text: "treaty", Outlet: "t-online.de"},
	)
	p := search.NewPercolator()
	for i, q := range qs {
		if err := p.Add(int64(i), q); err != nil && !errors.Is(err, search.ErrBadQuery) {
			t.Errorf("Add(%+v): %v", q, err)
		}
	}
	matched := map[int64][]int64{}
	for _, a := range as {
		for _, id := range p.Match(a, tags[a.ID]) {
			matched[id] = append(matched[id], a.ID)
		}
	}
	taken := 0
	for i, q := range qs {
		var found []int64
		r, err := ix.Search(ctx, newsdesk.Query{Text: q.Text, SourceID: q.SourceID, Language: q.Language, Author: q.Author,
			Entity: q.Entity, Speaker: q.Speaker, Agency: q.Agency, Story: q.Story, Outlet: q.Outlet, Limit: search.MaxLimit})
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		for _, h := range r.Hits {
			found = append(found, h.ID)
		}
		slices.Sort(found)
		if err := search.NewPercolator().Add(1, q); err != nil {
			// Refused as a standing query: one that matches every
			// article, or none.
			if len(found) != 0 && len(found) != len(as) {
				t.Errorf("%+v: refused (%v), but Search finds %v", q, err, found)
			}
			continue
		}
		taken++
		if got := matched[int64(i)]; !slices.Equal(got, found) {
			t.Errorf("%+v: Match finds %v, the PostgreSQL index %v", q, got, found)
		}
	}
	if taken < len(qs)-4 {
		t.Errorf("only %d of %d queries taken", taken, len(qs))
	}
}
