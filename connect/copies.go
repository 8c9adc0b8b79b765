package connect

import (
	"cmp"
	"slices"
	"time"
)

// Copy detection, in three steps for each new article:
//
//  1. its text becomes a set of word 5-gram shingles (case folded,
//     punctuation ignored; the title is left out);
//  2. candidates are the articles that share a band of its MinHash
//     signature (Bands bands of two minima each: an article whose
//     shingles overlap by a Jaccard index of 0.3 is a candidate with
//     probability 0.95, one that overlaps by 0.05 with 0.08);
//  3. each candidate is checked on bottom-k sketches of the two shingle
//     sets, restricted to the smaller of their two thresholds, which
//     estimates how much of the shorter text the longer one contains:
//     a trimmed copy, a copy with an update paragraph on top or a
//     site's blurb below is contained in, or contains, its original,
//     while two reporters' articles on one event share a quote or two
//     and little else.
//
// A copy joins its match's copy group; matching articles of several
// groups join them into one. Each group's original is its earliest
// published article (ties by Stored, then ID).

// Defaults of CopyOptions.
const (
	DefaultBands       = 32
	DefaultSketch      = 128
	DefaultContainment = 0.5
	DefaultCover       = 0.3
	DefaultBucketScan  = 64
)

// minhashRows is the number of minima per LSH band.
const minhashRows = 2

// CopyOptions tunes copy detection; the zero value means the defaults.
type CopyOptions struct {
	// Bands is the number of LSH bands (of two MinHash minima each).
	Bands int
	// Sketch is the size of the bottom-k sketch kept per article.
	Sketch int
	// Containment is the least share of the shorter text's shingles
	// (as the sketches estimate it) the longer one must contain.
	Containment float64
	// Cover is the least share of the longer text's shingles the
	// shorter one must contain for a strong match, one that joins copy
	// groups; a weak match adds an article to one group only.
	Cover float64
	// Common is in how many copy groups a shingle must have been seen
	// to be ignored as boilerplate.
	Common int
	// BucketScan caps how many articles of one LSH bucket a new article
	// is compared with (the newest); it bounds the cost of boilerplate
	// that many texts share.
	BucketScan int
}

func (o CopyOptions) withDefaults() CopyOptions {
	if o.Bands <= 0 {
		o.Bands = DefaultBands
	}
	if o.Sketch <= 0 {
		o.Sketch = DefaultSketch
	}
	if o.Containment <= 0 {
		o.Containment = DefaultContainment
	}
	if o.Cover <= 0 {
		o.Cover = DefaultCover
	}
	if o.Common <= 0 {
		o.Common = DefaultCommon
	}
	if o.BucketScan <= 0 {
		o.BucketScan = DefaultBucketScan
	}
	return o
}

// CopyDecision is what Copies decided for an article.
type CopyDecision struct {
	// ID is the article's id.
	ID int64
	// Original is the id of the original of the article's copy group:
	// the article itself when it is the earliest.
	Original int64
	// CopyOf is Original, or 0 when the article is its group's original
	// (the store's copy_of is then null).
	CopyOf int64
	// Matches are the articles the text was found to be a copy of (or
	// to be copied by), ascending.
	Matches []int64
	// Changes lists the groups whose original changed because this
	// article arrived: every article whose original was From (From
	// included) now has the original To. To is this article when it is
	// earlier than the groups it joined, or the earliest original of
	// groups it joined into one.
	Changes []OriginalChange
}

// OriginalChange says that the articles of the copy group whose original
// was From now have the original To.
type OriginalChange struct{ From, To int64 }

