// Command mkcorpus writes synthetic German and English news articles into
// a WARC file, for the load test (scripts/loadtest):
//
//	go run ./cmd/mkcorpus -n 2000 -o corpus.warc.gz
//
// The same -n and -seed give the same file.
package main

import (
	"flag"
	"fmt"
	"os"

	"newsdesk/e2e/corpus"
)

func main() {
	n := flag.Int("n", 2000, "number of articles")
	seed := flag.Uint64("seed", 1, "random seed")
	out := flag.String("o", "corpus.warc.gz", "WARC file to write (gzipped if it ends in .gz)")
	flag.Parse()
	if *n < 1 || flag.NArg() > 0 {
		flag.Usage()
		os.Exit(2)
	}
	if err := corpus.WriteWARC(*out, corpus.Synthetic(*n, *seed)); err != nil {
		fmt.Fprintln(os.Stderr, "mkcorpus:", err)
		os.Exit(1)
	}
}
