package connect

import (
	"os"
	"path/filepath"
	"testing"

	"newsdesk/connect/internal/score"
	"newsdesk/connect/internal/synth"
)

// extractionData is where the real article texts are:
// NEWSDESK_EXTRACTION_DATA or ../../shared/data/extraction.
func extractionData(t testing.TB) string {
	dir := os.Getenv("NEWSDESK_EXTRACTION_DATA")
	if dir == "" {
		dir = filepath.Join("..", "..", "shared", "data", "extraction")
	}
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no extraction data:", err)
	}
	return dir
}

// TestCopyTest runs the copy test (see synth.CopyTest) over the real
// texts and checks precision ≥ .98 and recall ≥ .95.
func TestCopyTest(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	texts, err := synth.Load(extractionData(t), 60)
	if err != nil {
		t.Fatal(err)
	}
	as, gold, edits := synth.CopyTest(texts, 600, 1)
	docs := fromSynth(as)
	c := NewCopies(CopyOptions{})
	pred := map[int64]int64{}
	for _, d := range docs {
		dec := c.Add(d)
		pred[d.ID] = dec.Original
		for _, ch := range dec.Changes {
			for id, o := range pred {
				if o == ch.From {
					pred[id] = ch.To
				}
			}
		}
	}
	pw, b3 := score.Pairwise(gold, pred), score.BCubed(gold, pred)
	t.Logf("copy test: %d articles, %d copies: pairwise %v; B-cubed %v", len(docs), len(edits), pw, b3)
	if os.Getenv("NEWSDESK_CONNECT_VERBOSE") != "" {
		byID := map[int64]Doc{}
		for _, d := range docs {
			byID[d.ID] = d
		}
		for id, g := range gold {
			if g != id && pred[id] != pred[g] {
				t.Logf("missed %d of %d: %v", id, g, edits[id])
			}
			if pred[id] != id {
				if o := pred[id]; gold[o] != g {
					t.Logf("false %d (%d) ~ %d (%d):\n%.300s\n---\n%.300s", id, g, o, gold[o], byID[id].Text, byID[o].Text)
				}
			}
		}
	}
	if pw.P < 0.98 || pw.R < 0.95 {
		t.Errorf("copy test below target (P ≥ .98, R ≥ .95): %v", pw)
	}
}
