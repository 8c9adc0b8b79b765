package quotes

import (
	"strings"

	"newsdesk"
)

// determiners are the articles, possessives and demonstratives a noun
// phrase may start with.
var determiners = map[string]bool{
	"der": true, "die": true, "das": true, "des": true, "dem": true, "den": true, "ein": true, "eine": true,
	"einer": true, "eines": true, "einem": true, "einen": true, "sein": true, "seine": true, "seiner": true,
	"seines": true, "seinem": true, "ihr": true, "ihre": true, "ihrer": true, "ihres": true, "ihrem": true,
	"dieser": true, "diese": true, "dieses": true, "diesem": true, "zwei": true, "drei": true, "mehrere": true,
	"viele": true, "einige": true, "alle": true, "beide": true, "the": true, "a": true, "an": true, "his": true,
	"her": true, "their": true, "its": true, "this": true, "these": true, "those": true, "two": true, "three": true,
	"several": true, "many": true, "some": true, "both": true, "our": true, "unser": true, "unsere": true,
}

// pronouns are the personal pronouns that can say something.
var pronouns = map[string]bool{
	"er": true, "sie": true, "ich": true, "wir": true, "he": true, "she": true, "they": true, "i": true, "we": true,
	"es": true, "it": true, "man": true, "you": true, "ihr": true,
}

// personPronouns are the pronouns that stand for a person.
var personPronouns = map[string]bool{"er": true, "sie": true, "he": true, "she": true, "ich": true, "i": true}

// prepositions are the words that start a phrase that is no subject.
var prepositions = map[string]bool{
	"am": true, "im": true, "in": true, "an": true, "auf": true, "bei": true, "beim": true, "vor": true, "nach": true,
	"mit": true, "von": true, "vom": true, "zu": true, "zum": true, "zur": true, "gegenüber": true, "für": true,
	"über": true, "unter": true, "seit": true, "während": true, "um": true, "durch": true, "aus": true, "laut": true,
	"ins": true, "gegen": true, "ohne": true, "trotz": true, "wegen": true, "angesichts": true, "bis": true,
	"on": true, "at": true, "to": true, "of": true, "for": true, "with": true, "from": true, "by": true, "after": true,
	"before": true, "during": true, "about": true, "into": true, "over": true, "under": true, "since": true,
	"last": true, "earlier": true, "later": true,
}

// adverbs are words that lead a German clause before its verb without
// being its subject, and English words between a subject and its verb.
var adverbs = map[string]bool{
	"gestern": true, "heute": true, "morgen": true, "dabei": true, "zudem": true, "außerdem": true, "auch": true,
	"damals": true, "später": true, "dazu": true, "zuvor": true, "jetzt": true, "nun": true, "dort": true,
	"hier": true, "so": true, "daher": true, "deshalb": true, "allerdings": true, "doch": true, "aber": true,
	"und": true, "weiter": true, "ferner": true, "darüber": true, "hinaus": true, "bereits": true, "schon": true,
	"noch": true, "inzwischen": true, "mittlerweile": true, "zunächst": true, "erst": true, "dann": true,
	"gleichzeitig": true, "zugleich": true, "jedoch": true, "hingegen": true, "dagegen": true, "indes": true,
	"wiederum": true, "daraufhin": true, "demgegenüber": true, "nämlich": true, "dies": true, "demnach": true,
	"also": true, "previously": true, "then": true, "recently": true, "has": true, "had": true, "have": true,
	"would": true, "will": true, "once": true, "again": true, "repeatedly": true, "publicly": true,
	"and": true, "but": true, "yet": true, "already": true, "still": true, "just": true, "often": true,
	"wiederholt": true, "mehrfach": true, "ebenfalls": true, "wörtlich": true, "hat": true, "habe": true,
	"hatte": true, "haben": true, "hatten": true, "ist": true, "war": true, "wurde": true, "wird": true,
}

// genitives are the German determiners a genitive attribute starts
// with ("des Ministeriums", "seines Impresarios").
var genitives = map[string]bool{
	"des": true, "der": true, "eines": true, "einer": true, "seines": true, "seiner": true, "ihres": true,
	"ihrer": true, "dieses": true, "dieser": true, "deren": true, "dessen": true,
}

