package httpapi_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsdesk/httpapi"
)

// do sends a request to the test server and returns the response and its
// body.
func (e *env) do(t *testing.T, method, path, token, body string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// getJSON gets path, checks the status and decodes the body into v.
func (e *env) getJSON(t *testing.T, path string, status int, v any) {
	t.Helper()
	resp, b := e.do(t, "GET", path, "", "")
	if resp.StatusCode != status {
		t.Fatalf("GET %s: status %d, want %d; body %s", path, resp.StatusCode, status, b)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("GET %s: %v; body %s", path, err, b)
	}
}

// checkProblem checks that a response is a problem+json document with
// the given status.
func checkProblem(t *testing.T, resp *http.Response, body []byte, status int) httpapi.Problem {
	t.Helper()
	if resp.StatusCode != status {
		t.Errorf("%s %s: status %d, want %d; body %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, status, body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("%s %s: Content-Type %q, want application/problem+json", resp.Request.Method, resp.Request.URL.Path, ct)
	}
	var p httpapi.Problem
	if err := json.Unmarshal(body, &p); err != nil {
		t.Fatalf("problem: %v; body %s", err, body)
	}
	if p.Status != status || p.Title == "" || p.Type == "" || p.Instance != resp.Request.URL.Path {
		t.Errorf("problem = %+v, want status %d, a title, a type and the instance", p, status)
	}
	return p
}

func TestIntegrationSearch(t *testing.T) {
	e := newEnv(t)
	var res httpapi.SearchResponse
	e.getJSON(t, "/api/articles?q="+url.QueryEscape("Klimaschutzgesetz"), 200, &res)
	if res.Total != 1 || len(res.Articles) != 1 {
		t.Fatalf("total %d, %d articles; want 1", res.Total, len(res.Articles))
	}
	a := res.Articles[0]
	if a.ID != e.ids["de"] || a.Title != "Bundestag beschließt Klimaschutzgesetz" || a.Language != "de" {
		t.Errorf("hit = %+v", a)
	}
	if a.Source.ID != e.src.ID || a.Source.Name != "Tagesblatt" {
		t.Errorf("source = %+v, want %d Tagesblatt", a.Source, e.src.ID)
	}
	if len(a.Authors) != 1 || a.Authors[0] != "Anna Müller" {
		t.Errorf("authors = %q", a.Authors)
	}
	if a.Published == nil || a.Published.Format("2006-01-02") != "2024-03-05" {
		t.Errorf("published = %v", a.Published)
	}
	if strings.ContainsAny(a.Snippet, "\x02\x03") || !strings.Contains(a.Snippet, "Klimaschutzgesetz") {
		t.Errorf("snippet = %q, want plain text with the match", a.Snippet)
	}
	if !strings.Contains(a.SnippetHTML, "<mark>") || strings.ContainsAny(a.SnippetHTML, "\x02\x03") {
		t.Errorf("snippet_html = %q, want <mark>", a.SnippetHTML)
	}
	for _, f := range []string{"source", "language", "day"} {
		if res.Facets[f] == nil {
			t.Errorf("facet %s missing", f)
		}
	}
	if res.Facets["language"]["de"] != 1 {
		t.Errorf("language facet = %v", res.Facets["language"])
	}

	// Filters.
	e.getJSON(t, "/api/articles?q=climate&lang=en", 200, &res)
	if res.Total != 1 || res.Articles[0].ID != e.ids["en"] {
		t.Errorf("climate in English: %+v", res)
	}
	e.getJSON(t, "/api/articles?q=climate&lang=de", 200, &res)
	if res.Total != 0 || len(res.Articles) != 0 {
		t.Errorf("climate in German: total %d", res.Total)
	}
	e.getJSON(t, fmt.Sprintf("/api/articles?source=%d&from=2024-02-10&to=2024-02-12&sort=date", e.src.ID), 200, &res)
	if res.Total != 3 {
		t.Errorf("source and dates 10 to 12 February: total %d, want 3", res.Total)
	}
	// Without q, the newest first.
	e.getJSON(t, "/api/articles?limit=3", 200, &res)
	if len(res.Articles) != 3 || res.Total < 29 {
		t.Fatalf("newest: %d of %d", len(res.Articles), res.Total)
	}
	for i := 1; i < len(res.Articles); i++ {
		if res.Articles[i].Published.After(*res.Articles[i-1].Published) {
			t.Errorf("newest: not in date order: %v after %v", res.Articles[i].Published, res.Articles[i-1].Published)
		}
	}

	// Bad parameters are problems.
	for _, q := range []string{"limit=0", "limit=101", "limit=x", "sort=best", "source=abc", "from=yesterday", "from=2024-03-02&to=2024-03-01"} {
		resp, b := e.do(t, "GET", "/api/articles?"+q, "", "")
		p := checkProblem(t, resp, b, 400)
		if p.Detail == "" {
			t.Errorf("%s: problem without detail", q)
		}
	}
}

func TestIntegrationSearchCursorPaging(t *testing.T) {
	e := newEnv(t)
	seen := map[int64]bool{}
	path := "/api/articles?q=traders&sort=date&limit=10"
	pages := 0
	for {
		var res httpapi.SearchResponse
		e.getJSON(t, path, 200, &res)
		pages++
		if res.Total != 25 {
			t.Fatalf("page %d: total %d, want 25", pages, res.Total)
		}
		for _, a := range res.Articles {
			if seen[a.ID] {
				t.Errorf("page %d: article %d seen before", pages, a.ID)
			}
			seen[a.ID] = true
		}
		if res.NextCursor == "" {
			break
		}
		if pages > 5 {
			t.Fatal("too many pages")
		}
		path = "/api/articles?q=traders&sort=date&limit=10&cursor=" + url.QueryEscape(res.NextCursor)
	}
	if pages != 3 || len(seen) != 25 {
		t.Errorf("%d pages, %d articles; want 3 pages, 25 articles", pages, len(seen))
	}
	resp, b := e.do(t, "GET", "/api/articles?q=traders&cursor=not-a-cursor", "", "")
	checkProblem(t, resp, b, 400)
}

func TestIntegrationArticle(t *testing.T) {
	e := newEnv(t)
	var a httpapi.ArticleDetail
	e.getJSON(t, fmt.Sprintf("/api/articles/%d", e.ids["de"]), 200, &a)
	if a.ID != e.ids["de"] || a.Title != "Bundestag beschließt Klimaschutzgesetz" || a.Language != "de" ||
		a.URL != "https://tagesblatt.example/politik/klimaschutzgesetz" || len(a.Blocks) == 0 ||
		!strings.Contains(a.Text, "Treibhausgasen") || a.Source.Name != "Tagesblatt" || a.Hash == "" || a.Stored.IsZero() {
		t.Errorf("article = %+v", a)
	}
	// Every field of the stored article is there.
	resp, b := e.do(t, "GET", fmt.Sprintf("/api/articles/%d", e.ids["de"]), "", "")
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("Content-Type %q", ct)
	}
	var m map[string]any
	json.Unmarshal(b, &m)
	for _, k := range []string{"id", "url", "canonical_url", "title", "subtitle", "authors", "published", "modified",
		"site_name", "language", "image", "section", "tags", "paywalled", "blocks", "charset", "page_id", "hash",
		"stored", "updated", "revisions", "source", "text"} {
		if _, ok := m[k]; !ok {
			t.Errorf("field %s missing", k)
		}
	}
	resp, b = e.do(t, "GET", "/api/articles/99999", "", "")
	checkProblem(t, resp, b, 404)
	resp, b = e.do(t, "GET", "/api/articles/abc", "", "")
	checkProblem(t, resp, b, 404)
}

func TestIntegrationSources(t *testing.T) {
	e := newEnv(t)
	var body struct {
		Sources []httpapi.SourceStatus `json:"sources"`
	}
	e.getJSON(t, "/api/sources", 200, &body)
	if len(body.Sources) != 2 {
		t.Fatalf("%d sources, want 2", len(body.Sources))
	}
	if s := body.Sources[0]; s.Status != "never" || s.Articles != 26 {
		t.Errorf("source 1 = status %q, %d articles; want never, 26", s.Status, s.Articles)
	}
	if s := body.Sources[1]; s.Status != "error" || !strings.Contains(s.LastError, "no such host") {
		t.Errorf("source 2 = %+v, want its error", s)
	}
}

func TestIntegrationWriteRoutesNeedToken(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ method, path, body string }{
		{"POST", "/api/sources", `{"url": "https://example.org"}`},
		{"DELETE", fmt.Sprintf("/api/sources/%d", e.src.ID), ""},
	} {
		for _, tok := range []string{"", "wrong-token"} {
			resp, b := e.do(t, tc.method, tc.path, tok, tc.body)
			checkProblem(t, resp, b, 401)
			if !strings.HasPrefix(resp.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("%s %s: WWW-Authenticate %q", tc.method, tc.path, resp.Header.Get("WWW-Authenticate"))
			}
		}
	}
	if len(e.detects) != 0 {
		t.Errorf("Detect called without a token: %q", e.detects)
	}
	if srcs, _ := e.st.Sources(t.Context()); len(srcs) != 2 {
		t.Errorf("%d sources after refused writes, want 2", len(srcs))
	}
}

