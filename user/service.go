package user

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/password"
	"github.com/customerkit/customerkit/marketplace"
)

// Service is the API of users, memberships, ownership, invitations and
// passwords. Its methods come in two kinds:
//
//   - organization methods (CreateCustomer, CreateUser, AddMember,
//     Invite, SetAccess, ...) act for the host's organization: unscoped,
//     they check no role;
//   - acting methods, whose names end in As (InviteAs, SetAccessAs,
//     MembersAs, ...), act for one customer's user (an Actor): they check
//     the actor's membership and the customer's status, inside the
//     store's transaction for writes.
//
// A Service is safe for concurrent use.
type Service struct {
	store     Store
	customers *customer.Service
	opts      Options
	hasher    *password.Hasher

	dummyOnce sync.Once
	dummy     password.Hash
}

// NewService returns a Service over store. customers is the
// customer.Service over the same storage (CreateCustomer creates the
// customer through it, and acting reads check the customer's status
// with it); it must not be nil. opts may be nil.
func NewService(store Store, customers *customer.Service, opts *Options) *Service {
	o := opts.withDefaults()
	h := o.Hasher
	if h == nil {
		// The default parameters are always within bounds, so NewHasher
		// cannot fail here.
		h, _ = password.NewHasher(&password.Options{RandReader: o.RandReader})
	}
	return &Service{store: store, customers: customers, opts: o, hasher: h}
}

// now returns the current time in UTC, truncated to the microsecond
// every store keeps.
func (s *Service) now() time.Time { return s.opts.NowFunc().UTC().Truncate(time.Microsecond) }

// view returns a copy of u without its password hash, HasPassword set.
func view(u *User) *User {
	v := u.Clone()
	v.HasPassword = !u.PasswordHash.IsZero()
	v.PasswordHash = ""
	return v
}

// CreateCustomer creates customer c through the customer.Service (every
// rule of package customer applies; see customer.Service.Create) together
// with its owner, in one transaction. The owner is the user whose email
// is the customer's (compared case-insensitively): when there is none, a
// new user is created from the profile (the customer's email, and its
// first and last name as the name). The owner's membership has the role
// admin and Owner set; the customer's allowed_domains_registration does
// not apply to it.
//
// It returns the stored customer and its owner (without a password
// hash). Errors: those of customer.Service.Create, and ErrAlreadyExists
// (Resource "user") should the new owner's email be taken at the same
// moment.
func (s *Service) CreateCustomer(ctx context.Context, c *customer.Customer) (*customer.Customer, *Member, error) {
	var owner *Member
	out, err := s.customers.CreateWith(ctx, c, func(ctx context.Context, n *customer.Customer) error {
		fresh := &User{
			ID:    s.opts.NewIDFunc(),
			Email: n.Email,
			Name:  strings.TrimSpace(n.FirstName + " " + n.LastName),
		}
		now := s.now()
		return s.store.CreateCustomerWithOwner(ctx, n, func(snap *Snapshot) (*Join, error) {
			j := &Join{Membership: &Membership{
				CustomerID: n.ULID, Role: marketplace.RoleAdmin, Owner: true,
				Version: 1, CreatedAt: now, UpdatedAt: now,
			}}
			u := snap.User
			if u == nil {
				u = fresh.Clone()
				u.Version, u.CreatedAt, u.UpdatedAt = 1, now, now
				j.User = u
			}
			j.Membership.UserID = u.ID
			owner = &Member{User: *view(u), Membership: *j.Membership.Clone()}
			return j, nil
		})
	})
	if err != nil {
		return nil, nil, err
	}
	s.opts.Logger.DebugContext(ctx, "user: customer created with its owner",
		slog.String("customer", out.ULID.String()), slog.String("owner", owner.User.ID.String()))
	return out, owner, nil
}

// CreateUser validates u (see Normalize) and stores a new user with it:
// the ID is generated unless u sets one, Version is 1, and the times are
// now. u's PasswordHash is ignored: use SetPassword. The user belongs to
// no customer yet (see AddMember).
//
// Errors: a *customerkit.ValidationError (ErrInvalid); ErrAlreadyExists
// (Resource "user", Field "email", "external_id" or "id").
func (s *Service) CreateUser(ctx context.Context, u *User) (*User, error) {
	n, err := Normalize(u)
	if err != nil {
		return nil, err
	}
	if n.ID.IsZero() {
		n.ID = s.opts.NewIDFunc()
	}
	now := s.now()
	n.PasswordHash, n.HasPassword = "", false
	n.Version, n.CreatedAt, n.UpdatedAt = 1, now, now
	if err := s.store.CreateUser(ctx, n); err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "user: created", slog.String("user", n.ID.String()))
	return view(n), nil
}

// GetUser returns user id (without its password hash), or ErrNotFound.
func (s *Service) GetUser(ctx context.Context, id ulid.ULID) (*User, error) {
	u, err := s.store.GetUser(ctx, ByID, id.String())
	if err != nil {
		return nil, err
	}
	return view(u), nil
}

