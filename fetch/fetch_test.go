package fetch

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"newsdesk/internal/safedial"
)

// testConfig is a fast Config for tests against local servers: no
// interval between requests, tiny backoffs.
func testConfig() Config {
	return Config{
		AllowPrivateNetworks: true,
		PerHostInterval:      -1,
		ConnectTimeout:       2 * time.Second,
		Timeout:              5 * time.Second,
		BackoffBase:          time.Millisecond,
		BackoffMax:           5 * time.Millisecond,
	}
}

// newServer starts a server on 127.0.0.1 with the given routes; robots.txt
// is a 404 unless a route gives it.
func newServer(t *testing.T, routes map[string]http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	for pattern, h := range routes {
		mux.HandleFunc(pattern, h)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, f *Fetcher, url string) (*Response, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return f.Get(ctx, Request{URL: url})
}

func TestGet(t *testing.T) {
	var gotUA, gotAE string
	srv := newServer(t, map[string]http.HandlerFunc{
		"/page": func(w http.ResponseWriter, r *http.Request) {
			gotUA, gotAE = r.UserAgent(), r.Header.Get("Accept-Encoding")
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<p>hello</p>")
		},
		"/plain": func(w http.ResponseWriter, r *http.Request) {
			w.Header()["Content-Type"] = nil // no sniffing by the server
			io.WriteString(w, "<!DOCTYPE html><p>sniff me</p>")
		},
	})
	f := New(testConfig())
	resp, err := get(t, f, srv.URL+"/page#frag")
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "<p>hello</p>" || resp.StatusCode != 200 || resp.Attempts != 1 {
		t.Errorf("got body %q status %d attempts %d", resp.Body, resp.StatusCode, resp.Attempts)
	}
	if resp.ContentType != "text/html; charset=utf-8" || resp.FinalURL != srv.URL+"/page" {
		t.Errorf("content type %q, final URL %q", resp.ContentType, resp.FinalURL)
	}
	if gotUA != DefaultUserAgent || gotAE != "gzip, deflate, br" {
		t.Errorf("sent User-Agent %q, Accept-Encoding %q", gotUA, gotAE)
	}

	resp, err = get(t, f, srv.URL+"/plain")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(resp.ContentType, "text/html") {
		t.Errorf("sniffed content type = %q, want text/html", resp.ContentType)
	}

	for _, bad := range []string{"ftp://example.org/", "/relative", "http://"} {
		if _, err := get(t, f, bad); err == nil {
			t.Errorf("Get(%q) succeeded, want an error", bad)
		}
	}
}

func TestStatusError(t *testing.T) {
	srv := newServer(t, map[string]http.HandlerFunc{
		"/gone": func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "gone for good", http.StatusGone)
		},
	})
	resp, err := get(t, New(testConfig()), srv.URL+"/gone")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusGone {
		t.Fatalf("err = %v, want *StatusError 410", err)
	}
	if resp == nil || !strings.Contains(string(resp.Body), "gone for good") || resp.Attempts != 1 {
		t.Errorf("response = %+v, want the 410 body after one attempt", resp)
	}
}

func TestLoopbackRefused(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) { hits.Add(1) },
	})
	cfg := testConfig()
	cfg.AllowPrivateNetworks = false
	_, err := get(t, New(cfg), srv.URL+"/page")
	if !errors.Is(err, safedial.ErrPrivateAddress) {
		t.Fatalf("err = %v, want ErrPrivateAddress", err)
	}
	if hits.Load() != 0 {
		t.Errorf("server got %d requests, want none", hits.Load())
	}
}

func TestSlowServerTimeout(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, map[string]http.HandlerFunc{
		"/slow-head": func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
		"/slow-body": func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			io.WriteString(w, "start")
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		},
	})
	cfg := testConfig()
	cfg.Timeout = 100 * time.Millisecond
	cfg.Retries = 1
	f := New(cfg)
	for _, path := range []string{"/slow-head", "/slow-body"} {
		hits.Store(0)
		_, err := get(t, f, srv.URL+path)
		if !errors.Is(err, ErrTimeout) {
			t.Errorf("%s: err = %v, want ErrTimeout", path, err)
		}
		if n := hits.Load(); n != 2 {
			t.Errorf("%s: %d attempts, want 2 (one retry)", path, n)
		}
	}
}

