package postgres

import (
	"context"
	"fmt"
	"hash/fnv"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"newsdesk"
)

var _ newsdesk.Leaser = (*Store)(nil)

// leaseSpace is the first key of the advisory locks that are leases (in
// the two-key space, like migrationLock, whose second key is 2).
const leaseSpace = 1852143476

// Lease takes the lease called name: a session advisory lock held on a
// connection of its own, outside the store's pool, so that the lease
// ends when the process does or its connection breaks (the server
// restarting, the network failing).
func (s *Store) Lease(ctx context.Context, name string) (newsdesk.Lease, error) {
	conn, err := pgx.ConnectConfig(ctx, s.pool.Config().ConnConfig.Copy())
	if err != nil {
		return nil, fmt.Errorf("postgres: lease %s: %w", name, err)
	}
	h := fnv.New32a()
	h.Write([]byte(name))
	key := int32(h.Sum32())
	var got bool
	if err := conn.QueryRow(ctx, `SELECT pg_try_advisory_lock($1, $2)`, int32(leaseSpace), key).Scan(&got); err != nil {
		conn.Close(context.WithoutCancel(ctx))
		return nil, fmt.Errorf("postgres: lease %s: %w", name, err)
	}
	if !got {
		conn.Close(context.WithoutCancel(ctx))
		return nil, nil
	}
	return &lease{conn: conn}, nil
}

// lease is a held advisory lock and its connection.
type lease struct {
	mu   sync.Mutex
	conn *pgx.Conn // nil once released or lost
}

// Held reports whether the lease's connection still answers.
func (l *lease) Held(ctx context.Context) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn == nil {
		return false
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := l.conn.Ping(ctx); err != nil {
		l.conn.Close(context.Background())
		l.conn = nil
		return false
	}
	return true
}

// Release closes the connection, which ends the lock.
func (l *lease) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		l.conn.Close(ctx)
		l.conn = nil
	}
}
