// Command connecteval scores package connect on labelled data: the copy
// test made from the extraction texts, the l3s-gn1 story and copy labels
// (dev and heldout parts) and the German–English story labels.
//
//	go run ./connect/cmd/connecteval [-data ../shared/data] [-labels connect/testdata] [-part dev] [-copytest=false] [-v]
//
// Articles are fed in order of publication (dates found in the pages by
// package dates, or given by the labels), entities and figures come from
// package analyze, and pairwise and B-cubed precision, recall and F1 are
// printed for each set.
package main

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"newsdesk/analyze"
	"newsdesk/connect"
	"newsdesk/connect/internal/score"
	"newsdesk/connect/internal/synth"
	"newsdesk/dates"
	"newsdesk/extract"
)

func main() {
	data := flag.String("data", filepath.Join("..", "shared", "data"), "the shared data folder")
	labels := flag.String("labels", filepath.Join("connect", "testdata"), "the labels folder")
	part := flag.String("part", "dev", "l3s-gn1 part to score: dev, heldout or all")
	threshold := flag.Float64("threshold", 0, "story threshold (0: the default)")
	bridge := flag.Float64("bridge", 0, "bridge weight (0: the default)")
	window := flag.Duration("window", 0, "story window (0: the default)")
	halfLife := flag.Duration("halflife", 0, "story half-life (0: the default)")
	merge := flag.Float64("merge", 0, "story merge threshold (0: the default)")
	memberThreshold := flag.Float64("memberthreshold", 0, "least similarity to each of a story's latest articles (0: the default)")
	members := flag.Int("members", 0, "latest articles a story checks MemberThreshold against (0: the default)")
	cross := flag.Float64("cross", 0, "cross-language story threshold (0: the default)")
	topTerms := flag.Int("topterms", 0, "story features kept per channel (0: the default)")
	queryTerms := flag.Int("queryterms", 0, "story query terms per channel (0: the default)")
	scan := flag.Int("scan", 0, "story postings scanned per term (0: the default)")
	candidates := flag.Int("candidates", 0, "stories scored per article (0: the default)")
	quote := flag.Float64("quote", 0, "story quote bonus (0: the default, negative: none)")
	dateBonus := flag.Float64("datebonus", 0, "story date bonus (0: the default, negative: none)")
	datePenalty := flag.Float64("datepenalty", 0, "story date penalty (0: the default, negative: none)")
	weekday := flag.Float64("weekday", 0, "story weekday penalty (0: the default, negative: none)")
	feed := flag.String("feed", "pages", "how l3s-gn1 articles are fed: pages (in order of the pages' dates) or import (as the check imports them: one publication time, in order of key, entities of the text alone)")
	orders := flag.Int("orders", 0, "also feed l3s-gn1 in this many shuffled orders and print the mean")
	export := flag.String("export", "", "score instead the stories of `newsdesk articles --jsonl` output (urls carry the l3s-gn1 key)")
	copyTestToo := flag.Bool("copytest", true, "run the copy test too")
	verbose := flag.Bool("v", false, "print the errors")
	flag.Parse()
	opt := connect.StoryOptions{Threshold: *threshold, BridgeWeight: *bridge, Window: *window, HalfLife: *halfLife, MergeThreshold: *merge, CrossThreshold: *cross,
		MemberThreshold: *memberThreshold, Members: *members,
		QuoteBonus: *quote, DateBonus: *dateBonus, DatePenalty: *datePenalty, WeekdayPenalty: *weekday,
		TopTerms: *topTerms, QueryTerms: *queryTerms, PostingScan: *scan, Candidates: *candidates}
	an := analyze.New(nil, nil)
	if *export != "" {
		if err := scoreExport(*export, *labels, *part); err != nil {
			fail(err)
		}
		return
	}
	if *copyTestToo {
		if err := copyTest(*data); err != nil {
			fail(err)
		}
	}
	if err := l3s(an, *data, *labels, *part, *feed, *orders, opt, *verbose); err != nil {
		fail(err)
	}
	if err := crossLang(an, *data, *labels, opt, *verbose); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "connecteval:", err)
	os.Exit(1)
}

