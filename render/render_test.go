package render_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/render"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// articles are the inputs of the golden tests; each renders to
// testdata/<name>.txt, .md and .html.
var articles = map[string]*newsdesk.Article{
	"full": {
		URL:       "https://example.com/news/2024/rathaus",
		Title:     "Stadtrat beschließt neues Rathaus",
		Subtitle:  "Nach jahrelangem Streit fällt die Entscheidung knapp aus",
		Authors:   []string{"Anna Müller"},
		Published: time.Date(2024, 3, 5, 9, 30, 0, 0, time.UTC),
		Language:  "de",
		Blocks: []newsdesk.Block{
			{Kind: newsdesk.Paragraph, Text: "Der Stadtrat hat am Dienstag mit 21 zu 19 Stimmen für den Neubau gestimmt."},
			{Kind: newsdesk.Heading, Level: 2, Text: "Die Kosten"},
			{Kind: newsdesk.Paragraph, Text: "Das Projekt soll 48 Millionen Euro kosten."},
			{Kind: newsdesk.List, Items: []string{"Baubeginn 2025", "Fertigstellung 2028"}, Text: "Baubeginn 2025\nFertigstellung 2028"},
			{Kind: newsdesk.List, Ordered: true, Items: []string{"Abstimmung", "Ausschreibung", "Bau"}},
			{Kind: newsdesk.Quote, Text: "Das ist ein guter Tag für die Stadt."},
			{Kind: newsdesk.Heading, Level: 3, Text: "Zahlen im Überblick"},
			{Kind: newsdesk.Table, Rows: [][]string{{"Jahr", "Kosten"}, {"2025", "12 Mio."}, {"2026", "20 Mio."}}},
			{Kind: newsdesk.Caption, Text: "Entwurf des neuen Rathauses. Foto: Stadt"},
			{Kind: newsdesk.Code, Text: "budget := 48_000_000"},
		},
	},
	"escaping": {
		Title:    "5 * 3 = 15 & <b>bold</b> #1",
		Subtitle: "Why *this* matters_now",
		Blocks: []newsdesk.Block{
			{Kind: newsdesk.Paragraph, Text: "# not a heading"},
			{Kind: newsdesk.Paragraph, Text: "- not a list\n+ neither\n1. nor this\n2) nor that\n> not a quote"},
			{Kind: newsdesk.Paragraph, Text: "1984. Das Jahr; 3.5 Prozent; AT&T; &amp; stays; [link](http://x) <script>alert(1)</script>"},
			{Kind: newsdesk.Paragraph, Text: "    indented code? no\n===\n---"},
			{Kind: newsdesk.Paragraph, Text: `back\slash, ` + "`code`" + `, ~strike~, __bold__`},
			{Kind: newsdesk.Heading, Level: 1, Text: "Heading ending in #"},
			{Kind: newsdesk.Heading, Level: 9, Text: "Deep\nheading"},
			{Kind: newsdesk.List, Items: []string{"- dash item", "item with\nsecond line", "", "<i>x</i>"}},
			{Kind: newsdesk.Quote, Text: "first line\n\n> nested?"},
			{Kind: newsdesk.Table, Rows: [][]string{{"a|b", "c"}, {"<td>x</td>"}, {"1", "2", "3"}}},
			{Kind: newsdesk.Caption, Text: "*starred*"},
			{Kind: newsdesk.Code, Text: "```\n<html>\n```"},
			{Kind: newsdesk.Paragraph, Text: "  \n "},
			{Kind: newsdesk.Table, Text: "table without rows"},
			{Kind: "unknown", Text: "unknown kind renders as a paragraph"},
		},
	},
	"title-only": {
		Title: "Only a title",
	},
	"empty": {},
}

func TestGolden(t *testing.T) {
	formats := []struct {
		ext    string
		render func(*newsdesk.Article) string
	}{
		{".txt", render.Text},
		{".md", render.Markdown},
		{".html", render.HTML},
	}
	for name, a := range articles {
		for _, f := range formats {
			t.Run(name+f.ext, func(t *testing.T) {
				got := f.render(a)
				path := filepath.Join("testdata", name+f.ext)
				if *update {
					if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run go test ./render -update)", err)
				}
				if got != string(want) {
					t.Errorf("%s differs from the golden file (go test ./render -update rewrites it)\ngot:\n%s\nwant:\n%s", path, got, want)
				}
			})
		}
	}
}

func TestNil(t *testing.T) {
	if got := render.Text(nil); got != "" {
		t.Errorf("Text(nil) = %q", got)
	}
	if got := render.Markdown(nil); got != "" {
		t.Errorf("Markdown(nil) = %q", got)
	}
	if got := render.HTML(nil); got != "<article>\n</article>\n" {
		t.Errorf("HTML(nil) = %q", got)
	}
}

// TestHTMLNoMarkupSurvives checks that no '<' from the page reaches the
// output: every tag in the output is one of ours.
func TestHTMLNoMarkupSurvives(t *testing.T) {
	hostile := `<script>alert("x")</script><img src=x onerror=alert(1)>"'&`
	a := &newsdesk.Article{Title: hostile, Subtitle: hostile}
	for _, k := range []newsdesk.BlockKind{newsdesk.Heading, newsdesk.Paragraph, newsdesk.Quote, newsdesk.Caption, newsdesk.Code, "other"} {
		a.Blocks = append(a.Blocks, newsdesk.Block{Kind: k, Level: 2, Text: hostile})
	}
	a.Blocks = append(a.Blocks,
		newsdesk.Block{Kind: newsdesk.List, Items: []string{hostile}},
		newsdesk.Block{Kind: newsdesk.Table, Rows: [][]string{{hostile}}},
	)
	out := render.HTML(a)
	for _, bad := range []string{"<script", "<img", "onerror=alert(1)>", `"x"`, "'&"} {
		if strings.Contains(out, bad) {
			t.Errorf("output contains %q:\n%s", bad, out)
		}
	}
	if n := strings.Count(out, "&lt;script&gt;"); n != 10 {
		t.Errorf("escaped script tag appears %d times, want 10:\n%s", n, out)
	}
}
