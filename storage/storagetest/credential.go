package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
)

// CredentialStore is what the credential section needs: credential.Store,
// and customer.Store to create the customers that credentials belong to.
type CredentialStore interface {
	customer.Store
	credential.Store
}

// credentialStores turns Run's factory into the section's: a store that
// does not implement credential.Store skips the section.
func credentialStores(newStore func(t *testing.T) customer.Store) func(t *testing.T) CredentialStore {
	return func(t *testing.T) CredentialStore {
		s, ok := newStore(t).(CredentialStore)
		if !ok {
			t.Skip("storagetest: the store does not implement credential.Store")
		}
		return s
	}
}

// RunCredentials runs the section of the suite that checks
// credential.Store: round trips of every field, ErrNotFound, the ID's
// uniqueness and the owner's existence, the customer each write hands
// its function (nil for the organization's) and that a refusing function
// writes nothing, the updater contract (also under 50 concurrent
// updaters), lists by customer, organization-wide and both,
// with keyset paging that stays stable while credentials come and go,
// isolation of returned values, a canceled context, and that a credential
// written through credential.Service holds no plaintext secret in the
// store.
func RunCredentials(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) CredentialStore)
	}{
		{"CreateAndGet", testCredentialCreateAndGet},
		{"NotFound", testCredentialNotFound},
		{"Owner", testCredentialOwner},
		{"CustomerInTransaction", testCredentialCustomerInTransaction},
		{"Update", testCredentialUpdate},
		{"UpdateConcurrent", testCredentialUpdateConcurrent},
		{"Delete", testCredentialDelete},
		{"List", testCredentialList},
		{"ListStableWhileWriting", testCredentialListStable},
		{"InvalidCursor", testCredentialInvalidCursor},
		{"Isolation", testCredentialIsolation},
		{"ContextCanceled", testCredentialContextCanceled},
		{"NoPlaintext", testCredentialNoPlaintext},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore) })
	}
}

// NewCredential returns fixture credential i (i ≥ 0) of customer owner
// (zero: organization-wide), as the Service hands it to a Store: an OAuth2
// authorization-code credential with every field set, Version 1. Its ID
// derives from i; its sealed values are opaque bytes (a store never opens
// them). Times are UTC, truncated to microseconds.
func NewCredential(i int, owner ulid.ULID) *credential.Credential {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	var entropy [10]byte
	entropy[0] = 0xC2
	binary.BigEndian.PutUint64(entropy[2:], uint64(i))
	sealed := func(field string) credential.Sealed {
		sum := sha256.Sum256(fmt.Appendf(nil, "%d/%s", i, field))
		return credential.Sealed{KeyID: "k1", Data: append(sum[:], byte(i), 0, 0xff)}
	}
	c := &credential.Credential{
		ID:         ulid.MustNew(ulid.Timestamp(created), bytes.NewReader(entropy[:])),
		CustomerID: owner,
		Name:       fmt.Sprintf("Credential %d – Zoë's CRM", i),
		Method:     credential.MethodOAuth2AuthorizationCode,
		Fields: map[string]string{
			"client_id": fmt.Sprintf("client-%d", i),
			"token_url": "https://auth.example.com/oauth/token",
			"auth_url":  "https://auth.example.com/oauth/authorize",
		},
		Sealed: map[string]credential.Sealed{
			"client_secret": sealed("client_secret"),
			"access_token":  sealed("access_token"),
			"refresh_token": sealed("refresh_token"),
		},
		Scopes: []string{"contacts.read", "contacts.write"},
		Health: credential.Health{
			Status:        credential.HealthError,
			ExpiresAt:     created.Add(time.Hour),
			LastRefreshAt: created.Add(10 * time.Minute),
			LastFailureAt: created.Add(20 * time.Minute),
			FailureCount:  2,
			LastError:     "token endpoint: HTTP 400: invalid_grant",
		},
		Version:   1,
		CreatedAt: created,
		UpdatedAt: created,
	}
	if i%4 == 3 { // every fourth is a custom method, with its declared schema
		c.Method, c.Custom = credential.MethodCustom, "signed_webhook"
		c.CustomFields = []credential.FieldSpec{
			{Name: "key_id", Required: true, Description: "the key's name"},
			{Name: "signing_key", Secret: true, Required: true},
			{Name: "callback", Format: credential.FormatURL},
		}
		c.Fields = map[string]string{"key_id": fmt.Sprintf("key-%d", i)}
		c.Sealed = map[string]credential.Sealed{"signing_key": sealed("signing_key")}
		c.Scopes = nil
		c.Health = credential.Health{Status: credential.HealthActive}
	}
	return c
}

