package memstore

import (
	"bytes"
	"context"
	"fmt"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
)

var _ attachment.Store = (*Store)(nil)

// attachmentRecord is a stored attachment: its record and its bytes. A
// record is immutable once it is in the table (a rename replaces it and
// shares the bytes, which nothing ever writes to), so readers may copy it
// after they release the lock.
type attachmentRecord struct {
	a    *attachment.Attachment
	data []byte
}

// compareAttachmentID orders records by ID.
func compareAttachmentID(a, b *attachmentRecord) int { return a.a.ID.Compare(b.a.ID) }

// attachmentTable holds the attachments by ID and, in ID order, per
// customer, with each customer's running usage (so the quota check of an
// upload is O(1)), and the logos by customer. A stored *attachment.Logo is
// immutable too.
type attachmentTable struct {
	byID       map[ulid.ULID]*attachmentRecord
	byCustomer map[ulid.ULID]*orderedIndex[*attachmentRecord]
	usage      map[ulid.ULID]attachment.Usage
	logos      map[ulid.ULID]*attachment.Logo
}

func newAttachmentTable() *attachmentTable {
	return &attachmentTable{
		byID:       make(map[ulid.ULID]*attachmentRecord),
		byCustomer: make(map[ulid.ULID]*orderedIndex[*attachmentRecord]),
		usage:      make(map[ulid.ULID]attachment.Usage),
		logos:      make(map[ulid.ULID]*attachment.Logo),
	}
}

func (t *attachmentTable) insert(r *attachmentRecord) {
	id := r.a.CustomerID
	t.byID[r.a.ID] = r
	x := t.byCustomer[id]
	if x == nil {
		x = newOrderedIndex(compareAttachmentID)
		t.byCustomer[id] = x
	}
	x.Insert(r)
	u := t.usage[id]
	u.Count++
	u.Bytes += r.a.Size
	t.usage[id] = u
}

func (t *attachmentTable) remove(r *attachmentRecord) {
	id := r.a.CustomerID
	delete(t.byID, r.a.ID)
	if x := t.byCustomer[id]; x != nil {
		x.Delete(r)
		if x.Len() == 0 {
			delete(t.byCustomer, id)
		}
	}
	u := t.usage[id]
	u.Count--
	u.Bytes -= r.a.Size
	if u.Count == 0 {
		delete(t.usage, id)
	} else {
		t.usage[id] = u
	}
}

// replace swaps the record of an attachment for a new one with the same
// ID, customer and size: the indexes and the usage stay as they are.
func (t *attachmentTable) replace(r *attachmentRecord) {
	old := t.byID[r.a.ID]
	t.byID[r.a.ID] = r
	x := t.byCustomer[r.a.CustomerID]
	x.Delete(old)
	x.Insert(r)
}

// deleteByCustomer removes every attachment of customer id and its logo;
// the customer cascade calls it with the Store locked.
func (t *attachmentTable) deleteByCustomer(id ulid.ULID) {
	if x := t.byCustomer[id]; x != nil {
		for r := range x.All() {
			delete(t.byID, r.a.ID)
		}
		delete(t.byCustomer, id)
	}
	delete(t.usage, id)
	delete(t.logos, id)
}

func nilArgument(path, detail string) error {
	return &customerkit.ValidationError{Subject: "memstore", Fields: []customerkit.FieldError{
		{Path: path, Code: customerkit.CodeRequired, Detail: detail},
	}}
}

func sizeMismatch(size int64, n int) error {
	return &customerkit.ValidationError{Subject: "attachment", Fields: []customerkit.FieldError{
		{Path: "size", Code: customerkit.CodeInvalid, Detail: fmt.Sprintf("the size %d is not the length of the content, %d", size, n)},
	}}
}

func attachmentNotFound(id ulid.ULID) error {
	return fmt.Errorf("memstore: attachment %s: %w", id, customerkit.ErrNotFound)
}

