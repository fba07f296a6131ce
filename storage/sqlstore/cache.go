package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/oklog/ulid/v2"

	"github.com/customerkit/customerkit/marketplace"
)

var _ marketplace.SharedListingsReader = (*Store)(nil)

// generationTable holds the marketplace generation (migration 0008): one
// row whose generation changes with every row written to or deleted from
// the integrations, versions and listings tables.
const generationTable = TablePrefix + "marketplace_generation"

// marketCacheBytes bounds the Store's copy of the listed marketplace: the
// text its rows held (names, overviews, labels, allow-lists, values,
// definitions) plus marketRowBytes a listing. A marketplace larger than
// this is read, filtered by customer, on every view instead.
const (
	marketCacheBytes = 8 << 20
	marketRowBytes   = 512
)

// marketCache is the Store's copy of the listed marketplace: every listing
// that is not not_available, with its integration and the version it
// presents, decoded, in integration order, and the marketplace generation
// they were read with, in one statement. While the generation the database
// holds is that one, nothing they were read from has changed (migration
// 0008), so a customer's view reads only the generation and its own
// values. The records are shared by every read and never changed: a new
// generation replaces the snapshot as a whole. It is safe for concurrent
// use, and shared by the Store and the copies WithTx makes.
type marketCache struct {
	snap atomic.Pointer[marketSnapshot]

	mu sync.Mutex
	// tooLarge, when set, is the generation whose marketplace was larger
	// than maxBytes: reads filter by customer until the generation moves.
	tooLarge    int64
	tooLargeSet bool
	// maxBytes is marketCacheBytes; tests make it smaller.
	maxBytes int

	once  sync.Once
	query string // marketSQL's text
}

// marketSnapshot is one generation of the listed marketplace.
type marketSnapshot struct {
	generation int64
	listings   []cachedListing // by integration ID
}

// cachedListing is one listed listing, as a snapshot keeps it.
type cachedListing struct {
	l  *marketplace.Listing
	in *marketplace.Integration
	v  *marketplace.IntegrationVersion // the presented version; nil when none
}

// limit returns the most a snapshot may hold.
func (c *marketCache) limit() int {
	if c.maxBytes > 0 {
		return c.maxBytes
	}
	return marketCacheBytes
}

// marketSQL returns the statement of SharedListingsForCustomer, with its
// arguments: the customer, the generation of the snapshot the Store holds
// (nil: none) and whether to read every listed listing (to keep them) or
// only the customer's. ONE statement, so the generation and the rows are
// read together:
//
//	SELECT 0, g.generation, cv.integration_id, cv.field_values, cv.version, cv.updated_at, NULL, ...
//	FROM marketplace_generation g
//	LEFT JOIN customer_values cv ON g.generation = :held AND cv.customer_id = :customer
//	UNION ALL
//	SELECT 1, NULL, l.integration_id, cv.field_values, cv.version, cv.updated_at, l.*, i.*, v.*
//	FROM marketplace_generation h CROSS JOIN listings l JOIN integrations i ON i.id = l.integration_id
//	LEFT JOIN integration_versions v ON v.integration_id = l.integration_id AND v.number =
//	  CASE WHEN l.pinned_version > 0 THEN l.pinned_version
//	  ELSE (SELECT number FROM integration_versions WHERE integration_id = l.integration_id AND available
//	        ORDER BY number DESC LIMIT 1) END
//	LEFT JOIN customer_values cv ON cv.integration_id = l.integration_id AND cv.customer_id = :customer
//	WHERE coalesce(h.generation <> :held, true)
//	  AND l.availability IN (<listed>) AND (:all OR <the customer sees it>)
//
// While the held generation is current, the second part reads nothing
// (the generation row is its outer loop, SQLite's CROSS JOIN keeps it so,
// and it fails the first condition) and the first returns the customer's
// values; otherwise the first returns the generation alone and the second
// the listings, each with the customer's values. The version is the one
// marketplace.PresentNumber's rule presents; "the customer sees it" is
// Listing.VisibleTo's rule, which every row passes through again. The
// text is the same for every call (numbered parameters), so it is
// prepared once.
func (s *Store) marketSQL(customerID ulid.ULID, held *int64, all bool) (string, []any) {
	c := s.market
	cid := customerID.String()
	var allowArg any
	s.d.jsonHasAll("c", []string{cid}, func(v any) string { allowArg = v; return "" })
	var heldArg any
	if held != nil {
		heldArg = *held
	}
	c.once.Do(func() { c.query = s.buildMarketSQL() })
	return c.query, []any{heldArg, cid, all, allowArg}
}

