package warc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sharedDir holds real and damaged WARC files from public test suites. It
// lives outside the repository; tests that need it skip when it is absent.
const sharedDir = "../../shared/data/warc"

func sharedFile(t testing.TB, name string) string {
	t.Helper()
	path := filepath.Join(sharedDir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("shared test data not available: %v", err)
	}
	return path
}

// summary is what reading a whole WARC stream yields.
type summary struct {
	recs   []*Record // Body is nil; bodies are in bodies
	bodies [][]byte
	errs   []error // errors from Next and from reading bodies
}

func (s *summary) types() map[string]int {
	m := map[string]int{}
	for _, r := range s.recs {
		m[r.Type]++
	}
	return m
}

// readStream reads every record of r, bodies included, failing the test if
// the reader does not make progress.
func readStream(t testing.TB, r *Reader, limit int) *summary {
	t.Helper()
	s := &summary{}
	for i := 0; ; i++ {
		if i > limit {
			t.Fatalf("Next called %d times without io.EOF", i)
		}
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if rec != nil {
				t.Fatalf("Next returned a record with error %v", err)
			}
			s.errs = append(s.errs, err)
			continue
		}
		body, err := io.ReadAll(rec.Body)
		if err != nil {
			s.errs = append(s.errs, err)
		}
		rec.Body = nil
		s.recs = append(s.recs, rec)
		s.bodies = append(s.bodies, body)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Fatalf("Next after io.EOF = %v, want io.EOF", err)
	}
	return s
}

func readBytes(t testing.TB, data []byte) (*summary, error) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return readStream(t, r, len(data)+10), nil
}

// countErrs counts the errors in errs that wrap target.
func countErrs(errs []error, target error) int {
	n := 0
	for _, err := range errs {
		if errors.Is(err, target) {
			n++
		}
	}
	return n
}

// testPage is an HTML page of roughly n bytes.
func testPage(title string, n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!doctype html>\n<html><head><title>%s</title></head><body>\n", title)
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "<p>Paragraph %d of %s: the council met on Tuesday to discuss the budget.</p>\n", i, title)
	}
	b.WriteString("</body></html>\n")
	return b.Bytes()
}

var testDate = time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC)

// buildWARC writes n response records, each preceded by a request record,
// after a warcinfo record.
func buildWARC(t testing.TB, gz bool, n, pageSize int) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, gz)
	err := w.WriteRecord(&Record{
		Type: TypeWarcinfo, Date: testDate, ContentType: "application/warc-fields",
		Body: strings.NewReader("software: newsdesk test\r\nformat: WARC File Format 1.1\r\n"),
	})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		uri := fmt.Sprintf("https://news.example.com/story/%d", i)
		req := fmt.Sprintf("GET /story/%d HTTP/1.1\r\nHost: news.example.com\r\n\r\n", i)
		err := w.WriteRecord(&Record{
			Type: TypeRequest, TargetURI: uri, Date: testDate,
			ContentType: "application/http; msgtype=request", Body: strings.NewReader(req),
		})
		if err != nil {
			t.Fatal(err)
		}
		h := http.Header{}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Date", testDate.Format(http.TimeFormat))
		if err := w.WriteResponse(uri, testDate, 200, h, testPage(uri, pageSize)); err != nil {
			t.Fatal(err)
		}
	}
	return buf.Bytes()
}
