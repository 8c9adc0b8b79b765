package warc

import (
	"errors"
	"io"
	"strings"
	"time"
)

// Record types defined by the WARC standard, as found in Record.Type.
const (
	TypeWarcinfo     = "warcinfo"
	TypeResponse     = "response"
	TypeResource     = "resource"
	TypeRequest      = "request"
	TypeMetadata     = "metadata"
	TypeRevisit      = "revisit"
	TypeConversion   = "conversion"
	TypeContinuation = "continuation"
)

// Revisit profiles, as found in Record.Profile of revisit records. Under
// ProfileIdenticalPayloadDigest the payload equals that of the record named by
// RefersTo (or RefersToTargetURI and RefersToDate), and only the HTTP headers
// are stored. Older files use the same URIs with 0.17 or 1.0 in place of 1.1.
const (
	ProfileIdenticalPayloadDigest = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
	ProfileServerNotModified      = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"
)

// Errors wrapped by the errors that Next, Body reads and ReadResponse return.
var (
	// ErrFormat reports input that is not WARC where a record was
	// expected: garbage between or after records, a malformed header, or a
	// missing Content-Length.
	ErrFormat = errors.New("warc: malformed input")

	// ErrTruncated reports a record or gzip member that ends before its
	// declared length.
	ErrTruncated = errors.New("warc: truncated")

	// ErrCorrupt reports compressed data that cannot be decoded.
	ErrCorrupt = errors.New("warc: corrupt gzip data")

	// ErrUnsupported reports input in a format this package does not read,
	// such as ARC or zstd-compressed WARC.
	ErrUnsupported = errors.New("warc: unsupported format")

	// ErrNotHTTP is returned by ReadResponse for a record that does not hold
	// an HTTP response.
	ErrNotHTTP = errors.New("warc: record is not an HTTP response")
)

// Field is one named header field of a WARC record.
type Field struct {
	Name  string
	Value string
}

// Header holds the fields of a WARC record header in the order they appear.
// Names are compared without regard to case.
type Header []Field

// Get returns the value of the first field with the given name, or "" if
// there is none.
func (h Header) Get(name string) string {
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			return f.Value
		}
	}
	return ""
}

// Values returns the values of all fields with the given name, in order.
func (h Header) Values(name string) []string {
	var vs []string
	for _, f := range h {
		if strings.EqualFold(f.Name, name) {
			vs = append(vs, f.Value)
		}
	}
	return vs
}

// Add appends a field.
func (h *Header) Add(name, value string) {
	*h = append(*h, Field{Name: name, Value: value})
}

// Set replaces the first field with the given name, removing any others of
// that name, or appends the field if there is none.
func (h *Header) Set(name, value string) {
	found := false
	out := (*h)[:0]
	for _, f := range *h {
		if strings.EqualFold(f.Name, name) {
			if found {
				continue
			}
			found = true
			f.Value = value
		}
		out = append(out, f)
	}
	if !found {
		out = append(out, Field{Name: name, Value: value})
	}
	*h = out
}

// Del removes all fields with the given name.
func (h *Header) Del(name string) {
	out := (*h)[:0]
	for _, f := range *h {
		if !strings.EqualFold(f.Name, name) {
			out = append(out, f)
		}
	}
	*h = out
}

// Record is one WARC record. The named fields are decoded from Header, which
// keeps every field as read; fields that are absent or cannot be parsed are
// left at their zero value.
type Record struct {
	// Version is the format version from the record's first line, such as
	// "1.0", "1.1" or "0.18".
	Version string

	// Type is the WARC-Type, such as TypeResponse.
	Type string

	// ID is the WARC-Record-ID as written, usually "<urn:uuid:…>".
	ID string

	// Date is the WARC-Date, the time of capture. It is zero when the field
	// is absent or malformed; the text is still in Header.
	Date time.Time

	// TargetURI is the WARC-Target-URI with surrounding white space and the
	// angle brackets some writers (wget) add removed.
	TargetURI string

	// ContentType is the record's Content-Type, such as
	// "application/http; msgtype=response".
	ContentType string

	// ContentLength is the declared length of the record block in bytes.
	ContentLength int64

	// RefersTo, RefersToTargetURI and RefersToDate name the earlier record a
	// revisit record stands for (WARC-Refers-To, WARC-Refers-To-Target-URI
	// and WARC-Refers-To-Date). Files written before WARC/1.1 often have
	// only RefersTo or nothing at all; the revisited capture then has to be
	// found by TargetURI and the WARC-Payload-Digest.
	RefersTo          string
	RefersToTargetURI string
	RefersToDate      time.Time

	// Profile is the WARC-Profile of a revisit record, such as
	// ProfileIdenticalPayloadDigest.
	Profile string

	// Header holds all header fields in file order.
	Header Header

	// Body streams the record block. It is valid only until the next call to
	// Reader.Next. When the input ends early, reading it returns the bytes
	// that are there and then an error wrapping ErrTruncated.
	Body io.Reader

	// Offset is where the record starts in the input: the byte offset of its
	// first line in an uncompressed file, or the offset of the gzip member in
	// which it starts in a compressed one (for the usual one-member-per-record
	// .warc.gz, the record's own member, as CDX indexes give it).
	Offset int64

	// Truncated reports that Body offers less than ContentLength bytes,
	// because of Reader.MaxBodySize or because the input ended early. It is
	// set by Next when the cap applies and, for early ends, once Body has
	// been read to its end.
	Truncated bool
}

// fill sets the named fields of rec from rec.Header.
func (rec *Record) fill() {
	h := rec.Header
	rec.Type = strings.TrimSpace(h.Get("WARC-Type"))
	rec.ID = strings.TrimSpace(h.Get("WARC-Record-ID"))
	rec.Date, _ = ParseDate(h.Get("WARC-Date"))
	rec.TargetURI = cleanURI(h.Get("WARC-Target-URI"))
	rec.ContentType = strings.TrimSpace(h.Get("Content-Type"))
	rec.RefersTo = strings.TrimSpace(h.Get("WARC-Refers-To"))
	rec.RefersToTargetURI = cleanURI(h.Get("WARC-Refers-To-Target-URI"))
	rec.RefersToDate, _ = ParseDate(h.Get("WARC-Refers-To-Date"))
	rec.Profile = strings.TrimSpace(h.Get("WARC-Profile"))
}

// cleanURI trims white space and the angle brackets some writers put around
// URIs.
func cleanURI(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '<' && s[len(s)-1] == '>' {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

// dateLayouts are the WARC-Date forms seen in the wild, most common first:
// the W3C-DTF of the standard, with and without fractions of a second, with
// reduced precision, with a numeric zone lacking its colon, without a zone
// (taken as UTC), and the 14-digit form of ARC files.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05",
	"2006-01-02Z07:00",
	"2006-01-02",
	"2006-01",
	"2006",
	"20060102150405",
}

// ParseDate parses a WARC-Date value. It accepts the W3C-DTF form of the
// standard at any precision, and the near misses that real files contain.
// Times without a zone are taken as UTC. The result is in UTC.
func ParseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
