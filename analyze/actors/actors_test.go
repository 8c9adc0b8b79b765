package actors

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestDefaultParses(t *testing.T) {
	tab, err := loadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() < 500 {
		t.Errorf("Len = %d, want at least 500", tab.Len())
	}
	if Default().Len() != tab.Len() {
		t.Errorf("Default().Len() = %d, want %d", Default().Len(), tab.Len())
	}
}

func TestByName(t *testing.T) {
	tab := Default()
	tests := []struct{ name, want string }{
		{"Wladimir Putin", "Q7747"},
		{"Vladimir Putin", "Q7747"},
		{"Putin", "Q7747"},
		{"Putins", "Q7747"},
		{"putin", "Q7747"},
		{"  Wladimir \n Putin ", "Q7747"},
		{"Scholz'", "Q61053"},
		{"Scholz’", "Q61053"},
		{"Merkels", "Q567"},
		{"Russland", "Q159"},
		{"Russlands", "Q159"},
		{"der Russischen Föderation", "Q159"},
		{"Nordkorea", "Q423"},
		{"North Korea", "Q423"},
		{"DPRK", "Q423"},
		{"Demokratische Volksrepublik Korea", "Q423"},
		{"USA", "Q30"},
		{"Vereinigten Staaten", "Q30"},
		{"UK", "Q145"},
		{"Großbritanniens", "Q145"},
		{"Nato", "Q7184"},
		{"NATO", "Q7184"},
		{"UN", "Q1065"},
		{"Vereinten Nationen", "Q1065"},
		{"Europäischen Union", "Q458"},
		{"Weltsicherheitsrat", "Q37470"},
		{"EZB", "Q8901"},
		{"IWF", "Q7804"},
		{"Bundestages", "Q154797"},
		{"Grünen", "Q49766"},
		{"dpa", "dpa"},
		{"spiegel.de", "Q131478"},
		{"Der Spiegel", "Q131478"},
		{"Spiegels", "Q131478"},
		{"Bayerns", "de-land-bayern"},
		{"Selenskyjs", "Q3874799"},
		{"Putin's", "Q7747"},
		{"Merkel’s", "Q567"},
		{"die Grünen", "Q49766"},
		{"des Weißen Hauses", "Q35525"},
	}
	for _, tt := range tests {
		got := tab.ByName(tt.name)
		if len(got) == 0 || got[0].ID != tt.want {
			var ids []string
			for _, a := range got {
				ids = append(ids, a.ID)
			}
			t.Errorf("ByName(%q) = %v, want %s first", tt.name, ids, tt.want)
		}
	}
	if got := tab.ByName("Kreml-Chef"); len(got) != 0 {
		t.Errorf("ByName(role noun) = %v, want nothing", got)
	}
}

func TestByMetonym(t *testing.T) {
	tab := Default()
	tests := []struct{ name, want string }{
		{"Moskau", "Q159"},
		{"Moscow", "Q159"},
		{"Kreml", "Q159"},
		{"Kremlin", "Q159"},
		{"des Kremls", "Q159"},
		{"the Kremlin", "Q159"},
		{"Washington", "Q30"},
		{"Weißes Haus", "Q30"},
		{"Weißen Hauses", "Q30"},
		{"White House", "Q30"},
		{"Pjöngjang", "Q423"},
		{"Pyongyang", "Q423"},
		{"Brüssel", "Q458"},
		{"Downing Street", "Q145"},
		{"Peking", "Q148"},
		{"Kiew", "Q212"},
		{"Élysée", "Q142"},
		{"Berlin", "Q183"},
	}
	for _, tt := range tests {
		got := tab.ByMetonym(tt.name)
		if got == nil || got.ID != tt.want {
			t.Errorf("ByMetonym(%q) = %v, want %s", tt.name, got, tt.want)
		}
	}
	for _, n := range []string{"Putin", "Hamburg Süd", "Russland", ""} {
		if got := tab.ByMetonym(n); got != nil {
			t.Errorf("ByMetonym(%q) = %s, want nil", n, got.ID)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"PER\tx\n", "line 1: PER needs an id and a name"},
		{"# c\n\nXYZ\ta\tb\n", "line 3: unknown record"},
		{"PER\ta b\tName\n", "line 1: bad id"},
		{"PER\ta\tA\nPER\ta\tB\n", "line 2: actor \"a\" defined twice"},
		{"PER\ta\tA\tfoo=bar\n", "line 1: unknown key \"foo\""},
		{"PER\ta\tA\taka\n", "line 1: field \"aka\" is not key=value"},
		{"PER\ta\tA\theld=x 2020-13-01..\n", "line 1: held \"x 2020-13-01..\": bad start date"},
		{"PER\ta\tA\theld=x 2020-01-01\n", "line 1: held \"x 2020-01-01\": want"},
		{"PER\ta\tA\theld=x 2020-01-01..2019-01-01\n", "line 1: held \"x 2020-01-01..2019-01-01\": ends before it starts"},
		{"LOC\tc\tC\n\nPER\ta\tA\theld=x 2020..\n", "line 3: unknown office \"x\""},
		{"OFFICE\to\tnobody\n", "line 1: unknown actor \"nobody\""},
		{"LOC\tc\tC\nOFFICE\to\tc\tnouns=zzz\n", "line 2: unknown noun set \"zzz\""},
		{"NOUNS\tn\tde=A\nNOUNS\tn\n", "line 2: noun set \"n\" defined twice"},
		{"PER\ta\tA\xff\n", "line 1: not UTF-8"},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.in))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !errors.Is(err, ErrSyntax) {
			t.Errorf("Parse(%q) = %v, want error with %q", tt.in, err, tt.want)
		}
	}
}

