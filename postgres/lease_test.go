package postgres

import (
	"context"
	"testing"
)

// A lease is held by one store at a time on a database; it passes on
// when released, and is lost, and free for another, when its connection
// is ended by the server.
func TestLease(t *testing.T) {
	ctx := context.Background()
	dsn := newDB(t)
	open := func() *Store {
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}
	a, b := open(), open()

	la, err := a.Lease(ctx, "follower connections")
	if err != nil || la == nil {
		t.Fatalf("first lease: %v, %v", la, err)
	}
	if lb, err := b.Lease(ctx, "follower connections"); err != nil || lb != nil {
		t.Fatalf("second lease while held: %v, %v; want none", lb, err)
	}
	other, err := b.Lease(ctx, "follower alerts")
	if err != nil || other == nil {
		t.Fatalf("a lease of another name: %v, %v", other, err)
	}
	other.Release()
	if !la.Held(ctx) {
		t.Fatal("held lease reports it is not")
	}
	la.Release()
	if la.Held(ctx) {
		t.Fatal("released lease reports it is held")
	}
	lb, err := b.Lease(ctx, "follower connections")
	if err != nil || lb == nil {
		t.Fatalf("lease after release: %v, %v", lb, err)
	}

	// The server ends the holder's session: the lease is lost and
	// another store takes it.
	if _, err := a.pool.Exec(ctx, `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1`, int64(leaseSpace)); err != nil {
		t.Fatal(err)
	}
	if lb.Held(ctx) {
		t.Fatal("lease on a terminated connection reports it is held")
	}
	la, err = a.Lease(ctx, "follower connections")
	if err != nil || la == nil {
		t.Fatalf("lease after the holder's connection ended: %v, %v", la, err)
	}
	la.Release()
}
