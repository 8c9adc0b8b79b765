// Package ner finds named entities (persons, organisations, locations and
// other names) in German and English text.
//
// Tokenize splits a text into tokens with rune offsets; Model.Tag returns
// the entities among them as token spans typed PER, ORG, LOC or OTH.
// Model.TagSentences takes the sentences from the caller (SentencesIn
// also ends a sentence at a line break), and a name found in one sentence
// of the text helps to find it again in the later ones.
//
// The model is an averaged structured perceptron over BIO labels, decoded
// with Viterbi, on hashed features: the word, its shape, prefixes and
// suffixes, the words around it, gazetteers (given names, surnames,
// places, countries, titles, words of organisation names, names seen in
// the training corpora), the label before, and the types the word was
// given earlier in the text. There is one model per language; both and
// the gazetteer are embedded in the binary (model/, about 7.5 MB gzipped,
// about 40 MB in memory once loaded), and Default loads them.
//
// `go generate ./analyze/ner` trains them again (internal/train) from the
// openly licensed corpora under the shared data folder (NEWSDESK_SHARED,
// default ../../../shared/data); the result is byte for byte the same.
// NOTICE names the sources. `go run ./internal/train -holdout` reports
// precision, recall and F1 on parts of the training data kept aside.
// cmd/nerbatch runs the model over a folder of texts for the scorer in
// shared/tools/ner-eval.
package ner

//go:generate go run ./internal/train -out model
