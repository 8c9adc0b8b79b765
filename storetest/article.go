package storetest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/urlnorm"
)

// hash is the content hash both stores keep: the SHA-256, in hex, of
// the body text with runs of white space collapsed to one space. It
// must not change between versions: stored hashes were computed so.
func hash(a *newsdesk.Article) string {
	sum := sha256.Sum256([]byte(strings.Join(strings.Fields(a.Text()), " ")))
	return hex.EncodeToString(sum[:])
}

// testSaveArticle checks the deduplication rules of SaveArticle: the
// same article under its canonical URL, its normalised URL, or its text
// on the same outlet is a duplicate or a revision, the same text on
// another outlet is a new article.
func testSaveArticle(t *testing.T, open Opener) {
	const (
		url1 = "https://news.example.com/2024/05/01/story"
		amp  = "https://news.example.com/amp/2024/05/01/story"
		url2 = "https://news.example.com/2024/05/02/other"
		cp   = "https://aggregator.example.net/item/991"
		// moved: another URL of the same outlet (registrable domain).
		moved = "https://m.example.com/news/story-991"
		home  = "https://news.example.com/"
	)
	text1, text2 := body("one"), body("two")
	tests := []struct {
		name    string
		first   *newsdesk.Article
		second  *newsdesk.Article
		want    newsdesk.SaveOutcome
		same    bool // second resolves to the first's ID
		pages   int64
		revs    int
		seenURL string // SeenURL of this must be true afterwards
	}{
		{"new", article(url1, url1, text1), article(url2, url2, text2), newsdesk.Created, false, 2, 0, url2},
		{"duplicate by canonical URL", article(url1, url1, text1), article(amp, url1, text1), newsdesk.Duplicate, true, 1, 0, amp},
		{"duplicate by normalised URL", article(url1, "", text1),
			article(url1+"/?utm_source=rss&utm_medium=feed#top", "", text1), newsdesk.Duplicate, true, 1, 0, url1 + "?fbclid=x"},
		{"duplicate by content hash", article(url1, url1, text1),
			article(moved, moved, "  "+strings.ReplaceAll(text1, ". ", ".\n\n")), newsdesk.Duplicate, true, 1, 0, moved},
		{"same text on another outlet is a copy", article(url1, url1, text1),
			article(cp, cp, "  "+strings.ReplaceAll(text1, ". ", ".\n\n")), newsdesk.Created, false, 2, 0, cp},
		{"updated text", article(url1, url1, text1), article(url1, url1, text1+"\nUpdate: a correction."), newsdesk.Revised, true, 2, 1, url1},
		{"updated via canonical", article(url1, url1, text1), article(amp, url1, text2), newsdesk.Revised, true, 2, 1, amp},
		{"canonical found as URL", article(url1, "", text1), article(amp, url1, text1), newsdesk.Duplicate, true, 1, 0, amp},
		{"short texts are not matched by hash", article(url1, "", "Subscribe to read."), article(url2, "", "Subscribe to read."), newsdesk.Created, false, 2, 0, url2},
		{"home page canonical ignored", article(url1, home, text1), article(url2, home, text2), newsdesk.Created, false, 2, 0, url2},
		{"empty revision keeps text", article(url1, url1, text1), article(url1, url1, ""), newsdesk.Duplicate, true, 1, 0, url1},
		{"empty then text", article(url1, url1, ""), article(url1, url1, text1), newsdesk.Revised, true, 2, 1, url1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			s := open(t)
			p1 := page(tt.first.URL, "first")
			id1, out, err := s.SaveArticle(ctx, p1, tt.first)
			if err != nil || out != newsdesk.Created || id1 == 0 || p1.ID == 0 {
				t.Fatalf("first SaveArticle = %d, %q, %v (page %d); want a new article", id1, out, err, p1.ID)
			}
			p2 := page(tt.second.URL, "second")
			id2, out, err := s.SaveArticle(ctx, p2, tt.second)
			if err != nil {
				t.Fatal(err)
			}
			if out != tt.want {
				t.Errorf("second SaveArticle outcome = %q, want %q", out, tt.want)
			}
			if (id2 == id1) != tt.same {
				t.Errorf("second SaveArticle ID = %d, first %d; same wanted: %v", id2, id1, tt.same)
			}
			if (p2.ID != 0) != (out != newsdesk.Duplicate) {
				t.Errorf("second page ID = %d after %q", p2.ID, out)
			}
			articles, pages, _, err := s.Count(ctx)
			if err != nil {
				t.Fatal(err)
			}
			wantArticles := int64(2)
			if tt.same {
				wantArticles = 1
			}
			if articles != wantArticles || pages != tt.pages {
				t.Errorf("Count = %d articles, %d pages; want %d, %d", articles, pages, wantArticles, tt.pages)
			}
			got, err := s.Article(ctx, id2)
			if err != nil {
				t.Fatal(err)
			}
			if got.Revisions != tt.revs {
				t.Errorf("revisions = %d, want %d", got.Revisions, tt.revs)
			}
			if out == newsdesk.Revised {
				if got.PageID != p2.ID || got.Text() != tt.second.Text() || got.Hash != hash(tt.second) || !got.Updated.After(got.Stored) {
					t.Errorf("revised article = page %d, %q, updated %v; want page %d and the new text", got.PageID, got.Text(), got.Updated, p2.ID)
				}
			}
			if seen, err := s.SeenURL(ctx, tt.seenURL); err != nil || !seen {
				t.Errorf("SeenURL(%s) = %v, %v; want true", tt.seenURL, seen, err)
			}
		})
	}
}

