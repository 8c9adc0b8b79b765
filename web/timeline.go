package web

import (
	"net/url"
	"time"

	"newsdesk"
)

// maxTimelineDays caps the days the timeline draws: the latest are kept.
const maxTimelineDays = 366

// timeline is the articles-per-day chart of a search, drawn as SVG bars
// in a viewBox of Width × Height units.
type timeline struct {
	Bars          []bar
	Width, Height int
	First, Last   string // the first and last day shown
	Max           int    // the highest count
}

// bar is one day of the timeline.
type bar struct {
	Day   string
	Count int
	X, Y  int
	W, H  int
	URL   string // the search restricted to that day
}

// newTimeline returns the timeline of the day facet f (keys 2006-01-02),
// one bar per day from the first to the last, or nil when there is none.
func newTimeline(f newsdesk.Facet, params url.Values) *timeline {
	var first, last time.Time
	counts := map[time.Time]int{}
	for k, n := range f {
		d, err := time.Parse(time.DateOnly, k)
		if err != nil || n <= 0 {
			continue
		}
		counts[d] += n
		if first.IsZero() || d.Before(first) {
			first = d
		}
		if d.After(last) {
			last = d
		}
	}
	if len(counts) == 0 {
		return nil
	}
	if days := int(last.Sub(first).Hours()/24) + 1; days > maxTimelineDays {
		first = last.AddDate(0, 0, -(maxTimelineDays - 1))
	}
	t := &timeline{Height: 100, First: first.Format(time.DateOnly), Last: last.Format(time.DateOnly)}
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		t.Max = max(t.Max, counts[d])
	}
	const barW, gap = 10, 2
	x := 0
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		n := counts[d]
		h := 0
		if n > 0 {
			h = max(2, n*t.Height/t.Max)
		}
		day := d.Format(time.DateOnly)
		t.Bars = append(t.Bars, bar{
			Day: day, Count: n, X: x, Y: t.Height - h, W: barW - gap, H: h,
			URL: link(params, "from", day, "to", day, "cursor", ""),
		})
		x += barW
	}
	t.Width = x
	return t
}
