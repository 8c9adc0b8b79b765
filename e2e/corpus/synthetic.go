package corpus

import (
	"fmt"
	"html"
	"math/rand/v2"
	"strings"
	"time"
)

// Outlet is a made-up news site whose articles Synthetic writes.
type Outlet struct {
	Name, Base, Lang string
}

// Outlets are the sites of the synthetic articles: three German, three
// English. Their hosts are under .example, which does not resolve.
var Outlets = []Outlet{
	{"Rheinischer Bote", "https://www.rheinbote.example", "de"},
	{"Elbe-Anzeiger", "https://www.elbeanzeiger.example", "de"},
	{"Alpenpost", "https://www.alpenpost.example", "de"},
	{"The Harbour Times", "https://www.harbourtimes.example", "en"},
	{"Midland Gazette", "https://www.midlandgazette.example", "en"},
	{"Coastal Courier", "https://www.coastalcourier.example", "en"},
}

// vocabulary is what the sentences of one language are made of.
type vocabulary struct {
	subjects, verbs, objects, openers, sections, quotes []string
	places                                              [][2]string // name, phrase
	figures                                             []string    // formats with one %d
	said                                                string      // format: quote, speaker
	by                                                  string
}

var german = vocabulary{
	subjects: []string{"Die Landesregierung", "Der Stadtrat", "Die Bürgermeisterin", "Der Verkehrsminister",
		"Die Gewerkschaft", "Der Mieterverein", "Die Handwerkskammer", "Eine Bürgerinitiative",
		"Der Umweltverband", "Die Opposition", "Der Bauernverband", "Die Polizei",
		"Die Universität", "Das Klinikum", "Der Landkreis", "Der Energieversorger", "Die Deutsche Bahn", "Der Elternbeirat"},
	verbs: []string{"fordert", "plant", "kritisiert", "prüft", "unterstützt", "verspricht", "begrüßt", "bezweifelt"},
	objects: []string{"mehr Geld für den Klimaschutz", "den Ausbau der Windkraft", "neue Solaranlagen auf Schuldächern",
		"günstigere Wohnungen für Familien", "eine strengere Mietpreisbremse", "schnelleres Internet auf dem Land",
		"mehr Züge im Nahverkehr", "eine neue Straßenbahnlinie", "höhere Löhne in der Pflege",
		"zusätzliche Lehrkräfte an Grundschulen", "die Sanierung maroder Brücken", "ein Tempolimit auf der Autobahn",
		"längere Öffnungszeiten der Bürgerämter", "eine Reform der Grundsteuer", "strengere Regeln für Ferienwohnungen",
		"mehr Personal in den Krankenhäusern", "den Bau eines Radschnellwegs", "Hilfen für kleine Betriebe",
		"den Schutz des Grundwassers", "billigere Fahrkarten für Schüler", "den Ausbau der Fernwärme",
		"eine Verlängerung der Sperrstunde", "neue Kitaplätze in den Stadtteilen", "mehr Wohnungen für Studierende"},
	openers: []string{"Am Montag", "Seit Wochen", "Nach langem Streit", "Überraschend", "Bis zum Jahresende",
		"Nach Angaben von Fachleuten", "Im kommenden Frühjahr", "Trotz knapper Kassen", "Zum wiederholten Mal", "Inzwischen"},
	places: [][2]string{{"Hamburg", "in Hamburg"}, {"München", "in München"}, {"Köln", "in Köln"}, {"Berlin", "in Berlin"},
		{"Leipzig", "in Leipzig"}, {"Dresden", "in Dresden"}, {"Stuttgart", "in Stuttgart"}, {"Düsseldorf", "in Düsseldorf"},
		{"Bremen", "in Bremen"}, {"Nürnberg", "in Nürnberg"}, {"Freiburg", "in Freiburg"}, {"Münster", "in Münster"},
		{"Würzburg", "in Würzburg"}, {"Lübeck", "in Lübeck"}, {"Ruhrgebiet", "im Ruhrgebiet"}, {"Ostseeküste", "an der Ostseeküste"}},
	figures: []string{"Die Kosten werden auf %d Millionen Euro geschätzt.", "Rund %d Prozent der Befragten unterstützen das Vorhaben.",
		"Betroffen sind nach ersten Schätzungen etwa %d Haushalte.", "Der Beschluss soll in %d Monaten umgesetzt werden.",
		"Im vergangenen Jahr waren es noch %d Anträge gewesen.", "Die Verwaltung rechnet mit %d neuen Stellen."},
	quotes: []string{"Wir können uns keinen weiteren Stillstand leisten", "Das ist ein großer Tag für unsere Stadt",
		"Die Bürgerinnen und Bürger haben ein Recht auf Klarheit", "Ohne den Bund wird das nicht gehen",
		"Wir müssen jetzt handeln, nicht erst übermorgen", "Der Vorschlag geht in die richtige Richtung",
		"Die Zahlen sprechen eine deutliche Sprache", "Niemand soll am Ende draufzahlen"},
	sections: []string{"politik", "wirtschaft", "region", "verkehr", "umwelt", "bildung"},
	said:     "„%s“, sagte %s.",
	by:       "Von %s",
}

