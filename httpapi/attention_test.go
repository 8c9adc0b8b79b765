package httpapi_test

import (
	"encoding/csv"
	"net/url"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/follow"
	"newsdesk/httpapi"
)

// withEntities files the German and English climate articles under an
// entity, as the analysis would, and lets the index follow.
func (e *env) withEntities(t *testing.T) {
	t.Helper()
	ctx := t.Context()
	an := &newsdesk.Analysis{
		Mentions: []newsdesk.Mention{{Start: 0, End: 9, Text: "Bundestag", Type: newsdesk.Organisation, Kind: newsdesk.NameMention, EntityID: "Q154797"}},
		Entities: []newsdesk.Entity{{ID: "Q154797", Name: "Deutscher Bundestag", Type: newsdesk.Organisation}},
	}
	if err := e.st.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{
		{ArticleID: e.ids["de"], Analysis: an}, {ArticleID: e.ids["en"], Analysis: an},
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := follow.CatchUp(ctx, e.st, e.ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
}

// GET /api/attention compares queries day by day over the period, every
// day listed, with each day's share of all articles, the outlets, the
// entities and the characteristic words of each.
func TestIntegrationAttention(t *testing.T) {
	e := newEnv(t)
	e.withEntities(t)
	path := "/api/attention?" + url.Values{
		"q":    {"energy", "climate OR Klimaschutzgesetz", ""},
		"from": {"2024-02-01"}, "to": {"2024-03-10"},
	}.Encode()
	var a httpapi.Attention
	e.getJSON(t, path, 200, &a)
	if a.From != "2024-02-01" || a.To != "2024-03-10" || len(a.Totals) != 39 || len(a.Queries) != 2 {
		t.Fatalf("from %s to %s, %d totals, %d queries", a.From, a.To, len(a.Totals), len(a.Queries))
	}
	energy, climate := a.Queries[0], a.Queries[1]
	// Energy: the 25 energy stories and the English climate article
	// ("renewable energy").
	if energy.Query != "energy" || energy.Total != 26 || climate.Total != 2 {
		t.Errorf("totals: energy %d, climate %d", energy.Total, climate.Total)
	}
	for _, q := range a.Queries {
		if len(q.Days) != 39 {
			t.Errorf("%s: %d days, want 39", q.Query, len(q.Days))
		}
		sum := 0
		for i, d := range q.Days {
			sum += d.Articles
			if d.Day != a.Totals[i].Day {
				t.Errorf("%s: day %d is %s, the totals' %s", q.Query, i, d.Day, a.Totals[i].Day)
			}
		}
		if sum != q.Total {
			t.Errorf("%s: the days sum to %d, total %d", q.Query, sum, q.Total)
		}
	}
	day := func(q httpapi.AttentionOfQuery, d string) httpapi.AttentionDay {
		for _, x := range q.Days {
			if x.Day == d {
				return x
			}
		}
		t.Fatalf("%s: no day %s", q.Query, d)
		return httpapi.AttentionDay{}
	}
	if d := day(energy, "2024-02-03"); d.Articles != 1 || d.Share != 1 {
		t.Errorf("energy on 2024-02-03: %+v", d)
	}
	// 2024-03-07 has two articles, none about the climate; 2024-03-08 none.
	if d := day(climate, "2024-03-06"); d.Articles != 1 || d.Share != 1 {
		t.Errorf("climate on 2024-03-06: %+v", d)
	}
	if d := day(climate, "2024-03-07"); d.Articles != 0 || d.Share != 0 || a.Totals[35].Articles != 2 {
		t.Errorf("climate on 2024-03-07: %+v, all %+v", d, a.Totals[35])
	}
	if d := day(climate, "2024-03-08"); d.Articles != 0 || d.Share != 0 {
		t.Errorf("climate on 2024-03-08: %+v", d)
	}
	tb, err := e.st.Outlet(t.Context(), "tagesblatt.example")
	if err != nil {
		t.Fatal(err)
	}
	if len(energy.Outlets) != 2 || energy.Outlets[0] != (httpapi.OutletCount{ID: tb.ID, Domain: "tagesblatt.example", Name: "Tagesblatt", Articles: 25}) ||
		energy.Outlets[1] != (httpapi.OutletCount{ID: energy.Outlets[1].ID, Domain: "dailypost.example", Name: "Daily Post", Articles: 1}) {
		t.Errorf("energy outlets = %+v", energy.Outlets)
	}
	if len(climate.Outlets) != 2 || climate.Outlets[0].Articles != 1 || climate.Outlets[1].Articles != 1 {
		t.Errorf("climate outlets = %+v", climate.Outlets)
	}
	if len(climate.Entities) != 1 || climate.Entities[0] != (httpapi.EntityArticles{ID: "Q154797", Name: "Deutscher Bundestag", Type: newsdesk.Organisation, Articles: 2}) {
		t.Errorf("climate entities = %+v", climate.Entities)
	}
	if len(energy.Entities) != 1 || energy.Entities[0].Articles != 1 {
		t.Errorf("energy entities = %+v", energy.Entities)
	}
	// The energy stories' own words are theirs, the query's word is not.
	terms := map[string]int{}
	for _, tm := range energy.Terms {
		terms[tm.Term] = tm.Articles
		if tm.Score <= 0 {
			t.Errorf("term %+v has no positive score", tm)
		}
	}
	if terms["energy"] != 0 || terms["markets"] != 25 || terms["the"] != 0 {
		t.Errorf("energy terms = %+v", energy.Terms)
	}
	if energy.Sampled != 26 || len(climate.Terms) == 0 {
		t.Errorf("energy sampled %d, climate terms %+v", energy.Sampled, climate.Terms)
	}

	// The same as CSV: a row per query and day.
	resp, b := e.do(t, "GET", path+"&format=csv", "", "")
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1+2*39 || strings.Join(rows[0], ",") != "query,day,articles,share" {
		t.Fatalf("csv: %d rows, header %q", len(rows), rows[0])
	}
	if got := strings.Join(rows[3], ","); got != "energy,2024-02-03,1,1" {
		t.Errorf("csv row 3 = %q", got)
	}
	if got := strings.Join(rows[1+39+34], ","); got != "climate OR Klimaschutzgesetz,2024-03-06,1,1" {
		t.Errorf("csv row of climate on 2024-03-06 = %q", got)
	}
}

// Without from and to, the period is the last 30 days; one of them
// bounds 30 days from or up to it.
func TestParseAttentionPeriod(t *testing.T) {
	now := time.Date(2024, 6, 19, 15, 4, 5, 0, time.UTC)
	for _, tc := range []struct{ from, to, wantFrom, wantTo string }{
		{"", "", "2024-05-21T00:00:00Z", "2024-06-20T00:00:00Z"},
		{"2024-01-01", "", "2024-01-01T00:00:00Z", "2024-01-31T00:00:00Z"},
		{"", "2024-01-31", "2024-01-02T00:00:00Z", "2024-02-01T00:00:00Z"},
		{"2024-01-01T12:00:00Z", "2024-01-02T12:00:00Z", "2024-01-01T12:00:00Z", "2024-01-02T12:00:00Z"},
	} {
		aq, err := httpapi.ParseAttention(url.Values{"q": {"a"}, "from": {tc.from}, "to": {tc.to}}, now)
		if err != nil {
			t.Errorf("from %q to %q: %v", tc.from, tc.to, err)
			continue
		}
		if got := aq.From.Format(time.RFC3339) + " " + aq.To.Format(time.RFC3339); got != tc.wantFrom+" "+tc.wantTo {
			t.Errorf("from %q to %q: %s", tc.from, tc.to, got)
		}
	}
}

// Bad input is answered with 400 as problem+json: no query, six, a bad
// date, a period backwards or too long, a bad format.
func TestIntegrationAttentionBadInput(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ query, detail string }{
		{"", "at least one query"},
		{"q=+&q=", "at least one query"},
		{"q=a&q=b&q=c&q=d&q=e&q=f", "at most 5 queries"},
		{"q=a&from=yesterday", "from:"},
		{"q=a&to=2024-13-01", "to:"},
		{"q=a&from=2024-03-01&to=2024-02-01", "from must be before to"},
		{"q=a&from=2020-01-01&to=2024-01-01", "at most 366"},
		{"q=a&format=xml", "format:"},
		{"q=" + strings.Repeat("x", 1001), "longer than 1000 bytes"},
	} {
		resp, b := e.do(t, "GET", "/api/attention?"+tc.query, "", "")
		p := checkProblem(t, resp, b, 400)
		if !strings.Contains(p.Detail, tc.detail) {
			t.Errorf("%s: detail %q, want %q in it", tc.query, p.Detail, tc.detail)
		}
	}
	// A whole year is within bounds.
	var a httpapi.Attention
	e.getJSON(t, "/api/attention?q=energy&from=2024-01-01&to=2024-12-31", 200, &a)
	if len(a.Queries[0].Days) != 366 || a.Queries[0].Total != 26 {
		t.Errorf("a leap year: %d days, total %d", len(a.Queries[0].Days), a.Queries[0].Total)
	}
}
