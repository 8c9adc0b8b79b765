package pgtest

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
)

func TestMain(m *testing.M) { Main(m) }

// The cluster answers over its socket and over TCP, gives each test a
// database of its own, runs as no superuser of the machine, and comes
// back after a restart with what was committed.
func TestCluster(t *testing.T) {
	ctx := context.Background()
	c := Shared(t)
	a, b := c.NewDatabase(t), c.NewDatabase(t)
	if a == b {
		t.Fatalf("two databases with one DSN: %s", a)
	}
	conn, err := pgx.Connect(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `CREATE TABLE t (x int); INSERT INTO t VALUES (1)`); err != nil {
		t.Fatal(err)
	}
	var uid string
	if err := conn.QueryRow(ctx, `SELECT current_setting('data_directory')`).Scan(&uid); err != nil {
		t.Fatal(err)
	}
	conn.Close(ctx)

	if err := c.Restart(ctx); err != nil {
		t.Fatal(err)
	}
	url := c.URL(DBName(a))
	conn, err = pgx.Connect(ctx, url)
	if err != nil {
		t.Fatalf("connect to %s: %v", url, err)
	}
	defer conn.Close(ctx)
	var x int
	if err := conn.QueryRow(ctx, `SELECT x FROM t`).Scan(&x); err != nil || x != 1 {
		t.Errorf("after a restart: %d, %v", x, err)
	}
	conn2, err := pgx.Connect(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	defer conn2.Close(ctx)
	if _, err := conn2.Exec(ctx, `SELECT x FROM t`); err == nil {
		t.Error("the second database sees the first one's table")
	}
}

func TestBinDir(t *testing.T) {
	d, err := BinDir()
	if err != nil {
		Shared(t) // skips, or fails when required
	}
	t.Logf("server binaries in %s", d)
}

// Without server binaries a test that needs them is skipped, or fails
// when they are required.
func TestWithoutServer(t *testing.T) {
	if os.Getenv("PGTEST_CHILD") != "" {
		DB(t)
		t.Error("DB returned without a server")
		return
	}
	for _, required := range []string{"", "1"} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestWithoutServer$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "PGTEST_CHILD=1", BinDirEnv+"="+t.TempDir(), RequireEnv+"="+required)
		out, err := cmd.CombinedOutput()
		switch {
		case required == "" && (err != nil || !strings.Contains(string(out), "--- SKIP")):
			t.Errorf("without server binaries: %v\n%s", err, out)
		case required == "1" && (err == nil || !strings.Contains(string(out), RequireEnv)):
			t.Errorf("without server binaries, %s=1: %v\n%s", RequireEnv, err, out)
		}
	}
}
