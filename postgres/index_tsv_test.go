package postgres

import (
	"context"
	"strings"
	"testing"

	"newsdesk/search"
)

// The tsvector of a document and the tsquery of an expression match in
// PostgreSQL as FTS5 matches the columns: phrases within one column,
// column filters by weight, phrases of no terms never.
func TestTSVectorQuery(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	long := strings.Repeat("filler ", maxTSPos) + "far away"
	doc := func(title, subtitle, body, authors, tags string) *search.Document {
		d := &search.Document{}
		for i, c := range []string{title, subtitle, body, authors, tags} {
			d.Columns[i] = strings.Fields(c)
		}
		return d
	}
	phrase := func(cols uint8, terms ...string) *search.Expr {
		return &search.Expr{Op: search.ExprPhrase, Terms: terms, Columns: cols}
	}
	all := uint8(search.AllColumns)
	d := doc("new treaty", "signed in paris", "the leaders signed it o'neil", "jane doe john smith", "§s1 §lde")
	tests := []struct {
		name string
		d    *search.Document
		e    *search.Expr
		want bool
	}{
		{"word", d, phrase(all, "paris"), true},
		{"phrase in a column", d, phrase(all, "signed", "in", "paris"), true},
		{"phrase across columns", d, phrase(all, "treaty", "signed"), false},
		{"phrase in the wrong order", d, phrase(all, "paris", "in"), false},
		{"title", d, phrase(search.ColumnTitle, "treaty"), true},
		{"title misses the body", d, phrase(search.ColumnTitle, "leaders"), false},
		{"authors", d, phrase(search.ColumnAuthors, "doe", "john"), true},
		{"authors miss the title", d, phrase(search.ColumnAuthors, "treaty"), false},
		{"tag", d, phrase(all, "§s1"), true},
		{"quote in a term", d, phrase(all, "o'neil"), true},
		{"no terms", d, phrase(all), false},
		{"no columns", d, phrase(0, "paris"), false},
		{"and", d, &search.Expr{Op: search.ExprAnd, Kids: []*search.Expr{phrase(all, "paris"), phrase(all, "§lde")}}, true},
		{"and with nothing", d, &search.Expr{Op: search.ExprAnd, Kids: []*search.Expr{phrase(all, "paris"), phrase(all)}}, false},
		{"or with nothing", d, &search.Expr{Op: search.ExprOr, Kids: []*search.Expr{phrase(all), phrase(all, "paris")}}, true},
		{"not", d, &search.Expr{Op: search.ExprNot, Kids: []*search.Expr{phrase(all, "paris"), phrase(all, "treaty")}}, false},
		{"not nothing", d, &search.Expr{Op: search.ExprNot, Kids: []*search.Expr{phrase(all, "paris"), phrase(all)}}, true},
		{"a word far into the body", doc("t", "", long, "", ""), phrase(all, "away"), true},
		{"a phrase far into the body", doc("t", "", long, "", ""), phrase(all, "far", "away"), false},
		{"no phrase with a word past the end", doc("t", "", long, "", ""), phrase(all, "filler", "far"), false},
		{"the first positions of a word", doc("t", "", long, "", ""), phrase(all, "filler", "filler"), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, ok := tsqueryOf(tt.e)
			got := false
			if ok {
				if err := s.pool.QueryRow(ctx, `SELECT $1::tsvector @@ $2::tsquery`, tsvectorOf(tt.d), q).Scan(&got); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			if got != tt.want {
				t.Errorf("%q matches: %v, want %v", q, got, tt.want)
			}
		})
	}
}
