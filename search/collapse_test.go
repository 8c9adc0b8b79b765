package search

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk"
)

// copyCorpus makes n articles in German and English from a small
// vocabulary, a third of them copies of an earlier article (the same
// text, often under another headline, at another outlet, later), and
// puts every article into a story of five originals.
func copyCorpus(n int, seed uint64) []*newsdesk.StoredArticle {
	r := rand.New(rand.NewPCG(seed, 1))
	vocab := map[string][]string{
		"en": strings.Fields("treaty summit minister police storm harbour election budget court strike border vaccine market bank council river fire school bridge rail"),
		"de": strings.Fields("Vertrag Gipfel Minister Polizei Sturm Hafen Wahl Haushalt Gericht Streik Grenze Impfstoff Markt Bank Rat Fluss Feuer Schule Brücke Bahn"),
	}
	words := func(l string, k int) string {
		v := vocab[l]
		ws := make([]string, k)
		for i := range ws {
			ws[i] = v[r.IntN(len(v))]
		}
		return strings.Join(ws, " ")
	}
	out := make([]*newsdesk.StoredArticle, 0, n)
	var originals []*newsdesk.StoredArticle
	for i := range n {
		id := int64(i + 1)
		a := &newsdesk.StoredArticle{ID: id, SourceID: 1 + int64(r.IntN(8))}
		a.SiteName = fmt.Sprintf("Outlet %d", a.SourceID)
		a.URL = fmt.Sprintf("https://outlet%d.example/%d", a.SourceID, id)
		a.Published = time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 37 * time.Minute)
		if len(originals) > 0 && r.IntN(3) == 0 {
			o := originals[len(originals)-1-r.IntN(min(len(originals), 6))]
			a.Language, a.Blocks, a.Subtitle = o.Language, o.Blocks, o.Subtitle
			a.Title = o.Title
			if r.IntN(2) == 0 {
				a.Title = words(a.Language, 4)
			}
			a.CopyOf, a.Story = newsdesk.NullID(o.ID), o.Story
		} else {
			a.Language = []string{"en", "de"}[r.IntN(2)]
			a.Title, a.Subtitle = words(a.Language, 4), words(a.Language, 6)
			for range 3 {
				a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: words(a.Language, 20)})
			}
			a.Story = newsdesk.NullID(1 + 5*(len(originals)/5))
			originals = append(originals, a)
		}
		out = append(out, a)
	}
	return out
}

// groupOf returns the copy group of each article of as.
func groupOf(as []*newsdesk.StoredArticle) map[int64]int64 {
	g := map[int64]int64{}
	for _, a := range as {
		g[a.ID] = a.ID
		if a.CopyOf != 0 {
			g[a.ID] = int64(a.CopyOf)
		}
	}
	return g
}

// A collapsed search shows each copy group once, as its best hit, with
// the group's other hits; paging through it with cursors shows every
// group once in the same order, and Total counts the articles.
func TestSearchCollapse(t *testing.T) {
	ctx := context.Background()
	as := copyCorpus(400, 3)
	ix := openIndex(t, as)
	group := groupOf(as)
	site := map[int64]string{}
	for _, a := range as {
		site[a.ID] = a.SiteName
	}
	queries := []newsdesk.Query{
		{Text: "treaty"},
		{Text: "treaty", Sort: SortDate},
		{Text: "Vertrag OR Gipfel"},
		{Text: "police storm", Language: "en"},
		{Text: "Hafen -Bahn"},
		{},
		{SourceID: 3},
		{Text: "market", From: as[100].Published, To: as[300].Published},
	}
	for _, q := range queries {
		t.Run(fmt.Sprintf("%q/%s/%d/%v", q.Text, q.Sort, q.SourceID, q.Language), func(t *testing.T) {
			// Every hit, not collapsed: the groups in order of their
			// best hit, with the others.
			q.Limit = MaxLimit
			full, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if full.Total > MaxLimit || full.Total == 0 {
				t.Fatalf("total %d: want a query of 1–%d hits", full.Total, MaxLimit)
			}
			var want []int64
			members := map[int64][]int64{}
			for _, h := range full.Hits {
				g := group[h.ID]
				if len(members[g]) == 0 {
					want = append(want, h.ID)
				}
				members[g] = append(members[g], h.ID)
			}
			q.Collapse = true
			one, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if one.Total != full.Total {
				t.Errorf("collapsed total %d, want %d articles", one.Total, full.Total)
			}
			if got := ids(one); !slices.Equal(got, want) {
				t.Fatalf("collapsed %v,\nwant %v", got, want)
			}
			folded := 0
			for _, h := range one.Hits {
				ms := members[group[h.ID]]
				if h.Copies != len(ms)-1 || len(h.CopyList) != h.Copies {
					t.Errorf("hit %d: %d copies (%d listed), want %d", h.ID, h.Copies, len(h.CopyList), len(ms)-1)
				}
				folded += h.Copies
				for i, c := range h.CopyList {
					if c.ID == h.ID || !slices.Contains(ms, c.ID) || c.SiteName != site[c.ID] {
						t.Errorf("hit %d: copy %+v is not another hit of its group %v", h.ID, c, ms)
					}
					if i > 0 && c.Published.Before(h.CopyList[i-1].Published) {
						t.Errorf("hit %d: copies not earliest first", h.ID)
					}
				}
				if (h.CopyOf != 0) != (group[h.ID] != h.ID) {
					t.Errorf("hit %d: copy_of %d", h.ID, h.CopyOf)
				}
			}
			if folded == 0 {
				t.Errorf("no copies folded: the query does not test collapsing")
			}
			// Page by page.
			for _, limit := range []int{1, 3, 7} {
				q.Limit, q.Cursor = limit, ""
				var got []int64
				for page := 0; ; page++ {
					r, err := ix.Search(ctx, q)
					if err != nil {
						t.Fatal(err)
					}
					if r.Total != full.Total {
						t.Fatalf("page %d: total %d", page, r.Total)
					}
					got = append(got, ids(r)...)
					if r.NextCursor == "" || page > len(want) {
						break
					}
					q.Cursor = r.NextCursor
				}
				if !slices.Equal(got, want) {
					t.Errorf("limit %d: pages %v,\nwant %v", limit, got, want)
				}
			}
		})
	}
}