// credentialCustomers creates n fixture customers and returns their ULIDs.
func credentialCustomers(t testing.TB, s customer.Store, n int) []ulid.ULID {
	t.Helper()
	out := make([]ulid.ULID, n)
	for i := range n {
		c := NewCustomer(900 + i)
		create(t, s, c)
		out[i] = c.ULID
	}
	return out
}

func createCredentials(t testing.TB, s credential.Store, cs ...*credential.Credential) {
	t.Helper()
	for _, c := range cs {
		require.NoError(t, s.CreateCredential(t.Context(), c, nil), "create credential %s", c.Name)
	}
}

func getCredential(t testing.TB, s credential.Store, id ulid.ULID) *credential.Credential {
	t.Helper()
	c, err := s.GetCredential(t.Context(), id)
	require.NoError(t, err, "get credential %s", id)
	return c
}

// requireCredential asserts that got holds what want holds: times equal as
// instants and in UTC, empty maps and slices equal to nil ones.
func requireCredential(t testing.TB, want, got *credential.Credential, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	for _, tm := range []struct {
		name      string
		want, got time.Time
	}{
		{"CreatedAt", want.CreatedAt, got.CreatedAt}, {"UpdatedAt", want.UpdatedAt, got.UpdatedAt},
		{"Health.ExpiresAt", want.Health.ExpiresAt, got.Health.ExpiresAt},
		{"Health.LastRefreshAt", want.Health.LastRefreshAt, got.Health.LastRefreshAt},
		{"Health.LastFailureAt", want.Health.LastFailureAt, got.Health.LastFailureAt},
	} {
		require.Truef(t, tm.want.Equal(tm.got), "%s: want %s, got %s", tm.name, tm.want.Format(time.RFC3339Nano), tm.got.Format(time.RFC3339Nano))
		if !tm.got.IsZero() {
			require.Equalf(t, time.UTC, tm.got.Location(), "%s is not in UTC", tm.name)
		}
	}
	require.Equal(t, credentialForCompare(want), credentialForCompare(got), msgAndArgs...)
}

func credentialForCompare(c *credential.Credential) *credential.Credential {
	d := c.Clone()
	d.CreatedAt, d.UpdatedAt = time.Time{}, time.Time{}
	d.Health.ExpiresAt, d.Health.LastRefreshAt, d.Health.LastFailureAt = time.Time{}, time.Time{}, time.Time{}
	if len(d.Fields) == 0 {
		d.Fields = nil
	}
	if len(d.Sealed) == 0 {
		d.Sealed = nil
	}
	if len(d.Scopes) == 0 {
		d.Scopes = nil
	}
	if len(d.CustomFields) == 0 {
		d.CustomFields = nil
	}
	return d
}

func credentialIDs(cs []*credential.Credential) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ID.String()
	}
	return out
}

func testCredentialCreateAndGet(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	owner := credentialCustomers(t, s, 1)[0]
	for i, c := range []*credential.Credential{NewCredential(1, owner), NewCredential(2, ulid.ULID{}), NewCredential(3, owner)} {
		createCredentials(t, s, c)
		requireCredential(t, c, getCredential(t, s, c.ID), "fixture %d", i)
	}
	// The least a credential holds: no fields, no scopes, no health times.
	minimal := &credential.Credential{
		ID: ulid.MustNew(ulid.Timestamp(Epoch), bytes.NewReader(make([]byte, 10))), Name: "m", Method: credential.MethodAPIKey,
		Sealed:  map[string]credential.Sealed{"api_key": {KeyID: "k", Data: []byte{0}}},
		Health:  credential.Health{Status: credential.HealthActive},
		Version: 1, CreatedAt: Epoch, UpdatedAt: Epoch,
	}
	createCredentials(t, s, minimal)
	requireCredential(t, minimal, getCredential(t, s, minimal.ID))

	err := s.CreateCredential(t.Context(), NewCredential(1, ulid.ULID{}), nil)
	require.ErrorIs(t, err, customerkit.ErrAlreadyExists, "the ID is taken")
	var ae *customerkit.AlreadyExistsError
	require.True(t, errors.As(err, &ae))
	require.Equal(t, "credential", ae.Resource)
	require.Equal(t, "id", ae.Field)
	requireCredential(t, NewCredential(1, owner), getCredential(t, s, NewCredential(1, owner).ID), "the duplicate changed nothing")
}

