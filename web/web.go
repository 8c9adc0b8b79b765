package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/httpapi"
	"newsdesk/queue"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config sets up a UI.
type Config struct {
	// Store and Index are required.
	Store newsdesk.Store
	Index newsdesk.Index
	// IndexLag, if set, tells how many stored articles the index has not
	// followed yet; the search page says so while there are any.
	IndexLag func(ctx context.Context) (int64, error)
	// Detect finds the sources to add for a URL; (*ingest.Ingester).Detect
	// is the one to use. Without it, the add form is not shown.
	Detect func(ctx context.Context, target string) ([]newsdesk.Source, error)
	// Secret keys the CSRF tokens and the session cookie; when empty, a
	// random one is made, and tokens last as long as the process.
	Secret []byte
	// RequireLogin makes the forms that change things require a session,
	// opened at /login with Token. Set it when the server listens on
	// other than a loopback address.
	RequireLogin bool
	Token        string
	// AllowPrivate lets alerts' webhooks reach loopback, private and
	// link-local addresses (see httpapi.CheckAlert).
	AllowPrivate bool
	// WakeDeliveries, if set, is called when failed deliveries were
	// made pending again, so that they are sent at once.
	WakeDeliveries func()
	// Jobs, if set, is the job queue the pages go through; the sources
	// page shows its state and its latest dead letters.
	Jobs *queue.Queue
	// Logger receives the errors of the store and the index; nil: slog's
	// default.
	Logger *slog.Logger
}

// UI serves the web pages.
type UI struct {
	cfg    Config
	log    *slog.Logger
	secret []byte
	pages  map[string]*template.Template
}

// New returns a UI set up by cfg. It fails only if the embedded
// templates do not parse.
func New(cfg Config) (*UI, error) {
	u := &UI{cfg: cfg, log: cfg.Logger, secret: cfg.Secret}
	if u.log == nil {
		u.log = slog.Default()
	}
	if len(u.secret) == 0 {
		u.secret = make([]byte, 32)
		rand.Read(u.secret)
	}
	u.pages = make(map[string]*template.Template)
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/quote.html", "templates/alertform.html")
	if err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	for _, name := range []string{"search", "article", "sources", "login", "error", "entities", "entity", "quotes", "stories", "story", "alerts", "alert", "unsubscribe", "attention"} {
		t, err := template.Must(base.Clone()).ParseFS(templateFS, "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("web: %w", err)
		}
		u.pages[name] = t
	}
	return u, nil
}

func staticHandler(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows nothing but the server's own style sheet,
// forms posting back to it, and links: no script runs on any page.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// httpError is an error shown to the user with its status.
type httpError struct {
	status int
	msg    string
}

func (e httpError) Error() string { return e.msg }

// page wraps a handler: it sets the security headers, and renders the
// error page for an error the handler returns.
func (u *UI) page(h func(http.ResponseWriter, *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", contentSecurityPolicy)
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "no-referrer")
		hd.Set("X-Frame-Options", "DENY")
		err := h(w, r)
		if err == nil {
			return
		}
		var he httpError
		if !errors.As(err, &he) {
			if r.Context().Err() != nil {
				return
			}
			u.log.Error("web: "+r.URL.Path, "err", err)
			he = httpError{http.StatusInternalServerError, "Something went wrong on the server; its log has the details."}
		}
		u.render(w, r, he.status, "error", map[string]any{"Title": http.StatusText(he.status), "Status": he.status, "Message": he.msg})
	})
}

