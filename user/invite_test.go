package user_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/oklog/ulid/v2"
	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
	"github.com/customerkit/customerkit/user"
)

// requireState asserts that err is an *InvitationStateError of state.
func requireState(t testing.TB, err error, state user.InvitationState) {
	t.Helper()
	requireOneSentinel(t, err, customerkit.ErrFailedPrecondition)
	var se *user.InvitationStateError
	require.True(t, errors.As(err, &se), "%v", err)
	require.Equal(t, state, se.State)
}

func TestInviteDisplayLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	in, err := f.svc.InviteAs(ctx, actor(f.ada), user.InviteInput{
		Email: "Bob@ACME.example", Role: marketplace.RoleMember, Permissions: []user.Permission{user.PermViewLogs},
		Activation: user.ActivationDisplayLink,
	})
	require.NoError(t, err)
	inv := in.Invitation
	require.Equal(t, "Bob@acme.example", inv.Email)
	require.Equal(t, user.InvitationPending, inv.Status)
	require.Equal(t, f.ada.User.ID, inv.InvitedBy)
	require.Equal(t, f.clock.Now().Add(user.DefaultInvitationTTL), inv.ExpiresAt)
	require.True(t, inv.TokenHash.IsZero(), "the hash is not handed out")
	require.Len(t, in.Token.Reveal(), 43)
	require.Equal(t, linkPrefix+in.Token.Reveal(), in.Link)
	require.Empty(t, f.mail.sent, "a display link sends no mail")
	require.NotContains(t, fmt.Sprint(in.Token), in.Token.Reveal())

	stored, err := f.store.GetInvitation(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, in.Token.Hash(), stored.TokenHash, "only the token's hash is stored")
	require.NotContains(t, mustJSON(t, stored), in.Token.Reveal())

	shown, err := f.svc.InvitationByToken(ctx, in.Token.Reveal())
	require.NoError(t, err)
	require.Equal(t, inv, shown)

	f.clock.Advance(time.Hour)
	m, err := f.svc.Accept(ctx, user.AcceptInput{Token: in.Token.Reveal(), Name: "Bob", Phone: "+44 20 7946 0958", Password: "bob's password"})
	require.NoError(t, err)
	require.Equal(t, "Bob@acme.example", m.User.Email)
	require.Equal(t, "Bob", m.User.Name)
	require.Equal(t, "+442079460958", m.User.Phone)
	require.True(t, m.User.HasPassword)
	require.Equal(t, marketplace.RoleMember, m.Membership.Role)
	require.Equal(t, []user.Permission{user.PermViewLogs}, m.Membership.Permissions)
	_, err = f.svc.Authenticate(ctx, "bob@acme.example", "bob's password")
	require.NoError(t, err)

	got, err := f.svc.Invitation(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, user.InvitationAccepted, got.Status)
	require.Equal(t, m.User.ID, got.AcceptedBy)
	require.Equal(t, f.clock.Now(), got.AcceptedAt)
	require.Equal(t, int64(2), got.Version)

	// A token works once, and a second try changes nothing.
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: in.Token.Reveal()})
	requireState(t, err, user.InvitationAccepted)
	again, err := f.svc.Invitation(ctx, inv.ID)
	require.NoError(t, err)
	require.Equal(t, got, again)
}

func TestInviteEmailLink(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	in, err := f.svc.InviteAs(ctx, actor(f.ada), user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleAdmin, Activation: user.ActivationEmailLink})
	require.NoError(t, err)
	require.True(t, in.Token.IsZero(), "the inviter never sees an emailed token")
	require.Empty(t, in.Link)
	mail := f.mail.last(t)
	require.Equal(t, "bob@acme.example", mail.To)
	require.Equal(t, "Acme", mail.CustomerName)
	require.Equal(t, "Ada Lovelace", mail.InviterName)
	require.Equal(t, in.Invitation, mail.Invitation)
	for _, s := range []string{fmt.Sprint(mail), fmt.Sprintf("%+v %#v", mail, mail)} {
		require.NotContains(t, s, tokenOf(t, mail.Link))
	}
	m, err := f.svc.Accept(ctx, user.AcceptInput{Token: tokenOf(t, mail.Link)})
	require.NoError(t, err)
	require.Equal(t, marketplace.RoleAdmin, m.Membership.Role)
	require.Empty(t, m.User.Name)
}

func TestInviteRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	_, err := f.svc.Invite(ctx, f.acme.ULID, user.InviteInput{})
	requireProblems(t, err, "email required", "role required", "activation required")
	_, err = f.svc.Invite(ctx, f.acme.ULID, user.InviteInput{Email: "x", Role: "boss", Permissions: []user.Permission{"x"}, Activation: "sms"})
	requireProblems(t, err, "email invalid", "role not_supported", "permissions[0] not_supported", "activation not_supported")

	_, err = f.svc.Invite(ctx, f.acme.ULID, user.InviteInput{Email: "ADA@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	requireAlreadyExists(t, err, "membership", "email")
	_, err = f.svc.Invite(ctx, ulid.Make(), user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	requireOneSentinel(t, err, customerkit.ErrNotFound)

	_, err = f.customers.Update(ctx, f.acme.ULID, func(c *customer.Customer) error {
		c.AllowedRegistrationDomains = []string{"acme.example"}
		return nil
	})
	require.NoError(t, err)
	_, err = f.svc.Invite(ctx, f.acme.ULID, user.InviteInput{Email: "eve@evil.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	requireOneSentinel(t, err, customerkit.ErrFailedPrecondition)

	// Without a Mailer, email links are refused.
	bare := user.NewService(f.store, f.customers, &user.Options{Hasher: cheapHasher(t, 1)})
	_, err = bare.Invite(ctx, f.acme.ULID, user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationEmailLink})
	requireProblems(t, err, "activation not_supported")
	in, err := bare.Invite(ctx, f.acme.ULID, user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	require.NoError(t, err)
	require.False(t, in.Token.IsZero())
	require.Empty(t, in.Link, "no LinkFunc: the token alone")

	page, err := f.svc.Invitations(ctx, &user.InvitationQuery{CustomerID: f.acme.ULID}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1, "no refused invitation was stored")
}

// A Mailer that fails: the error says so and the invitation is revoked.
func TestInviteMailerFails(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	smtpDown := errors.New("smtp: 421 service not available")
	f.mail.err = smtpDown
	_, err := f.svc.Invite(ctx, f.acme.ULID, user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationEmailLink})
	require.ErrorIs(t, err, smtpDown)
	require.ErrorIs(t, err, customerkit.ErrFailedPrecondition)
	page, err := f.svc.Invitations(ctx, &user.InvitationQuery{CustomerID: f.acme.ULID}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.Equal(t, user.InvitationRevoked, page.Items[0].Status)
}

func TestAcceptRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()

	_, err := f.svc.Accept(ctx, user.AcceptInput{Token: "nonsense"})
	requireProblems(t, err, "token invalid")
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: goodToken})
	requireOneSentinel(t, err, customerkit.ErrNotFound, "a token never issued")
	_, err = f.svc.InvitationByToken(ctx, goodToken)
	requireOneSentinel(t, err, customerkit.ErrNotFound)

	expired, tok := f.invite(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	f.clock.Advance(user.DefaultInvitationTTL)
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tok})
	requireState(t, err, user.InvitationExpired)
	_, err = f.svc.GetUserBy(ctx, user.ByEmail, "bob@acme.example")
	requireOneSentinel(t, err, customerkit.ErrNotFound, "an expired invitation creates no user")
	rev, err := f.svc.Revoke(ctx, expired.ID)
	require.NoError(t, err, "an expired invitation may be revoked")
	require.Equal(t, user.InvitationRevoked, rev.Status)

	revoked, tok := f.invite(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	_, err = f.svc.Revoke(ctx, revoked.ID)
	require.NoError(t, err)
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tok})
	requireState(t, err, user.InvitationRevoked)
	_, err = f.svc.Revoke(ctx, revoked.ID)
	requireState(t, err, user.InvitationRevoked)
	_, err = f.svc.Revoke(ctx, ulid.Make())
	requireOneSentinel(t, err, customerkit.ErrNotFound)

	_, tok = f.invite(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tok, Phone: "12", Name: "a\x00"})
	requireProblems(t, err, "name invalid", "phone invalid")
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tok, Password: string([]byte{0xff})})
	requireProblems(t, err, "password invalid")
	_, err = f.svc.GetUserBy(ctx, user.ByEmail, "bob@acme.example")
	requireOneSentinel(t, err, customerkit.ErrNotFound, "nothing was written")

	// The domain rule is checked again at acceptance.
	_, err = f.customers.Update(ctx, f.acme.ULID, func(c *customer.Customer) error {
		c.AllowedRegistrationDomains = []string{"acme.org"}
		return nil
	})
	require.NoError(t, err)
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tok})
	requireOneSentinel(t, err, customerkit.ErrFailedPrecondition)
	inv, err := f.svc.InvitationByToken(ctx, tok)
	require.NoError(t, err)
	require.Equal(t, user.InvitationPending, inv.Status, "a refused acceptance changes nothing")
}

