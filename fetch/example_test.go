package fetch_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"newsdesk/fetch"
)

func ExampleFetcher_Get() {
	// A local stand-in for a news site.
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "User-agent: *\nDisallow: /drafts/\n")
	})
	mux.HandleFunc("/news/1", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"v1"`)
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, "<h1>Hello</h1>")
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()

	f := fetch.New(fetch.Config{
		AllowPrivateNetworks: true, // only because the site is on 127.0.0.1
		PerHostInterval:      -1,   // only to keep the example quick
	})
	ctx := context.Background()

	resp, err := f.Get(ctx, fetch.Request{URL: srv.URL + "/news/1"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.ContentType, string(resp.Body))

	// Fetch again with the validators: the page has not changed.
	resp, err = f.Get(ctx, fetch.Request{URL: resp.FinalURL, ETag: resp.ETag, LastModified: resp.LastModified})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(resp.StatusCode, resp.NotModified)

	_, err = f.Get(ctx, fetch.Request{URL: srv.URL + "/drafts/2"})
	fmt.Println(errors.Is(err, fetch.ErrDisallowed))
	// Output:
	// 200 text/html; charset=utf-8 <h1>Hello</h1>
	// 304 true
	// true
}
