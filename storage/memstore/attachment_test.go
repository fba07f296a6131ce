package memstore

import (
	"math/rand/v2"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/attachment"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// attachmentInvariants checks that the running usage and the per-customer
// indexes agree with the records, and that nothing empty is kept.
func attachmentInvariants(t *testing.T, s *Store) {
	t.Helper()
	s.mu.RLock()
	defer s.mu.RUnlock()
	tb := s.attachments
	want := map[ulid.ULID]attachment.Usage{}
	for id, r := range tb.byID {
		require.Equal(t, id, r.a.ID)
		require.Equal(t, r.a.Size, int64(len(r.data)))
		u := want[r.a.CustomerID]
		u.Count++
		u.Bytes += r.a.Size
		want[r.a.CustomerID] = u
	}
	require.Equal(t, want, tb.usage)
	n := 0
	for cust, x := range tb.byCustomer {
		require.Positive(t, x.Len(), "an empty index is kept")
		prev := ulid.ULID{}
		for r := range x.All() {
			require.Equal(t, cust, r.a.CustomerID)
			require.Same(t, tb.byID[r.a.ID], r, "the index holds a replaced record")
			require.Positive(t, r.a.ID.Compare(prev))
			prev = r.a.ID
			n++
		}
	}
	require.Equal(t, len(tb.byID), n)
	for cust := range tb.logos {
		require.NotNil(t, s.customers.byULID[cust], "a logo outlived its customer")
	}
}

// Random creates, renames, deletes and customer deletions keep the table's
// usage and indexes in step with its records.
func TestAttachmentTableInvariants(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	s := New()
	rng := rand.New(rand.NewPCG(1, 2))
	var customers []ulid.ULID
	for i := range 4 {
		c := storagetest.NewCustomer(i)
		require.NoError(t, s.CreateCustomer(ctx, c))
		customers = append(customers, c.ULID)
	}
	var ids []ulid.ULID
	for i := range 400 {
		switch op := rng.IntN(10); {
		case op < 5 && len(customers) > 0:
			a, data := storagetest.NewAttachment(i, customers[rng.IntN(len(customers))])
			require.NoError(t, s.CreateAttachment(ctx, a, data, nil))
			ids = append(ids, a.ID)
		case op < 7 && len(ids) > 0:
			_, err := s.UpdateAttachment(ctx, ids[rng.IntN(len(ids))], func(a *attachment.Attachment, _ *customer.Customer) error {
				a.Name += "+"
				return nil
			})
			if err != nil {
				require.ErrorIs(t, err, customerkit.ErrNotFound, "an attachment of a deleted customer")
			}
		case op < 9 && len(ids) > 0:
			k := rng.IntN(len(ids))
			if err := s.DeleteAttachment(ctx, ids[k], nil); err != nil {
				require.ErrorIs(t, err, customerkit.ErrNotFound, "an attachment of a deleted customer")
			}
			ids = append(ids[:k], ids[k+1:]...)
		case len(customers) > 1:
			k := rng.IntN(len(customers))
			require.NoError(t, s.PutLogo(ctx, &attachment.Logo{CustomerID: customers[k], Size: 1, Data: []byte{1}}, nil))
			if rng.IntN(3) == 0 {
				require.NoError(t, s.DeleteCustomer(ctx, customers[k], nil))
				customers = append(customers[:k], customers[k+1:]...)
			}
		}
		attachmentInvariants(t, s)
	}
}
