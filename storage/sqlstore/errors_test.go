package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/customerkit/customerkit"
)

// fakePgError has the shape of pgconn.PgError: SQLState() and a
// ConstraintName field.
type fakePgError struct {
	Code           string
	Message        string
	ConstraintName string
}

func (e *fakePgError) Error() string    { return "ERROR: " + e.Message + " (SQLSTATE " + e.Code + ")" }
func (e *fakePgError) SQLState() string { return e.Code }

// fakePqError has the shape of lib/pq's Error: SQLState() and a Constraint
// field.
type fakePqError struct {
	Code       string
	Message    string
	Constraint string
}

func (e fakePqError) Error() string    { return "pq: " + e.Message }
func (e fakePqError) SQLState() string { return e.Code }

// bareSQLStateError has SQLState() only: the constraint is found in the
// message.
type bareSQLStateError struct{ code, msg string }

func (e *bareSQLStateError) Error() string    { return e.msg }
func (e *bareSQLStateError) SQLState() string { return e.code }

// fakeSQLiteError has the shape of modernc.org/sqlite's *Error.
type fakeSQLiteError struct {
	msg  string
	code int
}

func (e *fakeSQLiteError) Error() string { return e.msg }
func (e *fakeSQLiteError) Code() int     { return e.code }

func TestTranslate(t *testing.T) {
	fkErr := fmt.Errorf("parent: %w", customerkit.ErrNotFound)
	tests := []struct {
		name    string
		dialect Dialect
		err     error
		is      error  // the sentinel the result matches
		field   string // the AlreadyExistsError field, when is is ErrAlreadyExists
		path    string // the ValidationError path, when is is ErrInvalid
	}{
		{"pgx unique", PostgreSQL, &fakePgError{Code: "23505", Message: "duplicate key value violates unique constraint \"customerkit_customers_email_uq\"", ConstraintName: "customerkit_customers_email_uq"}, customerkit.ErrAlreadyExists, "email", ""},
		{"pgx unique wrapped", PostgreSQL, fmt.Errorf("exec: %w", &fakePgError{Code: "23505", ConstraintName: "customerkit_customers_subdomain_uq"}), customerkit.ErrAlreadyExists, "subdomain", ""},
		{"pgx primary key", PostgreSQL, &fakePgError{Code: "23505", ConstraintName: "customerkit_customers_pkey"}, customerkit.ErrAlreadyExists, "ulid", ""},
		{"pq unique", PostgreSQL, fakePqError{Code: "23505", Constraint: "customerkit_customers_hostname_uq"}, customerkit.ErrAlreadyExists, "hostname", ""},
		{"unique from a translated message", PostgreSQL, &bareSQLStateError{"23505", `FEHLER: doppelter Schlüsselwert verletzt Unique-Constraint »"customerkit_customers_external_id_uq"«`}, customerkit.ErrAlreadyExists, "external_id", ""},
		{"pgx foreign key", PostgreSQL, &fakePgError{Code: "23503", ConstraintName: "customerkit_customers_parent_fkey"}, customerkit.ErrNotFound, "", ""},
		{"pgx check", PostgreSQL, &fakePgError{Code: "23514", ConstraintName: "customerkit_customers_status_check"}, customerkit.ErrInvalid, "", "status"},
		{"pgx serialization failure", PostgreSQL, &fakePgError{Code: "40001"}, customerkit.ErrConflict, "", ""},
		{"pgx deadlock", PostgreSQL, &fakePgError{Code: "40P01"}, customerkit.ErrConflict, "", ""},
		{"sqlite unique", SQLite, &fakeSQLiteError{"constraint failed: UNIQUE constraint failed: customerkit_customers.email_key (2067)", 2067}, customerkit.ErrAlreadyExists, "email", ""},
		{"sqlite primary key", SQLite, &fakeSQLiteError{"constraint failed: UNIQUE constraint failed: customerkit_customers.ulid (1555)", 1555}, customerkit.ErrAlreadyExists, "ulid", ""},
		{"sqlite unique, primary code only", SQLite, &fakeSQLiteError{"UNIQUE constraint failed: customerkit_customers.customer_key", 19}, customerkit.ErrAlreadyExists, "customer_key", ""},
		{"sqlite foreign key", SQLite, &fakeSQLiteError{"constraint failed: FOREIGN KEY constraint failed (787)", 787}, customerkit.ErrNotFound, "", ""},
		{"sqlite check", SQLite, &fakeSQLiteError{"constraint failed: CHECK constraint failed: customerkit_customers_customer_type_check (275)", 275}, customerkit.ErrInvalid, "", "customer_type"},
		{"sqlite not null", SQLite, &fakeSQLiteError{"constraint failed: NOT NULL constraint failed: customerkit_customers.email (1299)", 1299}, customerkit.ErrInvalid, "", "email"},
		{"sqlite busy", SQLite, &fakeSQLiteError{"database is locked (5)", 5}, customerkit.ErrConflict, "", ""},
		{"sqlite busy snapshot", SQLite, &fakeSQLiteError{"database is locked (517)", 517}, customerkit.ErrConflict, "", ""},
		{"sqlite locked shared cache", SQLite, &fakeSQLiteError{"database table is locked (262)", 262}, customerkit.ErrConflict, "", ""},
		{"retry exhausted", SQLite, errRetry, customerkit.ErrConflict, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &Store{d: tt.dialect.impl()}
			got := s.translate(t.Context(), "test", "customer", tt.err, fkErr)
			if !errors.Is(got, tt.is) {
				t.Fatalf("translate(%v) = %v, want a match of %v", tt.err, got, tt.is)
			}
			for _, other := range []error{customerkit.ErrNotFound, customerkit.ErrAlreadyExists, customerkit.ErrConflict, customerkit.ErrInvalid, customerkit.ErrFailedPrecondition, customerkit.ErrPermissionDenied} {
				if other != tt.is && errors.Is(got, other) {
					t.Errorf("translate(%v) = %v also matches %v", tt.err, got, other)
				}
			}
			// The driver error does not leak.
			var se sqlStater
			var ce codeError
			if errors.As(got, &se) || errors.As(got, &ce) {
				t.Errorf("translate(%v) = %v still wraps the driver error", tt.err, got)
			}
			if tt.field != "" {
				var ae *customerkit.AlreadyExistsError
				if !errors.As(got, &ae) || ae.Resource != "customer" || ae.Field != tt.field {
					t.Errorf("translate(%v) = %#v, want customer field %q", tt.err, got, tt.field)
				}
			}
			if tt.path != "" {
				var ve *customerkit.ValidationError
				if !errors.As(got, &ve) || !ve.Has(tt.path) {
					t.Errorf("translate(%v) = %v, want a problem at %q", tt.err, got, tt.path)
				}
			}
		})
	}
}

