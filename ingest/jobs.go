package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"strings"

	"newsdesk"
)

// dispatch hands pg to the workers as a job (see Config.Dispatch).
func (p *pass) dispatch(ctx context.Context, pg *page) {
	j := &newsdesk.Job{Kind: newsdesk.JobFetch, SourceID: pg.src.src.ID, URL: pg.url}
	switch {
	case pg.read:
		// A WARC record, read by discovery.
		if !isHTTP(pg.url) {
			pg.outcome, pg.err = Skipped, fmt.Errorf("warc: %s: %w: not a web page, record skipped", pg.url, ErrUnsupportedScheme)
			return
		}
		j.Kind, j.Body, j.ContentType, j.Date, j.Truncated = newsdesk.JobRecord, pg.body, pg.contentType, pg.date, pg.truncated
	case pg.path != "":
		body, date, err := readPageFile(pg.path, p.in.cfg.MaxBytes)
		if err != nil {
			pg.err = err
			return
		}
		j.Kind, j.Body, j.Date = newsdesk.JobRecord, body, date
	}
	if u, err := url.Parse(j.URL); err == nil {
		j.Host = u.Hostname()
	}
	j.ID = jobID(j)
	if err := p.in.cfg.Dispatch(ctx, j); err != nil {
		pg.err = fmt.Errorf("queue: %s: %w", pg.url, err)
		return
	}
	pg.outcome = Queued
}

// jobID names a job by what it is: its kind, page, date and content, so
// that the same page handed out twice is one job.
func jobID(j *newsdesk.Job) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00%s\x00%s\x00", j.Kind, j.SourceID, j.URL, j.Date.UTC().Format("2006-01-02T15:04:05.999999999Z"))
	h.Write(j.Body)
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// Do does one job a coordinator handed out (Config.Dispatch): it fetches
// the page (or takes the one that came with the job), reads its article
// and stores both, as a pass does. Stores are idempotent, so a job done
// twice stores nothing twice. A failure of the store as a whole is
// returned in Err with the outcome Stopped: the job is for later.
func (in *Ingester) Do(ctx context.Context, j *newsdesk.Job) Result {
	p := &pass{in: in, seen: make(map[string]bool), stop: func(error) {}}
	src := &sourceRun{src: newsdesk.Source{ID: j.SourceID}}
	pg := &page{src: src, url: j.URL}
	switch j.Kind {
	case newsdesk.JobRecord:
		pg.body, pg.contentType, pg.date, pg.truncated = j.Body, j.ContentType, j.Date, j.Truncated
		if path, ok := strings.CutPrefix(j.URL, "file://"); ok {
			pg.path = path // read already: the job carries it
		} else {
			pg.read = true
		}
		if len(pg.body) > in.cfg.MaxBytes {
			pg.err = fmt.Errorf("ingest: %s: page larger than %d bytes", j.URL, in.cfg.MaxBytes)
		}
	case newsdesk.JobFetch:
	default:
		pg.err = fmt.Errorf("ingest: a job of kind %q is not a page's", j.Kind)
	}
	steps := []func(){
		func() {
			if pg.path == "" {
				p.fetch(ctx, pg)
			}
		},
		func() { p.extract(pg) },
		func() { p.store(ctx, pg) },
	}
	for _, step := range steps {
		if pg.err != nil || pg.outcome != "" {
			break
		}
		step()
	}
	pg.finish()
	return Result{Page: true, Source: &src.src, URL: pg.url, Outcome: pg.outcome, ArticleID: pg.articleID, Fetched: pg.fetched, Err: pg.err}
}
