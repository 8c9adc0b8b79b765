package web_test

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"newsdesk"
	"newsdesk/follow"
	"newsdesk/web"
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

// hrefs returns the href of each element.
func hrefs(ns []*html.Node) []string {
	var out []string
	for _, n := range ns {
		h, _ := attr(n, "href")
		out = append(out, h)
	}
	return out
}

// The reader marks the quotation with its speaker and keeps the
// mention inside it a link, and lists the speakers, agencies, sources
// and figures; the actor page shows what the actor said; the quote page
// lists each quotation once with its other outlets; the search filters
// by speaker and agency.
func TestIntegrationQuotePages(t *testing.T) {
	e := newEnv(t, options{})
	e.saveQuotes(t)

	p := e.get(t, fmt.Sprintf("/articles/%d", e.ids["scholz1"]), 200)
	checkInert(t, p.doc)
	body := one(t, p.doc, "div", "#article-body")
	q := one(t, body, "span", ".quote")
	if got := text(q); got != quoteArticles[0].quote {
		t.Errorf("the quote marks %q", got)
	}
	if v, _ := attr(q, "data-speaker"); v != scholzID {
		t.Errorf("quote data-speaker %q", v)
	}
	if v, _ := attr(q, "title"); v != "Olaf Scholz" {
		t.Errorf("quote title %q", v)
	}
	if in := find(q, "a", ".mention"); len(in) != 1 || text(in[0]) != "Ukraine" || hrefs(in)[0] != "/entities/Q212" {
		t.Errorf("the mention in the quote: %q", hrefs(in))
	}
	sp := find(body, "a", ".speaker")
	if len(sp) != 1 || text(sp[0]) != "Olaf Scholz" || hrefs(sp)[0] != "/entities/"+scholzID {
		t.Errorf("speaker links %q", hrefs(sp))
	}
	if !strings.Contains(text(body), "„Wir stehen fest an der Seite der Ukraine“, sagte Olaf Scholz am Montag") {
		t.Errorf("the text is changed: %q", text(body))
	}
	att := one(t, p.doc, "section", "#article-attribution")
	if got := hrefs(find(one(t, att, "ul", "#article-speakers"), "a", "")); !slices.Equal(got, []string{"/entities/" + scholzID}) {
		t.Errorf("speakers %q", got)
	}
	if got := text(one(t, att, "ul", "#article-sources")); !strings.Contains(got, "Spiegel") || !strings.Contains(got, "media") {
		t.Errorf("sources %q", got)
	}
	fig := one(t, att, "li", ".article-figure")
	if got := text(fig); !strings.Contains(got, "10.000 Container") || !strings.Contains(got, "der Hafenverband") {
		t.Errorf("figure %q", got)
	}
	if v, _ := attr(one(t, fig, "data", ""), "value"); v != "10000" {
		t.Errorf("figure value %q", v)
	}
	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["merz"]), 200)
	if got := hrefs(find(one(t, p.doc, "ul", "#article-agencies"), "a", "")); !slices.Equal(got, []string{"/?agency=dpa", "/?agency=afp"}) {
		t.Errorf("agencies %q", got)
	}
	// An article without attribution has no such section.
	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["de"]), 200)
	if len(find(p.doc, "", "#article-attribution")) != 0 || len(find(p.doc, "span", ".quote")) != 0 {
		t.Error("attribution shown for an article without any")
	}

	// The actor page: the quotation once, with the other outlet.
	p = e.get(t, "/entities/"+scholzID, 200)
	hits := find(one(t, p.doc, "section", "#entity-quotes"), "li", ".quote-hit")
	if len(hits) != 1 {
		t.Fatalf("actor page: %d quotes, want 1", len(hits))
	}
	if got := text(one(t, hits[0], "q", "")); got != quoteArticles[0].quote {
		t.Errorf("actor page: quote %q", got)
	}
	if v, _ := attr(hits[0], "data-article"); v != fmt.Sprint(e.ids["scholz1"]) {
		t.Errorf("actor page: the quote is shown in article %s, want the earliest %d", v, e.ids["scholz1"])
	}
	if got := text(one(t, hits[0], "summary", "")); got != "also in 1 outlet" {
		t.Errorf("actor page: %q", got)
	}
	if got := hrefs(find(one(t, hits[0], "details", ".quote-outlets"), "a", "")); !slices.Equal(got, []string{fmt.Sprintf("/articles/%d", e.ids["scholz2"])}) {
		t.Errorf("actor page: other outlets %q", got)
	}
	if n := len(find(hits[0], "", ".quote-speaker")); n != 0 {
		t.Errorf("actor page: the speaker named %d times on their own quotes", n)
	}
	if got, _ := attr(one(t, p.doc, "a", "#entity-all-quotes"), "href"); got != "/quotes?speaker="+scholzID {
		t.Errorf("actor page: all quotes at %q", got)
	}
	p = e.get(t, "/entities/Q212", 200)
	if len(find(p.doc, "", "#entity-quotes")) != 0 {
		t.Error("actor page of a place that said nothing shows quotes")
	}

	// The quote page.
	p = e.get(t, "/quotes", 200)
	if got := hrefs(find(one(t, p.doc, "nav", "#site-nav"), "a", "")); !slices.Contains(got, "/quotes") {
		t.Errorf("navigation %q lacks /quotes", got)
	}
	if got := text(one(t, p.doc, "p", "#quote-count")); got != "2 quotes" {
		t.Errorf("quote count %q", got)
	}
	hits = find(p.doc, "li", ".quote-hit")
	if len(hits) != 2 {
		t.Fatalf("%d quotes, want 2", len(hits))
	}
	if v, _ := attr(hits[0], "data-speaker"); v != merzID || len(find(hits[0], "details", "")) != 0 {
		t.Errorf("newest quote: speaker %q, %d details", v, len(find(hits[0], "details", "")))
	}
	if got := text(one(t, hits[1], "a", ".quote-speaker")); got != "Olaf Scholz" {
		t.Errorf("speaker %q", got)
	}
	if got := text(one(t, hits[1], "a", ".quote-article")); got != "Berlin: Olaf Scholz" {
		t.Errorf("article %q", got)
	}
	// The article link leads to the quotation in the reader.
	link, _ := attr(one(t, hits[1], "a", ".quote-article"), "href")
	path, anchor, _ := strings.Cut(link, "#")
	if path != fmt.Sprintf("/articles/%d", e.ids["scholz1"]) || anchor != fmt.Sprintf("quote-%d", span(t, quoteArticles[0].text, quoteArticles[0].quote).Start) {
		t.Errorf("the quote's article link %q", link)
	}
	if q := find(e.get(t, path, 200).doc, "span", "#"+anchor); len(q) != 1 || text(q[0]) != quoteArticles[0].quote {
		t.Errorf("the reader has no quotation #%s", anchor)
	}
	p = e.get(t, "/quotes?q="+url.QueryEscape("Seite stehen"), 200)
	if hits := find(p.doc, "li", ".quote-hit"); len(hits) != 1 || !strings.Contains(text(hits[0]), "also in 1 outlet") {
		t.Errorf("q=Seite stehen: %d quotes", len(hits))
	}
	if v, _ := attr(one(t, p.doc, "input", "#quote-q"), "value"); v != "Seite stehen" {
		t.Errorf("query box %q", v)
	}
	p = e.get(t, "/quotes?speaker="+merzID, 200)
	if hits := find(p.doc, "li", ".quote-hit"); len(hits) != 1 {
		t.Errorf("speaker=%s: %d quotes", merzID, len(hits))
	}
	if got := text(one(t, p.doc, "p", "#quote-speaker-filter")); !strings.Contains(got, "Friedrich Merz") {
		t.Errorf("speaker filter %q", got)
	}
	p = e.get(t, "/quotes?limit=1", 200)
	next, _ := attr(one(t, p.doc, "a", "#next-page"), "href")
	if !strings.HasPrefix(next, "/quotes?") {
		t.Fatalf("next page %q", next)
	}
	p = e.get(t, next, 200)
	if hits := find(p.doc, "li", ".quote-hit"); len(hits) != 1 || len(find(p.doc, "a", "#next-page")) != 0 {
		t.Errorf("page 2: %d quotes", len(hits))
	}
	p = e.get(t, "/quotes?lang=de&from=2024-03-12", 200)
	if hits := find(p.doc, "li", ".quote-hit"); len(hits) != 1 {
		t.Errorf("lang=de&from=2024-03-12: %d quotes, want Merz's", len(hits))
	}
	if v, _ := attr(one(t, p.doc, "input", "#quote-from"), "value"); v != "2024-03-12" {
		t.Errorf("from box %q", v)
	}
	if sel := find(one(t, p.doc, "select", "#quote-lang"), "option", ""); len(sel) != 3 {
		t.Errorf("%d language options", len(sel))
	} else if _, ok := attr(sel[1], "selected"); !ok {
		t.Error("German is not selected")
	}
	p = e.get(t, "/quotes?lang=en", 200)
	if len(find(p.doc, "", "#no-quotes")) != 1 {
		t.Error("lang=en: no empty note")
	}
	e.get(t, "/quotes?no=such&q=nichts", 200)
	e.get(t, "/quotes?from=yesterday", 400)
	e.get(t, "/quotes?cursor=zzz", 400)

	// The search: an agency facet, a speaker filter.
	p = e.get(t, "/?q=Ukraine", 200)
	ag := find(p.doc, "section", "")
	var agencies []string
	for _, s := range ag {
		if v, _ := attr(s, "data-facet"); v == "agency" {
			agencies = hrefs(find(s, "a", ""))
		}
	}
	if len(agencies) != 2 || !strings.Contains(agencies[0], "agency=dpa") {
		t.Errorf("agency facet %q", agencies)
	}
	p = e.get(t, "/?agency=afp", 200)
	if r := find(p.doc, "li", ".result"); len(r) != 1 {
		t.Errorf("agency=afp: %d results", len(r))
	}
	p = e.get(t, "/?speaker="+scholzID, 200)
	if r := find(p.doc, "li", ".result"); len(r) != 2 {
		t.Errorf("speaker=%s: %d results", scholzID, len(r))
	}
	if !strings.Contains(p.body, `data-facet="speaker"`) || !strings.Contains(p.body, "Olaf Scholz") {
		t.Error("the speaker filter is not shown")
	}
}

