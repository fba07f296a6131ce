package memstore

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// deleteByCustomer, which the customer cascade calls with the Store
// locked, removes that customer's credentials from every index and leaves
// the others.
func TestCredentialDeleteByCustomer(t *testing.T) {
	t.Parallel()
	s := New()
	ctx := t.Context()
	a, b := storagetest.NewCustomer(1), storagetest.NewCustomer(2)
	require.NoError(t, s.CreateCustomer(ctx, a))
	require.NoError(t, s.CreateCustomer(ctx, b))
	var ofA, rest []ulid.ULID
	for i := range 9 {
		owner := []ulid.ULID{a.ULID, b.ULID, {}}[i%3]
		c := storagetest.NewCredential(i, owner)
		require.NoError(t, s.CreateCredential(ctx, c, nil))
		if owner == a.ULID {
			ofA = append(ofA, c.ID)
		} else {
			rest = append(rest, c.ID)
		}
	}
	s.mu.Lock()
	s.credentials.deleteByCustomer(a.ULID)
	s.credentials.deleteByCustomer(ulid.ULID{}) // the organization's stay
	s.credentials.deleteByCustomer(ulid.Make()) // no such customer: nothing
	s.mu.Unlock()

	for _, id := range ofA {
		_, err := s.GetCredential(ctx, id)
		require.ErrorIs(t, err, customerkit.ErrNotFound)
	}
	for _, id := range rest {
		_, err := s.GetCredential(ctx, id)
		require.NoError(t, err)
	}
	for _, q := range []credential.Query{{}, {CustomerID: a.ULID}, {CustomerID: a.ULID, OrgWide: true}} {
		n, err := q.Normalize()
		require.NoError(t, err)
		page, err := s.ListCredentials(ctx, n, customerkit.Cursor{})
		require.NoError(t, err)
		for _, c := range page.Items {
			require.NotEqual(t, a.ULID, c.CustomerID)
		}
	}
	require.Equal(t, len(rest), s.credentials.all.Len())
	require.Nil(t, s.credentials.byOwner[a.ULID])
}

// What the memstore keeps, read from its own table rather than through
// the Store's methods, holds no plaintext secret.
func TestCredentialTableHoldsNoPlaintext(t *testing.T) {
	t.Parallel()
	s := New()
	key := sha256.Sum256([]byte("k"))
	ring, err := credential.NewKeyRing(credential.Key{ID: "k1", Secret: key[:]})
	require.NoError(t, err)
	svc := credential.NewService(s, ring, nil)
	const secret = "PLAINTEXT-6b1f-secret"
	v, err := svc.Create(t.Context(), credential.Input{Name: "n", Method: credential.MethodAPIKey, Values: credential.Values{"api_key": secret}})
	require.NoError(t, err)

	s.mu.RLock()
	var dump bytes.Buffer
	for _, c := range s.credentials.byID {
		fmt.Fprintf(&dump, "%#v", c)
		for _, sv := range c.Sealed {
			dump.Write(sv.Data)
		}
	}
	s.mu.RUnlock()
	require.NotContains(t, dump.String(), secret)
	r, err := svc.Reveal(t.Context(), v.ID)
	require.NoError(t, err)
	require.Equal(t, secret, r.Secrets["api_key"].Reveal())
}
