// Command rusage runs a command, passing its standard streams through,
// and writes its wall time, CPU time and peak RSS as JSON to file
// descriptor 3. The ingest benchmark measures its children through it.
//
// It exists for the peak RSS: Go starts a child with
// clone(CLONE_VM|CLONE_VFORK), and Linux carries the high-water RSS of the
// memory the child had before exec (the parent's, when the parent holds
// all the pages) into the child's ru_maxrss. Started through this small
// program, the child carries over this program's own peak RSS instead, a
// couple of MB, reported as WrapperKB.
//
//	rusage PROG [ARG...] 3>usage.json
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// Usage is what rusage writes: durations in nanoseconds, sizes in KB.
type Usage struct {
	Wall      time.Duration
	CPU       time.Duration // user + system
	MaxRSSKB  int64         // the child's ru_maxrss
	WrapperKB int64         // this program's VmHWM when it started the child: the floor of MaxRSSKB
	Exit      int
}

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "rusage:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	if len(args) == 0 {
		return errors.New("usage: rusage PROG [ARG...] 3>FILE")
	}
	out := os.NewFile(3, "usage")
	if out == nil {
		return errors.New("no file descriptor 3")
	}
	defer out.Close()
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	// An interrupt is for the child (a worker stopped at the end of a
	// run): this program waits for it and reports as usual.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	start := time.Now()
	err := cmd.Start()
	u := Usage{WrapperKB: vmHWM()}
	if err == nil {
		go func() {
			for s := range sigs {
				cmd.Process.Signal(s)
			}
		}()
		err = cmd.Wait()
	}
	u.Wall = time.Since(start)
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		u.Exit = exit.ExitCode()
	case err != nil:
		return err
	}
	ps := cmd.ProcessState
	u.CPU = ps.UserTime() + ps.SystemTime()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		u.MaxRSSKB = ru.Maxrss
	}
	return json.NewEncoder(out).Encode(u)
}

// vmHWM returns this process's peak RSS in KB from /proc/self/status, or 0.
func vmHWM() int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			var kb int64
			fmt.Sscanf(strings.TrimSpace(v), "%d", &kb)
			return kb
		}
	}
	return 0
}
