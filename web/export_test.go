package web

import "newsdesk"

// ViewBlocksForTest is viewBlocks with the mentions linked, for the
// tests of package web_test.
func ViewBlocksForTest(bs []newsdesk.Block, ms []newsdesk.Mention) []viewBlock {
	return MarkedBlocksForTest(bs, ms, nil, nil)
}

// MarkedBlocksForTest is viewBlocks with the quotations qs marked and
// the mentions linked, for the tests of package web_test.
func MarkedBlocksForTest(bs []newsdesk.Block, ms []newsdesk.Mention, qs []newsdesk.Quotation, names map[string]newsdesk.Entity) []viewBlock {
	vbs := viewBlocks(bs)
	markText(vbs, ms, qs, names)
	return vbs
}

// FormatNumberForTest is formatNumber.
var FormatNumberForTest = formatNumber

// SegmentForTest is a piece of a line of the reader.
type SegmentForTest = segment
