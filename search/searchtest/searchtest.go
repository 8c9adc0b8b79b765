// Package searchtest is the behaviour every newsdesk.Index of newsdesk
// must show, as package search's embedded index shows it: the query
// syntax, stemming, filters, facets, snippets, paging, copy groups and
// stories. Run runs it against an index that an Opener makes.
package searchtest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/search"
)

// Index is an index under test: a newsdesk.Index that adds many
// articles at once and takes its articles' tags from a function (see
// search.Index.SetTags).
type Index interface {
	newsdesk.Index
	AddMany(ctx context.Context, as []*newsdesk.StoredArticle) error
	SetTags(f func(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error))
}

// Opener returns a new, empty index for test t, which it closes when
// the test ends.
type Opener func(t *testing.T) Index

// Run runs every test of the suite against indexes of open.
func Run(t *testing.T, open Opener) {
	for _, tt := range []struct {
		name string
		fn   func(*testing.T, Opener)
	}{
		{"Search", testSearch},
		{"Sort", testSearchSort},
		{"Paging", testSearchPaging},
		{"Facets", testSearchFacets},
		{"Hit", testSearchHit},
		{"UpsertRemove", testUpsertRemove},
		{"Collapse", testSearchCollapse},
		{"Stories", testSearchStories},
		{"Entities", testSearchEntities},
		{"Outlets", testSearchOutlets},
	} {
		t.Run(tt.name, func(t *testing.T) { tt.fn(t, open) })
	}
}

// fill returns an index of open that holds as.
func fill(t *testing.T, open Opener, as []*newsdesk.StoredArticle) Index {
	t.Helper()
	ix := open(t)
	if err := ix.AddMany(context.Background(), as); err != nil {
		t.Fatal(err)
	}
	return ix
}

// Corpus is a small set of German, English and French articles, of
// which the suite knows the hits of many queries.
func Corpus() []*newsdesk.StoredArticle { return corpus() }

func day(d int) time.Time { return time.Date(2024, 3, d, 10, 0, 0, 0, time.UTC) }
func art(id, src int64, lang, site, title, teaser, body string, pub time.Time, authors ...string) *newsdesk.StoredArticle {
	a := &newsdesk.StoredArticle{ID: id, SourceID: src}
	a.URL = "https://example.org/" + title
	a.Title, a.Subtitle, a.Language, a.SiteName, a.Published, a.Authors = title, teaser, lang, site, pub, authors
	for _, p := range strings.Split(body, "\n") {
		a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: p})
	}
	return a
}

// corpus is a small set of German, English and French articles.
func corpus() []*newsdesk.StoredArticle {
	return []*newsdesk.StoredArticle{
		art(1, 1, "de", "Tagesblatt", "Regierung unterzeichnet Verträge mit Frankreich", "Zwei Abkommen in Paris",
			"Die Bundesregierung hat am Montag in Paris zwei Verträge unterzeichnet.\nDer Vertrag über die Hauptstraße gilt ab Mai.",
			day(1), "Anna Müller"),
		art(2, 2, "en-GB", "Daily Post", "Leaders signed a new treaty", "A deal in Paris",
			"The treaty was signed in Paris on Monday by both leaders.\nIt covers trade and the main street of the capital.",
			day(2), "John Smith", "Jane Doe"),
		art(3, 2, "en", "Daily Post", "Weather report", "Sunny and warm",
			"A sunny day is expected across the country, with a warm signal from the south.",
			day(10), "Jane Doe"),
		art(4, 3, "de", "Stadtanzeiger", "Straße gesperrt", "",
			"Die Strasse am Markt bleibt wegen Bauarbeiten bis Freitag gesperrt.",
			time.Time{}),
		art(5, 3, "fr", "Stadtanzeiger", "Le traité est signé", "",
			"Le traité a été signé à Paris par les deux présidents.",
			day(5), "Marie Curie"),
		art(6, 4, "", "", "Markets rally after the treaties", "",
			"Stocks rose on Tuesday after the treaties were signed, and the markets in London and New York closed higher than they had been for weeks.",
			day(6)),
	}
}

func ids(r *newsdesk.Result) []int64 {
	out := []int64{}
	for _, h := range r.Hits {
		out = append(out, h.ID)
	}
	return out
}

func sorted(x []int64) []int64 {
	x = slices.Clone(x)
	slices.Sort(x)
	return x
}

// outletArt returns article id of outlet o (nil: none).
func outletArt(id int64, o *newsdesk.Outlet, title string) *newsdesk.StoredArticle {
	a := art(id, 1, "de", "", title, "", "Die Regierung hat am Montag einen Vertrag unterzeichnet.", day(int(id)))
	a.Outlet = o
	return a
}

