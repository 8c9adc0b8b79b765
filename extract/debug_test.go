package extract

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestDebugPage prints how the extractor sees one page: set DEBUG_PAGE to
// a .html or .html.gz file.
func TestDebugPage(t *testing.T) {
	path := os.Getenv("DEBUG_PAGE")
	if path == "" {
		t.Skip("DEBUG_PAGE not set")
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if strings.HasSuffix(path, ".gz") {
		zr, _ := gzip.NewReader(bytes.NewReader(raw))
		raw, _ = io.ReadAll(zr)
	}
	text, cs := decode(raw, "")
	doc, _ := html.Parse(bytes.NewReader(text))
	tr := build(doc)
	tr.score()
	desc := func(i int) string {
		nd := &tr.nodes[i]
		return fmt.Sprintf("#%d <%s class=%q id=%q> depth=%d text=%d link=%d own=%d score=%.1f junk=%v", i, nd.n.Data, attr(nd.n, "class"), attr(nd.n, "id"), nd.depth, nd.textLen, nd.linkLen, nd.ownLen, nd.score, nd.junk)
	}
	fmt.Println("charset", cs, "nodes", len(tr.nodes))
	var cands []int
	for i := range tr.nodes {
		if tr.nodes[i].score > 0 {
			cands = append(cands, i)
		}
	}
	sort.Slice(cands, func(a, b int) bool { return tr.nodes[cands[a]].score > tr.nodes[cands[b]].score })
	for _, c := range cands[:min(10, len(cands))] {
		fmt.Println("cand", desc(c))
	}
	fmt.Println("-- junk with text > 200")
	for i := 0; i < len(tr.nodes); i++ {
		if tr.nodes[i].junk {
			if tr.nodes[i].textLen > 200 {
				fmt.Println("junk", desc(i))
			}
			i = int(tr.nodes[i].end) - 1
		}
	}
	if os.Getenv("DEBUG_ALL") != "" {
		for i := range tr.nodes {
			fmt.Println(strings.Repeat(" ", int(tr.nodes[i].depth)), desc(i))
		}
	}
	fmt.Println("-- main", tr.mainContent())
	for _, i := range tr.mainContent() {
		fmt.Println(desc(i))
	}
}

// TestDebugSnippets explains, for each trafilatura "with" snippet missing
// from the output, where the extractor lost it. Set DEBUG_SNIPPETS=1.
func TestDebugSnippets(t *testing.T) {
	if os.Getenv("DEBUG_SNIPPETS") == "" {
		t.Skip("DEBUG_SNIPPETS not set")
	}
	dir := "../../shared/data/extraction/" + firstNonEmpty(os.Getenv("DEBUG_SET"), "trafilatura")
	tb, err := os.ReadFile(dir + "/truth.json")
	if err != nil {
		t.Skip(err)
	}
	var truth map[string]struct {
		With []string `json:"with"`
	}
	if err := json.Unmarshal(tb, &truth); err != nil {
		t.Fatal(err)
	}
	norm := func(s string) string { return strings.Join(strings.Fields(s), " ") }
	reasons := map[string]int{}
	for id, tr := range truth {
		if only := os.Getenv("DEBUG_ID"); only != "" && only != id {
			continue
		}
		raw, err := os.ReadFile(dir + "/html/" + id + ".html.gz")
		if err != nil {
			continue
		}
		zr, _ := gzip.NewReader(bytes.NewReader(raw))
		raw, _ = io.ReadAll(zr)
		a, _ := Extract(raw, Options{})
		out := ""
		if a != nil {
			out = norm(a.Text())
		}
		text, _ := decode(raw, "")
		doc, _ := html.Parse(bytes.NewReader(text))
		tr2 := build(doc)
		tr2.score()
		main := tr2.mainContent()
		for _, w := range tr.With {
			w = norm(w)
			if strings.Contains(out, w) {
				continue
			}
			// smallest node whose gathered text holds the snippet
			best := -1
			for i := range tr2.nodes {
				if tr2.nodes[i].textLen < int32(len([]rune(w))) && best >= 0 {
					continue
				}
				s, _ := tr2.textOfAll(i)
				if strings.Contains(norm(s), w) {
					best = i
				}
			}
			why := "not in tree"
			if best >= 0 {
				why = "outside main"
				for _, m := range main {
					if m == best || tr2.contains(int32(m), best) {
						why = "in main, dropped by block filter"
					}
				}
				for p := int32(best); p >= 0; p = tr2.nodes[p].parent {
					if tr2.nodes[p].junk {
						why = fmt.Sprintf("junk <%s class=%q id=%q>", tr2.nodes[p].n.Data, attr(tr2.nodes[p].n, "class"), attr(tr2.nodes[p].n, "id"))
						break
					}
				}
			}
			if os.Getenv("DEBUG_ID") == id && best >= 0 {
				for p := int32(best); p >= 0; p = tr2.nodes[p].parent {
					nd := &tr2.nodes[p]
					fmt.Printf("   ^ #%d <%s class=%q id=%q> text=%d link=%d own=%d paras=%d score=%.1f junk=%v\n", p, nd.n.Data, attr(nd.n, "class"), attr(nd.n, "id"), nd.textLen, nd.linkLen, nd.ownLen, nd.paras, nd.score, nd.junk)
				}
				fmt.Println("   main:", main)
			}
			k := why
			if strings.HasPrefix(why, "junk") {
				k = "junk"
			}
			reasons[k]++
			fmt.Printf("%-40.40s %-70.70s %s\n", id, why, w)
		}
	}
	fmt.Println(reasons)
}