func copyTest(data string) error {
	texts, err := synth.Load(filepath.Join(data, "extraction"), 60)
	if err != nil {
		return err
	}
	as, gold, edits := synth.CopyTest(texts, 600, 1)
	c := connect.NewCopies(connect.CopyOptions{})
	pred := map[int64]int64{}
	for _, a := range as {
		dec := c.Add(connect.Doc{ID: a.ID, Text: a.Text, Published: a.Published, Stored: a.Stored})
		pred[a.ID] = dec.Original
	}
	for id := range pred {
		pred[id], _ = c.Original(id)
	}
	fmt.Printf("copy test (%d articles, %d copies): pairwise %v; B-cubed %v\n", len(as), len(edits), score.Pairwise(gold, pred), score.BCubed(gold, pred))
	return nil
}

type article struct {
	key  string
	doc  connect.Doc
	gold struct{ story, copy, split string }
}

// analyse adds the entities and figures of the analysis to d: of the
// title and text, or, as the store's analysis does, of the text alone.
func analyse(an *analyze.Analyzer, d *connect.Doc, titleToo bool) {
	text := d.Text
	if titleToo {
		text = d.Title + "\n" + d.Text
	}
	a := an.Analyze(context.Background(), analyze.Input{Text: text, Lang: d.Lang, Date: d.Published})
	for _, m := range a.Mentions {
		if m.EntityID != "" {
			d.Entities = append(d.Entities, m.EntityID)
		}
	}
	for _, f := range a.Figures {
		d.Figures = append(d.Figures, f.Value)
	}
}

// importTime is the publication time the check gives every article.
var importTime = time.Date(2008, 1, 14, 12, 0, 0, 0, time.UTC)

func l3s(an *analyze.Analyzer, data, labels, part, feed string, orders int, opt connect.StoryOptions, verbose bool) error {
	dir := filepath.Join(data, "extraction", "l3s-gn1")
	var truth map[string]struct {
		Body  string `json:"articleBody"`
		Title string `json:"title"`
	}
	if err := readJSON(filepath.Join(dir, "truth.json"), &truth); err != nil {
		return err
	}
	lab, err := readL3SLabels(labels)
	if err != nil {
		return err
	}
	fallback := time.Date(2008, 1, 5, 0, 0, 0, 0, time.UTC)
	var arts []*article
	for key, t := range truth {
		l, ok := lab[key]
		if !ok {
			continue
		}
		a := &article{key: key}
		a.gold.story, a.gold.copy, a.gold.split = l.Story, l.Copy, l.Split
		switch feed {
		case "pages":
			a.doc = connect.Doc{Title: t.Title, Text: t.Body, Lang: "en", Published: pageDate(filepath.Join(dir, "html", key+".html.gz"))}
			a.doc.Stored = a.doc.Published
			if a.doc.Published.IsZero() {
				a.doc.Stored = fallback
			}
		case "import":
			title := t.Title
			if title == "" {
				title, _, _ = strings.Cut(t.Body, "\n")
				title = title[:min(len(title), 120)]
			}
			a.doc = connect.Doc{Title: title, Text: t.Body, Lang: "en", Published: importTime, Stored: importTime}
		default:
			return fmt.Errorf("-feed %q: pages or import", feed)
		}
		arts = append(arts, a)
	}
	sortArticles(arts)
	for _, a := range arts {
		analyse(an, &a.doc, feed == "pages")
	}
	name := "l3s-gn1 " + part + " (" + feed + ")"
	if err := run(name, arts, part, opt, verbose); err != nil {
		return err
	}
	if orders <= 0 {
		return nil
	}
	var sum [3]float64
	for seed := range orders {
		shuffled := slices.Clone(arts)
		r := rand.New(rand.NewPCG(uint64(seed+1), 7))
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		pw, _, _ := feedAll(shuffled, part, opt, false)
		sum[0] += pw.P
		sum[1] += pw.R
		sum[2] += pw.F
	}
	n := float64(orders)
	fmt.Printf("%s, %d shuffled orders: mean stories pairwise P %.3f R %.3f F1 %.3f\n", name, orders, sum[0]/n, sum[1]/n, sum[2]/n)
	return nil
}

type l3sLabel struct{ Story, Copy, Split string }

