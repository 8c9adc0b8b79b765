package figures

import (
	"math"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		lang string
		v    float64
		rest string
		ok   bool
	}{
		{"10.000", "", 10000, "", true},
		{"10,000", "", 10000, "", true},
		{"2,5", "", 2.5, "", true},
		{"2.5", "", 2.5, "", true},
		{"1.234,5", "", 1234.5, "", true},
		{"1,234.5", "", 1234.5, "", true},
		{"1.000.000", "", 1e6, "", true},
		{"0,000021", "", 0.000021, "", true},
		{"10'000", "", 10000, "", true},
		{"3,5C", "", 3.5, "C", true},
		{"10C", "", 10, "C", true},
		{"844", "", 844, "", true},
		{"150.", "", 150, ".", true},
		{"1.2.3", "", 0, "1.2.3", false},
		{"12,34.5", "", 0, "12,34.5", false},
		{"abc", "", 0, "abc", false},
		{"1.786", "en", 1.786, "", true},
		{"1,786", "en", 1786, "", true},
		{"1.786", "de", 1786, "", true},
		{"1,786", "de", 1.786, "", true},
		{"1.000.000", "en", 1e6, "", true},
		{"", "", 0, "", false},
	}
	for _, tt := range tests {
		v, rest, ok := ParseNumber(tt.in, tt.lang)
		if ok != tt.ok || ok && (math.Abs(v-tt.v) > 1e-9 || rest != tt.rest) {
			t.Errorf("ParseNumber(%q, %q) = %v, %q, %v; want %v, %q, %v", tt.in, tt.lang, v, rest, ok, tt.v, tt.rest, tt.ok)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"10.000", "2,5", "1,234.5", "3,5C", "1.2.3", "10'000", ",5", "9" + "..." + "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, rest, ok := ParseNumber(s, "de")
		if !ok {
			return
		}
		if math.IsNaN(v) || v < 0 {
			t.Fatalf("ParseNumber(%q) = %v", s, v)
		}
		if len(rest) > len(s) {
			t.Fatalf("rest %q longer than %q", rest, s)
		}
	})
}
