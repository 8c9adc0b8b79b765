package connect

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// Story assignment, for each new article:
//
//  1. its features are weighed by TF-IDF with the document frequencies
//     seen so far: word stems (German and English stemmed) in one
//     channel, entities and figures — which read the same in every
//     language — in the other; each channel is cut to its top terms and
//     normalised on its own;
//  2. candidate stories are those filed in an inverted index under one
//     of its rarest terms, entities or figures and updated within
//     Window of its publication (postings are walked newest first and
//     the walk ends at the window's edge);
//  3. each candidate is scored, per channel, by the cosine of the
//     article's vector with the sum of the story's vectors: within a
//     language the harmonic mean of the two channels' cosines (one
//     story, one event: the articles share its words and its names or
//     figures; a topic shares words alone), between languages the
//     entities and figures alone; times a decay with the time between
//     the article and the story's span;
//  4. a story within the language is a candidate only if the article is
//     also similar enough (MemberThreshold) to each of the story's
//     latest articles of its language, one by one: the sum of a story's
//     vectors drifts towards its topic as articles join, and an article
//     on the topic but another event would match the sum alone;
//  5. the best story at or above Threshold gets the article; any other
//     at or above MergeThreshold (higher: merging two stories claims
//     more than joining one, and merges at the joining threshold chain
//     unrelated stories through one broad article) is merged into the
//     older of the two;
//     otherwise the article starts a story of its own, whose id is the
//     article's id.
//
// Order matters: document frequencies grow as articles come, a story's
// vector is the sum of those of the articles it has, and an article
// joins only what exists when it comes. Feeding the same articles in
// the same order gives the same decisions; articles fed in publication
// order give the best stories (an article that arrives days late still
// finds stories within Window of its publication, as long as their
// vectors are kept: Keep).

// Defaults of StoryOptions.
const (
	DefaultWindow          = 7 * 24 * time.Hour
	DefaultThreshold       = 0.35
	DefaultMemberThreshold = 0.30
	DefaultMembers         = 16
	DefaultMergeThreshold  = 0.45
	DefaultCrossThreshold  = 0.2
	DefaultPostingScan     = 256
	DefaultCandidates      = 48
	DefaultTopTerms        = 80
	DefaultQueryTerms      = 12
	DefaultBridgeWeight    = 1
	DefaultHalfLife        = 1000 * time.Hour
	DefaultQuoteBonus      = 1.0
	DefaultDateBonus       = 0.2
	DefaultDatePenalty     = 0.0
	DefaultWeekdayPenalty  = 0.0
)

// dateNear and dateFar are the distances in days, between the nearest
// days of the month an article and a story name, at or below which
// they count as dated alike and above which as dated apart.
const (
	dateNear = 0
	dateFar  = 7
)

// orDefault is v, def when v is zero, and 0 when v is negative.
func orDefault(v, def float64) float64 {
	switch {
	case v < 0:
		return 0
	case v == 0:
		return def
	}
	return v
}

// StoryOptions tunes story assignment; the zero value means the
// defaults.
type StoryOptions struct {
	// Window is how far apart in time an article and the latest article
	// of a story may be published for it to join.
	Window time.Duration
	// HalfLife is the time distance between an article and a story's
	// span that halves their similarity.
	HalfLife time.Duration
	// Threshold is the least similarity that joins an article to a
	// story.
	Threshold float64
	// MemberThreshold is the least similarity, within a language, an
	// article must have with each of the story's latest articles of its
	// language (Members of them) to join it: a story is one event its
	// articles all report, not a chain of articles each near the last.
	MemberThreshold float64
	// Members is how many of its latest articles' vectors a story keeps
	// for MemberThreshold.
	Members int
	// CrossThreshold is the least similarity that joins an article to a
	// story in other languages (on entities and figures alone).
	CrossThreshold float64
	// MergeThreshold is the least similarity to a second story that
	// merges it with the one the article joins; default
	// DefaultMergeThreshold (at least Threshold).
	MergeThreshold float64
	// TopTerms is how many features per channel an article keeps.
	TopTerms int
	// QueryTerms is how many of its features (per channel) an article
	// looks candidates up by and is filed under.
	QueryTerms int
	// BridgeWeight weighs the similarity of entities and figures
	// against that of words in their harmonic mean (1: alike); between
	// articles of different languages entities and figures count alone.
	BridgeWeight float64
	// PostingScan caps how many postings of one term (the newest) an
	// article looks at.
	PostingScan int
	// Candidates is how many stories (those filed under the most of the
	// article's query terms) are scored.
	Candidates int
	// Keep is how long after its last article a story keeps its vector
	// (to be joined by articles that arrive late); default 2×Window.
	Keep time.Duration
	// QuoteBonus raises the similarity of an article that shares a
	// quoted run of five words with one of a story's latest articles
	// (times 1+QuoteBonus); negative: none.
	QuoteBonus float64
	// DateBonus and DatePenalty weigh the days of the month the texts
	// name, when both the article and the story's latest articles name
	// some: one shared multiplies the similarity by 1+DateBonus, none
	// shared by 1-DatePenalty; WeekdayPenalty likewise for days of the
	// week named and none shared. Negative: none.
	DateBonus, DatePenalty, WeekdayPenalty float64
}

