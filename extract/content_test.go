package extract

import (
	"strings"
	"testing"
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
