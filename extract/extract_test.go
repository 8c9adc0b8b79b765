package extract

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
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// golden is the part of an Article the golden files pin down.
type golden struct {
	Title        string   `json:"title"`
	Subtitle     string   `json:"subtitle"`
	Authors      []string `json:"authors"`
	Published    string   `json:"published"`
	SiteName     string   `json:"site_name"`
	Language     string   `json:"language"`
	CanonicalURL string   `json:"canonical_url"`
	Image        string   `json:"image"`
	Section      string   `json:"section"`
	Tags         []string `json:"tags"`
	Charset      string   `json:"charset"`
	Blocks       []string `json:"blocks"`
}

func TestGolden(t *testing.T) {
	pages, _ := filepath.Glob("testdata/*.html")
	if len(pages) == 0 {
		t.Fatal("no pages in testdata")
	}
	for _, p := range pages {
		t.Run(filepath.Base(p), func(t *testing.T) {
			raw, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Extract(raw, Options{URL: "https://news.example/" + filepath.Base(p)})
			if err != nil && !errors.Is(err, ErrNoArticle) {
				t.Fatalf("Extract: %v", err)
			}
			g := golden{Title: a.Title, Subtitle: a.Subtitle, Authors: a.Authors, SiteName: a.SiteName,
				Language: a.Language, CanonicalURL: a.CanonicalURL, Image: a.Image, Section: a.Section,
				Tags: a.Tags, Charset: a.Charset}
			if !a.Published.IsZero() {
				g.Published = a.Published.Format(time.RFC3339)
			}
			for _, b := range a.Blocks {
				g.Blocks = append(g.Blocks, string(b.Kind)+": "+b.Text)
			}
			got, _ := json.MarshalIndent(g, "", "  ")
			want := strings.TrimSuffix(p, ".html") + ".golden.json"
			if *update {
				if err := os.WriteFile(want, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			exp, err := os.ReadFile(want)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(bytes.TrimSpace(exp), bytes.TrimSpace(got)) {
				t.Errorf("%s differs from golden file %s:\n%s", p, want, got)
			}
		})
	}
}

// TestChrome checks what must never reach the body of the German page:
// the newsroom blurb, cookie banner, teasers, newsletter box, comments.
func TestChrome(t *testing.T) {
	raw, err := os.ReadFile("testdata/de-putin.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Extract(raw, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := a.Text()
	for _, bad := range []string{"Journalistinnen", "Cookies", "Lesen Sie auch", "Diktatorenshow", "Newsletter", "Propaganda", "Leser123", "Alle Rechte", "Teilen", "Wirtschaft"} {
		if strings.Contains(text, bad) {
			t.Errorf("body contains chrome %q", bad)
		}
	}
	for _, good := range []string{"Pjöngjang", "„Durchbruch“", "10.000 Container", "Putin braucht Munition", "Arbeitsmigranten", "unabhängige Außenpolitik"} {
		if !strings.Contains(text, good) {
			t.Errorf("body lacks %q", good)
		}
	}
	if a.Title != "Putin wird vorgeführt" && a.Title != "Russlands Pakt mit Nordkorea: Putin wird vorgeführt" {
		t.Errorf("title = %q", a.Title)
	}
	if got := strings.Join(a.Authors, "; "); got != "Anna Beispiel; Jonas Muster" {
		t.Errorf("authors = %q", got)
	}
	want := time.Date(2024, 6, 19, 14, 30, 0, 0, time.FixedZone("", 2*3600))
	if !a.Published.Equal(want) {
		t.Errorf("published = %v, want %v", a.Published, want)
	}
	if a.Language != "de" || a.Charset != "windows-1252" {
		t.Errorf("language %q charset %q", a.Language, a.Charset)
	}
}

func TestBadInput(t *testing.T) {
	deep := "The council met on Tuesday, deep inside a page of a hundred thousand nested boxes, and agreed the budget."
	nested := strings.Repeat("<div>", 100000) + "<p>" + deep + "</p>" + strings.Repeat("</div>", 100000)
	for _, tc := range []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, ErrEmpty},
		{"whitespace", []byte(" \n\t "), ErrEmpty},
		{"pdf", []byte("%PDF-1.7\n%âãÏÓ\n1 0 obj"), ErrNotHTML},
		{"json", []byte(`{"title": "not a page", "items": [1, 2, 3]}`), ErrNotHTML},
		{"binary", bytes.Repeat([]byte{0, 1, 2, 3, 0xff, 0xfe, 7}, 500), ErrNotHTML},
		{"png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ErrNotHTML},
		{"plain text", []byte("just some words without any markup at all"), ErrNotHTML},
		{"home page", mustRead(t, "testdata/home.html"), ErrNoArticle},
		{"nested", []byte(nested), nil},
		{"unclosed", []byte("<html><body><div><p>Ein Absatz ohne Ende <b>fett <i>kursiv"), nil},
		{"mixed encoding", []byte("<html><head><meta charset=utf-8></head><body><p>Gr\xfc\xdfe aus M\xfcnchen und Stra\xdfe, \xc3\xbcber alles sch\xc3\xb6n und gut.</p></body></html>"), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract(tc.in, Options{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if errors.Is(err, ErrNoArticle) && (a == nil || !a.Empty()) {
				t.Errorf("ErrNoArticle must come with an empty article, got %+v", a)
			}
			if err == nil && !utf8Valid(a.Text()) {
				t.Errorf("text is not valid UTF-8")
			}
			if tc.name == "nested" && !strings.Contains(a.Text(), deep) {
				t.Errorf("deep paragraph lost: %q", a.Text())
			}
		})
	}
}

func TestSizeCap(t *testing.T) {
	para := "<p>" + strings.Repeat("Ein langer Satz über die Lage in der Welt, mit Kommas, und vielen Wörtern. ", 20) + "</p>\n"
	page := []byte("<html><body><article>" + strings.Repeat(para, 40000) + "</article></body></html>")
	if len(page) < 50<<20 {
		t.Fatalf("test page is only %d bytes", len(page))
	}
	a, err := Extract(page, Options{MaxBytes: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if !a.Truncated {
		t.Error("Truncated not set for a page over the cap")
	}
	if n := len(a.Text()); n == 0 || n > 1<<20 {
		t.Errorf("text length %d, want 1..%d", n, 1<<20)
	}
}

func TestCharsets(t *testing.T) {
	const body = "<p>Die Bürger in Köln und Düsseldorf äußern sich über die Straße, die Größe und das Öl.</p>"
	utf := "<html><head><meta charset=\"utf-8\"></head><body>" + body + "</body></html>"
	latin := func(s string) []byte {
		var b []byte
		for _, r := range s {
			b = append(b, byte(r))
		}
		return b
	}
	for _, tc := range []struct {
		name, ct string
		in       []byte
	}{
		{"utf-8 meta", "", []byte(utf)},
		{"utf-8 BOM", "", append([]byte("\xef\xbb\xbf"), "<html><body>"+body+"</body></html>"...)},
		{"latin-1 meta", "", latin("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head><body>" + body + "</body></html>")},
		{"windows-1252 header", "text/html; charset=windows-1252", latin("<html><body>" + body + "</body></html>")},
		{"undeclared latin-1", "", latin("<html><body>" + body + "</body></html>")},
		{"utf-8 declared as latin-1", "", []byte("<html><head><meta charset=\"iso-8859-1\"></head><body>" + body + "</body></html>")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract(tc.in, Options{ContentType: tc.ct})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(a.Text(), "Bürger in Köln und Düsseldorf äußern sich über die Straße") {
				t.Errorf("umlauts wrong (charset %s): %q", a.Charset, a.Text())
			}
		})
	}
}

func mustRead(t *testing.T, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "\uFFFD") == s }

func FuzzExtract(f *testing.F) {
	pages, _ := filepath.Glob("testdata/*.html")
	for _, p := range pages {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte("<html><body><p>a</p></body></html>"))
	f.Add([]byte("<script type=application/ld+json>{\"@graph\":[{\"@type\":\"NewsArticle\",\"author\":[[{}]]}]}</script>"))
	f.Add([]byte("\xff\xfe<\x00h\x00t\x00m\x00l\x00>"))
	f.Add([]byte("<table><tr><td><table><tr><td>x</td></tr></table></td></tr></table>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := Extract(b, Options{URL: "https://news.example/a/b"})
		if err != nil && !errors.Is(err, ErrNoArticle) {
			return
		}
		if a == nil {
			t.Fatal("nil article without error")
		}
		if !utf8Valid(a.Text()) || !utf8Valid(a.Title) {
			t.Fatal("invalid UTF-8 in output")
		}
	})
}

func TestPaywall(t *testing.T) {
	text := "<p>" + strings.Repeat("Der Stadtrat hat am Mittwoch über den Haushalt beraten, und die Opposition widersprach. ", 5) + "</p>"
	for _, tc := range []struct {
		name, page string
		want       bool
	}{
		{"marker class", `<html><body><article>` + text + `<div class="article-paywall">Weiterlesen mit Abo</div></article></body></html>`, true},
		{"marker on body", `<html><body class="is-payWall">` + text + `</body></html>`, true},
		{"json-ld", `<html><head><script type="application/ld+json">{"@type":"NewsArticle","isAccessibleForFree":false}</script></head><body>` + text + `</body></html>`, true},
		{"free", `<html><body><article>` + text + `</article></body></html>`, false},
		{"notice", `<html><body><article>` + text + text + `<p>Um weiterzulesen, schließen Sie ein Abo ab.</p><p>Schon ab 1 Euro im Monat lesen Sie alle Artikel.</p></article></body></html>`, true},
		{"quota", `<html><body><article>` + text + text + `<p>Ihnen stehen diesen Monat keine freien Artikel mehr zur Verfügung. Um weiterzulesen, melden Sie sich an.</p><p>Jetzt kostenlos registrieren</p></article></body></html>`, true},
		{"notice that is also an appeal", `<html><body><article>` + text + text + `<p>To view the full story, please subscribe to the Courier.</p><p>Jo Writer</p></article></body></html>`, true},
		{"notice, English", `<html><body><article>` + text + `<p>To continue reading, subscribe to the Courier.</p><p>Subscribers get every story and the app.</p><p>Already a subscriber? Log in.</p><p>Jo Writer</p></article></body></html>`, true},
	} {
		a, err := Extract([]byte(tc.page), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if a.Paywalled != tc.want {
			t.Errorf("%s: paywalled = %v, want %v", tc.name, a.Paywalled, tc.want)
		}
		// The notice and what follows it are not the article.
		if got := a.Text(); strings.Contains(got, "weiterzulesen") || strings.Contains(got, "ubscribe") || strings.Contains(got, "Jo Writer") {
			t.Errorf("%s: body keeps the paywall's notice: %q", tc.name, got)
		}
	}
}
