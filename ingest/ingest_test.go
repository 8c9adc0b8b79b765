package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/fetch"
	"newsdesk/warc"
)

// passResult is what runPass saw of one pass: the stats and every
// result reported.
type passResult struct {
	stats   Stats
	results []Result
	err     error
}

func runPass(t *testing.T, ctx context.Context, cfg Config, sources ...newsdesk.Source) passResult {
	t.Helper()
	var pr passResult
	var mu sync.Mutex
	cfg.Report = func(r Result) {
		mu.Lock()
		pr.results = append(pr.results, r)
		mu.Unlock()
	}
	pr.stats, pr.err = New(cfg).Run(ctx, sources)
	return pr
}

// failures maps the URL of each failed page to its error.
func (pr passResult) failures() map[string]error {
	m := map[string]error{}
	for _, r := range pr.results {
		if r.Page && r.Outcome == Failed {
			m[r.URL] = r.Err
		}
	}
	return m
}

func addSource(t *testing.T, st newsdesk.Store, kind newsdesk.SourceKind, u string) newsdesk.Source {
	t.Helper()
	s := newsdesk.Source{Kind: kind, URL: u}
	if err := st.AddSource(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestFeedEndToEnd(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	var urls []string
	for i := range 8 {
		p := fmt.Sprintf("/news/story-%d.html", i)
		s.set(p, articleHTML(fmt.Sprintf("Story %d", i), i), "")
		urls = append(urls, s.URL+p)
	}
	// The same story twice in the feed, and one listed twice under
	// another URL (same text: a duplicate).
	s.set("/news/story-copy.html", articleHTML("Story 1", 1), "")
	urls = append(urls, urls[0], s.URL+"/news/story-copy.html")
	s.set("/feed.xml", rssFeed(urls), "application/rss+xml")

	st := newStore(t)
	src := addSource(t, st, newsdesk.KindFeed, s.URL+"/feed.xml")
	cfg := Config{Store: st, Fetcher: testFetcher(fetch.Config{})}
	pr := runPass(t, ctx, cfg, src)
	if pr.err != nil {
		t.Fatal(pr.err)
	}
	if want := (Stats{Sources: 1, Pages: 9, Fetched: 9, New: 8, Duplicates: 1}); pr.stats != want {
		t.Errorf("first pass: %+v, want %+v; failures %v", pr.stats, want, pr.failures())
	}
	if n := s.hitCount("/news/story-0.html"); n != 1 {
		t.Errorf("story listed twice fetched %d times", n)
	}
	got, _ := st.Source(ctx, src.ID)
	if got.Title != "Example News" || got.LastStatus != 200 || got.LastError != "" || !got.NextFetch.After(time.Now()) {
		t.Errorf("source after pass: %+v", got)
	}
	arts, err := st.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil || len(arts) != 8 {
		t.Fatalf("stored %d articles (%v), want 8", len(arts), err)
	}
	for _, a := range arts {
		if !strings.HasPrefix(a.Title, "Story ") || !strings.Contains(a.Text(), "paragraph 5") || a.SourceID != src.ID {
			t.Errorf("article %d: title %q, source %d, text %.60q", a.ID, a.Title, a.SourceID, a.Text())
		}
	}

	// The feed lists the same items again: nothing is fetched.
	pr = runPass(t, ctx, cfg, src)
	if want := (Stats{Sources: 1}); pr.err != nil || pr.stats != want {
		t.Errorf("second pass: %+v (%v), want %+v", pr.stats, pr.err, want)
	}
	if n := s.hitCount("/news/story-3.html"); n != 1 {
		t.Errorf("seen story fetched %d times", n)
	}
}

func TestConditionalGet(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	var urls []string
	for i := range 3 {
		p := fmt.Sprintf("/a/%d", i)
		s.set(p, articleHTML(fmt.Sprintf("Conditional %d", i), 100+i), "")
		urls = append(urls, s.URL+p)
	}
	feedBody := rssFeed(urls)
	s.handle("/rss", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(feedBody))
	})
	st := newStore(t)
	src := addSource(t, st, newsdesk.KindFeed, s.URL+"/rss")
	cfg := Config{Store: st, Fetcher: testFetcher(fetch.Config{})}
	if pr := runPass(t, ctx, cfg, src); pr.err != nil || pr.stats.New != 3 {
		t.Fatalf("first pass: %+v (%v)", pr.stats, pr.err)
	}
	got, _ := st.Source(ctx, src.ID)
	if got.ETag != `"v1"` {
		t.Fatalf("ETag not saved: %+v", got)
	}
	pr := runPass(t, ctx, cfg, *got)
	if want := (Stats{Sources: 1, NotModified: 1}); pr.err != nil || pr.stats != want {
		t.Errorf("second pass: %+v (%v), want %+v", pr.stats, pr.err, want)
	}
	got, _ = st.Source(ctx, src.ID)
	if got.LastStatus != http.StatusNotModified || got.ETag != `"v1"` {
		t.Errorf("source after 304: status %d, etag %q", got.LastStatus, got.ETag)
	}
	if n, _, _, _ := st.Count(ctx); n != 3 {
		t.Errorf("%d articles after the 304 pass, want 3", n)
	}
}

