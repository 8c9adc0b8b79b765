package extract

import (
	"time"

	"golang.org/x/net/html"
)

func findDates(doc *html.Node, pageURL string) (published, modified time.Time) {
	return
}
