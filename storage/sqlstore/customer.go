package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

// customerTable holds one row per customer. Addresses, telephones, legal
// documents, labels, allowed origins and registration domains, settings
// and metadata are JSON columns of the row (jsonb on PostgreSQL), so a
// customer is written with one statement and read with one.
const customerTable = TablePrefix + "customers"

// customerColumns are the columns of customerTable, in the order
// customerArgs writes them; customerRow reads them in the same order, less
// derivedColumns.
var customerColumns = []string{
	"ulid", "uuid", "external_id", "tenant_id", "customer_key", "customer_prefix",
	"status", "customer_type",
	"email", "email_key", "first_name", "last_name", "company_name",
	"name", "name_key", "description", "description_key", "labels",
	"hostname", "subdomain", "country", "currency", "language", "delinquent",
	"allowed_origins", "allowed_registration_domains", "settings", "metadata",
	"addresses", "telephones", "legal_documents",
	"parent_id", "version", "created_at", "updated_at",
}

// derivedColumns are the columns of customerTable computed from other
// fields (EmailKey, SearchKey): written, never read back.
var derivedColumns = []string{"email_key", "name_key", "description_key"}

// lookupColumns maps a lookup field to its column.
var lookupColumns = map[customer.By]string{
	customer.ByULID:       "ulid",
	customer.ByUUID:       "uuid",
	customer.ByEmail:      "email_key",
	customer.ByExternalID: "external_id",
	customer.ByKey:        "customer_key",
	customer.BySubdomain:  "subdomain",
	customer.ByHostname:   "hostname",
}

// customerSQL holds the fixed statements on customers, in the dialect's
// placeholders.
type customerSQL struct {
	columns         string // the columns read: customerColumns but derivedColumns
	insert          string // one row
	selectBy        map[customer.By]string
	selectForUpdate string // by ulid, locking the row where the dialect can
	update          string // every column but ulid; WHERE ulid AND version; RETURNING the row
	delete          string // by ulid
	selectParent    string // parent_id by ulid, locking the row where the dialect can
	countDependents string // the customer's instances and credentials, by customer_id
}

func newCustomerSQL(d *dialect) *customerSQL {
	var read []string
	for _, col := range customerColumns {
		if !slices.Contains(derivedColumns, col) {
			read = append(read, col)
		}
	}
	cols := strings.Join(read, ", ")
	cs := &customerSQL{columns: cols, selectBy: make(map[customer.By]string, len(lookupColumns))}
	cs.insert = d.rebind("INSERT INTO " + customerTable + " (" + strings.Join(customerColumns, ", ") + ") VALUES " +
		valuesList(1, len(customerColumns)))
	for by, col := range lookupColumns {
		cs.selectBy[by] = d.rebind("SELECT " + cols + " FROM " + customerTable + " WHERE " + col + " = ?")
	}
	cs.selectForUpdate = d.rebind("SELECT " + cols + " FROM " + customerTable + " WHERE ulid = ?" + d.forUpdate)
	cs.selectParent = d.rebind("SELECT parent_id FROM " + customerTable + " WHERE ulid = ?" + d.forUpdate)
	set := make([]string, 0, len(customerColumns)-1)
	for _, col := range customerColumns[1:] {
		set = append(set, col+" = ?")
	}
	cs.update = d.rebind("UPDATE " + customerTable + " SET " + strings.Join(set, ", ") +
		" WHERE ulid = ? AND version = ? RETURNING " + cols)
	cs.delete = d.rebind("DELETE FROM " + customerTable + " WHERE ulid = ?")
	cs.countDependents = d.rebind("SELECT (SELECT COUNT(*) FROM " + instanceTable + " WHERE customer_id = ?), " +
		"(SELECT COUNT(*) FROM " + credentialTable + " WHERE customer_id = ?)")
	return cs
}

