// Package notify tells the owners of alerts about new matches: it sends
// the pending deliveries of the alert store's outbox as signed webhook
// POSTs (Webhooks) and as email digests (Mailer), and writes an alert's
// latest matches as an Atom or JSON Feed (Atom, JSONFeed).
//
// The outbox is newsdesk.AlertStore: the follower that matches articles
// against alerts saves each match with one pending newsdesk.Delivery per
// channel of its alert, in the same transaction. Webhooks.DeliverDue and
// Mailer.DeliverDue send the deliveries that are due, and record every
// attempt with AlertStore.SaveDelivery: delivered, pending again at a
// later NextAttempt (exponential backoff with jitter, see Retry), or dead
// after the last attempt, to be sent again with AlertStore.Redeliver.
// Run calls DeliverDue every interval, and at once when woken by Wake.
//
// A delivery is sent at least once: a receiver that accepted it but whose
// answer was lost gets it again, with the same idempotency key
// (newsdesk.AlertMatch.Key) to drop it by.
//
// Webhook URLs come from users, so a request never reaches a loopback,
// private or link-local address unless AllowPrivate is set (see CheckURL
// and newsdesk/internal/safedial).
package notify
