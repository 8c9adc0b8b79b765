package postgres

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"newsdesk"
)

// openAnalysisPair opens two stores on one new database, as two processes do,
// and closes them when the test ends.
func openAnalysisPair(t *testing.T) (*Store, *Store) {
	t.Helper()
	dsn := newDB(t)
	var out [2]*Store
	for i := range out {
		s, err := Open(context.Background(), dsn)
		if err != nil {
			t.Fatalf("Open: %v", err)
		}
		t.Cleanup(func() { s.Close() })
		out[i] = s
	}
	return out[0], out[1]
}

// saveAnalysable stores n articles and returns their ids.
func saveAnalysable(t *testing.T, s *Store, prefix string, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := range n {
		u := fmt.Sprintf("https://%s.example/%d", prefix, i)
		a := &newsdesk.Article{URL: u, Title: u, Language: "de",
			Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "Der Kreml-Chef Putin sprach in Moskau, berichtet " + u + "."}}}
		id, _, err := s.SaveArticle(context.Background(), &newsdesk.Page{URL: u, Fetched: time.Now(), Body: []byte(u)}, a)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	return ids
}

// analysisFor returns the analysis a follower makes of article id: a
// mention of W. Putin, of its own entity until merged, and a quotation
// of his.
func analysisFor(id int64) *newsdesk.Analysis {
	return &newsdesk.Analysis{
		Language: "de",
		Mentions: []newsdesk.Mention{
			{Start: 0, End: 8, Text: "W. Putin", Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: "PER:w-putin"},
			{Start: 20, End: 26, Text: "Moskau", Type: newsdesk.Location, Kind: newsdesk.NameMention, EntityID: fmt.Sprintf("LOC:%d", id)},
		},
		Entities: []newsdesk.Entity{
			{ID: "PER:w-putin", Name: "W. Putin", Type: newsdesk.Person},
			{ID: fmt.Sprintf("LOC:%d", id), Name: "Moskau", Type: newsdesk.Location},
		},
		Quotes: []newsdesk.Quotation{{Span: newsdesk.Span{Start: 30, End: 40, Text: "Wir siegen."}, Form: newsdesk.DirectQuote,
			Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: 0, End: 8, Text: "W. Putin"}, EntityID: "PER:w-putin"}}},
		Agencies: []string{"dpa"},
	}
}

// followAnalyses runs an analysis follower on s until its position reaches
// last: it reads a batch of changes after the position, analyses it
// and saves it, as analyze.Follower does.
func followAnalyses(ctx context.Context, s *Store, last int64, batch int) error {
	for {
		pos, err := s.AnalysisPosition(ctx)
		if err != nil || pos >= last {
			return err
		}
		cs, err := s.Changes(ctx, pos, batch)
		if err != nil {
			return err
		}
		if len(cs) == 0 {
			return fmt.Errorf("no changes after %d, short of %d", pos, last)
		}
		as := make([]newsdesk.ArticleAnalysis, len(cs))
		for i, c := range cs {
			as[i] = newsdesk.ArticleAnalysis{ArticleID: c.ID, Hash: c.Article.Hash, Analysis: analysisFor(c.ID)}
		}
		if err := s.SaveAnalyses(ctx, pos, cs[len(cs)-1].Seq, as); err != nil {
			return err
		}
	}
}

