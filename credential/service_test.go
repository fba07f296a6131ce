package credential_test

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
)

func TestCreateGetReveal(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	v, err := f.svc.Create(ctx, basicInput(f.customer))
	require.NoError(t, err)
	require.Equal(t, f.customer, v.CustomerID)
	require.Equal(t, "Acme CRM", v.Name)
	require.Equal(t, map[string]string{"username": "ada"}, v.Fields)
	require.Equal(t, []string{"password"}, v.SecretFields, "secret fields by name only")
	require.Equal(t, credential.HealthActive, v.Status)
	require.Equal(t, int64(1), v.Version)
	require.Equal(t, f.clock.Now(), v.CreatedAt)
	require.Equal(t, credential.MethodBasic.Fields(), v.Schema)

	// The view shows no secret in any form.
	for how, s := range renderings(t, v) {
		require.NotContains(t, s, "s3cr3t-pa55", how)
	}
	got, err := f.svc.Get(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, v, got)

	// The store holds the secret sealed, never in clear.
	stored, err := f.store.GetCredential(ctx, v.ID)
	require.NoError(t, err)
	require.NotContains(t, stored.Fields, "password")
	require.Equal(t, "k1", stored.Sealed["password"].KeyID)
	raw, err := json.Marshal(stored)
	require.NoError(t, err)
	require.NotContains(t, string(raw), "s3cr3t-pa55")
	require.NotContains(t, fmt.Sprintf("%#v", stored), "s3cr3t-pa55")

	// Only Reveal opens it.
	r, err := f.svc.Reveal(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "s3cr3t-pa55", r.Secrets["password"].Reveal())
	s, ok := r.Secret("password")
	require.True(t, ok)
	require.Equal(t, "s3cr3t-pa55", s.Reveal())
	require.Equal(t, *v, r.View)

	_, err = f.svc.Get(ctx, ulid.Make())
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	_, err = f.svc.Reveal(ctx, ulid.Make())
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}

func TestCreateOwners(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	org, err := f.svc.Create(t.Context(), basicInput(ulid.ULID{}))
	require.NoError(t, err)
	require.True(t, org.CustomerID.IsZero())
	_, err = f.svc.Create(t.Context(), basicInput(ulid.Make()))
	require.ErrorIs(t, err, customerkit.ErrNotFound, "no such customer")
}

func TestInitialHealth(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	past := f.clock.Now().Add(-time.Minute)
	tests := []struct {
		name   string
		in     credential.Input
		status credential.HealthStatus
		needs  bool
	}{
		{"basic", basicInput(f.customer), credential.HealthActive, false},
		{"bearer, expired", credential.Input{Name: "b", Method: "bearer", Values: credential.Values{"token": "t"}, ExpiresAt: past}, credential.HealthExpired, false},
		{"client credentials, no token yet", credential.Input{Name: "c", Method: "oauth2_client_credentials", Values: credential.Values{"client_id": "c", "client_secret": "s", "token_url": "https://a.example/t"}}, credential.HealthPending, true},
		{"authorization code, expired, refreshable", credential.Input{Name: "a", Method: "oauth2_authorization_code", Values: credential.Values{"client_id": "c", "token_url": "https://a.example/t", "access_token": "a", "refresh_token": "r"}, ExpiresAt: past}, credential.HealthExpired, true},
		{"authorization code, expired, no refresh token", credential.Input{Name: "a", Method: "oauth2_authorization_code", Values: credential.Values{"client_id": "c", "token_url": "https://a.example/t", "access_token": "a"}, ExpiresAt: past}, credential.HealthExpired, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v, err := f.svc.Create(t.Context(), tt.in)
			require.NoError(t, err)
			require.Equal(t, tt.status, v.Status)
			require.Equal(t, tt.needs, v.NeedsRefresh)
		})
	}
}

