package quotes

import "strings"

// The word lists of this file are written for newsdesk; see NOTICE.

// cueKind is what a cue word does.
type cueKind uint8

const (
	noCue cueKind = iota
	// speechVerb introduces what was said, thought or written:
	// "sagte", "erklärte", "said", "warned".
	speechVerb
	// reportVerb reports a speech act and may stand without a clause:
	// "kritisierte", "forderte", "warnte", "criticized".
	reportVerb
)

// verbInfo is what the lexicon knows of a form of a verb of saying.
type verbInfo struct {
	kind cueKind
	// particle is the separable prefix that must follow later in the
	// clause for the form to count ("teilte … mit"), several separated
	// by "|"; "" when none.
	particle string
	// participle marks a past participle ("gesagt", "erklärt"), whose
	// finite verb stands earlier.
	participle bool
}

// deVerbs maps German forms of verbs of saying, in lower case, to what
// they are.
var deVerbs = map[string]verbInfo{}

// enVerbs maps English forms of verbs of saying to what they are.
var enVerbs = map[string]verbInfo{}

// deWeak lists weak German verbs of saying by stem; a "|" separates a
// separable particle from the stem ("mit|teil"), and report marks
// verbs that report a speech act without its words as often as they
// introduce them.
var deWeak = []struct {
	stem   string
	report bool
}{
	{"sag", false}, {"erklär", false}, {"beton", false}, {"mit|teil", false}, {"bericht", false},
	{"mein", false}, {"äußer", false}, {"bekräftig", false}, {"versicher", false}, {"bestätig", false},
	{"behaupt", false}, {"vermut", false}, {"glaub", false}, {"befürcht", false}, {"fürcht", false},
	{"hoff", false}, {"erläuter", false}, {"ergänz", false}, {"hinzu|füg", false}, {"antwort", false},
	{"erwider", false}, {"frag", false}, {"schätz", false}, {"argumentier", false}, {"kritisier", true},
	{"forder", true}, {"warn", true}, {"an|kündig", true}, {"verkünd", false}, {"meld", false},
	{"klar|stell", false}, {"fest|stell", false}, {"mahn", true}, {"appellier", true}, {"erinner", false},
	{"beklag", true}, {"bemängel", true}, {"lob", true}, {"begrüß", true}, {"dementier", true},
	{"verlang", true}, {"erwart", false}, {"prognostizier", false}, {"zitier", false}, {"twitter", false},
	{"postet", false}, {"beschwer", true}, {"klag", true}, {"droh", true}, {"räum|ein", false},
	{"ein|räum", false}, {"unterstell", true}, {"beschuldig", true}, {"bezweifel", false}, {"beharr", false},
	{"präzisier", false}, {"konkretisier", false}, {"informier", false}, {"signalisier", false}, {"mutmaß", false},
	{"spekulier", false}, {"bilanzier", false}, {"resümier", false}, {"folger", false}, {"kommentier", false},
	{"protestier", true}, {"plädier", true}, {"bezeichn", true}, {"urteil", false}, {"zweifel", false},
	{"leugn", true}, {"verteidig", true}, {"rechtfertig", false}, {"begründ", false}, {"vorher|sag", false},
	{"voraus|sag", false}, {"klär", false}, {"bedauer", true}, {"beteuer", false}, {"befürwort", true},
	{"erzähl", false}, {"schilder", false}, {"zusicher", false}, {"verlaut", false}, {"bekannt|mach", false},
	{"ankündig", true}, {"aus|führ", false}, {"dräng", true}, {"beton", false}, {"bekund", false},
	{"hinterfrag", true}, {"erwähn", false}, {"entgegn", false}, {"prophezei", false}, {"vor|schlag", true}, {"beziffer", true}, {"würdig", true}, {"attackier", true}, {"an|reg", true},
	{"betracht", true}, {"wert", true}, {"bewert", true}, {"einstuf", true}, {"verurteil", true}, {"verdeutlich", false}, {"versprech", false},
}

