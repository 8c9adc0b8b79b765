package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"time"

	"newsdesk"
	"newsdesk/search/analysis"
)

// edits are the users' aliases and merges of entities, applied to every
// analysis saved.
type edits struct {
	aliases map[string]string // folded name → entity id
	merges  map[string]string // from → into
}

// resolve returns the entity a span written text with the id the
// analysis gave resolves to, after the users' edits.
func (e edits) resolve(text, id string) string {
	if a, ok := e.aliases[foldName(text)]; ok {
		id = a
	}
	return follow(e.merges, id)
}

// The statements of SaveAnalyses, prepared once (see
// writeQueries).
const (
	qTagSet = `SELECT DISTINCT 'e:' || entity_id FROM mentions WHERE article_id = ?1 AND entity_id IS NOT NULL
		UNION SELECT DISTINCT 's:' || speaker_id FROM quotes WHERE article_id = ?1 AND speaker_id IS NOT NULL
		UNION SELECT 'a:' || agency FROM article_agencies WHERE article_id = ?1`
	qDeleteQuotesFTS    = `DELETE FROM quotes_fts WHERE rowid IN (SELECT id FROM quotes WHERE article_id = ?)`
	qDeleteQuotes       = `DELETE FROM quotes WHERE article_id = ?`
	qDeleteAgencies     = `DELETE FROM article_agencies WHERE article_id = ?`
	qDeleteCitedSources = `DELETE FROM cited_sources WHERE article_id = ?`
	qDeleteFigures      = `DELETE FROM figures WHERE article_id = ?`
	qInsertQuote        = `INSERT INTO quotes (article_id, start, end, text, form, parts,
		cue_start, cue_end, cue_text, speaker_start, speaker_end, speaker_text, speaker_id,
		published, lang, fingerprint) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	qInsertQuoteFTS    = `INSERT INTO quotes_fts (rowid, terms) VALUES (?, ?)`
	qInsertAgency      = `INSERT OR IGNORE INTO article_agencies (article_id, agency, pos) VALUES (?, ?, ?)`
	qInsertCitedSource = `INSERT OR REPLACE INTO cited_sources (article_id, start, end, text, name, kind, entity_id)
		VALUES (?, ?, ?, ?, ?, ?, ?)`
	qArticleDate  = `SELECT coalesce(published_utc, stored), language FROM articles WHERE id = ?`
	qAnalyzed     = `INSERT OR REPLACE INTO analyzed (article_id, hash) SELECT id, ? FROM articles WHERE id = ?`
	qInsertFigure = `INSERT OR REPLACE INTO figures (article_id, start, end, text, value, unit,
		claimant_start, claimant_end, claimant_text, claimant_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

// attributionQueries are the statements of SaveAnalyses, for
// writeQueries.
var attributionQueries = []string{qTagSet, qDeleteQuotesFTS, qDeleteQuotes, qDeleteAgencies, qDeleteCitedSources,
	qDeleteFigures, qInsertQuote, qInsertQuoteFTS, qInsertAgency, qInsertCitedSource, qInsertFigure, qArticleDate, qAnalyzed}

// tagSet returns what the search index files article id under, as
// "e:ID" (entities), "s:ID" (speakers) and "a:NAME" (agencies).
func (s *Store) tagSet(ctx context.Context, tx *sql.Tx, id int64) (map[string]bool, error) {
	rows, err := s.prep(ctx, tx, qTagSet).QueryContext(ctx, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	set := map[string]bool{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		set[t] = true
	}
	return set, rows.Err()
}

// deleteAttribution removes what an article's analysis said it rests on.
func (s *Store) deleteAttribution(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, q := range []string{qDeleteQuotesFTS, qDeleteQuotes, qDeleteAgencies, qDeleteCitedSources, qDeleteFigures} {
		if _, err := s.prep(ctx, tx, q).ExecContext(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// saveAttribution stores the quotations, agencies, cited sources and
// figures of an article's analysis, with the users' edits applied to
// their entities, and adds its speakers and agencies to tags.
func (s *Store) saveAttribution(ctx context.Context, tx *sql.Tx, id int64, published, lang string, a *newsdesk.Analysis, ed edits, tags map[string]bool) error {
	for _, q := range a.Quotes {
		var parts, cueStart, cueEnd, cueText, spStart, spEnd, spText, spID any
		if len(q.Parts) > 0 {
			b, err := json.Marshal(q.Parts)
			if err != nil {
				return err
			}
			parts = string(b)
		}
		if q.Cue != nil {
			cueStart, cueEnd, cueText = q.Cue.Start, q.Cue.End, q.Cue.Text
		}
		if sp := q.Speaker; sp != nil {
			spStart, spEnd, spText = sp.Start, sp.End, sp.Text
			if speaker := ed.resolve(sp.Text, sp.EntityID); speaker != "" {
				spID = speaker
				tags["s:"+speaker] = true
			}
		}
		res, err := s.prep(ctx, tx, qInsertQuote).ExecContext(ctx, id, q.Start, q.End, q.Text, string(q.Form), parts, cueStart, cueEnd, cueText,
			spStart, spEnd, spText, spID, published, lang, quoteFingerprint(q.Text))
		if err != nil {
			return err
		}
		qid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		terms := strings.Join(analysis.Terms(analysis.Lang(lang), q.Text, nil), " ")
		if _, err := s.prep(ctx, tx, qInsertQuoteFTS).ExecContext(ctx, qid, terms); err != nil {
			return err
		}
	}
	for i, ag := range a.Agencies {
		if _, err := s.prep(ctx, tx, qInsertAgency).ExecContext(ctx, id, ag, i); err != nil {
			return err
		}
		tags["a:"+strings.ToLower(ag)] = true
	}
	for _, c := range a.Sources {
		var eid any
		if e := ed.resolve(c.Text, c.EntityID); e != "" {
			eid = e
		}
		_, err := s.prep(ctx, tx, qInsertCitedSource).ExecContext(ctx, id, c.Start, c.End, c.Text, c.Name, string(c.Kind), eid)
		if err != nil {
			return err
		}
	}
	for _, f := range a.Figures {
		var cStart, cEnd, cText, cID any
		if c := f.Claimant; c != nil {
			cStart, cEnd, cText = c.Start, c.End, c.Text
			if e := ed.resolve(c.Text, c.EntityID); e != "" {
				cID = e
			}
		}
		_, err := s.prep(ctx, tx, qInsertFigure).ExecContext(ctx, id, f.Start, f.End, f.Text, f.Value, f.Unit, cStart, cEnd, cText, cID)
		if err != nil {
			return err
		}
	}
	return nil
}

// quoteFingerprint identifies the words of a quotation across the
// articles that carry it: wire copies with other punctuation, quotation
// marks or case share it. With speakerKey, it identifies a quotation.
func quoteFingerprint(text string) string {
	var b strings.Builder
	analysis.Words(text, func(w string, _, _ int) {
		b.WriteString(analysis.Fold(w))
		b.WriteByte(' ')
	})
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

// ArticleTags returns the entities, speakers and agencies of the given
// articles, sorted; articles without any are left out.
func (s *Store) ArticleTags(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error) {
	out := map[int64]newsdesk.ArticleTags{}
	idj, err := json.Marshal(ids)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `WITH ids(id) AS (SELECT value FROM json_each(?1))
		SELECT article_id, 'e', entity_id FROM (SELECT DISTINCT article_id, entity_id FROM mentions WHERE article_id IN ids AND entity_id IS NOT NULL)
		UNION ALL SELECT article_id, 's', speaker_id FROM (SELECT DISTINCT article_id, speaker_id FROM quotes WHERE article_id IN ids AND speaker_id IS NOT NULL)
		UNION ALL SELECT article_id, 'a', lower(agency) FROM article_agencies WHERE article_id IN ids
		UNION ALL SELECT article_id, 'c', coalesce(copy_of, 0) || ' ' || story FROM connections WHERE article_id IN ids
		ORDER BY 1, 2, 3`, string(idj))
	if err == nil {
		defer rows.Close()
		for rows.Next() {
			var id int64
			var kind, v string
			if err = rows.Scan(&id, &kind, &v); err != nil {
				break
			}
			t := out[id]
			switch kind {
			case "e":
				t.Entities = append(t.Entities, v)
			case "s":
				t.Speakers = append(t.Speakers, v)
			case "c":
				if _, err = fmt.Sscan(v, &t.CopyOf, &t.Story); err != nil {
					err = fmt.Errorf("article %d: connection %q: %w", id, v, err)
				}
			default:
				t.Agencies = append(t.Agencies, v)
			}
			out[id] = t
		}
		if err == nil {
			err = rows.Err()
		}
	}
	if err != nil {
		return nil, fmt.Errorf("sqlite: article tags: %w", err)
	}
	return out, nil
}

// ArticleAttribution returns what an article's analysis says it rests
// on: its quotations, agencies, cited sources and figures, in text
// order.
func (s *Store) ArticleAttribution(ctx context.Context, articleID int64) (*newsdesk.Attribution, error) {
	out := &newsdesk.Attribution{Quotes: []newsdesk.Quotation{}, Agencies: []string{}, Sources: []newsdesk.CitedSource{}, Figures: []newsdesk.Figure{}}
	wrap := func(err error) error { return fmt.Errorf("sqlite: attribution of article %d: %w", articleID, err) }
	rows, err := s.r.QueryContext(ctx, `SELECT `+quoteColumns+` FROM quotes q WHERE article_id = ? ORDER BY start, id`, articleID)
	if err != nil {
		return nil, wrap(err)
	}
	for rows.Next() {
		q, _, err := scanQuote(rows)
		if err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		out.Quotes = append(out.Quotes, q)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT agency FROM article_agencies WHERE article_id = ? ORDER BY pos`, articleID)
	if err != nil {
		return nil, wrap(err)
	}
	for rows.Next() {
		var a string
		if err := rows.Scan(&a); err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		out.Agencies = append(out.Agencies, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT start, end, text, name, kind, coalesce(entity_id, '') FROM cited_sources WHERE article_id = ? ORDER BY start`, articleID)
	if err != nil {
		return nil, wrap(err)
	}
	for rows.Next() {
		var c newsdesk.CitedSource
		var kind string
		if err := rows.Scan(&c.Start, &c.End, &c.Text, &c.Name, &kind, &c.EntityID); err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		c.Kind = newsdesk.CitationKind(kind)
		out.Sources = append(out.Sources, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	rows, err = s.r.QueryContext(ctx, `SELECT start, end, text, value, unit, claimant_start, claimant_end, claimant_text, claimant_id
		FROM figures WHERE article_id = ? ORDER BY start`, articleID)
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var f newsdesk.Figure
		var cs, ce sql.NullInt64
		var ct, cid sql.NullString
		if err := rows.Scan(&f.Start, &f.End, &f.Text, &f.Value, &f.Unit, &cs, &ce, &ct, &cid); err != nil {
			return nil, wrap(err)
		}
		if cs.Valid {
			f.Claimant = &newsdesk.Attributed{Span: newsdesk.Span{Start: int(cs.Int64), End: int(ce.Int64), Text: ct.String}, EntityID: cid.String}
		}
		out.Figures = append(out.Figures, f)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// speakerKey is the SQL expression of who said a quotation of quotes q:
// its speaker's entity, else the speaker as written, folded.
const speakerKey = `coalesce(q.speaker_id, '~' || lower(coalesce(q.speaker_text, '')))`

// quoteColumns are the columns scanQuote reads, of quotes as q.
const quoteColumns = `q.id, q.article_id, q.start, q.end, q.text, q.form, q.parts, q.cue_start, q.cue_end, q.cue_text,
	q.speaker_start, q.speaker_end, q.speaker_text, q.speaker_id`

// scanQuote reads a row of quoteColumns followed by extra columns into
// extra; it returns the quotation's article id too.
func scanQuote(rows *sql.Rows, extra ...any) (newsdesk.Quotation, int64, error) {
	var q newsdesk.Quotation
	var id, article int64
	var form string
	var parts, cueText, spText, spID sql.NullString
	var cueStart, cueEnd, spStart, spEnd sql.NullInt64
	dst := []any{&id, &article, &q.Start, &q.End, &q.Text, &form, &parts, &cueStart, &cueEnd, &cueText,
		&spStart, &spEnd, &spText, &spID}
	err := rows.Scan(append(dst, extra...)...)
	if err != nil {
		return q, 0, err
	}
	q.Form = newsdesk.QuoteForm(form)
	if parts.Valid {
		if err := json.Unmarshal([]byte(parts.String), &q.Parts); err != nil {
			return q, 0, fmt.Errorf("quote %d: parts: %w", id, err)
		}
	}
	if cueStart.Valid {
		q.Cue = &newsdesk.Span{Start: int(cueStart.Int64), End: int(cueEnd.Int64), Text: cueText.String}
	}
	if spStart.Valid {
		q.Speaker = &newsdesk.Attributed{Span: newsdesk.Span{Start: int(spStart.Int64), End: int(spEnd.Int64), Text: spText.String}, EntityID: spID.String}
	}
	return q, article, nil
}

// ftsQuery turns a quote search into an FTS5 query over quotes_fts: each
// word must match, as its German, English or unstemmed term when lang is
// unknown; a "quoted phrase" must match as a phrase. ok is false when
// the query has no words.
func ftsQuery(q, lang string) (query string, ok bool) {
	langs := []string{analysis.German, analysis.English, analysis.Neutral}
	if lang != "" {
		langs = []string{analysis.Lang(lang)}
	}
	var clauses []string
	alt := func(phrase []string) {
		seen := map[string]bool{}
		var alts []string
		for _, l := range langs {
			terms := make([]string, len(phrase))
			for i, w := range phrase {
				terms[i] = analysis.Term(l, w)
			}
			t := `"` + strings.Join(terms, " ") + `"`
			if !seen[t] {
				seen[t] = true
				alts = append(alts, t)
			}
		}
		clauses = append(clauses, "("+strings.Join(alts, " OR ")+")")
	}
	for i, part := range strings.Split(q, `"`) {
		var words []string
		analysis.Words(part, func(w string, _, _ int) { words = append(words, w) })
		if len(words) == 0 {
			continue
		}
		if i%2 == 1 {
			alt(words)
			continue
		}
		for _, w := range words {
			alt([]string{w})
		}
	}
	return strings.Join(clauses, " AND "), len(clauses) > 0
}

// quoteCursor is the position after the last quotation of a page.
type quoteCursor struct {
	Published string `json:"p"`
	ID        int64  `json:"i"`
}

// Quotes lists the quotations f selects, newest first: each distinct
// quotation (by words and speaker) once, shown in the earliest article
// that carries it, with every article that does.
func (s *Store) Quotes(ctx context.Context, f newsdesk.QuoteFilter) (*newsdesk.QuoteList, error) {
	wrap := func(err error) error { return fmt.Errorf("sqlite: quotes: %w", err) }
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	var where []string
	var args []any
	from := `quotes q`
	if strings.TrimSpace(f.Query) != "" {
		m, ok := ftsQuery(f.Query, f.Lang)
		if !ok {
			return &newsdesk.QuoteList{Quotes: []newsdesk.QuoteHit{}}, nil
		}
		from = `quotes q JOIN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?) m ON m.rowid = q.id`
		args = append(args, m)
	}
	if f.Speaker != "" {
		where = append(where, `q.speaker_id = ?`)
		args = append(args, f.Speaker)
	}
	if !f.From.IsZero() {
		where = append(where, `q.published >= ?`)
		args = append(args, f.From.UTC().Format(time.RFC3339Nano))
	}
	if !f.To.IsZero() {
		where = append(where, `q.published < ?`)
		args = append(args, f.To.UTC().Format(time.RFC3339Nano))
	}
	if f.Story != 0 {
		where = append(where, `q.article_id IN (SELECT article_id FROM connections WHERE story = ?)`)
		args = append(args, f.Story)
	}
	if f.Lang != "" {
		where = append(where, `q.lang = ?`)
		args = append(args, f.Lang)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	// first: the earliest matching row of each distinct quotation.
	first := `WITH matched AS (SELECT q.id, q.fingerprint || '|' || ` + speakerKey + ` AS fp, q.published FROM ` + from + cond + `),
		first AS (SELECT id, fp, published FROM (SELECT id, fp, published,
			row_number() OVER (PARTITION BY fp ORDER BY published, id) AS rn FROM matched) WHERE rn = 1)`
	out := &newsdesk.QuoteList{Quotes: []newsdesk.QuoteHit{}}
	if err := s.r.QueryRowContext(ctx, first+` SELECT count(*) FROM first`, args...).Scan(&out.Total); err != nil {
		return nil, wrap(err)
	}
	page := first + ` SELECT ` + quoteColumns + `, f.id, q.published, q.lang, f.fp, a.title, a.url, a.site_name,
		coalesce(e.name, '') FROM first f JOIN quotes q ON q.id = f.id JOIN articles a ON a.id = q.article_id
		LEFT JOIN entities e ON e.id = q.speaker_id`
	pargs := append([]any{}, args...)
	if f.Cursor != "" {
		var c quoteCursor
		if err := decodeCursor(f.Cursor, &c); err != nil {
			return nil, fmt.Errorf("sqlite: quotes: %w", err)
		}
		page += ` WHERE (f.published, f.id) < (?, ?)`
		pargs = append(pargs, c.Published, c.ID)
	}
	page += ` ORDER BY f.published DESC, f.id DESC LIMIT ?`
	pargs = append(pargs, limit+1)
	rows, err := s.r.QueryContext(ctx, page, pargs...)
	if err != nil {
		return nil, wrap(err)
	}
	var prints []string
	var last quoteCursor
	for rows.Next() {
		var h newsdesk.QuoteHit
		var published, fp, siteName string
		var firstID int64
		q, article, err := scanQuote(rows, &firstID, &published, &h.Lang, &fp, &h.Title, &h.URL, &siteName, &h.SpeakerName)
		if err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		if len(out.Quotes) == limit {
			out.NextCursor = encodeCursor(last)
			break
		}
		h.Quotation, h.ArticleID = q, article
		if h.Published, err = parseTime(sql.NullString{String: published, Valid: true}); err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		h.Site = siteOf(h.URL, siteName)
		h.Outlets = []newsdesk.QuoteOutlet{}
		out.Quotes = append(out.Quotes, h)
		prints = append(prints, fp)
		last = quoteCursor{Published: published, ID: firstID}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	if len(prints) == 0 {
		return out, nil
	}
	byPrint := map[string][]newsdesk.QuoteOutlet{}
	pj, err := json.Marshal(prints)
	if err != nil {
		return nil, wrap(err)
	}
	rows, err = s.r.QueryContext(ctx, `WITH fps(fp) AS (SELECT value FROM json_each(?)),
		qs AS (SELECT q.article_id, q.published, q.fingerprint || '|' || `+speakerKey+` AS fp FROM quotes q
			WHERE q.fingerprint IN (SELECT substr(fp, 1, instr(fp, '|') - 1) FROM fps))
		SELECT qs.fp, a.id, a.url, a.site_name, a.title, min(qs.published) FROM qs
		JOIN articles a ON a.id = qs.article_id WHERE qs.fp IN fps
		GROUP BY qs.fp, a.id ORDER BY 6, 2`, string(pj))
	if err != nil {
		return nil, wrap(err)
	}
	defer rows.Close()
	for rows.Next() {
		var fp, site, published string
		var o newsdesk.QuoteOutlet
		if err := rows.Scan(&fp, &o.ArticleID, &o.URL, &site, &o.Title, &published); err != nil {
			return nil, wrap(err)
		}
		o.Site = siteOf(o.URL, site)
		if o.Published, err = parseTime(sql.NullString{String: published, Valid: true}); err != nil {
			return nil, wrap(err)
		}
		byPrint[fp] = append(byPrint[fp], o)
	}
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	for i := range out.Quotes {
		if os := byPrint[prints[i]]; len(os) > 0 {
			out.Quotes[i].Outlets = os
		}
	}
	return out, nil
}

// siteOf returns the site an article is from: the host of its URL
// without "www.", else its site name.
func siteOf(rawURL, siteName string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return siteName
}

// attributionLinks are the columns of the tables that link a span of
// text to an entity beside mentions: a speaker, a cited source, a
// claimant.
var attributionLinks = []struct{ table, id, text string }{
	{"quotes", "speaker_id", "speaker_text"},
	{"cited_sources", "entity_id", "text"},
	{"figures", "claimant_id", "claimant_text"},
}

// relinkAttribution sets the entity of the speakers, cited sources and
// claimants that cond selects to id, and writes the articles whose
// speakers change to the change log. cond is an SQL condition in which
// {id} and {text} stand for each table's entity and text columns.
func (s *Store) relinkAttribution(ctx context.Context, tx *sql.Tx, id, cond string, args ...any) error {
	for _, l := range attributionLinks {
		c := strings.NewReplacer("{id}", l.id, "{text}", l.text).Replace(cond)
		if l.table == "quotes" {
			_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO changes (article_id)
				SELECT DISTINCT article_id FROM quotes WHERE `+c+` ORDER BY article_id`, args...)
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE `+l.table+` SET `+l.id+` = ? WHERE `+c, append([]any{id}, args...)...); err != nil {
			return err
		}
	}
	return nil
}
