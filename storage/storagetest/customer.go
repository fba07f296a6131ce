package storagetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/metadata"
)

// errRefused is the error the suite's updaters and checks return; a store
// must hand it back as is.
var errRefused = errors.New("storagetest: refused by the callback")

// concurrency is how many goroutines the concurrency tests run at once.
const concurrency = 50

func testCreateAndGet(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	full1, full2 := NewCustomer(1), NewCustomer(2)
	// Hostname and ExternalID are unique only when set: two customers
	// without them do not collide.
	bare3, bare4 := NewCustomer(3), NewCustomer(4)
	for _, c := range []*customer.Customer{bare3, bare4} {
		c.Hostname, c.ExternalID = "", ""
	}
	all := []*customer.Customer{full1, full2, bare3, bare4}
	create(t, s, all...)

	for _, c := range all {
		for _, by := range customer.Lookups() {
			value := lookupValue(c, by)
			if value == "" {
				continue
			}
			got, err := s.GetCustomer(t.Context(), by, value)
			require.NoError(t, err, "get by %s %q", by, value)
			requireCustomer(t, c, got, "get by %s %q", by, value)
		}
	}
}

func testNotFound(t *testing.T, newStore func(t *testing.T) customer.Store) {
	stored, absent := NewCustomer(1), NewCustomer(2)
	noUnique := NewCustomer(3)
	noUnique.Hostname, noUnique.ExternalID = "", ""

	t.Run("EmptyStore", func(t *testing.T) {
		s := newStore(t)
		for _, by := range customer.Lookups() {
			_, err := s.GetCustomer(t.Context(), by, lookupValue(absent, by))
			requireNotFound(t, err, "get by %s", by)
		}
	})
	t.Run("GetEveryLookup", func(t *testing.T) {
		s := newStore(t)
		create(t, s, stored, noUnique)
		for _, by := range customer.Lookups() {
			_, err := s.GetCustomer(t.Context(), by, lookupValue(absent, by))
			requireNotFound(t, err, "get by %s", by)
		}
	})
	t.Run("EmptyValue", func(t *testing.T) {
		s := newStore(t)
		create(t, s, stored, noUnique)
		for _, by := range customer.Lookups() {
			_, err := s.GetCustomer(t.Context(), by, "")
			requireNotFound(t, err, "get by %s \"\"", by)
		}
	})
	t.Run("Update", func(t *testing.T) {
		s := newStore(t)
		create(t, s, stored)
		called := false
		got, err := s.UpdateCustomer(t.Context(), absent.ULID, func(*customer.Customer) error {
			called = true
			return nil
		})
		requireNotFound(t, err)
		require.Nil(t, got)
		require.False(t, called, "update was called for a missing customer")
		_, err = s.GetCustomer(t.Context(), customer.ByULID, absent.ULID.String())
		requireNotFound(t, err, "the update created the customer")
	})
	t.Run("Delete", func(t *testing.T) {
		s := newStore(t)
		create(t, s, stored)
		called := false
		err := s.DeleteCustomer(t.Context(), absent.ULID, func(*customer.Customer, customer.Dependents) error {
			called = true
			return nil
		})
		requireNotFound(t, err)
		require.False(t, called, "check was called for a missing customer")
		requireCustomer(t, stored, get(t, s, stored))
	})
}

func testUniqueOnCreate(t *testing.T, newStore func(t *testing.T) customer.Store) {
	for _, f := range uniqueFields {
		t.Run(f.field, func(t *testing.T) {
			s := newStore(t)
			first := NewCustomer(1)
			create(t, s, first)
			dup := NewCustomer(2)
			f.take(dup, first)
			requireAlreadyExists(t, s.CreateCustomer(t.Context(), dup), f.field)

			// Nothing of dup was stored.
			for _, by := range customer.Lookups() {
				if by == f.by {
					continue
				}
				_, err := s.GetCustomer(t.Context(), by, lookupValue(dup, by))
				requireNotFound(t, err, "the refused customer is found by %s", by)
			}
			requireCustomer(t, first, get(t, s, first))
		})
	}
}