// deStrong lists strong and irregular German forms: form, particle,
// report, participle.
var deStrong = []struct {
	form, particle string
	report, part   bool
}{
	{"sprach", "", true, false}, {"spricht", "", true, false}, {"sprachen", "", true, false}, {"sprechen", "", true, false}, {"gesprochen", "", true, true},
	{"schrieb", "", false, false}, {"schreibt", "", false, false}, {"schrieben", "", false, false}, {"geschrieben", "", false, true},
	{"gab", "bekannt", false, false}, {"gibt", "bekannt", false, false}, {"gaben", "bekannt", false, false}, {"bekanntgegeben", "", false, true}, {"bekanntgab", "", false, false},
	{"gab", "zu", false, false}, {"gibt", "zu", false, false}, {"zugegeben", "", false, true}, {"zugab", "", false, false},
	{"wies", "zurück", true, false}, {"weist", "zurück", true, false}, {"zurückgewiesen", "", true, true}, {"zurückwies", "", true, false},
	{"wies", "hin", false, false}, {"weist", "hin", false, false}, {"hingewiesen", "", false, true}, {"hinwies", "", false, false},
	{"verwies", "", false, false}, {"verweist", "", false, false}, {"verwiesen", "", false, true},
	{"hob", "hervor", false, false}, {"hebt", "hervor", false, false}, {"hervorgehoben", "", false, true}, {"hervorhob", "", false, false},
	{"unterstrich", "", false, false}, {"unterstreicht", "", false, false}, {"unterstrichen", "", false, true},
	{"bestritt", "", true, false}, {"bestreitet", "", true, false}, {"bestritten", "", true, true},
	{"rief", "auf", true, false}, {"ruft", "auf", true, false}, {"aufgerufen", "", true, true}, {"aufrief", "", true, false},
	{"warf", "vor", true, false}, {"wirft", "vor", true, false}, {"vorgeworfen", "", true, true}, {"vorwarf", "", true, false},
	{"nannte", "", false, false}, {"nennt", "", false, false}, {"genannt", "", false, true},
	{"dachte", "", false, false}, {"denkt", "", false, false},
	{"wusste", "", false, false}, {"weiß", "", false, false},
	{"ging", "aus", false, false}, {"geht", "aus", false, false}, {"ausgegangen", "", false, true}, {"ausging", "", false, false},
	{"schloss", "aus", true, false}, {"schließt", "aus", true, false}, {"ausgeschlossen", "", true, true}, {"ausschloss", "", true, false},
	{"lehnte", "ab", true, false}, {"lehnt", "ab", true, false}, {"abgelehnt", "", true, true}, {"ablehnte", "", true, false},
	{"sagte", "voraus", false, false}, {"riet", "", true, false}, {"rät", "", true, false}, {"geraten", "", true, true},
	{"empfahl", "", true, false}, {"empfiehlt", "", true, false}, {"empfohlen", "", true, true},
	{"widersprach", "", true, false}, {"widerspricht", "", true, false}, {"widersprochen", "", true, true},
	{"beschloss", "", false, false}, {"beschließt", "", false, false},
	{"hieß", "", false, false}, {"heißt", "", false, false},
	{"kündigte", "an", true, false}, {"kündigt", "an", true, false},
	{"stellte", "klar", false, false}, {"stellt", "klar", false, false},
	{"stellte", "fest", false, false}, {"stellt", "fest", false, false},
	{"teilte", "mit", false, false}, {"teilt", "mit", false, false}, {"teilten", "mit", false, false},
	{"fügte", "hinzu", false, false}, {"fügt", "hinzu", false, false},
	{"räumte", "ein", false, false}, {"räumt", "ein", false, false},
	{"versprach", "", false, false}, {"verspricht", "", false, false}, {"versprochen", "", false, true},
	{"erwog", "", false, false}, {"erwägt", "", false, false}, {"erwogen", "", false, true},
	{"beruft", "", false, false},
	{"schlug", "vor", true, false}, {"schlägt", "vor", true, false}, {"vorgeschlagen", "", true, true}, {"vorschlug", "", true, false},
	{"beschrieb", "", true, false}, {"beschreibt", "", true, false}, {"beschrieben", "", true, true},
	{"gestand", "", false, false}, {"gesteht", "", false, false}, {"gestanden", "", false, true},
	{"weisen", "hin", false, false}, {"weisen", "zurück", true, false}, {"werfen", "vor", true, false},
	{"geht", "hervor", false, false}, {"ging", "hervor", false, false}, {"hervorgeht", "", false, false}, {"hervorging", "", false, false},
	{"verglich", "", true, false}, {"vergleicht", "", true, false}, {"verglichen", "", true, true},
	{"gab", "an", false, false}, {"gibt", "an", false, false}, {"angegeben", "", false, true}, {"angab", "", false, false},
	{"bat", "", true, false}, {"bittet", "", true, false}, {"gebeten", "", true, true},
	{"sprach", "aus", true, false}, {"spricht", "aus", true, false}, {"ausgesprochen", "", true, true}, {"berief", "", false, false},
}

