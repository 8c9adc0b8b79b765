package quotes_test

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/analyze"
	"newsdesk/analyze/doc"
	"newsdesk/analyze/ner"
	"newsdesk/analyze/quotes"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata")

var (
	analyzer     *analyze.Analyzer
	analyzerOnce sync.Once
)

// analyzeText runs the whole analysis, quotations included.
func analyzeText(t testing.TB, text, lang string) *newsdesk.Analysis {
	t.Helper()
	analyzerOnce.Do(func() { analyzer = analyze.New(nil, nil) })
	return analyzer.Analyze(context.Background(), analyze.Input{Text: text, Lang: lang, Date: time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)})
}

// docOf returns the text as the analysis hands it to Find.
func docOf(t testing.TB, text, lang string) *doc.Doc {
	t.Helper()
	a := analyzeText(t, text, lang)
	toks := ner.Tokenize(text)
	return &doc.Doc{
		Text: text, Runes: []rune(text), Lang: lang, Date: time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC),
		Tokens: toks, Sentences: ner.SentencesIn(text, toks), Mentions: a.Mentions, Entities: a.Entities,
	}
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, lang, text string
		// want is the quotation looked for: its message contains msg.
		msg     string
		form    newsdesk.QuoteForm
		cue     string
		speaker string // "" for none
		// id is a part of the speaker's entity id; "-" for none.
		id string
	}{
		{"de direct after", "de", "Olaf Scholz besuchte Kiel. „Wir bauen das Land um“, sagte Scholz am Montag.",
			"Wir bauen das Land um", newsdesk.DirectQuote, "sagte", "Scholz", "Q61053"},
		{"de direct pronoun", "de", "Olaf Scholz besuchte Kiel. „Wir bauen das Land um“, sagte er.",
			"Wir bauen das Land um", newsdesk.DirectQuote, "sagte", "er", "Q61053"},
		{"de direct colon", "de", "Die Ministerin Petra Lang sagte: „Das ist ein guter Tag für alle.“",
			"Das ist ein guter Tag für alle.", newsdesk.DirectQuote, "sagte", "Die Ministerin Petra Lang", "petra-lang"},
		{"de dass", "de", "Der Sprecher der Firma erklärte, dass die Preise steigen würden.",
			"dass die Preise steigen würden", newsdesk.IndirectQuote, "erklärte", "Der Sprecher der Firma", ""},
		{"de konjunktiv", "de", "Am Montag sagte Petra Lang, die Regierung habe keinen Plan.",
			"die Regierung habe keinen Plan", newsdesk.IndirectQuote, "sagte", "Petra Lang", "petra-lang"},
		{"de after clause", "de", "Die Regierung habe keinen Plan, sagte Petra Lang.",
			"Die Regierung habe keinen Plan", newsdesk.IndirectQuote, "sagte", "Petra Lang", "petra-lang"},
		{"de name in marks", "de", "„Tagesspiegel“ berichtet, dass die Preise im Herbst steigen.",
			"dass die Preise im Herbst steigen", newsdesk.IndirectQuote, "berichtet", "„Tagesspiegel“", ""},
		{"de dass no speaker", "de", "Die Zweige sind so stark, dass sie das Gewicht des Schmucks halten können.",
			"dass sie das Gewicht des Schmucks halten können", newsdesk.IndirectQuote, "", "", ""},
		{"de dass named", "de", "Petra Lang ist überzeugt, dass die Preise im Herbst steigen.",
			"dass die Preise im Herbst steigen", newsdesk.IndirectQuote, "", "Petra Lang", "petra-lang"},
		{"de apposition with its phrases", "de", "Karl Berger, der politische Direktor der Mission im Kongo, sagte, die Reise sei hilfreich gewesen.",
			"die Reise sei hilfreich gewesen", newsdesk.IndirectQuote, "sagte", "Karl Berger, der politische Direktor der Mission im Kongo", ""},
		{"de apposition after nach", "de", "Nach Ansicht von Anna Roth, Professorin am Institut für Physik, könnte der Komet bald sichtbar werden.",
			"könnte der Komet bald sichtbar werden", newsdesk.IndirectQuote, "Nach", "Ansicht von Anna Roth, Professorin am Institut für Physik", ""},
		{"de seat after bracket", "de", "Die Weltgesundheitsorganisation (WHO) in Genf hält es für unwahrscheinlich, dass man sich ansteckt.",
			"dass man sich ansteckt", newsdesk.IndirectQuote, "", "Die Weltgesundheitsorganisation (WHO) in Genf", ""},
		{"de laut name within clause", "de", "Die Männer sind laut ZDF deutsche Staatsbürger.",
			"deutsche Staatsbürger", newsdesk.IndirectQuote, "laut", "ZDF", ""},
		{"de laut name with particles", "de", "Die Preise steigen laut Ursula von der Leyen im Herbst.",
			"im Herbst", newsdesk.IndirectQuote, "laut", "Ursula von der Leyen", ""},
		{"de reported object no speaker", "de", "Wetterberichte kündigen für die nächsten Wochen für ganz Bayern Regenfälle an.",
			"Regenfälle", newsdesk.ReportedQuote, "kündigen", "", ""},
		{"de reported subject after verb", "de", "Seit Jahren fordert der Staat die Rückgabe des Bildes.",
			"die Rückgabe des Bildes", newsdesk.ReportedQuote, "fordert", "der Staat", ""},
		{"de free indirect no abstract actor", "de", "Das Besondere an dem neuen Virus ist seine Resistenz. Er sei gegen viele Mittel unempfindlich.",
			"Er sei gegen viele Mittel unempfindlich.", newsdesk.FreeIndirectQuote, "", "", ""},
		{"de free indirect actor that speaks", "de", "Die Behörden der Stadt sind besorgt. Der Erreger sei gegen viele Mittel unempfindlich.",
			"Der Erreger sei gegen viele Mittel unempfindlich.", newsdesk.FreeIndirectQuote, "", "Die Behörden der Stadt", ""},
		{"de free indirect after reported", "de", "Am Montag warnten die Experten vor Glätte. Die Straßen seien gefährlich.",
			"Die Straßen seien gefährlich.", newsdesk.FreeIndirectQuote, "", "die Experten", ""},
		{"de object first, pronoun after", "de", "Der Trainer war zufrieden. Die große Zahl der Gäste schreibt er dem guten Wetter zu.",
			"dem guten Wetter", newsdesk.ReportedQuote, "schreibt", "er", ""},
		{"de adverbial first, speaking noun after", "de", "Bezüglich des Zeitplans erklärte die Behörde, der Bau beginne im Mai.",
			"der Bau beginne im Mai", newsdesk.IndirectQuote, "erklärte", "die Behörde", ""},
		{"de free indirect not across a thing", "de", "Die Polizei warnte am Abend vor Glätte. Der Winter kam früh. Der alte Wagen fuhr langsam. Das neue Auto wird damit schneller. Es gebe jedoch keinen Anlass zur Panik.",
			"Es gebe jedoch keinen Anlass zur Panik.", newsdesk.FreeIndirectQuote, "", "", ""},
		{"de laut", "de", "Laut Petra Lang steigen die Preise im Herbst.",
			"steigen die Preise im Herbst", newsdesk.IndirectQuote, "Laut", "Petra Lang", "petra-lang"},
		{"de zufolge", "de", "Der Polizei zufolge wurden drei Menschen verletzt.",
			"wurden drei Menschen verletzt", newsdesk.IndirectQuote, "zufolge", "Der Polizei", ""},
		{"de nach Angaben", "de", "Nach Angaben der Feuerwehr brannte das Haus völlig aus.",
			"brannte das Haus völlig aus", newsdesk.IndirectQuote, "Nach", "Angaben der Feuerwehr", ""},
		{"de free indirect", "de", "Petra Lang sagte, die Preise würden steigen. Die Regierung habe keinen Plan.",
			"Die Regierung habe keinen Plan.", newsdesk.FreeIndirectQuote, "", "Petra Lang", "petra-lang"},
		{"de reported", "de", "Die Gewerkschaft warnte vor einem langen Streik.",
			"Die Gewerkschaft warnte vor einem langen Streik.", newsdesk.ReportedQuote, "warnte", "Die Gewerkschaft", ""},
		{"de so", "de", "Die Lage sei ernst, so der Kreml-Chef.",
			"Die Lage sei ernst", newsdesk.IndirectQuote, "so", "der Kreml-Chef", "Q7747"},
		{"en direct after", "en", "Joe Biden visited Ohio. \"We will rebuild this state,\" Biden said on Monday.",
			"We will rebuild this state,", newsdesk.DirectQuote, "said", "Biden", "Q6279"},
		{"en direct inverted", "en", "“We will rebuild this state,” said Mayor Laura Bennett.",
			"We will rebuild this state,", newsdesk.DirectQuote, "said", "Mayor Laura Bennett", "laura-bennett"},
		{"en said that", "en", "The company said that prices would rise.",
			"that prices would rise", newsdesk.IndirectQuote, "said", "The company", "-"},
		{"en said clause", "en", "Laura Bennett, the mayor, said the city would build new lanes.",
			"the city would build new lanes", newsdesk.IndirectQuote, "said", "Laura Bennett, the mayor,", "laura-bennett"},
		{"en according to", "en", "According to the police, three people were injured.",
			"three people were injured", newsdesk.IndirectQuote, "According to", "the police", ""},
		{"en after clause", "en", "Prices will rise next year, the minister said.",
			"Prices will rise next year", newsdesk.IndirectQuote, "said", "the minister", ""},
		{"en said day that", "en", "The company said Tuesday that prices would rise.",
			"that prices would rise", newsdesk.IndirectQuote, "said", "The company", "-"},
		{"en said and said", "en", "Laura Bennett said the city would build new lanes and said the work would start soon.",
			"the work would start soon", newsdesk.IndirectQuote, "said", "Laura Bennett", "laura-bennett"},
		{"en met and said", "en", "The mayor met the workers and said the work would start soon.",
			"the work would start soon", newsdesk.IndirectQuote, "said", "The mayor", ""},
		{"en inverted apposition", "en", "“We will rebuild this state,” said Laura Bennett, a lawyer in Ohio who advises the city.",
			"We will rebuild this state,", newsdesk.DirectQuote, "said", "Laura Bennett, a lawyer in Ohio who advises the city", "laura-bennett"},
		{"en inverted apposition participle", "en", "“We will rebuild this state,” said Laura Bennett, a lawyer, adding that it would take time.",
			"We will rebuild this state,", newsdesk.DirectQuote, "said", "Laura Bennett, a lawyer", "laura-bennett"},
		{"en apposition comma", "en", "Laura Bennett, the mayor of the town, said the city would build new lanes.",
			"the city would build new lanes", newsdesk.IndirectQuote, "said", "Laura Bennett, the mayor of the town,", "laura-bennett"},
		{"en mixed marks", "en", "The race is close. \"We chase every ballot,” said Laura Bennett. “We will win,” she added.",
			"We will win,", newsdesk.DirectQuote, "added", "she", "laura-bennett"},
		{"en after phrase in marks", "en", "Laura Bennett spoke. The plan “will bring jobs to the city,” she said.",
			"The plan “will bring jobs to the city,”", newsdesk.IndirectQuote, "said", "she", "laura-bennett"},
		{"en after participle", "en", "Laura Bennett spoke. Sales were great, she said, wiping her face.",
			"Sales were great", newsdesk.IndirectQuote, "said", "she", "laura-bennett"},
		{"en voiced", "en", "The mayor voiced concern that the lanes would cost too much.",
			"concern that the lanes would cost too much", newsdesk.ReportedQuote, "voiced", "The mayor", ""},
		{"en participle subject", "en", "He also staked out new positions, saying he would send more soldiers.",
			"he would send more soldiers", newsdesk.IndirectQuote, "saying", "He", ""},
		{"en seems to", "en", "The mayor seemed to be shrinking in stature.",
			"to be shrinking in stature", newsdesk.IndirectQuote, "seemed", "", ""},
		{"en it appears that", "en", "It appears that the game was not boring to everyone.",
			"that the game was not boring to everyone", newsdesk.IndirectQuote, "appears", "", ""},
		{"en headline", "en", "Bennett: The city will build new lanes.\n\nThe mayor spoke on Monday.",
			"The city will build new lanes", newsdesk.IndirectQuote, ":", "Bennett", ""},
		{"en and calls", "en", "The mayor says he respects the council and calls it a partner of the city.",
			"it a partner of the city", newsdesk.ReportedQuote, "calls", "The mayor", ""},
		{"en past after subject", "en", "The judge rubbed his eyes, saying the case would take years.",
			"the case would take years", newsdesk.IndirectQuote, "saying", "The judge", ""},
		{"en clarified", "en", "A campaign aide later clarified that the mayor had misspoken.",
			"that the mayor had misspoken", newsdesk.IndirectQuote, "clarified", "A campaign aide", ""},
		{"en did not", "en", "The mayor did not blame the council for the delay.",
			"the council for the delay", newsdesk.ReportedQuote, "blame", "The mayor", ""},
		{"en passive told", "en", "The mayor was told that the lanes would cost more.",
			"that the lanes would cost more", newsdesk.IndirectQuote, "told", "", ""},
		{"en passive raised", "en", "Other groups are also expected to spend millions on ads.",
			"to spend millions on ads", newsdesk.IndirectQuote, "expected", "", ""},
		{"en relative inside", "en", "The mayor, who is 51, sent the plan to the council, the newspaper reported.",
			"The mayor, who is 51, sent the plan to the council", newsdesk.IndirectQuote, "reported", "the newspaper", ""},
		{"en party bracket", "en", "Senate Minority Leader Harry M. Reid (D-Nev.) said the bill would fail.",
			"the bill would fail", newsdesk.IndirectQuote, "said", "Senate Minority Leader Harry M. Reid (D-Nev.)", ""},
		{"en according to after", "en", "The mayor said the lanes would cost $2 million, according to the newspaper.",
			"the lanes would cost $2 million", newsdesk.IndirectQuote, "said", "The mayor", ""},
		{"en after relative clause", "en", "“There is no plan,” Laura Bennett, who served as mayor, told the paper.",
			"There is no plan,", newsdesk.DirectQuote, "told", "Laura Bennett, who served as mayor,", "laura-bennett"},
		{"en colon subject", "en", "Laura Bennett boomed: “We will win in November.”",
			"We will win in November.", newsdesk.DirectQuote, "", "Laura Bennett", "laura-bennett"},
		{"en name apposition no comma", "en", "Sam Lau, the director of the party said in a statement that the count was over.",
			"that the count was over", newsdesk.IndirectQuote, "said", "Sam Lau, the director of the party", ""},
		{"en quantifier subject", "en", "Many speculated that the mayor might fail.",
			"that the mayor might fail", newsdesk.IndirectQuote, "speculated", "Many", ""},
		{"en long subject", "en", "Voters in Iowa who watched the debate said they were unfazed by the dispute.",
			"they were unfazed by the dispute", newsdesk.IndirectQuote, "said", "Voters in Iowa who watched the debate", ""},
		{"en report end", "en", "The mayor criticized the council, though he added that the lanes would come.",
			"the council", newsdesk.ReportedQuote, "criticized", "The mayor", ""},
		{"en railed", "en", "The mayor railed against the council for the delay.",
			"the council for the delay", newsdesk.ReportedQuote, "railed", "The mayor", ""},
		{"en with saying", "en", "The mayor gained ground, with 30 percent of voters saying they like the lanes.",
			"they like the lanes", newsdesk.IndirectQuote, "saying", "30 percent of voters", ""},
		{"en disavowed", "en", "The mayor disavowed the group and its leader.",
			"the group and its leader", newsdesk.ReportedQuote, "disavowed", "The mayor", ""},
		{"en poll shows", "en", "A new survey shows the mayor leading the field.",
			"the mayor leading the field", newsdesk.IndirectQuote, "shows", "A new survey", ""},
		{"en plural subject", "en", "Most Republican voters support a ban on new taxes.",
			"a ban on new taxes", newsdesk.ReportedQuote, "support", "Most Republican voters", ""},
		{"en according to after clause", "en", "Three people were hurt, according to a report released Friday by the city.",
			"Three people were hurt", newsdesk.IndirectQuote, "according to", "a report released Friday by the city", ""},
		{"en claim that", "en", "The race tightened after Laura Bennett's claim that the lanes would cost $2 million.",
			"that the lanes would cost $2 million", newsdesk.IndirectQuote, "claim", "Laura Bennett's", "laura-bennett"},
		{"en made clear", "en", "Some council members made clear that they would back the plan.",
			"that they would back the plan", newsdesk.IndirectQuote, "clear", "Some council members", ""},
		{"en pointed to", "en", "Local leaders pointed to the mayor's call for new lanes.",
			"the mayor's call for new lanes", newsdesk.IndirectQuote, "pointed", "Local leaders", ""},
		{"en sounded", "en", "The mayor sounded the alarm about the cost of the lanes.",
			"the alarm about the cost of the lanes", newsdesk.ReportedQuote, "sounded", "The mayor", ""},
		{"en according to long source", "en", "According to a person familiar with the plan, the lanes will cost $2 million.",
			"the lanes will cost $2 million", newsdesk.IndirectQuote, "According to", "a person familiar with the plan", ""},
		{"en name apposition clause", "en", "According to the Daily Herald, Mayor Laura Bennett will build the lanes.",
			"Mayor Laura Bennett will build the lanes", newsdesk.IndirectQuote, "According to", "the Daily Herald", ""},
		{"en said clause after comma", "en", "In the end, the mayor said the lanes would come.",
			"the lanes would come", newsdesk.IndirectQuote, "said", "the mayor", ""},
		{"en wondering", "en", "The mayor is wondering whether the lanes will come.",
			"whether the lanes will come", newsdesk.IndirectQuote, "wondering", "The mayor", ""},
		{"en pledged to", "en", "The mayor pledged to build new lanes by the summer.",
			"to build new lanes by the summer", newsdesk.IndirectQuote, "pledged", "The mayor", ""},
		{"en referred to", "en", "The mayor referred to the plan of the council.",
			"the plan of the council", newsdesk.ReportedQuote, "referred", "The mayor", ""},
		{"en asked whom", "en", "The host asked the mayor how she would pay for the lanes.",
			"how she would pay for the lanes", newsdesk.IndirectQuote, "asked", "The host", ""},
		{"en pronoun", "en", "Laura Bennett spoke in Milltown. She said the city would build new lanes.",
			"the city would build new lanes", newsdesk.IndirectQuote, "said", "She", "laura-bennett"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			qs := quotes.Find(docOf(t, tt.text, tt.lang))
			var q *newsdesk.Quotation
			for i := range qs {
				if strings.Contains(qs[i].Text, tt.msg) {
					q = &qs[i]
					break
				}
			}
			if q == nil {
				t.Fatalf("no quotation with %q in %s", tt.msg, show(qs))
			}
			if q.Form != tt.form {
				t.Errorf("form %q, want %q", q.Form, tt.form)
			}
			if got := spanText(q.Cue); got != tt.cue {
				t.Errorf("cue %q, want %q", got, tt.cue)
			}
			got := ""
			if q.Speaker != nil {
				got = q.Speaker.Text
			}
			if got != tt.speaker {
				t.Errorf("speaker %q, want %q", got, tt.speaker)
			}
			switch {
			case q.Speaker == nil:
			case tt.id == "-" && q.Speaker.EntityID != "":
				t.Errorf("speaker id %q, want none", q.Speaker.EntityID)
			case tt.id != "" && tt.id != "-" && !strings.Contains(q.Speaker.EntityID, tt.id):
				t.Errorf("speaker id %q, want one with %q", q.Speaker.EntityID, tt.id)
			}
		})
	}
}