// testSaveArticleRoundTrip checks that every field of an article reads
// back as written, times with their offsets.
func testSaveArticleRoundTrip(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	src := &newsdesk.Source{Kind: newsdesk.KindFeed, URL: "https://example.com/feed"}
	if err := s.AddSource(ctx, src); err != nil {
		t.Fatal(err)
	}
	a := &newsdesk.Article{
		URL:          "https://example.com/a",
		CanonicalURL: "https://example.com/a?utm_source=x",
		Title:        "Title",
		Subtitle:     "Sub",
		Authors:      []string{"Ann", "Bob"},
		Published:    time.Date(2024, 5, 1, 9, 30, 15, 500, time.FixedZone("", -4*3600)),
		Modified:     time.Date(2024, 5, 2, 10, 0, 0, 0, time.FixedZone("", 5*3600+1800)),
		SiteName:     "Example",
		Language:     "de",
		Image:        "https://example.com/a.jpg",
		Section:      "Politik",
		Tags:         []string{"x", "y"},
		Paywalled:    true,
		Truncated:    true,
		Charset:      "windows-1252",
		Extra: map[string]any{"id": json.Number("12345678901234567890"), "score": json.Number("0.75"),
			"labels": []any{"a", "b"}, "meta": map[string]any{"k": "v"}},
		Blocks: []newsdesk.Block{
			{Kind: newsdesk.Heading, Level: 2, Text: "Head"},
			{Kind: newsdesk.List, Text: "a\nb", Items: []string{"a", "b"}, Ordered: true},
			{Kind: newsdesk.Table, Text: "1\t2", Rows: [][]string{{"1", "2"}}},
			{Kind: newsdesk.Paragraph, Text: "Grüße aus München – „Zitat“ 🙂"},
		},
	}
	p := page(a.URL, "x")
	p.SourceID = src.ID
	before := time.Now()
	id, _, err := s.SaveArticle(ctx, p, a)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != id || got.SourceID != src.ID || got.PageID != p.ID || got.Hash != hash(a) ||
		got.Stored.Before(before.Truncate(time.Microsecond)) || !got.Updated.Equal(got.Stored) || got.Revisions != 0 {
		t.Errorf("stored fields = id %d, source %d, page %d, hash %s, stored %v, updated %v, revisions %d",
			got.ID, got.SourceID, got.PageID, got.Hash, got.Stored, got.Updated, got.Revisions)
	}
	if got.CopyOf != 0 || got.Story != 0 {
		t.Errorf("a new article has copy_of %d, story %d", got.CopyOf, got.Story)
	}
	if got.Published.Format(time.RFC3339Nano) != a.Published.Format(time.RFC3339Nano) ||
		got.Modified.Format(time.RFC3339Nano) != a.Modified.Format(time.RFC3339Nano) {
		t.Errorf("times = %v, %v; want %v, %v with their offsets", got.Published, got.Modified, a.Published, a.Modified)
	}
	if o := got.Outlet; o == nil || o.ID == 0 || o.Domain != "example.com" || o.Name != "Example" {
		t.Errorf("outlet = %+v, want example.com named Example", o)
	}
	got.Published, got.Modified, got.Outlet = a.Published, a.Modified, nil
	if fmt.Sprintf("%+v", got.Article) != fmt.Sprintf("%+v", *a) {
		t.Errorf("article round trip:\n got %+v\nwant %+v", got.Article, *a)
	}
	if _, err := s.Article(ctx, id+1); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Article(missing) err = %v, want ErrNotFound", err)
	}

	// An article without times, authors or tags reads back without them;
	// one published in UTC reads back in time.UTC.
	b := article("https://example.com/b", "", body("b"))
	b.Published = time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)
	id, _, err = s.SaveArticle(ctx, page(b.URL, "b"), b)
	if err != nil {
		t.Fatal(err)
	}
	if got, err = s.Article(ctx, id); err != nil {
		t.Fatal(err)
	}
	if got.Authors != nil || got.Tags != nil || !got.Modified.IsZero() || got.Published.Location() != time.UTC ||
		!got.Published.Equal(b.Published) || got.SourceID != 0 || got.Extra != nil {
		t.Errorf("plain article = %+v", got)
	}
}

