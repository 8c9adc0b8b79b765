package web

import "newsdesk"

// ViewBlocksForTest is viewBlocks with the mentions linked, for the
// tests of package web_test.
func ViewBlocksForTest(bs []newsdesk.Block, ms []newsdesk.Mention) []viewBlock {
	vbs := viewBlocks(bs)
	linkMentions(vbs, ms)
	return vbs
}
