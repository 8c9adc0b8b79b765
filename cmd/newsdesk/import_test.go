package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/urlnorm"
)

const (
	importFile = "testdata/import/articles.jsonl"
	importBad  = "testdata/import/bad.jsonl"
)

// exported is an article as 'articles --jsonl' writes it, with the
// fields the import tests compare.
type exported struct {
	ID        int64            `json:"id"`
	URL       string           `json:"url"`
	Title     string           `json:"title"`
	Subtitle  string           `json:"subtitle"`
	Authors   []string         `json:"authors"`
	Published string           `json:"published"`
	Modified  string           `json:"modified"`
	SiteName  string           `json:"site_name"`
	Language  string           `json:"language"`
	Tags      []string         `json:"tags"`
	Text      string           `json:"text"`
	Blocks    []map[string]any `json:"blocks"`
	Extra     map[string]any   `json:"extra"`
	PageID    int64            `json:"page_id"`
	Hash      string           `json:"hash"`
	Updated   string           `json:"updated"`
	Revisions int              `json:"revisions"`
	CopyOf    *int64           `json:"copy_of"`
	Story     *int64           `json:"story"`
}

// exportedArticles returns the articles of the store in dir by URL, as
// 'articles --jsonl' writes them, and that output.
func exportedArticles(t *testing.T, dir string) (map[string]exported, string) {
	t.Helper()
	r := run(t, nil, "articles", "--data", dir, "--jsonl")
	r.mustCode(t, 0)
	arts := map[string]exported{}
	for line := range strings.Lines(r.stdout) {
		d := json.NewDecoder(strings.NewReader(line))
		d.UseNumber()
		var a exported
		if err := d.Decode(&a); err != nil {
			t.Fatalf("articles --jsonl: %v\n%s", err, line)
		}
		if _, dup := arts[a.URL]; dup {
			t.Errorf("%s stored twice", a.URL)
		}
		arts[a.URL] = a
	}
	return arts, r.stdout
}

// importText returns n bytes or more of text unique to seed, long enough
// to be matched by its content hash.
func importText(seed string) string {
	// Words drawn by the seed, so that two seeds' texts share few
	// phrases and are not taken for copies of each other.
	words := strings.Fields(`Hafen Regierung Stadtrat Gericht Minister Polizei Schule Bahn
		Wahl Haushalt Klinik Brücke Verein Museum Streik Gewerkschaft Gemeinde Flughafen
		Sturm Ernte Feuerwehr Landtag Universität Theater Markt Bauern Kirche Zoll`)
	h := fnv.New32a()
	var b strings.Builder
	for i := 0; b.Len() < 300; i++ {
		fmt.Fprintf(&b, "Absatz %d des Berichts über %s:", i, seed)
		for range 6 {
			h.Write([]byte(seed))
			b.WriteString(" " + words[h.Sum32()%uint32(len(words))])
		}
		b.WriteString(". ")
	}
	return b.String()
}

