package searchtest

import (
	"context"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/search"
)

// Word forms of the generated articles, by language: the inflections of
// each line are one stem in the language's analysis (or two, where the
// analysis tells them apart), so that queries meet other forms than the
// ones they were written with.
var vocab = map[string][]string{
	"de": {
		"Vertrag Verträge Verträgen Vertrags", "unterzeichnen unterzeichnet unterzeichnete", "Regierung Regierungen",
		"Straße Strasse Straßen", "Minister Ministerin Ministers", "Wahl Wahlen wählen gewählt", "Gericht Gerichte Gerichts",
		"Haushalt Haushalts", "Brücke Brücken", "Bahn Bahnen", "Polizei", "Stadt Städte", "Schule Schulen", "Sturm Stürme",
		"Hafen Häfen", "München", "Bürger Bürgerin Bürgern", "Grenze Grenzen", "Fluss Flüsse", "Gipfel", "Streik Streiks",
		"der die das", "und", "mit", "über", "nach", "hat", "am Montag", "in Berlin", "New-York", "COVID-19",
	},
	"en": {
		"treaty treaties", "sign signed signing signs", "leader leaders", "election elections elected", "court courts",
		"market markets", "bank banks banking", "storm storms", "police", "school schools", "bridge bridges",
		"railway railways", "minister ministers", "vote voted voting votes", "city cities", "summit", "harbour",
		"strike strikes", "border borders", "the", "was", "of", "and", "in", "a", "on Monday", "in London", "New-York", "COVID-19",
	},
	"fr": {
		"traité traités", "signé signée", "président présidents", "Paris", "élection élections", "marché marchés",
		"le la les", "de", "et", "à", "gouvernement", "grève grèves", "pont ponts",
	},
}

var (
	genFirst = []string{"Anna", "Peter", "Jürgen", "John", "Sarah", "Marie", "Zoë", "Lukas"}
	genLast  = []string{"Müller", "Schmidt", "Smith", "Doe", "Curie", "Weiß", "Brown", "O'Neil"}
	genSites = []string{"Tagesblatt", "Daily Post", "Stadtanzeiger", "Le Journal", "Rundschau Online", "t-online", "Morning Star", "Kurier"}
	genEnts  = []string{"Q7747", "PER:olaf-scholz", "ORG:bundestag", "LOC:paris", "Q64", "PER:jane-doe"}
	genAgenc = []string{"dpa", "AFP", "Reuters", "AP", "epd"}
)

// genEpoch is the start of the generated articles' dates.
var genEpoch = time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC)

// Generated is a generated corpus: its articles and the tags of each.
type Generated struct {
	Articles []*newsdesk.StoredArticle
	Tags     map[int64]newsdesk.ArticleTags
}

// TagsFunc returns the tags of the corpus as an index's SetTags takes
// them.
func (g *Generated) TagsFunc() func(context.Context, []int64) (map[int64]newsdesk.ArticleTags, error) {
	return func(_ context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error) {
		out := map[int64]newsdesk.ArticleTags{}
		for _, id := range ids {
			if t, ok := g.Tags[id]; ok {
				out[id] = t
			}
		}
		return out, nil
	}
}

