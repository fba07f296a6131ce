package instance_test

import (
	"context"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// viewStores returns a store of each adapter, for tests that run a view on
// both: the in-memory store, and the SQL store over a SQLite file.
func viewStores(t *testing.T) map[string]BenchStore {
	return map[string]BenchStore{"memstore": memstore.New(), "sqlite": sqliteStore(t)}
}

// seedView stores a customer, three listed integrations whose versions
// have customer variables with options, defaults and auth methods (one
// listing with labels of its own, one allowing several instances, one
// asking for an organization value) and two instances with values; it
// returns the customer.
func seedView(t *testing.T, s BenchStore) *customer.Customer {
	t.Helper()
	ctx := t.Context()
	c := storagetest.NewCustomer(1)
	require.NoError(t, s.CreateCustomer(ctx, c))
	market := marketplace.NewService(s, nil)
	svc := instance.NewService(s, nil)
	h := svc.Marketplace(c.ULID, marketplace.RoleAdmin)
	for k, name := range []string{"Labelled", "Multi", "Missing"} {
		in, err := market.CreateIntegration(ctx, &marketplace.Integration{Name: name, Category: "CRM", Labels: []string{"sync", "crm"}})
		require.NoError(t, err)
		vars := crmVars()
		if name == "Missing" {
			vars = append(vars, marketplace.ConfigVar{Key: "account", Type: marketplace.TypeString, Visibility: marketplace.VisibilityOrganization})
		}
		_, err = market.PublishVersion(ctx, in.ID, "", vars)
		require.NoError(t, err)
		l := deployable()
		l.IntegrationID = in.ID
		l.AllowMultiple = k == 1
		if k == 0 {
			l.Labels = []string{"featured"}
		}
		_, err = market.PutListing(ctx, l, 0)
		require.NoError(t, err)
		if k < 2 {
			_, err = h.Activate(ctx, in.ID, instance.ActivateInput{Values: map[string]string{"api_url": "https://crm.example.com", "mode": "fast"}})
			require.NoError(t, err)
		}
	}
	return c
}

// changeView changes everything a caller can reach in v: strings, slices
// (in place and by appending), maps, the definitions' options, defaults
// and auth methods, the instances and the problems.
func changeView(v *instance.View) {
	for _, l := range v.Listings {
		l.Name, l.Category, l.Overview = "changed", "changed", "changed"
		for i := range l.Labels {
			l.Labels[i] = "changed"
		}
		l.Labels = append(l.Labels, "appended")
		for i := range l.ConfigVars {
			cv := &l.ConfigVars[i]
			cv.Key, cv.Label = "changed", "changed"
			for k := range cv.Options {
				cv.Options[k] = "changed"
			}
			cv.Options = append(cv.Options, "appended")
			for k := range cv.AuthMethods {
				cv.AuthMethods[k] = "changed"
			}
			cv.AuthMethods = append(cv.AuthMethods, "appended")
			if cv.Default != nil {
				*cv.Default = "changed"
			}
		}
		l.ConfigVars = append(l.ConfigVars, marketplace.ConfigVar{Key: "appended"})
		for i := range l.Deployability.Problems {
			l.Deployability.Problems[i].Detail = "changed"
		}
		for _, i := range l.Instances {
			i.Name = "changed"
			for k := range i.Values {
				i.Values[k] = "changed"
			}
			i.Values["added"] = "added"
		}
		l.Instances = append(l.Instances, &instance.InstanceView{Name: "appended"})
	}
}

// TestViewIsolation checks that a View is its caller's own: changing
// everything in one changes neither a later View, nor another View taken
// before, nor what the store returns. The stores share their records with
// the view (SharedListingsForCustomer), so a record handed out uncopied
// would show here.
func TestViewIsolation(t *testing.T) {
	for name, s := range viewStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			c := seedView(t, s)
			h := instance.NewService(s, nil).Marketplace(c.ULID, marketplace.RoleMarketplaceAdmin)
			stored, err := s.ListingsForCustomer(ctx, c.ULID)
			require.NoError(t, err)
			first, err := h.View(ctx)
			require.NoError(t, err)
			kept, err := h.View(ctx)
			require.NoError(t, err)
			require.Equal(t, first, kept)
			require.NotEmpty(t, first.Listing(stored[0].Integration.ID).Labels)
			changeView(first)
			for range 2 {
				again, err := h.View(ctx)
				require.NoError(t, err)
				require.Equal(t, kept, again, "a change to an earlier View shows in a later one")
				changeView(again)
				require.NotEqual(t, kept, again)
			}
			after, err := s.ListingsForCustomer(ctx, c.ULID)
			require.NoError(t, err)
			require.Equal(t, stored, after, "a change to a View shows in the store")
		})
	}
}

// hiddenShared is a store without SharedListingsForCustomer: views over it
// read ListingsForCustomer.
type hiddenShared struct{ BenchStore }

// sharedCounter counts the SharedListingsForCustomer calls of its store.
type sharedCounter struct {
	*countingStore
	shared marketplace.SharedListingsReader
	n      int
}

func (s *sharedCounter) SharedListingsForCustomer(ctx context.Context, id ulid.ULID) ([]*marketplace.ListingBundle, error) {
	s.count()
	s.n++
	return s.shared.SharedListingsForCustomer(ctx, id)
}

// TestViewSharedReads checks that a view over a store that shares its
// records is the view over the same store read through ListingsForCustomer,
// for every role, and still costs two store queries.
func TestViewSharedReads(t *testing.T) {
	for name, s := range viewStores(t) {
		t.Run(name, func(t *testing.T) {
			ctx := t.Context()
			c := seedView(t, s)
			_, ok := s.(marketplace.SharedListingsReader)
			require.True(t, ok, "the store shares its listings")
			for _, role := range marketplace.Roles() {
				shared, err := instance.NewService(s, nil).Marketplace(c.ULID, role).View(ctx)
				require.NoError(t, err)
				copied, err := instance.NewService(hiddenShared{s}, nil).Marketplace(c.ULID, role).View(ctx)
				require.NoError(t, err)
				require.Equal(t, copied, shared, "role %s", role)
			}
			cs := &sharedCounter{countingStore: &countingStore{Store: s}, shared: s.(marketplace.SharedListingsReader)}
			_, err := instance.NewService(cs, nil).Marketplace(c.ULID, marketplace.RoleMember).View(ctx)
			require.NoError(t, err)
			require.Equal(t, int64(2), cs.calls.Load(), "two store queries")
			require.Equal(t, 1, cs.n, "the listings through SharedListingsForCustomer")
		})
	}
}