func TestSitemapIndex(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	var sets [2]strings.Builder
	for i := range 10 {
		p := fmt.Sprintf("/2024/story-%d", i)
		s.set(p, articleHTML(fmt.Sprintf("Sitemap story %d", i), 200+i), "")
		fmt.Fprintf(&sets[i%2], "<url><loc>%s%s</loc><lastmod>2024-03-%02d</lastmod></url>\n", s.URL, p, i+1)
	}
	urlset := func(b string) string {
		return `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + b + `</urlset>`
	}
	s.set("/sm-a.xml", urlset(sets[0].String()), "application/xml")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(urlset(sets[1].String())))
	zw.Close()
	s.set("/sm-b.xml.gz", gz.String(), "application/x-gzip")
	s.set("/sitemap.xml", fmt.Sprintf(`<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>%[1]s/sm-a.xml</loc><lastmod>2024-03-02</lastmod></sitemap>
<sitemap><loc>%[1]s/sm-b.xml.gz</loc><lastmod>2024-03-03</lastmod></sitemap>
<sitemap><loc>%[1]s/sm-gone.xml</loc><lastmod>2024-03-01</lastmod></sitemap>
<sitemap><loc>%[1]s/sm-old.xml</loc><lastmod>2020-01-01</lastmod></sitemap>
</sitemapindex>`, s.URL), "application/xml")

	st := newStore(t)
	src := addSource(t, st, newsdesk.KindSitemapIndex, s.URL+"/sitemap.xml")
	cfg := Config{Store: st, Fetcher: testFetcher(fetch.Config{}), MaxSitemaps: 3}
	pr := runPass(t, ctx, cfg, src)
	if pr.err != nil {
		t.Fatal(pr.err)
	}
	if pr.stats.New != 10 || pr.stats.Failed != 1 {
		t.Errorf("stats %+v, want 10 new and 1 failed (the missing sitemap)", pr.stats)
	}
	if err := pr.failures()[s.URL+"/sm-gone.xml"]; err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("missing child sitemap: %v", err)
	}
	if n := s.hitCount("/sm-old.xml"); n != 0 {
		t.Errorf("sitemap beyond the cap fetched %d times", n)
	}

	// The page budget holds across child sitemaps.
	st2 := newStore(t)
	src2 := addSource(t, st2, newsdesk.KindSitemapIndex, s.URL+"/sitemap.xml")
	cfg = Config{Store: st2, Fetcher: testFetcher(fetch.Config{}), MaxPages: 4}
	if pr := runPass(t, ctx, cfg, src2); pr.stats.New != 4 {
		t.Errorf("MaxPages 4: %+v", pr.stats)
	}
}

func TestHostileEndpoints(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	s.set("/robots.txt", "User-agent: *\nDisallow: /private/\n", "text/plain")
	var urls []string
	add := func(p string) { urls = append(urls, s.URL+p) }
	for i := range 4 {
		p := fmt.Sprintf("/ok/%d", i)
		s.set(p, articleHTML(fmt.Sprintf("Good story %d", i), 300+i), "")
		add(p)
	}
	// Declared UTF-8, written in windows-1252: read right all the same.
	s.set("/charset", strings.Replace(articleHTML("Tram news from Munich", 310), "paragraph 0", "Gr\xfc\xdfe aus M\xfcnchen, paragraph 0", 1), "text/html; charset=utf-8")
	add("/charset")
	s.handle("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	s.handle("/fail", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "boom", 500) })
	s.handle("/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "slow down", 429)
	})
	s.handle("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", 302) })
	s.handle("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", 302) })
	s.set("/huge", "<html><body><p>"+strings.Repeat("big text ", 40000)+"</p></body></html>", "")
	s.set("/private/secret", articleHTML("Secret", 320), "")
	s.set("/image", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png")
	s.set("/hub", `<html><body><nav><a href="/a">A</a> <a href="/b">B</a></nav></body></html>`, "")
	for _, p := range []string{"/slow", "/fail", "/busy", "/loop-a", "/huge", "/private/secret", "/image", "/hub", "/missing"} {
		add(p)
	}
	s.set("/feed", rssFeed(urls), "application/rss+xml")

	st := newStore(t)
	src := addSource(t, st, newsdesk.KindFeed, s.URL+"/feed")
	f := testFetcher(fetch.Config{Timeout: 500 * time.Millisecond, MaxBodyBytes: 200 << 10, MaxRetryAfter: time.Second})
	start := time.Now()
	pr := runPass(t, ctx, Config{Store: st, Fetcher: f, MaxBytes: 100 << 10}, src)
	if pr.err != nil {
		t.Fatal(pr.err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("pass took %v", d)
	}
	if pr.stats.New != 5 || pr.stats.Failed != 8 || pr.stats.NoArticle != 1 {
		t.Errorf("stats %+v, want 5 new, 8 failed, 1 without article", pr.stats)
	}
	fails := pr.failures()
	for p, want := range map[string]string{
		"/slow":           "timed out",
		"/fail":           "500",
		"/busy":           "429",
		"/loop-a":         "redirect loop",
		"/huge":           "larger than",
		"/private/secret": "robots.txt",
		"/image":          "not an HTML page",
		"/missing":        "404",
	} {
		if err := fails[s.URL+p]; err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: error %v, want one saying %q", p, err, want)
		}
	}
	arts, _ := st.Articles(ctx, newsdesk.ArticleFilter{})
	var umlauts bool
	for _, a := range arts {
		umlauts = umlauts || strings.Contains(a.Text(), "Grüße aus München")
	}
	if !umlauts {
		t.Error("the mislabelled windows-1252 page was not decoded right")
	}
	got, _ := st.Source(ctx, src.ID)
	if got.ETag != "" || got.LastError != "" {
		t.Errorf("source state: %+v", got)
	}
	// The page without an article is stored, and the next pass does not
	// fetch it again; the pages that failed are tried again.
	if seen, err := st.SeenURL(ctx, s.URL+"/hub"); !seen || err != nil {
		t.Errorf("page without article: seen %v, %v", seen, err)
	}
	hub, fail := s.hitCount("/hub"), s.hitCount("/fail")
	pr = runPass(t, ctx, Config{Store: st, Fetcher: f, MaxBytes: 100 << 10}, src)
	if pr.err != nil {
		t.Fatal(pr.err)
	}
	if s.hitCount("/hub") != hub || s.hitCount("/fail") == fail {
		t.Errorf("second pass: /hub fetched %d more times, /fail %d more; want 0 and some",
			s.hitCount("/hub")-hub, s.hitCount("/fail")-fail)
	}
}

// writeWARC writes a .warc.gz with n article pages and some records an
// ingest must skip or report.
func writeWARC(t *testing.T, path string, n int) {
	t.Helper()
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, true)
	date := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	for i := range n {
		u := fmt.Sprintf("https://news.example.com/story/%d", i)
		if err := w.WriteResponse(u, date, 200, html, []byte(articleHTML(fmt.Sprintf("Archived story %d", i), 400+i))); err != nil {
			t.Fatal(err)
		}
		if i == 2 { // a revisit of the same page
			w.WriteRecord(&warc.Record{Type: warc.TypeRevisit, TargetURI: u, Date: date, Profile: warc.ProfileIdenticalPayloadDigest, Body: strings.NewReader("")})
		}
	}
	// Latin-1 page announced in the HTTP header.
	latin := http.Header{"Content-Type": {"text/html; charset=iso-8859-1"}}
	body := strings.Replace(articleHTML("Ein Artikel", 499), "paragraph 0", "sch\xf6ne Gr\xfc\xdfe, paragraph 0", 1)
	w.WriteResponse("https://news.example.de/artikel", date, 200, latin, []byte(body))
	w.WriteResponse("https://news.example.com/gone", date, 404, html, []byte("<p>not found</p>"))
	w.WriteResponse("https://news.example.com/logo.png", date, 200, http.Header{"Content-Type": {"image/png"}}, []byte("\x89PNG"))
	w.WriteResponse("https://news.example.com/", date, 301, http.Header{"Location": {"/home"}}, nil)
	buf.WriteString("this is not a WARC record\r\n\r\n")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestWARC(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crawl.warc.gz")
	writeWARC(t, path, 20)
	st := newStore(t)
	src := newsdesk.Source{Kind: newsdesk.KindWARC, URL: path}
	pr := runPass(t, ctx, Config{Store: st}, src)
	if pr.err != nil {
		t.Fatal(pr.err)
	}
	if want := (Stats{Sources: 1, Pages: 22, New: 21, Failed: 1}); pr.stats != want {
		t.Errorf("first ingest: %+v, want %+v; failures %v", pr.stats, want, pr.failures())
	}
	for u, err := range pr.failures() {
		if !strings.Contains(u, "crawl.warc.gz@") || !errors.Is(err, warc.ErrFormat) {
			t.Errorf("failure %s: %v, want the garbage reported as malformed", u, err)
		}
	}
	arts, _ := st.Articles(ctx, newsdesk.ArticleFilter{})
	var german *newsdesk.StoredArticle
	for i := range arts {
		if arts[i].URL == "https://news.example.de/artikel" {
			german = &arts[i]
		}
	}
	if german == nil || !strings.Contains(german.Text(), "schöne Grüße") {
		t.Errorf("Latin-1 page: %+v", german)
	}
	// The stored pages read back as the archive's payloads.
	var pages int
	err := st.Pages(ctx, func(p *newsdesk.Page) error {
		pages++
		var i int
		if _, err := fmt.Sscanf(p.URL, "https://news.example.com/story/%d", &i); err != nil {
			return nil
		}
		if want := articleHTML(fmt.Sprintf("Archived story %d", i), 400+i); string(p.Body) != want {
			t.Errorf("page %s: body of %d bytes, want the %d archived", p.URL, len(p.Body), len(want))
		}
		return nil
	})
	if err != nil || pages != 21 {
		t.Errorf("stored pages: %d, %v; want 21", pages, err)
	}
	pr = runPass(t, ctx, Config{Store: st}, src)
	if want := (Stats{Sources: 1, Pages: 22, Duplicates: 21, Failed: 1}); pr.stats != want {
		t.Errorf("second ingest: %+v, want %+v", pr.stats, want)
	}
}

func TestLocalFilesAndURLList(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.html"), []byte(articleHTML("File A", 500)), 0o644)
	os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(articleHTML("File B", 501)))
	zw.Close()
	os.WriteFile(filepath.Join(dir, "sub", "b.html.gz"), gz.Bytes(), 0o644)
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("not a page"), 0o644)

	s := newSite(t)
	s.set("/x", articleHTML("Listed X", 502), "")
	s.set("/y", articleHTML("Listed Y", 503), "")
	list := filepath.Join(t.TempDir(), "urls.txt")
	os.WriteFile(list, []byte("# my list\n"+s.URL+"/x\n\n"+s.URL+"/y\nftp://nope\n"), 0o644)

	st := newStore(t)
	files := addSource(t, st, newsdesk.KindFile, dir)
	pr := runPass(t, ctx, Config{Store: st, Fetcher: testFetcher(fetch.Config{})},
		files, newsdesk.Source{Kind: newsdesk.KindURLList, URL: list})
	if want := (Stats{Sources: 2, Pages: 5, Fetched: 2, New: 4, Failed: 1}); pr.err != nil || pr.stats != want {
		t.Errorf("stats %+v (%v), want %+v; failures %v", pr.stats, pr.err, want, pr.failures())
	}
	// The stored directory source is unchanged since: not read again.
	got, _ := st.Source(ctx, files.ID)
	pr = runPass(t, ctx, Config{Store: st}, *got)
	if want := (Stats{Sources: 1, NotModified: 1}); pr.stats != want {
		t.Errorf("unchanged dir: %+v, want %+v", pr.stats, want)
	}
}

func TestGracefulShutdown(t *testing.T) {
	s := newSite(t)
	var urls []string
	for i := range 40 {
		p := fmt.Sprintf("/s/%d", i)
		urls = append(urls, s.URL+p)
		body := articleHTML(fmt.Sprintf("Slow story %d", i), 600+i)
		s.handle(p, func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(50 * time.Millisecond)
			w.Write([]byte(body))
		})
	}
	s.set("/feed", rssFeed(urls), "application/rss+xml")
	st := newStore(t)
	src := addSource(t, st, newsdesk.KindFeed, s.URL+"/feed")
	cfg := Config{Store: st, Fetcher: testFetcher(fetch.Config{PerHostConcurrency: 2}), FetchWorkers: 2}
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(300*time.Millisecond, cancel)
	pr := runPass(t, ctx, cfg, src)
	if !errors.Is(pr.err, context.Canceled) {
		t.Errorf("cancelled pass returned %v", pr.err)
	}
	if pr.stats.New == 0 || pr.stats.New == 40 || pr.stats.Failed != 0 {
		t.Errorf("cancelled pass: %+v, want some pages stored and none failed", pr.stats)
	}
	n, _, _, _ := st.Count(context.Background())
	if int(n) != pr.stats.New {
		t.Errorf("store holds %d articles, pass reported %d new", n, pr.stats.New)
	}
	got, _ := st.Source(context.Background(), src.ID)
	pr2 := runPass(t, context.Background(), cfg, *got)
	if pr2.err != nil || pr.stats.New+pr2.stats.New != 40 || pr2.stats.Duplicates != 0 {
		t.Errorf("after restart: %+v (%v); first pass %d new", pr2.stats, pr2.err, pr.stats.New)
	}
	for i := range 40 {
		if h := s.hitCount(fmt.Sprintf("/s/%d", i)); h != 1 {
			t.Errorf("page %d fetched %d times", i, h)
		}
	}
}

func TestNextInterval(t *testing.T) {
	lo, hi := 5*time.Minute, 6*time.Hour
	tests := []struct {
		cur    time.Duration
		n      int
		failed bool
		want   time.Duration
	}{
		{time.Hour, 0, false, 90 * time.Minute},
		{time.Hour, 2, false, 45 * time.Minute},
		{time.Hour, 10, false, 30 * time.Minute},
		{time.Hour, 10, true, 90 * time.Minute},
		{6 * time.Minute, 10, false, 5 * time.Minute},
		{5 * time.Hour, 0, false, 6 * time.Hour},
	}
	for _, tt := range tests {
		if got := NextInterval(tt.cur, tt.n, tt.failed, lo, hi); got != tt.want {
			t.Errorf("NextInterval(%v, %d, %v) = %v, want %v", tt.cur, tt.n, tt.failed, got, tt.want)
		}
	}
	for range 100 {
		if j := Jitter(time.Hour); j < 54*time.Minute || j > 66*time.Minute {
			t.Fatalf("Jitter(1h) = %v", j)
		}
	}
}

func TestWatch(t *testing.T) {
	s := newSite(t)
	s.set("/a/1", articleHTML("Watched 1", 700), "")
	s.set("/feed", rssFeed([]string{s.URL + "/a/1"}), "application/rss+xml")
	st := newStore(t)
	src := addSource(t, st, newsdesk.KindFeed, s.URL+"/feed")
	in := New(Config{Store: st, Fetcher: testFetcher(fetch.Config{}),
		Interval: 100 * time.Millisecond, MinInterval: 50 * time.Millisecond, MaxInterval: 200 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 2500*time.Millisecond)
	defer cancel()
	var passes int
	var total Stats
	err := in.Watch(ctx, func(st Stats, due []newsdesk.Source) {
		passes++
		total.New += st.New
		if passes == 1 { // the source publishes a second story
			s.set("/a/2", articleHTML("Watched 2", 701), "")
			s.set("/feed", rssFeed([]string{s.URL + "/a/2", s.URL + "/a/1"}), "application/rss+xml")
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if passes < 2 || total.New != 2 {
		t.Errorf("%d passes, %d new; want ≥ 2 passes and 2 new", passes, total.New)
	}
	got, _ := st.Source(context.Background(), src.ID)
	if got.Interval < 50*time.Millisecond || got.Interval > 200*time.Millisecond {
		t.Errorf("interval %v outside its bounds", got.Interval)
	}
}

func TestReprocess(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "c.warc.gz")
	writeWARC(t, path, 5)
	st := newStore(t)
	if pr := runPass(t, ctx, Config{Store: st}, newsdesk.Source{Kind: newsdesk.KindWARC, URL: path}); pr.stats.New != 6 {
		t.Fatalf("ingest: %+v", pr.stats)
	}
	var reported int
	rs, err := Reprocess(ctx, st, 2, func(*newsdesk.Page, error) { reported++ })
	if err != nil || rs != (ReprocessStats{Pages: 6, Extracted: 6}) || reported != 6 {
		t.Errorf("Reprocess: %+v, %v, %d reported", rs, err, reported)
	}
}

// Reprocess leaves an imported article, whose page has no body, as it
// is: neither a failure nor an emptied article.
func TestReprocessImported(t *testing.T) {
	ctx := context.Background()
	st := newStore(t)
	a := &newsdesk.Article{URL: "https://news.example/imported", Title: "Imported",
		Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "Text that came already extracted."}}}
	id, _, err := st.SaveArticle(ctx, &newsdesk.Page{URL: a.URL, ContentType: ImportedContentType}, a)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := Reprocess(ctx, st, 2, func(p *newsdesk.Page, err error) {
		if err != nil {
			t.Errorf("page %d: %v", p.ID, err)
		}
	})
	if err != nil || rs != (ReprocessStats{Pages: 1, Imported: 1}) {
		t.Errorf("Reprocess: %+v, %v", rs, err)
	}
	if !strings.HasSuffix(rs.String(), ", imported 1") {
		t.Errorf("summary %q", rs)
	}
	got, err := st.Article(ctx, id)
	if err != nil || got.Title != "Imported" || got.Text() != a.Text() {
		t.Errorf("article after Reprocess: %+v, %v", got, err)
	}
}

func TestDefaultSources(t *testing.T) {
	srcs := DefaultSources()
	if len(srcs) < 15 {
		t.Fatalf("%d default sources", len(srcs))
	}
	seen := map[string]bool{}
	for _, s := range srcs {
		if !isHTTP(s.URL) || s.Title == "" || s.Kind != newsdesk.KindFeed || seen[s.URL] {
			t.Errorf("bad default source %+v", s)
		}
		seen[s.URL] = true
	}
}

// TestWARCTruncatedRecord checks that a record the archive cut short is
// still read, and the article says it is truncated.
func TestWARCTruncatedRecord(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, false)
	body := []byte(articleHTML("Cut Short", 900))
	if err := w.WriteResponse("https://news.example/cut", time.Date(2024, 6, 19, 12, 0, 0, 0, time.UTC), 200,
		http.Header{"Content-Type": {"text/html; charset=utf-8"}}, body); err != nil {
		t.Fatal(err)
	}
	// Drop the end of the record: the last third of the page and the
	// record's closing lines.
	raw := buf.Bytes()[:buf.Len()-len(body)/3]
	path := filepath.Join(t.TempDir(), "cut.warc")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	st := newStore(t)
	pr := runPass(t, ctx, Config{Store: st}, newsdesk.Source{Kind: newsdesk.KindWARC, URL: path})
	if pr.stats.New != 1 {
		t.Fatalf("stats %+v, failures %v; want the truncated page stored", pr.stats, pr.failures())
	}
	arts, err := st.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil || len(arts) != 1 {
		t.Fatalf("articles: %v, %d", err, len(arts))
	}
	if !arts[0].Truncated || arts[0].Title != "Cut Short" || arts[0].Text() == "" {
		t.Errorf("article: truncated=%v title=%q text %d bytes", arts[0].Truncated, arts[0].Title, len(arts[0].Text()))
	}
}
