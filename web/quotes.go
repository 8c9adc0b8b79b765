package web

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"newsdesk"
	"newsdesk/httpapi"
)

// formNames name the forms of quotations for people.
var formNames = map[newsdesk.QuoteForm]string{
	newsdesk.DirectQuote:       "direct",
	newsdesk.IndirectQuote:     "indirect",
	newsdesk.FreeIndirectQuote: "reported speech",
	newsdesk.ReportedQuote:     "reported",
}

// quoteView is a quotation as the quote list and the actor page show
// it: once, in its earliest article, with the other articles that
// carry it.
type quoteView struct {
	newsdesk.QuoteHit
	Direct   bool
	FormName string
	// Speaker names the speaker: the entity's name, else the words of
	// the text; "" when the text does not say. SpeakerID is the entity.
	Speaker, SpeakerID string
	Date               string
	LangAttr           string
	// Others are the other articles that carry the quotation.
	Others []newsdesk.QuoteOutlet
	// Anchor is the id of the quotation in the reader of its article.
	Anchor string
	// HideSpeaker leaves the speaker out, on the speaker's own page.
	HideSpeaker bool
}

// quoteViews prepares quotations for a page; names, if set, names the
// speakers the store did not.
func quoteViews(hits []newsdesk.QuoteHit, names map[string]newsdesk.Entity) []quoteView {
	out := make([]quoteView, 0, len(hits))
	for _, h := range hits {
		v := quoteView{QuoteHit: h, Direct: h.Form == newsdesk.DirectQuote, FormName: formNames[h.Form], Speaker: h.SpeakerName,
			LangAttr: langTag(h.Lang), Anchor: quoteAnchor(h.Start)}
		if len(h.Parts) > 0 {
			v.Anchor = quoteAnchor(h.Parts[0].Start)
		}
		if v.FormName == "" {
			v.FormName = string(h.Form)
		}
		if sp := h.Speaker; sp != nil {
			v.SpeakerID = sp.EntityID
			if v.Speaker == "" {
				v.Speaker = sp.Text
				if e, ok := names[sp.EntityID]; ok && sp.EntityID != "" {
					v.Speaker = e.Name
				}
			}
		}
		if v.Title == "" {
			v.Title = fmt.Sprintf("Article %d", h.ArticleID)
		}
		if !h.Published.IsZero() {
			v.Date = h.Published.Format("2 Jan 2006")
		}
		for _, o := range h.Outlets {
			if o.ArticleID != h.ArticleID {
				if o.Title == "" {
					o.Title = fmt.Sprintf("Article %d", o.ArticleID)
				}
				v.Others = append(v.Others, o)
			}
		}
		out = append(out, v)
	}
	return out
}

// nameSites shows the outlet's name for the site of each quotation
// and of the other articles that carry it, where the outlet is known.
func (u *UI) nameSites(ctx context.Context, vs []quoteView) []quoteView {
	var sites []string
	for _, v := range vs {
		sites = append(sites, v.Site)
		for _, o := range v.Others {
			sites = append(sites, o.Site)
		}
	}
	names := u.outletNames(ctx, sites)
	for i := range vs {
		vs[i].Site = cmp.Or(names[vs[i].Site], vs[i].Site)
		for j := range vs[i].Others {
			o := &vs[i].Others[j]
			o.Site = cmp.Or(names[o.Site], o.Site)
		}
	}
	return vs
}

// quotes is the quote search: the quotations whose words match q, of the
// speaker speaker, newest first, each once.
func (u *UI) quotes(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	params := r.URL.Query()
	data := map[string]any{"Title": "Quotes", "Params": map[string]string{}, "Languages": quoteLanguages(params.Get("lang"))}
	for _, k := range []string{"q", "speaker", "from", "to", "lang"} {
		data["Params"].(map[string]string)[k] = params.Get(k)
	}
	f, err := httpapi.ParseQuoteFilter(params)
	if err != nil {
		data["Error"] = err.Error()
		u.render(w, r, http.StatusBadRequest, "quotes", data)
		return nil
	}
	if f.Query != "" {
		data["Title"] = f.Query + " – Quotes"
	}
	if f.Speaker != "" {
		name := f.Speaker
		if e, ok := u.entityNames(ctx, []string{f.Speaker})[f.Speaker]; ok {
			name = e.Name
		}
		data["Speaker"] = map[string]string{"ID": f.Speaker, "Name": name, "AllURL": linkTo("/quotes", params, "speaker", "", "cursor", "")}
		if f.Query == "" {
			data["Title"] = name + " – Quotes"
		}
	}
	list, err := u.cfg.Store.Quotes(ctx, f)
	if httpapi.IsBadCursor(err) {
		data["Error"] = "This page of quotes is no longer there; start from the first."
		u.render(w, r, http.StatusBadRequest, "quotes", data)
		return nil
	}
	if err != nil {
		return err
	}
	data["Total"] = list.Total
	data["Filtered"] = f.Query != "" || f.Speaker != "" || f.Lang != "" || !f.From.IsZero() || !f.To.IsZero()
	data["Quotes"] = u.nameSites(ctx, quoteViews(list.Quotes, nil))
	if list.NextCursor != "" && len(list.Quotes) > 0 {
		data["NextURL"] = linkTo("/quotes", params, "cursor", list.NextCursor)
	}
	if params.Get("cursor") != "" {
		data["FirstURL"] = linkTo("/quotes", params, "cursor", "")
	}
	u.render(w, r, http.StatusOK, "quotes", data)
	return nil
}

