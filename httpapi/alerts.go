package httpapi

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"newsdesk"
	"newsdesk/notify"
	"newsdesk/search"
)

// Limits of an alert's settings.
const (
	maxAlertName  = 200  // runes
	maxAlertQuery = 1000 // bytes, as a search's q
	maxAlertURL   = 2000
	maxAlertField = 254 // email, secret
)

// AlertInput is the body of POST /api/alerts and PATCH
// /api/alerts/{id}, and what the web UI's alert form sets: each field
// given (not nil) replaces the alert's setting, the others keep it.
// Period is a duration as Go writes it ("6h", "90m"; "" or "0" for
// none). An empty Secret makes a new random one.
type AlertInput struct {
	Name       *string `json:"name"`
	Query      *string `json:"query"`
	Webhook    *string `json:"webhook"`
	Secret     *string `json:"secret"`
	Email      *string `json:"email"`
	Digest     *string `json:"digest"`
	Stories    *bool   `json:"stories"`
	MinOutlets *int    `json:"min_outlets"`
	Collapse   *bool   `json:"collapse"`
	Period     *string `json:"period"`
	Paused     *bool   `json:"paused"`
}

// ErrBadAlert is wrapped by the errors of AlertInput.Apply and
// CheckAlert: settings the user has to fix (answered with 422).
var ErrBadAlert = errors.New("bad alert")

// badAlert returns an error wrapping ErrBadAlert whose message is
// format's alone.
func badAlert(format string, args ...any) error {
	return alertError{fmt.Sprintf(format, args...)}
}

type alertError struct{ msg string }

func (e alertError) Error() string { return e.msg }
func (e alertError) Unwrap() error { return ErrBadAlert }

// Apply sets the fields of in that are given on a, trimmed of spaces
// (the secret excepted). The error, for a period that is no duration,
// wraps ErrBadAlert.
func (in AlertInput) Apply(a *newsdesk.Alert) error {
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&a.Name, in.Name)
	set(&a.Query, in.Query)
	set(&a.Webhook, in.Webhook)
	set(&a.Email, in.Email)
	set(&a.Digest, in.Digest)
	a.Digest = strings.ToLower(a.Digest)
	if in.Secret != nil {
		a.Secret = *in.Secret
		if a.Secret == "" {
			a.Secret = newAlertSecret()
		}
	}
	if in.Stories != nil {
		a.Stories = *in.Stories
	}
	if in.MinOutlets != nil {
		a.MinOutlets = *in.MinOutlets
	}
	if in.Collapse != nil {
		a.Collapse = *in.Collapse
	}
	if in.Paused != nil {
		a.Paused = *in.Paused
	}
	if in.Period != nil {
		d, err := ParsePeriod(*in.Period)
		if err != nil {
			return err
		}
		a.Period = d
	}
	return nil
}

// ParsePeriod reads an alert's period: "" or "0" for none, else a
// positive duration such as "6h" or "90m". The error wraps ErrBadAlert.
func ParsePeriod(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, badAlert("period: want a duration such as 6h or 90m, got %q", s)
	}
	return d, nil
}