// The reader marks quotations around the mentions in them: pieces of an
// interrupted quotation each, the speaker's words as a link, and a
// mention across the edge of a quotation as plain text.
func TestMarkText(t *testing.T) {
	a := &newsdesk.Article{Blocks: []newsdesk.Block{
		{Kind: newsdesk.Heading, Level: 2, Text: "Gipfel"},
		{Kind: newsdesk.Paragraph, Text: "„Moskau wird zahlen“, sagte er, „und Kiew hofft.“\nDer Kanzler Olaf Scholz schwieg."},
		{Kind: newsdesk.Quote, Text: "„Nie wieder“, rief ein Sprecher in Berlin Mitte."},
	}}
	txt := a.Text()
	sp := func(sub string) newsdesk.Span { return span(t, txt, sub) }
	mention := func(sub, id string) newsdesk.Mention {
		s := sp(sub)
		return newsdesk.Mention{Start: s.Start, End: s.End, Text: s.Text, EntityID: id}
	}
	ms := []newsdesk.Mention{mention("Moskau", "Q649"), mention("Kiew", "Q1899"), mention("Olaf Scholz", scholzID), mention("Berlin Mitte", "Q2013767")}
	slices.SortFunc(ms, func(a, b newsdesk.Mention) int { return a.Start - b.Start })
	whole := sp("Moskau wird zahlen“, sagte er, „und Kiew hofft.")
	qs := []newsdesk.Quotation{
		{Span: whole, Parts: []newsdesk.Span{sp("Moskau wird zahlen"), sp("und Kiew hofft.")}, Form: newsdesk.DirectQuote,
			Speaker: &newsdesk.Attributed{Span: sp("er"), EntityID: scholzID}},
		// The quotation ends inside "Berlin Mitte": the mention is
		// not linked, the quotation is marked.
		{Span: sp("Nie wieder“, rief ein Sprecher in Berlin"), Form: newsdesk.DirectQuote, Speaker: &newsdesk.Attributed{Span: sp("ein Sprecher")}},
	}
	vbs := web.MarkedBlocksForTest(a.Blocks, ms, qs, map[string]newsdesk.Entity{scholzID: {ID: scholzID, Name: "Olaf Scholz"}})
	var show func(segs []web.SegmentForTest) string
	show = func(segs []web.SegmentForTest) string {
		var b strings.Builder
		for _, s := range segs {
			switch {
			case s.Quote != nil:
				id := s.Quote.SpeakerID
				if s.Anchor != "" {
					id = s.Anchor + " " + id
				}
				fmt.Fprintf(&b, "{%s:%s|%s}", id, s.Quote.SpeakerName, show(s.Segs))
			case s.Speaker:
				fmt.Fprintf(&b, "<%s|%s>", s.Text, s.Entity)
			case s.Entity != "":
				fmt.Fprintf(&b, "[%s|%s]", s.Text, s.Entity)
			default:
				b.WriteString(s.Text)
			}
		}
		return b.String()
	}
	var got []string
	for _, b := range vbs {
		for _, line := range b.Segs {
			got = append(got, show(line))
		}
	}
	want := []string{
		fmt.Sprintf("„{quote-%d Q61053:Olaf Scholz|[Moskau|Q649] wird zahlen}“, sagte <er|Q61053>, „{Q61053:Olaf Scholz|und [Kiew|Q1899] hofft.}“", whole.Start),
		"Der Kanzler [Olaf Scholz|Q61053] schwieg.",
		fmt.Sprintf("„{quote-%d :ein Sprecher|Nie wieder“, rief <ein Sprecher|> in Berlin} Mitte.", qs[1].Start),
	}
	if !slices.Equal(got, want) {
		t.Errorf("segments\n%q\nwant\n%q", got, want)
	}
}