var english = vocabulary{
	subjects: []string{"The city council", "The mayor", "The transport minister", "A residents' group",
		"The teachers' union", "The health board", "The harbour authority", "The county council",
		"A campaign group", "The university", "The police", "The water company", "The opposition leader",
		"The chamber of commerce", "The housing charity", "The rail operator"},
	verbs: []string{"calls for", "plans", "criticises", "is reviewing", "supports", "promises", "welcomes", "questions"},
	objects: []string{"more money for climate protection", "new wind farms off the coast", "solar panels on school roofs",
		"cheaper homes for families", "a cap on rents", "faster broadband in rural areas", "more trains on local lines",
		"a new tram line", "higher pay for nurses", "more teachers in primary schools", "repairs to ageing bridges",
		"a lower speed limit on the ring road", "longer library opening hours", "a reform of council tax",
		"stricter rules for holiday lets", "more staff in hospitals", "a new cycle path along the river",
		"help for small businesses", "cleaner rivers and beaches", "cheaper bus fares for pupils",
		"a district heating network", "later closing times for pubs", "new nursery places", "more homes for students"},
	openers: []string{"On Monday,", "For weeks,", "After a long dispute,", "In a surprise move,", "By the end of the year,",
		"According to experts,", "Next spring,", "Despite tight budgets,", "Once again,", "Meanwhile,"},
	places: [][2]string{{"Hamburg", "in Hamburg"}, {"Manchester", "in Manchester"}, {"Leeds", "in Leeds"}, {"Bristol", "in Bristol"},
		{"Glasgow", "in Glasgow"}, {"Cardiff", "in Cardiff"}, {"Belfast", "in Belfast"}, {"Liverpool", "in Liverpool"},
		{"Newcastle", "in Newcastle"}, {"Brighton", "in Brighton"}, {"Boston", "in Boston"}, {"Portland", "in Portland"},
		{"Dublin", "in Dublin"}, {"Edinburgh", "in Edinburgh"}, {"Berlin", "in Berlin"}, {"Cornwall", "in Cornwall"}},
	figures: []string{"The cost is estimated at %d million pounds.", "About %d per cent of those asked support the plan.",
		"Some %d households are thought to be affected.", "The decision is due to take effect in %d months.",
		"Last year there were only %d applications.", "The council expects to hire %d new staff."},
	quotes: []string{"We cannot afford another standstill", "This is a great day for our city",
		"People have a right to know where the money goes", "It will not work without help from the government",
		"We have to act now, not the day after tomorrow", "The proposal is a step in the right direction",
		"The figures speak for themselves", "Nobody should end up paying more"},
	sections: []string{"news", "politics", "business", "transport", "environment", "education"},
	said:     "\"%s,\" said %s.",
	by:       "By %s",
}

var authors = map[string][]string{
	"de": {"Jürgen Weiß", "Käthe Schäfer", "Grete Müller", "Björn Köhler", "Sören Böhm", "Anna Schröder", "Lukas Brückner", "Ömer Yılmaz"},
	"en": {"Priya Natarajan", "Tom O'Brien", "Maria Costa", "James Whitfield", "Aisha Bello", "Fiona MacLeod", "Daniel Osei", "Hannah Price"},
}

