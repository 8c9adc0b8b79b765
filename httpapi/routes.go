package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// A Route is one method of one path of a server: Pattern is a ServeMux
// pattern without the method ("/api/articles/{id}").
type Route struct {
	Method  string
	Pattern string
	Handler http.Handler
}

// Handle registers routes on mux and, for each pattern, the handler
// notAllowed(allow) for every other method, where allow lists the
// pattern's methods as an Allow header does ("GET, HEAD, POST"; a GET
// route also serves HEAD). A pattern's methods thus win over a catch-all
// such as "/" that would otherwise take the other methods.
func Handle(mux *http.ServeMux, routes []Route, notAllowed func(allow string) http.Handler) {
	var patterns []string
	methods := map[string][]string{}
	for _, rt := range routes {
		mux.Handle(rt.Method+" "+rt.Pattern, rt.Handler)
		if methods[rt.Pattern] == nil {
			patterns = append(patterns, rt.Pattern)
		}
		methods[rt.Pattern] = append(methods[rt.Pattern], rt.Method)
	}
	for _, p := range patterns {
		mux.Handle(p, notAllowed(Allow(methods[p])))
	}
}

// Allow returns the value of the Allow header for a path with methods:
// sorted, without repeats, with HEAD when there is GET.
func Allow(methods []string) string {
	ms := slices.Clone(methods)
	if slices.Contains(ms, http.MethodGet) {
		ms = append(ms, http.MethodHead)
	}
	slices.Sort(ms)
	return strings.Join(slices.Compact(ms), ", ")
}

