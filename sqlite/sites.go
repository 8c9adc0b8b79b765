package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"newsdesk"
	"newsdesk/sites"
)

// createSites adds what newsdesk learns of each site's pages (see
// newsdesk.SiteStore): per site, its pages per epoch and the blocks seen
// on them per epoch, and which pages were learnt. Prints are 64-bit
// hashes stored as signed integers.
func createSites(tx *sql.Tx) error {
	_, err := tx.Exec(`
CREATE TABLE sites (
	site       TEXT PRIMARY KEY,
	learnt     INTEGER NOT NULL DEFAULT 0,
	first_seen INTEGER,
	last_seen  INTEGER,
	excluded   INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE site_epochs (
	site  TEXT NOT NULL,
	epoch INTEGER NOT NULL,
	pages INTEGER NOT NULL,
	PRIMARY KEY (site, epoch)
) STRICT, WITHOUT ROWID;

CREATE TABLE site_blocks (
	site       TEXT NOT NULL,
	epoch      INTEGER NOT NULL,
	print      INTEGER NOT NULL,
	kind       INTEGER NOT NULL,
	pages      INTEGER NOT NULL,
	first_seen INTEGER NOT NULL,
	last_seen  INTEGER NOT NULL,
	sample     TEXT NOT NULL,
	PRIMARY KEY (site, epoch, print)
) STRICT, WITHOUT ROWID;

CREATE TABLE site_pages (
	site TEXT NOT NULL,
	page INTEGER NOT NULL,
	PRIMARY KEY (site, page)
) STRICT, WITHOUT ROWID;
`)
	return err
}

var _ newsdesk.SiteStore = (*Store)(nil)

// The statements of LearnSite, prepared with the write path's.
const (
	qSiteState  = `SELECT excluded, learnt FROM sites WHERE site = ?`
	qSitePage   = `INSERT OR IGNORE INTO site_pages (site, page) VALUES (?, ?)`
	qSiteLearnt = `
INSERT INTO sites (site, learnt, first_seen, last_seen) VALUES (?1, 1, ?2, ?2)
ON CONFLICT (site) DO UPDATE SET learnt = learnt + 1,
	first_seen = min(coalesce(first_seen, ?2), ?2), last_seen = max(coalesce(last_seen, ?2), ?2)`
	qSiteEpoch = `
INSERT INTO site_epochs (site, epoch, pages) VALUES (?, ?, 1)
ON CONFLICT (site, epoch) DO UPDATE SET pages = pages + 1`
	qSiteLast = `SELECT last_seen FROM sites WHERE site = ?`
	// qSiteBlock adds one print of a page to its site's epoch. A
	// statement of many rows would need a statement journal (which
	// SQLite spills to a file) to undo half of it: one row at a time,
	// through a statement bound once to the transaction, costs less.
	qSiteBlock = `
INSERT INTO site_blocks (site, epoch, print, kind, pages, first_seen, last_seen, sample)
VALUES (?1, ?2, ?4, ?5, 1, ?3, ?3, ?6)
ON CONFLICT (site, epoch, print) DO UPDATE SET pages = pages + 1,
	first_seen = min(first_seen, excluded.first_seen), last_seen = max(last_seen, excluded.last_seen),
	sample = min(sample, excluded.sample)`
)

// siteQueries are the statements of LearnSite.
var siteQueries = []string{qSiteState, qSitePage, qSiteLearnt, qSiteEpoch, qSiteLast, qSiteBlock}

