package newsdesk

import (
	"context"
	"strconv"
	"time"
)

// Alert is a saved search that tells its owner when something new
// matches it.
type Alert struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// Query is in the search syntax (words, "phrases", OR, NOT, fields
	// such as lang:, source:, entity:, speaker:, agency:, story:); an
	// article matches an alert when the same search would find it.
	Query string `json:"query"`
	// Stories delivers only the first matching article of each story
	// (a new story), MinOutlets only stories once their articles come
	// from at least that many outlets (once per story).
	Stories    bool `json:"stories"`
	MinOutlets int  `json:"min_outlets"`
	// Collapse delivers a copy group once: a copy of an article already
	// delivered is not.
	Collapse bool `json:"collapse"`
	// Period, if set, delivers at most one notice per story per period.
	Period time.Duration `json:"period"`
	// Webhook is the URL new matches are POSTed to, signed with Secret;
	// "" for none.
	Webhook string `json:"webhook,omitempty"`
	Secret  string `json:"secret,omitempty"`
	// Email receives digests of the matches, hourly or daily (Digest);
	// "" for none.
	Email  string `json:"email,omitempty"`
	Digest string `json:"digest,omitempty"`
	// Token is the secret of the alert's feed URLs.
	Token   string    `json:"token,omitempty"`
	Paused  bool      `json:"paused"`
	Created time.Time `json:"created"`
	Updated time.Time `json:"updated"`
}

// The digest periods of Alert.Digest.
const (
	DigestHourly = "hourly"
	DigestDaily  = "daily"
)

// AlertMatch is an article an alert matched: a row of the outbox.
type AlertMatch struct {
	ID        int64 `json:"id"`
	AlertID   int64 `json:"alert_id"`
	ArticleID int64 `json:"article_id"`
	// Story and CopyOf are the article's connections when it matched
	// (see Connection).
	Story   NullID    `json:"story"`
	CopyOf  NullID    `json:"copy_of"`
	Matched time.Time `json:"matched"`
	Read    bool      `json:"read"`
}

// Key is the match's idempotency key, the same for every delivery of
// it: receivers drop repeats by it.
func (m AlertMatch) Key() string {
	return "newsdesk-" + strconv.FormatInt(m.AlertID, 10) + "-" + strconv.FormatInt(m.ArticleID, 10)
}

// DeliveryState is where a delivery stands.
type DeliveryState string

// The states of a delivery.
const (
	DeliveryPending   DeliveryState = "pending"   // not tried yet, or to be retried at NextAttempt
	DeliveryDone      DeliveryState = "delivered" // accepted by the receiver
	DeliveryDead      DeliveryState = "dead"      // given up after the retries; redeliver by hand
	DeliveryCancelled DeliveryState = "cancelled" // the alert's channel was removed
)

// Delivery is one match to be sent by one channel: a webhook POST, or a
// place in an email digest.
type Delivery struct {
	ID      int64  `json:"id"`
	MatchID int64  `json:"match_id"`
	AlertID int64  `json:"alert_id"`
	Channel string `json:"channel"` // "webhook" or "email"
	// Key is the idempotency key sent with it (AlertMatch.Key).
	Key         string        `json:"key"`
	State       DeliveryState `json:"state"`
	Attempts    int           `json:"attempts"`
	NextAttempt time.Time     `json:"next_attempt"`
	LastStatus  int           `json:"last_status,omitempty"`
	LastError   string        `json:"last_error,omitempty"`
	Delivered   time.Time     `json:"delivered"`
}

// The channels of deliveries.
const (
	ChannelWebhook = "webhook"
	ChannelEmail   = "email"
)

// MatchFilter selects an alert's matches to list.
type MatchFilter struct {
	AlertID int64 // 0: every alert's
	Unread  bool
	Limit   int    // default 20
	Cursor  string // opaque, from a previous MatchList.NextCursor
}

// MatchList is one page of matches, newest first.
type MatchList struct {
	Total      int          `json:"total"`
	Matches    []AlertMatch `json:"matches"`
	NextCursor string       `json:"next_cursor,omitempty"`
}

// DeliveryFilter selects deliveries to list.
type DeliveryFilter struct {
	AlertID int64
	State   DeliveryState // "" any
	Limit   int
	Cursor  string
}

// DeliveryList is one page of deliveries, newest first.
type DeliveryList struct {
	Total      int        `json:"total"`
	Deliveries []Delivery `json:"deliveries"`
	NextCursor string     `json:"next_cursor,omitempty"`
}

// AlertStore keeps the alerts, the outbox of their matches and the
// deliveries of the matches.
type AlertStore interface {
	// AddAlert stores a new alert and sets its ID, Token (if empty) and
	// times.
	AddAlert(ctx context.Context, a *Alert) error
	// UpdateAlert replaces an alert's settings; deliveries pending for a
	// channel it no longer has are cancelled.
	UpdateAlert(ctx context.Context, a *Alert) error
	// RemoveAlert removes an alert with its matches and deliveries.
	RemoveAlert(ctx context.Context, id int64) error
	// Alert returns an alert, or an error wrapping ErrNotFound.
	Alert(ctx context.Context, id int64) (*Alert, error)
	// Alerts returns every alert in ID order.
	Alerts(ctx context.Context) ([]Alert, error)

	// AlertPosition returns the change log seq the matches follow.
	AlertPosition(ctx context.Context) (int64, error)
	// SaveMatches records the articles of the changes after seq after
	// up to last as matched against the alerts (so that a revision does
	// not fire again), adds the matches found in them that the alerts'
	// options let through (Stories, MinOutlets, Collapse, Period, judged
	// against the matches before, in the same transaction) with a
	// pending delivery, due at once, for each channel of their alerts,
	// and sets the position to last — all in one transaction, unless the
	// position is not after (another follower moved it, or it was
	// reset); it reports whether it saved. An (alert, article) pair is matched once; a match's
	// Story and the article's copy group are read from the store.
	SaveMatches(ctx context.Context, after, last int64, articles []int64, ms []AlertMatch) (bool, error)
	// AlertSeen returns which of the given articles were matched
	// against the alerts already.
	AlertSeen(ctx context.Context, ids []int64) (map[int64]bool, error)
	// Matches lists matches, newest first.
	Matches(ctx context.Context, f MatchFilter) (*MatchList, error)
	// MarkRead marks the given matches of an alert read (all of them
	// when ids is empty).
	MarkRead(ctx context.Context, alertID int64, ids []int64) error

	// DueDeliveries returns up to limit pending deliveries whose next
	// attempt is at or before now, oldest first.
	DueDeliveries(ctx context.Context, channel string, now time.Time, limit int) ([]Delivery, error)
	// SaveDelivery records an attempt: its state, attempts, next
	// attempt, status and error.
	SaveDelivery(ctx context.Context, d *Delivery) error
	// Deliveries lists deliveries, newest first.
	Deliveries(ctx context.Context, f DeliveryFilter) (*DeliveryList, error)
	// Redeliver makes the dead deliveries of an alert (or the one with
	// id deliveryID, when not 0) pending again, due now, and returns how
	// many.
	Redeliver(ctx context.Context, alertID, deliveryID int64) (int, error)
}