// enForms lists English verbs of saying: all forms of each, the first
// the base form; report marks verbs that report a speech act without
// its words as often as they introduce them.
var enForms = []struct {
	forms  string
	report bool
}{
	{"say says said saying", false}, {"tell tells told telling", false}, {"add adds added adding", false},
	{"state states stated stating", false}, {"explain explains explained explaining", false},
	{"note notes noted noting", false}, {"argue argues argued arguing", false}, {"claim claims claimed claiming", false},
	{"insist insists insisted insisting", false}, {"warn warns warned warning", true},
	{"announce announces announced announcing", false}, {"declare declares declared declaring", false},
	{"write writes wrote written writing", false}, {"ask asks asked asking", false},
	{"reply replies replied replying", false}, {"respond responds responded responding", false},
	{"suggest suggests suggested suggesting", false}, {"acknowledge acknowledges acknowledged acknowledging", false},
	{"admit admits admitted admitting", false}, {"confirm confirms confirmed confirming", false},
	{"deny denies denied denying", true}, {"report reports reported reporting", false},
	{"believe believes believed believing", false}, {"think thinks thought thinking", false},
	{"expect expects expected expecting", false}, {"predict predicts predicted predicting", false},
	{"estimate estimates estimated estimating", false}, {"urge urges urged urging", true},
	{"criticize criticizes criticized criticizing criticise criticises criticised", true},
	{"accuse accuses accused accusing", true}, {"complain complains complained complaining", false},
	{"emphasize emphasizes emphasized emphasise emphasised", false}, {"stress stresses stressed", false},
	{"recall recalls recalled recalling", false}, {"reveal reveals revealed revealing", false},
	{"tweet tweets tweeted tweeting", false}, {"testify testifies testified testifying", false},
	{"contend contends contended", false}, {"maintain maintains maintained", false},
	{"assert asserts asserted asserting", false}, {"conclude concludes concluded", false},
	{"allege alleges alleged alleging", false}, {"hope hopes hoped", false}, {"fear fears feared", false},
	{"worry worries worried", false}, {"know knows knew", false}, {"agree agrees agreed", false},
	{"promise promises promised promising", false}, {"vow vows vowed vowing", false},
	{"pledge pledges pledged pledging", false}, {"demand demands demanded demanding", true},
	{"call calls called calling", true}, {"praise praises praised praising", true},
	{"blame blames blamed blaming", true}, {"describe describes described describing", true},
	{"mention mentions mentioned", false}, {"observe observes observed", false},
	{"remark remarks remarked", false}, {"point points pointed", false}, {"answer answers answered", false},
	{"question questions questioned", true}, {"dispute disputes disputed", true},
	{"reject rejects rejected rejecting", true}, {"condemn condemns condemned condemning", true},
	{"threaten threatens threatened threatening", true}, {"signal signals signaled signalled", false},
	{"indicate indicates indicated", false}, {"show shows showed shown", false},
	{"find finds found", false}, {"feel feels felt", false}, {"recommend recommends recommended", true},
	{"propose proposes proposed proposing", true}, {"advise advises advised", false},
	{"boast boasts boasted", false}, {"joke jokes joked", false}, {"quip quips quipped", false},
	{"concede concedes conceded", false}, {"counter counters countered", false},
	{"caution cautions cautioned", false}, {"predict predicts predicted", false},
	{"understand understands understood", false}, {"realize realizes realized", false},
	{"acknowledge acknowledges acknowledged", false}, {"speculate speculates speculated", false},
	{"wonder wonders wondered", false}, {"assure assures assured", false},
	{"inform informs informed", false}, {"decide decides decided", false},
	{"endorse endorses endorsed endorsing", true}, {"support supports supported supporting", true},
	{"oppose opposes opposed opposing", true}, {"favor favors favored favour favours favoured", true},
	{"seek seeks sought seeking", true}, {"want wants wanted", true}, {"defend defends defended defending", true},
	{"decry decries decried", true}, {"tout touts touted touting", true}, {"dismiss dismisses dismissed dismissing", true},
	{"cite cites cited citing", true}, {"applaud applauds applauded", true}, {"welcome welcomes welcomed", true},
	{"slam slams slammed slamming", true}, {"mock mocks mocked mocking", true}, {"label labels labeled labelled", true},
	{"brand brands branded", true}, {"back backs backed backing", true}, {"unveil unveils unveiled", true},
	{"refer refers referred referring", true}, {"decline declines declined", true}, {"insist insists", false},
	{"push pushes pushed pushing", true}, {"attack attacks attacked attacking", true}, {"lament laments lamented", true},
	{"embrace embraces embraced embracing", true}, {"pitch pitches pitched pitching", true},
	{"discuss discusses discussed discussing", true}, {"highlight highlights highlighted highlighting", true},
	{"hail hails hailed", true}, {"continue continues continued", false}, {"retort retorts retorted", false},
	{"scoff scoffs scoffed", false}, {"echo echoes echoed", false}, {"post posts posted", false},
	{"chide chides chided", true}, {"deride derides derided", true}, {"reiterate reiterates reiterated", false},
	{"stress stressed", false}, {"underscore underscores underscored", false}, {"recount recounts recounted", false},
	{"speak speaks spoke spoken speaking", true}, {"talk talks talked talking", true},
	{"express expresses expressed expressing", true}, {"offer offers offered offering", true},
	{"denounce denounces denounced denouncing", true}, {"blast blasts blasted blasting", true},
	{"release releases released", true}, {"consider considers considered considering", true},
	{"learn learns learned learnt", false}, {"share shares shared sharing", true},
	{"order orders ordered", true}, {"charge charges charged", true}, {"identify identifies identified", true},
	{"view views viewed", true}, {"see sees saw", false}, {"refuse refuses refused", true},
	{"plan plans planned planning", true}, {"focus focuses focused focusing", true}, {"decried", true}, {"rule ruled", false}, {"vote voted", true},
	{"voice voices voiced voicing", true}, {"portray portrays portrayed portraying", true},
	{"email emails emailed emailing", false}, {"questioning", true}, {"refusing", true}, {"hoping", false},
	{"deem deems deemed", true}, {"encourage encourages encouraged encouraging", true},
	{"challenge challenges challenged challenging", true}, {"disclose discloses disclosed disclosing", false},
	{"request requests requested requesting", true}, {"doubt doubts doubted doubting", false},
	{"prefer prefers preferred preferring", true}, {"pointing", false}, {"project projects projected", false},
	{"clarify clarifies clarified clarifying", false}, {"comment comments commented commenting", false},
	{"exclaim exclaims exclaimed exclaiming", false}, {"proclaim proclaims proclaimed proclaiming", false},
	{"remind reminds reminded reminding", false}, {"reassure reassures reassured reassuring", false},
	{"restate restates restated restating", false}, {"reckon reckons reckoned", false},
	{"notify notifies notified notifying", false}, {"reassert reasserts reasserted", false},
	{"reconfirm reconfirms reconfirmed", false}, {"preach preaches preached preaching", true},
	{"concluding continuing advising assuring informing mentioning indicating disputing decrying", false},
	{"rail rails railed railing", true}, {"plead pleads pleaded pleading", false}, {"thank thanks thanked thanking", true},
	{"shout shouts shouted shouting", false}, {"yell yells yelled yelling", false}, {"chant chants chanted chanting", false},
	{"remember remembers remembered remembering", false}, {"repeat repeats repeated repeating", false},
	{"hint hints hinted hinting", false}, {"quote quotes quoted quoting", true}, {"retweet retweets retweeted retweeting", true},
	{"assail assails assailed assailing", true}, {"reference references referenced referencing", true},
	{"champion champions championed championing", true}, {"bemoan bemoans bemoaned bemoaning", true},
	{"liken likens likened likening", true}, {"imply implies implied implying", false}, {"invoke invokes invoked invoking", true},
	{"emphasizing emphasising remarking conceding", false}, {"lambaste lambastes lambasted lambasting", true},
	{"balk balks balked balking", true}, {"rebuke rebukes rebuked rebuking", true}, {"interject interjects interjected", false},
	{"credit credits credited crediting", true}, {"dub dubs dubbed dubbing", true}, {"articulate articulates articulated", true},
	{"outline outlines outlined outlining", true}, {"allude alludes alluded alluding", true}, {"utter utters uttered", false},
	{"coin coined", true}, {"echoing joking worrying", false}, {"debate debates debated debating", true},
	{"advocate advocates advocated advocating", true}, {"disavow disavows disavowed disavowing", true},
	{"characterize characterizes characterized characterizing", true}, {"interpret interprets interpreted", false},
	{"apologize apologizes apologized apologizing", true},
	{"stressing contending maintaining fearing agreeing observing answering signaling showing finding", false},
	{"feeling recommending boasting countering cautioning wondering deciding reiterating underscoring recounting", false},
	{"applauding welcoming labeling branding declining lamenting", true}, {"sound sounds sounded sounding", true},
	{"read reads", false}, {"convince convinces convinced convincing", true}, {"anger angers angered angering", true},
	{"regard regards regarded", true},
}

