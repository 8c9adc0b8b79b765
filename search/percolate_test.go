package search

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"newsdesk"
)

// tagged is a corpus with the tags the index files its articles under.
type tagged struct {
	as   []*newsdesk.StoredArticle
	tags map[int64]newsdesk.ArticleTags
}

// openTaggedIndex indexes the articles of c with their tags.
func openTaggedIndex(t testing.TB, c tagged) *Index {
	t.Helper()
	ix, err := Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	ix.SetTags(func(_ context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error) {
		out := make(map[int64]newsdesk.ArticleTags, len(ids))
		for _, id := range ids {
			out[id] = c.tags[id]
		}
		return out, nil
	})
	for i := 0; i < len(c.as); i += 500 {
		if err := ix.AddMany(context.Background(), c.as[i:min(i+500, len(c.as))]); err != nil {
			t.Fatal(err)
		}
	}
	return ix
}

// taggedCorpus is corpus() with entities, speakers, agencies and
// stories.
func taggedCorpus() tagged {
	c := tagged{as: corpus(), tags: map[int64]newsdesk.ArticleTags{}}
	for i, a := range c.as {
		var tg newsdesk.ArticleTags
		if i%2 == 0 {
			tg.Entities = []string{"Q7747", "PER:olaf-scholz"}
		}
		if i%4 == 1 {
			tg.Speakers = []string{"Q7747"}
			tg.Agencies = []string{"dpa", "AFP"}
		}
		if i%3 != 2 {
			tg.Story = int64(1 + i%2)
		}
		switch i % 3 {
		case 0:
			a.Outlet = &newsdesk.Outlet{ID: 1, Domain: "spiegel.de", Name: "DER SPIEGEL"}
		case 1:
			a.Outlet = &newsdesk.Outlet{ID: 2, Domain: "t-online.de", Name: "t-online"}
		}
		c.tags[a.ID] = tg
	}
	return c
}

// searchIDs returns the ids of every hit of q, all pages, in ascending
// order.
func searchIDs(t testing.TB, ix *Index, q newsdesk.Query) []int64 {
	t.Helper()
	q.Limit, q.Sort = MaxLimit, SortDate
	var out []int64
	for {
		r, err := ix.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("Search(%+v): %v", q, err)
		}
		out = append(out, ids(r)...)
		if r.NextCursor == "" {
			break
		}
		q.Cursor = r.NextCursor
	}
	slices.Sort(out)
	return out
}

// percolated returns, by query id, the articles of c that p matches.
func percolated(p *Percolator, c tagged) map[int64][]int64 {
	out := map[int64][]int64{}
	for _, a := range c.as {
		for _, id := range p.Match(a, c.tags[a.ID]) {
			out[id] = append(out[id], a.ID)
		}
	}
	return out
}