func TestUpdate(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	in := credential.Input{
		Name: "Warehouse", Method: credential.MethodOAuth2AuthorizationCode,
		Values: credential.Values{"client_id": "cid", "client_secret": "csecret", "token_url": "https://a.example/t", "access_token": "at-1", "refresh_token": "rt-1"},
		Scopes: []string{"read"}, ExpiresAt: f.clock.Now().Add(time.Hour),
	}
	v, err := f.svc.Create(ctx, in)
	require.NoError(t, err)

	// A partial update: a secret left out keeps its value.
	name := "  Warehouse EU "
	u, err := f.svc.Update(ctx, v.ID, credential.Patch{Name: &name, Values: credential.Values{"client_id": "cid-2"}, Scopes: &[]string{"read", "write"}})
	require.NoError(t, err)
	require.Equal(t, "Warehouse EU", u.Name)
	require.Equal(t, "cid-2", u.Fields["client_id"])
	require.Equal(t, []string{"read", "write"}, u.Scopes)
	require.Equal(t, int64(2), u.Version)
	require.Equal(t, in.ExpiresAt, u.Health.ExpiresAt, "the token did not change: the expiry stays")
	r, err := f.svc.Reveal(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "csecret", r.Secrets["client_secret"].Reveal())
	require.Equal(t, "at-1", r.Secrets["access_token"].Reveal())

	// A new token without an expiry clears the old expiry; a blank
	// optional field is cleared.
	u, err = f.svc.Update(ctx, v.ID, credential.Patch{Values: credential.Values{"access_token": "at-2", "refresh_token": ""}})
	require.NoError(t, err)
	require.True(t, u.Health.ExpiresAt.IsZero())
	require.Equal(t, []string{"access_token", "client_secret"}, u.SecretFields)
	r, err = f.svc.Reveal(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, "at-2", r.Secrets["access_token"].Reveal())

	// An expiry alone.
	exp := f.clock.Now().Add(2 * time.Hour)
	u, err = f.svc.Update(ctx, v.ID, credential.Patch{ExpiresAt: &exp})
	require.NoError(t, err)
	require.Equal(t, exp, u.Health.ExpiresAt)

	// Refused field by field, nothing written.
	blank := ""
	_, err = f.svc.Update(ctx, v.ID, credential.Patch{
		Name:   &blank,
		Values: credential.Values{"client_id": " ", "token_url": "nope", "password": "x"},
		Scopes: &[]string{"a b"},
	})
	requireProblems(t, err, "name required", `values["client_id"] required`, `values["token_url"] invalid`, `values["password"] not_supported`, "scopes[0] invalid")
	_, err = f.svc.Update(ctx, v.ID, credential.Patch{Version: 1})
	require.ErrorIs(t, err, customerkit.ErrConflict)
	got, err := f.svc.Get(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, u, got)

	// If-Match with the current version.
	_, err = f.svc.Update(ctx, v.ID, credential.Patch{Version: got.Version, Name: &name})
	require.NoError(t, err)

	_, err = f.svc.Update(ctx, ulid.Make(), credential.Patch{})
	require.ErrorIs(t, err, customerkit.ErrNotFound)

	// Expiry on a method without a token.
	b, err := f.svc.Create(ctx, basicInput(f.customer))
	require.NoError(t, err)
	_, err = f.svc.Update(ctx, b.ID, credential.Patch{ExpiresAt: &exp})
	requireProblems(t, err, "expires_at not_supported")
}

func TestUpdateCustomSchemaKept(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	custom := &credential.CustomMethod{Name: "signed", Fields: []credential.FieldSpec{{Name: "key_id", Required: true}, {Name: "signing_key", Secret: true, Required: true}, {Name: "note"}}}
	v, err := f.svc.Create(ctx, credential.Input{Name: "s", Method: credential.MethodCustom, Custom: custom, Values: credential.Values{"key_id": "a", "signing_key": "sk"}})
	require.NoError(t, err)
	require.Equal(t, "signed", v.Custom)
	require.Equal(t, custom.Fields, v.Schema)
	custom.Fields[0].Name = "changed" // the credential kept its own copy
	u, err := f.svc.Update(ctx, v.ID, credential.Patch{Values: credential.Values{"note": "n", "signing_key": "sk2"}})
	require.NoError(t, err)
	require.Equal(t, map[string]string{"key_id": "a", "note": "n"}, u.Fields)
	_, err = f.svc.Update(ctx, v.ID, credential.Patch{Values: credential.Values{"signing_key": ""}})
	requireProblems(t, err, `values["signing_key"] required`)
	_, err = f.svc.Update(ctx, v.ID, credential.Patch{Values: credential.Values{"changed": "x"}})
	requireProblems(t, err, `values["changed"] not_supported`)
}