// GetUserBy returns the user whose unique field by equals value, compared
// in canonical form (an email case-insensitively), or ErrNotFound. An
// unknown field, or an ID that does not parse, is ErrInvalid.
func (s *Service) GetUserBy(ctx context.Context, by By, value string) (*User, error) {
	v, err := lookupValue(by, value)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return nil, fmt.Errorf("user: no user with an empty %s: %w", by, customerkit.ErrNotFound)
	}
	u, err := s.store.GetUser(ctx, by, v)
	if err != nil {
		return nil, err
	}
	return view(u), nil
}

// lookupValue returns the canonical form a store compares for by.
func lookupValue(by By, value string) (string, error) {
	value = strings.TrimSpace(value)
	switch by {
	case ByID:
		id, err := ulid.ParseStrict(value)
		if err != nil {
			return "", invalid("user", "id", customerkit.CodeInvalid, "not a ULID")
		}
		return id.String(), nil
	case ByEmail:
		return emailKey(value), nil
	case ByExternalID:
		return cleanText(value), nil
	}
	return "", invalid("user", "by", customerkit.CodeNotSupported, "id, email or external_id")
}

// emailKey returns the key an email address is compared by: EmailKey of
// its canonical form, or of the text itself when it is not an address.
func emailKey(email string) string {
	if e, detail := customer.NormalizeEmail(email); detail == "" {
		email = e
	}
	return customer.EmailKey(email)
}

// UpdateUser changes user id through fn, which receives a copy of the
// stored user (without its password hash) and changes it in place. The
// result is validated and canonicalised like a new user; ID, Version and
// the creation time cannot change (ErrInvalid with code "immutable"), and
// the password changes only through SetPassword (HasPassword is ignored).
// fn may run more than once and must have no side effects; its error is
// returned as is and nothing is written.
//
// Errors: ErrNotFound, ErrInvalid, ErrAlreadyExists (email or external
// ID taken).
func (s *Service) UpdateUser(ctx context.Context, id ulid.ULID, fn func(*User) error) (*User, error) {
	return s.updateUser(ctx, id, 0, fn)
}

// UpdateUserIfMatch is UpdateUser guarded by the version the caller
// read: when the stored user's version is not version, it returns
// ErrConflict and changes nothing.
func (s *Service) UpdateUserIfMatch(ctx context.Context, id ulid.ULID, version int64, fn func(*User) error) (*User, error) {
	if version <= 0 {
		return nil, invalid("user", "version", customerkit.CodeInvalid, "a version read from the user (1 or more)")
	}
	return s.updateUser(ctx, id, version, fn)
}

func (s *Service) updateUser(ctx context.Context, id ulid.ULID, version int64, fn func(*User) error) (*User, error) {
	now := s.now()
	out, err := s.store.UpdateUser(ctx, id, func(u *User) error {
		if version != 0 && u.Version != version {
			return fmt.Errorf("user: %s is at version %d, not %d: %w", id, u.Version, version, customerkit.ErrConflict)
		}
		cp := view(u)
		if err := fn(cp); err != nil {
			return err
		}
		ve := &customerkit.ValidationError{Subject: "user"}
		if cp.ID != u.ID {
			ve.Add("id", customerkit.CodeImmutable, "the ID cannot change")
		}
		if cp.Version != u.Version {
			ve.Add("version", customerkit.CodeImmutable, "the version is kept by the store")
		}
		if !cp.CreatedAt.Equal(u.CreatedAt) {
			ve.Add("created_at", customerkit.CodeImmutable, "the creation time cannot change")
		}
		if !cp.PasswordHash.IsZero() {
			ve.Add("password", customerkit.CodeImmutable, "set the password with SetPassword")
		}
		if err := ve.Err(); err != nil {
			return err
		}
		n, err := Normalize(cp)
		if err != nil {
			return err
		}
		u.Email, u.Name, u.Phone, u.ExternalID, u.UpdatedAt = n.Email, n.Name, n.Phone, n.ExternalID, now
		return nil
	})
	if err != nil {
		return nil, err
	}
	return view(out), nil
}

// DeleteUser deletes user id and every membership it has, in one
// transaction. A user who owns a customer is not deleted
// (ErrFailedPrecondition): transfer the ownership first. Invitations the
// user sent stay. ErrNotFound when there is no user id.
func (s *Service) DeleteUser(ctx context.Context, id ulid.ULID) error {
	err := s.store.DeleteUser(ctx, id, func(_ *User, ms []*Membership) error {
		for _, m := range ms {
			if m.Owner {
				return fmt.Errorf("user: %s owns customer %s; transfer the ownership first: %w", id, m.CustomerID, customerkit.ErrFailedPrecondition)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.opts.Logger.DebugContext(ctx, "user: deleted", slog.String("user", id.String()))
	return nil
}

// errSkip tells a write's caller that the write turned out unnecessary.
var errSkip = errors.New("user: nothing to write")
