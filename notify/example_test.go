package notify_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"

	"newsdesk/notify"
)

// A receiver checks each POST's signature against the exact body before
// it trusts it, and drops a delivery whose key it has seen.
func ExampleVerify() {
	const secret = "the alert's secret"
	seen := map[string]bool{}
	receiver := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if !notify.Verify(secret, body, r.Header.Get(notify.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		key := r.Header.Get(notify.HeaderDelivery)
		if !seen[key] {
			seen[key] = true
			fmt.Println("new match", key)
		}
		w.WriteHeader(http.StatusNoContent)
	})

	body := []byte(`{"alert":{"id":1,"name":"Klima"},"article":{"id":42},"story":null}`)
	for _, sig := range []string{notify.Sign(secret, body), notify.Sign(secret, body), notify.Sign("forged", body)} {
		req := httptest.NewRequest(http.MethodPost, "/hook", strings.NewReader(string(body)))
		req.Header.Set(notify.HeaderSignature, sig)
		req.Header.Set(notify.HeaderDelivery, "newsdesk-1-42")
		rec := httptest.NewRecorder()
		receiver.ServeHTTP(rec, req)
		fmt.Println(rec.Code)
	}
	// Output:
	// new match newsdesk-1-42
	// 204
	// 204
	// 401
}