// enParticles are the particles of English verbs of saying ("pointed
// out", "called for").
var enParticles = map[string]string{"point": "out|to"}

// enNounLike are English verbs of saying whose present forms are
// nouns as often ("states", "reports", "calls"): they count as verbs
// only after a subject or before "that".
var enNounLike = map[string]bool{
	"state": true, "states": true, "report": true, "reports": true, "claim": true, "claims": true, "call": true,
	"calls": true, "show": true, "shows": true, "question": true, "questions": true, "point": true, "points": true,
	"answer": true, "answers": true, "signal": true, "signals": true, "fear": true, "fears": true, "hope": true,
	"hopes": true, "promise": true, "promises": true, "note": true, "notes": true, "demand": true, "demands": true,
	"estimate": true, "estimates": true, "tweet": true, "tweets": true, "stress": true, "worry": true,
	"worries": true, "counter": true, "remark": true, "remarks": true, "dispute": true, "disputes": true,
	"joke": true, "jokes": true, "vow": true, "vows": true, "pledge": true, "pledges": true, "find": true,
	"finds": true, "feel": true, "mention": true, "mentions": true, "praise": true, "blame": true,
	"caution": true, "advise": true, "answering": true, "warning": true, "saying": true, "writing": true,
	"reporting": true, "finding": true, "calling": true, "concern": true, "concerns": true,
	"support": true, "supports": true, "favor": true, "favors": true, "want": true, "wants": true,
	"back": true, "backs": true, "cite": true, "welcome": true, "label": true, "labels": true, "brand": true,
	"attack": true, "attacks": true, "push": true, "vote": true, "rule": true, "pitch": true, "highlight": true,
	"highlights": true, "decline": true, "declines": true, "defend": true, "embrace": true, "refer": true,
	"slam": true, "mock": true, "hail": true, "lament": true, "tout": true, "post": true, "posts": true,
	"echo": true, "echoes": true, "continue": true, "continues": true,
	"talk": true, "talks": true, "offer": true, "offers": true, "blast": true, "release": true, "releases": true,
	"share": true, "shares": true, "order": true, "orders": true, "charge": true, "charges": true, "view": true,
	"views": true, "see": true, "comment": true, "comments": true, "thanks": true, "chants": true, "hints": true,
	"quote": true, "quotes": true, "reference": true, "references": true, "champion": true, "credit": true,
	"credits": true, "outline": true, "showing": true, "feeling": true, "sound": true, "sounds": true, "read": true, "reads": true, "anger": true,
	"regard": true, "regards": true, "debate": true, "debates": true, "advocate": true, "advocates": true, "coin": true, "repeat": true, "shout": true, "shouts": true, "rail": true, "rails": true, "voice": true, "voices": true, "email": true, "emails": true, "request": true,
	"requests": true, "doubt": true, "doubts": true, "challenge": true, "challenges": true, "project": true,
	"projects": true, "sees": true, "refuse": true, "express": true, "plan": true, "plans": true, "focus": true,
}

