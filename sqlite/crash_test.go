package sqlite

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"newsdesk"
)

// crashEnv names the directory a crashWriter child process writes to.
const crashEnv = "NEWSDESK_SQLITE_CRASH_DIR"

// TestCrashSafety kills a process that is writing articles, several times
// over, and checks that the database survives intact: every committed
// article has its page, and the file passes SQLite's integrity check.
func TestCrashSafety(t *testing.T) {
	if dir := os.Getenv(crashEnv); dir != "" {
		crashWriter(dir)
		return
	}
	if testing.Short() {
		t.Skip("re-executes the test binary; skipped with -short")
	}
	dir := t.TempDir()
	for round := range 4 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashSafety$", "-test.count=1")
		cmd.Env = append(os.Environ(), crashEnv+"="+dir, fmt.Sprintf("NEWSDESK_SQLITE_CRASH_ROUND=%d", round))
		cmd.Stderr = os.Stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// Wait until the child is well into its loop, then kill it in the
		// middle of whatever it is doing.
		sc := bufio.NewScanner(out)
		ready := false
		for sc.Scan() {
			if sc.Text() == "ready" {
				ready = true
				break
			}
		}
		if !ready {
			cmd.Process.Kill()
			cmd.Wait()
			t.Fatalf("round %d: child ended before it was ready", round)
		}
		time.Sleep(time.Duration(20+round*15) * time.Millisecond)
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		cmd.Wait()
	}

	ctx := context.Background()
	s, err := Open(ctx, dir)
	if err != nil {
		t.Fatalf("reopen after crashes: %v", err)
	}
	defer s.Close()
	var check []string
	rows, err := s.r.Query(`PRAGMA integrity_check`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			t.Fatal(err)
		}
		check = append(check, line)
	}
	rows.Close()
	if strings.Join(check, "\n") != "ok" {
		t.Errorf("integrity_check:\n%s", strings.Join(check, "\n"))
	}
	var violations, orphans int
	if err := s.r.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&violations); err != nil {
		t.Fatal(err)
	}
	if err := s.r.QueryRow(`SELECT count(*) FROM articles a LEFT JOIN pages p ON p.id = a.page_id WHERE p.id IS NULL`).Scan(&orphans); err != nil {
		t.Fatal(err)
	}
	if violations != 0 || orphans != 0 {
		t.Errorf("%d foreign key violations, %d articles without their page", violations, orphans)
	}
	articles, pages, _, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if articles == 0 || pages < articles {
		t.Errorf("after crashes: %d articles, %d pages", articles, pages)
	}
	n := 0
	if err := s.Pages(ctx, func(*newsdesk.Page) error { n++; return nil }); err != nil || int64(n) != pages {
		t.Errorf("Pages read %d of %d pages: %v", n, pages, err)
	}
	t.Logf("%d articles, %d pages survived 4 kills", articles, pages)
}

// crashWriter saves articles, and revisions of them, as fast as it can
// until it is killed; it prints "ready" once it has written a few.
func crashWriter(dir string) {
	ctx := context.Background()
	s, err := Open(ctx, dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	round := os.Getenv("NEWSDESK_SQLITE_CRASH_ROUND")
	html := strings.Repeat("<p>Filler of a sizeable page body, so that writes take a while.</p>\n", 500)
	for i := 0; ; i++ {
		u := fmt.Sprintf("https://example.com/r%s/%d", round, i%200)
		text := body(fmt.Sprintf("%s/%d/%d", round, i%200, i/200))
		p := &newsdesk.Page{URL: u, ContentType: "text/html", Body: []byte(html + text)}
		if _, _, err := s.SaveArticle(ctx, p, article(u, "", text)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		if i == 20 {
			fmt.Println("ready")
		}
	}
}
