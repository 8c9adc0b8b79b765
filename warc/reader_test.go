package warc

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"math/rand"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestSharedFiles reads the shared test files and checks record counts, types
// and URIs against their READMEs, and the errors reported for damaged ones.
func TestSharedFiles(t *testing.T) {
	tests := []struct {
		file    string
		version string
		types   map[string]int
		uris    []string // target URIs that must appear
		errs    map[error]int
	}{
		{file: "chatnoir-resiliparse/block-sized-records.warc.gz", version: "1.1",
			types: map[string]int{"unknown": 3}},
		{file: "chatnoir-resiliparse/clipped.warc.gz", version: "1.0",
			types: map[string]int{"response": 1},
			uris:  []string{"http://www.houstonpress.com/music/a-humble-chance-the-rapper-leads-a-spiritual-awakening-at-revention-8866723"},
			errs:  map[error]int{ErrTruncated: 1}},
		{file: "chatnoir-resiliparse/clueweb-quirk.warc.gz", version: "0.18",
			types: map[string]int{"response": 29, "warcinfo": 1},
			uris:  []string{"http://www.uraharajuku.st/shopdetail/001005000005/019/000/order/"}},
		{file: "chatnoir-resiliparse/warcfile.warc.gz", version: "1.0",
			types: map[string]int{"request": 17, "response": 16, "metadata": 16, "warcinfo": 1}},
		{file: "iipc-jwarc/cc.warc.gz", version: "1.0",
			types: map[string]int{"response": 1}, uris: []string{"http://commoncrawl.org/"}},
		{file: "iipc-jwarc/gzip_extra_sl.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 1}},
		{file: "internetarchive-gowarc/corrupted-mid-record.warc.gz.open", version: "1.1",
			types: map[string]int{"response": 12}, errs: map[error]int{ErrFormat: 1}},
		{file: "internetarchive-gowarc/corrupted-trailing-bytes.warc.gz.open", version: "1.1",
			types: map[string]int{"response": 30}, errs: map[error]int{ErrFormat: 1}},
		{file: "internetarchive-gowarc/empty.warc.gz.open", types: map[string]int{}},
		{file: "internetarchive-gowarc/good.warc.gz.open", version: "1.1",
			types: map[string]int{"response": 50}},
		{file: "internetarchive-gowarc/single-record.warc.gz.open", version: "1.1",
			types: map[string]int{"response": 1}},
		{file: "internetarchive-gowarc/skip-non-open.warc.gz", version: "1.1",
			types: map[string]int{"response": 10}},
		{file: "internetarchive-gowarc/test.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 1, "request": 1, "response": 1},
			uris:  []string{"https://apis.google.com/js/platform.js"}},
		{file: "ukwa-webarchive-discovery/BL-20140325121225068-00000-32090~opera~8443.warc.gz", version: "1.0",
			types: map[string]int{"response": 65, "request": 62, "metadata": 62, "warcinfo": 1}},
		{file: "ukwa-webarchive-discovery/BL-20140325122341434-00000-32090~opera~8443.warc.gz", version: "1.0",
			types: map[string]int{"request": 62, "metadata": 62, "revisit": 55, "response": 10, "warcinfo": 1}},
		{file: "ukwa-webarchive-discovery/IAH-20080430204825-00000-blackbook-truncated.warc.gz", version: "0.17",
			types: map[string]int{"response": 8, "request": 7, "metadata": 7, "warcinfo": 1},
			uris:  []string{"http://www.archive.org/robots.txt"}},
		{file: "ukwa-webarchive-discovery/IAH-urls-wget.warc.gz", version: "1.0",
			types: map[string]int{"request": 16, "response": 16, "resource": 3, "warcinfo": 1}},
		{file: "ukwa-webarchive-discovery/ip-host-testcase.warc.gz", version: "1.0",
			types: map[string]int{"resource": 2, "warcinfo": 1, "request": 1, "response": 1, "metadata": 1},
			uris:  []string{"http://93.184.216.34/"}},
		{file: "ukwa-webarchive-discovery/transfer_compression_brotli.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 1, "request": 1, "response": 1, "metadata": 1, "resource": 1},
			uris:  []string{"http://tokemon.sb.statsbiblioteket.dk/"}},
		{file: "ukwa-webarchive-discovery/transfer_compression_gzip.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 1, "request": 1, "response": 1, "metadata": 1, "resource": 1}},
		{file: "ukwa-webarchive-discovery/transfer_compression_none.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 1, "request": 1, "response": 1, "metadata": 1, "resource": 1}},
		{file: "ukwa-webarchive-discovery/truncated_datetime.warc", version: "1.0",
			types: map[string]int{"warcinfo": 1, "request": 1, "response": 1, "metadata": 1, "resource": 1}},
		{file: "webrecorder-warcio/bad.arc", errs: map[error]int{ErrUnsupported: 1}},
		{file: "webrecorder-warcio/example-bad-non-chunked.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 2, "request": 2, "response": 1, "revisit": 1}},
		{file: "webrecorder-warcio/example-bad.warc.gz.bad", version: "1.0",
			types: map[string]int{"response": 2, "request": 2, "warcinfo": 1, "revisit": 1},
			uris:  []string{"http://www.iana.org/domains/example"}},
		{file: "webrecorder-warcio/example-digest.warc", version: "1.0",
			types: map[string]int{"request": 4}},
		{file: "webrecorder-warcio/example-iana.org-chunked.warc", version: "1.0",
			types: map[string]int{"warcinfo": 1, "response": 1, "request": 1}, uris: []string{"http://www.iana.org/"}},
		{file: "webrecorder-warcio/example-resource.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 2, "resource": 1}},
		{file: "webrecorder-warcio/example-space-in-target-uri.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 1, "resource": 1}, uris: []string{"file:///example with spaces.png"}},
		{file: "webrecorder-warcio/example-space-in-url.arc", errs: map[error]int{ErrUnsupported: 1}},
		// The response's Content-Length is 2 bytes short: the stray bytes
		// are reported, and the next record is found.
		{file: "webrecorder-warcio/example-trunc.warc", version: "1.0",
			types: map[string]int{"warcinfo": 2, "response": 1, "request": 1}, errs: map[error]int{ErrFormat: 1}},
		{file: "webrecorder-warcio/example-wget-bad-target-uri.warc.gz", version: "1.0",
			types: map[string]int{"resource": 2, "warcinfo": 1, "request": 1, "response": 1, "metadata": 1},
			uris:  []string{"http://example.com/", "metadata://gnu.org/software/wget/warc/wget.log"}},
		// Records split over gzip members: header in one, block in the next.
		{file: "webrecorder-warcio/example-wrong-chunks.warc.gz", version: "1.0",
			types: map[string]int{"response": 1, "request": 1}},
		{file: "webrecorder-warcio/example.arc", errs: map[error]int{ErrUnsupported: 1}},
		{file: "webrecorder-warcio/example.arc.gz", types: map[string]int{}, errs: map[error]int{ErrUnsupported: 1}},
		{file: "webrecorder-warcio/example.warc", version: "1.0",
			types: map[string]int{"warcinfo": 2, "request": 2, "response": 1, "revisit": 1}},
		{file: "webrecorder-warcio/example.warc.gz", version: "1.0",
			types: map[string]int{"warcinfo": 2, "request": 2, "response": 1, "revisit": 1}},
		{file: "webrecorder-warcio/post-test.warc.gz", version: "1.0",
			types: map[string]int{"response": 3, "request": 3}, uris: []string{"http://httpbin.org/post?foo=bar"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			data, err := os.ReadFile(sharedFile(t, tt.file))
			if err != nil {
				t.Fatal(err)
			}
			s, err := readBytes(t, data)
			if err != nil {
				if !errors.Is(err, ErrUnsupported) || tt.errs[ErrUnsupported] != 1 {
					t.Fatalf("NewReader: %v", err)
				}
				return
			}
			if got := s.types(); fmt.Sprint(got) != fmt.Sprint(tt.types) {
				t.Errorf("types = %v, want %v", got, tt.types)
			}
			nerr := 0
			for target, want := range tt.errs {
				if got := countErrs(s.errs, target); got != want {
					t.Errorf("%d errors wrapping %v, want %d (errors: %v)", got, target, want, s.errs)
				}
				nerr += want
			}
			if len(s.errs) != nerr {
				t.Errorf("errors = %v, want %d", s.errs, nerr)
			}
			uris := map[string]bool{}
			for i, rec := range s.recs {
				uris[rec.TargetURI] = true
				if rec.Version != tt.version {
					t.Errorf("record %d: Version = %q, want %q", i, rec.Version, tt.version)
				}
				if !rec.Truncated && int64(len(s.bodies[i])) != rec.ContentLength {
					t.Errorf("record %d: read %d body bytes, Content-Length %d", i, len(s.bodies[i]), rec.ContentLength)
				}
				if rec.ID == "" {
					t.Errorf("record %d has no ID", i)
				}
			}
			for _, u := range tt.uris {
				if !uris[u] {
					t.Errorf("no record for %q", u)
				}
			}
		})
	}
}

// TestSharedOffsets checks that the offsets of per-record gzip members lead
// back to their records.
func TestSharedOffsets(t *testing.T) {
	data, err := os.ReadFile(sharedFile(t, "chatnoir-resiliparse/warcfile.warc.gz"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := readBytes(t, data)
	if err != nil {
		t.Fatal(err)
	}
	for i, rec := range s.recs {
		r, err := NewReader(bytes.NewReader(data[rec.Offset:]))
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.Next()
		if err != nil {
			t.Fatalf("record %d at offset %d: %v", i, rec.Offset, err)
		}
		if got.ID != rec.ID {
			t.Errorf("record %d at offset %d: ID %s, want %s", i, rec.Offset, got.ID, rec.ID)
		}
	}
}

func TestSharedFields(t *testing.T) {
	t.Run("revisit", func(t *testing.T) {
		data, err := os.ReadFile(sharedFile(t, "webrecorder-warcio/example.warc"))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := readBytes(t, data)
		var rev *Record
		for _, rec := range s.recs {
			if rec.Type == TypeRevisit {
				rev = rec
			}
		}
		if rev == nil {
			t.Fatal("no revisit record")
		}
		if !strings.Contains(rev.Profile, "/revisit/") {
			t.Errorf("Profile = %q", rev.Profile)
		}
		if rev.RefersToTargetURI != "http://example.com" && rev.RefersToTargetURI != "http://example.com/" {
			t.Errorf("RefersToTargetURI = %q", rev.RefersToTargetURI)
		}
		if rev.RefersToDate.IsZero() {
			t.Errorf("RefersToDate is zero; header %v", rev.Header)
		}
	})
	t.Run("bad-date", func(t *testing.T) {
		data, err := os.ReadFile(sharedFile(t, "chatnoir-resiliparse/clueweb-quirk.warc.gz"))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := readBytes(t, data)
		rec := s.recs[0]
		if !rec.Date.IsZero() || rec.Header.Get("WARC-Date") != "2008-10-294T05:21:46-0700" {
			t.Errorf("Date = %v, header %q", rec.Date, rec.Header.Get("WARC-Date"))
		}
	})
	t.Run("truncated-date", func(t *testing.T) {
		data, err := os.ReadFile(sharedFile(t, "ukwa-webarchive-discovery/truncated_datetime.warc"))
		if err != nil {
			t.Fatal(err)
		}
		s, _ := readBytes(t, data)
		want := time.Date(2019, 8, 15, 1, 2, 0, 0, time.UTC)
		found := false
		for _, rec := range s.recs {
			found = found || rec.Date.Equal(want)
		}
		if !found {
			t.Errorf("no record dated %v", want)
		}
	})
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"2024-03-05T10:30:00Z", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC), true},
		{"2024-03-05T10:30:00.123456Z", time.Date(2024, 3, 5, 10, 30, 0, 123456000, time.UTC), true},
		{"2024-03-05T12:30:00+02:00", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC), true},
		{"2024-03-05T03:30:00-0700", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC), true},
		{"2024-03-05T10:30Z", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC), true},
		{"2024-03-05T10:30", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC), true},
		{"2024-03-05", time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC), true},
		{"2024", time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC), true},
		{"20240305103000", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC), true},
		{" 2024-03-05T10:30:00Z ", time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC), true},
		{"2008-10-294T05:21:46-0700", time.Time{}, false},
		{"", time.Time{}, false},
		{"yesterday", time.Time{}, false},
	}
	for _, tt := range tests {
		got, ok := ParseDate(tt.in)
		if ok != tt.ok || !got.Equal(tt.want) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

const plainRecords = "WARC/1.0\r\n" +
	"WARC-Type: resource\r\n" +
	"WARC-Target-URI: <http://a.example/>\r\n" +
	"WARC-Record-ID: <urn:uuid:1>\r\n" +
	"Content-Length: 5\r\n" +
	"\r\n" +
	"hello\r\n\r\n" +
	"WARC/0.18\n" + // bare LF line endings
	"WARC-Type: metadata\n" +
	"WARC-Record-ID: <urn:uuid:2>\n" +
	"X-Folded: one\n two\n" +
	"Content-Length: 3\n" +
	"\n" +
	"abc\n\n"

func TestReaderSynthetic(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		types   string // record types, space-separated
		bodies  string // bodies, |-separated
		errs    map[error]int
		maxBody int64
	}{
		{name: "plain", input: plainRecords, types: "resource metadata", bodies: "hello|abc"},
		{name: "leading-blank-lines", input: "\r\n\r\n" + plainRecords, types: "resource metadata", bodies: "hello|abc"},
		{name: "no-trailing-newlines", input: strings.TrimRight(plainRecords, "\n"), types: "resource metadata", bodies: "hello|abc"},
		{name: "empty", input: "", types: "", bodies: ""},
		{name: "only-blank", input: "\r\n\n", types: "", bodies: ""},
		{name: "trailing-garbage", input: plainRecords + "this is not WARC\n\x00\x01\x02",
			types: "resource metadata", bodies: "hello|abc", errs: map[error]int{ErrFormat: 1}},
		{name: "garbage-between", input: strings.Replace(plainRecords, "WARC/0.18", "junk junk\nmore junk\nWARC/0.18", 1),
			types: "resource metadata", bodies: "hello|abc", errs: map[error]int{ErrFormat: 1}},
		{name: "leading-garbage", input: "<html>oops</html>\n" + plainRecords,
			types: "resource metadata", bodies: "hello|abc", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-short", input: strings.Replace(plainRecords, "Length: 5", "Length: 3", 1),
			types: "resource metadata", bodies: "hel|abc", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-long", input: strings.Replace(plainRecords, "Length: 5", "Length: 20", 1),
			types: "resource", bodies: "hello\r\n\r\nWARC/0.18\nW", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-past-eof", input: strings.Replace(plainRecords, "Length: 3", "Length: 300", 1),
			types: "resource metadata", bodies: "hello|abc\n\n", errs: map[error]int{ErrTruncated: 1}},
		// A record without a valid length is reported once, its block
		// skipped up to the next record.
		{name: "content-length-missing", input: strings.Replace(plainRecords, "Content-Length: 5\r\n", "", 1),
			types: "metadata", bodies: "abc", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-negative", input: strings.Replace(plainRecords, "Length: 5", "Length: -5", 1),
			types: "metadata", bodies: "abc", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-not-a-number", input: strings.Replace(plainRecords, "Length: 5", "Length: five", 1),
			types: "metadata", bodies: "abc", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-overflow", input: strings.Replace(plainRecords, "Length: 5", "Length: 99999999999999999999", 1),
			types: "metadata", bodies: "abc", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-absurd", input: strings.Replace(plainRecords, "Length: 5", "Length: 9223372036854775807", 1),
			types: "metadata", bodies: "abc", errs: map[error]int{ErrFormat: 1}},
		{name: "content-length-absurd-last", input: strings.Replace(plainRecords, "Length: 3", "Length: 1099511627777", 1),
			types: "resource", bodies: "hello", errs: map[error]int{ErrFormat: 1}},
		// Past the end of the input, but not absurd: the input was cut.
		{name: "content-length-far-past-eof", input: strings.Replace(plainRecords, "Length: 3", "Length: 1099511627776", 1),
			types: "resource metadata", bodies: "hello|abc\n\n", errs: map[error]int{ErrTruncated: 1}},
		{name: "eof-in-header", input: "WARC/1.0\r\nWARC-Type: resource\r\nContent-Le",
			types: "", bodies: "", errs: map[error]int{ErrTruncated: 1}},
		{name: "eof-after-version", input: "WARC/1.1", types: "", bodies: "", errs: map[error]int{ErrTruncated: 1}},
		{name: "unterminated-header", input: "WARC/1.0\r\nWARC-Type: x\r\n" + plainRecords,
			types: "resource metadata", bodies: "hello|abc", errs: map[error]int{ErrFormat: 1}},
		{name: "max-body", input: plainRecords, maxBody: 2, types: "resource metadata", bodies: "he|ab"},
	}
	for _, tt := range tests {
		for _, gz := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/gzip=%v", tt.name, gz), func(t *testing.T) {
				input := []byte(tt.input)
				if gz {
					input = gzipBytes(input)
				}
				r, err := NewReader(bytes.NewReader(input))
				if err != nil {
					t.Fatal(err)
				}
				r.MaxBodySize = tt.maxBody
				s := readStream(t, r, 100)
				var types, bodies []string
				for i, rec := range s.recs {
					types = append(types, rec.Type)
					bodies = append(bodies, string(s.bodies[i]))
					if tt.maxBody > 0 && rec.ContentLength > tt.maxBody && !rec.Truncated {
						t.Errorf("record %d not flagged Truncated", i)
					}
				}
				if got := strings.Join(types, " "); got != tt.types {
					t.Errorf("types = %q, want %q", got, tt.types)
				}
				if got := strings.Join(bodies, "|"); got != tt.bodies {
					t.Errorf("bodies = %q, want %q", got, tt.bodies)
				}
				n := 0
				for target, want := range tt.errs {
					n += want
					if got := countErrs(s.errs, target); got != want {
						t.Errorf("%d errors wrapping %v, want %d: %v", got, target, want, s.errs)
					}
				}
				if len(s.errs) != n {
					t.Errorf("errors = %v, want %d", s.errs, n)
				}
			})
		}
	}
}

