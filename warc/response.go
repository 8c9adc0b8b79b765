package warc

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/textproto"
	"strconv"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// DefaultMaxResponseBody is the body size cap of ReadResponse.
const DefaultMaxResponseBody = 16 << 20

// maxHTTPHeader caps the size of the HTTP header ReadResponse accepts.
const maxHTTPHeader = 1 << 20

// Response is an HTTP response read from a WARC record.
type Response struct {
	// Proto is the protocol of the status line, such as "HTTP/1.1".
	Proto string

	// StatusCode is the three-digit status code, and Reason the reason
	// phrase after it, which may be empty.
	StatusCode int
	Reason     string

	// Header holds the HTTP header fields, keys in canonical form, repeated
	// fields in order.
	Header http.Header

	// ContentType is the media type of the Content-Type field, lower-case
	// and without parameters, such as "text/html"; the full value (with
	// the charset) is in Header.
	ContentType string

	// Date and LastModified are the parsed Date and Last-Modified fields,
	// zero when absent or malformed.
	Date         time.Time
	LastModified time.Time

	// Body is the payload with chunked transfer coding and content coding
	// undone, at most the cap given to ReadResponseLimit.
	Body []byte

	// Truncated reports that Body is incomplete: it reached the cap, the
	// record was cut short, or a compressed payload ended early (Body then
	// holds what could be decoded).
	Truncated bool

	// BadChunking reports that the header declared chunked transfer coding
	// but the payload was not validly chunked, so Body holds it as stored.
	BadChunking bool

	// Undecoded reports that the Content-Encoding could not be undone, so
	// Body holds the payload as stored: still compressed, or (often)
	// already decoded by the crawler that wrote the file. DecodeErr says
	// why.
	Undecoded bool

	// DecodeErr is the error met undoing the transfer or content coding, if
	// any, including an early end of compressed data.
	DecodeErr error

	// ReadErr is the error that ended the record's block before its
	// Content-Length, if any: the input ends inside the record (it wraps
	// ErrTruncated), its gzip data is damaged (ErrCorrupt), or reading
	// failed. Body holds what came before, and Truncated is set. The
	// Reader does not report the error again.
	ReadErr error
}

// ReadResponse reads the HTTP response held in a response or revisit record
// (Content-Type application/http), with a body capped at
// DefaultMaxResponseBody. It consumes rec.Body. See ReadResponseLimit.
func ReadResponse(rec *Record) (*Response, error) {
	return ReadResponseLimit(rec, DefaultMaxResponseBody)
}

// ReadResponseLimit is like ReadResponse with a body cap of maxBody bytes,
// which applies both to the payload as stored and to the decoded result.
//
// It is lenient: lines may end in a bare LF, the reason phrase may be
// missing, fields may repeat, and malformed header lines are skipped. When
// the payload is not chunked or compressed as its header says, Body holds it
// as stored and BadChunking or Undecoded is set. It returns an error wrapping
// ErrNotHTTP for records of other types or without an HTTP status line, and
// other errors only when the header cannot be read. A revisit record usually
// yields a Response with an empty Body.
func ReadResponseLimit(rec *Record, maxBody int64) (*Response, error) {
	if rec == nil || rec.Body == nil {
		return nil, fmt.Errorf("%w: no record body", ErrNotHTTP)
	}
	if rec.Type != TypeResponse && rec.Type != TypeRevisit {
		return nil, fmt.Errorf("%w: record type %q", ErrNotHTTP, rec.Type)
	}
	if ct := strings.ToLower(rec.ContentType); ct != "" && !strings.HasPrefix(ct, "application/http") {
		return nil, fmt.Errorf("%w: content type %q", ErrNotHTTP, rec.ContentType)
	}
	if maxBody < 0 {
		maxBody = 0
	}
	br := bufio.NewReaderSize(rec.Body, 8<<10)
	resp := &Response{Header: make(http.Header)}
	if err := resp.readHead(br); err != nil {
		return nil, fmt.Errorf("record %s (%s): %w", rec.ID, rec.TargetURI, err)
	}

	// The block's length is known: read the payload into one buffer of
	// that size instead of growing one.
	hint := int64(br.Buffered())
	if b, ok := rec.Body.(*body); ok {
		hint += b.limit
	}
	raw, err := readAll(io.LimitReader(br, maxBody+1), min(hint, maxBody+1))
	if err != nil {
		// The record was cut short: keep what there is.
		resp.Truncated, resp.ReadErr = true, err
	}
	if int64(len(raw)) > maxBody {
		raw = raw[:maxBody]
		resp.Truncated = true
	}
	resp.Body = raw
	resp.decode(maxBody)
	return resp, nil
}