// Copies detects copies incrementally. The zero value is not usable:
// call NewCopies.
type Copies struct {
	opt   CopyOptions
	index map[int64]int32 // article id → slot
	docs  []copyDoc
	// sketches holds the bottom-k sketch of slot i at
	// sketches[i*opt.Sketch:][:docs[i].nsketch].
	sketches []uint32
	buckets  map[uint32]int32 // band key → newest node + 1
	nodes    []bucketNode
	seen     []uint32 // per slot: the query it was last seen by
	// common counts, in a count-min sketch, in how many copy groups a
	// sketch value has been seen (an article that starts a group adds its
	// values): a value in many groups is boilerplate (an agency's
	// copyright line, a site's blurb) and no evidence of copying.
	common [commonRows][commonSize]uint8
	query  uint32

	// scratch
	words, shing []uint64
	mins         []uint32
}

type copyDoc struct {
	id      int64
	when    int64 // Published (or Stored), unix ns
	stored  int64
	parent  int32 // union-find; a root is its own parent
	orig    int32 // for a root: the slot of the group's original
	nsketch uint16
	full    bool // the sketch holds every shingle
}

// placeholder is the time of a slot made for an original named by a
// loaded article before the original itself is loaded.
const placeholder = 1<<63 - 1

// The count-min sketch of common shingles.
const (
	commonRows = 2
	commonSize = 1 << 20
)

// DefaultCommon is the default of CopyOptions.Common.
const DefaultCommon = 6

func commonSlot(v uint32, row int) uint32 {
	return uint32(mix64(uint64(v)^uint64(row+1)<<40)) & (commonSize - 1)
}

// isCommon reports whether sketch value v was seen in at least
// opt.Common groups.
func (c *Copies) isCommon(v uint32) bool {
	for r := range commonRows {
		if int(c.common[r][commonSlot(v, r)]) < c.opt.Common {
			return false
		}
	}
	return true
}

// count adds the sketch values of slot s to the counts of groups.
func (c *Copies) count(s int32) {
	for _, v := range c.sketch(s) {
		for r := range commonRows {
			p := &c.common[r][commonSlot(v, r)]
			if *p < 255 {
				*p++
			}
		}
	}
}

type bucketNode struct{ slot, next int32 }

// NewCopies returns an empty copy detector.
func NewCopies(opt CopyOptions) *Copies {
	opt = opt.withDefaults()
	return &Copies{opt: opt, index: map[int64]int32{}, buckets: map[uint32]int32{}}
}

// Len returns the number of articles added or loaded.
func (c *Copies) Len() int { return len(c.docs) }

// Add decides whether d is a copy of an article added before and adds it.
// Adding an ID again returns its current group and changes nothing.
func (c *Copies) Add(d Doc) CopyDecision {
	return c.AddSigned(d.ID, d.when(), d.Stored, c.Sign(d.Text))
}

// AddSigned is Add for an article whose signature is already made.
func (c *Copies) AddSigned(id int64, published, stored time.Time, sig Signature) CopyDecision {
	if s, ok := c.index[id]; ok {
		o := c.docs[c.docs[c.find(s)].orig].id
		dec := CopyDecision{ID: id, Original: o}
		if o != id {
			dec.CopyOf = o
		}
		return dec
	}
	if published.IsZero() {
		published = stored
	}
	slot := c.insert(id, published, stored, sig)
	dec := CopyDecision{ID: id}
	if !sig.empty() {
		c.query++
		if c.query == 0 {
			clear(c.seen)
			c.query = 1
		}
		c.seen[slot] = c.query
		// Strong matches (the texts largely the same) join groups; a weak
		// one (one text a small part of the other: a trimmed copy, or a
		// page that collects many leads) joins the new article to one
		// group only, the best, and only when there is no strong match.
		var roots []int32
		weak, weakInter := int32(-1), 0
		for _, key := range sig.bands {
			n, steps := c.buckets[key], 0
			for n > 0 && steps < c.opt.BucketScan {
				nd := c.nodes[n-1]
				n, steps = nd.next, steps+1
				if c.seen[nd.slot] == c.query {
					continue
				}
				c.seen[nd.slot] = c.query
				m, inter := c.compare(slot, nd.slot)
				switch m {
				case strongMatch:
					dec.Matches = append(dec.Matches, c.docs[nd.slot].id)
					roots = append(roots, c.find(nd.slot))
				case weakMatch:
					r := c.find(nd.slot)
					if inter > weakInter || inter == weakInter && r < weak {
						weak, weakInter = r, inter
					}
					dec.Matches = append(dec.Matches, c.docs[nd.slot].id)
				}
			}
		}
		if len(roots) == 0 && weak >= 0 {
			roots = append(roots, weak)
		}
		slices.Sort(dec.Matches)
		slices.Sort(roots)
		roots = slices.Compact(roots)
		olds := make([]int32, len(roots))
		for i, r := range roots {
			olds[i] = c.docs[r].orig
		}
		for _, r := range roots {
			c.union(slot, r)
		}
		// The groups whose original changed: every group joined, unless
		// its original stays the original of the whole.
		orig := c.docs[c.find(slot)].orig
		for _, o := range olds {
			if o != orig {
				dec.Changes = append(dec.Changes, OriginalChange{From: c.docs[o].id, To: c.docs[orig].id})
			}
		}
		slices.SortFunc(dec.Changes, func(a, b OriginalChange) int { return cmp.Compare(a.From, b.From) })
		c.indexBands(slot, sig)
		if len(roots) == 0 {
			c.count(slot)
		}
	}
	o := c.docs[c.docs[c.find(slot)].orig].id
	dec.Original = o
	if o != id {
		dec.CopyOf = o
	}
	return dec
}

