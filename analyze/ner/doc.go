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
// the training corpora), the label before, the types the word was given
// earlier in the text, and (German only) the word clusters of the word
// and of its neighbours. There is one model per language; both, the
// gazetteer and the German cluster table are embedded in the binary
// (model/, about 7.7 MB gzipped, about 41 MB in memory once loaded), and
// Default loads them.
//
// The word clusters (model/clusters-de.txt.gz, 23,000 words) are learnt by
// the trainer from unlabeled text: the German training sentences and the
// Bundestag speeches of quotes-de-gepade, about 560,000 tokens. The
// exchange algorithm puts the words into 64, 256 and 1024 classes so that
// a bigram model over the classes fits the text best; words that share
// their neighbours share a class (weekdays, first names, cities, MPs'
// surnames), so a name the labeled data never saw is tagged like the
// names of its class.
//
// `go generate ./analyze/ner` trains them again (internal/train) from the
// openly licensed corpora under the shared data folder (NEWSDESK_SHARED,
// default ../../../shared/data); the result is byte for byte the same.
// NOTICE names the sources. `go run ./internal/train -holdout` reports
// precision, recall and F1 on parts of the training data kept aside.
// cmd/nerbatch runs the model over a folder of texts for the scorer in
// shared/tools/ner-eval.
//
// # What was tried
//
// Figures of scripts/entities-eval (F1 on GermEval 2014 dev-b, SmartData
// test, UNER EWT dev, WikiGold; identity mention recall and B-cubed
// across) and of the trainer's -holdout (F1 on a fifth of GermEval dev-a,
// SmartData dev; UNER train blocks, BTC dev, WNUT dev).
//
//	idea                                    dev-b SmartD UNER  WikiG  ident.      kept
//	before                                  .653  .748   .711  .623   .973/.982
//	clusters, word and neighbours, German   .662  .756   .711  .623   .979/.982   yes
//	clusters of the word only, German       .659  .756   -     -      .968/.979   no
//	clusters of the word only, English      -     -      .698  .626   (with de)   no (holdout BTC .401→.379)
//	clusters, word and neighbours, English  holdout UNER .811→.810, BTC .401→.377, WNUT .486→.477: no
//	bisecting 2-means over PPMI context vectors (randomly projected) as a cluster
//	  tree: clusters mixed names, numbers and nouns at every depth; dropped before measuring
//	suffixes of 5–7 runes (compound heads), German: holdout GermEval .617→.599,
//	  SmartData .690→.698; dropped
//	with the German clusters kept:
//	  clusters of the words two before and after (256 classes)   .660  .743   no
//	  cluster (256) × capital/first-word flags                   .659  .747   no
//	  64/256/2048 classes (clustering takes 5 min, not 40 s)     .659  .752   no
//	  32/128/512 classes                                         .648  .751   no
//	  18 training passes instead of 12                           .657  .763   no
//	  O bias 4 for German (holdout GermEval .622→.631)           .655  .753   no
//	  compound heads: a capitalised word ending in a word of the TITLE or
//	  ORGWORD list ("Verkehrsministerium"), both languages: dev-b .656,
//	  SmartData .753, UNER .709, WikiGold .622, identity .984/.982   no
//
// Tagging speed (BenchmarkTag, CPU time on a loaded machine): about 10–20 %
// slower with the German clusters, still about 500,000 tokens/s.
//
// Earlier work (dropped): context shape ±2, trigrams, previous × next word,
// gazetteer × shape, lower-cased gazetteer, GeoNames cities, 2^22 buckets.
// English has little unlabeled text beyond its training corpora (no
// openly licensed English news text in the shared data), which is likely
// why its clusters do not help.
package ner

//go:generate go run ./internal/train -out model
