package newsdesk

import (
	"context"
	"time"
)

// A site's template is learnt from the pages newsdesk reads there: the
// blocks of text that recur across many of a site's articles
// (navigation the generic reading lets through, promotions, a newsroom's
// blurb, related-article boxes, cookie and newsletter notes) are the
// site's furniture, not its articles, and reading leaves them out. The
// site is the registrable domain of a page's URL.

// PrintKind says where on a page a fingerprint was taken.
type PrintKind int

const (
	// PrintBlock is a block of text in the page's body.
	PrintBlock PrintKind = iota
	// PrintTitleHead and PrintTitleTail are the first and last segment of
	// a title split at separators (" | ", " - ", " – ", ": "…): "SPIEGEL
	// Politik" in "SPIEGEL Politik: Headline".
	PrintTitleHead
	PrintTitleTail
)

// SitePrint is the fingerprint of one block of a page: a hash of its
// text, normalised (case, whitespace and punctuation left out, every
// number and every name of a month or weekday read alike), so that the
// same box on every page of a site has the same print.
type SitePrint struct {
	Print uint64
	Kind  PrintKind
	// Text is the block's text, for showing what was learnt.
	Text string
}

// SitePage is what one page gives its site to learn: the fingerprints of
// the blocks the generic reading keeps, each once.
type SitePage struct {
	Site string
	// Page identifies the page in the store; a page is learnt once.
	Page int64
	// Time dates the page (published, else fetched): learning counts the
	// pages of a recent window, so that a site's redesign is learnt anew.
	Time   time.Time
	Prints []SitePrint
}

// SiteBlock is one recurring block of a site: on how many of the site's
// pages of the window it was seen, when first and last.
type SiteBlock struct {
	Print  uint64    `json:"print,string"`
	Kind   PrintKind `json:"kind"`
	Pages  int       `json:"pages"`
	First  time.Time `json:"first_seen"`
	Last   time.Time `json:"last_seen"`
	Sample string    `json:"text"`
}

// Learning thresholds: a site needs SiteMinPages pages in its window
// before its template applies; a block is furniture when it is on at
// least SiteMinBlockPages of them and on at least SiteFurnitureShare of
// them. Text an editor writes for one article is not on three; a site's
// boxes often show on a few of its pages only (one section's promotion,
// an old layout's form), so the share asks little, and only of sites
// with many pages.
const (
	SiteMinPages       = 4
	SiteMinBlockPages  = 3
	SiteFurnitureShare = 0.02
)

// SiteWindow is the span of the epochs a site's template counts: the
// epoch of the site's newest page and the one before it. Pages older than
// that no longer count, so furniture that is gone is forgotten and new
// furniture is learnt within two epochs.
const SiteWindow = 60 * 24 * time.Hour

// SiteEpoch returns the learning epoch of a page dated t.
func SiteEpoch(t time.Time) int64 {
	return t.Unix() / int64(SiteWindow/time.Second)
}

// SiteTemplate is what newsdesk has learnt about one site: its pages in
// the window and their recurring blocks.
type SiteTemplate struct {
	Site string `json:"site"`
	// Pages counts the site's pages in the window; Learnt all it has
	// learnt from.
	Pages    int       `json:"pages"`
	Learnt   int       `json:"learnt"`
	First    time.Time `json:"first_seen"`
	Last     time.Time `json:"last_seen"`
	Excluded bool      `json:"excluded"`
	// Blocks are the blocks seen on at least two pages of the window, the
	// most frequent first.
	Blocks []SiteBlock `json:"blocks,omitempty"`

	furniture map[uint64]PrintKind
}

// Applies reports whether the template has learnt enough to change how
// the site's pages read.
func (t *SiteTemplate) Applies() bool {
	return t != nil && !t.Excluded && t.Pages >= SiteMinPages
}

// IsFurniture reports whether a block with this count of pages is the
// site's furniture.
func (t *SiteTemplate) IsFurniture(b SiteBlock) bool {
	return t.Applies() && b.Pages >= SiteMinBlockPages && float64(b.Pages) >= SiteFurnitureShare*float64(t.Pages)
}

// Furniture reports whether print p of kind k is one of the site's
// furniture blocks. It is safe for concurrent use once the template is
// built; Index must have been called after Blocks last changed.
func (t *SiteTemplate) Furniture(p uint64, k PrintKind) bool {
	if t == nil || t.furniture == nil {
		return false
	}
	got, ok := t.furniture[p]
	return ok && got == k
}

// Index prepares the template for Furniture and returns it.
func (t *SiteTemplate) Index() *SiteTemplate {
	t.furniture = make(map[uint64]PrintKind)
	for _, b := range t.Blocks {
		if t.IsFurniture(b) {
			t.furniture[b.Print] = b.Kind
		}
	}
	return t
}

// FurnitureBlocks returns the blocks that are furniture.
func (t *SiteTemplate) FurnitureBlocks() []SiteBlock {
	var out []SiteBlock
	for _, b := range t.Blocks {
		if t.IsFurniture(b) {
			out = append(out, b)
		}
	}
	return out
}

// SiteStore keeps the templates learnt from each site's pages. Learning
// is a function of the set of pages learnt: two stores that learnt the
// same pages, in whatever order, hold the same templates.
type SiteStore interface {
	// LearnSites adds pages to their sites' templates, in one
	// transaction, each page once: learnt[i] says whether pages[i] was
	// learnt now (not before, and not of an excluded site).
	LearnSites(ctx context.Context, pages []SitePage) (learnt []bool, err error)
	// SiteTemplate returns a site's template, indexed for Furniture, or an
	// error wrapping ErrNotFound if nothing was learnt there.
	SiteTemplate(ctx context.Context, site string) (*SiteTemplate, error)
	// Sites lists the sites learnt, without their blocks, the most pages
	// first.
	Sites(ctx context.Context) ([]SiteTemplate, error)
	// ForgetSite drops what was learnt about a site (its exclusion stays).
	ForgetSite(ctx context.Context, site string) error
	// ExcludeSite stops (or, with false, resumes) learning from a site;
	// an excluded site reads as if nothing were learnt.
	ExcludeSite(ctx context.Context, site string, excluded bool) error
}
