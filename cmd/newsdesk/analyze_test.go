package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The batch contract: every INDIR/<id>.txt gets OUTDIR/<id>.json with
// named mentions under entities and role nouns under mentions, in rune
// offsets, ids stable across the files of the run.
func TestAnalyzeBatch(t *testing.T) {
	in, out := t.TempDir(), t.TempDir()
	files := map[string]string{
		"a.txt":       "Bundeskanzler Olaf Scholz traf in Berlin den französischen Präsidenten Emmanuel Macron. Die Kanzlerin a. D. fehlte.",
		"a.meta.json": `{"date": "2023-03-01", "lang": "de"}`,
		"b.txt":       "Scholz sagte am Montag, die Gespräche über die Ukraine gingen weiter. Der Kanzler reiste danach nach München.",
		"b.meta.json": `{"date": "2023-03-02", "lang": "de"}`,
		"c.txt":       "Russia's president Vladimir Putin met Kim Jong Un in Pyongyang. The Kremlin said the talks went well.",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(in, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	run(t, nil, "analyze", "--batch", in, out).mustCode(t, 0)
	type mention struct {
		Start, End int
		Type, Text string
		ID, Name   *string
	}
	read := func(id string) (res struct {
		Language string
		Entities []mention
		Mentions []mention
	}) {
		b, err := os.ReadFile(filepath.Join(out, id+".json"))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, &res); err != nil {
			t.Fatalf("%s.json: %v\n%s", id, err, b)
		}
		text := []rune(files[id+".txt"])
		for _, m := range append(res.Entities, res.Mentions...) {
			if m.Start < 0 || m.End > len(text) || string(text[m.Start:m.End]) != m.Text {
				t.Errorf("%s: %q at %d-%d is not the text there", id, m.Text, m.Start, m.End)
			}
		}
		return res
	}
	idOf := func(ms []mention, text string) string {
		for _, m := range ms {
			if m.Text == text && m.ID != nil {
				return *m.ID
			}
		}
		t.Errorf("no resolved mention %q in %+v", text, ms)
		return ""
	}
	a, b, c := read("a"), read("b"), read("c")
	if a.Language != "de" || c.Language != "en" {
		t.Errorf("languages %q, %q", a.Language, c.Language)
	}
	scholz := idOf(a.Entities, "Olaf Scholz")
	if got := idOf(b.Entities, "Scholz"); scholz == "" || got != scholz {
		t.Errorf("Scholz in b = %q, Olaf Scholz in a = %q", got, scholz)
	}
	if got := idOf(b.Mentions, "Der Kanzler"); got != scholz {
		t.Errorf("Der Kanzler on 2023-03-02 = %q, want Scholz's %q", got, scholz)
	}
	if idOf(c.Entities, "Vladimir Putin") == idOf(c.Entities, "Kim Jong Un") {
		t.Error("Putin and Kim share an id")
	}
}

// Ingest analyses what it stores: the entities command lists them, and
// a search for an entity finds the articles that mention it.
func TestIngestEntities(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "ingest", "--data", dir, pagesDir).mustCode(t, 0)
	r := run(t, nil, "entities", "--json", "--data", dir, "--limit", "5")
	r.mustCode(t, 0)
	var list struct {
		Total    int
		Entities []struct {
			ID       string
			Name     string
			Articles int
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || list.Total == 0 || len(list.Entities) == 0 {
		t.Fatalf("entities --json: %v\n%s", err, r.stdout)
	}
	top := list.Entities[0]
	r = run(t, nil, "search", "--json", "--data", dir, `entity:"`+top.ID+`"`)
	r.mustCode(t, 0)
	var res struct{ Total int }
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Total != top.Articles {
		t.Errorf("search entity:%q finds %d articles, the entity is in %d (%v)", top.ID, res.Total, top.Articles, err)
	}
	r = run(t, nil, "entities", "--data", dir, strings.ToLower(top.Name))
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, top.ID) {
		t.Errorf("entities %q: %s", top.Name, r.stdout)
	}
}

// entities alias, merge and split change what the store resolves.
func TestEntitiesEdit(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "ingest", "--data", dir, pagesDir).mustCode(t, 0)
	r := run(t, nil, "entities", "--json", "--data", dir, "--limit", "2")
	r.mustCode(t, 0)
	var list struct {
		Entities []struct{ ID, Name string }
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil || len(list.Entities) < 2 {
		t.Fatalf("entities: %v\n%s", err, r.stdout)
	}
	a, b := list.Entities[0], list.Entities[1]
	run(t, nil, "entities", "merge", b.ID, a.ID, "--data", dir).mustCode(t, 0)
	r = run(t, nil, "entities", "--json", "--data", dir, "--limit", "100")
	if strings.Contains(r.stdout, `"id": "`+b.ID+`"`) {
		t.Errorf("%s is still listed after its merge into %s", b.ID, a.ID)
	}
	run(t, nil, "entities", "split", a.ID, b.Name, "--data", dir).mustCode(t, 0)
	run(t, nil, "entities", "alias", "nobody", "x", "--data", dir).mustCode(t, 1)
	run(t, nil, "entities", "merge", a.ID, "--data", dir).mustCode(t, 2)
	// Analysing everything again keeps the edits.
	run(t, nil, "reanalyze", "--data", dir).mustCode(t, 0)
	r = run(t, nil, "entities", "--json", "--data", dir, "--limit", "100")
	if strings.Contains(r.stdout, `"id": "`+b.ID+`"`) {
		t.Errorf("%s is listed again after reanalyze", b.ID)
	}
}

// reanalyze --source analyses the articles of one source again, and only
// those.
func TestReanalyzeSource(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "sources", "add", "--data", dir, pagesDir).mustCode(t, 0)
	run(t, nil, "ingest", "--data", dir).mustCode(t, 0)
	run(t, nil, "ingest", "--data", dir, noArticle, filepath.Join("..", "..", "e2e", "testdata", "pages", "rheinbote")).mustCode(t, 0)
	r := run(t, nil, "reanalyze", "--source", "1", "--data", dir)
	r.mustCode(t, 0)
	var n, failed int
	if _, err := fmt.Sscanf(r.stdout, "analysed %d articles, %d failed", &n, &failed); err != nil || n == 0 || failed != 0 {
		t.Errorf("reanalyze --source 1: %q (%v)", r.stdout, err)
	}
	all := run(t, nil, "reanalyze", "--data", dir)
	all.mustCode(t, 0)
	var m int
	fmt.Sscanf(all.stdout, "analysed %d articles", &m)
	if m <= n {
		t.Errorf("reanalyze of everything: %d articles, of source 1: %d", m, n)
	}
	run(t, nil, "reanalyze", "--since", "yesterday-ish", "--data", dir).mustCode(t, 2)
}

