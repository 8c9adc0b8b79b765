package ingest

import (
	"context"
	"hash/fnv"
	"sync"

	"newsdesk"
)

// siteTemplates keeps the templates pages are read with, one per site,
// loaded from the store and loaded again once the site has learnt a
// quarter more pages (at least one) since.
type siteTemplates struct {
	store newsdesk.SiteStore
	mu    sync.Mutex
	sites map[string]*siteEntry
}

type siteEntry struct {
	tpl *newsdesk.SiteTemplate
	// since counts the pages the site learnt after tpl was loaded; stale
	// asks for a load.
	since int
	stale bool
}

func newSiteTemplates(st newsdesk.SiteStore) *siteTemplates {
	return &siteTemplates{store: st, sites: make(map[string]*siteEntry)}
}

// template returns the template of site to read its pages with, nil when
// none applies (yet). A store error reads the page without.
func (c *siteTemplates) template(ctx context.Context, site string) *newsdesk.SiteTemplate {
	if c == nil || site == "" {
		return nil
	}
	c.mu.Lock()
	e := c.sites[site]
	if e != nil && !e.stale {
		c.mu.Unlock()
		return e.tpl
	}
	c.mu.Unlock()
	tpl, err := c.store.SiteTemplate(ctx, site)
	if err != nil || !tpl.Applies() {
		tpl = nil
	}
	c.mu.Lock()
	c.sites[site] = &siteEntry{tpl: tpl}
	c.mu.Unlock()
	return tpl
}

// learnt notes that site learnt a page.
func (c *siteTemplates) learnt(site string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.sites[site]
	if e == nil {
		c.sites[site] = &siteEntry{stale: true}
		return
	}
	e.since++
	pages := 0
	if e.tpl != nil {
		pages = e.tpl.Pages
	}
	if e.since >= max(1, pages/4) {
		e.stale = true
	}
}

// pageKey identifies a stored page to its site's learning: the hash of
// the URL it is stored under, which is one page's in a store.
func pageKey(url string) int64 {
	h := fnv.New64a()
	h.Write([]byte(url))
	return int64(h.Sum64() >> 1)
}
