package ner

import (
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"fmt"
	"io/fs"
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

func readGaz() (*tagger.Gaz, error) {
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
	return gaz, nil
}

// readClusters reads the word cluster table of lang; nil if there is
// none (a model trained without clusters).
func readClusters(lang string) (*tagger.Clusters, error) {
	b, err := files.ReadFile("model/clusters-" + lang + ".txt.gz")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ner: %w", err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("ner: %s clusters: %w", lang, err)
	}
	c, err := tagger.ReadClusters(zr)
	if err != nil {
		return nil, fmt.Errorf("ner: %s clusters: %w", lang, err)
	}
	return c, nil
}

func load() (*Model, error) {
	m := &Model{}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, x := range []struct {
		name string
		dst  **tagger.Model
	}{{"de", &m.de}, {"en", &m.en}} {
		wg.Go(func() {
			b, err := files.ReadFile("model/" + x.name + ".model.gz")
			if err != nil {
				errs[i] = fmt.Errorf("ner: %w", err)
				return
			}
			t, err := tagger.Read(bytes.NewReader(b))
			if err != nil {
				errs[i] = fmt.Errorf("ner: %s model: %w", x.name, err)
				return
			}
			c, err := readClusters(x.name)
			if err != nil {
				errs[i] = err
				return
			}
			t.SetClusters(c)
			*x.dst = t
		})
	}
	gaz, gazErr := readGaz()
	wg.Wait()
	if err := errors.Join(append(errs, gazErr)...); err != nil {
		return nil, err
	}
	m.de.SetGaz(gaz)
	m.en.SetGaz(gaz)
	return m, nil
}

// Tag returns the entities in toks (the tokens of one text, in order),
// in text order. lang is "de", "en" or "" (unknown: guessed from the
// tokens; a text that is not German is tagged as English). The text is
// split into sentences by Sentences.
func (m *Model) Tag(lang string, toks []Token) []Span {
	return m.TagSentences(lang, toks, Sentences(toks))
}

// TagSentences is Tag with the sentences given: ranges of toks, in order,
// such as SentencesIn returns. A name tagged in one sentence helps to
// find it again in the later ones.
func (m *Model) TagSentences(lang string, toks []Token, sents [][2]int) []Span {
	t := m.tagger(lang, toks)
	words := make([][]string, len(sents))
	labels := make([][]int8, len(sents))
	all := make([]string, len(toks))
	for i, tok := range toks {
		all[i] = tok.Text
	}
	lab := make([]int8, len(toks))
	for k, s := range sents {
		words[k], labels[k] = all[s[0]:s[1]], lab[s[0]:s[1]]
	}
	t.TagDoc(words, labels)
	var out []Span
	for k, s := range sents {
		ls := labels[k]
		for i := 0; i < len(ls); i++ {
			if ls[i] == tagger.O {
				continue
			}
			typ := tagger.TypeOf(ls[i])
			j := i + 1
			for j < len(ls) && ls[j] == tagger.I(typ) {
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
	if guessGerman(toks) {
		return m.de
	}
	return m.en
}

// guessGerman reports whether the text of toks is more likely German than
// English. lang.Detect decides when it is sure; a short text (a headline,
// a traffic report, a post) has too few function words for it, and is
// German when it has more German than English function words or, without
// any, a word with an umlaut or ß.
func guessGerman(toks []Token) bool {
	var b strings.Builder
	for i, t := range toks {
		if i == 400 {
			break
		}
		b.WriteString(t.Text)
		b.WriteByte(' ')
	}
	switch lang.Detect(b.String()) {
	case "de":
		return true
	case "en":
		return false
	}
	de, en, umlaut := 0, 0, 0
	for i, t := range toks {
		if i == 400 {
			break
		}
		w := strings.ToLower(t.Text)
		if germanWords[w] {
			de++
		}
		if englishWords[w] {
			en++
		}
		if strings.ContainsAny(w, "äöüß") {
			umlaut++
		}
	}
	if de != en {
		return de > en
	}
	return umlaut > 0
}

// germanWords and englishWords are frequent function words of the two
// languages that the other does not have.
var germanWords, englishWords = wordSet(`der die das und ist nicht ein eine einen einem einer mit auf für dem den des
	von zu im bei nach wird werden wurde wurden sind hat haben auch sich es sie er wir ich noch aber oder wie über
	unter vor zwischen wegen aus vom zum zur am um bis ab gegen durch ohne seit beim nur schon kein keine ins`),
	wordSet(`the and of to is that for it with was on as are be by this have from at they his but not has been which
	would their were will said he she we you our your an or its there what about after before between through
	into over under than then these those who whom when where why how all any can could should`)

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
