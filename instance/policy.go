package instance

import (
	"fmt"

	"github.com/customerkit/customerkit"
)

// DeletePolicy is what deleting a (terminated) customer does with its
// instances. The host chooses it; the customer deletion applies it with
// CheckDelete inside its transaction.
type DeletePolicy string

// The delete policies.
const (
	// DeleteCascade (the default, also the zero DeletePolicy): the
	// customer's instances and credentials are deleted with it, in the
	// same transaction.
	DeleteCascade DeletePolicy = "cascade"
	// DeleteRefuse: a customer that still has instances cannot be
	// deleted; they must be deactivated first.
	DeleteRefuse DeletePolicy = "refuse"
)

// DeletePolicies returns every delete policy.
func DeletePolicies() []DeletePolicy { return []DeletePolicy{DeleteCascade, DeleteRefuse} }

// Valid reports whether p is a known policy. The zero policy is valid and
// means DeleteCascade.
func (p DeletePolicy) Valid() bool { return p == "" || p == DeleteCascade || p == DeleteRefuse }

// CheckDelete reports whether a customer with instances instances may be
// deleted under policy: nil for DeleteCascade (and the zero policy), and
// for DeleteRefuse when instances is 0; an error matching
// ErrFailedPrecondition saying how many instances must be deactivated
// first otherwise. An unknown policy is ErrInvalid.
func CheckDelete(policy DeletePolicy, instances int) error {
	switch policy {
	case "", DeleteCascade:
		return nil
	case DeleteRefuse:
		switch {
		case instances == 1:
			return fmt.Errorf("instance: the customer still has 1 instance; it must be deactivated first: %w", customerkit.ErrFailedPrecondition)
		case instances > 1:
			return fmt.Errorf("instance: the customer still has %d instances; they must be deactivated first: %w", instances, customerkit.ErrFailedPrecondition)
		}
		return nil
	}
	return &customerkit.ValidationError{Subject: "instance", Fields: []customerkit.FieldError{
		{Path: "delete_policy", Code: customerkit.CodeNotSupported, Detail: "cascade or refuse"},
	}}
}