func readL3SLabels(labels string) (map[string]l3sLabel, error) {
	var lab struct {
		Articles map[string]l3sLabel `json:"articles"`
	}
	if err := readJSON(filepath.Join(labels, "l3s-gn1", "labels.json"), &lab); err != nil {
		return nil, err
	}
	return lab.Articles, nil
}

// sortArticles puts the articles in order of storage (then key).
func sortArticles(arts []*article) {
	slices.SortFunc(arts, func(a, b *article) int {
		if c := a.doc.Stored.Compare(b.doc.Stored); c != 0 {
			return c
		}
		return cmp.Compare(a.key, b.key)
	})
}

// result is what one feeding predicted for the scored articles.
type result struct {
	gs, gc map[int64]string
	ps, pc map[int64]int64
}

// feedAll feeds the articles in the order given, numbered from 1, and
// scores the part: stories pairwise, the result, and the average
// precision of the same-story pairs among all pairs of the part ranked
// by Similarities (with the document frequencies of all articles; when
// rank is set).
func feedAll(arts []*article, part string, opt connect.StoryOptions, rank bool) (score.PRF, result, float64) {
	for i, a := range arts {
		a.doc.ID = int64(i + 1)
	}
	copies := connect.NewCopies(connect.CopyOptions{})
	stories := connect.NewStories(opt)
	for _, a := range arts {
		copies.Add(a.doc)
		stories.Add(a.doc)
	}
	r := result{gs: map[int64]string{}, gc: map[int64]string{}, ps: map[int64]int64{}, pc: map[int64]int64{}}
	var in []*article
	for _, a := range arts {
		if part != "all" && a.gold.split != "" && a.gold.split != part {
			continue
		}
		in = append(in, a)
		r.gs[a.doc.ID], r.gc[a.doc.ID] = a.gold.story, a.gold.copy
		r.ps[a.doc.ID], _ = stories.Story(a.doc.ID)
		r.pc[a.doc.ID], _ = copies.Original(a.doc.ID)
	}
	if !rank {
		return score.Pairwise(r.gs, r.ps), r, 0
	}
	type pair struct {
		sim  float64
		same bool
	}
	var pairs []pair
	pos := 0
	docs := make([]connect.Doc, len(in))
	for i, a := range in {
		docs[i] = a.doc
	}
	sims := stories.Similarities(docs)
	for i, a := range in {
		for j, b := range in[i+1:] {
			j += i + 1
			// Symmetric: the mean of both directions.
			sim := (sims[i][j] + sims[j][i]) / 2
			same := a.gold.story == b.gold.story
			if same {
				pos++
			}
			pairs = append(pairs, pair{sim, same})
		}
	}
	slices.SortStableFunc(pairs, func(x, y pair) int { return cmp.Compare(y.sim, x.sim) })
	var ap float64
	hits := 0
	for i, p := range pairs {
		if p.same {
			hits++
			ap += float64(hits) / float64(i+1)
		}
	}
	if pos > 0 {
		ap /= float64(pos)
	}
	return score.Pairwise(r.gs, r.ps), r, ap
}

// run feeds the articles in their order and prints the scores of the
// part.
func run(name string, arts []*article, part string, opt connect.StoryOptions, verbose bool) error {
	pw, r, ap := feedAll(arts, part, opt, true)
	fmt.Printf("%s (%d articles): stories pairwise %v, B-cubed %v, AP %.3f; copies pairwise %v, B-cubed %v\n", name, len(r.gs),
		pw, score.BCubed(r.gs, r.ps), ap, score.Pairwise(r.gc, r.pc), score.BCubed(r.gc, r.pc))
	if verbose {
		for _, a := range arts {
			for _, b := range arts {
				if a.doc.ID >= b.doc.ID {
					continue
				}
				if _, ok := r.gs[a.doc.ID]; !ok {
					continue
				}
				if _, ok := r.gs[b.doc.ID]; !ok {
					continue
				}
				g, p := r.gs[a.doc.ID] == r.gs[b.doc.ID], r.ps[a.doc.ID] == r.ps[b.doc.ID]
				if g != p {
					fmt.Printf("  story %s: %s %q (%s) | %s %q (%s)\n", map[bool]string{true: "missed", false: "false"}[g],
						a.key[:8], trim(a.doc.Title), a.doc.Stored.Format("01-02"), b.key[:8], trim(b.doc.Title), b.doc.Stored.Format("01-02"))
				}
			}
		}
	}
	return nil
}

