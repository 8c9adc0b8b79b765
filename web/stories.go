package web

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/httpapi"
	"newsdesk/urlnorm"
)

// stories is the list of stories: all of them, most recently updated
// first, or those of the hits of a search.
func (u *UI) stories(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	params := r.URL.Query()
	data := map[string]any{"Title": "Stories", "Params": map[string]string{}}
	for _, k := range []string{"q", "lang", "entity", "from", "to"} {
		data["Params"].(map[string]string)[k] = params.Get(k)
	}
	q, err := httpapi.ParseStoryQuery(params)
	if err != nil {
		data["Error"] = err.Error()
		u.render(w, r, http.StatusBadRequest, "stories", data)
		return nil
	}
	if q.Text != "" {
		data["Title"] = q.Text + " – Stories"
	}
	if q.Entity != "" {
		name := q.Entity
		if e, ok := u.entityNames(ctx, []string{q.Entity})[q.Entity]; ok {
			name = e.Name
		}
		data["Entity"] = map[string]string{"ID": q.Entity, "Name": name, "AllURL": linkTo("/stories", params, "entity", "", "cursor", "")}
	}
	list, err := httpapi.ListStories(ctx, u.cfg.Store, u.cfg.Index, q)
	switch {
	case httpapi.IsBadCursor(err):
		data["Error"] = "This page of stories is no longer there; start from the first."
		u.render(w, r, http.StatusBadRequest, "stories", data)
		return nil
	case httpapi.IsBadQuery(err):
		data["Error"] = err.Error()
		u.render(w, r, http.StatusBadRequest, "stories", data)
		return nil
	case err != nil:
		return err
	}
	data["List"] = list
	var sites []string
	for _, s := range list.Stories {
		sites = append(sites, s.First.Site)
	}
	data["OutletNames"] = u.outletNames(ctx, sites)
	if list.NextCursor != "" {
		data["NextURL"] = linkTo("/stories", params, "cursor", list.NextCursor)
	}
	if params.Get("cursor") != "" {
		data["FirstURL"] = linkTo("/stories", params, "cursor", "")
	}
	if q.Text != "" {
		data["SearchURL"] = link(url.Values{"q": {q.Text}})
	}
	u.render(w, r, http.StatusOK, "stories", data)
	return nil
}

// story is the page of one story: its coverage over time by outlet, the
// first report, the outlets that only copied, the actors, quotations,
// figures, and the articles by language.
func (u *UI) story(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return httpError{http.StatusNotFound, "There is no story at this address."}
	}
	ctx := r.Context()
	d, err := httpapi.StoryDetail(ctx, u.cfg.Store, id)
	switch {
	case errors.Is(err, newsdesk.ErrNotFound):
		return httpError{http.StatusNotFound, fmt.Sprintf("There is no story with ID %d.", id)}
	case err != nil:
		return err
	}
	if d.ID != id {
		// Merged into another story.
		http.Redirect(w, r, "/stories/"+strconv.FormatInt(d.ID, 10), http.StatusMovedPermanently)
		return nil
	}
	titles := map[int64]string{}
	for _, a := range d.ArticleList {
		titles[a.ID] = a.Title
	}
	var onlyCopied []httpapi.OutletCoverage
	for _, o := range d.Coverage.Outlets {
		if o.OnlyCopies {
			onlyCopied = append(onlyCopied, o)
		}
	}
	var figures []storyFigure
	for _, f := range d.Figures {
		sf := storyFigure{StoryFigure: f, Value: formatValue(f.Value), Title: cmp.Or(titles[f.ArticleID], fmt.Sprintf("Article %d", f.ArticleID))}
		if c := f.Claimant; c != nil {
			sf.Claimant, sf.ClaimantID = c.Text, c.EntityID
		}
		figures = append(figures, sf)
	}
	title := cmp.Or(d.Title, fmt.Sprintf("Story %d", d.ID))
	u.render(w, r, http.StatusOK, "story", map[string]any{
		"Title":       title,
		"Story":       d,
		"Timeline":    newCoverageChart(d.Coverage),
		"OnlyCopied":  onlyCopied,
		"Quotes":      u.nameSites(ctx, quoteViews(d.Quotes, nil)),
		"Figures":     figures,
		"ByLanguage":  articlesByLanguage(d.ArticleList, titles),
		"OutletNames": u.outletNames(ctx, storySites(d)),
		"SearchURL":   link(url.Values{"story": {strconv.FormatInt(d.ID, 10)}, "collapse": {"false"}, "sort": {"date"}}),
	})
	return nil
}

// storySites returns the sites of the articles a story's page lists.
func storySites(d *httpapi.StoryBody) []string {
	sites := []string{d.First.Site}
	for _, o := range d.Coverage.Outlets {
		sites = append(sites, o.Site)
	}
	for _, a := range d.ArticleList {
		sites = append(sites, a.Site)
	}
	return sites
}

// outletNames returns the names of the outlets of these sites (as
// stories and quotes file articles: a domain or host, or a site name),
// by site; a site without a known outlet is left out.
func (u *UI) outletNames(ctx context.Context, sites []string) map[string]string {
	keys := slices.Compact(slices.Sorted(slices.Values(sites)))
	keys = slices.DeleteFunc(keys, func(k string) bool { return k == "" })
	names := map[string]string{}
	if len(keys) == 0 {
		return names
	}
	l, err := u.cfg.Store.Outlets(ctx, newsdesk.OutletFilter{Keys: keys})
	if err != nil {
		u.log.Error("web: outlet names", "err", err)
		return names
	}
	for _, o := range l.Outlets {
		names[siteKey(o.Key())] = o.Name
	}
	out := make(map[string]string, len(keys))
	for _, k := range keys {
		if n, ok := names[siteKey(k)]; ok {
			out[k] = n
		}
	}
	return out
}

