package storagetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/customerkit/customerkit"
	"github.com/customerkit/customerkit/customer"
)

// Run runs the whole conformance suite against the stores newStore
// returns, one section per entity. newStore is called once per subtest and
// must return an empty store that lives until the test ends (register its
// cleanup with t.Cleanup).
func Run(t *testing.T, newStore func(t *testing.T) customer.Store) {
	t.Run("Customers", func(t *testing.T) { RunCustomers(t, newStore) })
	t.Run("Marketplace", func(t *testing.T) { RunMarketplace(t, marketplaceStores(newStore)) })
	t.Run("Credentials", func(t *testing.T) { RunCredentials(t, credentialStores(newStore)) })
	t.Run("Instances", func(t *testing.T) { RunInstances(t, instanceStores(newStore)) })
	t.Run("Attachments", func(t *testing.T) { RunAttachments(t, attachmentStores(newStore)) })
	t.Run("Users", func(t *testing.T) { RunUsers(t, userStores(newStore)) })
	t.Run("ConfigVars", func(t *testing.T) { RunConfigVars(t, configVarStores(newStore)) })
	t.Run("Cascade", func(t *testing.T) { RunCascade(t, cascadeStores(newStore)) })
}

// RunCustomers runs the section of the suite that checks customer.Store.
func RunCustomers(t *testing.T, newStore func(t *testing.T) customer.Store) {
	tests := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) customer.Store)
	}{
		{"CreateAndGet", testCreateAndGet},
		{"NotFound", testNotFound},
		{"UniqueOnCreate", testUniqueOnCreate},
		{"UniqueEmailIgnoresCase", testUniqueEmailIgnoresCase},
		{"UniqueOnUpdate", testUniqueOnUpdate},
		{"ConcurrentCreateRace", testConcurrentCreateRace},
		{"ConcurrentCreateDistinct", testConcurrentCreateDistinct},
		{"ConcurrentUpdateRace", testConcurrentUpdateRace},
		{"ConcurrentParentRace", testConcurrentParentRace},
		{"ParentCycle", testParentCycle},
		{"ConcurrentParentCycle", testConcurrentParentCycle},
		{"Update", testUpdate},
		{"UpdaterError", testUpdaterError},
		{"UpdateMustKeepULID", testUpdateMustKeepULID},
		{"ConcurrentUpdate", testConcurrentUpdate},
		{"Delete", testDelete},
		{"Parent", testParent},
		{"ContextCanceled", testContextCanceled},
		{"Isolation", testIsolation},
		{"RoundTrip", testRoundTrip},
		{"ListFilters", testListFilters},
		{"ListPaging", testListPaging},
		{"ListStableWhileWriting", testListStable},
		{"ListInvalidCursor", testListInvalidCursor},
		{"ListLiteralSearch", testListLiteralSearch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { tt.run(t, newStore) })
	}
}

// uniqueField describes one uniqueness rule of customer.Store.
type uniqueField struct {
	field string      // the Field of the *customerkit.AlreadyExistsError
	by    customer.By // the lookup of the same field
	// take gives dst the value src holds in the field.
	take func(dst, src *customer.Customer)
}

var uniqueFields = []uniqueField{
	{"ulid", customer.ByULID, func(d, s *customer.Customer) { d.ULID = s.ULID }},
	{"uuid", customer.ByUUID, func(d, s *customer.Customer) { d.UUID = s.UUID }},
	{"email", customer.ByEmail, func(d, s *customer.Customer) { d.Email = s.Email }},
	{"customer_key", customer.ByKey, func(d, s *customer.Customer) { d.Key = s.Key }},
	{"subdomain", customer.BySubdomain, func(d, s *customer.Customer) { d.Subdomain = s.Subdomain }},
	{"hostname", customer.ByHostname, func(d, s *customer.Customer) { d.Hostname = s.Hostname }},
	{"external_id", customer.ByExternalID, func(d, s *customer.Customer) { d.ExternalID = s.ExternalID }},
}

// lookupValue returns the value GetCustomer takes to find c by the field by.
func lookupValue(c *customer.Customer, by customer.By) string {
	switch by {
	case customer.ByULID:
		return c.ULID.String()
	case customer.ByUUID:
		return c.UUID.String()
	case customer.ByEmail:
		return customer.EmailKey(c.Email)
	case customer.ByExternalID:
		return c.ExternalID
	case customer.ByKey:
		return c.Key
	case customer.BySubdomain:
		return c.Subdomain
	case customer.ByHostname:
		return c.Hostname
	}
	panic("storagetest: unknown lookup " + string(by))
}

