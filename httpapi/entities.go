package httpapi

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"newsdesk"
)

// ParseEntityFilter reads the parameters of GET /api/entities: q, type
// (PER, ORG, LOC, OTH), from, to, limit (1–100, default 20) and cursor.
func ParseEntityFilter(v url.Values) (newsdesk.EntityFilter, error) {
	f := newsdesk.EntityFilter{Query: strings.TrimSpace(v.Get("q")), Cursor: v.Get("cursor")}
	switch t := strings.ToUpper(v.Get("type")); t {
	case "", "PER", "ORG", "LOC", "OTH":
		f.Type = newsdesk.EntityType(t)
	default:
		return f, fmt.Errorf("type: want PER, ORG, LOC or OTH, got %q", v.Get("type"))
	}
	var err error
	if f.From, err = parseDate(v.Get("from"), false); err != nil {
		return f, fmt.Errorf("from: %w", err)
	}
	if f.To, err = parseDate(v.Get("to"), true); err != nil {
		return f, fmt.Errorf("to: %w", err)
	}
	if f.Limit, err = parseLimit(v, DefaultLimit); err != nil {
		return f, err
	}
	return f, nil
}

func (a *API) listEntities(w http.ResponseWriter, r *http.Request) {
	f, err := ParseEntityFilter(r.URL.Query())
	if err != nil {
		WriteProblem(w, r, http.StatusBadRequest, err.Error())
		return
	}
	list, err := a.cfg.Store.Entities(r.Context(), f)
	if IsBadCursor(err) {
		WriteProblem(w, r, http.StatusBadRequest, "cursor: not one this API made")
		return
	}
	if err != nil {
		a.internal(w, r, "list entities", err)
		return
	}
	writeJSON(w, http.StatusOK, list)
}

func (a *API) getEntity(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	info, err := a.cfg.Store.Entity(r.Context(), id)
	var merged *newsdesk.MergedError
	if errors.As(err, &merged) {
		http.Redirect(w, r, "/api/entities/"+url.PathEscape(merged.Into), http.StatusPermanentRedirect)
		return
	}
	if errors.Is(err, newsdesk.ErrNotFound) {
		WriteProblem(w, r, http.StatusNotFound, fmt.Sprintf("no entity with ID %q", id))
		return
	}
	if err != nil {
		a.internal(w, r, "read entity", err)
		return
	}
	quotes, err := LatestQuotes(r.Context(), a.cfg.Store, info.ID)
	if err != nil {
		a.internal(w, r, "list the entity's quotes", err)
		return
	}
	writeJSON(w, http.StatusOK, EntityDetail{EntityInfo: info, Quotes: quotes})
}

// editEntity carries out POST /api/entities/{id}/aliases {"name"},
// /merge {"into"} and /split {"name"}.
func (a *API) editEntity(verb string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id := r.PathValue("id")
		var body struct {
			Name string `json:"name"`
			Into string `json:"into"`
		}
		if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
			WriteProblem(w, r, http.StatusBadRequest, "want a JSON object: "+err.Error())
			return
		}
		var err error
		out := map[string]string{"id": id}
		switch verb {
		case "alias":
			if strings.TrimSpace(body.Name) == "" {
				WriteProblem(w, r, http.StatusBadRequest, "name: missing")
				return
			}
			err = a.cfg.Store.AliasEntity(r.Context(), id, body.Name)
		case "merge":
			if body.Into == "" {
				WriteProblem(w, r, http.StatusBadRequest, "into: missing")
				return
			}
			err = a.cfg.Store.MergeEntity(r.Context(), id, body.Into)
			out["into"] = body.Into
		case "split":
			if strings.TrimSpace(body.Name) == "" {
				WriteProblem(w, r, http.StatusBadRequest, "name: missing")
				return
			}
			var nid string
			nid, err = a.cfg.Store.SplitEntity(r.Context(), id, body.Name)
			out["new_id"] = nid
		}
		var merged *newsdesk.MergedError
		switch {
		case errors.As(err, &merged):
			WriteProblem(w, r, http.StatusConflict, fmt.Sprintf("entity merged into %q", merged.Into))
		case errors.Is(err, newsdesk.ErrNotFound):
			WriteProblem(w, r, http.StatusNotFound, err.Error())
		case err != nil && strings.Contains(err.Error(), "into itself"):
			WriteProblem(w, r, http.StatusUnprocessableEntity, "an entity cannot be merged into itself")
		case err != nil:
			a.internal(w, r, verb+" entity", err)
		default:
			writeJSON(w, http.StatusOK, out)
		}
	}
}
