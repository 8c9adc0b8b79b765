package notify

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"

	"newsdesk"
	"newsdesk/internal/safedial"
)

// The headers of a webhook POST.
const (
	// HeaderSignature carries "sha256=" and the hex HMAC-SHA256 of the
	// exact body, keyed with the alert's Secret.
	HeaderSignature = "X-Newsdesk-Signature"
	// HeaderDelivery carries the match's idempotency key
	// (newsdesk.AlertMatch.Key), the same for every attempt and every
	// redelivery.
	HeaderDelivery = "X-Newsdesk-Delivery"
)

// Defaults of Webhooks.
const (
	// DefaultBatch is how many due deliveries a pass reads at a time.
	DefaultBatch = 100
	// DefaultTimeout bounds one webhook request.
	DefaultTimeout = 15 * time.Second
	// DefaultPauseDelay is how long a due delivery of a paused alert is
	// put off before it is looked at again.
	DefaultPauseDelay = time.Minute
)

// maxErrorBody is how much of a refusing receiver's answer is kept as
// the delivery's LastError.
const maxErrorBody = 512

// Sign returns the value of the X-Newsdesk-Signature header for body:
// "sha256=" and the hex HMAC-SHA256 of body keyed with secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature (an X-Newsdesk-Signature header) is
// the signature of body with secret, in constant time. Receivers check
// each POST with it, or with the same computation in their language.
func Verify(secret string, body []byte, signature string) bool {
	return hmac.Equal([]byte(Sign(secret, body)), []byte(signature))
}

// Webhooks POSTs the due webhook deliveries of the alert store. Set the
// fields before the first call; a Webhooks is then safe for concurrent
// use, though one Run loop (or command) at a time is what it is made for.
//
// Each delivery is a POST of a Payload as JSON to the alert's Webhook URL,
// with the headers Content-Type: application/json, X-Newsdesk-Signature
// (see Sign) and X-Newsdesk-Delivery (the idempotency key). A 2xx answer
// delivers it; any other answer, a redirect included, or a network error
// is a failed attempt, tried again after a wait that doubles (see Retry)
// until the delivery is dead. A URL that CheckURL refuses kills the
// delivery at once. The due deliveries of a paused alert are left
// pending, put off by PauseDelay each time they come due; those of an
// alert that no longer has a webhook, or of an article no longer stored,
// are cancelled.
type Webhooks struct {
	Store    newsdesk.AlertStore
	Articles Articles
	// Client sends the requests. Nil means a client whose dialer also
	// refuses non-public addresses after DNS resolution (unless
	// AllowPrivate), with a DefaultTimeout timeout, that follows no
	// redirects. A Client given here is used as it is: only CheckURL
	// guards it.
	Client *http.Client
	// AllowPrivate lets webhooks reach loopback, private and link-local
	// addresses: for tests and for servers on a trusted network.
	AllowPrivate bool
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Retry is the retry policy; zero fields take the defaults.
	Retry Retry
	// Batch is how many due deliveries are read at a time (default
	// DefaultBatch); Workers how many are sent at once (default 4).
	Batch, Workers int
	// PauseDelay is how long a due delivery of a paused alert is put
	// off (default DefaultPauseDelay): it goes out at most that long
	// after the alert is resumed.
	PauseDelay time.Duration
	// UserAgent is sent with each request; "" means "newsdesk-webhook".
	UserAgent string
	// Error, if set, is told of the passes of Run that failed.
	Error func(error)

	once   sync.Once
	client *http.Client
	waker  waker
}

func (w *Webhooks) init() {
	w.once.Do(func() {
		w.client = w.Client
		if w.client == nil {
			c := safedial.NewClient(w.AllowPrivate, DefaultTimeout)
			c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			w.client = c
		}
	})
}

func (w *Webhooks) now() time.Time {
	if w.Now != nil {
		return w.Now()
	}
	return time.Now()
}

// Wake asks Run to deliver now, without waiting for the interval: call it
// after saving matches or redelivering. It never blocks.
func (w *Webhooks) Wake() { w.waker.wake() }

// Run delivers the due deliveries at once, then whenever woken (Wake) and
// at least every interval (a minute when 0), until ctx is done; it then
// returns ctx's error. A pass that fails is told to Error, and tried again
// after a growing wait.
func (w *Webhooks) Run(ctx context.Context, interval time.Duration) error {
	return w.waker.run(ctx, interval, w.DeliverDue, w.Error)
}

