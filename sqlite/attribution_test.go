package sqlite

import (
	"context"
	"slices"
	"testing"
	"time"

	"newsdesk"
)

// saveQuoted stores an article published at pub and an analysis of it
// with one quotation of text by speaker (entity id), the given
// agencies, a cited source and a figure claimed by it.
func saveQuoted(t *testing.T, s *Store, seq *int64, u string, pub time.Time, text, speaker string, agencies ...string) int64 {
	t.Helper()
	ctx := context.Background()
	a := article(u, "", body(u))
	a.Published = pub
	id, _, err := s.SaveArticle(ctx, page(u, u), a)
	if err != nil {
		t.Fatal(err)
	}
	an := mentionsOf(newsdesk.Mention{Start: 0, End: 5, Text: "Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: speaker})
	an.Quotes = []newsdesk.Quotation{{
		Span:    newsdesk.Span{Start: 10, End: 10 + len([]rune(text)), Text: text},
		Form:    newsdesk.DirectQuote,
		Cue:     &newsdesk.Span{Start: 6, End: 9, Text: "sagte"},
		Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: 0, End: 5, Text: "Putin"}, EntityID: speaker},
		Parts:   []newsdesk.Span{{Start: 10, End: 12, Text: "ab"}, {Start: 14, End: 16, Text: "cd"}},
	}}
	an.Agencies = agencies
	an.Sources = []newsdesk.CitedSource{{Span: newsdesk.Span{Start: 40, End: 47, Text: "Spiegel"}, Name: "Spiegel", Kind: newsdesk.CitedMedia, EntityID: "media:spiegel"}}
	an.Figures = []newsdesk.Figure{{Span: newsdesk.Span{Start: 50, End: 66, Text: "10.000 Container"}, Value: 10000, Unit: "Container",
		Claimant: &newsdesk.Attributed{Span: newsdesk.Span{Start: 70, End: 72, Text: "US"}, EntityID: "LOC:usa"}}}
	*seq++
	if err := s.SaveAnalyses(ctx, *seq-1, *seq, []newsdesk.ArticleAnalysis{{ArticleID: id, Hash: "h", Analysis: an}}); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestAttribution(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var seq int64
	day := time.Date(2024, 6, 19, 10, 0, 0, 0, time.UTC)
	// One dispatch on three sites, with other quotation marks and case,
	// and another quotation by someone else.
	first := saveQuoted(t, s, &seq, "https://a.example/1", day, "Der Vertrag ist ein Durchbruch.", "Q7747", "dpa", "AFP")
	copy1 := saveQuoted(t, s, &seq, "https://b.example/1", day.Add(time.Hour), "der Vertrag ist ein Durchbruch", "Q7747", "dpa")
	copy2 := saveQuoted(t, s, &seq, "https://c.example/1", day.Add(2*time.Hour), "Der Vertrag ist ein Durchbruch!", "Q7747")
	other := saveQuoted(t, s, &seq, "https://d.example/1", day.Add(24*time.Hour), "Verträge werden gebrochen.", "Q56226")

	at, err := s.ArticleAttribution(ctx, first)
	if err != nil {
		t.Fatal(err)
	}
	if len(at.Quotes) != 1 || at.Quotes[0].Speaker == nil || at.Quotes[0].Speaker.EntityID != "Q7747" || len(at.Quotes[0].Parts) != 2 || at.Quotes[0].Cue == nil {
		t.Errorf("quotes = %+v", at.Quotes)
	}
	if !slices.Equal(at.Agencies, []string{"dpa", "AFP"}) {
		t.Errorf("agencies = %v", at.Agencies)
	}
	if len(at.Sources) != 1 || at.Sources[0].Kind != newsdesk.CitedMedia || at.Sources[0].EntityID != "media:spiegel" {
		t.Errorf("sources = %+v", at.Sources)
	}
	if len(at.Figures) != 1 || at.Figures[0].Value != 10000 || at.Figures[0].Claimant == nil || at.Figures[0].Claimant.EntityID != "LOC:usa" {
		t.Errorf("figures = %+v", at.Figures)
	}

	tags, err := s.ArticleTags(ctx, []int64{first, copy2, 999})
	if err != nil {
		t.Fatal(err)
	}
	if got := tags[first]; !slices.Equal(got.Speakers, []string{"Q7747"}) || !slices.Equal(got.Agencies, []string{"afp", "dpa"}) || !slices.Equal(got.Entities, []string{"Q7747"}) {
		t.Errorf("tags of the first = %+v", got)
	}
	if got := tags[copy2]; len(got.Agencies) != 0 || len(got.Speakers) != 1 {
		t.Errorf("tags of the second copy = %+v", got)
	}

	// The copies' quotation is listed once, in its earliest article,
	// with all three outlets; the newest quotation comes first.
	l, err := s.Quotes(ctx, newsdesk.QuoteFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if l.Total != 2 || len(l.Quotes) != 2 || l.Quotes[0].ArticleID != other || l.Quotes[1].ArticleID != first {
		t.Fatalf("Quotes = %+v", l)
	}
	if os := l.Quotes[1].Outlets; len(os) != 3 || os[0].ArticleID != first || os[1].ArticleID != copy1 || os[2].ArticleID != copy2 || os[1].Site != "b.example" {
		t.Errorf("outlets = %+v", os)
	}
	// Full text is stemmed: "Vertrag" finds "Verträge" too.
	for q, want := range map[string]int{"Vertrag": 2, "Durchbruch": 1, `"ist ein Durchbruch"`: 1, `"ein ist"`: 0, "Vertrag Durchbruch": 1, "nirgends": 0, "!!": 0} {
		l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Query: q})
		if err != nil || l.Total != want || len(l.Quotes) != want {
			t.Errorf("Quotes(%q) = %d (%d), %v; want %d", q, l.Total, len(l.Quotes), err, want)
		}
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Speaker: "Q56226"}); err != nil || l.Total != 1 || l.Quotes[0].ArticleID != other {
		t.Errorf("Quotes by speaker = %+v, %v", l, err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{To: day.Add(30 * time.Minute)}); err != nil || l.Total != 1 {
		t.Errorf("Quotes before the first copy = %+v, %v", l, err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{From: day.Add(30 * time.Minute), To: day.Add(3 * time.Hour)}); err != nil || l.Total != 1 || l.Quotes[0].ArticleID != copy1 {
		t.Errorf("Quotes of the later copies = %+v, %v", l, err)
	}

	// Pages follow one another without gaps or repeats.
	var seen []int64
	cursor := ""
	for range 5 {
		l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Limit: 1, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range l.Quotes {
			seen = append(seen, h.ArticleID)
		}
		if cursor = l.NextCursor; cursor == "" {
			break
		}
	}
	if !slices.Equal(seen, []int64{other, first}) {
		t.Errorf("paged quotes: %v", seen)
	}
	if _, err := s.Quotes(ctx, newsdesk.QuoteFilter{Cursor: "not a cursor"}); err == nil {
		t.Error("a bad cursor was accepted")
	}

	// A merge moves the speaker's quotations, now and in later analyses.
	if err := s.MergeEntity(ctx, "Q56226", "Q7747"); err != nil {
		t.Fatal(err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Speaker: "Q7747"}); err != nil || l.Total != 2 {
		t.Errorf("Quotes after the merge = %+v, %v", l, err)
	}
	again := saveQuoted(t, s, &seq, "https://e.example/1", day.Add(48*time.Hour), "Noch ein Satz.", "Q56226")
	if at, err := s.ArticleAttribution(ctx, again); err != nil || at.Quotes[0].Speaker.EntityID != "Q7747" {
		t.Errorf("speaker of a later analysis after the merge: %+v, %v", at, err)
	}

	// A new analysis replaces the old one; a gone article takes its
	// attribution with it.
	seq++
	if err := s.SaveAnalyses(ctx, seq-1, seq, []newsdesk.ArticleAnalysis{{ArticleID: copy2, Hash: "h2", Analysis: mentionsOf()}}); err != nil {
		t.Fatal(err)
	}
	if at, err := s.ArticleAttribution(ctx, copy2); err != nil || len(at.Quotes)+len(at.Sources)+len(at.Figures)+len(at.Agencies) != 0 {
		t.Errorf("attribution after a new analysis: %+v, %v", at, err)
	}
	if l, err := s.Quotes(ctx, newsdesk.QuoteFilter{Query: "Durchbruch"}); err != nil || l.Total != 1 || len(l.Quotes[0].Outlets) != 2 {
		t.Errorf("Quotes after a copy lost its quotation = %+v, %v", l, err)
	}
}
