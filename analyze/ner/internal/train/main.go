// Command train builds the models of package ner from the openly licensed
// corpora and gazetteers under the shared data folder (flag -data,
// environment NEWSDESK_SHARED, default ../../../shared/data from the
// package folder, where go generate runs it). It writes de.model.gz,
// en.model.gz, gaz.txt.gz and the word clusters of the languages given by
// -clusters (clusters-de.txt.gz) into -out.
//
// With -holdout it keeps a part of the training data aside, trains on the
// rest and reports precision, recall and F1 on the part kept aside; it
// writes nothing then.
//
// Only data whose licence allows shipping a trained model is read:
// GermEval 2014 dev-a, SmartData train and dev, Europeana Newspapers
// (German); UNER English-EWT train, Broad Twitter Corpus train and dev,
// WNUT 17 train and dev (English); the gazetteers; for the German word
// clusters also the text of the Bundestag speeches of quotes-de-gepade
// (train and dev), unlabeled. The measurement sets
// (GermEval dev-b, SmartData test, WikiGold, UNER dev, BTC test) are never
// opened.
package main

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"newsdesk/analyze/ner/internal/tagger"
)

var (
	geRepeat  = flag.Int("ge-repeat", 2, "how often GermEval sentences are repeated in training")
	geFold    = flag.Int("fold", 4, "with -holdout, the fifth of GermEval dev-a held out (0–4)")
	domainEnp = flag.Bool("domain-europeana", false, "experiment: Europeana is a domain of its own")
	noEnp     = flag.Bool("no-europeana", false, "experiment: leave out Europeana")
	clusLangs = flag.String("clusters", "de", "languages whose models use word clusters (comma-separated)")
	dumpClus  = flag.String("dump-clusters", "", "write the cluster tables as text to this file too (.de, .en)")
)