// DeliverDue sends every webhook delivery due now and returns how many
// were delivered. A delivery that fails is recorded in the store and
// does not stop the others; the error is for the pass as a whole: the
// store failed, or ctx was cancelled.
func (w *Webhooks) DeliverDue(ctx context.Context) (int, error) {
	w.init()
	batch := w.Batch
	if batch <= 0 {
		batch = DefaultBatch
	}
	workers := max(w.Workers, 1)
	if w.Workers <= 0 {
		workers = 4
	}
	alerts := &alertCache{store: w.Store}
	var mu sync.Mutex // guards alerts
	delivered := 0
	seen := map[int64]bool{}
	for {
		now := w.now()
		ds, err := w.Store.DueDeliveries(ctx, newsdesk.ChannelWebhook, now, batch)
		if err != nil {
			return delivered, fmt.Errorf("notify: due webhooks: %w", err)
		}
		var todo []newsdesk.Delivery
		for _, d := range ds {
			// A delivery seen before in this pass is due again only
			// when the store did not keep what was saved of it: stop
			// rather than send it twice.
			if !seen[d.ID] {
				seen[d.ID] = true
				todo = append(todo, d)
			}
		}
		if len(todo) == 0 {
			return delivered, nil
		}
		var (
			wg    sync.WaitGroup
			emu   sync.Mutex
			first error
			next  = make(chan *newsdesk.Delivery)
		)
		for range min(workers, len(todo)) {
			wg.Go(func() {
				for d := range next {
					ok, err := w.deliver(ctx, d, func(id int64) (*newsdesk.Alert, error) {
						mu.Lock()
						defer mu.Unlock()
						return alerts.get(ctx, id)
					})
					emu.Lock()
					if ok {
						delivered++
					}
					if err != nil && first == nil {
						first = err
					}
					emu.Unlock()
				}
			})
		}
	feed:
		for i := range todo {
			emu.Lock()
			stop := first != nil
			emu.Unlock()
			if stop || ctx.Err() != nil {
				break feed
			}
			next <- &todo[i]
		}
		close(next)
		wg.Wait()
		if first != nil {
			return delivered, first
		}
		if err := ctx.Err(); err != nil {
			return delivered, err
		}
		if len(ds) < batch {
			return delivered, nil
		}
	}
}

// deliver makes one attempt at d and records it; it reports whether d
// was delivered. The error is the store's.
func (w *Webhooks) deliver(ctx context.Context, d *newsdesk.Delivery, alert func(int64) (*newsdesk.Alert, error)) (bool, error) {
	a, err := alert(d.AlertID)
	switch {
	case errors.Is(err, errGone):
		return false, w.cancel(ctx, d, "the alert was removed")
	case err != nil:
		return false, err
	case a.Webhook == "":
		return false, w.cancel(ctx, d, "the alert has no webhook")
	case a.Paused:
		pause := w.PauseDelay
		if pause <= 0 {
			pause = DefaultPauseDelay
		}
		d.NextAttempt = w.now().Add(pause)
		return false, w.save(ctx, d)
	}
	id, err := articleID(d)
	if err != nil {
		d.Attempts++
		dead(d, w.now(), err.Error())
		return false, w.save(ctx, d)
	}
	art, story, err := lookup(ctx, w.Articles, id)
	if errors.Is(err, errGone) {
		return false, w.cancel(ctx, d, "the article is no longer stored")
	}
	if err != nil {
		return false, err
	}
	body, err := json.Marshal(Payload{Alert: AlertRef{ID: a.ID, Name: a.Name}, Article: art, Story: story})
	if err != nil {
		return false, fmt.Errorf("notify: delivery %d: %w", d.ID, err)
	}

	d.Attempts++
	if err := checkURL(ctx, a.Webhook, w.AllowPrivate); errors.Is(err, ErrBadURL) || errors.Is(err, ErrPrivateAddress) {
		dead(d, w.now(), err.Error())
		return false, w.save(ctx, d)
	} else if err != nil {
		w.Retry.failed(d, w.now(), 0, err.Error())
		return false, w.save(ctx, d)
	}
	status, err := w.post(ctx, a, d, body)
	if ctx.Err() != nil {
		// Cancelled mid-request: not the receiver's failure.
		return false, ctx.Err()
	}
	now := w.now()
	switch {
	case errors.Is(err, ErrPrivateAddress):
		dead(d, now, err.Error())
	case err != nil:
		w.Retry.failed(d, now, status, err.Error())
	default:
		d.State = newsdesk.DeliveryDone
		d.LastStatus = status
		d.LastError = ""
		d.Delivered = now
	}
	return err == nil, w.save(ctx, d)
}

// post sends body to a's webhook and returns the answer's status; the
// error tells why it was not a 2xx.
func (w *Webhooks) post(ctx context.Context, a *newsdesk.Alert, d *newsdesk.Delivery, body []byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.Webhook, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	ua := w.UserAgent
	if ua == "" {
		ua = "newsdesk-webhook"
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", ua)
	req.Header.Set(HeaderSignature, Sign(a.Secret, body))
	req.Header.Set(HeaderDelivery, d.Key)
	resp, err := w.client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	msg, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // let the connection be reused
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return resp.StatusCode, nil
	}
	text := strings.TrimSpace(strings.ToValidUTF8(string(msg), "?"))
	if text == "" {
		return resp.StatusCode, fmt.Errorf("webhook answered %s", resp.Status)
	}
	return resp.StatusCode, fmt.Errorf("webhook answered %s: %s", resp.Status, text)
}

func (w *Webhooks) cancel(ctx context.Context, d *newsdesk.Delivery, why string) error {
	d.State = newsdesk.DeliveryCancelled
	d.LastError = why
	return w.save(ctx, d)
}

// save records d; a delivery removed meanwhile (its alert was) is
// nothing to record.
func (w *Webhooks) save(ctx context.Context, d *newsdesk.Delivery) error {
	if err := w.Store.SaveDelivery(ctx, d); err != nil && !errors.Is(err, newsdesk.ErrNotFound) {
		return fmt.Errorf("notify: delivery %d: %w", d.ID, err)
	}
	return nil
}
