package customer

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer/metadata"
)

// Service is the organization-side API of customer profiles: it applies
// every rule of this package and keeps the result in a Store. It is safe
// for concurrent use.
type Service struct {
	store Store
	opts  Options
	rules *rules
}

// NewService returns a Service over store. opts may be nil.
func NewService(store Store, opts *Options) *Service {
	o := opts.withDefaults()
	s := &Service{store: store, opts: o}
	s.rules = newRules(&s.opts)
	return s
}

// now returns the current time in UTC, truncated to the microsecond: the
// precision every store keeps, so what Create and Update return equals what
// a later Get reads.
func (s *Service) now() time.Time { return s.opts.NowFunc().UTC().Truncate(time.Microsecond) }

// maxUpdateAttempts bounds the retries of an update whose closure saw a
// parent change between the hierarchy check and the write.
const maxUpdateAttempts = 5

// Create validates c, fills every generated field (ULID, UUID, customer
// key, display name, subdomain, status active, version 1, times) and
// stores the customer. It returns the stored customer; c is not changed.
//
// Errors: a *customerkit.ValidationError (ErrInvalid) listing every bad
// field; ErrAlreadyExists naming the field when the email, customer key,
// subdomain, hostname or external ID is taken (a generated key or subdomain
// is never the cause: collisions are resolved); ErrNotFound when ParentID
// names no customer; ErrFailedPrecondition when the parent is too deep.
func (s *Service) Create(ctx context.Context, c *Customer) (*Customer, error) {
	return s.CreateWith(ctx, c, s.store.CreateCustomer)
}

// CreateWith is Create with the store write replaced by write, for a
// package that stores more records with the customer in the same
// transaction (the owner user and its membership, say). write receives
// the validated customer with every generated field filled in and must
// store it as Store.CreateCustomer does, atomically with its own records;
// it must not keep or change c. It may be called more than once, when a
// generated customer key or subdomain turned out to be taken (its
// *customerkit.AlreadyExistsError with Resource "customer"), so it must
// write nothing when it fails. Its other errors are returned as they are.
func (s *Service) CreateWith(ctx context.Context, c *Customer, write func(ctx context.Context, c *Customer) error) (*Customer, error) {
	if write == nil {
		write = s.store.CreateCustomer
	}
	n, err := s.rules.normalize(c)
	if err != nil {
		return nil, err
	}
	if n.Status != StatusActive && n.Status != StatusSuspended && n.Status != StatusInactive {
		return nil, &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: "status", Code: customerkit.CodeInvalid, Detail: "a new customer is active, suspended or inactive"}}}
	}
	if n.HasParent() {
		if err := s.checkParent(ctx, n.ParentID, ulid.ULID{}); err != nil {
			return nil, err
		}
	}
	now := s.now()
	n.CreatedAt, n.UpdatedAt, n.Version = now, now, 1
	if n.ULID.IsZero() {
		n.ULID = s.opts.NewIDFunc()
	}
	if n.UUID == uuid.Nil {
		if n.UUID, err = uuid.NewRandomFromReader(s.opts.RandReader); err != nil {
			return nil, fmt.Errorf("customer: generating a uuid: %w", err)
		}
	}
	genKey := n.Key == ""
	genSub := n.Subdomain == ""
	var base string
	if genSub {
		base = subdomainBase(n.Name)
	}
	for keyTries, subTry := 0, 0; ; {
		if genKey {
			if n.Key, err = newKey(s.opts.RandReader); err != nil {
				return nil, fmt.Errorf("customer: generating a key: %w", err)
			}
		}
		if genSub {
			if n.Subdomain, subTry, err = s.freeSubdomain(ctx, base, n.Key, subTry); err != nil {
				return nil, err
			}
		}
		err = write(ctx, n)
		var ae *customerkit.AlreadyExistsError
		mine := errors.As(err, &ae) && (ae.Resource == "customer" || ae.Resource == "")
		switch {
		case err == nil:
			return n.Clone(), nil
		case mine && ae.Field == "customer_key" && genKey && keyTries < 5:
			keyTries++
		case mine && ae.Field == "subdomain" && genSub:
			subTry++ // taken between the check and the write: try the next one
		default:
			return nil, err
		}
	}
}

// maxSubdomainCandidates bounds the search for a free generated subdomain;
// past it the subdomain is the base followed by the customer key.
const maxSubdomainCandidates = 1000

