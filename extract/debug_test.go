package extract

import (
	"bytes"
	"compress/gzip"
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
