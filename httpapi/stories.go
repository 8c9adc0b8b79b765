package httpapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"newsdesk"
)

// MaxSearchStories is how many stories of its hits a search with q
// lists at most (GET /api/stories?q=).
const MaxSearchStories = 300

// StoryQuery is what GET /api/stories asks: the filter of the store's
// listing and, when Text is set, a search whose hits' stories it keeps.
type StoryQuery struct {
	newsdesk.StoryFilter
	// Text is the q parameter, in the search syntax.
	Text string
}

// ParseStoryQuery reads the parameters of GET /api/stories (and of the
// web UI's stories page): q (a search: the stories of its hits), entity
// (an entity ID), lang, from and to (the stories updated within; dates
// as 2006-01-02 or RFC 3339, a date-only "to" includes that day), limit
// (1–100, default 20) and cursor. A bad value is an error meant for the
// user.
func ParseStoryQuery(v url.Values) (StoryQuery, error) {
	q := StoryQuery{Text: strings.TrimSpace(v.Get("q"))}
	q.Entity = strings.TrimSpace(v.Get("entity"))
	q.Language = strings.ToLower(strings.TrimSpace(v.Get("lang")))
	q.Cursor = strings.TrimSpace(v.Get("cursor"))
	if len(q.Text) > 1000 {
		return q, errors.New("q: the query is longer than 1000 bytes")
	}
	var err error
	if q.From, err = parseDate(v.Get("from"), false); err != nil {
		return q, fmt.Errorf("from: %w", err)
	}
	if q.To, err = parseDate(v.Get("to"), true); err != nil {
		return q, fmt.Errorf("to: %w", err)
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return q, errors.New("from must be before to")
	}
	if q.Limit, err = parseLimit(v, DefaultLimit); err != nil {
		return q, err
	}
	return q, nil
}

// ListStories lists the stories q selects, most recently updated first.
// With q.Text, the index is searched (with q's language as a filter) and
// the stories of up to MaxSearchStories of the hits, best first, are
// listed; without a hit the list is empty.
func ListStories(ctx context.Context, st newsdesk.Store, ix newsdesk.Index, q StoryQuery) (*newsdesk.StoryList, error) {
	f := q.StoryFilter
	if q.Text != "" {
		res, err := ix.Search(ctx, newsdesk.Query{Text: q.Text, Language: f.Language, Entity: f.Entity, Limit: 1, Stories: MaxSearchStories})
		if err != nil {
			return nil, err
		}
		f.IDs = make([]int64, 0, len(res.Stories))
		for _, s := range res.Stories {
			f.IDs = append(f.IDs, s.Story)
		}
		if len(f.IDs) == 0 {
			return &newsdesk.StoryList{Stories: []newsdesk.Story{}}, nil
		}
	}
	return st.Stories(ctx, f)
}

func (a *API) listStories(w http.ResponseWriter, r *http.Request) {
	q, err := ParseStoryQuery(r.URL.Query())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	list, err := ListStories(r.Context(), a.cfg.Store, a.cfg.Index, q)
	switch {
	case IsBadCursor(err):
		WriteProblem(w, r, http.StatusBadRequest, "cursor: not one this API made")
	case IsBadQuery(err):
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
	case err != nil:
		a.internal(w, r, "list stories", err)
	default:
		writeJSON(w, http.StatusOK, list)
	}
}

// StoryBody is the body of GET /api/stories/{id}: the story with its
// articles, quotations and figures, its coverage by outlet over time,
// and its copy groups.
type StoryBody struct {
	*newsdesk.StoryDetail
	Coverage   Coverage    `json:"coverage"`
	CopyGroups []CopyGroup `json:"copy_groups"`
}

// Coverage is a story's articles counted per outlet and time bucket:
// hours when the story spans at most HourlyCoverageSpan, days
// otherwise (UTC).
type Coverage struct {
	// Bucket is "hour" or "day".
	Bucket string `json:"bucket"`
	// Start is the start of the first bucket, End that of the one
	// after the last: Buckets buckets.
	Start   time.Time `json:"start"`
	End     time.Time `json:"end"`
	Buckets int       `json:"buckets"`
	// Outlets are the sites, the first to report first.
	Outlets []OutletCoverage `json:"outlets"`
}

// OutletCoverage is one outlet's part of a story.
type OutletCoverage struct {
	Site string `json:"site"`
	// First is when its first article of the story was published.
	First time.Time `json:"first"`
	// Articles counts its articles, Copies those of them that are
	// copies of another article.
	Articles int `json:"articles"`
	Copies   int `json:"copies"`
	// OnlyCopies is set when every article of the outlet is a copy.
	OnlyCopies bool `json:"only_copies"`
	// Counts are its buckets with articles, in time order.
	Counts []BucketCount `json:"counts"`
}

