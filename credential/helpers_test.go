package credential_test

import (
	"crypto/sha256"
	"errors"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/storage/memstore"
	"github.com/customerkit/customerkit/storage/storagetest"
)

// testKey returns a key whose secret is derived from its id, so tests are
// deterministic.
func testKey(id string) credential.Key {
	sum := sha256.Sum256([]byte("test key " + id))
	return credential.Key{ID: id, Secret: sum[:]}
}

// newRing returns a key ring of the given ids, the last current.
func newRing(t testing.TB, ids ...string) *credential.KeyRing {
	t.Helper()
	keys := make([]credential.Key, len(ids))
	for i, id := range ids {
		keys[i] = testKey(id)
	}
	r, err := credential.NewKeyRing(keys...)
	require.NoError(t, err)
	return r
}

// clock is a settable NowFunc.
type clock struct{ t time.Time }

func (c *clock) Now() time.Time          { return c.t }
func (c *clock) Advance(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock                   { return &clock{t: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)} }

// fixture is a Service over a memstore with one customer.
type fixture struct {
	store    *memstore.Store
	ring     *credential.KeyRing
	svc      *credential.Service
	clock    *clock
	customer ulid.ULID
	other    ulid.ULID
}

func newFixture(t testing.TB, opts *credential.Options) *fixture {
	t.Helper()
	f := &fixture{store: memstore.New(), ring: newRing(t, "k1"), clock: newClock()}
	o := credential.Options{}
	if opts != nil {
		o = *opts
	}
	if o.NowFunc == nil {
		o.NowFunc = f.clock.Now
	}
	f.svc = credential.NewService(f.store, f.ring, &o)
	for i, dst := range []*ulid.ULID{&f.customer, &f.other} {
		c := storagetest.NewCustomer(i)
		require.NoError(t, f.store.CreateCustomer(t.Context(), c))
		*dst = c.ULID
	}
	return f
}

// requireProblems asserts that err is a *customerkit.ValidationError
// holding exactly the problems want, as "path code".
func requireProblems(t testing.TB, err error, want ...string) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	var ve *customerkit.ValidationError
	require.True(t, errors.As(err, &ve))
	var got []string
	for _, f := range ve.Fields {
		got = append(got, f.Path+" "+f.Code)
	}
	require.Equal(t, want, got)
}

// basicInput is a valid basic credential of the customer.
func basicInput(customerID ulid.ULID) credential.Input {
	return credential.Input{
		CustomerID: customerID,
		Name:       "Acme CRM",
		Method:     credential.MethodBasic,
		Values:     credential.Values{"username": "ada", "password": "s3cr3t-pa55"},
	}
}
