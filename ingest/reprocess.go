package ingest

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/sites"
)

// ImportedContentType is the content type of the page stored with an
// article that was imported already extracted ("newsdesk import"): the
// page has an empty body, as there is no raw page to keep, and
// Reprocess leaves it and its article as they are.
const ImportedContentType = "application/x-newsdesk-imported"

// ReprocessStats counts the outcomes of Reprocess.
type ReprocessStats struct {
	Pages     int // pages read
	Extracted int // articles replaced
	NoArticle int // pages without article text, left as they are
	Failed    int // pages whose extraction or update failed
	Imported  int // pages of imported articles, left as they are
}

// String formats the counts as a summary line.
func (s ReprocessStats) String() string {
	line := fmt.Sprintf("pages %d, re-extracted %d, failed %d, without article %d", s.Pages, s.Extracted, s.Failed, s.NoArticle)
	if s.Imported > 0 {
		line += fmt.Sprintf(", imported %d", s.Imported)
	}
	return line
}

// Reprocess extracts the article of every stored page again with the
// current extractor and what has been learnt of each page's site, and
// replaces the stored one (Store.Reextract), with workers extractions at
// once (default: the number of CPUs). A page its site has not learnt yet
// is learnt; when any was, every page is read once more, so that each
// reads with what was learnt from all of them. A page that fails is
// counted and passed to report (if not nil, called from one goroutine at
// a time) and the others go on; a page without article text is counted
// apart and keeps its stored article, if it has one. The page of an
// imported article (ImportedContentType) has nothing to extract from: it
// is counted apart and its article kept. The error is ctx's, or the
// store's when it cannot list the pages.
func Reprocess(ctx context.Context, store newsdesk.Store, workers int, report func(p *newsdesk.Page, err error)) (ReprocessStats, error) {
	return ReprocessSite(ctx, store, "", workers, report)
}

// ReprocessSite is Reprocess for the pages of one site (the registrable
// domain of their URL, see sites.Key); all pages when site is "".
func ReprocessSite(ctx context.Context, store newsdesk.Store, site string, workers int, report func(p *newsdesk.Page, err error)) (ReprocessStats, error) {
	st, learnt, err := reprocess(ctx, store, site, workers, report)
	if err != nil || learnt == 0 {
		return st, err
	}
	st, _, err = reprocess(ctx, store, site, workers, report)
	return st, err
}

// reprocess is one pass of ReprocessSite; it also returns the count of
// pages learnt.
func reprocess(ctx context.Context, store newsdesk.Store, only string, workers int, report func(p *newsdesk.Page, err error)) (ReprocessStats, int, error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	type job struct {
		page     *newsdesk.Page
		imported bool
		err      error
	}
	pages := make(chan *job, workers)
	done := make(chan *job, workers)
	templates := newSiteTemplates(store)
	learn := &learner{store: store, sites: templates}
	var listErr error
	go func() {
		listErr = store.Pages(ctx, func(p *newsdesk.Page) error {
			if only != "" && sites.Key(p.URL, "") != only {
				return nil
			}
			// The store may reuse p after fn returns.
			cp := *p
			cp.Body = append([]byte(nil), p.Body...)
			select {
			case pages <- &job{page: &cp, imported: p.ContentType == ImportedContentType}:
				return nil
			case <-ctx.Done():
				return ctx.Err()
			}
		})
		close(pages)
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for j := range pages {
				if j.imported {
					done <- j
					continue
				}
				site := sites.Key(j.page.URL, "")
				var rep *extract.SiteReport
				opt := extract.Options{URL: j.page.URL, ContentType: j.page.ContentType,
					Template: templates.template(ctx, site), Site: func(r *extract.SiteReport) { rep = r }}
				a, err := extract.Extract(j.page.Body, opt)
				switch {
				case err == nil && a != nil && a.Empty():
					err = extract.ErrNoArticle
				case err == nil && a == nil:
					err = errors.New("extractor returned no article")
				}
				if err == nil && rep != nil {
					// A page stored from a file is learnt under the site
					// of its canonical URL, and read with its template.
					if s := sites.Key(j.page.URL, a.CanonicalURL); s != "" {
						learn.add(newsdesk.SitePage{Site: s, Page: pageKey(j.page.URL), Time: j.page.Fetched, Prints: rep.Prints})
						if s != site {
							if tpl := templates.template(ctx, s); tpl != nil {
								opt.Template, opt.Site = tpl, nil
								if b, berr := extract.Extract(j.page.Body, opt); berr == nil && b != nil && !b.Empty() {
									a = b
								}
							}
						}
					}
				}
				if err == nil {
					if a.URL == "" {
						a.URL = j.page.URL
					}
					if err = store.Reextract(ctx, j.page.ID, a); err != nil {
						err = fmt.Errorf("store: %w", err)
					}
				} else {
					err = fmt.Errorf("extract: %w", err)
				}
				j.err = err
				done <- j
			}
		})
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	var st ReprocessStats
	for j := range done {
		st.Pages++
		switch {
		case j.imported:
			st.Imported++
		case errors.Is(j.err, extract.ErrNoArticle):
			st.NoArticle++
			j.err = nil
		case j.err != nil:
			st.Failed++
		default:
			st.Extracted++
		}
		if report != nil {
			report(j.page, j.err)
		}
	}
	learn.flush(ctx)
	learnt := int(learn.learnt.Load())
	if err := ctx.Err(); err != nil {
		return st, learnt, err
	}
	if listErr != nil {
		return st, learnt, fmt.Errorf("ingest: cannot list pages: %w", listErr)
	}
	return st, learnt, nil
}
