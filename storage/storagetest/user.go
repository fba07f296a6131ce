package storagetest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/password"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

// UserStore is what the user section needs: user.Store, and
// customer.Store for the customers users belong to.
type UserStore interface {
	customer.Store
	user.Store
}

// userStores turns Run's factory into the section's: a store that does
// not implement user.Store skips the section.
func userStores(newStore func(t *testing.T) customer.Store) func(t *testing.T) UserStore {
	return func(t *testing.T) UserStore {
		s, ok := newStore(t).(UserStore)
		if !ok {
			t.Skip("storagetest: the store does not implement user.Store")
		}
		return s
	}
}

// RunUsers runs the section of the suite that checks user.Store: round
// trips of users (password hash included), memberships (a nil permission
// list apart from an empty one) and invitations; lookups by ID, email key
// and external ID; the uniqueness rules (user ID, email key, external ID;
// one membership per user and customer; one owner per customer, also
// under 50 concurrent joins; invitation ID and token hash); the snapshots
// handed to check, plan and update functions and the errors they return;
// immutable fields; writes of several records (customer with its owner,
// acceptance, ownership transfer, user deletion) that commit all or
// nothing; one winner among 50 concurrent acceptances of one token; keyset
// lists of members, memberships and invitations that stay stable while
// records come and go; the customer cascade (memberships and invitations
// go, users stay); isolation of values; a canceled context.
func RunUsers(t *testing.T, newStore func(t *testing.T) UserStore) {
	tests := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) UserStore)
	}{
		{"UserCreateAndGet", testUserCreateAndGet},
		{"UserUnique", testUserUnique},
		{"UserUpdate", testUserUpdate},
		{"UserUpdateConcurrent", testUserUpdateConcurrent},
		{"UserDelete", testUserDelete},
		{"CustomerWithOwner", testCustomerWithOwner},
		{"CustomerWithOwnerAtomic", testCustomerWithOwnerAtomic},
		{"AddMembership", testAddMembership},
		{"OwnerUniqueConcurrent", testOwnerUniqueConcurrent},
		{"UpdateMembership", testUpdateMembership},
		{"TransferOwnership", testTransferOwnership},
		{"DeleteMembership", testDeleteMembership},
		{"MemberLists", testMemberLists},
		{"MemberListStable", testMemberListStable},
		{"Invitations", testInvitations},
		{"InvitationList", testInvitationList},
		{"AcceptInvitation", testAcceptInvitation},
		{"AcceptInvitationAtomic", testAcceptInvitationAtomic},
		{"AcceptConcurrent", testAcceptConcurrent},
		{"DeleteCustomer", testUserDeleteCustomer},
		{"Isolation", testUserIsolation},
		{"InvalidCursor", testUserInvalidCursor},
		{"ContextCanceled", testUserContextCanceled},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore) })
	}
}

// fixtureID returns a ULID of time at and entropy from tag and i.
func fixtureID(tag byte, at time.Time, i int) ulid.ULID {
	var entropy [10]byte
	entropy[0] = tag
	binary.BigEndian.PutUint64(entropy[2:], uint64(i))
	return ulid.MustNew(ulid.Timestamp(at), bytes.NewReader(entropy[:]))
}

// fixtureHash returns a well-formed argon2id hash (PHC string) derived
// from i. A store keeps it as it is and never verifies it.
func fixtureHash(i int) password.Hash {
	sum := sha256.Sum256(fmt.Appendf(nil, "hash-%d", i))
	b64 := base64.RawStdEncoding
	return password.Hash("$argon2id$v=19$m=64,t=1,p=1$" + b64.EncodeToString(sum[:16]) + "$" + b64.EncodeToString(sum[:]))
}

// NewUser returns fixture user i (i ≥ 0), as the user Service hands it to
// a Store: canonical, Version 1, every field set (a password hash for even
// i only). Its unique fields (ID, Email, ExternalID) derive from i.
func NewUser(i int) *user.User {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	u := &user.User{
		ID:         fixtureID(0xD5, created, i),
		Email:      fmt.Sprintf("User.%d@example.com", i),
		Name:       firstNames[i%len(firstNames)] + " " + lastNames[i%len(lastNames)],
		Phone:      fmt.Sprintf("+49151%08d", i%100_000_000),
		ExternalID: fmt.Sprintf("idp|%06d", i),
		Version:    1,
		CreatedAt:  created,
		UpdatedAt:  created,
	}
	if i%2 == 0 {
		u.PasswordHash = fixtureHash(i)
	}
	return u
}

// NewMembership returns the membership of u in c with role r, as the
// Service stores it: Version 1, created with the user.
func NewMembership(c *customer.Customer, u *user.User, r marketplace.Role) *user.Membership {
	return &user.Membership{
		CustomerID: c.ULID, UserID: u.ID, Role: r,
		Version: 1, CreatedAt: u.CreatedAt, UpdatedAt: u.CreatedAt,
	}
}

// NewInvitation returns fixture invitation i of customer c: pending,
// expiring 7 days after its creation, with a token hash derived from i and
// explicit permissions for odd i.
func NewInvitation(i int, c *customer.Customer) *user.Invitation {
	created := Epoch.Add(time.Duration(i)*time.Minute + time.Duration(i)*time.Microsecond).Truncate(time.Microsecond)
	inv := &user.Invitation{
		ID:         fixtureID(0x17, created, i),
		CustomerID: c.ULID,
		Email:      fmt.Sprintf("invitee.%d@example.com", i),
		Role:       marketplace.RoleMember,
		Activation: user.ActivationDisplayLink,
		TokenHash:  sha256.Sum256(fmt.Appendf(nil, "token-%d", i)),
		Status:     user.InvitationPending,
		ExpiresAt:  created.Add(7 * 24 * time.Hour),
		Version:    1,
		CreatedAt:  created,
		UpdatedAt:  created,
	}
	if i%2 == 1 {
		inv.Permissions = []user.Permission{user.PermViewUsers, user.PermViewLogs}
		inv.Activation = user.ActivationEmailLink
	}
	return inv
}

func createUsers(t testing.TB, s user.Store, us ...*user.User) {
	t.Helper()
	for _, u := range us {
		require.NoError(t, s.CreateUser(t.Context(), u), "create user %s", u.Email)
	}
}

func getUser(t testing.TB, s user.Store, id ulid.ULID) *user.User {
	t.Helper()
	u, err := s.GetUser(t.Context(), user.ByID, id.String())
	require.NoError(t, err, "get user %s", id)
	return u
}

func getMembership(t testing.TB, s user.Store, c, u ulid.ULID) *user.Membership {
	t.Helper()
	m, err := s.GetMembership(t.Context(), c, u)
	require.NoError(t, err, "get membership of %s in %s", u, c)
	return m
}

// join adds memberships through AddMembership, with a plan that writes
// them as they are.
func join(t testing.TB, s user.Store, ms ...*user.Membership) {
	t.Helper()
	for _, m := range ms {
		err := s.AddMembership(t.Context(), m.CustomerID, m.UserID, ulid.ULID{}, func(*user.Snapshot) (*user.Join, error) {
			return &user.Join{Membership: m.Clone()}, nil
		})
		require.NoError(t, err, "add membership of %s in %s", m.UserID, m.CustomerID)
	}
}

// requireUser asserts that got holds what want holds; HasPassword, which
// stores need not keep, is not compared.
func requireUser(t testing.TB, want, got *user.User, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	requireSameTimes(t, want.CreatedAt, got.CreatedAt, want.UpdatedAt, got.UpdatedAt)
	w, g := want.Clone(), got.Clone()
	w.CreatedAt, w.UpdatedAt, g.CreatedAt, g.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	w.HasPassword, g.HasPassword = false, false
	require.Equal(t, w.PasswordHash.Encoded(), g.PasswordHash.Encoded(), msgAndArgs...)
	require.Equal(t, w, g, msgAndArgs...)
}

