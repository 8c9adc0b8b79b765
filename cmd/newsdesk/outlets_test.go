package main

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"newsdesk"
)

// TestOutletsImportExportSearch imports articles whose outlet is given
// in each form, exports them with their outlets, searches by outlet,
// and imports the export into another store as the same outlets.
func TestOutletsImportExportSearch(t *testing.T) {
	dir := t.TempDir()
	in := importLines(t,
		// A name: the domain of the URL, named so.
		map[string]any{"url": "https://www.fr.de/politik/a", "title": "Eins", "text": importText("fr a"), "outlet": "Frankfurter Rundschau"},
		map[string]any{"url": "https://www.fr.de/politik/b", "title": "Zwei", "text": importText("fr b"), "site_name": "FR"},
		map[string]any{"url": "https://www.fr.de/politik/c", "title": "Drei", "text": importText("fr c"), "outlet": map[string]any{"name": "Frankfurter Rundschau", "domain": "fr.de"}},
		// A domain other than the URL's.
		map[string]any{"url": "https://syndication.example.net/item/9", "title": "Vier", "text": importText("spiegel"), "outlet": "https://www.spiegel.de/"},
		// An object, as articles --jsonl writes it, with another store's id.
		map[string]any{"url": "https://www.zeit.de/x", "title": "Fünf", "text": importText("zeit"), "outlet": map[string]any{"id": 77, "name": "ZEIT ONLINE", "domain": "zeit.de"}},
		// None: the URL's domain, nameless.
		map[string]any{"url": "https://taz.de/y", "title": "Sechs", "text": importText("taz")},
	)
	r := run(t, in, "import", "--data", dir, "-")
	r.mustCode(t, 0)

	type outletJSON struct {
		URL    string           `json:"url"`
		Outlet *newsdesk.Outlet `json:"outlet"`
	}
	r = run(t, nil, "articles", "--data", dir, "--jsonl")
	r.mustCode(t, 0)
	got := map[string]newsdesk.Outlet{}
	for line := range strings.Lines(r.stdout) {
		var a outletJSON
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			t.Fatal(err)
		}
		if a.Outlet == nil || a.Outlet.ID == 0 {
			t.Fatalf("%s: outlet %v", a.URL, a.Outlet)
		}
		o := *a.Outlet
		o.ID = 0
		got[a.URL] = o
	}
	want := map[string]newsdesk.Outlet{
		"https://www.fr.de/politik/a":            {Name: "Frankfurter Rundschau", Domain: "fr.de"},
		"https://www.fr.de/politik/b":            {Name: "Frankfurter Rundschau", Domain: "fr.de"},
		"https://www.fr.de/politik/c":            {Name: "Frankfurter Rundschau", Domain: "fr.de"},
		"https://syndication.example.net/item/9": {Name: "spiegel.de", Domain: "spiegel.de"},
		"https://www.zeit.de/x":                  {Name: "ZEIT ONLINE", Domain: "zeit.de"},
		"https://taz.de/y":                       {Name: "taz.de", Domain: "taz.de"},
	}
	if !equalOutlets(got, want) {
		t.Errorf("outlets after import:\n got %v\nwant %v", got, want)
	}
	export := r.stdout

	// CSV: the outlet's columns before the text.
	r = run(t, nil, "articles", "--data", dir, "--csv")
	r.mustCode(t, 0)
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil || len(rows) != 7 {
		t.Fatalf("articles --csv: %v, %d rows", err, len(rows))
	}
	head := rows[0]
	col := func(name string) int { return slices.Index(head, name) }
	if col("outlet_id") < 0 || col("outlet_name") < 0 || col("outlet_domain") < 0 || head[len(head)-1] != "text" {
		t.Fatalf("articles --csv header %q", head)
	}
	for _, row := range rows[1:] {
		o := want[row[col("url")]]
		if row[col("outlet_name")] != o.Name || row[col("outlet_domain")] != o.Domain || row[col("outlet_id")] == "" {
			t.Errorf("csv row of %s: outlet %q %q %q", row[col("url")], row[col("outlet_id")], row[col("outlet_name")], row[col("outlet_domain")])
		}
	}

	// Text lines name the outlet.
	r = run(t, nil, "articles", "--data", dir)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "\tFrankfurter Rundschau\tZwei") {
		t.Errorf("articles: no outlet name:\n%s", r.stdout)
	}

	for _, tt := range []struct {
		args []string
		want []string // titles
	}{
		{[]string{"outlet:fr.de"}, []string{"Drei", "Eins", "Zwei"}},
		{[]string{`outlet:"frankfurter rundschau"`}, []string{"Drei", "Eins", "Zwei"}},
		{[]string{"outlet:www.spiegel.de"}, []string{"Vier"}},
		{[]string{"--outlet", "ZEIT ONLINE"}, []string{"Fünf"}},
		{[]string{"--outlet", "taz.de"}, []string{"Sechs"}},
		{[]string{"--", "-outlet:fr.de", "-outlet:zeit.de", "-outlet:taz.de"}, []string{"Vier"}},
	} {
		args := append([]string{"search", "--json", "--data", dir}, tt.args...)
		r := run(t, nil, args...)
		r.mustCode(t, 0)
		var res struct {
			Articles []struct {
				Title  string           `json:"title"`
				Outlet *newsdesk.Outlet `json:"outlet"`
			} `json:"articles"`
			Facets  map[string]map[string]int  `json:"facets"`
			Outlets map[string]newsdesk.Outlet `json:"outlets"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
			t.Fatalf("search %q: %v", tt.args, err)
		}
		var titles []string
		for _, a := range res.Articles {
			titles = append(titles, a.Title)
		}
		slices.Sort(titles)
		if !slices.Equal(titles, tt.want) {
			t.Errorf("search %q: %q, want %q", tt.args, titles, tt.want)
		}
		if n := res.Facets["outlet"]; len(n) == 0 || len(res.Outlets) != len(n) {
			t.Errorf("search %q: outlet facet %v, outlets %v", tt.args, n, res.Outlets)
		}
	}
	r = run(t, nil, "search", "--data", dir, "outlet:fr.de")
	r.mustCode(t, 0)
	if strings.Count(r.stdout, "Frankfurter Rundschau") != 3 {
		t.Errorf("search outlet:fr.de does not name the outlet:\n%s", r.stdout)
	}

	// newsdesk outlets lists them, most articles first, and shows one.
	r = run(t, nil, "outlets", "--data", dir)
	r.mustCode(t, 0)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "3\t") || !strings.HasSuffix(lines[0], "\tfr.de\tFrankfurter Rundschau") {
		t.Errorf("outlets:\n%s", r.stdout)
	}
	r = run(t, nil, "outlets", "--data", dir, "--json", "ONLINE")
	r.mustCode(t, 0)
	var listed []newsdesk.OutletCount
	if err := json.Unmarshal([]byte(r.stdout), &listed); err != nil || len(listed) != 1 || listed[0].Domain != "zeit.de" || listed[0].Articles != 1 {
		t.Errorf("outlets --json ONLINE: %v\n%s", err, r.stdout)
	}
	r = run(t, nil, "outlets", "show", "--data", dir, "--json", "https://www.fr.de/x")
	r.mustCode(t, 0)
	var shown newsdesk.OutletCount
	if err := json.Unmarshal([]byte(r.stdout), &shown); err != nil || shown.Name != "Frankfurter Rundschau" || shown.Articles != 3 {
		t.Errorf("outlets show: %v\n%s", err, r.stdout)
	}
	r = run(t, nil, "outlets", "show", "--data", dir, "nowhere.example")
	if r.code != 1 || !strings.Contains(r.stderr, `no outlet "nowhere.example"`) {
		t.Errorf("outlets show nowhere.example: code %d, %s", r.code, r.stderr)
	}

	// The export imports into another store as the same outlets.
	dir2 := t.TempDir()
	run(t, []byte(export), "import", "--data", dir2, "-").mustCode(t, 0)
	r = run(t, nil, "articles", "--data", dir2, "--jsonl")
	r.mustCode(t, 0)
	got2 := map[string]newsdesk.Outlet{}
	for line := range strings.Lines(r.stdout) {
		var a outletJSON
		if err := json.Unmarshal([]byte(line), &a); err != nil || a.Outlet == nil {
			t.Fatalf("%v: %s", err, line)
		}
		o := *a.Outlet
		o.ID = 0
		got2[a.URL] = o
	}
	if !equalOutlets(got2, want) {
		t.Errorf("outlets after a round trip:\n got %v\nwant %v", got2, want)
	}

	// An outlet that is neither: a line error.
	bad := importLines(t,
		map[string]any{"url": "https://a.example/1", "text": importText("bad1"), "outlet": 5},
		map[string]any{"url": "https://a.example/2", "text": importText("bad2"), "outlet": map[string]any{"domain": "not a domain"}},
	)
	r = run(t, bad, "import", "--data", t.TempDir(), "-")
	if r.code != 1 || strings.Count(r.stderr, "outlet: want a name, a domain or an object") != 2 {
		t.Errorf("bad outlets: code %d\n%s", r.code, r.stderr)
	}
}

func equalOutlets(a, b map[string]newsdesk.Outlet) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
