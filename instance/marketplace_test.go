package instance_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
)

// TestMarketplaceRoles checks every handle method against every role.
func TestMarketplaceRoles(t *testing.T) {
	t.Parallel()
	type call struct {
		name string
		// allowed says which roles may call it.
		allowed func(marketplace.Role) bool
		run     func(ctx context.Context, h *instance.Marketplace, in, inst ulid.ULID) error
	}
	calls := []call{
		{"View", marketplace.Role.CanView, func(ctx context.Context, h *instance.Marketplace, _, _ ulid.ULID) error {
			_, err := h.View(ctx)
			return err
		}},
		{"Instances", marketplace.Role.CanView, func(ctx context.Context, h *instance.Marketplace, _, _ ulid.ULID) error {
			_, err := h.Instances(ctx, nil, customerkit.Cursor{})
			return err
		}},
		{"Instance", marketplace.Role.CanView, func(ctx context.Context, h *instance.Marketplace, _, i ulid.ULID) error {
			_, err := h.Instance(ctx, i)
			return err
		}},
		{"Activate", marketplace.Role.CanActivate, func(ctx context.Context, h *instance.Marketplace, in, _ ulid.ULID) error {
			_, err := h.Activate(ctx, in, instance.ActivateInput{Name: "again", Values: completeValues()})
			return err
		}},
		{"Configure", marketplace.Role.CanConfigure, func(ctx context.Context, h *instance.Marketplace, _, i ulid.ULID) error {
			_, err := h.Configure(ctx, i, map[string]string{"mode": "fast"})
			return err
		}},
		{"Deploy", marketplace.Role.CanConfigure, func(ctx context.Context, h *instance.Marketplace, _, i ulid.ULID) error {
			_, err := h.Deploy(ctx, i)
			return err
		}},
		{"Pause", marketplace.Role.CanConfigure, func(ctx context.Context, h *instance.Marketplace, _, i ulid.ULID) error {
			_, err := h.Pause(ctx, i)
			return err
		}},
		{"Resume", marketplace.Role.CanConfigure, func(ctx context.Context, h *instance.Marketplace, _, i ulid.ULID) error {
			_, err := h.Resume(ctx, i)
			return err
		}},
		{"Upgrade", marketplace.Role.CanConfigure, func(ctx context.Context, h *instance.Marketplace, _, i ulid.ULID) error {
			_, err := h.Upgrade(ctx, i, nil)
			return err
		}},
		{"Deactivate", marketplace.Role.CanActivate, func(ctx context.Context, h *instance.Marketplace, _, i ulid.ULID) error {
			return h.Deactivate(ctx, i)
		}},
	}
	roles := append(marketplace.Roles(), "", "owner")
	for _, c := range calls {
		for _, role := range roles {
			t.Run(c.name+"/"+string(role), func(t *testing.T) {
				t.Parallel()
				ctx := t.Context()
				f := newFixture(t, nil)
				cust := f.customer(customer.StatusActive)
				l := deployable()
				l.AllowMultiple = true
				l.PinnedVersion = 1
				in := f.integration("CRM", l, crmVars(), crmVars())
				v, err := f.svc.Marketplace(cust.ULID, marketplace.RoleAdmin).Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
				require.NoError(t, err)
				if c.name == "Resume" {
					_, err = f.svc.Pause(ctx, v.ID)
					require.NoError(t, err)
				}
				if c.name == "Upgrade" {
					_, err = f.market.PinVersion(ctx, in.ID, 2)
					require.NoError(t, err)
				}
				err = c.run(ctx, f.svc.Marketplace(cust.ULID, role), in.ID, v.ID)
				if c.allowed(role) {
					require.NoError(t, err)
				} else {
					require.ErrorIs(t, err, customerkit.ErrPermissionDenied)
				}
			})
		}
	}
}