// importLines returns JSON Lines of the given objects.
func importLines(t *testing.T, objs ...map[string]any) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, o := range objs {
		line, err := json.Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(line)
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// The small corpus is stored with its fields, extra keys kept, analysed
// and indexed; reprocess leaves it as it was.
func TestImport(t *testing.T) {
	dir := t.TempDir()
	r := run(t, nil, "import", "--data", dir, importFile)
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 0, new 4, updated 0, duplicates 0, failed 0") || r.stderr != "" {
		t.Errorf("import: %s%s", r.stdout, r.stderr)
	}
	arts, before := exportedArticles(t, dir)
	if len(arts) != 4 {
		t.Fatalf("%d articles stored, want 4", len(arts))
	}
	scholz := arts["https://bote.example/politik/scholz-macron-berlin"]
	if scholz.Title != "Scholz empfängt Macron in Berlin" || scholz.SiteName != "Der Bote" || scholz.Language != "de" ||
		scholz.Published != "2024-06-19T08:00:00+02:00" || !reflect.DeepEqual(scholz.Authors, []string{"Anna Muster", "Ben Beispiel"}) {
		t.Errorf("fields: %+v", scholz)
	}
	// Blank lines separate paragraphs; a single line break stays in its
	// paragraph.
	if len(scholz.Blocks) != 3 || !strings.HasSuffix(scholz.Blocks[1]["text"].(string), "Union.\nEin gemeinsames Abendessen folgte.") {
		t.Errorf("blocks: %v", scholz.Blocks)
	}
	wantExtra := map[string]any{"label": "politik", "score": json.Number("0.93"), "corpus_id": json.Number("12345678901234567890"),
		"meta": map[string]any{"annotator": "a1", "checked": true}}
	if !reflect.DeepEqual(scholz.Extra, wantExtra) {
		t.Errorf("extra = %v, want %v", scholz.Extra, wantExtra)
	}
	putin := arts["https://courier.example/world/putin-kim-pyongyang"]
	if putin.SiteName != "courier.example" || putin.Language != "en" || !reflect.DeepEqual(putin.Authors, []string{"Jane Roe"}) {
		t.Errorf("language guessed, outlet domain, one author: %+v", putin)
	}
	bridge := arts["https://courier.example/business/harbour-bridge"]
	if bridge.Language != "en" || bridge.SiteName != "The Courier" || len(bridge.Blocks) != 4 || bridge.Blocks[2]["kind"] != "list" ||
		!strings.Contains(bridge.Text, "protected cycle lane") || bridge.Extra != nil {
		t.Errorf("blocks given: %+v", bridge)
	}
	if hafen := arts["https://bote.example/wirtschaft/hafen-umschlag"]; hafen.SiteName != "bote.example" || hafen.Language != "de" ||
		hafen.Published != "0001-01-01T00:00:00Z" {
		t.Errorf("outlet URL, null date: %+v", hafen)
	}

	// The analysis ran: the entities of the articles are listed.
	r = run(t, nil, "entities", "--json", "--data", dir, "--limit", "100")
	r.mustCode(t, 0)
	for _, id := range []string{"Q61053", "Q3052772", "Q7747"} { // Scholz, Macron, Putin
		if !strings.Contains(r.stdout, `"id": "`+id+`"`) {
			t.Errorf("entities lack %s:\n%.800s", id, r.stdout)
		}
	}
	// The index has them, with their entities.
	for q, want := range map[string]int{"Pyongyang": 1, "Hafen": 1, "title:Macron": 1, "bridge": 1, "Hafen OR Putin": 2, "entity:Q7747": 1} {
		r = run(t, nil, "search", "--json", "--data", dir, q)
		r.mustCode(t, 0)
		var res struct{ Total int }
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Total != want {
			t.Errorf("search %q: %d hits, want %d (%v)", q, res.Total, want, err)
		}
	}

	// Reprocess has no page to read them from, and leaves them alone.
	r = run(t, nil, "reprocess", "--data", dir)
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "pages 4, re-extracted 0, failed 0, without article 0, imported 4\n") || r.stderr != "" {
		t.Errorf("reprocess: %s%s", r.stdout, r.stderr)
	}
	if _, after := exportedArticles(t, dir); after != before {
		t.Errorf("articles changed by reprocess:\n%s\nwant\n%s", after, before)
	}
}

