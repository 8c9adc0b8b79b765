package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"

	"newsdesk"
	"newsdesk/urlnorm"
)

// MinHashText is the length in bytes of white-space-collapsed body text
// below which articles are not matched by content hash: short texts such
// as paywall teasers and cookie walls are shared by unrelated articles.
// It is the same as the embedded store's.
const MinHashText = 200

// Hash returns the content hash of a: the SHA-256, in hex, of its body
// text with runs of white space collapsed to one space and the ends
// trimmed, as the embedded store computes it.
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
	a                     *newsdesk.Article // cleaned (see cleanArticle)
	url                   string            // the article's URL, or its page's
	norm                  string            // url normalised
	canonical             string            // canonical URL normalised; "" if unusable
	outlet                string
	text                  string
	hash                  string
	hashable              bool // long enough to match by hash
	authors, tags, blocks []byte
	extra                 []byte // JSON, or nil for none
	published, modified   any    // RFC 3339 text with offset, or NULL
	publishedUTC          any
}

func newArticleRow(a *newsdesk.Article, pageURL string) (*articleRow, error) {
	if err := checkTime("published", a.Published); err != nil {
		return nil, err
	}
	if err := checkTime("modified", a.Modified); err != nil {
		return nil, err
	}
	a = cleanArticle(a)
	ar := &articleRow{a: a, url: a.URL}
	if ar.url == "" {
		ar.url = clean(pageURL)
	}
	ar.norm = urlnorm.Normalize(ar.url)
	ar.canonical = canonicalKey(a.CanonicalURL)
	ar.outlet = urlnorm.Outlet(ar.url, a.CanonicalURL, a.SiteName)
	ar.text = a.Text()
	var n int
	ar.hash, n = contentHash(ar.text)
	ar.hashable = n >= MinHashText
	var err error
	if ar.authors, err = json.Marshal(a.Authors); err != nil {
		return nil, err
	}
	if ar.tags, err = json.Marshal(a.Tags); err != nil {
		return nil, err
	}
	if ar.blocks, err = json.Marshal(a.Blocks); err != nil {
		return nil, err
	}
	if len(a.Extra) > 0 {
		if ar.extra, err = json.Marshal(a.Extra); err != nil {
			return nil, fmt.Errorf("extra: %w", err)
		}
	}
	ar.published = nullLocalTime(a.Published)
	ar.publishedUTC = nullTime(a.Published)
	ar.modified = nullLocalTime(a.Modified)
	return ar, nil
}

// cleanArticle returns a with its text as PostgreSQL can hold it (see
// clean): a itself when it needs no change, else a cleaned copy.
func cleanArticle(a *newsdesk.Article) *newsdesk.Article {
	if !articleNeedsClean(a) {
		return a
	}
	c := *a
	for _, f := range []*string{&c.URL, &c.CanonicalURL, &c.Title, &c.Subtitle, &c.SiteName,
		&c.Language, &c.Image, &c.Section, &c.Charset} {
		*f = clean(*f)
	}
	c.Authors, c.Tags = cleanAll(a.Authors), cleanAll(a.Tags)
	if a.Blocks != nil {
		c.Blocks = make([]newsdesk.Block, len(a.Blocks))
		for i, b := range a.Blocks {
			b.Text, b.Items = clean(b.Text), cleanAll(b.Items)
			if b.Rows != nil {
				rows := make([][]string, len(b.Rows))
				for j, r := range b.Rows {
					rows[j] = cleanAll(r)
				}
				b.Rows = rows
			}
			c.Blocks[i] = b
		}
	}
	if a.Extra != nil {
		c.Extra = cleanValue(a.Extra).(map[string]any)
	}
	return &c
}

