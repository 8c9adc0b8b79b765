package ingest

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/feed"
	"newsdesk/fetch"
	"newsdesk/warc"
)

// discover lists the pages of r's source into out. Failures of the source
// itself are kept in r.err; those of single entries (a child sitemap, a
// malformed WARC record) are sent on as failed pages.
func (p *pass) discover(ctx context.Context, r *sourceRun, out chan<- *page) {
	var err error
	switch r.src.Kind {
	case newsdesk.KindFeed:
		err = p.listFeed(ctx, r, out)
	case newsdesk.KindSitemap, newsdesk.KindSitemapIndex:
		budget := p.in.cfg.MaxPages
		err = p.listSitemap(ctx, r, out, r.src.URL, 0, &budget)
	case newsdesk.KindPage:
		r.fetchedOK = true
		p.emitURL(ctx, r, out, r.src.URL)
	case newsdesk.KindURLList:
		err = p.listURLFile(ctx, r, out)
	case newsdesk.KindFile:
		err = p.listFiles(ctx, r, out)
	case newsdesk.KindWARC:
		err = p.listWARC(ctx, r, out)
	default:
		err = fmt.Errorf("ingest: source %s: unknown kind %q", r.src.URL, r.src.Kind)
	}
	if err != nil && ctx.Err() == nil {
		r.err = err
	}
}

// emitURL sends the page at u on, unless it was listed before in this
// pass or the store has it already.
func (p *pass) emitURL(ctx context.Context, r *sourceRun, out chan<- *page, u string) bool {
	u = strings.TrimSpace(u)
	if u == "" {
		return true
	}
	p.mu.Lock()
	dup := p.seen[u]
	p.seen[u] = true
	p.mu.Unlock()
	if dup {
		return true
	}
	pg := &page{src: r, url: u}
	if !isHTTP(u) {
		pg.err = fmt.Errorf("ingest: %q is not an http or https URL", u)
		return p.emit(ctx, r, out, pg)
	}
	seen, err := p.in.cfg.Store.SeenURL(ctx, u)
	switch {
	case err != nil && ctx.Err() != nil:
		r.partial = true
		return false
	case err != nil:
		pg.err = fmt.Errorf("store: %s: %w", u, err)
	case seen:
		return true
	}
	return p.emit(ctx, r, out, pg)
}

// emit sends pg on; it returns false when ctx ended first.
func (p *pass) emit(ctx context.Context, r *sourceRun, out chan<- *page, pg *page) bool {
	if ctx.Err() != nil {
		r.partial = true
		return false
	}
	if f := p.in.cfg.Discovered; f != nil {
		p.mu.Lock()
		f(1)
		p.mu.Unlock()
	}
	select {
	case out <- pg:
		r.pages++
		return true
	case <-ctx.Done():
		r.partial = true
		return false
	}
}

// getListing fetches a feed or sitemap and logs the fetch. For the
// source's own URL (top is true) the request is conditional and its
// outcome becomes the source's state.
func (p *pass) getListing(ctx context.Context, r *sourceRun, u string, top bool) (*fetch.Response, error) {
	if p.in.cfg.Fetcher == nil {
		return nil, errors.New("ingest: no fetcher to read URLs with")
	}
	req := fetch.Request{URL: u}
	if top {
		req.ETag, req.LastModified = r.src.ETag, r.src.LastModified
	}
	start := p.in.cfg.Now()
	resp, err := p.in.cfg.Fetcher.Get(ctx, req)
	f := newsdesk.Fetch{SourceID: r.src.ID, URL: u, Time: start}
	if resp != nil {
		f.Status, f.Bytes, f.Duration = resp.StatusCode, int64(len(resp.Body)), resp.Duration
	}
	if err == nil && resp.Truncated {
		err = fmt.Errorf("fetch: %s: larger than the fetcher's size limit", u)
	}
	if err != nil {
		f.Error = err.Error()
	}
	if ctx.Err() == nil {
		if lerr := p.in.cfg.Store.LogFetch(ctx, f); lerr != nil && err == nil {
			err = fmt.Errorf("ingest: cannot log fetch: %w", lerr)
		}
	}
	if top {
		if resp != nil {
			r.status = resp.StatusCode
		}
		var ra *fetch.RetryAfterError
		if errors.As(err, &ra) {
			r.retryAt = ra.At
		}
		if err == nil {
			r.fetchedOK = true
			r.etag, r.lastModified, r.notModified = resp.ETag, resp.LastModified, resp.NotModified
		}
	}
	return resp, err
}

