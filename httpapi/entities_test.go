package httpapi_test

import (
	"testing"

	"newsdesk"
)

func TestIntegrationEntities(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	m := func(s, end int, text, id string, kind newsdesk.MentionKind) newsdesk.Mention {
		return newsdesk.Mention{Start: s, End: end, Text: text, Type: newsdesk.Person, Kind: kind, EntityID: id}
	}
	an := func(ms ...newsdesk.Mention) *newsdesk.Analysis {
		a := &newsdesk.Analysis{Mentions: ms}
		for _, x := range ms {
			a.Entities = append(a.Entities, newsdesk.Entity{ID: x.EntityID, Name: map[string]string{"Q7747": "Wladimir Putin", "Q56226": "Kim Jong Un"}[x.EntityID], Type: newsdesk.Person})
		}
		return a
	}
	if err := e.st.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{
		{ArticleID: e.ids["de"], Analysis: an(m(0, 5, "Putin", "Q7747", newsdesk.NameMention), m(10, 24, "der Kreml-Chef", "Q7747", newsdesk.RoleMention), m(30, 33, "Kim", "Q56226", newsdesk.NameMention))},
		{ArticleID: e.ids["en"], Analysis: an(m(0, 5, "Putin", "Q7747", newsdesk.NameMention))},
	}); err != nil {
		t.Fatal(err)
	}
	var list newsdesk.EntityList
	e.getJSON(t, "/api/entities", 200, &list)
	if list.Total != 2 || list.Entities[0].ID != "Q7747" || list.Entities[0].Mentions != 3 || list.Entities[0].Articles != 2 {
		t.Errorf("entities = %+v", list)
	}
	e.getJSON(t, "/api/entities?q=kim", 200, &list)
	if len(list.Entities) == 0 || list.Entities[0].ID != "Q56226" {
		t.Errorf("q=kim: %+v", list)
	}
	e.getJSON(t, "/api/entities?q=Kreml-Chef", 200, &list)
	if len(list.Entities) != 1 || list.Entities[0].ID != "Q7747" {
		t.Errorf("q=Kreml-Chef: %+v", list)
	}
	var info newsdesk.EntityInfo
	e.getJSON(t, "/api/entities/Q7747", 200, &info)
	if info.Name != "Wladimir Putin" || len(info.Aliases) != 2 || len(info.With) != 1 || info.With[0].ID != "Q56226" || len(info.Latest) != 2 {
		t.Errorf("entity = %+v", info)
	}
	for _, bad := range []string{"/api/entities?type=XYZ", "/api/entities?limit=0", "/api/entities?cursor=zzz"} {
		resp, b := e.do(t, "GET", bad, "", "")
		checkProblem(t, resp, b, 400)
	}
	resp, b := e.do(t, "GET", "/api/entities/nobody", "", "")
	checkProblem(t, resp, b, 404)

	// Edits need the token; a merge redirects the merged-away id.
	resp, b = e.do(t, "POST", "/api/entities/Q56226/merge", "", `{"into": "Q7747"}`)
	checkProblem(t, resp, b, 401)
	resp, b = e.do(t, "POST", "/api/entities/Q56226/merge", testToken, `{"into": "Q7747"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("merge: %d %s", resp.StatusCode, b)
	}
	e.getJSON(t, "/api/entities/Q56226", 200, &info)
	if info.ID != "Q7747" || info.Mentions != 4 {
		t.Errorf("after the merge, Q56226 leads to %+v", info)
	}
	resp, b = e.do(t, "POST", "/api/entities/Q7747/split", testToken, `{"name": "Kim"}`)
	if resp.StatusCode != 200 {
		t.Fatalf("split: %d %s", resp.StatusCode, b)
	}
	e.getJSON(t, "/api/entities/Q7747", 200, &info)
	if info.Mentions != 3 {
		t.Errorf("after the split: %+v", info)
	}
	resp, b = e.do(t, "POST", "/api/entities/Q7747/aliases", testToken, `{"name": ""}`)
	checkProblem(t, resp, b, 400)
	resp, b = e.do(t, "POST", "/api/entities/nobody/aliases", testToken, `{"name": "x"}`)
	checkProblem(t, resp, b, 404)
	resp, b = e.do(t, "POST", "/api/entities/Q7747/merge", testToken, `{"into": "Q7747"}`)
	checkProblem(t, resp, b, 422)
}