// readHead reads the status line and header fields.
func (resp *Response) readHead(br *bufio.Reader) error {
	budget := maxHTTPHeader
	var line []byte
	var err error
	// Some writers leave blank lines before the status line.
	for len(line) == 0 {
		line, err = readHTTPLine(br, &budget)
		if err != nil && len(line) == 0 {
			return fmt.Errorf("%w: no status line: %w", ErrNotHTTP, err)
		}
		line = bytes.TrimSpace(line)
	}
	if err := resp.parseStatus(string(line)); err != nil {
		return err
	}
	var last string
	var folded []byte // value of the last field, while continuation lines come
	flush := func() {
		if folded != nil {
			vs := resp.Header[last]
			vs[len(vs)-1] = string(folded)
			folded = nil
		}
	}
	defer flush()
	for {
		line, err := readHTTPLine(br, &budget)
		if len(bytes.TrimSpace(line)) == 0 {
			if err != nil && err != io.EOF {
				return err
			}
			break // end of header, or of the record
		}
		if line[0] == ' ' || line[0] == '\t' {
			if last != "" {
				if folded == nil {
					vs := resp.Header[last]
					folded = []byte(vs[len(vs)-1])
				}
				folded = append(append(folded, ' '), bytes.TrimSpace(line)...)
			}
		} else if name, value, ok := bytes.Cut(line, []byte(":")); ok && validFieldName(bytes.TrimSpace(name)) {
			flush()
			last = textproto.CanonicalMIMEHeaderKey(string(bytes.TrimSpace(name)))
			resp.Header[last] = append(resp.Header[last], string(bytes.TrimSpace(value)))
		}
		if err != nil {
			if err == io.EOF {
				break
			}
			return err
		}
	}
	flush()
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil {
			mt, _, _ = strings.Cut(ct, ";")
		}
		resp.ContentType = strings.ToLower(strings.TrimSpace(mt))
	}
	resp.Date = parseHTTPDate(resp.Header.Get("Date"))
	resp.LastModified = parseHTTPDate(resp.Header.Get("Last-Modified"))
	return nil
}

// parseStatus parses a status line such as "HTTP/1.1 200 OK", tolerating a
// missing reason phrase and extra spaces.
func (resp *Response) parseStatus(line string) error {
	if len(line) < 5 || !strings.EqualFold(line[:5], "HTTP/") {
		return fmt.Errorf("%w: status line %q", ErrNotHTTP, truncate(line, 40))
	}
	proto, rest, _ := strings.Cut(line, " ")
	rest = strings.TrimLeft(rest, " ")
	code, reason, _ := strings.Cut(rest, " ")
	n, err := strconv.Atoi(code)
	if err != nil || len(code) != 3 {
		return fmt.Errorf("%w: bad status code in %q", ErrNotHTTP, truncate(line, 40))
	}
	resp.Proto, resp.StatusCode, resp.Reason = proto, n, strings.TrimSpace(reason)
	return nil
}

// readHTTPLine reads a line ending in LF or CRLF and returns it without its
// ending, charging its length to budget.
func readHTTPLine(br *bufio.Reader, budget *int) ([]byte, error) {
	var buf []byte
	for {
		frag, err := br.ReadSlice('\n')
		*budget -= len(frag)
		if *budget < 0 {
			return nil, errors.New("warc: HTTP header too large")
		}
		buf = append(buf, frag...)
		if err == bufio.ErrBufferFull {
			continue
		}
		return trimEOL(buf), err
	}
}

func validFieldName(b []byte) bool {
	if len(b) == 0 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c >= 0x7f || c == ':' {
			return false
		}
	}
	return true
}