// create stores every customer, failing the test on an error.
func create(t testing.TB, s customer.Store, cs ...*customer.Customer) {
	t.Helper()
	for _, c := range cs {
		require.NoError(t, s.CreateCustomer(t.Context(), c), "create %s", c.Email)
	}
}

// get returns the customer stored under id, failing the test when there is none.
func get(t testing.TB, s customer.Store, c *customer.Customer) *customer.Customer {
	t.Helper()
	got, err := s.GetCustomer(t.Context(), customer.ByULID, c.ULID.String())
	require.NoError(t, err, "get %s", c.ULID)
	return got
}

// requireNotFound asserts that err matches customerkit.ErrNotFound.
func requireNotFound(t testing.TB, err error, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrNotFound, msgAndArgs...)
}

// requireAlreadyExists asserts that err is a *customerkit.AlreadyExistsError
// of the customer field field, matching customerkit.ErrAlreadyExists.
func requireAlreadyExists(t testing.TB, err error, field string, msgAndArgs ...any) {
	t.Helper()
	require.ErrorIs(t, err, customerkit.ErrAlreadyExists, msgAndArgs...)
	var ae *customerkit.AlreadyExistsError
	require.True(t, errors.As(err, &ae), "error %v is not an *AlreadyExistsError", err)
	require.Equal(t, "customer", ae.Resource, msgAndArgs...)
	require.Equal(t, field, ae.Field, msgAndArgs...)
}

// requireCustomer asserts that got holds what want holds: the same times
// (as instants, in UTC) and every other field equal, an empty slice or map
// counting as equal to a nil one.
func requireCustomer(t testing.TB, want, got *customer.Customer, msgAndArgs ...any) {
	t.Helper()
	require.NotNil(t, got, msgAndArgs...)
	for _, tm := range []struct {
		name      string
		want, got time.Time
	}{{"CreatedAt", want.CreatedAt, got.CreatedAt}, {"UpdatedAt", want.UpdatedAt, got.UpdatedAt}} {
		require.Truef(t, tm.want.Equal(tm.got), "%s: want %s, got %s", tm.name, tm.want.Format(time.RFC3339Nano), tm.got.Format(time.RFC3339Nano))
		require.Equalf(t, time.UTC, tm.got.Location(), "%s is not in UTC", tm.name)
	}
	w, g := forCompare(want), forCompare(got)
	require.Equal(t, w, g, msgAndArgs...)
}

// forCompare returns a copy of c with its times cleared and empty slices
// and maps made nil.
func forCompare(c *customer.Customer) *customer.Customer {
	d := c.Clone()
	d.CreatedAt, d.UpdatedAt = time.Time{}, time.Time{}
	if len(d.Labels) == 0 {
		d.Labels = nil
	}
	if len(d.AllowedOrigins) == 0 {
		d.AllowedOrigins = nil
	}
	if len(d.AllowedRegistrationDomains) == 0 {
		d.AllowedRegistrationDomains = nil
	}
	if len(d.Settings) == 0 {
		d.Settings = nil
	}
	if len(d.Metadata) == 0 {
		d.Metadata = nil
	}
	if len(d.Addresses) == 0 {
		d.Addresses = nil
	}
	if len(d.Telephones) == 0 {
		d.Telephones = nil
	}
	if len(d.LegalDocuments) == 0 {
		d.LegalDocuments = nil
	}
	return d
}

// ids returns the ULIDs of cs, in order, as strings (for readable diffs).
func ids(cs []*customer.Customer) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.ULID.String()
	}
	return out
}

// normalize returns q normalised, failing the test on an error.
func normalize(t testing.TB, q customer.Query) *customer.Query {
	t.Helper()
	n, err := q.Normalize()
	require.NoError(t, err)
	return n
}

// expected returns the customers of all that q matches, in q's order.
func expected(q *customer.Query, all []*customer.Customer) []*customer.Customer {
	var out []*customer.Customer
	for _, c := range all {
		if q.Match(c) {
			out = append(out, c)
		}
	}
	slices.SortFunc(out, q.Compare)
	return out
}
