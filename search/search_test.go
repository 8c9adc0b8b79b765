package search

import (
	"context"
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
