package main

import (
	"fmt"
	"testing"
)

// Words used in the same places end up in the same cluster.
func TestBuildClusters(t *testing.T) {
	defer func(k string, m int) { *clusterKs, *clusterMin = k, m }(*clusterKs, *clusterMin)
	*clusterKs, *clusterMin = "4", 2
	cities := []string{"Berlin", "Hamburg", "Bremen", "Köln"}
	foods := []string{"Brot", "Käse", "Suppe", "Kuchen"}
	var sents [][]string
	for i := range 40 {
		c, f := cities[i%4], foods[(i/4)%4]
		sents = append(sents,
			[]string{"wir", "fahren", "nach", c, "."},
			[]string{"sie", "essen", f, "gern", "."},
			[]string{"in", c, "gibt", "es", f, "."})
	}
	lines := buildClusters(sents)
	id := map[string]int{}
	for _, l := range lines {
		if len(l.ids) != 1 {
			t.Fatalf("%s: %d clusters, want 1", l.word, len(l.ids))
		}
		id[l.word] = l.ids[0]
	}
	for _, group := range [][]string{cities, foods} {
		for _, w := range group[1:] {
			if id[w] != id[group[0]] {
				t.Errorf("%s in cluster %d, %s in %d", w, id[w], group[0], id[group[0]])
			}
		}
	}
	if id[cities[0]] == id[foods[0]] {
		t.Errorf("cities and foods in one cluster %d", id[cities[0]])
	}
	again := buildClusters(sents)
	if fmt.Sprint(again) != fmt.Sprint(lines) {
		t.Error("a second run gave other clusters")
	}
}
