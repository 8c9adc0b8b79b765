// Package synth makes test material for package connect from real
// article texts: agency-style copies with the edits republishing makes,
// and long streams of articles for benchmarks. Everything is
// reproducible from a seed.
package synth

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Text is a real article text.
type Text struct {
	Key   string // dataset/id
	Title string
	Body  string
}

// Article is a synthetic article: the fields of connect.Doc that the
// tests fill (the package cannot import connect, whose tests use it).
type Article struct {
	ID                int64
	Title, Text, Lang string
	Published, Stored time.Time
	Entities          []string
}

// Load reads the article texts of the truth.json files under dir (one
// folder per dataset: {"id": {"articleBody", "title", ...}}), keeping
// those of at least minWords words, sorted by key.
func Load(dir string, minWords int) ([]Text, error) {
	paths, err := filepath.Glob(filepath.Join(dir, "*", "truth.json"))
	if err != nil {
		return nil, err
	}
	var out []Text
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("synth: %w", err)
		}
		var m map[string]struct {
			Body  string `json:"articleBody"`
			Title string `json:"title"`
		}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("synth: %s: %w", p, err)
		}
		ds := filepath.Base(filepath.Dir(p))
		for id, t := range m {
			if len(strings.Fields(t.Body)) < minWords {
				continue
			}
			out = append(out, Text{Key: ds + "/" + id, Title: t.Title, Body: t.Body})
		}
	}
	slices.SortFunc(out, func(a, b Text) int { return strings.Compare(a.Key, b.Key) })
	return out, nil
}

// Paragraphs splits a text at its line breaks, leaving out blank lines.
func Paragraphs(s string) []string {
	var ps []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			ps = append(ps, p)
		}
	}
	return ps
}

var datelines = []string{"BERLIN (dpa) -", "WASHINGTON (Reuters) -", "LONDON (AP) —", "PARIS, Jan. 16 (AFP) -", "Frankfurt/Main (dpa) –", "NEW YORK —"}
var credits = []string{"(Reporting by Anna Smith; Editing by John Doe)", "© 2008 The Associated Press. All rights reserved. This material may not be published, broadcast, rewritten or redistributed.", "dpa/ab", "Copyright Reuters 2008", "Additional reporting by staff writers."}
var blurbs = []string{"Follow us on Twitter and Facebook for the latest news.", "Sign up for our daily newsletter to get the top stories in your inbox every morning.", "Have a news tip? Contact our newsroom by email.", "This story has been corrected to fix the spelling of a name.", "Read more: the full coverage of the story on our site."}

// Edit names one edit a republisher makes.
type Edit string

// The edits Copy applies.
const (
	Dateline  Edit = "dateline"  // a dateline before the first paragraph
	Credit    Edit = "credit"    // a credit line after the last
	Trim      Edit = "trim"      // the ending cut (to 40–90% of the paragraphs)
	Extend    Edit = "extend"    // paragraphs of new text at the end
	Update    Edit = "update"    // an update paragraph on top
	Blurb     Edit = "blurb"     // the site's blurb at the end
	WordEdits Edit = "words"     // a few words changed, dropped or added
	Headline  Edit = "headline"  // another headline
	Paragraph Edit = "paragraph" // a paragraph dropped from the middle
)

// Copy returns a copy of t with some of the edits republishing makes,
// chosen by r, and the edits made. filler gives text for update and
// extension paragraphs (from other articles).
func Copy(r *rand.Rand, t Text, filler func() string) (title, body string, edits []Edit) {
	ps := Paragraphs(t.Body)
	title = t.Title
	pick := func(p float64) bool { return r.Float64() < p }
	if pick(0.7) {
		title = "Update: " + t.Title
		if w := strings.Fields(t.Title); pick(0.5) && len(w) > 0 {
			title = strings.Join(w[:max(1, len(w)*2/3)], " ")
		}
		edits = append(edits, Headline)
	}
	if pick(0.5) && len(ps) > 2 {
		keep := max(2, int(float64(len(ps))*(0.4+0.5*r.Float64())))
		if keep < len(ps) {
			ps = ps[:keep]
			edits = append(edits, Trim)
		}
	}
	if pick(0.25) && len(ps) > 4 {
		i := 1 + r.IntN(len(ps)-2)
		ps = slices.Delete(ps, i, i+1)
		edits = append(edits, Paragraph)
	}
	if pick(0.5) {
		for i, p := range ps {
			ws := strings.Fields(p)
			out := ws[:0:0]
			for _, w := range ws {
				switch x := r.Float64(); {
				case x < 0.01:
					continue
				case x < 0.02:
					out = append(out, w, "also")
				case x < 0.03:
					out = append(out, strings.ToUpper(w)+"s")
				default:
					out = append(out, w)
				}
			}
			ps[i] = strings.Join(out, " ")
		}
		edits = append(edits, WordEdits)
	}
	if pick(0.5) && len(ps) > 0 {
		ps[0] = datelines[r.IntN(len(datelines))] + " " + ps[0]
		edits = append(edits, Dateline)
	}
	if pick(0.3) {
		ps = append([]string{"UPDATE: " + firstSentences(filler(), 2)}, ps...)
		edits = append(edits, Update)
	}
	if pick(0.3) {
		ps = append(ps, firstSentences(filler(), 3))
		edits = append(edits, Extend)
	}
	if pick(0.4) {
		ps = append(ps, credits[r.IntN(len(credits))])
		edits = append(edits, Credit)
	}
	if pick(0.4) {
		ps = append(ps, blurbs[r.IntN(len(blurbs))])
		edits = append(edits, Blurb)
	}
	return title, strings.Join(ps, "\n"), edits
}

