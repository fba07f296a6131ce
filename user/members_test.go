package user_test

import (
	"slices"
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

func TestAddMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.newUser(t, "bob@acme.example")
	m, err := f.svc.AddMember(ctx, f.acme.ULID, bob.ID, user.Access{Role: marketplace.RoleMember, Permissions: []user.Permission{user.PermViewLogs, user.PermViewUsers}})
	require.NoError(t, err)
	require.Equal(t, bob, &m.User)
	require.Equal(t, []user.Permission{user.PermViewUsers, user.PermViewLogs}, m.Membership.Permissions)
	require.False(t, m.Membership.Owner)
	require.Equal(t, int64(1), m.Membership.Version)

	_, err = f.svc.AddMember(ctx, f.acme.ULID, bob.ID, user.Access{Role: marketplace.RoleAdmin})
	requireAlreadyExists(t, err, "membership", "user_id")
	_, err = f.svc.AddMember(ctx, f.acme.ULID, ulid.Make(), user.Access{Role: marketplace.RoleAdmin})
	requireOneSentinel(t, err, customerkit.ErrNotFound, "unknown user")
	_, err = f.svc.AddMember(ctx, ulid.Make(), bob.ID, user.Access{Role: marketplace.RoleAdmin})
	requireOneSentinel(t, err, customerkit.ErrNotFound, "unknown customer")
	_, err = f.svc.AddMember(ctx, f.acme.ULID, bob.ID, user.Access{Role: "root"})
	requireProblems(t, err, "role not_supported")
}

// allowed_domains_registration decides who may join, checked with the
// customer as it is at the moment of the join.
func TestAddMemberAllowedDomains(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	_, err := f.customers.Update(ctx, f.acme.ULID, func(c *customer.Customer) error {
		c.AllowedRegistrationDomains = []string{"acme.example", "*.acme.org"}
		return nil
	})
	require.NoError(t, err)
	for email, ok := range map[string]bool{
		"a@acme.example":     true,
		"b@ACME.EXAMPLE":     true,
		"c@eu.acme.org":      true,
		"d@acme.org":         false,
		"e@evil.example":     false,
		"f@acme.example.com": false,
	} {
		u := f.newUser(t, email)
		_, err := f.svc.AddMember(ctx, f.acme.ULID, u.ID, user.Access{Role: marketplace.RoleMember})
		if ok {
			require.NoError(t, err, email)
		} else {
			requireOneSentinel(t, err, customerkit.ErrFailedPrecondition, email)
		}
	}
}

func TestAddMemberStatus(t *testing.T) {
	t.Parallel()
	for _, st := range customer.Statuses() {
		t.Run(string(st), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			if st != customer.StatusActive {
				f.setStatus(t, f.acme, st)
			}
			u := f.newUser(t, "bob@acme.example")
			_, err := f.svc.AddMember(t.Context(), f.acme.ULID, u.ID, user.Access{Role: marketplace.RoleMember})
			if st == customer.StatusTerminated {
				requireOneSentinel(t, err, customerkit.ErrFailedPrecondition)
			} else {
				require.NoError(t, err, "the organization adds members unless the customer is terminated")
			}
		})
	}
}

func TestSetAccess(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.addMember(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	m, err := f.svc.SetAccess(ctx, f.acme.ULID, bob.User.ID, user.Access{Role: marketplace.RoleMarketplaceAdmin, Permissions: []user.Permission{}})
	require.NoError(t, err)
	require.Equal(t, marketplace.RoleMarketplaceAdmin, m.Role)
	require.NotNil(t, m.Permissions)
	require.Empty(t, m.Effective(), "an empty list: no permission at all")
	require.Equal(t, int64(2), m.Version)
	m, err = f.svc.SetAccess(ctx, f.acme.ULID, bob.User.ID, user.Access{Role: marketplace.RoleMarketplaceAdmin})
	require.NoError(t, err)
	require.Nil(t, m.Permissions)
	require.True(t, m.Can(user.PermDeployInstances), "back to the role's defaults")

	_, err = f.svc.SetAccess(ctx, f.acme.ULID, f.ada.User.ID, user.Access{Role: marketplace.RoleMember})
	requireOneSentinel(t, err, customerkit.ErrFailedPrecondition, "the owner's access changes only by a transfer")
	_, err = f.svc.SetAccess(ctx, f.acme.ULID, ulid.Make(), user.Access{Role: marketplace.RoleMember})
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	_, err = f.svc.SetAccess(ctx, f.acme.ULID, bob.User.ID, user.Access{})
	requireProblems(t, err, "role required")
}

func TestRemoveMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.addMember(t, f.acme, "bob@acme.example", marketplace.RoleAdmin)
	requireOneSentinel(t, f.svc.RemoveMember(ctx, f.acme.ULID, f.ada.User.ID), customerkit.ErrFailedPrecondition, "the owner stays")
	require.NoError(t, f.svc.RemoveMember(ctx, f.acme.ULID, bob.User.ID))
	requireOneSentinel(t, f.svc.RemoveMember(ctx, f.acme.ULID, bob.User.ID), customerkit.ErrNotFound)
	_, err := f.svc.GetUser(ctx, bob.User.ID)
	require.NoError(t, err, "the user stays")
	require.Equal(t, []ulid.ULID{f.ada.User.ID}, f.memberIDs(t, f.acme.ULID))
}

