// Package corpus makes news pages for the end-to-end tests and the load
// test of newsdesk, and writes them into WARC files that "newsdesk ingest"
// reads: pages from a directory put under an outlet's made-up URL
// (FromDir), and synthetic German and English articles in any number
// (Synthetic).
package corpus

import (
	"bufio"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"strings"
	"time"

	"newsdesk/warc"
)

// Page is one fetched HTML page.
type Page struct {
	URL  string    // where it was fetched from
	Date time.Time // when
	Body []byte    // the HTML, UTF-8 unless it says otherwise
}

// captured is the capture date of pages that have none.
var captured = time.Date(2026, 11, 26, 12, 0, 0, 0, time.UTC)

// FromDir returns the *.html files under dir as pages of the site at
// base: dir/politik/haushalt.html becomes base + "/politik/haushalt". The
// pages are in lexical order of their paths.
func FromDir(dir, base string) ([]Page, error) {
	var pages []Page
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		u := strings.TrimSuffix(base, "/") + "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".html")
		pages = append(pages, Page{URL: u, Date: captured, Body: body})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("corpus: %w", err)
	}
	return pages, nil
}

// WriteWARC writes pages as HTTP 200 response records into a new WARC
// file at name, gzipped record by record if name ends in ".gz".
func WriteWARC(name string, pages []Page) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("corpus: %w", cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<16)
	w := warc.NewWriter(bw, strings.HasSuffix(name, ".gz"))
	for _, p := range pages {
		h := http.Header{}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Length", fmt.Sprint(len(p.Body)))
		if err := w.WriteResponse(p.URL, p.Date, http.StatusOK, h, p.Body); err != nil {
			return fmt.Errorf("corpus: %s: %w", path.Base(name), err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	return nil
}
