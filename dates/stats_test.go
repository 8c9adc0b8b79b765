package dates

import (
	"os"
	"path/filepath"
	"testing"
)

func TestStats(t *testing.T) {
	if os.Getenv("DATES_STATS") == "" {
		t.Skip()
	}
	for _, set := range []string{"dates", "extraction/trafilatura"} {
		pages := loadDevSet(t, filepath.Join(devData, set))
		cnt := map[string]int{}
		n := 0
		for _, p := range pages {
			if p.gold == "" {
				continue
			}
			n++
			f := new(finder)
			f.reset()
			f.walk(p.doc)
			f.pruneBads()
			f.scanText()
			limit := latestPlausible()
			sig := map[string]string{}
			for _, s := range f.ld {
				f.ldDates = scanJSONLD(s, f.ldDates)
			}
			for _, d := range f.ldDates {
				if tm, ok := Parse(d.value); ok {
					k := "ld:" + d.key
					if sig[k] == "" {
						sig[k] = day(tm)
					}
				}
			}
			for _, m := range f.metas {
				c := classifyMeta(m.key)
				if tm, ok := Parse(m.value); ok && c != 0 {
					k := "meta:" + map[int]string{2: "pub", 1: "gen", -1: "mod"}[c]
					if sig[k] == "" {
						sig[k] = day(tm)
					}
				}
			}
			for _, m := range f.matches {
				if m.q != qDay || !plausible(m.t, limit) {
					continue
				}
				bad := inIntervals(f.bads, m.start, m.end)
				if !bad && sig["text:first"] == "" {
					sig["text:first"] = day(m.t)
				}
				if !bad && f.h1 >= 0 && m.start > f.h1 && sig["text:afterh1"] == "" {
					sig["text:afterh1"] = day(m.t)
				}
				if !bad && f.h1 >= 0 && m.start > f.h1 && m.start < f.h1+1000 && sig["text:nearh1"] == "" {
					sig["text:nearh1"] = day(m.t)
				}
				if m.hint > 0 && sig["text:pubhint"] == "" {
					sig["text:pubhint"] = day(m.t)
				}
				if m.hint < 0 && sig["text:modhint"] == "" {
					sig["text:modhint"] = day(m.t)
				}
			}
			for _, sp := range f.spans {
				if sp.bad {
					continue
				}
				var tm textMatch
				ok := false
				if sp.attr != "" {
					if x, ok2 := Parse(sp.attr); ok2 {
						tm.t, ok = x, true
					}
				}
				if !ok {
					tm, ok = f.firstMatchIn(sp.start, sp.end)
				}
				if !ok {
					continue
				}
				k := map[int]string{0: "span:itemprop", 1: "span:time", 2: "span:abbr", 3: "span:class"}[sp.kind]
				if sig[k] == "" {
					sig[k] = day(tm.t)
				}
			}
			for k, v := range sig {
				cnt[k+" have"]++
				if v == p.gold {
					cnt[k+" ok"]++
				}
			}
		}
		t.Logf("%s n=%d", set, n)
		for _, k := range []string{"ld:datePublished", "ld:dateCreated", "ld:dateModified", "meta:pub", "meta:gen", "meta:mod", "text:first", "text:afterh1", "text:nearh1", "text:pubhint", "text:modhint", "span:itemprop", "span:time", "span:abbr", "span:class"} {
			t.Logf("  %-18s have %3d ok %3d (%.2f)", k, cnt[k+" have"], cnt[k+" ok"], float64(cnt[k+" ok"])/float64(max(1, cnt[k+" have"])))
		}
	}
}
