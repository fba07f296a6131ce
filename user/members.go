package user

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"slices"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

// AddMember makes user userID a member of customer customerID with
// access a (direct association, by the organization). The customer's
// allowed_domains_registration must allow the user's email
// (ErrFailedPrecondition otherwise), and a terminated customer takes no
// user (ErrFailedPrecondition); both are checked in the store's
// transaction.
//
// Errors: ErrInvalid (a); ErrNotFound (customer or user);
// ErrAlreadyExists (Resource "membership", Field "user_id") when the user
// is already a member; ErrFailedPrecondition.
func (s *Service) AddMember(ctx context.Context, customerID, userID ulid.ULID, a Access) (*Member, error) {
	a, err := a.Normalize()
	if err != nil {
		return nil, err
	}
	now := s.now()
	var out *Member
	err = s.store.AddMembership(ctx, customerID, userID, ulid.ULID{}, func(snap *Snapshot) (*Join, error) {
		if err := allow(nil, snap, "take new users", nil, orgJoin); err != nil {
			return nil, err
		}
		if snap.Membership != nil {
			return nil, &customerkit.AlreadyExistsError{Resource: "membership", Field: "user_id"}
		}
		if !snap.Customer.RegistrationAllowed(snap.User.Email) {
			return nil, domainError(snap.Customer, snap.User.Email)
		}
		m := &Membership{
			CustomerID: customerID, UserID: userID, Role: a.Role, Permissions: slices.Clone(a.Permissions),
			Version: 1, CreatedAt: now, UpdatedAt: now,
		}
		out = &Member{User: *view(snap.User), Membership: *m.Clone()}
		return &Join{Membership: m}, nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "user: member added", slog.String("customer", customerID.String()), slog.String("user", userID.String()))
	return out, nil
}

// Membership returns the membership of user userID in customer
// customerID, or ErrNotFound.
func (s *Service) Membership(ctx context.Context, customerID, userID ulid.ULID) (*Membership, error) {
	return s.store.GetMembership(ctx, customerID, userID)
}

// Member returns user userID with its membership of customer customerID,
// or ErrNotFound when either is missing.
func (s *Service) Member(ctx context.Context, customerID, userID ulid.ULID) (*Member, error) {
	m, err := s.store.GetMembership(ctx, customerID, userID)
	if err != nil {
		return nil, err
	}
	u, err := s.store.GetUser(ctx, ByID, userID.String())
	if err != nil {
		return nil, err
	}
	return &Member{User: *view(u), Membership: *m}, nil
}

// MemberAs is Member for a member of the actor's customer; it needs
// view_users.
func (s *Service) MemberAs(ctx context.Context, actor Actor, userID ulid.ULID) (*Member, error) {
	if _, err := s.readSnapshot(ctx, actor, "view users", PermViewUsers); err != nil {
		return nil, err
	}
	return s.Member(ctx, actor.CustomerID, userID)
}

// Members returns one page of the members q selects (a customer's users
// with their memberships), in user ID order, after the cursor after.
func (s *Service) Members(ctx context.Context, q *MemberQuery, after customerkit.Cursor) (customerkit.Page[Member], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[Member]{}, err
	}
	return s.members(ctx, n, after)
}

func (s *Service) members(ctx context.Context, q *MemberQuery, after customerkit.Cursor) (customerkit.Page[Member], error) {
	page, err := s.store.ListMembers(ctx, q, after)
	if err != nil {
		return customerkit.Page[Member]{}, err
	}
	for _, m := range page.Items {
		m.User = *view(&m.User)
	}
	return page, nil
}

// AllMembers iterates over every member q selects, page by page. An error
// is yielded once and ends the iteration.
func (s *Service) AllMembers(ctx context.Context, q *MemberQuery) iter.Seq2[*Member, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Member], error) {
		if err != nil {
			return customerkit.Page[Member]{}, err
		}
		return s.members(ctx, n, after)
	})
}

// MembersAs is Members for the actor's customer (q.CustomerID is
// ignored); it needs view_users.
func (s *Service) MembersAs(ctx context.Context, actor Actor, q *MemberQuery, after customerkit.Cursor) (customerkit.Page[Member], error) {
	if _, err := s.readSnapshot(ctx, actor, "view users", PermViewUsers); err != nil {
		return customerkit.Page[Member]{}, err
	}
	n := MemberQuery{}
	if q != nil {
		n = *q
	}
	n.CustomerID = actor.CustomerID
	return s.Members(ctx, &n, after)
}

// Memberships returns one page of the memberships of the user q selects,
// in customer ID order, after the cursor after.
func (s *Service) Memberships(ctx context.Context, q *MembershipQuery, after customerkit.Cursor) (customerkit.Page[Membership], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[Membership]{}, err
	}
	return s.store.ListMemberships(ctx, n, after)
}

// AllMemberships iterates over every membership of the user q selects.
func (s *Service) AllMemberships(ctx context.Context, q *MembershipQuery) iter.Seq2[*Membership, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Membership], error) {
		if err != nil {
			return customerkit.Page[Membership]{}, err
		}
		return s.store.ListMemberships(ctx, n, after)
	})
}

// SetAccess gives user userID access a (role and explicit permissions)
// in customer customerID. The owner's access cannot change
// (ErrFailedPrecondition): the owner holds every permission until it
// transfers the ownership. Errors: ErrInvalid (a), ErrNotFound (no such
// membership), ErrFailedPrecondition.
func (s *Service) SetAccess(ctx context.Context, customerID, userID ulid.ULID, a Access) (*Membership, error) {
	return s.setAccess(ctx, nil, customerID, userID, a)
}

