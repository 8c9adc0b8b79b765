package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestIntegrationOutlets: hits and the reader name the outlet an
// article was published on, and the outlet facet filters by it.
func TestIntegrationOutlets(t *testing.T) {
	e := newEnv(t, options{})
	p := e.get(t, "/?q=climate", 200)
	for _, r := range find(p.doc, "li", ".result") {
		id, _ := attr(r, "data-id")
		src := text(one(t, r, "span", ".result-source"))
		switch id {
		case fmt.Sprint(e.ids["en"]):
			a := one(t, r, "a", ".result-outlet")
			href, _ := attr(a, "href")
			if src != "Daily Post" || href != "/?outlet=dailypost.example" {
				t.Errorf("hit %s: outlet %q linking %q, want Daily Post linking /?outlet=dailypost.example", id, src, href)
			}
		case fmt.Sprint(e.ids["raw"]):
			// No URL, no site name: no outlet.
			if len(find(r, "a", ".result-outlet")) != 0 {
				t.Errorf("hit %s has an outlet link", id)
			}
		}
		if strings.Contains(src, "://") || src == "(no source)" {
			t.Errorf("hit %s: origin shown as %q", id, src)
		}
	}

	// The facet: most hits first, named, and a link that filters.
	p = e.get(t, "/?q=energy+OR+climate", 200)
	var facet *html.Node
	for _, f := range find(p.doc, "section", ".facet") {
		if v, _ := attr(f, "data-facet"); v == "outlet" {
			facet = f
		}
	}
	if facet == nil {
		t.Fatal("no outlet facet")
	}
	var labels []string
	var tagesblatt string
	for _, a := range find(facet, "a", ".facet-value") {
		labels = append(labels, strings.Join(strings.Fields(text(a)), " "))
		if strings.HasPrefix(text(a), "Tagesblatt") {
			tagesblatt, _ = attr(a, "href")
		}
	}
	if len(labels) < 2 || !strings.HasPrefix(labels[0], "Tagesblatt") {
		t.Fatalf("outlet facet %q, want Tagesblatt first", labels)
	}
	u, err := url.Parse(tagesblatt)
	if err != nil || u.Query().Get("outlet") != "tagesblatt.example" {
		t.Fatalf("outlet facet link %q", tagesblatt)
	}
	p = e.get(t, tagesblatt, 200)
	results := find(p.doc, "li", ".result")
	if len(results) != 20 { // 25 energy stories of Tagesblatt, a page of them
		t.Errorf("outlet filter: %d results, want a page of 20", len(results))
	}
	for _, r := range results {
		if src := text(one(t, r, "span", ".result-source")); src != "Tagesblatt" {
			t.Errorf("outlet filter: a hit of %q", src)
		}
	}
	if v, _ := attr(one(t, p.doc, "input", "#filter-outlet"), "value"); v != "tagesblatt.example" {
		t.Errorf("outlet filter: #filter-outlet shows %q", v)
	}
	if !strings.Contains(text(one(t, p.doc, "", "#result-count")), "25") {
		t.Errorf("outlet filter: count %q, want 25", text(one(t, p.doc, "", "#result-count")))
	}
	// outlet: in the query does the same.
	p = e.get(t, "/?q="+url.QueryEscape(`outlet:"daily post"`), 200)
	if rs := find(p.doc, "li", ".result"); len(rs) != 1 {
		t.Errorf(`outlet:"daily post": %d results, want 1`, len(rs))
	}

	// The reader names the outlet, linking to its articles.
	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["en"]), 200)
	o := one(t, p.doc, "dd", "#article-outlet")
	if got := text(o); got != "Daily Post" {
		t.Errorf("reader outlet %q", got)
	}
	if href, _ := attr(one(t, o, "a", ""), "href"); href != "/?outlet=dailypost.example" {
		t.Errorf("reader outlet link %q", href)
	}
	// The feed named as the outlet is not named twice.
	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["story3"]), 200)
	if got := text(one(t, p.doc, "dd", "#article-outlet")); got != "Tagesblatt" || len(find(p.doc, "dd", ".meta-source")) != 0 {
		t.Errorf("reader of a Tagesblatt story: outlet %q, %d source rows", got, len(find(p.doc, "dd", ".meta-source")))
	}
	p = e.get(t, fmt.Sprintf("/articles/%d", e.ids["raw"]), 200)
	if len(find(p.doc, "dd", "#article-outlet")) != 0 {
		t.Error("reader of an article without outlet shows one")
	}
}
