package httpapi_test

import (
	"fmt"
	"net/url"
	"testing"

	"newsdesk"
	"newsdesk/httpapi"
)

func TestAPIOutlets(t *testing.T) {
	e := newEnv(t)

	// The listing: most articles first, paged like the others.
	var all []newsdesk.OutletCount
	path := "/api/outlets?limit=2"
	for range 5 {
		var page newsdesk.OutletList
		e.getJSON(t, path, 200, &page)
		all = append(all, page.Outlets...)
		if page.NextCursor == "" {
			break
		}
		path = "/api/outlets?limit=2&cursor=" + url.QueryEscape(page.NextCursor)
	}
	if len(all) != 3 {
		t.Fatalf("outlets %+v, want 3", all)
	}
	tb := all[0]
	if tb.Domain != "tagesblatt.example" || tb.Name != "Tagesblatt" || tb.Articles != 26 || tb.ID == 0 {
		t.Errorf("first outlet %+v, want tagesblatt.example named Tagesblatt with 26 articles", tb)
	}
	seen := map[string]bool{}
	for _, o := range all {
		seen[o.Domain] = true
	}
	if !seen["dailypost.example"] || !seen["evil.example"] {
		t.Errorf("outlets %+v lack dailypost.example or evil.example", all)
	}
	var found newsdesk.OutletList
	e.getJSON(t, "/api/outlets?q=daily", 200, &found)
	if len(found.Outlets) != 1 || found.Outlets[0].Name != "Daily Post" || found.Outlets[0].Articles != 1 {
		t.Errorf("q=daily: %+v", found)
	}

	// One outlet, by ID, domain or name, with its latest articles.
	for _, key := range []string{fmt.Sprint(tb.ID), "tagesblatt.example", "Tagesblatt", "TAGESBLATT"} {
		var d httpapi.OutletDetail
		e.getJSON(t, "/api/outlets/"+url.PathEscape(key), 200, &d)
		if d.ID != tb.ID || d.Articles != 26 || len(d.Latest) != 10 {
			t.Errorf("/api/outlets/%s: %+v with %d latest, want %d with 26 articles and 10 latest", key, d.OutletCount, len(d.Latest), tb.ID)
			continue
		}
		for i, a := range d.Latest {
			if a.Outlet == nil || a.Outlet.ID != tb.ID {
				t.Errorf("latest %d: outlet %+v", i, a.Outlet)
			}
			if i > 0 && a.Published.After(*d.Latest[i-1].Published) {
				t.Errorf("latest not newest first at %d", i)
			}
		}
	}

	for _, tt := range []struct {
		path   string
		status int
	}{
		{"/api/outlets/nowhere.example", 404},
		{"/api/outlets/999999", 404},
		{"/api/outlets?cursor=xyz", 400},
		{"/api/outlets?limit=0", 400},
		{"/api/outlets?limit=101", 400},
	} {
		resp, b := e.do(t, "GET", tt.path, "", "")
		checkProblem(t, resp, b, tt.status)
	}
	resp, b := e.do(t, "POST", "/api/outlets", "", "")
	checkProblem(t, resp, b, 405)

	// The article carries its outlet, null when it has none.
	var art map[string]any
	e.getJSON(t, fmt.Sprintf("/api/articles/%d", e.ids["en"]), 200, &art)
	o, _ := art["outlet"].(map[string]any)
	if o["domain"] != "dailypost.example" || o["name"] != "Daily Post" || o["id"] == nil {
		t.Errorf("article outlet = %v", art["outlet"])
	}
	e.getJSON(t, fmt.Sprintf("/api/articles/%d", e.ids["raw"]), 200, &art)
	if v, ok := art["outlet"]; !ok || v != nil {
		t.Errorf("article without outlet: outlet = %v (present %v), want null", v, ok)
	}

	// Search: the filter, the syntax and the facet.
	for _, tt := range []struct {
		query string
		total int
	}{
		{"outlet=dailypost.example", 1},
		{"outlet=Tagesblatt", 26},
		{"q=" + url.QueryEscape("outlet:tagesblatt.example Energy"), 25},
		{"q=" + url.QueryEscape(`outlet:"daily post"`), 1},
		{"q=" + url.QueryEscape("climate -outlet:dailypost.example"), 0},
		{"outlet=nowhere.example", 0},
	} {
		var sr httpapi.SearchResponse
		e.getJSON(t, "/api/articles?collapse=false&"+tt.query, 200, &sr)
		if sr.Total != tt.total {
			t.Errorf("%s: total %d, want %d", tt.query, sr.Total, tt.total)
		}
	}
	var sr httpapi.SearchResponse
	e.getJSON(t, "/api/articles?collapse=false&limit=100", 200, &sr)
	if got := sr.Facets["outlet"]; got["tagesblatt.example"] != 26 || got["dailypost.example"] != 1 || len(got) != 3 {
		t.Errorf("outlet facet %v", got)
	}
	if o := sr.Outlets["tagesblatt.example"]; o.Name != "Tagesblatt" || o.ID != tb.ID {
		t.Errorf("outlets[tagesblatt.example] = %+v", o)
	}
	for _, a := range sr.Articles {
		if a.ID == e.ids["raw"] {
			if a.Outlet != nil {
				t.Errorf("raw article: outlet %+v", a.Outlet)
			}
		} else if a.Outlet == nil || a.Outlet.Domain == "" {
			t.Errorf("article %d: outlet %+v", a.ID, a.Outlet)
		}
	}
}
