package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/feed"
	"newsdesk/fetch"
)

// maxDetectedFeeds caps the feeds taken from one home page.
const maxDetectedFeeds = 10

// ErrNoSource is returned (wrapped) by Detect when a URL or path holds
// nothing to gather from.
var ErrNoSource = errors.New("no feed, sitemap or article found")

// Detect decides what kind of source target is and returns the sources to
// add for it, with Kind, URL and (for feeds) Title set.
//
// A local path is a WARC archive (by its name or its first bytes), an
// HTML file or a directory of them, or a text file of URLs. A URL is
// fetched and sniffed: a feed or sitemap is taken as it is; an HTML page
// is an article (KindPage) unless it is a site's home page — its path is
// "/", or no article can be read from it — whose feeds are then
// discovered and checked (at most 10; the declared ones, else the links
// that look like feeds), or, failing feeds, the sitemaps its robots.txt
// names. A URL of another scheme than http and https is refused
// (ErrUnsupportedScheme).
func (in *Ingester) Detect(ctx context.Context, target string) ([]newsdesk.Source, error) {
	if sc := otherScheme(target); sc != "" {
		return nil, fmt.Errorf("ingest: %s: %w %q: give an http or https URL or a local path", target, ErrUnsupportedScheme, sc)
	}
	if !isHTTP(target) {
		s, err := detectLocal(target)
		if err != nil {
			return nil, err
		}
		if s.Title == "" {
			// A name people can tell apart in lists and facets.
			s.Title = filepath.Base(s.URL)
		}
		return []newsdesk.Source{s}, nil
	}
	if in.cfg.Fetcher == nil {
		return nil, errors.New("ingest: no fetcher to read URLs with")
	}
	resp, err := in.cfg.Fetcher.Get(ctx, fetch.Request{URL: target})
	if err != nil {
		return nil, err
	}
	switch k := feed.Sniff(resp.Body, resp.ContentType); {
	case k.IsFeed():
		return []newsdesk.Source{feedSource(resp, target)}, nil
	case k == feed.KindSitemapIndex:
		return []newsdesk.Source{{Kind: newsdesk.KindSitemapIndex, URL: target}}, nil
	case k == feed.KindURLSet:
		return []newsdesk.Source{{Kind: newsdesk.KindSitemap, URL: target}}, nil
	case k == feed.KindHTML:
	default:
		return nil, fmt.Errorf("ingest: %s: %w (content type %q)", target, ErrNoSource, resp.ContentType)
	}
	if !isHomePage(resp) {
		return []newsdesk.Source{{Kind: newsdesk.KindPage, URL: target}}, nil
	}
	if srcs := in.detectFeeds(ctx, resp); len(srcs) > 0 {
		return srcs, nil
	}
	if srcs := in.detectSitemaps(ctx, resp.FinalURL); len(srcs) > 0 {
		return srcs, nil
	}
	return nil, fmt.Errorf("ingest: %s: %w: a home page without feeds or sitemaps", target, ErrNoSource)
}

// feedSource returns the source for a fetched feed.
func feedSource(resp *fetch.Response, u string) newsdesk.Source {
	s := newsdesk.Source{Kind: newsdesk.KindFeed, URL: u}
	if f, err := feed.Parse(bytes.NewReader(resp.Body), resp.FinalURL); err == nil {
		s.Title = f.Title
	}
	return s
}

// isHomePage reports whether an HTML page is a site's front page rather
// than an article.
func isHomePage(resp *fetch.Response) bool {
	if u, err := url.Parse(resp.FinalURL); err == nil && (u.Path == "" || u.Path == "/") {
		return true
	}
	a, err := extract.Extract(resp.Body, extract.Options{URL: resp.FinalURL, ContentType: resp.ContentType})
	return err != nil || a == nil || a.Empty()
}

