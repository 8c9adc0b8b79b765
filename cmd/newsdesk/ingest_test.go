package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // for PRAGMA integrity_check on the store's file

	"newsdesk"
	"newsdesk/sqlite"
	"newsdesk/warc"
)

// newsWords make up the text of generated articles.
var newsWords = strings.Fields(`government parliament minister budget council
election vote coalition reform tax energy climate policy city region court
ruling judge report police investigation company market growth inflation
bank school university research health hospital transport railway airport
weather storm flood drought farmers harvest trade export industry workers`)

// newsPage returns a news page whose text is unique to n.
func newsPage(n int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Story %[1]d | Test Times</title><meta property="og:site_name" content="Test Times">
<meta property="article:published_time" content="2024-04-%02[2]dT08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Story %[1]d</h1>`, n, n%28+1)
	for p := range 5 {
		b.WriteString("<p>")
		for w := range 35 {
			b.WriteString(newsWords[(n*11+p*17+w*w+w*n)%len(newsWords)] + " ")
		}
		fmt.Fprintf(&b, "as story %d reports in paragraph %d.</p>\n", n, p)
	}
	b.WriteString("</article><footer>© Test Times</footer></body></html>\n")
	return b.String()
}

// newsServer serves n pages at /story/I and a sitemap of them at
// /sitemap.xml, each page after delay.
func newsServer(t *testing.T, n int, delay time.Duration) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	mux.HandleFunc("/sitemap.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for i := range n {
			fmt.Fprintf(w, "<url><loc>%s/story/%d</loc></url>\n", srv.URL, i)
		}
		fmt.Fprint(w, "</urlset>")
	})
	mux.HandleFunc("/story/{n}", func(w http.ResponseWriter, r *http.Request) {
		var i int
		if _, err := fmt.Sscan(r.PathValue("n"), &i); err != nil || i >= n {
			http.NotFound(w, r)
			return
		}
		time.Sleep(delay)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, newsPage(i))
	})
	return srv
}

// checkStore checks that the store in dir holds exactly the articles
// whose URLs are in want, each once, and passes the integrity check.
func checkStore(t *testing.T, dir string, want map[string]bool) {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	arts, err := st.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, a := range arts {
		got[a.URL]++
	}
	for u := range want {
		if got[u] != 1 {
			t.Errorf("%s stored %d times", u, got[u])
		}
	}
	for u, c := range got {
		if !want[u] {
			t.Errorf("unexpected article %s (%d times)", u, c)
		}
	}
	nArt, nPages, _, err := st.Count(ctx)
	if err != nil || int(nArt) != len(want) || int(nPages) != len(want) {
		t.Errorf("store counts %d articles, %d pages (%v); want %d of each", nArt, nPages, err, len(want))
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check: %q, %v", check, err)
	}
}

// TestIntegrationCrashRecovery kills "newsdesk ingest" with SIGKILL at
// random moments, restarts it, and finally lets it finish: every page
// must then be stored exactly once, in a sound database file.
func TestIntegrationCrashRecovery(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds and kills the binary")
	}
	const n = 240
	srv := newsServer(t, n, 15*time.Millisecond)
	dir := t.TempDir()
	env := append(os.Environ(), "NEWSDESK_DATA="+dir, "NEWSDESK_PER_HOST_INTERVAL=0s", "NEWSDESK_ALLOW_PRIVATE_NETWORKS=true")
	command := func(args ...string) *exec.Cmd {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		return cmd
	}
	if out, err := command("sources", "add", srv.URL+"/sitemap.xml").CombinedOutput(); err != nil {
		t.Fatalf("sources add: %v\n%s", err, out)
	}
	start := time.Now()
	for round := range 4 {
		cmd := command("ingest", "-j", "4")
		var stderr strings.Builder
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(150+rand.IntN(600)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		t.Logf("round %d: killed after %v: %v %s", round, time.Since(start).Round(time.Millisecond), err, stderr.String())
	}
	out, err := command("ingest", "-j", "4").CombinedOutput()
	if err != nil {
		t.Fatalf("final ingest: %v\n%s", err, out)
	}
	t.Logf("final ingest after %v: %s", time.Since(start).Round(time.Millisecond), out)
	if !strings.Contains(string(out), "failed 0") {
		t.Errorf("final summary: %s", out)
	}
	want := map[string]bool{}
	for i := range n {
		want[fmt.Sprintf("%s/story/%d", srv.URL, i)] = true
	}
	checkStore(t, dir, want)

	// Once more: everything is seen, nothing is fetched.
	out, err = command("ingest").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "fetched 0, new 0,") {
		t.Errorf("ingest after completion: %v\n%s", err, out)
	}
}

