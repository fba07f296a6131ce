package memstore

import (
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/instance"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// deleteByCustomer and countByCustomer, which the customer deletion calls
// with the Store locked, remove and count one customer's instances in
// every index and leave the others.
func TestInstanceDeleteByCustomer(t *testing.T) {
	t.Parallel()
	s := New()
	ctx := t.Context()
	a, b := storagetest.NewCustomer(1), storagetest.NewCustomer(2)
	require.NoError(t, s.CreateCustomer(ctx, a))
	require.NoError(t, s.CreateCustomer(ctx, b))
	x, y := storagetest.NewIntegration(1), storagetest.NewIntegration(2)
	require.NoError(t, s.CreateIntegration(ctx, x))
	require.NoError(t, s.CreateIntegration(ctx, y))
	var rest []ulid.ULID
	for i := range 10 {
		owner := []ulid.ULID{a.ULID, b.ULID}[i%2]
		in := storagetest.NewInstance(i, owner, []ulid.ULID{x.ID, y.ID}[(i/2)%2])
		require.NoError(t, s.CreateInstance(ctx, in, nil))
		if owner == b.ULID {
			rest = append(rest, in.ID)
		}
	}
	s.mu.Lock()
	require.Equal(t, 5, s.instances.countByCustomer(a.ULID))
	require.Equal(t, 0, s.instances.countByCustomer(ulid.Make()))
	s.instances.deleteByCustomer(a.ULID)
	s.instances.deleteByCustomer(ulid.Make())
	require.Equal(t, 0, s.instances.countByCustomer(a.ULID))
	require.Equal(t, 5, s.instances.countByCustomer(b.ULID))
	s.mu.Unlock()

	for _, q := range []*instance.Query{{}, {IntegrationID: x.ID}, {IntegrationID: y.ID}, {CustomerID: a.ULID}} {
		page, err := s.ListInstances(ctx, q, customerkit.Cursor{})
		require.NoError(t, err)
		for _, i := range page.Items {
			require.Equal(t, b.ULID, i.CustomerID)
		}
	}
	page, err := s.ListInstances(ctx, &instance.Query{}, customerkit.Cursor{})
	require.NoError(t, err)
	var got []ulid.ULID
	for _, i := range page.Items {
		got = append(got, i.ID)
	}
	require.Equal(t, rest, got)
	require.Len(t, s.instances.byID, 5)
	require.Equal(t, 5, s.instances.all.Len())
}
