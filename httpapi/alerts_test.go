package httpapi_test

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/httpapi"
)

// alertJSON is an alert as the API answers it.
type alertJSON struct {
	ID          int64  `json:"id"`
	Name        string `json:"name"`
	Query       string `json:"query"`
	Webhook     string `json:"webhook"`
	Secret      string `json:"secret"`
	Email       string `json:"email"`
	Digest      string `json:"digest"`
	Token       string `json:"token"`
	Period      string `json:"period"`
	Stories     bool   `json:"stories"`
	MinOutlets  int    `json:"min_outlets"`
	Paused      bool   `json:"paused"`
	FeedAtomURL string `json:"feed_atom_url"`
	FeedJSONURL string `json:"feed_json_url"`
	Matches     int    `json:"matches"`
	Unread      int    `json:"unread"`
}

// call sends a request with the API token and decodes the JSON answer
// into v, checking the status.
func (e *env) call(t *testing.T, method, path, body string, status int, v any) {
	t.Helper()
	resp, b := e.do(t, method, path, testToken, body)
	if resp.StatusCode != status {
		t.Fatalf("%s %s: status %d, want %d; body %s", method, path, resp.StatusCode, status, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %v; body %s", method, path, err, b)
		}
	}
}

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
	var ms []newsdesk.AlertMatch
	var arts []int64
	for _, n := range names {
		ms = append(ms, newsdesk.AlertMatch{AlertID: id, ArticleID: e.ids[n]})
		arts = append(arts, e.ids[n])
	}
	if last <= after {
		last = after + 1
	}
	if ok, err := e.st.SaveMatches(ctx, after, last, arts, ms); err != nil || !ok {
		t.Fatalf("save matches: %v, %v", ok, err)
	}
}

func TestIntegrationAlertsNeedToken(t *testing.T) {
	e := newEnv(t)
	var a alertJSON
	e.call(t, "POST", "/api/alerts", `{"name": "Climate", "query": "climate"}`, 201, &a)
	for _, rt := range []struct{ method, path, body string }{
		{"GET", "/api/alerts", ""},
		{"POST", "/api/alerts", `{"name": "x", "query": "energy"}`},
		{"GET", fmt.Sprintf("/api/alerts/%d", a.ID), ""},
		{"PATCH", fmt.Sprintf("/api/alerts/%d", a.ID), `{"paused": true}`},
		{"DELETE", fmt.Sprintf("/api/alerts/%d", a.ID), ""},
		{"GET", fmt.Sprintf("/api/alerts/%d/matches", a.ID), ""},
		{"POST", fmt.Sprintf("/api/alerts/%d/read", a.ID), `{"all": true}`},
		{"GET", fmt.Sprintf("/api/alerts/%d/deliveries", a.ID), ""},
		{"POST", fmt.Sprintf("/api/alerts/%d/redeliver", a.ID), ""},
		{"GET", fmt.Sprintf("/api/alerts/%d/feed.atom", a.ID), ""},
		{"GET", fmt.Sprintf("/api/alerts/%d/feed.json", a.ID), ""},
	} {
		for _, tok := range []string{"", "wrong-token-0123456789"} {
			resp, b := e.do(t, rt.method, rt.path, tok, rt.body)
			checkProblem(t, resp, b, 401)
			if resp.Header.Get("WWW-Authenticate") == "" {
				t.Errorf("%s %s: 401 without WWW-Authenticate", rt.method, rt.path)
			}
			if strings.Contains(string(b), a.Token) || strings.Contains(string(b), a.Secret) {
				t.Errorf("%s %s: a refusal shows the alert's secrets: %s", rt.method, rt.path, b)
			}
		}
	}
	// Nothing changed.
	got, err := e.st.Alerts(t.Context())
	if err != nil || len(got) != 1 || got[0].Paused {
		t.Errorf("alerts after refused requests: %+v, %v", got, err)
	}
}

