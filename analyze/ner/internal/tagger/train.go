package tagger

import (
	"math/rand/v2"
)

// Sentence is one training sentence: words, their gold labels, and
// whether its corpus leaves OTH names unannotated (then a predicted OTH
// where the gold says O is not counted as a mistake).
type Sentence struct {
	Words []string
	Gold  []int8
	NoOTH bool
	// Gaz, if not nil, replaces the model's gazetteer for this sentence
	// (one that leaves out the names its own part of the data adds).
	Gaz *Gaz
	// Doc numbers the text the sentence is part of; the sentences of a
	// text are next to each other.
	Doc int
	// Domain, if not 0, numbers a corpus far from news: its sentences
	// learn each feature twice, shared and for the corpus alone, and
	// tagging uses the shared ones only, so that the corpus's own habits
	// (of tweets, say) stay out of the model.
	Domain int
}

// Options control training.
type Options struct {
	Bits   uint   // log2 of the number of buckets
	Epochs int    // passes over the data
	Seed   uint64 // shuffling seed
	// Runs, if more than 1, trains this many times with seeds Seed,
	// Seed+1, ... and averages the weights of the runs.
	Runs int
	// Clusters, if not nil, are the word clusters of the features.
	Clusters *Clusters
	// Progress, if not nil, is called after each epoch.
	Progress func(epoch int, m *Model)
}

type trainer struct {
	m   *Model
	w   []float32 // current weights
	acc []float64 // sum of step × update, for averaging
	c   float64   // step
}

func (t *trainer) update(b uint32, l int8, d float32) {
	i := int(b)*NL + int(l)
	t.w[i] += d
	t.acc[i] += t.c * float64(d)
}

// average returns the averaged weights.
func (t *trainer) average() []float32 {
	out := make([]float32, len(t.w))
	for i, x := range t.w {
		out[i] = float32(float64(x) - t.acc[i]/t.c)
	}
	return out
}

// Train trains a model on sents with the gazetteer g.
func Train(sents []Sentence, g *Gaz, opt Options) *Model {
	if opt.Runs <= 1 {
		return quantizeGaz(opt.Bits, train(sents, g, opt), g, opt.Clusters)
	}
	var sum []float32
	for r := range opt.Runs {
		o := opt
		o.Seed += uint64(r)
		o.Progress = nil
		w := train(sents, g, o)
		if sum == nil {
			sum = w
			continue
		}
		for i, x := range w {
			sum[i] += x
		}
	}
	for i := range sum {
		sum[i] /= float32(opt.Runs)
	}
	return quantizeGaz(opt.Bits, sum, g, opt.Clusters)
}

func quantizeGaz(bits uint, w []float32, g *Gaz, c *Clusters) *Model {
	m := quantize(bits, w)
	m.gaz, m.clus = g, c
	return m
}

// train runs the perceptron and returns the averaged weights.
func train(sents []Sentence, g *Gaz, opt Options) []float32 {
	n := 1 << opt.Bits
	t := &trainer{
		m:   &Model{bits: opt.Bits, gaz: g, clus: opt.Clusters},
		w:   make([]float32, n*NL),
		acc: make([]float64, n*NL),
		c:   1,
	}
	// order holds the first sentence of each text.
	var order []int
	for i := range sents {
		if i == 0 || sents[i].Doc != sents[i-1].Doc {
			order = append(order, i)
		}
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x4e4552))
	s := new(scratch)
	doc := map[uint64]uint32{}
	for ep := 0; ep < opt.Epochs; ep++ {
		rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
		for _, k := range order {
			clear(doc)
			for i := k; i < len(sents) && sents[i].Doc == sents[k].Doc; i++ {
				t.sentence(s, &sents[i], doc)
			}
		}
		if opt.Progress != nil {
			m := quantizeGaz(opt.Bits, t.average(), g, opt.Clusters)
			opt.Progress(ep+1, m)
		}
	}
	return t.average()
}

func (t *trainer) sentence(s *scratch, sent *Sentence, doc map[uint64]uint32) {
	g := sent.Gaz
	if g == nil {
		g = t.m.gaz
	}
	s.domain = sent.Domain
	t.m.extract(s, sent.Words, g, doc)
	n := len(sent.Words)
	s.static = grow(s.static, n*NL)
	s.trans = grow(s.trans, n*NL*NL)
	for i := range n {
		var sc [NL]float32
		for _, b := range s.feats[s.start[i]:s.start[i+1]] {
			row := (*[NL]float32)(t.w[int(b)*NL:])
			for l := range NL {
				sc[l] += row[l]
			}
		}
		copy(s.static[i*NL:], sc[:])
		for p := int8(0); p < NL; p++ {
			var tc [NL]float32
			for _, b := range t.m.dynamic(&s.infos[i], p) {
				row := (*[NL]float32)(t.w[int(b)*NL:])
				for l := range NL {
					tc[l] += row[l]
				}
			}
			copy(s.trans[(i*NL+int(p))*NL:], tc[:])
		}
	}
	pred := make([]int8, n)
	viterbi(s, n, nil, pred)
	// The target: the gold labels, where a corpus without OTH may hide
	// an OTH name behind an O (one that begins with a capital or digit).
	gold := make([]int8, n)
	viterbi(s, n, func(i int, l int8) bool {
		if l == sent.Gold[i] {
			return true
		}
		if !sent.NoOTH || sent.Gold[i] != O {
			return false
		}
		f := s.infos[i].flags
		return l == B(3) && f&(fInitUpper|fAllDigit) != 0 || l == I(3) && f&fPunct == 0
	}, gold)
	prevG, prevP := int8(O), int8(O)
	for i := range n {
		gl, pl := gold[i], pred[i]
		if gl != pl {
			for _, b := range s.feats[s.start[i]:s.start[i+1]] {
				t.update(b, gl, 1)
				t.update(b, pl, -1)
			}
		}
		if gl != pl || prevG != prevP {
			for _, b := range t.m.dynamic(&s.infos[i], prevG) {
				t.update(b, gl, 1)
			}
			for _, b := range t.m.dynamic(&s.infos[i], prevP) {
				t.update(b, pl, -1)
			}
		}
		prevG, prevP = gl, pl
	}
	remember(doc, s.infos, pred)
	t.c++
}
