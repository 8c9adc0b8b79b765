package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileTitle would run as a formula in a spreadsheet, and retitle the
// window and recolour a terminal (OSC with BEL, and CSI as U+009B).
const hostileTitle = "=HYPERLINK(\"http://x\",\"y\") \x1b]0;PWNED\x07 \xc2\x9b31m end"

// hostilePage is a news page whose title, site name, author and text
// carry terminal controls.
func hostilePage() string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>%[1]s</title><meta property="og:site_name" content="Evil&#x1b;[2J Times">
<meta name="author" content="Jane &#x1b;[5mBlink">
<meta property="article:published_time" content="2024-04-03T08:00:00Z"></head>
<body><article><h1>%[1]s</h1>`, hostileTitle)
	for p := range 5 {
		fmt.Fprintf(&b, "<p>The council met on Tuesday \x1b[8mhidden\x1b[0m to discuss the budget, paragraph %d. ", p)
		b.WriteString(strings.Repeat("Members agreed that the harbour works go ahead next spring. ", 4))
		b.WriteString("</p>\n")
	}
	b.WriteString("</article></body></html>\n")
	return b.String()
}

// checkNoControls fails if out holds a byte a terminal acts on: ESC, BEL,
// another C0 control but line breaks and tabs, or a C1 control in UTF-8.
func checkNoControls(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		if r == '\n' || r == '\t' {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			t.Errorf("%s: control %U at byte %d: %q", what, r, i, out[max(0, i-30):min(len(out), i+30)])
			return
		}
	}
	if strings.Contains(out, "\xc2\x9b") {
		t.Errorf("%s holds the bytes of CSI", what)
	}
}

func TestHostileTextStaysText(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(t.TempDir(), "page.html")
	if err := os.WriteFile(page, []byte(hostilePage()), 0o644); err != nil {
		t.Fatal(err)
	}
	r := run(t, nil, "ingest", "--data", dir, page)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "new 1,") {
		t.Fatalf("ingest: %s%s", r.stdout, r.stderr)
	}

	// The stored article is exact; JSON escapes what it must.
	r = run(t, nil, "articles", "--data", dir, "--jsonl")
	r.mustCode(t, 0)
	var stored struct{ Title string }
	if err := json.Unmarshal([]byte(r.stdout), &stored); err != nil || stored.Title != hostileTitle {
		t.Fatalf("stored title %q (%v), want %q", stored.Title, err, hostileTitle)
	}
	checkNoControls(t, "articles --jsonl", r.stdout)

	r = run(t, nil, "articles", "--data", dir)
	r.mustCode(t, 0)
	checkNoControls(t, "articles", r.stdout)
	for _, want := range []string{`=HYPERLINK("http://x","y") \x1b]0;PWNED\x07 \u009b31m end`, `Evil\x1b[2J Times`} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("articles: %q lacks %q", r.stdout, want)
		}
	}
	if fields := strings.Split(strings.TrimSuffix(r.stdout, "\n"), "\t"); len(fields) != 4 || strings.Count(r.stdout, "\n") != 1 {
		t.Errorf("articles: not one line of four columns: %q", r.stdout)
	}

	r = run(t, nil, "articles", "--data", dir, "--csv")
	r.mustCode(t, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 2 {
		t.Fatalf("articles --csv: %v, %d rows:\n%s", err, len(rows), r.stdout)
	}
	for i, cell := range rows[1] {
		if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
			t.Errorf("articles --csv: column %s starts with %q: %q", rows[0][i], cell[0], cell)
		}
	}
	if strings.Contains(r.stdout, ",=HYPERLINK") || strings.Contains(r.stdout, `,"=HYPERLINK`) {
		t.Errorf("articles --csv: a cell starts with =HYPERLINK:\n%s", r.stdout)
	}
	if rows[1][3] != "'"+hostileTitle {
		t.Errorf("articles --csv: title %q, want the title after a quote", rows[1][3])
	}

	r = run(t, nil, "search", "--data", dir, "council")
	r.mustCode(t, 0)
	checkNoControls(t, "search", r.stdout)
	if !strings.Contains(r.stdout, `\x1b]0;PWNED\x07`) {
		t.Errorf("search: the title's controls are not shown as escapes:\n%s", r.stdout)
	}

	for _, format := range []string{"text", "markdown", "html"} {
		r = run(t, nil, "extract", "--format", format, page)
		r.mustCode(t, 0)
		checkNoControls(t, "extract --format "+format, r.stdout)
		if !strings.Contains(r.stdout, `\x1b`) || !strings.Contains(r.stdout, "hidden") {
			t.Errorf("extract --format %s: %q", format, r.stdout)
		}
	}
	r = run(t, nil, "extract", "--format", "json", page)
	r.mustCode(t, 0)
	checkNoControls(t, "extract --format json", r.stdout)
	if obj := checkJSON(t, r.stdout); obj["title"] != hostileTitle {
		t.Errorf("extract --format json: title %q, want it exact", obj["title"])
	}
}

