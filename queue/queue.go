// Package queue hands newsdesk's work to any number of workers through
// NATS JetStream: a coordinator publishes jobs (a source to poll, a page
// to fetch, a page to read), workers on any machine take them, do them
// and say so. A job a worker does not finish (it failed, or the worker
// died) is delivered again, up to a limit; then it is a dead letter, kept
// apart with the reason for a person to look at. Pages too large for a
// message travel through JetStream's object store.
//
// The stream keeps each job until a worker acknowledges it (work-queue
// retention), on disk, so a restarted server loses none; publishing one
// job ID twice within the deduplication window stores it once.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"newsdesk"
)

// Names of what the queue keeps on the server.
const (
	JobsStream  = "NEWSDESK_JOBS"
	DeadStream  = "NEWSDESK_DEAD"
	Consumer    = "workers"
	PagesBucket = "newsdesk-pages"
	HostsBucket = "newsdesk-hosts"

	jobsSubject = "newsdesk.jobs"
	deadSubject = "newsdesk.dead"

	headerJob    = "Newsdesk-Job"
	headerObject = "Newsdesk-Body-Object"
	headerError  = "Newsdesk-Error"
	headerTries  = "Newsdesk-Deliveries"
)

// Config sets up a Queue. The zero value of each field but URL means its
// default.
type Config struct {
	// URL is the NATS server's, e.g. nats://user:pass@host:4222 (several
	// separated by commas); credentials and TLS come with it.
	URL string
	// MaxDeliver is how many times a job is delivered before it is a
	// dead letter (default 5).
	MaxDeliver int
	// AckWait is how long a worker may hold a job without a word before
	// it is delivered to another (default 30 s); a worker still at it
	// says so every third of it.
	AckWait time.Duration
	// MaxInline is the largest page that travels in the message itself
	// (default 768 KiB, under the server's default 1 MB); larger ones go
	// through the object store.
	MaxInline int
	// Duplicates is the window within which a job ID published again is
	// dropped (default 10 minutes).
	Duplicates time.Duration
}

func (c Config) withDefaults() Config {
	if c.MaxDeliver <= 0 {
		c.MaxDeliver = 5
	}
	if c.AckWait <= 0 {
		c.AckWait = 30 * time.Second
	}
	if c.MaxInline <= 0 {
		c.MaxInline = 768 << 10
	}
	if c.Duplicates <= 0 {
		c.Duplicates = 10 * time.Minute
	}
	return c
}

// Queue is a connection to the job queue, safe for concurrent use.
type Queue struct {
	cfg   Config
	nc    *nats.Conn
	js    jetstream.JetStream
	jobs  jetstream.Stream
	dead  jetstream.Stream
	cons  jetstream.Consumer
	pages jetstream.ObjectStore
	hosts jetstream.KeyValue
}

// Open connects to the server and makes sure the streams, the workers'
// consumer and the object store exist. A lost connection is taken up
// again on its own.
func Open(ctx context.Context, cfg Config) (*Queue, error) {
	cfg = cfg.withDefaults()
	nc, err := nats.Connect(cfg.URL, nats.Name("newsdesk"), nats.MaxReconnects(-1), nats.ReconnectWait(250*time.Millisecond))
	if err != nil {
		return nil, fmt.Errorf("queue: connect: %w", err)
	}
	q := &Queue{cfg: cfg, nc: nc}
	if err := q.setup(ctx); err != nil {
		nc.Close()
		return nil, err
	}
	return q, nil
}

func (q *Queue) setup(ctx context.Context) error {
	js, err := jetstream.New(q.nc)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	q.js = js
	q.jobs, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        JobsStream,
		Description: "newsdesk jobs for the workers",
		Subjects:    []string{jobsSubject + ".>"},
		Retention:   jetstream.WorkQueuePolicy,
		Storage:     jetstream.FileStorage,
		Duplicates:  q.cfg.Duplicates,
	})
	if err != nil {
		return fmt.Errorf("queue: stream %s: %w", JobsStream, err)
	}
	q.dead, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        DeadStream,
		Description: "newsdesk jobs that failed every delivery",
		Subjects:    []string{deadSubject + ".>"},
		Storage:     jetstream.FileStorage,
		Duplicates:  q.cfg.Duplicates,
	})
	if err != nil {
		return fmt.Errorf("queue: stream %s: %w", DeadStream, err)
	}
	q.cons, err = q.jobs.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable:       Consumer,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.cfg.AckWait,
		MaxDeliver:    q.cfg.MaxDeliver,
		MaxAckPending: 10000,
	})
	if err != nil {
		return fmt.Errorf("queue: consumer: %w", err)
	}
	q.pages, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: PagesBucket, Storage: jetstream.FileStorage})
	if err != nil {
		return fmt.Errorf("queue: object store: %w", err)
	}
	q.hosts, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: HostsBucket, Description: "when each host may next be fetched", TTL: time.Hour, Storage: jetstream.MemoryStorage,
	})
	if err != nil {
		return fmt.Errorf("queue: host turns: %w", err)
	}
	return nil
}

