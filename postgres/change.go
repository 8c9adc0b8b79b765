package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"newsdesk"
)

// changeLogLock is the advisory lock (in the two-key space, apart from
// lockKeys') that orders the writes of the change log; see the package
// documentation.
const changeLogLock = `SELECT pg_advisory_xact_lock(1852143475, 1)`

// logChanges records in the change log, within tx, that the articles
// ids were written, in the order given. It must be the last statement
// of a transaction but for its commit: it takes the change log's lock,
// which the transaction holds until it ends, so that changes commit in
// the order of their seq; whatever the transaction did after would make
// every other writer wait on it.
func logChanges(ctx context.Context, tx pgx.Tx, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	b := &pgx.Batch{}
	b.Queue(changeLogLock)
	b.Queue(`INSERT INTO changes (article_id)
		SELECT id FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, n) ORDER BY n
		ON CONFLICT (article_id) DO UPDATE SET seq = nextval('changes_seq')`, ids)
	return tx.SendBatch(ctx, b).Close()
}

// Changes returns at most limit changes after seq after, in order, with
// their articles, read in one snapshot. A limit of 0 or less means
// 1,000. Every change it returns committed before any change that is
// not yet visible can take a seq (see the package documentation), so a
// follower that goes on from the last one returned misses nothing.
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]newsdesk.Change, error) {
	if limit <= 0 {
		limit = 1000
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", classify(err))
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	rows, err := tx.Query(ctx, `SELECT seq, article_id FROM changes WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", classify(err))
	}
	var out []newsdesk.Change
	for rows.Next() {
		var c newsdesk.Change
		if err := rows.Scan(&c.Seq, &c.ID); err != nil {
			rows.Close()
			return nil, fmt.Errorf("postgres: changes: %w", err)
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", classify(err))
	}
	if len(out) == 0 {
		return nil, nil
	}
	at := make(map[int64]int, len(out))
	ids := make([]int64, len(out))
	for i, c := range out {
		at[c.ID] = i
		ids[i] = c.ID
	}
	rows, err = tx.Query(ctx, `SELECT `+articleColumns+` FROM articles WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", classify(err))
	}
	defer rows.Close()
	for rows.Next() {
		sa, err := scanArticle(rows)
		if err != nil {
			return nil, fmt.Errorf("postgres: changes: %w", err)
		}
		out[at[sa.ID]].Article = sa
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", classify(err))
	}
	return out, nil
}

// Pending returns how many changes follow seq after, and the last seq.
func (s *Store) Pending(ctx context.Context, after int64) (n, last int64, err error) {
	err = s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM changes WHERE seq > $1),
		(SELECT coalesce(max(seq), 0) FROM changes)`, after).Scan(&n, &last)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: pending changes: %w", classify(err))
	}
	return n, last, nil
}
