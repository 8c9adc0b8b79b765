package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/httpapi"
	"newsdesk/sqlite"
	"newsdesk/web"
)

const testToken = "web-test-token"

// env is the API and the UI served together, as newsdesk serve does,
// over a real store and index in a temporary directory.
type env struct {
	srv    *httptest.Server
	st     *sqlite.Store
	ix     newsdesk.Index
	ids    map[string]int64
	src    newsdesk.Source
	client *http.Client // with a cookie jar
}

const dePage = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Bundestag beschließt Klimaschutzgesetz | Tagesblatt</title>
<meta property="og:site_name" content="Tagesblatt">
<meta name="author" content="Anna Müller">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
</head><body><article>
<h1>Bundestag beschließt Klimaschutzgesetz</h1>
<p>Der Bundestag hat am Dienstag das neue Klimaschutzgesetz beschlossen. Die Abgeordneten stimmten mit großer Mehrheit für die Vorlage der Regierung, die strengere Ziele für den Ausstoß von Treibhausgasen vorsieht.</p>
<h2>Kritik der Opposition</h2>
<p>Die Opposition kritisierte, das Gesetz gehe nicht weit genug. Umweltverbände begrüßten die Einigung grundsätzlich, forderten aber schnellere Schritte beim Ausbau der erneuerbaren Energien.</p>
<ul><li>Mehr Windkraft an Land und auf See bis zum Jahr 2030</li><li>Schnellere Genehmigungen für Solaranlagen auf Dächern</li></ul>
<p>Über die Einzelheiten wird nun der Bundesrat beraten. Die Länder müssen den Änderungen zustimmen, bevor das Gesetz in Kraft treten kann.</p>
</article></body></html>`

const enPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Parliament passes climate bill after long debate | Daily Post</title>
<meta property="og:site_name" content="Daily Post">
<meta name="author" content="John Smith">
<meta property="article:published_time" content="2024-03-06T14:00:00Z">
</head><body><article>
<h1>Parliament passes climate bill after long debate</h1>
<p>Parliament on Wednesday passed the climate bill after a debate that lasted well into the night. Members voted by a wide margin for the government's plan, which sets stricter targets for greenhouse gas emissions.</p>
<blockquote>"This is a historic day," the minister said after the vote in the chamber.</blockquote>
<p>Critics said the bill did not go far enough, while environmental groups welcomed the agreement but called for faster progress on renewable energy and transport.</p>
</article></body></html>`

