package warc

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/klauspost/compress/gzip"
)

// DefaultMaxHeaderSize is the default for Reader.MaxHeaderSize.
const DefaultMaxHeaderSize = 1 << 20

// MaxContentLength is the largest Content-Length a record may declare, a
// terabyte. Next reports a larger one as malformed and reads on at the
// next record, rather than take the rest of the input for its block.
const MaxContentLength = 1 << 40

// errBodyClosed is returned when a Body is read after the next call to Next.
var errBodyClosed = errors.New("warc: record body read after Next")

// Reader reads WARC records one at a time from an uncompressed or
// gzip-compressed stream. Set its options before the first call to Next.
type Reader struct {
	// MaxBodySize, if positive, caps how many bytes of each record block
	// Record.Body offers; records with more are flagged Truncated and the
	// rest of their block is skipped.
	MaxBodySize int64

	// MaxHeaderSize caps the size of one record header in bytes. A larger
	// header is reported as malformed and skipped. Zero means
	// DefaultMaxHeaderSize.
	MaxHeaderSize int

	// KeepMembers makes the reader hold on to the compressed bytes of the
	// current gzip member, so that Member can return them.
	KeepMembers bool

	d   *decoder
	dec *bufio.Reader // the decoded stream, record by record

	cur  *body  // body of the last record returned
	done bool   // no more records
	line []byte // a version line found while skipping garbage, not yet used
	off  int64  // offset of line
	buf  []byte // scratch for header lines

	lineLen int // length of the last line read, with its line ending

	pending error // an error met by Member, for the next call to Next
	recOut  int64 // decoded offset of the current record, -1 if unknown
}

// NewReader returns a Reader for the WARC stream in r, which may be
// uncompressed or gzip-compressed (one member per record, or one for the
// whole file). It reads the first bytes of r to tell which, and returns an
// error wrapping ErrUnsupported for ARC files and other compressions.
func NewReader(r io.Reader) (*Reader, error) {
	d := &decoder{}
	d.raw.r = r
	// The first bytes are kept in case KeepMembers is set before Next.
	d.raw.keep = true
	d.src = bufio.NewReaderSize(&d.raw, 64<<10)
	head, err := d.src.Peek(16)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("warc: reading start of input: %w", err)
	}
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		d.gzip = true
		d.done = true // the first member opens on the first read
	case bytes.HasPrefix(head, []byte("filedesc:")):
		return nil, fmt.Errorf("%w: ARC file", ErrUnsupported)
	case bytes.HasPrefix(head, []byte{0x28, 0xb5, 0x2f, 0xfd}):
		return nil, fmt.Errorf("%w: zstd-compressed input", ErrUnsupported)
	case bytes.HasPrefix(head, []byte("BZh")):
		return nil, fmt.Errorf("%w: bzip2-compressed input", ErrUnsupported)
	case !bytes.HasPrefix(head, []byte("WARC/")):
		// Damaged or junk-prefixed input: it is gzip if a gzip member
		// starts before any record header does.
		ahead, _ := d.src.Peek(64 << 10)
		g := bytes.Index(ahead, []byte{0x1f, 0x8b, 0x08})
		if w := bytes.Index(ahead, []byte("WARC/")); g >= 0 && (w < 0 || g < w) {
			d.gzip = true
			d.done = true
		}
	}
	// Only gzip members are kept; from the first member on, KeepMembers
	// decides.
	d.raw.keep = d.gzip
	return &Reader{d: d, dec: bufio.NewReaderSize(d, 64<<10)}, nil
}

