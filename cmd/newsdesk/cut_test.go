package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/warc"
)

// TestIngestCutWARC ingests a .warc and a .warc.gz cut short in their last
// record: the pass says the archive is truncated and exits 1, and the
// records before the cut are stored.
func TestIngestCutWARC(t *testing.T) {
	for _, gz := range []bool{false, true} {
		name := "cut.warc"
		if gz {
			name += ".gz"
		}
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			w := warc.NewWriter(&buf, gz)
			h := http.Header{"Content-Type": {"text/html; charset=utf-8"}}
			date := time.Date(2024, 4, 2, 9, 0, 0, 0, time.UTC)
			var last int
			for i := range 5 {
				last = buf.Len()
				if err := w.WriteResponse(fmt.Sprintf("https://times.example/cut/%d", i), date, 200, h, []byte(newsPage(i))); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(t.TempDir(), name)
			cut := last + (buf.Len()-last)/2
			if err := os.WriteFile(path, buf.Bytes()[:cut], 0o644); err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			r := run(t, nil, "ingest", "--data", dir, "--no-index", path)
			r.mustCode(t, 1)
			if !strings.Contains(r.stderr, "source "+path+": warc: truncated") {
				t.Errorf("stderr does not say the archive is truncated:\n%s", r.stderr)
			}
			if !strings.Contains(r.stdout, "1 of 1 sources failed") {
				t.Errorf("summary: %s", r.stdout)
			}
			r = run(t, nil, "articles", "--data", dir, "--csv")
			r.mustCode(t, 0)
			for i := range 4 {
				if u := fmt.Sprintf("https://times.example/cut/%d,", i); !strings.Contains(r.stdout, u) {
					t.Errorf("record %d, before the cut, not stored:\n%.500s", i, r.stdout)
				}
			}
		})
	}
}

// TestIngestURLListLongLine ingests a list of URLs with a line longer
// than any URL: the line is reported with its number, and the URLs after
// it are read.
func TestIngestURLListLongLine(t *testing.T) {
	srv := newsServer(t, 3, 0)
	list := filepath.Join(t.TempDir(), "urls.txt")
	lines := []string{srv.URL + "/story/0", srv.URL + "/" + strings.Repeat("a", 100<<10), srv.URL + "/story/1", srv.URL + "/story/2"}
	os.WriteFile(list, []byte(strings.Join(lines, "\n")+"\n"), 0o644)
	dir := t.TempDir()
	r := run(t, nil, "ingest", "--data", dir, "--no-index", "--allow-private-networks", list)
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 3, new 3, updated 0, duplicates 0, failed 1") {
		t.Errorf("summary: %s%s", r.stdout, r.stderr)
	}
	if want := list + ": line 2 is longer than"; !strings.Contains(r.stderr, want) {
		t.Errorf("stderr lacks %q:\n%.400s", want, r.stderr)
	}
}