// evilPage carries markup meant to run in a reader's browser.
const evilPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Harmless looking story | Evil Times</title>
<meta property="article:published_time" content="2024-03-07T08:00:00Z">
<script>alert("head")</script>
</head><body><article>
<h1>Harmless looking story</h1>
<p>This story is about security of web pages and why a reader must never run what a page carries, no matter how it is hidden in the text of an article.</p>
<script>alert(1)</script>
<p>An image with a handler <img src=x onerror=alert(1)> sits in this paragraph, which goes on for a while so that the extractor keeps it as body text of the story.</p>
<p>Here is <a href="javascript:alert(1)">a link that runs script</a> and the literal text &lt;script&gt;alert(2)&lt;/script&gt; written out as words, plus &lt;img src=x onerror=alert(3)&gt;.</p>
<p>The end of the story comes with one more paragraph of ordinary words about the security of web pages, so that there is enough text to read.</p>
</article></body></html>`

type options struct{ requireLogin bool }

func newEnv(t *testing.T, opt options) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	e := &env{st: st, ix: openTestIndex(t, dir, st), ids: map[string]int64{}}
	e.src = newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://tagesblatt.example/feed.xml", Title: "Tagesblatt"}
	if err := st.AddSource(ctx, &e.src); err != nil {
		t.Fatal(err)
	}
	bad := newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://offline.example/rss", Title: "Offline News",
		LastFetch: time.Now(), LastError: "fetch: https://offline.example/rss: dial tcp: lookup offline.example: no such host"}
	if err := st.AddSource(ctx, &bad); err != nil {
		t.Fatal(err)
	}
	e.save(t, "de", e.src.ID, "https://tagesblatt.example/politik/klimaschutzgesetz", dePage)
	e.save(t, "en", 0, "https://dailypost.example/politics/climate-bill", enPage)
	e.save(t, "evil", 0, "https://evil.example/story", evilPage)
	e.saveArticle(t, "raw", 0, &newsdesk.Article{
		URL:       "javascript:alert(document.cookie)",
		Title:     `<script>alert("title")</script> Raw markup story`,
		Subtitle:  `</p><script>alert(1)</script>`,
		Language:  `en" onmouseover="alert(1)`,
		Authors:   []string{`<img src=x onerror=alert(1)>`},
		Section:   `<a href="javascript:alert(1)">x</a>`,
		Tags:      []string{`<svg onload=alert(1)>`},
		Published: time.Date(2024, 3, 7, 9, 0, 0, 0, time.UTC),
		Blocks: []newsdesk.Block{
			{Kind: newsdesk.Heading, Level: 2, Text: `<script>alert(1)</script>`},
			{Kind: newsdesk.Paragraph, Text: `Security text <script>alert(1)</script> and <img src=x onerror=alert(1)> and <a href="javascript:alert(1)">link</a>.`},
			{Kind: newsdesk.List, Items: []string{`<b onclick="alert(1)">item</b>`}, Text: "item"},
			{Kind: newsdesk.Table, Rows: [][]string{{`<iframe src="javascript:alert(1)">`}}},
			{Kind: newsdesk.Quote, Text: `"><svg onload=alert(1)>`},
			{Kind: newsdesk.Caption, Text: `<style>body{display:none}</style>`},
			{Kind: newsdesk.Code, Text: `</code></pre><script>alert(1)</script>`},
		},
	})
	for i := range 25 {
		e.saveArticle(t, fmt.Sprintf("story%d", i), e.src.ID, &newsdesk.Article{
			URL:       fmt.Sprintf("https://tagesblatt.example/story/%d", i),
			Title:     fmt.Sprintf("Energy story number %d", i),
			SiteName:  "Tagesblatt",
			Language:  "en",
			Published: time.Date(2024, 2, 1+i, 12, 0, 0, 0, time.UTC),
			Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: fmt.Sprintf(
				"Energy markets moved again in story %d, with prices for power and gas changing as traders weighed supply.", i)}},
		})
	}

	detect := func(ctx context.Context, target string) ([]newsdesk.Source, error) {
		return []newsdesk.Source{{Kind: newsdesk.KindFeed, URL: target + "/feed", Title: "Detected"}}, nil
	}
	api := httpapi.New(httpapi.Config{Store: st, Index: e.ix, Token: testToken, Detect: detect})
	ui, err := web.New(web.Config{Store: st, Index: e.ix, Detect: detect, Token: testToken, RequireLogin: opt.requireLogin})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	api.Register(mux)
	ui.Register(mux)
	e.srv = httptest.NewServer(web.LoopbackHostsOnly(http.NewCrossOriginProtection().Handler(mux)))
	t.Cleanup(e.srv.Close)
	jar, _ := cookiejar.New(nil)
	e.client = &http.Client{Jar: jar}
	return e
}

