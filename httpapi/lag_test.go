package httpapi_test

import (
	"testing"
	"time"

	"newsdesk"
	"newsdesk/httpapi"
)

// An article stored while the index is behind leaves the server healthy,
// and /healthz and /api/stats say how far behind the index is.
func TestIntegrationIndexLag(t *testing.T) {
	e := newEnv(t)
	p := &newsdesk.Page{URL: "https://late.example/a", ContentType: "text/html", Fetched: time.Now(), Body: []byte("late")}
	a := &newsdesk.Article{Title: "Late", Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "Stored while the index is behind."}}}
	if _, _, err := e.st.SaveArticle(t.Context(), p, a); err != nil {
		t.Fatal(err)
	}
	var h map[string]any
	var st httpapi.Stats
	e.getJSON(t, "/healthz", 200, &h)
	e.getJSON(t, "/api/stats", 200, &st)
	if h["status"] != "ok" || h["index_lag"] != 1.0 || st.IndexLag != 1 || st.Articles != 30 || st.Indexed != 29 {
		t.Errorf("with one article not indexed: healthz = %v, stats = %+v", h, st)
	}
}
