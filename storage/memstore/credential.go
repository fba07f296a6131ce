package memstore

import (
	"context"
	"fmt"
	"slices"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
)

var _ credential.Store = (*Store)(nil)

// compareCredentialID orders credentials by ID.
func compareCredentialID(a, b *credential.Credential) int { return a.ID.Compare(b.ID) }

// credentialTable holds the credentials: by ID, in ID order, and in ID
// order per owner (the zero ULID keys the organization-wide ones). A stored
// *credential.Credential is immutable: an update replaces it, so readers
// may clone one after they release the lock.
type credentialTable struct {
	byID    map[ulid.ULID]*credential.Credential
	all     *orderedIndex[*credential.Credential]
	byOwner map[ulid.ULID]*orderedIndex[*credential.Credential]
}

func newCredentialTable() *credentialTable {
	return &credentialTable{
		byID:    make(map[ulid.ULID]*credential.Credential),
		all:     newOrderedIndex(compareCredentialID),
		byOwner: make(map[ulid.ULID]*orderedIndex[*credential.Credential]),
	}
}

func (t *credentialTable) insert(c *credential.Credential) {
	t.byID[c.ID] = c
	t.all.Insert(c)
	x := t.byOwner[c.CustomerID]
	if x == nil {
		x = newOrderedIndex(compareCredentialID)
		t.byOwner[c.CustomerID] = x
	}
	x.Insert(c)
}

func (t *credentialTable) remove(c *credential.Credential) {
	delete(t.byID, c.ID)
	t.all.Delete(c)
	if x := t.byOwner[c.CustomerID]; x != nil {
		x.Delete(c)
		if x.Len() == 0 {
			delete(t.byOwner, c.CustomerID)
		}
	}
}

// deleteByCustomer removes every credential of customer id; the customer
// cascade calls it with the Store locked. A zero id removes nothing (the
// organization-wide credentials belong to no customer).
func (t *credentialTable) deleteByCustomer(id ulid.ULID) {
	if id.IsZero() {
		return
	}
	x := t.byOwner[id]
	if x == nil {
		return
	}
	for c := range x.All() {
		delete(t.byID, c.ID)
		t.all.Delete(c)
	}
	delete(t.byOwner, id)
}

// countByCustomer returns how many credentials customer id owns; the
// customer deletion calls it with the Store locked.
func (t *credentialTable) countByCustomer(id ulid.ULID) int {
	if x := t.byOwner[id]; x != nil && !id.IsZero() {
		return x.Len()
	}
	return 0
}

