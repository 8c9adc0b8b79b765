// Package testcorpus makes a synthetic but realistic corpus of articles
// and queries for the tests, benchmarks and load tests of newsdesk's
// search indexes, the same for every index.
package testcorpus

import (
	"cmp"
	"compress/gzip"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"newsdesk"
	"newsdesk/extract"
	"newsdesk/lang"
)

// A synthetic but realistic corpus for benchmarks: the articles of the
// shared development pages (../../shared/data/extraction), mixed into
// new articles — each takes most paragraphs of one page and a few of
// another in the same language, a date within two years, one of 60
// sources (a few large, many small) and one or two of 400 authors. Without
// the shared pages the text is made of pseudo-words with a Zipf
// distribution.

// sharedPages are the development pages, seen from a package directory
// of the module (search, postgres).
const sharedPages = "../../shared/data/extraction/*/html/*.html.gz"

type baseArticle struct {
	title, teaser, lang string
	paras               []string
}

var (
	baseOnce  sync.Once
	baseArts  []baseArticle
	baseFromX bool // made from real pages
)

// bases returns the articles the corpus is made from.
func bases() ([]baseArticle, bool) {
	baseOnce.Do(func() {
		files, _ := filepath.Glob(sharedPages)
		var mu sync.Mutex
		var wg sync.WaitGroup
		ch := make(chan string)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for f := range ch {
					if b, ok := readPage(f); ok {
						mu.Lock()
						baseArts = append(baseArts, b)
						mu.Unlock()
					}
				}
			}()
		}
		for _, f := range files {
			ch <- f
		}
		close(ch)
		wg.Wait()
		if len(baseArts) > 100 {
			// Keep a stable order whatever the goroutines did.
			slices.SortFunc(baseArts, func(a, b baseArticle) int {
				return cmp.Or(strings.Compare(a.title, b.title), strings.Compare(a.paras[0], b.paras[0]))
			})
			baseFromX = true
			return
		}
		baseArts = pseudoArticles(500)
	})
	return baseArts, baseFromX
}

func readPage(path string) (baseArticle, bool) {
	f, err := os.Open(path)
	if err != nil {
		return baseArticle{}, false
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return baseArticle{}, false
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return baseArticle{}, false
	}
	a, err := extract.Extract(raw, extract.Options{})
	if err != nil || a == nil {
		return baseArticle{}, false
	}
	b := baseArticle{title: a.Title, teaser: a.Subtitle, lang: lang.Normalize(a.Language)}
	for _, bl := range a.Blocks {
		if bl.Kind != newsdesk.Caption && utf8.RuneCountInString(bl.Text) > 40 {
			b.paras = append(b.paras, bl.Text)
		}
	}
	if b.lang == "" {
		b.lang = lang.Detect(strings.Join(b.paras, "\n"))
	}
	return b, len(b.paras) >= 2
}

// pseudoArticles makes articles of pseudo-words whose frequencies follow
// Zipf's law, half "de" and half "en".
func pseudoArticles(n int) []baseArticle {
	r := rand.New(rand.NewPCG(7, 7))
	syll := []string{"ka", "re", "to", "mi", "sa", "lu", "ber", "en", "ung", "tra", "sch", "ver", "de", "on", "al", "ri", "ta", "ne", "ge", "st"}
	vocab := make([]string, 20000)
	for i := range vocab {
		var b strings.Builder
		for range 1 + r.IntN(4) {
			b.WriteString(syll[r.IntN(len(syll))])
		}
		vocab[i] = b.String()
	}
	z := rand.NewZipf(rand.New(rand.NewPCG(8, 8)), 1.1, 2, uint64(len(vocab)-1))
	sentence := func(words int) string {
		ws := make([]string, words)
		for i := range ws {
			ws[i] = vocab[z.Uint64()]
		}
		return strings.ToUpper(ws[0][:1]) + strings.Join(ws, " ")[1:] + "."
	}
	out := make([]baseArticle, n)
	for i := range out {
		b := baseArticle{title: sentence(6), teaser: sentence(15), lang: []string{"de", "en"}[i%2]}
		for range 4 + r.IntN(12) {
			b.paras = append(b.paras, sentence(15)+" "+sentence(20)+" "+sentence(10))
		}
		out[i] = b
	}
	return out
}

var (
	firstNames = []string{"Anna", "Peter", "Julia", "Thomas", "Maria", "John", "Sarah", "David", "Laura", "Michael", "Katrin", "Stefan", "Emma", "James", "Sophie", "Lukas", "Ines", "Paul", "Lena", "Oliver"}
	lastNames  = []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Smith", "Johnson", "Brown", "Williams", "Meyer", "Wagner", "Becker", "Taylor", "Wilson", "Hoffmann", "Schulz", "Koch", "Evans", "Clarke", "Wright"}
)

// corpusEpoch is the start of the corpus's two years.
var corpusEpoch = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