// articleNeedsClean reports whether some text of a is no valid UTF-8 or
// holds a NUL.
func articleNeedsClean(a *newsdesk.Article) bool {
	for _, s := range []string{a.URL, a.CanonicalURL, a.Title, a.Subtitle, a.SiteName,
		a.Language, a.Image, a.Section, a.Charset} {
		if needsClean(s) {
			return true
		}
	}
	if slices.ContainsFunc(a.Authors, needsClean) || slices.ContainsFunc(a.Tags, needsClean) {
		return true
	}
	for _, b := range a.Blocks {
		if needsClean(b.Text) || slices.ContainsFunc(b.Items, needsClean) {
			return true
		}
		for _, r := range b.Rows {
			if slices.ContainsFunc(r, needsClean) {
				return true
			}
		}
	}
	return a.Extra != nil && valueNeedsClean(a.Extra)
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

// lockKeys returns the keys whose advisory locks a write of the article
// takes (see lockKeys): its URLs, and its content hash on its outlet
// when it can be matched by hash.
func (ar *articleRow) lockKeys() []string {
	ks := make([]string, 0, 3)
	for _, k := range ar.keys() {
		ks = append(ks, "url "+k)
	}
	if ar.hashable {
		ks = append(ks, "hash "+ar.outlet+" "+ar.hash)
	}
	return ks
}

// match is a stored article an incoming one is the same as.
type match struct {
	id, pageID int64
	hash       string
	empty      bool // stored without body text
}

// findMatch returns the stored article ar is the same as, or nil: first
// by canonical URL, then by URL, then by content hash on the same
// outlet.
func findMatch(ctx context.Context, tx pgx.Tx, ar *articleRow) (*match, error) {
	for _, k := range ar.keys() {
		var m match
		err := tx.QueryRow(ctx, `SELECT a.id, a.page_id, a.hash, a.text = ''
			FROM article_urls u JOIN articles a ON a.id = u.article_id WHERE u.url = $1`, k).
			Scan(&m.id, &m.pageID, &m.hash, &m.empty)
		if err == nil {
			return &m, nil
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return nil, err
		}
	}
	if !ar.hashable {
		return nil, nil
	}
	// The same text under another outlet's URL is a copy, stored as an
	// article of its own; under the same outlet's, the same article.
	rows, err := tx.Query(ctx, `SELECT id, page_id, hash, text = '', url, canonical_url, site_name
		FROM articles WHERE hash = $1 ORDER BY id LIMIT 100`, ar.hash)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m match
		var u, canonical, site string
		if err := rows.Scan(&m.id, &m.pageID, &m.hash, &m.empty, &u, &canonical, &site); err != nil {
			return nil, err
		}
		if urlnorm.Outlet(u, canonical, site) == ar.outlet {
			return &m, nil
		}
	}
	return nil, rows.Err()
}

