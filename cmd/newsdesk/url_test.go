package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
)

// newPageServer serves the German test page (windows-1252) on 127.0.0.1.
func newPageServer(t *testing.T) *httptest.Server {
	t.Helper()
	page, err := os.ReadFile(dePage)
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/region/artikel.html", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.UserAgent(), "newsdesk/") {
			http.Error(w, "no user agent", http.StatusForbidden)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=windows-1252")
		w.Write(page)
	})
	mux.HandleFunc("/moved", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/region/artikel.html", http.StatusMovedPermanently)
	})
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func TestExtractURL(t *testing.T) {
	srv := newPageServer(t)
	pageURL := srv.URL + "/region/artikel.html"

	t.Run("private address refused", func(t *testing.T) {
		r := run(t, nil, "extract", pageURL)
		r.mustCode(t, 1)
		for _, want := range []string{"newsdesk: extract " + pageURL + ": ", "private", "--allow-private-networks"} {
			if !strings.Contains(r.stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
			}
		}
		if r.stdout != "" {
			t.Errorf("stdout = %q, want nothing", r.stdout)
		}
	})

	t.Run("allowed", func(t *testing.T) {
		r := run(t, nil, "extract", "--allow-private-networks", "--format", "json", pageURL)
		r.mustCode(t, 0)
		obj := checkJSON(t, r.stdout)
		if obj["url"] != pageURL {
			t.Errorf("url = %v, want %s", obj["url"], pageURL)
		}
	})

	t.Run("redirect gives the final URL", func(t *testing.T) {
		r := run(t, nil, "extract", "--allow-private-networks", "--format", "json", srv.URL+"/moved")
		r.mustCode(t, 0)
		if obj := checkJSON(t, r.stdout); obj["url"] != pageURL {
			t.Errorf("url = %v, want %s", obj["url"], pageURL)
		}
	})

	t.Run("out dir name", func(t *testing.T) {
		out := t.TempDir()
		r := run(t, nil, "extract", "--allow-private-networks", "--out", out, "--format", "md", pageURL, srv.URL+"/")
		r.mustCode(t, 1) // "/" is a 404
		if !strings.Contains(r.stderr, "404") {
			t.Errorf("stderr does not report the 404:\n%s", r.stderr)
		}
		if got := listDir(t, out); !slices.Equal(got, []string{"artikel.md"}) {
			t.Errorf("files = %q, want artikel.md", got)
		}
	})

	t.Run("content", func(t *testing.T) {
		skipWithoutExtractor(t)
		r := run(t, nil, "extract", "--allow-private-networks", pageURL)
		r.mustCode(t, 0)
		if !strings.Contains(r.stdout, "Müllerstraße") {
			t.Errorf("text lacks %q (charset from Content-Type):\n%s", "Müllerstraße", r.stdout)
		}
	})
}
