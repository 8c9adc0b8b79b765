package warc

import (
	"bytes"
	"compress/gzip"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Writer writes WARC records to an underlying writer.
type Writer struct {
	w    io.Writer
	gzip bool
	zw   *gzip.Writer
	buf  bytes.Buffer
}

// NewWriter returns a Writer that writes records to w, each record in a gzip
// member of its own if gzip is true (the usual .warc.gz layout).
func NewWriter(w io.Writer, gzip bool) *Writer {
	return &Writer{w: w, gzip: gzip}
}

// fieldsFromRecord lists the header fields that WriteRecord takes from the
// Record's named fields rather than from its Header.
var fieldsFromRecord = []string{
	"WARC-Type", "WARC-Record-ID", "WARC-Date", "WARC-Target-URI",
	"WARC-Refers-To", "WARC-Refers-To-Target-URI", "WARC-Refers-To-Date",
	"WARC-Profile", "Content-Type", "Content-Length",
}

// WriteRecord writes rec as one WARC record.
//
// The header is made from rec's named fields, then the fields of rec.Header
// that they do not cover, in order. Version defaults to "1.1", ID to a new
// random urn:uuid, and Date to the current time; Type is required. The block
// is read from rec.Body: exactly ContentLength bytes if that is positive,
// otherwise all of it (held in memory to learn its length). A nil Body is an
// empty block.
func (w *Writer) WriteRecord(rec *Record) error {
	if rec.Type == "" {
		return errors.New("warc: WriteRecord: record has no Type")
	}
	version := rec.Version
	if version == "" {
		version = "1.1"
	}
	id := rec.ID
	if id == "" {
		id = NewRecordID()
	}
	date := rec.Date
	if date.IsZero() {
		date = time.Now()
	}

	body := rec.Body
	if body == nil {
		body = bytes.NewReader(nil)
	}
	length := rec.ContentLength
	if length <= 0 {
		data, err := io.ReadAll(body)
		if err != nil {
			return fmt.Errorf("warc: WriteRecord: reading body: %w", err)
		}
		length = int64(len(data))
		body = bytes.NewReader(data)
	}

	h := &w.buf
	h.Reset()
	h.WriteString("WARC/" + version + "\r\n")
	var bad string
	add := func(name, value string) {
		if strings.ContainsAny(value, "\r\n") || strings.ContainsAny(name, ":\r\n") {
			bad = name
		}
		if value != "" {
			h.WriteString(name + ": " + value + "\r\n")
		}
	}
	add("WARC-Type", rec.Type)
	add("WARC-Record-ID", id)
	add("WARC-Date", formatDate(date, version))
	add("WARC-Target-URI", rec.TargetURI)
	add("WARC-Refers-To", rec.RefersTo)
	add("WARC-Refers-To-Target-URI", rec.RefersToTargetURI)
	if !rec.RefersToDate.IsZero() {
		add("WARC-Refers-To-Date", formatDate(rec.RefersToDate, version))
	}
	add("WARC-Profile", rec.Profile)
	add("Content-Type", rec.ContentType)
next:
	for _, f := range rec.Header {
		for _, name := range fieldsFromRecord {
			if strings.EqualFold(f.Name, name) {
				continue next
			}
		}
		add(f.Name, f.Value)
	}
	add("Content-Length", strconv.FormatInt(length, 10))
	h.WriteString("\r\n")
	if bad != "" {
		return fmt.Errorf("warc: WriteRecord: header field %q contains a line break or colon", bad)
	}

	out := w.w
	if w.gzip {
		if w.zw == nil {
			w.zw = gzip.NewWriter(w.w)
		} else {
			w.zw.Reset(w.w)
		}
		out = w.zw
	}
	if _, err := out.Write(h.Bytes()); err != nil {
		return fmt.Errorf("warc: WriteRecord: %w", err)
	}
	n, err := io.Copy(out, io.LimitReader(body, length))
	if err != nil {
		return fmt.Errorf("warc: WriteRecord: copying body: %w", err)
	}
	if n < length {
		return fmt.Errorf("warc: WriteRecord: body has %d bytes, ContentLength says %d", n, length)
	}
	if _, err := io.WriteString(out, "\r\n\r\n"); err != nil {
		return fmt.Errorf("warc: WriteRecord: %w", err)
	}
	if w.gzip {
		if err := w.zw.Close(); err != nil {
			return fmt.Errorf("warc: WriteRecord: %w", err)
		}
	}
	return nil
}

// WriteResponse writes a response record for an HTTP response with the
// given status, header and body, captured from targetURI at date. The body
// is written as given: if header names a Content-Encoding or chunked
// Transfer-Encoding, body must already be encoded so.
func (w *Writer) WriteResponse(targetURI string, date time.Time, status int, header http.Header, body []byte) error {
	var b bytes.Buffer
	fmt.Fprintf(&b, "HTTP/1.1 %d %s\r\n", status, http.StatusText(status))
	if err := header.Write(&b); err != nil {
		return fmt.Errorf("warc: WriteResponse: %w", err)
	}
	b.WriteString("\r\n")
	b.Write(body)
	return w.WriteRecord(&Record{
		Type:          TypeResponse,
		TargetURI:     targetURI,
		Date:          date,
		ContentType:   "application/http; msgtype=response",
		ContentLength: int64(b.Len()),
		Body:          &b,
	})
}

// formatDate formats a WARC-Date: whole seconds for versions before 1.1,
// which do not allow fractions.
func formatDate(t time.Time, version string) string {
	t = t.UTC()
	if version == "1.1" && t.Nanosecond() != 0 {
		return t.Format(time.RFC3339Nano)
	}
	return t.Format("2006-01-02T15:04:05Z")
}

// NewRecordID returns a new random record ID of the form
// "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>".
func NewRecordID() string {
	var u [16]byte
	_, _ = rand.Read(u[:])
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("<urn:uuid:%x-%x-%x-%x-%x>", u[0:4], u[4:6], u[6:8], u[8:10], u[10:])
}
