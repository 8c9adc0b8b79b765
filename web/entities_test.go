package web_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/web"
)

// The actor page shows an entity's names, company and articles, the
// entities page finds it by a role noun, and the reader links the
// entities of an article to their pages.
func TestIntegrationEntityPages(t *testing.T) {
	e := newEnv(t, options{})
	m := func(s, end int, text, id string, kind newsdesk.MentionKind) newsdesk.Mention {
		return newsdesk.Mention{Start: s, End: end, Text: text, Type: newsdesk.Person, Kind: kind, EntityID: id}
	}
	an := func(ms ...newsdesk.Mention) *newsdesk.Analysis {
		a := &newsdesk.Analysis{Mentions: ms}
		for _, x := range ms {
			a.Entities = append(a.Entities, newsdesk.Entity{ID: x.EntityID, Name: map[string]string{"Q7747": "Wladimir Putin", "Q56226": "Kim Jong Un"}[x.EntityID], Type: newsdesk.Person})
		}
		return a
	}
	if err := e.st.SaveAnalyses(t.Context(), 0, 1, []newsdesk.ArticleAnalysis{
		{ArticleID: e.ids["de"], Analysis: an(m(0, 5, "Putin", "Q7747", newsdesk.NameMention), m(10, 24, "der Kreml-Chef", "Q7747", newsdesk.RoleMention), m(30, 33, "Kim", "Q56226", newsdesk.NameMention))},
		{ArticleID: e.ids["en"], Analysis: an(m(0, 5, "Putin", "Q7747", newsdesk.NameMention))},
	}); err != nil {
		t.Fatal(err)
	}

	p := e.get(t, "/entities/Q7747", 200)
	if got := text(one(t, p.doc, "h1", "#entity-name")); got != "Wladimir Putin" {
		t.Errorf("name = %q", got)
	}
	aliases := text(one(t, p.doc, "section", "#entity-aliases"))
	if !strings.Contains(aliases, "Putin") || !strings.Contains(aliases, "der Kreml-Chef") {
		t.Errorf("aliases = %q", aliases)
	}
	if with := find(p.doc, "a", ""); !strings.Contains(p.body, `href="/entities/Q56226"`) || len(with) == 0 {
		t.Errorf("the page does not link Kim Jong Un")
	}
	if n := len(find(p.doc, "li", ".result")); n != 2 {
		t.Errorf("latest articles: %d, want 2", n)
	}
	if len(find(p.doc, "rect", ".bar")) == 0 {
		t.Errorf("no timeline bars")
	}

	p = e.get(t, "/entities?q=Kreml-Chef", 200)
	rows := find(p.doc, "tr", ".entity-row")
	if len(rows) != 1 || !strings.Contains(text(rows[0]), "Wladimir Putin") {
		t.Errorf("entities?q=Kreml-Chef: %d rows", len(rows))
	}
	e.get(t, "/entities?type=XYZ", 400)

	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["de"]), 200)
	links := find(p.doc, "li", ".entity-link")
	if len(links) != 2 || !strings.Contains(text(links[0]), "Wladimir Putin") {
		t.Errorf("reader entities: %d", len(links))
	}
	e.get(t, "/entities/nobody", 404)
}

// The reader links the mentions in an article's paragraphs to their
// entities' pages, at the right words.
func TestLinkMentions(t *testing.T) {
	a := &newsdesk.Article{Blocks: []newsdesk.Block{
		{Kind: newsdesk.Heading, Level: 2, Text: "Gipfel in Pjöngjang"},
		{Kind: newsdesk.Paragraph, Text: "Der Kreml-Chef Putin traf Kim.\nDanach sprach Moskau."},
		{Kind: newsdesk.List, Items: []string{"eins", "zwei"}, Text: "eins\nzwei"},
		{Kind: newsdesk.Caption, Text: "Ein Bild"},
		{Kind: newsdesk.Paragraph, Text: "  Putin reiste ab."},
	}}
	text := []rune(a.Text())
	var ms []newsdesk.Mention
	for _, w := range []struct{ word, id string }{{"Putin", "Q7747"}, {"Kim", "kim"}, {"Moskau", "Q159"}, {"Pjöngjang", ""}} {
		for i := 0; i+len([]rune(w.word)) <= len(text); i++ {
			if string(text[i:i+len([]rune(w.word))]) == w.word {
				ms = append(ms, newsdesk.Mention{Start: i, End: i + len([]rune(w.word)), Text: w.word, EntityID: w.id})
			}
		}
	}
	slices.SortFunc(ms, func(a, b newsdesk.Mention) int { return a.Start - b.Start })
	vbs := web.ViewBlocksForTest(a.Blocks, ms)
	var got []string
	for _, b := range vbs {
		for _, line := range b.Segs {
			var parts []string
			for _, s := range line {
				if s.Entity != "" {
					parts = append(parts, "["+s.Text+"|"+s.Entity+"]")
				} else {
					parts = append(parts, s.Text)
				}
			}
			got = append(got, strings.Join(parts, ""))
		}
	}
	want := []string{"Der Kreml-Chef [Putin|Q7747] traf [Kim|kim].", "Danach sprach [Moskau|Q159].", "[Putin|Q7747] reiste ab."}
	if !slices.Equal(got, want) {
		t.Errorf("segments\n%q\nwant\n%q", got, want)
	}
}
