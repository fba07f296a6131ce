package portal

import (
	"context"
	"iter"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/user"
)

// Users are the operations of a Handle on its customer's members and
// invitations, delegated to the acting methods of user.Service (the As
// methods), which check the membership and the customer's status again
// inside the store's transaction for writes. A user of another customer
// (who is not also a member of this one) and another customer's
// invitation are ErrNotFound.
type Users struct{ h *Handle }

// Get returns member userID of the customer: the user (without a
// password hash) with its membership. Needs view_users.
func (u *Users) Get(ctx context.Context, userID ulid.ULID) (*user.Member, error) {
	h := u.h
	if _, err := h.check(ctx, "view users", read, user.PermViewUsers); err != nil {
		return nil, err
	}
	return h.p.users.MemberAs(ctx, h.actor(), userID)
}

// List returns one page of the customer's members, in user ID order;
// q.CustomerID is ignored and q may be nil. Needs view_users.
func (u *Users) List(ctx context.Context, q *user.MemberQuery, after customerkit.Cursor) (customerkit.Page[user.Member], error) {
	h := u.h
	if _, err := h.check(ctx, "view users", read, user.PermViewUsers); err != nil {
		return customerkit.Page[user.Member]{}, err
	}
	return h.p.users.MembersAs(ctx, h.actor(), q, after)
}

// All iterates over every member of the customer, page by page, checking
// the handle before each page. An error is yielded once and ends the
// iteration.
func (u *Users) All(ctx context.Context, q *user.MemberQuery) iter.Seq2[*user.Member, error] {
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[user.Member], error) {
		return u.List(ctx, q, after)
	})
}

// Invitations returns one page of the customer's invitations (without
// their token hashes), in creation order; q.CustomerID is ignored and q
// may be nil. Needs view_users.
func (u *Users) Invitations(ctx context.Context, q *user.InvitationQuery, after customerkit.Cursor) (customerkit.Page[user.Invitation], error) {
	h := u.h
	if _, err := h.check(ctx, "view invitations", read, user.PermViewUsers); err != nil {
		return customerkit.Page[user.Invitation]{}, err
	}
	return h.p.users.InvitationsAs(ctx, h.actor(), q, after)
}

// Invite invites in.Email into the customer (see user.Service.InviteAs):
// needs manage_users, an active customer (inviting creates), and no
// permission granted that the acting user does not hold.
func (u *Users) Invite(ctx context.Context, in user.InviteInput) (*user.Invited, error) {
	h := u.h
	if _, err := h.check(ctx, "invite users", create, user.PermManageUsers); err != nil {
		return nil, err
	}
	return h.p.users.InviteAs(ctx, h.actor(), in)
}

// Revoke revokes the customer's invitation id. Needs manage_users.
func (u *Users) Revoke(ctx context.Context, id ulid.ULID) (*user.Invitation, error) {
	h := u.h
	if _, err := h.check(ctx, "revoke invitations", use, user.PermManageUsers); err != nil {
		return nil, err
	}
	return h.p.users.RevokeAs(ctx, h.actor(), id)
}

// SetAccess gives member userID access a (see user.Service.SetAccessAs):
// needs manage_users, and the acting user may neither grant nor take away
// a permission it does not hold. The owner's access does not change
// (ErrFailedPrecondition).
func (u *Users) SetAccess(ctx context.Context, userID ulid.ULID, a user.Access) (*user.Membership, error) {
	h := u.h
	if _, err := h.check(ctx, "change a member's access", use, user.PermManageUsers); err != nil {
		return nil, err
	}
	return h.p.users.SetAccessAs(ctx, h.actor(), userID, a)
}

// Remove removes member userID from the customer (the user stays). The
// acting user may always remove itself (see Leave); removing another needs
// manage_users and every permission the other holds. The owner cannot be
// removed (ErrFailedPrecondition).
func (u *Users) Remove(ctx context.Context, userID ulid.ULID) error {
	h := u.h
	if userID == h.userID {
		return u.Leave(ctx)
	}
	if _, err := h.check(ctx, "remove members", use, user.PermManageUsers); err != nil {
		return err
	}
	return h.p.users.RemoveMemberAs(ctx, h.actor(), userID)
}

// Leave removes the acting user from the customer; any member but the
// owner may (ErrFailedPrecondition for the owner: transfer the ownership
// first). The handle stops working afterwards (ErrNotFound).
func (u *Users) Leave(ctx context.Context) error {
	h := u.h
	if _, err := h.check(ctx, "leave the customer", use); err != nil {
		return err
	}
	return h.p.users.RemoveMemberAs(ctx, h.actor(), h.userID)
}

// TransferOwnership makes member to the owner of the customer and
// demotes the acting user to admin, in one transaction; only the owner
// may (ErrPermissionDenied for anyone else). It returns the previous
// owner's membership and the new owner's.
func (u *Users) TransferOwnership(ctx context.Context, to ulid.ULID) (previous, owner *user.Membership, err error) {
	h := u.h
	const action = "transfer the ownership"
	m, err := h.check(ctx, action, use)
	if err != nil {
		return nil, nil, err
	}
	if !m.Owner {
		return nil, nil, h.refuse(ctx, action, ownerOnly(action))
	}
	return h.p.users.TransferOwnershipAs(ctx, h.actor(), to)
}
