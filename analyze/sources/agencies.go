package sources

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"newsdesk/analyze/doc"
)

// agencyNames maps the names of news agencies, lower case, to their short
// names. Names marked ambiguous in agencyStrict are common words or
// abbreviations too and count only when written in capitals.
var agencyNames = map[string]string{
	"dpa": "dpa", "deutsche presse-agentur": "dpa", "deutsche presse agentur": "dpa", "deutsche presseagentur": "dpa", "dpa-afx": "dpa",
	"afp": "AFP", "agence france-presse": "AFP", "agence france presse": "AFP", "france-presse": "AFP",
	"reuters": "Reuters", "thomson reuters": "Reuters",
	"ap": "AP", "associated press": "AP",
	"epd": "epd", "evangelischer pressedienst": "epd",
	"kna": "KNA", "katholische nachrichten-agentur": "KNA", "katholische nachrichtenagentur": "KNA",
	"sid": "sid", "sport-informations-dienst": "sid", "sport-informationsdienst": "sid",
	"dts": "dts", "dts nachrichtenagentur": "dts",
	"apa": "APA", "austria presse agentur": "APA", "austria presse-agentur": "APA",
	"sda": "SDA", "keystone-sda": "SDA", "keystone sda": "SDA", "schweizerische depeschenagentur": "SDA",
	"bloomberg": "Bloomberg", "bloomberg news": "Bloomberg",
	"anp": "ANP", "efe": "EFE", "agencia efe": "EFE", "ansa": "ANSA",
	"xinhua": "Xinhua", "xinhua news agency": "Xinhua",
	"tass": "TASS", "itar-tass": "TASS", "interfax": "Interfax", "kyodo": "Kyodo", "kyodo news": "Kyodo",
	"yonhap": "Yonhap", "yonhap news agency": "Yonhap",
	"pa": "PA", "press association": "PA", "pa media": "PA",
	"upi": "UPI", "united press international": "UPI",
	"pti": "PTI", "press trust of india": "PTI",
	"aap": "AAP", "australian associated press": "AAP",
	"ians": "IANS", "anadolu": "Anadolu", "anadolu agency": "Anadolu",
	"ria novosti": "RIA Novosti", "ria nowosti": "RIA Novosti",
	"ddp": "ddp", "dapd": "dapd", "kipa": "KIPA", "belga": "Belga", "pap": "PAP", "ctk": "CTK", "čtk": "CTK",
	"ntb": "NTB", "ritzau": "Ritzau", "stt": "STT", "ana-mpa": "ANA", "wafa": "WAFA", "irna": "IRNA", "kcna": "KCNA",
	"wenn": "WENN", "world entertainment news network": "WENN", "canadian press": "CP", "the canadian press": "CP",
	"lusa": "Lusa", "europa press": "Europa Press", "jiji press": "Jiji", "antara": "Antara", "bernama": "Bernama",
	"agerpres": "Agerpres", "tanjug": "Tanjug", "hina": "HINA", "notimex": "Notimex", "prensa latina": "Prensa Latina",
	"kuna": "KUNA", "sana": "SANA", "mena": "MENA", "nzpa": "NZPA", "ukrinform": "Ukrinform", "tasnim": "Tasnim",
}

// agencyStrict are the short names that are common words or other
// abbreviations as well ("AP" courses, "PA" Pennsylvania, "wenn"): they
// count only when written in capitals.
var agencyStrict = map[string]bool{"ap": true, "pa": true, "ana-mpa": true, "wenn": true, "sana": true, "mena": true, "kuna": true, "hina": true, "antara": true, "lusa": true}

// maxAgencyWords is the most words an agency's name has.
const maxAgencyWords = 4

// creditFillers are the words a credit line may have beside the names of
// agencies: "Quelle:", "mit Material von", "Copyright", "All rights
// reserved", "By the", "Nachrichtenagenturen … und …".
var creditFillers = map[string]bool{
	"©": true, "(c)": true, "c": true, "copyright": true, "quelle": true, "quellen": true, "source": true, "sources": true,
	"mit": true, "material": true, "agenturmaterial": true, "von": true, "der": true, "des": true, "den": true, "die": true, "dem": true,
	"nachrichtenagentur": true, "nachrichtenagenturen": true, "agentur": true, "agenturen": true,
	"by": true, "the": true, "written": true, "with": true, "from": true, "und": true, "and": true, "sowie": true, "&": true, "+": true,
	"all": true, "rights": true, "reserved": true, "alle": true, "rechte": true, "vorbehalten": true,
	"news": true, "agency": true, "agencies": true, "wire": true, "services": true, "service": true, "of": true,
	"writer": true, "writers": true, "sports": true, "business": true, "correspondent": true, "reporter": true, "staff": true,
	"television": true, "medical": true, "science": true, "political": true, "diplomatic": true, "economics": true,
	"entertainment": true, "national": true, "investigative": true, "technology": true, "auto": true, "aviation": true,
	"food": true, "legal": true, "health": true, "education": true, "religion": true, "special": true, "chief": true,
	"reporting": true, "information": true, "informationen": true, "text": true, "bearbeitung": true, "redaktion": true,
	"agenturmeldungen": true, "agenturen/": true, "red": true,
}

