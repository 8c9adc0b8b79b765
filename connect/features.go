package connect

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"newsdesk/search/analysis"
)

// A story feature is a word stem, an entity or a figure. Each kind has
// its own channel: words match within a language, entities and figures
// across languages.
const (
	chanWord = iota
	chanBridge
	nChan
)

// feature is one weighted feature of an article or a story.
type feature struct {
	term int32
	w    float32
}

// vocab numbers the features seen and counts their document frequency.
type vocab struct {
	ids   map[string]int32
	df    []int32
	kind  []uint8
	ndocs int
}

func newVocab() *vocab { return &vocab{ids: map[string]int32{}} }

func (v *vocab) id(term string, kind uint8) int32 {
	if id, ok := v.ids[term]; ok {
		return id
	}
	id := int32(len(v.df))
	v.ids[strings.Clone(term)] = id
	v.df = append(v.df, 0)
	v.kind = append(v.kind, kind)
	return id
}

// idf is the inverse document frequency of a term seen in df of the n
// documents, smoothed.
func idf(df int32, n int) float64 {
	return math.Log(1 + float64(n+1)/float64(df+1))
}

// counts holds the raw features of one article before weighting.
type counts struct {
	tf   map[int32]float32
	keys []int32
	buf  []string
	days dayScanner // the days the text names, read with its words
}

// extract counts the features of d: the stems of the title (twice) and
// the text, less stop words, one-letter words and numbers below 13; its
// entities; and its figures. Every feature counts towards the document
// frequency once, unless peek is set. The days the text names are left
// in c.days (dayScanner.finish).
func (v *vocab) extract(d *Doc, c *counts, peek bool) {
	c.days = dayScanner{}
	if c.tf == nil {
		c.tf = map[int32]float32{}
	}
	clear(c.tf)
	c.keys = c.keys[:0]
	lang := analysis.Lang(d.Lang)
	add := func(term string, kind uint8, n float32) {
		id := v.id(term, kind)
		if _, ok := c.tf[id]; !ok {
			c.keys = append(c.keys, id)
		}
		c.tf[id] += n
	}
	words := func(text string, n float32, days *dayScanner) {
		analysis.Words(text, func(w string, _, _ int) {
			if days != nil {
				days.word(w)
			}
			if len(w) < 2 {
				return
			}
			// Numbers read the same in every language ("10.000" and
			// "10,000" both give 10 and 000): they bridge.
			if isNumber(w) {
				if !smallNumber(w) && w[0] != '0' && !(len(w) == 4 && (w[:2] == "19" || w[:2] == "20")) {
					add("\x00n:"+w, chanBridge, n)
				}
				return
			}
			t := analysis.Term(lang, w)
			if stopWords[t] || stopWords[analysis.Fold(w)] {
				return
			}
			add(t, chanWord, n)
		})
	}
	words(d.Title, 2, nil)
	words(d.Text, 1, &c.days)
	for _, e := range d.Entities {
		if e != "" {
			add("\x00e:"+e, chanBridge, 1)
		}
	}
	for _, f := range d.Figures {
		if f < 13 && f > -13 || f >= 1900 && f <= 2100 && f == math.Trunc(f) {
			continue
		}
		add("\x00f:"+strconv.FormatFloat(f, 'g', 6, 64), chanBridge, 1)
	}
	if peek {
		return
	}
	v.ndocs++
	for _, id := range c.keys {
		v.df[id]++
	}
}

// weigh turns counts into the article's feature vector: (1+ln tf)·idf,
// each channel cut to its top terms and normalised to unit length on its
// own (so that every article weighs alike in each channel of a story's
// sum). The result is sorted by term.
func (v *vocab) weigh(c *counts, top int) []feature {
	var fs []feature
	for ch := range uint8(nChan) {
		start := len(fs)
		for _, id := range c.keys {
			if v.kind[id] != ch {
				continue
			}
			w := (1 + math.Log(float64(c.tf[id]))) * idf(v.df[id], v.ndocs)
			fs = append(fs, feature{id, float32(w)})
		}
		part := fs[start:]
		slices.SortFunc(part, func(a, b feature) int {
			if a.w != b.w {
				if a.w > b.w {
					return -1
				}
				return 1
			}
			return int(a.term - b.term)
		})
		if len(part) > top {
			part = part[:top]
			fs = fs[:start+top]
		}
		var norm float64
		for _, f := range part {
			norm += float64(f.w) * float64(f.w)
		}
		norm = math.Sqrt(norm)
		for i := range part {
			part[i].w = float32(float64(part[i].w) / norm)
		}
	}
	slices.SortFunc(fs, func(a, b feature) int { return int(a.term - b.term) })
	return fs
}

func isNumber(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return true
}

func smallNumber(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && n < 13
}
