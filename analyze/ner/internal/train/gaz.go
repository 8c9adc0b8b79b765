package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"newsdesk/analyze/ner/internal/tok"
)

// gazetteer reads the name and place lists and returns them as sorted
// lines "TYPE<TAB>token token ...", tokenized as ner.Tokenize does.
func gazetteer(data string) ([]string, error) {
	dir := filepath.Join(data, "gazetteers")
	set := map[string]bool{}
	put := func(typ, phrase string) {
		phrase = strings.TrimSpace(phrase)
		if phrase == "" {
			return
		}
		rs := []rune(phrase)
		var words []string
		tok.Split(rs, func(i, j int) { words = append(words, string(rs[i:j])) })
		if len(words) == 0 || len(words) > 8 {
			return
		}
		set[typ+"\t"+strings.Join(words, " ")] = true
	}
	lines := func(rel string) ([]string, error) {
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return nil, err
		}
		return strings.Split(strings.TrimSpace(string(b)), "\n"), nil
	}

	// Given names of Berlin newborns, those given at least three times.
	ls, err := lines("names-de/vornamen_berlin_2012-2021.tsv")
	if err != nil {
		return nil, err
	}
	for _, l := range ls {
		fs := strings.Split(l, "\t")
		if len(fs) < 3 {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimSpace(fs[2])); err == nil && n >= 3 {
			put("FIRST", fs[0])
		}
	}
	if ls, err = lines("names-de/surnames-germaner.list"); err != nil {
		return nil, err
	}
	for _, l := range ls {
		put("LAST", l)
	}
	if ls, err = lines("places-de/cities-de.list"); err != nil {
		return nil, err
	}
	for _, l := range ls {
		put("CITY", l)
	}
	if ls, err = lines("countries/staatennamen-de.list"); err != nil {
		return nil, err
	}
	for _, l := range ls {
		put("COUNTRY", l)
	}
	if ls, err = lines("countries/iso3166-1_en_de.tsv"); err != nil {
		return nil, err
	}
	for _, l := range ls[1:] {
		fs := strings.Split(l, "\t")
		for _, f := range fs[min(2, len(fs)):] {
			put("COUNTRY", f)
		}
	}
	for _, f := range []string{"i18n-iso-countries-de.json", "i18n-iso-countries-en.json"} {
		b, err := os.ReadFile(filepath.Join(dir, "countries", f))
		if err != nil {
			return nil, err
		}
		var doc struct {
			Countries map[string]json.RawMessage `json:"countries"`
		}
		if err := json.Unmarshal(b, &doc); err != nil {
			return nil, err
		}
		for _, raw := range doc.Countries {
			var one string
			var many []string
			if json.Unmarshal(raw, &one) == nil {
				put("COUNTRY", one)
			} else if json.Unmarshal(raw, &many) == nil {
				for _, n := range many {
					put("COUNTRY", n)
				}
			}
		}
	}
	if ls, err = lines("countries/iso3166-2_en_de.tsv"); err != nil {
		return nil, err
	}
	for _, l := range ls[1:] {
		fs := strings.Split(l, "\t")
		for _, f := range fs[min(2, len(fs)):] {
			put("REGION", f)
		}
	}
	for _, w := range titles {
		put("TITLE", w)
		put("TITLE", strings.ToLower(w))
	}
	for _, w := range orgWords {
		put("ORGWORD", w)
	}
	// Members of the Bundestag: full names, given and last names.
	f, err := os.Open(filepath.Join(dir, "bundestag/names.tsv"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		_, name, ok := strings.Cut(sc.Text(), "\t")
		if !ok {
			continue
		}
		put("PERSON", name)
		ws := strings.Fields(name)
		if len(ws) >= 2 {
			put("FIRST", ws[0])
			put("LAST", ws[len(ws)-1])
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	out := make([]string, 0, len(set))
	for l := range set {
		out = append(out, l)
	}
	sort.Strings(out)
	return out, nil
}