// detectFeeds returns the feeds a home page links to that are feeds
// indeed: the declared ones if any, else the likely-looking links.
func (in *Ingester) detectFeeds(ctx context.Context, resp *fetch.Response) []newsdesk.Source {
	links := feed.Discover(resp.Body, resp.FinalURL)
	var declared, guessed []feed.Link
	for _, l := range links {
		if l.Guess {
			guessed = append(guessed, l)
		} else {
			declared = append(declared, l)
		}
	}
	for _, cands := range [][]feed.Link{declared, guessed} {
		var out []newsdesk.Source
		for _, l := range cands {
			if len(out) == maxDetectedFeeds || ctx.Err() != nil {
				break
			}
			fr, err := in.cfg.Fetcher.Get(ctx, fetch.Request{URL: l.URL})
			if err != nil || !feed.Sniff(fr.Body, fr.ContentType).IsFeed() {
				continue
			}
			s := feedSource(fr, l.URL)
			if s.Title == "" {
				s.Title = l.Title
			}
			out = append(out, s)
		}
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

// detectSitemaps returns the sitemaps the robots.txt of pageURL's site
// names, news sitemaps first.
func (in *Ingester) detectSitemaps(ctx context.Context, pageURL string) []newsdesk.Source {
	u, err := url.Parse(pageURL)
	if err != nil {
		return nil
	}
	robots := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}).String()
	resp, err := in.cfg.Fetcher.Get(ctx, fetch.Request{URL: robots})
	if err != nil {
		return nil
	}
	var news, other []newsdesk.Source
	for _, sm := range feed.RobotsSitemaps(resp.Body) {
		if !isHTTP(sm) {
			continue
		}
		s := newsdesk.Source{Kind: newsdesk.KindSitemap, URL: sm}
		if strings.Contains(strings.ToLower(sm), "news") {
			news = append(news, s)
		} else {
			other = append(other, s)
		}
	}
	if len(news) > 0 {
		return news
	}
	return other[:min(len(other), maxDetectedFeeds)]
}

// detectLocal decides the kind of a local path.
func detectLocal(path string) (newsdesk.Source, error) {
	s := newsdesk.Source{URL: path}
	if abs, err := filepath.Abs(path); err == nil {
		s.URL = abs
	}
	fi, err := os.Stat(path)
	if err != nil {
		return s, fmt.Errorf("ingest: %w", err)
	}
	if fi.IsDir() {
		s.Kind = newsdesk.KindFile
		return s, nil
	}
	name := strings.ToLower(path)
	switch {
	case strings.HasSuffix(name, ".warc") || strings.HasSuffix(name, ".warc.gz"):
		s.Kind = newsdesk.KindWARC
		return s, nil
	case isPageFile(name):
		s.Kind = newsdesk.KindFile
		return s, nil
	}
	head, err := readHead(path, 4096)
	if err != nil {
		return s, err
	}
	switch {
	case bytes.HasPrefix(head, []byte("WARC/")):
		s.Kind = newsdesk.KindWARC
	case looksLikeURLList(head):
		s.Kind = newsdesk.KindURLList
	case feed.Sniff(head, "") == feed.KindHTML:
		s.Kind = newsdesk.KindFile
	default:
		return s, fmt.Errorf("ingest: %s: %w: not a WARC archive, HTML page or list of URLs", path, ErrNoSource)
	}
	return s, nil
}

// readHead returns the first n bytes of a file, gunzipped if need be.
func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		if zr, err := gzip.NewReader(br); err == nil {
			r = zr
		}
	}
	b, err := io.ReadAll(io.LimitReader(r, int64(n)))
	if err != nil && len(b) == 0 {
		return nil, fmt.Errorf("ingest: %s: %w", path, err)
	}
	return b, nil
}

// looksLikeURLList reports whether the first non-comment line of head is
// an http or https URL.
func looksLikeURLList(head []byte) bool {
	for line := range strings.Lines(string(head)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return isHTTP(line)
	}
	return false
}