// BucketCount is what one outlet published in one bucket.
type BucketCount struct {
	// Bucket is the bucket's number from Coverage.Start, Time its start.
	Bucket    int       `json:"bucket"`
	Time      time.Time `json:"time"`
	Originals int       `json:"originals"`
	Copies    int       `json:"copies"`
}

// HourlyCoverageSpan is the longest span of a story whose coverage is
// counted by the hour.
const HourlyCoverageSpan = 72 * time.Hour

// maxCoverageBuckets caps the buckets of a coverage: the latest are
// kept.
const maxCoverageBuckets = 400

// StoryCoverage counts the articles of a story (with their publication
// times; those without are left out) per outlet and bucket.
func StoryCoverage(arts []newsdesk.StoryArticle) Coverage {
	c := Coverage{Bucket: "hour", Outlets: []OutletCoverage{}}
	var first, last time.Time
	for _, a := range arts {
		if a.Published.IsZero() {
			continue
		}
		p := a.Published.UTC()
		if first.IsZero() || p.Before(first) {
			first = p
		}
		if p.After(last) {
			last = p
		}
	}
	if first.IsZero() {
		return c
	}
	size := time.Hour
	if last.Sub(first) > HourlyCoverageSpan {
		c.Bucket, size = "day", 24*time.Hour
	}
	c.Start = first.Truncate(size)
	c.Buckets = int(last.Truncate(size).Sub(c.Start)/size) + 1
	if c.Buckets > maxCoverageBuckets {
		c.Start = c.Start.Add(time.Duration(c.Buckets-maxCoverageBuckets) * size)
		c.Buckets = maxCoverageBuckets
	}
	c.End = c.Start.Add(time.Duration(c.Buckets) * size)
	at := map[string]int{}
	for _, a := range arts {
		if a.Published.IsZero() {
			continue
		}
		p := a.Published.UTC()
		site := cmp.Or(a.Site, "unknown")
		i, ok := at[site]
		if !ok {
			i = len(c.Outlets)
			at[site] = i
			c.Outlets = append(c.Outlets, OutletCoverage{Site: site, First: p})
		}
		o := &c.Outlets[i]
		if p.Before(o.First) {
			o.First = p
		}
		o.Articles++
		if a.CopyOf != 0 {
			o.Copies++
		}
		if p.Before(c.Start) {
			continue
		}
		b := int(p.Truncate(size).Sub(c.Start) / size)
		j := slices.IndexFunc(o.Counts, func(x BucketCount) bool { return x.Bucket == b })
		if j < 0 {
			o.Counts = append(o.Counts, BucketCount{Bucket: b, Time: c.Start.Add(time.Duration(b) * size)})
			j = len(o.Counts) - 1
		}
		if a.CopyOf != 0 {
			o.Counts[j].Copies++
		} else {
			o.Counts[j].Originals++
		}
	}
	for i := range c.Outlets {
		o := &c.Outlets[i]
		o.OnlyCopies = o.Copies == o.Articles
		if o.Counts == nil {
			o.Counts = []BucketCount{}
		}
		slices.SortFunc(o.Counts, func(x, y BucketCount) int { return cmp.Compare(x.Bucket, y.Bucket) })
	}
	slices.SortStableFunc(c.Outlets, func(x, y OutletCoverage) int { return x.First.Compare(y.First) })
	return c
}

// CopyGroup is an original of a story with the articles that copy it,
// earliest first.
type CopyGroup struct {
	Original newsdesk.StoryArticle   `json:"original"`
	Copies   []newsdesk.StoryArticle `json:"copies"`
}

// StoryCopyGroups returns the copy groups among a story's articles
// (earliest first), the group of the earliest original first. An
// original that is not among arts is given by its ID only.
func StoryCopyGroups(arts []newsdesk.StoryArticle) []CopyGroup {
	byID := map[int64]newsdesk.StoryArticle{}
	for _, a := range arts {
		byID[a.ID] = a
	}
	var out []CopyGroup
	at := map[int64]int{}
	for _, a := range arts {
		if a.CopyOf == 0 {
			continue
		}
		o := int64(a.CopyOf)
		i, ok := at[o]
		if !ok {
			orig, ok := byID[o]
			if !ok {
				orig = newsdesk.StoryArticle{ID: o}
			}
			i = len(out)
			at[o] = i
			out = append(out, CopyGroup{Original: orig})
		}
		out[i].Copies = append(out[i].Copies, a)
	}
	slices.SortStableFunc(out, func(x, y CopyGroup) int { return x.Original.Published.Compare(y.Original.Published) })
	if out == nil {
		out = []CopyGroup{}
	}
	return out
}