func TestIntegrationAddAndRemoveSource(t *testing.T) {
	e := newEnv(t)
	var out struct {
		Sources []httpapi.AddedSource `json:"sources"`
	}
	resp, b := e.do(t, "POST", "/api/sources", testToken, `{"url": "https://news.example"}`)
	if resp.StatusCode != 201 {
		t.Fatalf("add: status %d; %s", resp.StatusCode, b)
	}
	json.Unmarshal(b, &out)
	if len(out.Sources) != 1 || out.Sources[0].Result != "added" || out.Sources[0].ID == 0 || out.Sources[0].URL != "https://news.example/feed" {
		t.Fatalf("add: %s", b)
	}
	id := out.Sources[0].ID
	resp, b = e.do(t, "POST", "/api/sources", testToken, `{"url": "https://news.example"}`)
	json.Unmarshal(b, &out)
	if resp.StatusCode != 200 || out.Sources[0].Result != "exists" {
		t.Errorf("add again: status %d; %s", resp.StatusCode, b)
	}
	// Bad requests.
	for _, tc := range []struct {
		body   string
		status int
	}{
		{`{"url": "/etc/passwd"}`, 422},
		{`{"url": "file:///etc/passwd"}`, 422},
		{`{"url": ""}`, 400},
		{`{"link": "https://x.example"}`, 400},
		{`not json`, 400},
	} {
		resp, b := e.do(t, "POST", "/api/sources", testToken, tc.body)
		checkProblem(t, resp, b, tc.status)
	}
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/sources", strings.NewReader(`url=https://x.example`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := e.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	checkProblem(t, resp, b, 415)

	resp, b = e.do(t, "DELETE", fmt.Sprintf("/api/sources/%d", id), testToken, "")
	if resp.StatusCode != 204 || len(b) != 0 {
		t.Errorf("delete: status %d; %s", resp.StatusCode, b)
	}
	resp, b = e.do(t, "DELETE", fmt.Sprintf("/api/sources/%d", id), testToken, "")
	checkProblem(t, resp, b, 404)
}