func testCredentialNotFound(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	absent := NewCredential(7, ulid.ULID{})
	_, err := s.GetCredential(t.Context(), absent.ID)
	requireNotFound(t, err, "GetCredential")
	_, err = s.GetCredential(t.Context(), ulid.ULID{})
	requireNotFound(t, err, "GetCredential of the zero ID")
	called := false
	_, err = s.UpdateCredential(t.Context(), absent.ID, func(*credential.Credential, *customer.Customer) error { called = true; return nil })
	requireNotFound(t, err, "UpdateCredential")
	require.False(t, called, "the updater of a missing credential was called")
	requireNotFound(t, s.DeleteCredential(t.Context(), absent.ID, nil), "DeleteCredential")
}

func testCredentialOwner(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	err := s.CreateCredential(t.Context(), NewCredential(1, NewCustomer(5).ULID), nil)
	requireNotFound(t, err, "an unknown customer")
	_, err = s.GetCredential(t.Context(), NewCredential(1, ulid.ULID{}).ID)
	requireNotFound(t, err, "nothing was written")
	createCredentials(t, s, NewCredential(2, ulid.ULID{})) // organization-wide: no customer needed
}

// testCredentialCustomerInTransaction checks what the writes hand their
// functions: a copy of the credential's customer as stored (nil for an
// organization-wide credential), and that a refusing function writes
// nothing and comes back as is.
func testCredentialCustomerInTransaction(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	ctx := t.Context()
	s := newStore(t)
	owner := NewCustomer(910)
	create(t, s, owner)
	refused := errors.New("refused")

	// Create.
	var seen *customer.Customer
	c := NewCredential(1, owner.ULID)
	require.NoError(t, s.CreateCredential(ctx, c, func(cu *customer.Customer) error { seen = cu; return nil }))
	requireCustomer(t, owner, seen)
	seen.Name = "changed" // a copy
	requireCustomer(t, owner, get(t, s, owner))
	org := NewCredential(2, ulid.ULID{})
	called := false
	require.NoError(t, s.CreateCredential(ctx, org, func(cu *customer.Customer) error {
		called = true
		require.Nil(t, cu, "an organization-wide credential has no customer")
		return nil
	}))
	require.True(t, called)
	gone := NewCredential(3, owner.ULID)
	require.ErrorIs(t, s.CreateCredential(ctx, gone, func(*customer.Customer) error { return refused }), refused)
	_, err := s.GetCredential(ctx, gone.ID)
	requireNotFound(t, err, "a refused create writes nothing")
	called = false
	err = s.CreateCredential(ctx, NewCredential(4, ulid.Make()), func(*customer.Customer) error { called = true; return nil })
	requireNotFound(t, err, "no such customer")
	require.False(t, called, "check is not called without a customer")

	// Update.
	seen = nil
	_, err = s.UpdateCredential(ctx, c.ID, func(x *credential.Credential, cu *customer.Customer) error {
		seen = cu
		x.Name = "renamed"
		return nil
	})
	require.NoError(t, err)
	requireCustomer(t, owner, seen)
	_, err = s.UpdateCredential(ctx, org.ID, func(x *credential.Credential, cu *customer.Customer) error {
		require.Nil(t, cu)
		return nil
	})
	require.NoError(t, err)

	// Delete.
	var seenCred *credential.Credential
	seen = nil
	err = s.DeleteCredential(ctx, c.ID, func(x *credential.Credential, cu *customer.Customer) error {
		seenCred, seen = x, cu
		return refused
	})
	require.ErrorIs(t, err, refused)
	require.Equal(t, c.ID, seenCred.ID)
	require.Equal(t, "renamed", seenCred.Name)
	requireCustomer(t, owner, seen)
	_, err = s.GetCredential(ctx, c.ID)
	require.NoError(t, err, "a refused delete keeps the credential")
	require.NoError(t, s.DeleteCredential(ctx, c.ID, func(*credential.Credential, *customer.Customer) error { return nil }))
	_, err = s.GetCredential(ctx, c.ID)
	requireNotFound(t, err)
	called = false
	err = s.DeleteCredential(ctx, c.ID, func(*credential.Credential, *customer.Customer) error { called = true; return nil })
	requireNotFound(t, err)
	require.False(t, called)
	require.NoError(t, s.DeleteCredential(ctx, org.ID, func(x *credential.Credential, cu *customer.Customer) error {
		require.Nil(t, cu)
		return nil
	}))
}

