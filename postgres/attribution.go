package postgres

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk"
	"newsdesk/search/analysis"
)

// analysisRows are the rows of a batch of analyses to insert, gathered
// in the embedded store's order so that the same analyses keep the same
// rows: a later mention, cited source or figure at the offset of an
// earlier one of its article replaces it, a repeated agency keeps its
// first place, the first name an entity is saved with stays.
type analysisRows struct {
	analyzedIDs    []int64
	analyzedHashes []string

	entities     []string
	entityNames  []string
	entityTypes  []string
	seenEntities map[string]bool

	mentions []mentionRow
	quotes   []quoteRow

	agencyArticles []int64
	agencies       []string
	agencyPos      []int32

	sources []sourceRow
	figures []figureRow
}

type mentionRow struct {
	article    int64
	start, end int32
	text, typ  string
	kind       string
	entity     *string
	published  time.Time
}

type quoteRow struct {
	article           int64
	start, end        int32
	text, form        string
	parts             *string
	cueStart, cueEnd  *int32
	cueText           *string
	spStart, spEnd    *int32
	spText, speaker   *string
	published         time.Time
	lang, fingerprint string
	terms             string
}

type sourceRow struct {
	article          int64
	start, end       int32
	text, name, kind string
	entity           *string
}

type figureRow struct {
	article        int64
	start, end     int32
	text           string
	value          float64
	unit           string
	cStart, cEnd   *int32
	cText, claimer *string
}

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// nonEmpty returns a pointer to s, or nil for "" (NULL).
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// add gathers the rows of the analysis of article id, with the users'
// edits applied to its entities, and returns what the search index
// files the article under as tagSets writes it.
func (w *analysisRows) add(id int64, d articleDate, a *newsdesk.Analysis, ed entityEdits) map[string]bool {
	tags := map[string]bool{}
	at := map[int32]int{}
	for _, m := range a.Mentions {
		eid := clean(ed.resolve(m.Text, m.EntityID))
		if eid != "" {
			tags["e:"+eid] = true
		}
		r := mentionRow{article: id, start: int32(m.Start), end: int32(m.End), text: clean(m.Text), typ: clean(string(m.Type)),
			kind: clean(string(m.Kind)), entity: nonEmpty(eid), published: d.published}
		if i, ok := at[r.start]; ok {
			w.mentions[i] = r
			continue
		}
		at[r.start] = len(w.mentions)
		w.mentions = append(w.mentions, r)
	}
	for _, q := range a.Quotes {
		r := quoteRow{article: id, start: int32(q.Start), end: int32(q.End), text: clean(q.Text), form: clean(string(q.Form)),
			published: d.published, lang: d.language, fingerprint: quoteFingerprint(q.Text),
			terms: quoteTerms(analysis.Terms(analysis.Lang(d.language), q.Text, nil))}
		if len(q.Parts) > 0 {
			parts := slices.Clone(q.Parts)
			for i := range parts {
				parts[i].Text = clean(parts[i].Text)
			}
			b, _ := json.Marshal(parts)
			r.parts = ptr(string(b))
		}
		if c := q.Cue; c != nil {
			r.cueStart, r.cueEnd, r.cueText = ptr(int32(c.Start)), ptr(int32(c.End)), ptr(clean(c.Text))
		}
		if sp := q.Speaker; sp != nil {
			r.spStart, r.spEnd, r.spText = ptr(int32(sp.Start)), ptr(int32(sp.End)), ptr(clean(sp.Text))
			if speaker := clean(ed.resolve(sp.Text, sp.EntityID)); speaker != "" {
				r.speaker = &speaker
				tags["s:"+speaker] = true
			}
		}
		w.quotes = append(w.quotes, r)
	}
	seen := map[string]bool{}
	for i, ag := range a.Agencies {
		ag = clean(ag)
		tags["a:"+strings.ToLower(ag)] = true
		if seen[ag] {
			continue
		}
		seen[ag] = true
		w.agencyArticles = append(w.agencyArticles, id)
		w.agencies = append(w.agencies, ag)
		w.agencyPos = append(w.agencyPos, int32(i))
	}
	clear(at)
	for _, c := range a.Sources {
		r := sourceRow{article: id, start: int32(c.Start), end: int32(c.End), text: clean(c.Text), name: clean(c.Name),
			kind: clean(string(c.Kind)), entity: nonEmpty(clean(ed.resolve(c.Text, c.EntityID)))}
		if i, ok := at[r.start]; ok {
			w.sources[i] = r
			continue
		}
		at[r.start] = len(w.sources)
		w.sources = append(w.sources, r)
	}
	clear(at)
	for _, f := range a.Figures {
		r := figureRow{article: id, start: int32(f.Start), end: int32(f.End), text: clean(f.Text), value: f.Value, unit: clean(f.Unit)}
		if c := f.Claimant; c != nil {
			r.cStart, r.cEnd, r.cText = ptr(int32(c.Start)), ptr(int32(c.End)), ptr(clean(c.Text))
			r.claimer = nonEmpty(clean(ed.resolve(c.Text, c.EntityID)))
		}
		if i, ok := at[r.start]; ok {
			w.figures[i] = r
			continue
		}
		at[r.start] = len(w.figures)
		w.figures = append(w.figures, r)
	}
	if w.seenEntities == nil {
		w.seenEntities = map[string]bool{}
	}
	for _, e := range a.Entities {
		eid := clean(e.ID)
		if w.seenEntities[eid] {
			continue
		}
		w.seenEntities[eid] = true
		w.entities = append(w.entities, eid)
		w.entityNames = append(w.entityNames, clean(e.Name))
		w.entityTypes = append(w.entityTypes, clean(string(e.Type)))
	}
	return tags
}

