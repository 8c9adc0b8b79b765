package postgres

import (
	"context"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"newsdesk"
	"newsdesk/search/testcorpus"
)

// TestTextSearchConfigs measures the other way the index could have
// analysed text: PostgreSQL's own text search configurations, german
// and english by the article's analysis and simple for the others,
// with to_tsvector and plainto_tsquery/phraseto_tsquery. It indexes
// the testcorpus articles both ways and counts the queries of the load
// test (one word, two words, a phrase) whose hits differ from those of
// the index, which are the embedded index's; and it times making the
// tsvectors each way. Skipped unless NEWSDESK_PG_TSCONFIG=1 (the figures
// are in the report of the index's choice, see Index).
func TestTextSearchConfigs(t *testing.T) {
	if os.Getenv("NEWSDESK_PG_TSCONFIG") != "1" {
		t.Skip("set NEWSDESK_PG_TSCONFIG=1 to measure")
	}
	ctx := context.Background()
	as := testcorpus.Articles(1, 3000, 1)
	qs := testcorpus.Queries(as, 600, 2)
	st := openTest(t)
	ix := st.Index()

	// Own stems: analysis in Go, tsvector literals.
	t0 := time.Now()
	docs := analyseAll(as, nil)
	lits := make([]string, len(docs))
	for i, d := range docs {
		lits[i] = tsvectorOf(d)
	}
	own := time.Since(t0)
	if err := ix.AddMany(ctx, as); err != nil {
		t.Fatal(err)
	}

	// PostgreSQL's configurations, from the same texts.
	if _, err := st.pool.Exec(ctx, `CREATE TABLE cfg_docs (id bigint PRIMARY KEY, an text, title text, subtitle text, authors text, body text, tsv tsvector)`); err != nil {
		t.Fatal(err)
	}
	for _, d := range docs {
		if _, err := st.pool.Exec(ctx, `INSERT INTO cfg_docs VALUES ($1, $2, $3, $4, $5, $6, NULL)`,
			d.ID, d.Analysis, clean(d.Title), clean(d.Subtitle), clean(d.Authors), clean(d.Text)); err != nil {
			t.Fatal(err)
		}
	}
	const cfg = `(CASE an WHEN 'de' THEN 'german' WHEN 'en' THEN 'english' ELSE 'simple' END)::regconfig`
	t0 = time.Now()
	if _, err := st.pool.Exec(ctx, `UPDATE cfg_docs SET tsv = setweight(to_tsvector(`+cfg+`, title), 'A') ||
		setweight(to_tsvector(`+cfg+`, subtitle), 'B') || setweight(to_tsvector(`+cfg+`, body), 'C') ||
		setweight(to_tsvector('simple', authors), 'D')`); err != nil {
		t.Fatal(err)
	}
	theirs := time.Since(t0)
	if _, err := st.pool.Exec(ctx, `CREATE INDEX cfg_docs_tsv ON cfg_docs USING gin (tsv)`); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`VACUUM ANALYZE cfg_docs`, `VACUUM ANALYZE search_docs`} {
		if _, err := st.pool.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	var ownSize, cfgSize, ownLex, cfgLex int64
	if err := st.pool.QueryRow(ctx, `SELECT pg_relation_size('search_docs_tsv'), pg_relation_size('cfg_docs_tsv'),
		(SELECT sum(length(tsv)) FROM search_docs), (SELECT sum(length(tsv)) FROM cfg_docs)`).Scan(&ownSize, &cfgSize, &ownLex, &cfgLex); err != nil {
		t.Fatal(err)
	}

	same, differ := map[string]int{}, map[string]int{}
	var more, fewer int
	var ownTime, cfgTime time.Duration
	var examples []string
	for _, bq := range qs {
		q := newsdesk.Query{Text: bq.Q.Text, Limit: 1}
		t0 := time.Now()
		r, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		ownTime += time.Since(t0)
		fn := "plainto_tsquery"
		text := q.Text
		if strings.HasPrefix(text, `"`) {
			fn, text = "phraseto_tsquery", strings.Trim(text, `"`)
		}
		var n int
		t0 = time.Now()
		err = st.pool.QueryRow(ctx, `SELECT count(*) FROM cfg_docs WHERE
			(an = 'de' AND tsv @@ `+fn+`('german', $1)) OR (an = 'en' AND tsv @@ `+fn+`('english', $1)) OR
			(an = '' AND tsv @@ `+fn+`('simple', $1))`, text).Scan(&n)
		if err != nil {
			t.Fatal(err)
		}
		cfgTime += time.Since(t0)
		if n == r.Total {
			same[bq.Class]++
			continue
		}
		differ[bq.Class]++
		if n > r.Total {
			more++
		} else {
			fewer++
		}
		if len(examples) < 12 {
			examples = append(examples, q.Text+": "+itoa(r.Total)+" / "+itoa(n))
		}
	}
	t.Logf("%d articles (from the development pages: %v); tsvectors: own stems %v in Go, PostgreSQL's configurations %v on the server",
		len(as), testcorpus.FromPages(), own.Round(time.Millisecond), theirs.Round(time.Millisecond))
	t.Logf("GIN index %d kB own, %d kB configurations; lexemes %d own, %d configurations", ownSize/1024, cfgSize/1024, ownLex, cfgLex)
	for _, c := range []string{"one", "two", "phrase"} {
		t.Logf("%s: %d queries with the embedded index's hits, %d different", c, same[c], differ[c])
	}
	t.Logf("different: %d find more, %d fewer; time of %d queries: index %v (Search, 1 hit), configurations %v (count only)",
		more, fewer, len(qs), ownTime.Round(time.Millisecond), cfgTime.Round(time.Millisecond))
	for _, e := range examples {
		t.Logf("  %s (hits: own / configurations)", e)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