// TestParts checks a quote interrupted by its cue.
func TestParts(t *testing.T) {
	text := "„Wir bauen“, sagte Petra Lang, „und wir bauen weiter.“"
	qs := quotes.Find(docOf(t, text, "de"))
	if len(qs) != 1 {
		t.Fatalf("%d quotations, want 1: %s", len(qs), show(qs))
	}
	q := qs[0]
	if len(q.Parts) != 2 || q.Parts[0].Text != "Wir bauen" || q.Parts[1].Text != "und wir bauen weiter." {
		t.Errorf("parts %+v", q.Parts)
	}
	if q.Speaker == nil || q.Speaker.Text != "Petra Lang" {
		t.Errorf("speaker %+v", q.Speaker)
	}
}

// TestPartsAfterSentence checks that an English quote goes on after the
// sentence of its cue, and in the run of marks right after it.
func TestPartsAfterSentence(t *testing.T) {
	text := "Laura Bennett spoke in Milltown. \"The lanes will come,\" said Laura Bennett, the mayor of the town. \"We will build them.\" \"And soon.\"\nA new paragraph starts here."
	qs := quotes.Find(docOf(t, text, "en"))
	var direct []newsdesk.Quotation
	for _, q := range qs {
		if q.Form == newsdesk.DirectQuote {
			direct = append(direct, q)
		}
	}
	if len(direct) != 1 {
		t.Fatalf("%d direct quotations, want 1: %s", len(direct), show(qs))
	}
	if p := direct[0].Parts; len(p) != 3 || p[1].Text != "We will build them." || p[2].Text != "And soon." {
		t.Errorf("parts %+v", p)
	}
}