// Synthetic returns n articles spread over Outlets, half German and half
// English, published over the 90 days before 26 November 2026. The same
// seed gives the same pages. Each article is a full page with navigation
// and footer, as a news site would serve it, with a title, teaser,
// author, date and four to seven paragraphs built from the outlet's
// language's vocabulary, so that searches for common words (Hamburg,
// Klimaschutz, Straßenbahn, housing, "new tram line") find many articles.
func Synthetic(n int, seed uint64) []Page {
	r := rand.New(rand.NewPCG(seed, 0x6e657773))
	pages := make([]Page, 0, n)
	for i := range n {
		o := Outlets[i%len(Outlets)]
		v := &english
		if o.Lang == "de" {
			v = &german
		}
		pages = append(pages, synthetic(r, i, o, v))
	}
	return pages
}

func pick[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }

func lowerFirst(s string) string {
	if strings.HasPrefix(s, "A ") || s == "" {
		return strings.ToLower(s[:1]) + s[1:]
	}
	for _, art := range []string{"Die ", "Der ", "Das ", "Eine ", "The "} {
		if strings.HasPrefix(s, art) {
			return strings.ToLower(art[:1]) + s[1:]
		}
	}
	return s
}

// sentence returns a main sentence and the place it names.
func sentence(r *rand.Rand, v *vocabulary, lang string) (string, [2]string) {
	subj, verb, obj, place := pick(r, v.subjects), pick(r, v.verbs), pick(r, v.objects), pick(r, v.places)
	if r.IntN(3) > 0 {
		return fmt.Sprintf("%s %s %s %s.", subj, verb, obj, place[1]), place
	}
	op := pick(r, v.openers)
	if lang == "de" { // the verb comes second
		return fmt.Sprintf("%s %s %s %s %s.", op, verb, lowerFirst(subj), obj, place[1]), place
	}
	return fmt.Sprintf("%s %s %s %s %s.", op, lowerFirst(subj), verb, obj, place[1]), place
}

func synthetic(r *rand.Rand, i int, o Outlet, v *vocabulary) Page {
	lang := o.Lang
	subj, verb, obj := pick(r, v.subjects), pick(r, v.verbs), pick(r, v.objects)
	place := pick(r, v.places)
	title := fmt.Sprintf("%s: %s %s %s", place[0], subj, verb, obj)
	teaser := fmt.Sprintf("%s %s %s %s.", subj, verb, obj, place[1])
	author := pick(r, authors[lang])
	section := pick(r, v.sections)
	published := captured.Add(-time.Duration(r.IntN(90*24*60)) * time.Minute)

	var body strings.Builder
	for range 4 + r.IntN(4) {
		body.WriteString("<p>")
		for range 3 + r.IntN(3) {
			var s string
			switch r.IntN(5) {
			case 0:
				s = fmt.Sprintf(pick(r, v.figures), 2+r.IntN(480))
			case 1:
				s = fmt.Sprintf(v.said, pick(r, v.quotes), pick(r, authors[lang]))
			default:
				s, _ = sentence(r, v, lang)
			}
			body.WriteString(html.EscapeString(s))
			body.WriteString(" ")
		}
		body.WriteString("</p>\n")
	}

	u := fmt.Sprintf("%s/%s/%d-%s", o.Base, section, 100000+i, slug(place[0]))
	e := html.EscapeString
	page := fmt.Sprintf(`<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>%s | %s</title>
<meta property="og:title" content="%s">
<meta property="og:site_name" content="%s">
<meta name="author" content="%s">
<meta property="article:published_time" content="%s">
<link rel="canonical" href="%s">
</head>
<body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/%s">%s</a></li><li><a href="/abo">Abo</a></li></ul></nav></header>
<main>
<article>
<h1>%s</h1>
<p class="teaser">%s</p>
<p class="byline">%s</p>
%s</article>
</main>
<aside class="related"><h3>More</h3><ul><li><a href="/a">Weather</a></li><li><a href="/b">Sport</a></li></ul></aside>
<footer><p>© 2026 %s</p></footer>
</body>
</html>
`, lang, e(title), e(o.Name), e(title), e(o.Name), e(author), published.Format(time.RFC3339), e(u),
		section, section, e(title), e(teaser), e(fmt.Sprintf(v.by, author)), body.String(), e(o.Name))
	return Page{URL: u, Date: captured, Body: []byte(page)}
}

// slug returns s in lower case with the letters outside a-z dropped.
func slug(s string) string {
	var b strings.Builder
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteRune(c)
		case c == 'ü':
			b.WriteString("ue")
		case c == 'ö':
			b.WriteString("oe")
		case c == 'ä':
			b.WriteString("ae")
		}
	}
	return b.String()
}