func TestReaderFields(t *testing.T) {
	r, err := NewReader(strings.NewReader(plainRecords))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.TargetURI != "http://a.example/" || rec.ID != "<urn:uuid:1>" || rec.Version != "1.0" ||
		rec.ContentLength != 5 || rec.Offset != 0 {
		t.Errorf("first record = %+v", rec)
	}
	// Not reading the body: Next skips it.
	rec, err = r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Header.Get("x-folded"); got != "one two" {
		t.Errorf("folded field = %q", got)
	}
	if want := int64(strings.Index(plainRecords, "WARC/0.18")); rec.Offset != want {
		t.Errorf("Offset = %d, want %d", rec.Offset, want)
	}
	if rec.Version != "0.18" {
		t.Errorf("Version = %q", rec.Version)
	}
}

func TestBodyAfterNext(t *testing.T) {
	r, _ := NewReader(strings.NewReader(plainRecords))
	rec, _ := r.Next()
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	if _, err := rec.Body.Read(make([]byte, 10)); err == nil {
		t.Error("reading a body after Next succeeded")
	}
}

func TestUnsupported(t *testing.T) {
	for name, input := range map[string]string{
		"arc":   "filedesc://IAH-2008.arc 0.0.0.0 20080430204825 text/plain 77\n1 0 Internet Archive\n",
		"zstd":  "\x28\xb5\x2f\xfd\x00\x00",
		"bzip2": "BZh91AY&SY",
	} {
		if _, err := NewReader(strings.NewReader(input)); !errors.Is(err, ErrUnsupported) {
			t.Errorf("%s: NewReader error = %v, want ErrUnsupported", name, err)
		}
	}
}