func testUniqueEmailIgnoresCase(t *testing.T, newStore func(t *testing.T) customer.Store) {
	tests := []struct {
		name          string
		stored, again string
	}{
		{"ASCII", "billing.1@example.com", "Billing.1@example.com"},
		{"ASCIIUpper", "Ana.Silva@example.com", "ANA.SILVA@example.com"},
		{"Latin", "jürgen.müller@example.de", "JÜRGEN.MÜLLER@example.de"},
		{"Greek", "σοφία@example.gr", "ΣΟΦΊΑ@example.gr"},
		{"SharpS", "straße@example.de", "STRASSE@example.de"},
		{"Cyrillic", "Ольга@example.ru", "ольга@example.ru"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, customer.EmailKey(tt.stored), customer.EmailKey(tt.again), "test case: the keys differ")
			s := newStore(t)
			first := NewCustomer(1)
			first.Email = tt.stored
			create(t, s, first)

			got, err := s.GetCustomer(t.Context(), customer.ByEmail, customer.EmailKey(tt.again))
			require.NoError(t, err)
			requireCustomer(t, first, got)
			require.Equal(t, tt.stored, got.Email, "the email keeps the case it was stored with")

			dup := NewCustomer(2)
			dup.Email = tt.again
			requireAlreadyExists(t, s.CreateCustomer(t.Context(), dup), "email")
			third := NewCustomer(3)
			create(t, s, third)
			_, err = s.UpdateCustomer(t.Context(), third.ULID, func(c *customer.Customer) error {
				c.Email = tt.again
				return nil
			})
			requireAlreadyExists(t, err, "email")
			requireCustomer(t, third, get(t, s, third))
		})
	}
	t.Run("DifferentAddresses", func(t *testing.T) {
		s := newStore(t)
		a, b := NewCustomer(1), NewCustomer(2)
		a.Email, b.Email = "ana@example.com", "ana@example.org"
		create(t, s, a, b)
	})
}

func testUniqueOnUpdate(t *testing.T, newStore func(t *testing.T) customer.Store) {
	for _, f := range uniqueFields {
		if f.field == "ulid" {
			continue // an update never changes the ULID
		}
		t.Run(f.field, func(t *testing.T) {
			s := newStore(t)
			a, b := NewCustomer(1), NewCustomer(2)
			create(t, s, a, b)
			got, err := s.UpdateCustomer(t.Context(), b.ULID, func(c *customer.Customer) error {
				f.take(c, a)
				c.Name = "Changed"
				return nil
			})
			requireAlreadyExists(t, err, f.field)
			require.Nil(t, got)
			requireCustomer(t, b, get(t, s, b), "the refused update was written")
			requireCustomer(t, a, get(t, s, a))
		})
	}
	t.Run("EmailIgnoresCase", func(t *testing.T) {
		s := newStore(t)
		a, b := NewCustomer(1), NewCustomer(2)
		create(t, s, a, b)
		_, err := s.UpdateCustomer(t.Context(), b.ULID, func(c *customer.Customer) error {
			c.Email = strings.ToUpper(a.Email[:1]) + a.Email[1:]
			return nil
		})
		requireAlreadyExists(t, err, "email")
		requireCustomer(t, b, get(t, s, b))
	})
	t.Run("OwnValues", func(t *testing.T) {
		// An update that keeps the customer's own unique values, or changes
		// the case of its own email, breaks no rule.
		s := newStore(t)
		a := NewCustomer(1)
		create(t, s, a, NewCustomer(2))
		got, err := s.UpdateCustomer(t.Context(), a.ULID, func(c *customer.Customer) error {
			c.Name = "Renamed GmbH"
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, "Renamed GmbH", got.Name)
		upper := strings.ToUpper(a.Email[:1]) + a.Email[1:]
		got, err = s.UpdateCustomer(t.Context(), a.ULID, func(c *customer.Customer) error {
			c.Email = upper
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, upper, got.Email)
		byEmail, err := s.GetCustomer(t.Context(), customer.ByEmail, customer.EmailKey(a.Email))
		require.NoError(t, err)
		require.Equal(t, a.ULID, byEmail.ULID)
	})
	t.Run("FreedValues", func(t *testing.T) {
		// Values a customer gives up are free for another one at once, and
		// its old values no longer find it.
		s := newStore(t)
		a, b, fresh := NewCustomer(1), NewCustomer(2), NewCustomer(3)
		create(t, s, a, b)
		movedA, err := s.UpdateCustomer(t.Context(), a.ULID, func(c *customer.Customer) error {
			for _, f := range uniqueFields[1:] {
				f.take(c, fresh)
			}
			return nil
		})
		require.NoError(t, err)
		movedB, err := s.UpdateCustomer(t.Context(), b.ULID, func(c *customer.Customer) error {
			for _, f := range uniqueFields[1:] {
				f.take(c, a)
			}
			return nil
		})
		require.NoError(t, err)
		for _, f := range uniqueFields[1:] {
			got, err := s.GetCustomer(t.Context(), f.by, lookupValue(a, f.by))
			require.NoError(t, err, "get by %s", f.by)
			requireCustomer(t, movedB, got, "get by the old %s of a", f.field)
			got, err = s.GetCustomer(t.Context(), f.by, lookupValue(fresh, f.by))
			require.NoError(t, err, "get by %s", f.by)
			requireCustomer(t, movedA, got, "get by the new %s of a", f.field)
			_, err = s.GetCustomer(t.Context(), f.by, lookupValue(b, f.by))
			requireNotFound(t, err, "get by the old %s of b", f.field)
		}
		// b's old values are free again.
		again := NewCustomer(2)
		again.ULID = NewCustomer(4).ULID
		create(t, s, again)
	})
}

func testConcurrentCreateRace(t *testing.T, newStore func(t *testing.T) customer.Store) {
	for _, f := range uniqueFields {
		t.Run(f.field, func(t *testing.T) {
			s := newStore(t)
			shared := NewCustomer(9999)
			errs := make([]error, concurrency)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for g := range concurrency {
				c := NewCustomer(100 + g)
				f.take(c, shared)
				if f.field == "email" && g%2 == 1 {
					c.Email = strings.ToUpper(c.Email[:1]) + c.Email[1:] // same EmailKey
				}
				wg.Go(func() {
					<-start
					errs[g] = s.CreateCustomer(t.Context(), c)
				})
			}
			close(start)
			wg.Wait()

			winners := 0
			for g, err := range errs {
				if err == nil {
					winners++
					continue
				}
				requireAlreadyExists(t, err, f.field, "creator %d", g)
			}
			require.Equal(t, 1, winners, "creators that won")
			_, err := s.GetCustomer(t.Context(), f.by, lookupValue(shared, f.by))
			require.NoError(t, err)
			page, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{Limit: customer.MaxLimit}), customerkit.Cursor{})
			require.NoError(t, err)
			require.Len(t, page.Items, 1, "customers stored")
		})
	}
}

