package connect

import (
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
)

// Signature is what copy detection keeps of an article's text: the keys
// of its MinHash LSH bands and a bottom-k sketch of its shingles. It is
// small (under 700 bytes with the default options) and is what the store
// persists to rebuild a Copies with Load, without reading texts again.
// Signatures are comparable only when made with the same options.
type Signature struct {
	bands  []uint32
	sketch []uint32 // ascending
	full   bool     // sketch holds every shingle of the text
}

// empty reports whether the text had no words.
func (s Signature) empty() bool { return len(s.sketch) == 0 }

// minhashParams are the multipliers and offsets of the MinHash family:
// h_i(x) = the high 32 bits of a_i·x + b_i (mod 2^64), a_i odd.
var minhashParams = func() [][2]uint64 {
	ps := make([][2]uint64, 256)
	x := uint64(0x6e657773646573b) // fixed: signatures must not change
	for i := range ps {
		x += 0x9e3779b97f4a7c15
		a := mix64(x) | 1
		x += 0x9e3779b97f4a7c15
		ps[i] = [2]uint64{a, mix64(x)}
	}
	return ps
}()

// Sign makes the signature of an article's text.
func (c *Copies) Sign(text string) Signature {
	c.shing, c.words = shingles(text, c.words, c.shing[:0])
	return sign(c.shing, c.opt, &c.mins)
}

func sign(sh []uint64, opt CopyOptions, scratch *[]uint32) Signature {
	var sig Signature
	if len(sh) == 0 {
		return sig
	}
	nh := opt.Bands * minhashRows
	if nh > len(minhashParams) {
		nh = len(minhashParams) / minhashRows * minhashRows
	}
	mins := (*scratch)[:0]
	for range nh {
		mins = append(mins, ^uint32(0))
	}
	params := minhashParams[:nh]
	for _, h := range sh {
		for i, p := range params {
			if v := uint32((p[0]*h + p[1]) >> 32); v < mins[i] {
				mins[i] = v
			}
		}
	}
	*scratch = mins
	sig.bands = make([]uint32, nh/minhashRows)
	for b := range sig.bands {
		k := uint64(b) * 0xd6e8feb86659fd93
		for _, m := range mins[b*minhashRows : (b+1)*minhashRows] {
			k = mix64(k ^ uint64(m))
		}
		sig.bands[b] = uint32(k >> 32)
	}
	// The shingle hashes are sorted: their high halves are the sketch.
	sk := make([]uint32, 0, min(len(sh), opt.Sketch+1))
	for _, h := range sh {
		v := uint32(h >> 32)
		if n := len(sk); n > 0 && sk[n-1] == v {
			continue
		}
		sk = append(sk, v)
		if len(sk) > opt.Sketch {
			break
		}
	}
	sig.full = len(sk) <= opt.Sketch
	sig.sketch = sk[:min(len(sk), opt.Sketch)]
	return sig
}

// signatureVersion is the first byte of a marshalled Signature.
const signatureVersion = 1

// ErrSignature is returned for bytes that are not a Signature.
var ErrSignature = errors.New("connect: malformed signature")

// MarshalBinary encodes the signature: a version byte, a flags byte, the
// band keys (count, then 4 bytes each) and the sketch (count, then the
// gaps between its ascending values), counts and gaps as uvarints.
func (s Signature) MarshalBinary() ([]byte, error) {
	b := make([]byte, 0, 2+4*len(s.bands)+3*len(s.sketch)+8)
	b = append(b, signatureVersion, 0)
	if s.full {
		b[1] = 1
	}
	b = binary.AppendUvarint(b, uint64(len(s.bands)))
	for _, k := range s.bands {
		b = binary.LittleEndian.AppendUint32(b, k)
	}
	b = binary.AppendUvarint(b, uint64(len(s.sketch)))
	prev := uint32(0)
	for _, v := range s.sketch {
		b = binary.AppendUvarint(b, uint64(v-prev))
		prev = v
	}
	return b, nil
}

// UnmarshalBinary decodes what MarshalBinary encoded.
func (s *Signature) UnmarshalBinary(b []byte) error {
	*s = Signature{}
	if len(b) < 2 || b[0] != signatureVersion || b[1] > 1 {
		return ErrSignature
	}
	full := b[1] == 1
	b = b[2:]
	n, k := binary.Uvarint(b)
	if k <= 0 || n > uint64(len(minhashParams)) || uint64(len(b)-k) < 4*n {
		return ErrSignature
	}
	b = b[k:]
	bands := make([]uint32, n)
	for i := range bands {
		bands[i] = binary.LittleEndian.Uint32(b)
		b = b[4:]
	}
	n, k = binary.Uvarint(b)
	if k <= 0 || n > uint64(len(b)) {
		return ErrSignature
	}
	b = b[k:]
	sketch := make([]uint32, 0, n)
	prev := uint64(0)
	for i := range n {
		g, k := binary.Uvarint(b)
		if k <= 0 || (i > 0 && g == 0) || prev+g > 1<<32-1 {
			return ErrSignature
		}
		b = b[k:]
		prev += g
		sketch = append(sketch, uint32(prev))
	}
	if len(b) != 0 {
		return fmt.Errorf("%w: %d trailing bytes", ErrSignature, len(b))
	}
	if !slices.IsSorted(sketch) {
		return ErrSignature
	}
	s.bands, s.sketch, s.full = bands, sketch, full
	return nil
}
