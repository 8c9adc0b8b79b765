// Package sqlerr tells the errors of SQLite that are failures of the
// storage as a whole from those of one statement, for the packages that
// keep data in SQLite files (the store and the search index).
package sqlerr

import (
	"errors"
	"fmt"
	"syscall"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"newsdesk"
)

// Classify marks an error of SQLite that is a failure of the storage as
// a whole with the newsdesk error that says so — newsdesk.ErrFull,
// ErrReadOnly or ErrStorage (see newsdesk.StorageFailed) — keeping the
// original. Other errors, and nil, are returned as they are.
func Classify(err error) error {
	var e *sqlite.Error
	if err == nil || !errors.As(err, &e) || newsdesk.StorageFailed(err) {
		return err
	}
	switch e.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w: %w", newsdesk.ErrFull, err)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("%w: %w", newsdesk.ErrReadOnly, err)
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CANTOPEN:
		if errors.Is(err, syscall.ENOSPC) {
			return fmt.Errorf("%w: %w", newsdesk.ErrFull, err)
		}
		return fmt.Errorf("%w: %w", newsdesk.ErrStorage, err)
	}
	return err
}
