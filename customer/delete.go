package customer

import (
	"fmt"

	"github.com/customerkit/customerkit"
)

// Dependents counts what belongs to a customer that is about to be
// deleted. The store reads it in the deleting transaction (see
// Store.DeleteCustomer), so a DeletePolicy decides on the state the
// deletion would remove.
type Dependents struct {
	// Instances is how many integration instances the customer has.
	Instances int `json:"instances"`
	// Credentials is how many credentials the customer owns (not counting
	// organization-wide credentials).
	Credentials int `json:"credentials"`
}

// DeletePolicy is what deleting a (terminated) customer does with what it
// still has. The host chooses it with Options.DeletePolicy.
type DeletePolicy string

// The delete policies.
const (
	// DeleteCascade (the default, also the zero DeletePolicy): the
	// customer's instances, credentials and marketplace records are
	// deleted with it, in the same transaction.
	DeleteCascade DeletePolicy = "cascade"
	// DeleteRefuse: a customer that still has instances cannot be
	// deleted (ErrFailedPrecondition saying how many); they must be
	// deactivated first, as service-provider inventories require. Its
	// credentials still go with it.
	DeleteRefuse DeletePolicy = "refuse"
)

// DeletePolicies returns every delete policy.
func DeletePolicies() []DeletePolicy { return []DeletePolicy{DeleteCascade, DeleteRefuse} }

// Valid reports whether p is a known policy. The zero policy is valid and
// means DeleteCascade.
func (p DeletePolicy) Valid() bool { return p == "" || p == DeleteCascade || p == DeleteRefuse }

// Check reports whether a customer with dependents d may be deleted under
// p: always for DeleteCascade (and the zero policy); for DeleteRefuse only
// when d.Instances is 0, and otherwise an error matching
// customerkit.ErrFailedPrecondition that says how many instances must be
// deactivated first. An unknown policy is a *customerkit.ValidationError
// (ErrInvalid) on the field "delete_policy".
func (p DeletePolicy) Check(d Dependents) error {
	switch p {
	case "", DeleteCascade:
		return nil
	case DeleteRefuse:
		switch {
		case d.Instances == 1:
			return fmt.Errorf("customer: 1 instance must be deactivated before the customer can be deleted: %w", customerkit.ErrFailedPrecondition)
		case d.Instances > 1:
			return fmt.Errorf("customer: %d instances must be deactivated before the customer can be deleted: %w", d.Instances, customerkit.ErrFailedPrecondition)
		}
		return nil
	}
	return &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{
		{Path: "delete_policy", Code: customerkit.CodeNotSupported, Detail: fmt.Sprintf("%q is not a delete policy: cascade or refuse", string(p))},
	}}
}