type failingReader struct {
	r io.Reader
	n int
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("disk on fire")
	}
	if len(p) > f.n {
		p = p[:f.n]
	}
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

func TestReadError(t *testing.T) {
	for _, gz := range []bool{false, true} {
		data := buildWARC(t, gz, 5, 2000)
		r, err := NewReader(&failingReader{r: bytes.NewReader(data), n: len(data) / 2})
		if err != nil {
			t.Fatal(err)
		}
		s := readStream(t, r, 100)
		found := false
		for _, err := range s.errs {
			found = found || strings.Contains(err.Error(), "disk on fire")
		}
		if !found {
			t.Errorf("gzip=%v: read error not reported: %v", gz, s.errs)
		}
	}
}

// TestTruncatedInputs cuts a WARC file at many points and checks that the
// reader reports an error for the damage, keeps the records before it, and
// stops.
func TestTruncatedInputs(t *testing.T) {
	for _, gz := range []bool{false, true} {
		data := buildWARC(t, gz, 4, 3000)
		full, err := readBytes(t, data)
		if err != nil || len(full.errs) > 0 {
			t.Fatalf("reading whole file: %v %v", err, full.errs)
		}
		for cut := 1; cut < len(data); cut += 1 + len(data)/400 {
			s, err := readBytes(t, data[:cut])
			if err != nil {
				continue // too short to tell the format
			}
			if len(s.recs) > len(full.recs) {
				t.Fatalf("gzip=%v cut=%d: %d records, more than the whole file", gz, cut, len(s.recs))
			}
			// A cut between records cannot be noticed; any other must be
			// reported.
			atBoundary := false
			for _, rec := range full.recs[1:] {
				if gz && int64(cut) == rec.Offset || !gz && int64(cut) >= rec.Offset-4 && int64(cut) <= rec.Offset {
					atBoundary = true
				}
			}
			if len(s.errs) == 0 && !atBoundary {
				t.Errorf("gzip=%v cut=%d of %d: no error, %d records", gz, cut, len(data), len(s.recs))
			}
			if len(s.errs) > 0 && atBoundary {
				t.Errorf("gzip=%v cut=%d of %d: error at a record boundary: %v", gz, cut, len(data), s.errs)
			}
			for i, rec := range s.recs {
				if !bytes.HasPrefix(full.bodies[i], s.bodies[i]) {
					t.Fatalf("gzip=%v cut=%d: body %d differs", gz, cut, i)
				}
				if rec.ID != full.recs[i].ID {
					t.Fatalf("gzip=%v cut=%d: record %d ID differs", gz, cut, i)
				}
			}
		}
	}
}

