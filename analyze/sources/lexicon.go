package sources

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"newsdesk"
)

// The word lists of this file are written for newsdesk. Keys are lower
// case.

// nounKind is what a common noun heading a source names.
type nounKind uint8

const (
	notNoun     nounKind = iota
	institution          // "Polizei", "the ministry", "officials"
	media                // "Zeitung", "Medienberichte", "the newspaper"
	document             // "Studie", "Erklärung", "report"
	spokes               // "Sprecher", "spokesperson": stands for the institution named with it
	person               // "Experte", "analysts": a person, no source
	pronoun              // "er", "she": a claimant, no source
)

// nouns are the common nouns that head a source, a spokesperson, a
// person or a pronoun.
var nouns = map[string]nounKind{}

// suffixes are the endings of German compounds that head a source
// ("Kulturministerium", "Landespolizei", "Einsatzbericht").
var suffixes = []struct {
	s string
	k nounKind
}{
	{"ministerium", institution}, {"ministeriums", institution}, {"polizei", institution}, {"behörde", institution},
	{"behörden", institution}, {"gericht", institution}, {"gerichts", institution}, {"gerichtshof", institution},
	{"regierung", institution}, {"verwaltung", institution}, {"kommission", institution}, {"staatsanwaltschaft", institution},
	{"amt", institution}, {"amts", institution}, {"verband", institution}, {"konzern", institution}, {"konzerns", institution},
	{"institut", institution}, {"instituts", institution}, {"agentur", institution}, {"feuerwehr", institution},
	{"armee", institution}, {"streitkräfte", institution}, {"kreisen", institution}, {"kreise", institution},
	{"dienste", institution}, {"geheimdienst", institution}, {"fraktion", institution}, {"fraktionen", institution},
	{"gewerkschaft", institution}, {"stiftung", institution}, {"bank", institution}, {"rat", institution},
	{"dienst", institution}, {"verein", institution}, {"gesellschaft", institution}, {"kammer", institution},
	{"krankenhaus", institution}, {"krankenhäuser", institution}, {"klinik", institution}, {"kliniken", institution},
	{"schutz", institution}, {"bundesanwalt", institution}, {"anwaltschaft", institution}, {"dienstes", institution},
	{"zeitung", media}, {"sender", media}, {"seite", media}, {"portal", media}, {"magazin", media}, {"blatt", media}, {"medien", media},
	{"fernsehen", media}, {"rundfunk", media}, {"medienberichten", media}, {"medienberichte", media},
	{"bericht", document}, {"berichts", document}, {"studie", document}, {"umfrage", document}, {"umfragen", document},
	{"erhebung", document}, {"auswertung", document},
	{"mitteilung", document}, {"erklärung", document}, {"gutachten", document}, {"statistik", document},
	{"zahlen", document}, {"analyse", document}, {"prognose", document}, {"schätzung", document}, {"schätzungen", document},
	{"sprecher", spokes}, {"sprecherin", spokes}, {"sprechers", spokes},
}

