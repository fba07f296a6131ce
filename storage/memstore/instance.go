package memstore

import (
	"context"
	"fmt"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
)

var _ instance.Store = (*Store)(nil)

// compareInstanceID orders instances by ID.
func compareInstanceID(a, b *instance.Instance) int { return a.ID.Compare(b.ID) }

// instanceTable holds the instances: by ID, in ID order, in ID order
// per customer and per integration, and in ID order per customer config
// variable they reference. A stored *instance.Instance is immutable: an
// update replaces it, so readers may clone one after they release the
// lock.
type instanceTable struct {
	byID          map[ulid.ULID]*instance.Instance
	all           *orderedIndex[*instance.Instance]
	byCustomer    map[ulid.ULID]*orderedIndex[*instance.Instance]
	byIntegration map[ulid.ULID]*orderedIndex[*instance.Instance]
	byRef         map[refKey]*orderedIndex[*instance.Instance]
}

// refKey names one customer config variable: its customer and its key.
type refKey struct {
	customer ulid.ULID
	key      string
}

func newInstanceTable() *instanceTable {
	return &instanceTable{
		byID:          make(map[ulid.ULID]*instance.Instance),
		all:           newOrderedIndex(compareInstanceID),
		byCustomer:    make(map[ulid.ULID]*orderedIndex[*instance.Instance]),
		byIntegration: make(map[ulid.ULID]*orderedIndex[*instance.Instance]),
		byRef:         make(map[refKey]*orderedIndex[*instance.Instance]),
	}
}

func (t *instanceTable) indexRefs(i *instance.Instance) {
	for _, k := range i.RefKeys() {
		rk := refKey{i.CustomerID, k}
		x := t.byRef[rk]
		if x == nil {
			x = newOrderedIndex(compareInstanceID)
			t.byRef[rk] = x
		}
		x.Insert(i)
	}
}

func (t *instanceTable) unindexRefs(i *instance.Instance) {
	for _, k := range i.RefKeys() {
		rk := refKey{i.CustomerID, k}
		if x := t.byRef[rk]; x != nil {
			x.Delete(i)
			if x.Len() == 0 {
				delete(t.byRef, rk)
			}
		}
	}
}

// usedBy returns the IDs of the instances that reference config variable
// key of customer customerID, in ID order; nil when none does.
func (t *instanceTable) usedBy(customerID ulid.ULID, key string) []ulid.ULID {
	x := t.byRef[refKey{customerID, key}]
	if x == nil {
		return nil
	}
	out := make([]ulid.ULID, 0, x.Len())
	for i := range x.All() {
		out = append(out, i.ID)
	}
	return out
}

func indexIn(m map[ulid.ULID]*orderedIndex[*instance.Instance], key ulid.ULID, i *instance.Instance) {
	x := m[key]
	if x == nil {
		x = newOrderedIndex(compareInstanceID)
		m[key] = x
	}
	x.Insert(i)
}

func unindexIn(m map[ulid.ULID]*orderedIndex[*instance.Instance], key ulid.ULID, i *instance.Instance) {
	if x := m[key]; x != nil {
		x.Delete(i)
		if x.Len() == 0 {
			delete(m, key)
		}
	}
}

func (t *instanceTable) insert(i *instance.Instance) {
	t.byID[i.ID] = i
	t.all.Insert(i)
	indexIn(t.byCustomer, i.CustomerID, i)
	indexIn(t.byIntegration, i.IntegrationID, i)
	t.indexRefs(i)
}

func (t *instanceTable) remove(i *instance.Instance) {
	delete(t.byID, i.ID)
	t.all.Delete(i)
	unindexIn(t.byCustomer, i.CustomerID, i)
	unindexIn(t.byIntegration, i.IntegrationID, i)
	t.unindexRefs(i)
}

