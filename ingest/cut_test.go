package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/fetch"
	"newsdesk/warc"
)

// sourceFailure returns the error of the source that failed in pr, or
// nil.
func (pr passResult) sourceFailure() error {
	for _, r := range pr.results {
		if !r.Page && r.Outcome == Failed {
			return r.Err
		}
	}
	return nil
}

// storedURLs returns the URLs of the stored articles, sorted.
func storedURLs(t *testing.T, st newsdesk.Store) []string {
	t.Helper()
	arts, err := st.Articles(context.Background(), newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var urls []string
	for _, a := range arts {
		urls = append(urls, a.URL)
	}
	slices.Sort(urls)
	return urls
}

func TestURLListLongLine(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/a", "/b", "/c"} {
		s.set(p, articleHTML("Listed "+p, len(p)+int(p[1])), "")
	}
	long := s.URL + "/" + strings.Repeat("x", 70<<10) // longer than any URL may be
	list := filepath.Join(t.TempDir(), "urls.txt")
	os.WriteFile(list, []byte(s.URL+"/a\n"+long+"\n\n"+s.URL+"/b\r\n"+long+s.URL+"/c\n"+s.URL+"/c"), 0o644)

	st := newStore(t)
	pr := runPass(t, context.Background(), Config{Store: st, Fetcher: testFetcher(fetch.Config{})},
		newsdesk.Source{Kind: newsdesk.KindURLList, URL: list})
	if want := (Stats{Sources: 1, Pages: 5, Fetched: 3, New: 3, Failed: 2}); pr.err != nil || pr.stats != want {
		t.Errorf("stats %+v (%v), want %+v; failures %v", pr.stats, pr.err, want, pr.failures())
	}
	fails := pr.failures()
	for _, line := range []int{2, 5} {
		where := fmt.Sprintf("%s:%d", list, line)
		err := fails[where]
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("line %d is longer than", line)) {
			t.Errorf("line %d: %v, want it reported as too long; failures %v", line, err, fails)
		}
	}
	if got, want := storedURLs(t, st), []string{s.URL + "/a", s.URL + "/b", s.URL + "/c"}; !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
}

// cutWARC writes a WARC archive of n article pages, returns it with the
// offsets at which its records start.
func cutWARC(t *testing.T, gz bool, n int) ([]byte, []int64) {
	t.Helper()
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, gz)
	date := time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC)
	html := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
	for i := range n {
		u := fmt.Sprintf("https://news.example.com/cut/%d", i)
		if err := w.WriteResponse(u, date, 200, html, []byte(articleHTML(fmt.Sprintf("Cut story %d", i), 600+i))); err != nil {
			t.Fatal(err)
		}
	}
	wr, err := warc.NewReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var offs []int64
	for {
		rec, err := wr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		offs = append(offs, rec.Offset)
	}
	if len(offs) != n {
		t.Fatalf("%d records, want %d", len(offs), n)
	}
	return buf.Bytes(), offs
}

// TestWARCCut checks that an archive cut short, .warc or .warc.gz, fails
// its source with an error saying it is truncated, and that the records
// before the cut are stored.
func TestWARCCut(t *testing.T) {
	const n = 4
	for _, gz := range []bool{false, true} {
		data, offs := cutWARC(t, gz, n)
		last, end := offs[n-1], int64(len(data))
		name := "cut.warc"
		if gz {
			name += ".gz"
		}
		for _, tc := range []struct {
			name string
			cut  int64
		}{
			{"whole", end},
			{"in the last header", last + 40},
			{"in the last block", last + (end-last)/2},
			{"at the last bytes", end - 8},
		} {
			t.Run(name+"/"+tc.name, func(t *testing.T) {
				path := filepath.Join(t.TempDir(), name)
				if err := os.WriteFile(path, data[:tc.cut], 0o644); err != nil {
					t.Fatal(err)
				}
				st := newStore(t)
				pr := runPass(t, context.Background(), Config{Store: st}, newsdesk.Source{Kind: newsdesk.KindWARC, URL: path})
				if pr.err != nil {
					t.Fatal(pr.err)
				}
				stored := storedURLs(t, st)
				for i := range n - 1 {
					if u := fmt.Sprintf("https://news.example.com/cut/%d", i); !slices.Contains(stored, u) {
						t.Errorf("record %d, before the cut, not stored: %q", i, stored)
					}
				}
				err := pr.sourceFailure()
				if tc.cut == end {
					if err != nil || pr.stats.SourcesBad != 0 || len(stored) != n {
						t.Errorf("whole archive: source error %v, %d articles", err, len(stored))
					}
					return
				}
				if pr.stats.SourcesBad != 1 || !errors.Is(err, warc.ErrTruncated) || !strings.Contains(err.Error(), "truncated") {
					t.Errorf("source error %v (stats %+v), want it reported as truncated", err, pr.stats)
				}
				if f := pr.failures(); len(f) > 0 {
					t.Errorf("the cut reported as failed pages too: %v", f)
				}
			})
		}
	}
}

