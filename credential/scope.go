package credential

import (
	"context"
	"fmt"
	"iter"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Scope is the customer-facing handle of credentials, bound to one
// customer: it creates and manages that customer's credentials, sees the
// organization-wide ones read-only, and cannot name another customer's.
// It returns Views only: secrets are write-only here, and there is no
// Reveal.
//
// The customer's status rules apply to its writes, checked inside the
// store's transaction: creating a credential needs an active customer
// (customer.Status.CanCreate), changing or deleting one a customer that
// may use what it has (CanUseExisting: active, suspended); otherwise
// ErrFailedPrecondition. Reads are the caller's to gate (package portal
// lets a customer that may access the platform read).
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

func (h *Scope) unbound() error {
	if h.customerID.IsZero() {
		return fmt.Errorf("credential: a customer scope needs a customer: %w", customerkit.ErrPermissionDenied)
	}
	return nil
}

// visible returns ErrNotFound unless c belongs to the customer or to the
// organization.
func (h *Scope) visible(c *Credential) error {
	if c.CustomerID != h.customerID && !c.OrgWide() {
		return fmt.Errorf("credential: %s: %w", c.ID, customerkit.ErrNotFound)
	}
	return nil
}

// owned is visible, and ErrPermissionDenied for an organization-wide
// credential, which a customer may use but not change.
func (h *Scope) owned(c *Credential) error {
	if err := h.visible(c); err != nil {
		return err
	}
	if c.OrgWide() {
		return fmt.Errorf("credential: %s belongs to the organization: %w", c.ID, customerkit.ErrPermissionDenied)
	}
	return nil
}

// Create creates a credential owned by the customer; in.CustomerID is
// ignored. See Service.Create.
func (h *Scope) Create(ctx context.Context, in Input) (*View, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	in.CustomerID = h.customerID
	return h.svc.create(ctx, in, func(c *customer.Customer) error {
		return statusAllows(c, c.Status.CanCreate(), "create credentials")
	})
}

// Get returns the view of credential id when it belongs to the customer
// or to the organization, and ErrNotFound otherwise.
func (h *Scope) Get(ctx context.Context, id ulid.ULID) (*View, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	c, err := h.svc.store.GetCredential(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := h.visible(c); err != nil {
		return nil, err
	}
	return h.svc.view(c), nil
}

// Update applies p to one of the customer's credentials (see
// Service.Update): ErrNotFound for another customer's,
// ErrPermissionDenied for an organization-wide one.
func (h *Scope) Update(ctx context.Context, id ulid.ULID, p Patch) (*View, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	return h.svc.update(ctx, id, p, h.owned, func(c *customer.Customer) error {
		return statusAllows(c, c.Status.CanUseExisting(), "change credentials")
	})
}

// Delete deletes one of the customer's credentials: ErrNotFound for
// another customer's, ErrPermissionDenied for an organization-wide one.
func (h *Scope) Delete(ctx context.Context, id ulid.ULID) error {
	if err := h.unbound(); err != nil {
		return err
	}
	c, err := h.svc.store.GetCredential(ctx, id)
	if err != nil {
		return err
	}
	if err := h.owned(c); err != nil { // the owner never changes
		return err
	}
	return h.svc.store.DeleteCredential(ctx, id, func(c *Credential, cust *customer.Customer) error {
		if err := h.owned(c); err != nil {
			return err
		}
		if cust == nil {
			return nil
		}
		return statusAllows(cust, cust.Status.CanUseExisting(), "delete credentials")
	})
}

// statusAllows returns nil when ok, and otherwise the error of a
// customer in c's status that may not do action.
func statusAllows(c *customer.Customer, ok bool, action string) error {
	if ok {
		return nil
	}
	return fmt.Errorf("credential: a %s customer cannot %s: %w", c.Status, action, customerkit.ErrFailedPrecondition)
}

// List returns one page of the customer's credentials, and of the
// organization-wide ones too when q.OrgWide is set; q.CustomerID is
// ignored.
func (h *Scope) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[View], error) {
	if err := h.unbound(); err != nil {
		return customerkit.Page[View]{}, err
	}
	return h.svc.List(ctx, h.query(q), after)
}

// All iterates over what List selects, page by page.
func (h *Scope) All(ctx context.Context, q *Query) iter.Seq2[*View, error] {
	if err := h.unbound(); err != nil {
		return func(yield func(*View, error) bool) { yield(nil, err) }
	}
	return h.svc.All(ctx, h.query(q))
}

func (h *Scope) query(q *Query) *Query {
	n := Query{}
	if q != nil {
		n = *q
	}
	n.CustomerID = h.customerID
	return &n
}