// quoteLanguages are the languages the quote search offers: those
// newsdesk analyses, and the one asked for.
func quoteLanguages(asked string) []string {
	langs := []string{"de", "en"}
	if a := strings.ToLower(strings.TrimSpace(asked)); a != "" && langTag(a) != "" && !slices.Contains(langs, a) {
		langs = append(langs, a)
	}
	return langs
}

// entityNames returns the entities of ids that the store has, in one
// lookup; on an error, which it logs, none.
func (u *UI) entityNames(ctx context.Context, ids []string) map[string]newsdesk.Entity {
	if len(ids) == 0 {
		return nil
	}
	names, err := u.cfg.Store.EntityNames(ctx, ids)
	if err != nil {
		u.log.Error("web: entity names", "err", err)
		return nil
	}
	return names
}

// articleEntityIDs returns the ids of the entities an article's reader
// names: of its mentions, speakers, cited sources and claimants, once
// each.
func articleEntityIDs(ms []newsdesk.Mention, at *newsdesk.Attribution) []string {
	seen := map[string]bool{"": true}
	var ids []string
	add := func(id string) {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, m := range ms {
		add(m.EntityID)
	}
	for _, q := range at.Quotes {
		if q.Speaker != nil {
			add(q.Speaker.EntityID)
		}
	}
	for _, s := range at.Sources {
		add(s.EntityID)
	}
	for _, f := range at.Figures {
		if f.Claimant != nil {
			add(f.Claimant.EntityID)
		}
	}
	return ids
}

// attributionView is what the reader lists of what an article rests on.
type attributionView struct {
	Speakers []speakerCount
	Agencies []agencyLink
	Sources  []citedView
	Figures  []figureView
}

// speakerCount is a speaker of an article with how many quotations.
type speakerCount struct {
	ID, Name string
	Quotes   int
}

// agencyLink is an agency credited for an article: its name as credited
// and the key that filters the search by it.
type agencyLink struct{ Name, Key string }

// citedView is a source an article cites.
type citedView struct {
	Name, ID, Text string
	Kind           newsdesk.CitationKind
}

// figureView is a figure an article attributes to someone.
type figureView struct {
	Raw         float64
	Value, Unit string
	Text        string
	// Claimant names who the figure is attributed to, ClaimantID the
	// entity; both "" when nobody in particular.
	Claimant, ClaimantID string
}

// newAttributionView prepares an article's attribution for the reader;
// names names the entities, lang is the article's language for numbers.
// It returns nil when there is nothing to list.
func newAttributionView(at *newsdesk.Attribution, names map[string]newsdesk.Entity, lang string) *attributionView {
	name := func(id, text string) string {
		if e, ok := names[id]; ok && id != "" {
			return e.Name
		}
		return text
	}
	v := &attributionView{}
	speakerAt := map[string]int{}
	for _, q := range at.Quotes {
		if q.Speaker == nil {
			continue
		}
		key := q.Speaker.EntityID
		if key == "" {
			key = "~" + strings.ToLower(q.Speaker.Text)
		}
		i, ok := speakerAt[key]
		if !ok {
			i = len(v.Speakers)
			speakerAt[key] = i
			v.Speakers = append(v.Speakers, speakerCount{ID: q.Speaker.EntityID, Name: name(q.Speaker.EntityID, q.Speaker.Text)})
		}
		v.Speakers[i].Quotes++
	}
	for _, a := range at.Agencies {
		v.Agencies = append(v.Agencies, agencyLink{Name: a, Key: strings.ToLower(a)})
	}
	for _, s := range at.Sources {
		n := s.Name
		if n == "" {
			n = s.Text
		}
		v.Sources = append(v.Sources, citedView{Name: name(s.EntityID, n), ID: s.EntityID, Text: s.Text, Kind: s.Kind})
	}
	for _, f := range at.Figures {
		fv := figureView{Raw: f.Value, Value: formatNumber(f.Value, lang), Unit: f.Unit, Text: f.Text}
		if c := f.Claimant; c != nil {
			fv.Claimant, fv.ClaimantID = name(c.EntityID, c.Text), c.EntityID
		}
		v.Figures = append(v.Figures, fv)
	}
	if len(v.Speakers)+len(v.Agencies)+len(v.Sources)+len(v.Figures) == 0 {
		return nil
	}
	return v
}

// formatNumber writes v with its thousands grouped and at most three
// decimals, as the language lang writes numbers: "10.000" and "2,5" in
// German, "10,000" and "2.5" otherwise.
func formatNumber(v float64, lang string) string {
	group, point := ",", "."
	if strings.HasPrefix(strings.ToLower(lang), "de") {
		group, point = ".", ","
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', -1, 64)
	if i := strings.IndexByte(s, '.'); i >= 0 && len(s)-i-1 > 3 {
		s = strconv.FormatFloat(math.Abs(v), 'f', 3, 64)
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	whole, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	if v < 0 {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(point + frac)
	}
	return b.String()
}