func testCredentialUpdate(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	owners := credentialCustomers(t, s, 2)
	owner, other := owners[0], owners[1]
	c := NewCredential(1, owner)
	createCredentials(t, s, c)
	later := c.UpdatedAt.Add(time.Hour)
	res, err := s.UpdateCredential(t.Context(), c.ID, func(x *credential.Credential, _ *customer.Customer) error {
		requireCredential(t, c, x, "the updater sees the stored credential")
		x.Name = "Renamed"
		x.Fields["client_id"] = "client-new"
		x.Sealed["access_token"] = credential.Sealed{KeyID: "k2", Data: []byte("new sealed bytes")}
		delete(x.Sealed, "refresh_token")
		x.Scopes = append(x.Scopes, "calendar.read")
		x.Health = credential.Health{Status: credential.HealthActive, ExpiresAt: later.Add(time.Hour), LastRefreshAt: later}
		x.UpdatedAt = later
		return nil
	})
	require.NoError(t, err)
	want := c.Clone()
	want.Name = "Renamed"
	want.Fields["client_id"] = "client-new"
	want.Sealed["access_token"] = credential.Sealed{KeyID: "k2", Data: []byte("new sealed bytes")}
	delete(want.Sealed, "refresh_token")
	want.Scopes = append(want.Scopes, "calendar.read")
	want.Health = credential.Health{Status: credential.HealthActive, ExpiresAt: later.Add(time.Hour), LastRefreshAt: later}
	want.UpdatedAt = later
	want.Version = 2
	requireCredential(t, want, res, "UpdateCredential returns the stored credential")
	requireCredential(t, want, getCredential(t, s, c.ID))

	// An updater's error comes back as is; nothing is written.
	sentinel := errors.New("storagetest: updater refuses")
	_, err = s.UpdateCredential(t.Context(), c.ID, func(x *credential.Credential, _ *customer.Customer) error {
		x.Name = "Not written"
		return sentinel
	})
	require.Same(t, sentinel, err)
	requireCredential(t, want, getCredential(t, s, c.ID))

	// ID and owner are immutable.
	for name, change := range map[string]func(*credential.Credential){
		"ID":         func(x *credential.Credential) { x.ID = NewCredential(9, ulid.ULID{}).ID },
		"CustomerID": func(x *credential.Credential) { x.CustomerID = other },
		"to org":     func(x *credential.Credential) { x.CustomerID = ulid.ULID{} },
	} {
		_, err = s.UpdateCredential(t.Context(), c.ID, func(x *credential.Credential, _ *customer.Customer) error {
			change(x)
			x.Name = "Not written"
			return nil
		})
		require.ErrorIs(t, err, customerkit.ErrInvalid, "changing %s", name)
		requireCredential(t, want, getCredential(t, s, c.ID), "changing %s wrote something", name)
	}
}

// testCredentialUpdateConcurrent: 50 updaters each add one scope; none is
// lost and the version counts every write.
func testCredentialUpdateConcurrent(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	const n = 50
	s := newStore(t)
	c := NewCredential(1, ulid.ULID{})
	c.Scopes = nil
	createCredentials(t, s, c)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			_, err := s.UpdateCredential(context.Background(), c.ID, func(x *credential.Credential, _ *customer.Customer) error {
				x.Scopes = append(x.Scopes, fmt.Sprintf("scope.%02d", i))
				return nil
			})
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	got := getCredential(t, s, c.ID)
	require.Len(t, got.Scopes, n)
	slices.Sort(got.Scopes)
	require.Equal(t, "scope.00", got.Scopes[0])
	require.Equal(t, fmt.Sprintf("scope.%02d", n-1), got.Scopes[n-1])
	require.Equal(t, int64(n+1), got.Version)
}

