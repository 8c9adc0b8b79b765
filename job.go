package newsdesk

import "time"

// JobKind says what a job asks a worker to do.
type JobKind string

// The kinds of job a coordinator hands to workers.
const (
	// JobPoll reads a source (a feed, a sitemap, a URL list) and hands
	// its pages on as jobs.
	JobPoll JobKind = "poll"
	// JobFetch fetches a page, reads its article and stores it.
	JobFetch JobKind = "fetch"
	// JobRecord reads a page that travels with the job (a WARC record,
	// a local file) and stores its article.
	JobRecord JobKind = "record"
)

// Job is one unit of work for the workers of a cluster. Stores are
// idempotent, so a job done twice (redelivered after a worker died
// before saying it was done) stores nothing twice.
type Job struct {
	// ID names the job; two jobs with one ID are one job (a queue drops
	// the second within its deduplication window).
	ID       string  `json:"id"`
	Kind     JobKind `json:"kind"`
	SourceID int64   `json:"source_id,omitempty"`
	URL      string  `json:"url,omitempty"`
	// Host is the host whose politeness rules the job is under.
	Host        string    `json:"host,omitempty"`
	Date        time.Time `json:"date,omitzero"`
	ContentType string    `json:"content_type,omitempty"`
	// Truncated says Body is the start of a longer page.
	Truncated bool `json:"truncated,omitempty"`
	// Body is a page that travels with the job.
	Body []byte `json:"-"`
}