// The same URL twice is a duplicate; with a changed text, a revision,
// also within one input, where the later line wins. The same text under
// another URL of the same outlet is a duplicate too; under another
// outlet's, an article of its own, marked as a copy in the same story.
func TestImportDedup(t *testing.T) {
	dir := t.TempDir()
	const u, v = "https://bote.example/a", "https://bote.example/b"
	first := importLines(t,
		map[string]any{"url": u, "title": "Erste Fassung", "text": importText("a")},
		map[string]any{"url": v, "title": "B", "text": importText("b")},
	)
	r := run(t, first, "import", "--data", dir, "-")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 0, new 2, updated 0, duplicates 0, failed 0") {
		t.Errorf("first import: %s%s", r.stdout, r.stderr)
	}
	second := importLines(t,
		map[string]any{"url": u, "title": "Erste Fassung", "text": importText("a")},
		map[string]any{"url": u + "?utm_source=feed", "title": "Zweite Fassung", "text": importText("a, neu")},
		map[string]any{"url": u, "title": "Dritte Fassung", "text": importText("a, neuer")},
		map[string]any{"url": "https://www.bote.example/b-moved", "text": importText("b")},
		map[string]any{"url": "https://elsewhere.example/copy", "text": importText("b")},
	)
	r = run(t, second, "import", "--data", dir, "-")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 0, new 1, updated 2, duplicates 2, failed 0") {
		t.Errorf("second import: %s%s", r.stdout, r.stderr)
	}
	arts, out := exportedArticles(t, dir)
	if len(arts) != 3 {
		t.Fatalf("%d articles, want 3: %v", len(arts), arts)
	}
	orig, cp := arts[v], arts["https://elsewhere.example/copy"]
	if orig.CopyOf != nil || cp.CopyOf == nil || *cp.CopyOf != orig.ID || cp.Story == nil || orig.Story == nil || *cp.Story != *orig.Story {
		t.Errorf("original: copy_of %v, story %v; copy: copy_of %v, story %v; want null, S, %d, S\n%s",
			orig.CopyOf, orig.Story, cp.CopyOf, cp.Story, orig.ID, out)
	}
	if a := arts[u]; a.Title != "Dritte Fassung" || a.Revisions != 2 || !strings.Contains(a.Text, "a, neuer") {
		t.Errorf("revised article: title %q, %d revisions, text %.60q", a.Title, a.Revisions, a.Text)
	}
}

// Lines are stored in their order: ids rise with the line number, and
// two runs of one input connect the same copies and stories (stories
// depend on the order articles arrive in).
func TestImportOrder(t *testing.T) {
	var objs []map[string]any
	for i := range 48 {
		text := importText(fmt.Sprintf("Bericht %d", i%16)) // every 16th line a copy
		if i >= 16 {
			text += " " + importText(fmt.Sprintf("Nachtrag %d", i))
		}
		objs = append(objs, map[string]any{"url": fmt.Sprintf("https://outlet%d.example/a/%d", i%5, i),
			"title": fmt.Sprintf("Bericht %d", i%16), "text": text, "published": "2024-06-19T08:00:00Z"})
	}
	in := importLines(t, objs...)
	var outs [2]string
	for k := range outs {
		dir := t.TempDir()
		r := run(t, in, "import", "--data", dir, "-")
		r.mustCode(t, 0)
		arts, _ := exportedArticles(t, dir)
		var b strings.Builder
		last := int64(0)
		for i, o := range objs {
			a, ok := arts[o["url"].(string)]
			if !ok {
				t.Fatalf("line %d not stored", i+1)
			}
			if a.ID <= last {
				t.Errorf("run %d: line %d has id %d, after %d", k, i+1, a.ID, last)
			}
			last = a.ID
			fmt.Fprintf(&b, "%d %s %s\n", a.ID, idOrNull(a.CopyOf), idOrNull(a.Story))
		}
		outs[k] = b.String()
	}
	if outs[0] != outs[1] {
		t.Errorf("two runs connect differently:\n%s\n%s", outs[0], outs[1])
	}
	if !strings.Contains(outs[0], " null ") || strings.Count(outs[0], " null ") == len(objs) {
		t.Errorf("want some copies and some originals:\n%s", outs[0])
	}
}

// idOrNull writes an optional id.
func idOrNull(id *int64) string {
	if id == nil {
		return "null"
	}
	return fmt.Sprint(*id)
}