// save inserts the rows gathered, in one round trip but for the ids of
// the quotations. The rows of their articles must have been deleted.
func (w *analysisRows) save(ctx context.Context, tx pgx.Tx) error {
	var quoteIDs []int64
	if len(w.quotes) > 0 {
		rows, err := tx.Query(ctx, `SELECT nextval(pg_get_serial_sequence('quotes', 'id')) FROM generate_series(1, $1)`, len(w.quotes))
		if err != nil {
			return err
		}
		if quoteIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
			return err
		}
		// Quotations take ids in the order saved, as the embedded
		// store's do: the first of two at one time is the lower.
		slices.Sort(quoteIDs)
	}
	b := &pgx.Batch{}
	if len(w.analyzedIDs) > 0 {
		b.Queue(`INSERT INTO analyzed (article_id, hash) SELECT * FROM unnest($1::bigint[], $2::text[])
			ON CONFLICT (article_id) DO UPDATE SET hash = excluded.hash`, w.analyzedIDs, w.analyzedHashes)
	}
	if len(w.entities) > 0 {
		b.Queue(`INSERT INTO entities (id, name, type) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])
			ON CONFLICT (id) DO NOTHING`, w.entities, w.entityNames, w.entityTypes)
	}
	if n := len(w.mentions); n > 0 {
		var (
			article   = make([]int64, n)
			start     = make([]int32, n)
			end       = make([]int32, n)
			text      = make([]string, n)
			typ       = make([]string, n)
			kind      = make([]string, n)
			entity    = make([]*string, n)
			published = make([]time.Time, n)
		)
		for i, m := range w.mentions {
			article[i], start[i], end[i], text[i], typ[i], kind[i], entity[i], published[i] =
				m.article, m.start, m.end, m.text, m.typ, m.kind, m.entity, m.published
		}
		b.Queue(`INSERT INTO mentions (article_id, start, "end", text, type, kind, entity_id, published)
			SELECT * FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])`,
			article, start, end, text, typ, kind, entity, published)
	}
	if n := len(w.quotes); n > 0 {
		var (
			article          = make([]int64, n)
			start, end       = make([]int32, n), make([]int32, n)
			text, form       = make([]string, n), make([]string, n)
			parts, cueText   = make([]*string, n), make([]*string, n)
			cueStart, cueEnd = make([]*int32, n), make([]*int32, n)
			spStart, spEnd   = make([]*int32, n), make([]*int32, n)
			spText, speaker  = make([]*string, n), make([]*string, n)
			published        = make([]time.Time, n)
			lang, fp, terms  = make([]string, n), make([]string, n), make([]string, n)
		)
		for i, q := range w.quotes {
			article[i], start[i], end[i], text[i], form[i], parts[i] = q.article, q.start, q.end, q.text, q.form, q.parts
			cueStart[i], cueEnd[i], cueText[i] = q.cueStart, q.cueEnd, q.cueText
			spStart[i], spEnd[i], spText[i], speaker[i] = q.spStart, q.spEnd, q.spText, q.speaker
			published[i], lang[i], fp[i], terms[i] = q.published, q.lang, q.fingerprint, q.terms
		}
		b.Queue(`INSERT INTO quotes (id, article_id, start, "end", text, form, parts, cue_start, cue_end, cue_text,
			speaker_start, speaker_end, speaker_text, speaker_id, published, lang, fingerprint)
			SELECT id, article_id, s, e, text, form, parts::jsonb, cs, ce, ct, ss, se, st, sid, published, lang, fp
			FROM unnest($1::bigint[], $2::bigint[], $3::integer[], $4::integer[], $5::text[], $6::text[], $7::text[],
				$8::integer[], $9::integer[], $10::text[], $11::integer[], $12::integer[], $13::text[], $14::text[],
				$15::timestamptz[], $16::text[], $17::text[])
			AS u(id, article_id, s, e, text, form, parts, cs, ce, ct, ss, se, st, sid, published, lang, fp)`,
			quoteIDs, article, start, end, text, form, parts, cueStart, cueEnd, cueText,
			spStart, spEnd, spText, speaker, published, lang, fp)
		b.Queue(`INSERT INTO quotes_fts (id, terms) SELECT id, terms::tsvector FROM unnest($1::bigint[], $2::text[]) AS u(id, terms)`,
			quoteIDs, terms)
	}
	if len(w.agencies) > 0 {
		b.Queue(`INSERT INTO article_agencies (article_id, agency, pos) SELECT * FROM unnest($1::bigint[], $2::text[], $3::integer[])`,
			w.agencyArticles, w.agencies, w.agencyPos)
	}
	if n := len(w.sources); n > 0 {
		var (
			article          = make([]int64, n)
			start, end       = make([]int32, n), make([]int32, n)
			text, name, kind = make([]string, n), make([]string, n), make([]string, n)
			entity           = make([]*string, n)
		)
		for i, c := range w.sources {
			article[i], start[i], end[i], text[i], name[i], kind[i], entity[i] = c.article, c.start, c.end, c.text, c.name, c.kind, c.entity
		}
		b.Queue(`INSERT INTO cited_sources (article_id, start, "end", text, name, kind, entity_id)
			SELECT * FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::text[], $5::text[], $6::text[], $7::text[])`,
			article, start, end, text, name, kind, entity)
	}
	if n := len(w.figures); n > 0 {
		var (
			article      = make([]int64, n)
			start, end   = make([]int32, n), make([]int32, n)
			text, unit   = make([]string, n), make([]string, n)
			value        = make([]float64, n)
			cStart, cEnd = make([]*int32, n), make([]*int32, n)
			cText, cID   = make([]*string, n), make([]*string, n)
		)
		for i, f := range w.figures {
			article[i], start[i], end[i], text[i], value[i], unit[i] = f.article, f.start, f.end, f.text, f.value, f.unit
			cStart[i], cEnd[i], cText[i], cID[i] = f.cStart, f.cEnd, f.cText, f.claimer
		}
		b.Queue(`INSERT INTO figures (article_id, start, "end", text, value, unit, claimant_start, claimant_end, claimant_text, claimant_id)
			SELECT * FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::text[], $5::double precision[], $6::text[],
				$7::integer[], $8::integer[], $9::text[], $10::text[])`,
			article, start, end, text, value, unit, cStart, cEnd, cText, cID)
	}
	if b.Len() == 0 {
		return nil
	}
	return tx.SendBatch(ctx, b).Close()
}

