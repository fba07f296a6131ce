package storagetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
)

// InstanceStore is what the instance section needs: instance.Store, and
// customer.Store and marketplace.Store to create the customers,
// integrations and listings instances name.
type InstanceStore interface {
	customer.Store
	marketplace.Store
	instance.Store
}

// instanceStores turns Run's factory into the section's: a store that
// does not implement instance.Store skips the section.
func instanceStores(newStore func(t *testing.T) customer.Store) func(t *testing.T) InstanceStore {
	return func(t *testing.T) InstanceStore {
		s, ok := newStore(t).(InstanceStore)
		if !ok {
			t.Skip("storagetest: the store does not implement instance.Store")
		}
		return s
	}
}

// activators is how many goroutines activate one listing at once.
const activators = 20

// RunInstances runs the section of the suite that checks instance.Store:
// round trips of every field, ErrNotFound, the ID's uniqueness, the
// snapshot CreateInstance hands its check and the atomicity of activation
// (20 concurrent activations of a one-instance listing: exactly one is
// stored), the updater and delete-check contracts (also under concurrent
// updaters), CustomerInstances, keyset lists by customer, integration and
// lifecycle state (which follows the customer's status), isolation of
// returned values and a canceled context.
func RunInstances(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) InstanceStore)
	}{
		{"CreateAndGet", testInstanceCreateAndGet},
		{"CreateSnapshot", testInstanceCreateSnapshot},
		{"ConcurrentActivation", testInstanceConcurrentActivation},
		{"Update", testInstanceUpdate},
		{"ConcurrentUpdate", testInstanceConcurrentUpdate},
		{"Delete", testInstanceDelete},
		{"CustomerInstances", testCustomerInstances},
		{"List", testInstanceList},
		{"ListPaging", testInstanceListPaging},
		{"NotFound", testInstanceNotFound},
		{"Isolation", testInstanceIsolation},
		{"ContextCanceled", testInstanceContextCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore) })
	}
}

// NewInstance returns fixture instance i (i ≥ 0) of customerID and
// integrationID: valid and in canonical form, as the Service hands it to
// a Store (Version 1), with every field set and an ID derived from i.
// Times are UTC, truncated to microseconds.
func NewInstance(i int, customerID, integrationID ulid.ULID) *instance.Instance {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	var entropy [10]byte
	entropy[0] = 0x15
	binary.BigEndian.PutUint64(entropy[2:], uint64(i))
	return &instance.Instance{
		ID:             ulid.MustNew(ulid.Timestamp(created), bytes.NewReader(entropy[:])),
		CustomerID:     customerID,
		IntegrationID:  integrationID,
		Name:           fmt.Sprintf("Sälesforce sync %d", i),
		VersionNumber:  1 + i%3,
		Values:         map[string]string{"api_url": "https://api.example.com", "payload": `{"a":[1,2]}`},
		PrivateValues:  map[string]string{"tenant": "acme-ü"},
		Enabled:        i%2 == 0,
		ConfigComplete: i%5 != 4,
		NeedsDeploy:    i%3 == 1,
		LastDeployedAt: created.Add(time.Hour),
		DeployCount:    1 + i%4,
		Version:        1,
		CreatedAt:      created,
		UpdatedAt:      created.Add(time.Hour),
	}
}

// instanceWorld is the customers and integrations an instance test needs.
type instanceWorld struct {
	customers    []*customer.Customer
	integrations []*marketplace.Integration
}

// seedInstanceWorld stores n customers and m integrations; the first
// integration is listed.
func seedInstanceWorld(t testing.TB, s InstanceStore, n, m int) instanceWorld {
	t.Helper()
	var w instanceWorld
	for k := range n {
		c := NewCustomer(700 + k)
		create(t, s, c)
		w.customers = append(w.customers, c)
	}
	for k := range m {
		in := NewIntegration(700 + k)
		createIntegrations(t, s, in)
		w.integrations = append(w.integrations, in)
	}
	if m > 0 {
		require.NoError(t, s.CreateListing(t.Context(), newListing(w.integrations[0].ID, Epoch)))
	}
	return w
}

func createInstances(t testing.TB, s instance.Store, is ...*instance.Instance) {
	t.Helper()
	for _, i := range is {
		require.NoError(t, s.CreateInstance(t.Context(), i, nil), "create instance %s", i.Name)
	}
}

