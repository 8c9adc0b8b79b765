package e2e

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"newsdesk/e2e/corpus"
)

// The outlets of testdata/pages, each ingested from a WARC file of its own
// that is added as a source.
var testOutlets = []struct {
	dir, base, name, lang string
}{
	{"rheinbote", "https://www.rheinbote.example", "Rheinischer Bote", "de"},
	{"harbourtimes", "https://www.harbourtimes.example", "The Harbour Times", "en"},
}

const (
	// quotedURL is the article with a plain direct quotation by a known
	// speaker, quotedText.
	quotedURL  = "https://www.rheinbote.example/politik/scholz-bonn-ukraine"
	quotedText = "Wir stehen fest an der Seite der Ukraine, so lange es nötig ist"
	// germanURL is the article the reader is checked on.
	germanURL   = "https://www.rheinbote.example/politik/hamburg-buergerschaft-haushalt"
	germanTitle = "Bürgerschaft beschließt Haushalt: Hamburg investiert in Straßenbahn und Brücken"
	// hostileURL is the page with script, an onerror handler and a
	// javascript: link in its body, and markup in its title.
	hostileURL = "https://www.harbourtimes.example/news/council-budget-row"
)

// TestIntegrationBrowser drives the web interface of a real "newsdesk
// serve" in headless Chromium: search, snippets, timeline, filters by
// source (facet and select) and language, the reader in German and on a
// hostile page, a story and its coverage, and the sources page. No script may run and nothing may
// be written to the console on any page.
func TestIntegrationBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	chromium, err := exec.LookPath("chromium")
	switch {
	case err != nil && os.Getenv("E2E_REQUIRE_BROWSER") != "":
		t.Fatalf("chromium not installed, and E2E_REQUIRE_BROWSER is set: %v", err)
	case err != nil:
		t.Skip("chromium not installed (apt-get install chromium; .ci/run does): " + err.Error())
	}
	start := time.Now()
	bin := buildNewsdesk(t)
	t.Logf("built newsdesk in %v", time.Since(start).Round(time.Millisecond))

	// The store: one WARC source per outlet, and one whose file is gone
	// by the time it is read, so that the sources page has an error.
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	var warcs []string
	total := 0
	for _, o := range testOutlets {
		pages, err := corpus.FromDir(filepath.Join("testdata", "pages", o.dir), o.base)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(tmp, o.dir+".warc.gz")
		if err := corpus.WriteWARC(name, pages); err != nil {
			t.Fatal(err)
		}
		warcs = append(warcs, name)
		total += len(pages)
	}
	gone := filepath.Join(tmp, "gone.warc.gz")
	if err := corpus.WriteWARC(gone, corpus.Synthetic(1, 1)); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := newsdesk(t, bin, append([]string{"sources", "add", "--data", data}, append(warcs, gone)...)...); code != 0 {
		t.Fatalf("sources add: exit %d\n%s%s", code, out, errOut)
	}
	if err := os.Remove(gone); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := newsdesk(t, bin, "ingest", "--data", data)
	if code != 1 || !strings.Contains(out, fmt.Sprintf("new %d,", total)) || !strings.Contains(errOut, "gone.warc.gz") {
		t.Fatalf("ingest: exit %d, want 1 (one source gone) and %d new articles\nstdout: %s\nstderr: %s", code, total, out, errOut)
	}

	srv := startServe(t, bin, data)
	srv.waitIndexed(t, int64(total))
	var api struct {
		Total    int
		Articles []struct {
			ID       int64  `json:"id"`
			URL      string `json:"url"`
			SiteName string `json:"site_name"`
		}
	}
	srv.getJSON(t, "/api/articles?q=Hamburg&limit=50", &api)
	if api.Total != 4 {
		t.Fatalf("API: %d articles for Hamburg, want 4: %+v", api.Total, api.Articles)
	}
	articleID := map[string]int64{}
	var hamburgIDs []int64
	for _, a := range api.Articles {
		articleID[a.URL] = a.ID
		hamburgIDs = append(hamburgIDs, a.ID)
	}
	slices.Sort(hamburgIDs)
	if articleID[germanURL] == 0 || articleID[hostileURL] == 0 {
		t.Fatalf("API: the German and the hostile article are not among the results for Hamburg: %+v", api.Articles)
	}
	t.Logf("store ready after %v: %d articles", time.Since(start).Round(time.Millisecond), total)

	b := newBrowser(t, chromium)

	// The home page lists every article, newest first.
	resp := run(b, "open /", chromedp.NavigateResponse(srv.base+"/"))
	if resp.Status != 200 || !strings.Contains(fmt.Sprint(resp.Headers["Content-Security-Policy"]), "default-src 'none'") {
		t.Errorf("GET /: status %d, Content-Security-Policy %q", resp.Status, resp.Headers["Content-Security-Policy"])
	}
	b.checkPage("home")
	if got := b.text("#result-count"); got != fmt.Sprintf("%d articles", total) {
		t.Errorf("home: #result-count %q, want %d articles", got, total)
	}
	b.shot("home")

	// Search: type into #q and submit.
	b.do("type the query", chromedp.SendKeys(chromedp.ID("q"), "Hamburg"))
	b.follow("submit the search", chromedp.Click(chromedp.ID("search-submit")))
	b.checkPage("search Hamburg")
	if loc := b.location(); loc.Query().Get("q") != "Hamburg" {
		t.Errorf("search: location %s, want q=Hamburg", loc)
	}
	res := b.results()
	if ids := resultIDs(res); !slices.Equal(ids, hamburgIDs) {
		t.Errorf("search Hamburg: results %v, want those of the API %v", ids, hamburgIDs)
	}
	for _, r := range res {
		if len(r.Marks) == 0 || r.Foreign != 0 {
			t.Errorf("search Hamburg: result %d %q: snippet marks %q, %d other elements in it", r.ID, r.Title, r.Marks, r.Foreign)
		}
		for _, m := range r.Marks {
			if !strings.HasPrefix(strings.ToLower(m), "hamburg") {
				t.Errorf("search Hamburg: result %d: marked %q", r.ID, m)
			}
		}
		if r.ID == articleID[hostileURL] && !strings.Contains(r.Title, "<img src=x onerror=window.__pwned=1>") {
			t.Errorf("search Hamburg: the hostile title shows as %q, want its markup as text", r.Title)
		}
	}
	if bars := evaluate[[]int](b, `Array.from(document.querySelectorAll('#timeline rect.bar')).map(r => Number(r.dataset.count))`); len(bars) == 0 || sum(bars) != len(hamburgIDs) {
		t.Errorf("search Hamburg: timeline bars %v, want counts adding up to %d", bars, len(hamburgIDs))
	}
	b.shot("search-hamburg")

	// Filter by outlet with the source facet.
	sourceID := b.sourceIDs()
	rhein, harbour := sourceID["rheinbote"], sourceID["harbourtimes"]
	facet := b.facetLink("source", rhein)
	b.follow("click the source facet", chromedp.MouseClickNode(facet))
	b.checkPage("facet source")
	if loc := b.location(); loc.Query().Get("source") != rhein || loc.Query().Get("q") != "Hamburg" {
		t.Errorf("facet: location %s, want q=Hamburg&source=%s", loc, rhein)
	}
	b.checkOutlet("facet "+testOutlets[0].name, testOutlets[0].name, testOutlets[0].lang, 2)
	if v := b.value("#filter-source"); v != rhein {
		t.Errorf("facet: #filter-source shows %q, want %q", v, rhein)
	}
	b.shot("filter-source-facet")

	// A click on the active facet value removes the filter.
	facet = b.facetLink("source", "")
	b.follow("click the active facet", chromedp.MouseClickNode(facet))
	if res := b.results(); len(res) != len(hamburgIDs) {
		t.Errorf("facet removed: %d results, want %d", len(res), len(hamburgIDs))
	}

	// Filter by language, then by outlet, with the selects of the form.
	b.do("open the filters", chromedp.Click(chromedp.CSS("#filters > summary")))
	b.do("choose German", chromedp.SetValue(chromedp.ID("filter-lang"), "de"))
	b.follow("apply the filters", chromedp.Click(chromedp.ID("filter-submit")))
	b.checkPage("filter lang")
	for _, r := range b.results() {
		if r.Lang != "de" {
			t.Errorf("lang=de: result %d %q has lang %q", r.ID, r.Title, r.Lang)
		}
	}
	b.do("choose all languages", chromedp.SetValue(chromedp.ID("filter-lang"), ""))
	b.do("choose an outlet", chromedp.SetValue(chromedp.ID("filter-source"), harbour))
	b.follow("apply the filters", chromedp.Click(chromedp.ID("filter-submit")))
	b.checkPage("filter source select")
	b.checkOutlet("select "+testOutlets[1].name, testOutlets[1].name, testOutlets[1].lang, 2)
	b.shot("filter-source-select")

	// The reader, on the hostile page: its markup shows as text, and
	// nothing of it runs.
	b.follow("open the hostile article", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#results > li.result[data-id="%d"] .result-title a`, articleID[hostileURL]))))
	b.checkPage("hostile article")
	if got := b.text("#article-title"); !strings.Contains(got, "<img src=x onerror=window.__pwned=1>") {
		t.Errorf("hostile article: title %q, want its markup as text", got)
	}
	if got := b.text("#article-body"); !strings.Contains(got, "readers found a line of markup that read <script>window.__pwned=1</script> at the top") ||
		!strings.Contains(got, "open the budget map") {
		t.Errorf("hostile article: body lacks its text:\n%s", got)
	}
	// Nothing of the page is active; the only links are newsdesk's own,
	// from mentions to their entities' pages.
	if n := evaluate[int](b, `document.querySelectorAll('#article-body :is(img, a:not(.mention), script, iframe, svg, object, embed, form, input, button)').length`); n != 0 {
		t.Errorf("hostile article: %d active elements in the body", n)
	}
	if hrefs := evaluate[[]string](b, `Array.from(document.querySelectorAll('#article-body a.mention')).map(a => a.getAttribute('href'))`); slices.ContainsFunc(hrefs, func(h string) bool { return !strings.HasPrefix(h, "/entities/") }) {
		t.Errorf("hostile article: mention links %q lead elsewhere than entity pages", hrefs)
	}
	if got := b.attr("#original-link", "href"); got != hostileURL {
		t.Errorf("hostile article: original link %q, want %q", got, hostileURL)
	}
	b.shot("article-hostile")

	// Search for a German word with ß from the home page, and read the
	// article in the reader.
	b.follow("go home", chromedp.Click(chromedp.CSS("#site-nav a.brand")))
	b.do("type the query", chromedp.SendKeys(chromedp.ID("q"), "Straßenbahn"))
	b.follow("submit the search", chromedp.Click(chromedp.ID("search-submit")))
	b.checkPage("search Straßenbahn")
	res = b.results()
	if len(res) == 0 || res[0].ID != articleID[germanURL] || !slices.Contains(res[0].Marks, "Straßenbahn") {
		t.Fatalf("search Straßenbahn: results %+v, want article %d first with Straßenbahn marked", res, articleID[germanURL])
	}
	b.follow("open the German article", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#results > li.result[data-id="%d"] .result-title a`, articleID[germanURL]))))
	b.checkPage("German article")
	if got := b.attr("#article", "lang"); got != "de" {
		t.Errorf("German article: #article lang %q, want de", got)
	}
	if got := b.text("#article-title"); got != germanTitle {
		t.Errorf("German article: title %q, want %q", got, germanTitle)
	}
	body := b.text("#article-body")
	for _, want := range []string{
		"Die Finanzsenatorin sprach von einem „Haushalt der Übergänge“: Fast 1,4 Milliarden Euro fließen in die Sanierung der Köhlbrandbrücke",
		"deren Größe und Alter",
		"Bürgerinnen und Bürger sollen mitreden",
		"die Pflege der Straßenbäume",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("German article: body lacks %q:\n%s", want, body)
		}
	}
	if got := b.text(".meta-authors"); got != "Jürgen Weiß" {
		t.Errorf("German article: author %q", got)
	}
	if got := b.attr("#original-link", "href"); got != germanURL {
		t.Errorf("German article: original link %q, want %q", got, germanURL)
	}
	if title := evaluate[string](b, `document.title`); !strings.HasPrefix(title, germanTitle) {
		t.Errorf("German article: document title %q", title)
	}
	b.shot("article-german")

	// Search → story: a result links to the story of its article; the
	// story page draws the coverage by outlet over time, counting every
	// article of the story, and lists the article, which opens in the
	// reader, which links back to the story.
	b.follow("go home", chromedp.Click(chromedp.CSS("#site-nav a.brand")))
	b.do("type the query", chromedp.SendKeys(chromedp.ID("q"), "Straßenbahn"))
	b.follow("submit the search", chromedp.Click(chromedp.ID("search-submit")))
	storyLink := fmt.Sprintf(`#results > li.result[data-id="%d"] a.result-story`, articleID[germanURL])
	storyHref := b.attr(storyLink, "href")
	if !strings.HasPrefix(storyHref, "/stories/") {
		t.Fatalf("search Straßenbahn: the German article links to no story (%q)", storyHref)
	}
	b.follow("open the story", chromedp.Click(chromedp.CSS(storyLink)))
	b.checkPage("story")
	if loc := b.location(); loc.Path != storyHref {
		t.Errorf("story: location %s, want %s", loc, storyHref)
	}
	type dot struct {
		Site      string `json:"site"`
		Originals int    `json:"originals"`
		Copies    int    `json:"copies"`
		Circles   int    `json:"circles"`
	}
	dots := evaluate[[]dot](b, `Array.from(document.querySelectorAll('svg#coverage g.dot')).map(g => ({
		site: g.dataset.site, originals: Number(g.dataset.originals), copies: Number(g.dataset.copies),
		circles: g.querySelectorAll('circle').length}))`)
	storyArticles, _ := strconv.Atoi(b.text("#story-articles"))
	counted := 0
	for _, d := range dots {
		counted += d.Originals + d.Copies
		if d.Circles == 0 || d.Site == "" {
			t.Errorf("story: coverage dot %+v draws nothing", d)
		}
	}
	if len(dots) == 0 || storyArticles == 0 || counted != storyArticles {
		t.Errorf("story: coverage dots %+v count %d articles, the story has %d", dots, counted, storyArticles)
	}
	if rows := evaluate[int](b, `document.querySelectorAll('svg#coverage g.row').length`); rows == 0 {
		t.Errorf("story: the coverage has no outlet rows")
	}
	if !strings.HasPrefix(b.attr("#first-report a", "href"), "/articles/") {
		t.Errorf("story: no first report")
	}
	listed := evaluate[[]string](b, `Array.from(document.querySelectorAll('#story-articles-list li.story-article')).map(li => li.dataset.id)`)
	if len(listed) != storyArticles || !slices.Contains(listed, strconv.FormatInt(articleID[germanURL], 10)) {
		t.Errorf("story: articles %v, want %d with the German article %d", listed, storyArticles, articleID[germanURL])
	}
	b.shot("story")
	b.follow("open the story's article", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#story-articles-list li.story-article[data-id="%d"] > a`, articleID[germanURL]))))
	b.checkPage("story's article")
	if got := b.attr("#article", "data-id"); got != strconv.FormatInt(articleID[germanURL], 10) {
		t.Errorf("story: the article link leads to article %q, want %d", got, articleID[germanURL])
	}
	if got := b.attr("#article-story a", "href"); got != storyHref {
		t.Errorf("story's article: links to story %q, want %s", got, storyHref)
	}
	b.follow("open the stories page", chromedp.Click(chromedp.CSS(`#site-nav a[href="/stories"]`)))
	b.checkPage("stories")
	if n := evaluate[int](b, `document.querySelectorAll('#stories li.story-item').length`); n == 0 {
		t.Errorf("stories page: no stories")
	}
	b.shot("stories")
	b.follow("back to the German article", chromedp.Navigate(fmt.Sprintf("%s/articles/%d", srv.base, articleID[germanURL])))

	// The reader lists the article's entities; one leads to its actor
	// page, which lists the article among the latest that mention it.
	entity := b.attr("#article-entities li.entity-link a", "href")
	if !strings.HasPrefix(entity, "/entities/") {
		t.Fatalf("German article: no entity link in the reader (%q)", entity)
	}
	b.follow("open an entity of the article", chromedp.Click(chromedp.CSS(`#article-entities li.entity-link a`)))
	b.checkPage("entity")
	if name := b.text("#entity-name"); name == "" {
		t.Errorf("entity page: no name")
	}
	latest := evaluate[[]string](b, `Array.from(document.querySelectorAll('#entity-latest li.result')).map(li => li.dataset.id)`)
	if !slices.Contains(latest, strconv.FormatInt(articleID[germanURL], 10)) {
		t.Errorf("entity page: latest articles %v lack the German article %d", latest, articleID[germanURL])
	}
	b.shot("entity")
	b.follow("open the entities page", chromedp.Click(chromedp.CSS(`#site-nav a[href="/entities"]`)))
	b.checkPage("entities")
	if n := evaluate[int](b, `document.querySelectorAll('#entities tr.entity-row').length`); n == 0 {
		t.Errorf("entities page: no entities")
	}
	b.shot("entities")

	// The reader marks a quotation with its speaker, who links to the
	// actor page, which shows the quotation; the quote search finds it.
	var quoted struct {
		Articles []struct {
			ID  int64  `json:"id"`
			URL string `json:"url"`
		}
	}
	srv.getJSON(t, "/api/articles?q=Bonn", &quoted)
	if len(quoted.Articles) != 1 || quoted.Articles[0].URL != quotedURL {
		t.Fatalf("API: articles for Bonn %+v, want the quoted article alone", quoted.Articles)
	}
	quotedID := strconv.FormatInt(quoted.Articles[0].ID, 10)
	b.follow("open the quoted article", chromedp.Navigate(srv.base+"/articles/"+quotedID))
	b.checkPage("quoted article")
	type quoteMark struct {
		Text    string `json:"text"`
		Speaker string `json:"speaker"`
		Title   string `json:"title"`
	}
	marks := evaluate[[]quoteMark](b, `Array.from(document.querySelectorAll('#article-body .quote')).map(q => ({
		text: q.textContent, speaker: q.dataset.speaker || '', title: q.title}))`)
	i := slices.IndexFunc(marks, func(m quoteMark) bool { return m.Text == quotedText })
	if i < 0 || marks[i].Speaker == "" || marks[i].Title != "Olaf Scholz" {
		t.Fatalf("quoted article: quotation marks %+v, want %q by Olaf Scholz", marks, quotedText)
	}
	speakerHref := "/entities/" + marks[i].Speaker
	speakerLink := fmt.Sprintf(`#article-body a.speaker[href=%q]`, speakerHref)
	if got := b.text(speakerLink); got != "Olaf Scholz" {
		t.Errorf("quoted article: speaker link %s reads %q, want Olaf Scholz", speakerLink, got)
	}
	// Mention links nest inside the quotation, never around it.
	if got := evaluate[[]string](b, `Array.from(document.querySelectorAll('#article-body .quote a')).map(a => a.className + ' ' + a.textContent)`); !slices.Contains(got, "mention Ukraine") {
		t.Errorf("quoted article: links inside the quotations %q, want the mention of Ukraine among them", got)
	}
	if n := evaluate[int](b, `document.querySelectorAll('#article-body a .quote, #article-body .quote .quote').length`); n != 0 {
		t.Errorf("quoted article: %d quotations inside a link or a quotation", n)
	}
	if got := b.text("#article-speakers"); !strings.Contains(got, "Olaf Scholz") {
		t.Errorf("quoted article: speakers listed %q", got)
	}
	b.shot("article-quoted")
	b.follow("follow the speaker", chromedp.Click(chromedp.CSS(speakerLink)))
	b.checkPage("speaker")
	if loc := b.location(); loc.Path != speakerHref {
		t.Errorf("speaker: location %s, want %s", loc, speakerHref)
	}
	if got := b.text("#entity-name"); got != "Olaf Scholz" {
		t.Errorf("speaker: name %q", got)
	}
	said := evaluate[[][2]string](b, `Array.from(document.querySelectorAll('#entity-quotes li.quote-hit')).map(li => [li.dataset.article, li.querySelector('.quote-text').textContent.trim()])`)
	if !slices.Contains(said, [2]string{quotedID, quotedText}) {
		t.Errorf("speaker: quotes %q lack %q of article %s", said, quotedText, quotedID)
	}
	b.shot("entity-quotes")
	b.follow("open the quotes page", chromedp.Click(chromedp.CSS(`#site-nav a[href="/quotes"]`)))
	b.checkPage("quotes")
	b.do("type the quote query", chromedp.SendKeys(chromedp.ID("quote-q"), "Seite der Ukraine"))
	b.follow("search the quotes", chromedp.Click(chromedp.ID("quote-submit")))
	b.checkPage("quote search")
	type quoteHit struct {
		Article string `json:"article"`
		Speaker string `json:"speaker"`
		Text    string `json:"text"`
		Link    string `json:"link"`
	}
	hits := evaluate[[]quoteHit](b, `Array.from(document.querySelectorAll('#quotes li.quote-hit')).map(li => ({
		article: li.dataset.article, speaker: li.querySelector('.quote-speaker').textContent,
		text: li.querySelector('.quote-text').textContent.trim(),
		link: li.querySelector('a.quote-article').getAttribute('href')}))`)
	if len(hits) != 1 || !strings.HasPrefix(hits[0].Link, "/articles/"+quotedID+"#") ||
		hits[0] != (quoteHit{Article: quotedID, Speaker: "Olaf Scholz", Text: quotedText, Link: hits[0].Link}) {
		t.Errorf("quote search: %+v, want the quotation by Olaf Scholz in article %s", hits, quotedID)
	}
	b.shot("quote-search")
	// The quote's article link leads to the quotation in the reader.
	b.follow("open the quote's article", chromedp.Click(chromedp.CSS(`#quotes li.quote-hit a.quote-article`)))
	b.checkPage("quote's article")
	if got := b.attr("#article", "data-id"); got != quotedID {
		t.Errorf("quote search: the article link leads to article %q, want %s", got, quotedID)
	}
	if got := evaluate[string](b, `(document.querySelector(':target') || {textContent: ''}).textContent`); got != quotedText {
		t.Errorf("quote search: the article link targets %q, want the quotation", got)
	}

	// The attention page: two searches compared, a line each over
	// every day of the store's articles.
	var days struct {
		Facets map[string]map[string]int `json:"facets"`
	}
	srv.getJSON(t, "/api/articles?limit=1", &days)
	var first, last string
	for d := range days.Facets["day"] {
		if first == "" || d < first {
			first = d
		}
		last = max(last, d)
	}
	b.follow("open the attention page", chromedp.Click(chromedp.CSS(`#site-nav a[href="/attention"]`)))
	b.checkPage("attention")
	b.do("type the first query", chromedp.SendKeys(chromedp.ID("attention-q1"), "Hamburg"))
	b.do("type the second query", chromedp.SendKeys(chromedp.ID("attention-q2"), "Ukraine"))
	b.do("set the first day", chromedp.SetValue(chromedp.ID("attention-from"), first))
	b.do("set the last day", chromedp.SetValue(chromedp.ID("attention-to"), last))
	b.follow("compare", chromedp.Click(chromedp.ID("attention-submit")))
	b.checkPage("attention Hamburg, Ukraine")
	type line struct {
		Query  string `json:"query"`
		Points int    `json:"points"`
	}
	lines := evaluate[[]line](b, `Array.from(document.querySelectorAll('#attention-chart g.attention-series')).map(g => ({
		query: g.dataset.query, points: g.querySelector('polyline').points.numberOfItems}))`)
	if len(lines) != 2 || lines[0].Query != "Hamburg" || lines[1].Query != "Ukraine" || lines[0].Points == 0 || lines[0].Points != lines[1].Points {
		t.Errorf("attention: lines %+v, want Hamburg and Ukraine over the same days (%s to %s)", lines, first, last)
	}
	if got := b.text("#attention-queries section.attention-query .attention-total"); got != strconv.Itoa(len(hamburgIDs)) {
		t.Errorf("attention: Hamburg has %q articles, want %d", got, len(hamburgIDs))
	}
	b.shot("attention")
	b.follow("show the share", chromedp.Click(chromedp.CSS(`#attention-view a.view-share`)))
	b.checkPage("attention share")
	if n := evaluate[int](b, `document.querySelectorAll('#attention-chart polyline.attention-line').length`); n != 2 {
		t.Errorf("attention share: %d lines, want 2", n)
	}
	b.shot("attention-share")

	// The sources page: two sources read, one failing with its error.
	b.follow("open the sources page", chromedp.Click(chromedp.CSS(`#site-nav a[href="/sources"]`)))
	b.checkPage("sources")
	type row struct {
		ID     string `json:"id"`
		Status string `json:"status"`
		Name   string `json:"name"`
		Error  string `json:"error"`
	}
	rows := evaluate[[]row](b, `Array.from(document.querySelectorAll('tr.source[data-status]')).map(tr => ({
		id: tr.dataset.id, status: tr.dataset.status,
		name: tr.querySelector('.source-name').textContent,
		error: (tr.querySelector('.source-error') || {textContent: ''}).textContent}))`)
	var ok, failing int
	for _, r := range rows {
		switch {
		case r.Status == "ok" && r.Error == "":
			ok++
		case r.Status == "error" && strings.Contains(r.Name, "gone.warc.gz") && r.Error != "":
			failing++
		default:
			t.Errorf("sources: unexpected row %+v", r)
		}
	}
	if ok != 2 || failing != 1 {
		t.Errorf("sources: %d ok and %d failing, want 2 and 1: %+v", ok, failing, rows)
	}
	b.shot("sources")

	// On a phone, the pages fit the screen's width.
	b.do("emulate a phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, p := range []struct{ name, path string }{
		{"phone-search", "/?q=Hamburg"},
		{"phone-article", fmt.Sprintf("/articles/%d", articleID[germanURL])},
		{"phone-sources", "/sources"},
		{"phone-quotes", "/quotes"},
		{"phone-story", storyHref},
		{"phone-attention", "/attention?q=Hamburg&q=Ukraine"},
	} {
		b.follow("open "+p.path, chromedp.Navigate(srv.base+p.path))
		b.checkPage(p.name)
		if w := evaluate[[2]int](b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("%s: the page is %dpx wide on a %dpx screen", p.name, w[0], w[1])
		}
		b.shot(p.name)
	}

	b.checkQuiet()
	t.Logf("done in %v; screenshots in %s", time.Since(start).Round(time.Millisecond), b.shots)
}

// browser is a headless Chromium tab, which records what
// the pages write to the console and the dialogs they open.
type browser struct {
	t     *testing.T
	ctx   context.Context
	shots string
	n     int

	mu      sync.Mutex
	console []chromedp.ConsoleMessage
	dialogs []string
}

// newBrowser starts Chromium with a new profile; it is closed when the
// test ends.
func newBrowser(t *testing.T, chromium string) *browser {
	t.Helper()
	log := &syncBuffer{}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(log),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancel()
		cancelAlloc()
		if t.Failed() {
			t.Logf("chromium output:\n%s", log)
		}
	})
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v\n%s", err, log)
	}
	b := &browser{t: t, ctx: ctx, shots: screenshotDir(t)}
	console := chromedp.Console(ctx)
	go func() {
		for m, err := range console {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.console = append(b.console, m)
			b.mu.Unlock()
		}
	}()
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.dialogs = append(b.dialogs, string(ev.Type)+": "+ev.Message)
			b.mu.Unlock()
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: false})
		}
	}()
	return b
}