// photoWords mark a photo or image credit, which credits no text.
var photoWords = []string{"foto", "photo", "bild", "getty", "image", "picture", "imago", "grafik", "video", "illustration", "archiv", "screenshot", "shutterstock"}

// contribution phrases credit the agencies named with them anywhere in a
// line ("The Associated Press contributed to this report", "Mit Material
// von dpa").
var contributions = []string{
	"contributed to this report", "contributed reporting", "contributed to this story", "contributed to this article",
	"for this report was provided by", "material from", "mit material von", "mit material der", "mit material des",
	"unter verwendung von material", "material von", "article provided by", "story provided by", "content provided by",
}

// Agencies returns the short names of the news agencies credited for
// the text ("dpa", "AFP"), once each, in text order: the agencies of a
// dateline ("BERLIN (dpa) –", "KATHMANDU, April 25 (Reuters) -"), of a
// credit or copyright line ("AFP/dpa/lem", "© AAP", "Quelle: dpa",
// "Nachrichtenagenturen dpa und afp"), of a contribution line ("mit
// Material von Reuters", "The Associated Press contributed to this
// report") and of a byline naming an agency as employer ("By Hilary
// Russ, Reuters", "AP Sports Writer"). Photo credits, journalists'
// bylines and agencies cited in the body ("told Reuters") are no credit.
func Agencies(d *doc.Doc) []string {
	var out []string
	add := func(names []string) {
		for _, n := range names {
			if n != "" && !contains(out, n) {
				out = append(out, n)
			}
		}
	}
	text := d.Text
	for len(text) > 0 {
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		add(lineCredits(strings.TrimSpace(line)))
	}
	return out
}

// lineCredits returns the agencies line credits.
func lineCredits(t string) []string {
	if t == "" {
		return nil
	}
	// A dateline or a parenthesised credit: "(dpa)" at the start of a
	// line or after a place and date, before a dash; or alone at its end.
	if i := strings.IndexByte(t, '('); i >= 0 {
		if names := parenCredit(t, i); names != nil {
			return names
		}
		if j := strings.LastIndexByte(t, '('); j != i && strings.HasSuffix(t, ")") {
			if names := parenCredit(t, j); names != nil {
				return names
			}
		}
	}
	n := utf8.RuneCountInString(t)
	if n <= 110 {
		if names := creditLine(t); names != nil {
			return names
		}
	} else if strings.HasPrefix(t, "Copyright") || strings.HasPrefix(t, "©") || strings.HasPrefix(t, "(c)") {
		// "Copyright 2008 Associated Press. All rights reserved. This
		// material may not be published …": the first sentence.
		if i := strings.Index(t, ". "); i > 0 && i < 110 {
			return creditLine(t[:i])
		}
	}
	if n <= 400 && (strings.Contains(t, "ontribut") || strings.Contains(t, "aterial") || strings.Contains(t, "provided by")) {
		low := strings.ToLower(t)
		for _, c := range contributions {
			if strings.Contains(low, c) {
				if hasPhotoWord(low) {
					return nil
				}
				return namesIn(t)
			}
		}
	}
	return nil
}

// parenCredit reads the parenthesis that opens at byte i of line t as a
// dateline credit, or returns nil.
func parenCredit(t string, i int) []string {
	j := strings.IndexByte(t[i:], ')')
	if j < 0 {
		return nil
	}
	names := agencyList(t[i+1 : i+j])
	if names == nil {
		return nil
	}
	before := strings.TrimSpace(t[:i])
	rest := strings.TrimSpace(t[i+j+1:])
	switch {
	case before == "":
		// "(AP) NEW YORK - …", "(Reuters) — …"
		return names
	case strings.HasPrefix(before, "By ") || strings.HasPrefix(before, "Von ") || strings.HasPrefix(before, "BY "):
		// A byline: "By Richard Lam (AP)".
		return names
	case rest == "" || rest == "." || rest == ";":
		// Closing a paragraph: "… sagte er. (dpa)"; after a date:
		// "July 24, 2012 (AP)".
		if r, _ := utf8.DecodeLastRuneInString(before); r == '.' || r == '!' || r == '?' || r == '"' || r == '“' || r == '»' || r == '«' {
			return names
		}
		if datelinePlace(before) && strings.ContainsAny(before, "0123456789") {
			return names
		}
	case startsDash(rest) || strings.HasPrefix(rest, "? "):
		// A dash lost to a wrong encoding reads "?".
		if datelinePlace(before) {
			return names
		}
	}
	return nil
}

// startsDash reports whether s starts with a dash or a colon, as the
// body of a dateline does.
func startsDash(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	switch r {
	case '-', '–', '—', ':', '‒', '―':
		return true
	}
	return false
}

// datelinePlace reports whether s can be the place and date of a
// dateline: short, and no word in lower case longer than three letters
// but the names of months ("KATHMANDU, April 25", "Frankfurt am Main",
// "WESTPORT, Wash. July 24, 2012").
func datelinePlace(s string) bool {
	if utf8.RuneCountInString(s) > 60 || strings.ContainsAny(s, "\"“”„»«!?") {
		return false
	}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '/' }) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLower(r) && utf8.RuneCountInString(w) > 3 {
			return false
		}
	}
	return true
}

