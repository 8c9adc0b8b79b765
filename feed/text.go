package feed

import (
	"bytes"
	"html"
	"net/url"
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// collapse trims s and turns every run of white space into one space.
func collapse(s string) string {
	clean := true
	prevSpace := true
	for _, r := range s {
		sp := unicode.IsSpace(r)
		if sp && (prevSpace || r != ' ') {
			clean = false
			break
		}
		prevSpace = sp
	}
	if clean && !prevSpace {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// plainText returns the text of an HTML fragment: tags dropped (with a
// space where a block ends), entities decoded, script and style left out,
// white space collapsed.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return collapse(s)
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var sb strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return collapse(sb.String())
		case xhtml.TextToken:
			if skip == 0 {
				sb.Write(z.Text())
			}
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if a == atom.Script || a == atom.Style {
				skip++
			}
			sb.WriteByte(' ')
		case xhtml.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if (a == atom.Script || a == atom.Style) && skip > 0 {
				skip--
			}
			if isInline(a) {
				continue
			}
			sb.WriteByte(' ')
		}
	}
}

func isInline(a atom.Atom) bool {
	switch a {
	case atom.A, atom.B, atom.I, atom.Em, atom.Strong, atom.Span, atom.Abbr, atom.Cite,
		atom.Code, atom.Q, atom.Small, atom.Sub, atom.Sup, atom.U, atom.S, atom.Mark, atom.Time:
		return true
	}
	return false
}

// titleText turns a title as RSS feeds write it into plain text: entities
// are decoded (feeds often escape twice) and tags are dropped when the
// title plainly holds markup, while a bare "<video>" is kept as words.
func titleText(s string) string {
	if strings.Contains(s, "</") || strings.Contains(s, "/>") || strings.Contains(s, "<br") {
		return plainText(s)
	}
	if strings.Contains(s, "&") {
		s = html.UnescapeString(s)
	}
	return collapse(s)
}

// absolutizeHTML rewrites the relative href, src and poster attributes in
// an HTML fragment against base. The rest of the fragment is kept byte
// for byte.
func absolutizeHTML(s string, base *url.URL) string {
	if base == nil || !(strings.Contains(s, "href") || strings.Contains(s, "src") || strings.Contains(s, "poster")) {
		return s
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	var out bytes.Buffer
	changed := false
	for {
		tt := z.Next()
		if tt == xhtml.ErrorToken {
			break
		}
		raw := z.Raw()
		if tt != xhtml.StartTagToken && tt != xhtml.SelfClosingTagToken {
			out.Write(raw)
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			out.Write(raw)
			continue
		}
		var attrs []xhtml.Attribute
		rewrote := false
		for more := true; more; {
			var k, v []byte
			k, v, more = z.TagAttr()
			a := xhtml.Attribute{Key: string(k), Val: string(v)}
			if a.Key == "href" || a.Key == "src" || a.Key == "poster" {
				if abs := resolve(base, a.Val); abs != a.Val {
					a.Val = abs
					rewrote = true
				}
			}
			attrs = append(attrs, a)
		}
		if !rewrote {
			out.Write(raw)
			continue
		}
		changed = true
		out.WriteByte('<')
		out.Write(name)
		for _, a := range attrs {
			out.WriteByte(' ')
			out.WriteString(a.Key)
			out.WriteString(`="`)
			out.WriteString(html.EscapeString(a.Val))
			out.WriteByte('"')
		}
		if tt == xhtml.SelfClosingTagToken {
			out.WriteString("/")
		}
		out.WriteByte('>')
	}
	if !changed {
		return s
	}
	return out.String()
}

// firstImage returns the src of the first <img> in an HTML fragment that
// is not a tracking pixel, or "".
func firstImage(s string) string {
	if !strings.Contains(s, "<img") && !strings.Contains(s, "<IMG") {
		return ""
	}
	z := xhtml.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return ""
		case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
			name, hasAttr := z.TagName()
			if atom.Lookup(name) != atom.Img || !hasAttr {
				continue
			}
			var src string
			tiny := false
			for {
				k, v, more := z.TagAttr()
				switch string(k) {
				case "src":
					src = strings.TrimSpace(string(v))
				case "width", "height":
					if w := strings.TrimSpace(string(v)); w == "0" || w == "1" {
						tiny = true
					}
				}
				if !more {
					break
				}
			}
			if src != "" && !tiny && !strings.HasPrefix(src, "data:") {
				return src
			}
		}
	}
}

// resolve returns ref made absolute against base, or ref itself (trimmed)
// when it cannot be.
func resolve(base *url.URL, ref string) string {
	ref = strings.TrimSpace(ref)
	if ref == "" || hasHTTPScheme(ref) {
		return ref
	}
	u, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	if u.IsAbs() {
		return ref
	}
	if base == nil || strings.HasPrefix(ref, "#") {
		return ref
	}
	return base.ResolveReference(u).String()
}

// maxList caps the authors and categories kept for one item.
const maxList = 100

// appendUnique appends the non-empty, collapsed values to list, skipping
// those already there (compared case-insensitively), up to maxList.
func appendUnique(list []string, values ...string) []string {
outer:
	for _, v := range values {
		if len(list) >= maxList {
			break
		}
		v = collapse(v)
		if v == "" {
			continue
		}
		for _, have := range list {
			if strings.EqualFold(have, v) {
				continue outer
			}
		}
		list = append(list, v)
	}
	return list
}

// hasHTTPScheme reports whether s starts with http:// or https://, in any
// case.
func hasHTTPScheme(s string) bool {
	return len(s) >= 7 && strings.EqualFold(s[:7], "http://") || len(s) >= 8 && strings.EqualFold(s[:8], "https://")
}
