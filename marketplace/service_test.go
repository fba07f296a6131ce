package marketplace_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
)

var testNow = time.Date(2025, time.May, 1, 12, 0, 0, 0, time.UTC)

func newService(t testing.TB) (*marketplace.Service, *memstore.Store) {
	t.Helper()
	store := memstore.New()
	return marketplace.NewService(store, &marketplace.Options{NowFunc: func() time.Time { return testNow }}), store
}

func newCustomer(t testing.TB, store *memstore.Store, email string) *customer.Customer {
	t.Helper()
	c, err := customer.NewService(store, nil).Create(t.Context(), &customer.Customer{Email: email, FirstName: "Ana", LastName: "Lima", Type: customer.TypePersonal, Country: "BR", Currency: "BRL"})
	require.NoError(t, err)
	return c
}

func TestServiceIntegration(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	ctx := t.Context()

	_, err := svc.CreateIntegration(ctx, &marketplace.Integration{Name: " ", Icon: "ftp://x", Labels: []string{""}})
	require.Equal(t, []string{"name=required", "labels[0]=required", "icon=invalid"}, codes(t, err))

	in, err := svc.CreateIntegration(ctx, &marketplace.Integration{Name: "  Salesforce ", Category: "CRM", Labels: []string{"Sync", "sync"}, Icon: "https://x.io/i.svg"})
	require.NoError(t, err)
	require.Equal(t, "Salesforce", in.Name)
	require.Equal(t, []string{"sync"}, in.Labels)
	require.Equal(t, int64(1), in.Version)
	require.False(t, in.ID.IsZero())
	require.Equal(t, testNow, in.CreatedAt)

	_, err = svc.CreateIntegration(ctx, &marketplace.Integration{Name: "SALESFORCE"})
	var ae *customerkit.AlreadyExistsError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "name", ae.Field)

	up, err := svc.UpdateIntegration(ctx, in.ID, in.Version, func(x *marketplace.Integration) error { x.Description = "CRM sync"; return nil })
	require.NoError(t, err)
	require.Equal(t, "CRM sync", up.Description)
	_, err = svc.UpdateIntegration(ctx, in.ID, in.Version, func(x *marketplace.Integration) error { return nil })
	require.ErrorIs(t, err, customerkit.ErrConflict, "a stale version")
	_, err = svc.UpdateIntegration(ctx, in.ID, 0, func(x *marketplace.Integration) error {
		x.CustomerID, x.LatestVersion = ulid.Make(), 7
		return nil
	})
	require.Equal(t, []string{"customer_id=immutable", "latest_version=immutable"}, codes(t, err))

	// A customer-specific integration needs its customer.
	_, err = svc.CreateIntegration(ctx, &marketplace.Integration{Name: "Custom", CustomerID: ulid.Make()})
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}

func TestServicePublish(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	ctx := t.Context()
	in, err := svc.CreateIntegration(ctx, &marketplace.Integration{Name: "Sync"})
	require.NoError(t, err)

	bad := validVars()
	bad[1].Default = strp("slow")
	bad[2].AuthMethods = nil
	_, err = svc.PublishVersion(ctx, in.ID, "broken", bad)
	require.Equal(t, []string{"config_vars[1].default=not_supported", "config_vars[2].auth_methods=required"}, codes(t, err))

	vars := validVars()
	vars = append(vars, marketplace.ConfigVar{Key: "n", Type: marketplace.TypeNumber, Default: strp("1.50"), Visibility: marketplace.VisibilityCustomer})
	v1, err := svc.PublishVersion(ctx, in.ID, " first ", vars)
	require.NoError(t, err)
	require.Equal(t, 1, v1.Number)
	require.Equal(t, "first", v1.Comment)
	require.True(t, v1.Available)
	n, _ := v1.Var("n")
	require.Equal(t, "1.5", *n.Default, "defaults are stored canonical")
	*vars[0].Default = "changed"
	got, err := svc.GetVersion(ctx, in.ID, 1)
	require.NoError(t, err)
	require.Equal(t, "https://x", *got.ConfigVars[0].Default, "the caller's slice is not kept")

	_, err = svc.PublishVersion(ctx, ulid.Make(), "", nil)
	require.ErrorIs(t, err, customerkit.ErrNotFound)

	// Concurrent publishers through the service.
	var wg sync.WaitGroup
	for range 10 {
		wg.Go(func() {
			_, err := svc.PublishVersion(ctx, in.ID, "", validVars())
			require.NoError(t, err)
		})
	}
	wg.Wait()
	var numbers []int
	for v, err := range svc.Versions(ctx, in.ID) {
		require.NoError(t, err)
		numbers = append(numbers, v.Number)
	}
	require.Len(t, numbers, 11)
	for i, n := range numbers {
		require.Equal(t, i+1, n)
	}

	v, err := svc.SetVersionAvailable(ctx, in.ID, 1, false)
	require.NoError(t, err)
	require.False(t, v.Available)
	require.Equal(t, v1.ConfigVars, v.ConfigVars)
}

