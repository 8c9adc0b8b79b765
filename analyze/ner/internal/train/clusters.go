package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"newsdesk/analyze/ner/internal/tagger"
)

// Word clusters of unlabeled text, by the exchange algorithm (Kneser and
// Ney 1993; Martin, Liermann and Ney 1998): the words are put into k
// classes so that a bigram model over the classes, P(c(v) c(w)) / P(c(v))
// P(c(w)), fits the text best. Words that share their neighbours end up
// together. Starting from the most frequent words in classes of their
// own, each word in turn moves to the class that gains the most, for a
// few passes. This is done for a few k, coarse to fine; words seen less
// than -cluster-min times take part as one word and get no cluster.

var (
	clusterMin   = flag.Int("cluster-min", 2, "words seen fewer times get no cluster")
	clusterKs    = flag.String("cluster-k", "64,256,1024", "numbers of clusters, coarse to fine")
	clusterIters = flag.Int("cluster-iters", 10, "passes of the exchange algorithm")
)

// clusterLine is one word of a cluster table and its clusters, coarse to
// fine.
type clusterLine struct {
	word string
	ids  []int
}

// gepade reads the tokens of the Bundestag speeches of quotes-de-gepade
// (train and dev): unlabeled German text.
func gepade(data string) ([][]string, error) {
	var out [][]string
	for _, part := range []string{"train", "dev"} {
		files, err := filepath.Glob(filepath.Join(data, "quotes-de-gepade", part, "*.json"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("no speeches in %s", filepath.Join(data, "quotes-de-gepade", part))
		}
		slices.Sort(files)
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				return nil, err
			}
			var doc struct {
				Sentences []struct{ Tokens []string }
			}
			if err := json.Unmarshal(b, &doc); err != nil {
				return nil, fmt.Errorf("%s: %w", f, err)
			}
			for _, s := range doc.Sentences {
				out = append(out, s.Tokens)
			}
		}
	}
	return out, nil
}

// buildClusters clusters the words of sents.
func buildClusters(sents [][]string) []clusterLine {
	count := map[string]int{}
	for _, s := range sents {
		for _, w := range s {
			count[w]++
		}
	}
	var vocab []string
	for w, c := range count {
		if c >= *clusterMin {
			vocab = append(vocab, w)
		}
	}
	slices.SortFunc(vocab, func(a, b string) int {
		if count[a] != count[b] {
			return count[b] - count[a]
		}
		return strings.Compare(a, b)
	})
	// Word ids: the vocabulary by frequency, then the sentence boundary,
	// then all rare words as one.
	id := map[string]int{}
	for i, w := range vocab {
		id[w] = i
	}
	bound, rare := len(vocab), len(vocab)+1
	nw := len(vocab) + 2
	wid := func(w string) int {
		if i, ok := id[w]; ok {
			return i
		}
		return rare
	}
	freq := make([]int64, nw)
	pairs := map[[2]int]int64{}
	for _, s := range sents {
		prev := bound
		freq[bound]++
		for _, w := range s {
			i := wid(w)
			freq[i]++
			pairs[[2]int{prev, i}]++
			prev = i
		}
		pairs[[2]int{prev, bound}]++
	}
	var total int64
	for _, f := range freq {
		total += f
	}
	type nb struct {
		w int
		n int64
	}
	right := make([][]nb, nw)
	left := make([][]nb, nw)
	self := make([]int64, nw)
	keys := make([][2]int, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	for _, k := range keys {
		n := pairs[k]
		if k[0] == k[1] {
			self[k[0]] += n
			continue
		}
		right[k[0]] = append(right[k[0]], nb{k[1], n})
		left[k[1]] = append(left[k[1]], nb{k[0], n})
	}
	// xlogx[n] = n log n for counts n.
	xlogx := make([]float64, total+2)
	for n := int64(2); n < int64(len(xlogx)); n++ {
		xlogx[n] = float64(n) * math.Log(float64(n))
	}
	var ks []int
	for _, f := range strings.Split(*clusterKs, ",") {
		k, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || k < 2 || k > 65000 {
			log.Fatalf("bad -cluster-k %q", *clusterKs)
		}
		ks = append(ks, k)
	}
	classes := make([][]int, len(ks))
	for ki, K := range ks {
		class := make([]int, nw)
		for w := range class {
			class[w] = w % K
		}
		m := make([]int64, K*K) // class bigram counts
		nc := make([]int64, K)  // class counts
		for w := range nw {
			nc[class[w]] += freq[w]
			m[class[w]*K+class[w]] += self[w]
			for _, r := range right[w] {
				m[class[w]*K+class[r.w]] += r.n
			}
		}
		lw, rw := make([]int64, K), make([]int64, K)
		var lt, rt []int
		for range *clusterIters {
			moved := 0
			for w := range nw {
				lt, rt = lt[:0], rt[:0]
				for _, x := range left[w] {
					c := class[x.w]
					if lw[c] == 0 {
						lt = append(lt, c)
					}
					lw[c] += x.n
				}
				for _, x := range right[w] {
					c := class[x.w]
					if rw[c] == 0 {
						rt = append(rt, c)
					}
					rw[c] += x.n
				}
				a := class[w]
				move := func(k int, sign int64) {
					for _, h := range rt {
						m[k*K+h] += sign * rw[h]
					}
					for _, g := range lt {
						m[g*K+k] += sign * lw[g]
					}
					m[k*K+k] += sign * self[w]
					nc[k] += sign * freq[w]
				}
				move(a, -1)
				best, bestGain := a, math.Inf(-1)
				for k := range K {
					gain := -2 * (xlogx[nc[k]+freq[w]] - xlogx[nc[k]])
					for _, h := range rt {
						if h != k {
							x := m[k*K+h]
							gain += xlogx[x+rw[h]] - xlogx[x]
						}
					}
					for _, g := range lt {
						if g != k {
							x := m[g*K+k]
							gain += xlogx[x+lw[g]] - xlogx[x]
						}
					}
					x := m[k*K+k]
					gain += xlogx[x+rw[k]+lw[k]+self[w]] - xlogx[x]
					if gain > bestGain || gain == bestGain && k == a {
						best, bestGain = k, gain
					}
				}
				move(best, 1)
				if best != a {
					class[w] = best
					moved++
				}
				for _, c := range lt {
					lw[c] = 0
				}
				for _, c := range rt {
					rw[c] = 0
				}
			}
			if moved == 0 {
				break
			}
		}
		classes[ki] = class
	}
	out := make([]clusterLine, len(vocab))
	for i, w := range vocab {
		ids := make([]int, len(ks))
		for k := range ks {
			ids[k] = classes[k][i]
		}
		out[i] = clusterLine{w, ids}
	}
	slices.SortFunc(out, func(a, b clusterLine) int { return strings.Compare(a.word, b.word) })
	return out
}

// clusterTable turns lines into a table for the tagger.
func clusterTable(lines []clusterLine) *tagger.Clusters {
	c := tagger.NewClusters()
	for _, l := range lines {
		c.Add(l.word, l.ids)
	}
	return c
}

// clusterText returns the cluster table as text, one "word<TAB>id id ..."
// a line.
func clusterText(lines []clusterLine) []byte {
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l.word)
		b.WriteByte('\t')
		for i, id := range l.ids {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(strconv.Itoa(id))
		}
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
