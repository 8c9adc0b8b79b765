package dates

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

func findIn(t testing.TB, page, url string) Result {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return Find(doc, url)
}

func TestFind(t *testing.T) {
	tests := []struct {
		name, page, url string
		pub, mod, src   string
	}{
		{
			name: "json-ld",
			page: `<html><head><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
				"headline":"X","datePublished":"2024-06-19T14:30:00+02:00","dateModified":"2024-06-20T08:00:00+02:00"}</script>
				</head><body><h1>X</h1><p>Text.</p></body></html>`,
			pub: "2024-06-19", mod: "2024-06-20", src: "json-ld",
		},
		{
			name: "json-ld graph, broken json, comment dates ignored",
			page: `<script type="application/ld+json">{"@graph":[{"@type":"WebSite","name":"S"},
				{"@type":"Comment","dateCreated":"2024-07-01"},
				{"@type":["Article"],"datePublished":"2024-06-19T10:00:00Z",}]</script><h1>X</h1>`,
			pub: "2024-06-19", src: "json-ld",
		},
		{
			name: "utc stamp at mid-morning stays on its day against an earlier date line",
			page: `<head><meta property="article:published_time" content="2024-08-27T10:32:24Z"><script type="application/ld+json">
				{"@type":"NewsArticle","datePublished":"2024-08-27T10:32:24Z"}</script></head><body>
				<p><time datetime="2024-08-27T12:32:24+02:00">27.08.2024, 12:32 Uhr</time></p><h1>Ticker</h1>
				<p>Über dieses Thema berichtet das Radio am</p><p>26.08.2024</p><p>Text.</p></body>`,
			pub: "2024-08-27", src: "json-ld",
		},
		{
			name: "meta",
			page: `<head><meta property="article:published_time" content="2023-03-01T09:00:00+01:00">
				<meta property="article:modified_time" content="2023-03-02T09:00:00+01:00"></head><body><h1>T</h1></body>`,
			pub: "2023-03-01", mod: "2023-03-02", src: "meta:article:published_time",
		},
		{
			name: "time element in header",
			page: `<article><header><h1>Title</h1><time datetime="2022-11-05T08:00:00Z" pubdate>5. November 2022</time></header>
				<p>Am 3. Oktober 2021 geschah etwas, worüber wir hier in einem langen Absatz berichten, der weit über eine Zeile hinausgeht.</p></article>`,
			pub: "2022-11-05",
		},
		{
			name: "german byline text",
			page: `<body><nav>Montag, 24. Juni 2024</nav><h1>Neue Regeln für Radfahrer</h1>
				<div class="autor">Von Anna Muster | Veröffentlicht am 19.06.2024, 14:30 Uhr</div>
				<p>Der Stadtrat hat am 12. Mai 2024 beschlossen, dass ab dem 1. Juli 2024 neue Regeln gelten, die wir hier ausführlich beschreiben und erklären.</p>
				<div class="comments"><p>Kommentar vom 20.06.2024</p></div></body>`,
			pub: "2024-06-19", src: "text",
		},
		{
			name: "english visible date beats related links",
			page: `<body><h1>Storm hits coast</h1><p class="byline">By Jane Doe · June 19, 2024</p>
				<p>Text of the story.</p><aside class="related"><ul><li>Older story <span class="date">May 2, 2024</span></li>
				<li>Other <span class="date">May 3, 2024</span></li></ul></aside></body>`,
			pub: "2024-06-19",
		},
		{
			name: "modified marker not taken as published when a published one exists",
			page: `<body><h1>Headline here</h1><p>Published: 02.03.2021</p><p>Updated: 05.03.2021</p></body>`,
			pub:  "2021-03-02", mod: "2021-03-05",
		},
		{
			name: "url only",
			page: `<html><body><h1>Hello</h1><p>No dates here.</p></body></html>`,
			url:  "https://example.com/news/2020/02/17/some-story/",
			pub:  "2020-02-17", src: "url",
		},
		{
			name: "canonical url",
			page: `<html><head><link rel="canonical" href="https://example.com/2019-10-01-story.html"></head><body><p>x</p></body></html>`,
			pub:  "2019-10-01", src: "url",
		},
		{
			name: "ambiguous slashes resolved by the meta date",
			page: `<html lang="en"><head><meta name="date" content="2023-11-08"></head><body><h1>Some headline</h1><p class="date">08/11/2023</p></body></html>`,
			pub:  "2023-11-08",
		},
		{
			name: "utc stamp joins the local day",
			page: `<head><meta property="article:published_time" content="2023-11-09T01:09:55Z"></head>
				<body><h1>Election night results</h1><p class="dateline">November 8, 2023 at 6:09 p.m.</p></body>`,
			pub: "2023-11-08",
		},
		{
			name: "implausible and copyright dates ignored",
			page: `<body><h1>About us</h1><p>Founded 1950. © 2024 Example Inc.</p><p>Born 12.03.1980</p></body>`,
			pub:  "",
		},
		{
			name: "nothing",
			page: `<p>hello</p>`,
		},
		{
			name: "wayback toolbar ignored, hAtom updated stamp as last resort",
			page: `<body><div id="wm-ipp-base"><div id="wm-ipp"><p>1 capture</p><p>10 Nov 2013</p></div></div>
				<h1>Haben sich Mozarts Eltern gesorgt?</h1><span class="updated" title="2013-04-04T18:52:11+00:00"></span>
				<p>Im Juni 1763 reiste die Familie nach Westeuropa.</p></body>`,
			pub: "2013-04-04", src: "modified",
		},
		{
			name: "today's date widget is not a date of the page",
			page: `<body><div class="yui3-u"><h1 class="masthead">Daily Legal News</h1><div class='today'>Wednesday, August 19, 2020</div></div>
				<p>Document 202020701296</p></body>`,
			pub: "",
		},
		{
			name: "logo h1 in the page header is not the headline",
			page: `<body><header><h1><a href="/" class="logo">Deutschlandfunk</a></h1><span class="dlf-date"><span>Mittwoch, </span>26.02.2020</span></header>
				<div class="breadcrumb"><span class="current">01.05.2017</span></div>
				<article><h1>"Wir dekorieren auf der Titanic die Liegestühle um"</h1><p class="subtitle">Die Digitalisierung der Arbeitswelt.</p></article></body>`,
			pub: "2017-05-01",
		},
		{
			name: "no h1: the headline is the longest part of the title",
			page: `<html><head><title>Gregory Szorc's Digital Home | Mercurial's Journey to and Reflections on Python 3</title></head>
				<body><div id="header">Gregory Szorc's Digital Home</div><div>` + strings.Repeat("Navigation and blurb text. ", 50) + `</div>
				<h2>Mercurial's Journey to and Reflections on Python 3</h2><small>January 13, 2020 at 08:45 AM | categories: Python</small>
				<p>` + strings.Repeat("As everyone who follows the project closely knows by now, the port took years since December 3, 2008. ", 3) + `</p></body></html>`,
			pub: "2020-01-13", src: "text",
		},
		{
			name: "a comment-named header holding the headline is not a comment section",
			page: `<body><div class="PageArticle_commentHeader"><h1 class="ArticleHeaderComment_headline">Was sich nach dem Urteil ändert</h1>
				<span class="PublishDate ArticleHeaderComment_publishDate">Dienstag, 29. Januar 2019</span></div>
				<p>Ein Beitrag geteilt am</p><p>Mär 12, 2018 um 12:30 PDT</p><p>Mär 12, 2018 um 12:30 PDT</p></body>`,
			pub: "2019-01-29",
		},
		{
			name: "teaser articles beside the story's article",
			page: `<head><meta property="article:published_time" content="2019-10-01T10:00:00+02:00"></head><body>
				<article><h1 class="entry-title">New Balance: FuelCell Echo bringt Speed</h1><div class="meta-item date"><span class="updated">vor 4 Monaten</span></div><p>Text.</p></article>
				<div class="more"><article><h2>Faszination Loopstation-Battle</h2><div class="meta-item herald-date">18. Januar 2019</div></article>
				<article><h2>Other</h2><div class="entry-meta date">18. Januar 2019</div></article></div></body>`,
			pub: "2019-10-01",
		},
		{
			name: "ranges of days name events",
			page: `<body><h1>JRA競走に勝ったセール出身馬紹介</h1><p>JRA競走に勝ったセール出身馬紹介(2020/7/11-12､18頭)</p>
				<p><span class="entry-top-info-time">2020年07月12日</span></p><p>Wochenbericht 14. - 20. Januar 2020</p></body>`,
			pub: "2020-07-12",
		},
		{
			name: "an element labelled as changed gives the modification date",
			page: `<body><h1>Neue Präsidentin gewählt</h1><div class="date-box">Zuletzt geändert am: 15.10.2021</div>
				<p>Erschienen am:</p><p>13.10.2021</p></body>`,
			pub: "2021-10-13", mod: "2021-10-15",
		},
		{
			name: "a one-word h1 names the section; the title finds the headline",
			page: `<html><head><title>El primero en hablar: sorprendente despedida</title></head><body><h1 class="title">Fútbol</h1>
				<div class="region-right"><h2>Minuto a Minuto</h2><div class="field-datetime">05/12/2020 - 15:10</div></div>` +
				strings.Repeat("<p>Noticias y más noticias del día en la región.</p>", 25) + `
				<h2>El primero en hablar: sorprendente despedida</h2><p class="dateline">06/12/2020 - 07:32</p></body></html>`,
			pub: "2020-12-06",
		},
		{
			name: "short script writing a date in place",
			page: `<body><h1>市民新聞：社區活動報導</h1><table><tr><td class="main-text"><script>showDate("2020/04/17 01:43:09")</script> 瀏覽7</td></tr></table></body>`,
			pub:  "2020-04-17",
		},
		{
			name: "zone-less meta stamp equal to a UTC one, read in the zone of a .ca domain",
			page: `<html lang="fr"><head><meta property="og:url" content="https://ici.radio-canada.ca/nouvelle/1728875/x">
				<meta name="dc.date.created" content="2020-08-25T00:23:00">
				<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-08-25T00:23:33.000Z"}</script></head>
				<body><h1>Pas d’autobus scolaires jusqu’au 14 septembre</h1></body></html>`,
			pub: "2020-08-24",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := findIn(t, tc.page, tc.url)
			if got := day(r.Published); got != tc.pub {
				t.Errorf("Published = %q (%s), want %q", got, r.Source, tc.pub)
			}
			if tc.mod != "" && day(r.Modified) != tc.mod {
				t.Errorf("Modified = %q, want %q", day(r.Modified), tc.mod)
			}
			if tc.src != "" && r.Source != tc.src {
				t.Errorf("Source = %q, want %q", r.Source, tc.src)
			}
			if r.Published.IsZero() != (r.Source == "") {
				t.Errorf("Source %q with Published %v", r.Source, r.Published)
			}
		})
	}
}