func (e *env) save(t *testing.T, name string, sourceID int64, url, page string) {
	t.Helper()
	a, err := extract.Extract([]byte(page), extract.Options{URL: url, ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatalf("extract %s: %v", name, err)
	}
	e.saveArticle(t, name, sourceID, a)
}

func (e *env) saveArticle(t *testing.T, name string, sourceID int64, a *newsdesk.Article) {
	t.Helper()
	ctx := context.Background()
	p := &newsdesk.Page{SourceID: sourceID, URL: a.URL, ContentType: "text/html", Fetched: time.Now(), Body: []byte(a.Text())}
	if !strings.HasPrefix(p.URL, "http") {
		p.URL = "https://raw.example/" + name
	}
	id, _, err := e.st.SaveArticle(ctx, p, a)
	if err != nil {
		t.Fatalf("save %s: %v", name, err)
	}
	sa, err := e.st.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if err := e.ix.Add(ctx, sa); err != nil {
		t.Fatalf("index %s: %v", name, err)
	}
	e.ids[name] = id
}

// page is a fetched HTML page.
type page struct {
	resp *http.Response
	body string
	doc  *html.Node
}

// get fetches path with the env's client and parses the page.
func (e *env) get(t *testing.T, path string, status int) *page {
	t.Helper()
	resp, err := e.client.Get(e.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	return readPage(t, resp, status)
}

// post posts a form to path.
func (e *env) post(t *testing.T, path string, form url.Values, status int) *page {
	t.Helper()
	resp, err := e.client.PostForm(e.srv.URL+path, form)
	if err != nil {
		t.Fatal(err)
	}
	return readPage(t, resp, status)
}

func readPage(t *testing.T, resp *http.Response, status int) *page {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d\n%s", resp.Request.Method, resp.Request.URL, resp.StatusCode, status, b)
	}
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html; charset=utf-8") && status < 400 {
		t.Errorf("%s: Content-Type %q", resp.Request.URL, ct)
	}
	doc, err := html.Parse(strings.NewReader(string(b)))
	if err != nil {
		t.Fatal(err)
	}
	return &page{resp: resp, body: string(b), doc: doc}
}

// attr returns the value of n's attribute key.
func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// find returns the elements under n that match: tag ("" for any), and
// the id or class given as "#id" or ".class" ("" for any).
func find(n *html.Node, tag, sel string) []*html.Node {
	var out []*html.Node
	for d := range n.Descendants() {
		if d.Type != html.ElementNode || (tag != "" && d.Data != tag) {
			continue
		}
		switch {
		case sel == "":
		case strings.HasPrefix(sel, "#"):
			if v, _ := attr(d, "id"); v != sel[1:] {
				continue
			}
		case strings.HasPrefix(sel, "."):
			v, _ := attr(d, "class")
			if !strings.Contains(" "+v+" ", " "+sel[1:]+" ") {
				continue
			}
		}
		out = append(out, d)
	}
	return out
}

// one returns the single element find finds, or fails.
func one(t *testing.T, n *html.Node, tag, sel string) *html.Node {
	t.Helper()
	got := find(n, tag, sel)
	if len(got) != 1 {
		t.Fatalf("%d elements %s%s, want 1", len(got), tag, sel)
	}
	return got[0]
}

// text returns the text under n.
func text(n *html.Node) string {
	var b strings.Builder
	for d := range n.Descendants() {
		if d.Type == html.TextNode {
			b.WriteString(d.Data)
		}
	}
	return b.String()
}