// Next returns the next record, or io.EOF when there are no more. What is
// left unread of the previous record's Body is skipped first.
//
// Any other error describes damage in the input: the previous record's body
// was cut short (ErrTruncated), compressed data could not be decoded
// (ErrCorrupt), bytes that are not WARC were skipped (ErrFormat), or the
// underlying reader failed. The returned record is then nil, and the next
// call resumes at the next record that can be found or returns io.EOF.
func (r *Reader) Next() (*Record, error) {
	if r.cur != nil {
		err := r.cur.finish()
		r.cur = nil
		if err != nil {
			return nil, err
		}
	}
	if err := r.pending; err != nil {
		r.pending = nil
		return nil, err
	}
	r.d.keep = r.KeepMembers && r.d.gzip
	if r.done {
		return nil, io.EOF
	}

	line, off := r.line, r.off
	r.line = nil
	r.recOut = -1
	if line == nil {
		var err error
		line, off, err = r.nextLine()
		if err != nil {
			return nil, err
		}
	}
	if !isVersionLine(line) {
		if off == 0 && bytes.HasPrefix(line, []byte("filedesc:")) {
			r.done = true
			return nil, fmt.Errorf("%w: ARC file", ErrUnsupported)
		}
		return nil, r.skipGarbage(off, r.lineLen)
	}
	rec := &Record{Version: string(bytes.TrimSpace(line[len("WARC/"):])), Offset: off}
	if err := r.readHeader(rec); err != nil {
		return nil, err
	}

	cl, err := strconv.ParseInt(strings.TrimSpace(rec.Header.Get("Content-Length")), 10, 64)
	switch {
	case err != nil || cl < 0:
		return nil, r.badLength(fmt.Errorf("%w: record at offset %d has no valid Content-Length (%q)",
			ErrFormat, off, rec.Header.Get("Content-Length")), off)
	case cl > MaxContentLength:
		return nil, r.badLength(fmt.Errorf("%w: record at offset %d has an absurd Content-Length of %d bytes (more than %d)",
			ErrFormat, off, cl, int64(MaxContentLength)), off)
	}
	rec.ContentLength = cl
	b := &body{r: r, rec: rec, remain: cl, limit: cl}
	if r.MaxBodySize > 0 && cl > r.MaxBodySize {
		b.limit = r.MaxBodySize
		rec.Truncated = true
	}
	if cl == 0 {
		r.d.cross = false
	}
	rec.Body = b
	r.cur = b
	return rec, nil
}

// badLength returns err, about the Content-Length of the record at off,
// after skipping the record's block: without a length, it is taken to
// run up to the next line that starts a record. The skipped bytes are
// part of the record err reports, and are not reported again.
func (r *Reader) badLength(err error, off int64) error {
	if serr := r.skipGarbage(off, 0); serr != nil && !errors.Is(serr, ErrFormat) {
		r.pending = serr
	}
	return err
}

// MaxMember caps the size of a gzip member that Member returns.
const MaxMember = 16 << 20

// Member returns the gzip member holding the record last returned by Next,
// as the input has it, so that a record can be kept compressed without
// compressing it again. What is left of the record's body is skipped. It
// returns nil unless KeepMembers is set and the member holds this one
// whole record and nothing else, and is at most MaxMember bytes. The bytes
// are valid until the next call to Next.
func (r *Reader) Member() []byte {
	b := r.cur
	if !r.KeepMembers || !r.d.gzip || b == nil || b.closed {
		return nil
	}
	if err := b.finish(); err != nil {
		b.reported = true // Next reports it, once
		r.pending = err
		return nil
	}
	if b.rec.Truncated || r.d.start != b.rec.Offset || r.recOut != r.d.startOut {
		return nil
	}
	// The member must end with the blank lines that close the record.
	const tail = 16
	rest, err := r.dec.Peek(tail)
	if err != io.EOF {
		if err != nil && err != bufio.ErrBufferFull {
			r.pending = err
		}
		return nil
	}
	if len(bytes.Trim(rest, "\r\n")) > 0 || r.d.pos()-r.d.start > MaxMember {
		return nil
	}
	return r.d.raw.span(r.d.start, r.d.pos())
}

