package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// progressInterval is the minimum time between two redraws of the bar.
const progressInterval = 100 * time.Millisecond

// progress draws a one-line progress bar (done/total, pages per second,
// time left) on a terminal. It is not safe for concurrent use: the
// goroutine that collects results owns it, and calls clear before writing
// anything else to the terminal.
type progress struct {
	w     io.Writer
	total int
	done  int
	start time.Time
	// shown is true while the bar is on the screen.
	shown bool
	// last is the time of the last redraw.
	last time.Time
	// now returns the current time (replaced in tests).
	now func() time.Time
}

func newProgress(w io.Writer, total int) *progress {
	return &progress{w: w, total: total, start: time.Now(), now: time.Now}
}

// add counts n finished inputs.
func (p *progress) add(n int) {
	if p != nil {
		p.done += n
	}
}

// draw redraws the bar, unless it was drawn less than progressInterval ago.
func (p *progress) draw() {
	if p == nil {
		return
	}
	now := p.now()
	if p.shown && now.Sub(p.last) < progressInterval {
		return
	}
	p.last = now
	p.shown = true
	fmt.Fprint(p.w, "\r"+p.line(now)+"\x1b[K")
}

// clear removes the bar from the screen; the next draw brings it back.
func (p *progress) clear() {
	if p != nil && p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// line formats the bar as of now.
func (p *progress) line(now time.Time) string {
	const width = 24
	filled := 0
	if p.total > 0 {
		filled = p.done * width / p.total
	}
	bar := strings.Repeat("=", filled) + strings.Repeat(" ", width-filled)
	if filled > 0 && filled < width {
		bar = bar[:filled-1] + ">" + bar[filled:]
	}
	elapsed := now.Sub(p.start)
	rate, eta := 0.0, "--"
	if elapsed > 0 && p.done > 0 {
		rate = float64(p.done) / elapsed.Seconds()
		left := time.Duration(float64(p.total-p.done) / rate * float64(time.Second))
		eta = left.Round(time.Second).String()
	}
	return fmt.Sprintf("[%s] %d/%d  %.1f pages/s  ETA %s", bar, p.done, p.total, rate, eta)
}
