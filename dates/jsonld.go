package dates

import "strings"

// ldDate is one date property found in a JSON-LD block.
type ldDate struct {
	key   string // "datePublished", "dateCreated", "dateModified", "uploadDate"
	value string
	typ   string // @type of the enclosing object, lower-cased
	depth int    // nesting depth of the enclosing object
}

// maxLDLen caps the bytes of one JSON-LD block that are scanned.
const maxLDLen = 1 << 20

// ldFrame is one open object or array while scanning JSON-LD.
type ldFrame struct {
	obj       bool
	typ       string
	typeArray bool // an array that is the value of "@type"
	dates     []ldDate
}

// scanJSONLD walks a JSON-LD text with a tolerant hand-written scanner and
// returns the date properties with the @type of their object. Broken JSON
// (trailing commas, comments, truncation, unescaped quotes) does not stop
// it: it just keeps reading strings and brackets.
func scanJSONLD(s string, out []ldDate) []ldDate {
	if len(s) > maxLDLen {
		s = s[:maxLDLen]
	}
	var stack []ldFrame
	key := ""
	haveKey := false
	flush := func(f *ldFrame) {
		for _, d := range f.dates {
			d.typ = f.typ
			d.depth = len(stack)
			out = append(out, d)
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '{':
			stack = append(stack, ldFrame{obj: true})
			haveKey = false
		case '[':
			ta := haveKey && key == "@type"
			stack = append(stack, ldFrame{typeArray: ta})
			haveKey = false
		case '}', ']':
			if len(stack) > 0 {
				f := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if f.obj {
					flush(&f)
				}
			}
			haveKey = false
		case ',':
			haveKey = false
		case '"':
			j := i + 1
			esc := false
			for j < len(s) {
				if s[j] == '\\' {
					esc = true
					j += 2
					continue
				}
				if s[j] == '"' {
					break
				}
				j++
			}
			if j > len(s) {
				j = len(s)
			}
			str := s[i+1 : j]
			if esc {
				str = strings.ReplaceAll(str, `\/`, "/")
			}
			i = j
			// Key or value?
			k := j + 1
			for k < len(s) && (s[k] == ' ' || s[k] == '\n' || s[k] == '\t' || s[k] == '\r') {
				k++
			}
			if k < len(s) && s[k] == ':' {
				key, haveKey = str, true
				i = k
				continue
			}
			if len(stack) == 0 {
				continue
			}
			top := &stack[len(stack)-1]
			if top.typeArray {
				if len(stack) >= 2 && stack[len(stack)-2].typ == "" {
					stack[len(stack)-2].typ = strings.ToLower(str)
				}
				continue
			}
			if !haveKey || !top.obj {
				continue
			}
			switch key {
			case "@type":
				if top.typ == "" {
					top.typ = strings.ToLower(str)
				}
			case "datePublished", "dateCreated", "dateModified", "uploadDate", "datepublished", "datemodified", "dateUpdated", "publishedDate", "dateline":
				if len(top.dates) < 16 {
					top.dates = append(top.dates, ldDate{key: key, value: str})
				}
			}
			haveKey = false
		}
	}
	// Unclosed objects (truncated JSON) still count.
	for len(stack) > 0 {
		f := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if f.obj {
			flush(&f)
		}
	}
	return out
}

// ldTypeRank orders JSON-LD object types by how likely their dates are
// the page's own publication date.
func ldTypeRank(typ string) int {
	switch {
	case typ == "":
		return 2
	case strings.Contains(typ, "article"), strings.Contains(typ, "posting"), typ == "report",
		typ == "blog", typ == "creativework", typ == "review", typ == "recipe", typ == "videoobject",
		typ == "audioobject", typ == "podcastepisode", typ == "scholarlyarticle", typ == "pressrelease":
		return 4
	case strings.Contains(typ, "page"):
		return 3
	case typ == "comment", typ == "answer", typ == "question", typ == "person", typ == "organization",
		typ == "imageobject", typ == "event", typ == "offer", typ == "product", typ == "listitem":
		return 0
	}
	return 1
}
