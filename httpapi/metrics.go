package httpapi

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the request
// latency histogram.
var latencyBuckets = []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Metrics collects the figures /metrics serves in the Prometheus text
// exposition format (version 0.0.4): counters with one label, gauges read
// at scrape time, and a histogram of HTTP request latency by route. It is
// safe for concurrent use.
type Metrics struct {
	mu       sync.Mutex
	counters []*CounterVec
	gauges   []gauge
	latency  map[string]*histogram // by route pattern
}

// NewMetrics returns an empty Metrics.
func NewMetrics() *Metrics {
	return &Metrics{latency: make(map[string]*histogram)}
}

// CounterVec is a counter split by the values of one label.
type CounterVec struct {
	name, help, label string
	mu                sync.Mutex
	values            map[string]float64
}

// Add adds n to the counter for the label value v.
func (c *CounterVec) Add(v string, n float64) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.values[v] += n
	c.mu.Unlock()
}

// Inc adds one to the counter for the label value v.
func (c *CounterVec) Inc(v string) { c.Add(v, 1) }

// Value returns the counter for the label value v.
func (c *CounterVec) Value(v string) float64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.values[v]
}

// Counter registers and returns a counter named name (which should end
// in _total), split by label.
func (m *Metrics) Counter(name, help, label string) *CounterVec {
	c := &CounterVec{name: name, help: help, label: label, values: make(map[string]float64)}
	m.mu.Lock()
	m.counters = append(m.counters, c)
	m.mu.Unlock()
	return c
}

type gauge struct {
	name, help string
	read       func(context.Context) (float64, error)
}

// Gauge registers a gauge whose value read returns at each scrape; a
// gauge whose read fails is left out of that scrape.
func (m *Metrics) Gauge(name, help string, read func(context.Context) (float64, error)) {
	m.mu.Lock()
	m.gauges = append(m.gauges, gauge{name, help, read})
	m.mu.Unlock()
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

// Observe records that a request to route took d.
func (m *Metrics) Observe(route string, d time.Duration) {
	s := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	i, _ := slices.BinarySearch(latencyBuckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
}

// Middleware times every request next serves and records it under the
// route pattern the ServeMux matched ("unmatched" when none did).
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		next.ServeHTTP(w, r)
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		m.Observe(route, time.Since(start))
	})
}

// ServeHTTP writes the metrics in the Prometheus text format.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	m.mu.Lock()
	counters := slices.Clone(m.counters)
	gauges := slices.Clone(m.gauges)
	m.mu.Unlock()

	for _, g := range gauges {
		v, err := g.read(r.Context())
		if err != nil {
			continue
		}
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", g.name, g.help, g.name, g.name, num(v))
	}
	for _, c := range counters {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s counter\n", c.name, c.help, c.name)
		c.mu.Lock()
		keys := sortedKeys(c.values)
		for _, k := range keys {
			fmt.Fprintf(bw, "%s{%s=\"%s\"} %s\n", c.name, c.label, labelValue(k), num(c.values[k]))
		}
		c.mu.Unlock()
	}

	const name = "newsdesk_http_request_duration_seconds"
	fmt.Fprintf(bw, "# HELP %s Time taken to serve HTTP requests, by route.\n# TYPE %s histogram\n", name, name)
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, route := range sortedKeys(m.latency) {
		h := m.latency[route]
		rl := labelValue(route)
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(bw, "%s_bucket{route=\"%s\",le=\"%s\"} %d\n", name, rl, num(le), cum)
		}
		fmt.Fprintf(bw, "%s_bucket{route=\"%s\",le=\"+Inf\"} %d\n", name, rl, h.n)
		fmt.Fprintf(bw, "%s_sum{route=\"%s\"} %s\n", name, rl, num(h.sum))
		fmt.Fprintf(bw, "%s_count{route=\"%s\"} %d\n", name, rl, h.n)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// num formats a sample value.
func num(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

// labelValue escapes a label value: backslash, double quote and newline.
func labelValue(s string) string {
	return strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s)
}
