package extract

import (
	"time"

	"golang.org/x/net/html"

	"newsdesk/dates"
)

// findDates returns the publication and modification time of the page.
func findDates(doc *html.Node, pageURL string) (published, modified time.Time) {
	r := dates.Find(doc, pageURL)
	return r.Published, r.Modified
}
