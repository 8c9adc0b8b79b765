package urlnorm

import (
	"net/url"
	"strings"

	"golang.org/x/net/publicsuffix"
)

// Domain returns the registrable domain of an absolute http(s) URL, in
// lower case: "spiegel.de" for https://www.spiegel.de/politik/…, "bbc.co.uk"
// for https://news.bbc.co.uk/…. A host that has none (an IP address, a
// public suffix itself, "localhost") is returned without a leading
// "www.". It returns "" for anything else: a relative or non-web URL, a
// local path, an IPv6 address.
func Domain(rawURL string) string {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	if err != nil || u.Hostname() == "" {
		return ""
	}
	if s := strings.ToLower(u.Scheme); s != "http" && s != "https" {
		return ""
	}
	return HostDomain(u.Hostname())
}

// HostDomain returns the registrable domain of a host name, as Domain
// does for a URL's host; "" for an empty host or one with characters a
// host name cannot have.
func HostDomain(host string) string {
	host = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(host), "."))
	if !validHost(host) {
		// An IPv6 address is no site's name either.
		return ""
	}
	if d, err := publicsuffix.EffectiveTLDPlusOne(host); err == nil {
		return d
	}
	return strings.TrimPrefix(host, "www.")
}

// validHost reports whether host, in lower case, is a host name: labels
// of letters (any script), digits, hyphens and underscores, none empty.
func validHost(host string) bool {
	if host == "" || strings.Contains(host, "..") || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") {
		return false
	}
	for _, r := range host {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_' || r >= 0x80 && r != 0xfffd && !isSpaceRune(r)) {
			return false
		}
	}
	return true
}

// Outlet returns the key of the outlet an article was published by: the
// registrable domain of its URL (see Domain), else of its canonical URL,
// else its site name in lower case; "" when none is known (a local file
// without either). Two articles of one outlet have the same key.
func Outlet(rawURL, canonical, siteName string) string {
	for _, raw := range []string{rawURL, canonical} {
		if d := Domain(raw); d != "" {
			return d
		}
	}
	return strings.ToLower(strings.TrimSpace(siteName))
}

// DomainOf returns the registrable domain s names, written as a URL
// ("https://www.spiegel.de/"), a host ("www.spiegel.de", "localhost") or
// a domain ("spiegel.de"); "" when s is none of them (a name such as
// "Der Spiegel", or anything with characters a host name cannot have).
// A word without a dot ("Spiegel") is taken for a host: a caller that
// reads names too should ask only for what has a dot.
func DomainOf(s string) string {
	s = strings.TrimSpace(s)
	if strings.Contains(s, "://") {
		return Domain(s)
	}
	return HostDomain(s)
}

func isSpaceRune(r rune) bool {
	return r == 0x85 || r == 0xa0 || r == 0x1680 || r >= 0x2000 && r <= 0x200a ||
		r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000
}
