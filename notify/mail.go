package notify

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	"unicode"

	"newsdesk"
)

// Defaults of Mailer.
const (
	// DefaultMailBatch is how many due email deliveries a pass reads
	// at a time: the deliveries of one alert read together go out in
	// one mail.
	DefaultMailBatch = 1000
	// DefaultMaxItems is how many articles a digest lists; it tells
	// how many more there were and links to the alert.
	DefaultMaxItems = 50
)

var (
	//go:embed templates/digest.txt
	digestText string
	//go:embed templates/digest.html
	digestHTML string

	textTmpl = texttemplate.Must(texttemplate.New("digest.txt").Parse(digestText))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("digest.html").Parse(digestHTML))
)

// Mailer sends the due email deliveries of the alert store as digests:
// one mail per alert and pass, listing the articles its due deliveries
// are for, as plain text and HTML, with the subject "newsdesk: N new
// articles for <alert name>", an unsubscribe link (UnsubscribeURL) and
// List-Unsubscribe headers (RFC 2369, RFC 8058).
//
// When a delivery is due depends on its alert's Digest. The store sets a
// new delivery's NextAttempt to the time of its match. For "hourly" and
// "daily" the delivery waits until the end of the hour or day (in
// Location) that holds its NextAttempt — the period (start, end], so a
// match at the stroke of the hour goes out at once — and a pass that
// finds it early puts its NextAttempt off to that end, so that it is not
// read again before. For any other Digest ("" included) a delivery goes
// out as soon as it is due. A delivery that was tried before (Attempts,
// LastStatus or LastError set: retried, or made pending again by
// AlertStore.Redeliver) goes out at its NextAttempt, without waiting for
// a period again.
//
// A mail the server accepts delivers its deliveries; one it refuses for
// the address (a 5xx answer to RCPT) kills them; any other failure is a
// failed attempt, retried as Retry says. The deliveries of paused
// alerts wait (put off by PauseDelay each time they come due), and those
// of alerts without an email address, or of articles no longer stored,
// are cancelled.
type Mailer struct {
	Store    newsdesk.AlertStore
	Articles Articles
	// SMTPURL is the server: smtp://[user:password@]host[:port] (port 25
	// without a user, 587 with one) speaks STARTTLS when the server
	// offers it, smtps://…[:465] TLS from the start. A user and password
	// are sent (AUTH PLAIN) only over TLS.
	SMTPURL string
	// From is the sender's address ("newsdesk <alerts@example.org>").
	From string
	// Location is the time zone of the digest periods and of the times
	// in the mails; nil means time.Local.
	Location *time.Location
	// BaseURL is the web UI's address, for the links to alerts and to
	// unsubscribe ("https://news.example.org").
	BaseURL string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// Retry is the retry policy; zero fields take the defaults.
	Retry Retry
	// TLSConfig, if set, is used (with ServerName set to the host when
	// empty) for STARTTLS and smtps: tests trust their own certificate
	// with it.
	TLSConfig *tls.Config
	// AllowInsecureForTest sends the user and password even when the
	// server offers no TLS. Only for tests.
	AllowInsecureForTest bool
	// Hostname is the name the mailer gives in EHLO and in Message-IDs;
	// "" means "localhost".
	Hostname string
	// Batch is how many due deliveries are read at a time (default
	// DefaultMailBatch); MaxItems how many articles a mail lists
	// (default DefaultMaxItems).
	Batch, MaxItems int
	// PauseDelay is how long a due delivery of a paused alert is put
	// off (default DefaultPauseDelay).
	PauseDelay time.Duration
	// Error, if set, is told of the passes of Run that failed.
	Error func(error)

	waker waker
	mu    sync.Mutex // one pass at a time
}

func (m *Mailer) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

func (m *Mailer) loc() *time.Location {
	if m.Location != nil {
		return m.Location
	}
	return time.Local
}

// Wake asks Run to deliver now, without waiting for the interval. It
// never blocks.
func (m *Mailer) Wake() { m.waker.wake() }