// Generate makes n articles (IDs 1 to n) in German, English, French and
// undeclared languages, from eight sources and outlets (one of them
// without a domain, some articles without outlet), one or two authors,
// dates over a few weeks (some undated, some of the same second), a
// quarter of them copies of an earlier article, in stories, with
// entities, speakers and agencies. The same n and seed give the same
// corpus.
func Generate(n int, seed uint64) *Generated {
	r := rand.New(rand.NewPCG(seed, 11))
	g := &Generated{Tags: map[int64]newsdesk.ArticleTags{}}
	words := func(l string, k int) string {
		v := vocab[l]
		ws := make([]string, k)
		for i := range ws {
			forms := strings.Fields(v[r.IntN(len(v))])
			if strings.Contains(v[0], " ") && r.IntN(4) == 0 {
				forms = []string{strings.Join(forms, " ")} // a run of words
			}
			ws[i] = forms[r.IntN(len(forms))]
		}
		return strings.Join(ws, " ")
	}
	var originals []*newsdesk.StoredArticle
	var last time.Time
	for i := range n {
		id := int64(i + 1)
		src := int64(1 + r.IntN(len(genSites)))
		a := &newsdesk.StoredArticle{ID: id, SourceID: src}
		a.SiteName = genSites[src-1]
		a.URL = fmt.Sprintf("https://site%d.example/%d", src, id)
		switch {
		case src == 8:
			a.Outlet = &newsdesk.Outlet{ID: src, Name: a.SiteName} // no domain
		case src != 7:
			a.Outlet = &newsdesk.Outlet{ID: src, Domain: fmt.Sprintf("site%d.example", src), Name: a.SiteName}
		}
		switch k := r.IntN(20); {
		case k == 0:
			// undated
		case k == 1 && !last.IsZero():
			a.Published = last
		default:
			a.Published = genEpoch.Add(time.Duration(r.Int64N(int64(40 * 24 * time.Hour))))
		}
		if !a.Published.IsZero() {
			last = a.Published
		}
		for range 1 + r.IntN(2) {
			a.Authors = append(a.Authors, genFirst[r.IntN(len(genFirst))]+" "+genLast[r.IntN(len(genLast))])
		}
		t := newsdesk.ArticleTags{}
		if len(originals) > 0 && r.IntN(4) == 0 {
			o := originals[len(originals)-1-r.IntN(min(len(originals), 8))]
			a.Language, a.Blocks, a.Subtitle, a.Title = o.Language, o.Blocks, o.Subtitle, o.Title
			if r.IntN(2) == 0 {
				a.Title = words(langOf(o.Language), 4)
			}
			t.CopyOf, t.Story = o.ID, g.Tags[o.ID].Story
		} else {
			a.Language = []string{"de", "de", "en", "en", "en-GB", "fr", ""}[r.IntN(7)]
			l := langOf(a.Language)
			a.Title = words(l, 3+r.IntN(4))
			if r.IntN(3) > 0 {
				a.Subtitle = words(l, 4+r.IntN(6))
			}
			for range 1 + r.IntN(4) {
				a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: words(l, 8+r.IntN(25)) + "."})
			}
			if r.IntN(3) > 0 {
				t.Story = 1000 + int64(len(originals)/4)
			}
			originals = append(originals, a)
		}
		for _, e := range genEnts {
			if r.IntN(4) == 0 {
				t.Entities = append(t.Entities, e)
			}
		}
		if r.IntN(5) == 0 {
			t.Speakers = []string{genEnts[r.IntN(len(genEnts))]}
		}
		if r.IntN(4) == 0 {
			t.Agencies = []string{genAgenc[r.IntN(len(genAgenc))]}
		}
		g.Tags[id] = t
		g.Articles = append(g.Articles, a)
	}
	return g
}

// langOf returns the vocabulary of language code ("" takes German).
func langOf(code string) string {
	switch {
	case strings.HasPrefix(code, "en"):
		return "en"
	case code == "fr":
		return "fr"
	}
	return "de"
}

