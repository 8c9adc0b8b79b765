package sqlite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"newsdesk"
)

// BenchmarkLearnSites learns pages of 60 blocks, a third of them shared by
// the site's pages, over 20 sites, and reads a site's template every 8
// pages, as ingest does.
func BenchmarkLearnSites(b *testing.B) {
	ctx := context.Background()
	s := openTest(b)
	at := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		site := fmt.Sprintf("site%d.example", i%20)
		p := newsdesk.SitePage{Site: site, Page: int64(i), Time: at}
		for k := range 60 {
			pr := uint64(i)<<8 | uint64(k)
			if k < 20 {
				pr = uint64(k)
			}
			p.Prints = append(p.Prints, newsdesk.SitePrint{Print: pr, Text: fmt.Sprintf("Block %d of a page with some text in it, as long as a short paragraph is.", pr)})
		}
		if _, err := s.LearnSites(ctx, []newsdesk.SitePage{p}); err != nil {
			b.Fatal(err)
		}
		if i%8 == 0 {
			if _, err := s.SiteTemplate(ctx, site); err != nil {
				b.Fatal(err)
			}
		}
	}
}