// valuesList returns rows tuples of cols "?" placeholders: "(?, ?), (?, ?)".
func valuesList(rows, cols int) string {
	row := "(" + strings.Repeat("?, ", cols-1) + "?)"
	var b strings.Builder
	b.Grow(rows * (len(row) + 2))
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(row)
	}
	return b.String()
}

// customerArgs returns the values of c's row, in customerColumns order.
// A value JSON cannot encode (in settings or metadata) is a
// *customerkit.ValidationError.
func (s *Store) customerArgs(c *customer.Customer) ([]any, error) {
	args := make([]any, 0, len(customerColumns))
	return s.appendCustomerArgs(args, c)
}

func (s *Store) appendCustomerArgs(args []any, c *customer.Customer) ([]any, error) {
	var jerr error
	enc := func(path string, v any, isNil bool) any {
		if isNil {
			return nil
		}
		b, err := json.Marshal(v)
		if err != nil {
			if jerr == nil {
				jerr = &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{
					Path: path, Code: customerkit.CodeInvalid, Detail: "cannot be stored as JSON: " + err.Error(),
				}}}
			}
			return nil
		}
		return string(b)
	}
	args = append(args,
		c.ULID.String(), c.UUID.String(), nullString(c.ExternalID), c.TenantID, c.Key, c.Prefix,
		string(c.Status), string(c.Type),
		c.Email, customer.EmailKey(c.Email), c.FirstName, c.LastName, c.CompanyName,
		c.Name, customer.SearchKey(c.Name), c.Description, customer.SearchKey(c.Description),
		enc("labels", c.Labels, c.Labels == nil),
		nullString(c.Hostname), c.Subdomain, c.Country, c.Currency, c.Language, c.Delinquent,
		enc("allowed_domains_origins", c.AllowedOrigins, c.AllowedOrigins == nil),
		enc("allowed_domains_registration", c.AllowedRegistrationDomains, c.AllowedRegistrationDomains == nil),
		enc("customer_settings", map[string]any(c.Settings), c.Settings == nil),
		enc("customer_metadata", map[string]any(c.Metadata), c.Metadata == nil),
		enc("addresses", c.Addresses, c.Addresses == nil),
		enc("telephones", c.Telephones, c.Telephones == nil),
		enc("legal_documents", c.LegalDocuments, c.LegalDocuments == nil),
		nullULID(c.ParentID), c.Version,
		s.d.timeArg(storedTime(c.CreatedAt)), s.d.timeArg(storedTime(c.UpdatedAt)),
	)
	return args, jerr
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullULID(id ulid.ULID) any {
	if id.IsZero() {
		return nil
	}
	return id.String()
}

// jsonText returns the JSON text of v, which must encode (strings, scalars).
func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic("sqlstore: " + err.Error())
	}
	return string(b)
}

// customerRow receives one row of customerSQL.columns.
type customerRow struct {
	c                                customer.Customer
	id, uuid, status, typ            string
	externalID, hostname, parentID   sql.NullString
	labels, origins, regDomains      []byte
	settings, meta                   []byte
	addresses, telephones, legalDocs []byte
	dest                             [32]any
}

func newCustomerRow() *customerRow {
	r := &customerRow{}
	c := &r.c
	r.dest = [32]any{
		&r.id, &r.uuid, &r.externalID, &c.TenantID, &c.Key, &c.Prefix,
		&r.status, &r.typ,
		&c.Email, &c.FirstName, &c.LastName, &c.CompanyName,
		&c.Name, &c.Description, &r.labels,
		&r.hostname, &c.Subdomain, &c.Country, &c.Currency, &c.Language, &c.Delinquent,
		&r.origins, &r.regDomains, &r.settings, &r.meta,
		&r.addresses, &r.telephones, &r.legalDocs,
		&r.parentID, &c.Version, timeScanner{&c.CreatedAt}, timeScanner{&c.UpdatedAt},
	}
	return r
}

// scan reads one row into a new Customer.
func (r *customerRow) scan(sc interface{ Scan(...any) error }) (*customer.Customer, error) {
	if err := sc.Scan(r.dest[:]...); err != nil {
		return nil, err
	}
	return r.customer()
}