func truncate(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// decode undoes the transfer and content codings of resp.Body.
func (resp *Response) decode(maxBody int64) {
	if hasToken(resp.Header.Values("Transfer-Encoding"), "chunked") {
		body, complete, err := dechunk(resp.Body, maxBody)
		switch {
		case err != nil:
			resp.BadChunking = true
			resp.DecodeErr = err
		default:
			resp.Body = body
			if !complete {
				resp.Truncated = true
			}
		}
	}
	var codings []string
	for _, v := range resp.Header.Values("Content-Encoding") {
		for _, c := range strings.Split(v, ",") {
			c = strings.ToLower(strings.TrimSpace(c))
			if c != "" && c != "identity" && c != "none" {
				codings = append(codings, c)
			}
		}
	}
	body := resp.Body
	if len(body) == 0 {
		return // a revisit record, or a HEAD or 304 response
	}
	for i := len(codings) - 1; i >= 0; i-- {
		out, err := decodeContent(codings[i], body, maxBody)
		if err != nil && len(out) == 0 {
			resp.Undecoded = true
			resp.DecodeErr = fmt.Errorf("warc: Content-Encoding %s: %w", codings[i], err)
			return
		}
		if err != nil {
			// Decoded in part, then the data ended or went bad.
			resp.Truncated = true
			resp.DecodeErr = fmt.Errorf("warc: Content-Encoding %s: %w", codings[i], err)
		}
		if int64(len(out)) > maxBody {
			out = out[:maxBody]
			resp.Truncated = true
		}
		body = out
	}
	resp.Body = body
}

// decodeContent undoes one content coding, reading at most max+1 bytes of
// output so that the caller can tell the cap was reached.
func decodeContent(coding string, data []byte, max int64) ([]byte, error) {
	var zr io.Reader
	switch coding {
	case "gzip", "x-gzip":
		r, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		zr = r
	case "deflate":
		// Usually zlib-wrapped as the standard says; some servers send
		// raw deflate.
		if r, err := zlib.NewReader(bytes.NewReader(data)); err == nil {
			zr = r
		} else {
			zr = flate.NewReader(bytes.NewReader(data))
		}
	case "br":
		zr = brotli.NewReader(bytes.NewReader(data))
	default:
		return nil, fmt.Errorf("unsupported coding %q", coding)
	}
	var out bytes.Buffer
	_, err := io.Copy(&out, io.LimitReader(zr, max+1))
	if errors.Is(err, gzip.ErrHeader) && out.Len() > 0 {
		err = nil // bytes after the gzip data, which we ignore
	}
	return out.Bytes(), err
}

// dechunk undoes chunked transfer coding, keeping at most max bytes. It
// returns complete=false if data ends before the last chunk, and an error if
// data is not chunked as the standard says.
func dechunk(data []byte, max int64) (out []byte, complete bool, err error) {
	for {
		line, rest, ok := bytes.Cut(data, []byte("\n"))
		if !ok {
			if len(bytes.TrimSpace(data)) > 0 && len(out) == 0 {
				return nil, false, errors.New("warc: chunked body without chunk size line")
			}
			return out, false, nil
		}
		sizeText, _, _ := bytes.Cut(line, []byte(";"))
		sizeText = bytes.TrimSpace(sizeText)
		size, perr := strconv.ParseUint(string(sizeText), 16, 63)
		if perr != nil || len(sizeText) == 0 {
			return nil, false, fmt.Errorf("warc: bad chunk size %q", truncate(string(sizeText), 20))
		}
		if size == 0 {
			return out, true, nil // trailer fields are ignored
		}
		data = rest
		if uint64(len(data)) < size {
			out = appendCapped(out, data, max)
			return out, false, nil
		}
		out = appendCapped(out, data[:size], max)
		data = data[size:]
		switch {
		case bytes.HasPrefix(data, []byte("\r\n")):
			data = data[2:]
		case bytes.HasPrefix(data, []byte("\n")):
			data = data[1:]
		case len(data) == 0 || bytes.Equal(data, []byte("\r")):
			return out, false, nil
		default:
			return nil, false, errors.New("warc: chunk not followed by a line end")
		}
	}
}

func appendCapped(out, b []byte, max int64) []byte {
	if room := max - int64(len(out)); int64(len(b)) > room {
		b = b[:room]
	}
	return append(out, b...)
}

// hasToken reports whether a comma-separated field value contains token.
func hasToken(values []string, token string) bool {
	for _, v := range values {
		for _, t := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(t), token) {
				return true
			}
		}
	}
	return false
}

// httpDateLayouts are the date forms of HTTP (RFC 9110: IMF-fixdate, RFC
// 850, asctime) and common deviations from them.
var httpDateLayouts = []string{
	http.TimeFormat,
	time.RFC1123,
	time.RFC1123Z,
	time.RFC850,
	time.ANSIC,
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 02-Jan-2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
	time.RFC3339,
}

// parseHTTPDate parses an HTTP date, returning the zero time if it cannot.
func parseHTTPDate(s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range httpDateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// readAll reads r to its end into a buffer sized for hint bytes, growing
// it only if r has more.
func readAll(r io.Reader, hint int64) ([]byte, error) {
	b := make([]byte, 0, max(hint+1, 512)) // +1: room to see the end
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