// init builds the form lexicons from the lists above.
func init() {
	for _, w := range deWeak {
		particle, stem, sep := strings.Cut(w.stem, "|")
		if !sep {
			stem, particle = particle, ""
		}
		kind := speechVerb
		if w.report {
			kind = reportVerb
		}
		t := "t"
		if strings.HasSuffix(stem, "t") || strings.HasSuffix(stem, "d") || strings.HasSuffix(stem, "chn") || strings.HasSuffix(stem, "gn") || strings.HasSuffix(stem, "ffn") {
			t = "et" // "bericht-et", "begründ-et", "bezeichn-et"
		}
		finite := []string{stem + t, stem + t + "e", stem + t + "en", stem + "en", stem + "e"}
		if strings.HasSuffix(stem, "er") || strings.HasSuffix(stem, "el") {
			finite = append(finite, stem+"n") // "fordern", "äußern"
		}
		ge := "ge"
		if strings.HasSuffix(stem, "ier") || hasInseparable(stem) {
			ge = ""
		}
		part := particle + ge + stem + t
		for _, f := range finite {
			if particle == "" {
				addDe(f, verbInfo{kind: kind})
			} else {
				addDe(f, verbInfo{kind: kind, particle: particle})
				// In a subordinate clause the particle is written on:
				// "wie er mitteilte".
				addDe(particle+f, verbInfo{kind: kind})
			}
		}
		addDe(part, verbInfo{kind: kind, participle: true})
	}
	// Possessives that look like forms of "meinen".
	delete(deVerbs, "meine")
	delete(deVerbs, "meinen")
	for _, s := range deStrong {
		kind := speechVerb
		if s.report {
			kind = reportVerb
		}
		addDe(s.form, verbInfo{kind: kind, particle: s.particle, participle: s.part})
	}
	for _, e := range enForms {
		kind := speechVerb
		if e.report {
			kind = reportVerb
		}
		forms := strings.Fields(e.forms)
		for _, f := range forms {
			info := verbInfo{kind: kind, particle: enParticles[forms[0]]}
			if _, ok := enVerbs[f]; !ok {
				enVerbs[f] = info
			}
		}
	}
}

