package ingest

import (
	_ "embed"
	"strings"

	"newsdesk"
)

//go:embed defaults.txt
var defaultsText string

// DefaultSources returns the shipped list of public German and English
// news feeds, as sources of kind KindFeed with URL and Title set.
func DefaultSources() []newsdesk.Source {
	var out []newsdesk.Source
	for line := range strings.Lines(defaultsText) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		u, title, _ := strings.Cut(line, " ")
		out = append(out, newsdesk.Source{Kind: newsdesk.KindFeed, URL: u, Title: strings.TrimSpace(title)})
	}
	return out
}
