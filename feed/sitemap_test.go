package feed

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseSitemapGolden(t *testing.T) {
	for _, p := range inputs(t, "sitemap") {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			sm, err := ParseSitemap(bytes.NewReader(b))
			if strings.HasPrefix(filepath.Base(p), "not-sitemap") {
				if !errors.Is(err, ErrNotSitemap) {
					t.Errorf("err = %v, want ErrNotSitemap", err)
				}
			} else if err != nil {
				t.Errorf("unexpected error: %v", err)
			}
			checkGolden(t, p, sm, err)
		})
	}
}

func TestParseSitemapFields(t *testing.T) {
	b, err := os.ReadFile("testdata/sitemap/news.xml")
	if err != nil {
		t.Fatal(err)
	}
	sm, err := ParseSitemap(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if sm.Kind != KindURLSet || len(sm.URLs) != 3 || sm.Truncated {
		t.Fatalf("got kind %q, %d URLs, truncated %v", sm.Kind, len(sm.URLs), sm.Truncated)
	}
	n := sm.URLs[0].News
	switch {
	case n == nil:
		t.Fatal("news:news missing")
	case n.PublicationName != "Tagesblatt Süd" || n.Language != "de":
		t.Errorf("publication = %q, %q", n.PublicationName, n.Language)
	case strings.Join(n.Keywords, "|") != "München|Verkehr|Radfahrer|Isar":
		t.Errorf("keywords = %q", n.Keywords)
	case n.PublicationDate.IsZero():
		t.Error("publication date missing")
	}
	if got := sm.URLs[2].Loc; got != "https://www.tagesblatt-sued.example/impressum" {
		t.Errorf("loc not trimmed: %q", got)
	}
}

func TestParseSitemapErrors(t *testing.T) {
	tests := []struct{ name, in string }{
		{"empty", ""},
		{"text", "hello"},
		{"rss", "<rss><channel/></rss>"},
		{"atom", "<feed xmlns='http://www.w3.org/2005/Atom'/>"},
		{"html", "<!DOCTYPE html><html></html>"},
		{"other root", "<svg/>"},
		{"broken gzip", "\x1f\x8b\x08\x00junk"},
		{"broken before root", "<?xml version='1.0'?><!-- unterminated"},
	}
	for _, tc := range tests {
		sm, err := ParseSitemap(strings.NewReader(tc.in))
		if !errors.Is(err, ErrNotSitemap) || sm != nil {
			t.Errorf("%s: ParseSitemap = %v, %v; want ErrNotSitemap", tc.name, sm, err)
		}
	}
}

// urlsetReader streams a URL set of n entries without holding it in
// memory.
func urlsetReader(n int) io.Reader {
	rs := []io.Reader{strings.NewReader(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)}
	const chunk = 1000
	for i := 0; i < n; i += chunk {
		var sb strings.Builder
		for j := i; j < min(n, i+chunk); j++ {
			fmt.Fprintf(&sb, "<url><loc>https://x.example/%d</loc></url>\n", j)
		}
		rs = append(rs, strings.NewReader(sb.String()))
	}
	rs = append(rs, strings.NewReader("</urlset>"))
	return io.MultiReader(rs...)
}

func TestParseSitemapEntryCap(t *testing.T) {
	tests := []struct {
		n         int
		want      int
		truncated bool
	}{
		{MaxSitemapEntries, MaxSitemapEntries, false},
		{MaxSitemapEntries + 1, MaxSitemapEntries, true},
		{MaxSitemapEntries + 5000, MaxSitemapEntries, true},
	}
	for _, tc := range tests {
		sm, err := ParseSitemap(urlsetReader(tc.n))
		if err != nil {
			t.Fatal(err)
		}
		if len(sm.URLs) != tc.want || sm.Truncated != tc.truncated {
			t.Errorf("%d entries: got %d, truncated %v; want %d, %v", tc.n, len(sm.URLs), sm.Truncated, tc.want, tc.truncated)
		}
	}
}

// repeatReader yields b over and over, n bytes in all.
type repeatReader struct {
	b    []byte
	left int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.left <= 0 {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && int64(n) < r.left {
		n += copy(p[n:min(len(p), n+int(r.left))], r.b)
	}
	r.left -= int64(n)
	return n, nil
}

func TestParseSitemapSizeCap(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 50 MB")
	}
	// A gzip bomb: 60 MB of padding after one entry, compressed.
	var buf bytes.Buffer
	zw := newGzip(&buf)
	io.WriteString(zw, `<urlset><url><loc>https://x.example/a</loc></url>`)
	io.Copy(zw, &repeatReader{b: []byte("<!-- padding padding padding -->\n"), left: 60 << 20})
	io.WriteString(zw, `<url><loc>https://x.example/b</loc></url></urlset>`)
	zw.Close()
	sm, err := ParseSitemap(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !sm.Truncated || len(sm.URLs) != 1 {
		t.Errorf("got %d URLs, truncated %v; want 1, true", len(sm.URLs), sm.Truncated)
	}
}

func TestParseSitemapHostile(t *testing.T) {
	in := "<urlset><url>" + strings.Repeat("<x>", 200_000)
	sm, err := ParseSitemap(strings.NewReader(in))
	if err != nil || !sm.Truncated {
		t.Errorf("deep: %v, %v", sm, err)
	}
	in = "<urlset><url><loc>https://x.example/</loc>" + strings.Repeat("<image:image><image:loc>i</image:loc></image:image>", 50_000) + "</url></urlset>"
	sm, err = ParseSitemap(strings.NewReader(in))
	if err != nil || len(sm.URLs) != 1 || len(sm.URLs[0].Images) > maxList {
		t.Errorf("wide: %v", err)
	}
}
