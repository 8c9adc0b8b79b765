package tagger

import (
	"unicode"
	"unicode/utf8"
)

// Feature templates. Each feature is a template id mixed with one or more
// hashes; its bucket in the weight table is the top bits of the mix.
const (
	tBias = iota + 1
	tLower
	tExact
	tPre // + k, k < 4
	_
	_
	_
	tSuf // + k, k < 4
	_
	_
	_
	tShape
	tShort
	tFlag
	tLowerP1
	tLowerN1
	tLowerP2
	tLowerN2
	tShapeP1
	tShapeN1
	tBiP
	tBiN
	tShape3
	tFirstShape
	tGaz
	tGazP
	tGazN
	tGazAll
	tHyFirst
	tHyLast
	tSufP1
	tShapeLowP1
	tP1
	tP12
	tP1Lower
	tP1Shape
	tDoc
	tDocLower
	tClus
	tClusP1
	tClusN1
)

// Token flags.
const (
	fInitUpper = 1 << iota
	fAllUpper
	fHasDigit
	fAllDigit
	fHyphen
	fDot
	fPunct
	fSingle
	fCamel
	fFirst
	fLong
	fApos
)

const (
	prime64  = 1099511628211
	offset64 = 14695981039346656037
)

// mix combines two hashes.
func mix(a, b uint64) uint64 {
	h := a ^ (b * 0x9E3779B97F4A7C15)
	h ^= h >> 31
	h *= 0xD6E8FEB86659FD93
	h ^= h >> 29
	return h
}

// hashString is FNV-1a of s.
func hashString(s string) uint64 {
	h := uint64(offset64)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= prime64
	}
	return h
}

// info is what the features of one token are made of.
type info struct {
	lower, exact, shape, short uint64
	pre, suf                   [4]uint64
	npre, nsuf                 int
	hyFirst, hyLast            uint64
	flags                      uint32
	gaz                        uint64
	doc                        uint32         // types this word was given earlier in the text
	cl                         [Grains]uint16 // clusters (see Clusters)
}

// describe fills in the token-local parts of in for word w.
func describe(in *info, w string) {
	*in = info{exact: hashString(w)}
	h := uint64(offset64)
	sh := uint64(offset64) // shape, runs collapsed
	var prev byte
	nr, upper, lower, digit, letters := 0, 0, 0, 0, 0
	hy := -1 // byte index of the first hyphen
	lastHy := -1
	var flags uint32
	for i, r := range w {
		lr := unicode.ToLower(r)
		h ^= uint64(lr)
		h *= prime64
		if nr < 4 {
			in.pre[nr] = h
		}
		nr++
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			letters++
			if lower > 0 {
				flags |= fCamel
			}
		case unicode.IsLetter(r):
			c = 'x'
			lower++
			letters++
		case unicode.IsDigit(r):
			c = 'd'
			digit++
		default:
			c = byte(r)
			if r >= 0x80 {
				c = '*'
			}
			switch r {
			case '-', '‑', '‐':
				flags |= fHyphen
				if hy < 0 {
					hy = i
				}
				lastHy = i
			case '.':
				flags |= fDot
			case '\'', '’':
				flags |= fApos
			}
		}
		if c != prev {
			sh ^= uint64(c)
			sh *= prime64
			prev = c
		}
	}
	in.lower = h
	in.shape = sh
	in.npre = min(nr, 4)
	// Suffixes: the last k runes, lower-cased.
	s := uint64(offset64 ^ 0x5bd1e995)
	rest := w
	for k := 0; k < 4 && len(rest) > 0; k++ {
		r, size := utf8.DecodeLastRuneInString(rest)
		rest = rest[:len(rest)-size]
		s ^= uint64(unicode.ToLower(r))
		s *= prime64
		in.suf[k] = s
		in.nsuf = k + 1
	}
	if nr <= 4 {
		in.nsuf = max(in.nsuf-1, 0) // the whole word is already a feature
	}
	first, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(first) {
		flags |= fInitUpper
	}
	if upper > 1 && lower == 0 {
		flags |= fAllUpper
	}
	if digit > 0 {
		flags |= fHasDigit
		if digit == nr {
			flags |= fAllDigit
		}
	}
	if letters == 0 && digit == 0 {
		flags |= fPunct
	}
	if nr == 1 {
		flags |= fSingle
	}
	if nr > 12 {
		flags |= fLong
	}
	in.flags = flags
	// Short shape: the class of the first rune and a length bucket.
	lb := uint64(nr)
	if lb > 5 {
		lb = 5 + uint64(nr/4)
	}
	in.short = mix(uint64(prev)<<8|uint64(flags&(fInitUpper|fAllUpper|fAllDigit|fPunct)), lb)
	if first == '#' || first == '@' {
		in.hyLast = lowerHash(w[1:]) // "#Hamburg": "hamburg"
	}
	if hy > 0 {
		in.hyFirst = lowerHash(w[:hy])
		if lastHy+1 < len(w) {
			_, size := utf8.DecodeRuneInString(w[lastHy:])
			in.hyLast = lowerHash(w[lastHy+size:])
		}
	}
}

func lowerHash(s string) uint64 {
	h := uint64(offset64)
	for _, r := range s {
		h ^= uint64(unicode.ToLower(r))
		h *= prime64
	}
	return h
}

