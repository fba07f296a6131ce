package user

import (
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

// Page sizes of a list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// MemberQuery selects the members of one customer, listed in user ID
// order.
type MemberQuery struct {
	// CustomerID is required.
	CustomerID ulid.ULID `json:"customer_id"`
	// Role selects one role (the owner's role is admin).
	Role marketplace.Role `json:"role,omitempty"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// Normalize returns a copy of q with defaults filled in, or a
// *customerkit.ValidationError.
func (q *MemberQuery) Normalize() (*MemberQuery, error) {
	n := &MemberQuery{}
	if q != nil {
		*n = *q
	}
	ve := &customerkit.ValidationError{Subject: "member query"}
	if n.CustomerID.IsZero() {
		ve.Add("customer_id", customerkit.CodeRequired, "")
	}
	if n.Role != "" && !n.Role.Valid() {
		ve.Add("role", customerkit.CodeNotSupported, "admin, member, marketplace_admin or marketplace_user")
	}
	n.Limit = limit(ve, n.Limit)
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// Match reports whether q selects m.
func (q *MemberQuery) Match(m *Membership) bool {
	return m.CustomerID == q.CustomerID && (q.Role == "" || m.Role == q.Role)
}

// MembershipQuery selects the memberships of one user, listed in customer
// ID order.
type MembershipQuery struct {
	// UserID is required.
	UserID ulid.ULID `json:"user_id"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// Normalize returns a copy of q with defaults filled in, or a
// *customerkit.ValidationError.
func (q *MembershipQuery) Normalize() (*MembershipQuery, error) {
	n := &MembershipQuery{}
	if q != nil {
		*n = *q
	}
	ve := &customerkit.ValidationError{Subject: "membership query"}
	if n.UserID.IsZero() {
		ve.Add("user_id", customerkit.CodeRequired, "")
	}
	n.Limit = limit(ve, n.Limit)
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// InvitationQuery selects the invitations of one customer, listed in ID
// (creation) order.
type InvitationQuery struct {
	// CustomerID is required.
	CustomerID ulid.ULID `json:"customer_id"`
	// Status selects one stored status: pending (expired ones included:
	// check Invitation.State), accepted or revoked.
	Status InvitationState `json:"status,omitempty"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// Normalize returns a copy of q with defaults filled in, or a
// *customerkit.ValidationError.
func (q *InvitationQuery) Normalize() (*InvitationQuery, error) {
	n := &InvitationQuery{}
	if q != nil {
		*n = *q
	}
	ve := &customerkit.ValidationError{Subject: "invitation query"}
	if n.CustomerID.IsZero() {
		ve.Add("customer_id", customerkit.CodeRequired, "")
	}
	if n.Status != "" && !n.Status.Stored() {
		ve.Add("status", customerkit.CodeNotSupported, "pending, accepted or revoked")
	}
	n.Limit = limit(ve, n.Limit)
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// Match reports whether q selects i.
func (q *InvitationQuery) Match(i *Invitation) bool {
	return i.CustomerID == q.CustomerID && (q.Status == "" || i.Status == q.Status)
}

// limit returns the page size n means, recording a negative one in ve.
func limit(ve *customerkit.ValidationError, n int) int {
	switch {
	case n == 0:
		return DefaultLimit
	case n < 0:
		ve.Add("limit", customerkit.CodeInvalid, "limit must not be negative")
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}
