package search

import (
	"context"
	"slices"
	"testing"
	"time"

	"newsdesk"
)

// TestSearchConsistency checks, on a generated corpus, that the hits of
// a query paged to the end are as many as its total, distinct and in
// order, that facets add up to the total, and that each filter (language,
// source, date range) keeps exactly the hits of the unfiltered query
// that pass it.
func TestSearchConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a corpus")
	}
	as := genArticles(1, 1500, 3)
	// Some undated articles, some of the same second, some years
	// earlier than the rest.
	for i, a := range as {
		switch {
		case i%61 == 0:
			a.Published = time.Time{}
		case i%50 == 1:
			a.Published = as[1].Published
		case i%97 == 0:
			a.Published = a.Published.AddDate(-10, 0, 0)
		}
	}
	ix := openIndex(t, as)
	ctx := context.Background()
	all := func(q newsdesk.Query) ([]newsdesk.Hit, int) {
		t.Helper()
		q.Limit = 37
		var out []newsdesk.Hit
		total := -1
		for {
			r, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			if total < 0 {
				total = r.Total
			} else if total != r.Total {
				t.Fatalf("%+v: total %d, then %d", q, total, r.Total)
			}
			out = append(out, r.Hits...)
			if r.NextCursor == "" {
				return out, total
			}
			q.Cursor = r.NextCursor
		}
	}
	for _, bq := range genQueries(as, 60, 4) {
		for _, sort := range []string{SortRelevance, SortDate} {
			q := bq.q
			q.Sort = sort
			hs, total := all(q)
			if len(hs) != total {
				t.Errorf("%+v: %d hits, total %d", q, len(hs), total)
			}
			seen := map[int64]bool{}
			for i, h := range hs {
				if seen[h.ID] {
					t.Fatalf("%+v: hit %d twice", q, h.ID)
				}
				seen[h.ID] = true
				if i == 0 {
					continue
				}
				p := hs[i-1]
				if sort == SortDate && (p.Published.IsZero() && !h.Published.IsZero() || h.Published.After(p.Published) && !p.Published.IsZero()) {
					t.Fatalf("%+v: %v after %v", q, h.Published, p.Published)
				}
				if sort == SortRelevance && h.Score > p.Score {
					t.Fatalf("%+v: score %v after %v", q, h.Score, p.Score)
				}
			}
			// The filter against the unfiltered query.
			u := q
			u.Language, u.SourceID, u.From, u.To = "", 0, time.Time{}, time.Time{}
			uhs, _ := all(u)
			var want []int64
			for _, h := range uhs {
				switch {
				case q.Language != "" && h.Language != q.Language:
				case q.SourceID != 0 && h.SourceID != q.SourceID:
				case !q.From.IsZero() && (h.Published.IsZero() || h.Published.Before(q.From) || !h.Published.Before(q.To)):
				default:
					want = append(want, h.ID)
				}
			}
			got := make([]int64, 0, len(hs))
			for _, h := range hs {
				got = append(got, h.ID)
			}
			if !slices.Equal(sorted(got), sorted(want)) {
				t.Errorf("%+v: %d hits, %d of the unfiltered query pass the filter", q, len(got), len(want))
			}
			// The outlet filter keeps the hits of the outlet, by its
			// domain and by its name.
			if len(uhs) > 0 && uhs[0].Outlet != nil && sort == SortDate {
				o := *uhs[0].Outlet
				var want []int64
				for _, h := range uhs {
					if h.Outlet != nil && h.Outlet.ID == o.ID {
						want = append(want, h.ID)
					}
				}
				for _, key := range []string{o.Domain, o.Name} {
					oq := u
					oq.Outlet = key
					ohs, _ := all(oq)
					var got []int64
					for _, h := range ohs {
						got = append(got, h.ID)
					}
					if !slices.Equal(got, want) {
						t.Errorf("%+v, outlet %q: %d hits, %d of the unfiltered query are of the outlet", u, key, len(got), len(want))
					}
				}
			}
			if sort == SortDate {
				// The same order with and without the filter.
				if !slices.Equal(got, want) {
					t.Errorf("%+v: order differs from the unfiltered query's", q)
				}
				q.Facets, q.Limit = true, 1
				r, err := ix.Search(ctx, q)
				if err != nil {
					t.Fatal(err)
				}
				n := 0
				for _, c := range r.Facets["language"] {
					n += c
				}
				if n != r.Total {
					t.Errorf("%+v: language facet counts %d, total %d", q, n, r.Total)
				}
				// Every article has an outlet here; the facet counts the 50
				// with most hits, all of them of this corpus's 60 sources
				// when they are fewer.
				n = 0
				for k, c := range r.Facets["outlet"] {
					n += c
					if _, ok := r.Outlets[k]; !ok {
						t.Errorf("%+v: outlet facet %q is not named", q, k)
					}
				}
				if len(r.Facets["outlet"]) < maxOutletFacet && n != r.Total {
					t.Errorf("%+v: outlet facet counts %d, total %d", q, n, r.Total)
				}
			}
		}
	}
}
