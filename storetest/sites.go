package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/sites"
)

// sitePages makes n pages of one site: every page has the site's two
// furniture blocks, every third a teaser, and text of its own; the pages
// span three epochs, so the oldest falls out of the window.
func sitePages(n int) []newsdesk.SitePage {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var out []newsdesk.SitePage
	for i := range n {
		p := newsdesk.SitePage{Site: "example.de", Page: int64(1000 + i), Time: start.Add(time.Duration(i) * 36 * time.Hour)}
		p.Prints = append(p.Prints,
			newsdesk.SitePrint{Print: 1, Text: "Newsletter abonnieren"},
			newsdesk.SitePrint{Print: 1<<63 + 5, Kind: newsdesk.PrintTitleTail, Text: "Nachrichten bei example"},
			newsdesk.SitePrint{Print: uint64(100 + i), Text: fmt.Sprintf("Absatz %d", i)})
		if i%3 == 0 {
			p.Prints = append(p.Prints, newsdesk.SitePrint{Print: 7, Text: fmt.Sprintf("Mehr zum Thema %c", 'a'+i%5)})
		}
		out = append(out, p)
	}
	return out
}

// learnOne learns one page through LearnSites.
func learnOne(st newsdesk.SiteStore, ctx context.Context, p newsdesk.SitePage) (bool, error) {
	ok, err := st.LearnSites(ctx, []newsdesk.SitePage{p})
	if err != nil {
		return false, err
	}
	return ok[0], nil
}

// testSitesOrderIndependent: two stores that learn the same pages in
// different orders, some twice, hold the same templates, and the same as
// the in-memory reference.
func testSitesOrderIndependent(t *testing.T, open Opener) {
	ctx := context.Background()
	pages := sitePages(90)
	a, b := open(t), open(t)
	var mem sites.Memory
	for _, p := range pages {
		if ok, err := learnOne(a, ctx, p); err != nil || !ok {
			t.Fatalf("learn %d: %v %v", p.Page, ok, err)
		}
		learnOne(&mem, ctx, p)
	}
	shuffled := append([]newsdesk.SitePage(nil), pages...)
	rand.New(rand.NewPCG(1, 2)).Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
	// Store b learns in batches, some pages twice (also within a batch).
	again := append(shuffled, shuffled[:10]...)
	for len(again) > 0 {
		n := min(len(again), 17)
		if _, err := b.LearnSites(ctx, again[:n]); err != nil {
			t.Fatal(err)
		}
		again = again[n:]
	}
	if ok, _ := learnOne(b, ctx, pages[0]); ok {
		t.Error("a page was learnt twice")
	}
	ta, err := a.SiteTemplate(ctx, "example.de")
	if err != nil {
		t.Fatal(err)
	}
	tb, _ := b.SiteTemplate(ctx, "example.de")
	tm, _ := mem.SiteTemplate(ctx, "example.de")
	if !sameTemplate(ta, tb) || !sameTemplate(ta, tm) {
		t.Fatalf("templates differ:\n%+v\n%+v\n%+v", ta, tb, tm)
	}
	// 90 pages 36 h apart: the window (two 60-day epochs) holds the
	// newest, not all.
	if ta.Learnt != 90 || ta.Pages >= 90 || ta.Pages < newsdesk.SiteMinPages {
		t.Errorf("learnt %d, window %d", ta.Learnt, ta.Pages)
	}
	if !ta.Furniture(1, newsdesk.PrintBlock) || !ta.Furniture(1<<63+5, newsdesk.PrintTitleTail) {
		t.Errorf("furniture not learnt: %+v", ta.FurnitureBlocks())
	}
	if ta.Furniture(1<<63+5, newsdesk.PrintBlock) || ta.Furniture(150, newsdesk.PrintBlock) {
		t.Error("a page's own text or the wrong kind counts as furniture")
	}
	if ta.Blocks[0].Sample != "Newsletter abonnieren" && ta.Blocks[0].Sample != "Nachrichten bei example" {
		t.Errorf("most frequent block first: %+v", ta.Blocks[0])
	}
}

func testSitesForgetExclude(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	for _, p := range sitePages(8) {
		learnOne(s, ctx, p)
	}
	if err := s.ExcludeSite(ctx, "example.de", true); err != nil {
		t.Fatal(err)
	}
	tpl, _ := s.SiteTemplate(ctx, "example.de")
	if tpl.Applies() || tpl.Furniture(1, newsdesk.PrintBlock) {
		t.Error("an excluded site's template applies")
	}
	if ok, _ := learnOne(s, ctx, newsdesk.SitePage{Site: "example.de", Page: 1, Time: time.Now()}); ok {
		t.Error("an excluded site learnt a page")
	}
	if err := s.ForgetSite(ctx, "example.de"); err != nil {
		t.Fatal(err)
	}
	tpl, err := s.SiteTemplate(ctx, "example.de")
	if err != nil || tpl.Learnt != 0 || len(tpl.Blocks) != 0 || !tpl.Excluded {
		t.Errorf("after forget: %+v %v", tpl, err)
	}
	s.ExcludeSite(ctx, "example.de", false)
	s.ForgetSite(ctx, "example.de")
	if _, err := s.SiteTemplate(ctx, "example.de"); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("forgotten site: %v", err)
	}
	if err := s.ForgetSite(ctx, "nowhere.org"); !errors.Is(err, newsdesk.ErrNotFound) {
		t.Errorf("forget an unknown site: %v", err)
	}
	ts, err := s.Sites(ctx)
	if err != nil || len(ts) != 0 {
		t.Errorf("sites: %v %v", ts, err)
	}
}

// sameTemplate reports whether two templates hold the same, their
// times to the microsecond.
func sameTemplate(a, b *newsdesk.SiteTemplate) bool {
	if a == nil || b == nil || len(a.Blocks) != len(b.Blocks) {
		return a == b
	}
	for i := range a.Blocks {
		x, y := a.Blocks[i], b.Blocks[i]
		if x.Print != y.Print || x.Kind != y.Kind || x.Pages != y.Pages || x.Sample != y.Sample || !sameTime(x.First, y.First) || !sameTime(x.Last, y.Last) {
			return false
		}
	}
	ca, cb := *a, *b
	ca.Blocks, cb.Blocks = nil, nil
	ca.First, ca.Last, cb.First, cb.Last = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	return reflect.DeepEqual(ca.Index(), cb.Index()) && sameTime(a.First, b.First) && sameTime(a.Last, b.Last)
}
