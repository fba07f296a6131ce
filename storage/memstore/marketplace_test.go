package memstore_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

func TestMarketplaceConformance(t *testing.T) {
	t.Parallel()
	storagetest.RunMarketplace(t, func(*testing.T) storagetest.MarketplaceStore { return memstore.New() })
}

// The view's query reads under the same lock publishers and listing
// writers take: under -race, concurrent writers and readers never see a
// half-written record, and every bundle is consistent (the presented
// version is one that exists, of the right integration).
func TestListingsForCustomerWhileWriting(t *testing.T) {
	t.Parallel()
	s := memstore.New()
	ctx := t.Context()
	c := storagetest.NewCustomer(1)
	require.NoError(t, s.CreateCustomer(ctx, c))
	var ins []*marketplace.Integration
	for i := range 5 {
		in := storagetest.NewIntegration(i)
		require.NoError(t, s.CreateIntegration(ctx, in))
		require.NoError(t, s.CreateListing(ctx, &marketplace.Listing{IntegrationID: in.ID, Availability: marketplace.AvailableDeployable, Version: 1}))
		ins = append(ins, in)
	}
	var wg sync.WaitGroup
	for _, in := range ins {
		wg.Go(func() {
			for n := range 20 {
				_, err := s.PublishVersion(ctx, &marketplace.IntegrationVersion{IntegrationID: in.ID, Available: n%2 == 0})
				require.NoError(t, err)
				_, err = s.UpdateListing(ctx, in.ID, func(l *marketplace.Listing) error { l.Overview = fmt.Sprint(n); return nil })
				require.NoError(t, err)
			}
		})
	}
	for range 4 {
		wg.Go(func() {
			for range 50 {
				bundles, err := s.ListingsForCustomer(ctx, c.ULID)
				require.NoError(t, err)
				require.Len(t, bundles, len(ins))
				for _, b := range bundles {
					if b.Version != nil {
						require.Equal(t, b.Integration.ID, b.Version.IntegrationID)
						require.LessOrEqual(t, b.Version.Number, b.Integration.LatestVersion)
						require.True(t, b.Version.Available)
					}
				}
			}
		})
	}
	wg.Wait()
}

// BenchmarkListingsForCustomer measures the view's one query with 200
// listings (a third restricted to other customers) of 3 versions each.
func BenchmarkListingsForCustomer(b *testing.B) {
	s := memstore.New()
	ctx := b.Context()
	me, other := storagetest.NewCustomer(1), storagetest.NewCustomer(2)
	for _, c := range []*customer.Customer{me, other} {
		require.NoError(b, s.CreateCustomer(ctx, c))
	}
	for i := range 200 {
		in := storagetest.NewIntegration(i)
		require.NoError(b, s.CreateIntegration(ctx, in))
		for range 3 {
			_, err := s.PublishVersion(ctx, &marketplace.IntegrationVersion{IntegrationID: in.ID, Available: true,
				ConfigVars: []marketplace.ConfigVar{{Key: "k", Type: marketplace.TypeString, Visibility: marketplace.VisibilityCustomer}}})
			require.NoError(b, err)
		}
		l := &marketplace.Listing{IntegrationID: in.ID, Availability: marketplace.AvailableDeployable, Version: 1}
		if i%3 == 0 {
			l.AllowedCustomers = append(l.AllowedCustomers, other.ULID)
		}
		require.NoError(b, s.CreateListing(ctx, l))
	}
	b.ReportAllocs()
	for b.Loop() {
		bundles, err := s.ListingsForCustomer(ctx, me.ULID)
		if err != nil || len(bundles) != 133 {
			b.Fatal(err, len(bundles))
		}
	}
}
