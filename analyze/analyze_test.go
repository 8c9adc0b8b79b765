package analyze

import (
	"testing"

	"newsdesk"
)

func TestKey(t *testing.T) {
	tests := []struct {
		t    newsdesk.EntityType
		name string
		want string
	}{
		{newsdesk.Person, "Olaf Scholz", "PER:olaf-scholz"},
		{newsdesk.Person, "  Jürgen  Weiß ", "PER:jürgen-weiß"},
		{newsdesk.Organisation, "Rot-Weiss Essen", "ORG:rot-weiss-essen"},
		{newsdesk.Location, "St. Pölten", "LOC:st-pölten"},
		{newsdesk.OtherName, "", "OTH:"},
	}
	for _, tt := range tests {
		if got := Key(tt.t, tt.name); got != tt.want {
			t.Errorf("Key(%s, %q) = %q, want %q", tt.t, tt.name, got, tt.want)
		}
	}
}

func TestBaseForm(t *testing.T) {
	tests := []struct{ name, lang, want string }{
		{"Putins", "de", "Putin"},
		{"Scholz'", "de", "Scholz"},
		{"Russia's", "en", "Russia"},
		{"Russlands", "de", "Russland"},
		{"Paris", "en", "Paris"},
		{"USA", "de", "USA"},
		{"Kim  Jong Un", "de", "Kim Jong Un"},
		{"Thomas", "de", "Thoma"}, // a candidate only: resolution keeps "Thomas" unless "Thoma" is named
		{"Reuss", "de", "Reuss"},
	}
	for _, tt := range tests {
		if got := baseForm(tt.name, tt.lang); got != tt.want {
			t.Errorf("baseForm(%q, %s) = %q, want %q", tt.name, tt.lang, got, tt.want)
		}
	}
}

func TestIsAbbrev(t *testing.T) {
	for s, want := range map[string]bool{"Nato": false, "NATO": true, "UN": true, "DPRK": true, "AfD": true, "EU": true, "Putin": false, "A": false, "U.S.": true, "Berlin": false} {
		if got := isAbbrev(s); got != want {
			t.Errorf("isAbbrev(%q) = %v, want %v", s, got, want)
		}
	}
}