func init() {
	add := func(k nounKind, words string) {
		for _, w := range strings.Fields(words) {
			nouns[strings.ReplaceAll(w, "_", " ")] = k
		}
	}
	add(institution, `polizei feuerwehr staatsanwaltschaft gericht gerichts ministerium ministeriums regierung amt amts
		behörde behörden militär militärs armee streitkräfte bundeswehr unternehmen unternehmens konzern konzerns firma
		geldhaus bank organisation kommission verwaltung stadt gemeinde opposition fraktion partei klinik klinikum
		krankenhaus universität institut verband gewerkschaft kreisen kreise regierungskreisen sicherheitskreisen
		dienste geheimdienst geheimdienste rathaus veranstalter hersteller betreiber stiftung notenbank zentralbank
		bundesbank zoll küstenwache rettungsdienst landratsamt konzernleitung vorstand aufsichtsrat senat kabinett
		police government ministry department officials authorities authority agency company firm airline carrier
		bureau military army navy court prosecutors prosecutor commission council committee union party administration
		office regulator regulators watchdog federation association board forces embassy institute university hospital
		operator manufacturer utility organization organisation group groups coalition campaign lab laboratory
		researchers_at insurer bank_officials service services
		landkreis kreis kommune schule verein klub club team kammer justiz rettungskräfte einsatzkräfte fluggesellschaft
		airline gesellschaft ermittler ermittlern investigators stadtwerke
		krankenhäuser kliniken zivilschutz generalbundesanwalt bundesanwaltschaft verfassungsschutz
		city county town municipality state_department bosses chiefs`)
	add(media, `zeitung zeitungen sender portal nachrichtenportal magazin nachrichtenmagazin blatt blog medien staatsmedien
		staatsfernsehen fernsehen fernsehsender rundfunk medienberichte medienberichten medienbericht presseberichten
		newspaper newspapers paper daily broadcaster broadcasters website site outlet magazine media tabloid network channel
		television radio`)
	add(document, `bericht berichts studie umfrage umfragen erklärung mitteilung pressemitteilung stellungnahme urteil urteils
		gutachten anklage anklageschrift aussendung analyse statistik statistiken daten schätzung schätzungen prognose
		prognosen dokument dokumente papier quartalszahlen bilanz einsatzbericht abschlussbericht lagebericht
		untersuchung zahlen angaben
		report reports study survey poll polls statement ruling lawsuit filing letter memo data figures estimates
		projections analysis document documents records guidelines release complaint indictment assessment census
		findings research review statistics brief investigation inquiry probe audit
		studies surveys analyses rulings lawsuits filings memos declaration revelations`)
	add(spokes, `sprecher sprecherin sprecherinnen vertreter vertreterin spokesperson spokesman spokeswoman representative
		official`)
	add(person, `experte expertin experten analyst analysten analysts expert experts forscher forscherin wissenschaftler
		wissenschaftlerin researchers researcher scientist scientists lawyer lawyers anwalt
		anwältin sources_close witnesses zeugen augenzeugen händler händlern marktteilnehmer beobachter beobachtern
		nutzer nutzern nutzerinnen kritiker kritikern befürworter gegner
		secretary minister president chairman chairwoman director leader head governor mayor doctor activist activists
		residents manager executive founder adviser advisor ceo commissioner secretary-general member members
		pm mp mps cfo`)
	add(pronoun, `er sie he she they it es ich wir i we man you du ihr`)
}

// nounAt returns what kind of source the noun w (as written) heads.
// German nouns are taken only when capitalised; English ones in any
// case.
func nounAt(w, lang string) nounKind {
	if w == "" {
		return notNoun
	}
	k := lower(w)
	upper := startsUpper(w)
	if lang == "de" && !upper {
		if nouns[k] == pronoun {
			return pronoun
		}
		return notNoun
	}
	if n, ok := nouns[k]; ok {
		return n
	}
	// German inflection: "Herstellers", "Konzerns", "Behörden".
	if lang == "de" && len(w) > 4 {
		for _, end := range []string{"es", "s", "en", "n"} {
			if stem, ok := strings.CutSuffix(w, end); ok {
				if n, ok := nouns[lower(stem)]; ok && n != pronoun {
					return n
				}
			}
		}
	}
	// "Nasser-Krankenhaus", "SPD-Fraktion": the noun after the hyphen
	// heads the compound.
	if lang == "de" {
		if i := strings.LastIndexByte(w, '-'); i > 0 && i+1 < len(w) && startsUpper(w[i+1:]) {
			return nounAt(w[i+1:], lang)
		}
	}
	if lang == "de" && len(k) > 6 {
		for _, s := range suffixes {
			if strings.HasSuffix(k, s.s) && len(k)-len(s.s) >= 3 {
				return s.k
			}
		}
	}
	return notNoun
}

