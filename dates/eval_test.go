package dates

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
)

// devData is the shared development data, relative to the package dir.
const devData = "../../shared/data"

type devPage struct {
	id, url, gold string
	doc           *html.Node
}

// loadDevSet reads truth.json and parses every page of one data set.
func loadDevSet(tb testing.TB, dir string) []devPage {
	raw, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		tb.Skipf("dev data not available: %v", err)
	}
	var truth map[string]struct {
		URL  string  `json:"url"`
		Date *string `json:"date"`
	}
	if err := json.Unmarshal(raw, &truth); err != nil {
		tb.Fatal(err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var pages []devPage
	for _, id := range ids {
		g := truth[id]
		gz, err := os.ReadFile(filepath.Join(dir, "html", id+".html.gz"))
		if err != nil {
			tb.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			tb.Fatal(err)
		}
		body, err := io.ReadAll(zr)
		if err != nil {
			tb.Fatal(err)
		}
		r, err := charset.NewReader(bytes.NewReader(body), "")
		if err != nil {
			tb.Fatal(err)
		}
		doc, err := html.Parse(r)
		if err != nil {
			tb.Fatal(err)
		}
		gold := ""
		if g.Date != nil {
			gold = *g.Date
		}
		pages = append(pages, devPage{id: id, url: g.URL, gold: gold, doc: doc})
	}
	return pages
}

func day(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// TestDevSetAccuracy scores Find on the development sets, with and
// without the page URL. Run with -v to list the pages failed without the
// URL (DATES_FAILS=all adds those failed with it).
func TestDevSetAccuracy(t *testing.T) {
	if _, err := os.Stat(devData); err != nil {
		t.Skip("dev data not available")
	}
	sets := []struct {
		name     string
		dir      string
		nullGold bool // pages with null gold count (as TN when no date)
	}{
		{"dates", filepath.Join(devData, "dates"), true},
		{"trafilatura", filepath.Join(devData, "extraction", "trafilatura"), false},
	}
	for _, set := range sets {
		pages := loadDevSet(t, set.dir)
		for _, withURL := range []bool{true, false} {
			var n, ok int
			var fn, fok [2]int
			var fails []string
			start := time.Now()
			for _, p := range pages {
				if p.gold == "" && !set.nullGold {
					continue
				}
				u := ""
				if withURL {
					u = p.url
				}
				r := Find(p.doc, u)
				got := day(r.Published)
				n++
				k := hostFold(p.url)
				fn[k]++
				if got == p.gold {
					ok++
					fok[k]++
				} else {
					fails = append(fails, fmt.Sprintf("  %s %s gold=%-10s got=%-10s src=%-30s %s", set.name[:4], p.id, p.gold, got, r.Source, p.url))
				}
			}
			el := time.Since(start)
			label := "url"
			if !withURL {
				label = "no-url"
			}
			t.Logf("%-12s %-6s accuracy %.3f (%d/%d) %v/page; host folds %.3f (%d/%d) %.3f (%d/%d)", set.name, label, float64(ok)/float64(n), ok, n, el/time.Duration(max(n, 1)),
				float64(fok[0])/float64(max(fn[0], 1)), fok[0], fn[0], float64(fok[1])/float64(max(fn[1], 1)), fok[1], fn[1])
			if testing.Verbose() && (!withURL || os.Getenv("DATES_FAILS") == "all") {
				for _, s := range fails {
					t.Log(s)
				}
			}
		}
	}
}

// hostFold splits pages into two halves by a hash of their URL's host, so
// that a tuning change can be checked on sites it was not fitted to.
func hostFold(u string) int {
	host := u
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	if i := strings.IndexAny(host, "/?#"); i >= 0 {
		host = host[:i]
	}
	host = strings.TrimPrefix(strings.ToLower(host), "www.")
	h := fnv.New32a()
	h.Write([]byte(host))
	return int(h.Sum32() & 1)
}

func BenchmarkFind(b *testing.B) {
	if _, err := os.Stat(devData); err != nil {
		b.Skip("dev data not available")
	}
	pages := loadDevSet(b, filepath.Join(devData, "dates"))
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := pages[i%len(pages)]
		Find(p.doc, "")
	}
}

// TestDebugPage prints the candidates for the pages named in DATES_DEBUG.
func TestDebugPage(t *testing.T) {
	ids := os.Getenv("DATES_DEBUG")
	if ids == "" {
		t.Skip("set DATES_DEBUG=id[,id...]")
	}
	for _, set := range []string{"dates", "extraction/trafilatura"} {
		for _, p := range loadDevSet(t, filepath.Join(devData, set)) {
			if !containsWord(ids, p.id) {
				continue
			}
			debugf = t.Logf
			t.Logf("== %s gold=%s url=%s", p.id, p.gold, p.url)
			r := Find(p.doc, "")
			debugf = nil
			t.Logf("=> %s %s mod=%s", day(r.Published), r.Source, day(r.Modified))
		}
	}
}

func containsWord(list, w string) bool {
	for _, x := range strings.Split(list, ",") {
		if x == w {
			return true
		}
	}
	return false
}
