package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"newsdesk"
)

// alertFollower is the name of the alerts follower's position in the
// followers table.
const alertFollower = "alerts"

var _ newsdesk.AlertStore = (*Store)(nil)

const alertColumns = `id, name, query, stories, min_outlets, collapse, period_s, webhook, secret,
	email, digest, token, paused, created, updated`

func scanAlert(row scanner) (*newsdesk.Alert, error) {
	var a newsdesk.Alert
	var period int64
	var created, updated string
	err := row.Scan(&a.ID, &a.Name, &a.Query, &a.Stories, &a.MinOutlets, &a.Collapse, &period, &a.Webhook,
		&a.Secret, &a.Email, &a.Digest, &a.Token, &a.Paused, &created, &updated)
	if err != nil {
		return nil, err
	}
	a.Period = time.Duration(period) * time.Second
	if a.Created, err = parseTime(sql.NullString{String: created, Valid: true}); err != nil {
		return nil, err
	}
	if a.Updated, err = parseTime(sql.NullString{String: updated, Valid: true}); err != nil {
		return nil, err
	}
	return &a, nil
}

// newToken returns a random secret for an alert's feed URLs.
func newToken() string {
	b := make([]byte, 18)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// AddAlert stores a new alert; it sets its ID, its times, and its Token
// and webhook Secret when empty.
func (s *Store) AddAlert(ctx context.Context, a *newsdesk.Alert) error {
	if a.Token == "" {
		a.Token = newToken()
	}
	if a.Secret == "" {
		a.Secret = alertSecret()
	}
	now := time.Now().UTC()
	a.Created, a.Updated = now, now
	err := s.write(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO alerts (name, query, stories, min_outlets, collapse,
			period_s, webhook, secret, email, digest, token, paused, created, updated)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			a.Name, a.Query, a.Stories, a.MinOutlets, a.Collapse, int64(a.Period/time.Second), a.Webhook,
			a.Secret, a.Email, a.Digest, a.Token, a.Paused, formatTime(now), formatTime(now)).Scan(&a.ID)
	})
	if err != nil {
		return fmt.Errorf("sqlite: add alert: %w", err)
	}
	return nil
}

// UpdateAlert replaces the settings of alert a.ID; deliveries pending
// for a channel it no longer has are cancelled.
func (s *Store) UpdateAlert(ctx context.Context, a *newsdesk.Alert) error {
	now := time.Now().UTC()
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE alerts SET name = ?, query = ?, stories = ?, min_outlets = ?,
			collapse = ?, period_s = ?, webhook = ?, secret = ?, email = ?, digest = ?, paused = ?, updated = ?
			WHERE id = ?`, a.Name, a.Query, a.Stories, a.MinOutlets, a.Collapse, int64(a.Period/time.Second),
			a.Webhook, a.Secret, a.Email, a.Digest, a.Paused, formatTime(now), a.ID)
		if err != nil {
			return err
		}
		if err := affected(res); err != nil {
			return err
		}
		for channel, gone := range map[string]bool{newsdesk.ChannelWebhook: a.Webhook == "", newsdesk.ChannelEmail: a.Email == ""} {
			if !gone {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = ? WHERE alert_id = ? AND channel = ? AND state IN (?, ?)`,
				newsdesk.DeliveryCancelled, a.ID, channel, newsdesk.DeliveryPending, newsdesk.DeliveryDead); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: update alert %d: %w", a.ID, err)
	}
	a.Updated = now
	return nil
}

// RemoveAlert removes an alert with its matches and deliveries.
func (s *Store) RemoveAlert(ctx context.Context, id int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM alerts WHERE id = ?`, id)
		if err != nil {
			return err
		}
		return affected(res)
	})
	if err != nil {
		return fmt.Errorf("sqlite: remove alert %d: %w", id, err)
	}
	return nil
}

// Alert returns alert id.
func (s *Store) Alert(ctx context.Context, id int64) (*newsdesk.Alert, error) {
	a, err := scanAlert(s.r.QueryRowContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		err = newsdesk.ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: alert %d: %w", id, err)
	}
	return a, nil
}

// Alerts returns every alert in ID order.
func (s *Store) Alerts(ctx context.Context) ([]newsdesk.Alert, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+alertColumns+` FROM alerts ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: alerts: %w", err)
	}
	defer rows.Close()
	out := []newsdesk.Alert{}
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: alerts: %w", err)
		}
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: alerts: %w", err)
	}
	return out, nil
}