// HostTurn waits for host's turn among every process that fetches
// through this queue's server, and takes it: a request may start
// interval after the start of the previous one taken by any of them.
// Turns are handed out in the order they are asked for, through a
// compare-and-set on the host's key in a JetStream key-value bucket, so
// that a host's rate holds however many workers fetch from it. It is
// fetch.Config's HostTurn.
func (q *Queue) HostTurn(ctx context.Context, host string, interval time.Duration) error {
	key := hostKey(host)
	for {
		now := time.Now()
		next, rev := now, uint64(0)
		e, err := q.hosts.Get(ctx, key)
		switch {
		case errors.Is(err, jetstream.ErrKeyNotFound):
		case err != nil:
			return fmt.Errorf("queue: turn of %s: %w", host, err)
		default:
			rev = e.Revision()
			if ns, err := strconv.ParseInt(string(e.Value()), 10, 64); err == nil {
				next = time.Unix(0, ns)
			}
		}
		start := now
		if next.After(now) {
			start = next
		}
		val := []byte(strconv.FormatInt(start.Add(interval).UnixNano(), 10))
		if rev == 0 {
			_, err = q.hosts.Create(ctx, key, val)
		} else {
			_, err = q.hosts.Update(ctx, key, val, rev)
		}
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			if errors.Is(err, jetstream.ErrKeyExists) || isWrongSequence(err) {
				continue // another process took the turn first
			}
			return fmt.Errorf("queue: turn of %s: %w", host, err)
		}
		if d := time.Until(start); d > 0 {
			t := time.NewTimer(d)
			defer t.Stop()
			select {
			case <-ctx.Done():
				return ctx.Err()
			case <-t.C:
			}
		}
		return nil
	}
}

// isWrongSequence reports whether err is the server refusing an update
// made against a revision that is no longer the last.
func isWrongSequence(err error) bool {
	var apiErr *jetstream.APIError
	return errors.As(err, &apiErr) && apiErr.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence
}