// TestMarketplaceOtherCustomer checks that a handle cannot name another
// customer's instances.
func TestMarketplaceOtherCustomer(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	a, b := f.customer(customer.StatusActive), f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())
	v, err := f.svc.Marketplace(a.ULID, marketplace.RoleAdmin).Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
	require.NoError(t, err)
	h := f.svc.Marketplace(b.ULID, marketplace.RoleAdmin)
	for name, run := range map[string]func() error{
		"Instance":   func() error { _, err := h.Instance(ctx, v.ID); return err },
		"Configure":  func() error { _, err := h.Configure(ctx, v.ID, map[string]string{"mode": "fast"}); return err },
		"Deploy":     func() error { _, err := h.Deploy(ctx, v.ID); return err },
		"Pause":      func() error { _, err := h.Pause(ctx, v.ID); return err },
		"Resume":     func() error { _, err := h.Resume(ctx, v.ID); return err },
		"Upgrade":    func() error { _, err := h.Upgrade(ctx, v.ID, nil); return err },
		"Deactivate": func() error { return h.Deactivate(ctx, v.ID) },
	} {
		require.ErrorIs(t, run(), customerkit.ErrNotFound, name)
	}
	i, err := f.svc.Get(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, int64(1), i.Version, "nothing changed")
	// An unknown customer's handle.
	_, err = f.svc.Marketplace(ulid.Make(), marketplace.RoleAdmin).View(ctx)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}

func TestView(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	other := f.customer(customer.StatusActive)

	// contact us: an organization variable without a default or value.
	contact := crmVars()
	contact = append(contact, marketplace.ConfigVar{Key: "account_key", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization})
	contactListing := deployable()
	contactListing.Availability = marketplace.AvailableNotDeployable
	ci := f.integration("Contact", contactListing, contact)
	hidden := deployable()
	hidden.Availability = marketplace.NotAvailable
	f.integration("Hidden", hidden, crmVars())
	elsewhere := deployable()
	elsewhere.AllowedCustomers = []ulid.ULID{other.ULID}
	f.integration("Elsewhere", elsewhere, crmVars())
	multi := deployable()
	multi.AllowMultiple = true
	mi := f.integration("Multi", multi, crmVars())
	one := f.integration("One", deployable(), crmVars())

	h := f.svc.Marketplace(c.ULID, marketplace.RoleMarketplaceAdmin)
	for _, name := range []string{"first", "second"} {
		_, err := h.Activate(ctx, mi.ID, instance.ActivateInput{Name: name, Values: completeValues()})
		require.NoError(t, err)
	}
	p, err := h.Activate(ctx, one.ID, instance.ActivateInput{Values: completeValues()})
	require.NoError(t, err)
	_, err = h.Pause(ctx, p.ID)
	require.NoError(t, err)

	v, err := h.View(ctx)
	require.NoError(t, err)
	require.Len(t, v.Listings, 3, "not_available and other customers' listings are not shown")
	cl := v.Listing(ci.ID)
	require.False(t, cl.Deployability.Deployable)
	require.True(t, cl.Deployability.Has(marketplace.ReasonContactUs))
	require.True(t, cl.Deployability.Has(marketplace.ReasonMissingValue))
	for _, pr := range cl.Deployability.Problems {
		require.Empty(t, pr.Key, "no organization variable is named")
		require.NotContains(t, pr.Detail, "account_key")
	}
	require.Equal(t, instance.ListingNone, cl.State)
	require.Equal(t, instance.CountZero, cl.Count)

	ml := v.Listing(mi.ID)
	require.True(t, ml.Deployability.Deployable, "multiple instances allowed")
	require.Equal(t, instance.ListingActivated, ml.State)
	require.Equal(t, instance.CountMultiple, ml.Count)
	require.Len(t, ml.Instances, 2)
	ol := v.Listing(one.ID)
	require.Equal(t, instance.ListingPaused, ol.State)
	require.Equal(t, instance.CountOne, ol.Count)
	require.True(t, ol.Deployability.Has(marketplace.ReasonAlreadyActivated))

	keys := func(vars []marketplace.ConfigVar) []string {
		var out []string
		for _, cv := range vars {
			out = append(out, cv.Key)
		}
		return out
	}
	require.ElementsMatch(t, []string{"api_url", "mode", "batch", "conn"}, keys(ml.ConfigVars))

	// Nothing of organization or embedded variables leaks, anywhere.
	_, err = f.svc.Configure(ctx, ml.Instances[0].ID, map[string]string{"region": "org-private-value"})
	require.NoError(t, err)
	v, err = h.View(ctx)
	require.NoError(t, err)
	b, err := json.Marshal(v)
	require.NoError(t, err)
	for _, secret := range []string{"eu-secret-default", "tenant-secret-value", "org-private-value", "region", "tenant", "account_key"} {
		require.NotContains(t, string(b), secret)
	}

	// A marketplace_user sees the listings, with the role as a reason.
	v, err = f.svc.Marketplace(c.ULID, marketplace.RoleMarketplaceUser).View(ctx)
	require.NoError(t, err)
	require.True(t, v.Listing(mi.ID).Deployability.Has(marketplace.ReasonRole))
}