// focus are particles that may stand before a subject in the first
// place of a German clause.
var focus = map[string]bool{
	"auch": true, "nur": true, "selbst": true, "sogar": true, "ebenso": true, "einzig": true, "allein": true,
	"lediglich": true, "insbesondere": true, "besonders": true, "gerade": true, "even": true,
}

// calendar are the names of months and days, which are no speakers.
var calendar = map[string]bool{
	"januar": true, "februar": true, "märz": true, "april": true, "mai": true, "juni": true, "juli": true,
	"august": true, "september": true, "oktober": true, "november": true, "dezember": true, "montag": true,
	"dienstag": true, "mittwoch": true, "donnerstag": true, "freitag": true, "samstag": true, "sonntag": true,
	"january": true, "february": true, "march": true, "june": true, "july": true, "october": true,
	"december": true, "monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
	"saturday": true, "sunday": true,
}

// conjunctions join clauses; they are no part of a noun phrase.
var conjunctions = map[string]bool{
	"und": true, "aber": true, "doch": true, "denn": true, "oder": true, "sondern": true, "and": true, "but": true,
	"or": true, "so": true,
}

// subordinators start a German clause that stands before a main clause
// ("Nachdem …, sagte er").
var subordinators = map[string]bool{
	"nachdem": true, "als": true, "weil": true, "wenn": true, "da": true, "obwohl": true, "während": true,
	"bevor": true, "seit": true, "seitdem": true, "falls": true, "sobald": true, "wie": true, "after": true,
	"when": true, "while": true, "as": true, "because": true, "if": true, "although": true, "though": true,
}

// nounPhrase returns the noun phrase that starts at token i and ends
// before end: a pronoun, or an optional determiner, adjectives and
// nouns or names, with a genitive ("der Leiter des Programms"), a name
// in apposition ("…, Klaus Stöhr") and a bracket ("(CSU)"). It is empty
// when no noun phrase starts there.
func (f *finder) nounPhrase(i, end int) span {
	if i >= end || i < 0 {
		return span{}
	}
	if pronouns[f.low[i]] && !(f.low[i] == "sie" && i+1 < end && f.isCap(i+1)) {
		if f.low[i] == "man" || f.low[i] == "es" || f.low[i] == "it" || f.low[i] == "ihr" {
			return span{}
		}
		return span{i, i + 1}
	}
	j := f.nominal(i, end)
	if j == i {
		return span{}
	}
	// Genitives and "of" phrases: "des Programms der WHO".
	for j < end {
		w := f.low[j]
		if genitives[w] && f.de || w == "of" || w == "for" || f.de && (w == "für" || w == "von" || w == "vom") && j+1 < end && f.isCap(j+1) {
			k := j + 1
			if k < end && determiners[f.low[k]] {
				k++
			}
			if k2 := f.nominal(k, end); k2 > k {
				j = k2
				continue
			}
		}
		break
	}
	// An institution's seat: "die Botschaft in Riad", not "Merkel in
	// Berlin".
	if f.de && j+1 < end && f.low[j] == "in" && f.mentionType(j+1) == newsdesk.Location && !f.hasPerson(span{i, j}) {
		j = min(end, j+2+f.mentionRest(j+1))
	}
	// A name in quotation marks: "das Magazin „Der Spiegel“".
	if j+2 < end && (f.toks[j].Text == "„" || f.toks[j].Text == "“" || f.toks[j].Text == "»") {
		k := j + 1
		for k < end && k < j+7 && f.isWord(k) {
			k++
		}
		if k < end && k > j+1 && f.isCap(j+1) && containsMark(closers[f.toks[j].Text], f.toks[k].Text) {
			j = k + 1
		}
	}
	// A bracket: "(CSU)", "(BA)".
	if j+2 < end && f.toks[j].Text == "(" && f.toks[j+2].Text == ")" {
		j += 3
	} else if !f.de && j+2 < end && f.toks[j].Text == "(" {
		// A party and state: "(D-Nev.)", "(R-Ky.)".
		for k := j + 2; k < end && k < j+8; k++ {
			if f.toks[k].Text == ")" {
				j = k + 1
				break
			}
			if !f.isWord(k) && f.toks[k].Text != "-" && f.toks[k].Text != "." {
				break
			}
		}
	}
	// The seat after a bracket: "die Weltgesundheitsorganisation (WHO)
	// in Genf".
	if f.de && j > i && f.toks[j-1].Text == ")" && j+1 < end && f.low[j] == "in" && f.mentionType(j+1) == newsdesk.Location && !f.hasPerson(span{i, j}) {
		j = min(end, j+2+f.mentionRest(j+1))
	}
	// A German noun phrase in apposition that ends the clause, with
	// what it is of: "Albrecht Conze, der Direktor der Mission im
	// Kongo,", "Edmon Chung, CEO von DotAsia."
	if j+1 < end && f.toks[j].Text == "," && f.de && !pronouns[f.low[j+1]] {
		if np := f.nounPhrase(j+1, end); !np.empty() {
			k := f.attached(np.to, end)
			if k == end || f.toks[k].Text == "," || f.toks[k].Text == ":" || isFinal(f.toks[k].Text) {
				return span{i, k}
			}
		}
	}
	// A name in apposition: "…, Klaus Stöhr,".
	if j+1 < end && f.toks[j].Text == "," && f.ment[j+1] > 0 && f.isCap(j+1) {
		k := j + 1
		for k < end && f.ment[k] == f.ment[j+1] {
			k++
		}
		if k == end || f.toks[k].Text == "," || !f.isCap(k) && (f.de || isFinal(f.toks[k].Text) || !f.isWord(k)) {
			j = k // (English: not a name that starts a clause, "…, Clinton spokesman Jesse Lehrich said")
		}
	} else if j+1 < end && f.toks[j].Text == "," && f.de {
		// A noun phrase in apposition that ends the clause: "Jon Bon
		// Jovi, Gründer der Rockband."
		if np := f.nounPhrase(j+1, end); !np.empty() && !pronouns[f.low[j+1]] && (np.to == end || f.toks[np.to].Text == "," || isFinal(f.toks[np.to].Text)) {
			j = np.to
		}
	}
	return span{i, j}
}

