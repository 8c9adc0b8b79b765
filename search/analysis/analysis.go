// Package analysis turns text into the terms a full-text index stores: it
// splits text into words, folds case and diacritics and reduces German and
// English words to their Snowball stems, so that "Verträge" and "Vertrag",
// "signed" and "sign" become the same term.
//
// The same functions analyse documents and queries; a term is only ever
// compared with terms made by the same language's analysis.
package analysis

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	snowball "github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
	"github.com/blevesearch/snowballstem/german"
	"golang.org/x/text/unicode/norm"
)

// MaxWordBytes is the longest word kept; longer runs of letters (base64,
// hashes, run-together garbage) are skipped.
const MaxWordBytes = 64

// Languages with a stemmer. Text in any other language, or of unknown
// language, gets the neutral analysis: words are case- and
// diacritic-folded but not stemmed.
const (
	German  = "de"
	English = "en"
	Neutral = ""
)

// Lang returns the analysis used for text in language code: German,
// English or Neutral.
func Lang(code string) string {
	code = strings.ToLower(code)
	if i := strings.IndexAny(code, "-_"); i >= 0 {
		code = code[:i]
	}
	switch code {
	case German, English:
		return code
	}
	return Neutral
}

// Words calls fn for each word of text with its byte span. A word is a run
// of letters, digits and combining marks; anything else separates words,
// apostrophes and hyphens included. Words longer than MaxWordBytes are
// left out.
func Words(text string, fn func(word string, start, end int)) {
	start := -1
	for i, r := range text {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if i-start <= MaxWordBytes {
				fn(text[start:i], start, i)
			}
			start = -1
		}
	}
	if start >= 0 && len(text)-start <= MaxWordBytes {
		fn(text[start:], start, len(text))
	}
}

func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// Term returns the index term of one word in the analysis of language
// lang (German, English or Neutral): lower case, stemmed where a stemmer
// exists, diacritics removed and ß written ss.
func Term(lang, word string) string {
	switch lang {
	case German:
		// The German stemmer wants the umlauts and removes them itself.
		return Fold(germanVerb(stem(German, strings.ToLower(word))))
	case English:
		return stem(English, Fold(word))
	}
	return Fold(word)
}

// Terms appends to dst the terms of the words of text in language lang.
func Terms(lang, text string, dst []string) []string {
	Words(text, func(w string, _, _ int) { dst = append(dst, Term(lang, w)) })
	return dst
}

// Fold lower-cases word, removes diacritics and writes ß as ss, so that
// "Straße" and "STRASSE", "café" and "cafe" fold alike.
func Fold(word string) string {
	ascii := true
	lower := true
	for i := 0; i < len(word); i++ {
		c := word[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if ascii {
		if lower {
			return word
		}
		return strings.ToLower(word)
	}
	var b strings.Builder
	b.Grow(len(word))
	for _, r := range norm.NFD.String(word) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'ß' || r == 'ẞ':
			b.WriteString("ss")
		default:
			if f, ok := foldSpecial[r]; ok {
				b.WriteString(f)
				continue
			}
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// foldSpecial folds letters that NFD does not decompose.
var foldSpecial = map[rune]string{
	'æ': "ae", 'Æ': "ae", 'œ': "oe", 'Œ': "oe", 'ø': "o", 'Ø': "o",
	'ł': "l", 'Ł': "l", 'đ': "d", 'Đ': "d", 'ð': "d", 'Ð': "d",
	'þ': "th", 'Þ': "th", 'ı': "i",
}

// stemCache memoises stems: news text repeats its words, and the Snowball
// stemmers allocate on every call. It is dropped when it grows too big.
var stemCache struct {
	sync.RWMutex
	m [2]map[string]string
}

const stemCacheSize = 1 << 18

func stem(lang, w string) string {
	k := 0
	if lang == English {
		k = 1
	}
	stemCache.RLock()
	s, ok := stemCache.m[k][w]
	stemCache.RUnlock()
	if ok {
		return s
	}
	env := snowball.NewEnv(w)
	if k == 0 {
		german.Stem(env)
	} else {
		english.Stem(env)
	}
	s = env.Current()
	stemCache.Lock()
	if stemCache.m[k] == nil || len(stemCache.m[k]) >= stemCacheSize {
		stemCache.m[k] = make(map[string]string)
	}
	stemCache.m[k][strings.Clone(w)] = s
	stemCache.Unlock()
	return s
}

// germanVerb removes the -t and -et of German verb forms that the
// Snowball stemmer keeps, so that "unterzeichnet" and "spielt" meet
// "unterzeichnen" and "spielen". It runs on every German stem, verb or
// not, so a noun stem ending in t loses it too ("bericht" and "berichten"
// both become "berich"); the rest must be at least five letters, which
// keeps short stems such as "wert" and "macht" whole.
func germanVerb(s string) string {
	const minRest = 5
	n := utf8.RuneCountInString(s)
	switch {
	case strings.HasSuffix(s, "et") && n-2 >= minRest:
		rest := s[:len(s)-2]
		if germanExceptions[s] {
			return s
		}
		// -et follows stems in d or t and in a consonant before m or n
		// (redet, arbeitet, zeichnet, atmet).
		last := rest[len(rest)-1]
		prev := rest[len(rest)-2]
		if last == 'd' || last == 't' || (last == 'm' || last == 'n') && !isVowelByte(prev) {
			return rest
		}
		return s
	case strings.HasSuffix(s, "t") && n-1 >= minRest:
		if prev := s[len(s)-2]; isVowelByte(prev) || prev == 't' {
			return s
		}
		return s[:len(s)-1]
	}
	return s
}

// germanExceptions are frequent words in -et that are not verb forms and
// would otherwise meet another word.
var germanExceptions = map[string]bool{"internet": true}

func isVowelByte(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}