// testArticleExtra checks that an article's extra fields are kept by a
// revision that has none, and replaced by one that has some.
func testArticleExtra(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	const u = "https://example.com/extra"
	a := article(u, "", body("first"))
	a.Extra = map[string]any{"label": "politics"}
	id, _, err := s.SaveArticle(ctx, page(u, "1"), a)
	if err != nil {
		t.Fatal(err)
	}
	b := article(u, "", body("second"))
	if _, out, err := s.SaveArticle(ctx, page(u, "2"), b); err != nil || out != newsdesk.Revised {
		t.Fatalf("revision: %v, %v", out, err)
	}
	got, err := s.Article(ctx, id)
	if err != nil || got.Extra["label"] != "politics" {
		t.Errorf("after a revision without extra: %v (%v)", got.Extra, err)
	}
	c := article(u, "", body("third"))
	c.Extra = map[string]any{"label": "economy"}
	if _, _, err := s.SaveArticle(ctx, page(u, "3"), c); err != nil {
		t.Fatal(err)
	}
	if got, err = s.Article(ctx, id); err != nil || len(got.Extra) != 1 || got.Extra["label"] != "economy" {
		t.Errorf("after a revision with extra: %v (%v)", got.Extra, err)
	}
	plain, _, err := s.SaveArticle(ctx, page(u+"/plain", "4"), article(u+"/plain", "", body("plain")))
	if err != nil {
		t.Fatal(err)
	}
	if got, err = s.Article(ctx, plain); err != nil || got.Extra != nil {
		t.Errorf("article without extra: %#v (%v)", got.Extra, err)
	}
}

