// Package pgtest starts throwaway PostgreSQL clusters for tests, from the
// server binaries installed on the machine (Debian's postgresql package:
// /usr/lib/postgresql/VERSION/bin, or wherever `pg_config --bindir`
// says).
//
// A package whose tests need PostgreSQL calls Main from its TestMain;
// the first test that needs the server starts one cluster for the
// package's tests, which Main removes when they end, and each test takes
// a database of its own with DB:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		dsn := pgtest.DB(t) // a new, empty database
//		…
//	}
//
// Without server binaries the tests that call DB are skipped, unless the
// environment sets NEWSDESK_REQUIRE_POSTGRES=1 (as CI does), when they
// fail. A cluster lives in a temporary directory: initdb makes it, the
// server listens on a free port of 127.0.0.1 and on a Unix socket in the
// same directory, trusts every local connection, and runs without fsync:
// a commit survives a crash of the server (Restart), not of the
// machine. initdb and the server refuse to run as
// root, so when the tests run as root the cluster runs as the user
// postgres (or nobody, where there is no such user).
package pgtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// RequireEnv names the environment variable that, set to 1, turns the
// skip of a test for want of PostgreSQL into a failure.
const RequireEnv = "NEWSDESK_REQUIRE_POSTGRES"

// BinDirEnv names an environment variable that may name the directory
// of the server binaries (initdb, postgres); when it is set, no other
// place is searched.
const BinDirEnv = "NEWSDESK_POSTGRES_BINDIR"

// Superuser is the name of the cluster's superuser, which DSNs connect
// as.
const Superuser = "postgres"

// ErrNoServer is returned by Start when no PostgreSQL server binaries
// are found.
var ErrNoServer = errors.New("pgtest: no PostgreSQL server binaries (initdb, postgres) found")

// Required reports whether the environment requires PostgreSQL tests to
// run rather than skip.
func Required() bool { return os.Getenv(RequireEnv) == "1" }

// BinDir returns the directory of the PostgreSQL server binaries:
// $NEWSDESK_POSTGRES_BINDIR if set, else that of `pg_config --bindir`,
// the newest of /usr/lib/postgresql/*/bin, /usr/local/pgsql/bin, or that
// of initdb on the PATH, whichever first holds both initdb and postgres.
// It returns ErrNoServer if none does.
func BinDir() (string, error) {
	if d := os.Getenv(BinDirEnv); d != "" {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
		return "", fmt.Errorf("%w in %s=%s", ErrNoServer, BinDirEnv, d)
	}
	var dirs []string
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		dirs = append(dirs, strings.TrimSpace(string(out)))
	}
	// Debian keeps each major version apart; take the newest.
	versions, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(versions, func(i, j int) bool { return majorOf(versions[i]) > majorOf(versions[j]) })
	dirs = append(dirs, versions...)
	dirs = append(dirs, "/usr/local/pgsql/bin")
	if p, err := exec.LookPath("initdb"); err == nil {
		dirs = append(dirs, filepath.Dir(p))
	}
	for _, d := range dirs {
		if isExec(filepath.Join(d, "initdb")) && isExec(filepath.Join(d, "postgres")) {
			return d, nil
		}
	}
	return "", ErrNoServer
}

// majorOf returns the major version in a path /usr/lib/postgresql/N/bin.
func majorOf(dir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(dir)))
	return n
}

func isExec(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0
}

// Cluster is a running throwaway PostgreSQL cluster.
type Cluster struct {
	bin  string // directory of the server binaries
	dir  string // temporary directory: data/ and the Unix socket
	port int
	cred *syscall.Credential // whom the server runs as; nil for this process's user

	mu     sync.Mutex
	server *exec.Cmd
	exited chan struct{} // closed when server has exited
	log    *bytes.Buffer // the server's output

	dbs       atomic.Int64     // databases made by NewDatabase
	templates map[string]error // made by Template, with its error
}