func (o StoryOptions) withDefaults() StoryOptions {
	if o.Window <= 0 {
		o.Window = DefaultWindow
	}
	if o.HalfLife <= 0 {
		o.HalfLife = DefaultHalfLife
	}
	if o.Threshold <= 0 {
		o.Threshold = DefaultThreshold
	}
	if o.MemberThreshold <= 0 {
		o.MemberThreshold = DefaultMemberThreshold
	}
	if o.Members <= 0 {
		o.Members = DefaultMembers
	}
	if o.CrossThreshold <= 0 {
		o.CrossThreshold = DefaultCrossThreshold
	}
	if o.MergeThreshold <= 0 {
		o.MergeThreshold = max(DefaultMergeThreshold, o.Threshold)
	}
	if o.TopTerms <= 0 {
		o.TopTerms = DefaultTopTerms
	}
	if o.QueryTerms <= 0 {
		o.QueryTerms = DefaultQueryTerms
	}
	if o.BridgeWeight <= 0 {
		o.BridgeWeight = DefaultBridgeWeight
	}
	if o.PostingScan <= 0 {
		o.PostingScan = DefaultPostingScan
	}
	if o.Candidates <= 0 {
		o.Candidates = DefaultCandidates
	}
	if o.Keep <= 0 {
		o.Keep = 2 * o.Window
	}
	o.QuoteBonus = orDefault(o.QuoteBonus, DefaultQuoteBonus)
	o.DateBonus = orDefault(o.DateBonus, DefaultDateBonus)
	o.DatePenalty = orDefault(o.DatePenalty, DefaultDatePenalty)
	o.WeekdayPenalty = orDefault(o.WeekdayPenalty, DefaultWeekdayPenalty)
	return o
}

// StoryDecision is what Stories decided for an article.
type StoryDecision struct {
	// ID is the article's id.
	ID int64
	// Story is the id of the article's story: the id of the story's
	// first article (for merged stories, the older story's).
	Story int64
	// New is set when the article starts a story.
	New bool
	// Score is the similarity to the story joined (0 for a new story).
	Score float64
	// Merges are the stories merged because this article bridges them:
	// From no longer exists and redirects to Into.
	Merges []StoryMerge
}

// StoryMerge says that story From was merged into story Into.
type StoryMerge struct{ From, Into int64 }

// Stories assigns articles to stories incrementally. Create it with
// NewStories.
type Stories struct {
	opt      StoryOptions
	voc      *vocab
	stories  []story
	byID     map[int64]int32 // story id → slot (merged ones too)
	articles map[int64]int32 // article id → the slot it joined
	post     map[int32][]posting
	latest   int64 // the latest publication time seen, unix s
	swept    int64
	c        counts
	seen     map[int32]int32
	order    []slotCount
}

type story struct {
	id          int64
	first, last int64 // unix s
	n           int
	into        int32  // slot merged into, or -1
	langs       string // the languages of its articles, each once, separated by spaces
	vec         map[int32]float32
	norm2       [nChan]float64
	members     []member // the latest articles' vectors
}

// member is the vector of one article of a story.
type member struct {
	fs   []feature
	ev   events
	lang string
	at   int64
}