// hostKey turns a host name into a key of the bucket.
func hostKey(host string) string {
	b := []byte(strings.ToLower(host))
	for i, c := range b {
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}

// Close closes the connection, after what was published has reached the
// server.
func (q *Queue) Close() error {
	if err := q.nc.Drain(); err != nil {
		q.nc.Close()
		return err
	}
	return nil
}

// subject returns the subject of a job: its kind and its host, as a
// token (dots are not allowed in one).
func subject(prefix string, j *newsdesk.Job) string {
	host := strings.NewReplacer(".", "_", "*", "_", ">", "_", " ", "_").Replace(j.Host)
	if host == "" {
		host = "_"
	}
	return prefix + "." + string(j.Kind) + "." + host
}

// Publish hands a job to the workers. It returns once the server has
// stored it; a job whose ID was published within the deduplication
// window is dropped.
func (q *Queue) Publish(ctx context.Context, j *newsdesk.Job) error {
	if j.ID == "" || j.Kind == "" {
		return errors.New("queue: a job needs an ID and a kind")
	}
	meta, err := json.Marshal(j)
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	m := nats.NewMsg(subject(jobsSubject, j))
	m.Header.Set(headerJob, string(meta))
	if len(j.Body) > q.cfg.MaxInline {
		name := "job-" + j.ID
		if _, err := q.pages.PutBytes(ctx, name, j.Body); err != nil {
			return fmt.Errorf("queue: page of job %s: %w", j.ID, err)
		}
		m.Header.Set(headerObject, name)
	} else {
		m.Data = j.Body
	}
	if _, err := q.js.PublishMsg(ctx, m, jetstream.WithMsgID(j.ID)); err != nil {
		return fmt.Errorf("queue: publish %s: %w", j.ID, err)
	}
	return nil
}

// decode reads the job of a message, with its page from the object store
// when it went there.
func (q *Queue) decode(ctx context.Context, h nats.Header, data []byte) (*newsdesk.Job, string, error) {
	var j newsdesk.Job
	if err := json.Unmarshal([]byte(h.Get(headerJob)), &j); err != nil {
		return nil, "", fmt.Errorf("queue: bad job: %w", err)
	}
	j.Body = data
	obj := h.Get(headerObject)
	if obj != "" {
		b, err := q.pages.GetBytes(ctx, obj)
		if err != nil {
			return &j, obj, fmt.Errorf("queue: page of job %s: %w", j.ID, err)
		}
		j.Body = b
	}
	return &j, obj, nil
}

// Delivery is one job handed to a worker.
type Delivery struct {
	Job *newsdesk.Job
	// Attempt counts the deliveries of the job, from 1.
	Attempt int
}

// Handler does a job. A nil error acknowledges it; an error has it
// delivered again after a pause, or, on its last delivery, makes it a
// dead letter with the error as its reason. A job that can never succeed
// (a bad URL) may return an error wrapping ErrPermanent to be a dead
// letter at once.
type Handler func(ctx context.Context, d *Delivery) error

// ErrPermanent marks a job's failure as one another try will not mend.
var ErrPermanent = errors.New("permanent failure")

// Work takes jobs, up to concurrency at once, and calls fn for each until
// ctx ends. A job whose worker stops answering (the process died) is
// delivered to another after AckWait; one delivered MaxDeliver times
// without an answer is made a dead letter too.
func (q *Queue) Work(ctx context.Context, concurrency int, fn Handler) error {
	if concurrency <= 0 {
		concurrency = 1
	}
	stop, err := q.WatchUnanswered(ctx)
	if err != nil {
		return err
	}
	defer stop()

	sem := make(chan struct{}, concurrency)
	var wg sync.WaitGroup
	defer wg.Wait()
	for ctx.Err() == nil {
		n := concurrency - len(sem)
		if n == 0 {
			n = 1
		}
		batch, err := q.cons.Fetch(n, jetstream.FetchMaxWait(time.Second))
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			// The connection is being taken up again: wait a little.
			select {
			case <-ctx.Done():
			case <-time.After(250 * time.Millisecond):
			}
			continue
		}
		for m := range batch.Messages() {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				q.handle(ctx, m, fn)
			})
		}
	}
	return ctx.Err()
}

// WatchUnanswered makes dead letters of the jobs the server reports as
// out of deliveries without an answer (the workers that took them died
// with them), until stop is called. Work watches while it works; a
// coordinator may watch too. Several watchers bury a job once.
func (q *Queue) WatchUnanswered(ctx context.Context) (stop func(), err error) {
	sub, err := q.nc.Subscribe(fmt.Sprintf("$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES.%s.%s", JobsStream, Consumer), func(m *nats.Msg) {
		var a struct {
			StreamSeq  uint64 `json:"stream_seq"`
			Deliveries int    `json:"deliveries"`
		}
		if json.Unmarshal(m.Data, &a) == nil && a.StreamSeq > 0 {
			q.buryUnanswered(context.WithoutCancel(ctx), a.StreamSeq, a.Deliveries)
		}
	})
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	return func() { sub.Unsubscribe() }, nil
}

// handle does one message's job and answers for it.
func (q *Queue) handle(ctx context.Context, m jetstream.Msg, fn Handler) {
	meta, err := m.Metadata()
	if err != nil {
		m.Nak()
		return
	}
	j, obj, err := q.decode(ctx, m.Headers(), m.Data())
	if err == nil {
		// Say the job is still being done while it is.
		stop := make(chan struct{})
		go func() {
			t := time.NewTicker(q.cfg.AckWait / 3)
			defer t.Stop()
			for {
				select {
				case <-t.C:
					m.InProgress()
				case <-stop:
					return
				}
			}
		}()
		err = fn(ctx, &Delivery{Job: j, Attempt: int(meta.NumDelivered)})
		close(stop)
	}
	switch {
	case err == nil:
		if m.DoubleAck(ctx) == nil && obj != "" {
			q.pages.Delete(context.WithoutCancel(ctx), obj)
		}
	case ctx.Err() != nil:
		// Shutting down: the job is for another worker, now.
		m.Nak()
	case errors.Is(err, ErrPermanent) || int(meta.NumDelivered) >= q.cfg.MaxDeliver:
		if q.bury(context.WithoutCancel(ctx), m.Headers(), m.Data(), int(meta.NumDelivered), err.Error()) == nil {
			m.TermWithReason(err.Error())
		} else {
			m.NakWithDelay(time.Second)
		}
	default:
		// Back off: 1, 2, 4 … seconds, at most a minute.
		m.NakWithDelay(min(time.Minute, time.Second<<min(meta.NumDelivered-1, 6)))
	}
}

