// Package lang guesses the language of a text from its most frequent
// function words. It knows the languages of European news well enough to
// choose an analyzer; it is not a general-purpose identifier.
package lang

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// stopwords are frequent, distinctive function words of each language.
var stopwords = map[string][]string{
	"de": {"der", "die", "und", "das", "nicht", "ist", "ein", "eine", "mit", "sich", "auf", "für", "dem", "den", "auch", "wird", "von", "sie", "es", "zu", "im", "bei", "nach", "wie", "noch", "aber", "oder", "wurde", "sind", "über", "einen", "hat"},
	"en": {"the", "and", "of", "to", "is", "in", "that", "for", "it", "with", "was", "on", "as", "are", "be", "by", "this", "have", "from", "at", "they", "his", "but", "not", "has", "been", "which", "would", "their", "were", "will", "said"},
	"fr": {"le", "la", "les", "et", "des", "est", "une", "un", "du", "dans", "que", "pour", "qui", "pas", "sur", "au", "avec", "ce", "il", "sont", "par", "plus", "ont", "mais", "aux", "été", "cette", "nous"},
	"es": {"el", "la", "los", "las", "y", "que", "del", "en", "un", "una", "por", "con", "para", "es", "se", "no", "su", "al", "como", "más", "pero", "sus", "le", "ha", "este", "fue", "también", "entre"},
	"it": {"il", "di", "che", "la", "e", "per", "un", "una", "non", "sono", "della", "del", "con", "si", "le", "gli", "nel", "alla", "anche", "più", "è", "ha", "dei", "questo", "come", "delle", "ma", "stato"},
	"nl": {"de", "het", "een", "en", "van", "is", "dat", "niet", "op", "te", "zijn", "voor", "met", "die", "ook", "aan", "er", "maar", "om", "wordt", "bij", "nog", "naar", "heeft", "door", "werd", "dit", "worden"},
	"pt": {"o", "a", "os", "as", "de", "que", "do", "da", "em", "um", "uma", "para", "com", "não", "por", "mais", "dos", "das", "se", "na", "no", "foi", "ao", "como", "mas", "também", "pelo", "são"},
	"pl": {"i", "w", "nie", "na", "się", "z", "do", "to", "że", "jest", "o", "jak", "ale", "po", "co", "tak", "za", "od", "przez", "jego", "czy", "już", "był", "może", "tym", "być", "które", "dla"},
	"sv": {"och", "att", "det", "som", "en", "på", "är", "av", "för", "med", "till", "den", "har", "inte", "om", "ett", "var", "jag", "men", "från", "vid", "så", "kan", "eller", "sig", "när", "efter", "också"},
	"da": {"og", "at", "det", "er", "en", "til", "på", "af", "med", "for", "ikke", "der", "som", "har", "de", "den", "et", "var", "om", "fra", "men", "kan", "vil", "blev", "efter", "også", "skal", "eller"},
}

var index = func() map[string][]string {
	m := map[string][]string{}
	for l, ws := range stopwords {
		for _, w := range ws {
			m[w] = append(m[w], l)
		}
	}
	return m
}()

// Detect returns the ISO 639-1 code of the language text is most likely
// written in, or "" when the text is too short or not in a known language.
// Only the first 20,000 bytes are read.
func Detect(text string) string {
	if len(text) > 20000 {
		text = text[:20000]
	}
	counts := map[string]int{}
	words, cjk := 0, 0
	// Words are runs of letters, looked up lower-cased; the buffer is
	// reused so that the scan does not allocate.
	var buf [64]byte
	w := buf[:0]
	long := false // the word is longer than any in the index
	word := func() {
		if len(w) > 0 || long {
			words++
			if !long {
				for _, l := range index[string(w)] {
					counts[l]++
				}
			}
		}
		w, long = w[:0], false
	}
	for _, r := range text {
		if r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hangul, r) || unicode.Is(unicode.Hiragana, r) || unicode.Is(unicode.Katakana, r)) {
			cjk++
		}
		if !unicode.IsLetter(r) {
			word()
			continue
		}
		if long || len(w)+utf8.UTFMax > cap(w) {
			long = true
			continue
		}
		w = utf8.AppendRune(w, unicode.ToLower(r))
	}
	word()
	if cjk > 20 && cjk*2 > words {
		return cjkLanguage(text)
	}
	best, bestN, second := "", 0, 0
	for l, n := range counts {
		if n > bestN || (n == bestN && l < best) {
			best, bestN, second = l, n, bestN
		} else if n > second {
			second = n
		}
	}
	if bestN < 3 || bestN*100 < words*8 {
		return ""
	}
	return best
}

func cjkLanguage(text string) string {
	var han, kana, hangul int
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Hangul, r):
			hangul++
		case unicode.Is(unicode.Hiragana, r), unicode.Is(unicode.Katakana, r):
			kana++
		case unicode.Is(unicode.Han, r):
			han++
		}
	}
	switch {
	case hangul > han && hangul > kana:
		return "ko"
	case kana > 0 && kana*10 > han:
		return "ja"
	default:
		return "zh"
	}
}

// Normalize reduces a declared language tag ("de-DE", "en_US", "German")
// to its ISO 639-1 code, or "" if it is not recognisable.
func Normalize(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if i := strings.IndexAny(tag, "-_ ,;"); i >= 0 {
		tag = tag[:i]
	}
	switch tag {
	case "german", "deutsch", "ger", "deu":
		return "de"
	case "english", "eng":
		return "en"
	}
	if len(tag) == 2 && tag[0] >= 'a' && tag[0] <= 'z' && tag[1] >= 'a' && tag[1] <= 'z' {
		return tag
	}
	return ""
}
