package newsdesk

import (
	"context"
	"strconv"
	"time"
)

// NullID is an id that is written as null in JSON when it is 0 (none).
type NullID int64

// MarshalJSON writes the id, or null for 0.
func (n NullID) MarshalJSON() ([]byte, error) {
	if n == 0 {
		return []byte("null"), nil
	}
	return strconv.AppendInt(nil, int64(n), 10), nil
}

// UnmarshalJSON reads an id or null (0).
func (n *NullID) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		return err
	}
	*n = NullID(v)
	return nil
}

// Connection is how the connect follower relates one article to the
// others: its copy group and its story.
type Connection struct {
	ArticleID int64
	// Hash is the content hash of the text the connection was made
	// from (StoredArticle.Hash).
	Hash string
	// Signature is what copy detection keeps of the text, opaque to the
	// store.
	Signature []byte
	// CopyOf is the id of the original of the article's copy group: its
	// earliest published article (then earliest stored, then lowest
	// id). 0 when the article is the original or has no copies.
	CopyOf int64
	// Story is the id of the article's story.
	Story int64
}

// OriginalChange says that the copy group whose original was From now
// has the original To (an earlier copy arrived, or two groups joined).
type OriginalChange struct{ From, To int64 }

// StoryMerge says that story From was merged into story Into: From's
// articles are Into's, and From redirects to Into.
type StoryMerge struct{ From, Into int64 }

// ConnectBatch is what the connect follower decided for a batch of
// changes, saved at once.
type ConnectBatch struct {
	// Connections are the articles connected for the first time, in the
	// order they were decided, or connected again (a new hash).
	Connections []Connection
	// Originals are the copy groups whose original changed, in order.
	Originals []OriginalChange
	// Merges are the stories merged, in order.
	Merges []StoryMerge
	// Gone are articles that no longer exist.
	Gone []int64
}

// ConnectedArticle is a connected article as the connect follower
// rebuilds its state from: Title, Text and Language are set only for
// the articles it asked texts for.
type ConnectedArticle struct {
	ID                int64
	Published, Stored time.Time
	Signature         []byte
	CopyOf, Story     int64
	Title, Text, Lang string
	Site              string
}

// ConnectInput is what the analysis found in an article that connects
// it to others: the entities it mentions (ids, once per mention) and
// the figures it states.
type ConnectInput struct {
	Entities []string
	Figures  []float64
}

// StoryArticle is an article as a story lists it.
type StoryArticle struct {
	ID        int64     `json:"id"`
	Title     string    `json:"title"`
	URL       string    `json:"url"`
	Site      string    `json:"site"`
	Language  string    `json:"language"`
	Published time.Time `json:"published"`
	// CopyOf is the id of the original whose copy the article is; null
	// for an original.
	CopyOf NullID `json:"copy_of"`
}

// Story is one specific news event as the store sums it up.
type Story struct {
	ID int64 `json:"id"`
	// Title is the story's representative headline: that of its first
	// report.
	Title string `json:"title"`
	// First is the first report: the earliest published article.
	First StoryArticle `json:"first_report"`
	// Updated is when its latest article was published.
	Updated time.Time `json:"updated"`
	// Articles counts its articles, Copies those that are copies of
	// another, Outlets the distinct sites.
	Articles  int      `json:"articles"`
	Copies    int      `json:"copies"`
	Outlets   int      `json:"outlets"`
	Languages []string `json:"languages"`
	// Entities are the entities most of its articles mention.
	Entities []EntityCount `json:"entities"`
}

// StoryDetail is a story with its articles (earliest first), the
// quotations and figures they carry.
type StoryDetail struct {
	Story
	ArticleList []StoryArticle `json:"article_list"`
	Quotes      []QuoteHit     `json:"quotes"`
	Figures     []StoryFigure  `json:"figures"`
}

// StoryFigure is a figure of one of a story's articles.
type StoryFigure struct {
	Figure
	ArticleID int64 `json:"article_id"`
}

// StoryFilter selects stories to list.
type StoryFilter struct {
	// IDs, if not nil, keeps these stories only (followed through
	// redirects).
	IDs []int64
	// Entity keeps the stories that an article of mentions this entity.
	Entity string
	// Language keeps the stories with an article in this language.
	Language string
	// From and To keep the stories updated within [From, To).
	From, To time.Time
	// MinArticles keeps the stories with at least this many articles.
	MinArticles int
	Limit       int    // default 20
	Cursor      string // opaque, from a previous StoryList.NextCursor
}

// StoryList is one page of stories, most recently updated first.
type StoryList struct {
	Total      int     `json:"total"`
	Stories    []Story `json:"stories"`
	NextCursor string  `json:"next_cursor,omitempty"`
}

// ConnectStore keeps the copy groups and stories of the stored
// articles, computed by one follower of the change log.
type ConnectStore interface {
	// ConnectPosition returns the change log seq the connections
	// follow.
	ConnectPosition(ctx context.Context) (int64, error)
	// SaveConnections saves what the connect follower decided for the
	// changes after seq after up to last, and sets its position to
	// last, in one transaction, unless the position is not after (another
	// follower moved it, or it was reset): then it saves nothing, since
	// the decisions rest on a state that is not the store's.
	// Story ids are followed through redirects. Every article whose copy
	// group or story changed is written to the change log again, for
	// the search index. It reports whether it saved the batch: false
	// means another follower has moved the position meanwhile.
	SaveConnections(ctx context.Context, after, last int64, b ConnectBatch) (bool, error)
	// ConnectedHashes returns, for the given articles that are
	// connected, the hash of the text the connection was made from.
	ConnectedHashes(ctx context.Context, ids []int64) (map[int64]string, error)
	// ConnectedArticles calls fn for every connected article in the
	// order they were connected; the articles published (or stored, if
	// that is unknown) at or after textsSince come with title, text and
	// language.
	ConnectedArticles(ctx context.Context, textsSince time.Time, fn func(*ConnectedArticle) error) error
	// LatestConnected returns the latest publication time (or stored
	// time, if unknown) of a connected article; zero for none.
	LatestConnected(ctx context.Context) (time.Time, error)
	// ConnectInputs returns the entities and figures stored by the
	// analysis for the given articles; articles without are left out.
	ConnectInputs(ctx context.Context, ids []int64) (map[int64]ConnectInput, error)

	// Stories lists the stories f selects, most recently updated first.
	Stories(ctx context.Context, f StoryFilter) (*StoryList, error)
	// Story returns a story with its articles, quotations and figures;
	// an id merged into another story gives that story. The error wraps
	// ErrNotFound when there is no such story.
	Story(ctx context.Context, id int64) (*StoryDetail, error)
	// MergeStories moves the articles of story from into story into;
	// from redirects to into from then on.
	MergeStories(ctx context.Context, from, into int64) error
	// SplitStory moves the given articles of a story into a new story,
	// whose id is the lowest of theirs, and returns it. It is an error
	// to move none, all, or the story's own first article (its id).
	SplitStory(ctx context.Context, story int64, articles []int64) (int64, error)
}