func TestIntegrationSearchPage(t *testing.T) {
	e := newEnv(t, options{})
	p := e.get(t, "/?q=Klimaschutzgesetz", 200)
	if csp := p.resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	q := one(t, p.doc, "input", "#q")
	if v, _ := attr(q, "value"); v != "Klimaschutzgesetz" {
		t.Errorf("query box value %q", v)
	}
	for _, id := range []string{"#search-form", "#filter-source", "#filter-lang", "#filter-from", "#filter-to", "#filter-author", "#result-count", "#facets", "#sort", "#timeline"} {
		if len(find(p.doc, "", id)) != 1 {
			t.Errorf("no element %s", id)
		}
	}
	results := find(p.doc, "li", ".result")
	if len(results) != 1 {
		t.Fatalf("%d results, want 1", len(results))
	}
	r := results[0]
	if v, _ := attr(r, "data-id"); v != fmt.Sprint(e.ids["de"]) {
		t.Errorf("data-id %q", v)
	}
	if v, _ := attr(r, "lang"); v != "de" {
		t.Errorf("result lang %q, want de", v)
	}
	if got := text(one(t, r, "", ".result-title")); got != "Bundestag beschließt Klimaschutzgesetz" {
		t.Errorf("title %q", got)
	}
	marks := find(one(t, r, "p", ".result-snippet"), "mark", "")
	if len(marks) == 0 || !strings.EqualFold(text(marks[0]), "Klimaschutzgesetz") {
		t.Errorf("snippet marks: %d", len(marks))
	}
	if !strings.Contains(text(one(t, r, "", ".result-meta")), "Anna Müller") {
		t.Error("author missing in the result")
	}
	// The timeline has a bar for the day, linking to that day.
	bars := find(p.doc, "rect", ".bar")
	if len(bars) != 1 {
		t.Fatalf("%d bars, want 1", len(bars))
	}
	if d, _ := attr(bars[0], "data-day"); d != "2024-03-05" && d != "2024-03-04" {
		t.Errorf("bar day %q", d)
	}
	// Facets are links that filter.
	var langLink string
	for _, a := range find(one(t, p.doc, "", "#facets"), "a", ".facet-value") {
		if strings.HasPrefix(text(a), "Deutsch") {
			langLink, _ = attr(a, "href")
		}
	}
	if !strings.Contains(langLink, "lang=de") || !strings.Contains(langLink, "q=Klimaschutzgesetz") {
		t.Errorf("language facet link %q", langLink)
	}
	p = e.get(t, langLink, 200)
	if n := len(find(p.doc, "li", ".result")); n != 1 {
		t.Errorf("after the facet: %d results", n)
	}
	// Paging: 25 stories by 10.
	p = e.get(t, "/?q=traders&limit=10&sort=date", 200)
	seen := map[string]bool{}
	for pages := 1; ; pages++ {
		for _, r := range find(p.doc, "li", ".result") {
			id, _ := attr(r, "data-id")
			if seen[id] {
				t.Errorf("article %s twice", id)
			}
			seen[id] = true
		}
		next := find(p.doc, "a", "#next-page")
		if len(next) == 0 {
			break
		}
		if pages > 4 {
			t.Fatal("too many pages")
		}
		href, _ := attr(next[0], "href")
		p = e.get(t, href, 200)
		if len(find(p.doc, "a", "#first-page")) != 1 {
			t.Error("no link to the first page")
		}
	}
	if len(seen) != 25 {
		t.Errorf("%d articles over the pages, want 25", len(seen))
	}
	// A bad filter is shown, not a crash.
	p = e.get(t, "/?from=someday", 400)
	if !strings.Contains(text(one(t, p.doc, "", "#message")), "from") {
		t.Error("no error message for a bad date")
	}
	// An unknown page.
	e.get(t, "/no/such/page", 404)
}

// checkInert fails if the tree under n could run script: a script,
// iframe, object, embed, style or svg element, an on* attribute, or a
// URL attribute with a scheme other than http, https or a relative one.
func checkInert(t *testing.T, n *html.Node) {
	t.Helper()
	for d := range n.Descendants() {
		if d.Type != html.ElementNode {
			continue
		}
		switch d.Data {
		case "script", "iframe", "frame", "object", "embed", "svg", "img", "base", "style", "form":
			t.Errorf("element <%s> in the page", d.Data)
		}
		for _, a := range d.Attr {
			k := strings.ToLower(a.Key)
			if strings.HasPrefix(k, "on") {
				t.Errorf("<%s %s=%q>: event handler attribute", d.Data, a.Key, a.Val)
			}
			if k == "href" || k == "src" || k == "action" || k == "formaction" || k == "xlink:href" {
				v := strings.ToLower(strings.Join(strings.Fields(a.Val), ""))
				if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:") {
					t.Errorf("<%s %s=%q>: script URL", d.Data, a.Key, a.Val)
				}
			}
		}
	}
}