// testSaveArticleConcurrent stores a few articles under many spellings
// of their URLs from many goroutines at once: each is created once, and
// no URL is stored twice.
func testSaveArticleConcurrent(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	const distinct, workers, perWorker = 20, 8, 30
	var (
		mu       sync.Mutex
		created  = map[int64]int{}
		wg       sync.WaitGroup
		failures = make(chan error, workers*perWorker)
	)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 1))
			for range perWorker {
				n := rng.IntN(distinct)
				url := fmt.Sprintf("https://example.com/story/%d", n)
				switch rng.IntN(3) { // the same article under other spellings
				case 1:
					url += "?utm_source=worker" + fmt.Sprint(w)
				case 2:
					url = strings.Replace(url, "https://example.com", "HTTPS://EXAMPLE.COM:443", 1) + "/"
				}
				id, out, err := s.SaveArticle(ctx, page(url, "x"), article(url, "", body(fmt.Sprint(n))))
				if err != nil {
					failures <- err
					continue
				}
				if out == newsdesk.Revised {
					failures <- fmt.Errorf("%s: outcome %q", url, out)
				}
				if out == newsdesk.Created {
					mu.Lock()
					created[id]++
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	close(failures)
	for err := range failures {
		t.Error(err)
	}
	articles, pages, _, err := s.Count(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if articles != int64(len(created)) || articles != pages || articles > distinct {
		t.Errorf("Count = %d articles, %d pages; %d created", articles, pages, len(created))
	}
	for id, n := range created {
		if n != 1 {
			t.Errorf("article %d created %d times", id, n)
		}
	}
	all, err := s.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	urls := map[string]int64{}
	for _, a := range all {
		n := urlnorm.Normalize(a.URL)
		if other, ok := urls[n]; ok {
			t.Errorf("%s stored as articles %d and %d", n, other, a.ID)
		}
		urls[n] = a.ID
	}
}

// testContentHash checks the stored hash: that of the text with white
// space collapsed, as stored hashes were computed.
func testContentHash(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	for i, text := range []string{"  Hello \n\t world  ", "Grüße\u00a0aus München.\n\nZweiter Absatz.", ""} {
		u := fmt.Sprintf("https://example.com/hash/%d", i)
		a := article(u, "", text)
		id, _, err := s.SaveArticle(ctx, page(u, u), a)
		if err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256([]byte(strings.Join(strings.Fields(text), " ")))
		got, err := s.Article(ctx, id)
		if err != nil || got.Hash != hex.EncodeToString(sum[:]) {
			t.Errorf("hash of %q = %v (%v), want %x", text, got, err, sum)
		}
	}
}

// testReextract checks that a new extraction of a stored page replaces
// its article in place, that one of a superseded page changes nothing,
// and that a page without article gets one.
func testReextract(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	const u = "https://example.com/a"
	p1 := page(u, "v1")
	id, _, err := s.SaveArticle(ctx, p1, article(u, "", body("v1")))
	if err != nil {
		t.Fatal(err)
	}
	p2 := page(u, "v2")
	if _, out, err := s.SaveArticle(ctx, p2, article(u, "", body("v2"))); err != nil || out != newsdesk.Revised {
		t.Fatalf("revision = %q, %v", out, err)
	}

	// A better extraction of the current page replaces the article in place.
	better := article(u, "https://example.com/canonical-a", body("v2")+"\nA paragraph the old extractor missed.")
	if err := s.Reextract(ctx, p2.ID, better); err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Text() != better.Text() || got.Revisions != 1 || got.PageID != p2.ID || got.Hash != hash(better) {
		t.Errorf("after Reextract: page %d, revisions %d, text %q", got.PageID, got.Revisions, got.Text())
	}
	if seen, _ := s.SeenURL(ctx, better.CanonicalURL); !seen {
		t.Error("canonical URL of the re-extracted article not seen")
	}

	// The superseded first page does not roll the article back.
	if err := s.Reextract(ctx, p1.ID, article(u, "", body("v1"))); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Article(ctx, id); got.Text() != better.Text() {
		t.Errorf("Reextract of a superseded page changed the article to %q", got.Text())
	}

	// A stored page without an article gets one.
	orphan := page("https://example.com/b", "b")
	if err := s.SavePage(ctx, orphan); err != nil || orphan.ID == 0 {
		t.Fatalf("SavePage: id %d, %v", orphan.ID, err)
	}
	if err := s.Reextract(ctx, orphan.ID, article("", "", body("b"))); err != nil {
		t.Fatal(err)
	}
	all, err := s.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[1].PageID != orphan.ID || all[1].URL != orphan.URL || all[1].Text() != body("b") {
		t.Errorf("articles after Reextract of an orphan page = %+v", all)
	}

	if err := s.Reextract(ctx, orphan.ID+1000, article(u, "", "x")); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Reextract(missing page) err = %v, want ErrNotFound", err)
	}
}

// testArticles checks the filters of Articles.
func testArticles(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	var srcs [2]newsdesk.Source
	for i := range srcs {
		srcs[i] = newsdesk.Source{Kind: newsdesk.KindFeed, URL: fmt.Sprintf("https://example.com/feed%d", i)}
		if err := s.AddSource(ctx, &srcs[i]); err != nil {
			t.Fatal(err)
		}
	}
	day := func(d int) time.Time { return time.Date(2024, 5, d, 12, 0, 0, 0, time.FixedZone("", 2*3600)) }
	// Article i comes from source i%2 and was published on day i+1; the
	// last has no publication time, so counts as stored now.
	var ids []int64
	for i := range 5 {
		u := fmt.Sprintf("https://example.com/a%d", i)
		a := article(u, "", body(u))
		if i < 4 {
			a.Published = day(i + 1)
		}
		p := page(u, u)
		p.SourceID = srcs[i%2].ID
		id, _, err := s.SaveArticle(ctx, p, a)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	tests := []struct {
		name string
		f    newsdesk.ArticleFilter
		want []int // indexes into ids
	}{
		{"all", newsdesk.ArticleFilter{}, []int{0, 1, 2, 3, 4}},
		{"source", newsdesk.ArticleFilter{SourceID: srcs[1].ID}, []int{1, 3}},
		{"since", newsdesk.ArticleFilter{Since: day(3)}, []int{2, 3, 4}},
		{"since in another zone", newsdesk.ArticleFilter{Since: day(3).Add(time.Second).UTC()}, []int{3, 4}},
		{"source and since", newsdesk.ArticleFilter{SourceID: srcs[0].ID, Since: day(2)}, []int{2, 4}},
		{"limit", newsdesk.ArticleFilter{Limit: 2}, []int{0, 1}},
		{"after", newsdesk.ArticleFilter{AfterID: ids[2], Limit: 10}, []int{3, 4}},
		{"since future", newsdesk.ArticleFilter{Since: time.Now().Add(time.Hour)}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Articles(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var gotIDs, wantIDs []int64
			for _, a := range got {
				gotIDs = append(gotIDs, a.ID)
			}
			for _, i := range tt.want {
				wantIDs = append(wantIDs, ids[i])
			}
			if fmt.Sprint(gotIDs) != fmt.Sprint(wantIDs) {
				t.Errorf("Articles(%+v) = %v, want %v", tt.f, gotIDs, wantIDs)
			}
		})
	}
}

// testSeenURL checks that SeenURL knows an article by its URL and its
// canonical URL in any spelling that normalises to them.
func testSeenURL(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	if _, _, err := s.SaveArticle(ctx, page("https://www.example.com/news/a/?utm_campaign=x", "a"),
		article("https://www.example.com/news/a/", "https://www.example.com/canonical/a", body("a"))); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		url  string
		want bool
	}{
		{"https://www.example.com/news/a", true},
		{"HTTPS://WWW.EXAMPLE.COM:443/news/a?fbclid=1#x", true},
		{"https://www.example.com/canonical/a/", true},
		{"https://example.com/news/a", false}, // www is a different host
		{"https://www.example.com/news/b", false},
	} {
		if got, err := s.SeenURL(ctx, tt.url); err != nil || got != tt.want {
			t.Errorf("SeenURL(%s) = %v, %v; want %v", tt.url, got, err, tt.want)
		}
	}
}

// testCanonicalPageURL checks that the article two pages of the same
// text resolve to has the URL of the page at their canonical URL, in
// whichever order they come, so that stores fed in different orders
// (workers of a queue) hold the same articles.
func testCanonicalPageURL(t *testing.T, open Opener) {
	const (
		canonical = "https://news.example.com/2024/05/01/story"
		mirror    = "https://news.example.com/print/2024/05/01/story"
	)
	text := body("canonical")
	for _, order := range [][]string{{canonical, mirror}, {mirror, canonical}} {
		t.Run("first "+order[0], func(t *testing.T) {
			ctx := context.Background()
			s := open(t)
			var id int64
			for i, u := range order {
				p := page(u, u)
				got, out, err := s.SaveArticle(ctx, p, article(u, canonical, text))
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 {
					id = got
				} else if got != id || out != newsdesk.Duplicate {
					t.Fatalf("second page: article %d, %q; want %d, a duplicate", got, out, id)
				}
			}
			a, err := s.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if a.URL != canonical {
				t.Errorf("article URL %s, want the canonical page's %s", a.URL, canonical)
			}
			p, err := s.Page(ctx, a.PageID)
			if err != nil {
				t.Fatal(err)
			}
			if p.URL != canonical {
				t.Errorf("article's page %s, want the canonical page", p.URL)
			}
			for _, u := range order {
				if seen, err := s.SeenURL(ctx, u); err != nil || !seen {
					t.Errorf("SeenURL(%s) = %v, %v", u, seen, err)
				}
			}
		})
	}
}
