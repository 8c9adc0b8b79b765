package fetch

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestLimiterFIFO(t *testing.T) {
	l := newLimiter(1, 10)
	ctx := context.Background()
	hold, err := l.acquire(ctx, "h", 0)
	if err != nil {
		t.Fatal(err)
	}
	// Queue waiters one by one, so their arrival order is known.
	var mu sync.Mutex
	var order []int
	var wg sync.WaitGroup
	for i := range 5 {
		wg.Go(func() {
			release, err := l.acquire(ctx, "h", 0)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, i)
			mu.Unlock()
			release()
		})
		waitFor(t, func() bool { return queueLen(l, "h") == i+1 })
	}
	hold()
	wg.Wait()
	for i, got := range order {
		if got != i {
			t.Fatalf("served in order %v, want first come, first served", order)
		}
	}
}

func TestLimiterGlobalBound(t *testing.T) {
	l := newLimiter(5, 2)
	var cur, peak atomic.Int32
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			release, err := l.acquire(context.Background(), fmt.Sprintf("host%d", i%4), 0)
			if err != nil {
				t.Error(err)
				return
			}
			n := cur.Add(1)
			for p := peak.Load(); n > p && !peak.CompareAndSwap(p, n); p = peak.Load() {
			}
			time.Sleep(5 * time.Millisecond)
			cur.Add(-1)
			release()
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests at once, want at most the global 2", p)
	}
	if n := l.size(); n != 0 {
		t.Errorf("limiter keeps %d idle hosts, want none", n)
	}
}

func TestLimiterInterval(t *testing.T) {
	l := newLimiter(4, 4)
	const gap = 40 * time.Millisecond
	var starts []time.Time
	var ends []time.Time
	for range 3 {
		release, err := l.acquire(context.Background(), "h", gap)
		if err != nil {
			t.Fatal(err)
		}
		starts = append(starts, time.Now())
		time.Sleep(gap / 2) // the request takes a while
		ends = append(ends, time.Now())
		release()
	}
	for i := 1; i < len(starts); i++ {
		if d := starts[i].Sub(ends[i-1]); d < gap {
			t.Errorf("request started %v after the previous one ended, want at least %v", d, gap)
		}
	}
	// Retry-After holds back the next request.
	before := time.Now()
	l.delay("h", before.Add(2*gap))
	release, err := l.acquire(context.Background(), "h", 0)
	if err != nil {
		t.Fatal(err)
	}
	release()
	if d := time.Since(before); d < 2*gap {
		t.Errorf("started %v after a %v delay", d, 2*gap)
	}
}

func TestLimiterCancelWhileQueued(t *testing.T) {
	l := newLimiter(1, 1)
	hold, err := l.acquire(context.Background(), "h", 0)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() {
		_, err := l.acquire(ctx, "h", 0)
		errc <- err
	}()
	waitFor(t, func() bool { return queueLen(l, "h") == 1 })
	// A third waiter queues behind the one about to give up.
	third := make(chan struct{})
	go func() {
		release, err := l.acquire(context.Background(), "h", 0)
		if err == nil {
			release()
		}
		close(third)
	}()
	waitFor(t, func() bool { return queueLen(l, "h") == 2 })
	cancel()
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	hold()
	<-third // served although the waiter ahead of it left
	waitFor(t, func() bool { return l.size() == 0 })
}

func queueLen(l *limiter, host string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	if h := l.hosts[host]; h != nil {
		return len(h.queue)
	}
	return 0
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 2 * time.Minute, true},
		{" 0 ", 0, true},
		{"Sun, 01 Mar 2026 12:05:00 GMT", 5 * time.Minute, true},
		{"Sunday, 01-Mar-26 12:00:30 GMT", 30 * time.Second, true},
		{"Sun, 01 Mar 2026 11:00:00 GMT", 0, true}, // past
		{"", 0, false},
		{"-5", 0, false},
		{"soon", 0, false},
	}
	for _, tt := range tests {
		got, ok := parseRetryAfter(tt.in, now)
		if got != tt.want || ok != tt.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestBackoff(t *testing.T) {
	base, limit := 100*time.Millisecond, time.Second
	for n := 1; n <= 70; n++ {
		ceiling := min(limit, base<<min(n-1, 20))
		for range 50 {
			if d := backoff(n, base, limit); d < 0 || d >= ceiling {
				t.Fatalf("backoff(%d) = %v, want in [0, %v)", n, d, ceiling)
			}
		}
	}
}
