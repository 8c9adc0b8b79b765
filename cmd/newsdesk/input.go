package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/bits"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"newsdesk/internal/safedial"
)

// inputKind tells where the bytes of an input come from.
type inputKind int

const (
	inputFile inputKind = iota
	inputStdin
	inputURL
)

// input is one page to extract.
type input struct {
	kind inputKind
	// name is the path, the URL, or "-" for stdin.
	name string
	// outName is the base name of the output file (with --out), without
	// extension.
	outName string
	// err, when set, is the reason the input cannot be read, found while
	// listing it.
	err error
	// site is the site whose template the input is read again with.
	site string
}

// String returns the name under which the input is reported.
func (in *input) String() string {
	if in.kind == inputStdin {
		return "stdin"
	}
	return in.name
}

// page is the raw content of an input with what is known about it.
type page struct {
	raw         []byte
	contentType string
	url         string
	// truncated is set when the input was longer than the read limit.
	truncated bool
}

// pageSuffixes are the file names taken from a directory, lower-cased.
var pageSuffixes = []string{".html", ".htm", ".html.gz", ".htm.gz"}

// expandInputs turns the command-line paths into inputs, reading the page
// files of each directory in name order. A path that cannot be looked at
// becomes an input all the same, and fails when it is read. Directories
// without pages are returned in empty, to be reported as warnings.
func expandInputs(paths []string) (inputs []*input, empty []string, err error) {
	stdin := false
	for _, p := range paths {
		switch {
		case p == "-":
			if stdin {
				return nil, nil, errors.New(`"-" (stdin) given more than once`)
			}
			stdin = true
			inputs = append(inputs, &input{kind: inputStdin, name: p})
			continue
		case isURL(p):
			if _, err := url.Parse(p); err != nil {
				return nil, nil, fmt.Errorf("bad URL %q: %w", p, err)
			}
			inputs = append(inputs, &input{kind: inputURL, name: p})
			continue
		}
		fi, err := os.Stat(p)
		if err != nil || !fi.IsDir() {
			inputs = append(inputs, &input{kind: inputFile, name: p})
			continue
		}
		entries, err := os.ReadDir(p)
		if err != nil {
			inputs = append(inputs, &input{kind: inputFile, name: p, err: pathErr(err)})
			continue
		}
		n := len(inputs)
		for _, e := range entries { // ReadDir sorts by name
			if e.IsDir() || !isPageFile(e.Name()) {
				continue
			}
			inputs = append(inputs, &input{kind: inputFile, name: filepath.Join(p, e.Name())})
		}
		if len(inputs) == n {
			empty = append(empty, p)
		}
	}
	return inputs, empty, nil
}

func isURL(s string) bool {
	l := strings.ToLower(s)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func isPageFile(name string) bool {
	l := strings.ToLower(name)
	return slices.ContainsFunc(pageSuffixes, func(s string) bool { return strings.HasSuffix(l, s) })
}

// assignOutNames gives every input a distinct output base name: the file
// name without .html, .htm and .gz; for a URL, the last path segment or the
// host; "stdin" for stdin. Clashes, compared case-insensitively as on some
// file systems, get "-2", "-3", … appended in input order.
func assignOutNames(inputs []*input) {
	used := make(map[string]bool)
	for _, in := range inputs {
		base := baseName(in)
		name := base
		for i := 2; used[strings.ToLower(name)]; i++ {
			name = fmt.Sprintf("%s-%d", base, i)
		}
		used[strings.ToLower(name)] = true
		in.outName = name
	}
}

func baseName(in *input) string {
	var name string
	switch in.kind {
	case inputStdin:
		return "stdin"
	case inputURL:
		u, err := url.Parse(in.name)
		if err != nil {
			break
		}
		name = path.Base(strings.TrimRight(u.Path, "/"))
		if name == "." || name == "/" || name == "" {
			name = u.Hostname()
		}
	default:
		name = filepath.Base(in.name)
	}
	name = trimPageExt(name)
	name = sanitizeName(name)
	if name == "" || name == "." || name == ".." {
		name = "page"
	}
	return name
}

// trimPageExt removes a trailing ".gz", then ".html" or ".htm", in any case.
func trimPageExt(name string) string {
	for _, ext := range []string{".gz", ".html", ".htm"} {
		if len(name) > len(ext) && strings.EqualFold(name[len(name)-len(ext):], ext) {
			name = name[:len(name)-len(ext)]
			if ext != ".gz" {
				break
			}
		}
	}
	return name
}

// sanitizeName keeps letters, digits and ".-_" of a file name, replaces any
// other rune by "_" and caps the length at 100 bytes.
func sanitizeName(s string) string {
	var sb strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_' {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('_')
		}
		if sb.Len() >= 100 {
			break
		}
	}
	out := sb.String()
	for !utf8.ValidString(out) {
		out = out[:len(out)-1]
	}
	return strings.TrimLeft(out, ".")
}

// reader reads the inputs of one extract run.
type reader struct {
	stdin     io.Reader
	client    *http.Client
	userAgent string
	// limit is the number of bytes read of a page; more sets truncated.
	// Negative means no limit.
	limit int64
}

// read returns the bytes of the page named by in, gunzipped when they are
// gzip-compressed.
func (r *reader) read(ctx context.Context, in *input) (*page, error) {
	if in.err != nil {
		return nil, in.err
	}
	switch in.kind {
	case inputStdin:
		return r.readFrom(r.stdin, &page{}, sizeHint{})
	case inputURL:
		return r.fetch(ctx, in.name)
	default:
		f, err := os.Open(in.name)
		if err != nil {
			return nil, pathErr(err)
		}
		defer f.Close()
		p, err := r.readFile(f)
		return p, pathErr(err)
	}
}

