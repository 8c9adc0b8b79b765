package postgres

import (
	"cmp"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk"
	"newsdesk/search"
	"newsdesk/search/analysis"
)

// rankWeights are the weights of ts_rank for the weights D, C, B and A
// (authors and tags, body, subtitle, title): the weights of the embedded
// index's BM25 (title 6, teaser 3, authors 2, body 1), scaled to 1.
const rankWeights = `'{0.3333, 0.1667, 0.5, 1.0}'::float4[]`

// args collects the arguments of a statement.
type args []any

// add appends v and returns its placeholder.
func (a *args) add(v any) string {
	*a = append(*a, v)
	return "$" + strconv.Itoa(len(*a))
}

// clause is a planned query made SQL: the condition of its hits among
// search_docs d, their rank by relevance (lower is better) and the
// arguments of both.
type clause struct {
	where, rank string
	args        args
	// parts is the number of analyses the hits are matched in apart
	// (0 when every article is a hit but the excluded).
	parts int
	// phrase says that the hits must match a phrase of several words.
	phrase bool
}

// clauseOf makes the SQL of plan p.
func clauseOf(p *search.Plan) clause {
	var c clause
	var conds []string
	if p.Everything {
		var ex []string
		for _, pt := range p.Parts {
			if pt.Exclude == nil {
				continue
			}
			if x, ok := tsqueryOf(pt.Exclude); ok {
				ex = append(ex, "(d.an = "+c.args.add(pt.Analysis)+" AND d.tsv @@ "+c.args.add(x)+"::tsquery)")
			}
		}
		if len(ex) > 0 {
			conds = append(conds, "NOT ("+strings.Join(ex, " OR ")+")")
		}
		c.rank = "0::float8"
	} else {
		var alts, ranks []string
		for _, pt := range p.Parts {
			if pt.Match == nil {
				continue
			}
			m, ok := tsqueryOf(pt.Match)
			if !ok {
				continue
			}
			if pt.Exclude != nil {
				if x, ok := tsqueryOf(pt.Exclude); ok {
					m = "(" + m + ") & !(" + x + ")"
				}
			}
			c.phrase = c.phrase || strings.Contains(m, "<->")
			an, tq := c.args.add(pt.Analysis), c.args.add(m)
			alts = append(alts, "(d.an = "+an+" AND d.tsv @@ "+tq+"::tsquery)")
			ranks = append(ranks, "WHEN "+an+" THEN ts_rank("+rankWeights+", d.tsv, "+tq+"::tsquery)")
		}
		c.parts = len(alts)
		switch len(alts) {
		case 0:
			conds = append(conds, "false")
			c.rank = "0::float8"
		default:
			conds = append(conds, "("+strings.Join(alts, " OR ")+")")
			c.rank = "-(CASE d.an " + strings.Join(ranks, " ") + " END)::float8"
		}
	}
	if p.Ranged {
		conds = append(conds, "d.pub >= "+c.args.add(p.From))
		if p.To != math.MaxInt64 {
			conds = append(conds, "d.pub < "+c.args.add(p.To))
		}
	}
	if len(conds) == 0 {
		conds = []string{"true"}
	}
	c.where = strings.Join(conds, " AND ")
	return c
}

// order returns the ORDER BY of hits in x (with columns id, pub and r).
func order(x string, byDate bool) string {
	if byDate {
		return x + "pub DESC, " + x + "id DESC"
	}
	return x + "r, " + x + "id"
}

// found is a hit as a page query finds it, with its rank by relevance
// (0 by date) and, in a collapsed search, its group's other hits.
type found struct {
	id, pub, grp int64
	r            float64
	copies       []newsdesk.HitCopy
}

// cursor is the position after the last hit of a page: its publication
// time by date, its rank by relevance, and its ID.
type cursor struct {
	byDate  bool
	pub, id int64
	score   float64
}

func encodeCursor(c cursor) string {
	var s string
	if c.byDate {
		s = "p:" + strconv.FormatInt(c.pub, 10) + ":" + strconv.FormatInt(c.id, 10)
	} else {
		s = "r:" + strconv.FormatFloat(c.score, 'g', -1, 64) + ":" + strconv.FormatInt(c.id, 10)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(s))
}