func TestIntegrationAlertsCRUD(t *testing.T) {
	e := newEnv(t)
	var a alertJSON
	e.call(t, "POST", "/api/alerts", `{"name": " Energy ", "query": "energy markets", "email": "desk@example.org",
		"stories": true, "min_outlets": 2, "period": "6h"}`, 201, &a)
	if a.ID == 0 || a.Name != "Energy" || a.Query != "energy markets" || a.Digest != "daily" || a.Period != "6h" ||
		!a.Stories || a.MinOutlets != 2 || a.Token == "" || a.Secret == "" {
		t.Errorf("created %+v", a)
	}
	if want := fmt.Sprintf("/api/alerts/%d/feed.atom?token=%s", a.ID, url.QueryEscape(a.Token)); a.FeedAtomURL != want {
		t.Errorf("feed_atom_url %q, want %q", a.FeedAtomURL, want)
	}
	if want := fmt.Sprintf("/api/alerts/%d/feed.json?token=%s", a.ID, url.QueryEscape(a.Token)); a.FeedJSONURL != want {
		t.Errorf("feed_json_url %q, want %q", a.FeedJSONURL, want)
	}
	stored, err := e.st.Alert(t.Context(), a.ID)
	if err != nil || stored.Period.Hours() != 6 || stored.Email != "desk@example.org" {
		t.Fatalf("stored %+v, %v", stored, err)
	}

	var list struct{ Alerts []alertJSON }
	e.call(t, "GET", "/api/alerts", "", 200, &list)
	if len(list.Alerts) != 1 || list.Alerts[0].ID != a.ID || list.Alerts[0].Token != a.Token {
		t.Errorf("list %+v", list)
	}

	// PATCH changes what it is given, and pauses and resumes.
	var p alertJSON
	e.call(t, "PATCH", fmt.Sprintf("/api/alerts/%d", a.ID), `{"paused": true, "digest": "hourly", "period": ""}`, 200, &p)
	if !p.Paused || p.Digest != "hourly" || p.Period != "" || p.Name != "Energy" || p.Query != a.Query || p.Token != a.Token {
		t.Errorf("patched %+v", p)
	}
	e.call(t, "PATCH", fmt.Sprintf("/api/alerts/%d", a.ID), `{"paused": false}`, 200, &p)
	if p.Paused {
		t.Error("not resumed")
	}
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d", a.ID), "", 200, &p)
	if p.Paused || p.Digest != "hourly" {
		t.Errorf("read back %+v", p)
	}

	// Bad settings are 422 with a message naming the field; bad JSON
	// 400.
	for body, want := range map[string]string{
		`{"query": "energy"}`: "name:",
		`{"name": "x"}`:       "query:",
		`{"name": "x", "query": "energy", "digest": "weekly"}`:     "digest:",
		`{"name": "x", "query": "energy", "period": "soon"}`:       "period:",
		`{"name": "x", "query": "energy", "email": "nobody"}`:      "email:",
		`{"name": "x", "query": "energy", "min_outlets": -1}`:      "min_outlets:",
		`{"name": "x", "query": "energy", "webhook": "ftp://x/y"}`: "webhook:",
		`{"name": "x", "query": "lang:"}`:                          "query:",
	} {
		resp, b := e.do(t, "POST", "/api/alerts", testToken, body)
		pr := checkProblem(t, resp, b, 422)
		if !strings.HasPrefix(pr.Detail, want) {
			t.Errorf("POST %s: detail %q, want it to start with %q", body, pr.Detail, want)
		}
	}
	for _, body := range []string{`{"name": "x", "query": "energy", "colour": "red"}`, `[1]`, `{"name": 3}`} {
		resp, b := e.do(t, "POST", "/api/alerts", testToken, body)
		checkProblem(t, resp, b, 400)
	}
	resp, b := e.do(t, "PATCH", fmt.Sprintf("/api/alerts/%d", a.ID), testToken, `{"query": ""}`)
	checkProblem(t, resp, b, 422)
	resp, b = e.do(t, "GET", "/api/alerts/999", testToken, "")
	checkProblem(t, resp, b, 404)

	resp, _ = e.do(t, "DELETE", fmt.Sprintf("/api/alerts/%d", a.ID), testToken, "")
	if resp.StatusCode != 204 {
		t.Errorf("DELETE: status %d", resp.StatusCode)
	}
	resp, b = e.do(t, "DELETE", fmt.Sprintf("/api/alerts/%d", a.ID), testToken, "")
	checkProblem(t, resp, b, 404)
}

// A webhook that reaches this machine is refused unless the server
// allows private networks.
func TestIntegrationAlertWebhookPrivate(t *testing.T) {
	e := newEnv(t)
	for _, hook := range []string{"http://127.0.0.1:9/hook", "http://[::1]/hook", "http://10.0.0.1/", "http://169.254.169.254/latest"} {
		resp, b := e.do(t, "POST", "/api/alerts", testToken, fmt.Sprintf(`{"name": "x", "query": "energy", "webhook": %q}`, hook))
		if p := checkProblem(t, resp, b, 422); !strings.Contains(p.Detail, "webhook") || !strings.Contains(p.Detail, "private") {
			t.Errorf("webhook %s: detail %q", hook, p.Detail)
		}
	}
	if as, _ := e.st.Alerts(t.Context()); len(as) != 0 {
		t.Fatalf("%d alerts stored after refusals", len(as))
	}

	mux := http.NewServeMux()
	httpapi.New(httpapi.Config{Store: e.st, Index: e.ix, Token: testToken, AllowPrivate: true}).Register(mux)
	allow := httptest.NewServer(mux)
	t.Cleanup(allow.Close)
	req, _ := http.NewRequest("POST", allow.URL+"/api/alerts", strings.NewReader(`{"name": "local", "query": "energy", "webhook": "http://127.0.0.1:9/hook"}`))
	req.Header.Set("Authorization", "Bearer "+testToken)
	resp, err := allow.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Errorf("with AllowPrivate: status %d, want 201", resp.StatusCode)
	}
}

