package user

import (
	"context"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Store is what the Service needs from storage. Package storage/memstore
// implements it; storage/storagetest (RunUsers) checks an implementation
// against this contract.
//
// Every method checks ctx and returns its error when it is done. Values
// passed in and returned are never shared with the store: a caller may
// change what it gets freely, and the store never keeps a pointer it was
// given. Every method is safe for concurrent use.
//
// The store decides no business rule: who may do what, and when, is
// decided by the functions the Service passes (check, plan, update), which
// the store calls inside the write's transaction (or lock) with copies of
// what it read there, so a rule checked before a write holds when it is
// written. Those functions may be called more than once (an adapter may
// retry after a concurrent write), so they must not have side effects;
// their error is returned as is, and then nothing is written.
//
// Every customer-scoped write names an actor: the user acting in the
// customer, or the zero ULID when the organization acts. The store reads
// that user's membership of the customer into Snapshot.Actor (nil when
// the actor is zero or not a member).
//
// The store keeps these rules, atomically with every write, and reports a
// violation as a *customerkit.AlreadyExistsError:
//
//   - Resource "user": Field "id", "email" (customer.EmailKey of Email) or
//     "external_id" (when not empty) is taken by another user;
//   - Resource "membership": Field "user_id" when the user already has a
//     membership of the customer, "owner" when the customer already has
//     another owner (at most one membership per customer has Owner set);
//   - Resource "invitation": Field "id" or "token_hash" is taken.
//
// Memberships and invitations belong to their customer: deleting the
// customer (customer.Store.DeleteCustomer) deletes them in the same
// transaction; it deletes no user.
type Store interface {
	// CreateUser stores u. u.Version is 1. It fails with ErrAlreadyExists
	// when a user uniqueness rule would break.
	CreateUser(ctx context.Context, u *User) error

	// GetUser returns the user whose field by equals value, or
	// ErrNotFound. For ByEmail, value is a customer.EmailKey and matches
	// EmailKey(Email); for ByID it is the canonical string form of the
	// ULID; ByExternalID matches exactly (the empty value matches no one).
	GetUser(ctx context.Context, by By, value string) (*User, error)

	// UpdateUser reads user id, calls update with a copy, and stores what
	// update left, with Version incremented by one, as one atomic
	// read-modify-write. It returns the stored user, ErrNotFound when there
	// is no user id, or ErrAlreadyExists when the change breaks a
	// uniqueness rule. update must not change ID or CreatedAt (a
	// *customerkit.ValidationError with CodeImmutable, nothing written).
	UpdateUser(ctx context.Context, id ulid.ULID, update func(*User) error) (*User, error)

	// DeleteUser reads user id and every membership it has, calls check
	// with copies (memberships in customer ID order) and, when it returns
	// nil, deletes the user and those memberships in one atomic
	// operation. Invitations the user sent stay. It returns ErrNotFound
	// when there is no user id.
	DeleteUser(ctx context.Context, id ulid.ULID, check func(*User, []*Membership) error) error

	// CreateCustomerWithOwner stores customer c as
	// customer.Store.CreateCustomer does (same uniqueness rules and
	// errors, parent check) together with its owner, in one atomic
	// operation: it reads the user whose EmailKey is
	// customer.EmailKey(c.Email), calls plan with a Snapshot holding a
	// copy of c (Customer) and of that user (User, nil when there is
	// none), and stores c, then Join.User when it is not nil (a new
	// user), then Join.Membership, which must be c's and belong to the
	// snapshot's user or to Join.User (ErrInvalid otherwise). Nothing is
	// written on any error.
	CreateCustomerWithOwner(ctx context.Context, c *customer.Customer, plan func(*Snapshot) (*Join, error)) error

	// AddMembership reads customer customerID, user userID, that user's
	// membership of the customer and the actor's, calls plan with a
	// Snapshot of copies (Customer, User, Membership, Actor), and stores
	// Join.Membership (Join.User must be nil), which must bind that user to
	// that customer (ErrInvalid otherwise), in one atomic operation. It
	// returns ErrNotFound when the customer or the user does not exist.
	AddMembership(ctx context.Context, customerID, userID, actor ulid.ULID, plan func(*Snapshot) (*Join, error)) error

	// GetMembership returns the membership of user userID in customer
	// customerID, or ErrNotFound.
	GetMembership(ctx context.Context, customerID, userID ulid.ULID) (*Membership, error)

	// UpdateMembership reads the membership of user userID in customer
	// customerID, calls update with a copy of it and a Snapshot (Customer,
	// User, Actor), and stores what update left, with Version incremented
	// by one, as one atomic read-modify-write. It returns the stored
	// membership, or ErrNotFound when there is no such membership. update
	// must not change CustomerID, UserID, CreatedAt or Owner (ownership
	// moves only through TransferOwnership): a *customerkit.ValidationError
	// with CodeImmutable, nothing written.
	UpdateMembership(ctx context.Context, customerID, userID, actor ulid.ULID, update func(*Membership, *Snapshot) error) (*Membership, error)

	// TransferOwnership reads customer customerID, its owner's membership
	// (from; nil when the customer has no owner) and the membership of
	// user to (ErrNotFound when there is none), calls update with copies
	// and a Snapshot (Customer, User: the user to, Actor), and stores both
	// memberships as update left them, each with Version incremented by
	// one, in one atomic operation. When to is already the owner, from
	// and to are two copies of the same membership and update's change to
	// to is the one stored. The at-most-one-owner rule applies to the
	// result; CustomerID, UserID and CreatedAt are immutable as in
	// UpdateMembership. It returns the memberships stored (from is nil
	// when it was).
	TransferOwnership(ctx context.Context, customerID, to, actor ulid.ULID, update func(from, to *Membership, s *Snapshot) error) (*Membership, *Membership, error)

	// DeleteMembership reads the membership of user userID in customer
	// customerID, calls check with a copy and a Snapshot (Customer, User,
	// Actor) and, when it returns nil, deletes it. It returns ErrNotFound
	// when there is no such membership.
	DeleteMembership(ctx context.Context, customerID, userID, actor ulid.ULID, check func(*Membership, *Snapshot) error) error

	// ListMembers returns the members of customer q.CustomerID (each
	// membership with its user) that q selects (see MemberQuery.Match),
	// in user ID order, at most q.Limit of them, starting after the
	// cursor after (zero: from the start). The page's Next is zero when
	// no member follows. q has been through MemberQuery.Normalize. An
	// unknown customer has no members (an empty page, no error). A cursor
	// the store did not produce for this list, or tampered with, is
	// ErrInvalid. Pages are keyset pages: members added or removed between
	// two calls never make a page repeat or skip one present throughout.
	ListMembers(ctx context.Context, q *MemberQuery, after customerkit.Cursor) (customerkit.Page[Member], error)

	// ListMemberships returns the memberships of user q.UserID in
	// customer ID order, paged as ListMembers. An unknown user has none.
	ListMemberships(ctx context.Context, q *MembershipQuery, after customerkit.Cursor) (customerkit.Page[Membership], error)

	// CreateInvitation reads the customer of inv, the user whose EmailKey
	// is customer.EmailKey(inv.Email) (nil when none), that user's
	// membership of the customer and the actor's, calls check with a
	// Snapshot of copies (Customer, User, Membership, Actor) and, when it
	// returns nil, stores inv (Version 1), in one atomic operation. It
	// returns ErrNotFound when the customer does not exist and
	// ErrAlreadyExists when inv's ID or TokenHash is taken.
	CreateInvitation(ctx context.Context, inv *Invitation, actor ulid.ULID, check func(*Snapshot) error) error

	// GetInvitation returns invitation id, or ErrNotFound.
	GetInvitation(ctx context.Context, id ulid.ULID) (*Invitation, error)

	// GetInvitationByToken returns the invitation whose TokenHash is hash,
	// or ErrNotFound (always for the zero hash).
	GetInvitationByToken(ctx context.Context, hash TokenHash) (*Invitation, error)

	// UpdateInvitation reads invitation id, calls update with a copy and a
	// Snapshot (Customer, Actor), and stores what update left, with
	// Version incremented by one, as one atomic read-modify-write. It
	// returns the stored invitation, or ErrNotFound. update must not
	// change ID, CustomerID, TokenHash or CreatedAt (CodeImmutable).
	UpdateInvitation(ctx context.Context, id, actor ulid.ULID, update func(*Invitation, *Snapshot) error) (*Invitation, error)

	// AcceptInvitation reads the invitation whose TokenHash is hash
	// (ErrNotFound when none; always for the zero hash), its customer, the
	// user whose EmailKey is customer.EmailKey of the invitation's Email
	// (nil when none) and that user's membership of the customer, calls
	// plan with a Snapshot of copies (Invitation, Customer, User,
	// Membership), and stores, in one atomic operation, Join.User when not
	// nil (a new user), Join.Membership (which must bind the snapshot's
	// user, or Join.User, to the invitation's customer; ErrInvalid
	// otherwise) and, when not nil, Join.Invitation in place of the
	// invitation read (same ID and immutable fields as in
	// UpdateInvitation, Version incremented by one). Nothing is written on
	// any error.
	AcceptInvitation(ctx context.Context, hash TokenHash, plan func(*Snapshot) (*Join, error)) error

	// ListInvitations returns the invitations q selects (see
	// InvitationQuery.Match) in ID order, paged as ListMembers. An unknown
	// customer has none.
	ListInvitations(ctx context.Context, q *InvitationQuery, after customerkit.Cursor) (customerkit.Page[Invitation], error)
}

// Snapshot is what a store read inside a write's transaction, handed (as
// copies) to the Service's check, plan or update function. Which fields
// are set depends on the method; see Store.
type Snapshot struct {
	// Customer is the customer the write concerns.
	Customer *customer.Customer
	// Actor is the acting user's membership of Customer: nil when the
	// organization acts or the actor is not a member.
	Actor *Membership
	// User is the user the write concerns, nil when there is none (no
	// user has the invited email yet, say).
	User *User
	// Membership is User's membership of Customer, nil when none.
	Membership *Membership
	// Invitation is the invitation being accepted.
	Invitation *Invitation
}

// Join is what a write that adds a user to a customer stores: the
// membership, with the user when it is new, and for an acceptance the
// accepted invitation.
type Join struct {
	// User is a user to create with the membership; nil when the joining
	// user is Snapshot.User.
	User *User
	// Membership is the membership to create (Version 1).
	Membership *Membership
	// Invitation, for AcceptInvitation only, is the invitation to store in
	// place of the one read (the Service marks it accepted).
	Invitation *Invitation
}
