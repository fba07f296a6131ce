package marketplace

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
)

// Service is the organization-side API of the catalog and the
// marketplace: integrations, versions, listings and the values the
// organization supplies. It applies every rule of this package and keeps
// the result in a Store. It is safe for concurrent use. (The customer's
// side, a handle bound to one customer and role, is in package instance,
// because it needs the customer's instances.)
type Service struct {
	store Store
	opts  Options
}

// NewService returns a Service over store. opts may be nil.
func NewService(store Store, opts *Options) *Service {
	return &Service{store: store, opts: opts.withDefaults()}
}

// CreateIntegration validates in and stores a new integration with a
// generated ID, Version 1, no versions yet. in is not changed.
//
// Errors: *customerkit.ValidationError (ErrInvalid); ErrAlreadyExists
// (Field "name") when the name is taken, ignoring case; ErrNotFound when
// CustomerID names no customer.
func (s *Service) CreateIntegration(ctx context.Context, in *Integration) (*Integration, error) {
	n, err := normalizeIntegration(in)
	if err != nil {
		return nil, err
	}
	now := s.opts.NowFunc().UTC()
	n.ID = s.opts.NewIDFunc()
	n.LatestVersion, n.Version, n.CreatedAt, n.UpdatedAt = 0, 1, now, now
	if err := s.store.CreateIntegration(ctx, n); err != nil {
		return nil, err
	}
	return n.Clone(), nil
}

// GetIntegration returns integration id, or ErrNotFound.
func (s *Service) GetIntegration(ctx context.Context, id ulid.ULID) (*Integration, error) {
	return s.store.GetIntegration(ctx, id)
}

// UpdateIntegration applies fn to a copy of integration id and stores the
// result after validating it. fn may change Name, Description, Category,
// Labels and Icon; a change of ID, CustomerID or LatestVersion is refused
// (CodeImmutable). version, when not zero, must equal the stored Version
// (ErrConflict otherwise). fn may run more than once.
func (s *Service) UpdateIntegration(ctx context.Context, id ulid.ULID, version int64, fn func(*Integration) error) (*Integration, error) {
	return s.store.UpdateIntegration(ctx, id, func(in *Integration) error {
		if version != 0 && in.Version != version {
			return fmt.Errorf("marketplace: integration %s is at version %d, not %d: %w", id, in.Version, version, customerkit.ErrConflict)
		}
		old := in.Clone()
		if err := fn(in); err != nil {
			return err
		}
		ve := &customerkit.ValidationError{Subject: "integration"}
		if in.ID != old.ID {
			ve.Add("id", customerkit.CodeImmutable, "")
		}
		if in.CustomerID != old.CustomerID {
			ve.Add("customer_id", customerkit.CodeImmutable, "")
		}
		if in.LatestVersion != old.LatestVersion {
			ve.Add("latest_version", customerkit.CodeImmutable, "only publishing moves it")
		}
		n, err := normalizeIntegration(in)
		ve.Merge("", err)
		if err := ve.Err(); err != nil {
			return err
		}
		n.Version, n.CreatedAt, n.UpdatedAt = old.Version, old.CreatedAt, s.opts.NowFunc().UTC()
		*in = *n
		return nil
	})
}

// ListIntegrations returns one page of the integrations matching q.
func (s *Service) ListIntegrations(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Integration], error) {
	return s.store.ListIntegrations(ctx, q.Normalize(), after)
}

// Integrations iterates over every integration matching q.
func (s *Service) Integrations(ctx context.Context, q *Query) iter.Seq2[*Integration, error] {
	q = q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Integration], error) {
		return s.store.ListIntegrations(ctx, q, after)
	})
}