func (r *customerRow) customer() (*customer.Customer, error) {
	c := r.c // a copy: the row may be scanned again
	var err error
	if c.ULID, err = ulid.ParseStrict(r.id); err != nil {
		return nil, fmt.Errorf("sqlstore: stored customer ulid %q: %w", r.id, err)
	}
	if c.UUID, err = uuid.Parse(r.uuid); err != nil {
		return nil, fmt.Errorf("sqlstore: stored customer %s uuid: %w", r.id, err)
	}
	if r.parentID.Valid {
		if c.ParentID, err = ulid.ParseStrict(r.parentID.String); err != nil {
			return nil, fmt.Errorf("sqlstore: stored customer %s parent_id: %w", r.id, err)
		}
	}
	c.Status, c.Type = customer.Status(r.status), customer.Type(r.typ)
	c.ExternalID, c.Hostname = r.externalID.String, r.hostname.String
	dec := func(b []byte, v any) {
		if b != nil && err == nil {
			if e := json.Unmarshal(b, v); e != nil {
				err = fmt.Errorf("sqlstore: stored customer %s: %w", r.id, e)
			}
		}
	}
	dec(r.labels, &c.Labels)
	dec(r.origins, &c.AllowedOrigins)
	dec(r.regDomains, &c.AllowedRegistrationDomains)
	if r.settings != nil {
		var m map[string]any
		dec(r.settings, &m)
		c.Settings = customer.Settings(m)
	}
	if r.meta != nil {
		// Plain decoding gives the canonical form already: float64
		// numbers, map[string]any objects, []any arrays.
		var m map[string]any
		dec(r.meta, &m)
		c.Metadata = metadata.Metadata(m)
	}
	dec(r.addresses, &c.Addresses)
	dec(r.telephones, &c.Telephones)
	dec(r.legalDocs, &c.LegalDocuments)
	if err != nil {
		return nil, err
	}
	return &c, nil
}

func customerNotFound(what string) error {
	return fmt.Errorf("sqlstore: customer %s: %w", what, customerkit.ErrNotFound)
}

// parentMissing is the error of a write whose ParentID names no customer.
func parentMissing(parent ulid.ULID) error {
	return fmt.Errorf("sqlstore: parent customer %s: %w", parent, customerkit.ErrNotFound)
}

// CreateCustomer stores c with one INSERT. See customer.Store.
func (s *Store) CreateCustomer(ctx context.Context, c *customer.Customer) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	args, err := s.customerArgs(c)
	if err != nil {
		return err
	}
	err = s.write(ctx, false, func(q querier) error {
		_, err := q.ExecContext(ctx, s.cs.insert, args...)
		return err
	})
	return s.translate(ctx, "create customer", "customer", err, parentMissing(c.ParentID))
}

// GetCustomer reads one customer by a unique field. See customer.Store.
func (s *Store) GetCustomer(ctx context.Context, by customer.By, value string) (*customer.Customer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	query, ok := s.cs.selectBy[by]
	if !ok {
		return nil, &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{
			Path: "by", Code: customerkit.CodeNotSupported, Detail: fmt.Sprintf("cannot look a customer up by %q", string(by)),
		}}}
	}
	if !lookupValueOK(by, value) || (s.d.noNUL && strings.IndexByte(value, 0) >= 0) {
		return nil, customerNotFound("by " + string(by))
	}
	c, err := newCustomerRow().scan(s.reader().QueryRowContext(ctx, query, value))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, customerNotFound("by " + string(by))
	}
	if err != nil {
		return nil, s.translate(ctx, "get customer", "customer", err, nil)
	}
	return c, nil
}