type slotCount struct{ slot, n int32 }

type posting struct{ slot, at int32 } // at: hours since 2000

// NewStories returns an empty story assigner.
func NewStories(opt StoryOptions) *Stories {
	return &Stories{opt: opt.withDefaults(), voc: newVocab(), byID: map[int64]int32{}, articles: map[int64]int32{}, post: map[int32][]posting{}, seen: map[int32]int32{}}
}

// epoch2000 is the origin of posting times.
var epoch2000 = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()

func hours(unix int64) int32 {
	h := (unix - epoch2000) / 3600
	return int32(max(min(h, math.MaxInt32), math.MinInt32))
}

// Len returns the number of stories, merged ones not counted.
func (s *Stories) Len() int {
	n := 0
	for i := range s.stories {
		if s.stories[i].into < 0 {
			n++
		}
	}
	return n
}

// Add assigns d to a story and returns the decision.
func (s *Stories) Add(d Doc) StoryDecision {
	fs, ev, at := s.features(&d)
	dec := StoryDecision{ID: d.ID}
	type cand struct {
		slot  int32
		score float64
	}
	var cands []cand
	// Count, per story within the window, how many of the article's
	// query terms it is filed under; score only the stories with the
	// most.
	clear(s.seen)
	from := hours(at - int64(s.opt.Window/time.Second))
	for _, t := range s.queryTerms(fs) {
		ps := s.post[t]
		for i := len(ps) - 1; i >= 0 && i >= len(ps)-s.opt.PostingScan; i-- {
			p := ps[i]
			if p.at < from {
				break
			}
			s.seen[s.root(p.slot)]++
		}
	}
	s.order = s.order[:0]
	for sl, n := range s.seen {
		s.order = append(s.order, slotCount{sl, n})
	}
	slices.SortFunc(s.order, func(a, b slotCount) int {
		if a.n != b.n {
			return cmp.Compare(b.n, a.n)
		}
		return cmp.Compare(a.slot, b.slot)
	})
	for _, sc := range s.order[:min(len(s.order), s.opt.Candidates)] {
		sl := sc.slot
		st := &s.stories[sl]
		if st.vec == nil || at < st.first-int64(s.opt.Window/time.Second) || at > st.last+int64(s.opt.Window/time.Second) {
			continue
		}
		sim, cross := s.score(fs, &ev, d.Lang, st, at)
		if sim >= s.opt.Threshold || cross && sim >= s.opt.CrossThreshold {
			if !cross && s.least(fs, &ev, d.Lang, st, at) < s.opt.MemberThreshold {
				continue
			}
			cands = append(cands, cand{sl, sim})
		}
	}
	slices.SortFunc(cands, func(a, b cand) int {
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(s.stories[a.slot].id, s.stories[b.slot].id)
	})
	var slot int32
	if len(cands) == 0 {
		slot = s.newStory(d.ID, at)
		dec.New = true
	} else {
		slot = cands[0].slot
		dec.Score = cands[0].score
		for _, c := range cands[1:] {
			if c.score < s.opt.MergeThreshold {
				break
			}
			from, into := c.slot, slot
			if s.older(from, into) {
				from, into = into, from
			}
			s.merge(from, into)
			dec.Merges = append(dec.Merges, StoryMerge{From: s.stories[from].id, Into: s.stories[into].id})
			slot = into
		}
	}
	s.join(slot, d.ID, d.Lang, fs, ev, at)
	dec.Story = s.stories[slot].id
	s.sweep(at)
	return dec
}

// Restore puts d into story id as if Add had decided so: the way to
// rebuild the state from the store's (article, story) pairs, fed in the
// order the articles were first added. Merged story ids must be given
// as the story they redirect to.
func (s *Stories) Restore(d Doc, id int64) {
	fs, ev, at := s.features(&d)
	slot, ok := s.byID[id]
	if !ok {
		slot = s.newStory(id, at)
	}
	slot = s.root(slot)
	s.join(slot, d.ID, d.Lang, fs, ev, at)
	s.sweep(at)
}

// Story returns the id of the story article id is in now (after
// merges), and whether the article is known.
func (s *Stories) Story(id int64) (int64, bool) {
	sl, ok := s.articles[id]
	if !ok {
		return 0, false
	}
	return s.stories[s.root(sl)].id, true
}