// siteKey returns the key of the outlet a site names: the registrable
// domain of a host or domain, else the name in lower case.
func siteKey(site string) string {
	if d := urlnorm.DomainOf(site); d != "" {
		return d
	}
	return strings.ToLower(newsdesk.OutletName(site))
}

// storyFigure is a figure of a story as its page lists it.
type storyFigure struct {
	newsdesk.StoryFigure
	Value, Title         string
	Claimant, ClaimantID string
}

// formatValue writes a figure's value without needless decimals.
func formatValue(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// languageArticles are a story's articles in one language.
type languageArticles struct {
	Lang, Name string
	Articles   []storyArticle
}

// storyArticle is an article of a story as its page lists it: a copy
// names its original.
type storyArticle struct {
	newsdesk.StoryArticle
	OriginalTitle string
}

// articlesByLanguage groups a story's articles by language, the
// language of most articles first, each earliest first.
func articlesByLanguage(arts []newsdesk.StoryArticle, titles map[int64]string) []languageArticles {
	var out []languageArticles
	at := map[string]int{}
	for _, a := range arts {
		l := cmp.Or(a.Language, "")
		i, ok := at[l]
		if !ok {
			i = len(out)
			at[l] = i
			out = append(out, languageArticles{Lang: langTag(l), Name: languageName(l)})
		}
		sa := storyArticle{StoryArticle: a}
		if a.CopyOf != 0 {
			sa.OriginalTitle = cmp.Or(titles[int64(a.CopyOf)], fmt.Sprintf("Article %d", a.CopyOf))
		}
		out[i].Articles = append(out[i].Articles, sa)
	}
	slices.SortStableFunc(out, func(a, b languageArticles) int { return cmp.Compare(len(b.Articles), len(a.Articles)) })
	return out
}

// coverageChart is a story's coverage drawn as SVG: a row per outlet,
// a column per hour or day, a dot per outlet and bucket with articles,
// its area by their number; originals are filled discs, copies rings
// around them.
type coverageChart struct {
	Width, Height int
	LabelW        int
	Bucket        string
	Rows          []coverageRow
	Dots          []coverageDot
	Ticks         []coverageTick
	First, Last   string
}

type coverageRow struct {
	Site              string
	Y, TextY          int
	First, OnlyCopies bool
}

type coverageDot struct {
	Site              string
	Bucket            int
	Time              string
	Originals, Copies int
	CX, CY            int
	R, RingR          float64
}

type coverageTick struct {
	X     int
	Label string
}

// Sizes of the coverage chart, in SVG units.
const (
	chartLabelW = 170
	chartRowH   = 22
	chartAxisH  = 20
	chartMaxW   = 760 // the columns' width, at most
)

// newCoverageChart lays out c, the outlet of the first report in the
// first row, marked. It returns nil when no article has a time.
func newCoverageChart(c httpapi.Coverage) *coverageChart {
	if c.Buckets == 0 || len(c.Outlets) == 0 {
		return nil
	}
	cell := min(24, max(4, chartMaxW/c.Buckets))
	// Room for a tick's label even with one column.
	ch := &coverageChart{LabelW: chartLabelW, Bucket: c.Bucket, Width: chartLabelW + max(cell*c.Buckets, 80) + 4,
		Height: chartAxisH + chartRowH*len(c.Outlets)}
	size := time.Hour
	layout := "2 Jan 15:04"
	if c.Bucket == "day" {
		size, layout = 24*time.Hour, "2 Jan 2006"
	}
	ch.First = c.Start.Format(layout)
	ch.Last = c.End.Add(-size).Format(layout)
	most := 1
	for _, o := range c.Outlets {
		for _, b := range o.Counts {
			most = max(most, b.Originals+b.Copies)
		}
	}
	radius := func(n int) float64 {
		if n == 0 {
			return 0
		}
		maxR := float64(min(cell, chartRowH))/2 - 1
		return math.Round((1.5+(maxR-1.5)*math.Sqrt(float64(n)/float64(most)))*10) / 10
	}
	for i, o := range c.Outlets {
		y := chartAxisH + i*chartRowH
		ch.Rows = append(ch.Rows, coverageRow{Site: o.Site, Y: y, TextY: y + chartRowH/2 + 4, First: i == 0, OnlyCopies: o.OnlyCopies})
		for _, b := range o.Counts {
			ch.Dots = append(ch.Dots, coverageDot{
				Site: o.Site, Bucket: b.Bucket, Time: b.Time.Format(layout), Originals: b.Originals, Copies: b.Copies,
				CX: chartLabelW + b.Bucket*cell + cell/2, CY: y + chartRowH/2,
				R: radius(b.Originals), RingR: radius(b.Originals + b.Copies),
			})
		}
	}
	// A tick at the start of each day (by the hour) or month (by the
	// day), at most about eight of them.
	step := max(1, c.Buckets/8)
	for b := 0; b < c.Buckets; b++ {
		t := c.Start.Add(time.Duration(b) * size)
		mark := b == 0 || (c.Bucket == "hour" && t.Hour() == 0) || (c.Bucket == "day" && t.Day() == 1)
		if !mark && b%step != 0 {
			continue
		}
		x := chartLabelW + b*cell
		if n := len(ch.Ticks); n > 0 && (x-ch.Ticks[n-1].X < 60 || x+56 > ch.Width) {
			continue // no room for its label
		}
		ch.Ticks = append(ch.Ticks, coverageTick{X: x, Label: t.Format(layout)})
	}
	return ch
}
