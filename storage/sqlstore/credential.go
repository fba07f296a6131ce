package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
)

var _ credential.Store = (*Store)(nil)

// credentialTable holds one row per credential (migration 0003). The
// sealed secrets, the declared custom fields, the clear fields, the scopes
// and the health are JSON columns of the row; sealed holds, per field,
// {"key_id": ..., "data": base64} exactly as the Service sealed it.
const credentialTable = TablePrefix + "credentials"

// credentialColumns are the columns of credentialTable, in the order
// credentialArgs writes them and scanCredential reads them.
const credentialColumns = "id, customer_id, name, method, custom, custom_fields, fields, sealed, scopes, " +
	"health_status, health, version, created_at, updated_at"

// credentialsList names the credential list in its cursors.
const credentialsList = "credentials"

// jsonEncoder encodes the JSON columns of one record, keeping the first
// failure as a *customerkit.ValidationError of subject.
type jsonEncoder struct {
	subject string
	err     error
}

// enc returns v as JSON text, or nil (SQL NULL) when isNil.
func (e *jsonEncoder) enc(path string, v any, isNil bool) any {
	if isNil {
		return nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		if e.err == nil {
			e.err = &customerkit.ValidationError{Subject: e.subject, Fields: []customerkit.FieldError{{
				Path: path, Code: customerkit.CodeInvalid, Detail: "cannot be stored as JSON: " + err.Error(),
			}}}
		}
		return nil
	}
	return string(b)
}

// jsonDecoder decodes the JSON columns of one stored record, keeping the
// first failure.
type jsonDecoder struct {
	what string // "credential 01H...", for the error
	err  error
}

func (d *jsonDecoder) dec(b []byte, v any) {
	if b == nil || d.err != nil {
		return
	}
	if err := json.Unmarshal(b, v); err != nil {
		d.err = fmt.Errorf("sqlstore: stored %s: %w", d.what, err)
	}
}

// parseID reads a stored ULID column; a NULL or empty one is the zero ULID.
func parseID(what, column string, s sql.NullString) (ulid.ULID, error) {
	if !s.Valid || s.String == "" {
		return ulid.ULID{}, nil
	}
	id, err := ulid.ParseStrict(s.String)
	if err != nil {
		return ulid.ULID{}, fmt.Errorf("sqlstore: stored %s %s %q: %w", what, column, s.String, err)
	}
	return id, nil
}

// nullID is the value of an optional ULID column: NULL for the zero ULID.
func nullID(id ulid.ULID) any {
	if id.IsZero() {
		return nil
	}
	return id.String()
}

// notFound is the ErrNotFound of a missing record.
func notFound(resource string, id any) error {
	return fmt.Errorf("sqlstore: %s %v: %w", resource, id, customerkit.ErrNotFound)
}

// ownerMissing is the error of a write whose customer does not exist.
func ownerMissing(resource string, id ulid.ULID) error {
	return fmt.Errorf("sqlstore: customer %s of the %s: %w", id, resource, customerkit.ErrNotFound)
}

// credentialArgs returns the values of c's row, in credentialColumns order.
func (s *Store) credentialArgs(c *credential.Credential) ([]any, error) {
	e := jsonEncoder{subject: "credential"}
	args := []any{
		c.ID.String(), nullID(c.CustomerID), c.Name, string(c.Method), c.Custom,
		e.enc("custom_fields", c.CustomFields, len(c.CustomFields) == 0),
		e.enc("fields", c.Fields, len(c.Fields) == 0),
		e.enc("sealed", c.Sealed, len(c.Sealed) == 0),
		e.enc("scopes", c.Scopes, len(c.Scopes) == 0),
		string(c.Health.Status), e.enc("health", c.Health, false),
		c.Version, s.d.timeArg(storedTime(c.CreatedAt)), s.d.timeArg(storedTime(c.UpdatedAt)),
	}
	return args, e.err
}

// scanCredential reads one row of credentialColumns.
func scanCredential(sc interface{ Scan(...any) error }) (*credential.Credential, error) {
	var (
		c                                               credential.Credential
		id, owner                                       sql.NullString
		method, healthStatus                            string
		customFields, fields, sealed, scopes, healthRaw []byte
	)
	if err := sc.Scan(&id, &owner, &c.Name, &method, &c.Custom, &customFields, &fields, &sealed, &scopes,
		&healthStatus, &healthRaw, &c.Version, timeScanner{&c.CreatedAt}, timeScanner{&c.UpdatedAt}); err != nil {
		return nil, err
	}
	var err error
	if c.ID, err = parseID("credential", "id", id); err != nil {
		return nil, err
	}
	if c.CustomerID, err = parseID("credential", "customer_id", owner); err != nil {
		return nil, err
	}
	c.Method = credential.Method(method)
	d := jsonDecoder{what: "credential " + id.String}
	d.dec(customFields, &c.CustomFields)
	d.dec(fields, &c.Fields)
	d.dec(sealed, &c.Sealed)
	d.dec(scopes, &c.Scopes)
	d.dec(healthRaw, &c.Health)
	if d.err != nil {
		return nil, d.err
	}
	c.Health.Status = credential.HealthStatus(healthStatus)
	return &c, nil
}

