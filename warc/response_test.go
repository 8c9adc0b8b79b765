package warc

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func httpRecord(payload string) *Record {
	return &Record{
		Type:        TypeResponse,
		ContentType: "application/http; msgtype=response",
		Body:        strings.NewReader(payload),
	}
}

func compress(t *testing.T, coding string, data string) string {
	t.Helper()
	var b bytes.Buffer
	var w io.WriteCloser
	switch coding {
	case "gzip":
		w = gzip.NewWriter(&b)
	case "zlib":
		w = zlib.NewWriter(&b)
	case "flate":
		w, _ = flate.NewWriter(&b, flate.DefaultCompression)
	case "br":
		w = brotli.NewWriter(&b)
	}
	if _, err := io.WriteString(w, data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func chunk(parts ...string) string {
	var b strings.Builder
	for _, p := range parts {
		fmt.Fprintf(&b, "%x\r\n%s\r\n", len(p), p)
	}
	b.WriteString("0\r\n\r\n")
	return b.String()
}

func TestReadResponse(t *testing.T) {
	page := "<html><body>Hello, world. Hello, world. Hello, world.</body></html>"
	tests := []struct {
		name        string
		payload     string
		max         int64
		status      int
		reason      string
		body        string
		contentType string
		truncated   bool
		badChunking bool
		undecoded   bool
		check       func(t *testing.T, r *Response)
	}{
		{name: "plain", payload: "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + page,
			status: 200, reason: "OK", body: page, contentType: "text/html"},
		{name: "bare-lf", payload: "HTTP/1.0 404 Not Found\nContent-Type: TEXT/HTML\n\n" + page,
			status: 404, reason: "Not Found", body: page, contentType: "text/html"},
		{name: "no-reason", payload: "HTTP/1.1 200\r\n\r\n" + page, status: 200, body: page},
		{name: "no-header-end", payload: "HTTP/1.1 304 Not Modified\r\nETag: x\r\n", status: 304, reason: "Not Modified"},
		{name: "leading-blank", payload: "\r\nHTTP/1.1 200 OK\r\n\r\n" + page, status: 200, reason: "OK", body: page},
		{name: "duplicate-headers", payload: "HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nset-cookie: b=2\r\nContent-Type: text/plain\r\nContent-Type: text/html\r\n\r\nx",
			status: 200, reason: "OK", body: "x", contentType: "text/plain",
			check: func(t *testing.T, r *Response) {
				if got := r.Header.Values("Set-Cookie"); len(got) != 2 {
					t.Errorf("Set-Cookie = %q", got)
				}
			}},
		{name: "folded-and-junk-lines", payload: "HTTP/1.1 200 OK\r\nX-Long: a\r\n  b\r\nthis line has no colon\r\n: empty name\r\n\r\nx",
			status: 200, reason: "OK", body: "x",
			check: func(t *testing.T, r *Response) {
				if got := r.Header.Get("X-Long"); got != "a b" {
					t.Errorf("X-Long = %q", got)
				}
				if len(r.Header) != 1 {
					t.Errorf("Header = %v", r.Header)
				}
			}},
		{name: "dates", payload: "HTTP/1.1 200 OK\r\nDate: Tue, 05 Mar 2024 10:30:00 GMT\r\nLast-Modified: Monday, 04-Mar-24 09:00:00 GMT\r\n\r\n",
			status: 200, reason: "OK",
			check: func(t *testing.T, r *Response) {
				if !r.Date.Equal(time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC)) {
					t.Errorf("Date = %v", r.Date)
				}
				if !r.LastModified.Equal(time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)) {
					t.Errorf("LastModified = %v", r.LastModified)
				}
			}},
		{name: "bad-dates", payload: "HTTP/1.1 200 OK\r\nDate: soon\r\n\r\n", status: 200, reason: "OK",
			check: func(t *testing.T, r *Response) {
				if !r.Date.IsZero() {
					t.Errorf("Date = %v", r.Date)
				}
			}},
		{name: "chunked", payload: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(page[:10], page[10:]),
			status: 200, reason: "OK", body: page},
		{name: "chunked-ext-lf-trailer", payload: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=v\nhello\n0\nX-Trailer: 1\n\n",
			status: 200, reason: "OK", body: "hello"},
		{name: "chunked-truncated", payload: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(page)[:30],
			status: 200, reason: "OK", body: page[:30-4], truncated: true},
		{name: "chunked-but-not", payload: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + page,
			status: 200, reason: "OK", body: page, badChunking: true},
		{name: "chunked-wrong-size", payload: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n",
			status: 200, reason: "OK", body: "3\r\nhello\r\n0\r\n\r\n", badChunking: true},
		{name: "gzip", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + compress(t, "gzip", page),
			status: 200, reason: "OK", body: page},
		{name: "x-gzip-chunked", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: x-gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk(compress(t, "gzip", page)),
			status: 200, reason: "OK", body: page},
		{name: "deflate-zlib", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + compress(t, "zlib", page),
			status: 200, reason: "OK", body: page},
		{name: "deflate-raw", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n" + compress(t, "flate", page),
			status: 200, reason: "OK", body: page},
		{name: "br", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n" + compress(t, "br", page),
			status: 200, reason: "OK", body: page},
		{name: "gzip-then-br", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip, br\r\n\r\n" + compress(t, "br", compress(t, "gzip", page)),
			status: 200, reason: "OK", body: page},
		{name: "gzip-but-plain", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + page,
			status: 200, reason: "OK", body: page, undecoded: true},
		{name: "br-but-plain", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n" + page,
			status: 200, reason: "OK", body: page, undecoded: true},
		{name: "unknown-coding", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: zstd\r\n\r\n" + page,
			status: 200, reason: "OK", body: page, undecoded: true},
		{name: "gzip-truncated", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + halve(compress(t, "gzip", testPageString(50))),
			status: 200, reason: "OK", truncated: true,
			check: func(t *testing.T, r *Response) {
				if len(r.Body) == 0 || !strings.HasPrefix(testPageString(50), string(r.Body)) || r.Undecoded || r.DecodeErr == nil {
					t.Errorf("partial body %q, undecoded %v, err %v", r.Body, r.Undecoded, r.DecodeErr)
				}
			}},
		{name: "gzip-empty-body", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n", status: 200, reason: "OK"},
		{name: "cap", payload: "HTTP/1.1 200 OK\r\n\r\n" + page, max: 10, status: 200, reason: "OK", body: page[:10], truncated: true},
		{name: "cap-decoded", payload: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + compress(t, "gzip", strings.Repeat(page, 1000)),
			max: 1000, status: 200, reason: "OK", body: strings.Repeat(page, 1000)[:1000], truncated: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			max := tt.max
			if max == 0 {
				max = DefaultMaxResponseBody
			}
			r, err := ReadResponseLimit(httpRecord(tt.payload), max)
			if err != nil {
				t.Fatal(err)
			}
			if r.StatusCode != tt.status || r.Reason != tt.reason {
				t.Errorf("status = %d %q, want %d %q", r.StatusCode, r.Reason, tt.status, tt.reason)
			}
			if tt.check == nil && string(r.Body) != tt.body {
				t.Errorf("body = %q, want %q", r.Body, tt.body)
			}
			if tt.contentType != "" && r.ContentType != tt.contentType {
				t.Errorf("ContentType = %q, want %q", r.ContentType, tt.contentType)
			}
			if r.Truncated != tt.truncated || r.BadChunking != tt.badChunking || r.Undecoded != tt.undecoded {
				t.Errorf("Truncated, BadChunking, Undecoded = %v, %v, %v; want %v, %v, %v (DecodeErr %v)",
					r.Truncated, r.BadChunking, r.Undecoded, tt.truncated, tt.badChunking, tt.undecoded, r.DecodeErr)
			}
			if (tt.badChunking || tt.undecoded) && r.DecodeErr == nil {
				t.Error("DecodeErr is nil")
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestReadResponseErrors(t *testing.T) {
	tests := []struct {
		name string
		rec  *Record
	}{
		{"request", &Record{Type: TypeRequest, ContentType: "application/http; msgtype=request", Body: strings.NewReader("GET / HTTP/1.1\r\n\r\n")}},
		{"dns", &Record{Type: TypeResponse, ContentType: "text/dns", Body: strings.NewReader("20080430204825\n")}},
		{"not-http", httpRecord("<html>no status line</html>")},
		{"bad-status", httpRecord("HTTP/1.1 2OO OK\r\n\r\n")},
		{"empty", httpRecord("")},
		{"nil-body", &Record{Type: TypeResponse}},
	}
	for _, tt := range tests {
		if _, err := ReadResponse(tt.rec); !errors.Is(err, ErrNotHTTP) {
			t.Errorf("%s: error = %v, want ErrNotHTTP", tt.name, err)
		}
	}
	big := httpRecord("HTTP/1.1 200 OK\r\nX: " + strings.Repeat("a", 2<<20) + "\r\n\r\n")
	if _, err := ReadResponse(big); err == nil {
		t.Error("2 MB header accepted")
	}
}

// TestReadResponseShared checks ReadResponse on real captures.
func TestReadResponseShared(t *testing.T) {
	first := func(t *testing.T, file string, typ string) *Response {
		t.Helper()
		f, err := os.Open(sharedFile(t, file))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		r, err := NewReader(f)
		if err != nil {
			t.Fatal(err)
		}
		for {
			rec, err := r.Next()
			if err != nil {
				t.Fatalf("no %s record: %v", typ, err)
			}
			if rec.Type == typ {
				resp, err := ReadResponse(rec)
				if err != nil {
					t.Fatal(err)
				}
				return resp
			}
		}
	}
	t.Run("content-encodings", func(t *testing.T) {
		none := first(t, "ukwa-webarchive-discovery/transfer_compression_none.warc.gz", TypeResponse)
		for _, file := range []string{"transfer_compression_gzip.warc.gz", "transfer_compression_brotli.warc.gz"} {
			resp := first(t, "ukwa-webarchive-discovery/"+file, TypeResponse)
			if !bytes.Equal(resp.Body, none.Body) || resp.Undecoded || resp.Truncated {
				t.Errorf("%s: body %q (undecoded %v, err %v), want %q", file, resp.Body, resp.Undecoded, resp.DecodeErr, none.Body)
			}
		}
		if none.ContentType != "text/html" || none.StatusCode != 200 {
			t.Errorf("status %d, type %q", none.StatusCode, none.ContentType)
		}
	})
	t.Run("chunked", func(t *testing.T) {
		resp := first(t, "webrecorder-warcio/example-iana.org-chunked.warc", TypeResponse)
		if resp.BadChunking || !bytes.HasSuffix(bytes.TrimSpace(resp.Body), []byte("</html>")) {
			t.Errorf("badChunking %v, body ends %q", resp.BadChunking, resp.Body[max(0, len(resp.Body)-40):])
		}
	})
	t.Run("stored-decoded", func(t *testing.T) {
		// ClueWeb09 stored bodies decoded but kept Content-Encoding: gzip.
		resp := first(t, "chatnoir-resiliparse/clueweb-quirk.warc.gz", TypeResponse)
		if !resp.Undecoded || !bytes.HasPrefix(resp.Body, []byte("<html>")) {
			t.Errorf("undecoded %v, body %q", resp.Undecoded, resp.Body[:20])
		}
	})
	t.Run("truncated-gzip-payload", func(t *testing.T) {
		resp := first(t, "webrecorder-warcio/example-trunc.warc", TypeResponse)
		if !resp.Truncated || !bytes.Contains(resp.Body, []byte("Example Domain")) {
			t.Errorf("truncated %v, body %q", resp.Truncated, resp.Body)
		}
	})
	t.Run("clipped-news-article", func(t *testing.T) {
		resp := first(t, "chatnoir-resiliparse/clipped.warc.gz", TypeResponse)
		if !resp.Truncated || resp.ContentType != "text/html" || !bytes.Contains(resp.Body, []byte("<html")) {
			t.Errorf("truncated %v, type %q", resp.Truncated, resp.ContentType)
		}
		if want := time.Date(2016, 10, 17, 0, 0, 0, 0, time.UTC); resp.Date.Truncate(24*time.Hour) != want {
			t.Errorf("Date = %v", resp.Date)
		}
	})
	t.Run("revisit", func(t *testing.T) {
		resp := first(t, "webrecorder-warcio/example.warc", TypeRevisit)
		if resp.StatusCode != 200 || len(resp.Body) != 0 || resp.Undecoded {
			t.Errorf("status %d, body %d bytes, undecoded %v", resp.StatusCode, len(resp.Body), resp.Undecoded)
		}
	})
}

func TestDechunkHeader(t *testing.T) {
	h := http.Header{}
	h.Add("Transfer-Encoding", "gzip, Chunked")
	if !hasToken(h.Values("Transfer-Encoding"), "chunked") {
		t.Error("chunked not found")
	}
}

func halve(s string) string { return s[:len(s)/2] }

func testPageString(kb int) string { return string(testPage("gzip", kb<<10)) }
