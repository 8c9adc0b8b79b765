package fetch

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

func TestRobotsGroups(t *testing.T) {
	const file = `# comment
Disallow: /before-any-group

User-agent: *
Disallow: /private
Crawl-delay: 7

User-agent: Googlebot
User-agent: NewsDesk/2.0
Disallow: /secret  # trailing comment
Allow: /secret/ok
Crawl-delay: 0.25

Sitemap: https://example.org/sitemap.xml

user-AGENT: newsdesk
dIsAllOw: /also
`
	r := parseRobots([]byte(file))
	p := r.policy("newsdesk")
	if p.crawlDelay != 250*time.Millisecond {
		t.Errorf("crawl delay = %v, want 250ms", p.crawlDelay)
	}
	tests := []struct {
		path string
		want bool
	}{
		{"/", true},
		{"/private", true}, // the "*" group does not apply: ours exists
		{"/before-any-group", true},
		{"/secret", false},
		{"/secret/x", false},
		{"/secret/ok", true},
		{"/secret/ok/deeper", true},
		{"/also/here", false}, // groups naming us are merged
		{"/robots.txt", true},
	}
	for _, tt := range tests {
		if got := p.allowed(tt.path); got != tt.want {
			t.Errorf("newsdesk: allowed(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}

	other := r.policy("otherbot")
	if other.allowed("/private") || !other.allowed("/secret") {
		t.Errorf("otherbot should get the * group: /private disallowed, /secret allowed")
	}
	if other.crawlDelay != 7*time.Second {
		t.Errorf("otherbot crawl delay = %v, want 7s", other.crawlDelay)
	}
}

func TestRobotsNoMatchingGroup(t *testing.T) {
	r := parseRobots([]byte("User-agent: otherbot\nDisallow: /\n"))
	if p := r.policy("newsdesk"); !p.allowed("/anything") {
		t.Error("no group for us and no * group: everything should be allowed")
	}
	if p := r.policy("otherbot"); p.allowed("/anything") {
		t.Error("otherbot is disallowed everywhere")
	}
}

func TestRobotsMatching(t *testing.T) {
	tests := []struct {
		rules string
		path  string
		want  bool
	}{
		// Longest match wins, whichever comes first.
		{"Allow: /p\nDisallow: /", "/page", true},
		{"Disallow: /\nAllow: /p", "/page", true},
		{"Allow: /folder\nDisallow: /folder/", "/folder/page", false},
		// A tie goes to allow.
		{"Disallow: /page\nAllow: /page", "/page", true},
		{"Allow: /page\nDisallow: /page", "/page", true},
		// Wildcards.
		{"Disallow: /*.pdf$", "/a/b.pdf", false},
		{"Disallow: /*.pdf$", "/a/b.pdf?x=1", true},
		{"Disallow: /*.pdf", "/a/b.pdf?x=1", false},
		{"Disallow: /fish*", "/fishheads", false},
		{"Disallow: /fish*", "/Fish", true}, // case-sensitive
		{"Disallow: /*?", "/a?b", false},
		{"Disallow: /*?", "/a", true},
		{"Disallow: /a*b*c", "/axxbyyc", false},
		{"Disallow: /a*b*c", "/axxbyy", true},
		{"Disallow: /exact$", "/exact", false},
		{"Disallow: /exact$", "/exact/", true},
		{"Disallow: /a$b", "/a$b", false}, // an inner $ is literal
		{"Disallow: /**", "/x", false},
		{"Disallow: *", "/x", false},
		// An empty disallow is no rule.
		{"Disallow:", "/x", true},
		// A pattern without a leading slash gets one.
		{"Disallow: private", "/private", false},
		// Percent-encoding: escapes compare case-insensitively, and raw
		// UTF-8 in a rule matches its escaped form.
		{"Disallow: /caf%c3%a9", "/caf%C3%A9", false},
		{"Disallow: /café", "/caf%C3%A9", false},
		{"Disallow: /a%2fb", "/a/b", true}, // an escaped slash is not a slash
		{"Disallow: /a%2fb", "/a%2Fb", false},
		{"Disallow: /%7Euser", "/~user/page", false}, // ~ is unreserved
		{"Disallow: /~user", "/%7euser", false},
	}
	for _, tt := range tests {
		p := parseRobots([]byte("User-agent: *\n" + tt.rules + "\n")).policy("newsdesk")
		if got := p.allowed(tt.path); got != tt.want {
			t.Errorf("rules %q: allowed(%q) = %v, want %v", tt.rules, tt.path, got, tt.want)
		}
	}
}

func TestRobotsLineEndingsAndBOM(t *testing.T) {
	for _, file := range []string{
		"\xef\xbb\xbfUser-agent: *\r\nDisallow: /x\r\n",
		"User-agent: *\rDisallow: /x\r",
		"User-agent:*\nDisallow:/x",
		"  User-agent :  *  \n\tDisallow :  /x  \n",
	} {
		p := parseRobots([]byte(file)).policy("newsdesk")
		if p.allowed("/x") || !p.allowed("/y") {
			t.Errorf("%q: want /x disallowed and /y allowed", file)
		}
	}
}

func TestAgentToken(t *testing.T) {
	tests := map[string]string{
		DefaultUserAgent:                 "newsdesk",
		"NewsDesk/1.0 (+https://x.test)": "newsdesk",
		"  Googlebot  ":                  "googlebot",
		"*":                              "*",
	}
	for in, want := range tests {
		if got := agentToken(in); got != want {
			t.Errorf("agentToken(%q) = %q, want %q", in, got, want)
		}
	}
}

// patternRegexp is the reference meaning of a robots.txt pattern, for the
// fuzz test: '*' is any run of bytes, a final '$' anchors, the match is a
// prefix match otherwise.
func patternRegexp(pattern string) *regexp.Regexp {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	parts := strings.Split(pattern, "*")
	for i, p := range parts {
		parts[i] = regexp.QuoteMeta(p)
	}
	expr := `(?s)^` + strings.Join(parts, ".*")
	if anchored {
		expr += `$`
	}
	return regexp.MustCompile(expr)
}

func FuzzRobots(f *testing.F) {
	f.Add("User-agent: *\nDisallow: /private\nAllow: /private/ok$\nCrawl-delay: 2", "/private/x")
	f.Add("User-agent: newsdesk\nDisallow: /*.pdf$\n", "/a.pdf")
	f.Add("user-agent: *\r\ndisallow: /a*b*c*d\r\n", "/aXbXcXd")
	f.Add("User-agent: *\nDisallow: /caf%c3%a9\n", "/café")
	f.Add("\xef\xbb\xbfUser-agent: *\nDisallow: *$\nCrawl-delay: 1e308", "/")
	f.Fuzz(func(t *testing.T, file, path string) {
		r := parseRobots([]byte(file))
		if len(path) > 1000 {
			path = path[:1000]
		}
		for _, agent := range []string{"newsdesk", "*", ""} {
			p := r.policy(agent)
			if p.crawlDelay < 0 {
				t.Fatalf("negative crawl delay %v", p.crawlDelay)
			}
			got := p.allowed(path)
			if got != p.allowed(path) {
				t.Fatal("allowed is not deterministic")
			}
			if !p.allowed("/robots.txt") {
				t.Fatal("/robots.txt must always be allowed")
			}
			// Check the verdict against the regexp meaning of the rules.
			norm := path
			if norm == "" {
				norm = "/"
			}
			if norm == "/robots.txt" {
				continue
			}
			norm = normalizePath(norm)
			best, want := -1, true
			for _, rule := range p.rules {
				if len(rule.pattern) > 200 {
					continue // keep the regexp engine quick
				}
				m := patternRegexp(rule.pattern).MatchString(norm)
				if mp := matchPattern(rule.pattern, norm); mp != m {
					t.Fatalf("matchPattern(%q, %q) = %v, regexp says %v", rule.pattern, norm, mp, m)
				}
				if !m {
					continue
				}
				n := len(rule.pattern)
				if n > best || (n == best && rule.allow) {
					best, want = n, rule.allow
				}
			}
			long := false
			for _, rule := range p.rules {
				long = long || len(rule.pattern) > 200
			}
			if !long && got != want {
				t.Fatalf("allowed(%q) = %v, reference says %v (rules %+v)", path, got, want, p.rules)
			}
		}
	})
}

func TestMatchPatternIsLinear(t *testing.T) {
	// A backtracking matcher takes ~len(pattern)·len(path) steps here.
	pattern := "/" + strings.Repeat("*a", 20000) + "b$"
	path := "/" + strings.Repeat("a", 200000)
	start := time.Now()
	if matchPattern(pattern, path) {
		t.Error("pattern should not match")
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("match took %v", d)
	}
}