func TestRetryThenSuccess(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, map[string]http.HandlerFunc{
		"/flaky": func(w http.ResponseWriter, r *http.Request) {
			switch hits.Add(1) {
			case 1:
				// Close the connection, so that the next attempt dials
				// anew and net/http does not retry it by itself.
				w.Header().Set("Connection", "close")
				http.Error(w, "oops", http.StatusInternalServerError)
			case 2:
				// Drop the connection without an answer.
				conn, _, err := w.(http.Hijacker).Hijack()
				if err == nil {
					conn.Close()
				}
			case 3:
				http.Error(w, "busy", http.StatusBadGateway)
			default:
				io.WriteString(w, "finally")
			}
		},
	})
	resp, err := get(t, New(testConfig()), srv.URL+"/flaky")
	if err != nil {
		t.Fatal(err)
	}
	if string(resp.Body) != "finally" || resp.Attempts != 4 || hits.Load() != 4 {
		t.Errorf("body %q after %d attempts (%d hits), want \"finally\" after 4", resp.Body, resp.Attempts, hits.Load())
	}
}

func TestRetriesExhausted(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, map[string]http.HandlerFunc{
		"/down": func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			http.Error(w, "down", http.StatusInternalServerError)
		},
	})
	cfg := testConfig()
	cfg.Retries = 2
	resp, err := get(t, New(cfg), srv.URL+"/down")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 500 {
		t.Fatalf("err = %v, want *StatusError 500", err)
	}
	if resp.Attempts != 3 || hits.Load() != 3 {
		t.Errorf("attempts %d, hits %d, want 3", resp.Attempts, hits.Load())
	}
}

func TestRetryAfter(t *testing.T) {
	var hits atomic.Int32
	var first, second time.Time
	srv := newServer(t, map[string]http.HandlerFunc{
		"/limited": func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				first = time.Now()
				w.Header().Set("Retry-After", "1")
				http.Error(w, "slow down", http.StatusTooManyRequests)
				return
			}
			second = time.Now()
			io.WriteString(w, "ok")
		},
	})
	resp, err := get(t, New(testConfig()), srv.URL+"/limited")
	if err != nil {
		t.Fatal(err)
	}
	if resp.Attempts != 2 {
		t.Errorf("attempts = %d, want 2", resp.Attempts)
	}
	if gap := second.Sub(first); gap < time.Second {
		t.Errorf("retried after %v, want at least the 1s Retry-After", gap)
	}
}

func Test503(t *testing.T) {
	var hits atomic.Int32
	srv := newServer(t, map[string]http.HandlerFunc{
		"/maintenance": func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "back in an hour", http.StatusServiceUnavailable)
		},
		"/hiccup": func(w http.ResponseWriter, r *http.Request) {
			if hits.Add(1) == 1 {
				http.Error(w, "hiccup", http.StatusServiceUnavailable) // no Retry-After: backoff
				return
			}
			io.WriteString(w, "ok")
		},
	})
	f := New(testConfig())

	start := time.Now()
	resp, err := get(t, f, srv.URL+"/maintenance")
	var ra *RetryAfterError
	if !errors.As(err, &ra) {
		t.Fatalf("err = %v, want *RetryAfterError", err)
	}
	if ra.At.Before(start.Add(59*time.Minute)) || ra.Code != 503 {
		t.Errorf("RetryAfterError = %+v, want 503 and about an hour from now", ra)
	}
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 503 {
		t.Errorf("errors.As StatusError: %v", err)
	}
	if resp == nil || resp.StatusCode != 503 || hits.Load() != 1 {
		t.Errorf("want the 503 response after one hit, got %+v after %d", resp, hits.Load())
	}

	hits.Store(0)
	resp, err = get(t, f, srv.URL+"/hiccup")
	if err != nil || resp.Attempts != 2 {
		t.Errorf("hiccup: err %v, attempts %v; want success on the second try", err, resp)
	}
}