func TestAcceptStatus(t *testing.T) {
	t.Parallel()
	for _, st := range []customer.Status{customer.StatusSuspended, customer.StatusInactive, customer.StatusTerminated} {
		t.Run(string(st), func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, nil)
			_, tok := f.invite(t, f.acme, "bob@acme.example", marketplace.RoleMember)
			f.setStatus(t, f.acme, st)
			_, err := f.svc.Accept(t.Context(), user.AcceptInput{Token: tok})
			if st.CanAccess() {
				require.NoError(t, err)
			} else {
				requireOneSentinel(t, err, customerkit.ErrFailedPrecondition)
			}
		})
	}
}

// An existing user accepts as itself: no new user, its profile kept.
func TestAcceptExistingUser(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	globex, hank := f.newCustomer(t, "Globex", "Hank", "Scorpio", "hank@globex.example")
	_, tok := f.invite(t, f.acme, "HANK@globex.example", marketplace.RoleMarketplaceAdmin)
	m, err := f.svc.Accept(ctx, user.AcceptInput{Token: tok, Name: "Not Hank", Password: "ignored"})
	require.NoError(t, err)
	require.Equal(t, hank.User.ID, m.User.ID)
	require.Equal(t, "Hank Scorpio", m.User.Name)
	require.False(t, m.User.HasPassword, "the password of an existing user is not set by an invitation")
	require.Equal(t, marketplace.RoleMarketplaceAdmin, m.Membership.Role)
	require.False(t, m.Membership.Owner)
	own, err := f.svc.Membership(ctx, globex.ULID, hank.User.ID)
	require.NoError(t, err)
	require.True(t, own.Owner, "still the owner of its own customer")
}

// Two pending invitations for one email: once one is accepted, the other
// fails as already a member.
func TestAcceptTwoInvitations(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	_, first := f.invite(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	second, tok := f.invite(t, f.acme, "bob@acme.example", marketplace.RoleAdmin)
	_, err := f.svc.Accept(ctx, user.AcceptInput{Token: first})
	require.NoError(t, err)
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tok})
	requireAlreadyExists(t, err, "membership", "email")
	got, err := f.svc.Invitation(ctx, second.ID)
	require.NoError(t, err)
	require.Equal(t, user.InvitationPending, got.Status)
}

