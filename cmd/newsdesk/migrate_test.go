package main

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"newsdesk/internal/pgtest"
)

// startPostgres starts a PostgreSQL cluster of the test's own and returns
// the URL of an empty database in it; it skips the test without server
// binaries, unless the environment requires them.
func startPostgres(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	pg, err := pgtest.Start(ctx)
	if errors.Is(err, pgtest.ErrNoServer) && !pgtest.Required() {
		t.Skip(err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Stop() })
	if err := pg.CreateDatabase(ctx, "newsdesk", ""); err != nil {
		t.Fatal(err)
	}
	return pg.URL("newsdesk")
}

// TestMigrate: an embedded store with a source, an alert and pages is
// copied into PostgreSQL; the database then lists the same articles,
// finds them by search, knows the source and the alert; a second run
// copies nothing again.
func TestMigrate(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a PostgreSQL server")
	}
	dsn := startPostgres(t)
	dir := filepath.Join(t.TempDir(), "data")
	want := map[string]bool{}
	warcPath := writeWARC(t, 0, 30, want)
	run(t, nil, "ingest", "--data", dir, warcPath).mustCode(t, 0)
	run(t, nil, "sources", "add", "--data", dir, warcPath).mustCode(t, 0)
	run(t, nil, "alerts", "add", "--data", dir, "--name", "Story 7", "--query", `"story 7"`).mustCode(t, 0)

	r := run(t, nil, "migrate", "--data", dir, "--to", dsn)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "copied 1 sources, 30 articles (0 already there), 0 pages without article, 1 alerts") {
		t.Errorf("migrate:\n%s%s", r.stdout, r.stderr)
	}
	urls := func(args ...string) []string {
		t.Helper()
		r := run(t, nil, append([]string{"articles", "--jsonl"}, args...)...)
		r.mustCode(t, 0)
		var out []string
		for line := range strings.Lines(r.stdout) {
			if i := strings.Index(line, `"url":"`); i >= 0 {
				u := line[i+7:]
				out = append(out, u[:strings.IndexByte(u, '"')])
			}
		}
		slices.Sort(out)
		return out
	}
	emb, got := urls("--data", dir), urls("--store", dsn)
	if len(emb) != len(want) || !slices.Equal(emb, got) {
		t.Errorf("the database lists %d articles, the embedded store %d (%d in the archive)", len(got), len(emb), len(want))
	}
	r = run(t, nil, "search", "--store", dsn, "--json", `"story 7 reports"`)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, `"total": 1`) && !strings.Contains(r.stdout, `"total":1`) {
		t.Errorf("search on the database:\n%s", r.stdout)
	}
	if r := run(t, nil, "sources", "list", "--store", dsn); !strings.Contains(r.stdout, filepath.Base(warcPath)) {
		t.Errorf("sources on the database:\n%s%s", r.stdout, r.stderr)
	}
	if r := run(t, nil, "alerts", "list", "--store", dsn); !strings.Contains(r.stdout, "Story 7") {
		t.Errorf("alerts on the database:\n%s%s", r.stdout, r.stderr)
	}

	// Again: everything is there, nothing is copied twice.
	r = run(t, nil, "migrate", "--data", dir, "--to", dsn)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "copied 0 sources, 0 articles") || !strings.Contains(r.stdout, "0 alerts") {
		t.Errorf("second migrate:\n%s%s", r.stdout, r.stderr)
	}
	if got := urls("--store", dsn); !slices.Equal(emb, got) {
		t.Errorf("after the second migrate the database lists %d articles, want %d", len(got), len(emb))
	}
	// A wrong target is a usage error.
	run(t, nil, "migrate", "--data", dir, "--to", "/tmp/not-a-database").mustCode(t, 2)
}
