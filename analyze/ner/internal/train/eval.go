package main

import (
	"fmt"
	"strings"

	"newsdesk/analyze/ner/internal/tagger"
)

type span struct{ from, to, typ int }

func spans(labels []int8) []span {
	var out []span
	for i := 0; i < len(labels); i++ {
		if labels[i] == tagger.O {
			continue
		}
		t := tagger.TypeOf(labels[i])
		j := i + 1
		for j < len(labels) && labels[j] == tagger.I(t) {
			j++
		}
		out = append(out, span{i, j, t})
		i = j - 1
	}
	return out
}

// evaluate tags sents with m and returns exact-match precision, recall
// and F1, overall and per type. With noOTH, OTH is left out.
func evaluate(m *tagger.Model, sents []tagger.Sentence, noOTH bool) string {
	var tp, fp, fn [4]int
	preds := tagDocs(m, sents)
	for k, s := range sents {
		pred := preds[k]
		gold := map[span]bool{}
		for _, g := range spans(s.Gold) {
			gold[g] = true
		}
		for _, p := range spans(pred) {
			if gold[p] {
				tp[p.typ]++
				delete(gold, p)
			} else {
				fp[p.typ]++
			}
		}
		for g := range gold {
			fn[g.typ]++
		}
	}
	var b strings.Builder
	var T, P, N int
	for t := range 4 {
		if noOTH && t == 3 {
			continue
		}
		T, P, N = T+tp[t], P+fp[t], N+fn[t]
		fmt.Fprintf(&b, " %s %.3f", tagger.Types[t], f1(tp[t], fp[t], fn[t]))
	}
	return fmt.Sprintf("F1 %.3f (P %.3f R %.3f)%s", f1(T, P, N), ratio(T, T+P), ratio(T, T+N), b.String())
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func f1(tp, fp, fn int) float64 { return ratio(2*tp, 2*tp+fp+fn) }

// tagDocs tags sents text by text.
func tagDocs(m *tagger.Model, sents []tagger.Sentence) [][]int8 {
	preds := make([][]int8, len(sents))
	for i := 0; i < len(sents); {
		j := i
		var words [][]string
		for j < len(sents) && sents[j].Doc == sents[i].Doc {
			words = append(words, sents[j].Words)
			preds[j] = make([]int8, len(sents[j].Words))
			j++
		}
		m.TagDoc(words, preds[i:j])
		i = j
	}
	return preds
}