// compareWithSearch adds qs to a Percolator, matches every article of c
// and compares, query by query, the articles matched with those Search
// finds in ix. A query Add refuses must find no article in Search, or
// every article when Add says it matches every one. It returns how many
// queries Add took.
func compareWithSearch(t *testing.T, ix *Index, c tagged, qs []newsdesk.Query) int {
	t.Helper()
	p := NewPercolator()
	taken := 0
	for i, q := range qs {
		err := p.Add(int64(i), q)
		if err == nil {
			taken++
			continue
		}
		if !errors.Is(err, ErrBadQuery) {
			t.Errorf("Add(%+v): %v, not ErrBadQuery", q, err)
		}
		got := searchIDs(t, ix, q)
		if strings.Contains(err.Error(), "every article") {
			if len(got) != len(c.as) {
				t.Errorf("Add(%+v): %v, but Search finds %d of %d articles", q, err, len(got), len(c.as))
			}
		} else if len(got) > 0 {
			t.Errorf("Add(%+v): %v, but Search finds %v", q, err, got)
		}
	}
	if p.Len() != taken {
		t.Errorf("Len() = %d, want %d", p.Len(), taken)
	}
	byQuery := percolated(p, c)
	diffs := 0
	for i, q := range qs {
		if _, err := newStanding(0, q); err != nil {
			continue
		}
		want := searchIDs(t, ix, q)
		if got := byQuery[int64(i)]; !slices.Equal(got, want) {
			diffs++
			if diffs <= 20 {
				t.Errorf("%+v: Match finds %v, Search %v", q, got, want)
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d queries differ", diffs, len(qs))
	}
	return taken
}

func TestPercolator(t *testing.T) {
	c := taggedCorpus()
	ix := openTaggedIndex(t, c)
	tests := []struct {
		name string
		q    newsdesk.Query
		want []int64
	}{
		{"word", newsdesk.Query{Text: "Paris"}, []int64{1, 2, 5}},
		{"stem de", newsdesk.Query{Text: "Vertrag"}, []int64{1}},
		{"stem en", newsdesk.Query{Text: "treaties"}, []int64{2, 6}},
		{"umlaut folded", newsdesk.Query{Text: "Strasse"}, []int64{4}},
		{"and", newsdesk.Query{Text: "treaty Paris"}, []int64{2}},
		{"and written", newsdesk.Query{Text: "treaty AND Paris"}, []int64{2}},
		{"or", newsdesk.Query{Text: "Vertrag OR treaty"}, []int64{1, 2, 6}},
		{"minus", newsdesk.Query{Text: "treaty -Paris"}, []int64{6}},
		{"only not", newsdesk.Query{Text: "-Paris"}, []int64{3, 4, 6}},
		{"not group", newsdesk.Query{Text: "Paris -(Vertrag OR treaty)"}, []int64{5}},
		{"phrase", newsdesk.Query{Text: `"treaty was signed"`}, []int64{2}},
		{"phrase stemmed", newsdesk.Query{Text: `"treaty were signing"`}, []int64{6}},
		{"phrase order", newsdesk.Query{Text: `"signed was treaty"`}, nil},
		{"phrase across paragraphs", newsdesk.Query{Text: `"leaders it covers"`}, []int64{2}},
		{"phrase not across columns", newsdesk.Query{Text: `"frankreich zwei"`}, nil},
		{"hyphen word is a phrase", newsdesk.Query{Text: "New-York"}, []int64{6}},
		{"title field", newsdesk.Query{Text: "title:treaty"}, []int64{2, 6}},
		{"title field misses body", newsdesk.Query{Text: "title:Paris"}, nil},
		{"author field", newsdesk.Query{Text: "author:müller"}, []int64{1}},
		{"author words", newsdesk.Query{Text: "Jane"}, []int64{2, 3}},
		{"lang field", newsdesk.Query{Text: "lang:de"}, []int64{1, 4}},
		{"lang field and word", newsdesk.Query{Text: "Paris lang:en"}, []int64{2}},
		{"detected language", newsdesk.Query{Text: "lang:en markets"}, []int64{6}},
		{"source field", newsdesk.Query{Text: "source:2"}, []int64{2, 3}},
		{"source name", newsdesk.Query{Text: "source:stadtanzeiger"}, []int64{4, 5}},
		{"source or", newsdesk.Query{Text: "Paris (source:1 OR source:3)"}, []int64{1, 5}},
		{"title or phrase", newsdesk.Query{Text: `title:("new treaty" OR weather)`}, []int64{2, 3}},
		{"not inside title", newsdesk.Query{Text: "title:(treaty -leaders)"}, []int64{6}},
		{"entity", newsdesk.Query{Text: "entity:Q7747"}, []int64{1, 3, 5}},
		{"entity and word", newsdesk.Query{Text: "entity:PER:olaf-scholz Paris"}, []int64{1, 5}},
		{"speaker", newsdesk.Query{Text: "speaker:Q7747 -Paris"}, []int64{6}},
		{"agency any case", newsdesk.Query{Text: "agency:afp"}, []int64{2, 6}},
		{"story", newsdesk.Query{Text: "story:2 OR story:1"}, []int64{1, 2, 4, 5}},
		{"source filter", newsdesk.Query{Text: "Paris", SourceID: 2}, []int64{2}},
		{"language filter", newsdesk.Query{Text: "Paris", Language: "de"}, []int64{1}},
		{"language filter other", newsdesk.Query{Text: "Paris", Language: "fr"}, []int64{5}},
		{"author filter", newsdesk.Query{Text: "Paris", Author: "John Smith"}, []int64{2}},
		{"entity filter only", newsdesk.Query{Entity: "Q7747"}, []int64{1, 3, 5}},
		{"speaker filter", newsdesk.Query{Speaker: " Q7747 "}, []int64{2, 6}},
		{"agency filter", newsdesk.Query{Text: "treaty", Agency: "DPA"}, []int64{2, 6}},
		{"story filter", newsdesk.Query{Text: "-Paris", Story: 2}, []int64{4}},
		{"filters only", newsdesk.Query{SourceID: 3}, []int64{4, 5}},
		{"no match", newsdesk.Query{Text: "zeppelin"}, nil},
		{"stray syntax", newsdesk.Query{Text: `) treaty OR ( "`}, []int64{2, 6}},
	}
	p := NewPercolator()
	var qs []newsdesk.Query
	for i, tt := range tests {
		if err := p.Add(int64(i), tt.q); err != nil {
			t.Fatalf("%s: Add: %v", tt.name, err)
		}
		qs = append(qs, tt.q)
	}
	byQuery := percolated(p, c)
	for i, tt := range tests {
		if got := byQuery[int64(i)]; !slices.Equal(got, tt.want) {
			t.Errorf("%s: %q: Match finds %v, want %v", tt.name, tt.q.Text, got, tt.want)
		}
	}
	compareWithSearch(t, ix, c, qs)

	// Bad standing queries.
	for _, q := range []newsdesk.Query{
		{},
		{Text: "   "},
		{Text: "?!"},
		{Text: "?!", Language: "de"},
		{Author: "?!"},
		{Text: "Paris", Language: "klingon"},
		{Text: "Paris", From: day(1)},
		{Text: "\u0301"},
		{Text: "-(-a -b)"},
	} {
		if err := p.Add(99, q); !errors.Is(err, ErrBadQuery) {
			t.Errorf("Add(%+v): %v, want ErrBadQuery", q, err)
		}
	}
	if p.Len() != len(tests) {
		t.Errorf("Len() = %d after refused queries, want %d", p.Len(), len(tests))
	}
}

// TestPercolatorOdd compares Match with Search for queries at the edges
// of the syntax and of the analysis.
func TestPercolatorOdd(t *testing.T) {
	c := taggedCorpus()
	ix := openTaggedIndex(t, c)
	var qs []newsdesk.Query
	for _, s := range []string{
		"", "a", `"a b" OR -c`, "NOT (a OR (b AND -c))", `author:"x y" lang:de source:3 title:z`,
		"((((", `"""`, "- -a", "a OR", "\x00\xff", "(a OR NOT b) -(c d)", "source:Daily-Post",
		"lang:", "ß ẞ ǅ", "* ^ : { } + NEAR(a b)", `title:"`, "-(-a)",
		"title:(a OR b)", `title:("a b" OR c)`, "-title:(x)", "title:(a (b OR (c -d)))", "title:(",
		"author:(x title:(y)) OR source:(1 OR z)", "title:(((((((((((a)))))))))))",
		"\u0301", "Paris \u0301", `"Paris \u0301 Monday"`, "Paris OR \u0301", "-\u0301", "Paris -\u0301",
		`"in \u0301 Paris"`, "lang:xx", "lang:!!!", "lang:de lang:en", "lang:de -lang:de Paris",
		"lang:fr OR treaty", "lang:DE Paris", "lang:german Paris", "lang:en-GB treaty",
		"source:-5", "source:0", "source:Daily", `source:"daily post"`, "source:(Daily OR 3)",
		"story:0", "story:-1", "story:x", "entity:", "agency:", "agency:D.P.A", "speaker:Q7747",
		"title:(author:doe lang:en)", "-lang:de", "-source:2 -title:treaty", "-(Paris) -(-treaty)",
		"(lang:de OR lang:en) Paris", "lang:de (Paris OR -Vertrag)", "NOT lang:fr", "a NOT b",
		"Vertrag OR Verträge OR vertrag", "STRASSE", "straße", "Marie-Curie", "author:curie",
		"author:Marie-Curie", `"der vertrag über"`, "über", "AND", "OR", "NOT", "-", "--Paris",
		"Paris -Paris", "title:title", "body:Paris", "tags:x", "Paris:", ":Paris", "§lde", "§",
	} {
		qs = append(qs, newsdesk.Query{Text: s})
		qs = append(qs, newsdesk.Query{Text: s, Language: "de"}, newsdesk.Query{Text: s, Language: "fr"})
		qs = append(qs, newsdesk.Query{Text: s, SourceID: 2, Agency: "afp"})
		qs = append(qs, newsdesk.Query{Text: s, Entity: "Q7747", Author: "doe"})
	}
	for _, q := range []newsdesk.Query{
		{Language: "de"}, {Language: "en"}, {Language: "fr"}, {Language: "DE-at"}, {Language: "xx"},
		{SourceID: -5}, {Story: 1}, {Story: -1}, {Agency: "  "}, {Agency: "d p a"}, {Author: "Jane"},
		{Author: "doe jane"}, {Speaker: "Q7747", Language: "en"},
	} {
		qs = append(qs, q)
	}
	taken := compareWithSearch(t, ix, c, qs)
	t.Logf("%d queries (%d taken by Add) × %d articles", len(qs), taken, len(c.as))
}

// randomCorpus is a generated corpus in German, English and other
// languages (some declared, some detected), with entities, speakers,
// agencies and stories.
func randomCorpus(n int, seed uint64) tagged {
	as := genArticles(1, n, seed)
	r := rand.New(rand.NewPCG(seed, 99))
	c := tagged{as: as, tags: map[int64]newsdesk.ArticleTags{}}
	for i, a := range as {
		switch {
		case i%13 == 0:
			a.Language = "" // detected
		case i%17 == 0:
			a.Language = "nl"
		case i%19 == 0:
			a.Language = "de-AT"
		}
		var tg newsdesk.ArticleTags
		for range r.IntN(4) {
			tg.Entities = append(tg.Entities, "Q"+strconv.Itoa(1+r.IntN(30)))
		}
		if r.IntN(3) == 0 {
			tg.Speakers = []string{"Q" + strconv.Itoa(1+r.IntN(30))}
		}
		if r.IntN(4) == 0 {
			tg.Agencies = []string{[]string{"dpa", "AFP", "Reuters", "ap"}[r.IntN(4)]}
		}
		if i%7 != 0 {
			tg.Story = int64(1 + r.IntN(60))
		}
		c.tags[a.ID] = tg
	}
	return c
}

// corpusWords returns the words of a's text as written, punctuation
// trimmed.
func corpusWords(a *newsdesk.StoredArticle) []string {
	var ws []string
	for _, w := range strings.Fields(a.Title + "\n" + a.Text()) {
		if w = strings.Trim(w, `.,;:!?"'()[]„“”‘’«»–—-`); w != "" {
			ws = append(ws, w)
		}
	}
	return ws
}

// queryGen makes random standing queries from the words of a corpus.
type queryGen struct {
	r     *rand.Rand
	c     tagged
	words [][]string // by article
}

func newQueryGen(c tagged, seed uint64) *queryGen {
	g := &queryGen{r: rand.New(rand.NewPCG(seed, 7)), c: c}
	for _, a := range c.as {
		g.words = append(g.words, corpusWords(a))
	}
	return g
}

// word returns a word of article i, sometimes written otherwise (case,
// umlauts and ß spelled out or folded).
func (g *queryGen) word(i int) string {
	ws := g.words[i]
	for range 20 {
		w := ws[g.r.IntN(len(ws))]
		if utf8.RuneCountInString(w) < 3 && g.r.IntN(4) > 0 {
			continue
		}
		switch g.r.IntN(8) {
		case 0:
			w = strings.ToUpper(w)
		case 1:
			w = strings.ToLower(w)
		case 2:
			w = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss").Replace(w)
		case 3:
			w = strings.NewReplacer("ä", "a", "ö", "o", "ü", "u").Replace(w)
		}
		return w
	}
	return ws[0]
}

func quoteQ(s string) string { return `"` + s + `"` }

// atom returns a word, a phrase, a field or a group drawn from article
// i.
func (g *queryGen) atom(i, depth int) string {
	a := g.c.as[i]
	tg := g.c.tags[a.ID]
	r := g.r
	switch k := r.IntN(24); {
	case k < 9:
		return g.word(i)
	case k < 12:
		ws := g.words[i]
		at := r.IntN(len(ws))
		n := 2 + r.IntN(2)
		return quoteQ(strings.Join(ws[at:min(at+n, len(ws))], " "))
	case k == 12:
		if ws := corpusWords(&newsdesk.StoredArticle{Article: newsdesk.Article{Title: a.Title}}); len(ws) > 0 {
			return "title:" + ws[r.IntN(len(ws))]
		}
	case k == 13:
		if len(a.Authors) > 0 {
			au := a.Authors[r.IntN(len(a.Authors))]
			if r.IntN(2) == 0 {
				return "author:" + quoteQ(au)
			}
			return "author:" + strings.Fields(au)[1]
		}
	case k == 14:
		if r.IntN(2) == 0 {
			return "source:" + strconv.FormatInt(a.SourceID, 10)
		}
		return "source:" + quoteQ(a.SiteName)
	case k == 15:
		return "lang:" + []string{"de", "en", "nl", "fr", "DE", "english"}[r.IntN(6)]
	case k == 16:
		if len(tg.Entities) > 0 {
			return "entity:" + tg.Entities[r.IntN(len(tg.Entities))]
		}
		return "entity:Q" + strconv.Itoa(1+r.IntN(30))
	case k == 17:
		return "speaker:Q" + strconv.Itoa(1+r.IntN(30))
	case k == 18:
		return "agency:" + []string{"dpa", "afp", "REUTERS", "ap"}[r.IntN(4)]
	case k == 19:
		return "story:" + strconv.FormatInt(max(tg.Story, 1), 10)
	case k < 22 && depth < 2:
		other := r.IntN(len(g.c.as))
		return "(" + g.expr(i, depth+1) + " OR " + g.expr(other, depth+1) + ")"
	case k == 22 && depth < 2:
		return "title:(" + g.word(i) + " OR " + g.word(r.IntN(len(g.c.as))) + ")"
	}
	return g.word(i)
}

// expr returns one to three atoms, some negated, some joined by OR.
func (g *queryGen) expr(i, depth int) string {
	var b strings.Builder
	n := 1 + g.r.IntN(3)
	for j := range n {
		if j > 0 {
			if g.r.IntN(5) == 0 {
				b.WriteString(" OR ")
			} else {
				b.WriteByte(' ')
			}
		}
		at := i
		if g.r.IntN(4) == 0 {
			at = g.r.IntN(len(g.c.as)) // a word of another article
		}
		atom := g.atom(at, depth)
		if j > 0 && g.r.IntN(5) == 0 || n == 1 && g.r.IntN(30) == 0 {
			atom = []string{"-", "NOT "}[g.r.IntN(2)] + atom
		}
		b.WriteString(atom)
	}
	return b.String()
}

// query returns a random standing query: text, filters or both.
func (g *queryGen) query() newsdesk.Query {
	r := g.r
	i := r.IntN(len(g.c.as))
	a := g.c.as[i]
	tg := g.c.tags[a.ID]
	var q newsdesk.Query
	if r.IntN(10) > 0 {
		q.Text = g.expr(i, 0)
	}
	if r.IntN(6) == 0 {
		q.Language = []string{"de", "en", "nl", "en-US"}[r.IntN(4)]
	}
	if r.IntN(8) == 0 {
		q.SourceID = a.SourceID
	}
	if r.IntN(12) == 0 && len(a.Authors) > 0 {
		q.Author = strings.Fields(a.Authors[0])[r.IntN(2)]
	}
	if r.IntN(8) == 0 && len(tg.Entities) > 0 {
		q.Entity = tg.Entities[0]
	}
	if r.IntN(15) == 0 {
		q.Speaker = "Q" + strconv.Itoa(1+r.IntN(30))
	}
	if r.IntN(15) == 0 {
		q.Agency = []string{"DPA", "afp"}[r.IntN(2)]
	}
	if r.IntN(12) == 0 {
		q.Story = max(tg.Story, 1)
	}
	if q.Text == "" && q == (newsdesk.Query{}) {
		q.Entity = "Q" + strconv.Itoa(1+r.IntN(30))
	}
	return q
}

// TestPercolatorConsistency checks on a generated corpus that for
// random standing queries — words, phrases, OR, NOT, fields, tags and
// filters — Match finds exactly the articles Search finds.
func TestPercolatorConsistency(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a corpus")
	}
	c := randomCorpus(1200, 11)
	ix := openTaggedIndex(t, c)
	g := newQueryGen(c, 12)
	qs := make([]newsdesk.Query, 500)
	for i := range qs {
		qs[i] = g.query()
	}
	taken := compareWithSearch(t, ix, c, qs)
	hits := 0
	p := NewPercolator()
	for i, q := range qs {
		_ = p.Add(int64(i), q)
	}
	for _, l := range percolated(p, c) {
		hits += len(l)
	}
	t.Logf("%d queries (%d taken by Add) × %d articles checked, %d matches", len(qs), taken, len(c.as), hits)
}

// TestPercolatorRemove checks Remove, replacing a query and Match while
// queries are added and removed.
func TestPercolatorRemove(t *testing.T) {
	c := taggedCorpus()
	p := NewPercolator()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(p.Add(1, newsdesk.Query{Text: "Paris"}))
	must(p.Add(2, newsdesk.Query{Text: "-Paris"}))
	must(p.Add(3, newsdesk.Query{Text: "treaty"}))
	if got := p.Match(c.as[1], c.tags[2]); !slices.Equal(got, []int64{1, 3}) {
		t.Errorf("Match = %v, want [1 3]", got)
	}
	must(p.Add(1, newsdesk.Query{Text: "weather"})) // replaces
	p.Remove(3)
	p.Remove(42)
	if got := p.Match(c.as[1], c.tags[2]); got != nil {
		t.Errorf("Match = %v, want none", got)
	}
	if got := p.Match(c.as[2], c.tags[3]); !slices.Equal(got, []int64{1, 2}) {
		t.Errorf("Match = %v, want [1 2]", got)
	}
	if p.Len() != 2 {
		t.Errorf("Len() = %d, want 2", p.Len())
	}
	p.Remove(2)
	p.Remove(1)
	if p.Len() != 0 || len(p.always) != 0 || len(p.idx[0])+len(p.idx[1])+len(p.idx[2]) != 0 {
		t.Errorf("after removing all: Len %d, %d always, index %v", p.Len(), len(p.always), p.idx)
	}

	// Match side by side with Add and Remove (for the race detector):
	// the standing query 1000 is always there.
	must(p.Add(1000, newsdesk.Query{Text: "Paris OR treaty OR weather"}))
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				a := c.as[(w+i)%len(c.as)]
				if got := p.Match(a, c.tags[a.ID]); (a.ID <= 3 || a.ID == 5 || a.ID == 6) != slices.Contains(got, 1000) {
					t.Errorf("article %d: Match = %v", a.ID, got)
					return
				}
			}
		})
	}
	for i := range 300 {
		_ = p.Add(int64(i%20), newsdesk.Query{Text: fmt.Sprintf("w%d OR -x%d", i, i%3)})
		p.Remove(int64((i + 7) % 20))
	}
	wg.Wait()
}

