package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"newsdesk/notify"
)

// An alert saved before an import delivers each matching article once
// by signed webhook, copies included, and not the others; a second
// delivery pass sends nothing again.
func TestAlertsWebhook(t *testing.T) {
	dir := t.TempDir()
	var mu sync.Mutex
	got := map[string]string{} // delivery key → article title
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !notify.Verify("s3cret", body, r.Header.Get(notify.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p struct {
			Article struct {
				Title string `json:"title"`
			} `json:"article"`
		}
		if err := json.Unmarshal(body, &p); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		mu.Lock()
		got[r.Header.Get(notify.HeaderDelivery)] = p.Article.Title
		mu.Unlock()
	}))
	defer srv.Close()

	// The guard refuses a loopback webhook unless allowed.
	run(t, nil, "alerts", "add", "--data", dir, "--name", "Hafen", "--query", "Hafenerweiterung", "--webhook", srv.URL).mustCode(t, 2)
	r := run(t, nil, "alerts", "add", "--data", dir, "--name", "Hafen", "--query", "Hafenerweiterung",
		"--webhook", srv.URL, "--secret", "s3cret", "--allow-private-networks")
	r.mustCode(t, 0)
	id := strings.TrimSpace(r.stdout)
	run(t, nil, "alerts", "add", "--data", dir, "--name", "bad", "--query", "?!").mustCode(t, 2)

	wire := importText("die Hafenerweiterung") + "\n\n" + importText("den Beschluss des Stadtrats")
	in := importLines(t,
		map[string]any{"url": "https://bote.example/hafen", "title": "Stadtrat beschließt Hafenerweiterung", "text": wire, "language": "de"},
		map[string]any{"url": "https://kurier.example/hafen", "title": "Hafen wird größer", "text": wire, "language": "de"},
		map[string]any{"url": "https://bote.example/museum", "title": "Museum erhält Zeichnungen", "text": importText("die Schenkung an das Museum"), "language": "de"},
	)
	run(t, in, "import", "--data", dir, "-").mustCode(t, 0)
	r = run(t, nil, "alerts", "deliver", "--data", dir, "--allow-private-networks")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "webhooks: 2 deliveries") {
		t.Errorf("deliver: %s%s", r.stdout, r.stderr)
	}
	r = run(t, nil, "alerts", "deliver", "--data", dir, "--allow-private-networks")
	r.mustCode(t, 0)
	if !strings.HasPrefix(r.stdout, "webhooks: 0 deliveries") {
		t.Errorf("second deliver: %s", r.stdout)
	}
	mu.Lock()
	// Import stores on several workers: the articles' ids are 1 and 2
	// in either order.
	titles := map[string]bool{}
	for key, title := range got {
		if !strings.HasPrefix(key, "newsdesk-"+id+"-") {
			t.Errorf("delivery key %q is not of alert %s", key, id)
		}
		titles[title] = true
	}
	if len(got) != 2 || !titles["Stadtrat beschließt Hafenerweiterung"] || !titles["Hafen wird größer"] {
		t.Errorf("webhook received %v", got)
	}
	mu.Unlock()
	r = run(t, nil, "alerts", "show", "--data", dir, id)
	r.mustCode(t, 0)
	if !strings.Contains(r.stdout, "unread: 2") || !strings.Contains(r.stdout, "secret: s3cret") || !strings.Contains(r.stdout, "feed.atom?token=") {
		t.Errorf("show:\n%s", r.stdout)
	}
	run(t, nil, "alerts", "pause", "--data", dir, id).mustCode(t, 0)
	if r := run(t, nil, "alerts", "list", "--data", dir); !strings.Contains(r.stdout, "paused") {
		t.Errorf("list after pause: %s", r.stdout)
	}
	run(t, nil, "alerts", "remove", "--data", dir, id).mustCode(t, 0)
	run(t, nil, "alerts", "show", "--data", dir, id).mustCode(t, 1)
}