func testCredentialDelete(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	a, b := NewCredential(1, ulid.ULID{}), NewCredential(2, ulid.ULID{})
	createCredentials(t, s, a, b)
	require.NoError(t, s.DeleteCredential(t.Context(), a.ID, nil))
	_, err := s.GetCredential(t.Context(), a.ID)
	requireNotFound(t, err)
	requireNotFound(t, s.DeleteCredential(t.Context(), a.ID, nil), "a second delete")
	requireCredential(t, b, getCredential(t, s, b.ID), "the other credential stays")
	page, err := s.ListCredentials(t.Context(), credentialQuery(t, credential.Query{}), customerkit.Cursor{})
	require.NoError(t, err)
	require.Equal(t, []string{b.ID.String()}, credentialIDs(page.Items))
	createCredentials(t, s, a) // the ID is free again
}

func credentialQuery(t testing.TB, q credential.Query) *credential.Query {
	t.Helper()
	n, err := q.Normalize()
	require.NoError(t, err)
	return n
}

// walkCredentials lists every page of q and returns the items in order,
// checking the page sizes and that Next is zero exactly on the last page.
func walkCredentials(t testing.TB, s credential.Store, q *credential.Query) []*credential.Credential {
	t.Helper()
	var out []*credential.Credential
	var after customerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 1000, "the pages never end")
		page, err := s.ListCredentials(t.Context(), q, after)
		require.NoError(t, err)
		require.LessOrEqual(t, len(page.Items), q.Limit)
		out = append(out, page.Items...)
		if page.Next.IsZero() {
			return out
		}
		require.Len(t, page.Items, q.Limit, "a page before the last is full")
		after = page.Next
	}
}

func testCredentialList(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	owners := credentialCustomers(t, s, 2)
	var all []*credential.Credential
	// Interleave owners: customer 0, the organization, customer 1, ...
	for i := range 23 {
		owner := []ulid.ULID{owners[0], {}, owners[1]}[i%3]
		c := NewCredential(i, owner)
		all = append(all, c)
	}
	// Create out of ID order: lists are in ID order whatever the order of
	// writes.
	for _, i := range []int{5, 0, 22, 13} {
		createCredentials(t, s, all[i])
	}
	for i, c := range all {
		if !slices.Contains([]int{5, 0, 22, 13}, i) {
			createCredentials(t, s, c)
		}
	}
	queries := []credential.Query{
		{},
		{CustomerID: owners[0]},
		{CustomerID: owners[1]},
		{OrgWide: true},
		{CustomerID: owners[0], OrgWide: true},
		{Method: credential.MethodCustom},
		{CustomerID: owners[1], OrgWide: true, Method: credential.MethodOAuth2AuthorizationCode},
		{CustomerID: NewCustomer(1).ULID}, // no such customer: empty
	}
	for _, q := range queries {
		var want []*credential.Credential
		for _, c := range all {
			if q.Match(c) {
				want = append(want, c)
			}
		}
		slices.SortFunc(want, func(a, b *credential.Credential) int { return a.ID.Compare(b.ID) })
		for _, limit := range []int{1, 2, 3, 7, 50} {
			q.Limit = limit
			got := walkCredentials(t, s, credentialQuery(t, q))
			require.Equal(t, credentialIDs(want), credentialIDs(got), "query %+v", q)
			for i := range got {
				requireCredential(t, want[i], got[i])
			}
		}
	}
}

