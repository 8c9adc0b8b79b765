package extract

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// sniff rejects inputs that are plainly not HTML: known binary formats,
// JSON documents and data with many control bytes.
func sniff(b []byte) error {
	t := bytes.TrimLeft(b, " \t\r\n\ufeff")
	if len(t) >= 3 && t[0] == 0xEF && t[1] == 0xBB && t[2] == 0xBF {
		t = bytes.TrimLeft(t[3:], " \t\r\n")
	}
	if len(t) == 0 {
		return ErrEmpty
	}
	for _, m := range [...]struct{ magic, name string }{
		{"%PDF-", "PDF document"},
		{"\x89PNG", "PNG image"},
		{"GIF8", "GIF image"},
		{"\xff\xd8\xff", "JPEG image"},
		{"PK\x03\x04", "ZIP archive"},
		{"\x1f\x8b", "gzip data"},
		{"RIFF", "RIFF media"},
		{"\x00\x00\x01\x00", "icon"},
		{"OggS", "Ogg media"},
		{"ID3", "MP3 audio"},
		{"\x7fELF", "executable"},
	} {
		if bytes.HasPrefix(t, []byte(m.magic)) {
			return fmt.Errorf("%w: looks like a %s", ErrNotHTML, m.name)
		}
	}
	if (t[0] == '{' || t[0] == '[') && !bytes.Contains(t[:min(len(t), 4096)], []byte("<")) {
		return fmt.Errorf("%w: looks like JSON", ErrNotHTML)
	}
	// UTF-16 pages carry a BOM and are decoded below; otherwise NUL and
	// other control bytes mark binary data.
	if len(b) >= 2 && ((b[0] == 0xFF && b[1] == 0xFE) || (b[0] == 0xFE && b[1] == 0xFF)) {
		return nil
	}
	head := t[:min(len(t), 8192)]
	ctl := 0
	for _, c := range head {
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	if ctl > len(head)/20 {
		return fmt.Errorf("%w: binary data", ErrNotHTML)
	}
	if !bytes.Contains(head, []byte("<")) {
		return fmt.Errorf("%w: no markup", ErrNotHTML)
	}
	return nil
}

// decode converts the page to UTF-8. The charset comes from the BOM, the
// HTTP Content-Type, a <meta> declaration, then detection. A page declared
// as UTF-8 that is not valid UTF-8 is decoded as windows-1252 when most of
// its non-ASCII bytes are invalid, and with replacement characters when
// only a few are (mixed encodings).
func decode(b []byte, contentType string) ([]byte, string) {
	enc, name, certain := charset.DetermineEncoding(b, contentType)
	if !certain && utf8.Valid(b) {
		// Undeclared, and valid UTF-8: nothing else reads that way.
		return b, "utf-8"
	}
	if !certain && !utf8.Valid(b) {
		// A <meta> declaration past the first 1024 bytes the standard
		// prescan reads.
		if e, n := lateMetaCharset(b); e != nil {
			enc, name = e, n
		}
	}
	if name == "utf-8" || enc == encoding.Nop {
		if utf8.Valid(b) {
			return b, "utf-8"
		}
		if mostlyInvalidUTF8(b) {
			// Declared UTF-8 but not: a later declaration (pages saved by
			// archives carry the archive's own first) or windows-1252.
			enc, name = charmap.Windows1252, "windows-1252"
			if e, n := lateMetaCharset(b); e != nil {
				enc, name = e, n
			}
		} else {
			return bytes.ToValidUTF8(b, []byte("\uFFFD")), "utf-8"
		}
	}
	// A page declared in another charset whose bytes are valid UTF-8 with
	// many multi-byte sequences is UTF-8: text in a legacy charset is
	// almost never valid UTF-8 by accident.
	if name != "utf-8" && multibyteRunes(b) >= 8 && utf8.Valid(b) {
		return b, "utf-8"
	}
	// Declared Latin-1 is read as windows-1252, its superset, as browsers do.
	if name == "iso-8859-1" {
		enc, name = charmap.Windows1252, "windows-1252"
	}
	out, _, err := transform.Bytes(enc.NewDecoder(), b)
	if err != nil {
		return bytes.ToValidUTF8(b, []byte("\uFFFD")), "utf-8"
	}
	return out, name
}

// multibyteRunes counts the lead bytes of multi-byte UTF-8 sequences.
func multibyteRunes(b []byte) int {
	n := 0
	for _, c := range b {
		if c >= 0xC2 && c <= 0xF4 {
			n++
		}
	}
	return n
}

// mostlyInvalidUTF8 reports whether more than a third of the non-ASCII
// sequences in b are invalid UTF-8.
func mostlyInvalidUTF8(b []byte) bool {
	valid, invalid := 0, 0
	for i := 0; i < len(b); {
		if b[i] < 0x80 {
			i++
			continue
		}
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			invalid++
		} else {
			valid++
		}
		i += n
	}
	return invalid*3 > invalid+valid
}

// lateMetaCharset looks for a declaration of a charset other than UTF-8 in
// the first 64 KB.
func lateMetaCharset(b []byte) (encoding.Encoding, string) {
	head := b[:min(len(b), 64<<10)]
	for off := 0; ; {
		i := bytes.Index(head[off:], []byte("charset="))
		if i < 0 {
			return nil, ""
		}
		j := off + i + len("charset=")
		k := j
		for k < len(head) && k-j < 40 && (head[k] == '"' || head[k] == '\'') {
			k++
		}
		start := k
		for k < len(head) && k-start < 40 && head[k] != '"' && head[k] != '\'' && head[k] != ';' && head[k] != ' ' && head[k] != '>' && head[k] != '/' {
			k++
		}
		if e, n := charset.Lookup(string(head[start:k])); e != nil && n != "utf-8" {
			return e, n
		}
		off = j
	}
}
