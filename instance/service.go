package instance

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
	"github.com/customerkit/customerkit/marketplace"
)

// Service is the organization-side API of instances: it creates,
// configures, deploys, pauses, resumes, upgrades and deletes the instances
// of every customer, applying every rule of this package on top of a
// Store. Customer-facing code uses the handle Marketplace returns. A
// Service is safe for concurrent use.
type Service struct {
	store Store
	opts  Options
}

// NewService returns a Service over store. opts may be nil.
func NewService(store Store, opts *Options) *Service {
	return &Service{store: store, opts: opts.withDefaults()}
}

func (s *Service) now() time.Time { return s.opts.NowFunc().UTC() }

// maxAttempts bounds the retries of an operation whose instance or listing
// changed between its reads and its transaction.
const maxAttempts = 5

// errMoved tells a retry loop that what it read before the transaction is
// no longer current (the instance's version, the listing).
var errMoved = errors.New("instance: changed during the operation")

func movedError(id ulid.ULID) error {
	return fmt.Errorf("instance: %s kept changing during the operation: %w", id, customerkit.ErrConflict)
}

// CreateInput describes an instance the organization creates.
type CreateInput struct {
	CustomerID    ulid.ULID `json:"customer_id"`
	IntegrationID ulid.ULID `json:"integration_id"`
	// VersionNumber is the version to run; 0 means the version the
	// listing presents, or the latest available one when the integration
	// is not listed.
	VersionNumber int `json:"version_number,omitempty"`
	// Name defaults to the integration's name.
	Name string `json:"name,omitempty"`
	// Values sets any variable of the version (customer, embedded or
	// organization), in the text form of its type.
	Values map[string]string `json:"values,omitempty"`
	// Refs makes variables of the version take their values from the
	// customer's config variables: variable key → config variable key
	// (see SetRefs). A variable is given a value or a reference, not
	// both.
	Refs map[string]string `json:"refs,omitempty"`
}

// Create creates an instance of an integration for a customer, on the
// organization's behalf. It may start unconfigured (required values
// missing) and is never deployed by Create: call Deploy. The integration
// need not be listed and the customer may hold several instances of it.
//
// Errors: *customerkit.ValidationError (ErrInvalid) for bad input or
// values; ErrNotFound when the customer, the integration or the version
// does not exist; ErrFailedPrecondition when the customer's status does
// not allow new resources (suspended, inactive, terminated — checked in
// the creating transaction), the quota (Options.MaxInstances) is reached,
// the integration belongs to another customer, or no version is
// available.
func (s *Service) Create(ctx context.Context, in CreateInput) (*Instance, error) {
	ve := &customerkit.ValidationError{Subject: "instance"}
	if in.CustomerID.IsZero() {
		ve.Add("customer_id", customerkit.CodeRequired, "")
	}
	if in.IntegrationID.IsZero() {
		ve.Add("integration_id", customerkit.CodeRequired, "")
	}
	if in.VersionNumber < 0 {
		ve.Add("version_number", customerkit.CodeInvalid, "a version number, or 0 for the presented version")
	}
	if err := ve.Err(); err != nil {
		return nil, err
	}
	integ, err := s.store.GetIntegration(ctx, in.IntegrationID)
	if err != nil {
		return nil, err
	}
	if integ.CustomerSpecific() && integ.CustomerID != in.CustomerID {
		return nil, fmt.Errorf("instance: integration %s belongs to another customer: %w", integ.ID, customerkit.ErrFailedPrecondition)
	}
	l, cv, err := s.listingAndValues(ctx, integ.ID, in.CustomerID)
	if err != nil {
		return nil, err
	}
	var v *marketplace.IntegrationVersion
	if in.VersionNumber > 0 {
		if v, err = s.store.GetVersion(ctx, integ.ID, in.VersionNumber); err != nil {
			return nil, err
		}
	} else {
		if v, err = s.presented(ctx, integ, l); err != nil {
			return nil, err
		}
		if v == nil {
			return nil, fmt.Errorf("instance: integration %s has no available version: %w", integ.ID, customerkit.ErrFailedPrecondition)
		}
	}
	sp, err := s.checkInput(ctx, v, in.CustomerID, in.Values, in.Refs, byOrganization)
	if err != nil && !isInvalid(err) {
		return nil, err
	}
	ve.Merge("", err)
	name := normalizeName(ve, in.Name, integ.Name)
	if err := ve.Err(); err != nil {
		return nil, err
	}
	now := s.now()
	inst := &Instance{
		ID: s.opts.NewIDFunc(), CustomerID: in.CustomerID, IntegrationID: integ.ID, Name: name,
		VersionNumber: v.Number, NeedsDeploy: true, Version: 1, CreatedAt: now, UpdatedAt: now,
	}
	sp.merge(inst)
	inst.ConfigComplete = complete(v, l, cv, inst)
	quota := s.opts.MaxInstances
	err = s.store.CreateInstance(ctx, inst, func(snap *Snapshot) error {
		if !snap.Customer.Status.CanCreate() {
			return statusError(snap.Customer, "get new instances")
		}
		if quota > 0 && len(snap.Instances) >= quota {
			return fmt.Errorf("instance: the customer has reached its quota of %d instances: %w", quota, customerkit.ErrFailedPrecondition)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.opts.Logger.DebugContext(ctx, "instance: created", slog.String("id", inst.ID.String()), slog.String("customer", inst.CustomerID.String()))
	return inst.Clone(), nil
}

// Get returns instance id, or ErrNotFound. Its State needs its customer's
// status: Instance.State.
func (s *Service) Get(ctx context.Context, id ulid.ULID) (*Instance, error) {
	return s.store.GetInstance(ctx, id)
}

// List returns one page of the instances q selects, ordered by ID.
func (s *Service) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Instance], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[Instance]{}, err
	}
	return s.store.ListInstances(ctx, n, after)
}

