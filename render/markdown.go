package render

import (
	"strconv"
	"strings"

	"newsdesk"
)

// Markdown renders the article as a CommonMark (GitHub-flavoured) document:
// the title as a "# " heading, the subtitle in italics, body headings as
// "##" and deeper, lists with "- " or "1. ", quotes with "> ", tables as GFM
// tables and captions in italics. Text from the page is escaped so that it
// reads back as the same plain text: inline markup characters get a
// backslash, and so does anything at the start of a line that would open a
// heading, list, quote or table. The result ends in a newline, or is "" for
// an article with neither title nor body.
func Markdown(a *newsdesk.Article) string {
	if a == nil {
		return ""
	}
	var parts []string
	if t := oneLine(a.Title); t != "" {
		parts = append(parts, "# "+escapeHeading(t))
	}
	if s := oneLine(a.Subtitle); s != "" {
		parts = append(parts, "*"+escapeInline(s)+"*")
	}
	for _, b := range a.Blocks {
		if s := markdownBlock(b); s != "" {
			parts = append(parts, s)
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "\n\n") + "\n"
}

// markdownBlock renders one block without surrounding blank lines; it
// returns "" for a block without text.
func markdownBlock(b newsdesk.Block) string {
	switch b.Kind {
	case newsdesk.Heading:
		t := oneLine(b.Text)
		if t == "" {
			return ""
		}
		level := min(max(b.Level, 2), 6)
		return strings.Repeat("#", level) + " " + escapeHeading(t)
	case newsdesk.List:
		return markdownList(listItems(b), b.Ordered)
	case newsdesk.Quote:
		lines := escapeLines(b.Text)
		for i, l := range lines {
			lines[i] = "> " + l
		}
		return strings.Join(lines, "\n")
	case newsdesk.Table:
		if len(b.Rows) == 0 {
			return strings.Join(escapeLines(b.Text), "\n")
		}
		return markdownTable(b.Rows)
	case newsdesk.Caption:
		t := oneLine(b.Text)
		if t == "" {
			return ""
		}
		return "*" + escapeInline(t) + "*"
	case newsdesk.Code:
		return markdownCode(b.Text)
	default:
		return strings.Join(escapeLines(b.Text), "\n")
	}
}

// listItems returns the items of a list block, falling back to the lines of
// its text when the extractor filled in only Text.
func listItems(b newsdesk.Block) []string {
	if len(b.Items) > 0 {
		return b.Items
	}
	return strings.Split(b.Text, "\n")
}

func markdownList(items []string, ordered bool) string {
	var sb strings.Builder
	n := 0
	for _, it := range items {
		lines := escapeLines(it)
		if len(lines) == 0 {
			continue
		}
		n++
		marker := "- "
		if ordered {
			marker = strconv.Itoa(n) + ". "
		}
		indent := strings.Repeat(" ", len(marker))
		if n > 1 {
			sb.WriteByte('\n')
		}
		for i, l := range lines {
			if i == 0 {
				sb.WriteString(marker)
			} else {
				sb.WriteByte('\n')
				sb.WriteString(indent)
			}
			sb.WriteString(l)
		}
	}
	return sb.String()
}

func markdownTable(rows [][]string) string {
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	if cols == 0 {
		return ""
	}
	var sb strings.Builder
	writeRow := func(r []string) {
		sb.WriteByte('|')
		for i := range cols {
			cell := ""
			if i < len(r) {
				cell = escapeInline(oneLine(r[i]))
				cell = strings.ReplaceAll(cell, "|", `\|`)
			}
			sb.WriteByte(' ')
			sb.WriteString(cell)
			sb.WriteString(" |")
		}
		sb.WriteByte('\n')
	}
	writeRow(rows[0])
	sb.WriteByte('|')
	for range cols {
		sb.WriteString(" --- |")
	}
	sb.WriteByte('\n')
	for _, r := range rows[1:] {
		writeRow(r)
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// markdownCode fences code with more backticks than it contains in a row.
func markdownCode(s string) string {
	s = strings.Trim(s, "\n")
	if strings.TrimSpace(s) == "" {
		return ""
	}
	run, longest := 0, 0
	for _, r := range s {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	return fence + "\n" + s + "\n" + fence
}

// oneLine collapses all runs of white space, newlines included, into single
// spaces and trims the ends.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// escapeLines splits s into its non-blank lines, each trimmed and escaped
// with escapeInline and escapeLineStart.
func escapeLines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		l = oneLine(l)
		if l == "" {
			continue
		}
		out = append(out, escapeLineStart(escapeInline(l)))
	}
	return out
}

// escapeHeading escapes heading text; '#' is escaped everywhere so that no
// trailing run of it is taken as a closing sequence.
func escapeHeading(s string) string {
	return strings.ReplaceAll(escapeInline(s), "#", `\#`)
}

// escapeInline puts a backslash before the characters that start inline
// markup: emphasis, code spans, links, autolinks and raw HTML, strikethrough,
// and before '&' where it would start an entity reference.
func escapeInline(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<~&") {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '~':
			sb.WriteByte('\\')
		case '&':
			if looksLikeEntity(s[i+1:]) {
				sb.WriteByte('\\')
			}
		}
		sb.WriteByte(c)
	}
	return sb.String()
}

// looksLikeEntity reports whether s, the text after an '&', starts like the
// rest of an entity or character reference ("amp;", "#39;").
func looksLikeEntity(s string) bool {
	for i := 0; i < len(s) && i < 32; i++ {
		c := s[i]
		switch {
		case c == ';':
			return i > 0
		case c == '#' && i == 0,
			'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		default:
			return false
		}
	}
	return false
}

// escapeLineStart escapes what would make an already inline-escaped line
// open a block: an ATX heading, a quote, a bullet or ordered list marker, a
// setext underline or thematic break, or a table row.
func escapeLineStart(l string) string {
	if l == "" {
		return l
	}
	switch l[0] {
	case '#', '>', '-', '+', '=', '|':
		return `\` + l
	}
	// "1." or "1)" followed by a space or the end opens an ordered list.
	i := 0
	for i < len(l) && i < 10 && '0' <= l[i] && l[i] <= '9' {
		i++
	}
	if i > 0 && i < len(l) && (l[i] == '.' || l[i] == ')') &&
		(i+1 == len(l) || l[i+1] == ' ' || l[i+1] == '\t') {
		return l[:i] + `\` + l[i:]
	}
	return l
}
