package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/warc"
)

func TestPages(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	rng := rand.New(rand.NewPCG(1, 2))
	random := make([]byte, 64<<10) // does not compress
	for i := range random {
		random[i] = byte(rng.Uint32())
	}
	bodies := map[string][]byte{
		"empty":    nil,
		"tiny":     []byte("<p>hi</p>"),
		"html":     bytes.Repeat([]byte("<p>Some article text, repeated, compresses well.</p>\n"), 2000),
		"random":   random,
		"binary":   {0, 1, 2, 0xff, 0xfe, 0},
		"latin1":   []byte("<p>Caf\xe9 cr\xe8me</p>"),
		"gzip-ish": append([]byte{0x1f, 0x8b}, bytes.Repeat([]byte("x"), 1000)...),
	}
	want := map[int64][]byte{}
	var order []int64
	for _, name := range []string{"empty", "tiny", "html", "random", "binary", "latin1", "gzip-ish"} {
		u := "https://example.com/" + name
		p := &newsdesk.Page{URL: u, ContentType: "text/html", Body: bodies[name]}
		if _, _, err := s.SaveArticle(ctx, p, article(u, "", body(name))); err != nil {
			t.Fatal(err)
		}
		want[p.ID] = bodies[name]
		order = append(order, p.ID)
	}
	// More pages than one batch, to walk across batches.
	for i := range 2*pagesBatch + 3 {
		u := fmt.Sprintf("https://example.com/more/%d", i)
		p := page(u, u)
		if _, _, err := s.SaveArticle(ctx, p, article(u, "", body(u))); err != nil {
			t.Fatal(err)
		}
		want[p.ID] = p.Body
		order = append(order, p.ID)
	}

	var got []int64
	err := s.Pages(ctx, func(p *newsdesk.Page) error {
		got = append(got, p.ID)
		if !bytes.Equal(p.Body, want[p.ID]) {
			t.Errorf("page %d (%s): body of %d bytes differs from the %d stored", p.ID, p.URL, len(p.Body), len(want[p.ID]))
		}
		if p.Fetched.IsZero() || p.ContentType == "" {
			t.Errorf("page %d: fetched %v, content type %q", p.ID, p.Fetched, p.ContentType)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got) != fmt.Sprint(order) {
		t.Errorf("Pages visited %v, want %v", got, order)
	}

	// The HTML page is stored compressed.
	var size, stored int
	if err := s.r.QueryRow(`SELECT size, length(body) FROM pages WHERE url = ?`, "https://example.com/html").Scan(&size, &stored); err != nil {
		t.Fatal(err)
	}
	if stored*10 > size {
		t.Errorf("html page stored in %d bytes for %d", stored, size)
	}

	p, err := s.Page(ctx, order[3])
	if err != nil || !bytes.Equal(p.Body, random) {
		t.Errorf("Page(%d) = %v", order[3], err)
	}
	if _, err := s.Page(ctx, 1e6); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Page(missing) err = %v, want ErrNotFound", err)
	}
}

func TestPagesStopsAndWrites(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	for i := range 5 {
		u := fmt.Sprintf("https://example.com/%d", i)
		if _, _, err := s.SaveArticle(ctx, page(u, u), article(u, "", body(u))); err != nil {
			t.Fatal(err)
		}
	}
	stop := errors.New("stop")
	n := 0
	err := s.Pages(ctx, func(p *newsdesk.Page) error {
		n++
		// fn may write to the store while the walk goes on.
		if err := s.Reextract(ctx, p.ID, article(p.URL, "", body(p.URL)+"\nmore")); err != nil {
			return err
		}
		if n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Errorf("Pages = %v after %d pages; want stop after 3", err, n)
	}

	ctx, cancel := context.WithCancel(ctx)
	cancel()
	if err := s.Pages(ctx, func(*newsdesk.Page) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("Pages with a cancelled context = %v", err)
	}
}

// A page read from a WARC file is kept as its gzip-compressed record and
// reads back as the record's payload.
func TestPageWARCRecord(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	html := bytes.Repeat([]byte("<p>Archived article text, compresses well.</p>\n"), 500)
	var buf bytes.Buffer
	w := warc.NewWriter(&buf, true)
	h := http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"identity"}}
	if err := w.WriteResponse("https://example.com/a", time.Now(), 200, h, html); err != nil {
		t.Fatal(err)
	}
	p := &newsdesk.Page{URL: "https://example.com/a", Body: html, WARC: buf.Bytes()}
	if _, _, err := s.SaveArticle(ctx, p, article(p.URL, "", body("a"))); err != nil {
		t.Fatal(err)
	}
	var enc string
	var n int
	if err := s.r.QueryRowContext(ctx, `SELECT encoding, length(body) FROM pages WHERE id = ?`, p.ID).Scan(&enc, &n); err != nil {
		t.Fatal(err)
	}
	if enc != encWARC || n != buf.Len() {
		t.Errorf("stored as %q, %d bytes; want %q, %d", enc, n, encWARC, buf.Len())
	}
	got, err := s.Page(ctx, p.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Body, html) {
		t.Errorf("body read back: %d bytes, want %d", len(got.Body), len(html))
	}

	// Payloads sent chunked or gzip-coded read back as the decoded page.
	var chunked bytes.Buffer
	for rest := html; len(rest) > 0; {
		n := min(len(rest), 1000)
		fmt.Fprintf(&chunked, "%x\r\n%s\r\n", n, rest[:n])
		rest = rest[n:]
	}
	chunked.WriteString("0\r\n\r\n")
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write(html)
	zw.Close()
	for name, tc := range map[string]struct {
		header  http.Header
		payload []byte
	}{
		"chunked": {http.Header{"Content-Type": {"text/html"}, "Transfer-Encoding": {"chunked"}}, chunked.Bytes()},
		"gzip":    {http.Header{"Content-Type": {"text/html"}, "Content-Encoding": {"gzip"}}, zipped.Bytes()},
	} {
		var rec bytes.Buffer
		if err := warc.NewWriter(&rec, true).WriteResponse("https://example.com/"+name, time.Now(), 200, tc.header, tc.payload); err != nil {
			t.Fatal(err)
		}
		p := &newsdesk.Page{URL: "https://example.com/" + name, Body: html, WARC: rec.Bytes()}
		if _, _, err := s.SaveArticle(ctx, p, article(p.URL, "", body(name))); err != nil {
			t.Fatal(err)
		}
		got, err := s.Page(ctx, p.ID)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !bytes.Equal(got.Body, html) {
			t.Errorf("%s: body read back: %d bytes, want %d", name, len(got.Body), len(html))
		}
	}

	// A record whose payload is not the page is an error on reading, not
	// a wrong page.
	if _, err := warcPayload(buf.Bytes(), int64(len(html)-1)); err == nil {
		t.Error("payload of the wrong size read without error")
	}
	if _, err := warcPayload(buf.Bytes()[:buf.Len()/2], int64(len(html))); err == nil {
		t.Error("half a record read without error")
	}
}

