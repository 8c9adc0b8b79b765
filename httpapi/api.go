package httpapi

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/ingest"
	"newsdesk/search"
)

//go:embed openapi.json
var openAPI []byte

// Config sets up an API.
type Config struct {
	// Store and Index are required.
	Store newsdesk.Store
	Index newsdesk.Index
	// Detect finds the sources to add for a URL; (*ingest.Ingester).Detect
	// is the one to use. Without it, POST /api/sources fails with 503.
	Detect func(ctx context.Context, target string) ([]newsdesk.Source, error)
	// Token is the bearer token the write routes, and every route of
	// the alerts, require. When empty, they are refused.
	Token string
	// AllowPrivate lets alerts' webhooks reach loopback, private and
	// link-local addresses (see notify.CheckURL); leave it off unless
	// the receivers are on this machine or network.
	AllowPrivate bool
	// WakeDeliveries, if set, is called when deliveries were made
	// pending again (POST /api/alerts/{id}/redeliver), so that they are
	// sent at once rather than at the next round of the sender.
	WakeDeliveries func()
	// Metrics, if set, is served at /metrics.
	Metrics *Metrics
	// IndexLag, if set, tells how many stored articles the index has not
	// followed yet, for /api/stats and /healthz.
	IndexLag func(ctx context.Context) (int64, error)
	// Stats, if set, adds its figures to GET /api/stats under "ingest".
	Stats func() any
	// Logger receives the errors of the store and the index; nil: slog's
	// default.
	Logger *slog.Logger
	// Started is when the server started, for the uptime in /api/stats.
	Started time.Time
}

// API serves the JSON API, /healthz and /metrics.
type API struct {
	cfg Config
	log *slog.Logger
}

// New returns an API set up by cfg.
func New(cfg Config) *API {
	if cfg.Started.IsZero() {
		cfg.Started = time.Now()
	}
	log := cfg.Logger
	if log == nil {
		log = slog.Default()
	}
	return &API{cfg: cfg, log: log}
}

// internal logs err and answers 500 without its details.
func (a *API) internal(w http.ResponseWriter, r *http.Request, what string, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		return // the client went away
	}
	a.log.Error("httpapi: "+what, "path", r.URL.Path, "err", err)
	WriteProblem(w, r, http.StatusInternalServerError, what+" failed; the server log has the details")
}

// SourceNames returns the titles of the stored sources that have one, by
// ID.
func SourceNames(ctx context.Context, st newsdesk.Store) (map[int64]string, error) {
	srcs, err := st.Sources(ctx)
	if err != nil {
		return nil, err
	}
	names := make(map[int64]string, len(srcs))
	for _, s := range srcs {
		if s.Title != "" {
			names[s.ID] = s.Title
		}
	}
	return names, nil
}

func (a *API) searchArticles(w http.ResponseWriter, r *http.Request) {
	q, err := ParseQuery(r.URL.Query())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	res, err := a.cfg.Index.Search(r.Context(), q)
	if err != nil {
		if IsBadQuery(err) {
			WriteProblem(w, r, http.StatusBadRequest, err.Error())
			return
		}
		a.internal(w, r, "search", err)
		return
	}
	names, err := SourceNames(r.Context(), a.cfg.Store)
	if err != nil {
		a.internal(w, r, "list sources", err)
		return
	}
	writeJSON(w, http.StatusOK, NewSearchResponse(res, names))
}

// IsBadQuery reports whether a search error is the user's fault, to be
// answered with 400 rather than 500: a cursor the index did not make
// (search.ErrBadCursor), or an error with a method BadQuery() bool that
// returns true.
func IsBadQuery(err error) bool {
	if errors.Is(err, search.ErrBadCursor) {
		return true
	}
	var bq interface{ BadQuery() bool }
	return errors.As(err, &bq) && bq.BadQuery()
}

// ArticleDetail is the body of GET /api/articles/{id}: every stored field
// of the article, its body as text, its source, and what its analysis
// says it rests on: the quotations in it (offsets in runes into Text),
// the agencies credited for it, the sources it cites and the figures it
// attributes.
type ArticleDetail struct {
	newsdesk.StoredArticle
	// Outlet is the site the article was published on; null when it
	// has none.
	Outlet *newsdesk.Outlet `json:"outlet"`
	Source SourceRef        `json:"source"`
	Text   string           `json:"text"`
	newsdesk.Attribution
}

