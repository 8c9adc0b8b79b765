package warc_test

import (
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"time"

	"newsdesk/warc"
)

func Example() {
	// Write a small .warc.gz with one captured page.
	var file bytes.Buffer
	w := warc.NewWriter(&file, true)
	h := http.Header{}
	h.Set("Content-Type", "text/html; charset=utf-8")
	date := time.Date(2024, 3, 5, 10, 30, 0, 0, time.UTC)
	if err := w.WriteResponse("https://news.example.com/story", date, 200, h, []byte("<h1>Budget passed</h1>")); err != nil {
		log.Fatal(err)
	}

	// Read it back.
	r, err := warc.NewReader(&file)
	if err != nil {
		log.Fatal(err)
	}
	for {
		rec, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			log.Print(err) // damage is reported, and reading goes on
			continue
		}
		if rec.Type != warc.TypeResponse {
			continue
		}
		resp, err := warc.ReadResponse(rec)
		if err != nil {
			log.Print(err)
			continue
		}
		fmt.Println(rec.TargetURI, rec.Date.Format(time.DateOnly))
		fmt.Println(resp.StatusCode, resp.ContentType, string(resp.Body))
	}
	// Output:
	// https://news.example.com/story 2024-03-05
	// 200 text/html <h1>Budget passed</h1>
}
