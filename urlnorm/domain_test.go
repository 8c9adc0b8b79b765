package urlnorm

import (
	"strings"
	"testing"
)

func TestDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.spiegel.de/politik/a-1.html", "spiegel.de"},
		{"HTTPS://WWW.FR.DE/", "fr.de"},
		{"http://news.bbc.co.uk/2/hi", "bbc.co.uk"},
		{"https://www.tagesschau.de./x", "tagesschau.de"},
		{"http://localhost:8080/a", "localhost"},
		{"http://127.0.0.1/a", "127.0.0.1"},
		{"http://[::1]:8080/a", ""},
		{"https://co.uk/", "co.uk"},
		{"file:///tmp/a.html", ""},
		{"mailto:a@b.de", ""},
		{"/local/path.html", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Domain(tt.in); got != tt.want {
			t.Errorf("Domain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestDomainOf(t *testing.T) {
	tests := []struct{ in, want string }{
		{"spiegel.de", "spiegel.de"},
		{"www.Spiegel.de", "spiegel.de"},
		{" https://www.spiegel.de/ ", "spiegel.de"},
		{"Der Spiegel", ""},
		{"Spiegel", "spiegel"},
		{"localhost", "localhost"},
		{"spiegel.de/politik", ""},
		{"a b.de", ""},
		{"", ""},
		{"www.tagesschau.de.", "tagesschau.de"},
		{"...", ""},
		{".de", ""},
		{"a..de", ""},
	}
	for _, tt := range tests {
		if got := DomainOf(tt.in); got != tt.want {
			t.Errorf("DomainOf(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestOutlet(t *testing.T) {
	tests := []struct{ url, canonical, site, want string }{
		{"https://www.spiegel.de/a", "", "DER SPIEGEL", "spiegel.de"},
		{"file:///tmp/a.html", "https://www.zeit.de/a", "ZEIT ONLINE", "zeit.de"},
		{"/tmp/a.html", "", " ZEIT ONLINE ", "zeit online"},
		{"", "", "", ""},
	}
	for _, tt := range tests {
		if got := Outlet(tt.url, tt.canonical, tt.site); got != tt.want {
			t.Errorf("Outlet(%q, %q, %q) = %q, want %q", tt.url, tt.canonical, tt.site, got, tt.want)
		}
	}
}

// FuzzDomainOf checks that a domain DomainOf returns names itself and
// holds nothing a host cannot.
func FuzzDomainOf(f *testing.F) {
	for _, s := range []string{"spiegel.de", "www.spiegel.de", "https://news.bbc.co.uk/a", "Der Spiegel", "...",
		"a..b", "1.2.3.4", "xn--mnchen-3ya.de", "münchen.de", "a.b-", "http://[::1]/", "\x00.de", "de."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := DomainOf(s)
		if d == "" {
			return
		}
		if again := DomainOf(d); again != d {
			t.Fatalf("DomainOf(%q) = %q, DomainOf(%q) = %q", s, d, d, again)
		}
		if strings.ContainsAny(d, " /:?#@\t\n") || d != strings.ToLower(d) {
			t.Fatalf("DomainOf(%q) = %q", s, d)
		}
	})
}
