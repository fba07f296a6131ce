package portal

import (
	"context"
	"iter"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/user"
)

// Credentials are the operations of a Handle on its customer's
// credentials, delegated to credential.Scope. They return credential.View
// only: secrets are write-only through a handle, and nothing here reveals
// one. The organization's credentials (organization-wide) are visible
// read-only (changing one is ErrPermissionDenied); another customer's are
// ErrNotFound.
//
// credential.Scope checks the customer's status again inside the store's
// transaction for writes, so a status change that lands between the
// handle's check and a credential's write stops the write.
type Credentials struct{ h *Handle }

// Reading credentials needs either permission: managing them, or
// configuring instances (which choose a credential for a connection).
var credentialReaders = []user.Permission{user.PermManageCredentials, user.PermConfigureInstances}

// scope checks the handle and returns the credential scope.
func (cr *Credentials) scope(ctx context.Context, action string, k kind, anyOf ...user.Permission) (*credential.Scope, error) {
	h := cr.h
	if _, err := h.check(ctx, action, k, anyOf...); err != nil {
		return nil, err
	}
	return h.p.credentials.ForCustomer(h.customerID), nil
}

// Get returns the view of credential id, the customer's or the
// organization's. Needs manage_credentials or configure_instances.
func (cr *Credentials) Get(ctx context.Context, id ulid.ULID) (*credential.View, error) {
	s, err := cr.scope(ctx, "view credentials", read, credentialReaders...)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// List returns one page of the customer's credentials, and of the
// organization's too when q.OrgWide is set; q.CustomerID is ignored and q
// may be nil. Needs manage_credentials or configure_instances.
func (cr *Credentials) List(ctx context.Context, q *credential.Query, after customerkit.Cursor) (customerkit.Page[credential.View], error) {
	s, err := cr.scope(ctx, "view credentials", read, credentialReaders...)
	if err != nil {
		return customerkit.Page[credential.View]{}, err
	}
	return s.List(ctx, q, after)
}

// All iterates over what List selects, page by page, checking the handle
// before each page.
func (cr *Credentials) All(ctx context.Context, q *credential.Query) iter.Seq2[*credential.View, error] {
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[credential.View], error) {
		return cr.List(ctx, q, after)
	})
}

// Create creates a credential of the customer (in.CustomerID is ignored;
// see credential.Service.Create). Needs manage_credentials and an active
// customer.
func (cr *Credentials) Create(ctx context.Context, in credential.Input) (*credential.View, error) {
	s, err := cr.scope(ctx, "create credentials", create, user.PermManageCredentials)
	if err != nil {
		return nil, err
	}
	return s.Create(ctx, in)
}

// Update applies p to the customer's credential id (see
// credential.Service.Update). Needs manage_credentials.
func (cr *Credentials) Update(ctx context.Context, id ulid.ULID, p credential.Patch) (*credential.View, error) {
	s, err := cr.scope(ctx, "update credentials", use, user.PermManageCredentials)
	if err != nil {
		return nil, err
	}
	return s.Update(ctx, id, p)
}

// Delete deletes the customer's credential id. Needs manage_credentials.
func (cr *Credentials) Delete(ctx context.Context, id ulid.ULID) error {
	s, err := cr.scope(ctx, "delete credentials", use, user.PermManageCredentials)
	if err != nil {
		return err
	}
	return s.Delete(ctx, id)
}
