package attachment

import (
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
)

// Scope is the customer-facing handle of attachments and of the logo,
// bound to one customer: it uploads, lists, reads, renames and deletes
// that customer's attachments and sets its logo, and cannot name another
// customer's (they are ErrNotFound: invisible, not merely forbidden). The
// status rules of Service apply, and reads need a customer that may use
// what it has (active, suspended), where the organization reads in every
// status. Which user may do what (roles,
// permissions) is for the code that hands out the Scope. A Scope is safe
// for concurrent use.
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
		return fmt.Errorf("attachment: a customer scope needs a customer: %w", customerkit.ErrPermissionDenied)
	}
	return nil
}

// Upload stores an attachment of the customer; see Service.Upload.
func (h *Scope) Upload(ctx context.Context, r io.Reader, name, declaredType string) (*Attachment, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	return h.svc.Upload(ctx, h.customerID, r, name, declaredType)
}

// Get returns the record of one of the customer's attachments; another
// customer's is ErrNotFound. See Service.Get.
func (h *Scope) Get(ctx context.Context, id ulid.ULID) (*Attachment, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	return h.svc.get(ctx, h.customerID, id)
}

// Content returns one of the customer's attachments with its bytes;
// another customer's is ErrNotFound. See Service.Content.
func (h *Scope) Content(ctx context.Context, id ulid.ULID) (*Attachment, []byte, error) {
	if err := h.unbound(); err != nil {
		return nil, nil, err
	}
	return h.svc.content(ctx, h.customerID, id)
}

// List returns one page of the customer's attachments; q.CustomerID is
// ignored and q may be nil. See Service.List.
func (h *Scope) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Attachment], error) {
	if err := h.unbound(); err != nil {
		return customerkit.Page[Attachment]{}, err
	}
	n, err := h.query(q).Normalize()
	if err != nil {
		return customerkit.Page[Attachment]{}, err
	}
	return h.svc.list(ctx, n, after, true)
}

// All iterates over every attachment of the customer; q.CustomerID is
// ignored and q may be nil. See Service.All.
func (h *Scope) All(ctx context.Context, q *Query) iter.Seq2[*Attachment, error] {
	if err := h.unbound(); err != nil {
		return func(yield func(*Attachment, error) bool) { yield(nil, err) }
	}
	return h.svc.all(ctx, h.query(q), true)
}

func (h *Scope) query(q *Query) *Query {
	n := Query{}
	if q != nil {
		n = *q
	}
	n.CustomerID = h.customerID
	return &n
}

// Usage returns what the customer's attachments take; see Service.Usage.
func (h *Scope) Usage(ctx context.Context) (Usage, error) {
	if err := h.unbound(); err != nil {
		return Usage{}, err
	}
	if err := h.svc.usable(ctx, h.customerID, "read attachments"); err != nil {
		return Usage{}, err
	}
	return h.svc.Usage(ctx, h.customerID)
}

// Rename renames one of the customer's attachments; another customer's is
// ErrNotFound. See Service.Rename.
func (h *Scope) Rename(ctx context.Context, id ulid.ULID, version int64, name string) (*Attachment, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	return h.svc.rename(ctx, h.customerID, id, version, name)
}

// Delete deletes one of the customer's attachments; another customer's is
// ErrNotFound. See Service.Delete.
func (h *Scope) Delete(ctx context.Context, id ulid.ULID) error {
	if err := h.unbound(); err != nil {
		return err
	}
	return h.svc.delete(ctx, h.customerID, id)
}

// SetLogo sets the customer's logo; see Service.SetLogo.
func (h *Scope) SetLogo(ctx context.Context, r io.Reader) (*Logo, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	return h.svc.SetLogo(ctx, h.customerID, r)
}

// Logo returns the customer's logo; see Service.Logo.
func (h *Scope) Logo(ctx context.Context) (*Logo, error) {
	if err := h.unbound(); err != nil {
		return nil, err
	}
	if err := h.svc.usable(ctx, h.customerID, "read its logo"); err != nil {
		return nil, err
	}
	return h.svc.Logo(ctx, h.customerID)
}

// DeleteLogo removes the customer's logo; see Service.DeleteLogo.
func (h *Scope) DeleteLogo(ctx context.Context) error {
	if err := h.unbound(); err != nil {
		return err
	}
	return h.svc.DeleteLogo(ctx, h.customerID)
}
