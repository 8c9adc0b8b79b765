package warc

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

// fuzzSeeds returns small WARC inputs: generated ones, and the small shared
// test files when they are present.
func fuzzSeeds(t testing.TB) [][]byte {
	seeds := [][]byte{
		[]byte(plainRecords),
		gzipBytes([]byte(plainRecords)),
		buildWARC(t, false, 2, 300),
		buildWARC(t, true, 2, 300),
		[]byte("WARC/1.0\r\nContent-Length: 99999999999\r\n\r\nx"),
		[]byte("WARC/1.1\r\n\r\n"),
		{0x1f, 0x8b, 0x08, 0x04, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff},
		[]byte("garbage\x1f\x8b\x08"),
	}
	files, _ := filepath.Glob(filepath.Join(sharedDir, "*", "*"))
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil && fi.Size() < 8<<10 && filepath.Ext(f) != ".md" {
			if b, err := os.ReadFile(f); err == nil {
				seeds = append(seeds, b)
			}
		}
	}
	return seeds
}

func FuzzReader(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			return
		}
		r.MaxBodySize = 1 << 16
		r.MaxHeaderSize = 1 << 16
		r.KeepMembers = len(data)%2 == 0
		for i := 0; ; i++ {
			// Every call consumes input, so a stream of n bytes cannot
			// yield many more than n results.
			if i > len(data)+10 {
				t.Fatalf("no io.EOF after %d calls", i)
			}
			rec, err := r.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				if rec != nil {
					t.Fatal("record returned with error")
				}
				continue
			}
			if rec.ContentLength < 0 {
				t.Fatalf("negative ContentLength %d", rec.ContentLength)
			}
			if i%3 == 0 {
				// A member is a whole gzip member of the input.
				if m := r.Member(); m != nil {
					if len(m) < 18 || m[0] != 0x1f || !bytes.Contains(data, m) {
						t.Fatalf("Member gave %d bytes that are not a member of the input", len(m))
					}
					// The member read alone holds the same record.
					mr, err := NewReader(bytes.NewReader(m))
					if err != nil {
						t.Fatalf("member: %v", err)
					}
					if got, err := mr.Next(); err != nil || got.ID != rec.ID || got.ContentLength != rec.ContentLength {
						t.Fatalf("member holds %+v, %v; want record %s", got, err, rec.ID)
					}
				}
			}
			if i%2 == 0 {
				continue // leave the body for Next to skip
			}
			if rec.Type == TypeResponse || rec.Type == TypeRevisit {
				if resp, err := ReadResponseLimit(rec, 1<<16); err == nil && len(resp.Body) > 1<<16 {
					t.Fatalf("body of %d bytes over the cap", len(resp.Body))
				}
				continue
			}
			n, _ := io.Copy(io.Discard, rec.Body)
			if n > rec.ContentLength || n > r.MaxBodySize {
				t.Fatalf("read %d body bytes, Content-Length %d", n, rec.ContentLength)
			}
		}
		if _, err := r.Next(); err != io.EOF {
			t.Fatalf("Next after io.EOF = %v", err)
		}
	})
}

func FuzzReadResponse(f *testing.F) {
	seeds := []string{
		"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html></html>",
		"HTTP/1.0 404\nDate: Tue, 05 Mar 2024 10:30:00 GMT\n\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
		"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nhello\r\n",
		"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n" + string(gzipBytes([]byte("<p>hi</p>"))),
		"HTTP/1.1 200 OK\r\nContent-Encoding: deflate, br\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n",
		"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x0b\x02\x80hello\x03",
		"\r\nhttp/1.1 301 Moved\r\nLocation: /x\r\n y\r\n\r\n",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const max = 1 << 12
		rec := &Record{Type: TypeResponse, ContentType: "application/http", Body: bytes.NewReader(data)}
		resp, err := ReadResponseLimit(rec, max)
		if err != nil {
			return
		}
		if len(resp.Body) > max {
			t.Fatalf("body of %d bytes over the cap", len(resp.Body))
		}
		if resp.StatusCode < 0 || resp.StatusCode > 999 {
			t.Fatalf("status %d", resp.StatusCode)
		}
	})
}
