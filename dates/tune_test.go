package dates

import (
	"os"
	"path/filepath"
	"testing"
)

// TestTune searches the vote weights by coordinate descent (DATES_TUNE=1).
func TestTune(t *testing.T) {
	if os.Getenv("DATES_TUNE") == "" {
		t.Skip()
	}
	a := loadDevSet(t, filepath.Join(devData, "dates"))
	b := loadDevSet(t, filepath.Join(devData, "extraction", "trafilatura"))
	score := func(ps []devPage) int {
		n := 0
		for _, p := range ps {
			if p.gold == "" {
				continue
			}
			if day(Find(p.doc, "").Published) == p.gold {
				n++
			}
		}
		return n
	}
	ws := []struct {
		name string
		p    *float64
	}{
		{"LD", &wLD}, {"MetaPub", &wMetaPub}, {"MetaDate", &wMetaDate}, {"Itemprop", &wItemprop},
		{"TimePub", &wTimePub}, {"Time", &wTime}, {"Abbr", &wAbbr}, {"ClassPub", &wClassPub},
		{"Class", &wClass}, {"NearH1", &wNearH1}, {"FirstText", &wFirstText}, {"PubHint", &wPubHint},
		{"URL", &wURL}, {"Frequent", &wFrequent}, {"ModText", &wModText}, {"Script", &wScript}, {"Any", &wAny},
	}
	vals := []float64{0, 0.5, 1, 1.5, 2, 2.5, 3, 4, 5}
	sa, sb := score(a), score(b)
	t.Logf("start %d + %d = %d", sa, sb, sa+sb)
	for round := 0; round < 2; round++ {
		for _, w := range ws {
			orig := *w.p
			best, bestA, bestB := orig, sa, sb
			for _, v := range vals {
				*w.p = v
				x, y := score(a), score(b)
				if x+y > bestA+bestB+1 {
					best, bestA, bestB = v, x, y
				}
			}
			*w.p = best
			if best != orig {
				t.Logf("%s: %.1f -> %.1f: %d + %d = %d", w.name, orig, best, bestA, bestB, bestA+bestB)
				sa, sb = bestA, bestB
			}
		}
	}
	for _, w := range ws {
		t.Logf("w%s = %.1f", w.name, *w.p)
	}
}