func testSearch(t *testing.T, open Opener) {
	ix := fill(t, open, corpus())
	tests := []struct {
		name string
		q    newsdesk.Query
		want []int64 // in any order
	}{
		{"german plural", newsdesk.Query{Text: "Vertrag"}, []int64{1}},
		{"german inflection", newsdesk.Query{Text: "unterzeichnen"}, []int64{1}},
		{"german plural query", newsdesk.Query{Text: "Verträge"}, []int64{1}},
		{"english past", newsdesk.Query{Text: "sign"}, []int64{2, 6}},
		{"english plural", newsdesk.Query{Text: "treaties"}, []int64{2, 6}},
		{"english singular", newsdesk.Query{Text: "treaty"}, []int64{2, 6}},
		{"ss for ß", newsdesk.Query{Text: "Strasse"}, []int64{4}},
		{"ß for ss", newsdesk.Query{Text: "Straße"}, []int64{4}},
		{"case", newsdesk.Query{Text: "PARIS"}, []int64{1, 2, 5}},
		{"neutral diacritics", newsdesk.Query{Text: "traite"}, []int64{5}},
		{"neutral exact", newsdesk.Query{Text: "traité signé"}, []int64{5}},
		{"and", newsdesk.Query{Text: "Paris treaty"}, []int64{2}},
		{"explicit and", newsdesk.Query{Text: "Paris AND treaty"}, []int64{2}},
		{"or", newsdesk.Query{Text: "Vertrag OR treaty"}, []int64{1, 2, 6}},
		{"not", newsdesk.Query{Text: "treaty NOT Paris"}, []int64{6}},
		{"minus", newsdesk.Query{Text: "treaty -Paris"}, []int64{6}},
		{"only not", newsdesk.Query{Text: "-Paris"}, []int64{3, 4, 6}},
		{"group", newsdesk.Query{Text: "(Vertrag OR treaty) Paris"}, []int64{1, 2}},
		{"not group", newsdesk.Query{Text: "Paris -(Vertrag OR treaty)"}, []int64{5}},
		{"phrase", newsdesk.Query{Text: `"treaty was signed"`}, []int64{2}},
		{"phrase stemmed", newsdesk.Query{Text: `"treaty were signing"`}, []int64{6}},
		{"phrase order", newsdesk.Query{Text: `"signed was treaty"`}, nil},
		{"german phrase", newsdesk.Query{Text: `"Verträge unterzeichnen"`}, []int64{1}},
		{"hyphen word is a phrase", newsdesk.Query{Text: "New-York"}, []int64{6}},
		{"title field", newsdesk.Query{Text: "title:treaty"}, []int64{2, 6}},
		{"title field misses body", newsdesk.Query{Text: "title:Paris"}, nil},
		{"author field", newsdesk.Query{Text: "author:müller"}, []int64{1}},
		{"author field folded", newsdesk.Query{Text: "author:MULLER"}, []int64{1}},
		{"author phrase", newsdesk.Query{Text: `author:"jane doe"`}, []int64{2, 3}},
		{"author words", newsdesk.Query{Text: "Jane"}, []int64{2, 3}},
		{"lang field", newsdesk.Query{Text: "lang:de"}, []int64{1, 4}},
		{"lang field and word", newsdesk.Query{Text: "Paris lang:en"}, []int64{2}},
		{"detected language", newsdesk.Query{Text: "lang:en markets"}, []int64{6}},
		{"source field", newsdesk.Query{Text: "source:2"}, []int64{2, 3}},
		{"source name", newsdesk.Query{Text: "source:stadtanzeiger"}, []int64{4, 5}},
		{"source or", newsdesk.Query{Text: "Paris (source:1 OR source:3)"}, []int64{1, 5}},
		{"source filter", newsdesk.Query{Text: "Paris", SourceID: 2}, []int64{2}},
		{"language filter", newsdesk.Query{Text: "Paris", Language: "de"}, []int64{1}},
		{"author filter", newsdesk.Query{Text: "Paris", Author: "John Smith"}, []int64{2}},
		{"date range", newsdesk.Query{Text: "Paris", From: day(2), To: day(6)}, []int64{2, 5}},
		{"date range only", newsdesk.Query{From: day(5), To: day(7)}, []int64{5, 6}},
		{"to excludes undated", newsdesk.Query{To: day(3)}, []int64{1, 2}},
		{"filters only", newsdesk.Query{SourceID: 3}, []int64{4, 5}},
		{"everything", newsdesk.Query{}, []int64{1, 2, 3, 4, 5, 6}},
		{"no match", newsdesk.Query{Text: "zeppelin"}, nil},
		{"punctuation only", newsdesk.Query{Text: "?!"}, nil},
		{"stray syntax", newsdesk.Query{Text: `) treaty OR ( "`}, []int64{2, 6}},
		{"lowercase or is a word", newsdesk.Query{Text: "treaty or Vertrag"}, nil},
		{"title brackets", newsdesk.Query{Text: "title:(treaty)"}, []int64{2, 6}},
		{"title brackets miss body", newsdesk.Query{Text: "title:(Paris)"}, nil},
		{"title or", newsdesk.Query{Text: "title:(Paris OR weather)"}, []int64{3}},
		{"title or phrase", newsdesk.Query{Text: `title:("new treaty" OR weather)`}, []int64{2, 3}},
		{"title phrase misses body", newsdesk.Query{Text: `title:("treaty was signed" OR weather)`}, []int64{3}},
		{"title and", newsdesk.Query{Text: "title:(markets Paris)"}, nil},
		{"title nested", newsdesk.Query{Text: "title:(weather OR (markets rally))"}, []int64{3, 6}},
		{"title nested or", newsdesk.Query{Text: "title:(markets (Paris OR rally))"}, []int64{6}},
		{"title double brackets", newsdesk.Query{Text: "title:((Paris))"}, nil},
		{"not title", newsdesk.Query{Text: "sign -title:(sign)"}, []int64{6}},
		{"only not title", newsdesk.Query{Text: "-title:(treaty)"}, []int64{1, 3, 4, 5}},
		{"not inside title", newsdesk.Query{Text: "title:(treaty -leaders)"}, []int64{6}},
		{"own field inside title", newsdesk.Query{Text: "title:(author:doe)"}, []int64{2, 3}},
		{"title group or lang", newsdesk.Query{Text: "title:(treaty) OR lang:fr"}, []int64{2, 5, 6}},
		{"title group then word", newsdesk.Query{Text: "title:(treaty OR report) Paris"}, []int64{2}},
		{"source brackets", newsdesk.Query{Text: "Paris source:(1 OR 3)"}, []int64{1, 5}},
		{"unclosed title group", newsdesk.Query{Text: "title:(Paris OR weather"}, []int64{3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.q.Limit = 100
			r, err := ix.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			got := sorted(ids(r))
			want := sorted(tt.want)
			if want == nil {
				want = []int64{}
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%q: got %v, want %v", tt.q.Text, got, want)
			}
			if r.Total != len(want) {
				t.Errorf("%q: total %d, want %d", tt.q.Text, r.Total, len(want))
			}
		})
	}
}