// TestViewQueries checks that a view costs two store queries whatever the
// number of listings and instances.
func TestViewQueries(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 25} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			ctx := t.Context()
			f := newFixture(t, nil)
			c := f.customer(customer.StatusActive)
			for k := range n {
				in := f.integration(fmt.Sprintf("I%d", k), deployable(), crmVars())
				_, err := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin).Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
				require.NoError(t, err)
			}
			cs := &countingStore{Store: f.store}
			v, err := instance.NewService(cs, nil).Marketplace(c.ULID, marketplace.RoleMember).View(ctx)
			require.NoError(t, err)
			require.Len(t, v.Listings, n)
			require.Equal(t, int64(2), cs.calls.Load())
		})
	}
}

// TestActivateConcurrent races 20 activations of a listing that allows one
// instance: exactly one wins, the others are told it is activated already.
func TestActivateConcurrent(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, nil)
	c := f.customer(customer.StatusActive)
	in := f.integration("CRM", deployable(), crmVars())
	h := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for k := range errs {
		wg.Go(func() {
			_, errs[k] = h.Activate(ctx, in.ID, instance.ActivateInput{Values: completeValues()})
		})
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		var nd *instance.NotDeployableError
		require.True(t, errors.As(err, &nd), "%v", err)
		require.True(t, nd.Has(marketplace.ReasonAlreadyActivated))
		require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	}
	require.Equal(t, 1, won)
}

func TestActivateRules(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	f := newFixture(t, &instance.Options{MaxInstances: 2})
	c := f.customer(customer.StatusActive)
	other := f.customer(customer.StatusActive)
	h := f.svc.Marketplace(c.ULID, marketplace.RoleAdmin)

	contactListing := deployable()
	contactListing.Availability = marketplace.AvailableNotDeployable
	contact := f.integration("Contact", contactListing, crmVars())
	_, err := h.Activate(ctx, contact.ID, instance.ActivateInput{})
	var nd *instance.NotDeployableError
	require.True(t, errors.As(err, &nd))
	require.True(t, nd.Has(marketplace.ReasonContactUs))

	elsewhere := deployable()
	elsewhere.AllowedCustomers = []ulid.ULID{other.ULID}
	else1 := f.integration("Elsewhere", elsewhere, crmVars())
	_, err = h.Activate(ctx, else1.ID, instance.ActivateInput{})
	require.ErrorIs(t, err, customerkit.ErrNotFound, "not visible to the customer")
	unlisted := f.integration("Unlisted", nil, crmVars())
	_, err = h.Activate(ctx, unlisted.ID, instance.ActivateInput{})
	require.ErrorIs(t, err, customerkit.ErrNotFound)

	// Incomplete values: the instance starts unconfigured, not deployed.
	multi := deployable()
	multi.AllowMultiple = true
	mi := f.integration("Multi", multi, crmVars())
	v, err := h.Activate(ctx, mi.ID, instance.ActivateInput{})
	require.NoError(t, err)
	require.Equal(t, instance.StateUnconfigured, v.State)
	require.Zero(t, v.DeployCount)
	_, err = h.Activate(ctx, mi.ID, instance.ActivateInput{Values: map[string]string{"tenant": "x"}})
	requireCode(t, err, `values["tenant"]`, customerkit.CodeNotSupported)
	_, err = h.Activate(ctx, mi.ID, instance.ActivateInput{Name: "two"})
	require.NoError(t, err)
	_, err = h.Activate(ctx, mi.ID, instance.ActivateInput{Name: "three"})
	require.True(t, errors.As(err, &nd))
	require.True(t, nd.Has(marketplace.ReasonQuota))

	// Deactivate frees the quota.
	require.NoError(t, h.Deactivate(ctx, v.ID))
	require.ErrorIs(t, h.Deactivate(ctx, v.ID), customerkit.ErrNotFound)
	_, err = h.Activate(ctx, mi.ID, instance.ActivateInput{Name: "three"})
	require.NoError(t, err)
}
