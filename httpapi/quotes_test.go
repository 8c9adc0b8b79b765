package httpapi_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/follow"
	"newsdesk/httpapi"
)

// Entity ids of the quoted fixture.
const (
	scholzID = "Q61053"
	merzID   = "Q2518"
)

// quoteArticle is an article of the quoted fixture with what its
// analysis finds in it.
type quoteArticle struct {
	name, site, text string
	day              int // of March 2024
	quote, speaker   string
	speakerID        string
	agencies         []string
	source           string // a cited source's name, as written
	figure, claimant string // a figure and who claims it, as written
}

// quoteArticles are three German articles: Scholz's words twice (the
// second a wire copy on another site), then Merz's.
var quoteArticles = []quoteArticle{
	{name: "scholz1", site: "tagesblatt.example", day: 10,
		text:  "„Wir stehen fest an der Seite der Ukraine“, sagte Olaf Scholz am Montag in Berlin. Laut Spiegel haben die Häfen über 10.000 Container abgefertigt, teilte der Hafenverband mit.",
		quote: "Wir stehen fest an der Seite der Ukraine", speaker: "Olaf Scholz", speakerID: scholzID,
		source: "Spiegel", figure: "über 10.000 Container", claimant: "der Hafenverband"},
	{name: "scholz2", site: "abendpost.example", day: 11,
		text:  "„Wir stehen fest an der Seite der Ukraine“, sagte Olaf Scholz in Berlin. Die Opposition widersprach. (dpa)",
		quote: "Wir stehen fest an der Seite der Ukraine", speaker: "Olaf Scholz", speakerID: scholzID, agencies: []string{"dpa"}},
	{name: "merz", site: "abendpost.example", day: 12,
		text:  "„Das reicht bei weitem nicht für die Ukraine“, sagte Friedrich Merz am Dienstag. (dpa/AFP)",
		quote: "Das reicht bei weitem nicht für die Ukraine", speaker: "Friedrich Merz", speakerID: merzID, agencies: []string{"dpa", "AFP"}},
}

// span returns the span of the first sub in text, in runes.
func span(t *testing.T, text, sub string) newsdesk.Span {
	t.Helper()
	i := strings.Index(text, sub)
	if i < 0 {
		t.Fatalf("%q not in %q", sub, text)
	}
	start := len([]rune(text[:i]))
	return newsdesk.Span{Start: start, End: start + len([]rune(sub)), Text: sub}
}

// saveQuotes stores the quoted fixture, analysed, and brings the index
// up to date with its speakers and agencies.
func (e *env) saveQuotes(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	names := map[string]string{scholzID: "Olaf Scholz", merzID: "Friedrich Merz", "Q212": "Ukraine"}
	var as []newsdesk.ArticleAnalysis
	for _, qa := range quoteArticles {
		e.saveArticle(t, qa.name, 0, &newsdesk.Article{
			URL:       fmt.Sprintf("https://www.%s/politik/%s", qa.site, qa.name),
			Title:     "Berlin: " + qa.speaker,
			SiteName:  qa.site,
			Language:  "de",
			Published: time.Date(2024, 3, qa.day, 10, 0, 0, 0, time.UTC),
			Blocks:    []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: qa.text}},
		})
		sp := span(t, qa.text, qa.speaker)
		ukr := span(t, qa.text, "Ukraine")
		an := &newsdesk.Analysis{
			Language: "de",
			Mentions: []newsdesk.Mention{
				{Start: ukr.Start, End: ukr.End, Text: ukr.Text, Type: newsdesk.Location, Kind: newsdesk.NameMention, EntityID: "Q212"},
				{Start: sp.Start, End: sp.End, Text: sp.Text, Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: qa.speakerID},
			},
			Entities: []newsdesk.Entity{
				{ID: "Q212", Name: names["Q212"], Type: newsdesk.Location},
				{ID: qa.speakerID, Name: names[qa.speakerID], Type: newsdesk.Person},
			},
			Quotes: []newsdesk.Quotation{{
				Span: span(t, qa.text, qa.quote), Form: newsdesk.DirectQuote,
				Cue:     &newsdesk.Span{Start: span(t, qa.text, "sagte").Start, End: span(t, qa.text, "sagte").End, Text: "sagte"},
				Speaker: &newsdesk.Attributed{Span: sp, EntityID: qa.speakerID},
			}},
			Agencies: qa.agencies,
		}
		if qa.source != "" {
			an.Sources = []newsdesk.CitedSource{{Span: span(t, qa.text, qa.source), Name: qa.source, Kind: newsdesk.CitedMedia}}
		}
		if qa.figure != "" {
			an.Figures = []newsdesk.Figure{{Span: span(t, qa.text, qa.figure), Value: 10000, Unit: "Container",
				Claimant: &newsdesk.Attributed{Span: span(t, qa.text, qa.claimant)}}}
		}
		as = append(as, newsdesk.ArticleAnalysis{ArticleID: e.ids[qa.name], Analysis: an})
	}
	if err := e.st.SaveAnalyses(ctx, 0, 1, as); err != nil {
		t.Fatal(err)
	}
	if _, err := follow.CatchUp(ctx, e.st, e.ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
}

