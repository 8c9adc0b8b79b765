package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
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
)

func TestSaveArticle(t *testing.T) {
	const (
		url1 = "https://news.example.com/2024/05/01/story"
		amp  = "https://news.example.com/amp/2024/05/01/story"
		url2 = "https://news.example.com/2024/05/02/other"
		copy = "https://aggregator.example.net/item/991"
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
			article(copy, copy, "  "+strings.ReplaceAll(text1, ". ", ".\n\n")), newsdesk.Created, false, 2, 0, copy},
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
			ctx := context.Background()
			s := openTest(t)
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
				if got.PageID != p2.ID || got.Text() != tt.second.Text() || got.Hash != Hash(tt.second) || !got.Updated.After(got.Stored) {
					t.Errorf("revised article = page %d, %q, updated %v; want page %d and the new text", got.PageID, got.Text(), got.Updated, p2.ID)
				}
			}
			if seen, err := s.SeenURL(ctx, tt.seenURL); err != nil || !seen {
				t.Errorf("SeenURL(%s) = %v, %v; want true", tt.seenURL, seen, err)
			}
		})
	}
}

func TestSaveArticleRoundTrip(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
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
		},
	}
	p := page(a.URL, "x")
	p.SourceID = src.ID
	id, _, err := s.SaveArticle(ctx, p, a)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.SourceID != src.ID || got.PageID != p.ID || got.Hash != Hash(a) || got.Stored.IsZero() {
		t.Errorf("stored fields = source %d, page %d, hash %s, stored %v", got.SourceID, got.PageID, got.Hash, got.Stored)
	}
	if got.Published.Format(time.RFC3339Nano) != a.Published.Format(time.RFC3339Nano) ||
		got.Modified.Format(time.RFC3339Nano) != a.Modified.Format(time.RFC3339Nano) {
		t.Errorf("times = %v, %v; want %v, %v with their offsets", got.Published, got.Modified, a.Published, a.Modified)
	}
	if o := got.Outlet; o == nil || o.Domain != "example.com" || o.Name != "Example" || o.ID == 0 {
		t.Errorf("outlet = %+v, want example.com named Example", o)
	}
	got.Published, got.Modified, got.Outlet = a.Published, a.Modified, nil
	if fmt.Sprintf("%+v", got.Article) != fmt.Sprintf("%+v", *a) {
		t.Errorf("article round trip:\n got %+v\nwant %+v", got.Article, *a)
	}
	if _, err := s.Article(ctx, id+1); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Article(missing) err = %v, want ErrNotFound", err)
	}
}

// An article's extra fields are kept by a revision that has none, and
// replaced by one that has some.
func TestArticleExtra(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
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

func TestSaveArticleConcurrent(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	const distinct, workers, perWorker = 20, 8, 40
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
	var dupURLs int
	if err := s.r.QueryRow(`SELECT count(*) FROM (SELECT normalized_url FROM articles GROUP BY normalized_url HAVING count(*) > 1)`).Scan(&dupURLs); err != nil || dupURLs != 0 {
		t.Errorf("%d URLs stored twice (%v)", dupURLs, err)
	}
}

func TestReextract(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
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
	if got.Text() != better.Text() || got.Revisions != 1 || got.PageID != p2.ID || got.Hash != Hash(better) {
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
	if err := s.write(ctx, func(tx *sql.Tx) error {
		pr, err := newPageRow(orphan)
		if err != nil {
			return err
		}
		return s.insertPage(ctx, tx, pr)
	}); err != nil {
		t.Fatal(err)
	}
	if err := s.Reextract(ctx, orphan.ID, article("", "", body("b"))); err != nil {
		t.Fatal(err)
	}
	all, err := s.Articles(ctx, newsdesk.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2 || all[1].PageID != orphan.ID || all[1].URL != orphan.URL {
		t.Errorf("articles after Reextract of an orphan page = %+v", all)
	}

	if err := s.Reextract(ctx, 999, article(u, "", "x")); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("Reextract(missing page) err = %v, want ErrNotFound", err)
	}
}

func TestArticles(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
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

func TestSeenURL(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
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

// The content hash is that of the text with white space collapsed, as
// stored hashes were computed: it must not change between versions.
func TestContentHashStable(t *testing.T) {
	for _, text := range []string{"", "  Hello \n\t world  ", "Grüße\u00a0aus München.\n\nZweiter Absatz."} {
		sum := sha256.Sum256([]byte(strings.Join(strings.Fields(text), " ")))
		want := hex.EncodeToString(sum[:])
		if got, _ := contentHash(text); got != want {
			t.Errorf("contentHash(%q) = %s, want %s", text, got, want)
		}
	}
}
