// Package warc reads and writes WARC (Web ARChive) files as a stream, such as
// the Common Crawl CC-NEWS archives.
//
// A Reader returns one Record at a time. It accepts uncompressed WARC files,
// the usual .warc.gz files with one gzip member per record, and files
// compressed as a single gzip member; it detects which on its own. Header
// versions WARC/1.0, WARC/1.1 and the older drafts WARC/0.17 and WARC/0.18
// are read alike.
//
// Record bodies are streamed from the underlying reader and never held in
// memory as a whole: a Record's Body must be read before the next call to
// Next, which otherwise skips what is left of it. Reader.MaxBodySize caps how
// much of each body is offered.
//
// Damaged input does not stop a Reader. A record cut short is returned with
// what is there and an error wrapping ErrTruncated, from Next or from reading
// its Body (ReadResponse keeps it in Response.ReadErr); garbage between or
// after records, and a record whose Content-Length is missing, negative, not
// a number or over MaxContentLength, are reported once with an error wrapping
// ErrFormat and skipped. After
// any error, Next either resumes at the next good record or returns io.EOF, so
// a loop that logs errors and calls Next until io.EOF always ends:
//
//	r, err := warc.NewReader(f)
//	if err != nil {
//		return err
//	}
//	for {
//		rec, err := r.Next()
//		if err == io.EOF {
//			break
//		}
//		if err != nil {
//			log.Print(err) // one bad record does not end the file
//			continue
//		}
//		if rec.Type != warc.TypeResponse {
//			continue
//		}
//		resp, err := warc.ReadResponse(rec)
//		...
//	}
//
// ReadResponse parses the HTTP response held in a response record, undoing
// chunked transfer coding and gzip, deflate or brotli content coding, and
// falling back to the stored bytes (with a flag) when they turn out not to
// be encoded as declared.
//
// Writer writes records, one gzip member per record when asked to; it exists
// mainly so that tests can build WARC files from real pages.
package warc
