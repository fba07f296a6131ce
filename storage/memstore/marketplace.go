package memstore

import (
	"context"
	"fmt"
	"strconv"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

var _ marketplace.Store = (*Store)(nil)

// marketplaceTable holds integrations, their versions, listings and
// customer values. Stored values are owned by the table and replaced, never
// changed in place, on a write.
type marketplaceTable struct {
	integrations map[ulid.ULID]*marketplace.Integration
	byName       map[string]ulid.ULID                            // NameKey(Name) → ID
	intByID      *orderedIndex[*marketplace.Integration]         // ordered by ID
	versions     map[ulid.ULID][]*marketplace.IntegrationVersion // [n-1] is version n
	listings     map[ulid.ULID]*marketplace.Listing              // by IntegrationID
	listByID     *orderedIndex[*marketplace.Listing]             // ordered by IntegrationID
	values       map[valuesKey]*marketplace.CustomerValues
}

type valuesKey struct{ integration, customer ulid.ULID }

func newMarketplaceTable() *marketplaceTable {
	return &marketplaceTable{
		integrations: make(map[ulid.ULID]*marketplace.Integration),
		byName:       make(map[string]ulid.ULID),
		intByID:      newOrderedIndex(func(a, b *marketplace.Integration) int { return a.ID.Compare(b.ID) }),
		versions:     make(map[ulid.ULID][]*marketplace.IntegrationVersion),
		listings:     make(map[ulid.ULID]*marketplace.Listing),
		listByID:     newOrderedIndex(func(a, b *marketplace.Listing) int { return a.IntegrationID.Compare(b.IntegrationID) }),
		values:       make(map[valuesKey]*marketplace.CustomerValues),
	}
}

func nilInput(what string) error {
	return &customerkit.ValidationError{Subject: "memstore", Fields: []customerkit.FieldError{
		{Path: what, Code: customerkit.CodeRequired, Detail: "nil " + what},
	}}
}

func integrationNotFound(id ulid.ULID) error {
	return fmt.Errorf("memstore: integration %s: %w", id, customerkit.ErrNotFound)
}

// customerExists reports whether customer id is stored; the lock is held.
func (s *Store) customerExists(id ulid.ULID) bool {
	_, ok := s.customers.byULID[id]
	return ok
}

// CreateIntegration stores a copy of in; see marketplace.Store.
func (s *Store) CreateIntegration(ctx context.Context, in *marketplace.Integration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if in == nil {
		return nilInput("integration")
	}
	c := in.Clone()
	key := marketplace.NameKey(c.Name)
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.marketplace
	if _, ok := t.integrations[c.ID]; ok {
		return &customerkit.AlreadyExistsError{Resource: "integration", Field: "id"}
	}
	if _, ok := t.byName[key]; ok {
		return &customerkit.AlreadyExistsError{Resource: "integration", Field: "name"}
	}
	if !c.CustomerID.IsZero() && !s.customerExists(c.CustomerID) {
		return fmt.Errorf("memstore: customer %s: %w", c.CustomerID, customerkit.ErrNotFound)
	}
	t.integrations[c.ID] = c
	t.byName[key] = c.ID
	t.intByID.Insert(c)
	return nil
}

// GetIntegration returns a copy of integration id; see marketplace.Store.
func (s *Store) GetIntegration(ctx context.Context, id ulid.ULID) (*marketplace.Integration, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	in := s.marketplace.integrations[id]
	s.mu.RUnlock()
	if in == nil {
		return nil, integrationNotFound(id)
	}
	return in.Clone(), nil // stored values are immutable: clone outside the lock
}

// UpdateIntegration runs update on a copy of integration id under the
// write lock; see marketplace.Store. update must not call the Store. The
// stored ID, CustomerID and LatestVersion are kept whatever update does.
func (s *Store) UpdateIntegration(ctx context.Context, id ulid.ULID, update func(*marketplace.Integration) error) (*marketplace.Integration, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.marketplace
	old := t.integrations[id]
	if old == nil {
		return nil, integrationNotFound(id)
	}
	c := old.Clone()
	if update != nil {
		if err := update(c); err != nil {
			return nil, err
		}
		c = c.Clone() // update may keep a pointer to the copy it saw
	}
	c.ID, c.CustomerID, c.LatestVersion = old.ID, old.CustomerID, old.LatestVersion
	c.Version = old.Version + 1
	oldKey, newKey := marketplace.NameKey(old.Name), marketplace.NameKey(c.Name)
	if other, ok := t.byName[newKey]; ok && other != id {
		return nil, &customerkit.AlreadyExistsError{Resource: "integration", Field: "name"}
	}
	t.replaceIntegration(old, c, oldKey, newKey)
	return c.Clone(), nil
}

// replaceIntegration swaps the stored integration old for c; the lock is held.
func (t *marketplaceTable) replaceIntegration(old, c *marketplace.Integration, oldKey, newKey string) {
	delete(t.byName, oldKey)
	t.byName[newKey] = c.ID
	t.integrations[c.ID] = c
	t.intByID.Delete(old)
	t.intByID.Insert(c)
}

// ListIntegrations returns a keyset page of integrations ordered by ID;
// see marketplace.Store.
func (s *Store) ListIntegrations(ctx context.Context, q *marketplace.Query, after customerkit.Cursor) (customerkit.Page[marketplace.Integration], error) {
	q = q.Normalize()
	return listByID(ctx, s, "marketplace:integrations", after, q.Limit, s.marketplace.intByID,
		func(in *marketplace.Integration) ulid.ULID { return in.ID },
		q.MatchIntegration, (*marketplace.Integration).Clone)
}

// ListListings returns a keyset page of listings ordered by integration
// ID; see marketplace.Store.
func (s *Store) ListListings(ctx context.Context, q *marketplace.Query, after customerkit.Cursor) (customerkit.Page[marketplace.Listing], error) {
	q = q.Normalize()
	return listByID(ctx, s, "marketplace:listings", after, q.Limit, s.marketplace.listByID,
		func(l *marketplace.Listing) ulid.ULID { return l.IntegrationID },
		q.MatchListing, (*marketplace.Listing).Clone)
}

// listByID walks idx (ordered by key) after the cursor and returns one page.
func listByID[T any](ctx context.Context, s *Store, list string, after customerkit.Cursor, limit int,
	idx *orderedIndex[*T], key func(*T) ulid.ULID, match func(*T) bool, clone func(*T) *T) (customerkit.Page[T], error) {
	var page customerkit.Page[T]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	var from ulid.ULID
	started := !after.IsZero()
	if started {
		p, err := decodeCursor(after, list, true)
		if err != nil {
			return page, err
		}
		from = p.id
	}
	found := make([]*T, 0, min(limit+1, 64))
	var err error
	scanned := 0
	s.mu.RLock()
	for r := range idx.Ascend(func(r *T) bool { return !started || key(r).Compare(from) > 0 }) {
		if scanned++; scanned%scanCheckEvery == 0 {
			if err = ctx.Err(); err != nil {
				break
			}
		}
		if !match(r) {
			continue
		}
		found = append(found, r)
		if len(found) > limit {
			break
		}
	}
	s.mu.RUnlock()
	if err != nil {
		return page, err
	}
	if len(found) > limit {
		found = found[:limit]
		page.Next = encodeCursor(position{list: list, id: key(found[limit-1])}, true)
	}
	page.Items = make([]*T, len(found))
	for i, r := range found {
		page.Items[i] = clone(r)
	}
	return page, nil
}

// PublishVersion stores v as the next version; see marketplace.Store.
func (s *Store) PublishVersion(ctx context.Context, v *marketplace.IntegrationVersion) (*marketplace.IntegrationVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nilInput("version")
	}
	c := v.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.marketplace
	old := t.integrations[c.IntegrationID]
	if old == nil {
		return nil, integrationNotFound(c.IntegrationID)
	}
	in := old.Clone()
	in.LatestVersion++
	in.Version++
	in.UpdatedAt = c.PublishedAt
	c.Number = in.LatestVersion
	t.versions[in.ID] = append(t.versions[in.ID], c)
	key := marketplace.NameKey(in.Name)
	t.replaceIntegration(old, in, key, key)
	return c.Clone(), nil
}