// TestWARCBadContentLength checks that a record header with a
// Content-Length that is not a number, negative or absurd is reported as
// a failed page, and the records after it are read.
func TestWARCBadContentLength(t *testing.T) {
	data, _ := cutWARC(t, false, 5)
	for i, bad := range map[int]string{1: "lots", 2: "-12", 3: "99999999999999999"} {
		// The i-th "Content-Length: " in the file is the header of
		// record i (a response record has no other).
		parts := bytes.SplitN(data, []byte("Content-Length: "), i+2)
		eol := bytes.IndexByte(parts[i+1], '\r')
		parts[i+1] = append([]byte(bad), parts[i+1][eol:]...)
		data = bytes.Join(parts, []byte("Content-Length: "))
	}
	path := filepath.Join(t.TempDir(), "bad.warc")
	os.WriteFile(path, data, 0o644)
	st := newStore(t)
	pr := runPass(t, context.Background(), Config{Store: st}, newsdesk.Source{Kind: newsdesk.KindWARC, URL: path})
	if pr.err != nil || pr.sourceFailure() != nil {
		t.Fatalf("pass: %v, source: %v", pr.err, pr.sourceFailure())
	}
	var reported []string
	for _, r := range pr.results {
		if !r.Page || r.Outcome != Failed {
			continue
		}
		err := r.Err
		if !errors.Is(err, warc.ErrFormat) {
			t.Errorf("failure %v, want a malformed record", err)
		}
		for _, v := range []string{`"lots"`, `"-12"`, "99999999999999999"} {
			if strings.Contains(err.Error(), v) {
				reported = append(reported, v)
			}
		}
	}
	if len(reported) != 3 || pr.stats.Failed != 3 {
		t.Errorf("reported %q of the three bad lengths; stats %+v, failures %v", reported, pr.stats, pr.failures())
	}
	want := []string{"https://news.example.com/cut/0", "https://news.example.com/cut/4"}
	if got := storedURLs(t, st); !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
}