// PublishVersion validates vars (see ValidateVars) and publishes them as
// the next version of integration id, numbered one more than the latest
// (atomically: concurrent publishers get consecutive numbers). A new
// version is available; SetVersionAvailable withdraws it (to publish
// without presenting, pin the listing first). Defaults are stored in
// canonical form.
//
// Errors: *customerkit.ValidationError (ErrInvalid) with every problem
// ("config_vars[2].default", "comment"); ErrNotFound.
func (s *Service) PublishVersion(ctx context.Context, id ulid.ULID, comment string, vars []ConfigVar) (*IntegrationVersion, error) {
	ve := &customerkit.ValidationError{Subject: "marketplace"}
	comment = strings.TrimSpace(comment)
	textLimit(ve, "comment", comment, MaxCommentLength)
	nv, err := normalizeVars(vars)
	ve.Merge("", err)
	if err := ve.Err(); err != nil {
		return nil, err
	}
	return s.store.PublishVersion(ctx, &IntegrationVersion{
		IntegrationID: id,
		Comment:       comment,
		Available:     true,
		ConfigVars:    nv,
		PublishedAt:   s.opts.NowFunc().UTC(),
	})
}

// GetVersion returns version number of integration id, or ErrNotFound.
func (s *Service) GetVersion(ctx context.Context, id ulid.ULID, number int) (*IntegrationVersion, error) {
	return s.store.GetVersion(ctx, id, number)
}

// SetVersionAvailable marks a version available or not; nothing else of a
// published version changes. Instances are not touched.
func (s *Service) SetVersionAvailable(ctx context.Context, id ulid.ULID, number int, available bool) (*IntegrationVersion, error) {
	return s.store.SetVersionAvailable(ctx, id, number, available)
}

// ListVersions returns one page of the versions of integration id, in
// ascending number; limit 0 means DefaultLimit.
func (s *Service) ListVersions(ctx context.Context, id ulid.ULID, limit int, after customerkit.Cursor) (customerkit.Page[IntegrationVersion], error) {
	return s.store.ListVersions(ctx, id, normalizeLimit(limit), after)
}

// Versions iterates over every version of integration id, in ascending
// number.
func (s *Service) Versions(ctx context.Context, id ulid.ULID) iter.Seq2[*IntegrationVersion, error] {
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[IntegrationVersion], error) {
		return s.store.ListVersions(ctx, id, MaxLimit, after)
	})
}