// insert adds an article's slot, its own group, and its sketch.
func (c *Copies) insert(id int64, published, stored time.Time, sig Signature) int32 {
	slot := int32(len(c.docs))
	c.index[id] = slot
	k := c.opt.Sketch
	sk := sig.sketch
	if len(sk) > k {
		sk = sk[:k]
	}
	c.docs = append(c.docs, copyDoc{
		id: id, when: published.UnixNano(), stored: stored.UnixNano(),
		parent: slot, orig: slot, nsketch: uint16(len(sk)), full: sig.full && len(sig.sketch) <= k,
	})
	c.sketches = append(c.sketches, sk...)
	c.sketches = append(c.sketches, make([]uint32, k-len(sk))...)
	c.seen = append(c.seen, 0)
	return slot
}

// indexBands files slot under each of its band keys.
func (c *Copies) indexBands(slot int32, sig Signature) {
	for _, key := range sig.bands {
		c.nodes = append(c.nodes, bucketNode{slot: slot, next: c.buckets[key]})
		c.buckets[key] = int32(len(c.nodes))
	}
}

// sketch returns the bottom-k sketch of slot s.
func (c *Copies) sketch(s int32) []uint32 {
	k := c.opt.Sketch
	return c.sketches[int(s)*k:][:c.docs[s].nsketch]
}

type match int

const (
	noMatch match = iota
	weakMatch
	strongMatch
)

// compare checks two candidates on their sketches: both are cut at the
// lower of their thresholds (the largest hash a full sketch keeps), so
// that what is left are samples of the two shingle sets taken alike;
// the share of the smaller sample found in the other estimates the
// containment of the shorter text in the longer, the share of the
// larger how much of the longer text the shorter covers. It returns the
// kind of match and the size of the samples' intersection.
func (c *Copies) compare(a, b int32) (match, int) {
	sa, sb := c.sketch(a), c.sketch(b)
	if len(sa) == 0 || len(sb) == 0 {
		return noMatch, 0
	}
	t := ^uint32(0)
	if !c.docs[a].full {
		t = sa[len(sa)-1]
	}
	if !c.docs[b].full && sb[len(sb)-1] < t {
		t = sb[len(sb)-1]
	}
	na, nb, inter := 0, 0, 0
	i, j := 0, 0
	for i < len(sa) && sa[i] <= t || j < len(sb) && sb[j] <= t {
		switch {
		case j >= len(sb) || sb[j] > t || i < len(sa) && sa[i] < sb[j]:
			if !c.isCommon(sa[i]) {
				na++
			}
			i++
		case i >= len(sa) || sa[i] > t || sa[i] > sb[j]:
			if !c.isCommon(sb[j]) {
				nb++
			}
			j++
		default:
			if !c.isCommon(sa[i]) {
				na++
				nb++
				inter++
			}
			i++
			j++
		}
	}
	small := min(na, nb)
	if small == 0 || inter == 0 {
		return noMatch, 0
	}
	// A sample of one or two is trusted only when it is all a text has.
	if inter < 3 && !(c.docs[a].full && na == inter || c.docs[b].full && nb == inter) {
		return noMatch, 0
	}
	if float64(inter) < c.opt.Containment*float64(small) {
		return noMatch, 0
	}
	if float64(inter) >= c.opt.Cover*float64(max(na, nb)) {
		return strongMatch, inter
	}
	return weakMatch, inter
}

