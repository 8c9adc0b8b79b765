package httpapi

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
)

// TokenFile is the name of the file, in the data directory, that holds
// the API token generated at first start.
const TokenFile = "api-token"

// MinTokenLength is the least number of characters of an API token that
// a user chooses: shorter ones are refused as too easy to guess. The
// generated tokens have 48.
const MinTokenLength = 16

// LoadOrCreateToken returns the API token kept in dir/api-token. If the
// file does not exist, it generates a random token, writes it there with
// mode 0600 and reports created, so that the caller can print it once.
func LoadOrCreateToken(dir string) (token string, created bool, err error) {
	path := filepath.Join(dir, TokenFile)
	b, err := os.ReadFile(path)
	if err == nil {
		if t := strings.TrimSpace(string(b)); t != "" {
			return t, false, nil
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", false, fmt.Errorf("httpapi: read token: %w", err)
	}
	var raw [24]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", false, fmt.Errorf("httpapi: generate token: %w", err)
	}
	token = hex.EncodeToString(raw[:])
	if err := os.MkdirAll(dir, 0o750); err != nil {
		return "", false, fmt.Errorf("httpapi: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return "", false, fmt.Errorf("httpapi: write token: %w", err)
	}
	_, werr := f.WriteString(token + "\n")
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		return "", false, fmt.Errorf("httpapi: write token: %w", werr)
	}
	return token, true, nil
}

// ValidToken reports whether got equals want, in constant time; an empty
// want matches nothing.
func ValidToken(got, want string) bool {
	if want == "" || got == "" {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

// requireToken wraps a handler that needs the API token (every write,
// and the reads of alerts): the request must carry the header
// "Authorization: Bearer TOKEN".
func (a *API) requireToken(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		ok, problem := a.bearer(r)
		if !ok {
			if problem == "" {
				w.Header().Set("WWW-Authenticate", `Bearer realm="newsdesk"`)
				WriteProblem(w, r, http.StatusUnauthorized, "this route needs the API token: send Authorization: Bearer TOKEN")
				return
			}
			w.Header().Set("WWW-Authenticate", `Bearer realm="newsdesk", error="invalid_token"`)
			WriteProblem(w, r, http.StatusUnauthorized, problem)
			return
		}
		h(w, r)
	}
}

// bearer reports whether r carries the API token in its Authorization
// header; when it carries another, problem says so, and is "" when it
// carries none.
func (a *API) bearer(r *http.Request) (ok bool, problem string) {
	scheme, tok, found := strings.Cut(r.Header.Get("Authorization"), " ")
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return false, ""
	}
	if !ValidToken(strings.TrimSpace(tok), a.cfg.Token) {
		return false, "the API token is not valid"
	}
	return true, ""
}
