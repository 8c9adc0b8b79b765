package fetch

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"time"
)

// maxRobotsBytes is how much of a robots.txt file is read and parsed;
// RFC 9309 asks crawlers to parse at least 500 KiB.
const maxRobotsBytes = 512 << 10

// robots is a parsed robots.txt file: its groups of rules, each for one or
// more user agents.
type robots struct {
	groups []robotsGroup
}

type robotsGroup struct {
	agents     []string // product tokens, lower case; "*" for any
	rules      []robotsRule
	crawlDelay time.Duration // zero when not given
}

// robotsRule is one allow or disallow line. The pattern is normalised by
// normalizePath; it may hold '*' wildcards, and a final '$' anchors it.
type robotsRule struct {
	allow   bool
	pattern string
}

// robotsPolicy is what a robots.txt file says to one user agent: the
// rules of the groups that name it (or of the "*" groups when none does).
type robotsPolicy struct {
	rules      []robotsRule
	crawlDelay time.Duration
}

// parseRobots parses a robots.txt file as RFC 9309 describes it, leniently:
// lines it does not understand are skipped, keys are case-insensitive, and
// records before the first user-agent line are ignored. Only the first
// maxRobotsBytes bytes are read.
func parseRobots(data []byte) *robots {
	if len(data) > maxRobotsBytes {
		data = data[:maxRobotsBytes]
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := &robots{}
	var cur *robotsGroup
	inAgents := false // the last record was a user-agent line
	for len(data) > 0 {
		var line []byte
		if i := bytes.IndexAny(data, "\r\n"); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			line, data = data, nil
		}
		if i := bytes.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(string(line), ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent", "useragent", "user agent":
			if !inAgents {
				r.groups = append(r.groups, robotsGroup{})
				cur = &r.groups[len(r.groups)-1]
			}
			inAgents = true
			if agent := agentToken(value); agent != "" {
				cur.agents = append(cur.agents, agent)
			}
		case "allow", "disallow":
			inAgents = false
			if cur == nil || value == "" {
				// An empty disallow allows everything, as no rule does.
				continue
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: normalizePattern(value)})
		case "crawl-delay", "crawl_delay", "crawldelay":
			inAgents = false
			if cur == nil {
				continue
			}
			if d, ok := parseCrawlDelay(value); ok && d > cur.crawlDelay {
				cur.crawlDelay = d
			}
		default:
			// Sitemap and unknown records neither end nor start a group.
		}
	}
	return r
}

// agentToken returns the product token of a user-agent value, in lower
// case: "Newsdesk/0.1 (extra)" gives "newsdesk".
func agentToken(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "/ \t"); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// parseCrawlDelay reads a Crawl-delay value in seconds, which may have a
// fraction.
func parseCrawlDelay(s string) (time.Duration, bool) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f <= 0 {
		return 0, false
	}
	if f > 365*24*3600 {
		f = 365 * 24 * 3600
	}
	return time.Duration(f * float64(time.Second)), true
}

// policy returns the rules for the user agent whose product token is
// agent: those of every group naming it, or else of every "*" group.
func (r *robots) policy(agent string) robotsPolicy {
	agent = strings.ToLower(agent)
	var p robotsPolicy
	found := false
	for _, want := range []string{agent, "*"} {
		for _, g := range r.groups {
			for _, a := range g.agents {
				if a == want {
					found = true
					p.rules = append(p.rules, g.rules...)
					p.crawlDelay = max(p.crawlDelay, g.crawlDelay)
					break
				}
			}
		}
		if found {
			break
		}
	}
	return p
}

// allowed reports whether the policy lets a crawler fetch path, the escaped
// path and query of a URL ("/a%20b?q=1"). The longest matching pattern
// wins; on a tie, allow wins. /robots.txt is always allowed.
func (p robotsPolicy) allowed(path string) bool {
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	path = normalizePath(path)
	best, allow := -1, true
	for _, rule := range p.rules {
		n := len(rule.pattern)
		if n < best || (n == best && !rule.allow) {
			continue
		}
		if matchPattern(rule.pattern, path) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// normalizePattern makes a rule's pattern comparable with a normalised
// path: it starts with '/' (or a wildcard) and is normalised as a path.
func normalizePattern(s string) string {
	if !strings.HasPrefix(s, "/") && !strings.HasPrefix(s, "*") {
		s = "/" + s
	}
	return normalizePath(s)
}

// normalizePath puts a path or pattern in the form RFC 9309 compares:
// bytes outside printable ASCII are percent-encoded, escapes of unreserved
// characters are decoded, and other escapes get upper-case hex digits, so
// that a path and a pattern written differently but meaning the same
// compare equal.
func normalizePath(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c >= 0x7f || c == '%' {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			if d := unhex(s[i+1])<<4 | unhex(s[i+2]); isUnreserved(d) {
				b.WriteByte(d)
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[d>>4])
				b.WriteByte(hex[d&0xf])
			}
			i += 2
		case c <= ' ' || c >= 0x7f:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// isUnreserved reports whether c is an unreserved URI character (RFC
// 3986), which means the same escaped or not.
func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

// matchPattern reports whether pattern matches a prefix of path, where '*'
// in pattern stands for any run of bytes and a '$' ending pattern requires
// the match to reach the end of path. Other '$' are literal.
//
// The text between stars is matched leftmost first, which is never worse
// for what follows, so the match takes linear time: a hostile robots.txt
// cannot make it backtrack.
func matchPattern(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	first, rest, star := strings.Cut(pattern, "*")
	if !strings.HasPrefix(path, first) {
		return false
	}
	path = path[len(first):]
	if !star {
		return !anchored || path == ""
	}
	for {
		seg, more, star := strings.Cut(rest, "*")
		if !star {
			if anchored {
				return strings.HasSuffix(path, seg)
			}
			return strings.Contains(path, seg)
		}
		i := strings.Index(path, seg)
		if i < 0 {
			return false
		}
		path, rest = path[i+len(seg):], more
	}
}