func TestIntegrationReaderIsInert(t *testing.T) {
	e := newEnv(t, options{})
	for _, name := range []string{"evil", "raw"} {
		p := e.get(t, fmt.Sprintf("/articles/%d", e.ids[name]), 200)
		checkInert(t, p.doc)
		body := one(t, p.doc, "div", "#article-body")
		bodyText := text(body)
		if !strings.Contains(bodyText, "security") && !strings.Contains(bodyText, "Security") {
			t.Errorf("%s: body text missing: %q", name, bodyText)
		}
		if name == "raw" {
			// The markup is shown as the text it is.
			if !strings.Contains(bodyText, `<script>alert(1)</script>`) || !strings.Contains(bodyText, `<img src=x onerror=alert(1)>`) {
				t.Errorf("raw: markup not shown as text: %q", bodyText)
			}
			art := one(t, p.doc, "article", "#article")
			if v, ok := attr(art, "lang"); ok {
				t.Errorf("raw: lang attribute %q from a bad language", v)
			}
			if len(find(p.doc, "a", "#original-link")) != 0 {
				t.Error("raw: link to a javascript: original")
			}
		}
		if name == "evil" {
			if !strings.Contains(bodyText, "<script>alert(2)</script>") {
				t.Errorf("evil: literal text lost: %q", bodyText)
			}
			if href, _ := attr(one(t, p.doc, "a", "#original-link"), "href"); href != "https://evil.example/story" {
				t.Errorf("evil: original link %q", href)
			}
		}
		// No markup from the article in the bytes either (its on*= text
		// is there, but escaped, as the tree check shows).
		for _, bad := range []string{"<script", "<img", "<iframe", "<svg onload", "<style", "<b onclick"} {
			if strings.Contains(strings.ToLower(p.body), bad) {
				t.Errorf("%s: page contains %q", name, bad)
			}
		}
	}
}

func TestIntegrationReaderGerman(t *testing.T) {
	e := newEnv(t, options{})
	p := e.get(t, fmt.Sprintf("/articles/%d", e.ids["de"]), 200)
	art := one(t, p.doc, "article", "#article")
	if v, _ := attr(art, "lang"); v != "de" {
		t.Errorf("lang %q, want de", v)
	}
	if got := text(one(t, p.doc, "h1", "#article-title")); got != "Bundestag beschließt Klimaschutzgesetz" {
		t.Errorf("title %q", got)
	}
	body := one(t, p.doc, "div", "#article-body")
	if len(find(body, "h2", "")) != 1 || len(find(body, "li", "")) != 2 || len(find(body, "p", "")) < 3 {
		t.Errorf("body structure: %d h2, %d li, %d p", len(find(body, "h2", "")), len(find(body, "li", "")), len(find(body, "p", "")))
	}
	if !strings.Contains(text(body), "Umweltverbände begrüßten") {
		t.Error("German text garbled or missing")
	}
	meta := text(one(t, p.doc, "dl", "#article-meta"))
	for _, want := range []string{"Tagesblatt", "Anna Müller", "5 Mar 2024", "de"} {
		if !strings.Contains(meta, want) {
			t.Errorf("meta %q lacks %q", meta, want)
		}
	}
	if href, _ := attr(one(t, p.doc, "a", "#original-link"), "href"); href != "https://tagesblatt.example/politik/klimaschutzgesetz" {
		t.Errorf("original link %q", href)
	}
	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["en"]), 200)
	if v, _ := attr(one(t, p.doc, "article", "#article"), "lang"); v != "en" {
		t.Errorf("lang %q, want en", v)
	}
	if len(find(one(t, p.doc, "div", "#article-body"), "blockquote", "")) != 1 {
		t.Error("quote missing")
	}
	e.get(t, "/articles/99999", 404)
	e.get(t, "/articles/x", 404)
}

// csrf returns the CSRF token of the first form on p.
func csrf(t *testing.T, p *page) string {
	t.Helper()
	for _, in := range find(p.doc, "input", "") {
		if n, _ := attr(in, "name"); n == "csrf" {
			v, _ := attr(in, "value")
			return v
		}
	}
	t.Fatal("no CSRF token on the page")
	return ""
}

