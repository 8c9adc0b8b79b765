package main

import (
	"strings"
	"testing"
)

// TestUnsupportedScheme gives sources add and ingest URLs of schemes
// other than http and https: each is refused by name, and nothing is
// added.
func TestUnsupportedScheme(t *testing.T) {
	dir := t.TempDir()
	for _, target := range []string{"file:///etc/passwd", "ftp://ftp.example.org/crawl.warc", "javascript:alert(1)", "data:text/html,x", "mailto:a@example.org"} {
		for _, cmd := range [][]string{{"sources", "add"}, {"ingest"}} {
			r := run(t, nil, append(cmd, "--data", dir, target)...)
			if r.code == 0 || !strings.Contains(r.stderr, "unsupported scheme") || !strings.Contains(r.stderr, target) {
				t.Errorf("%s %s: exit %d\n%s%s", strings.Join(cmd, " "), target, r.code, r.stdout, r.stderr)
			}
		}
	}
	r := run(t, nil, "sources", "list", "--data", dir, "--json")
	r.mustCode(t, 0)
	if strings.TrimSpace(r.stdout) != "[]" {
		t.Errorf("sources after refused adds: %s", r.stdout)
	}
}
