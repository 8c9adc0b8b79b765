package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"golang.org/x/net/publicsuffix"

	"newsdesk/internal/safedial"
)

// DefaultUserAgent is the User-Agent sent when Config.UserAgent is empty.
// Its product token, "newsdesk", is the name robots.txt files address.
// Deployments should set their own, with a URL or address to contact.
const DefaultUserAgent = "newsdesk/0.1 (news article reader; honours robots.txt and Crawl-delay)"

// Defaults for the zero fields of a Config.
const (
	DefaultPerHostConcurrency = 2
	DefaultPerHostInterval    = time.Second
	DefaultGlobalConcurrency  = 32
	DefaultConnectTimeout     = 10 * time.Second
	DefaultTimeout            = 30 * time.Second
	DefaultMaxBodyBytes       = 16 << 20
	DefaultMaxRedirects       = 10
	DefaultRetries            = 3
	DefaultBackoffBase        = 500 * time.Millisecond
	DefaultBackoffMax         = 30 * time.Second
	DefaultMaxRetryAfter      = 10 * time.Minute
	DefaultMaxCrawlDelay      = time.Minute
	DefaultRobotsTTL          = 24 * time.Hour
	DefaultRobotsErrorTTL     = 5 * time.Minute
)

// Config sets up a Fetcher. A zero field takes the default named after it;
// for the fields that say so, a negative value turns the feature off.
type Config struct {
	// UserAgent is sent with every request. Its first word, up to a '/'
	// (the product token), selects the robots.txt group to obey.
	UserAgent string

	// AllowPrivateNetworks lets the fetcher connect to loopback, private
	// and link-local addresses. Leave it off for URLs that come from users
	// or pages, so that they cannot reach the local network.
	AllowPrivateNetworks bool

	// PerHostConcurrency bounds the requests in flight to one host.
	PerHostConcurrency int
	// PerHostInterval is the least time between two requests to one
	// host: a request starts this long after both the start and the end
	// of the previous one. A robots.txt Crawl-delay may raise it.
	// Negative: no interval.
	PerHostInterval time.Duration
	// GlobalConcurrency bounds the requests in flight to all hosts.
	GlobalConcurrency int
	// HostTurn, if set, is asked before each request, once this
	// fetcher's own limits let it go, for the host's turn among several
	// processes fetching for one newsdesk: it returns when a request to
	// host may start, interval after the previous one of any of them (see
	// queue.Queue.HostTurn), or with the context's error.
	HostTurn func(ctx context.Context, host string, interval time.Duration) error

	// ConnectTimeout bounds the dial and TLS handshake of a connection.
	ConnectTimeout time.Duration
	// Timeout bounds one attempt: from the dial to the last byte of the
	// body. Retries get a fresh Timeout each; bound the whole Get with its
	// context.
	Timeout time.Duration

	// MaxBodyBytes bounds the decoded body kept; a longer body is cut and
	// the Response says Truncated.
	MaxBodyBytes int64
	// MaxRedirects bounds the redirects followed by one Get. Negative:
	// follow none, and return the redirect as a *StatusError.
	MaxRedirects int

	// Retries is how many times a request is tried again after a timeout,
	// a connection error, a 5xx or a 429 status. Negative: never.
	Retries int
	// BackoffBase and BackoffMax shape the wait before retry n: random
	// (full jitter) below min(BackoffMax, BackoffBase·2ⁿ⁻¹).
	BackoffBase time.Duration
	BackoffMax  time.Duration
	// MaxRetryAfter is the longest Retry-After wait the fetcher sleeps
	// through; a longer one makes Get return a *RetryAfterError.
	MaxRetryAfter time.Duration

	// IgnoreRobots skips robots.txt. Set it only for fetches a person asks
	// for one by one, never for crawling.
	IgnoreRobots bool
	// RobotsTTL is how long a fetched robots.txt is trusted.
	RobotsTTL time.Duration
	// RobotsErrorTTL is how long a host whose robots.txt could not be
	// fetched (5xx, 429 or unreachable) stays off limits before trying
	// again.
	RobotsErrorTTL time.Duration
	// MaxCrawlDelay caps the Crawl-delay a robots.txt may impose.
	MaxCrawlDelay time.Duration
}