func TestTranslateOther(t *testing.T) {
	s := &Store{d: SQLite.impl()}
	if s.translate(t.Context(), "op", "customer", nil, nil) != nil {
		t.Fatal("translate(nil) is not nil")
	}
	io := errors.New("disk on fire")
	got := s.translate(t.Context(), "op", "customer", io, nil)
	if !errors.Is(got, io) {
		t.Fatalf("an unknown error lost its cause: %v", got)
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	got = s.translate(ctx, "op", "customer", &fakeSQLiteError{"interrupted (9)", 9}, nil)
	if !errors.Is(got, context.Canceled) {
		t.Fatalf("a driver's report of a canceled context: got %v, want context.Canceled", got)
	}
}

func TestLikeEscape(t *testing.T) {
	for in, want := range map[string]string{
		"acme":      "acme",
		"100%":      `100\%`,
		"a_b":       `a\_b`,
		`c:\dir`:    `c:\\dir`,
		`%_\`:       `\%\_\\`,
		"o'neil":    "o'neil",
		"émile zol": "émile zol",
	} {
		if got := likeEscape(in); got != want {
			t.Errorf("likeEscape(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestRebind(t *testing.T) {
	got := PostgreSQL.impl().rebind("SELECT a FROM t WHERE b = ? AND c IN (?, ?)")
	if want := "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)"; got != want {
		t.Fatalf("rebind = %q, want %q", got, want)
	}
	if got := SQLite.impl().rebind("b = ?"); got != "b = ?" {
		t.Fatalf("sqlite rebind changed the query: %q", got)
	}
}
