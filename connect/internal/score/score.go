// Package score compares a clustering of items with a labelled one:
// pairwise and B-cubed precision, recall and F1.
package score

import "fmt"

// PRF is precision, recall and F1.
type PRF struct{ P, R, F float64 }

func (s PRF) String() string { return fmt.Sprintf("P %.3f R %.3f F1 %.3f", s.P, s.R, s.F) }

func prf(p, r float64) PRF {
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return PRF{p, r, f}
}

// Pairwise scores the pairs of items put in one cluster: precision is
// the share of predicted pairs that are labelled together, recall the
// share of labelled pairs predicted. Items are the keys of gold; pred
// maps them to predicted clusters (missing items are singletons). With
// no pairs on a side, its measure is 1.
func Pairwise[K comparable, C comparable, D comparable](gold map[K]C, pred map[K]D) PRF {
	type pc struct {
		g C
		p D
	}
	both := map[pc]int{}
	gs := map[C]int{}
	ps := map[D]int{}
	for k, g := range gold {
		p, ok := pred[k]
		if !ok {
			continue
		}
		both[pc{g, p}]++
		gs[g]++
		ps[p]++
	}
	pairs := func(n int) float64 { return float64(n*(n-1)) / 2 }
	var tp, gp, pp float64
	for _, n := range both {
		tp += pairs(n)
	}
	for _, n := range gs {
		gp += pairs(n)
	}
	for _, n := range ps {
		pp += pairs(n)
	}
	p, r := 1.0, 1.0
	if pp > 0 {
		p = tp / pp
	}
	if gp > 0 {
		r = tp / gp
	}
	return prf(p, r)
}

// BCubed scores each item by the share of its predicted cluster that is
// in its labelled cluster (precision) and the share of its labelled
// cluster in its predicted one (recall), averaged over the items.
func BCubed[K comparable, C comparable, D comparable](gold map[K]C, pred map[K]D) PRF {
	type pc struct {
		g C
		p D
	}
	both := map[pc]int{}
	gs := map[C]int{}
	ps := map[D]int{}
	n := 0
	for k, g := range gold {
		p, ok := pred[k]
		if !ok {
			continue
		}
		both[pc{g, p}]++
		gs[g]++
		ps[p]++
		n++
	}
	if n == 0 {
		return PRF{}
	}
	var sp, sr float64
	for k, g := range gold {
		p, ok := pred[k]
		if !ok {
			continue
		}
		b := float64(both[pc{g, p}])
		sp += b / float64(ps[p])
		sr += b / float64(gs[g])
	}
	return prf(sp/float64(n), sr/float64(n))
}