// deleteByCustomer removes every instance of customer id; the customer
// cascade calls it with the Store locked.
func (t *instanceTable) deleteByCustomer(id ulid.ULID) {
	x := t.byCustomer[id]
	if x == nil {
		return
	}
	for i := range x.All() {
		delete(t.byID, i.ID)
		t.all.Delete(i)
		unindexIn(t.byIntegration, i.IntegrationID, i)
		t.unindexRefs(i)
	}
	delete(t.byCustomer, id)
}

// countByCustomer returns how many instances customer id has; the
// customer deletion calls it with the Store locked.
func (t *instanceTable) countByCustomer(id ulid.ULID) int {
	if x := t.byCustomer[id]; x != nil {
		return x.Len()
	}
	return 0
}

// customerOf returns a copy of the stored customer id, or nil; the lock
// is held.
func (s *Store) customerOf(id ulid.ULID) *customer.Customer {
	if r := s.customers.byULID[id]; r != nil {
		return r.customer()
	}
	return nil
}

// customerStatus returns the status of the stored customer id, and
// whether there is one; the lock is held.
func (s *Store) customerStatus(id ulid.ULID) (customer.Status, bool) {
	if r := s.customers.byULID[id]; r != nil {
		return r.head.status, true
	}
	return "", false
}

func instanceNotFound(id ulid.ULID) error {
	return fmt.Errorf("memstore: instance %s: %w", id, customerkit.ErrNotFound)
}

// CreateInstance runs check with the customer, the listing and the
// customer's instances under the write lock and, when it passes, stores a
// copy of inst; see instance.Store. check runs while the Store is locked,
// so it must not call the Store.
func (s *Store) CreateInstance(ctx context.Context, inst *instance.Instance, check func(*instance.Snapshot) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if inst == nil {
		return nilInput("instance")
	}
	c := inst.Clone() // copy outside the lock

	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.instances
	cust := s.customerOf(c.CustomerID)
	if cust == nil {
		return fmt.Errorf("memstore: customer %s of the instance: %w", c.CustomerID, customerkit.ErrNotFound)
	}
	if s.marketplace.integrations[c.IntegrationID] == nil {
		return integrationNotFound(c.IntegrationID)
	}
	if check != nil {
		snap := &instance.Snapshot{Customer: cust, Listing: s.marketplace.listings[c.IntegrationID].Clone()}
		if x := t.byCustomer[c.CustomerID]; x != nil {
			snap.Instances = make([]*instance.Instance, 0, x.Len())
			for i := range x.All() {
				snap.Instances = append(snap.Instances, i.Clone())
			}
		}
		if err := check(snap); err != nil {
			return err
		}
	}
	if t.byID[c.ID] != nil {
		return &customerkit.AlreadyExistsError{Resource: "instance", Field: "id"}
	}
	if err := s.checkRefs(c); err != nil {
		return err
	}
	t.insert(c)
	return nil
}

// GetInstance returns a copy of instance id; see instance.Store.
func (s *Store) GetInstance(ctx context.Context, id ulid.ULID) (*instance.Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	i := s.instances.byID[id]
	s.mu.RUnlock()
	if i == nil {
		return nil, instanceNotFound(id)
	}
	return i.Clone(), nil
}

// UpdateInstance runs update on copies of instance id and its customer
// under the write lock and stores the instance with Version incremented;
// see instance.Store. update runs while the Store is locked, so it must not
// call the Store.
func (s *Store) UpdateInstance(ctx context.Context, id ulid.ULID, update func(*instance.Instance, *customer.Customer) error) (*instance.Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.instances
	old := t.byID[id]
	if old == nil {
		return nil, instanceNotFound(id)
	}
	cust := s.customerOf(old.CustomerID)
	if cust == nil {
		return nil, fmt.Errorf("memstore: customer %s of instance %s: %w", old.CustomerID, id, customerkit.ErrNotFound)
	}
	c := old.Clone()
	if update != nil {
		if err := update(c, cust); err != nil {
			return nil, err
		}
		c = c.Clone() // update may keep a pointer to the copy it saw
	}
	c.ID, c.CustomerID, c.IntegrationID, c.CreatedAt = old.ID, old.CustomerID, old.IntegrationID, old.CreatedAt
	c.Version = old.Version + 1
	if err := s.checkRefs(c); err != nil {
		return nil, err
	}
	t.remove(old)
	t.insert(c)
	return c.Clone(), nil
}