// nextLine skips the blank lines between records and returns the first line
// of the next one, with its offset. At a gzip member boundary it moves on to
// the next member, which the record's offset then names.
func (r *Reader) nextLine() ([]byte, int64, error) {
	r.d.cross = false
	for {
		c, err := r.dec.ReadByte()
		if err == nil {
			if c == '\r' || c == '\n' || c == ' ' || c == '\t' {
				continue
			}
			_ = r.dec.UnreadByte()
			break
		}
		if err != io.EOF {
			return nil, 0, err
		}
		if !r.d.gzip || r.d.err != nil {
			r.done = true
			return nil, 0, io.EOF
		}
		if err := r.d.nextMember(); err != nil {
			if err == io.EOF {
				r.done = true
			}
			return nil, 0, err
		}
	}
	off := r.offset()
	r.recOut = r.d.out - int64(r.dec.Buffered())
	if r.recOut != r.d.startOut {
		// A member of several records: none of them can be kept alone.
		r.d.raw.keep = false
	}
	// A record may continue in the next gzip member (some writers put the
	// header and the block in separate members).
	r.d.cross = true
	line, err := r.readLine(r.maxHeader())
	switch {
	case err == errLineTooLong:
		return nil, off, r.skipGarbage(off, 0)
	case err == io.EOF && len(line) > 0:
		return line, off, nil // the header read will report the truncation
	case err != nil:
		return nil, off, r.endErr(err, off)
	}
	return line, off, nil
}

// readHeader reads the header fields of rec up to the blank line that ends
// them.
func (r *Reader) readHeader(rec *Record) error {
	budget := r.maxHeader()
	var folded []byte // value of the last field, while continuation lines come
	flush := func() {
		if folded != nil {
			rec.Header[len(rec.Header)-1].Value = string(folded)
			folded = nil
		}
	}
	defer flush()
	for {
		lineOff := r.offset()
		line, err := r.readLine(budget)
		if err == errLineTooLong {
			return r.skipGarbage(rec.Offset, 0)
		}
		if err == io.EOF {
			r.done = true
			return fmt.Errorf("%w: input ends inside the header of the record at offset %d", ErrTruncated, rec.Offset)
		}
		if err != nil {
			// Damaged gzip data is corrupt, not truncated, unless the
			// member itself ends early.
			return fmt.Errorf("%w; in the header of the record at offset %d", err, rec.Offset)
		}
		budget -= len(line) + 2
		if len(bytes.TrimSpace(line)) == 0 {
			break
		}
		if (line[0] == ' ' || line[0] == '\t') && len(rec.Header) > 0 {
			if folded == nil {
				folded = []byte(rec.Header[len(rec.Header)-1].Value)
			}
			folded = append(append(folded, ' '), bytes.TrimSpace(line)...)
			continue
		}
		flush()
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			if isVersionLine(line) {
				// The header never ended: what we took for a record was
				// garbage, and a new record starts here.
				r.line, r.off = bytes.Clone(line), lineOff
				return fmt.Errorf("%w: unterminated header at offset %d", ErrFormat, rec.Offset)
			}
			continue // tolerate a stray line
		}
		rec.Header = append(rec.Header, Field{
			Name:  string(bytes.TrimSpace(name)),
			Value: string(bytes.TrimSpace(value)),
		})
		if len(rec.Header) > 10000 {
			return r.skipGarbage(rec.Offset, 0)
		}
	}
	flush()
	rec.fill()
	return nil
}

// skipGarbage skips input up to the next line that starts a record, which it
// keeps for the next call to Next, and returns an error saying what it
// skipped. n bytes starting at off have been consumed already.
func (r *Reader) skipGarbage(off int64, n int) error {
	skipped := int64(n)
	for {
		line, err := r.dec.ReadSlice('\n')
		if len(line) > 0 && isVersionLine(line) && err != bufio.ErrBufferFull {
			r.line = bytes.Clone(trimEOL(line))
			r.off = r.offset()
			if !r.d.gzip {
				r.off -= int64(len(line))
			}
			return fmt.Errorf("%w: skipped %d bytes of non-WARC data at offset %d", ErrFormat, skipped, off)
		}
		if len(bytes.TrimSpace(line)) > 0 || err == bufio.ErrBufferFull {
			skipped += int64(len(line))
		}
		for err == bufio.ErrBufferFull {
			line, err = r.dec.ReadSlice('\n')
			skipped += int64(len(line))
		}
		if err != nil {
			if err == io.EOF {
				r.done = true
				return fmt.Errorf("%w: %d bytes of trailing garbage at offset %d", ErrFormat, skipped, off)
			}
			return err
		}
	}
}