// testCredentialListStable: credentials created and deleted between pages
// (the cursor's own among them) never make one present throughout repeat
// or go missing.
func testCredentialListStable(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	for _, q := range []credential.Query{{Limit: 3}, {Limit: 4}, {OrgWide: true, Limit: 5}} {
		s := newStore(t)
		owner := credentialCustomers(t, s, 1)[0]
		q.CustomerID = owner
		index := map[ulid.ULID]int{}
		var stay []string
		for i := range 20 {
			c := NewCredential(2*i, owner) // even: present throughout, unless deleted as a cursor
			createCredentials(t, s, c)
			index[c.ID] = 2 * i
			stay = append(stay, c.ID.String())
		}
		n := credentialQuery(t, q)
		var seen []string
		var after customerkit.Cursor
		for {
			page, err := s.ListCredentials(t.Context(), n, after)
			require.NoError(t, err)
			for _, c := range page.Items {
				seen = append(seen, c.ID.String())
			}
			if page.Next.IsZero() {
				break
			}
			// Delete the cursor's own credential; create one just before it
			// and one just after it (odd fixtures, of both owners).
			last := page.Items[len(page.Items)-1]
			j := index[last.ID]
			require.NoError(t, s.DeleteCredential(t.Context(), last.ID, nil))
			before, next := NewCredential(j-1, ulid.ULID{}), NewCredential(j+1, owner)
			if j == 0 {
				before = NewCredential(1001, ulid.ULID{})
			}
			createCredentials(t, s, before, next)
			index[before.ID], index[next.ID] = j-1, j+1
			after = page.Next
		}
		require.True(t, slices.IsSorted(seen), "a page went backwards")
		require.Len(t, slices.Compact(slices.Clone(seen)), len(seen), "a credential repeated")
		for _, id := range stay {
			if _, err := s.GetCredential(t.Context(), ulid.MustParse(id)); err == nil {
				require.Contains(t, seen, id, "a credential present throughout went missing")
			}
		}
	}
}

func testCredentialInvalidCursor(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	for i := range 3 {
		createCredentials(t, s, NewCredential(i, ulid.ULID{}))
	}
	q := credentialQuery(t, credential.Query{Limit: 1})
	page, err := s.ListCredentials(t.Context(), q, customerkit.Cursor{})
	require.NoError(t, err)
	require.False(t, page.Next.IsZero())
	good := page.Next.Bytes()
	for name, b := range map[string][]byte{
		"garbage":  []byte("not a cursor at all"),
		"cut":      good[:len(good)-1],
		"extended": append(slices.Clone(good), 0),
		"flipped":  func() []byte { x := slices.Clone(good); x[len(x)/2] ^= 0x40; return x }(),
	} {
		_, err := s.ListCredentials(t.Context(), q, customerkit.NewCursor(b))
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
		var ve *customerkit.ValidationError
		require.True(t, errors.As(err, &ve), name)
	}
}

// mutateCredential changes every field of c that shares memory with
// something else: maps, slices and sealed bytes.
func mutateCredential(c *credential.Credential) {
	c.Name = "Mutated"
	c.Fields["injected"] = "x"
	for k := range c.Fields {
		c.Fields[k] = "mutated"
	}
	for k, v := range c.Sealed {
		if len(v.Data) > 0 {
			v.Data[0] ^= 0xff
		}
		c.Sealed[k] = v
	}
	c.Sealed["injected"] = credential.Sealed{KeyID: "x"}
	if len(c.Scopes) > 0 {
		c.Scopes[0] = "mutated"
	}
	if len(c.CustomFields) > 0 {
		c.CustomFields[0].Name = "mutated"
	}
}

func testCredentialIsolation(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	for _, i := range []int{1, 3} { // a built-in method, a custom one
		t.Run(fmt.Sprint("fixture ", i), func(t *testing.T) {
			s := newStore(t)
			in := NewCredential(i, ulid.ULID{})
			createCredentials(t, s, in)
			mutateCredential(in)
			want := NewCredential(i, ulid.ULID{})
			requireCredential(t, want, getCredential(t, s, want.ID), "changing the created value changed the store")

			mutateCredential(getCredential(t, s, want.ID))
			requireCredential(t, want, getCredential(t, s, want.ID), "changing a returned value changed the store")

			page, err := s.ListCredentials(t.Context(), credentialQuery(t, credential.Query{}), customerkit.Cursor{})
			require.NoError(t, err)
			mutateCredential(page.Items[0])
			requireCredential(t, want, getCredential(t, s, want.ID), "changing a listed value changed the store")

			var kept *credential.Credential
			res, err := s.UpdateCredential(t.Context(), want.ID, func(x *credential.Credential, _ *customer.Customer) error {
				kept = x
				x.Name = "Updated"
				return nil
			})
			require.NoError(t, err)
			want.Name, want.Version = "Updated", 2
			mutateCredential(kept)
			mutateCredential(res)
			requireCredential(t, want, getCredential(t, s, want.ID), "changing the updater's copy or the result changed the store")
		})
	}
}

