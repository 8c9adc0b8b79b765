package warc

import (
	"bytes"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestWriterRoundTrip(t *testing.T) {
	for _, gz := range []bool{false, true} {
		var buf bytes.Buffer
		w := NewWriter(&buf, gz)
		date := time.Date(2024, 3, 5, 10, 30, 0, 123000000, time.UTC)
		page := testPage("round trip", 5000)
		h := http.Header{}
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Last-Modified", "Mon, 04 Mar 2024 09:00:00 GMT")
		if err := w.WriteResponse("https://news.example.com/a", date, 200, h, page); err != nil {
			t.Fatal(err)
		}
		rev := &Record{
			Type: TypeRevisit, Version: "1.0", ID: "<urn:uuid:0f4b7c1e-8d3a-4b5e-9c2f-1a2b3c4d5e6f>",
			TargetURI: "https://news.example.com/a", Date: date.Add(time.Hour),
			RefersToTargetURI: "https://news.example.com/a", RefersToDate: date,
			Profile: ProfileIdenticalPayloadDigest, ContentType: "application/http; msgtype=response",
			Header: Header{{"WARC-Payload-Digest", "sha1:ABC"}, {"Content-Length", "999"}, {"WARC-Type", "ignored"}},
			Body:   strings.NewReader("HTTP/1.1 200 OK\r\n\r\n"),
		}
		if err := w.WriteRecord(rev); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRecord(&Record{Type: TypeMetadata, Date: date}); err != nil {
			t.Fatal(err)
		}

		s, err := readBytes(t, buf.Bytes())
		if err != nil || len(s.errs) > 0 {
			t.Fatalf("gzip=%v: %v %v", gz, err, s.errs)
		}
		if len(s.recs) != 3 {
			t.Fatalf("gzip=%v: %d records", gz, len(s.recs))
		}
		resp := s.recs[0]
		if resp.Type != TypeResponse || resp.TargetURI != "https://news.example.com/a" || !resp.Date.Equal(date) ||
			resp.Version != "1.1" || !strings.HasPrefix(resp.ID, "<urn:uuid:") || resp.Offset != 0 {
			t.Errorf("gzip=%v: response record %+v", gz, resp)
		}
		resp.Body = bytes.NewReader(s.bodies[0])
		r, err := ReadResponse(resp)
		if err != nil {
			t.Fatal(err)
		}
		if r.StatusCode != 200 || !bytes.Equal(r.Body, page) || r.ContentType != "text/html" ||
			!r.LastModified.Equal(time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("gzip=%v: response %d %q %v", gz, r.StatusCode, r.ContentType, r.LastModified)
		}

		got := s.recs[1]
		if got.Type != TypeRevisit || got.ID != rev.ID || got.Version != "1.0" ||
			!got.Date.Equal(date.Add(time.Hour).Truncate(time.Second)) || !got.RefersToDate.Equal(date.Truncate(time.Second)) ||
			got.RefersToTargetURI != rev.RefersToTargetURI || got.Profile != rev.Profile ||
			got.Header.Get("WARC-Payload-Digest") != "sha1:ABC" || got.ContentLength != 19 {
			t.Errorf("gzip=%v: revisit %+v", gz, got)
		}
		if len(got.Header.Values("WARC-Type")) != 1 {
			t.Errorf("gzip=%v: WARC-Type repeated: %v", gz, got.Header)
		}
		if s.recs[2].ContentLength != 0 || len(s.bodies[2]) != 0 {
			t.Errorf("gzip=%v: empty record %+v", gz, s.recs[2])
		}
		if gz && s.recs[1].Offset == 0 {
			t.Error("second gzip member at offset 0")
		}
	}
}

func TestWriterErrors(t *testing.T) {
	w := NewWriter(io.Discard, false)
	if err := w.WriteRecord(&Record{}); err == nil {
		t.Error("record without Type accepted")
	}
	if err := w.WriteRecord(&Record{Type: TypeResource, TargetURI: "http://x/\r\nWARC-Type: evil"}); err == nil {
		t.Error("line break in a field accepted")
	}
	if err := w.WriteRecord(&Record{Type: TypeResource, ContentLength: 10, Body: strings.NewReader("short")}); err == nil {
		t.Error("body shorter than ContentLength accepted")
	}
}

func TestNewRecordID(t *testing.T) {
	a, b := NewRecordID(), NewRecordID()
	if a == b || len(a) != len("<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>") {
		t.Errorf("IDs %s %s", a, b)
	}
}
