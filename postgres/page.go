package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/klauspost/compress/s2"

	"newsdesk"
	"newsdesk/urlnorm"
)

// Body encodings of the pages table.
const (
	encS2       = "s2"
	encIdentity = "identity"
)

// minCompress is the body size below which compressing is not worth it.
const minCompress = 256

// pagesBatch is how many pages Pages reads per query: it bounds the
// memory a walk over all pages holds.
const pagesBatch = 32

// EmptyPageRetry is how long a page without article text counts as seen:
// after it, the page is fetched again, in case it was a consent wall or
// an error page that now shows the article. It is the same as the
// embedded store's.
const EmptyPageRetry = 24 * time.Hour

// compress returns body as stored and the name of its encoding. Pages
// are compressed here, with S2 (as the embedded store does, at a tenth
// of the time extraction takes), rather than by the server: it sends a
// third of the bytes and spares the server's CPU, which every worker
// shares.
func compress(body []byte) ([]byte, string) {
	if len(body) < minCompress {
		return body, encIdentity
	}
	out := s2.Encode(nil, body)
	if len(out) >= len(body) {
		return body, encIdentity
	}
	return out, encS2
}

// decompress returns the body of a stored page.
func decompress(data []byte, encoding string) ([]byte, error) {
	switch encoding {
	case encIdentity:
		return data, nil
	case encS2:
		return s2.Decode(nil, data)
	}
	return nil, fmt.Errorf("unknown body encoding %q", encoding)
}

// pageRow is a page ready to insert, its body compressed ahead of the
// write transaction.
type pageRow struct {
	p                *newsdesk.Page
	url, norm, ctype string
	enc              string
	data             []byte
}

// newPageRow compresses p's body; a zero Fetched time is taken as now.
// The WARC record a page may come with is not kept: its body is.
func newPageRow(p *newsdesk.Page) (*pageRow, error) {
	if p.Fetched.IsZero() {
		p.Fetched = time.Now()
	}
	if err := checkTime("fetched", p.Fetched); err != nil {
		return nil, err
	}
	data, enc := compress(p.Body)
	if data == nil {
		data = []byte{}
	}
	u := clean(p.URL)
	return &pageRow{p: p, url: u, norm: urlnorm.Normalize(u), ctype: clean(p.ContentType), enc: enc, data: data}, nil
}

// insertPage stores the page in tx and sets its ID.
func insertPage(ctx context.Context, tx pgx.Tx, pr *pageRow) error {
	p := pr.p
	return tx.QueryRow(ctx, `INSERT INTO pages
		(source_id, url, normalized_url, content_type, fetched, size, encoding, body)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		nullID(p.SourceID), pr.url, pr.norm, pr.ctype, p.Fetched, len(p.Body), pr.enc, pr.data).Scan(&p.ID)
}

// SavePage stores page p, from which no article could be read. A page of
// the same normalised URL that has no article either is replaced, which
// renews its fetch time; one that has an article is left alone. It sets
// p.ID to the page's row when it stores the page.
func (s *Store) SavePage(ctx context.Context, p *newsdesk.Page) error {
	if p == nil {
		return errors.New("postgres: save page: nil page")
	}
	pr, err := newPageRow(p)
	if err != nil {
		return fmt.Errorf("postgres: save page %s: %w", p.URL, err)
	}
	err = s.write(ctx, func(tx pgx.Tx) error {
		p.ID = 0
		// The same lock as an article of this URL takes.
		if err := lockKeys(ctx, tx, []string{"url " + pr.norm}); err != nil {
			return err
		}
		var id int64
		var hasArticle bool
		err := tx.QueryRow(ctx, `SELECT coalesce(max(p.id), 0),
			coalesce(bool_or(EXISTS(SELECT 1 FROM articles a WHERE a.page_id = p.id)), false)
			FROM pages p WHERE p.normalized_url = $1`, pr.norm).Scan(&id, &hasArticle)
		switch {
		case err == nil && id == 0:
			return insertPage(ctx, tx, pr)
		case err != nil || hasArticle:
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE pages SET source_id = coalesce($1, source_id), url = $2, content_type = $3,
			fetched = $4, size = $5, encoding = $6, body = $7 WHERE id = $8`,
			nullID(p.SourceID), pr.url, pr.ctype, p.Fetched, len(p.Body), pr.enc, pr.data, id)
		if err == nil {
			p.ID = id
		}
		return err
	})
	if err != nil {
		p.ID = 0
		return fmt.Errorf("postgres: save page %s: %w", p.URL, err)
	}
	return nil
}

