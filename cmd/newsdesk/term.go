package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// termSafe returns s fit to print as one line of a terminal. Line breaks,
// tabs and the other white-space controls (VT, FF, CR, NEL) become spaces;
// every other control character — C0, DEL and C1 (U+0080–U+009F, CSI among
// them) — is written as an escape, \x1b or \u009b; a byte that is not
// UTF-8 becomes U+FFFD. Titles, names and URLs read from pages thus cannot
// move the cursor, retitle the window or recolour the terminal, and a
// changed one shows where it was changed.
func termSafe(s string) string { return sanitize(s, false) }

// termSafeText is termSafe for text of several lines, such as an article
// body: it keeps line breaks and tabs, and makes CR LF, a lone CR, VT, FF
// and NEL line breaks.
func termSafeText(s string) string { return sanitize(s, true) }

// sanitize implements termSafe and, with lines set, termSafeText.
func sanitize(s string, lines bool) string {
	if termClean(s, lines) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\n' || r == '\t':
			if lines {
				b.WriteRune(r)
			} else {
				b.WriteByte(' ')
			}
		case r == '\r' || r == '\v' || r == '\f' || r == '\u0085':
			switch {
			case !lines:
				b.WriteByte(' ')
			case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
				// CR LF: the LF makes the line break.
			default:
				b.WriteByte('\n')
			}
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && r <= 0x9f:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// termClean reports whether sanitize would leave s as it is.
func termClean(s string, lines bool) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 || c == 0x7f) && !(lines && (c == '\n' || c == '\t')) {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r <= 0x9f {
			return false
		}
		i += size
	}
	return true
}

// jsonSafe escapes the C1 control characters (U+0080–U+009F) of encoded
// JSON as \u0080 to \u009f, which encoding/json writes as they are: the
// JSON means the same, and a terminal it is printed on sees no CSI. C0
// controls the encoder escapes itself.
func jsonSafe(b []byte) []byte {
	i := c1Index(b)
	if i < 0 {
		return b
	}
	out := make([]byte, 0, len(b)+16)
	for i >= 0 {
		out = append(out, b[:i]...)
		out = fmt.Appendf(out, `\u%04x`, b[i+1])
		b = b[i+2:]
		i = c1Index(b)
	}
	return append(out, b...)
}

// c1Index returns the index of the first C1 control in the UTF-8 text b,
// or -1. In UTF-8 they are the byte 0xC2 followed by 0x80 to 0x9F; 0xC2
// is never a continuation byte, so the match cannot start inside another
// character.
func c1Index(b []byte) int {
	for i := 0; i+1 < len(b); i++ {
		if b[i] == 0xc2 && b[i+1] >= 0x80 && b[i+1] <= 0x9f {
			return i
		}
	}
	return -1
}
