package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/httpapi"
	"newsdesk/ingest"
	"newsdesk/sqlite"
)

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// server is "newsdesk serve" running in this process.
type server struct {
	base   string // http://127.0.0.1:PORT
	stderr *syncBuffer
	cancel context.CancelFunc
	done   chan int
}

// startServe runs "newsdesk serve" with args until the test ends, and
// waits for it to listen.
func startServe(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &server{stderr: &syncBuffer{}, cancel: cancel, done: make(chan int, 1)}
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: s.stderr}
	go func() { s.done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() { s.stop(t) })
	listening := regexp.MustCompile(`listening on (http://[^/\s]+)/`)
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := listening.FindStringSubmatch(s.stderr.String()); m != nil {
			s.base = m[1]
			return s
		}
		select {
		case code := <-s.done:
			s.done <- code
			t.Fatalf("serve exited with %d:\n%s", code, s.stderr)
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("serve does not listen:\n%s", s.stderr)
	return nil
}

// stop interrupts the server and checks that it exits cleanly.
func (s *server) stop(t *testing.T) {
	t.Helper()
	if s.cancel == nil {
		return
	}
	s.cancel()
	s.cancel = nil
	select {
	case code := <-s.done:
		if code != 0 {
			t.Errorf("serve exited with %d:\n%s", code, s.stderr)
		}
	case <-time.After(30 * time.Second):
		t.Errorf("serve did not stop within 30s:\n%s", s.stderr)
	}
}

// getJSON gets path from the server into v and returns the status.
func (s *server) getJSON(t *testing.T, path string, v any) int {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if v != nil {
		json.NewDecoder(resp.Body).Decode(v)
	}
	return resp.StatusCode
}

