package memstore

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/instance"
)

var _ configvar.Store = (*Store)(nil)

// compareConfigVarKey orders one customer's variables by key (byte order).
func compareConfigVarKey(a, b *configvar.Variable) int { return cmp.Compare(a.Key, b.Key) }

// configVarTable holds the customers' config variables: per customer, by
// key and in key order. A stored *configvar.Variable is immutable (an
// update replaces it) and has no UsedBy: readers copy it after they
// release the lock, and fill UsedBy from the instances' reference index
// while they hold it.
type configVarTable struct {
	byKey      map[ulid.ULID]map[string]*configvar.Variable
	byCustomer map[ulid.ULID]*orderedIndex[*configvar.Variable]
}

func newConfigVarTable() *configVarTable {
	return &configVarTable{
		byKey:      make(map[ulid.ULID]map[string]*configvar.Variable),
		byCustomer: make(map[ulid.ULID]*orderedIndex[*configvar.Variable]),
	}
}

func (t *configVarTable) get(customerID ulid.ULID, key string) *configvar.Variable {
	return t.byKey[customerID][key]
}

func (t *configVarTable) insert(v *configvar.Variable) {
	m := t.byKey[v.CustomerID]
	if m == nil {
		m = make(map[string]*configvar.Variable)
		t.byKey[v.CustomerID] = m
	}
	m[v.Key] = v
	x := t.byCustomer[v.CustomerID]
	if x == nil {
		x = newOrderedIndex(compareConfigVarKey)
		t.byCustomer[v.CustomerID] = x
	}
	x.Insert(v)
}

func (t *configVarTable) remove(v *configvar.Variable) {
	if m := t.byKey[v.CustomerID]; m != nil {
		delete(m, v.Key)
		if len(m) == 0 {
			delete(t.byKey, v.CustomerID)
		}
	}
	if x := t.byCustomer[v.CustomerID]; x != nil {
		x.Delete(v)
		if x.Len() == 0 {
			delete(t.byCustomer, v.CustomerID)
		}
	}
}

// deleteByCustomer removes every variable of customer id; the customer
// cascade calls it with the Store locked.
func (t *configVarTable) deleteByCustomer(id ulid.ULID) {
	delete(t.byKey, id)
	delete(t.byCustomer, id)
}

func configVarNotFound(customerID ulid.ULID, key string) error {
	return fmt.Errorf("memstore: customer %s has no config variable %s: %w", customerID, strconv.Quote(key), customerkit.ErrNotFound)
}

// withUsedBy returns a copy of the stored variable v with its UsedBy; the
// lock is held.
func (s *Store) withUsedBy(v *configvar.Variable) *configvar.Variable {
	d := *v
	d.UsedBy = s.instances.usedBy(v.CustomerID, v.Key)
	return &d
}

// checkRefs returns nil when every reference of i names a variable its
// customer has, with the kind the reference says, and an error matching
// customerkit.ErrFailedPrecondition otherwise; the lock is held.
func (s *Store) checkRefs(i *instance.Instance) error {
	for _, refs := range []map[string]configvar.Ref{i.Refs, i.PrivateRefs} {
		for k, r := range refs {
			if v := s.configVars.get(i.CustomerID, r.Key); v == nil || v.Kind != r.Kind {
				return refError(i, k, r)
			}
		}
	}
	return nil
}

func refError(i *instance.Instance, varKey string, r configvar.Ref) error {
	return fmt.Errorf("memstore: instance %s: variable %s takes the customer's config variable %s, which it does not have: %w",
		i.ID, strconv.Quote(varKey), r, customerkit.ErrFailedPrecondition)
}

// CreateConfigVar runs check with the customer and its number of
// variables under the write lock and, when it passes, stores a copy of v;
// see configvar.Store. check runs while the Store is locked, so it must
// not call the Store.
func (s *Store) CreateConfigVar(ctx context.Context, v *configvar.Variable, check func(*customer.Customer, int) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if v == nil {
		return nilInput("config variable")
	}
	c := v.Clone() // copy outside the lock
	c.UsedBy = nil

	s.mu.Lock()
	defer s.mu.Unlock()
	cust := s.customerOf(c.CustomerID)
	if cust == nil {
		return fmt.Errorf("memstore: customer %s of the config variable: %w", c.CustomerID, customerkit.ErrNotFound)
	}
	if check != nil {
		if err := check(cust, len(s.configVars.byKey[c.CustomerID])); err != nil {
			return err
		}
	}
	if s.configVars.get(c.CustomerID, c.Key) != nil {
		return &customerkit.AlreadyExistsError{Resource: "config_var", Field: "key"}
	}
	s.configVars.insert(c)
	return nil
}

