package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/marketplace"
)

var _ marketplace.Store = (*Store)(nil)

// The marketplace tables (migration 0002). Labels, allowed customers,
// organization values, config-variable definitions and customer values
// are JSON columns (jsonb on PostgreSQL).
const (
	// integrationTable holds one row per integration; name_key =
	// marketplace.NameKey(name) carries the unique index of the name, and
	// category_key = foldKey(category) serves the category filter.
	integrationTable = TablePrefix + "integrations"
	// versionTable holds one row per published version, keyed by
	// (integration_id, number).
	versionTable = TablePrefix + "integration_versions"
	// listingTable holds at most one listing per integration, keyed by
	// integration_id.
	listingTable = TablePrefix + "listings"
	// valuesTable holds a customer's values of one integration, keyed by
	// (integration_id, customer_id).
	valuesTable = TablePrefix + "customer_values"
)

// The columns of the marketplace tables, in the order the args functions
// write them and the scan functions read them. A read list leaves out the
// derived key columns.
const (
	integrationWriteColumns = "id, name, name_key, description, category, category_key, labels, icon, " +
		"customer_id, latest_version, version, created_at, updated_at"
	integrationColumns = "id, name, description, category, labels, icon, customer_id, latest_version, " +
		"version, created_at, updated_at"
	versionColumns      = "integration_id, number, comment, available, config_vars, published_at"
	listingWriteColumns = "integration_id, availability, pinned_version, overview, category, category_key, " +
		"labels, allow_multiple, allowed_customers, org_values, version, created_at, updated_at"
	listingColumns = "integration_id, availability, pinned_version, overview, category, labels, " +
		"allow_multiple, allowed_customers, org_values, version, created_at, updated_at"
	valuesColumns = "integration_id, customer_id, field_values, version, updated_at"
)

// The names of the marketplace lists in their cursors.
const (
	integrationsList = "integrations"
	listingsList     = "listings"
	versionsList     = "versions"
)

// scanner is a *sql.Row or *sql.Rows (an alias, so that a scan function
// fits queryPage).
type scanner = interface{ Scan(dest ...any) error }

// nilRecord is the error of a nil record handed to a write.
func nilRecord(what string) error {
	return &customerkit.ValidationError{Subject: what, Fields: []customerkit.FieldError{
		{Path: what, Code: customerkit.CodeRequired, Detail: "nil " + what},
	}}
}

// foldKey returns the key of s under simple Unicode case folding: every
// rune replaced by the smallest rune of its strings.EqualFold orbit (and
// invalid UTF-8 by U+FFFD, as EqualFold reads it), so that foldKey(a) ==
// foldKey(b) exactly when strings.EqualFold(a, b). It keys the category
// filter of marketplace.Query.
func foldKey(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// An ASCII letter's orbit is {lower, upper} (k and s also reach
		// U+212A and U+017F, which are larger): upper case is smallest.
		return strings.ToUpper(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		m := r
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			m = min(m, f)
		}
		b.WriteRune(m)
	}
	return b.String()
}

// hasNUL reports whether any of ss holds a NUL character.
func hasNUL(ss ...string) bool {
	for _, s := range ss {
		if strings.IndexByte(s, 0) >= 0 {
			return true
		}
	}
	return false
}

// nullTime reads a nullable time column: the zero time for NULL.
type nullTime struct{ t *time.Time }

func (n nullTime) Scan(src any) error {
	if src == nil {
		*n.t = time.Time{}
		return nil
	}
	return timeScanner(n).Scan(src)
}

// nullTimeArg is the value of a nullable time column: NULL for the zero
// time.
func (s *Store) nullTimeArg(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return s.d.timeArg(storedTime(t))
}

// --- integrations ---

func integrationNotFound(id ulid.ULID) error { return notFound("integration", id) }

// integrationArgs returns the values of in's row, in
// integrationWriteColumns order.
func (s *Store) integrationArgs(in *marketplace.Integration) ([]any, error) {
	e := jsonEncoder{subject: "integration"}
	args := []any{
		in.ID.String(), in.Name, marketplace.NameKey(in.Name), in.Description, in.Category, foldKey(in.Category),
		e.enc("labels", in.Labels, len(in.Labels) == 0), in.Icon, nullID(in.CustomerID),
		in.LatestVersion, in.Version, s.d.timeArg(storedTime(in.CreatedAt)), s.d.timeArg(storedTime(in.UpdatedAt)),
	}
	return args, e.err
}