// All iterates over every instance q selects, ordered by ID, a page at a
// time.
func (s *Service) All(ctx context.Context, q *Query) iter.Seq2[*Instance, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Instance], error) {
		if err != nil {
			return customerkit.Page[Instance]{}, err
		}
		return s.store.ListInstances(ctx, n, after)
	})
}

// Configure sets configuration values of instance id: a partial update
// (a key left out keeps its value). The organization may set every
// variable of the instance's version. Each value is checked against its
// variable's type; a connection must name a credential of the instance's
// customer, or an organization-wide one, whose auth method the variable
// accepts. A change marks the instance as needing a deploy, and
// ConfigComplete is recomputed. Allowed while the customer may use its
// resources (active, suspended).
//
// Errors: *customerkit.ValidationError with every problem at
// `values["key"]`; ErrNotFound; ErrFailedPrecondition (customer status).
func (s *Service) Configure(ctx context.Context, id ulid.ULID, values map[string]string) (*Instance, error) {
	i, _, err := s.configure(ctx, id, ulid.ULID{}, values, byOrganization)
	return i, err
}

// SetRefs makes variables of instance id take their values from its
// customer's config variables (package customer/configvar), so that one
// value serves every instance of the customer: refs maps variable keys
// to config variable keys, and "" removes the variable's reference. It
// is a partial update (a variable left out keeps its value or
// reference). A reference replaces the variable's value on the instance,
// and Configure with a value replaces its reference. The organization
// may reference from every variable of the version; a string variable
// takes any kind of config variable, a code variable the kind of its
// language, and no other type takes one (RefAllowed). The instance then
// takes the config variable's current value whenever it is resolved
// (Resolve): configvar.Service.Update tells which instances that reaches
// (Variable.UsedBy). A change marks the instance as needing a deploy, and
// ConfigComplete is recomputed (a reference counts as a value). Allowed
// while the customer may use its resources (active, suspended).
//
// Errors: *customerkit.ValidationError with every problem at
// `refs["key"]`; ErrNotFound; ErrFailedPrecondition (customer status, or
// the config variable deleted in between).
func (s *Service) SetRefs(ctx context.Context, id ulid.ULID, refs map[string]string) (*Instance, error) {
	i, _, err := s.setRefs(ctx, id, ulid.ULID{}, refs, byOrganization)
	return i, err
}