// freeSubdomain returns the first free candidate subdomain from number
// from on, and its number.
func (s *Service) freeSubdomain(ctx context.Context, base, key string, from int) (string, int, error) {
	if len(base) < 3 {
		base = strings.Trim("c-"+base, "-")
		if len(base) < 3 {
			base = "customer"
		}
	}
	for n := from; n < maxSubdomainCandidates; n++ {
		cand := subdomainCandidate(base, n)
		if slices.Contains(s.opts.ReservedSubdomains, cand) {
			continue
		}
		_, err := s.store.GetCustomer(ctx, BySubdomain, cand)
		switch {
		case errors.Is(err, customerkit.ErrNotFound):
			return cand, n, nil
		case err != nil:
			return "", n, err
		}
	}
	return subdomainCandidate(strings.TrimRight(base[:min(len(base), 40)], "-")+"-"+key, 0), maxSubdomainCandidates, nil
}

// Get returns the customer with ULID id, or ErrNotFound.
func (s *Service) Get(ctx context.Context, id ulid.ULID) (*Customer, error) {
	return s.store.GetCustomer(ctx, ByULID, id.String())
}

// GetBy returns the customer whose unique field by equals value, compared
// in canonical form (an email case-insensitively, a hostname in IDNA ASCII,
// and so on), or ErrNotFound. An unknown field or an identifier that does
// not parse is ErrInvalid.
func (s *Service) GetBy(ctx context.Context, by By, value string) (*Customer, error) {
	v, err := lookupValue(by, value)
	if err != nil {
		return nil, err
	}
	if v == "" {
		return nil, fmt.Errorf("customer: no customer with an empty %s: %w", by, customerkit.ErrNotFound)
	}
	return s.store.GetCustomer(ctx, by, v)
}

// lookupValue returns the canonical form a store compares for by.
func lookupValue(by By, value string) (string, error) {
	value = strings.TrimSpace(value)
	invalid := func(detail string) error {
		return &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: string(by), Code: customerkit.CodeInvalid, Detail: detail}}}
	}
	switch by {
	case ByULID:
		id, err := ulid.ParseStrict(value)
		if err != nil {
			return "", invalid("not a ULID")
		}
		return id.String(), nil
	case ByUUID:
		id, err := uuid.Parse(value)
		if err != nil {
			return "", invalid("not a UUID")
		}
		return id.String(), nil
	case ByEmail:
		if e, detail := NormalizeEmail(value); detail == "" {
			value = e
		}
		return EmailKey(value), nil
	case ByHostname:
		if h, detail := NormalizeHostname(value); detail == "" {
			return h, nil
		}
		return strings.ToLower(value), nil
	case BySubdomain, ByKey:
		return strings.ToLower(value), nil
	case ByExternalID:
		return cleanText(value), nil
	}
	return "", &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: "by", Code: customerkit.CodeNotSupported, Detail: "unknown lookup field"}}}
}

// Update changes customer id through fn, which receives a copy of the
// stored customer and changes it in place. The result is validated and
// canonicalised like a new customer; ULID, UUID, customer key, version and
// creation time cannot change (ErrInvalid with code "immutable"), and a
// status change must be a legal transition (ErrFailedPrecondition). fn may
// run more than once and must have no side effects; an error from fn is
// returned as is and nothing is written.
func (s *Service) Update(ctx context.Context, id ulid.ULID, fn func(*Customer) error) (*Customer, error) {
	return s.update(ctx, id, 0, fn)
}

// UpdateIfMatch is Update guarded by the version the caller read: when the
// stored customer's version is not version, it returns ErrConflict and
// changes nothing.
func (s *Service) UpdateIfMatch(ctx context.Context, id ulid.ULID, version int64, fn func(*Customer) error) (*Customer, error) {
	if version <= 0 {
		return nil, &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: "version", Code: customerkit.CodeInvalid, Detail: "a version read from the customer (1 or more)"}}}
	}
	return s.update(ctx, id, version, fn)
}

// errParentMoved tells update that the parent fn chose is not the one the
// hierarchy check approved, so it must check again.
var errParentMoved = errors.New("customer: parent changed during update")

func (s *Service) update(ctx context.Context, id ulid.ULID, version int64, fn func(*Customer) error) (*Customer, error) {
	// The hierarchy rules need reads the store's updater may not make, so
	// a dry run finds the parent fn chooses and checks it first; the write
	// then insists on that same parent.
	for attempt := 0; ; attempt++ {
		cur, err := s.store.GetCustomer(ctx, ByULID, id.String())
		if err != nil {
			return nil, err
		}
		dry := cur.Clone()
		if err := s.apply(dry, cur, version, fn); err != nil {
			return nil, err
		}
		parent := dry.ParentID
		if parent != cur.ParentID && !parent.IsZero() {
			if err := s.checkParent(ctx, parent, id); err != nil {
				return nil, err
			}
		}
		out, err := s.store.UpdateCustomer(ctx, id, func(c *Customer) error {
			old := c.Clone()
			if err := s.apply(c, old, version, fn); err != nil {
				return err
			}
			if c.ParentID != parent && c.ParentID != old.ParentID {
				return errParentMoved
			}
			return nil
		})
		if errors.Is(err, errParentMoved) && attempt < maxUpdateAttempts {
			continue
		}
		if errors.Is(err, errParentMoved) {
			return nil, fmt.Errorf("customer: the parent kept changing during the update: %w", customerkit.ErrConflict)
		}
		return out, err
	}
}