// Redirect returns the id story id redirects to after merges (id itself
// when it was not merged), and whether the story is known.
func (s *Stories) Redirect(id int64) (int64, bool) {
	sl, ok := s.byID[id]
	if !ok {
		return 0, false
	}
	return s.stories[s.root(sl)].id, true
}

// features returns d's feature vector, the marks of its event and its
// time, counting its terms in the document frequencies.
func (s *Stories) features(d *Doc) ([]feature, events, int64) {
	s.voc.extract(d, &s.c, false)
	fs := s.voc.weigh(&s.c, s.opt.TopTerms)
	ev := s.c.events(d.Text)
	at := d.when().Unix()
	s.latest = max(s.latest, at)
	return fs, ev, at
}

// Similarities returns, for each pair i < j of docs, the score docs[i]
// would get against a story of docs[j] alone (at [i][j]) and the reverse
// (at [j][i]), with the document frequencies seen so far. It decides
// nothing and counts none of the docs (terms not seen before are added
// to the vocabulary, unseen); it is meant for ranking and evaluation.
func (s *Stories) Similarities(docs []Doc) [][]float64 {
	fs := make([][]feature, len(docs))
	sts := make([]story, len(docs))
	evs := make([]events, len(docs))
	var c counts
	for i := range docs {
		s.voc.extract(&docs[i], &c, true)
		fs[i] = s.voc.weigh(&c, s.opt.TopTerms)
		evs[i] = c.events(docs[i].Text)
		at := docs[i].when().Unix()
		st := story{first: at, last: at, langs: docs[i].Lang, vec: map[int32]float32{},
			members: []member{{fs: fs[i], ev: evs[i], lang: docs[i].Lang, at: at}}}
		for _, f := range fs[i] {
			st.vec[f.term] = f.w
			st.norm2[s.voc.kind[f.term]] += float64(f.w) * float64(f.w)
		}
		sts[i] = st
	}
	out := make([][]float64, len(docs))
	for i := range docs {
		out[i] = make([]float64, len(docs))
		for j := range docs {
			if i != j {
				out[i][j], _ = s.score(fs[i], &evs[i], docs[i].Lang, &sts[j], docs[i].when().Unix())
			}
		}
	}
	return out
}

// queryTerms returns the article's features with the highest idf-weights
// per channel: the ones it looks up and is filed under.
func (s *Stories) queryTerms(fs []feature) []int32 {
	var out []int32
	for ch := range uint8(nChan) {
		var part []feature
		for _, f := range fs {
			if s.voc.kind[f.term] == ch {
				part = append(part, f)
			}
		}
		slices.SortFunc(part, func(a, b feature) int {
			if a.w != b.w {
				return cmp.Compare(b.w, a.w)
			}
			return cmp.Compare(a.term, b.term)
		})
		for _, f := range part[:min(len(part), s.opt.QueryTerms)] {
			out = append(out, f.term)
		}
	}
	return out
}

// score is the similarity of an article to a story, times the decay
// with the time between them: within a language the harmonic mean of
// the cosines of the article's words and of its entities and figures
// with the story's sums (within); between languages the cosine of their
// entities and figures alone, discounted when they share fewer than
// three.
func (s *Stories) score(fs []feature, ev *events, lang string, st *story, at int64) (sim float64, cross bool) {
	var dot [nChan]float64
	var self [nChan]float64
	shared := 0
	for _, f := range fs {
		k := s.voc.kind[f.term]
		self[k] += float64(f.w) * float64(f.w)
		if w, ok := st.vec[f.term]; ok {
			dot[k] += float64(f.w) * float64(w)
			if k == chanBridge {
				shared++
			}
		}
	}
	if lang != "" && st.langs != "" && !hasLang(st.langs, lang) {
		cross = true
		if self[chanBridge] > 0 && st.norm2[chanBridge] > 0 {
			sim = dot[chanBridge] / math.Sqrt(self[chanBridge]*st.norm2[chanBridge])
			sim *= min(1, float64(shared)/3)
		}
	} else {
		sim = s.within(dot, self, st.norm2)
	}
	sim *= s.eventFactor(ev, st.members)
	var dt int64
	switch {
	case at < st.first:
		dt = st.first - at
	case at > st.last:
		dt = at - st.last
	}
	return sim * math.Exp2(-float64(dt)/s.opt.HalfLife.Seconds()), cross
}