func TestDelete(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	v, err := f.svc.Create(t.Context(), basicInput(f.customer))
	require.NoError(t, err)
	require.NoError(t, f.svc.Delete(t.Context(), v.ID))
	_, err = f.svc.Get(t.Context(), v.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	require.ErrorIs(t, f.svc.Delete(t.Context(), v.ID), customerkit.ErrNotFound)
}

// A sealed value moved to another credential or another field, or changed
// in the store, fails to open: an error, never garbage.
func TestMovedOrTamperedValues(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	a, err := f.svc.Create(ctx, basicInput(f.customer))
	require.NoError(t, err)
	in := basicInput(f.customer)
	in.Values["password"] = "another"
	b, err := f.svc.Create(ctx, in)
	require.NoError(t, err)
	stored, err := f.store.GetCredential(ctx, a.ID)
	require.NoError(t, err)
	tests := []struct {
		name   string
		target ulid.ULID
		change func(c *credential.Credential)
	}{
		{"moved to another credential", b.ID, func(c *credential.Credential) { c.Sealed["password"] = stored.Sealed["password"] }},
		{"moved to another field", a.ID, func(c *credential.Credential) {
			c.Method, c.Custom = credential.MethodCustom, "x"
			c.CustomFields = []credential.FieldSpec{{Name: "other", Secret: true}}
			c.Sealed = map[string]credential.Sealed{"other": stored.Sealed["password"]}
		}},
		{"one byte changed", a.ID, func(c *credential.Credential) {
			s := c.Sealed["password"]
			s.Data[len(s.Data)/2] ^= 0x01
		}},
		{"key id changed", a.ID, func(c *credential.Credential) {
			c.Sealed["password"] = credential.Sealed{KeyID: "k0", Data: stored.Sealed["password"].Data}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Not parallel: the cases change shared records.
			saved, err := f.store.GetCredential(ctx, tt.target)
			require.NoError(t, err)
			_, err = f.store.UpdateCredential(ctx, tt.target, func(c *credential.Credential, _ *customer.Customer) error { tt.change(c); return nil })
			require.NoError(t, err)
			r, err := f.svc.Reveal(ctx, tt.target)
			require.Nil(t, r)
			requireCannotOpen(t, err)
			_, err = f.store.UpdateCredential(ctx, tt.target, func(c *credential.Credential, _ *customer.Customer) error { *c = *saved; return nil })
			require.NoError(t, err)
			_, err = f.svc.Reveal(ctx, tt.target)
			require.NoError(t, err)
		})
	}
}

func TestResealAfterRotation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	var ids []ulid.ULID
	for i := range 7 {
		in := basicInput(f.customer)
		in.Values["password"] = fmt.Sprintf("pw-%d", i)
		v, err := f.svc.Create(ctx, in)
		require.NoError(t, err)
		ids = append(ids, v.ID)
	}
	// Rotate: k2 is current, k1 still opens.
	ring := newRing(t, "k1", "k2")
	svc := credential.NewService(f.store, ring, &credential.Options{NowFunc: f.clock.Now})
	r, err := svc.Reveal(ctx, ids[0])
	require.NoError(t, err, "old ciphertext still opens")
	require.Equal(t, "pw-0", r.Secrets["password"].Reveal())

	// New writes use the newest key.
	nv, err := svc.Create(ctx, basicInput(f.customer))
	require.NoError(t, err)
	stored, err := f.store.GetCredential(ctx, nv.ID)
	require.NoError(t, err)
	require.Equal(t, "k2", stored.Sealed["password"].KeyID)

	// Reseal one, then the rest.
	v, err := svc.Reseal(ctx, ids[0])
	require.NoError(t, err)
	require.Equal(t, int64(2), v.Version)
	v, err = svc.Reseal(ctx, ids[0])
	require.NoError(t, err)
	require.Equal(t, int64(2), v.Version, "nothing to move: not written")
	n, err := svc.ResealAll(ctx)
	require.NoError(t, err)
	require.Equal(t, 6, n)
	n, err = svc.ResealAll(ctx)
	require.NoError(t, err)
	require.Zero(t, n)

	// k1 may now leave the ring.
	svc = credential.NewService(f.store, newRing(t, "k2"), nil)
	for i, id := range ids {
		r, err := svc.Reveal(ctx, id)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprintf("pw-%d", i), r.Secrets["password"].Reveal())
		stored, err := f.store.GetCredential(ctx, id)
		require.NoError(t, err)
		require.Equal(t, "k2", stored.Sealed["password"].KeyID)
	}
	_, err = svc.Reseal(ctx, ulid.Make())
	require.ErrorIs(t, err, customerkit.ErrNotFound)
}

