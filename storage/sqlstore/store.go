package sqlstore

import (
	"database/sql"
	"errors"
	"fmt"
	"log/slog"

	"github.com/customerkit/customerkit/customer"
)

// TablePrefix starts the name of every table, index and constraint the
// Store creates, so they live beside the host's own tables.
const TablePrefix = "customerkit_"

// DefaultMaxRetries is how many times a write is retried after a transient
// failure when Options.MaxRetries is zero.
const DefaultMaxRetries = 10

// Options configures a Store. A nil *Options, and every zero field, means
// the default.
type Options struct {
	// Logger receives debug records of retried writes and info records of
	// applied migrations; default: discard.
	Logger *slog.Logger
	// MaxRetries is how many times a write transaction is run again after
	// a transient failure: a serialization failure or deadlock
	// (PostgreSQL), a busy or locked database (SQLite). Zero means
	// DefaultMaxRetries; a negative value means never retry. A write that
	// still fails is ErrConflict. Writes bound to a host transaction (see
	// WithTx) are never retried.
	MaxRetries int
}

// Store keeps customerkit's records in a SQL database through a *sql.DB the
// host opened. It satisfies customer.Store, marketplace.Store,
// credential.Store, instance.Store, attachment.Store, user.Store and
// configvar.Store. It is safe for concurrent use.
//
// A Store returned by WithTx is bound to one host transaction and is as
// safe for concurrent use as that *sql.Tx is (not at all).
type Store struct {
	db      *sql.DB
	tx      *sql.Tx // set by WithTx: every statement runs in it
	d       *dialect
	log     *slog.Logger
	retries int
	cs      *customerSQL
	vars    *varsCache   // decoded config-variable definitions, shared by WithTx copies
	stmts   *stmtCache   // prepared reads of the marketplace and instance stores, idem
	market  *marketCache // the listed marketplace of one generation, idem
}

var _ customer.Store = (*Store)(nil)

// New returns a Store over db, which the host opened with the driver of
// dialect. opts may be nil. New does no I/O: call Migrate (or run
// Migrations with the host's own tool) before using the Store.
func New(db *sql.DB, dialect Dialect, opts *Options) (*Store, error) {
	if db == nil {
		return nil, errors.New("sqlstore: nil *sql.DB")
	}
	d := dialect.impl()
	if d == nil {
		return nil, fmt.Errorf("sqlstore: unknown dialect %q (want %q or %q)", string(dialect), SQLite, PostgreSQL)
	}
	var o Options
	if opts != nil {
		o = *opts
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	switch {
	case o.MaxRetries == 0:
		o.MaxRetries = DefaultMaxRetries
	case o.MaxRetries < 0:
		o.MaxRetries = 0
	}
	return &Store{
		db:      db,
		d:       d,
		log:     o.Logger,
		retries: o.MaxRetries,
		cs:      newCustomerSQL(d),
		vars:    &varsCache{},
		stmts:   &stmtCache{},
		market:  &marketCache{},
	}, nil
}

// Dialect returns the dialect s was made with.
func (s *Store) Dialect() Dialect { return s.d.name }

// WithTx returns a Store whose every read and write runs inside tx, the
// host's transaction, so the host's rows and customerkit's commit or roll
// back together. The returned Store never commits or rolls back tx: the
// host does.
//
// Each write of the returned Store runs inside a savepoint, so a write
// that fails (an email already taken, an updater's error) leaves tx usable
// and unchanged by it. Writes are not retried after a transient failure,
// since only the host can run its transaction again: on PostgreSQL a
// serialization failure or deadlock is ErrConflict and the host's
// transaction must be rolled back.
//
// On SQLite, begin tx as an immediate transaction (the "_txlock=immediate"
// DSN parameter of modernc.org/sqlite) when it reads before it writes, or a
// concurrent writer can make it fail with ErrConflict.
func (s *Store) WithTx(tx *sql.Tx) *Store {
	t := *s
	t.tx = tx
	return &t
}