// render executes the page template name with data into a buffer, so
// that a failing template leaves no half-written page.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, data map[string]any) {
	data["Path"] = r.URL.Path
	var buf bytes.Buffer
	if err := u.pages[name].Execute(&buf, data); err != nil {
		u.log.Error("web: render "+name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// facetValue is one value of a facet on the search page.
type facetValue struct {
	Label  string
	Count  int
	URL    string
	Active bool
}

// facetGroup is a facet with its values, most frequent first.
type facetGroup struct {
	Name, Title string
	Values      []facetValue
}

// maxFacetValues caps the values a facet shows.
const maxFacetValues = 12

func (u *UI) search(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	params := r.URL.Query()
	data := map[string]any{
		"Title":  "Search",
		"Params": formValues(params),
	}
	srcs, err := u.cfg.Store.Sources(ctx)
	if err != nil {
		return err
	}
	names := make(map[int64]string, len(srcs))
	urls := make(map[int64]string, len(srcs))
	for _, s := range srcs {
		if s.Title != "" {
			names[s.ID] = s.Title
		}
		urls[s.ID] = s.URL
	}
	data["Sources"] = srcs
	status := http.StatusOK
	q, err := httpapi.ParseQuery(params)
	if err != nil {
		data["Error"] = err.Error()
		u.render(w, r, http.StatusBadRequest, "search", data)
		return nil
	}
	res, err := u.cfg.Index.Search(ctx, q)
	if err != nil {
		if !httpapi.IsBadQuery(err) {
			return err
		}
		data["Error"] = err.Error()
		status = http.StatusBadRequest
		res = &newsdesk.Result{}
	}
	sr := httpapi.NewSearchResponse(res, names)
	if q.Text != "" {
		data["Title"] = q.Text + " – Search"
	}
	data["Result"] = sr
	data["Sort"] = q.Sort
	if q.Sort == "" {
		data["Sort"] = "relevance"
	}
	data["HasQuery"] = q.Text != ""
	// Copies are folded into one hit unless collapse=false.
	data["Collapsed"] = q.Collapse
	if q.Collapse {
		data["CollapseURL"] = link(params, "collapse", "false", "cursor", "")
	} else {
		data["CollapseURL"] = link(params, "collapse", "", "cursor", "")
	}
	if q.Text != "" {
		sq := SavedQuery(params)
		data["SaveAlertURL"] = linkTo("/alerts", url.Values{"query": {sq}, "name": {q.Text}}) + "#new-alert"
		data["StoriesURL"] = linkTo("/stories", url.Values{"q": {q.Text}, "lang": {q.Language}, "entity": {q.Entity}})
	}
	data["SortRelevanceURL"] = link(params, "sort", "relevance", "cursor", "")
	data["SortDateURL"] = link(params, "sort", "date", "cursor", "")
	if sr.NextCursor != "" && len(sr.Articles) > 0 {
		data["NextURL"] = link(params, "cursor", sr.NextCursor)
	}
	if params.Get("cursor") != "" {
		data["FirstURL"] = link(params, "cursor", "")
	}
	data["Facets"] = []facetGroup{
		facetOf("outlet", "Outlet", sr.Facets["outlet"], params, func(k string) string {
			if o, ok := sr.Outlets[k]; ok && o.Name != "" {
				return o.Name
			}
			return k
		}),
		facetOf("source", "Source", sr.Facets["source"], params, func(k string) string {
			id, _ := strconv.ParseInt(k, 10, 64)
			if n := names[id]; n != "" {
				return n
			}
			if u := urls[id]; u != "" {
				return u
			}
			if k == "0" || k == "" {
				return "(no source)"
			}
			return "source " + k
		}),
		facetOf("lang", "Language", sr.Facets["language"], params, languageName),
		u.entityFacet(ctx, sr.Facets["entity"], params),
		facetOf("agency", "Agencies", sr.Facets["agency"], params, func(k string) string { return k }),
	}
	if sp := params.Get("speaker"); sp != "" {
		// Quoting an actor is a filter without a facet: it shows as the
		// one active value, which removes it.
		name := sp
		if e, ok := u.entityNames(ctx, []string{sp})[sp]; ok {
			name = e.Name
		}
		data["Facets"] = append(data["Facets"].([]facetGroup), facetGroup{Name: "speaker", Title: "Quoting", Values: []facetValue{
			{Label: name, Count: sr.Total, Active: true, URL: link(params, "speaker", "", "cursor", "")}}})
	}
	if q.Story != 0 {
		// So is a story: its one active value removes it.
		data["Facets"] = append(data["Facets"].([]facetGroup), facetGroup{Name: "story", Title: "Story", Values: []facetValue{
			{Label: "story " + strconv.FormatInt(q.Story, 10), Count: sr.Total, Active: true, URL: link(params, "story", "", "cursor", "")}}})
	}
	data["Languages"] = sortedFacetKeys(sr.Facets["language"], params.Get("lang"))
	data["Timeline"] = newTimeline(sr.Facets["day"], params)
	if n, err := u.cfg.Index.Count(ctx); err == nil {
		data["Indexed"] = n
	}
	if u.cfg.IndexLag != nil {
		if n, err := u.cfg.IndexLag(ctx); err == nil && n > 0 {
			data["IndexLag"] = n
		}
	}
	u.render(w, r, status, "search", data)
	return nil
}

// formValues returns the first value of each search parameter, for the
// form to show.
func formValues(v url.Values) map[string]string {
	m := map[string]string{}
	for _, k := range []string{"q", "source", "outlet", "lang", "from", "to", "author", "sort", "entity", "speaker", "agency", "story", "collapse"} {
		m[k] = v.Get(k)
	}
	return m
}

// link returns the relative URL of the search page with params changed
// by the key, value pairs in kv; an empty value removes the key.
func link(params url.Values, kv ...string) string {
	return linkTo("/", params, kv...)
}

// linkTo returns the relative URL of the page at path with params
// changed by the key, value pairs in kv; an empty value removes the key.
func linkTo(path string, params url.Values, kv ...string) string {
	v := url.Values{}
	for k, vs := range params {
		if len(vs) > 0 && vs[0] != "" {
			v.Set(k, vs[0])
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

// facetOf returns the values of a facet as filter links: a click on a
// value sets the filter param, a click on the active one clears it.
func facetOf(param, title string, f newsdesk.Facet, params url.Values, label func(string) string) facetGroup {
	g := facetGroup{Name: param, Title: title}
	active := params.Get(param)
	for _, k := range sortedFacetKeys(f, active) {
		fv := facetValue{Label: label(k), Count: f[k], Active: k == active}
		switch {
		case param == "source" && (k == "" || k == "0"), param == "lang" && k == "unknown":
			// Articles of no source, or of no known language, cannot be
			// filtered for.
		case fv.Active:
			fv.URL = link(params, param, "", "cursor", "")
		default:
			fv.URL = link(params, param, k, "cursor", "")
		}
		g.Values = append(g.Values, fv)
		if len(g.Values) == maxFacetValues {
			break
		}
	}
	return g
}

// sortedFacetKeys returns the keys of f, most frequent first, with keep
// among them even if f lacks it.
func sortedFacetKeys(f newsdesk.Facet, keep string) []string {
	keys := make([]string, 0, len(f)+1)
	for k := range f {
		keys = append(keys, k)
	}
	if keep != "" && !slices.Contains(keys, keep) {
		keys = append(keys, keep)
	}
	slices.SortFunc(keys, func(a, b string) int {
		if f[a] != f[b] {
			return f[b] - f[a]
		}
		return strings.Compare(a, b)
	})
	return keys
}

// languageNames names the common languages of the news.
var languageNames = map[string]string{
	"de": "Deutsch", "en": "English", "fr": "Français", "es": "Español",
	"it": "Italiano", "nl": "Nederlands", "pl": "Polski", "pt": "Português",
}

func languageName(code string) string {
	if n, ok := languageNames[code]; ok {
		return n
	}
	if code == "" {
		return "(unknown)"
	}
	return code
}

func (u *UI) article(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return httpError{http.StatusNotFound, "There is no article at this address."}
	}
	a, err := u.cfg.Store.Article(r.Context(), id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		return httpError{http.StatusNotFound, fmt.Sprintf("There is no article with ID %d.", id)}
	}
	if err != nil {
		return err
	}
	// The site's name when the article has no outlet, else the feed it
	// came from, unless it is named as the outlet (which the template
	// shows).
	var source string
	if a.Outlet == nil {
		source = a.SiteName
	}
	if source == "" && a.SourceID != 0 {
		if s, err := u.cfg.Store.Source(r.Context(), a.SourceID); err == nil && s.Title != "" {
			source = s.Title
		}
	}
	if a.Outlet != nil && strings.EqualFold(source, a.Outlet.Name) {
		source = ""
	}
	title := a.Title
	if title == "" {
		title = "Article " + strconv.FormatInt(id, 10)
	}
	blocks := viewBlocks(a.Blocks)
	ms, err := u.cfg.Store.ArticleMentions(r.Context(), id)
	if err != nil {
		u.log.Error("web: mentions", "article", id, "err", err)
	}
	at, err := u.cfg.Store.ArticleAttribution(r.Context(), id)
	if err != nil {
		u.log.Error("web: attribution", "article", id, "err", err)
		at = &newsdesk.Attribution{}
	}
	names := u.entityNames(r.Context(), articleEntityIDs(ms, at))
	markText(blocks, ms, at.Quotes, names)
	// Its story, and the original it copies.
	var story *newsdesk.Story
	if a.Story != 0 {
		l, err := u.cfg.Store.Stories(r.Context(), newsdesk.StoryFilter{IDs: []int64{int64(a.Story)}, Limit: 1})
		if err != nil {
			u.log.Error("web: story of an article", "article", id, "err", err)
		} else if len(l.Stories) > 0 {
			story = &l.Stories[0]
		}
	}
	var original *newsdesk.StoredArticle
	if a.CopyOf != 0 {
		if original, err = u.cfg.Store.Article(r.Context(), int64(a.CopyOf)); err != nil {
			u.log.Error("web: original of a copy", "article", id, "err", err)
			original = &newsdesk.StoredArticle{ID: int64(a.CopyOf)}
		}
	}
	u.render(w, r, http.StatusOK, "article", map[string]any{
		"Story":       story,
		"CopyOf":      original,
		"Title":       title,
		"Article":     a,
		"Source":      source,
		"Lang":        langTag(a.Language),
		"Original":    webURL(a.URL),
		"Blocks":      blocks,
		"Entities":    articleEntities(ms, names),
		"Attribution": newAttributionView(at, names, a.Language),
	})
	return nil
}

// langPattern matches a BCP 47 language tag, loosely.
var langPattern = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// langTag returns s if it is fit for a lang attribute, else "".
func langTag(s string) string {
	if langPattern.MatchString(s) {
		return s
	}
	return ""
}

// webURL returns s if it is an absolute http or https URL, else "": no
// other scheme becomes a link.
func webURL(s string) string {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

// viewBlock is a body block ready for the template.
type viewBlock struct {
	newsdesk.Block
	// Lines is the text split at line breaks, blank lines dropped.
	Lines []string
	// Segs is Lines cut at the quotations and at the mentions of
	// entities, for paragraphs and quotes (see markText).
	Segs [][]segment
	// Tag is the heading element, h2 to h6.
	Tag string
}

func viewBlocks(bs []newsdesk.Block) []viewBlock {
	out := make([]viewBlock, 0, len(bs))
	for _, b := range bs {
		vb := viewBlock{Block: b}
		for l := range strings.SplitSeq(b.Text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				vb.Lines = append(vb.Lines, l)
			}
		}
		if b.Kind == newsdesk.Heading {
			vb.Tag = "h" + strconv.Itoa(min(max(b.Level, 2), 6))
		}
		out = append(out, vb)
	}
	return out
}

func (u *UI) sources(w http.ResponseWriter, r *http.Request) error {
	return u.renderSources(w, r, http.StatusOK, nil)
}

// renderSources shows the sources page with extra data (a message, the
// outcome of a form).
func (u *UI) renderSources(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	srcs, err := httpapi.SourceStatuses(r.Context(), u.cfg.Store, u.cfg.Index)
	if err != nil {
		return err
	}
	failing := 0
	for _, s := range srcs {
		if s.Status == "error" {
			failing++
		}
	}
	data := map[string]any{
		"Title":     "Sources",
		"Sources":   srcs,
		"Jobs":      u.jobs(r.Context()),
		"Failing":   failing,
		"CSRF":      u.csrfToken(w, r),
		"CanAdd":    u.cfg.Detect != nil,
		"CanChange": u.loggedIn(r),
		"Login":     u.cfg.RequireLogin,
	}
	for k, v := range extra {
		data[k] = v
	}
	u.render(w, r, status, "sources", data)
	return nil
}

// jobsView is the job queue as the sources page shows it.
type jobsView struct {
	queue.Stats
	Letters []queue.DeadLetter
	Error   string
}

// maxDeadShown is how many of the latest dead letters the sources page
// lists.
const maxDeadShown = 20

// jobs returns the queue's state for the sources page; nil without a
// queue.
func (u *UI) jobs(ctx context.Context) *jobsView {
	if u.cfg.Jobs == nil {
		return nil
	}
	v := &jobsView{}
	s, err := u.cfg.Jobs.Stats(ctx)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	v.Stats = s
	if s.Dead > 0 {
		if v.Letters, err = u.cfg.Jobs.LatestDeadLetters(ctx, maxDeadShown); err != nil {
			v.Error = err.Error()
		}
	}
	return v
}

// checkPost refuses a form post that is too large, or without a valid
// CSRF token, or from a browser without a session when the UI requires
// one.
func (u *UI) checkPost(w http.ResponseWriter, r *http.Request) error {
	if err := readForm(w, r); err != nil {
		return err
	}
	if !u.validCSRF(r) {
		return httpError{http.StatusForbidden, "The form has expired or did not come from this site. Reload the page and try again."}
	}
	if !u.loggedIn(r) {
		return httpError{http.StatusForbidden, "Log in with the API token to change the sources or the alerts."}
	}
	return nil
}

func (u *UI) addSource(w http.ResponseWriter, r *http.Request) error {
	if err := u.checkPost(w, r); err != nil {
		return err
	}
	if u.cfg.Detect == nil {
		return httpError{http.StatusServiceUnavailable, "This server cannot add sources."}
	}
	target := strings.TrimSpace(r.PostFormValue("url"))
	if target == "" {
		return u.renderSources(w, r, http.StatusBadRequest, map[string]any{"AddError": "Enter the URL of a feed, sitemap, site or article."})
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	added, err := httpapi.AddSources(ctx, u.cfg.Store, u.cfg.Detect, target)
	if err != nil {
		status := httpapi.DetectStatus(err)
		if status == http.StatusInternalServerError {
			return err
		}
		return u.renderSources(w, r, status, map[string]any{"AddError": err.Error(), "AddURL": target})
	}
	return u.renderSources(w, r, http.StatusOK, map[string]any{"Added": added})
}

func (u *UI) removeSource(w http.ResponseWriter, r *http.Request) error {
	if err := u.checkPost(w, r); err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return httpError{http.StatusNotFound, "There is no such source."}
	}
	err = u.cfg.Store.RemoveSource(r.Context(), id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		return httpError{http.StatusNotFound, fmt.Sprintf("There is no source with ID %d.", id)}
	}
	if err != nil {
		return err
	}
	return u.renderSources(w, r, http.StatusOK, map[string]any{"Removed": id})
}

func (u *UI) login(w http.ResponseWriter, r *http.Request) error {
	data := map[string]any{"Title": "Log in", "Required": u.cfg.RequireLogin, "CSRF": u.csrfToken(w, r), "Next": safeNext(r.URL.Query().Get("next"))}
	if r.Method == http.MethodPost {
		if err := readForm(w, r); err != nil {
			return err
		}
		if !u.validCSRF(r) {
			return httpError{http.StatusForbidden, "The form has expired. Reload the page and try again."}
		}
		data["Next"] = safeNext(r.PostFormValue("next"))
		if !httpapi.ValidToken(strings.TrimSpace(r.PostFormValue("token")), u.cfg.Token) {
			data["Error"] = "That is not the API token."
			u.render(w, r, http.StatusForbidden, "login", data)
			return nil
		}
		http.SetCookie(w, &http.Cookie{
			Name: sessionCookie, Value: u.sessionValue(), Path: "/",
			HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil,
		})
		next := data["Next"].(string)
		if next == "" {
			next = "/sources"
		}
		http.Redirect(w, r, next, http.StatusSeeOther)
		return nil
	}
	u.render(w, r, http.StatusOK, "login", data)
	return nil
}

// IsLoopback reports whether addr (host:port, as given to --addr) listens
// on loopback only.
func IsLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		host = addr
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// LoopbackHostsOnly wraps next so that it answers only requests whose
// Host header names a loopback address (localhost, 127.0.0.1, [::1], at
// any port). A server bound to loopback is then out of reach of DNS
// rebinding, where a web page makes its own host name resolve to
// 127.0.0.1 to read the server's pages.
func LoopbackHostsOnly(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
		if !strings.EqualFold(host, "localhost") && !strings.HasSuffix(strings.ToLower(host), ".localhost") {
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				http.Error(w, "misdirected request: this server answers on loopback addresses only", http.StatusMisdirectedRequest)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

// entityFacet is the facet of the entities the hits mention most, by
// name, each a filter; the active one links to its actor page too.
func (u *UI) entityFacet(ctx context.Context, f newsdesk.Facet, params url.Values) facetGroup {
	ids := slices.Collect(maps.Keys(f))
	if a := params.Get("entity"); a != "" && !slices.Contains(ids, a) {
		ids = append(ids, a)
	}
	names, err := u.cfg.Store.EntityNames(ctx, ids)
	if err != nil {
		u.log.Error("web: entity names", "err", err)
	}
	return facetOf("entity", "Entities", f, params, func(k string) string {
		if e, ok := names[k]; ok {
			return e.Name
		}
		return k
	})
}
