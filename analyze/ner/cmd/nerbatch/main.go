// Command nerbatch runs package ner over a folder of texts, for scoring:
//
//	nerbatch --batch INDIR OUTDIR
//
// For every INDIR/<id>.txt it writes OUTDIR/<id>.json =
// {"entities":[{"start":0,"end":5,"type":"PER","text":"Putin"}]}, with
// offsets in runes, end exclusive. A line break ends a sentence; the
// language is guessed per text unless -lang is given. A text
// that cannot be read is reported and skipped.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"newsdesk/analyze/ner"
	"newsdesk/lang"
)

type entity struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Type  string `json:"type"`
	Text  string `json:"text"`
}

func main() {
	batch := flag.Bool("batch", false, "read INDIR/*.txt, write OUTDIR/*.json")
	language := flag.String("lang", "", `language of the texts: "de", "en" or "" (guess per text)`)
	flag.Parse()
	if !*batch || flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: nerbatch [-lang de|en] --batch INDIR OUTDIR")
		os.Exit(2)
	}
	in, out := flag.Arg(0), flag.Arg(1)
	names, err := filepath.Glob(filepath.Join(in, "*.txt"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "nerbatch:", err)
		os.Exit(1)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		fmt.Fprintln(os.Stderr, "nerbatch:", err)
		os.Exit(1)
	}
	m := ner.Default()
	failed := 0
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintln(os.Stderr, "nerbatch:", err)
			failed++
			continue
		}
		ents := recognise(m, *language, string(b))
		js, _ := json.Marshal(map[string][]entity{"entities": ents})
		id := strings.TrimSuffix(filepath.Base(name), ".txt")
		if err := os.WriteFile(filepath.Join(out, id+".json"), js, 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "nerbatch:", err)
			failed++
		}
	}
	if failed > 0 {
		os.Exit(1)
	}
}

// recognise tags text and returns its entities with rune offsets into
// text.
func recognise(m *ner.Model, l, text string) []entity {
	if l == "" {
		l = lang.Detect(text)
		if l != "de" {
			l = "en"
		}
	}
	ents := []entity{}
	rs := []rune(text)
	toks := ner.Tokenize(text)
	for _, s := range m.TagSentences(l, toks, ner.SentencesIn(text, toks)) {
		start, end := toks[s.From].Start, toks[s.To-1].End
		ents = append(ents, entity{start, end, s.Type, string(rs[start:end])})
	}
	return ents
}