// CreateAttachment stores a copy of a and of data, after check approved
// the customer and its usage under the write lock; see attachment.Store.
// check runs while the Store is locked, so it must not call the Store.
func (s *Store) CreateAttachment(ctx context.Context, a *attachment.Attachment, data []byte, check func(*customer.Customer, attachment.Usage) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a == nil {
		return nilArgument("attachment", "nil attachment")
	}
	if a.Size != int64(len(data)) {
		return sizeMismatch(a.Size, len(data))
	}
	cp := *a
	r := &attachmentRecord{a: &cp, data: bytes.Clone(data)} // copy outside the lock
	if r.data == nil {
		r.data = []byte{}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.attachments
	c := s.customers.byULID[cp.CustomerID]
	if c == nil {
		return fmt.Errorf("memstore: customer %s of the attachment: %w", cp.CustomerID, customerkit.ErrNotFound)
	}
	if check != nil {
		if err := check(c.customer(), t.usage[cp.CustomerID]); err != nil {
			return err
		}
	}
	if t.byID[cp.ID] != nil {
		return &customerkit.AlreadyExistsError{Resource: "attachment", Field: "id"}
	}
	t.insert(r)
	return nil
}

// GetAttachment returns a copy of the record of attachment id; see
// attachment.Store.
func (s *Store) GetAttachment(ctx context.Context, id ulid.ULID) (*attachment.Attachment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	r := s.attachments.byID[id]
	s.mu.RUnlock()
	if r == nil {
		return nil, attachmentNotFound(id)
	}
	a := *r.a
	return &a, nil
}

// GetAttachmentContent returns a copy of the record of attachment id and
// of its bytes; see attachment.Store. The record and the bytes are one
// immutable value, so they are copied after the lock is released.
func (s *Store) GetAttachmentContent(ctx context.Context, id ulid.ULID) (*attachment.Attachment, []byte, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	s.mu.RLock()
	r := s.attachments.byID[id]
	s.mu.RUnlock()
	if r == nil {
		return nil, nil, attachmentNotFound(id)
	}
	a := *r.a
	return &a, bytes.Clone(r.data), nil
}

// UpdateAttachment runs update on a copy of attachment id and of its
// customer under the write lock and stores the record with Version
// incremented; see attachment.Store. update runs while the Store is
// locked, so it must not call the Store.
func (s *Store) UpdateAttachment(ctx context.Context, id ulid.ULID, update func(*attachment.Attachment, *customer.Customer) error) (*attachment.Attachment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.attachments
	old := t.byID[id]
	if old == nil {
		return nil, attachmentNotFound(id)
	}
	a := *old.a
	if update != nil {
		c, err := s.attachmentCustomer(a.CustomerID)
		if err != nil {
			return nil, err
		}
		if err := update(&a, c); err != nil {
			return nil, err
		}
		if err := immutableAttachment(old.a, &a); err != nil {
			return nil, err
		}
	}
	a.Version = old.a.Version + 1
	stored := a // update may keep a pointer to the copy it saw
	t.replace(&attachmentRecord{a: &stored, data: old.data})
	return &a, nil
}

// immutableAttachment reports the fields of the record that an update
// changed but must not.
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

// DeleteAttachment runs check on a copy of attachment id and of its
// customer under the write lock and, when it returns nil, deletes the
// attachment; see attachment.Store. check runs while the Store is locked,
// so it must not call the Store.
func (s *Store) DeleteAttachment(ctx context.Context, id ulid.ULID, check func(*attachment.Attachment, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.attachments
	r := t.byID[id]
	if r == nil {
		return attachmentNotFound(id)
	}
	if check != nil {
		a := *r.a
		c, err := s.attachmentCustomer(a.CustomerID)
		if err != nil {
			return err
		}
		if err := check(&a, c); err != nil {
			return err
		}
	}
	t.remove(r)
	return nil
}

// attachmentCustomer returns a copy of the customer of an attachment; the
// Store must be locked. The customer cascade makes it always there.
func (s *Store) attachmentCustomer(id ulid.ULID) (*customer.Customer, error) {
	r := s.customers.byULID[id]
	if r == nil {
		return nil, fmt.Errorf("memstore: customer %s of the attachment: %w", id, customerkit.ErrNotFound)
	}
	return r.customer(), nil
}

// attachmentList returns the list name of a memstore cursor over the
// attachments of customer id: a cursor of one customer's list is refused
// for another's.
func attachmentList(id ulid.ULID) string { return "attachment/" + id.String() }

// ListAttachments returns a keyset page of the records of q.CustomerID's
// attachments, in ID order; see attachment.Store. It walks the customer's
// index from the cursor on, so a page costs its own size.
func (s *Store) ListAttachments(ctx context.Context, q *attachment.Query, after customerkit.Cursor) (customerkit.Page[attachment.Attachment], error) {
	var page customerkit.Page[attachment.Attachment]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || q.Limit < 1 || q.Limit > attachment.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	list := attachmentList(q.CustomerID)
	var from ulid.ULID
	hasFrom := !after.IsZero()
	if hasFrom {
		p, err := decodeCursor(after, list, true)
		if err != nil {
			return page, err
		}
		from = p.id
	}
	found := make([]*attachmentRecord, 0, q.Limit+1)
	s.mu.RLock()
	if x := s.attachments.byCustomer[q.CustomerID]; x != nil {
		for r := range x.Ascend(func(r *attachmentRecord) bool { return !hasFrom || r.a.ID.Compare(from) > 0 }) {
			found = append(found, r)
			if len(found) > q.Limit {
				break
			}
		}
	}
	s.mu.RUnlock()
	if len(found) > q.Limit {
		found = found[:q.Limit]
		page.Next = encodeCursor(position{list: list, id: found[len(found)-1].a.ID}, true)
	}
	page.Items = make([]*attachment.Attachment, len(found))
	for i, r := range found { // records are immutable: copy outside the lock
		a := *r.a
		page.Items[i] = &a
	}
	return page, nil
}

// AttachmentUsage returns the running usage of customer customerID; see
// attachment.Store.
func (s *Store) AttachmentUsage(ctx context.Context, customerID ulid.ULID) (attachment.Usage, error) {
	if err := ctx.Err(); err != nil {
		return attachment.Usage{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.customers.byULID[customerID] == nil {
		return attachment.Usage{}, fmt.Errorf("memstore: customer %s: %w", customerID, customerkit.ErrNotFound)
	}
	return s.attachments.usage[customerID], nil
}

// PutLogo stores a copy of l as its customer's logo, after check approved
// the customer under the write lock; see attachment.Store. check runs
// while the Store is locked, so it must not call the Store.
func (s *Store) PutLogo(ctx context.Context, l *attachment.Logo, check func(*customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l == nil {
		return nilArgument("logo", "nil logo")
	}
	if l.Size != int64(len(l.Data)) {
		return sizeMismatch(l.Size, len(l.Data))
	}
	l = l.Clone() // copy outside the lock
	if l.Data == nil {
		l.Data = []byte{}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.customers.byULID[l.CustomerID]
	if c == nil {
		return fmt.Errorf("memstore: customer %s of the logo: %w", l.CustomerID, customerkit.ErrNotFound)
	}
	if check != nil {
		if err := check(c.customer()); err != nil {
			return err
		}
	}
	s.attachments.logos[l.CustomerID] = l
	return nil
}

// GetLogo returns a copy of the logo of customer customerID; see
// attachment.Store.
func (s *Store) GetLogo(ctx context.Context, customerID ulid.ULID) (*attachment.Logo, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	l := s.attachments.logos[customerID]
	s.mu.RUnlock()
	if l == nil {
		return nil, fmt.Errorf("memstore: logo of customer %s: %w", customerID, customerkit.ErrNotFound)
	}
	return l.Clone(), nil // stored logos are immutable: copy outside the lock
}

// DeleteLogo runs check on a copy of customer customerID under the write
// lock and, when it returns nil, deletes its logo; see attachment.Store.
// check runs while the Store is locked, so it must not call the Store.
func (s *Store) DeleteLogo(ctx context.Context, customerID ulid.ULID, check func(*customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.customers.byULID[customerID]
	if c == nil || s.attachments.logos[customerID] == nil {
		return fmt.Errorf("memstore: logo of customer %s: %w", customerID, customerkit.ErrNotFound)
	}
	if check != nil {
		if err := check(c.customer()); err != nil {
			return err
		}
	}
	delete(s.attachments.logos, customerID)
	return nil
}
