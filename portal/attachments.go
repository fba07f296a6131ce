package portal

import (
	"context"
	"io"
	"iter"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/attachment"
	"github.com/customerkit/customerkit/user"
)

// Attachments are the operations of a Handle on its customer's
// attachments and logo, delegated to attachment.Scope, which checks the
// customer's status (and, for an upload, the quota) inside the store's
// transaction for writes. Another customer's attachment is ErrNotFound.
//
// No permission names reading attachments: every member of the customer
// may read them and the logo. Changing them needs manage_attachments.
type Attachments struct{ h *Handle }

// scope checks the handle and returns the attachment scope.
func (at *Attachments) scope(ctx context.Context, action string, k kind, anyOf ...user.Permission) (*attachment.Scope, error) {
	h := at.h
	if _, err := h.check(ctx, action, k, anyOf...); err != nil {
		return nil, err
	}
	return h.p.attachments.ForCustomer(h.customerID), nil
}

// Get returns the record of the customer's attachment id. Any member may.
func (at *Attachments) Get(ctx context.Context, id ulid.ULID) (*attachment.Attachment, error) {
	s, err := at.scope(ctx, "view attachments", read)
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, id)
}

// Content returns the customer's attachment id with its bytes. Any member
// may.
func (at *Attachments) Content(ctx context.Context, id ulid.ULID) (*attachment.Attachment, []byte, error) {
	s, err := at.scope(ctx, "view attachments", read)
	if err != nil {
		return nil, nil, err
	}
	return s.Content(ctx, id)
}

// List returns one page of the customer's attachments; q.CustomerID is
// ignored and q may be nil. Any member may.
func (at *Attachments) List(ctx context.Context, q *attachment.Query, after customerkit.Cursor) (customerkit.Page[attachment.Attachment], error) {
	s, err := at.scope(ctx, "view attachments", read)
	if err != nil {
		return customerkit.Page[attachment.Attachment]{}, err
	}
	return s.List(ctx, q, after)
}

// All iterates over every attachment of the customer, page by page,
// checking the handle before each page.
func (at *Attachments) All(ctx context.Context, q *attachment.Query) iter.Seq2[*attachment.Attachment, error] {
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[attachment.Attachment], error) {
		return at.List(ctx, q, after)
	})
}

// Usage returns what the customer's attachments take against its quota.
// Any member may.
func (at *Attachments) Usage(ctx context.Context) (attachment.Usage, error) {
	s, err := at.scope(ctx, "view attachments", read)
	if err != nil {
		return attachment.Usage{}, err
	}
	return s.Usage(ctx)
}

// Upload stores an attachment of the customer (see
// attachment.Service.Upload). Needs manage_attachments and an active
// customer.
func (at *Attachments) Upload(ctx context.Context, r io.Reader, name, declaredType string) (*attachment.Attachment, error) {
	s, err := at.scope(ctx, "upload attachments", create, user.PermManageAttachments)
	if err != nil {
		return nil, err
	}
	return s.Upload(ctx, r, name, declaredType)
}

// Rename renames the customer's attachment id; version is the version
// the caller read (0: any). Needs manage_attachments.
func (at *Attachments) Rename(ctx context.Context, id ulid.ULID, version int64, name string) (*attachment.Attachment, error) {
	s, err := at.scope(ctx, "rename attachments", use, user.PermManageAttachments)
	if err != nil {
		return nil, err
	}
	return s.Rename(ctx, id, version, name)
}

// Delete deletes the customer's attachment id. Needs manage_attachments.
func (at *Attachments) Delete(ctx context.Context, id ulid.ULID) error {
	s, err := at.scope(ctx, "delete attachments", use, user.PermManageAttachments)
	if err != nil {
		return err
	}
	return s.Delete(ctx, id)
}

// Logo returns the customer's logo (ErrNotFound when it has none). Any
// member may.
func (at *Attachments) Logo(ctx context.Context) (*attachment.Logo, error) {
	s, err := at.scope(ctx, "view the logo", read)
	if err != nil {
		return nil, err
	}
	return s.Logo(ctx)
}

// SetLogo sets the customer's logo from a PNG, JPEG or GIF (see
// attachment.Service.SetLogo). Needs manage_attachments and an active
// customer.
func (at *Attachments) SetLogo(ctx context.Context, r io.Reader) (*attachment.Logo, error) {
	s, err := at.scope(ctx, "set the logo", create, user.PermManageAttachments)
	if err != nil {
		return nil, err
	}
	return s.SetLogo(ctx, r)
}

// DeleteLogo removes the customer's logo. Needs manage_attachments.
func (at *Attachments) DeleteLogo(ctx context.Context) error {
	s, err := at.scope(ctx, "delete the logo", use, user.PermManageAttachments)
	if err != nil {
		return err
	}
	return s.DeleteLogo(ctx)
}