// scoreExport scores the stories of exported articles whose urls carry
// the l3s-gn1 keys (as the check imports them).
func scoreExport(path, labels, part string) error {
	lab, err := readL3SLabels(labels)
	if err != nil {
		return err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	gs, ps := map[string]string{}, map[string]string{}
	for _, line := range bytes.Split(b, []byte("\n")) {
		if !bytes.HasPrefix(line, []byte("{")) {
			continue
		}
		var a struct {
			URL   string          `json:"url"`
			Story json.RawMessage `json:"story"`
		}
		if err := json.Unmarshal(line, &a); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		m := keyInURL.FindStringSubmatch(a.URL)
		if m == nil {
			continue
		}
		l, ok := lab[m[1]]
		if !ok || part != "all" && l.Split != part {
			continue
		}
		gs[m[1]], ps[m[1]] = l.Story, string(a.Story)
	}
	fmt.Printf("l3s-gn1 %s, exported (%d articles): stories pairwise %v, B-cubed %v\n", part, len(gs), score.Pairwise(gs, ps), score.BCubed(gs, ps))
	return nil
}

var keyInURL = regexp.MustCompile(`l3s-([0-9a-f-]{36})`)

func trim(s string) string {
	if len(s) > 60 {
		return s[:60]
	}
	return s
}

func crossLang(an *analyze.Analyzer, data, labels string, opt connect.StoryOptions, verbose bool) error {
	var lab struct {
		Articles map[string]struct{ Lang, Date, Story string } `json:"articles"`
	}
	if err := readJSON(filepath.Join(labels, "crosslang", "labels.json"), &lab); err != nil {
		return err
	}
	texts := map[string]map[string]struct {
		Body  string `json:"articleBody"`
		Title string `json:"title"`
	}{}
	var arts []*article
	for key, l := range lab.Articles {
		set, id, _ := strings.Cut(key, "/")
		a := &article{key: key}
		a.gold.story, a.gold.copy = l.Story, key // no copies among them
		day, err := time.Parse("2006-01-02", l.Date)
		if err != nil {
			return fmt.Errorf("crosslang: %s: %w", key, err)
		}
		a.doc = connect.Doc{Lang: l.Lang, Published: day.Add(12 * time.Hour), Stored: day.Add(12 * time.Hour)}
		if set == "spkatt2023" {
			var d struct {
				Sentences []struct{ Tokens []string }
			}
			if err := readJSON(filepath.Join(data, "quotes-spkatt2023", "train", id+".json"), &d); err != nil {
				return err
			}
			var b strings.Builder
			for _, s := range d.Sentences {
				b.WriteString(strings.Join(s.Tokens, " "))
				b.WriteByte('\n')
			}
			a.doc.Text = b.String()
			if i := strings.Index(id, " - "); i >= 0 {
				a.doc.Title = id[i+3:]
			}
		} else if set == "dates" {
			raw, err := gunzip(filepath.Join(data, "dates", "html", id+".html.gz"))
			if err != nil {
				return err
			}
			art, err := extract.Extract(raw, extract.Options{})
			if err != nil {
				return fmt.Errorf("crosslang: %s: %w", key, err)
			}
			a.doc.Title, a.doc.Text = art.Title, art.Text()
		} else {
			if texts[set] == nil {
				m := map[string]struct {
					Body  string `json:"articleBody"`
					Title string `json:"title"`
				}{}
				if err := readJSON(filepath.Join(data, "extraction", set, "truth.json"), &m); err != nil {
					return err
				}
				texts[set] = m
			}
			t := texts[set][id]
			a.doc.Title, a.doc.Text = t.Title, t.Body
		}
		arts = append(arts, a)
	}
	sortArticles(arts)
	for _, a := range arts {
		analyse(an, &a.doc, true)
	}
	return run("crosslang", arts, "all", opt, verbose)
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// pageDate returns the publication date package dates finds in a
// gzipped page, or zero.
func pageDate(path string) time.Time {
	b, err := gunzip(path)
	if err != nil {
		return time.Time{}
	}
	doc, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		return time.Time{}
	}
	return dates.Find(doc, "").Published
}

func gunzip(path string) ([]byte, error) {
	f, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(f))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return io.ReadAll(zr)
}