// withDefaults returns c with zero fields set to their defaults and
// negative ones to their "off" values.
func (c Config) withDefaults() Config {
	if c.UserAgent == "" {
		c.UserAgent = DefaultUserAgent
	}
	setInt(&c.PerHostConcurrency, DefaultPerHostConcurrency, 1)
	setDuration(&c.PerHostInterval, DefaultPerHostInterval)
	setInt(&c.GlobalConcurrency, DefaultGlobalConcurrency, 1)
	setDuration(&c.ConnectTimeout, DefaultConnectTimeout)
	setDuration(&c.Timeout, DefaultTimeout)
	if c.MaxBodyBytes <= 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	setInt(&c.MaxRedirects, DefaultMaxRedirects, 0)
	setInt(&c.Retries, DefaultRetries, 0)
	setDuration(&c.BackoffBase, DefaultBackoffBase)
	setDuration(&c.BackoffMax, DefaultBackoffMax)
	setDuration(&c.MaxRetryAfter, DefaultMaxRetryAfter)
	setDuration(&c.RobotsTTL, DefaultRobotsTTL)
	setDuration(&c.RobotsErrorTTL, DefaultRobotsErrorTTL)
	setDuration(&c.MaxCrawlDelay, DefaultMaxCrawlDelay)
	return c
}

func setInt(v *int, def, floor int) {
	switch {
	case *v == 0:
		*v = def
	case *v < floor:
		*v = floor
	}
}

func setDuration(v *time.Duration, def time.Duration) {
	switch {
	case *v == 0:
		*v = def
	case *v < 0:
		*v = 0
	}
}

// Request is one page to fetch.
type Request struct {
	// URL is the absolute http or https URL to fetch.
	URL string
	// ETag and LastModified are the validators of a previous fetch of URL
	// (Response.ETag, Response.LastModified); when set, they are sent as
	// If-None-Match and If-Modified-Since, and an unchanged page comes
	// back as a Response with NotModified set.
	ETag         string
	LastModified string
	// Header holds extra request headers, such as Accept or
	// Accept-Language. User-Agent, Accept-Encoding, the conditional
	// headers and Cookie are the fetcher's own and are overwritten.
	Header http.Header
}

// Response is the outcome of a Get.
type Response struct {
	// FinalURL is the URL of the response, after any redirects.
	FinalURL string
	// StatusCode is the HTTP status of the final response.
	StatusCode int
	// Header is the header of the final response. As Body is decoded,
	// Content-Encoding and Content-Length are removed from it.
	Header http.Header
	// ContentType is the Content-Type header, or the type sniffed from
	// Body when the server sent none.
	ContentType string
	// Body is the decoded body, at most Config.MaxBodyBytes long.
	Body []byte
	// ETag and LastModified are the response's validators, to send with
	// the next Request for the same URL. On a 304 they are those of the
	// response, or else those of the Request.
	ETag         string
	LastModified string
	// Truncated reports that the body was longer than MaxBodyBytes and
	// was cut.
	Truncated bool
	// NotModified reports a 304 answer: the page has not changed since
	// the fetch that gave the Request's validators. Body is empty.
	NotModified bool
	// Duration is how long the Get took, waits and retries included.
	Duration time.Duration
	// Attempts is how many times the final URL was requested: 1 when the
	// first try succeeded.
	Attempts int
}

// Errors returned (wrapped) by Get; test for them with errors.Is. A
// refused private address wraps safedial.ErrPrivateAddress.
var (
	// ErrDisallowed: robots.txt forbids the URL, or the host's robots.txt
	// could not be fetched and the host is off limits for a while.
	ErrDisallowed = errors.New("disallowed by robots.txt")
	// ErrRedirectLoop: a redirect led back to a URL already visited.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrTooManyRedirects: more than Config.MaxRedirects redirects.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrTimeout: an attempt took longer than Config.Timeout (on the last
	// try).
	ErrTimeout = errors.New("timed out")
)

