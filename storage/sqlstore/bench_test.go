package sqlstore_test

// Benchmarks of the SQL adapter's figures, with their baselines. See
// BENCHMARKS.md (at the module root) for the figures and how to reproduce them:
//
//	go test ./storage/sqlstore/ -run '^$' -bench . -benchtime 2000x -count 5
//
// PostgreSQL runs when CUSTOMERKIT_TEST_POSTGRES holds a DSN. The
// 1 000 000-customer benchmarks run only with CUSTOMERKIT_BENCH_LARGE=1; they
// seed a reusable SQLite file (in CUSTOMERKIT_BENCH_DIR, default the system
// temporary directory) and a reusable PostgreSQL schema (ck_bench_1000000)
// once, and reuse them on later runs.

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
	"github.com/customerkit/customerkit/storage/sqlstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// benchCustomer returns the full customer of benchmark (a): two addresses,
// two telephones, two legal documents, metadata, settings and labels.
func benchCustomer(i int) *customer.Customer {
	c := storagetest.NewCustomer(i)
	c.LegalDocuments = append(c.LegalDocuments, customer.LegalDocument{
		Type: "de_hrb", Country: "DE", Value: fmt.Sprintf("HRB%06d", i%1_000_000), Issued: customer.Date{Year: 2015, Month: time.March, Day: 2},
	})
	return c
}

// benchBackends returns the backends of the benchmarks: SQLite in a file,
// and PostgreSQL when configured.
func benchBackends(b *testing.B) []backend {
	out := []backend{{"SQLite", sqlstore.SQLite, openSQLiteFile}}
	if os.Getenv(postgresEnv) != "" {
		out = append(out, backend{"PostgreSQL", sqlstore.PostgreSQL, openPostgres})
	}
	return out
}

// creator is what the create and get benchmarks measure: the Store, or a
// hand-written baseline.
type creator interface {
	create(ctx context.Context, c *customer.Customer) error
	get(ctx context.Context, id ulid.ULID) (*customer.Customer, error)
}

type storeCreator struct{ s *sqlstore.Store }

func (s storeCreator) create(ctx context.Context, c *customer.Customer) error {
	return s.s.CreateCustomer(ctx, c)
}

func (s storeCreator) get(ctx context.Context, id ulid.ULID) (*customer.Customer, error) {
	return s.s.GetCustomer(ctx, customer.ByULID, id.String())
}

// creators returns the Store and the baselines over one migrated database.
func creators(b *testing.B, be backend) []struct {
	name string
	c    creator
} {
	db := be.open(b)
	s := newStore(b, db, be.dialect)
	child := newChildTables(b, db, be.dialect)
	out := []struct {
		name string
		c    creator
	}{
		{"Store", storeCreator{s}},
		{"BaselineSameSchema", newBaselineRow(db, be.dialect)},
		{"BaselineChildTables", child},
	}
	// Each call starts with another one, so that over -count runs none
	// always pays for the first writes to a new table (or checkpoint).
	k := nextBenchID() % len(out)
	return append(out[k:], out[:k]...)
}

