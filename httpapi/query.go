package httpapi

import (
	"errors"
	"fmt"
	"html"
	"maps"
	"net/url"
	"strconv"
	"strings"
	"time"

	"newsdesk"
)

// Limits of the limit parameter of a search.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// ParseQuery reads a search from the parameters of GET /api/articles
// (and of the web UI's search page): q, source (a source ID), lang,
// author, entity (an entity ID, see /api/entities), speaker (the entity
// ID of a speaker the article quotes), agency (a news agency credited for
// it, any case), outlet (the domain or name of an outlet, see
// /api/outlets), story (a story ID), from and to (dates as 2006-01-02
// or RFC 3339; a date-only "to" includes that whole day), sort
// (relevance or date; date when q is empty), collapse (true, the
// default: the copies of an article show as one hit; false: each
// article), limit (1–100, default 20) and cursor. Facets are always
// asked for. A bad value is an error meant for the user.
func ParseQuery(v url.Values) (newsdesk.Query, error) {
	q := newsdesk.Query{
		Text:     strings.TrimSpace(v.Get("q")),
		Language: strings.ToLower(strings.TrimSpace(v.Get("lang"))),
		Author:   strings.TrimSpace(v.Get("author")),
		Entity:   strings.TrimSpace(v.Get("entity")),
		Speaker:  strings.TrimSpace(v.Get("speaker")),
		Agency:   strings.TrimSpace(v.Get("agency")),
		Outlet:   strings.TrimSpace(v.Get("outlet")),
		Cursor:   strings.TrimSpace(v.Get("cursor")),
		Limit:    DefaultLimit,
		Facets:   true,
		Collapse: true,
	}
	if len(q.Text) > 1000 {
		return q, errors.New("q: the query is longer than 1000 bytes")
	}
	if s := strings.TrimSpace(v.Get("source")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return q, fmt.Errorf("source: want a source ID, got %q", s)
		}
		q.SourceID = id
	}
	if s := strings.TrimSpace(v.Get("story")); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return q, fmt.Errorf("story: want a story ID, got %q", s)
		}
		q.Story = id
	}
	switch s := strings.ToLower(strings.TrimSpace(v.Get("collapse"))); s {
	case "", "true", "1", "yes", "on":
	case "false", "0", "no", "off":
		q.Collapse = false
	default:
		return q, fmt.Errorf("collapse: want true or false, got %q", s)
	}
	var err error
	if q.From, err = parseDate(v.Get("from"), false); err != nil {
		return q, fmt.Errorf("from: %w", err)
	}
	if q.To, err = parseDate(v.Get("to"), true); err != nil {
		return q, fmt.Errorf("to: %w", err)
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, errors.New("from must be before to")
	}
	switch s := v.Get("sort"); s {
	case "":
		if q.Text == "" {
			q.Sort = "date"
		}
	case "relevance", "date":
		q.Sort = s
	default:
		return q, fmt.Errorf("sort: want relevance or date, got %q", s)
	}
	if q.Limit, err = parseLimit(v, q.Limit); err != nil {
		return q, err
	}
	return q, nil
}

// parseLimit reads the limit parameter of a listing: a number from 1 to
// MaxLimit; def when it is absent.
func parseLimit(v url.Values, def int) (int, error) {
	s := strings.TrimSpace(v.Get("limit"))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxLimit {
		return 0, fmt.Errorf("limit: want a number from 1 to %d, got %q", MaxLimit, s)
	}
	return n, nil
}

// parseDate reads a date (2006-01-02, midnight UTC) or an RFC 3339 time.
// For the end of a range, a date is taken as the end of that day.
func parseDate(s string, end bool) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		if end {
			t = t.AddDate(0, 0, 1)
		}
		return t, nil
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("want a date as 2006-01-02 or RFC 3339, got %q", s)
	}
	return t, nil
}

// Highlight markers in newsdesk.Hit.Snippet.
const (
	markStart = '\x02'
	markEnd   = '\x03'
)

// SnippetText returns a snippet with its highlight markers removed.
func SnippetText(s string) string {
	return strings.Map(func(r rune) rune {
		if r == markStart || r == markEnd {
			return -1
		}
		return r
	}, s)
}