// StatusError is returned, with the Response, when the final status of a
// Get is neither 2xx nor 304.
type StatusError struct {
	URL  string
	Code int
}

// Error names the URL and the status.
func (e *StatusError) Error() string {
	return fmt.Sprintf("fetch: %s: status %d %s", e.URL, e.Code, http.StatusText(e.Code))
}

// RetryAfterError is returned, with the Response, when a server answers
// 429 or 503 with a Retry-After further off than Config.MaxRetryAfter:
// rather than sleep that long, Get reports when to try again.
type RetryAfterError struct {
	StatusError
	// At is when the server asks to be tried again.
	At time.Time
}

// Error names the URL, the status and when to try again.
func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("fetch: %s: status %d %s, retry after %s (in %s)", e.URL, e.Code,
		http.StatusText(e.Code), e.At.Format(time.RFC3339), time.Until(e.At).Round(time.Second))
}

// Unwrap returns the *StatusError, so that errors.As finds it.
func (e *RetryAfterError) Unwrap() error { return &e.StatusError }

// Fetcher fetches pages politely and safely: it obeys robots.txt, spaces
// and bounds its requests to each host, retries transient failures with
// backoff, and refuses private addresses unless allowed. A Fetcher is safe
// for concurrent use; make one and share it, as its limits hold across all
// its Gets.
type Fetcher struct {
	cfg     Config
	agent   string // robots.txt product token
	client  *http.Client
	limiter *limiter
	robots  *robotsCache
}

// New returns a Fetcher set up by cfg. It does no I/O.
func New(cfg Config) *Fetcher {
	cfg = cfg.withDefaults()
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.DialContext = safedial.NewDialer(cfg.AllowPrivateNetworks, cfg.ConnectTimeout).DialContext
	if !cfg.AllowPrivateNetworks {
		t.Proxy = nil // a proxy would dial the address beyond safedial's reach
	}
	t.TLSHandshakeTimeout = cfg.ConnectTimeout
	t.DisableCompression = true // we ask for and decode encodings ourselves
	t.MaxIdleConnsPerHost = cfg.PerHostConcurrency
	return &Fetcher{
		cfg:   cfg,
		agent: agentToken(cfg.UserAgent),
		client: &http.Client{
			Transport: t,
			CheckRedirect: func(*http.Request, []*http.Request) error {
				return http.ErrUseLastResponse // Get follows redirects itself
			},
		},
		limiter: newLimiter(cfg.PerHostConcurrency, cfg.GlobalConcurrency),
		robots:  newRobotsCache(),
	}
}

// CloseIdleConnections closes the connections kept open for reuse. The
// Fetcher stays usable.
func (f *Fetcher) CloseIdleConnections() {
	f.client.CloseIdleConnections()
}

