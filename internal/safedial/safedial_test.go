package safedial_test

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"newsdesk/internal/safedial"
)

func TestIsPublic(t *testing.T) {
	tests := []struct {
		addr   string
		public bool
	}{
		{"93.184.216.34", true},
		{"2606:4700:4700::1111", true},
		{"8.8.8.8", true},
		{"127.0.0.1", false},
		{"127.1.2.3", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"192.168.1.1", false},
		{"fd00::1", false},
		{"169.254.169.254", false}, // cloud metadata
		{"fe80::1", false},
		{"fe80::1%eth0", false},
		{"0.0.0.0", false},
		{"::", false},
		{"224.0.0.1", false},
		{"ff02::1", false},
		{"100.64.0.1", false},
		{"100.127.255.254", false},
		{"100.128.0.1", true},
		{"255.255.255.255", false},
		{"::ffff:127.0.0.1", false},
		{"::ffff:10.0.0.1", false},
		{"::ffff:93.184.216.34", true},
		{"64:ff9b::a00:1", false},          // NAT64 of 10.0.0.1
		{"64:ff9b::5db8:d822", true},       // NAT64 of 93.184.216.34
		{"2002:7f00:1::1", false},          // 6to4 of 127.0.0.1
		{"2001:0:4136:e378::1", false},     // Teredo
		{"::7f00:1", false},                // IPv4-compatible 127.0.0.1
		{"fec0::1", false},                 // site-local
		{"198.18.0.1", false},              // benchmarking
		{"192.0.0.8", false},               // IETF assignments
		{"2001:db8::1", false},             // documentation
		{"2a00:1450:4001:80b::200e", true}, // a real public v6 address
	}
	for _, tt := range tests {
		if got := safedial.IsPublic(netip.MustParseAddr(tt.addr)); got != tt.public {
			t.Errorf("IsPublic(%s) = %v, want %v", tt.addr, got, tt.public)
		}
	}
}

func TestControl(t *testing.T) {
	if err := safedial.Control("tcp4", "127.0.0.1:80", nil); !errors.Is(err, safedial.ErrPrivateAddress) {
		t.Errorf("Control(127.0.0.1:80) = %v, want ErrPrivateAddress", err)
	}
	if err := safedial.Control("tcp6", "[::1]:443", nil); !errors.Is(err, safedial.ErrPrivateAddress) {
		t.Errorf("Control([::1]:443) = %v, want ErrPrivateAddress", err)
	}
	if err := safedial.Control("tcp4", "93.184.216.34:443", nil); err != nil {
		t.Errorf("Control(93.184.216.34:443) = %v, want nil", err)
	}
	if err := safedial.Control("tcp", "no-port", nil); err == nil {
		t.Error("Control(no-port) = nil, want an error")
	}
}

func newServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ua="+r.UserAgent())
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestClientRefusesLoopback(t *testing.T) {
	srv := newServer(t)
	c := safedial.NewClient(false, 5*time.Second)
	resp, err := c.Get(srv.URL + "/page")
	if err == nil {
		resp.Body.Close()
		t.Fatal("GET on a loopback server succeeded, want ErrPrivateAddress")
	}
	if !errors.Is(err, safedial.ErrPrivateAddress) {
		t.Fatalf("GET error = %v, want ErrPrivateAddress", err)
	}
}

func TestClientAllowPrivate(t *testing.T) {
	srv := newServer(t)
	c := safedial.NewClient(true, 5*time.Second)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/page", nil)
	req.Header.Set("User-Agent", "newsdesk-test/1")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("GET with allowPrivate: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if got := string(b); got != "ua=newsdesk-test/1" {
		t.Errorf("body = %q, want the caller's user agent echoed", got)
	}
}

func TestClientRedirects(t *testing.T) {
	srv := newServer(t)
	c := safedial.NewClient(true, 5*time.Second)
	_, err := c.Get(srv.URL + "/loop")
	if err == nil || !strings.Contains(err.Error(), "stopped after 10 redirects") {
		t.Errorf("redirect loop: err = %v, want stopped after 10 redirects", err)
	}
	_, err = c.Get(srv.URL + "/ftp")
	if err == nil || !strings.Contains(err.Error(), "unsupported scheme") {
		t.Errorf("redirect to ftp: err = %v, want unsupported scheme", err)
	}
}
