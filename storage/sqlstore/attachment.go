package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
)

var _ attachment.Store = (*Store)(nil)

// The attachment tables (migration 0005): the records, their bytes apart
// (so lists and usage never read content), and the logos, one per
// customer, bytes included.
const (
	attachmentTable        = TablePrefix + "attachments"
	attachmentContentTable = TablePrefix + "attachment_contents"
	logoTable              = TablePrefix + "logos"
)

// attachmentColumns are the columns of attachmentTable, in the order
// attachmentArgs writes them and attachmentRow reads them.
const attachmentColumns = "id, customer_id, name, content_type, size, sha256, version, created_at, updated_at"

// logoColumns are the columns of logoTable, in the order PutLogo writes
// them and scanLogo reads them.
const logoColumns = "customer_id, size, sha256, updated_at, data"

// attachmentList names the list of customer id's attachments in its
// cursors: a cursor of one customer's list is refused for another's.
func attachmentList(id ulid.ULID) string { return "attachments/" + id.String() }

func attachmentNotFound(id ulid.ULID) error { return notFound("attachment", id) }

func logoNotFound(customerID ulid.ULID) error {
	return fmt.Errorf("sqlstore: logo of customer %s: %w", customerID, customerkit.ErrNotFound)
}

// sizeMismatch is the error of a Size that is not the length of the bytes.
func sizeMismatch(subject string, size int64, n int) error {
	return &customerkit.ValidationError{Subject: subject, Fields: []customerkit.FieldError{{
		Path: "size", Code: customerkit.CodeInvalid,
		Detail: fmt.Sprintf("the size %d is not the length of the content, %d", size, n),
	}}}
}

// blob returns b as the value of a NOT NULL binary column: never nil,
// which a driver would send as NULL.
func blob(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// digestCol receives a 32-byte digest column.
type digestCol struct{ d *attachment.Digest }

func (c digestCol) Scan(src any) error {
	b, ok := src.([]byte)
	if !ok || len(b) != len(c.d) {
		return fmt.Errorf("sqlstore: a stored digest is not %d bytes", len(c.d))
	}
	copy(c.d[:], b)
	return nil
}

// bytesCol receives a binary column as a slice of its own: never nil.
type bytesCol struct{ b *[]byte }

func (c bytesCol) Scan(src any) error {
	switch v := src.(type) {
	case []byte:
		*c.b = append(make([]byte, 0, len(v)), v...)
	case string:
		*c.b = []byte(v)
	default:
		return errors.New("sqlstore: a binary column holds no bytes")
	}
	return nil
}

// attachmentArgs returns the values of a's row, in attachmentColumns order.
func (s *Store) attachmentArgs(a *attachment.Attachment) []any {
	return []any{
		a.ID.String(), a.CustomerID.String(), a.Name, a.ContentType, a.Size, a.SHA256[:],
		a.Version, s.d.timeArg(storedTime(a.CreatedAt)), s.d.timeArg(storedTime(a.UpdatedAt)),
	}
}

// attachmentRow receives one row of attachmentColumns.
type attachmentRow struct {
	a          attachment.Attachment
	id, custID sql.NullString
}

func (r *attachmentRow) dest() []any {
	a := &r.a
	return []any{&r.id, &r.custID, &a.Name, &a.ContentType, int64Col{&a.Size}, digestCol{&a.SHA256},
		int64Col{&a.Version}, timeScanner{&a.CreatedAt}, timeScanner{&a.UpdatedAt}}
}

// attachment returns the attachment scanned into r.
func (r *attachmentRow) attachment() (*attachment.Attachment, error) {
	a := r.a // a copy: r may be scanned again
	var err error
	if a.ID, err = parseID("attachment", "id", r.id); err != nil {
		return nil, err
	}
	if a.CustomerID, err = parseID("attachment", "customer_id", r.custID); err != nil {
		return nil, err
	}
	return &a, nil
}

func scanAttachment(sc scanner) (*attachment.Attachment, error) {
	var r attachmentRow
	if err := sc.Scan(r.dest()...); err != nil {
		return nil, err
	}
	return r.attachment()
}

// prefixed returns the column list cols with every column prefixed by
// alias and a dot.
func prefixed(alias, cols string) string {
	return alias + "." + strings.ReplaceAll(cols, ", ", ", "+alias+".")
}

// readAttachmentAndCustomer reads attachment id and its customer with one
// statement: on PostgreSQL the attachment's row FOR UPDATE and the
// customer's FOR SHARE (no upload of the customer, which locks it FOR
// UPDATE, and no change of its status runs meanwhile); on SQLite under the
// write lock.
func (s *Store) readAttachmentAndCustomer(ctx context.Context, q querier, id ulid.ULID) (*attachment.Attachment, *customer.Customer, error) {
	query := s.d.rebind("SELECT " + prefixed("a", attachmentColumns) + ", " + prefixed("c", s.cs.columns) +
		" FROM " + attachmentTable + " a JOIN " + customerTable + " c ON c.ulid = a.customer_id" +
		" WHERE a.id = ?" + s.rowLock(" FOR UPDATE OF a FOR SHARE OF c"))
	var r attachmentRow
	cr := newCustomerRow()
	if err := q.QueryRowContext(ctx, query, id.String()).Scan(append(r.dest(), cr.dest[:]...)...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil, attachmentNotFound(id)
		}
		return nil, nil, err
	}
	a, err := r.attachment()
	if err != nil {
		return nil, nil, err
	}
	c, err := cr.customer()
	if err != nil {
		return nil, nil, err
	}
	return a, c, nil
}

