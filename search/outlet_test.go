package search

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"newsdesk"
)

// outletArt returns article id of outlet o (nil: none).
func outletArt(id int64, o *newsdesk.Outlet, title string) *newsdesk.StoredArticle {
	a := art(id, 1, "de", "", title, "", "Die Regierung hat am Montag einen Vertrag unterzeichnet.", day(int(id)))
	a.Outlet = o
	return a
}

func TestSearchOutlets(t *testing.T) {
	ctx := context.Background()
	fr := &newsdesk.Outlet{ID: 7, Domain: "fr.de", Name: "fr.de"} // no name known yet
	sp := &newsdesk.Outlet{ID: 8, Domain: "spiegel.de", Name: "DER SPIEGEL"}
	to := &newsdesk.Outlet{ID: 9, Domain: "t-online.de", Name: "t-online"}
	lo := &newsdesk.Outlet{ID: 10, Name: "Lokalblatt"} // no domain
	ix := openIndex(t, []*newsdesk.StoredArticle{
		outletArt(1, fr, "Eins"),
		outletArt(2, sp, "Zwei"),
		outletArt(3, sp, "Drei"),
		outletArt(4, to, "Vier"),
		outletArt(5, lo, "Fünf"),
		outletArt(6, nil, "Sechs"),
	})
	// The outlet learns its name; article 7 is indexed under it, 1 is
	// not indexed again.
	frNamed := &newsdesk.Outlet{ID: 7, Domain: "fr.de", Name: "Frankfurter Rundschau"}
	if err := ix.Add(ctx, outletArt(7, frNamed, "Sieben")); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		q      newsdesk.Query
		want   []int64
		reason string
	}{
		{newsdesk.Query{Text: "outlet:spiegel.de"}, []int64{2, 3}, "by domain"},
		{newsdesk.Query{Text: "outlet:www.Spiegel.de"}, []int64{2, 3}, "by host, any case"},
		{newsdesk.Query{Text: "outlet:https://www.spiegel.de/politik"}, []int64{2, 3}, "by URL"},
		{newsdesk.Query{Text: `outlet:"der spiegel" Vertrag`}, []int64{2, 3}, "by name with words"},
		{newsdesk.Query{Text: "outlet:t-online"}, []int64{4}, "by a name with a hyphen"},
		{newsdesk.Query{Text: "outlet:t-online.de"}, []int64{4}, "by a domain with a hyphen"},
		{newsdesk.Query{Text: `outlet:"Frankfurter Rundschau"`}, []int64{1, 7}, "by a name learnt after some of its articles were indexed"},
		{newsdesk.Query{Text: "outlet:fr.de"}, []int64{1, 7}, "by domain, whatever the name"},
		{newsdesk.Query{Text: "outlet:lokalblatt"}, []int64{5}, "an outlet without domain, by name"},
		{newsdesk.Query{Text: "Vertrag -outlet:spiegel.de"}, []int64{1, 4, 5, 6, 7}, "negated"},
		{newsdesk.Query{Text: "outlet:(fr.de OR t-online.de)"}, []int64{1, 4, 7}, "either"},
		{newsdesk.Query{Text: "outlet:spiegel"}, []int64{}, "a part of a name is no outlet"},
		{newsdesk.Query{Text: "outlet:faz.net"}, []int64{}, "unknown"},
		{newsdesk.Query{Outlet: "spiegel.de"}, []int64{2, 3}, "filter"},
		{newsdesk.Query{Outlet: "Frankfurter Rundschau", Text: "Vertrag"}, []int64{1, 7}, "filter by name"},
		{newsdesk.Query{Outlet: "---"}, []int64{}, "filter with nothing to look up"},
	}
	for _, tt := range tests {
		r, err := ix.Search(ctx, tt.q)
		if err != nil {
			t.Fatalf("%s: %v", tt.reason, err)
		}
		if got := sorted(ids(r)); !slices.Equal(got, tt.want) {
			t.Errorf("%s: %+v: hits %v, want %v", tt.reason, tt.q, got, tt.want)
		}
	}

	// Hits carry the outlet with the name the index knows last.
	r, err := ix.Search(ctx, newsdesk.Query{Text: "outlet:fr.de", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range r.Hits {
		if h.Outlet == nil || *h.Outlet != *frNamed {
			t.Errorf("hit %d: outlet %+v, want %+v", h.ID, h.Outlet, frNamed)
		}
	}
	r, err = ix.Search(ctx, newsdesk.Query{Text: "Sechs"})
	if err != nil || len(r.Hits) != 1 || r.Hits[0].Outlet != nil {
		t.Errorf("article without outlet: %+v, %v", r, err)
	}

	// The facet counts by key, and names each.
	r, err = ix.Search(ctx, newsdesk.Query{Text: "Vertrag", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	wantFacet := newsdesk.Facet{"fr.de": 2, "spiegel.de": 2, "t-online.de": 1, "Lokalblatt": 1}
	if !reflect.DeepEqual(r.Facets["outlet"], wantFacet) {
		t.Errorf("outlet facet %v, want %v", r.Facets["outlet"], wantFacet)
	}
	wantOutlets := map[string]newsdesk.Outlet{"fr.de": *frNamed, "spiegel.de": *sp, "t-online.de": *to, "Lokalblatt": *lo}
	if !reflect.DeepEqual(r.Outlets, wantOutlets) {
		t.Errorf("outlets %v, want %v", r.Outlets, wantOutlets)
	}

	// Re-indexing under another outlet, and removing, keep the index
	// consistent: the old tags are gone.
	if err := ix.Add(ctx, outletArt(2, to, "Zwei")); err != nil {
		t.Fatal(err)
	}
	if err := ix.Remove(ctx, 3); err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string][]int64{"outlet:spiegel.de": {}, "outlet:t-online.de": {2, 4}} {
		r, err := ix.Search(ctx, newsdesk.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if got := sorted(ids(r)); !slices.Equal(got, want) {
			t.Errorf("after moving 2 and removing 3: %q: %v, want %v", q, got, want)
		}
	}
}

func TestPercolatorOutlet(t *testing.T) {
	p := NewPercolator()
	for id, q := range map[int64]newsdesk.Query{
		1: {Text: "outlet:spiegel.de"},
		2: {Text: `outlet:"Der Spiegel" Vertrag`},
		3: {Outlet: "fr.de"},
	} {
		if err := p.Add(id, q); err != nil {
			t.Fatal(err)
		}
	}
	a := outletArt(1, &newsdesk.Outlet{ID: 8, Domain: "spiegel.de", Name: "DER SPIEGEL"}, "Eins")
	if got := sorted(p.Match(a, newsdesk.ArticleTags{})); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("Match = %v, want [1 2]", got)
	}
	if err := p.Add(4, newsdesk.Query{Outlet: "..."}); err == nil {
		t.Error("a standing query of an outlet with nothing to look up was taken")
	}
}