func TestTransferOwnership(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.addMember(t, f.acme, "bob@acme.example", marketplace.RoleMember, user.PermViewLogs)
	prev, owner, err := f.svc.TransferOwnership(ctx, f.acme.ULID, bob.User.ID)
	require.NoError(t, err)
	require.Equal(t, f.ada.User.ID, prev.UserID)
	require.False(t, prev.Owner)
	require.Equal(t, marketplace.RoleAdmin, prev.Role, "the previous owner is demoted to admin")
	require.Equal(t, bob.User.ID, owner.UserID)
	require.True(t, owner.Owner)
	require.Equal(t, marketplace.RoleAdmin, owner.Role)
	require.Nil(t, owner.Permissions)
	for id, want := range map[ulid.ULID]*user.Membership{f.ada.User.ID: prev, bob.User.ID: owner} {
		got, err := f.svc.Membership(ctx, f.acme.ULID, id)
		require.NoError(t, err)
		require.Equal(t, want, got)
	}

	_, _, err = f.svc.TransferOwnership(ctx, f.acme.ULID, bob.User.ID)
	requireOneSentinel(t, err, customerkit.ErrFailedPrecondition, "already the owner")
	_, _, err = f.svc.TransferOwnership(ctx, f.acme.ULID, ulid.Make())
	requireOneSentinel(t, err, customerkit.ErrNotFound, "not a member")
	requireOneSentinel(t, f.svc.RemoveMember(ctx, f.acme.ULID, bob.User.ID), customerkit.ErrFailedPrecondition)
	require.NoError(t, f.svc.RemoveMember(ctx, f.acme.ULID, f.ada.User.ID), "Ada is an admin now")
}

// A customer made by customer.Service alone has no owner until a
// transfer gives it one.
func TestTransferOwnershipToOwnerless(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	c, err := f.customers.Create(ctx, &customer.Customer{Type: customer.TypePersonal, FirstName: "Lone", LastName: "Wolf", Email: "lone@wolf.example", Country: "DE", Currency: "EUR"})
	require.NoError(t, err)
	u := f.newUser(t, "lone@wolf.example")
	_, err = f.svc.AddMember(ctx, c.ULID, u.ID, user.Access{Role: marketplace.RoleMember})
	require.NoError(t, err)
	prev, owner, err := f.svc.TransferOwnership(ctx, c.ULID, u.ID)
	require.NoError(t, err)
	require.Nil(t, prev)
	require.True(t, owner.Owner)
}

func TestMemberLists(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	globex, _ := f.newCustomer(t, "Globex", "Hank", "Scorpio", "hank@globex.example")
	want := []ulid.ULID{f.ada.User.ID}
	roles := marketplace.Roles()
	for i := range 7 {
		m := f.addMember(t, f.acme, "m"+string(rune('a'+i))+"@acme.example", roles[i%len(roles)])
		want = append(want, m.User.ID)
		if i%2 == 0 {
			_, err := f.svc.AddMember(ctx, globex.ULID, m.User.ID, user.Access{Role: marketplace.RoleMember})
			require.NoError(t, err)
		}
	}
	slices.SortFunc(want, ulid.ULID.Compare)
	require.Equal(t, want, f.memberIDs(t, f.acme.ULID), "every member, in user ID order, across pages")

	page, err := f.svc.Members(ctx, &user.MemberQuery{CustomerID: f.acme.ULID, Role: marketplace.RoleAdmin}, customerkit.Cursor{})
	require.NoError(t, err)
	for _, m := range page.Items {
		require.Equal(t, marketplace.RoleAdmin, m.Membership.Role)
		require.True(t, m.User.PasswordHash.IsZero())
	}
	require.Len(t, page.Items, 3, "the owner and two admins")

	_, err = f.svc.Members(ctx, &user.MemberQuery{}, customerkit.Cursor{})
	requireProblems(t, err, "customer_id required")
	_, err = f.svc.Members(ctx, &user.MemberQuery{CustomerID: f.acme.ULID}, customerkit.NewCursor([]byte("junk")))
	requireOneSentinel(t, err, customerkit.ErrInvalid)

	var customers []ulid.ULID
	for m, err := range f.svc.AllMemberships(ctx, &user.MembershipQuery{UserID: want[1], Limit: 1}) {
		require.NoError(t, err)
		customers = append(customers, m.CustomerID)
	}
	require.NotEmpty(t, customers)
	require.True(t, slices.IsSortedFunc(customers, ulid.ULID.Compare))
	_, err = f.svc.Memberships(ctx, nil, customerkit.Cursor{})
	requireProblems(t, err, "user_id required")
}