// FuzzPercolatorAdd adds arbitrary query text to a Percolator, with and
// without filters: Add must not panic, and what Match finds must be
// what Search finds.
func FuzzPercolatorAdd(f *testing.F) {
	for _, s := range []string{
		"", "a", `"a b" OR -c`, "NOT (a OR (b AND -c))", `author:"x y" lang:de source:3 title:z`,
		"((((", `"""`, "\x00\xff", "title:(a (b OR (c -d)))", "\u0301", "lang:xx Paris",
		"entity:Q7747 -treaty", "source:Daily-Post", "-(-a -b)", `"in \u0301 Paris"`,
		"outlet:spiegel.de", `outlet:"der spiegel" Paris`, "-outlet:t-online treaty", "outlet:(t-online.de OR www.spiegel.de)",
	} {
		f.Add(s, uint8(0))
	}
	f.Add("Paris", uint8(16))
	c := taggedCorpus()
	ix := openTaggedIndex(f, c)
	f.Fuzz(func(t *testing.T, s string, filters uint8) {
		q := newsdesk.Query{Text: s}
		if filters&1 != 0 {
			q.Language = "de"
		}
		if filters&2 != 0 {
			q.Entity = "Q7747"
		}
		if filters&4 != 0 {
			q.SourceID = 2
		}
		if filters&8 != 0 {
			q.Author = s
		}
		if filters&16 != 0 {
			q.Outlet = "www.Spiegel.de"
		}
		compareWithSearch(t, ix, c, []newsdesk.Query{q})
	})
}

