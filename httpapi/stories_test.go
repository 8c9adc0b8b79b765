package httpapi_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/follow"
	"newsdesk/httpapi"
)

// withStories adds to the env two copies of the German article at other
// outlets and connects the articles as the connect follower would: the
// German article, its copies and the English one are one story (under
// the German article's ID), the first three energy stories another.
func (e *env) withStories(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	cs := e.st
	de, err := extract.Extract([]byte(dePage), extract.Options{URL: "https://tagesblatt.example/politik/klimaschutzgesetz", ContentType: "text/html; charset=utf-8"})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range []struct{ name, site, title string }{
		{"copy1", "Nordkurier", de.Title},
		{"copy2", "Westpost", "Klimaschutzgesetz: Bundestag stimmt zu"},
	} {
		a := *de
		a.URL = fmt.Sprintf("https://%s.example/klima", c.name)
		a.CanonicalURL = ""
		a.SiteName, a.Title = c.site, c.title
		a.Published = de.Published.Add(time.Duration(2+3*i) * time.Hour)
		a.Blocks = append(slices.Clone(de.Blocks), newsdesk.Block{Kind: newsdesk.Paragraph, Text: "(dpa) " + c.site})
		e.saveArticle(t, c.name, 0, &a)
	}
	var b newsdesk.ConnectBatch
	connect := func(name string, copyOf, story int64) {
		a, err := e.st.Article(ctx, e.ids[name])
		if err != nil {
			t.Fatal(err)
		}
		b.Connections = append(b.Connections, newsdesk.Connection{ArticleID: a.ID, Hash: a.Hash, Signature: []byte{}, CopyOf: copyOf, Story: story})
	}
	climate := e.ids["de"]
	connect("de", 0, climate)
	connect("copy1", climate, climate)
	connect("copy2", climate, climate)
	connect("en", 0, climate)
	for i := range 3 {
		connect(fmt.Sprintf("story%d", i), 0, e.ids["story0"])
	}
	after, err := cs.ConnectPosition(ctx)
	if err != nil {
		t.Fatal(err)
	}
	_, last, err := e.st.Pending(ctx, after)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cs.SaveConnections(ctx, after, last, b); err != nil {
		t.Fatal(err)
	}
	if _, err := follow.CatchUp(ctx, e.st, e.ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
}

// The search listing shows the copies of an article as one hit, unless
// collapse=false; its hits carry their copy group and story.
func TestIntegrationSearchCollapse(t *testing.T) {
	e := newEnv(t)
	e.withStories(t)
	climate := e.ids["de"]
	var res httpapi.SearchResponse
	e.getJSON(t, "/api/articles?q=Klimaschutzgesetz", http.StatusOK, &res)
	if res.Total != 3 || len(res.Articles) != 1 {
		t.Fatalf("collapsed: total %d, %d hits %+v; want 3 articles in one hit", res.Total, len(res.Articles), res.Articles)
	}
	h := res.Articles[0]
	if h.Copies != 2 || len(h.CopyList) != 2 || int64(h.Story) != climate {
		t.Errorf("hit %+v: want 2 copies listed, story %d", h, climate)
	}
	var sites []string
	for _, c := range h.CopyList {
		sites = append(sites, c.SiteName)
	}
	all := []string{"Tagesblatt", "Nordkurier", "Westpost"}
	if slices.Contains(sites, h.SiteName) || !slices.Contains(all, h.SiteName) || len(sites) != 2 {
		t.Errorf("hit at %s, copies at %v", h.SiteName, sites)
	}
	if res.Facets["story"][strconv.FormatInt(climate, 10)] != 3 {
		t.Errorf("story facet %v", res.Facets["story"])
	}

	e.getJSON(t, "/api/articles?q=Klimaschutzgesetz&collapse=false", http.StatusOK, &res)
	if res.Total != 3 || len(res.Articles) != 3 {
		t.Fatalf("not collapsed: total %d, %d hits", res.Total, len(res.Articles))
	}
	for _, h := range res.Articles {
		isCopy := h.ID != climate
		if h.Copies != 0 || isCopy != (int64(h.CopyOf) == climate) {
			t.Errorf("hit %d: copy_of %d, copies %d", h.ID, h.CopyOf, h.Copies)
		}
	}
	// The JSON says null for no copy_of.
	_, body := e.do(t, "GET", "/api/articles?q=Klimaschutzgesetz&collapse=false&sort=date&limit=3", "", "")
	var raw struct {
		Articles []map[string]any `json:"articles"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		t.Fatal(err)
	}
	for _, a := range raw.Articles {
		if a["id"].(float64) == float64(climate) && a["copy_of"] != nil {
			t.Errorf("the original's copy_of is %v, want null", a["copy_of"])
		}
	}
	e.getJSON(t, "/api/articles?story="+strconv.FormatInt(climate, 10)+"&collapse=false", http.StatusOK, &res)
	if res.Total != 4 {
		t.Errorf("story=%d: %d articles, want 4", climate, res.Total)
	}
	resp, b := e.do(t, "GET", "/api/articles?collapse=maybe", "", "")
	checkProblem(t, resp, b, http.StatusBadRequest)
}

// GET /api/stories lists stories, all or those of a search's hits; GET
// /api/stories/{id} gives one with its coverage and copy groups.
func TestIntegrationStories(t *testing.T) {
	e := newEnv(t)
	e.withStories(t)
	climate, energy := e.ids["de"], e.ids["story0"]
	var list newsdesk.StoryList
	e.getJSON(t, "/api/stories", http.StatusOK, &list)
	var got []int64
	for _, s := range list.Stories {
		got = append(got, s.ID)
	}
	if list.Total != 2 || !slices.Contains(got, climate) || !slices.Contains(got, energy) {
		t.Fatalf("stories %v (total %d), want %d and %d", got, list.Total, climate, energy)
	}
	e.getJSON(t, "/api/stories?q=Klimaschutzgesetz", http.StatusOK, &list)
	if len(list.Stories) != 1 || list.Stories[0].ID != climate {
		t.Fatalf("stories of the search: %+v", list.Stories)
	}
	s := list.Stories[0]
	if s.Articles != 4 || s.Copies != 2 || s.Outlets != 4 || s.First.ID != climate || !slices.Equal(s.Languages, []string{"de", "en"}) {
		t.Errorf("story %+v", s)
	}
	e.getJSON(t, "/api/stories?q=parliament", http.StatusOK, &list) // the English article
	if len(list.Stories) != 1 || list.Stories[0].ID != climate {
		t.Errorf("stories of an English search: %+v", list.Stories)
	}
	e.getJSON(t, "/api/stories?q=Quantencomputer", http.StatusOK, &list)
	if list.Total != 0 || len(list.Stories) != 0 {
		t.Errorf("stories of a search without hits: %+v", list)
	}
	e.getJSON(t, "/api/stories?limit=1", http.StatusOK, &list)
	if len(list.Stories) != 1 || list.NextCursor == "" {
		t.Fatalf("first page %+v", list)
	}
	first := list.Stories[0].ID
	e.getJSON(t, "/api/stories?limit=1&cursor="+list.NextCursor, http.StatusOK, &list)
	if len(list.Stories) != 1 || list.Stories[0].ID == first {
		t.Errorf("second page %+v", list)
	}
	for _, bad := range []string{"limit=0", "from=yesterday", "cursor=xyz"} {
		resp, b := e.do(t, "GET", "/api/stories?"+bad, "", "")
		checkProblem(t, resp, b, http.StatusBadRequest)
	}

	var d httpapi.StoryBody
	e.getJSON(t, fmt.Sprintf("/api/stories/%d", climate), http.StatusOK, &d)
	if d.ID != climate || len(d.ArticleList) != 4 || d.ArticleList[0].ID != climate {
		t.Fatalf("story %+v", d.StoryDetail)
	}
	// 2024-03-05 08:30 to 2024-03-06 14:00: by the hour, 08:00 to 14:00.
	c := d.Coverage
	if c.Bucket != "hour" || c.Buckets != 31 || !c.Start.Equal(time.Date(2024, 3, 5, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("coverage %s × %d from %v", c.Bucket, c.Buckets, c.Start)
	}
	var outlets []string
	for _, o := range c.Outlets {
		outlets = append(outlets, o.Site)
		n := 0
		for _, b := range o.Counts {
			n += b.Originals + b.Copies
		}
		if n != o.Articles || o.OnlyCopies != (o.Site == "copy1.example" || o.Site == "copy2.example") {
			t.Errorf("outlet %+v", o)
		}
	}
	// The store names outlets by their hosts.
	if !slices.Equal(outlets, []string{"tagesblatt.example", "copy1.example", "copy2.example", "dailypost.example"}) {
		t.Errorf("outlets %v", outlets)
	}
	if len(d.CopyGroups) != 1 || d.CopyGroups[0].Original.ID != climate || len(d.CopyGroups[0].Copies) != 2 {
		t.Errorf("copy groups %+v", d.CopyGroups)
	}
	resp, b := e.do(t, "GET", "/api/stories/999999", "", "")
	checkProblem(t, resp, b, http.StatusNotFound)
}

// Merging and splitting stories need the token; a merged story's ID
// redirects to the story it went into.
func TestIntegrationStoryEdits(t *testing.T) {
	e := newEnv(t)
	e.withStories(t)
	climate, energy := e.ids["de"], e.ids["story0"]
	merge := fmt.Sprintf("/api/stories/%d/merge", energy)
	body := fmt.Sprintf(`{"into": %d}`, climate)
	resp, b := e.do(t, "POST", merge, "", body)
	checkProblem(t, resp, b, http.StatusUnauthorized)
	resp, b = e.do(t, "POST", merge, testToken, `{"into": "x"}`)
	checkProblem(t, resp, b, http.StatusBadRequest)
	resp, b = e.do(t, "POST", fmt.Sprintf("/api/stories/%d/merge", climate), testToken, body)
	checkProblem(t, resp, b, http.StatusUnprocessableEntity)
	resp, b = e.do(t, "POST", "/api/stories/999999/merge", testToken, body)
	checkProblem(t, resp, b, http.StatusNotFound)
	resp, b = e.do(t, "POST", merge, testToken, body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("merge: %d %s", resp.StatusCode, b)
	}
	// The merged ID redirects; the client follows to the story.
	resp, _ = e.do(t, "GET", fmt.Sprintf("/api/stories/%d", energy), "", "")
	if resp.Request.URL.Path != fmt.Sprintf("/api/stories/%d", climate) {
		t.Errorf("merged story answered at %s", resp.Request.URL.Path)
	}
	var d httpapi.StoryBody
	e.getJSON(t, fmt.Sprintf("/api/stories/%d", climate), http.StatusOK, &d)
	if len(d.ArticleList) != 7 {
		t.Fatalf("merged story has %d articles, want 7", len(d.ArticleList))
	}
	// The index follows.
	var res httpapi.SearchResponse
	if _, err := follow.CatchUp(context.Background(), e.st, e.ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
	e.getJSON(t, fmt.Sprintf("/api/articles?story=%d&collapse=false", climate), http.StatusOK, &res)
	if res.Total != 7 {
		t.Errorf("the index has %d articles of the merged story, want 7", res.Total)
	}

	split := fmt.Sprintf("/api/stories/%d/split", climate)
	en := e.ids["en"]
	for _, bad := range []string{`{"articles": []}`, fmt.Sprintf(`{"articles": [%d]}`, climate), fmt.Sprintf(`{"articles": [%d]}`, e.ids["story9"])} {
		resp, b = e.do(t, "POST", split, testToken, bad)
		checkProblem(t, resp, b, http.StatusUnprocessableEntity)
	}
	resp, b = e.do(t, "POST", split, "", fmt.Sprintf(`{"articles": [%d]}`, en))
	checkProblem(t, resp, b, http.StatusUnauthorized)
	resp, b = e.do(t, "POST", split, testToken, fmt.Sprintf(`{"articles": [%d]}`, en))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("split: %d %s", resp.StatusCode, b)
	}
	var out struct {
		NewID int64 `json:"new_id"`
	}
	if err := json.Unmarshal(b, &out); err != nil || out.NewID != en {
		t.Fatalf("split: %s", b)
	}
	e.getJSON(t, fmt.Sprintf("/api/stories/%d", en), http.StatusOK, &d)
	if len(d.ArticleList) != 1 || d.ArticleList[0].ID != en {
		t.Errorf("split story %+v", d.ArticleList)
	}
}

// StoryCoverage counts by day when a story spans more than three days,
// and leaves out articles without a time.
func TestStoryCoverageDays(t *testing.T) {
	at := func(d, h int) time.Time { return time.Date(2024, 5, d, h, 0, 0, 0, time.UTC) }
	c := httpapi.StoryCoverage([]newsdesk.StoryArticle{
		{ID: 1, Site: "A", Published: at(1, 10)},
		{ID: 2, Site: "B", Published: at(1, 23), CopyOf: 1},
		{ID: 3, Site: "A", Published: at(6, 1)},
		{ID: 4, Site: "C"},
	})
	if c.Bucket != "day" || c.Buckets != 6 || len(c.Outlets) != 2 {
		t.Fatalf("coverage %+v", c)
	}
	a := c.Outlets[0]
	if a.Site != "A" || len(a.Counts) != 2 || a.Counts[1].Bucket != 5 || a.Counts[1].Originals != 1 || a.OnlyCopies {
		t.Errorf("outlet A %+v", a)
	}
	if b := c.Outlets[1]; !b.OnlyCopies || b.Counts[0].Copies != 1 {
		t.Errorf("outlet B %+v", b)
	}
}