// GET /api/quotes lists each quotation once, newest first, with the
// articles that carry it; q, speaker, lang, dates and paging select
// them, and bad values are problems.
func TestIntegrationQuotes(t *testing.T) {
	e := newEnv(t)
	e.saveQuotes(t)

	var list httpapi.QuoteResponse
	e.getJSON(t, "/api/quotes", 200, &list)
	if list.Total != 2 || len(list.Quotes) != 2 || list.NextCursor != "" {
		t.Fatalf("quotes: total %d, %d quotes, cursor %q; want 2, 2, none: %+v", list.Total, len(list.Quotes), list.NextCursor, list)
	}
	merz, scholz := list.Quotes[0], list.Quotes[1]
	if merz.Text != quoteArticles[2].quote || merz.Speaker == nil || merz.Speaker.EntityID != merzID || merz.SpeakerName != "Friedrich Merz" ||
		merz.ArticleID != e.ids["merz"] || len(merz.Outlets) != 1 {
		t.Errorf("newest quote = %+v", merz)
	}
	if scholz.Text != quoteArticles[0].quote || scholz.ArticleID != e.ids["scholz1"] || scholz.SpeakerName != "Olaf Scholz" ||
		scholz.Site != "tagesblatt.example" || scholz.Form != newsdesk.DirectQuote || scholz.Published.Day() != 10 {
		t.Errorf("Scholz's quote = %+v", scholz)
	}
	if len(scholz.Outlets) != 2 || scholz.Outlets[0].ArticleID != e.ids["scholz1"] || scholz.Outlets[1].ArticleID != e.ids["scholz2"] ||
		scholz.Outlets[1].Site != "abendpost.example" {
		t.Errorf("Scholz's quote: outlets %+v, want both articles, earliest first", scholz.Outlets)
	}

	for _, tc := range []struct {
		query string
		want  []int64 // the articles the quotes are shown in, newest first
	}{
		{"q=Ukraine", []int64{e.ids["merz"], e.ids["scholz1"]}},
		{"q=" + url.QueryEscape("Seite stehen"), []int64{e.ids["scholz1"]}},
		{"q=" + url.QueryEscape(`"reicht bei weitem"`), []int64{e.ids["merz"]}},
		{"q=" + url.QueryEscape(`"weitem reicht"`), nil},
		{"speaker=" + scholzID, []int64{e.ids["scholz1"]}},
		{"speaker=" + merzID + "&q=Ukraine", []int64{e.ids["merz"]}},
		{"speaker=nobody", nil},
		{"lang=en", nil},
		{"lang=DE&from=2024-03-12", []int64{e.ids["merz"]}},
		{"to=2024-03-11", []int64{e.ids["scholz1"]}},
	} {
		var l httpapi.QuoteResponse
		e.getJSON(t, "/api/quotes?"+tc.query, 200, &l)
		var got []int64
		for _, q := range l.Quotes {
			got = append(got, q.ArticleID)
		}
		if fmt.Sprint(got) != fmt.Sprint(tc.want) || l.Total != len(tc.want) || l.Quotes == nil {
			t.Errorf("quotes?%s: %v (total %d), want %v", tc.query, got, l.Total, tc.want)
		}
	}

	// Paging by cursor: one a page, each once.
	var page1, page2 httpapi.QuoteResponse
	e.getJSON(t, "/api/quotes?limit=1", 200, &page1)
	if len(page1.Quotes) != 1 || page1.NextCursor == "" || page1.Total != 2 {
		t.Fatalf("page 1: %+v", page1)
	}
	e.getJSON(t, "/api/quotes?limit=1&cursor="+url.QueryEscape(page1.NextCursor), 200, &page2)
	if len(page2.Quotes) != 1 || page2.NextCursor != "" || page2.Quotes[0].ArticleID != e.ids["scholz1"] {
		t.Errorf("page 2: %+v", page2)
	}

	resp, b := e.do(t, "GET", "/api/quotes?speaker=nobody", "", "")
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"quotes": []`) || !strings.Contains(string(b), `"next_cursor": ""`) {
		t.Errorf("no quotes: %s", b)
	}
	for _, bad := range []string{"limit=0", "limit=101", "limit=x", "from=yesterday", "to=3.3.2024",
		"from=2024-03-12&to=2024-03-11", "cursor=not-a-cursor", "q=" + strings.Repeat("x", 1001)} {
		resp, b := e.do(t, "GET", "/api/quotes?"+bad, "", "")
		if p := checkProblem(t, resp, b, 400); p.Detail == "" {
			t.Errorf("%s: problem without detail", bad)
		}
	}
	resp, b = e.do(t, "POST", "/api/quotes", testToken, "")
	checkProblem(t, resp, b, 405)
}

// GET /api/articles/{id} carries the article's quotations, agencies,
// cited sources and figures, as empty lists when it has none.
func TestIntegrationArticleAttribution(t *testing.T) {
	e := newEnv(t)
	e.saveQuotes(t)

	var a httpapi.ArticleDetail
	e.getJSON(t, fmt.Sprintf("/api/articles/%d", e.ids["scholz1"]), 200, &a)
	if len(a.Quotes) != 1 {
		t.Fatalf("quotes = %+v", a.Quotes)
	}
	q := a.Quotes[0]
	if q.Speaker == nil || q.Speaker.EntityID != scholzID || q.Speaker.Text != "Olaf Scholz" || q.Cue == nil || q.Cue.Text != "sagte" {
		t.Errorf("quote = %+v", q)
	}
	// Offsets are runes of text.
	if got := string([]rune(a.Text)[q.Start:q.End]); got != quoteArticles[0].quote {
		t.Errorf("the quote's span reads %q in the text", got)
	}
	if len(a.Sources) != 1 || a.Sources[0].Name != "Spiegel" || a.Sources[0].Kind != newsdesk.CitedMedia {
		t.Errorf("sources = %+v", a.Sources)
	}
	if len(a.Figures) != 1 || a.Figures[0].Value != 10000 || a.Figures[0].Unit != "Container" ||
		a.Figures[0].Claimant == nil || a.Figures[0].Claimant.Text != "der Hafenverband" {
		t.Errorf("figures = %+v", a.Figures)
	}
	if a.Source.Name != "tagesblatt.example" || a.Title != "Berlin: Olaf Scholz" {
		t.Errorf("the article's own fields: source %+v, title %q", a.Source, a.Title)
	}
	e.getJSON(t, fmt.Sprintf("/api/articles/%d", e.ids["merz"]), 200, &a)
	if strings.Join(a.Agencies, ",") != "dpa,AFP" {
		t.Errorf("agencies = %q, want dpa, AFP", a.Agencies)
	}

	// An article without an analysis has empty lists, not null.
	resp, b := e.do(t, "GET", fmt.Sprintf("/api/articles/%d", e.ids["de"]), "", "")
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	for _, k := range []string{`"quotes": []`, `"agencies": []`, `"sources": []`, `"figures": []`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("article without analysis lacks %s", k)
		}
	}
}

// GET /api/entities/{id} lists the actor's latest quotations; the
// search filters by speaker and agency and counts the agencies.
func TestIntegrationSpeakerAndAgency(t *testing.T) {
	e := newEnv(t)
	e.saveQuotes(t)

	var info httpapi.EntityDetail
	e.getJSON(t, "/api/entities/"+scholzID, 200, &info)
	if info.EntityInfo == nil || info.Name != "Olaf Scholz" || len(info.Quotes) != 1 || len(info.Quotes[0].Outlets) != 2 {
		t.Errorf("entity = %+v", info)
	}
	e.getJSON(t, "/api/entities/Q212", 200, &info)
	if info.Name != "Ukraine" || info.Quotes == nil || len(info.Quotes) != 0 {
		t.Errorf("an entity that said nothing: quotes %+v", info.Quotes)
	}

	ids := func(res httpapi.SearchResponse) string {
		var out []string
		for _, a := range res.Articles {
			out = append(out, fmt.Sprint(a.ID))
		}
		return strings.Join(out, ",")
	}
	var res httpapi.SearchResponse
	for _, tc := range []struct {
		query string
		want  []int64 // newest first
	}{
		{"speaker=" + scholzID, []int64{e.ids["scholz2"], e.ids["scholz1"]}},
		{"q=" + url.QueryEscape("speaker:"+merzID), []int64{e.ids["merz"]}},
		{"agency=DPA", []int64{e.ids["merz"], e.ids["scholz2"]}},
		{"agency=afp&speaker=" + merzID, []int64{e.ids["merz"]}},
		{"q=" + url.QueryEscape("agency:dpa Opposition"), []int64{e.ids["scholz2"]}},
		{"agency=reuters", nil},
	} {
		e.getJSON(t, "/api/articles?sort=date&"+tc.query, 200, &res)
		want := make([]string, len(tc.want))
		for i, id := range tc.want {
			want[i] = fmt.Sprint(id)
		}
		if got := ids(res); got != strings.Join(want, ",") || res.Total != len(tc.want) {
			t.Errorf("articles?%s: %s (total %d), want %v", tc.query, got, res.Total, want)
		}
	}
	e.getJSON(t, "/api/articles?q=Ukraine", 200, &res)
	if f := res.Facets["agency"]; f == nil || f["dpa"] != 2 || f["afp"] != 1 {
		t.Errorf("agency facet = %v, want dpa 2, afp 1", f)
	}
	if f := res.Facets["entity"]; f[scholzID] != 2 || f[merzID] != 1 {
		t.Errorf("entity facet = %v", f)
	}
}
