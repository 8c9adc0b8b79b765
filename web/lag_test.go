package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/follow"
	"newsdesk/sqlite"
	"newsdesk/web"
)

// The search page says how many stored articles are not searchable yet
// while the index is behind the store, and says nothing once it is not.
func TestIntegrationIndexLagNotice(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	st, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ix := openTestIndex(t, dir)
	save := func(i int) {
		u := fmt.Sprintf("https://tagesblatt.example/story/%d", i)
		a := &newsdesk.Article{URL: u, Title: fmt.Sprintf("Story %d", i), Language: "en",
			Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: fmt.Sprintf("Story %d tells of the harbour and the town council.", i)}}}
		p := &newsdesk.Page{URL: u, ContentType: "text/html", Fetched: time.Now(), Body: []byte(a.Text())}
		if _, _, err := st.SaveArticle(ctx, p, a); err != nil {
			t.Fatal(err)
		}
	}
	ui, err := web.New(web.Config{Store: st, Index: ix, Token: testToken,
		IndexLag: func(ctx context.Context) (int64, error) { return follow.Lag(ctx, st, ix) }})
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	ui.Register(mux)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	notice := func() string {
		resp, err := http.Get(srv.URL + "/?q=harbour")
		if err != nil {
			t.Fatal(err)
		}
		p := readPage(t, resp, 200)
		if n := find(p.doc, "p", "#index-lag"); len(n) > 0 {
			return text(n[0])
		}
		return ""
	}

	save(1)
	save(2)
	if _, err := follow.CatchUp(ctx, st, ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := notice(); got != "" {
		t.Errorf("an index up to date has the notice %q", got)
	}
	save(3)
	if got := notice(); !strings.Contains(got, "1 stored article is not searchable yet") {
		t.Errorf("with one article not indexed, the notice is %q", got)
	}
	if _, err := follow.CatchUp(ctx, st, ix, follow.Options{}); err != nil {
		t.Fatal(err)
	}
	if got := notice(); got != "" {
		t.Errorf("after catching up, the notice is %q", got)
	}
}