// Get fetches req.URL, following redirects, and returns the final
// response with its body decoded.
//
// Before each request Get checks the host's robots.txt (fetched once per
// host and cached) and returns an error wrapping ErrDisallowed if it
// forbids the URL. It waits its turn for the host, retries timeouts,
// connection errors, 5xx and 429 with exponential backoff, and honours
// Retry-After. A final status other than 2xx or 304 gives the Response
// together with a *StatusError (or *RetryAfterError). Get returns promptly
// with ctx's error when ctx ends, whatever it is waiting for.
func (f *Fetcher) Get(ctx context.Context, req Request) (*Response, error) {
	start := time.Now()
	u, err := parseURL(req.URL)
	if err != nil {
		return nil, err
	}
	jar, err := cookiejar.New(&cookiejar.Options{PublicSuffixList: publicsuffix.List})
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	seen := make(map[string]bool)
	var chain []string
	for redirects := 0; ; redirects++ {
		// A redirect back to a URL is a loop unless the cookies sent with
		// it changed (a site setting a cookie and reloading the page).
		key := u.String() + "\x00" + cookieString(jar, u)
		chain = append(chain, u.String())
		if seen[key] {
			return nil, fmt.Errorf("fetch: %s: %w: %s", req.URL, ErrRedirectLoop, strings.Join(chain, " -> "))
		}
		seen[key] = true

		interval := f.cfg.PerHostInterval
		if !f.cfg.IgnoreRobots {
			policy, err := f.robotsPolicy(ctx, u)
			if err != nil {
				return nil, err
			}
			if !policy.allowed(u.RequestURI()) {
				return nil, fmt.Errorf("fetch: %s: %w", u, ErrDisallowed)
			}
			interval = max(interval, min(policy.crawlDelay, f.cfg.MaxCrawlDelay))
		}

		resp, err := f.do(ctx, u, req, jar, interval)
		if resp != nil {
			resp.Duration = time.Since(start)
		}
		if err != nil {
			return resp, err
		}
		loc := resp.Header.Get("Location")
		if isRedirect(resp.StatusCode) && loc != "" && f.cfg.MaxRedirects > 0 {
			if redirects >= f.cfg.MaxRedirects {
				return nil, fmt.Errorf("fetch: %s: %w: stopped after %d: %s", req.URL, ErrTooManyRedirects,
					f.cfg.MaxRedirects, strings.Join(chain, " -> "))
			}
			next, err := u.Parse(loc)
			if err != nil {
				return nil, fmt.Errorf("fetch: %s: bad redirect to %q: %w", u, loc, err)
			}
			if next.Scheme != "http" && next.Scheme != "https" {
				return nil, fmt.Errorf("fetch: %s: redirect to unsupported scheme %q", u, next.Scheme)
			}
			next.Fragment, next.RawFragment = "", ""
			u = next
			continue
		}
		switch {
		case resp.NotModified:
			if resp.ETag == "" {
				resp.ETag = req.ETag
			}
			if resp.LastModified == "" {
				resp.LastModified = req.LastModified
			}
			return resp, nil
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			return resp, &StatusError{URL: resp.FinalURL, Code: resp.StatusCode}
		}
		return resp, nil
	}
}

// parseURL parses an absolute http or https URL and drops its fragment.
func parseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("fetch: %s: unsupported scheme %q (want http or https)", raw, u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("fetch: %s: no host", raw)
	}
	u.Fragment, u.RawFragment = "", ""
	return u, nil
}

func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// cookieString lists the cookies jar would send to u.
func cookieString(jar http.CookieJar, u *url.URL) string {
	var b strings.Builder
	for _, c := range jar.Cookies(u) {
		b.WriteString(c.Name)
		b.WriteByte('=')
		b.WriteString(c.Value)
		b.WriteByte(';')
	}
	return b.String()
}

// hostKey names the host whose requests the limiter spaces: the host name
// without port, as servers on other ports of a host are the same machine.
func hostKey(u *url.URL) string {
	return strings.ToLower(u.Hostname())
}

// do requests u (no redirects followed), retrying as Config says, and
// returns the response with its body read. Only transport errors,
// cancellation and a too-distant Retry-After are errors here; statuses are
// judged by the caller. jar may be nil.
func (f *Fetcher) do(ctx context.Context, u *url.URL, req Request, jar http.CookieJar, interval time.Duration) (*Response, error) {
	host := hostKey(u)
	for attempt := 1; ; attempt++ {
		resp, err := f.attempt(ctx, u, req, jar, host, interval)
		if ctx.Err() != nil {
			return nil, fmt.Errorf("fetch: %s: %w", u, context.Cause(ctx))
		}
		var wait time.Duration
		switch {
		case err != nil:
			if !retryable(err) {
				return nil, err
			}
		case resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable:
			resp.Attempts = attempt
			now := time.Now()
			if d, ok := parseRetryAfter(resp.Header.Get("Retry-After"), now); ok {
				if d > f.cfg.MaxRetryAfter {
					return resp, &RetryAfterError{StatusError{URL: u.String(), Code: resp.StatusCode}, now.Add(d)}
				}
				wait = d
				// Keep every request to this host waiting, not only ours.
				f.limiter.delay(host, now.Add(d))
			}
		case resp.StatusCode >= 500:
			resp.Attempts = attempt
		default:
			resp.Attempts = attempt
			return resp, nil
		}
		if attempt > f.cfg.Retries {
			if err != nil {
				if attempt > 1 {
					return nil, fmt.Errorf("%w (gave up after %d attempts)", err, attempt)
				}
				return nil, err
			}
			return resp, nil
		}
		if wait <= 0 {
			wait = backoff(attempt, f.cfg.BackoffBase, f.cfg.BackoffMax)
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, fmt.Errorf("fetch: %s: %w", u, context.Cause(ctx))
		}
	}
}

