package user

import (
	"slices"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/marketplace"
)

// DefaultInvitationTTL is how long an invitation can be accepted when
// Options.InvitationTTL is zero.
const DefaultInvitationTTL = 7 * 24 * time.Hour

// InvitationState is where an invitation is in its life; see the state
// machine in the package documentation. Stores keep pending, accepted and
// revoked; expired is derived from a pending invitation's ExpiresAt.
type InvitationState string

// The invitation states.
const (
	InvitationPending  InvitationState = "pending"
	InvitationAccepted InvitationState = "accepted"
	InvitationRevoked  InvitationState = "revoked"
	InvitationExpired  InvitationState = "expired"
)

// InvitationStates returns every state.
func InvitationStates() []InvitationState {
	return []InvitationState{InvitationPending, InvitationAccepted, InvitationRevoked, InvitationExpired}
}

// Valid reports whether s is a known state.
func (s InvitationState) Valid() bool {
	return s == InvitationPending || s == InvitationAccepted || s == InvitationRevoked || s == InvitationExpired
}

// Stored reports whether s is a state a store keeps (every one but
// expired).
func (s InvitationState) Stored() bool {
	return s == InvitationPending || s == InvitationAccepted || s == InvitationRevoked
}

// Final reports whether no transition leaves s: accepted and revoked.
func (s InvitationState) Final() bool { return s == InvitationAccepted || s == InvitationRevoked }

// Activation is how an invitee receives an invitation's link.
type Activation string

// The activation methods.
const (
	// ActivationEmailLink: the library builds the link (Options.LinkFunc)
	// and hands it to the host's Mailer; the inviter never sees it.
	ActivationEmailLink Activation = "email_link"
	// ActivationDisplayLink: the token (and the link, when
	// Options.LinkFunc is set) is returned once to the inviter, who passes
	// it on.
	ActivationDisplayLink Activation = "display_link"
)

// Activations returns every activation method.
func Activations() []Activation { return []Activation{ActivationEmailLink, ActivationDisplayLink} }

// Valid reports whether a is a known activation method.
func (a Activation) Valid() bool { return a == ActivationEmailLink || a == ActivationDisplayLink }

// Invitation invites an email address into a customer with a role. Its
// token is never stored: TokenHash is.
type Invitation struct {
	ID         ulid.ULID `json:"id"`
	CustomerID ulid.ULID `json:"customer_id"`
	// Email is the invitee's address, in canonical form.
	Email string `json:"email"`
	// Role and Permissions are the access the invitee gets (see Access).
	Role        marketplace.Role `json:"role"`
	Permissions []Permission     `json:"permissions"`
	Activation  Activation       `json:"activation"`
	// TokenHash is the SHA-256 of the token; unique. The Service clears it
	// on the invitations it returns.
	TokenHash TokenHash `json:"-"`
	// Status is the stored state: pending, accepted or revoked. State
	// tells an expired one.
	Status InvitationState `json:"status"`
	// InvitedBy is the user who invited; zero when the organization did.
	InvitedBy  ulid.ULID `json:"invited_by,omitzero"`
	AcceptedBy ulid.ULID `json:"accepted_by,omitzero"`
	ExpiresAt  time.Time `json:"expires_at"`
	AcceptedAt time.Time `json:"accepted_at,omitzero"`
	RevokedAt  time.Time `json:"revoked_at,omitzero"`

	// Version increments on every write.
	Version   int64     `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Clone returns a deep copy of i.
func (i *Invitation) Clone() *Invitation {
	if i == nil {
		return nil
	}
	d := *i
	d.Permissions = slices.Clone(i.Permissions)
	return &d
}

// State returns the state of i at time now: its stored status, or
// expired for a pending invitation whose ExpiresAt is not after now.
func (i *Invitation) State(now time.Time) InvitationState {
	if i.Status == InvitationPending && !now.Before(i.ExpiresAt) {
		return InvitationExpired
	}
	return i.Status
}

// Access returns the role and explicit permissions the invitation grants.
func (i *Invitation) Access() Access {
	return Access{Role: i.Role, Permissions: slices.Clone(i.Permissions)}
}

// Invited is what Service.Invite returns: the stored invitation and, for
// a display link only, its token and link, returned this once.
type Invited struct {
	Invitation *Invitation `json:"invitation"`
	// Token is set for ActivationDisplayLink only. It redacts itself; use
	// Token.Reveal to pass it on.
	Token Token `json:"-"`
	// Link is Options.LinkFunc(Token), for ActivationDisplayLink when the
	// host set a LinkFunc. It carries the token: show it to the inviter,
	// never log it.
	Link string `json:"link,omitempty"`
}
