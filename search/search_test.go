package search

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk"
)

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

func openIndex(t testing.TB, as []*newsdesk.StoredArticle) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if err := ix.AddMany(context.Background(), as); err != nil {
		t.Fatal(err)
	}
	return ix
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

func TestSearch(t *testing.T) {
	ix := openIndex(t, corpus())
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

func TestSearchSort(t *testing.T) {
	ix := openIndex(t, corpus())
	ctx := context.Background()
	r, err := ix.Search(ctx, newsdesk.Query{Sort: SortDate})
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

func TestSearchPaging(t *testing.T) {
	var as []*newsdesk.StoredArticle
	for i := int64(1); i <= 47; i++ {
		// Several articles share a publication time, so the ID must
		// break ties.
		as = append(as, art(i, i%3, "en", "", "Report number", "", strings.Repeat("budget ", int(i%5)+1)+"news", day(1+int(i%7))))
	}
	ix := openIndex(t, as)
	for _, sort := range []string{SortDate, SortRelevance} {
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
						if sort == SortDate && h.Published.After(prev.Published) {
							t.Fatalf("not by date: %v after %v", h.Published, prev.Published)
						}
						if sort == SortRelevance && h.Score > prev.Score {
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
	r, _ := ix.Search(context.Background(), newsdesk.Query{Text: "budget", Sort: SortDate, Limit: 10})
	for _, bad := range []newsdesk.Query{
		{Text: "budget", Cursor: r.NextCursor},           // relevance with a date cursor
		{Text: "budget", Sort: SortDate, Cursor: "@@@"},  // not base64
		{Text: "budget", Sort: SortDate, Cursor: "ZDox"}, // "d:1"
	} {
		if _, err := ix.Search(context.Background(), bad); !errors.Is(err, ErrBadCursor) {
			t.Errorf("cursor %q: err %v, want ErrBadCursor", bad.Cursor, err)
		}
	}
}

func TestSearchFacets(t *testing.T) {
	ix := openIndex(t, corpus())
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

func TestSearchHit(t *testing.T) {
	ix := openIndex(t, corpus())
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

func TestSnippetLong(t *testing.T) {
	body := strings.Repeat("Lorem ipsum dolor sit amet. ", 40) + "Hier wurde der Vertrag unterzeichnet. " + strings.Repeat("Consectetur adipiscing elit. ", 40)
	s := snippet(body, "de", map[string]bool{"vertrag": true, "unterzeichn": true})
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || !strings.Contains(s, "der \x02Vertrag\x03 \x02unterzeichnet\x03.") {
		t.Errorf("snippet %q", s)
	}
	if n := len(strings.Fields(s)); n > snippetWords+3 {
		t.Errorf("snippet of %d words", n)
	}
	if s := snippet("a \x02b\x03\n\nc", "", map[string]bool{"b": true}); s != "a \x02b\x03 c" {
		t.Errorf("markers in text: %q", s)
	}
}

func TestUpsertRemoveReset(t *testing.T) {
	dir := t.TempDir()
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	as := corpus()
	if err := ix.AddMany(ctx, as); err != nil {
		t.Fatal(err)
	}
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
	// Re-adding replaces: the old words are gone, the new are found.
	a := *as[2]
	a.Title, a.Subtitle, a.Blocks = "Storm warning", "", []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "A storm is coming."}}
	if err := ix.Add(ctx, &a); err != nil {
		t.Fatal(err)
	}
	count(6)
	find("sunny")
	find("storm", 3)
	// The same article twice in one batch.
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
	integrity := func() {
		t.Helper()
		for _, tb := range ftsTables {
			if _, err := ix.w.ExecContext(ctx, `INSERT INTO `+tb+` (`+tb+`, rank) VALUES ('integrity-check', 1)`); err != nil {
				t.Errorf("integrity check of %s: %v", tb, err)
			}
		}
	}
	integrity()
	if err := ix.Remove(ctx, 3); err != nil {
		t.Fatal(err)
	}
	if err := ix.Remove(ctx, 99); err != nil {
		t.Errorf("removing an unknown article: %v", err)
	}
	count(5)
	find("storm")
	find("-Paris", 4, 6)
	integrity()
	if err := ix.Optimize(ctx); err != nil {
		t.Fatal(err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}

	// The index persists.
	ix, err = Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Stale() {
		t.Error("reopened index is stale")
	}
	count(5)
	find("treaty", 2, 6)
	if err := ix.Reset(ctx); err != nil {
		t.Fatal(err)
	}
	count(0)
	find("treaty")
	if err := ix.Add(ctx, as[1]); err != nil {
		t.Fatal(err)
	}
	find("treaty", 2)
}

func TestParseQuery(t *testing.T) {
	tests := []struct {
		in   string
		want node
	}{
		{"", nil},
		{"  ", nil},
		{"a", term{Value: "a"}},
		{"a b", andNode{[]node{term{Value: "a"}, term{Value: "b"}}}},
		{"a AND b", andNode{[]node{term{Value: "a"}, term{Value: "b"}}}},
		{"a OR b c", orNode{[]node{term{Value: "a"}, andNode{[]node{term{Value: "b"}, term{Value: "c"}}}}}},
		{"-a b", andNode{[]node{notNode{term{Value: "a"}}, term{Value: "b"}}}},
		{"NOT NOT a", term{Value: "a"}},
		{"a - b", andNode{[]node{term{Value: "a"}, term{Value: "-"}, term{Value: "b"}}}},
		{"Ukraine-Krieg", term{Value: "Ukraine-Krieg"}},
		{`"a b" c`, andNode{[]node{term{Value: "a b", Phrase: true}, term{Value: "c"}}}},
		{`„a b“`, term{Value: "a b", Phrase: true}},
		{`"a b`, term{Value: "a b", Phrase: true}},
		{`author:"Anna Müller"`, term{Field: "author", Value: "Anna Müller", Phrase: true}},
		{"lang:de source:3 title:x", andNode{[]node{term{Field: "lang", Value: "de"}, term{Field: "source", Value: "3"}, term{Field: "title", Value: "x"}}}},
		{"foo:bar", term{Value: "foo:bar"}},
		{"(a OR b) c", andNode{[]node{orNode{[]node{term{Value: "a"}, term{Value: "b"}}}, term{Value: "c"}}}},
		{"((a", term{Value: "a"}},
		{"a)) OR", term{Value: "a"}},
		{"OR AND NOT", nil},
		{"a OR OR b", orNode{[]node{term{Value: "a"}, term{Value: "b"}}}},
		{"title:", nil},
		{"title:(a)", term{Field: "title", Value: "a"}},
		{"title:(a OR b)", orNode{[]node{term{Field: "title", Value: "a"}, term{Field: "title", Value: "b"}}}},
		{`title:("a b" OR c)`, orNode{[]node{term{Field: "title", Value: "a b", Phrase: true}, term{Field: "title", Value: "c"}}}},
		{"-title:(x)", notNode{term{Field: "title", Value: "x"}}},
		{"NOT title:(x y)", notNode{andNode{[]node{term{Field: "title", Value: "x"}, term{Field: "title", Value: "y"}}}}},
		{"title:(a OR (b -c))", orNode{[]node{term{Field: "title", Value: "a"}, andNode{[]node{term{Field: "title", Value: "b"}, notNode{term{Field: "title", Value: "c"}}}}}}},
		{"title:((a))", term{Field: "title", Value: "a"}},
		{"title:(a author:b) c", andNode{[]node{term{Field: "title", Value: "a"}, term{Field: "author", Value: "b"}, term{Value: "c"}}}},
		{"(title:(a) OR b) c", andNode{[]node{orNode{[]node{term{Field: "title", Value: "a"}, term{Value: "b"}}}, term{Value: "c"}}}},
		{"by:(a OR b)", orNode{[]node{term{Field: "author", Value: "a"}, term{Field: "author", Value: "b"}}}},
		{"title:(a", term{Field: "title", Value: "a"}},
		{"title:()", nil},
		{"title: (a)", term{Value: "a"}},
		{"foo:(a)", andNode{[]node{term{Value: "foo:"}, term{Value: "a"}}}},
		{"outlet:spiegel.de", term{Field: "outlet", Value: "spiegel.de"}},
		{"OUTLET:www.fr.de x", andNode{[]node{term{Field: "outlet", Value: "www.fr.de"}, term{Value: "x"}}}},
		{`outlet:"Frankfurter Rundschau"`, term{Field: "outlet", Value: "Frankfurter Rundschau", Phrase: true}},
		{`outlet:„Frankfurter Rundschau“`, term{Field: "outlet", Value: "Frankfurter Rundschau", Phrase: true}},
		{"outlet:(fr.de OR spiegel.de)", orNode{[]node{term{Field: "outlet", Value: "fr.de"}, term{Field: "outlet", Value: "spiegel.de"}}}},
		{"-outlet:fr.de", notNode{term{Field: "outlet", Value: "fr.de"}}},
		{"outlet:", nil},
	}
	for _, tt := range tests {
		if got := parseQuery(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseQuery(%q) = %#v, want %#v", tt.in, got, tt.want)
		}
	}
}

// FuzzParseQuery checks that any query text parses, compiles to a valid
// FTS5 expression and searches without error or panic.
func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{
		"", "a", `"a b" OR -c`, "NOT (a OR (b AND -c))", `author:"x y" lang:de source:3 title:z`,
		"((((", `"""`, "- -a", "a OR", "\x00\xff", "(a OR NOT b) -(c d)", "source:Daily-Post",
		"lang:", "ß ẞ ǅ", "* ^ : { } + NEAR(a b)", `title:"`, "-(-a)",
		"title:(a OR b)", `title:("a b" OR c)`, "-title:(x)", "title:(a (b OR (c -d)))", "title:(",
		"author:(x title:(y)) OR source:(1 OR z)", "title:(((((((((((a)))))))))))",
		"outlet:spiegel.de", `outlet:"Frankfurter Rundschau" -outlet:fr.de`, "outlet:(a.de OR „b c“)", `outlet:"\"`, "outlet:https://x.de/",
	} {
		f.Add(s)
	}
	ix := openIndex(f, corpus())
	f.Fuzz(func(t *testing.T, s string) {
		n := parseQuery(s)
		for _, langs := range [][]string{analyses, {"de"}} {
			compile(n, langs)
		}
		if _, err := ix.Search(context.Background(), newsdesk.Query{Text: s, Facets: true}); err != nil {
			t.Fatalf("Search(%q): %v", s, err)
		}
		// Without a closing bracket nothing leaves the group, so the
		// field reaches every term, however deep.
		if !strings.ContainsRune(s, ')') {
			q := "title:(" + s + ")"
			if bare := fieldless(parseQuery(q)); bare != nil {
				t.Fatalf("parseQuery(%q): %#v has no field", q, *bare)
			}
			if _, err := ix.Search(context.Background(), newsdesk.Query{Text: q}); err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
		}
	})
}

// fieldless returns a term of n without a field, or nil.
func fieldless(n node) *term {
	switch n := n.(type) {
	case term:
		if n.Field == "" {
			return &n
		}
	case notNode:
		return fieldless(n.Node)
	case andNode:
		for _, k := range n.Nodes {
			if t := fieldless(k); t != nil {
				return t
			}
		}
	case orNode:
		for _, k := range n.Nodes {
			if t := fieldless(k); t != nil {
				return t
			}
		}
	}
	return nil
}

// TestManyInOneSecond adds more articles of the same second than a
// second has fids: the rest take the next second's.
func TestManyInOneSecond(t *testing.T) {
	at := day(3)
	n := fidMask + 1 + 100
	var as []*newsdesk.StoredArticle
	for i := 1; i <= n; i++ {
		as = append(as, art(int64(i), 1, "en", "", "Budget report", "", "budget news", at))
	}
	as = append(as, art(int64(n+1), 1, "en", "", "Budget later", "", "budget", at.Add(time.Second)))
	ix := openIndex(t, as)
	ctx := context.Background()
	if err := ix.AddMany(ctx, as[:10]); err != nil { // again, unchanged
		t.Fatal(err)
	}
	if err := ix.Remove(ctx, 5); err != nil {
		t.Fatal(err)
	}
	q := newsdesk.Query{Text: "budget", Sort: SortDate, Limit: 300, From: at, To: at.Add(2 * time.Second)}
	seen := map[int64]bool{}
	for {
		r, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if r.Total != n {
			t.Fatalf("total %d, want %d", r.Total, n)
		}
		for _, h := range r.Hits {
			if seen[h.ID] {
				t.Fatalf("%d twice", h.ID)
			}
			seen[h.ID] = true
		}
		if r.NextCursor == "" {
			break
		}
		q.Cursor = r.NextCursor
	}
	if len(seen) != n || seen[5] {
		t.Errorf("%d hits, want %d without 5", len(seen), n)
	}
	r, err := ix.Search(ctx, newsdesk.Query{From: at, To: at.Add(time.Second)})
	if err != nil || r.Total != fidMask+1-1 && r.Total != fidMask+1 {
		t.Errorf("first second: %d hits, %v", r.Total, err)
	}
}
