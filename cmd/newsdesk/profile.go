package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole run when the
// environment's NEWSDESK_CPUPROFILE names a directory: one file per
// process, named after its command and process id, so that a
// coordinator and its workers can be profiled together. It returns the
// function that ends the profile.
func startProfile(args []string) func() {
	dir := os.Getenv("NEWSDESK_CPUPROFILE")
	if dir == "" {
		return func() {}
	}
	cmd := "newsdesk"
	if len(args) > 0 {
		cmd = filepath.Base(args[0])
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("%s.%d.pprof", cmd, os.Getpid())))
	if err != nil {
		fmt.Fprintln(os.Stderr, "newsdesk: NEWSDESK_CPUPROFILE:", err)
		return func() {}
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintln(os.Stderr, "newsdesk: NEWSDESK_CPUPROFILE:", err)
		f.Close()
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