func TestRedirects(t *testing.T) {
	srv := newServer(t, map[string]http.HandlerFunc{
		"/old": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
		},
		"/new": func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "new") },
		"/a": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/b", http.StatusFound)
		},
		"/b": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/a", http.StatusFound)
		},
		"/chain/": func(w http.ResponseWriter, r *http.Request) {
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/chain/"))
			http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), http.StatusTemporaryRedirect)
		},
		"/consent": func(w http.ResponseWriter, r *http.Request) {
			// Set a cookie and reload: not a loop.
			if _, err := r.Cookie("consent"); err != nil {
				http.SetCookie(w, &http.Cookie{Name: "consent", Value: "yes", Path: "/"})
				http.Redirect(w, r, "/consent", http.StatusFound)
				return
			}
			io.WriteString(w, "article")
		},
		"/ftp": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "ftp://example.org/", http.StatusFound)
		},
	})
	cfg := testConfig()
	cfg.MaxRedirects = 3
	f := New(cfg)

	resp, err := get(t, f, srv.URL+"/old")
	if err != nil || string(resp.Body) != "new" || resp.FinalURL != srv.URL+"/new" {
		t.Errorf("/old: err %v, resp %+v; want /new", err, resp)
	}

	_, err = get(t, f, srv.URL+"/a")
	if !errors.Is(err, ErrRedirectLoop) || !strings.Contains(err.Error(), "/a -> "+srv.URL+"/b -> "+srv.URL+"/a") {
		t.Errorf("/a: err = %v, want ErrRedirectLoop naming the chain", err)
	}

	_, err = get(t, f, srv.URL+"/chain/0")
	if !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("/chain/0: err = %v, want ErrTooManyRedirects", err)
	}

	resp, err = get(t, f, srv.URL+"/consent")
	if err != nil || string(resp.Body) != "article" {
		t.Errorf("/consent: err %v, resp %+v; want the article", err, resp)
	}

	if _, err = get(t, f, srv.URL+"/ftp"); err == nil || !strings.Contains(err.Error(), "unsupported scheme") {
		t.Errorf("/ftp: err = %v, want unsupported scheme", err)
	}

	cfg.MaxRedirects = -1
	resp, err = get(t, New(cfg), srv.URL+"/old")
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusMovedPermanently || resp.Header.Get("Location") != "/new" {
		t.Errorf("MaxRedirects -1: err = %v, want the 301 as a *StatusError", err)
	}
}

func TestOversizedBody(t *testing.T) {
	big := bytes.Repeat([]byte("0123456789"), 1000) // 10 000 bytes
	var bomb bytes.Buffer
	zw := gzip.NewWriter(&bomb)
	zw.Write(make([]byte, 1<<20)) // 1 MiB of zeros, about 1 KB gzipped
	zw.Close()
	srv := newServer(t, map[string]http.HandlerFunc{
		"/big": func(w http.ResponseWriter, r *http.Request) { w.Write(big) },
		"/fits": func(w http.ResponseWriter, r *http.Request) {
			w.Write(big[:4096])
		},
		"/bomb": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb.Bytes())
		},
	})
	cfg := testConfig()
	cfg.MaxBodyBytes = 4096
	f := New(cfg)

	resp, err := get(t, f, srv.URL+"/big")
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Truncated || !bytes.Equal(resp.Body, big[:4096]) {
		t.Errorf("/big: truncated %v, %d bytes; want the first 4096 and Truncated", resp.Truncated, len(resp.Body))
	}

	resp, err = get(t, f, srv.URL+"/fits")
	if err != nil || resp.Truncated || len(resp.Body) != 4096 {
		t.Errorf("/fits: err %v; want 4096 bytes, not truncated", err)
	}

	resp, err = get(t, f, srv.URL+"/bomb")
	if err != nil {
		t.Fatal(err)
	}
	if !resp.Truncated || len(resp.Body) != 4096 {
		t.Errorf("/bomb: truncated %v, %d bytes; want 4096 and Truncated", resp.Truncated, len(resp.Body))
	}
}