// DeleteInstance runs check on copies of instance id and its customer
// under the write lock and, when it passes, deletes the instance; see
// instance.Store. A nil check deletes unconditionally (even an instance
// whose customer is gone).
func (s *Store) DeleteInstance(ctx context.Context, id ulid.ULID, check func(*instance.Instance, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.instances
	old := t.byID[id]
	if old == nil {
		return instanceNotFound(id)
	}
	if check != nil {
		cust := s.customerOf(old.CustomerID)
		if cust == nil {
			return fmt.Errorf("memstore: customer %s of instance %s: %w", old.CustomerID, id, customerkit.ErrNotFound)
		}
		if err := check(old.Clone(), cust); err != nil {
			return err
		}
	}
	t.remove(old)
	return nil
}

// instanceList names the list of a memstore instance cursor.
const instanceList = "instance"

// ListInstances returns a keyset page of the instances q selects, in ID
// order; see instance.Store. It walks the customer's index, or the
// integration's, or the index of every instance, from the cursor on.
func (s *Store) ListInstances(ctx context.Context, q *instance.Query, after customerkit.Cursor) (customerkit.Page[instance.Instance], error) {
	var page customerkit.Page[instance.Instance]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || q.Limit < 1 || q.Limit > instance.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	var from ulid.ULID
	hasFrom := !after.IsZero()
	if hasFrom {
		p, err := decodeCursor(after, instanceList, true)
		if err != nil {
			return page, err
		}
		from = p.id
	}
	geq := func(i *instance.Instance) bool { return !hasFrom || i.ID.Compare(from) > 0 }

	found := make([]*instance.Instance, 0, min(q.Limit+1, 64))
	var err error
	s.mu.RLock()
	t := s.instances
	x := t.all
	switch {
	case !q.CustomerID.IsZero():
		x = t.byCustomer[q.CustomerID]
	case !q.IntegrationID.IsZero():
		x = t.byIntegration[q.IntegrationID]
	}
	if x != nil {
		scanned := 0
		for i := range x.Ascend(geq) {
			if scanned++; scanned%scanCheckEvery == 0 {
				if err = ctx.Err(); err != nil {
					break
				}
			}
			status, _ := s.customerStatus(i.CustomerID)
			if !q.Match(i, status) {
				continue
			}
			found = append(found, i)
			if len(found) > q.Limit {
				break
			}
		}
	}
	s.mu.RUnlock()
	if err != nil {
		return page, err
	}
	if len(found) > q.Limit {
		found = found[:q.Limit]
		page.Next = encodeCursor(position{list: instanceList, id: found[len(found)-1].ID}, true)
	}
	page.Items = make([]*instance.Instance, len(found))
	for k, i := range found { // stored instances are immutable: clone outside the lock
		page.Items[k] = i.Clone()
	}
	return page, nil
}

// CustomerInstances returns customer customerID and all its instances
// under one read lock; see instance.Store.
func (s *Store) CustomerInstances(ctx context.Context, customerID ulid.ULID) (*customer.Customer, []*instance.Instance, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	s.mu.RLock()
	c := s.customerOf(customerID)
	var found []*instance.Instance
	if x := s.instances.byCustomer[customerID]; c != nil && x != nil {
		found = make([]*instance.Instance, 0, x.Len())
		for i := range x.All() {
			found = append(found, i)
		}
	}
	s.mu.RUnlock()
	if c == nil {
		return nil, nil, fmt.Errorf("memstore: customer %s: %w", customerID, customerkit.ErrNotFound)
	}
	out := make([]*instance.Instance, len(found))
	for k, i := range found {
		out[k] = i.Clone()
	}
	return c, out, nil
}
