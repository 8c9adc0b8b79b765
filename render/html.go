package render

import (
	"html"
	"strconv"
	"strings"

	"newsdesk"
)

// HTML renders the article as a small HTML fragment: an <article> element
// holding an <h1> title, a <p class="subtitle">, and the body as <h2>–<h6>,
// <p>, <ul>/<ol>, <blockquote>, <table>, <figure><figcaption> and
// <pre><code>. All text is escaped with html.EscapeString and no attribute
// takes a value from the page, so no markup from the page can survive; the
// fragment is safe to embed in a trusted document. Line breaks inside a
// paragraph, quote or caption become <br>.
func HTML(a *newsdesk.Article) string {
	var sb strings.Builder
	sb.WriteString("<article>\n")
	if a != nil {
		if t := oneLine(a.Title); t != "" {
			sb.WriteString("<h1>" + html.EscapeString(t) + "</h1>\n")
		}
		if s := oneLine(a.Subtitle); s != "" {
			sb.WriteString(`<p class="subtitle">` + html.EscapeString(s) + "</p>\n")
		}
		for _, b := range a.Blocks {
			htmlBlock(&sb, b)
		}
	}
	sb.WriteString("</article>\n")
	return sb.String()
}

// htmlBlock writes one block followed by a newline; it writes nothing for a
// block without text.
func htmlBlock(sb *strings.Builder, b newsdesk.Block) {
	switch b.Kind {
	case newsdesk.Heading:
		t := oneLine(b.Text)
		if t == "" {
			return
		}
		tag := "h" + strconv.Itoa(min(max(b.Level, 2), 6))
		sb.WriteString("<" + tag + ">" + html.EscapeString(t) + "</" + tag + ">\n")
	case newsdesk.List:
		var items []string
		for _, it := range listItems(b) {
			if s := escapeBreaks(it); s != "" {
				items = append(items, s)
			}
		}
		if len(items) == 0 {
			return
		}
		tag := "ul"
		if b.Ordered {
			tag = "ol"
		}
		sb.WriteString("<" + tag + ">\n")
		for _, it := range items {
			sb.WriteString("<li>" + it + "</li>\n")
		}
		sb.WriteString("</" + tag + ">\n")
	case newsdesk.Quote:
		if s := escapeBreaks(b.Text); s != "" {
			sb.WriteString("<blockquote><p>" + s + "</p></blockquote>\n")
		}
	case newsdesk.Table:
		if len(b.Rows) == 0 {
			if s := escapeBreaks(b.Text); s != "" {
				sb.WriteString("<p>" + s + "</p>\n")
			}
			return
		}
		sb.WriteString("<table>\n")
		for _, r := range b.Rows {
			sb.WriteString("<tr>")
			for _, c := range r {
				sb.WriteString("<td>" + html.EscapeString(oneLine(c)) + "</td>")
			}
			sb.WriteString("</tr>\n")
		}
		sb.WriteString("</table>\n")
	case newsdesk.Caption:
		if s := escapeBreaks(b.Text); s != "" {
			sb.WriteString("<figure><figcaption>" + s + "</figcaption></figure>\n")
		}
	case newsdesk.Code:
		s := strings.Trim(b.Text, "\n")
		if strings.TrimSpace(s) == "" {
			return
		}
		sb.WriteString("<pre><code>" + html.EscapeString(s) + "</code></pre>\n")
	default:
		if s := escapeBreaks(b.Text); s != "" {
			sb.WriteString("<p>" + s + "</p>\n")
		}
	}
}

// escapeBreaks escapes the non-blank lines of s and joins them with <br>.
func escapeBreaks(s string) string {
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = oneLine(l); l != "" {
			lines = append(lines, html.EscapeString(l))
		}
	}
	return strings.Join(lines, "<br>\n")
}