// Run delivers the due deliveries at once, then whenever woken (Wake) and
// at least every interval (a minute when 0), until ctx is done; it then
// returns ctx's error. A pass that fails is told to Error, and tried again
// after a growing wait.
func (m *Mailer) Run(ctx context.Context, interval time.Duration) error {
	return m.waker.run(ctx, interval, m.DeliverDue, m.Error)
}

// PeriodEnd returns the end of the digest period that holds t: for
// "hourly" the first full hour at or after t, for "daily" the first
// midnight at or after t, both in loc; for any other digest t itself.
func PeriodEnd(digest string, t time.Time, loc *time.Location) time.Time {
	lt := t.In(loc)
	switch digest {
	case newsdesk.DigestHourly:
		// Hours begin at whole hours of the local offset in effect,
		// which may be a half or quarter hour off UTC.
		_, off := lt.Zone()
		shift := time.Duration(off) * time.Second
		start := lt.Add(shift).Truncate(time.Hour).Add(-shift)
		if start.Equal(t) {
			return t
		}
		return start.Add(time.Hour)
	case newsdesk.DigestDaily:
		y, mo, d := lt.Date()
		if start := time.Date(y, mo, d, 0, 0, 0, 0, loc); start.Equal(t) {
			return t
		}
		return time.Date(y, mo, d+1, 0, 0, 0, 0, loc)
	}
	return t
}

// digest is the due deliveries of one alert, with their articles.
type digest struct {
	alert *newsdesk.Alert
	ds    []*newsdesk.Delivery
	items []FeedItem
}

// DeliverDue sends the digests that are due and returns how many
// deliveries they delivered. A failed mail is recorded in its deliveries
// and does not stop the others; the error is for the pass as a whole:
// the store failed, the Mailer is not configured, or ctx was cancelled.
func (m *Mailer) DeliverDue(ctx context.Context) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, err := m.server(); err != nil {
		return 0, err
	}
	if _, err := mail.ParseAddress(m.From); err != nil {
		return 0, fmt.Errorf("notify: mail from %q: %w", m.From, err)
	}
	batch := m.Batch
	if batch <= 0 {
		batch = DefaultMailBatch
	}
	alerts := &alertCache{store: m.Store}
	seen := map[int64]bool{}
	delivered := 0
	for {
		now := m.now()
		ds, err := m.Store.DueDeliveries(ctx, newsdesk.ChannelEmail, now, batch)
		if err != nil {
			return delivered, fmt.Errorf("notify: due mails: %w", err)
		}
		var digests []*digest
		byAlert := map[int64]*digest{}
		unseen := 0
		for i := range ds {
			d := &ds[i]
			if seen[d.ID] {
				continue
			}
			seen[d.ID] = true
			unseen++
			ready, err := m.triage(ctx, alerts, d, now)
			if err != nil {
				return delivered, err
			}
			if !ready {
				continue
			}
			g := byAlert[d.AlertID]
			if g == nil {
				a, _ := alerts.get(ctx, d.AlertID) // read by triage
				g = &digest{alert: a}
				byAlert[d.AlertID] = g
				digests = append(digests, g)
			}
			g.ds = append(g.ds, d)
		}
		if unseen == 0 {
			return delivered, nil
		}
		for _, g := range digests {
			n, err := m.send(ctx, g)
			delivered += n
			if err != nil {
				return delivered, err
			}
		}
		if len(ds) < batch {
			return delivered, nil
		}
	}
}

// triage decides what to do with a due delivery: it reports whether it
// is ready to be sent, or records why not (cancelled, paused, early).
func (m *Mailer) triage(ctx context.Context, alerts *alertCache, d *newsdesk.Delivery, now time.Time) (bool, error) {
	a, err := alerts.get(ctx, d.AlertID)
	switch {
	case errors.Is(err, errGone):
		return false, m.cancel(ctx, d, "the alert was removed")
	case err != nil:
		return false, err
	case a.Email == "":
		return false, m.cancel(ctx, d, "the alert has no email address")
	case a.Paused:
		pause := m.PauseDelay
		if pause <= 0 {
			pause = DefaultPauseDelay
		}
		d.NextAttempt = now.Add(pause)
		return false, m.save(ctx, d)
	}
	if fresh(d) {
		if end := PeriodEnd(a.Digest, d.NextAttempt, m.loc()); end.After(now) {
			d.NextAttempt = end
			return false, m.save(ctx, d)
		}
	}
	return true, nil
}