// listFeed lists the items of a feed, newest first as feeds give them.
func (p *pass) listFeed(ctx context.Context, r *sourceRun, out chan<- *page) error {
	resp, err := p.getListing(ctx, r, r.src.URL, true)
	if err != nil || resp.NotModified {
		return err
	}
	f, err := feed.Parse(bytes.NewReader(resp.Body), resp.FinalURL)
	if err != nil {
		return fmt.Errorf("feed: %s: %w", r.src.URL, err)
	}
	if r.src.Title == "" {
		r.src.Title = f.Title
	}
	n := 0
	for _, it := range f.Items {
		if it.URL == "" {
			continue
		}
		if n++; n > p.in.cfg.MaxPages {
			break
		}
		if !p.emitURL(ctx, r, out, it.URL) {
			return nil
		}
	}
	return nil
}

// listSitemap lists the pages of a URL set, or of the child sitemaps of
// an index (the MaxSitemaps most recent), taking at most *budget pages.
// Failed child sitemaps are sent on as failed pages.
func (p *pass) listSitemap(ctx context.Context, r *sourceRun, out chan<- *page, u string, depth int, budget *int) error {
	resp, err := p.getListing(ctx, r, u, depth == 0)
	if err != nil || resp.NotModified {
		return err
	}
	sm, err := feed.ParseSitemap(bytes.NewReader(resp.Body))
	if err != nil {
		return fmt.Errorf("sitemap: %s: %w", u, err)
	}
	if sm.Kind == feed.KindSitemapIndex {
		if depth >= 2 {
			return fmt.Errorf("sitemap: %s: index nested too deep", u)
		}
		refs := slices.Clone(sm.Sitemaps)
		slices.SortStableFunc(refs, func(a, b feed.SitemapRef) int { return b.LastMod.Compare(a.LastMod) })
		for _, ref := range refs[:min(len(refs), p.in.cfg.MaxSitemaps)] {
			if *budget <= 0 || ctx.Err() != nil {
				break
			}
			if err := p.listSitemap(ctx, r, out, ref.Loc, depth+1, budget); err != nil && ctx.Err() == nil {
				p.emit(ctx, r, out, &page{src: r, url: ref.Loc, err: err})
			}
		}
		return nil
	}
	urls := slices.Clone(sm.URLs)
	date := func(s feed.SitemapURL) time.Time {
		if s.News != nil && !s.News.PublicationDate.IsZero() {
			return s.News.PublicationDate
		}
		return s.LastMod
	}
	slices.SortStableFunc(urls, func(a, b feed.SitemapURL) int { return date(b).Compare(date(a)) })
	for _, su := range urls {
		if *budget <= 0 {
			break
		}
		*budget--
		if !p.emitURL(ctx, r, out, su.Loc) {
			return nil
		}
	}
	return nil
}

// maxURLLine caps the length of a line of a URL list.
const maxURLLine = 64 << 10

// listURLFile lists the URLs of a text file, one a line; blank lines and
// lines starting with # are skipped. A line longer than maxURLLine bytes
// (no URL is) is sent on as a failed page named PATH:LINE, and the lines
// after it are read.
func (p *pass) listURLFile(ctx context.Context, r *sourceRun, out chan<- *page) error {
	if unchanged, err := p.localUnchanged(r, r.src.URL); err != nil || unchanged {
		return err
	}
	f, err := os.Open(r.src.URL)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	r.fetchedOK = true
	err = readLines(f, maxURLLine, func(n int, line []byte, long bool) bool {
		if long {
			where := fmt.Sprintf("%s:%d", r.src.URL, n)
			err := fmt.Errorf("ingest: %s: line %d is longer than %d bytes, too long for a URL; skipped", r.src.URL, n, maxURLLine)
			return p.emit(ctx, r, out, &page{src: r, url: where, err: err})
		}
		u := strings.TrimSpace(string(line))
		if u == "" || strings.HasPrefix(u, "#") {
			return true
		}
		return p.emitURL(ctx, r, out, u)
	})
	if err != nil {
		return fmt.Errorf("ingest: %s: %w", r.src.URL, err)
	}
	return nil
}