func TestIngestWARCTwice(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(t.TempDir(), "news.warc.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := warc.NewWriter(f, true)
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	date := time.Date(2024, 4, 2, 9, 0, 0, 0, time.UTC)
	for i := range 12 {
		if err := w.WriteResponse(fmt.Sprintf("https://times.example/story/%d", i), date, 200, h, []byte(newsPage(i))); err != nil {
			t.Fatal(err)
		}
	}
	w.WriteResponse("https://times.example/missing", date, 404, h, []byte("not found"))
	f.Close()

	r := run(t, nil, "ingest", "--data", dir, path)
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 0, new 12, updated 0, duplicates 0, failed 0") {
		t.Errorf("first ingest: %s%s", r.stdout, r.stderr)
	}
	// What ingest stored is searchable at once.
	r = run(t, nil, "search", "--data", dir, "--json", "story")
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, `"total": 12`) {
		t.Errorf("search after ingest: %.300s%s", r.stdout, r.stderr)
	}
	r = run(t, nil, "ingest", "--data", dir, path)
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 0, new 0, updated 0, duplicates 12, failed 0") {
		t.Errorf("second ingest: %s%s", r.stdout, r.stderr)
	}

	r = run(t, nil, "articles", "--data", dir, "--jsonl", "--limit", "5")
	r.mustCode(t, 0)
	var lines []map[string]any
	for line := range strings.Lines(r.stdout) {
		var obj map[string]any
		if err := json.Unmarshal([]byte(line), &obj); err != nil {
			t.Fatalf("articles --jsonl: %v\n%s", err, line)
		}
		lines = append(lines, obj)
	}
	if len(lines) != 5 {
		t.Fatalf("articles --jsonl: %d lines, want 5", len(lines))
	}
	// Pages are extracted in parallel, so IDs need not follow WARC order.
	for _, l := range lines {
		title, _ := l["title"].(string)
		text, _ := l["text"].(string)
		if !strings.HasPrefix(title, "Story ") || !strings.Contains(text, "paragraph 4") {
			t.Errorf("articles --jsonl: line %v", l)
		}
	}
	r = run(t, nil, "articles", "--data", dir, "--json", "--since", "2024-04-06")
	r.mustCode(t, 0)
	var arr []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &arr); err != nil {
		t.Fatalf("articles --json: %v\n%s", err, r.stdout)
	}
	for _, a := range arr {
		if p, _ := a["published"].(string); p < "2024-04-06" {
			t.Errorf("--since 2024-04-06 gave an article published %s", p)
		}
	}
	if len(arr) == 0 || len(arr) == 12 {
		t.Errorf("--since selected %d of 12 articles", len(arr))
	}
	r = run(t, nil, "articles", "--data", dir, "--csv")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "id,url,canonical_url,title,") || strings.Count(r.stdout, "https://times.example/story/") < 12 {
		t.Errorf("articles --csv:\n%.300s", r.stdout)
	}
	r = run(t, nil, "reprocess", "--data", dir)
	r.mustCode(t, 0)
	if strings.TrimSpace(r.stdout) != "pages 12, re-extracted 12, failed 0, without article 0\nindexed 12 articles, 0 failed" {
		t.Errorf("reprocess: %s%s", r.stdout, r.stderr)
	}
	r = run(t, nil, "search", "--data", dir, "--json", "story")
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, `"total": 12`) {
		t.Errorf("search after reprocess: %.300s%s", r.stdout, r.stderr)
	}
}