func testSearchSort(t *testing.T, open Opener) {
	ix := fill(t, open, corpus())
	ctx := context.Background()
	r, err := ix.Search(ctx, newsdesk.Query{Sort: search.SortDate})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(r), []int64{3, 6, 5, 2, 1, 4}; !reflect.DeepEqual(got, want) {
		t.Errorf("by date: %v, want %v", got, want)
	}
	// The title weighs more than the body.
	r, err = ix.Search(ctx, newsdesk.Query{Text: "treaty"})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Hits) != 2 || r.Hits[0].Score < r.Hits[1].Score || r.Hits[0].Score <= 0 {
		t.Errorf("scores not descending and positive: %+v", r.Hits)
	}
	if _, err := ix.Search(ctx, newsdesk.Query{Text: "treaty", Sort: "size"}); err == nil {
		t.Error("unknown sort: no error")
	}
}

func testSearchPaging(t *testing.T, open Opener) {
	var as []*newsdesk.StoredArticle
	for i := int64(1); i <= 47; i++ {
		// Several articles share a publication time, so the ID must
		// break ties.
		as = append(as, art(i, i%3, "en", "", "Report number", "", strings.Repeat("budget ", int(i%5)+1)+"news", day(1+int(i%7))))
	}
	ix := fill(t, open, as)
	for _, sort := range []string{search.SortDate, search.SortRelevance} {
		t.Run(sort, func(t *testing.T) {
			q := newsdesk.Query{Text: "budget", Sort: sort, Limit: 10}
			var seen []int64
			var prev *newsdesk.Hit
			for page := 0; ; page++ {
				r, err := ix.Search(context.Background(), q)
				if err != nil {
					t.Fatal(err)
				}
				if r.Total != 47 {
					t.Fatalf("page %d: total %d", page, r.Total)
				}
				for _, h := range r.Hits {
					if prev != nil {
						if sort == search.SortDate && h.Published.After(prev.Published) {
							t.Fatalf("not by date: %v after %v", h.Published, prev.Published)
						}
						if sort == search.SortRelevance && h.Score > prev.Score {
							t.Fatalf("not by score: %v after %v", h.Score, prev.Score)
						}
					}
					prev = &h
					seen = append(seen, h.ID)
				}
				if r.NextCursor == "" {
					break
				}
				if len(r.Hits) != 10 {
					t.Fatalf("page %d: %d hits and a cursor", page, len(r.Hits))
				}
				q.Cursor = r.NextCursor
			}
			if len(seen) != 47 || len(slices.Compact(sorted(seen))) != 47 {
				t.Errorf("pages gave %d hits, %d distinct", len(seen), len(slices.Compact(sorted(seen))))
			}
		})
	}
	r, _ := ix.Search(context.Background(), newsdesk.Query{Text: "budget", Sort: search.SortDate, Limit: 10})
	for _, bad := range []newsdesk.Query{
		{Text: "budget", Cursor: r.NextCursor},                  // relevance with a date cursor
		{Text: "budget", Sort: search.SortDate, Cursor: "@@@"},  // not base64
		{Text: "budget", Sort: search.SortDate, Cursor: "ZDox"}, // "d:1"
	} {
		if _, err := ix.Search(context.Background(), bad); !errors.Is(err, search.ErrBadCursor) {
			t.Errorf("cursor %q: err %v, want search.ErrBadCursor", bad.Cursor, err)
		}
	}
}