func versionNotFound(id ulid.ULID, number int) error {
	return fmt.Errorf("memstore: version %d of integration %s: %w", number, id, customerkit.ErrNotFound)
}

// version returns version number of integration id, or nil; the lock is held.
func (t *marketplaceTable) version(id ulid.ULID, number int) *marketplace.IntegrationVersion {
	vs := t.versions[id]
	if number < 1 || number > len(vs) {
		return nil
	}
	return vs[number-1]
}

// GetVersion returns a copy of a version; see marketplace.Store.
func (s *Store) GetVersion(ctx context.Context, id ulid.ULID, number int) (*marketplace.IntegrationVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	v := s.marketplace.version(id, number)
	s.mu.RUnlock()
	if v == nil {
		return nil, versionNotFound(id, number)
	}
	return v.Clone(), nil
}

// SetVersionAvailable sets a version's Available flag; see marketplace.Store.
func (s *Store) SetVersionAvailable(ctx context.Context, id ulid.ULID, number int, available bool) (*marketplace.IntegrationVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.marketplace.version(id, number)
	if old == nil {
		return nil, versionNotFound(id, number)
	}
	c := old.Clone()
	c.Available = available
	s.marketplace.versions[id][number-1] = c
	return c.Clone(), nil
}

// ListVersions returns a keyset page of the versions of an integration in
// ascending number; see marketplace.Store.
func (s *Store) ListVersions(ctx context.Context, id ulid.ULID, limit int, after customerkit.Cursor) (customerkit.Page[marketplace.IntegrationVersion], error) {
	var page customerkit.Page[marketplace.IntegrationVersion]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	switch {
	case limit < 1:
		limit = marketplace.DefaultLimit
	case limit > marketplace.MaxLimit:
		limit = marketplace.MaxLimit
	}
	list := "marketplace:versions:" + id.String()
	from := 0 // the last number of the previous page
	if !after.IsZero() {
		p, err := decodeCursor(after, list, true)
		if err != nil {
			return page, err
		}
		n, err := strconv.Atoi(p.text)
		if err != nil || n < 1 || p.id != id {
			return page, customerkit.InvalidCursor("memstore: malformed cursor")
		}
		from = n
	}
	s.mu.RLock()
	vs := s.marketplace.versions[id]
	var found []*marketplace.IntegrationVersion
	if from < len(vs) {
		found = vs[from:min(len(vs), from+limit)]
	}
	more := from+limit < len(vs)
	page.Items = make([]*marketplace.IntegrationVersion, len(found))
	for i, v := range found {
		page.Items[i] = v.Clone()
	}
	s.mu.RUnlock()
	if more {
		page.Next = encodeCursor(position{list: list, text: strconv.Itoa(from + len(found)), id: id}, true)
	}
	return page, nil
}

