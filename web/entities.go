package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"newsdesk"
	"newsdesk/httpapi"
)

// typeNames are the names of the entity types for people.
var typeNames = map[newsdesk.EntityType]string{
	newsdesk.Person:       "person",
	newsdesk.Organisation: "organisation",
	newsdesk.Location:     "place",
	newsdesk.OtherName:    "other",
}

// entities is the list of entities: the most mentioned, or those whose
// names match q.
func (u *UI) entities(w http.ResponseWriter, r *http.Request) error {
	params := r.URL.Query()
	f, err := httpapi.ParseEntityFilter(params)
	data := map[string]any{"Title": "Entities", "Params": formValues(params), "Type": params.Get("type")}
	if err != nil {
		data["Error"] = err.Error()
		u.render(w, r, http.StatusBadRequest, "entities", data)
		return nil
	}
	f.Limit = 50
	list, err := u.cfg.Store.Entities(r.Context(), f)
	if err != nil {
		return err
	}
	data["List"] = list
	if list.NextCursor != "" {
		data["NextURL"] = linkTo("/entities", params, "cursor", list.NextCursor)
	}
	u.render(w, r, http.StatusOK, "entities", data)
	return nil
}

// articleLink is an article as a line in a list.
type articleLink struct {
	ID     int64
	Title  string
	Source string
	Date   string
}

// entity is the page of one actor: how often and when it is mentioned,
// by which names, with whom, and in which articles.
func (u *UI) entity(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	ctx := r.Context()
	info, err := u.cfg.Store.Entity(ctx, id)
	var merged *newsdesk.MergedError
	if errors.As(err, &merged) {
		http.Redirect(w, r, "/entities/"+url.PathEscape(merged.Into), http.StatusMovedPermanently)
		return nil
	}
	if errors.Is(err, newsdesk.ErrNotFound) {
		return httpError{http.StatusNotFound, fmt.Sprintf("There is no entity %q.", id)}
	}
	if err != nil {
		return err
	}
	var latest []articleLink
	for _, aid := range info.Latest {
		a, err := u.cfg.Store.Article(ctx, aid)
		if err != nil {
			continue
		}
		l := articleLink{ID: a.ID, Title: a.Title, Source: a.SiteName}
		if a.Outlet != nil {
			l.Source = a.Outlet.Name
		}
		if !a.Published.IsZero() {
			l.Date = a.Published.Format("2006-01-02")
		}
		if l.Title == "" {
			l.Title = fmt.Sprintf("Article %d", a.ID)
		}
		latest = append(latest, l)
	}
	quotes, err := httpapi.LatestQuotes(ctx, u.cfg.Store, info.ID)
	if err != nil {
		u.log.Error("web: quotes of an entity", "entity", info.ID, "err", err)
	}
	u.render(w, r, http.StatusOK, "entity", map[string]any{
		"Title":    info.Name,
		"Entity":   info,
		"TypeName": typeNames[info.Type],
		"Timeline": newTimeline(newsdesk.Facet(info.Days), url.Values{"q": {`"` + info.Name + `"`}}),
		"Latest":   latest,
		"Quotes":   ownQuotes(u.nameSites(ctx, quoteViews(quotes, nil))),
	})
	return nil
}

// articleEntities returns the entities of an article's mentions ms,
// most mentioned first, for the reader, named by names.
func articleEntities(ms []newsdesk.Mention, names map[string]newsdesk.Entity) []newsdesk.EntityCount {
	if len(ms) == 0 {
		return nil
	}
	var out []newsdesk.EntityCount
	at := map[string]int{}
	for _, m := range ms {
		if m.EntityID == "" {
			continue
		}
		i, ok := at[m.EntityID]
		if !ok {
			i = len(out)
			at[m.EntityID] = i
			out = append(out, newsdesk.EntityCount{Entity: newsdesk.Entity{ID: m.EntityID, Name: m.Text, Type: m.Type}})
		}
		out[i].Mentions++
	}
	for i, e := range out {
		if n, ok := names[e.ID]; ok {
			out[i].Name = n.Name
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].Mentions > out[j-1].Mentions; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// ownQuotes leaves the speaker out of quotations shown on the speaker's
// own page.
func ownQuotes(qs []quoteView) []quoteView {
	for i := range qs {
		qs[i].HideSpeaker = true
	}
	return qs
}