func testConcurrentCreateDistinct(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	want := make([]*customer.Customer, concurrency)
	errs := make([]error, concurrency)
	var wg sync.WaitGroup
	for g := range concurrency {
		want[g] = NewCustomer(g)
		c := want[g].Clone()
		wg.Go(func() { errs[g] = s.CreateCustomer(t.Context(), c) })
	}
	wg.Wait()
	for g, err := range errs {
		require.NoError(t, err, "creator %d", g)
	}
	q := normalize(t, customer.Query{Limit: customer.MaxLimit})
	page, err := s.ListCustomers(t.Context(), q, customerkit.Cursor{})
	require.NoError(t, err)
	require.Equal(t, ids(expected(q, want)), ids(page.Items))
}

func testConcurrentUpdateRace(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// Customers race to take the same unique value by update: exactly one
	// wins.
	for _, f := range uniqueFields[1:] {
		t.Run(f.field, func(t *testing.T) {
			s := newStore(t)
			shared := NewCustomer(9999)
			racers := make([]*customer.Customer, concurrency)
			for g := range racers {
				racers[g] = NewCustomer(100 + g)
			}
			create(t, s, racers...)
			errs := make([]error, concurrency)
			start := make(chan struct{})
			var wg sync.WaitGroup
			for g, c := range racers {
				wg.Go(func() {
					<-start
					_, errs[g] = s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
						f.take(x, shared)
						return nil
					})
				})
			}
			close(start)
			wg.Wait()
			winner := -1
			for g, err := range errs {
				if err == nil {
					require.Equal(t, -1, winner, "updaters %d and %d both won", winner, g)
					winner = g
					continue
				}
				requireAlreadyExists(t, err, f.field, "updater %d", g)
			}
			require.NotEqual(t, -1, winner, "no updater won")
			got, err := s.GetCustomer(t.Context(), f.by, lookupValue(shared, f.by))
			require.NoError(t, err)
			require.Equal(t, racers[winner].ULID, got.ULID)
			require.Equal(t, int64(2), got.Version)
			for g, c := range racers {
				if g != winner {
					requireCustomer(t, c, get(t, s, c), "updater %d lost, yet its customer changed", g)
				}
			}
		})
	}
}