// decodeCursor reads a cursor of encodeCursor for the sort order byDate;
// any other is search.ErrBadCursor.
func decodeCursor(s string, byDate bool) (*cursor, error) {
	if s == "" {
		return nil, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, search.ErrBadCursor
	}
	parts := strings.Split(string(b), ":")
	if len(parts) != 3 || byDate && parts[0] != "p" || !byDate && parts[0] != "r" {
		return nil, search.ErrBadCursor
	}
	c := &cursor{byDate: byDate}
	if byDate {
		c.pub, err = strconv.ParseInt(parts[1], 10, 64)
	} else {
		c.score, err = strconv.ParseFloat(parts[1], 64)
		if err == nil && (math.IsNaN(c.score) || math.IsInf(c.score, 0)) {
			err = search.ErrBadCursor
		}
	}
	if err == nil {
		c.id, err = strconv.ParseInt(parts[2], 10, 64)
	}
	if err != nil {
		return nil, search.ErrBadCursor
	}
	return c, nil
}

// after returns the condition on x (columns id, pub and r) of the hits
// after cur, "true" for none.
func after(x string, cur *cursor, a *args) string {
	if cur == nil {
		return "true"
	}
	if cur.byDate {
		return "(" + x + "pub, " + x + "id) < (" + a.add(cur.pub) + "::bigint, " + a.add(cur.id) + "::bigint)"
	}
	return "(" + x + "r, " + x + "id) > (" + a.add(cur.score) + "::float8, " + a.add(cur.id) + "::bigint)"
}

// Search runs q as package search's Index does (see its documentation
// for the query syntax and newsdesk.Query): the same hits, totals,
// facets, snippets, stories and copy groups for the same articles.
// Hits come best first by ts_rank over the weighted columns, or with
// Sort "date" or without query text newest first (undated last); ties
// by ID, highest first by date. Cursors are keyset positions (rank or
// publication time, then the ID); one of the other sort order or not
// made here is search.ErrBadCursor.
func (ix *Index) Search(ctx context.Context, q newsdesk.Query) (*newsdesk.Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = search.DefaultLimit
	}
	limit = min(limit, search.MaxLimit)
	if q.Sort != "" && q.Sort != search.SortDate && q.Sort != search.SortRelevance {
		return nil, fmt.Errorf("postgres: index: unknown sort %q", q.Sort)
	}
	outlets, err := ix.outletDomains(ctx, search.OutletNames(q))
	if err != nil {
		return nil, err
	}
	plan, err := search.NewPlan(q, outlets)
	if err != nil {
		return nil, fmt.Errorf("postgres: index: %w", err)
	}
	if plan.None {
		return &newsdesk.Result{Hits: []newsdesk.Hit{}}, nil
	}
	c := clauseOf(plan)
	cur, err := decodeCursor(q.Cursor, plan.ByDate)
	if err != nil {
		return nil, err
	}

	res := &newsdesk.Result{Hits: []newsdesk.Hit{}}
	var (
		all     []found
		facets  map[string]newsdesk.Facet
		stories []newsdesk.StoryHits
		wg      sync.WaitGroup
		errs    [4]error
	)
	count := func() error {
		return ix.st.pool.QueryRow(ctx, `SELECT count(*) FROM search_docs d WHERE `+c.where, c.args...).Scan(&res.Total)
	}
	switch {
	case q.Collapse:
		wg.Go(func() { errs[0] = count() })
		wg.Go(func() { all, errs[1] = ix.collapsed(ctx, c, plan.ByDate, cur, limit+1) })
	case !counted(c, plan.ByDate):
		wg.Go(func() { errs[0] = count() })
		wg.Go(func() { all, _, errs[1] = ix.page(ctx, c, plan.ByDate, cur, limit+1) })
	default:
		wg.Go(func() {
			var total int
			if all, total, errs[1] = ix.page(ctx, c, plan.ByDate, cur, limit+1); errs[1] != nil {
				return
			}
			if len(all) > 0 {
				res.Total = total
			} else {
				errs[0] = count() // past the last hit
			}
		})
	}
	if q.Facets {
		wg.Go(func() { facets, errs[2] = ix.facets(ctx, c) })
	}
	if q.Stories > 0 {
		wg.Go(func() { stories, errs[3] = ix.stories(ctx, c, plan.ByDate, q.Stories) })
	}
	wg.Wait()
	if err := errors.Join(errs[:]...); err != nil {
		return nil, fmt.Errorf("postgres: index: search: %w", classify(err))
	}
	if len(all) > limit {
		all = all[:limit]
		last := all[limit-1]
		res.NextCursor = encodeCursor(cursor{byDate: plan.ByDate, pub: last.pub, id: last.id, score: last.r})
	}
	res.Stories = stories
	if res.Hits, err = ix.hits(ctx, all, plan.Highlight); err != nil {
		return nil, err
	}
	if q.Facets {
		res.Facets = facets
		if err := ix.outletFacet(ctx, res); err != nil {
			return nil, err
		}
	}
	return res, nil
}

