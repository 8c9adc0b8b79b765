package newsdesk

import "context"

// Leaser grants leases on the roles that one process at a time must
// fill, wherever it runs: the followers that are single writers of their
// tables (analysis, connections, alert matching) when several processes
// share one store.
type Leaser interface {
	// Lease takes the lease called name and holds it until it is
	// released or lost (the process ends, or loses its connection to
	// the store). It returns nil, and no error, while another process
	// holds it.
	Lease(ctx context.Context, name string) (Lease, error)
}

// A Lease is a role held by this process.
type Lease interface {
	// Held reports whether the lease is still held; once it is not, it
	// never is again, and a new Lease must be taken.
	Held(ctx context.Context) bool
	// Release gives the lease up.
	Release()
}
