package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"newsdesk/httpapi"
)

// TestIntegrationAPIWrongMethods sends a method each API path lacks to
// every route: 405, problem+json, and an Allow header naming the path's
// methods.
func TestIntegrationAPIWrongMethods(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ method, path, allow string }{
		{"PUT", "/api/articles", "GET, HEAD"},
		{"POST", "/api/articles/1", "GET, HEAD"},
		{"DELETE", "/api/quotes", "GET, HEAD"},
		{"PATCH", "/api/sources", "GET, HEAD, POST"},
		{"GET", "/api/sources/1", "DELETE"},
		{"DELETE", "/api/stats", "GET, HEAD"},
		{"POST", "/api/openapi.json", "GET, HEAD"},
		{"POST", "/healthz", "GET, HEAD"},
		{"DELETE", "/metrics", "GET, HEAD"},
	} {
		resp, b := e.do(t, tc.method, tc.path, testToken, "")
		checkProblem(t, resp, b, 405)
		if got := resp.Header.Get("Allow"); got != tc.allow {
			t.Errorf("%s %s: Allow %q, want %q", tc.method, tc.path, got, tc.allow)
		}
	}
	// Every route Register adds has one of the paths above.
	api := httpapi.New(httpapi.Config{Metrics: httpapi.NewMetrics()})
	for _, r := range api.Routes() {
		path := strings.ReplaceAll(r.Pattern, "{id}", "1")
		resp, b := e.do(t, "PUT", path, testToken, "")
		checkProblem(t, resp, b, 405)
		if !strings.Contains(resp.Header.Get("Allow"), r.Method) {
			t.Errorf("PUT %s: Allow %q lacks %s", path, resp.Header.Get("Allow"), r.Method)
		}
	}
}

// TestIntegrationBodyTooLarge sends bodies longer than 64 KiB, with and
// without a Content-Length: 413 as problem+json, and nothing added. A
// long body within the cap is read.
func TestIntegrationBodyTooLarge(t *testing.T) {
	e := newEnv(t)
	send := func(method, path, body string, chunked bool) (*http.Response, []byte) {
		t.Helper()
		var r io.Reader = strings.NewReader(body)
		if chunked {
			r = io.MultiReader(r) // no length: sent chunked
		}
		req, _ := http.NewRequest(method, e.srv.URL+path, r)
		req.Header.Set("Authorization", "Bearer "+testToken)
		req.Header.Set("Content-Type", "application/json")
		resp, err := e.srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, b
	}
	long := `{"url": "https://news.example/` + strings.Repeat("a", 70<<10) + `"}`
	padded := `{"url": "https://news.example/` + strings.Repeat("a", 10) + `"}` + strings.Repeat(" ", 80<<10)
	for _, chunked := range []bool{false, true} {
		for _, body := range []string{long, padded} {
			resp, b := send("POST", "/api/sources", body, chunked)
			p := checkProblem(t, resp, b, 413)
			if !strings.Contains(p.Detail, "longer than 65536 bytes") {
				t.Errorf("detail %q", p.Detail)
			}
		}
	}
	resp, b := send("GET", "/api/articles?q=energy", long, false)
	checkProblem(t, resp, b, 413)
	if len(e.detects) != 0 {
		t.Errorf("Detect called for a body too large: %q", e.detects)
	}
	if srcs, _ := e.st.Sources(t.Context()); len(srcs) != 2 {
		t.Errorf("%d sources after refused bodies, want 2", len(srcs))
	}

	within := `{"url": "https://news.example"}` + strings.Repeat("\n", 60<<10)
	resp, b = send("POST", "/api/sources", within, true)
	if resp.StatusCode != 201 {
		t.Errorf("a body within the cap: status %d; %s", resp.StatusCode, b)
	}
}