// Analysis followers in two processes share the work: each batch is
// saved whole, the position only moves forward, and the analyses
// stored are each article's, once.
func TestAnalysisFollowersTwoProcesses(t *testing.T) {
	ctx := context.Background()
	a, b := openAnalysisPair(t)
	ids := saveAnalysable(t, a, "two", 60)
	_, last, err := a.Pending(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, s := range []*Store{a, b} {
		wg.Go(func() { errs[i] = followAnalyses(ctx, s, last, 7) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if pos, err := b.AnalysisPosition(ctx); err != nil || pos < last {
		t.Fatalf("position = %d, %v; want at least %d", pos, err, last)
	}
	hs, err := a.AnalyzedHashes(ctx, ids)
	if err != nil || len(hs) != len(ids) {
		t.Fatalf("AnalyzedHashes: %d of %d, %v", len(hs), len(ids), err)
	}
	for _, id := range ids {
		ms, err := b.ArticleMentions(ctx, id)
		if err != nil || len(ms) != 2 || ms[1].EntityID != fmt.Sprintf("LOC:%d", id) {
			t.Fatalf("mentions of %d = %+v, %v", id, ms, err)
		}
		at, err := a.ArticleAttribution(ctx, id)
		if err != nil || len(at.Quotes) != 1 || len(at.Agencies) != 1 {
			t.Fatalf("attribution of %d = %+v, %v", id, at, err)
		}
	}
	l, err := b.Quotes(ctx, newsdesk.QuoteFilter{})
	if err != nil || l.Total != 1 || len(l.Quotes[0].Outlets) != len(ids) {
		t.Fatalf("Quotes = %+v, %v", l, err)
	}
}

// A merge committed while another process saves analyses is never
// missed: no mention or speaker, stored before or saved after, keeps
// the entity merged away.
func TestMergeWhileSaving(t *testing.T) {
	ctx := context.Background()
	a, b := openAnalysisPair(t)
	ids := saveAnalysable(t, a, "merge", 40)
	if err := a.SaveAnalyses(ctx, 0, 1, []newsdesk.ArticleAnalysis{{ArticleID: ids[0], Hash: "h", Analysis: analysisFor(ids[0])}}); err != nil {
		t.Fatal(err)
	}
	if err := b.SaveAnalyses(ctx, 1, 2, []newsdesk.ArticleAnalysis{{ArticleID: ids[1], Hash: "h",
		Analysis: &newsdesk.Analysis{Entities: []newsdesk.Entity{{ID: "Q7747", Name: "Wladimir Putin", Type: newsdesk.Person}}}}}); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() {
		// Saves one article at a time, as fast as it can.
		for i, id := range ids[2:] {
			if i == len(ids)/4 {
				done <- nil // the merge may start
			}
			pos := int64(i + 2)
			err := a.SaveAnalyses(ctx, pos, pos+1, []newsdesk.ArticleAnalysis{{ArticleID: id, Hash: "h", Analysis: analysisFor(id)}})
			if err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := b.MergeEntity(ctx, "PER:w-putin", "Q7747"); err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, id := range ids {
		ms, err := b.ArticleMentions(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range ms {
			if m.EntityID == "PER:w-putin" {
				t.Errorf("article %d: a mention of the entity merged away: %+v", id, m)
			}
		}
		at, err := b.ArticleAttribution(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range at.Quotes {
			if q.Speaker.EntityID != "Q7747" {
				t.Errorf("article %d: speaker %q", id, q.Speaker.EntityID)
			}
		}
	}
	var n int
	if err := a.pool.QueryRow(ctx, `SELECT count(*) FROM mentions WHERE entity_id = 'Q7747'`).Scan(&n); err != nil || n != len(ids)-1 {
		t.Errorf("mentions of the entity merged into: %d, %v; want %d", n, err, len(ids)-1)
	}
}

// BenchmarkSaveAnalyses measures saving a batch of analyses of the
// analysis follower's size, each article with 40 mentions, 4
// quotations, 2 agencies, 3 cited sources and 3 figures.
func BenchmarkSaveAnalyses(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	const batch = 32
	var ids []int64
	for i := range batch {
		u := fmt.Sprintf("https://bench.example/%d", i)
		a := &newsdesk.Article{URL: u, Title: u, Language: "de", Blocks: []newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "Text von " + u}}}
		id, _, err := s.SaveArticle(ctx, &newsdesk.Page{URL: u, Fetched: time.Now(), Body: []byte(u)}, a)
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, id)
	}
	analysis := func(id int64, n int) *newsdesk.Analysis {
		an := &newsdesk.Analysis{Language: "de", Agencies: []string{"dpa", "AFP"}}
		for j := range 40 {
			e := fmt.Sprintf("PER:%d", (j*7+n)%90)
			an.Mentions = append(an.Mentions, newsdesk.Mention{Start: j * 20, End: j*20 + 10, Text: "Name " + e, Type: newsdesk.Person, Kind: newsdesk.NameMention, EntityID: e})
			an.Entities = append(an.Entities, newsdesk.Entity{ID: e, Name: "Name " + e, Type: newsdesk.Person})
		}
		for j := range 4 {
			an.Quotes = append(an.Quotes, newsdesk.Quotation{Span: newsdesk.Span{Start: 1000 + j*100, End: 1050 + j*100,
				Text: fmt.Sprintf("Die Verhandlungen über den Vertrag %d gehen in die nächste Runde, sagte er", j)}, Form: newsdesk.DirectQuote,
				Cue:     &newsdesk.Span{Start: 1060 + j*100, End: 1065 + j*100, Text: "sagte"},
				Speaker: &newsdesk.Attributed{Span: newsdesk.Span{Start: 0, End: 10, Text: "Name PER:1"}, EntityID: "PER:1"}})
		}
		for j := range 3 {
			an.Sources = append(an.Sources, newsdesk.CitedSource{Span: newsdesk.Span{Start: 2000 + j*10, End: 2005 + j*10, Text: "Polizei"}, Name: "Polizei", Kind: newsdesk.CitedInstitution})
			an.Figures = append(an.Figures, newsdesk.Figure{Span: newsdesk.Span{Start: 3000 + j*10, End: 3005 + j*10, Text: "39 Menschen"}, Value: 39, Unit: "Menschen"})
		}
		return an
	}
	b.ResetTimer()
	for i := range b.N {
		as := make([]newsdesk.ArticleAnalysis, batch)
		for k, id := range ids {
			as[k] = newsdesk.ArticleAnalysis{ArticleID: id, Hash: "h", Analysis: analysis(id, i)}
		}
		if err := s.SaveAnalyses(ctx, int64(i), int64(i+1), as); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*batch), "µs/article")
}
