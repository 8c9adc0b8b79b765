package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"newsdesk"
	"newsdesk/httpapi"
)

// The alert pages show webhook addresses, signing secrets and the
// tokens of the feeds, so they are shown only to a browser that may
// change things (loggedIn): on a loopback server every local browser,
// else one with a session opened at /login. Another is sent to the
// login page, which sends it back.

// requireSession sends a browser without a session to /login, which
// brings it back to the page after, and reports whether it did.
func (u *UI) requireSession(w http.ResponseWriter, r *http.Request) bool {
	if u.loggedIn(r) {
		return false
	}
	next := r.URL.Path
	if r.Method == http.MethodGet && r.URL.RawQuery != "" {
		next += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, "/login?"+url.Values{"next": {next}}.Encode(), http.StatusSeeOther)
	return true
}

// safeNext returns next if it is a path of this server ("/alerts"),
// else "".
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" {
		return ""
	}
	return next
}

// SavedQuery returns the alert query of the search page's parameters:
// q with the filters that a standing search keeps (source, outlet,
// lang, author, entity, speaker, agency, story) written as fields of the
// search syntax. Dates are left out: an alert watches what is new.
func SavedQuery(params url.Values) string {
	q := strings.TrimSpace(params.Get("q"))
	var filters []string
	for _, f := range []string{"source", "outlet", "lang", "author", "entity", "speaker", "agency", "story"} {
		v := strings.TrimSpace(params.Get(f))
		if v == "" {
			continue
		}
		filters = append(filters, f+":"+fieldValue(v))
	}
	if len(filters) == 0 {
		return q
	}
	if strings.Contains(q, " OR ") || strings.HasPrefix(q, "OR ") {
		q = "(" + q + ")"
	}
	return strings.TrimSpace(q + " " + strings.Join(filters, " "))
}

// fieldValue writes a field's value as the search syntax reads it:
// quoted unless it is letters, digits, - and _ only.
func fieldValue(v string) string {
	for _, r := range v {
		if !(r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127) {
			return `"` + strings.ReplaceAll(v, `"`, "") + `"`
		}
	}
	return v
}

// alertForm is what the alert form shows: the settings as text.
type alertForm struct {
	Name, Query, Webhook, Email, Digest, Period string
	Stories, Collapse                           bool
	MinOutlets                                  int
}

func formOf(a *newsdesk.Alert) alertForm {
	return alertForm{Name: a.Name, Query: a.Query, Webhook: a.Webhook, Email: a.Email, Digest: a.Digest,
		Period: httpapi.FormatPeriod(a.Period), Stories: a.Stories, Collapse: a.Collapse, MinOutlets: a.MinOutlets}
}

// alertInput reads the alert form of a post: every field (an unchecked
// box is false), the secret only when one is typed.
func alertInput(r *http.Request) (httpapi.AlertInput, alertForm, error) {
	f := alertForm{
		Name: r.PostFormValue("name"), Query: r.PostFormValue("query"), Webhook: r.PostFormValue("webhook"),
		Email: r.PostFormValue("email"), Digest: r.PostFormValue("digest"), Period: r.PostFormValue("period"),
		Stories: r.PostFormValue("stories") != "", Collapse: r.PostFormValue("collapse") != "",
	}
	in := httpapi.AlertInput{Name: &f.Name, Query: &f.Query, Webhook: &f.Webhook, Email: &f.Email, Digest: &f.Digest,
		Period: &f.Period, Stories: &f.Stories, Collapse: &f.Collapse, MinOutlets: &f.MinOutlets}
	if s := strings.TrimSpace(r.PostFormValue("min_outlets")); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			return in, f, fmt.Errorf("min_outlets: want a number, got %q", s)
		}
		f.MinOutlets = n
	}
	if s := r.PostFormValue("secret"); s != "" {
		in.Secret = &s
	}
	return in, f, nil
}

// alertMessages are the notices a page shows after a form, by the done
// parameter the form's redirect sets.
var alertMessages = map[string]string{
	"created":     "The alert is saved. Articles stored from now on that its search finds show up here.",
	"saved":       "The alert's settings are saved.",
	"paused":      "The alert is paused: new articles are not matched against it until it is resumed.",
	"resumed":     "The alert is active again.",
	"removed":     "The alert is removed, with its matches and deliveries.",
	"read":        "Marked read.",
	"redelivered": "The deliveries that had failed will be sent again.",
}

