package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"log/slog"
	"math/rand/v2"
	"time"
)

// querier runs statements: a *sql.DB, *sql.Conn or *sql.Tx.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// reader returns where reads run: the host's transaction when s is bound
// to one, the pool otherwise.
func (s *Store) reader() querier {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// errRetry is returned by a transaction body to have the whole
// transaction run again (the optimistic version check saw a concurrent
// write).
var errRetry = errors.New("sqlstore: retry")

// write runs fn as one atomic unit of work and returns its error. With the
// host's transaction (WithTx) fn runs once inside a savepoint. Otherwise,
// when tx is set fn runs inside a transaction of its own (BEGIN IMMEDIATE
// on SQLite), and when tx is false fn runs on the pool as one statement
// (which is atomic by itself); either is run again, up to s.retries times,
// when it fails with a transient error or errRetry.
func (s *Store) write(ctx context.Context, tx bool, fn func(q querier) error) error {
	if s.tx != nil {
		return s.inSavepoint(ctx, fn)
	}
	for attempt := 0; ; attempt++ {
		var err error
		if tx {
			err = s.inTx(ctx, fn)
		} else {
			err = fn(s.db)
		}
		if err == nil || attempt >= s.retries || !s.transient(err) {
			return err
		}
		s.log.DebugContext(ctx, "sqlstore: retrying a write after a transient failure",
			slog.Int("attempt", attempt+1), slog.Any("error", err))
		if werr := sleep(ctx, backoff(attempt)); werr != nil {
			return err
		}
	}
}

// transient reports whether err is worth running the transaction again.
func (s *Store) transient(err error) bool {
	return errors.Is(err, errRetry) || s.d.classify(err).kind == errTransient
}

// backoff returns how long to wait before retry attempt+1: exponential
// from 1ms, capped at 50ms, with full jitter.
func backoff(attempt int) time.Duration {
	d := time.Millisecond << min(attempt, 6)
	d = min(d, 50*time.Millisecond)
	return time.Duration(rand.Int64N(int64(d)) + 1)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// inTx runs fn in one transaction of its own and commits it when fn
// returns nil.
func (s *Store) inTx(ctx context.Context, fn func(q querier) error) error {
	if s.d.beginImmediate {
		return s.inImmediateTx(ctx, fn)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// inImmediateTx runs fn in a transaction begun with BEGIN IMMEDIATE on a
// connection of its own: SQLite then takes the write lock before the first
// read, so a read-modify-write never fails to upgrade its lock and writers
// queue on busy_timeout instead of failing. It works whatever the host's
// DSN says about transactions.
func (s *Store) inImmediateTx(ctx context.Context, fn func(q querier) error) (err error) {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN IMMEDIATE"); err != nil {
		return err
	}
	done := false
	defer func() {
		if done {
			return
		}
		// The rollback must run even when ctx is what failed.
		if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK"); rerr != nil {
			// The connection may still be inside the transaction: make
			// the pool discard it rather than hand it out again.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	if err := fn(conn); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, "COMMIT"); err != nil {
		return err
	}
	done = true
	return nil
}

// savepoint is the name of the savepoint a write bound to a host
// transaction runs in.
const savepoint = "customerkit_write"

// inSavepoint runs fn inside a savepoint of the host's transaction:
// released when fn succeeds, rolled back to when it fails, so a failed
// write leaves the host's transaction as it was (and usable, on
// PostgreSQL).
func (s *Store) inSavepoint(ctx context.Context, fn func(q querier) error) error {
	if _, err := s.tx.ExecContext(ctx, "SAVEPOINT "+savepoint); err != nil {
		return err
	}
	if err := fn(s.tx); err != nil {
		bg := context.WithoutCancel(ctx)
		if _, rerr := s.tx.ExecContext(bg, "ROLLBACK TO SAVEPOINT "+savepoint); rerr == nil {
			_, _ = s.tx.ExecContext(bg, "RELEASE SAVEPOINT "+savepoint)
		}
		return err
	}
	_, err := s.tx.ExecContext(ctx, "RELEASE SAVEPOINT "+savepoint)
	return err
}
