// Package safedial provides an HTTP client that refuses to connect to
// private, loopback, link-local and other non-public addresses, so that a
// URL taken from a user or a page cannot reach services on the local
// network (server-side request forgery).
//
// The check runs in the net.Dialer's Control hook, after DNS resolution and
// for every address actually dialled, so a public name that resolves to a
// private address is refused as well, and so is every hop of a redirect.
package safedial

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// ErrPrivateAddress is returned (wrapped) when a dial to a non-public
// address is refused; test for it with errors.Is.
var ErrPrivateAddress = errors.New("refusing to connect to a private or local network address")

// MaxRedirects is the number of redirects a client from NewClient follows.
const MaxRedirects = 10

// blocked lists the ranges refused besides those netip.Addr classifies
// itself (private, loopback, link-local, multicast, unspecified).
var blocked = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),          // "this network"
	netip.MustParsePrefix("100.64.0.0/10"),      // carrier-grade NAT (RFC 6598)
	netip.MustParsePrefix("192.0.0.0/24"),       // IETF protocol assignments
	netip.MustParsePrefix("198.18.0.0/15"),      // benchmarking (RFC 2544)
	netip.MustParsePrefix("240.0.0.0/4"),        // reserved, and broadcast
	netip.MustParsePrefix("64:ff9b:1::/48"),     // local-use NAT64 (RFC 8215)
	netip.MustParsePrefix("fec0::/10"),          // deprecated site-local
	netip.MustParsePrefix("2001:db8::/32"),      // documentation
	netip.MustParsePrefix("2001::/32"),          // Teredo (embeds an IPv4 address)
	netip.MustParsePrefix("2002::/16"),          // 6to4 (embeds an IPv4 address)
	netip.MustParsePrefix("::/96"),              // IPv4-compatible (deprecated)
	netip.MustParsePrefix("::ffff:0:0:0/96"),    // SIIT IPv4-translated
	netip.MustParsePrefix("198.51.100.0/24"),    // documentation
	netip.MustParsePrefix("203.0.113.0/24"),     // documentation
	netip.MustParsePrefix("192.0.2.0/24"),       // documentation
	netip.MustParsePrefix("255.255.255.255/32"), // broadcast
}

// nat64 is the well-known NAT64 prefix; the IPv4 address embedded in its
// last 32 bits is checked like any other.
var nat64 = netip.MustParsePrefix("64:ff9b::/96")

// IsPublic reports whether ip is a public unicast address: not private,
// loopback, link-local, unspecified, multicast, carrier-grade NAT or
// otherwise reserved. IPv4-mapped IPv6 and NAT64 addresses are judged by the
// IPv4 address they carry.
func IsPublic(ip netip.Addr) bool {
	ip = ip.Unmap().WithZone("")
	if ip.Is6() && nat64.Contains(ip) {
		b := ip.As16()
		ip = netip.AddrFrom4([4]byte(b[12:16]))
	}
	if !ip.IsValid() || ip.IsPrivate() || ip.IsLoopback() || ip.IsUnspecified() ||
		ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() {
		return false
	}
	for _, p := range blocked {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// Control is a net.Dialer Control hook that refuses to connect to an
// address that is not public (see IsPublic). The error wraps
// ErrPrivateAddress.
func Control(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("safedial: %w", err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("safedial: cannot parse address %q: %w", host, err)
	}
	if !IsPublic(ip) {
		return fmt.Errorf("safedial: %s: %w", ip, ErrPrivateAddress)
	}
	return nil
}

// NewDialer returns a net.Dialer with the given connect timeout whose
// Control hook refuses non-public addresses unless allowPrivate is set.
func NewDialer(allowPrivate bool, timeout time.Duration) *net.Dialer {
	d := &net.Dialer{Timeout: timeout, KeepAlive: 30 * time.Second}
	if !allowPrivate {
		d.Control = Control
	}
	return d
}

// NewClient returns an HTTP client that refuses non-public addresses
// (unless allowPrivate is set), gives up on a request after timeout (zero:
// no limit) and follows at most MaxRedirects redirects, to http and https
// URLs only. It sets no User-Agent: callers set their own on each request,
// and it is kept across redirects.
//
// Unless allowPrivate is set, the client ignores the proxy environment
// variables: a proxy would dial the final address itself, beyond the
// reach of the check.
func NewClient(allowPrivate bool, timeout time.Duration) *http.Client {
	connect := 30 * time.Second
	if timeout > 0 && timeout < connect {
		connect = timeout
	}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = NewDialer(allowPrivate, connect).DialContext
	if !allowPrivate {
		t.Proxy = nil
	}
	return &http.Client{
		Transport:     t,
		Timeout:       timeout,
		CheckRedirect: checkRedirect,
	}
}

func checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= MaxRedirects {
		return fmt.Errorf("safedial: stopped after %d redirects", MaxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("safedial: redirect to unsupported scheme %q", req.URL.Scheme)
	}
	return nil
}
