package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/follow"
	"newsdesk/httpapi"
	"newsdesk/sqlite"
)

// testToken is the API token of the test server.
const testToken = "test-token-0123456789"

// env is a real server over a real store and index in a temporary
// directory.
type env struct {
	srv     *httptest.Server
	st      *sqlite.Store
	ix      newsdesk.Index
	ids     map[string]int64 // article IDs by fixture name
	src     newsdesk.Source  // a stored source
	detects []string         // targets Detect was called with
}

// dePage and enPage are news pages in German and English.
const dePage = `<!DOCTYPE html><html lang="de"><head><meta charset="utf-8">
<title>Bundestag beschließt Klimaschutzgesetz | Tagesblatt</title>
<meta property="og:site_name" content="Tagesblatt">
<meta name="author" content="Anna Müller">
<meta property="article:published_time" content="2024-03-05T09:30:00+01:00">
</head><body><nav><a href="/">Startseite</a></nav><article>
<h1>Bundestag beschließt Klimaschutzgesetz</h1>
<p>Der Bundestag hat am Dienstag das neue Klimaschutzgesetz beschlossen. Die Abgeordneten stimmten mit großer Mehrheit für die Vorlage der Regierung, die strengere Ziele für den Ausstoß von Treibhausgasen vorsieht.</p>
<p>Die Opposition kritisierte, das Gesetz gehe nicht weit genug. Umweltverbände begrüßten die Einigung grundsätzlich, forderten aber schnellere Schritte beim Ausbau der erneuerbaren Energien und im Verkehr.</p>
<p>Über die Einzelheiten wird nun der Bundesrat beraten. Die Länder müssen den Änderungen zustimmen, bevor das Gesetz in Kraft treten kann, was für den Sommer erwartet wird.</p>
</article></body></html>`

const enPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Parliament passes climate bill after long debate | Daily Post</title>
<meta property="og:site_name" content="Daily Post">
<meta name="author" content="John Smith">
<meta property="article:published_time" content="2024-03-06T14:00:00Z">
</head><body><nav><a href="/">Home</a></nav><article>
<h1>Parliament passes climate bill after long debate</h1>
<p>Parliament on Wednesday passed the climate bill after a debate that lasted well into the night. Members voted by a wide margin for the government's plan, which sets stricter targets for greenhouse gas emissions.</p>
<p>Critics said the bill did not go far enough, while environmental groups welcomed the agreement but called for faster progress on renewable energy and transport.</p>
<p>The upper house will now consider the details, and the law is expected to take effect in the summer once both chambers have agreed.</p>
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

// newEnv starts a test server with the API on a store and index in a
// temporary directory, holding the fixture articles.
func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := openTestIndex(t, dir, st)
	e := &env{st: st, ix: ix, ids: map[string]int64{}}

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
	// Worst case: markup in the stored text itself, and a javascript: URL.
	e.saveArticle(t, "raw", 0, &newsdesk.Article{
		URL:       "javascript:alert(document.cookie)",
		Title:     `<script>alert("title")</script> Raw markup story`,
		Language:  `en" onmouseover="alert(1)`,
		Authors:   []string{`<img src=x onerror=alert(1)>`},
		Published: time.Date(2024, 3, 7, 9, 0, 0, 0, time.UTC),
		Blocks: []newsdesk.Block{
			{Kind: newsdesk.Heading, Level: 2, Text: `<script>alert(1)</script>`},
			{Kind: newsdesk.Paragraph, Text: `Security text <script>alert(1)</script> and <img src=x onerror=alert(1)> and <a href="javascript:alert(1)">link</a>.`},
			{Kind: newsdesk.List, Items: []string{`<b onclick="alert(1)">item</b>`}, Text: "item"},
			{Kind: newsdesk.Table, Rows: [][]string{{`<iframe src="javascript:alert(1)">`}}},
			{Kind: newsdesk.Quote, Text: `"><svg onload=alert(1)>`},
		},
	})
	for i := range 25 {
		e.saveArticle(t, fmt.Sprintf("story%d", i), e.src.ID, &newsdesk.Article{
			URL:       fmt.Sprintf("https://tagesblatt.example/story/%d", i),
			Title:     fmt.Sprintf("Energy story number %d", i),
			SiteName:  "Tagesblatt",
			Language:  "en",
			Authors:   []string{"Reporter"},
			Published: time.Date(2024, 2, 1+i, 12, 0, 0, 0, time.UTC),
			Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: fmt.Sprintf(
				"Energy markets moved again in story %d, with prices for power and gas changing as traders weighed supply.", i)}},
		})
	}

	met := httpapi.NewMetrics()
	api := httpapi.New(httpapi.Config{
		Store: st, Index: ix, Token: testToken, Metrics: met,
		IndexLag: func(ctx context.Context) (int64, error) { return follow.Lag(ctx, st, ix) },
		Detect: func(ctx context.Context, target string) ([]newsdesk.Source, error) {
			e.detects = append(e.detects, target)
			return []newsdesk.Source{{Kind: newsdesk.KindFeed, URL: target + "/feed", Title: "Detected"}}, nil
		},
	})
	mux := http.NewServeMux()
	api.Register(mux)
	e.srv = httptest.NewServer(met.Middleware(mux))
	t.Cleanup(e.srv.Close)
	return e
}

// save extracts a page and stores and indexes its article.
func (e *env) save(t *testing.T, name string, sourceID int64, url, page string) {
	t.Helper()
	a, err := extract.Extract([]byte(page), extract.Options{URL: url, ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatalf("extract %s: %v", name, err)
	}
	e.saveArticle(t, name, sourceID, a)
}

// saveArticle stores and indexes an article.
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
	if _, err := follow.CatchUp(ctx, e.st, e.ix, follow.Options{}); err != nil {
		t.Fatalf("index %s: %v", name, err)
	}
	e.ids[name] = id
}
