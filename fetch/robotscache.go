package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"
)

// maxRobotsRedirects is how many redirects are followed for robots.txt
// (RFC 9309 asks for at least five).
const maxRobotsRedirects = 5

// robotsCache holds the robots.txt policy of each origin (scheme, host and
// port), fetched once and kept for Config.RobotsTTL.
type robotsCache struct {
	mu        sync.Mutex
	entries   map[string]*robotsEntry
	sweepSize int
}

// robotsEntry is the cached verdict for one origin. Its fields are set
// before ready is closed and not changed after.
type robotsEntry struct {
	ready   chan struct{}
	expires time.Time

	policy robotsPolicy
	// blocked is set when robots.txt could not be fetched (5xx, 429,
	// unreachable): the origin is off limits until expires, for reason.
	blocked bool
	reason  string
	// fetched is when the server last gave a definite answer (the file,
	// or a 4xx meaning there is none); zero if never. Such a verdict
	// outlives its TTL while the file is unreachable, as RFC 9309 allows.
	fetched time.Time
}

func newRobotsCache() *robotsCache {
	return &robotsCache{entries: make(map[string]*robotsEntry), sweepSize: minSweepSize}
}

// robotsPolicy returns the robots.txt policy for u's origin, fetching the
// file if the cache has no fresh copy. Concurrent callers for one origin
// share one fetch. It returns an error wrapping ErrDisallowed while the
// origin's robots.txt is unreachable.
func (f *Fetcher) robotsPolicy(ctx context.Context, u *url.URL) (robotsPolicy, error) {
	key := u.Scheme + "://" + u.Host
	c := f.robots
	for {
		c.mu.Lock()
		e := c.entries[key]
		if e != nil {
			select {
			case <-e.ready:
				if time.Now().Before(e.expires) {
					c.mu.Unlock()
					return e.verdict(key)
				}
			default:
				// Another Get is fetching it: wait and look again.
				c.mu.Unlock()
				select {
				case <-e.ready:
					continue
				case <-ctx.Done():
					return robotsPolicy{}, fmt.Errorf("fetch: %s: %w", u, context.Cause(ctx))
				}
			}
		}
		if len(c.entries) >= c.sweepSize {
			c.sweepLocked(time.Now())
		}
		prev := e
		e = &robotsEntry{ready: make(chan struct{})}
		c.entries[key] = e
		c.mu.Unlock()

		err := f.fetchRobots(ctx, u, e, prev)
		if err != nil {
			// Nothing learnt (cancelled, or a fault of ours or the
			// URL's): put the previous entry back and let the caller
			// see the error.
			c.mu.Lock()
			if prev != nil {
				c.entries[key] = prev
			} else {
				delete(c.entries, key)
			}
			c.mu.Unlock()
			close(e.ready)
			return robotsPolicy{}, err
		}
		close(e.ready)
		return e.verdict(key)
	}
}

// verdict returns the entry's policy, or the error that the origin is off
// limits.
func (e *robotsEntry) verdict(origin string) (robotsPolicy, error) {
	if e.blocked {
		return robotsPolicy{}, fmt.Errorf("fetch: %s/robots.txt unavailable (%s); not crawling before %s: %w",
			origin, e.reason, e.expires.Format(time.RFC3339), ErrDisallowed)
	}
	return e.policy, nil
}

// fetchRobots fetches the robots.txt of u's origin and fills e. It returns
// an error only when the verdict must not be cached: the context ended,
// or the fetch failed in a way that will fail the page too (a refused
// private address, an unknown host, a bad certificate).
func (f *Fetcher) fetchRobots(ctx context.Context, u *url.URL, e, prev *robotsEntry) error {
	now := time.Now()
	e.expires = now.Add(f.cfg.RobotsTTL)
	target := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	for redirects := 0; ; redirects++ {
		resp, err := f.do(ctx, target, Request{}, nil, f.cfg.PerHostInterval)
		var retryErr *RetryAfterError
		switch {
		case ctx.Err() != nil:
			return fmt.Errorf("fetch: %s: %w", u, context.Cause(ctx))
		case errors.As(err, &retryErr):
			f.blockRobots(e, prev, fmt.Sprintf("status %d", retryErr.Code), retryErr.At)
			return nil
		case err != nil && !retryable(err):
			return err
		case err != nil:
			f.blockRobots(e, prev, err.Error(), time.Time{})
			return nil
		}

		code := resp.StatusCode
		switch {
		case code >= 200 && code <= 299:
			e.policy = parseRobots(resp.Body).policy(f.agent)
			e.fetched = now
			return nil
		case isRedirect(code) && resp.Header.Get("Location") != "":
			next, err := target.Parse(resp.Header.Get("Location"))
			if redirects >= maxRobotsRedirects || err != nil || (next.Scheme != "http" && next.Scheme != "https") {
				e.fetched = now // unavailable: allow all
				return nil
			}
			target = next
			continue
		case code == http.StatusTooManyRequests || code >= 500:
			f.blockRobots(e, prev, fmt.Sprintf("status %d", code), time.Time{})
			return nil
		default:
			// 4xx (and anything else): there are no rules; allow all.
			e.fetched = now
			return nil
		}
	}
}

// blockRobots records in e that robots.txt is unreachable. If an earlier
// copy was read successfully, its policy stays in force for a while rather
// than closing the site; otherwise the site is off limits until
// RobotsErrorTTL from now, or until, if later.
func (f *Fetcher) blockRobots(e, prev *robotsEntry, reason string, until time.Time) {
	now := time.Now()
	e.expires = now.Add(f.cfg.RobotsErrorTTL)
	if until.After(e.expires) {
		e.expires = until
	}
	if limit := now.Add(f.cfg.RobotsTTL); e.expires.After(limit) {
		e.expires = limit
	}
	if prev != nil && !prev.fetched.IsZero() {
		e.policy, e.fetched = prev.policy, prev.fetched
		return
	}
	e.blocked, e.reason = true, reason
}

// sweepLocked drops expired entries that no Get is filling.
func (c *robotsCache) sweepLocked(now time.Time) {
	for key, e := range c.entries {
		select {
		case <-e.ready:
			if !now.Before(e.expires) {
				delete(c.entries, key)
			}
		default:
		}
	}
	c.sweepSize = max(minSweepSize, 2*len(c.entries))
}
