package search

import (
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
