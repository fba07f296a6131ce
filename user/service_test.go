package user_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

func TestCreateCustomerCreatesOwner(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	require.Equal(t, "ada@acme.example", f.ada.User.Email)
	require.Equal(t, "Ada Lovelace", f.ada.User.Name, "the owner's name comes from the profile")
	require.Equal(t, int64(1), f.ada.User.Version)
	require.Equal(t, f.clock.Now(), f.ada.User.CreatedAt)
	m := f.ada.Membership
	require.Equal(t, f.acme.ULID, m.CustomerID)
	require.Equal(t, f.ada.User.ID, m.UserID)
	require.True(t, m.Owner)
	require.Equal(t, marketplace.RoleAdmin, m.Role)
	require.Nil(t, m.Permissions)
	require.Equal(t, user.Permissions(), m.Effective(), "the owner holds every permission")

	stored, err := f.svc.Member(ctx, f.acme.ULID, f.ada.User.ID)
	require.NoError(t, err)
	require.Equal(t, f.ada, stored)
	got, err := f.customers.Get(ctx, f.acme.ULID)
	require.NoError(t, err)
	require.Equal(t, f.acme, got)
}

func TestCreateCustomerExistingUserBecomesOwner(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.addMember(t, f.acme, "bob@globex.example", marketplace.RoleMember)
	// Bob's address in another case: the same user owns the new customer.
	globex, owner := f.newCustomer(t, "Globex", "Someone", "Else", "BOB@GLOBEX.example")
	require.Equal(t, bob.User.ID, owner.User.ID)
	require.Equal(t, "bob", owner.User.Name, "the existing user is kept as it is")
	require.True(t, owner.Membership.Owner)
	page, err := f.svc.Memberships(ctx, &user.MembershipQuery{UserID: bob.User.ID}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 2)
	require.ElementsMatch(t, []ulid.ULID{f.acme.ULID, globex.ULID}, []ulid.ULID{page.Items[0].CustomerID, page.Items[1].CustomerID})
	require.False(t, page.Items[slices.IndexFunc(page.Items, func(m *user.Membership) bool { return m.CustomerID == f.acme.ULID })].Owner)
}

// A customer that cannot be created leaves no user behind.
func TestCreateCustomerAtomic(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	_, _, err := f.svc.CreateCustomer(ctx, &customer.Customer{Type: customer.TypeBusiness, FirstName: "Bob", LastName: "B", Email: "bob@acme.example", Country: "GB", Currency: "GBP"})
	requireOneSentinel(t, err, customerkit.ErrInvalid, "no company name")
	_, err = f.svc.GetUserBy(ctx, user.ByEmail, "bob@acme.example")
	requireOneSentinel(t, err, customerkit.ErrNotFound, "no user was created")

	// A taken external ID is found in the same write: no user either.
	_, _, err = f.svc.CreateCustomer(ctx, &customer.Customer{
		Type: customer.TypePersonal, FirstName: "Bob", LastName: "B", Email: "bob@acme.example", ExternalID: "crm-1", Country: "GB", Currency: "GBP",
	})
	require.NoError(t, err)
	_, _, err = f.svc.CreateCustomer(ctx, &customer.Customer{
		Type: customer.TypePersonal, FirstName: "Cy", LastName: "C", Email: "cy@acme.example", ExternalID: "crm-1", Country: "GB", Currency: "GBP",
	})
	requireAlreadyExists(t, err, "customer", "external_id")
	_, err = f.svc.GetUserBy(ctx, user.ByEmail, "cy@acme.example")
	requireOneSentinel(t, err, customerkit.ErrNotFound, "no user was created")
}

