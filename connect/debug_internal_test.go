package connect

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"slices"
	"testing"

	"newsdesk/connect/internal/synth"
)

func TestDebugMissed(t *testing.T) {
	if os.Getenv("DEBUGCOPY") == "" {
		t.Skip()
	}
	texts, _ := synth.Load("/work/shared/data/extraction", 60)
	as, gold, edits := synth.CopyTest(texts, 600, 1)
	docs := fromSynth(as)
	byID := map[int64]Doc{}
	for _, d := range docs {
		byID[d.ID] = d
	}
	c := NewCopies(CopyOptions{})
	for _, d := range docs {
		c.Add(d)
	}
	n := 0
	for id, g := range gold {
		if g == id {
			continue
		}
		a, b := c.index[id], c.index[g]
		if c.find(a) == c.find(b) {
			continue
		}
		sa, sb := c.Sign(byID[id].Text), c.Sign(byID[g].Text)
		band := false
		for i := range sa.bands {
			if sa.bands[i] == sb.bands[i] {
				band = true
			}
		}
		fmt.Println(id, g, edits[id], "band", band, "copy", fmt.Sprint(c.compare(a, b)), dbg(c, a, b))
		n++
		if n > 40 {
			break
		}
	}
}

func dbg(c *Copies, a, b int32) string {
	sa, sb := c.sketch(a), c.sketch(b)
	t := ^uint32(0)
	if !c.docs[a].full {
		t = sa[len(sa)-1]
	}
	if !c.docs[b].full && sb[len(sb)-1] < t {
		t = sb[len(sb)-1]
	}
	na, nb, inter := 0, 0, 0
	m := map[uint32]bool{}
	for _, v := range sa {
		if v <= t {
			na++
			m[v] = true
		}
	}
	for _, v := range sb {
		if v <= t {
			nb++
			if m[v] {
				inter++
			}
		}
	}
	return fmt.Sprint("na ", na, " nb ", nb, " inter ", inter)
}

func TestDebugStories(t *testing.T) {
	if os.Getenv("DEBUGSTORY") == "" {
		t.Skip()
	}
	var truth map[string]struct {
		Body  string `json:"articleBody"`
		Title string `json:"title"`
	}
	b, _ := os.ReadFile("/work/shared/data/extraction/l3s-gn1/truth.json")
	json.Unmarshal(b, &truth)
	var lab struct {
		Articles map[string]struct{ Story, Split string } `json:"articles"`
	}
	b, _ = os.ReadFile("testdata/l3s-gn1/labels.json")
	json.Unmarshal(b, &lab)
	keys := slices.Sorted(maps.Keys(truth))
	s := NewStories(StoryOptions{})
	vecs := map[string][]feature{}
	for _, k := range keys {
		d := Doc{Title: truth[k].Title, Text: truth[k].Body, Lang: "en"}
		fs, _ := s.features(&d)
		vecs[k] = fs
	}
	cos := func(a, b []feature) float64 {
		m := map[int32]float32{}
		for _, f := range a {
			m[f.term] = f.w
		}
		var d float64
		for _, f := range b {
			d += float64(f.w * m[f.term])
		}
		return d
	}
	var pos, neg []float64
	for i, a := range keys {
		for _, bk := range keys[i+1:] {
			c := cos(vecs[a], vecs[bk])
			if lab.Articles[a].Story == lab.Articles[bk].Story {
				pos = append(pos, c)
				fmt.Printf("pos %.3f %s | %s\n", c, truth[a].Title, truth[bk].Title)
			} else {
				neg = append(neg, c)
			}
		}
	}
	slices.Sort(neg)
	fmt.Println("neg top", neg[len(neg)-20:])
}
