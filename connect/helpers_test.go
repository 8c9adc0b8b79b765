package connect

import "newsdesk/connect/internal/synth"

// fromSynth turns synthetic articles into Docs.
func fromSynth(as []synth.Article) []Doc {
	ds := make([]Doc, len(as))
	for i, a := range as {
		ds[i] = Doc{ID: a.ID, Title: a.Title, Text: a.Text, Lang: a.Lang, Published: a.Published, Stored: a.Stored, Entities: a.Entities}
	}
	return ds
}