// eventually retries check until it returns true, for up to 30 seconds.
func eventually(t *testing.T, what string, check func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !check() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestIntegrationServe runs "newsdesk serve" over a store with an article
// the index lacks, a directory of German and English pages and a feed
// that cannot be fetched (as when offline): the stored and the gathered
// articles become searchable, the fetch error shows, and the API adds a
// source found by detection.
func TestIntegrationServe(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = st.SaveArticle(ctx, &newsdesk.Page{URL: "https://hafen.example/fest", Fetched: time.Now(), Body: []byte("x")},
		&newsdesk.Article{URL: "https://hafen.example/fest", Title: "Hafenfest lockt Besucher", Language: "de",
			Published: time.Date(2024, 6, 1, 10, 0, 0, 0, time.UTC),
			Blocks:    []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "Das Hafenfest lockte am Wochenende viele Besucher an die Kaimauer."}}})
	if err != nil {
		t.Fatal(err)
	}
	pages, _ := filepath.Abs(pagesDir)
	for _, s := range []newsdesk.Source{
		{Kind: newsdesk.KindFile, URL: pages},
		{Kind: newsdesk.KindFeed, URL: "http://127.0.0.1:1/feed.xml", Title: "Unreachable"},
	} {
		if err := st.AddSource(ctx, &s); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()

	s := startServe(t, "--data", dir, "--allow-private-networks")

	// The token is printed once and kept with mode 0600.
	m := regexp.MustCompile(`API token \(shown this once; kept in [^)]*\): (\S+)`).FindStringSubmatch(s.stderr.String())
	if m == nil {
		t.Fatalf("no token printed:\n%s", s.stderr)
	}
	token := m[1]
	fi, err := os.Stat(filepath.Join(dir, httpapi.TokenFile))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("token file: %v, %v", fi, err)
	}

	search := func(q string) httpapi.SearchResponse {
		var res httpapi.SearchResponse
		s.getJSON(t, "/api/articles?q="+url.QueryEscape(q), &res)
		return res
	}
	// The article stored before: indexed at start.
	eventually(t, "the stored article is indexed", func() bool { return search("Hafenfest").Total == 1 })
	// The gathered ones: indexed as they are stored.
	eventually(t, "the German page is indexed", func() bool { return search("Straßenbahn").Total == 1 })
	eventually(t, "the English page is indexed", func() bool { return search("council").Total >= 1 })
	if a := search("Straßenbahn").Articles[0]; a.Language != "de" {
		t.Errorf("German article: language %q", a.Language)
	}

	// The unreachable feed shows its error, in the API and on the page.
	var srcs struct {
		Sources []httpapi.SourceStatus `json:"sources"`
	}
	eventually(t, "the unreachable feed has failed", func() bool {
		s.getJSON(t, "/api/sources", &srcs)
		return len(srcs.Sources) == 2 && srcs.Sources[1].Status == "error"
	})
	if e := srcs.Sources[1].LastError; e == "" {
		t.Error("no last error for the unreachable feed")
	}
	resp, err := http.Get(s.base + "/sources")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), `class="source-error"`) || !strings.Contains(string(page), "127.0.0.1:1") {
		t.Errorf("sources page does not show the error:\n%s", page)
	}

	// Adding a source over the API detects it with the real detector.
	feedSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Test Feed</title><link>http://example.org/</link></channel></rss>`)
	}))
	defer feedSrv.Close()
	post := func(tok string) *http.Response {
		req, _ := http.NewRequest("POST", s.base+"/api/sources", strings.NewReader(`{"url": "`+feedSrv.URL+`/feed.xml"}`))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	if resp := post(""); resp.StatusCode != 401 {
		t.Errorf("add without token: %d", resp.StatusCode)
	}
	if resp := post(token); resp.StatusCode != 201 {
		t.Errorf("add with token: %d", resp.StatusCode)
	}

	// Metrics count the fetches and the stored articles.
	resp, err = http.Get(s.base + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	metrics, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{"newsdesk_articles_stored ", "newsdesk_articles_indexed ", `newsdesk_fetches_total{status="200"}`,
		`newsdesk_ingest_pages_total{outcome="new"}`, "newsdesk_ingest_queue_depth ", `route="GET /api/articles"`} {
		if !strings.Contains(string(metrics), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
	var stats httpapi.Stats
	s.getJSON(t, "/api/stats", &stats)
	if stats.Articles < 3 || stats.Indexed != stats.Articles || stats.SourcesFailing != 1 {
		t.Errorf("stats = %+v", stats)
	}
	s.stop(t)

	// Afterwards, the command line finds the same articles.
	r := run(t, nil, "search", "--data", dir, "--json", "Straßenbahn")
	r.mustCode(t, 0)
	var res httpapi.SearchResponse
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Total != 1 || res.Articles[0].Language != "de" {
		t.Errorf("search --json: %v\n%s", err, r.stdout)
	}
	r = run(t, nil, "search", "--data", dir, "--lang", "de", "Hafenfest")
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "Hafenfest lockt Besucher") || !strings.Contains(r.stdout, "«") {
		t.Errorf("search: %s", r.stdout)
	}
	r = run(t, nil, "search", "--data", dir, "--limit", "0", "x")
	r.mustCode(t, 2)
	r = run(t, nil, "reindex", "--data", dir)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, fmt.Sprintf("indexed %d articles, 0 failed", stats.Articles)) {
		t.Errorf("reindex: %s", r.stdout)
	}
}

// TestIntegrationServeFirstStart checks that an empty store gets the
// default feeds, and that --no-defaults keeps it empty.
func TestIntegrationServeFirstStart(t *testing.T) {
	dir := t.TempDir()
	s := startServe(t, "--data", dir, "--no-watch")
	var srcs struct {
		Sources []httpapi.SourceStatus `json:"sources"`
	}
	if code := s.getJSON(t, "/api/sources", &srcs); code != 200 || len(srcs.Sources) != len(ingest.DefaultSources()) {
		t.Errorf("first start: %d sources, want %d", len(srcs.Sources), len(ingest.DefaultSources()))
	}
	if code := s.getJSON(t, "/healthz", nil); code != 200 {
		t.Errorf("healthz: %d", code)
	}
	s.stop(t)

	dir = t.TempDir()
	s = startServe(t, "--data", dir, "--no-watch", "--no-defaults")
	s.getJSON(t, "/api/sources", &srcs)
	if len(srcs.Sources) != 0 {
		t.Errorf("--no-defaults: %d sources", len(srcs.Sources))
	}
	resp, err := http.Get(s.base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), `id="no-results"`) {
		t.Errorf("empty search page: %d\n%s", resp.StatusCode, body)
	}
}