// CreateListing stores a copy of l; see marketplace.Store.
func (s *Store) CreateListing(ctx context.Context, l *marketplace.Listing) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l == nil {
		return nilInput("listing")
	}
	c := l.Clone()
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.marketplace
	if t.integrations[c.IntegrationID] == nil {
		return integrationNotFound(c.IntegrationID)
	}
	if t.listings[c.IntegrationID] != nil {
		return &customerkit.AlreadyExistsError{Resource: "listing", Field: "integration_id"}
	}
	t.listings[c.IntegrationID] = c
	t.listByID.Insert(c)
	return nil
}

func listingNotFound(id ulid.ULID) error {
	return fmt.Errorf("memstore: listing of integration %s: %w", id, customerkit.ErrNotFound)
}

// GetListing returns a copy of the listing of integration id; see
// marketplace.Store.
func (s *Store) GetListing(ctx context.Context, id ulid.ULID) (*marketplace.Listing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	l := s.marketplace.listings[id]
	s.mu.RUnlock()
	if l == nil {
		return nil, listingNotFound(id)
	}
	return l.Clone(), nil
}

// UpdateListing runs update on a copy of a listing under the write lock;
// see marketplace.Store. update must not call the Store; the stored
// IntegrationID is kept.
func (s *Store) UpdateListing(ctx context.Context, id ulid.ULID, update func(*marketplace.Listing) error) (*marketplace.Listing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.marketplace
	old := t.listings[id]
	if old == nil {
		return nil, listingNotFound(id)
	}
	c := old.Clone()
	if update != nil {
		if err := update(c); err != nil {
			return nil, err
		}
		c = c.Clone()
	}
	c.IntegrationID = id
	c.Version = old.Version + 1
	t.listings[id] = c
	t.listByID.Delete(old)
	t.listByID.Insert(c)
	return c.Clone(), nil
}

// DeleteListing removes a listing and nothing else; see marketplace.Store.
func (s *Store) DeleteListing(ctx context.Context, id ulid.ULID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.marketplace
	old := t.listings[id]
	if old == nil {
		return listingNotFound(id)
	}
	delete(t.listings, id)
	t.listByID.Delete(old)
	return nil
}

func valuesNotFound(id, customerID ulid.ULID) error {
	return fmt.Errorf("memstore: values of customer %s for integration %s: %w", customerID, id, customerkit.ErrNotFound)
}

