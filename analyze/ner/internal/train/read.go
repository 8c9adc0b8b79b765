package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/analyze/ner/internal/tagger"
)

// mapType maps a corpus's entity type to PER, LOC, ORG, OTH or "" (not
// an entity for newsdesk: GermEval's …deriv and …part, dates, products).
func mapType(t string) string {
	u := strings.ToUpper(t)
	switch {
	case strings.HasSuffix(u, "DERIV") || strings.HasSuffix(u, "PART"):
		return ""
	case u == "PER" || u == "PERSON" || u == "ER" || u == "BER":
		return "PER"
	case u == "LOC" || u == "GPE" || u == "OLOC" || u == "LOCER" || u == "LOCATION" || strings.HasPrefix(u, "LOCATION_"):
		return "LOC"
	case u == "ORG" || u == "ORGANIZATION" || strings.HasPrefix(u, "ORGANIZATION_") || u == "CORPORATION" || u == "GROUP":
		return "ORG"
	case u == "OTH" || u == "MISC":
		return "OTH"
	}
	return ""
}

// splitTag splits "B-PER" into 'B' and "PER"; ok is false for O and for
// fields that are not tags.
func splitTag(tag string) (prefix byte, typ string, isTag bool) {
	if tag == "O" {
		return 'O', "", true
	}
	if len(tag) < 3 || (tag[0] != 'B' && tag[0] != 'I') || (tag[1] != '-' && tag[1] != '_' && tag[1] != '.') {
		return 0, "", false
	}
	return tag[0], tag[2:], true
}

// sentBuilder collects the tokens and tags of one sentence and decodes
// the tags conlleval-style (an I- that continues nothing begins).
type sentBuilder struct {
	words []string
	gold  []int8
	noOTH bool
	out   []tagger.Sentence
	// pending: the sentence ends before the next token unless that
	// continues an entity (Europeana has no sentence breaks).
	pending bool
	german  bool
	doc     int // number of the current text
	perDoc  int // if not 0, a text is this many sentences at most
	inDoc   int // sentences in the current text
}

// newDoc starts a new text.
func (b *sentBuilder) newDoc() {
	b.end()
	b.doc++
	b.inDoc = 0
}

func (b *sentBuilder) add(word, tag string) {
	word = strings.TrimSpace(word)
	if word == "" {
		return
	}
	p, typ, _ := splitTag(tag)
	l := int8(tagger.O)
	if t := tagger.TypeIndex(mapType(typ)); t >= 0 && p != 'O' {
		l = tagger.B(t)
		if p == 'I' && len(b.gold) > 0 {
			if prev := b.gold[len(b.gold)-1]; prev != tagger.O && tagger.TypeOf(prev) == t {
				l = tagger.I(t)
			}
		}
	}
	b.words = append(b.words, word)
	b.gold = append(b.gold, l)
}

func (b *sentBuilder) end() {
	// A one-word place in lower case is an adjective ("deutschen
	// Autobahnen"), which some German corpora tag as a place; not a name.
	for i, l := range b.gold {
		if !b.german {
			break
		}
		if l == tagger.B(1) && (i+1 == len(b.gold) || b.gold[i+1] != tagger.I(1)) {
			if r, _ := utf8.DecodeRuneInString(b.words[i]); unicode.IsLower(r) {
				b.gold[i] = tagger.O
			}
		}
	}
	if len(b.words) > 0 {
		b.out = append(b.out, tagger.Sentence{Words: b.words, Gold: b.gold, NoOTH: b.noOTH, Doc: b.doc})
		b.inDoc++
		if b.perDoc > 0 && b.inDoc >= b.perDoc {
			b.doc++
			b.inDoc = 0
		}
	}
	b.words, b.gold = nil, nil
}

// readFile reads a corpus file: "germeval" (idx, token, outer tag, inner
// tag), "conll" (token … tag, or UNER's idx, token, tag, …) or
// "europeana" (token tag, no sentence breaks).
func readFile(path, format string, noOTH bool) ([]tagger.Sentence, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	// Texts: GermEval's sentences stand alone, and so do the tweets of
	// files without document marks; Europeana's pages are cut into texts
	// of 20 sentences.
	b := &sentBuilder{noOTH: noOTH, german: strings.Contains(path, "-de")}
	switch format {
	case "germeval":
		b.perDoc = 1
	case "europeana":
		b.perDoc = 20
	case "conll":
		if !hasDocMarks(path) {
			b.perDoc = 1
		}
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1024*1024), 1024*1024)
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), "\r\n")
		if strings.TrimSpace(line) == "" {
			if format != "europeana" {
				b.end()
			}
			continue
		}
		switch format {
		case "germeval":
			if strings.HasPrefix(line, "#") {
				continue
			}
			fs := strings.Split(line, "\t")
			if len(fs) < 3 {
				continue
			}
			b.add(fs[1], fs[2])
		case "conll":
			fs := strings.Split(line, "\t")
			if len(fs) >= 3 {
				if _, err := strconv.Atoi(fs[0]); err == nil {
					tag := fs[2]
					if tag == "B-O" {
						tag = "O"
					}
					b.add(fs[1], tag)
					continue
				}
			}
			if len(fs) >= 2 {
				if _, _, ok := splitTag(fs[len(fs)-1]); ok {
					b.add(fs[0], fs[len(fs)-1])
					continue
				}
			}
			if strings.HasPrefix(line, "# doc") || strings.HasPrefix(line, "# newdoc") || strings.HasPrefix(line, "-DOCSTART-") {
				b.newDoc()
				continue
			}
			if strings.HasPrefix(line, "#") {
				continue
			}
			b.add(fs[0], "O")
		case "europeana":
			if strings.HasPrefix(line, "# ") {
				if strings.HasPrefix(line, "# file:") {
					b.newDoc()
				}
				b.end()
				continue
			}
			fs := strings.Fields(line)
			tag := "O"
			if _, _, ok := splitTag(fs[len(fs)-1]); ok && len(fs) > 1 {
				tag = fs[len(fs)-1]
				fs = fs[:len(fs)-1]
			}
			if p, typ, _ := splitTag(tag); p == 'I' && typ == "MISC" {
				tag = "O"
			}
			if p, _, _ := splitTag(tag); b.pending && p != 'I' {
				b.end()
			}
			b.pending = false
			for i, w := range fs {
				if i > 0 && tag != "O" {
					tag = "I" + tag[1:]
				}
				b.add(w, tag)
			}
			// No sentence breaks: end one after a final mark before a
			// capital, or after 60 tokens, never inside an entity.
			if n := len(b.words); n > 0 {
				w := b.words[n-1]
				if (w == "." || w == "!" || w == "?") && n >= 5 || n >= 60 {
					b.pending = true
				}
			}
		}
	}
	b.end()
	return b.out, sc.Err()
}

// hasDocMarks reports whether a conll file marks where its texts begin.
func hasDocMarks(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	s := string(b)
	return strings.Contains(s, "\n# doc ") || strings.HasPrefix(s, "# doc ") || strings.Contains(s, "# newdoc") || strings.Contains(s, "-DOCSTART-")
}