// Concurrent acceptances of one token: exactly one wins.
func TestAcceptConcurrent(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	_, tok := f.invite(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for range n {
		wg.Go(func() {
			_, err := f.svc.Accept(t.Context(), user.AcceptInput{Token: tok})
			errs <- err
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
		requireState(t, err, user.InvitationAccepted)
	}
	require.Equal(t, 1, won)
	require.Len(t, f.memberIDs(t, f.acme.ULID), 2)
}

// Deleting a customer removes its memberships and invitations, not its
// users.
func TestDeleteCustomerCascades(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	bob := f.addMember(t, f.acme, "bob@acme.example", marketplace.RoleMember)
	pending, tok := f.invite(t, f.acme, "cy@acme.example", marketplace.RoleMember)
	globex, _ := f.newCustomer(t, "Globex", "Hank", "Scorpio", "hank@globex.example")
	_, err := f.svc.AddMember(ctx, globex.ULID, bob.User.ID, user.Access{Role: marketplace.RoleMember})
	require.NoError(t, err)

	f.setStatus(t, f.acme, customer.StatusTerminated)
	require.NoError(t, f.customers.Delete(ctx, f.acme.ULID))
	for _, id := range []ulid.ULID{f.ada.User.ID, bob.User.ID} {
		_, err := f.svc.GetUser(ctx, id)
		require.NoError(t, err, "users stay")
		_, err = f.svc.Membership(ctx, f.acme.ULID, id)
		requireOneSentinel(t, err, customerkit.ErrNotFound, "memberships go")
	}
	_, err = f.svc.Invitation(ctx, pending.ID)
	requireOneSentinel(t, err, customerkit.ErrNotFound, "invitations go")
	_, err = f.svc.Accept(ctx, user.AcceptInput{Token: tok})
	requireOneSentinel(t, err, customerkit.ErrNotFound)
	_, err = f.svc.Membership(ctx, globex.ULID, bob.User.ID)
	require.NoError(t, err, "another customer's memberships stay")
	require.NoError(t, f.svc.DeleteUser(ctx, f.ada.User.ID), "Ada owns nothing any more")
}

func TestInvitationList(t *testing.T) {
	t.Parallel()
	f := newFixture(t, nil)
	ctx := t.Context()
	var ids []ulid.ULID
	for i := range 5 {
		inv, _ := f.invite(t, f.acme, fmt.Sprintf("u%d@acme.example", i), marketplace.RoleMember)
		ids = append(ids, inv.ID)
	}
	_, err := f.svc.Revoke(ctx, ids[1])
	require.NoError(t, err)
	var got []ulid.ULID
	for inv, err := range f.svc.AllInvitations(ctx, &user.InvitationQuery{CustomerID: f.acme.ULID, Limit: 2}) {
		require.NoError(t, err)
		require.True(t, inv.TokenHash.IsZero())
		got = append(got, inv.ID)
	}
	require.Equal(t, ids, got)
	page, err := f.svc.Invitations(ctx, &user.InvitationQuery{CustomerID: f.acme.ULID, Status: user.InvitationRevoked}, customerkit.Cursor{})
	require.NoError(t, err)
	require.Len(t, page.Items, 1)
	require.Equal(t, ids[1], page.Items[0].ID)
	_, err = f.svc.Invitations(ctx, &user.InvitationQuery{CustomerID: f.acme.ULID, Status: user.InvitationExpired}, customerkit.Cursor{})
	requireProblems(t, err, "status not_supported")
}

// Options.InvitationTTL and RandReader are used.
func TestInviteOptions(t *testing.T) {
	t.Parallel()
	f := newFixture(t, &user.Options{InvitationTTL: time.Hour, RandReader: zeroReader{}})
	in, err := f.svc.Invite(t.Context(), f.acme.ULID, user.InviteInput{Email: "bob@acme.example", Role: marketplace.RoleMember, Activation: user.ActivationDisplayLink})
	require.NoError(t, err)
	require.Equal(t, f.clock.Now().Add(time.Hour), in.Invitation.ExpiresAt)
	require.Equal(t, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", in.Token.Reveal())
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) { clear(p); return len(p), nil }