// bury keeps a job as a dead letter with the reason it died.
func (q *Queue) bury(ctx context.Context, h nats.Header, data []byte, tries int, reason string) error {
	var j newsdesk.Job
	json.Unmarshal([]byte(h.Get(headerJob)), &j)
	m := nats.NewMsg(subject(deadSubject, &j))
	for k, v := range h {
		m.Header[k] = v
	}
	m.Header.Del("Nats-Msg-Id")
	m.Header.Set(headerError, reason)
	m.Header.Set(headerTries, strconv.Itoa(tries))
	m.Data = data
	_, err := q.js.PublishMsg(ctx, m, jetstream.WithMsgID("dead-"+j.ID))
	return err
}

// buryUnanswered makes the job at seq of the jobs stream a dead letter:
// its deliveries ran out without an answer.
func (q *Queue) buryUnanswered(ctx context.Context, seq uint64, tries int) {
	raw, err := q.jobs.GetMsg(ctx, seq)
	if err != nil {
		return // gone already
	}
	if q.bury(ctx, raw.Header, raw.Data, tries, fmt.Sprintf("delivered %d times without an answer (the worker stopped)", tries)) == nil {
		q.jobs.DeleteMsg(ctx, seq)
	}
}

// Stats tells how the queue stands.
type Stats struct {
	// Waiting counts the jobs stored and not yet done (those being done
	// included); Working those handed out and not answered for yet.
	Waiting uint64 `json:"waiting"`
	Working int    `json:"working"`
	// Redelivered counts the jobs now out for another try.
	Redelivered int `json:"redelivered"`
	// Dead counts the dead letters.
	Dead uint64 `json:"dead"`
}

// Stats returns the queue's depth, the jobs out and the dead letters.
func (q *Queue) Stats(ctx context.Context) (Stats, error) {
	var s Stats
	ji, err := q.jobs.Info(ctx)
	if err != nil {
		return s, fmt.Errorf("queue: %w", err)
	}
	s.Waiting = ji.State.Msgs
	ci, err := q.cons.Info(ctx)
	if err != nil {
		return s, fmt.Errorf("queue: %w", err)
	}
	s.Working, s.Redelivered = ci.NumAckPending, ci.NumRedelivered
	di, err := q.dead.Info(ctx)
	if err != nil {
		return s, fmt.Errorf("queue: %w", err)
	}
	s.Dead = di.State.Msgs
	return s, nil
}

// DeadLetter is a job that failed every delivery.
type DeadLetter struct {
	Job        newsdesk.Job `json:"job"`
	Reason     string       `json:"reason"`
	Deliveries int          `json:"deliveries"`
	Time       time.Time    `json:"time"`
}

// DeadLetters returns up to limit dead letters, the oldest first.
func (q *Queue) DeadLetters(ctx context.Context, limit int) ([]DeadLetter, error) {
	return q.deadLetters(ctx, limit, false)
}

// LatestDeadLetters returns the latest limit dead letters, the oldest
// of them first, reading no more of the stream than it returns.
func (q *Queue) LatestDeadLetters(ctx context.Context, limit int) ([]DeadLetter, error) {
	return q.deadLetters(ctx, limit, true)
}

// deadLetters reads up to limit dead letters from the start of the
// stream, or back from its end when latest is set.
func (q *Queue) deadLetters(ctx context.Context, limit int, latest bool) ([]DeadLetter, error) {
	info, err := q.dead.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	var out []DeadLetter
	if info.State.Msgs == 0 {
		return out, nil
	}
	seq, step := info.State.FirstSeq, uint64(1)
	if latest {
		seq, step = info.State.LastSeq, ^uint64(0) // counting down
	}
	for ; seq >= info.State.FirstSeq && seq <= info.State.LastSeq && len(out) < limit; seq += step {
		raw, err := q.dead.GetMsg(ctx, seq)
		if errors.Is(err, jetstream.ErrMsgNotFound) {
			continue
		}
		if err != nil {
			return out, fmt.Errorf("queue: %w", err)
		}
		var d DeadLetter
		json.Unmarshal([]byte(raw.Header.Get(headerJob)), &d.Job)
		d.Reason = raw.Header.Get(headerError)
		d.Deliveries, _ = strconv.Atoi(raw.Header.Get(headerTries))
		d.Time = raw.Time
		out = append(out, d)
	}
	if latest {
		slices.Reverse(out)
	}
	return out, nil
}
