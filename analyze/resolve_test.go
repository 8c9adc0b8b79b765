package analyze

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/analyze/ner"
)

// find returns the mention of a whose text is text (the n-th such, from 0).
func find(t *testing.T, a *newsdesk.Analysis, text string, n int) newsdesk.Mention {
	t.Helper()
	for _, m := range a.Mentions {
		if m.Text == text {
			if n == 0 {
				return m
			}
			n--
		}
	}
	t.Fatalf("no mention %q in %+v", text, a.Mentions)
	return newsdesk.Mention{}
}

// The names, the genitive and the role noun of one person resolve to one
// identity; a capital standing for its government takes the country's,
// the same capital as a place is the city.
func TestResolveGerman(t *testing.T) {
	an := New(nil, nil)
	text := "Der russische Präsident Wladimir Putin ist in Pjöngjang eingetroffen. Putin traf dort Kim Jong Un. " +
		"Der Kreml-Chef lobte den neuen Vertrag. Moskau sprach von einem Durchbruch. Putins Besuch dauerte zwei Tage."
	a := an.Analyze(context.Background(), Input{Text: text, Lang: "de", Date: time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)})
	putin := find(t, a, "Wladimir Putin", 0)
	if putin.EntityID == "" || putin.Type != newsdesk.Person {
		t.Fatalf("Wladimir Putin = %+v", putin)
	}
	for _, s := range []string{"Putin", "Putins"} {
		if m := find(t, a, s, 0); m.EntityID != putin.EntityID {
			t.Errorf("%s resolves to %q, Wladimir Putin to %q", s, m.EntityID, putin.EntityID)
		}
	}
	for _, m := range a.Mentions {
		if m.Kind == newsdesk.RoleMention && m.EntityID != putin.EntityID {
			t.Errorf("role %q resolves to %q, want Putin's %q", m.Text, m.EntityID, putin.EntityID)
		}
	}
	roles := 0
	for _, m := range a.Mentions {
		if m.Kind == newsdesk.RoleMention {
			roles++
		}
	}
	// A title before the name is no mention of its own; "Der Kreml-Chef" is.
	if roles != 1 {
		t.Errorf("found %d role mentions, want der Kreml-Chef alone: %+v", roles, a.Mentions)
	}
	moskau := find(t, a, "Moskau", 0)
	pj := find(t, a, "Pjöngjang", 0)
	if moskau.Kind != newsdesk.MetonymMention || moskau.EntityID == "" || moskau.EntityID == pj.EntityID {
		t.Errorf("Moskau (for the government) = %+v, Pjöngjang (a place) = %+v", moskau, pj)
	}
	if pj.Kind == newsdesk.MetonymMention {
		t.Errorf("in Pjöngjang is a place: %+v", pj)
	}
	if kim := find(t, a, "Kim Jong Un", 0); kim.EntityID == "" || kim.EntityID == putin.EntityID {
		t.Errorf("Kim Jong Un = %+v", kim)
	}
}

// A role noun resolves to who held the office at the text's date.
func TestResolveRoleByDate(t *testing.T) {
	an := New(nil, nil)
	text := "Die Bundeskanzlerin reiste nach Paris."
	a := an.Analyze(context.Background(), Input{Text: text, Lang: "de", Date: time.Date(2010, 5, 1, 0, 0, 0, 0, time.UTC)})
	b := an.Analyze(context.Background(), Input{Text: "Der Bundeskanzler reiste nach Paris.", Lang: "de", Date: time.Date(2023, 3, 1, 0, 0, 0, 0, time.UTC)})
	var r1, r2 string
	for _, m := range a.Mentions {
		if m.Kind == newsdesk.RoleMention {
			r1 = m.EntityID
		}
	}
	for _, m := range b.Mentions {
		if m.Kind == newsdesk.RoleMention {
			r2 = m.EntityID
		}
	}
	if r1 == "" || r2 == "" || r1 == r2 {
		t.Errorf("Bundeskanzlerin in 2010 → %q, Bundeskanzler in 2023 → %q; want two people", r1, r2)
	}
}

// A surname named alone in one text resolves to the full name another
// text of the batch gives, when only one does.
func TestResolveAcross(t *testing.T) {
	full := newsdesk.Mention{Start: 13, End: 31, Text: "Annalena Kowalczyk", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: Key(newsdesk.Person, "Annalena Kowalczyk")}
	a := &newsdesk.Analysis{Mentions: []newsdesk.Mention{full},
		Entities: []newsdesk.Entity{{ID: full.EntityID, Name: "Annalena Kowalczyk", Type: newsdesk.Person}}}
	alone := newsdesk.Mention{Start: 0, End: 9, Text: "Kowalczyk", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: Key(newsdesk.Person, "Kowalczyk")}
	other := newsdesk.Mention{Start: 20, End: 25, Text: "Meyer", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: Key(newsdesk.Person, "Meyer")}
	b := &newsdesk.Analysis{Mentions: []newsdesk.Mention{alone, other},
		Entities: []newsdesk.Entity{{ID: alone.EntityID, Name: "Kowalczyk", Type: newsdesk.Person}, {ID: other.EntityID, Name: "Meyer", Type: newsdesk.Person}}}
	ResolveAcross([]*newsdesk.Analysis{a, b})
	if b.Mentions[0].EntityID != full.EntityID || len(b.Entities) != 2 || b.Entities[0].Name != "Annalena Kowalczyk" {
		t.Errorf("Kowalczyk = %+v, entities %+v; want Annalena Kowalczyk's %q", b.Mentions[0], b.Entities, full.EntityID)
	}
	if b.Mentions[1].EntityID != other.EntityID {
		t.Errorf("Meyer, named in full nowhere, = %q", b.Mentions[1].EntityID)
	}
}

// A span the tagger ran together from a place and a person of the table
// is parted into the two; one of names of one type is left whole.
func TestSplitRunTogether(t *testing.T) {
	an := New(nil, nil)
	for _, c := range []struct {
		text string
		typ  newsdesk.EntityType
		want []string
	}{
		{"Russlands Pakt mit Nordkorea Putin wird vorgeführt", newsdesk.Person, []string{"Nordkorea", "Putin"}},
		{"Das Spiel in Bayern München endete", newsdesk.Organisation, []string{"Bayern München"}},
		{"Ein Treffen mit Nordkorea Meier endete", newsdesk.Person, []string{"Nordkorea Meier"}},
	} {
		d := &doc{an: an, lang: "de", runes: []rune(c.text)}
		d.toks = ner.Tokenize(c.text)
		words := strings.Fields(c.want[0])
		if len(c.want) > 1 {
			words = strings.Fields(strings.Join(c.want, " "))
		}
		from := slices.IndexFunc(d.toks, func(tk ner.Token) bool { return tk.Text == words[0] })
		d.add(from, from+len(words), c.typ)
		d.split()
		var got []string
		for _, m := range d.ms {
			got = append(got, m.Text)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%q: mentions %q, want %q", c.text, got, c.want)
		}
	}
}