// SeenURL reports whether url, normalised, is the URL of a stored page or
// one a stored article is known by: its URL, its canonical URL, or a URL
// it was seen under as a duplicate (whose page was not stored). A page
// without article counts for EmptyPageRetry after it was fetched.
func (s *Store) SeenURL(ctx context.Context, url string) (bool, error) {
	n := urlnorm.Normalize(clean(url))
	var seen bool
	err := s.pool.QueryRow(ctx, `SELECT
		EXISTS(SELECT 1 FROM article_urls WHERE url = $1) OR
		EXISTS(SELECT 1 FROM pages p WHERE p.normalized_url = $1 AND
			(p.fetched > $2 OR EXISTS(SELECT 1 FROM articles a WHERE a.page_id = p.id)))`,
		n, time.Now().Add(-EmptyPageRetry)).Scan(&seen)
	if err != nil {
		return false, fmt.Errorf("postgres: seen %s: %w", url, classify(err))
	}
	return seen, nil
}

const pageColumns = `id, source_id, url, content_type, fetched, encoding, body`

// Page returns the stored page with the given ID, its body decompressed,
// or an error wrapping newsdesk.ErrNotFound.
func (s *Store) Page(ctx context.Context, id int64) (*newsdesk.Page, error) {
	p, err := scanPage(s.pool.QueryRow(ctx, `SELECT `+pageColumns+` FROM pages WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: page %d: %w", id, classify(err))
	}
	return p, nil
}

// Pages calls fn for every stored page in ID order, with its body
// decompressed, and stops at the first error fn returns, which it
// returns. Pages reads a few pages at a time, so fn may use the Store,
// write to it included; pages stored during the walk are visited too,
// except one whose transaction commits after a page of a higher ID was
// read.
func (s *Store) Pages(ctx context.Context, fn func(*newsdesk.Page) error) error {
	var after int64
	for {
		batch, err := s.pageBatch(ctx, after)
		if err != nil {
			return fmt.Errorf("postgres: pages: %w", classify(err))
		}
		if len(batch) == 0 {
			return nil
		}
		for i, p := range batch {
			batch[i] = nil // let the body go
			if err := fn(p); err != nil {
				return err
			}
			after = p.ID
		}
	}
}

// pageBatch reads the next pages with IDs greater than after.
func (s *Store) pageBatch(ctx context.Context, after int64) ([]*newsdesk.Page, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+pageColumns+` FROM pages
		WHERE id > $1 ORDER BY id LIMIT $2`, after, pagesBatch)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var batch []*newsdesk.Page
	for rows.Next() {
		p, err := scanPage(rows)
		if err != nil {
			return nil, err
		}
		batch = append(batch, p)
	}
	return batch, rows.Err()
}

func scanPage(row pgx.Row) (*newsdesk.Page, error) {
	var (
		p        newsdesk.Page
		sourceID *int64
		encoding string
		data     []byte
	)
	if err := row.Scan(&p.ID, &sourceID, &p.URL, &p.ContentType, &p.Fetched, &encoding, &data); err != nil {
		return nil, err
	}
	if sourceID != nil {
		p.SourceID = *sourceID
	}
	p.Fetched = p.Fetched.UTC()
	body, err := decompress(data, encoding)
	if err != nil {
		return nil, fmt.Errorf("page %d: %w", p.ID, err)
	}
	if len(body) > 0 {
		p.Body = body
	}
	return &p, nil
}
