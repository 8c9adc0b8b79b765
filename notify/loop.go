package notify

import (
	"context"
	"sync"
	"time"
)

// waker lets Run be woken early; its zero value is ready to use.
type waker struct {
	once sync.Once
	ch   chan struct{}
}

func (w *waker) init() { w.once.Do(func() { w.ch = make(chan struct{}, 1) }) }

// wake asks the loop to run now; it never blocks.
func (w *waker) wake() {
	w.init()
	select {
	case w.ch <- struct{}{}:
	default:
	}
}

// run calls deliver at once, then whenever woken and at least every
// interval (a minute when not above 0), until ctx is done; it returns
// ctx's error. A failing pass is told to report and tried again after
// interval, doubled for each failure in a row up to ten minutes, without
// waking early.
func (w *waker) run(ctx context.Context, interval time.Duration, deliver func(context.Context) (int, error), report func(error)) error {
	w.init()
	if interval <= 0 {
		interval = time.Minute
	}
	fails := 0
	for {
		wait := interval
		if _, err := deliver(ctx); err != nil && ctx.Err() == nil {
			if report != nil {
				report(err)
			}
			fails++
			wait = min(interval<<min(fails, 16), 10*time.Minute)
		} else {
			fails = 0
		}
		wake := w.ch
		if fails > 0 {
			wake = nil
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}
