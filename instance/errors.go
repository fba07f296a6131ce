package instance

import (
	"fmt"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
)

// NotDeployableError reports why an activation was refused: every problem
// marketplace.Deployable found, checked inside the activation's
// transaction. It matches customerkit.ErrFailedPrecondition.
type NotDeployableError struct {
	IntegrationID ulid.ULID
	// Problems lists every reason, in the order of marketplace.Reasons.
	Problems []marketplace.Problem
}

func (e *NotDeployableError) Error() string {
	rs := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		rs[i] = string(p.Reason)
	}
	return "instance: integration " + e.IntegrationID.String() + " is not deployable: " + strings.Join(rs, ", ")
}

// Is reports whether target is customerkit.ErrFailedPrecondition.
func (e *NotDeployableError) Is(target error) bool {
	return target == customerkit.ErrFailedPrecondition
}

// Has reports whether e holds a problem with reason r.
func (e *NotDeployableError) Has(r marketplace.Reason) bool {
	return marketplace.Deployability{Problems: e.Problems}.Has(r)
}

func notFound(id ulid.ULID) error {
	return fmt.Errorf("instance: %s: %w", id, customerkit.ErrNotFound)
}

// statusError is the error of an operation the customer's status forbids.
func statusError(c *customer.Customer, action string) error {
	return fmt.Errorf("instance: a %s customer cannot %s: %w", c.Status, action, customerkit.ErrFailedPrecondition)
}

func roleError(role marketplace.Role, action string) error {
	if !role.Valid() {
		return fmt.Errorf("instance: %q is not a role: %w", role, customerkit.ErrPermissionDenied)
	}
	return fmt.Errorf("instance: the role %s cannot %s: %w", role, action, customerkit.ErrPermissionDenied)
}

func invalid(path, code, detail string) error {
	return &customerkit.ValidationError{Subject: "instance", Fields: []customerkit.FieldError{{Path: path, Code: code, Detail: detail}}}
}
