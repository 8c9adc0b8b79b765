package web

import (
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/httpapi"
)

// attentionColors are the colours of the queries' lines, told apart
// also by those who do not see red and green (Okabe and Ito).
var attentionColors = [httpapi.MaxAttentionQueries]string{"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"}

// attention is the page that compares up to five searches: their
// articles per day as lines (or their share of each day's articles),
// and for each its outlets, entities and characteristic words.
func (u *UI) attention(w http.ResponseWriter, r *http.Request) error {
	params := r.URL.Query()
	share := params.Get("view") == "share"
	fields := make([]string, 0, httpapi.MaxAttentionQueries)
	for _, q := range params["q"] {
		if q = strings.TrimSpace(q); q != "" {
			fields = append(fields, q)
		}
	}
	data := map[string]any{"Title": "Attention", "From": params.Get("from"), "To": params.Get("to"), "Share": share}
	form := func() {
		fs := fields[:min(len(fields), httpapi.MaxAttentionQueries)]
		for len(fs) < httpapi.MaxAttentionQueries {
			fs = append(fs, "")
		}
		data["Fields"] = fs
	}
	if len(fields) == 0 && params.Get("from") == "" && params.Get("to") == "" {
		form()
		u.render(w, r, http.StatusOK, "attention", data)
		return nil
	}
	aq, err := httpapi.ParseAttention(params, time.Now())
	if err != nil {
		form()
		data["Error"] = err.Error()
		u.render(w, r, http.StatusBadRequest, "attention", data)
		return nil
	}
	res, err := httpapi.CompareAttention(r.Context(), u.cfg.Store, u.cfg.Index, aq)
	if httpapi.IsBadQuery(err) {
		form()
		data["Error"] = err.Error()
		u.render(w, r, http.StatusBadRequest, "attention", data)
		return nil
	}
	if err != nil {
		return err
	}
	form()
	data["Title"] = strings.Join(aq.Queries, " · ") + " – Attention"
	if data["From"] == "" {
		data["From"] = res.From
	}
	if data["To"] == "" {
		data["To"] = res.To
	}
	data["Result"] = res
	data["Chart"] = newAttentionChart(res, share)
	data["Panels"] = attentionPanels(res)
	data["CountURL"] = attentionLink("/attention", params, "view", "")
	data["ShareURL"] = attentionLink("/attention", params, "view", "share")
	data["CSVURL"] = attentionLink("/api/attention", params, "view", "", "format", "csv")
	data["JSONURL"] = attentionLink("/api/attention", params, "view", "")
	u.render(w, r, http.StatusOK, "attention", data)
	return nil
}

// attentionLink returns the URL of path with params, every q kept, and
// the key, value pairs of kv set (an empty value removes the key).
func attentionLink(path string, params url.Values, kv ...string) string {
	v := url.Values{}
	for k, vs := range params {
		for _, s := range vs {
			if s = strings.TrimSpace(s); s != "" {
				v.Add(k, s)
			}
		}
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i+1] == "" {
			v.Del(kv[i])
		} else {
			v.Set(kv[i], kv[i+1])
		}
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}

// attentionPanel is one query of the page with its lists.
type attentionPanel struct {
	Query, Color string
	Total        int
	SearchURL    string
	Outlets      []attentionBar
	Entities     []attentionBar
	Terms        []attentionBar
}

// attentionBar is a value of a list with its count, drawn as a bar W
// units long of at most attentionBarW.
type attentionBar struct {
	Label, URL string
	ID, Kind   string
	Color      string
	Count, W   int
}

// attentionBarW is the longest bar; the template draws it so.
const attentionBarW = 80

// attentionPanels returns the lists of each query of a: outlets linked
// to the search in them, entities to their pages, words to the search
// with them.
func attentionPanels(a *httpapi.Attention) []attentionPanel {
	out := make([]attentionPanel, 0, len(a.Queries))
	period := url.Values{"from": {a.From}, "to": {a.To}}
	search := func(q string, kv ...string) string {
		return linkTo("/", period, append([]string{"q", q}, kv...)...)
	}
	var color string
	bars := func(n int, at func(int) attentionBar) []attentionBar {
		var bs []attentionBar
		most := 1
		for i := range n {
			b := at(i)
			most = max(most, b.Count)
			bs = append(bs, b)
		}
		for i := range bs {
			bs[i].W = max(1, bs[i].Count*attentionBarW/most)
			bs[i].Color = color
		}
		return bs
	}
	for i, q := range a.Queries {
		color = attentionColors[i%len(attentionColors)]
		p := attentionPanel{Query: q.Query, Color: color, Total: q.Total, SearchURL: search(q.Query)}
		p.Outlets = bars(len(q.Outlets), func(j int) attentionBar {
			o := q.Outlets[j]
			b := attentionBar{Label: o.Name, Count: o.Articles}
			if k := (newsdesk.Outlet{Domain: o.Domain, Name: o.Name}).Key(); k != "" {
				b.URL = search(q.Query, "outlet", k)
			}
			return b
		})
		p.Entities = bars(len(q.Entities), func(j int) attentionBar {
			e := q.Entities[j]
			return attentionBar{Label: e.Name, ID: e.ID, Kind: typeNames[e.Type], Count: e.Articles, URL: "/entities/" + url.PathEscape(e.ID)}
		})
		p.Terms = bars(len(q.Terms), func(j int) attentionBar {
			t := q.Terms[j]
			return attentionBar{Label: t.Term, Count: t.Articles, URL: search("(" + q.Query + ") " + t.Term)}
		})
		out = append(out, p)
	}
	return out
}

