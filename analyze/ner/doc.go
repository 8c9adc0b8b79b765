// Package ner finds named entities (persons, organisations, locations and
// other names) in German and English text.
//
// Tokenize splits a text into tokens with rune offsets, and Model.Tag
// returns the entities among them as token spans typed PER, ORG, LOC or OTH.
// The model is an averaged structured perceptron over BIO labels, decoded
// with Viterbi, on hashed features (words, shapes, affixes, neighbouring
// words, gazetteers of names, places, titles and organisation words, the
// label before), one per language, embedded in the binary; Default loads
// it. It is trained by `go generate` (see internal/train) from the
// openly licensed corpora listed in NOTICE.
package ner

//go:generate go run ./internal/train -out model