func main() {
	def := os.Getenv("NEWSDESK_SHARED")
	if def == "" {
		def = "../../../shared/data"
	}
	data := flag.String("data", def, "shared data folder")
	out := flag.String("out", "model", "folder to write the model files to")
	bits := flag.Uint("bits", 20, "log2 of the number of weight buckets")
	epochs := flag.Int("epochs", 12, "training passes")
	runs := flag.Int("runs", 3, "training runs with different seeds, whose weights are averaged")
	langs := flag.String("lang", "de,en", "languages to train")
	holdout := flag.Bool("holdout", false, "train without the held-out part and report on it; write nothing")
	errs := flag.String("errors", "", "with -holdout, write the errors on the held-out part to this file (.de, .en)")
	mix := flag.String("mix", "", "experiment: also train on this language's data")
	biasList := flag.String("obias", "", "with -holdout, the O biases to report on (comma-separated)")
	flag.Parse()
	biases := []float64{0}
	if *biasList != "" {
		biases = nil
		for _, f := range strings.Split(*biasList, ",") {
			b, err := strconv.ParseFloat(f, 64)
			if err != nil {
				log.Fatal(err)
			}
			biases = append(biases, b)
		}
	}
	log.SetFlags(0)
	log.SetPrefix("train: ")

	gazLines, err := gazetteer(*data)
	if err != nil {
		log.Fatal(err)
	}
	base, err := tagger.ReadGaz(strings.NewReader(strings.Join(gazLines, "\n")))
	if err != nil {
		log.Fatal(err)
	}
	// The corpora of both languages: the names in one language's data go
	// into the gazetteer of both models.
	all := []string{"de", "en"}
	trains := map[string][]tagger.Sentence{}
	helds := map[string][]heldOut{}
	texts := map[string][][]string{}
	for _, lang := range all {
		train, held, err := corpus(*data, lang)
		if err != nil {
			log.Fatal(err)
		}
		// Unlabeled text for the word clusters: the training sentences
		// (each once) and, for German, the Bundestag speeches.
		var text [][]string
		for i, s := range train {
			if i > 0 && len(s.Words) > 0 && len(train[i-1].Words) > 0 && &s.Words[0] == &train[i-1].Words[0] {
				continue // a repeated sentence
			}
			text = append(text, s.Words)
		}
		if !*holdout {
			for _, h := range held {
				for _, s := range h.sents {
					text = append(text, s.Words)
				}
			}
		}
		if lang == "de" {
			sp, err := gepade(*data)
			if err != nil {
				log.Fatal(err)
			}
			text = append(text, sp...)
		}
		texts[lang] = text
		if !*holdout {
			for _, h := range held {
				train = append(train, h.sents...)
			}
			held = nil
		}
		trains[lang], helds[lang] = train, held
	}
	full := base.Clone()
	var names []string
	for _, lang := range all {
		for _, s := range trains[lang] {
			names = append(names, entityNames(s)...)
		}
	}
	names = sortedSet(names)
	addLines(full, names)
	if !*holdout {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			log.Fatal(err)
		}
		lines := append(gazLines, names...)
		if err := writeGz(filepath.Join(*out, "gaz.txt.gz"), []byte(strings.Join(lines, "\n")+"\n")); err != nil {
			log.Fatal(err)
		}
	}
	for _, lang := range strings.Split(*langs, ",") {
		train, held := trains[lang], helds[lang]
		// Jackknife: a sentence sees the names of the other folds only,
		// as a text at run time sees names from other texts.
		const folds = 5
		var other []string
		for _, l := range all {
			if l != lang {
				for _, s := range trains[l] {
					other = append(other, entityNames(s)...)
				}
			}
		}
		// Folds are runs of 100 sentences, so that a document's names
		// mostly stay in one fold.
		fold := func(i int) int { return i / 100 % folds }
		byFold := make([][]string, folds)
		for i, s := range train {
			byFold[fold(i)] = append(byFold[fold(i)], entityNames(s)...)
		}
		for k := range folds {
			g := base.Clone()
			addLines(g, other)
			for j := range folds {
				if j != k {
					addLines(g, byFold[j])
				}
			}
			for i := range train {
				if fold(i) == k {
					train[i].Gaz = g
				}
			}
		}
		if *mix != "" {
			train = append(train, trains[*mix]...)
		}
		ntok := 0
		for _, s := range train {
			ntok += len(s.Words)
		}
		log.Printf("%s: %d sentences, %d tokens", lang, len(train), ntok)
		start := time.Now()
		opt := tagger.Options{Bits: *bits, Epochs: *epochs, Seed: 1, Runs: *runs}
		if slices.Contains(strings.Split(*clusLangs, ","), lang) {
			start := time.Now()
			cl := buildClusters(texts[lang])
			log.Printf("%s: %d words clustered from %d sentences in %v", lang, len(cl), len(texts[lang]), time.Since(start).Round(time.Second))
			opt.Clusters = clusterTable(cl)
			if *dumpClus != "" {
				if err := os.WriteFile(*dumpClus+"."+lang, clusterText(cl), 0o644); err != nil {
					log.Fatal(err)
				}
			}
			if !*holdout {
				if err := writeGz(filepath.Join(*out, "clusters-"+lang+".txt.gz"), clusterText(cl)); err != nil {
					log.Fatal(err)
				}
			}
		} else if !*holdout {
			// A model without clusters must not find a table of an
			// earlier training.
			if err := os.Remove(filepath.Join(*out, "clusters-"+lang+".txt.gz")); err != nil && !os.IsNotExist(err) {
				log.Fatal(err)
			}
		}
		if held != nil && *runs <= 1 {
			opt.Progress = func(ep int, m *tagger.Model) {
				for _, b := range biases {
					m.SetOBias(b)
					for _, h := range held {
						log.Printf("%s epoch %d obias %.2f %s: %s", lang, ep, b, h.name, evaluate(m, h.sents, h.noOTH))
					}
				}
			}
		}
		m := tagger.Train(train, full, opt)
		m.SetOBias(oBias[lang])
		log.Printf("%s: trained in %v", lang, time.Since(start).Round(time.Second))
		for _, b := range biases {
			m.SetOBias(b)
			for _, h := range held {
				log.Printf("%s final obias %.2f %s: %s", lang, b, h.name, evaluate(m, h.sents, h.noOTH))
			}
		}
		m.SetOBias(oBias[lang])
		if *errs != "" {
			f, err := os.Create(*errs + "." + lang)
			if err != nil {
				log.Fatal(err)
			}
			for _, h := range held {
				printErrors(f, m, h.sents)
			}
			f.Close()
		}
		if *holdout {
			continue
		}
		var buf bytes.Buffer
		if _, err := m.WriteTo(&buf); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(*out, lang+".model.gz"), buf.Bytes(), 0o644); err != nil {
			log.Fatal(err)
		}
		log.Printf("%s: wrote %d bytes", lang, buf.Len())
	}
}

