// Package newsdesk holds the domain types shared by every stage of the
// pipeline: an Article read out of a web page and the Blocks of its body.
// It depends on nothing but the standard library.
package newsdesk

import (
	"strings"
	"time"
)

// BlockKind names the structural role of a Block in an article body.
type BlockKind string

// The kinds of body blocks an extractor produces.
const (
	Heading   BlockKind = "heading"
	Paragraph BlockKind = "paragraph"
	List      BlockKind = "list"
	Quote     BlockKind = "quote"
	Table     BlockKind = "table"
	Caption   BlockKind = "caption"
	Code      BlockKind = "code"
)

// Block is one structural unit of an article body.
type Block struct {
	Kind BlockKind `json:"kind"`
	// Level is the heading level (1–6) for headings; 0 otherwise.
	Level int `json:"level,omitempty"`
	// Text is the block's plain text (for lists and tables, the items or
	// rows joined by newlines).
	Text string `json:"text"`
	// Items holds the entries of a list.
	Items []string `json:"items,omitempty"`
	// Ordered is true for numbered lists.
	Ordered bool `json:"ordered,omitempty"`
	// Rows holds the cells of a table, row by row.
	Rows [][]string `json:"rows,omitempty"`
}

// Article is the clean content and metadata of one news page.
type Article struct {
	URL          string    `json:"url"`
	CanonicalURL string    `json:"canonical_url"`
	Title        string    `json:"title"`
	Subtitle     string    `json:"subtitle"`
	Authors      []string  `json:"authors"`
	Published    time.Time `json:"published"`
	Modified     time.Time `json:"modified"`
	SiteName     string    `json:"site_name"`
	// Outlet is the site the article was published on (see Outlet).
	// The store sets it on the articles it returns; an import may give
	// one (a Domain, a Name or both), which the store takes instead of
	// the domain of the URL and the site name. Nil for an article read
	// from a page.
	Outlet    *Outlet  `json:"outlet,omitempty"`
	Language  string   `json:"language"`
	Image     string   `json:"image"`
	Section   string   `json:"section"`
	Tags      []string `json:"tags"`
	Paywalled bool     `json:"paywalled"`
	Blocks    []Block  `json:"blocks"`
	// Charset is the encoding the page was decoded from.
	Charset string `json:"charset"`
	// Truncated is set when the page was larger than the size cap and only
	// its beginning was read.
	Truncated bool `json:"truncated,omitempty"`
	// Extra holds fields an imported article came with that have no
	// place above, as they were given (numbers as json.Number). It is
	// nil for an article read from a page.
	Extra map[string]any `json:"extra,omitempty"`
}

// Text renders the body as running text, one block per line; list items
// and table rows get a line each. Figure captions are left out: they are
// kept as blocks but interrupt the article's text.
func (a *Article) Text() string {
	var b strings.Builder
	for _, bl := range a.Blocks {
		switch {
		case bl.Kind == Caption:
		case len(bl.Items) > 0:
			for _, it := range bl.Items {
				b.WriteString(it)
				b.WriteByte('\n')
			}
		case len(bl.Rows) > 0:
			for _, r := range bl.Rows {
				b.WriteString(strings.Join(r, "\t"))
				b.WriteByte('\n')
			}
		default:
			b.WriteString(bl.Text)
			b.WriteByte('\n')
		}
	}
	return strings.TrimRight(b.String(), "\n")
}

// Empty reports whether the article has no body text.
func (a *Article) Empty() bool { return len(a.Blocks) == 0 }