func TestResealUnopenable(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	v, err := f.svc.Create(ctx, basicInput(f.customer))
	require.NoError(t, err)
	// A ring that lost k1 cannot move the value forward.
	svc := credential.NewService(f.store, newRing(t, "k2"), nil)
	_, err = svc.Reseal(ctx, v.ID)
	requireCannotOpen(t, err)
	_, err = svc.ResealAll(ctx)
	requireCannotOpen(t, err)
	stored, err := f.store.GetCredential(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, int64(1), stored.Version, "nothing written")
}

func TestList(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	var mine, org, other []ulid.ULID
	for i := range 12 {
		owner := []ulid.ULID{f.customer, {}, f.other}[i%3]
		in := basicInput(owner)
		if i%2 == 0 {
			in = credential.Input{CustomerID: owner, Name: "k", Method: credential.MethodAPIKey, Values: credential.Values{"api_key": "k"}}
		}
		v, err := f.svc.Create(ctx, in)
		require.NoError(t, err)
		switch i % 3 {
		case 0:
			mine = append(mine, v.ID)
		case 1:
			org = append(org, v.ID)
		default:
			other = append(other, v.ID)
		}
	}
	all := func(q *credential.Query) []ulid.ULID {
		var out []ulid.ULID
		for v, err := range f.svc.All(ctx, q) {
			require.NoError(t, err)
			out = append(out, v.ID)
		}
		return out
	}
	require.Len(t, all(nil), 12)
	require.Equal(t, mine, all(&credential.Query{CustomerID: f.customer, Limit: 1}))
	require.Equal(t, org, all(&credential.Query{OrgWide: true, Limit: 2}))
	require.Len(t, all(&credential.Query{CustomerID: f.customer, OrgWide: true, Limit: 3}), 8)
	require.Len(t, all(&credential.Query{Method: credential.MethodAPIKey}), 6)
	require.Len(t, other, 4)

	_, err := f.svc.List(ctx, &credential.Query{Method: "x", Limit: -1}, customerkit.Cursor{})
	requireProblems(t, err, "method not_supported", "limit invalid")
	_, err = f.svc.List(ctx, nil, customerkit.NewCursor([]byte("garbage")))
	require.ErrorIs(t, err, customerkit.ErrInvalid)
}

