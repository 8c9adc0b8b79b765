package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/sqlite"
)

// Commands that only read never create a store: a mistyped --data is an
// error that names the directory.
func TestReadCommandsNeedStore(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "typo", "data")
	for _, args := range [][]string{
		{"articles"}, {"articles", "--csv"}, {"search", "x"}, {"sources", "list"}, {"serve", "--read-only"},
	} {
		r := run(t, nil, append(args, "--data", missing)...)
		if r.code != 1 || !strings.Contains(r.stderr, "no newsdesk store in "+missing) {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
		if _, err := os.Stat(filepath.Dir(missing)); !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("%v created %s", args, filepath.Dir(missing))
		}
	}
	// A command that writes creates it.
	run(t, nil, "ingest", "--data", missing, dePage).mustCode(t, 0)
	run(t, nil, "articles", "--data", missing).mustCode(t, 0)
}

// -j 0 means one worker per CPU; a negative count is a usage error.
func TestJobsZero(t *testing.T) {
	dir := t.TempDir()
	r := run(t, nil, "ingest", "-j", "0", "--data", dir, pagesDir)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "new ") {
		t.Errorf("ingest -j 0: %s", r.stdout)
	}
	run(t, nil, "reprocess", "-j", "0", "--data", dir).mustCode(t, 0)
	run(t, nil, "extract", "-j", "0", "--out", t.TempDir(), pagesDir).mustCode(t, 0)
	for _, args := range [][]string{{"ingest"}, {"reprocess"}, {"watch"}, {"serve"}, {"extract", dePage}} {
		cmd := args[0]
		r := run(t, nil, append(args, "-j", "-1")...)
		if r.code != 2 || !strings.Contains(r.stderr, "-j") {
			t.Errorf("%s -j -1: exit %d, %s", cmd, r.code, r.stderr)
		}
	}
}

// A NEWSDESK_API_TOKEN that is easy to guess is refused.
func TestWeakToken(t *testing.T) {
	cmd := exec.Command(binary, "serve", "--no-watch", "--addr", "127.0.0.1:0", "--data", t.TempDir())
	cmd.Env = append(os.Environ(), "NEWSDESK_API_TOKEN=secret123")
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(string(out), "too weak") {
		t.Errorf("serve with a weak token: %v\n%s", err, out)
	}
}

// A store whose index is behind is read as it is with --read-only:
// search answers from the index and says on stderr how far behind it
// is, JSON on stdout stays pure, and nothing is written.
func TestReadOnlyFlag(t *testing.T) {
	dir := t.TempDir()
	run(t, nil, "ingest", "--data", dir, dePage).mustCode(t, 0)
	run(t, nil, "ingest", "--no-index", "--data", dir, enPage).mustCode(t, 0)
	before := snapshot(t, dir)
	r := run(t, nil, "search", "--read-only", "--json", "--data", dir)
	r.mustCode(t, 0)
	var res struct{ Total int }
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Total != 1 {
		t.Errorf("search --read-only --json: %v, total %d\n%s", err, res.Total, r.stdout)
	}
	if !strings.Contains(r.stderr, "1 article behind") {
		t.Errorf("stderr does not tell the lag: %q", r.stderr)
	}
	run(t, nil, "articles", "--read-only", "--data", dir).mustCode(t, 0)
	if after := snapshot(t, dir); after != before {
		t.Errorf("a read-only command changed the data directory:\n%s\n%s", before, after)
	}
	// Without --read-only, search catches up first.
	r = run(t, nil, "search", "--json", "--data", dir)
	r.mustCode(t, 0)
	if err := json.Unmarshal([]byte(r.stdout), &res); err != nil || res.Total != 2 {
		t.Errorf("search --json: %v, total %d\n%s", err, res.Total, r.stdout)
	}
}

// snapshot describes the database files of dir (not the write-ahead
// logs' shared memory, which SQLite's readers may make): names, sizes
// and times.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, "-shm") || strings.HasSuffix(p, "-wal") {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %v\n", p, fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// mountTmpfs mounts a tmpfs of the given size at a new directory, or
// skips the test where that is not allowed (not root, no mount).
func mountTmpfs(t *testing.T, size string) string {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size="+size, "tmpfs", dir).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs here (needs root): %v %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", dir).Run() })
	return dir
}