// scratch holds the per-sentence buffers of one tagging or training call.
type scratch struct {
	infos []info
	feats []uint32 // static feature buckets of all tokens
	start []int    // start[i]:start[i+1] are token i's features
	// Viterbi: static[i*NL+l] is the score of label l at token i,
	// trans[(i*NL+p)*NL+l] that of l after p there.
	static, trans, delta []float32
	back                 []int8
	doc                  map[uint64]uint32 // for TagDoc
	domain               int               // of the training sentence, 0 when tagging
}

// extract computes the static features of words into s.
func (m *Model) extract(s *scratch, words []string, gaz *Gaz, doc map[uint64]uint32) {
	n := len(words)
	if cap(s.infos) < n {
		s.infos = make([]info, n, 2*n)
	}
	s.infos = s.infos[:n]
	for i, w := range words {
		describe(&s.infos[i], w)
		if i == 0 {
			s.infos[i].flags |= fFirst
		}
	}
	gaz.mark(s.infos)
	m.clus.mark(s.infos)
	if doc != nil {
		for i := range s.infos {
			s.infos[i].doc = doc[s.infos[i].exact]
		}
	}
	s.feats = s.feats[:0]
	s.start = append(s.start[:0], 0)
	shift := 64 - m.bits
	add := func(h uint64) { s.feats = append(s.feats, uint32(h>>shift)) }
	var none info
	none.lower, none.shape, none.exact = 1, 1, 1
	none.short = 1
	for i := 0; i < n; i++ {
		in := &s.infos[i]
		p1, p2, n1, n2 := &none, &none, &none, &none
		if i > 0 {
			p1 = &s.infos[i-1]
		}
		if i > 1 {
			p2 = &s.infos[i-2]
		}
		if i+1 < n {
			n1 = &s.infos[i+1]
		}
		if i+2 < n {
			n2 = &s.infos[i+2]
		}
		add(mix(tBias, 0))
		add(mix(tLower, in.lower))
		add(mix(tExact, in.exact))
		for k := 0; k < in.npre; k++ {
			add(mix(uint64(tPre+k), in.pre[k]))
		}
		for k := 0; k < in.nsuf; k++ {
			add(mix(uint64(tSuf+k), in.suf[k]))
		}
		add(mix(tShape, in.shape))
		add(mix(tShort, in.short))
		for f := uint32(0); f < 12; f++ {
			if in.flags&(1<<f) != 0 {
				add(mix(tFlag, uint64(f)))
			}
		}
		add(mix(tLowerP1, p1.lower))
		add(mix(tLowerN1, n1.lower))
		add(mix(tLowerP2, p2.lower))
		add(mix(tLowerN2, n2.lower))
		add(mix(tShapeP1, p1.shape))
		add(mix(tShapeN1, n1.shape))
		add(mix(mix(tBiP, p1.lower), in.lower))
		add(mix(mix(tBiN, in.lower), n1.lower))
		add(mix(mix(mix(tShape3, p1.short), in.short), n1.short))
		add(mix(mix(tFirstShape, uint64(in.flags&fFirst)), in.shape))
		add(mix(mix(tShapeLowP1, p1.lower), in.shape))
		if p1.nsuf > 0 {
			add(mix(tSufP1, p1.suf[min(p1.nsuf, 3)-1]))
		}
		for g := uint(0); g < 3*gazGroup; g++ {
			if in.gaz&(1<<g) != 0 {
				add(mix(tGaz, uint64(g)))
			}
			if p1.gaz&(1<<g) != 0 {
				add(mix(tGazP, uint64(g)))
			}
			if n1.gaz&(1<<g) != 0 {
				add(mix(tGazN, uint64(g)))
			}
		}
		if in.gaz != 0 {
			add(mix(mix(tGazAll, uint64(in.gaz)), uint64(in.flags&(fInitUpper|fAllUpper))))
		}
		for k, c := range in.cl {
			if c != 0 {
				add(mix(mix(tClus, uint64(k)), uint64(c)))
			}
		}
		if m.clus != nil {
			for _, k := range clusterNeighbour {
				add(mix(mix(tClusP1, uint64(k)), uint64(p1.cl[k])))
				add(mix(mix(tClusN1, uint64(k)), uint64(n1.cl[k])))
			}
		}
		if in.hyFirst != 0 {
			add(mix(tHyFirst, in.hyFirst))
			if in.hyLast != 0 {
				add(mix(tHyLast, in.hyLast))
			}
		}
		for t := uint32(0); t < 4; t++ {
			if in.doc&(1<<t) != 0 {
				add(mix(tDoc, uint64(t)))
				add(mix(mix(tDocLower, uint64(t)), uint64(in.flags&(fInitUpper|fFirst))))
			}
		}
		if s.domain != 0 {
			// Training only: each feature again, for this corpus alone.
			from := s.start[len(s.start)-1]
			for _, b := range s.feats[from:] {
				add(mix(uint64(b)|uint64(s.domain)<<32, 0x44))
			}
		}
		s.start = append(s.start, len(s.feats))
	}
}

// clusterNeighbour are the granularities whose clusters of the words
// before and after are features.
var clusterNeighbour = [...]int{0, 1}

// dynamic returns the buckets of the features made of the label p of the
// token before token in.
func (m *Model) dynamic(in *info, p int8) [3]uint32 {
	shift := 64 - m.bits
	return [3]uint32{
		uint32(mix(tP1, uint64(p)) >> shift),
		uint32(mix(mix(tP1Lower, uint64(p)), in.lower) >> shift),
		uint32(mix(mix(tP1Shape, uint64(p)), in.shape) >> shift),
	}
}
