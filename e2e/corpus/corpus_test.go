package corpus

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"newsdesk/extract"
	"newsdesk/warc"
)

// TestWriteWARC checks that the synthetic pages come back from the WARC
// file as written, that the same seed gives the same pages, and that the
// extractor reads an article in the language of its outlet from each.
func TestWriteWARC(t *testing.T) {
	pages := Synthetic(24, 7)
	if again := Synthetic(24, 7); !slices.EqualFunc(pages, again, func(a, b Page) bool {
		return a.URL == b.URL && bytes.Equal(a.Body, b.Body)
	}) {
		t.Error("Synthetic gives other pages for the same seed")
	}
	name := filepath.Join(t.TempDir(), "c.warc.gz")
	if err := WriteWARC(name, pages); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r, err := warc.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var i int
	for ; ; i++ {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		resp, err := warc.ReadResponse(rec)
		if err != nil {
			t.Fatal(err)
		}
		p := pages[i]
		if rec.TargetURI != p.URL || resp.StatusCode != 200 || !bytes.Equal(resp.Body, p.Body) {
			t.Fatalf("record %d: %s %d, %d bytes; want %s 200, %d bytes", i, rec.TargetURI, resp.StatusCode, len(resp.Body), p.URL, len(p.Body))
		}
		a, err := extract.Extract(resp.Body, extract.Options{URL: p.URL, ContentType: resp.ContentType})
		if err != nil {
			t.Fatalf("%s: %v", p.URL, err)
		}
		if o := Outlets[i%len(Outlets)]; a.Language != o.Lang || a.SiteName != o.Name || len(a.Text()) < 400 {
			t.Errorf("%s: language %q, site %q, %d characters of text; want %s, %s, 400 or more",
				p.URL, a.Language, a.SiteName, len(a.Text()), o.Lang, o.Name)
		}
	}
	if i != len(pages) {
		t.Errorf("%d records, want %d", i, len(pages))
	}
}
