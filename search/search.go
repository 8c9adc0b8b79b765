package search

import (
	"cmp"
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"maps"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/lang"
	"newsdesk/search/analysis"
)

// DefaultLimit and MaxLimit bound the hits of one page.
const (
	DefaultLimit = 20
	MaxLimit     = 500
)

// Sort orders of newsdesk.Query.
const (
	SortRelevance = "relevance"
	SortDate      = "date"
)

// bm25 is the rank of a hit in fts table t: BM25 with the weights of the
// columns title, subtitle, body, authors and tags.
func bm25(t string) string { return "bm25(" + t + ", 6.0, 3.0, 1.0, 2.0, 0.0)" }

// part is what one fts table (or, when nothing is to be matched, docs)
// contributes to a search.
type part struct {
	// table is the fts table, "" for docs.
	table string
	// match is the MATCH expression of the table's hits.
	match string
	// exclude are MATCH expressions, by fts table, of articles that
	// are not hits.
	exclude map[string]string
}

// sel returns the FROM and WHERE of the part's hits (docs joined as d
// with join) and its arguments, and the name of the fid.
func (p part) sel(join bool, lo, hi int64) (from, fid string, args []any) {
	var conds []string
	if p.table == "" {
		from, fid = "docs d", "d.fid"
	} else {
		from, fid = p.table, p.table+".rowid"
		if join {
			from += " JOIN docs d ON d.fid = " + fid
		}
		conds = append(conds, p.table+" MATCH ?")
		args = append(args, p.match)
	}
	if lo != math.MinInt64 {
		conds = append(conds, fid+" >= ?")
		args = append(args, lo)
	}
	if hi != math.MaxInt64 {
		conds = append(conds, fid+" < ?")
		args = append(args, hi)
	}
	for _, an := range analyses {
		t := ftsTables[an]
		if e, ok := p.exclude[t]; ok {
			conds = append(conds, fid+" NOT IN (SELECT rowid FROM "+t+" WHERE "+t+" MATCH ?)")
			args = append(args, e)
		}
	}
	if len(conds) == 0 {
		conds = []string{"1"}
	}
	return from + " WHERE " + strings.Join(conds, " AND "), fid, args
}

// found is a hit as the page query finds it: its fid and its rank (0 by
// date). A collapsed search adds the other matching articles of its
// copy group.
type found struct {
	fid    int64
	r      float64
	copies []member
}