// buildMarketSQL returns the text of marketSQL: parameter 1 is the held
// generation, 2 the customer, 3 whether to read every listed listing, 4
// the customer as the dialect's allow-list test takes it. Its columns are
// those marketRow receives.
func (s *Store) buildMarketSQL() string {
	p := func(n int) string {
		if s.d.dollar {
			return "$" + strconv.Itoa(n)
		}
		return "?" + strconv.Itoa(n)
	}
	prefix := func(cols, alias string) string {
		_, rest, _ := strings.Cut(cols, ", ") // the key is the third column
		return alias + "." + strings.ReplaceAll(rest, ", ", ", "+alias+".")
	}
	const versionCols = "v.number, v.comment, v.available, v.config_vars, v.published_at"
	width := strings.Count(listingColumns, ",") + strings.Count(integrationColumns, ",") + strings.Count(versionCols, ",") + 1
	var listed []string
	for _, a := range marketplace.Availabilities() {
		if a.Listed() {
			listed = append(listed, "'"+string(a)+"'")
		}
	}
	return "SELECT 0, g.generation, cv.integration_id, cv.field_values, cv.version, cv.updated_at" +
		strings.Repeat(", NULL", width) + " FROM " + generationTable + " g LEFT JOIN " + valuesTable +
		" cv ON g.generation = " + p(1) + " AND cv.customer_id = " + p(2) +
		" UNION ALL SELECT 1, NULL, l.integration_id, cv.field_values, cv.version, cv.updated_at, " +
		prefix(listingColumns, "l") + ", " + prefix(integrationColumns, "i") + ", " + versionCols +
		" FROM " + generationTable + " h CROSS JOIN " + listingTable + " l JOIN " + integrationTable + " i ON i.id = l.integration_id" +
		" LEFT JOIN " + versionTable + " v ON v.integration_id = l.integration_id AND v.number = " +
		"CASE WHEN l.pinned_version > 0 THEN l.pinned_version ELSE (SELECT x.number FROM " + versionTable +
		" x WHERE x.integration_id = l.integration_id AND x.available ORDER BY x.number DESC LIMIT 1) END" +
		" LEFT JOIN " + valuesTable + " cv ON cv.integration_id = l.integration_id AND cv.customer_id = " + p(2) +
		" WHERE coalesce(h.generation <> " + p(1) + ", true)" +
		" AND l.availability IN (" + strings.Join(listed, ", ") + ")" +
		" AND (" + p(3) + " OR (coalesce(i.customer_id, " + p(2) + ") = " + p(2) +
		" AND (l.allowed_customers IS NULL OR " + s.d.jsonHasAll("l.allowed_customers", []string{""}, func(any) string { return p(4) }) + ")))"
}

// nullable receives a column of a NOT NULL type that the other part of
// the view statement fills with NULL: NULL leaves the destination as it
// is, anything else goes to it as database/sql would put it.
type nullable struct{ dest any }

func (n nullable) Scan(src any) error {
	if src == nil {
		return nil
	}
	switch d := n.dest.(type) {
	case sql.Scanner:
		return d.Scan(src)
	case *string:
		switch v := src.(type) {
		case string:
			*d = v
			return nil
		case []byte:
			*d = string(v)
			return nil
		}
	case *bool:
		switch v := src.(type) {
		case bool:
			*d = v
			return nil
		case int64:
			*d = v != 0
			return nil
		}
	}
	return errors.New("sqlstore: a value of type " + reflect.TypeOf(src).String() + " for " + reflect.TypeOf(n.dest).String())
}

// nullables wraps every destination of ds that cannot receive NULL.
func nullables(ds []any) []any {
	for i, d := range ds {
		switch d.(type) {
		case *jsonCol, *sql.NullString, *sql.NullInt64, *sql.NullBool:
		default:
			ds[i] = nullable{d}
		}
	}
	return ds
}

