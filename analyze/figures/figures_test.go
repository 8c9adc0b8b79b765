package figures_test

import (
	"context"
	"math"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/analyze"
	"newsdesk/analyze/actors"
	"newsdesk/analyze/doc"
	"newsdesk/analyze/figures"
	"newsdesk/analyze/ner"
	"newsdesk/analyze/sources"
)

var (
	anOnce sync.Once
	an     *analyze.Analyzer
)

func analyse(text, lang string) *newsdesk.Analysis {
	anOnce.Do(func() { an = analyze.New(nil, nil) })
	return an.Analyze(context.Background(), analyze.Input{Text: text, Lang: lang, Date: time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)})
}

func TestFind(t *testing.T) {
	type fig struct {
		value    float64
		unit     string
		claimant string // a word of the claimant's span; "" for none
	}
	tests := []struct {
		name, lang, text string
		want             []fig
	}{
		{"laut", "de", "Nordkorea schickte laut US-Angaben über 10.000 Container nach Russland.", []fig{{10000, "Container", "US"}}},
		{"millionen", "de", "Nach Angaben der Polizei kamen 2,5 Millionen Menschen.", []fig{{2.5e6, "Menschen", "Polizei"}}},
		{"prozent", "de", "Die Preise stiegen um 30 Prozent, teilte das Statistikamt mit.", []fig{{30, "%", "Statistikamt"}}},
		{"euro", "de", "Laut Ministerium kostet das Programm 4,5 Milliarden Euro.", []fig{{4.5e9, "EUR", "Ministerium"}}},
		{"range", "de", "Laut Hersteller erreicht der Akku 400 bis 500 Wh/kg.", []fig{{400, "Wh", "Hersteller"}}},
		{"dollars", "en", "The company said it would cut 1,200 jobs and save $1.5 billion.", []fig{{1200, "jobs", "company"}, {1.5e9, "USD", "company"}}},
		{"percent", "en", "Unemployment fell to 5.4% last year, according to the ministry.", []fig{{5.4, "%", "ministry"}}},
		{"quote", "en", "\"We protected 150 elections,\" a spokeswoman for the company said.", []fig{{150, "elections", "company"}}},
		{"reported speech", "de", "Nach Angaben des Herstellers ist der Akku fast fertig. Die Fabrik sollte dann 20 GWh im Jahr liefern.", []fig{{20, "GWh", "Herstellers"}}},
		{"measure word", "de", "Das Gewicht schätzt er auf zusammen etwa ein Kilo.", []fig{{1, "Kilo", "er"}}},
		// No attributed figure.
		{"own voice", "de", "Im Jahr 2023 kamen 300 Besucher in das Museum.", nil},
		{"year date time", "en", "Police said the attack happened on 12 April 2024 at 3:18 a.m.", nil},
		{"age duration", "de", "Der 37-Jährige sagte, er habe 24 Jahre gewartet.", nil},
		{"clock", "en", "Police said the fire broke out at 2am and was reported at 1545 GMT.", nil},
		{"score", "en", "The coach said his team won 3-1.", nil},
		{"vague", "de", "Laut Polizei kamen Hunderte Menschen.", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(tt.text, tt.lang)
			if len(a.Figures) != len(tt.want) {
				t.Fatalf("%q: figures %+v, want %d", tt.text, a.Figures, len(tt.want))
			}
			for i, w := range tt.want {
				f := a.Figures[i]
				if math.Abs(f.Value-w.value) > 1e-6*math.Max(1, w.value) || !strings.HasPrefix(f.Unit, w.unit) {
					t.Errorf("%q: figure %d = %v %q, want %v %q", tt.text, i, f.Value, f.Unit, w.value, w.unit)
				}
				if f.Claimant == nil || !strings.Contains(f.Claimant.Text, w.claimant) {
					t.Errorf("%q: figure %d claimant %+v, want %q", tt.text, i, f.Claimant, w.claimant)
				}
			}
		})
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Nordkorea schickte laut US-Angaben über 10.000 Container nach Russland.",
		"The company said it would cut 1,200 jobs and save $1.5 billion (€1.4bn).",
		"Laut Hersteller 400 bis 500 Wh/kg, 3,5C und 30 Prozent.",
		"said $ ( 5 - 3 : between and 1.2.3 %",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if strings.ToValidUTF8(text, "\uFFFD") != text {
			return
		}
		a := analyse(text, "")
		runes := []rune(text)
		for _, fg := range a.Figures {
			for _, sp := range []newsdesk.Span{fg.Span, claimantSpan(fg)} {
				if sp.Start < 0 || sp.End > len(runes) || sp.Start >= sp.End || string(runes[sp.Start:sp.End]) != sp.Text {
					t.Fatalf("span %+v does not read so in %q", sp, text)
				}
			}
			if math.IsNaN(fg.Value) || math.IsInf(fg.Value, 0) {
				t.Fatalf("value %v", fg.Value)
			}
		}
	})
}

func claimantSpan(f newsdesk.Figure) newsdesk.Span {
	if f.Claimant == nil {
		return f.Span
	}
	return f.Claimant.Span
}

// BenchmarkFind measures Find in tokens per second on one core, over
// the texts of the analysis benchmark.
func BenchmarkFind(b *testing.B) {
	var docs []*doc.Doc
	tokens := 0
	for _, p := range []string{"../ner/testdata/news-de.txt", "../ner/testdata/news-en.txt"} {
		text, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		lang := "de"
		if strings.Contains(p, "-en") {
			lang = "en"
		}
		a := analyse(string(text), lang)
		toks := ner.Tokenize(string(text))
		docs = append(docs, &doc.Doc{
			Text: string(text), Runes: []rune(string(text)), Lang: lang, Tokens: toks,
			Sentences: ner.SentencesIn(string(text), toks), Mentions: a.Mentions, Entities: a.Entities, Actors: actors.Default(),
		})
		tokens += len(toks)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			figures.Find(d, nil, nil, sources.Claims(d))
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