// addDe adds a German form unless a form without a particle is there
// already (which counts alone).
func addDe(form string, v verbInfo) {
	old, ok := deVerbs[form]
	switch {
	case ok && old.particle == "":
		return
	case ok && v.particle != "":
		// "gab … bekannt", "gab … zu", "gab … an"
		v.particle = old.particle + "|" + v.particle
		v.kind = min(old.kind, v.kind)
	}
	deVerbs[form] = v
}

// hasInseparable reports whether a German stem starts with a prefix
// that takes no "ge-" in the participle.
func hasInseparable(stem string) bool {
	for _, p := range []string{"be", "er", "ver", "ent", "zer", "emp", "miss", "ge", "wider", "hinter"} {
		if strings.HasPrefix(stem, p) && len(stem) > len(p)+2 {
			return true
		}
	}
	return false
}

// deRelSpeech are German nouns of statement that "nach", "laut" and
// "zufolge" take as the source's words ("nach Angaben der Polizei").
var deRelSpeech = map[string]bool{
	"angaben": true, "informationen": true, "ansicht": true, "meinung": true, "auffassung": true,
	"einschätzung": true, "darstellung": true, "aussage": true, "aussagen": true, "worten": true,
	"berichten": true, "erkenntnissen": true, "schätzungen": true, "einschätzungen": true,
	"mitteilung": true, "polizeiangaben": true, "medienberichten": true, "regierungsangaben": true,
	"ansichten": true, "überzeugung": true, "vermutungen": true, "behördenangaben": true,
}

