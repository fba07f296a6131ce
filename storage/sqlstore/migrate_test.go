package sqlstore_test

import (
	"database/sql"
	"errors"
	"io/fs"
	"maps"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/storage/sqlstore"
)

// appliedVersions returns the versions recorded in
// customerkit_schema_migrations.
func appliedVersions(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.QueryContext(t.Context(), "SELECT version FROM customerkit_schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// migrationVersions returns the versions of the embedded migrations of d.
func migrationVersions(t *testing.T, d sqlstore.Dialect) []int {
	t.Helper()
	entries, err := fs.ReadDir(sqlstore.Migrations(d), ".")
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, e := range entries {
		num, _, _ := strings.Cut(e.Name(), "_")
		v := 0
		for _, c := range num {
			v = v*10 + int(c-'0')
		}
		out = append(out, v)
	}
	return out
}

func TestMigrate(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			t.Run("FromEmptyThenTwice", func(t *testing.T) {
				db := b.open(t)
				s, err := sqlstore.New(db, b.dialect, nil)
				if err != nil {
					t.Fatal(err)
				}
				want := migrationVersions(t, b.dialect)
				for i := range 3 {
					if err := s.Migrate(t.Context()); err != nil {
						t.Fatalf("Migrate #%d: %v", i+1, err)
					}
					if got := appliedVersions(t, db); !slices.Equal(got, want) {
						t.Fatalf("after Migrate #%d: applied %v, want %v", i+1, got, want)
					}
				}
				// The schema works.
				var n int
				if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM customerkit_customers").Scan(&n); err != nil {
					t.Fatal(err)
				}
			})
			t.Run("Concurrently", func(t *testing.T) {
				if b.name == "SQLiteMemory" {
					t.Skip("an in-memory database lives in one pool")
				}
				// Two pools on the same database, as two processes would
				// have, each migrating from several goroutines.
				db1 := b.open(t)
				db2 := reopen(t, b, db1)
				var wg sync.WaitGroup
				errs := make(chan error, 8)
				for i := range 8 {
					db := db1
					if i%2 == 1 {
						db = db2
					}
					wg.Go(func() {
						s, err := sqlstore.New(db, b.dialect, nil)
						if err == nil {
							err = s.Migrate(t.Context())
						}
						errs <- err
					})
				}
				wg.Wait()
				close(errs)
				for err := range errs {
					if err != nil {
						t.Errorf("concurrent Migrate: %v", err)
					}
				}
				if got, want := appliedVersions(t, db1), migrationVersions(t, b.dialect); !slices.Equal(got, want) {
					t.Fatalf("applied %v, want %v", got, want)
				}
			})
		})
	}
}

// reopen opens a second pool on the database of db, which b.open opened.
func reopen(t *testing.T, b backend, db *sql.DB) *sql.DB {
	t.Helper()
	switch b.dialect {
	case sqlstore.SQLite:
		var file string
		if err := db.QueryRowContext(t.Context(), "SELECT file FROM pragma_database_list WHERE name = 'main'").Scan(&file); err != nil {
			t.Fatal(err)
		}
		return openSQLitePath(t, file)
	default:
		var schema string
		if err := db.QueryRowContext(t.Context(), "SELECT current_schema()").Scan(&schema); err != nil {
			t.Fatal(err)
		}
		db2, err := sql.Open("pgx", withSearchPath(t, postgresDSN(t), schema))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db2.Close() })
		return db2
	}
}

func TestMigrateNeedsSQLiteForeignKeys(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+randomName("nofk")+"?mode=memory&cache=shared")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	s, err := sqlstore.New(db, sqlstore.SQLite, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Migrate(t.Context())
	if !errors.Is(err, customerkit.ErrFailedPrecondition) {
		t.Fatalf("Migrate without foreign keys: got %v, want ErrFailedPrecondition", err)
	}
	var n int
	if err := db.QueryRowContext(t.Context(), "SELECT count(*) FROM sqlite_master WHERE name LIKE 'customerkit_%'").Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Fatalf("a refused Migrate left %d objects behind", n)
	}
}