// TestCorruptInputs flips random bytes and checks that the reader neither
// panics nor hangs, and recovers the records after the damage in per-record
// gzip files.
func TestCorruptInputs(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	for _, gz := range []bool{false, true} {
		data := buildWARC(t, gz, 10, 3000)
		full, _ := readBytes(t, data)
		for i := 0; i < 300; i++ {
			bad := bytes.Clone(data)
			pos := rng.Intn(len(bad))
			for j := 0; j < 1+rng.Intn(8) && pos+j < len(bad); j++ {
				bad[pos+j] = byte(rng.Intn(256))
			}
			s, err := readBytes(t, bad)
			if err != nil {
				continue
			}
			// With one member per record, damage costs at most the
			// records around it.
			if gz && len(s.recs) < len(full.recs)-3 {
				t.Errorf("flip at %d: only %d of %d records recovered; errors %v", pos, len(s.recs), len(full.recs), s.errs)
			}
		}
	}
}

func TestCorruptGzipMemberResync(t *testing.T) {
	data := buildWARC(t, true, 5, 3000)
	full, _ := readBytes(t, data)
	// Damage the deflate data of the fourth record's member.
	off := full.recs[3].Offset
	bad := bytes.Clone(data)
	for i := off + 30; i < off+60; i++ {
		bad[i] ^= 0x55
	}
	s, err := readBytes(t, bad)
	if err != nil {
		t.Fatal(err)
	}
	if countErrs(s.errs, ErrCorrupt) == 0 {
		t.Errorf("no ErrCorrupt: %v", s.errs)
	}
	if got, want := len(s.recs), len(full.recs)-1; got < want {
		t.Errorf("%d records, want at least %d", got, want)
	}
	if last := s.recs[len(s.recs)-1]; last.ID != full.recs[len(full.recs)-1].ID {
		t.Errorf("last record %s, want %s", last.ID, full.recs[len(full.recs)-1].ID)
	}
}