func testConcurrentParentRace(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// A child is created, and another customer moved, under a parent while
	// the parent is deleted: either the delete wins and both writes find no
	// parent, or a write wins and the delete finds a child. No customer is
	// ever left naming a parent that is gone.
	s := newStore(t)
	keep := func(*customer.Customer, customer.Dependents) error { return nil }
	const rounds = 20
	for r := range rounds {
		parent, child, mover := NewCustomer(3*r), NewCustomer(3*r+1), NewCustomer(3*r+2)
		create(t, s, parent, mover)
		child.ParentID = parent.ULID
		var createErr, moveErr, deleteErr error
		start := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			<-start
			createErr = s.CreateCustomer(t.Context(), child)
		})
		wg.Go(func() {
			<-start
			_, moveErr = s.UpdateCustomer(t.Context(), mover.ULID, func(x *customer.Customer) error {
				x.ParentID = parent.ULID
				return nil
			})
		})
		wg.Go(func() {
			<-start
			deleteErr = s.DeleteCustomer(t.Context(), parent.ULID, keep)
		})
		close(start)
		wg.Wait()

		if deleteErr == nil {
			requireNotFound(t, createErr, "round %d: the child was created under a deleted parent", r)
			requireNotFound(t, moveErr, "round %d: a customer was moved under a deleted parent", r)
			continue
		}
		// The parent was never deleted, so both writes found it.
		require.ErrorIs(t, deleteErr, customerkit.ErrFailedPrecondition, "round %d", r)
		require.NoError(t, createErr, "round %d", r)
		require.NoError(t, moveErr, "round %d", r)
		requireCustomer(t, parent, get(t, s, parent))
		require.Equal(t, parent.ULID, get(t, s, child).ParentID)
		require.Equal(t, parent.ULID, get(t, s, mover).ParentID)
	}
}

// setParent makes parent the parent of c through UpdateCustomer.
func setParent(t testing.TB, s customer.Store, c, parent ulid.ULID) error {
	t.Helper()
	_, err := s.UpdateCustomer(t.Context(), c, func(x *customer.Customer) error {
		x.ParentID = parent
		return nil
	})
	return err
}

func testParentCycle(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// a ← b ← c: a cannot move under itself, under b or under c; c can
	// move to the top and under a again.
	s := newStore(t)
	a, b, c := NewCustomer(1), NewCustomer(2), NewCustomer(3)
	create(t, s, a, b, c)
	require.NoError(t, setParent(t, s, b.ULID, a.ULID))
	require.NoError(t, setParent(t, s, c.ULID, b.ULID))
	for _, p := range []*customer.Customer{a, b, c} {
		err := setParent(t, s, a.ULID, p.ULID)
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "a under %s", p.Email)
		require.True(t, get(t, s, a).ParentID.IsZero(), "a refused move writes nothing")
	}
	require.ErrorIs(t, setParent(t, s, b.ULID, c.ULID), customerkit.ErrFailedPrecondition, "b under its child")
	require.Equal(t, a.ULID, get(t, s, b).ParentID)
	require.NoError(t, setParent(t, s, c.ULID, ulid.ULID{}), "to the top")
	require.NoError(t, setParent(t, s, c.ULID, a.ULID), "under its grandparent")
	// An update that keeps the parent is not a move.
	_, err := s.UpdateCustomer(t.Context(), b.ULID, func(x *customer.Customer) error {
		x.Description = "still under a"
		return nil
	})
	require.NoError(t, err)
}

func testConcurrentParentCycle(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// Two roots move under each other at once: each move alone is fine,
	// together they make a cycle. Exactly one succeeds, in every round.
	s := newStore(t)
	const rounds = 20
	for r := range rounds {
		a, b := NewCustomer(2*r), NewCustomer(2*r+1)
		create(t, s, a, b)
		var errA, errB error
		start := make(chan struct{})
		var wg sync.WaitGroup
		wg.Go(func() {
			<-start
			errA = setParent(t, s, a.ULID, b.ULID)
		})
		wg.Go(func() {
			<-start
			errB = setParent(t, s, b.ULID, a.ULID)
		})
		close(start)
		wg.Wait()
		require.True(t, (errA == nil) != (errB == nil), "round %d: exactly one move succeeds: %v / %v", r, errA, errB)
		for _, err := range []error{errA, errB} {
			if err != nil {
				require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, "round %d", r)
			}
		}
		pa, pb := get(t, s, a).ParentID, get(t, s, b).ParentID
		require.False(t, pa == b.ULID && pb == a.ULID, "round %d: a cycle was stored", r)
	}
}