// story: and Query.Story keep the articles of a story; Stories lists
// the stories of the hits, the story of the best hit first, and the
// story facet counts them. A story changed by re-adding the article
// is found under the new one only.
func TestSearchStories(t *testing.T) {
	ctx := context.Background()
	as := copyCorpus(200, 5)
	tags := map[int64]newsdesk.ArticleTags{}
	for _, a := range as {
		tags[a.ID] = newsdesk.ArticleTags{CopyOf: int64(a.CopyOf), Story: int64(a.Story)}
		a.CopyOf, a.Story = 0, 0 // the tags win
	}
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
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
	of := func(story int64) []int64 {
		var out []int64
		for _, a := range as {
			if tags[a.ID].Story == story {
				out = append(out, a.ID)
			}
		}
		return out
	}
	all := func(q newsdesk.Query) []int64 {
		q.Limit = MaxLimit
		r, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return sorted(ids(r))
	}
	story := tags[as[40].ID].Story
	if want := of(story); len(want) < 3 || !slices.Equal(all(newsdesk.Query{Story: story}), want) ||
		!slices.Equal(all(newsdesk.Query{Text: "story:" + strconv.FormatInt(story, 10)}), want) {
		t.Errorf("story %d: %v / %v, want %v", story, all(newsdesk.Query{Story: story}), all(newsdesk.Query{Text: "story:" + strconv.FormatInt(story, 10)}), want)
	}
	r, err := ix.Search(ctx, newsdesk.Query{Story: story, Limit: 1})
	if err != nil || r.Hits[0].Story != newsdesk.NullID(story) {
		t.Fatalf("hit's story: %+v, %v", r.Hits, err)
	}

	// The stories of the hits, by the best hit; counts as the facet's.
	for _, sort := range []string{SortRelevance, SortDate} {
		q := newsdesk.Query{Text: "treaty OR Vertrag", Sort: sort, Limit: MaxLimit, Stories: 1000, Facets: true}
		r, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		var want []newsdesk.StoryHits
		at := map[int64]int{}
		for _, h := range r.Hits {
			s := int64(h.Story)
			if _, ok := at[s]; !ok {
				at[s] = len(want)
				want = append(want, newsdesk.StoryHits{Story: s})
			}
			want[at[s]].Hits++
		}
		if !slices.Equal(r.Stories, want) {
			t.Errorf("%s: stories %v,\nwant %v", sort, r.Stories, want)
		}
		for _, s := range r.Stories[:min(5, len(r.Stories))] {
			if n := r.Facets["story"][strconv.FormatInt(s.Story, 10)]; n != s.Hits && len(r.Facets["story"]) < maxEntityFacet {
				t.Errorf("story facet %d: %d, want %d", s.Story, n, s.Hits)
			}
		}
		q.Stories = 2
		if r2, err := ix.Search(ctx, q); err != nil || !slices.Equal(r2.Stories, want[:2]) {
			t.Errorf("%s: two stories %v, want %v (%v)", sort, r2.Stories, want[:2], err)
		}
	}

	// A merge moves an article to another story.
	moved := of(story)[0]
	tags[moved] = newsdesk.ArticleTags{CopyOf: tags[moved].CopyOf, Story: 999}
	if err := ix.Add(ctx, as[moved-1]); err != nil {
		t.Fatal(err)
	}
	if got := all(newsdesk.Query{Story: story}); slices.Contains(got, moved) || !slices.Equal(got, of(story)) {
		t.Errorf("after the move: story %d has %v, want %v", story, got, of(story))
	}
	if got := all(newsdesk.Query{Story: 999}); !slices.Equal(got, []int64{moved}) {
		t.Errorf("after the move: story 999 has %v", got)
	}
}