// TestNotHTMLPages checks that sitemaps, feeds and JSON, whether read from
// disk or fetched, are reported as failed pages saying what they are, and
// not stored.
func TestNotHTMLPages(t *testing.T) {
	const sitemap = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/1</loc></url></urlset>`
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "article.html"), []byte(articleHTML("A real page", 700)), 0o644)
	os.WriteFile(filepath.Join(dir, "sitemap.html"), []byte(sitemap), 0o644)
	os.WriteFile(filepath.Join(dir, "feed.html"), []byte(rssFeed([]string{"https://a.example/2"})), 0o644)
	// XHTML is a page.
	xhtml := strings.Replace(articleHTML("An XHTML page", 701), "<!DOCTYPE html>", `<?xml version="1.0" encoding="utf-8"?>`, 1)
	os.WriteFile(filepath.Join(dir, "xhtml.html"), []byte(xhtml), 0o644)

	s := newSite(t)
	s.set("/sitemap", sitemap, "text/html") // as some servers label it
	s.set("/data.json", `{"items": [{"html": "<p>`+strings.Repeat("words ", 100)+`</p>"}]}`, "application/json")
	s.set("/story", articleHTML("A fetched page", 702), "")
	list := filepath.Join(t.TempDir(), "urls.txt")
	os.WriteFile(list, []byte(s.URL+"/sitemap\n"+s.URL+"/data.json\n"+s.URL+"/story\n"), 0o644)

	st := newStore(t)
	pr := runPass(t, context.Background(), Config{Store: st, Fetcher: testFetcher(fetch.Config{})},
		newsdesk.Source{Kind: newsdesk.KindFile, URL: dir}, newsdesk.Source{Kind: newsdesk.KindURLList, URL: list})
	if want := (Stats{Sources: 2, Pages: 7, Fetched: 3, New: 3, Failed: 4}); pr.err != nil || pr.stats != want {
		t.Errorf("stats %+v (%v), want %+v; failures %v", pr.stats, pr.err, want, pr.failures())
	}
	want := map[string]string{
		"sitemap.html":     "not an HTML page: looks like an XML sitemap",
		"feed.html":        "not an HTML page: looks like an RSS feed",
		s.URL + "/sitemap": "not an HTML page: looks like an XML sitemap",
		"/data.json":       "not an HTML page: looks like JSON",
	}
	fails := pr.failures()
	for suffix, reason := range want {
		found := false
		for u, err := range fails {
			if strings.HasSuffix(u, suffix) {
				found = true
				if !errors.Is(err, extract.ErrNotHTML) || !strings.Contains(err.Error(), reason) {
					t.Errorf("%s: %v, want %q", u, err, reason)
				}
			}
		}
		if !found {
			t.Errorf("%s not reported; failures %v", suffix, fails)
		}
	}
	var titles []string
	arts, _ := st.Articles(context.Background(), newsdesk.ArticleFilter{})
	for _, a := range arts {
		titles = append(titles, a.Title)
	}
	slices.Sort(titles)
	if wantTitles := []string{"A fetched page", "A real page", "An XHTML page"}; !slices.Equal(titles, wantTitles) {
		t.Errorf("stored %q, want %q", titles, wantTitles)
	}
}

func FuzzReadLines(f *testing.F) {
	for _, s := range []string{"", "\n", "a", "a\nb", "a\nb\n", "\n\n\n", "short\r\n" + strings.Repeat("x", 40) + "\nend",
		strings.Repeat("y", 16), strings.Repeat("y", 15) + "\n" + strings.Repeat("z", 17)} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, data []byte, extra uint8) {
		max := 16 + int(extra%48)
		// What the lines are: split at LF, no line after a final LF.
		want := strings.Split(string(data), "\n")
		if strings.HasSuffix(string(data), "\n") || len(data) == 0 {
			want = want[:len(want)-1]
		}
		var got []string
		err := readLines(bytes.NewReader(data), max, func(n int, line []byte, long bool) bool {
			if n != len(got)+1 {
				t.Fatalf("line numbered %d after %d lines", n, len(got))
			}
			if long != (len(want) >= n && len(want[n-1]) >= max) {
				t.Fatalf("line %d (%d bytes, max %d): long = %v", n, len(want[n-1]), max, long)
			}
			if long {
				if line != nil {
					t.Fatalf("long line %d given as %q", n, line)
				}
				got = append(got, want[n-1])
				return true
			}
			got = append(got, string(line))
			return true
		})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("lines of %q (max %d) = %q, want %q", data, max, got, want)
		}
		// Stopping early stops.
		calls := 0
		readLines(bytes.NewReader(data), max, func(int, []byte, bool) bool { calls++; return false })
		if calls != min(1, len(want)) {
			t.Fatalf("%d calls after fn returned false", calls)
		}
	})
}

// TestWARCCorruptRecord checks that a record whose gzip data is damaged is
// reported as a failed page, not stored from its readable start, and that
// the records around it are stored.
func TestWARCCorruptRecord(t *testing.T) {
	data, offs := cutWARC(t, true, 4)
	for _, at := range []int64{offs[1] + 200, (offs[1] + offs[2]) / 2} {
		t.Run(fmt.Sprint(at-offs[1]), func(t *testing.T) { testWARCCorruptAt(t, data, at) })
	}
}

func testWARCCorruptAt(t *testing.T, data []byte, at int64) {
	bad := bytes.Clone(data)
	for i := at; i < at+30; i++ {
		bad[i] ^= 0x55
	}
	path := filepath.Join(t.TempDir(), "damaged.warc.gz")
	os.WriteFile(path, bad, 0o644)
	st := newStore(t)
	pr := runPass(t, context.Background(), Config{Store: st}, newsdesk.Source{Kind: newsdesk.KindWARC, URL: path})
	if pr.err != nil || pr.sourceFailure() != nil {
		t.Fatalf("pass: %v, source: %v", pr.err, pr.sourceFailure())
	}
	// The damage is reported, and the bytes skipped after it as
	// malformed.
	corrupt := 0
	for _, r := range pr.results {
		switch {
		case !r.Page || r.Outcome != Failed:
		case errors.Is(r.Err, warc.ErrCorrupt):
			corrupt++
		case !errors.Is(r.Err, warc.ErrFormat):
			t.Errorf("failure %v, want corrupt or malformed data", r.Err)
		}
	}
	if corrupt == 0 {
		t.Errorf("stats %+v, no failure wrapping ErrCorrupt; failures %v", pr.stats, pr.failures())
	}
	want := []string{"https://news.example.com/cut/0", "https://news.example.com/cut/2", "https://news.example.com/cut/3"}
	if got := storedURLs(t, st); !slices.Equal(got, want) {
		t.Errorf("stored %q, want %q", got, want)
	}
}