// attachedPreps are the German prepositions whose phrase may belong to
// a noun phrase in apposition ("Professor am Institut", "Chef der
// Firma aus Berlin").
var attachedPreps = map[string]bool{
	"in": true, "im": true, "am": true, "an": true, "bei": true, "beim": true, "von": true, "vom": true,
	"aus": true, "für": true, "zur": true, "zum": true,
}

// attached returns the end of the prepositional phrases from token j
// before end that belong to the noun phrase before them; j when none.
func (f *finder) attached(j, end int) int {
	for j+1 < end && attachedPreps[f.low[j]] {
		k := j + 1
		if k < end && determiners[f.low[k]] {
			k++
		}
		k2 := f.nominal(k, end)
		if k2 == k {
			break
		}
		for k2 < end && genitives[f.low[k2]] {
			if k3 := f.nominal(k2+1, end); k3 > k2+1 {
				k2 = k3
				continue
			}
			break
		}
		j = k2
	}
	return j
}

// nominal returns the end of a run of an optional determiner,
// adjectives, and nouns or names from token i, before end; i when there
// is none or it has no noun or name.
func (f *finder) nominal(i, end int) int {
	j := i
	if j < end && determiners[f.low[j]] {
		j++
	}
	head := -1
	if j > i && j < end && genitives[f.low[j]] && (f.low[i] == "einer" || f.low[i] == "eines" || f.low[i] == "eine" || f.low[i] == "einem") {
		head = i // "Einer der Feuerwehrmänner"
	}
	for j < end && j < i+8 {
		w := f.low[j]
		switch {
		case f.ment[j] > 0:
			head = j
			m := f.ment[j]
			for j < end && f.ment[j] == m {
				j++
			}
			continue
		case f.isCap(j) && !conjunctions[w] && !calendar[w] && !(f.de && (subordinators[w] || prepositions[w] || adverbs[w])) && !(j > i && determiners[w]):
			if !f.de && j > i && (adverbs[w] || prepositions[w]) {
				break
			}
			head = j
			j++
			continue
		case f.de && j+1 < end && isAdjective(w) && (f.isCap(j+1) || isAdjective(f.low[j+1])):
			j++
			continue
		case !f.de && f.isWord(j) && !prepositions[w] && !adverbs[w] && !determiners[w] && !subordinators[w] && !pronouns[w] && j < i+5 && !strings.HasSuffix(w, "ly"):
			if _, v := enVerbs[w]; v && !(enNounLike[w] && j > i && determiners[f.low[i]] && head < 0) {
				break // a verb, unless a noun after an article: "a report"
			}
			if isEnStop(w) {
				break
			}
			if head >= 0 && j+1 < end && enArticles[f.low[j+1]] {
				break // a verb before its object: "The mayor met the workers"
			}
			if head >= 0 && len(w) > 3 && strings.HasSuffix(w, "ed") && !f.isCap(j) {
				break // a verb in the past after its subject: "The judge rubbed"
			}
			head = j
			j++
			continue
		case head < 0 && (f.toks[j].Text == "„" || f.toks[j].Text == "“" || f.toks[j].Text == "»"):
			// A name in quotation marks: "die „Süddeutsche Zeitung“".
			k := j + 1
			for k < end && k < j+8 && f.isWord(k) {
				k++
			}
			if k < end && k > j+1 && containsMark(closers[f.toks[j].Text], f.toks[k].Text) {
				head = k
				j = k + 1
				continue
			}
		case f.toks[j].Text == "-" || f.toks[j].Text == "'s" || f.toks[j].Text == "’s":
			if head >= 0 && j+1 < end && f.isWord(j+1) {
				j++
				continue
			}
		}
		break
	}
	if head < 0 {
		return i
	}
	return head + 1 + f.mentionRest(head)
}

