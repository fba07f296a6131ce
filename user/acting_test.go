package user_test

import (
	"testing"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

// actingAction is one acting method, run by actor a on target (a member
// of acme) or on an invitation the organization made.
type actingAction struct {
	name string
	kind string // "read", "change" or "create": what the customer's status must allow
	run  func(t *testing.T, f *fixture, a user.Actor, target *user.Member, inv *user.Invitation) error
}

var actingActions = []actingAction{
	{"MembersAs", "read", func(t *testing.T, f *fixture, a user.Actor, _ *user.Member, _ *user.Invitation) error {
		_, err := f.svc.MembersAs(t.Context(), a, nil, customerkit.Cursor{})
		return err
	}},
	{"MemberAs", "read", func(t *testing.T, f *fixture, a user.Actor, target *user.Member, _ *user.Invitation) error {
		_, err := f.svc.MemberAs(t.Context(), a, target.User.ID)
		return err
	}},
	{"InvitationsAs", "read", func(t *testing.T, f *fixture, a user.Actor, _ *user.Member, _ *user.Invitation) error {
		_, err := f.svc.InvitationsAs(t.Context(), a, nil, customerkit.Cursor{})
		return err
	}},
	{"InviteAs", "create", func(t *testing.T, f *fixture, a user.Actor, _ *user.Member, _ *user.Invitation) error {
		_, err := f.svc.InviteAs(t.Context(), a, user.InviteInput{Email: "new@acme.example", Role: marketplace.RoleMarketplaceUser, Activation: user.ActivationDisplayLink})
		return err
	}},
	{"RevokeAs", "change", func(t *testing.T, f *fixture, a user.Actor, _ *user.Member, inv *user.Invitation) error {
		_, err := f.svc.RevokeAs(t.Context(), a, inv.ID)
		return err
	}},
	{"SetAccessAs", "change", func(t *testing.T, f *fixture, a user.Actor, target *user.Member, _ *user.Invitation) error {
		_, err := f.svc.SetAccessAs(t.Context(), a, target.User.ID, user.Access{Role: marketplace.RoleMarketplaceUser})
		return err
	}},
	{"RemoveMemberAs", "change", func(t *testing.T, f *fixture, a user.Actor, target *user.Member, _ *user.Invitation) error {
		return f.svc.RemoveMemberAs(t.Context(), a, target.User.ID)
	}},
	{"TransferOwnershipAs", "change", func(t *testing.T, f *fixture, a user.Actor, target *user.Member, _ *user.Invitation) error {
		_, _, err := f.svc.TransferOwnershipAs(t.Context(), a, target.User.ID)
		return err
	}},
}

// actingSetup returns a fixture with a target member (role member) and a
// pending invitation in acme, and the actor playing role: "owner", a
// marketplace.Role, or "outsider" (the owner of another customer).
func actingSetup(t *testing.T, role string) (*fixture, user.Actor, *user.Member, *user.Invitation) {
	f := newFixture(t, nil)
	target := f.addMember(t, f.acme, "target@acme.example", marketplace.RoleMember)
	inv, _ := f.invite(t, f.acme, "invited@acme.example", marketplace.RoleMember)
	switch role {
	case "owner":
		return f, actor(f.ada), target, inv
	case "outsider":
		_, hank := f.newCustomer(t, "Globex", "Hank", "Scorpio", "hank@globex.example")
		return f, user.Actor{CustomerID: f.acme.ULID, UserID: hank.User.ID}, target, inv
	}
	m := f.addMember(t, f.acme, "actor@acme.example", marketplace.Role(role))
	return f, actor(m), target, inv
}

// Every acting method against every role: allowed, or ErrPermissionDenied.
func TestActingRoles(t *testing.T) {
	t.Parallel()
	allowed := map[string][]string{
		"owner":                                  {"MembersAs", "MemberAs", "InvitationsAs", "InviteAs", "RevokeAs", "SetAccessAs", "RemoveMemberAs", "TransferOwnershipAs"},
		string(marketplace.RoleAdmin):            {"MembersAs", "MemberAs", "InvitationsAs", "InviteAs", "RevokeAs", "SetAccessAs", "RemoveMemberAs"},
		string(marketplace.RoleMarketplaceAdmin): {"MembersAs", "MemberAs", "InvitationsAs"},
		string(marketplace.RoleMember):           {"MembersAs", "MemberAs", "InvitationsAs"},
		string(marketplace.RoleMarketplaceUser):  {},
		"outsider":                               {},
	}
	for role, ok := range allowed {
		for _, a := range actingActions {
			t.Run(role+"/"+a.name, func(t *testing.T) {
				t.Parallel()
				f, act, target, inv := actingSetup(t, role)
				err := a.run(t, f, act, target, inv)
				if contains(ok, a.name) {
					require.NoError(t, err)
				} else {
					requireOneSentinel(t, err, customerkit.ErrPermissionDenied)
				}
			})
		}
	}
}

// Every acting method under every customer status, by the owner.
func TestActingStatus(t *testing.T) {
	t.Parallel()
	allowed := map[customer.Status][]string{
		customer.StatusActive:     {"read", "change", "create"},
		customer.StatusSuspended:  {"read", "change"},
		customer.StatusInactive:   {},
		customer.StatusTerminated: {},
	}
	for st, kinds := range allowed {
		for _, a := range actingActions {
			t.Run(string(st)+"/"+a.name, func(t *testing.T) {
				t.Parallel()
				f, act, target, inv := actingSetup(t, "owner")
				if st != customer.StatusActive {
					f.setStatus(t, f.acme, st)
				}
				err := a.run(t, f, act, target, inv)
				if contains(kinds, a.kind) {
					require.NoError(t, err)
				} else {
					requireOneSentinel(t, err, customerkit.ErrFailedPrecondition)
				}
			})
		}
	}
}

// Another customer's members and invitations are invisible to an actor.
func TestActingOtherCustomer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	globex, hank := f.newCustomer(t, "Globex", "Hank", "Scorpio", "hank@globex.example")
	theirs := f.addMember(t, globex, "homer@globex.example", marketplace.RoleMember)
	inv, _ := f.invite(t, globex, "marge@globex.example", marketplace.RoleMember)
	a := actor(f.ada)

	_, err := f.svc.MemberAs(ctx, a, theirs.User.ID)
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	_, err = f.svc.SetAccessAs(ctx, a, theirs.User.ID, user.Access{Role: marketplace.RoleAdmin})
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	requireOneSentinel(t, f.svc.RemoveMemberAs(ctx, a, theirs.User.ID), customerkit.ErrNotFound)
	_, _, err = f.svc.TransferOwnershipAs(ctx, a, hank.User.ID)
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	_, err = f.svc.RevokeAs(ctx, a, inv.ID)
	requireOneSentinel(t, err, customerkit.ErrNotFound)

	page, err := f.svc.MembersAs(ctx, a, &user.MemberQuery{CustomerID: globex.ULID}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "the query's customer is replaced by the actor's")
	require.Equal(t, f.ada.User.ID, page.Items[0].User.ID)
	invs, err := f.svc.InvitationsAs(ctx, a, &user.InvitationQuery{CustomerID: globex.ULID}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Empty(t, invs.Items)

	// Globex's members are untouched.
	m, err := f.svc.Membership(ctx, globex.ULID, theirs.User.ID)
	require.NoError(t, err)
	require.Equal(t, int64(1), m.Version)
	got, err := f.svc.Invitation(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, user.InvitationPending, got.Status)

	_, err = f.svc.MembersAs(ctx, user.Actor{}, nil, customerkit.Cursor{})
	requireOneSentinel(t, err, customerkit.ErrPermissionDenied, "the zero actor")
	_, err = f.svc.InviteAs(ctx, user.Actor{CustomerID: f.acme.ULID}, user.InviteInput{Email: "x@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	requireOneSentinel(t, err, customerkit.ErrPermissionDenied, "an actor without a user")
}

// An acting member never grants, nor takes, a permission it lacks.
func TestActingNoEscalation(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	// A member who may manage users, with the member role's own permissions.
	mgr := f.addMember(t, f.acme, "mgr@acme.example", marketplace.RoleMember,
		user.PermViewUsers, user.PermManageUsers, user.PermViewInstances, user.PermViewLogs)
	a := actor(mgr)
	admin := f.addMember(t, f.acme, "admin@acme.example", marketplace.RoleAdmin)
	member := f.addMember(t, f.acme, "member@acme.example", marketplace.RoleMember)

	invite := func(r marketplace.Role, perms ...user.Permission) error {
		_, err := f.svc.InviteAs(ctx, a, user.InviteInput{Email: "new@acme.example", Role: r, Permissions: perms, Activation: user.ActivationDisplayLink})
		return err
	}
	requireOneSentinel(t, invite(marketplace.RoleAdmin), customerkit.ErrPermissionDenied, "an admin holds more")
	requireOneSentinel(t, invite(marketplace.RoleMember, user.PermManageCredentials), customerkit.ErrPermissionDenied)
	require.NoError(t, invite(marketplace.RoleMember))
	require.NoError(t, invite(marketplace.RoleAdmin, user.PermViewLogs), "explicit permissions within the actor's")

	_, err := f.svc.SetAccessAs(ctx, a, member.User.ID, user.Access{Role: marketplace.RoleAdmin})
	requireOneSentinel(t, err, customerkit.ErrPermissionDenied, "promoting beyond itself")
	_, err = f.svc.SetAccessAs(ctx, a, admin.User.ID, user.Access{Role: marketplace.RoleMember})
	requireOneSentinel(t, err, customerkit.ErrPermissionDenied, "demoting someone who holds more")
	requireOneSentinel(t, f.svc.RemoveMemberAs(ctx, a, admin.User.ID), customerkit.ErrPermissionDenied)
	_, err = f.svc.SetAccessAs(ctx, a, member.User.ID, user.Access{Role: marketplace.RoleMarketplaceUser})
	require.NoError(t, err)
	require.NoError(t, f.svc.RemoveMemberAs(ctx, a, member.User.ID))

	// An admin manages other admins; nobody re-roles or removes the owner.
	other := f.addMember(t, f.acme, "other@acme.example", marketplace.RoleAdmin)
	_, err = f.svc.SetAccessAs(ctx, actor(admin), other.User.ID, user.Access{Role: marketplace.RoleMember})
	require.NoError(t, err)
	_, err = f.svc.SetAccessAs(ctx, actor(admin), f.ada.User.ID, user.Access{Role: marketplace.RoleMember})
	requireOneSentinel(t, err, customerkit.ErrFailedPrecondition)
	requireOneSentinel(t, f.svc.RemoveMemberAs(ctx, actor(admin), f.ada.User.ID), customerkit.ErrFailedPrecondition)
}

func TestActingLeave(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	mu := f.addMember(t, f.acme, "mu@acme.example", marketplace.RoleMarketplaceUser)
	require.NoError(t, f.svc.RemoveMemberAs(ctx, actor(mu), mu.User.ID), "a member may always leave")
	_, err := f.svc.Membership(ctx, f.acme.ULID, mu.User.ID)
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	requireOneSentinel(t, f.svc.RemoveMemberAs(ctx, actor(f.ada), f.ada.User.ID), customerkit.ErrFailedPrecondition, "but the owner")
}

// The owner hands over and becomes an admin, who can no longer transfer.
func TestActingTransfer(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.addMember(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	_, _, err := f.svc.TransferOwnershipAs(ctx, actor(f.ada), bob.User.ID)
	require.NoError(t, err)
	_, _, err = f.svc.TransferOwnershipAs(ctx, actor(f.ada), f.ada.User.ID)
	requireOneSentinel(t, err, customerkit.ErrPermissionDenied, "Ada is no longer the owner")
	_, _, err = f.svc.TransferOwnershipAs(ctx, actor(bob), f.ada.User.ID)
	require.NoError(t, err)
	_, _, err = f.svc.TransferOwnershipAs(ctx, actor(f.ada), ulid.Make())
	requireOneSentinel(t, err, customerkit.ErrNotFound)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