// GetCustomerValues returns a copy of a customer's values; see
// marketplace.Store.
func (s *Store) GetCustomerValues(ctx context.Context, id, customerID ulid.ULID) (*marketplace.CustomerValues, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	cv := s.marketplace.values[valuesKey{id, customerID}]
	s.mu.RUnlock()
	if cv == nil {
		return nil, valuesNotFound(id, customerID)
	}
	return cv.Clone(), nil
}

// UpdateCustomerValues runs update on a copy of a customer's values (a new
// record when there is none) under the write lock; see marketplace.Store.
func (s *Store) UpdateCustomerValues(ctx context.Context, id, customerID ulid.ULID, update func(*marketplace.CustomerValues) error) (*marketplace.CustomerValues, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.marketplace
	if t.integrations[id] == nil {
		return nil, integrationNotFound(id)
	}
	if !s.customerExists(customerID) {
		return nil, fmt.Errorf("memstore: customer %s: %w", customerID, customerkit.ErrNotFound)
	}
	k := valuesKey{id, customerID}
	c := &marketplace.CustomerValues{IntegrationID: id, CustomerID: customerID}
	var version int64
	if old := t.values[k]; old != nil {
		c, version = old.Clone(), old.Version
	}
	if update != nil {
		if err := update(c); err != nil {
			return nil, err
		}
		c = c.Clone()
	}
	c.IntegrationID, c.CustomerID, c.Version = id, customerID, version+1
	t.values[k] = c
	return c.Clone(), nil
}

// DeleteCustomerValues removes a customer's values; see marketplace.Store.
func (s *Store) DeleteCustomerValues(ctx context.Context, id, customerID ulid.ULID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	k := valuesKey{id, customerID}
	if s.marketplace.values[k] == nil {
		return valuesNotFound(id, customerID)
	}
	delete(s.marketplace.values, k)
	return nil
}

// ListingsForCustomer returns every listing customerID sees with its
// integration, presented version and the customer's values, under one read
// lock; see marketplace.Store.
func (s *Store) ListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*marketplace.ListingBundle, error) {
	out, err := s.SharedListingsForCustomer(ctx, customerID)
	if err != nil {
		return nil, err
	}
	// Stored values are immutable: clone outside the lock.
	for _, b := range out {
		b.Listing, b.Integration = b.Listing.Clone(), b.Integration.Clone()
		b.Version, b.CustomerValues = b.Version.Clone(), b.CustomerValues.Clone()
	}
	return out, nil
}

var _ marketplace.SharedListingsReader = (*Store)(nil)

// SharedListingsForCustomer is ListingsForCustomer without the copies: the
// bundles point to the stored records, which a write replaces and never
// changes; see marketplace.SharedListingsReader.
func (s *Store) SharedListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*marketplace.ListingBundle, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	t := s.marketplace
	var bundles []marketplace.ListingBundle
	for l := range t.listByID.All() {
		in := t.integrations[l.IntegrationID]
		if in == nil || !l.VisibleTo(in, customerID) {
			continue
		}
		if bundles == nil {
			bundles = make([]marketplace.ListingBundle, 0, t.listByID.Len())
		}
		b := marketplace.ListingBundle{Listing: l, Integration: in, CustomerValues: t.values[valuesKey{in.ID, customerID}]}
		if n, ok := marketplace.PresentNumber(l.PinnedVersion, in.LatestVersion, func(n int) (bool, bool) {
			v := t.version(in.ID, n)
			return v != nil, v != nil && v.Available
		}); ok {
			b.Version = t.version(in.ID, n)
		}
		bundles = append(bundles, b)
	}
	out := make([]*marketplace.ListingBundle, len(bundles))
	for i := range bundles {
		out[i] = &bundles[i]
	}
	return out, nil
}

// deleteByCustomer removes what the marketplace keeps for customer id: its
// customer values, and its customer-specific integrations with their
// versions, listings and values. The caller holds the write lock.
func (t *marketplaceTable) deleteByCustomer(id ulid.ULID) {
	for k := range t.values {
		if k.customer == id {
			delete(t.values, k)
		}
	}
	for iid, in := range t.integrations {
		if in.CustomerID != id {
			continue
		}
		delete(t.integrations, iid)
		delete(t.byName, marketplace.NameKey(in.Name))
		t.intByID.Delete(in)
		delete(t.versions, iid)
		if l := t.listings[iid]; l != nil {
			delete(t.listings, iid)
			t.listByID.Delete(l)
		}
		for k := range t.values {
			if k.integration == iid {
				delete(t.values, k)
			}
		}
	}
}