// AlertPosition returns the change log seq the matches follow.
func (s *Store) AlertPosition(ctx context.Context) (int64, error) {
	var seq int64
	err := s.r.QueryRowContext(ctx, `SELECT seq FROM followers WHERE name = ?`, alertFollower).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlite: alert position: %w", err)
	}
	return seq, nil
}

// AlertSeen returns which of the given articles were matched against
// the alerts already.
func (s *Store) AlertSeen(ctx context.Context, ids []int64) (map[int64]bool, error) {
	out := map[int64]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	idj, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT article_id FROM alert_seen WHERE article_id IN (SELECT value FROM json_each(?))`, string(idj))
	if err != nil {
		return nil, fmt.Errorf("sqlite: alert seen: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("sqlite: alert seen: %w", err)
		}
		out[id] = true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: alert seen: %w", err)
	}
	return out, nil
}

// SaveMatches saves a batch of the alerts follower (see
// newsdesk.AlertStore).
func (s *Store) SaveMatches(ctx context.Context, after, last int64, articles []int64, ms []newsdesk.AlertMatch) (bool, error) {
	var saved bool
	err := s.write(ctx, func(tx *sql.Tx) error {
		saved = false
		var pos int64
		err := tx.QueryRowContext(ctx, `SELECT seq FROM followers WHERE name = ?`, alertFollower).Scan(&pos)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if pos != after || last <= pos {
			return nil
		}
		for _, id := range articles {
			if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO alert_seen (article_id) VALUES (?)`, id); err != nil {
				return err
			}
		}
		alerts, err := alertsOf(ctx, tx, ms)
		if err != nil {
			return err
		}
		w, err := newMatchWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer w.close()
		for _, m := range ms {
			a := alerts[m.AlertID]
			if a == nil {
				continue // removed meanwhile
			}
			if err := w.save(a, m); err != nil {
				return err
			}
		}
		if err := w.flush(alerts); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO followers (name, seq) VALUES (?, ?)
			ON CONFLICT (name) DO UPDATE SET seq = excluded.seq`, alertFollower, last)
		saved = err == nil
		return err
	})
	if err != nil {
		return false, fmt.Errorf("sqlite: save matches: %w", err)
	}
	return saved, nil
}

// alertsOf reads, in one query, the alerts the matches are of; those
// removed meanwhile are missing.
func alertsOf(ctx context.Context, tx *sql.Tx, ms []newsdesk.AlertMatch) (map[int64]*newsdesk.Alert, error) {
	out := map[int64]*newsdesk.Alert{}
	if len(ms) == 0 {
		return out, nil
	}
	var ids []int64
	for _, m := range ms {
		if _, ok := out[m.AlertID]; !ok {
			out[m.AlertID] = nil
			ids = append(ids, m.AlertID)
		}
	}
	idj, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+alertColumns+` FROM alerts WHERE id IN (SELECT value FROM json_each(?))`, string(idj))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanAlert(rows)
		if err != nil {
			return nil, err
		}
		out[a.ID] = a
	}
	return out, rows.Err()
}

// matchWriter adds matches in one transaction, with its statements
// prepared once.
type matchWriter struct {
	ctx                   context.Context
	tx                    *sql.Tx
	insMatch, insDelivery *sql.Stmt
	// plain are the matches of alerts without options, written at the
	// end in statements of many rows: no match before decides on them.
	plain []newsdesk.AlertMatch
}

func newMatchWriter(ctx context.Context, tx *sql.Tx) (*matchWriter, error) {
	w := &matchWriter{ctx: ctx, tx: tx}
	var err error
	if w.insMatch, err = tx.PrepareContext(ctx, `INSERT INTO alert_matches (alert_id, article_id, story, copy_group, matched, opts)
		VALUES (?, ?, ?, ?, ?, 1) ON CONFLICT (alert_id, article_id) DO NOTHING RETURNING id`); err != nil {
		return nil, err
	}
	if w.insDelivery, err = tx.PrepareContext(ctx, `INSERT INTO deliveries (match_id, alert_id, channel, state, next_attempt)
		VALUES (?, ?, ?, ?, ?)`); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *matchWriter) close() {
	w.insMatch.Close()
	w.insDelivery.Close()
}

func (w *matchWriter) exists(q string, args ...any) (bool, error) {
	var ok bool
	err := w.tx.QueryRowContext(w.ctx, `SELECT EXISTS(`+q+`)`, args...).Scan(&ok)
	return ok, err
}

// save adds match m of alert a if a's options let it through, with its
// deliveries. The options are judged against the matches made while
// the alert had options (those are indexed for it).
func (w *matchWriter) save(a *newsdesk.Alert, m newsdesk.AlertMatch) error {
	story := sql.NullInt64{Int64: int64(m.Story), Valid: m.Story != 0}
	group := m.ArticleID
	if m.CopyOf != 0 {
		group = int64(m.CopyOf)
	}
	if !a.Stories && a.MinOutlets <= 1 && a.Period <= 0 && !a.Collapse {
		w.plain = append(w.plain, m)
		return nil
	}
	if a.Stories || a.MinOutlets > 1 || a.Period > 0 {
		if !story.Valid {
			if a.Stories || a.MinOutlets > 1 {
				return nil // not connected: no story to tell of
			}
		} else {
			if a.Stories && story.Int64 != m.ArticleID {
				return nil // not a new story
			}
			if a.MinOutlets > 1 {
				var outlets int64
				err := w.tx.QueryRowContext(w.ctx, `SELECT outlets FROM stories WHERE id = ?`, story.Int64).Scan(&outlets)
				if err != nil && !errors.Is(err, sql.ErrNoRows) {
					return err
				}
				if outlets < int64(a.MinOutlets) {
					return nil // not there yet
				}
			}
			if a.Stories || a.MinOutlets > 1 {
				if ok, err := w.exists(`SELECT 1 FROM alert_matches WHERE alert_id = ? AND story = ? AND opts = 1`, a.ID, story.Int64); err != nil || ok {
					return err // once per story
				}
			}
			if a.Period > 0 {
				since := formatTime(m.Matched.Add(-a.Period))
				if ok, err := w.exists(`SELECT 1 FROM alert_matches WHERE alert_id = ? AND story = ? AND matched > ? AND opts = 1`, a.ID, story.Int64, since); err != nil || ok {
					return err
				}
			}
		}
	}
	if a.Collapse {
		// The group's original (its id is the group) or any copy.
		if ok, err := w.exists(`SELECT 1 FROM alert_matches WHERE alert_id = ? AND copy_group = ? AND opts = 1`, a.ID, group); err != nil || ok {
			return err
		}
	}
	var matchID int64
	err := w.insMatch.QueryRowContext(w.ctx, a.ID, m.ArticleID, story, group, formatTime(m.Matched)).Scan(&matchID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil // matched before
	}
	if err != nil {
		return err
	}
	for _, ch := range []struct {
		name string
		on   bool
	}{{newsdesk.ChannelWebhook, a.Webhook != ""}, {newsdesk.ChannelEmail, a.Email != ""}} {
		if !ch.on {
			continue
		}
		if _, err := w.insDelivery.ExecContext(w.ctx, matchID, a.ID, ch.name, newsdesk.DeliveryPending, formatTime(m.Matched)); err != nil {
			return err
		}
	}
	return nil
}

// flush writes the plain matches, a few hundred rows a statement, and
// the deliveries of those of alerts with channels.
func (w *matchWriter) flush(alerts map[int64]*newsdesk.Alert) error {
	const rows = 200
	for start := 0; start < len(w.plain); start += rows {
		part := w.plain[start:min(len(w.plain), start+rows)]
		var q strings.Builder
		q.WriteString(`INSERT INTO alert_matches (alert_id, article_id, story, copy_group, matched) VALUES `)
		args := make([]any, 0, 5*len(part))
		for i, m := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(?, ?, ?, ?, ?)")
			group := m.ArticleID
			if m.CopyOf != 0 {
				group = int64(m.CopyOf)
			}
			args = append(args, m.AlertID, m.ArticleID, sql.NullInt64{Int64: int64(m.Story), Valid: m.Story != 0}, group, formatTime(m.Matched))
		}
		q.WriteString(` ON CONFLICT (alert_id, article_id) DO NOTHING RETURNING id, alert_id, matched`)
		res, err := w.tx.QueryContext(w.ctx, q.String(), args...)
		if err != nil {
			return err
		}
		type added struct {
			id, alert int64
			matched   string
		}
		var news []added
		for res.Next() {
			var a added
			if err := res.Scan(&a.id, &a.alert, &a.matched); err != nil {
				res.Close()
				return err
			}
			if al := alerts[a.alert]; al != nil && (al.Webhook != "" || al.Email != "") {
				news = append(news, a)
			}
		}
		res.Close()
		if err := res.Err(); err != nil {
			return err
		}
		for _, a := range news {
			al := alerts[a.alert]
			for _, ch := range []struct {
				name string
				on   bool
			}{{newsdesk.ChannelWebhook, al.Webhook != ""}, {newsdesk.ChannelEmail, al.Email != ""}} {
				if !ch.on {
					continue
				}
				if _, err := w.insDelivery.ExecContext(w.ctx, a.id, a.alert, ch.name, newsdesk.DeliveryPending, a.matched); err != nil {
					return err
				}
			}
		}
	}
	w.plain = w.plain[:0]
	return nil
}

// pageCursor is the id after which a page of matches or deliveries
// goes on.
type pageCursor struct {
	ID int64 `json:"i"`
}

// Matches lists matches, newest first.
func (s *Store) Matches(ctx context.Context, f newsdesk.MatchFilter) (*newsdesk.MatchList, error) {
	wrap := func(err error) error { return fmt.Errorf("sqlite: matches: %w", err) }
	var where []string
	var args []any
	if f.AlertID != 0 {
		where = append(where, `alert_id = ?`)
		args = append(args, f.AlertID)
	}
	if f.Unread {
		where = append(where, `read = 0`)
	}
	out := &newsdesk.MatchList{Matches: []newsdesk.AlertMatch{}}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM alert_matches`+cond, args...).Scan(&out.Total); err != nil {
		return nil, wrap(err)
	}
	if f.Cursor != "" {
		var c pageCursor
		if err := decodeCursor(f.Cursor, &c); err != nil || c.ID <= 0 {
			return nil, wrap(newsdesk.ErrBadCursor)
		}
		where = append(where, `id < ?`)
		args = append(args, c.ID)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	cond = ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, alert_id, article_id, coalesce(story, 0), matched, read
		FROM alert_matches`+cond+` ORDER BY id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var m newsdesk.AlertMatch
		var story int64
		var matched string
		if err := rows.Scan(&m.ID, &m.AlertID, &m.ArticleID, &story, &matched, &m.Read); err != nil {
			return nil, wrap(err)
		}
		if len(out.Matches) == limit {
			out.NextCursor = encodeCursor(pageCursor{out.Matches[limit-1].ID})
			break
		}
		m.Story = newsdesk.NullID(story)
		if m.Matched, err = parseTime(sql.NullString{String: matched, Valid: true}); err != nil {
			return nil, wrap(err)
		}
		out.Matches = append(out.Matches, m)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// MarkRead marks matches of an alert read: the given ones, or all.
func (s *Store) MarkRead(ctx context.Context, alertID int64, ids []int64) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		if len(ids) == 0 {
			_, err := tx.ExecContext(ctx, `UPDATE alert_matches SET read = 1 WHERE alert_id = ? AND read = 0`, alertID)
			return err
		}
		idj, err := json.Marshal(ids)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE alert_matches SET read = 1 WHERE alert_id = ?
			AND id IN (SELECT value FROM json_each(?))`, alertID, string(idj))
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: mark read: %w", err)
	}
	return nil
}

const deliveryColumns = `d.id, d.match_id, d.alert_id, d.channel, m.alert_id, m.article_id, d.state, d.attempts,
	d.next_attempt, d.last_status, d.last_error, d.delivered`

func scanDelivery(row scanner) (*newsdesk.Delivery, error) {
	var d newsdesk.Delivery
	var next string
	var delivered sql.NullString
	var alertID, articleID int64
	err := row.Scan(&d.ID, &d.MatchID, &d.AlertID, &d.Channel, &alertID, &articleID, &d.State, &d.Attempts,
		&next, &d.LastStatus, &d.LastError, &delivered)
	if err != nil {
		return nil, err
	}
	d.Key = newsdesk.AlertMatch{AlertID: alertID, ArticleID: articleID}.Key()
	if d.NextAttempt, err = parseTime(sql.NullString{String: next, Valid: true}); err != nil {
		return nil, err
	}
	if d.Delivered, err = parseTime(delivered); err != nil {
		return nil, err
	}
	return &d, nil
}

// DueDeliveries returns up to limit pending deliveries of channel due at
// or before now, of alerts that are not paused, oldest first.
func (s *Store) DueDeliveries(ctx context.Context, channel string, now time.Time, limit int) ([]newsdesk.Delivery, error) {
	if limit <= 0 {
		limit = 100
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM deliveries d
		JOIN alert_matches m ON m.id = d.match_id JOIN alerts a ON a.id = d.alert_id
		WHERE d.channel = ? AND d.state = ? AND d.next_attempt <= ? AND a.paused = 0
		ORDER BY d.next_attempt, d.id LIMIT ?`, channel, newsdesk.DeliveryPending, formatTime(now), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: due deliveries: %w", err)
	}
	defer rows.Close()
	var out []newsdesk.Delivery
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: due deliveries: %w", err)
		}
		out = append(out, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: due deliveries: %w", err)
	}
	return out, nil
}

