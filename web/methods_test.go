package web_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/httpapi"
	"newsdesk/sqlite"
	"newsdesk/web"
)

// serveEnv is the handler newsdesk serve builds: the API with metrics
// and the UI on one mux, behind the cross-origin and loopback checks.
type serveEnv struct {
	srv *httptest.Server
	st  *sqlite.Store
	api *httpapi.API
	ui  *web.UI
}

func newServeEnv(t *testing.T) *serveEnv {
	t.Helper()
	dir := t.TempDir()
	st, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := openTestIndex(t, dir)
	detect := func(ctx context.Context, target string) ([]newsdesk.Source, error) {
		return []newsdesk.Source{{Kind: newsdesk.KindFeed, URL: target + "/feed", Title: "Detected"}}, nil
	}
	met := httpapi.NewMetrics()
	e := &serveEnv{st: st, api: httpapi.New(httpapi.Config{Store: st, Index: ix, Token: testToken, Detect: detect, Metrics: met})}
	e.ui, err = web.New(web.Config{Store: st, Index: ix, Detect: detect, Token: testToken})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	e.api.Register(mux)
	e.ui.Register(mux)
	e.srv = httptest.NewServer(met.Middleware(web.LoopbackHostsOnly(http.NewCrossOriginProtection().Handler(mux))))
	t.Cleanup(e.srv.Close)
	return e
}

// TestIntegrationWrongMethods sends every method a path does not have to
// every registered route: each answers 405 with the Allow header of the
// path's methods, as problem+json from the API and as an HTML page from
// the UI. The methods a path has are not answered with 405.
func TestIntegrationWrongMethods(t *testing.T) {
	e := newServeEnv(t)
	type path struct {
		api     bool
		methods []string
	}
	paths := map[string]*path{}
	var order []string
	add := func(api bool, rs []httpapi.Route) {
		for _, r := range rs {
			if paths[r.Pattern] == nil {
				paths[r.Pattern] = &path{api: api}
				order = append(order, r.Pattern)
			}
			paths[r.Pattern].methods = append(paths[r.Pattern].methods, r.Method)
		}
	}
	add(true, e.api.Routes())
	add(false, e.ui.Routes())
	for _, want := range []string{"/api/articles", "/api/articles/{id}", "/api/sources", "/api/sources/{id}", "/api/stats",
		"/api/openapi.json", "/healthz", "/metrics", "/{$}", "/articles/{id}", "/sources", "/sources/{id}/delete", "/login", "/static/"} {
		if paths[want] == nil {
			t.Errorf("no route for %s", want)
		}
	}

	checked := 0
	for _, pattern := range order {
		p := paths[pattern]
		allowed := slices.Clone(p.methods)
		if slices.Contains(allowed, "GET") {
			allowed = append(allowed, "HEAD")
		}
		slices.Sort(allowed)
		allow := strings.Join(allowed, ", ")
		target := strings.NewReplacer("{id}", "1", "{$}", "").Replace(pattern)
		if strings.HasSuffix(target, "/static/") {
			target += "style.css"
		}
		for _, m := range []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"} {
			req, err := http.NewRequest(m, e.srv.URL+target, strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := e.srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if slices.Contains(allowed, m) {
				if resp.StatusCode == http.StatusMethodNotAllowed {
					t.Errorf("%s %s: 405, but the route has %s", m, target, m)
				}
				continue
			}
			checked++
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405; %.200s", m, target, resp.StatusCode, body)
				continue
			}
			if got := resp.Header.Get("Allow"); got != allow {
				t.Errorf("%s %s: Allow %q, want %q", m, target, got, allow)
			}
			ct := resp.Header.Get("Content-Type")
			switch {
			case p.api && ct != "application/problem+json":
				t.Errorf("%s %s: Content-Type %q, want application/problem+json", m, target, ct)
			case !p.api && !strings.HasPrefix(ct, "text/html"):
				t.Errorf("%s %s: Content-Type %q, want an HTML page", m, target, ct)
			case m != "HEAD" && !strings.Contains(string(body), m):
				t.Errorf("%s %s: the answer does not name the method: %.200s", m, target, body)
			}
		}
	}
	if checked < 60 {
		t.Errorf("only %d wrong methods tried", checked)
	}
}

// TestIntegrationFormTooLarge posts forms longer than the cap, with and
// without a Content-Length: each is refused with 413 and changes
// nothing; a long form within the cap is taken.
func TestIntegrationFormTooLarge(t *testing.T) {
	e := newServeEnv(t)
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	p := readPage(t, mustGet(t, client, e.srv.URL+"/sources"), 200)
	tok := csrf(t, p)

	post := func(path string, form url.Values, chunked bool) *http.Response {
		t.Helper()
		var body io.Reader = strings.NewReader(form.Encode())
		if chunked {
			body = io.MultiReader(body) // no length: sent chunked
		}
		req, _ := http.NewRequest("POST", e.srv.URL+path, body)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		return resp
	}
	long := strings.Repeat("a", 70<<10)
	for _, chunked := range []bool{false, true} {
		for _, path := range []string{"/sources", "/login", "/sources/1/delete"} {
			resp := post(path, url.Values{"url": {"https://news.example/" + long}, "token": {testToken}, "csrf": {tok}}, chunked)
			p := readPage(t, resp, 413)
			if !strings.Contains(p.body, "too large") {
				t.Errorf("POST %s (chunked %v): no message: %.300s", path, chunked, p.body)
			}
		}
	}
	if srcs, err := e.st.Sources(t.Context()); err != nil || len(srcs) != 0 {
		t.Fatalf("%d sources after refused forms (%v)", len(srcs), err)
	}
	resp := post("/sources", url.Values{"url": {"https://news.example"}, "pad": {strings.Repeat("b", 60<<10)}, "csrf": {tok}}, true)
	p = readPage(t, resp, 200)
	if !strings.Contains(text(one(t, p.doc, "", "#message")), "https://news.example/feed") {
		t.Error("a form within the cap was not taken")
	}
}

func mustGet(t *testing.T, c *http.Client, u string) *http.Response {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}
