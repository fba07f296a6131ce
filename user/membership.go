package user

import (
	"slices"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/marketplace"
)

// Membership binds a user to a customer with a role and, optionally,
// explicit permissions. A user has at most one membership per customer;
// a customer has exactly one owner (a membership with Owner set) once
// Service.CreateCustomer made it.
type Membership struct {
	CustomerID ulid.ULID `json:"customer_id"`
	UserID     ulid.ULID `json:"user_id"`
	// Role is the user's role in the customer. The owner's role is admin.
	Role marketplace.Role `json:"role"`
	// Permissions, when not nil, replace the role's defaults (see Access).
	// It is written as null in JSON when nil, and as [] when empty.
	Permissions []Permission `json:"permissions"`
	// Owner marks the customer's owner, who holds every permission. It
	// changes only through an ownership transfer.
	Owner bool `json:"owner"`

	// Version increments on every write.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of m; a nil Permissions list stays nil and an
// empty one empty.
func (m *Membership) Clone() *Membership {
	if m == nil {
		return nil
	}
	d := *m
	d.Permissions = slices.Clone(m.Permissions)
	return &d
}

// Access returns the role and explicit permissions of m.
func (m *Membership) Access() Access {
	return Access{Role: m.Role, Permissions: slices.Clone(m.Permissions)}
}

// Can reports whether m allows p: always for the owner; otherwise when p
// is in the explicit permissions or, when there are none (nil), in the
// role's defaults. A nil membership allows nothing.
func (m *Membership) Can(p Permission) bool {
	switch {
	case m == nil || !p.Valid():
		return false
	case m.Owner:
		return true
	case m.Permissions != nil:
		return slices.Contains(m.Permissions, p)
	}
	return slices.Contains(DefaultPermissions(m.Role), p)
}

// Effective returns every permission m allows, in canonical order: all of
// them for the owner.
func (m *Membership) Effective() []Permission {
	switch {
	case m == nil:
		return nil
	case m.Owner:
		return Permissions()
	}
	return m.Access().Effective()
}

// Member is a user with its membership of one customer, as the lists of
// a customer's users return them.
type Member struct {
	User       User       `json:"user"`
	Membership Membership `json:"membership"`
}

// Clone returns a deep copy of m.
func (m *Member) Clone() *Member {
	if m == nil {
		return nil
	}
	return &Member{User: *m.User.Clone(), Membership: *m.Membership.Clone()}
}

// Actor names a customer's user acting in that customer: the methods of
// the Service whose names end in As check what the user's membership
// allows, and the customer's status.
type Actor struct {
	CustomerID ulid.ULID `json:"customer_id"`
	UserID     ulid.ULID `json:"user_id"`
}