// readLines calls fn with each line of r, numbered from 1, without its
// LF. A line of max bytes or more is not read: fn gets it as nil with
// long set. It stops when fn returns false, and returns the error of r
// other than io.EOF. max is at least 16.
func readLines(r io.Reader, max int, fn func(n int, line []byte, long bool) bool) error {
	br := bufio.NewReaderSize(r, max)
	for n := 1; ; n++ {
		line, err := br.ReadSlice('\n')
		long := err == bufio.ErrBufferFull
		for err == bufio.ErrBufferFull {
			_, err = br.ReadSlice('\n')
		}
		if err != nil && err != io.EOF {
			return err
		}
		line = bytes.TrimSuffix(line, []byte("\n"))
		if err == io.EOF && len(line) == 0 && !long {
			return nil // the end, after the last line's LF
		}
		if long {
			line = nil
		}
		if !fn(n, line, long) || err == io.EOF {
			return nil
		}
	}
}

// isPageFile reports whether name is an HTML file by its name.
func isPageFile(name string) bool {
	n := strings.ToLower(name)
	for _, suf := range []string{".html", ".htm", ".html.gz", ".htm.gz"} {
		if strings.HasSuffix(n, suf) {
			return true
		}
	}
	return false
}

// pageFiles returns the HTML files at path: the file itself, or those of
// a directory and its subdirectories, in name order.
func pageFiles(path string) ([]string, time.Time, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("ingest: %w", err)
	}
	if !fi.IsDir() {
		return []string{path}, fi.ModTime(), nil
	}
	var files []string
	latest := fi.ModTime()
	err = filepath.WalkDir(path, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && p != path && strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if d.Type().IsRegular() && isPageFile(d.Name()) {
			files = append(files, p)
			if info, err := d.Info(); err == nil && info.ModTime().After(latest) {
				latest = info.ModTime()
			}
		}
		return nil
	})
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("ingest: %w", err)
	}
	return files, latest, nil
}

// localUnchanged reports whether the local file at path is unchanged
// since the stored source r was last read, and marks r so.
func (p *pass) localUnchanged(r *sourceRun, path string) (bool, error) {
	if r.src.ID == 0 || r.src.LastFetch.IsZero() || r.src.LastError != "" {
		return false, nil
	}
	_, latest, err := pageFiles(path)
	if err != nil {
		return false, err
	}
	if latest.After(r.src.LastFetch) {
		return false, nil
	}
	r.fetchedOK, r.notModified = true, true
	return true, nil
}

// listFiles lists the HTML files of a file source.
func (p *pass) listFiles(ctx context.Context, r *sourceRun, out chan<- *page) error {
	if unchanged, err := p.localUnchanged(r, r.src.URL); err != nil || unchanged {
		return err
	}
	files, _, err := pageFiles(r.src.URL)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		return fmt.Errorf("ingest: %s: no .html, .htm or .html.gz files", r.src.URL)
	}
	r.fetchedOK = true
	for _, f := range files {
		if !p.emit(ctx, r, out, &page{src: r, url: fileURL(f), path: f}) {
			return nil
		}
	}
	return nil
}

// fileURL returns the file:// URL of a local path.
func fileURL(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

// readPageFile reads a local page, gunzipping it if it is compressed, and
// returns it with its modification time.
func readPageFile(path string, limit int) ([]byte, time.Time, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("ingest: %w", err)
	}
	br := bufio.NewReader(f)
	var rd io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, time.Time{}, fmt.Errorf("ingest: %s: %w", path, err)
		}
		defer zr.Close()
		rd = zr
	}
	b, err := io.ReadAll(io.LimitReader(rd, int64(limit)+1))
	if err != nil {
		return nil, time.Time{}, fmt.Errorf("ingest: %s: %w", path, err)
	}
	if len(b) > limit {
		return nil, time.Time{}, fmt.Errorf("ingest: %s: page larger than %d bytes", path, limit)
	}
	return b, fi.ModTime(), nil
}