// Start makes a new cluster in a temporary directory and starts its
// server. It returns an error wrapping ErrNoServer if the server binaries
// are missing. Stop removes it.
func Start(ctx context.Context) (*Cluster, error) {
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	c := &Cluster{bin: bin}
	removeStale()
	if os.Geteuid() == 0 {
		if c.cred, err = unprivileged(); err != nil {
			return nil, err
		}
	}
	if c.dir, err = os.MkdirTemp("", dirPattern); err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(c.dir)
		}
	}()
	if c.cred != nil {
		if err := os.Chown(c.dir, int(c.cred.Uid), int(c.cred.Gid)); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
	}
	initdb := c.command(ctx, "initdb", "--pgdata", c.data(), "--username", Superuser,
		"--auth", "trust", "--encoding", "UTF8", "--locale", "C.UTF-8", "--no-sync")
	if out, err := initdb.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("pgtest: initdb in %s: %w\n%s", c.dir, err, out)
	}
	// A port found free may be taken before the server binds it: try
	// another then.
	for try := 0; ; try++ {
		if c.port, err = freePort(); err != nil {
			return nil, fmt.Errorf("pgtest: %w", err)
		}
		err = c.start(ctx)
		if err == nil || try == 4 || ctx.Err() != nil {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	ok = true
	return c, nil
}

// dirPattern names the temporary directories of clusters.
const dirPattern = "newsdesk-pgtest-"

// removeStale removes the directories of clusters whose tests were
// killed before they could (their server dies with them, and removes
// its pid file as it goes): those whose server's process is gone, and
// those without a server that have not changed for ten minutes (a
// cluster being made has none yet).
func removeStale() {
	dirs, _ := filepath.Glob(filepath.Join(os.TempDir(), dirPattern+"*"))
	for _, d := range dirs {
		pidFile, err := os.ReadFile(filepath.Join(d, "data", "postmaster.pid"))
		if err != nil {
			if fi, err := os.Stat(d); err == nil && time.Since(fi.ModTime()) > 10*time.Minute {
				os.RemoveAll(d)
			}
			continue
		}
		first, _, _ := strings.Cut(string(pidFile), "\n")
		pid, err := strconv.Atoi(strings.TrimSpace(first))
		if err == nil && pid > 0 && errors.Is(syscall.Kill(pid, 0), syscall.ESRCH) {
			os.RemoveAll(d)
		}
	}
}

// unprivileged returns the credentials of the user the cluster runs as
// when the tests run as root: postgres if there is one, else nobody.
func unprivileged() (*syscall.Credential, error) {
	for _, name := range []string{"postgres", "nobody"} {
		u, err := user.Lookup(name)
		if err != nil {
			continue
		}
		uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
		gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
		if err1 != nil || err2 != nil || uid == 0 {
			continue
		}
		return &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid), Groups: []uint32{}}, nil
	}
	return nil, errors.New("pgtest: running as root, and there is no user postgres or nobody to run the server as")
}

// freePort returns a TCP port of 127.0.0.1 that was free a moment ago.
func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func (c *Cluster) data() string { return filepath.Join(c.dir, "data") }

// command returns a command running the server binary name as the
// cluster's user, in the cluster's directory.
func (c *Cluster) command(ctx context.Context, name string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, filepath.Join(c.bin, name), args...)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8", "PGTZ=UTC")
	if c.cred != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	}
	return cmd
}

// start starts the server and waits until it accepts connections. The
// server is this process's child, killed when this process dies (with
// SIGQUIT, PostgreSQL's immediate shutdown), so that a test binary ended
// by a timeout leaves no server behind.
func (c *Cluster) start(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	cmd := exec.Command(filepath.Join(c.bin, "postgres"), "-D", c.data(),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "port="+strconv.Itoa(c.port),
		"-c", "unix_socket_directories="+c.dir,
		"-c", "fsync=off",
		"-c", "full_page_writes=off",
		"-c", "max_connections=200",
		"-c", "shared_buffers=32MB",
		"-c", "log_min_messages=warning",
		"-c", "TimeZone=UTC",
	)
	cmd.Dir = c.dir
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGQUIT, Setpgid: true, Credential: c.cred}
	log := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = &syncWriter{w: log}, &syncWriter{w: log}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	exited := make(chan struct{})
	go func() {
		cmd.Wait()
		close(exited)
	}()
	c.server, c.exited, c.log = cmd, exited, log

	deadline := time.Now().Add(30 * time.Second)
	for {
		cctx, cancel := context.WithTimeout(ctx, 2*time.Second)
		conn, err := pgx.Connect(cctx, c.DSN("postgres"))
		cancel()
		if err == nil {
			conn.Close(ctx)
			return nil
		}
		select {
		case <-exited:
			return fmt.Errorf("pgtest: postgres exited on start:\n%s", c.logText())
		case <-ctx.Done():
			c.stopLocked()
			return fmt.Errorf("pgtest: start postgres: %w", ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stopLocked()
			return fmt.Errorf("pgtest: postgres did not accept connections within 30s: %w\n%s", err, c.logText())
		}
	}
}

