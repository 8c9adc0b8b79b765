package synth

import (
	"math/rand/v2"
	"strings"
	"time"
)

// CopyTest makes the copy test: every text as an article of its own
// (the other articles on the same topics are the hard negatives), and
// for nOrig of them, chosen by seed, one to three copies made by Copy,
// published up to two days after the original or (one in five) before
// it, in shuffled order. gold maps each article to its copy group (the
// id of the text's first article).
func CopyTest(texts []Text, nOrig int, seed uint64) (docs []Article, gold map[int64]int64, edits map[int64][]Edit) {
	r := rand.New(rand.NewPCG(seed, 2))
	gold = map[int64]int64{}
	edits = map[int64][]Edit{}
	start := time.Date(2008, 1, 1, 0, 0, 0, 0, time.UTC)
	next := int64(1)
	// Every tenth text is withheld to fill update and extension
	// paragraphs: new writing, in no other article.
	var fill []Text
	var keep []Text
	for i, t := range texts {
		if i%10 == 9 {
			fill = append(fill, t)
		} else {
			keep = append(keep, t)
		}
	}
	texts = keep
	filler := func() string {
		w := strings.Fields(fill[r.IntN(len(fill))].Body)
		i := r.IntN(max(1, len(w)-60))
		return strings.Join(w[i:min(len(w), i+30+r.IntN(30))], " ") + "."
	}
	chosen := r.Perm(len(texts))[:min(nOrig, len(texts))]
	isOrig := map[int]bool{}
	for _, i := range chosen {
		isOrig[i] = true
	}
	same := dupes(texts)
	firstID := map[int]int64{}
	for i, t := range texts {
		when := start.Add(time.Duration(r.IntN(60*24)) * time.Hour)
		id := next
		next++
		docs = append(docs, Article{ID: id, Title: t.Title, Text: t.Body, Lang: "en", Published: when, Stored: when})
		gold[id] = id
		if o, ok := same[i]; ok {
			gold[id] = gold[firstID[o]]
		}
		firstID[i] = id
		if !isOrig[i] {
			continue
		}
		for range 1 + r.IntN(3) {
			title, body, ed := Copy(r, t, filler)
			d := time.Duration(r.IntN(48*60)) * time.Minute
			if r.IntN(5) == 0 {
				d = -d
			}
			cid := next
			next++
			docs = append(docs, Article{ID: cid, Title: title, Text: body, Lang: "en", Published: when.Add(d), Stored: when.Add(d)})
			gold[cid] = gold[id]
			edits[cid] = ed
		}
	}
	r.Shuffle(len(docs), func(i, j int) { docs[i], docs[j] = docs[j], docs[i] })
	return docs, gold, edits
}

// dupes finds the texts that are already copies of an earlier one (the
// same dispatch collected twice): those that share half of the shorter
// text's word 5-grams, counted exactly. It maps the later to the
// earliest.
func dupes(texts []Text) map[int]int {
	sets := make([]map[string]bool, len(texts))
	post := map[string][]int{}
	for i, t := range texts {
		w := strings.Fields(strings.ToLower(t.Body))
		sets[i] = map[string]bool{}
		for j := 0; j+5 <= len(w); j++ {
			sh := strings.Join(w[j:j+5], " ")
			if !sets[i][sh] {
				sets[i][sh] = true
				post[sh] = append(post[sh], i)
			}
		}
	}
	same := map[int]int{}
	for i := range texts {
		shared := map[int]int{}
		for sh := range sets[i] {
			for _, j := range post[sh] {
				if j < i {
					shared[j]++
				}
			}
		}
		best := -1
		for j, n := range shared {
			if 2*n >= min(len(sets[i]), len(sets[j])) && (best < 0 || j < best) {
				best = j
			}
		}
		if best >= 0 {
			if o, ok := same[best]; ok {
				best = o
			}
			same[i] = best
		}
	}
	return same
}
