package search

import (
	"context"
	"slices"
	"testing"

	"newsdesk"
)

// Articles are indexed with the entities they mention, the speakers
// they quote and the agencies they credit: entity:, speaker: and
// agency: in the query syntax and the Query fields keep those that have
// one, the entity and agency facets count them, and a change of an
// article's tags replaces them.
func TestSearchEntities(t *testing.T) {
	ctx := context.Background()
	as := corpus()
	ents := map[int64][]string{}
	for i, a := range as {
		switch {
		case i%2 == 0:
			ents[a.ID] = []string{"Q7747", "PER:olaf-scholz"}
		case i%3 == 0:
			ents[a.ID] = []string{"Q7747"}
		}
	}
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	speakers := map[int64][]string{}
	agencies := map[int64][]string{}
	for i, a := range as {
		if i%4 == 1 {
			speakers[a.ID] = []string{"Q7747"}
			agencies[a.ID] = []string{"dpa", "afp"}
		}
		if i%4 == 2 {
			agencies[a.ID] = []string{"reuters"}
		}
	}
	ix.SetTags(func(_ context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error) {
		out := map[int64]newsdesk.ArticleTags{}
		for _, id := range ids {
			out[id] = newsdesk.ArticleTags{Entities: ents[id], Speakers: speakers[id], Agencies: agencies[id]}
		}
		return out, nil
	})
	if err := ix.AddMany(ctx, as); err != nil {
		t.Fatal(err)
	}
	wantOf := func(m map[int64][]string, e string) []int64 {
		var out []int64
		for _, a := range as {
			if slices.Contains(m[a.ID], e) {
				out = append(out, a.ID)
			}
		}
		slices.Sort(out)
		return out
	}
	want := func(e string) []int64 { return wantOf(ents, e) }
	all := func(q newsdesk.Query) []int64 {
		q.Limit = 100
		r, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		got := ids(r)
		slices.Sort(got)
		return got
	}
	for _, e := range []string{"Q7747", "PER:olaf-scholz"} {
		if got := all(newsdesk.Query{Entity: e}); !slices.Equal(got, want(e)) {
			t.Errorf("Entity %s: %v, want %v", e, got, want(e))
		}
		if got := all(newsdesk.Query{Text: `entity:"` + e + `"`}); !slices.Equal(got, want(e)) {
			t.Errorf("entity:%q: %v, want %v", e, got, want(e))
		}
	}
	if w := wantOf(speakers, "Q7747"); len(w) == 0 || !slices.Equal(all(newsdesk.Query{Speaker: "Q7747"}), w) || !slices.Equal(all(newsdesk.Query{Text: "speaker:Q7747"}), w) {
		t.Errorf("speaker Q7747: %v / %v, want %v", all(newsdesk.Query{Speaker: "Q7747"}), all(newsdesk.Query{Text: "speaker:Q7747"}), w)
	}
	if w := wantOf(agencies, "dpa"); len(w) == 0 || !slices.Equal(all(newsdesk.Query{Agency: "DPA"}), w) || !slices.Equal(all(newsdesk.Query{Text: "agency:dpa"}), w) {
		t.Errorf("agency dpa: %v, want %v", all(newsdesk.Query{Agency: "DPA"}), w)
	}
	if w := append(wantOf(agencies, "dpa"), wantOf(agencies, "reuters")...); !slices.Equal(all(newsdesk.Query{Text: "agency:(dpa OR reuters)"}), slices.Sorted(slices.Values(w))) {
		t.Errorf("agency:(dpa OR reuters): %v, want %v", all(newsdesk.Query{Text: "agency:(dpa OR reuters)"}), w)
	}
	if got := all(newsdesk.Query{Text: "-entity:Q7747"}); len(got) != len(as)-len(want("Q7747")) {
		t.Errorf("-entity:Q7747: %d hits, want %d", len(got), len(as)-len(want("Q7747")))
	}
	r, err := ix.Search(ctx, newsdesk.Query{Facets: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	if f := r.Facets["entity"]; f["Q7747"] != len(want("Q7747")) || f["PER:olaf-scholz"] != len(want("PER:olaf-scholz")) {
		t.Errorf("entity facet %v", f)
	}
	if f := r.Facets["agency"]; f["dpa"] != len(wantOf(agencies, "dpa")) || f["reuters"] != len(wantOf(agencies, "reuters")) {
		t.Errorf("agency facet %v", f)
	}
	// The first article loses its entities.
	ents[as[0].ID] = nil
	if err := ix.AddMany(ctx, as[:1]); err != nil {
		t.Fatal(err)
	}
	if got := all(newsdesk.Query{Entity: "PER:olaf-scholz"}); slices.Contains(got, as[0].ID) || !slices.Equal(got, want("PER:olaf-scholz")) {
		t.Errorf("after the change: %v, want %v", got, want("PER:olaf-scholz"))
	}
}