// integrationRow receives one row of integrationColumns.
type integrationRow struct {
	in        marketplace.Integration
	id, owner sql.NullString
	labels    jsonCol
}

func (r *integrationRow) dest() []any {
	in := &r.in
	return []any{&r.id, &in.Name, &in.Description, &in.Category, &r.labels, &in.Icon, &r.owner,
		intCol{&in.LatestVersion}, int64Col{&in.Version}, timeScanner{&in.CreatedAt}, timeScanner{&in.UpdatedAt}}
}

// integration returns the integration scanned into r.
func (r *integrationRow) integration() (*marketplace.Integration, error) {
	in := r.in // a copy: r may be scanned again
	var err error
	if in.ID, err = parseID("integration", "id", r.id); err != nil {
		return nil, err
	}
	if in.CustomerID, err = parseID("integration", "customer_id", r.owner); err != nil {
		return nil, err
	}
	in.Labels = nil
	d := jsonDecoder{what: "integration"}
	d.col(&r.labels, &in.Labels)
	if d.err != nil {
		return nil, fmt.Errorf("%w (integration %s)", d.err, r.id.String)
	}
	return &in, nil
}

func scanIntegration(sc scanner) (*marketplace.Integration, error) {
	var r integrationRow
	if err := sc.Scan(r.dest()...); err != nil {
		return nil, err
	}
	return r.integration()
}

// CreateIntegration stores in with one INSERT: the unique index on
// name_key refuses a taken name, the primary key a taken ID, the foreign
// key on customer_id an owner that does not exist. See marketplace.Store.
func (s *Store) CreateIntegration(ctx context.Context, in *marketplace.Integration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if in == nil {
		return nilRecord("integration")
	}
	args, err := s.integrationArgs(in)
	if err != nil {
		return err
	}
	query := s.d.rebind("INSERT INTO " + integrationTable + " (" + integrationWriteColumns + ") VALUES " + valuesList(1, len(args)))
	err = s.write(ctx, false, func(q querier) error {
		_, err := q.ExecContext(ctx, query, args...)
		return err
	})
	return s.translate(ctx, "create integration", "integration", err, ownerMissing("integration", in.CustomerID))
}

