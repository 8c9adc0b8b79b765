// Package figures finds the quantities a news text attributes to
// someone, with their normalised values, units and claimants.
package figures

import (
	"newsdesk"
	"newsdesk/analyze/doc"
)

// Find returns the attributed figures of d in text order. quotes and
// sources are what d says and cites: a figure inside a quotation is
// claimed by its speaker.
func Find(d *doc.Doc, quotes []newsdesk.Quotation, sources []newsdesk.CitedSource) []newsdesk.Figure {
	return nil
}
