package web

import (
	"html/template"
	"strconv"
	"time"

	"newsdesk"
)

// funcs are the template functions.
var funcs = template.FuncMap{
	// snippet marks as safe the SnippetHTML of a hit, which
	// httpapi.SnippetHTML has escaped, <mark> elements aside.
	"snippet": func(s string) template.HTML { return template.HTML(s) },
	"date": func(t any) string {
		switch v := t.(type) {
		case time.Time:
			return fmtTime(v, "2 Jan 2006 15:04")
		case *time.Time:
			if v == nil {
				return ""
			}
			return fmtTime(*v, "2 Jan 2006 15:04")
		}
		return ""
	},
	"day": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return fmtTime(*t, "2 Jan 2006")
	},
	"iso": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.Format(time.RFC3339)
	},
	"isoPtr": func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.Format(time.RFC3339)
	},
	"lang":     langTag,
	"langName": languageName,
	"str":      func(id int64) string { return strconv.FormatInt(id, 10) },
	"add":      func(a, b int) int { return a + b },
	"url":      webURL,
	// outlets counts the distinct outlets (else sites) of a hit's
	// copies, at least 1.
	"outlets": func(cs []newsdesk.HitCopy) int {
		seen := map[string]bool{}
		for _, c := range cs {
			if c.Outlet != nil {
				seen["o"+c.Outlet.Key()] = true
			} else {
				seen["s"+c.SiteName] = true
			}
		}
		return max(1, len(seen))
	},
}

// fmtTime formats t in its own zone, or says it is unknown.
func fmtTime(t time.Time, layout string) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(layout)
}
