package search

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"newsdesk"
)

// maxCopyList caps the copies a collapsed hit lists (Hit.CopyList);
// Hit.Copies counts them all.
const maxCopyList = 50

// member is an article of a copy group, as a collapsed search lists it.
type member struct {
	newsdesk.HitCopy
	fid, grp int64
	lang     string
}

// better reports whether hit a comes before hit b: newer by date, or
// better ranked (lower BM25) by relevance, ties by fid.
func better(a, b found, byDate bool) bool {
	if byDate {
		return a.fid > b.fid
	}
	return cmp.Or(cmp.Compare(a.r, b.r), cmp.Compare(a.fid, b.fid)) < 0
}

// pages returns the first n hits of the parts after cur, in order, and
// whether there may be more. Each part's page is read side by side.
func (ix *Index) pages(ctx context.Context, parts []part, byDate bool, cur *cursor, lo, hi int64, n int) ([]found, bool, error) {
	ps := make([][]found, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		wg.Go(func() { ps[i], errs[i] = ix.page(ctx, p, byDate, cur, lo, hi, n) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, false, err
	}
	var all []found
	more := false
	for _, p := range ps {
		all = append(all, p...)
		more = more || len(p) == n
	}
	slices.SortFunc(all, func(a, b found) int {
		if better(a, b, byDate) {
			return -1
		}
		return 1
	})
	if len(all) > n {
		all = all[:n]
	}
	return all, more, nil
}

// collapsed returns the first n hits after cur that are the best hit of
// their copy group, each with the group's other hits.
//
// It reads the hits after cur in batches, in order. The first hit of a
// group in a batch is the group's best unless an article of the group
// outside the batch is a better hit: the articles of a batch's groups
// are looked up in docs by grp (most groups have one), and those outside
// the batch matched against the query by fid. Such a better hit can
// only come before cur (the batch holds every hit from cur on up to its
// last); its group was shown on an earlier page. So every group shows
// once across the pages, at the place of its best hit, and a first
// page needs no matching beyond the batch but for the copies it lists.
func (ix *Index) collapsed(ctx context.Context, parts []part, byDate bool, cur *cursor, lo, hi int64, n int) ([]found, error) {
	var out []found
	done := map[int64]bool{} // groups shown or passed over
	batch := min(max(2*n, 32), 2000)
	for len(out) < n {
		cands, more, err := ix.pages(ctx, parts, byDate, cur, lo, hi, batch)
		if err != nil || len(cands) == 0 {
			return out, err
		}
		shown, err := ix.groupFirsts(ctx, parts, byDate, lo, hi, cands, done, n-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, shown...)
		if !more {
			break
		}
		last := cands[len(cands)-1]
		cur = &cursor{byDate: byDate, score: last.r, fid: last.fid}
		batch = min(2*batch, 4000)
	}
	return out, nil
}

// groupFirsts returns up to n hits of cands, in order, that are the
// best hits of their copy groups, with their groups' other hits, and
// marks the groups it decides in done.
func (ix *Index) groupFirsts(ctx context.Context, parts []part, byDate bool, lo, hi int64, cands []found, done map[int64]bool, n int) ([]found, error) {
	inBatch := make(map[int64]found, len(cands))
	for _, c := range cands {
		inBatch[c.fid] = c
	}
	var out []found
	for i := 0; i < len(cands) && len(out) < n; {
		// The next candidates not of a group decided, as many as are
		// still wanted.
		var chunk []found
		for ; i < len(cands) && len(chunk) < n-len(out); i++ {
			if !done[cands[i].fid] {
				chunk = append(chunk, cands[i])
			}
		}
		if len(chunk) == 0 {
			break
		}
		groups, err := ix.groupsOf(ctx, chunk)
		if err != nil {
			return nil, err
		}
		// The articles of the groups outside the batch that are hits.
		var outside []member
		for _, ms := range groups {
			if len(ms) > 1 {
				for _, m := range ms {
					if _, ok := inBatch[m.fid]; !ok {
						outside = append(outside, m)
					}
				}
			}
		}
		hit, err := ix.matchFids(ctx, parts, byDate, lo, hi, outside)
		if err != nil {
			return nil, err
		}
		for _, c := range chunk {
			if done[c.fid] {
				continue // a later hit of a group of this chunk
			}
			ms := groups[c.fid]
			if len(ms) == 0 {
				ms = []member{{fid: c.fid}} // removed meanwhile: alone
			}
			var hits []member
			shown := true
			for _, m := range ms {
				done[m.fid] = true
				f, ok := inBatch[m.fid]
				if !ok {
					f, ok = hit[m.fid]
				}
				if !ok {
					continue
				}
				if better(f, c, byDate) {
					shown = false
				}
				if m.fid != c.fid {
					hits = append(hits, m)
				}
			}
			if !shown {
				continue
			}
			slices.SortFunc(hits, func(x, y member) int {
				return cmp.Or(x.Published.Compare(y.Published), cmp.Compare(x.ID, y.ID))
			})
			c.copies = hits
			out = append(out, c)
			if len(out) == n {
				break
			}
		}
	}
	return out, nil
}

// groupsOf returns the articles of the copy groups of fs, by the fid of
// each.
func (ix *Index) groupsOf(ctx context.Context, fs []found) (map[int64][]member, error) {
	args := make([]any, len(fs))
	for i, f := range fs {
		args[i] = f.fid
	}
	rows, err := ix.r.QueryContext(ctx, `SELECT d.fid, d.id, d.grp, d.lang, d.url, d.title, d.site, d.published, d.copy_of,
		d.outlet, d.odomain, coalesce(o.name, d.oname) FROM docs d LEFT JOIN outlets o ON o.id = d.outlet
		WHERE d.grp IN (SELECT grp FROM docs WHERE fid IN (?`+strings.Repeat(", ?", len(args)-1)+`))`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: collapse: %w", err)
	}
	defer rows.Close()
	byGroup := map[int64][]member{}
	for rows.Next() {
		var m member
		var published string
		var o newsdesk.Outlet
		if err := rows.Scan(&m.fid, &m.ID, &m.grp, &m.lang, &m.URL, &m.Title, &m.SiteName, &published, &m.CopyOf,
			&o.ID, &o.Domain, &o.Name); err != nil {
			return nil, fmt.Errorf("search: collapse: %w", err)
		}
		if o.ID != 0 {
			m.Outlet = &o
		}
		if published != "" {
			m.Published, _ = time.Parse(time.RFC3339Nano, published)
		}
		byGroup[m.grp] = append(byGroup[m.grp], m)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: collapse: %w", err)
	}
	out := map[int64][]member{}
	for _, ms := range byGroup {
		for _, m := range ms {
			out[m.fid] = ms
		}
	}
	return out, nil
}

// matchFids returns which of ms are hits of the parts, with their
// ranks. BM25 takes its statistics from the whole table, so a rank read
// here is the rank a page reads.
func (ix *Index) matchFids(ctx context.Context, parts []part, byDate bool, lo, hi int64, ms []member) (map[int64]found, error) {
	hit := map[int64]found{}
	if len(ms) == 0 {
		return hit, nil
	}
	var mu sync.Mutex
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	for i, p := range parts {
		var fids []any
		for _, m := range ms {
			if p.table == "" || ftsTable(m.lang) == p.table {
				fids = append(fids, m.fid)
			}
		}
		if len(fids) == 0 {
			continue
		}
		wg.Go(func() {
			from, fid, args := p.sel(false, lo, hi)
			rank := "0.0"
			if !byDate && p.table != "" {
				rank = bm25(p.table)
			}
			// One parameter for the list, however long: a big copy
			// group (a wire text on hundreds of sites) would exceed
			// SQLite's limit of bound variables.
			list, err := json.Marshal(fids)
			if err != nil {
				errs[i] = fmt.Errorf("search: collapse: %w", err)
				return
			}
			stmt := "SELECT " + fid + ", " + rank + " FROM " + from + " AND " + fid + " IN (SELECT value FROM json_each(?))"
			rows, err := ix.r.QueryContext(ctx, stmt, append(args, string(list))...)
			if err != nil {
				errs[i] = fmt.Errorf("search: collapse: %w", err)
				return
			}
			defer rows.Close()
			for rows.Next() {
				var f found
				if err := rows.Scan(&f.fid, &f.r); err != nil {
					errs[i] = fmt.Errorf("search: collapse: %w", err)
					return
				}
				mu.Lock()
				hit[f.fid] = f
				mu.Unlock()
			}
			errs[i] = rows.Err()
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return hit, nil
}

// storyRank is a story among the hits of one part: the rank of its best
// hit (by date, the negated fid) and its number of hits.
type storyRank struct {
	story int64
	r     float64
	n     int
}

// stories returns up to n stories of the hits of p, best first; n < 0
// for all of them.
func (ix *Index) stories(ctx context.Context, p part, byDate bool, lo, hi int64, n int) ([]storyRank, error) {
	// BM25 cannot be taken in an aggregate: the hits and their ranks are
	// read first.
	from, fid, args := p.sel(false, lo, hi)
	rank, agg := "0.0", "-max(x.fid)"
	if !byDate && p.table != "" {
		rank, agg = bm25(p.table), "min(x.r)"
	}
	rows, err := ix.r.QueryContext(ctx, "WITH x AS MATERIALIZED (SELECT "+fid+" AS fid, "+rank+" AS r FROM "+from+
		") SELECT d.story, "+agg+" AS best, count(*) FROM x JOIN docs d ON d.fid = x.fid WHERE d.story != 0 GROUP BY d.story ORDER BY best, d.story LIMIT "+strconv.Itoa(n), args...)
	if err != nil {
		return nil, fmt.Errorf("search: stories: %w", err)
	}
	defer rows.Close()
	var out []storyRank
	for rows.Next() {
		var s storyRank
		if err := rows.Scan(&s.story, &s.r, &s.n); err != nil {
			return nil, fmt.Errorf("search: stories: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search: stories: %w", err)
	}
	return out, nil
}

// mergeStories merges the stories of the parts: the best rank and the
// sum of the hits of each, the n best first.
func mergeStories(parts [][]storyRank, byDate bool, n int) []newsdesk.StoryHits {
	m := map[int64]storyRank{}
	for _, p := range parts {
		for _, s := range p {
			if o, ok := m[s.story]; ok {
				s.r = min(s.r, o.r)
				s.n += o.n
			}
			m[s.story] = s
		}
	}
	all := make([]storyRank, 0, len(m))
	for _, s := range m {
		all = append(all, s)
	}
	slices.SortFunc(all, func(a, b storyRank) int { return cmp.Or(cmp.Compare(a.r, b.r), cmp.Compare(a.story, b.story)) })
	out := make([]newsdesk.StoryHits, 0, min(n, len(all)))
	for _, s := range all[:min(n, len(all))] {
		out = append(out, newsdesk.StoryHits{Story: s.story, Hits: s.n})
	}
	return out
}
