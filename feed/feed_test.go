package feed

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// goldenResult is what a golden file pins down: the parsed value or the
// error.
type goldenResult struct {
	Error  string `json:"error,omitempty"`
	Result any    `json:"result,omitempty"`
}

// inputs returns the test inputs in testdata/dir: every file but the
// golden files.
func inputs(t testing.TB, dir string) []string {
	t.Helper()
	all, err := filepath.Glob(filepath.Join("testdata", dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range all {
		if !strings.HasSuffix(p, ".golden.json") {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no inputs in testdata/%s", dir)
	}
	return out
}

// checkGolden compares v (or err) with the golden file next to input, or
// rewrites it with -update.
func checkGolden(t *testing.T, input string, v any, err error) {
	t.Helper()
	g := goldenResult{Result: v}
	if err != nil {
		g = goldenResult{Error: err.Error()}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(g); err != nil {
		t.Fatal(err)
	}
	got := buf.Bytes()
	want := input + ".golden.json"
	if *update {
		if err := os.WriteFile(want, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	exp, rErr := os.ReadFile(want)
	if rErr != nil {
		t.Fatalf("%v (run go test -update to create it)", rErr)
	}
	if !bytes.Equal(got, exp) {
		t.Errorf("%s differs from golden file %s:\n%s", input, want, got)
	}
}

// testBase is the URL the golden feeds are taken to come from.
const testBase = "https://feeds.example/"

func TestParseGolden(t *testing.T) {
	for _, p := range inputs(t, "feed") {
		t.Run(filepath.Base(p), func(t *testing.T) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			f, err := Parse(bytes.NewReader(b), testBase+filepath.Base(p))
			if strings.HasPrefix(filepath.Base(p), "not-feed") {
				if !errors.Is(err, ErrNotFeed) {
					t.Errorf("err = %v, want ErrNotFeed", err)
				}
			} else if err != nil {
				t.Errorf("unexpected error: %v", err)
			}
			if f != nil {
				checkItems(t, f)
			}
			checkGolden(t, p, f, err)
		})
	}
}

// checkItems checks the invariants every parsed feed keeps.
func checkItems(t *testing.T, f *Feed) {
	t.Helper()
	if !f.Kind.IsFeed() {
		t.Errorf("Kind = %q", f.Kind)
	}
	for i, it := range f.Items {
		for _, s := range []string{it.ID, it.URL, it.Title, it.Summary, it.Content, it.ImageURL} {
			if !utf8.ValidString(s) {
				t.Errorf("item %d: invalid UTF-8 in %q", i, s)
			}
		}
		if it.Title != strings.TrimSpace(it.Title) || strings.Contains(it.Title, "  ") {
			t.Errorf("item %d: title not collapsed: %q", i, it.Title)
		}
	}
}

// TestParseFields spells out the main promises of the golden files, so
// that a careless -update cannot quietly break them.
func TestParseFields(t *testing.T) {
	tests := []struct {
		file  string
		check func(f *Feed) string
	}{
		{"rss2-de.xml", func(f *Feed) string {
			it := f.Items[0]
			switch {
			case it.URL != "https://www.tagesblatt-sued.example/muenchen/isarbruecke-radfahrer-1.4711":
				return "origLink not preferred: " + it.URL
			case it.ImageURL != "https://cdn.tagesblatt-sued.example/img/isar-large.jpg":
				return "widest media:content not chosen: " + it.ImageURL
			case !strings.Contains(it.Content, `href="https://www.tagesblatt-sued.example/muenchen/verkehr"`):
				return "relative link in content not resolved: " + it.Content
			case it.Summary != "Nach langem Streit dürfen Radfahrer die Isarbrücke ab Juli nutzen.":
				return "summary: " + it.Summary
			case len(it.Authors) != 2 || len(it.Categories) != 2:
				return "authors/categories not deduplicated"
			case f.Items[1].Title != "Hitzewelle: Bäder öffnen länger & Biergärten bis Mitternacht":
				return "double-escaped title: " + f.Items[1].Title
			case f.Items[1].Authors[0] != "Petra Schäfer":
				return "RSS author: " + f.Items[1].Authors[0]
			case f.Items[1].Published.Format(time.DateTime) != "2024-06-19 11:15:00":
				return "German date: " + f.Items[1].Published.String()
			case f.Items[2].ImageURL != "https://cdn.tagesblatt-sued.example/img/bayern.png":
				return "enclosure image: " + f.Items[2].ImageURL
			case f.FeedURL != "https://www.tagesblatt-sued.example/feeds/nachrichten.rss":
				return "self link: " + f.FeedURL
			}
			return ""
		}},
		{"rss2-cp1252.xml", func(f *Feed) string {
			if got := f.Items[0].Title; got != "„Die Zauberflöte“ in neuer Inszenierung – Premiere in der Staatsoper" {
				return "windows-1252 title: " + got
			}
			return ""
		}},
		{"rss2-mislabeled-latin1.xml", func(f *Feed) string {
			if got := f.Items[0].Title; got != "Käse aus dem Allgäu & Südtirol" {
				return "mislabeled title: " + got
			}
			return ""
		}},
		{"atom-xmlbase.xml", func(f *Feed) string {
			it := f.Items[0]
			switch {
			case f.SiteURL != "https://www.harbourtimes.example/":
				return "site: " + f.SiteURL
			case f.FeedURL != "https://www.harbourtimes.example/feeds/atom.xml":
				return "self: " + f.FeedURL
			case it.URL != "https://www.harbourtimes.example/news/2024/06/ferry-timetable":
				return "entry link: " + it.URL
			case !strings.Contains(it.Content, `href="https://www.harbourtimes.example/news/2024/06/ferry-timetable.pdf"`):
				return "xhtml content link: " + it.Content
			case it.ImageURL != "https://www.harbourtimes.example/img/ferry.jpg":
				return "enclosure link: " + it.ImageURL
			case f.Items[1].URL != "https://sport.harbourtimes.example/results/regatta-2024":
				return "entry xml:base: " + f.Items[1].URL
			case f.Items[1].Title != "Rowing club wins regatta <again>":
				return "text title: " + f.Items[1].Title
			case f.Items[1].Authors[0] != "Harbour Times Newsroom":
				return "inherited author missing"
			case f.Language != "en-GB":
				return "xml:lang: " + f.Language
			}
			return ""
		}},
		{"rss-messy.xml", func(f *Feed) string {
			switch {
			case len(f.Items) != 3:
				return "broken-off item lost"
			case f.Items[0].Title != "Eilmeldung: Sturmflut an der Küste":
				return "markup title: " + f.Items[0].Title
			case f.Items[0].URL != "https://nord.example/kueste/sturmflut":
				return "link: " + f.Items[0].URL
			case f.Items[0].ImageURL != "https://nord.example/img/pegel.jpg":
				return "image from description: " + f.Items[0].ImageURL
			case f.Items[1].Published.IsZero():
				return "RFC 850 date not read"
			}
			return ""
		}},
	}
	for _, tc := range tests {
		b, err := os.ReadFile(filepath.Join("testdata", "feed", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		f, err := Parse(bytes.NewReader(b), testBase+tc.file)
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if msg := tc.check(f); msg != "" {
			t.Errorf("%s: %s", tc.file, msg)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrNotFeed},
		{"spaces", " \n\t ", ErrNotFeed},
		{"html", "<html><body>hi</body></html>", ErrNotFeed},
		{"doctype", "<!doctype html><title>x</title>", ErrNotFeed},
		{"sitemap", "<urlset><url><loc>x</loc></url></urlset>", ErrNotFeed},
		{"other xml", "<svg xmlns='http://www.w3.org/2000/svg'/>", ErrNotFeed},
		{"json array", "[1,2]", ErrNotFeed},
		{"json object", `{"a":1}`, ErrNotFeed},
		{"broken json", `{"version":"https://jsonfeed.org/version/1.1",`, ErrNotFeed},
		{"binary", "\x00\x01\x02\x03", ErrNotFeed},
		{"broken gzip", "\x1f\x8b\x08\x00junk", ErrNotFeed},
		{"no element", "<?xml version='1.0'?><!-- nothing -->", ErrNotFeed},
	}
	for _, tc := range tests {
		f, err := Parse(strings.NewReader(tc.in), "")
		if !errors.Is(err, tc.want) || f != nil {
			t.Errorf("%s: Parse = %v, %v; want error %v", tc.name, f, err, tc.want)
		}
	}
}

func TestParseTooLarge(t *testing.T) {
	big := strings.Repeat(" ", MaxFeedSize+1)
	if _, err := Parse(strings.NewReader(big), ""); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestParseGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := newGzip(&buf)
	zw.Write([]byte(`<rss><channel><title>Gz</title><item><title>A</title></item></channel></rss>`))
	zw.Close()
	f, err := Parse(&buf, "")
	if err != nil || f.Title != "Gz" || len(f.Items) != 1 {
		t.Fatalf("Parse(gzip) = %+v, %v", f, err)
	}
}

// TestParseHostile checks that deeply nested and huge documents are read
// in bounded time.
func TestParseHostile(t *testing.T) {
	tests := []struct {
		name string
		in   string
	}{
		{"deep", "<rss><channel>" + strings.Repeat("<a>", 500_000)},
		{"deep item", "<rss><channel><item><title>x</title>" + strings.Repeat("<description>", 100_000) + "</item></channel></rss>"},
		{"many items", "<rss><channel>" + strings.Repeat("<item><title>t</title><category>c</category></item>", 100_000) + "</channel></rss>"},
		{"many categories", "<rss><channel><item>" + strings.Repeat("<category>c</category><category>d</category>", 100_000) + "</item></channel></rss>"},
		{"entities", "<rss><channel><title>" + strings.Repeat("&amp;&nbsp;&lt;", 200_000) + "</title></channel></rss>"},
		{"deep json", `{"version":"https://jsonfeed.org/version/1.1","items":[{"title":` + strings.Repeat("[", 100_000) + `]}]}`},
	}
	for _, tc := range tests {
		start := time.Now()
		f, err := Parse(strings.NewReader(tc.in), "")
		// Generous: each case takes well under a second on an idle machine.
		if d := time.Since(start); d > 30*time.Second {
			t.Errorf("%s: took %v", tc.name, d)
		}
		if err == nil && f == nil {
			t.Errorf("%s: nil feed without error", tc.name)
		}
		if tc.name == "many categories" && err == nil && len(f.Items[0].Categories) > maxList {
			t.Errorf("%s: %d categories kept", tc.name, len(f.Items[0].Categories))
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want string // want in RFC 3339, "" for none
	}{
		{"Wed, 19 Jun 2024 14:30:00 +0200", "2024-06-19T14:30:00+02:00"},
		{"Wed, 19 Jun 2024 14:30:00 GMT", "2024-06-19T14:30:00Z"},
		{"Wed, 19 Jun 2024 14:30:00 EDT", "2024-06-19T14:30:00-04:00"},
		{"19 Jun 2024 14:30 +0200", "2024-06-19T14:30:00+02:00"},
		{"Wed, 19 Jun 24 14:30:00 GMT", "2024-06-19T14:30:00Z"},
		{"Mi, 19 Jun 2024 14:30:00 +0200", "2024-06-19T14:30:00+02:00"},
		{"Mittwoch, 19. Juni 2024 14:30 MESZ", "2024-06-19T14:30:00+02:00"},
		{"2024-06-19T14:30:00.123+02:00", "2024-06-19T14:30:00.123+02:00"},
		{"2024-06-19T14:30:00Z", "2024-06-19T14:30:00Z"},
		{"2024-06-19", "2024-06-19T00:00:00Z"},
		{"  2024-06-19T14:30:00Z\n", "2024-06-19T14:30:00Z"},
		{"", ""},
		{"gestern", ""},
		{"Thu, 01 Jan 1970 00:00:00 +0000", ""},
		{"2999-01-01T00:00:00Z", ""},
	}
	for _, tc := range tests {
		got := parseDate(tc.in)
		s := ""
		if !got.IsZero() {
			s = got.Format(time.RFC3339Nano)
		}
		if s != tc.want {
			t.Errorf("parseDate(%q) = %q, want %q", tc.in, s, tc.want)
		}
	}
}

func TestToUTF8(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"utf-8", "<a>Grüße</a>", "<a>Grüße</a>"},
		{"bom", "\xef\xbb\xbf<a>ä</a>", "<a>ä</a>"},
		{"latin1 declared", `<?xml version="1.0" encoding="ISO-8859-1"?><a>` + "Gr\xfc\xdfe \x80</a>", "<a>Grüße €</a>"},
		{"utf-8 mislabeled latin1", `<?xml version="1.0" encoding="ISO-8859-1"?><a>Grüße</a>`, "<a>Grüße</a>"},
		{"latin1 mislabeled utf-8", `<?xml version="1.0" encoding="utf-8"?><a>` + "Gr\xfc\xdfe</a>", "<a>Grüße</a>"},
		{"mixed", "<a>Grüße \x96 ok</a>", "<a>Grüße – ok</a>"},
		{"utf-16le", "\xff\xfe<\x00a\x00>\x00\xe4\x00<\x00/\x00a\x00>\x00", "<a>ä</a>"},
		{"utf-16be", "\xfe\xff\x00<\x00a\x00>\x00\xe4\x00<\x00/\x00a\x00>", "<a>ä</a>"},
		{"control chars", "<a>x\x0by\x00z</a>", "<a>x y z</a>"},
		{"xml 1.1", `<?xml version="1.1"?><a/>`, "<a/>"},
	}
	for _, tc := range tests {
		if got := string(toUTF8([]byte(tc.in))); got != tc.want {
			t.Errorf("%s: toUTF8 = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestSniff(t *testing.T) {
	gz := func(s string) string {
		var buf bytes.Buffer
		zw := newGzip(&buf)
		zw.Write([]byte(s))
		zw.Close()
		return buf.String()
	}
	tests := []struct {
		name, in, ct string
		want         Kind
	}{
		{"rss", `<?xml version="1.0"?><rss version="2.0"><channel/></rss>`, "text/xml", KindRSS},
		{"rss as html", `<rss version="2.0"><channel/></rss>`, "text/html", KindRSS},
		{"rdf", `<rdf:RDF xmlns="http://purl.org/rss/1.0/"><channel/></rdf:RDF>`, "", KindRSS},
		{"other rdf", `<rdf:RDF xmlns:foaf="http://xmlns.com/foaf/0.1/"><foaf:Person/></rdf:RDF>`, "", KindUnknown},
		{"atom", "\ufeff<!-- gen --><?xml-stylesheet href='x'?>\n<feed xmlns='http://www.w3.org/2005/Atom'/>", "", KindAtom},
		{"prefixed atom", `<atom:feed xmlns:atom="http://www.w3.org/2005/Atom"/>`, "", KindAtom},
		{"json feed", `{"version": "https://jsonfeed.org/version/1.1", "items": []}`, "application/json", KindJSONFeed},
		{"json by type", `{"items": []}`, "application/feed+json", KindJSONFeed},
		{"other json", `{"a": 1}`, "application/json", KindUnknown},
		{"index", `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"/>`, "", KindSitemapIndex},
		{"urlset", `<?xml version="1.0"?><urlset/>`, "", KindURLSet},
		{"gzip urlset", gz(`<urlset><url><loc>x</loc></url></urlset>`), "application/x-gzip", KindURLSet},
		{"html doctype", "<!DOCTYPE html><html><head>", "", KindHTML},
		{"html legacy doctype", `<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN"><html>`, "", KindHTML},
		{"html no doctype", "  <html lang=de>", "", KindHTML},
		{"html fragment by type", "<div>hi</div>", "text/html; charset=utf-8", KindHTML},
		{"junk then rss", "Warning: x\n<?xml version='1.0'?><rss/>", "", KindRSS},
		{"empty by type", "", "application/rss+xml", KindRSS},
		{"empty", "", "", KindUnknown},
		{"text", "hello", "text/plain", KindUnknown},
		{"binary", "\x89PNG\r\n\x1a\n", "image/png", KindUnknown},
	}
	for _, tc := range tests {
		if got := Sniff([]byte(tc.in), tc.ct); got != tc.want {
			t.Errorf("%s: Sniff = %q, want %q", tc.name, got, tc.want)
		}
	}
}