// lookupValueOK reports whether value can match a stored customer: an
// identifier in its canonical string form, a non-empty optional field.
// Anything else matches no customer, so it is answered without a query
// (and without a PostgreSQL error for a malformed uuid).
func lookupValueOK(by customer.By, value string) bool {
	switch by {
	case customer.ByULID:
		id, err := ulid.ParseStrict(value)
		return err == nil && id.String() == value
	case customer.ByUUID:
		u, err := uuid.Parse(value)
		return err == nil && u.String() == value
	}
	return value != ""
}

// UpdateCustomer is a read-modify-write in one transaction: the row is read
// (FOR UPDATE on PostgreSQL; under the write lock of BEGIN IMMEDIATE on
// SQLite), update runs on it, and the result is written back only if the
// stored version is still the one read (WHERE version = ?), else the whole
// transaction runs again. See customer.Store.
func (s *Store) UpdateCustomer(ctx context.Context, id ulid.ULID, update func(*customer.Customer) error) (*customer.Customer, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		out       *customer.Customer
		updateErr error
		parent    ulid.ULID
	)
	row := newCustomerRow()
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		cur, err := row.scan(q.QueryRowContext(ctx, s.cs.selectForUpdate, id.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return customerNotFound(id.String())
		}
		if err != nil {
			return err
		}
		version, oldParent := cur.Version, cur.ParentID
		if err := update(cur); err != nil {
			updateErr = err
			return err
		}
		if cur.ULID != id {
			updateErr = &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{
				Path: "ulid", Code: customerkit.CodeImmutable, Detail: "an update must not change the ULID",
			}}}
			return updateErr
		}
		if cur.ParentID != oldParent && !cur.ParentID.IsZero() {
			if err := s.refuseCycle(ctx, q, id, cur.ParentID); err != nil {
				if errors.Is(err, customerkit.ErrFailedPrecondition) {
					updateErr = err
				}
				return err
			}
		}
		cur.Version = version + 1
		parent = cur.ParentID
		args, err := s.customerArgs(cur)
		if err != nil {
			updateErr = err
			return err
		}
		args = append(args[1:], id.String(), version)
		out, err = row.scan(q.QueryRowContext(ctx, s.cs.update, args...))
		if errors.Is(err, sql.ErrNoRows) {
			return errRetry // changed or deleted since the read
		}
		return err
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update customer", "customer", err, parentMissing(parent))
	}
	return out, nil
}

// maxAncestors bounds the walk up a hierarchy: far deeper than any
// hierarchy the customer rules allow, it only stops a walk through rows a
// host wrote by hand in a loop.
const maxAncestors = 1000

// refuseCycle walks up from parent, the new parent of customer id, and
// returns ErrFailedPrecondition when it meets id: the move would make a
// cycle. Each ancestor is read FOR UPDATE on PostgreSQL, so two moves that
// would together make a cycle cannot both pass: the second waits for the
// first and then sees it (or they deadlock, and the retry sees it). A
// missing ancestor ends the walk; the foreign key reports a missing
// parent.
func (s *Store) refuseCycle(ctx context.Context, q querier, id, parent ulid.ULID) error {
	for p, n := parent, 0; !p.IsZero(); n++ {
		if p == id {
			return fmt.Errorf("sqlstore: customer %s would be its own ancestor: %w", id, customerkit.ErrFailedPrecondition)
		}
		if n == maxAncestors {
			return fmt.Errorf("sqlstore: the ancestors of customer %s go deeper than %d: %w", id, maxAncestors, customerkit.ErrFailedPrecondition)
		}
		var next sql.NullString
		err := q.QueryRowContext(ctx, s.cs.selectParent, p.String()).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		if p, err = parseID("customer", "parent_id", next); err != nil {
			return err
		}
	}
	return nil
}

