package tagger

import "math"

// grow returns x with length n, reusing its storage.
func grow[T any](x []T, n int) []T {
	if cap(x) < n {
		return make([]T, n)
	}
	return x[:n]
}

// viterbi finds the best label sequence for the n tokens whose scores are
// in s.static and s.trans, under BIO constraints and, if ok is not nil,
// ok(i, l). It writes the labels to out.
func viterbi(s *scratch, n int, ok func(i int, l int8) bool, out []int8) {
	if n == 0 {
		return
	}
	s.delta = grow(s.delta, n*NL)
	s.back = grow(s.back, n*NL)
	inf := float32(math.Inf(-1))
	for l := int8(0); l < NL; l++ {
		d := inf
		if allowed(O, l) && (ok == nil || ok(0, l)) {
			d = s.static[int(l)] + s.trans[int(O)*NL+int(l)]
		}
		s.delta[l] = d
	}
	for i := 1; i < n; i++ {
		prev := s.delta[(i-1)*NL : i*NL]
		for l := int8(0); l < NL; l++ {
			best, arg := inf, int8(O)
			if ok == nil || ok(i, l) {
				for p := int8(0); p < NL; p++ {
					if prev[p] == inf || !allowed(p, l) {
						continue
					}
					if v := prev[p] + s.trans[(i*NL+int(p))*NL+int(l)]; v > best {
						best, arg = v, p
					}
				}
			}
			if best != inf {
				best += s.static[i*NL+int(l)]
			}
			s.delta[i*NL+int(l)] = best
			s.back[i*NL+int(l)] = arg
		}
	}
	best, arg := inf, int8(O)
	for l := int8(0); l < NL; l++ {
		if v := s.delta[(n-1)*NL+int(l)]; v > best {
			best, arg = v, l
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = s.back[i*NL+int(arg)]
	}
}
