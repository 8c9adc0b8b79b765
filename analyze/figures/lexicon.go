package figures

import "strings"

// The word lists of this file are written for newsdesk. Keys are lower
// case, but for the signs.

// currencySigns are the signs written before an amount.
var currencySigns = map[string]string{"$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "US$": "USD", "CHF": "CHF", "EUR": "EUR", "USD": "USD"}

// currencyWords are the currencies written after an amount.
var currencyWords = map[string]string{
	"euro": "EUR", "euros": "EUR", "eur": "EUR", "€": "EUR", "dollar": "USD", "dollars": "USD", "us-dollar": "USD", "usd": "USD", "$": "USD",
	"pfund": "GBP", "pounds": "GBP", "pound": "GBP", "gbp": "GBP", "franken": "CHF", "chf": "CHF", "yuan": "CNY", "renminbi": "CNY",
	"yen": "JPY", "rubel": "RUB", "roubles": "RUB", "rubles": "RUB", "rupees": "INR", "rupien": "INR", "lira": "TRY", "kronen": "SEK",
	"hrywnja": "UAH", "hryvnias": "UAH", "złoty": "PLN", "zloty": "PLN",
}

// multipliers scale the number before them.
var multipliers = map[string]float64{
	"tausend": 1e3, "thousand": 1e3, "k": 1e3,
	"million": 1e6, "millionen": 1e6, "mio": 1e6, "mio.": 1e6, "millions": 1e6, "m": 1e6, "mn": 1e6,
	"milliarde": 1e9, "milliarden": 1e9, "mrd": 1e9, "mrd.": 1e9, "billion": 1e9, "billions": 1e9, "bn": 1e9, "b": 1e9,
	"billionen": 1e12, "trillion": 1e12, "trillions": 1e12, "tn": 1e12,
	"dozen": 12, "dutzend": 12,
}

// numberWords are the number words taken before a noun ("zwei
// Container", "two batches"); "ein", "one" are too often no count.
var numberWords = map[string]float64{}

func init() {
	for i, w := range strings.Fields("zwei drei vier fünf sechs sieben acht neun zehn elf zwölf") {
		numberWords[w] = float64(i + 2)
	}
	for i, w := range strings.Fields("two three four five six seven eight nine ten eleven twelve") {
		numberWords[w] = float64(i + 2)
	}
	numberWords["one"], numberWords["ein"], numberWords["eine"], numberWords["einer"] = 1, 1, 1, 1
	for w, v := range numberWords {
		numberWords[strings.ToUpper(w[:1])+w[1:]] = v
	}
	for _, w := range strings.Fields(`januar februar märz april mai juni juli august september oktober november dezember
		january february march june july october december jan jan. feb feb. mar mar. apr apr. jun jun. jul jul. aug aug.
		sep sep. sept sept. oct oct. okt okt. nov nov. dec dec. dez dez.`) {
		months[w] = true
	}
	for _, w := range strings.Fields(`jahr jahre jahren jahres monat monate monaten monats woche wochen tag tage tagen tages
		stunde stunden minute minuten sekunde sekunden jahrzehnt jahrzehnte jahrzehnten jahrhundert jahrhunderts
		year years month months week weeks day days hour hours minute minutes second seconds decade decades century
		centuries mal times uhr punkte points tore goals runs innings`) {
		durations[w] = true
	}
	for _, w := range strings.Fields(`der die das den dem des ein eine und oder bis von vom zu zum zur mit auf in im an am
		für als wie nach vor bei aus über unter um pro je
		the a an and or of to in on at for with by from as than per is are was were be been being has have had will would
		can could may might should must do does did not no so that this these those it its their his her our we they he
		she you i which who whom what when where while if but also more most less fewer than about around over under
		between after before during since until into onto out up down off again percent cent`) {
		functionWords[w] = true
	}
}

// months are month names and their abbreviations: a number beside
// one is a date.
var months = map[string]bool{}

// durations are the units of time, of scores and of repetition: a
// figure of them is a duration, an age or a score, none of which is
// taken.
var durations = map[string]bool{}

// measures are the units a number word may count on its own ("ein
// Kilo", "one ton").
var measures = map[string]bool{"kilo": true, "kilogramm": true, "gramm": true, "tonne": true, "tonnen": true, "liter": true,
	"meter": true, "kilometer": true, "ton": true, "tons": true, "tonnes": true, "mile": true, "miles": true, "kilometre": true,
	"kilometres": true, "pound": true, "pounds": true, "litre": true, "litres": true}

// notCounted are the words after a number word that show it counts
// nothing on its own ("two new questions" is counted by its noun, "one
// of").
var notCounted = map[string]bool{"new": true, "more": true, "other": true, "of": true, "different": true, "major": true, "big": true, "small": true, "old": true, "times": true, "days": true, "years": true, "weeks": true, "months": true, "hours": true}

// functionWords are no head nouns of a figure.
var functionWords = map[string]bool{}
