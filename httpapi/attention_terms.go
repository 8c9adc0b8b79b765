package httpapi

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk"
	"newsdesk/search/analysis"
)

// termDoc is the words of one article's title and snippet: each term
// (stemmed and folded in the article's language) once, with the form
// it was written in, lower-cased.
type termDoc map[string]string

// termDocs returns the terms of the titles and snippets of hs, stop
// words, numbers and words shorter than three letters left out.
func termDocs(hs []newsdesk.Hit) []termDoc {
	out := make([]termDoc, 0, len(hs))
	for _, h := range hs {
		an := analysis.Lang(h.Language)
		d := termDoc{}
		add := func(w string, _, _ int) {
			if utf8.RuneCountInString(w) < 3 || isNumber(w) {
				return
			}
			lw := strings.ToLower(w)
			if isStopWord(an, lw) {
				return
			}
			t := analysis.Term(an, w)
			if _, ok := d[t]; !ok {
				d[t] = lw
			}
		}
		analysis.Words(h.Title, add)
		analysis.Words(SnippetText(h.Snippet), add)
		out = append(out, d)
	}
	return out
}

// isNumber reports whether w has no letter.
func isNumber(w string) bool {
	return !strings.ContainsFunc(w, unicode.IsLetter)
}

// queryTerms returns the terms the words of a query may have in any
// analysis, so that the query's own words are not listed as
// characteristic of its hits.
func queryTerms(q string) map[string]bool {
	m := map[string]bool{}
	analysis.Words(q, func(w string, _, _ int) {
		for _, an := range []string{analysis.German, analysis.English, analysis.Neutral} {
			m[analysis.Term(an, w)] = true
		}
	})
	return m
}

// characteristicTerms returns up to n terms that the documents fg have
// more often than bg, best first: ranked by the z-score of the log-odds
// ratio of the share of documents with the term, smoothed by half a
// document (Monroe, Colaresi and Quinn 2008, without their prior). A
// term must be in two documents of fg (one when fg has fewer than five)
// and not in skip. Of the forms a term was written in, the most
// frequent names it.
func characteristicTerms(fg, bg []termDoc, skip map[string]bool, n int) []CharacteristicTerm {
	if len(fg) == 0 {
		return []CharacteristicTerm{}
	}
	type count struct {
		docs  int
		forms map[string]int
	}
	in := map[string]*count{}
	for _, d := range fg {
		for t, form := range d {
			if skip[t] {
				continue
			}
			c := in[t]
			if c == nil {
				c = &count{forms: map[string]int{}}
				in[t] = c
			}
			c.docs++
			c.forms[form]++
		}
	}
	out := map[string]int{}
	for _, d := range bg {
		for t := range d {
			if in[t] != nil {
				out[t]++
			}
		}
	}
	minDocs := 2
	if len(fg) < 5 {
		minDocs = 1
	}
	const alpha = 0.5
	n1, n2 := float64(len(fg)), float64(len(bg))
	var terms []CharacteristicTerm
	for t, c := range in {
		if c.docs < minDocs {
			continue
		}
		a, b := float64(c.docs), float64(out[t])
		delta := math.Log((a+alpha)/(n1-a+alpha)) - math.Log((b+alpha)/(n2-b+alpha))
		z := delta / math.Sqrt(1/(a+alpha)+1/(n1-a+alpha)+1/(b+alpha)+1/(n2-b+alpha))
		if z <= 0 {
			continue
		}
		terms = append(terms, CharacteristicTerm{Term: mostFrequent(c.forms), Articles: c.docs, Score: math.Round(z*100) / 100})
	}
	slices.SortFunc(terms, func(x, y CharacteristicTerm) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(y.Articles, x.Articles), strings.Compare(x.Term, y.Term))
	})
	return terms[:min(n, len(terms))]
}

// mostFrequent returns the key of m with the highest count, the first
// in order on a tie.
func mostFrequent(m map[string]int) string {
	best, most := "", 0
	for k, n := range m {
		if n > most || n == most && k < best {
			best, most = k, n
		}
	}
	return best
}

// isStopWord reports whether the lower-cased word w is a function word,
// or a word of news prose that says nothing of the news, in the analysis
// an (both lists for Neutral).
func isStopWord(an, w string) bool {
	switch an {
	case analysis.German:
		return stopDE[w]
	case analysis.English:
		return stopEN[w]
	}
	return stopDE[w] || stopEN[w]
}

var stopEN = wordSet(`about above after again against all also and any are because been before being below between
both but can could did does doing down during each few for from further had has have having her here hers herself
him himself his how into its itself just more most myself nor not now off once only other our ours ourselves out
over own same she should some such than that the their theirs them themselves then there these they this those
through too under until very was were what when where which while who whom why will with would you your yours
yourself yourselves said says say told according mrs one two three four five six seven eight nine ten new year years
week month monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow last first since may
might must shall well even many much get got like people time back made make still way around going know think
also another among amid per via would could were will `)

var stopDE = wordSet(`aber alle allem allen aller alles als also andere anderem anderen anderer anderes anders auch
auf aus bei bin bis bist damit dann das dass dein deine deinem deinen deiner dem den denn der des dessen deshalb die
dies diese diesem diesen dieser dieses doch dort durch ein eine einem einen einer eines einig einige einigem einigen
einiger einiges einmal etwas euer eure eurem euren eurer für gegen gewesen hab habe haben hat hatte hatten hier hin
hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres indem ins ist jede jedem jeden jeder jedes jene jenem
jenen jener jenes jetzt kann kein keine keinem keinen keiner keines können könnte machen man manche manchem
manchen mancher manches mein meine meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun
nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie sind solche solchem solchen solcher
solches soll sollte sondern sonst über uns unsere unserem unseren unserer unter viel vom von vor während war
waren warst was weg weil weiter welche welchem welchen welcher welches wenn werde werden wie wieder will wir wird
wirst wollen wollte würde würden zum zur zwar zwischen sagte sagt sagten erklärte teilte laut heute gestern
morgen montag dienstag mittwoch donnerstag freitag samstag sonntag jahr jahre jahren woche monat neue neuen neuer
ersten zwei drei vier fünf sechs sieben acht neun zehn mehr bereits rund sei seien worden wurde wurden`)

// wordSet returns the words of s as a set.
func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
