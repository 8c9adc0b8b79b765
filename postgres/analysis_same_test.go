package postgres

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/analyze"
	"newsdesk/sqlite"
	"newsdesk/storetest"
)

// sameAsEmbedded calls read on both stores and fails t unless the two
// give the same result, compared as JSON.
func sameAsEmbedded[T any](t *testing.T, what string, stores [2]storetest.AnalysisStore, read func(storetest.AnalysisStore) (T, error)) T {
	t.Helper()
	return samePaged(t, what, stores, func(_ int, s storetest.AnalysisStore) (T, error) { return read(s) })
}

// samePaged is sameAsEmbedded with read told which store it reads: 0
// the embedded, 1 PostgreSQL.
func samePaged[T any](t *testing.T, what string, stores [2]storetest.AnalysisStore, read func(int, storetest.AnalysisStore) (T, error)) T {
	t.Helper()
	var out [2][]byte
	var first T
	for i, s := range stores {
		v, err := read(i, s)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		if i == 0 {
			first = v
		}
		if out[i], err = json.Marshal(v); err != nil {
			t.Fatal(err)
		}
	}
	if string(out[0]) != string(out[1]) {
		t.Errorf("%s:\nembedded   %s\npostgres   %s", what, out[0], out[1])
	}
	return first
}