// DeleteCustomer reads the customer (FOR UPDATE on PostgreSQL, so no
// activation of the customer runs meanwhile), counts its instances and
// credentials, runs check on them and deletes it, in one transaction. The
// foreign keys' ON DELETE CASCADE remove with it its instances,
// credentials, customer values and customer-specific integrations (with
// their versions, listing and values). The foreign key of parent_id (ON
// DELETE RESTRICT) refuses to delete a customer that others name as their
// parent, and the one of instances.integration_id a customer whose
// customer-specific integration another customer has instances of. See
// customer.Store.
func (s *Store) DeleteCustomer(ctx context.Context, id ulid.ULID, check func(*customer.Customer, customer.Dependents) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var checkErr error
	row := newCustomerRow()
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		cur, err := row.scan(q.QueryRowContext(ctx, s.cs.selectForUpdate, id.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return customerNotFound(id.String())
		}
		if err != nil {
			return err
		}
		if check != nil {
			d, err := s.dependents(ctx, q, id)
			if err != nil {
				return err
			}
			if err := check(cur, d); err != nil {
				checkErr = err
				return err
			}
		}
		res, err := q.ExecContext(ctx, s.cs.delete, id.String())
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		return nil
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "delete customer", "customer", err,
		fmt.Errorf("sqlstore: customer %s has child customers, or other customers have instances of its integrations: %w",
			id, customerkit.ErrFailedPrecondition))
}

// dependents counts, inside the deleting transaction, what belongs to
// customer id: the rows the foreign keys' ON DELETE CASCADE will remove
// with it.
func (s *Store) dependents(ctx context.Context, q querier, id ulid.ULID) (customer.Dependents, error) {
	var d customer.Dependents
	err := q.QueryRowContext(ctx, s.cs.countDependents, id.String(), id.String()).Scan(&d.Instances, &d.Credentials)
	return d, err
}

// ListCustomers returns one keyset page. The query walks an index on
// (sort key, ulid), or on (status, sort key, ulid) when it filters by one
// status, from the cursor's position: "(name_key, ulid) > (?, ?) ORDER BY
// name_key, ulid LIMIT n+1". See customer.Store.
func (s *Store) ListCustomers(ctx context.Context, q *customer.Query, after customerkit.Cursor) (customerkit.Page[customer.Customer], error) {
	var page customerkit.Page[customer.Customer]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	var pos *position
	if !after.IsZero() {
		p, err := decodeCursor(after, customersList, q.Order)
		if err != nil {
			return page, err
		}
		pos = &p
	}
	if s.d.noNUL && queryHasNUL(q) {
		return page, nil // no stored text holds a NUL
	}
	query, args, err := s.listCustomersSQL(q, pos)
	if err != nil {
		return page, err
	}
	rows, err := s.reader().QueryContext(ctx, query, args...)
	if err != nil {
		return page, s.translate(ctx, "list customers", "customer", err, nil)
	}
	defer rows.Close()
	row := newCustomerRow()
	page.Items = make([]*customer.Customer, 0, min(q.Limit, 64))
	more := false
	for rows.Next() {
		if len(page.Items) == q.Limit {
			more = true
			break
		}
		c, err := row.scan(rows)
		if err != nil {
			return customerkit.Page[customer.Customer]{}, s.translate(ctx, "list customers", "customer", err, nil)
		}
		page.Items = append(page.Items, c)
	}
	if err := rows.Err(); err != nil {
		return customerkit.Page[customer.Customer]{}, s.translate(ctx, "list customers", "customer", err, nil)
	}
	if more {
		page.Next = encodeCursor(customersList, q.Order, page.Items[len(page.Items)-1])
	}
	return page, nil
}