// StoryDetail reads story id with its coverage and copy groups. A story
// merged into another gives the other: its ID tells.
func StoryDetail(ctx context.Context, st newsdesk.Store, id int64) (*StoryBody, error) {
	d, err := st.Story(ctx, id)
	if err != nil {
		return nil, err
	}
	if d.Quotes == nil {
		d.Quotes = []newsdesk.QuoteHit{}
	}
	return &StoryBody{StoryDetail: d, Coverage: StoryCoverage(d.ArticleList), CopyGroups: StoryCopyGroups(d.ArticleList)}, nil
}

func (a *API) getStory(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	body, err := StoryDetail(r.Context(), a.cfg.Store, id)
	switch {
	case errors.Is(err, newsdesk.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no story with ID %d", id))
	case err != nil:
		a.internal(w, r, "read story", err)
	case body.ID != id:
		// Merged into another: that one answers.
		http.Redirect(w, r, "/api/stories/"+strconv.FormatInt(body.ID, 10), http.StatusPermanentRedirect)
	default:
		writeJSON(w, http.StatusOK, body)
	}
}

// readJSON decodes the request body into v, which must be one JSON
// object of v's fields; it answers 400 or 413 and returns false when it
// is not.
func readJSON(w http.ResponseWriter, r *http.Request, v any, want string) bool {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var tl *http.MaxBytesError
		if errors.As(err, &tl) {
			tooLarge(w, r)
			return false
		}
		WriteProblem(w, r, http.StatusBadRequest, "want a JSON object "+want+": "+err.Error())
		return false
	}
	return true
}

// mergeStory carries out POST /api/stories/{id}/merge {"into": ID}: the
// articles of the story go to story into, and id redirects there.
func (a *API) mergeStory(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var body struct {
		Into int64 `json:"into"`
	}
	if !readJSON(w, r, &body, `{"into": ID}`) {
		return
	}
	if body.Into <= 0 {
		WriteProblem(w, r, http.StatusBadRequest, "into: want the ID of a story")
		return
	}
	err := a.cfg.Store.MergeStories(r.Context(), id, body.Into)
	switch {
	case errors.Is(err, newsdesk.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, err.Error())
	case errors.Is(err, newsdesk.ErrExists):
		WriteProblem(w, r, http.StatusUnprocessableEntity, fmt.Sprintf("story %d is story %d already", id, body.Into))
	case err != nil:
		a.internal(w, r, "merge stories", err)
	default:
		writeJSON(w, http.StatusOK, map[string]int64{"id": id, "into": body.Into})
	}
}

// splitStory carries out POST /api/stories/{id}/split {"articles":
// [IDs]}: the articles become a story of their own, whose ID is the
// lowest of theirs.
func (a *API) splitStory(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(w, r)
	if !ok {
		return
	}
	var body struct {
		Articles []int64 `json:"articles"`
	}
	if !readJSON(w, r, &body, `{"articles": [IDs]}`) {
		return
	}
	cs := a.cfg.Store
	// The store refuses what cannot be split; the user is told why.
	d, err := cs.Story(r.Context(), id)
	if errors.Is(err, newsdesk.ErrNotFound) {
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no story with ID %d", id))
		return
	}
	if err != nil {
		a.internal(w, r, "read story", err)
		return
	}
	if msg := splitProblem(d, body.Articles); msg != "" {
		WriteProblem(w, r, http.StatusUnprocessableEntity, msg)
		return
	}
	nid, err := cs.SplitStory(r.Context(), d.ID, body.Articles)
	switch {
	case errors.Is(err, newsdesk.ErrNotFound):
		WriteProblem(w, r, http.StatusNotFound, err.Error())
	case err != nil:
		a.internal(w, r, "split story", err)
	default:
		writeJSON(w, http.StatusOK, map[string]int64{"id": d.ID, "new_id": nid})
	}
}

// splitProblem says why the articles cannot be split off story d, or
// "" when they can.
func splitProblem(d *newsdesk.StoryDetail, articles []int64) string {
	if len(articles) == 0 {
		return "articles: name at least one article of the story"
	}
	in := map[int64]bool{}
	for _, a := range d.ArticleList {
		in[a.ID] = true
	}
	split := map[int64]bool{}
	for _, id := range articles {
		if !in[id] {
			return fmt.Sprintf("article %d is not in story %d", id, d.ID)
		}
		if id == d.ID {
			return fmt.Sprintf("article %d is the story's first: split off the others instead", id)
		}
		split[id] = true
	}
	if len(split) >= len(d.ArticleList) {
		return "cannot split off every article of a story"
	}
	return ""
}