// FormatPeriod writes a period as ParsePeriod reads it, without zero
// units ("6h", "1h30m"); "" for none.
func FormatPeriod(d time.Duration) string {
	if d <= 0 {
		return ""
	}
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

// newAlertSecret returns a random webhook signing secret, in hex.
func newAlertSecret() string {
	var raw [24]byte
	rand.Read(raw[:])
	return hex.EncodeToString(raw[:])
}

// CheckAlert reports what is wrong with an alert's settings, as an error
// wrapping ErrBadAlert that names the field: the name and the query are
// required, the query must be one a standing search takes
// (search.Percolator: no date range, not one that matches everything or
// nothing), the digest hourly or daily (daily is set when there is an
// email address and no digest), the email a bare address, min_outlets
// not negative, and the webhook an http or https URL that, unless
// allowPrivate, reaches no loopback, private or link-local address
// (notify.CheckURL). It may look up the webhook's host name.
func CheckAlert(a *newsdesk.Alert, allowPrivate bool) error {
	switch {
	case a.Name == "":
		return badAlert("name: an alert needs a name")
	case utf8.RuneCountInString(a.Name) > maxAlertName:
		return badAlert("name: at most %d characters", maxAlertName)
	case a.Query == "":
		return badAlert("query: an alert needs a search query")
	case len(a.Query) > maxAlertQuery:
		return badAlert("query: at most %d bytes", maxAlertQuery)
	case a.MinOutlets < 0:
		return badAlert("min_outlets: must not be negative")
	case len(a.Secret) > maxAlertField:
		return badAlert("secret: at most %d bytes", maxAlertField)
	case len(a.Webhook) > maxAlertURL:
		return badAlert("webhook: at most %d bytes", maxAlertURL)
	case len(a.Email) > maxAlertField:
		return badAlert("email: at most %d bytes", maxAlertField)
	}
	if a.Email != "" {
		addr, err := mail.ParseAddress(a.Email)
		if err != nil || addr.Address != a.Email {
			return badAlert("email: %q is not an email address (name@example.org)", a.Email)
		}
	}
	switch a.Digest {
	case "", newsdesk.DigestHourly, newsdesk.DigestDaily:
	default:
		return badAlert("digest: want hourly or daily, got %q", a.Digest)
	}
	if a.Email != "" && a.Digest == "" {
		a.Digest = newsdesk.DigestDaily
	}
	if err := search.NewPercolator().Add(1, newsdesk.Query{Text: a.Query}); err != nil {
		return badAlert("query: %v", err)
	}
	if a.Webhook != "" {
		if err := notify.CheckURL(a.Webhook, allowPrivate); err != nil {
			if errors.Is(err, notify.ErrPrivateAddress) {
				return badAlert("webhook: %v (webhooks may not reach loopback, private or link-local addresses on this server)", err)
			}
			return badAlert("webhook: %v", err)
		}
	}
	return nil
}

// AlertView is an alert as the API and the UI show it: every setting
// (its secret and feed token included), the period as a duration
// string, the paths of its feeds (which carry the feed token, so that
// a feed reader can subscribe without the API token), and how many
// matches it has, and of them unread.
type AlertView struct {
	newsdesk.Alert
	Period      string `json:"period"`
	FeedAtomURL string `json:"feed_atom_url"`
	FeedJSONURL string `json:"feed_json_url"`
	Matches     int    `json:"matches"`
	Unread      int    `json:"unread"`
}

// FeedPath returns the path of an alert's feed, ext "atom" or "json",
// with its token: "/api/alerts/ID/feed.atom?token=TOKEN".
func FeedPath(a *newsdesk.Alert, ext string) string {
	return "/api/alerts/" + strconv.FormatInt(a.ID, 10) + "/feed." + ext + "?token=" + url.QueryEscape(a.Token)
}

// NewAlertView returns the view of alert a, with its counts read from
// st.
func NewAlertView(ctx context.Context, st newsdesk.AlertStore, a newsdesk.Alert) (AlertView, error) {
	v := AlertView{Alert: a, Period: FormatPeriod(a.Period), FeedAtomURL: FeedPath(&a, "atom"), FeedJSONURL: FeedPath(&a, "json")}
	all, err := st.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Limit: 1})
	if err != nil {
		return v, err
	}
	unread, err := st.Matches(ctx, newsdesk.MatchFilter{AlertID: a.ID, Unread: true, Limit: 1})
	if err != nil {
		return v, err
	}
	v.Matches, v.Unread = all.Total, unread.Total
	return v, nil
}

