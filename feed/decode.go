package feed

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// toUTF8 converts a document to UTF-8 and makes it safe for encoding/xml.
// The charset comes from the byte order mark, then the XML declaration;
// it is checked against the bytes, since feeds often lie: a document
// declared (or defaulting to) UTF-8 that is not valid UTF-8 is read as
// windows-1252 byte by byte where it is invalid, and one declared as a
// single-byte charset that is valid UTF-8 with multi-byte sequences is
// read as UTF-8. The XML declaration is removed, since the bytes no
// longer match it, and characters XML forbids are replaced by spaces.
func toUTF8(b []byte) []byte {
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{'<', 0}):
		b = bytes.TrimPrefix(decodeWith(unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM), b), []byte("\ufeff"))
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}), bytes.HasPrefix(b, []byte{0, '<'}):
		b = bytes.TrimPrefix(decodeWith(unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM), b), []byte("\ufeff"))
	default:
		b = decodeDeclared(b)
	}
	b = dropXMLDecl(b)
	return cleanXMLChars(b)
}

func decodeWith(e encoding.Encoding, b []byte) []byte {
	out, _, err := transform.Bytes(e.NewDecoder(), b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD"))
	}
	return out
}

// decodeDeclared decodes b by the encoding its XML declaration names.
func decodeDeclared(b []byte) []byte {
	label := declaredEncoding(b)
	var enc encoding.Encoding
	name := "utf-8"
	if label != "" {
		if e, n := charset.Lookup(label); e != nil {
			enc, name = e, n
		}
	}
	switch {
	case name == "utf-8", strings.HasPrefix(name, "utf-16"), enc == nil:
		// A declaration readable as ASCII cannot be UTF-16.
		return repairUTF8(b)
	case utf8.Valid(b) && hasMultibyte(b) && isSingleByte(name):
		return b
	}
	return decodeWith(enc, b)
}

// isSingleByte reports whether the canonical charset name names a
// single-byte charset, in which valid multi-byte UTF-8 is implausible.
func isSingleByte(name string) bool {
	for _, p := range [...]string{"windows-", "iso-8859-", "koi8-"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return name == "macintosh" || name == "ibm866" || name == "x-mac-cyrillic"
}

func hasMultibyte(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}

// repairUTF8 returns b with each byte that is not part of a valid UTF-8
// sequence read as windows-1252, which is what such bytes nearly always
// are in feeds that mix encodings.
func repairUTF8(b []byte) []byte {
	if utf8.Valid(b) {
		return b
	}
	out := make([]byte, 0, len(b)+len(b)/8)
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			out = utf8.AppendRune(out, charmap.Windows1252.DecodeByte(b[i]))
		} else {
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

// declaredEncoding returns the encoding label of the XML declaration that
// b starts with (after white space and junk), or "".
func declaredEncoding(b []byte) string {
	head := b[:min(len(b), 4096)]
	i := bytes.Index(head, []byte("<?xml"))
	if i < 0 {
		return ""
	}
	head = head[i:]
	end := bytes.Index(head, []byte("?>"))
	if end < 0 {
		return ""
	}
	decl := string(head[:end])
	j := strings.Index(decl, "encoding")
	if j < 0 {
		return ""
	}
	rest := strings.TrimLeft(decl[j+len("encoding"):], " \t\r\n")
	if !strings.HasPrefix(rest, "=") {
		return ""
	}
	rest = strings.TrimLeft(rest[1:], " \t\r\n")
	if rest == "" || (rest[0] != '"' && rest[0] != '\'') {
		return ""
	}
	q := rest[0]
	k := strings.IndexByte(rest[1:], q)
	if k < 0 {
		return ""
	}
	return strings.TrimSpace(rest[1 : 1+k])
}

// dropXMLDecl removes the XML declaration at the start of b (after white
// space). encoding/xml would otherwise act on its encoding and refuse
// version="1.1".
func dropXMLDecl(b []byte) []byte {
	t := trimSpaceBOM(b)
	if !bytes.HasPrefix(t, []byte("<?xml")) || len(t) < 6 || !isSpace(t[5]) {
		return b
	}
	end := bytes.Index(t, []byte("?>"))
	if end < 0 {
		return b
	}
	return t[end+2:]
}

// cleanXMLChars replaces the characters XML 1.0 forbids (control
// characters other than tab, newline and carriage return; U+FFFE, U+FFFF)
// by spaces. It copies only when there is something to replace.
func cleanXMLChars(b []byte) []byte {
	bad := false
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				bad = true
				break
			}
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == 0xFFFE || r == 0xFFFF || (r == utf8.RuneError && n == 1) {
			bad = true
			break
		}
		i += n
	}
	if !bad {
		return b
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); {
		c := b[i]
		if c < 0x80 {
			if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
				c = ' '
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		switch {
		case r == 0xFFFE || r == 0xFFFF:
			out = append(out, ' ')
		case r == utf8.RuneError && n == 1:
			out = append(out, "\uFFFD"...)
		default:
			out = append(out, b[i:i+n]...)
		}
		i += n
	}
	return out
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// trimSpaceBOM removes leading white space and UTF-8 byte order marks.
func trimSpaceBOM(b []byte) []byte {
	for {
		switch {
		case len(b) > 0 && isSpace(b[0]):
			b = b[1:]
		case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
			b = b[3:]
		default:
			return b
		}
	}
}

// skipJunk drops whatever precedes the markup of a document: PHP warnings
// or stray text printed before the XML declaration. It returns nil when
// there is no markup.
func skipJunk(b []byte) []byte {
	b = trimSpaceBOM(b)
	head := b[:min(len(b), 8192)]
	if i := bytes.Index(head, []byte("<?xml")); i > 0 {
		before := bytes.ToLower(head[:i])
		if !bytes.Contains(before, []byte("<rss")) && !bytes.Contains(before, []byte("<feed")) &&
			!bytes.Contains(before, []byte("<rdf")) && !bytes.Contains(before, []byte("<urlset")) &&
			!bytes.Contains(before, []byte("<sitemapindex")) {
			return dropXMLDecl(b[i:])
		}
	}
	if len(b) > 0 && b[0] == '<' {
		return b
	}
	i := bytes.IndexByte(b, '<')
	if i < 0 {
		return nil
	}
	return b[i:]
}