func TestFormatNumber(t *testing.T) {
	for _, tc := range []struct {
		v          float64
		lang, want string
	}{
		{10000, "de", "10.000"},
		{10000, "en", "10,000"},
		{2500000, "de", "2.500.000"},
		{2.5, "de", "2,5"},
		{2.5, "en", "2.5"},
		{39, "en", "39"},
		{123, "", "123"},
		{1234.5678, "en", "1,234.568"},
		{-1500, "de", "-1.500"},
		{0.3, "de", "0,3"},
	} {
		if got := web.FormatNumberForTest(tc.v, tc.lang); got != tc.want {
			t.Errorf("formatNumber(%v, %q) = %q, want %q", tc.v, tc.lang, got, tc.want)
		}
	}
}

// Markup in what the analysis stored (a speaker's words, an entity id,
// a source's name, an agency, a unit) shows as text on every page.
func TestIntegrationQuotesAreInert(t *testing.T) {
	e := newEnv(t, options{})
	const evil = `"><img src=x onerror=alert(1)>`
	evilID := `PER:x" onmouseover="alert(1)`
	body := "„Alles <script>alert(1)</script> gut“, sagte er. Laut <b>Quelle</b> sind es 5 Stück."
	e.saveArticle(t, "quoted-evil", 0, &newsdesk.Article{
		URL: "https://evil.example/quoted", Title: "Evil quote", Language: "de",
		Published: time.Date(2024, 3, 9, 8, 0, 0, 0, time.UTC),
		Blocks:    []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: body}},
	})
	q := span(t, body, "Alles <script>alert(1)</script> gut")
	sp := span(t, body, "er")
	an := &newsdesk.Analysis{
		Language: "de",
		Mentions: []newsdesk.Mention{{Start: sp.Start, End: sp.End, Text: "er", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: evilID}},
		Entities: []newsdesk.Entity{{ID: evilID, Name: evil, Type: newsdesk.Person}},
		Quotes: []newsdesk.Quotation{{Span: q, Form: newsdesk.DirectQuote,
			Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: sp.Start, End: sp.End, Text: evil}, EntityID: evilID}}},
		Agencies: []string{evil},
		Sources:  []newsdesk.CitedSource{{Span: span(t, body, "<b>Quelle</b>"), Name: evil, Kind: newsdesk.CitationKind(evil), EntityID: evilID}},
		Figures: []newsdesk.Figure{{Span: span(t, body, "5 Stück"), Value: 5, Unit: evil,
			Claimant: &newsdesk.Attributed{Span: newsdesk.Span{Text: evil}, EntityID: evilID}}},
	}
	if err := e.st.SaveAnalyses(t.Context(), 0, 1, []newsdesk.ArticleAnalysis{{ArticleID: e.ids["quoted-evil"], Analysis: an}}); err != nil {
		t.Fatal(err)
	}
	// The reader whole; on the other pages, which have forms and a
	// chart of their own, the quotations.
	for _, tc := range []struct{ path, tag, sel string }{
		{fmt.Sprintf("/articles/%d", e.ids["quoted-evil"]), "html", ""},
		{"/quotes", "ol", "#quotes"},
		{"/quotes?q=alles", "ol", "#quotes"},
		{"/quotes?speaker=" + url.QueryEscape(evilID), "ol", "#quotes"},
		{"/entities/" + url.PathEscape(evilID), "section", "#entity-quotes"},
	} {
		path := tc.path
		p := e.get(t, path, 200)
		checkInert(t, one(t, p.doc, tc.tag, tc.sel))
		for _, bad := range []string{"<script", "<img", "<b>", `" onmouseover`} {
			if strings.Contains(strings.ToLower(p.body), bad) {
				t.Errorf("%s: page contains %q", path, bad)
			}
		}
		if !strings.Contains(text(p.doc), "Alles <script>alert(1)</script> gut") {
			t.Errorf("%s: the quotation is not shown as text", path)
		}
	}
}