// The analysis follower, run with the real analyser on the same
// articles in both stores, leaves the same analyses, and both stores
// list, find and edit them alike.
func TestAnalysesSameAsEmbedded(t *testing.T) {
	ctx := context.Background()
	texts, err := filepath.Glob("../analyze/testdata/identity/*.txt")
	if err != nil || len(texts) == 0 {
		t.Skipf("no texts to analyse: %v", err)
	}
	lite, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lite.Close() })
	stores := [2]storetest.AnalysisStore{lite, openTest(t)}

	var ids []int64
	for i, name := range texts {
		text, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		var meta struct{ Date, Lang string }
		mb, err := os.ReadFile(strings.TrimSuffix(name, ".txt") + ".meta.json")
		if err == nil {
			err = json.Unmarshal(mb, &meta)
		}
		if err != nil {
			t.Fatal(err)
		}
		day, err := time.Parse(time.DateOnly, meta.Date)
		if err != nil {
			t.Fatal(err)
		}
		// Every fourth article is a copy of the one before on another
		// site, an hour later.
		src := name
		if i%4 == 3 {
			src = texts[i-1]
			if text, err = os.ReadFile(src); err != nil {
				t.Fatal(err)
			}
		}
		u := "https://" + meta.Lang + strings.Repeat("x", i%3) + ".example/" + filepath.Base(name)
		a := &newsdesk.Article{URL: u, Title: filepath.Base(src), Language: meta.Lang, Published: day.Add(time.Duration(i) * time.Hour)}
		for _, p := range strings.Split(string(text), "\n") {
			if strings.TrimSpace(p) != "" {
				a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: p})
			}
		}
		var id int64
		for k, s := range stores {
			got, _, err := s.SaveArticle(ctx, &newsdesk.Page{URL: u, Fetched: day, Body: text}, a)
			if err != nil {
				t.Fatal(err)
			}
			if k == 1 && got != id {
				t.Fatalf("article %s: id %d in PostgreSQL, %d embedded", u, got, id)
			}
			id = got
		}
		ids = append(ids, id)
	}

	an := analyze.New(nil, nil)
	follow := func() {
		t.Helper()
		for _, s := range stores {
			f := &analyze.Follower{Store: s, Analyzer: an}
			for range 100 {
				pos, err := f.Position(ctx)
				if err != nil {
					t.Fatal(err)
				}
				cs, err := s.Changes(ctx, pos, analyze.BatchSize)
				if err != nil {
					t.Fatal(err)
				}
				if len(cs) == 0 {
					break
				}
				if err := f.Apply(ctx, pos, cs); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	changes := func(after [2]int64) [2][]int64 {
		var out [2][]int64
		for i, s := range stores {
			cs, err := s.Changes(ctx, after[i], 10000)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				out[i] = append(out[i], c.ID)
			}
		}
		return out
	}
	lasts := func() [2]int64 {
		var out [2]int64
		for i, s := range stores {
			_, last, err := s.Pending(ctx, 0)
			if err != nil {
				t.Fatal(err)
			}
			out[i] = last
		}
		return out
	}
	compare := func(stage string) {
		t.Helper()
		for _, id := range ids {
			sameAsEmbedded(t, stage+": mentions", stores, func(s storetest.AnalysisStore) ([]newsdesk.Mention, error) {
				return s.ArticleMentions(ctx, id)
			})
			sameAsEmbedded(t, stage+": attribution", stores, func(s storetest.AnalysisStore) (*newsdesk.Attribution, error) {
				return s.ArticleAttribution(ctx, id)
			})
		}
		sameAsEmbedded(t, stage+": tags", stores, func(s storetest.AnalysisStore) (map[int64]newsdesk.ArticleTags, error) {
			return s.ArticleTags(ctx, ids)
		})
		sameAsEmbedded(t, stage+": article entities", stores, func(s storetest.AnalysisStore) (map[int64][]string, error) {
			return s.ArticleEntities(ctx, ids)
		})
		list := sameAsEmbedded(t, stage+": entities", stores, func(s storetest.AnalysisStore) (*newsdesk.EntityList, error) {
			return s.Entities(ctx, newsdesk.EntityFilter{Limit: 1000})
		})
		for _, f := range []newsdesk.EntityFilter{
			{Limit: 7}, {Query: "putin"}, {Query: "Kreml"}, {Query: "pr"}, {Query: "sch", Type: newsdesk.Person},
			{Type: newsdesk.Location, From: time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC)},
		} {
			page := sameAsEmbedded(t, stage+": entities", stores, func(s storetest.AnalysisStore) (*newsdesk.EntityList, error) {
				return s.Entities(ctx, f)
			})
			if page.NextCursor != "" {
				f.Cursor = page.NextCursor
				sameAsEmbedded(t, stage+": entities, next page", stores, func(s storetest.AnalysisStore) (*newsdesk.EntityList, error) {
					return s.Entities(ctx, f)
				})
			}
		}
		var eids []string
		for i, e := range list.Entities {
			if i < 15 {
				sameAsEmbedded(t, stage+": entity "+e.ID, stores, func(s storetest.AnalysisStore) (*newsdesk.EntityInfo, error) {
					return s.Entity(ctx, e.ID)
				})
			}
			eids = append(eids, e.ID)
		}
		sameAsEmbedded(t, stage+": entity names", stores, func(s storetest.AnalysisStore) (map[string]newsdesk.Entity, error) {
			return s.EntityNames(ctx, eids)
		})
		quotes := sameAsEmbedded(t, stage+": quotes", stores, func(s storetest.AnalysisStore) (*newsdesk.QuoteList, error) {
			return s.Quotes(ctx, newsdesk.QuoteFilter{Limit: 1000})
		})
		fs := []newsdesk.QuoteFilter{{Limit: 3}, {Lang: "en"}, {Query: "Krieg"}, {Query: "said"}, {Query: `"the war"`}, {Query: "Regierung", Lang: "de"}}
		if len(quotes.Quotes) > 0 && quotes.Quotes[0].Speaker != nil && quotes.Quotes[0].Speaker.EntityID != "" {
			fs = append(fs, newsdesk.QuoteFilter{Speaker: quotes.Quotes[0].Speaker.EntityID})
		}
		for _, f := range fs {
			// Cursors are each store's own: the pages must agree.
			var cursors [2]string
			for range 3 {
				samePaged(t, stage+": quotes", stores, func(i int, s storetest.AnalysisStore) (*newsdesk.QuoteList, error) {
					g := f
					g.Cursor = cursors[i]
					l, err := s.Quotes(ctx, g)
					if l != nil {
						if cursors[i] = l.NextCursor; l.NextCursor != "" {
							l.NextCursor = "more"
						}
					}
					return l, err
				})
				if cursors[0] == "" {
					break
				}
			}
		}
		if t.Failed() {
			t.FailNow()
		}
	}

	follow()
	compare("analysed")
	quotes, err := lite.Quotes(ctx, newsdesk.QuoteFilter{Limit: 1000})
	if err != nil || len(quotes.Quotes) < 5 {
		t.Fatalf("the analyser found %d quotations, %v; want some to compare", len(quotes.Quotes), err)
	}
	all, err := lite.Entities(ctx, newsdesk.EntityFilter{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d articles, %d entities, %d quotations", len(ids), all.Total, quotes.Total)

	// The users' edits, then the analyses made again.
	list, err := lite.Entities(ctx, newsdesk.EntityFilter{Type: newsdesk.Person, Limit: 4})
	if err != nil || len(list.Entities) < 4 {
		t.Fatalf("persons: %+v, %v", list, err)
	}
	p := list.Entities
	info, err := lite.Entity(ctx, p[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	before := lasts()
	for _, edit := range []struct {
		name string
		fn   func(storetest.AnalysisStore) error
	}{
		{"merge", func(s storetest.AnalysisStore) error { return s.MergeEntity(ctx, p[1].ID, p[2].ID) }},
		{"alias", func(s storetest.AnalysisStore) error {
			return s.AliasEntity(ctx, p[3].ID, strings.ToUpper(info.Aliases[0].Text))
		}},
		{"split", func(s storetest.AnalysisStore) error {
			_, err := s.SplitEntity(ctx, p[3].ID, info.Aliases[len(info.Aliases)-1].Text)
			return err
		}},
	} {
		for _, s := range stores {
			if err := edit.fn(s); err != nil {
				t.Fatalf("%s: %v", edit.name, err)
			}
		}
	}
	if cs := changes(before); !slices.Equal(cs[0], cs[1]) || len(cs[0]) == 0 {
		t.Errorf("articles written to the change log by the edits: embedded %v, postgres %v", cs[0], cs[1])
	}
	compare("edited")
	for _, s := range stores {
		if _, err := s.Reanalyze(ctx, newsdesk.ArticleFilter{}); err != nil {
			t.Fatal(err)
		}
	}
	follow()
	compare("edited and analysed again")
}
