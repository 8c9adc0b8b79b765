package sqlite

import (
	"bytes"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/klauspost/compress/s2"
	"github.com/klauspost/compress/zstd"

	"newsdesk"
	"newsdesk/urlnorm"
	"newsdesk/warc"
)

// Body encodings of the pages table. New pages are written with S2, or as
// the WARC record they were read from; zstd and gzip are read for pages
// stored otherwise.
const (
	encS2       = "s2"
	encZstd     = "zstd"
	encGzip     = "gzip"
	encIdentity = "identity"
	// encWARC is a gzip-compressed WARC response record, kept as it was
	// read from a WARC file; the page is its HTTP payload.
	encWARC = "warc"
)

// minCompress is the body size below which compressing is not worth it.
const minCompress = 256

// pagesBatch is how many pages Pages reads per query: it bounds the
// memory a walk over all pages holds, and ends each read transaction
// quickly so that the WAL can be checkpointed while fn works.
const pagesBatch = 32

// The page store must keep up with extraction on every core. On the
// development pages S2 compresses HTML at about 740 MB/s to 31% of its
// size, zstd at its fastest level at 320 MB/s to 23%, gzip level 4 at
// about 60 MB/s to 22%: S2 costs a tenth of the time extraction takes.
var zdec, _ = zstd.NewReader(nil, zstd.WithDecoderConcurrency(0), zstd.WithDecoderMaxMemory(1<<30))

// compress returns body as stored and the name of its encoding.
func compress(body []byte) ([]byte, string, error) {
	if len(body) < minCompress {
		return body, encIdentity, nil
	}
	out := s2.Encode(nil, body)
	if len(out) >= len(body) {
		return body, encIdentity, nil
	}
	return out, encS2, nil
}

// decompress returns the body of a stored page.
func decompress(data []byte, encoding string, size int64) ([]byte, error) {
	switch encoding {
	case encIdentity:
		return data, nil
	case encWARC:
		return warcPayload(data, size)
	case encS2:
		return s2.Decode(nil, data)
	case encZstd:
		return zdec.DecodeAll(data, make([]byte, 0, size))
	case encGzip:
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		body := make([]byte, 0, size)
		buf := bytes.NewBuffer(body)
		if _, err := io.Copy(buf, zr); err != nil {
			return nil, err
		}
		return buf.Bytes(), zr.Close()
	}
	return nil, fmt.Errorf("unknown body encoding %q", encoding)
}

// pageRow is a page ready to insert, its body compressed ahead of the
// write transaction so that the write lock is held briefly.
type pageRow struct {
	p    *newsdesk.Page
	norm string
	enc  string
	data []byte
}

// newPageRow compresses p's body; a zero Fetched time is taken as now.
func newPageRow(p *newsdesk.Page) (*pageRow, error) {
	if p.Fetched.IsZero() {
		p.Fetched = time.Now()
	}
	if err := checkTime("fetched", p.Fetched); err != nil {
		return nil, err
	}
	var (
		data []byte
		enc  string
		err  error
	)
	if len(p.WARC) > 0 && len(p.WARC) < len(p.Body) {
		// Compressed already: storing it as it is costs no CPU.
		data, enc = p.WARC, encWARC
	} else if data, enc, err = compress(p.Body); err != nil {
		return nil, fmt.Errorf("compress page: %w", err)
	}
	if data == nil {
		data = []byte{}
	}
	return &pageRow{p: p, norm: urlnorm.Normalize(p.URL), enc: enc, data: data}, nil
}

// insert stores the page in tx and sets its ID.
func (s *Store) insertPage(ctx context.Context, tx *sql.Tx, pr *pageRow) error {
	p := pr.p
	return s.prep(ctx, tx, qInsertPage).QueryRowContext(ctx,
		nullID(p.SourceID), p.URL, pr.norm, p.ContentType,
		formatTime(p.Fetched), len(p.Body), pr.enc, pr.data).Scan(&p.ID)
}

// EmptyPageRetry is how long a page without article text counts as seen:
// after it, the page is fetched again, in case it was a consent wall or
// an error page that now shows the article.
const EmptyPageRetry = 24 * time.Hour