// TestCommaClause checks that a clause with its own subject and verb of
// saying after a comma ends the message before it.
func TestCommaClause(t *testing.T) {
	text := "The mayor said the lanes would come soon, while the council argued that they would cost too much."
	qs := quotes.Find(docOf(t, text, "en"))
	if len(qs) != 2 || qs[0].Text != "the lanes would come soon" || qs[1].Speaker == nil || qs[1].Speaker.Text != "the council" {
		t.Fatalf("quotations %s", show(qs))
	}
}

// TestToldObject checks that who is told is never the speaker.
func TestToldObject(t *testing.T) {
	for _, q := range quotes.Find(docOf(t, "In the hall, after a long debate (and a vote), told reporters that the bill would fail.", "en")) {
		if q.Speaker != nil && q.Speaker.Text == "reporters" {
			t.Errorf("the addressee taken for the speaker: %s", show([]newsdesk.Quotation{q}))
		}
	}
}

// TestAsked checks the question of "Asked whether …, X said …".
func TestAsked(t *testing.T) {
	qs := quotes.Find(docOf(t, "Asked in Ohio whether he would support the plan, the mayor said he would.", "en"))
	if len(qs) != 2 || qs[0].Text != "whether he would support the plan" || qs[0].Speaker != nil || qs[1].Speaker == nil || qs[1].Speaker.Text != "the mayor" {
		t.Fatalf("quotations %s", show(qs))
	}
}