// attentionChart is the articles per day of each query as lines in a
// viewBox of Width × Height units: the plot between Left, Top, Right
// and Bottom, ticks on both axes.
type attentionChart struct {
	Width, Height            int
	Left, Top, Right, Bottom int
	Share                    bool
	First, Last              string
	Lines                    []attentionLine
	XTicks, YTicks           []attentionTick
}

// attentionLine is one query's line: its points as the polyline's
// points attribute, and a dot per day with its figures for a tooltip
// when the days are few enough to point at.
type attentionLine struct {
	Query, Color string
	Points       string
	Dots         []attentionDot
}

type attentionDot struct {
	X, Y     string
	Day      string
	Articles int
	Share    string
}

type attentionTick struct {
	X, Y  int
	Label string
}

// Sizes of the attention chart, in SVG units.
const (
	attentionChartW  = 760
	attentionChartH  = 260
	attentionPadL    = 52
	attentionPadR    = 28
	attentionPadT    = 10
	attentionPadB    = 24
	attentionMaxDots = 120 // dots are drawn for periods up to this many days
)

// newAttentionChart lays out the days of a's queries: their articles,
// or with share their share of each day's articles in per cent.
func newAttentionChart(a *httpapi.Attention, share bool) *attentionChart {
	c := &attentionChart{Width: attentionChartW, Height: attentionChartH, Left: attentionPadL, Top: attentionPadT,
		Right: attentionChartW - attentionPadR, Bottom: attentionChartH - attentionPadB, Share: share, First: a.From, Last: a.To}
	value := func(d httpapi.AttentionDay) float64 {
		if share {
			return d.Share * 100
		}
		return float64(d.Articles)
	}
	most := 0.0
	for _, q := range a.Queries {
		for _, d := range q.Days {
			most = max(most, value(d))
		}
	}
	top := niceCeil(most)
	plotW, plotH := float64(c.Right-c.Left), float64(c.Bottom-c.Top)
	n := len(a.Totals)
	x := func(i int) float64 {
		if n < 2 {
			return float64(c.Left) + plotW/2
		}
		return float64(c.Left) + float64(i)*plotW/float64(n-1)
	}
	y := func(v float64) float64 { return float64(c.Bottom) - v/top*plotH }
	num := func(f float64) string { return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64) }
	for i, q := range a.Queries {
		l := attentionLine{Query: q.Query, Color: attentionColors[i%len(attentionColors)]}
		pts := make([]string, 0, len(q.Days))
		for j, d := range q.Days {
			px, py := num(x(j)), num(y(value(d)))
			pts = append(pts, px+","+py)
			if n <= attentionMaxDots {
				l.Dots = append(l.Dots, attentionDot{X: px, Y: py, Day: d.Day, Articles: d.Articles, Share: percent(d.Share)})
			}
		}
		l.Points = strings.Join(pts, " ")
		c.Lines = append(c.Lines, l)
	}
	// Three lines across: 0, half way and the top, the half only where
	// it is a whole number of articles.
	for _, f := range []float64{0, 0.5, 1} {
		v := top * f
		if !share && v != math.Trunc(v) {
			continue
		}
		label := num(v)
		if share {
			label += " %"
		}
		c.YTicks = append(c.YTicks, attentionTick{X: c.Left, Y: int(math.Round(y(v))), Label: label})
	}
	// About seven days named along the bottom.
	step := max(1, (n+6)/7)
	for i := 0; i < n; i += step {
		d, err := time.Parse(time.DateOnly, a.Totals[i].Day)
		if err != nil {
			continue
		}
		c.XTicks = append(c.XTicks, attentionTick{X: int(math.Round(x(i))), Y: c.Bottom, Label: d.Format("2 Jan")})
	}
	return c
}

// niceCeil returns the smallest of 1, 2, 2.5 or 5 times a power of ten
// that is at least v; 1 for v ≤ 0.
func niceCeil(v float64) float64 {
	if v <= 0 {
		return 1
	}
	exp := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 2, 2.5, 5, 10} {
		if v <= f*exp*(1+1e-9) {
			return f * exp
		}
	}
	return 10 * exp
}

// percent writes a share as a percentage with at most one decimal.
func percent(share float64) string {
	return fmt.Sprintf("%s %%", strconv.FormatFloat(math.Round(share*1000)/10, 'f', -1, 64))
}