// mentionRest returns how many tokens of the mention at token i follow
// it.
func (f *finder) mentionRest(i int) int {
	m := f.ment[i]
	if m == 0 {
		return 0
	}
	n := 0
	for k := i + 1; k < len(f.toks) && f.ment[k] == m; k++ {
		n++
	}
	return n
}

// isAdjective reports whether lower-case German word w looks like an
// inflected adjective ("russische", "grünen").
func isAdjective(w string) bool {
	if len(w) < 4 || determiners[w] || prepositions[w] || adverbs[w] || pronouns[w] || isKonjunktiv(w) || isAux(w) || indicative[w] {
		return false
	}
	for _, e := range []string{"e", "en", "er", "es", "em"} {
		if len(w) > len(e)+2 && w[len(w)-len(e):] == e {
			return true
		}
	}
	return false
}

// enAux are English auxiliaries, modals and negations that stand
// between a subject and its verb ("did not blame", "is saying").
var enAux = map[string]bool{
	"not": true, "n't": true, "never": true, "did": true, "does": true, "do": true, "could": true, "should": true,
	"may": true, "might": true, "can": true, "must": true, "cannot": true, "is": true, "was": true, "are": true,
	"were": true, "been": true, "be": true, "'s": true, "’s": true, "'re": true, "’re": true, "'ve": true, "’ve": true,
	"'d": true, "’d": true, "'ll": true, "’ll": true, "shall": true,
}

// beForms are the English forms of "be" that make a passive.
var beForms = map[string]bool{"is": true, "was": true, "are": true, "were": true, "been": true, "be": true, "being": true, "'s": true, "’s": true, "'re": true, "’re": true}

// objectVerbs are English verbs of saying whose phrase after them is
// who is spoken to, never who speaks.
var objectVerbs = map[string]bool{
	"told": true, "tell": true, "tells": true, "telling": true, "asked": true, "ask": true, "asks": true,
	"asking": true, "urged": true, "urges": true, "urging": true, "informed": true, "reminded": true,
	"assured": true, "warned": true, "accused": true, "called": true, "calling": true,
}

// quantifiers are English words that stand for people as a subject of
// their own ("Many speculated that …", "Others say …").
var quantifiers = map[string]bool{
	"many": true, "some": true, "most": true, "others": true, "few": true, "several": true, "both": true,
	"all": true, "none": true, "one": true, "each": true, "another": true,
}