// SavePage stores page p, from which no article could be read. A page of
// the same normalised URL that has no article either is replaced, which
// renews its fetch time; one that has an article is left alone. It sets
// p.ID to the page's row when it stores the page.
func (s *Store) SavePage(ctx context.Context, p *newsdesk.Page) error {
	if p == nil {
		return errors.New("sqlite: save page: nil page")
	}
	pr, err := newPageRow(p)
	if err != nil {
		return fmt.Errorf("sqlite: save page %s: %w", p.URL, err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		p.ID = 0
		var id int64
		var hasArticle bool
		err := tx.QueryRowContext(ctx, `SELECT coalesce(max(p.id), 0), coalesce(max(EXISTS(SELECT 1 FROM articles a WHERE a.page_id = p.id)), 0)
			FROM pages p WHERE p.normalized_url = ?`, pr.norm).Scan(&id, &hasArticle)
		switch {
		case err == nil && id == 0:
			return s.insertPage(ctx, tx, pr)
		case err != nil || hasArticle:
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE pages SET source_id = coalesce(?, source_id), url = ?, content_type = ?,
			fetched = ?, size = ?, encoding = ?, body = ? WHERE id = ?`,
			nullID(p.SourceID), p.URL, p.ContentType, formatTime(p.Fetched), len(p.Body), pr.enc, pr.data, id)
		if err == nil {
			p.ID = id
		}
		return err
	})
	if err != nil {
		p.ID = 0
		return fmt.Errorf("sqlite: save page %s: %w", p.URL, err)
	}
	return nil
}

// SeenURL reports whether url, normalised, is the URL of a stored page or
// one a stored article is known by: its URL, its canonical URL, or a URL
// it was seen under as a duplicate (whose page was not stored). A page
// without article counts for EmptyPageRetry after it was fetched.
func (s *Store) SeenURL(ctx context.Context, url string) (bool, error) {
	n := urlnorm.Normalize(url)
	var seen bool
	err := s.reads[qSeen].QueryRowContext(ctx, n, formatTime(time.Now().Add(-EmptyPageRetry))).Scan(&seen)
	if err != nil {
		return false, fmt.Errorf("sqlite: seen %s: %w", url, err)
	}
	return seen, nil
}

// Page returns the stored page with the given ID, its body decompressed,
// or an error wrapping newsdesk.ErrNotFound.
func (s *Store) Page(ctx context.Context, id int64) (*newsdesk.Page, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+pageColumns+` FROM pages WHERE id = ?`, id)
	if err != nil {
		return nil, fmt.Errorf("sqlite: page %d: %w", id, err)
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("sqlite: page %d: %w", id, err)
		}
		return nil, fmt.Errorf("sqlite: page %d: %w", id, newsdesk.ErrNotFound)
	}
	sp, err := scanPage(rows)
	if err != nil {
		return nil, fmt.Errorf("sqlite: page %d: %w", id, err)
	}
	p, err := sp.page()
	if err != nil {
		return nil, fmt.Errorf("sqlite: %w", err)
	}
	return p, nil
}

// Pages calls fn for every stored page in ID order, with its body
// decompressed, and stops at the first error fn returns, which it
// returns. Pages reads a few pages at a time, so fn may use the Store,
// write to it included; pages stored during the walk are visited too.
func (s *Store) Pages(ctx context.Context, fn func(*newsdesk.Page) error) error {
	var after int64
	for {
		batch, err := s.pageBatch(ctx, after)
		if err != nil {
			return fmt.Errorf("sqlite: pages: %w", err)
		}
		if len(batch) == 0 {
			return nil
		}
		for i := range batch {
			p, err := batch[i].page()
			batch[i] = storedPage{} // let the compressed body go
			if err != nil {
				return fmt.Errorf("sqlite: pages: %w", err)
			}
			if err := fn(p); err != nil {
				return err
			}
			after = p.ID
		}
	}
}

const pageColumns = `id, source_id, url, content_type, fetched, size, encoding, body`

// storedPage is a row of pages with its body still compressed.
type storedPage struct {
	p        newsdesk.Page
	size     int64
	encoding string
	data     []byte
}

func (sp *storedPage) page() (*newsdesk.Page, error) {
	body, err := decompress(sp.data, sp.encoding, sp.size)
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", sp.p.ID, err)
	}
	p := sp.p
	p.Body = body
	return &p, nil
}

// pageBatch reads the next pages with IDs greater than after.
func (s *Store) pageBatch(ctx context.Context, after int64) ([]storedPage, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+pageColumns+` FROM pages
		WHERE id > ? ORDER BY id LIMIT ?`, after, pagesBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var batch []storedPage
	for rows.Next() {
		sp, err := scanPage(rows)
		if err != nil {
			return nil, err
		}
		batch = append(batch, *sp)
	}
	return batch, rows.Err()
}

func scanPage(row scanner) (*storedPage, error) {
	var (
		sp       storedPage
		sourceID sql.NullInt64
		fetched  sql.NullString
	)
	err := row.Scan(&sp.p.ID, &sourceID, &sp.p.URL, &sp.p.ContentType, &fetched,
		&sp.size, &sp.encoding, &sp.data)
	if err != nil {
		return nil, err
	}
	sp.p.SourceID = sourceID.Int64
	if sp.p.Fetched, err = parseTime(fetched); err != nil {
		return nil, err
	}
	return &sp, nil
}

// qSeen is the statement of SeenURL, asked once for every page a pass
// lists.
const qSeen = `SELECT
	EXISTS(SELECT 1 FROM article_urls WHERE url = ?1) OR
	EXISTS(SELECT 1 FROM pages p WHERE p.normalized_url = ?1 AND
		(p.fetched > ?2 OR EXISTS(SELECT 1 FROM articles a WHERE a.page_id = p.id)))`

// warcPayload returns the HTTP payload of the WARC record in the gzip
// member data, which must be size bytes long.
func warcPayload(data []byte, size int64) ([]byte, error) {
	r, err := warc.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	rec, err := r.Next()
	if err != nil {
		return nil, err
	}
	// The cap must let through the payload as recorded (with its chunk
	// framing or content coding) and as decoded.
	resp, err := warc.ReadResponseLimit(rec, max(size, rec.ContentLength)+1)
	if err != nil {
		return nil, err
	}
	if int64(len(resp.Body)) != size || resp.Truncated {
		return nil, fmt.Errorf("WARC record %s: payload of %d bytes, want %d", rec.ID, len(resp.Body), size)
	}
	return resp.Body, nil
}