// Resolve returns the configuration instance id runs with, as the host's
// runtime needs it: every variable's value from the instance, the
// customer config variables it references, the organization's values
// and the defaults (see the function Resolve). The result holds
// organization values and is never for a customer's eyes.
//
// Errors: ErrNotFound.
func (s *Service) Resolve(ctx context.Context, id ulid.ULID) (map[string]string, error) {
	for attempt := 1; ; attempt++ {
		i, err := s.store.GetInstance(ctx, id)
		if err != nil {
			return nil, err
		}
		v, err := s.store.GetVersion(ctx, i.IntegrationID, i.VersionNumber)
		if err != nil {
			return nil, err
		}
		l, cv, err := s.listingAndValues(ctx, i.IntegrationID, i.CustomerID)
		if err != nil {
			return nil, err
		}
		keys := i.RefKeys()
		vars := make(map[string]string, len(keys))
		moved := false
		for _, k := range keys {
			cfg, err := s.store.GetConfigVar(ctx, i.CustomerID, k)
			if errors.Is(err, customerkit.ErrNotFound) {
				moved = true // the reference went, and then the variable
				break
			}
			if err != nil {
				return nil, err
			}
			vars[k] = cfg.Value
		}
		switch {
		case moved && attempt < maxAttempts:
			continue
		case moved:
			return nil, movedError(id)
		}
		return Resolve(v, l, cv, i, vars), nil
	}
}

// Deploy deploys instance id as configured: only when every required
// variable has a value (ConfigComplete, recomputed first). The first
// deploy enables the instance; every deploy counts (DeployCount), stamps
// LastDeployedAt and clears NeedsDeploy. A paused instance stays paused.
//
// Errors: ErrNotFound; ErrFailedPrecondition when values are missing or
// the customer is inactive or terminated.
func (s *Service) Deploy(ctx context.Context, id ulid.ULID) (*Instance, error) {
	i, _, err := s.deploy(ctx, id, ulid.ULID{}, byOrganization)
	return i, err
}

// Pause disables a deployed instance (it stops running, and keeps its
// configuration). Pausing a paused instance changes nothing but its
// version. Allowed in every customer status.
//
// Errors: ErrNotFound; ErrFailedPrecondition when it was never deployed.
func (s *Service) Pause(ctx context.Context, id ulid.ULID) (*Instance, error) {
	i, _, err := s.setEnabled(ctx, id, ulid.ULID{}, false)
	return i, err
}

// Resume enables a paused instance again.
//
// Errors: ErrNotFound; ErrFailedPrecondition when it was never deployed
// or the customer is inactive or terminated.
func (s *Service) Resume(ctx context.Context, id ulid.ULID) (*Instance, error) {
	i, _, err := s.setEnabled(ctx, id, ulid.ULID{}, true)
	return i, err
}

// Upgrade moves instance id to version number of its integration (0: the
// version the listing presents), any other existing version for the
// organization. values are set as Configure sets them. The values the
// instance keeps are re-validated against the new version: a value of a
// variable the version no longer declares, or that no longer fits its
// variable (type, options, a connection's auth methods), is dropped; a
// new required variable without a value leaves the instance unconfigured.
// The instance needs a deploy afterwards.
//
// Errors: *customerkit.ValidationError (values, version_number);
// ErrNotFound; ErrFailedPrecondition when the instance runs that version
// already, no version is presented, or the customer is inactive or
// terminated.
func (s *Service) Upgrade(ctx context.Context, id ulid.ULID, number int, values map[string]string) (*Instance, error) {
	if number < 0 {
		return nil, invalid("version_number", customerkit.CodeInvalid, "a version number, or 0 for the presented version")
	}
	i, _, err := s.upgrade(ctx, id, ulid.ULID{}, number, values, byOrganization)
	return i, err
}

// Delete deletes instance id, whatever its state and its customer's
// status. Errors: ErrNotFound.
func (s *Service) Delete(ctx context.Context, id ulid.ULID) error {
	return s.store.DeleteInstance(ctx, id, nil)
}