// SaveArticle stores page p and article a read from it in one
// transaction, deduplicating as the package documentation describes, and
// returns the ID of the stored article it now is or duplicates. It sets
// p.ID when it stores the page, which it does not for a duplicate.
//
// A revision whose body text is empty, while the stored article has text,
// is taken for a failed extraction and reported as a duplicate, leaving
// the stored article as it is.
func (s *Store) SaveArticle(ctx context.Context, p *newsdesk.Page, a *newsdesk.Article) (int64, newsdesk.SaveOutcome, error) {
	if p == nil || a == nil {
		return 0, "", errors.New("postgres: save article: nil page or article")
	}
	pr, err := newPageRow(p)
	if err != nil {
		return 0, "", fmt.Errorf("postgres: save article %s: %w", p.URL, err)
	}
	ar, err := newArticleRow(a, p.URL)
	if err != nil {
		return 0, "", fmt.Errorf("postgres: save article %s: %w", p.URL, err)
	}
	var (
		id    int64
		out   newsdesk.SaveOutcome
		moved bool
	)
	err = s.write(ctx, func(tx pgx.Tx) error {
		id, out, p.ID, moved = 0, "", 0, false
		if err := lockKeys(ctx, tx, ar.lockKeys()); err != nil {
			return err
		}
		m, err := findMatch(ctx, tx, ar)
		if err != nil {
			return err
		}
		now := time.Now()
		switch {
		case m == nil:
			if err := insertPage(ctx, tx, pr); err != nil {
				return err
			}
			out = newsdesk.Created
			err = tx.QueryRow(ctx, `INSERT INTO articles (page_id, source_id, url,
				canonical_url, normalized_url, title, subtitle, authors, published,
				published_utc, modified, site_name, language, image, section, tags,
				paywalled, truncated, blocks, text, charset, hash, stored, updated, revisions, extra)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
				$17, $18, $19, $20, $21, $22, $23, $23, 0, $24) RETURNING id`,
				p.ID, nullID(p.SourceID), ar.url, ar.a.CanonicalURL, ar.norm, ar.a.Title, ar.a.Subtitle,
				ar.authors, ar.published, ar.publishedUTC, ar.modified, ar.a.SiteName, ar.a.Language,
				ar.a.Image, ar.a.Section, ar.tags, ar.a.Paywalled, ar.a.Truncated, ar.blocks, ar.text,
				ar.a.Charset, ar.hash, now, ar.extra).Scan(&id)
			if err != nil {
				return err
			}
			if err := setOutlet(ctx, tx, id, ar, true); err != nil {
				return err
			}
		case m.hash == ar.hash, ar.text == "" && !m.empty:
			id, out = m.id, newsdesk.Duplicate
			if m.hash == ar.hash && ar.canonical != "" && ar.canonical == ar.norm {
				// The page at the article's canonical URL gives the
				// article its URL, whichever of its pages came first.
				if moved, err = moveToCanonical(ctx, tx, m.id, pr, ar, now); err != nil {
					return err
				}
			}
		default:
			if err := insertPage(ctx, tx, pr); err != nil {
				return err
			}
			id, out = m.id, newsdesk.Revised
			if err := updateArticle(ctx, tx, m.id, p.ID, p.SourceID, ar, now, 1); err != nil {
				return err
			}
			if err := setOutlet(ctx, tx, m.id, ar, false); err != nil {
				return err
			}
		}
		if err := addKeys(ctx, tx, id, ar.keys()); err != nil {
			return err
		}
		if out == newsdesk.Duplicate && !moved {
			return nil
		}
		return logChanges(ctx, tx, id)
	})
	if err != nil {
		p.ID = 0
		return 0, "", fmt.Errorf("postgres: save article %s: %w", p.URL, err)
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
func moveToCanonical(ctx context.Context, tx pgx.Tx, id int64, pr *pageRow, ar *articleRow, now time.Time) (bool, error) {
	var stored, canonical string
	if err := tx.QueryRow(ctx, `SELECT normalized_url, canonical_url FROM articles WHERE id = $1`, id).Scan(&stored, &canonical); err != nil {
		return false, err
	}
	if stored == ar.norm || canonicalKey(canonical) != ar.canonical {
		return false, nil
	}
	if err := insertPage(ctx, tx, pr); err != nil {
		return false, err
	}
	_, err := tx.Exec(ctx, `UPDATE articles SET page_id = $1, url = $2, normalized_url = $3, updated = $4 WHERE id = $5`,
		pr.p.ID, ar.url, ar.norm, now, id)
	return err == nil, err
}

// updateArticle rewrites article id from ar, read from page pageID, and
// adds bump to its revision count. The article keeps the source it was
// first stored from, if any, and its extra fields unless ar has some.
func updateArticle(ctx context.Context, tx pgx.Tx, id, pageID, sourceID int64, ar *articleRow, now time.Time, bump int) error {
	a := ar.a
	_, err := tx.Exec(ctx, `UPDATE articles SET page_id = $1, source_id = coalesce(source_id, $2),
		url = $3, canonical_url = $4, normalized_url = $5, title = $6, subtitle = $7, authors = $8,
		published = $9, published_utc = $10, modified = $11, site_name = $12, language = $13, image = $14,
		section = $15, tags = $16, paywalled = $17, truncated = $18, blocks = $19, text = $20, charset = $21,
		hash = $22, updated = $23, revisions = revisions + $24, extra = coalesce($25, extra) WHERE id = $26`,
		pageID, nullID(sourceID), ar.url, a.CanonicalURL, ar.norm, a.Title, a.Subtitle, ar.authors,
		ar.published, ar.publishedUTC, ar.modified, a.SiteName, a.Language, a.Image,
		a.Section, ar.tags, a.Paywalled, a.Truncated, ar.blocks, ar.text, a.Charset,
		ar.hash, now, bump, ar.extra, id)
	return err
}

// addKeys records URLs that article id is known by; a URL that already
// names an article keeps naming it.
func addKeys(ctx context.Context, tx pgx.Tx, id int64, keys []string) error {
	_, err := tx.Exec(ctx, `INSERT INTO article_urls (url, article_id)
		SELECT k, $2 FROM unnest($1::text[]) AS k WHERE k <> '' ON CONFLICT (url) DO NOTHING`, keys, id)
	return err
}

// Reextract replaces the article of stored page pageID with a, extracted
// again from the page, keeping the article's ID, stored time and
// revision count. If no article points at the page, a is stored as a new
// article unless it is the same as a stored one: one read from a later
// page is left alone, one read from an earlier page is replaced. It
// returns an error wrapping newsdesk.ErrNotFound if there is no such page.
func (s *Store) Reextract(ctx context.Context, pageID int64, a *newsdesk.Article) error {
	if a == nil {
		return errors.New("postgres: reextract: nil article")
	}
	var pageURL string
	var sourceID *int64
	err := s.pool.QueryRow(ctx, `SELECT url, source_id FROM pages WHERE id = $1`, pageID).Scan(&pageURL, &sourceID)
	if errors.Is(err, pgx.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("postgres: reextract page %d: %w", pageID, classify(err))
	}
	ar, err := newArticleRow(a, pageURL)
	if err != nil {
		return fmt.Errorf("postgres: reextract page %d: %w", pageID, err)
	}
	var src int64
	if sourceID != nil {
		src = *sourceID
	}
	err = s.write(ctx, func(tx pgx.Tx) error {
		if err := lockKeys(ctx, tx, ar.lockKeys()); err != nil {
			return err
		}
		now := time.Now()
		var id int64
		err := tx.QueryRow(ctx, `SELECT id FROM articles WHERE page_id = $1 ORDER BY id LIMIT 1`, pageID).Scan(&id)
		switch {
		case err == nil:
		case !errors.Is(err, pgx.ErrNoRows):
			return err
		default:
			m, err := findMatch(ctx, tx, ar)
			if err != nil {
				return err
			}
			switch {
			case m == nil:
				err = tx.QueryRow(ctx, `INSERT INTO articles (page_id, source_id, url,
					normalized_url, hash, stored, updated) VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
					pageID, nullID(src), ar.url, ar.norm, ar.hash, now).Scan(&id)
				if err != nil {
					return err
				}
			case m.pageID > pageID:
				return nil // superseded by a later page
			default:
				id = m.id
			}
		}
		if err := updateArticle(ctx, tx, id, pageID, src, ar, now, 0); err != nil {
			return err
		}
		if err := setOutlet(ctx, tx, id, ar, false); err != nil {
			return err
		}
		if err := addKeys(ctx, tx, id, ar.keys()); err != nil {
			return err
		}
		return logChanges(ctx, tx, id)
	})
	if err != nil {
		return fmt.Errorf("postgres: reextract page %d: %w", pageID, err)
	}
	return nil
}

const articleColumns = `id, page_id, source_id, url, canonical_url, title, subtitle,
	authors, published, modified, site_name, language, image, section, tags, paywalled,
	truncated, blocks, charset, hash, stored, updated, revisions, extra,
	outlet_id, (SELECT domain FROM outlets WHERE id = articles.outlet_id),
	(SELECT name FROM outlets WHERE id = articles.outlet_id),
	(SELECT coalesce(copy_of, 0) FROM connections WHERE article_id = articles.id),
	(SELECT story FROM connections WHERE article_id = articles.id)`

// Article returns the stored article with the given ID, or an error
// wrapping newsdesk.ErrNotFound.
func (s *Store) Article(ctx context.Context, id int64) (*newsdesk.StoredArticle, error) {
	sa, err := scanArticle(s.pool.QueryRow(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: article %d: %w", id, classify(err))
	}
	return sa, nil
}

// Articles returns the stored articles f selects, in ID order. Since
// compares with the published time, or the stored time for articles whose
// publication time is unknown.
//
// IDs are handed out as articles are inserted, not as they commit: a
// listing by AfterID may miss an article whose transaction was still
// open when an article of a higher ID was listed. Followers read the
// change log, which has no such gaps.
func (s *Store) Articles(ctx context.Context, f newsdesk.ArticleFilter) ([]newsdesk.StoredArticle, error) {
	var (
		where []string
		args  []any
	)
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if f.SourceID != 0 {
		where = append(where, "source_id = "+arg(f.SourceID))
	}
	if !f.Since.IsZero() {
		where = append(where, "coalesce(published_utc, stored) >= "+arg(f.Since))
	}
	if f.AfterID != 0 {
		where = append(where, "id > "+arg(f.AfterID))
	}
	q := `SELECT ` + articleColumns + ` FROM articles`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id"
	if f.Limit > 0 {
		q += " LIMIT " + arg(f.Limit)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: articles: %w", classify(err))
	}
	defer rows.Close()
	var out []newsdesk.StoredArticle
	for rows.Next() {
		sa, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: articles: %w", err)
		}
		out = append(out, *sa)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: articles: %w", classify(err))
	}
	return out, nil
}

func scanArticle(row pgx.Row) (*newsdesk.StoredArticle, error) {
	var (
		sa                    newsdesk.StoredArticle
		sourceID              *int64
		authors, tags, blocks []byte
		published, modified   *string
		stored, updated       pgtype.Timestamptz
		extra                 []byte
		outletID              *int64
		outletDomain          *string
		outletName            *string
		copyOf, story         *int64
	)
	a := &sa.Article
	err := row.Scan(&sa.ID, &sa.PageID, &sourceID, &a.URL, &a.CanonicalURL, &a.Title, &a.Subtitle,
		&authors, &published, &modified, &a.SiteName, &a.Language, &a.Image, &a.Section, &tags,
		&a.Paywalled, &a.Truncated, &blocks, &a.Charset, &sa.Hash, &stored, &updated, &sa.Revisions, &extra,
		&outletID, &outletDomain, &outletName, &copyOf, &story)
	if err != nil {
		return nil, err
	}
	if story != nil {
		sa.CopyOf, sa.Story = newsdesk.NullID(deref(copyOf)), newsdesk.NullID(*story)
	}
	if outletID != nil {
		a.Outlet = &newsdesk.Outlet{ID: *outletID}
		if outletDomain != nil {
			a.Outlet.Domain = *outletDomain
		}
		if outletName != nil {
			a.Outlet.Name = *outletName
		}
		if a.Outlet.Name == "" {
			a.Outlet.Name = a.Outlet.Domain
		}
	}
	if sourceID != nil {
		sa.SourceID = *sourceID
	}
	for _, f := range []struct {
		src []byte
		dst any
	}{{authors, &a.Authors}, {tags, &a.Tags}, {blocks, &a.Blocks}} {
		if err := json.Unmarshal(f.src, f.dst); err != nil {
			return nil, fmt.Errorf("article %d: %w", sa.ID, err)
		}
	}
	if extra != nil {
		// Numbers stay as they were written: an ID of 20 digits is no
		// float.
		d := json.NewDecoder(strings.NewReader(string(extra)))
		d.UseNumber()
		if err := d.Decode(&a.Extra); err != nil {
			return nil, fmt.Errorf("article %d: extra: %w", sa.ID, err)
		}
	}
	if a.Published, err = parseLocalTime(published); err != nil {
		return nil, fmt.Errorf("article %d: %w", sa.ID, err)
	}
	if a.Modified, err = parseLocalTime(modified); err != nil {
		return nil, fmt.Errorf("article %d: %w", sa.ID, err)
	}
	sa.Stored, sa.Updated = instant(stored), instant(updated)
	return &sa, nil
}
