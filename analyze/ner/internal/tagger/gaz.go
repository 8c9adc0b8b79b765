package tagger

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// GazTypes are the gazetteer lists, in bit order.
// FIRST, LAST: given names and surnames; CITY, COUNTRY, REGION: places;
// PERSON: full names; XPER, XLOC, XORG, XOTH: names seen as entities of
// that type in training corpora.
// TITLE: titles and roles before a name ("Kanzler", "President");
// ORGWORD: words of organisation names ("GmbH", "Partei", "University").
var GazTypes = []string{"FIRST", "LAST", "CITY", "COUNTRY", "REGION", "PERSON", "XPER", "XLOC", "XORG", "XOTH", "TITLE", "ORGWORD"}

// gazGroup is the number of bits of a group of list bits.
const gazGroup = 12

// Gaz holds gazetteer entries: single tokens and phrases of tokens, each
// with the lists it is on.
type Gaz struct {
	single map[uint64]uint32 // exact token hash → list bits
	phrase map[uint64]uint32 // phrase hash (tokens mixed) → list bits
	maxLen int
}

// NewGaz returns an empty gazetteer.
func NewGaz() *Gaz {
	return &Gaz{single: map[uint64]uint32{}, phrase: map[uint64]uint32{}}
}

// Add puts the phrase of tokens toks on list t (an index into GazTypes).
func (g *Gaz) Add(t int, toks []string) {
	switch len(toks) {
	case 0:
		return
	case 1:
		g.single[hashString(toks[0])] |= 1 << t
		return
	}
	h := mix(uint64(offset64), hashString(toks[0]))
	g.single[hashString(toks[0])] |= startsPhrase
	for k, w := range toks[1:] {
		h = mix(h, hashString(w))
		if k+2 < len(toks) {
			g.phrase[h] |= startsPhrase
		}
	}
	g.phrase[h] |= 1 << t
	g.maxLen = max(g.maxLen, len(toks))
}

// startsPhrase marks a token or phrase that begins a longer phrase.
const startsPhrase = 1 << 31

// ReadGaz reads a gazetteer written as lines "TYPE<TAB>token token ...".
func ReadGaz(r io.Reader) (*Gaz, error) {
	g := NewGaz()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	for sc.Scan() {
		typ, phrase, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		t := -1
		for i, x := range GazTypes {
			if x == typ {
				t = i
			}
		}
		if t < 0 {
			return nil, fmt.Errorf("tagger: unknown gazetteer list %q", typ)
		}
		g.Add(t, strings.Split(phrase, " "))
	}
	return g, sc.Err()
}

// Clone returns a copy of g that Add does not change g through.
func (g *Gaz) Clone() *Gaz {
	c := &Gaz{single: make(map[uint64]uint32, len(g.single)), phrase: make(map[uint64]uint32, len(g.phrase)), maxLen: g.maxLen}
	for k, v := range g.single {
		c.single[k] = v
	}
	for k, v := range g.phrase {
		c.phrase[k] = v
	}
	return c
}

// mark sets the gazetteer bits of infos: the first group of bits for a
// token on a list, the second for the first token of a phrase on a list,
// the third for a later one.
func (g *Gaz) mark(infos []info) {
	if g == nil {
		return
	}
	var starts uint64 // bit i: token i begins a phrase (i < 64)
	for i := range infos {
		b := g.single[infos[i].exact]
		infos[i].gaz = uint64(b &^ startsPhrase)
		if b&startsPhrase != 0 && i < 64 {
			starts |= 1 << i
		}
	}
	for i := range infos {
		if i < 64 && starts&(1<<i) == 0 || i >= 64 && g.single[infos[i].exact]&startsPhrase == 0 {
			continue
		}
		h := mix(uint64(offset64), infos[i].exact)
		bestL, bestBits := 0, uint32(0)
		for l := 2; l <= g.maxLen && i+l <= len(infos); l++ {
			h = mix(h, infos[i+l-1].exact)
			b, ok := g.phrase[h]
			if !ok {
				break
			}
			if b&^startsPhrase != 0 {
				bestL, bestBits = l, b&^startsPhrase
			}
			if b&startsPhrase == 0 {
				break
			}
		}
		if bestL == 0 {
			continue
		}
		infos[i].gaz |= uint64(bestBits) << gazGroup
		for j := i + 1; j < i+bestL; j++ {
			infos[j].gaz |= uint64(bestBits) << (2 * gazGroup)
		}
	}
}
