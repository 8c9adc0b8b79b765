package connect

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
)

const dispatch = `The European Commission opened two antitrust investigations into Microsoft on Monday, following complaints from the browser maker Opera and a group of software companies.
The Commission said it would examine whether Microsoft had abused its dominant position by tying its Internet Explorer browser to the Windows operating system.
A second investigation concerns the interoperability of Office with rival products, after a complaint by the European Committee for Interoperable Systems.
Microsoft said it would cooperate fully with the Commission and was committed to ensuring that its products comply with European law.
The company was fined 497 million euros in 2004 for abusing its dominance in the market for media players, a decision upheld by a European court in September.
Opera's chief executive said the complaint was about giving consumers a real choice of browsers and about restoring open web standards on the desktop.`

const otherReport = `Brussels has started a fresh investigation of Microsoft after the Norwegian browser company Opera complained about Internet Explorer being bundled with Windows.
Officials in the competition department will look at Office file formats too, said a spokesman, who declined to give a timetable for the inquiry.
Analysts in London said the case could take years and noted that the software giant had already paid heavy penalties in an earlier dispute.
Shares of the company were little changed in New York trading on the news, while Opera's stock rose nine percent in Oslo.
The Commission said it would examine whether Microsoft had abused its dominant position.
Critics argue that the browser market has changed since the first case and that regulators are fighting the last war.`

func day(d int) time.Time { return time.Date(2008, 1, d, 12, 0, 0, 0, time.UTC) }

func TestCopiesTable(t *testing.T) {
	paras := strings.Split(dispatch, "\n")
	tests := []struct {
		name string
		text string
		copy bool
	}{
		{"identical", dispatch, true},
		{"dateline and credit", "BRUSSELS (Reuters) - " + dispatch + "\n(Reporting by Jane Doe; editing by John Roe)", true},
		{"trimmed ending", strings.Join(paras[:3], "\n"), true},
		{"extended ending", dispatch + "\nThe Commission has fined Microsoft a total of 1.68 billion euros over the past four years, more than any other company in an antitrust case, and the firm has appealed several of the decisions.", true},
		{"update on top", "UPDATE 2: adds Opera comment, analyst reaction in the last paragraphs of the story.\n" + dispatch, true},
		{"small edits", strings.NewReplacer("Monday", "Tuesday", "fully", "", "real", "genuine").Replace(dispatch), true},
		{"other reporter, same event", otherReport, false},
		{"unrelated", "The weather in Hamburg stays wet and cold this week, with storms expected on the coast and snow in the hills of the south by Sunday evening.", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := NewCopies(CopyOptions{})
			c.Add(Doc{ID: 1, Text: dispatch, Published: day(14)})
			dec := c.Add(Doc{ID: 2, Text: tt.text, Published: day(15)})
			if got := dec.CopyOf == 1; got != tt.copy {
				t.Errorf("copy = %v, want %v (%+v)", got, tt.copy, dec)
			}
		})
	}
}

func TestCopiesOriginalChanges(t *testing.T) {
	c := NewCopies(CopyOptions{})
	if dec := c.Add(Doc{ID: 10, Text: dispatch, Published: day(15)}); dec.Original != 10 || dec.CopyOf != 0 {
		t.Fatalf("first: %+v", dec)
	}
	if dec := c.Add(Doc{ID: 11, Text: "LONDON - " + dispatch, Published: day(16)}); dec.Original != 10 || dec.CopyOf != 10 || len(dec.Changes) != 0 {
		t.Fatalf("later copy: %+v", dec)
	}
	// An earlier copy arrives: it becomes the original.
	dec := c.Add(Doc{ID: 12, Text: dispatch + "\nCopyright 2008", Published: day(14)})
	if dec.Original != 12 || dec.CopyOf != 0 || !slices.Equal(dec.Changes, []OriginalChange{{From: 10, To: 12}}) {
		t.Fatalf("earlier copy: %+v", dec)
	}
	if o, _ := c.Original(11); o != 12 {
		t.Errorf("Original(11) = %d, want 12", o)
	}
	// Ties of publication go by storage time, then id.
	c2 := NewCopies(CopyOptions{})
	c2.Add(Doc{ID: 5, Text: dispatch, Published: day(14), Stored: day(15)})
	if dec := c2.Add(Doc{ID: 6, Text: dispatch, Published: day(14), Stored: day(14)}); dec.Original != 6 {
		t.Errorf("tie by stored: %+v", dec)
	}
	if dec := c2.Add(Doc{ID: 4, Text: dispatch, Published: day(14), Stored: day(14)}); dec.Original != 4 {
		t.Errorf("tie by id: %+v", dec)
	}
}

