package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"newsdesk"
	"newsdesk/notify"
)

// The link of a digest mail stops the digests without a session or a
// CSRF token (a mail client's one-click POST); a wrong token or a
// changed address does nothing.
func TestUnsubscribe(t *testing.T) {
	e := newEnv(t, options{requireLogin: true})
	a := &newsdesk.Alert{Name: "Energy", Query: "energy", Email: "ana@example.org", Digest: newsdesk.DigestDaily}
	if err := e.st.AddAlert(t.Context(), a); err != nil {
		t.Fatal(err)
	}
	link := notify.UnsubscribeURL("", a)
	e.get(t, fmt.Sprintf("/alerts/%d/unsubscribe?token=wrong", a.ID), 404)
	p := e.get(t, link, 200)
	if !strings.Contains(p.body, "ana@example.org") || !strings.Contains(p.body, `id="unsubscribe-confirm"`) {
		t.Errorf("confirmation page:\n%s", p.body)
	}
	e.post(t, link, url.Values{"List-Unsubscribe": {"One-Click"}}, 200)
	got, err := e.st.Alert(t.Context(), a.ID)
	if err != nil || got.Email != "" {
		t.Fatalf("after unsubscribing: %+v, %v", got, err)
	}
	// The link is spent: the alert has no address now.
	e.post(t, link, url.Values{"List-Unsubscribe": {"One-Click"}}, 404)
}