// enArticles are the English articles, which start a noun phrase
// rather than go on with one.
var enArticles = map[string]bool{"the": true, "a": true, "an": true}

// isEnStop reports whether an English word ends a noun phrase: verbs,
// conjunctions and the like.
func isEnStop(w string) bool {
	switch w {
	case "is", "was", "are", "were", "be", "been", "has", "had", "have", "will", "would", "could", "should",
		"can", "may", "might", "must", "do", "does", "did", "not", "that", "which", "who", "whom", "whose",
		"and", "or", "but", "if", "than", "as", "there", "here", "also", "n't", "so", "because", "when":
		return true
	}
	return false
}

// mentionType returns the type of the mention at token i.
func (f *finder) mentionType(i int) newsdesk.EntityType {
	if m := f.ment[i]; m > 0 {
		return f.d.Mentions[m-1].Type
	}
	return ""
}

// subject returns the speaker of a verb of saying at token v, in the
// clause of tokens [from, to): the noun phrase before it when the verb
// stands second ("Der Minister sagte"), else the first after it ("Am
// Montag sagte der Minister", "sagte er").
func (f *finder) subject(v, from, to int) span {
	// The finite verb of a participle: "hat … gesagt".
	fin := v
	for k := v - 1; k >= from && k > v-12 && f.toks[k].Text != ","; k-- {
		if isAux(f.low[k]) {
			fin = k
			break
		}
	}
	start := from
	for start < fin && (f.toks[start].Text == "„" || f.toks[start].Text == "\"" || f.toks[start].Text == "“" || conjunctions[f.low[start]] && f.low[start] != "so") {
		start++
	}
	// A focus particle before a noun phrase: "Auch Winfried Hassemer
	// glaubt".
	if start+1 < fin && focus[f.low[start]] && (f.isCap(start+1) || determiners[f.low[start+1]]) {
		start++
	}
	if f.de && ((f.low[v] == "heißt" || f.low[v] == "hieß") && (f.low[start] == "in" || f.low[start] == "im") || (f.low[v] == "geht" || f.low[v] == "ging") && f.low[start] == "aus") {
		// "In der Mitteilung des WWF heißt es", "Aus dem Bericht geht
		// hervor": the text says it.
		if np := f.nounPhrase(start+1, fin); !np.empty() {
			return np
		}
	}
	if f.de {
		// The verb stands second: what stands before it is one phrase,
		// the subject unless it is an adverbial.
		if start < fin && fin-start <= 20 && !prepositions[f.low[start]] && !adverbs[f.low[start]] && !subordinators[f.low[start]] && !conjunctions[f.low[start]] {
			// A relative clause after the subject is no part of it.
			for k := start + 1; k+1 < fin; k++ {
				if f.toks[k].Text == "," && relatives[f.low[k+1]] && !(k+2 < fin && (f.isCap(k+2) || k+3 < fin && isAdjective(f.low[k+2]) && f.isCap(k+3))) {
					fin = k
					break
				}
			}
			np := f.nounPhrase(start, fin)
			// One word before the verb and a phrase after it: "Hierzu
			// schrieb der Journalist".
			if fin-start == 1 && f.ment[start] == 0 && !pronouns[f.low[start]] {
				if after := f.subjectAfter(fin+1, to); !after.empty() && (determiners[f.low[after.from]] || pronouns[f.low[after.from]] || f.ment[after.from] > 0) {
					return after
				}
			}
			// An object first: "Eine Verschiebung bezeichnete Conze als
			// fatal", when only the phrase after the verb names someone,
			// or when the first phrase's noun cannot speak and after the
			// verb stand a personal pronoun or a definite noun that can
			// ("Die große Zahl der Gäste schreibt er dem Wetter zu").
			if !np.empty() && !f.names(np) && !pronouns[f.low[np.from]] {
				if after := f.subjectAfter(fin+1, to); !after.empty() && (f.mentionType(after.from) == newsdesk.Person || !f.speaks(np) && (personPronouns[f.low[after.from]] || definite[f.low[after.from]] && f.speaks(after))) {
					return after
				}
			}
			if np.empty() && fin-start <= 3 && determiners[f.low[start]] {
				np = span{start, fin} // "Die taz vermutet"
			}
			if !np.empty() {
				end := fin
				for end > np.to && (adverbs[f.low[end-1]] || f.toks[end-1].Text == ",") {
					end--
				}
				return span{np.from, end}
			}
		}
		return f.subjectAfter(fin+1, to)
	}
	// English: the subject is before the verb, after the last comma.
	k := fin
	for k > start && (adverbs[f.low[k-1]] || f.low[k-1] == "also" || enAux[f.low[k-1]] || f.low[v] == "clear" && makeForms[f.low[k-1]]) {
		k--
		if f.enPassive(v) {
			return span{} // a passive names no speaker before it: "is expected", "was told"
		}
	}
	if k > start {
		if w := f.low[k-1]; w == "who" || w == "which" {
			return span{k - 1, k}
		}
	}
	if k-1 > start && f.toks[k-1].Text == "," {
		// A subject with a phrase in apposition: "Jeff Weaver, his
		// campaign manager, said"; a leading adverbial is passed over.
		s := start
		if prepositions[f.low[s]] || subordinators[f.low[s]] {
			for j := s; j < k-1; j++ {
				if f.toks[j].Text == "," {
					s = j + 1
					break
				}
			}
		}
		if np := f.nounPhrase(s, k-1); !np.empty() && k-1-s <= 25 {
			return span{s, k} // the comma that closes the apposition with it
		}
	}
	s := start
	for j := k - 1; j >= start; j-- {
		if t := f.toks[j].Text; t == "," || t == ";" || t == ":" || t == "—" || t == "–" {
			s = j + 1
			break
		}
	}
	// "Sam Lau, the director of the party said": a name and its
	// apposition without the closing comma.
	if s-1 > start && f.toks[s-1].Text == "," && determiners[f.low[s]] {
		b := start
		for b < s-1 && conjunctions[f.low[b]] {
			b++
		}
		if np := f.nounPhrase(b, s-1); np.from == b && np.to == s-1 && f.names(np) {
			if ap := f.nounPhrase(s, k); !ap.empty() && ap.to == k {
				return span{b, k}
			}
		}
	}
	// "as Mr. Sykes said", "and the mayor said"
	for s < k-1 && (f.low[s] == "as" || f.low[s] == "with" || f.low[s] == "while" || f.low[s] == "whereas" || conjunctions[f.low[s]]) {
		s++
	}
	if s < k {
		if np := f.nounPhrase(s, k); !np.empty() {
			// The last noun phrase before the verb.
			for np.to < k {
				nx := f.nounPhrase(np.to, k)
				if nx.empty() {
					break
				}
				np = nx
			}
			if np.to >= k-1 {
				return np
			}
			// Coordinated or longer: "Her advisers and allies say".
			if f.plainWords(s, k) {
				return span{s, k}
			}
		}
		// A pronoun or mention right before the verb.
		if pronouns[f.low[k-1]] || quantifiers[f.low[k-1]] && k-1 == s {
			return span{k - 1, k} // "he said", "Many speculated"
		}
		if f.longSubject(s, k) {
			return span{s, k} // "Democrats in Iowa who watched the debate said"
		}
	}
	if objectVerbs[f.low[v]] {
		return span{} // "told reporters": the phrase after it is who was told
	}
	return f.subjectAfter(fin+1, to)
}

