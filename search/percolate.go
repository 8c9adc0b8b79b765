package search

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"newsdesk"
	"newsdesk/lang"
	"newsdesk/search/analysis"
)

// ErrBadQuery is returned by Percolator.Add for a query that cannot
// stand as an alert: one that matches every article, one that can match
// none (text with nothing to look up, an unknown language), or one with
// a date range.
var ErrBadQuery = errors.New("search: bad standing query")

// Percolator matches articles against standing queries (the queries of
// alerts) as they arrive: Match tells which of its queries an article
// matches, exactly as Index.Search with each query would find the
// article in an index that holds it — the same analysis and stems by
// language, phrases, OR and NOT, fields and tags — without searching an
// index.
//
// Each query is compiled as Search compiles it, to the MATCH expression
// FTS5 would be given for each analysis (German, English, neutral), and
// filed in a reverse index under a few of the expression's tokens, at
// least one of which every matching article holds (for an AND the
// rarest-looking of its parts', for an OR those of all its branches;
// tags count as tokens). Match analyses the article once, as the index
// does, looks up its tokens, and evaluates only the queries filed under
// them, and the few that no token can select (negations only), against
// the positions of its tokens in each column.
//
// A Percolator is safe for concurrent use: Match calls run side by side,
// Add and Remove wait for them.
type Percolator struct {
	mu     sync.RWMutex
	slots  []*standing           // by slot; nil when free
	free   []int32               // free slots
	byID   map[int64]int32       // query id → slot
	idx    [3]map[string][]int32 // by analysis (see analysisSlot): token → slots
	always []int32               // slots evaluated for every article
	work   sync.Pool             // *percolation
}

// standing is a query as the Percolator keeps it.
type standing struct {
	id int64
	// everywhere says the query is matched against every article but
	// those its exclusions name (a query of negations only).
	everywhere bool
	parts      [3]standingPart // by analysis (see analysisSlot)
	// keys are the tokens it is filed under, by analysis.
	keys [3][]string
}

// standingPart is what a query asks of the articles of one analysis,
// as the part of Search for that analysis's fts table does.
type standingPart struct {
	searched bool     // the table is searched at all
	match    *ftsExpr // nil: no positive part
	exclude  *ftsExpr // nil: excludes nothing
}

// analysisSlot returns the index of an analysis in analyses.
func analysisSlot(an string) int {
	switch an {
	case analysis.German:
		return 0
	case analysis.English:
		return 1
	}
	return 2
}

// NewPercolator returns a Percolator without queries.
func NewPercolator() *Percolator {
	p := &Percolator{byID: map[int64]int32{}}
	for i := range p.idx {
		p.idx[i] = map[string][]int32{}
	}
	p.work.New = func() any { return &percolation{doc: newFTSDoc()} }
	return p
}