// Speaks reports whether w (as written, in a text of language lang)
// is a pronoun or a common noun that can say or be a source: "er",
// "Polizei", "Sprecherin", "officials", "report". It is safe for
// concurrent use, also before any Find.
func Speaks(w, lang string) bool {
	lowerOnce.Do(buildLowerOf)
	if lang != "de" {
		lang = "en"
	}
	return nounAt(w, lang) != notNoun
}

// personSuffixes end the German compounds that name a person by role
// ("UN-Botschafter", "SWR-Landeskorrespondent", "InfoWars-Gründer").
var personSuffixes = []string{"gesandte", "gesandter", "botschafter", "botschafterin", "korrespondent", "korrespondentin",
	"chef", "chefin", "experte", "expertin", "kenner", "kennerin", "gründer", "gründerin", "minister", "ministerin",
	"präsident", "präsidentin", "sprecher", "sprecherin", "abgeordnete", "abgeordneter", "vorsitzende", "vorsitzender",
	"direktor", "direktorin", "analyst", "analystin", "ökonom", "ökonomin", "politiker", "politikerin", "kandidat", "kandidatin",
	"spokesman", "spokeswoman", "spokesperson", "envoy", "ambassador", "correspondent", "official", "minister", "president", "chief",
	"bischof", "bischöfin", "kommentator", "kommentatorin", "autor", "autorin", "trainer", "trainerin", "spieler", "spielerin",
	"koordinator", "koordinatorin", "leiter", "leiterin", "manager", "managerin", "berater", "beraterin"}

// personRole reports whether a name ends in a role noun of a person.
func personRole(name string) bool {
	k := strings.ToLower(name)
	if i := strings.LastIndexAny(k, " -"); i >= 0 {
		k = k[i+1:]
	}
	for _, s := range personSuffixes {
		if strings.HasSuffix(k, s) {
			return true
		}
	}
	return false
}

// citedKind is the kind of cited source a noun kind is.
func citedKind(k nounKind) newsdesk.CitationKind {
	switch k {
	case media:
		return newsdesk.CitedMedia
	case document:
		return newsdesk.CitedDocument
	}
	return newsdesk.CitedInstitution
}

// cue is how a word marks a source.
type cue uint8

const (
	noCue     cue = iota
	prepCue       // the source follows: "laut X", "according to X", "gegenüber X"
	postCue       // the source precedes: "X zufolge"
	verbCue       // the source is the subject: "X teilte mit", "X said"
	toldCue       // the source is the object of telling: "told X"
	angabeCue     // "nach Angaben der X", "nach US-Angaben", "US-Angaben zufolge"
)

// cues are the words that mark a source.
var cues = map[string]cue{}

func init() {
	add := func(c cue, words string) {
		for _, w := range strings.Fields(words) {
			cues[w] = c
		}
	}
	add(prepCue, `laut gemäß gemäss according citing`)
	add(postCue, `zufolge`)
	add(toldCue, `told tells tell gegenüber`)
	add(angabeCue, `angaben informationen darstellung erkenntnissen berechnungen einschätzung aussagen auffassung ansicht
		recherchen ermittlungen`)
	add(verbCue, `sagte sagten sagt sagen teilte teilten teilt mitteilte mitteilt mitteilten berichtete berichteten berichtet
		eingeräumt angekündigt gewarnt gefordert festgestellt bekanntgegeben dementiert bestritten
		warnen berichten erklären betonen kritisieren fordern melden gab gaben gibt merkt merkte merken merkten
		meldete meldet meldeten erklärte erklärt erklärten bestätigte bestätigt bestätigten betonte betont kündigte
		kündigt warnte warnt hieß heißt weist wies argumentierte argumentiert schätzt schätzte rechnet rechnete
		nannte nennt verwies verweist forderte fordert kritisierte kritisiert dementierte verkündete schreibt
		schrieb veröffentlichte erfuhr erfuhren erfahren versprach verspricht promised
		äußerte äußert ergänzte ergänzt fügte bestritt bestreitet mahnte mahnt appellierte bezeichnete bezeichnet
		wertete verlangte verlangt kündigt bekanntgab mitgeteilt vermeldet hervorgeht
		sieht sah hält hielt lehnt lehnte reagierte begrüßte lobte forderten warnten kritisierten beziffert bezifferte bezifferten spricht sprach prognostiziert
		prognostizierte informierte räumte beklagte begründete bekräftigte unterstrich versicherte behauptete behauptet
		vermutet vermutete geht ging rechtfertigte verurteilte zeigt zeigte ergab ergibt
		said says say reported reports announced announces confirmed confirms stated states estimated estimates
		insisted insists suggested suggests added adds noted notes warned warns disputed argued argues claimed claims
		alleged alleges described wrote writes revealed acknowledged denied denies explained predicted projected
		show showed shows found finds indicated indicates declared responded urged criticized accused blamed expects
		believes announced pointed recommended confirming saying warning claiming shown
		insist warn argue believe expect confirm deny allege predict acknowledge explain
		emailed maintains maintained reveal reveals notified identified`)
}

