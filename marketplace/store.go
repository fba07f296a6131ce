package marketplace

import (
	"context"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
)

// Store is what the Service (and the instance package's marketplace view)
// needs from storage. Package storage/memstore and storage/sqlstore
// implement it; storage/storagetest checks an implementation against this
// contract.
//
// Every method checks ctx and returns its error when it is done. Values
// passed in and returned are never shared with the store. Every method is
// safe for concurrent use. The Service hands the store records that are
// already valid and in canonical form; the store decides no business rule
// beyond the uniqueness, numbering and visibility rules written here.
type Store interface {
	// CreateIntegration stores in. in.Version is 1 and LatestVersion 0.
	// It fails with an *customerkit.AlreadyExistsError (Resource
	// "integration", Field "name") when another integration has the same
	// NameKey(Name), atomically with the write, and with ErrNotFound when
	// in.CustomerID is set and names no customer.
	CreateIntegration(ctx context.Context, in *Integration) error

	// GetIntegration returns integration id, or ErrNotFound.
	GetIntegration(ctx context.Context, id ulid.ULID) (*Integration, error)

	// UpdateIntegration reads integration id, calls update with a copy,
	// and stores what update left in it with Version incremented by one,
	// as one atomic read-modify-write (update may run more than once and
	// must be pure; its error is returned as is and nothing is written).
	// It returns the stored integration, ErrNotFound, or ErrAlreadyExists
	// (Field "name") when the new name is taken. update must not change
	// ID, CustomerID or LatestVersion; the store keeps the stored ones.
	UpdateIntegration(ctx context.Context, id ulid.ULID, update func(*Integration) error) (*Integration, error)

	// ListIntegrations returns the integrations that match q, ordered by
	// ID, at most q.Limit of them, after the cursor after (zero: from the
	// start). q has been through Query.Normalize. A cursor this adapter
	// did not produce for this list is ErrInvalid. Keyset pages.
	ListIntegrations(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Integration], error)

	// PublishVersion stores v as the next version of integration
	// v.IntegrationID: its Number is the integration's LatestVersion plus
	// one, the integration's LatestVersion becomes that number (and its
	// Version and UpdatedAt move, UpdatedAt to v.PublishedAt), all in one
	// atomic write: concurrent publishers get distinct, consecutive
	// numbers. v.Number is ignored. It returns the stored version, or
	// ErrNotFound when there is no such integration.
	PublishVersion(ctx context.Context, v *IntegrationVersion) (*IntegrationVersion, error)

	// GetVersion returns version number of integration id, or ErrNotFound.
	GetVersion(ctx context.Context, id ulid.ULID, number int) (*IntegrationVersion, error)

	// SetVersionAvailable sets the Available flag of a version (the only
	// change a version accepts) and returns it, or ErrNotFound.
	SetVersionAvailable(ctx context.Context, id ulid.ULID, number int, available bool) (*IntegrationVersion, error)

	// ListVersions returns the versions of integration id in ascending
	// Number, at most limit of them (1..MaxLimit), after the cursor after.
	// An integration with no version, or no such integration, gives an
	// empty page. Keyset pages; a foreign cursor is ErrInvalid.
	ListVersions(ctx context.Context, id ulid.ULID, limit int, after customerkit.Cursor) (customerkit.Page[IntegrationVersion], error)

	// CreateListing stores l (l.Version is 1). It fails with ErrNotFound
	// when there is no integration l.IntegrationID, and with an
	// *customerkit.AlreadyExistsError (Resource "listing", Field
	// "integration_id") when the integration is listed already.
	CreateListing(ctx context.Context, l *Listing) error

	// GetListing returns the listing of integration id, or ErrNotFound.
	GetListing(ctx context.Context, id ulid.ULID) (*Listing, error)

	// UpdateListing is the read-modify-write of a listing, with the
	// contract of UpdateIntegration; update must not change IntegrationID.
	UpdateListing(ctx context.Context, id ulid.ULID, update func(*Listing) error) (*Listing, error)

	// DeleteListing removes the listing of integration id (nothing else:
	// versions, customer values and instances stay), or ErrNotFound.
	DeleteListing(ctx context.Context, id ulid.ULID) error

	// ListListings returns the listings that match q, ordered by
	// IntegrationID; the contract of ListIntegrations.
	ListListings(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Listing], error)

	// GetCustomerValues returns the values of customer customerID for
	// integration id, or ErrNotFound when none were set.
	GetCustomerValues(ctx context.Context, id, customerID ulid.ULID) (*CustomerValues, error)

	// UpdateCustomerValues is the atomic read-modify-write of a customer's
	// values, creating them when absent (update then sees a record with
	// the two IDs set, Version 0 and nil Values). Version is incremented by
	// one. It returns ErrNotFound when the integration or the customer does
	// not exist; update's error as is.
	UpdateCustomerValues(ctx context.Context, id, customerID ulid.ULID, update func(*CustomerValues) error) (*CustomerValues, error)

	// DeleteCustomerValues removes a customer's values, or ErrNotFound.
	DeleteCustomerValues(ctx context.Context, id, customerID ulid.ULID) error

	// ListingsForCustomer returns, in ONE query (one read lock or one SQL
	// statement), every listing customerID may see — Listing.VisibleTo —
	// each with its integration, its presented version (PresentedVersion;
	// nil when none) and that customer's values (nil when none), ordered
	// by IntegrationID. An unknown customer sees what any customer not
	// named in an allow-list sees; it is not an error.
	ListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*ListingBundle, error)
}

// SharedListingsReader is an ability a Store may have beside Store: the
// answer of ListingsForCustomer without the copies. The customer's
// marketplace view (package instance) uses it when its store has it, and
// copies only what it hands on. Package storage/memstore and
// storage/sqlstore implement it; storage/storagetest checks it against
// ListingsForCustomer.
type SharedListingsReader interface {
	// SharedListingsForCustomer returns what ListingsForCustomer returns,
	// with its contract (one query; the same listings, in the same order,
	// with the same records, as fresh as ListingsForCustomer's) but for
	// one rule: the records the bundles point to (Listing, Integration,
	// Version, CustomerValues) may be shared with the store and with other
	// callers. The caller must not change them or anything they point to
	// (labels, allow-lists, values, definitions), and copies what it hands
	// on. The slice and the bundles are the caller's own.
	SharedListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*ListingBundle, error)
}