// domainOf returns the domain of a corpus far from news (see
// tagger.Sentence.Domain), or 0. Only the English social-media corpora
// are set apart: that helps on the held-out English news-like text, while
// setting Europeana apart did not help the German.
func domainOf(rel string) int {
	switch {
	case strings.Contains(rel, "europeana") && *domainEnp:
		return 1 // historical OCR
	case strings.Contains(rel, "btc-"):
		return 2 // tweets
	case strings.Contains(rel, "wnut17"):
		return 3 // tweets, Reddit, YouTube comments
	}
	return 0
}

// oBias lowers the score of O in tagging, per language, to trade
// precision for recall; chosen on the held-out parts.
var oBias = map[string]float64{"de": 0, "en": 8}

// entityNames returns the entities of s as gazetteer lines "XPER<TAB>...".
// Names without a capital letter are left out.
func entityNames(s tagger.Sentence) []string {
	var out []string
	for _, sp := range spans(s.Gold) {
		ws := s.Words[sp.from:sp.to]
		if !strings.ContainsFunc(strings.Join(ws, ""), unicode.IsUpper) {
			continue
		}
		out = append(out, "X"+tagger.Types[sp.typ]+"\t"+strings.Join(ws, " "))
	}
	return out
}

func sortedSet(xs []string) []string {
	slices.Sort(xs)
	return slices.Compact(xs)
}

// addLines adds gazetteer lines "TYPE<TAB>token token ..." to g.
func addLines(g *tagger.Gaz, lines []string) {
	for _, l := range lines {
		typ, phrase, _ := strings.Cut(l, "\t")
		g.Add(slices.Index(tagger.GazTypes, typ), strings.Split(phrase, " "))
	}
}

func writeGz(path string, b []byte) error {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

// heldOut is a part of the data kept aside for measuring.
type heldOut struct {
	name  string
	sents []tagger.Sentence
	noOTH bool
}

// corpus reads the training data of lang and splits off the held-out parts.
func corpus(data, lang string) (train []tagger.Sentence, held []heldOut, err error) {
	read := func(rel string, format string, noOTH bool) []tagger.Sentence {
		if err != nil {
			return nil
		}
		var s []tagger.Sentence
		s, err = readFile(filepath.Join(data, rel), format, noOTH)
		if d := domainOf(rel); d != 0 {
			for i := range s {
				s[i].Domain = d
			}
		}
		return s
	}
	switch lang {
	case "de":
		ge := read("ner-germeval2014/NER-de-dev-a.tsv", "germeval", false)
		sd := read("ner-de-smartdata/train.conll", "conll", true)
		sdDev := read("ner-de-smartdata/dev.conll", "conll", true)
		var enp []tagger.Sentence
		for _, f := range []string{"enp_DE.lft.bio", "enp_DE.onb.bio", "enp_DE.sbb.bio"} {
			enp = append(enp, read("ner-de-extra/europeana-newspapers/"+f, "europeana", true)...)
		}
		if err != nil {
			return nil, nil, err
		}
		// Held out: a fifth of GermEval dev-a (which one: -fold).
		var geHeld []tagger.Sentence
		for i, s := range ge {
			if i*5/len(ge) == *geFold {
				geHeld = append(geHeld, s)
				continue
			}
			for range *geRepeat {
				train = append(train, s)
			}
		}
		train = append(train, sd...)
		if !*noEnp {
			train = append(train, enp...)
		}
		held = []heldOut{{"germeval-a-fold", geHeld, false}, {"smartdata-dev", sdDev, true}}
	case "en":
		un := read("ner-en-extra/uner-en_ewt-train-2022pre.iob2", "conll", false)
		btc := read("ner-en-extra/btc-train.conll", "conll", true)
		btcDev := read("ner-en-extra/btc-dev.conll", "conll", true)
		wn := read("ner-en-extra/wnut17-train.conll", "conll", true)
		wnDev := read("ner-en-extra/wnut17-dev.conll", "conll", true)
		if err != nil {
			return nil, nil, err
		}
		var unHeld []tagger.Sentence
		for i, s := range un {
			if i/100%10 == 9 {
				unHeld = append(unHeld, s)
			} else {
				train = append(train, s)
			}
		}
		train = append(train, btc...)
		train = append(train, wn...)
		held = []heldOut{{"uner-train-blocks", unHeld, false}, {"btc-dev", btcDev, true}, {"wnut-dev", wnDev, true}}
	default:
		return nil, nil, fmt.Errorf("no training data for language %q", lang)
	}
	return train, held, nil
}
