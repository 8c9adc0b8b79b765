package notify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"strconv"
	"strings"

	"newsdesk"
)

// UnsubscribeToken returns the token of an alert's unsubscribe link: an
// HMAC of the alert's ID and email address keyed with its Token, so that
// the link works until the alert's email or token changes and tells
// nothing of the token itself.
func UnsubscribeToken(a *newsdesk.Alert) string {
	m := hmac.New(sha256.New, []byte(a.Token))
	m.Write([]byte("newsdesk unsubscribe\x00" + strconv.FormatInt(a.ID, 10) + "\x00" + strings.ToLower(a.Email)))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// CheckUnsubscribeToken reports, in constant time, whether token is the
// unsubscribe token of a (UnsubscribeToken). An alert without a Token or
// an Email has none.
func CheckUnsubscribeToken(a *newsdesk.Alert, token string) bool {
	if a.Token == "" || a.Email == "" {
		return false
	}
	return hmac.Equal([]byte(UnsubscribeToken(a)), []byte(token))
}

// UnsubscribeURL returns the unsubscribe link of an alert's digests:
// baseURL + "/alerts/{id}/unsubscribe?token=" + UnsubscribeToken(a). The
// web UI answers it with a confirmation page (GET) and, for mail clients
// that unsubscribe in one click (RFC 8058), a POST of
// "List-Unsubscribe=One-Click" to the same URL; either removes the
// alert's email after CheckUnsubscribeToken.
func UnsubscribeURL(baseURL string, a *newsdesk.Alert) string {
	return AlertURL(baseURL, a) + "/unsubscribe?token=" + url.QueryEscape(UnsubscribeToken(a))
}

// AlertURL returns the page of an alert in the web UI: baseURL +
// "/alerts/{id}".
func AlertURL(baseURL string, a *newsdesk.Alert) string {
	return strings.TrimRight(baseURL, "/") + "/alerts/" + strconv.FormatInt(a.ID, 10)
}