// TestSeeming checks that the subject of "seems" and "appears" is part
// of the message.
func TestSeeming(t *testing.T) {
	qs := quotes.Find(docOf(t, "The mayor also appears to have the town to himself.", "en"))
	if len(qs) != 1 || len(qs[0].Parts) != 2 || qs[0].Parts[0].Text != "The mayor" || qs[0].Parts[1].Text != "to have the town to himself" {
		t.Fatalf("quotations %s", show(qs))
	}
}

// TestHeadlineLabel checks that a label before a colon is no speaker.
func TestHeadlineLabel(t *testing.T) {
	text := "The mayor spoke on Monday.\nCORRECTION: An earlier version of this story gave the wrong date.\nQ: Will the lanes come soon?"
	for _, q := range quotes.Find(docOf(t, text, "en")) {
		if q.Cue != nil && q.Cue.Text == ":" {
			t.Errorf("label taken for a speaker: %s", show([]newsdesk.Quotation{q}))
		}
	}
}

// TestCoordinated checks that a second verb of saying joined by "and"
// or "but" ends the message of the first.
func TestCoordinated(t *testing.T) {
	text := "Laura Bennett said the city would build new lanes but said the work would start late."
	qs := quotes.Find(docOf(t, text, "en"))
	if len(qs) != 2 {
		t.Fatalf("%d quotations, want 2: %s", len(qs), show(qs))
	}
	if qs[0].Text != "the city would build new lanes" {
		t.Errorf("first message %q", qs[0].Text)
	}
	if qs[1].Speaker == nil || qs[1].Speaker.Text != "Laura Bennett" {
		t.Errorf("second speaker %+v", qs[1].Speaker)
	}
}