// fresh reports whether d was never tried: not attempted, and not made
// pending again by AlertStore.Redeliver (which keeps its LastError).
func fresh(d *newsdesk.Delivery) bool {
	return d.Attempts == 0 && d.LastError == "" && d.LastStatus == 0
}

// send mails the digest of g and records the outcome in its deliveries;
// it returns how many it delivered. The error is the store's.
func (m *Mailer) send(ctx context.Context, g *digest) (int, error) {
	var ds []*newsdesk.Delivery
	for _, d := range g.ds {
		id, err := articleID(d)
		if err != nil {
			d.Attempts++
			dead(d, m.now(), err.Error())
			if err := m.save(ctx, d); err != nil {
				return 0, err
			}
			continue
		}
		art, story, err := lookup(ctx, m.Articles, id)
		if errors.Is(err, errGone) {
			if err := m.cancel(ctx, d, "the article is no longer stored"); err != nil {
				return 0, err
			}
			continue
		}
		if err != nil {
			return 0, err
		}
		ds = append(ds, d)
		g.items = append(g.items, FeedItem{
			Match:   newsdesk.AlertMatch{AlertID: d.AlertID, ArticleID: id, Matched: d.NextAttempt},
			Article: art,
			Story:   story,
		})
	}
	if len(ds) == 0 {
		return 0, nil
	}
	msg, err := m.compose(g.alert, g.items)
	var status int
	if err == nil {
		status, err = m.deliver(ctx, g.alert.Email, msg)
	}
	if ctx.Err() != nil {
		return 0, ctx.Err()
	}
	now := m.now()
	for _, d := range ds {
		d.Attempts++
		switch {
		case err == nil:
			d.State = newsdesk.DeliveryDone
			d.LastStatus = status
			d.LastError = ""
			d.Delivered = now
		case errors.Is(err, errRefused) || errors.Is(err, errAddress):
			dead(d, now, err.Error())
			d.LastStatus = status
		default:
			m.Retry.failed(d, now, status, err.Error())
		}
		if err := m.save(ctx, d); err != nil {
			return 0, err
		}
	}
	if err != nil {
		return 0, nil
	}
	return len(ds), nil
}

func (m *Mailer) cancel(ctx context.Context, d *newsdesk.Delivery, why string) error {
	d.State = newsdesk.DeliveryCancelled
	d.LastError = why
	return m.save(ctx, d)
}

func (m *Mailer) save(ctx context.Context, d *newsdesk.Delivery) error {
	if err := m.Store.SaveDelivery(ctx, d); err != nil && !errors.Is(err, newsdesk.ErrNotFound) {
		return fmt.Errorf("notify: delivery %d: %w", d.ID, err)
	}
	return nil
}

// errAddress is wrapped by the error of a digest whose alert's address
// cannot be used; its deliveries are dead.
var errAddress = errors.New("bad email address")

// mailItem is an article as the digest templates show it.
type mailItem struct {
	Title, URL, Line, Summary string
}

// mailData is what the digest templates are given.
type mailData struct {
	Subject, Heading         string
	Name, Query, Email       string
	AlertURL, UnsubscribeURL string
	Items                    []mailItem
	More                     int
}

// Subject returns the subject of a digest of n articles for an alert.
func Subject(a *newsdesk.Alert, n int) string {
	return "newsdesk: " + plural(n, "new article", "new articles") + " for " + headerText(a.Name, 200)
}

// headerText returns s fit for a header: control characters (line
// breaks above all) as spaces, runs of space as one, at most max runes.
func headerText(s string, max int) string {
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max-1]) + "…"
	}
	return s
}