// SnippetHTML returns a snippet as HTML: the text escaped, the
// highlighted words in <mark> elements. Unbalanced markers are closed or
// dropped, so the result is always well formed.
func SnippetHTML(s string) string {
	var b strings.Builder
	open := false
	for {
		i := strings.IndexAny(s, "\x02\x03")
		if i < 0 {
			b.WriteString(html.EscapeString(s))
			break
		}
		b.WriteString(html.EscapeString(s[:i]))
		switch {
		case s[i] == markStart && !open:
			b.WriteString("<mark>")
			open = true
		case s[i] == markEnd && open:
			b.WriteString("</mark>")
			open = false
		}
		s = s[i+1:]
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}

// SourceRef names the source of an article: its ID (0 when the article
// came from no stored source) and its title, or the site's name.
type SourceRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// ArticleSummary is one search hit as GET /api/articles returns it.
type ArticleSummary struct {
	ID       int64     `json:"id"`
	URL      string    `json:"url"`
	Title    string    `json:"title"`
	Source   SourceRef `json:"source"`
	SiteName string    `json:"site_name"`
	// Outlet is the site the article was published on; null when it
	// has none.
	Outlet    *newsdesk.Outlet `json:"outlet"`
	Language  string           `json:"language"`
	Published *time.Time       `json:"published"` // null when unknown
	Authors   []string         `json:"authors"`
	// Snippet is plain text; SnippetHTML is the same text, escaped, with
	// the matched words in <mark> elements.
	Snippet     string  `json:"snippet"`
	SnippetHTML string  `json:"snippet_html"`
	Score       float64 `json:"score"`
	// CopyOf is the ID of the original the article copies, Story the
	// ID of its story; null for none.
	CopyOf newsdesk.NullID `json:"copy_of"`
	Story  newsdesk.NullID `json:"story"`
	// Copies counts the other hits of the article's copy group shown in
	// this one (collapse=true); CopyList lists them, earliest first.
	Copies   int                `json:"copies"`
	CopyList []newsdesk.HitCopy `json:"copy_list"`
}

// SearchResponse is the body of GET /api/articles.
type SearchResponse struct {
	Total    int                       `json:"total"`
	Articles []ArticleSummary          `json:"articles"`
	Facets   map[string]newsdesk.Facet `json:"facets"`
	// Outlets are the outlets the facet "outlet" counts, by the keys it
	// counts them under (their domain, or name when they have none).
	Outlets map[string]newsdesk.Outlet `json:"outlets"`
	// NextCursor fetches the next page; empty on the last one.
	NextCursor string `json:"next_cursor"`
}

// NewSearchResponse converts a search result; names maps source IDs to
// their titles (it may be nil). A hit whose source has no title is named
// after its site.
func NewSearchResponse(res *newsdesk.Result, names map[int64]string) SearchResponse {
	out := SearchResponse{
		Total:      res.Total,
		Articles:   make([]ArticleSummary, 0, len(res.Hits)),
		Facets:     map[string]newsdesk.Facet{},
		Outlets:    map[string]newsdesk.Outlet{},
		NextCursor: res.NextCursor,
	}
	maps.Copy(out.Outlets, res.Outlets)
	for _, h := range res.Hits {
		s := ArticleSummary{
			ID:          h.ID,
			URL:         h.URL,
			Title:       h.Title,
			Source:      SourceRef{ID: h.SourceID, Name: names[h.SourceID]},
			SiteName:    h.SiteName,
			Outlet:      h.Outlet,
			Language:    h.Language,
			Authors:     h.Authors,
			Snippet:     SnippetText(h.Snippet),
			SnippetHTML: SnippetHTML(h.Snippet),
			Score:       h.Score,
			CopyOf:      h.CopyOf,
			Story:       h.Story,
			Copies:      h.Copies,
			CopyList:    h.CopyList,
		}
		if s.CopyList == nil {
			s.CopyList = []newsdesk.HitCopy{}
		}
		if s.Source.Name == "" {
			s.Source.Name = h.SiteName
		}
		if !h.Published.IsZero() {
			p := h.Published
			s.Published = &p
		}
		if s.Authors == nil {
			s.Authors = []string{}
		}
		out.Articles = append(out.Articles, s)
	}
	for _, k := range []string{"source", "outlet", "language", "day", "entity", "agency", "story"} {
		f := res.Facets[k]
		if f == nil {
			f = newsdesk.Facet{}
		}
		out.Facets[k] = f
	}
	return out
}
