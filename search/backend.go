package search

import (
	"context"
	"fmt"
	"strings"

	"newsdesk"
	"newsdesk/search/analysis"
)

// This file gives another implementation of newsdesk.Index (package
// postgres's) what it needs to find exactly the hits this package's
// Index finds: the analysis of an article into the terms of its
// columns, the plan of a query (the very expressions Search gives FTS5,
// read back as trees), the snippets and the facets' bounds.

// Columns of a Document, in the order of Document.Columns; an Expr's
// phrase names the ones it may match in by a mask of them.
const (
	ColumnTitle    = 1 << colTitle
	ColumnSubtitle = 1 << colSubtitle
	ColumnBody     = 1 << colBody
	ColumnAuthors  = 1 << colAuthors
	ColumnTags     = 1 << colTags
	// AllColumns is the mask of a phrase without a column filter.
	AllColumns = allCols
	// NumColumns is the number of columns of a Document.
	NumColumns = ftsCols
)

// Bounds of results, as Search keeps them.
const (
	// MaxEntityFacet is how many values the entity, agency and story
	// facets keep.
	MaxEntityFacet = maxEntityFacet
	// MaxOutletFacet is how many outlets the outlet facet keeps.
	MaxOutletFacet = maxOutletFacet
	// MaxCopyList is how many copies a collapsed hit lists.
	MaxCopyList = maxCopyList
)

// Document is an article as the index analyses it.
type Document struct {
	ID, SourceID int64
	// Lang is the article's language code (declared or detected, "" if
	// neither); Analysis the analysis of its words (German, English or
	// Neutral, see package analysis).
	Lang, Analysis string
	// Pub is the publication time in Unix seconds, 0 when unknown;
	// Published the time as RFC 3339 with nanoseconds, "" when unknown.
	Pub       int64
	Published string
	URL       string
	Title     string
	SiteName  string
	// Authors are the authors, white space collapsed, one a line.
	Authors  string
	Subtitle string
	// Text is the body text, which snippets are made from.
	Text string
	// Outlet is the article's outlet as indexed: ID 0 for none.
	Outlet newsdesk.Outlet
	// Tags are the tags the article is filed under, each list sorted
	// and not nil.
	Tags newsdesk.ArticleTags
	// Group is the article's copy group: the id of its original, or its
	// own.
	Group int64
	// Columns are the terms of the columns title, subtitle, body,
	// authors and tags (ColumnTitle …), in order: what a phrase of an
	// Expr is matched with, each term at the position after the one
	// before within its column. Tags are terms that begin with "§",
	// which no word of a text does.
	Columns [NumColumns][]string
}

// Analyse returns the document the index makes of a, filed under tags.
func Analyse(a *newsdesk.StoredArticle, tags newsdesk.ArticleTags) *Document {
	d, text := analyseArticle(a, tags)
	out := &Document{
		ID: d.id, SourceID: d.source, Lang: d.lang, Analysis: analysis.Lang(d.lang),
		Pub: d.pub, Published: d.published, URL: d.url, Title: d.title, SiteName: d.site,
		Authors: d.authors, Subtitle: d.subtitle, Text: text,
		Outlet: newsdesk.Outlet{ID: d.outlet, Domain: d.odomain, Name: d.oname},
		Tags:   d.tags, Group: d.group(),
	}
	for i, s := range d.fts {
		ftsTokens(s, func(t string) { out.Columns[i] = append(out.Columns[i], strings.Clone(t)) })
	}
	return out
}

// ExprOp is the kind of an Expr.
type ExprOp uint8

// Kinds of Expr.
const (
	ExprPhrase ExprOp = ExprOp(opPhrase)
	ExprAnd    ExprOp = ExprOp(opAnd)
	ExprOr     ExprOp = ExprOp(opOr)
	// ExprNot is Kids[0] and not Kids[1].
	ExprNot ExprOp = ExprOp(opNot)
)

// Expr is a match expression over the columns of Documents: a phrase
// (Terms following each other, within one column of the mask Columns)
// or an AND, OR or NOT of Kids. A phrase without terms or columns
// matches no document.
type Expr struct {
	Op      ExprOp
	Kids    []*Expr
	Terms   []string
	Columns uint8
}

func exprOf(e *ftsExpr) *Expr {
	x := &Expr{Op: ExprOp(e.op), Terms: e.toks, Columns: e.cols}
	for _, k := range e.kids {
		x.Kids = append(x.Kids, exprOf(k))
	}
	return x
}