// apply runs fn on c (a copy of old) and then the profile rules, leaving
// the canonical result in c.
func (s *Service) apply(c, old *Customer, version int64, fn func(*Customer) error) error {
	if version != 0 && old.Version != version {
		return fmt.Errorf("customer: %s is at version %d, not %d: %w", old.ULID, old.Version, version, customerkit.ErrConflict)
	}
	if err := fn(c); err != nil {
		return err
	}
	ve := &customerkit.ValidationError{Subject: "customer"}
	if c.ULID != old.ULID {
		ve.Add("ulid", customerkit.CodeImmutable, "the ULID cannot change")
	}
	if c.UUID != old.UUID {
		ve.Add("uuid", customerkit.CodeImmutable, "the UUID cannot change")
	}
	if c.Key != old.Key {
		ve.Add("customer_key", customerkit.CodeImmutable, "the customer key cannot change")
	}
	if c.Version != old.Version {
		ve.Add("version", customerkit.CodeImmutable, "the version is kept by the store")
	}
	if !c.CreatedAt.Equal(old.CreatedAt) {
		ve.Add("created_at", customerkit.CodeImmutable, "the creation time cannot change")
	}
	if c.ParentID == c.ULID {
		ve.Add("parent_id", customerkit.CodeInvalid, "a customer cannot be its own parent")
	}
	if c.Subdomain == "" {
		c.Subdomain = old.Subdomain
	}
	if err := ve.Err(); err != nil {
		return err
	}
	if c.Status != old.Status && !CanTransition(old.Status, c.Status) {
		return transitionError(old.Status, c.Status)
	}
	n, err := s.rules.normalize(c)
	if err != nil {
		return err
	}
	n.UpdatedAt = s.now()
	*c = *n
	return nil
}

func transitionError(from, to Status) error {
	if !to.Valid() {
		return &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: "status", Code: customerkit.CodeNotSupported, Detail: "one of active, suspended, inactive, terminated"}}}
	}
	if from == StatusTerminated {
		return fmt.Errorf("customer: status terminated is final, cannot become %s: %w", to, customerkit.ErrFailedPrecondition)
	}
	return fmt.Errorf("customer: status cannot change from %s to %s: %w", from, to, customerkit.ErrFailedPrecondition)
}

// SetStatus moves customer id to status to. An illegal transition (out of
// terminated, or to the status it already has) is ErrFailedPrecondition.
func (s *Service) SetStatus(ctx context.Context, id ulid.ULID, to Status) (*Customer, error) {
	if !to.Valid() {
		return nil, transitionError("", to)
	}
	return s.Update(ctx, id, func(c *Customer) error {
		if !CanTransition(c.Status, to) {
			return transitionError(c.Status, to)
		}
		c.Status = to
		return nil
	})
}

// MergeMetadata applies patch to the customer's metadata with merge-patch
// semantics (metadata.Merge: null deletes a key, objects merge one level,
// arrays replace) on the stored value, inside the store's read-modify-write,
// so concurrent merges never lose a key. The result must meet the
// metadata limits (ErrInvalid otherwise, nothing written).
func (s *Service) MergeMetadata(ctx context.Context, id ulid.ULID, patch metadata.Metadata) (*Customer, error) {
	p, err := metadata.Normalize(patch)
	if err != nil {
		ve := &customerkit.ValidationError{Subject: "customer"}
		ve.Merge("customer_metadata", err)
		return nil, ve
	}
	return s.Update(ctx, id, func(c *Customer) error {
		c.Metadata = metadata.Merge(c.Metadata, p)
		return nil
	})
}

// ReplaceMetadata replaces the customer's whole metadata with m, guarded by
// the version the caller read (ErrConflict when it changed since).
func (s *Service) ReplaceMetadata(ctx context.Context, id ulid.ULID, version int64, m metadata.Metadata) (*Customer, error) {
	return s.UpdateIfMatch(ctx, id, version, func(c *Customer) error {
		c.Metadata = m.Clone()
		return nil
	})
}

