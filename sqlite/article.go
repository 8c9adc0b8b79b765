package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/urlnorm"
)

// MinHashText is the length in bytes of white-space-collapsed body text
// below which articles are not matched by content hash: short texts such
// as paywall teasers and cookie walls are shared by unrelated articles.
const MinHashText = 200

// Hash returns the content hash of a: the SHA-256, in hex, of its body
// text with runs of white space collapsed to one space and the ends
// trimmed.
func Hash(a *newsdesk.Article) string {
	h, _ := contentHash(a.Text())
	return h
}

// contentHash returns the content hash of body text and the length of
// the text it hashed.
func contentHash(text string) (hash string, n int) {
	t := make([]byte, 0, len(text))
	for w := range strings.FieldsSeq(text) {
		if len(t) > 0 {
			t = append(t, ' ')
		}
		t = append(t, w...)
	}
	sum := sha256.Sum256(t)
	return hex.EncodeToString(sum[:]), len(t)
}

// articleRow is an article ready to write, with its derived columns.
type articleRow struct {
	a                                 *newsdesk.Article
	url                               string // the article's URL, or its page's
	norm                              string // url normalised
	canonical                         string // canonical URL normalised; "" if unusable
	text                              string
	hash                              string
	hashable                          bool // long enough to match by hash
	authors, tags, blocks             string
	published, publishedUTC, modified any
	extra                             any // JSON text, or NULL for none
}

func newArticleRow(a *newsdesk.Article, pageURL string) (*articleRow, error) {
	if err := checkTime("published", a.Published); err != nil {
		return nil, err
	}
	if err := checkTime("modified", a.Modified); err != nil {
		return nil, err
	}
	ar := &articleRow{a: a, url: a.URL}
	if ar.url == "" {
		ar.url = pageURL
	}
	ar.norm = urlnorm.Normalize(ar.url)
	ar.canonical = canonicalKey(a.CanonicalURL)
	ar.text = a.Text()
	var n int
	ar.hash, n = contentHash(ar.text)
	ar.hashable = n >= MinHashText
	var err error
	if ar.authors, err = marshal(a.Authors); err != nil {
		return nil, err
	}
	if ar.tags, err = marshal(a.Tags); err != nil {
		return nil, err
	}
	if ar.blocks, err = marshal(a.Blocks); err != nil {
		return nil, err
	}
	if len(a.Extra) > 0 {
		if ar.extra, err = marshal(a.Extra); err != nil {
			return nil, fmt.Errorf("extra: %w", err)
		}
	}
	ar.published = nullLocalTime(a.Published)
	ar.publishedUTC = nullTime(a.Published)
	ar.modified = nullLocalTime(a.Modified)
	return ar, nil
}

func marshal(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// canonicalKey returns the normalised canonical URL raw, or "" if it
// cannot identify an article: empty, not an absolute http(s) URL, or a
// site's home page, which careless sites declare as the canonical URL of
// every article.
func canonicalKey(raw string) string {
	n := urlnorm.Normalize(raw)
	u, err := url.Parse(n)
	if n == "" || err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return ""
	}
	if u.Path == "/" && u.RawQuery == "" && u.Fragment == "" {
		return ""
	}
	return n
}

// keys returns the URLs the article is known by.
func (ar *articleRow) keys() []string {
	if ar.canonical == "" || ar.canonical == ar.norm {
		return []string{ar.norm}
	}
	return []string{ar.canonical, ar.norm}
}

// match is a stored article an incoming one is the same as.
type match struct {
	id, pageID int64
	hash       string
	empty      bool // stored without body text
}

// findMatch returns the stored article ar is the same as, or nil: first
// by canonical URL, then by URL, then by content hash.
func (s *Store) findMatch(ctx context.Context, tx *sql.Tx, ar *articleRow) (*match, error) {
	for _, k := range ar.keys() {
		m, err := scanMatch(s.prep(ctx, tx, qFindByURL).QueryRowContext(ctx, k))
		if m != nil || err != nil {
			return m, err
		}
	}
	if !ar.hashable {
		return nil, nil
	}
	// The same text under another outlet's URL is a copy, stored as an
	// article of its own; under the same outlet's, the same article.
	rows, err := s.prep(ctx, tx, qFindByHash).QueryContext(ctx, ar.hash)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	outlet := urlnorm.Outlet(ar.url, ar.a.CanonicalURL, ar.a.SiteName)
	for rows.Next() {
		var m match
		var u, canonical, site string
		if err := rows.Scan(&m.id, &m.pageID, &m.hash, &m.empty, &u, &canonical, &site); err != nil {
			return nil, err
		}
		if urlnorm.Outlet(u, canonical, site) == outlet {
			return &m, nil
		}
	}
	return nil, rows.Err()
}

