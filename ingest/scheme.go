package ingest

import (
	"errors"
	"net/url"
	"os"
	"strings"
)

// ErrUnsupportedScheme is returned (wrapped) by Detect for a URL of a
// scheme other than http and https (file:, ftp:, javascript:, data:,
// mailto:, ...): newsdesk reads the web and local paths, nothing else.
var ErrUnsupportedScheme = errors.New("unsupported scheme")

// otherScheme returns the scheme of target if target is a URL whose
// scheme is not http or https, else "". A target that names an existing
// file is a local path whatever it looks like, and a one-letter scheme is
// a Windows drive ("C:\news").
func otherScheme(target string) string {
	u, err := url.Parse(strings.TrimSpace(target))
	if err != nil || len(u.Scheme) < 2 || u.Scheme == "http" || u.Scheme == "https" {
		return ""
	}
	if _, err := os.Stat(target); err == nil {
		return ""
	}
	return u.Scheme
}