func (a *API) getArticle(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	art, err := a.cfg.Store.Article(r.Context(), id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no article with ID %d", id))
		return
	}
	if err != nil {
		a.internal(w, r, "read article", err)
		return
	}
	at, err := a.cfg.Store.ArticleAttribution(r.Context(), id)
	if err != nil {
		a.internal(w, r, "read the article's attribution", err)
		return
	}
	d := ArticleDetail{StoredArticle: *art, Text: art.Text(), Source: SourceRef{ID: art.SourceID, Name: art.SiteName}, Attribution: *at, Outlet: art.Outlet}
	if art.SourceID != 0 {
		if s, err := a.cfg.Store.Source(r.Context(), art.SourceID); err == nil && s.Title != "" {
			d.Source.Name = s.Title
		}
	}
	writeJSON(w, http.StatusOK, d)
}

// pathID reads the {id} of the path; it answers 404 and returns false if
// it is not a positive number.
func pathID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	s := r.PathValue("id")
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id <= 0 {
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("%q is not an ID", s))
		return 0, false
	}
	return id, true
}

// SourceStatus is a source as GET /api/sources lists it: every field,
// with its fetch state summed up in Status ("never", "ok" or "error")
// and the number of its articles in the index.
type SourceStatus struct {
	newsdesk.Source
	Status   string `json:"status"`
	Articles int    `json:"articles"`
}

// FetchState sums up the state of a source's last fetch: "never" before
// the first, "error" if it failed, "ok" otherwise.
func FetchState(s newsdesk.Source) string {
	switch {
	case s.LastFetch.IsZero():
		return "never"
	case s.LastError != "" || s.LastStatus >= 400:
		return "error"
	}
	return "ok"
}

// SourceStatuses returns every stored source with its status and the
// number of its indexed articles (zero when the index cannot tell).
func SourceStatuses(ctx context.Context, st newsdesk.Store, ix newsdesk.Index) ([]SourceStatus, error) {
	srcs, err := st.Sources(ctx)
	if err != nil {
		return nil, err
	}
	var counts newsdesk.Facet
	if res, err := ix.Search(ctx, newsdesk.Query{Sort: "date", Limit: 1, Facets: true}); err == nil {
		counts = res.Facets["source"]
	}
	out := make([]SourceStatus, 0, len(srcs))
	for _, s := range srcs {
		out = append(out, SourceStatus{Source: s, Status: FetchState(s), Articles: counts[strconv.FormatInt(s.ID, 10)]})
	}
	return out, nil
}

func (a *API) listSources(w http.ResponseWriter, r *http.Request) {
	out, err := SourceStatuses(r.Context(), a.cfg.Store, a.cfg.Index)
	if err != nil {
		a.internal(w, r, "list sources", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"sources": out})
}

// AddedSource is one source POST /api/sources found, with what became of
// it: "added", or "exists" when it was stored already.
type AddedSource struct {
	newsdesk.Source
	Result string `json:"result"`
}

// ErrNotWebURL is returned (wrapped) by AddSources for a target that is
// not an http or https URL: local paths cannot be added over HTTP.
var ErrNotWebURL = errors.New("not an http or https URL")

// AddSources detects the sources at target, an http or https URL, with
// detect and adds them to st; a URL of another scheme is refused as
// ingest.ErrUnsupportedScheme too. A source stored already is reported with
// Result "exists".
func AddSources(ctx context.Context, st newsdesk.Store, detect func(context.Context, string) ([]newsdesk.Source, error), target string) ([]AddedSource, error) {
	target = strings.TrimSpace(target)
	u, err := url.Parse(target)
	if err == nil && len(u.Scheme) > 1 && u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%q: %w %q: %w", target, ingest.ErrUnsupportedScheme, u.Scheme, ErrNotWebURL)
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%q: %w", target, ErrNotWebURL)
	}
	found, err := detect(ctx, target)
	if err != nil {
		return nil, err
	}
	out := make([]AddedSource, 0, len(found))
	for _, s := range found {
		err := st.AddSource(ctx, &s)
		switch {
		case errors.Is(err, newsdesk.ErrExists):
			out = append(out, AddedSource{Source: s, Result: "exists"})
		case err != nil:
			return out, fmt.Errorf("%w: add source %s: %w", errStore, s.URL, err)
		default:
			out = append(out, AddedSource{Source: s, Result: "added"})
		}
	}
	return out, nil
}

// errStore marks the errors of AddSources that are the store's.
var errStore = errors.New("store")

// DetectStatus is the HTTP status for an error of AddSources: 422 when
// the target is no source, 502 when it could not be fetched, 500 when
// the store failed.
func DetectStatus(err error) int {
	switch {
	case errors.Is(err, errStore):
		return http.StatusInternalServerError
	case errors.Is(err, ErrNotWebURL), errors.Is(err, ingest.ErrNoSource):
		return http.StatusUnprocessableEntity
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	}
	return http.StatusBadGateway
}

