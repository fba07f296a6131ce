package user

import (
	"context"
	"errors"
	"fmt"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// What the customer's status must allow for each kind of acting method,
// following the status rules of package customer: reading needs access
// to the platform, changing what exists needs the use of existing
// resources, and inviting needs the creation of new ones. An inactive or
// terminated customer's users cannot act at all; a suspended customer's
// may read and change but not invite.
var (
	statusRead   = customer.Status.CanAccess
	statusChange = customer.Status.CanUseExisting
	statusCreate = customer.Status.CanCreate
)

// orgJoin is the status rule of the organization's own joins (AddMember,
// Invite): any customer but a terminated one takes new users.
func orgJoin(s customer.Status) bool { return s != customer.StatusTerminated }

// actorID returns the ULID a store reads the actor's membership by: the
// zero ULID for the organization (a nil actor).
func actorID(a *Actor) ulid.ULID {
	if a == nil {
		return ulid.ULID{}
	}
	return a.UserID
}

// checkActor refuses an actor that names no customer or no user.
func checkActor(a *Actor) error {
	if a != nil && (a.CustomerID.IsZero() || a.UserID.IsZero()) {
		return fmt.Errorf("user: an actor names a customer and a user: %w", customerkit.ErrPermissionDenied)
	}
	return nil
}

// allow checks, with what a store read in a write's transaction, that
// actor a may perform action in snap.Customer: as one of its members
// (ErrPermissionDenied), holding every permission of need
// (ErrPermissionDenied), in a customer whose status passes status
// (ErrFailedPrecondition). The organization (a nil a) is checked against
// org instead, when it is not nil.
func allow(a *Actor, snap *Snapshot, action string, status, org func(customer.Status) bool, need ...Permission) error {
	if a == nil {
		if org != nil && !org(snap.Customer.Status) {
			return fmt.Errorf("user: a %s customer cannot %s: %w", snap.Customer.Status, action, customerkit.ErrFailedPrecondition)
		}
		return nil
	}
	if snap.Actor == nil {
		return fmt.Errorf("user: the acting user is not a member of customer %s: %w", a.CustomerID, customerkit.ErrPermissionDenied)
	}
	var missing []Permission
	for _, p := range need {
		if !snap.Actor.Can(p) {
			missing = append(missing, p)
		}
	}
	if len(missing) > 0 {
		return permissionError(action, missing...)
	}
	if !status(snap.Customer.Status) {
		return statusError(snap.Customer, action)
	}
	return nil
}

// noEscalation refuses an actor that would give (or take from) another
// member a permission it does not hold itself: each list of ps must be
// covered by the actor's effective permissions.
func noEscalation(a *Actor, snap *Snapshot, action string, ps ...[]Permission) error {
	if a == nil {
		return nil
	}
	held := snap.Actor.Effective()
	for _, p := range ps {
		if !covers(held, p) {
			return fmt.Errorf("user: the acting user may not %s: it would grant or take permissions it does not hold: %w", action, customerkit.ErrPermissionDenied)
		}
	}
	return nil
}

// readSnapshot reads, for an acting read, the actor's membership and
// customer, and checks them with allow. Reads need no transaction.
func (s *Service) readSnapshot(ctx context.Context, a Actor, action string, need ...Permission) (*Snapshot, error) {
	if err := checkActor(&a); err != nil {
		return nil, err
	}
	m, err := s.store.GetMembership(ctx, a.CustomerID, a.UserID)
	switch {
	case errors.Is(err, customerkit.ErrNotFound):
		m = nil
	case err != nil:
		return nil, err
	}
	if m == nil {
		return nil, fmt.Errorf("user: the acting user is not a member of customer %s: %w", a.CustomerID, customerkit.ErrPermissionDenied)
	}
	c, err := s.customers.Get(ctx, a.CustomerID)
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Customer: c, Actor: m}
	if err := allow(&a, snap, action, statusRead, nil, need...); err != nil {
		return nil, err
	}
	return snap, nil
}