// BenchmarkCreateCustomer is figure (a), create: the Store beside the
// hand-written baselines.
func BenchmarkCreateCustomer(b *testing.B) {
	for _, be := range benchBackends(b) {
		b.Run(be.name, func(b *testing.B) {
			for _, cr := range creators(b, be) {
				b.Run(cr.name, func(b *testing.B) {
					cs := make([]*customer.Customer, b.N)
					for i := range cs {
						cs[i] = benchCustomer(nextBenchID())
					}
					ctx := context.Background()
					b.ReportAllocs()
					b.ResetTimer()
					for i := range b.N {
						if err := cr.c.create(ctx, cs[i]); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

// BenchmarkGetCustomer is figure (a), get by ULID.
func BenchmarkGetCustomer(b *testing.B) {
	for _, be := range benchBackends(b) {
		b.Run(be.name, func(b *testing.B) {
			for _, cr := range creators(b, be) {
				b.Run(cr.name, func(b *testing.B) {
					ctx := context.Background()
					ids := make([]ulid.ULID, 100)
					for i := range ids {
						c := benchCustomer(nextBenchID())
						if err := cr.c.create(ctx, c); err != nil {
							b.Fatal(err)
						}
						ids[i] = c.ULID
					}
					b.ReportAllocs()
					b.ResetTimer()
					for i := range b.N {
						c, err := cr.c.get(ctx, ids[i%len(ids)])
						if err != nil {
							b.Fatal(err)
						}
						if len(c.Addresses) != 2 || len(c.Telephones) != 2 || len(c.LegalDocuments) != 2 {
							b.Fatalf("incomplete customer: %d addresses, %d telephones, %d documents", len(c.Addresses), len(c.Telephones), len(c.LegalDocuments))
						}
					}
				})
			}
		})
	}
}

var benchID struct {
	sync.Mutex
	n int
}

// nextBenchID returns a fixture number never used before in this process.
func nextBenchID() int {
	benchID.Lock()
	defer benchID.Unlock()
	benchID.n++
	return benchID.n
}

// ---- Baseline 1: the Store's schema, written by hand. ----

// baselineRow is hand-written database/sql code over the Store's own
// schema: one INSERT, one SELECT, each one round trip. The Store should cost
// little more.
type baselineRow struct {
	db     *sql.DB
	d      sqlstore.Dialect
	insert string
	get1   string
}

var rowColumns = "ulid, uuid, external_id, tenant_id, customer_key, customer_prefix, status, customer_type, " +
	"email, email_key, first_name, last_name, company_name, name, name_key, description, description_key, labels, " +
	"hostname, subdomain, country, currency, language, delinquent, allowed_origins, allowed_registration_domains, " +
	"settings, metadata, addresses, telephones, legal_documents, parent_id, version, created_at, updated_at"

func newBaselineRow(db *sql.DB, d sqlstore.Dialect) *baselineRow {
	return &baselineRow{
		db:     db,
		d:      d,
		insert: "INSERT INTO customerkit_customers (" + rowColumns + ") VALUES " + placeholders(d, 1, 35),
		get1:   "SELECT " + rowColumns + " FROM customerkit_customers WHERE ulid = " + placeholders(d, 0, 1),
	}
}

// placeholders returns rows tuples of n placeholders, or with rows 0 the
// bare list.
func placeholders(d sqlstore.Dialect, rows, n int) string {
	var b strings.Builder
	k := 0
	for r := range max(rows, 1) {
		if r > 0 {
			b.WriteString(", ")
		}
		if rows > 0 {
			b.WriteByte('(')
		}
		for i := range n {
			if i > 0 {
				b.WriteString(", ")
			}
			k++
			if d == sqlstore.PostgreSQL {
				fmt.Fprintf(&b, "$%d", k)
			} else {
				b.WriteByte('?')
			}
		}
		if rows > 0 {
			b.WriteByte(')')
		}
	}
	return b.String()
}

func jsonOrNil[T any](v T, isNil bool) any {
	if isNil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// rowArgs returns the 35 values of c's row.
func rowArgs(d sqlstore.Dialect, c *customer.Customer) []any {
	return rowArgsKeyed(d, c, customer.SearchKey)
}

// seedKey is customer.SearchKey with a shortcut for ASCII text, where it
// gives the same key: seeding a million rows spends most of its time
// folding otherwise.
func seedKey(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return customer.SearchKey(s)
		}
	}
	return strings.Join(strings.Fields(strings.ToLower(s)), " ")
}

// rowArgsKeyed returns the 35 values of c's row, with search keys made by
// key.
func rowArgsKeyed(d sqlstore.Dialect, c *customer.Customer, key func(string) string) []any {
	ts := func(t time.Time) any {
		t = t.UTC().Truncate(time.Microsecond)
		if d == sqlstore.SQLite {
			return t.UnixMicro()
		}
		return t
	}
	var parent any
	if !c.ParentID.IsZero() {
		parent = c.ParentID.String()
	}
	return []any{
		c.ULID.String(), c.UUID.String(), nullable(c.ExternalID), c.TenantID, c.Key, c.Prefix, string(c.Status), string(c.Type),
		c.Email, customer.EmailKey(c.Email), c.FirstName, c.LastName, c.CompanyName, c.Name, key(c.Name),
		c.Description, key(c.Description), jsonOrNil(c.Labels, c.Labels == nil),
		nullable(c.Hostname), c.Subdomain, c.Country, c.Currency, c.Language, c.Delinquent,
		jsonOrNil(c.AllowedOrigins, c.AllowedOrigins == nil), jsonOrNil(c.AllowedRegistrationDomains, c.AllowedRegistrationDomains == nil),
		jsonOrNil(map[string]any(c.Settings), c.Settings == nil), jsonOrNil(map[string]any(c.Metadata), c.Metadata == nil),
		jsonOrNil(c.Addresses, c.Addresses == nil), jsonOrNil(c.Telephones, c.Telephones == nil), jsonOrNil(c.LegalDocuments, c.LegalDocuments == nil),
		parent, c.Version, ts(c.CreatedAt), ts(c.UpdatedAt),
	}
}

func (bl *baselineRow) create(ctx context.Context, c *customer.Customer) error {
	_, err := bl.db.ExecContext(ctx, bl.insert, rowArgs(bl.d, c)...)
	return err
}

// anyTime scans a timestamptz or an integer of microseconds.
type anyTime struct{ t *time.Time }

func (a anyTime) Scan(src any) error {
	switch v := src.(type) {
	case time.Time:
		*a.t = v.UTC()
	case int64:
		*a.t = time.UnixMicro(v).UTC()
	default:
		return fmt.Errorf("time of type %T", src)
	}
	return nil
}

func (bl *baselineRow) get(ctx context.Context, id ulid.ULID) (*customer.Customer, error) {
	var (
		c                                     customer.Customer
		idText, uuidText, status, typ, sink   string
		ext, host, parent                     sql.NullString
		labels, origins, regs, settings, meta []byte
		addrs, tels, docs                     []byte
	)
	err := bl.db.QueryRowContext(ctx, bl.get1, id.String()).Scan(
		&idText, &uuidText, &ext, &c.TenantID, &c.Key, &c.Prefix, &status, &typ,
		&c.Email, &sink, &c.FirstName, &c.LastName, &c.CompanyName, &c.Name, &sink, &c.Description, &sink, &labels,
		&host, &c.Subdomain, &c.Country, &c.Currency, &c.Language, &c.Delinquent, &origins, &regs,
		&settings, &meta, &addrs, &tels, &docs, &parent, &c.Version, anyTime{&c.CreatedAt}, anyTime{&c.UpdatedAt})
	if err != nil {
		return nil, err
	}
	if c.ULID, err = ulid.Parse(idText); err != nil {
		return nil, err
	}
	if c.UUID, err = uuid.Parse(uuidText); err != nil {
		return nil, err
	}
	if parent.Valid {
		if c.ParentID, err = ulid.Parse(parent.String); err != nil {
			return nil, err
		}
	}
	c.Status, c.Type, c.ExternalID, c.Hostname = customer.Status(status), customer.Type(typ), ext.String, host.String
	for _, f := range []struct {
		b []byte
		v any
	}{{labels, &c.Labels}, {origins, &c.AllowedOrigins}, {regs, &c.AllowedRegistrationDomains}, {settings, &c.Settings},
		{meta, (*map[string]any)(&c.Metadata)}, {addrs, &c.Addresses}, {tels, &c.Telephones}, {docs, &c.LegalDocuments}} {
		if f.b != nil {
			if err := json.Unmarshal(f.b, f.v); err != nil {
				return nil, err
			}
		}
	}
	return &c, nil
}

// ---- Baseline 2: child tables, written by hand. ----

// childTables is hand-written database/sql code over a schema with one
// table per kind of child (addresses, telephones, legal documents): a
// create is one transaction with one multi-row INSERT per kind, and a get is
// one SELECT that aggregates the children as JSON (one round trip).
type childTables struct {
	db                          *sql.DB
	d                           sqlstore.Dialect
	insertCustomer, selectWhole string
}

var childScalarColumns = "ulid, uuid, external_id, tenant_id, customer_key, customer_prefix, status, customer_type, " +
	"email, email_key, first_name, last_name, company_name, name, name_key, description, description_key, labels, " +
	"hostname, subdomain, country, currency, language, delinquent, allowed_origins, allowed_registration_domains, " +
	"settings, metadata, parent_id, version, created_at, updated_at"

func newChildTables(b *testing.B, db *sql.DB, d sqlstore.Dialect) *childTables {
	ddl := `
CREATE TABLE bench_customers AS SELECT * FROM customerkit_customers WHERE 1 = 0;
ALTER TABLE bench_customers DROP COLUMN addresses;
ALTER TABLE bench_customers DROP COLUMN telephones;
ALTER TABLE bench_customers DROP COLUMN legal_documents;
CREATE UNIQUE INDEX bench_customers_pkey ON bench_customers (ulid);
CREATE UNIQUE INDEX bench_customers_uuid ON bench_customers (uuid);
CREATE UNIQUE INDEX bench_customers_email ON bench_customers (email_key);
CREATE UNIQUE INDEX bench_customers_key ON bench_customers (customer_key);
CREATE UNIQUE INDEX bench_customers_subdomain ON bench_customers (subdomain);
CREATE UNIQUE INDEX bench_customers_hostname ON bench_customers (hostname);
CREATE UNIQUE INDEX bench_customers_external_id ON bench_customers (external_id);
CREATE INDEX bench_customers_created ON bench_customers (created_at, ulid);
CREATE INDEX bench_customers_name ON bench_customers (name_key, ulid);
CREATE INDEX bench_customers_status_created ON bench_customers (status, created_at, ulid);
CREATE INDEX bench_customers_status_name ON bench_customers (status, name_key, ulid);
CREATE INDEX bench_customers_parent ON bench_customers (parent_id, created_at, ulid);
CREATE TABLE bench_customer_addresses (
    customer_ulid TEXT NOT NULL REFERENCES bench_customers (ulid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type TEXT NOT NULL, country TEXT NOT NULL, state TEXT NOT NULL, postal_code TEXT NOT NULL, city TEXT NOT NULL,
    address_line1 TEXT NOT NULL, address_line2 TEXT NOT NULL, po_box TEXT NOT NULL, building_number TEXT NOT NULL,
    complement TEXT NOT NULL, is_default BOOLEAN NOT NULL,
    PRIMARY KEY (customer_ulid, position));
CREATE TABLE bench_customer_telephones (
    customer_ulid TEXT NOT NULL REFERENCES bench_customers (ulid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type TEXT NOT NULL, number TEXT NOT NULL, extension TEXT NOT NULL, is_default BOOLEAN NOT NULL,
    PRIMARY KEY (customer_ulid, position));
CREATE TABLE bench_customer_legal_documents (
    customer_ulid TEXT NOT NULL REFERENCES bench_customers (ulid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    type TEXT NOT NULL, country TEXT NOT NULL, value TEXT NOT NULL, issued_date TEXT NOT NULL,
    PRIMARY KEY (customer_ulid, position));
`
	if d == sqlstore.PostgreSQL {
		ddl = strings.ReplaceAll(ddl, "customer_ulid TEXT", `customer_ulid TEXT COLLATE "C"`)
		ddl = strings.Replace(ddl, "CREATE UNIQUE INDEX bench_customers_pkey ON bench_customers (ulid);",
			"ALTER TABLE bench_customers ADD PRIMARY KEY (ulid);", 1)
	}
	for _, stmt := range strings.Split(ddl, ";") {
		if strings.TrimSpace(stmt) == "" {
			continue
		}
		if _, err := db.Exec(stmt); err != nil {
			b.Fatalf("%s: %v", stmt, err)
		}
	}
	obj := func(pairs ...string) string {
		fn := "json_object"
		if d == sqlstore.PostgreSQL {
			fn = "json_build_object"
		}
		var args []string
		for i := 0; i < len(pairs); i += 2 {
			args = append(args, "'"+pairs[i]+"', "+pairs[i+1])
		}
		return fn + "(" + strings.Join(args, ", ") + ")"
	}
	agg := func(table, object string) string {
		if d == sqlstore.PostgreSQL {
			return "(SELECT json_agg(" + object + " ORDER BY position) FROM " + table + " WHERE customer_ulid = c.ulid)"
		}
		return "(SELECT json_group_array(json(o)) FROM (SELECT " + object + " AS o FROM " + table +
			" WHERE customer_ulid = c.ulid ORDER BY position))"
	}
	boolean := func(col string) string {
		if d == sqlstore.PostgreSQL {
			return col
		}
		return "json(CASE WHEN " + col + " THEN 'true' ELSE 'false' END)"
	}
	cols := "c." + strings.ReplaceAll(childScalarColumns, ", ", ", c.")
	whole := "SELECT " + cols + ", " +
		agg("bench_customer_addresses", obj("type", "type", "country", "country", "state", "state", "postal_code", "postal_code",
			"city", "city", "address_line1", "address_line1", "address_line2", "address_line2", "po_box", "po_box",
			"building_number", "building_number", "complement", "complement", "default", boolean("is_default"))) + ", " +
		agg("bench_customer_telephones", obj("type", "type", "number", "number", "extension", "extension", "default", boolean("is_default"))) + ", " +
		agg("bench_customer_legal_documents", obj("type", "type", "country", "country", "value", "value", "issued_date", "issued_date")) +
		" FROM bench_customers c WHERE c.ulid = " + placeholders(d, 0, 1)
	return &childTables{
		db:             db,
		d:              d,
		insertCustomer: "INSERT INTO bench_customers (" + childScalarColumns + ") VALUES " + placeholders(d, 1, 32),
		selectWhole:    whole,
	}
}

func (ct *childTables) create(ctx context.Context, c *customer.Customer) error {
	all := rowArgs(ct.d, c)
	scalars := append(append([]any{}, all[:28]...), all[31:]...)
	tx, err := ct.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, ct.insertCustomer, scalars...); err != nil {
		return err
	}
	id := c.ULID.String()
	if n := len(c.Addresses); n > 0 {
		args := make([]any, 0, n*13)
		for i, a := range c.Addresses {
			args = append(args, id, i, string(a.Type), a.Country, a.State, a.PostalCode, a.City, a.Line1, a.Line2, a.POBox, a.BuildingNumber, a.Complement, a.Default)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO bench_customer_addresses VALUES "+placeholders(ct.d, n, 13), args...); err != nil {
			return err
		}
	}
	if n := len(c.Telephones); n > 0 {
		args := make([]any, 0, n*6)
		for i, p := range c.Telephones {
			args = append(args, id, i, string(p.Type), p.Number, p.Extension, p.Default)
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO bench_customer_telephones VALUES "+placeholders(ct.d, n, 6), args...); err != nil {
			return err
		}
	}
	if n := len(c.LegalDocuments); n > 0 {
		args := make([]any, 0, n*6)
		for i, l := range c.LegalDocuments {
			args = append(args, id, i, l.Type, l.Country, l.Value, l.Issued.String())
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO bench_customer_legal_documents VALUES "+placeholders(ct.d, n, 6), args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func (ct *childTables) get(ctx context.Context, id ulid.ULID) (*customer.Customer, error) {
	var (
		c                                     customer.Customer
		idText, uuidText, status, typ, sink   string
		ext, host, parent                     sql.NullString
		labels, origins, regs, settings, meta []byte
		addrs, tels, docs                     []byte
	)
	err := ct.db.QueryRowContext(ctx, ct.selectWhole, id.String()).Scan(
		&idText, &uuidText, &ext, &c.TenantID, &c.Key, &c.Prefix, &status, &typ,
		&c.Email, &sink, &c.FirstName, &c.LastName, &c.CompanyName, &c.Name, &sink, &c.Description, &sink, &labels,
		&host, &c.Subdomain, &c.Country, &c.Currency, &c.Language, &c.Delinquent, &origins, &regs,
		&settings, &meta, &parent, &c.Version, anyTime{&c.CreatedAt}, anyTime{&c.UpdatedAt}, &addrs, &tels, &docs)
	if err != nil {
		return nil, err
	}
	if c.ULID, err = ulid.Parse(idText); err != nil {
		return nil, err
	}
	if c.UUID, err = uuid.Parse(uuidText); err != nil {
		return nil, err
	}
	if parent.Valid {
		if c.ParentID, err = ulid.Parse(parent.String); err != nil {
			return nil, err
		}
	}
	c.Status, c.Type, c.ExternalID, c.Hostname = customer.Status(status), customer.Type(typ), ext.String, host.String
	for _, f := range []struct {
		b []byte
		v any
	}{{labels, &c.Labels}, {origins, &c.AllowedOrigins}, {regs, &c.AllowedRegistrationDomains}, {settings, &c.Settings},
		{meta, (*map[string]any)(&c.Metadata)}, {addrs, &c.Addresses}, {tels, &c.Telephones}, {docs, &c.LegalDocuments}} {
		if f.b != nil {
			if err := json.Unmarshal(f.b, f.v); err != nil {
				return nil, err
			}
		}
	}
	return &c, nil
}

// ---- Figures (b) and (c): pages of a large table. ----

// Seeded customers: names drawn from syllables (so name order is not
// creation order), statuses 70% active, 15% suspended, 10% inactive, 5%
// terminated; one address, one telephone, a little metadata.
var syllables = []string{
	"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "an", "el", "or", "un", "be", "da", "fi", "go",
	"ha", "je", "ku", "ly", "mo", "pa", "qui", "re", "si", "to", "ul", "ve", "wa", "xe", "yo", "zu",
}

var suffixWords = []string{"GmbH", "AG", "Ltd", "Inc.", "SARL", "S.A.", "BV", "Oy", "AB", "LLC", "Group", "Holding"}

func seedWord(r *rand.Rand) string {
	n := 2 + r.IntN(3)
	var b strings.Builder
	for range n {
		b.WriteString(syllables[r.IntN(len(syllables))])
	}
	w := b.String()
	return strings.ToUpper(w[:1]) + w[1:]
}

// seedCustomer returns seeded customer i of a data set.
func seedCustomer(i int) *customer.Customer {
	r := rand.New(rand.NewPCG(uint64(i), 0x5eed))
	created := time.Date(2020, time.January, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 7 * time.Second)
	var entropy [10]byte
	entropy[0] = 0x5e
	for k := 2; k < 10; k++ {
		entropy[k] = byte(i >> (8 * (9 - k)))
	}
	id := ulid.MustNew(ulid.Timestamp(created), strings.NewReader(string(entropy[:])))
	status := customer.StatusActive
	switch p := r.IntN(100); {
	case p < 15:
		status = customer.StatusSuspended
	case p < 25:
		status = customer.StatusInactive
	case p < 30:
		status = customer.StatusTerminated
	}
	name := seedWord(r) + " " + seedWord(r) + " " + suffixWords[r.IntN(len(suffixWords))]
	return &customer.Customer{
		ULID:        id,
		UUID:        uuid.NewSHA1(uuid.NameSpaceOID, []byte(fmt.Sprint(i))),
		ExternalID:  fmt.Sprintf("crm-%07d", i),
		Key:         fmt.Sprintf("k%09d", i),
		Status:      status,
		Type:        customer.TypeBusiness,
		Email:       fmt.Sprintf("billing.%d@example.com", i),
		Name:        name,
		CompanyName: name,
		Description: fmt.Sprintf("Seeded customer %d", i),
		Labels:      []string{[]string{"eu", "us", "apac"}[r.IntN(3)]},
		Subdomain:   fmt.Sprintf("s%09d", i),
		Country:     []string{"DE", "FR", "US", "GB", "BR", "JP"}[r.IntN(6)],
		Currency:    "EUR",
		Metadata:    metadata.Metadata{"plan": []any{"free", "pro", "enterprise"}[r.IntN(3)], "seats": float64(1 + r.IntN(500))},
		Addresses: []customer.Address{{Type: customer.AddressPostal, Country: "DE", City: "Berlin",
			PostalCode: fmt.Sprintf("%05d", r.IntN(100000)), Line1: fmt.Sprintf("Hauptstraße %d", 1+r.IntN(200)), Default: true}},
		Telephones: []customer.Telephone{{Type: customer.PhoneLandline, Number: fmt.Sprintf("+4930%08d", i), Default: true}},
		Version:    1,
		CreatedAt:  created,
		UpdatedAt:  created,
	}
}

// seeded is one reusable seeded database.
type seeded struct {
	db    *sql.DB
	store *sqlstore.Store
	// middle is the cursor of the page in the middle of the list of
	// suspended customers by name.
	middle customerkit.Cursor
}

var (
	seededMu sync.Mutex
	seededDB = map[string]*seeded{}
)

// seedSize returns the seeded database of n customers of backend be,
// seeding it on first use: a file in CUSTOMERKIT_BENCH_DIR (default the
// temporary directory) for SQLite, schema ck_bench_<n> for PostgreSQL. Both
// outlive the run, to be reused.
func seedSize(b *testing.B, be backend, n int) *seeded {
	seededMu.Lock()
	defer seededMu.Unlock()
	key := fmt.Sprint(be.name, n)
	if s, ok := seededDB[key]; ok {
		return s
	}
	ctx := context.Background()
	var open func(seeding bool) *sql.DB
	switch be.dialect {
	case sqlstore.SQLite:
		dir := os.Getenv("CUSTOMERKIT_BENCH_DIR")
		if dir == "" {
			dir = os.TempDir()
		}
		path := filepath.Join(dir, fmt.Sprintf("customerkit_bench_%d.db", n))
		open = func(seeding bool) *sql.DB {
			mode := "_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)"
			if seeding {
				// A bulk load into a new file: no journal.
				for _, suffix := range []string{"", "-wal", "-shm"} {
					os.Remove(path + suffix)
				}
				mode = "_pragma=journal_mode(OFF)&_pragma=synchronous(OFF)"
			}
			db, err := sql.Open("sqlite", "file:"+path+"?"+sqliteDSNParams+"&"+mode+"&_pragma=cache_size(-262144)")
			if err != nil {
				b.Fatal(err)
			}
			return db
		}
	default:
		dsn := os.Getenv(postgresEnv)
		schema := fmt.Sprintf("ck_bench_%d", n)
		open = func(seeding bool) *sql.DB {
			admin, err := sql.Open("pgx", dsn)
			if err != nil {
				b.Fatal(err)
			}
			defer admin.Close()
			_, _ = admin.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
			if seeding {
				if _, err := admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE"); err != nil {
					b.Fatal(err)
				}
			}
			if _, err := admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
				b.Fatal(err)
			}
			db, err := sql.Open("pgx", withSearchPath(b, dsn, schema))
			if err != nil {
				b.Fatal(err)
			}
			return db
		}
	}
	db := open(false)
	store := newStore(b, db, be.dialect)
	var have int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM customerkit_customers").Scan(&have); err != nil {
		b.Fatal(err)
	}
	if have != n {
		db.Close()
		start := time.Now()
		sdb := open(true)
		newStore(b, sdb, be.dialect)
		seed(b, sdb, be.dialect, n)
		sdb.Close()
		b.Logf("%s: seeded %d customers in %s", be.name, n, time.Since(start).Round(time.Millisecond))
		db = open(false)
		store = newStore(b, db, be.dialect)
	}
	s := &seeded{db: db, store: store}
	// The cursor of the middle page, found by walking big pages.
	q := &customer.Query{Statuses: []customer.Status{customer.StatusSuspended}, Order: customer.OrderName, Limit: customer.MaxLimit}
	var total int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM customerkit_customers WHERE status = 'suspended'").Scan(&total); err != nil {
		b.Fatal(err)
	}
	for seen := 0; seen < total/2; {
		page, err := store.ListCustomers(ctx, q, s.middle)
		if err != nil {
			b.Fatal(err)
		}
		seen += len(page.Items)
		s.middle = page.Next
	}
	seededDB[key] = s
	runtime.GC() // not during the first benchmark: the walk above made garbage
	return s
}

// seed loads customers 0..n-1 into the freshly migrated database db, as a
// bulk load does: the secondary indexes are dropped, the rows go in with
// multi-row INSERTs of 500 rows in one transaction (while other goroutines
// build the next batches), the indexes are built again from their own
// definitions, and the planner's statistics are updated.
func seed(b *testing.B, db *sql.DB, d sqlstore.Dialect, n int) {
	ctx := context.Background()
	const batch = 500
	batches := make(chan []any, 8)
	var wg sync.WaitGroup
	next := make(chan int)
	go func() {
		for i := 0; i < n; i += batch {
			next <- i
		}
		close(next)
	}()
	// Batches are built in parallel but sent in order.
	type built struct {
		i    int
		args []any
	}
	out := make(chan built, 8)
	for range 2 {
		wg.Go(func() {
			for i := range next {
				args := make([]any, 0, batch*35)
				for j := i; j < min(i+batch, n); j++ {
					args = append(args, rowArgsKeyed(d, seedCustomer(j), seedKey)...)
				}
				out <- built{i, args}
			}
		})
	}
	go func() { wg.Wait(); close(out) }()
	go func() {
		pending := map[int][]any{}
		want := 0
		for bt := range out {
			pending[bt.i] = bt.args
			for a, ok := pending[want]; ok; a, ok = pending[want] {
				batches <- a
				delete(pending, want)
				want += batch
			}
		}
		close(batches)
	}()

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer tx.Rollback()
	indexes := secondaryIndexes(b, tx, d)
	for name := range indexes {
		if _, err := tx.ExecContext(ctx, "DROP INDEX "+name); err != nil {
			b.Fatal(err)
		}
	}
	if d == sqlstore.PostgreSQL {
		if _, err := tx.ExecContext(ctx, "SET LOCAL maintenance_work_mem = '512MB'"); err != nil {
			b.Fatal(err)
		}
	}
	phase := time.Now()
	for args := range batches {
		query := "INSERT INTO customerkit_customers (" + rowColumns + ") VALUES " + placeholders(d, len(args)/35, 35)
		if _, err := tx.ExecContext(ctx, query, args...); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("seed: rows inserted in %s", time.Since(phase).Round(time.Millisecond))
	phase = time.Now()
	for name, def := range indexes {
		if _, err := tx.ExecContext(ctx, def); err != nil {
			b.Fatalf("rebuild %s: %v", name, err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	b.Logf("seed: %d indexes built in %s", len(indexes), time.Since(phase).Round(time.Millisecond))
	phase = time.Now()
	defer func() { b.Logf("seed: statistics in %s", time.Since(phase).Round(time.Millisecond)) }()
	analyze := "ANALYZE"
	if d == sqlstore.PostgreSQL {
		// As autovacuum would; VACUUM also sets the visibility map.
		analyze = "VACUUM ANALYZE customerkit_customers"
	}
	if _, err := db.ExecContext(ctx, analyze); err != nil {
		b.Fatal(err)
	}
}

// secondaryIndexes returns the name and definition of every index of
// customerkit_customers but the primary key.
func secondaryIndexes(b *testing.B, tx *sql.Tx, d sqlstore.Dialect) map[string]string {
	query := "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'customerkit_customers' AND sql IS NOT NULL"
	if d == sqlstore.PostgreSQL {
		query = "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'customerkit_customers' " +
			"AND schemaname = current_schema() AND indexname <> 'customerkit_customers_pkey'"
	}
	rows, err := tx.Query(query)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			b.Fatal(err)
		}
		out[name] = def
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return out
}

// benchSizes returns the table sizes of figures (b) and (c).
func benchSizes() []int {
	if os.Getenv("CUSTOMERKIT_BENCH_LARGE") == "1" {
		return []int{10_000, 1_000_000}
	}
	return []int{10_000}
}

// BenchmarkListByStatusByName is figure (b): a page of 50 suspended
// customers sorted by name, the first page and one from the middle of the
// list.
func BenchmarkListByStatusByName(b *testing.B) {
	for _, be := range benchBackends(b) {
		for _, n := range benchSizes() {
			b.Run(fmt.Sprintf("%s/%d", be.name, n), func(b *testing.B) {
				s := seedSize(b, be, n)
				q := &customer.Query{Statuses: []customer.Status{customer.StatusSuspended}, Order: customer.OrderName, Limit: 50}
				for _, pos := range []struct {
					name  string
					after customerkit.Cursor
				}{{"FirstPage", customerkit.Cursor{}}, {"MiddlePage", s.middle}} {
					b.Run(pos.name, func(b *testing.B) {
						ctx := context.Background()
						b.ReportAllocs()
						for b.Loop() {
							page, err := s.store.ListCustomers(ctx, q, pos.after)
							if err != nil {
								b.Fatal(err)
							}
							if len(page.Items) != 50 {
								b.Fatalf("%d items", len(page.Items))
							}
						}
					})
				}
			})
		}
	}
}

// BenchmarkSearchByName is figure (c): a page of 50 customers whose name
// contains a search, newest first, for a search that matches about 0.3% of
// the customers, one that matches a handful, and one that matches none.
func BenchmarkSearchByName(b *testing.B) {
	for _, be := range benchBackends(b) {
		for _, n := range benchSizes() {
			b.Run(fmt.Sprintf("%s/%d", be.name, n), func(b *testing.B) {
				s := seedSize(b, be, n)
				for _, search := range []struct{ name, text string }{
					{"Common", "kalo"},
					{"Rare", "zuxeyo"},
					{"None", "qqqq"},
				} {
					b.Run(search.name, func(b *testing.B) {
						q := &customer.Query{Name: search.text, Order: customer.OrderCreatedDesc, Limit: 50}
						ctx := context.Background()
						b.ReportAllocs()
						for b.Loop() {
							if _, err := s.store.ListCustomers(ctx, q, customerkit.Cursor{}); err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			})
		}
	}
}
