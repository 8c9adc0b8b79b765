package sqlite

import (
	"context"

	"newsdesk"
)

// ArticleTags returns the entities, speakers and agencies of the given
// articles.
func (s *Store) ArticleTags(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error) {
	return map[int64]newsdesk.ArticleTags{}, nil
}

// ArticleAttribution returns what an article's analysis says it rests
// on.
func (s *Store) ArticleAttribution(ctx context.Context, articleID int64) (*newsdesk.Attribution, error) {
	return &newsdesk.Attribution{Quotes: []newsdesk.Quotation{}, Agencies: []string{}, Sources: []newsdesk.CitedSource{}, Figures: []newsdesk.Figure{}}, nil
}

// Quotes lists quotations.
func (s *Store) Quotes(ctx context.Context, f newsdesk.QuoteFilter) (*newsdesk.QuoteList, error) {
	return &newsdesk.QuoteList{Quotes: []newsdesk.QuoteHit{}}, nil
}