func TestIntegrationAlertInboxAndFeeds(t *testing.T) {
	e := newEnv(t)
	var a alertJSON
	e.call(t, "POST", "/api/alerts", `{"name": "Energy <&> news", "query": "energy", "webhook": "https://93.184.216.34/hook"}`, 201, &a)
	e.matchAll(t, a.ID, "story0", "story1", "story2", "en")

	var ml httpapi.MatchPage
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d/matches?limit=3", a.ID), "", 200, &ml)
	if ml.Total != 4 || len(ml.Matches) != 3 || ml.NextCursor == "" {
		t.Fatalf("matches: total %d, %d listed, cursor %q", ml.Total, len(ml.Matches), ml.NextCursor)
	}
	byArticle := map[int64]httpapi.MatchView{}
	for _, m := range ml.Matches {
		byArticle[m.ArticleID] = m
	}
	if m := byArticle[e.ids["story2"]]; m.Title != "Energy story number 2" || m.URL != "https://tagesblatt.example/story/2" || m.Site != "Tagesblatt" || m.Read || m.Published == nil {
		t.Errorf("match of story2: %+v", m)
	}
	var rest httpapi.MatchPage
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d/matches?limit=3&cursor=%s", a.ID, url.QueryEscape(ml.NextCursor)), "", 200, &rest)
	if len(rest.Matches) != 1 || rest.NextCursor != "" {
		t.Errorf("second page: %+v", rest)
	}
	resp, b := e.do(t, "GET", fmt.Sprintf("/api/alerts/%d/matches?cursor=bogus", a.ID), testToken, "")
	checkProblem(t, resp, b, 400)

	// Mark one read, then all.
	var unread struct{ Unread int }
	e.call(t, "POST", fmt.Sprintf("/api/alerts/%d/read", a.ID), fmt.Sprintf(`{"ids": [%d]}`, ml.Matches[0].ID), 200, &unread)
	if unread.Unread != 3 {
		t.Errorf("unread after one: %d", unread.Unread)
	}
	var v alertJSON
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d", a.ID), "", 200, &v)
	if v.Matches != 4 || v.Unread != 3 {
		t.Errorf("alert counts: %d matches, %d unread", v.Matches, v.Unread)
	}
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d/matches?unread=true", a.ID), "", 200, &ml)
	if ml.Total != 3 || slices.ContainsFunc(ml.Matches, func(m httpapi.MatchView) bool { return m.Read }) {
		t.Errorf("unread matches: %+v", ml)
	}
	resp, b = e.do(t, "POST", fmt.Sprintf("/api/alerts/%d/read", a.ID), testToken, `{}`)
	checkProblem(t, resp, b, 422)
	e.call(t, "POST", fmt.Sprintf("/api/alerts/%d/read", a.ID), `{"all": true}`, 200, &unread)
	if unread.Unread != 0 {
		t.Errorf("unread after all: %d", unread.Unread)
	}

	// Deliveries: one webhook delivery per match; a dead one is sent
	// again.
	var dl newsdesk.DeliveryList
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d/deliveries", a.ID), "", 200, &dl)
	if dl.Total != 4 || len(dl.Deliveries) != 4 || dl.Deliveries[0].State != newsdesk.DeliveryPending || dl.Deliveries[0].Channel != "webhook" {
		t.Fatalf("deliveries: %+v", dl)
	}
	d := dl.Deliveries[1]
	d.State, d.Attempts, d.LastStatus, d.LastError = newsdesk.DeliveryDead, 8, 500, "receiver answered 500"
	if err := e.st.SaveDelivery(t.Context(), &d); err != nil {
		t.Fatal(err)
	}
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d/deliveries?state=dead", a.ID), "", 200, &dl)
	if dl.Total != 1 || dl.Deliveries[0].LastError != "receiver answered 500" {
		t.Errorf("dead deliveries: %+v", dl)
	}
	resp, b = e.do(t, "GET", fmt.Sprintf("/api/alerts/%d/deliveries?state=lost", a.ID), testToken, "")
	checkProblem(t, resp, b, 400)
	resp, b = e.do(t, "POST", fmt.Sprintf("/api/alerts/%d/redeliver", a.ID), testToken, fmt.Sprintf(`{"delivery": %d}`, dl.Deliveries[0].ID+1000))
	checkProblem(t, resp, b, 422)
	var re struct{ Redelivered int }
	e.call(t, "POST", fmt.Sprintf("/api/alerts/%d/redeliver", a.ID), "", 200, &re)
	if re.Redelivered != 1 {
		t.Errorf("redelivered %d, want 1", re.Redelivered)
	}
	e.call(t, "GET", fmt.Sprintf("/api/alerts/%d/deliveries?state=dead", a.ID), "", 200, &dl)
	if dl.Total != 0 {
		t.Errorf("dead after redeliver: %d", dl.Total)
	}

	// The Atom feed with the alert's token, parsed as Atom.
	resp, b = e.do(t, "GET", a.FeedAtomURL, "", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("atom: %d %s\n%s", resp.StatusCode, resp.Header.Get("Content-Type"), b)
	}
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string   `xml:"title"`
		Links   []struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Entries []struct {
			ID    string `xml:"id"`
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(b, &feed); err != nil {
		t.Fatalf("atom does not parse: %v\n%s", err, b)
	}
	if feed.Title != "newsdesk: Energy <&> news" || len(feed.Entries) != 4 {
		t.Errorf("atom: title %q, %d entries", feed.Title, len(feed.Entries))
	}
	if want := fmt.Sprintf("urn:newsdesk:newsdesk-%d-%d", a.ID, e.ids["en"]); !slices.ContainsFunc(feed.Entries, func(en struct {
		ID    string `xml:"id"`
		Title string `xml:"title"`
		Link  struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
	}) bool {
		return en.ID == want && en.Link.Href == "https://dailypost.example/politics/climate-bill"
	}) {
		t.Errorf("atom: no entry %s linking to the English article: %+v", want, feed.Entries)
	}
	if len(feed.Links) == 0 || feed.Links[0].Rel != "self" || !strings.HasSuffix(feed.Links[0].Href, a.FeedAtomURL) {
		t.Errorf("atom: self link %+v, want one ending in %s", feed.Links, a.FeedAtomURL)
	}

	// The JSON Feed with the token, and with the API token alone.
	for _, tok := range []string{"", testToken} {
		path := a.FeedJSONURL
		if tok != "" {
			path = fmt.Sprintf("/api/alerts/%d/feed.json", a.ID)
		}
		resp, b = e.do(t, "GET", path, tok, "")
		if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/feed+json") {
			t.Fatalf("json feed (%s): %d %s\n%s", path, resp.StatusCode, resp.Header.Get("Content-Type"), b)
		}
		var jf struct {
			Version string `json:"version"`
			Title   string `json:"title"`
			Items   []struct {
				ID    string `json:"id"`
				URL   string `json:"url"`
				Title string `json:"title"`
			} `json:"items"`
		}
		if err := json.Unmarshal(b, &jf); err != nil {
			t.Fatalf("json feed does not parse: %v\n%s", err, b)
		}
		if jf.Version != "https://jsonfeed.org/version/1.1" || len(jf.Items) != 4 || jf.Items[0].ID == "" || jf.Items[0].URL == "" {
			t.Errorf("json feed: %+v", jf)
		}
	}

	// A wrong token, or another alert's, opens nothing.
	var other alertJSON
	e.call(t, "POST", "/api/alerts", `{"name": "Other", "query": "climate"}`, 201, &other)
	for _, path := range []string{
		fmt.Sprintf("/api/alerts/%d/feed.atom?token=wrong", a.ID),
		fmt.Sprintf("/api/alerts/%d/feed.json?token=%s", a.ID, url.QueryEscape(other.Token)),
		fmt.Sprintf("/api/alerts/%d/feed.atom", a.ID),
		fmt.Sprintf("/api/alerts/%d?token=%s", a.ID, url.QueryEscape(a.Token)),
		fmt.Sprintf("/api/alerts/%d/matches?token=%s", a.ID, url.QueryEscape(a.Token)),
	} {
		resp, b := e.do(t, "GET", path, "", "")
		checkProblem(t, resp, b, 401)
	}
	resp, b = e.do(t, "GET", "/api/alerts/999/feed.atom?token=x", "", "")
	checkProblem(t, resp, b, 404)
}

func TestFormatPeriod(t *testing.T) {
	for in, want := range map[string]string{"6h": "6h", "90m": "1h30m", "45s": "45s", "0": "", "": "", "24h": "24h", "1h0m30s": "1h0m30s"} {
		d, err := httpapi.ParsePeriod(in)
		if err != nil {
			t.Fatalf("ParsePeriod(%q): %v", in, err)
		}
		if got := httpapi.FormatPeriod(d); got != want {
			t.Errorf("FormatPeriod(%v) = %q, want %q", d, got, want)
		}
	}
	if _, err := httpapi.ParsePeriod("-1h"); err == nil {
		t.Error("a negative period is taken")
	}
}
