package sources_test

import (
	"context"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/analyze"
	"newsdesk/analyze/actors"
	"newsdesk/analyze/doc"
	"newsdesk/analyze/ner"
	"newsdesk/analyze/sources"
)

var (
	anOnce sync.Once
	an     *analyze.Analyzer
)

// analyse runs the whole analysis over text, as newsdesk does.
func analyse(text, lang string) *newsdesk.Analysis {
	anOnce.Do(func() { an = analyze.New(nil, nil) })
	return an.Analyze(context.Background(), analyze.Input{Text: text, Lang: lang, Date: time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)})
}

// cited returns the cited sources as "kind:text".
func cited(a *newsdesk.Analysis) []string {
	var out []string
	for _, s := range a.Sources {
		out = append(out, string(s.Kind)+":"+s.Text)
	}
	return out
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, lang, text string
		want             []string // kind:text, each must be found
		not              []string // texts that must not be sources
	}{
		{"laut outlet", "de", "Laut Spiegel will die Regierung die Steuer senken.", []string{"media:Spiegel"}, nil},
		{"polizei", "de", "Zwei Menschen wurden verletzt, wie die Polizei am Montag mitteilte.", []string{"institution:Polizei"}, nil},
		{"medienberichte", "de", "Medienberichten zufolge ist der Minister zurückgetreten.", []string{"media:Medienberichten"}, nil},
		{"us-angaben", "de", "Nordkorea schickte laut US-Angaben Container nach Russland.", []string{"institution:US"}, nil},
		{"spokesperson de", "de", "Ein Sprecher des Innenministeriums sagte, die Lage sei ruhig.", []string{"institution:Innenministeriums"}, []string{"Sprecher"}},
		{"statement de", "de", "Das Vorhaben sei gescheitert, heißt es in einer Erklärung der Stadt.", []string{"document:Erklärung der Stadt"}, nil},
		{"gegenüber agency", "de", "Das betonte der Minister gegenüber der APA.", []string{"agency:APA"}, nil},
		{"according to", "en", "Prices rose sharply, according to a report by the World Bank.", []string{"document:report by the World Bank"}, nil},
		{"told outlet", "en", "The mayor told Reuters that the plan had failed.", []string{"agency:Reuters"}, []string{"mayor"}},
		{"police said", "en", "Three people were injured, police said on Monday.", []string{"institution:police"}, nil},
		{"spokesperson en", "en", "A spokesperson for the State Department said talks would go on.", []string{"institution:State Department"}, []string{"spokesperson"}},
		{"person", "en", "Angela Merkel said the talks had failed.", nil, []string{"Angela Merkel", "Merkel"}},
		{"pronoun", "de", "Er sagte, die Gespräche seien gescheitert.", nil, []string{"Er"}},
		{"subject first", "de", "Die Polizei sagte der Zeitung am Montag, die Lage sei ruhig.", []string{"institution:Polizei"}, []string{"Zeitung"}},
		{"compound spokesperson", "de", "Ein Polizeisprecher bestätigte, dass zwei Menschen verletzt wurden.", []string{"institution:Polizeisprecher"}, nil},
		{"outlet's report", "de", "Laut einem Bericht der „Süddeutschen Zeitung“ ist der Minister zurückgetreten.", []string{"media:Süddeutschen Zeitung"}, nil},
		{"quoted outlet", "de", "Der Minister sagte im Interview mit der „Zeit“, er bleibe im Amt.", []string{"media:Zeit"}, nil},
		{"closed compound", "de", "Nach Polizeiangaben wurden zwei Menschen verletzt.", []string{"institution:Polizeiangaben"}, nil},
		{"closed compound s", "de", "Regierungsangaben zufolge wurden zwei Menschen verletzt.", []string{"institution:Regierungsangaben"}, nil},
		{"web address", "de", "Der Text endet.\n- spiegel.de: Was die Show so gefährlich macht", []string{"media:spiegel.de"}, nil},
		{"angaben first", "de", "Angaben zufolge wurden zwei Menschen verletzt.", nil, nil},
		{"wie conjunction", "de", "Der Bau stockt, wie das Portal Golem berichtete.", []string{"media:Golem"}, nil},
		{"before auxiliary", "de", "Die Stadtverwaltung hat schwere Fehler eingeräumt.", []string{"institution:Stadtverwaltung"}, nil},
		{"eigene angaben", "de", "Das Landratsamt hat nach eigenen Angaben drei Schulen geschlossen.", []string{"institution:Landratsamt"}, nil},
		{"adjective angaben", "de", "Nach ukrainischen Angaben wurden zwei Dörfer getroffen.", []string{"institution:ukrainischen Angaben"}, nil},
		{"genitive owner", "de", "Das sei falsch, sagte ein Vertreter eines Ministeriums.", []string{"institution:Ministeriums"}, []string{"Vertreter"}},
		{"hyphen compound", "de", "Drei Menschen starben, teilte das Klinik-Krankenhaus mit.", []string{"institution:Klinik-Krankenhaus"}, nil},
		{"source line", "de", "Die Zahl der Firmen wächst. (Quelle: Statistikamt)", []string{"institution:Statistikamt"}, nil},
		{"not to say", "en", "The company declined to say how many jobs would go.", nil, []string{"company"}},
		{"capitalised cue", "en", "Exports from the United States rose in May.", nil, []string{"United"}},
		{"possessor", "en", "North Korea's neighbours believe a launch is near.", nil, []string{"North Korea's", "North Korea"}},
		{"passive agent", "en", "The plan was first reported in The Boston Globe.", []string{"media:Boston Globe"}, nil},
		{"document by", "en", "Emissions will rise, according to an analysis led by researchers at Yale University.", []string{"document:analysis led by researchers at Yale University"}, nil},
		{"no apposition", "de", "Er hatte gegenüber Medien Vorwürfe zurückgewiesen.", []string{"media:Medien"}, []string{"Vorwürfe"}},
		{"apposition", "en", "Jane Roe, the agency's director, however, said in an emailed statement that the fund is sound.", nil, []string{"statement"}},
		{"hieß es", "de", "Das Vorhaben sei gescheitert, hieß es in einer Erklärung.", []string{"document:Erklärung"}, nil},
		{"speaker's statement", "de", "In einem Statement sagte der 48-Jährige, er trete zurück.", nil, []string{"Statement"}},
		{"court rejects", "de", "Im Dezember wies das Verwaltungsgericht den Antrag zurück.", nil, []string{"Verwaltungsgericht"}},
		{"relative clause", "de", "Er erließ eine Verfügung, die Englisch zur Amtssprache der USA erklärt.", nil, []string{"USA"}},
		{"gegenüber name", "de", "Das sei falsch, erklärte er gegenüber der Welt.", []string{"media:Welt"}, nil},
		{"outlet named only", "de", "Vor dem Gebäude der „Frankfurter Rundschau“ demonstrierten Hunderte.", nil, []string{"Frankfurter Rundschau"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := analyse(tt.text, tt.lang)
			got := cited(a)
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("%q: sources %q, want %q among them", tt.text, got, w)
				}
			}
			for _, s := range a.Sources {
				if slices.Contains(tt.not, s.Text) {
					t.Errorf("%q: %q is no source", tt.text, s.Text)
				}
			}
		})
	}
}