// A bad line is reported with its line number and skipped; the others
// are stored, and the exit status says that lines failed.
func TestImportBadLines(t *testing.T) {
	dir := t.TempDir()
	r := run(t, nil, "import", "--data", dir, importBad)
	r.mustCode(t, 1)
	if !strings.HasPrefix(r.stdout, "fetched 0, new 2, updated 0, duplicates 0, failed 8") {
		t.Errorf("summary: %s", r.stdout)
	}
	for _, want := range []string{
		importBad + ":2: invalid JSON",
		importBad + ":3: no url",
		importBad + ":4: no text",
		importBad + `:5: published: bad date "19.06.2024"`,
		importBad + `:6: url "ftp://bote.example/datei" is not an http(s) URL`,
		importBad + ":7: not a JSON object",
		importBad + `:9: url "javascript:alert(1)" is not an http(s) URL`,
		importBad + ":10: no text",
		"newsdesk: import: 8 of 10 lines could not be imported",
	} {
		if !strings.Contains(r.stderr, "newsdesk: import: "+strings.TrimPrefix(want, "newsdesk: import: ")) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	if strings.Contains(r.stderr, ":1:") || strings.Contains(r.stderr, ":8:") || strings.Contains(r.stderr, ":11:") {
		t.Errorf("good or blank lines reported:\n%s", r.stderr)
	}
	arts, _ := exportedArticles(t, dir)
	if len(arts) != 2 || arts["https://bote.example/gut/eins"].Title != "Gut eins" || arts["https://bote.example/gut/zwei"].Title != "Gut zwei" {
		t.Errorf("stored: %v", arts)
	}

	// From stdin, and gzip-compressed.
	data, err := os.ReadFile(importBad)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	r = run(t, gz.Bytes(), "import", "--data", t.TempDir(), "-")
	r.mustCode(t, 1)
	if !strings.Contains(r.stderr, "newsdesk: import: stdin:3: no url") || !strings.HasPrefix(r.stdout, "fetched 0, new 2,") {
		t.Errorf("gzip'ed stdin: %s%s", r.stdout, r.stderr)
	}
}

func TestImportUsage(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "import", "--data", dir).mustCode(t, 2)
	run(t, nil, "import", "--data", dir, importFile, importBad).mustCode(t, 2)
	run(t, nil, "import", "--data", dir, "--source", "x", importFile).mustCode(t, 2)
	r := run(t, nil, "import", "--data", dir, "testdata/import/missing.jsonl")
	r.mustCode(t, 1)
	if !strings.Contains(r.stderr, "missing.jsonl") {
		t.Errorf("missing file: %s", r.stderr)
	}
	r = run(t, nil, "help", "import")
	r.mustCode(t, 0)
	for _, want := range []string{"Usage: newsdesk import", "--no-analyze", "articles --jsonl", "Exit status"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// 'articles --jsonl | import -' stores the same articles in another
// store: extracted ones and imported ones, with their texts, titles,
// dates and extra fields.
func TestImportRoundTrip(t *testing.T) {
	from, to := t.TempDir(), t.TempDir()
	run(t, nil, "ingest", "--data", from, pagesDir).mustCode(t, 0)
	run(t, nil, "import", "--data", from, importFile).mustCode(t, 0)
	want, out := exportedArticles(t, from)
	if len(want) < 6 {
		t.Fatalf("%d articles in the first store", len(want))
	}
	r := run(t, []byte(out), "import", "--data", to, "-")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, fmt.Sprintf("fetched 0, new %d, updated 0, duplicates 0, failed 0", len(want))) {
		t.Errorf("import: %s%s", r.stdout, r.stderr)
	}
	got, _ := exportedArticles(t, to)
	if len(got) != len(want) {
		t.Errorf("%d articles imported, want %d", len(got), len(want))
	}
	for u, w := range want {
		g := got[u]
		// What the store assigns itself differs (it connects the
		// articles again, in the order it analyses them); the rest is
		// the same.
		if g.Story == nil {
			t.Errorf("%s: no story after import", u)
		}
		g.ID, g.PageID, g.Updated, g.CopyOf, g.Story = w.ID, w.PageID, w.Updated, w.CopyOf, w.Story
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s:\n got %+v\nwant %+v", u, g, w)
		}
	}
	// Once more: every article is there already.
	r = run(t, []byte(out), "import", "--data", to, "-")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, fmt.Sprintf("fetched 0, new 0, updated 0, duplicates %d, failed 0", len(want))) {
		t.Errorf("second import: %s%s", r.stdout, r.stderr)
	}
}

