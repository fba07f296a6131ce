package customer

import (
	"context"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
)

// Store is what the Service needs from storage. Package storage/memstore
// and storage/sqlstore implement it; storage/storagetest checks an
// implementation against this contract.
//
// Every method checks ctx and returns its error when it is done. Values
// passed in and returned are never shared with the store: a caller may
// change a returned *Customer freely, and the store never keeps a pointer
// it was given. Every method is safe for concurrent use.
//
// The Service hands the store customers that are already valid and in
// canonical form, with every generated field set; the store decides no
// business rule. It keeps these uniqueness rules, atomically with the
// write, and reports a violation as an *customerkit.AlreadyExistsError with
// Resource "customer" and Field one of "ulid", "uuid", "email",
// "customer_key", "subdomain", "hostname", "external_id":
//
//   - ULID, UUID, Key and Subdomain are unique;
//   - EmailKey(Email) is unique;
//   - Hostname and ExternalID are unique when not empty.
type Store interface {
	// CreateCustomer stores c. c.Version is 1. It fails with
	// ErrAlreadyExists when a uniqueness rule would break, and with
	// ErrNotFound when c.ParentID is set and names no customer.
	CreateCustomer(ctx context.Context, c *Customer) error

	// GetCustomer returns the customer whose field by equals value, or
	// ErrNotFound. For ByEmail, value is an EmailKey and matches
	// EmailKey(Email); for ByULID and ByUUID it is the identifier's
	// canonical string form; every other field matches exactly.
	GetCustomer(ctx context.Context, by By, value string) (*Customer, error)

	// UpdateCustomer reads customer id, calls update with a copy of it,
	// and stores what update left in the copy, with Version incremented by
	// one, as one atomic read-modify-write: no other write to the customer
	// happens between the read and the write. If update returns an error,
	// nothing is written and that error is returned as is. update may be
	// called more than once (an adapter may retry after a concurrent
	// write), so it must not have side effects. It returns the stored
	// customer, ErrNotFound when there is no customer id, ErrAlreadyExists
	// when the change breaks a uniqueness rule, ErrNotFound when the new
	// ParentID names no customer, and ErrFailedPrecondition when the new
	// ParentID is id or one of its descendants: the store refuses a cycle
	// atomically with the write, so two concurrent moves that would
	// together make one cannot both succeed. update must not change ULID.
	UpdateCustomer(ctx context.Context, id ulid.ULID, update func(*Customer) error) (*Customer, error)

	// DeleteCustomer reads customer id and counts its dependents (its
	// instances and the credentials it owns), calls check with a copy of
	// the customer and the counts and, when check returns nil, deletes the
	// customer together with everything that belongs to it (instances,
	// credentials, customer-specific integrations, marketplace values,
	// memberships and invitations, attachments and the logo; users, who
	// may belong to other customers, stay),
	// all in one atomic operation. A nil check deletes unconditionally
	// (the store may then skip the counts). It returns ErrNotFound when
	// there is no customer id, the error of check as is, and
	// ErrFailedPrecondition when another customer names id as its parent;
	// nothing is deleted on any error.
	DeleteCustomer(ctx context.Context, id ulid.ULID, check func(*Customer, Dependents) error) error

	// ListCustomers returns the customers that match q (see Query.Match),
	// in the order q.Order gives (see Query.Compare), at most q.Limit of
	// them, starting after the cursor after (zero: from the start). The
	// returned page's Next is zero when no customer follows. q has been
	// through Query.Normalize: Limit is between 1 and MaxLimit and Order is
	// valid. A cursor from another order, another adapter or tampered
	// with is ErrInvalid. Pages are keyset pages: a customer created or
	// deleted between two calls never makes a page repeat or skip another
	// customer that was there all along.
	ListCustomers(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Customer], error)
}

// By names the unique field a customer is looked up by.
type By string

// The fields a customer can be looked up by.
const (
	ByULID       By = "ulid"
	ByUUID       By = "uuid"
	ByEmail      By = "email"
	ByExternalID By = "external_id"
	ByKey        By = "customer_key"
	BySubdomain  By = "subdomain"
	ByHostname   By = "hostname"
)

// Lookups returns every field a customer can be looked up by.
func Lookups() []By {
	return []By{ByULID, ByUUID, ByEmail, ByExternalID, ByKey, BySubdomain, ByHostname}
}

// Valid reports whether b is a known lookup field.
func (b By) Valid() bool {
	switch b {
	case ByULID, ByUUID, ByEmail, ByExternalID, ByKey, BySubdomain, ByHostname:
		return true
	}
	return false
}