// konjunktiv holds German finite forms of the Konjunktiv I and of the
// Konjunktiv II forms that reported speech uses, in lower case: a
// sentence with one reports what someone said.
var konjunktiv = map[string]bool{
	"sei": true, "seien": true, "seiest": true, "habe": true, "werde": true, "könne": true, "müsse": true,
	"solle": true, "wolle": true, "dürfe": true, "möge": true, "wisse": true, "hätten": true, "wären": true,
	"hätte": true, "wäre": true, "gäbe": true, "würden": true, "würde": true, "müssten": true, "könnten": true,
	"müsste": true,
}

// konjStems are stems of German verbs whose 3rd person Konjunktiv I
// (stem + "e") is told from the indicative (stem + "t").
var konjStems = []string{
	"geb", "geh", "steh", "lieg", "komm", "bleib", "gelt", "fehl", "handl", "handel", "brauch", "lass",
	"seh", "heiß", "trag", "halt", "fall", "führ", "zeig", "bring", "biet", "find", "nehm", "mach",
	"spiel", "arbeit", "plan", "erwart", "besteh", "beginn", "treff", "reich", "bedeut", "betreff",
	"befind", "verfüg", "wachs", "droh", "kost", "entsprech", "verlier", "gewinn", "hab", "wiss",
	"hoff", "glaub", "sitz", "leb", "zähl", "lauf", "richt", "hält", "beruh", "stamm", "leid",
	"verstoß", "sprech", "stell", "setz", "zieh", "schaff", "gehör", "wirk", "hilf", "helf", "solle",
	"sorg", "bewerb", "denk", "weis", "reich", "bezieh", "lehn", "nutz", "stütz", "tu", "bekomm",
	"unterstütz", "erhalt", "verhandl", "entscheid", "enthalt", "verfolg", "kenn", "trau", "versteh", "rechn", "dien", "stünd", "ergeb",
	"entsteh", "übernehm", "vertret", "verletz", "erfüll", "fürcht", "befürcht",
}

// konjPrefixes are separable and inseparable prefixes that may stand
// before a stem of konjStems ("bestehe", "ausgehe").
var konjPrefixes = []string{
	"", "be", "ent", "er", "ver", "zer", "ge", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor",
	"zu", "ab", "zurück", "fest", "statt", "hin", "her", "dar", "über", "unter", "um", "durch", "weg",
	"fort", "los", "wieder", "zusammen", "heraus", "hervor",
}

// konjForms holds the Konjunktiv I forms built from konjStems and
// konjPrefixes.
var konjForms = map[string]bool{}

func init() {
	for _, s := range konjStems {
		for _, p := range konjPrefixes {
			konjForms[p+s+"e"] = true
		}
	}
	// Nouns and other words these rules would take for verbs.
	for _, w := range []string{"hilfe", "ausgabe", "angabe", "aufgabe", "abgabe", "vorgabe", "zugabe", "beilage",
		"anlage", "vorlage", "haltestelle", "stelle", "folge", "bereitstelle", "weise", "vorweise", "wehe"} {
		delete(konjForms, w)
	}
}

// isKonjunktiv reports whether lower-case German word w is a finite
// verb form of reported speech.
func isKonjunktiv(w string) bool {
	return konjunktiv[w] || konjForms[w]
}

// strongKonjunktiv reports whether w is a Konjunktiv I form, which
// ordinary statements do not use, unlike "würde" or "hätte".
func strongKonjunktiv(w string) bool {
	switch w {
	case "würde", "würden", "hätte", "hätten", "wäre", "wären", "könnten", "müssten", "müsste":
		return false
	}
	return isKonjunktiv(w)
}
