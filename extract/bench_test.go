package extract

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/net/html"
)

// benchPages returns the committed test pages, plus up to 200 pages of the
// shared development data when it is present beside the repository.
func benchPages(b *testing.B) [][]byte {
	var pages [][]byte
	files, _ := filepath.Glob("testdata/*.html")
	shared, _ := filepath.Glob("../../shared/data/extraction/scrapinghub/html/*.html.gz")
	if len(shared) > 200 {
		shared = shared[:200]
	}
	for _, f := range append(files, shared...) {
		raw, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		if filepath.Ext(f) == ".gz" {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				b.Fatal(err)
			}
			if raw, err = io.ReadAll(zr); err != nil {
				b.Fatal(err)
			}
		}
		pages = append(pages, raw)
	}
	return pages
}

func BenchmarkExtract(b *testing.B) {
	pages := benchPages(b)
	var n int64
	for _, p := range pages {
		n += int64(len(p))
	}
	b.SetBytes(n / int64(len(pages)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Extract(pages[i%len(pages)], Options{})
	}
}

// BenchmarkParse is the floor: x/net/html parsing alone on the same pages.
func BenchmarkParse(b *testing.B) {
	pages := benchPages(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		html.Parse(bytes.NewReader(pages[i%len(pages)]))
	}
}