// Add adds the standing query q under id, replacing the query added
// under id before. Of q it reads Text (in the search syntax) and the
// filters Language, SourceID, Author, Entity, Speaker, Agency and Story;
// Sort, Limit, Cursor, Facets, Collapse and Stories change no set of
// hits and are ignored. The error wraps ErrBadQuery for a query that
// would match every article (no text and no filter), one that can match
// none (text with nothing to look up, as Search answers with no hits;
// an unknown language), and one with From or To, which a standing query
// does not keep. On an error the query added under id before, if any,
// stays.
func (p *Percolator) Add(id int64, q newsdesk.Query) error {
	s, err := newStanding(id, q)
	if err != nil {
		return err
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.remove(id)
	var slot int32
	if n := len(p.free); n > 0 {
		slot, p.free = p.free[n-1], p.free[:n-1]
		p.slots[slot] = s
	} else {
		slot = int32(len(p.slots))
		p.slots = append(p.slots, s)
	}
	p.byID[id] = slot
	if s.everywhere {
		p.always = append(p.always, slot)
		return nil
	}
	for i, keys := range s.keys {
		for _, k := range keys {
			p.idx[i][k] = append(p.idx[i][k], slot)
		}
	}
	return nil
}

// Remove removes the query added under id, if there is one.
func (p *Percolator) Remove(id int64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.remove(id)
}

func (p *Percolator) remove(id int64) {
	slot, ok := p.byID[id]
	if !ok {
		return
	}
	s := p.slots[slot]
	delete(p.byID, id)
	p.slots[slot] = nil
	p.free = append(p.free, slot)
	drop := func(l []int32) []int32 {
		if i := slices.Index(l, slot); i >= 0 {
			l = slices.Delete(l, i, i+1)
		}
		return l
	}
	if s.everywhere {
		p.always = drop(p.always)
		return
	}
	for i, keys := range s.keys {
		for _, k := range keys {
			if l := drop(p.idx[i][k]); len(l) > 0 {
				p.idx[i][k] = l
			} else {
				delete(p.idx[i], k)
			}
		}
	}
}

// Len returns the number of queries.
func (p *Percolator) Len() int {
	p.mu.RLock()
	defer p.mu.RUnlock()
	return len(p.byID)
}

// percolation is the work of one Match: the article's row and the
// slots seen.
type percolation struct {
	doc   *ftsDoc
	seen  []uint64
	cands []*standing
}

// Match returns the ids of the queries that a matches, in ascending
// order, nil if none: those for which Index.Search would find a in an
// index that holds it, filed under tags (what the index's SetTags
// function gives for a; its CopyOf and Story when the index has none).
func (p *Percolator) Match(a *newsdesk.StoredArticle, tags newsdesk.ArticleTags) []int64 {
	if a == nil {
		return nil
	}
	d, _ := analyseArticle(a, tags)
	w := p.work.Get().(*percolation)
	defer p.work.Put(w)
	w.doc.setColumns(&d.fts)
	an := analysisSlot(analysis.Lang(d.lang))

	// The candidates: the queries filed under a token of the article,
	// and those filed under none.
	p.mu.RLock()
	n := (len(p.slots) + 63) / 64
	if cap(w.seen) < n {
		w.seen = make([]uint64, n)
	}
	w.seen = w.seen[:n]
	clear(w.seen)
	w.cands = w.cands[:0]
	take := func(slot int32) {
		if w.seen[slot/64]&(1<<(slot%64)) == 0 {
			w.seen[slot/64] |= 1 << (slot % 64)
			w.cands = append(w.cands, p.slots[slot])
		}
	}
	idx := p.idx[an]
	for _, t := range w.doc.toks {
		for _, slot := range idx[t] {
			take(slot)
		}
	}
	for _, slot := range p.always {
		take(slot)
	}
	p.mu.RUnlock()

	// The queries are not changed once added: they are evaluated
	// without the lock.
	var out []int64
	for _, s := range w.cands {
		if s.matches(an, w.doc) {
			out = append(out, s.id)
		}
	}
	clear(w.cands)
	slices.Sort(out)
	return out
}

// matches reports whether the row d of an article of analysis an (see
// analysisSlot) is a hit of s.
func (s *standing) matches(an int, d *ftsDoc) bool {
	pt := &s.parts[an]
	if s.everywhere {
		return pt.exclude == nil || !pt.exclude.eval(d)
	}
	if !pt.searched || pt.match == nil || !pt.match.eval(d) {
		return false
	}
	return pt.exclude == nil || !pt.exclude.eval(d)
}

// newStanding compiles q as Search does: the analyses searched, and for
// each the MATCH expression of its hits (text and filters) and the one
// of the articles its negations exclude.
func newStanding(id int64, q newsdesk.Query) (*standing, error) {
	if !q.From.IsZero() || !q.To.IsZero() {
		return nil, fmt.Errorf("%w: a standing query has no date range", ErrBadQuery)
	}
	root := parseQuery(q.Text)
	langs := analyses
	code := lang.Normalize(q.Language)
	if q.Language != "" && code == "" {
		return nil, fmt.Errorf("%w: unknown language %q", ErrBadQuery, q.Language)
	}
	if code == "" {
		code = topLang(root)
	}
	if code != "" {
		langs = []string{analysis.Lang(code)}
	}
	s := &standing{id: id}
	var first string // the first analysis's match, as Search reads it
	for i, an := range langs {
		c := compile(root, []string{an})
		if strings.TrimSpace(q.Text) != "" && c.match == "" && c.exclude == "" {
			return nil, fmt.Errorf("%w: %q has nothing to look up", ErrBadQuery, q.Text)
		}
		match := c.match
		if q.SourceID != 0 {
			match = andMatch(match, quote(sourceTag(q.SourceID)))
		}
		if v := strings.TrimSpace(q.Outlet); v != "" {
			m := outletMatch(v, nil)
			if m == "" {
				return nil, fmt.Errorf("%w: outlet %q has nothing to look up", ErrBadQuery, q.Outlet)
			}
			match = andMatch(match, m)
		}
		if e := strings.TrimSpace(q.Entity); e != "" {
			match = andMatch(match, quote(entityTag(e)))
		}
		if e := strings.TrimSpace(q.Speaker); e != "" {
			match = andMatch(match, quote(speakerTag(e)))
		}
		if a := agencyTag(q.Agency); a != agencyTag("") {
			match = andMatch(match, quote(a))
		}
		if q.Story > 0 {
			match = andMatch(match, quote(storyTag(q.Story)))
		}
		if q.Author != "" {
			if ts := analysis.Terms(analysis.Neutral, q.Author, nil); len(ts) > 0 {
				match = andMatch(match, "authors : "+quote(strings.Join(ts, " ")))
			}
		}
		if q.Language != "" {
			if l := lang.Normalize(q.Language); match == "" || l != an || an == analysis.Neutral {
				match = andMatch(match, quote(langTag(l)))
			}
		}
		if i == 0 {
			first = match
		}
		pt := &s.parts[analysisSlot(an)]
		pt.searched = true
		var err error
		if match != "" {
			if pt.match, err = parseFTS(match); err != nil {
				return nil, err
			}
		}
		if c.exclude != "" {
			if pt.exclude, err = parseFTS(c.exclude); err != nil {
				return nil, err
			}
		}
	}
	if first == "" {
		// Search then takes every article but the excluded ones.
		s.everywhere = true
		for _, pt := range s.parts {
			if pt.exclude != nil {
				return s, nil
			}
		}
		return nil, fmt.Errorf("%w: it matches every article", ErrBadQuery)
	}
	some := false
	for i, pt := range s.parts {
		if !pt.searched || pt.match == nil {
			continue
		}
		keys, _ := pt.match.need()
		slices.Sort(keys)
		s.keys[i] = slices.Compact(keys)
		some = some || len(keys) > 0
	}
	if !some {
		return nil, fmt.Errorf("%w: %q can match no article", ErrBadQuery, q.Text)
	}
	return s, nil
}