func TestIntegrationSourcesPage(t *testing.T) {
	e := newEnv(t, options{})
	p := e.get(t, "/sources", 200)
	rows := find(p.doc, "tr", ".source")
	if len(rows) != 2 {
		t.Fatalf("%d source rows, want 2", len(rows))
	}
	if st, _ := attr(rows[1], "data-status"); st != "error" {
		t.Errorf("status of the offline source %q", st)
	}
	if !strings.Contains(text(one(t, rows[1], "", ".source-error")), "no such host") {
		t.Error("the fetch error is not shown")
	}
	if !strings.Contains(text(one(t, p.doc, "", "#sources-summary")), "1 failing") {
		t.Error("summary does not count the failing source")
	}
	one(t, p.doc, "form", "#add-source")
	tok := csrf(t, p)

	// Without the token, or with another browser's, the form is refused.
	e.post(t, "/sources", url.Values{"url": {"https://news.example"}}, 403)
	other, _ := cookiejar.New(nil)
	resp, err := (&http.Client{Jar: other}).PostForm(e.srv.URL+"/sources", url.Values{"url": {"https://news.example"}, "csrf": {tok}})
	if err != nil {
		t.Fatal(err)
	}
	readPage(t, resp, 403)
	// Cross-site posts are refused even with the token.
	req, _ := http.NewRequest("POST", e.srv.URL+"/sources", strings.NewReader(url.Values{"url": {"https://news.example"}, "csrf": {tok}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err = e.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 403 {
		t.Errorf("cross-site post: status %d, want 403", resp.StatusCode)
	}
	if srcs, _ := e.st.Sources(t.Context()); len(srcs) != 2 {
		t.Fatalf("%d sources after refused posts", len(srcs))
	}

	// The local user's browser adds a source.
	p = e.post(t, "/sources", url.Values{"url": {"https://news.example"}, "csrf": {tok}}, 200)
	if !strings.Contains(text(one(t, p.doc, "", "#message")), "https://news.example/feed") {
		t.Errorf("no message about the added source")
	}
	if rows := find(p.doc, "tr", ".source"); len(rows) != 3 {
		t.Errorf("%d rows after adding, want 3", len(rows))
	}
	p = e.post(t, "/sources", url.Values{"url": {"/etc/passwd"}, "csrf": {tok}}, 422)
	if !strings.Contains(text(one(t, p.doc, "", "#message")), "not an http or https URL") {
		t.Error("no error for a local path")
	}
	// And removes it.
	srcs, _ := e.st.Sources(t.Context())
	p = e.post(t, fmt.Sprintf("/sources/%d/delete", srcs[2].ID), url.Values{"csrf": {tok}}, 200)
	if rows := find(p.doc, "tr", ".source"); len(rows) != 2 {
		t.Errorf("%d rows after removing, want 2", len(rows))
	}
}

func TestIntegrationLoginRequired(t *testing.T) {
	e := newEnv(t, options{requireLogin: true})
	p := e.get(t, "/sources", 200)
	if len(find(p.doc, "form", "#add-source")) != 0 {
		t.Error("add form shown without a session")
	}
	tok := csrf(t, e.get(t, "/login", 200))
	e.post(t, "/sources", url.Values{"url": {"https://news.example"}, "csrf": {tok}}, 403)
	e.post(t, "/login", url.Values{"token": {"wrong"}, "csrf": {tok}}, 403)
	p = e.post(t, "/login", url.Values{"token": {testToken}, "csrf": {tok}}, 200) // redirected to /sources
	one(t, p.doc, "form", "#add-source")
	e.post(t, "/sources", url.Values{"url": {"https://news.example"}, "csrf": {tok}}, 200)
}

func TestIntegrationLoopbackHostsOnly(t *testing.T) {
	e := newEnv(t, options{})
	for host, status := range map[string]int{"evil.example": 421, "localhost": 200, "127.0.0.1": 200, "[::1]:8080": 200, "app.localhost": 200} {
		req, _ := http.NewRequest("GET", e.srv.URL+"/healthz", nil)
		req.Host = host
		resp, err := e.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != status {
			t.Errorf("Host %s: status %d, want %d", host, resp.StatusCode, status)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1:8080": true, "localhost:80": true, "[::1]:9000": true,
		"0.0.0.0:8080": false, ":8080": false, "192.168.1.5:80": false, "example.org:80": false,
	} {
		if got := web.IsLoopback(addr); got != want {
			t.Errorf("IsLoopback(%q) = %v, want %v", addr, got, want)
		}
	}
}
