package extract

import (
	"strings"
	"testing"

	"newsdesk"
)

// TestCleanBlocks checks which lines count as site furniture and which
// stay article text.
func TestCleanBlocks(t *testing.T) {
	p := func(s string) newsdesk.Block { return newsdesk.Block{Kind: newsdesk.Paragraph, Text: s} }
	h := func(s string) newsdesk.Block { return newsdesk.Block{Kind: newsdesk.Heading, Level: 2, Text: s} }
	body := p("Die Stadt hat am Mittwoch beschlossen, die alte Kaimauer zu erneuern, nachdem zwei Winter lang Sturmfluten Keller überschwemmt hatten.")
	for _, tc := range []struct {
		name string
		in   []newsdesk.Block
		keep int // how many blocks remain
	}{
		{"headline repeated", []newsdesk.Block{h("Sea wall to be rebuilt"), body}, 1},
		{"reading time", []newsdesk.Block{p("5 min read"), body}, 1},
		{"reading time de", []newsdesk.Block{p("3 Minuten Lesezeit"), body}, 1},
		{"reading time pt", []newsdesk.Block{p("Tempo de leitura: 1 minuto"), body}, 1},
		{"gallery counter", []newsdesk.Block{body, p("Bild 2/7")}, 1},
		{"button label", []newsdesk.Block{body, p("Teilen")}, 1},
		{"box label", []newsdesk.Block{body, p("Mehr zum Thema"), p("Lesen Sie auch: Der Hafen wächst")}, 1},
		{"heading left alone", []newsdesk.Block{body, h("Weitere Meldungen")}, 1},
		{"appeal at the end", []newsdesk.Block{body, p("Gefällt Ihnen dieser Artikel? Unterstützen Sie unabhängigen Journalismus mit einem Abo.")}, 1},
		{"comments", []newsdesk.Block{body, p("Posted by: Ellen at September 10, 2012 11:40 AM"), p("Nice!"), p("Posted by: Toni at September 10, 2012 12:11 PM"), p("Posted by: Gina at September 10, 2012 12:12 PM")}, 1},
		{"sentence that starts like furniture", []newsdesk.Block{body, p("Teilen wollten die Stadtwerke die Kosten nicht: Sie tragen den größten Teil der Sanierung allein, wie ein Sprecher am Abend bestätigte.")}, 2},
		{"section with content", []newsdesk.Block{body, h("Was jetzt geschieht"), body}, 3},
		{"appeal with signature and citation", []newsdesk.Block{body, body, body, p("While you are here…"),
			p("If you enjoyed reading this post, would you consider supporting our work? Just click here."),
			p("All the best, Max"), p("Suggested citation: Writer, Sam: The sea wall, Blog, 2020/4/9.")}, 3},
		{"short article that speaks to the reader", []newsdesk.Block{p("Ein neues Programm teilt Lieblingslieder mit Freunden."),
			p("If you like to share your favourite songs with your friends, this is the application for you."), body}, 3},
		{"closing lines", []newsdesk.Block{body, body, p("Don't miss a post! Subscribe to our newsletter."), p("Comments are closed.")}, 2},
		{"post that begins with its filing line", []newsdesk.Block{p("Posted by Ann in News on Aug 9th, 2012"),
			p("Filed under: News. " + body.Text + " " + body.Text + " " + body.Text), p("Comments are closed.")}, 2},
		{"newsletter promo", []newsdesk.Block{body, p("Let our news meet your inbox. The news that matters, delivered weekday mornings."), body}, 2},
		{"newsletter promo de", []newsdesk.Block{body, p("Jetzt den Newsletter abonnieren und nichts mehr verpassen."), body}, 2},
		{"newsletter promo, pointing the way", []newsdesk.Block{body, p("Sie mögen den Tag kompakt zusammengefasst? Dann sind Sie beim täglichen Newsletter richtig – hier entlang."), body}, 2},
		{"newsletter in the news", []newsdesk.Block{body, p("The council's newsletter reached every household in the old town last week.")}, 2},
		{"wire credits at the end", []newsdesk.Block{body, body, p("Reporting by Jo Bloggs; Editing by Sam Doe")}, 2},
		{"broadcast note at the end", []newsdesk.Block{body, body, p("Dieses Thema im Programm: NDR Info | 12.03.2024 | 07:00 Uhr")}, 2},
		{"reporting in the text", []newsdesk.Block{body, p("Reporting by local papers first raised the question of who would pay for the repairs.")}, 2},
		{"translation note", []newsdesk.Block{p("Dies ist eine maschinelle Übersetzung eines Artikels unserer Kollegen. Er wurde von einem Redakteur überprüft."), body, body}, 2},
		{"breaking story note", []newsdesk.Block{body, p("This is a breaking news story and will be updated."), body}, 2},
		{"messenger channel promo", []newsdesk.Block{body, p("Folgst du uns schon auf WhatsApp? Abonniere unseren Kanal und du bekommst die wichtigsten News."), body}, 2},
		{"aggregator promo", []newsdesk.Block{body, p("Follow the Harbour News on Google News and add us as a preferred source."), body}, 2},
		{"channel promo list", []newsdesk.Block{body, {Kind: newsdesk.List, Items: []string{"Neues aufs Handy? Hier geht es zur News-App des Kuriers.", "Der Kurier auch bei Instagram und Facebook.", "Den Tag kompakt: Dann sind Sie beim täglichen Newsletter richtig – hier entlang."}}, body}, 2},
		{"list naming the newsletter", []newsdesk.Block{body, {Kind: newsdesk.List, Items: []string{"Die Stadt verschickt ihren Newsletter künftig seltener.", "Der Rat tagt im Mai.", "Die Kaimauer wird 2026 fertig."}}, body}, 3},
		{"messenger in the news", []newsdesk.Block{body, p("Die Gruppe tauschte sich über Monate auf WhatsApp aus, bevor die Polizei die Chats auswertete."), body}, 3},
		{"credit on its own line", []newsdesk.Block{body, p("Getty Images"), body, p("REUTERS")}, 2},
		{"agency in a sentence", []newsdesk.Block{body, p("Reuters reported the sale first.")}, 2},
		{"sign-up legal line", []newsdesk.Block{body, p("Sign up to get the morning briefing delivered daily."), p("By clicking “Sign Up”, you accept our Terms of Service and Privacy Policy."), body}, 2},
		{"placeholder picture text", []newsdesk.Block{body, p("Placeholder image-1"), body}, 2},
		{"agencies on their own line", []newsdesk.Block{body, p("mit dpa"), body}, 2},
		{"editors at the end", []newsdesk.Block{body, body, p("Redaktion: Anna Muster, Jo Beispiel")}, 2},
		{"programme note and error report", []newsdesk.Block{body, p("Dieses Thema im Programm:"), body, p("Fehler gefunden? Jetzt melden.")}, 2},
		{"signing initials", []newsdesk.Block{body, p("(dmk)"), p("Breaking News"), body}, 2},
		{"bracketed word in the text", []newsdesk.Block{body, p("(Fortsetzung folgt in der nächsten Ausgabe am Samstag)")}, 2},
		{"comment area", []newsdesk.Block{body, body, body, p("Comments are now closed for this story"), p("Stephen B: The time has come to cut the fat."), p("Lina: Agreed, and about time.")}, 3},
		{"comment label too early", []newsdesk.Block{p("Reader comments on last week's story about the sea wall filled our letters page."), body}, 2},
		{"header chrome before the headline", []newsdesk.Block{p("Stay up to date with our alerts"), p("Alerts can be managed in the browser."),
			p("Sea wall to be rebuilt"), body}, 1},
		{"kicker run into the headline", []newsdesk.Block{p("Coastal defences Sea wall to be rebuilt"), body}, 1},
		{"headline that opens the text", []newsdesk.Block{p("Sea wall to be rebuilt"), body}, 1},
		{"headline with the site after it", []newsdesk.Block{{Kind: newsdesk.Heading, Level: 1, Text: "Sea wall to be rebuilt | Harbour News"}, body}, 1},
		{"heading that only starts like the headline", []newsdesk.Block{body, {Kind: newsdesk.Heading, Level: 2, Text: "Sea wall to be rebuilt in stone"}, body}, 3},
		{"author box", []newsdesk.Block{body, body, body, p("Die Autorin"), p("Anna Muster (*1958) leitet die Denkfabrik am Hafen.")}, 3},
		{"instructions", []newsdesk.Block{body, body, body, p("Download the tool from the maker's site and put it in a folder of your choice, say the temp folder."), p("Run it as an administrator.")}, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := cleanBlocks(append([]newsdesk.Block(nil), tc.in...), "Sea wall to be rebuilt")
			if len(got) != tc.keep {
				t.Errorf("kept %d blocks, want %d: %+v", len(got), tc.keep, got)
			}
		})
	}
}

