package ner

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"newsdesk/analyze/ner/internal/tok"
)

// Token is one token of a text, with rune offsets (End exclusive).
type Token struct {
	Text       string
	Start, End int
}

// Tokenize splits text into tokens: words and punctuation marks. A word
// is a run of letters and digits that keeps inner hyphens ("Kreml-Chef"),
// inner apostrophes ("O'Brien", but "Putin" "'s" apart), inner dots and
// commas of numbers ("1.000,5"), the dots of abbreviations ("U.S.",
// "z.B.", "Dr.") and a trailing hyphen of a truncated compound
// ("Bundes-"). A hashtag or handle ("#Hamburg", "@faznet") is one token,
// and so is a word with inner underscores. Every other non-space rune is
// a token of its own. Offsets are in runes.
func Tokenize(text string) []Token {
	rs := []rune(text)
	toks := make([]Token, 0, len(rs)/5+1)
	tok.Split(rs, func(i, j int) {
		toks = append(toks, Token{Text: string(rs[i:j]), Start: i, End: j})
	})
	return toks
}

// Sentences splits toks into sentences and returns their index ranges
// [From, To): a sentence ends after ".", "!", "?" or "…" (and closing
// quotes or brackets right after them) when a capital letter, a digit or
// an opening quote follows, and after 150 tokens at the latest.
func Sentences(toks []Token) [][2]int {
	var out [][2]int
	start := 0
	for i := 0; i < len(toks); i++ {
		end := false
		if isFinal(toks[i].Text) {
			j := i + 1
			for j < len(toks) && isCloser(toks[j].Text) {
				j++
			}
			if j >= len(toks) || startsSentence(toks[j].Text) {
				i = j - 1
				end = true
			}
		}
		if end || i+1-start >= 150 || i == len(toks)-1 {
			out = append(out, [2]int{start, i + 1})
			start = i + 1
		}
	}
	return out
}

func isFinal(s string) bool { return s == "." || s == "!" || s == "?" || s == "…" }

func isCloser(s string) bool {
	switch s {
	case "\"", "“", "”", "’", "«", "»", ")", "]", "'", "‘":
		return true
	}
	return false
}

func startsSentence(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '„' || r == '“' || r == '»' || r == '«' || r == '(' || r == '\''
}

// SentencesIn is Sentences for the tokens toks of text, where a line
// break ends a sentence too (a heading, a paragraph without a final
// mark).
func SentencesIn(text string, toks []Token) [][2]int {
	if len(toks) == 0 {
		return nil
	}
	rs := []rune(text)
	var out [][2]int
	start := 0
	for i := 1; i <= len(toks); i++ {
		if i < len(toks) {
			gap := rs[min(toks[i-1].End, len(rs)):min(toks[i].Start, len(rs))]
			if !slices.Contains(gap, '\n') {
				continue
			}
		}
		for _, s := range Sentences(toks[start:i]) {
			out = append(out, [2]int{start + s[0], start + s[1]})
		}
		start = i
	}
	return out
}
