package warc

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// members reads data with KeepMembers set and returns, for every record,
// a copy of what Member gave (nil when it gave nothing) and the record's
// body read afterwards through a reader of that member alone.
func members(t *testing.T, data []byte) (got [][]byte, recs []*Record) {
	t.Helper()
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r.KeepMembers = true
	for i := 0; ; i++ {
		if i > 10000 {
			t.Fatal("no io.EOF after 10000 records")
		}
		rec, err := r.Next()
		if err == io.EOF {
			return got, recs
		}
		if err != nil {
			continue
		}
		// Read a little of the body first: Member skips the rest.
		_, _ = io.ReadFull(rec.Body, make([]byte, 10))
		got = append(got, bytes.Clone(r.Member()))
		if r.Member() != nil {
			t.Fatalf("record %d: second call to Member gave bytes", i)
		}
		recs = append(recs, rec)
	}
}

func TestMemberPerRecordGzip(t *testing.T) {
	data := buildWARC(t, true, 40, 3000)
	got, recs := members(t, data)
	if len(got) != 81 {
		t.Fatalf("read %d records, want 81", len(got))
	}
	// The members, one per record, make up the file.
	if joined := bytes.Join(got, nil); !bytes.Equal(joined, data) {
		t.Fatalf("members joined: %d bytes, file %d bytes", len(joined), len(data))
	}
	for i, m := range got {
		r, err := NewReader(bytes.NewReader(m))
		if err != nil {
			t.Fatal(err)
		}
		rec, err := r.Next()
		if err != nil {
			t.Fatalf("member %d: %v", i, err)
		}
		if rec.ID != recs[i].ID || rec.TargetURI != recs[i].TargetURI {
			t.Errorf("member %d holds record %s, want %s", i, rec.ID, recs[i].ID)
		}
		if _, err := r.Next(); err != io.EOF {
			t.Errorf("member %d: after its record: %v, want io.EOF", i, err)
		}
	}
	// The payload read back from a member is the page that was written.
	resp, err := ReadResponse(mustRecord(t, got[2]))
	if err != nil {
		t.Fatal(err)
	}
	if want := testPage("https://news.example.com/story/0", 3000); !bytes.Equal(resp.Body, want) {
		t.Errorf("payload from member: %d bytes, want the %d written", len(resp.Body), len(want))
	}
}

