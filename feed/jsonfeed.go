package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"strings"
)

// jsonFeed is a JSON Feed 1.0 or 1.1 document. Fields whose type real
// feeds get wrong (a string where a list belongs, a number as id) use
// lenient types.
type jsonFeed struct {
	Version     string       `json:"version"`
	Title       jsonString   `json:"title"`
	HomePageURL jsonString   `json:"home_page_url"`
	FeedURL     jsonString   `json:"feed_url"`
	Language    jsonString   `json:"language"`
	Author      *jsonAuthor  `json:"author"`
	Authors     []jsonAuthor `json:"authors"`
	Items       []jsonItem   `json:"items"`
}

type jsonItem struct {
	ID            jsonString   `json:"id"`
	URL           jsonString   `json:"url"`
	ExternalURL   jsonString   `json:"external_url"`
	Title         jsonString   `json:"title"`
	ContentHTML   jsonString   `json:"content_html"`
	ContentText   jsonString   `json:"content_text"`
	Summary       jsonString   `json:"summary"`
	Image         jsonString   `json:"image"`
	BannerImage   jsonString   `json:"banner_image"`
	DatePublished jsonString   `json:"date_published"`
	DateModified  jsonString   `json:"date_modified"`
	Author        *jsonAuthor  `json:"author"`
	Authors       []jsonAuthor `json:"authors"`
	Tags          jsonStrings  `json:"tags"`
	Attachments   []struct {
		URL      jsonString `json:"url"`
		MimeType jsonString `json:"mime_type"`
	} `json:"attachments"`
}

// jsonAuthor is an author object, or a bare name string.
type jsonAuthor struct {
	Name string
}

func (a *jsonAuthor) UnmarshalJSON(b []byte) error {
	var s jsonString
	if err := s.UnmarshalJSON(b); err == nil && s != "" {
		a.Name = string(s)
		return nil
	}
	var obj struct {
		Name jsonString `json:"name"`
	}
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil // an author of the wrong shape is dropped, not fatal
	}
	a.Name = string(obj.Name)
	return nil
}

// jsonString accepts a string, a number or a boolean; anything else reads
// as empty.
type jsonString string

func (s *jsonString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 {
		return nil
	}
	switch b[0] {
	case '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = jsonString(v)
	case '{', '[', 'n':
		*s = ""
	default:
		*s = jsonString(b)
	}
	return nil
}

// jsonStrings accepts a list of strings or a single string.
type jsonStrings []string

func (l *jsonStrings) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '[' {
		var raw []jsonString
		if err := json.Unmarshal(b, &raw); err != nil {
			return nil
		}
		for _, s := range raw {
			*l = append(*l, string(s))
		}
		return nil
	}
	var s jsonString
	if err := s.UnmarshalJSON(b); err == nil && s != "" {
		*l = jsonStrings{string(s)}
	}
	return nil
}

// parseJSON reads a JSON Feed.
func parseJSON(b []byte, p0 *parser) (*Feed, error) {
	var jf jsonFeed
	if err := json.Unmarshal(b, &jf); err != nil {
		return nil, fmt.Errorf("%w: malformed JSON: %v", ErrNotFeed, err)
	}
	if !strings.Contains(jf.Version, "jsonfeed.org/version") && jf.Items == nil {
		return nil, fmt.Errorf("%w: JSON but not a JSON Feed", ErrNotFeed)
	}
	// Item links are pages of the site: they resolve against the home
	// page first, then the feed's URL.
	p := *p0
	p.siteFirst = true
	f := &Feed{Kind: KindJSONFeed, Items: []Item{}}
	f.Title = collapse(string(jf.Title))
	f.FeedURL = p.abs(nil, string(jf.FeedURL))
	if f.FeedURL == "" {
		f.FeedURL = p.feedURL()
	}
	f.SiteURL = p.abs(nil, string(jf.HomePageURL))
	p.setSite(f.SiteURL)
	f.Language = collapse(string(jf.Language))
	var feedAuthors []string
	for _, a := range append(jf.Authors, authorList(jf.Author)...) {
		feedAuthors = appendUnique(feedAuthors, a.Name)
	}
	for _, ji := range jf.Items {
		var item Item
		item.ID = string(ji.ID)
		item.URL = p.abs(nil, string(ji.URL))
		if item.URL == "" {
			item.URL = p.abs(nil, string(ji.ExternalURL))
		}
		item.Title = titleText(string(ji.Title))
		item.Summary = plainText(string(ji.Summary))
		switch {
		case ji.ContentHTML != "":
			item.Content = absolutizeHTML(strings.TrimSpace(string(ji.ContentHTML)), p.baseOf(nil))
		case ji.ContentText != "":
			item.Content = textToHTML(string(ji.ContentText))
		}
		for _, a := range append(ji.Authors, authorList(ji.Author)...) {
			item.Authors = appendUnique(item.Authors, a.Name)
		}
		if len(item.Authors) == 0 && len(feedAuthors) > 0 {
			item.Authors = append([]string(nil), feedAuthors...)
		}
		item.Published = parseDate(string(ji.DatePublished))
		item.Updated = parseDate(string(ji.DateModified))
		if item.Published.IsZero() {
			item.Published = item.Updated
		}
		item.Categories = appendUnique(item.Categories, ji.Tags...)
		img := string(ji.Image)
		if img == "" {
			img = string(ji.BannerImage)
		}
		if img == "" {
			for _, a := range ji.Attachments {
				if isImage("", string(a.MimeType), string(a.URL)) {
					img = string(a.URL)
					break
				}
			}
		}
		if img == "" {
			img = firstImage(item.Content)
		}
		item.ImageURL = p.abs(nil, img)
		finishID(&item)
		f.Items = append(f.Items, item)
	}
	return f, nil
}

func authorList(a *jsonAuthor) []jsonAuthor {
	if a == nil {
		return nil
	}
	return []jsonAuthor{*a}
}

// textToHTML turns plain text into HTML paragraphs split at blank lines.
func textToHTML(s string) string {
	var sb strings.Builder
	for _, para := range strings.Split(strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n"), "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		sb.WriteString("<p>")
		sb.WriteString(strings.ReplaceAll(html.EscapeString(para), "\n", "<br>"))
		sb.WriteString("</p>")
	}
	return sb.String()
}