// least is the least similarity of an article to the latest articles
// of the story in its language (each times the decay with the time
// between them), 1 when there are none; it stops at the first below
// MemberThreshold.
func (s *Stories) least(fs []feature, ev *events, lang string, st *story, at int64) float64 {
	least := 1.0
	for i, m := range st.members {
		if lang != "" && m.lang != "" && m.lang != lang {
			continue
		}
		dt := at - m.at
		if dt < 0 {
			dt = -dt
		}
		least = min(least, s.pairScore(fs, m.fs)*s.eventFactor(ev, st.members[i:i+1])*math.Exp2(-float64(dt)/s.opt.HalfLife.Seconds()))
		if least < s.opt.MemberThreshold {
			break
		}
	}
	return least
}

// pairScore is the within-language similarity of two article vectors
// (each sorted by term).
func (s *Stories) pairScore(a, b []feature) float64 {
	var dot, na, nb [nChan]float64
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j >= len(b) || i < len(a) && a[i].term < b[j].term:
			na[s.voc.kind[a[i].term]] += float64(a[i].w) * float64(a[i].w)
			i++
		case i >= len(a) || b[j].term < a[i].term:
			nb[s.voc.kind[b[j].term]] += float64(b[j].w) * float64(b[j].w)
			j++
		default:
			k := s.voc.kind[a[i].term]
			na[k] += float64(a[i].w) * float64(a[i].w)
			nb[k] += float64(b[j].w) * float64(b[j].w)
			dot[k] += float64(a[i].w) * float64(b[j].w)
			i++
			j++
		}
	}
	return s.within(dot, na, nb)
}

// within combines the per-channel dot products and squared norms of an
// article and a story of its language: the harmonic mean of the cosines
// of words and of entities and figures, weighted by BridgeWeight, so
// that a high score needs both — the words of one event and its names
// or figures. When either side has no entities or figures, the words
// alone count (and the reverse).
func (s *Stories) within(dot, self, other [nChan]float64) float64 {
	cos := func(k int) float64 {
		if self[k] <= 0 || other[k] <= 0 {
			return -1
		}
		return dot[k] / math.Sqrt(self[k]*other[k])
	}
	w, b := cos(chanWord), cos(chanBridge)
	switch {
	case w < 0:
		return max(b, 0)
	case b < 0:
		return w
	case w == 0 || b == 0:
		return 0
	}
	return (1 + s.opt.BridgeWeight) / (1/w + s.opt.BridgeWeight/b)
}

func hasLang(langs, l string) bool {
	for _, x := range strings.Fields(langs) {
		if x == l {
			return true
		}
	}
	return false
}

func (s *Stories) newStory(id, at int64) int32 {
	slot := int32(len(s.stories))
	s.stories = append(s.stories, story{id: id, first: at, last: at, into: -1, vec: map[int32]float32{}})
	s.byID[id] = slot
	return slot
}

// join adds an article's vector to a story and files the story under
// the article's query terms.
func (s *Stories) join(slot int32, id int64, lang string, fs []feature, ev events, at int64) {
	s.articles[id] = slot
	st := &s.stories[slot]
	if lang != "" && !hasLang(st.langs, lang) {
		st.langs = strings.TrimSpace(st.langs + " " + lang)
	}
	if st.vec == nil {
		st.vec = map[int32]float32{}
	}
	for _, f := range fs {
		old := st.vec[f.term]
		nw := old + f.w
		st.vec[f.term] = nw
		st.norm2[s.voc.kind[f.term]] += float64(nw)*float64(nw) - float64(old)*float64(old)
	}
	st.members = append(st.members, member{fs: fs, ev: ev, lang: lang, at: at})
	s.trimMembers(st)
	st.n++
	st.first = min(st.first, at)
	st.last = max(st.last, at)
	h := hours(at)
	for _, t := range s.queryTerms(fs) {
		ps := s.post[t]
		if n := len(ps); n > 0 && ps[n-1].slot == slot && ps[n-1].at == h {
			continue
		}
		// Keep the postings in time order, as articles mostly come.
		i := len(ps)
		for i > 0 && ps[i-1].at > h {
			i--
		}
		s.post[t] = slices.Insert(ps, i, posting{slot, h})
	}
}

