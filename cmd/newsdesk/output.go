package main

import (
	"bytes"
	"encoding/json"
	"time"

	"newsdesk"
	"newsdesk/render"
)

// Output formats of the extract command.
const (
	formatText     = "text"
	formatMarkdown = "markdown"
	formatJSON     = "json"
	formatHTML     = "html"
)

// formatExt maps each output format to the extension of its files.
var formatExt = map[string]string{
	formatText:     ".txt",
	formatMarkdown: ".md",
	formatJSON:     ".json",
	formatHTML:     ".html",
}

// formatAliases maps accepted spellings of --format to the format.
var formatAliases = map[string]string{
	"text": formatText, "txt": formatText,
	"markdown": formatMarkdown, "md": formatMarkdown,
	"json": formatJSON,
	"html": formatHTML,
}

// articleJSON is the JSON form of an extracted article. Unlike
// newsdesk.Article it has no nulls for lists (always arrays), null for
// unknown dates, and the plain text next to the blocks.
type articleJSON struct {
	URL          string           `json:"url"`
	CanonicalURL string           `json:"canonical_url"`
	Title        string           `json:"title"`
	Subtitle     string           `json:"subtitle"`
	Authors      []string         `json:"authors"`
	Published    *string          `json:"published"`
	Modified     *string          `json:"modified"`
	SiteName     string           `json:"site_name"`
	Language     string           `json:"language"`
	Image        string           `json:"image"`
	Section      string           `json:"section"`
	Tags         []string         `json:"tags"`
	Paywalled    bool             `json:"paywalled"`
	Text         string           `json:"text"`
	Blocks       []newsdesk.Block `json:"blocks"`
	Charset      string           `json:"charset"`
	Truncated    bool             `json:"truncated"`
	Extra        map[string]any   `json:"extra,omitempty"`
	// Error is set when the extraction failed partly, e.g. when no article
	// text was found.
	Error string `json:"error,omitempty"`
	// Furniture tells, with --explain, what was left out as the site's
	// furniture.
	Furniture *furnitureJSON `json:"furniture,omitempty"`
}

// furnitureJSON lists the blocks and title parts left out of an article
// as its site's furniture.
type furnitureJSON struct {
	Site   string   `json:"site"`
	Blocks []string `json:"blocks"`
	Title  []string `json:"title"`
}

func newArticleJSON(a *newsdesk.Article, extractErr error) *articleJSON {
	j := &articleJSON{
		URL:          a.URL,
		CanonicalURL: a.CanonicalURL,
		Title:        a.Title,
		Subtitle:     a.Subtitle,
		Authors:      nonNil(a.Authors),
		Published:    rfc3339(a.Published),
		Modified:     rfc3339(a.Modified),
		SiteName:     a.SiteName,
		Language:     a.Language,
		Image:        a.Image,
		Section:      a.Section,
		Tags:         nonNil(a.Tags),
		Paywalled:    a.Paywalled,
		Text:         a.Text(),
		Blocks:       nonNil(a.Blocks),
		Charset:      a.Charset,
		Truncated:    a.Truncated,
		Extra:        a.Extra,
	}
	if extractErr != nil {
		j.Error = extractErr.Error()
	}
	return j
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func rfc3339(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.Format(time.RFC3339)
	return &s
}

// renderArticle renders a in format. JSON is indented when pretty is set,
// on one line otherwise; every format ends in a newline unless empty.
// extractErr, and furniture if not nil, are recorded in the JSON form. Text, Markdown and HTML keep
// their line breaks and tabs, and show every other control character of
// the page as an escape (see termSafeText), so that printing them cannot
// drive a terminal; JSON escapes them in its own way (see jsonSafe), and
// means the same text.
func renderArticle(a *newsdesk.Article, format string, pretty bool, extractErr error, furniture *furnitureJSON) ([]byte, error) {
	switch format {
	case formatJSON:
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if pretty {
			enc.SetIndent("", "  ")
		}
		j := newArticleJSON(a, extractErr)
		j.Furniture = furniture
		if err := enc.Encode(j); err != nil {
			return nil, err
		}
		return jsonSafe(buf.Bytes()), nil
	case formatMarkdown:
		return []byte(termSafeText(render.Markdown(a))), nil
	case formatHTML:
		return []byte(termSafeText(render.HTML(a))), nil
	default:
		return []byte(termSafeText(render.Text(a))), nil
	}
}

// separator returns what goes between two documents of format written one
// after the other on stdout.
func separator(format string) string {
	switch format {
	case formatText:
		return "\n"
	case formatMarkdown:
		return "\n---\n\n"
	default: // JSON lines and <article> elements need none
		return ""
	}
}
