package extract

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestLeadNamedTeaser checks that a paragraph of the article's header
// named a teaser, without links, is read as the article's lead.
func TestLeadNamedTeaser(t *testing.T) {
	body := strings.Repeat("<p>Der Hafenrat hat am Dienstag die Gebühren für Gastyachten erhöht, zum ersten Mal seit sechs Jahren, wie ein Sprecher bestätigte.</p>", 5)
	page := `<html><head><meta name="description" content="Gastyachten zahlen ab Mai mehr. Der Hafenrat begründet das mit den Kosten der neuen Kaimauer am Südhafen und der Baggerarbeiten."></head><body>
		<article><header><h1>Hafenrat erhöht die Gebühren</h1><p class="teaser">Gastyachten zahlen ab Mai mehr. Der Hafenrat begründet das mit den Kosten der neuen Kaimauer am Südhafen und der Baggerarbeiten.</p></header>
		<div class="body">` + body + `</div><div class="teaser"><a href="/x"><h3>Anderer Artikel</h3><p>Ein Teaser eines anderen Artikels, der nicht zum Text gehört.</p></a></div></article></body></html>`
	a, err := Extract([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := a.Text(); !strings.HasPrefix(text, "Gastyachten zahlen ab Mai mehr.") || strings.Contains(text, "Anderer Artikel") {
		t.Errorf("text:\n%s", text)
	}
}

// TestLeadKeyPoints checks that a list of key points named a summary,
// set before the article's text, is read as its lead.
func TestLeadKeyPoints(t *testing.T) {
	body := strings.Repeat("<p>Der Hafenrat hat am Dienstag die Gebühren für Gastyachten erhöht, zum ersten Mal seit sechs Jahren, wie ein Sprecher bestätigte.</p>", 5)
	page := `<html><body><div class="page"><h1>Hafenrat erhöht die Gebühren</h1>
		<div class="post-summary-bullets"><ul><li>Gastyachten zahlen ab Mai mehr.</li><li>Der Hafenrat begründet das mit der neuen Kaimauer.</li></ul></div>
		<div class="body">` + body + `</div></div></body></html>`
	a, err := Extract([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if text := a.Text(); !strings.HasPrefix(text, "Gastyachten zahlen ab Mai mehr.") {
		t.Errorf("text:\n%s", text)
	}
}

// TestLeadOtherDescription checks that a lead set apart from the article's
// text is found when it repeats any of the page's descriptions, not only
// the first one read (a search snippet in og:description, the lead in
// twitter:description).
func TestLeadOtherDescription(t *testing.T) {
	body := strings.Repeat("<p>Der Hafenrat hat am Dienstag die Gebühren für Gastyachten erhöht, zum ersten Mal seit sechs Jahren, wie ein Sprecher bestätigte.</p>", 5)
	page := `<html><head><meta property="og:description" content="Alles über die neuen Gebühren im Südhafen.">
		<meta name="twitter:description" content="Gastyachten zahlen ab Mai mehr. Der Hafenrat begründet das mit den Kosten der neuen Kaimauer am Südhafen und der Baggerarbeiten.">
		</head><body><article><header><h2>Hafenrat erhöht die Gebühren</h2><div class="sc-x1"><p>Gastyachten zahlen ab Mai mehr. Der Hafenrat begründet das mit den Kosten der neuen Kaimauer am Südhafen und der Baggerarbeiten.</p></div></header>
		<section>` + body + `</section></article></body></html>`
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	tr := build(doc)
	defer tr.release()
	tr.score()
	// The text's container, as the scoring picks it on pages whose header
	// holds more (an author box, a picture).
	var main []int
	for i := range tr.nodes {
		if tr.nodes[i].n.Data == "section" {
			main = []int{i}
		}
	}
	if i := tr.lead(main, "Alles über die neuen Gebühren im Südhafen."); i >= 0 {
		s, _ := tr.textOfAll(i)
		t.Errorf("lead without a matching description: %q", s)
	}
	i := tr.lead(main, "Alles über die neuen Gebühren im Südhafen.", "Gastyachten zahlen ab Mai mehr. Der Hafenrat begründet das mit den Kosten der neuen Kaimauer am Südhafen und der Baggerarbeiten.")
	if i < 0 {
		t.Fatal("no lead found by the second description")
	}
	if s, _ := tr.textOfAll(i); !strings.HasPrefix(strings.TrimSpace(s), "Gastyachten zahlen ab Mai mehr.") {
		t.Errorf("lead: %q", s)
	}
}

// TestLinkedSentence checks which paragraphs made mostly of links are
// running text and which are teasers or link rows.
func TestLinkedSentence(t *testing.T) {
	for _, tc := range []struct {
		p    string
		want bool
	}{
		{`<p>It also <a href="/x">co-ordinates military plans across the alliance</a>.</p>`, true},
		{`<p><a href="/a">Meghan Markle</a>'s mum, <a href="/b">Doria Ragland is said to be the only person the couple trust with the children</a> when they are not around.</p>`, true},
		{`<p>Read more: <a href="/x">Harbour crane returns to work after repairs in the spring.</a></p>`, false},
		{`<p><a href="/x">Harbour crane returns to work after repairs in the spring.</a></p>`, false},
		{`<p><a href="/a">Crane repaired.</a> <a href="/b">Ferry timetable changes.</a></p>`, false},
		{`<p><a href="/a">Politics</a> | <a href="/b">Business</a> | <a href="/c">Sport and more of the week</a></p>`, false},
	} {
		doc, err := html.Parse(strings.NewReader(tc.p))
		if err != nil {
			t.Fatal(err)
		}
		var p *html.Node
		var find func(n *html.Node)
		find = func(n *html.Node) {
			for c := n.FirstChild; c != nil && p == nil; c = c.NextSibling {
				if c.Type == html.ElementNode && c.Data == "p" {
					p = c
					return
				}
				find(c)
			}
		}
		find(doc)
		if got := linkedSentence(p, collapse(textContent(p))); got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.p, got, tc.want)
		}
	}
}
