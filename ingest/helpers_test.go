package ingest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk/fetch"
)

// words make up the generated article text.
var words = strings.Fields(`government parliament minister budget council
election vote coalition reform tax energy climate policy city region court
ruling judge report police investigation company market growth inflation
bank school university research health hospital transport railway airport
weather storm flood drought farmers harvest trade export industry workers
union strike wage agreement talks summit border security defence treaty`)

// articleHTML returns a realistic news page whose text is unique to seed.
func articleHTML(title string, seed int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>%s | Example News</title>
<meta property="og:title" content="%s">
<meta property="article:published_time" content="2024-03-%02dT10:00:00Z">
</head><body>
<header><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/business">Business</a></nav></header>
<main><article><h1>%s</h1>
<p class="byline">By Jane Reporter</p>
`, title, title, seed%28+1, title)
	for p := range 6 {
		b.WriteString("<p>")
		for w := range 40 {
			b.WriteString(words[(seed*7+p*13+w*w+w*seed)%len(words)])
			if w%9 == 8 {
				b.WriteString(",")
			}
			b.WriteString(" ")
		}
		fmt.Fprintf(&b, "in story number %d, paragraph %d.</p>\n", seed, p)
	}
	b.WriteString(`</article></main>
<footer><p>© Example News. All rights reserved.</p></footer>
</body></html>
`)
	return b.String()
}

// rssFeed returns an RSS feed listing urls.
func rssFeed(urls []string) string {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Example News</title><link>http://example.org/</link>
`)
	for i, u := range urls {
		fmt.Fprintf(&b, "<item><title>Story %d</title><link>%s</link><guid>%s</guid></item>\n", i, u, u)
	}
	b.WriteString("</channel></rss>\n")
	return b.String()
}

// testFetcher returns a fetcher for httptest servers: private networks
// allowed, no spacing between requests, short timeouts, few retries.
func testFetcher(cfg fetch.Config) *fetch.Fetcher {
	cfg.AllowPrivateNetworks = true
	if cfg.PerHostInterval == 0 {
		cfg.PerHostInterval = -1
	}
	if cfg.PerHostConcurrency == 0 {
		cfg.PerHostConcurrency = 8
	}
	if cfg.Timeout == 0 {
		cfg.Timeout = 5 * time.Second
	}
	if cfg.Retries == 0 {
		cfg.Retries = 1
	}
	if cfg.BackoffBase == 0 {
		cfg.BackoffBase = 10 * time.Millisecond
	}
	return fetch.New(cfg)
}

// site is a test news site: named pages and files, served on 127.0.0.1.
type site struct {
	*httptest.Server
	mu    sync.Mutex
	pages map[string]string // path → body, served as HTML unless ctype says
	ctype map[string]string
	hits  map[string]int
	// handlers override paths with special behaviour.
	handlers map[string]http.HandlerFunc
}

func newSite(t *testing.T) *site {
	s := &site{pages: map[string]string{}, ctype: map[string]string{}, hits: map[string]int{}, handlers: map[string]http.HandlerFunc{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	h := s.handlers[r.URL.Path]
	body, ok := s.pages[r.URL.Path]
	ct := s.ctype[r.URL.Path]
	s.mu.Unlock()
	if h != nil {
		h(w, r)
		return
	}
	if !ok {
		http.NotFound(w, r)
		return
	}
	if ct == "" {
		ct = "text/html; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Write([]byte(body))
}

func (s *site) set(path, body, ctype string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages[path] = body
	if ctype != "" {
		s.ctype[path] = ctype
	}
}

func (s *site) handle(path string, h http.HandlerFunc) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[path] = h
}

func (s *site) hitCount(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}
