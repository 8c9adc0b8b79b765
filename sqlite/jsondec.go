package sqlite

import (
	"encoding/json"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"newsdesk"
)

// Every follower of the change log reads each article's body, so the
// blocks are decoded once per follower per article. The decoders below
// read the JSON that SaveArticle writes (arrays of blocks and of
// strings) several times faster than encoding/json; on anything else
// they step aside and encoding/json decodes the text, so the result is
// always what encoding/json would give.

// errSlow sends a text to encoding/json.
var errSlow = errors.New("not on the fast path")

// decodeBlocks decodes a JSON array of blocks into *dst.
func decodeBlocks(src string, dst *[]newsdesk.Block) error {
	if bs, err := fastBlocks(src); err == nil {
		*dst = bs
		return nil
	}
	return json.Unmarshal([]byte(src), dst)
}

// decodeStrings decodes a JSON array of strings into *dst.
func decodeStrings(src string, dst *[]string) error {
	d := jsonReader{s: src}
	if ss, err := d.strings(); err == nil && d.end() {
		*dst = ss
		return nil
	}
	return json.Unmarshal([]byte(src), dst)
}

// fastBlocks reads an array of block objects whose keys are the
// Block's own, each at most once; null, other keys and other values
// give errSlow.
func fastBlocks(src string) ([]newsdesk.Block, error) {
	d := jsonReader{s: src}
	if !d.open('[') {
		return nil, errSlow
	}
	var out []newsdesk.Block
	if d.close(']') {
		if !d.end() {
			return nil, errSlow
		}
		return []newsdesk.Block{}, nil
	}
	for {
		var b newsdesk.Block
		if !d.open('{') {
			return nil, errSlow
		}
		var seen [6]bool
		for first := true; !d.close('}'); first = false {
			if !first && !d.open(',') {
				return nil, errSlow
			}
			key, err := d.str()
			if err != nil || !d.open(':') {
				return nil, errSlow
			}
			var k int
			switch key {
			case "kind":
				var kind string
				kind, err = d.str()
				b.Kind = newsdesk.BlockKind(kind)
			case "level":
				b.Level, err = d.int()
				k = 1
			case "text":
				b.Text, err = d.str()
				k = 2
			case "items":
				b.Items, err = d.strings()
				k = 3
			case "ordered":
				b.Ordered, err = d.bool()
				k = 4
			case "rows":
				err = d.rows(&b.Rows)
				k = 5
			default:
				return nil, errSlow
			}
			if err != nil || seen[k] {
				return nil, errSlow
			}
			seen[k] = true
		}
		out = append(out, b)
		if d.close(']') {
			break
		}
		if !d.open(',') {
			return nil, errSlow
		}
	}
	if !d.end() {
		return nil, errSlow
	}
	return out, nil
}

// jsonReader reads JSON values from s at i.
type jsonReader struct {
	s string
	i int
}

func (d *jsonReader) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// open consumes c (after white space) and reports whether it was there.
func (d *jsonReader) open(c byte) bool {
	d.space()
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// close is open for closing brackets.
func (d *jsonReader) close(c byte) bool { return d.open(c) }

// end reports whether only white space is left.
func (d *jsonReader) end() bool {
	d.space()
	return d.i == len(d.s)
}

// int reads a small non-negative integer.
func (d *jsonReader) int() (int, error) {
	d.space()
	n, j := 0, d.i
	for j < len(d.s) && d.s[j] >= '0' && d.s[j] <= '9' && j-d.i < 9 {
		n = n*10 + int(d.s[j]-'0')
		j++
	}
	if j == d.i || j < len(d.s) && (d.s[j] >= '0' && d.s[j] <= '9' || d.s[j] == '.' || d.s[j] == 'e' || d.s[j] == 'E') || d.s[d.i] == '0' && j-d.i > 1 {
		return 0, errSlow
	}
	d.i = j
	return n, nil
}

// bool reads true or false.
func (d *jsonReader) bool() (bool, error) {
	d.space()
	switch {
	case strings.HasPrefix(d.s[d.i:], "true"):
		d.i += 4
		return true, nil
	case strings.HasPrefix(d.s[d.i:], "false"):
		d.i += 5
		return false, nil
	}
	return false, errSlow
}

// strings reads an array of strings.
func (d *jsonReader) strings() ([]string, error) {
	if !d.open('[') {
		return nil, errSlow
	}
	out := []string{}
	if d.close(']') {
		return out, nil
	}
	for {
		s, err := d.str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
		if d.close(']') {
			return out, nil
		}
		if !d.open(',') {
			return nil, errSlow
		}
	}
}

// rows reads an array of arrays of strings.
func (d *jsonReader) rows(dst *[][]string) error {
	if !d.open('[') {
		return errSlow
	}
	out := [][]string{}
	if !d.close(']') {
		for {
			r, err := d.strings()
			if err != nil {
				return err
			}
			out = append(out, r)
			if d.close(']') {
				break
			}
			if !d.open(',') {
				return errSlow
			}
		}
	}
	*dst = out
	return nil
}

// str reads a string. A string without escapes is a substring of the
// source (no copy: the source is the row's own string).
func (d *jsonReader) str() (string, error) {
	d.space()
	if d.i >= len(d.s) || d.s[d.i] != '"' {
		return "", errSlow
	}
	start := d.i + 1
	j := start
	for j < len(d.s) {
		c := d.s[j]
		if c == '"' {
			d.i = j + 1
			s := d.s[start:j]
			if !utf8.ValidString(s) {
				return "", errSlow // encoding/json replaces invalid bytes
			}
			return s, nil
		}
		if c == '\\' {
			return d.unescape(start)
		}
		if c < 0x20 {
			return "", errSlow
		}
		j++
	}
	return "", errSlow
}

// unescape reads the string from start (after its opening quote) that
// has escapes.
func (d *jsonReader) unescape(start int) (string, error) {
	var b strings.Builder
	j := start
	for j < len(d.s) {
		c := d.s[j]
		switch {
		case c == '"':
			d.i = j + 1
			s := b.String()
			if !utf8.ValidString(s) {
				return "", errSlow
			}
			return s, nil
		case c < 0x20:
			return "", errSlow
		case c != '\\':
			b.WriteByte(c)
			j++
			continue
		}
		if j+1 >= len(d.s) {
			return "", errSlow
		}
		switch e := d.s[j+1]; e {
		case '"', '\\', '/':
			b.WriteByte(e)
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'n':
			b.WriteByte('\n')
		case 'r':
			b.WriteByte('\r')
		case 't':
			b.WriteByte('\t')
		case 'u':
			r, ok := hex4(d.s, j+2)
			if !ok {
				return "", errSlow
			}
			j += 6
			if utf16.IsSurrogate(r) {
				r2, ok := rune(0), false
				if j+1 < len(d.s) && d.s[j] == '\\' && d.s[j+1] == 'u' {
					r2, ok = hex4(d.s, j+2)
				}
				if !ok {
					return "", errSlow
				}
				r = utf16.DecodeRune(r, r2)
				if r == utf8.RuneError {
					return "", errSlow
				}
				j += 6
			}
			b.WriteRune(r)
			continue
		default:
			return "", errSlow
		}
		j += 2
	}
	return "", errSlow
}

// hex4 reads four hex digits of s at i.
func hex4(s string, i int) (rune, bool) {
	if i+4 > len(s) {
		return 0, false
	}
	var r rune
	for _, c := range []byte(s[i : i+4]) {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}