func TestServiceListing(t *testing.T) {
	t.Parallel()
	svc, store := newService(t)
	ctx := t.Context()
	ca, cb := newCustomer(t, store, "a@example.com"), newCustomer(t, store, "b@example.com")
	in, err := svc.CreateIntegration(ctx, &marketplace.Integration{Name: "Sync"})
	require.NoError(t, err)
	vars := []marketplace.ConfigVar{
		{Key: "token", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization},
		{Key: "limit", Type: marketplace.TypeNumber, Visibility: marketplace.VisibilityEmbedded},
	}
	for range 3 {
		_, err = svc.PublishVersion(ctx, in.ID, "", vars)
		require.NoError(t, err)
	}

	_, err = svc.PutListing(ctx, &marketplace.Listing{IntegrationID: in.ID, PinnedVersion: 9, Availability: "soon"}, 0)
	require.Equal(t, []string{"pinned_version=invalid"}, codes(t, err))
	_, err = svc.PutListing(ctx, &marketplace.Listing{IntegrationID: in.ID, Availability: "soon", OrgValues: map[string]string{"limit": "many", "bad key": "x"}}, 0)
	require.Equal(t, []string{"availability=not_supported", `org_values["bad key"]=invalid`, `org_values["limit"]=invalid`}, codes(t, err))
	_, err = svc.PutListing(ctx, &marketplace.Listing{IntegrationID: ulid.Make(), Availability: marketplace.AvailableDeployable}, 0)
	require.ErrorIs(t, err, customerkit.ErrNotFound)

	l, err := svc.PutListing(ctx, &marketplace.Listing{
		IntegrationID: in.ID, Availability: marketplace.AvailableDeployable,
		AllowedCustomers: []ulid.ULID{ca.ULID, ca.ULID}, OrgValues: map[string]string{"limit": "010"},
	}, 0)
	require.NoError(t, err)
	require.Equal(t, int64(1), l.Version)
	require.Equal(t, []ulid.ULID{ca.ULID}, l.AllowedCustomers)
	require.Equal(t, map[string]string{"limit": "10"}, l.OrgValues)

	p, err := svc.PresentedVersion(ctx, in.ID)
	require.NoError(t, err)
	require.Equal(t, 3, p.Number)
	l, err = svc.PinVersion(ctx, in.ID, 2)
	require.NoError(t, err)
	require.Equal(t, 2, l.PinnedVersion)
	_, err = svc.PinVersion(ctx, in.ID, 4)
	require.Equal(t, []string{"pinned_version=invalid"}, codes(t, err))
	p, err = svc.PresentedVersion(ctx, in.ID)
	require.NoError(t, err)
	require.Equal(t, 2, p.Number)

	// Replace with If-Match.
	_, err = svc.PutListing(ctx, &marketplace.Listing{IntegrationID: in.ID, Availability: marketplace.AvailableNotDeployable}, 1)
	require.ErrorIs(t, err, customerkit.ErrConflict)
	l, err = svc.PutListing(ctx, &marketplace.Listing{IntegrationID: in.ID, Availability: marketplace.AvailableNotDeployable, OrgValues: map[string]string{"token": "t"}}, l.Version)
	require.NoError(t, err)
	require.Equal(t, int64(3), l.Version)
	require.Empty(t, l.AllowedCustomers)

	// Customer values.
	_, err = svc.SetCustomerValues(ctx, in.ID, cb.ULID, map[string]string{"limit": "x"})
	require.Equal(t, []string{`values["limit"]=invalid`}, codes(t, err))
	cv, err := svc.SetCustomerValues(ctx, in.ID, cb.ULID, map[string]string{"limit": "5.0"})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"limit": "5"}, cv.Values)

	bundles, err := svc.ListingsForCustomer(ctx, cb.ULID)
	require.NoError(t, err)
	require.Len(t, bundles, 1)
	b := bundles[0]
	d := marketplace.Deployable(marketplace.DeployInput{
		Customer: cb, Integration: b.Integration, Listing: b.Listing, Version: b.Version,
		CustomerValues: b.CustomerValues.Values, Role: marketplace.RoleAdmin,
	})
	require.Equal(t, []marketplace.Reason{marketplace.ReasonContactUs}, reasons(d))

	var listed []*marketplace.Listing
	for l, err := range svc.Listings(ctx, nil) {
		require.NoError(t, err)
		listed = append(listed, l)
	}
	require.Len(t, listed, 1)

	require.NoError(t, svc.RemoveListing(ctx, in.ID))
	require.ErrorIs(t, svc.RemoveListing(ctx, in.ID), customerkit.ErrNotFound)
	_, err = svc.PresentedVersion(ctx, in.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = svc.GetCustomerValues(ctx, in.ID, cb.ULID)
	require.NoError(t, err, "removing a listing keeps the customers' values")
}

func TestServiceIntegrationsIterate(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	for i := range 7 {
		_, err := svc.CreateIntegration(t.Context(), &marketplace.Integration{Name: fmt.Sprint("I", i), Category: []string{"CRM", "ERP"}[i%2]})
		require.NoError(t, err)
	}
	n := 0
	for _, err := range svc.Integrations(t.Context(), &marketplace.Query{Category: "crm", Limit: 2}) {
		require.NoError(t, err)
		n++
	}
	require.Equal(t, 4, n)
	page, err := svc.ListIntegrations(t.Context(), &marketplace.Query{Limit: 3}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 3)
	require.False(t, page.Next.IsZero())
}

func TestServiceErrorsMatchOneSentinel(t *testing.T) {
	t.Parallel()
	svc, _ := newService(t)
	_, err := svc.GetIntegration(t.Context(), ulid.Make())
	sentinels := []error{customerkit.ErrNotFound, customerkit.ErrAlreadyExists, customerkit.ErrConflict, customerkit.ErrInvalid, customerkit.ErrFailedPrecondition, customerkit.ErrPermissionDenied}
	matched := 0
	for _, s := range sentinels {
		if errors.Is(err, s) {
			matched++
		}
	}
	require.Equal(t, 1, matched)
}