func TestDropAuthorBio(t *testing.T) {
	p := func(s string) newsdesk.Block { return newsdesk.Block{Kind: newsdesk.Paragraph, Text: s} }
	bs := []newsdesk.Block{p("First paragraph of the story."), p("Second paragraph of the story."), p("Meg James is a media reporter for the Times, covering television.")}
	if got := dropAuthorBio(bs, []string{"Meg James"}); len(got) != 2 {
		t.Errorf("bio kept: %+v", got)
	}
	if got := dropAuthorBio(bs, []string{"Tom Writer"}); len(got) != 3 {
		t.Errorf("a paragraph not about an author was dropped: %+v", got)
	}
}

// A figure's caption set as a paragraph becomes a caption block, which
// is not body text.
func TestFigureLabel(t *testing.T) {
	for _, tc := range []struct {
		text string
		want newsdesk.BlockKind
	}{
		{"Abbildung 3: Ein großer Schneekristall unter dem Mikroskop.", newsdesk.Caption},
		{"Figure 2: Snow depth on the glacier, measured from orbit.", newsdesk.Caption},
		{"Abb. 1: Profil der Schneedecke", newsdesk.Caption},
		{"Die Abbildung zeigt, wie sich die Schneedecke über den Winter aufbaut und wo sie bricht.", newsdesk.Paragraph},
	} {
		bs := cleanBlocks([]newsdesk.Block{{Kind: newsdesk.Paragraph, Text: "Die Lawinengefahr bleibt in den Alpen erheblich, warnt das Institut für Schnee- und Lawinenforschung."}, {Kind: newsdesk.Paragraph, Text: tc.text}}, "")
		if len(bs) != 2 || bs[1].Kind != tc.want {
			t.Errorf("%q: %+v, want a %s", tc.text, bs, tc.want)
		}
	}
}

