package httpapi_test

import (
	"strings"
	"testing"
)

// TestIntegrationAddSourceScheme posts URLs of schemes other than http
// and https: 422, and the detail names the scheme as unsupported. A
// local path is refused too, but for not being a URL.
func TestIntegrationAddSourceScheme(t *testing.T) {
	e := newEnv(t)
	for _, u := range []string{"file:///etc/passwd", "ftp://ftp.example.org/x", "javascript:alert(1)", "data:text/html,x", "mailto:a@example.org"} {
		resp, b := e.do(t, "POST", "/api/sources", testToken, `{"url": "`+u+`"}`)
		p := checkProblem(t, resp, b, 422)
		if !strings.Contains(p.Detail, "unsupported scheme") {
			t.Errorf("%s: detail %q, want unsupported scheme", u, p.Detail)
		}
	}
	resp, b := e.do(t, "POST", "/api/sources", testToken, `{"url": "/etc/passwd"}`)
	p := checkProblem(t, resp, b, 422)
	if strings.Contains(p.Detail, "scheme") || !strings.Contains(p.Detail, "not an http or https URL") {
		t.Errorf("/etc/passwd: detail %q", p.Detail)
	}
	if len(e.detects) != 0 {
		t.Errorf("Detect called for %q", e.detects)
	}
}
