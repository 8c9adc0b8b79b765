package httpapi

import (
	"cmp"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk"
)

// Limits of GET /api/attention.
const (
	// MaxAttentionQueries is how many searches one comparison takes.
	MaxAttentionQueries = 5
	// MaxAttentionDays is the longest period compared, in days.
	MaxAttentionDays = 366
	// DefaultAttentionDays is the period without from and to: the last
	// 30 days, today included.
	DefaultAttentionDays = 30
	// attentionTop is how many outlets, entities and terms each query
	// lists.
	attentionTop = 10
	// attentionHits is how many of a query's best hits its terms are
	// drawn from; attentionWindows × attentionWindowHits the newest
	// articles of as many slices of the period that the terms are
	// compared with.
	attentionHits       = 200
	attentionWindows    = 6
	attentionWindowHits = 50
)

// AttentionQuery is a comparison of searches over the time [From, To):
// what GET /api/attention and the attention page ask.
type AttentionQuery struct {
	Queries  []string // 1 to MaxAttentionQueries, in the search syntax
	From, To time.Time
}

// ParseAttention reads the parameters of GET /api/attention: q, 1 to
// MaxAttentionQueries times (empty ones are left out), and from and to as
// ParseQuery reads them. Without from and to, the period is the last
// DefaultAttentionDays days up to the end of now's day (UTC); with one
// of them, that many days from or up to it. A bad value is an error
// meant for the user.
func ParseAttention(v url.Values, now time.Time) (AttentionQuery, error) {
	var aq AttentionQuery
	for _, q := range v["q"] {
		if q = strings.TrimSpace(q); q == "" {
			continue
		}
		if len(q) > 1000 {
			return aq, errors.New("q: a query is longer than 1000 bytes")
		}
		aq.Queries = append(aq.Queries, q)
	}
	switch n := len(aq.Queries); {
	case n == 0:
		return aq, errors.New("q: give at least one query")
	case n > MaxAttentionQueries:
		return aq, fmt.Errorf("q: at most %d queries are compared, got %d", MaxAttentionQueries, n)
	}
	var err error
	if aq.From, err = parseDate(v.Get("from"), false); err != nil {
		return aq, fmt.Errorf("from: %w", err)
	}
	if aq.To, err = parseDate(v.Get("to"), true); err != nil {
		return aq, fmt.Errorf("to: %w", err)
	}
	switch {
	case aq.From.IsZero() && aq.To.IsZero():
		aq.To = dayStart(now).AddDate(0, 0, 1)
		aq.From = aq.To.AddDate(0, 0, -DefaultAttentionDays)
	case aq.From.IsZero():
		aq.From = dayStart(aq.To.Add(-time.Nanosecond)).AddDate(0, 0, 1-DefaultAttentionDays)
	case aq.To.IsZero():
		aq.To = dayStart(aq.From).AddDate(0, 0, DefaultAttentionDays)
	}
	if !aq.From.Before(aq.To) {
		return aq, errors.New("from must be before to")
	}
	if n := int(dayStart(aq.To.Add(-time.Nanosecond)).Sub(dayStart(aq.From)).Hours()/24) + 1; n > MaxAttentionDays {
		return aq, fmt.Errorf("from, to: the period has %d days; at most %d are compared", n, MaxAttentionDays)
	}
	return aq, nil
}