func TestHostileSourceList(t *testing.T) {
	dir := t.TempDir()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		// XML has no C0 controls but line breaks and tabs (the feed
		// reader drops them); it has the C1 ones.
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>`+"News \x1b]0;PWNED\x07 "+
			"\u009b31m</title><link>http://example.org/</link><item><link>http://example.org/a</link></item></channel></rss>")
	}))
	t.Cleanup(srv.Close)
	r := run(t, nil, "sources", "add", "--data", dir, "--allow-private-networks", srv.URL+"/feed")
	r.mustCode(t, 0)
	checkNoControls(t, "sources add", r.stdout)
	r = run(t, nil, "sources", "list", "--data", dir)
	r.mustCode(t, 0)
	checkNoControls(t, "sources list", r.stdout)
	if !strings.Contains(r.stdout, `News ]0;PWNED \u009b31m <`+srv.URL+"/feed>") {
		t.Errorf("sources list: the title's controls are not shown as escapes:\n%s", r.stdout)
	}
	r = run(t, nil, "sources", "list", "--data", dir, "--json")
	r.mustCode(t, 0)
	checkNoControls(t, "sources list --json", r.stdout)
	var list []struct{ Title string }
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list) != 1 || list[0].Title != "News ]0;PWNED \u009b31m" {
		t.Errorf("sources list --json: %v, %+v", err, list)
	}
}

func TestCSVCell(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"Plain title", "Plain title"},
		{`=HYPERLINK("http://x","y")`, `'=HYPERLINK("http://x","y")`},
		{"+49 30 1234", "'+49 30 1234"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1+1)*cmd|' /C calc'!A0", "'@SUM(1+1)*cmd|' /C calc'!A0"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"a=b", "a=b"},
		{" =1", " =1"},
		{"'quoted", "'quoted"},
		{"https://example.org/?q=1", "https://example.org/?q=1"},
	}
	for _, tt := range tests {
		if got := csvCell(tt.in); got != tt.want {
			t.Errorf("csvCell(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExtractNotHTML(t *testing.T) {
	in := t.TempDir()
	sitemap := filepath.Join(in, "s.xml")
	os.WriteFile(sitemap, []byte(`<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/1</loc></url></urlset>`), 0o644)
	xhtml := filepath.Join(in, "x.html")
	os.WriteFile(xhtml, []byte(strings.Replace(newsPage(1), "<!DOCTYPE html>", `<?xml version="1.0" encoding="utf-8"?>`, 1)), 0o644)

	r := run(t, nil, "extract", "--format", "json", sitemap)
	r.mustCode(t, 1)
	if r.stdout != "" || !strings.Contains(r.stderr, "s.xml: not an HTML page: looks like an XML sitemap") {
		t.Errorf("sitemap: stdout %q, stderr %q", r.stdout, r.stderr)
	}

	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/feed":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<rss version="2.0"><channel><title>News</title></channel></rss>`)
		case "/api":
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"html": "<p>`+strings.Repeat("words ", 60)+`</p>"}`)
		}
	}))
	t.Cleanup(srv.Close)
	r = run(t, nil, "extract", "--format", "json", "--allow-private-networks", srv.URL+"/feed", xhtml, srv.URL+"/api")
	r.mustCode(t, 1)
	for _, want := range []string{"/feed: not an HTML page: looks like an RSS feed", "/api: not an HTML page: looks like JSON"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// The XHTML page between them is extracted.
	if objs := jsonLines(t, r.stdout); len(objs) != 1 || objs[0]["title"] != "Story 1" {
		t.Errorf("stdout: %s", r.stdout)
	}
}
