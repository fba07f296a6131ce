package instance_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

func def(s string) *string { return &s }

// clock is a NowFunc that moves one second per call.
type clock struct{ n atomic.Int64 }

func (c *clock) Now() time.Time {
	return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).Add(time.Duration(c.n.Add(1)) * time.Second)
}

// fixture is an instance Service over a memstore, with the marketplace
// Service to publish integrations.
type fixture struct {
	t      testing.TB
	store  *memstore.Store
	market *marketplace.Service
	svc    *instance.Service
	next   int
}

func newFixture(t testing.TB, opts *instance.Options) *fixture {
	t.Helper()
	c := &clock{}
	o := instance.Options{}
	if opts != nil {
		o = *opts
	}
	o.NowFunc = c.Now
	store := memstore.New()
	return &fixture{
		t:      t,
		store:  store,
		market: marketplace.NewService(store, &marketplace.Options{NowFunc: c.Now}),
		svc:    instance.NewService(store, &o),
	}
}

// customer stores a new customer in status.
func (f *fixture) customer(status customer.Status) *customer.Customer {
	f.t.Helper()
	c := storagetest.NewCustomer(f.next)
	f.next++
	c.Status = status
	require.NoError(f.t, f.store.CreateCustomer(context.Background(), c))
	return c
}

// setStatus moves customer id to status, bypassing the transition rules.
func (f *fixture) setStatus(id ulid.ULID, status customer.Status) {
	f.t.Helper()
	_, err := f.store.UpdateCustomer(context.Background(), id, func(c *customer.Customer) error {
		c.Status = status
		return nil
	})
	require.NoError(f.t, err)
}

// integration creates an integration named name, publishes one version
// per vars list and, when l is not nil, lists it with l's fields.
func (f *fixture) integration(name string, l *marketplace.Listing, versions ...[]marketplace.ConfigVar) *marketplace.Integration {
	f.t.Helper()
	ctx := context.Background()
	in, err := f.market.CreateIntegration(ctx, &marketplace.Integration{Name: name, Description: name + " sync", Category: "CRM"})
	require.NoError(f.t, err)
	for _, vars := range versions {
		_, err := f.market.PublishVersion(ctx, in.ID, "", vars)
		require.NoError(f.t, err)
	}
	if l != nil {
		c := l.Clone()
		c.IntegrationID = in.ID
		_, err := f.market.PutListing(ctx, c, 0)
		require.NoError(f.t, err)
	}
	in, err = f.market.GetIntegration(ctx, in.ID)
	require.NoError(f.t, err)
	return in
}

// credential stores a credential of owner (zero: organization-wide).
func (f *fixture) credential(owner ulid.ULID, m credential.Method, custom string) ulid.ULID {
	f.t.Helper()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &credential.Credential{
		ID: ulid.Make(), CustomerID: owner, Name: "cred", Method: m, Custom: custom,
		Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	require.NoError(f.t, f.store.CreateCredential(context.Background(), c, nil))
	return c.ID
}

// crmVars is the standard version: customer variables (one required), an
// organization variable with a default, an embedded one the listing
// supplies, an optional connection.
func crmVars() []marketplace.ConfigVar {
	return []marketplace.ConfigVar{
		{Key: "api_url", Label: "API URL", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer},
		{Key: "mode", Type: marketplace.TypePicklist, Options: []string{"fast", "safe"}, Default: def("safe"), Visibility: marketplace.VisibilityCustomer},
		{Key: "batch", Type: marketplace.TypeNumber, Default: def("100"), Visibility: marketplace.VisibilityCustomer, Optional: true},
		{Key: "region", Type: marketplace.TypeString, Default: def("eu-secret-default"), Visibility: marketplace.VisibilityOrganization},
		{Key: "tenant", Type: marketplace.TypeString, Visibility: marketplace.VisibilityEmbedded},
		{Key: "conn", Type: marketplace.TypeConnection, AuthMethods: []string{"api_key", "acme_token"}, Visibility: marketplace.VisibilityCustomer, Optional: true},
	}
}

// deployable is a listing that every customer may activate once.
func deployable() *marketplace.Listing {
	return &marketplace.Listing{
		Availability: marketplace.AvailableDeployable,
		Overview:     "# CRM",
		OrgValues:    map[string]string{"tenant": "tenant-secret-value"},
	}
}

// complete are values that configure crmVars completely.
func completeValues() map[string]string {
	return map[string]string{"api_url": "https://crm.example.com"}
}

// requireCode asserts that err is a *customerkit.ValidationError with a
// problem of code at path.
func requireCode(t testing.TB, err error, path, code string) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	var ve *customerkit.ValidationError
	require.True(t, errors.As(err, &ve))
	for _, f := range ve.Fields {
		if f.Path == path {
			require.Equal(t, code, f.Code, "code at %s", path)
			return
		}
	}
	t.Fatalf("no problem at %s in %v", path, err)
}