func requireInstance(t testing.TB, want, got *instance.Instance, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	requireSameTimes(t, want.CreatedAt, got.CreatedAt, want.UpdatedAt, got.UpdatedAt)
	if want.LastDeployedAt.IsZero() {
		require.True(t, got.LastDeployedAt.IsZero(), msgAndArgs...)
	} else {
		requireSameTimes(t, want.LastDeployedAt, got.LastDeployedAt)
	}
	require.Equal(t, instanceForCompare(want), instanceForCompare(got), msgAndArgs...)
}

func instanceForCompare(i *instance.Instance) *instance.Instance {
	d := i.Clone()
	d.CreatedAt, d.UpdatedAt, d.LastDeployedAt = time.Time{}, time.Time{}, time.Time{}
	if len(d.Values) == 0 {
		d.Values = nil
	}
	if len(d.PrivateValues) == 0 {
		d.PrivateValues = nil
	}
	if len(d.Refs) == 0 {
		d.Refs = nil
	}
	if len(d.PrivateRefs) == 0 {
		d.PrivateRefs = nil
	}
	return d
}

func instanceIDs(is []*instance.Instance) []string {
	out := make([]string, len(is))
	for k, i := range is {
		out[k] = i.ID.String()
	}
	return out
}

func testInstanceCreateAndGet(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 1, 1)
	a := NewInstance(1, w.customers[0].ULID, w.integrations[0].ID)
	b := NewInstance(2, w.customers[0].ULID, w.integrations[0].ID)
	b.Values, b.PrivateValues, b.LastDeployedAt, b.DeployCount = nil, nil, time.Time{}, 0
	createInstances(t, s, a, b)
	for _, want := range []*instance.Instance{a, b} {
		got, err := s.GetInstance(t.Context(), want.ID)
		require.NoError(t, err)
		requireInstance(t, want, got)
	}
	err := s.CreateInstance(t.Context(), NewInstance(1, w.customers[0].ULID, w.integrations[0].ID), nil)
	requireAlreadyExistsOf(t, err, "instance", "id")

	// An unknown customer or integration: ErrNotFound, and check never runs.
	called := false
	check := func(*instance.Snapshot) error { called = true; return nil }
	err = s.CreateInstance(t.Context(), NewInstance(3, ulid.Make(), w.integrations[0].ID), check)
	requireNotFound(t, err)
	err = s.CreateInstance(t.Context(), NewInstance(3, w.customers[0].ULID, ulid.Make()), check)
	requireNotFound(t, err)
	require.False(t, called)
}

func testInstanceCreateSnapshot(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 2, 2)
	c0, c1 := w.customers[0], w.customers[1]
	listed, unlisted := w.integrations[0], w.integrations[1]
	mine := []*instance.Instance{NewInstance(1, c0.ULID, listed.ID), NewInstance(2, c0.ULID, unlisted.ID)}
	createInstances(t, s, mine...)
	createInstances(t, s, NewInstance(3, c1.ULID, listed.ID))

	var snap *instance.Snapshot
	next := NewInstance(4, c0.ULID, listed.ID)
	require.NoError(t, s.CreateInstance(t.Context(), next, func(sn *instance.Snapshot) error { snap = sn; return nil }))
	require.NotNil(t, snap)
	requireCustomer(t, c0, snap.Customer)
	require.NotNil(t, snap.Listing)
	require.Equal(t, listed.ID, snap.Listing.IntegrationID)
	require.Equal(t, instanceIDs(mine), instanceIDs(snap.Instances), "the customer's instances, by ID, without the new one")
	require.Equal(t, 1, snap.Count(listed.ID))

	require.NoError(t, s.CreateInstance(t.Context(), NewInstance(5, c1.ULID, unlisted.ID), func(sn *instance.Snapshot) error {
		require.Nil(t, sn.Listing, "an unlisted integration has no listing")
		require.Len(t, sn.Instances, 1)
		return nil
	}))

	// The check's error comes back as is; nothing is written.
	boom := errors.New("boom")
	refused := NewInstance(6, c0.ULID, listed.ID)
	err := s.CreateInstance(t.Context(), refused, func(*instance.Snapshot) error { return boom })
	require.Equal(t, boom, err)
	_, err = s.GetInstance(t.Context(), refused.ID)
	requireNotFound(t, err)
}

