// Command gen writes the countries part of newsdesk's actor table
// (analyze/actors/countries.tsv): the UN member states with their German and
// English names from the gazetteer (iso3166-1_en_de.tsv, i18n-iso-countries)
// and, from the hand-kept overlay.tsv, Wikidata ids, capitals, seats of
// government, demonym adjectives and further aliases.
//
// Run it with `go generate ./analyze/actors`.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// unMembers are the 193 UN member states and the two observer states, as
// ISO 3166-1 alpha-2 codes.
const unMembers = `AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA CF TD
CL CN CO KM CG CD CR CI HR CU CY CZ DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM GE DE GH GR GD GT GN GW GY HT HN
HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KP KR KW KG LA LV LB LS LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MD
MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO OM PK PW PA PG PY PE PH PL PT QA RO RU RW KN LC VC WS SM ST SA SN RS SC
SL SG SK SI SB SO ZA SS ES LK SD SR SE CH SY TJ TZ TH TL TG TO TT TN TR TM TV UG UA AE GB US UY UZ VU VE VN YE ZM ZW
VA PS`

// German short names that take an article, for the genitive ("der Türkei",
// "des Irak", "der USA").
var (
	deFeminine = []string{"Türkei", "Ukraine", "Schweiz", "Slowakei", "Mongolei", "Elfenbeinküste", "Zentralafrikanische Republik", "Dominikanische Republik", "Demokratische Republik Kongo", "Tschechische Republik", "Republik Moldau", "Russische Föderation", "Volksrepublik China"}
	deMascNeut = []string{"Irak", "Iran", "Jemen", "Libanon", "Sudan", "Südsudan", "Tschad", "Niger", "Kongo", "Oman", "Senegal", "Vatikan", "Vereinigtes Königreich", "Heiliger Stuhl", "Kosovo"}
	dePlural   = []string{"USA", "Vereinigte Staaten", "Vereinigte Staaten von Amerika", "Niederlande", "Philippinen", "Vereinigte Arabische Emirate", "Malediven", "Seychellen", "Komoren", "Bahamas", "Salomonen", "Marshallinseln", "Emirate"}
	enThe      = []string{"United ", "Netherlands", "Philippines", "Bahamas", "Gambia", "Maldives", "Comoros", "Seychelles", "Solomon Islands", "Marshall Islands", "Czech Republic", "Central African Republic", "Dominican Republic", "Democratic Republic", "Republic of", "Kingdom of", "State of", "Federated States", "Islamic Republic", "Russian Federation", "Holy See", "Vatican", "People's Republic", "Democratic People's"}
)

type country struct {
	code         string
	de, en       []string
	ov           map[string][]string
	overlayOrder int
}