// attempt makes one request to u, in its turn for host, and reads the
// body unless the response is a redirect or a 304.
func (f *Fetcher) attempt(ctx context.Context, u *url.URL, req Request, jar http.CookieJar, host string, interval time.Duration) (*Response, error) {
	release, err := f.limiter.acquire(ctx, host, interval)
	if err != nil {
		return nil, err
	}
	defer release()
	if f.cfg.HostTurn != nil && interval > 0 {
		if err := f.cfg.HostTurn(ctx, host, interval); err != nil {
			return nil, fmt.Errorf("fetch: %s: waiting for the host's turn: %w", u, err)
		}
	}

	actx, cancel := context.WithTimeout(ctx, f.cfg.Timeout)
	defer cancel()
	hreq, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	for k, vs := range req.Header {
		hreq.Header[http.CanonicalHeaderKey(k)] = append([]string(nil), vs...)
	}
	hreq.Header.Set("User-Agent", f.cfg.UserAgent)
	hreq.Header.Set("Accept-Encoding", acceptEncoding)
	if hreq.Header.Get("Accept") == "" {
		hreq.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	}
	hreq.Header.Del("Cookie")
	hreq.Header.Del("If-None-Match")
	hreq.Header.Del("If-Modified-Since")
	if req.ETag != "" {
		hreq.Header.Set("If-None-Match", req.ETag)
	}
	if req.LastModified != "" {
		hreq.Header.Set("If-Modified-Since", req.LastModified)
	}
	if jar != nil {
		for _, c := range jar.Cookies(u) {
			hreq.AddCookie(c)
		}
	}

	hresp, err := f.client.Do(hreq)
	if err != nil {
		return nil, f.attemptError(u, err, actx)
	}
	defer hresp.Body.Close()
	if jar != nil {
		jar.SetCookies(u, hresp.Cookies())
	}
	resp := &Response{
		FinalURL:     u.String(),
		StatusCode:   hresp.StatusCode,
		Header:       hresp.Header,
		ETag:         hresp.Header.Get("ETag"),
		LastModified: hresp.Header.Get("Last-Modified"),
		NotModified:  hresp.StatusCode == http.StatusNotModified,
	}
	if resp.NotModified || isRedirect(hresp.StatusCode) && hresp.Header.Get("Location") != "" {
		return resp, nil
	}
	body, truncated, err := readBody(hresp.Body, hresp.Header.Get("Content-Encoding"), f.cfg.MaxBodyBytes)
	if err != nil {
		return nil, f.attemptError(u, err, actx)
	}
	resp.Body, resp.Truncated = body, truncated
	resp.Header.Del("Content-Encoding")
	resp.Header.Del("Content-Length")
	resp.ContentType = hresp.Header.Get("Content-Type")
	if resp.ContentType == "" && len(body) > 0 {
		resp.ContentType = http.DetectContentType(body)
	}
	return resp, nil
}

// attemptError wraps the error of one attempt, naming a timeout as such.
func (f *Fetcher) attemptError(u *url.URL, err error, actx context.Context) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		err = uerr.Err
	}
	if errors.Is(actx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("fetch: %s: %w after %s: %w", u, ErrTimeout, f.cfg.Timeout, err)
	}
	return fmt.Errorf("fetch: %s: %w", u, err)
}