// counted reports whether page counts the hits of c as well, in the
// order byDate: by relevance, where every hit is ranked, and by date for
// a phrase, whose hits are found before they are sorted. PostgreSQL
// takes a phrase for as frequent as its words together and would walk
// the index of (pub, id) back through many articles for a rare one; a
// word, more frequent, is found faster through that index, and counted
// apart. (At 5,000 articles, on two busy cores: a phrase by date
// 7.0 → 2.6 ms; one word by relevance 16.1 → 6.5–8.7 ms with the count
// in the page.)
func counted(c clause, byDate bool) bool { return !byDate || c.phrase }

// page returns the first n hits of c after cur and, when counted and
// there are any, the number of all hits of c.
func (ix *Index) page(ctx context.Context, c clause, byDate bool, cur *cursor, n int) ([]found, int, error) {
	a := slices.Clone(c.args)
	if !counted(c, byDate) {
		stmt := `SELECT d.id, d.pub, 0::float8, d.grp FROM search_docs d WHERE ` + c.where + ` AND ` + after("d.", cur, &a) +
			` ORDER BY ` + order("d.", byDate) + ` LIMIT ` + strconv.Itoa(n)
		out, err := scanFound(ix.st.pool.Query(ctx, stmt, a...))
		return out, 0, err
	}
	rank := c.rank
	if byDate {
		rank = "0::float8"
	}
	stmt := `SELECT id, pub, r, grp, total FROM (SELECT d.id, d.pub, d.grp, ` + rank + ` AS r, count(*) OVER () AS total
			FROM search_docs d WHERE ` + c.where + `) x
		WHERE ` + after("", cur, &a) + ` ORDER BY ` + order("", byDate) + ` LIMIT ` + strconv.Itoa(n)
	rows, err := ix.st.pool.Query(ctx, stmt, a...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []found
	var total int
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.id, &f.pub, &f.r, &f.grp, &total); err != nil {
			return nil, 0, err
		}
		out = append(out, f)
	}
	return out, total, rows.Err()
}