func firstSentences(s string, n int) string {
	words := strings.Fields(s)
	var out []string
	for _, w := range words {
		out = append(out, w)
		if strings.HasSuffix(w, ".") {
			n--
			if n == 0 {
				break
			}
		}
	}
	return strings.Join(out, " ")
}

// Stream makes synthetic articles from texts one by one, spread over a
// span of time in publication order: each is a text with its paragraphs
// rotated and one word in twelve replaced by a word of another text
// (so that most of its shingles are new, as a new article's are, while
// its vocabulary stays that of news), and one in ten is a
// near copy (Copy) of one of the twenty articles before it; the others
// have their words shuffled within runs of six, so that the many
// articles made from one text are not copies of each other. Entities
// are the capitalised words of the text, as a stand-in for an analysis.
type Stream struct {
	texts []Text
	r     *rand.Rand
	start time.Time
	step  time.Duration
	i     int
	last  []Article
	words []string // the words of all texts, for replacements
}

// NewStream returns a stream of n articles from start over span.
func NewStream(texts []Text, n int, start time.Time, span time.Duration, seed uint64) *Stream {
	var words []string
	for _, t := range texts {
		words = append(words, strings.Fields(t.Body)...)
	}
	return &Stream{texts: texts, words: words, r: rand.New(rand.NewPCG(seed, 1)), start: start, step: span / time.Duration(max(n, 1))}
}

// Next returns the next article.
func (s *Stream) Next() Article {
	r, i := s.r, s.i
	s.i++
	t := s.texts[r.IntN(len(s.texts))]
	var body string
	if i%10 == 9 && len(s.last) > 0 {
		prev := s.last[r.IntN(len(s.last))]
		_, body, _ = Copy(r, Text{Title: prev.Title, Body: prev.Text}, func() string { return s.texts[r.IntN(len(s.texts))].Body })
		t.Title = prev.Title
	} else {
		ps := Paragraphs(t.Body)
		if len(ps) > 1 {
			k := r.IntN(len(ps))
			ps = append(ps[k:], ps[:k]...)
		}
		ws := strings.Fields(strings.Join(ps, "\n"))
		// Words shuffled within runs of six: the vocabulary of the text,
		// but new shingles, as a new article on the same matter has.
		for j := 0; j+6 <= len(ws); j += 6 {
			r.Shuffle(6, func(a, b int) { ws[j+a], ws[j+b] = ws[j+b], ws[j+a] })
		}
		for j := range ws {
			if r.IntN(12) == 0 {
				ws[j] = s.words[r.IntN(len(s.words))]
			}
		}
		body = strings.Join(ws, " ")
	}
	when := s.start.Add(time.Duration(i) * s.step)
	a := Article{
		ID: int64(i + 1), Title: t.Title, Text: body, Lang: "en",
		Published: when, Stored: when.Add(time.Minute), Entities: capitalised(body),
	}
	if len(s.last) == 20 {
		s.last = s.last[1:]
	}
	s.last = append(s.last, a)
	return a
}

func capitalised(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		w = strings.Trim(w, ".,;:!?\"'()")
		if len(w) > 3 && w[0] >= 'A' && w[0] <= 'Z' && len(out) < 30 {
			out = append(out, "X:"+strings.ToLower(w))
		}
	}
	return out
}
