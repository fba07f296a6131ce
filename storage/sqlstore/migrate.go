package sqlstore

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/customerkit/customerkit"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migrationsTable records the versions Migrate applied.
const migrationsTable = TablePrefix + "schema_migrations"

// Migrations returns the schema migrations of dialect, for hosts that run
// their own migration tool: files named NNNN_name.up.sql at the root of
// the file system, applied in version order. The versions are the same in
// both dialects. It returns nil for an unknown dialect.
//
// A host that applies them itself does not call Migrate, and keeps its own
// record of what it applied (Migrate's record is the table
// customerkit_schema_migrations).
func Migrations(dialect Dialect) fs.FS {
	if !dialect.Valid() {
		return nil
	}
	sub, err := fs.Sub(migrationFiles, "migrations/"+migrationDir(dialect))
	if err != nil {
		panic("sqlstore: " + err.Error()) // the embedded tree is fixed at build time
	}
	return sub
}

func migrationDir(d Dialect) string {
	if d == PostgreSQL {
		return "postgres"
	}
	return "sqlite"
}

// migration is one schema migration file.
type migration struct {
	version int
	name    string // the file name
	sql     string
}

// readMigrations returns the migrations in fsys in version order.
func readMigrations(fsys fs.FS) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".up.sql") {
			continue
		}
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("sqlstore: migration %q: the name must start with a positive version and an underscore", name)
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: name, sql: string(b)})
	}
	slices.SortFunc(out, func(a, b migration) int { return a.version - b.version })
	for i := 1; i < len(out); i++ {
		if out[i].version == out[i-1].version {
			return nil, fmt.Errorf("sqlstore: migrations %q and %q have the same version", out[i-1].name, out[i].name)
		}
	}
	return out, nil
}

// Migrate brings the schema up to date: it applies, in version order, every
// migration of the Store's dialect not yet recorded in the table
// customerkit_schema_migrations, and records it there. All of them run in
// one transaction, so a failure leaves the schema as it was.
//
// It is safe to run more than once and from several processes at once:
// on PostgreSQL the transaction first takes a transaction-level advisory
// lock (pg_advisory_xact_lock), on SQLite it begins with BEGIN IMMEDIATE
// and so holds the database's write lock; a second Migrate waits for the
// first, then finds nothing left to do.
//
// On SQLite, Migrate also checks that foreign keys are enforced on its
// connection (the "_pragma=foreign_keys(1)" DSN parameter of
// modernc.org/sqlite); without them the Store cannot keep its rules, and
// Migrate fails with ErrFailedPrecondition.
//
// Bound to a host transaction (WithTx), Migrate runs in it.
func (s *Store) Migrate(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	migs, err := readMigrations(Migrations(s.d.name))
	if err != nil {
		return err
	}
	if s.tx != nil {
		return s.migrate(ctx, s.tx, migs)
	}
	for attempt := 0; ; attempt++ {
		err = s.inTx(ctx, func(q querier) error { return s.migrate(ctx, q, migs) })
		if err == nil || attempt >= s.retries || s.d.classify(err).kind != errTransient {
			break
		}
		s.log.DebugContext(ctx, "sqlstore: retrying migrations after a transient failure", slog.Any("error", err))
		if werr := sleep(ctx, backoff(attempt)); werr != nil {
			break
		}
	}
	if err != nil {
		var pe *preconditionError
		if errors.As(err, &pe) || ctx.Err() != nil {
			return err
		}
		return fmt.Errorf("sqlstore: migrate: %w", err)
	}
	return nil
}

// preconditionError reports a database the Store cannot work with.
type preconditionError struct{ detail string }

func (e *preconditionError) Error() string { return "sqlstore: " + e.detail }
func (e *preconditionError) Unwrap() error { return customerkit.ErrFailedPrecondition }

func (s *Store) migrate(ctx context.Context, q querier, migs []migration) error {
	if s.d.name == SQLite {
		var on int
		if err := q.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&on); err != nil {
			return err
		}
		if on != 1 {
			return &preconditionError{detail: "SQLite foreign keys are off: open the database with the DSN parameter _pragma=foreign_keys(1)"}
		}
	}
	if s.d.lockMigrations != "" {
		if _, err := q.ExecContext(ctx, s.d.lockMigrations); err != nil {
			return err
		}
	}
	if _, err := q.ExecContext(ctx, "CREATE TABLE IF NOT EXISTS "+migrationsTable+
		" (version INTEGER NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"); err != nil {
		return err
	}
	applied := make(map[int]bool)
	rows, err := q.QueryContext(ctx, "SELECT version FROM "+migrationsTable)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	now := "CURRENT_TIMESTAMP"
	for _, m := range migs {
		if applied[m.version] {
			continue
		}
		if _, err := q.ExecContext(ctx, m.sql); err != nil {
			return fmt.Errorf("%s: %w", path.Join(migrationDir(s.d.name), m.name), err)
		}
		if _, err := q.ExecContext(ctx, s.d.rebind("INSERT INTO "+migrationsTable+" (version, name, applied_at) VALUES (?, ?, "+now+")"),
			m.version, m.name); err != nil {
			return err
		}
		s.log.InfoContext(ctx, "sqlstore: applied a schema migration",
			slog.String("dialect", string(s.d.name)), slog.Int("version", m.version), slog.String("name", m.name))
	}
	return nil
}