// definite are the German definite articles of a subject.
var definite = map[string]bool{"der": true, "die": true, "das": true}

// isAux reports whether w is a finite auxiliary verb.
func isAux(w string) bool {
	switch w {
	case "hat", "habe", "haben", "hatte", "hatten", "hätte", "hätten", "ist", "sind", "war", "waren", "sei", "seien",
		"wurde", "wurden", "wird", "werden", "würde", "würden", "has", "have", "had":
		return true
	}
	return false
}

// subjectAfter returns the first noun phrase from token i before end,
// passing over adverbs and prepositional phrases ("sagte am Montag der
// Minister"); empty when there is none within a few tokens.
func (f *finder) subjectAfter(i, end int) span {
	for k := i; k < end && k < i+8; k++ {
		t := f.toks[k].Text
		if t == "," || t == ":" || t == "." || t == ";" || t == "(" {
			return span{}
		}
		if _, ok := closers[t]; ok {
			return span{}
		}
		w := f.low[k]
		if complementizers[w] {
			return span{}
		}
		if prepositions[w] {
			// Pass over the phrase it governs.
			j := f.nominal(k+1, end)
			if j > k+1 {
				k = j - 1
			}
			continue
		}
		if adverbs[w] && !pronouns[w] {
			continue
		}
		if np := f.nounPhrase(k, end); !np.empty() {
			if f.de && objectCase[w] {
				k = np.to - 1 // "sagte dem Sender der Minister"
				continue
			}
			return np
		}
		if !f.de && !pronouns[w] {
			continue
		}
		if f.de {
			continue
		}
	}
	return span{}
}

