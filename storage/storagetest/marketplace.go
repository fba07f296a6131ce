package storagetest

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
)

// MarketplaceStore is what the marketplace section needs: marketplace.Store,
// and customer.Store to create the customers that integrations, allow-lists
// and customer values name.
type MarketplaceStore interface {
	customer.Store
	marketplace.Store
}

// marketplaceStores turns Run's factory into the section's: a store that
// does not implement marketplace.Store skips the section.
func marketplaceStores(newStore func(t *testing.T) customer.Store) func(t *testing.T) MarketplaceStore {
	return func(t *testing.T) MarketplaceStore {
		s, ok := newStore(t).(MarketplaceStore)
		if !ok {
			t.Skip("storagetest: the store does not implement marketplace.Store")
		}
		return s
	}
}

// publishers is how many goroutines publish versions of one integration at once.
const publishers = 20

// RunMarketplace runs the section of the suite that checks
// marketplace.Store: integrations (name uniqueness, also under concurrent
// creators), versions (numbering under 20 concurrent publishers,
// immutability), listings, customer values, ListingsForCustomer (and
// SharedListingsForCustomer, when the store has it: the same answer) after
// every kind of write, keyset paging, isolation of returned values and
// ErrNotFound.
func RunMarketplace(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) MarketplaceStore)
	}{
		{"IntegrationCreateAndGet", testIntegrationCreateAndGet},
		{"IntegrationNameUnique", testIntegrationNameUnique},
		{"IntegrationNameConcurrent", testIntegrationNameConcurrent},
		{"IntegrationUpdate", testIntegrationUpdate},
		{"CustomerSpecificIntegration", testCustomerSpecificIntegration},
		{"VersionNumbering", testVersionNumbering},
		{"VersionNumberingConcurrent", testVersionNumberingConcurrent},
		{"VersionImmutable", testVersionImmutable},
		{"Listings", testListings},
		{"CustomerValues", testCustomerValues},
		{"ListingsForCustomer", testListingsForCustomer},
		{"ListingsAfterWrites", testListingsAfterWrites},
		{"SharedListingsIsolation", testSharedListingsIsolation},
		{"Paging", testMarketplacePaging},
		{"InvalidCursor", testMarketplaceInvalidCursor},
		{"NotFound", testMarketplaceNotFound},
		{"Isolation", testMarketplaceIsolation},
		{"ContextCanceled", testMarketplaceContextCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore) })
	}
}

// NewIntegration returns fixture integration i (i ≥ 0): valid and in
// canonical form, as the Service hands it to a Store (Version 1, no
// versions), with a ULID and a name derived from i. Times are UTC,
// truncated to microseconds.
func NewIntegration(i int) *marketplace.Integration {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	var entropy [10]byte
	entropy[0] = 0x1A
	binary.BigEndian.PutUint64(entropy[2:], uint64(i))
	return &marketplace.Integration{
		ID:          ulid.MustNew(ulid.Timestamp(created), bytes.NewReader(entropy[:])),
		Name:        fmt.Sprintf("Integration %d – Sälesforce", i),
		Description: "Syncs contacts ✓",
		Category:    []string{"CRM", "ERP", "Messaging"}[i%3],
		Labels:      []string{"sync", []string{"beta", "ga"}[i%2]},
		Icon:        fmt.Sprintf("https://cdn.example.com/icons/%d.svg", i),
		Version:     1,
		CreatedAt:   created,
		UpdatedAt:   created,
	}
}

// newVersion returns a version to publish for integration id: every
// variable type, a default, each visibility.
func newVersion(id ulid.ULID, comment string, at time.Time) *marketplace.IntegrationVersion {
	def := func(s string) *string { return &s }
	return &marketplace.IntegrationVersion{
		IntegrationID: id,
		Comment:       comment,
		Available:     true,
		PublishedAt:   at.UTC().Truncate(time.Microsecond),
		ConfigVars: []marketplace.ConfigVar{
			{Key: "api_url", Label: "API URL", Header: "Connection", Order: 1, Type: marketplace.TypeString, Default: def("https://api.example.com"), Visibility: marketplace.VisibilityCustomer},
			{Key: "batch", Type: marketplace.TypeNumber, Default: def("100"), Visibility: marketplace.VisibilityOrganization, Optional: true},
			{Key: "mode", Type: marketplace.TypePicklist, Options: []string{"fast", "safe"}, Default: def("safe"), Visibility: marketplace.VisibilityCustomer},
			{Key: "tenant", Type: marketplace.TypeString, Visibility: marketplace.VisibilityEmbedded},
			{Key: "payload", Type: marketplace.TypeCode, Language: marketplace.LanguageJSON, Default: def(`{"a":1}`), Visibility: marketplace.VisibilityCustomer},
			{Key: "conn", Type: marketplace.TypeConnection, AuthMethods: []string{"oauth2_authorization_code", "api_key"}, Visibility: marketplace.VisibilityCustomer},
		},
	}
}

// newListing returns a deployable listing of integration id.
func newListing(id ulid.ULID, at time.Time) *marketplace.Listing {
	at = at.UTC().Truncate(time.Microsecond)
	return &marketplace.Listing{
		IntegrationID: id,
		Availability:  marketplace.AvailableDeployable,
		Overview:      "# Sync\n\n*Fast* and safe.",
		Category:      "CRM",
		Labels:        []string{"featured"},
		OrgValues:     map[string]string{"tenant": "acme"},
		Version:       1,
		CreatedAt:     at,
		UpdatedAt:     at,
	}
}

func createIntegrations(t testing.TB, s marketplace.Store, ins ...*marketplace.Integration) {
	t.Helper()
	for _, in := range ins {
		require.NoError(t, s.CreateIntegration(t.Context(), in), "create integration %s", in.Name)
	}
}

func publish(t testing.TB, s marketplace.Store, v *marketplace.IntegrationVersion) *marketplace.IntegrationVersion {
	t.Helper()
	got, err := s.PublishVersion(t.Context(), v)
	require.NoError(t, err)
	return got
}