// quoteFingerprint identifies the words of a quotation across the
// articles that carry it: wire copies with other punctuation, quotation
// marks or case share it. With quoteSpeakerKey, it identifies a
// quotation. It is the embedded store's.
func quoteFingerprint(text string) string {
	var b strings.Builder
	analysis.Words(text, func(w string, _, _ int) {
		b.WriteString(analysis.Fold(w))
		b.WriteByte(' ')
	})
	sum := sha256.Sum256([]byte(b.String()))
	return hex.EncodeToString(sum[:12])
}

// tsLexeme quotes a term as a lexeme of tsvector and tsquery input, so
// that the server takes it as it is.
func tsLexeme(term string) string {
	term = clean(term)
	if strings.ContainsAny(term, `\'`) {
		term = tsQuoting.Replace(term)
	}
	return "'" + term + "'"
}

// tsQuoting escapes the characters a quoted lexeme cannot hold as they
// are.
var tsQuoting = strings.NewReplacer(`\`, `\\`, `'`, `''`)

// quoteTerms returns tsvector input whose lexemes are terms, at
// positions 1, 2, … in order; empty terms take no position.
func quoteTerms(terms []string) string {
	var b strings.Builder
	pos := 0
	for _, t := range terms {
		if t == "" {
			continue
		}
		pos++
		if pos > 1 {
			b.WriteByte(' ')
		}
		b.WriteString(tsLexeme(t))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(pos))
	}
	return b.String()
}