// pathErr drops the operation and path of a *fs.PathError: the message
// already names the input.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// fetch gets a page over HTTP(S).
func (r *reader) fetch(ctx context.Context, rawURL string) (*page, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("User-Agent", r.userAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5")
	resp, err := r.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL is in the message already
		}
		if errors.Is(err, safedial.ErrPrivateAddress) {
			var oe *net.OpError
			if errors.As(err, &oe) {
				err = oe.Err // drop "dial tcp ADDR:PORT"
			}
			return nil, fmt.Errorf("fetch: %w (--allow-private-networks allows it)", err)
		}
		return nil, fmt.Errorf("fetch: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("fetch: HTTP status %s", resp.Status)
	}
	p := &page{contentType: resp.Header.Get("Content-Type"), url: resp.Request.URL.String()}
	if mt, _, err := mime.ParseMediaType(p.contentType); err == nil && (mt == "application/gzip" || mt == "application/x-gzip") {
		p.contentType = "" // the page inside has its own type
	}
	p, err = r.readFrom(resp.Body, p, sizeHint{})
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	return p, nil
}

// sizeHint is what is known beforehand of an input's size: the bytes of
// a file, and what a gzip file says it holds unpacked (ISIZE, modulo
// 2³²). Zero when unknown; a hint only sizes buffers.
type sizeHint struct {
	size, gunzipped int64
}

// maxWholeFile is the largest file read whole before it is gunzipped;
// larger ones are read as a stream.
const maxWholeFile = 32 << 20

// readFile reads the page in the file f, like readFrom. A regular file up
// to maxWholeFile is read whole at once, and gunzipped from memory into a
// buffer of the size its gzip trailer gives.
func (r *reader) readFile(f *os.File) (*page, error) {
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() > maxWholeFile {
		return r.readFrom(f, &page{}, sizeHint{})
	}
	comp, err := readAll(f, getBuf(int(fi.Size())+1))
	if err != nil {
		putBuf(comp)
		return nil, err
	}
	if len(comp) < 2 || comp[0] != 0x1f || comp[1] != 0x8b {
		p := &page{raw: comp}
		if r.limit >= 0 && int64(len(comp)) > r.limit {
			p.raw, p.truncated = comp[:r.limit+1], true
		}
		return p, nil
	}
	defer putBuf(comp)
	var hint sizeHint
	if n := len(comp); n >= 4 {
		hint.gunzipped = int64(comp[n-4]) | int64(comp[n-3])<<8 | int64(comp[n-2])<<16 | int64(comp[n-1])<<24
	}
	return r.readFrom(bytes.NewReader(comp), &page{}, hint)
}

// maxReadHint caps the buffer a size hint reserves at once: larger pages
// grow it as they are read.
const maxReadHint = 64 << 20

// readFrom reads up to the limit from rd into p.raw, decompressing gzip
// (recognised by its magic bytes) on the way; hint sizes the buffers.
func (r *reader) readFrom(rd io.Reader, p *page, hint sizeHint) (*page, error) {
	var src io.Reader
	var magic []byte
	if b, ok := rd.(*bytes.Reader); ok {
		// Read by the decompressor as it is: its fastest path.
		var m [2]byte
		n, _ := b.ReadAt(m[:], b.Size()-int64(b.Len()))
		src, magic = b, m[:n]
	} else {
		br := bufio.NewReader(rd)
		magic, _ = br.Peek(2)
		src = br
	}
	want := hint.size
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, _ := gzipReaders.Get().(*gzip.Reader)
		if zr == nil {
			zr = new(gzip.Reader)
		}
		if err := zr.Reset(src); err != nil {
			return nil, fmt.Errorf("gzip: %w", err)
		}
		defer gzipReaders.Put(zr)
		src = zr
		want = hint.gunzipped
	}
	if r.limit >= 0 {
		// One byte more than the limit tells the extractor to truncate.
		src = io.LimitReader(src, r.limit+1)
		want = min(want, r.limit+1)
	}
	raw, err := readAll(src, getBuf(int(min(want, maxReadHint))+1))
	if err != nil {
		putBuf(raw)
		return nil, err
	}
	if r.limit >= 0 && int64(len(raw)) > r.limit {
		p.truncated = true
	}
	p.raw = raw
	return p, nil
}

// gzipReaders keeps gzip readers, and their decompressor's window,
// between pages.
var gzipReaders sync.Pool

// bufPools keeps page buffers between pages: pool c holds buffers of
// capacity 1<<c.
var bufPools [26]sync.Pool

// getBuf returns an empty buffer with room for n bytes.
func getBuf(n int) []byte {
	c := max(bits.Len(uint(n-1)), 12)
	if c >= len(bufPools) {
		return make([]byte, 0, n)
	}
	if b, ok := bufPools[c].Get().(*[]byte); ok {
		return (*b)[:0]
	}
	return make([]byte, 0, 1<<c)
}

// putBuf hands b back for getBuf; b must not be used afterwards.
func putBuf(b []byte) {
	c := bits.Len(uint(cap(b))) - 1
	if c < 12 || c >= len(bufPools) {
		return
	}
	b = b[: 0 : 1<<c]
	bufPools[c].Put(&b)
}

// readAll appends what src holds to b, and returns it: io.ReadAll into a
// buffer of the caller's.
func readAll(src io.Reader, b []byte) ([]byte, error) {
	for {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		n, err := src.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err == io.EOF {
			return b, nil
		}
		if err != nil {
			return b, err
		}
	}
}
