package httpapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"newsdesk"
)

// EntityQuotes is how many of an actor's latest quotations GET
// /api/entities/{id} and the actor page show.
const EntityQuotes = 10

// ParseQuoteFilter reads the parameters of GET /api/quotes (and of the
// web UI's quote search): q (words of the quotation, all of them;
// "quoted phrases"), speaker (the speaker's entity ID), from and to
// (dates as 2006-01-02 or RFC 3339; a date-only "to" includes that whole
// day), lang, limit (1–100, default 20) and cursor. A bad value is an
// error meant for the user.
func ParseQuoteFilter(v url.Values) (newsdesk.QuoteFilter, error) {
	f := newsdesk.QuoteFilter{
		Query:   strings.TrimSpace(v.Get("q")),
		Speaker: strings.TrimSpace(v.Get("speaker")),
		Lang:    strings.ToLower(strings.TrimSpace(v.Get("lang"))),
		Cursor:  strings.TrimSpace(v.Get("cursor")),
		Limit:   DefaultLimit,
	}
	if len(f.Query) > 1000 {
		return f, errors.New("q: the query is longer than 1000 bytes")
	}
	var err error
	if f.From, err = parseDate(v.Get("from"), false); err != nil {
		return f, fmt.Errorf("from: %w", err)
	}
	if f.To, err = parseDate(v.Get("to"), true); err != nil {
		return f, fmt.Errorf("to: %w", err)
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		return f, errors.New("from must be before to")
	}
	if f.Limit, err = parseLimit(v, DefaultLimit); err != nil {
		return f, err
	}
	return f, nil
}

// IsBadCursor reports whether an error of the store's listings
// (Entities, Quotes) is about a cursor it did not make: the user's
// fault, to be answered with 400.
func IsBadCursor(err error) bool {
	return errors.Is(err, newsdesk.ErrBadCursor)
}

func (a *API) listQuotes(w http.ResponseWriter, r *http.Request) {
	f, err := ParseQuoteFilter(r.URL.Query())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	list, err := a.cfg.Store.Quotes(r.Context(), f)
	if IsBadCursor(err) {
		WriteProblem(w, r, http.StatusBadRequest, "cursor: not one this API made")
		return
	}
	if err != nil {
		a.internal(w, r, "list quotes", err)
		return
	}
	if list.Quotes == nil {
		list.Quotes = []newsdesk.QuoteHit{}
	}
	writeJSON(w, http.StatusOK, QuoteResponse{Total: list.Total, Quotes: list.Quotes, NextCursor: list.NextCursor})
}

// QuoteResponse is the body of GET /api/quotes.
type QuoteResponse struct {
	// Total counts the distinct quotations that match.
	Total  int                 `json:"total"`
	Quotes []newsdesk.QuoteHit `json:"quotes"`
	// NextCursor fetches the next page; empty on the last one.
	NextCursor string `json:"next_cursor"`
}

// EntityDetail is the body of GET /api/entities/{id}: what the store
// knows of the entity, and its latest quotations, newest first.
type EntityDetail struct {
	*newsdesk.EntityInfo
	Quotes []newsdesk.QuoteHit `json:"quotes"`
}

// LatestQuotes returns the newest quotations of the speaker with entity
// id, at most EntityQuotes, each once with the articles that carry it.
func LatestQuotes(ctx context.Context, st newsdesk.Store, id string) ([]newsdesk.QuoteHit, error) {
	list, err := st.Quotes(ctx, newsdesk.QuoteFilter{Speaker: id, Limit: EntityQuotes})
	if err != nil {
		return nil, err
	}
	if list.Quotes == nil {
		return []newsdesk.QuoteHit{}, nil
	}
	return list.Quotes, nil
}
