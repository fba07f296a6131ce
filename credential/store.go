package credential

import (
	"context"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
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
// already sealed, never in clear. It decides no business rule.
type Store interface {
	// CreateCredential stores c. c.Version is 1. It fails with an
	// *customerkit.AlreadyExistsError (Resource "credential", Field "id")
	// when c.ID is taken, and with ErrNotFound when c.CustomerID is set
	// and names no customer.
	CreateCredential(ctx context.Context, c *Credential) error

	// GetCredential returns credential id, or ErrNotFound.
	GetCredential(ctx context.Context, id ulid.ULID) (*Credential, error)

	// UpdateCredential reads credential id, calls update with a copy of
	// it, and stores what update left in the copy, with Version
	// incremented by one, as one atomic read-modify-write. If update
	// returns an error, nothing is written and that error is returned as
	// is. update may be called more than once, so it must not have side
	// effects. It returns the stored credential, or ErrNotFound when there
	// is no credential id. update must not change ID or CustomerID (a
	// *customerkit.ValidationError with CodeImmutable, nothing written).
	UpdateCredential(ctx context.Context, id ulid.ULID, update func(*Credential) error) (*Credential, error)

	// DeleteCredential deletes credential id, or returns ErrNotFound.
	DeleteCredential(ctx context.Context, id ulid.ULID) error

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
