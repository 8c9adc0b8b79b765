package web_test

import (
	"net/url"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"newsdesk"
	"newsdesk/follow"
)

// The attention page: a form of five queries and dates; with queries, a
// line per query across every day of the period, the share of each
// day's articles on request, and each query's outlets, entities (linked
// to their pages) and words; all without script or inline style.
func TestIntegrationAttentionPage(t *testing.T) {
	e := newEnv(t, options{})
	ctx := t.Context()
	an := &newsdesk.Analysis{
		Mentions: []newsdesk.Mention{{Start: 0, End: 9, Text: "Bundestag", Type: newsdesk.Organisation, Kind: newsdesk.NameMention, EntityID: "Q154797"}},
		Entities: []newsdesk.Entity{{ID: "Q154797", Name: "Deutscher Bundestag", Type: newsdesk.Organisation}},
	}
	if err := e.st.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{{ArticleID: e.ids["de"], Analysis: an}}); err != nil {
		t.Fatal(err)
	}
	if _, err := follow.CatchUp(ctx, e.st, e.ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}

	p := e.get(t, "/attention", 200)
	if got := len(find(one(t, p.doc, "form", "#attention-form"), "input", "")); got != 7 {
		t.Errorf("the empty form has %d inputs, want 5 queries and 2 dates", got)
	}
	if len(find(p.doc, "svg", "#attention-chart")) != 0 {
		t.Error("a chart without queries")
	}
	var current []string
	for _, a := range find(one(t, p.doc, "nav", "#site-nav"), "a", "") {
		if _, ok := attr(a, "aria-current"); ok {
			current = append(current, attrOf(a, "href"))
		}
	}
	if !slices.Equal(current, []string{"/attention"}) {
		t.Errorf("navigation marks %q current, want /attention", current)
	}

	q := url.Values{"q": {"energy", "Klimaschutzgesetz", "", "<script>alert(1)</script>"}, "from": {"2024-02-01"}, "to": {"2024-03-10"}}
	p = e.get(t, "/attention?"+q.Encode(), 200)
	checkAttentionSafe(t, p)
	chart := one(t, p.doc, "svg", "#attention-chart")
	lines := find(chart, "polyline", ".attention-line")
	if len(lines) != 3 {
		t.Fatalf("%d lines, want one per query", len(lines))
	}
	for i, l := range lines {
		pts, _ := attr(l, "points")
		if n := len(strings.Fields(pts)); n != 39 {
			t.Errorf("line %d has %d points, want one per day", i, n)
		}
		if c, _ := attr(l, "stroke"); c == "" {
			t.Errorf("line %d has no colour", i)
		}
	}
	if got := find(chart, "g", ".attention-series"); len(got) != 3 || attrOf(got[2], "data-query") != "<script>alert(1)</script>" {
		t.Errorf("series: %d, the third for %q", len(got), attrOf(got[len(got)-1], "data-query"))
	}
	panels := find(p.doc, "section", ".attention-query")
	if len(panels) != 3 {
		t.Fatalf("%d query panels, want 3", len(panels))
	}
	if got := hrefs(find(panels[1], "a", "")); !slices.Contains(got, "/entities/Q154797") {
		t.Errorf("Klimaschutzgesetz links %q, want the Bundestag's page", got)
	}
	words := text(one(t, panels[0], "ol", ".attention-terms"))
	if !strings.Contains(words, "markets") || strings.Contains(words, "energy") {
		t.Errorf("energy's words: %q", words)
	}
	if got := text(one(t, panels[0], "ol", ".attention-outlets")); !strings.Contains(got, "Tagesblatt") {
		t.Errorf("energy's outlets: %q", got)
	}
	if v := inputValue(t, p, "attention-q2"); v != "Klimaschutzgesetz" {
		t.Errorf("second field %q", v)
	}
	if v := inputValue(t, p, "attention-q5"); v != "" {
		t.Errorf("fifth field %q", v)
	}
	csvURL := attrOf(one(t, p.doc, "a", "#attention-csv"), "href")
	if !strings.HasPrefix(csvURL, "/api/attention?") || !strings.Contains(csvURL, "format=csv") || strings.Count(csvURL, "q=") != 3 {
		t.Errorf("CSV link %q", csvURL)
	}

	// The share of each day's articles.
	share := attrOf(one(t, p.doc, "a", ".view-share"), "href")
	p = e.get(t, share, 200)
	if v, _ := attr(one(t, p.doc, "a", ".view-share"), "aria-current"); v != "true" {
		t.Error("the share view is not marked current")
	}
	chart = one(t, p.doc, "svg", "#attention-chart")
	if n := len(find(chart, "polyline", ".attention-line")); n != 3 {
		t.Errorf("share: %d lines", n)
	}
	if !strings.Contains(text(chart), "%") {
		t.Errorf("share axis without per cent: %q", text(chart))
	}
	if len(find(one(t, p.doc, "form", "#attention-form"), "input", "")) != 8 {
		t.Error("the form does not keep the share view")
	}

	// Bad input: the form again, with the message.
	for _, bad := range []string{"q=a&q=b&q=c&q=d&q=e&q=f", "q=energy&from=soon", "from=2024-03-01&to=2024-02-01&q=a"} {
		p = e.get(t, "/attention?"+bad, 400)
		if text(one(t, p.doc, "", "#message")) == "" || len(find(p.doc, "form", "#attention-form")) != 1 {
			t.Errorf("%s: no message or no form", bad)
		}
	}
}

// checkAttentionSafe fails if the page has a script, a style element or
// attribute, or an event handler attribute, or lacks the CSP.
func checkAttentionSafe(t *testing.T, p *page) {
	t.Helper()
	if csp := p.resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q", csp)
	}
	for d := range p.doc.Descendants() {
		if d.Type != html.ElementNode {
			continue
		}
		if d.Data == "script" || d.Data == "style" {
			t.Errorf("<%s> in the page", d.Data)
		}
		for _, a := range d.Attr {
			if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
				t.Errorf("<%s %s=%q>", d.Data, a.Key, a.Val)
			}
		}
	}
}

// attrOf returns n's attribute key, or "".
func attrOf(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}