// TestAuthors checks where names come from when the metadata has no
// plain author field, and that a commenter is not taken for the author.
func TestAuthors(t *testing.T) {
	body := "<p>" + strings.Repeat("The harbour board raised the tolls for visiting yachts on Tuesday, the first rise in six years. ", 4) + "</p>"
	for _, tc := range []struct {
		name, page, want string
	}{
		{"json-ld graph reference", `<html><head><script type="application/ld+json">{"@graph":[
			{"@type":"WebPage","@id":"https://x.example/#page","author":{"@id":"https://x.example/#/person/1"}},
			{"@type":"Person","@id":"https://x.example/#/person/1","name":"Christa Schulz"}]}</script></head>
			<body><article><h1>Tolls</h1>` + body + `</article></body></html>`, "Christa Schulz"},
		{"twitter label", `<html><head><meta name="twitter:label1" content="Verfasst von"><meta name="twitter:data1" content="Jonas Muster"></head>
			<body><article><h1>Tolls</h1>` + body + `</article></body></html>`, "Jonas Muster"},
		{"byline class", `<html><body><article><h1>Tolls</h1><p class="byline">Von Ronja Beck, 12.03.2019</p>` + body + `</article></body></html>`, "Ronja Beck"},
		{"rel author", `<html><body><article><h1>Tolls</h1><span>by <a rel="author" href="/a/sam">Sam Writer</a></span>` + body + `</article></body></html>`, "Sam Writer"},
		{"blog label", `<html><body><article><h1>Tolls</h1>` + body + `<div class="post-author">Eingestellt von der Michel</div></article></body></html>`, "der Michel"},
		{"publication as author", `<html><head><meta name="author" content="Badische Zeitung"><meta property="og:site_name" content="Badische Zeitung"></head>
			<body><article><h1>Tolls</h1><div class="article-author">Lisa Petrich</div>` + body + `</article></body></html>`, "Lisa Petrich"},
		{"byline line", `<html><body><article><h1>Tolls</h1><p><i>von Daniela Obers</i></p>` + body + `</article></body></html>`, "Daniela Obers"},
		{"sentence, not a byline", `<html><body><article><h1>Tolls</h1><p>By then the harbour was full.</p>` + body + `</article></body></html>`, ""},
		{"e-mail address as author", `<html><head><meta name="author" content="a.muster@example.com"><meta name="twitter:misc:Written by" content="Anna Muster"></head>
			<body><article><h1>Tolls</h1>` + body + `</article></body></html>`, "Anna Muster"},
		{"byline names all authors", `<html><head><meta name="author" content="Till Berg"></head>
			<body><article><h1>Tolls</h1><p class="detail__authors">von <a href="/team/till">Till Berg</a>, <a href="/team/max">Max Born</a></p>` + body + `</article></body></html>`, "Till Berg; Max Born"},
		{"byline after the header", `<html><head><meta name="author" content="Till Berg"></head>
			<body><div class="page"><header><h1>Tolls</h1><p>` + strings.Repeat("Die Gebühren steigen, und die Segler sind verärgert, wie eine Umfrage zeigt. ", 3) + `</p></header>
			<p class="detail__authors">von <a href="/team/till">Till Berg</a>, <a href="/team/max">Max Born</a></p><div class="box">` + body + `</div></div></body></html>`, "Till Berg; Max Born"},
		{"publication, and an agency in the byline", `<html><head><meta name="author" content="Hafenbote"><meta property="og:site_name" content="Hafenbote"></head>
			<body><article><h1>Tolls</h1><p class="byline">HBA</p>` + body + `</article></body></html>`, "Hafenbote"},
		{"acronym of the publisher", `<html><head><meta name="author" content="HBZ"></head>
			<body><article><h1>Tolls</h1><p class="byline">Von Dr. Max Kolter</p>` + body + `</article></body></html>`, "Dr. Max Kolter"},
		{"role and place", `<html><body><article><h1>Tolls</h1><h5 class="authorline">Von Anna Sleeger, Frankfurt</h5><span class="byline">Jon King, News Reporter</span>` + body + `</article></body></html>`, "Anna Sleeger"},
		{"initials without a space", `<html><head><meta name="author" content="abc/hosb;kesm"></head><body><article><h1>Tolls</h1>` + body + `</article></body></html>`, "abc/hosb; kesm"},
		{"authors of teasers", `<html><body><article itemscope itemtype="https://schema.org/NewsArticle"><h1>Tolls</h1><span itemprop="author">Madeleine Hewel</span>` + body +
			`<ul><li itemscope><a>Other story</a><span itemprop="author">Rebecca Ast</span></li><li itemscope><span itemprop="author">Jack Rear</span></li></ul></article></body></html>`, "Madeleine Hewel"},
		{"commenter", `<html><body><article><h1>Tolls</h1>` + body + `</article><div class="comments"><span class="comment-author">Troll 42</span><p>First!</p></div></body></html>`, ""},
	} {
		a, err := Extract([]byte(tc.page), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got := strings.Join(a.Authors, "; "); got != tc.want {
			t.Errorf("%s: authors %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestStripSite(t *testing.T) {
	for _, tc := range []struct{ title, site, want string }{
		{"Sea wall to be rebuilt | The Coastal Courier", "The Coastal Courier", "Sea wall to be rebuilt"},
		{"Harbour Notes: New ferry timetable", "Harbour Notes", "New ferry timetable"},
		{"Brexit: what happens next", "The Coastal Courier", "Brexit: what happens next"},
		{"Four Years Remaining » Blog Archive » Interning of Small Integers in Python", "", "Interning of Small Integers in Python"},
		{"Blog Archiv » Weitere Digitalisierung der Schweizer Kinos", "", "Weitere Digitalisierung der Schweizer Kinos"},
	} {
		if got := stripSite(tc.title, tc.site); got != tc.want {
			t.Errorf("stripSite(%q, %q) = %q, want %q", tc.title, tc.site, got, tc.want)
		}
	}
}

// TestTitleWithLongTail checks that a <h1> found at the start or end of a
// title with a long site and section tail is taken as the headline.
func TestTitleWithLongTail(t *testing.T) {
	body := "<p>" + strings.Repeat("The harbour board raised the tolls for visiting yachts on Tuesday, the first rise in six years. ", 4) + "</p>"
	for _, tc := range []struct{ title, h1 string }{
		{"Slow start cost the Majors in Ottawa - OurSports Central - Independent and Minor League Sports News", "Slow start cost the Majors in Ottawa"},
		{"SignOnSanDiego.com > News > World -- Judges in the ex-president's trial allow video of victims", "Judges in the ex-president's trial allow video of victims"},
	} {
		page := "<html><head><title>" + tc.title + "</title></head><body><article><h1>" + tc.h1 + "</h1>" + body + "</article></body></html>"
		a, err := Extract([]byte(page), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if a.Title != tc.h1 {
			t.Errorf("title %q, want %q", a.Title, tc.h1)
		}
	}
	// "Blog: Headline", with the blog's name in <h1>: not the headline.
	page := "<html><head><title>Life as a Healthcare CIO: The October standards meeting</title></head><body><h1>Life as a Healthcare CIO</h1><div class=\"post\"><h3>The October standards meeting</h3>" + body + "</div></body></html>"
	a, err := Extract([]byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if a.Title == "Life as a Healthcare CIO" {
		t.Errorf("title is the blog's name")
	}
}

// TestNewsHeadline checks how the headline is told from its kicker and
// the site's name on news pages that set them apart in markup.
func TestNewsHeadline(t *testing.T) {
	body := "<p>" + strings.Repeat("Der Hafenrat hat am Dienstag die Gebühren für Gastyachten erhöht, zum ersten Mal seit sechs Jahren. ", 4) + "</p>"
	for _, tc := range []struct{ name, head, h1, want string }{
		{"tail that is part of the headline",
			`<title>Hafenrat erhöht Gebühren - und die Segler protestieren</title><meta property="og:title" content="Hafenrat erhöht Gebühren - und die Segler protestieren">`,
			`<h1>Hafenrat erhöht Gebühren - und die Segler protestieren</h1>`, "Hafenrat erhöht Gebühren - und die Segler protestieren"},
		{"site name still cut",
			`<title>Hafenrat erhöht Gebühren - Küstenbote</title><meta property="og:title" content="Hafenrat erhöht Gebühren">`,
			`<h1>Hafenrat erhöht Gebühren</h1>`, "Hafenrat erhöht Gebühren"},
		{"kicker and headline in two spans",
			`<meta property="og:title" content="Teure Liegeplätze: Hafenrat erhöht die Gebühren">`,
			`<h1><span class="kicker">Teure Liegeplätze</span> <span>Hafenrat erhöht die Gebühren</span></h1>`, "Teure Liegeplätze: Hafenrat erhöht die Gebühren"},
		{"two kickers, one headline",
			`<meta property="og:title" content="Segler verärgert: Hafenrat erhöht die Gebühren für Gastyachten">`,
			`<h1><span>Teure Liegeplätze</span><span class="sr-only"> - </span><span>Hafenrat erhöht die Gebühren für Gastyachten</span></h1>`, "Hafenrat erhöht die Gebühren für Gastyachten"},
		{"kicker in the metadata titles",
			`<meta property="og:title" content="Nach langem Streit: Hafenrat erhöht die Gebühren"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Nach langem Streit: Hafenrat erhöht die Gebühren"}</script>`,
			`<h1>Hafenrat erhöht die Gebühren</h1>`, "Nach langem Streit: Hafenrat erhöht die Gebühren"},
		{"section name in the metadata title",
			`<meta property="og:title" content="Chronik: Hafenrat erhöht die Gebühren"><script type="application/ld+json">{"@type":"NewsArticle","headline":"Chronik: Hafenrat erhöht die Gebühren"}</script>`,
			`<h1>Hafenrat erhöht die Gebühren</h1>`, "Hafenrat erhöht die Gebühren"},
		{"h1 in the breadcrumb",
			`<meta property="og:title" content="Segler zahlen bald mehr">`,
			`<nav class="breadcrumb"><a href="/">Start</a> <h1>Hafen Kiel: Gebührenerhöhung für Gastyachten beschlossen</h1></nav><h2>Segler zahlen bald mehr</h2>`, "Segler zahlen bald mehr"},
	} {
		page := "<html><head>" + tc.head + "</head><body>" + tc.h1 + "<article>" + body + "</article></body></html>"
		a, err := Extract([]byte(page), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if a.Title != tc.want {
			t.Errorf("%s: title %q, want %q", tc.name, a.Title, tc.want)
		}
	}
}

// TestCreditLine checks that a line ending with a picture's credit is a
// caption, and a copyright notice with its year is not taken for one.
func TestCreditLine(t *testing.T) {
	p := func(s string) newsdesk.Block { return newsdesk.Block{Kind: newsdesk.Paragraph, Text: s} }
	body := p("Die Lawinengefahr bleibt in den Alpen erheblich, warnt das Institut für Schnee- und Lawinenforschung.")
	for _, tc := range []struct {
		text string
		want newsdesk.BlockKind
	}{
		{"Ein Pistenbully am Hang: Die Räumung dauerte bis zum Abend. © Anna Berg/dpa | Anna Berg", newsdesk.Caption},
		{"Der Bericht erschien zuerst im Bergboten. © 2024 Bergbote", newsdesk.Paragraph},
	} {
		bs := cleanBlocks([]newsdesk.Block{body, p(tc.text), body}, "")
		if len(bs) != 3 || bs[1].Kind != tc.want {
			t.Errorf("%q: %+v, want a %s", tc.text, bs, tc.want)
		}
	}
}
