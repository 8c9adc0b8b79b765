package tagger

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Clusters maps words to word clusters learnt from unlabeled text, at up
// to Grains granularities (from coarse to fine): words of one cluster are
// used alike in the text.
type Clusters struct {
	ids map[uint64][Grains]uint16 // exact word hash → cluster number + 1 at each granularity
}

// Grains is the most granularities a cluster table holds.
const Grains = 3

// NewClusters returns an empty cluster table.
func NewClusters() *Clusters { return &Clusters{ids: map[uint64][Grains]uint16{}} }

// Add puts word into the clusters ids (one per granularity, coarse first;
// at most Grains, each below 65535).
func (c *Clusters) Add(word string, ids []int) {
	var v [Grains]uint16
	for i, id := range ids[:min(len(ids), Grains)] {
		v[i] = uint16(id + 1)
	}
	c.ids[hashString(word)] = v
}

// Len returns the number of words in c.
func (c *Clusters) Len() int { return len(c.ids) }

// ReadClusters reads a cluster table written as lines "word<TAB>id id ...".
func ReadClusters(r io.Reader) (*Clusters, error) {
	c := NewClusters()
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	var ids []int
	for sc.Scan() {
		w, rest, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			return nil, fmt.Errorf("tagger: bad cluster line %q", sc.Text())
		}
		ids = ids[:0]
		for _, f := range strings.Fields(rest) {
			id, err := strconv.Atoi(f)
			if err != nil || id < 0 || id >= 65535 {
				return nil, fmt.Errorf("tagger: bad cluster line %q", sc.Text())
			}
			ids = append(ids, id)
		}
		c.Add(w, ids)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("tagger: %w", err)
	}
	return c, nil
}

// mark sets the clusters of infos.
func (c *Clusters) mark(infos []info) {
	if c == nil {
		return
	}
	for i := range infos {
		infos[i].cl = c.ids[infos[i].exact]
	}
}
