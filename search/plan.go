package search

import (
	"math"
	"strings"

	"newsdesk"
	"newsdesk/lang"
	"newsdesk/search/analysis"
)

// analysisPart is what a query matches in the articles of one analysis:
// the MATCH expression of its hits, "" for none, and the one of the
// articles its negations exclude, "" for none.
type analysisPart struct {
	an, match, exclude string
}

// queryLangs returns the analyses a query searches: the one of its
// language filter or of a lang: term all hits must match, else all.
func queryLangs(root node, q newsdesk.Query) []string {
	code := lang.Normalize(q.Language)
	if code == "" {
		code = topLang(root)
	}
	if code != "" {
		return []string{analysis.Lang(code)}
	}
	return analyses
}

// outletNamesOf returns the outlet names and domains q names: its
// outlet: terms and its Outlet filter.
func outletNamesOf(root node, q newsdesk.Query) []string {
	names := outletTerms(root, nil)
	if v := strings.TrimSpace(q.Outlet); v != "" {
		names = append(names, v)
	}
	return names
}

// planParts compiles q, parsed as root, for each analysis of langs: the
// text and the filters of q but its date range, which are terms of the
// MATCH expressions. It returns the words to mark in snippets by
// analysis, whether the text has something to match (else the hits are
// sorted by date), and false when q has nothing to look up and so no
// hits.
func planParts(root node, q newsdesk.Query, langs []string, outlets map[string][]string) (parts []analysisPart, highlight map[string]map[string]bool, text, ok bool) {
	highlight = map[string]map[string]bool{}
	for _, an := range langs {
		c := compileWith(root, []string{an}, outlets)
		if strings.TrimSpace(q.Text) != "" && c.match == "" && c.exclude == "" {
			// Text with nothing to look up (only punctuation, say).
			return nil, nil, false, false
		}
		for k, v := range c.highlight {
			highlight[k] = v
		}
		text = c.match != ""
		p := analysisPart{an: an, match: c.match, exclude: c.exclude}
		if q.SourceID != 0 {
			p.match = andMatch(p.match, quote(sourceTag(q.SourceID)))
		}
		if v := strings.TrimSpace(q.Outlet); v != "" {
			m := outletMatch(v, outlets)
			if m == "" {
				return nil, nil, false, false
			}
			p.match = andMatch(p.match, m)
		}
		if e := strings.TrimSpace(q.Entity); e != "" {
			p.match = andMatch(p.match, quote(entityTag(e)))
		}
		if e := strings.TrimSpace(q.Speaker); e != "" {
			p.match = andMatch(p.match, quote(speakerTag(e)))
		}
		if a := agencyTag(q.Agency); a != agencyTag("") {
			p.match = andMatch(p.match, quote(a))
		}
		if q.Story > 0 {
			p.match = andMatch(p.match, quote(storyTag(q.Story)))
		}
		if q.Author != "" {
			if ts := analysis.Terms(analysis.Neutral, q.Author, nil); len(ts) > 0 {
				p.match = andMatch(p.match, "authors : "+quote(strings.Join(ts, " ")))
			}
		}
		if q.Language != "" {
			// The German and English tables hold articles of that
			// language only: the tag is needed there only when there
			// is nothing else to match.
			if l := lang.Normalize(q.Language); p.match == "" || l != an || an == analysis.Neutral {
				p.match = andMatch(p.match, quote(langTag(l)))
			}
		}
		parts = append(parts, p)
	}
	return parts, highlight, text, true
}

// pubRange returns the range of publication times, in Unix seconds,
// [from, to), that q's date range keeps, to math.MaxInt64 when it has
// no end, and false when q has no range. Undated articles (0) are out
// of every range.
func pubRange(q newsdesk.Query) (from, to int64, ok bool) {
	if q.From.IsZero() && q.To.IsZero() {
		return 0, 0, false
	}
	from, to = 1, math.MaxInt64
	if !q.From.IsZero() {
		from = min(max(q.From.Unix(), 1), maxPub+1)
	}
	if !q.To.IsZero() {
		to = min(max(q.To.Unix(), 1), maxPub+1)
	}
	return from, to, true
}