// trimMembers keeps the vectors of the story's Members latest articles.
func (s *Stories) trimMembers(st *story) {
	if len(st.members) <= s.opt.Members {
		return
	}
	slices.SortStableFunc(st.members, func(a, b member) int { return cmp.Compare(a.at, b.at) })
	st.members = slices.Delete(st.members, 0, len(st.members)-s.opt.Members)
}

// older reports whether story a began before story b.
func (s *Stories) older(a, b int32) bool {
	sa, sb := &s.stories[a], &s.stories[b]
	if sa.first != sb.first {
		return sa.first < sb.first
	}
	return sa.id < sb.id
}

// merge moves story from into story into.
func (s *Stories) merge(from, into int32) {
	f, t := &s.stories[from], &s.stories[into]
	for term, w := range f.vec {
		t.vec[term] += w
	}
	if f.langs != "" {
		for _, l := range strings.Fields(f.langs) {
			if !hasLang(t.langs, l) {
				t.langs = strings.TrimSpace(t.langs + " " + l)
			}
		}
	}
	// The norms again, in a fixed order: a sum in map order would
	// round differently from run to run.
	terms := slices.Sorted(maps.Keys(t.vec))
	t.norm2 = [nChan]float64{}
	for _, term := range terms {
		w := float64(t.vec[term])
		t.norm2[s.voc.kind[term]] += w * w
	}
	t.members = append(t.members, f.members...)
	s.trimMembers(t)
	f.members = nil
	t.n += f.n
	t.first = min(t.first, f.first)
	t.last = max(t.last, f.last)
	f.vec = nil
	f.into = into
}

// root follows merges from slot to the story it is part of now.
func (s *Stories) root(slot int32) int32 {
	for s.stories[slot].into >= 0 {
		next := s.stories[slot].into
		if nn := s.stories[next].into; nn >= 0 {
			s.stories[slot].into = nn
		}
		slot = next
	}
	return slot
}

// sweep drops, now and then, the vectors of stories no article can join
// any more (last article more than Keep before the latest seen).
func (s *Stories) sweep(at int64) {
	keep := int64(s.opt.Keep / time.Second)
	if s.latest-s.swept < 3600*6 {
		return
	}
	s.swept = s.latest
	for i := range s.stories {
		st := &s.stories[i]
		if st.vec != nil && st.into < 0 && st.last < s.latest-keep {
			st.vec = nil
			st.members = nil
		}
	}
	_ = at
}

// eventFactor is what the quotations and the named days of an article
// and of (the latest articles of) a story multiply their similarity by:
// 1+QuoteBonus when they share a quoted run of words; 1+DateBonus when
// both name days of the month and share one, 1-DatePenalty when they
// share none; 1-WeekdayPenalty when both name days of the week and
// share none.
func (s *Stories) eventFactor(ev *events, ms []member) float64 {
	f := 1.0
	if s.opt.QuoteBonus > 0 && len(ev.quotes) > 0 {
		for i := range ms {
			if sharedU64(ev.quotes, ms[i].ev.quotes) >= 2 {
				f *= 1 + s.opt.QuoteBonus
				break
			}
		}
	}
	if len(ev.days) > 0 && (s.opt.DateBonus > 0 || s.opt.DatePenalty > 0) {
		d := 365
		for i := range ms {
			if len(ms[i].ev.days) > 0 {
				d = min(d, dayDistance(ev.days, ms[i].ev.days))
			}
		}
		switch {
		case d <= dateNear:
			f *= 1 + s.opt.DateBonus
		case d > dateFar && d < 365:
			f *= 1 - s.opt.DatePenalty
		}
	}
	if ev.weekdays != 0 && s.opt.WeekdayPenalty > 0 {
		var wd uint8
		for i := range ms {
			wd |= ms[i].ev.weekdays
		}
		if wd != 0 && wd&ev.weekdays == 0 {
			f *= 1 - s.opt.WeekdayPenalty
		}
	}
	return f
}
