package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk"
	"newsdesk/sites"
)

var _ newsdesk.SiteStore = (*Store)(nil)

// createSites adds what newsdesk learns of each site's pages, as the
// embedded store keeps it: per site its pages per epoch, the blocks seen
// on them per epoch, and which pages were learnt. Prints are 64-bit
// hashes stored as signed integers, times as nanoseconds. Samples are
// compared byte by byte (COLLATE "C"), as the embedded store compares
// them, so that both keep the same one.
func createSites(ctx context.Context, tx pgx.Tx) error {
	_, err := tx.Exec(ctx, `
CREATE TABLE sites (
	site       text PRIMARY KEY,
	learnt     bigint NOT NULL DEFAULT 0,
	first_seen bigint,
	last_seen  bigint,
	excluded   boolean NOT NULL DEFAULT false
);
CREATE TABLE site_epochs (
	site  text NOT NULL,
	epoch bigint NOT NULL,
	pages bigint NOT NULL,
	PRIMARY KEY (site, epoch)
);
CREATE TABLE site_blocks (
	site       text NOT NULL,
	epoch      bigint NOT NULL,
	print      bigint NOT NULL,
	kind       integer NOT NULL,
	pages      bigint NOT NULL,
	first_seen bigint NOT NULL,
	last_seen  bigint NOT NULL,
	sample     text COLLATE "C" NOT NULL,
	PRIMARY KEY (site, epoch, print)
);
CREATE TABLE site_pages (
	site text NOT NULL,
	page bigint NOT NULL,
	PRIMARY KEY (site, page)
);`)
	return err
}

// sitesLock serialises the transactions that learn site templates.
const sitesLock = `SELECT pg_advisory_xact_lock(1852143475, 3)`

// LearnSites adds pages to their sites' templates, in one transaction,
// each page once (see newsdesk.SiteStore).
func (s *Store) LearnSites(ctx context.Context, pages []newsdesk.SitePage) ([]bool, error) {
	for _, p := range pages {
		if p.Site == "" {
			return nil, errors.New("postgres: a page to learn needs a site")
		}
	}
	var learnt []bool
	err := s.write(ctx, func(tx pgx.Tx) error {
		// Batches of many sites' pages from several processes would
		// take the rows of their sites and blocks in different orders
		// and deadlock: they are learnt one batch at a time.
		if _, err := tx.Exec(ctx, sitesLock); err != nil {
			return err
		}
		learnt = make([]bool, len(pages))
		for i, p := range pages {
			ok, err := learnPage(ctx, tx, p)
			if err != nil {
				return fmt.Errorf("site %s: %w", p.Site, err)
			}
			learnt[i] = ok
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: learn sites: %w", err)
	}
	return learnt, nil
}

// learnPage adds one page to its site in tx.
func learnPage(ctx context.Context, tx pgx.Tx, p newsdesk.SitePage) (bool, error) {
	t := p.Time.UTC()
	epoch := newsdesk.SiteEpoch(t)
	var excluded bool
	var n int64
	err := tx.QueryRow(ctx, `SELECT excluded, learnt FROM sites WHERE site = $1`, p.Site).Scan(&excluded, &n)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return false, err
	}
	if excluded {
		return false, nil
	}
	tag, err := tx.Exec(ctx, `INSERT INTO site_pages (site, page) VALUES ($1, $2) ON CONFLICT DO NOTHING`, p.Site, p.Page)
	if err != nil {
		return false, err
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO sites (site, learnt, first_seen, last_seen) VALUES ($1, 1, $2, $2)
ON CONFLICT (site) DO UPDATE SET learnt = sites.learnt + 1,
	first_seen = least(coalesce(sites.first_seen, $2), $2), last_seen = greatest(coalesce(sites.last_seen, $2), $2)`,
		p.Site, t.UnixNano()); err != nil {
		return false, err
	}
	if _, err := tx.Exec(ctx, `
INSERT INTO site_epochs (site, epoch, pages) VALUES ($1, $2, 1)
ON CONFLICT (site, epoch) DO UPDATE SET pages = site_epochs.pages + 1`, p.Site, epoch); err != nil {
		return false, err
	}
	// One statement for the page's prints; a print given twice counts
	// once (a page gives each once).
	seen := make(map[uint64]bool, len(p.Prints))
	var prints []int64
	var kinds []int32
	var texts []string
	for _, pr := range p.Prints {
		if seen[pr.Print] {
			continue
		}
		seen[pr.Print] = true
		prints = append(prints, int64(pr.Print))
		kinds = append(kinds, int32(pr.Kind))
		texts = append(texts, clean(pr.Text))
	}
	if len(prints) > 0 {
		if _, err := tx.Exec(ctx, `
INSERT INTO site_blocks (site, epoch, print, kind, pages, first_seen, last_seen, sample)
SELECT $1, $2, b.print, b.kind, 1, $3, $3, b.sample
FROM unnest($4::bigint[], $5::integer[], $6::text[]) AS b(print, kind, sample)
ON CONFLICT (site, epoch, print) DO UPDATE SET pages = site_blocks.pages + 1,
	first_seen = least(site_blocks.first_seen, EXCLUDED.first_seen),
	last_seen = greatest(site_blocks.last_seen, EXCLUDED.last_seen),
	sample = least(site_blocks.sample, EXCLUDED.sample)`,
			p.Site, epoch, t.UnixNano(), prints, kinds, texts); err != nil {
			return false, err
		}
	}
	// Epochs before the window are no longer read; a site's blocks stay
	// bounded by dropping the one-page ones of a full epoch.
	if (n+1)%64 == 0 {
		var newest int64
		if err := tx.QueryRow(ctx, `SELECT last_seen FROM sites WHERE site = $1`, p.Site).Scan(&newest); err != nil {
			return false, err
		}
		old := newsdesk.SiteEpoch(time.Unix(0, newest)) - 1
		for _, q := range []string{`DELETE FROM site_blocks WHERE site = $1 AND epoch < $2`, `DELETE FROM site_epochs WHERE site = $1 AND epoch < $2`} {
			if _, err := tx.Exec(ctx, q, p.Site, old); err != nil {
				return false, err
			}
		}
		var blocks int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM site_blocks WHERE site = $1 AND epoch = $2`, p.Site, epoch).Scan(&blocks); err != nil {
			return false, err
		}
		if blocks > sites.MaxBlocks {
			if _, err := tx.Exec(ctx, `DELETE FROM site_blocks WHERE site = $1 AND epoch = $2 AND pages < 2`, p.Site, epoch); err != nil {
				return false, err
			}
		}
	}
	return true, nil
}

