package user

import (
	"fmt"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// ErrBadCredentials is what Service.Authenticate returns for an unknown
// email address, a user without a password and a wrong password alike,
// so a caller cannot tell them apart. It matches
// customerkit.ErrPermissionDenied.
var ErrBadCredentials = fmt.Errorf("user: the email address or the password is wrong: %w", customerkit.ErrPermissionDenied)

// InvitationStateError reports an invitation whose state forbids the
// operation: accepting one that is expired, revoked or already accepted,
// or revoking one that is accepted or revoked. It matches
// customerkit.ErrFailedPrecondition.
type InvitationStateError struct {
	ID    ulid.ULID
	State InvitationState
}

func (e *InvitationStateError) Error() string {
	switch e.State {
	case InvitationExpired:
		return "user: invitation " + e.ID.String() + " has expired"
	case InvitationAccepted:
		return "user: invitation " + e.ID.String() + " was already accepted"
	case InvitationRevoked:
		return "user: invitation " + e.ID.String() + " was revoked"
	}
	return "user: invitation " + e.ID.String() + " is " + string(e.State)
}

// Is reports whether target is customerkit.ErrFailedPrecondition.
func (e *InvitationStateError) Is(target error) bool {
	return target == customerkit.ErrFailedPrecondition
}

func userNotFound(id ulid.ULID) error {
	return fmt.Errorf("user: %s: %w", id, customerkit.ErrNotFound)
}

func invalid(subject, path, code, detail string) error {
	return &customerkit.ValidationError{Subject: subject, Fields: []customerkit.FieldError{{Path: path, Code: code, Detail: detail}}}
}

// statusError is the error of an action the customer's status forbids.
func statusError(c *customer.Customer, action string) error {
	return fmt.Errorf("user: the users of a %s customer cannot %s: %w", c.Status, action, customerkit.ErrFailedPrecondition)
}

// permissionError is the error of an action the actor's membership does
// not allow.
func permissionError(action string, missing ...Permission) error {
	if len(missing) == 0 {
		return fmt.Errorf("user: the acting user may not %s: %w", action, customerkit.ErrPermissionDenied)
	}
	names := make([]string, len(missing))
	for i, p := range missing {
		names[i] = string(p)
	}
	return fmt.Errorf("user: the acting user may not %s (needs %s): %w", action, strings.Join(names, ", "), customerkit.ErrPermissionDenied)
}

// domainError is the error of a user joining a customer whose
// allowed_domains_registration does not list the user's email domain.
func domainError(c *customer.Customer, email string) error {
	domain := email[strings.LastIndexByte(email, '@')+1:]
	return fmt.Errorf("user: customer %s does not allow users of %s to register (allowed_domains_registration): %w", c.ULID, domain, customerkit.ErrFailedPrecondition)
}

// ownerError is the error of an action the owner's membership forbids.
func ownerError(action string) error {
	return fmt.Errorf("user: the owner cannot be %s; transfer the ownership first: %w", action, customerkit.ErrFailedPrecondition)
}