func mustRecord(t *testing.T, member []byte) *Record {
	t.Helper()
	r, err := NewReader(bytes.NewReader(member))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

func TestMemberNone(t *testing.T) {
	plain := buildWARC(t, false, 5, 2000)
	var whole bytes.Buffer
	zw := gzip.NewWriter(&whole)
	zw.Write(plain)
	zw.Close()
	for name, data := range map[string][]byte{"uncompressed": plain, "one gzip stream": whole.Bytes()} {
		got, _ := members(t, data)
		if len(got) != 11 {
			t.Errorf("%s: read %d records, want 11", name, len(got))
		}
		for i, m := range got {
			if m != nil {
				t.Errorf("%s: record %d: Member gave %d bytes, want nil", name, i, len(m))
			}
		}
	}
	// Without KeepMembers, nothing.
	r, err := NewReader(bytes.NewReader(buildWARC(t, true, 2, 2000)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if m := r.Member(); m != nil {
		t.Errorf("Member without KeepMembers gave %d bytes", len(m))
	}
}

// A record cut short by MaxBodySize, or by damage, has no member to keep;
// the damage is still reported by Next.
func TestMemberTruncated(t *testing.T) {
	data := buildWARC(t, true, 3, 5000)
	r, err := NewReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	r.KeepMembers, r.MaxBodySize = true, 1000
	var kept, responses int
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if rec.Type == TypeResponse {
			responses++
		}
		if r.Member() != nil {
			kept++
		}
	}
	if responses != 3 || kept != 7-3 {
		t.Errorf("responses %d, members kept %d; want 3 and 4 (the small records)", responses, kept)
	}

	cut := data[:len(data)-200]
	r, err = NewReader(bytes.NewReader(cut))
	if err != nil {
		t.Fatal(err)
	}
	r.KeepMembers = true
	var errs int
	for i := 0; i < 100; i++ {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs++
			continue
		}
		r.Member()
	}
	if errs == 0 {
		t.Error("a cut-off last member reported no error")
	}
}

// The members of real per-record gzip files decode to the records read
// from the whole file.
func TestMemberShared(t *testing.T) {
	for _, name := range []string{"iipc-jwarc/cc.warc.gz", "chatnoir-resiliparse/warcfile.warc.gz", "internetarchive-gowarc/test.warc.gz"} {
		data, err := os.ReadFile(sharedFile(t, name))
		if err != nil {
			t.Fatal(err)
		}
		got, recs := members(t, data)
		var kept int
		for i, m := range got {
			if m == nil {
				continue
			}
			kept++
			if rec := mustRecord(t, m); rec.ID != recs[i].ID {
				t.Errorf("%s: member %d holds %s, want %s", filepath.Base(name), i, rec.ID, recs[i].ID)
			}
		}
		t.Logf("%s: %d of %d records kept as members", name, kept, len(got))
		if kept == 0 {
			t.Errorf("%s: no member kept", name)
		}
	}
}

// Damage found while Member skips a body is reported once, by Next.
func TestMemberErrorOnce(t *testing.T) {
	data := buildWARC(t, true, 3, 5000)
	all, _ := members(t, data)
	cut := data[:len(data)-len(all[len(all)-1])/2] // the last member ends half-way
	r, err := NewReader(bytes.NewReader(cut))
	if err != nil {
		t.Fatal(err)
	}
	r.KeepMembers = true
	var errs []error
	for i := 0; i < 100; i++ {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		r.Member()
	}
	if len(errs) != 1 {
		t.Errorf("errors %v, want one", errs)
	}
}

// A record whose header and block are in separate members has no member
// of its own; the records after it still do.
func TestMemberSplitRecord(t *testing.T) {
	var buf bytes.Buffer
	page := testPage("split", 2000)
	block := "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + string(page)
	head := "WARC/1.1\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:11111111-1111-1111-1111-111111111111>\r\n" +
		"WARC-Target-URI: https://news.example.com/split\r\nWARC-Date: 2024-03-05T10:30:00Z\r\n" +
		"Content-Type: application/http; msgtype=response\r\nContent-Length: " + strconv.Itoa(len(block)) + "\r\n\r\n"
	for _, part := range []string{head, block + "\r\n\r\n"} {
		zw := gzip.NewWriter(&buf)
		zw.Write([]byte(part))
		zw.Close()
	}
	buf.Write(buildWARC(t, true, 1, 1000))
	got, recs := members(t, buf.Bytes())
	if len(recs) != 4 || recs[0].TargetURI != "https://news.example.com/split" {
		t.Fatalf("read %d records", len(recs))
	}
	if got[0] != nil {
		t.Errorf("split record: Member gave %d bytes", len(got[0]))
	}
	for i, m := range got[1:] {
		if m == nil {
			t.Errorf("record %d after the split one: no member", i+1)
		}
	}
}

// A member over MaxMember is not kept; the next one is.
func TestMemberMax(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	big := make([]byte, MaxMember+1<<20) // random: compresses to more than MaxMember
	for i := range big {
		big[i] = byte(rng.Uint32())
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, true)
	h := http.Header{"Content-Type": {"application/octet-stream"}}
	if err := w.WriteResponse("https://news.example.com/big", testDate, 200, h, big); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteResponse("https://news.example.com/small", testDate, 200, h, []byte("small")); err != nil {
		t.Fatal(err)
	}
	got, recs := members(t, buf.Bytes())
	if len(recs) != 2 || got[0] != nil || got[1] == nil {
		t.Errorf("records %d; members kept: big %v, small %v; want only the small one", len(recs), got[0] != nil, got[1] != nil)
	}
}