func testUpdate(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	c, other := NewCustomer(1), NewCustomer(2)
	create(t, s, c, other)

	later := c.UpdatedAt.Add(90 * time.Minute)
	change := func(x *customer.Customer) {
		x.Name = "Renamed Holding SE"
		x.Status = customer.StatusSuspended
		x.Labels = append(x.Labels, "renamed")
		x.Metadata["plan"] = "enterprise"
		x.Addresses = x.Addresses[:1]
		x.UpdatedAt = later
	}
	var seen *customer.Customer
	got, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		seen = x.Clone()
		change(x)
		return nil
	})
	require.NoError(t, err)
	requireCustomer(t, c, seen, "update is called with the stored customer")

	want := c.Clone()
	change(want)
	want.Version = 2
	requireCustomer(t, want, got, "UpdateCustomer returns the stored customer")
	requireCustomer(t, want, get(t, s, c))
	requireCustomer(t, other, get(t, s, other), "another customer changed")

	got, err = s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		x.Description = "second update"
		return nil
	})
	require.NoError(t, err)
	want.Description = "second update"
	want.Version = 3
	requireCustomer(t, want, got)
	requireCustomer(t, want, get(t, s, c))

	// The list sees the new values.
	page, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{Name: "renamed holding", Order: customer.OrderName}), customerkit.Cursor{})
	require.NoError(t, err)
	require.Equal(t, ids([]*customer.Customer{want}), ids(page.Items))
}

func testUpdaterError(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)

	got, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		x.Name = "Changed"
		x.Email = "changed@example.com"
		x.Metadata["plan"] = "changed"
		return errRefused
	})
	require.Nil(t, got)
	require.True(t, err == errRefused, "the updater's error is returned as is, got %v", err) //nolint:errorlint // identity is the contract
	requireCustomer(t, c, get(t, s, c), "a refused update was written")
	_, err = s.GetCustomer(t.Context(), customer.ByEmail, "changed@example.com")
	requireNotFound(t, err)

	ve := &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: "status", Code: customerkit.CodeInvalid}}}
	_, err = s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		x.Status = customer.StatusTerminated
		return ve
	})
	var gotVE *customerkit.ValidationError
	require.True(t, errors.As(err, &gotVE))
	require.Same(t, ve, gotVE)
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	requireCustomer(t, c, get(t, s, c), "a refused update was written")
}

func testUpdateMustKeepULID(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// The contract says update must not change the ULID; a store refuses
	// the change rather than moving the customer.
	s := newStore(t)
	c, other := NewCustomer(1), NewCustomer(2)
	create(t, s, c)
	_, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
		x.ULID = other.ULID
		return nil
	})
	require.Error(t, err)
	requireCustomer(t, c, get(t, s, c))
	_, err = s.GetCustomer(t.Context(), customer.ByULID, other.ULID.String())
	requireNotFound(t, err)
}

func testConcurrentUpdate(t *testing.T, newStore func(t *testing.T) customer.Store) {
	// Each writer adds its own metadata key through the read-modify-write
	// of UpdateCustomer; no key may be lost.
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	key := func(g int) string { return fmt.Sprintf("writer_%02d", g) }

	results := make([]*customer.Customer, concurrency)
	errs := make([]error, concurrency)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for g := range concurrency {
		wg.Go(func() {
			<-start
			results[g], errs[g] = s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
				if x.Metadata == nil {
					x.Metadata = metadata.Metadata{}
				}
				x.Metadata[key(g)] = float64(g)
				return nil
			})
		})
	}
	close(start)
	wg.Wait()

	versions := map[int64]bool{}
	for g := range concurrency {
		require.NoError(t, errs[g], "writer %d", g)
		require.Equal(t, float64(g), results[g].Metadata[key(g)], "writer %d: the returned customer lacks its key", g)
		require.False(t, versions[results[g].Version], "two updates returned version %d", results[g].Version)
		versions[results[g].Version] = true
	}
	final := get(t, s, c)
	require.Equal(t, int64(1+concurrency), final.Version)
	for g := range concurrency {
		require.Equal(t, float64(g), final.Metadata[key(g)], "the key of writer %d was lost", g)
	}
	for k, v := range c.Metadata {
		require.Equal(t, v, final.Metadata[k], "metadata key %q", k)
	}
}

