package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"newsdesk/e2e/corpus"
)

// TestIntegrationBrowserAlerts saves a search as an alert in the
// browser and sees the articles stored after it arrive in its inbox:
// the store holds the German outlet; a search for Hamburg is saved with
// "Save as alert" and shows in the alerts list; then "newsdesk ingest"
// adds the English outlet to the same data directory while the server
// runs, the alert follower matches its Hamburg articles, and the
// alert's inbox lists them unread, until "mark all read".
func TestIntegrationBrowserAlerts(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped with -short")
	}
	chromium, err := exec.LookPath("chromium")
	switch {
	case err != nil && os.Getenv("E2E_REQUIRE_BROWSER") != "":
		t.Fatalf("chromium not installed, and E2E_REQUIRE_BROWSER is set: %v", err)
	case err != nil:
		t.Skip("chromium not installed (apt-get install chromium; .ci/run does): " + err.Error())
	}
	start := time.Now()
	bin := buildNewsdesk(t)

	// The German outlet first, the English one after the alert.
	tmp := t.TempDir()
	data := filepath.Join(tmp, "data")
	warc := func(o int) (string, int) {
		pages, err := corpus.FromDir(filepath.Join("testdata", "pages", testOutlets[o].dir), testOutlets[o].base)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Join(tmp, testOutlets[o].dir+".warc.gz")
		if err := corpus.WriteWARC(name, pages); err != nil {
			t.Fatal(err)
		}
		return name, len(pages)
	}
	rhein, n := warc(0)
	if out, errOut, code := newsdesk(t, bin, "ingest", "--data", data, rhein); code != 0 {
		t.Fatalf("ingest %s: exit %d\n%s%s", rhein, code, out, errOut)
	}
	srv := startServe(t, bin, data)
	srv.waitIndexed(t, int64(n))
	token, err := os.ReadFile(filepath.Join(data, "api-token"))
	if err != nil {
		t.Fatal(err)
	}

	var hamburg struct{ Total int }
	srv.getJSON(t, "/api/articles?q=Hamburg&collapse=false", &hamburg)
	before := hamburg.Total

	b := newBrowser(t, chromium)
	b.follow("search Hamburg", chromedp.Navigate(srv.base+"/?q=Hamburg"))
	b.checkPage("search Hamburg")
	b.follow("save as alert", chromedp.Click(chromedp.ID("save-alert")))
	b.checkPage("new alert")
	if loc := b.location(); loc.Path != "/alerts" {
		t.Fatalf("Save as alert: at %s, want /alerts", loc)
	}
	if q, name := b.value("#alert-query"), b.value("#alert-name"); q != "Hamburg" || name != "Hamburg" {
		t.Errorf("the alert form is filled with query %q, name %q; want Hamburg", q, name)
	}
	b.shot("alert-new")
	b.follow("save the alert", chromedp.Click(chromedp.ID("alert-submit")))
	b.checkPage("alert saved")
	loc := b.location()
	id, err := strconv.ParseInt(strings.TrimPrefix(loc.Path, "/alerts/"), 10, 64)
	if err != nil {
		t.Fatalf("after saving: at %s, want the alert's page", loc)
	}
	if got := b.text("#no-matches"); got == "" {
		t.Errorf("a new alert's inbox is not empty")
	}
	if got := b.attr("#feed-atom", "href"); !strings.Contains(got, fmt.Sprintf("/api/alerts/%d/feed.atom?token=", id)) {
		t.Errorf("atom feed link %q", got)
	}

	b.follow("open the alerts page", chromedp.Click(chromedp.CSS(`#site-nav a[href="/alerts"]`)))
	b.checkPage("alerts")
	type row struct {
		ID     string `json:"id"`
		Name   string `json:"name"`
		Query  string `json:"query"`
		Unread string `json:"unread"`
	}
	rows := func() []row {
		return evaluate[[]row](b, `Array.from(document.querySelectorAll('#alerts tr.alert-row')).map(tr => ({
			id: tr.dataset.id, unread: tr.dataset.unread,
			name: tr.querySelector('.alert-name').textContent, query: tr.querySelector('.alert-query').textContent}))`)
	}
	if got := rows(); len(got) != 1 || got[0] != (row{ID: strconv.FormatInt(id, 10), Name: "Hamburg", Query: "Hamburg", Unread: "0"}) {
		t.Fatalf("alerts list: %+v, want the new alert with nothing unread", got)
	}
	b.shot("alerts")

	// More articles, stored while the server runs: the English outlet's
	// Hamburg articles match.
	harbour, m := warc(1)
	if out, errOut, code := newsdesk(t, bin, "ingest", "--data", data, harbour); code != 0 || !strings.Contains(out, fmt.Sprintf("new %d,", m)) {
		t.Fatalf("ingest %s: exit %d\n%s%s", harbour, code, out, errOut)
	}
	srv.waitIndexed(t, int64(n+m))
	var after struct{ Total int }
	srv.getJSON(t, "/api/articles?q=Hamburg&collapse=false", &after)
	want := after.Total - before
	if want <= 0 {
		t.Fatalf("the English outlet adds no Hamburg article (%d before, %d after)", before, after.Total)
	}
	var matches struct {
		Total   int `json:"total"`
		Matches []struct {
			ArticleID int64  `json:"article_id"`
			Title     string `json:"title"`
			Read      bool   `json:"read"`
		} `json:"matches"`
	}
	deadline := time.Now().Add(20 * time.Second)
	for {
		req, _ := http.NewRequest("GET", fmt.Sprintf("%s/api/alerts/%d/matches", srv.base, id), nil)
		req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		err = json.NewDecoder(resp.Body).Decode(&matches)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET matches: %s, %v", resp.Status, err)
		}
		if matches.Total >= want || time.Now().After(deadline) {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if matches.Total != want {
		t.Fatalf("the alert has %d matches, want the %d Hamburg articles stored after it: %+v", matches.Total, want, matches.Matches)
	}

	// The inbox shows them unread, the list counts them.
	b.follow("reload the alerts page", chromedp.Reload())
	if got := rows(); len(got) != 1 || got[0].Unread != strconv.Itoa(want) {
		t.Errorf("alerts list after the ingest: %+v, want %d unread", got, want)
	}
	b.follow("open the alert", chromedp.Click(chromedp.CSS(fmt.Sprintf(`#alerts tr.alert-row[data-id="%d"] a.alert-name`, id))))
	b.checkPage("inbox")
	type item struct {
		Article string `json:"article"`
		Unread  bool   `json:"unread"`
		Title   string `json:"title"`
		Href    string `json:"href"`
	}
	inbox := func() []item {
		return evaluate[[]item](b, `Array.from(document.querySelectorAll('#matches li.match')).map(li => ({
			article: li.dataset.article, unread: li.classList.contains('unread'),
			title: li.querySelector('.match-title').textContent, href: li.querySelector('a.match-title').getAttribute('href')}))`)
	}
	items := inbox()
	if len(items) != want {
		t.Fatalf("inbox: %+v, want %d matches", items, want)
	}
	for _, it := range items {
		if !it.Unread || it.Title == "" || it.Href != "/articles/"+it.Article {
			t.Errorf("inbox item %+v, want it unread, titled, linking to its article", it)
		}
	}
	if got := b.text("#unread-count"); got != fmt.Sprintf("%d unread", want) {
		t.Errorf("inbox count %q", got)
	}
	b.shot("alert-inbox")
	b.follow("mark all read", chromedp.Click(chromedp.ID("mark-all-read")))
	b.checkPage("inbox read")
	for _, it := range inbox() {
		if it.Unread {
			t.Errorf("after mark all read: %+v still unread", it)
		}
	}
	if got := b.text("#unread-count"); got != "0 unread" {
		t.Errorf("after mark all read: count %q", got)
	}
	b.follow("open the first match", chromedp.Click(chromedp.CSS(`#matches li.match a.match-title`)))
	b.checkPage("match article")
	if got := b.attr("#article", "data-id"); got != items[0].Article {
		t.Errorf("the inbox link leads to article %q, want %s", got, items[0].Article)
	}
	b.checkQuiet()
	t.Logf("done in %v; screenshots in %s", time.Since(start).Round(time.Millisecond), b.shots)
}
