// Package tagger is the sequence tagger behind package ner: hashed
// features, an averaged structured perceptron over BIO labels decoded with
// Viterbi, its training and its file format.
package tagger

// Labels: O, then B- and I- of each type in Types order.
const (
	O  = 0
	NL = 9 // number of labels
)

// Types are the entity types, in label order.
var Types = [4]string{"PER", "LOC", "ORG", "OTH"}

// TypeIndex returns the index of t in Types, or -1.
func TypeIndex(t string) int {
	for i, x := range Types {
		if x == t {
			return i
		}
	}
	return -1
}

// B returns the B- label of type index t, I its I- label.
func B(t int) int8 { return int8(1 + 2*t) }
func I(t int) int8 { return int8(2 + 2*t) }

// IsB reports whether l begins an entity; TypeOf returns its type index.
func IsB(l int8) bool   { return l > 0 && l%2 == 1 }
func TypeOf(l int8) int { return int(l-1) / 2 }

// allowed reports whether label l may follow prev (an I- only continues
// its own type).
func allowed(prev, l int8) bool {
	if l == O || IsB(l) {
		return true
	}
	return prev == l || prev == l-1
}

// isOTH reports whether l is a label of type OTH.
func isOTH(l int8) bool { return l == B(3) || l == I(3) }
