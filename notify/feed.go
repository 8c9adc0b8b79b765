package notify

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"newsdesk"
)

// FeedItem is one match of an alert as its feeds show it.
type FeedItem struct {
	Match   newsdesk.AlertMatch
	Article Article
	// Story sums up the article's story; nil when it has none.
	Story *newsdesk.Story
}

// ID is the item's permanent identifier in both feeds: a URN made of the
// match's idempotency key, "urn:newsdesk:newsdesk-<alert>-<article>".
func (it FeedItem) ID() string { return "urn:newsdesk:" + it.Match.Key() }

// title is the item's title, its URL when it has none.
func (it FeedItem) title() string {
	if t := strings.TrimSpace(it.Article.Title); t != "" {
		return t
	}
	return it.Article.URL
}

// summary is the item's teaser: the article's subtitle, then where it
// appeared and the size of its story.
func (it FeedItem) summary() string {
	var parts []string
	if s := strings.TrimSpace(it.Article.Summary); s != "" {
		parts = append(parts, s)
	}
	var where []string
	if it.Article.SiteName != "" {
		where = append(where, it.Article.SiteName)
	}
	if s := it.Story; s != nil && s.Articles > 1 {
		where = append(where, storyLine(s))
	}
	if len(where) > 0 {
		parts = append(parts, strings.Join(where, " · "))
	}
	return strings.Join(parts, "\n")
}

