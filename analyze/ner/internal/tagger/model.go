package tagger

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"sync"
)

// Model is a trained tagger for one language: a table of 2^bits buckets,
// each with one weight per label.
type Model struct {
	bits  uint
	w     []int16 // bucket*NL + label
	scale float64 // of the weights: int16 = float × scale
	oBias int32   // subtracted from the score of O, in weight units
	gaz   *Gaz
	clus  *Clusters
	pool  sync.Pool
}

const magic = "NERW2\n"

// SetOBias sets how much the score of O (no entity) is lowered, in
// perceptron update units: more recall, less precision.
func (m *Model) SetOBias(b float64) { m.oBias = int32(math.Round(b * m.scale)) }

// SetGaz sets the gazetteer the model's features look up; it must be the
// one it was trained with.
func (m *Model) SetGaz(g *Gaz) { m.gaz = g }

// SetClusters sets the word clusters the model's features look up; they
// must be the ones it was trained with (nil: none).
func (m *Model) SetClusters(c *Clusters) { m.clus = c }

// Tag gives each of words, one sentence, a label (out must have
// len(words)).
func (m *Model) Tag(words []string, out []int8) {
	s := m.getScratch()
	m.tag(s, words, nil, out)
	m.pool.Put(s)
}

// TagDoc labels the sentences of one text, in order (outs[i] must have
// len(sents[i])). A word given a type in an earlier sentence carries that
// as a feature.
func (m *Model) TagDoc(sents [][]string, outs [][]int8) {
	s := m.getScratch()
	clear(s.doc)
	for i, words := range sents {
		m.tag(s, words, s.doc, outs[i])
		remember(s.doc, s.infos, outs[i])
	}
	m.pool.Put(s)
}

func (m *Model) getScratch() *scratch {
	s, _ := m.pool.Get().(*scratch)
	if s == nil {
		s = &scratch{doc: map[uint64]uint32{}}
	}
	return s
}

// remember records in doc the types given to the words of one sentence.
func remember(doc map[uint64]uint32, infos []info, labels []int8) {
	for i, l := range labels {
		if l != O {
			doc[infos[i].exact] |= 1 << TypeOf(l)
		}
	}
}

func (m *Model) tag(s *scratch, words []string, doc map[uint64]uint32, out []int8) {
	s.domain = 0
	m.extract(s, words, m.gaz, doc)
	n := len(words)
	s.static = grow(s.static, n*NL)
	s.trans = grow(s.trans, n*NL*NL)
	for i := range n {
		var sc [NL]int32
		for _, b := range s.feats[s.start[i]:s.start[i+1]] {
			row := (*[NL]int16)(m.w[int(b)*NL:])
			for l := range NL {
				sc[l] += int32(row[l])
			}
		}
		sc[O] -= m.oBias
		for l := range NL {
			s.static[i*NL+l] = float32(sc[l])
		}
		for p := int8(0); p < NL; p++ {
			var tc [NL]int32
			for _, b := range m.dynamic(&s.infos[i], p) {
				row := (*[NL]int16)(m.w[int(b)*NL:])
				for l := range NL {
					tc[l] += int32(row[l])
				}
			}
			for l := range NL {
				s.trans[(i*NL+int(p))*NL+l] = float32(tc[l])
			}
		}
	}
	viterbi(s, n, nil, out)
}

// WriteTo writes the model: magic, bits, then the weights, gzipped.
func (m *Model) WriteTo(w io.Writer) (int64, error) {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return 0, err
	}
	bw := bufio.NewWriter(zw)
	bw.WriteString(magic)
	bw.WriteByte(byte(m.bits))
	binary.Write(bw, binary.LittleEndian, m.oBias)
	if err := binary.Write(bw, binary.LittleEndian, m.w); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, err
	}
	return 0, zw.Close()
}

// Read reads a model written by WriteTo.
func Read(r io.Reader) (*Model, error) {
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	br := bufio.NewReader(zr)
	head := make([]byte, len(magic)+1)
	if _, err := io.ReadFull(br, head); err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	if string(head[:len(magic)]) != magic {
		return nil, errors.New("tagger: not a model file")
	}
	bits := uint(head[len(magic)])
	if bits < 8 || bits > 26 {
		return nil, fmt.Errorf("tagger: bad table size 2^%d", bits)
	}
	m := &Model{bits: bits, w: make([]int16, (1<<bits)*NL)}
	if err := binary.Read(br, binary.LittleEndian, &m.oBias); err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	buf := make([]byte, 64*1024)
	for i := 0; i < len(m.w); {
		n := min(len(buf), 2*(len(m.w)-i))
		if _, err := io.ReadFull(br, buf[:n]); err != nil {
			return nil, fmt.Errorf("tagger: %w", err)
		}
		for k := 0; k < n; k += 2 {
			m.w[i] = int16(binary.LittleEndian.Uint16(buf[k:]))
			i++
		}
	}
	return m, nil
}

// quantize turns float weights into the int16 weights of a model.
func quantize(bits uint, w []float32) *Model {
	maxAbs := 0.0
	for _, x := range w {
		maxAbs = math.Max(maxAbs, math.Abs(float64(x)))
	}
	scale := 1.0
	if maxAbs > 0 {
		scale = 32000 / maxAbs
	}
	m := &Model{bits: bits, w: make([]int16, len(w)), scale: scale}
	for i, x := range w {
		m.w[i] = int16(math.Round(float64(x) * scale))
	}
	return m
}