// Search runs q. Hits come best first (by BM25 over title, teaser, body
// and authors, the title weighing most) or, with Sort "date" or without
// query text, newest first; articles without a date come last. With
// q.Collapse, each copy group shows once, as its best hit (see
// newsdesk.Query).
func (ix *Index) Search(ctx context.Context, q newsdesk.Query) (*newsdesk.Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)
	if q.Sort != "" && q.Sort != SortDate && q.Sort != SortRelevance {
		return nil, fmt.Errorf("search: unknown sort %q", q.Sort)
	}

	root := parseQuery(q.Text)
	langs := queryLangs(root, q)

	// One part for the fts table of each analysis searched. Source,
	// language and author filters join the MATCH expression; the date
	// range is a range of fids.
	outlets, err := ix.outletDomains(ctx, outletNamesOf(root, q))
	if err != nil {
		return nil, err
	}
	aps, highlight, text, ok := planParts(root, q, langs, outlets)
	if !ok {
		return &newsdesk.Result{Hits: []newsdesk.Hit{}}, nil
	}
	parts := make([]part, len(aps))
	for i, ap := range aps {
		parts[i] = part{table: ftsTables[ap.an], match: ap.match}
		if ap.exclude != "" {
			parts[i].exclude = map[string]string{parts[i].table: ap.exclude}
		}
	}
	if parts[0].match == "" {
		// Nothing to match (no text, or negations only, and no filter
		// but dates): the hits come from docs.
		p := part{exclude: map[string]string{}}
		for _, x := range parts {
			maps.Copy(p.exclude, x.exclude)
		}
		parts = []part{p}
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if from, to, ok := pubRange(q); ok {
		lo = from << fidShift
		if to != math.MaxInt64 {
			hi = to << fidShift
		}
	}

	byDate := q.Sort == SortDate || !text
	cur, err := decodeCursor(q.Cursor, byDate)
	if err != nil {
		return nil, err
	}

	// The count, the page and the facets of each part run side by side.
	res := &newsdesk.Result{Hits: []newsdesk.Hit{}}
	counts := make([]int, len(parts))
	var facetParts []map[string]newsdesk.Facet
	if q.Facets {
		facetParts = make([]map[string]newsdesk.Facet, len(parts))
	}
	var storyParts [][]storyRank
	if q.Stories > 0 {
		storyParts = make([][]storyRank, len(parts))
	}
	var all []found
	var wg sync.WaitGroup
	errs := make([]error, 3*len(parts)+1)
	for i, p := range parts {
		wg.Go(func() {
			from, _, args := p.sel(false, lo, hi)
			if err := ix.r.QueryRowContext(ctx, "SELECT count(*) FROM "+from, args...).Scan(&counts[i]); err != nil {
				errs[3*i] = fmt.Errorf("search: %w", err)
			}
		})
		if q.Facets {
			wg.Go(func() {
				from, _, args := p.sel(true, lo, hi)
				facetParts[i], errs[3*i+1] = facets(ctx, ix.r, from, args)
			})
		}
		if q.Stories > 0 {
			wg.Go(func() {
				// A story's hits may be in several parts: each counts
				// all of its stories then.
				n := q.Stories
				if len(parts) > 1 {
					n = -1
				}
				storyParts[i], errs[3*i+2] = ix.stories(ctx, p, byDate, lo, hi, n)
			})
		}
	}
	wg.Go(func() {
		if q.Collapse {
			all, errs[3*len(parts)] = ix.collapsed(ctx, parts, byDate, cur, lo, hi, limit+1)
		} else {
			all, _, errs[3*len(parts)] = ix.pages(ctx, parts, byDate, cur, lo, hi, limit+1)
		}
	})
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	for i := range parts {
		res.Total += counts[i]
	}
	if len(all) > limit {
		all = all[:limit]
		last := all[limit-1]
		res.NextCursor = encodeCursor(cursor{byDate: byDate, score: last.r, fid: last.fid})
	}
	if q.Stories > 0 {
		res.Stories = mergeStories(storyParts, byDate, q.Stories)
	}

	hs, err := hits(ctx, ix.r, all, highlight)
	if err != nil {
		return nil, err
	}
	res.Hits = hs

	if q.Facets {
		res.Facets = newFacets()
		for _, fs := range facetParts {
			for k, f := range fs {
				for v, n := range f {
					res.Facets[k][v] += n
				}
			}
		}
		res.Facets["entity"] = topFacet(res.Facets["entity"], maxEntityFacet)
		res.Facets["agency"] = topFacet(res.Facets["agency"], maxEntityFacet)
		res.Facets["story"] = topFacet(res.Facets["story"], maxEntityFacet)
		if err := ix.outletFacet(ctx, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// outletDomains returns, by outletNorm, the domains of the outlets of
// the index whose name is one of names.
func (ix *Index) outletDomains(ctx context.Context, names []string) (map[string][]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = outletNorm(n)
	}
	rows, err := ix.r.QueryContext(ctx, `SELECT norm, domain FROM outlets WHERE domain != '' AND norm IN (?`+
		strings.Repeat(", ?", len(args)-1)+`) ORDER BY 1, 2`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: outlets: %w", err)
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var norm, domain string
		if err := rows.Scan(&norm, &domain); err != nil {
			return nil, fmt.Errorf("search: outlets: %w", err)
		}
		out[norm] = append(out[norm], domain)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: outlets: %w", err)
	}
	return out, nil
}

// maxOutletFacet is how many outlets the outlet facet counts.
const maxOutletFacet = 50

// outletFacet turns the outlet facet of res, counted by outlet ID, into
// counts by outlet key (newsdesk.Outlet.Key), of the outlets with most
// hits, and fills res.Outlets.
func (ix *Index) outletFacet(ctx context.Context, res *newsdesk.Result) error {
	byID := topFacet(res.Facets["outlet"], maxOutletFacet)
	res.Facets["outlet"] = newsdesk.Facet{}
	if len(byID) == 0 {
		return nil
	}
	args := make([]any, 0, len(byID))
	for id := range byID {
		args = append(args, id)
	}
	rows, err := ix.r.QueryContext(ctx, `SELECT id, domain, name FROM outlets WHERE id IN (?`+
		strings.Repeat(", ?", len(args)-1)+`)`, args...)
	if err != nil {
		return fmt.Errorf("search: outlet facet: %w", err)
	}
	defer rows.Close()
	res.Outlets = map[string]newsdesk.Outlet{}
	for rows.Next() {
		var o newsdesk.Outlet
		if err := rows.Scan(&o.ID, &o.Domain, &o.Name); err != nil {
			return fmt.Errorf("search: outlet facet: %w", err)
		}
		k := o.Key()
		res.Facets["outlet"][k] += byID[strconv.FormatInt(o.ID, 10)]
		res.Outlets[k] = o
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("search: outlet facet: %w", err)
	}
	return nil
}

// page returns the first n hits of p after cur: by fid, newest first, or
// by rank.
func (ix *Index) page(ctx context.Context, p part, byDate bool, cur *cursor, lo, hi int64, n int) ([]found, error) {
	from, fid, args := p.sel(false, lo, hi)
	var stmt string
	if byDate {
		stmt = "SELECT " + fid + ", 0.0 FROM " + from
		if cur != nil {
			stmt += " AND " + fid + " < ?"
			args = append(args, cur.fid)
		}
		stmt += " ORDER BY " + fid + " DESC"
	} else {
		stmt = "SELECT " + fid + ", " + bm25(p.table) + " AS r FROM " + from
		if cur != nil {
			stmt += " AND (r, " + fid + ") > (?, ?)"
			args = append(args, cur.score, cur.fid)
		}
		stmt += " ORDER BY r, " + fid
	}
	stmt += " LIMIT " + strconv.Itoa(n)
	rows, err := ix.r.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var out []found
	for rows.Next() {
		var x found
		if err := rows.Scan(&x.fid, &x.r); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return out, nil
}

// andMatch joins two MATCH expressions with AND.
func andMatch(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return "(" + a + ") AND (" + b + ")"
}

// topLang returns the language a query fixes with a lang: term that all
// hits must match, or "".
func topLang(n node) string {
	switch n := n.(type) {
	case term:
		if n.Field == "lang" {
			return lang.Normalize(n.Value)
		}
	case andNode:
		for _, k := range n.Nodes {
			if l := topLang(k); l != "" {
				return l
			}
		}
	}
	return ""
}

// hits reads the articles of fs as hits, in this order, each with its
// score and a snippet of its body (or teaser) around the terms of
// highlight.
func hits(ctx context.Context, db *sql.DB, fs []found, highlight map[string]map[string]bool) ([]newsdesk.Hit, error) {
	out := make([]newsdesk.Hit, len(fs))
	if len(fs) == 0 {
		return out, nil
	}
	at := make(map[int64]int, len(fs))
	args := make([]any, len(fs))
	for i, f := range fs {
		at[f.fid] = i
		args[i] = f.fid
	}
	rows, err := db.QueryContext(ctx, `SELECT d.fid, d.id, d.url, d.title, d.source, d.site, d.lang, d.published, d.authors, d.copy_of, d.story, t.subtitle, t.body,
		d.outlet, d.odomain, coalesce(o.name, d.oname)
		FROM docs d JOIN texts t ON t.id = d.id LEFT JOIN outlets o ON o.id = d.outlet WHERE d.fid IN (?`+strings.Repeat(", ?", len(fs)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: hits: %w", err)
	}
	defer rows.Close()
	type text struct {
		at             int
		subtitle, lang string
		body           []byte
	}
	var texts []text
	for rows.Next() {
		var h newsdesk.Hit
		var fid int64
		var published, authors string
		var x text
		var o newsdesk.Outlet
		if err := rows.Scan(&fid, &h.ID, &h.URL, &h.Title, &h.SourceID, &h.SiteName, &h.Language, &published, &authors, &h.CopyOf, &h.Story, &x.subtitle, &x.body,
			&o.ID, &o.Domain, &o.Name); err != nil {
			return nil, fmt.Errorf("search: hits: %w", err)
		}
		if o.ID != 0 {
			h.Outlet = &o
		}
		if published != "" {
			h.Published, _ = time.Parse(time.RFC3339Nano, published)
		}
		h.Authors = []string{}
		if authors != "" {
			h.Authors = strings.Split(authors, "\n")
		}
		x.at = at[fid]
		h.Score = -fs[x.at].r
		if cs := fs[x.at].copies; len(cs) > 0 {
			h.Copies = len(cs)
			h.CopyList = make([]newsdesk.HitCopy, 0, min(len(cs), maxCopyList))
			for _, c := range cs[:min(len(cs), maxCopyList)] {
				h.CopyList = append(h.CopyList, c.HitCopy)
			}
		}
		out[x.at] = h
		texts = append(texts, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: hits: %w", err)
	}
	// The snippets (inflating and analysing the texts) are most of the
	// work of a page: on all cores.
	workers := min(runtime.GOMAXPROCS(0), len(texts))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(texts); i += workers {
				x := texts[i]
				h := &out[x.at]
				an := analysis.Lang(h.Language)
				terms := highlight[an]
				// Most snippets are found in the beginning of the text;
				// the long texts that rank high for frequent words need
				// not be read to the end.
				var err error
				h.Snippet, err = hitSnippet(func(n int64) (string, error) { return inflateN(x.body, n) }, x.subtitle, an, terms)
				if err != nil {
					errs[w] = fmt.Errorf("search: hit %d: %w", h.ID, err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// An article removed since the page was chosen is left out.
	return slices.DeleteFunc(out, func(h newsdesk.Hit) bool { return h.ID == 0 }), nil
}

// facets counts the articles of from (which joins docs as d) by source,
// outlet (by ID), language and day.
func facets(ctx context.Context, db *sql.DB, from string, args []any) (map[string]newsdesk.Facet, error) {
	stmt := "SELECT d.source, d.lang, d.pub / 86400, d.outlet, count(*) FROM " + from + " GROUP BY 1, 2, 3, 4"
	rows, err := db.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	defer rows.Close()
	fs := newFacets()
	for rows.Next() {
		var src, day, outlet int64
		var lg string
		var n int
		if err := rows.Scan(&src, &lg, &day, &outlet, &n); err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
		fs["source"][strconv.FormatInt(src, 10)] += n
		if outlet != 0 {
			// By ID here; Search makes them keys (outletFacet).
			fs["outlet"][strconv.FormatInt(outlet, 10)] += n
		}
		if lg == "" {
			lg = "unknown"
		}
		fs["language"][lg] += n
		if day > 0 {
			fs["day"][time.Unix(day*86400, 0).UTC().Format(time.DateOnly)] += n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	// The entities most hits mention, and the agencies most credited.
	for facet, col := range map[string]string{"entity": "entities", "agency": "agencies"} {
		if err := topValues(ctx, db, from, col, args, fs[facet]); err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
	}
	// The stories with most hits.
	rows, err = db.QueryContext(ctx, "SELECT d.story, count(*) FROM "+from+" AND d.story != 0 GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
		append(slices.Clone(args), 2*maxEntityFacet)...)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
		fs["story"][strconv.FormatInt(id, 10)] += n
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	return fs, nil
}

// newFacets returns the empty facets of a result.
func newFacets() map[string]newsdesk.Facet {
	return map[string]newsdesk.Facet{"source": {}, "outlet": {}, "language": {}, "day": {}, "entity": {}, "agency": {}, "story": {}}
}

// topValues counts in f the most frequent values of the JSON array
// column col of docs d over the articles of from.
func topValues(ctx context.Context, db *sql.DB, from, col string, args []any, f newsdesk.Facet) error {
	rows, err := db.QueryContext(ctx, "SELECT j.value, count(*) FROM (SELECT d."+col+" AS e FROM "+from+") x, json_each(x.e) j GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?",
		append(slices.Clone(args), 2*maxEntityFacet)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var v string
		var n int
		if err := rows.Scan(&v, &n); err != nil {
			return err
		}
		f[v] += n
	}
	return rows.Err()
}

// maxEntityFacet is how many entities the entity facet counts.
const maxEntityFacet = 20

// topFacet keeps the n values of f with the highest counts (ties by
// value).
func topFacet(f newsdesk.Facet, n int) newsdesk.Facet {
	if len(f) <= n {
		return f
	}
	keys := slices.Collect(maps.Keys(f))
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(f[b], f[a]), strings.Compare(a, b)) })
	out := newsdesk.Facet{}
	for _, k := range keys[:n] {
		out[k] = f[k]
	}
	return out
}

// cursor is the position after the last hit of a page.
// By date it is the fid of the last hit (which orders by publication
// time, see fidShift); by relevance the rank and the fid.
type cursor struct {
	byDate bool
	score  float64
	fid    int64
}

func encodeCursor(c cursor) string {
	var s string
	if c.byDate {
		s = "t:" + strconv.FormatInt(c.fid, 10)
	} else {
		s = "s:" + strconv.FormatFloat(c.score, 'g', -1, 64) + ":" + strconv.FormatInt(c.fid, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

func decodeCursor(s string, byDate bool) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, ErrBadCursor
	}
	parts := strings.Split(string(b), ":")
	c := &cursor{byDate: byDate}
	switch {
	case byDate && len(parts) == 2 && parts[0] == "t":
		c.fid, err = strconv.ParseInt(parts[1], 10, 64)
	case !byDate && len(parts) == 3 && parts[0] == "s":
		c.score, err = strconv.ParseFloat(parts[1], 64)
		if err == nil && math.IsNaN(c.score) {
			err = ErrBadCursor
		}
		if err == nil {
			c.fid, err = strconv.ParseInt(parts[2], 10, 64)
		}
	default:
		return nil, ErrBadCursor
	}
	if err != nil {
		return nil, ErrBadCursor
	}
	return c, nil
}
