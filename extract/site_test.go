package extract

import (
	"bytes"
	"context"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"

	"newsdesk"
	"newsdesk/sites"
)

// sitePages reads the pages of one site from testdata/site.
func sitePages(t *testing.T) [][]byte {
	t.Helper()
	return sitePagesIn(t, "site")
}

// sitePagesIn reads the pages of one site from testdata/dir.
func sitePagesIn(t *testing.T, dir string) [][]byte {
	t.Helper()
	names, err := filepath.Glob(filepath.Join("testdata", dir, "page*.html"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no pages: %v", err)
	}
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func siteURL(i int) string {
	return fmt.Sprintf("https://www.example-news.de/politik/artikel-%d.html", i+1)
}

// learnSite learns pages as one site and returns its template.
func learnSite(t *testing.T, pages [][]byte) *newsdesk.SiteTemplate {
	t.Helper()
	var mem sites.Memory
	at := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	for i, raw := range pages {
		var rep *SiteReport
		if _, err := Extract(raw, Options{URL: siteURL(i), Site: func(r *SiteReport) { rep = r }}); err != nil {
			t.Fatal(err)
		}
		if rep == nil {
			t.Fatal("no site report")
		}
		site := sites.Key(siteURL(i), "")
		if _, err := mem.LearnSites(context.Background(), []newsdesk.SitePage{{Site: site, Page: int64(i), Time: at, Prints: rep.Prints}}); err != nil {
			t.Fatal(err)
		}
	}
	tpl, err := mem.SiteTemplate(context.Background(), "example-news.de")
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

// TestSiteFurniture: a newsroom's blurb that the site puts on every page,
// and into the title its metadata gives, is read into the headline of a
// page alone, and left out of body and headline once the site's pages
// have been learnt; so is a newsletter promotion in the body.
func TestSiteFurniture(t *testing.T) {
	pages := sitePages(t)
	const blurb = "Mehr als 150 Journalistinnen"
	alone, err := Extract(pages[0], Options{URL: siteURL(0)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(alone.Title, blurb) {
		t.Fatalf("read alone, the page should show the blurb in its title; title %q", alone.Title)
	}
	tpl := learnSite(t, pages)
	if !tpl.Applies() {
		t.Fatalf("template of %d pages does not apply", tpl.Pages)
	}
	var rep *SiteReport
	a, err := Extract(pages[0], Options{URL: siteURL(0), Template: tpl, Site: func(r *SiteReport) { rep = r }})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n\n%s\n\ndropped:\n", a.Title, a.Text())
	for _, d := range rep.Dropped {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	b.WriteString("cut from the title:\n")
	for _, d := range rep.TitleCut {
		fmt.Fprintf(&b, "- %s\n", d)
	}
	checkGolden(t, filepath.Join("testdata", "site", "page1.golden"), b.String())
	if strings.Contains(a.Text(), blurb) || strings.Contains(a.Title, blurb) {
		t.Errorf("the blurb is still there: title %q", a.Title)
	}
	// What a page gives to learn does not depend on the template it is
	// read with.
	if got, want := printSet(rep.Prints), printSet(learnReport(t, pages[0]).Prints); got != want {
		t.Errorf("prints read with a template differ from those read alone")
	}
}

// TestSiteHeadedBox: a box of related stories under a recurring heading,
// its teasers changing from page to page (each on two pages only), goes
// as a whole once the site is learnt; a recurring heading over a pull
// quote without links goes alone and the quote stays, and so does a
// recurring section label at the top of the article, which keeps the
// article. A dateline set in spans in the article's container, its date
// and time changing, goes; the subheads set inline in the same
// container, which differ from page to page, stay.
func TestSiteHeadedBox(t *testing.T) {
	pages := sitePagesIn(t, "site-box")
	const teaser = "Engineers say the old bridge"
	alone, err := Extract(pages[0], Options{URL: siteURL(0)})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(alone.Text(), teaser) {
		t.Fatalf("read alone, the page should show the related stories' teaser:\n%s", alone.Text())
	}
	tpl := learnSite(t, pages)
	var b strings.Builder
	for i, raw := range pages {
		var rep *SiteReport
		a, err := Extract(raw, Options{URL: siteURL(i), Template: tpl, Site: func(r *SiteReport) { rep = r }})
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "page %d: %s\n\n%s\n\ndropped:\n", i+1, a.Title, a.Text())
		for _, d := range rep.Dropped {
			fmt.Fprintf(&b, "- %s\n", d)
		}
		b.WriteString("\n")
		if strings.Contains(a.Text(), "Last updated") {
			t.Errorf("page %d: the dateline is still there:\n%s", i+1, a.Text())
		}
		if !strings.Contains(a.Text(), []string{"What the money buys", "When the ferries", "How the claim", "What changes for", "A recipe from"}[i]) {
			t.Errorf("page %d lost its subhead:\n%s", i+1, a.Text())
		}
		if strings.Contains(a.Text(), "Read more") {
			t.Errorf("page %d: the related stories are still there:\n%s", i+1, a.Text())
		}
		if !strings.Contains(a.Text(), "Opposition members") && !strings.Contains(a.Text(), "Shops on the islands") &&
			!strings.Contains(a.Text(), "The family said") && !strings.Contains(a.Text(), "The company said") &&
			!strings.Contains(a.Text(), "Queues formed") {
			t.Errorf("page %d lost the end of its article:\n%s", i+1, a.Text())
		}
	}
	checkGolden(t, filepath.Join("testdata", "site-box", "pages.golden"), b.String())
}

// checkGolden compares got with the golden file, which -update rewrites.
func checkGolden(t *testing.T, golden, got string) {
	t.Helper()
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func learnReport(t *testing.T, raw []byte) *SiteReport {
	var rep *SiteReport
	if _, err := Extract(raw, Options{URL: siteURL(0), Site: func(r *SiteReport) { rep = r }}); err != nil {
		t.Fatal(err)
	}
	return rep
}

func printSet(ps []newsdesk.SitePrint) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "%d/%d ", p.Print, p.Kind)
	}
	return b.String()
}

// TestSiteTooFewPages: a site seen on fewer pages than a template needs
// reads as its pages would alone.
func TestSiteTooFewPages(t *testing.T) {
	pages := sitePages(t)
	tpl := learnSite(t, pages[:newsdesk.SiteMinPages-1])
	if tpl.Applies() {
		t.Fatalf("a template of %d pages applies", tpl.Pages)
	}
	alone, _ := Extract(pages[0], Options{URL: siteURL(0)})
	with, _ := Extract(pages[0], Options{URL: siteURL(0), Template: tpl})
	if alone.Title != with.Title || alone.Text() != with.Text() {
		t.Errorf("a template that does not apply changed the article")
	}
}

// TestFingerprint: copies of a box that differ in a number, a date or a
// counter have one print; other texts keep theirs, and a text without
// numbers or date names has the print of its letters alone, as before
// numbers and dates were read as one.
func TestFingerprint(t *testing.T) {
	same := [][2]string{
		{"30 May 2013 Last updated at 21:02 ET", "23 February 2013 Last updated at 17:35 ET"},
		{"2:32 PM on 05/02/2013", "10:04 AM on 04/03/2013"},
		{"4/25/2013 @ 2:26PM |3,344 views", "12/28/2013 @ 12:30PM |768 views"},
		{"Aktualisiert am Montag, 3. Juni 2024", "Aktualisiert am Freitag, 21. März 2025"},
		{"From the November 28, 2005 issue of New York Magazine.", "From the Dec. 19, 2005 issue of New York Magazine."},
		{"Related  Stories", "related stories:"},
	}
	for _, tc := range same {
		a, _ := fingerprint(tc[0])
		b, _ := fingerprint(tc[1])
		if a != b {
			t.Errorf("%q and %q have different prints", tc[0], tc[1])
		}
	}
	differ := [][2]string{
		{"Related Stories", "Related Videos"},
		{"Page 1 of 3", "Page of"},
		{"Internationalisierungsbemühungen der Regierung", "Internationalisierungsbemühungen der Regierungen"},
		{"Supercalifragilisticexpialidocious May", "Supercalifragilisticexpialidocious"},
	}
	for _, tc := range differ {
		a, _ := fingerprint(tc[0])
		b, _ := fingerprint(tc[1])
		if a == b {
			t.Errorf("%q and %q have the same print", tc[0], tc[1])
		}
	}
	for _, s := range []string{"Related Stories", "Mehr als hundert Journalistinnen", "Ein überaus langes Kompositum: Donaudampfschifffahrtsgesellschaft"} {
		var letters strings.Builder
		for _, r := range s {
			if unicode.IsLetter(r) {
				letters.WriteRune(unicode.ToLower(r))
			}
		}
		h := fnv.New64a()
		h.Write([]byte(letters.String()))
		if strings.ContainsAny(s, "0123456789") {
			continue
		}
		if got, _ := fingerprint(s); got != h.Sum64() {
			t.Errorf("print of %q is not that of its letters", s)
		}
	}
	for w := range dateWords {
		if len(w) > maxDateWord {
			t.Errorf("date word %q is longer than maxDateWord", w)
		}
	}
	if _, n := fingerprint("30 May 2013"); n != 3 {
		t.Errorf("letters of %q: %d, want 3", "30 May 2013", n)
	}
}

func TestCreditLike(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"(dpa)", true},
		{"AFP/dpa/lem", true},
		{"Reuters", false},
		{"dpa", true},
		{"(Reuters)", true},
		{"(dpa/AFP)", true},
		{"(Story continues below)", false},
		{"Forbes Gift Subscription", false},
		{"dpa, AFP", true},
		{"Mehr als 150 Journalistinnen berichten", false},
		{"Foto: dpa", false},
		{"Telekom Tarife", false},
	} {
		if got := creditLike(tc.in); got != tc.want {
			t.Errorf("creditLike(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func FuzzSitePrints(f *testing.F) {
	for _, p := range [][]byte{[]byte("<p>Mehr als 150 Journalistinnen</p>"), []byte("<title>A | B</title><h1>x</h1><p>" + strings.Repeat("Text. ", 40) + "</p>")} {
		f.Add(p)
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		var rep *SiteReport
		a, _ := Extract(raw, Options{URL: "https://example.org/a", Site: func(r *SiteReport) { rep = r }})
		if a == nil || rep == nil {
			return
		}
		tpl := (&newsdesk.SiteTemplate{Site: "example.org", Pages: 10}).Index()
		for _, p := range rep.Prints {
			tpl.Blocks = append(tpl.Blocks, newsdesk.SiteBlock{Print: p.Print, Kind: p.Kind, Pages: 10, Sample: p.Text})
		}
		tpl.Index()
		b, _ := Extract(raw, Options{URL: "https://example.org/a", Template: tpl})
		if b == nil {
			t.Fatal("no article with a template")
		}
	})
}

// BenchmarkExtractLearn is BenchmarkExtract reporting what each page gives
// its site to learn, as ingest does: the cost of learning per page.
func BenchmarkExtractLearn(b *testing.B) {
	pages := benchPages(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Extract(pages[i%len(pages)], Options{Site: func(*SiteReport) {}})
	}
}

// BenchmarkPrints measures what a page's prints cost beside building its
// tree: the tree is built in each round, the prints read from it.
func BenchmarkPrints(b *testing.B) {
	var docs []*html.Node
	for _, raw := range benchPages(b) {
		text, _ := decode(raw, "")
		doc, err := html.Parse(bytes.NewReader(text))
		if err != nil {
			b.Fatal(err)
		}
		docs = append(docs, doc)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t := build(docs[i%len(docs)])
		t.score()
		t.prints()
		t.release()
	}
}