// endErr turns an error met while reading a record header into the error to
// report, marking the end of input.
func (r *Reader) endErr(err error, off int64) error {
	if err == io.EOF {
		r.done = true
		return fmt.Errorf("%w: input ends inside the record at offset %d", ErrTruncated, off)
	}
	return err
}

// offset returns the offset that a record starting at the next unread byte
// has: its own offset in uncompressed input, that of the current gzip member
// otherwise.
func (r *Reader) offset() int64 {
	if r.d.gzip {
		return r.d.start
	}
	return r.d.out - int64(r.dec.Buffered())
}

func (r *Reader) maxHeader() int {
	if r.MaxHeaderSize > 0 {
		return r.MaxHeaderSize
	}
	return DefaultMaxHeaderSize
}

var errLineTooLong = errors.New("warc: line too long")

// readLine reads one line of at most max bytes and returns it without its
// line ending. At the end of input it returns the partial line with io.EOF.
// The result is valid until the next read.
func (r *Reader) readLine(max int) ([]byte, error) {
	buf := r.buf[:0]
	defer func() { r.buf = buf[:0] }()
	r.lineLen = 0
	for {
		frag, err := r.dec.ReadSlice('\n')
		r.lineLen += len(frag)
		if len(buf)+len(frag) > max {
			return nil, errLineTooLong
		}
		if err == nil && len(buf) == 0 {
			return trimEOL(frag), nil
		}
		buf = append(buf, frag...)
		switch err {
		case nil:
			return trimEOL(buf), nil
		case bufio.ErrBufferFull:
			continue
		default:
			return buf, err
		}
	}
}

func trimEOL(b []byte) []byte {
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r"))
}

// isVersionLine reports whether line is a record's first line, "WARC/"
// followed by a version number.
func isVersionLine(line []byte) bool {
	return len(line) > 5 && bytes.HasPrefix(line, []byte("WARC/")) && line[5] >= '0' && line[5] <= '9'
}

// body streams one record block.
type body struct {
	r        *Reader
	rec      *Record
	remain   int64 // bytes of the block not yet consumed from the input
	limit    int64 // bytes the caller may still read
	err      error // what ended the block early
	closed   bool
	reported bool // err has been returned to the caller
	verified bool // the rest of the gzip member was checked (verify)
}