// GetConfigVar returns a copy of a customer's variable with its UsedBy;
// see configvar.Store.
func (s *Store) GetConfigVar(ctx context.Context, customerID ulid.ULID, key string) (*configvar.Variable, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	v := s.configVars.get(customerID, key)
	if v == nil {
		return nil, configVarNotFound(customerID, key)
	}
	return s.withUsedBy(v), nil
}

// UpdateConfigVar runs update on copies of a customer's variable and of
// the customer under the write lock and stores the variable with Version
// incremented; see configvar.Store. update runs while the Store is locked,
// so it must not call the Store.
func (s *Store) UpdateConfigVar(ctx context.Context, customerID ulid.ULID, key string, update func(*configvar.Variable, *customer.Customer) error) (*configvar.Variable, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.configVars.get(customerID, key)
	if old == nil {
		return nil, configVarNotFound(customerID, key)
	}
	cust := s.customerOf(customerID)
	if cust == nil {
		return nil, fmt.Errorf("memstore: customer %s of config variable %s: %w", customerID, strconv.Quote(key), customerkit.ErrNotFound)
	}
	usedBy := s.instances.usedBy(customerID, key)
	c := old.Clone()
	c.UsedBy = slices.Clone(usedBy)
	if update != nil {
		if err := update(c, cust); err != nil {
			return nil, err
		}
		c = c.Clone() // update may keep a pointer to the copy it saw
	}
	if err := configvar.CheckImmutable(old, c); err != nil {
		return nil, err
	}
	c.CreatedAt = old.CreatedAt // the same instant: keep its location too
	c.Version = old.Version + 1
	out := c.Clone()
	out.UsedBy = usedBy
	c.UsedBy = nil
	s.configVars.remove(old)
	s.configVars.insert(c)
	return out, nil
}

// DeleteConfigVar deletes a customer's variable under the write lock,
// unless instances use it or check refuses; see configvar.Store.
func (s *Store) DeleteConfigVar(ctx context.Context, customerID ulid.ULID, key string, check func(*configvar.Variable, *customer.Customer) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.configVars.get(customerID, key)
	if old == nil {
		return configVarNotFound(customerID, key)
	}
	c := s.withUsedBy(old)
	if len(c.UsedBy) > 0 {
		return &configvar.InUseError{Key: key, UsedBy: c.UsedBy}
	}
	if check != nil {
		cust := s.customerOf(customerID)
		if cust == nil {
			return fmt.Errorf("memstore: customer %s of config variable %s: %w", customerID, strconv.Quote(key), customerkit.ErrNotFound)
		}
		if err := check(c, cust); err != nil {
			return err
		}
	}
	s.configVars.remove(old)
	return nil
}

// configVarList names the list of a customer's variables in a cursor, so
// a cursor of one customer's list is refused by another's.
func configVarList(customerID ulid.ULID) string { return "config_var/" + customerID.String() }

// ListConfigVars returns a keyset page of a customer's variables in key
// order, each with its UsedBy; see configvar.Store. It walks the
// customer's index from the cursor on, so a page costs its own size.
func (s *Store) ListConfigVars(ctx context.Context, q *configvar.Query, after customerkit.Cursor) (customerkit.Page[configvar.Variable], error) {
	var page customerkit.Page[configvar.Variable]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	if q == nil || q.Limit < 1 || q.Limit > configvar.MaxLimit {
		n, err := q.Normalize()
		if err != nil {
			return page, err
		}
		q = n
	}
	list := configVarList(q.CustomerID)
	var from string
	hasFrom := !after.IsZero()
	if hasFrom {
		p, err := decodeCursor(after, list, true)
		if err != nil {
			return page, err
		}
		from = p.text
	}
	page.Items = make([]*configvar.Variable, 0, min(q.Limit, 64))
	s.mu.RLock()
	if x := s.configVars.byCustomer[q.CustomerID]; x != nil {
		for v := range x.Ascend(func(v *configvar.Variable) bool { return !hasFrom || v.Key > from }) {
			if len(page.Items) == q.Limit {
				page.Next = encodeCursor(position{list: list, text: page.Items[len(page.Items)-1].Key}, true)
				break
			}
			page.Items = append(page.Items, s.withUsedBy(v))
		}
	}
	s.mu.RUnlock()
	return page, nil
}
