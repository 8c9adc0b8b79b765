// Command train builds the models of package ner from the openly licensed
// corpora and gazetteers under the shared data folder (flag -data,
// environment NEWSDESK_SHARED, default ../../../shared/data from the
// package folder, where go generate runs it). It writes de.model.gz,
// en.model.gz and gaz.txt.gz into -out.
//
// With -holdout it keeps a part of the training data aside, trains on the
// rest and reports precision, recall and F1 on the part kept aside; it
// writes nothing then.
//
// Only data whose licence allows shipping a trained model is read:
// GermEval 2014 dev-a, SmartData train and dev, Europeana Newspapers
// (German); UNER English-EWT train, Broad Twitter Corpus train and dev,
// WNUT 17 train and dev (English); the gazetteers. The measurement sets
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
	"strings"
	"time"

	"newsdesk/analyze/ner/internal/tagger"
)

func main() {
	def := os.Getenv("NEWSDESK_SHARED")
	if def == "" {
		def = "../../../shared/data"
	}
	data := flag.String("data", def, "shared data folder")
	out := flag.String("out", "model", "folder to write the model files to")
	bits := flag.Uint("bits", 19, "log2 of the number of weight buckets")
	epochs := flag.Int("epochs", 10, "training passes")
	langs := flag.String("lang", "de,en", "languages to train")
	holdout := flag.Bool("holdout", false, "train without the held-out part and report on it; write nothing")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("train: ")

	gazLines, err := gazetteer(*data)
	if err != nil {
		log.Fatal(err)
	}
	gaz, err := tagger.ReadGaz(strings.NewReader(strings.Join(gazLines, "\n")))
	if err != nil {
		log.Fatal(err)
	}
	if !*holdout {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			log.Fatal(err)
		}
		if err := writeGz(filepath.Join(*out, "gaz.txt.gz"), []byte(strings.Join(gazLines, "\n")+"\n")); err != nil {
			log.Fatal(err)
		}
	}
	for _, lang := range strings.Split(*langs, ",") {
		train, held, err := corpus(*data, lang)
		if err != nil {
			log.Fatal(err)
		}
		if !*holdout {
			for _, h := range held {
				train = append(train, h.sents...)
			}
			held = nil
		}
		ntok := 0
		for _, s := range train {
			ntok += len(s.Words)
		}
		log.Printf("%s: %d sentences, %d tokens", lang, len(train), ntok)
		start := time.Now()
		opt := tagger.Options{Bits: *bits, Epochs: *epochs, Seed: 1}
		if held != nil {
			opt.Progress = func(ep int, m *tagger.Model) {
				for _, h := range held {
					log.Printf("%s epoch %d %s: %s", lang, ep, h.name, evaluate(m, h.sents, h.noOTH))
				}
			}
		}
		m := tagger.Train(train, gaz, opt)
		log.Printf("%s: trained in %v", lang, time.Since(start).Round(time.Second))
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
		cut := len(ge) * 8 / 10
		train = append(train, ge[:cut]...)
		train = append(train, sd...)
		train = append(train, enp...)
		held = []heldOut{{"germeval-a-tail", ge[cut:], false}, {"smartdata-dev", sdDev, true}}
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
			if i%10 == 9 {
				unHeld = append(unHeld, s)
			} else {
				train = append(train, s)
			}
		}
		train = append(train, btc...)
		train = append(train, wn...)
		held = []heldOut{{"uner-train-10th", unHeld, false}, {"btc-dev", btcDev, true}, {"wnut-dev", wnDev, true}}
	default:
		return nil, nil, fmt.Errorf("no training data for language %q", lang)
	}
	return train, held, nil
}
