package main

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"newsdesk"
)

// An agency text on three outlets and an unrelated article: the copies
// are stored, exported with copy_of and story, listed as one story, and
// folded into one hit by search --collapse; a story can be split and
// merged by hand.
func TestStoriesCommand(t *testing.T) {
	dir := t.TempDir()
	wire := importText("die Hafenerweiterung") + "\n\n" + importText("den Beschluss des Stadtrats")
	in := importLines(t,
		map[string]any{"url": "https://bote.example/hafen", "title": "Stadtrat beschließt Hafenerweiterung", "text": wire, "published": "2026-03-10T09:00:00Z", "language": "de"},
		map[string]any{"url": "https://kurier.example/region/hafen-1", "title": "Hafen wird größer", "text": "Hamburg (dpa) – " + wire, "published": "2026-03-10T10:00:00Z", "language": "de"},
		map[string]any{"url": "https://anzeiger.example/hafen", "title": "Ja zum Hafen", "text": wire, "published": "2026-03-10T11:30:00Z", "language": "de"},
		map[string]any{"url": "https://bote.example/museum", "title": "Museum erhält Zeichnungen", "text": importText("die Schenkung an das Museum"), "published": "2026-03-10T12:00:00Z", "language": "de"},
	)
	run(t, in, "import", "--data", dir, "-").mustCode(t, 0)

	arts, _ := exportedArticles(t, dir)
	orig := arts["https://bote.example/hafen"]
	museum := arts["https://bote.example/museum"]
	for _, u := range []string{"https://kurier.example/region/hafen-1", "https://anzeiger.example/hafen"} {
		a := arts[u]
		if a.CopyOf == nil || *a.CopyOf != orig.ID || a.Story == nil || orig.Story == nil || *a.Story != *orig.Story {
			t.Errorf("%s: copy_of %v, story %v; want %d and the original's story", u, a.CopyOf, a.Story, orig.ID)
		}
	}
	if museum.Story == nil || orig.Story == nil || *museum.Story == *orig.Story {
		t.Fatalf("museum story %v, harbour story %v: want two stories", museum.Story, orig.Story)
	}

	r := run(t, nil, "stories", "--data", dir, "--json")
	r.mustCode(t, 0)
	var list newsdesk.StoryList
	if err := json.Unmarshal([]byte(r.stdout), &list); err != nil {
		t.Fatal(err)
	}
	if list.Total != 2 {
		t.Fatalf("stories: %d, want 2\n%s", list.Total, r.stdout)
	}
	for _, s := range list.Stories {
		if s.ID == *orig.Story && (s.Articles != 3 || s.Copies != 2 || s.Outlets != 3 || s.First.ID != orig.ID || s.Title != "Stadtrat beschließt Hafenerweiterung") {
			t.Errorf("harbour story: %+v", s)
		}
	}
	r = run(t, nil, "stories", "show", "--data", dir, itoa(*orig.Story))
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "3 articles (2 copies), 3 outlets") || strings.Count(r.stdout, "[copy of ") != 2 {
		t.Errorf("stories show:\n%s", r.stdout)
	}

	r = run(t, nil, "search", "--data", dir, "--collapse", "--json", "Hafenerweiterung")
	r.mustCode(t, 0)
	var res struct {
		Total    int `json:"total"`
		Articles []struct {
			ID     int64 `json:"id"`
			Copies int   `json:"copies"`
		} `json:"articles"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 3 || len(res.Articles) != 1 || res.Articles[0].Copies != 2 {
		t.Errorf("search --collapse: total %d, hits %+v; want 3 articles in one hit with 2 copies", res.Total, res.Articles)
	}

	// By hand: merge the museum into the harbour story, split it off.
	run(t, nil, "stories", "merge", "--data", dir, itoa(*museum.Story), itoa(*orig.Story)).mustCode(t, 0)
	if a := exportedByURL(t, dir, "https://bote.example/museum"); a.Story == nil || *a.Story != *orig.Story {
		t.Errorf("museum after merge: story %v, want %d", a.Story, *orig.Story)
	}
	r = run(t, nil, "stories", "split", "--data", dir, itoa(*orig.Story), itoa(museum.ID))
	r.mustCode(t, 0)
	if strings.TrimSpace(r.stdout) != itoa(museum.ID) {
		t.Errorf("split printed %q, want %d", r.stdout, museum.ID)
	}
	// A story's id is the id of the article that began it, whichever of
	// the copies the import stored first; that article cannot be split off.
	run(t, nil, "stories", "split", "--data", dir, itoa(*orig.Story), itoa(*orig.Story)).mustCode(t, 1)
	run(t, nil, "stories", "show", "--data", dir, "x").mustCode(t, 2)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func exportedByURL(t *testing.T, dir, u string) exported {
	t.Helper()
	arts, _ := exportedArticles(t, dir)
	return arts[u]
}
