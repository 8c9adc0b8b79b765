// Package urlnorm reduces the many spellings of one web address to a
// single key, so that storage can tell that two links name the same page.
//
// The key is for comparison, not for fetching: it drops what never changes
// which document a server returns (fragments, default ports, tracking
// parameters, the order of query parameters, a trailing slash) and keeps
// everything that might (the host as written, including "www.", and the
// remaining query).
package urlnorm

import (
	"net/url"
	"sort"
	"strings"
)

// Normalize returns the comparison key of raw. For http and https URLs it
//
//   - trims surrounding white space;
//   - lower-cases the scheme and host and drops a trailing dot of the host;
//   - drops the default port (80 for http, 443 for https) and an empty one;
//   - drops the fragment, except a "#!" hash-bang that older script-driven
//     sites use to address their pages;
//   - drops tracking parameters (utm_*, fbclid, gclid, mc_cid, mc_eid, ocid,
//     cmpid, wt_mc, at_medium, at_campaign, ref, ref_src and a few other
//     well-known click identifiers, see IsTracking) and empty ones;
//   - sorts the remaining query parameters by name, then value, and
//     re-encodes them canonically;
//   - writes the path in its canonical escaping and removes a trailing
//     slash, except from the root path "/", which an empty path becomes.
//
// "www." is kept: www.example.com and example.com are different hosts
// that may serve different documents; the store catches the usual case in
// which they serve the same article through the canonical URL or the
// content hash. The user part of an authority is kept as written.
//
// Anything that is not an absolute http or https URL (a local path, a
// mailto: link, an unparsable string) is returned trimmed but otherwise
// unchanged. Normalize never fails, and Normalize(Normalize(s)) equals
// Normalize(s).
func Normalize(raw string) string {
	s := strings.TrimSpace(raw)
	n, ok := normalize(s)
	if !ok {
		return s
	}
	// The rules above give a stable key for every URL seen in the wild;
	// for an odd string whose key would change again when normalised
	// (escapes in the host, say), the trimmed input is the key: it is
	// stable by construction.
	if again, ok := normalize(n); !ok || again != n {
		return s
	}
	return n
}

// normalize applies the rules of Normalize to s and reports false if s is
// not an absolute http or https URL.
func normalize(s string) (string, bool) {
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Host == "" {
		return "", false
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", false
	}
	host, ok := normalizeHost(u.Host, scheme)
	if !ok {
		return "", false
	}
	n := url.URL{
		Scheme:   scheme,
		User:     u.User,
		Host:     host,
		RawQuery: normalizeQuery(u.RawQuery),
	}
	n.Path, n.RawPath = normalizePath(u)
	if strings.HasPrefix(u.Fragment, "!") {
		n.Fragment, n.RawFragment = u.Fragment, u.RawFragment
	}
	return n.String(), true
}

// normalizeHost lower-cases host, drops a trailing dot and the default
// port of scheme. It reports false for a host it cannot take apart.
func normalizeHost(hostport, scheme string) (string, bool) {
	host, port := hostport, ""
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && !strings.Contains(hostport[i:], "]") {
		host, port = hostport[:i], hostport[i+1:]
	}
	host = strings.ToLower(host)
	if strings.HasPrefix(host, "[") {
		if !strings.HasSuffix(host, "]") {
			return "", false
		}
	} else {
		host = strings.TrimSuffix(host, ".")
	}
	if host == "" || host == "[]" {
		return "", false
	}
	switch {
	case port == "",
		scheme == "http" && port == "80",
		scheme == "https" && port == "443":
		return host, true
	}
	return host + ":" + port, true
}

// normalizePath returns the path and raw path of u without trailing
// slashes; the empty path becomes "/". The raw path is empty unless the
// path holds an escaped slash (%2F), which is not a path separator and so
// keeps its escaping, with upper-case hex digits.
func normalizePath(u *url.URL) (path, rawPath string) {
	path = trimSlashes(u.Path)
	if strings.Contains(strings.ToLower(u.RawPath), "%2f") {
		rawPath = trimSlashes(upperEscapes(u.RawPath))
		if p, err := url.PathUnescape(rawPath); err == nil {
			path = p
		} else {
			rawPath = ""
		}
	}
	if path == "" {
		path = "/"
	}
	return path, rawPath
}

// trimSlashes removes trailing slashes from p but keeps a root "/".
func trimSlashes(p string) string {
	for len(p) > 1 && strings.HasSuffix(p, "/") {
		p = p[:len(p)-1]
	}
	return p
}

// upperEscapes upper-cases the hex digits of percent escapes in s.
func upperEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			b[i+1] = upperHex(b[i+1])
			b[i+2] = upperHex(b[i+2])
			i += 2
		}
	}
	return string(b)
}

func upperHex(c byte) byte {
	if 'a' <= c && c <= 'f' {
		return c - 'a' + 'A'
	}
	return c
}

// normalizeQuery drops tracking and empty parameters from a raw query and
// returns the rest sorted and canonically encoded.
func normalizeQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type param struct{ k, v string }
	var params []param
	for _, kv := range strings.Split(raw, "&") {
		if kv == "" {
			continue
		}
		k, v, _ := strings.Cut(kv, "=")
		k = unescape(k)
		if k == "" || IsTracking(k) {
			continue
		}
		params = append(params, param{k, unescape(v)})
	}
	sort.SliceStable(params, func(i, j int) bool {
		if params[i].k != params[j].k {
			return params[i].k < params[j].k
		}
		return params[i].v < params[j].v
	})
	var b strings.Builder
	for i, p := range params {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p.k))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p.v))
	}
	return b.String()
}

// unescape decodes a query component, or returns it as is if it is not
// validly escaped.
func unescape(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// trackingParams are query parameters that only say where a click came
// from; their names are compared in lower case.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "gclsrc": true, "dclid": true,
	"msclkid": true, "yclid": true, "igshid": true, "twclid": true,
	"mc_cid": true, "mc_eid": true,
	"ocid": true, "cmpid": true, "wt_mc": true, "wt.mc_id": true,
	"at_medium": true, "at_campaign": true,
	"ref": true, "ref_src": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true,
}

// IsTracking reports whether the query parameter name only tracks where a
// click came from: any utm_* parameter and the names Normalize documents,
// in any case.
func IsTracking(name string) bool {
	n := strings.ToLower(name)
	return strings.HasPrefix(n, "utm_") || trackingParams[n]
}
