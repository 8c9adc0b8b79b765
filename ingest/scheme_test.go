package ingest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/fetch"
)

// TestDetectScheme checks that URLs of schemes other than http and https
// are refused by name, while local paths, even odd-looking ones, are not.
func TestDetectScheme(t *testing.T) {
	in := New(Config{Store: newStore(t), Fetcher: testFetcher(fetch.Config{})})
	ctx := context.Background()
	for _, target := range []string{
		"file:///etc/passwd", "FILE:///etc/passwd", "file:relative/page.html", " file:///etc/hosts",
		"ftp://ftp.example.org/crawl.warc.gz", "javascript:alert(1)", "data:text/html,<p>x</p>",
		"mailto:desk@example.org", "gopher://example.org/", "ws://example.org/feed",
	} {
		got, err := in.Detect(ctx, target)
		if err == nil {
			t.Errorf("Detect(%q) = %v, want an error", target, got)
			continue
		}
		if !errors.Is(err, ErrUnsupportedScheme) || !strings.Contains(err.Error(), "unsupported scheme") {
			t.Errorf("Detect(%q): %v, want unsupported scheme", target, err)
		}
	}

	// A local path is a path, whatever its name looks like.
	dir := t.TempDir()
	t.Chdir(dir)
	for _, name := range []string{"notes:2024.html", "page.html"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("<p>x</p>"), 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := in.Detect(ctx, name)
		if err != nil || len(got) != 1 || got[0].Kind != newsdesk.KindFile {
			t.Errorf("Detect(%q) = %v, %v; want a file source", name, got, err)
		}
	}
	// A missing plain path fails for being missing, not for its scheme.
	if _, err := in.Detect(ctx, filepath.Join(dir, "missing.html")); err == nil || errors.Is(err, ErrUnsupportedScheme) {
		t.Errorf("missing path: %v, want a not-found error", err)
	}
}