// Ingest stores the quotations, agencies and figures of what it stores:
// the quotes command lists them with their speaker, and the search
// finds the article by speaker and agency.
func TestIngestQuotes(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "ingest", "--data", dir, "testdata/quoted").mustCode(t, 0)
	r := run(t, nil, "quotes", "--json", "--data", dir)
	r.mustCode(t, 0)
	var list struct {
		Total  int
		Quotes []struct {
			Text      string
			ArticleID int64 `json:"article_id"`
			Speaker   *struct {
				Text string
				ID   string
			}
			Outlets []struct{}
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatalf("quotes --json: %v\n%s", err, r.stdout)
	}
	var speaker string
	for _, q := range list.Quotes {
		if strings.Contains(q.Text, "gemeinsamen Weg") && q.Speaker != nil && strings.Contains(q.Speaker.Text, "Scholz") {
			speaker = q.Speaker.ID
			if len(q.Outlets) != 1 {
				t.Errorf("outlets of %q: %d", q.Text, len(q.Outlets))
			}
		}
	}
	if speaker == "" {
		t.Fatalf("no quotation of Scholz with an entity among %s", r.stdout)
	}
	r = run(t, nil, "quotes", "--jsonl", "--speaker", speaker, "--data", dir)
	r.mustCode(t, 0)
	if n := strings.Count(r.stdout, "\n"); n == 0 || n > list.Total {
		t.Errorf("quotes --speaker %s --jsonl: %d lines of %d quotations", speaker, n, list.Total)
	}
	r = run(t, nil, "quotes", "--csv", "--data", dir, "Weg")
	r.mustCode(t, 0)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 2 || !strings.HasPrefix(lines[0], "published,speaker_id") {
		t.Errorf("quotes --csv Weg:\n%s", r.stdout)
	}
	r = run(t, nil, "quotes", "--data", dir, "Nirgendwo")
	r.mustCode(t, 0)
	if r.stdout != "" {
		t.Errorf("quotes Nirgendwo: %q", r.stdout)
	}
	run(t, nil, "quotes", "--json", "--csv", "--data", dir).mustCode(t, 2)
	for _, q := range []string{"agency:dpa", "speaker:" + speaker} {
		r = run(t, nil, "search", "--json", "--data", dir, q)
		r.mustCode(t, 0)
		var res struct{ Total int }
		if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Total != 1 {
			t.Errorf("search %s: %d hits (%v)", q, res.Total, err)
		}
	}
}