// requireMembership asserts that got holds what want holds, a nil
// permission list apart from an empty one.
func requireMembership(t testing.TB, want, got *user.Membership, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	requireSameTimes(t, want.CreatedAt, got.CreatedAt, want.UpdatedAt, got.UpdatedAt)
	require.Equal(t, want.Permissions == nil, got.Permissions == nil, "nil permissions (the role's defaults) differ from an empty list (none)")
	w, g := want.Clone(), got.Clone()
	w.CreatedAt, w.UpdatedAt, g.CreatedAt, g.UpdatedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}
	require.Equal(t, w, g, msgAndArgs...)
}

// requireInvitation asserts that got holds what want holds.
func requireInvitation(t testing.TB, want, got *user.Invitation, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	requireSameTimes(t, want.CreatedAt, got.CreatedAt, want.UpdatedAt, got.UpdatedAt, want.ExpiresAt, got.ExpiresAt)
	require.True(t, want.AcceptedAt.Equal(got.AcceptedAt), "AcceptedAt")
	require.True(t, want.RevokedAt.Equal(got.RevokedAt), "RevokedAt")
	require.Equal(t, want.Permissions == nil, got.Permissions == nil, "nil permissions differ from an empty list")
	w, g := want.Clone(), got.Clone()
	for _, x := range []*user.Invitation{w, g} {
		x.CreatedAt, x.UpdatedAt, x.ExpiresAt, x.AcceptedAt, x.RevokedAt = time.Time{}, time.Time{}, time.Time{}, time.Time{}, time.Time{}
	}
	require.Equal(t, w, g, msgAndArgs...)
}

// requireUserConflict asserts that err is the *AlreadyExistsError of
// resource and field.
func requireUserConflict(t testing.TB, err error, resource, field string, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrAlreadyExists, msgAndArgs...)
	var ae *customerkit.AlreadyExistsError
	require.True(t, errors.As(err, &ae), "%v is not an *AlreadyExistsError", err)
	require.Equal(t, resource, ae.Resource, msgAndArgs...)
	require.Equal(t, field, ae.Field, msgAndArgs...)
}

func testUserCreateAndGet(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	us := []*user.User{NewUser(1), NewUser(2), NewUser(3)}
	us[2].Name, us[2].Phone, us[2].ExternalID = "", "", "" // the least a user holds
	createUsers(t, s, us...)
	for _, u := range us {
		requireUser(t, u, getUser(t, s, u.ID))
		got, err := s.GetUser(ctx, user.ByEmail, customer.EmailKey(strings.ToUpper(u.Email)))
		require.NoError(t, err, "by email key, whatever the case")
		requireUser(t, u, got)
		if u.ExternalID != "" {
			got, err = s.GetUser(ctx, user.ByExternalID, u.ExternalID)
			require.NoError(t, err)
			requireUser(t, u, got)
		}
	}
	require.Equal(t, fixtureHash(2).Encoded(), getUser(t, s, us[1].ID).PasswordHash.Encoded(), "the hash is kept as given")
	require.True(t, getUser(t, s, us[0].ID).PasswordHash.IsZero())

	for by, v := range map[user.By]string{
		user.ByID: NewUser(9).ID.String(), user.ByEmail: customer.EmailKey(NewUser(9).Email),
		user.ByExternalID: NewUser(9).ExternalID,
	} {
		_, err := s.GetUser(ctx, by, v)
		requireNotFound(t, err, "unknown %s", by)
	}
	_, err := s.GetUser(ctx, user.ByExternalID, "")
	requireNotFound(t, err, "the empty external ID names no user")
	_, err = s.GetUser(ctx, user.ByEmail, us[0].Email)
	if strings.ToLower(us[0].Email) != us[0].Email {
		requireNotFound(t, err, "ByEmail takes an EmailKey, not an address")
	}
}

func testUserUnique(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	a := NewUser(1)
	createUsers(t, s, a)
	for field, change := range map[string]func(u *user.User){
		"id":          func(u *user.User) { u.ID = a.ID },
		"email":       func(u *user.User) { u.Email = strings.ToUpper(a.Email[:1]) + strings.ToLower(a.Email[1:]) },
		"external_id": func(u *user.User) { u.ExternalID = a.ExternalID },
	} {
		b := NewUser(2)
		change(b)
		requireUserConflict(t, s.CreateUser(ctx, b), "user", field)
		_, err := s.GetUser(ctx, user.ByEmail, customer.EmailKey(NewUser(2).Email))
		requireNotFound(t, err, "a refused user is not stored (%s)", field)
	}
	// Empty external IDs never collide.
	b, c := NewUser(2), NewUser(3)
	b.ExternalID, c.ExternalID = "", ""
	createUsers(t, s, b, c)
}

func testUserUpdate(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	a, b := NewUser(1), NewUser(2)
	createUsers(t, s, a, b)
	later := a.UpdatedAt.Add(time.Hour)
	got, err := s.UpdateUser(ctx, a.ID, func(u *user.User) error {
		requireUser(t, a, u, "the updater sees the stored user")
		u.Email, u.Name, u.Phone, u.ExternalID = "renamed@example.com", "Renamed", "", "idp|renamed"
		u.PasswordHash, u.UpdatedAt = fixtureHash(100), later
		return nil
	})
	require.NoError(t, err)
	want := a.Clone()
	want.Email, want.Name, want.Phone, want.ExternalID = "renamed@example.com", "Renamed", "", "idp|renamed"
	want.PasswordHash, want.UpdatedAt, want.Version = fixtureHash(100), later, 2
	requireUser(t, want, got, "UpdateUser returns the stored user")
	requireUser(t, want, getUser(t, s, a.ID))
	_, err = s.GetUser(ctx, user.ByEmail, customer.EmailKey(a.Email))
	requireNotFound(t, err, "the old email key is free")
	_, err = s.GetUser(ctx, user.ByExternalID, a.ExternalID)
	requireNotFound(t, err, "the old external ID is free")
	c := NewUser(3)
	c.Email, c.ExternalID = a.Email, a.ExternalID
	createUsers(t, s, c)

	_, err = s.UpdateUser(ctx, a.ID, func(u *user.User) error { u.Name = "Not written"; return errRefused })
	require.Same(t, errRefused, err)
	_, err = s.UpdateUser(ctx, a.ID, func(u *user.User) error { u.Email = strings.ToUpper(b.Email); return nil })
	requireUserConflict(t, err, "user", "email")
	_, err = s.UpdateUser(ctx, a.ID, func(u *user.User) error { u.ExternalID = b.ExternalID; return nil })
	requireUserConflict(t, err, "user", "external_id")
	for name, change := range map[string]func(*user.User){
		"ID":        func(u *user.User) { u.ID = NewUser(9).ID },
		"CreatedAt": func(u *user.User) { u.CreatedAt = u.CreatedAt.Add(time.Second) },
	} {
		_, err = s.UpdateUser(ctx, a.ID, func(u *user.User) error { change(u); u.Name = "Not written"; return nil })
		require.ErrorIs(t, err, customerkit.ErrInvalid, "changing %s", name)
	}
	requireUser(t, want, getUser(t, s, a.ID), "no refused update wrote anything")

	called := false
	_, err = s.UpdateUser(ctx, NewUser(9).ID, func(*user.User) error { called = true; return nil })
	requireNotFound(t, err)
	require.False(t, called, "the updater of a missing user was called")
}

