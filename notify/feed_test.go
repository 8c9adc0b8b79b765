package notify_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/feed"
	"newsdesk/notify"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// atomDoc is the Atom 1.0 structure a strict reader decodes.
type atomDoc struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"http://www.w3.org/2005/Atom id"`
	Title   string   `xml:"http://www.w3.org/2005/Atom title"`
	Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []struct {
		Rel  string `xml:"rel,attr"`
		Href string `xml:"href,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
	Author struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Entries []struct {
		ID        string `xml:"http://www.w3.org/2005/Atom id"`
		Title     string `xml:"http://www.w3.org/2005/Atom title"`
		Updated   string `xml:"http://www.w3.org/2005/Atom updated"`
		Published string `xml:"http://www.w3.org/2005/Atom published"`
		Link      struct {
			Rel  string `xml:"rel,attr"`
			Href string `xml:"href,attr"`
		} `xml:"http://www.w3.org/2005/Atom link"`
		Summary string `xml:"http://www.w3.org/2005/Atom summary"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

// fixedItems are two matches: one with a story of three articles, a
// subtitle and markup in its title, one with nothing but a URL.
func fixedItems() (*newsdesk.Alert, []notify.FeedItem) {
	a := &newsdesk.Alert{ID: 7, Name: "Klima & <Energie>", Query: `Klimaschutzgesetz OR "grüner Strom"`,
		Created: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
	pub := time.Date(2026, 3, 28, 9, 30, 0, 0, time.FixedZone("CET", 3600))
	return a, []notify.FeedItem{
		{
			Match: newsdesk.AlertMatch{ID: 2, AlertID: 7, ArticleID: 42, Matched: time.Date(2026, 3, 28, 10, 5, 0, 0, time.UTC)},
			Article: notify.Article{ID: 42, URL: "https://tagesblatt.example/politik/klima?a=1&b=2", Title: "Bundestag <beschließt> Klimaschutzgesetz",
				SiteName: "Tagesblatt", Language: "de", Published: &pub, Authors: []string{"Anna Beispiel", "Ben Muster"},
				Story: 40, Summary: "Das Gesetz gilt ab 2027."},
			Story: &newsdesk.Story{ID: 40, Title: "Klimaschutzgesetz", Articles: 3, Outlets: 2},
		},
		{
			Match:   newsdesk.AlertMatch{ID: 1, AlertID: 7, ArticleID: 41, Matched: time.Date(2026, 3, 28, 8, 0, 0, 0, time.UTC)},
			Article: notify.Article{ID: 41, URL: "https://westpost.example/41", Authors: []string{}},
		},
	}
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test -run %s -update to accept):\n%s", name, t.Name(), got)
	}
}

// The Atom feed is Atom 1.0 as encoding/xml reads it, and newsdesk's own
// feed reader reads the same items back.
func TestAtom(t *testing.T) {
	a, items := fixedItems()
	var b bytes.Buffer
	if err := notify.Atom(&b, a, items, "https://news.example/alerts/7/feed.atom?token=t"); err != nil {
		t.Fatal(err)
	}
	golden(t, "alert.atom", b.Bytes())

	var doc atomDoc
	if err := xml.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatalf("encoding/xml: %v", err)
	}
	if doc.ID != "urn:newsdesk:alert-7" || doc.Title != "newsdesk: Klima & <Energie>" || doc.Author.Name == "" ||
		doc.Updated != "2026-03-28T10:05:00Z" || len(doc.Links) != 1 || doc.Links[0].Rel != "self" {
		t.Errorf("feed %+v", doc)
	}
	if len(doc.Entries) != 2 {
		t.Fatalf("%d entries", len(doc.Entries))
	}
	e := doc.Entries[0]
	if e.ID != "urn:newsdesk:newsdesk-7-42" || e.Title != "Bundestag <beschließt> Klimaschutzgesetz" ||
		e.Link.Href != "https://tagesblatt.example/politik/klima?a=1&b=2" || e.Link.Rel != "alternate" ||
		e.Updated != "2026-03-28T10:05:00Z" || e.Published != "2026-03-28T08:30:00Z" ||
		e.Summary != "Das Gesetz gilt ab 2027.\nTagesblatt · story: 3 articles from 2 outlets" {
		t.Errorf("entry %+v", e)
	}
	for _, e := range doc.Entries {
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry %s updated: %v", e.ID, err)
		}
	}
	if e := doc.Entries[1]; e.Title != "https://westpost.example/41" || e.Published != "" {
		t.Errorf("entry without title %+v", e)
	}

	f, err := feed.Parse(bytes.NewReader(b.Bytes()), "https://news.example/alerts/7/feed.atom")
	if err != nil {
		t.Fatalf("feed.Parse: %v", err)
	}
	checkParsed(t, f, feed.KindAtom)
}

// The JSON Feed is JSON Feed 1.1, with what the spec requires of every
// item, and newsdesk's feed reader reads the same items back.
func TestJSONFeed(t *testing.T) {
	a, items := fixedItems()
	var b bytes.Buffer
	if err := notify.JSONFeed(&b, a, items, "https://news.example/alerts/7/feed.json?token=t"); err != nil {
		t.Fatal(err)
	}
	golden(t, "alert.json", b.Bytes())

	var doc struct {
		Version string `json:"version"`
		Title   string `json:"title"`
		FeedURL string `json:"feed_url"`
		Items   []map[string]any
	}
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Version != "https://jsonfeed.org/version/1.1" || doc.Title != "newsdesk: Klima & <Energie>" || !strings.HasPrefix(doc.FeedURL, "https://") {
		t.Errorf("feed %+v", doc)
	}
	for _, it := range doc.Items {
		id, _ := it["id"].(string)
		_, text := it["content_text"].(string)
		_, html := it["content_html"].(string)
		if id == "" || !(text || html) {
			t.Errorf("item %v: an item needs an id and content_text or content_html", it)
		}
	}
	f, err := feed.Parse(bytes.NewReader(b.Bytes()), "https://news.example/alerts/7/feed.json")
	if err != nil {
		t.Fatalf("feed.Parse: %v", err)
	}
	checkParsed(t, f, feed.KindJSONFeed)
}

func checkParsed(t *testing.T, f *feed.Feed, kind feed.Kind) {
	t.Helper()
	if f.Kind != kind || f.Title != "newsdesk: Klima & <Energie>" || len(f.Items) != 2 {
		t.Fatalf("parsed %+v", f)
	}
	it := f.Items[0]
	pub := time.Date(2026, 3, 28, 8, 30, 0, 0, time.UTC)
	if it.ID != "urn:newsdesk:newsdesk-7-42" || it.URL != "https://tagesblatt.example/politik/klima?a=1&b=2" ||
		it.Title != "Bundestag <beschließt> Klimaschutzgesetz" || !it.Published.Equal(pub) ||
		!strings.HasPrefix(it.Summary, "Das Gesetz gilt ab 2027.") || strings.Join(it.Authors, ";") != "Anna Beispiel;Ben Muster" {
		t.Errorf("parsed item %+v", it)
	}
	if it := f.Items[1]; it.ID != "urn:newsdesk:newsdesk-7-41" || it.URL != "https://westpost.example/41" {
		t.Errorf("parsed item %+v", it)
	}
}

// FeedItems reads an alert's latest matches from the store, newest
// first, with their articles and stories.
func TestFeedItems(t *testing.T) {
	now := time.Date(2026, 3, 28, 10, 0, 0, 0, time.UTC)
	e := newEnv(t, now)
	a := e.addAlert(t, &newsdesk.Alert{Name: "a", Query: "x"})
	first := e.save(t, art{title: "First", site: "One", subtitle: "The first one", published: now.Add(-3 * time.Hour)})
	e.connect(t, first[0], first...)
	e.match(t, a, now.Add(-2*time.Hour), first...)
	second := e.save(t, art{title: "Second", site: "Two"})
	e.match(t, a, now.Add(-time.Hour), second...)

	items, err := notify.FeedItems(e.ctx, e.st, e.st, a.ID, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 2 || items[0].Article.ID != second[0] || items[1].Article.ID != first[0] {
		t.Fatalf("items %+v, want the second match first", items)
	}
	if it := items[1]; it.Story == nil || it.Story.ID != first[0] || it.Article.Summary != "The first one" || !it.Match.Matched.Equal(now.Add(-2*time.Hour)) {
		t.Errorf("item %+v", it)
	}
	if items[0].Story != nil {
		t.Errorf("unconnected article with story %+v", items[0].Story)
	}
	var b bytes.Buffer
	if err := notify.Atom(&b, a, items, ""); err != nil {
		t.Fatal(err)
	}
	if f, err := feed.Parse(&b, ""); err != nil || len(f.Items) != 2 {
		t.Fatalf("feed.Parse: %v", err)
	}
}
