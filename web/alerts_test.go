package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/web"
)

// matchAll records matches of alert id for the named fixture articles,
// as the alert follower would, with the deliveries of its channels.
func (e *env) matchAll(t *testing.T, id int64, names ...string) {
	t.Helper()
	ctx := context.Background()
	after, err := e.st.AlertPosition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, last, err := e.st.Pending(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if last <= after {
		last = after + 1
	}
	var ms []newsdesk.AlertMatch
	var arts []int64
	for _, n := range names {
		ms = append(ms, newsdesk.AlertMatch{AlertID: id, ArticleID: e.ids[n]})
		arts = append(arts, e.ids[n])
	}
	if ok, err := e.st.SaveMatches(ctx, after, last, arts, ms); err != nil || !ok {
		t.Fatalf("save matches: %v, %v", ok, err)
	}
}

// inputValue returns the value of the input with the given id.
func inputValue(t *testing.T, p *page, id string) string {
	t.Helper()
	v, _ := attr(one(t, p.doc, "", "#"+id), "value")
	return v
}

func TestIntegrationAlertPages(t *testing.T) {
	e := newEnv(t, options{})
	// The search page offers to save the search, filters included.
	p := e.get(t, "/?q=energy+markets&lang=en", 200)
	href, _ := attr(one(t, p.doc, "a", "#save-alert"), "href")
	u, err := url.Parse(href)
	if err != nil || u.Path != "/alerts" || u.Query().Get("query") != "energy markets lang:en" || u.Query().Get("name") != "energy markets" {
		t.Fatalf("Save as alert links to %q", href)
	}
	p = e.get(t, href, 200)
	if got := inputValue(t, p, "alert-query"); got != "energy markets lang:en" {
		t.Errorf("query field %q", got)
	}
	if got := inputValue(t, p, "alert-name"); got != "energy markets" {
		t.Errorf("name field %q", got)
	}
	one(t, p.doc, "", "#no-alerts")
	tok := csrf(t, p)

	// Without the CSRF token, nothing is saved.
	e.post(t, "/alerts", url.Values{"name": {"x"}, "query": {"energy"}}, 403)
	// Bad settings are shown with the form kept.
	p = e.post(t, "/alerts", url.Values{"name": {"Energy"}, "query": {"energy"}, "webhook": {"http://127.0.0.1:9/hook"}, "csrf": {tok}}, 422)
	if msg := text(one(t, p.doc, "", "#form-error")); !strings.Contains(msg, "webhook") || !strings.Contains(msg, "private") {
		t.Errorf("form error %q", msg)
	}
	if got := inputValue(t, p, "alert-webhook"); got != "http://127.0.0.1:9/hook" {
		t.Errorf("the form lost the webhook: %q", got)
	}
	p = e.post(t, "/alerts", url.Values{"name": {"Energy"}, "query": {""}, "csrf": {tok}}, 422)
	if msg := text(one(t, p.doc, "", "#form-error")); !strings.Contains(msg, "query") {
		t.Errorf("form error %q", msg)
	}

	// Saved: the browser lands on the alert's page.
	p = e.post(t, "/alerts", url.Values{"name": {"Energy"}, "query": {"energy markets lang:en"}, "webhook": {"https://93.184.216.34/hook"},
		"period": {"6h"}, "collapse": {"1"}, "csrf": {tok}}, 200)
	as, err := e.st.Alerts(t.Context())
	if err != nil || len(as) != 1 {
		t.Fatalf("alerts %+v, %v", as, err)
	}
	a := as[0]
	if a.Name != "Energy" || a.Query != "energy markets lang:en" || a.Stories || a.Period.Hours() != 6 || !a.Collapse || a.Webhook == "" {
		t.Errorf("saved %+v", a)
	}
	if p.resp.Request.URL.Path != fmt.Sprintf("/alerts/%d", a.ID) {
		t.Errorf("after saving: at %s", p.resp.Request.URL)
	}
	one(t, p.doc, "", "#no-matches")
	if got := text(one(t, p.doc, "code", "#alert-secret")); got != a.Secret {
		t.Errorf("secret shown %q, want %q", got, a.Secret)
	}
	if got, _ := attr(one(t, p.doc, "a", "#feed-atom"), "href"); got != e.srv.URL+fmt.Sprintf("/api/alerts/%d/feed.atom?token=%s", a.ID, a.Token) {
		t.Errorf("atom feed link %q", got)
	}
	resp, err := http.Get(e.srv.URL + fmt.Sprintf("/api/alerts/%d/feed.json?token=%s", a.ID, a.Token))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("the feed link answers %d", resp.StatusCode)
	}

	// Matches come in: the inbox shows them unread, the list counts them.
	e.matchAll(t, a.ID, "story3", "story4", "en")
	p = e.get(t, "/alerts", 200)
	row := one(t, p.doc, "tr", ".alert-row")
	if v, _ := attr(row, "data-unread"); v != "3" {
		t.Errorf("list: unread %q, want 3", v)
	}
	p = e.get(t, fmt.Sprintf("/alerts/%d", a.ID), 200)
	items := find(p.doc, "li", ".match")
	if len(items) != 3 {
		t.Fatalf("%d matches in the inbox, want 3", len(items))
	}
	for _, it := range items {
		if c, _ := attr(it, "class"); !strings.Contains(c, "unread") {
			t.Errorf("match %v not marked unread", c)
		}
	}
	if !strings.Contains(p.body, "Energy story number 4") || !strings.Contains(text(one(t, p.doc, "", "#unread-count")), "3 unread") {
		t.Errorf("inbox lacks the article's title or the count")
	}
	// One read, then all.
	mid, _ := attr(items[0], "data-id")
	p = e.post(t, fmt.Sprintf("/alerts/%d/read", a.ID), url.Values{"match": {mid}, "csrf": {tok}}, 200)
	if got := text(one(t, p.doc, "", "#unread-count")); !strings.Contains(got, "2 unread") {
		t.Errorf("after marking one read: %q", got)
	}
	p = e.post(t, fmt.Sprintf("/alerts/%d/read", a.ID), url.Values{"all": {"1"}, "csrf": {tok}}, 200)
	if got := text(one(t, p.doc, "", "#unread-count")); !strings.Contains(got, "0 unread") {
		t.Errorf("after marking all read: %q", got)
	}
	if len(find(p.doc, "", "#mark-all-read")) != 0 {
		t.Error("mark all read offered with nothing unread")
	}
	p = e.get(t, fmt.Sprintf("/alerts/%d?unread=1", a.ID), 200)
	one(t, p.doc, "", "#no-matches")

	// Deliveries with their state; a dead one is sent again.
	dl, err := e.st.Deliveries(t.Context(), newsdesk.DeliveryFilter{AlertID: a.ID})
	if err != nil || len(dl.Deliveries) != 3 {
		t.Fatalf("deliveries %+v, %v", dl, err)
	}
	d := dl.Deliveries[0]
	d.State, d.Attempts, d.LastStatus, d.LastError = newsdesk.DeliveryDead, 8, 502, "bad gateway"
	if err := e.st.SaveDelivery(t.Context(), &d); err != nil {
		t.Fatal(err)
	}
	p = e.get(t, fmt.Sprintf("/alerts/%d", a.ID), 200)
	rows := find(p.doc, "tr", ".delivery")
	if len(rows) != 3 {
		t.Fatalf("%d delivery rows", len(rows))
	}
	if st, _ := attr(rows[0], "data-state"); st != "dead" || !strings.Contains(text(rows[0]), "HTTP 502: bad gateway") {
		t.Errorf("dead delivery row: %s %q", st, text(rows[0]))
	}
	p = e.post(t, fmt.Sprintf("/alerts/%d/redeliver", a.ID), url.Values{"delivery": {fmt.Sprint(d.ID)}, "csrf": {tok}}, 200)
	if st, _ := attr(find(p.doc, "tr", ".delivery")[0], "data-state"); st != "pending" {
		t.Errorf("after redeliver: %s", st)
	}
	e.post(t, fmt.Sprintf("/alerts/%d/redeliver", a.ID), url.Values{"delivery": {fmt.Sprint(d.ID)}, "csrf": {tok}}, 409)

	// Edit, pause, resume, delete.
	p = e.post(t, fmt.Sprintf("/alerts/%d", a.ID), url.Values{"name": {"Energy prices"}, "query": {"energy"}, "webhook": {""},
		"email": {"desk@example.org"}, "digest": {"hourly"}, "csrf": {tok}}, 200)
	got, _ := e.st.Alert(t.Context(), a.ID)
	if got.Name != "Energy prices" || got.Webhook != "" || got.Email != "desk@example.org" || got.Digest != "hourly" || got.Collapse || got.Period != 0 {
		t.Errorf("edited %+v", got)
	}
	e.post(t, fmt.Sprintf("/alerts/%d", a.ID), url.Values{"name": {"x"}, "query": {"energy"}, "digest": {"weekly"}, "csrf": {tok}}, 422)
	p = e.post(t, fmt.Sprintf("/alerts/%d/pause", a.ID), url.Values{"back": {"list"}, "csrf": {tok}}, 200)
	if p.resp.Request.URL.Path != "/alerts" {
		t.Errorf("pause from the list goes to %s", p.resp.Request.URL)
	}
	if v, _ := attr(one(t, p.doc, "tr", ".alert-row"), "data-paused"); v != "true" {
		t.Errorf("not shown paused")
	}
	e.post(t, fmt.Sprintf("/alerts/%d/resume", a.ID), url.Values{"csrf": {tok}}, 200)
	if got, _ := e.st.Alert(t.Context(), a.ID); got.Paused {
		t.Error("not resumed")
	}
	p = e.post(t, fmt.Sprintf("/alerts/%d/delete", a.ID), url.Values{"csrf": {tok}}, 200)
	one(t, p.doc, "", "#no-alerts")
	e.get(t, fmt.Sprintf("/alerts/%d", a.ID), 404)
}