// marketRow receives one row of the view statement: the part (0: the
// generation and the customer's values; 1: a listing), the generation
// (part 0), the integration of the values or the listing, the customer's
// values (field_values, version, updated_at), then the listing's columns
// but integration_id, the integration's but id, and the version's.
type marketRow struct {
	part       int
	generation sql.NullInt64
	id         sql.NullString
	values     jsonCol
	valuesVer  sql.NullInt64
	valuesAt   time.Time
	l          listingRow
	in         integrationRow
	vnum       sql.NullInt64
	vcomm      sql.NullString
	vavl       sql.NullBool
	vars       jsonCol
	vpub       time.Time
}

func (r *marketRow) dest() []any {
	d := []any{intCol{&r.part}, &r.generation, &r.id, &r.values, &r.valuesVer, nullTime{&r.valuesAt}}
	d = append(d, nullables(r.l.dest()[1:])...)
	d = append(d, nullables(r.in.dest()[1:])...)
	return append(d, &r.vnum, &r.vcomm, &r.vavl, &r.vars, nullTime{&r.vpub})
}

// customerValues returns the customer's values of the row, or nil.
func (r *marketRow) customerValues(id, customerID ulid.ULID) (*marketplace.CustomerValues, error) {
	if !r.valuesVer.Valid {
		return nil, nil
	}
	cv := &marketplace.CustomerValues{IntegrationID: id, CustomerID: customerID, Version: r.valuesVer.Int64, UpdatedAt: r.valuesAt}
	d := jsonDecoder{what: "customer values"}
	if d.col(&r.values, &cv.Values); d.err != nil {
		return nil, fmt.Errorf("%w (integration %s, customer %s)", d.err, id, customerID)
	}
	return cv, nil
}

// cachedListing returns the listing of a part 1 row, and an estimate of
// the bytes it holds.
func (s *Store) cachedListing(r *marketRow) (cachedListing, int, error) {
	r.l.id, r.in.id = r.id, r.id
	l, err := r.l.listing()
	if err != nil {
		return cachedListing{}, 0, err
	}
	in, err := r.in.integration()
	if err != nil {
		return cachedListing{}, 0, err
	}
	out := cachedListing{l: l, in: in}
	if r.vnum.Valid {
		out.v = &marketplace.IntegrationVersion{
			IntegrationID: in.ID, Number: int(r.vnum.Int64), Comment: r.vcomm.String, Available: r.vavl.Bool, PublishedAt: r.vpub,
		}
		d := jsonDecoder{what: "version"}
		if out.v.ConfigVars = s.vars.shared(&r.vars, &d); d.err != nil {
			return cachedListing{}, 0, fmt.Errorf("%w (version %d of integration %s)", d.err, r.vnum.Int64, in.ID)
		}
	}
	size := marketRowBytes + len(l.Overview) + len(l.Category) + len(in.Name) + len(in.Description) +
		len(in.Category) + len(in.Icon) + len(r.vcomm.String) +
		r.l.labels.size() + r.l.allowed.size() + r.l.orgValues.size() + r.in.labels.size() + r.vars.size()
	return out, size, nil
}

// size returns the length of the JSON text j holds.
func (j *jsonCol) size() int {
	switch {
	case !j.valid:
		return 0
	case j.bytes:
		return len(j.b)
	}
	return len(j.s)
}