// BenchmarkPercolate matches the articles of a generated corpus against
// 1,000 and 10,000 standing queries such as readers save: one to four
// words of the corpus, some of them a phrase, some with a language or an
// entity. It reports articles matched per second on one core.
func BenchmarkPercolate(b *testing.B) {
	c := randomCorpus(2000, 21)
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("queries=%d", n), func(b *testing.B) {
			p := NewPercolator()
			g := newQueryGen(c, uint64(n))
			for i := range n {
				if err := p.Add(int64(i), g.saved()); err != nil {
					b.Fatal(err)
				}
			}
			matches := 0
			i := 0
			start := time.Now()
			for b.Loop() {
				a := c.as[i%len(c.as)]
				matches += len(p.Match(a, c.tags[a.ID]))
				i++
			}
			b.ReportMetric(float64(i)/time.Since(start).Seconds(), "articles/s")
			b.ReportMetric(float64(matches)/float64(i), "matches/article")
		})
	}
}

// saved returns a query as a reader saves one: one to four words of an
// article, now and then two of them as a phrase, a fifth with a
// language and a tenth with an entity.
func (g *queryGen) saved() newsdesk.Query {
	r := g.r
	i := r.IntN(len(g.c.as))
	content := func(w string) bool {
		return utf8.RuneCountInString(w) >= 4 && !stopWords[strings.ToLower(w)] &&
			strings.IndexFunc(w, func(r rune) bool { return !unicode.IsLetter(r) }) < 0
	}
	var parts []string
	for n, tries := 1+r.IntN(4), 0; len(parts) < n; tries++ {
		if tries%50 == 49 {
			i = r.IntN(len(g.c.as)) // an article of few content words
		}
		ws := g.words[i]
		at := r.IntN(len(ws))
		if !content(ws[at]) {
			continue
		}
		if r.IntN(5) == 0 && at+1 < len(ws) && content(ws[at+1]) {
			parts = append(parts, quoteQ(ws[at]+" "+ws[at+1]))
			continue
		}
		parts = append(parts, ws[at])
	}
	switch r.IntN(10) {
	case 0, 1:
		if l := g.c.as[i].Language; l != "" {
			parts = append(parts, "lang:"+l)
		}
	case 2:
		parts = append(parts, "entity:Q"+strconv.Itoa(1+r.IntN(30)))
	}
	return newsdesk.Query{Text: strings.Join(parts, " ")}
}
