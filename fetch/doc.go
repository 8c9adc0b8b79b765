// Package fetch downloads web pages politely and safely, for reading news
// sites at scale.
//
// A Fetcher made by New is shared by all the goroutines that fetch; its
// Get fetches one URL:
//
//	f := fetch.New(fetch.Config{})
//	resp, err := f.Get(ctx, fetch.Request{URL: "https://example.org/news/1"})
//
// Politeness:
//   - robots.txt is fetched once per origin and cached (RFC 9309): rules of
//     the group naming our product token (else the "*" group) apply, the
//     longest matching pattern wins, '*' and a final '$' are wildcards, and
//     Crawl-delay raises the interval between requests to the host. A
//     missing robots.txt (4xx) allows everything; one that cannot be fetched
//     (5xx, 429, unreachable) puts the host off limits for a while. A
//     forbidden URL gives an error wrapping ErrDisallowed.
//   - Requests to one host are bounded in number and spaced in time, and
//     served first come, first served; requests overall are bounded too.
//   - Timeouts, connection errors, 5xx and 429 are retried with exponential
//     backoff and full jitter; Retry-After is honoured up to a limit, past
//     which Get returns a *RetryAfterError saying when to come back.
//   - Validators from an earlier fetch (Request.ETag, Request.LastModified)
//     make the request conditional; an unchanged page comes back with
//     Response.NotModified set and no body.
//
// Safety:
//   - Connections to loopback, private, link-local and other non-public
//     addresses are refused after DNS resolution, on every redirect hop,
//     unless Config.AllowPrivateNetworks is set (see internal/safedial).
//   - Bodies are decoded by the fetcher itself (gzip, deflate, br) and cut
//     at Config.MaxBodyBytes after decoding, so a small compressed body
//     cannot expand without bound; Response.Truncated reports the cut.
//   - Redirects are followed up to Config.MaxRedirects, to http and https
//     only; a loop is reported as ErrRedirectLoop. Cookies set along one
//     redirect chain are sent along it, and forgotten after.
//
// Every wait — for a host's turn, a backoff, a Retry-After, a robots.txt
// fetched by another Get — ends as soon as the context does.
package fetch
