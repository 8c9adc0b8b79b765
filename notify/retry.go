package notify

import (
	"math/rand/v2"
	"time"

	"newsdesk"
)

// Retry is how often and how long a failed delivery is tried again. Its
// zero fields take the defaults.
type Retry struct {
	// Attempts is how many attempts a delivery gets before it is dead
	// (default 8). A delivery made pending again by
	// AlertStore.Redeliver gets as many again, whether or not the store
	// resets its count.
	Attempts int
	// Base is the wait after the first failed attempt (default 30 s);
	// each further failure doubles it, up to Max (default 1 h).
	Base, Max time.Duration
	// Jitter spreads each wait by up to this fraction either way, so
	// that deliveries that failed together are not all tried again at
	// the same moment (default 0.1; below 0 for none).
	Jitter float64
}

// The defaults of Retry.
const (
	DefaultAttempts = 8
	DefaultBase     = 30 * time.Second
	DefaultMax      = time.Hour
	DefaultJitter   = 0.1
)

func (r Retry) withDefaults() Retry {
	if r.Attempts <= 0 {
		r.Attempts = DefaultAttempts
	}
	if r.Base <= 0 {
		r.Base = DefaultBase
	}
	if r.Max <= 0 {
		r.Max = DefaultMax
	}
	if r.Jitter == 0 {
		r.Jitter = DefaultJitter
	}
	if r.Jitter < 0 {
		r.Jitter = 0
	}
	return r
}

// Wait returns how long to wait before the next attempt after the
// failed attempt number attempts (1 for the first), before jitter:
// Base·2^(n−1) where n counts the attempts since the delivery was last
// made pending by hand, capped at Max.
func (r Retry) Wait(attempts int) time.Duration {
	r = r.withDefaults()
	n := (max(attempts, 1) - 1) % r.Attempts
	d := r.Base
	for range n {
		d *= 2
		if d >= r.Max {
			return r.Max
		}
	}
	return min(d, r.Max)
}

// failed records a failed attempt on d, whose Attempts already counts
// it: pending again after Wait with jitter, or dead after the last
// attempt of its round.
func (r Retry) failed(d *newsdesk.Delivery, now time.Time, status int, msg string) {
	r = r.withDefaults()
	d.LastStatus = status
	d.LastError = msg
	if d.Attempts%r.Attempts == 0 {
		d.State = newsdesk.DeliveryDead
		d.NextAttempt = now
		return
	}
	wait := r.Wait(d.Attempts)
	if r.Jitter > 0 {
		wait += time.Duration((rand.Float64()*2 - 1) * r.Jitter * float64(wait))
	}
	d.State = newsdesk.DeliveryPending
	d.NextAttempt = now.Add(wait)
}

// dead records an attempt that cannot succeed by retrying (the URL is
// refused, the alert has no address): the delivery is dead at once.
func dead(d *newsdesk.Delivery, now time.Time, msg string) {
	d.State = newsdesk.DeliveryDead
	d.LastStatus = 0
	d.LastError = msg
	d.NextAttempt = now
}
