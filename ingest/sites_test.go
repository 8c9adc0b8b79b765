package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"newsdesk"
)

// TestSiteLearningConverges: the pages of one site, ingested in opposite
// orders into two stores, are learnt by their site, and after reprocess
// both stores hold the same articles, without the newsroom blurb the site
// runs into every headline.
func TestSiteLearningConverges(t *testing.T) {
	ctx := context.Background()
	pages, err := filepath.Glob(filepath.Join("..", "extract", "testdata", "site", "page*.html"))
	if err != nil || len(pages) < newsdesk.SiteMinPages {
		t.Fatalf("pages: %v %v", pages, err)
	}
	read := func(st newsdesk.Store) map[string]string {
		as, err := st.Articles(ctx, newsdesk.ArticleFilter{})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]string{}
		for _, a := range as {
			out[a.CanonicalURL] = a.Title + "\n" + a.Text()
		}
		return out
	}
	var got []map[string]string
	for order := range 2 {
		dir := t.TempDir()
		for i, p := range pages {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			// The directory is read in name order: the second store gets
			// the pages the other way round.
			n := i
			if order == 1 {
				n = len(pages) - 1 - i
			}
			os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.html", n)), b, 0o644)
		}
		st := newStore(t)
		src := addSource(t, st, newsdesk.KindFile, dir)
		if pr := runPass(t, ctx, Config{Store: st, ExtractWorkers: 1}, src); pr.err != nil || pr.stats.New != len(pages) {
			t.Fatalf("ingest: %+v %v %v", pr.stats, pr.err, pr.failures())
		}
		tpl, err := st.SiteTemplate(ctx, "example-news.de")
		if err != nil || tpl.Learnt != len(pages) || !tpl.Applies() {
			t.Fatalf("learnt: %+v %v", tpl, err)
		}
		if _, err := Reprocess(ctx, st, 2, nil); err != nil {
			t.Fatal(err)
		}
		got = append(got, read(st))
	}
	if len(got[0]) != len(pages) {
		t.Fatalf("%d articles", len(got[0]))
	}
	var urls []string
	for u := range got[0] {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	for _, u := range urls {
		if got[0][u] != got[1][u] {
			t.Errorf("%s differs:\n%s\n---\n%s", u, got[0][u], got[1][u])
		}
		if strings.Contains(got[0][u], "Mehr als 150 Journalistinnen") || strings.Contains(got[0][u], "Newsletter abonnieren") {
			t.Errorf("%s keeps the site's furniture:\n%s", u, got[0][u])
		}
	}
}
