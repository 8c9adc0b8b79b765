package web

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
)

// Cookie names.
const (
	csrfCookie    = "newsdesk_csrf"
	sessionCookie = "newsdesk_session"
)

// csrfField is the name of the form field that carries the CSRF token.
const csrfField = "csrf"

// sign returns the HMAC-SHA256 of msg under the UI's secret, in hex.
func (u *UI) sign(msg string) string {
	m := hmac.New(sha256.New, u.secret)
	m.Write([]byte(msg))
	return hex.EncodeToString(m.Sum(nil))
}

// csrfToken returns the token forms must send back: the signature of the
// browser's random CSRF cookie, which it sets first if need be.
func (u *UI) csrfToken(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(csrfCookie)
	if err != nil || len(c.Value) != 32 {
		var raw [16]byte
		rand.Read(raw[:])
		c = &http.Cookie{
			Name:     csrfCookie,
			Value:    hex.EncodeToString(raw[:]),
			Path:     "/",
			HttpOnly: true,
			SameSite: http.SameSiteStrictMode,
			Secure:   r.TLS != nil,
		}
		http.SetCookie(w, c)
	}
	return u.sign("csrf:" + c.Value)
}

// validCSRF reports whether a POST carries the token that belongs to its
// CSRF cookie.
func (u *UI) validCSRF(r *http.Request) bool {
	c, err := r.Cookie(csrfCookie)
	if err != nil || c.Value == "" {
		return false
	}
	want := u.sign("csrf:" + c.Value)
	return hmac.Equal([]byte(r.PostFormValue(csrfField)), []byte(want))
}

// sessionValue is the value of the session cookie a login sets.
func (u *UI) sessionValue() string { return u.sign("session") }

// loggedIn reports whether the browser may change things: always, unless
// the UI requires a login, and then when it has the session cookie.
func (u *UI) loggedIn(r *http.Request) bool {
	if !u.cfg.RequireLogin {
		return true
	}
	c, err := r.Cookie(sessionCookie)
	return err == nil && hmac.Equal([]byte(c.Value), []byte(u.sessionValue()))
}