// SetAccessAs is SetAccess by a member of the customer. The actor needs
// manage_users, the customer's status must allow changes (active or
// suspended), and the actor may neither grant nor take away a permission
// it does not hold itself: the member's permissions, before and after,
// must be among the actor's (ErrPermissionDenied otherwise).
func (s *Service) SetAccessAs(ctx context.Context, actor Actor, userID ulid.ULID, a Access) (*Membership, error) {
	if err := checkActor(&actor); err != nil {
		return nil, err
	}
	return s.setAccess(ctx, &actor, actor.CustomerID, userID, a)
}

func (s *Service) setAccess(ctx context.Context, actor *Actor, customerID, userID ulid.ULID, a Access) (*Membership, error) {
	a, err := a.Normalize()
	if err != nil {
		return nil, err
	}
	now := s.now()
	m, err := s.store.UpdateMembership(ctx, customerID, userID, actorID(actor), func(m *Membership, snap *Snapshot) error {
		const action = "change a member's access"
		if err := allow(actor, snap, action, statusChange, nil, PermManageUsers); err != nil {
			return err
		}
		if m.Owner {
			return ownerError("given another role or permissions")
		}
		if err := noEscalation(actor, snap, action, m.Effective(), a.Effective()); err != nil {
			return err
		}
		m.Role, m.Permissions, m.UpdatedAt = a.Role, slices.Clone(a.Permissions), now
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "user: access changed", slog.String("customer", customerID.String()), slog.String("user", userID.String()), slog.String("role", string(m.Role)))
	return m, nil
}

// RemoveMember removes user userID from customer customerID (the user
// stays). The owner cannot be removed (ErrFailedPrecondition): transfer
// the ownership first. ErrNotFound when there is no such membership.
func (s *Service) RemoveMember(ctx context.Context, customerID, userID ulid.ULID) error {
	return s.removeMember(ctx, nil, customerID, userID)
}

// RemoveMemberAs is RemoveMember by a member of the customer: a member
// may always leave (remove itself), but for the owner; removing another
// needs manage_users and every permission the other holds. The
// customer's status must allow changes (active or suspended).
func (s *Service) RemoveMemberAs(ctx context.Context, actor Actor, userID ulid.ULID) error {
	if err := checkActor(&actor); err != nil {
		return err
	}
	return s.removeMember(ctx, &actor, actor.CustomerID, userID)
}

func (s *Service) removeMember(ctx context.Context, actor *Actor, customerID, userID ulid.ULID) error {
	err := s.store.DeleteMembership(ctx, customerID, userID, actorID(actor), func(m *Membership, snap *Snapshot) error {
		self := actor != nil && actor.UserID == userID
		if self {
			if err := allow(actor, snap, "leave the customer", statusChange, nil); err != nil {
				return err
			}
		} else {
			const action = "remove members"
			if err := allow(actor, snap, action, statusChange, nil, PermManageUsers); err != nil {
				return err
			}
			if m.Owner {
				return ownerError("removed")
			}
			if err := noEscalation(actor, snap, action, m.Effective()); err != nil {
				return err
			}
		}
		if m.Owner {
			return ownerError("removed")
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.opts.Logger.DebugContext(ctx, "user: member removed", slog.String("customer", customerID.String()), slog.String("user", userID.String()))
	return nil
}

// TransferOwnership makes member to the owner of customer customerID and
// demotes the previous owner to admin, in one transaction; both end with
// the role admin and the role's permissions. A customer without an owner
// (created by customer.Service directly) gets one. It returns the
// previous owner's membership (nil when there was none) and the new
// owner's. Errors: ErrNotFound when to is not a member;
// ErrFailedPrecondition when to is already the owner.
func (s *Service) TransferOwnership(ctx context.Context, customerID, to ulid.ULID) (previous, owner *Membership, err error) {
	return s.transfer(ctx, nil, customerID, to)
}

// TransferOwnershipAs is TransferOwnership by the owner itself (anyone
// else: ErrPermissionDenied); the customer's status must allow changes.
func (s *Service) TransferOwnershipAs(ctx context.Context, actor Actor, to ulid.ULID) (previous, owner *Membership, err error) {
	if err := checkActor(&actor); err != nil {
		return nil, nil, err
	}
	return s.transfer(ctx, &actor, actor.CustomerID, to)
}

func (s *Service) transfer(ctx context.Context, actor *Actor, customerID, to ulid.ULID) (*Membership, *Membership, error) {
	now := s.now()
	from, owner, err := s.store.TransferOwnership(ctx, customerID, to, actorID(actor), func(from, m *Membership, snap *Snapshot) error {
		const action = "transfer the ownership"
		if err := allow(actor, snap, action, statusChange, nil); err != nil {
			return err
		}
		if actor != nil && !snap.Actor.Owner {
			return permissionError(action + " (only the owner may)")
		}
		if m.Owner {
			return fmt.Errorf("user: %s already owns customer %s: %w", to, customerID, customerkit.ErrFailedPrecondition)
		}
		if from != nil {
			from.Owner, from.Role, from.Permissions, from.UpdatedAt = false, marketplace.RoleAdmin, nil, now
		}
		m.Owner, m.Role, m.Permissions, m.UpdatedAt = true, marketplace.RoleAdmin, nil, now
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	s.opts.Logger.InfoContext(ctx, "user: ownership transferred", slog.String("customer", customerID.String()), slog.String("owner", to.String()))
	return from, owner, nil
}
