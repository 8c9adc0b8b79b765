package connect

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"newsdesk/search/analysis"
)

// shingleWords is how many consecutive words make a shingle.
const shingleWords = 5

// wordHash returns a 64-bit hash of word, lower-cased (FNV-1a over the
// runes' lower case).
func wordHash(w string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(w); {
		c := w[i]
		var r rune
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			r = rune(c)
			i++
		} else {
			var n int
			r, n = utf8.DecodeRuneInString(w[i:])
			r = unicode.ToLower(r)
			i += n
		}
		h ^= uint64(r)
		h *= 1099511628211
	}
	return h
}

// mix64 is the finaliser of SplitMix64: a bijection that spreads every
// input bit over the output.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// shingles appends to dst the hashes of the word 5-grams of text, each
// distinct hash once, sorted. A text of fewer words than a shingle gives
// one shingle of all its words; an empty text none.
func shingles(text string, words []uint64, dst []uint64) ([]uint64, []uint64) {
	words = words[:0]
	analysis.Words(text, func(w string, _, _ int) { words = append(words, wordHash(w)) })
	if len(words) == 0 {
		return dst, words
	}
	n := len(words) - shingleWords + 1
	k := shingleWords
	if n < 1 {
		n, k = 1, len(words)
	}
	for i := range n {
		var h uint64
		for _, w := range words[i : i+k] {
			h = (h + w) * 0x9e3779b97f4a7c15
		}
		dst = append(dst, mix64(h))
	}
	slices.Sort(dst)
	return slices.Compact(dst), words
}
