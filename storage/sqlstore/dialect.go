package sqlstore

import (
	"errors"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Dialect names the SQL database a Store talks to. The host chooses it
// explicitly; the Store never guesses it from the driver.
type Dialect string

// The supported dialects.
const (
	// SQLite is SQLite 3.37 or later (STRICT tables, RETURNING, row values),
	// for example through modernc.org/sqlite.
	SQLite Dialect = "sqlite"
	// PostgreSQL is PostgreSQL 13 or later with the pg_trgm extension
	// available, for example through github.com/jackc/pgx/v5/stdlib.
	PostgreSQL Dialect = "postgres"
)

// Dialects returns every supported dialect.
func Dialects() []Dialect { return []Dialect{SQLite, PostgreSQL} }

// Valid reports whether d is a supported dialect.
func (d Dialect) Valid() bool { return d.impl() != nil }

func (d Dialect) impl() *dialect {
	switch d {
	case SQLite:
		return &sqliteDialect
	case PostgreSQL:
		return &postgresDialect
	}
	return nil
}

// dialect holds every difference between the SQL the Store sends to one
// database and to the other. The rest of the package writes its SQL with
// "?" placeholders and asks the dialect for the rest.
type dialect struct {
	name Dialect
	// dollar: placeholders are $1, $2, ... instead of ?.
	dollar bool
	// beginImmediate: write transactions run on a dedicated connection
	// with BEGIN IMMEDIATE, so a transaction takes the write lock before it
	// reads (SQLite); otherwise they use (*sql.DB).BeginTx.
	beginImmediate bool
	// forUpdate is appended to the read of a read-modify-write.
	forUpdate string
	// timeArg turns a time into the value stored in a time column;
	// timeScanner reads either form back.
	timeArg func(t time.Time) any
	// contains returns the condition "column contains the literal
	// substring behind the placeholder p" and the argument for p.
	contains func(column, p, substring string) (cond string, arg any)
	// jsonHasAll returns the condition "the JSON array column holds every
	// string of values" and its arguments, p giving placeholders.
	jsonHasAll func(column string, values []string, p func(any) string) string
	// jsonKeyEquals returns the condition "the JSON object column has key
	// with the scalar value", p giving placeholders.
	jsonKeyEquals func(column, key string, value any, p func(any) string) (string, error)
	// distinctList returns the aggregate of the distinct text values of
	// expr, comma-separated (NULL over no rows).
	distinctList func(expr string) string
	// noNUL: text cannot hold the NUL character (PostgreSQL refuses it
	// with an error), so a value with one matches nothing stored.
	noNUL bool
	// lockMigrations is run first in the migration transaction: it keeps
	// two processes from migrating at once ("" when BEGIN IMMEDIATE does).
	lockMigrations string
	// prepareReads: the Store prepares its marketplace and instance reads
	// once (stmtCache) because the driver parses every statement anew
	// (modernc.org/sqlite); pgx keeps a statement cache of its own.
	prepareReads bool
	// classify tells what kind of failure a driver error is.
	classify func(err error) dbError
	// unique maps what a unique violation names (a constraint name on
	// PostgreSQL, "table.column" on SQLite) to the field of the
	// AlreadyExistsError.
	unique map[string]string
}

// rebind rewrites the "?" placeholders of query for d.
func (d *dialect) rebind(query string) string {
	if !d.dollar {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// placeholder returns the placeholder of the n-th argument (from 1).
func (d *dialect) placeholder(n int) string {
	if d.dollar {
		return "$" + strconv.Itoa(n)
	}
	return "?"
}

// storedTime is how a time is kept: UTC, truncated to the microsecond,
// the precision of both PostgreSQL timestamptz and the SQLite integer.
func storedTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// ceilMicro rounds t up to the next microsecond, so that "stored >= t" and
// "stored < t" give the same answer on stored (whole-microsecond) values
// whether t is rounded or not.
func ceilMicro(t time.Time) time.Time {
	u := t.Truncate(time.Microsecond)
	if u.Before(t) {
		u = u.Add(time.Microsecond)
	}
	return u.UTC()
}

// timeScanner reads a time column of either dialect: a time.Time
// (PostgreSQL timestamptz) or an integer of microseconds since the epoch
// (SQLite).
type timeScanner struct{ t *time.Time }

func (s timeScanner) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*s.t = v.UTC()
	case int64:
		*s.t = time.UnixMicro(v).UTC()
	default:
		return errors.New("sqlstore: unexpected time value of type " + reflect.TypeOf(src).String())
	}
	return nil
}

// likeEscape escapes the LIKE wildcards of s (and the escape character
// itself) with a backslash, so that s matches literally.
func likeEscape(s string) string {
	if !strings.ContainsAny(s, `\%_`) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\', '%', '_':
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// errKind is what kind of failure a driver error is.
type errKind int

const (
	errOther      errKind = iota // anything else: I/O, syntax, closed pool, ...
	errUnique                    // a unique constraint or primary key
	errForeignKey                // a foreign key
	errCheck                     // a CHECK or NOT NULL constraint
	errTransient                 // serialization failure, deadlock, busy or locked database: retry
)

// dbError is a classified driver error.
type dbError struct {
	kind errKind
	// constraint is what the error names: a constraint name (PostgreSQL)
	// or "table.column" (SQLite); "" when unknown.
	constraint string
}

// sqlStater is the method PostgreSQL drivers give their errors
// (pgconn.PgError of pgx, pq.Error of lib/pq).
type sqlStater interface {
	SQLState() string
}

// codeError is the method SQLite drivers give their errors
// (modernc.org/sqlite's *Error; the code may be an extended result code).
type codeError interface {
	Code() int
}

// SQLite result codes (https://sqlite.org/rescode.html).
const (
	sqliteBusy       = 5
	sqliteLocked     = 6
	sqliteConstraint = 19

	sqliteConstraintCheck      = sqliteConstraint | 1<<8
	sqliteConstraintForeignKey = sqliteConstraint | 3<<8
	sqliteConstraintNotNull    = sqliteConstraint | 5<<8
	sqliteConstraintPrimaryKey = sqliteConstraint | 6<<8
	sqliteConstraintUnique     = sqliteConstraint | 8<<8
)

func classifySQLite(err error) dbError {
	var ce codeError
	if !errors.As(err, &ce) {
		return dbError{}
	}
	code := ce.Code()
	msg := err.Error()
	switch code & 0xff {
	case sqliteBusy, sqliteLocked:
		return dbError{kind: errTransient}
	case sqliteConstraint:
	default:
		return dbError{}
	}
	switch {
	case code == sqliteConstraintUnique || code == sqliteConstraintPrimaryKey ||
		strings.Contains(msg, "UNIQUE constraint failed"):
		return dbError{kind: errUnique, constraint: sqliteConstraintTarget(msg, "UNIQUE constraint failed: ")}
	case code == sqliteConstraintForeignKey || strings.Contains(msg, "FOREIGN KEY constraint failed"):
		return dbError{kind: errForeignKey}
	case code == sqliteConstraintCheck || strings.Contains(msg, "CHECK constraint failed"):
		return dbError{kind: errCheck, constraint: sqliteConstraintTarget(msg, "CHECK constraint failed: ")}
	case code == sqliteConstraintNotNull || strings.Contains(msg, "NOT NULL constraint failed"):
		return dbError{kind: errCheck, constraint: sqliteConstraintTarget(msg, "NOT NULL constraint failed: ")}
	}
	return dbError{kind: errCheck}
}

// sqliteConstraintTarget returns what an SQLite constraint message names
// after prefix: "customerkit_customers.subdomain" of "UNIQUE constraint
// failed: customerkit_customers.subdomain (2067)"; the first column of a
// multi-column constraint.
func sqliteConstraintTarget(msg, prefix string) string {
	i := strings.Index(msg, prefix)
	if i < 0 {
		return ""
	}
	s := msg[i+len(prefix):]
	if j := strings.IndexAny(s, ", ("); j >= 0 {
		s = s[:j]
	}
	return s
}

// PostgreSQL error codes (https://www.postgresql.org/docs/current/errcodes-appendix.html).
const (
	pgUniqueViolation          = "23505"
	pgForeignKeyViolation      = "23503"
	pgCheckViolation           = "23514"
	pgNotNullViolation         = "23502"
	pgCharacterNotInRepertoire = "22021"
	pgUntranslatableCharacter  = "22P05"
	pgSerializationFailure     = "40001"
	pgDeadlockDetected         = "40P01"
	pgLockNotAvailable         = "55P03"
)

func classifyPostgres(err error) dbError {
	var se sqlStater
	if !errors.As(err, &se) {
		return dbError{}
	}
	switch se.SQLState() {
	case pgUniqueViolation:
		return dbError{kind: errUnique, constraint: pgConstraint(se, postgresUnique)}
	case pgForeignKeyViolation:
		return dbError{kind: errForeignKey, constraint: pgConstraint(se, nil)}
	case pgCheckViolation, pgNotNullViolation:
		return dbError{kind: errCheck, constraint: pgConstraint(se, nil)}
	case pgCharacterNotInRepertoire, pgUntranslatableCharacter:
		// A NUL character in text or JSON: PostgreSQL cannot store it.
		return dbError{kind: errCheck}
	case pgSerializationFailure, pgDeadlockDetected, pgLockNotAvailable:
		return dbError{kind: errTransient}
	}
	return dbError{}
}

// pgConstraint returns the constraint a PostgreSQL error names, without
// importing a driver: the ConstraintName field of pgconn.PgError, the
// Constraint field of pq.Error, or else the first of known that the
// message quotes (constraint names are never translated, the message
// around them may be).
func pgConstraint(err sqlStater, known map[string]string) string {
	v := reflect.ValueOf(err)
	for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if v.Kind() == reflect.Struct {
		for _, name := range []string{"ConstraintName", "Constraint"} {
			if f := v.FieldByName(name); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
				return f.String()
			}
		}
	}
	if e, ok := err.(error); ok {
		msg := e.Error()
		for name := range known {
			if strings.Contains(msg, `"`+name+`"`) {
				return name
			}
		}
	}
	return ""
}

var sqliteDialect = dialect{
	name:           SQLite,
	beginImmediate: true,
	prepareReads:   true,
	timeArg:        func(t time.Time) any { return t.UnixMicro() },
	distinctList:   func(expr string) string { return "group_concat(DISTINCT " + expr + ")" },
	// instr is a literal substring test: no wildcard to escape, and no
	// case folding (LIKE folds ASCII case in SQLite).
	contains: func(column, p, sub string) (string, any) {
		return "instr(" + column + ", " + p + ") > 0", sub
	},
	jsonHasAll: func(column string, values []string, p func(any) string) string {
		conds := make([]string, len(values))
		for i, v := range values {
			conds[i] = "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE value = " + p(v) + ")"
		}
		return strings.Join(conds, " AND ")
	},
	jsonKeyEquals: func(column, key string, value any, p func(any) string) (string, error) {
		cond := "EXISTS (SELECT 1 FROM json_each(" + column + ") WHERE key = " + p(key) + " AND "
		switch v := value.(type) {
		case nil:
			cond += "type = 'null'"
		case bool:
			if v {
				cond += "type = 'true'"
			} else {
				cond += "type = 'false'"
			}
		case string:
			cond += "type = 'text' AND value = " + p(v)
		case float64:
			cond += "type IN ('integer', 'real') AND value = " + p(v)
		default:
			return "", errors.New("sqlstore: metadata filter value of type " + reflect.TypeOf(value).String())
		}
		return cond + ")", nil
	},
	classify: classifySQLite,
	unique: map[string]string{
		"customerkit_customers.ulid":          "ulid",
		"customerkit_customers.uuid":          "uuid",
		"customerkit_customers.email_key":     "email",
		"customerkit_customers.customer_key":  "customer_key",
		"customerkit_customers.subdomain":     "subdomain",
		"customerkit_customers.hostname":      "hostname",
		"customerkit_customers.external_id":   "external_id",
		"customerkit_credentials.id":          "id",
		"customerkit_integrations.id":         "id",
		"customerkit_integrations.name_key":   "name",
		"customerkit_listings.integration_id": "integration_id",
		"customerkit_instances.id":            "id",
		"customerkit_attachments.id":          "id",
		"customerkit_users.id":                "id",
		"customerkit_users.email_key":         "email",
		"customerkit_users.external_id":       "external_id",
		"customerkit_memberships.customer_id": "user_id",
		"customerkit_memberships.owner":       "owner",
		"customerkit_invitations.id":          "id",
		"customerkit_invitations.token_hash":  "token_hash",
		"customerkit_config_vars.customer_id": "key",
	},
}

// migrationLockKey is the pg_advisory_xact_lock key Migrate holds: the
// first eight bytes of "customerkit" read as a big-endian integer.
const migrationLockKey = 0x637573746f6d6572

var postgresDialect = dialect{
	name:      PostgreSQL,
	dollar:    true,
	noNUL:     true,
	forUpdate: " FOR UPDATE",
	timeArg:   func(t time.Time) any { return t },
	distinctList: func(expr string) string {
		return "string_agg(DISTINCT " + expr + ", ',')"
	},
	// LIKE with every wildcard escaped, so the trigram index serves it.
	contains: func(column, p, sub string) (string, any) {
		return column + " LIKE " + p + ` ESCAPE E'\\'`, "%" + likeEscape(sub) + "%"
	},
	jsonHasAll: func(column string, values []string, p func(any) string) string {
		return column + " @> " + p(jsonText(values)) + "::jsonb"
	},
	jsonKeyEquals: func(column, key string, value any, p func(any) string) (string, error) {
		switch value.(type) {
		case nil, bool, string, float64:
		default:
			return "", errors.New("sqlstore: metadata filter value of type " + reflect.TypeOf(value).String())
		}
		return column + " @> " + p(jsonText(map[string]any{key: value})) + "::jsonb", nil
	},
	lockMigrations: "SELECT pg_advisory_xact_lock(" + strconv.FormatInt(migrationLockKey, 10) + ")",
	classify:       classifyPostgres,
	unique:         postgresUnique,
}

// postgresUnique maps the unique constraints of PostgreSQL to fields.
var postgresUnique = map[string]string{
	"customerkit_customers_pkey":            "ulid",
	"customerkit_customers_uuid_uq":         "uuid",
	"customerkit_customers_email_uq":        "email",
	"customerkit_customers_customer_key_uq": "customer_key",
	"customerkit_customers_subdomain_uq":    "subdomain",
	"customerkit_customers_hostname_uq":     "hostname",
	"customerkit_customers_external_id_uq":  "external_id",
	"customerkit_credentials_pkey":          "id",
	"customerkit_integrations_pkey":         "id",
	"customerkit_integrations_name_uq":      "name",
	"customerkit_listings_pkey":             "integration_id",
	"customerkit_instances_pkey":            "id",
	"customerkit_attachments_pkey":          "id",
	"customerkit_users_pkey":                "id",
	"customerkit_users_email_uq":            "email",
	"customerkit_users_external_id_uq":      "external_id",
	"customerkit_memberships_pkey":          "user_id",
	"customerkit_memberships_owner_uq":      "owner",
	"customerkit_invitations_pkey":          "id",
	"customerkit_invitations_token_hash_uq": "token_hash",
	"customerkit_config_vars_pkey":          "key",
	"customerkit_config_vars_kind_key":      "key",
}