func main() {
	data := flag.String("data", "", "gazetteer folder (countries)")
	overlay := flag.String("overlay", "internal/gen/overlay.tsv", "overlay file")
	out := flag.String("out", "countries.tsv", "output file")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("gen: ")

	cs := map[string]*country{}
	var order []string
	for _, c := range strings.Fields(unMembers) {
		cs[c] = &country{code: c, ov: map[string][]string{}}
		order = append(order, c)
	}
	if err := readISO(filepath.Join(*data, "iso3166-1_en_de.tsv"), cs); err != nil {
		log.Fatal(err)
	}
	for _, lang := range []string{"de", "en"} {
		if err := readI18n(filepath.Join(*data, "i18n-iso-countries-"+lang+".json"), lang, cs); err != nil {
			log.Fatal(err)
		}
	}
	extra, err := readOverlay(*overlay, cs)
	if err != nil {
		log.Fatal(err)
	}
	order = append(order, extra...)

	var b strings.Builder
	b.WriteString(header)
	var cities strings.Builder
	for _, code := range order {
		c := cs[code]
		if len(c.ov["skip"]) > 0 {
			continue
		}
		de := uniq(append(c.ov["de"], c.de...))
		en := uniq(append(c.ov["en"], c.en...))
		de = slices.DeleteFunc(de, func(s string) bool { return slices.Contains(c.ov["drop"], s) })
		en = slices.DeleteFunc(en, func(s string) bool { return slices.Contains(c.ov["drop"], s) })
		if len(de) == 0 || len(en) == 0 {
			log.Printf("%s: no usable German or English name; add de= or en= to the overlay", code)
			continue
		}
		id := first(c.ov["qid"], "country-"+strings.ToLower(code))
		name := de[0]
		gen := c.ov["gen"]
		if len(gen) == 0 {
			gen = genitives(de)
		}
		of := c.ov["of"]
		if len(of) == 0 {
			for _, e := range en {
				if needsThe(e) {
					of = append(of, "the "+e)
				}
			}
			if len(of) > 0 {
				for _, e := range en {
					if !needsThe(e) && !strings.HasPrefix(e, "the ") {
						of = append(of, e)
					}
				}
			}
		}
		fmt.Fprintf(&b, "LOC\t%s\t%s", id, name)
		field(&b, "de", without(de, name))
		field(&b, "en", en)
		field(&b, "abbr", c.ov["abbr"])
		field(&b, "aka", c.ov["aka"])
		field(&b, "gen", gen)
		field(&b, "of", of)
		field(&b, "pre", c.ov["pre"])
		var meto []string
		if cap := c.ov["capital"]; len(cap) > 0 && first(c.ov["capital.meto"], "yes") != "no" {
			meto = append(meto, cap...)
		}
		meto = append(meto, c.ov["meto"]...)
		field(&b, "meto", uniq(meto))
		field(&b, "adj.de", c.ov["adj.de"])
		field(&b, "adj.en", c.ov["adj.en"])
		fmt.Fprintf(&b, "\tgroup=country\tnote=ISO %s\n", code)
		if cap := c.ov["capital"]; len(cap) > 0 {
			cid := first(c.ov["capqid"], "city-"+slug(cap[0]))
			fmt.Fprintf(&cities, "LOC\t%s\t%s", cid, cap[0])
			field(&cities, "aka", cap[1:])
			fmt.Fprintf(&cities, "\tgroup=capital\tnote=capital of %s\n", name)
		}
	}
	b.WriteString("\n# Capitals as places (\"in Moskau\", datelines). As metonyms they stand for their country, see meto= above.\n")
	b.WriteString(cities.String())
	if err := os.WriteFile(*out, []byte(b.String()), 0o644); err != nil {
		log.Fatal(err)
	}
}

const header = `# countries.tsv — the UN member and observer states, and their capitals as places.
#
# GENERATED by analyze/actors/internal/gen (go generate ./analyze/actors): edit
# internal/gen/overlay.tsv, not this file.
#
# Sources: country names in German and English from the gazetteer files
# iso3166-1_en_de.tsv (Debian iso-codes 4.15, LGPL-2.1+) and
# i18n-iso-countries-{de,en}.json (npm i18n-iso-countries 7.14.0, MIT); ids
# (Wikidata QIDs where known for sure), capitals, seats of government,
# demonyms, abbreviations and genitives are the project's own curation from
# public knowledge. See NOTICE.
#
# Format: see doc.go. Fields are separated by tabs, lists by "|".
`

func field(b *strings.Builder, k string, v []string) {
	if len(v) > 0 {
		fmt.Fprintf(b, "\t%s=%s", k, strings.Join(v, "|"))
	}
}

func first(v []string, def string) string {
	if len(v) > 0 {
		return v[0]
	}
	return def
}

func without(v []string, s string) []string {
	return slices.DeleteFunc(slices.Clone(v), func(x string) bool { return x == s })
}

