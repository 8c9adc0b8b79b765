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
