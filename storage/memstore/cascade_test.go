package memstore_test

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/storage/memstore"
)

// Deleting a customer removes its credentials in the same operation and
// leaves other customers' and the organization's alone.
func TestDeleteCustomerCascades(t *testing.T) {
	ctx := t.Context()
	store := memstore.New()
	customers := customer.NewService(store, nil)
	ring, err := credential.NewKeyRing(credential.Key{ID: "k1", Secret: bytes.Repeat([]byte{7}, credential.KeySize)})
	require.NoError(t, err)
	creds := credential.NewService(store, ring, nil)

	mk := func(email string) *customer.Customer {
		c, err := customers.Create(ctx, &customer.Customer{Type: customer.TypePersonal, FirstName: "A", LastName: "B", Email: email, Country: "DE", Currency: "EUR"})
		require.NoError(t, err)
		return c
	}
	gone, kept := mk("gone@example.com"), mk("kept@example.com")
	add := func(owner *customer.Customer) *credential.View {
		in := credential.Input{Name: "key", Method: credential.MethodAPIKey, Values: credential.Values{"api_key": "s3cret"}}
		if owner != nil {
			in.CustomerID = owner.ULID
		}
		v, err := creds.Create(ctx, in)
		require.NoError(t, err)
		return v
	}
	goneCred, keptCred, orgCred := add(gone), add(kept), add(nil)

	_, err = customers.SetStatus(ctx, gone.ULID, customer.StatusTerminated)
	require.NoError(t, err)
	require.NoError(t, customers.Delete(ctx, gone.ULID))

	_, err = store.GetCredential(ctx, goneCred.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound, "the deleted customer's credential goes with it")
	_, err = store.GetCredential(ctx, keptCred.ID)
	require.NoError(t, err)
	_, err = store.GetCredential(ctx, orgCred.ID)
	require.NoError(t, err)
}