// dayStart returns the start of t's day in UTC.
func dayStart(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// attentionDays returns the days (UTC, 2006-01-02) that [from, to)
// touches.
func attentionDays(from, to time.Time) []string {
	var out []string
	last := to.Add(-time.Nanosecond)
	for d := dayStart(from); !d.After(last) && len(out) <= MaxAttentionDays; d = d.AddDate(0, 0, 1) {
		out = append(out, d.Format(time.DateOnly))
	}
	return out
}

// Attention is the body of GET /api/attention: for each query, how much
// of the news it had day by day, where, about whom, and in which words.
type Attention struct {
	// From and To are the first and last day of the period (UTC).
	From string `json:"from"`
	To   string `json:"to"`
	// Totals counts all articles of each day of the period.
	Totals  []DayCount         `json:"totals"`
	Queries []AttentionOfQuery `json:"queries"`
}

// DayCount is how many articles one day had.
type DayCount struct {
	Day      string `json:"day"`
	Articles int    `json:"articles"`
}

// AttentionOfQuery is what one query of a comparison found.
type AttentionOfQuery struct {
	Query string `json:"query"`
	// Total counts the articles of the period that match.
	Total int `json:"total"`
	// Days has every day of the period, those without a match too.
	Days     []AttentionDay       `json:"days"`
	Outlets  []OutletCount        `json:"outlets"`
	Entities []EntityArticles     `json:"entities"`
	Terms    []CharacteristicTerm `json:"terms"`
	// Sampled is how many of the best hits the terms were drawn from.
	Sampled int `json:"sampled"`
}

// AttentionDay is one day of a query: the articles that match, and
// their share of all articles of the day (0 on a day without any).
type AttentionDay struct {
	Day      string  `json:"day"`
	Articles int     `json:"articles"`
	Share    float64 `json:"share"`
}

// OutletCount is an outlet (the site the articles were published on,
// see newsdesk.Outlet) with the number of matching articles.
type OutletCount struct {
	ID       int64  `json:"id"`
	Domain   string `json:"domain"`
	Name     string `json:"name"`
	Articles int    `json:"articles"`
}

// EntityArticles is an entity with the number of matching articles that
// mention it.
type EntityArticles struct {
	ID       string              `json:"id"`
	Name     string              `json:"name"`
	Type     newsdesk.EntityType `json:"type"`
	Articles int                 `json:"articles"`
}

// CharacteristicTerm is a word the matching articles use more than the
// news of the period: Articles counts the sampled hits with it in the
// title or snippet; Score is the z-score of its log-odds ratio.
type CharacteristicTerm struct {
	Term     string  `json:"term"`
	Articles int     `json:"articles"`
	Score    float64 `json:"score"`
}

// attentionError is a query of a comparison the index refused as bad.
type attentionError struct {
	query string
	err   error
}

func (e *attentionError) Error() string  { return fmt.Sprintf("q %q: %v", e.query, e.err) }
func (e *attentionError) Unwrap() error  { return e.err }
func (e *attentionError) BadQuery() bool { return IsBadQuery(e.err) }

// CompareAttention runs the comparison aq over ix: one search with
// facets per query (its day, source and entity facets, and its best
// hits for the terms), one without text for the articles of each day,
// and a few small ones that sample the period for the terms to be
// compared with. st names the outlets and entities. An error for which
// IsBadQuery holds is the user's.
func CompareAttention(ctx context.Context, st newsdesk.Store, ix newsdesk.Index, aq AttentionQuery) (*Attention, error) {
	days := attentionDays(aq.From, aq.To)
	out := &Attention{From: days[0], To: days[len(days)-1], Queries: make([]AttentionOfQuery, len(aq.Queries))}

	// The searches run side by side: each query, the totals, and the
	// slices of the background sample.
	results := make([]*newsdesk.Result, len(aq.Queries))
	var totals *newsdesk.Result
	windows := attentionSlices(aq.From, aq.To, min(attentionWindows, len(days)))
	background := make([]*newsdesk.Result, len(windows))
	errs := make([]error, len(aq.Queries)+1+len(windows))
	var wg sync.WaitGroup
	for i, q := range aq.Queries {
		wg.Go(func() {
			res, err := ix.Search(ctx, newsdesk.Query{Text: q, From: aq.From, To: aq.To, Limit: attentionHits, Facets: true})
			if err != nil {
				err = &attentionError{query: q, err: err}
			}
			results[i], errs[i] = res, err
		})
	}
	wg.Go(func() {
		totals, errs[len(aq.Queries)] = ix.Search(ctx, newsdesk.Query{From: aq.From, To: aq.To, Sort: "date", Limit: 1, Facets: true})
	})
	for i, w := range windows {
		wg.Go(func() {
			background[i], errs[len(aq.Queries)+1+i] = ix.Search(ctx, newsdesk.Query{From: w[0], To: w[1], Sort: "date", Limit: attentionWindowHits})
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}

	all := totals.Facets["day"]
	for _, d := range days {
		out.Totals = append(out.Totals, DayCount{Day: d, Articles: all[d]})
	}
	var bg []newsdesk.Hit
	for _, r := range background {
		bg = append(bg, r.Hits...)
	}
	bgDocs := termDocs(bg)

	var entityIDs []string
	for i, q := range aq.Queries {
		res := results[i]
		a := AttentionOfQuery{Query: q, Total: res.Total, Sampled: len(res.Hits)}
		for _, d := range days {
			n := res.Facets["day"][d]
			a.Days = append(a.Days, AttentionDay{Day: d, Articles: n, Share: share(n, all[d])})
		}
		for _, k := range topKeys(res.Facets["outlet"], attentionTop) {
			o := res.Outlets[k]
			if o.Name == "" {
				o.Name = k
			}
			a.Outlets = append(a.Outlets, OutletCount{ID: o.ID, Domain: o.Domain, Name: o.Name, Articles: res.Facets["outlet"][k]})
		}
		for _, k := range topKeys(res.Facets["entity"], attentionTop) {
			a.Entities = append(a.Entities, EntityArticles{ID: k, Name: k, Articles: res.Facets["entity"][k]})
			entityIDs = append(entityIDs, k)
		}
		a.Terms = characteristicTerms(termDocs(res.Hits), bgDocs, queryTerms(q), attentionTop)
		out.Queries[i] = a
	}
	if len(entityIDs) > 0 {
		slices.Sort(entityIDs)
		names, err := st.EntityNames(ctx, slices.Compact(entityIDs))
		if err != nil {
			return nil, fmt.Errorf("attention: entity names: %w", err)
		}
		for i := range out.Queries {
			for j, e := range out.Queries[i].Entities {
				if n, ok := names[e.ID]; ok {
					out.Queries[i].Entities[j].Name, out.Queries[i].Entities[j].Type = n.Name, n.Type
				}
			}
		}
	}
	return out, nil
}

// attentionSlices cuts [from, to) into n slices of about equal length.
func attentionSlices(from, to time.Time, n int) [][2]time.Time {
	n = max(n, 1)
	step := to.Sub(from) / time.Duration(n)
	out := make([][2]time.Time, n)
	for i := range out {
		out[i] = [2]time.Time{from.Add(time.Duration(i) * step), from.Add(time.Duration(i+1) * step)}
	}
	out[n-1][1] = to
	return out
}

// share returns n/all, rounded to six decimals; 0 when all is 0.
func share(n, all int) float64 {
	if all <= 0 {
		return 0
	}
	return math.Round(float64(n)/float64(all)*1e6) / 1e6
}

// topKeys returns the n keys of f with the highest counts, ties by key;
// keys with a count of 0 or less are left out.
func topKeys(f newsdesk.Facet, n int) []string {
	keys := make([]string, 0, len(f))
	for k, c := range f {
		if c > 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(f[b], f[a]), strings.Compare(a, b)) })
	return keys[:min(n, len(keys))]
}

func (a *API) attention(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	aq, err := ParseAttention(v, time.Now())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	format := v.Get("format")
	if format != "" && format != "json" && format != "csv" {
		WriteProblem(w, r, http.StatusBadRequest, fmt.Sprintf("format: want json or csv, got %q", format))
		return
	}
	res, err := CompareAttention(r.Context(), a.cfg.Store, a.cfg.Index, aq)
	if err != nil {
		if IsBadQuery(err) {
			WriteProblem(w, r, http.StatusBadRequest, err.Error())
			return
		}
		a.internal(w, r, "attention", err)
		return
	}
	if format == "csv" {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		w.Header().Set("Content-Disposition", `attachment; filename="attention.csv"`)
		w.Header().Set("Cache-Control", "no-store")
		_ = WriteAttentionCSV(w, res)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// WriteAttentionCSV writes a comparison as CSV: a header, then one row
// per query and day with the query, the day, the matching articles and
// their share of the day's. A query that a spreadsheet would take for a
// formula starts with an apostrophe.
func WriteAttentionCSV(w io.Writer, a *Attention) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"query", "day", "articles", "share"})
	for _, q := range a.Queries {
		text := q.Query
		if text != "" && strings.ContainsAny(text[:1], "=+@\t\r") {
			text = "'" + text
		}
		for _, d := range q.Days {
			cw.Write([]string{text, d.Day, strconv.Itoa(d.Articles), strconv.FormatFloat(d.Share, 'f', -1, 64)})
		}
	}
	cw.Flush()
	return cw.Error()
}