func testInstanceConcurrentActivation(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 1, 1)
	c, in := w.customers[0], w.integrations[0]
	errAlready := errors.New("already activated")
	var wg sync.WaitGroup
	errs := make([]error, activators)
	for k := range activators {
		wg.Go(func() {
			errs[k] = s.CreateInstance(context.Background(), NewInstance(100+k, c.ULID, in.ID), func(sn *instance.Snapshot) error {
				if sn.Count(in.ID) > 0 {
					return errAlready
				}
				return nil
			})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		require.Equal(t, errAlready, err)
	}
	require.Equal(t, 1, won, "exactly one activation wins")
	_, is, err := s.CustomerInstances(t.Context(), c.ULID)
	require.NoError(t, err)
	require.Len(t, is, 1)
}

func testInstanceUpdate(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 1, 2)
	i := NewInstance(1, w.customers[0].ULID, w.integrations[0].ID)
	createInstances(t, s, i)
	got, err := s.UpdateInstance(t.Context(), i.ID, func(u *instance.Instance, c *customer.Customer) error {
		requireInstance(t, i, u)
		requireCustomer(t, w.customers[0], c)
		u.Name = "renamed"
		u.Values["mode"] = "fast"
		u.DeployCount++
		// Immutable fields are kept whatever the updater does.
		u.ID, u.CustomerID, u.IntegrationID, u.CreatedAt = ulid.Make(), ulid.Make(), w.integrations[1].ID, time.Now()
		return nil
	})
	require.NoError(t, err)
	want := i.Clone()
	want.Name, want.Values["mode"], want.DeployCount, want.Version = "renamed", "fast", i.DeployCount+1, 2
	requireInstance(t, want, got)
	stored, err := s.GetInstance(t.Context(), i.ID)
	require.NoError(t, err)
	requireInstance(t, want, stored)

	boom := errors.New("boom")
	_, err = s.UpdateInstance(t.Context(), i.ID, func(u *instance.Instance, _ *customer.Customer) error {
		u.Name = "lost"
		return boom
	})
	require.Equal(t, boom, err)
	stored, err = s.GetInstance(t.Context(), i.ID)
	require.NoError(t, err)
	requireInstance(t, want, stored)
}

func testInstanceConcurrentUpdate(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 1, 1)
	i := NewInstance(1, w.customers[0].ULID, w.integrations[0].ID)
	i.DeployCount = 0
	createInstances(t, s, i)
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for k := range errs {
		wg.Go(func() {
			_, errs[k] = s.UpdateInstance(context.Background(), i.ID, func(u *instance.Instance, _ *customer.Customer) error {
				u.DeployCount++
				u.Values[fmt.Sprintf("k%d", k)] = "v"
				return nil
			})
		})
	}
	wg.Wait()
	require.NoError(t, errors.Join(errs...))
	got, err := s.GetInstance(t.Context(), i.ID)
	require.NoError(t, err)
	require.Equal(t, 50, got.DeployCount, "no update is lost")
	require.Len(t, got.Values, 52)
	require.Equal(t, int64(51), got.Version)
}

func testInstanceDelete(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 1, 1)
	i := NewInstance(1, w.customers[0].ULID, w.integrations[0].ID)
	createInstances(t, s, i)
	boom := errors.New("boom")
	err := s.DeleteInstance(t.Context(), i.ID, func(d *instance.Instance, c *customer.Customer) error {
		requireInstance(t, i, d)
		requireCustomer(t, w.customers[0], c)
		return boom
	})
	require.Equal(t, boom, err)
	_, err = s.GetInstance(t.Context(), i.ID)
	require.NoError(t, err, "a refused delete deletes nothing")
	require.NoError(t, s.DeleteInstance(t.Context(), i.ID, func(*instance.Instance, *customer.Customer) error { return nil }))
	_, err = s.GetInstance(t.Context(), i.ID)
	requireNotFound(t, err)
	// Its ID is free again.
	createInstances(t, s, NewInstance(1, w.customers[0].ULID, w.integrations[0].ID))
	require.NoError(t, s.DeleteInstance(t.Context(), i.ID, nil))
}