// agencyList returns the short names of s when s is nothing but one or
// more agencies ("dpa", "dpa/AFP", "AFP, dpa", "Reuters/lem"); nil
// otherwise.
func agencyList(s string) []string {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return nil
	}
	var names []string
	slash := strings.Contains(s, "/")
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == '/' || r == ',' || r == ';' || r == '&' || r == '+' }) {
		p = strings.TrimSpace(p)
		for _, conj := range []string{"und ", "and "} {
			p = strings.TrimPrefix(p, conj)
		}
		if p == "" {
			continue
		}
		if name, ok := agencyName(p); ok {
			names = append(names, name)
			continue
		}
		if k, rest, ok := strings.Cut(p, " und "); ok {
			n1, ok1 := agencyName(k)
			n2, ok2 := agencyName(rest)
			if ok1 && ok2 {
				names = append(names, n1, n2)
				continue
			}
		}
		if slash && initials(p) {
			continue
		}
		return nil
	}
	return names
}

// agencyName returns the short name of the agency named s, written as
// agencies are ("dpa", "AFP", "Associated Press").
func agencyName(s string) (string, bool) {
	k := strings.ToLower(strings.TrimSpace(s))
	k = strings.TrimPrefix(k, "the ")
	name, ok := agencyNames[k]
	if !ok || name == "" {
		return "", false
	}
	if agencyStrict[k] && s != strings.ToUpper(s) {
		return "", false
	}
	return name, true
}

// initials reports whether s is an editor's mark in a credit line: two
// to four letters ("lem", "jkö", "red").
func initials(s string) bool {
	n := 0
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
		n++
	}
	return n >= 2 && n <= 4
}

// creditLine returns the agencies of a line that is nothing but a credit
// ("AFP/dpa/lem", "© AAP", "Quelle: dpa", "By The Associated Press",
// "AP Sports Writer", "By Hilary Russ, Reuters"), or nil.
func creditLine(t string) []string {
	low := strings.ToLower(t)
	if hasPhotoWord(low) {
		return nil
	}
	if names := agencyList(strings.Trim(t, "()[]-–—. ")); names != nil {
		return names
	}
	// A byline: "By NAME, Reuters", "Von NAME, dpa".
	if strings.HasPrefix(low, "by ") || strings.HasPrefix(low, "von ") {
		if i := strings.LastIndexByte(t, ','); i > 0 {
			if names := wordsCredit(t[i+1:]); names != nil {
				return names
			}
		}
	}
	return wordsCredit(t)
}

// wordsCredit returns the agencies of s when every word of it is part of
// an agency's name or a word of credit lines; nil otherwise.
func wordsCredit(s string) []string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' || r == '(' || r == ')' || r == '[' || r == ']' || r == '|'
	})
	var names []string
	slash := strings.Contains(s, "/")
	for i := 0; i < len(words); {
		n := 0
		for k := min(maxAgencyWords, len(words)-i); k >= 1; k-- {
			cand := strings.Join(words[i:i+k], " ")
			cand = strings.TrimRight(cand, ".")
			if name, ok := agencyName(cand); ok {
				names = append(names, name)
				n = k
				break
			}
			if k == 1 && strings.Contains(cand, "/") {
				if ns := agencyList(cand); ns != nil {
					names = append(names, ns...)
					n = 1
				}
			}
		}
		if n > 0 {
			i += n
			continue
		}
		w := strings.ToLower(strings.Trim(words[i], ".-–—"))
		switch {
		case w == "" || creditFillers[w] || isYear(w):
		case slash && initials(w) && strings.ToLower(words[i]) == words[i]:
		default:
			return nil
		}
		i++
	}
	return names
}

// isYear reports whether w is four digits or a range of years.
func isYear(w string) bool {
	if len(w) < 4 {
		return false
	}
	for _, r := range w {
		if (r < '0' || r > '9') && r != '-' {
			return false
		}
	}
	return true
}

// namesIn returns the agencies named anywhere in s, by whole words.
func namesIn(s string) []string {
	words := strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == ',' || r == ';' || r == ':' || r == '(' || r == ')' || r == '/' || r == '.'
	})
	var names []string
	for i := 0; i < len(words); i++ {
		for k := min(maxAgencyWords, len(words)-i); k >= 1; k-- {
			if name, ok := agencyName(strings.Join(words[i:i+k], " ")); ok {
				r, _ := utf8.DecodeRuneInString(words[i])
				// In running text an agency is a name: capitalised, or
				// one of the lower-case German ones.
				if unicode.IsUpper(r) || name == "dpa" || name == "epd" || name == "sid" || name == "dts" {
					names = append(names, name)
				}
				i += k - 1
				break
			}
		}
	}
	return names
}

// hasPhotoWord reports whether a lower-case line credits a photo.
func hasPhotoWord(low string) bool {
	for _, w := range photoWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
