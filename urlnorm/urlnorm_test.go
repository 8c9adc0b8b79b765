package urlnorm

import (
	"net/url"
	"testing"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"spaces", "  https://example.com/a  ", "https://example.com/a"},
		{"scheme and host case", "HTTPS://Example.COM/Path", "https://example.com/Path"},
		{"root keeps slash", "https://example.com/", "https://example.com/"},
		{"empty path", "https://example.com", "https://example.com/"},
		{"trailing slash", "https://example.com/news/story/", "https://example.com/news/story"},
		{"many trailing slashes", "https://example.com/a//", "https://example.com/a"},
		{"default https port", "https://example.com:443/a", "https://example.com/a"},
		{"default http port", "http://example.com:80/a", "http://example.com/a"},
		{"other port kept", "http://example.com:8080/a", "http://example.com:8080/a"},
		{"https on 80 kept", "https://example.com:80/a", "https://example.com:80/a"},
		{"empty port", "https://example.com:/a", "https://example.com/a"},
		{"trailing dot", "https://example.com./a", "https://example.com/a"},
		{"www kept", "https://www.example.com/a", "https://www.example.com/a"},
		{"fragment dropped", "https://example.com/a#section-2", "https://example.com/a"},
		{"hash-bang kept", "https://example.com/#!/story/1", "https://example.com/#!/story/1"},
		{"utm dropped", "https://example.com/a?utm_source=x&utm_medium=y&UTM_Campaign=z", "https://example.com/a"},
		{"click ids dropped", "https://example.com/a?fbclid=1&gclid=2&mc_cid=3&mc_eid=4&ocid=5&cmpid=6&wt_mc=7", "https://example.com/a"},
		{"at and ref dropped", "https://example.com/a?at_medium=a&at_campaign=b&ref=c&ref_src=d&id=9", "https://example.com/a?id=9"},
		{"params sorted", "https://example.com/a?b=2&a=1&c=3", "https://example.com/a?a=1&b=2&c=3"},
		{"same name sorted by value", "https://example.com/a?t=2&t=1", "https://example.com/a?t=1&t=2"},
		{"query encoding", "https://example.com/a?q=a%20b&x=%7e", "https://example.com/a?q=a+b&x=~"},
		{"empty params", "https://example.com/a?&&x=1&", "https://example.com/a?x=1"},
		{"only tracking leaves no ?", "https://example.com/?utm_source=rss", "https://example.com/"},
		{"path escaping", "https://example.com/%7Euser/caf%c3%a9", "https://example.com/~user/caf%C3%A9"},
		{"escaped slash kept", "https://example.com/a%2fb", "https://example.com/a%2Fb"},
		{"ipv6 default port", "http://[::1]:80/a", "http://[::1]/a"},
		{"ipv6 port", "http://[::1]:8080/a", "http://[::1]:8080/a"},
		{"user kept", "https://user@example.com/a", "https://user@example.com/a"},
		{"not http", "mailto:desk@example.com", "mailto:desk@example.com"},
		{"ftp untouched", "FTP://Example.com/a/", "FTP://Example.com/a/"},
		{"local path", "/var/news/a.html", "/var/news/a.html"},
		{"relative", "news/a.html?utm_source=x", "news/a.html?utm_source=x"},
		{"unparsable", "https://exa mple.com/%zz", "https://exa mple.com/%zz"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if again := Normalize(got); again != got {
				t.Errorf("Normalize(%q) = %q, not idempotent", got, again)
			}
		})
	}
}

func TestNormalizeSameKey(t *testing.T) {
	// Spellings of one article that feeds, sitemaps and shares produce.
	base := "https://news.example.com/2024/05/01/story"
	for _, in := range []string{
		"https://news.example.com/2024/05/01/story/",
		"HTTPS://NEWS.EXAMPLE.COM:443/2024/05/01/story",
		"https://news.example.com/2024/05/01/story?utm_source=twitter&utm_medium=social",
		"https://news.example.com/2024/05/01/story#comments",
		"https://news.example.com/2024/05/01/story?fbclid=IwAR0abc",
	} {
		if got := Normalize(in); got != base {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, base)
		}
	}
}

func TestIsTracking(t *testing.T) {
	for name, want := range map[string]bool{
		"utm_source": true, "UTM_TERM": true, "fbclid": true, "Ref": true,
		"id": false, "page": false, "utm": false, "reference": false,
	} {
		if got := IsTracking(name); got != want {
			t.Errorf("IsTracking(%q) = %v, want %v", name, got, want)
		}
	}
}

func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{
		"", "https://example.com", "HTTP://Example.COM:80/a/b/?utm_source=x&b=2&a=1#frag",
		"https://[::1]:443/", "https://example.com/a%2fb/", "https://u:p@example.com/#!x",
		"https://example.com/?a=%zz&b", "http://example.com./?q=a+b%20c", "/local/path",
		"https://example.com/a?;b=1", "http://a/%", "http://[fe80::1%25en0]/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Fatalf("not idempotent: Normalize(%q) = %q, Normalize(%q) = %q", s, n, n, again)
		}
		// A normalised http(s) URL parses back to the same key.
		if u, err := url.Parse(n); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			if _, err := url.Parse(u.String()); err != nil {
				t.Fatalf("Normalize(%q) = %q does not round-trip: %v", s, n, err)
			}
		}
	})
}