func TestSourcesCommand(t *testing.T) {
	dir := t.TempDir()
	srv := newsServer(t, 3, 0)
	r := run(t, nil, "sources", "add", "--data", dir, srv.URL+"/sitemap.xml")
	r.mustCode(t, 1) // private address refused without the flag
	if !strings.Contains(r.stderr, "refusing to connect") {
		t.Errorf("private address: %s", r.stderr)
	}
	r = run(t, nil, "sources", "add", "--data", dir, "--allow-private-networks", srv.URL+"/sitemap.xml", pagesDir)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "added 1: sitemap "+srv.URL+"/sitemap.xml") || !strings.Contains(r.stdout, "added 2: file ") {
		t.Errorf("sources add:\n%s%s", r.stdout, r.stderr)
	}
	r = run(t, nil, "sources", "add", "--data", dir, "--defaults")
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "tagesschau") || !strings.Contains(r.stdout, "feeds.bbci.co.uk") {
		t.Errorf("sources add --defaults:\n%s", r.stdout)
	}
	r = run(t, nil, "sources", "add", "--data", dir, "--defaults")
	if !strings.Contains(r.stdout, "already added") {
		t.Errorf("adding the defaults twice:\n%s", r.stdout)
	}
	r = run(t, nil, "ingest", "--data", dir, "--allow-private-networks", srv.URL+"/sitemap.xml")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 3, new 3,") {
		t.Errorf("ingest URL: %s%s", r.stdout, r.stderr)
	}
	r = run(t, nil, "sources", "list", "--data", dir, "--json")
	r.mustCode(t, 0)
	var list []newsdesk.Source
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) < 20 {
		t.Fatalf("sources list --json: %v, %d sources", err, len(list))
	}
	r = run(t, nil, "sources", "remove", "--data", dir, "1", "99999")
	r.mustCode(t, 1)
	if !strings.Contains(r.stdout, "removed 1") || !strings.Contains(r.stderr, "99999") {
		t.Errorf("sources remove:\n%s%s", r.stdout, r.stderr)
	}
	r = run(t, nil, "sources", "list", "--data", dir)
	r.mustCode(t, 0)
	if strings.Contains(r.stdout, "sitemap.xml") || !strings.HasPrefix(r.stdout, "ID") {
		t.Errorf("sources list after remove:\n%s", r.stdout)
	}
}

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(t.TempDir(), "newsdesk.conf")
	os.WriteFile(conf, []byte("# test\ndata = "+dir+"\n"), 0o644)
	r := run(t, nil, "ingest", "--config", conf, pagesDir)
	r.mustCode(t, 0)
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
		t.Errorf("store not created in the configured directory: %v", err)
	}
	os.WriteFile(conf, []byte("colour = blue\n"), 0o644)
	r = run(t, nil, "articles", "--config", conf)
	r.mustCode(t, 2)
	if !strings.Contains(r.stderr, "unknown setting") {
		t.Errorf("bad config: %s", r.stderr)
	}
}

// TestIntegrationCrashRecoveryWARC kills "newsdesk ingest" of a WARC file
// at random moments and runs it again to the end: every record is then
// stored once, and every stored page (kept as its WARC record) reads back.
func TestIntegrationCrashRecoveryWARC(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: builds and kills the binary")
	}
	const n = 3000
	dir := t.TempDir()
	path := filepath.Join(t.TempDir(), "crawl.warc.gz")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := warc.NewWriter(f, true)
	h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	want := map[string]bool{}
	for i := range n {
		u := fmt.Sprintf("https://archive.example/story/%d", i)
		if err := w.WriteResponse(u, time.Now(), 200, h, []byte(newsPage(i))); err != nil {
			t.Fatal(err)
		}
		want[u] = true
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "NEWSDESK_DATA="+dir)
	command := func(args ...string) *exec.Cmd {
		cmd := exec.Command(binary, args...)
		cmd.Env = env
		return cmd
	}
	killed := 0
	for round := range 3 {
		cmd := command("ingest", "--no-index", path)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(50+rand.IntN(300)) * time.Millisecond)
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if err != nil {
			killed++
		}
		t.Logf("round %d: %v", round, err)
	}
	if killed == 0 {
		t.Error("no ingest was killed before it ended")
	}
	out, err := command("ingest", "--no-index", path).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "failed 0") {
		t.Fatalf("final ingest: %v\n%s", err, out)
	}
	t.Logf("final ingest: %s", out)
	checkStore(t, dir, want)
	out, err = command("reprocess").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), fmt.Sprintf("pages %d, re-extracted %d, failed 0", n, n)) {
		t.Errorf("reprocess: %v\n%s", err, out)
	}
}