func scanMatch(row *sql.Row) (*match, error) {
	var m match
	err := row.Scan(&m.id, &m.pageID, &m.hash, &m.empty)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// SaveArticle stores page p and article a read from it in one
// transaction, deduplicating as the package documentation describes, and
// returns the ID of the stored article it now is or duplicates. It sets
// p.ID when it stores the page, which it does not for a duplicate
// unless the page is at the article's canonical URL and the article had
// another: then the article takes the page and its URL.
//
// A revision whose body text is empty, while the stored article has text,
// is taken for a failed extraction and reported as a duplicate, leaving
// the stored article as it is.
func (s *Store) SaveArticle(ctx context.Context, p *newsdesk.Page, a *newsdesk.Article) (int64, newsdesk.SaveOutcome, error) {
	if p == nil || a == nil {
		return 0, "", errors.New("sqlite: save article: nil page or article")
	}
	// The CPU work comes before the write lock is taken.
	pr, err := newPageRow(p)
	if err != nil {
		return 0, "", fmt.Errorf("sqlite: save article %s: %w", p.URL, err)
	}
	ar, err := newArticleRow(a, p.URL)
	if err != nil {
		return 0, "", fmt.Errorf("sqlite: save article %s: %w", p.URL, err)
	}
	var (
		id    int64
		out   newsdesk.SaveOutcome
		moved bool
	)
	err = s.write(ctx, func(tx *sql.Tx) error {
		id, out, moved = 0, "", false
		m, err := s.findMatch(ctx, tx, ar)
		if err != nil {
			return err
		}
		now := formatTime(time.Now())
		switch {
		case m == nil:
			if err := s.insertPage(ctx, tx, pr); err != nil {
				return err
			}
			out = newsdesk.Created
			err = s.prep(ctx, tx, qInsertArticle).QueryRowContext(ctx,
				p.ID, nullID(p.SourceID), ar.url, a.CanonicalURL, ar.norm, a.Title, a.Subtitle,
				ar.authors, ar.published, ar.publishedUTC, ar.modified, a.SiteName, a.Language,
				a.Image, a.Section, ar.tags, a.Paywalled, a.Truncated, ar.blocks, ar.text,
				a.Charset, ar.hash, now, now, ar.extra).Scan(&id)
			if err != nil {
				return err
			}
			if err := s.setOutlet(ctx, tx, id, ar, true); err != nil {
				return err
			}
			if err := s.logChange(ctx, tx, id); err != nil {
				return err
			}
		case m.hash == ar.hash, ar.text == "" && !m.empty:
			id, out = m.id, newsdesk.Duplicate
			if m.hash == ar.hash && ar.canonical != "" && ar.canonical == ar.norm {
				// The page at the article's canonical URL gives the
				// article its URL, whichever of its pages came first.
				if moved, err = s.moveToCanonical(ctx, tx, m.id, pr, ar, now); err != nil {
					return err
				}
			}
		default:
			if err := s.insertPage(ctx, tx, pr); err != nil {
				return err
			}
			id, out = m.id, newsdesk.Revised
			if err := updateArticle(ctx, tx, m.id, p.ID, p.SourceID, ar, now, 1); err != nil {
				return err
			}
			if err := s.setOutlet(ctx, tx, m.id, ar, false); err != nil {
				return err
			}
			if err := s.logChange(ctx, tx, m.id); err != nil {
				return err
			}
		}
		return s.addKeys(ctx, tx, id, ar.keys())
	})
	if err != nil {
		p.ID = 0
		return 0, "", fmt.Errorf("sqlite: save article %s: %w", p.URL, err)
	}
	if out == newsdesk.Duplicate && !moved {
		p.ID = 0
	}
	return id, out, nil
}

// moveToCanonical makes the page of pr, found at the canonical URL of
// the stored article id it duplicates, the article's page and URL,
// unless the article has that URL already or another canonical URL; it
// reports whether it did.
func (s *Store) moveToCanonical(ctx context.Context, tx *sql.Tx, id int64, pr *pageRow, ar *articleRow, now string) (bool, error) {
	var stored, canonical string
	if err := tx.QueryRowContext(ctx, `SELECT normalized_url, canonical_url FROM articles WHERE id = ?`, id).Scan(&stored, &canonical); err != nil {
		return false, err
	}
	if stored == ar.norm || canonicalKey(canonical) != ar.canonical {
		return false, nil
	}
	if err := s.insertPage(ctx, tx, pr); err != nil {
		return false, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET page_id = ?, url = ?, normalized_url = ?, updated = ? WHERE id = ?`,
		pr.p.ID, ar.url, ar.norm, now, id); err != nil {
		return false, err
	}
	return true, s.logChange(ctx, tx, id)
}

// updateArticle rewrites article id from ar, read from page pageID, and
// adds bump to its revision count. The article keeps the source it was
// first stored from, if any, and its extra fields unless ar has some.
func updateArticle(ctx context.Context, tx *sql.Tx, id, pageID, sourceID int64, ar *articleRow, now string, bump int) error {
	a := ar.a
	_, err := tx.ExecContext(ctx, `UPDATE articles SET page_id = ?, source_id = coalesce(source_id, ?),
		url = ?, canonical_url = ?, normalized_url = ?, title = ?, subtitle = ?, authors = ?,
		published = ?, published_utc = ?, modified = ?, site_name = ?, language = ?, image = ?,
		section = ?, tags = ?, paywalled = ?, truncated = ?, blocks = ?, text = ?, charset = ?,
		hash = ?, updated = ?, revisions = revisions + ?, extra = coalesce(?, extra) WHERE id = ?`,
		pageID, nullID(sourceID), ar.url, a.CanonicalURL, ar.norm, a.Title, a.Subtitle, ar.authors,
		ar.published, ar.publishedUTC, ar.modified, a.SiteName, a.Language, a.Image,
		a.Section, ar.tags, a.Paywalled, a.Truncated, ar.blocks, ar.text, a.Charset,
		ar.hash, now, bump, ar.extra, id)
	return err
}

// addKeys records URLs that article id is known by; a URL that already
// names an article keeps naming it.
func (s *Store) addKeys(ctx context.Context, tx *sql.Tx, id int64, keys []string) error {
	for _, k := range keys {
		if k == "" {
			continue
		}
		_, err := s.prep(ctx, tx, qAddKey).ExecContext(ctx, k, id)
		if err != nil {
			return err
		}
	}
	return nil
}

// Reextract replaces the article of stored page pageID with a, extracted
// again from the page, keeping the article's ID, stored time and
// revision count. If no article points at the page, a is stored as a new
// article unless it is the same as a stored one: one read from a later
// page is left alone, one read from an earlier page is replaced. It
// returns an error wrapping newsdesk.ErrNotFound if there is no such page.
func (s *Store) Reextract(ctx context.Context, pageID int64, a *newsdesk.Article) error {
	if a == nil {
		return errors.New("sqlite: reextract: nil article")
	}
	var pageURL string
	var sourceID sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT url, source_id FROM pages WHERE id = ?`, pageID).Scan(&pageURL, &sourceID)
	if errors.Is(err, sql.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("sqlite: reextract page %d: %w", pageID, err)
	}
	ar, err := newArticleRow(a, pageURL)
	if err != nil {
		return fmt.Errorf("sqlite: reextract page %d: %w", pageID, err)
	}
	err = s.write(ctx, func(tx *sql.Tx) error {
		now := formatTime(time.Now())
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE page_id = ? ORDER BY id LIMIT 1`, pageID).Scan(&id)
		switch {
		case err == nil:
		case !errors.Is(err, sql.ErrNoRows):
			return err
		default:
			m, err := s.findMatch(ctx, tx, ar)
			if err != nil {
				return err
			}
			switch {
			case m == nil:
				err = tx.QueryRowContext(ctx, `INSERT INTO articles (page_id, source_id, url,
					normalized_url, hash, stored, updated) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
					pageID, sourceID, ar.url, ar.norm, ar.hash, now, now).Scan(&id)
				if err != nil {
					return err
				}
			case m.pageID > pageID:
				return nil // superseded by a later page
			default:
				id = m.id
			}
		}
		if err := updateArticle(ctx, tx, id, pageID, sourceID.Int64, ar, now, 0); err != nil {
			return err
		}
		if err := s.setOutlet(ctx, tx, id, ar, false); err != nil {
			return err
		}
		if err := s.logChange(ctx, tx, id); err != nil {
			return err
		}
		return s.addKeys(ctx, tx, id, ar.keys())
	})
	if err != nil {
		return fmt.Errorf("sqlite: reextract page %d: %w", pageID, err)
	}
	return nil
}