// A big input is stored in full, with lines of several MB.
func TestImportLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a large input")
	}
	var objs []map[string]any
	for i := range 300 {
		objs = append(objs, map[string]any{"url": fmt.Sprintf("https://bote.example/%d", i), "text": importText(fmt.Sprint(i))})
	}
	long := strings.Repeat(importText("lang")+"\n\n", 3<<20/300)
	objs = append(objs, map[string]any{"url": "https://bote.example/lang", "text": long})
	path := filepath.Join(t.TempDir(), "large.jsonl")
	if err := os.WriteFile(path, importLines(t, objs...), 0o644); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	r := run(t, nil, "import", "--data", dir, "--no-analyze", "-j", "2", path)
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "fetched 0, new 301, updated 0, duplicates 0, failed 0") {
		t.Errorf("import: %s%s", r.stdout, r.stderr)
	}
}

// FuzzParseImportLine checks that the line parser never panics, that
// what it accepts is an article with an http(s) URL and a text, and that
// the article written as 'articles --jsonl' writes it reads back as the
// same article.
func FuzzParseImportLine(f *testing.F) {
	for _, path := range []string{importFile, importBad} {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for line := range bytes.Lines(data) {
			f.Add(line)
		}
	}
	for _, s := range []string{
		`{}`, `null`, `{"url": "https://a.example/x", "text": "t", "extra": 5}`,
		`{"url": "https://a.example/x", "text": "t", "extra": {"k": 1e400, "url": "u"}, "k": [1, {"a": null}]}`,
		`{"url": "https://a.example/x", "blocks": [{"kind": "bogus", "text": "t"}]}`,
		`{"url": "https://a.example/x", "blocks": [{"text": "t", "items": ["a"]}], "authors": [null, ""]}`,
		`{"url": "HTTPS://A.example", "text": "\r\n\r\nt\r\n", "published": "2024-02-30T00:00:00Z"}`,
		`{"url": "https://a.example/x", "text": "t", "modified": "0001-01-01T00:00:00Z", "id": 3} {}`,
		`{"url": "https://a.example/x", "text": "t", "paywalled": "yes"}`,
		"\ufeff{\"url\": \"https://a.example/x\", \"text\": \"t\"}",
		`{"url": "https://a.example/x", "text": "t", "outlet": "Der  Spiegel"}`,
		`{"url": "https://a.example/x", "text": "t", "outlet": "https://www.spiegel.de/"}`,
		`{"url": "https://a.example/x", "text": "t", "outlet": {"id": 3, "name": "FR", "domain": "www.fr.de"}}`,
		`{"url": "https://a.example/x", "text": "t", "outlet": {"domain": "a b"}}`,
		`{"url": "https://a.example/x", "text": "t", "outlet": [1]}`,
		`{"url": "https://a.example/x", "text": "t", "outlet": null, "site_name": "S"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		a, err := parseImportLine(line)
		if err != nil {
			if a != nil {
				t.Fatalf("article and error %v", err)
			}
			return
		}
		if checkWebURL(a.URL) != nil || strings.TrimSpace(a.Text()) == "" {
			t.Fatalf("accepted %q: url %q, text %q", line, a.URL, a.Text())
		}
		sa := storedArticleJSON{Text: a.Text(), Outlet: a.Outlet}
		sa.Article = *a
		out, err := json.Marshal(sa)
		if err != nil {
			t.Fatalf("cannot write %q back: %v", line, err)
		}
		b, err := parseImportLine(out)
		if err != nil {
			t.Fatalf("written back, %q is refused: %v\n%s", line, err, out)
		}
		if b.URL != a.URL || b.Title != a.Title || b.Text() != a.Text() || !b.Published.Equal(a.Published) ||
			b.SiteName != a.SiteName || !reflect.DeepEqual(b.Extra, a.Extra) || !reflect.DeepEqual(b.Blocks, a.Blocks) {
			t.Fatalf("written back and read again:\n%+v\nwant\n%+v", b, a)
		}
		if (a.Outlet == nil) != (b.Outlet == nil) || a.Outlet != nil && *a.Outlet != *b.Outlet {
			t.Fatalf("outlet written back and read again: %+v, want %+v", b.Outlet, a.Outlet)
		}
		if o := a.Outlet; o != nil && (o.ID != 0 || o.Name != newsdesk.OutletName(o.Name) || o.Domain != "" && urlnorm.DomainOf(o.Domain) != o.Domain) {
			t.Fatalf("outlet %+v of %q is not clean", o, line)
		}
	})
}
