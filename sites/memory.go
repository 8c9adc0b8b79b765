// Package sites learns each site's template from the pages read there
// (see newsdesk.SiteStore): Memory keeps what was learnt in memory, for a
// single run of the extractor and as the reference the stores are held
// to, and Key names the site of a page.
package sites

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/urlnorm"
)

// Key returns the site a page is learnt under: the registrable domain of
// its URL, else of its canonical URL; "" when neither is a web address
// (nothing is learnt then).
func Key(pageURL, canonical string) string {
	if d := urlnorm.Domain(pageURL); d != "" {
		return d
	}
	return urlnorm.Domain(canonical)
}

// MaxBlocks bounds the blocks a site keeps per epoch: past it, the blocks
// seen on one page only are dropped, the recurring ones stay.
const MaxBlocks = 5000

// Memory is a SiteStore held in memory. The zero value is ready to use,
// and safe for concurrent use.
type Memory struct {
	mu    sync.Mutex
	sites map[string]*memSite
}

type memSite struct {
	excluded    bool
	pages       map[int64]bool
	first, last time.Time
	epochs      map[int64]*memEpoch
}

type memEpoch struct {
	pages  int
	blocks map[uint64]*newsdesk.SiteBlock
}

var _ newsdesk.SiteStore = (*Memory)(nil)

func (m *Memory) site(name string) *memSite {
	if m.sites == nil {
		m.sites = make(map[string]*memSite)
	}
	s := m.sites[name]
	if s == nil {
		s = &memSite{pages: make(map[int64]bool), epochs: make(map[int64]*memEpoch)}
		m.sites[name] = s
	}
	return s
}

// LearnSites adds pages to their sites (see newsdesk.SiteStore).
func (m *Memory) LearnSites(_ context.Context, pages []newsdesk.SitePage) ([]bool, error) {
	for _, p := range pages {
		if p.Site == "" {
			return nil, fmt.Errorf("sites: a page to learn needs a site")
		}
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	learnt := make([]bool, len(pages))
	for i, p := range pages {
		learnt[i] = m.learn(p)
	}
	return learnt, nil
}

// learn adds one page; m.mu is held.
func (m *Memory) learn(p newsdesk.SitePage) bool {
	s := m.site(p.Site)
	if s.excluded || s.pages[p.Page] {
		return false
	}
	s.pages[p.Page] = true
	t := p.Time.UTC()
	if s.first.IsZero() || t.Before(s.first) {
		s.first = t
	}
	if t.After(s.last) {
		s.last = t
	}
	e := s.epochs[newsdesk.SiteEpoch(t)]
	if e == nil {
		e = &memEpoch{blocks: make(map[uint64]*newsdesk.SiteBlock)}
		s.epochs[newsdesk.SiteEpoch(t)] = e
	}
	e.pages++
	for _, pr := range p.Prints {
		b := e.blocks[pr.Print]
		if b == nil {
			b = &newsdesk.SiteBlock{Print: pr.Print, Kind: pr.Kind, First: t, Last: t, Sample: pr.Text}
			e.blocks[pr.Print] = b
		}
		b.Pages++
		if t.Before(b.First) {
			b.First = t
		}
		if t.After(b.Last) {
			b.Last = t
		}
		// The same print from texts differing in digits or spacing: keep
		// one of them whatever the order.
		if pr.Text < b.Sample {
			b.Sample = pr.Text
		}
	}
	if len(e.blocks) > MaxBlocks {
		for k, b := range e.blocks {
			if b.Pages < 2 {
				delete(e.blocks, k)
			}
		}
	}
	// Epochs before the window are no longer read.
	newest := newsdesk.SiteEpoch(s.last)
	for k := range s.epochs {
		if k < newest-1 {
			delete(s.epochs, k)
		}
	}
	return true
}

// SiteTemplate returns what was learnt about a site.
func (m *Memory) SiteTemplate(_ context.Context, site string) (*newsdesk.SiteTemplate, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.sites[site]
	if s == nil {
		return nil, fmt.Errorf("sites: %s: %w", site, newsdesk.ErrNotFound)
	}
	t := s.summary(site)
	newest := newsdesk.SiteEpoch(s.last)
	sum := map[uint64]*newsdesk.SiteBlock{}
	for k, e := range s.epochs {
		if k < newest-1 {
			continue
		}
		for p, b := range e.blocks {
			if have := sum[p]; have != nil {
				have.Pages += b.Pages
				have.First = minTime(have.First, b.First)
				have.Last = maxTime(have.Last, b.Last)
				have.Sample = min(have.Sample, b.Sample)
				continue
			}
			cp := *b
			sum[p] = &cp
		}
	}
	for _, b := range sum {
		if b.Pages >= 2 {
			t.Blocks = append(t.Blocks, *b)
		}
	}
	SortBlocks(t.Blocks)
	return t.Index(), nil
}

func (s *memSite) summary(name string) *newsdesk.SiteTemplate {
	t := &newsdesk.SiteTemplate{Site: name, Learnt: len(s.pages), First: s.first, Last: s.last, Excluded: s.excluded}
	newest := newsdesk.SiteEpoch(s.last)
	for k, e := range s.epochs {
		if k >= newest-1 {
			t.Pages += e.pages
		}
	}
	return t
}

// SortBlocks orders a template's blocks the way SiteTemplate lists them:
// the most pages first, then by print.
func SortBlocks(bs []newsdesk.SiteBlock) {
	slices.SortFunc(bs, func(a, b newsdesk.SiteBlock) int {
		if c := cmp.Compare(b.Pages, a.Pages); c != 0 {
			return c
		}
		return cmp.Compare(a.Print, b.Print)
	})
}

// Sites lists the sites learnt, the most pages first.
func (m *Memory) Sites(context.Context) ([]newsdesk.SiteTemplate, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]newsdesk.SiteTemplate, 0, len(m.sites))
	for name, s := range m.sites {
		out = append(out, *s.summary(name))
	}
	SortSites(out)
	return out, nil
}

// SortSites orders sites the way Sites lists them: the most pages in the
// window first, then by name.
func SortSites(ts []newsdesk.SiteTemplate) {
	slices.SortFunc(ts, func(a, b newsdesk.SiteTemplate) int {
		if c := cmp.Compare(b.Pages, a.Pages); c != 0 {
			return c
		}
		return cmp.Compare(a.Site, b.Site)
	})
}

// ForgetSite drops what was learnt about a site; an exclusion stays.
func (m *Memory) ForgetSite(_ context.Context, site string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := m.sites[site]
	if s == nil {
		return fmt.Errorf("sites: %s: %w", site, newsdesk.ErrNotFound)
	}
	if s.excluded {
		m.sites[site] = &memSite{excluded: true, pages: map[int64]bool{}, epochs: map[int64]*memEpoch{}}
		return nil
	}
	delete(m.sites, site)
	return nil
}

// ExcludeSite stops or resumes learning from a site.
func (m *Memory) ExcludeSite(_ context.Context, site string, excluded bool) error {
	if site == "" {
		return fmt.Errorf("sites: no site to exclude")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.site(site).excluded = excluded
	return nil
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