// Articles makes articles with IDs from first to first+n-1; the same
// seed and IDs give the same articles.
func Articles(first int64, n int, seed uint64) []*newsdesk.StoredArticle {
	bs, _ := bases()
	byLang := map[string][]int{}
	for i, b := range bs {
		byLang[b.lang] = append(byLang[b.lang], i)
	}
	r := rand.New(rand.NewPCG(seed, uint64(first)))
	out := make([]*newsdesk.StoredArticle, n)
	for i := range out {
		b := bs[r.IntN(len(bs))]
		same := byLang[b.lang]
		other := bs[same[r.IntN(len(same))]]
		var paras []string
		for _, p := range b.paras {
			if r.IntN(5) > 0 {
				paras = append(paras, p)
			}
		}
		for range 1 + r.IntN(3) {
			at := r.IntN(len(paras) + 1)
			paras = append(paras[:at], append([]string{other.paras[r.IntN(len(other.paras))]}, paras[at:]...)...)
		}
		title := b.title
		if w := strings.Fields(other.title); len(w) > 0 {
			title += " – " + w[r.IntN(len(w))]
		}
		src := int64(1 + int(60*r.Float64()*r.Float64()))
		a := &newsdesk.StoredArticle{ID: first + int64(i), SourceID: src}
		a.URL = fmt.Sprintf("https://site%d.example/article/%d", src, a.ID)
		a.Title, a.Subtitle, a.Language = title, b.teaser, b.lang
		a.SiteName = fmt.Sprintf("Site %d", src)
		a.Outlet = &newsdesk.Outlet{ID: src, Domain: fmt.Sprintf("site%d.example", src), Name: a.SiteName}
		a.Published = corpusEpoch.Add(time.Duration(r.Int64N(int64(730 * 24 * time.Hour))))
		for range 1 + r.IntN(2) {
			a.Authors = append(a.Authors, firstNames[r.IntN(len(firstNames))]+" "+lastNames[r.IntN(len(lastNames))])
		}
		for _, p := range paras {
			a.Blocks = append(a.Blocks, newsdesk.Block{Kind: newsdesk.Paragraph, Text: p})
		}
		out[i] = a
	}
	return out
}

// Query is a query of one class.
type Query struct {
	Class string // "one", "two", "phrase"
	Q     newsdesk.Query
}

// StopWords are frequent English and German words that Queries leaves
// out.
var StopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and of to is in that for it with was on as are be by this have from at they his but not has been which would their were will said
	about after also could other there these those than them then when where while what more most some such into over only being because before should many first years
	der die und das nicht ist ein eine mit sich auf für dem den auch wird von sie es zu im bei nach wie noch aber oder wurde sind über einen hat
	einer eines diese dieser dieses werden wurden haben hatte können sollen müssen seine ihre ihren seiner sein schon mehr nur sehr durch gegen unter zwischen sagte`) {
		m[w] = true
	}
	return m
}()

// Queries makes n queries as a reader would type them, drawn from the
// articles: a content word, two content words of one article, a phrase of
// two adjacent content words; each with one filter (language, source or
// a two-month date range) of the article it was drawn from.
func Queries(as []*newsdesk.StoredArticle, n int, seed uint64) []Query {
	r := rand.New(rand.NewPCG(seed, 1))
	classes := []string{"one", "two", "phrase"}
	var qs []Query
	for len(qs) < n {
		a := as[r.IntN(len(as))]
		var ws []string
		for _, w := range strings.FieldsFunc(a.Text(), func(r rune) bool { return r == ' ' || r == '\n' }) {
			w = strings.Trim(w, `.,;:!?"'()[]„“”‘’«»–—-`)
			ws = append(ws, w)
		}
		content := func(w string) bool {
			return utf8.RuneCountInString(w) >= 4 && !StopWords[strings.ToLower(w)] && !strings.ContainsAny(w, "0123456789")
		}
		bq := Query{Class: classes[len(qs)%3]}
		var text string
		for range 100 {
			switch bq.Class {
			case "one":
				if w := ws[r.IntN(len(ws))]; content(w) {
					text = w
				}
			case "two":
				w1, w2 := ws[r.IntN(len(ws))], ws[r.IntN(len(ws))]
				if content(w1) && content(w2) && !strings.EqualFold(w1, w2) {
					text = w1 + " " + w2
				}
			case "phrase":
				if i := r.IntN(len(ws) - 1); content(ws[i]) && content(ws[i+1]) {
					text = `"` + ws[i] + " " + ws[i+1] + `"`
				}
			}
			if text != "" {
				break
			}
		}
		if text == "" {
			continue
		}
		bq.Q = newsdesk.Query{Text: text, Limit: 20}
		switch (len(qs) / 3) % 3 {
		case 0:
			bq.Q.Language = a.Language
		case 1:
			bq.Q.SourceID = a.SourceID
		case 2:
			bq.Q.From = a.Published.Add(-30 * 24 * time.Hour)
			bq.Q.To = a.Published.Add(30 * 24 * time.Hour)
		}
		qs = append(qs, bq)
	}
	return qs
}

// FromPages reports whether the corpus is made from the shared
// development pages (else from pseudo-words).
func FromPages() bool {
	_, real := bases()
	return real
}

// Epoch is the start of the two years of the corpus's dates.
var Epoch = corpusEpoch