// The customer-scoped handle: own credentials read and write, the
// organization's read-only, other customers' invisible, no secrets ever.
func TestScope(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	h := f.svc.ForCustomer(f.customer)
	require.Equal(t, f.customer, h.CustomerID())

	in := basicInput(f.other) // the customer id is ignored: the handle's wins
	mine, err := h.Create(ctx, in)
	require.NoError(t, err)
	require.Equal(t, f.customer, mine.CustomerID)
	org, err := f.svc.Create(ctx, basicInput(ulid.ULID{}))
	require.NoError(t, err)
	theirs, err := f.svc.Create(ctx, basicInput(f.other))
	require.NoError(t, err)

	_, err = h.Get(ctx, mine.ID)
	require.NoError(t, err)
	_, err = h.Get(ctx, org.ID)
	require.NoError(t, err)
	_, err = h.Get(ctx, theirs.ID)
	require.ErrorIs(t, err, customerkit.ErrNotFound)

	name := "renamed"
	_, err = h.Update(ctx, mine.ID, credential.Patch{Name: &name, Values: credential.Values{"password": "new"}})
	require.NoError(t, err)
	_, err = h.Update(ctx, org.ID, credential.Patch{Name: &name})
	require.ErrorIs(t, err, customerkit.ErrPermissionDenied)
	_, err = h.Update(ctx, theirs.ID, credential.Patch{Name: &name})
	require.ErrorIs(t, err, customerkit.ErrNotFound)
	require.ErrorIs(t, h.Delete(ctx, org.ID), customerkit.ErrPermissionDenied)
	require.ErrorIs(t, h.Delete(ctx, theirs.ID), customerkit.ErrNotFound)

	page, err := h.List(ctx, nil, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	page, err = h.List(ctx, &credential.Query{OrgWide: true, CustomerID: f.other}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	n := 0
	for v, err := range h.All(ctx, &credential.Query{OrgWide: true}) {
		require.NoError(t, err)
		require.NotEqual(t, theirs.ID, v.ID)
		n++
	}
	require.Equal(t, 2, n)
	require.NoError(t, h.Delete(ctx, mine.ID))

	// An unbound handle does nothing.
	z := f.svc.ForCustomer(ulid.ULID{})
	_, err = z.Create(ctx, basicInput(ulid.ULID{}))
	require.ErrorIs(t, err, customerkit.ErrPermissionDenied)
	_, err = z.Get(ctx, org.ID)
	require.ErrorIs(t, err, customerkit.ErrPermissionDenied)
	for _, err := range z.All(ctx, nil) {
		require.ErrorIs(t, err, customerkit.ErrPermissionDenied)
	}
}

// TestScopeStatusRules: a customer's writes through its Scope follow its
// status, checked in the store's transaction; the organization's writes
// do not.
func TestScopeStatusRules(t *testing.T) {
	t.Parallel()
	for _, status := range customer.Statuses() {
		t.Run(string(status), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			ctx := t.Context()
			h := f.svc.ForCustomer(f.customer)
			kept, err := h.Create(ctx, basicInput(f.customer))
			require.NoError(t, err)
			gone, err := h.Create(ctx, basicInput(f.customer))
			require.NoError(t, err)
			_, err = f.store.UpdateCustomer(ctx, f.customer, func(c *customer.Customer) error { c.Status = status; return nil })
			require.NoError(t, err)

			outcome := func(ok bool, err error, what string) {
				t.Helper()
				if ok {
					require.NoError(t, err, what)
					return
				}
				require.ErrorIs(t, err, customerkit.ErrFailedPrecondition, what)
				require.NotErrorIs(t, err, customerkit.ErrPermissionDenied, what)
			}
			_, err = h.Create(ctx, basicInput(f.customer))
			outcome(status.CanCreate(), err, "create")
			name := "renamed"
			_, err = h.Update(ctx, kept.ID, credential.Patch{Name: &name})
			outcome(status.CanUseExisting(), err, "update")
			outcome(status.CanUseExisting(), h.Delete(ctx, gone.ID), "delete")
			if !status.CanUseExisting() {
				got, err := f.svc.Get(ctx, kept.ID)
				require.NoError(t, err)
				require.NotEqual(t, name, got.Name, "a refused update writes nothing")
				_, err = f.svc.Get(ctx, gone.ID)
				require.NoError(t, err, "a refused delete keeps the credential")
			}

			// The organization writes in every status.
			_, err = f.svc.Create(ctx, basicInput(f.customer))
			require.NoError(t, err)
			_, err = f.svc.Update(ctx, kept.ID, credential.Patch{Name: &name})
			require.NoError(t, err)
			require.NoError(t, f.svc.Delete(ctx, kept.ID))
		})
	}
}
