package fetch

import (
	"bufio"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/andybalholm/brotli"
)

// acceptEncoding is the Accept-Encoding header the fetcher sends; it
// decodes each of these itself.
const acceptEncoding = "gzip, deflate, br"

// errDecode marks a body whose content coding is broken or unknown; such a
// response is not retried.
var errDecode = errors.New("cannot decode body")

// wireReader reads the body as it comes off the connection, at most limit
// bytes, and remembers a read error so that a broken connection can be told
// apart from a broken encoding.
type wireReader struct {
	r      io.Reader
	n      int64
	limit  int64
	capped bool  // the limit was reached
	err    error // a read error other than io.EOF
}

func (w *wireReader) Read(p []byte) (int, error) {
	if w.n >= w.limit {
		w.capped = true
		return 0, io.EOF
	}
	if rest := w.limit - w.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := w.r.Read(p)
	w.n += int64(n)
	if err != nil && err != io.EOF {
		w.err = err
	}
	return n, err
}

// readBody reads body, undoing the content codings listed in encoding (a
// Content-Encoding header value), and returns at most limit decoded bytes;
// truncated reports that there were more. An error from the connection is
// returned as it is; an error in the encoding wraps errDecode.
func readBody(body io.Reader, encoding string, limit int64) (data []byte, truncated bool, err error) {
	codings := parseCodings(encoding)
	wireLimit := limit + 1
	if len(codings) > 0 {
		// A compressed body is never much longer than the decoded one;
		// the slack covers block headers of incompressible data.
		wireLimit = limit + limit/64 + 4096
	}
	wire := &wireReader{r: body, limit: wireLimit}
	br := bufio.NewReader(wire)
	if _, err := br.Peek(1); err != nil {
		if wire.err != nil {
			return nil, false, wire.err
		}
		return nil, false, nil // an empty body, whatever its coding
	}

	var r io.Reader = br
	for i := len(codings) - 1; i >= 0; i-- {
		r, err = decoder(codings[i], r)
		if err != nil {
			if wire.err != nil {
				return nil, false, wire.err
			}
			return nil, false, fmt.Errorf("%w: %s: %w", errDecode, codings[i], err)
		}
	}
	data, err = io.ReadAll(io.LimitReader(r, limit+1))
	if c, ok := r.(io.Closer); ok {
		c.Close()
	}
	if int64(len(data)) > limit {
		return data[:limit], true, nil
	}
	switch {
	case wire.err != nil:
		return data, false, wire.err
	case wire.capped:
		// The decoder stopped because we stopped feeding it.
		return data, true, nil
	case err != nil:
		return data, false, fmt.Errorf("%w: %s: %w", errDecode, encoding, err)
	}
	return data, false, nil
}

// parseCodings splits a Content-Encoding value into its codings, in the
// order they were applied, dropping "identity".
func parseCodings(s string) []string {
	var out []string
	for c := range strings.SplitSeq(s, ",") {
		c = strings.ToLower(strings.TrimSpace(c))
		if c != "" && c != "identity" {
			out = append(out, c)
		}
	}
	return out
}

// decoder returns a reader undoing one content coding.
func decoder(coding string, r io.Reader) (io.Reader, error) {
	switch coding {
	case "gzip", "x-gzip":
		return gzip.NewReader(r)
	case "deflate":
		// "deflate" means zlib-wrapped deflate (RFC 9110), but some
		// servers send a raw deflate stream: tell them apart by the
		// zlib header.
		br, ok := r.(*bufio.Reader)
		if !ok {
			br = bufio.NewReader(r)
		}
		if h, err := br.Peek(2); err == nil && isZlibHeader(h[0], h[1]) {
			return zlib.NewReader(br)
		}
		return flate.NewReader(br), nil
	case "br":
		return brotli.NewReader(r), nil
	default:
		return nil, errors.New("unsupported content coding")
	}
}

// isZlibHeader reports whether cmf and flg start a zlib stream: deflate
// with a window of at most 32 KiB, and a valid header checksum.
func isZlibHeader(cmf, flg byte) bool {
	return cmf&0x0f == 8 && cmf>>4 <= 7 && (uint16(cmf)<<8|uint16(flg))%31 == 0
}