// entity returns the entity id the speaker s resolves to: that of a
// person mention in it, else of any mention in it, for a pronoun that
// of the most recent person mentioned before it outside quotation
// marks; "" when none.
func (f *finder) entity(s span) string {
	if s.to-s.from == 1 && pronouns[f.low[s.from]] {
		if !personPronouns[f.low[s.from]] && f.low[s.from] != "they" && f.low[s.from] != "wir" && f.low[s.from] != "we" {
			return ""
		}
		top := f.mentionBefore(f.toks[s.from].Start) - 1
		for mi := top; mi >= 0 && mi > top-maxLookback; mi-- {
			m := f.d.Mentions[mi]
			if m.Type != newsdesk.Person && !(f.low[s.from] == "they" || f.low[s.from] == "wir" || f.low[s.from] == "we") {
				continue
			}
			if m.EntityID == "" || f.quotedAt(m.Start) {
				continue
			}
			return m.EntityID
		}
		return ""
	}
	person, other := "", ""
	for k := s.from; k < s.to; k++ {
		if m := f.ment[k]; m > 0 {
			mm := f.d.Mentions[m-1]
			if mm.Type == newsdesk.Person && mm.EntityID != "" {
				person = mm.EntityID
			} else if other == "" {
				other = mm.EntityID
			}
		}
	}
	if person != "" {
		return person
	}
	return other
}

// maxLookback is the most mentions a pronoun looks back over for its
// person.
const maxLookback = 200