func gzipBytes(b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(b)
	zw.Close()
	return buf.Bytes()
}

// patternReader yields n bytes of page-like text.
type patternReader struct {
	n   int64
	off int
}

var pattern = testPage("pattern", 8192)

func (p *patternReader) Read(b []byte) (int, error) {
	if p.n <= 0 {
		return 0, io.EOF
	}
	if int64(len(b)) > p.n {
		b = b[:p.n]
	}
	n := 0
	for n < len(b) {
		c := copy(b[n:], pattern[p.off:])
		n += c
		p.off = (p.off + c) % len(pattern)
	}
	p.n -= int64(n)
	return n, nil
}

// TestHeapBounded streams a 200 MB WARC, with records of up to 40 MB, through
// the reader and checks that the heap stays small.
func TestHeapBounded(t *testing.T) {
	const total = 200 << 20
	sizes := []int64{40 << 20, 40 << 20}
	for sum := int64(80 << 20); sum < total; sum += 1 << 20 {
		sizes = append(sizes, 1<<20)
	}
	for _, gz := range []bool{false, true} {
		if gz && testing.Short() {
			continue
		}
		t.Run(fmt.Sprintf("gzip=%v", gz), func(t *testing.T) {
			pr, pw := io.Pipe()
			go func() {
				w := NewWriter(pw, gz)
				for i, n := range sizes {
					err := w.WriteRecord(&Record{
						Type: TypeResource, TargetURI: fmt.Sprintf("https://example.com/%d", i),
						Date: testDate, ContentType: "text/html", ContentLength: n,
						Body: &patternReader{n: n},
					})
					if err != nil {
						pw.CloseWithError(err)
						return
					}
				}
				pw.Close()
			}()
			runtime.GC()
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			base := ms.HeapInuse
			var peak uint64
			sample := func() {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			src := &countingReader{r: pr}
			r, err := NewReader(src)
			if err != nil {
				t.Fatal(err)
			}
			var read, records int64
			buf := make([]byte, 32<<10)
			for {
				rec, err := r.Next()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				records++
				sample()
				if records%2 == 0 {
					continue // left for Next to skip
				}
				for {
					n, err := rec.Body.Read(buf)
					read += int64(n)
					if read%(4<<20) < int64(n) {
						sample()
					}
					if err == io.EOF {
						break
					}
					if err != nil {
						t.Fatal(err)
					}
				}
			}
			if records != int64(len(sizes)) {
				t.Fatalf("%d records, want %d", records, len(sizes))
			}
			if !gz && src.n < total {
				t.Fatalf("read %d bytes of input, want at least %d", src.n, total)
			}
			growth := int64(peak) - int64(base)
			t.Logf("%d records, %d MB of input, %d MB of bodies read; heap in use %d MB at start, peak %d MB",
				records, src.n>>20, read>>20, base>>20, peak>>20)
			if growth > 16<<20 {
				t.Errorf("heap grew by %d MB streaming a %d MB file", growth>>20, total>>20)
			}
		})
	}
}

// TestCorruptFirstMember damages the very first bytes of a per-record gzip
// file: the reader must still tell it is gzip and recover the rest.
func TestCorruptFirstMember(t *testing.T) {
	data := buildWARC(t, true, 10, 3000)
	full, _ := readBytes(t, data)
	for _, n := range []int{1, 2, 3, 10} {
		bad := bytes.Clone(data)
		for i := 0; i < n; i++ {
			bad[i] ^= 0xA5
		}
		s, err := readBytes(t, bad)
		if err != nil {
			t.Fatalf("%d bytes damaged: %v", n, err)
		}
		if len(s.recs) < len(full.recs)-1 {
			t.Errorf("%d bytes damaged: %d of %d records recovered; errors %v", n, len(s.recs), len(full.recs), s.errs)
		}
	}
}
