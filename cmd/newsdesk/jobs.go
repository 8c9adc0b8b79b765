package main

import (
	"errors"
	"runtime"
	"strconv"
)

// jobsFlag is the value of a -j flag: how many workers to run at once,
// where 0 means one per CPU. set tells whether the flag was given.
type jobsFlag struct {
	n   int
	set bool
}

// String returns the number of workers.
func (j *jobsFlag) String() string {
	if j == nil {
		return "0"
	}
	return strconv.Itoa(j.n)
}

// Set parses a number of workers; 0 is the number of CPUs.
func (j *jobsFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return errors.New("want a number of workers (0: one per CPU)")
	}
	if n == 0 {
		n = runtime.NumCPU()
	}
	j.n, j.set = n, true
	return nil
}
