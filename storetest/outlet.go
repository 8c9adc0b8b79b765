package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"newsdesk"
)

// named returns an article at url whose page calls its site name.
func named(url, name, seed string) *newsdesk.Article {
	a := article(url, "", body(seed))
	a.SiteName = name
	return a
}

func saveAll(t *testing.T, s Store, as []*newsdesk.Article) []int64 {
	t.Helper()
	ids := make([]int64, len(as))
	for i, a := range as {
		id, _, err := s.SaveArticle(context.Background(), page(a.URL, a.Text()), a)
		if err != nil {
			t.Fatalf("SaveArticle %s: %v", a.URL, err)
		}
		ids[i] = id
	}
	return ids
}

// outletsOf lists every outlet of s as "domain|name|articles".
func outletsOf(t *testing.T, s Store) []string {
	t.Helper()
	l, err := s.Outlets(context.Background(), newsdesk.OutletFilter{})
	if err != nil {
		t.Fatalf("Outlets: %v", err)
	}
	var out []string
	for _, o := range l.Outlets {
		out = append(out, fmt.Sprintf("%s|%s|%d", o.Domain, o.Name, o.Articles))
	}
	return out
}

// testOutletNames checks that articles are filed under their outlet —
// the registrable domain, else the site name — named by the name most
// of its articles give it, whatever the order they came in.
func testOutletNames(t *testing.T, open Opener) {
	tests := []struct {
		name     string
		articles []*newsdesk.Article
		want     []string // domain|name|articles, most articles first
	}{
		{"registrable domain, any host", []*newsdesk.Article{
			named("https://www.fr.de/politik/a-1.html", "Frankfurter Rundschau", "a"),
			named("https://fr.de/wirtschaft/b-2.html", "Frankfurter Rundschau", "b"),
			named("https://m.fr.de/c-3.html", "", "c"),
		}, []string{"fr.de|Frankfurter Rundschau|3"}},
		{"most given name wins", []*newsdesk.Article{
			named("https://www.spiegel.de/a", "SPIEGEL ONLINE", "a"),
			named("https://www.spiegel.de/b", "DER SPIEGEL", "b"),
			named("https://www.spiegel.de/c", "DER SPIEGEL", "c"),
		}, []string{"spiegel.de|DER SPIEGEL|3"}},
		{"a tie goes to the name that sorts first", []*newsdesk.Article{
			named("https://www.zeit.de/a", "ZEIT ONLINE", "a"),
			named("https://www.zeit.de/b", "DIE ZEIT", "b"),
		}, []string{"zeit.de|DIE ZEIT|2"}},
		{"white space of a name collapsed", []*newsdesk.Article{
			named("https://taz.de/a", "  taz\n  die tageszeitung ", "a"),
		}, []string{"taz.de|taz die tageszeitung|1"}},
		{"a name that spells the domain is none", []*newsdesk.Article{
			named("https://www.t-online.de/a", "T-Online.de", "a"),
			named("https://www.t-online.de/b", "T-Online.de", "b"),
			named("https://www.t-online.de/c", "t-online", "c"),
		}, []string{"t-online.de|t-online|3"}},
		{"no name: the domain", []*newsdesk.Article{
			named("https://news.bbc.co.uk/a", "", "a"),
		}, []string{"bbc.co.uk|bbc.co.uk|1"}},
		{"no URL: by site name", []*newsdesk.Article{
			named("/tmp/pages/a.html", "Lokalblatt", "a"),
			named("/tmp/pages/b.html", "lokalblatt", "b"),
			named("/tmp/pages/c.html", "", "c"),
		}, []string{"|Lokalblatt|2"}},
		{"ordered by articles", []*newsdesk.Article{
			named("https://www.fr.de/a", "FR", "a"),
			named("https://www.spiegel.de/a", "DER SPIEGEL", "b"),
			named("https://www.spiegel.de/b", "DER SPIEGEL", "c"),
		}, []string{"spiegel.de|DER SPIEGEL|2", "fr.de|FR|1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := outletsOf(t, saveAllNew(t, open, tt.articles)); !slices.Equal(got, tt.want) {
				t.Errorf("outlets = %q, want %q", got, tt.want)
			}
			// In the other order, the same.
			rev := slices.Clone(tt.articles)
			slices.Reverse(rev)
			if got := outletsOf(t, saveAllNew(t, open, rev)); !slices.Equal(got, tt.want) {
				t.Errorf("outlets, articles in reverse = %q, want %q", got, tt.want)
			}
		})
	}
}

