package render

import "newsdesk"

// Text renders the article body as plain text: one block per line, list
// items and table rows on a line each (see newsdesk.Article.Text), ending in
// a newline. Title and metadata are left out, so that the output is the
// article body alone, the form content-extraction benchmarks score; use
// Markdown for a readable document. An article without body renders as "".
func Text(a *newsdesk.Article) string {
	if a == nil {
		return ""
	}
	s := a.Text()
	if s == "" {
		return ""
	}
	return s + "\n"
}