// Queries makes n queries over g: words of every vocabulary in other
// forms, phrases of the articles, OR, NOT, brackets and every field of
// the query syntax, each with a random sort and now and then filters,
// facets, collapsing or stories. The same seed gives the same queries.
func (g *Generated) Queries(n int, seed uint64) []newsdesk.Query {
	r := rand.New(rand.NewPCG(seed, 12))
	langs := slices.Sorted(maps.Keys(vocab))
	word := func() string {
		v := vocab[langs[r.IntN(len(langs))]]
		forms := strings.Fields(v[r.IntN(len(v))])
		return forms[r.IntN(len(forms))]
	}
	phrase := func() string {
		a := g.Articles[r.IntN(len(g.Articles))]
		ws := strings.Fields(a.Text())
		if len(ws) < 3 {
			return `"` + word() + `"`
		}
		k := r.IntN(len(ws) - 2)
		return `"` + strings.Join(ws[k:k+2+r.IntN(2)], " ") + `"`
	}
	var atom func(depth int) string
	atom = func(depth int) string {
		switch k := r.IntN(24); {
		case k < 9:
			return word()
		case k < 12:
			return phrase()
		case k == 12:
			return "title:" + word()
		case k == 13:
			return "author:" + strings.ToLower(genLast[r.IntN(len(genLast))])
		case k == 14:
			return "source:" + strconv.Itoa(1+r.IntN(len(genSites)))
		case k == 15:
			return "lang:" + []string{"de", "en", "fr"}[r.IntN(3)]
		case k == 16:
			return "outlet:" + []string{"site2.example", `"Daily Post"`, "www.site3.example", "kurier", "t-online"}[r.IntN(5)]
		case k == 17:
			return `entity:"` + genEnts[r.IntN(len(genEnts))] + `"`
		case k == 18:
			return "agency:" + genAgenc[r.IntN(len(genAgenc))]
		case k == 19:
			return "story:" + strconv.Itoa(1000+r.IntN(30))
		case k == 20:
			return "speaker:" + genEnts[r.IntN(len(genEnts))]
		case depth < 2 && k == 21:
			return "title:(" + atom(depth+1) + " OR " + atom(depth+1) + ")"
		case depth < 2:
			return "(" + atom(depth+1) + " OR " + atom(depth+1) + ")"
		}
		return word()
	}
	expr := func() string {
		var parts []string
		for range 1 + r.IntN(3) {
			a := atom(0)
			switch r.IntN(8) {
			case 0:
				a = "-" + a
			case 1:
				a = "NOT " + a
			}
			if len(parts) > 0 && r.IntN(4) == 0 {
				parts = append(parts, "OR")
			}
			parts = append(parts, a)
		}
		return strings.Join(parts, " ")
	}
	out := make([]newsdesk.Query, 0, n)
	for len(out) < n {
		q := newsdesk.Query{}
		if r.IntN(10) > 0 {
			q.Text = expr()
		}
		if r.IntN(2) == 0 {
			q.Sort = search.SortDate
		}
		switch r.IntN(12) {
		case 0:
			q.Language = []string{"de", "en", "fr", "en-GB"}[r.IntN(4)]
		case 1:
			q.SourceID = int64(1 + r.IntN(len(genSites)))
		case 2:
			from := genEpoch.Add(time.Duration(r.IntN(30)) * 24 * time.Hour)
			q.From, q.To = from, from.Add(time.Duration(1+r.IntN(15))*24*time.Hour)
		case 3:
			q.Entity = genEnts[r.IntN(len(genEnts))]
		case 4:
			q.Agency = strings.ToUpper(genAgenc[r.IntN(len(genAgenc))])
		case 5:
			q.Outlet = []string{"site4.example", "Morning Star", "Kurier"}[r.IntN(3)]
		case 6:
			q.Author = genFirst[r.IntN(len(genFirst))]
		case 7:
			q.Story = int64(1000 + r.IntN(30))
		case 8:
			q.Speaker = genEnts[r.IntN(len(genEnts))]
		case 9:
			q.To = genEpoch.Add(time.Duration(r.IntN(40)) * 24 * time.Hour)
		}
		q.Facets = r.IntN(3) == 0
		q.Collapse = r.IntN(4) == 0
		if r.IntN(4) == 0 {
			q.Stories = 1 + r.IntN(10)
		}
		out = append(out, q)
	}
	return out
}

// Fill gives ix the tags of g and adds its articles.
func (g *Generated) Fill(t testing.TB, ix Index) {
	t.Helper()
	ix.SetTags(g.TagsFunc())
	if err := ix.AddMany(context.Background(), g.Articles); err != nil {
		t.Fatal(err)
	}
}