// TestEmbedded checks that words in marks inside a sentence of the
// author's are no quotation of their own.
func TestEmbedded(t *testing.T) {
	text := "Die Zeitung „Lindenauer Bote“ erscheint seit 1950 in der Stadt."
	if qs := quotes.Find(docOf(t, text, "de")); len(qs) != 0 {
		t.Errorf("found %s", show(qs))
	}
}

// TestSeed checks the quotations of Putin and Kim in the seed article
// of the shared data, when it is there.
func TestSeed(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "..", "shared", "seed", "article-de.txt"))
	if err != nil {
		t.Skip("no seed article:", err)
	}
	_, text, _ := strings.Cut(string(raw), "\n") // the first line is the source
	a := analyzeText(t, text, "de")
	want := []struct{ msg, id string }{
		{"Russland schließe", "Q7747"},
		{"Der Vertrag sei ein", "Q7747"},
		{"Sowohl Russland als auch Nordkorea", "Q7747"},
		{"Beide Staaten würden sich", "Q7747"},
		{"Kim Jong Un spricht dagegen von einem Abkommen", "kim"},
		{"Vertrag sei „konstruktiv", "kim"},
		{"Kim bezeichnete Putin", "kim"},
	}
	for _, w := range want {
		found := false
		for _, q := range a.Quotes {
			if strings.Contains(strings.ReplaceAll(q.Text, "\"", "„"), strings.ReplaceAll(w.msg, "“", "")) || strings.Contains(q.Text, w.msg) {
				found = true
				if q.Speaker == nil || !strings.Contains(strings.ToLower(q.Speaker.EntityID), strings.ToLower(w.id)) {
					t.Errorf("%q: speaker %+v, want %s", w.msg, q.Speaker, w.id)
				}
			}
		}
		if !found {
			t.Errorf("no quotation %q in %s", w.msg, show(a.Quotes))
		}
	}
}

