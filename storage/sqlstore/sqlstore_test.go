package sqlstore_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// postgresEnv names the environment variable that holds the DSN of a
// PostgreSQL database to test against, such as
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable. Each test
// works in a schema of its own, dropped when it ends.
const postgresEnv = "CUSTOMERKIT_TEST_POSTGRES"

// sqliteDSNParams are the modernc.org/sqlite DSN parameters a host should
// set: foreign keys on, writers wait for each other instead of failing.
const sqliteDSNParams = "_pragma=foreign_keys(1)&_pragma=busy_timeout(10000)"

// backend opens an empty database of one kind.
type backend struct {
	name    string
	dialect sqlstore.Dialect
	open    func(t testing.TB) *sql.DB
}

func backends() []backend {
	return []backend{
		{"SQLiteFile", sqlstore.SQLite, openSQLiteFile},
		{"SQLiteMemory", sqlstore.SQLite, openSQLiteMemory},
		{"PostgreSQL", sqlstore.PostgreSQL, openPostgres},
	}
}

// openSQLiteFile opens a new SQLite database in a temporary file, in WAL
// mode.
func openSQLiteFile(t testing.TB) *sql.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "customerkit.db")
	return openSQLitePath(t, path)
}

func openSQLitePath(t testing.TB, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?"+sqliteDSNParams+"&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// openSQLiteMemory opens a new in-memory SQLite database. It is shared by
// every connection of the pool (cache=shared), and the pool has one
// connection: a shared cache answers concurrent writers with "locked"
// instead of waiting.
func openSQLiteMemory(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+randomName("mem")+"?mode=memory&cache=shared&"+sqliteDSNParams)
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// postgresDSN returns the DSN of the PostgreSQL test database, or skips t.
func postgresDSN(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(postgresEnv)
	if dsn == "" {
		t.Skipf("PostgreSQL tests skipped: set %s to the DSN of a database (postgres://user@host:5432/db?sslmode=disable) to run them", postgresEnv)
	}
	return dsn
}

var trgmOnce sync.Mutex

// openPostgres opens the PostgreSQL test database in a schema of its own
// (ck_test_<random>), dropped when t ends. pg_trgm is created in schema
// public, once, so every test schema finds it.
func openPostgres(t testing.TB) *sql.DB {
	t.Helper()
	dsn := postgresDSN(t)
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx := context.Background()
	trgmOnce.Lock()
	_, err = admin.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
	trgmOnce.Unlock()
	if err != nil && !strings.Contains(err.Error(), "already exists") {
		t.Fatalf("create extension pg_trgm: %v", err)
	}
	schema := randomName("ck_test")
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	db, err := sql.Open("pgx", withSearchPath(t, dsn, schema))
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(8)
	t.Cleanup(func() { db.Close() })
	return db
}

// withSearchPath returns dsn with the search_path runtime parameter set to
// schema, then public.
func withSearchPath(t testing.TB, dsn, schema string) string {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("%s is not a URL DSN: %v", postgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}

func randomName(prefix string) string {
	return prefix + "_" + strings.ToLower(rand.Text()[:12])
}

// newStore returns a migrated Store over db.
func newStore(t testing.TB, db *sql.DB, d sqlstore.Dialect) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.New(db, d, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Migrate(t.Context()); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConformance runs the storagetest suite on every backend.
func TestConformance(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			if b.dialect == sqlstore.PostgreSQL {
				postgresDSN(t)
			}
			storagetest.Run(t, func(t *testing.T) customer.Store {
				return newStore(t, b.open(t), b.dialect)
			})
		})
	}
}

// forEachBackend runs test once per backend with a fresh migrated store.
func forEachBackend(t *testing.T, test func(t *testing.T, db *sql.DB, s *sqlstore.Store)) {
	t.Helper()
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			db := b.open(t)
			test(t, db, newStore(t, db, b.dialect))
		})
	}
}