func (a *API) addSource(w http.ResponseWriter, r *http.Request) {
	if a.cfg.Detect == nil {
		WriteProblem(w, r, http.StatusServiceUnavailable, "this server cannot detect sources")
		return
	}
	if ct := r.Header.Get("Content-Type"); ct != "" {
		if mt, _, err := mime.ParseMediaType(ct); err != nil || mt != "application/json" {
			WriteProblem(w, r, http.StatusUnsupportedMediaType, "send the body as application/json")
			return
		}
	}
	var body struct {
		URL string `json:"url"`
	}
	raw, err := io.ReadAll(r.Body)
	if err != nil {
		var tl *http.MaxBytesError
		if errors.As(err, &tl) {
			tooLarge(w, r)
			return
		}
		WriteProblem(w, r, http.StatusBadRequest, "the request body could not be read: "+err.Error())
		return
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&body); err != nil {
		WriteProblem(w, r, http.StatusBadRequest, "want a JSON object {\"url\": \"https://...\"}: "+err.Error())
		return
	}
	if strings.TrimSpace(body.URL) == "" {
		WriteProblem(w, r, http.StatusBadRequest, "url is missing")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), time.Minute)
	defer cancel()
	added, err := AddSources(ctx, a.cfg.Store, a.cfg.Detect, body.URL)
	if err != nil {
		if status := DetectStatus(err); status != http.StatusInternalServerError {
			WriteProblem(w, r, status, err.Error())
			return
		}
		a.internal(w, r, "add source", err)
		return
	}
	status := http.StatusOK
	for _, s := range added {
		if s.Result == "added" {
			status = http.StatusCreated
		}
	}
	writeJSON(w, status, map[string]any{"sources": added})
}

func (a *API) removeSource(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	err := a.cfg.Store.RemoveSource(r.Context(), id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no source with ID %d", id))
		return
	}
	if err != nil {
		a.internal(w, r, "remove source", err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// Stats is the body of GET /api/stats.
type Stats struct {
	Articles       int64 `json:"articles"`
	Pages          int64 `json:"pages"`
	Sources        int64 `json:"sources"`
	SourcesFailing int   `json:"sources_failing"`
	Indexed        int64 `json:"indexed"`
	// IndexLag is how many stored articles the index has not followed
	// yet (0 when it is up to date); they are not found by searches.
	IndexLag      int64          `json:"index_lag"`
	Languages     newsdesk.Facet `json:"languages"`
	UptimeSeconds int64          `json:"uptime_seconds"`
	Ingest        any            `json:"ingest,omitempty"`
}

func (a *API) stats(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var st Stats
	var err error
	if st.Articles, st.Pages, st.Sources, err = a.cfg.Store.Count(ctx); err != nil {
		a.internal(w, r, "count", err)
		return
	}
	srcs, err := a.cfg.Store.Sources(ctx)
	if err != nil {
		a.internal(w, r, "list sources", err)
		return
	}
	for _, s := range srcs {
		if FetchState(s) == "error" {
			st.SourcesFailing++
		}
	}
	if st.Indexed, err = a.cfg.Index.Count(ctx); err != nil {
		a.internal(w, r, "count the index", err)
		return
	}
	if a.cfg.IndexLag != nil {
		if st.IndexLag, err = a.cfg.IndexLag(ctx); err != nil {
			a.internal(w, r, "index lag", err)
			return
		}
	}
	st.Languages = newsdesk.Facet{}
	if res, err := a.cfg.Index.Search(ctx, newsdesk.Query{Sort: "date", Limit: 1, Facets: true}); err == nil && res.Facets["language"] != nil {
		st.Languages = res.Facets["language"]
	}
	st.UptimeSeconds = int64(time.Since(a.cfg.Started).Seconds())
	if a.cfg.Stats != nil {
		st.Ingest = a.cfg.Stats()
	}
	writeJSON(w, http.StatusOK, st)
}

func (a *API) openAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(openAPI)
}

func (a *API) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	if _, _, _, err := a.cfg.Store.Count(ctx); err != nil {
		a.log.Error("httpapi: health check", "err", err)
		WriteProblem(w, r, http.StatusServiceUnavailable, "the store does not answer")
		return
	}
	if _, err := a.cfg.Index.Count(ctx); err != nil {
		a.log.Error("httpapi: health check", "err", err)
		WriteProblem(w, r, http.StatusServiceUnavailable, "the search index does not answer")
		return
	}
	// An index behind the store is healthy, catching up: the lag is
	// reported, the status stays 200.
	body := map[string]any{"status": "ok", "index_lag": 0}
	if a.cfg.IndexLag != nil {
		if n, err := a.cfg.IndexLag(ctx); err == nil {
			body["index_lag"] = n
		}
	}
	writeJSON(w, http.StatusOK, body)
}
