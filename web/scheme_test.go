package web_test

import (
	"net/url"
	"strings"
	"testing"
)

// TestIntegrationAddFormScheme sends the add form a file: URL: refused,
// with a message that names the scheme as unsupported.
func TestIntegrationAddFormScheme(t *testing.T) {
	e := newEnv(t, options{})
	tok := csrf(t, e.get(t, "/sources", 200))
	for _, u := range []string{"file:///etc/passwd", "javascript:alert(1)"} {
		p := e.post(t, "/sources", url.Values{"url": {u}, "csrf": {tok}}, 422)
		if msg := text(one(t, p.doc, "", "#message")); !strings.Contains(msg, "unsupported scheme") {
			t.Errorf("%s: message %q", u, msg)
		}
	}
	if srcs, _ := e.st.Sources(t.Context()); len(srcs) != 2 {
		t.Errorf("%d sources, want 2", len(srcs))
	}
}