func TestEncodings(t *testing.T) {
	const text = "<html><body><p>Schöne Grüße aus der Redaktion.</p></body></html>"
	encode := func(coding string) []byte {
		var b bytes.Buffer
		var w io.WriteCloser
		switch coding {
		case "gzip":
			w = gzip.NewWriter(&b)
		case "deflate":
			w = zlib.NewWriter(&b)
		case "raw-deflate":
			w, _ = flate.NewWriter(&b, flate.DefaultCompression)
		case "br":
			w = brotli.NewWriter(&b)
		default:
			return []byte(text)
		}
		io.WriteString(w, text)
		w.Close()
		return b.Bytes()
	}
	gzipped := encode("gzip")
	var twice bytes.Buffer
	bw := brotli.NewWriter(&twice)
	bw.Write(gzipped)
	bw.Close()

	tests := []struct {
		name, header string
		body         []byte
	}{
		{"identity", "", encode("")},
		{"gzip", "gzip", gzipped},
		{"x-gzip", "x-gzip", gzipped},
		{"deflate", "deflate", encode("deflate")},
		{"raw deflate", "deflate", encode("raw-deflate")},
		{"br", "br", encode("br")},
		{"gzip then br", "gzip, br", twice.Bytes()},
	}
	var hits atomic.Int32
	routes := map[string]http.HandlerFunc{
		"/broken": func(w http.ResponseWriter, r *http.Request) {
			hits.Add(1)
			w.Header().Set("Content-Encoding", "gzip")
			io.WriteString(w, "this is not gzip")
		},
		"/zstd": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Encoding", "zstd")
			io.WriteString(w, "whatever")
		},
	}
	for i, tt := range tests {
		routes[fmt.Sprintf("/%d", i)] = func(w http.ResponseWriter, r *http.Request) {
			if tt.header != "" {
				w.Header().Set("Content-Encoding", tt.header)
			}
			w.Header().Set("Content-Type", "text/html")
			w.Write(tt.body)
		}
	}
	srv := newServer(t, routes)
	f := New(testConfig())
	for i, tt := range tests {
		resp, err := get(t, f, fmt.Sprintf("%s/%d", srv.URL, i))
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if string(resp.Body) != text || resp.Truncated {
			t.Errorf("%s: body %q, truncated %v", tt.name, resp.Body, resp.Truncated)
		}
		if ce := resp.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("%s: Content-Encoding %q left in the decoded response", tt.name, ce)
		}
	}

	if _, err := get(t, f, srv.URL+"/broken"); !errors.Is(err, errDecode) || hits.Load() != 1 {
		t.Errorf("/broken: err = %v after %d hits, want a decode error and no retry", err, hits.Load())
	}
	if _, err := get(t, f, srv.URL+"/zstd"); !errors.Is(err, errDecode) {
		t.Errorf("/zstd: err = %v, want a decode error", err)
	}
}

func TestConditionalGet(t *testing.T) {
	const etag = `"v1"`
	const lastMod = "Mon, 02 Jan 2006 15:04:05 GMT"
	var sawINM, sawIMS string
	srv := newServer(t, map[string]http.HandlerFunc{
		"/story": func(w http.ResponseWriter, r *http.Request) {
			sawINM, sawIMS = r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since")
			if sawINM == etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", etag)
			w.Header().Set("Last-Modified", lastMod)
			io.WriteString(w, "story")
		},
	})
	f := New(testConfig())
	ctx := context.Background()

	first, err := f.Get(ctx, Request{URL: srv.URL + "/story"})
	if err != nil {
		t.Fatal(err)
	}
	if first.ETag != etag || first.LastModified != lastMod || first.NotModified || sawINM != "" {
		t.Fatalf("first fetch: %+v (sent If-None-Match %q)", first, sawINM)
	}

	second, err := f.Get(ctx, Request{URL: srv.URL + "/story", ETag: first.ETag, LastModified: first.LastModified})
	if err != nil {
		t.Fatal(err)
	}
	if sawINM != etag || sawIMS != lastMod {
		t.Errorf("sent If-None-Match %q, If-Modified-Since %q", sawINM, sawIMS)
	}
	if !second.NotModified || second.StatusCode != 304 || len(second.Body) != 0 {
		t.Errorf("second fetch: %+v, want NotModified", second)
	}
	if second.ETag != etag || second.LastModified != lastMod {
		t.Errorf("second fetch validators %q %q, want the request's carried over", second.ETag, second.LastModified)
	}
}

