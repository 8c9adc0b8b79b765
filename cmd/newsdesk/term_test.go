package main

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTermSafe(t *testing.T) {
	tests := []struct {
		in, line, text string
	}{
		{"", "", ""},
		{"Plain title", "Plain title", "Plain title"},
		{"Grüße aus Köln – „heute“ 🙂", "Grüße aus Köln – „heute“ 🙂", "Grüße aus Köln – „heute“ 🙂"},
		{"two\nlines\tand tab", "two lines and tab", "two\nlines\tand tab"},
		{"crlf\r\nline", "crlf  line", "crlf\nline"},
		{"over\rwrite", "over write", "over\nwrite"},
		{"vt\vff\fnel\u0085end", "vt ff nel end", "vt\nff\nnel\nend"},
		// OSC: set the window title, ended by BEL.
		{"\x1b]0;PWNED\x07 title", `\x1b]0;PWNED\x07 title`, `\x1b]0;PWNED\x07 title`},
		// CSI as ESC [ and as the C1 code point U+009B.
		{"\x1b[31mred\x1b[0m", `\x1b[31mred\x1b[0m`, `\x1b[31mred\x1b[0m`},
		{"\xc2\x9b31m end", `\u009b31m end`, `\u009b31m end`},
		{"nul\x00 del\x7f bs\x08", `nul\x00 del\x7f bs\x08`, `nul\x00 del\x7f bs\x08`},
		{"c1 \u0080 \u009f", `c1 \u0080 \u009f`, `c1 \u0080 \u009f`},
		// A lone 0x9b byte is CSI to a terminal in an 8-bit mode.
		{"raw \x9b31m", "raw \ufffd31m", "raw \ufffd31m"},
		{"cut \xe2\x82", "cut \ufffd\ufffd", "cut \ufffd\ufffd"},
		// U+00A0 and up are text.
		{"nbsp\u00a0é", "nbsp\u00a0é", "nbsp\u00a0é"},
		{"=HYPERLINK(\"http://x\",\"y\") \x1b]0;PWNED\x07 \xc2\x9b31m end",
			`=HYPERLINK("http://x","y") \x1b]0;PWNED\x07 \u009b31m end`,
			`=HYPERLINK("http://x","y") \x1b]0;PWNED\x07 \u009b31m end`},
	}
	for _, tt := range tests {
		if got := termSafe(tt.in); got != tt.line {
			t.Errorf("termSafe(%q) = %q, want %q", tt.in, got, tt.line)
		}
		if got := termSafeText(tt.in); got != tt.text {
			t.Errorf("termSafeText(%q) = %q, want %q", tt.in, got, tt.text)
		}
	}
}

// checkTermSafe fails unless out holds no byte a terminal takes for a
// control: no C0 control (but the line breaks and tabs lines allows), no
// DEL, no C1 control, and nothing but valid UTF-8.
func checkTermSafe(t *testing.T, in, out string, lines bool) {
	t.Helper()
	if !utf8.ValidString(out) {
		t.Fatalf("output of %q is not UTF-8: %q", in, out)
	}
	for _, r := range out {
		if lines && (r == '\n' || r == '\t') {
			continue
		}
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			t.Fatalf("output of %q holds control %U: %q", in, r, out)
		}
	}
}

func FuzzTermSafe(f *testing.F) {
	for _, s := range []string{
		"", "plain", "a\nb\tc\r\n", "\x1b]0;x\x07", "\xc2\x9b31m", "\x9b", "\xff\xfe",
		"Grüße \u0085 \u009f", "\r", "\x00\x7f", `\x1b`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		line, text := termSafe(s), termSafeText(s)
		checkTermSafe(t, s, line, false)
		checkTermSafe(t, s, text, true)
		if strings.ContainsAny(line, "\n\t") {
			t.Fatalf("termSafe(%q) = %q keeps a line break or tab", s, line)
		}
		// Safe text is left alone, so that a second pass changes nothing.
		if again := termSafe(line); again != line {
			t.Fatalf("termSafe not idempotent on %q: %q, then %q", s, line, again)
		}
		if again := termSafeText(text); again != text {
			t.Fatalf("termSafeText not idempotent on %q: %q, then %q", s, text, again)
		}
		// Printable text passes unchanged.
		if termClean(s, true) && text != s {
			t.Fatalf("termSafeText changed clean %q to %q", s, text)
		}
		// Nothing is dropped without a trace: every rune of a valid
		// input leaves at least one rune in the output (a CR LF pair
		// becomes one line break).
		if utf8.ValidString(s) && !strings.Contains(s, "\r\n") && utf8.RuneCountInString(line) < utf8.RuneCountInString(s) {
			t.Fatalf("termSafe(%q) = %q lost runes", s, line)
		}
	})
}

func TestJSONSafe(t *testing.T) {
	tests := []struct{ in, want string }{
		{`{"a":"b"}`, `{"a":"b"}`},
		{"{\"t\":\"\u009b31m \u0085 \u00a0 é\"}", `{"t":"\u009b31m \u0085` + " \u00a0 é\"}"},
		{"[\"\u0080\u009f\"]", `["\u0080\u009f"]`},
	}
	for _, tt := range tests {
		if got := string(jsonSafe([]byte(tt.in))); got != tt.want {
			t.Errorf("jsonSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzJSONSafe(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b]0;x\x07", "\u009b31m", "\xc2", "\xc2\x9b\xc2\x9b", "é\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := json.Marshal(map[string]string{"s": s})
		if err != nil {
			t.Fatal(err)
		}
		safe := jsonSafe(b)
		checkTermSafe(t, s, string(safe), false)
		// The same JSON: it reads back as what was encoded.
		var back, want map[string]string
		if err := json.Unmarshal(safe, &back); err != nil {
			t.Fatalf("jsonSafe(%q) = %q is not JSON: %v", b, safe, err)
		}
		json.Unmarshal(b, &want)
		if back["s"] != want["s"] {
			t.Fatalf("jsonSafe changed %q to %q", want["s"], back["s"])
		}
	})
}