// On a server that requires a login, the alert pages, which show
// secrets, need the session; the login brings the browser back.
func TestIntegrationAlertPagesNeedLogin(t *testing.T) {
	e := newEnv(t, options{requireLogin: true})
	a := &newsdesk.Alert{Name: "Energy", Query: "energy", Webhook: "https://93.184.216.34/hook"}
	if err := e.st.AddAlert(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/alerts", fmt.Sprintf("/alerts/%d", a.ID)} {
		p := e.get(t, path, 200) // redirected to the login
		if p.resp.Request.URL.Path != "/login" || p.resp.Request.URL.Query().Get("next") != path {
			t.Errorf("%s: at %s, want the login with next", path, p.resp.Request.URL)
		}
		if strings.Contains(p.body, a.Secret) || strings.Contains(p.body, a.Token) {
			t.Errorf("%s: secrets shown without a session", path)
		}
	}
	p := e.get(t, fmt.Sprintf("/login?next=/alerts/%d", a.ID), 200)
	tok := csrf(t, p)
	e.post(t, fmt.Sprintf("/alerts/%d/delete", a.ID), url.Values{"csrf": {tok}}, 403)
	p = e.post(t, "/login", url.Values{"token": {testToken}, "csrf": {tok}, "next": {fmt.Sprintf("/alerts/%d", a.ID)}}, 200)
	if p.resp.Request.URL.Path != fmt.Sprintf("/alerts/%d", a.ID) || !strings.Contains(p.body, a.Secret) {
		t.Errorf("after the login: at %s", p.resp.Request.URL)
	}
	// A next that leaves the site is not followed.
	p = e.post(t, "/login", url.Values{"token": {testToken}, "csrf": {tok}, "next": {"//evil.example/x"}}, 200)
	if p.resp.Request.URL.Host != strings.TrimPrefix(e.srv.URL, "http://") || p.resp.Request.URL.Path != "/sources" {
		t.Errorf("next //evil.example/x: at %s", p.resp.Request.URL)
	}
}

func TestSavedQuery(t *testing.T) {
	for in, want := range map[string]string{
		"q=Putin": "Putin",
		"q=Putin+Nordkorea&lang=de&from=2024-01-01":      "Putin Nordkorea lang:de",
		"q=a+OR+b&source=3":                              "(a OR b) source:3",
		"q=treaty&entity=PER:w-putin&author=Anna+Müller": `treaty author:"Anna Müller" entity:"PER:w-putin"`,
		"entity=Q7747&story=12":                          "entity:Q7747 story:12",
		"q=Hafen&outlet=fr.de":                           `Hafen outlet:"fr.de"`,
		"q=Hafen&outlet=Frankfurter+Rundschau":           `Hafen outlet:"Frankfurter Rundschau"`,
	} {
		v, _ := url.ParseQuery(in)
		if got := web.SavedQuery(v); got != want {
			t.Errorf("SavedQuery(%s) = %q, want %q", in, got, want)
		}
	}
}