// Stats counts what Compare compared.
type Stats struct {
	Queries, WithHits, Hits int
}

// Compare runs every query of qs against want and got, two indexes of
// the same articles, paged to the end with the largest pages, and
// reports every difference of totals and hit sets; of the order of the
// hits, their snippets and copies and of the stories when the hits are
// sorted by date (by relevance the ranks of two indexes may differ);
// and of facets.
func Compare(t *testing.T, want, got newsdesk.Index, qs []newsdesk.Query) Stats {
	t.Helper()
	ctx := context.Background()
	all := func(ix newsdesk.Index, q newsdesk.Query) (*newsdesk.Result, []newsdesk.Hit, error) {
		q.Limit = search.MaxLimit
		var first *newsdesk.Result
		var hits []newsdesk.Hit
		for page := 0; page < 10; page++ {
			r, err := ix.Search(ctx, q)
			if err != nil {
				return nil, nil, err
			}
			if first == nil {
				first = r
			}
			hits = append(hits, r.Hits...)
			if r.NextCursor == "" {
				break
			}
			q.Cursor = r.NextCursor
		}
		return first, hits, nil
	}
	var st Stats
	for i, q := range qs {
		st.Queries++
		wr, wh, werr := all(want, q)
		gr, gh, gerr := all(got, q)
		name := fmt.Sprintf("query %d %+v", i, q)
		if (werr == nil) != (gerr == nil) {
			t.Errorf("%s: errors %v and %v", name, werr, gerr)
			continue
		}
		if werr != nil {
			continue
		}
		if wr.Total != gr.Total {
			t.Errorf("%s: total %d, want %d", name, gr.Total, wr.Total)
		}
		wids, gids := hitIDs(wh), hitIDs(gh)
		if q.Sort == search.SortDate || strings.TrimSpace(q.Text) == "" {
			if !slices.Equal(gids, wids) {
				t.Errorf("%s: hits by date %v,\nwant %v", name, gids, wids)
			} else {
				for k := range wh {
					w, g := wh[k], gh[k]
					w.Score, g.Score = 0, 0
					if !reflect.DeepEqual(g, w) {
						t.Errorf("%s: hit\n%+v,\nwant\n%+v", name, g, w)
						break
					}
				}
			}
			if !slices.Equal(gr.Stories, wr.Stories) {
				t.Errorf("%s: stories %v, want %v", name, gr.Stories, wr.Stories)
			}
		} else if !q.Collapse && !slices.Equal(sorted(gids), sorted(wids)) {
			t.Errorf("%s: hits %v,\nwant %v", name, sorted(gids), sorted(wids))
		} else if q.Collapse {
			// The best hit of a group may differ by rank: the groups
			// shown and the articles folded must not.
			if wn, gn := folded(wh), folded(gh); wn != gn || len(wh) != len(gh) {
				t.Errorf("%s: %d hits folding %d, want %d folding %d", name, len(gh), gn, len(wh), wn)
			}
		}
		if q.Facets {
			for _, k := range slices.Sorted(maps.Keys(wr.Facets)) {
				if !reflect.DeepEqual(gr.Facets[k], wr.Facets[k]) {
					t.Errorf("%s: facet %s\n%v,\nwant\n%v", name, k, gr.Facets[k], wr.Facets[k])
				}
			}
		}
		if q.Facets && !reflect.DeepEqual(gr.Outlets, wr.Outlets) {
			t.Errorf("%s: outlets %v, want %v", name, gr.Outlets, wr.Outlets)
		}
		if wr.Total > 0 {
			st.WithHits++
			st.Hits += wr.Total
		}
	}
	return st
}

func hitIDs(hs []newsdesk.Hit) []int64 {
	out := make([]int64, len(hs))
	for i, h := range hs {
		out[i] = h.ID
	}
	return out
}

func folded(hs []newsdesk.Hit) int {
	n := 0
	for _, h := range hs {
		n += 1 + h.Copies
	}
	return n
}