func testCustomerInstances(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 3, 2)
	var mine []*instance.Instance
	for k := range 9 {
		i := NewInstance(k, w.customers[k%2].ULID, w.integrations[k%2].ID)
		createInstances(t, s, i)
		if k%2 == 0 {
			mine = append(mine, i)
		}
	}
	c, is, err := s.CustomerInstances(t.Context(), w.customers[0].ULID)
	require.NoError(t, err)
	requireCustomer(t, w.customers[0], c)
	require.Equal(t, instanceIDs(mine), instanceIDs(is))
	for k := range is {
		requireInstance(t, mine[k], is[k])
	}
	c, is, err = s.CustomerInstances(t.Context(), w.customers[2].ULID)
	require.NoError(t, err)
	require.Equal(t, w.customers[2].ULID, c.ULID)
	require.Empty(t, is)
	_, _, err = s.CustomerInstances(t.Context(), ulid.Make())
	requireNotFound(t, err)
}

// instanceListWorld stores 3 customers (the last inactive) with 24
// instances of 2 integrations, and returns them by ID.
func instanceListWorld(t testing.TB, s InstanceStore) (instanceWorld, []*instance.Instance) {
	w := seedInstanceWorld(t, s, 3, 2)
	_, err := s.UpdateCustomer(t.Context(), w.customers[2].ULID, func(c *customer.Customer) error {
		c.Status = customer.StatusInactive
		return nil
	})
	require.NoError(t, err)
	w.customers[2].Status = customer.StatusInactive
	var all []*instance.Instance
	for k := range 24 {
		i := NewInstance(k, w.customers[k%3].ULID, w.integrations[(k/3)%2].ID)
		createInstances(t, s, i)
		all = append(all, i)
	}
	return w, all
}

func walkInstances(t testing.TB, s instance.Store, q *instance.Query) []*instance.Instance {
	t.Helper()
	var out []*instance.Instance
	var after customerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 100, "too many pages")
		page, err := s.ListInstances(t.Context(), q, after)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), q.Limit)
		out = append(out, page.Items...)
		if page.Next.IsZero() {
			return out
		}
		require.NotEmpty(t, page.Items, "a page before the last is not empty")
		after = page.Next
	}
}

func testInstanceList(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w, all := instanceListWorld(t, s)
	status := map[ulid.ULID]customer.Status{}
	for _, c := range w.customers {
		status[c.ULID] = c.Status
	}
	queries := []instance.Query{
		{},
		{CustomerID: w.customers[0].ULID},
		{IntegrationID: w.integrations[1].ID},
		{CustomerID: w.customers[1].ULID, IntegrationID: w.integrations[0].ID},
		{States: []instance.State{instance.StateInactive}},
		{States: []instance.State{instance.StateActive, instance.StatePaused}},
		{CustomerID: w.customers[0].ULID, States: []instance.State{instance.StateUnconfigured, instance.StatePendingChanges}},
		{CustomerID: w.customers[2].ULID, States: []instance.State{instance.StateActive}},
		{CustomerID: ulid.Make()},
	}
	for k, q := range queries {
		for _, limit := range []int{1, 2, 5, 100} {
			q.Limit = limit
			n, err := q.Normalize()
			require.NoError(t, err)
			var want []*instance.Instance
			for _, i := range all {
				if n.Match(i, status[i.CustomerID]) {
					want = append(want, i)
				}
			}
			got := walkInstances(t, s, n)
			require.Equal(t, instanceIDs(want), instanceIDs(got), "query %d, limit %d", k, limit)
		}
	}
	// The state follows the customer's current status.
	_, err := s.UpdateCustomer(t.Context(), w.customers[2].ULID, func(c *customer.Customer) error {
		c.Status = customer.StatusActive
		return nil
	})
	require.NoError(t, err)
	got := walkInstances(t, s, &instance.Query{States: []instance.State{instance.StateInactive}, Limit: 50})
	require.Empty(t, got)
}

func testInstanceListPaging(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w, all := instanceListWorld(t, s)
	q := &instance.Query{Limit: 5}
	first, err := s.ListInstances(t.Context(), q, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, first.Items, 5)
	// Delete the cursor's own instance and add one before and one after
	// it: the next page goes on where the first stopped.
	require.NoError(t, s.DeleteInstance(t.Context(), first.Items[4].ID, nil))
	early := NewInstance(50, w.customers[0].ULID, w.integrations[0].ID)
	early.ID = ulid.MustNew(0, bytes.NewReader(make([]byte, 10)))
	late := NewInstance(99, w.customers[0].ULID, w.integrations[0].ID)
	createInstances(t, s, early, late)
	var rest []*instance.Instance
	after := first.Next
	for !after.IsZero() {
		page, err := s.ListInstances(t.Context(), q, after)
		require.NoError(t, err)
		rest = append(rest, page.Items...)
		after = page.Next
	}
	want := append(append([]*instance.Instance(nil), all[5:]...), late)
	require.Equal(t, instanceIDs(want), instanceIDs(rest))

	for _, bad := range []customerkit.Cursor{customerkit.NewCursor([]byte("garbage")), customerkit.NewCursor(first.Next.Bytes()[:len(first.Next.Bytes())-1])} {
		_, err := s.ListInstances(t.Context(), q, bad)
		require.ErrorIs(t, err, customerkit.ErrInvalid)
	}
}

