package ner

import (
	"encoding/json"
	"os"
	"reflect"
	"strings"
	"testing"
)

type ent struct{ text, typ string }

func entities(lang, text string) []ent {
	toks := Tokenize(text)
	var out []ent
	for _, s := range Default().Tag(lang, toks) {
		var ws []string
		for _, t := range toks[s.From:s.To] {
			ws = append(ws, t.Text)
		}
		out = append(out, ent{strings.Join(ws, " "), s.Type})
	}
	return out
}

func TestTag(t *testing.T) {
	tests := []struct {
		lang, text string
		want       []ent
	}{
		{"de", "Bundeskanzler Olaf Scholz traf in Berlin den französischen Präsidenten Emmanuel Macron.",
			[]ent{{"Olaf Scholz", "PER"}, {"Berlin", "LOC"}, {"Emmanuel Macron", "PER"}}},
		{"", "Bundeskanzler Olaf Scholz traf in Berlin den französischen Präsidenten Emmanuel Macron.",
			[]ent{{"Olaf Scholz", "PER"}, {"Berlin", "LOC"}, {"Emmanuel Macron", "PER"}}},
		{"en", "President Joe Biden met Chancellor Olaf Scholz in Washington on Friday.",
			[]ent{{"Joe Biden", "PER"}, {"Olaf Scholz", "PER"}, {"Washington", "LOC"}}},
	}
	for _, tt := range tests {
		got := entities(tt.lang, tt.text)
		for _, w := range tt.want {
			found := false
			for _, g := range got {
				found = found || g == w
			}
			if !found {
				t.Errorf("%q (%s): %v missing; got %v", tt.text, tt.lang, w, got)
			}
		}
	}
}

func TestTagNothing(t *testing.T) {
	if got := Default().Tag("de", nil); len(got) != 0 {
		t.Errorf("Tag(nil) = %v", got)
	}
	if got := entities("en", "it was raining and we stayed at home ."); len(got) != 0 {
		t.Errorf("entities in a sentence without names: %v", got)
	}
}

// BenchmarkTag tags news text: testdata/news-*.txt, or the files named in
// NEWSDESK_NER_BENCH (separated by the path list separator): text files,
// or JSON files mapping ids to objects with an "articleBody" (such as
// extraction/fundus/truth.json of the shared data).
func BenchmarkTag(b *testing.B) {
	paths := []string{"testdata/news-de.txt", "testdata/news-en.txt"}
	if env := os.Getenv("NEWSDESK_NER_BENCH"); env != "" {
		paths = strings.Split(env, string(os.PathListSeparator))
	}
	type doc struct {
		lang string
		toks []Token
	}
	var docs []doc
	n := 0
	add := func(l, text string) {
		d := doc{l, Tokenize(text)}
		n += len(d.toks)
		docs = append(docs, d)
	}
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		if strings.HasSuffix(p, ".json") {
			var articles map[string]struct {
				ArticleBody string `json:"articleBody"`
			}
			if err := json.Unmarshal(text, &articles); err != nil {
				b.Fatal(err)
			}
			for _, a := range articles {
				add("", a.ArticleBody)
			}
			continue
		}
		l := ""
		if strings.Contains(p, "-de") {
			l = "de"
		} else if strings.Contains(p, "-en") {
			l = "en"
		}
		add(l, string(text))
	}
	m := Default()
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			m.Tag(d.lang, d.toks)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func TestTagConcurrent(t *testing.T) {
	text, err := os.ReadFile("testdata/news-de.txt")
	if err != nil {
		t.Fatal(err)
	}
	toks := Tokenize(string(text))
	want := Default().Tag("de", toks)
	if len(want) < 20 {
		t.Fatalf("only %d entities in testdata/news-de.txt", len(want))
	}
	done := make(chan []Span)
	for range 4 {
		go func() { done <- Default().Tag("de", toks) }()
	}
	for range 4 {
		if got := <-done; !reflect.DeepEqual(got, want) {
			t.Errorf("concurrent Tag differs: %d spans, want %d", len(got), len(want))
		}
	}
}

func TestGuessGerman(t *testing.T) {
	for _, tt := range []struct {
		text   string
		german bool
	}{
		{"A7 Hamburg Richtung Hannover zwischen Soltau-Ost und Bispingen Stau", true},
		{"Bahnstreik: Züge fallen aus", true},
		{"Traffic jam on the M25 between junctions 10 and 11", false},
		{"Great food, friendly staff", false},
	} {
		if got := guessGerman(Tokenize(tt.text)); got != tt.german {
			t.Errorf("guessGerman(%q) = %v", tt.text, got)
		}
	}
}

// The German model is trained with word clusters and must find its table.
func TestClustersShipped(t *testing.T) {
	c, err := readClusters("de")
	if err != nil {
		t.Fatal(err)
	}
	if c == nil || c.Len() == 0 {
		t.Fatal("no German cluster table in model/")
	}
}
