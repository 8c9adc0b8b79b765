package ner

import (
	"bytes"
	"compress/gzip"
	"embed"
	"fmt"
	"strings"
	"sync"

	"newsdesk/analyze/ner/internal/tagger"
	"newsdesk/lang"
)

// Span is a recognised entity: tokens [From, To) and its type "PER",
// "ORG", "LOC" or "OTH".
type Span struct {
	From, To int
	Type     string
}

// Model recognises entities in German and English text. It is safe for
// concurrent use.
type Model struct {
	de, en *tagger.Model
}

//go:embed model/*.gz
var files embed.FS

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the model embedded in the binary, loaded on first use.
// It panics if the embedded files are damaged, which a test catches.
func Default() *Model {
	defaultOnce.Do(func() { defaultModel, defaultErr = load() })
	if defaultErr != nil {
		panic(defaultErr)
	}
	return defaultModel
}

func load() (*Model, error) {
	gb, err := files.ReadFile("model/gaz.txt.gz")
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gb))
	if err != nil {
		return nil, fmt.Errorf("ner: gazetteer: %w", err)
	}
	gaz, err := tagger.ReadGaz(zr)
	if err != nil {
		return nil, fmt.Errorf("ner: gazetteer: %w", err)
	}
	m := &Model{}
	for _, x := range []struct {
		name string
		dst  **tagger.Model
	}{{"de", &m.de}, {"en", &m.en}} {
		b, err := files.ReadFile("model/" + x.name + ".model.gz")
		if err != nil {
			return nil, fmt.Errorf("ner: %w", err)
		}
		t, err := tagger.Read(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("ner: %s model: %w", x.name, err)
		}
		t.SetGaz(gaz)
		*x.dst = t
	}
	return m, nil
}

// Tag returns the entities in toks (the tokens of one text, in order),
// in text order. lang is "de", "en" or "" (unknown: guessed from the
// tokens; a text that is not German is tagged as English).
func (m *Model) Tag(lang string, toks []Token) []Span {
	t := m.tagger(lang, toks)
	var out []Span
	words := make([]string, 0, 64)
	labels := make([]int8, 0, 64)
	for _, s := range Sentences(toks) {
		words = words[:0]
		for _, tok := range toks[s[0]:s[1]] {
			words = append(words, tok.Text)
		}
		labels = append(labels[:0], make([]int8, len(words))...)
		t.Tag(words, labels)
		for i := 0; i < len(labels); i++ {
			if labels[i] == tagger.O {
				continue
			}
			typ := tagger.TypeOf(labels[i])
			j := i + 1
			for j < len(labels) && labels[j] == tagger.I(typ) {
				j++
			}
			out = append(out, Span{From: s[0] + i, To: s[0] + j, Type: tagger.Types[typ]})
			i = j - 1
		}
	}
	return out
}

func (m *Model) tagger(l string, toks []Token) *tagger.Model {
	switch l {
	case "de":
		return m.de
	case "en":
		return m.en
	}
	var b strings.Builder
	for i, t := range toks {
		if i == 400 {
			break
		}
		b.WriteString(t.Text)
		b.WriteByte(' ')
	}
	if lang.Detect(b.String()) == "de" {
		return m.de
	}
	return m.en
}