func uniq(v []string) []string {
	var out []string
	for _, s := range v {
		s = strings.TrimSpace(s)
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// slug makes a readable ASCII id part: "Neu-Delhi" → "neu-delhi",
// "Chișinău" → "chisinau", "Pjöngjang" → "pjoengjang".
func slug(s string) string {
	s = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", " ", "-").Replace(strings.ToLower(s))
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// usable says whether a gazetteer name reads as a name in running text
// (not "Korea, Republic of" or "Holy See (Vatican City State)").
func usable(s string) bool {
	return s != "" && !strings.ContainsAny(s, ",()")
}

func readISO(path string, cs map[string]*country) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		cols := strings.Split(sc.Text(), "\t")
		if len(cols) < 8 || cols[0] == "alpha2" {
			continue
		}
		c := cs[cols[0]]
		if c == nil {
			continue
		}
		// common, short, official
		for _, s := range []string{cols[4], cols[2], cols[3]} {
			if usable(s) {
				c.en = append(c.en, s)
			}
		}
		for _, s := range []string{cols[7], cols[5], cols[6]} {
			if usable(s) {
				c.de = append(c.de, s)
			}
		}
	}
	return sc.Err()
}

func readI18n(path, lang string, cs map[string]*country) error {
	raw, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var doc struct {
		Countries map[string]json.RawMessage `json:"countries"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for code, v := range doc.Countries {
		c := cs[code]
		if c == nil {
			continue
		}
		var names []string
		if err := json.Unmarshal(v, &names); err != nil {
			var one string
			if err := json.Unmarshal(v, &one); err != nil {
				return fmt.Errorf("%s: %s: %w", path, code, err)
			}
			names = []string{one}
		}
		for _, n := range names {
			if !usable(n) {
				continue
			}
			if lang == "de" {
				c.de = append(c.de, n)
			} else {
				c.en = append(c.en, n)
			}
		}
	}
	return nil
}

// readOverlay reads lines "CODE<TAB>key=a|b<TAB>…"; codes not in the UN list
// (Kosovo, Taiwan) are added and returned.
func readOverlay(path string, cs map[string]*country) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var extra []string
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		code := strings.TrimSpace(cols[0])
		c := cs[code]
		if c == nil {
			c = &country{code: code, ov: map[string][]string{}}
			cs[code] = c
			extra = append(extra, code)
		}
		for _, fl := range cols[1:] {
			if strings.TrimSpace(fl) == "" {
				continue
			}
			k, v, ok := strings.Cut(fl, "=")
			if !ok {
				return nil, fmt.Errorf("%s:%d: field %q is not key=value", path, n, fl)
			}
			for _, x := range strings.Split(v, "|") {
				if x = strings.TrimSpace(x); x != "" {
					c.ov[k] = append(c.ov[k], x)
				}
			}
		}
	}
	return extra, sc.Err()
}

func needsThe(e string) bool {
	for _, p := range enThe {
		if strings.HasPrefix(e, p) {
			return true
		}
	}
	return false
}

// genitives returns the German genitive forms of a country's names as they
// follow a role noun ("Präsident Russlands", "Präsident der Türkei").
func genitives(names []string) []string {
	var out []string
	for _, n := range names {
		switch {
		case slices.Contains(deFeminine, n):
			out = append(out, "der "+inflectAdj(n, "en"))
		case slices.Contains(dePlural, n):
			out = append(out, "der "+inflectAdj(n, "en"))
		case slices.Contains(deMascNeut, n):
			w := inflectAdj(n, "en")
			out = append(out, "des "+w)
			if strings.HasSuffix(n, "ich") || strings.HasSuffix(n, "uhl") {
				out = append(out, "des "+w+"s")
			} else {
				out = append(out, "des "+w+"s")
			}
		case strings.Contains(n, " "):
			// Official long forms: left to the overlay.
		case strings.HasSuffix(n, "s") || strings.HasSuffix(n, "ß") || strings.HasSuffix(n, "x") || strings.HasSuffix(n, "z"):
		default:
			out = append(out, n+"s")
		}
	}
	return uniq(out)
}

// inflectAdj gives the adjectives in a name the weak ending ("Vereinigte
// Staaten" → "Vereinigten Staaten", "Vereinigtes Königreich" → "Vereinigten
// Königreich").
func inflectAdj(n, end string) string {
	ws := strings.Fields(n)
	for i, w := range ws[:len(ws)-1] {
		for _, e := range []string{"es", "e", "er"} {
			if strings.HasSuffix(w, e) && len(w) > 4 {
				ws[i] = strings.TrimSuffix(w, e) + end
				break
			}
		}
	}
	return strings.Join(ws, " ")
}
