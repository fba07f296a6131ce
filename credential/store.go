package credential

import (
	"context"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Store is what the Service needs from storage. Package storage/memstore
// implements it; storage/storagetest checks an implementation against
// this contract.
//
// Every method checks ctx and returns its error when it is done. Values
// passed in and returned are never shared with the store: a caller may
// change a returned *Credential freely (its maps, slices and sealed bytes
// included), and the store never keeps a pointer it was given. Every
// method is safe for concurrent use.
//
// The store keeps credentials as they are handed to it: secret fields
// already sealed, never in clear. It decides no business rule: the
// functions the Service passes (check, update) do, called inside the
// write's transaction (or lock) with copies of the credential and of its
// customer as the store read them there (nil for an organization-wide
// credential), so a rule checked before a write (the customer's status,
// for a customer's own writes) still holds when it is written. They may
// be called more than once, so they must not have side effects; their
// error is returned as is, and then nothing is written.
type Store interface {
	// CreateCredential reads, inside one transaction (or under one lock),
	// customer c.CustomerID when it is set, calls check with a copy of it
	// (nil for an organization-wide credential; a nil check always
	// passes) and, when check returns nil, stores c; nothing can change
	// the customer between the read and the write. c.Version is 1. It
	// fails with an *customerkit.AlreadyExistsError (Resource
	// "credential", Field "id") when c.ID is taken, with ErrNotFound when
	// c.CustomerID is set and names no customer (check is then not
	// called), and with check's error as is.
	CreateCredential(ctx context.Context, c *Credential, check func(*customer.Customer) error) error

	// GetCredential returns credential id, or ErrNotFound.
	GetCredential(ctx context.Context, id ulid.ULID) (*Credential, error)

	// UpdateCredential reads credential id and its customer (nil for an
	// organization-wide credential), calls update with a copy of both,
	// and stores what update left in the credential's copy, with Version
	// incremented by one, as one atomic read-modify-write (the customer
	// is not written, and cannot change before the write). If update
	// returns an error, nothing is written and that error is returned as
	// is. update may be called more than once, so it must not have side
	// effects. It returns the stored credential, or ErrNotFound when there
	// is no credential id. update must not change ID or CustomerID (a
	// *customerkit.ValidationError with CodeImmutable, nothing written).
	UpdateCredential(ctx context.Context, id ulid.ULID, update func(*Credential, *customer.Customer) error) (*Credential, error)

	// DeleteCredential reads credential id and its customer (nil for an
	// organization-wide credential), calls check with a copy of both (a
	// nil check always passes) and, when it returns nil, deletes the
	// credential, atomically. It returns ErrNotFound when there is no
	// credential id (check is then not called), and check's error as is
	// (nothing deleted).
	DeleteCredential(ctx context.Context, id ulid.ULID, check func(*Credential, *customer.Customer) error) error

	// ListCredentials returns the credentials q selects (see Query.Match)
	// in ID order, at most q.Limit of them, starting after the cursor
	// after (zero: from the start). The page's Next is zero when no
	// credential follows. q has been through Query.Normalize. A cursor the
	// store did not produce, or tampered with, is ErrInvalid. Pages are
	// keyset pages: credentials created or deleted between two calls never
	// make a page repeat or skip one that was there all along.
	ListCredentials(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Credential], error)
}

// Page sizes of a list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Query selects credentials. The zero Query selects every credential.
// Lists are always in ID order (creation order).
type Query struct {
	// CustomerID selects the credentials of one customer.
	CustomerID ulid.ULID `json:"customer_id,omitzero"`
	// OrgWide selects the organization-wide credentials: alone, only
	// them; with CustomerID, the customer's and the organization's (the
	// credentials a customer's instance may use).
	OrgWide bool `json:"org_wide,omitempty"`
	// Method selects one auth method.
	Method Method `json:"method,omitempty"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// Normalize returns a copy of q with defaults filled in (q may be nil), or
// a *customerkit.ValidationError.
func (q *Query) Normalize() (*Query, error) {
	n := &Query{}
	if q != nil {
		*n = *q
	}
	ve := &customerkit.ValidationError{Subject: "credential query"}
	if n.Method != "" && !n.Method.Valid() {
		ve.Add("method", customerkit.CodeNotSupported, "an auth method")
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

// Match reports whether q selects c.
func (q *Query) Match(c *Credential) bool {
	switch {
	case !q.CustomerID.IsZero() && q.OrgWide:
		if c.CustomerID != q.CustomerID && !c.OrgWide() {
			return false
		}
	case !q.CustomerID.IsZero():
		if c.CustomerID != q.CustomerID {
			return false
		}
	case q.OrgWide:
		if !c.OrgWide() {
			return false
		}
	}
	return q.Method == "" || c.Method == q.Method
}
