package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"newsdesk"
)

// logChange records in the change log, within tx, that article id was
// written.
func (s *Store) logChange(ctx context.Context, tx *sql.Tx, id int64) error {
	_, err := s.prep(ctx, tx, qLogChange).ExecContext(ctx, id)
	return err
}

// Changes returns at most limit changes after seq after, in order, with
// their articles, read in one transaction. A limit of 0 or less means
// 1,000.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]newsdesk.Change, error) {
	if limit <= 0 {
		limit = 1000
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT seq, article_id FROM changes WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	var out []newsdesk.Change
	for rows.Next() {
		var c newsdesk.Change
		if err := rows.Scan(&c.Seq, &c.ID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: changes: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	if len(out) == 0 {
		return nil, nil
	}
	at := make(map[int64]int, len(out))
	ids := make([]any, len(out))
	for i, c := range out {
		at[c.ID] = i
		ids[i] = c.ID
	}
	q := `SELECT ` + articleColumns + ` FROM articles WHERE id IN (?` + strings.Repeat(",?", len(ids)-1) + `)`
	rows, err = tx.QueryContext(ctx, q, ids...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		sa, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: changes: %w", err)
		}
		out[at[sa.ID]].Article = sa
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	return out, nil
}

// Pending returns how many changes follow seq after, and the last seq.
func (s *Store) Pending(ctx context.Context, after int64) (n, last int64, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM changes WHERE seq > ?),
		(SELECT coalesce(max(seq), 0) FROM changes)`, after).Scan(&n, &last)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: pending changes: %w", err)
	}
	return n, last, nil
}