// GetIntegration reads integration id. See marketplace.Store.
func (s *Store) GetIntegration(ctx context.Context, id ulid.ULID) (*marketplace.Integration, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	in, err := scanIntegration(s.prepared().QueryRowContext(ctx,
		s.d.rebind("SELECT "+integrationColumns+" FROM "+integrationTable+" WHERE id = ?"), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, integrationNotFound(id)
	}
	if err != nil {
		return nil, s.translate(ctx, "get integration", "integration", err, nil)
	}
	return in, nil
}

// UpdateIntegration is a read-modify-write in one transaction, as
// UpdateCustomer: the row is read FOR UPDATE (PostgreSQL) or under the
// write lock of BEGIN IMMEDIATE (SQLite) and written back guarded by its
// version. The UPDATE never sets id, customer_id or latest_version, so the
// stored ones stay whatever update does. See marketplace.Store.
func (s *Store) UpdateIntegration(ctx context.Context, id ulid.ULID, update func(*marketplace.Integration) error) (*marketplace.Integration, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sel := s.d.rebind("SELECT " + integrationColumns + " FROM " + integrationTable + " WHERE id = ?" + s.d.forUpdate)
	upd := s.d.rebind("UPDATE " + integrationTable + " SET name = ?, name_key = ?, description = ?, category = ?, " +
		"category_key = ?, labels = ?, icon = ?, version = ?, created_at = ?, updated_at = ? WHERE id = ? AND version = ?")
	var (
		out       *marketplace.Integration
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, err := scanIntegration(q.QueryRowContext(ctx, sel, id.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return integrationNotFound(id)
		}
		if err != nil {
			return err
		}
		c := old.Clone()
		if update != nil {
			if err := update(c); err != nil {
				updateErr = err
				return err
			}
			c = c.Clone() // update may keep a pointer to the copy it saw
		}
		c.ID, c.CustomerID, c.LatestVersion = old.ID, old.CustomerID, old.LatestVersion
		c.Version = old.Version + 1
		c.CreatedAt, c.UpdatedAt = storedTime(c.CreatedAt), storedTime(c.UpdatedAt)
		args, err := s.integrationArgs(c)
		if err != nil {
			updateErr = err
			return err
		}
		// integrationWriteColumns: 1 name .. 7 icon, 10 version .. 12 updated_at.
		args = append(append(args[1:8], args[10:]...), id.String(), old.Version)
		res, err := q.ExecContext(ctx, upd, args...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		out = c
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update integration", "integration", err, nil)
	}
	return out.Clone(), nil
}

// ListIntegrations returns one keyset page in ID order: "id > ? ORDER BY
// id LIMIT n+1", on the (category_key, id) index when q names a category.
// See marketplace.Store.
func (s *Store) ListIntegrations(ctx context.Context, q *marketplace.Query, after customerkit.Cursor) (customerkit.Page[marketplace.Integration], error) {
	var page customerkit.Page[marketplace.Integration]
	items, more, err := listMarketplace(ctx, s, q, after, integrationsList, "id",
		"SELECT "+integrationColumns+" FROM "+integrationTable, scanIntegration)
	if err != nil {
		return page, err
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(integrationsList, 0, items[len(items)-1].ID)
	}
	return page, nil
}

// ListListings returns one keyset page in integration ID order, as
// ListIntegrations. See marketplace.Store.
func (s *Store) ListListings(ctx context.Context, q *marketplace.Query, after customerkit.Cursor) (customerkit.Page[marketplace.Listing], error) {
	var page customerkit.Page[marketplace.Listing]
	items, more, err := listMarketplace(ctx, s, q, after, listingsList, "integration_id",
		"SELECT "+listingColumns+" FROM "+listingTable, scanListing)
	if err != nil {
		return page, err
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(listingsList, 0, items[len(items)-1].IntegrationID)
	}
	return page, nil
}

// listMarketplace runs the page query of ListIntegrations and
// ListListings: sel filtered by q's category (category_key) and label
// (the labels JSON array), after the cursor, ordered by key.
func listMarketplace[T any](ctx context.Context, s *Store, q *marketplace.Query, after customerkit.Cursor,
	list, key, sel string, scan func(scanner) (*T, error)) ([]*T, bool, error) {
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	q = q.Normalize()
	w := newWhere(s.d)
	if !after.IsZero() {
		_, from, err := decodeKeyCursor(after, list)
		if err != nil {
			return nil, false, err
		}
		w.add(key + " > " + w.p(from.String()))
	}
	if s.d.noNUL && hasNUL(q.Category, q.Label) {
		return nil, false, nil // no stored text holds a NUL
	}
	if q.Category != "" {
		w.add("category_key = " + w.p(foldKey(q.Category)))
	}
	if q.Label != "" {
		w.add(s.d.jsonHasAll("labels", []string{q.Label}, w.p))
	}
	query := sel + w.String() + " ORDER BY " + key + " LIMIT " + w.p(int64(q.Limit+1))
	items, more, err := queryPage(ctx, s.prepared(), query, w.args, q.Limit, scan)
	if err != nil {
		return nil, false, s.translate(ctx, "list "+list, strings.TrimSuffix(list, "s"), err, nil)
	}
	return items, more, nil
}

// --- versions ---

func versionNotFound(id ulid.ULID, number int) error {
	return fmt.Errorf("sqlstore: version %d of integration %s: %w", number, id, customerkit.ErrNotFound)
}

// versionRow receives one row of versionColumns.
type versionRow struct {
	v    marketplace.IntegrationVersion
	id   sql.NullString
	vars jsonCol
}

func (r *versionRow) dest() []any {
	v := &r.v
	return []any{&r.id, intCol{&v.Number}, &v.Comment, &v.Available, &r.vars, timeScanner{&v.PublishedAt}}
}

// version returns the version scanned into r; its definitions come
// through the Store's cache.
func (r *versionRow) version(s *Store) (*marketplace.IntegrationVersion, error) {
	v := r.v
	var err error
	if v.IntegrationID, err = parseID("version", "integration_id", r.id); err != nil {
		return nil, err
	}
	d := jsonDecoder{what: "version"}
	v.ConfigVars = s.vars.decode(&r.vars, &d)
	if d.err != nil {
		return nil, fmt.Errorf("%w (version %d of integration %s)", d.err, v.Number, r.id.String)
	}
	return &v, nil
}

// scanVersion reads one row of versionColumns.
func (s *Store) scanVersion(sc scanner) (*marketplace.IntegrationVersion, error) {
	var r versionRow
	if err := sc.Scan(r.dest()...); err != nil {
		return nil, err
	}
	return r.version(s)
}

// PublishVersion runs, in one transaction, "UPDATE integrations SET
// latest_version = latest_version + 1, ... RETURNING latest_version" and
// the INSERT of the version under that number. The UPDATE locks the
// integration's row (PostgreSQL; on SQLite BEGIN IMMEDIATE holds the write
// lock) until the commit, so concurrent publishers take numbers one after
// the other: distinct and consecutive. See marketplace.Store.
func (s *Store) PublishVersion(ctx context.Context, v *marketplace.IntegrationVersion) (*marketplace.IntegrationVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if v == nil {
		return nil, nilRecord("version")
	}
	c := v.Clone()
	c.PublishedAt = storedTime(c.PublishedAt)
	e := jsonEncoder{subject: "version"}
	vars := e.enc("config_vars", c.ConfigVars, c.ConfigVars == nil)
	if e.err != nil {
		return nil, e.err
	}
	at := s.d.timeArg(c.PublishedAt)
	bump := s.d.rebind("UPDATE " + integrationTable + " SET latest_version = latest_version + 1, version = version + 1, " +
		"updated_at = ? WHERE id = ? RETURNING latest_version")
	ins := s.d.rebind("INSERT INTO " + versionTable + " (" + versionColumns + ") VALUES " + valuesList(1, 6))
	err := s.write(ctx, true, func(q querier) error {
		var n int
		err := q.QueryRowContext(ctx, bump, at, c.IntegrationID.String()).Scan(&n)
		if errors.Is(err, sql.ErrNoRows) {
			return integrationNotFound(c.IntegrationID)
		}
		if err != nil {
			return err
		}
		c.Number = n
		_, err = q.ExecContext(ctx, ins, c.IntegrationID.String(), n, c.Comment, c.Available, vars, at)
		return err
	})
	if errors.Is(err, customerkit.ErrNotFound) {
		return nil, err
	}
	if err != nil {
		return nil, s.translate(ctx, "publish version", "version", err, nil)
	}
	return c.Clone(), nil
}

// GetVersion reads version number of integration id. See
// marketplace.Store.
func (s *Store) GetVersion(ctx context.Context, id ulid.ULID, number int) (*marketplace.IntegrationVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if number < 1 {
		return nil, versionNotFound(id, number)
	}
	v, err := s.scanVersion(s.prepared().QueryRowContext(ctx,
		s.d.rebind("SELECT "+versionColumns+" FROM "+versionTable+" WHERE integration_id = ? AND number = ?"), id.String(), number))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, versionNotFound(id, number)
	}
	if err != nil {
		return nil, s.translate(ctx, "get version", "version", err, nil)
	}
	return v, nil
}

// SetVersionAvailable sets the available column with one "UPDATE ...
// RETURNING". See marketplace.Store.
func (s *Store) SetVersionAvailable(ctx context.Context, id ulid.ULID, number int, available bool) (*marketplace.IntegrationVersion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if number < 1 {
		return nil, versionNotFound(id, number)
	}
	query := s.d.rebind("UPDATE " + versionTable + " SET available = ? WHERE integration_id = ? AND number = ? RETURNING " + versionColumns)
	var out *marketplace.IntegrationVersion
	err := s.write(ctx, false, func(q querier) error {
		var err error
		out, err = s.scanVersion(q.QueryRowContext(ctx, query, available, id.String(), number))
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return nil, versionNotFound(id, number)
	}
	if err != nil {
		return nil, s.translate(ctx, "set version available", "version", err, nil)
	}
	return out, nil
}

// ListVersions returns one keyset page of the primary key: "integration_id
// = ? AND number > ? ORDER BY number LIMIT n+1". A cursor holds the
// integration's ID and the last number, and is refused for another
// integration. See marketplace.Store.
func (s *Store) ListVersions(ctx context.Context, id ulid.ULID, limit int, after customerkit.Cursor) (customerkit.Page[marketplace.IntegrationVersion], error) {
	var page customerkit.Page[marketplace.IntegrationVersion]
	if err := ctx.Err(); err != nil {
		return page, err
	}
	switch {
	case limit < 1:
		limit = marketplace.DefaultLimit
	case limit > marketplace.MaxLimit:
		limit = marketplace.MaxLimit
	}
	var from int64
	if !after.IsZero() {
		n, cid, err := decodeKeyCursor(after, versionsList)
		if err != nil {
			return page, err
		}
		if cid != id || n < 1 {
			return page, customerkit.InvalidCursor("sqlstore: the cursor belongs to another integration's versions")
		}
		from = n
	}
	w := newWhere(s.d)
	w.add("integration_id = " + w.p(id.String()))
	w.add("number > " + w.p(from))
	query := "SELECT " + versionColumns + " FROM " + versionTable + w.String() + " ORDER BY number LIMIT " + w.p(int64(limit+1))
	items, more, err := queryPage(ctx, s.prepared(), query, w.args, limit, s.scanVersion)
	if err != nil {
		return page, s.translate(ctx, "list versions", "version", err, nil)
	}
	page.Items = items
	if more {
		page.Next = encodeKeyCursor(versionsList, int64(items[len(items)-1].Number), id)
	}
	return page, nil
}

// --- listings ---

func listingNotFound(id ulid.ULID) error {
	return fmt.Errorf("sqlstore: listing of integration %s: %w", id, customerkit.ErrNotFound)
}

// listingArgs returns the values of l's row, in listingWriteColumns order.
// An empty allow-list is NULL, which ListingsForCustomer reads as "every
// customer".
func (s *Store) listingArgs(l *marketplace.Listing) ([]any, error) {
	e := jsonEncoder{subject: "listing"}
	args := []any{
		l.IntegrationID.String(), string(l.Availability), l.PinnedVersion, l.Overview, l.Category, foldKey(l.Category),
		e.enc("labels", l.Labels, len(l.Labels) == 0), l.AllowMultiple,
		e.enc("allowed_customers", l.AllowedCustomers, len(l.AllowedCustomers) == 0),
		e.enc("org_values", l.OrgValues, len(l.OrgValues) == 0),
		l.Version, s.d.timeArg(storedTime(l.CreatedAt)), s.d.timeArg(storedTime(l.UpdatedAt)),
	}
	return args, e.err
}

// listingRow receives one row of listingColumns.
type listingRow struct {
	l                          marketplace.Listing
	id                         sql.NullString
	availability               string
	labels, allowed, orgValues jsonCol
}

func (r *listingRow) dest() []any {
	l := &r.l
	return []any{&r.id, &r.availability, intCol{&l.PinnedVersion}, &l.Overview, &l.Category, &r.labels,
		&l.AllowMultiple, &r.allowed, &r.orgValues, int64Col{&l.Version}, timeScanner{&l.CreatedAt}, timeScanner{&l.UpdatedAt}}
}

func (r *listingRow) listing() (*marketplace.Listing, error) {
	l := r.l
	var err error
	if l.IntegrationID, err = parseID("listing", "integration_id", r.id); err != nil {
		return nil, err
	}
	l.Availability = marketplace.Availability(r.availability)
	l.Labels, l.AllowedCustomers, l.OrgValues = nil, nil, nil
	d := jsonDecoder{what: "listing"}
	d.col(&r.labels, &l.Labels)
	d.col(&r.allowed, &l.AllowedCustomers)
	d.col(&r.orgValues, &l.OrgValues)
	if d.err != nil {
		return nil, fmt.Errorf("%w (listing of integration %s)", d.err, r.id.String)
	}
	return &l, nil
}

func scanListing(sc scanner) (*marketplace.Listing, error) {
	var r listingRow
	if err := sc.Scan(r.dest()...); err != nil {
		return nil, err
	}
	return r.listing()
}

// CreateListing stores l with one INSERT: the foreign key refuses a
// missing integration, the primary key a second listing. See
// marketplace.Store.
func (s *Store) CreateListing(ctx context.Context, l *marketplace.Listing) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l == nil {
		return nilRecord("listing")
	}
	args, err := s.listingArgs(l)
	if err != nil {
		return err
	}
	query := s.d.rebind("INSERT INTO " + listingTable + " (" + listingWriteColumns + ") VALUES " + valuesList(1, len(args)))
	err = s.write(ctx, false, func(q querier) error {
		_, err := q.ExecContext(ctx, query, args...)
		return err
	})
	return s.translate(ctx, "create listing", "listing", err, integrationNotFound(l.IntegrationID))
}

// GetListing reads the listing of integration id. See marketplace.Store.
func (s *Store) GetListing(ctx context.Context, id ulid.ULID) (*marketplace.Listing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	l, err := scanListing(s.prepared().QueryRowContext(ctx,
		s.d.rebind("SELECT "+listingColumns+" FROM "+listingTable+" WHERE integration_id = ?"), id.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, listingNotFound(id)
	}
	if err != nil {
		return nil, s.translate(ctx, "get listing", "listing", err, nil)
	}
	return l, nil
}

// UpdateListing is a read-modify-write in one transaction, as
// UpdateIntegration. See marketplace.Store.
func (s *Store) UpdateListing(ctx context.Context, id ulid.ULID, update func(*marketplace.Listing) error) (*marketplace.Listing, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sel := s.d.rebind("SELECT " + listingColumns + " FROM " + listingTable + " WHERE integration_id = ?" + s.d.forUpdate)
	upd := s.d.rebind("UPDATE " + listingTable + " SET " + setList(listingWriteColumns[len("integration_id, "):]) +
		" WHERE integration_id = ? AND version = ?")
	var (
		out       *marketplace.Listing
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, err := scanListing(q.QueryRowContext(ctx, sel, id.String()))
		if errors.Is(err, sql.ErrNoRows) {
			return listingNotFound(id)
		}
		if err != nil {
			return err
		}
		c := old.Clone()
		if update != nil {
			if err := update(c); err != nil {
				updateErr = err
				return err
			}
			c = c.Clone()
		}
		c.IntegrationID = id
		c.Version = old.Version + 1
		c.CreatedAt, c.UpdatedAt = storedTime(c.CreatedAt), storedTime(c.UpdatedAt)
		args, err := s.listingArgs(c)
		if err != nil {
			updateErr = err
			return err
		}
		res, err := q.ExecContext(ctx, upd, append(args[1:], id.String(), old.Version)...)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		out = c
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update listing", "listing", err, nil)
	}
	return out.Clone(), nil
}

// DeleteListing deletes the listing row alone with one DELETE: versions,
// customer values and instances reference the integration, not the
// listing. See marketplace.Store.
func (s *Store) DeleteListing(ctx context.Context, id ulid.ULID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	err := s.deleteByID(ctx, "listing", listingTable, "integration_id", id.String())
	if errors.Is(err, customerkit.ErrNotFound) {
		return listingNotFound(id)
	}
	return err
}

// --- customer values ---

func valuesNotFound(id, customerID ulid.ULID) error {
	return fmt.Errorf("sqlstore: values of customer %s for integration %s: %w", customerID, id, customerkit.ErrNotFound)
}

func scanValues(sc scanner) (*marketplace.CustomerValues, error) {
	var (
		cv        marketplace.CustomerValues
		id, owner sql.NullString
		values    jsonCol
	)
	if err := sc.Scan(&id, &owner, &values, &cv.Version, timeScanner{&cv.UpdatedAt}); err != nil {
		return nil, err
	}
	var err error
	if cv.IntegrationID, err = parseID("customer values", "integration_id", id); err != nil {
		return nil, err
	}
	if cv.CustomerID, err = parseID("customer values", "customer_id", owner); err != nil {
		return nil, err
	}
	d := jsonDecoder{what: "values of customer " + owner.String}
	d.col(&values, &cv.Values)
	if d.err != nil {
		return nil, d.err
	}
	return &cv, nil
}

// GetCustomerValues reads a customer's values. See marketplace.Store.
func (s *Store) GetCustomerValues(ctx context.Context, id, customerID ulid.ULID) (*marketplace.CustomerValues, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	cv, err := scanValues(s.prepared().QueryRowContext(ctx,
		s.d.rebind("SELECT "+valuesColumns+" FROM "+valuesTable+" WHERE integration_id = ? AND customer_id = ?"),
		id.String(), customerID.String()))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, valuesNotFound(id, customerID)
	}
	if err != nil {
		return nil, s.translate(ctx, "get customer values", "customer values", err, nil)
	}
	return cv, nil
}

// UpdateCustomerValues is a read-modify-write in one transaction. The row
// is read FOR UPDATE (PostgreSQL) or under the write lock (SQLite); when
// there is none, the integration and the customer are looked up first (so
// update never runs for a missing one) and the new row is inserted with
// "ON CONFLICT DO NOTHING": a concurrent creator that got there first
// makes the transaction run again, and update then sees its values. The
// foreign keys refuse an integration or customer deleted meanwhile. See
// marketplace.Store.
func (s *Store) UpdateCustomerValues(ctx context.Context, id, customerID ulid.ULID, update func(*marketplace.CustomerValues) error) (*marketplace.CustomerValues, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sel := s.d.rebind("SELECT " + valuesColumns + " FROM " + valuesTable + " WHERE integration_id = ? AND customer_id = ?" + s.d.forUpdate)
	exists := s.d.rebind("SELECT (SELECT count(*) FROM " + integrationTable + " WHERE id = ?), " +
		"(SELECT count(*) FROM " + customerTable + " WHERE ulid = ?)")
	ins := s.d.rebind("INSERT INTO " + valuesTable + " (" + valuesColumns + ") VALUES " + valuesList(1, 5) +
		" ON CONFLICT (integration_id, customer_id) DO NOTHING")
	upd := s.d.rebind("UPDATE " + valuesTable + " SET field_values = ?, version = ?, updated_at = ? " +
		"WHERE integration_id = ? AND customer_id = ? AND version = ?")
	var (
		out       *marketplace.CustomerValues
		updateErr error
	)
	err := s.write(ctx, true, func(q querier) error {
		updateErr = nil
		old, err := scanValues(q.QueryRowContext(ctx, sel, id.String(), customerID.String()))
		switch {
		case errors.Is(err, sql.ErrNoRows):
			old = nil
			var nin, ncu int
			if err := q.QueryRowContext(ctx, exists, id.String(), customerID.String()).Scan(&nin, &ncu); err != nil {
				return err
			}
			if nin == 0 {
				return integrationNotFound(id)
			}
			if ncu == 0 {
				return ownerMissing("customer values", customerID)
			}
		case err != nil:
			return err
		}
		c := &marketplace.CustomerValues{IntegrationID: id, CustomerID: customerID}
		var version int64
		if old != nil {
			c, version = old.Clone(), old.Version
		}
		if update != nil {
			if err := update(c); err != nil {
				updateErr = err
				return err
			}
			c = c.Clone()
		}
		c.IntegrationID, c.CustomerID, c.Version = id, customerID, version+1
		c.UpdatedAt = storedTime(c.UpdatedAt)
		e := jsonEncoder{subject: "customer values"}
		values := e.enc("values", c.Values, len(c.Values) == 0)
		if e.err != nil {
			updateErr = e.err
			return e.err
		}
		var res sql.Result
		if old == nil {
			res, err = q.ExecContext(ctx, ins, id.String(), customerID.String(), values, c.Version, s.d.timeArg(c.UpdatedAt))
		} else {
			res, err = q.ExecContext(ctx, upd, values, c.Version, s.d.timeArg(c.UpdatedAt), id.String(), customerID.String(), version)
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err == nil && n == 0 {
			return errRetry
		}
		out = c
		return nil
	})
	switch {
	case updateErr != nil:
		return nil, updateErr
	case errors.Is(err, customerkit.ErrNotFound):
		return nil, err
	case err != nil:
		return nil, s.translate(ctx, "update customer values", "customer values", err,
			fmt.Errorf("sqlstore: integration %s or customer %s: %w", id, customerID, customerkit.ErrNotFound))
	}
	return out.Clone(), nil
}

// DeleteCustomerValues deletes a customer's values with one DELETE. See
// marketplace.Store.
func (s *Store) DeleteCustomerValues(ctx context.Context, id, customerID ulid.ULID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	query := s.d.rebind("DELETE FROM " + valuesTable + " WHERE integration_id = ? AND customer_id = ?")
	var n int64
	err := s.write(ctx, false, func(q querier) error {
		res, err := q.ExecContext(ctx, query, id.String(), customerID.String())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return s.translate(ctx, "delete customer values", "customer values", err, nil)
	}
	if n == 0 {
		return valuesNotFound(id, customerID)
	}
	return nil
}

// --- the customer's marketplace ---

// ListingsForCustomer is SharedListingsForCustomer (one statement; see
// marketSQL), with copies of the records. See marketplace.Store.
func (s *Store) ListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*marketplace.ListingBundle, error) {
	out, err := s.SharedListingsForCustomer(ctx, customerID)
	if err != nil {
		return nil, err
	}
	for _, b := range out {
		b.Listing, b.Integration = b.Listing.Clone(), b.Integration.Clone()
		if v := b.Version; v != nil {
			c := *v
			c.ConfigVars = cloneVars(v.ConfigVars)
			b.Version = &c
		}
		// CustomerValues are read anew by every call.
	}
	return out, nil
}