// step returns a context for one step: 15 seconds.
func (b *browser) step() context.Context {
	ctx, cancel := context.WithTimeout(b.ctx, 15*time.Second)
	b.t.Cleanup(cancel)
	return ctx
}

// do runs actions, and fails the test if one fails.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.step(), actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// follow runs trigger and waits for the page it leads to to load.
func (b *browser) follow(what string, trigger chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if _, err := chromedp.Run(b.step(), chromedp.WaitEvent(page.LoadEventFired, nil, trigger)); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// run runs an action and returns its value; it fails the test if the
// action fails.
func run[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.step(), a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

// evaluate returns the value of a JavaScript expression in the page.
func evaluate[T any](b *browser, expr string) T {
	b.t.Helper()
	v, err := chromedp.Run(b.step(), chromedp.Evaluate[T](expr))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// text returns the text content of the first element sel matches, or ""
// if there is none.
func (b *browser) text(sel string) string {
	b.t.Helper()
	return evaluate[string](b, fmt.Sprintf(`(document.querySelector(%s) || {textContent: ''}).textContent.trim()`, strconv.Quote(sel)))
}

// attr returns an attribute of the first element sel matches, or "".
func (b *browser) attr(sel, name string) string {
	b.t.Helper()
	return evaluate[string](b, fmt.Sprintf(`(document.querySelector(%s) || {getAttribute: () => ''}).getAttribute(%s) || ''`, strconv.Quote(sel), strconv.Quote(name)))
}

// value returns the value of a form field.
func (b *browser) value(sel string) string {
	b.t.Helper()
	return evaluate[string](b, fmt.Sprintf(`document.querySelector(%s).value`, strconv.Quote(sel)))
}

func (b *browser) location() *url.URL {
	b.t.Helper()
	loc := run(b, "location", chromedp.Location())
	u, err := url.Parse(loc)
	if err != nil {
		b.t.Fatal(err)
	}
	return u
}

// result is one item of the result list.
type result struct {
	ID      int64    `json:"id"`
	Lang    string   `json:"lang"`
	Title   string   `json:"title"`
	Source  string   `json:"source"`
	Marks   []string `json:"marks"`
	Foreign int      `json:"foreign"` // elements in the snippet other than mark
}

func (b *browser) results() []result {
	b.t.Helper()
	return evaluate[[]result](b, `Array.from(document.querySelectorAll('#results > li.result[data-id]')).map(li => ({
		id: Number(li.dataset.id), lang: li.lang,
		title: li.querySelector('.result-title').textContent.trim(),
		source: (li.querySelector('.result-source') || {textContent: ''}).textContent,
		marks: Array.from(li.querySelectorAll('.result-snippet mark')).map(m => m.textContent),
		foreign: li.querySelectorAll('.result-snippet *:not(mark)').length}))`)
}

func resultIDs(res []result) []int64 {
	ids := make([]int64, 0, len(res))
	for _, r := range res {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	return ids
}

func sum(s []int) int {
	n := 0
	for _, v := range s {
		n += v
	}
	return n
}

// sourceIDs returns the IDs of the outlets' sources by the options of
// #filter-source: the source's URL is its WARC file, named for the outlet.
func (b *browser) sourceIDs() map[string]string {
	b.t.Helper()
	opts := evaluate[[][2]string](b, `Array.from(document.querySelectorAll('#filter-source option')).map(o => [o.value, o.textContent])`)
	ids := map[string]string{}
	for _, o := range testOutlets {
		for _, opt := range opts {
			// A file source is named after its file.
			if name := strings.TrimSpace(opt[1]); name == o.dir+".warc.gz" || strings.HasSuffix(name, "/"+o.dir+".warc.gz") {
				ids[o.dir] = opt[0]
			}
		}
		if ids[o.dir] == "" {
			b.t.Fatalf("#filter-source has no option for %s: %q", o.dir, opts)
		}
	}
	return ids
}

// facetLink returns the link of the facet value that sets param to
// value; for "", the link of the active value, which removes the filter.
func (b *browser) facetLink(param, value string) *chromedp.Node {
	b.t.Helper()
	nodes := run(b, "facet links", chromedp.Nodes(chromedp.CSSAll(
		fmt.Sprintf(`#facets section.facet[data-facet=%q] a.facet-value`, param))))
	var hrefs []string
	for _, n := range nodes {
		href := n.AttributeValue("href")
		u, err := url.Parse(href)
		if err != nil {
			b.t.Fatal(err)
		}
		if u.Query().Get(param) == value && (value != "" || strings.Contains(n.AttributeValue("class"), "active")) {
			return n
		}
		hrefs = append(hrefs, href)
	}
	b.t.Fatalf("no %s facet link to %s=%q among %q", param, param, value, hrefs)
	return nil
}

// checkOutlet checks that the results are n articles, all of the outlet.
func (b *browser) checkOutlet(what, outlet, lang string, n int) {
	b.t.Helper()
	res := b.results()
	if len(res) != n {
		b.t.Errorf("%s: %d results, want %d: %+v", what, len(res), n, res)
	}
	for _, r := range res {
		if r.Source != outlet || r.Lang != lang {
			b.t.Errorf("%s: result %d %q is of %q (lang %q), want only %q (%s)", what, r.ID, r.Title, r.Source, r.Lang, outlet, lang)
		}
	}
}

// checkPage checks that the page loaded runs nothing: no script element,
// no event handler attribute, no javascript: URL, no frame, and that
// window.__pwned, which the hostile page tries to set, is not set.
func (b *browser) checkPage(what string) {
	b.t.Helper()
	type safety struct {
		Pwned    string `json:"pwned"`
		Scripts  int    `json:"scripts"`
		Handlers int    `json:"handlers"`
		JSURLs   int    `json:"jsurls"`
		Frames   int    `json:"frames"`
		Charset  string `json:"charset"`
	}
	s := evaluate[safety](b, `({
		pwned: typeof window.__pwned,
		scripts: document.scripts.length,
		handlers: Array.from(document.querySelectorAll('*')).filter(e => Array.from(e.attributes).some(a => a.name.toLowerCase().startsWith('on'))).length,
		jsurls: document.querySelectorAll('[href^="javascript:" i], [src^="javascript:" i], [action^="javascript:" i]').length,
		frames: document.querySelectorAll('iframe, frame, object, embed').length,
		charset: document.characterSet})`)
	if s != (safety{Pwned: "undefined", Charset: "UTF-8"}) {
		b.t.Errorf("%s: page not inert: %+v", what, s)
	}
}

// checkQuiet checks that no page wrote to the console or opened a
// dialog.
func (b *browser) checkQuiet() {
	b.t.Helper()
	// Events arrive asynchronously; one more round trip lets them in.
	evaluate[int](b, `1`)
	time.Sleep(100 * time.Millisecond)
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.console {
		switch {
		case m.Type == chromedp.ConsoleError, m.Type == chromedp.ConsoleException, m.Type == chromedp.ConsoleWarning:
			b.t.Errorf("console %s at %s: %s", m.Type, m.URL, m.Text)
		default:
			b.t.Logf("console %s at %s: %s", m.Type, m.URL, m.Text)
		}
	}
	for _, d := range b.dialogs {
		b.t.Errorf("a page opened a dialog: %s", d)
	}
}

// shot saves a screenshot of the whole page as NN-name.png.
func (b *browser) shot(name string) {
	b.t.Helper()
	png := run(b, "screenshot "+name, chromedp.FullScreenshot(100))
	b.n++
	file := filepath.Join(b.shots, fmt.Sprintf("%02d-%s.png", b.n, name))
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}