// LearnSites adds pages to their sites' templates, in one transaction,
// each page once (see newsdesk.SiteStore).
func (s *Store) LearnSites(ctx context.Context, pages []newsdesk.SitePage) ([]bool, error) {
	for _, p := range pages {
		if p.Site == "" {
			return nil, errors.New("sqlite: a page to learn needs a site")
		}
	}
	learnt := make([]bool, len(pages))
	err := s.write(ctx, func(tx *sql.Tx) error {
		st := &siteTx{s: s, tx: tx}
		for i, p := range pages {
			ok, err := st.learnPage(ctx, p)
			if err != nil {
				return fmt.Errorf("site %s: %w", p.Site, err)
			}
			learnt[i] = ok
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sqlite: learn sites: %w", err)
	}
	return learnt, nil
}

// siteTx is a transaction of LearnSites, with the statements it bound
// to it.
type siteTx struct {
	s     *Store
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

// prep returns the prepared statement for query bound to the
// transaction, binding it the first time.
func (st *siteTx) prep(ctx context.Context, query string) *sql.Stmt {
	if x := st.stmts[query]; x != nil {
		return x
	}
	if st.stmts == nil {
		st.stmts = make(map[string]*sql.Stmt)
	}
	x := st.s.prep(ctx, st.tx, query)
	st.stmts[query] = x
	return x
}

// learnPage adds one page to its site in the transaction.
func (st *siteTx) learnPage(ctx context.Context, p newsdesk.SitePage) (bool, error) {
	tx := st.tx
	t := p.Time.UTC()
	epoch := newsdesk.SiteEpoch(t)
	var excluded bool
	var n int64
	err := st.prep(ctx, qSiteState).QueryRowContext(ctx, p.Site).Scan(&excluded, &n)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return false, err
	}
	if excluded {
		return false, nil
	}
	res, err := st.prep(ctx, qSitePage).ExecContext(ctx, p.Site, p.Page)
	if err != nil {
		return false, err
	}
	if k, _ := res.RowsAffected(); k == 0 {
		return false, nil
	}
	if _, err := st.prep(ctx, qSiteLearnt).ExecContext(ctx, p.Site, t.UnixNano()); err != nil {
		return false, err
	}
	if _, err := st.prep(ctx, qSiteEpoch).ExecContext(ctx, p.Site, epoch); err != nil {
		return false, err
	}
	block := st.prep(ctx, qSiteBlock)
	for _, pr := range p.Prints {
		if _, err := block.ExecContext(ctx, p.Site, epoch, t.UnixNano(), int64(pr.Print), int(pr.Kind), pr.Text); err != nil {
			return false, err
		}
	}
	// Epochs before the window are no longer read; a site's blocks
	// stay bounded by dropping the one-page ones of a full epoch.
	if (n+1)%64 == 0 {
		var newest int64
		if err := st.prep(ctx, qSiteLast).QueryRowContext(ctx, p.Site).Scan(&newest); err != nil {
			return false, err
		}
		old := newsdesk.SiteEpoch(time.Unix(0, newest)) - 1
		for _, q := range []string{`DELETE FROM site_blocks WHERE site = ? AND epoch < ?`, `DELETE FROM site_epochs WHERE site = ? AND epoch < ?`} {
			if _, err := tx.ExecContext(ctx, q, p.Site, old); err != nil {
				return false, err
			}
		}
		var blocks int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM site_blocks WHERE site = ? AND epoch = ?`, p.Site, epoch).Scan(&blocks); err != nil {
			return false, err
		}
		if blocks > sites.MaxBlocks {
			if _, err := tx.ExecContext(ctx, `DELETE FROM site_blocks WHERE site = ? AND epoch = ? AND pages < 2`, p.Site, epoch); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// siteColumns are a site's row and its pages in the window (?1: the
// window's length in nanoseconds), for scanSite.
const siteColumns = `s.site, s.learnt, s.first_seen, s.last_seen, s.excluded,
	coalesce((SELECT sum(e.pages) FROM site_epochs e WHERE e.site = s.site
		AND e.epoch >= s.last_seen / ?1 - 1), 0)`

func scanSite(sc interface{ Scan(...any) error }) (*newsdesk.SiteTemplate, error) {
	var t newsdesk.SiteTemplate
	var first, last sql.NullInt64
	if err := sc.Scan(&t.Site, &t.Learnt, &first, &last, &t.Excluded, &t.Pages); err != nil {
		return nil, err
	}
	if first.Valid {
		t.First = time.Unix(0, first.Int64).UTC()
	}
	if last.Valid {
		t.Last = time.Unix(0, last.Int64).UTC()
	}
	return &t, nil
}

// The statements of SiteTemplate, prepared on the readers: a site's row
// (?1 the window's length, ?2 the site), and its blocks seen on two pages
// or more from an epoch on.
var (
	qSiteRow       = `SELECT ` + siteColumns + ` FROM sites s WHERE s.site = ?2`
	qSiteBlockRows = `
SELECT print, min(kind), sum(pages), min(first_seen), max(last_seen), min(sample)
FROM site_blocks WHERE site = ? AND epoch >= ?
GROUP BY print HAVING sum(pages) >= 2`
)

// SiteTemplate returns what was learnt about a site, indexed for
// Furniture.
func (s *Store) SiteTemplate(ctx context.Context, site string) (*newsdesk.SiteTemplate, error) {
	t, err := scanSite(s.reads[qSiteRow].QueryRowContext(ctx, int64(newsdesk.SiteWindow), site))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("sqlite: site %s: %w", site, newsdesk.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: site %s: %w", site, err)
	}
	if t.Last.IsZero() {
		return t.Index(), nil // nothing learnt (an excluded site)
	}
	from := newsdesk.SiteEpoch(t.Last) - 1
	rows, err := s.reads[qSiteBlockRows].QueryContext(ctx, site, from)
	if err != nil {
		return nil, fmt.Errorf("sqlite: site %s blocks: %w", site, err)
	}
	defer rows.Close()
	for rows.Next() {
		var b newsdesk.SiteBlock
		var print, first, last int64
		if err := rows.Scan(&print, &b.Kind, &b.Pages, &first, &last, &b.Sample); err != nil {
			return nil, fmt.Errorf("sqlite: site %s blocks: %w", site, err)
		}
		b.Print, b.First, b.Last = uint64(print), time.Unix(0, first).UTC(), time.Unix(0, last).UTC()
		t.Blocks = append(t.Blocks, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: site %s blocks: %w", site, err)
	}
	sites.SortBlocks(t.Blocks)
	return t.Index(), nil
}

// Sites lists the sites learnt, the most pages in the window first.
func (s *Store) Sites(ctx context.Context) ([]newsdesk.SiteTemplate, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+siteColumns+` FROM sites s`, int64(newsdesk.SiteWindow))
	if err != nil {
		return nil, fmt.Errorf("sqlite: sites: %w", err)
	}
	defer rows.Close()
	var out []newsdesk.SiteTemplate
	for rows.Next() {
		t, err := scanSite(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: sites: %w", err)
		}
		out = append(out, *t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: sites: %w", err)
	}
	sites.SortSites(out)
	return out, nil
}

// ForgetSite drops what was learnt about a site; an exclusion stays.
func (s *Store) ForgetSite(ctx context.Context, site string) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		var excluded bool
		err := tx.QueryRowContext(ctx, `SELECT excluded FROM sites WHERE site = ?`, site).Scan(&excluded)
		if errors.Is(err, sql.ErrNoRows) {
			return newsdesk.ErrNotFound
		}
		if err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM site_blocks WHERE site = ?`, `DELETE FROM site_epochs WHERE site = ?`, `DELETE FROM site_pages WHERE site = ?`} {
			if _, err := tx.ExecContext(ctx, q, site); err != nil {
				return err
			}
		}
		q := `DELETE FROM sites WHERE site = ?`
		if excluded {
			q = `UPDATE sites SET learnt = 0, first_seen = NULL, last_seen = NULL WHERE site = ?`
		}
		_, err = tx.ExecContext(ctx, q, site)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: forget site %s: %w", site, err)
	}
	return nil
}

// ExcludeSite stops or resumes learning from a site.
func (s *Store) ExcludeSite(ctx context.Context, site string, excluded bool) error {
	if site == "" {
		return errors.New("sqlite: no site to exclude")
	}
	err := s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `
INSERT INTO sites (site, excluded) VALUES (?1, ?2)
ON CONFLICT (site) DO UPDATE SET excluded = ?2`, site, excluded)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: exclude site %s: %w", site, err)
	}
	return nil
}
