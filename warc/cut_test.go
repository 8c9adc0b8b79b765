package warc

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestReadResponseCut checks that a response record the input ends in is
// read up to the cut, with the cut in ReadErr, consistently for plain and
// gzip input, and that Next does not report it a second time.
func TestReadResponseCut(t *testing.T) {
	page := testPage("cut", 4000)
	for _, gz := range []bool{false, true} {
		var buf bytes.Buffer
		w := NewWriter(&buf, gz)
		h := http.Header{"Content-Type": {"text/html"}}
		for i := range 2 {
			if err := w.WriteResponse(fmt.Sprintf("https://a.example/%d", i), testDate, 200, h, page); err != nil {
				t.Fatal(err)
			}
		}
		full := buf.Bytes()
		first, _ := readBytes(t, full)
		// Cuts in the second record: in its header, in its block, and
		// in the last bytes (of the page, or of the gzip trailer).
		second, end := first.recs[1].Offset, int64(len(full))
		for _, cut := range []int64{second + (end-second)/3, second + 2*(end-second)/3, end - 8} {
			t.Run(fmt.Sprintf("gzip=%v/cut=%d", gz, cut), func(t *testing.T) {
				r, err := NewReader(bytes.NewReader(full[:cut]))
				if err != nil {
					t.Fatal(err)
				}
				var bodies [][]byte
				var errs []error
				for {
					rec, err := r.Next()
					if err == io.EOF {
						break
					}
					if err != nil {
						errs = append(errs, err)
						continue
					}
					resp, err := ReadResponse(rec)
					if err != nil {
						errs = append(errs, err)
						continue
					}
					if resp.ReadErr != nil {
						if !resp.Truncated {
							t.Errorf("ReadErr %v without Truncated", resp.ReadErr)
						}
						errs = append(errs, resp.ReadErr)
					}
					bodies = append(bodies, resp.Body)
				}
				if len(errs) != 1 || !errors.Is(errs[0], ErrTruncated) {
					t.Fatalf("errors %v, want one wrapping ErrTruncated", errs)
				}
				if len(bodies) == 0 || !bytes.Equal(bodies[0], page) {
					t.Fatalf("%d bodies; the record before the cut is not whole", len(bodies))
				}
				for _, b := range bodies[1:] {
					if !bytes.HasPrefix(page, b) {
						t.Errorf("the record cut through holds %d bytes that are not the page's start", len(b))
					}
				}
			})
		}
	}
}

// FuzzContentLength checks that a record's Content-Length is either
// right, and its block read as declared, or reported: a length that is
// not a number, is negative or absurd, runs past the end of the input, or
// leaves bytes that are not a record behind.
func FuzzContentLength(f *testing.F) {
	for _, tc := range []struct {
		length string
		block  string
	}{
		{"5", "hello"}, {"-5", "hello"}, {"five", "hello"}, {"3", "hello"}, {"7", "hello"},
		{"300", "hello"}, {"99999999999999999999", "hello"}, {"9223372036854775807", "x"},
		{"1099511627777", ""}, {" 5 ", "hello"}, {"0", ""}, {"+5", "hello"}, {"0x5", "hello"},
		{"2", "hi\r\nWARC/1.0\r\nContent-Length: 0\r\n\r\n"},
	} {
		f.Add(tc.length, []byte(tc.block), false)
		f.Add(tc.length, []byte(tc.block), true)
	}
	f.Fuzz(func(t *testing.T, length string, block []byte, gz bool) {
		if strings.ContainsAny(length, "\r\n") || len(length) > 100 || bytes.Contains(block, []byte("uuid:fuzz")) {
			return // not one header line, or a block that copies the record
		}
		tail := append(bytes.Clone(block), "\r\n\r\n"...)
		input := []byte("WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:fuzz>\r\nContent-Length: " + length + "\r\n\r\n")
		input = append(input, tail...)
		if gz {
			input = gzipBytes(input)
		}
		s, err := readBytes(t, input)
		if err != nil {
			t.Fatal(err)
		}
		n, perr := strconv.ParseInt(strings.TrimSpace(length), 10, 64)
		switch {
		case perr != nil || n < 0 || n > MaxContentLength:
			if countErrs(s.errs, ErrFormat) == 0 {
				t.Fatalf("Content-Length %q not reported: errors %v", length, s.errs)
			}
			for _, rec := range s.recs {
				if rec.ID == "<urn:uuid:fuzz>" {
					t.Fatalf("record with Content-Length %q returned", length)
				}
			}
		case n > int64(len(tail)):
			if countErrs(s.errs, ErrTruncated) == 0 {
				t.Fatalf("Content-Length %d past the end of %d bytes not reported: errors %v", n, len(tail), s.errs)
			}
		default:
			if len(s.recs) == 0 || s.recs[0].ID != "<urn:uuid:fuzz>" || !bytes.Equal(s.bodies[0], tail[:n]) {
				t.Fatalf("Content-Length %d: records %v, want the block as declared", n, s.recs)
			}
			rest := tail[n:]
			if len(bytes.TrimSpace(rest)) > 0 && !bytes.Contains(rest, []byte("WARC/")) && len(s.errs) == 0 {
				t.Fatalf("Content-Length %d of a %d-byte block: %q left over, not reported", n, len(block), rest)
			}
		}
	})
}

// TestCorruptHeaderNotTruncated checks that damaged gzip data in a record
// header is reported as corrupt, not as the end of the input, and that
// the records after it are read.
func TestCorruptHeaderNotTruncated(t *testing.T) {
	data := buildWARC(t, true, 4, 5000)
	full, _ := readBytes(t, data)
	off := full.recs[4].Offset // the second response
	inHeader := 0
	for d := int64(12); d < 400; d += 4 {
		bad := bytes.Clone(data)
		for i := off + d; i < off+d+4; i++ {
			bad[i] ^= 0x55
		}
		s, err := readBytes(t, bad)
		if err != nil {
			t.Fatal(err)
		}
		if countErrs(s.errs, ErrTruncated) > 0 {
			t.Fatalf("damage at +%d: errors %v; the input is whole, not truncated", d, s.errs)
		}
		for _, err := range s.errs {
			if errors.Is(err, ErrCorrupt) && strings.Contains(err.Error(), "in the header") {
				inHeader++
			}
		}
		if got, want := s.recs[len(s.recs)-1].ID, full.recs[len(full.recs)-1].ID; got != want {
			t.Fatalf("damage at +%d: last record %s, want %s: the records after it are lost", d, got, want)
		}
	}
	if inHeader == 0 {
		t.Error("no damage met in a record header: the test damages the wrong bytes")
	}
}