// countingStore counts the calls to every method of instance.Store.
type countingStore struct {
	instance.Store
	calls atomic.Int64
}

func (s *countingStore) count() { s.calls.Add(1) }

func (s *countingStore) CreateInstance(ctx context.Context, i *instance.Instance, check func(*instance.Snapshot) error) error {
	s.count()
	return s.Store.CreateInstance(ctx, i, check)
}
func (s *countingStore) GetInstance(ctx context.Context, id ulid.ULID) (*instance.Instance, error) {
	s.count()
	return s.Store.GetInstance(ctx, id)
}
func (s *countingStore) UpdateInstance(ctx context.Context, id ulid.ULID, u func(*instance.Instance, *customer.Customer) error) (*instance.Instance, error) {
	s.count()
	return s.Store.UpdateInstance(ctx, id, u)
}
func (s *countingStore) DeleteInstance(ctx context.Context, id ulid.ULID, check func(*instance.Instance, *customer.Customer) error) error {
	s.count()
	return s.Store.DeleteInstance(ctx, id, check)
}
func (s *countingStore) ListInstances(ctx context.Context, q *instance.Query, after customerkit.Cursor) (customerkit.Page[instance.Instance], error) {
	s.count()
	return s.Store.ListInstances(ctx, q, after)
}
func (s *countingStore) CustomerInstances(ctx context.Context, id ulid.ULID) (*customer.Customer, []*instance.Instance, error) {
	s.count()
	return s.Store.CustomerInstances(ctx, id)
}
func (s *countingStore) GetCustomer(ctx context.Context, by customer.By, v string) (*customer.Customer, error) {
	s.count()
	return s.Store.GetCustomer(ctx, by, v)
}
func (s *countingStore) GetIntegration(ctx context.Context, id ulid.ULID) (*marketplace.Integration, error) {
	s.count()
	return s.Store.GetIntegration(ctx, id)
}
func (s *countingStore) GetVersion(ctx context.Context, id ulid.ULID, n int) (*marketplace.IntegrationVersion, error) {
	s.count()
	return s.Store.GetVersion(ctx, id, n)
}
func (s *countingStore) GetListing(ctx context.Context, id ulid.ULID) (*marketplace.Listing, error) {
	s.count()
	return s.Store.GetListing(ctx, id)
}
func (s *countingStore) GetCustomerValues(ctx context.Context, id, cid ulid.ULID) (*marketplace.CustomerValues, error) {
	s.count()
	return s.Store.GetCustomerValues(ctx, id, cid)
}
func (s *countingStore) ListingsForCustomer(ctx context.Context, id ulid.ULID) ([]*marketplace.ListingBundle, error) {
	s.count()
	return s.Store.ListingsForCustomer(ctx, id)
}
func (s *countingStore) GetCredential(ctx context.Context, id ulid.ULID) (*credential.Credential, error) {
	s.count()
	return s.Store.GetCredential(ctx, id)
}
