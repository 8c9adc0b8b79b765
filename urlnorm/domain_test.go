package urlnorm

import "testing"

func TestDomain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.spiegel.de/politik/a-1.html", "spiegel.de"},
		{"HTTPS://WWW.FR.DE/", "fr.de"},
		{"http://news.bbc.co.uk/2/hi", "bbc.co.uk"},
		{"https://www.tagesschau.de./x", "tagesschau.de"},
		{"http://localhost:8080/a", "localhost"},
		{"http://127.0.0.1/a", "127.0.0.1"},
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
		{"Spiegel", ""},
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
