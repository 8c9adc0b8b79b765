package analyze

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"newsdesk/analyze/ner"
)

// BenchmarkAnalyze measures the whole analysis — recognition, the table
// of actors, role nouns and resolution — in tokens per second on one
// core, over the German and English news texts of analyze/ner/testdata
// (or the files NEWSDESK_NER_BENCH lists, separated by the path list
// separator).
func BenchmarkAnalyze(b *testing.B) {
	paths := []string{filepath.Join("ner", "testdata", "news-de.txt"), filepath.Join("ner", "testdata", "news-en.txt")}
	if env := os.Getenv("NEWSDESK_NER_BENCH"); env != "" {
		paths = strings.Split(env, string(os.PathListSeparator))
	}
	var ins []Input
	tokens := 0
	for _, p := range paths {
		text, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		l := ""
		switch {
		case strings.Contains(p, "-de"):
			l = "de"
		case strings.Contains(p, "-en"):
			l = "en"
		}
		ins = append(ins, Input{Text: string(text), Lang: l, Date: time.Date(2024, 6, 19, 0, 0, 0, 0, time.UTC)})
		tokens += len(ner.Tokenize(string(text)))
	}
	an := New(nil, nil)
	ctx := context.Background()
	an.Analyze(ctx, ins[0]) // load the model and the table
	b.ResetTimer()
	for b.Loop() {
		for _, in := range ins {
			an.Analyze(ctx, in)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}
