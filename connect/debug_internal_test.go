package connect

import (
	"fmt"
	"os"
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