func testDelete(t *testing.T, newStore func(t *testing.T) customer.Store) {
	t.Run("Deletes", func(t *testing.T) {
		s := newStore(t)
		a, b := NewCustomer(1), NewCustomer(2)
		create(t, s, a, b)
		var seen *customer.Customer
		err := s.DeleteCustomer(t.Context(), a.ULID, func(x *customer.Customer, _ customer.Dependents) error {
			seen = x.Clone()
			return nil
		})
		require.NoError(t, err)
		requireCustomer(t, a, seen, "check is called with the stored customer")
		for _, by := range customer.Lookups() {
			_, err := s.GetCustomer(t.Context(), by, lookupValue(a, by))
			requireNotFound(t, err, "get the deleted customer by %s", by)
		}
		requireCustomer(t, b, get(t, s, b))
		requireNotFound(t, s.DeleteCustomer(t.Context(), a.ULID, func(*customer.Customer, customer.Dependents) error { return nil }), "delete twice")
		_, err = s.UpdateCustomer(t.Context(), a.ULID, func(*customer.Customer) error { return nil })
		requireNotFound(t, err, "update a deleted customer")

		// Every unique value of a is free again.
		create(t, s, a)
		requireCustomer(t, a, get(t, s, a))
		q := normalize(t, customer.Query{})
		page, err := s.ListCustomers(t.Context(), q, customerkit.Cursor{})
		require.NoError(t, err)
		require.Equal(t, ids(expected(q, []*customer.Customer{a, b})), ids(page.Items))
	})
	t.Run("CheckError", func(t *testing.T) {
		s := newStore(t)
		a := NewCustomer(1)
		create(t, s, a)
		err := s.DeleteCustomer(t.Context(), a.ULID, func(*customer.Customer, customer.Dependents) error { return errRefused })
		require.True(t, err == errRefused, "the check's error is returned as is, got %v", err) //nolint:errorlint // identity is the contract
		requireCustomer(t, a, get(t, s, a), "a refused delete changed the customer")
		page, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{}), customerkit.Cursor{})
		require.NoError(t, err)
		require.Len(t, page.Items, 1)
	})
}

func testParent(t *testing.T, newStore func(t *testing.T) customer.Store) {
	child := func(i int, parent *customer.Customer) *customer.Customer {
		c := NewCustomer(i)
		c.ParentID = parent.ULID
		return c
	}
	keep := func(*customer.Customer, customer.Dependents) error { return nil }

	t.Run("CreateUnknownParent", func(t *testing.T) {
		s := newStore(t)
		c := child(2, NewCustomer(1))
		requireNotFound(t, s.CreateCustomer(t.Context(), c))
		_, err := s.GetCustomer(t.Context(), customer.ByULID, c.ULID.String())
		requireNotFound(t, err, "a customer with an unknown parent was stored")
	})
	t.Run("CreateChild", func(t *testing.T) {
		s := newStore(t)
		p := NewCustomer(1)
		c := child(2, p)
		create(t, s, p, c, NewCustomer(3))
		requireCustomer(t, c, get(t, s, c))
		page, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{ParentID: p.ULID}), customerkit.Cursor{})
		require.NoError(t, err)
		require.Equal(t, ids([]*customer.Customer{c}), ids(page.Items))
	})
	t.Run("UpdateUnknownParent", func(t *testing.T) {
		s := newStore(t)
		p := NewCustomer(1)
		c := child(2, p)
		create(t, s, p, c)
		_, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
			x.ParentID = NewCustomer(9).ULID
			return nil
		})
		requireNotFound(t, err)
		requireCustomer(t, c, get(t, s, c), "a customer moved to an unknown parent")
	})
	t.Run("DeleteWithChildren", func(t *testing.T) {
		s := newStore(t)
		p := NewCustomer(1)
		c1, c2 := child(2, p), child(3, p)
		create(t, s, p, c1, c2)

		err := s.DeleteCustomer(t.Context(), p.ULID, keep)
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
		for _, c := range []*customer.Customer{p, c1, c2} {
			requireCustomer(t, c, get(t, s, c), "a refused delete removed %s", c.Name)
		}

		require.NoError(t, s.DeleteCustomer(t.Context(), c1.ULID, keep))
		require.ErrorIs(t, s.DeleteCustomer(t.Context(), p.ULID, keep), customerkit.ErrFailedPrecondition, "one child is left")

		_, err = s.UpdateCustomer(t.Context(), c2.ULID, func(x *customer.Customer) error {
			x.ParentID = ulid.ULID{}
			return nil
		})
		require.NoError(t, err)
		require.NoError(t, s.DeleteCustomer(t.Context(), p.ULID, keep), "no child is left")
		_, err = s.GetCustomer(t.Context(), customer.ByULID, p.ULID.String())
		requireNotFound(t, err)
	})
	t.Run("MoveChild", func(t *testing.T) {
		s := newStore(t)
		p1, p2 := NewCustomer(1), NewCustomer(2)
		c := child(3, p1)
		create(t, s, p1, p2, c)
		moved, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
			x.ParentID = p2.ULID
			return nil
		})
		require.NoError(t, err)
		require.Equal(t, p2.ULID, moved.ParentID)
		require.NoError(t, s.DeleteCustomer(t.Context(), p1.ULID, keep), "the old parent has no child left")
		require.ErrorIs(t, s.DeleteCustomer(t.Context(), p2.ULID, keep), customerkit.ErrFailedPrecondition)
	})
}