// allVersions returns every version of integration id.
func (s *Service) allVersions(ctx context.Context, id ulid.ULID) ([]IntegrationVersion, error) {
	var out []IntegrationVersion
	for v, err := range s.Versions(ctx, id) {
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

// PresentedVersion returns the version the listing of integration id
// presents (see Listing.PresentedVersion). It returns ErrNotFound when the
// integration is not listed or presents no version.
func (s *Service) PresentedVersion(ctx context.Context, id ulid.ULID) (*IntegrationVersion, error) {
	l, err := s.store.GetListing(ctx, id)
	if err != nil {
		return nil, err
	}
	vs, err := s.allVersions(ctx, id)
	if err != nil {
		return nil, err
	}
	n, ok := l.PresentedVersion(vs)
	if !ok {
		return nil, fmt.Errorf("marketplace: listing of %s presents no version: %w", id, customerkit.ErrNotFound)
	}
	i := slices.IndexFunc(vs, func(v IntegrationVersion) bool { return v.Number == n })
	return vs[i].Clone(), nil
}

// PutListing creates or replaces the listing of l.IntegrationID with l's
// editable fields (Availability, PinnedVersion, Overview, Category,
// Labels, AllowMultiple, AllowedCustomers, OrgValues). version, when not
// zero, must equal the stored listing's Version (ErrConflict otherwise; a
// missing listing is ErrNotFound then). A pinned version must exist.
// OrgValues of keys the presented version declares are type-checked and
// canonicalised. Instances are never touched: changing the presented
// version only makes their "update available" true.
//
// Errors: *customerkit.ValidationError; ErrNotFound when there is no such
// integration; ErrConflict.
func (s *Service) PutListing(ctx context.Context, l *Listing, version int64) (*Listing, error) {
	if _, err := s.store.GetIntegration(ctx, l.IntegrationID); err != nil {
		return nil, err
	}
	vs, err := s.allVersions(ctx, l.IntegrationID)
	if err != nil {
		return nil, err
	}
	if l.PinnedVersion > 0 && !slices.ContainsFunc(vs, func(v IntegrationVersion) bool { return v.Number == l.PinnedVersion }) {
		return nil, &customerkit.ValidationError{Subject: "listing", Fields: []customerkit.FieldError{{Path: "pinned_version", Code: customerkit.CodeInvalid, Detail: "no version " + strconv.Itoa(l.PinnedVersion)}}}
	}
	var vars []ConfigVar
	if n, ok := l.PresentedVersion(vs); ok {
		vars = vs[slices.IndexFunc(vs, func(v IntegrationVersion) bool { return v.Number == n })].ConfigVars
	}
	n, err := normalizeListing(l, vars)
	if err != nil {
		return nil, err
	}
	now := s.opts.NowFunc().UTC()
	for attempt := 0; ; attempt++ {
		stored, err := s.store.UpdateListing(ctx, l.IntegrationID, func(cur *Listing) error {
			if version != 0 && cur.Version != version {
				return fmt.Errorf("marketplace: listing of %s is at version %d, not %d: %w", l.IntegrationID, cur.Version, version, customerkit.ErrConflict)
			}
			keep := *cur
			*cur = *n.Clone()
			cur.IntegrationID, cur.Version, cur.CreatedAt, cur.UpdatedAt = keep.IntegrationID, keep.Version, keep.CreatedAt, now
			return nil
		})
		if err == nil || !isNotFound(err) || version != 0 {
			return stored, err
		}
		c := n.Clone()
		c.Version, c.CreatedAt, c.UpdatedAt = 1, now, now
		err = s.store.CreateListing(ctx, c)
		if err == nil {
			return c, nil
		}
		if !isAlreadyExists(err) || attempt > 2 {
			return nil, err
		}
		// Created concurrently: replace it.
	}
}

// GetListing returns the listing of integration id, or ErrNotFound.
func (s *Service) GetListing(ctx context.Context, id ulid.ULID) (*Listing, error) {
	return s.store.GetListing(ctx, id)
}

// RemoveListing takes integration id out of the marketplace. Its
// versions, the customers' values and every instance stay untouched.
func (s *Service) RemoveListing(ctx context.Context, id ulid.ULID) error {
	return s.store.DeleteListing(ctx, id)
}

// PinVersion makes the listing of integration id present version number
// (0: the latest available). The version must exist. Instances are not
// touched.
func (s *Service) PinVersion(ctx context.Context, id ulid.ULID, number int) (*Listing, error) {
	if number < 0 {
		return nil, &customerkit.ValidationError{Subject: "listing", Fields: []customerkit.FieldError{{Path: "pinned_version", Code: customerkit.CodeInvalid}}}
	}
	if number > 0 {
		if _, err := s.store.GetVersion(ctx, id, number); err != nil {
			if isNotFound(err) {
				return nil, &customerkit.ValidationError{Subject: "listing", Fields: []customerkit.FieldError{{Path: "pinned_version", Code: customerkit.CodeInvalid, Detail: "no version " + strconv.Itoa(number)}}}
			}
			return nil, err
		}
	}
	now := s.opts.NowFunc().UTC()
	return s.store.UpdateListing(ctx, id, func(l *Listing) error {
		l.PinnedVersion, l.UpdatedAt = number, now
		return nil
	})
}

// ListListings returns one page of the listings matching q.
func (s *Service) ListListings(ctx context.Context, q *Query, after customerkit.Cursor) (customerkit.Page[Listing], error) {
	return s.store.ListListings(ctx, q.Normalize(), after)
}

// Listings iterates over every listing matching q.
func (s *Service) Listings(ctx context.Context, q *Query) iter.Seq2[*Listing, error] {
	q = q.Normalize()
	return customerkit.Iterate(func(after customerkit.Cursor) (customerkit.Page[Listing], error) {
		return s.store.ListListings(ctx, q, after)
	})
}

// SetCustomerValues replaces the values the organization (or the host
// application) supplies to customer customerID for integration id —
// typically embedded variables. Keys must be variable keys; a key the
// integration's latest version declares must fit its type (values are
// stored in canonical form). An empty map clears them. They win over the
// listing's OrgValues.
func (s *Service) SetCustomerValues(ctx context.Context, id, customerID ulid.ULID, values map[string]string) (*CustomerValues, error) {
	in, err := s.store.GetIntegration(ctx, id)
	if err != nil {
		return nil, err
	}
	var vars []ConfigVar
	if in.LatestVersion > 0 {
		v, err := s.store.GetVersion(ctx, id, in.LatestVersion)
		if err != nil {
			return nil, err
		}
		vars = v.ConfigVars
	}
	if err := orgValues(values, vars); err != nil {
		ve := &customerkit.ValidationError{Subject: "marketplace"}
		for _, f := range err.(*customerkit.ValidationError).Fields {
			ve.Add("values"+strings.TrimPrefix(f.Path, "org_values"), f.Code, f.Detail)
		}
		return nil, ve
	}
	canon := canonicalValues(values, vars)
	now := s.opts.NowFunc().UTC()
	return s.store.UpdateCustomerValues(ctx, id, customerID, func(cv *CustomerValues) error {
		cv.Values = maps.Clone(canon)
		cv.UpdatedAt = now
		return nil
	})
}

// GetCustomerValues returns the values set for customer customerID and
// integration id, or ErrNotFound.
func (s *Service) GetCustomerValues(ctx context.Context, id, customerID ulid.ULID) (*CustomerValues, error) {
	return s.store.GetCustomerValues(ctx, id, customerID)
}

// ListingsForCustomer returns every listing customerID sees, each with its
// integration, presented version and the customer's values, in one store
// query. The caller must not show organization or embedded values or
// defaults to the customer: see CustomerVars.
func (s *Service) ListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*ListingBundle, error) {
	return s.store.ListingsForCustomer(ctx, customerID)
}

// CustomerVars returns the definitions of vars a customer may see and set
// (visibility customer), in display order (SortVars).
func CustomerVars(vars []ConfigVar) []ConfigVar {
	var out []ConfigVar
	for _, v := range vars {
		if v.Visibility.CustomerVisible() {
			out = append(out, v.Clone())
		}
	}
	SortVars(out)
	return out
}

// SortVars sorts vars for display: by header (variables without a header
// first, then headers in order of first appearance), then by Order, ties
// keeping definition order.
func SortVars(vars []ConfigVar) {
	if len(vars) < 2 {
		return
	}
	// A header ranks by its first appearance. Definitions have few
	// headers, kept in a small array (a map when there are many), and
	// are mostly in display order already: the keys are checked before
	// anything moves.
	var few [8]string
	headers := few[:0]
	var many map[string]int
	rank := func(h string) int {
		if h == "" {
			return -1
		}
		if many != nil {
			return many[h]
		}
		for i, x := range headers {
			if x == h {
				return i
			}
		}
		return len(headers)
	}
	for i := range vars {
		h := vars[i].Header
		switch {
		case h == "":
		case many != nil:
			if _, ok := many[h]; !ok {
				many[h] = len(many)
			}
		case slices.Contains(headers, h):
		case len(headers) < len(few):
			headers = append(headers, h)
		default:
			many = make(map[string]int, 2*len(few))
			for k, x := range headers {
				many[x] = k
			}
			many[h] = len(many)
		}
	}
	compare := func(ra, rb, oa, ob int) int {
		if ra != rb {
			return ra - rb
		}
		return oa - ob
	}
	sorted := true
	prev := rank(vars[0].Header)
	for i := 1; i < len(vars) && sorted; i++ {
		r := rank(vars[i].Header)
		sorted = compare(prev, r, vars[i-1].Order, vars[i].Order) <= 0
		prev = r
	}
	if sorted {
		return
	}
	slices.SortStableFunc(vars, func(a, b ConfigVar) int {
		return compare(rank(a.Header), rank(b.Header), a.Order, b.Order)
	})
}

func isNotFound(err error) bool      { return errors.Is(err, customerkit.ErrNotFound) }
func isAlreadyExists(err error) bool { return errors.Is(err, customerkit.ErrAlreadyExists) }