func testInstanceNotFound(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	id := ulid.Make()
	_, err := s.GetInstance(t.Context(), id)
	requireNotFound(t, err)
	called := false
	_, err = s.UpdateInstance(t.Context(), id, func(*instance.Instance, *customer.Customer) error { called = true; return nil })
	requireNotFound(t, err)
	err = s.DeleteInstance(t.Context(), id, func(*instance.Instance, *customer.Customer) error { called = true; return nil })
	requireNotFound(t, err)
	require.False(t, called, "callbacks never run for a missing instance")
}

func testInstanceIsolation(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 1, 1)
	i := NewInstance(1, w.customers[0].ULID, w.integrations[0].ID)
	want := i.Clone()
	createInstances(t, s, i)
	mutate := func(x *instance.Instance) {
		x.Name = "changed"
		x.Values["api_url"] = "changed"
		x.PrivateValues["tenant"] = "changed"
		x.Values["new"] = "x"
	}
	mutate(i)
	got, err := s.GetInstance(t.Context(), want.ID)
	require.NoError(t, err)
	mutate(got)
	_, err = s.UpdateInstance(t.Context(), want.ID, func(u *instance.Instance, c *customer.Customer) error {
		c.Name = "changed"
		mutate(u)
		return errors.New("refused")
	})
	require.Error(t, err)
	page, err := s.ListInstances(t.Context(), &instance.Query{Limit: 10}, customerkit.Cursor{})
	require.NoError(t, err)
	mutate(page.Items[0])
	c, is, err := s.CustomerInstances(t.Context(), want.CustomerID)
	require.NoError(t, err)
	c.Name = "changed"
	mutate(is[0])
	require.NoError(t, s.CreateInstance(t.Context(), NewInstance(2, want.CustomerID, want.IntegrationID), func(sn *instance.Snapshot) error {
		mutate(sn.Instances[0])
		sn.Customer.Name = "changed"
		sn.Listing.OrgValues["tenant"] = "changed"
		return nil
	}))
	got, err = s.GetInstance(t.Context(), want.ID)
	require.NoError(t, err)
	requireInstance(t, want, got)
	requireCustomer(t, w.customers[0], get(t, s, w.customers[0]))
	l, err := s.GetListing(t.Context(), want.IntegrationID)
	require.NoError(t, err)
	require.Equal(t, "acme", l.OrgValues["tenant"])
}

func testInstanceContextCanceled(t *testing.T, newStore func(t *testing.T) InstanceStore) {
	s := newStore(t)
	w := seedInstanceWorld(t, s, 1, 1)
	i := NewInstance(1, w.customers[0].ULID, w.integrations[0].ID)
	createInstances(t, s, i)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, s.CreateInstance(ctx, NewInstance(2, i.CustomerID, i.IntegrationID), nil), context.Canceled)
	_, err := s.GetInstance(ctx, i.ID)
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.UpdateInstance(ctx, i.ID, func(u *instance.Instance, _ *customer.Customer) error { u.Name = "x"; return nil })
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, s.DeleteInstance(ctx, i.ID, nil), context.Canceled)
	_, err = s.ListInstances(ctx, &instance.Query{Limit: 10}, customerkit.Cursor{})
	require.ErrorIs(t, err, context.Canceled)
	_, _, err = s.CustomerInstances(ctx, i.CustomerID)
	require.ErrorIs(t, err, context.Canceled)
	got, err := s.GetInstance(t.Context(), i.ID)
	require.NoError(t, err)
	requireInstance(t, i, got)
	_, is, err := s.CustomerInstances(t.Context(), i.CustomerID)
	require.NoError(t, err)
	require.Len(t, is, 1, "nothing was written")
}