func (b *body) Read(p []byte) (int, error) {
	if b.closed {
		return 0, errBodyClosed
	}
	if b.err != nil {
		b.reported = true
		return 0, b.err
	}
	if b.limit <= 0 {
		if err := b.verify(); err != nil {
			return 0, err
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.limit {
		p = p[:b.limit]
	}
	n, err := b.r.dec.Read(p)
	b.consumed(n)
	b.limit -= int64(n)
	if err != nil && b.remain > 0 {
		b.fail(err)
		b.reported = true
		return n, b.err
	}
	return n, nil
}

// verify, once the whole block has been read, decodes the rest of its
// gzip member without consuming it, so that the member's checksum is
// checked before the block is taken as whole: damaged data can decode
// without error up to the member's end, where only the checksum tells.
// It returns the error that makes the block corrupt, if any.
func (b *body) verify() error {
	if b.verified || b.remain != 0 || !b.r.d.gzip {
		return nil
	}
	b.verified = true
	_, err := b.r.dec.Peek(b.r.dec.Size())
	if err == nil || err == io.EOF || errors.Is(err, bufio.ErrBufferFull) {
		return nil
	}
	// What was decoded of the damaged member is no record: the next one
	// starts at the next member.
	b.r.dec.Discard(b.r.dec.Buffered())
	b.rec.Truncated = true
	b.err = fmt.Errorf("%w; in the record at offset %d", err, b.rec.Offset)
	b.reported = true
	return b.err
}

func (b *body) consumed(n int) {
	b.remain -= int64(n)
	if b.remain == 0 {
		// The block is done: do not let the decoded stream run on into
		// the next gzip member, so that the next record's offset is right.
		b.r.d.cross = false
	}
}

// fail records the error that ended the block early.
func (b *body) fail(err error) {
	b.rec.Truncated = true
	if err == io.EOF {
		b.r.done = b.r.done || b.r.d.err != nil || !b.r.d.gzip
		b.err = fmt.Errorf("%w: record at offset %d: block ends %d bytes short of its Content-Length %d",
			ErrTruncated, b.rec.Offset, b.remain, b.rec.ContentLength)
		return
	}
	b.err = fmt.Errorf("%w; in the record at offset %d", err, b.rec.Offset)
}

// finish skips the rest of the block and closes the body. It returns the
// error that cut the block short, unless the caller has seen it already.
func (b *body) finish() error {
	b.closed = true
	for b.err == nil && b.remain > 0 {
		n := b.remain
		if n > 1<<30 {
			n = 1 << 30
		}
		m, err := b.r.dec.Discard(int(n))
		b.consumed(m)
		if err != nil && b.remain > 0 {
			b.fail(err)
		}
	}
	if b.err != nil && !b.reported {
		return b.err
	}
	return nil
}

// countingReader counts the bytes read through it and, if keep is set,
// keeps those of the current gzip member.
type countingReader struct {
	r   io.Reader
	n   int64
	err error

	keep bool
	hist []byte // the bytes read from offset base on: base+len(hist) == n
	base int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if c.keep && len(c.hist)+n <= MaxMember+len(p) {
		c.hist = append(c.hist, p[:n]...)
	} else {
		c.hist, c.base = c.hist[:0], c.n+int64(n)
	}
	c.n += int64(n)
	if err != nil {
		c.err = err
	}
	return n, err
}

// span returns the kept bytes from offset from up to offset to, or nil if
// some of them were not kept.
func (c *countingReader) span(from, to int64) []byte {
	if from < c.base || to > c.n || from > to {
		return nil
	}
	return c.hist[from-c.base : to-c.base]
}

// forget drops the kept bytes before offset off.
func (c *countingReader) forget(off int64) {
	if k := off - c.base; k > 0 && k <= int64(len(c.hist)) {
		c.hist = c.hist[:copy(c.hist, c.hist[k:])]
		c.base = off
	}
}

// decoder turns the raw input into the stream of WARC bytes, decompressing
// gzip members one at a time. At the end of a member it stops with io.EOF
// unless cross is set, so that the reader can note where each record's
// member starts.
type decoder struct {
	raw   countingReader
	src   *bufio.Reader // raw input; gzip reads it byte-exactly
	gzip  bool
	z     gzip.Reader
	done  bool  // the current member is exhausted or broken
	cross bool  // Read may open the next member
	start int64 // offset of the current member
	keep  bool  // keep the bytes of each member (Reader.KeepMembers)
	// startOut is the decoded offset at which the current member starts.
	startOut int64
	out      int64 // decoded bytes returned by Read
	err      error // io.EOF once the input is exhausted
}

// pos returns the offset in the raw input of the next unread byte.
func (d *decoder) pos() int64 { return d.raw.n - int64(d.src.Buffered()) }

func (d *decoder) Read(p []byte) (int, error) {
	for {
		if d.err != nil {
			return 0, d.err
		}
		if !d.gzip {
			n, err := d.src.Read(p)
			d.out += int64(n)
			if err != nil {
				d.err = io.EOF
				if err != io.EOF {
					return n, fmt.Errorf("warc: reading input: %w", err)
				}
			}
			return n, nil
		}
		if d.done {
			if !d.cross {
				return 0, io.EOF
			}
			if err := d.nextMember(); err != nil {
				return 0, err
			}
		}
		n, err := d.z.Read(p)
		d.out += int64(n)
		switch {
		case err == nil:
			return n, nil
		case err == io.EOF:
			d.done = true
			if n > 0 {
				return n, nil
			}
		default:
			return n, d.fail(err)
		}
	}
}

// fail turns a decompression error into the error to report and decides
// whether reading can go on at a later member.
func (d *decoder) fail(err error) error {
	d.done = true
	if d.raw.err != nil && d.raw.err != io.EOF {
		d.err = io.EOF
		return fmt.Errorf("warc: reading input: %w", d.raw.err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		d.err = io.EOF
		return fmt.Errorf("%w: gzip member at offset %d ends early", ErrTruncated, d.start)
	}
	return fmt.Errorf("%w: member at offset %d: %w", ErrCorrupt, d.start, err)
}

// nextMember opens the next gzip member. It returns io.EOF at the end of the
// input. Bytes before the member that are not gzip are skipped and reported
// with an error wrapping ErrFormat; the member is open all the same unless
// the input ended.
func (d *decoder) nextMember() error {
	off := d.pos()
	var skipped int64
	for {
		head, err := d.src.Peek(3)
		if len(head) < 3 {
			n, _ := d.src.Discard(len(head))
			skipped += int64(n)
			d.err = io.EOF
			if err != nil && err != io.EOF {
				return fmt.Errorf("warc: reading input: %w", err)
			}
			if skipped > 0 {
				return fmt.Errorf("%w: %d bytes of trailing garbage at offset %d", ErrFormat, skipped, off)
			}
			return io.EOF
		}
		if gzipHeaderAhead(d.src) {
			d.start, d.startOut = d.pos(), d.out
			d.raw.forget(d.start)
			d.raw.keep = d.keep
			if err := d.z.Reset(d.src); err == nil {
				d.z.Multistream(false)
				d.done = false
				if skipped > 0 {
					return fmt.Errorf("%w: skipped %d bytes of non-gzip data at offset %d", ErrFormat, skipped, off)
				}
				return nil
			}
			// A header with a bad checksum: the bytes read are garbage.
			skipped += d.pos() - d.start
			continue
		}
		// Skip to the next possible gzip magic number.
		buf, _ := d.src.Peek(d.src.Buffered())
		i := bytes.IndexByte(buf[1:], 0x1f)
		n := len(buf)
		if i >= 0 {
			n = i + 1
		}
		m, _ := d.src.Discard(n)
		skipped += int64(m)
	}
}

// gzipHeaderAhead reports whether src starts with a plausible gzip member
// header that is wholly buffered, so that a failed attempt to open the member
// cannot consume more than the header.
func gzipHeaderAhead(src *bufio.Reader) bool {
	h, _ := src.Peek(10)
	if len(h) < 10 || h[0] != 0x1f || h[1] != 0x8b || h[2] != 8 || h[3]&0xe0 != 0 {
		return false
	}
	flags, n := h[3], 10
	if flags&0x04 != 0 { // FEXTRA
		x, _ := src.Peek(n + 2)
		if len(x) < n+2 {
			return false
		}
		n += 2 + int(x[n]) | int(x[n+1])<<8
	}
	for _, bit := range []byte{0x08, 0x10} { // FNAME, FCOMMENT
		if flags&bit != 0 {
			x, _ := src.Peek(min(n+512, src.Size()))
			if len(x) <= n {
				return false
			}
			i := bytes.IndexByte(x[n:], 0)
			if i < 0 {
				return false
			}
			n += i + 1
		}
	}
	if flags&0x02 != 0 { // FHCRC
		n += 2
	}
	x, _ := src.Peek(n)
	return len(x) == n
}