// listingAndValues returns the listing of integration id (nil when it is
// not listed) and the values of customer customerID for it (nil when
// none).
func (s *Service) listingAndValues(ctx context.Context, id, customerID ulid.ULID) (*marketplace.Listing, *marketplace.CustomerValues, error) {
	l, err := s.store.GetListing(ctx, id)
	if errors.Is(err, customerkit.ErrNotFound) {
		l, err = nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	cv, err := s.store.GetCustomerValues(ctx, id, customerID)
	if errors.Is(err, customerkit.ErrNotFound) {
		cv, err = nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return l, cv, nil
}

// presented returns the version listing l (nil: not listed, the latest
// available is taken) presents for integration in, or nil when none.
func (s *Service) presented(ctx context.Context, in *marketplace.Integration, l *marketplace.Listing) (*marketplace.IntegrationVersion, error) {
	pinned := 0
	if l != nil {
		pinned = l.PinnedVersion
	}
	seen := map[int]*marketplace.IntegrationVersion{}
	var err error
	n, ok := marketplace.PresentNumber(pinned, in.LatestVersion, func(n int) (bool, bool) {
		if err != nil {
			return false, false
		}
		v, e := s.store.GetVersion(ctx, in.ID, n)
		switch {
		case errors.Is(e, customerkit.ErrNotFound):
			return false, false
		case e != nil:
			err = e
			return false, false
		}
		seen[n] = v
		return true, v.Available
	})
	if err != nil || !ok {
		return nil, err
	}
	return seen[n], nil
}

// env is what an operation on an instance reads before its transaction:
// the version the instance runs, its listing and its customer's values.
type env struct {
	version *marketplace.IntegrationVersion
	listing *marketplace.Listing
	values  *marketplace.CustomerValues
}

// change runs op on instance id inside the store's read-modify-write.
// owner, when set, is the customer the instance must belong to
// (ErrNotFound otherwise). prep, when set, runs before the transaction
// with the instance as read and its env (it validates input, reads what
// op needs); when the instance moves to another version in between, the
// whole operation starts again. It returns the stored instance and its
// customer's status.
func (s *Service) change(ctx context.Context, id, owner ulid.ULID, prep func(cur *Instance, e *env) error, op func(i *Instance, c *customer.Customer, e *env) error) (*Instance, customer.Status, error) {
	for attempt := 1; ; attempt++ {
		cur, err := s.store.GetInstance(ctx, id)
		if err != nil {
			return nil, "", err
		}
		if !owner.IsZero() && cur.CustomerID != owner {
			return nil, "", notFound(id)
		}
		e := &env{}
		if e.version, err = s.store.GetVersion(ctx, cur.IntegrationID, cur.VersionNumber); err != nil {
			return nil, "", err
		}
		if e.listing, e.values, err = s.listingAndValues(ctx, cur.IntegrationID, cur.CustomerID); err != nil {
			return nil, "", err
		}
		if prep != nil {
			if err := prep(cur, e); err != nil {
				return nil, "", err
			}
		}
		var status customer.Status
		now := s.now()
		out, err := s.store.UpdateInstance(ctx, id, func(i *Instance, c *customer.Customer) error {
			if !owner.IsZero() && i.CustomerID != owner {
				return notFound(id)
			}
			if i.VersionNumber != e.version.Number {
				return errMoved
			}
			if !owner.IsZero() && !c.Status.CanAccess() {
				return statusError(c, "use the marketplace")
			}
			if err := op(i, c, e); err != nil {
				return err
			}
			i.UpdatedAt = now
			status = c.Status
			return nil
		})
		switch {
		case errors.Is(err, errMoved) && attempt < maxAttempts:
			continue
		case errors.Is(err, errMoved):
			return nil, "", movedError(id)
		case err != nil:
			return nil, "", err
		}
		return out, status, nil
	}
}

func (s *Service) configure(ctx context.Context, id, owner ulid.ULID, values map[string]string, who actor) (*Instance, customer.Status, error) {
	var sp split
	return s.change(ctx, id, owner, func(cur *Instance, e *env) error {
		var err error
		sp, err = checkValues(ctx, s.store, e.version, cur.CustomerID, values, who)
		return err
	}, reconfigure(&sp))
}

// reconfigure returns the operation of a configuration change: while the
// customer may use what it has, *sp is merged into the instance, a change
// marks it as needing a deploy, and ConfigComplete is recomputed.
func reconfigure(sp *split) func(i *Instance, c *customer.Customer, e *env) error {
	return func(i *Instance, c *customer.Customer, e *env) error {
		if !c.Status.CanUseExisting() {
			return statusError(c, "configure instances")
		}
		if sp.merge(i) {
			i.NeedsDeploy = true
		}
		i.ConfigComplete = complete(e.version, e.listing, e.values, i)
		return nil
	}
}

// checkInput checks the values and the references who gives an instance
// of customer customerID running version v (checkValues, checkRefs),
// reporting every problem of both at once.
func (s *Service) checkInput(ctx context.Context, v *marketplace.IntegrationVersion, customerID ulid.ULID, values, refs map[string]string, who actor) (split, error) {
	sp, err := checkValues(ctx, s.store, v, customerID, values, who)
	if err != nil && !isInvalid(err) {
		return split{}, err
	}
	ve := &customerkit.ValidationError{Subject: "instance"}
	ve.Merge("", err)
	if sp.values == nil {
		sp = newSplit()
	}
	err = checkRefs(ctx, s.store, v, customerID, refs, values, who, &sp)
	if err != nil && !isInvalid(err) {
		return split{}, err
	}
	ve.Merge("", err)
	if err := ve.Err(); err != nil {
		return split{}, err
	}
	return sp, nil
}

// isInvalid reports whether err is a *customerkit.ValidationError (and not
// a store's error).
func isInvalid(err error) bool {
	var ve *customerkit.ValidationError
	return errors.As(err, &ve)
}

func (s *Service) setRefs(ctx context.Context, id, owner ulid.ULID, refs map[string]string, who actor) (*Instance, customer.Status, error) {
	var sp split
	return s.change(ctx, id, owner, func(cur *Instance, e *env) error {
		sp = newSplit()
		return checkRefs(ctx, s.store, e.version, cur.CustomerID, refs, nil, who, &sp)
	}, reconfigure(&sp))
}

func (s *Service) deploy(ctx context.Context, id, owner ulid.ULID, who actor) (*Instance, customer.Status, error) {
	now := s.now()
	return s.change(ctx, id, owner, nil, func(i *Instance, c *customer.Customer, e *env) error {
		if !c.Status.CanUseExisting() {
			return statusError(c, "deploy instances")
		}
		if err := incomplete(e, i, who); err != nil {
			return err
		}
		i.ConfigComplete = true
		if i.DeployCount == 0 {
			i.Enabled = true
		}
		i.DeployCount++
		i.LastDeployedAt = now
		i.NeedsDeploy = false
		return nil
	})
}

// incomplete returns nil when every required variable has a value for i,
// and otherwise an ErrFailedPrecondition naming the missing ones (for a
// customer, only its own variables by key).
func incomplete(e *env, i *Instance, who actor) error {
	cust, other := missing(e.version, e.listing, e.values, i)
	if len(cust) == 0 && len(other) == 0 {
		return nil
	}
	var parts []string
	if who == byOrganization {
		cust = append(cust, other...)
		other = nil
	}
	if len(cust) > 0 {
		q := make([]string, len(cust))
		for k, key := range cust {
			q[k] = strconv.Quote(key)
		}
		parts = append(parts, "values missing for "+strings.Join(q, ", "))
	}
	if len(other) > 0 {
		parts = append(parts, "the organization has not set every value")
	}
	return fmt.Errorf("instance: %s is not fully configured: %s: %w", i.ID, strings.Join(parts, "; "), customerkit.ErrFailedPrecondition)
}

func (s *Service) setEnabled(ctx context.Context, id, owner ulid.ULID, enabled bool) (*Instance, customer.Status, error) {
	return s.change(ctx, id, owner, nil, func(i *Instance, c *customer.Customer, _ *env) error {
		if enabled && !c.Status.CanUseExisting() {
			return statusError(c, "resume instances")
		}
		if i.DeployCount == 0 {
			return fmt.Errorf("instance: %s was never deployed: %w", i.ID, customerkit.ErrFailedPrecondition)
		}
		i.Enabled = enabled
		return nil
	})
}

func (s *Service) upgrade(ctx context.Context, id, owner ulid.ULID, number int, values map[string]string, who actor) (*Instance, customer.Status, error) {
	var (
		target *marketplace.IntegrationVersion
		sp     split
	)
	return s.change(ctx, id, owner, func(cur *Instance, e *env) error {
		var err error
		if target, err = s.targetVersion(ctx, cur, e, number, who); err != nil {
			return err
		}
		sp, err = s.carry(ctx, target, cur, values, who)
		return err
	}, func(i *Instance, c *customer.Customer, e *env) error {
		if !c.Status.CanUseExisting() {
			return statusError(c, "upgrade instances")
		}
		i.VersionNumber = target.Number
		i.Values, i.PrivateValues, i.Refs, i.PrivateRefs = nil, nil, nil, nil
		sp.merge(i)
		i.ConfigComplete = complete(target, e.listing, e.values, i)
		i.NeedsDeploy = true
		return nil
	})
}

// targetVersion returns the version an upgrade of cur moves to: number,
// or the presented version when number is 0. A customer may move only to
// the presented version, and only when it is available.
func (s *Service) targetVersion(ctx context.Context, cur *Instance, e *env, number int, who actor) (*marketplace.IntegrationVersion, error) {
	var target *marketplace.IntegrationVersion
	if number > 0 {
		v, err := s.store.GetVersion(ctx, cur.IntegrationID, number)
		if errors.Is(err, customerkit.ErrNotFound) {
			return nil, invalid("version_number", customerkit.CodeInvalid, "no version "+strconv.Itoa(number))
		}
		if err != nil {
			return nil, err
		}
		target = v
	} else {
		integ, err := s.store.GetIntegration(ctx, cur.IntegrationID)
		if err != nil {
			return nil, err
		}
		if who == byCustomer && (e.listing == nil || !e.listing.VisibleTo(integ, cur.CustomerID)) {
			return nil, fmt.Errorf("instance: integration %s is not in the marketplace: %w", cur.IntegrationID, customerkit.ErrFailedPrecondition)
		}
		if target, err = s.presented(ctx, integ, e.listing); err != nil {
			return nil, err
		}
		if target == nil {
			return nil, fmt.Errorf("instance: integration %s presents no version: %w", cur.IntegrationID, customerkit.ErrFailedPrecondition)
		}
		if who == byCustomer && !target.Available {
			return nil, fmt.Errorf("instance: version %d is not available: %w", target.Number, customerkit.ErrFailedPrecondition)
		}
	}
	if target.Number == cur.VersionNumber {
		return nil, fmt.Errorf("instance: %s runs version %d already: %w", cur.ID, target.Number, customerkit.ErrFailedPrecondition)
	}
	return target, nil
}

// carry returns the values and references an instance cur keeps when it
// moves to version target, with values (checked as Configure checks them)
// set on top. A kept value the target does not declare, or that no longer
// fits its variable, is dropped, and so is a reference the target's
// variable cannot take (RefAllowed); each is sorted by the target's
// visibility.
func (s *Service) carry(ctx context.Context, target *marketplace.IntegrationVersion, cur *Instance, values map[string]string, who actor) (split, error) {
	sp, err := checkValues(ctx, s.store, target, cur.CustomerID, values, who)
	if err != nil {
		return split{}, err
	}
	old := maps.Clone(cur.PrivateValues)
	if old == nil {
		old = map[string]string{}
	}
	maps.Copy(old, cur.Values)
	for _, k := range slices.Sorted(maps.Keys(old)) {
		if _, ok := values[k]; ok {
			continue
		}
		d, ok := target.Var(k)
		if !ok {
			continue
		}
		c, err := d.CheckValue(old[k])
		if err != nil {
			continue
		}
		if d.Type == marketplace.TypeConnection {
			code, _, err := checkConnection(ctx, s.store, d, cur.CustomerID, c)
			if err != nil {
				return split{}, err
			}
			if code != "" {
				continue
			}
		}
		if d.Visibility.CustomerVisible() {
			sp.values[k] = c
		} else {
			sp.private[k] = c
		}
	}
	refs := cur.AllRefs()
	for _, k := range slices.Sorted(maps.Keys(refs)) {
		if _, ok := values[k]; ok {
			continue
		}
		d, ok := target.Var(k)
		if !ok || !RefAllowed(d, refs[k].Kind) {
			continue
		}
		if d.Visibility.CustomerVisible() {
			sp.refs[k] = refs[k]
		} else {
			sp.privateRefs[k] = refs[k]
		}
	}
	return sp, nil
}