func testCredentialContextCanceled(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	c, absent := NewCredential(1, ulid.ULID{}), NewCredential(2, ulid.ULID{})
	createCredentials(t, s, c)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	require.ErrorIs(t, s.CreateCredential(ctx, absent, nil), context.Canceled, "CreateCredential")
	_, err := s.GetCredential(t.Context(), absent.ID)
	requireNotFound(t, err, "a create with a canceled context was written")
	_, err = s.GetCredential(ctx, c.ID)
	require.ErrorIs(t, err, context.Canceled, "GetCredential")
	_, err = s.UpdateCredential(ctx, c.ID, func(x *credential.Credential, _ *customer.Customer) error { x.Name = "Changed"; return nil })
	require.ErrorIs(t, err, context.Canceled, "UpdateCredential")
	require.ErrorIs(t, s.DeleteCredential(ctx, c.ID, nil), context.Canceled, "DeleteCredential")
	_, err = s.ListCredentials(ctx, credentialQuery(t, credential.Query{}), customerkit.Cursor{})
	require.ErrorIs(t, err, context.Canceled, "ListCredentials")
	requireCredential(t, c, getCredential(t, s, c.ID), "a write with a canceled context was written")
}

// testCredentialNoPlaintext writes credentials through credential.Service
// and checks that the plaintext of every secret appears nowhere in what
// the store returns: not in any field, not in the JSON or Go syntax of the
// record, not in the sealed bytes.
func testCredentialNoPlaintext(t *testing.T, newStore func(t *testing.T) CredentialStore) {
	s := newStore(t)
	owner := credentialCustomers(t, s, 1)[0]
	key := sha256.Sum256([]byte("storagetest key"))
	ring, err := credential.NewKeyRing(credential.Key{ID: "k1", Secret: key[:]})
	require.NoError(t, err)
	svc := credential.NewService(s, ring, nil)
	secrets := []string{"PLAINTEXT-password-7f3a", "PLAINTEXT-client-secret-91c2", "PLAINTEXT-access-token-5d0e", "PLAINTEXT-refresh-token-a11b"}
	basic, err := svc.Create(t.Context(), credential.Input{
		CustomerID: owner, Name: "basic", Method: credential.MethodBasic,
		Values: credential.Values{"username": "visible-user", "password": secrets[0]},
	})
	require.NoError(t, err)
	oauth, err := svc.Create(t.Context(), credential.Input{
		Name: "oauth", Method: credential.MethodOAuth2AuthorizationCode,
		Values: credential.Values{"client_id": "visible-client", "client_secret": secrets[1], "token_url": "https://auth.example.com/token", "access_token": secrets[2], "refresh_token": secrets[3]},
	})
	require.NoError(t, err)
	_, err = svc.Update(t.Context(), oauth.ID, credential.Patch{Values: credential.Values{"access_token": secrets[2] + "-v2"}})
	require.NoError(t, err)

	page, err := s.ListCredentials(t.Context(), credentialQuery(t, credential.Query{}), customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	for _, id := range []ulid.ULID{basic.ID, oauth.ID} {
		c := getCredential(t, s, id)
		var dump bytes.Buffer
		j, err := json.Marshal(c)
		require.NoError(t, err)
		dump.Write(j)
		fmt.Fprintf(&dump, "%#v %+v", c, c)
		for k, v := range c.Fields {
			dump.WriteString(k + "=" + v)
		}
		for k, v := range c.Sealed {
			dump.WriteString(k + "=" + v.KeyID)
			dump.Write(v.Data)
		}
		for _, p := range page.Items {
			pj, err := json.Marshal(p)
			require.NoError(t, err)
			dump.Write(pj)
		}
		for _, secret := range secrets {
			require.NotContains(t, dump.String(), secret, "the store holds a plaintext secret")
			require.NotContains(t, dump.String(), fmt.Sprintf("%x", secret), "the store holds a plaintext secret in hex")
		}
		require.Contains(t, dump.String(), "visible-", "non-secret fields stay in clear")
	}
	// And the secrets still open.
	r, err := svc.Reveal(t.Context(), oauth.ID)
	require.NoError(t, err)
	require.Equal(t, secrets[3], r.Secrets["refresh_token"].Reveal())
}