// MergeSettings applies patch to the customer's settings (a nil value
// removes a setting) on the stored value, inside the store's
// read-modify-write. It returns the stored customer and the keys of patch
// the settings schema does not declare, which were dropped; in strict mode
// they are refused with ErrInvalid instead.
func (s *Service) MergeSettings(ctx context.Context, id ulid.ULID, patch Settings) (*Customer, []string, error) {
	_, ignored, err := s.opts.Settings.Apply(withoutNulls(patch))
	if err != nil {
		return nil, nil, err
	}
	c, err := s.Update(ctx, id, func(c *Customer) error {
		c.Settings = MergeSettings(c.Settings, patch)
		for _, k := range ignored {
			delete(c.Settings, k)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return c, ignored, nil
}

func withoutNulls(s Settings) Settings {
	out := Settings{}
	for k, v := range s {
		if v != nil {
			out[k] = v
		}
	}
	return out
}

// Delete removes customer id with everything that belongs to it: its
// instances, the credentials it owns, its customer-specific integrations
// and marketplace values, in one transaction. Only a terminated customer
// may be deleted (ErrFailedPrecondition otherwise), and not while other
// customers name it as their parent (ErrFailedPrecondition). Under
// Options.DeletePolicy DeleteRefuse, a customer that still has instances
// is not deleted either (ErrFailedPrecondition saying how many must be
// deactivated first). The status and the instances are checked inside the
// store's delete, so a concurrent change cannot slip through.
func (s *Service) Delete(ctx context.Context, id ulid.ULID) error {
	policy := s.opts.DeletePolicy
	if !policy.Valid() {
		return policy.Check(Dependents{})
	}
	return s.store.DeleteCustomer(ctx, id, func(c *Customer, d Dependents) error {
		if !c.Status.CanDelete() {
			return fmt.Errorf("customer: %s is %s; only a terminated customer can be deleted: %w", c.ULID, c.Status, customerkit.ErrFailedPrecondition)
		}
		return policy.Check(d)
	})
}

// List returns one page of the customers q selects, in q's order, starting
// after the cursor after (the zero cursor starts at the beginning). q may
// be nil (every customer, oldest first, DefaultLimit per page).
func (s *Service) List(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Customer], error) {
	n, err := q.Normalize()
	if err != nil {
		return customerkit.Page[Customer]{}, err
	}
	return s.store.ListCustomers(ctx, n, after)
}

// All iterates over every customer q selects, page by page. An error is
// yielded once and ends the iteration.
func (s *Service) All(ctx context.Context, q *Query) iter.Seq2[*Customer, error] {
	n, err := q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Customer], error) {
		if err != nil {
			return customerkit.Page[Customer]{}, err
		}
		return s.store.ListCustomers(ctx, n, after)
	})
}

// Children returns one page of the customers whose parent is id, oldest
// first.
func (s *Service) Children(ctx context.Context, id ulid.ULID, after customerkit.Cursor) (customerkit.Page[Customer], error) {
	return s.List(ctx, &Query{ParentID: id}, after)
}

// checkParent checks that parent exists, that making it the parent of
// child (zero for a new customer) creates no cycle, and that the hierarchy
// stays within MaxDepth.
func (s *Service) checkParent(ctx context.Context, parent, child ulid.ULID) error {
	depth := 0
	for id := parent; !id.IsZero(); {
		if id == child {
			return &customerkit.ValidationError{Subject: "customer", Fields: []customerkit.FieldError{{Path: "parent_id", Code: customerkit.CodeInvalid, Detail: "the parent is a descendant of the customer (a cycle)"}}}
		}
		depth++
		if depth > s.opts.MaxDepth {
			break
		}
		p, err := s.store.GetCustomer(ctx, ByULID, id.String())
		if errors.Is(err, customerkit.ErrNotFound) && id == parent {
			return fmt.Errorf("customer: parent %s: %w", parent, customerkit.ErrNotFound)
		}
		if err != nil {
			return err
		}
		id = p.ParentID
	}
	height := 1
	if !child.IsZero() {
		h, err := s.height(ctx, child, s.opts.MaxDepth)
		if err != nil {
			return err
		}
		height = h
	}
	if depth+height > s.opts.MaxDepth {
		return fmt.Errorf("customer: the hierarchy would be %d levels deep, at most %d allowed: %w", depth+height, s.opts.MaxDepth, customerkit.ErrFailedPrecondition)
	}
	return nil
}

// height returns the number of levels of the subtree rooted at id (1 for
// a customer with no children), looking no deeper than limit+1.
func (s *Service) height(ctx context.Context, id ulid.ULID, limit int) (int, error) {
	level := []ulid.ULID{id}
	h := 0
	for len(level) > 0 && h <= limit {
		h++
		var next []ulid.ULID
		for _, p := range level {
			for c, err := range s.All(ctx, &Query{ParentID: p, Limit: MaxLimit}) {
				if err != nil {
					return 0, err
				}
				next = append(next, c.ULID)
			}
		}
		level = next
	}
	return h, nil
}
