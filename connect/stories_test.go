package connect

import (
	"fmt"
	"testing"
	"time"
)

func TestStoriesTable(t *testing.T) {
	s := NewStories(StoryOptions{})
	// Unrelated articles first, for the document frequencies.
	for i := range 30 {
		s.Add(Doc{ID: int64(1000 + i), Text: fmt.Sprintf("The council of town %d met on Monday and said it would discuss the budget, the schools and the roads with the company and the commission in the market.", i), Lang: "en", Published: day(1)})
	}
	first := s.Add(Doc{ID: 1, Title: "EU opens antitrust cases against Microsoft", Text: dispatch, Lang: "en", Published: day(14), Entities: []string{"Q2283", "Q8880"}})
	if !first.New || first.Story != 1 {
		t.Fatalf("first article: %+v", first)
	}
	tests := []struct {
		name string
		doc  Doc
		want int64 // 0: a new story
	}{
		{"other report of the event", Doc{ID: 2, Title: "EU opens antitrust investigations into Microsoft over Internet Explorer", Text: otherReport, Lang: "en", Published: day(15), Entities: []string{"Q2283", "Q8880"}}, 1},
		{"same event, German, shared entities and figures", Doc{ID: 3, Title: "EU-Kommission ermittelt gegen Microsoft", Text: "Die EU-Kommission hat zwei Kartellverfahren gegen Microsoft eröffnet. Der Konzern musste 2004 bereits 497 Millionen Euro zahlen. Opera hatte sich über den Internet Explorer beschwert.", Lang: "de", Published: day(15), Entities: []string{"Q2283", "Q8880", "Q1"}, Figures: []float64{497}}, 1},
		{"another event", Doc{ID: 4, Title: "Storm hits Hamburg", Text: "A storm hit the port of Hamburg on Tuesday, flooding the fish market and halting ferries on the Elbe for several hours.", Lang: "en", Published: day(15), Entities: []string{"Q1055"}}, 0},
		{"same words, weeks later", Doc{ID: 5, Title: "EU opens antitrust cases against Microsoft", Text: dispatch, Lang: "en", Published: day(14).Add(40 * 24 * time.Hour), Entities: []string{"Q2283"}}, 0},
	}
	for _, tt := range tests {
		dec := s.Add(tt.doc)
		if tt.want == 0 && !dec.New || tt.want != 0 && dec.Story != tt.want {
			t.Errorf("%s: %+v, want story %d", tt.name, dec, tt.want)
		}
	}
	if id, ok := s.Story(3); !ok || id != 1 {
		t.Errorf("Story(3) = %d, %v", id, ok)
	}
}

func TestStoriesMerge(t *testing.T) {
	s := NewStories(StoryOptions{Threshold: 0.3, MergeThreshold: 0.3})
	a := s.Add(Doc{ID: 1, Text: "alpha beta gamma delta epsilon zeta", Lang: "en", Published: day(1)})
	b := s.Add(Doc{ID: 2, Text: "kappa lambda omicron sigma tau upsilon", Lang: "en", Published: day(1)})
	c := s.Add(Doc{ID: 3, Text: "alpha beta gamma delta epsilon zeta kappa lambda omicron sigma tau upsilon", Lang: "en", Published: day(2)})
	if !a.New || !b.New || c.Story != 1 || len(c.Merges) != 1 || c.Merges[0] != (StoryMerge{From: 2, Into: 1}) {
		t.Fatalf("merge: %+v %+v %+v", a, b, c)
	}
	if id, _ := s.Redirect(2); id != 1 {
		t.Errorf("Redirect(2) = %d", id)
	}
	if id, _ := s.Story(2); id != 1 {
		t.Errorf("Story(2) = %d", id)
	}
}

func TestStoriesDeterministicAndRestore(t *testing.T) {
	docs := testDocs()
	run := func() ([]StoryDecision, *Stories) {
		s := NewStories(StoryOptions{})
		var out []StoryDecision
		for _, d := range docs[:40] {
			out = append(out, s.Add(d))
		}
		return out, s
	}
	a, live := run()
	b, _ := run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("decisions differ between two runs")
	}
	restored := NewStories(StoryOptions{})
	for _, d := range docs[:40] {
		id, _ := live.Story(d.ID)
		restored.Restore(d, id)
	}
	for _, d := range docs[40:] {
		x, y := live.Add(d), restored.Add(d)
		if x.Story != y.Story || x.New != y.New || fmt.Sprint(x.Merges) != fmt.Sprint(y.Merges) {
			t.Errorf("article %d: live %+v, restored %+v", d.ID, x, y)
		}
	}
}

// TestStoriesNamesAndWords checks that within a language a story needs
// both: the same words with other names (another town's budget) are
// another story, the same words with the same names join.
func TestStoriesNamesAndWords(t *testing.T) {
	s := NewStories(StoryOptions{})
	for i := range 30 {
		s.Add(Doc{ID: int64(1000 + i), Text: fmt.Sprintf("Item %d: the weather stayed mild and the trains ran on time across the region.", i), Lang: "en", Published: day(1), Entities: []string{fmt.Sprintf("Q%d", 500+i)}})
	}
	text := "The council approved the school budget after a long debate about teachers, classrooms, buses and the new library wing."
	a := s.Add(Doc{ID: 1, Title: "Council approves school budget", Text: "Springfield: " + text, Lang: "en", Published: day(10), Entities: []string{"Q100", "Q101"}})
	b := s.Add(Doc{ID: 2, Title: "Council approves school budget", Text: "Shelbyville: " + text, Lang: "en", Published: day(10), Entities: []string{"Q200", "Q201"}})
	c := s.Add(Doc{ID: 3, Title: "School budget approved by council", Text: "In Springfield, " + text, Lang: "en", Published: day(11), Entities: []string{"Q100", "Q101"}})
	if !a.New || !b.New || c.Story != 1 {
		t.Errorf("a %+v, b %+v (other names: a story of its own), c %+v (same names: story 1)", a, b, c)
	}
}

// TestStoriesMemberThreshold checks that an article close to the sum of
// a story but not to each of its articles (a chain: it shares words with
// the latest article, few with the first) joins only when the member
// threshold lets it.
func TestStoriesMemberThreshold(t *testing.T) {
	run := func(member float64) (StoryDecision, StoryDecision) {
		s := NewStories(StoryOptions{Threshold: 0.3, MemberThreshold: member})
		for i := range 30 {
			s.Add(Doc{ID: int64(1000 + i), Text: fmt.Sprintf("Item %d: the weather stayed mild and the trains ran on time across the region.", i), Lang: "en", Published: day(1)})
		}
		s.Add(Doc{ID: 1, Text: "alpha bravo charlie delta", Lang: "en", Published: day(2)})
		x2 := s.Add(Doc{ID: 2, Text: "charlie delta echo foxtrot", Lang: "en", Published: day(2)})
		y := s.Add(Doc{ID: 3, Text: "delta echo foxtrot golf", Lang: "en", Published: day(2)})
		return x2, y
	}
	if x2, y := run(0.3); x2.Story != 1 || !y.New {
		t.Errorf("member threshold 0.3: second article %+v (want story 1), third %+v (want a new story)", x2, y)
	}
	if x2, y := run(0.01); x2.Story != 1 || y.Story != 1 {
		t.Errorf("member threshold 0.01: second article %+v, third %+v (want both in story 1)", x2, y)
	}
}
