// Package quotes finds quotations in German and English news text: the
// message, its cue, its form and its speaker, resolved through the
// mentions of the text.
package quotes

import (
	"newsdesk"
	"newsdesk/analyze/doc"
)

// Find returns the quotations of d in text order.
func Find(d *doc.Doc) []newsdesk.Quotation {
	return nil
}
