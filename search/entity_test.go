package search

import (
	"context"
	"slices"
	"testing"

	"newsdesk"
)

// Articles are indexed with the entities they mention: entity: in the
// query syntax and Query.Entity keep those that mention one, the entity
// facet counts them, and a change of an article's entities replaces its
// tags.
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
	ix.SetEntities(func(_ context.Context, ids []int64) (map[int64][]string, error) {
		out := map[int64][]string{}
		for _, id := range ids {
			out[id] = ents[id]
		}
		return out, nil
	})
	if err := ix.AddMany(ctx, as); err != nil {
		t.Fatal(err)
	}
	want := func(e string) []int64 {
		var out []int64
		for _, a := range as {
			if slices.Contains(ents[a.ID], e) {
				out = append(out, a.ID)
			}
		}
		slices.Sort(out)
		return out
	}
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
	// The first article loses its entities.
	ents[as[0].ID] = nil
	if err := ix.AddMany(ctx, as[:1]); err != nil {
		t.Fatal(err)
	}
	if got := all(newsdesk.Query{Entity: "PER:olaf-scholz"}); slices.Contains(got, as[0].ID) || !slices.Equal(got, want("PER:olaf-scholz")) {
		t.Errorf("after the change: %v, want %v", got, want("PER:olaf-scholz"))
	}
}
