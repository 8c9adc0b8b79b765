package main

import (
	"fmt"
	"io"
	"strings"

	"newsdesk/analyze/ner/internal/tagger"
)

// printErrors writes the missed and wrong entities of sents to w.
func printErrors(w io.Writer, m *tagger.Model, sents []tagger.Sentence) {
	preds := tagDocs(m, sents)
	for k, s := range sents {
		pred := preds[k]
		gold := map[span]bool{}
		for _, g := range spans(s.Gold) {
			gold[g] = true
		}
		ps := map[span]bool{}
		for _, p := range spans(pred) {
			ps[p] = true
		}
		text := func(x span) string {
			return fmt.Sprintf("%s[%s]", tagger.Types[x.typ], strings.Join(s.Words[x.from:x.to], " "))
		}
		for _, p := range spans(pred) {
			if !gold[p] {
				fmt.Fprintf(w, "FP %s\t| %s\n", text(p), strings.Join(s.Words, " "))
			}
		}
		for _, g := range spans(s.Gold) {
			if !ps[g] {
				fmt.Fprintf(w, "FN %s\t| %s\n", text(g), strings.Join(s.Words, " "))
			}
		}
	}
}
