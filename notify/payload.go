package notify

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"newsdesk"
)

// Articles gives the stored articles and the stories they belong to;
// *sqlite.Store is one.
type Articles interface {
	// Article returns an article, or an error wrapping
	// newsdesk.ErrNotFound.
	Article(ctx context.Context, id int64) (*newsdesk.StoredArticle, error)
	// Story returns a story (followed through merges), or an error
	// wrapping newsdesk.ErrNotFound.
	Story(ctx context.Context, id int64) (*newsdesk.StoryDetail, error)
}

// AlertRef names the alert a notice is for.
type AlertRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Article is a matched article as a notice shows it: the fields of a hit
// of GET /api/articles that do not depend on the search.
type Article struct {
	ID       int64  `json:"id"`
	URL      string `json:"url"`
	Title    string `json:"title"`
	SiteName string `json:"site_name"`
	Language string `json:"language"`
	// Published is null when unknown.
	Published *time.Time `json:"published"`
	Authors   []string   `json:"authors"`
	// CopyOf is the ID of the original the article copies, Story the ID
	// of its story; null for none.
	CopyOf newsdesk.NullID `json:"copy_of"`
	Story  newsdesk.NullID `json:"story"`
	// Summary is the article's subtitle or teaser; empty when it has
	// none. (Not sent in webhooks, which carry what a hit carries.)
	Summary string `json:"-"`
}

// NewArticle returns the notice's view of a stored article.
func NewArticle(a *newsdesk.StoredArticle) Article {
	out := Article{
		ID:       a.ID,
		URL:      a.URL,
		Title:    a.Title,
		SiteName: a.SiteName,
		Language: a.Language,
		Authors:  a.Authors,
		CopyOf:   a.CopyOf,
		Story:    a.Story,
		Summary:  a.Subtitle,
	}
	if out.Authors == nil {
		out.Authors = []string{}
	}
	if !a.Published.IsZero() {
		p := a.Published
		out.Published = &p
	}
	return out
}

// Payload is the JSON body of a webhook POST.
type Payload struct {
	Alert   AlertRef `json:"alert"`
	Article Article  `json:"article"`
	// Story sums up the article's story; null until it has one.
	Story *newsdesk.Story `json:"story"`
}

// errGone marks a match whose article (or alert) no longer exists: its
// delivery is cancelled, not retried.
var errGone = errors.New("no longer stored")

// articleID returns the article of a delivery from its key, which is
// the key of its match (newsdesk.AlertMatch.Key:
// "newsdesk-<alert>-<article>").
func articleID(d *newsdesk.Delivery) (int64, error) {
	prefix := "newsdesk-" + strconv.FormatInt(d.AlertID, 10) + "-"
	rest, ok := strings.CutPrefix(d.Key, prefix)
	if !ok {
		return 0, fmt.Errorf("notify: delivery %d: key %q is not a match key of alert %d", d.ID, d.Key, d.AlertID)
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("notify: delivery %d: key %q is not a match key", d.ID, d.Key)
	}
	return id, nil
}

// lookup returns the article of id with its story summary (nil when it
// has none, or the story cannot be found). The error wraps errGone when
// the article is gone.
func lookup(ctx context.Context, arts Articles, id int64) (Article, *newsdesk.Story, error) {
	a, err := arts.Article(ctx, id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		return Article{}, nil, fmt.Errorf("notify: article %d: %w", id, errGone)
	}
	if err != nil {
		return Article{}, nil, fmt.Errorf("notify: article %d: %w", id, err)
	}
	art := NewArticle(a)
	if a.Story == 0 {
		return art, nil, nil
	}
	sd, err := arts.Story(ctx, int64(a.Story))
	if errors.Is(err, newsdesk.ErrNotFound) {
		return art, nil, nil
	}
	if err != nil {
		return Article{}, nil, fmt.Errorf("notify: story %d: %w", a.Story, err)
	}
	s := sd.Story
	return art, &s, nil
}

// alertCache reads each alert of a pass once.
type alertCache struct {
	store  newsdesk.AlertStore
	alerts map[int64]*newsdesk.Alert
}

// get returns an alert, or an error wrapping errGone when it was removed.
func (c *alertCache) get(ctx context.Context, id int64) (*newsdesk.Alert, error) {
	if a, ok := c.alerts[id]; ok {
		return a, nil
	}
	a, err := c.store.Alert(ctx, id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		return nil, fmt.Errorf("notify: alert %d: %w", id, errGone)
	}
	if err != nil {
		return nil, fmt.Errorf("notify: alert %d: %w", id, err)
	}
	if c.alerts == nil {
		c.alerts = map[int64]*newsdesk.Alert{}
	}
	c.alerts[id] = a
	return a, nil
}