func (u *UI) alerts(w http.ResponseWriter, r *http.Request) error {
	if u.requireSession(w, r) {
		return nil
	}
	q := r.URL.Query()
	form := alertForm{Name: strings.TrimSpace(q.Get("name")), Query: strings.TrimSpace(q.Get("query")), Digest: newsdesk.DigestDaily}
	if form.Name == "" {
		form.Name = form.Query
	}
	return u.renderAlerts(w, r, http.StatusOK, map[string]any{"Form": form, "Message": alertMessages[q.Get("done")]})
}

// renderAlerts shows the alerts page with extra data.
func (u *UI) renderAlerts(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) error {
	vs, err := httpapi.AlertViews(r.Context(), u.cfg.Store)
	if err != nil {
		return err
	}
	data := map[string]any{"Title": "Alerts", "Alerts": vs, "CSRF": u.csrfToken(w, r)}
	for k, v := range extra {
		data[k] = v
	}
	u.render(w, r, status, "alerts", data)
	return nil
}

func (u *UI) addAlert(w http.ResponseWriter, r *http.Request) error {
	if err := u.checkPost(w, r); err != nil {
		return err
	}
	in, form, err := alertInput(r)
	a := &newsdesk.Alert{}
	if err == nil {
		err = in.Apply(a)
	}
	if err == nil {
		err = httpapi.CheckAlert(a, u.cfg.AllowPrivate)
	}
	if err != nil {
		return u.renderAlerts(w, r, http.StatusUnprocessableEntity, map[string]any{"Form": form, "FormError": err.Error()})
	}
	if err := u.cfg.Store.AddAlert(r.Context(), a); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/alerts/%d?done=created", a.ID), http.StatusSeeOther)
	return nil
}

// alertOf reads the alert of the path's {id}.
func (u *UI) alertOf(r *http.Request) (*newsdesk.Alert, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, httpError{http.StatusNotFound, "There is no alert at this address."}
	}
	a, err := u.cfg.Store.Alert(r.Context(), id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		return nil, httpError{http.StatusNotFound, fmt.Sprintf("There is no alert with ID %d.", id)}
	}
	return a, err
}

func (u *UI) alert(w http.ResponseWriter, r *http.Request) error {
	if u.requireSession(w, r) {
		return nil
	}
	a, err := u.alertOf(r)
	if err != nil {
		return err
	}
	return u.renderAlert(w, r, http.StatusOK, a, map[string]any{"Form": formOf(a), "Message": alertMessages[r.URL.Query().Get("done")]})
}

// renderAlert shows the page of alert a: its settings, feeds, inbox and
// deliveries, with extra data.
func (u *UI) renderAlert(w http.ResponseWriter, r *http.Request, status int, a *newsdesk.Alert, extra map[string]any) error {
	ctx := r.Context()
	params := r.URL.Query()
	v, err := httpapi.NewAlertView(ctx, u.cfg.Store, *a)
	if err != nil {
		return err
	}
	mf, err := httpapi.ParseMatchFilter(a.ID, url.Values{"unread": {params.Get("unread")}, "cursor": {params.Get("cursor")}})
	if err != nil {
		return httpError{http.StatusBadRequest, err.Error()}
	}
	matches, err := httpapi.AlertMatches(ctx, u.cfg.Store, mf)
	if httpapi.IsBadCursor(err) {
		return httpError{http.StatusBadRequest, "That page of the inbox does not exist; start from its first page."}
	}
	if err != nil {
		return err
	}
	df, err := httpapi.ParseDeliveryFilter(a.ID, url.Values{"cursor": {params.Get("dcursor")}})
	if err != nil {
		return httpError{http.StatusBadRequest, err.Error()}
	}
	deliveries, err := u.cfg.Store.Deliveries(ctx, df)
	if httpapi.IsBadCursor(err) {
		return httpError{http.StatusBadRequest, "That page of the deliveries does not exist; start from its first page."}
	}
	if err != nil {
		return err
	}
	dead := 0
	for _, d := range deliveries.Deliveries {
		if d.State == newsdesk.DeliveryDead {
			dead++
		}
	}
	base := "http://" + r.Host
	if r.TLS != nil {
		base = "https://" + r.Host
	}
	path := "/alerts/" + strconv.FormatInt(a.ID, 10)
	data := map[string]any{
		"Title":      a.Name + " – Alerts",
		"Alert":      v,
		"Matches":    matches,
		"Unread":     mf.Unread,
		"Deliveries": deliveries,
		"Dead":       dead,
		"FeedAtom":   base + v.FeedAtomURL,
		"FeedJSON":   base + v.FeedJSONURL,
		"SearchURL":  linkTo("/", url.Values{"q": {a.Query}, "sort": {"date"}}),
		"CSRF":       u.csrfToken(w, r),
	}
	if mf.Unread {
		data["AllURL"] = path
	} else {
		data["UnreadURL"] = path + "?unread=1"
	}
	if matches.NextCursor != "" {
		data["NextMatchesURL"] = linkTo(path, params, "cursor", matches.NextCursor, "done", "")
	}
	if deliveries.NextCursor != "" {
		data["NextDeliveriesURL"] = linkTo(path, params, "dcursor", deliveries.NextCursor, "done", "") + "#deliveries"
	}
	for k, val := range extra {
		data[k] = val
	}
	u.render(w, r, status, "alert", data)
	return nil
}