func testSearchFacets(t *testing.T, open Opener) {
	ix := fill(t, open, corpus())
	r, err := ix.Search(context.Background(), newsdesk.Query{Text: "Paris OR treaty", Facets: true, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]newsdesk.Facet{
		"source":   {"1": 1, "2": 1, "3": 1, "4": 1},
		"outlet":   {},
		"language": {"de": 1, "en": 2, "fr": 1},
		"day":      {"2024-03-01": 1, "2024-03-02": 1, "2024-03-05": 1, "2024-03-06": 1},
		"entity":   {},
		"agency":   {},
		"story":    {},
	}
	if !reflect.DeepEqual(r.Facets, want) {
		t.Errorf("facets %v, want %v", r.Facets, want)
	}
	if r.Total != 4 || len(r.Hits) != 1 {
		t.Errorf("total %d, %d hits", r.Total, len(r.Hits))
	}
	r, err = ix.Search(context.Background(), newsdesk.Query{Facets: true, SourceID: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Facets["language"]; !reflect.DeepEqual(got, newsdesk.Facet{"de": 1, "fr": 1}) {
		t.Errorf("language facet without text: %v", got)
	}
}

func testSearchHit(t *testing.T, open Opener) {
	ix := fill(t, open, corpus())
	tests := []struct {
		q, snippet string
		id         int64
	}{
		{"unterzeichnen Vertrag", "Die Bundesregierung hat am Montag in Paris zwei \x02Verträge\x03 \x02unterzeichnet\x03. Der \x02Vertrag\x03 über die Hauptstraße gilt ab Mai.", 1},
		{`"was signed"`, "The treaty \x02was\x03 \x02signed\x03 in Paris on Monday by both leaders. It covers trade and the main street of the capital.", 2},
		{"Sunny", "A \x02sunny\x03 day is expected across the country, with a warm signal from the south.", 3},
		{"report", "A sunny day is expected across the country, with a warm signal from the south.", 3},
		{"treaty -Paris", "Stocks rose on Tuesday after the \x02treaties\x03 were signed, and the markets in London and New York closed higher than they had been for weeks.", 6},
	}
	for _, tt := range tests {
		r, err := ix.Search(context.Background(), newsdesk.Query{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Hits) == 0 || r.Hits[0].ID != tt.id {
			t.Errorf("%q: hits %v, want %d first", tt.q, ids(r), tt.id)
			continue
		}
		if got := r.Hits[0].Snippet; got != tt.snippet {
			t.Errorf("%q: snippet\n%q\nwant\n%q", tt.q, got, tt.snippet)
		}
	}
	r, err := ix.Search(context.Background(), newsdesk.Query{Text: "treaty", SourceID: 2})
	if err != nil || len(r.Hits) != 1 {
		t.Fatalf("%v %v", r, err)
	}
	h := r.Hits[0]
	want := newsdesk.Hit{ID: 2, URL: "https://example.org/Leaders signed a new treaty", Title: "Leaders signed a new treaty",
		SourceID: 2, SiteName: "Daily Post", Language: "en", Published: day(2), Authors: []string{"John Smith", "Jane Doe"},
		Snippet: h.Snippet, Score: h.Score}
	if !reflect.DeepEqual(h, want) {
		t.Errorf("hit\n%+v\nwant\n%+v", h, want)
	}
}

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
func testSearchCollapse(t *testing.T, open Opener) {
	ctx := context.Background()
	as := copyCorpus(400, 3)
	ix := fill(t, open, as)
	group := groupOf(as)
	site := map[int64]string{}
	for _, a := range as {
		site[a.ID] = a.SiteName
	}
	queries := []newsdesk.Query{
		{Text: "treaty"},
		{Text: "treaty", Sort: search.SortDate},
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
			q.Limit = search.MaxLimit
			full, err := ix.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			if full.Total > search.MaxLimit || full.Total == 0 {
				t.Fatalf("total %d: want a query of 1–%d hits", full.Total, search.MaxLimit)
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
func testSearchStories(t *testing.T, open Opener) {
	ctx := context.Background()
	as := copyCorpus(200, 5)
	tags := map[int64]newsdesk.ArticleTags{}
	for _, a := range as {
		tags[a.ID] = newsdesk.ArticleTags{CopyOf: int64(a.CopyOf), Story: int64(a.Story)}
		a.CopyOf, a.Story = 0, 0 // the tags win
	}
	ix := open(t)
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
		q.Limit = search.MaxLimit
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
	for _, sort := range []string{search.SortRelevance, search.SortDate} {
		q := newsdesk.Query{Text: "treaty OR Vertrag", Sort: sort, Limit: search.MaxLimit, Stories: 1000, Facets: true}
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
			if n := r.Facets["story"][strconv.FormatInt(s.Story, 10)]; n != s.Hits && len(r.Facets["story"]) < search.MaxEntityFacet {
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

// Articles are indexed with the entities they mention, the speakers
// they quote and the agencies they credit: entity:, speaker: and
// agency: in the query syntax and the Query fields keep those that have
// one, the entity and agency facets count them, and a change of an
// article's tags replaces them.
func testSearchEntities(t *testing.T, open Opener) {
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
	ix := open(t)
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

func testSearchOutlets(t *testing.T, open Opener) {
	ctx := context.Background()
	fr := &newsdesk.Outlet{ID: 7, Domain: "fr.de", Name: "fr.de"} // no name known yet
	sp := &newsdesk.Outlet{ID: 8, Domain: "spiegel.de", Name: "DER SPIEGEL"}
	to := &newsdesk.Outlet{ID: 9, Domain: "t-online.de", Name: "t-online"}
	lo := &newsdesk.Outlet{ID: 10, Name: "Lokalblatt"} // no domain
	ix := fill(t, open, []*newsdesk.StoredArticle{
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

// testUpsertRemove: adding an article again replaces it, the last of
// one batch wins, and removing takes it out (an unknown one is no
// error).
func testUpsertRemove(t *testing.T, open Opener) {
	ctx := context.Background()
	as := corpus()
	ix := fill(t, open, as)
	count := func(want int64) {
		t.Helper()
		if n, err := ix.Count(ctx); err != nil || n != want {
			t.Errorf("Count = %d, %v; want %d", n, err, want)
		}
	}
	find := func(text string, want ...int64) {
		t.Helper()
		r, err := ix.Search(ctx, newsdesk.Query{Text: text})
		if err != nil {
			t.Fatal(err)
		}
		if got := sorted(ids(r)); !reflect.DeepEqual(got, sorted(append([]int64{}, want...))) {
			t.Errorf("%q: %v, want %v", text, got, want)
		}
	}
	count(6)
	a := *as[2]
	a.Title, a.Subtitle, a.Blocks = "Storm warning", "", []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "A storm is coming."}}
	if err := ix.Add(ctx, &a); err != nil {
		t.Fatal(err)
	}
	count(6)
	find("sunny")
	find("storm", 3)
	b := a
	b.Title = "Hail warning"
	if err := ix.AddMany(ctx, []*newsdesk.StoredArticle{&a, &b}); err != nil {
		t.Fatal(err)
	}
	find("storm", 3)
	find("hail", 3)
	if err := ix.Add(ctx, &a); err != nil {
		t.Fatal(err)
	}
	find("hail")
	if err := ix.Remove(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if err := ix.Remove(ctx, 99); err != nil {
		t.Errorf("removing an unknown article: %v", err)
	}
	count(5)
	find("storm")
	find("-Paris", 4, 6)
	find("treaty", 2, 6)
}
