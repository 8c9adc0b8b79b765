// Package httpapi serves the JSON API of newsdesk over a newsdesk.Store
// and a newsdesk.Index, with /healthz and Prometheus /metrics.
//
// # Routes
//
//	GET    /api/articles?q=&source=&outlet=&lang=&from=&to=&author=&entity=&speaker=&agency=&story=&collapse=&sort=&limit=&cursor=
//	GET    /api/articles/{id}    with its outlet, quotes, agencies, sources and figures
//	GET    /api/outlets?q=&limit=&cursor=  the sites the articles were published on, most articles first
//	GET    /api/outlets/{id}     one outlet, by ID, domain or name, with its latest articles
//	GET    /api/stories?q=&entity=&lang=&from=&to=&limit=&cursor=
//	GET    /api/stories/{id}     coverage by outlet, copy groups, entities, quotes, figures, articles
//	POST   /api/stories/{id}/merge {"into": ID} | /split {"articles": [...]}  (bearer token)
//	GET    /api/attention?q=&q=&from=&to=&format=csv  up to five searches side by side
//	GET    /api/quotes?q=&speaker=&from=&to=&lang=&limit=&cursor=
//	GET    /api/sources
//	POST   /api/sources          {"url": "https://..."}   (bearer token)
//	DELETE /api/sources/{id}                               (bearer token)
//	GET    /api/entities?q=&type=&from=&to=&limit=&cursor=
//	GET    /api/entities/{id}    with its latest quotes
//	POST   /api/entities/{id}/aliases|merge|split  (bearer token)
//	GET    /api/alerts                     (bearer token)
//	POST   /api/alerts           {"name", "query", "webhook", ...}  (bearer token)
//	GET    /api/alerts/{id}                (bearer token)
//	PATCH  /api/alerts/{id}      {fields to change, "paused"}       (bearer token)
//	DELETE /api/alerts/{id}                (bearer token)
//	GET    /api/alerts/{id}/matches?unread=&limit=&cursor=          (bearer token)
//	POST   /api/alerts/{id}/read {"ids": [...]} or {"all": true}    (bearer token)
//	GET    /api/alerts/{id}/deliveries?state=&limit=&cursor=        (bearer token)
//	POST   /api/alerts/{id}/redeliver {"delivery": ID} or nothing   (bearer token)
//	GET    /api/alerts/{id}/feed.atom?token=   (the alert's token or the bearer token)
//	GET    /api/alerts/{id}/feed.json?token=   (the same)
//	GET    /api/stats
//	GET    /api/openapi.json     OpenAPI 3.1 description of the routes
//	GET    /healthz
//	GET    /metrics
//
// Search hits carry their snippet twice: "snippet" is plain text (the
// index's highlight markers \x02 and \x03 removed), and "snippet_html" is
// the same text HTML-escaped with each match in a <mark> element, safe to
// insert into a page as it is. Paging is by cursor: pass "next_cursor"
// back as cursor, with the same other parameters, until it is empty.
//
// Quotations are listed once however many articles carry the same words
// by the same speaker (wire copies): each in the earliest article, with
// "outlets" naming every article that carries it.
//
// # Errors
//
// Every error is an RFC 9457 problem document, application/problem+json:
// {"type": "about:blank", "title", "status", "detail", "instance"}; the
// detail says what to fix. A method a path does not have is answered
// with 405 and an Allow header, a body longer than 64 KiB with 413.
// Errors of the store or the index are logged and answered with a 500
// that gives no details.
//
// # Trust
//
// Read routes are open to whoever can reach the server, which listens on
// 127.0.0.1 by default. Write routes need "Authorization: Bearer TOKEN"
// with the token of Config.Token (see LoadOrCreateToken), and so do the
// reads of alerts, which hold webhook addresses, signing secrets and
// feed tokens. An alert's two feeds take instead its own token in
// ?token= (compared in constant time), so that a feed reader can
// subscribe to the URL alone; that token opens nothing else. Webhook
// URLs are refused with 422 when they would reach a loopback, private
// or link-local address, unless Config.AllowPrivate is set. No route sends
// CORS headers, so pages of other sites cannot read the API from a
// browser, and they cannot write without the token. Only http and https
// URLs can be added as sources over HTTP: local paths would let a client
// read the server's files into the store.
package httpapi