// CreateCredential runs check with the credential's customer under the
// write lock and, when it passes, stores a copy of c; see
// credential.Store. check runs while the Store is locked, so it must not
// call the Store.
func (s *Store) CreateCredential(ctx context.Context, c *credential.Credential, check func(*customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if c == nil {
		return &customerkit.ValidationError{Subject: "memstore", Fields: []customerkit.FieldError{
			{Path: "credential", Code: customerkit.CodeRequired, Detail: "nil credential"},
		}}
	}
	c = c.Clone() // copy outside the lock

	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.credentials
	if t.byID[c.ID] != nil {
		return &customerkit.AlreadyExistsError{Resource: "credential", Field: "id"}
	}
	if !c.CustomerID.IsZero() && s.customers.byULID[c.CustomerID] == nil {
		return fmt.Errorf("memstore: customer %s of the credential: %w", c.CustomerID, customerkit.ErrNotFound)
	}
	if check != nil {
		var cust *customer.Customer
		if !c.CustomerID.IsZero() {
			cust = s.customerOf(c.CustomerID)
		}
		if err := check(cust); err != nil {
			return err
		}
	}
	t.insert(c)
	return nil
}

// GetCredential returns a copy of credential id; see credential.Store.
func (s *Store) GetCredential(ctx context.Context, id ulid.ULID) (*credential.Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	c := s.credentials.byID[id]
	s.mu.RUnlock()
	if c == nil {
		return nil, fmt.Errorf("memstore: credential %s: %w", id, customerkit.ErrNotFound)
	}
	return c.Clone(), nil
}

// UpdateCredential runs update on copies of credential id and its
// customer under the write lock and stores the result with Version
// incremented; see credential.Store. update runs while the Store is
// locked, so it must not call the Store.
func (s *Store) UpdateCredential(ctx context.Context, id ulid.ULID, update func(*credential.Credential, *customer.Customer) error) (*credential.Credential, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.credentials
	old := t.byID[id]
	if old == nil {
		return nil, fmt.Errorf("memstore: credential %s: %w", id, customerkit.ErrNotFound)
	}
	c := old.Clone()
	if update != nil {
		if err := update(c, s.credentialCustomer(old)); err != nil {
			return nil, err
		}
		ve := &customerkit.ValidationError{Subject: "credential"}
		if c.ID != old.ID {
			ve.Add("id", customerkit.CodeImmutable, "an update must not change the ID")
		}
		if c.CustomerID != old.CustomerID {
			ve.Add("customer_id", customerkit.CodeImmutable, "an update must not change the owner")
		}
		if err := ve.Err(); err != nil {
			return nil, err
		}
		c = c.Clone() // update may keep a pointer to the copy it saw
	}
	c.Version = old.Version + 1
	t.remove(old)
	t.insert(c)
	return c.Clone(), nil
}

// DeleteCredential runs check on copies of credential id and its customer
// under the write lock and, when it passes, deletes the credential; see
// credential.Store.
func (s *Store) DeleteCredential(ctx context.Context, id ulid.ULID, check func(*credential.Credential, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.credentials.byID[id]
	if c == nil {
		return fmt.Errorf("memstore: credential %s: %w", id, customerkit.ErrNotFound)
	}
	if check != nil {
		if err := check(c.Clone(), s.credentialCustomer(c)); err != nil {
			return err
		}
	}
	s.credentials.remove(c)
	return nil
}

// credentialCustomer returns a copy of c's customer, or nil for an
// organization-wide credential; the lock is held.
func (s *Store) credentialCustomer(c *credential.Credential) *customer.Customer {
	if c.CustomerID.IsZero() {
		return nil
	}
	return s.customerOf(c.CustomerID)
}

// credentialList names the list of a memstore credential cursor.
const credentialList = "credential"

// ListCredentials returns a keyset page of the credentials q selects, in
// ID order; see credential.Store. It walks the owner's index (both the
// customer's and the organization's, merged, when q asks for both), or
// the index of every credential, from the cursor on, so a page costs the
// rows it skips, not the size of the table.
func (s *Store) ListCredentials(ctx context.Context, q *credential.Query, after customerkit.Cursor) (customerkit.Page[credential.Credential], error) {
	var page customerkit.Page[credential.Credential]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || q.Limit < 1 || q.Limit > credential.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	var from ulid.ULID
	hasFrom := !after.IsZero()
	if hasFrom {
		p, err := decodeCursor(after, credentialList, true)
		if err != nil {
			return page, err
		}
		from = p.id
	}
	geq := func(c *credential.Credential) bool { return !hasFrom || c.ID.Compare(from) > 0 }

	s.mu.RLock()
	t := s.credentials
	var sources []*orderedIndex[*credential.Credential]
	switch {
	case !q.CustomerID.IsZero() && q.OrgWide:
		sources = append(sources, t.byOwner[q.CustomerID], t.byOwner[ulid.ULID{}])
	case !q.CustomerID.IsZero():
		sources = append(sources, t.byOwner[q.CustomerID])
	case q.OrgWide:
		sources = append(sources, t.byOwner[ulid.ULID{}])
	default:
		sources = append(sources, t.all)
	}
	// Take up to Limit+1 matches from each source (one more than the page
	// holds, to know whether a next page exists), then merge by ID.
	var found []*credential.Credential
	var err error
	for _, x := range sources {
		if x == nil {
			continue
		}
		n, scanned := 0, 0
		for c := range x.Ascend(geq) {
			if scanned++; scanned%scanCheckEvery == 0 {
				if err = ctx.Err(); err != nil {
					break
				}
			}
			if !q.Match(c) {
				continue
			}
			found = append(found, c)
			if n++; n > q.Limit {
				break
			}
		}
	}
	s.mu.RUnlock()
	if err != nil {
		return page, err
	}
	if len(sources) > 1 {
		slices.SortFunc(found, compareCredentialID)
	}
	if len(found) > q.Limit {
		found = found[:q.Limit]
		page.Next = encodeCursor(position{list: credentialList, id: found[len(found)-1].ID}, true)
	}
	page.Items = make([]*credential.Credential, len(found))
	for i, c := range found { // stored credentials are immutable: clone outside the lock
		page.Items[i] = c.Clone()
	}
	return page, nil
}
