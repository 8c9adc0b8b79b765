// Package analyze understands an article's text: it recognises the
// names of people, organisations, places and other things (package
// analyze/ner), finds role nouns and metonyms through the curated table
// of actors (package analyze/actors), and resolves every mention to an
// identity — within the article ("Wladimir Putin … Putin … der
// Kreml-Chef … Putins") and, through stable ids, across articles.
//
// It is a pure stage: an article in, a newsdesk.Analysis out; no store,
// no network.
package analyze
