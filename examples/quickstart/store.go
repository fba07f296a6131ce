package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
	_ "modernc.org/sqlite"             // the "sqlite" database/sql driver (pure Go)

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/sqlstore"
)

var (
	sqliteFile  = flag.String("sqlite", "", "run on SQLite in this `file` (created and migrated if needed) instead of in memory")
	postgresDSN = flag.String("postgres", "", "run on the PostgreSQL database at this `DSN` (migrated if needed) instead of in memory")
	keep        = flag.Bool("keep", false, "with -sqlite or -postgres: commit the quickstart's customers instead of rolling them back")
)

// openStore returns the store the flags choose, and a function that ends
// the run: with a SQL store the quickstart runs inside one transaction,
// rolled back at the end (committed with -keep), so it leaves the
// database as it found it and can run again.
func openStore(ctx context.Context) (customer.Store, func(ok bool) error, error) {
	var (
		driver, dsn string
		dialect     sqlstore.Dialect
	)
	switch {
	case *sqliteFile != "" && *postgresDSN != "":
		return nil, nil, errors.New("choose -sqlite or -postgres, not both")
	case *sqliteFile != "":
		driver, dialect = "sqlite", sqlstore.SQLite
		dsn = "file:" + *sqliteFile + "?_pragma=foreign_keys(1)&_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_txlock=immediate"
	case *postgresDSN != "":
		driver, dialect, dsn = "pgx", sqlstore.PostgreSQL, *postgresDSN
	default:
		return memstore.New(), func(bool) error { return nil }, nil
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		return nil, nil, err
	}
	store, err := sqlstore.New(db, dialect, nil)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	if err := store.Migrate(ctx); err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("migrating: %w", err)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		db.Close()
		return nil, nil, err
	}
	done := func(ok bool) error {
		var err error
		if ok && *keep {
			err = tx.Commit()
		} else {
			err = tx.Rollback()
		}
		return errors.Join(err, db.Close())
	}
	return store.WithTx(tx), done, nil
}