// quoteQuery turns a quote search into tsquery input over quotes_fts:
// each word must match, as its German, English or unstemmed term when
// lang is unknown; a "quoted phrase" must match as a phrase (its terms
// at consecutive positions). ok is false when the query has no words.
func quoteQuery(q, lang string) (query string, ok bool) {
	langs := []string{analysis.German, analysis.English, analysis.Neutral}
	if lang != "" {
		langs = []string{analysis.Lang(lang)}
	}
	var clauses []string
	alt := func(phrase []string) {
		seen := map[string]bool{}
		var alts []string
		for _, l := range langs {
			var terms []string
			for _, w := range phrase {
				if t := analysis.Term(l, w); t != "" {
					terms = append(terms, tsLexeme(t))
				}
			}
			if len(terms) == 0 {
				continue
			}
			t := strings.Join(terms, " <-> ")
			if !seen[t] {
				seen[t] = true
				alts = append(alts, "("+t+")")
			}
		}
		if len(alts) > 0 {
			clauses = append(clauses, "("+strings.Join(alts, " | ")+")")
		}
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
	return strings.Join(clauses, " & "), len(clauses) > 0
}

// ArticleTags returns the entities, speakers and agencies of the given
// articles, each sorted, and their connections; articles without any
// are left out.
func (s *Store) ArticleTags(ctx context.Context, ids []int64) (map[int64]newsdesk.ArticleTags, error) {
	wrap := func(err error) error { return fmt.Errorf("postgres: article tags: %w", classify(err)) }
	out := map[int64]newsdesk.ArticleTags{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT article_id, 'e', entity_id COLLATE "C" FROM (SELECT DISTINCT article_id, entity_id FROM mentions
			WHERE article_id = ANY($1) AND entity_id IS NOT NULL) m
		UNION ALL SELECT article_id, 's', speaker_id COLLATE "C" FROM (SELECT DISTINCT article_id, speaker_id FROM quotes
			WHERE article_id = ANY($1) AND speaker_id IS NOT NULL) q
		UNION ALL SELECT article_id, 'a', lower(agency) COLLATE "C" FROM article_agencies WHERE article_id = ANY($1)
		ORDER BY 1, 2, 3`, ids)
	if err != nil {
		return nil, wrap(err)
	}
	var id int64
	var kind, v string
	_, err = pgx.ForEachRow(rows, []any{&id, &kind, &v}, func() error {
		t := out[id]
		switch kind {
		case "e":
			t.Entities = append(t.Entities, v)
		case "s":
			t.Speakers = append(t.Speakers, v)
		default:
			t.Agencies = append(t.Agencies, v)
		}
		out[id] = t
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	rows, err = s.pool.Query(ctx, `SELECT article_id, coalesce(copy_of, 0), story FROM connections WHERE article_id = ANY($1)`, ids)
	if err == nil {
		var copyOf, story int64
		_, err = pgx.ForEachRow(rows, []any{&id, &copyOf, &story}, func() error {
			t := out[id]
			t.CopyOf, t.Story = copyOf, story
			out[id] = t
			return nil
		})
	}
	if err != nil {
		return nil, wrap(err)
	}
	return out, nil
}

// ArticleAttribution returns what an article's analysis says it rests
// on: its quotations, agencies, cited sources and figures, in text
// order.
func (s *Store) ArticleAttribution(ctx context.Context, articleID int64) (*newsdesk.Attribution, error) {
	out := &newsdesk.Attribution{Quotes: []newsdesk.Quotation{}, Agencies: []string{}, Sources: []newsdesk.CitedSource{}, Figures: []newsdesk.Figure{}}
	b := &pgx.Batch{}
	b.Queue(`SELECT `+quoteColumns+` FROM quotes q WHERE article_id = $1 ORDER BY start, id`, articleID).Query(func(rows pgx.Rows) error {
		defer rows.Close()
		for rows.Next() {
			q, _, err := scanQuote(rows)
			if err != nil {
				return err
			}
			out.Quotes = append(out.Quotes, q)
		}
		return rows.Err()
	})
	b.Queue(`SELECT agency FROM article_agencies WHERE article_id = $1 ORDER BY pos`, articleID).Query(func(rows pgx.Rows) error {
		var a string
		_, err := pgx.ForEachRow(rows, []any{&a}, func() error {
			out.Agencies = append(out.Agencies, a)
			return nil
		})
		return err
	})
	b.Queue(`SELECT start, "end", text, name, kind, coalesce(entity_id, '') FROM cited_sources
		WHERE article_id = $1 ORDER BY start`, articleID).Query(func(rows pgx.Rows) error {
		var c newsdesk.CitedSource
		var kind string
		_, err := pgx.ForEachRow(rows, []any{&c.Start, &c.End, &c.Text, &c.Name, &kind, &c.EntityID}, func() error {
			c.Kind = newsdesk.CitationKind(kind)
			out.Sources = append(out.Sources, c)
			return nil
		})
		return err
	})
	b.Queue(`SELECT start, "end", text, value, unit, claimant_start, claimant_end, claimant_text, claimant_id
		FROM figures WHERE article_id = $1 ORDER BY start`, articleID).Query(func(rows pgx.Rows) error {
		var f newsdesk.Figure
		var cs, ce *int
		var ct, cid *string
		_, err := pgx.ForEachRow(rows, []any{&f.Start, &f.End, &f.Text, &f.Value, &f.Unit, &cs, &ce, &ct, &cid}, func() error {
			g := f
			if cs != nil {
				g.Claimant = &newsdesk.Attributed{Span: newsdesk.Span{Start: *cs, End: orZero(ce), Text: orZero(ct)}, EntityID: orZero(cid)}
			}
			out.Figures = append(out.Figures, g)
			return nil
		})
		return err
	})
	if err := s.pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("postgres: attribution of article %d: %w", articleID, classify(err))
	}
	return out, nil
}

// orZero returns *p, or the zero value for nil.
func orZero[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// quoteSpeakerKey is the SQL expression of who said a quotation of
// quotes q: its speaker's entity, else the speaker as written, folded.
const quoteSpeakerKey = `coalesce(q.speaker_id, '~' || lower(coalesce(q.speaker_text, '')))`

// quoteColumns are the columns scanQuote reads, of quotes as q.
const quoteColumns = `q.id, q.article_id, q.start, q."end", q.text, q.form, q.parts, q.cue_start, q.cue_end, q.cue_text,
	q.speaker_start, q.speaker_end, q.speaker_text, q.speaker_id`

// scanQuote reads a row of quoteColumns followed by extra columns into
// extra; it returns the quotation's article id too.
func scanQuote(rows pgx.Rows, extra ...any) (newsdesk.Quotation, int64, error) {
	var q newsdesk.Quotation
	var id, article int64
	var form string
	var parts []byte
	var cueText, spText, spID *string
	var cueStart, cueEnd, spStart, spEnd *int
	dst := []any{&id, &article, &q.Start, &q.End, &q.Text, &form, &parts, &cueStart, &cueEnd, &cueText,
		&spStart, &spEnd, &spText, &spID}
	if err := rows.Scan(append(dst, extra...)...); err != nil {
		return q, 0, err
	}
	q.Form = newsdesk.QuoteForm(form)
	if parts != nil {
		if err := json.Unmarshal(parts, &q.Parts); err != nil {
			return q, 0, fmt.Errorf("quote %d: parts: %w", id, err)
		}
	}
	if cueStart != nil {
		q.Cue = &newsdesk.Span{Start: *cueStart, End: orZero(cueEnd), Text: orZero(cueText)}
	}
	if spStart != nil {
		q.Speaker = &newsdesk.Attributed{Span: newsdesk.Span{Start: *spStart, End: orZero(spEnd), Text: orZero(spText)}, EntityID: orZero(spID)}
	}
	return q, article, nil
}

// quoteCursor is the position after the last quotation of a page.
type quoteCursor struct {
	Published time.Time `json:"p"`
	ID        int64     `json:"i"`
}

func (c quoteCursor) encode() string {
	b, _ := json.Marshal(c)
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeQuoteCursor reads a cursor quoteCursor.encode wrote; one it did
// not write is newsdesk.ErrBadCursor.
func decodeQuoteCursor(s string) (quoteCursor, error) {
	var c quoteCursor
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Published.IsZero() {
		return c, newsdesk.ErrBadCursor
	}
	return c, nil
}

// Quotes lists the quotations f selects, newest first: each distinct
// quotation (by words and speaker) once, shown in the earliest article
// that carries it, with every article that does; read in one snapshot.
func (s *Store) Quotes(ctx context.Context, f newsdesk.QuoteFilter) (*newsdesk.QuoteList, error) {
	wrap := func(err error) error { return fmt.Errorf("postgres: quotes: %w", classify(err)) }
	limit := f.Limit
	if limit <= 0 {
		limit = 20
	}
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return "$" + strconv.Itoa(len(args))
	}
	var where []string
	from := `quotes q`
	if strings.TrimSpace(f.Query) != "" {
		m, ok := quoteQuery(f.Query, f.Lang)
		if !ok {
			return &newsdesk.QuoteList{Quotes: []newsdesk.QuoteHit{}}, nil
		}
		from = `quotes q JOIN quotes_fts m ON m.id = q.id`
		where = append(where, `m.terms @@ `+arg(m)+`::tsquery`)
	}
	if f.Speaker != "" {
		where = append(where, `q.speaker_id = `+arg(clean(f.Speaker)))
	}
	if !f.From.IsZero() {
		where = append(where, `q.published >= `+arg(f.From))
	}
	if !f.To.IsZero() {
		where = append(where, `q.published < `+arg(f.To))
	}
	if f.Story != 0 {
		where = append(where, `q.article_id IN (SELECT article_id FROM connections WHERE story = `+arg(f.Story)+`)`)
	}
	if f.Lang != "" {
		where = append(where, `q.lang = `+arg(clean(f.Lang)))
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var cursor quoteCursor
	if f.Cursor != "" {
		var err error
		if cursor, err = decodeQuoteCursor(f.Cursor); err != nil {
			return nil, wrap(err)
		}
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, wrap(err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// first: the earliest matching row of each distinct quotation.
	first := `WITH matched AS (SELECT q.id, q.fingerprint || '|' || ` + quoteSpeakerKey + ` AS fp, q.published FROM ` + from + cond + `),
		first AS (SELECT DISTINCT ON (fp) id, fp, published FROM matched ORDER BY fp, published, id)`
	out := &newsdesk.QuoteList{Quotes: []newsdesk.QuoteHit{}}
	if err := tx.QueryRow(ctx, first+` SELECT count(*) FROM first`, args...).Scan(&out.Total); err != nil {
		return nil, wrap(err)
	}
	page := first + ` SELECT ` + quoteColumns + `, f.id, q.published, q.lang, f.fp, a.title, a.url, a.site_name,
		coalesce(e.name, '') FROM first f JOIN quotes q ON q.id = f.id JOIN articles a ON a.id = q.article_id
		LEFT JOIN entities e ON e.id = q.speaker_id`
	if f.Cursor != "" {
		page += ` WHERE (f.published, f.id) < (` + arg(cursor.Published) + `::timestamptz, ` + arg(cursor.ID) + `::bigint)`
	}
	page += ` ORDER BY f.published DESC, f.id DESC LIMIT ` + arg(limit+1)
	rows, err := tx.Query(ctx, page, args...)
	if err != nil {
		return nil, wrap(err)
	}
	var prints []string
	var last quoteCursor
	for rows.Next() {
		var h newsdesk.QuoteHit
		var fp, siteName string
		var firstID int64
		q, article, err := scanQuote(rows, &firstID, &h.Published, &h.Lang, &fp, &h.Title, &h.URL, &siteName, &h.SpeakerName)
		if err != nil {
			rows.Close()
			return nil, wrap(err)
		}
		if len(out.Quotes) == limit {
			out.NextCursor = last.encode()
			break
		}
		h.Quotation, h.ArticleID = q, article
		h.Published = h.Published.UTC()
		h.Site = quoteSite(h.URL, siteName)
		h.Outlets = []newsdesk.QuoteOutlet{}
		out.Quotes = append(out.Quotes, h)
		prints = append(prints, fp)
		last = quoteCursor{Published: h.Published, ID: firstID}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, wrap(err)
	}
	if len(prints) == 0 {
		return out, nil
	}
	fingerprints := make([]string, len(prints))
	for i, p := range prints {
		fingerprints[i], _, _ = strings.Cut(p, "|")
	}
	rows, err = tx.Query(ctx, `WITH qs AS (SELECT q.article_id, q.published, q.fingerprint || '|' || `+quoteSpeakerKey+` AS fp
			FROM quotes q WHERE q.fingerprint = ANY($1))
		SELECT qs.fp, a.id, a.url, a.site_name, a.title, min(qs.published) FROM qs
		JOIN articles a ON a.id = qs.article_id WHERE qs.fp = ANY($2)
		GROUP BY qs.fp, a.id ORDER BY 6, 2`, fingerprints, prints)
	if err != nil {
		return nil, wrap(err)
	}
	byPrint := map[string][]newsdesk.QuoteOutlet{}
	var fp, site string
	var o newsdesk.QuoteOutlet
	_, err = pgx.ForEachRow(rows, []any{&fp, &o.ArticleID, &o.URL, &site, &o.Title, &o.Published}, func() error {
		o.Site = quoteSite(o.URL, site)
		o.Published = o.Published.UTC()
		byPrint[fp] = append(byPrint[fp], o)
		return nil
	})
	if err != nil {
		return nil, wrap(err)
	}
	for i := range out.Quotes {
		if os := byPrint[prints[i]]; len(os) > 0 {
			out.Quotes[i].Outlets = os
		}
	}
	return out, nil
}

// quoteSite returns the site an article is from: the host of its URL
// without "www.", else its site name.
func quoteSite(rawURL, siteName string) string {
	if u, err := url.Parse(rawURL); err == nil && u.Hostname() != "" {
		return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
	}
	return siteName
}