func TestIntegrationStatsHealthOpenAPIMetrics(t *testing.T) {
	e := newEnv(t)
	var st httpapi.Stats
	e.getJSON(t, "/api/stats", 200, &st)
	if st.Articles != 29 || st.Indexed != 29 || st.Sources != 2 || st.SourcesFailing != 1 || st.Languages["de"] != 1 {
		t.Errorf("stats = %+v", st)
	}
	var h map[string]any
	e.getJSON(t, "/healthz", 200, &h)
	if h["status"] != "ok" || h["index_lag"] != 0.0 || st.IndexLag != 0 {
		t.Errorf("healthz = %v, stats index_lag %d", h, st.IndexLag)
	}

	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	e.getJSON(t, "/api/openapi.json", 200, &doc)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	for path, methods := range map[string][]string{
		"/api/articles": {"get"}, "/api/articles/{id}": {"get"}, "/api/quotes": {"get"}, "/api/sources": {"get", "post"},
		"/api/entities": {"get"}, "/api/entities/{id}": {"get"}, "/api/entities/{id}/merge": {"post"},
		"/api/sources/{id}": {"delete"}, "/api/stats": {"get"}, "/api/openapi.json": {"get"},
		"/healthz": {"get"}, "/metrics": {"get"},
	} {
		for _, m := range methods {
			if doc.Paths[path][m] == nil {
				t.Errorf("OpenAPI document lacks %s %s", m, path)
			}
		}
	}

	// Every route the API registers is described.
	for _, r := range httpapi.New(httpapi.Config{Metrics: httpapi.NewMetrics()}).Routes() {
		if doc.Paths[r.Pattern][strings.ToLower(r.Method)] == nil {
			t.Errorf("OpenAPI document lacks route %s %s", r.Method, r.Pattern)
		}
	}

	// Unknown routes and methods are problems too.
	resp, b := e.do(t, "GET", "/api/nothing", "", "")
	checkProblem(t, resp, b, 404)
	resp, b = e.do(t, "PUT", "/api/articles", "", "")
	checkProblem(t, resp, b, 405)
	if resp.Header.Get("Allow") == "" {
		t.Error("405 without Allow")
	}
	resp, b = e.do(t, "POST", fmt.Sprintf("/api/articles/%d", e.ids["de"]), testToken, "")
	checkProblem(t, resp, b, 405)

	resp, b = e.do(t, "GET", "/metrics", "", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") {
		t.Fatalf("metrics: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{
		`newsdesk_http_request_duration_seconds_bucket{route="GET /api/stats",le="+Inf"} 1`,
		`newsdesk_http_request_duration_seconds_count{route="GET /healthz"} 1`,
		`# TYPE newsdesk_http_request_duration_seconds histogram`,
	} {
		if !strings.Contains(string(b), want) {
			t.Errorf("metrics lack %q:\n%s", want, b)
		}
	}
}

func TestSnippetHTML(t *testing.T) {
	tests := []struct{ in, text, html string }{
		{"a \x02b\x03 c", "a b c", "a <mark>b</mark> c"},
		{"<script>\x02x\x03</script>", "<script>x</script>", "&lt;script&gt;<mark>x</mark>&lt;/script&gt;"},
		{"\x02open", "open", "<mark>open</mark>"},
		{"close\x03 \x03", "close ", "close "},
		{"Straße \x02Müller\x03", "Straße Müller", "Straße <mark>Müller</mark>"},
	}
	for _, tt := range tests {
		if got := httpapi.SnippetText(tt.in); got != tt.text {
			t.Errorf("SnippetText(%q) = %q, want %q", tt.in, got, tt.text)
		}
		if got := httpapi.SnippetHTML(tt.in); got != tt.html {
			t.Errorf("SnippetHTML(%q) = %q, want %q", tt.in, got, tt.html)
		}
	}
}