// TestSeed checks the seed article of the shared data, when it is
// there: agencies dpa and AFP, spiegel.de cited.
func TestSeed(t *testing.T) {
	b, err := os.ReadFile("../../../shared/seed/article-de.txt")
	if err != nil {
		t.Skip("no seed article:", err)
	}
	text := string(b)
	if i := strings.IndexByte(text, '\n'); i >= 0 {
		text = text[i+1:]
	}
	a := analyse(text, "de")
	if !slices.Equal(a.Agencies, []string{"dpa", "AFP"}) {
		t.Errorf("agencies %q, want dpa, AFP", a.Agencies)
	}
	if !slices.Contains(cited(a), "media:spiegel.de") {
		t.Errorf("sources %q, want media:spiegel.de", cited(a))
	}
	found := false
	for _, f := range a.Figures {
		if f.Value == 10000 && f.Claimant != nil && strings.Contains(f.Claimant.Text, "US") {
			found = true
		}
	}
	if !found {
		t.Errorf("figures %+v, want 10000 claimed by US", a.Figures)
	}
}

// checkSpan fails unless sp lies in runes and reads as they do.
func checkSpan(t *testing.T, what string, sp newsdesk.Span, runes []rune) {
	t.Helper()
	if sp.Start < 0 || sp.End > len(runes) || sp.Start >= sp.End {
		t.Fatalf("%s span [%d, %d) outside the text of %d runes", what, sp.Start, sp.End, len(runes))
	}
	if got := string(runes[sp.Start:sp.End]); got != sp.Text {
		t.Fatalf("%s span text %q, runes read %q", what, sp.Text, got)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"Laut Spiegel will die Regierung die Steuer senken.",
		"BERLIN (dpa) – Nordkorea schickte laut US-Angaben über 10.000 Container.",
		"A spokesperson for the State Department said 39 people died, according to a report by the UN.",
		"„Wir haben 150 Wahlen geschützt“, teilte eine Sprecherin mit. (AFP)",
		"told\n(\n)) zufolge laut",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8Valid(text) {
			return
		}
		a := analyse(text, "")
		runes := []rune(text)
		for _, s := range a.Sources {
			checkSpan(t, "source", s.Span, runes)
		}
		for _, fg := range a.Figures {
			checkSpan(t, "figure", fg.Span, runes)
			if fg.Claimant != nil {
				checkSpan(t, "claimant", fg.Claimant.Span, runes)
			}
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

// benchDocs returns the texts of the analysis benchmark as docs with
// their mentions, ready for the attribution stages alone.
func benchDocs(b *testing.B) ([]*doc.Doc, int) {
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
	return docs, tokens
}

// BenchmarkAgencies measures Agencies in tokens per second on one core.
func BenchmarkAgencies(b *testing.B) {
	docs, tokens := benchDocs(b)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			sources.Agencies(d)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkFind measures Find in tokens per second on one core.
func BenchmarkFind(b *testing.B) {
	docs, tokens := benchDocs(b)
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			sources.Find(d, nil, sources.Claims(d))
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
