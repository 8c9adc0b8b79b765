package analysis

import (
	"reflect"
	"testing"
)

func TestTermMeets(t *testing.T) {
	tests := []struct {
		lang, a, b string
	}{
		{German, "Vertrag", "Verträge"},
		{German, "Vertrag", "Vertrages"},
		{German, "unterzeichnen", "unterzeichnet"},
		{German, "unterzeichnen", "unterzeichnete"},
		{German, "spielen", "spielt"},
		{German, "Haus", "Häuser"},
		{German, "Straße", "Strasse"},
		{German, "STRASSE", "straße"},
		{German, "Bericht", "Berichte"},
		{English, "sign", "signed"},
		{English, "sign", "signing"},
		{English, "treaty", "treaties"},
		{English, "run", "running"},
		{English, "café", "Cafe"},
		{Neutral, "Łódź", "lodz"},
		{Neutral, "Æther", "aether"},
	}
	for _, tt := range tests {
		if x, y := Term(tt.lang, tt.a), Term(tt.lang, tt.b); x != y {
			t.Errorf("Term(%q, %q) = %q, Term(%q) = %q; want equal", tt.lang, tt.a, x, tt.b, y)
		}
	}
}

func TestTermKeepsApart(t *testing.T) {
	tests := []struct {
		lang, a, b string
	}{
		{German, "Wert", "wer"},
		{German, "Welt", "Wels"},
		{German, "Internet", "intern"},
		{English, "sign", "signal"},
	}
	for _, tt := range tests {
		if x, y := Term(tt.lang, tt.a), Term(tt.lang, tt.b); x == y {
			t.Errorf("Term(%q, %q) = Term(%q) = %q; want different", tt.lang, tt.a, tt.b, x)
		}
	}
}

func TestWords(t *testing.T) {
	var got []string
	var spans [][2]int
	text := "Die Ukraine-Krise: Putin's „Plan“ (2024) — naïve café\u0301!"
	Words(text, func(w string, s, e int) {
		got = append(got, w)
		spans = append(spans, [2]int{s, e})
	})
	want := []string{"Die", "Ukraine", "Krise", "Putin", "s", "Plan", "2024", "naïve", "café\u0301"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Words = %q, want %q", got, want)
	}
	for i, sp := range spans {
		if text[sp[0]:sp[1]] != got[i] {
			t.Errorf("span %d = %q, want %q", i, text[sp[0]:sp[1]], got[i])
		}
	}
}

func TestLang(t *testing.T) {
	for in, want := range map[string]string{"de": German, "de-AT": German, "EN_us": English, "fr": Neutral, "": Neutral} {
		if got := Lang(in); got != want {
			t.Errorf("Lang(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkTerms(b *testing.B) {
	text := "Die Regierung hat den Vertrag am Montag in Berlin unterzeichnet, teilte das Ministerium mit. The government signed the treaties on Monday."
	b.SetBytes(int64(len(text)))
	var dst []string
	for b.Loop() {
		dst = Terms(German, text, dst[:0])
	}
}