func TestUsers(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	u, err := f.svc.CreateUser(ctx, &user.User{Email: " Bob@ACME.example", Name: "Bob", Phone: "+44 20 7946 0958", ExternalID: "idp|bob"})
	require.NoError(t, err)
	require.Equal(t, "Bob@acme.example", u.Email)
	require.Equal(t, "+442079460958", u.Phone)
	require.False(t, u.ID.IsZero())
	require.False(t, u.HasPassword)

	for by, v := range map[user.By]string{user.ByID: u.ID.String(), user.ByEmail: "bob@acme.EXAMPLE", user.ByExternalID: " idp|bob"} {
		got, err := f.svc.GetUserBy(ctx, by, v)
		require.NoError(t, err, by)
		require.Equal(t, u, got, by)
	}
	_, err = f.svc.GetUserBy(ctx, user.ByExternalID, "")
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	_, err = f.svc.GetUserBy(ctx, user.ByID, "nope")
	requireOneSentinel(t, err, customerkit.ErrInvalid)
	_, err = f.svc.GetUserBy(ctx, "name", "Bob")
	requireOneSentinel(t, err, customerkit.ErrInvalid)

	_, err = f.svc.CreateUser(ctx, &user.User{Email: "BOB@acme.example"})
	requireAlreadyExists(t, err, "user", "email")
	_, err = f.svc.CreateUser(ctx, &user.User{Email: "bob2@acme.example", ExternalID: "idp|bob"})
	requireAlreadyExists(t, err, "user", "external_id")
	_, err = f.svc.CreateUser(ctx, &user.User{Email: "nope"})
	requireProblems(t, err, "email invalid")

	f.clock.Advance(time.Minute)
	up, err := f.svc.UpdateUser(ctx, u.ID, func(x *user.User) error {
		x.Name, x.Phone = "  Robert ", ""
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, "Robert", up.Name)
	require.Empty(t, up.Phone)
	require.Equal(t, int64(2), up.Version)
	require.Equal(t, f.clock.Now(), up.UpdatedAt)
	require.Equal(t, u.CreatedAt, up.CreatedAt)

	_, err = f.svc.UpdateUser(ctx, u.ID, func(x *user.User) error { x.Email = "ADA@acme.example"; return nil })
	requireAlreadyExists(t, err, "user", "email")
	_, err = f.svc.UpdateUser(ctx, u.ID, func(x *user.User) error {
		x.ID, x.Version, x.PasswordHash = ulid.Make(), 9, "$argon2id$..."
		return nil
	})
	requireProblems(t, err, "id immutable", "version immutable", "password immutable")
	_, err = f.svc.UpdateUserIfMatch(ctx, u.ID, 1, func(x *user.User) error { x.Name = "stale"; return nil })
	requireOneSentinel(t, err, customerkit.ErrConflict)
	_, err = f.svc.UpdateUserIfMatch(ctx, u.ID, 2, func(x *user.User) error { x.Name = "fresh"; return nil })
	require.NoError(t, err)
	_, err = f.svc.UpdateUser(ctx, ulid.Make(), func(*user.User) error { return nil })
	requireOneSentinel(t, err, customerkit.ErrNotFound)
}

func TestDeleteUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.addMember(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	require.NoError(t, f.svc.DeleteUser(ctx, bob.User.ID))
	_, err := f.svc.GetUser(ctx, bob.User.ID)
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	_, err = f.svc.Membership(ctx, f.acme.ULID, bob.User.ID)
	requireOneSentinel(t, err, customerkit.ErrNotFound, "the memberships go with the user")
	require.Equal(t, []ulid.ULID{f.ada.User.ID}, f.memberIDs(t, f.acme.ULID))

	err = f.svc.DeleteUser(ctx, f.ada.User.ID)
	requireOneSentinel(t, err, customerkit.ErrFailedPrecondition, "an owner")
	_, err = f.svc.GetUser(ctx, f.ada.User.ID)
	require.NoError(t, err)
	requireOneSentinel(t, f.svc.DeleteUser(ctx, bob.User.ID), customerkit.ErrNotFound)
}

func TestPasswords(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	const pw = "correct horse battery staple"
	id := f.ada.User.ID
	_, err := f.svc.Authenticate(ctx, "ada@acme.example", pw)
	require.ErrorIs(t, err, user.ErrBadCredentials, "no password yet")
	requireOneSentinel(t, err, customerkit.ErrPermissionDenied)

	u, err := f.svc.SetPassword(ctx, id, pw)
	require.NoError(t, err)
	require.True(t, u.HasPassword)
	require.True(t, u.PasswordHash.IsZero(), "the hash is never returned")

	got, err := f.svc.Authenticate(ctx, " ADA@acme.example ", pw)
	require.NoError(t, err)
	require.Equal(t, id, got.ID)
	require.True(t, got.PasswordHash.IsZero())
	for _, tt := range []struct{ email, pw string }{
		{"ada@acme.example", "wrong"},
		{"ada@acme.example", ""},
		{"nobody@acme.example", pw},
		{"not an email", pw},
		{"", ""},
	} {
		_, err := f.svc.Authenticate(ctx, tt.email, tt.pw)
		require.Equal(t, user.ErrBadCredentials, err, "%q", tt.email)
	}

	_, err = f.svc.SetPassword(ctx, id, "")
	requireProblems(t, err, "password required")
	_, err = f.svc.SetPassword(ctx, ulid.Make(), pw)
	requireOneSentinel(t, err, customerkit.ErrNotFound)

	u, err = f.svc.ClearPassword(ctx, id)
	require.NoError(t, err)
	require.False(t, u.HasPassword)
	_, err = f.svc.Authenticate(ctx, "ada@acme.example", pw)
	require.ErrorIs(t, err, user.ErrBadCredentials)

	// The hash is stored, and only there.
	_, err = f.svc.SetPassword(ctx, id, pw)
	require.NoError(t, err)
	stored, err := f.store.GetUser(ctx, user.ByID, id.String())
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(stored.PasswordHash.Encoded(), "$argon2id$"))
	for _, s := range []string{fmt.Sprintf("%v %+v", stored, *stored), mustJSON(t, stored)} {
		require.NotContains(t, s, "$argon2id$")
		require.NotContains(t, s, pw)
	}
}