func saveAllNew(t *testing.T, open Opener, as []*newsdesk.Article) Store {
	s := open(t)
	saveAll(t, s, as)
	return s
}

// testOutletFollowsWrites checks that revisions and re-extractions move
// an outlet's counts and name, and that changes carry the outlet.
func testOutletFollowsWrites(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	ids := saveAll(t, s, []*newsdesk.Article{
		named("https://www.fr.de/a", "FR", "a"),
		named("https://www.fr.de/b", "Frankfurter Rundschau", "b"),
	})
	if got, want := outletsOf(t, s), []string{"fr.de|FR|2"}; !slices.Equal(got, want) {
		t.Fatalf("outlets = %q, want %q", got, want)
	}
	// A revision renames: two articles say "Frankfurter Rundschau" now.
	rev := named("https://www.fr.de/a", "Frankfurter Rundschau", "a, updated")
	if _, out, err := s.SaveArticle(ctx, page(rev.URL, rev.Text()), rev); err != nil || out != newsdesk.Revised {
		t.Fatalf("SaveArticle revision = %v, %v", out, err)
	}
	if got, want := outletsOf(t, s), []string{"fr.de|Frankfurter Rundschau|2"}; !slices.Equal(got, want) {
		t.Fatalf("after revision, outlets = %q, want %q", got, want)
	}
	sa, err := s.Article(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if sa.Outlet == nil || sa.Outlet.Domain != "fr.de" || sa.Outlet.Name != "Frankfurter Rundschau" || sa.Outlet.ID == 0 {
		t.Errorf("Article(%d).Outlet = %+v", ids[0], sa.Outlet)
	}
	// Reextracting the page of b under another canonical outlet moves it.
	b, err := s.Article(ctx, ids[1])
	if err != nil {
		t.Fatal(err)
	}
	moved := named("https://www.fnp.de/b", "Frankfurter Neue Presse", "b")
	if err := s.Reextract(ctx, b.PageID, moved); err != nil {
		t.Fatalf("Reextract: %v", err)
	}
	want := []string{"fr.de|Frankfurter Rundschau|1", "fnp.de|Frankfurter Neue Presse|1"}
	if got := outletsOf(t, s); !slices.Equal(got, want) {
		t.Errorf("after reextract, outlets = %q, want %q", got, want)
	}
	// An outlet left without articles is not listed, and names no more.
	if got, want := outletsOf(t, s), 2; len(got) != want {
		t.Errorf("%d outlets, want %d", len(got), want)
	}
	// Changes carry the outlet, for the index.
	cs, err := s.Changes(ctx, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		if c.Article == nil || c.Article.Outlet == nil {
			t.Errorf("change %d: no outlet", c.ID)
		}
	}
}

// testOutletGivenByImport checks that an outlet an import gives is
// taken over the URL's domain and the site name.
func testOutletGivenByImport(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	a := named("https://cdn.example-syndication.com/x/1", "Syndication", "a")
	a.Outlet = &newsdesk.Outlet{Domain: "https://www.spiegel.de/", Name: "Der Spiegel"}
	b := named("https://www.spiegel.de/b", "", "b")
	c := named("https://feeds.example.org/c", "", "c")
	c.Outlet = &newsdesk.Outlet{Name: "Example Wire"} // a name only: the URL's domain
	d := named("https://feeds.example.org/d", "", "d")
	d.Outlet = &newsdesk.Outlet{Domain: "not a domain"} // ignored
	ids := saveAll(t, s, []*newsdesk.Article{a, b, c, d})
	want := []string{"spiegel.de|Der Spiegel|2", "example.org|Example Wire|2"}
	if got := outletsOf(t, s); !slices.Equal(got, want) {
		t.Errorf("outlets = %q, want %q", got, want)
	}
	sa, err := s.Article(ctx, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if sa.Outlet == nil || sa.Outlet.Domain != "spiegel.de" {
		t.Errorf("imported article's outlet = %+v, want spiegel.de", sa.Outlet)
	}
}

// testOutletLookup checks Outlet by ID, domain, URL or name, and the
// listing, paging and filters of Outlets.
func testOutletLookup(t *testing.T, open Opener) {
	ctx := context.Background()
	s := open(t)
	var as []*newsdesk.Article
	for i := range 5 {
		as = append(as, named(fmt.Sprintf("https://www.fr.de/%d", i), "Frankfurter Rundschau", fmt.Sprint("fr", i)))
	}
	for i := range 3 {
		as = append(as, named(fmt.Sprintf("https://www.spiegel.de/%d", i), "DER SPIEGEL", fmt.Sprint("sp", i)))
	}
	for i := range 3 {
		as = append(as, named(fmt.Sprintf("https://www.zeit.de/%d", i), "ZEIT ONLINE", fmt.Sprint("z", i)))
	}
	as = append(as, named("https://www.t-online.de/1", "t-online", "t"))
	saveAll(t, s, as)

	fr, err := s.Outlet(ctx, "fr.de")
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{fmt.Sprint(fr.ID), "fr.de", "FR.DE", "https://www.fr.de/x", "www.fr.de", "frankfurter rundschau", " Frankfurter  Rundschau "} {
		o, err := s.Outlet(ctx, key)
		if err != nil || o.ID != fr.ID || o.Articles != 5 || o.Name != "Frankfurter Rundschau" {
			t.Errorf("Outlet(%q) = %+v, %v; want fr.de with 5 articles", key, o, err)
		}
	}
	for _, key := range []string{"", "999", "faz.net", "Rundschau"} {
		if _, err := s.Outlet(ctx, key); !errors.Is(err, newsdesk.ErrNotFound) {
			t.Errorf("Outlet(%q) error = %v, want ErrNotFound", key, err)
		}
	}

	// Pages of two, most articles first, ties by ID, each outlet once.
	var got []string
	f := newsdesk.OutletFilter{Limit: 2}
	for range 10 {
		l, err := s.Outlets(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range l.Outlets {
			got = append(got, o.Domain)
		}
		if l.NextCursor == "" {
			break
		}
		f.Cursor = l.NextCursor
	}
	if want := []string{"fr.de", "spiegel.de", "zeit.de", "t-online.de"}; !slices.Equal(got, want) {
		t.Errorf("paged outlets = %q, want %q", got, want)
	}
	for _, tt := range []struct {
		f    newsdesk.OutletFilter
		want []string
	}{
		{newsdesk.OutletFilter{Q: "spieg"}, []string{"spiegel.de"}},
		{newsdesk.OutletFilter{Q: "ONLINE"}, []string{"zeit.de", "t-online.de"}},
		{newsdesk.OutletFilter{Q: "_"}, nil},
		{newsdesk.OutletFilter{Q: "%"}, nil},
		{newsdesk.OutletFilter{Keys: []string{"zeit.de", "https://www.fr.de/"}}, []string{"fr.de", "zeit.de"}},
	} {
		l, err := s.Outlets(ctx, tt.f)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, o := range l.Outlets {
			got = append(got, o.Domain)
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Outlets(%+v) = %q, want %q", tt.f, got, tt.want)
		}
	}
	if _, err := s.Outlets(ctx, newsdesk.OutletFilter{Cursor: "nonsense!"}); !errors.Is(err, newsdesk.ErrBadCursor) {
		t.Errorf("Outlets with a bad cursor: %v, want ErrBadCursor", err)
	}
}