// A page without article is stored once per URL, counts as seen until
// EmptyPageRetry has passed since it was fetched, and gets its article
// when it is extracted again.
func TestSavePage(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	old := time.Now().Add(-EmptyPageRetry - time.Hour)
	p := &newsdesk.Page{URL: "https://example.com/video?utm_source=feed", Fetched: old, Body: []byte("<html><body><video></video></body></html>")}
	if err := s.SavePage(ctx, p); err != nil || p.ID == 0 {
		t.Fatalf("SavePage: id %d, %v", p.ID, err)
	}
	if seen, err := s.SeenURL(ctx, "https://example.com/video"); seen || err != nil {
		t.Errorf("SeenURL of a page without article fetched long ago: %v, %v; want false", seen, err)
	}
	// Fetched again, still without article: the same row, fetched now.
	again := &newsdesk.Page{URL: "https://example.com/video", Body: []byte("<html><body><p>consent</p></body></html>")}
	if err := s.SavePage(ctx, again); err != nil || again.ID != p.ID {
		t.Errorf("second SavePage of the same URL: id %d, %v; want the row %d renewed", again.ID, err, p.ID)
	}
	if seen, err := s.SeenURL(ctx, "https://example.com/video"); !seen || err != nil {
		t.Errorf("SeenURL after a fresh fetch: %v, %v; want true", seen, err)
	}
	if _, pages, _, err := s.Count(ctx); pages != 1 || err != nil {
		t.Errorf("pages stored: %d, %v; want 1", pages, err)
	}
	got, err := s.Page(ctx, p.ID)
	if err != nil || !bytes.Equal(got.Body, again.Body) || got.Fetched.Before(old.Add(time.Hour)) {
		t.Errorf("renewed page: %v, %q, fetched %v", err, got.Body, got.Fetched)
	}
	if err := s.Reextract(ctx, p.ID, article("https://example.com/video", "", body("video"))); err != nil {
		t.Fatal(err)
	}
	if arts, _, _, err := s.Count(ctx); arts != 1 || err != nil {
		t.Errorf("articles after re-extraction: %d, %v; want 1", arts, err)
	}
	// A page with an article is not replaced by an empty fetch.
	empty := &newsdesk.Page{URL: "https://example.com/video", Body: []byte("<html></html>")}
	if err := s.SavePage(ctx, empty); err != nil || empty.ID != 0 {
		t.Errorf("SavePage over a page with an article: id %d, %v; want nothing stored", empty.ID, err)
	}
}
