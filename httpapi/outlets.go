package httpapi

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"newsdesk"
)

// ParseOutletFilter reads the parameters of GET /api/outlets: q (a part
// of the name or domain, any case), limit (1–100, default 20) and
// cursor.
func ParseOutletFilter(v url.Values) (newsdesk.OutletFilter, error) {
	f := newsdesk.OutletFilter{Q: strings.TrimSpace(v.Get("q")), Cursor: strings.TrimSpace(v.Get("cursor"))}
	if len(f.Q) > 200 {
		return f, errors.New("q: longer than 200 bytes")
	}
	var err error
	if f.Limit, err = parseLimit(v, DefaultLimit); err != nil {
		return f, err
	}
	return f, nil
}

func (a *API) listOutlets(w http.ResponseWriter, r *http.Request) {
	f, err := ParseOutletFilter(r.URL.Query())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	list, err := a.cfg.Store.Outlets(r.Context(), f)
	if IsBadCursor(err) {
		WriteProblem(w, r, http.StatusBadRequest, "cursor: not one this API made")
		return
	}
	if err != nil {
		a.internal(w, r, "list outlets", err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

// OutletDetail is the body of GET /api/outlets/{id}: the outlet, its
// article count and its latest articles, newest first.
type OutletDetail struct {
	newsdesk.OutletCount
	Latest []ArticleSummary `json:"latest"`
}

// latestOfOutlet is how many articles GET /api/outlets/{id} lists.
const latestOfOutlet = 10

func (a *API) getOutlet(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("id")
	o, err := a.cfg.Store.Outlet(r.Context(), key)
	if errors.Is(err, newsdesk.ErrNotFound) {
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no outlet %q", key))
		return
	}
	if err != nil {
		a.internal(w, r, "read outlet", err)
		return
	}
	d := OutletDetail{OutletCount: *o, Latest: []ArticleSummary{}}
	if a.cfg.Index != nil {
		res, err := a.cfg.Index.Search(r.Context(), newsdesk.Query{Outlet: o.Key(), Sort: "date", Limit: latestOfOutlet})
		if err != nil {
			a.internal(w, r, "search the outlet's articles", err)
			return
		}
		names, err := SourceNames(r.Context(), a.cfg.Store)
		if err != nil {
			a.internal(w, r, "list sources", err)
			return
		}
		d.Latest = NewSearchResponse(res, names).Articles
	}
	writeJSON(w, http.StatusOK, d)
}
