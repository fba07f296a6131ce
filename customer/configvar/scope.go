package configvar

import (
	"context"
	"fmt"
	"iter"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Scope is the customer-facing handle of config variables, bound to one
// customer: it reads and changes that customer's variables and cannot
// name another customer's (a key is looked up within the bound customer
// only). The status rules of Service apply to writes; reads need a
// customer that may access the platform (active, suspended), as every
// customer-facing read does. Which user may do what is for the code that
// hands out the Scope. A Scope is safe for concurrent use.
type Scope struct {
	svc        *Service
	customerID ulid.ULID
}

// ForCustomer returns the handle bound to customer customerID. A zero
// customerID makes every call fail with ErrPermissionDenied.
func (s *Service) ForCustomer(customerID ulid.ULID) *Scope {
	return &Scope{svc: s, customerID: customerID}
}

// CustomerID returns the customer the handle is bound to.
func (h *Scope) CustomerID() ulid.ULID { return h.customerID }

// bound returns nil when the handle names a customer that may access the
// platform, and the error otherwise.
func (h *Scope) bound(ctx context.Context) error {
	if h.customerID.IsZero() {
		return fmt.Errorf("configvar: a customer scope needs a customer: %w", customerkit.ErrPermissionDenied)
	}
	c, err := h.svc.store.GetCustomer(ctx, customer.ByULID, h.customerID.String())
	if err != nil {
		return err
	}
	if !c.Status.CanAccess() {
		return statusError(c, "use config variables")
	}
	return nil
}

// Create creates a config variable of the customer; see Service.Create.
func (h *Scope) Create(ctx context.Context, in Input) (*Variable, error) {
	if err := h.bound(ctx); err != nil {
		return nil, err
	}
	return h.svc.Create(ctx, h.customerID, in)
}

// Get returns the customer's config variable key; see Service.Get.
func (h *Scope) Get(ctx context.Context, key string) (*Variable, error) {
	if err := h.bound(ctx); err != nil {
		return nil, err
	}
	return h.svc.Get(ctx, h.customerID, key)
}

// List returns one page of the customer's config variables; q.CustomerID
// is ignored and q may be nil. See Service.List.
func (h *Scope) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Variable], error) {
	if err := h.bound(ctx); err != nil {
		return customerkit.Page[Variable]{}, err
	}
	return h.svc.List(ctx, h.query(q), after)
}

// All iterates over every config variable of the customer, checking the
// customer before each page; q.CustomerID is ignored and q may be nil.
func (h *Scope) All(ctx context.Context, q *Query) iter.Seq2[*Variable, error] {
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Variable], error) {
		return h.List(ctx, q, after)
	})
}

func (h *Scope) query(q *Query) *Query {
	n := Query{}
	if q != nil {
		n = *q
	}
	n.CustomerID = h.customerID
	return &n
}

// Update changes one of the customer's config variables; see
// Service.Update.
func (h *Scope) Update(ctx context.Context, key string, p Patch) (*Variable, error) {
	if err := h.bound(ctx); err != nil {
		return nil, err
	}
	return h.svc.Update(ctx, h.customerID, key, p)
}

// Delete deletes one of the customer's config variables; see
// Service.Delete.
func (h *Scope) Delete(ctx context.Context, key string) error {
	if err := h.bound(ctx); err != nil {
		return err
	}
	return h.svc.Delete(ctx, h.customerID, key)
}
