package attachment

import (
	"bytes"
	"context"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Store is what the Service needs from storage: a customer's attachments
// (records and their bytes, kept apart) and its logo. Package
// storage/memstore implements it; storage/storagetest (RunAttachments)
// checks an implementation against this contract.
//
// Every method checks ctx and returns its error when it is done. Values
// passed in and returned are never shared with the store: a caller may
// change a returned *Attachment, *Logo or byte slice freely, and the store
// never keeps a pointer or a slice it was given (it copies the bytes).
// Every method is safe for concurrent use.
//
// The store decides no business rule: who may write, and how much, is
// decided by the functions the Service passes (check, update), which the
// store calls inside the write's transaction (or lock) with copies of what
// it read there, so a rule checked before a write still holds when it is
// written. They may be called more than once (an adapter may retry after
// a concurrent write), so they must not have side effects; their error is
// returned as is, and then nothing is written.
//
// Attachments and the logo belong to their customer: deleting the
// customer (customer.Store.DeleteCustomer) deletes them in the same
// transaction. The logo does not count towards Usage.
//
// Beside its own methods, Store reads the customer whose status decides
// what may be done: GetCustomer, the contract of customer.Store. One
// adapter value satisfies both interfaces.
type Store interface {
	// CreateAttachment reads, inside one transaction (or under one lock),
	// customer a.CustomerID and the Usage of its attachments; calls check
	// with a copy of the customer and the usage (a nil check always
	// passes); and, when check returns nil, stores a and its bytes data.
	// Nothing can create or delete an attachment of that customer, or
	// change the customer, between the read and the write: concurrent
	// uploads that would together exceed a quota cannot all pass.
	//
	// a.Version is 1 and a.Size is len(data) (otherwise a
	// *customerkit.ValidationError at "size", nothing written). It returns
	// ErrNotFound when there is no customer a.CustomerID (check is then
	// not called), check's error as is, and an
	// *customerkit.AlreadyExistsError (Resource "attachment", Field "id")
	// when a.ID is taken.
	CreateAttachment(ctx context.Context, a *Attachment, data []byte, check func(*customer.Customer, Usage) error) error

	// GetAttachment returns the record of attachment id, without its
	// bytes, or ErrNotFound.
	GetAttachment(ctx context.Context, id ulid.ULID) (*Attachment, error)

	// GetAttachmentContent returns the record of attachment id and its
	// bytes, read together (the record describes those very bytes), or
	// ErrNotFound. The slice is the caller's own.
	GetAttachmentContent(ctx context.Context, id ulid.ULID) (*Attachment, []byte, error)

	// UpdateAttachment reads attachment id and its customer, calls update
	// with a copy of both, and stores what update left in the attachment
	// copy, with Version incremented by one, as one atomic
	// read-modify-write (the customer is not written, the bytes are not
	// touched). If update returns an error, nothing is written and that
	// error is returned as is. It returns the stored record, or
	// ErrNotFound when there is no attachment id (update is then not
	// called). update must not change ID, CustomerID, ContentType, Size,
	// SHA256 or CreatedAt, which describe the bytes: a change is a
	// *customerkit.ValidationError (CodeImmutable) and nothing is written.
	UpdateAttachment(ctx context.Context, id ulid.ULID, update func(*Attachment, *customer.Customer) error) (*Attachment, error)

	// DeleteAttachment reads attachment id and its customer, calls check
	// with a copy of both (a nil check always passes) and, when it returns
	// nil, deletes the record and its bytes, atomically. It returns
	// ErrNotFound when there is no attachment id (check is then not
	// called), and check's error as is (nothing deleted).
	DeleteAttachment(ctx context.Context, id ulid.ULID, check func(*Attachment, *customer.Customer) error) error

	// ListAttachments returns the records (never the bytes) of the
	// attachments of customer q.CustomerID, ordered by ID, at most q.Limit
	// of them, after the cursor after (zero: from the start). The page's
	// Next is zero when no attachment follows. q has been through
	// Query.Normalize. A customer with no attachments, or no such
	// customer, gives an empty page. A cursor this adapter did not produce
	// for this list, or tampered with, is ErrInvalid. Pages are keyset
	// pages: attachments created or deleted between two calls never make
	// a page repeat or skip one that was there all along.
	ListAttachments(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Attachment], error)

	// AttachmentUsage returns how many attachments customer customerID
	// has and the sum of their sizes, read consistently (one read lock or
	// one statement), or ErrNotFound when there is no such customer.
	AttachmentUsage(ctx context.Context, customerID ulid.ULID) (Usage, error)

	// PutLogo reads customer l.CustomerID, calls check with a copy of it
	// (a nil check always passes) and, when check returns nil, stores l as
	// the customer's logo, replacing the one it had, atomically.
	// l.Size is len(l.Data) (otherwise a *customerkit.ValidationError at
	// "size"). It returns ErrNotFound when there is no such customer
	// (check is then not called), and check's error as is (nothing
	// written).
	PutLogo(ctx context.Context, l *Logo, check func(*customer.Customer) error) error

	// GetLogo returns the logo of customer customerID, bytes included, or
	// ErrNotFound when the customer has none (or does not exist).
	GetLogo(ctx context.Context, customerID ulid.ULID) (*Logo, error)

	// DeleteLogo reads customer customerID, calls check with a copy of it
	// (a nil check always passes) and, when check returns nil, deletes its
	// logo, atomically. It returns ErrNotFound when there is no such
	// customer or it has no logo (check is then not called), and check's
	// error as is (nothing deleted).
	DeleteLogo(ctx context.Context, customerID ulid.ULID, check func(*customer.Customer) error) error

	// GetCustomer: see customer.Store.
	GetCustomer(ctx context.Context, by customer.By, value string) (*customer.Customer, error)
}

// Usage is what a customer's attachments take: how many there are and the
// sum of their sizes in bytes. The logo is not counted.
type Usage struct {
	Count int   `json:"count"`
	Bytes int64 `json:"bytes"`
}

// LogoContentType is the content type of every stored logo: ProcessLogo
// writes PNG.
const LogoContentType = "image/png"

// Logo is a customer's logo as stored: the PNG ProcessLogo wrote, its
// size and digest (an ETag), and when it was set. A customer has at most
// one.
type Logo struct {
	// CustomerID is the customer the logo belongs to.
	CustomerID ulid.ULID `json:"customer_id"`
	// Size is len(Data).
	Size int64 `json:"size"`
	// SHA256 is the digest of Data; it marshals as 64 hex digits.
	SHA256 Digest `json:"sha256"`
	// UpdatedAt is when the logo was set, by the service's clock.
	UpdatedAt time.Time `json:"updated_at"`
	// Data is the PNG, LogoContentType; it is left out of JSON.
	Data []byte `json:"-"`
}

// Page sizes of a list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Query selects the attachments of one customer. Lists are always ordered
// by ID (creation order).
type Query struct {
	// CustomerID is the customer whose attachments are listed; required.
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
	ve := &customerkit.ValidationError{Subject: "attachment query"}
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

// Clone returns a copy of l that shares no memory with it.
func (l *Logo) Clone() *Logo {
	if l == nil {
		return nil
	}
	c := *l
	c.Data = bytes.Clone(l.Data)
	return &c
}