func TestParseSmall(t *testing.T) {
	in := "# a table\nLOC\tc\tLand\tadj.de=ländisch\tmeto=Hauptstadt\n" +
		"OFFICE\tc-boss\tc\tde=Boss\trole.de=Oberboss\n" +
		"PER\tp1\tErste Person\taka=Erste\theld=c-boss 2000-01..2010-06\n" +
		"PER\tp2\tZweite Person\theld=c-boss 2010-06-15..\n"
	tab, err := Parse(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if tab.Len() != 3 {
		t.Errorf("Len = %d, want 3", tab.Len())
	}
	for _, tt := range []struct{ date, want string }{
		{"1999-12-31", ""}, {"2000-01-01", "p1"}, {"2010-06-14", "p1"}, {"2010-06-15", "p2"}, {"2030-01-01", "p2"},
	} {
		got := ""
		if a := tab.Holder("c-boss", day(tt.date)); a != nil {
			got = a.ID
		}
		if got != tt.want {
			t.Errorf("Holder(c-boss, %s) = %q, want %q", tt.date, got, tt.want)
		}
	}
	m := tab.FindRoles("Der ländische Boss traf den Oberboss.", "de", day("2005-01-01"))
	if len(m) != 2 || m[0].Text != "Der ländische Boss" || m[1].Text != "den Oberboss" || m[0].ActorID != "p1" {
		t.Errorf("FindRoles = %+v", m)
	}
	if a := tab.ByMetonym("Hauptstadt"); a == nil || a.ID != "c" {
		t.Errorf("ByMetonym(Hauptstadt) = %v", a)
	}
}

func FuzzParse(f *testing.F) {
	f.Add("PER\ta\tA\taka=B|C\theld=o 2000..\nLOC\tc\tC\tadj.de=x\nOFFICE\to\tc\tde=Boss\n")
	f.Add("NOUNS\tn\tde=A|B\ten=c\n# x\n\nLOC\tc\tC\tgen=Cs\tof=the C\tpre=C\nOFFICE\to\tc\tnouns=n\trole.en=the boss\n")
	f.Add("PER\ta\tA\theld=o 2000-01-01..2000-01\n")
	f.Fuzz(func(t *testing.T, in string) {
		tab, err := Parse(strings.NewReader(in))
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !strings.Contains(err.Error(), "reading table") {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		for _, a := range tab.Actors() {
			tab.ByName(a.Name)
			for _, m := range a.Metonyms {
				tab.ByMetonym(m)
			}
		}
		for _, lang := range []string{"de", "en"} {
			text := in
			for _, m := range tab.FindRoles(text, lang, time.Time{}) {
				rs := []rune(text)
				if m.Start < 0 || m.End > len(rs) || m.Start >= m.End || string(rs[m.Start:m.End]) != m.Text {
					t.Fatalf("bad match %+v", m)
				}
			}
		}
	})
}

func TestConcurrentUse(t *testing.T) {
	tab, err := loadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	for i := 0; i < 8; i++ {
		go func() {
			defer func() { done <- true }()
			m := tab.FindRoles("Der Kreml-Chef und der US-Präsident", "de", day("2019-01-01"))
			if len(m) != 2 || tab.ByMetonym("Kreml") == nil || len(tab.ByName("Putins")) == 0 {
				t.Errorf("concurrent lookups: %+v", m)
			}
		}()
	}
	for i := 0; i < 8; i++ {
		<-done
	}
}