// requireSameTimes asserts that every pair holds the same instant, in UTC.
func requireSameTimes(t testing.TB, pairs ...time.Time) {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		require.Truef(t, pairs[i].Equal(pairs[i+1]), "want %s, got %s", pairs[i].Format(time.RFC3339Nano), pairs[i+1].Format(time.RFC3339Nano))
		require.Equal(t, time.UTC, pairs[i+1].Location(), "a time is not in UTC")
	}
}

func requireIntegration(t testing.TB, want, got *marketplace.Integration, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	requireSameTimes(t, want.CreatedAt, got.CreatedAt, want.UpdatedAt, got.UpdatedAt)
	w, g := want.Clone(), got.Clone()
	w.CreatedAt, w.UpdatedAt, g.CreatedAt, g.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	if len(w.Labels) == 0 {
		w.Labels = nil
	}
	if len(g.Labels) == 0 {
		g.Labels = nil
	}
	require.Equal(t, w, g, msgAndArgs...)
}

func requireVersion(t testing.TB, want, got *marketplace.IntegrationVersion, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	requireSameTimes(t, want.PublishedAt, got.PublishedAt)
	w, g := versionForCompare(want), versionForCompare(got)
	require.Equal(t, w, g, msgAndArgs...)
}

func versionForCompare(v *marketplace.IntegrationVersion) *marketplace.IntegrationVersion {
	d := v.Clone()
	d.PublishedAt = time.Time{}
	if len(d.ConfigVars) == 0 {
		d.ConfigVars = nil
	}
	for i := range d.ConfigVars {
		cv := &d.ConfigVars[i]
		if len(cv.Options) == 0 {
			cv.Options = nil
		}
		if len(cv.AuthMethods) == 0 {
			cv.AuthMethods = nil
		}
	}
	return d
}

func requireListing(t testing.TB, want, got *marketplace.Listing, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	requireSameTimes(t, want.CreatedAt, got.CreatedAt, want.UpdatedAt, got.UpdatedAt)
	require.Equal(t, listingForCompare(want), listingForCompare(got), msgAndArgs...)
}

func listingForCompare(l *marketplace.Listing) *marketplace.Listing {
	d := l.Clone()
	d.CreatedAt, d.UpdatedAt = time.Time{}, time.Time{}
	if len(d.Labels) == 0 {
		d.Labels = nil
	}
	if len(d.AllowedCustomers) == 0 {
		d.AllowedCustomers = nil
	}
	if len(d.OrgValues) == 0 {
		d.OrgValues = nil
	}
	return d
}

func requireAlreadyExistsOf(t testing.TB, err error, resource, field string) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrAlreadyExists)
	var ae *customerkit.AlreadyExistsError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, resource, ae.Resource)
	require.Equal(t, field, ae.Field)
}

func testIntegrationCreateAndGet(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a, b := NewIntegration(1), NewIntegration(2)
	b.Labels, b.Description, b.Icon, b.Category = nil, "", "", ""
	createIntegrations(t, s, a, b)
	for _, want := range []*marketplace.Integration{a, b} {
		got, err := s.GetIntegration(t.Context(), want.ID)
		require.NoError(t, err)
		requireIntegration(t, want, got)
	}
	// The same ID twice is refused.
	dup := NewIntegration(1)
	dup.Name = "another name"
	require.ErrorIs(t, s.CreateIntegration(t.Context(), dup), customerkit.ErrAlreadyExists)
}

func testIntegrationNameUnique(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a, b := NewIntegration(1), NewIntegration(2)
	a.Name = "Ärger Sync"
	createIntegrations(t, s, a, b)

	c := NewIntegration(3)
	c.Name = "äRGER sync" // same NameKey
	requireAlreadyExistsOf(t, s.CreateIntegration(t.Context(), c), "integration", "name")
	_, err := s.GetIntegration(t.Context(), c.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound, "a refused create writes nothing")

	// Renaming onto a taken name is refused; changing one's own case is not.
	_, err = s.UpdateIntegration(t.Context(), b.ID, func(in *marketplace.Integration) error { in.Name = "ÄRGER SYNC"; return nil })
	requireAlreadyExistsOf(t, err, "integration", "name")
	got, err := s.UpdateIntegration(t.Context(), a.ID, func(in *marketplace.Integration) error { in.Name = "ärger sync"; return nil })
	require.NoError(t, err)
	require.Equal(t, "ärger sync", got.Name)

	// A name freed by a rename is free at once.
	_, err = s.UpdateIntegration(t.Context(), b.ID, func(in *marketplace.Integration) error { in.Name = "Renamed"; return nil })
	require.NoError(t, err)
	c.Name = NewIntegration(2).Name
	require.NoError(t, s.CreateIntegration(t.Context(), c))
}

