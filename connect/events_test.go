package connect

import (
	"fmt"
	"slices"
	"testing"
)

func TestNamedDays(t *testing.T) {
	tests := []struct {
		text     string
		days     []uint16 // month*32+day
		weekdays uint8
	}{
		{"The vote is on Jan. 12, the count on Monday.", []uint16{1*32 + 12}, 1 << 0},
		{"Am Dienstag, 12. Januar, und am 3. März 2008.", []uint16{1*32 + 12, 3*32 + 3}, 1 << 1},
		{"He died on December 31 and was buried on 4 January.", []uint16{1*32 + 4, 12*32 + 31}, 0},
		{"You may 5 times; in January 2008 nothing; on Sunday and Friday.", nil, 1<<6 | 1<<4},
		{"On May 40 and Dec 0 nothing is named.", nil, 0},
	}
	for _, tt := range tests {
		days, wd := namedDays(tt.text)
		if !slices.Equal(days, tt.days) || wd != tt.weekdays {
			t.Errorf("namedDays(%q) = %v, %b; want %v, %b", tt.text, days, wd, tt.days, tt.weekdays)
		}
	}
}

func TestQuoteShingles(t *testing.T) {
	a := eventsOf(`"We will defend ourselves by all means," the minister said on Tuesday.`)
	b := eventsOf(`The minister said: „We will defend ourselves by all means.“ He left.`)
	c := eventsOf(`We will defend ourselves by all means, the minister said.`) // no quotation marks
	d := eventsOf(`"Too short," he said. “Unclosed and the rest of the text goes on without an end`)
	if n := sharedU64(a.quotes, b.quotes); n != 3 { // 7 words: three 5-grams
		t.Errorf("shared shingles %d, want 3 (%v, %v)", n, a.quotes, b.quotes)
	}
	if len(c.quotes) != 0 || len(d.quotes) != 0 {
		t.Errorf("unquoted text gave shingles: %v, %v", c.quotes, d.quotes)
	}
}

func TestDayDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b []uint16
		want int
	}{
		{[]uint16{12*32 + 31}, []uint16{1*32 + 1}, 1},
		{[]uint16{12*32 + 17, 12*32 + 5}, []uint16{12*32 + 31}, 14},
		{[]uint16{3*32 + 1}, []uint16{3*32 + 1}, 0},
	} {
		if got := dayDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("dayDistance(%v, %v) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestStoriesEventMarks: two articles score higher when they share a
// quotation (the same words, in quotation marks or not) and when they
// name the same day (another day of the same size: the same words).
func TestStoriesEventMarks(t *testing.T) {
	text := func(quote, date string) string {
		return "Dock workers in the harbour went on strike on " + date + ". " + quote + "We will not unload a single ship until the pay is fair" + quote +
			", the union leader said. The port company said talks with the workers would resume next week."
	}
	other := func(quote, date string) string {
		return "The strike of dock workers began on " + date + ". " + quote + "We will not unload a single ship until the pay is fair" + quote +
			", their union leader told reporters in the harbour of the city."
	}
	s := NewStories(StoryOptions{})
	for i := range 20 {
		s.Add(Doc{ID: int64(100 + i), Text: fmt.Sprintf("The council of town %d met and discussed the budget of the schools.", i), Lang: "en", Published: day(1)})
	}
	docs := []Doc{
		{Text: text(`"`, "Jan. 5"), Lang: "en", Published: day(1)},
		{Text: other(`"`, "Jan. 5"), Lang: "en", Published: day(1)},
		{Text: text("", "Jan. 5"), Lang: "en", Published: day(1)},
		{Text: other("", "Jan. 5"), Lang: "en", Published: day(1)},
		{Text: other("", "Jan. 6"), Lang: "en", Published: day(1)},
	}
	sim := s.Similarities(docs)
	quoted, unquoted, otherDay := sim[1][0], sim[3][2], sim[4][2]
	if !(quoted > unquoted && unquoted > otherDay && otherDay > 0) {
		t.Errorf("quoted %.3f, unquoted %.3f, unquoted on another day %.3f: want them falling", quoted, unquoted, otherDay)
	}
}

func FuzzEventsOf(f *testing.F) {
	for _, s := range []string{`"a b c d e f" said X on Jan. 12`, "„Das ist so, wie es ist“, sagte er am Dienstag, 3. März.", "« un deux trois quatre cinq »", `"`, "Dec 31"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		ev := eventsOf(text)
		if !slices.IsSorted(ev.quotes) || !slices.IsSorted(ev.days) || len(ev.quotes) > maxQuoteShingles {
			t.Fatalf("eventsOf(%q) = %+v", text, ev)
		}
		for _, d := range ev.days {
			if d/32 < 1 || d/32 > 12 || d%32 < 1 {
				t.Fatalf("day %d of %q", d, text)
			}
		}
	})
}