// TestMigrationParity keeps the two dialects' migrations in step: the same
// versions and file names, and in each version the same tables, columns and
// indexes, except the PostgreSQL-only indexes listed here.
func TestMigrationParity(t *testing.T) {
	postgresOnly := map[string]bool{
		"customerkit_customers_name_trgm_idx": true, // pg_trgm substring search
		"customerkit_customers_metadata_idx":  true, // GIN jsonb_path_ops
		"customerkit_customers_labels_idx":    true, // GIN jsonb_path_ops
	}
	lite, pg := sqlstore.Migrations(sqlstore.SQLite), sqlstore.Migrations(sqlstore.PostgreSQL)
	names := func(fsys fs.FS) []string {
		entries, err := fs.ReadDir(fsys, ".")
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, e := range entries {
			if !regexp.MustCompile(`^\d{4}_[a-z0-9_]+\.up\.sql$`).MatchString(e.Name()) {
				t.Errorf("migration %q is not named NNNN_name.up.sql", e.Name())
			}
			out = append(out, e.Name())
		}
		return out
	}
	liteNames, pgNames := names(lite), names(pg)
	if !slices.Equal(liteNames, pgNames) {
		t.Fatalf("migration files differ:\nsqlite   %v\npostgres %v", liteNames, pgNames)
	}
	if len(liteNames) == 0 {
		t.Fatal("no migrations")
	}
	for _, name := range liteNames {
		l, p := schemaObjects(t, lite, name), schemaObjects(t, pg, name)
		for o := range p {
			if postgresOnly[o] {
				delete(p, o)
			}
		}
		if !maps.Equal(l, p) {
			t.Errorf("%s: schema objects differ:\nsqlite   %v\npostgres %v", name, slices.Sorted(maps.Keys(l)), slices.Sorted(maps.Keys(p)))
		}
		for o := range l {
			if !strings.HasPrefix(strings.TrimPrefix(o, "c:"), "customerkit_") {
				t.Errorf("%s: %s is not prefixed customerkit_", name, o)
			}
		}
	}
}

var (
	createTableRE = regexp.MustCompile(`(?is)CREATE TABLE (?:IF NOT EXISTS )?(\w+)\s*\((.*?)\n\)`)
	createIndexRE = regexp.MustCompile(`(?i)CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(\w+) ON (\w+)`)
	addColumnRE   = regexp.MustCompile(`(?i)ALTER TABLE (\w+) ADD COLUMN (\w+)`)
	constraintRE  = regexp.MustCompile(`\bCONSTRAINT (\w+)(\s+CHECK \(\w+ IN \(0, 1\)\))?`)
	columnRE      = regexp.MustCompile(`(?m)^\s+([a-z_]+)\s+[A-Za-z]`)
)

// schemaObjects returns the tables ("t:name"), their columns
// ("name.column", those added by ALTER TABLE too), named constraints
// ("c:name") and indexes ("name") that migration file name creates.
func schemaObjects(t *testing.T, fsys fs.FS, name string) map[string]bool {
	t.Helper()
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		t.Fatal(err)
	}
	src := string(b)
	out := make(map[string]bool)
	for _, m := range createTableRE.FindAllStringSubmatch(src, -1) {
		out[m[1]] = true
		for _, c := range columnRE.FindAllStringSubmatch(m[2], -1) {
			if c[1] != "constraint" {
				out[m[1]+"."+c[1]] = true
			}
		}
	}
	for _, m := range createIndexRE.FindAllStringSubmatch(src, -1) {
		out[m[1]] = true
	}
	for _, m := range addColumnRE.FindAllStringSubmatch(src, -1) {
		out[m[1]+"."+m[2]] = true
	}
	for _, m := range constraintRE.FindAllStringSubmatch(src, -1) {
		if m[2] != "" {
			continue // SQLite's check of a boolean column: PostgreSQL has the type
		}
		out["c:"+m[1]] = true
	}
	if len(out) == 0 {
		t.Fatalf("%s creates nothing the parity test can see", name)
	}
	return out
}

func TestMigrationsUnknownDialect(t *testing.T) {
	if sqlstore.Migrations("mysql") != nil {
		t.Fatal("Migrations of an unknown dialect is not nil")
	}
	if _, err := sqlstore.New(&sql.DB{}, "mysql", nil); err == nil {
		t.Fatal("New accepted an unknown dialect")
	}
}