// CreateCredential stores c. With a nil check it is one INSERT (the
// foreign key on customer_id refuses an owner that does not exist);
// otherwise one transaction reads the customer (FOR SHARE on PostgreSQL,
// so its status cannot change before the commit; under the write lock on
// SQLite), runs check and inserts. See credential.Store.
func (s *Store) CreateCredential(ctx context.Context, c *credential.Credential, check func(*customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c == nil {
		return &customerkit.ValidationError{Subject: "credential", Fields: []customerkit.FieldError{
			{Path: "credential", Code: customerkit.CodeRequired, Detail: "nil credential"},
		}}
	}
	args, err := s.credentialArgs(c)
	if err != nil {
		return err
	}
	query := s.d.rebind("INSERT INTO " + credentialTable + " (" + credentialColumns + ") VALUES " + valuesList(1, len(args)))
	owner := c.CustomerID
	var checkErr error
	err = s.write(ctx, check != nil, func(q querier) error {
		checkErr = nil
		if check != nil {
			cust, err := s.credentialCustomer(ctx, q, owner)
			if err != nil {
				return err
			}
			if err := check(cust); err != nil {
				checkErr = err
				return err
			}
		}
		_, err := q.ExecContext(ctx, query, args...)
		return err
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "create credential", "credential", err, ownerMissing("credential", owner))
}

// credentialCustomer reads customer id FOR SHARE for a credential's
// write, or returns nil for the organization (zero id); a missing
// customer is ErrNotFound.
func (s *Store) credentialCustomer(ctx context.Context, q querier, id ulid.ULID) (*customer.Customer, error) {
	if id.IsZero() {
		return nil, nil
	}
	cust, err := newCustomerRow().scan(q.QueryRowContext(ctx, s.selectCustomerShared(), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ownerMissing("credential", id)
	}
	return cust, err
}

// GetCredential reads credential id. See credential.Store.
func (s *Store) GetCredential(ctx context.Context, id ulid.ULID) (*credential.Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c, err := scanCredential(s.reader().QueryRowContext(ctx,
		s.d.rebind("SELECT "+credentialColumns+" FROM "+credentialTable+" WHERE id = ?"), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("credential", id)
	}
	if err != nil {
		return nil, s.translate(ctx, "get credential", "credential", err, nil)
	}
	return c, nil
}

// UpdateCredential is a read-modify-write in one transaction, as
// UpdateCustomer: the row is read FOR UPDATE (PostgreSQL) or under the
// write lock of BEGIN IMMEDIATE (SQLite), then its customer FOR SHARE, and
// the row is written back guarded by its version. See credential.Store.
func (s *Store) UpdateCredential(ctx context.Context, id ulid.ULID, update func(*credential.Credential, *customer.Customer) error) (*credential.Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sel := s.d.rebind("SELECT " + credentialColumns + " FROM " + credentialTable + " WHERE id = ?" + s.d.forUpdate)
	upd := s.d.rebind("UPDATE " + credentialTable + " SET " + setList(credentialColumns) + " WHERE id = ? AND version = ?")
	var (
		out       *credential.Credential
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, err := scanCredential(q.QueryRowContext(ctx, sel, id.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("credential", id)
		}
		if err != nil {
			return err
		}
		c := old.Clone()
		if update != nil {
			cust, err := s.credentialCustomer(ctx, q, old.CustomerID)
			if err != nil {
				return err
			}
			if err := update(c, cust); err != nil {
				updateErr = err
				return err
			}
			ve := &customerkit.ValidationError{Subject: "credential"}
			if c.ID != old.ID {
				ve.Add("id", customerkit.CodeImmutable, "an update must not change the ID")
			}
			if c.CustomerID != old.CustomerID {
				ve.Add("customer_id", customerkit.CodeImmutable, "an update must not change the owner")
			}
			if err := ve.Err(); err != nil {
				updateErr = err
				return err
			}
		}
		c.Version = old.Version + 1
		args, err := s.credentialArgs(c)
		if err != nil {
			updateErr = err
			return err
		}
		res, err := q.ExecContext(ctx, upd, append(args, id.String(), old.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		out = c.Clone() // update may keep a pointer to the copy it saw
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update credential", "credential", err, nil)
	}
	return out, nil
}

// DeleteCredential deletes credential id: with a nil check, one DELETE;
// otherwise one transaction reads the credential FOR UPDATE and its
// customer FOR SHARE (under the write lock on SQLite), runs check and
// deletes. See credential.Store.
func (s *Store) DeleteCredential(ctx context.Context, id ulid.ULID, check func(*credential.Credential, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if check == nil {
		return s.deleteByID(ctx, "credential", credentialTable, "id", id.String())
	}
	sel := s.d.rebind("SELECT " + credentialColumns + " FROM " + credentialTable + " WHERE id = ?" + s.d.forUpdate)
	del := s.d.rebind("DELETE FROM " + credentialTable + " WHERE id = ?")
	var checkErr error
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		old, err := scanCredential(q.QueryRowContext(ctx, sel, id.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return notFound("credential", id)
		}
		if err != nil {
			return err
		}
		cust, err := s.credentialCustomer(ctx, q, old.CustomerID)
		if err != nil {
			return err
		}
		if err := check(old, cust); err != nil {
			checkErr = err
			return err
		}
		_, err = q.ExecContext(ctx, del, id.String())
		return err
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "delete credential", "credential", err, nil)
}

// deleteByID deletes the row of table whose column is value with one
// DELETE, or returns ErrNotFound.
func (s *Store) deleteByID(ctx context.Context, resource, table, column string, value any) error {
	query := s.d.rebind("DELETE FROM " + table + " WHERE " + column + " = ?")
	var n int64
	err := s.write(ctx, false, func(q querier) error {
		res, err := q.ExecContext(ctx, query, value)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return s.translate(ctx, "delete "+resource, resource, err, nil)
	}
	if n == 0 {
		return notFound(resource, value)
	}
	return nil
}

// ListCredentials returns one keyset page in ID order: "id > ? ORDER BY id
// LIMIT n+1", on the owner index when q names an owner. See
// credential.Store.
func (s *Store) ListCredentials(ctx context.Context, q *credential.Query, after customerkit.Cursor) (customerkit.Page[credential.Credential], error) {
	var page customerkit.Page[credential.Credential]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	w := newWhere(s.d)
	switch {
	case !q.CustomerID.IsZero() && q.OrgWide:
		w.add("(customer_id = " + w.p(q.CustomerID.String()) + " OR customer_id IS NULL)")
	case !q.CustomerID.IsZero():
		w.add("customer_id = " + w.p(q.CustomerID.String()))
	case q.OrgWide:
		w.add("customer_id IS NULL")
	}
	if q.Method != "" {
		w.add("method = " + w.p(string(q.Method)))
	}
	if !after.IsZero() {
		_, from, err := decodeKeyCursor(after, credentialsList)
		if err != nil {
			return page, err
		}
		w.add("id > " + w.p(from.String()))
	}
	query := "SELECT " + credentialColumns + " FROM " + credentialTable + w.String() +
		" ORDER BY id LIMIT " + w.p(int64(q.Limit+1))
	items, more, err := queryPage(ctx, s.reader(), query, w.args, q.Limit, scanCredential)
	if err != nil {
		return page, s.translate(ctx, "list credentials", "credential", err, nil)
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(credentialsList, 0, items[len(items)-1].ID)
	}
	return page, nil
}

// setList turns a column list "a, b, c" into "a = ?, b = ?, c = ?".
func setList(columns string) string {
	cols := strings.Split(columns, ", ")
	for i, c := range cols {
		cols[i] = c + " = ?"
	}
	return strings.Join(cols, ", ")
}

// where builds the WHERE clause of a list query with the dialect's
// placeholders.
type where struct {
	d     *dialect
	conds []string
	args  []any
}

func newWhere(d *dialect) *where { return &where{d: d} }

// p adds an argument and returns its placeholder.
func (w *where) p(v any) string {
	w.args = append(w.args, v)
	return w.d.placeholder(len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

// String returns " WHERE c1 AND c2", or "" without conditions.
func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// queryPage runs a page query that asks for limit+1 rows and returns at
// most limit items, and whether more follow.
func queryPage[T any](ctx context.Context, q querier, query string, args []any, limit int,
	scan func(interface{ Scan(...any) error }) (*T, error)) ([]*T, bool, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	items := make([]*T, 0, min(limit, 64))
	for rows.Next() {
		if len(items) == limit {
			return items, true, nil
		}
		it, err := scan(rows)
		if err != nil {
			return nil, false, err
		}
		items = append(items, it)
	}
	return items, false, rows.Err()
}
