package search

import (
	"context"
	"database/sql"
	"encoding/base64"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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

// weights of the fts columns in the BM25 score: title, subtitle, body,
// authors, tags.
const bm25 = "bm25(fts, 6.0, 3.0, 1.0, 2.0, 0.0)"

// Search runs q. Hits come best first (by BM25 over title, teaser, body
// and authors, the title weighing most) or, with Sort "date" or without
// query text, newest first; articles without a date come last.
func (ix *Index) Search(ctx context.Context, q newsdesk.Query) (*newsdesk.Result, error) {
	limit := q.Limit
	if limit <= 0 {
		limit = DefaultLimit
	}
	limit = min(limit, MaxLimit)

	root := parseQuery(q.Text)
	langs := analyses
	code := lang.Normalize(q.Language)
	if code == "" {
		code = topLang(root)
	}
	if code != "" {
		langs = []string{analysis.Lang(code)}
	}
	c := compile(root, langs)

	// Source, language and author filters join the MATCH expression;
	// the date range and a query of negations only are SQL conditions.
	match := c.match
	if q.SourceID != 0 {
		match = andMatch(match, quote(sourceTag(q.SourceID)))
	}
	if q.Language != "" {
		match = andMatch(match, quote(langTag(lang.Normalize(q.Language))))
	}
	if q.Author != "" {
		if ts := analysis.Terms(analysis.Neutral, q.Author, nil); len(ts) > 0 {
			match = andMatch(match, "authors : "+quote(strings.Join(ts, " ")))
		}
	}
	if strings.TrimSpace(q.Text) != "" && c.match == "" && c.exclude == "" {
		// Text with nothing to look up (only punctuation, say).
		return &newsdesk.Result{Hits: []newsdesk.Hit{}}, nil
	}
	var conds []string
	var args []any
	dated := false
	if !q.From.IsZero() {
		conds = append(conds, "d.pub >= ?")
		args = append(args, q.From.Unix())
		dated = true
	}
	if !q.To.IsZero() {
		conds = append(conds, "d.pub < ? AND d.pub > 0")
		args = append(args, q.To.Unix())
		dated = true
	}

	if q.Sort != "" && q.Sort != SortDate && q.Sort != SortRelevance {
		return nil, fmt.Errorf("search: unknown sort %q", q.Sort)
	}
	byDate := q.Sort == SortDate || c.match == ""
	cur, err := decodeCursor(q.Cursor, byDate)
	if err != nil {
		return nil, err
	}

	// from and where select the matching articles: from fts (joined with
	// docs when a date is needed) or, without a MATCH, from docs alone.
	// rowid names the article's ID in both.
	var from, rowid string
	var fromArgs []any
	if match != "" {
		rowid = "fts.rowid"
		from = "fts"
		if byDate || dated || q.Facets {
			from += " JOIN docs d ON d.id = fts.rowid"
		}
		conds = append([]string{"fts MATCH ?"}, conds...)
		fromArgs = append([]any{match}, args...)
	} else {
		rowid = "d.id"
		from = "docs d"
		fromArgs = args
	}
	if c.exclude != "" {
		conds = append(conds, rowid+" NOT IN (SELECT rowid FROM fts WHERE fts MATCH ?)")
		fromArgs = append(fromArgs, c.exclude)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}

	res := &newsdesk.Result{Hits: []newsdesk.Hit{}}
	if err := ix.r.QueryRowContext(ctx, "SELECT count(*) FROM "+from+where, fromArgs...).Scan(&res.Total); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}

	// The page: the cursor continues after the last hit of the one
	// before.
	var stmt string
	pageArgs := fromArgs
	if where == "" {
		where = " WHERE 1"
	}
	if byDate {
		stmt = "SELECT " + rowid + ", d.pub, 0.0 FROM " + from + where
		if cur != nil {
			stmt += " AND (d.pub, d.id) < (?, ?)"
			pageArgs = append(pageArgs[:len(pageArgs):len(pageArgs)], cur.pub, cur.id)
		}
		stmt += " ORDER BY d.pub DESC, d.id DESC"
	} else {
		stmt = "SELECT " + rowid + ", 0, " + bm25 + " AS r FROM " + from + where
		if cur != nil {
			stmt += " AND (r, " + rowid + ") > (?, ?)"
			pageArgs = append(pageArgs[:len(pageArgs):len(pageArgs)], cur.score, cur.id)
		}
		stmt += " ORDER BY r, " + rowid
	}
	stmt += " LIMIT " + strconv.Itoa(limit+1)
	rows, err := ix.r.QueryContext(ctx, stmt, pageArgs...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	type row struct {
		id, pub int64
		r       float64
	}
	var found []row
	for rows.Next() {
		var x row
		if err := rows.Scan(&x.id, &x.pub, &x.r); err != nil {
			rows.Close()
			return nil, fmt.Errorf("search: %w", err)
		}
		found = append(found, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if len(found) > limit {
		found = found[:limit]
		last := found[limit-1]
		res.NextCursor = encodeCursor(cursor{byDate: byDate, pub: last.pub, score: last.r, id: last.id})
	}

	conn, err := ix.r.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer conn.Close()
	idList := make([]int64, len(found))
	for i, x := range found {
		idList[i] = x.id
	}
	hs, err := hits(ctx, conn, idList, c.highlight)
	if err != nil {
		return nil, err
	}
	score := make(map[int64]float64, len(found))
	for _, x := range found {
		score[x.id] = -x.r
	}
	for i := range hs {
		hs[i].Score = score[hs[i].ID]
	}
	res.Hits = hs

	if q.Facets {
		res.Facets, err = facets(ctx, conn, from+where, fromArgs)
		if err != nil {
			return nil, err
		}
	}
	return res, nil
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

// hits reads the articles ids show as hits, in this order, each with a
// snippet of its body (or teaser) around the terms of highlight.
func hits(ctx context.Context, conn *sql.Conn, ids []int64, highlight map[string]map[string]bool) ([]newsdesk.Hit, error) {
	out := make([]newsdesk.Hit, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	at := make(map[int64]int, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		at[id] = i
		args[i] = id
	}
	rows, err := conn.QueryContext(ctx, `SELECT d.id, d.url, d.title, d.source, d.site, d.lang, d.published, d.authors, t.subtitle, t.body
		FROM docs d JOIN texts t ON t.id = d.id WHERE d.id IN (?`+strings.Repeat(", ?", len(ids)-1)+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: hits: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var h newsdesk.Hit
		var published, authors, subtitle string
		var body []byte
		if err := rows.Scan(&h.ID, &h.URL, &h.Title, &h.SourceID, &h.SiteName, &h.Language, &published, &authors, &subtitle, &body); err != nil {
			return nil, fmt.Errorf("search: hits: %w", err)
		}
		if published != "" {
			h.Published, _ = time.Parse(time.RFC3339Nano, published)
		}
		h.Authors = []string{}
		if authors != "" {
			h.Authors = strings.Split(authors, "\n")
		}
		text, err := inflate(body)
		if err != nil {
			return nil, fmt.Errorf("search: hit %d: %w", h.ID, err)
		}
		an := analysis.Lang(h.Language)
		terms := highlight[an]
		h.Snippet = snippet(text, an, terms)
		if !strings.Contains(h.Snippet, markStart) && subtitle != "" {
			if s := snippet(subtitle, an, terms); strings.Contains(s, markStart) || text == "" {
				h.Snippet = s
			}
		}
		out[at[h.ID]] = h
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: hits: %w", err)
	}
	// An article removed since the page was chosen is left out.
	return slices.DeleteFunc(out, func(h newsdesk.Hit) bool { return h.ID == 0 }), nil
}

// facets counts the articles of from (which joins docs as d) by source,
// language and day.
func facets(ctx context.Context, conn *sql.Conn, from string, args []any) (map[string]newsdesk.Facet, error) {
	stmt := "SELECT d.source, d.lang, d.pub / 86400, count(*) FROM " + from + " GROUP BY 1, 2, 3"
	rows, err := conn.QueryContext(ctx, stmt, args...)
	if err != nil {
		return nil, fmt.Errorf("search: facets: %w", err)
	}
	defer rows.Close()
	fs := map[string]newsdesk.Facet{"source": {}, "language": {}, "day": {}}
	for rows.Next() {
		var src, day int64
		var lg string
		var n int
		if err := rows.Scan(&src, &lg, &day, &n); err != nil {
			return nil, fmt.Errorf("search: facets: %w", err)
		}
		fs["source"][strconv.FormatInt(src, 10)] += n
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
	return fs, nil
}

// cursor is the position after the last hit of a page.
type cursor struct {
	byDate bool
	pub    int64
	score  float64
	id     int64
}

func encodeCursor(c cursor) string {
	var s string
	if c.byDate {
		s = "d:" + strconv.FormatInt(c.pub, 10) + ":" + strconv.FormatInt(c.id, 10)
	} else {
		s = "r:" + strconv.FormatFloat(c.score, 'g', -1, 64) + ":" + strconv.FormatInt(c.id, 10)
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
	if len(parts) != 3 || (parts[0] == "d") != byDate || (parts[0] != "d" && parts[0] != "r") {
		return nil, ErrBadCursor
	}
	c := &cursor{byDate: byDate}
	if c.id, err = strconv.ParseInt(parts[2], 10, 64); err != nil {
		return nil, ErrBadCursor
	}
	if byDate {
		c.pub, err = strconv.ParseInt(parts[1], 10, 64)
	} else {
		c.score, err = strconv.ParseFloat(parts[1], 64)
		if math.IsNaN(c.score) {
			err = ErrBadCursor
		}
	}
	if err != nil {
		return nil, ErrBadCursor
	}
	return c, nil
}