func scanFound(rows pgx.Rows, err error) ([]found, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []found
	for rows.Next() {
		var f found
		if err := rows.Scan(&f.id, &f.pub, &f.r, &f.grp); err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// collapsed returns the first n hits of c after cur that are the best
// hits of their copy groups, each with the group's other hits: every
// group shows once across the pages, at the place of its best hit.
func (ix *Index) collapsed(ctx context.Context, c clause, byDate bool, cur *cursor, n int) ([]found, error) {
	a := slices.Clone(c.args)
	rank := c.rank
	if byDate {
		rank = "0::float8"
	}
	stmt := `WITH m AS MATERIALIZED (SELECT d.id, d.pub, d.grp, ` + rank + ` AS r FROM search_docs d WHERE ` + c.where + `),
		b AS (SELECT DISTINCT ON (grp) id, pub, r, grp FROM m ORDER BY grp, ` + order("", byDate) + `)
		SELECT id, pub, r, grp FROM b WHERE ` + after("", cur, &a) + ` ORDER BY ` + order("", byDate) + ` LIMIT ` + strconv.Itoa(n)
	page, err := scanFound(ix.st.pool.Query(ctx, stmt, a...))
	if err != nil || len(page) == 0 {
		return page, err
	}
	at := map[int64]int{}
	grps := make([]int64, len(page))
	for i, f := range page {
		at[f.grp] = i
		grps[i] = f.grp
	}
	a = slices.Clone(c.args)
	rows, err := ix.st.pool.Query(ctx, `SELECT d.id, d.grp, d.url, d.title, d.site, d.published, d.copy_of,
			d.outlet, d.odomain, coalesce(o.name, d.oname)
		FROM search_docs d LEFT JOIN search_outlets o ON o.id = d.outlet
		WHERE `+c.where+` AND d.grp = ANY(`+a.add(grps)+`)`, a...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var m newsdesk.HitCopy
		var grp, copyOf int64
		var published string
		var o newsdesk.Outlet
		if err := rows.Scan(&m.ID, &grp, &m.URL, &m.Title, &m.SiteName, &published, &copyOf, &o.ID, &o.Domain, &o.Name); err != nil {
			return nil, err
		}
		f := &page[at[grp]]
		if m.ID == f.id {
			continue
		}
		m.CopyOf = newsdesk.NullID(copyOf)
		if o.ID != 0 {
			m.Outlet = &o
		}
		if published != "" {
			m.Published, _ = time.Parse(time.RFC3339Nano, published)
		}
		f.copies = append(f.copies, m)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range page {
		slices.SortFunc(page[i].copies, func(x, y newsdesk.HitCopy) int {
			return cmp.Or(x.Published.Compare(y.Published), cmp.Compare(x.ID, y.ID))
		})
	}
	return page, nil
}

// stories returns up to n stories of the hits of c, the story of the
// best hit first, with their numbers of hits.
func (ix *Index) stories(ctx context.Context, c clause, byDate bool, n int) ([]newsdesk.StoryHits, error) {
	rank := c.rank
	if byDate {
		rank = "0::float8"
	}
	rows, err := ix.st.pool.Query(ctx, `WITH m AS (SELECT d.story, row_number() OVER (ORDER BY `+order("", byDate)+`) AS n
			FROM (SELECT d.id, d.pub, d.story, `+rank+` AS r FROM search_docs d WHERE `+c.where+`) d)
		SELECT story, count(*) FROM m WHERE story != 0 GROUP BY story ORDER BY min(n), story LIMIT `+strconv.Itoa(n), c.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []newsdesk.StoryHits{}
	for rows.Next() {
		var s newsdesk.StoryHits
		if err := rows.Scan(&s.Story, &s.Hits); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// facets counts the hits of c by source, outlet (by ID, made keys by
// outletFacet), language and day, and the most frequent entities,
// agencies and stories.
func (ix *Index) facets(ctx context.Context, c clause) (map[string]newsdesk.Facet, error) {
	fs := search.NewFacets()
	b := &pgx.Batch{}
	b.Queue(`SELECT d.source, d.lang, d.pub / 86400, d.outlet, count(*) FROM search_docs d WHERE `+c.where+` GROUP BY 1, 2, 3, 4`, c.args...).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				var src, day, outlet int64
				var lg string
				var n int
				if err := rows.Scan(&src, &lg, &day, &outlet, &n); err != nil {
					return err
				}
				fs["source"][strconv.FormatInt(src, 10)] += n
				if outlet != 0 {
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
			return rows.Err()
		})
	// The embedded index counts the most frequent values among the
	// hits of each analysis apart, keeps the first 2*MaxEntityFacet of
	// each and adds them up; so do these, to count alike.
	part := "''"
	if c.parts > 1 {
		part = "d.an"
	}
	top := func(facet, stmt string, numeric bool) {
		b.Queue(stmt, c.args...).Query(func(rows pgx.Rows) error {
			type count struct {
				v string
				n int
			}
			byPart := map[string][]count{}
			for rows.Next() {
				var an string
				var x count
				if err := rows.Scan(&an, &x.v, &x.n); err != nil {
					return err
				}
				byPart[an] = append(byPart[an], x)
			}
			if err := rows.Err(); err != nil {
				return err
			}
			for _, xs := range byPart {
				slices.SortFunc(xs, func(a, b count) int {
					if a.n != b.n {
						return cmp.Compare(b.n, a.n)
					}
					if numeric {
						x, _ := strconv.ParseInt(a.v, 10, 64)
						y, _ := strconv.ParseInt(b.v, 10, 64)
						return cmp.Compare(x, y)
					}
					return strings.Compare(a.v, b.v)
				})
				for _, x := range xs[:min(len(xs), 2*search.MaxEntityFacet)] {
					fs[facet][x.v] += x.n
				}
			}
			return nil
		})
	}
	for facet, col := range map[string]string{"entity": "entities", "agency": "agencies"} {
		top(facet, `SELECT `+part+`, v, count(*) FROM search_docs d, unnest(d.`+col+`) v WHERE `+c.where+
			` GROUP BY 1, 2`, false)
	}
	top("story", `SELECT `+part+`, d.story::text, count(*) FROM search_docs d WHERE `+c.where+
		` AND d.story != 0 GROUP BY 1, d.story`, true)
	if err := ix.st.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	for _, f := range []string{"entity", "agency", "story"} {
		fs[f] = search.TopFacet(fs[f], search.MaxEntityFacet)
	}
	return fs, nil
}

// outletDomains returns, by search.OutletNorm, the domains of the
// outlets of the index whose name is one of names.
func (ix *Index) outletDomains(ctx context.Context, names []string) (map[string][]string, error) {
	if len(names) == 0 {
		return nil, nil
	}
	norms := make([]string, len(names))
	for i, n := range names {
		norms[i] = clean(search.OutletNorm(n))
	}
	rows, err := ix.st.pool.Query(ctx, `SELECT norm, domain FROM search_outlets WHERE domain != '' AND norm = ANY($1)
		ORDER BY norm COLLATE "C", domain COLLATE "C"`, norms)
	if err != nil {
		return nil, fmt.Errorf("postgres: index: outlets: %w", classify(err))
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var norm, domain string
		if err := rows.Scan(&norm, &domain); err != nil {
			return nil, fmt.Errorf("postgres: index: outlets: %w", err)
		}
		out[norm] = append(out[norm], domain)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: index: outlets: %w", classify(err))
	}
	return out, nil
}

// outletFacet turns the outlet facet of res, counted by outlet ID, into
// counts by outlet key (newsdesk.Outlet.Key) of the outlets with most
// hits, and fills res.Outlets.
func (ix *Index) outletFacet(ctx context.Context, res *newsdesk.Result) error {
	byID := search.TopFacet(res.Facets["outlet"], search.MaxOutletFacet)
	res.Facets["outlet"] = newsdesk.Facet{}
	if len(byID) == 0 {
		return nil
	}
	ids := make([]int64, 0, len(byID))
	for id := range byID {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil {
			return fmt.Errorf("postgres: index: outlet facet: %w", err)
		}
		ids = append(ids, n)
	}
	rows, err := ix.st.pool.Query(ctx, `SELECT id, domain, name FROM search_outlets WHERE id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("postgres: index: outlet facet: %w", classify(err))
	}
	defer rows.Close()
	res.Outlets = map[string]newsdesk.Outlet{}
	for rows.Next() {
		var o newsdesk.Outlet
		if err := rows.Scan(&o.ID, &o.Domain, &o.Name); err != nil {
			return fmt.Errorf("postgres: index: outlet facet: %w", err)
		}
		k := o.Key()
		res.Facets["outlet"][k] += byID[strconv.FormatInt(o.ID, 10)]
		res.Outlets[k] = o
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: index: outlet facet: %w", classify(err))
	}
	return nil
}

// hits reads the articles of fs as hits, in this order, each with its
// score and a snippet around the terms of highlight.
func (ix *Index) hits(ctx context.Context, fs []found, highlight map[string]map[string]bool) ([]newsdesk.Hit, error) {
	out := make([]newsdesk.Hit, len(fs))
	if len(fs) == 0 {
		return out, nil
	}
	at := make(map[int64]int, len(fs))
	ids := make([]int64, len(fs))
	for i, f := range fs {
		at[f.id] = i
		ids[i] = f.id
	}
	rows, err := ix.st.pool.Query(ctx, `SELECT d.id, d.url, d.title, d.source, d.site, d.lang, d.published, d.authors,
			d.copy_of, d.story, d.subtitle, d.body, d.outlet, d.odomain, coalesce(o.name, d.oname)
		FROM search_docs d LEFT JOIN search_outlets o ON o.id = d.outlet WHERE d.id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: index: hits: %w", classify(err))
	}
	defer rows.Close()
	type text struct {
		at                   int
		subtitle, body, lang string
	}
	var texts []text
	for rows.Next() {
		var h newsdesk.Hit
		var published, authors string
		var copyOf, story int64
		var x text
		var o newsdesk.Outlet
		if err := rows.Scan(&h.ID, &h.URL, &h.Title, &h.SourceID, &h.SiteName, &h.Language, &published, &authors,
			&copyOf, &story, &x.subtitle, &x.body, &o.ID, &o.Domain, &o.Name); err != nil {
			return nil, fmt.Errorf("postgres: index: hits: %w", err)
		}
		h.CopyOf, h.Story = newsdesk.NullID(copyOf), newsdesk.NullID(story)
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
		x.at = at[h.ID]
		f := fs[x.at]
		h.Score = -f.r
		if len(f.copies) > 0 {
			h.Copies = len(f.copies)
			h.CopyList = f.copies[:min(len(f.copies), search.MaxCopyList)]
		}
		out[x.at] = h
		texts = append(texts, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: index: hits: %w", classify(err))
	}
	// The snippets are most of the work of a page: on all cores.
	workers := min(runtime.GOMAXPROCS(0), len(texts))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(texts); i += workers {
				x := texts[i]
				h := &out[x.at]
				an := analysis.Lang(h.Language)
				h.Snippet = search.HitSnippet(x.body, x.subtitle, an, highlight[an])
			}
		})
	}
	wg.Wait()
	// An article removed since the page was chosen is left out.
	return slices.DeleteFunc(out, func(h newsdesk.Hit) bool { return h.ID == 0 }), nil
}