func remount(t *testing.T, dir, opts string) {
	t.Helper()
	if out, err := exec.Command("mount", "-o", "remount,"+opts, dir).CombinedOutput(); err != nil {
		t.Fatalf("remount %s: %v %s", opts, err, out)
	}
}

// A store on a read-only file system is read as it is by search,
// articles, sources list and serve, without a flag; commands that write
// say that they cannot.
func TestIntegrationReadOnlyFilesystem(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a file system")
	}
	mnt := mountTmpfs(t, "64m")
	dir := filepath.Join(mnt, "data")
	run(t, nil, "ingest", "--data", dir, dePage).mustCode(t, 0)
	run(t, nil, "ingest", "--no-index", "--data", dir, enPage).mustCode(t, 0)
	remount(t, mnt, "ro")

	r := run(t, nil, "search", "--json", "--data", dir)
	r.mustCode(t, 0)
	if !strings.Contains(r.stderr, "1 article behind") || !strings.HasPrefix(r.stdout, "{") {
		t.Errorf("search on a read-only file system: stdout %.40q, stderr %q", r.stdout, r.stderr)
	}
	if r := run(t, nil, "articles", "--jsonl", "--data", dir); r.code != 0 || strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("articles: exit %d, %d lines: %s", r.code, strings.Count(r.stdout, "\n"), r.stderr)
	}
	run(t, nil, "sources", "list", "--data", dir).mustCode(t, 0)
	r = run(t, nil, "ingest", "--data", dir, enGzPage)
	if r.code != 1 || !strings.Contains(r.stderr, "read-only") {
		t.Errorf("ingest into a read-only store: exit %d, %s", r.code, r.stderr)
	}

	s := startServe(t, "--data", dir)
	var h struct {
		Status string `json:"status"`
		Lag    int64  `json:"index_lag"`
	}
	if code := s.getJSON(t, "/healthz", &h); code != 200 || h.Lag != 1 {
		t.Errorf("healthz of a read-only serve: %d %+v", code, h)
	}
	var res struct{ Total int }
	if s.getJSON(t, "/api/articles", &res); res.Total != 1 {
		t.Errorf("read-only serve lists %d articles, want the 1 indexed", res.Total)
	}
	if !strings.Contains(s.stderr.String(), "read-only") {
		t.Errorf("serve does not say it serves read-only: %s", s.stderr)
	}
}

// A full disk stops ingest with a clear error and exit status 1, not
// one line per page; the store stays sound, and once there is room the
// next pass stores every page once.
func TestIntegrationDiskFull(t *testing.T) {
	if testing.Short() {
		t.Skip("mounts a file system")
	}
	mnt := mountTmpfs(t, "3m")
	dir := filepath.Join(mnt, "data")
	want := map[string]bool{}
	path := writeWARC(t, 0, 1500, want)

	r := run(t, nil, "ingest", "--data", dir, path)
	if r.code != 1 || !strings.Contains(r.stderr, "no space left") {
		t.Fatalf("ingest onto a full disk: exit %d\nstdout: %s\nstderr: %s", r.code, r.stdout, r.stderr)
	}
	if lines := strings.Count(r.stderr, "\n"); lines > 5 {
		t.Errorf("a full disk gave %d lines on stderr:\n%s", lines, r.stderr)
	}
	t.Logf("on a full disk: %s%s", r.stdout, r.stderr)
	db, err := sql.Open("sqlite", filepath.Join(dir, sqlite.FileName)+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	var check string
	err = db.QueryRowContext(context.Background(), "PRAGMA integrity_check").Scan(&check)
	db.Close()
	if err != nil || check != "ok" {
		t.Errorf("integrity_check after a full disk: %q, %v", check, err)
	}

	remount(t, mnt, "size=256m")
	time.Sleep(10 * time.Millisecond)
	r = run(t, nil, "ingest", "--data", dir, path)
	r.mustCode(t, 0)
	checkStore(t, dir, want)
	checkIndex(t, dir, nil)
}
