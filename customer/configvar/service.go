package configvar

import (
	"context"
	"fmt"
	"iter"
	"log/slog"
	"strconv"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Service is the organization-side API of customers' config variables:
// it checks keys and values, applies the customer's status rules and the
// per-customer limit inside the store's transaction, and creates, reads,
// lists, updates and deletes. Customer-facing code uses the handle
// ForCustomer returns. A Service is safe for concurrent use.
//
// What a customer's status allows (customer.Status):
//
//	operation              allowed when
//	Create                 CanCreate (active)
//	Update, Delete         CanUseExisting (active, suspended)
//	Get, List, All         always (the organization reads every customer's)
//
// Anything else is ErrFailedPrecondition. Every write checks the status
// again inside the store's transaction.
type Service struct {
	store Store
	opts  Options
}

// NewService returns a Service over store. opts may be nil.
func NewService(store Store, opts *Options) *Service {
	return &Service{store: store, opts: opts.withDefaults()}
}

// now returns the time in UTC, truncated to the microsecond stores keep.
func (s *Service) now() time.Time { return s.opts.NowFunc().UTC().Truncate(time.Microsecond) }

// notFound returns the error of a config variable customerID does not
// have; it matches customerkit.ErrNotFound.
func notFound(customerID ulid.ULID, key string) error {
	return fmt.Errorf("configvar: customer %s has no config variable %s: %w", customerID, strconv.Quote(key), customerkit.ErrNotFound)
}

// statusError is the error of an operation the customer's status forbids.
func statusError(c *customer.Customer, action string) error {
	return fmt.Errorf("configvar: a %s customer cannot %s: %w", c.Status, action, customerkit.ErrFailedPrecondition)
}

// Create creates a config variable of customer customerID. The status
// and the limit (Options.MaxPerCustomer) are checked in the store's
// transaction.
//
// Errors: a *customerkit.ValidationError (key, kind, value, description);
// ErrNotFound (no such customer); ErrFailedPrecondition when the customer
// is not active or has reached the limit; an
// *customerkit.AlreadyExistsError (Resource "config_var", Field "key")
// when the customer has that key already.
func (s *Service) Create(ctx context.Context, customerID ulid.ULID, in Input) (*Variable, error) {
	v, err := in.normalize()
	if err != nil {
		return nil, err
	}
	now := s.now()
	v.CustomerID, v.Version, v.CreatedAt, v.UpdatedAt = customerID, 1, now, now
	limit := s.opts.MaxPerCustomer
	err = s.store.CreateConfigVar(ctx, v, func(c *customer.Customer, count int) error {
		if !c.Status.CanCreate() {
			return statusError(c, "get new config variables")
		}
		if limit > 0 && count >= limit {
			return fmt.Errorf("configvar: customer %s has reached its limit of %d config variables: %w", c.ULID, limit, customerkit.ErrFailedPrecondition)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "configvar: created", slog.String("customer", customerID.String()), slog.String("key", v.Key))
	return v, nil
}

// Get returns the config variable key of customer customerID, with the
// instances that use it (UsedBy), or ErrNotFound.
func (s *Service) Get(ctx context.Context, customerID ulid.ULID, key string) (*Variable, error) {
	if !ValidKey(key) {
		return nil, notFound(customerID, key)
	}
	return s.store.GetConfigVar(ctx, customerID, key)
}

// List returns one page of the config variables of customer q.CustomerID,
// ordered by key.
func (s *Service) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Variable], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[Variable]{}, err
	}
	return s.store.ListConfigVars(ctx, n, after)
}

// All iterates over every config variable of customer q.CustomerID, a
// page at a time.
func (s *Service) All(ctx context.Context, q *Query) iter.Seq2[*Variable, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Variable], error) {
		if err != nil {
			return customerkit.Page[Variable]{}, err
		}
		return s.store.ListConfigVars(ctx, n, after)
	})
}

// Update changes the value or the description of config variable key of
// customer customerID. Every instance that uses the variable takes the
// new value from then on: the returned variable's UsedBy says which
// (read in the writing transaction), so the host can tell them or
// redeploy them.
//
// Errors: a *customerkit.ValidationError (value, description);
// ErrNotFound; ErrConflict when p.Version is set and the variable changed
// since; ErrFailedPrecondition when the customer's status does not allow
// it.
func (s *Service) Update(ctx context.Context, customerID ulid.ULID, key string, p Patch) (*Variable, error) {
	if !ValidKey(key) {
		return nil, notFound(customerID, key)
	}
	now := s.now()
	v, err := s.store.UpdateConfigVar(ctx, customerID, key, func(v *Variable, c *customer.Customer) error {
		if !c.Status.CanUseExisting() {
			return statusError(c, "change config variables")
		}
		if p.Version != 0 && p.Version != v.Version {
			return fmt.Errorf("configvar: %s is at version %d, not %d: %w", strconv.Quote(key), v.Version, p.Version, customerkit.ErrConflict)
		}
		if err := p.apply(v); err != nil {
			return err
		}
		v.UpdatedAt = now
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "configvar: updated", slog.String("customer", customerID.String()),
		slog.String("key", key), slog.Int("used_by", len(v.UsedBy)))
	return v, nil
}

// Delete deletes config variable key of customer customerID.
//
// Errors: ErrNotFound; an *InUseError (ErrFailedPrecondition) while
// instances still use it; ErrFailedPrecondition when the customer's
// status does not allow it.
func (s *Service) Delete(ctx context.Context, customerID ulid.ULID, key string) error {
	if !ValidKey(key) {
		return notFound(customerID, key)
	}
	err := s.store.DeleteConfigVar(ctx, customerID, key, func(_ *Variable, c *customer.Customer) error {
		if !c.Status.CanUseExisting() {
			return statusError(c, "delete config variables")
		}
		return nil
	})
	if err != nil {
		return err
	}
	s.opts.Logger.DebugContext(ctx, "configvar: deleted", slog.String("customer", customerID.String()), slog.String("key", key))
	return nil
}