func TestFindKeepsOffset(t *testing.T) {
	r := findIn(t, `<head><meta property="article:published_time" content="2024-06-19T23:30:00-05:00"></head><body><h1>x</h1></body>`, "")
	if got := r.Published.Format(time.RFC3339); got != "2024-06-19T23:30:00-05:00" {
		t.Errorf("Published = %s", got)
	}
}

func TestFindNil(t *testing.T) {
	if r := Find(nil, ""); !r.Published.IsZero() {
		t.Error("date from nil doc")
	}
}

func TestFindHuge(t *testing.T) {
	var b strings.Builder
	b.WriteString("<html><body><h1>Big</h1><p>19.06.2024</p>")
	for i := 0; i < 20000; i++ {
		b.WriteString(`<div class="post-meta date"><span>12.3.</span> 2.1.2 text 1.1.1999 <time>x</time></div>`)
	}
	b.WriteString(`<script>var s={"datePublished":"` + strings.Repeat("9", 100) + `"}</script></body></html>`)
	doc, err := html.Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	r := Find(doc, "")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Find took %v", d)
	}
	if day(r.Published) != "2024-06-19" {
		t.Errorf("Published = %v", r.Published)
	}
}

func FuzzFind(f *testing.F) {
	for _, s := range []string{
		`<script type="application/ld+json">{"@graph":[{"@type":"Article","datePublished":"2024-06-19"}]}</script>`,
		`<script type="application/ld+json">{"datePublished":"2024-06-19T14:30:00+02:00", "@type": [`,
		`<meta property="article:published_time" content="2024-06-19T14:30:00Z"><h1>T</h1>`,
		`<h1>T</h1><time datetime="2024-06-19">19. Juni 2024</time><div class="comments">20.06.2024</div>`,
		`<html lang="en-US"><p class="byline">By X | 06/19/2024 2:30 PM</p>`,
		`<script>window.__STATE__={"publishedAt":"2024-06-19T10:00:00Z"}</script>`,
		`<link rel="canonical" href="https://x.org/2024/06/19/a">`,
		`<h1>` + strings.Repeat("<div class=date>", 50) + `</h1>`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc, err := html.Parse(strings.NewReader(s))
		if err != nil {
			return
		}
		r := Find(doc, "")
		if !r.Published.IsZero() && (r.Published.Year() < minYear || r.Published.After(latestPlausible())) {
			t.Errorf("implausible Published %v", r.Published)
		}
	})
}
