package user

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"log/slog"
	"slices"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
)

// InviteInput is an invitation to make.
type InviteInput struct {
	// Email is the invitee's address. Required.
	Email string `json:"email"`
	// Role and Permissions are the access the invitee gets (see Access).
	Role        marketplace.Role `json:"role"`
	Permissions []Permission     `json:"permissions"`
	// Activation is how the invitee gets the link. Required.
	Activation Activation `json:"activation"`
}

// AcceptInput accepts an invitation.
type AcceptInput struct {
	// Token is the invitation's token, as the link carried it. Required.
	Token string `json:"token"`
	// Name, Phone and Password are the profile of the user the acceptance
	// creates, when no user has the invited email yet; all optional (see
	// Normalize and package customer/password for their rules). They are
	// ignored when the user exists. An AcceptInput decodes from JSON
	// with every field, but prints and marshals with its token and
	// password redacted.
	Name     string `json:"name,omitempty"`
	Phone    string `json:"phone,omitempty"`
	Password string `json:"password,omitempty"`
}

// MarshalJSON marshals in with its token and password redacted.
func (in AcceptInput) MarshalJSON() ([]byte, error) {
	type plain AcceptInput
	p := plain(in)
	if p.Token != "" {
		p.Token = "[REDACTED]"
	}
	if p.Password != "" {
		p.Password = "[REDACTED]"
	}
	return json.Marshal(p)
}

// String describes in without its token and password.
func (in AcceptInput) String() string {
	return fmt.Sprintf("{Token:%s Name:%q Phone:%q Password:%s}", redact(in.Token), in.Name, in.Phone, redact(in.Password))
}

// GoString is String.
func (in AcceptInput) GoString() string { return in.String() }

// Format prints String for every verb and flag.
func (in AcceptInput) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(in.String())) }

func redact(s string) string {
	if s == "" {
		return `""`
	}
	return "[REDACTED]"
}

// Invite invites in.Email into customer customerID, for the organization
// (InvitedBy zero). See InviteAs for an invitation by a member. A
// terminated customer takes no invitation (ErrFailedPrecondition).
func (s *Service) Invite(ctx context.Context, customerID ulid.ULID, in InviteInput) (*Invited, error) {
	return s.invite(ctx, nil, customerID, in)
}

// InviteAs invites in.Email into the actor's customer. The actor needs
// manage_users (the owner and admins have it), the customer must be
// active (inviting creates), and the invitation may grant no permission
// the actor does not hold (ErrPermissionDenied).
//
// For both: the invitation gets a 256-bit token from Options.RandReader,
// of which only the SHA-256 is stored, and expires after
// Options.InvitationTTL. With ActivationEmailLink the Mailer receives the
// link (Options.LinkFunc of the token) and the result holds no token;
// should the Mailer fail, the invitation is revoked and the error (which
// wraps the Mailer's) matches ErrFailedPrecondition. With
// ActivationDisplayLink the result holds the token and the link, this
// once. Errors, checked in the store's transaction: ErrAlreadyExists
// (Resource "membership", Field "email") when a user with that email is
// already a member; ErrFailedPrecondition when the customer's
// allowed_domains_registration does not allow the email; ErrNotFound for
// an unknown customer; ErrInvalid (email, role, permissions, activation:
// "not_supported" for an email link when the host configured no Mailer
// or LinkFunc).
func (s *Service) InviteAs(ctx context.Context, actor Actor, in InviteInput) (*Invited, error) {
	if err := checkActor(&actor); err != nil {
		return nil, err
	}
	return s.invite(ctx, &actor, actor.CustomerID, in)
}