// SharedListingsForCustomer reads the customer's marketplace with ONE
// statement (marketSQL): the marketplace generation and the customer's
// values while the Store's copy of the listed marketplace is current; the
// listings, with their integrations, presented versions and the customer's
// values, otherwise, which then replace the copy. The bundles point to the
// copy's records. See marketplace.SharedListingsReader.
func (s *Store) SharedListingsForCustomer(ctx context.Context, customerID ulid.ULID) ([]*marketplace.ListingBundle, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	c := s.market
	snap := c.snap.Load()
	c.mu.Lock()
	all := !c.tooLargeSet
	c.mu.Unlock()
	var held *int64
	if snap != nil {
		held = &snap.generation
	}
	query, args := s.marketSQL(customerID, held, all)
	rows, err := s.prepared().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, s.translate(ctx, "listings for customer", "listing", err, nil)
	}
	defer rows.Close()
	var (
		r          marketRow
		generation sql.NullInt64
		values     []*marketplace.CustomerValues // part 0, by integration ID
		read       []cachedListing               // part 1
		readValues []*marketplace.CustomerValues // part 1, each listing's
		size       int
	)
	dest := r.dest()
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, s.translate(ctx, "listings for customer", "listing", err, nil)
		}
		id, err := parseID("listing", "integration_id", r.id)
		if err != nil {
			return nil, err
		}
		cv, err := r.customerValues(id, customerID)
		if err != nil {
			return nil, err
		}
		if r.part == 0 {
			generation = r.generation
			if cv != nil {
				values = append(values, cv)
			}
			continue
		}
		cl, n, err := s.cachedListing(&r)
		if err != nil {
			return nil, err
		}
		read, readValues, size = append(read, cl), append(readValues, cv), size+n
	}
	if err := rows.Err(); err != nil {
		return nil, s.translate(ctx, "listings for customer", "listing", err, nil)
	}
	if !generation.Valid {
		return nil, errors.New("sqlstore: listings for customer: no marketplace generation (migration 0008 missing?)")
	}
	if snap != nil && generation.Int64 == snap.generation {
		return customerBundles(snap.listings, nil, values, customerID), nil
	}
	// The rows read: every listed listing (all) or the customer's, in any
	// order the database chose.
	if !slices.IsSortedFunc(read, func(a, b cachedListing) int { return a.l.IntegrationID.Compare(b.l.IntegrationID) }) {
		idx := make([]int, len(read))
		for i := range idx {
			idx[i] = i
		}
		slices.SortFunc(idx, func(a, b int) int { return read[a].l.IntegrationID.Compare(read[b].l.IntegrationID) })
		sorted, sortedValues := make([]cachedListing, len(read)), make([]*marketplace.CustomerValues, len(read))
		for i, k := range idx {
			sorted[i], sortedValues[i] = read[k], readValues[k]
		}
		read, readValues = sorted, sortedValues
	}
	c.mu.Lock()
	switch {
	case !all:
		if generation.Int64 != c.tooLarge {
			c.tooLargeSet = false // the marketplace changed: try to keep it again
		}
	case size > c.limit():
		c.tooLarge, c.tooLargeSet = generation.Int64, true
		c.snap.Store(nil)
	default:
		c.snap.Store(&marketSnapshot{generation: generation.Int64, listings: read})
	}
	c.mu.Unlock()
	return customerBundles(read, readValues, nil, customerID), nil
}

// customerBundles returns the listings of ls customerID sees, with its
// values: values[i] is the listing ls[i]'s when values is set, else
// byID (ordered by integration ID) holds them.
func customerBundles(ls []cachedListing, values, byID []*marketplace.CustomerValues, customerID ulid.ULID) []*marketplace.ListingBundle {
	bundles := make([]marketplace.ListingBundle, 0, len(ls))
	if !slices.IsSortedFunc(byID, func(a, b *marketplace.CustomerValues) int { return a.IntegrationID.Compare(b.IntegrationID) }) {
		slices.SortFunc(byID, func(a, b *marketplace.CustomerValues) int { return a.IntegrationID.Compare(b.IntegrationID) })
	}
	for i, cl := range ls {
		if !cl.l.VisibleTo(cl.in, customerID) {
			continue
		}
		b := marketplace.ListingBundle{Listing: cl.l, Integration: cl.in, Version: cl.v}
		if values != nil {
			b.CustomerValues = values[i]
		} else {
			for len(byID) > 0 && byID[0].IntegrationID.Compare(cl.l.IntegrationID) < 0 {
				byID = byID[1:]
			}
			if len(byID) > 0 && byID[0].IntegrationID == cl.l.IntegrationID {
				b.CustomerValues = byID[0]
			}
		}
		bundles = append(bundles, b)
	}
	out := make([]*marketplace.ListingBundle, len(bundles))
	for i := range bundles {
		out[i] = &bundles[i]
	}
	return out
}