func testContextCanceled(t *testing.T, newStore func(t *testing.T) customer.Store) {
	s := newStore(t)
	c, absent := NewCustomer(1), NewCustomer(2)
	create(t, s, c)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()

	require.ErrorIs(t, s.CreateCustomer(ctx, absent), context.Canceled, "CreateCustomer")
	_, err := s.GetCustomer(t.Context(), customer.ByULID, absent.ULID.String())
	requireNotFound(t, err, "a create with a canceled context was written")

	for _, by := range customer.Lookups() {
		_, err := s.GetCustomer(ctx, by, lookupValue(c, by))
		require.ErrorIs(t, err, context.Canceled, "GetCustomer by %s", by)
	}

	_, err = s.UpdateCustomer(ctx, c.ULID, func(x *customer.Customer) error {
		x.Name = "Changed"
		return nil
	})
	require.ErrorIs(t, err, context.Canceled, "UpdateCustomer")

	err = s.DeleteCustomer(ctx, c.ULID, func(*customer.Customer, customer.Dependents) error { return nil })
	require.ErrorIs(t, err, context.Canceled, "DeleteCustomer")

	_, err = s.ListCustomers(ctx, normalize(t, customer.Query{}), customerkit.Cursor{})
	require.ErrorIs(t, err, context.Canceled, "ListCustomers")

	requireCustomer(t, c, get(t, s, c), "a write with a canceled context was written")
}

// mutate changes every mutable part of c in place: strings, slices'
// elements, maps and nested metadata values.
func mutate(c *customer.Customer) {
	c.Name = "Mutated"
	c.Version = 99
	if len(c.Labels) > 0 {
		c.Labels[0] = "mutated"
	}
	if len(c.AllowedOrigins) > 0 {
		c.AllowedOrigins[0] = "https://mutated.example"
	}
	if len(c.AllowedRegistrationDomains) > 0 {
		c.AllowedRegistrationDomains[0] = "mutated.example"
	}
	if c.Settings != nil {
		c.Settings["theme"] = "mutated"
		c.Settings["added"] = true
	}
	if c.Metadata != nil {
		c.Metadata["plan"] = "mutated"
		c.Metadata["added"] = "x"
		switch m := c.Metadata["limits"].(type) {
		case map[string]any:
			m["api"] = -1.0
		case metadata.Metadata:
			m["api"] = -1.0
		}
		if l, ok := c.Metadata["tags"].([]any); ok && len(l) > 0 {
			l[0] = "mutated"
		}
	}
	if len(c.Addresses) > 0 {
		c.Addresses[0].City = "Mutated"
	}
	if len(c.Telephones) > 0 {
		c.Telephones[0].Number = "+10000000000"
	}
	if len(c.LegalDocuments) > 0 {
		c.LegalDocuments[0].Value = "MUTATED"
	}
}