const articleColumns = `id, page_id, source_id, url, canonical_url, title, subtitle,
	authors, published, modified, site_name, language, image, section, tags, paywalled,
	truncated, blocks, charset, hash, stored, updated, revisions, extra,
	(SELECT coalesce(copy_of, 0) || ' ' || story FROM connections WHERE article_id = articles.id),
	outlet_id, (SELECT domain FROM outlets WHERE id = articles.outlet_id),
	(SELECT name FROM outlets WHERE id = articles.outlet_id)`

// Article returns the stored article with the given ID, or an error
// wrapping newsdesk.ErrNotFound.
func (s *Store) Article(ctx context.Context, id int64) (*newsdesk.StoredArticle, error) {
	sa, err := scanArticle(s.r.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: article %d: %w", id, err)
	}
	return sa, nil
}

// Articles returns the stored articles f selects, in ID order. Since
// compares with the published time, or the stored time for articles whose
// publication time is unknown.
func (s *Store) Articles(ctx context.Context, f newsdesk.ArticleFilter) ([]newsdesk.StoredArticle, error) {
	var (
		where []string
		args  []any
	)
	if f.SourceID != 0 {
		where = append(where, "source_id = ?")
		args = append(args, f.SourceID)
	}
	if !f.Since.IsZero() {
		where = append(where, "coalesce(published_utc, stored) >= ?")
		args = append(args, formatTime(f.Since))
	}
	if f.AfterID != 0 {
		where = append(where, "id > ?")
		args = append(args, f.AfterID)
	}
	q := `SELECT ` + articleColumns + ` FROM articles`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += " LIMIT ?"
		args = append(args, f.Limit)
	}
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: articles: %w", err)
	}
	defer rows.Close()
	var out []newsdesk.StoredArticle
	for rows.Next() {
		sa, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: articles: %w", err)
		}
		out = append(out, *sa)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: articles: %w", err)
	}
	return out, nil
}

