package warc

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
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