// compose returns the digest mail of items for a, with CRLF line ends.
func (m *Mailer) compose(a *newsdesk.Alert, items []FeedItem) ([]byte, error) {
	to, err := mail.ParseAddress(a.Email)
	if err != nil {
		return nil, fmt.Errorf("notify: alert %d: %q: %w", a.ID, a.Email, errAddress)
	}
	from, err := mail.ParseAddress(m.From)
	if err != nil {
		return nil, fmt.Errorf("notify: mail from %q: %w", m.From, err)
	}
	// Newest first; the same order every time.
	slices.SortStableFunc(items, func(x, y FeedItem) int {
		return published(y).Compare(published(x))
	})
	loc := m.loc()
	maxItems := m.MaxItems
	if maxItems <= 0 {
		maxItems = DefaultMaxItems
	}
	data := mailData{
		Subject:        Subject(a, len(items)),
		Name:           headerText(a.Name, 200),
		Query:          a.Query,
		Email:          to.Address,
		AlertURL:       AlertURL(m.BaseURL, a),
		UnsubscribeURL: UnsubscribeURL(m.BaseURL, a),
	}
	data.Heading = plural(len(items), "new article", "new articles") + " for “" + data.Name + "”"
	for i, it := range items {
		if i == maxItems {
			data.More = len(items) - maxItems
			break
		}
		var line []string
		if it.Article.SiteName != "" {
			line = append(line, it.Article.SiteName)
		}
		if it.Article.Published != nil {
			line = append(line, it.Article.Published.In(loc).Format("2 Jan 2006 15:04 MST"))
		}
		if it.Story != nil && it.Story.Articles > 1 {
			line = append(line, storyLine(it.Story))
		}
		data.Items = append(data.Items, mailItem{
			Title:   it.title(),
			URL:     it.Article.URL,
			Line:    strings.Join(line, " · "),
			Summary: strings.TrimSpace(it.Article.Summary),
		})
	}

	var b bytes.Buffer
	h := textproto.MIMEHeader{}
	h.Set("From", from.String())
	h.Set("To", to.String())
	h.Set("Subject", mime.QEncoding.Encode("utf-8", data.Subject))
	h.Set("Date", m.now().In(loc).Format(time.RFC1123Z))
	h.Set("Message-ID", "<"+m.messageID(a)+">")
	h.Set("MIME-Version", "1.0")
	h.Set("Auto-Submitted", "auto-generated")
	h.Set("List-Id", "<alert-"+strconv.FormatInt(a.ID, 10)+".newsdesk>")
	h.Set("List-Unsubscribe", "<"+data.UnsubscribeURL+">")
	h.Set("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
	mw := multipart.NewWriter(&b)
	h.Set("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	for _, k := range []string{"From", "To", "Subject", "Date", "Message-ID", "MIME-Version", "Auto-Submitted", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post", "Content-Type"} {
		fmt.Fprintf(&b, "%s: %s\r\n", k, h.Get(k))
	}
	b.WriteString("\r\n")
	var text, html bytes.Buffer
	if err := textTmpl.Execute(&text, data); err != nil {
		return nil, fmt.Errorf("notify: digest text: %w", err)
	}
	if err := htmlTmpl.Execute(&html, data); err != nil {
		return nil, fmt.Errorf("notify: digest html: %w", err)
	}
	for _, part := range []struct {
		typ  string
		body []byte
	}{{"text/plain; charset=utf-8", text.Bytes()}, {"text/html; charset=utf-8", html.Bytes()}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{
			"Content-Type":              {part.typ},
			"Content-Transfer-Encoding": {"quoted-printable"},
		})
		if err != nil {
			return nil, err
		}
		qw := quotedprintable.NewWriter(pw)
		// Line ends as CRLF, which quoted-printable keeps as line
		// breaks.
		body := bytes.ReplaceAll(bytes.ReplaceAll(part.body, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n"))
		if _, err := qw.Write(body); err != nil {
			return nil, err
		}
		if err := qw.Close(); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func published(it FeedItem) time.Time {
	if it.Article.Published != nil {
		return *it.Article.Published
	}
	return it.Match.Matched
}

func (m *Mailer) hostname() string {
	if m.Hostname != "" {
		return m.Hostname
	}
	return "localhost"
}

// messageID returns a new Message-ID (without its angle brackets).
func (m *Mailer) messageID(a *newsdesk.Alert) string {
	var r [8]byte
	rand.Read(r[:])
	return fmt.Sprintf("newsdesk-%d-%d-%s@%s", a.ID, m.now().Unix(), hex.EncodeToString(r[:]), m.hostname())
}