// testUserUpdateConcurrent: concurrent updaters each add one letter to the
// name; none is lost and the version counts every write.
func testUserUpdateConcurrent(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	u := NewUser(1)
	u.Name = ""
	createUsers(t, s, u)
	var wg sync.WaitGroup
	errs := make(chan error, concurrency)
	for range concurrency {
		wg.Go(func() {
			_, err := s.UpdateUser(context.Background(), u.ID, func(x *user.User) error {
				x.Name += "x"
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
	got := getUser(t, s, u.ID)
	require.Equal(t, strings.Repeat("x", concurrency), got.Name)
	require.Equal(t, int64(concurrency+1), got.Version)
}

func testUserDelete(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c1, c2 := NewCustomer(1), NewCustomer(2)
	create(t, s, c2, c1)
	a, b := NewUser(1), NewUser(2)
	createUsers(t, s, a, b)
	join(t, s, NewMembership(c2, a, marketplace.RoleAdmin), NewMembership(c1, a, marketplace.RoleMember), NewMembership(c1, b, marketplace.RoleMember))

	err := s.DeleteUser(ctx, a.ID, func(u *user.User, ms []*user.Membership) error {
		requireUser(t, a, u)
		require.Len(t, ms, 2)
		require.Equal(t, []ulid.ULID{c1.ULID, c2.ULID}, []ulid.ULID{ms[0].CustomerID, ms[1].CustomerID}, "in customer ID order")
		return errRefused
	})
	require.Same(t, errRefused, err)
	getMembership(t, s, c1.ULID, a.ID)
	requireUser(t, a, getUser(t, s, a.ID), "a refused delete keeps the user")

	require.NoError(t, s.DeleteUser(ctx, a.ID, func(*user.User, []*user.Membership) error { return nil }))
	_, err = s.GetUser(ctx, user.ByID, a.ID.String())
	requireNotFound(t, err)
	for _, c := range []*customer.Customer{c1, c2} {
		_, err = s.GetMembership(ctx, c.ULID, a.ID)
		requireNotFound(t, err, "the memberships go with the user")
	}
	getMembership(t, s, c1.ULID, b.ID)
	requireNotFound(t, s.DeleteUser(ctx, a.ID, nil), "a second delete")
	createUsers(t, s, a) // the email and external ID are free again
}

func testCustomerWithOwner(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c, owner := NewCustomer(1), NewUser(1)
	m := NewMembership(c, owner, marketplace.RoleAdmin)
	m.Owner = true
	err := s.CreateCustomerWithOwner(ctx, c, func(snap *user.Snapshot) (*user.Join, error) {
		requireCustomer(t, c, snap.Customer)
		require.Nil(t, snap.User, "no user has the customer's email")
		return &user.Join{User: owner.Clone(), Membership: m.Clone()}, nil
	})
	require.NoError(t, err)
	requireCustomer(t, c, get(t, s, c))
	requireUser(t, owner, getUser(t, s, owner.ID))
	requireMembership(t, m, getMembership(t, s, c.ULID, owner.ID))

	// A user with the customer's email (in another case) is handed to plan.
	c2 := NewCustomer(2)
	c2.Email = strings.ToUpper(owner.Email)
	m2 := NewMembership(c2, owner, marketplace.RoleAdmin)
	m2.Owner = true
	err = s.CreateCustomerWithOwner(ctx, c2, func(snap *user.Snapshot) (*user.Join, error) {
		requireUser(t, owner, snap.User)
		return &user.Join{Membership: m2.Clone()}, nil
	})
	require.NoError(t, err)
	requireMembership(t, m2, getMembership(t, s, c2.ULID, owner.ID))
}

// Nothing of a customer with its owner is written when any part fails.
func testCustomerWithOwnerAtomic(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	taken, other := NewCustomer(1), NewUser(2)
	create(t, s, taken)
	createUsers(t, s, other)
	c, u := NewCustomer(3), NewUser(3)
	owner := func(m func(*user.Membership), j func(*user.Join)) func(*user.Snapshot) (*user.Join, error) {
		return func(*user.Snapshot) (*user.Join, error) {
			mm := NewMembership(c, u, marketplace.RoleAdmin)
			mm.Owner = true
			if m != nil {
				m(mm)
			}
			jj := &user.Join{User: u.Clone(), Membership: mm}
			if j != nil {
				j(jj)
			}
			return jj, nil
		}
	}
	check := func(name string, err error) {
		t.Helper()
		_, gerr := s.GetCustomer(ctx, customer.ByULID, c.ULID.String())
		requireNotFound(t, gerr, "%s: the customer was written", name)
		_, gerr = s.GetUser(ctx, user.ByID, u.ID.String())
		requireNotFound(t, gerr, "%s: the user was written", name)
	}

	err := s.CreateCustomerWithOwner(ctx, c, func(*user.Snapshot) (*user.Join, error) { return nil, errRefused })
	require.Same(t, errRefused, err)
	check("a refusing plan", err)

	dup := c.Clone()
	dup.Subdomain = taken.Subdomain
	err = s.CreateCustomerWithOwner(ctx, dup, owner(nil, nil))
	requireAlreadyExists(t, err, "subdomain")
	check("a customer conflict", err)

	err = s.CreateCustomerWithOwner(ctx, c, owner(nil, func(j *user.Join) { j.User.ExternalID = other.ExternalID }))
	requireUserConflict(t, err, "user", "external_id")
	check("a user conflict", err)

	err = s.CreateCustomerWithOwner(ctx, c, owner(func(m *user.Membership) { m.CustomerID = taken.ULID }, nil))
	require.ErrorIs(t, err, customerkit.ErrInvalid, "a membership of another customer")
	check("a stray membership", err)

	err = s.CreateCustomerWithOwner(ctx, c, owner(func(m *user.Membership) { m.UserID = other.ID }, nil))
	require.ErrorIs(t, err, customerkit.ErrInvalid, "a membership of another user")
	check("a membership of another user", err)

	require.NoError(t, s.CreateCustomerWithOwner(ctx, c, owner(nil, nil)), "the same, right")
}

func testAddMembership(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c, other := NewCustomer(1), NewCustomer(2)
	create(t, s, c, other)
	a, b, x := NewUser(1), NewUser(2), NewUser(3)
	createUsers(t, s, a, b, x)
	ma := NewMembership(c, a, marketplace.RoleAdmin)
	ma.Owner = true
	join(t, s, ma)

	mb := NewMembership(c, b, marketplace.RoleMember)
	mb.Permissions = []user.Permission{} // none: kept apart from nil
	err := s.AddMembership(ctx, c.ULID, b.ID, a.ID, func(snap *user.Snapshot) (*user.Join, error) {
		requireCustomer(t, c, snap.Customer)
		requireUser(t, b, snap.User)
		require.Nil(t, snap.Membership)
		requireMembership(t, ma, snap.Actor, "the actor's membership")
		require.Nil(t, snap.Invitation)
		return &user.Join{Membership: mb.Clone()}, nil
	})
	require.NoError(t, err)
	requireMembership(t, mb, getMembership(t, s, c.ULID, b.ID))

	// Again: the plan sees the membership; a plan that writes it anyway
	// breaks the one-membership rule.
	err = s.AddMembership(ctx, c.ULID, b.ID, x.ID, func(snap *user.Snapshot) (*user.Join, error) {
		requireMembership(t, mb, snap.Membership)
		require.Nil(t, snap.Actor, "x is not a member")
		return &user.Join{Membership: NewMembership(c, b, marketplace.RoleAdmin)}, nil
	})
	requireUserConflict(t, err, "membership", "user_id")
	requireMembership(t, mb, getMembership(t, s, c.ULID, b.ID))

	second := NewMembership(c, x, marketplace.RoleAdmin)
	second.Owner = true
	err = s.AddMembership(ctx, c.ULID, x.ID, ulid.ULID{}, func(*user.Snapshot) (*user.Join, error) { return &user.Join{Membership: second}, nil })
	requireUserConflict(t, err, "membership", "owner")
	second.Owner = false
	err = s.AddMembership(ctx, c.ULID, x.ID, ulid.ULID{}, func(*user.Snapshot) (*user.Join, error) { return &user.Join{Membership: second, User: NewUser(7)}, nil })
	require.ErrorIs(t, err, customerkit.ErrInvalid, "AddMembership creates no user")
	err = s.AddMembership(ctx, c.ULID, x.ID, ulid.ULID{}, func(*user.Snapshot) (*user.Join, error) {
		return &user.Join{Membership: NewMembership(other, x, marketplace.RoleAdmin)}, nil
	})
	require.ErrorIs(t, err, customerkit.ErrInvalid, "a membership of another customer")
	err = s.AddMembership(ctx, c.ULID, x.ID, ulid.ULID{}, func(*user.Snapshot) (*user.Join, error) { return nil, errRefused })
	require.Same(t, errRefused, err)
	_, err = s.GetMembership(ctx, c.ULID, x.ID)
	requireNotFound(t, err, "no refused membership was written")
	_, err = s.GetUser(ctx, user.ByID, NewUser(7).ID.String())
	requireNotFound(t, err)

	noop := func(*user.Snapshot) (*user.Join, error) { return nil, errRefused }
	requireNotFound(t, s.AddMembership(ctx, NewCustomer(9).ULID, x.ID, ulid.ULID{}, noop), "unknown customer")
	requireNotFound(t, s.AddMembership(ctx, c.ULID, NewUser(9).ID, ulid.ULID{}, noop), "unknown user")
	_, err = s.GetMembership(ctx, other.ULID, a.ID)
	requireNotFound(t, err)
}

// testOwnerUniqueConcurrent: concurrent joins that each make their user
// the owner of an ownerless customer: exactly one wins.
func testOwnerUniqueConcurrent(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	us := make([]*user.User, concurrency)
	for i := range us {
		us[i] = NewUser(i)
	}
	createUsers(t, s, us...)
	var wg sync.WaitGroup
	errs := make(chan error, concurrency)
	for _, u := range us {
		wg.Go(func() {
			m := NewMembership(c, u, marketplace.RoleAdmin)
			m.Owner = true
			errs <- s.AddMembership(context.Background(), c.ULID, u.ID, ulid.ULID{}, func(*user.Snapshot) (*user.Join, error) {
				return &user.Join{Membership: m.Clone()}, nil
			})
		})
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		if err == nil {
			won++
			continue
		}
		requireUserConflict(t, err, "membership", "owner")
	}
	require.Equal(t, 1, won)
}

func testUpdateMembership(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c := NewCustomer(1)
	create(t, s, c)
	a, b := NewUser(1), NewUser(2)
	createUsers(t, s, a, b)
	ma, mb := NewMembership(c, a, marketplace.RoleAdmin), NewMembership(c, b, marketplace.RoleMember)
	ma.Owner = true
	join(t, s, ma, mb)

	later := mb.UpdatedAt.Add(time.Hour)
	got, err := s.UpdateMembership(ctx, c.ULID, b.ID, a.ID, func(m *user.Membership, snap *user.Snapshot) error {
		requireMembership(t, mb, m)
		requireCustomer(t, c, snap.Customer)
		requireUser(t, b, snap.User)
		requireMembership(t, ma, snap.Actor)
		m.Role, m.Permissions, m.UpdatedAt = marketplace.RoleMarketplaceAdmin, []user.Permission{}, later
		return nil
	})
	require.NoError(t, err)
	want := mb.Clone()
	want.Role, want.Permissions, want.UpdatedAt, want.Version = marketplace.RoleMarketplaceAdmin, []user.Permission{}, later, 2
	requireMembership(t, want, got)
	requireMembership(t, want, getMembership(t, s, c.ULID, b.ID))
	got, err = s.UpdateMembership(ctx, c.ULID, b.ID, ulid.ULID{}, func(m *user.Membership, snap *user.Snapshot) error {
		require.Nil(t, snap.Actor, "no actor named")
		m.Permissions = nil
		return nil
	})
	require.NoError(t, err)
	require.Nil(t, got.Permissions, "back to nil, not empty")
	want.Permissions, want.Version = nil, 3

	_, err = s.UpdateMembership(ctx, c.ULID, b.ID, ulid.ULID{}, func(m *user.Membership, _ *user.Snapshot) error { m.Role = marketplace.RoleAdmin; return errRefused })
	require.Same(t, errRefused, err)
	for name, change := range map[string]func(*user.Membership){
		"CustomerID": func(m *user.Membership) { m.CustomerID = NewCustomer(2).ULID },
		"UserID":     func(m *user.Membership) { m.UserID = a.ID },
		"CreatedAt":  func(m *user.Membership) { m.CreatedAt = m.CreatedAt.Add(time.Second) },
		"Owner":      func(m *user.Membership) { m.Owner = true },
	} {
		_, err = s.UpdateMembership(ctx, c.ULID, b.ID, ulid.ULID{}, func(m *user.Membership, _ *user.Snapshot) error {
			change(m)
			m.Role = marketplace.RoleAdmin
			return nil
		})
		require.ErrorIs(t, err, customerkit.ErrInvalid, "changing %s", name)
	}
	requireMembership(t, want, getMembership(t, s, c.ULID, b.ID), "no refused update wrote anything")
	_, err = s.UpdateMembership(ctx, c.ULID, NewUser(9).ID, ulid.ULID{}, func(*user.Membership, *user.Snapshot) error { return nil })
	requireNotFound(t, err)
}

func testTransferOwnership(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c := NewCustomer(1)
	create(t, s, c)
	a, b, x := NewUser(1), NewUser(2), NewUser(3)
	createUsers(t, s, a, b, x)
	ma, mb := NewMembership(c, a, marketplace.RoleAdmin), NewMembership(c, b, marketplace.RoleMember)
	ma.Owner = true
	join(t, s, ma, mb)
	later := ma.UpdatedAt.Add(time.Hour)
	promote := func(from, to *user.Membership, _ *user.Snapshot) error {
		if from != nil {
			from.Owner, from.UpdatedAt = false, later
		}
		to.Owner, to.Role, to.UpdatedAt = true, marketplace.RoleAdmin, later
		return nil
	}

	// Refusals write nothing.
	_, _, err := s.TransferOwnership(ctx, c.ULID, b.ID, a.ID, func(*user.Membership, *user.Membership, *user.Snapshot) error { return errRefused })
	require.Same(t, errRefused, err)
	_, _, err = s.TransferOwnership(ctx, c.ULID, b.ID, ulid.ULID{}, func(from, to *user.Membership, _ *user.Snapshot) error {
		to.Owner = true // and from stays the owner
		return nil
	})
	requireUserConflict(t, err, "membership", "owner")
	_, _, err = s.TransferOwnership(ctx, c.ULID, b.ID, ulid.ULID{}, func(from, to *user.Membership, s *user.Snapshot) error {
		from.UserID = x.ID
		return promote(from, to, s)
	})
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	requireMembership(t, ma, getMembership(t, s, c.ULID, a.ID))
	requireMembership(t, mb, getMembership(t, s, c.ULID, b.ID))

	from, to, err := s.TransferOwnership(ctx, c.ULID, b.ID, a.ID, func(from, to *user.Membership, snap *user.Snapshot) error {
		requireMembership(t, ma, from)
		requireMembership(t, mb, to)
		requireCustomer(t, c, snap.Customer)
		requireUser(t, b, snap.User)
		requireMembership(t, ma, snap.Actor)
		return promote(from, to, snap)
	})
	require.NoError(t, err)
	wantA, wantB := ma.Clone(), mb.Clone()
	wantA.Owner, wantA.UpdatedAt, wantA.Version = false, later, 2
	wantB.Owner, wantB.Role, wantB.UpdatedAt, wantB.Version = true, marketplace.RoleAdmin, later, 2
	requireMembership(t, wantA, from)
	requireMembership(t, wantB, to)
	requireMembership(t, wantA, getMembership(t, s, c.ULID, a.ID))
	requireMembership(t, wantB, getMembership(t, s, c.ULID, b.ID))

	// To the owner itself: from and to are copies of one membership.
	_, to, err = s.TransferOwnership(ctx, c.ULID, b.ID, ulid.ULID{}, func(from, to *user.Membership, _ *user.Snapshot) error {
		requireMembership(t, wantB, from)
		requireMembership(t, wantB, to)
		to.Role = marketplace.RoleAdmin
		return nil
	})
	require.NoError(t, err)
	require.True(t, to.Owner)
	require.Equal(t, int64(3), to.Version)

	_, _, err = s.TransferOwnership(ctx, c.ULID, x.ID, ulid.ULID{}, promote)
	requireNotFound(t, err, "x is not a member")

	// An ownerless customer: from is nil.
	c2 := NewCustomer(2)
	create(t, s, c2)
	join(t, s, NewMembership(c2, x, marketplace.RoleMember))
	from, to, err = s.TransferOwnership(ctx, c2.ULID, x.ID, ulid.ULID{}, func(from, to *user.Membership, snap *user.Snapshot) error {
		require.Nil(t, from)
		return promote(from, to, snap)
	})
	require.NoError(t, err)
	require.Nil(t, from)
	require.True(t, to.Owner)
	require.True(t, getMembership(t, s, c2.ULID, x.ID).Owner)
}

func testDeleteMembership(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c := NewCustomer(1)
	create(t, s, c)
	a, b := NewUser(1), NewUser(2)
	createUsers(t, s, a, b)
	ma, mb := NewMembership(c, a, marketplace.RoleAdmin), NewMembership(c, b, marketplace.RoleMember)
	join(t, s, ma, mb)
	err := s.DeleteMembership(ctx, c.ULID, b.ID, a.ID, func(m *user.Membership, snap *user.Snapshot) error {
		requireMembership(t, mb, m)
		requireCustomer(t, c, snap.Customer)
		requireUser(t, b, snap.User)
		requireMembership(t, ma, snap.Actor)
		return errRefused
	})
	require.Same(t, errRefused, err)
	getMembership(t, s, c.ULID, b.ID)
	require.NoError(t, s.DeleteMembership(ctx, c.ULID, b.ID, ulid.ULID{}, nil))
	_, err = s.GetMembership(ctx, c.ULID, b.ID)
	requireNotFound(t, err)
	requireUser(t, b, getUser(t, s, b.ID), "the user stays")
	requireNotFound(t, s.DeleteMembership(ctx, c.ULID, b.ID, ulid.ULID{}, nil), "a second delete")
	join(t, s, mb) // the user may join again
}

// walkMembers lists every page of q, checking page sizes and Next.
func walkMembers(t testing.TB, s user.Store, q *user.MemberQuery) []*user.Member {
	t.Helper()
	var out []*user.Member
	var after customerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 1000, "the pages never end")
		page, err := s.ListMembers(t.Context(), q, after)
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

func testMemberLists(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	cs := []*customer.Customer{NewCustomer(1), NewCustomer(2), NewCustomer(3)}
	create(t, s, cs...)
	var us []*user.User
	var all []*user.Membership
	// Create out of ID order: lists are in ID order whatever the writes.
	for _, i := range []int{7, 2, 11, 0, 5, 9, 1, 10, 3, 8, 6, 4} {
		u := NewUser(i)
		us = append(us, u)
		createUsers(t, s, u)
		for j, c := range cs {
			if (i+j)%3 == 0 {
				continue
			}
			m := NewMembership(c, u, marketplace.Roles()[(i+j)%4])
			if i%4 == 1 {
				m.Permissions = []user.Permission{user.PermViewLogs}
			}
			join(t, s, m)
			all = append(all, m)
		}
	}
	byID := map[ulid.ULID]*user.User{}
	for _, u := range us {
		byID[u.ID] = u
	}
	for _, c := range append(cs, NewCustomer(9)) {
		for _, role := range []marketplace.Role{"", marketplace.RoleAdmin, marketplace.RoleMarketplaceUser} {
			q := &user.MemberQuery{CustomerID: c.ULID, Role: role}
			var want []*user.Membership
			for _, m := range all {
				if q.Match(m) {
					want = append(want, m)
				}
			}
			slices.SortFunc(want, func(a, b *user.Membership) int { return a.UserID.Compare(b.UserID) })
			for _, limit := range []int{1, 2, 5, 50} {
				q.Limit = limit
				got := walkMembers(t, s, q)
				require.Len(t, got, len(want), "customer %d role %q limit %d", slices.Index(cs, c), role, limit)
				for i := range got {
					requireMembership(t, want[i], &got[i].Membership)
					requireUser(t, byID[want[i].UserID], &got[i].User, "a member carries its user")
				}
			}
		}
	}
	for _, u := range us {
		var want []ulid.ULID
		for _, m := range all {
			if m.UserID == u.ID {
				want = append(want, m.CustomerID)
			}
		}
		slices.SortFunc(want, ulid.ULID.Compare)
		var got []ulid.ULID
		var after customerkit.Cursor
		for pages := 0; ; pages++ {
			require.Less(t, pages, 1000, "the pages never end")
			page, err := s.ListMemberships(ctx, &user.MembershipQuery{UserID: u.ID, Limit: 1}, after)
			require.NoError(t, err)
			for _, m := range page.Items {
				requireMembership(t, getMembership(t, s, m.CustomerID, m.UserID), m)
				got = append(got, m.CustomerID)
			}
			if page.Next.IsZero() {
				break
			}
			after = page.Next
		}
		require.Equal(t, want, got, "the memberships of a user, in customer ID order")
	}
	page, err := s.ListMemberships(ctx, &user.MembershipQuery{UserID: NewUser(99).ID, Limit: 5}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Empty(t, page.Items, "an unknown user has none")
}

// testMemberListStable: members added and removed between pages (the
// cursor's own among them) never make one present throughout repeat or go
// missing.
func testMemberListStable(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	index := map[ulid.ULID]int{}
	var stay []ulid.ULID
	for i := range 20 {
		u := NewUser(2 * i)
		createUsers(t, s, u)
		join(t, s, NewMembership(c, u, marketplace.RoleMember))
		index[u.ID] = 2 * i
		stay = append(stay, u.ID)
	}
	q := &user.MemberQuery{CustomerID: c.ULID, Limit: 3}
	var seen []ulid.ULID
	var after customerkit.Cursor
	for pages := 0; ; pages++ {
		require.Less(t, pages, 1000, "the pages never end")
		page, err := s.ListMembers(t.Context(), q, after)
		require.NoError(t, err)
		for _, m := range page.Items {
			seen = append(seen, m.User.ID)
		}
		if page.Next.IsZero() {
			break
		}
		last := page.Items[len(page.Items)-1].User.ID
		j := index[last]
		require.NoError(t, s.DeleteMembership(t.Context(), c.ULID, last, ulid.ULID{}, nil))
		for _, k := range []int{j - 1, j + 1} {
			if k < 0 {
				k = 1001
			}
			u := NewUser(k)
			createUsers(t, s, u)
			join(t, s, NewMembership(c, u, marketplace.RoleMember))
			index[u.ID] = k
		}
		after = page.Next
	}
	require.True(t, slices.IsSortedFunc(seen, ulid.ULID.Compare), "a page went backwards")
	require.Len(t, slices.Compact(slices.Clone(seen)), len(seen), "a member repeated")
	for _, id := range stay {
		if _, err := s.GetMembership(t.Context(), c.ULID, id); err == nil {
			require.Contains(t, seen, id, "a member present throughout went missing")
		}
	}
}

func testInvitations(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c := NewCustomer(1)
	create(t, s, c)
	a, b := NewUser(1), NewUser(2)
	createUsers(t, s, a, b)
	ma := NewMembership(c, a, marketplace.RoleAdmin)
	join(t, s, ma)

	i1 := NewInvitation(1, c)
	i1.Email = strings.ToUpper(a.Email) // a member's email, in another case
	i1.InvitedBy = a.ID
	err := s.CreateInvitation(ctx, i1, a.ID, func(snap *user.Snapshot) error {
		requireCustomer(t, c, snap.Customer)
		requireUser(t, a, snap.User, "the user with the invited email")
		requireMembership(t, ma, snap.Membership, "and its membership")
		requireMembership(t, ma, snap.Actor)
		return errRefused
	})
	require.Same(t, errRefused, err)
	_, err = s.GetInvitation(ctx, i1.ID)
	requireNotFound(t, err, "a refused invitation is not stored")

	i2 := NewInvitation(2, c)
	i2.Email = b.Email
	require.NoError(t, s.CreateInvitation(ctx, i2, ulid.ULID{}, func(snap *user.Snapshot) error {
		requireUser(t, b, snap.User)
		require.Nil(t, snap.Membership, "b is not a member")
		require.Nil(t, snap.Actor)
		return nil
	}))
	i3 := NewInvitation(3, c)
	require.NoError(t, s.CreateInvitation(ctx, i3, ulid.ULID{}, func(snap *user.Snapshot) error {
		require.Nil(t, snap.User, "nobody has the invited email")
		return nil
	}))
	for _, i := range []*user.Invitation{i2, i3} {
		got, err := s.GetInvitation(ctx, i.ID)
		require.NoError(t, err)
		requireInvitation(t, i, got)
		got, err = s.GetInvitationByToken(ctx, i.TokenHash)
		require.NoError(t, err)
		requireInvitation(t, i, got)
	}
	_, err = s.GetInvitationByToken(ctx, user.TokenHash{})
	requireNotFound(t, err, "the zero hash")
	_, err = s.GetInvitationByToken(ctx, NewInvitation(9, c).TokenHash)
	requireNotFound(t, err)
	_, err = s.GetInvitation(ctx, NewInvitation(9, c).ID)
	requireNotFound(t, err)

	dupID, dupHash := NewInvitation(4, c), NewInvitation(5, c)
	dupID.ID, dupHash.TokenHash = i2.ID, i3.TokenHash
	requireUserConflict(t, s.CreateInvitation(ctx, dupID, ulid.ULID{}, nil), "invitation", "id")
	requireUserConflict(t, s.CreateInvitation(ctx, dupHash, ulid.ULID{}, nil), "invitation", "token_hash")
	requireNotFound(t, s.CreateInvitation(ctx, NewInvitation(6, NewCustomer(9)), ulid.ULID{}, nil), "unknown customer")

	// UpdateInvitation.
	later := i2.UpdatedAt.Add(time.Hour)
	got, err := s.UpdateInvitation(ctx, i2.ID, a.ID, func(i *user.Invitation, snap *user.Snapshot) error {
		requireInvitation(t, i2, i)
		requireCustomer(t, c, snap.Customer)
		requireMembership(t, ma, snap.Actor)
		i.Status, i.RevokedAt, i.UpdatedAt = user.InvitationRevoked, later, later
		return nil
	})
	require.NoError(t, err)
	want := i2.Clone()
	want.Status, want.RevokedAt, want.UpdatedAt, want.Version = user.InvitationRevoked, later, later, 2
	requireInvitation(t, want, got)
	byToken, err := s.GetInvitationByToken(ctx, i2.TokenHash)
	require.NoError(t, err)
	requireInvitation(t, want, byToken)
	_, err = s.UpdateInvitation(ctx, i2.ID, ulid.ULID{}, func(i *user.Invitation, _ *user.Snapshot) error { i.Status = user.InvitationPending; return errRefused })
	require.Same(t, errRefused, err)
	for name, change := range map[string]func(*user.Invitation){
		"ID":         func(i *user.Invitation) { i.ID = NewInvitation(9, c).ID },
		"CustomerID": func(i *user.Invitation) { i.CustomerID = NewCustomer(2).ULID },
		"TokenHash":  func(i *user.Invitation) { i.TokenHash = NewInvitation(9, c).TokenHash },
		"CreatedAt":  func(i *user.Invitation) { i.CreatedAt = i.CreatedAt.Add(time.Second) },
	} {
		_, err = s.UpdateInvitation(ctx, i2.ID, ulid.ULID{}, func(i *user.Invitation, _ *user.Snapshot) error {
			change(i)
			i.Status = user.InvitationPending
			return nil
		})
		require.ErrorIs(t, err, customerkit.ErrInvalid, "changing %s", name)
	}
	got, err = s.GetInvitation(ctx, i2.ID)
	require.NoError(t, err)
	requireInvitation(t, want, got, "no refused update wrote anything")
	_, err = s.UpdateInvitation(ctx, NewInvitation(9, c).ID, ulid.ULID{}, func(*user.Invitation, *user.Snapshot) error { return nil })
	requireNotFound(t, err)
}

func testInvitationList(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	cs := []*customer.Customer{NewCustomer(1), NewCustomer(2)}
	create(t, s, cs...)
	var all []*user.Invitation
	for _, i := range []int{5, 0, 9, 3, 1, 7, 2, 8, 4, 6, 10} {
		inv := NewInvitation(i, cs[i%2])
		if i%3 == 0 {
			inv.Status = user.InvitationAccepted
		}
		require.NoError(t, s.CreateInvitation(ctx, inv, ulid.ULID{}, nil))
		all = append(all, inv)
	}
	for _, c := range append(cs, NewCustomer(9)) {
		for _, st := range []user.InvitationState{"", user.InvitationPending, user.InvitationAccepted, user.InvitationRevoked} {
			q := &user.InvitationQuery{CustomerID: c.ULID, Status: st}
			var want []*user.Invitation
			for _, i := range all {
				if q.Match(i) {
					want = append(want, i)
				}
			}
			slices.SortFunc(want, func(a, b *user.Invitation) int { return a.ID.Compare(b.ID) })
			for _, limit := range []int{1, 3, 50} {
				q.Limit = limit
				var got []*user.Invitation
				var after customerkit.Cursor
				for pages := 0; ; pages++ {
					require.Less(t, pages, 1000, "the pages never end")
					page, err := s.ListInvitations(ctx, q, after)
					require.NoError(t, err)
					require.LessOrEqual(t, len(page.Items), limit)
					got = append(got, page.Items...)
					if page.Next.IsZero() {
						break
					}
					after = page.Next
				}
				require.Len(t, got, len(want), "status %q limit %d", st, limit)
				for i := range got {
					requireInvitation(t, want[i], got[i])
				}
			}
		}
	}
}

// acceptWorld is a customer with a member a, a user b who is not a
// member, and invitations of b's email and of a new email.
type acceptWorld struct {
	c             *customer.Customer
	a, b          *user.User
	ma            *user.Membership
	forB, forNew  *user.Invitation
	forA          *user.Invitation
	newUser       *user.User
	acceptedLater time.Time
}

func newAcceptWorld(t testing.TB, s UserStore) *acceptWorld {
	t.Helper()
	w := &acceptWorld{c: NewCustomer(1), a: NewUser(1), b: NewUser(2), newUser: NewUser(3)}
	create(t, s, w.c)
	createUsers(t, s, w.a, w.b)
	w.ma = NewMembership(w.c, w.a, marketplace.RoleAdmin)
	w.ma.Owner = true
	join(t, s, w.ma)
	w.forB, w.forNew, w.forA = NewInvitation(1, w.c), NewInvitation(2, w.c), NewInvitation(3, w.c)
	w.forB.Email = strings.ToUpper(w.b.Email)
	w.forNew.Email = w.newUser.Email
	w.forA.Email = w.a.Email
	for _, i := range []*user.Invitation{w.forB, w.forNew, w.forA} {
		require.NoError(t, s.CreateInvitation(t.Context(), i, ulid.ULID{}, nil))
	}
	w.acceptedLater = w.forB.CreatedAt.Add(time.Hour)
	return w
}

// acceptPlan is the plan of an acceptance by u (nil: the snapshot's user),
// marking the invitation accepted.
func (w *acceptWorld) acceptPlan(newUser *user.User) func(*user.Snapshot) (*user.Join, error) {
	return func(snap *user.Snapshot) (*user.Join, error) {
		if snap.Invitation.Status != user.InvitationPending {
			return nil, errRefused
		}
		j := &user.Join{User: newUser.Clone()}
		u := snap.User
		if u == nil {
			u = newUser
		}
		j.Membership = &user.Membership{
			CustomerID: snap.Invitation.CustomerID, UserID: u.ID, Role: snap.Invitation.Role,
			Permissions: slices.Clone(snap.Invitation.Permissions), Version: 1, CreatedAt: w.acceptedLater, UpdatedAt: w.acceptedLater,
		}
		j.Invitation = snap.Invitation.Clone()
		j.Invitation.Status, j.Invitation.AcceptedBy, j.Invitation.AcceptedAt, j.Invitation.UpdatedAt = user.InvitationAccepted, u.ID, w.acceptedLater, w.acceptedLater
		return j, nil
	}
}

func testAcceptInvitation(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	w := newAcceptWorld(t, s)

	// An existing user (b): the plan sees it, no user is created.
	err := s.AcceptInvitation(ctx, w.forB.TokenHash, func(snap *user.Snapshot) (*user.Join, error) {
		requireInvitation(t, w.forB, snap.Invitation)
		requireCustomer(t, w.c, snap.Customer)
		requireUser(t, w.b, snap.User, "the user with the invited email, whatever its case")
		require.Nil(t, snap.Membership)
		require.Nil(t, snap.Actor)
		return w.acceptPlan(nil)(snap)
	})
	require.NoError(t, err)
	m := getMembership(t, s, w.c.ULID, w.b.ID)
	require.Equal(t, w.forB.Role, m.Role)
	require.Equal(t, w.forB.Permissions, m.Permissions)
	inv, err := s.GetInvitation(ctx, w.forB.ID)
	require.NoError(t, err)
	require.Equal(t, user.InvitationAccepted, inv.Status)
	require.Equal(t, w.b.ID, inv.AcceptedBy)
	require.Equal(t, int64(2), inv.Version)
	requireUser(t, w.b, getUser(t, s, w.b.ID), "the user is unchanged")

	// A new user: created with the membership.
	err = s.AcceptInvitation(ctx, w.forNew.TokenHash, func(snap *user.Snapshot) (*user.Join, error) {
		require.Nil(t, snap.User)
		return w.acceptPlan(w.newUser)(snap)
	})
	require.NoError(t, err)
	requireUser(t, w.newUser, getUser(t, s, w.newUser.ID))
	m = getMembership(t, s, w.c.ULID, w.newUser.ID)
	require.Nil(t, m.Permissions, "the invitation's nil list stays nil")

	// The plan sees an accepted invitation as accepted, and a member's
	// membership.
	err = s.AcceptInvitation(ctx, w.forB.TokenHash, w.acceptPlan(nil))
	require.Same(t, errRefused, err)
	err = s.AcceptInvitation(ctx, w.forA.TokenHash, func(snap *user.Snapshot) (*user.Join, error) {
		requireMembership(t, w.ma, snap.Membership)
		return w.acceptPlan(nil)(snap)
	})
	requireUserConflict(t, err, "membership", "user_id")
	inv, err = s.GetInvitation(ctx, w.forA.ID)
	require.NoError(t, err)
	requireInvitation(t, w.forA, inv, "a refused acceptance leaves the invitation")

	requireNotFound(t, s.AcceptInvitation(ctx, NewInvitation(9, w.c).TokenHash, w.acceptPlan(nil)), "an unknown token")
	requireNotFound(t, s.AcceptInvitation(ctx, user.TokenHash{}, w.acceptPlan(nil)), "the zero hash")
}

// Nothing of an acceptance is written when any part fails.
func testAcceptInvitationAtomic(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	w := newAcceptWorld(t, s)
	nothing := func(name string) {
		t.Helper()
		_, err := s.GetUser(ctx, user.ByID, w.newUser.ID.String())
		requireNotFound(t, err, "%s: the user was written", name)
		_, err = s.GetMembership(ctx, w.c.ULID, w.newUser.ID)
		requireNotFound(t, err, "%s: the membership was written", name)
		inv, err := s.GetInvitation(ctx, w.forNew.ID)
		require.NoError(t, err)
		requireInvitation(t, w.forNew, inv, "%s: the invitation was written", name)
	}
	tweak := func(f func(*user.Join)) func(*user.Snapshot) (*user.Join, error) {
		return func(snap *user.Snapshot) (*user.Join, error) {
			j, err := w.acceptPlan(w.newUser)(snap)
			if err == nil {
				f(j)
			}
			return j, err
		}
	}
	err := s.AcceptInvitation(ctx, w.forNew.TokenHash, func(*user.Snapshot) (*user.Join, error) { return nil, errRefused })
	require.Same(t, errRefused, err)
	nothing("a refusing plan")

	err = s.AcceptInvitation(ctx, w.forNew.TokenHash, tweak(func(j *user.Join) { j.User.ExternalID = w.a.ExternalID }))
	requireUserConflict(t, err, "user", "external_id")
	nothing("a user conflict")

	err = s.AcceptInvitation(ctx, w.forNew.TokenHash, tweak(func(j *user.Join) { j.Membership.Owner = true }))
	requireUserConflict(t, err, "membership", "owner")
	nothing("a second owner")

	err = s.AcceptInvitation(ctx, w.forNew.TokenHash, tweak(func(j *user.Join) { j.Invitation.TokenHash = NewInvitation(9, w.c).TokenHash }))
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	nothing("an invitation's immutable field")

	err = s.AcceptInvitation(ctx, w.forNew.TokenHash, tweak(func(j *user.Join) { j.Membership.UserID = w.b.ID }))
	require.ErrorIs(t, err, customerkit.ErrInvalid)
	nothing("a membership of another user")

	require.NoError(t, s.AcceptInvitation(ctx, w.forNew.TokenHash, w.acceptPlan(w.newUser)), "the same, right")
}

// testAcceptConcurrent: concurrent acceptances of one token, each with a
// plan that refuses an invitation that is no longer pending: exactly one
// wins.
func testAcceptConcurrent(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	w := newAcceptWorld(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, concurrency)
	for i := range concurrency {
		wg.Go(func() {
			u := NewUser(100 + i)
			u.Email = w.newUser.Email
			errs <- s.AcceptInvitation(context.Background(), w.forNew.TokenHash, w.acceptPlan(u))
		})
	}
	wg.Wait()
	close(errs)
	won := 0
	for err := range errs {
		if err == nil {
			won++
			continue
		}
		require.Same(t, errRefused, err)
	}
	require.Equal(t, 1, won)
	page, err := s.ListMembers(t.Context(), &user.MemberQuery{CustomerID: w.c.ULID, Limit: 50}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 2, "a and the one winner")
}

func testUserDeleteCustomer(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	gone, kept := NewCustomer(1), NewCustomer(2)
	create(t, s, gone, kept)
	a, b := NewUser(1), NewUser(2)
	createUsers(t, s, a, b)
	ma := NewMembership(gone, a, marketplace.RoleAdmin)
	ma.Owner = true
	join(t, s, ma, NewMembership(gone, b, marketplace.RoleMember), NewMembership(kept, b, marketplace.RoleMember))
	goneInv, keptInv := NewInvitation(1, gone), NewInvitation(2, kept)
	require.NoError(t, s.CreateInvitation(ctx, goneInv, ulid.ULID{}, nil))
	require.NoError(t, s.CreateInvitation(ctx, keptInv, ulid.ULID{}, nil))

	require.NoError(t, s.DeleteCustomer(ctx, gone.ULID, nil))
	for _, u := range []*user.User{a, b} {
		requireUser(t, u, getUser(t, s, u.ID), "users stay")
		_, err := s.GetMembership(ctx, gone.ULID, u.ID)
		requireNotFound(t, err, "memberships go with the customer")
	}
	_, err := s.GetInvitation(ctx, goneInv.ID)
	requireNotFound(t, err, "invitations go with the customer")
	_, err = s.GetInvitationByToken(ctx, goneInv.TokenHash)
	requireNotFound(t, err)
	page, err := s.ListMembers(ctx, &user.MemberQuery{CustomerID: gone.ULID, Limit: 10}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Empty(t, page.Items)
	ms, err := s.ListMemberships(ctx, &user.MembershipQuery{UserID: b.ID, Limit: 10}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, ms.Items, 1)
	require.Equal(t, kept.ULID, ms.Items[0].CustomerID)
	_, err = s.GetInvitation(ctx, keptInv.ID)
	require.NoError(t, err, "another customer's invitations stay")

	// The deleted customer's owner slot is free if the ULID came back.
	create(t, s, gone)
	join(t, s, ma)
}

func testUserIsolation(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c := NewCustomer(1)
	create(t, s, c)
	u := NewUser(1)
	in := u.Clone()
	createUsers(t, s, in)
	in.Name, in.Email = "Mutated", "mutated@example.com"
	requireUser(t, u, getUser(t, s, u.ID), "the store kept the caller's user")
	got := getUser(t, s, u.ID)
	got.Name = "Mutated"
	requireUser(t, u, getUser(t, s, u.ID), "the store shares the user it returned")

	m := NewMembership(c, u, marketplace.RoleMember)
	m.Permissions = []user.Permission{user.PermViewLogs, user.PermViewUsers}
	mIn := m.Clone()
	err := s.AddMembership(ctx, c.ULID, u.ID, u.ID, func(snap *user.Snapshot) (*user.Join, error) {
		return &user.Join{Membership: mIn}, nil
	})
	require.NoError(t, err)
	mIn.Permissions[0] = user.PermManageUsers
	requireMembership(t, m, getMembership(t, s, c.ULID, u.ID), "the store kept the membership it was given")
	gm := getMembership(t, s, c.ULID, u.ID)
	gm.Permissions[0] = user.PermManageUsers
	requireMembership(t, m, getMembership(t, s, c.ULID, u.ID), "the store shares the membership it returned")
	page, err := s.ListMembers(ctx, &user.MemberQuery{CustomerID: c.ULID, Limit: 5}, customerkit.Cursor{})
	require.NoError(t, err)
	page.Items[0].Membership.Permissions[0] = user.PermManageUsers
	page.Items[0].User.Name = "Mutated"
	requireMembership(t, m, getMembership(t, s, c.ULID, u.ID), "a listed member is a copy")
	requireUser(t, u, getUser(t, s, u.ID))
	// A snapshot is a copy too.
	_, err = s.UpdateMembership(ctx, c.ULID, u.ID, u.ID, func(x *user.Membership, snap *user.Snapshot) error {
		snap.Actor.Permissions[0] = user.PermManageUsers
		snap.User.Name = "Mutated"
		snap.Customer.Name = "Mutated"
		return errRefused
	})
	require.Same(t, errRefused, err)
	requireMembership(t, m, getMembership(t, s, c.ULID, u.ID))
	requireCustomer(t, c, get(t, s, c))

	inv := NewInvitation(1, c)
	invIn := inv.Clone()
	require.NoError(t, s.CreateInvitation(ctx, invIn, ulid.ULID{}, nil))
	invIn.Permissions[0] = user.PermManageUsers
	got2, err := s.GetInvitation(ctx, inv.ID)
	require.NoError(t, err)
	requireInvitation(t, inv, got2)
	got2.Permissions[0] = user.PermManageUsers
	got3, err := s.GetInvitation(ctx, inv.ID)
	require.NoError(t, err)
	requireInvitation(t, inv, got3)
}

func testUserInvalidCursor(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	ctx := t.Context()
	c := NewCustomer(1)
	create(t, s, c)
	for i := range 3 {
		u := NewUser(i)
		createUsers(t, s, u)
		join(t, s, NewMembership(c, u, marketplace.RoleMember))
		require.NoError(t, s.CreateInvitation(ctx, NewInvitation(i, c), ulid.ULID{}, nil))
	}
	mq := &user.MemberQuery{CustomerID: c.ULID, Limit: 1}
	iq := &user.InvitationQuery{CustomerID: c.ULID, Limit: 1}
	mp, err := s.ListMembers(ctx, mq, customerkit.Cursor{})
	require.NoError(t, err)
	ip, err := s.ListInvitations(ctx, iq, customerkit.Cursor{})
	require.NoError(t, err)
	for name, cur := range map[string]customerkit.Cursor{
		"garbage": customerkit.NewCursor([]byte("not a cursor at all")),
		"cut":     customerkit.NewCursor(mp.Next.Bytes()[:len(mp.Next.Bytes())-1]),
		"flipped": func() customerkit.Cursor {
			b := slices.Clone(mp.Next.Bytes())
			b[len(b)/2] ^= 0x40
			return customerkit.NewCursor(b)
		}(),
	} {
		_, err := s.ListMembers(ctx, mq, cur)
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
		_, err = s.ListInvitations(ctx, iq, cur)
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
		_, err = s.ListMemberships(ctx, &user.MembershipQuery{UserID: NewUser(0).ID, Limit: 1}, cur)
		require.ErrorIs(t, err, customerkit.ErrInvalid, name)
	}
	_, err = s.ListMembers(ctx, mq, ip.Next)
	require.ErrorIs(t, err, customerkit.ErrInvalid, "another list's cursor")
	_, err = s.ListInvitations(ctx, iq, mp.Next)
	require.ErrorIs(t, err, customerkit.ErrInvalid, "another list's cursor")
}

func testUserContextCanceled(t *testing.T, newStore func(t *testing.T) UserStore) {
	s := newStore(t)
	c := NewCustomer(1)
	create(t, s, c)
	u := NewUser(1)
	createUsers(t, s, u)
	m := NewMembership(c, u, marketplace.RoleAdmin)
	join(t, s, m)
	inv := NewInvitation(1, c)
	require.NoError(t, s.CreateInvitation(t.Context(), inv, ulid.ULID{}, nil))

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	never := func(*user.Snapshot) (*user.Join, error) {
		return nil, errors.New("storagetest: called with a canceled context")
	}
	calls := map[string]error{
		"CreateUser": s.CreateUser(ctx, NewUser(2)),
		"GetUser":    func() error { _, err := s.GetUser(ctx, user.ByID, u.ID.String()); return err }(),
		"UpdateUser": func() error {
			_, err := s.UpdateUser(ctx, u.ID, func(x *user.User) error { x.Name = "x"; return nil })
			return err
		}(),
		"DeleteUser":              s.DeleteUser(ctx, u.ID, nil),
		"CreateCustomerWithOwner": s.CreateCustomerWithOwner(ctx, NewCustomer(2), never),
		"AddMembership":           s.AddMembership(ctx, c.ULID, u.ID, ulid.ULID{}, never),
		"GetMembership":           func() error { _, err := s.GetMembership(ctx, c.ULID, u.ID); return err }(),
		"UpdateMembership": func() error {
			_, err := s.UpdateMembership(ctx, c.ULID, u.ID, ulid.ULID{}, func(*user.Membership, *user.Snapshot) error { return nil })
			return err
		}(),
		"TransferOwnership": func() error {
			_, _, err := s.TransferOwnership(ctx, c.ULID, u.ID, ulid.ULID{}, func(_, _ *user.Membership, _ *user.Snapshot) error { return nil })
			return err
		}(),
		"DeleteMembership": s.DeleteMembership(ctx, c.ULID, u.ID, ulid.ULID{}, nil),
		"ListMembers": func() error {
			_, err := s.ListMembers(ctx, &user.MemberQuery{CustomerID: c.ULID, Limit: 5}, customerkit.Cursor{})
			return err
		}(),
		"ListMemberships": func() error {
			_, err := s.ListMemberships(ctx, &user.MembershipQuery{UserID: u.ID, Limit: 5}, customerkit.Cursor{})
			return err
		}(),
		"CreateInvitation":     s.CreateInvitation(ctx, NewInvitation(2, c), ulid.ULID{}, nil),
		"GetInvitation":        func() error { _, err := s.GetInvitation(ctx, inv.ID); return err }(),
		"GetInvitationByToken": func() error { _, err := s.GetInvitationByToken(ctx, inv.TokenHash); return err }(),
		"UpdateInvitation": func() error {
			_, err := s.UpdateInvitation(ctx, inv.ID, ulid.ULID{}, func(*user.Invitation, *user.Snapshot) error { return nil })
			return err
		}(),
		"AcceptInvitation": s.AcceptInvitation(ctx, inv.TokenHash, never),
		"ListInvitations": func() error {
			_, err := s.ListInvitations(ctx, &user.InvitationQuery{CustomerID: c.ULID, Limit: 5}, customerkit.Cursor{})
			return err
		}(),
	}
	for name, err := range calls {
		require.ErrorIs(t, err, context.Canceled, name)
	}
	// Nothing was written.
	requireUser(t, u, getUser(t, s, u.ID))
	requireMembership(t, m, getMembership(t, s, c.ULID, u.ID))
	_, err := s.GetUser(t.Context(), user.ByID, NewUser(2).ID.String())
	requireNotFound(t, err)
	got, err := s.GetInvitation(t.Context(), inv.ID)
	require.NoError(t, err)
	requireInvitation(t, inv, got)
}