// SaveDelivery records an attempt of delivery d.
func (s *Store) SaveDelivery(ctx context.Context, d *newsdesk.Delivery) error {
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE deliveries SET state = ?, attempts = ?, next_attempt = ?,
			last_status = ?, last_error = ?, delivered = ? WHERE id = ?`,
			d.State, d.Attempts, formatTime(d.NextAttempt), d.LastStatus, d.LastError, nullTime(d.Delivered), d.ID)
		if err != nil {
			return err
		}
		return affected(res)
	})
	if err != nil {
		return fmt.Errorf("sqlite: save delivery %d: %w", d.ID, err)
	}
	return nil
}

// Deliveries lists deliveries, newest first.
func (s *Store) Deliveries(ctx context.Context, f newsdesk.DeliveryFilter) (*newsdesk.DeliveryList, error) {
	wrap := func(err error) error { return fmt.Errorf("sqlite: deliveries: %w", err) }
	var where []string
	var args []any
	if f.AlertID != 0 {
		where = append(where, `d.alert_id = ?`)
		args = append(args, f.AlertID)
	}
	if f.State != "" {
		where = append(where, `d.state = ?`)
		args = append(args, f.State)
	}
	out := &newsdesk.DeliveryList{Deliveries: []newsdesk.Delivery{}}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	if err := s.r.QueryRowContext(ctx, `SELECT count(*) FROM deliveries d`+cond, args...).Scan(&out.Total); err != nil {
		return nil, wrap(err)
	}
	if f.Cursor != "" {
		var c pageCursor
		if err := decodeCursor(f.Cursor, &c); err != nil || c.ID <= 0 {
			return nil, wrap(newsdesk.ErrBadCursor)
		}
		where = append(where, `d.id < ?`)
		args = append(args, c.ID)
	}
	cond = ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+deliveryColumns+` FROM deliveries d
		JOIN alert_matches m ON m.id = d.match_id`+cond+` ORDER BY d.id DESC LIMIT ?`, append(args, limit+1)...)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		d, err := scanDelivery(rows)
		if err != nil {
			return nil, wrap(err)
		}
		if len(out.Deliveries) == limit {
			out.NextCursor = encodeCursor(pageCursor{out.Deliveries[limit-1].ID})
			break
		}
		out.Deliveries = append(out.Deliveries, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// Redeliver makes dead deliveries pending again, due now: those of
// alertID, or the one with deliveryID when not 0.
func (s *Store) Redeliver(ctx context.Context, alertID, deliveryID int64) (int, error) {
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		q := `UPDATE deliveries SET state = ?, next_attempt = ?, attempts = 0 WHERE state = ? AND alert_id = ?`
		args := []any{newsdesk.DeliveryPending, formatTime(time.Now()), newsdesk.DeliveryDead, alertID}
		if deliveryID != 0 {
			q += ` AND id = ?`
			args = append(args, deliveryID)
		}
		res, err := tx.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("sqlite: redeliver: %w", err)
	}
	return int(n), nil
}

// alertSecret returns a random secret for signing webhooks, in hex.
func alertSecret() string {
	b := make([]byte, 24)
	rand.Read(b)
	return hex.EncodeToString(b)
}