// TestGolden compares the quotations of the articles in testdata with
// their golden files (go test -update rewrites them).
func TestGolden(t *testing.T) {
	for _, lang := range []string{"de", "en"} {
		t.Run(lang, func(t *testing.T) {
			in := filepath.Join("testdata", "article-"+lang+".txt")
			text, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			got, err := json.MarshalIndent(analyzeText(t, string(text), lang).Quotes, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := in + "-quotes.json"
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != string(want) {
				t.Errorf("quotations differ from %s:\n%s", golden, got)
			}
		})
	}
}

// FuzzFind checks that Find never panics and that every span it
// returns lies within the text and carries its runes.
func FuzzFind(f *testing.F) {
	for _, s := range []string{
		"„Wir bauen“, sagte Petra Lang, „und wir bauen weiter.“",
		"Die Regierung habe keinen Plan, sagte er. Die Preise seien hoch.",
		"\"We will,\" Biden said. According to the police, three people were injured.",
		"Laut , zufolge „ “ » « \" '' sagte: „",
		"Er sagte:\n„Das\n\nist“",
	} {
		f.Add(s, "de")
		f.Add(s, "en")
	}
	f.Fuzz(func(t *testing.T, text, lang string) {
		toks := ner.Tokenize(text)
		rs := []rune(text)
		d := &doc.Doc{Text: text, Runes: rs, Lang: lang, Tokens: toks, Sentences: ner.SentencesIn(text, toks)}
		// A mention on every capitalised word, as the recogniser might.
		for i, tk := range toks {
			if tk.Text != strings.ToLower(tk.Text) {
				typ := newsdesk.Person
				if i%2 == 1 {
					typ = newsdesk.Organisation
				}
				d.Mentions = append(d.Mentions, newsdesk.Mention{Start: tk.Start, End: tk.End, Text: tk.Text, Type: typ, EntityID: "PER:" + tk.Text})
			}
		}
		check := func(what string, s newsdesk.Span) {
			if s.Start < 0 || s.End > len(rs) || s.Start > s.End {
				t.Fatalf("%s [%d,%d) outside the text of %d runes", what, s.Start, s.End, len(rs))
			}
			if s.Text != string(rs[s.Start:s.End]) {
				t.Fatalf("%s text %q, runes %q", what, s.Text, string(rs[s.Start:s.End]))
			}
		}
		for _, q := range quotes.Find(d) {
			check("message", q.Span)
			last := q.Start
			for _, p := range q.Parts {
				check("part", p)
				if p.Start < last || p.End > q.End {
					t.Fatalf("part [%d,%d) out of order or outside [%d,%d)", p.Start, p.End, q.Start, q.End)
				}
				last = p.End
			}
			if q.Cue != nil {
				check("cue", *q.Cue)
			}
			if q.Speaker != nil {
				check("speaker", q.Speaker.Span)
			}
		}
	})
}

// BenchmarkFind measures Find alone in tokens per second, over the
// German and English news texts of analyze/ner/testdata.
func BenchmarkFind(b *testing.B) {
	var docs []*doc.Doc
	tokens := 0
	for _, lang := range []string{"de", "en"} {
		text, err := os.ReadFile(filepath.Join("..", "ner", "testdata", "news-"+lang+".txt"))
		if err != nil {
			b.Fatal(err)
		}
		d := docOf(b, string(text), lang)
		docs = append(docs, d)
		tokens += len(d.Tokens)
	}
	b.ResetTimer()
	for b.Loop() {
		for _, d := range docs {
			quotes.Find(d)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

func spanText(s *newsdesk.Span) string {
	if s == nil {
		return ""
	}
	return s.Text
}

func show(qs []newsdesk.Quotation) string {
	var b strings.Builder
	for _, q := range qs {
		sp := ""
		if q.Speaker != nil {
			sp = q.Speaker.Text + " " + q.Speaker.EntityID
		}
		b.WriteString("\n  " + string(q.Form) + " [" + spanText(q.Cue) + "] (" + sp + ") " + q.Text)
	}
	return b.String()
}

// TestPluralNounNoCue checks that an English plural noun before its
// verb is no verb of saying: "states" in "US states and cities are …".
func TestPluralNounNoCue(t *testing.T) {
	for _, text := range []string{
		"US states and cities are suing the company over the plan.",
		"Farm groups and unions were at the meeting, and claims were made.",
	} {
		for _, q := range quotes.Find(docOf(t, text, "en")) {
			if c := spanText(q.Cue); c == "states" || c == "groups" || c == "claims" {
				t.Errorf("%q: cue %q in %s", text, c, show([]newsdesk.Quotation{q}))
			}
		}
	}
}
