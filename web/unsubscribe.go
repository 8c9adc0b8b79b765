package web

import (
	"errors"
	"fmt"
	"net/http"

	"newsdesk/notify"
)

// unsubscribe stops the digests of an alert for the address a mail was
// sent to. The token of the link in the mail (notify.UnsubscribeURL) is
// its authentication: it needs no session and no CSRF token, so that a
// mail client's one-click POST (RFC 8058) works. GET asks to confirm;
// POST removes the alert's address, which cancels its pending mails.
func (u *UI) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	invalid := httpError{http.StatusNotFound, "This unsubscribe link is not valid any more: the alert is gone, or mails go to another address now."}
	a, err := u.alertOf(r)
	var he httpError
	if errors.As(err, &he) {
		return invalid
	}
	if err != nil {
		return err
	}
	token := r.URL.Query().Get("token")
	if !notify.CheckUnsubscribeToken(a, token) {
		return invalid
	}
	data := map[string]any{"Title": "Unsubscribe", "ID": a.ID, "Token": token}
	if r.Method == http.MethodGet {
		data["Message"] = fmt.Sprintf("Stop mailing the digests of the alert %q to %s?", a.Name, a.Email)
		data["Confirm"] = true
		u.render(w, r, http.StatusOK, "unsubscribe", data)
		return nil
	}
	email := a.Email
	a.Email, a.Digest = "", ""
	if err := u.cfg.Store.UpdateAlert(r.Context(), a); err != nil {
		return err
	}
	data["Message"] = fmt.Sprintf("%s gets no more digests of the alert %q.", email, a.Name)
	u.render(w, r, http.StatusOK, "unsubscribe", data)
	return nil
}