func TestRobots(t *testing.T) {
	var robotsHits atomic.Int32
	var mu sync.Mutex
	var starts []time.Time
	srv := newServer(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			robotsHits.Add(1)
			io.WriteString(w, "User-agent: *\nDisallow: /\n\n"+
				"User-agent: newsdesk\nDisallow: /private\nAllow: /private/press$\nCrawl-delay: 0.3\n")
		},
		"/": func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			starts = append(starts, time.Now())
			mu.Unlock()
			io.WriteString(w, "ok")
		},
	})
	f := New(testConfig())

	_, err := get(t, f, srv.URL+"/private/x")
	if !errors.Is(err, ErrDisallowed) {
		t.Errorf("/private/x: err = %v, want ErrDisallowed", err)
	}
	for _, path := range []string{"/news/1", "/private/press"} {
		if _, err := get(t, f, srv.URL+path); err != nil {
			t.Errorf("%s: %v", path, err)
		}
	}
	if n := robotsHits.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times, want once", n)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(starts) != 2 {
		t.Fatalf("server saw %d page requests, want 2", len(starts))
	}
	if gap := starts[1].Sub(starts[0]); gap < 300*time.Millisecond {
		t.Errorf("requests %v apart, want at least the 300ms Crawl-delay", gap)
	}
}

func TestRobotsUnavailable(t *testing.T) {
	var robotsCode atomic.Int32
	var pageHits atomic.Int32
	srv := newServer(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(int(robotsCode.Load()))
		},
		"/": func(w http.ResponseWriter, r *http.Request) {
			pageHits.Add(1)
			io.WriteString(w, "ok")
		},
	})
	cfg := testConfig()
	cfg.Retries = 1
	cfg.RobotsErrorTTL = 50 * time.Millisecond
	cfg.RobotsTTL = 50 * time.Millisecond

	// 5xx: the host is off limits for RobotsErrorTTL.
	robotsCode.Store(http.StatusInternalServerError)
	f := New(cfg)
	_, err := get(t, f, srv.URL+"/page")
	if !errors.Is(err, ErrDisallowed) || !strings.Contains(err.Error(), "status 500") {
		t.Errorf("robots.txt 500: err = %v, want ErrDisallowed naming the status", err)
	}
	if pageHits.Load() != 0 {
		t.Error("page fetched although robots.txt was unavailable")
	}
	// Once the error expires, a 404 robots.txt allows everything.
	robotsCode.Store(http.StatusNotFound)
	time.Sleep(60 * time.Millisecond)
	if _, err := get(t, f, srv.URL+"/page"); err != nil {
		t.Errorf("robots.txt 404: %v", err)
	}
	// A later outage keeps the last good verdict instead of closing the site.
	robotsCode.Store(http.StatusServiceUnavailable)
	time.Sleep(60 * time.Millisecond)
	if _, err := get(t, f, srv.URL+"/page"); err != nil {
		t.Errorf("robots.txt 404 then 503: %v, want the 404 verdict kept", err)
	}
}

func TestPerHostConcurrency(t *testing.T) {
	var cur, peak atomic.Int32
	srv := newServer(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			n := cur.Add(1)
			defer cur.Add(-1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			time.Sleep(30 * time.Millisecond)
			io.WriteString(w, "ok")
		},
	})
	cfg := testConfig()
	cfg.PerHostConcurrency = 2
	f := New(cfg)
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Go(func() {
			if _, err := get(t, f, fmt.Sprintf("%s/p%d", srv.URL, i)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if p := peak.Load(); p > 2 {
		t.Errorf("%d requests ran at once, want at most 2", p)
	}
	t.Logf("peak concurrency %d", peak.Load())
}

func TestCancelDuringBackoff(t *testing.T) {
	hit := make(chan struct{}, 10)
	srv := newServer(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			hit <- struct{}{}
			http.Error(w, "down", http.StatusInternalServerError)
		},
	})
	cfg := testConfig()
	cfg.BackoffBase = time.Hour
	cfg.BackoffMax = time.Hour
	f := New(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := f.Get(ctx, Request{URL: srv.URL + "/page"})
		done <- err
	}()
	<-hit
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Get did not return after its context was cancelled")
	}
}

func TestCancelDuringRateLimitWait(t *testing.T) {
	srv := newServer(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") },
	})
	cfg := testConfig()
	cfg.PerHostInterval = time.Hour
	cfg.IgnoreRobots = true // the robots.txt fetch would take the first turn
	f := New(cfg)
	if _, err := get(t, f, srv.URL+"/one"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := f.Get(ctx, Request{URL: srv.URL + "/two"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
}