// selectCustomerShared returns the statement that reads a customer by
// ULID for a write that depends on it but does not change it: FOR SHARE
// on PostgreSQL, so its status cannot change before the commit.
func (s *Store) selectCustomerShared() string {
	return s.d.rebind("SELECT " + s.cs.columns + " FROM " + customerTable + " WHERE ulid = ?" + s.rowLock(" FOR SHARE"))
}

// CreateAttachment runs, in one write transaction: the read of the
// customer (SELECT ... FOR UPDATE on PostgreSQL, so concurrent uploads of
// one customer queue on its row; on SQLite BEGIN IMMEDIATE serializes
// every writer), the read of its usage (COUNT and SUM of the sizes),
// check, and the INSERTs of the record and of its bytes. Deleting an
// attachment locks the customer's row FOR SHARE, so no usage check sees a
// count that changes before its commit. See attachment.Store.
func (s *Store) CreateAttachment(ctx context.Context, a *attachment.Attachment, data []byte, check func(*customer.Customer, attachment.Usage) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a == nil {
		return nilRecord("attachment")
	}
	if a.Size != int64(len(data)) {
		return sizeMismatch("attachment", a.Size, len(data))
	}
	args := s.attachmentArgs(a) // copies of every field: a may change after the call
	id, owner := a.ID, a.CustomerID
	selUsage := s.d.rebind("SELECT COUNT(*), CAST(COALESCE(SUM(size), 0) AS BIGINT) FROM " + attachmentTable + " WHERE customer_id = ?")
	ins := s.d.rebind("INSERT INTO " + attachmentTable + " (" + attachmentColumns + ") VALUES " + valuesList(1, len(args)))
	insData := s.d.rebind("INSERT INTO " + attachmentContentTable + " (attachment_id, data) VALUES (?, ?)")
	var checkErr error
	row := newCustomerRow()
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		cust, err := row.scan(q.QueryRowContext(ctx, s.cs.selectForUpdate, owner.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return ownerMissing("attachment", owner)
		}
		if err != nil {
			return err
		}
		if check != nil {
			var u attachment.Usage
			if err := q.QueryRowContext(ctx, selUsage, owner.String()).Scan(intCol{&u.Count}, int64Col{&u.Bytes}); err != nil {
				return err
			}
			if err := check(cust, u); err != nil {
				checkErr = err
				return err
			}
		}
		if _, err := q.ExecContext(ctx, ins, args...); err != nil {
			return err
		}
		_, err = q.ExecContext(ctx, insData, id.String(), blob(data))
		return err
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "create attachment", "attachment", err, ownerMissing("attachment", owner))
}

// GetAttachment reads the record of attachment id. See attachment.Store.
func (s *Store) GetAttachment(ctx context.Context, id ulid.ULID) (*attachment.Attachment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	a, err := scanAttachment(s.reader().QueryRowContext(ctx,
		s.d.rebind("SELECT "+attachmentColumns+" FROM "+attachmentTable+" WHERE id = ?"), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, attachmentNotFound(id)
	}
	if err != nil {
		return nil, s.translate(ctx, "get attachment", "attachment", err, nil)
	}
	return a, nil
}

// GetAttachmentContent reads the record of attachment id and its bytes
// with one statement (a join), so they are read together. See
// attachment.Store.
func (s *Store) GetAttachmentContent(ctx context.Context, id ulid.ULID) (*attachment.Attachment, []byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	query := s.d.rebind("SELECT " + prefixed("a", attachmentColumns) + ", d.data FROM " + attachmentTable + " a JOIN " +
		attachmentContentTable + " d ON d.attachment_id = a.id WHERE a.id = ?")
	var (
		r    attachmentRow
		data []byte
	)
	err := s.reader().QueryRowContext(ctx, query, id.String()).Scan(append(r.dest(), bytesCol{&data})...)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil, attachmentNotFound(id)
	}
	if err != nil {
		return nil, nil, s.translate(ctx, "get attachment content", "attachment", err, nil)
	}
	a, err := r.attachment()
	if err != nil {
		return nil, nil, err
	}
	return a, data, nil
}

