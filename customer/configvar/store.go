package configvar

import (
	"context"
	"fmt"
	"strconv"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Store is what the Service needs from storage. Package storage/memstore
// and storage/sqlstore implement it; storage/storagetest (RunConfigVars)
// checks an implementation against this contract.
//
// Every method checks ctx and returns its error when it is done. Values
// passed in and returned are never shared with the store: a caller may
// change a returned *Variable freely, and the store never keeps a pointer
// it was given. Every method is safe for concurrent use.
//
// The store decides no business rule: the functions the Service passes
// (check, update) do, called inside the write's transaction (or lock)
// with copies of what the store read there. They may be called more than
// once, so they must not have side effects; their error is returned as
// is, and then nothing is written.
//
// The store keeps one thing intact itself: the references instances make
// to config variables (Ref; instance.Store writes them with its
// instances). Every read fills Variable.UsedBy with the instances whose
// references name the variable, read in the same statement or under the
// same lock as the variable; DeleteConfigVar refuses a variable that is
// still used (*InUseError), whatever check says, atomically with the
// instances' writes, so no reference ever names a missing variable.
//
// Variables belong to their customer: deleting the customer
// (customer.Store.DeleteCustomer) deletes them in the same transaction,
// with its instances.
//
// Beside its own methods, Store reads the customer whose status decides
// what may be done: GetCustomer, the contract of customer.Store. One
// adapter value satisfies both interfaces.
type Store interface {
	// CreateConfigVar reads, inside one transaction (or under one lock),
	// customer v.CustomerID and how many config variables it has; calls
	// check with a copy of the customer and that count (a nil check
	// always passes); and, when check returns nil, stores v. Nothing can
	// create or delete a variable of that customer, or change the
	// customer, between the read and the write: concurrent creations that
	// would together exceed a limit cannot all pass.
	//
	// v.Version is 1 and v.UsedBy is empty (it is not stored). It returns
	// ErrNotFound when there is no customer v.CustomerID (check is then
	// not called), check's error as is, and an
	// *customerkit.AlreadyExistsError (Resource "config_var", Field
	// "key") when the customer has a variable v.Key already.
	CreateConfigVar(ctx context.Context, v *Variable, check func(c *customer.Customer, count int) error) error

	// GetConfigVar returns the variable key of customer customerID, with
	// its UsedBy, or ErrNotFound.
	GetConfigVar(ctx context.Context, customerID ulid.ULID, key string) (*Variable, error)

	// UpdateConfigVar reads the variable key of customer customerID (with
	// its UsedBy) and the customer, calls update with a copy of both, and
	// stores what update left in the variable copy, with Version
	// incremented by one, as one atomic read-modify-write (the customer is
	// not written). If update returns an error, nothing is written and
	// that error is returned as is. update may be called more than once,
	// so it must be pure. It returns the stored variable with its UsedBy
	// as of the write (the instances that now take the new value), or
	// ErrNotFound when there is no such variable (update is then not
	// called). update must not change CustomerID, Key, Kind or
	// CreatedAt: a change is a *customerkit.ValidationError
	// (CodeImmutable) and nothing is written. What it leaves in UsedBy is
	// ignored.
	UpdateConfigVar(ctx context.Context, customerID ulid.ULID, key string, update func(*Variable, *customer.Customer) error) (*Variable, error)

	// DeleteConfigVar reads the variable key of customer customerID (with
	// its UsedBy) and the customer, and deletes the variable, atomically,
	// unless it is still used (an *InUseError listing the instances;
	// check is then not called) or check, called with a copy of both (a
	// nil check always passes), returns an error (returned as is). It
	// returns ErrNotFound when there is no such variable.
	DeleteConfigVar(ctx context.Context, customerID ulid.ULID, key string, check func(*Variable, *customer.Customer) error) error

	// ListConfigVars returns the variables of customer q.CustomerID, with
	// their UsedBy, ordered by key (byte order), at most q.Limit of them,
	// after the cursor after (zero: from the start). The page's Next is
	// zero when no variable follows. q has been through Query.Normalize.
	// A customer with no variables, or no such customer, gives an empty
	// page. A cursor this adapter did not produce for this list (another
	// customer's included), or tampered with, is ErrInvalid. Pages are
	// keyset pages: variables created or deleted between two calls never
	// make a page repeat or skip one that was there all along.
	ListConfigVars(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Variable], error)

	// GetCustomer: see customer.Store.
	GetCustomer(ctx context.Context, by customer.By, value string) (*customer.Customer, error)
}

// CheckImmutable returns the *customerkit.ValidationError (CodeImmutable)
// of the fields an update changed in v but must not, old being the
// variable it was given, or nil: CustomerID, Key, Kind and CreatedAt.
// Stores apply it to what UpdateConfigVar's update left.
func CheckImmutable(old, v *Variable) error {
	ve := &customerkit.ValidationError{Subject: "config variable"}
	for _, f := range []struct {
		path    string
		changed bool
	}{
		{"customer_id", v.CustomerID != old.CustomerID},
		{"key", v.Key != old.Key},
		{"kind", v.Kind != old.Kind},
		{"created_at", !v.CreatedAt.Equal(old.CreatedAt)},
	} {
		if f.changed {
			ve.Add(f.path, customerkit.CodeImmutable, "an update must not change it")
		}
	}
	return ve.Err()
}

// Page sizes of a list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Query selects the config variables of one customer. Lists are always
// ordered by key.
type Query struct {
	// CustomerID is the customer whose variables are listed; required.
	CustomerID ulid.ULID `json:"customer_id"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// Normalize returns a copy of q with defaults filled in (q may be nil, and
// then fails for want of a customer), or a *customerkit.ValidationError:
// "customer_id" required, "limit" invalid when negative. A Limit over
// MaxLimit becomes MaxLimit.
func (q *Query) Normalize() (*Query, error) {
	n := &Query{}
	if q != nil {
		*n = *q
	}
	ve := &customerkit.ValidationError{Subject: "config variable query"}
	if n.CustomerID.IsZero() {
		ve.Add("customer_id", customerkit.CodeRequired, "")
	}
	switch {
	case n.Limit == 0:
		n.Limit = DefaultLimit
	case n.Limit < 0:
		ve.Add("limit", customerkit.CodeInvalid, "limit must not be negative")
	case n.Limit > MaxLimit:
		n.Limit = MaxLimit
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return n, nil
}

// InUseError is the error of deleting a config variable that instances
// still take their value from. It matches
// customerkit.ErrFailedPrecondition.
type InUseError struct {
	Key string
	// UsedBy are the instances that use it, in ID order.
	UsedBy []ulid.ULID
}

func (e *InUseError) Error() string {
	n := len(e.UsedBy)
	if n == 1 {
		return fmt.Sprintf("configvar: %s is used by 1 instance; change it first", strconv.Quote(e.Key))
	}
	return fmt.Sprintf("configvar: %s is used by %d instances; change them first", strconv.Quote(e.Key), n)
}

// Is reports whether target is customerkit.ErrFailedPrecondition.
func (e *InUseError) Is(target error) bool { return target == customerkit.ErrFailedPrecondition }
