package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// buildNewsdesk builds the newsdesk command of the parent module and
// returns the path of the binary.
func buildNewsdesk(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "newsdesk")
	cmd := exec.Command(goTool, "build", "-buildvcs=false", "-o", bin, "./cmd/newsdesk")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/newsdesk: %v\n%s", err, out)
	}
	return bin
}

// newsdesk runs the binary with args and returns its output and exit code.
func newsdesk(t *testing.T, bin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var o, e bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("newsdesk %v: %v", args, err)
	}
	return o.String(), e.String(), code
}

// server is a running "newsdesk serve".
type server struct {
	base string // http://127.0.0.1:PORT
	cmd  *exec.Cmd
	log  *syncBuffer
	done chan error
}

var listening = regexp.MustCompile(`listening on (http://[^/\s]+)/`)

// startServe starts "newsdesk serve" on a free loopback port with the
// data directory data, waits until it answers /healthz, and stops it
// with an interrupt when the test ends, checking that it exits cleanly.
func startServe(t *testing.T, bin, data string) *server {
	t.Helper()
	s := &server{log: &syncBuffer{}, done: make(chan error, 1)}
	s.cmd = exec.Command(bin, "serve", "--data", data, "--addr", "127.0.0.1:0", "--no-defaults")
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start newsdesk serve: %v", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	t.Cleanup(func() { s.stop(t) })

	deadline := time.Now().Add(20 * time.Second)
	for s.base == "" {
		if m := listening.FindStringSubmatch(s.log.String()); m != nil {
			s.base = m[1]
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("newsdesk serve does not listen after 20s:\n%s", s.log)
		}
		select {
		case err := <-s.done:
			s.done <- err
			t.Fatalf("newsdesk serve exited: %v\n%s", err, s.log)
		case <-time.After(20 * time.Millisecond):
		}
	}
	for {
		resp, err := http.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return s
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /healthz: %v (status %v)\n%s", err, resp, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// stop interrupts the server and waits for it to exit.
func (s *server) stop(t *testing.T) {
	if s.cmd.Process == nil {
		return
	}
	s.cmd.Process.Signal(syscall.SIGINT)
	select {
	case err := <-s.done:
		if err != nil {
			t.Errorf("newsdesk serve exited with %v after an interrupt:\n%s", err, s.log)
		}
	case <-time.After(15 * time.Second):
		s.cmd.Process.Kill()
		<-s.done
		t.Errorf("newsdesk serve did not stop within 15s of an interrupt:\n%s", s.log)
	}
	if t.Failed() {
		t.Logf("newsdesk serve log:\n%s", s.log)
	}
}

// getJSON decodes the JSON the server answers to a GET of path.
func (s *server) getJSON(t *testing.T, path string, v any) {
	t.Helper()
	resp, err := http.Get(s.base + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s", path, resp.Status)
	}
	if err := json.NewDecoder(resp.Body).Decode(v); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
}

// waitIndexed waits until the store holds n articles and the index all
// of them.
func (s *server) waitIndexed(t *testing.T, n int64) {
	t.Helper()
	var st struct{ Articles, Indexed int64 }
	deadline := time.Now().Add(20 * time.Second)
	for {
		s.getJSON(t, "/api/stats", &st)
		if st.Articles == n && st.Indexed == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 20s: %d articles stored, %d indexed; want %d\n%s", st.Articles, st.Indexed, n, s.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// screenshotDir returns the directory for screenshots: $E2E_SCREENSHOTS
// (made if missing), or a temporary one.
func screenshotDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("E2E_SCREENSHOTS")
	if dir == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}
