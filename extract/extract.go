package extract

import (
	"errors"

	"newsdesk"
)

// DefaultMaxBytes is the default cap on the size of a page read by Extract.
const DefaultMaxBytes = 16 << 20

// Options tune one extraction. The zero value is ready to use.
type Options struct {
	// URL is the address the page was fetched from; it resolves relative
	// links and is a last source of dates.
	URL string
	// ContentType is the HTTP Content-Type header, used for the charset.
	ContentType string
	// MaxBytes caps the bytes read; larger pages are truncated and the
	// Article says so. Zero means DefaultMaxBytes; negative means no cap.
	MaxBytes int
	// Template is what was learnt about the page's site; its furniture is
	// left out of the article and its recurring title parts out of the
	// title. Nil reads the page on its own.
	Template *newsdesk.SiteTemplate
	// Site, if set, is called once with what the page gives its site to
	// learn and what the template took from it (not when the page is not
	// HTML).
	Site func(*SiteReport)
}

// Errors returned by Extract; test for them with errors.Is.
var (
	ErrEmpty   = errors.New("empty input")
	ErrNotHTML = errors.New("not an HTML page")
	// ErrNoArticle is returned together with a non-nil Article whose body
	// is empty: the page was read, but no article text was found in it.
	ErrNoArticle = errors.New("no article text found")
)

// Extract reads the article out of raw page bytes.
func Extract(raw []byte, opt Options) (*newsdesk.Article, error) {
	return extract(raw, opt)
}
