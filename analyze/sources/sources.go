// Package sources finds who a news text rests on: the agencies credited
// for it and the sources of information it cites.
package sources

import (
	"newsdesk"
	"newsdesk/analyze/doc"
)

// Agencies returns the short names of the news agencies credited for
// the text ("dpa", "AFP"), once each, in text order.
func Agencies(d *doc.Doc) []string {
	return nil
}

// Find returns the sources of information d cites, in text order.
func Find(d *doc.Doc, quotes []newsdesk.Quotation) []newsdesk.CitedSource {
	return nil
}
