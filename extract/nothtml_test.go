package extract

import (
	"errors"
	"strings"
	"testing"
)

// pageBody is enough article text for a page to be read as an article.
var pageBody = "<p>" + strings.Repeat("The council met on Tuesday and agreed the budget for the coming year. ", 8) + "</p>"

func TestNotHTML(t *testing.T) {
	for _, tc := range []struct {
		name, in, contentType string
		want                  string // part of the error; "" for a page
	}{
		{"sitemap", `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://a.example/1</loc></url></urlset>`, "", "looks like an XML sitemap"},
		{"sitemap without declaration", "\n  <urlset><url><loc>https://a.example/1</loc></url></urlset>", "", "looks like an XML sitemap"},
		{"sitemap index", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://a.example/s1.xml</loc></sitemap></sitemapindex>`, "", "sitemap index"},
		{"rss", `<?xml version="1.0" encoding="UTF-8"?><?xml-stylesheet type="text/xsl" href="/rss.xsl"?><!-- feed --><rss version="2.0"><channel><title>News</title><item><title>` + pageBody + `</title></item></channel></rss>`, "", "looks like an RSS feed"},
		{"rss with doctype", `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel></channel></rss>`, "", "RSS feed"},
		{"rss 1.0", `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel></channel></rdf:RDF>`, "", "RSS feed"},
		{"atom", "\ufeff<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>News</title><entry><content type=\"html\">" + pageBody + "</content></entry></feed>", "", "looks like an Atom feed"},
		{"atom sent as html", `<feed xmlns="http://www.w3.org/2005/Atom"><entry></entry></feed>`, "text/html; charset=utf-8", "Atom feed"},
		{"xml document", `<?xml version="1.0"?><catalog><book id="1"><title>Go</title></book></catalog>`, "", "XML document (root element <catalog>)"},
		{"xml with internal subset", `<?xml version="1.0"?><!DOCTYPE note [<!ENTITY a "b>c">]><note>x</note>`, "", "XML document"},
		{"svg", `<?xml version="1.0" standalone="no"?><svg xmlns="http://www.w3.org/2000/svg"><text>hi</text></svg>`, "", "SVG image"},
		{"json object with markup", `{"html": "` + strings.ReplaceAll(pageBody, `"`, `\"`) + `"}`, "", "looks like JSON"},
		{"json array", `[ {"title": "<b>x</b>"} ]`, "", "looks like JSON"},
		{"json feed", `{"version": "https://jsonfeed.org/version/1.1", "items": [{"content_html": "<p>x</p>"}]}`, "", "JSON Feed"},
		{"xml content type", "<div>" + pageBody + "</div>", "application/xml", "content type application/xml"},
		{"feed content type", "<title>News</title>" + pageBody, "application/rss+xml; charset=utf-8", "content type application/rss+xml"},

		{"html", "<!DOCTYPE html><html><head><title>A</title></head><body>" + pageBody + "</body></html>", "", ""},
		{"xhtml", `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + `<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">` + "\n" + `<html xmlns="http://www.w3.org/1999/xhtml"><body>` + pageBody + `</body></html>`, "", ""},
		{"xhtml without doctype", `<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>` + pageBody + `</body></html>`, "application/xhtml+xml", ""},
		{"xhtml with comment first", `<?xml version="1.0"?><!-- generated --><?xml-stylesheet href="a.css"?><html><body>` + pageBody + `</body></html>`, "", ""},
		{"xhtml sent as xml", `<?xml version="1.0"?><html><body>` + pageBody + `</body></html>`, "text/xml", ""},
		{"fragment", "<div class=story>" + pageBody + "</div>", "", ""},
		{"fragment with xml declaration", `<?xml version="1.0"?><div>` + pageBody + `</div>`, "", ""},
		{"junk before the page", "Warning: include(): failed\n<html><body>" + pageBody + "</body></html>", "", ""},
		{"feed words in the text", "<html><body><p>Subscribe to our <rss> feed.</p>" + pageBody + "</body></html>", "application/json", ""},
		{"brace in text", "{Updated} <p>" + pageBody + "</p>", "", ""},
		{"bracket in text", "[Updated] <p>" + pageBody + "</p>", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := Extract([]byte(tc.in), Options{ContentType: tc.contentType})
			if tc.want == "" {
				if err != nil {
					t.Fatalf("a page refused: %v", err)
				}
				if !strings.Contains(a.Text(), "The council met") {
					t.Errorf("text %q", a.Text())
				}
				return
			}
			if !errors.Is(err, ErrNotHTML) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want ErrNotHTML saying %q", err, tc.want)
			}
			if a != nil {
				t.Errorf("an article for a document that is no page: %q", a.Text())
			}
		})
	}
}

func FuzzNotHTML(f *testing.F) {
	for _, s := range []string{
		`<?xml version="1.0"?><urlset><url><loc>x</loc></url></urlset>`,
		`<?xml version="1.0"?><!DOCTYPE html><html><body><p>x</p></body></html>`,
		`<!-- a --><?pi x?><!DOCTYPE rss [<!ENTITY a "]>">]><rss/>`,
		`<rdf:RDF xmlns="http://purl.org/rss/1.0/">`,
		`{"a": "<p>"}`, `[{"a":1}]`, `<div>x</div>`, "\ufeff <feed>", `<!--`, `<?xml`, `<!DOCTYPE`,
	} {
		f.Add([]byte(s), "")
	}
	f.Add([]byte("<p>x</p>"), "application/atom+xml")
	f.Fuzz(func(t *testing.T, doc []byte, contentType string) {
		err := notHTML(doc, contentType)
		if err != nil && !errors.Is(err, ErrNotHTML) {
			t.Fatalf("error %v does not wrap ErrNotHTML", err)
		}
		// An XHTML page, an XML declaration and an <html> root, is a
		// page whatever comes after it.
		xhtml := append([]byte(`<?xml version="1.0" encoding="utf-8"?>`+"\n<html>"), doc...)
		if err := notHTML(xhtml, ""); err != nil {
			t.Fatalf("XHTML page refused: %v", err)
		}
		// A sitemap is refused whatever it holds.
		sm := append([]byte(`<?xml version="1.0"?><urlset>`), doc...)
		if err := notHTML(sm, ""); !errors.Is(err, ErrNotHTML) {
			t.Fatalf("sitemap not refused: %v", err)
		}
	})
}
