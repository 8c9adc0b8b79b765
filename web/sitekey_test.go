package web

import "testing"

func TestSiteKey(t *testing.T) {
	for _, tt := range []struct{ site, want string }{
		{"fr.de", "fr.de"},
		{"m.fr.de", "fr.de"},
		{"www.Spiegel.de", "spiegel.de"},
		{"news.bbc.co.uk", "bbc.co.uk"},
		{"Der  Spiegel", "der spiegel"},
		{"", ""},
	} {
		if got := siteKey(tt.site); got != tt.want {
			t.Errorf("siteKey(%q) = %q, want %q", tt.site, got, tt.want)
		}
	}
}
