package web

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"

	"newsdesk/httpapi"
)

// Routes returns the UI's routes:
//
//	GET  /                    search page
//	GET  /articles/{id}       article reader
//	GET  /entities            the most mentioned entities, or those matching q
//	GET  /entities/{id}       an actor's page: mentions over time, names, company, articles, quotes
//	GET  /quotes              quotations whose words match q, of speaker, newest first, each once
//	GET  /stories             stories, most recently updated first, or those of the hits of q
//	GET  /stories/{id}        a story: coverage by outlet over time, first report, actors, quotes, figures, articles
//	GET  /attention           up to five searches compared day by day (?q=&q=&from=&to=&view=share), their outlets, entities, words
//	GET  /sources             sources and their fetch state; add form
//	POST /sources             add the sources found at a URL (CSRF)
//	POST /sources/{id}/delete remove a source (CSRF)
//	GET  /alerts              the alerts with their unread counts; the form of a new one (?name=&query= prefill it)
//	POST /alerts              save an alert (CSRF)
//	GET  /alerts/{id}         an alert: settings, feeds, inbox of matches (?unread=1), deliveries
//	POST /alerts/{id}         change its settings (CSRF)
//	POST /alerts/{id}/pause|resume|delete|read|redeliver  (CSRF)
//	GET|POST /alerts/{id}/unsubscribe?token=  stop an alert's digests (the mail's token; one-click POST)
//	GET  /login, POST /login  open a session with the API token (?next= goes back there)
//	GET  /static/...          style sheet
//	GET  /favicon.ico         nothing, 204
func (u *UI) Routes() []httpapi.Route {
	static, _ := fs.Sub(staticFS, "static")
	return []httpapi.Route{
		{Method: "GET", Pattern: "/static/", Handler: http.StripPrefix("/static/", staticHandler(http.FileServerFS(static)))},
		{Method: "GET", Pattern: "/{$}", Handler: u.page(u.search)},
		{Method: "GET", Pattern: "/articles/{id}", Handler: u.page(u.article)},
		{Method: "GET", Pattern: "/entities", Handler: u.page(u.entities)},
		{Method: "GET", Pattern: "/entities/{id}", Handler: u.page(u.entity)},
		{Method: "GET", Pattern: "/quotes", Handler: u.page(u.quotes)},
		{Method: "GET", Pattern: "/stories", Handler: u.page(u.stories)},
		{Method: "GET", Pattern: "/stories/{id}", Handler: u.page(u.story)},
		{Method: "GET", Pattern: "/attention", Handler: u.page(u.attention)},
		{Method: "GET", Pattern: "/sources", Handler: u.page(u.sources)},
		{Method: "POST", Pattern: "/sources", Handler: u.page(u.addSource)},
		{Method: "POST", Pattern: "/sources/{id}/delete", Handler: u.page(u.removeSource)},
		{Method: "GET", Pattern: "/alerts", Handler: u.page(u.alerts)},
		{Method: "POST", Pattern: "/alerts", Handler: u.page(u.addAlert)},
		{Method: "GET", Pattern: "/alerts/{id}", Handler: u.page(u.alert)},
		{Method: "POST", Pattern: "/alerts/{id}", Handler: u.page(u.editAlert)},
		{Method: "POST", Pattern: "/alerts/{id}/pause", Handler: u.page(u.alertAction("pause"))},
		{Method: "POST", Pattern: "/alerts/{id}/resume", Handler: u.page(u.alertAction("resume"))},
		{Method: "POST", Pattern: "/alerts/{id}/delete", Handler: u.page(u.alertAction("delete"))},
		{Method: "POST", Pattern: "/alerts/{id}/read", Handler: u.page(u.alertAction("read"))},
		{Method: "POST", Pattern: "/alerts/{id}/redeliver", Handler: u.page(u.alertAction("redeliver"))},
		{Method: "GET", Pattern: "/alerts/{id}/unsubscribe", Handler: u.page(u.unsubscribe)},
		{Method: "POST", Pattern: "/alerts/{id}/unsubscribe", Handler: u.page(u.unsubscribe)},
		{Method: "GET", Pattern: "/login", Handler: u.page(u.login)},
		{Method: "POST", Pattern: "/login", Handler: u.page(u.login)},
		// Browsers ask every site for an icon; there is none, and no error.
		{Method: "GET", Pattern: "/favicon.ico", Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })},
	}
}

// Register adds the UI's routes (see Routes) to mux. Another method on
// one of their paths gets an HTML 405 page with an Allow header, any
// other path an HTML 404 page.
func (u *UI) Register(mux *http.ServeMux) {
	httpapi.Handle(mux, u.Routes(), u.notAllowed)
	mux.Handle("/", u.page(func(w http.ResponseWriter, r *http.Request) error {
		return httpError{http.StatusNotFound, "There is no page at this address."}
	}))
}

// notAllowed answers a method a page does not have.
func (u *UI) notAllowed(allow string) http.Handler {
	return u.page(func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Allow", allow)
		return httpError{http.StatusMethodNotAllowed, fmt.Sprintf("This address does not take %s requests; it takes %s.", r.Method, allow)}
	})
}

// maxForm caps the body of a form post.
const maxForm = 64 << 10

// readForm reads the form of a post: a body longer than maxForm is
// refused with 413, one that does not parse with 400.
func readForm(w http.ResponseWriter, r *http.Request) error {
	tooLarge := httpError{http.StatusRequestEntityTooLarge, fmt.Sprintf("The form is too large: at most %d KiB are taken.", maxForm>>10)}
	if r.ContentLength > maxForm {
		return tooLarge
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	err := r.ParseForm()
	if err == nil {
		if err = r.ParseMultipartForm(maxForm); errors.Is(err, http.ErrNotMultipart) {
			err = nil
		}
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return tooLarge
	case err != nil:
		return httpError{http.StatusBadRequest, "The form could not be read."}
	}
	return nil
}