// UpdateAttachment is a read-modify-write in one transaction: the
// attachment and its customer are read with one statement (the attachment
// FOR UPDATE, the customer FOR SHARE on PostgreSQL; under the write lock
// on SQLite), update runs on copies, and the record's name and update
// time are written back guarded by its version (the whole transaction
// runs again if it changed). The bytes are not touched. See
// attachment.Store.
func (s *Store) UpdateAttachment(ctx context.Context, id ulid.ULID, update func(*attachment.Attachment, *customer.Customer) error) (*attachment.Attachment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	upd := s.d.rebind("UPDATE " + attachmentTable + " SET name = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?")
	var (
		out       *attachment.Attachment
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, cust, err := s.readAttachmentAndCustomer(ctx, q, id)
		if err != nil {
			return err
		}
		a := *old
		if update != nil {
			if err := update(&a, cust); err != nil {
				updateErr = err
				return err
			}
			if err := immutableAttachment(old, &a); err != nil {
				updateErr = err
				return err
			}
		}
		a.Version = old.Version + 1
		a.UpdatedAt = storedTime(a.UpdatedAt)
		res, err := q.ExecContext(ctx, upd, a.Name, a.Version, s.d.timeArg(a.UpdatedAt), id.String(), old.Version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		c := a // update may keep a pointer to the copy it saw
		out = &c
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update attachment", "attachment", err, nil)
	}
	return out, nil
}

// immutableAttachment reports the fields of the record that an update
// changed but must not: those that describe the bytes.
func immutableAttachment(old, a *attachment.Attachment) error {
	ve := &customerkit.ValidationError{Subject: "attachment"}
	for _, f := range []struct {
		path    string
		changed bool
	}{
		{"id", a.ID != old.ID},
		{"customer_id", a.CustomerID != old.CustomerID},
		{"content_type", a.ContentType != old.ContentType},
		{"size", a.Size != old.Size},
		{"sha256", a.SHA256 != old.SHA256},
		{"created_at", !a.CreatedAt.Equal(old.CreatedAt)},
	} {
		if f.changed {
			ve.Add(f.path, customerkit.CodeImmutable, "an update must not change it")
		}
	}
	return ve.Err()
}

// DeleteAttachment reads the attachment and its customer as
// UpdateAttachment does, runs check and deletes the record (its bytes go
// with it: ON DELETE CASCADE), in one transaction; with a nil check it is
// one DELETE. See attachment.Store.
func (s *Store) DeleteAttachment(ctx context.Context, id ulid.ULID, check func(*attachment.Attachment, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if check == nil {
		return s.deleteByID(ctx, "attachment", attachmentTable, "id", id.String())
	}
	del := s.d.rebind("DELETE FROM " + attachmentTable + " WHERE id = ?")
	var checkErr error
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		old, cust, err := s.readAttachmentAndCustomer(ctx, q, id)
		if err != nil {
			return err
		}
		if err := check(old, cust); err != nil {
			checkErr = err
			return err
		}
		res, err := q.ExecContext(ctx, del, id.String())
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
	return s.translate(ctx, "delete attachment", "attachment", err, nil)
}

// ListAttachments returns one keyset page of records in ID order on the
// (customer_id, id) index: "customer_id = ? AND id > ? ORDER BY id LIMIT
// n+1". It never reads the bytes. See attachment.Store.
func (s *Store) ListAttachments(ctx context.Context, q *attachment.Query, after customerkit.Cursor) (customerkit.Page[attachment.Attachment], error) {
	var page customerkit.Page[attachment.Attachment]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	q, err := q.Normalize()
	if err != nil {
		return page, err
	}
	list := attachmentList(q.CustomerID)
	w := newWhere(s.d)
	w.add("customer_id = " + w.p(q.CustomerID.String()))
	if !after.IsZero() {
		_, from, err := decodeKeyCursor(after, list)
		if err != nil {
			return page, err
		}
		w.add("id > " + w.p(from.String()))
	}
	query := "SELECT " + attachmentColumns + " FROM " + attachmentTable + w.String() +
		" ORDER BY id LIMIT " + w.p(int64(q.Limit+1))
	items, more, err := queryPage(ctx, s.reader(), query, w.args, q.Limit, scanAttachment)
	if err != nil {
		return page, s.translate(ctx, "list attachments", "attachment", err, nil)
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(list, 0, items[len(items)-1].ID)
	}
	return page, nil
}

// AttachmentUsage counts the customer's attachments and sums their sizes
// with one statement, which also tells whether the customer exists. See
// attachment.Store.
func (s *Store) AttachmentUsage(ctx context.Context, customerID ulid.ULID) (attachment.Usage, error) {
	var u attachment.Usage
	if err := ctx.Err(); err != nil {
		return u, err
	}
	query := s.d.rebind("SELECT COUNT(a.id), CAST(COALESCE(SUM(a.size), 0) AS BIGINT) FROM " + customerTable + " c LEFT JOIN " +
		attachmentTable + " a ON a.customer_id = c.ulid WHERE c.ulid = ? GROUP BY c.ulid")
	err := s.reader().QueryRowContext(ctx, query, customerID.String()).Scan(intCol{&u.Count}, int64Col{&u.Bytes})
	if errors.Is(err, sql.ErrNoRows) {
		return attachment.Usage{}, customerNotFound(customerID.String())
	}
	if err != nil {
		return attachment.Usage{}, s.translate(ctx, "attachment usage", "attachment", err, nil)
	}
	return u, nil
}

// PutLogo reads the customer (FOR SHARE on PostgreSQL), runs check and
// writes the logo with one INSERT ... ON CONFLICT DO UPDATE, in one
// transaction. See attachment.Store.
func (s *Store) PutLogo(ctx context.Context, l *attachment.Logo, check func(*customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l == nil {
		return nilRecord("logo")
	}
	if l.Size != int64(len(l.Data)) {
		return sizeMismatch("logo", l.Size, len(l.Data))
	}
	owner := l.CustomerID
	args := []any{owner.String(), l.Size, l.SHA256[:], s.d.timeArg(storedTime(l.UpdatedAt)), blob(l.Data)}
	sel := s.selectCustomerShared()
	upsert := s.d.rebind("INSERT INTO " + logoTable + " (" + logoColumns + ") VALUES " + valuesList(1, len(args)) +
		" ON CONFLICT (customer_id) DO UPDATE SET size = excluded.size, sha256 = excluded.sha256," +
		" updated_at = excluded.updated_at, data = excluded.data")
	var checkErr error
	row := newCustomerRow()
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		cust, err := row.scan(q.QueryRowContext(ctx, sel, owner.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return ownerMissing("logo", owner)
		}
		if err != nil {
			return err
		}
		if check != nil {
			if err := check(cust); err != nil {
				checkErr = err
				return err
			}
		}
		_, err = q.ExecContext(ctx, upsert, args...)
		return err
	})
	switch {
	case checkErr != nil:
		return checkErr
	case errors.Is(err, customerkit.ErrNotFound):
		return err
	}
	return s.translate(ctx, "put logo", "logo", err, ownerMissing("logo", owner))
}

// GetLogo reads the logo of customer customerID. See attachment.Store.
func (s *Store) GetLogo(ctx context.Context, customerID ulid.ULID) (*attachment.Logo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var (
		l  attachment.Logo
		id sql.NullString
	)
	err := s.reader().QueryRowContext(ctx, s.d.rebind("SELECT "+logoColumns+" FROM "+logoTable+" WHERE customer_id = ?"),
		customerID.String()).Scan(&id, int64Col{&l.Size}, digestCol{&l.SHA256}, timeScanner{&l.UpdatedAt}, bytesCol{&l.Data})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, logoNotFound(customerID)
	}
	if err != nil {
		return nil, s.translate(ctx, "get logo", "logo", err, nil)
	}
	if l.CustomerID, err = parseID("logo", "customer_id", id); err != nil {
		return nil, err
	}
	return &l, nil
}

// DeleteLogo reads the customer and its logo with one statement (the
// customer FOR SHARE, the logo FOR UPDATE on PostgreSQL), runs check and
// deletes the logo, in one transaction; with a nil check it is one
// DELETE. See attachment.Store.
func (s *Store) DeleteLogo(ctx context.Context, customerID ulid.ULID, check func(*customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if check == nil {
		err := s.deleteByID(ctx, "logo", logoTable, "customer_id", customerID.String())
		if errors.Is(err, customerkit.ErrNotFound) {
			return logoNotFound(customerID)
		}
		return err
	}
	sel := s.d.rebind("SELECT " + prefixed("c", s.cs.columns) + " FROM " + customerTable + " c JOIN " + logoTable +
		" l ON l.customer_id = c.ulid WHERE c.ulid = ?" + s.rowLock(" FOR SHARE OF c FOR UPDATE OF l"))
	del := s.d.rebind("DELETE FROM " + logoTable + " WHERE customer_id = ?")
	var checkErr error
	row := newCustomerRow()
	err := s.write(ctx, true, func(q querier) error {
		checkErr = nil
		cust, err := row.scan(q.QueryRowContext(ctx, sel, customerID.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return logoNotFound(customerID)
		}
		if err != nil {
			return err
		}
		if err := check(cust); err != nil {
			checkErr = err
			return err
		}
		res, err := q.ExecContext(ctx, del, customerID.String())
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
	return s.translate(ctx, "delete logo", "logo", err, nil)
}
