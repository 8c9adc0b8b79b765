package fetch

import (
	"context"
	"sync"
	"time"
)

// limiter spaces and bounds the requests made to each host, and bounds the
// requests in flight overall.
//
// A request to a host starts at least its interval after both the start
// and the end of the previous request to that host. Counting from the end
// as well means that the server sees the gap, whatever the latency of
// each request: two requests one after the other arrive at least the
// interval apart.
//
// Requests to one host are served first come, first served: each host has a
// FIFO queue, and only the request at its head may start, once the host has
// a free slot, the host's interval since the previous start has passed and a
// global slot is free (Go channels queue blocked senders in order, so the
// global semaphore is fair across hosts too). No goroutine runs on behalf of
// a host: waiters sleep in their own goroutines, and a host's state is
// dropped once nobody uses it and its interval has passed.
type limiter struct {
	perHost int
	global  chan struct{}

	mu        sync.Mutex
	hosts     map[string]*hostState
	sweepSize int // sweep idle hosts when the map grows past this
}

// hostState is the limiter's record of one host. Fields are guarded by
// limiter.mu.
type hostState struct {
	active    int           // requests holding one of the host's slots
	lastStart time.Time     // when the latest request started
	lastEnd   time.Time     // when the latest request ended
	lastGap   time.Duration // the interval that request asked for
	notBefore time.Time     // no request starts before this (Retry-After)
	queue     []*waiter     // waiting requests, oldest first
	refs      int           // goroutines waiting or holding a slot
}

type waiter struct {
	wake chan struct{} // buffered; poked when the head of the queue may have changed
}

const minSweepSize = 64

func newLimiter(perHost, global int) *limiter {
	return &limiter{
		perHost:   perHost,
		global:    make(chan struct{}, global),
		hosts:     make(map[string]*hostState),
		sweepSize: minSweepSize,
	}
}

// acquire waits until a request to host may start, at least interval after
// the previous request to host started and after it ended, and returns the function that
// releases its slots. It returns ctx.Err() if ctx ends first.
func (l *limiter) acquire(ctx context.Context, host string, interval time.Duration) (release func(), err error) {
	w := &waiter{wake: make(chan struct{}, 1)}
	l.mu.Lock()
	h := l.hosts[host]
	if h == nil {
		if len(l.hosts) >= l.sweepSize {
			l.sweepLocked(time.Now())
		}
		h = &hostState{}
		l.hosts[host] = h
	}
	h.refs++
	h.queue = append(h.queue, w)
	l.mu.Unlock()

	var timer *time.Timer
	defer func() {
		if timer != nil {
			timer.Stop()
		}
	}()
	for {
		l.mu.Lock()
		head := h.queue[0] == w
		room := h.active < l.perHost
		wait := h.readyAt(interval).Sub(time.Now())
		l.mu.Unlock()

		if head && room && wait <= 0 {
			select {
			case l.global <- struct{}{}:
			case <-ctx.Done():
				l.abandon(host, h, w)
				return nil, ctx.Err()
			}
			l.mu.Lock()
			now := time.Now()
			if h.active >= l.perHost || now.Before(h.readyAt(interval)) {
				// Retry-After moved the start while we waited for a global slot.
				l.mu.Unlock()
				<-l.global
				continue
			}
			h.active++
			h.lastStart = now
			h.lastGap = interval
			h.queue = h.queue[1:]
			h.pokeHeadLocked()
			l.mu.Unlock()
			var once sync.Once
			return func() { once.Do(func() { l.release(host, h) }) }, nil
		}

		var timeout <-chan time.Time
		if head && room && wait > 0 {
			if timer == nil {
				timer = time.NewTimer(wait)
			} else {
				timer.Reset(wait)
			}
			timeout = timer.C
		}
		select {
		case <-w.wake:
		case <-timeout:
		case <-ctx.Done():
			l.abandon(host, h, w)
			return nil, ctx.Err()
		}
	}
}

// readyAt is the earliest time a request asking for interval may start.
func (h *hostState) readyAt(interval time.Duration) time.Time {
	t := h.lastStart
	if h.lastEnd.After(t) {
		t = h.lastEnd
	}
	t = t.Add(interval)
	if h.notBefore.After(t) {
		t = h.notBefore
	}
	return t
}

// pokeHeadLocked wakes the request at the head of the queue, if any.
func (h *hostState) pokeHeadLocked() {
	if len(h.queue) == 0 {
		return
	}
	select {
	case h.queue[0].wake <- struct{}{}:
	default:
	}
}

// abandon removes w, which gave up waiting, from h's queue.
func (l *limiter) abandon(host string, h *hostState, w *waiter) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for i, q := range h.queue {
		if q == w {
			h.queue = append(h.queue[:i], h.queue[i+1:]...)
			if i == 0 {
				h.pokeHeadLocked()
			}
			break
		}
	}
	l.unrefLocked(host, h)
}

func (l *limiter) release(host string, h *hostState) {
	<-l.global
	l.mu.Lock()
	defer l.mu.Unlock()
	h.active--
	h.lastEnd = time.Now()
	h.pokeHeadLocked()
	l.unrefLocked(host, h)
}

// unrefLocked drops one reference to h, and h itself if it is idle.
func (l *limiter) unrefLocked(host string, h *hostState) {
	h.refs--
	if h.refs == 0 && !time.Now().Before(h.readyAt(h.lastGap)) {
		delete(l.hosts, host)
	}
}

// sweepLocked drops hosts that nobody uses and whose interval has passed.
// Hosts left in the map because their interval had not passed when their
// last request ended are dropped here, so the map does not grow forever.
func (l *limiter) sweepLocked(now time.Time) {
	for host, h := range l.hosts {
		if h.refs == 0 && !now.Before(h.readyAt(h.lastGap)) {
			delete(l.hosts, host)
		}
	}
	l.sweepSize = max(minSweepSize, 2*len(l.hosts))
}

// delay keeps any new request to host from starting before t, as a server's
// Retry-After asks.
func (l *limiter) delay(host string, t time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	h := l.hosts[host]
	if h == nil {
		h = &hostState{}
		l.hosts[host] = h
	}
	if t.After(h.notBefore) {
		h.notBefore = t
	}
}

// size reports how many hosts the limiter keeps state for.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.hosts)
}