// Routes returns the API's routes:
//
//	GET    /api/articles        search (see ParseQuery)
//	GET    /api/articles/{id}   one article, every field, its quotations, agencies, sources, figures
//	GET    /api/quotes          quotations, newest first, each once with its outlets
//	GET    /api/outlets         the outlets (sites) of the articles, most articles first
//	GET    /api/outlets/{id}    one outlet, by ID, domain or name, with its latest articles
//	GET    /api/sources         the sources and the state of their fetches
//	POST   /api/sources         add the sources found at {"url": ...} (token)
//	DELETE /api/sources/{id}    remove a source (token)
//	GET    /api/entities        entities, most mentioned or best match first
//	GET    /api/entities/{id}   one entity: aliases, days, co-mentions, articles, latest quotes
//	POST   /api/entities/{id}/aliases  {"name"}: the name stands for it (token)
//	POST   /api/entities/{id}/merge    {"into"}: merge it into another (token)
//	POST   /api/entities/{id}/split    {"name"}: its mentions so written become their own (token)
//	GET    /api/stories         stories, most recently updated first; with q those of the search's hits
//	GET    /api/stories/{id}    one story: articles, coverage by outlet and hour or day, copy groups, quotes, figures
//	POST   /api/stories/{id}/merge     {"into"}: merge it into another story (token)
//	POST   /api/stories/{id}/split     {"articles"}: these articles become a story of their own (token)
//	GET    /api/alerts          the alerts with their unread counts (token)
//	POST   /api/alerts          save a search as an alert (token)
//	GET    /api/alerts/{id}     one alert with its feed URLs (token)
//	PATCH  /api/alerts/{id}     change an alert's settings, pause or resume it (token)
//	DELETE /api/alerts/{id}     remove an alert with its matches and deliveries (token)
//	GET    /api/alerts/{id}/matches     its matches with their articles, newest first (token)
//	POST   /api/alerts/{id}/read        {"ids"} or {"all": true}: mark matches read (token)
//	GET    /api/alerts/{id}/deliveries  its deliveries and their state, newest first (token)
//	POST   /api/alerts/{id}/redeliver   {"delivery"} or nothing: send dead deliveries again (token)
//	GET    /api/alerts/{id}/feed.atom   its matches as Atom (the alert's ?token= or the API token)
//	GET    /api/alerts/{id}/feed.json   its matches as JSON Feed (the same)
//	GET    /api/attention       up to five searches side by side: articles and share per day, outlets, entities, terms (csv too)
//	GET    /api/stats           counts
//	GET    /api/openapi.json    the OpenAPI 3.1 description of the above
//	GET    /healthz             liveness and store check
//	GET    /metrics             Prometheus metrics, when Config.Metrics is set
//
// Each handler refuses a body longer than 64 KiB with 413.
func (a *API) Routes() []Route {
	rs := []Route{
		{"GET", "/api/articles", http.HandlerFunc(a.searchArticles)},
		{"GET", "/api/articles/{id}", http.HandlerFunc(a.getArticle)},
		{"GET", "/api/quotes", http.HandlerFunc(a.listQuotes)},
		{"GET", "/api/outlets", http.HandlerFunc(a.listOutlets)},
		{"GET", "/api/outlets/{id}", http.HandlerFunc(a.getOutlet)},
		{"GET", "/api/sources", http.HandlerFunc(a.listSources)},
		{"POST", "/api/sources", a.requireToken(a.addSource)},
		{"DELETE", "/api/sources/{id}", a.requireToken(a.removeSource)},
		{"GET", "/api/entities", http.HandlerFunc(a.listEntities)},
		{"GET", "/api/entities/{id}", http.HandlerFunc(a.getEntity)},
		{"POST", "/api/entities/{id}/aliases", a.requireToken(a.editEntity("alias"))},
		{"POST", "/api/entities/{id}/merge", a.requireToken(a.editEntity("merge"))},
		{"POST", "/api/entities/{id}/split", a.requireToken(a.editEntity("split"))},
		{"GET", "/api/stories", http.HandlerFunc(a.listStories)},
		{"GET", "/api/stories/{id}", http.HandlerFunc(a.getStory)},
		{"POST", "/api/stories/{id}/merge", a.requireToken(a.mergeStory)},
		{"POST", "/api/stories/{id}/split", a.requireToken(a.splitStory)},
		{"GET", "/api/alerts", a.requireToken(a.listAlerts)},
		{"POST", "/api/alerts", a.requireToken(a.addAlert)},
		{"GET", "/api/alerts/{id}", a.requireToken(a.getAlert)},
		{"PATCH", "/api/alerts/{id}", a.requireToken(a.patchAlert)},
		{"DELETE", "/api/alerts/{id}", a.requireToken(a.removeAlert)},
		{"GET", "/api/alerts/{id}/matches", a.requireToken(a.listMatches)},
		{"POST", "/api/alerts/{id}/read", a.requireToken(a.markRead)},
		{"GET", "/api/alerts/{id}/deliveries", a.requireToken(a.listDeliveries)},
		{"POST", "/api/alerts/{id}/redeliver", a.requireToken(a.redeliver)},
		{"GET", "/api/alerts/{id}/feed.atom", a.feed("atom")},
		{"GET", "/api/alerts/{id}/feed.json", a.feed("json")},
		{"GET", "/api/attention", http.HandlerFunc(a.attention)},
		{"GET", "/api/stats", http.HandlerFunc(a.stats)},
		{"GET", "/api/openapi.json", http.HandlerFunc(a.openAPI)},
		{"GET", "/healthz", http.HandlerFunc(a.health)},
	}
	if a.cfg.Metrics != nil {
		rs = append(rs, Route{"GET", "/metrics", a.cfg.Metrics})
	}
	for i := range rs {
		rs[i].Handler = limitBody(rs[i].Handler)
	}
	return rs
}

// Register adds the API's routes (see Routes) to mux. Another method on
// one of their paths gets 405 with an Allow header, another path under
// /api/ 404; both as problem+json.
func (a *API) Register(mux *http.ServeMux) {
	Handle(mux, a.Routes(), notAllowed)
	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		WriteProblem(w, r, http.StatusNotFound, "no such API route; see /api/openapi.json")
	})
}

// notAllowed answers a method a route does not have.
func notAllowed(allow string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		WriteProblem(w, r, http.StatusMethodNotAllowed, fmt.Sprintf("%s is not allowed here; allowed: %s", r.Method, allow))
	})
}

// maxBody caps the body of a request.
const maxBody = 64 << 10

// limitBody answers 413 for a body said to be longer than maxBody, and
// cuts off one that turns out longer when read (see tooLarge).
func limitBody(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > maxBody {
			tooLarge(w, r)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, maxBody)
		h.ServeHTTP(w, r)
	})
}

// tooLarge answers 413 Payload Too Large.
func tooLarge(w http.ResponseWriter, r *http.Request) {
	WriteProblem(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("the request body is longer than %d bytes", maxBody))
}