// siteColumns are a site's columns and its pages in the window ($1: the
// window's length in nanoseconds).
const siteColumns = `s.site, s.learnt, s.first_seen, s.last_seen, s.excluded,
	coalesce((SELECT sum(e.pages) FROM site_epochs e WHERE e.site = s.site
		AND e.epoch >= s.last_seen / $1 - 1), 0)`

func scanSite(row pgx.Row) (*newsdesk.SiteTemplate, error) {
	var t newsdesk.SiteTemplate
	var first, last *int64
	if err := row.Scan(&t.Site, &t.Learnt, &first, &last, &t.Excluded, &t.Pages); err != nil {
		return nil, err
	}
	if first != nil {
		t.First = time.Unix(0, *first).UTC()
	}
	if last != nil {
		t.Last = time.Unix(0, *last).UTC()
	}
	return &t, nil
}

// SiteTemplate returns what was learnt about a site, indexed for
// Furniture.
func (s *Store) SiteTemplate(ctx context.Context, site string) (*newsdesk.SiteTemplate, error) {
	t, err := scanSite(s.pool.QueryRow(ctx, `SELECT `+siteColumns+` FROM sites s WHERE s.site = $2`, int64(newsdesk.SiteWindow), site))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("postgres: site %s: %w", site, newsdesk.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: site %s: %w", site, classify(err))
	}
	if !t.Last.IsZero() {
		rows, err := s.pool.Query(ctx, `
SELECT print, min(kind), sum(pages), min(first_seen), max(last_seen), min(sample)
FROM site_blocks WHERE site = $1 AND epoch >= $2
GROUP BY print HAVING sum(pages) >= 2`, site, newsdesk.SiteEpoch(t.Last)-1)
		if err != nil {
			return nil, fmt.Errorf("postgres: site %s blocks: %w", site, classify(err))
		}
		defer rows.Close()
		for rows.Next() {
			var b newsdesk.SiteBlock
			var print, first, last int64
			var kind int32
			if err := rows.Scan(&print, &kind, &b.Pages, &first, &last, &b.Sample); err != nil {
				return nil, fmt.Errorf("postgres: site %s blocks: %w", site, err)
			}
			b.Print, b.Kind, b.First, b.Last = uint64(print), newsdesk.PrintKind(kind), time.Unix(0, first).UTC(), time.Unix(0, last).UTC()
			t.Blocks = append(t.Blocks, b)
		}
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("postgres: site %s blocks: %w", site, classify(err))
		}
	}
	sites.SortBlocks(t.Blocks)
	return t.Index(), nil
}

// Sites lists the sites learnt, the most pages in the window first.
func (s *Store) Sites(ctx context.Context) ([]newsdesk.SiteTemplate, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+siteColumns+` FROM sites s`, int64(newsdesk.SiteWindow))
	if err != nil {
		return nil, fmt.Errorf("postgres: sites: %w", classify(err))
	}
	defer rows.Close()
	var out []newsdesk.SiteTemplate
	for rows.Next() {
		t, err := scanSite(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: sites: %w", err)
		}
		out = append(out, *t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: sites: %w", classify(err))
	}
	sites.SortSites(out)
	return out, nil
}

// ForgetSite drops what was learnt about a site; an exclusion stays.
func (s *Store) ForgetSite(ctx context.Context, site string) error {
	err := s.write(ctx, func(tx pgx.Tx) error {
		var excluded bool
		err := tx.QueryRow(ctx, `SELECT excluded FROM sites WHERE site = $1 FOR UPDATE`, site).Scan(&excluded)
		if errors.Is(err, pgx.ErrNoRows) {
			return newsdesk.ErrNotFound
		}
		if err != nil {
			return err
		}
		for _, q := range []string{`DELETE FROM site_blocks WHERE site = $1`, `DELETE FROM site_epochs WHERE site = $1`, `DELETE FROM site_pages WHERE site = $1`} {
			if _, err := tx.Exec(ctx, q, site); err != nil {
				return err
			}
		}
		q := `DELETE FROM sites WHERE site = $1`
		if excluded {
			q = `UPDATE sites SET learnt = 0, first_seen = NULL, last_seen = NULL WHERE site = $1`
		}
		_, err = tx.Exec(ctx, q, site)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: forget site %s: %w", site, err)
	}
	return nil
}

// ExcludeSite stops or resumes learning from a site.
func (s *Store) ExcludeSite(ctx context.Context, site string, excluded bool) error {
	if site == "" {
		return errors.New("postgres: no site to exclude")
	}
	err := s.write(ctx, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `
INSERT INTO sites (site, excluded) VALUES ($1, $2)
ON CONFLICT (site) DO UPDATE SET excluded = $2`, site, excluded)
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: exclude site %s: %w", site, err)
	}
	return nil
}