// syncWriter serialises the writes of the server's two output streams.
type syncWriter struct {
	mu sync.Mutex
	w  *bytes.Buffer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (c *Cluster) logText() string {
	if c.log == nil {
		return ""
	}
	return c.log.String()
}

// Port returns the TCP port the server listens on at 127.0.0.1.
func (c *Cluster) Port() int { return c.port }

// DSN returns a key=value connection string for database dbname over
// the cluster's Unix socket.
func (c *Cluster) DSN(dbname string) string {
	return fmt.Sprintf("host=%s port=%d user=%s dbname=%s sslmode=disable", c.dir, c.port, Superuser, dbname)
}

// URL returns a postgres:// URL for database dbname over TCP on
// 127.0.0.1.
func (c *Cluster) URL(dbname string) string {
	return fmt.Sprintf("postgres://%s@127.0.0.1:%d/%s?sslmode=disable", Superuser, c.port, dbname)
}

// DBName returns the database a DSN of DSN or NewDatabase names.
func DBName(dsn string) string {
	for _, f := range strings.Fields(dsn) {
		if v, ok := strings.CutPrefix(f, "dbname="); ok {
			return v
		}
	}
	return ""
}

// CreateDatabase creates database name as a copy of database template,
// or empty when template is "". Nobody may be connected to the template
// meanwhile.
func (c *Cluster) CreateDatabase(ctx context.Context, name, template string) error {
	conn, err := pgx.Connect(ctx, c.DSN("postgres"))
	if err != nil {
		return fmt.Errorf("pgtest: create database %s: %w", name, err)
	}
	defer conn.Close(ctx)
	q := "CREATE DATABASE " + pgx.Identifier{name}.Sanitize()
	if template != "" {
		q += " TEMPLATE " + pgx.Identifier{template}.Sanitize()
	}
	if _, err := conn.Exec(ctx, q); err != nil {
		return fmt.Errorf("pgtest: create database %s: %w", name, err)
	}
	return nil
}

// NewDatabase creates a new database with a name of its own, empty or
// as a copy of template (see CreateDatabase), and returns its DSN (see
// DSN); it fails the test if it cannot.
func (c *Cluster) NewDatabase(t testing.TB, template ...string) string {
	t.Helper()
	name := fmt.Sprintf("test_%d", c.dbs.Add(1))
	var from string
	if len(template) > 0 {
		from = template[0]
	}
	if err := c.CreateDatabase(context.Background(), name, from); err != nil {
		t.Fatal(err)
	}
	return c.DSN(name)
}

// Template returns the name of a database made once per cluster by
// prepare, given its DSN, for NewDatabase to copy: a schema that every
// test needs is then made once rather than once a test. Prepare must
// close its connections before it returns. Template fails the test when
// prepare fails, then and on every later call.
func (c *Cluster) Template(t testing.TB, name string, prepare func(dsn string) error) string {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.templates == nil {
		c.templates = map[string]error{}
	}
	err, done := c.templates[name]
	if !done {
		err = c.CreateDatabase(context.Background(), name, "")
		if err == nil {
			err = prepare(c.DSN(name))
		}
		c.templates[name] = err
	}
	if err != nil {
		t.Fatalf("pgtest: template %s: %v", name, err)
	}
	return name
}

// Restart stops the server, as a crash would (immediate shutdown), and
// starts it again on the same port and data; connections open before it
// are broken.
func (c *Cluster) Restart(ctx context.Context) error {
	c.mu.Lock()
	c.signalLocked(syscall.SIGQUIT)
	c.mu.Unlock()
	return c.start(ctx)
}

// Stop stops the server (fast shutdown: sessions are ended and the
// server exits at once) and removes the cluster's directory.
func (c *Cluster) Stop() error {
	c.mu.Lock()
	err := c.stopLocked()
	c.mu.Unlock()
	if rmErr := os.RemoveAll(c.dir); rmErr != nil && err == nil {
		err = fmt.Errorf("pgtest: %w", rmErr)
	}
	return err
}

func (c *Cluster) stopLocked() error {
	if !c.signalLocked(syscall.SIGINT) {
		return fmt.Errorf("pgtest: postgres did not stop within 10s")
	}
	return nil
}

// signalLocked sends sig to the server and waits up to 10 s for it to
// exit, killing it after that; it reports whether it exited in time.
func (c *Cluster) signalLocked(sig syscall.Signal) bool {
	if c.server == nil {
		return true
	}
	defer func() { c.server = nil }()
	c.server.Process.Signal(sig)
	select {
	case <-c.exited:
		return true
	case <-time.After(10 * time.Second):
		c.server.Process.Kill()
		<-c.exited
		return false
	}
}

// The cluster of the package's tests, started by the first test that
// needs it and stopped by Main.
var (
	sharedOnce sync.Once
	shared     *Cluster
	sharedErr  error
	mainRan    bool
)

// Main runs the tests of m, for a package's TestMain, and exits with
// their status; the cluster the first of them to call Shared (or DB)
// starts is stopped and removed when they end.
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	mainRan = true
	code := m.Run()
	if shared != nil {
		if err := shared.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
	}
	return code
}

