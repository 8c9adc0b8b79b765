package newsdesk

import (
	"context"
	"errors"
	"time"
)

// SourceKind says how a Source is read.
type SourceKind string

// The kinds of sources newsdesk gathers from.
const (
	KindFeed         SourceKind = "feed"          // RSS, Atom or JSON Feed
	KindSitemap      SourceKind = "sitemap"       // urlset, also Google News sitemaps
	KindSitemapIndex SourceKind = "sitemap-index" // index of sitemaps
	KindPage         SourceKind = "page"          // a single article URL
	KindURLList      SourceKind = "url-list"      // a text file of URLs, one per line
	KindFile         SourceKind = "file"          // a local HTML file or directory
	KindWARC         SourceKind = "warc"          // a WARC or WARC.gz archive
)

// Source is one place newsdesk gathers articles from, with its own
// schedule and the state of its last fetch.
type Source struct {
	ID    int64      `json:"id"`
	Kind  SourceKind `json:"kind"`
	URL   string     `json:"url"` // URL, or path for local kinds
	Title string     `json:"title"`

	// Interval is the current polling interval, adapted to how often the
	// source publishes; zero means the configured default.
	Interval time.Duration `json:"interval"`

	// State of the last fetch, kept for conditional GET and for users.
	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastFetch    time.Time `json:"last_fetch"`
	LastStatus   int       `json:"last_status"`
	LastError    string    `json:"last_error,omitempty"`
	NextFetch    time.Time `json:"next_fetch"`
	Created      time.Time `json:"created"`
}

// Fetch is one entry of the fetch log.
type Fetch struct {
	SourceID int64         `json:"source_id,omitempty"`
	URL      string        `json:"url"`
	Time     time.Time     `json:"time"`
	Status   int           `json:"status"`
	Bytes    int64         `json:"bytes"`
	Duration time.Duration `json:"duration"`
	Error    string        `json:"error,omitempty"`
}

// Page is a fetched or archived web page, kept raw so that every article
// can be extracted again when the extractor improves.
type Page struct {
	ID          int64     `json:"id"`
	SourceID    int64     `json:"source_id,omitempty"`
	URL         string    `json:"url"`
	ContentType string    `json:"content_type"`
	Fetched     time.Time `json:"fetched"`
	Body        []byte    `json:"-"`
	// WARC, when set, is the gzip member of a WARC file that holds the
	// page as an HTTP response record whose payload is Body. A store may
	// keep it rather than compress Body again.
	WARC []byte `json:"-"`
}

// StoredArticle is an Article as the store holds it.
type StoredArticle struct {
	Article
	ID        int64     `json:"id"`
	PageID    int64     `json:"page_id"`
	SourceID  int64     `json:"source_id,omitempty"`
	Hash      string    `json:"hash"` // content hash of the body text
	Stored    time.Time `json:"stored"`
	Updated   time.Time `json:"updated"`
	Revisions int       `json:"revisions"`
	// CopyOf is the id of the original of the article's copy group, 0
	// when it is the original or has no copies (see Connection).
	CopyOf NullID `json:"copy_of"`
	// Story is the id of the article's story; 0 until it is connected.
	Story NullID `json:"story"`
}

// SaveOutcome says what storing an article did.
type SaveOutcome string

// The outcomes of Store.SaveArticle.
const (
	Created   SaveOutcome = "new"
	Revised   SaveOutcome = "updated"   // same article, changed text
	Duplicate SaveOutcome = "duplicate" // already stored as it is
)

// ArticleFilter selects stored articles.
type ArticleFilter struct {
	SourceID int64
	Since    time.Time // published (or stored, if unknown) at or after
	Limit    int       // 0: no limit
	AfterID  int64     // for paging: only IDs greater than this
}

// Store keeps sources, the fetch log, raw pages and articles. The embedded
// default is SQLite; other engines implement the same interface.
type Store interface {
	AddSource(ctx context.Context, s *Source) error // sets ID; ErrExists if the URL is known
	UpdateSource(ctx context.Context, s *Source) error
	RemoveSource(ctx context.Context, id int64) error
	Source(ctx context.Context, id int64) (*Source, error)
	Sources(ctx context.Context) ([]Source, error)

	LogFetch(ctx context.Context, f Fetch) error
	// SeenURL reports whether a page for url (normalised) is stored.
	SeenURL(ctx context.Context, url string) (bool, error)

	// SaveArticle stores a page and the article read from it in one
	// transaction. An article already stored under the same canonical URL,
	// normalised URL, or content hash on the same outlet (registrable
	// domain) is updated (if changed) or reported as a duplicate, never
	// stored twice; the same text on another outlet is a new article.
	// The page at an article's canonical URL gives it its URL whichever
	// of its pages came first: a duplicate found there is stored as the
	// article's page.
	SaveArticle(ctx context.Context, p *Page, a *Article) (id int64, out SaveOutcome, err error)
	// SavePage stores a page no article could be read from, so that it is
	// not fetched again on every pass and is read again by reprocessing.
	// It replaces a stored page of the same normalised URL that has no
	// article either, and leaves one that has an article alone.
	SavePage(ctx context.Context, p *Page) error
	// Reextract replaces the article of a stored page, for reprocessing.
	Reextract(ctx context.Context, pageID int64, a *Article) error

	Article(ctx context.Context, id int64) (*StoredArticle, error)
	Articles(ctx context.Context, f ArticleFilter) ([]StoredArticle, error)
	// Pages calls fn for every stored page, in ID order.
	Pages(ctx context.Context, fn func(*Page) error) error
	Count(ctx context.Context) (articles, pages, sources int64, err error)

	// ChangeLog records every article write in the same transaction,
	// for the derived tables that follow the store.
	ChangeLog
	// AnalysisStore keeps the entities and mentions of the articles.
	AnalysisStore
	// ConnectStore keeps the copy groups and stories of the articles.
	ConnectStore
	// AlertStore keeps the alerts, their matches and deliveries.
	AlertStore
	// OutletStore keeps the outlets of the articles.
	OutletStore
	// SiteStore keeps the templates learnt from each site's pages.
	SiteStore

	Close() error
}

// Errors of the Store.
var (
	ErrNotFound = errors.New("not found")
	ErrExists   = errors.New("already exists")
	// ErrReadOnly is returned by a write to a store or index opened for
	// reading only, or kept on a read-only file system.
	ErrReadOnly = errors.New("read-only")
	// ErrFull is returned by a write that found no space left on the
	// store's disk.
	ErrFull = errors.New("no space left on the store's disk")
	// ErrStorage is returned by a write that failed for a reason below
	// the store: an I/O error, a damaged or missing database file.
	ErrStorage = errors.New("the store's storage failed")
	// ErrUnavailable is returned by a call that could not reach the
	// store's server (a database server down, restarting or out of
	// reach): the call may succeed once it is back.
	ErrUnavailable = errors.New("the store's server is unavailable")
	// ErrBadCursor is returned by a listing given a cursor it did not
	// make.
	ErrBadCursor = errors.New("bad cursor")
)

// StorageFailed reports whether err is a failure of the store as a
// whole (ErrFull, ErrReadOnly, ErrStorage or ErrUnavailable) rather than
// of one item: no later write can be expected to succeed for now, so a
// batch should stop.
func StorageFailed(err error) bool {
	return errors.Is(err, ErrFull) || errors.Is(err, ErrReadOnly) || errors.Is(err, ErrStorage) || errors.Is(err, ErrUnavailable)
}