// AlertViews returns the views of every alert, in ID order.
func AlertViews(ctx context.Context, st newsdesk.AlertStore) ([]AlertView, error) {
	as, err := st.Alerts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]AlertView, 0, len(as))
	for _, a := range as {
		v, err := NewAlertView(ctx, st, a)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// MatchView is a match with what the inbox shows of its article: title,
// URL, outlet and publication time. Gone is set when the article is no
// longer stored.
type MatchView struct {
	newsdesk.AlertMatch
	Title     string     `json:"title"`
	URL       string     `json:"url"`
	Site      string     `json:"site"`
	Published *time.Time `json:"published"`
	Gone      bool       `json:"gone,omitempty"`
}

// MatchPage is one page of an alert's matches, newest first.
type MatchPage struct {
	Total      int         `json:"total"`
	Matches    []MatchView `json:"matches"`
	NextCursor string      `json:"next_cursor,omitempty"`
}

// AlertMatches lists the matches f selects with their articles, looked
// up in st. A cursor st did not make is an error wrapping
// newsdesk.ErrBadCursor.
func AlertMatches(ctx context.Context, st newsdesk.Store, f newsdesk.MatchFilter) (*MatchPage, error) {
	ml, err := st.Matches(ctx, f)
	if err != nil {
		return nil, err
	}
	p := &MatchPage{Total: ml.Total, NextCursor: ml.NextCursor, Matches: make([]MatchView, 0, len(ml.Matches))}
	for _, m := range ml.Matches {
		v := MatchView{AlertMatch: m}
		art, err := st.Article(ctx, m.ArticleID)
		switch {
		case errors.Is(err, newsdesk.ErrNotFound):
			v.Gone = true
		case err != nil:
			return nil, err
		default:
			v.Title, v.URL, v.Site = art.Title, art.URL, art.SiteName
			if art.Outlet != nil {
				v.Site = art.Outlet.Name
			}
			if !art.Published.IsZero() {
				t := art.Published
				v.Published = &t
			}
		}
		p.Matches = append(p.Matches, v)
	}
	return p, nil
}

// ParseMatchFilter reads the parameters of GET /api/alerts/{id}/matches
// (and of the web UI's inbox): unread (true: only the unread), limit
// (1–100, default 20) and cursor.
func ParseMatchFilter(alertID int64, v url.Values) (newsdesk.MatchFilter, error) {
	f := newsdesk.MatchFilter{AlertID: alertID, Cursor: strings.TrimSpace(v.Get("cursor"))}
	switch s := strings.TrimSpace(v.Get("unread")); s {
	case "", "false", "0":
	case "true", "1":
		f.Unread = true
	default:
		return f, fmt.Errorf("unread: want true or false, got %q", s)
	}
	var err error
	f.Limit, err = parseLimit(v, DefaultLimit)
	return f, err
}

// ParseDeliveryFilter reads the parameters of GET
// /api/alerts/{id}/deliveries (and of the web UI's alert page): state
// (pending, delivered, dead or cancelled; any when absent), limit
// (1–100, default 20) and cursor.
func ParseDeliveryFilter(alertID int64, v url.Values) (newsdesk.DeliveryFilter, error) {
	f := newsdesk.DeliveryFilter{AlertID: alertID, Cursor: strings.TrimSpace(v.Get("cursor"))}
	switch s := newsdesk.DeliveryState(strings.TrimSpace(v.Get("state"))); s {
	case "", newsdesk.DeliveryPending, newsdesk.DeliveryDone, newsdesk.DeliveryDead, newsdesk.DeliveryCancelled:
		f.State = s
	default:
		return f, fmt.Errorf("state: want pending, delivered, dead or cancelled, got %q", s)
	}
	var err error
	f.Limit, err = parseLimit(v, DefaultLimit)
	return f, err
}

// alertOf reads the alert of the path's {id}; it answers 404 (or 500)
// and returns nil when there is none.
func (a *API) alertOf(w http.ResponseWriter, r *http.Request) *newsdesk.Alert {
	id, ok := pathID(w, r)
	if !ok {
		return nil
	}
	al, err := a.cfg.Store.Alert(r.Context(), id)
	switch {
	case errors.Is(err, newsdesk.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no alert with ID %d", id))
		return nil
	case err != nil:
		a.internal(w, r, "read alert", err)
		return nil
	}
	return al
}

func (a *API) listAlerts(w http.ResponseWriter, r *http.Request) {
	vs, err := AlertViews(r.Context(), a.cfg.Store)
	if err != nil {
		a.internal(w, r, "list alerts", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"alerts": vs})
}

// writeAlert answers with the view of alert al.
func (a *API) writeAlert(w http.ResponseWriter, r *http.Request, status int, al *newsdesk.Alert) {
	v, err := NewAlertView(r.Context(), a.cfg.Store, *al)
	if err != nil {
		a.internal(w, r, "read alert", err)
		return
	}
	writeJSON(w, status, v)
}

const alertBody = `{"name", "query", "webhook", "secret", "email", "digest", "stories", "min_outlets", "collapse", "period", "paused"}`

func (a *API) addAlert(w http.ResponseWriter, r *http.Request) {
	var in AlertInput
	if !readJSON(w, r, &in, alertBody) {
		return
	}
	al := &newsdesk.Alert{}
	if err := in.Apply(al); err != nil {
		WriteProblem(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if err := CheckAlert(al, a.cfg.AllowPrivate); err != nil {
		WriteProblem(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if err := a.cfg.Store.AddAlert(r.Context(), al); err != nil {
		a.internal(w, r, "add alert", err)
		return
	}
	w.Header().Set("Location", "/api/alerts/"+strconv.FormatInt(al.ID, 10))
	a.writeAlert(w, r, http.StatusCreated, al)
}

func (a *API) getAlert(w http.ResponseWriter, r *http.Request) {
	if al := a.alertOf(w, r); al != nil {
		a.writeAlert(w, r, http.StatusOK, al)
	}
}

func (a *API) patchAlert(w http.ResponseWriter, r *http.Request) {
	al := a.alertOf(w, r)
	if al == nil {
		return
	}
	var in AlertInput
	if !readJSON(w, r, &in, alertBody) {
		return
	}
	if err := in.Apply(al); err != nil {
		WriteProblem(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if err := CheckAlert(al, a.cfg.AllowPrivate); err != nil {
		WriteProblem(w, r, http.StatusUnprocessableEntity, err.Error())
		return
	}
	err := a.cfg.Store.UpdateAlert(r.Context(), al)
	switch {
	case errors.Is(err, newsdesk.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no alert with ID %d", al.ID))
	case err != nil:
		a.internal(w, r, "update alert", err)
	default:
		a.writeAlert(w, r, http.StatusOK, al)
	}
}

func (a *API) removeAlert(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	err := a.cfg.Store.RemoveAlert(r.Context(), id)
	switch {
	case errors.Is(err, newsdesk.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no alert with ID %d", id))
	case err != nil:
		a.internal(w, r, "remove alert", err)
	default:
		w.WriteHeader(http.StatusNoContent)
	}
}

func (a *API) listMatches(w http.ResponseWriter, r *http.Request) {
	al := a.alertOf(w, r)
	if al == nil {
		return
	}
	f, err := ParseMatchFilter(al.ID, r.URL.Query())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	p, err := AlertMatches(r.Context(), a.cfg.Store, f)
	switch {
	case IsBadCursor(err):
		WriteProblem(w, r, http.StatusBadRequest, "cursor: not one this API made")
	case err != nil:
		a.internal(w, r, "list matches", err)
	default:
		writeJSON(w, http.StatusOK, p)
	}
}

func (a *API) listDeliveries(w http.ResponseWriter, r *http.Request) {
	al := a.alertOf(w, r)
	if al == nil {
		return
	}
	f, err := ParseDeliveryFilter(al.ID, r.URL.Query())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	l, err := a.cfg.Store.Deliveries(r.Context(), f)
	switch {
	case IsBadCursor(err):
		WriteProblem(w, r, http.StatusBadRequest, "cursor: not one this API made")
	case err != nil:
		a.internal(w, r, "list deliveries", err)
	default:
		writeJSON(w, http.StatusOK, l)
	}
}

// markRead carries out POST /api/alerts/{id}/read: {"ids": [match
// IDs]} marks those matches read, {"all": true} every match of the
// alert. It answers with the number of unread matches left.
func (a *API) markRead(w http.ResponseWriter, r *http.Request) {
	al := a.alertOf(w, r)
	if al == nil {
		return
	}
	var body struct {
		IDs []int64 `json:"ids"`
		All bool    `json:"all"`
	}
	if !readJSON(w, r, &body, `{"ids": [match IDs]} or {"all": true}`) {
		return
	}
	if len(body.IDs) == 0 && !body.All {
		WriteProblem(w, r, http.StatusUnprocessableEntity, `name the matches to mark read in "ids", or send {"all": true}`)
		return
	}
	if body.All {
		body.IDs = nil
	}
	if err := a.cfg.Store.MarkRead(r.Context(), al.ID, body.IDs); err != nil {
		a.internal(w, r, "mark read", err)
		return
	}
	unread, err := a.cfg.Store.Matches(r.Context(), newsdesk.MatchFilter{AlertID: al.ID, Unread: true, Limit: 1})
	if err != nil {
		a.internal(w, r, "count unread", err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]int{"unread": unread.Total})
}

// redeliver carries out POST /api/alerts/{id}/redeliver: the dead
// deliveries of the alert (or the one of {"delivery": ID}) are made
// pending again, due now; it answers with how many. An empty body is
// every dead delivery.
func (a *API) redeliver(w http.ResponseWriter, r *http.Request) {
	al := a.alertOf(w, r)
	if al == nil {
		return
	}
	var body struct {
		Delivery int64 `json:"delivery"`
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
	if len(bytes.TrimSpace(raw)) > 0 {
		r.Body = io.NopCloser(bytes.NewReader(raw))
		if !readJSON(w, r, &body, `{"delivery": ID} or nothing`) {
			return
		}
	}
	n, err := Redeliver(r.Context(), a.cfg.Store, al.ID, body.Delivery, a.cfg.WakeDeliveries)
	switch {
	case errors.Is(err, ErrNotDead):
		WriteProblem(w, r, http.StatusUnprocessableEntity, err.Error())
	case err != nil:
		a.internal(w, r, "redeliver", err)
	default:
		writeJSON(w, http.StatusOK, map[string]int{"redelivered": n})
	}
}

// ErrNotDead is wrapped by the error of Redeliver for a delivery that is
// not a dead delivery of the alert.
var ErrNotDead = errors.New("not a dead delivery of the alert")

// Redeliver makes the dead deliveries of alert alertID (or its delivery
// deliveryID, when not 0) pending again, calls wake (when set and
// something was made pending) so that they are sent at once, and
// returns how many. Naming a delivery that is not a dead one of the
// alert is an error wrapping ErrNotDead.
func Redeliver(ctx context.Context, st newsdesk.AlertStore, alertID, deliveryID int64, wake func()) (int, error) {
	n, err := st.Redeliver(ctx, alertID, deliveryID)
	if err != nil {
		return 0, err
	}
	if n == 0 && deliveryID != 0 {
		return 0, fmt.Errorf("delivery %d: %w %d", deliveryID, ErrNotDead, alertID)
	}
	if n > 0 && wake != nil {
		wake()
	}
	return n, nil
}

// FeedLimit is how many of an alert's latest matches its feeds carry by
// default: enough that a reader polling now and then misses none on a
// busy day (limit= asks for fewer).
const FeedLimit = 500

// feed serves GET /api/alerts/{id}/feed.atom and feed.json: the
// alert's latest matches (limit, 1–100, default FeedLimit) as Atom 1.0
// or JSON Feed 1.1. It takes the alert's own token in ?token= (compared
// in constant time) or the API token, so that a feed reader subscribes
// with the URL alone.
func (a *API) feed(format string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		al := a.alertOf(w, r)
		if al == nil {
			return
		}
		tok := r.URL.Query().Get("token")
		if !ValidToken(tok, al.Token) {
			if ok, _ := a.bearer(r); !ok {
				w.Header().Set("WWW-Authenticate", `Bearer realm="newsdesk"`)
				msg := "this feed needs its token: use the feed URL the alert gives (feed_atom_url, feed_json_url)"
				if tok != "" {
					msg = "the feed token is not this alert's"
				}
				WriteProblem(w, r, http.StatusUnauthorized, msg)
				return
			}
		}
		limit, err := parseLimit(r.URL.Query(), FeedLimit)
		if err != nil {
			WriteProblem(w, r, http.StatusBadRequest, err.Error())
			return
		}
		items, err := notify.FeedItems(r.Context(), a.cfg.Store, a.cfg.Store, al.ID, limit)
		if err != nil {
			a.internal(w, r, "read the feed's matches", err)
			return
		}
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		self := scheme + "://" + r.Host + FeedPath(al, format)
		w.Header().Set("Cache-Control", "private, no-cache")
		w.Header().Set("Referrer-Policy", "no-referrer")
		if format == "atom" {
			w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
			err = notify.Atom(w, al, items, self)
		} else {
			w.Header().Set("Content-Type", "application/feed+json; charset=utf-8")
			err = notify.JSONFeed(w, al, items, self)
		}
		if err != nil && r.Context().Err() == nil {
			a.log.Error("httpapi: write feed", "alert", al.ID, "err", err)
		}
	}
}