func TestCopiesEmpty(t *testing.T) {
	c := NewCopies(CopyOptions{})
	c.Add(Doc{ID: 1})
	if dec := c.Add(Doc{ID: 2}); dec.CopyOf != 0 || dec.Original != 2 {
		t.Errorf("empty texts: %+v", dec)
	}
	if dec := c.Add(Doc{ID: 1, Text: dispatch}); dec.Original != 1 {
		t.Errorf("added again: %+v", dec)
	}
}

// testDocs returns articles with copies among them, in a fixed order.
func testDocs() []Doc {
	var ds []Doc
	paras := strings.Split(dispatch+"\n"+otherReport, "\n")
	for i := range 60 {
		text := paras[i%len(paras)] + " " + paras[(i*7+3)%len(paras)] + fmt.Sprintf(" Item %d of the test. ", i/3)
		if i%3 == 0 {
			text = dispatch
		}
		if i%5 == 0 {
			text = otherReport + fmt.Sprintf(" Version %d.", i/10)
		}
		ds = append(ds, Doc{ID: int64(100 + i), Text: text, Title: fmt.Sprintf("Title %d", i), Lang: "en",
			Published: day(1 + (i*13)%20), Stored: day(1 + i/3), Entities: []string{"Q2283", fmt.Sprintf("X%d", i%4)}})
	}
	return ds
}

func TestCopiesDeterministicAndLoad(t *testing.T) {
	docs := testDocs()
	run := func() ([]CopyDecision, *Copies) {
		c := NewCopies(CopyOptions{})
		var out []CopyDecision
		for _, d := range docs[:40] {
			out = append(out, c.Add(d))
		}
		return out, c
	}
	a, live := run()
	b, _ := run()
	if fmt.Sprint(a) != fmt.Sprint(b) {
		t.Fatal("decisions differ between two runs")
	}
	// Rebuild from the persisted signatures and copy_of values.
	restored := NewCopies(CopyOptions{})
	for i, d := range docs[:40] {
		sig, err := live.Sign(d.Text).MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var s Signature
		if err := s.UnmarshalBinary(sig); err != nil {
			t.Fatal(err)
		}
		o, _ := live.Original(d.ID)
		copyOf := o
		if o == d.ID {
			copyOf = 0
		}
		_ = i
		restored.Load(d.ID, d.Published, d.Stored, s, copyOf)
	}
	for _, d := range docs[40:] {
		x, y := live.Add(d), restored.Add(d)
		if fmt.Sprint(x) != fmt.Sprint(y) {
			t.Errorf("article %d: live %+v, restored %+v", d.ID, x, y)
		}
	}
}

func TestSignatureRoundTrip(t *testing.T) {
	c := NewCopies(CopyOptions{})
	for _, text := range []string{"", "one", dispatch, otherReport} {
		s := c.Sign(text)
		b, err := s.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var got Signature
		if err := got.UnmarshalBinary(b); err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if fmt.Sprint(got) != fmt.Sprint(s) {
			t.Errorf("round trip of %.20q changed the signature", text)
		}
	}
	if n := len(must(c.Sign(dispatch).MarshalBinary())); n > 800 {
		t.Errorf("signature of %d bytes", n)
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func FuzzSignature(f *testing.F) {
	c := NewCopies(CopyOptions{})
	f.Add(must(c.Sign(dispatch).MarshalBinary()))
	f.Add(must(c.Sign("").MarshalBinary()))
	f.Add([]byte{1, 1, 0, 2, 5, 5})
	f.Fuzz(func(t *testing.T, b []byte) {
		var s Signature
		if err := s.UnmarshalBinary(b); err != nil {
			return
		}
		b2, _ := s.MarshalBinary()
		var s2 Signature
		if err := s2.UnmarshalBinary(b2); err != nil || fmt.Sprint(s) != fmt.Sprint(s2) {
			t.Fatalf("re-encoding failed: %v", err)
		}
		// A decoded signature is safe to load and match.
		c := NewCopies(CopyOptions{})
		c.Load(1, day(1), day(1), s, 0)
		c.AddSigned(2, day(2), day(2), s)
	})
}

func FuzzShingles(f *testing.F) {
	f.Add(dispatch)
	f.Add("a b")
	f.Add("Straße ÄÖÜ 10.000 — „Zitat“")
	f.Fuzz(func(t *testing.T, text string) {
		c := NewCopies(CopyOptions{})
		s := c.Sign(text)
		if !slices.IsSorted(s.sketch) || len(s.sketch) > c.opt.Sketch {
			t.Fatalf("bad sketch %v", s.sketch)
		}
		if dec := c.Add(Doc{ID: 1, Text: text}); dec.Original != 1 {
			t.Fatal(dec)
		}
		if dec := c.Add(Doc{ID: 2, Text: text, Published: day(1)}); s.empty() != (dec.CopyOf == 0) {
			t.Fatalf("an identical text: %+v", dec)
		}
	})
}