// listCustomersSQL builds the page query of q, after pos when it is set.
func (s *Store) listCustomersSQL(q *customer.Query, pos *position) (string, []any, error) {
	d := s.d
	var args []any
	p := func(v any) string {
		args = append(args, v)
		return d.placeholder(len(args))
	}
	in := func(column string, values []string) string {
		values = dedupe(values)
		if len(values) == 1 {
			return column + " = " + p(values[0])
		}
		ps := make([]string, len(values))
		for i, v := range values {
			ps[i] = p(v)
		}
		return column + " IN (" + strings.Join(ps, ", ") + ")"
	}
	var where []string
	if len(q.Statuses) > 0 {
		where = append(where, in("status", stringsOf(q.Statuses)))
	}
	if len(q.Types) > 0 {
		where = append(where, in("customer_type", stringsOf(q.Types)))
	}
	if len(q.Countries) > 0 {
		where = append(where, in("country", q.Countries))
	}
	if len(q.Labels) > 0 {
		where = append(where, d.jsonHasAll("labels", dedupe(q.Labels), p))
	}
	if !q.ParentID.IsZero() {
		where = append(where, "parent_id = "+p(q.ParentID.String()))
	}
	if !q.CreatedFrom.IsZero() {
		where = append(where, "created_at >= "+p(d.timeArg(ceilMicro(q.CreatedFrom))))
	}
	if !q.CreatedTo.IsZero() {
		where = append(where, "created_at < "+p(d.timeArg(ceilMicro(q.CreatedTo))))
	}
	if q.Email != "" {
		where = append(where, "email_key = "+p(customer.EmailKey(q.Email)))
	}
	if q.ExternalID != "" {
		where = append(where, "external_id = "+p(q.ExternalID))
	}
	if q.Metadata != nil {
		cond, err := d.jsonKeyEquals("metadata", q.Metadata.Key, q.Metadata.Value, p)
		if err != nil {
			return "", nil, &customerkit.ValidationError{Subject: "customer query", Fields: []customerkit.FieldError{{
				Path: "metadata.value", Code: customerkit.CodeNotSupported, Detail: err.Error(),
			}}}
		}
		where = append(where, cond)
	}
	if q.Name != "" {
		cond, arg := d.contains("name_key", d.placeholder(len(args)+1), customer.SearchKey(q.Name))
		args = append(args, arg)
		where = append(where, cond)
	}
	if q.Description != "" {
		cond, arg := d.contains("description_key", d.placeholder(len(args)+1), customer.SearchKey(q.Description))
		args = append(args, arg)
		where = append(where, cond)
	}
	key, dir, cmp := "created_at", "ASC", ">"
	if q.Order.ByName() {
		key = "name_key"
	}
	if q.Order.Desc() {
		dir, cmp = "DESC", "<"
	}
	if pos != nil {
		var k any
		if q.Order.ByName() {
			k = pos.text
		} else {
			k = d.timeArg(pos.time)
		}
		where = append(where, "("+key+", ulid) "+cmp+" ("+p(k)+", "+p(pos.id.String())+")")
	}
	var b strings.Builder
	b.Grow(512)
	b.WriteString("SELECT ")
	b.WriteString(s.cs.columns)
	b.WriteString(" FROM ")
	b.WriteString(customerTable)
	for i, w := range where {
		if i == 0 {
			b.WriteString(" WHERE ")
		} else {
			b.WriteString(" AND ")
		}
		b.WriteString(w)
	}
	b.WriteString(" ORDER BY " + key + " " + dir + ", ulid " + dir + " LIMIT " + p(int64(q.Limit+1)))
	return b.String(), args, nil
}

// queryHasNUL reports whether a text filter of q holds a NUL character.
func queryHasNUL(q *customer.Query) bool {
	texts := []string{q.Name, q.Description, q.Email, q.ExternalID}
	texts = append(texts, q.Countries...)
	texts = append(texts, q.Labels...)
	if q.Metadata != nil {
		texts = append(texts, q.Metadata.Key)
		if v, ok := q.Metadata.Value.(string); ok {
			texts = append(texts, v)
		}
	}
	for _, t := range texts {
		if strings.IndexByte(t, 0) >= 0 {
			return true
		}
	}
	return false
}

func stringsOf[S ~string](v []S) []string {
	out := make([]string, len(v))
	for i, s := range v {
		out[i] = string(s)
	}
	return out
}

// dedupe returns the distinct values of v, in first-seen order.
func dedupe(v []string) []string {
	out := make([]string, 0, len(v))
	for _, s := range v {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
