package instance

import (
	"context"
	"slices"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/credential"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/customer/configvar"
	"github.com/customerkit/customerkit/marketplace"
)

// Store is what the Service and the Marketplace handle need from storage.
// Package storage/memstore implements it; storage/storagetest checks an
// implementation against this contract.
//
// Every method checks ctx and returns its error when it is done. Values
// passed in and returned are never shared with the store: a caller may
// change a returned *Instance freely (its maps included), and the store
// never keeps a pointer it was given. Every method is safe for concurrent
// use. The Service hands the store instances that are valid and in
// canonical form; the store decides no business rule: the callbacks
// (check, update) do, inside the store's transaction.
//
// References to customer config variables (Instance.Refs and PrivateRefs)
// are kept intact by the store: CreateInstance and UpdateInstance refuse
// to write an instance with a reference naming a config variable its
// customer does not have with the kind the reference says (an error
// matching ErrFailedPrecondition, nothing written), checked atomically
// with the write, and configvar.Store refuses to delete a variable an
// instance references; deleting an instance drops its references.
//
// Beside its own methods, Store reads the records instances depend on:
// GetCustomer (the contract of customer.Store), GetIntegration,
// GetVersion, GetListing, GetCustomerValues and ListingsForCustomer (the
// contracts of marketplace.Store), GetCredential (credential.Store) and
// GetConfigVar (configvar.Store). One adapter value satisfies all of
// these interfaces.
type Store interface {
	// CreateInstance reads, inside one transaction (or under one lock),
	// the customer inst.CustomerID, the listing of inst.IntegrationID (nil
	// when it is not listed) and every instance of that customer; calls
	// check with them (a nil check always passes); and, when check
	// returns nil, stores inst. Nothing can create or delete an instance
	// of that customer, or change the customer or the listing, between
	// the read and the write: concurrent activations that would each be
	// the customer's only instance of an integration cannot both pass.
	//
	// inst.Version is 1. It returns ErrNotFound when there is no customer
	// inst.CustomerID or no integration inst.IntegrationID (check is then
	// not called), check's error as is (nothing written), and an
	// *customerkit.AlreadyExistsError (Resource "instance", Field "id")
	// when inst.ID is taken.
	CreateInstance(ctx context.Context, inst *Instance, check func(*Snapshot) error) error

	// GetInstance returns instance id, or ErrNotFound.
	GetInstance(ctx context.Context, id ulid.ULID) (*Instance, error)

	// UpdateInstance reads instance id and its customer, calls update
	// with a copy of both, and stores what update left in the instance
	// copy, with Version incremented by one, as one atomic
	// read-modify-write (the customer is not written). If update returns
	// an error, nothing is written and that error is returned as is.
	// update may be called more than once, so it must be pure. It returns
	// the stored instance, or ErrNotFound when there is no instance id.
	// update must not change ID, CustomerID, IntegrationID or CreatedAt:
	// the store keeps the stored ones.
	UpdateInstance(ctx context.Context, id ulid.ULID, update func(*Instance, *customer.Customer) error) (*Instance, error)

	// DeleteInstance reads instance id and its customer, calls check with
	// a copy of both (a nil check always passes) and, when it returns
	// nil, deletes the instance, atomically. It returns ErrNotFound when
	// there is no instance id, and check's error as is (nothing deleted).
	DeleteInstance(ctx context.Context, id ulid.ULID, check func(*Instance, *customer.Customer) error) error

	// ListInstances returns the instances q selects (Query.Match, with
	// the current status of each instance's customer), ordered by ID, at
	// most q.Limit of them, after the cursor after (zero: from the
	// start). q has been through Query.Normalize. A cursor this adapter
	// did not produce for this list is ErrInvalid. Pages are keyset
	// pages: instances created or deleted between two calls never make a
	// page repeat or skip one that was there all along.
	ListInstances(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Instance], error)

	// CustomerInstances returns customer customerID and every one of its
	// instances, ordered by ID, in ONE query (one read lock, or one SQL
	// statement or read transaction): it is the second and last query of
	// a marketplace view. It returns ErrNotFound when there is no such
	// customer.
	CustomerInstances(ctx context.Context, customerID ulid.ULID) (*customer.Customer, []*Instance, error)

	// GetCustomer: see customer.Store.
	GetCustomer(ctx context.Context, by customer.By, value string) (*customer.Customer, error)
	// GetIntegration: see marketplace.Store.
	GetIntegration(ctx context.Context, id ulid.ULID) (*marketplace.Integration, error)
	// GetVersion: see marketplace.Store.
	GetVersion(ctx context.Context, id ulid.ULID, number int) (*marketplace.IntegrationVersion, error)
	// GetListing: see marketplace.Store.
	GetListing(ctx context.Context, id ulid.ULID) (*marketplace.Listing, error)
	// GetCustomerValues: see marketplace.Store.
	GetCustomerValues(ctx context.Context, id, customerID ulid.ULID) (*marketplace.CustomerValues, error)
	// ListingsForCustomer: see marketplace.Store.
	ListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*marketplace.ListingBundle, error)
	// GetCredential: see credential.Store.
	GetCredential(ctx context.Context, id ulid.ULID) (*credential.Credential, error)
	// GetConfigVar: see configvar.Store.
	GetConfigVar(ctx context.Context, customerID ulid.ULID, key string) (*configvar.Variable, error)
}

// Snapshot is what CreateInstance reads inside its transaction and hands
// to its check: the current state every activation rule depends on.
type Snapshot struct {
	// Customer is the instance's customer.
	Customer *customer.Customer
	// Listing is the listing of the instance's integration; nil when the
	// integration is not listed.
	Listing *marketplace.Listing
	// Instances are every instance of the customer, ordered by ID.
	Instances []*Instance
}

// Count returns how many of s.Instances are instances of integration id.
func (s *Snapshot) Count(id ulid.ULID) int {
	n := 0
	for _, i := range s.Instances {
		if i.IntegrationID == id {
			n++
		}
	}
	return n
}

// Page sizes of a list.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// Query selects instances. Every filter that is set must match; States
// matches when any of its states does. The zero Query selects every
// instance. Lists are always ordered by ID (creation order).
type Query struct {
	CustomerID    ulid.ULID `json:"customer_id,omitzero"`
	IntegrationID ulid.ULID `json:"integration_id,omitzero"`
	// States selects instances in any of these lifecycle states, derived
	// with their customer's current status (Instance.State).
	States []State `json:"states,omitempty"`
	// Limit is the page size: 0 means DefaultLimit; at most MaxLimit.
	Limit int `json:"limit,omitempty"`
}

// Normalize returns a copy of q (nil: the zero Query) with defaults
// filled in, or a *customerkit.ValidationError.
func (q *Query) Normalize() (*Query, error) {
	n := &Query{}
	if q != nil {
		*n = *q
	}
	ve := &customerkit.ValidationError{Subject: "instance query"}
	n.States = slices.Clone(n.States)
	for i, s := range n.States {
		if !s.Valid() {
			ve.Add(customerkit.IndexPath("states", i), customerkit.CodeNotSupported, "unknown state")
		}
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

// Match reports whether q selects i, whose customer is in status
// customerStatus.
func (q *Query) Match(i *Instance, customerStatus customer.Status) bool {
	if !q.CustomerID.IsZero() && i.CustomerID != q.CustomerID {
		return false
	}
	if !q.IntegrationID.IsZero() && i.IntegrationID != q.IntegrationID {
		return false
	}
	return len(q.States) == 0 || slices.Contains(q.States, i.State(customerStatus))
}