// storyLine tells the size of a story: "story: 5 articles from 3 outlets".
func storyLine(s *newsdesk.Story) string {
	return "story: " + plural(s.Articles, "article", "articles") + " from " + plural(s.Outlets, "outlet", "outlets")
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// FeedItems returns the latest matches of an alert, newest first (up to
// limit; 20 when not above 0), with their articles and stories. Matches
// whose article is no longer stored are left out.
func FeedItems(ctx context.Context, store newsdesk.AlertStore, arts Articles, alertID int64, limit int) ([]FeedItem, error) {
	if limit <= 0 {
		limit = 20
	}
	ml, err := store.Matches(ctx, newsdesk.MatchFilter{AlertID: alertID, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("notify: matches of alert %d: %w", alertID, err)
	}
	items := make([]FeedItem, 0, len(ml.Matches))
	for _, m := range ml.Matches {
		art, story, err := lookup(ctx, arts, m.ArticleID)
		if errors.Is(err, errGone) {
			continue
		}
		if err != nil {
			return nil, err
		}
		items = append(items, FeedItem{Match: m, Article: art, Story: story})
	}
	return items, nil
}

// feedTitle is the title of an alert's feeds.
func feedTitle(a *newsdesk.Alert) string { return "newsdesk: " + a.Name }

// feedID is the permanent identifier of an alert's feeds.
func feedID(a *newsdesk.Alert) string { return "urn:newsdesk:alert-" + strconv.FormatInt(a.ID, 10) }

// feedUpdated is when an alert's feed last changed: its newest match, or
// the alert's last change when it has none.
func feedUpdated(a *newsdesk.Alert, items []FeedItem) time.Time {
	t := a.Updated
	if t.IsZero() {
		t = a.Created
	}
	for _, it := range items {
		if it.Match.Matched.After(t) {
			t = it.Match.Matched
		}
	}
	if t.IsZero() {
		t = time.Unix(0, 0)
	}
	return t
}

// atomFeed and its parts are the Atom 1.0 elements written.
type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string       `xml:"id"`
	Title     atomText     `xml:"title"`
	Updated   string       `xml:"updated"`
	Published string       `xml:"published,omitempty"`
	Links     []atomLink   `xml:"link"`
	Authors   []atomPerson `xml:"author"`
	Summary   *atomText    `xml:"summary,omitempty"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Atom writes the Atom 1.0 feed of an alert's matches (newest first, as
// FeedItems returns them): one entry per match, with the match's URN as
// its id (FeedItem.ID), the article's title, a link to the article, the
// time of the match as updated, the article's publication as published
// (when known), its authors and a plain-text summary. selfURL is the
// feed's own URL (rel="self"); "" leaves the link out.
func Atom(w io.Writer, a *newsdesk.Alert, items []FeedItem, selfURL string) error {
	f := atomFeed{
		ID:        feedID(a),
		Title:     atomText{Type: "text", Body: feedTitle(a)},
		Updated:   atomTime(feedUpdated(a, items)),
		Author:    atomPerson{Name: "newsdesk"},
		Generator: "newsdesk",
		Entries:   make([]atomEntry, 0, len(items)),
	}
	if a.Query != "" {
		f.Subtitle = &atomText{Type: "text", Body: "Articles matching " + a.Query}
	}
	if selfURL != "" {
		f.Links = append(f.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: selfURL})
	}
	for _, it := range items {
		e := atomEntry{
			ID:      it.ID(),
			Title:   atomText{Type: "text", Body: it.title()},
			Updated: atomTime(it.Match.Matched),
		}
		if it.Article.Published != nil {
			e.Published = atomTime(*it.Article.Published)
		}
		if it.Article.URL != "" {
			e.Links = append(e.Links, atomLink{Rel: "alternate", Type: "text/html", Href: it.Article.URL})
		}
		for _, name := range it.Article.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: name})
		}
		if s := it.summary(); s != "" {
			e.Summary = &atomText{Type: "text", Body: s}
		}
		f.Entries = append(f.Entries, e)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return fmt.Errorf("notify: atom: %w", err)
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("notify: atom: %w", err)
	}
	if _, err := io.WriteString(w, "\n"); err != nil {
		return fmt.Errorf("notify: atom: %w", err)
	}
	return nil
}

// jsonFeed and its parts are the JSON Feed 1.1 members written.
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       string       `json:"title"`
	Description string       `json:"description,omitempty"`
	FeedURL     string       `json:"feed_url,omitempty"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonItem   `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url,omitempty"`
	Title         string       `json:"title"`
	ContentText   string       `json:"content_text"`
	Summary       string       `json:"summary,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Language      string       `json:"language,omitempty"`
}

// JSONFeedVersion is the version URL of the JSON Feeds written.
const JSONFeedVersion = "https://jsonfeed.org/version/1.1"

// JSONFeed writes the JSON Feed 1.1 of an alert's matches, with the same
// items as Atom: id (FeedItem.ID), url, title, the summary also as
// content_text (an item must have content), date_published (the
// article's publication, when known), date_modified (the match), authors
// and language. selfURL is the feed's own URL (feed_url); "" leaves it
// out.
func JSONFeed(w io.Writer, a *newsdesk.Alert, items []FeedItem, selfURL string) error {
	f := jsonFeed{
		Version: JSONFeedVersion,
		Title:   feedTitle(a),
		FeedURL: selfURL,
		Authors: []jsonAuthor{{Name: "newsdesk"}},
		Items:   make([]jsonItem, 0, len(items)),
	}
	if a.Query != "" {
		f.Description = "Articles matching " + a.Query
	}
	for _, it := range items {
		ji := jsonItem{
			ID:           it.ID(),
			URL:          it.Article.URL,
			Title:        it.title(),
			Summary:      it.summary(),
			DateModified: atomTime(it.Match.Matched),
			Language:     it.Article.Language,
		}
		ji.ContentText = ji.Summary
		if ji.ContentText == "" {
			ji.ContentText = ji.Title
		}
		if it.Article.Published != nil {
			ji.DatePublished = atomTime(*it.Article.Published)
		}
		for _, name := range it.Article.Authors {
			ji.Authors = append(ji.Authors, jsonAuthor{Name: name})
		}
		f.Items = append(f.Items, ji)
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(f); err != nil {
		return fmt.Errorf("notify: json feed: %w", err)
	}
	return nil
}