func (s *Service) invite(ctx context.Context, actor *Actor, customerID ulid.ULID, in InviteInput) (*Invited, error) {
	ve := &customerkit.ValidationError{Subject: "invitation"}
	email, detail := customer.NormalizeEmail(in.Email)
	switch {
	case detail != "":
		ve.Add("email", customerkit.CodeInvalid, detail)
	case email == "":
		ve.Add("email", customerkit.CodeRequired, "")
	}
	a, err := Access{Role: in.Role, Permissions: in.Permissions}.Normalize()
	ve.Merge("", err)
	switch {
	case in.Activation == "":
		ve.Add("activation", customerkit.CodeRequired, "email_link or display_link")
	case !in.Activation.Valid():
		ve.Add("activation", customerkit.CodeNotSupported, "email_link or display_link")
	case in.Activation == ActivationEmailLink && (s.opts.Mailer == nil || s.opts.LinkFunc == nil):
		ve.Add("activation", customerkit.CodeNotSupported, "email links need a Mailer and a LinkFunc, which the host did not configure")
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	tok, err := newToken(s.opts.RandReader)
	if err != nil {
		return nil, err
	}
	now := s.now()
	inv := &Invitation{
		ID: s.opts.NewIDFunc(), CustomerID: customerID, Email: email,
		Role: a.Role, Permissions: a.Permissions, Activation: in.Activation,
		TokenHash: tok.Hash(), Status: InvitationPending, InvitedBy: actorID(actor),
		ExpiresAt: now.Add(s.opts.InvitationTTL), Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	var customerName string
	err = s.store.CreateInvitation(ctx, inv, actorID(actor), func(snap *Snapshot) error {
		const action = "invite users"
		if err := allow(actor, snap, action, statusCreate, orgJoin, PermManageUsers); err != nil {
			return err
		}
		if err := noEscalation(actor, snap, action, a.Effective()); err != nil {
			return err
		}
		if snap.Membership != nil {
			return &customerkit.AlreadyExistsError{Resource: "membership", Field: "email"}
		}
		if !snap.Customer.RegistrationAllowed(email) {
			return domainError(snap.Customer, email)
		}
		customerName = snap.Customer.Name
		return nil
	})
	if err != nil {
		return nil, err
	}
	log := s.opts.Logger.With(slog.String("invitation", inv.ID.String()), slog.String("customer", customerID.String()))
	out := &Invited{Invitation: invitationView(inv)}
	if in.Activation == ActivationDisplayLink {
		out.Token = tok
		if s.opts.LinkFunc != nil {
			out.Link = s.opts.LinkFunc(tok)
		}
		log.DebugContext(ctx, "user: invitation created", slog.String("activation", string(in.Activation)))
		return out, nil
	}
	mail := &InvitationMail{To: email, Link: s.opts.LinkFunc(tok), Invitation: invitationView(inv), CustomerName: customerName}
	if actor != nil {
		if u, err := s.store.GetUser(ctx, ByID, actor.UserID.String()); err == nil {
			mail.InviterName, mail.InviterEmail = u.Name, u.Email
		}
	}
	if err := s.opts.Mailer.SendInvitation(ctx, mail); err != nil {
		// The invitee never got the link: revoke the invitation, even if
		// ctx has ended, so that it does not linger as pending.
		_, rerr := s.store.UpdateInvitation(context.WithoutCancel(ctx), inv.ID, ulid.ULID{}, func(i *Invitation, _ *Snapshot) error {
			i.Status, i.RevokedAt, i.UpdatedAt = InvitationRevoked, now, now
			return nil
		})
		if rerr != nil {
			log.WarnContext(ctx, "user: revoking an invitation whose mail failed", slog.String("error", rerr.Error()))
		}
		return nil, fmt.Errorf("user: sending invitation %s: %w: %w", inv.ID, customerkit.ErrFailedPrecondition, err)
	}
	log.DebugContext(ctx, "user: invitation created and sent", slog.String("activation", string(in.Activation)))
	return out, nil
}

// invitationView returns a copy of i without its token hash.
func invitationView(i *Invitation) *Invitation {
	v := i.Clone()
	v.TokenHash = TokenHash{}
	return v
}

// InvitationByToken returns the invitation token opens, whatever its
// state (check Invitation.State), so that the invitee's page can show
// what it is invited to before accepting. Errors: ErrInvalid for text
// that is not a token, ErrNotFound for a token no invitation has.
func (s *Service) InvitationByToken(ctx context.Context, token string) (*Invitation, error) {
	t, err := ParseToken(token)
	if err != nil {
		return nil, err
	}
	i, err := s.store.GetInvitationByToken(ctx, t.Hash())
	if err != nil {
		return nil, err
	}
	return invitationView(i), nil
}

// Accept accepts the invitation in.Token opens: in one transaction it
// creates the user when no user has the invited email yet (with
// in.Name, in.Phone and in.Password), makes the user a member of the
// invitation's customer with the invitation's access, and marks the
// invitation accepted. A token works once.
//
// Errors, and then nothing changes:
//   - ErrInvalid: in.Token is not a token's text; in.Name, in.Phone or
//     in.Password breaks its rule;
//   - ErrNotFound: no invitation has this token (never issued, or its
//     customer was deleted);
//   - ErrFailedPrecondition: the invitation has expired, was revoked or
//     was already accepted (an *InvitationStateError saying which); the
//     customer is inactive or terminated; its allowed_domains_registration
//     no longer allows the email;
//   - ErrAlreadyExists (Resource "membership", Field "email"): the user
//     is already a member (by another invitation, say).
func (s *Service) Accept(ctx context.Context, in AcceptInput) (*Member, error) {
	tok, err := ParseToken(in.Token)
	if err != nil {
		return nil, err
	}
	profile := &User{Name: in.Name, Phone: in.Phone}
	ve := &customerkit.ValidationError{Subject: "user"}
	text(ve, "name", &profile.Name, MaxNameLength)
	if profile.Phone != "" {
		if p, detail := NormalizePhone(profile.Phone); detail != "" {
			ve.Add("phone", customerkit.CodeInvalid, detail)
		} else {
			profile.Phone = p
		}
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	hash := tok.Hash()
	now := s.now()
	// A cheap look first, so that a dead token costs no password hashing.
	inv, err := s.store.GetInvitationByToken(ctx, hash)
	if err != nil {
		return nil, err
	}
	if st := inv.State(now); st != InvitationPending {
		return nil, &InvitationStateError{ID: inv.ID, State: st}
	}
	if in.Password != "" {
		if profile.PasswordHash, err = s.hasher.Hash(in.Password); err != nil {
			return nil, err
		}
	}
	profile.ID = s.opts.NewIDFunc()
	var out *Member
	err = s.store.AcceptInvitation(ctx, hash, func(snap *Snapshot) (*Join, error) {
		inv := snap.Invitation
		if st := inv.State(now); st != InvitationPending {
			return nil, &InvitationStateError{ID: inv.ID, State: st}
		}
		if !snap.Customer.Status.CanAccess() {
			return nil, fmt.Errorf("user: a %s customer takes no users: %w", snap.Customer.Status, customerkit.ErrFailedPrecondition)
		}
		if snap.Membership != nil {
			return nil, &customerkit.AlreadyExistsError{Resource: "membership", Field: "email"}
		}
		if !snap.Customer.RegistrationAllowed(inv.Email) {
			return nil, domainError(snap.Customer, inv.Email)
		}
		j := &Join{}
		u := snap.User
		if u == nil {
			u = profile.Clone()
			u.Email, u.Version, u.CreatedAt, u.UpdatedAt = inv.Email, 1, now, now
			j.User = u
		}
		j.Membership = &Membership{
			CustomerID: inv.CustomerID, UserID: u.ID, Role: inv.Role, Permissions: slices.Clone(inv.Permissions),
			Version: 1, CreatedAt: now, UpdatedAt: now,
		}
		j.Invitation = inv.Clone()
		j.Invitation.Status, j.Invitation.AcceptedBy, j.Invitation.AcceptedAt, j.Invitation.UpdatedAt = InvitationAccepted, u.ID, now, now
		out = &Member{User: *view(u), Membership: *j.Membership.Clone()}
		return j, nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "user: invitation accepted", slog.String("invitation", inv.ID.String()),
		slog.String("customer", out.Membership.CustomerID.String()), slog.String("user", out.User.ID.String()))
	return out, nil
}

// Revoke revokes invitation id, so that its token no longer works. A
// pending or expired invitation may be revoked; an accepted or revoked one
// is an *InvitationStateError (ErrFailedPrecondition). ErrNotFound.
func (s *Service) Revoke(ctx context.Context, id ulid.ULID) (*Invitation, error) {
	return s.revoke(ctx, nil, id)
}

// RevokeAs is Revoke by a member of the invitation's customer (another
// customer's invitation is ErrNotFound); it needs manage_users, and the
// customer's status must allow changes.
func (s *Service) RevokeAs(ctx context.Context, actor Actor, id ulid.ULID) (*Invitation, error) {
	if err := checkActor(&actor); err != nil {
		return nil, err
	}
	return s.revoke(ctx, &actor, id)
}

func (s *Service) revoke(ctx context.Context, actor *Actor, id ulid.ULID) (*Invitation, error) {
	now := s.now()
	out, err := s.store.UpdateInvitation(ctx, id, actorID(actor), func(i *Invitation, snap *Snapshot) error {
		if actor != nil && i.CustomerID != actor.CustomerID {
			return fmt.Errorf("user: invitation %s: %w", id, customerkit.ErrNotFound)
		}
		if err := allow(actor, snap, "revoke invitations", statusChange, nil, PermManageUsers); err != nil {
			return err
		}
		if st := i.State(now); st.Final() {
			return &InvitationStateError{ID: i.ID, State: st}
		}
		i.Status, i.RevokedAt, i.UpdatedAt = InvitationRevoked, now, now
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "user: invitation revoked", slog.String("invitation", id.String()))
	return invitationView(out), nil
}

// Invitation returns invitation id (without its token hash), or
// ErrNotFound.
func (s *Service) Invitation(ctx context.Context, id ulid.ULID) (*Invitation, error) {
	i, err := s.store.GetInvitation(ctx, id)
	if err != nil {
		return nil, err
	}
	return invitationView(i), nil
}

// Invitations returns one page of the invitations q selects, in creation
// order, after the cursor after.
func (s *Service) Invitations(ctx context.Context, q *InvitationQuery, after customerkit.Cursor) (customerkit.Page[Invitation], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[Invitation]{}, err
	}
	return s.invitations(ctx, n, after)
}

func (s *Service) invitations(ctx context.Context, q *InvitationQuery, after customerkit.Cursor) (customerkit.Page[Invitation], error) {
	page, err := s.store.ListInvitations(ctx, q, after)
	if err != nil {
		return customerkit.Page[Invitation]{}, err
	}
	for _, i := range page.Items {
		i.TokenHash = TokenHash{}
	}
	return page, nil
}

// AllInvitations iterates over every invitation q selects, page by page.
func (s *Service) AllInvitations(ctx context.Context, q *InvitationQuery) iter.Seq2[*Invitation, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Invitation], error) {
		if err != nil {
			return customerkit.Page[Invitation]{}, err
		}
		return s.invitations(ctx, n, after)
	})
}

// InvitationsAs is Invitations for the actor's customer (q.CustomerID is
// ignored); it needs view_users.
func (s *Service) InvitationsAs(ctx context.Context, actor Actor, q *InvitationQuery, after customerkit.Cursor) (customerkit.Page[Invitation], error) {
	if _, err := s.readSnapshot(ctx, actor, "view invitations", PermViewUsers); err != nil {
		return customerkit.Page[Invitation]{}, err
	}
	n := InvitationQuery{}
	if q != nil {
		n = *q
	}
	n.CustomerID = actor.CustomerID
	return s.Invitations(ctx, &n, after)
}