func scanArticle(row scanner) (*newsdesk.StoredArticle, error) {
	var (
		sa                                   newsdesk.StoredArticle
		sourceID                             sql.NullInt64
		authors, tags, blocks                string
		published, modified, stored, updated sql.NullString
		extra, conn                          sql.NullString
		outletID                             sql.NullInt64
		outletDomain, outletName             sql.NullString
	)
	a := &sa.Article
	err := row.Scan(&sa.ID, &sa.PageID, &sourceID, &a.URL, &a.CanonicalURL, &a.Title, &a.Subtitle,
		&authors, &published, &modified, &a.SiteName, &a.Language, &a.Image, &a.Section, &tags,
		&a.Paywalled, &a.Truncated, &blocks, &a.Charset, &sa.Hash, &stored, &updated, &sa.Revisions, &extra, &conn,
		&outletID, &outletDomain, &outletName)
	if err != nil {
		return nil, err
	}
	if outletID.Valid {
		a.Outlet = &newsdesk.Outlet{ID: outletID.Int64, Domain: outletDomain.String, Name: outletName.String}
		if a.Outlet.Name == "" {
			a.Outlet.Name = a.Outlet.Domain
		}
	}
	sa.SourceID = sourceID.Int64
	if conn.Valid {
		var copyOf, story int64
		if _, err := fmt.Sscan(conn.String, &copyOf, &story); err != nil {
			return nil, fmt.Errorf("article %d: connection %q: %w", sa.ID, conn.String, err)
		}
		sa.CopyOf, sa.Story = newsdesk.NullID(copyOf), newsdesk.NullID(story)
	}
	if err := errors.Join(decodeStrings(authors, &a.Authors), decodeStrings(tags, &a.Tags), decodeBlocks(blocks, &a.Blocks)); err != nil {
		return nil, fmt.Errorf("article %d: %w", sa.ID, err)
	}
	if extra.Valid {
		// Numbers stay as they were written: an ID of 20 digits is no
		// float.
		d := json.NewDecoder(strings.NewReader(extra.String))
		d.UseNumber()
		if err := d.Decode(&a.Extra); err != nil {
			return nil, fmt.Errorf("article %d: extra: %w", sa.ID, err)
		}
	}
	for _, f := range []struct {
		src sql.NullString
		dst *time.Time
	}{{published, &a.Published}, {modified, &a.Modified}, {stored, &sa.Stored}, {updated, &sa.Updated}} {
		if *f.dst, err = parseTime(f.src); err != nil {
			return nil, fmt.Errorf("article %d: %w", sa.ID, err)
		}
	}
	return &sa, nil
}

// The statements of SaveArticle, prepared once (see writeQueries).
const (
	qFindByURL = `SELECT a.id, a.page_id, a.hash, a.text = ''
		FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = ?`
	qFindByHash = `SELECT id, page_id, hash, text = '', url, canonical_url, site_name
		FROM articles WHERE hash = ? ORDER BY id LIMIT 100`
	qAddKey        = `INSERT OR IGNORE INTO article_urls (url, article_id) VALUES (?, ?)`
	qLogChange     = `INSERT OR REPLACE INTO changes (article_id) VALUES (?)`
	qInsertArticle = `INSERT INTO articles (page_id, source_id, url,
		canonical_url, normalized_url, title, subtitle, authors, published,
		published_utc, modified, site_name, language, image, section, tags,
		paywalled, truncated, blocks, text, charset, hash, stored, updated, revisions, extra)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)
		RETURNING id`
	qInsertPage = `INSERT INTO pages
		(source_id, url, normalized_url, content_type, fetched, size, encoding, body)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
)