// listWARC streams the HTML responses of a WARC archive: response
// records with status 200 and an HTML content type. Revisits, requests,
// other statuses and types are skipped; malformed records are sent on as
// failed pages, and reading goes on. An archive that ends inside a record
// or gzip member (a download cut short, a Content-Length past the end) is
// read up to the cut, the record cut through flagged truncated, and the
// source then fails with an error wrapping warc.ErrTruncated.
func (p *pass) listWARC(ctx context.Context, r *sourceRun, out chan<- *page) error {
	if unchanged, err := p.localUnchanged(r, r.src.URL); err != nil || unchanged {
		return err
	}
	f, err := os.Open(r.src.URL)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	wr, err := warc.NewReader(f)
	if err != nil {
		return fmt.Errorf("ingest: %s: %w", r.src.URL, err)
	}
	wr.MaxBodySize = int64(p.in.cfg.MaxBytes) + 64<<10
	// The store may keep a record as the archive has it; a page handed
	// to the workers travels without.
	wr.KeepMembers = p.in.cfg.Dispatch == nil
	r.fetchedOK = true
	bad := func(off int64, err error) bool {
		where := fmt.Sprintf("%s@%d", r.src.URL, off)
		return p.emit(ctx, r, out, &page{src: r, url: where, err: fmt.Errorf("warc: %s: %w", where, err)})
	}
	// cut is where the archive ends early, once met.
	var cut error
	cutShort := func(err error) bool {
		if !errors.Is(err, warc.ErrTruncated) {
			return false
		}
		if cut == nil {
			cut = err
		}
		return true
	}
	for ctx.Err() == nil {
		rec, err := wr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			if cutShort(err) {
				continue
			}
			if !bad(-1, err) {
				return nil
			}
			continue
		}
		if rec.Type != warc.TypeResponse || rec.TargetURI == "" {
			continue
		}
		resp, err := warc.ReadResponseLimit(rec, int64(p.in.cfg.MaxBytes)+1)
		if err != nil {
			if cutShort(err) || errors.Is(err, warc.ErrNotHTTP) {
				continue // cut in its HTTP header, or a DNS or other non-HTTP capture
			}
			if !bad(rec.Offset, err) {
				return nil
			}
			continue
		}
		if resp.ReadErr != nil && !cutShort(resp.ReadErr) {
			// Damaged inside the record (corrupt gzip data, a failing
			// disk): the page is not taken from the part before.
			if !bad(rec.Offset, resp.ReadErr) {
				return nil
			}
			continue
		}
		if resp.StatusCode != 200 || !isHTMLType(resp.ContentType) {
			continue
		}
		pg := &page{src: r, url: rec.TargetURI, read: true, body: resp.Body, contentType: resp.Header.Get("Content-Type"), date: cmp.Or(resp.Date, rec.Date)}
		switch {
		case len(resp.Body) > p.in.cfg.MaxBytes:
			pg.err = fmt.Errorf("warc: %s: page larger than %d bytes", rec.TargetURI, p.in.cfg.MaxBytes)
		case rec.Truncated || resp.ReadErr != nil || (resp.Truncated && resp.DecodeErr != nil):
			// The archive cut the record short: what is there is still
			// read, and the article says it is truncated.
			pg.truncated = true
		}
		if pg.err != nil {
			pg.body = nil
		} else if wr.KeepMembers && !pg.truncated && !resp.Truncated && resp.DecodeErr == nil {
			// The store may keep the record as the archive has it.
			pg.warc = bytes.Clone(wr.Member())
		}
		if !p.emit(ctx, r, out, pg) {
			return nil
		}
	}
	if cut != nil {
		return fmt.Errorf("%w (the records before the cut are read)", cut)
	}
	return nil
}

// isHTMLType reports whether the media type mt (without parameters) is
// HTML; an empty type counts, the extractor refuses what is not.
func isHTMLType(mt string) bool {
	if t, _, err := mime.ParseMediaType(mt); err == nil {
		mt = t
	}
	switch strings.ToLower(mt) {
	case "text/html", "application/xhtml+xml", "":
		return true
	}
	return false
}

// isHTTP reports whether s is an absolute http or https URL.
func isHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}