// Shared returns the cluster of the package's tests, starting it on the
// first call. When the server binaries are missing it skips the test,
// or fails it under NEWSDESK_REQUIRE_POSTGRES=1; a cluster that cannot
// start fails the test either way, as it does when the package has no
// TestMain that calls Main.
func Shared(t testing.TB) *Cluster {
	t.Helper()
	if !mainRan {
		t.Fatal("pgtest: the package's TestMain must call pgtest.Main")
	}
	sharedOnce.Do(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		shared, sharedErr = Start(ctx)
	})
	switch {
	case sharedErr == nil:
	case errors.Is(sharedErr, ErrNoServer) && !Required():
		t.Skipf("%v; install PostgreSQL's server (Debian: apt-get install postgresql) to run this test", sharedErr)
	case errors.Is(sharedErr, ErrNoServer):
		t.Fatalf("%v (%s=1)", sharedErr, RequireEnv)
	default:
		t.Fatal(sharedErr)
	}
	return shared
}

// DB creates a new database on the package's cluster (see Shared),
// empty or a copy of template, and returns its key=value DSN.
func DB(t testing.TB, template ...string) string {
	t.Helper()
	return Shared(t).NewDatabase(t, template...)
}

// CPU returns the processor time the server has used so far: the
// postmaster's own, that of the backends it has reaped, and that of the
// processes it runs now. It reads /proc, so it works on Linux only.
func (c *Cluster) CPU() (time.Duration, error) {
	c.mu.Lock()
	pid := c.server.Process.Pid
	c.mu.Unlock()
	ticks := func(pid int, withChildren bool) (int64, int, error) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			return 0, 0, err
		}
		// The fields after the command name in brackets, from state on.
		s := string(b)
		f := strings.Fields(s[strings.LastIndexByte(s, ')')+2:])
		if len(f) < 15 {
			return 0, 0, fmt.Errorf("pgtest: /proc/%d/stat: too few fields", pid)
		}
		ppid, _ := strconv.Atoi(f[1])
		var n int64
		last := 12 // utime, stime
		if withChildren {
			last = 14 // and cutime, cstime
		}
		for _, x := range f[11:last] {
			v, _ := strconv.ParseInt(x, 10, 64)
			n += v
		}
		return n, ppid, nil
	}
	total, _, err := ticks(pid, true)
	if err != nil {
		return 0, fmt.Errorf("pgtest: server CPU: %w", err)
	}
	procs, _ := os.ReadDir("/proc")
	for _, p := range procs {
		child, err := strconv.Atoi(p.Name())
		if err != nil || child == pid {
			continue
		}
		if n, ppid, err := ticks(child, false); err == nil && ppid == pid {
			total += n
		}
	}
	// Linux counts in USER_HZ, 100 per second on every platform it runs.
	return time.Duration(total) * 10 * time.Millisecond, nil
}
