// Package web serves the browser interface of newsdesk: a search page
// with filters, facets, an articles-per-day timeline and paging; an
// article reader that links the mentions of entities to their pages,
// marks the quotations with their speakers and lists the agencies,
// sources and figures the article cites; the entities and an actor's
// page, with what the actor said; a quote search that lists each
// quotation once with the other outlets that carry it; and a sources
// page that shows the state of every source's fetches and adds and
// removes sources; and the alerts — saved searches — with an inbox of
// each alert's matches (unread marked, marked read one by one or all),
// its deliveries with their state and a button to send the failed ones
// again, its feed URLs, and forms to make, change, pause, resume and
// delete alerts ("Save as alert" on the search page fills in the
// search). The pages are rendered
// on the server with html/template from templates embedded in the
// binary, work without JavaScript (there is none), and fit a phone.
//
// # Safety of the pages
//
// An article is rendered from its structured blocks, never from the HTML
// of the page it was read from: every piece of text goes through
// html/template's contextual escaping, and only elements the templates
// write themselves (headings, paragraphs, lists, quotes, tables, figures,
// code, and the links and quotation marks of the analysis) appear. The only links to elsewhere are the article's and the
// sources' own URLs, and only when they are http or https. Snippets are
// escaped by httpapi.SnippetHTML, which adds nothing but <mark>. Every
// page is sent with a Content-Security-Policy that allows no script at
// all, no frames and forms posting only to the server itself.
//
// # Trust model for the browser
//
// The server is meant for the person at the computer it runs on: it
// listens on 127.0.0.1 by default, and there reading and changing the
// sources needs no token. The forms that change things are protected
// against other web sites instead:
//
//   - each form carries a CSRF token, the HMAC of a random per-browser
//     cookie (HttpOnly, SameSite=Strict) under a server secret; a post
//     without the matching pair is refused;
//   - the server wraps the whole handler in http.CrossOriginProtection,
//     which refuses cross-origin posts by their Sec-Fetch-Site and
//     Origin headers;
//   - bound to loopback, it answers only requests whose Host is a
//     loopback name (LoopbackHostsOnly), which defeats DNS rebinding.
//
// When the server listens on another address, the people who can reach
// it are no longer just the local user: Config.RequireLogin then makes
// the forms need a session, opened at /login with the API token.
//
// The alert pages show webhook addresses, signing secrets and the
// secret URLs of the feeds, so reading them is guarded as changing
// things is: on loopback the local browser sees them (other sites
// cannot read them, by the same-origin policy and the Host check), and
// with RequireLogin only a browser with a session does; another is
// sent to /login, which brings it back.
package web