// A hash made with older parameters is replaced on the next sign-in.
func TestAuthenticateRehashes(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	const pw = "tr0ub4dor&3"
	_, err := f.svc.SetPassword(ctx, f.ada.User.ID, pw)
	require.NoError(t, err)
	before, err := f.store.GetUser(ctx, user.ByID, f.ada.User.ID.String())
	require.NoError(t, err)

	stronger := cheapHasher(t, 2)
	svc := user.NewService(f.store, f.customers, &user.Options{Hasher: stronger, NowFunc: f.clock.Now})
	_, err = svc.Authenticate(ctx, "ada@acme.example", pw)
	require.NoError(t, err)
	after, err := f.store.GetUser(ctx, user.ByID, f.ada.User.ID.String())
	require.NoError(t, err)
	require.NotEqual(t, before.PasswordHash, after.PasswordHash)
	p, err := after.PasswordHash.Params()
	require.NoError(t, err)
	require.Equal(t, stronger.Params(), p)
	_, rehash, err := stronger.Verify(after.PasswordHash, pw)
	require.NoError(t, err)
	require.False(t, rehash)

	// Signing in again writes nothing more.
	_, err = svc.Authenticate(ctx, "ada@acme.example", pw)
	require.NoError(t, err)
	again, err := f.store.GetUser(ctx, user.ByID, f.ada.User.ID.String())
	require.NoError(t, err)
	require.Equal(t, after.Version, again.Version)
}

// An unknown email costs a verification, as a known one does. It runs
// alone (not in parallel) and compares the fastest of interleaved runs,
// which contention can only slow down.
func TestAuthenticateUnknownEmailCosts(t *testing.T) {
	f := newFixture(t, &user.Options{Hasher: cheapHasher(t, 64)})
	ctx := t.Context()
	_, err := f.svc.SetPassword(ctx, f.ada.User.ID, "pw-of-ada")
	require.NoError(t, err)
	_, _ = f.svc.Authenticate(ctx, "nobody@acme.example", "x") // makes the dummy hash
	fastest := map[string]time.Duration{}
	for range 9 {
		for _, email := range []string{"ada@acme.example", "nobody@acme.example"} {
			start := time.Now()
			_, err := f.svc.Authenticate(ctx, email, "wrong password")
			d := time.Since(start)
			require.ErrorIs(t, err, user.ErrBadCredentials)
			if cur, ok := fastest[email]; !ok || d < cur {
				fastest[email] = d
			}
		}
	}
	known, unknown := fastest["ada@acme.example"], fastest["nobody@acme.example"]
	require.Greater(t, unknown, known/3, "known %v, unknown %v", known, unknown)
}

// No log record carries a password, a hash, a token or a link.
func TestLogsLeakNothing(t *testing.T) {
	t.Parallel()
	var logs bytes.Buffer
	f := newFixture(t, &user.Options{Logger: slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx := t.Context()
	const pw = "s3cret-Passw0rd"
	_, err := f.svc.SetPassword(ctx, f.ada.User.ID, pw)
	require.NoError(t, err)
	_, err = f.svc.Authenticate(ctx, "ada@acme.example", pw)
	require.NoError(t, err)
	_, err = f.svc.InviteAs(ctx, actor(f.ada), user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationEmailLink})
	require.NoError(t, err)
	link := f.mail.last(t).Link
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tokenOf(t, link), Password: "bob's password"})
	require.NoError(t, err)
	_, tok := f.invite(t, f.acme, "cy@acme.example", marketplace.RoleMember)

	stored, err := f.store.GetUser(ctx, user.ByID, f.ada.User.ID.String())
	require.NoError(t, err)
	out := logs.String()
	require.NotEmpty(t, out)
	for _, secret := range []string{pw, "bob's password", link, tokenOf(t, link), tok, stored.PasswordHash.Encoded(), "$argon2id$"} {
		require.NotContains(t, out, secret)
	}
}

func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