func testIntegrationNameConcurrent(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	var wg sync.WaitGroup
	errs := make([]error, concurrency)
	for i := range concurrency {
		wg.Go(func() {
			in := NewIntegration(i)
			in.Name = "Contested Name"
			errs[i] = s.CreateIntegration(context.WithoutCancel(t.Context()), in)
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		requireAlreadyExistsOf(t, err, "integration", "name")
	}
	require.Equal(t, 1, won, "exactly one creator wins the name")
}

func testIntegrationUpdate(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a := NewIntegration(1)
	createIntegrations(t, s, a)
	publish(t, s, newVersion(a.ID, "v1", Epoch))

	var seen *marketplace.Integration
	got, err := s.UpdateIntegration(t.Context(), a.ID, func(in *marketplace.Integration) error {
		seen = in.Clone()
		in.Description = "new"
		in.Labels = []string{"x"}
		in.LatestVersion = 99 // kept by the store
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, 1, seen.LatestVersion, "the updater sees the stored integration")
	require.Equal(t, "new", got.Description)
	require.Equal(t, 1, got.LatestVersion, "only PublishVersion moves LatestVersion")
	require.Equal(t, seen.Version+1, got.Version)
	stored, err := s.GetIntegration(t.Context(), a.ID)
	require.NoError(t, err)
	requireIntegration(t, got, stored)

	_, err = s.UpdateIntegration(t.Context(), a.ID, func(in *marketplace.Integration) error {
		in.Description = "never"
		return errRefused
	})
	require.Same(t, errRefused, err, "the updater's error comes back as is")
	again, err := s.GetIntegration(t.Context(), a.ID)
	require.NoError(t, err)
	requireIntegration(t, got, again, "a refused update writes nothing")
}

func testCustomerSpecificIntegration(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	in := NewIntegration(1)
	in.CustomerID = NewCustomer(2).ULID
	require.ErrorIs(t, s.CreateIntegration(t.Context(), in), customerkit.ErrNotFound, "an unknown customer")
	in.CustomerID = c.ULID
	require.NoError(t, s.CreateIntegration(t.Context(), in))
	got, err := s.GetIntegration(t.Context(), in.ID)
	require.NoError(t, err)
	require.Equal(t, c.ULID, got.CustomerID)
}

func testVersionNumbering(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a, b := NewIntegration(1), NewIntegration(2)
	createIntegrations(t, s, a, b)
	for n := 1; n <= 3; n++ {
		v := newVersion(a.ID, fmt.Sprintf("v%d", n), Epoch.Add(time.Duration(n)*time.Hour))
		v.Number = 42 // ignored
		got := publish(t, s, v)
		require.Equal(t, n, got.Number)
		want := v.Clone()
		want.Number = n
		requireVersion(t, want, got)
		stored, err := s.GetVersion(t.Context(), a.ID, n)
		require.NoError(t, err)
		requireVersion(t, want, stored)
		in, err := s.GetIntegration(t.Context(), a.ID)
		require.NoError(t, err)
		require.Equal(t, n, in.LatestVersion)
		require.Equal(t, int64(1+n), in.Version)
		requireSameTimes(t, v.PublishedAt, in.UpdatedAt)
	}
	// Numbering is per integration.
	require.Equal(t, 1, publish(t, s, newVersion(b.ID, "b1", Epoch)).Number)
}

func testVersionNumberingConcurrent(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a := NewIntegration(1)
	createIntegrations(t, s, a)
	var wg sync.WaitGroup
	numbers := make([]int, publishers)
	errs := make([]error, publishers)
	for i := range publishers {
		wg.Go(func() {
			v, err := s.PublishVersion(context.WithoutCancel(t.Context()), newVersion(a.ID, fmt.Sprintf("publisher %d", i), Epoch))
			errs[i] = err
			if err == nil {
				numbers[i] = v.Number
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	slices.Sort(numbers)
	for i, n := range numbers {
		require.Equal(t, i+1, n, "concurrent publishers get distinct, consecutive numbers")
	}
	in, err := s.GetIntegration(t.Context(), a.ID)
	require.NoError(t, err)
	require.Equal(t, publishers, in.LatestVersion)
	// Each publisher's comment is stored under the number it got.
	page, err := s.ListVersions(t.Context(), a.ID, marketplace.MaxLimit, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, publishers)
	comments := map[string]bool{}
	for i, v := range page.Items {
		require.Equal(t, i+1, v.Number)
		comments[v.Comment] = true
	}
	require.Len(t, comments, publishers)
}

func testVersionImmutable(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a := NewIntegration(1)
	createIntegrations(t, s, a)
	v1 := publish(t, s, newVersion(a.ID, "first", Epoch))

	got, err := s.SetVersionAvailable(t.Context(), a.ID, 1, false)
	require.NoError(t, err)
	want := v1.Clone()
	want.Available = false
	requireVersion(t, want, got)
	stored, err := s.GetVersion(t.Context(), a.ID, 1)
	require.NoError(t, err)
	requireVersion(t, want, stored, "only Available changed")

	got, err = s.SetVersionAvailable(t.Context(), a.ID, 1, true)
	require.NoError(t, err)
	requireVersion(t, v1, got)

	// Publishing again does not touch version 1.
	publish(t, s, newVersion(a.ID, "second", Epoch.Add(time.Hour)))
	stored, err = s.GetVersion(t.Context(), a.ID, 1)
	require.NoError(t, err)
	requireVersion(t, v1, stored)

	_, err = s.SetVersionAvailable(t.Context(), a.ID, 3, true)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}

func testListings(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a, b := NewIntegration(1), NewIntegration(2)
	createIntegrations(t, s, a, b)
	publish(t, s, newVersion(a.ID, "v1", Epoch))
	c := NewCustomer(1)
	create(t, s, c)

	absent := newListing(NewIntegration(9).ID, Epoch)
	require.ErrorIs(t, s.CreateListing(t.Context(), absent), customerkit.ErrNotFound, "a listing needs its integration")

	l := newListing(a.ID, Epoch)
	l.AllowedCustomers = []ulid.ULID{c.ULID}
	require.NoError(t, s.CreateListing(t.Context(), l))
	requireAlreadyExistsOf(t, s.CreateListing(t.Context(), newListing(a.ID, Epoch)), "listing", "integration_id")
	got, err := s.GetListing(t.Context(), a.ID)
	require.NoError(t, err)
	requireListing(t, l, got)

	upd, err := s.UpdateListing(t.Context(), a.ID, func(x *marketplace.Listing) error {
		x.Availability = marketplace.AvailableNotDeployable
		x.PinnedVersion = 1
		x.AllowMultiple = true
		x.OrgValues = map[string]string{"tenant": "globex", "batch": "5"}
		x.AllowedCustomers = nil
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, int64(2), upd.Version)
	got, err = s.GetListing(t.Context(), a.ID)
	require.NoError(t, err)
	requireListing(t, upd, got)

	_, err = s.UpdateListing(t.Context(), a.ID, func(*marketplace.Listing) error { return errRefused })
	require.Same(t, errRefused, err)

	_, err = s.UpdateCustomerValues(t.Context(), a.ID, c.ULID, func(cv *marketplace.CustomerValues) error {
		cv.Values = map[string]string{"tenant": "c1"}
		return nil
	})
	require.NoError(t, err)

	// Removing a listing removes the listing only.
	require.NoError(t, s.DeleteListing(t.Context(), a.ID))
	_, err = s.GetListing(t.Context(), a.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	require.ErrorIs(t, s.DeleteListing(t.Context(), a.ID), customerkit.ErrNotFound)
	_, err = s.GetVersion(t.Context(), a.ID, 1)
	require.NoError(t, err, "versions stay")
	_, err = s.GetCustomerValues(t.Context(), a.ID, c.ULID)
	require.NoError(t, err, "customer values stay")
	_, err = s.GetIntegration(t.Context(), a.ID)
	require.NoError(t, err, "the integration stays")
	// And it may be listed again.
	require.NoError(t, s.CreateListing(t.Context(), newListing(a.ID, Epoch)))
}

func testCustomerValues(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	a := NewIntegration(1)
	createIntegrations(t, s, a)
	c1, c2 := NewCustomer(1), NewCustomer(2)
	create(t, s, c1, c2)

	_, err := s.GetCustomerValues(t.Context(), a.ID, c1.ULID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)

	at := Epoch.Add(time.Hour)
	var seen marketplace.CustomerValues
	cv, err := s.UpdateCustomerValues(t.Context(), a.ID, c1.ULID, func(cv *marketplace.CustomerValues) error {
		seen = *cv.Clone()
		cv.Values = map[string]string{"tenant": "t-1", "region": "eu"}
		cv.UpdatedAt = at
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, marketplace.CustomerValues{IntegrationID: a.ID, CustomerID: c1.ULID}, seen, "a new record")
	require.Equal(t, int64(1), cv.Version)
	require.Equal(t, map[string]string{"tenant": "t-1", "region": "eu"}, cv.Values)

	cv2, err := s.UpdateCustomerValues(t.Context(), a.ID, c1.ULID, func(cv *marketplace.CustomerValues) error {
		require.Equal(t, "t-1", cv.Values["tenant"], "the updater sees the stored values")
		cv.Values = map[string]string{"tenant": "t-2"}
		cv.UpdatedAt = at.Add(time.Hour)
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, int64(2), cv2.Version)
	got, err := s.GetCustomerValues(t.Context(), a.ID, c1.ULID)
	require.NoError(t, err)
	require.Equal(t, map[string]string{"tenant": "t-2"}, got.Values)
	requireSameTimes(t, at.Add(time.Hour), got.UpdatedAt)

	_, err = s.GetCustomerValues(t.Context(), a.ID, c2.ULID)
	require.ErrorIs(t, err, customerkit.ErrNotFound, "values are per customer")

	_, err = s.UpdateCustomerValues(t.Context(), a.ID, c2.ULID, func(*marketplace.CustomerValues) error { return errRefused })
	require.Same(t, errRefused, err)
	_, err = s.GetCustomerValues(t.Context(), a.ID, c2.ULID)
	require.ErrorIs(t, err, customerkit.ErrNotFound, "a refused update writes nothing")

	noop := func(*marketplace.CustomerValues) error { return nil }
	_, err = s.UpdateCustomerValues(t.Context(), NewIntegration(9).ID, c1.ULID, noop)
	require.ErrorIs(t, err, customerkit.ErrNotFound, "unknown integration")
	_, err = s.UpdateCustomerValues(t.Context(), a.ID, NewCustomer(9).ULID, noop)
	require.ErrorIs(t, err, customerkit.ErrNotFound, "unknown customer")

	require.NoError(t, s.DeleteCustomerValues(t.Context(), a.ID, c1.ULID))
	_, err = s.GetCustomerValues(t.Context(), a.ID, c1.ULID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	require.ErrorIs(t, s.DeleteCustomerValues(t.Context(), a.ID, c1.ULID), customerkit.ErrNotFound)
}

func testListingsForCustomer(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	ca, cb, cc := NewCustomer(1), NewCustomer(2), NewCustomer(3)
	create(t, s, ca, cb, cc)

	type setup struct {
		avail     []bool // the versions to publish, available or not
		listing   marketplace.Availability
		pinned    int
		allowed   []ulid.ULID
		owner     ulid.ULID
		presented int // the presented version, 0: none
		visible   []ulid.ULID
	}
	all := []ulid.ULID{ca.ULID, cb.ULID, cc.ULID}
	setups := []setup{
		{avail: []bool{true, true}, listing: marketplace.AvailableDeployable, presented: 2, visible: all},
		{avail: []bool{true, true}, listing: marketplace.AvailableNotDeployable, pinned: 1, presented: 1, visible: all},
		{avail: []bool{true, false}, listing: marketplace.AvailableDeployable, presented: 1, visible: all},
		{avail: []bool{true, false}, listing: marketplace.AvailableDeployable, pinned: 2, presented: 2, visible: all},
		{avail: []bool{false}, listing: marketplace.AvailableDeployable, presented: 0, visible: all},
		{listing: marketplace.AvailableDeployable, presented: 0, visible: all},
		{avail: []bool{true}, listing: marketplace.NotAvailable, presented: 1},
		{avail: []bool{true}, listing: marketplace.AvailableDeployable, allowed: []ulid.ULID{cb.ULID, cc.ULID}, presented: 1, visible: []ulid.ULID{cb.ULID, cc.ULID}},
		{avail: []bool{true}, listing: marketplace.AvailableDeployable, owner: ca.ULID, presented: 1, visible: []ulid.ULID{ca.ULID}},
		{avail: []bool{true}, listing: marketplace.AvailableDeployable, owner: ca.ULID, allowed: []ulid.ULID{cb.ULID}, presented: 1},
		{avail: []bool{true}, listing: ""}, // not listed
	}
	ins := make([]*marketplace.Integration, len(setups))
	for i, su := range setups {
		in := NewIntegration(i)
		in.CustomerID = su.owner
		createIntegrations(t, s, in)
		for n, av := range su.avail {
			publish(t, s, newVersion(in.ID, fmt.Sprint(n+1), Epoch))
			if !av {
				_, err := s.SetVersionAvailable(t.Context(), in.ID, n+1, false)
				require.NoError(t, err)
			}
		}
		if su.listing != "" {
			l := newListing(in.ID, Epoch)
			l.Availability, l.PinnedVersion, l.AllowedCustomers = su.listing, su.pinned, su.allowed
			require.NoError(t, s.CreateListing(t.Context(), l))
		}
		ins[i], _ = s.GetIntegration(t.Context(), in.ID)
	}
	// Customer b has values for integration 0 and 7.
	for _, i := range []int{0, 7} {
		_, err := s.UpdateCustomerValues(t.Context(), ins[i].ID, cb.ULID, func(cv *marketplace.CustomerValues) error {
			cv.Values = map[string]string{"tenant": fmt.Sprint("b-", i)}
			return nil
		})
		require.NoError(t, err)
	}
	unknown := NewCustomer(9).ULID
	for _, cid := range append(all, unknown) {
		got, err := s.ListingsForCustomer(t.Context(), cid)
		require.NoError(t, err)
		var want []ulid.ULID
		for i, su := range setups {
			public := su.listing.Listed() && len(su.allowed) == 0 && su.owner.IsZero()
			if slices.Contains(su.visible, cid) || (cid == unknown && public) {
				want = append(want, ins[i].ID)
			}
		}
		slices.SortFunc(want, ulid.ULID.Compare)
		var gotIDs []ulid.ULID
		for _, b := range got {
			gotIDs = append(gotIDs, b.Listing.IntegrationID)
		}
		require.Equal(t, want, gotIDs, "customer %s sees exactly its listings, ordered by integration ID", cid)
		for _, b := range got {
			i := slices.IndexFunc(ins, func(in *marketplace.Integration) bool { return in.ID == b.Listing.IntegrationID })
			su := setups[i]
			requireIntegration(t, ins[i], b.Integration)
			stored, err := s.GetListing(t.Context(), ins[i].ID)
			require.NoError(t, err)
			requireListing(t, stored, b.Listing)
			if su.presented == 0 {
				require.Nil(t, b.Version, "integration %d presents no version", i)
			} else {
				require.NotNil(t, b.Version, "integration %d", i)
				v, err := s.GetVersion(t.Context(), ins[i].ID, su.presented)
				require.NoError(t, err)
				requireVersion(t, v, b.Version, "integration %d presents version %d", i, su.presented)
			}
			if cid == cb.ULID && (i == 0 || i == 7) {
				require.NotNil(t, b.CustomerValues)
				require.Equal(t, map[string]string{"tenant": fmt.Sprint("b-", i)}, b.CustomerValues.Values)
				require.Equal(t, cb.ULID, b.CustomerValues.CustomerID)
			} else {
				require.Nil(t, b.CustomerValues, "no values of customer %s for integration %d", cid, i)
			}
		}
	}
}

// requireMarketplaceOf asserts that ListingsForCustomer(cid) (and
// SharedListingsForCustomer, when s has it) is what the single-record reads
// say: the listings Listing.VisibleTo accepts, in integration order, each
// with its integration, its presented version (Listing.PresentedVersion
// over ListVersions) and the customer's values. It returns the IDs seen.
func requireMarketplaceOf(t *testing.T, s MarketplaceStore, cid ulid.ULID, msgAndArgs ...any) []ulid.ULID {
	t.Helper()
	ctx := t.Context()
	var want []*marketplace.ListingBundle
	var after customerkit.Cursor
	for {
		page, err := s.ListListings(ctx, (&marketplace.Query{Limit: marketplace.MaxLimit}).Normalize(), after)
		require.NoError(t, err)
		for _, l := range page.Items {
			in, err := s.GetIntegration(ctx, l.IntegrationID)
			require.NoError(t, err)
			if !l.VisibleTo(in, cid) {
				continue
			}
			b := &marketplace.ListingBundle{Listing: l, Integration: in}
			vp, err := s.ListVersions(ctx, in.ID, marketplace.MaxLimit, customerkit.Cursor{})
			require.NoError(t, err)
			var vs []marketplace.IntegrationVersion
			for _, v := range vp.Items {
				vs = append(vs, *v)
			}
			if n, ok := l.PresentedVersion(vs); ok {
				b.Version, err = s.GetVersion(ctx, in.ID, n)
				require.NoError(t, err)
			}
			b.CustomerValues, err = s.GetCustomerValues(ctx, in.ID, cid)
			if errors.Is(err, customerkit.ErrNotFound) {
				b.CustomerValues, err = nil, nil
			}
			require.NoError(t, err)
			want = append(want, b)
		}
		if page.Next.IsZero() {
			break
		}
		after = page.Next
	}
	reads := map[string]func() ([]*marketplace.ListingBundle, error){
		"ListingsForCustomer": func() ([]*marketplace.ListingBundle, error) { return s.ListingsForCustomer(ctx, cid) },
	}
	if sr, ok := s.(marketplace.SharedListingsReader); ok {
		reads["SharedListingsForCustomer"] = func() ([]*marketplace.ListingBundle, error) { return sr.SharedListingsForCustomer(ctx, cid) }
	}
	var ids []ulid.ULID
	for _, w := range want {
		ids = append(ids, w.Listing.IntegrationID)
	}
	for name, read := range reads {
		got, err := read()
		require.NoError(t, err, name)
		var gotIDs []ulid.ULID
		for _, b := range got {
			gotIDs = append(gotIDs, b.Listing.IntegrationID)
		}
		require.Equal(t, ids, gotIDs, append([]any{"%s of customer %s: %v", name, cid}, msgAndArgs...)...)
		for i, b := range got {
			w := want[i]
			requireListing(t, w.Listing, b.Listing, name)
			requireIntegration(t, w.Integration, b.Integration, name)
			if w.Version == nil {
				require.Nil(t, b.Version, "%s: integration %s presents no version", name, w.Integration.ID)
			} else {
				requireVersion(t, w.Version, b.Version, "%s: integration %s", name, w.Integration.ID)
			}
			if w.CustomerValues == nil {
				require.Nil(t, b.CustomerValues, "%s: no values of customer %s for integration %s", name, cid, w.Integration.ID)
			} else {
				require.NotNil(t, b.CustomerValues, name)
				requireSameTimes(t, w.CustomerValues.UpdatedAt, b.CustomerValues.UpdatedAt)
				wv, gv := w.CustomerValues.Clone(), b.CustomerValues.Clone()
				wv.UpdatedAt, gv.UpdatedAt = time.Time{}, time.Time{}
				require.Equal(t, wv, gv, name)
			}
		}
	}
	return ids
}

// testListingsAfterWrites reads the marketplace of several customers after
// every kind of write that changes it (version availability, publishing,
// pinning, listing and integration updates, allow-lists, new and deleted
// listings, customer values, a customer's deletion that takes its own
// integration with it), each read right after the write, so that a store
// that keeps anything between reads must notice every change.
func testListingsAfterWrites(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	ctx := t.Context()
	s := newStore(t)
	ca, cb, owner := NewCustomer(1), NewCustomer(2), NewCustomer(3)
	create(t, s, ca, cb, owner)
	ins := make([]*marketplace.Integration, 4)
	for i := range ins {
		ins[i] = NewIntegration(i)
	}
	ins[2].CustomerID = owner.ULID
	createIntegrations(t, s, ins...)
	for i := range 3 {
		publish(t, s, newVersion(ins[i].ID, "first", Epoch))
		l := newListing(ins[i].ID, Epoch)
		if i == 1 {
			l.AllowedCustomers = []ulid.ULID{cb.ULID}
		}
		require.NoError(t, s.CreateListing(ctx, l))
	}
	publish(t, s, newVersion(ins[0].ID, "second", Epoch))
	publish(t, s, newVersion(ins[3].ID, "first", Epoch))
	id := func(is ...int) []ulid.ULID {
		var out []ulid.ULID
		for _, i := range is {
			out = append(out, ins[i].ID)
		}
		slices.SortFunc(out, ulid.ULID.Compare)
		return out
	}
	check := func(step string, a, b, o []ulid.ULID) {
		t.Helper()
		for _, c := range []struct {
			id   ulid.ULID
			want []ulid.ULID
		}{{ca.ULID, a}, {cb.ULID, b}, {owner.ULID, o}} {
			// Twice: a second read must not differ from the first.
			for range 2 {
				require.Equal(t, c.want, requireMarketplaceOf(t, s, c.id, step), "%s: customer %s", step, c.id)
			}
		}
	}
	presented := func(step string, cid ulid.ULID, i, number int, available bool) {
		t.Helper()
		bs, err := s.ListingsForCustomer(ctx, cid)
		require.NoError(t, err)
		for _, b := range bs {
			if b.Listing.IntegrationID == ins[i].ID {
				if number == 0 {
					require.Nil(t, b.Version, step)
					return
				}
				require.NotNil(t, b.Version, step)
				require.Equal(t, number, b.Version.Number, step)
				require.Equal(t, available, b.Version.Available, step)
				return
			}
		}
		t.Fatalf("%s: integration %d is not listed for customer %s", step, i, cid)
	}
	check("start", id(0), id(0, 1), id(0, 2))
	presented("start", ca.ULID, 0, 2, true)

	_, err := s.SetVersionAvailable(ctx, ins[0].ID, 2, false)
	require.NoError(t, err)
	check("version 2 unavailable", id(0), id(0, 1), id(0, 2))
	presented("version 2 unavailable", ca.ULID, 0, 1, true)

	_, err = s.SetVersionAvailable(ctx, ins[0].ID, 1, false)
	require.NoError(t, err)
	check("no version available", id(0), id(0, 1), id(0, 2))
	presented("no version available", ca.ULID, 0, 0, false)

	publish(t, s, newVersion(ins[0].ID, "third", Epoch.Add(time.Hour)))
	check("version 3 published", id(0), id(0, 1), id(0, 2))
	presented("version 3 published", ca.ULID, 0, 3, true)

	_, err = s.UpdateListing(ctx, ins[0].ID, func(l *marketplace.Listing) error {
		l.PinnedVersion, l.Labels, l.Overview, l.OrgValues = 1, []string{"pinned"}, "Pinned.", map[string]string{"tenant": "other"}
		return nil
	})
	require.NoError(t, err)
	check("pinned to unavailable version 1", id(0), id(0, 1), id(0, 2))
	presented("pinned to unavailable version 1", ca.ULID, 0, 1, false)

	_, err = s.UpdateIntegration(ctx, ins[0].ID, func(in *marketplace.Integration) error {
		in.Name, in.Labels, in.Icon = "Renamed", []string{"renamed"}, "https://cdn.example.com/renamed.svg"
		return nil
	})
	require.NoError(t, err)
	check("integration renamed", id(0), id(0, 1), id(0, 2))

	_, err = s.UpdateListing(ctx, ins[1].ID, func(l *marketplace.Listing) error {
		l.AllowedCustomers = []ulid.ULID{ca.ULID, owner.ULID}
		return nil
	})
	require.NoError(t, err)
	check("allow-list changed", id(0, 1), id(0), id(0, 1, 2))

	require.NoError(t, s.CreateListing(ctx, newListing(ins[3].ID, Epoch)))
	check("listing created", id(0, 1, 3), id(0, 3), id(0, 1, 2, 3))

	require.NoError(t, s.DeleteListing(ctx, ins[0].ID))
	check("listing deleted", id(1, 3), id(3), id(1, 2, 3))

	_, err = s.UpdateCustomerValues(ctx, ins[3].ID, ca.ULID, func(cv *marketplace.CustomerValues) error {
		cv.Values, cv.UpdatedAt = map[string]string{"tenant": "a"}, Epoch
		return nil
	})
	require.NoError(t, err)
	check("values set", id(1, 3), id(3), id(1, 2, 3))
	_, err = s.UpdateCustomerValues(ctx, ins[3].ID, ca.ULID, func(cv *marketplace.CustomerValues) error {
		cv.Values = map[string]string{"tenant": "a2"}
		return nil
	})
	require.NoError(t, err)
	check("values changed", id(1, 3), id(3), id(1, 2, 3))
	require.NoError(t, s.DeleteCustomerValues(ctx, ins[3].ID, ca.ULID))
	check("values deleted", id(1, 3), id(3), id(1, 2, 3))

	_, err = s.UpdateListing(ctx, ins[3].ID, func(l *marketplace.Listing) error {
		l.Availability = marketplace.NotAvailable
		return nil
	})
	require.NoError(t, err)
	check("listing hidden", id(1), nil, id(1, 2))

	require.NoError(t, s.DeleteCustomer(ctx, owner.ULID, func(*customer.Customer, customer.Dependents) error { return nil }))
	check("owner deleted with its integration", id(1), nil, id(1)) // the allow-list still names it
	_, err = s.GetIntegration(ctx, ins[2].ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}

// testSharedListingsIsolation checks, when the store has
// SharedListingsForCustomer, that what is the caller's own stays so: the
// slice and bundles it returns, and the copies ListingsForCustomer returns
// even after shared reads.
func testSharedListingsIsolation(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	sr, ok := s.(marketplace.SharedListingsReader)
	if !ok {
		t.Skip("storagetest: the store does not implement marketplace.SharedListingsReader")
	}
	ctx := t.Context()
	c := NewCustomer(1)
	create(t, s, c)
	for i := range 2 {
		in := NewIntegration(i)
		createIntegrations(t, s, in)
		publish(t, s, newVersion(in.ID, "v1", Epoch))
		require.NoError(t, s.CreateListing(ctx, newListing(in.ID, Epoch)))
		_, err := s.UpdateCustomerValues(ctx, in.ID, c.ULID, func(cv *marketplace.CustomerValues) error {
			cv.Values, cv.UpdatedAt = map[string]string{"tenant": "t"}, Epoch
			return nil
		})
		require.NoError(t, err)
	}
	for range 3 {
		shared, err := sr.SharedListingsForCustomer(ctx, c.ULID)
		require.NoError(t, err)
		require.Len(t, shared, 2)
		// The slice and the bundles are the caller's.
		shared[0].Listing, shared[0].Version, shared[0].Integration, shared[0].CustomerValues = nil, nil, nil, nil
		shared[1] = nil

		copies, err := s.ListingsForCustomer(ctx, c.ULID)
		require.NoError(t, err)
		require.Len(t, copies, 2)
		for _, b := range copies {
			b.Listing.Labels[0], b.Listing.OrgValues["tenant"], b.Listing.Overview = "changed", "changed", "changed"
			b.Integration.Labels[0], b.Integration.Name = "changed", "changed"
			*b.Version.ConfigVars[0].Default = "changed"
			b.Version.ConfigVars[2].Options[0] = "changed"
			b.Version.ConfigVars[5].AuthMethods[0] = "changed"
			b.Version.ConfigVars[1].Key = "changed"
			b.CustomerValues.Values["tenant"] = "changed"
		}
		requireMarketplaceOf(t, s, c.ULID)
	}
}

func testMarketplacePaging(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	const n = 11
	var ids []ulid.ULID
	for i := range n {
		in := NewIntegration(n - i) // created in descending ID order
		createIntegrations(t, s, in)
		ids = append(ids, in.ID)
		if i%2 == 0 {
			require.NoError(t, s.CreateListing(t.Context(), newListing(in.ID, Epoch)))
		}
	}
	slices.SortFunc(ids, ulid.ULID.Compare)
	for _, limit := range []int{1, 3, n, n + 1} {
		var got []ulid.ULID
		var after customerkit.Cursor
		for pages := 0; ; pages++ {
			require.Less(t, pages, n+2, "paging does not end")
			page, err := s.ListIntegrations(t.Context(), (&marketplace.Query{Limit: limit}).Normalize(), after)
			require.NoError(t, err)
			require.LessOrEqual(t, len(page.Items), limit)
			for _, in := range page.Items {
				got = append(got, in.ID)
			}
			if page.Next.IsZero() {
				break
			}
			after = page.Next
		}
		require.Equal(t, ids, got, "limit %d", limit)
	}
	// Filters.
	q := (&marketplace.Query{Category: "crm", Label: "Beta", Limit: 2}).Normalize()
	var want, got []ulid.ULID
	for _, id := range ids {
		in, err := s.GetIntegration(t.Context(), id)
		require.NoError(t, err)
		if q.MatchIntegration(in) {
			want = append(want, id)
		}
	}
	require.NotEmpty(t, want)
	var after customerkit.Cursor
	for {
		page, err := s.ListIntegrations(t.Context(), q, after)
		require.NoError(t, err)
		for _, in := range page.Items {
			got = append(got, in.ID)
		}
		if page.Next.IsZero() {
			break
		}
		after = page.Next
	}
	require.Equal(t, want, got)

	// Listings, one page at a time.
	var listed []ulid.ULID
	after = customerkit.Cursor{}
	for {
		page, err := s.ListListings(t.Context(), (&marketplace.Query{Limit: 2}).Normalize(), after)
		require.NoError(t, err)
		for _, l := range page.Items {
			listed = append(listed, l.IntegrationID)
		}
		if page.Next.IsZero() {
			break
		}
		after = page.Next
	}
	require.Len(t, listed, (n+1)/2)
	require.True(t, slices.IsSortedFunc(listed, ulid.ULID.Compare))

	// Versions, ascending.
	for range 5 {
		publish(t, s, newVersion(ids[0], "", Epoch))
	}
	var numbers []int
	after = customerkit.Cursor{}
	for {
		page, err := s.ListVersions(t.Context(), ids[0], 2, after)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), 2)
		for _, v := range page.Items {
			numbers = append(numbers, v.Number)
		}
		if page.Next.IsZero() {
			break
		}
		after = page.Next
	}
	require.Equal(t, []int{1, 2, 3, 4, 5}, numbers)
	page, err := s.ListVersions(t.Context(), ids[1], 10, customerkit.Cursor{})
	require.NoError(t, err)
	require.Empty(t, page.Items, "an integration without versions")
	require.True(t, page.Next.IsZero())
}

func testMarketplaceInvalidCursor(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	for i := range 3 {
		in := NewIntegration(i)
		createIntegrations(t, s, in)
		require.NoError(t, s.CreateListing(t.Context(), newListing(in.ID, Epoch)))
		publish(t, s, newVersion(in.ID, "", Epoch))
		publish(t, s, newVersion(in.ID, "", Epoch))
	}
	q := (&marketplace.Query{Limit: 1}).Normalize()
	ip, err := s.ListIntegrations(t.Context(), q, customerkit.Cursor{})
	require.NoError(t, err)
	require.False(t, ip.Next.IsZero())
	garbage := customerkit.NewCursor([]byte("garbage"))
	cut := customerkit.NewCursor(ip.Next.Bytes()[:len(ip.Next.Bytes())-1])

	for name, c := range map[string]customerkit.Cursor{"garbage": garbage, "cut": cut} {
		_, err = s.ListIntegrations(t.Context(), q, c)
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
		_, err = s.ListListings(t.Context(), q, c)
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
		_, err = s.ListVersions(t.Context(), NewIntegration(0).ID, 1, c)
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
	}
	// A cursor of the integrations is not one of the listings.
	_, err = s.ListListings(t.Context(), q, ip.Next)
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	_, err = s.ListVersions(t.Context(), NewIntegration(0).ID, 1, ip.Next)
	require.ErrorIs(t, err, customerkit.ErrInvalid)
}

func testMarketplaceNotFound(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	ctx := t.Context()
	id := NewIntegration(1).ID
	cid := NewCustomer(1).ULID
	called := false
	never := func() error { called = true; return nil }
	_, err := s.GetIntegration(ctx, id)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = s.UpdateIntegration(ctx, id, func(*marketplace.Integration) error { return never() })
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = s.PublishVersion(ctx, newVersion(id, "", Epoch))
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = s.GetVersion(ctx, id, 1)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = s.SetVersionAvailable(ctx, id, 1, true)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = s.GetListing(ctx, id)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = s.UpdateListing(ctx, id, func(*marketplace.Listing) error { return never() })
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	require.ErrorIs(t, s.DeleteListing(ctx, id), customerkit.ErrNotFound)
	_, err = s.GetCustomerValues(ctx, id, cid)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = s.UpdateCustomerValues(ctx, id, cid, func(*marketplace.CustomerValues) error { return never() })
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	require.ErrorIs(t, s.DeleteCustomerValues(ctx, id, cid), customerkit.ErrNotFound)
	require.False(t, called, "no callback runs for a missing record")

	// Version 0 and past the latest of an existing integration.
	in := NewIntegration(1)
	createIntegrations(t, s, in)
	publish(t, s, newVersion(in.ID, "", Epoch))
	for _, n := range []int{0, -1, 2} {
		_, err = s.GetVersion(ctx, in.ID, n)
		require.ErrorIs(t, err, customerkit.ErrNotFound, "version %d", n)
	}
	got, err := s.ListingsForCustomer(ctx, cid)
	require.NoError(t, err)
	require.Empty(t, got)
}

func testMarketplaceIsolation(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	in := NewIntegration(1)
	want := in.Clone()
	createIntegrations(t, s, in)
	in.Labels[0], in.Name = "changed", "changed"

	v := newVersion(in.ID, "v1", Epoch)
	pv := publish(t, s, v)
	wantV := pv.Clone()
	*v.ConfigVars[0].Default = "changed"
	v.ConfigVars[2].Options[0] = "changed"
	*pv.ConfigVars[0].Default = "changed"
	pv.ConfigVars[5].AuthMethods[0] = "changed"

	l := newListing(in.ID, Epoch)
	l.AllowedCustomers = []ulid.ULID{c.ULID}
	wantL := l.Clone()
	require.NoError(t, s.CreateListing(t.Context(), l))
	l.OrgValues["tenant"], l.Labels[0], l.AllowedCustomers[0] = "changed", "changed", ulid.ULID{}

	var kept *marketplace.Listing
	_, err := s.UpdateListing(t.Context(), in.ID, func(x *marketplace.Listing) error { kept = x; return nil })
	require.NoError(t, err)
	kept.OrgValues["tenant"] = "changed"
	wantL.Version = 2

	for range 2 {
		got, err := s.GetIntegration(t.Context(), in.ID)
		require.NoError(t, err)
		want.LatestVersion, want.Version, want.UpdatedAt = 1, 2, pv.PublishedAt
		requireIntegration(t, want, got)
		got.Labels[0] = "changed"

		gv, err := s.GetVersion(t.Context(), in.ID, 1)
		require.NoError(t, err)
		requireVersion(t, wantV, gv)
		*gv.ConfigVars[0].Default = "changed"
		gv.ConfigVars[2].Options[0] = "changed"

		gl, err := s.GetListing(t.Context(), in.ID)
		require.NoError(t, err)
		requireListing(t, wantL, gl)
		gl.OrgValues["tenant"] = "changed"
		gl.AllowedCustomers[0] = ulid.ULID{}

		bundles, err := s.ListingsForCustomer(t.Context(), c.ULID)
		require.NoError(t, err)
		require.Len(t, bundles, 1)
		requireVersion(t, wantV, bundles[0].Version)
		bundles[0].Listing.OrgValues["tenant"] = "changed"
		*bundles[0].Version.ConfigVars[0].Default = "changed"
		bundles[0].Integration.Labels[0] = "changed"

		page, err := s.ListIntegrations(t.Context(), (&marketplace.Query{}).Normalize(), customerkit.Cursor{})
		require.NoError(t, err)
		page.Items[0].Labels[0] = "changed"
		vp, err := s.ListVersions(t.Context(), in.ID, 10, customerkit.Cursor{})
		require.NoError(t, err)
		*vp.Items[0].ConfigVars[0].Default = "changed"
	}
}

func testMarketplaceContextCanceled(t *testing.T, newStore func(t *testing.T) MarketplaceStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	in := NewIntegration(1)
	require.ErrorIs(t, s.CreateIntegration(ctx, in), context.Canceled)
	_, err := s.GetIntegration(t.Context(), in.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound, "nothing was written")

	createIntegrations(t, s, in)
	_, err = s.PublishVersion(ctx, newVersion(in.ID, "", Epoch))
	require.ErrorIs(t, err, context.Canceled)
	require.ErrorIs(t, s.CreateListing(ctx, newListing(in.ID, Epoch)), context.Canceled)
	_, err = s.UpdateCustomerValues(ctx, in.ID, c.ULID, func(*marketplace.CustomerValues) error { return nil })
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.ListingsForCustomer(ctx, c.ULID)
	require.ErrorIs(t, err, context.Canceled)
	_, err = s.ListIntegrations(ctx, (&marketplace.Query{}).Normalize(), customerkit.Cursor{})
	require.ErrorIs(t, err, context.Canceled)

	got, err := s.GetIntegration(t.Context(), in.ID)
	require.NoError(t, err)
	require.Equal(t, 0, got.LatestVersion, "nothing was written")
	_, err = s.GetListing(t.Context(), in.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}