func (u *UI) editAlert(w http.ResponseWriter, r *http.Request) error {
	if err := u.checkPost(w, r); err != nil {
		return err
	}
	a, err := u.alertOf(r)
	if err != nil {
		return err
	}
	in, form, err := alertInput(r)
	if err == nil {
		err = in.Apply(a)
	}
	if err == nil {
		err = httpapi.CheckAlert(a, u.cfg.AllowPrivate)
	}
	if err != nil {
		orig, rerr := u.alertOf(r)
		if rerr != nil {
			return rerr
		}
		return u.renderAlert(w, r, http.StatusUnprocessableEntity, orig, map[string]any{"Form": form, "FormError": err.Error()})
	}
	if err := u.cfg.Store.UpdateAlert(r.Context(), a); err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/alerts/%d?done=saved", a.ID), http.StatusSeeOther)
	return nil
}

// alertAction carries out a button of the alert pages: pause, resume,
// delete, read (the matches of the form's ids, or all) and redeliver
// (the form's delivery, or every dead one). It goes back to the page
// the form names in back (the alerts list or the alert).
func (u *UI) alertAction(action string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		if err := u.checkPost(w, r); err != nil {
			return err
		}
		a, err := u.alertOf(r)
		if err != nil {
			return err
		}
		ctx := r.Context()
		page := fmt.Sprintf("/alerts/%d", a.ID)
		if r.PostFormValue("back") == "list" {
			page = "/alerts"
		}
		done := action
		switch action {
		case "pause", "resume":
			a.Paused = action == "pause"
			err = u.cfg.Store.UpdateAlert(ctx, a)
			done = map[string]string{"pause": "paused", "resume": "resumed"}[action]
		case "delete":
			err = u.cfg.Store.RemoveAlert(ctx, a.ID)
			page, done = "/alerts", "removed"
		case "read":
			var ids []int64
			for _, s := range r.PostForm["match"] {
				id, perr := strconv.ParseInt(s, 10, 64)
				if perr != nil || id <= 0 {
					return httpError{http.StatusBadRequest, "The form names no match."}
				}
				ids = append(ids, id)
			}
			if len(ids) == 0 && r.PostFormValue("all") == "" {
				return httpError{http.StatusBadRequest, "The form names no match."}
			}
			err = u.cfg.Store.MarkRead(ctx, a.ID, ids)
		case "redeliver":
			var id int64
			if s := r.PostFormValue("delivery"); s != "" {
				if id, err = strconv.ParseInt(s, 10, 64); err != nil || id <= 0 {
					return httpError{http.StatusBadRequest, "The form names no delivery."}
				}
			}
			_, err = httpapi.Redeliver(ctx, u.cfg.Store, a.ID, id, u.cfg.WakeDeliveries)
			if errors.Is(err, httpapi.ErrNotDead) {
				return httpError{http.StatusConflict, "That delivery is not a failed one any more; reload the page."}
			}
			done = "redelivered"
		}
		if errors.Is(err, newsdesk.ErrNotFound) {
			return httpError{http.StatusNotFound, fmt.Sprintf("There is no alert with ID %d.", a.ID)}
		}
		if err != nil {
			return err
		}
		http.Redirect(w, r, page+"?done="+done, http.StatusSeeOther)
		return nil
	}
}