// mentionBefore returns the number of mentions that start before rune
// offset at.
func (f *finder) mentionBefore(at int) int {
	ms := f.d.Mentions
	lo, hi := 0, len(ms)
	for lo < hi {
		mid := (lo + hi) / 2
		if ms[mid].Start < at {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo
}

// quotedAt reports whether rune offset at lies inside a direct quote.
func (f *finder) quotedAt(at int) bool {
	lo, hi := 0, len(f.toks)
	for lo < hi {
		mid := (lo + hi) / 2
		if f.toks[mid].End <= at {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	return lo < len(f.toks) && f.inQuote[lo] > 0
}

// npBefore returns the start of the noun phrase that ends before token
// end, no earlier than from: nouns and names, a genitive before them
// ("Angaben der Polizei"), at most one adjective without a determiner
// ("ersten Angaben") or two after one; end when none ends there.
func (f *finder) npBefore(end, from int) int {
	k := end
	nouns := func() {
		for k > from && k > end-6 && (f.isCap(k-1) || f.ment[k-1] > 0) && !determiners[f.low[k-1]] && !prepositions[f.low[k-1]] && !adverbs[f.low[k-1]] {
			k--
		}
	}
	nouns()
	if k == end {
		return end
	}
	// "Einer Meldung von Xinhua", "Angaben vom Mittwoch".
	if k-1 > from && (f.low[k-1] == "von" || f.low[k-1] == "vom") {
		p := k - 1
		k = p
		nouns()
		if k == p {
			return p + 1
		}
		for k > from && isAdjective(f.low[k-1]) && k-1 > from && determiners[f.low[k-2]] {
			k--
		}
	}
	// A genitive: "… der Polizei" after "Angaben".
	if k-1 > from && genitives[f.low[k-1]] {
		g := k - 1
		k = g
		nouns()
		if k == g {
			k = g + 1 // "der Polizei" alone: the determiner starts it
			return g
		}
	}
	adj := 0
	for k > from && adj < 2 && isAdjective(f.low[k-1]) {
		k--
		adj++
	}
	if k > from && determiners[f.low[k-1]] {
		return k - 1
	}
	if adj == 2 {
		k++
	}
	return k
}

// names reports whether span s holds a mention of a person or an
// organisation.
func (f *finder) names(s span) bool {
	for k := s.from; k < s.to; k++ {
		if t := f.mentionType(k); t == newsdesk.Person || t == newsdesk.Organisation {
			return true
		}
	}
	return false
}

// plainWords reports whether English tokens [from, to) are a few words
// that can make a noun phrase: no verb, no clause, at most ten.
func (f *finder) plainWords(from, to int) bool {
	if to-from > 10 {
		return false
	}
	for k := from; k < to; k++ {
		w := f.low[k]
		if w == "and" || w == "or" || w == "'s" || w == "’s" || w == "%" {
			continue
		}
		if !f.isWord(k) || isEnStop(w) || pronouns[w] && k > from {
			return false
		}
		if _, ok := enVerbs[w]; ok {
			return false
		}
	}
	return true
}

// hasPerson reports whether span s holds a mention of a person.
func (f *finder) hasPerson(s span) bool {
	for k := s.from; k < s.to; k++ {
		if f.mentionType(k) == newsdesk.Person {
			return true
		}
	}
	return false
}

// apposition returns English speaker np after its verb with the phrase
// in apposition that follows it up to the end of the sentence: "said
// Paul Smith, a lawyer in Ohio who advises the city". A comma before a
// participle ("…, adding"), a quotation mark or a verb of saying ends
// it; np is returned as it is when no apposition follows.
func (f *finder) apposition(np span, end int) span {
	k := np.to
	if k+1 >= end || f.toks[k].Text != "," {
		return np
	}
	n := f.low[k+1]
	if !determiners[n] && n != "who" && !f.isCap(k+1) && !(n[0] >= '0' && n[0] <= '9') {
		return np
	}
	j := k + 1
	for ; j < end; j++ {
		t := f.toks[j].Text
		if _, ok := closers[t]; ok || isFinal(t) || t == ";" || t == ":" || t == "(" && j == k+1 {
			break
		}
		if t == "," && j+1 < end {
			w := f.low[j+1]
			if _, ok := closers[f.toks[j+1].Text]; ok || strings.HasSuffix(w, "ing") || w == "according" {
				break
			}
		}
		if _, ok := enVerbs[f.low[j]]; ok && f.finiteSaying(j) && f.low[j-1] != "who" {
			return np
		}
	}
	if j == k+1 {
		return np
	}
	return span{np.from, j}
}

// longSubject reports whether English tokens [from, to) before a verb
// read as one long noun phrase: starting with a capital, a number, an
// article or a quantifier, at most fifteen tokens without punctuation
// that ends a phrase, and with no verb but in a relative clause ("those
// who back her opponents", "27 percent of those who named a
// candidate").
func (f *finder) longSubject(from, to int) bool {
	if to-from < 2 || to-from > 15 {
		return false
	}
	w := f.low[from]
	if !f.isCap(from) && !determiners[w] && !quantifiers[w] && !(w[0] >= '0' && w[0] <= '9') && w != "those" {
		return false
	}
	relative := false
	for k := from; k < to; k++ {
		t, w := f.toks[k].Text, f.low[k]
		switch {
		case w == "who" || w == "that" || w == "which" || w == "whom":
			relative = true
		case !f.isWord(k) && t != "’" && t != "'" && t != "'s" && t != "’s" && t != "-" && t != "%" && t != "(" && t != ")" && t != ".":
			return false
		case subordinators[w] && w != "as" || pronouns[w] && k > from:
			return false
		case !relative && (isEnStop(w) && w != "and" && w != "or" || enAux[w]):
			return false
		}
		if _, ok := enVerbs[w]; ok && !relative && k > from {
			return false
		}
	}
	return true
}