// PlanPart is what a query matches among the documents of one
// analysis.
type PlanPart struct {
	// Analysis is the analysis of the documents (Document.Analysis).
	Analysis string
	// Match is the expression of the hits, nil for none: then the
	// part has no hits, unless the plan is Everything.
	Match *Expr
	// Exclude, if not nil, is the expression of documents that are no
	// hits though they match Match (or, in a plan of Everything, though
	// they are in the date range).
	Exclude *Expr
}

// Plan is a newsdesk.Query made ready to run: the hits are the
// documents of the date range [From, To) (when Ranged) that match the
// part of their analysis, or, when Everything, that no Exclude of the
// part of their analysis matches.
type Plan struct {
	// None is true when the query has nothing to look up and no hits.
	None bool
	// Parts are the parts of the analyses searched; documents of
	// another analysis are no hits (unless Everything).
	Parts []PlanPart
	// Everything is true when no part has anything to match: every
	// document is a hit but those excluded.
	Everything bool
	// Ranged says that only documents published within [From, To) in
	// Unix seconds are hits (To math.MaxInt64 for no end); undated ones
	// never are.
	Ranged   bool
	From, To int64
	// ByDate says that the hits are sorted newest first, not by
	// relevance.
	ByDate bool
	// Highlight holds, by analysis, the terms snippets mark.
	Highlight map[string]map[string]bool
}

// OutletNames returns the outlet names and domains a query names (its
// outlet: terms and Outlet), whose domains NewPlan wants: the outlets
// the index knows whose OutletNorm is that of a name.
func OutletNames(q newsdesk.Query) []string {
	return outletNamesOf(parseQuery(q.Text), q)
}

// OutletNorm returns what an outlet named by s (a domain, host, URL or
// name) is known by: the registrable domain, or the folded words of the
// name.
func OutletNorm(s string) string { return outletNorm(s) }

// NewPlan plans q as Search runs it. outlets gives, by OutletNorm of the
// names OutletNames returns, the domains of the outlets of that name
// the index knows (by the name it knows last). An unknown sort order is
// an error.
func NewPlan(q newsdesk.Query, outlets map[string][]string) (*Plan, error) {
	if q.Sort != "" && q.Sort != SortDate && q.Sort != SortRelevance {
		return nil, fmt.Errorf("search: unknown sort %q", q.Sort)
	}
	root := parseQuery(q.Text)
	aps, highlight, text, ok := planParts(root, q, queryLangs(root, q), outlets)
	if !ok {
		return &Plan{None: true}, nil
	}
	p := &Plan{Highlight: highlight, ByDate: q.Sort == SortDate || !text, Everything: aps[0].match == ""}
	p.From, p.To, p.Ranged = pubRange(q)
	for _, ap := range aps {
		pp := PlanPart{Analysis: ap.an}
		if ap.match != "" && !p.Everything {
			e, err := parseFTS(ap.match)
			if err != nil {
				return nil, err
			}
			pp.Match = exprOf(e)
		}
		if ap.exclude != "" {
			e, err := parseFTS(ap.exclude)
			if err != nil {
				return nil, err
			}
			pp.Exclude = exprOf(e)
		}
		p.Parts = append(p.Parts, pp)
	}
	return p, nil
}

// HitSnippet returns the snippet of a hit as Search makes it: about 32
// words of text (the body) around the densest run of the words whose
// term in the analysis an is one of terms, each marked with \x02 and
// \x03, or of subtitle when the body has none and the subtitle has.
func HitSnippet(text, subtitle, an string, terms map[string]bool) string {
	s, _ := hitSnippet(func(n int64) (string, error) {
		if n >= 0 && int64(len(text)) > n {
			return text[:n], nil
		}
		return text, nil
	}, subtitle, an, terms)
	return s
}

// NewFacets returns the empty facets of a result.
func NewFacets() map[string]newsdesk.Facet { return newFacets() }

// TopFacet keeps the n values of f with the highest counts (ties by
// value).
func TopFacet(f newsdesk.Facet, n int) newsdesk.Facet { return topFacet(f, n) }

// TagsOf returns the tags of the articles as from tags
// (newsdesk.AnalysisStore.ArticleTags); with tags nil, each article's
// copy group and story as the StoredArticle gives them.
func TagsOf(ctx context.Context, tags func(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error), as []*newsdesk.StoredArticle) (map[int64]newsdesk.ArticleTags, error) {
	if len(as) == 0 {
		return nil, nil
	}
	if tags == nil {
		m := make(map[int64]newsdesk.ArticleTags, len(as))
		for _, a := range as {
			m[a.ID] = newsdesk.ArticleTags{CopyOf: int64(a.CopyOf), Story: int64(a.Story)}
		}
		return m, nil
	}
	ids := make([]int64, len(as))
	for i, a := range as {
		ids[i] = a.ID
	}
	return tags(ctx, ids)
}