func testIsolation(t *testing.T, newStore func(t *testing.T) customer.Store) {
	t.Run("CreateInput", func(t *testing.T) {
		s := newStore(t)
		in := NewCustomer(1)
		create(t, s, in)
		mutate(in)
		requireCustomer(t, NewCustomer(1), get(t, s, in))
	})
	t.Run("GetResult", func(t *testing.T) {
		s := newStore(t)
		c := NewCustomer(1)
		create(t, s, c)
		for _, by := range customer.Lookups() {
			got, err := s.GetCustomer(t.Context(), by, lookupValue(c, by))
			require.NoError(t, err)
			mutate(got)
		}
		requireCustomer(t, c, get(t, s, c))
	})
	t.Run("UpdateCopyAndResult", func(t *testing.T) {
		s := newStore(t)
		c := NewCustomer(1)
		create(t, s, c)
		var kept *customer.Customer
		res, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
			kept = x
			x.Description = "updated"
			return nil
		})
		require.NoError(t, err)
		want := res.Clone()
		mutate(kept)
		mutate(res)
		requireCustomer(t, want, get(t, s, c))
	})
	t.Run("RefusedUpdateCopy", func(t *testing.T) {
		s := newStore(t)
		c := NewCustomer(1)
		create(t, s, c)
		_, err := s.UpdateCustomer(t.Context(), c.ULID, func(x *customer.Customer) error {
			mutate(x)
			return errRefused
		})
		require.ErrorIs(t, err, errRefused)
		requireCustomer(t, c, get(t, s, c))
	})
	t.Run("DeleteCheckCopy", func(t *testing.T) {
		s := newStore(t)
		c := NewCustomer(1)
		create(t, s, c)
		err := s.DeleteCustomer(t.Context(), c.ULID, func(x *customer.Customer, _ customer.Dependents) error {
			mutate(x)
			return errRefused
		})
		require.ErrorIs(t, err, errRefused)
		requireCustomer(t, c, get(t, s, c))
	})
	t.Run("ListResult", func(t *testing.T) {
		s := newStore(t)
		a, b := NewCustomer(1), NewCustomer(2)
		create(t, s, a, b)
		page, err := s.ListCustomers(t.Context(), normalize(t, customer.Query{}), customerkit.Cursor{})
		require.NoError(t, err)
		require.Len(t, page.Items, 2)
		for _, c := range page.Items {
			mutate(c)
		}
		requireCustomer(t, a, get(t, s, a))
		requireCustomer(t, b, get(t, s, b))
	})
}

func testRoundTrip(t *testing.T, newStore func(t *testing.T) customer.Store) {
	tests := []struct {
		name   string
		change func(c *customer.Customer)
	}{
		{"EveryField", func(*customer.Customer) {}},
		{"Delinquent", func(c *customer.Customer) { c.Delinquent = true }},
		{"Times", func(c *customer.Customer) {
			c.CreatedAt = time.Date(2024, time.February, 29, 23, 59, 59, 999_999_000, time.UTC)
			c.UpdatedAt = time.Date(2025, time.January, 1, 0, 0, 0, 1_000, time.UTC)
		}},
		{"Metadata", func(c *customer.Customer) {
			c.Metadata = metadata.Metadata{
				"plan":     "pro",
				"seats":    12.0,
				"ratio":    0.125,
				"negative": -3.5,
				"big":      1e15,
				"zero":     0.0,
				"on":       true,
				"off":      false,
				"empty":    "",
				"unicode":  "Grüße, 世界 👋",
				"quote":    `it's "quoted" \ and %_`,
				"limits":   map[string]any{"api": 100.0, "burst": 2.5, "enabled": true, "label": "x"},
				"tags":     []any{"a", "b"},
				"mixed":    []any{"x", 1.0, false},
			}
		}},
		{"Settings", func(c *customer.Customer) {
			c.Settings = customer.Settings{"theme": "dark", "digest": true, "retention_days": 30.0, "ratio": 0.25, "locale": "de-DE"}
		}},
		{"Unicode", func(c *customer.Customer) {
			c.Email = "jürgen.müller@example.de"
			c.FirstName, c.LastName = "Jürgen", "Müller"
			c.CompanyName = "株式会社 Ünïcødé 👋"
			c.Name = c.CompanyName
			c.Description = "line one\nline two\t'quoted' \"double\" \\ back"
		}},
		{"Minimal", func(c *customer.Customer) {
			c.ExternalID, c.TenantID, c.Prefix = "", "", ""
			c.CompanyName, c.Description, c.Hostname = "", "", ""
			c.Type = customer.TypePersonal
			c.Name = c.FirstName + " " + c.LastName
			c.Country, c.Currency, c.Language = "", "", ""
			c.Labels, c.AllowedOrigins, c.AllowedRegistrationDomains = nil, nil, nil
			c.Settings, c.Metadata = nil, nil
			c.Addresses, c.Telephones, c.LegalDocuments = nil, nil, nil
		}},
		{"LegalDocumentWithoutDate", func(c *customer.Customer) {
			c.LegalDocuments = []customer.LegalDocument{
				{Type: "eu_vat", Country: "DE", Value: "DE136695976"},
				{Type: "other", Value: "Contract 2024/17"},
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newStore(t)
			c := NewCustomer(1)
			tt.change(c)
			create(t, s, c)
			got := get(t, s, c)
			requireCustomer(t, c, got)
			for k, v := range c.Metadata {
				require.IsType(t, v, got.Metadata[k], "metadata[%q] changed type", k)
			}
			for k, v := range c.Settings {
				require.IsType(t, v, got.Settings[k], "settings[%q] changed type", k)
			}
		})
	}
}
