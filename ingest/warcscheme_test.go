package ingest

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/warc"
)

// TestWARCOtherSchemes ingests an archive whose HTML responses include
// records of targets that are no web pages: each is skipped with its
// reason, counted as skipped, and stored as no article; the source does
// not fail, and the web page next to them is read.
func TestWARCOtherSchemes(t *testing.T) {
	ctx := context.Background()
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, true)
	date := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	others := []string{"javascript:alert(document.cookie)", "mailto:desk@news.example.com", "ftp://news.example.com/story.html",
		"file:///etc/passwd", "data:text/html,<p>x</p>", "https:///no-host"}
	for i, u := range others {
		if err := w.WriteResponse(u, date, 200, html, []byte(articleHTML("Not a web page "+u, 300+i))); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.WriteResponse("https://news.example.com/story", date, 200, html, []byte(articleHTML("A web page", 42))); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "mixed.warc.gz")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	st := newStore(t)
	src := addSource(t, st, newsdesk.KindWARC, path)
	pr := runPass(t, ctx, Config{Store: st}, src)
	if pr.err != nil {
		t.Fatal(pr.err)
	}
	if want := (Stats{Sources: 1, Pages: len(others) + 1, New: 1, Skipped: len(others)}); pr.stats != want {
		t.Errorf("stats %+v, want %+v; failures %v", pr.stats, want, pr.failures())
	}
	if !strings.Contains(pr.stats.String(), ", skipped 6") {
		t.Errorf("summary %q does not count the skipped records", pr.stats.String())
	}
	skipped := map[string]bool{}
	for _, r := range pr.results {
		switch {
		case !r.Page && r.Outcome != Listed:
			t.Errorf("source: %s, %v", r.Outcome, r.Err)
		case r.Outcome == Skipped:
			skipped[r.URL] = true
			if !errors.Is(r.Err, ErrUnsupportedScheme) || !strings.Contains(r.Err.Error(), r.URL) {
				t.Errorf("skipped %s: reason %v", r.URL, r.Err)
			}
		}
	}
	for _, u := range others {
		if !skipped[u] {
			t.Errorf("%s not reported as skipped", u)
		}
	}
	arts, err := st.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 1 || arts[0].URL != "https://news.example.com/story" {
		var urls []string
		for _, a := range arts {
			urls = append(urls, a.URL)
		}
		t.Errorf("stored articles %q, want the web page only", urls)
	}
	got, err := st.Source(ctx, src.ID)
	if err != nil || got.LastError != "" {
		t.Errorf("source after the pass: %v, last error %q", err, got.LastError)
	}
}