// lowerOf maps the capitalised and upper-case forms of the words of
// the lists of this package to the words ("Polizei" → "polizei").
var (
	lowerOf   map[string]string
	lowerOnce sync.Once
)

func buildLowerOf() {
	lowerOf = map[string]string{}
	put := func(w string) {
		if w == "" {
			return
		}
		r, n := utf8.DecodeRuneInString(w)
		lowerOf[string(unicode.ToUpper(r))+w[n:]] = w
		lowerOf[strings.ToUpper(w)] = w
	}
	for _, m := range []map[string]bool{skipWords, articles, ownerWords, notNames, prepositions, rightSkip, statements, interviews, mediaReports, subordinators, auxiliaries, legalMotions, werden} {
		for w := range m {
			put(w)
		}
	}
	for w := range nouns {
		put(w)
	}
	for w := range cues {
		put(w)
	}
	for _, w := range []string{"dass", "that", "and", "und", "to", "nach", "zufolge", "es", "in", "aus", "ersten", "about", "around", "nearly", "almost", "roughly", "some", "um", "rund", "etwa", "fast", "knapp", "mehr", "more", "than", "als", "leicht", "slightly", "by", "auf", "'s", "’s", "quelle", "source", "eigenen", "von", "vom"} {
		put(w)
	}
}

// capCues are the cue words capitalised: a capitalised token is put in
// lower case only when it may be one.
var capCues = map[string]bool{}

func init() {
	for w := range cues {
		r, n := utf8.DecodeRuneInString(w)
		capCues[string(unicode.ToUpper(r))+w[n:]] = true
	}
}

// skipWords may stand between a verb and its subject or a cue and its
// source: articles, auxiliaries, adverbs.
var skipWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`der die das den dem des ein eine einer einem eines auch nun jedoch aber zudem bereits
		inzwischen dazu am zuletzt noch erst außerdem ebenfalls heute gestern mit
		the a an has have had also later earlier previously has_since on then now already recently yesterday today
		which who that to would will could may might`) {
		skipWords[w] = true
	}
}

// articles are no part of a source's name.
var articles = map[string]bool{
	"der": true, "die": true, "das": true, "den": true, "dem": true, "des": true, "ein": true, "eine": true,
	"einer": true, "einem": true, "eines": true, "einen": true, "the": true, "a": true, "an": true,
	"deren": true, "dessen": true, "ihre": true, "ihrer": true, "seine": true, "seiner": true, "its": true, "their": true,
}

// ownerWords join a document or a spokesperson to its owner: "der
// Bericht des Ministeriums", "a spokesperson for the FBI".
var ownerWords = map[string]bool{"des": true, "der": true, "eines": true, "einer": true, "von": true, "vom": true, "of": true, "for": true, "from": true, "by": true}