// find returns the root of slot s's group, halving the path.
func (c *Copies) find(s int32) int32 {
	for c.docs[s].parent != s {
		p := c.docs[s].parent
		c.docs[s].parent = c.docs[p].parent
		s = c.docs[s].parent
	}
	return s
}

// union joins the groups of a and b and returns the new root; the root
// keeps the earlier of the two originals.
func (c *Copies) union(a, b int32) int32 {
	ra, rb := c.find(a), c.find(b)
	if ra == rb {
		return ra
	}
	if ra > rb {
		ra, rb = rb, ra
	}
	c.docs[rb].parent = ra
	if c.earlier(c.docs[rb].orig, c.docs[ra].orig) {
		c.docs[ra].orig = c.docs[rb].orig
	}
	return ra
}

// earlier reports whether slot a's article comes before slot b's: by
// publication, then storage, then id.
func (c *Copies) earlier(a, b int32) bool {
	da, db := &c.docs[a], &c.docs[b]
	if da.when != db.when {
		return da.when < db.when
	}
	if da.stored != db.stored {
		return da.stored < db.stored
	}
	return da.id < db.id
}

// Original returns the id of the original of article id's copy group
// and whether id is known.
func (c *Copies) Original(id int64) (int64, bool) {
	s, ok := c.index[id]
	if !ok {
		return 0, false
	}
	return c.docs[c.docs[c.find(s)].orig].id, true
}

// Load adds an article whose copy group the store already knows, without
// deciding anything: copyOf is its stored copy_of (0 for an original or
// an article without copies). Loading every article of the store, in any
// order, rebuilds the state that adding them one by one left, so that
// later Adds decide as they would have.
func (c *Copies) Load(id int64, published, stored time.Time, sig Signature, copyOf int64) {
	if published.IsZero() {
		published = stored
	}
	slot, ok := c.index[id]
	switch {
	case !ok:
		slot = c.insert(id, published, stored, sig)
	case c.docs[slot].when == placeholder:
		// Named as the original of an article loaded before it.
		d := &c.docs[slot]
		d.when, d.stored = published.UnixNano(), stored.UnixNano()
		sk := sig.sketch[:min(len(sig.sketch), c.opt.Sketch)]
		copy(c.sketches[int(slot)*c.opt.Sketch:], sk)
		d.nsketch = uint16(len(sk))
		d.full = sig.full && len(sig.sketch) <= c.opt.Sketch
		if r := c.find(slot); c.earlier(slot, c.docs[r].orig) {
			c.docs[r].orig = slot
		}
	default:
		return
	}
	if !sig.empty() {
		c.indexBands(slot, sig)
		if copyOf == 0 || copyOf == id {
			c.count(slot)
		}
	}
	if copyOf == 0 || copyOf == id {
		return
	}
	o, ok := c.index[copyOf]
	if !ok {
		// The original is loaded later: a placeholder slot keeps the
		// group until it comes.
		o = c.insert(copyOf, time.Time{}, time.Time{}, Signature{})
		c.docs[o].when, c.docs[o].stored = placeholder, placeholder
	}
	c.union(slot, o)
}
